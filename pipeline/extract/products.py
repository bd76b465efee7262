"""products extractor (placeholder until its module is written)."""
from __future__ import annotations

NAME = "products"
RULE_FILES: tuple[str, ...] = ()


def extract(ctx, found) -> list:
    return []
