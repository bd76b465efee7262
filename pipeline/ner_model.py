"""Our own named-entity model: a linear-chain CRF over the fugashi (unidic-lite) tokens
that ``analyze`` already has, in place of GiNZA's NER.

Each token is described by its surface, unidic's part of speech (固有名詞 and its
subtypes 人名/姓/名/地名/組織 carry most of the signal), its character types, its first and
last characters, whether it is a generic word of the products' list (AI, RPA, クラウド:
Wikipedia alone teaches that a Latin word is a name), and the same for its neighbours;
the CRF (CRFsuite) labels the tokens B-/I-/O and the runs become entities. Labels are GiNZA's fine labels (``Person``,
``Company``, ``Facility_Other`` …) so ``rules/ginza_labels.tsv`` and the repairs of the
entities layer, products and officials read them as they read GiNZA's.

The model file (``pipeline/models/ner.crfsuite``) is trained by ``scripts/train_ner.py``
and loaded once per process. Cost: a few microseconds a token.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path

MODEL_PATH = Path(__file__).resolve().parent / "models" / "ner.crfsuite"

# Character classes of a token, in order of appearance: 漢字 K, ひらがな H, カタカナ T,
# Latin L, digits D, anything else S.
_CLASSES = (
    (re.compile(r"[\u4E00-\u9FFF々〆ヶ]"), "K"),
    (re.compile(r"[\u3040-\u309F]"), "H"),
    (re.compile(r"[\u30A1-\u30FA\u30FC-\u30FF]"), "T"),  # not the middle dot ・
    (re.compile(r"[A-Za-zＡ-Ｚａ-ｚ]"), "L"),
    (re.compile(r"[0-9０-９]"), "D"),
)


def char_class(ch: str) -> str:
    for pattern, name in _CLASSES:
        if pattern.match(ch):
            return name
    return "S"


def char_types(surface: str) -> str:
    out = []
    for ch in surface:
        c = char_class(ch)
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out[:3])


def _shape(tok) -> tuple[str, ...]:
    return _shape_of(tok.surface, tok.tag or tok.pos)


@lru_cache(maxsize=50_000)
def _shape_of(w: str, tag: str) -> tuple[str, ...]:
    """Features of one token on its own (words repeat: each is described once)."""
    parts = tag.split("-")
    return (
        f"w={w}",
        f"t={tag}",
        f"p={'-'.join(parts[:2])}",
        f"ct={char_types(w)}",
        f"n={min(len(w), 5)}",
        f"a={w[0]}",
        f"z={w[-1]}",
        f"a2={w[:2]}",
        f"z2={w[-2:]}",
    ) + (("g",) if _fold(w) in _generic() else ())


def _fold(s: str) -> str:
    return "".join(ch for ch in s.lower() if ch not in " -‐・")


@lru_cache(maxsize=1)
def _generic() -> frozenset[str]:
    """Words that name no particular thing (AI, RPA, クラウド): products' list of generic words."""
    from pipeline.extractors.entities import generic_words

    return generic_words()


def features(tokens: Sequence) -> list[list[str]]:
    """CRFsuite attributes for each token of one sentence (objects with ``surface``,
    ``tag`` / ``pos``, ``start`` and ``end``, e.g. ``analyze.AToken``)."""
    own = [_shape(t) for t in tokens]
    n = len(tokens)
    out = []
    for i, tok in enumerate(tokens):
        f = ["b", *own[i]]
        for d in (-2, -1, 1, 2):
            j = i + d
            if 0 <= j < n:
                o = own[j]
                f += [f"{d}{o[0]}", f"{d}{o[1]}", f"{d}{o[3]}"]
                if d in (-1, 1):
                    f += [f"{d}{o[6] if d < 0 else o[5]}", f"{d}{o[2]}|{own[i][2]}"]
            else:
                f.append(f"{d}=EDGE")
        if i and tokens[i - 1].end != tok.start:
            f.append("sp")  # a space before the token
        out.append(f)
    return out


def spans(labels: Sequence[str]) -> list[tuple[int, int, str]]:
    """B-/I-/O token labels -> (first token, last token + 1, label) runs; an I- after
    something else starts a run."""
    out: list[tuple[int, int, str]] = []
    current: list | None = None
    for i, tag in enumerate(labels):
        kind, _, label = tag.partition("-")
        if kind == "I" and current is not None and current[2] == label and current[1] == i:
            current[1] = i + 1
            continue
        if current is not None:
            out.append(tuple(current))
            current = None
        if kind in ("B", "I"):
            current = [i, i + 1, label]
    if current is not None:
        out.append(tuple(current))
    return out


@lru_cache(maxsize=1)
def tagger():
    """The CRF, loaded once per process (before the workers fork, like the other models)."""
    import pycrfsuite

    if not MODEL_PATH.exists():
        raise FileNotFoundError(f"{MODEL_PATH}: NER model missing (train it with scripts/train_ner.py)")
    t = pycrfsuite.Tagger()
    t.open(str(MODEL_PATH))
    return t


def labels() -> list[str]:
    """The fine labels the model emits."""
    return sorted({label.partition("-")[2] for label in tagger().labels() if label != "O"})


def sentence_entities(tokens: Sequence) -> list:
    """Entities (``analyze.AEntity``, the tokens' coordinates) of one sentence's tokens."""
    from pipeline.analyze import AEntity

    tokens = [t for t in tokens if t.surface.strip()]
    if not tokens:
        return []
    labels = tagger().tag(features(tokens))
    return [AEntity(tokens[i].start, tokens[j - 1].end, label) for i, j, label in spans(labels)]


def entities(tokens: Iterable) -> list:
    """Entities of a document's tokens (``analyze.AToken``), sentence by sentence."""
    out: list = []
    sentence: list = []
    for tok in tokens:
        if sentence and tok.sent != sentence[-1].sent:
            out += sentence_entities(sentence)
            sentence = []
        sentence.append(tok)
    if sentence:
        out += sentence_entities(sentence)
    return out
