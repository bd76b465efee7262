"""Extractors: one small module per kind, registered here in the order they run.

Each extractor module exposes

    NAME: str                          # the table it fills
    RULE_FILES: tuple[str, ...]        # files in pipeline/rules/ it reads (for versioning)
    def extract(ctx: DocContext, found: Mapping[str, list]) -> list[record]

``found`` holds what the extractors before it produced for the same document (figures
uses dates and products to avoid numbers inside them; entities uses everything).
Extractors search ``ctx.text`` (normalized) and build records whose ``start``/``end``/
``text`` point into the original text via ``ctx.span``.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import ModuleType

from pipeline.analyze import Analysis
from pipeline.normalize import NormalizedText


@dataclass(frozen=True)
class DocContext:
    doc_id: str
    norm: NormalizedText
    analysis: Analysis | None = None  # None when no models are loaded (unit tests, fast paths)
    doc_date: str | None = None  # ISO date of the document itself, when detected

    @property
    def text(self) -> str:
        return self.norm.text

    def span(self, start: int, end: int) -> tuple[int, int, str]:
        """Normalized [start, end) -> original (start, end, text)."""
        s, e = self.norm.to_original(start, end)
        return s, e, self.norm.original[s:e]


def _modules() -> list[ModuleType]:
    from pipeline.extractors import dates, entities, figures, officials, products

    return [dates, products, officials, figures, entities]


def registered() -> list[ModuleType]:
    """Extractor modules in run order."""
    return _modules()


def run_all(ctx: DocContext) -> dict[str, list]:
    found: dict[str, list] = {}
    for module in registered():
        found[module.NAME] = module.extract(ctx, found)
    return found


__all__ = ["DocContext", "registered", "run_all"]
