"""One document through the flow: normalize → analyze → extract → table rows.

``process_documents`` (many at once: one batched GiNZA pass) and ``process_document`` are
plain functions of ``SourceDocument``s; the runner calls them in this process or in worker
processes, the Dask path (``pipeline.distributed``) per batch. Spans are mapped from normalized to original text
here, once, for sentences and tokens; extractors map their own mentions via ``ctx.span``.
"""
from __future__ import annotations

import json
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from pipeline.analyze import Analysis, analyze_many
from pipeline.extractors import DocContext, dates, run_all
from pipeline.extractors.document_title import document_title
from pipeline.extractors.officials import document_body
from pipeline.normalize import normalize
from pipeline.records import SourceDocument
from pipeline.schema import MENTION_TABLES, TABLES, columns
from pipeline.timings import phase


@dataclass(frozen=True)
class Extraction:
    """Everything found in one text, in original coordinates."""

    ctx: DocContext
    sentences: list[tuple[int, int, str]]
    tokens: list[dict]
    found: dict[str, list]


class DocumentResult(NamedTuple):
    """One processed document: its source (status 'error' when processing failed) and its
    rows for every table, keyed by table name."""

    source: SourceDocument
    rows: dict[str, list[dict]]


def extract_text(doc_id: str, text: str, with_parse: bool = True) -> Extraction:
    return extract_texts([(doc_id, text)], with_parse)[0]


def extract_texts(items: list[tuple[str, str]], with_parse: bool = True) -> list[Extraction]:
    """``extract_text`` for many (doc_id, text) pairs, the models run once over all of them."""
    with phase("normalize"):
        norms = [normalize(text) for _, text in items]
    analyses = analyze_many([n.text for n in norms], with_parse=with_parse)
    return [_extraction(doc_id, norm, analysis) for (doc_id, _), norm, analysis in zip(items, norms, analyses)]


def _extraction(doc_id: str, norm, analysis: Analysis) -> Extraction:
    with phase("extract"):
        ctx = DocContext(doc_id, norm, analysis, dates.document_date(norm.text))
        found = run_all(ctx)
    with phase("rows"):
        sentences = [ctx.span(s, e) for s, e in analysis.sentences]
        return Extraction(ctx, sentences, _token_rows(ctx, analysis), found)


def _token_rows(ctx: DocContext, analysis: Analysis) -> list[dict]:
    rows = []
    i_in_sentence = 0
    last_sent = -1
    for t in analysis.tokens:
        if t.sent != last_sent:
            i_in_sentence, last_sent = 0, t.sent
        start, end, text = ctx.span(t.start, t.end)
        rows.append({"sent_id": t.sent, "i": i_in_sentence, "start": start, "end": end, "surface": text,
                     "lemma": t.lemma, "pos": t.pos, "reading": t.reading})
        i_in_sentence += 1
    return rows


def document_rows(src: SourceDocument, extraction: Extraction | None) -> dict[str, list[dict]]:
    """Rows (dicts with every column) for every table, keyed by table name."""
    doc = {
        "doc_id": src.doc_id, "path": src.path, "source_id": src.source_id, "format": src.format,
        "encoding": src.encoding, "sha256": src.sha256, "n_chars": len(src.text),
        "title": document_title(src.text, src.title) if src.text else src.title,
        "body": document_body(extraction.ctx.text) if extraction else None,
        "doc_date": extraction.ctx.doc_date if extraction else None, "text": src.text, "status": src.status,
        "error": src.error, "metadata": json.dumps(src.metadata, ensure_ascii=False) if src.metadata else None,
    }
    rows = {"documents": [doc]}
    if extraction is None:
        return rows
    sent_starts = [s for s, _, _ in extraction.sentences]
    rows["sentences"] = _with_doc_id(src.doc_id, [
        {"sent_id": i, "start": s, "end": e, "text": t} for i, (s, e, t) in enumerate(extraction.sentences)])
    rows["tokens"] = _with_doc_id(src.doc_id, extraction.tokens)
    for name in MENTION_TABLES:
        records = extraction.found.get(name, [])
        dicts = []
        for r in records:
            d = asdict(r)
            d["sent_id"] = max(0, bisect_right(sent_starts, r.start) - 1)
            dicts.append(d)
        rows[name] = _with_doc_id(src.doc_id, dicts)
    return rows


def _with_doc_id(doc_id: str, dicts: list[dict]) -> list[dict]:
    for d in dicts:
        d["doc_id"] = doc_id
    return dicts


def process_documents(sources: Iterable[SourceDocument | Path | str]) -> list[DocumentResult]:
    """Rows for many documents (sources, or paths to read), the models run once over the
    batch. A failure inside the NLP becomes an error row for its document, not a crash."""
    srcs = [doc for s in sources for doc in _sources(s)]
    ok = [i for i, s in enumerate(srcs) if s.status == "ok"]
    try:
        extractions = dict(zip(ok, extract_texts([(srcs[i].doc_id, srcs[i].text) for i in ok])))
    except Exception:  # one bad document must not fail the batch: retry them one by one
        extractions = None
    with phase("rows"):
        return [_result(src, extractions and extractions.get(i)) for i, src in enumerate(srcs)]


def process_document(src: SourceDocument) -> DocumentResult:
    """Rows for one document (``process_documents`` of one)."""
    return process_documents([src])[0]


def _sources(item: SourceDocument | Path | str) -> Iterable[SourceDocument]:
    if isinstance(item, SourceDocument):
        return [item]
    from pipeline.ingest import read_documents

    return read_documents(Path(item))


def _result(src: SourceDocument, extraction: Extraction | None) -> DocumentResult:
    if src.status != "ok":
        return DocumentResult(src, document_rows(src, None))
    try:
        extraction = extraction or extract_text(src.doc_id, src.text)
    except Exception as exc:  # keep the batch going; the message names the document
        failed = replace(src, status="error", error=f"{src.path}: processing failed: {type(exc).__name__}: {exc}")
        return DocumentResult(failed, document_rows(failed, None))
    return DocumentResult(src, document_rows(src, extraction))


def extract_tables(text: str, doc_id: str = "text") -> dict[str, pd.DataFrame]:
    """Every table for one text, as DataFrames (the notebook API ``pipeline.extract``)."""
    from pipeline.ingest import sha256

    src = SourceDocument(doc_id=doc_id, path="<text>", source_id=None, format="text", encoding=None,
                         sha256=sha256(text.encode("utf-8")), text=text)
    _, rows = process_document(src)
    return {name: _none_for_missing_text(pd.DataFrame(rows.get(name, []), columns=columns(name))) for name in TABLES}


def _none_for_missing_text(frame: pd.DataFrame) -> pd.DataFrame:
    """A text column (qualifier, subject, era …) says None where nothing was written, never NaN."""
    for col in frame.columns:
        if not pd.api.types.is_numeric_dtype(frame[col]) and not pd.api.types.is_bool_dtype(frame[col]):
            values = frame[col].astype(object)
            frame[col] = values.where(values.notna(), None)
    return frame
