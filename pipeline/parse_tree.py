"""GiNZA's analysis of a sentence in a light, spaCy-free form.

``ParsedSentence`` keeps what the extractors read from a spaCy ``Doc`` (each token's text,
offset, trailing space, part of speech, unidic tag, dependency label and head, its
``like_num`` / ``is_space`` / ``is_punct`` flags, and the entity spans) and answers the
same questions with the same names (``doc[i]``, ``doc[a:b].text``, ``token.children``,
``span.root``, ``doc.char_span(..., alignment_mode="expand")``), so ``figures.subject_of``
and ``entities.words_of`` read it as they read a ``Doc``. Every analysis goes through it,
fresh or cached, so a cached run gives what a fresh one gives and never imports spaCy:
reading a sentence from ``analysis-cache.sqlite`` costs a JSON decode.
"""
from __future__ import annotations

import json
from bisect import bisect_right
from dataclasses import dataclass
from functools import cached_property
from typing import Any
from collections.abc import Iterator

# Bumped whenever what ``to_bytes`` writes changes: the cache key holds it (``analyze._key``).
FORMAT = "parsed-sentence 1"

LIKE_NUM, IS_SPACE, IS_PUNCT = 1, 2, 4


@dataclass(frozen=True)
class ParsedEntity:
    start_char: int
    end_char: int
    label_: str


@dataclass(frozen=True)
class ParsedSentence:
    text: str
    idx: tuple[int, ...]        # each token's first character in ``text``
    length: tuple[int, ...]     # its length
    space: tuple[bool, ...]     # whether a space follows it
    pos: tuple[str, ...]        # universal part of speech (pos_)
    tag: tuple[str, ...]        # SudachiPy's tag (tag_), e.g. 名詞-固有名詞-人名-姓
    dep: tuple[str, ...]        # dependency label (dep_), "" when the parser did not run
    head: tuple[int, ...]       # index of the head token (itself for a root)
    flags: tuple[int, ...]      # LIKE_NUM | IS_SPACE | IS_PUNCT
    ents: tuple[ParsedEntity, ...]

    # ------------------------------------------------------------ from / to spaCy and bytes

    @classmethod
    def from_spacy(cls, doc: Any) -> ParsedSentence:
        toks = list(doc)
        return cls(doc.text, tuple(t.idx for t in toks), tuple(len(t.text) for t in toks),
                   tuple(bool(t.whitespace_) for t in toks), tuple(t.pos_ for t in toks),
                   tuple(t.tag_ for t in toks), tuple(t.dep_ for t in toks), tuple(t.head.i for t in toks),
                   tuple(LIKE_NUM * t.like_num | IS_SPACE * t.is_space | IS_PUNCT * t.is_punct for t in toks),
                   tuple(ParsedEntity(e.start_char, e.end_char, e.label_) for e in doc.ents))

    def to_bytes(self) -> bytes:
        row = {"t": self.text, "i": self.idx, "n": self.length, "s": [int(s) for s in self.space],
               "p": self.pos, "g": self.tag, "d": self.dep, "h": self.head, "f": self.flags,
               "e": [(e.start_char, e.end_char, e.label_) for e in self.ents]}
        return json.dumps(row, ensure_ascii=False, separators=(",", ":")).encode("utf-8")

    @classmethod
    def from_bytes(cls, blob: bytes) -> ParsedSentence:
        r = json.loads(blob)
        return cls(r["t"], tuple(r["i"]), tuple(r["n"]), tuple(bool(s) for s in r["s"]), tuple(r["p"]),
                   tuple(r["g"]), tuple(r["d"]), tuple(r["h"]), tuple(r["f"]),
                   tuple(ParsedEntity(s, e, label) for s, e, label in r["e"]))

    # ------------------------------------------------------------ the Doc's questions

    def __len__(self) -> int:
        return len(self.idx)

    def __iter__(self) -> Iterator[ParsedToken]:
        return (ParsedToken(self, i) for i in range(len(self.idx)))

    def __getitem__(self, key):
        if isinstance(key, slice):
            start, stop, _ = key.indices(len(self.idx))
            return ParsedSpan(self, start, max(start, stop))
        i = key + len(self.idx) if key < 0 else key
        if not 0 <= i < len(self.idx):
            raise IndexError(key)
        return ParsedToken(self, i)

    def has_annotation(self, attr: str) -> bool:
        """Whether any token has ``attr`` (only DEP, HEAD, POS and TAG are known)."""
        values = {"DEP": self.dep, "HEAD": self.dep, "POS": self.pos, "TAG": self.tag}[attr]
        return any(values)

    def char_span(self, start: int, end: int, alignment_mode: str = "strict") -> ParsedSpan | None:
        """spaCy's ``Doc.char_span``: the tokens covering characters [start, end)."""
        first, last = self._token_at(start), self._token_at(end - 1)
        if first < 0 or last < 0:
            return None
        if alignment_mode == "strict":
            if start != self.idx[first] or end != self.idx[last] + self.length[last]:
                return None
        elif alignment_mode == "contract":
            first += self.idx[first] < start
            last -= end < self.idx[last] + self.length[last]
            if last < first:
                return None
        elif alignment_mode == "expand":
            first += start == self.idx[first] + self.length[first]  # in the space after a token
        else:
            raise ValueError(alignment_mode)
        return ParsedSpan(self, first, last + 1)

    def _token_at(self, char: int) -> int:
        """The token whose characters (with its trailing space) hold ``char``, or -1."""
        i = bisect_right(self.idx, char) - 1
        if i >= 0 and char < self.idx[i] + self.length[i] + self.space[i]:
            return i
        return -1

    @cached_property
    def _children(self) -> tuple[tuple[int, ...], ...]:
        kids: list[list[int]] = [[] for _ in self.idx]
        for i, h in enumerate(self.head):
            if h != i:
                kids[h].append(i)
        return tuple(tuple(k) for k in kids)

    def _steps_to_root(self, i: int) -> int:
        """spaCy's ``_count_words_to_root``: a childless space or punctuation counts as far."""
        if self.flags[i] & (IS_SPACE | IS_PUNCT) and not self._children[i]:
            return len(self.idx) - 1
        n = 0
        while self.head[i] != i and n < len(self.idx):
            i = self.head[i]
            n += 1
        return n


@dataclass(frozen=True)
class ParsedToken:
    doc: ParsedSentence
    i: int

    @property
    def idx(self) -> int:
        return self.doc.idx[self.i]

    @property
    def text(self) -> str:
        start = self.doc.idx[self.i]
        return self.doc.text[start:start + self.doc.length[self.i]]

    @property
    def whitespace_(self) -> str:
        return " " if self.doc.space[self.i] else ""

    @property
    def pos_(self) -> str:
        return self.doc.pos[self.i]

    @property
    def tag_(self) -> str:
        return self.doc.tag[self.i]

    @property
    def dep_(self) -> str:
        return self.doc.dep[self.i]

    @property
    def head(self) -> ParsedToken:
        return ParsedToken(self.doc, self.doc.head[self.i])

    @property
    def children(self) -> Iterator[ParsedToken]:
        return (ParsedToken(self.doc, k) for k in self.doc._children[self.i])

    @property
    def like_num(self) -> bool:
        return bool(self.doc.flags[self.i] & LIKE_NUM)

    @property
    def is_space(self) -> bool:
        return bool(self.doc.flags[self.i] & IS_SPACE)

    @property
    def is_punct(self) -> bool:
        return bool(self.doc.flags[self.i] & IS_PUNCT)

    def __len__(self) -> int:
        return self.doc.length[self.i]

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class ParsedSpan:
    doc: ParsedSentence
    start: int
    end: int

    def __len__(self) -> int:
        return self.end - self.start

    def __iter__(self) -> Iterator[ParsedToken]:
        return (ParsedToken(self.doc, i) for i in range(self.start, self.end))

    @property
    def text(self) -> str:
        if self.end <= self.start:
            return ""
        d, last = self.doc, self.end - 1
        return d.text[d.idx[self.start]:d.idx[last] + d.length[last]]

    @property
    def root(self) -> ParsedToken:
        """spaCy's ``Span.root``: a sentence root inside, else the token nearest the root
        among those whose head is outside (the first of equals)."""
        d = self.doc
        for i in range(self.start, self.end):
            if d.head[i] == i:
                return ParsedToken(d, i)
        best, root = len(d), -1
        for i in range(self.start, self.end):
            if self.start <= d.head[i] < self.end:
                continue
            steps = d._steps_to_root(i)
            if steps < best:
                best, root = steps, i
        return ParsedToken(d, self.start if root < 0 else root)
