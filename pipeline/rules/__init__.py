"""The rule data files beside this module, and the one reader for them.

Files are UTF-8, tab-separated; blank lines and lines starting with '#' (notes, sources)
are skipped. See README.md here for each file's columns and source.
"""
from __future__ import annotations

from pathlib import Path

RULES_DIR = Path(__file__).resolve().parent


def rule_rows(name: str) -> list[list[str]]:
    """Every data line of ``name`` as its tab-separated cells, stripped."""
    rows = []
    for line in (RULES_DIR / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            rows.append([cell.strip() for cell in line.split("\t")])
    return rows


def rule_column(name: str, column: int = 0) -> list[str]:
    """One column of ``name``, rows where it is empty skipped."""
    return [r[column] for r in rule_rows(name) if len(r) > column and r[column]]


def rule_records(name: str) -> list[dict[str, str]]:
    """Rows of ``name`` as dicts keyed by its first data line (the header)."""
    header, *rows = rule_rows(name)
    return [dict(zip(header, r + [""] * (len(header) - len(r)))) for r in rows]
