"""What each table and column means, in Japanese and English (``descriptions.tsv``).

One file says it once; the workbook's first sheet and the Datasette metadata read it.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True)
class Description:
    ja: str
    en: str
    columns: dict[str, tuple[str, str]] = field(default_factory=dict)  # column -> (ja, en)


@lru_cache(maxsize=1)
def descriptions() -> dict[str, Description]:
    text = resources.files("pipeline").joinpath("descriptions.tsv").read_text(encoding="utf-8")
    rows = csv.DictReader((line for line in text.splitlines() if not line.startswith("#")), delimiter="\t")
    out: dict[str, Description] = {}
    for r in rows:
        table, column = r["table"], r["column"]
        if not column:
            out[table] = Description(r["ja"], r["en"], out[table].columns if table in out else {})
        else:
            out.setdefault(table, Description("", "")).columns[column] = (r["ja"], r["en"])
    return out


def column_text(table: str, column: str) -> str:
    """``ja: en`` for one column ('' if undescribed)."""
    ja, en = descriptions().get(table, Description("", "")).columns.get(column, ("", ""))
    return f"{ja}: {en}" if ja and en else ja or en


__all__ = ["Description", "descriptions", "column_text"]
