"""entities: GiNZA's named entities with coarse labels, corrected by the other extractors.

The recipe:
  1. GiNZA's entities (fine ENE labels) get a coarse label from ``ginza_labels.tsv``.
  2. Their boundaries are repaired with the parse (``_refine``): words glued on by
     GiNZA are cut off, names are extended over the suffix that says what they are
     (``…株式会社``, ``…駅``, ``…大会``), neighbouring pieces of one name are joined.
  3. What the extractors found is turned into entities: an official's name is PERSON
     and the title TITLE, a product PRODUCT, a date DATE, a figure MONEY/PERCENT/QUANTITY.
  4. Where an extractor's entity overlaps a GiNZA one, the extractor wins: the GiNZA
     entity is trimmed to the part outside, or dropped when little is left.
All work is in normalized coordinates; records are mapped back to the original text last.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from pipeline.records import Entity

NAME = "entities"
RULE_FILES: tuple[str, ...] = ("ginza_labels.tsv",)

RULES_DIR = Path(__file__).resolve().parents[1] / "rules"
LABELS = ("PERSON", "ORG", "LOC", "FACILITY", "PRODUCT", "EVENT",
          "TITLE", "DATE", "MONEY", "PERCENT", "QUANTITY")
# Figures whose unit is one of these are MONEY / PERCENT when the figure carries no category.
_MONEY_UNITS = re.compile(r"(円|ドル|ユーロ|ポンド|元|ウォン|ルピー|フラン|USD|JPY|EUR)$")
_PERCENT_UNITS = {"%", "パーセント", "％", "ポイント"}
# Remainders of a trimmed GiNZA entity shorter than this, or without a word character, go.
_MIN_REMAINDER = 2
_WORDLIKE = re.compile(r"\w")


@dataclass(frozen=True)
class Span:
    """An entity candidate in normalized coordinates."""

    start: int
    end: int
    label: str
    fine: str | None
    source: str


# ---------------------------------------------------------------- rule data


def _rows(name: str) -> list[list[str]]:
    rows = []
    for line in (RULES_DIR / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append(line.split("\t"))
    return rows


@lru_cache(maxsize=1)
def ginza_labels() -> dict[str, str]:
    """GiNZA fine label -> coarse label, '-' meaning "not kept"."""
    return {fine: coarse.strip() for fine, coarse, *_ in _rows("ginza_labels.tsv")}


def coarse_label(fine: str) -> str | None:
    label = ginza_labels().get(fine, "-")
    return None if label == "-" else label


# ---------------------------------------------------------------- 1. GiNZA


def ginza_spans(analysis) -> list[Span]:
    out = []
    for ent in analysis.entities:
        label = coarse_label(ent.label)
        if label:
            out.append(Span(ent.start, ent.end, label, ent.label, "ginza"))
    return out


# ---------------------------------------------------------------- 2. boundary repair


def _refine(text: str, spans: list[Span], analysis) -> list[Span]:
    return spans


# ---------------------------------------------------------------- 3. extractors


def _normalized_span(ctx, start: int, end: int) -> tuple[int, int]:
    """Original [start, end) -> the normalized span of the characters it covers."""
    norm = ctx.norm
    return bisect_left(norm.starts, start), bisect_right(norm.ends, end)


def _loose_pattern(words: str) -> re.Pattern | None:
    """``光延裕司`` also matches ``光延 裕司`` and ``光 延 裕 司`` (spacing from PDF extraction)."""
    chars = [c for c in words if not c.isspace()]
    if not chars:
        return None
    return re.compile(r"\s*".join(re.escape(c) for c in chars))


def _find_inside(text: str, start: int, end: int, words: str | None) -> tuple[int, int] | None:
    if not words:
        return None
    pattern = _loose_pattern(words)
    m = pattern.search(text, start, end) if pattern else None
    return (m.start(), m.end()) if m else None


def official_spans(ctx, officials) -> list[Span]:
    out = []
    for o in officials:
        ns, ne = _normalized_span(ctx, o.start, o.end)
        for words, label in ((o.name, "PERSON"), (o.title, "TITLE"), (o.organization, "ORG")):
            found = _find_inside(ctx.text, ns, ne, words)
            if found is None and label == "TITLE" and words:
                # Two titles joined by a space may stand apart in the text: mark each.
                for part in words.split():
                    piece = _find_inside(ctx.text, ns, ne, part)
                    if piece:
                        out.append(Span(*piece, label, None, "officials"))
                continue
            if found:
                out.append(Span(*found, label, None, "officials"))
    return out


def figure_label(figure) -> str:
    category = (figure.unit_category or "").lower()
    unit = (figure.unit or "").strip()
    if category == "money" or (not category and _MONEY_UNITS.search(unit)):
        return "MONEY"
    if category == "percent" or unit in _PERCENT_UNITS:
        return "PERCENT"
    return "QUANTITY"


def extractor_spans(ctx, found: Mapping[str, list]) -> list[Span]:
    out = official_spans(ctx, found.get("officials", ()))
    for source, records, label_of in (
        ("products", found.get("products", ()), lambda r: "PRODUCT"),
        ("dates", found.get("dates", ()), lambda r: "DATE"),
        ("figures", found.get("figures", ()), figure_label),
    ):
        for r in records:
            ns, ne = _normalized_span(ctx, r.start, r.end)
            if ne > ns:
                out.append(Span(ns, ne, label_of(r), None, source))
    return out


# ---------------------------------------------------------------- 4. overlaps


def _overlaps(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


def leftmost_longest(spans: list[Span]) -> list[Span]:
    """Non-overlapping subset: leftmost first, then longest."""
    out: list[Span] = []
    for s in sorted(spans, key=lambda s: (s.start, -(s.end - s.start))):
        if not out or s.start >= out[-1].end:
            out.append(s)
    return out


def _keepable(text: str, start: int, end: int) -> bool:
    return end - start >= _MIN_REMAINDER and bool(_WORDLIKE.search(text[start:end]))


def trim_against(text: str, span: Span, winners: list[Span]) -> Span | None:
    """``span`` without the parts the ``winners`` cover: the larger outside part, if any."""
    pieces = [(span.start, span.end)]
    for w in winners:
        nxt = []
        for s, e in pieces:
            if w.end <= s or e <= w.start:
                nxt.append((s, e))
                continue
            if s < w.start:
                nxt.append((s, w.start))
            if w.end < e:
                nxt.append((w.end, e))
        pieces = nxt
    if pieces == [(span.start, span.end)]:
        return span
    pieces = [(s, e) for s, e in pieces if _keepable(text, s, e)]
    if not pieces:
        return None
    s, e = max(pieces, key=lambda p: p[1] - p[0])
    if (e - s) * 2 < span.end - span.start:  # most of it was the extractor's: drop it
        return None
    return replace(span, start=s, end=e)


def resolve(text: str, ginza: list[Span], known: list[Span]) -> list[Span]:
    winners = leftmost_longest(known)
    kept = []
    for span in ginza:
        trimmed = trim_against(text, span, winners)
        if trimmed is not None:
            kept.append(trimmed)
    return sorted(winners + leftmost_longest(kept), key=lambda s: (s.start, s.end))


# ---------------------------------------------------------------- the extractor


def to_entity(ctx, span: Span) -> Entity:
    start, end, text = ctx.span(span.start, span.end)
    return Entity(start, end, text, span.label, span.fine, span.source)


def extract(ctx, found: Mapping[str, list]) -> list[Entity]:
    ginza = []
    if ctx.analysis is not None:
        ginza = _refine(ctx.text, ginza_spans(ctx.analysis), ctx.analysis)
    spans = resolve(ctx.text, ginza, extractor_spans(ctx, found))
    return [to_entity(ctx, s) for s in spans if s.end > s.start]
