"""Analyze normalized text: sentences, tokens (fugashi + unidic-lite), GiNZA parse and NER.

All spans here are in *normalized* coordinates; ``pipeline.run`` maps them back to the
original text when it builds the stored rows. Models load once per process, lazily.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

# Sudachi (inside GiNZA) refuses inputs over 49,149 bytes; UTF-8 Japanese is 3 bytes a
# character, so chunks of at most this many characters stay well clear of it.
MAX_CHUNK_CHARS = 8000

# A sentence ends after 。！？!? (and any closing brackets/quotes right after), or at a
# line break: the normalizer has already rejoined lines broken mid-sentence.
_SENTENCE_END = re.compile(r"[。！？!?]+[」』）)\]】〉》\"']*|\n+")


@dataclass(frozen=True)
class AToken:
    sent: int
    start: int
    end: int
    surface: str
    lemma: str
    pos: str
    reading: str


@dataclass(frozen=True)
class AEntity:
    start: int
    end: int
    label: str  # GiNZA's own (fine) label, e.g. Person, City, Product_Other


@dataclass(frozen=True)
class Analysis:
    sentences: tuple[tuple[int, int], ...]
    tokens: tuple[AToken, ...]
    entities: tuple[AEntity, ...]
    docs: tuple[tuple[int, Any], ...]  # (offset of chunk in normalized text, spaCy Doc)

    def spacy_span(self, start: int, end: int):
        """The spaCy Span covering normalized [start, end), or None."""
        for offset, doc in self.docs:
            if offset <= start and end <= offset + len(doc.text):
                return doc.char_span(start - offset, end - offset, alignment_mode="expand")
        return None


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans, whitespace-trimmed, never empty."""
    spans = []
    pos = 0
    for m in _SENTENCE_END.finditer(text):
        _append_trimmed(text, pos, m.end(), spans)
        pos = m.end()
    _append_trimmed(text, pos, len(text), spans)
    return spans


def _append_trimmed(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


@lru_cache(maxsize=1)
def tagger():
    import fugashi

    return fugashi.Tagger()


@lru_cache(maxsize=1)
def nlp():
    import spacy
    from thinc.api import set_current_ops
    from threadpoolctl import threadpool_limits

    # GiNZA's time goes into tok2vec's matrix products; numpy's BLAS does them about
    # twice as fast as thinc's bundled blis here. Same numbers, registered the
    # documented way (thinc Ops), not by patching. One BLAS thread per process: the
    # matrices are small, threads only spin, and parallelism comes from --workers.
    threadpool_limits(limits=1, user_api="blas")
    set_current_ops(_matmul_ops())
    # compound_splitter and bunsetu_recognizer are not used by any extractor.
    return spacy.load("ja_ginza", exclude=["compound_splitter", "bunsetu_recognizer"])


def _matmul_ops():
    import numpy as np
    from thinc.api import NumpyOps

    class MatmulOps(NumpyOps):
        name = "numpy-matmul"

        def gemm(self, x, y, out=None, trans1=False, trans2=False):
            x = x.T if trans1 else x
            y = y.T if trans2 else y
            if out is None:
                return np.matmul(x, y)
            np.matmul(x, y, out=out)
            return out

    return MatmulOps()


def tokenize(text: str, sentences: list[tuple[int, int]]) -> list[AToken]:
    out: list[AToken] = []
    tag = tagger()
    for si, (s, e) in enumerate(sentences):
        pos = s
        for w in tag(text[s:e]):
            surface = w.surface
            found = text.find(surface, pos, e)
            if found < 0:  # should not happen; keep going without losing alignment
                continue
            pos = found + len(surface)
            f = w.feature
            lemma = getattr(f, "lemma", None) or surface
            pos_tag = "-".join(p for p in (f.pos1, f.pos2) if p and p != "*")
            reading = getattr(f, "kana", None) or ""
            out.append(AToken(si, found, pos, surface, lemma, pos_tag, reading))
    return out


def chunk_sentences(sentences: list[tuple[int, int]], limit: int = MAX_CHUNK_CHARS) -> list[tuple[int, int]]:
    """Group consecutive sentences into chunks of at most ``limit`` characters."""
    chunks: list[tuple[int, int]] = []
    cur_start = cur_end = None
    for s, e in sentences:
        while e - s > limit:  # one giant "sentence" (a table, say): cut it hard
            if cur_start is not None:
                chunks.append((cur_start, cur_end))
                cur_start = cur_end = None
            chunks.append((s, s + limit))
            s += limit
        if cur_start is None:
            cur_start, cur_end = s, e
        elif e - cur_start > limit:
            chunks.append((cur_start, cur_end))
            cur_start, cur_end = s, e
        else:
            cur_end = e
    if cur_start is not None:
        chunks.append((cur_start, cur_end))
    return chunks


def analyze_many(texts: list[str], with_parse: bool = True, batch_size: int = 64) -> list[Analysis]:
    """``analyze`` for many normalized texts, with one batched GiNZA pass over all of them."""
    sentences = [split_sentences(t) for t in texts]
    ents: list[list[AEntity]] = [[] for _ in texts]
    docs: list[list[tuple[int, Any]]] = [[] for _ in texts]
    if with_parse:
        flat = [(d, s, e) for d, sents in enumerate(sentences) for s, e in chunk_sentences(sents)]
        parsed = nlp().pipe((texts[d][s:e] for d, s, e in flat), batch_size=batch_size)
        for (d, s, _), doc in zip(flat, parsed):
            docs[d].append((s, doc))
            ents[d].extend(AEntity(s + x.start_char, s + x.end_char, x.label_) for x in doc.ents)
    return [Analysis(tuple(sentences[d]), tuple(tokenize(texts[d], sentences[d])), tuple(ents[d]), tuple(docs[d]))
            for d in range(len(texts))]


def analyze(text: str, with_parse: bool = True) -> Analysis:
    return analyze_many([text], with_parse)[0]
