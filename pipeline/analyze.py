"""Analyze normalized text: sentences, tokens (fugashi + unidic-lite), GiNZA parse and NER.

All spans here are in *normalized* coordinates; ``pipeline.run`` maps them back to the
original text when it builds the stored rows. Models load once per process, lazily: GiNZA
only when a sentence is not in the cache.

GiNZA reads sentence by sentence, and ``models_for`` decides which of its layers each
sentence gets: the whole model where a figure is (``figures.subject_of`` reads the
dependency parse and the parts of speech), all but the morphologizer elsewhere. The parser
stays: GiNZA's NER never lets an entity cross a sentence boundary the parser set (it
splits about one sentence in five of ours), so without it 13 of 10,821 entities of the
bench corpus changed. A sentence seen
before (boilerplate, an edited copy of a document, an unchanged sentence of a changed
document) is not analyzed again: ``SentenceCache`` keeps the analyzed sentences by their
text, with the layers they have, in memory and, during a run, in ``analysis-cache.sqlite``
beside the tables (shared by the workers, kept between runs). Every analysis is kept as a
``parse_tree.ParsedSentence`` (the fields the extractors read, no spaCy objects), so a run
whose sentences are all cached never imports spaCy. (Sending GiNZA only the
sentences with a candidate name — unidic's 固有名詞, Latin, katakana, digits — was
measured: it skipped 5-10% of the text and cost the entities layer recall on names
written in kanji: 海軍, 毎日新聞.)
"""
from __future__ import annotations

import hashlib
import os
import re
import sqlite3
from bisect import bisect_left, bisect_right
from collections import Counter, OrderedDict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from collections.abc import Iterator
from typing import Any

from pipeline.parse_tree import FORMAT, ParsedSentence
from pipeline.timings import phase

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
    docs: tuple[tuple[int, ParsedSentence], ...]  # (offset of a sentence in normalized text, its ParsedSentence), in order

    def spacy_span(self, start: int, end: int):
        """The span of parsed tokens (a ``ParsedSpan``, read like a spaCy Span) covering
        normalized [start, end), or None (also when that sentence was not parsed)."""
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
    # compound_splitter and bunsetu_recognizer are not used by any extractor, nor the
    # split-mode A sub-tokens the tokenizer computes for the compound splitter.
    # Nor the vocabulary's 600,000 stored strings ("strings", read by Vocab.from_disk):
    # the tokenizer and the components add the strings of what they analyze, and nothing
    # reads the others. Loading them was 0.6 s of the model's 1.0 s and 115 MB; the parses,
    # GiNZA's entities included, are byte for byte the same (1,346 sentences of the bench corpus).
    exclude = ["compound_splitter", "bunsetu_recognizer", "strings"] + ([] if with_ner else ["ner"])
    model = spacy.load("ja_ginza", exclude=exclude)
    if hasattr(model.tokenizer, "need_subtokens"):
        model.tokenizer.need_subtokens = False
    return model


def load_models() -> None:
    """Load MeCab and GiNZA now (both cached per process): before the local workers fork,
    so they share the pages, and once on each Dask worker."""
    tagger()
    with phase("model load"):
        nlp()
    load_light_models()


def load_light_models() -> None:
    """Load what every document needs and GiNZA is not: MeCab, and our NER when it is used."""
    tagger()
    if ner_source() == "ours":
        from pipeline import ner_model

        with phase("model load"):
            ner_model.tagger()


def ner_source() -> str:
    """Whose named entities the extractors read: ``ours`` (``pipeline.ner_model``, a CRF
    over the fugashi tokens, the default; GiNZA then loads without its NER) or ``ginza``
    (GiNZA's NER); the environment variable JREPORTS_NER chooses. Ours: ner-wikipedia
    split B 0.698 against 0.625, every gold set the same, a tenth of the CPU."""
    return os.environ.get("JREPORTS_NER", "ours")


def models_loaded() -> bool:
    return load_ginza.cache_info().currsize > 0


# What GiNZA runs on a sentence (``models_for``): all of it, all but the morphologizer
# (the parser stays: GiNZA's NER keeps to the sentences it finds), or nothing.
FULL = "full"
NER = "ner"
NONE = "none"
_NOT_FOR_NER = ("morphologizer",)


def models_for(text: str, units: list[tuple[int, int]]) -> list[str]:
    """Which model reads each unit (a sentence or a piece of one) of normalized ``text``:
    ``FULL`` GiNZA where a figure starts (its subject is read from the parse and the parts
    of speech); elsewhere ``NER`` (GiNZA without its morphologizer) when GiNZA's entities
    are read, or ``NONE`` when ours are (``ner_source``): then nothing else needs GiNZA."""
    from pipeline.extractors.figures import find_figures

    rest = NONE if ner_source() == "ours" else NER
    starts = sorted(m.start for m in find_figures(text))
    out = []
    for s, e in units:
        i = bisect_left(starts, s)
        out.append(FULL if i < len(starts) and starts[i] < e else rest)
    return out


def covers(have: str, need: str) -> bool:
    """Whether a sentence analyzed by model ``have`` has what model ``need`` gives."""
    return have == FULL or need in (NER, NONE)


# A process that has GiNZA (``use_model_process``); the processes forked from this one
# (local workers) inherit it and send it their sentences too.
_model_process: list[Any] = [None]


def use_model_process(server: Any | None) -> None:
    """Send GiNZA's work to ``server`` (its ``parse(texts, model, batch_size)`` gives what
    ``run_ginza`` gives) while GiNZA is not loaded here; None: load it here when needed."""
    _model_process[0] = server


def run_ginza(texts: list[str], model: str, batch_size: int = 64) -> list[ParsedSentence]:
    """GiNZA's analyses of ``texts``, with the layers of ``model``, as ``ParsedSentence``s."""
    if not texts:
        return []
    server = _model_process[0]
    if server is not None and not models_loaded():
        try:
            with phase("ginza (model process)"):
                return server.parse(texts, model, batch_size)
        except (EOFError, OSError):  # the process is gone: GiNZA loads here
            use_model_process(None)
    if not models_loaded():
        load_models()
    disable = [p for p in _NOT_FOR_NER if p in nlp().pipe_names] if model == NER else []
    cap = int(os.environ.get("JREPORTS_BATCH_CHARS", BATCH_CHARS))
    with phase("ginza"):
        return [ParsedSentence.from_spacy(doc) for batch in _batches(texts, batch_size, cap)
                for doc in nlp().pipe(batch, batch_size=batch_size, disable=disable)]


# GiNZA's batches hold at most this many characters (and ``batch_size`` sentences): its
# working arrays grow with a batch's tokens, and a batch of long sentences (a table's rows)
# took ~220 MB more than the model itself for a moment.
BATCH_CHARS = 2000


def _batches(texts: list[str], size: int, chars: int) -> Iterator[list[str]]:
    """``texts`` in order, in batches of at most ``size`` texts and ``chars`` characters
    (a longer text alone)."""
    batch: list[str] = []
    n = 0
    for text in texts:
        if batch and (len(batch) >= size or n + len(text) > chars):
            yield batch
            batch, n = [], 0
        batch.append(text)
        n += len(text)
    if batch:
        yield batch


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
    """Analyzed sentences by their text: the most recently used in memory, and all of them
    on disk when a ``SentenceStore`` is attached (shared by the workers, kept between
    runs). A sentence analyzed by the ``NER`` model is analyzed again, whole, when a later
    use needs the ``FULL`` one."""

    def __init__(self, size: int = 1000, store: SentenceStore | None = None):
        self.size = size
        self.store = store
        self.docs: OrderedDict[str, tuple[ParsedSentence, str]] = OrderedDict()  # text -> (analysis, its model)
        # sentences: 'parsed' (GiNZA, whole), 'ner' (GiNZA without the morphologizer), 'stored' (from disk), 'cached' (memory), 'skipped' (no GiNZA needed)
        self.stats: Counter = Counter()

    def parse(self, texts: list[str], models: list[str] | None = None,
              batch_size: int = 64) -> list[ParsedSentence | None]:
        """GiNZA's analysis of each text, with at least the layers of its model (``FULL`` when
        ``models`` is None), analyzing each distinct new text once."""
        need: dict[str, str] = {}
        for text, model in zip(texts, models or [FULL] * len(texts)):
            if need.get(text) != FULL:
                need[text] = model
        todo = [t for t, m in need.items() if m != NONE and (t not in self.docs or not covers(self.docs[t][1], m))]
        with phase("cache read"):
            fresh = self.store.get(todo, [need[t] for t in todo]) if self.store else {}
        todo = [t for t in todo if t not in fresh]
        skipped = sum(1 for t in texts if need[t] == NONE)
        self.stats["skipped"] += skipped
        self.stats["cached"] += len(texts) - skipped - len(todo) - len(fresh)
        self.stats["stored"] += len(fresh)
        full = [t for t in todo if need[t] == FULL]
        light = [t for t in todo if need[t] == NER]
        self.stats["parsed"] += len(full)
        self.stats["ner"] += len(light)
        parsed = dict(zip(full, run_ginza(full, FULL, batch_size)))
        parsed.update(zip(light, run_ginza(light, NER, batch_size)))
        if self.store and parsed:
            with phase("cache write"):
                self.store.put(parsed, need)
        for t in fresh:
            self.docs[t] = (fresh[t], need[t])
        for t in parsed:
            self.docs[t] = (parsed[t], need[t])
        out = [self.docs[t][0] if t in self.docs else None for t in texts]
        for t in texts:
            if t in self.docs:
                self.docs.move_to_end(t)
        while len(self.docs) > self.size:
            self.docs.popitem(last=False)
        return out


class SentenceStore:
    """GiNZA's analyses of sentences (``ParsedSentence.to_bytes``) in an SQLite file, keyed
    by a hash of the model's version, the stored form's and the sentence, with whether the
    parse is there. Each process opens its own connection (after a fork). Reading it never
    loads GiNZA nor imports spaCy. The table of the spaCy-Doc form of earlier versions
    (``analyses``) is dropped."""

    def __init__(self, path: Path):
        self.path = path
        self._con = None
        self._pid = None

    def _connection(self) -> sqlite3.Connection:
        if self._con is None or self._pid != os.getpid():
            self._con = sqlite3.connect(self.path, timeout=60, isolation_level=None)
            self._con.execute("PRAGMA journal_mode=WAL")
            self._con.execute("PRAGMA synchronous=NORMAL")
            self._con.execute("DROP TABLE IF EXISTS analyses")
            self._con.execute("CREATE TABLE IF NOT EXISTS parsed_sentences "
                              "(key BLOB PRIMARY KEY, parsed INTEGER, doc BLOB) WITHOUT ROWID")
            self._pid = os.getpid()
        return self._con

    def get(self, texts: list[str], models: list[str] | None = None) -> dict[str, ParsedSentence]:
        """The stored analyses of ``texts`` that have the layers of their model (``FULL``
        when ``models`` is None)."""
        if not texts:
            return {}
        con, out = self._connection(), {}
        for model in (FULL, NER):
            keys = {_key(t): t for t, m in zip(texts, models or [FULL] * len(texts)) if m == model}
            key_list = list(keys)
            only_parsed = " AND parsed" if model == FULL else ""
            for i in range(0, len(key_list), 500):
                part = key_list[i:i + 500]
                rows = con.execute(f"SELECT key, doc FROM parsed_sentences WHERE key IN ({','.join('?' * len(part))})"
                                   f"{only_parsed}", part)
                for key, blob in rows:
                    out[keys[key]] = ParsedSentence.from_bytes(blob)
        return out

    def put(self, docs: dict[str, ParsedSentence], models: dict[str, str]) -> None:
        """Keep ``docs`` (analyzed by ``models``); a whole analysis replaces a partial one,
        never the reverse."""
        rows = [(_key(t), int(models[t] == FULL), d.to_bytes())
                for t, d in docs.items()]
        con = self._connection()
        try:
            con.execute("BEGIN")
            con.executemany("INSERT INTO parsed_sentences VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE "
                            "SET parsed = excluded.parsed, doc = excluded.doc WHERE excluded.parsed > parsed", rows)
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

    return f"{FORMAT} spacy {version('spacy')} ja-ginza {version('ja-ginza')} ginza {version('ginza')}" + ("" if with_ner else " -ner")


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
    with phase("fugashi"):
        sentences = [split_sentences(t) for t in texts]
        tokens = [tokenize(t, s) for t, s in zip(texts, sentences)]
    ents: list[list[AEntity]] = [[] for _ in texts]
    docs: list[list[tuple[int, ParsedSentence]]] = [[] for _ in texts]
    if with_parse:
        ours = ner_source() == "ours"
        pieces = [model_units(t, sentences[d]) for d, t in enumerate(texts)]
        with phase("models_for"):
            models = [m for t, p in zip(texts, pieces) for m in models_for(t, p)]
        units = [(d, s, e) for d, p in enumerate(pieces) for s, e in p]
        parsed = sentence_cache().parse([texts[d][s:e] for d, s, e in units], models, batch_size)
        for (d, s, _), doc in zip(units, parsed):
            if doc is None:  # no GiNZA needed there (``models_for``)
                continue
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
