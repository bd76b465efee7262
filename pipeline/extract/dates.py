"""dates extractor (placeholder until its module is written)."""
from __future__ import annotations

NAME = "dates"
RULE_FILES: tuple[str, ...] = ()


def extract(ctx, found) -> list:
    return []
