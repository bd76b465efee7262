"""Normalize extracted text while keeping a map back to the original characters.

FIRST VERSION (interface is fixed; the implementation is being completed):
``normalize(original)`` returns a ``NormalizedText`` whose ``text`` every later stage
works on, and whose ``to_original(start, end)`` maps a normalized span back to the
span of ``original`` it came from.
"""
from __future__ import annotations

import unicodedata
from array import array
from dataclasses import dataclass


@dataclass(frozen=True)
class NormalizedText:
    original: str
    text: str
    starts: array  # starts[i]: index in original where normalized char i begins
    ends: array  # ends[i]: index in original just past where normalized char i ends

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Original [start, end) covering normalized [start, end); empty spans stay empty."""
        if end <= start:
            pos = self.starts[start] if start < len(self.starts) else len(self.original)
            return pos, pos
        return self.starts[start], self.ends[end - 1]

    def original_text(self, start: int, end: int) -> str:
        s, e = self.to_original(start, end)
        return self.original[s:e]


def normalize(original: str) -> NormalizedText:
    out: list[str] = []
    starts = array("l")
    ends = array("l")
    for i, ch in enumerate(original):
        n = unicodedata.normalize("NFKC", ch)
        for c in n:
            out.append(c)
            starts.append(i)
            ends.append(i + 1)
    return NormalizedText(original, "".join(out), starts, ends)
