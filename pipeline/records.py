"""Records passed from stage to stage.

Every mention record carries ``start``/``end`` into the *original* extracted text of its
document (``documents.text``) and the exact ``text`` it covers, so that
``document.text[start:end] == mention.text`` holds for every row of every table.
Extractors find things in the normalized text and map spans back with
``NormalizedText.to_original`` (see ``pipeline.normalize``).
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class SourceDocument:
    """One document as ingested: the extracted text before any normalization."""

    doc_id: str
    path: str
    source_id: str | None
    format: str
    encoding: str | None
    sha256: str
    text: str
    title: str | None = None
    status: str = "ok"  # 'ok' or 'error'
    error: str | None = None
    metadata: dict = field(default_factory=dict, hash=False, compare=False)


@dataclass(frozen=True)
class Sentence:
    sent_id: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Token:
    sent_id: int
    i: int
    start: int
    end: int
    surface: str
    lemma: str
    pos: str
    reading: str


@dataclass(frozen=True)
class Entity:
    start: int
    end: int
    text: str
    label: str  # coarse: PERSON ORG LOC FACILITY PRODUCT EVENT TITLE DATE MONEY PERCENT QUANTITY
    fine_label: str | None
    source: str  # 'ginza', 'officials', 'products', ...


@dataclass(frozen=True)
class Official:
    person_id: str
    name: str
    title: str
    organization: str  # as written (the deepest unit joined to its parent)
    start: int
    end: int
    text: str
    body: str = ""  # the municipality or public body the official belongs to


@dataclass(frozen=True)
class Product:
    product: str
    vendor: str | None
    category: str | None
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class DateMention:
    value: str  # ISO 8601 at the precision written, or FY2020
    start_date: str | None  # YYYY-MM-DD
    end_date: str | None
    granularity: str  # year, month, day, minute, fiscal_year, fiscal_half, quarter, ...
    era: str | None
    qualifier: str | None
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Figure:
    value: float
    value_max: float | None
    unit: str
    unit_category: str | None
    qualifier: str | None
    subject: str | None
    start: int
    end: int
    text: str
