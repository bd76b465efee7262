"""Analyze normalized text: sentences, tokens (fugashi + unidic-lite), GiNZA parse and NER.

All spans here are in *normalized* coordinates; ``pipeline.run`` maps them back to the
original text when it builds the stored rows. Models load once per process, lazily.

GiNZA reads sentence by sentence, and a sentence seen before (boilerplate, an edited copy
of a document, an unchanged sentence of a changed document) is not parsed again:
``SentenceCache`` keeps the parsed sentences by their text, in memory and, during a run,
in ``analysis-cache.sqlite`` beside the tables (shared by the workers, kept between runs). (Sending GiNZA only the sentences with a candidate
name — unidic's 固有名詞, Latin, katakana, digits — was measured: it skipped 5-10% of the
text and cost the entities layer recall on names written in kanji: 海軍, 毎日新聞.)
"""
from __future__ import annotations

import hashlib
import os
import re
import sqlite3
from bisect import bisect_right
from collections import Counter, OrderedDict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any
from collections.abc import Iterator

import numpy

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
    tag: str = ""  # unidic's whole part of speech, e.g. 名詞-固有名詞-人名-姓 (read by ner_model)


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
    docs: tuple[tuple[int, Any], ...]  # (offset of a sentence in normalized text, spaCy Doc), in order

    def spacy_span(self, start: int, end: int):
        """The spaCy Span covering normalized [start, end), or None (also when that
        sentence was not parsed)."""
        i = bisect_right([offset for offset, _ in self.docs], start) - 1
        if i < 0:
            return None
        offset, doc = self.docs[i]
        if end <= offset + len(doc.text) and doc.has_annotation("DEP"):
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


def nlp():
    """GiNZA, loaded once per process; without its NER when ours is used (``ner_source``)."""
    return load_ginza(with_ner=ner_source() == "ginza")


@lru_cache(maxsize=2)
def load_ginza(with_ner: bool):
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
    exclude = ["compound_splitter", "bunsetu_recognizer"] + ([] if with_ner else ["ner"])
    return spacy.load("ja_ginza", exclude=exclude)


def load_models() -> None:
    """Load MeCab and GiNZA now (both cached per process): before the local workers fork,
    so they share the pages, and once on each Dask worker."""
    tagger()
    nlp()
    if ner_source() == "ours":
        from pipeline import ner_model

        ner_model.tagger()


def ner_source() -> str:
    """Whose named entities the extractors read: ``ours`` (``pipeline.ner_model``, a CRF
    over the fugashi tokens, the default; GiNZA then loads without its NER) or ``ginza``
    (GiNZA's NER); the environment variable JREPORTS_NER chooses. Ours: ner-wikipedia
    split B 0.698 against 0.625, every gold set the same, a tenth of the CPU."""
    return os.environ.get("JREPORTS_NER", "ours")


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


def _tagger_pieces(sentences: list[tuple[int, int]]) -> Iterator[tuple[int, int, int]]:
    """(sentence index, start, end) of the pieces MeCab reads: a sentence, a giant one cut
    every MAX_CHUNK_CHARS characters (MeCab crashes the process on a sentence of 1 MB)."""
    for si, (s, e) in enumerate(sentences):
        for p in range(s, e, MAX_CHUNK_CHARS):
            yield si, p, min(p + MAX_CHUNK_CHARS, e)


def tokenize(text: str, sentences: list[tuple[int, int]]) -> list[AToken]:
    out: list[AToken] = []
    tag = tagger()
    for si, piece_start, e in _tagger_pieces(sentences):
        pos = piece_start
        for w in tag(text[piece_start:e]):
            surface = w.surface
            found = text.find(surface, pos, e)
            if found < 0:  # should not happen; keep going without losing alignment
                continue
            pos = found + len(surface)
            f = w.feature
            lemma = getattr(f, "lemma", None) or surface
            pos_tag = "-".join(p for p in (f.pos1, f.pos2) if p and p != "*")
            full_tag = "-".join(p for p in (f.pos1, f.pos2, f.pos3, f.pos4) if p and p != "*")
            reading = getattr(f, "kana", None) or ""
            out.append(AToken(si, found, pos, surface, lemma, pos_tag, reading, full_tag))
    return out


class SentenceCache:
    """Parsed sentences by their text: the most recently used in memory, and all of them on
    disk when a ``SentenceStore`` is attached (shared by the workers, kept between runs)."""

    def __init__(self, size: int = 1000, store: SentenceStore | None = None):
        self.size = size
        self.store = store
        self.docs: OrderedDict[str, Any] = OrderedDict()
        self.stats: Counter = Counter()  # sentences: 'parsed' (new), 'stored' (from disk), 'cached' (memory)

    def parse(self, texts: list[str], batch_size: int = 64) -> list[Any]:
        """GiNZA's Doc for each text, parsing each distinct new text once."""
        todo = list(dict.fromkeys(t for t in texts if t not in self.docs))
        fresh = self.store.get(todo) if self.store else {}
        todo = [t for t in todo if t not in fresh]
        self.stats["cached"] += len(texts) - len(todo) - len(fresh)
        self.stats["stored"] += len(fresh)
        self.stats["parsed"] += len(todo)
        parsed = dict(zip(todo, nlp().pipe(todo, batch_size=batch_size)))
        for doc in parsed.values():
            doc.tensor = numpy.zeros((0,), dtype="float32")  # tok2vec's output: read by nobody after
        if self.store and parsed:
            self.store.put(parsed)
        fresh.update(parsed)
        out = [fresh[t] if t in fresh else self.docs[t] for t in texts]
        for t, doc in zip(texts, out):
            self.docs[t] = doc
            self.docs.move_to_end(t)
        while len(self.docs) > self.size:
            self.docs.popitem(last=False)
        return out


class SentenceStore:
    """GiNZA's analyses of sentences in an SQLite file, keyed by a hash of the model's
    version and the sentence. Each process opens its own connection (after a fork)."""

    def __init__(self, path: Path):
        self.path = path
        self._con = None
        self._pid = None

    def _connection(self) -> sqlite3.Connection:
        if self._con is None or self._pid != os.getpid():
            self._con = sqlite3.connect(self.path, timeout=60, isolation_level=None)
            self._con.execute("PRAGMA journal_mode=WAL")
            self._con.execute("PRAGMA synchronous=NORMAL")
            self._con.execute("CREATE TABLE IF NOT EXISTS sentences (key BLOB PRIMARY KEY, doc BLOB) WITHOUT ROWID")
            self._pid = os.getpid()
        return self._con

    def get(self, texts: list[str]) -> dict[str, Any]:
        from spacy.tokens import Doc

        if not texts:
            return {}
        keys = {_key(t): t for t in texts}
        con, vocab, out = self._connection(), nlp().vocab, {}
        key_list = list(keys)
        for i in range(0, len(key_list), 500):
            part = key_list[i:i + 500]
            rows = con.execute(f"SELECT key, doc FROM sentences WHERE key IN ({','.join('?' * len(part))})", part)
            for key, blob in rows:
                out[keys[key]] = Doc(vocab).from_bytes(blob)
        return out

    def put(self, docs: dict[str, Any]) -> None:
        rows = [(_key(t), d.to_bytes(exclude=["tensor", "user_data"])) for t, d in docs.items()]
        con = self._connection()
        try:
            con.execute("BEGIN")
            con.executemany("INSERT OR IGNORE INTO sentences VALUES (?, ?)", rows)
            con.execute("COMMIT")
        except sqlite3.Error:  # a cache: a write that fails (disk full, locked) costs only speed
            if con.in_transaction:
                con.rollback()


def _key(text: str) -> bytes:
    return hashlib.sha1(f"{_model_version()}\n{text}".encode("utf-8")).digest()


def _model_version() -> str:
    return _versions(ner_source() == "ginza")


@lru_cache(maxsize=2)
def _versions(with_ner: bool) -> str:
    from importlib.metadata import version

    return f"spacy {version('spacy')} ja-ginza {version('ja-ginza')} ginza {version('ginza')}" + ("" if with_ner else " -ner")


@lru_cache(maxsize=1)
def sentence_cache() -> SentenceCache:
    return SentenceCache()


def use_sentence_store(path: Path | None) -> None:
    """Keep parsed sentences in ``path`` (an SQLite file) from now on in this process and the
    workers it forks; None: memory only."""
    sentence_cache().store = SentenceStore(path) if path else None


def model_units(text: str, sentences: list[tuple[int, int]], limit: int = MAX_CHUNK_CHARS) -> list[tuple[int, int]]:
    """The pieces GiNZA reads: each sentence, a giant one (a table, say) cut every ``limit``
    characters (SudachiPy's input limit)."""
    return [(p, min(p + limit, e)) for s, e in sentences for p in range(s, e, limit)]


def analyze_many(texts: list[str], with_parse: bool = True, batch_size: int = 64) -> list[Analysis]:
    """``analyze`` for many normalized texts, with one batched GiNZA pass over all of them."""
    sentences = [split_sentences(t) for t in texts]
    tokens = [tokenize(t, s) for t, s in zip(texts, sentences)]
    ents: list[list[AEntity]] = [[] for _ in texts]
    docs: list[list[tuple[int, Any]]] = [[] for _ in texts]
    if with_parse:
        ours = ner_source() == "ours"
        units = [(d, s, e) for d, t in enumerate(texts) for s, e in model_units(t, sentences[d])]
        parsed = sentence_cache().parse([texts[d][s:e] for d, s, e in units], batch_size)
        for (d, s, _), doc in zip(units, parsed):
            docs[d].append((s, doc))
            if not ours:
                ents[d].extend(AEntity(s + x.start_char, s + x.end_char, x.label_) for x in doc.ents)
        if ours:
            from pipeline import ner_model

            ents = [ner_model.entities(toks) for toks in tokens]
    return [Analysis(tuple(sentences[d]), tuple(tokens[d]), tuple(ents[d]), tuple(docs[d]))
            for d in range(len(texts))]


def analyze(text: str, with_parse: bool = True) -> Analysis:
    return analyze_many([text], with_parse)[0]
