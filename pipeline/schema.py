"""The tables of the contract (``../shared/CONTRACT.md``), with their column types.

One place says which tables exist and which columns they have; the store creates them
from here, the exporters and views read from here.
"""
from __future__ import annotations

TABLES: dict[str, list[tuple[str, str]]] = {
    "documents": [
        ("doc_id", "VARCHAR"), ("path", "VARCHAR"), ("source_id", "VARCHAR"), ("format", "VARCHAR"),
        ("encoding", "VARCHAR"), ("sha256", "VARCHAR"), ("n_chars", "BIGINT"), ("title", "VARCHAR"),
        ("doc_date", "VARCHAR"), ("text", "VARCHAR"), ("status", "VARCHAR"), ("error", "VARCHAR"),
        ("metadata", "VARCHAR"), ("body", "VARCHAR"),
    ],
    "sentences": [
        ("doc_id", "VARCHAR"), ("sent_id", "INTEGER"), ("start", "INTEGER"), ("end", "INTEGER"),
        ("text", "VARCHAR"),
    ],
    "tokens": [
        ("doc_id", "VARCHAR"), ("sent_id", "INTEGER"), ("i", "INTEGER"), ("start", "INTEGER"),
        ("end", "INTEGER"), ("surface", "VARCHAR"), ("lemma", "VARCHAR"), ("pos", "VARCHAR"),
        ("reading", "VARCHAR"),
    ],
    "entities": [
        ("doc_id", "VARCHAR"), ("start", "INTEGER"), ("end", "INTEGER"), ("text", "VARCHAR"),
        ("label", "VARCHAR"), ("fine_label", "VARCHAR"), ("source", "VARCHAR"), ("sent_id", "INTEGER"),
    ],
    "officials": [
        ("doc_id", "VARCHAR"), ("person_id", "VARCHAR"), ("name", "VARCHAR"), ("title", "VARCHAR"),
        ("organization", "VARCHAR"), ("body", "VARCHAR"), ("start", "INTEGER"), ("end", "INTEGER"),
        ("text", "VARCHAR"), ("sent_id", "INTEGER"),
    ],
    "products": [
        ("doc_id", "VARCHAR"), ("product", "VARCHAR"), ("vendor", "VARCHAR"), ("category", "VARCHAR"),
        ("start", "INTEGER"), ("end", "INTEGER"), ("text", "VARCHAR"), ("sent_id", "INTEGER"),
    ],
    "dates": [
        ("doc_id", "VARCHAR"), ("value", "VARCHAR"), ("start_date", "VARCHAR"), ("end_date", "VARCHAR"),
        ("granularity", "VARCHAR"), ("era", "VARCHAR"), ("qualifier", "VARCHAR"), ("start", "INTEGER"),
        ("end", "INTEGER"), ("text", "VARCHAR"), ("sent_id", "INTEGER"),
    ],
    "figures": [
        ("doc_id", "VARCHAR"), ("value", "DOUBLE"), ("value_max", "DOUBLE"), ("unit", "VARCHAR"),
        ("unit_category", "VARCHAR"), ("qualifier", "VARCHAR"), ("subject", "VARCHAR"), ("start", "INTEGER"),
        ("end", "INTEGER"), ("text", "VARCHAR"), ("sent_id", "INTEGER"),
    ],
}

# Bookkeeping for incremental re-runs: one row per stored document.
MANIFEST: list[tuple[str, str]] = [
    ("doc_id", "VARCHAR"), ("path", "VARCHAR"), ("source_id", "VARCHAR"), ("sha256", "VARCHAR"),
    ("pipeline_version", "VARCHAR"), ("rules_version", "VARCHAR"), ("status", "VARCHAR"),
    ("processed_at", "TIMESTAMP"),
]

MENTION_TABLES = ("entities", "officials", "products", "dates", "figures")


def columns(table: str) -> list[str]:
    return [name for name, _ in TABLES[table]]
