"""One document through the flow: normalize → analyze → extract → table rows.

``process_document`` is a plain function of a ``SourceDocument``; the runner calls it in
this process or in worker processes. Spans are mapped from normalized to original text
here, once, for sentences and tokens; extractors map their own mentions via ``ctx.span``.
"""
from __future__ import annotations

import json
from bisect import bisect_right
from dataclasses import asdict, dataclass

import pandas as pd

from pipeline.analyze import Analysis, analyze
from pipeline.extractors import DocContext, dates, run_all
from pipeline.extractors.document_title import document_title
from pipeline.extractors.officials import document_body
from pipeline.normalize import normalize
from pipeline.records import SourceDocument
from pipeline.schema import MENTION_TABLES, TABLES, columns


@dataclass(frozen=True)
class Extraction:
    """Everything found in one text, in original coordinates."""

    ctx: DocContext
    sentences: list[tuple[int, int, str]]
    tokens: list[dict]
    found: dict[str, list]


def extract_text(doc_id: str, text: str, with_parse: bool = True) -> Extraction:
    norm = normalize(text)
    analysis = analyze(norm.text, with_parse=with_parse)
    ctx = DocContext(doc_id, norm, analysis, dates.document_date(norm.text))
    found = run_all(ctx)
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


def process_document(src: SourceDocument) -> tuple[SourceDocument, dict[str, list[dict]]]:
    """Rows for one document; a failure inside the NLP becomes an error row, not a crash."""
    if src.status != "ok":
        return src, document_rows(src, None)
    try:
        extraction = extract_text(src.doc_id, src.text)
    except Exception as exc:  # keep the batch going; the message names the document
        from dataclasses import replace

        failed = replace(src, status="error", error=f"{src.path}: processing failed: {type(exc).__name__}: {exc}")
        return failed, document_rows(failed, None)
    return src, document_rows(src, extraction)


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
