"""Normalize extracted text while keeping an exact map back to the original characters.

``normalize(original)`` returns a ``NormalizedText``: ``text`` is what every later stage
(sentences, fugashi, GiNZA, the extractors) works on, and ``to_original(start, end)``
maps a normalized span back to the span of ``original`` it came from.

The stages, in order (each one is a small function returning edits):

1. line ends and invisibles: CRLF/CR/form feed/U+2028 -> ``\\n``; zero-width spaces,
   BOM, soft hyphens are dropped.
2. HTML leftovers: comments and tags are dropped (a block tag such as ``<br>``,
   ``<p>``, ``</div>`` counts as a line break); entities (``&amp;`` ``&nbsp;``
   ``&#12354;``) are decoded.
3. NFKC: full-width digits/Latin -> ASCII, half-width katakana -> full-width,
   ``（）`` -> ``()``, ``㈱`` -> ``(株)`` ... Circled numbers (①②...) are kept as they
   are: they are list markers, and NFKC would turn ``①3年間`` into ``13年間``.
4. Variants, one canonical character each (extractors can rely on these; the dash rule
   runs after stages 5 and 6, so that dashes they bring next to digits are unified too):

   - wave dash / tildes ``〜 ～ ~ ∼ ⁓`` -> ASCII ``~`` (ranges: ``7月21日~22日``)
   - dashes ``‐ ‑ ‒ – — ― − ー ─ -`` between two ASCII letters/digits -> ``-``
     (``03-1234-5678``, ``AI-OCR``); the prolonged sound mark ``ー`` inside katakana
     words is never touched
   - curly quotes ``“ ” 〝 〞 〟`` -> ``"`` and ``‘ ’`` -> ``'``
   - tabs and other spaces (U+3000, NBSP, ...) -> ``' '``; control characters -> ``' '``
   - line breaks are always ``\\n``
5. Letter-spaced text (PDF damage): ``お は よ う`` -> ``おはよう``,
   ``M i c r o s o f t 3 6 5`` -> ``Microsoft 365``, ``i P a d`` -> ``iPad``. Only runs
   of single characters separated by single spaces are joined (see ``_spaced_line_edits``);
   ``Microsoft 365 E5`` or ``大阪市 ICT戦略室 担当係長`` never change.
6. Lines broken inside a sentence are rejoined (see ``_break_decision``); headings, list
   items, speaker headers, bylines, table rows and blank-line paragraph breaks stay. A Latin
   word glued to Japanese text and broken at the line end (``…し、Tea`` / ``msによる``) is
   rejoined without a space.
7. Spaces: runs of spaces -> one, spaces at line starts and ends go; more than one
   blank line -> one blank line; leading/trailing blank lines of the document go.

Offsets: normalized character ``i`` comes from ``original[starts[i]:ends[i]]``.
A character produced by a one-to-one replacement maps to its own source character;
characters produced by replacing a span with text of another length (``㈱`` -> ``(株)``,
``&amp;`` -> ``&``, ``ｶﾞ`` -> ``ガ``) all map to the whole span. Deleted characters
(joined spaces, dropped tags) belong to no normalized character, but a normalized span
maps to the whole original stretch between its first and last character.
"""
from __future__ import annotations

import html
import re
import unicodedata
from array import array
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate

from pipeline.rules import rule_column


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


# An edit replaces text[start:end] (never empty) by ``replacement`` (possibly empty).
Edit = tuple[int, int, str]


@dataclass(frozen=True)
class _Stage:
    """The text between two stages, with its map into the original."""

    text: str
    starts: array
    ends: array


def _identity(original: str) -> _Stage:
    n = len(original)
    starts = array("l")
    starts.frombytes(_arange(n + 1))
    ends = starts[1:]
    del starts[n:]
    return _Stage(original, starts, ends)


try:  # numpy (there via pandas) only speeds up building and deleting; results are the same
    import numpy as _numpy
except ImportError:  # pragma: no cover
    _numpy = None
_INDEX = f"i{array('l').itemsize}"


def _arange(n: int) -> bytes:
    """The machine bytes of array('l', range(n))."""
    if _numpy is None:  # pragma: no cover
        return array("l", range(n)).tobytes()
    return _numpy.arange(n, dtype=_INDEX).tobytes()


def _delete(stage: _Stage, edits: list[Edit]) -> _Stage:
    """_apply for many pure deletions (letter-spaced documents), vectorized."""
    keep = _numpy.ones(len(stage.text), dtype=bool)
    for s, e, _ in edits:
        keep[s:e] = False
    chars = _numpy.frombuffer(stage.text.encode("utf-32-le"), dtype="<u4")[keep]
    starts = array("l")
    starts.frombytes(_numpy.frombuffer(stage.starts, dtype=_INDEX)[keep].tobytes())
    ends = array("l")
    ends.frombytes(_numpy.frombuffer(stage.ends, dtype=_INDEX)[keep].tobytes())
    return _Stage(chars.tobytes().decode("utf-32-le"), starts, ends)


def _apply(stage: _Stage, edits: list[Edit]) -> _Stage:
    """Apply sorted, non-overlapping edits; compose the offset map."""
    if not edits:
        return stage
    if len(edits) > 1000 and _numpy is not None and all(e[2] == "" for e in edits):
        return _delete(stage, edits)
    text, starts, ends = stage.text, stage.starts, stage.ends
    pieces: list[str] = []
    new_starts = array("l")
    new_ends = array("l")
    pos = 0
    for s, e, rep in edits:
        pieces.append(text[pos:s])
        new_starts.extend(starts[pos:s])
        new_ends.extend(ends[pos:s])
        if rep:
            pieces.append(rep)
            if len(rep) == e - s:  # one-to-one: each character keeps its own source
                new_starts.extend(starts[s:e])
                new_ends.extend(ends[s:e])
            else:
                n = len(rep)
                new_starts.extend(array("l", [starts[s]]) * n)
                new_ends.extend(array("l", [ends[e - 1]]) * n)
        pos = e
    pieces.append(text[pos:])
    new_starts.extend(starts[pos:])
    new_ends.extend(ends[pos:])
    return _Stage("".join(pieces), new_starts, new_ends)


def _regex_edits(pattern: re.Pattern, text: str, replace) -> list[Edit]:
    """Edits for every match of ``pattern``; ``replace(match)`` gives the replacement
    (a string) or None to leave the match alone."""
    edits = []
    for m in pattern.finditer(text):
        rep = replace(m)
        if rep is not None and rep != m.group() and m.end() > m.start():
            edits.append((m.start(), m.end(), rep))
    return edits


# --------------------------------------------------------------------------- 1. line ends
_LINE_END = re.compile(r"\r\n|[\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_INVISIBLE = re.compile(r"[\u200b\u200c\u2060\ufeff\u00ad]+")
_LINE_END_OR_INVISIBLE = re.compile(_LINE_END.pattern + "|" + _INVISIBLE.pattern)


_LINE_END_CHARS = "\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029\u200b\u200c\u2060\ufeff\u00ad"


def _line_end_edits(text: str) -> list[Edit]:
    if not any(c in text for c in _LINE_END_CHARS):
        return []
    return _regex_edits(
        _LINE_END_OR_INVISIBLE, text, lambda m: "" if _INVISIBLE.fullmatch(m.group()) else "\n"
    )


# --------------------------------------------------------------------------- 2. HTML
_BLOCK_TAGS = frozenset(rule_column("normalize_html_block_tags.txt"))
_INLINE_TAGS = frozenset(rule_column("normalize_html_inline_tags.txt"))
_HTML_TAG = re.compile(
    r"<!--.*?-->"
    r"|</?(?P<name>[A-Za-z][A-Za-z0-9]{0,9})(?:\s+[^<>]*)?/?>",
    re.S,
)
_HTML_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def _tag_replacement(m: re.Match) -> str | None:
    name = m.group("name")
    if name is None:  # a comment
        return ""
    name = name.lower()
    if name in _BLOCK_TAGS:
        return "\n"
    if name in _INLINE_TAGS:
        return ""
    return None  # <Teams> or <エ...>: not HTML, leave it


def _entity_replacement(m: re.Match) -> str | None:
    decoded = html.unescape(m.group())
    return None if decoded == m.group() else decoded


def _html_tag_edits(text: str) -> list[Edit]:
    if "<" not in text:
        return []
    return _regex_edits(_HTML_TAG, text, _tag_replacement)


def _html_entity_edits(text: str) -> list[Edit]:
    if "&" not in text:
        return []
    return _regex_edits(_HTML_ENTITY, text, _entity_replacement)


# --------------------------------------------------------------------------- 3. NFKC
# Kept out of NFKC: circled numbers are list markers, not digits (①3年間 must not become 13年間).
_NFKC_KEEP = frozenset(chr(c) for r in ((0x2460, 0x2473), (0x3251, 0x325F), (0x32B1, 0x32BF)) for c in range(r[0], r[1] + 1))
# Blocks with no compatibility decompositions and no combining marks: skipped when the
# character tables are built, only to keep the import fast.
_PLAIN_BLOCKS = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xAC00, 0xD7A3), (0xD800, 0xF8FF),
                 (0x20000, 0x2F7FF), (0x30000, 0xEFFFF), (0xF0000, 0x10FFFF))


def _nfkc_tables() -> tuple[dict[int, str], str]:
    """(translate table for simple one-to-one NFKC changes, regex class of the rest)."""
    simple: dict[int, str] = {}
    unstable: list[int] = []
    composing: set[int] = set(range(0x1161, 0x1176)) | set(range(0x11A8, 0x11C3))  # Hangul V, T
    skip = iter(_PLAIN_BLOCKS)
    block = next(skip)
    cp = 0
    while cp < 0x110000:
        if block and cp >= block[0]:
            cp = block[1] + 1
            block = next(skip, None)
            continue
        ch = chr(cp)
        decomposition = unicodedata.decomposition(ch)
        if decomposition and not decomposition.startswith("<"):
            composing.update(int(p, 16) for p in decomposition.split()[1:])
        if ch not in _NFKC_KEEP:
            n = unicodedata.normalize("NFKC", ch)
            if unicodedata.combining(ch):
                unstable.append(cp)
            elif n != ch:
                if len(n) == 1 and not unicodedata.combining(n):
                    simple[cp] = n
                else:
                    unstable.append(cp)
        cp += 1
    unstable.extend(c for c in composing if c not in simple)
    return simple, _char_class(sorted(set(unstable)))


def _char_class(codepoints: list[int]) -> str:
    ranges: list[str] = []
    i = 0
    while i < len(codepoints):
        j = i
        while j + 1 < len(codepoints) and codepoints[j + 1] == codepoints[j] + 1:
            j += 1
        lo, hi = codepoints[i], codepoints[j]
        ranges.append(re.escape(chr(lo)) if lo == hi else f"{re.escape(chr(lo))}-{re.escape(chr(hi))}")
        i = j + 1
    return "[" + "".join(ranges) + "]"


_NFKC_SIMPLE, _NFKC_UNSTABLE_CLASS = _nfkc_tables()
# A stretch NFKC may change as a whole: a run of these and the character before it.
_NFKC_UNSTABLE = re.compile(f"{_NFKC_UNSTABLE_CLASS}+")


def _attaches_to_previous(ch: str) -> bool:
    """A combining mark (after NFKC: ﾞ is U+3099) or a Hangul vowel/final jamo."""
    n = unicodedata.normalize("NFKC", ch)
    return bool(n and unicodedata.combining(n[0])) or 0x1161 <= ord(ch) <= 0x11C2


def _nfkc_segment_edits(seg: str, offset: int) -> list[Edit]:
    """Edits turning ``seg`` into NFKC(seg), per character where possible."""
    target = unicodedata.normalize("NFKC", seg)
    if target == seg:
        return []
    # Group each character with the combining characters NFKC attaches to it; when the
    # groups do not normalize one by one to the whole, the whole segment is one edit.
    groups: list[tuple[int, int]] = []
    for i, ch in enumerate(seg):
        if groups and _attaches_to_previous(ch):
            groups[-1] = (groups[-1][0], i + 1)
        else:
            groups.append((i, i + 1))
    pieces = [unicodedata.normalize("NFKC", seg[s:e]) for s, e in groups]
    if "".join(pieces) != target:
        return [(offset, offset + len(seg), target)]
    return [
        (offset + s, offset + e, piece)
        for (s, e), piece in zip(groups, pieces)
        if piece != seg[s:e]
    ]


def _nfkc(stage: _Stage) -> _Stage:
    text = stage.text
    if unicodedata.is_normalized("NFKC", text):
        return stage
    # Simple one-to-one changes keep the map as it is.
    simple = text.translate(_NFKC_SIMPLE)
    stage = _Stage(simple, stage.starts, stage.ends)
    if unicodedata.is_normalized("NFKC", simple):
        return stage
    edits: list[Edit] = []
    for m in _NFKC_UNSTABLE.finditer(simple):
        start = m.start()
        if start > 0 and simple[start - 1] != "\n" and simple[start - 1] not in _NFKC_KEEP:
            start -= 1
        edits.extend(_nfkc_segment_edits(simple[start : m.end()], start))
    return _apply(stage, edits)


# --------------------------------------------------------------------------- 4. variants
_VARIANTS = str.maketrans(
    {
        "〜": "~", "～": "~", "∼": "~", "⁓": "~", "〰": "~",
        "“": '"', "”": '"', "〝": '"', "〞": '"', "〟": '"', "‟": '"',
        "‘": "'", "’": "'", "‛": "'",
        "\t": " ",
        **{chr(c): " " for c in range(0x00, 0x20) if chr(c) != "\n"},
        "\x7f": " ",
    }
)
_DASHES = "‐‑‒–—―−ー─━－"
_DASH_BETWEEN_ALNUM = re.compile(f"(?<=[0-9A-Za-z])[{_DASHES}](?=[0-9A-Za-z])")


def _variants(stage: _Stage) -> _Stage:
    text = stage.text
    if not any(chr(c) in text for c in _VARIANTS):
        return stage
    return _Stage(text.translate(_VARIANTS), stage.starts, stage.ends)


def _dash_edits(text: str) -> list[Edit]:
    """Run after spaces and lines are repaired: ``0 3 ー 1 2`` or ``03\nー12`` only then
    show their dash between digits."""
    if not any(c in text for c in _DASHES):
        return []
    return _regex_edits(_DASH_BETWEEN_ALNUM, text, lambda m: "-")


# --------------------------------------------------------------------------- script classes
_KANJI = re.compile(r"[\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF々〆〇ヶ\U00020000-\U0003FFFF]")
_HIRAGANA = re.compile(r"[\u3041-\u309F]")
_JAPANESE = re.compile(r"[\u3041-\u30FF\u4E00-\u9FFF]")
_KATAKANA = re.compile(r"[\u30A0-\u30FF\u31F0-\u31FF]")


@lru_cache(maxsize=4096)
def _script(ch: str) -> str:
    """K kanji, H hiragana, T katakana, L ASCII letter, D ASCII digit, P anything else."""
    if "0" <= ch <= "9":
        return "D"
    if "a" <= ch <= "z" or "A" <= ch <= "Z":
        return "L"
    if _KANJI.match(ch):
        return "K"
    if _HIRAGANA.match(ch):
        return "H"
    if _KATAKANA.match(ch):
        return "T"
    return "P"


def _is_cjk(ch: str) -> bool:
    return _script(ch) in "KHT"


# --------------------------------------------------------------------------- 5. spaced runs
# A gap is one space between two "single" atoms: a token of one character, or an ASCII
# letter/digit that is cut off from the rest of its token by another script
# (``持ち出したU S Bの紛失``: U and B are single).
# The single atom after a space: a character followed by a space or the line end, or an
# ASCII letter/digit followed by another script.
_SINGLE_AFTER = r"(?:\S(?![^ \n])|[0-9A-Za-z](?![0-9A-Za-z \n]))"
# Scanned from the space (a literal, so the regex engine skips ahead fast); the atom
# before it is checked by _is_single_before, the tokens of the line by _is_single_end/start.
_SPACED_GAP = re.compile(f" (?={_SINGLE_AFTER})")
_TOKEN = re.compile(r"[^ ]+")
_LINE_LABELS = frozenset(rule_column("normalize_line_labels.txt"))
_CAMEL_WORDS = frozenset(w.lower() for w in rule_column("normalize_camel_words.txt"))
_LABEL_LINE = re.compile(r"^ *(\S) (?=\S)", re.M)


def _active_labels(text: str) -> frozenset[str]:
    """Labels (Q, A, 問, 答, 同, ア ...) that start at least two lines of this document;
    only then is ``Q B Y O D`` read as the label Q and the word BYOD."""
    counts = Counter(m.group(1) for m in _LABEL_LINE.finditer(text) if m.group(1) in _LINE_LABELS)
    return frozenset(label for label, n in counts.items() if n >= 2)


def _is_single_end(token: str) -> bool:
    """The token's last atom is one character: the whole token, an ASCII letter/digit
    after another script (持ち出したU), or a Japanese character after a mark that opens a name
    (○高 橋 佳 代 子, 一番古 城 ま さ お, により、柳 毅 一 郎: the first letter of a spaced name)."""
    return len(token) == 1 or (_script(token[-1]) in "LD" and _script(token[-2]) not in "LD") \
        or (_is_cjk(token[-1]) and token[-2] in _NAME_OPENERS)


def _is_single_start(token: str) -> bool:
    """The token's first atom is one character: the whole token, an ASCII letter/digit before
    another script, or one Japanese character with a number glued after it (the last letter of
    a spaced name and the item number of the next heading, run together when the PDF's lines
    were flattened: 鈴 木 順 子1 欠席議員)."""
    return len(token) == 1 or (_script(token[0]) in "LD" and _script(token[1]) not in "LD") \
        or (_is_cjk(token[0]) and token[1:].isascii() and token[1:].isdigit()) \
        or (_is_cjk(token[0]) and _is_name_suffix(token[1:]) and not _is_name_suffix(token))


def _is_name_suffix(s: str) -> bool:
    """s starts with a word written after a name (君, 委員, 副委員長); a token that is such a
    word itself (副村長, 委員長) is no name's last letter."""
    return s.removeprefix("副").startswith(_NAME_SUFFIXES)


# A roster or item number glued to its counter or mark (2番, 15号, 1.開会, 3)議案): after a
# name or a word it starts the next entry.
_ROSTER_NUMBER = re.compile(r"[0-9]+(?:[番号]|[.)](?![0-9]))")


def _starts_entry(previous: str, token: str) -> bool:
    return _is_cjk(previous[-1]) and _ROSTER_NUMBER.match(token) is not None


# The marks a name follows in minutes and rosters (○議長, 一番, 、柳...); the words a name is
# followed by (君, 委員, 部長; see rules/normalize_name_suffixes.txt).
_NAME_OPENERS = frozenset("○◎◯〇●◆◇■□△▲・、,:(「【『〔番│┃|｜")  # (a table cell's bar: │安 和 敏 幸)
_NAME_SUFFIXES = tuple(rule_column("normalize_name_suffixes.txt"))


def _ascii_stretch_left(s: str, i: int, kind: str) -> int:
    """Length of the stretch of script ``kind`` ending at s[i]."""
    n = 0
    while i - n >= 0 and _script(s[i - n]) == kind:
        n += 1
    return n


def _ascii_stretch_right(s: str, i: int, kind: str) -> int:
    n = 0
    while i + n < len(s) and _script(s[i + n]) == kind:
        n += 1
    return n


def _is_camel_boundary(s: str, i: int) -> bool:
    """``s[i]`` lower-case and ``s[i+1]`` upper-case start a new word (MicrosoftTeams),
    unless the two pieces form a word written that way (OneDrive, SharePoint)."""
    lower = 0
    while i - lower >= 0 and s[i - lower].islower() and s[i - lower].isascii():
        lower += 1
    if lower < 2:  # iPad, iPhone, eLTAX
        return False
    left_start = i - lower + 1
    if left_start > 0 and s[left_start - 1].isupper() and s[left_start - 1].isascii():
        left_start -= 1
    right_end = i + 1  # the right piece runs to the next lower-to-upper change
    while (
        right_end + 1 < len(s)
        and _script(s[right_end + 1]) == "L"
        and not (s[right_end].islower() and s[right_end + 1].isupper())
    ):
        right_end += 1
    return s[left_start : right_end + 1].lower() not in _CAMEL_WORDS


def _keeps_space_ascii(s: str, i: int) -> bool:
    """Whether the space between ASCII s[i] and s[i+1] (joined string ``s``) is a word
    boundary: a letter run meeting a digit run (Microsoft 365, Windows 10, but E5, 5G,
    10GB) or a lower-to-upper case change (Microsoft Teams, but iPad, OneDrive)."""
    a, b = _script(s[i]), _script(s[i + 1])
    if a == b == "L":
        return s[i].islower() and s[i + 1].isupper() and _is_camel_boundary(s, i)
    if a == b:
        return False
    if a == "L":  # letters then digits
        return _ascii_stretch_left(s, i, "L") >= 2
    letters = _ascii_stretch_right(s, i + 1, "L")  # digits then letters
    after = s[i + 1 + letters] if i + 1 + letters < len(s) else ""
    word = s[i + 1 : i + 1 + letters]
    unit_like = letters == 1 or (letters <= 3 and (word.isupper() or word.islower()))
    return not unit_like or _script(after) == "D"


def _edge_keeps_space(x: str, y: str, *, left: bool) -> bool:
    """Space between a spaced run and a neighbouring ordinary token: x before, y after.
    Kept between two kanji (副委員長 尾 崎 太: a title and a name), between a kanji or
    katakana word and a Latin one, and between two ASCII words."""
    a, b = _script(x), _script(y)
    if a in "LD" and b in "LD":
        return True
    if left:  # 当市では B Y O D: the space before a Latin word is the writer's
        return b == "L" or (a in "KTL" and b in "KTL")
    return (a, b) in {("K", "K"), ("K", "L")}


def _run_qualifies(atoms: list[str], japanese: bool, line_has_long_run: bool, context: bool = False) -> bool:
    """Three or more single atoms; two CJK ones only on a line that is letter-spaced
    elsewhere too (木村 靖 氏 is a byline, not damage); two capitals in Japanese text
    (行政 D X -> 行政 DX). In letter-spaced context (see _spaced_lines) any two or more atoms:
    議 事, 本 文, 2 0 2 5 / 0 8 / 1 8, ( 1 ), = = = =."""
    if context and len(atoms) >= 2:
        return True
    if _is_spaced_number(atoms):
        return True
    if not any(_is_cjk(a) for a in atoms) and not all(_script(a) in "LD" for a in atoms):
        return False  # x = y + 1, 1 < 2: symbols between ASCII, not spacing damage
    if len(atoms) >= 3:
        return True
    if len(atoms) == 2:
        a, b = atoms
        if _is_cjk(a) and _is_cjk(b):
            return line_has_long_run
        return japanese and a.isascii() and b.isascii() and a.isupper() and b.isupper()
    return False


def _is_spaced_number(atoms: list[str]) -> bool:
    """1 0 4 , 5 0 0 , 0 0 0 and 2 4 4 . 9 4: digits with their commas and points, three or more."""
    digits = sum(a.isdigit() for a in atoms)
    return digits >= 3 and all(a.isdigit() or a in ",." for a in atoms) and atoms[0].isdigit() and atoms[-1].isdigit()


def _spaced_line_edits(
    line: str, offset: int, labels: frozenset[str], japanese: bool, context: bool = False,
    inner_context: bool = False,
) -> list[Edit]:
    """Spaces to delete in one line (offset: where the line starts in the text; context: the
    line stands among letter-spaced lines, see _spaced_lines; inner_context: so does the line
    as written before letter spacing, see _restored_line)."""
    parts = line.split(" ")
    if len(line) == 2 * len(parts) - 1 and "" not in parts:
        return _fully_spaced_line_edits(parts, offset, labels, japanese, context)
    if "" in parts and _is_gapped_spaced_line(line, context):
        return _gapped_spaced_line_edits(line, offset, labels, japanese, inner_context)
    edits = _token_spaced_line_edits(line, offset, labels, japanese, context)
    if "   " in line:
        edits = _merged_deletions(edits, _spaced_stretch_edits(line, offset))
    return edits


# A stretch of a line that is letter-spaced with a word gap inside, in a line that is not
# (四番平   慶 翔君, 4番 山 田   美 津 代 5番: a spaced name, its surname/given-name gap wider):
# single atoms joined by one space or by three or more.
def _spaced_stretch_edits(line: str, offset: int) -> list[Edit]:
    """Deletions restoring each stretch as written (see _restored_line)."""
    tokens = [(m.start(), m.end()) for m in _TOKEN.finditer(line)]
    words = [line[s:e] for s, e in tokens]
    edits: list[Edit] = []
    i = 0
    while i < len(tokens) - 1:
        j = i
        while j + 1 < len(tokens) and _stretch_continues(line, tokens, words, i, j):
            j += 1
        if j > i:
            edits.extend(_stretch_deletions(line, offset, tokens, words, i, j))
        i = j + 1
    return edits


def _stretch_continues(line: str, tokens, words, i: int, j: int) -> bool:
    """Token j+1 extends the stretch i..j: a gap of one or of three or more spaces, token j
    ends and token j+1 starts with a single atom, and tokens inside the stretch are single."""
    gap = tokens[j + 1][0] - tokens[j][1]
    if gap == 2 or not _is_single_start(words[j + 1]) or _starts_entry(words[j], words[j + 1]):
        return False
    return _is_single_end(words[j]) if j == i else len(words[j]) == 1


def _stretch_deletions(line: str, offset: int, tokens, words, i: int, j: int) -> list[Edit]:
    atoms = [words[i][-1]] + [words[k][0] for k in range(i + 1, j + 1)]
    gaps = [tokens[k + 1][0] - tokens[k][1] for k in range(i, j)]
    if len(atoms) == 2 and len(words[i]) == 1 and len(words[j]) == 1 and _spread_post_at(atoms, gaps, 0):
        return [(offset + p, offset + p + 1, "") for p in range(tokens[i][1], tokens[j][0])]  # 書     記
    if len(atoms) < 3 or 1 not in gaps or max(gaps) < 3 or not any(_is_cjk(a) for a in atoms):
        return []
    if not all(_is_cjk(a) or _script(a) in "LD" for a in atoms):
        return []
    edits: list[Edit] = []
    for n, (k, g) in enumerate(zip(range(i, j), gaps)):
        keep = 0 if g == 1 or _spread_post_at(atoms, gaps, n) else (g - 1) // 2
        edits.extend((offset + p, offset + p + 1, "") for p in range(tokens[k][1] + keep, tokens[k + 1][0]))
    return edits


def _spread_post_at(atoms: list[str], gaps: list[int], n: int) -> bool:
    """Gap n of a stretch lies inside a two-letter post spread to a column's width (耐     書     記:
    書記 of normalize_name_suffixes.txt, wide gaps on both sides of it)."""
    left = gaps[n - 1] if n else 99
    right = gaps[n + 1] if n + 1 < len(gaps) else 99
    return gaps[n] >= 3 and left != 1 and right != 1 and atoms[n] + atoms[n + 1] in _NAME_SUFFIXES


def _merged_deletions(a: list[Edit], b: list[Edit]) -> list[Edit]:
    """Two lists of one-character deletions as one sorted list without repeats."""
    return sorted(set(a) | set(b)) if b else a


# A letter-spaced line with word gaps: every character is followed by one space, and a gap
# the writer made (a space, U+3000, a column gap) became a wider run of spaces
# (総 務 部 長   山 田   太 郎, 1 番   吉   田 — pdftotext and pypdf write such lines).
_SPACE_RUN = re.compile(r" +")


def _is_gapped_spaced_line(line: str, context: bool = False) -> bool:
    """Nearly every token is one character, and some are joined by single spaces (in
    letter-spaced context the gaps may all be wide: a name the writer spaced out,
    会 　 長 　 佐 　 藤, spaced once more)."""
    tokens = line.split()
    if not _mostly_single(tokens) or _has_word_inside(line):
        return False
    atoms = [t for t in tokens if len(t) == 1]
    if not any(_is_cjk(a) for a in atoms) and not _mostly_ascii_words(atoms):
        return False
    return context or _SINGLE_SPACE.search(line.strip()) is not None


def _is_written_word(token: str) -> bool:
    """A Japanese word of several characters (村長, 副村長); a mark or an honorific glued to a
    letter (◎道, 子君) is no such word."""
    return len(token) > 1 and not token.isascii() and not _is_single_end(token) and not _is_single_start(token)


_TOKEN_AND_GAP = re.compile(r"(?P<token>[^ ]+)(?P<gap> *)")


def _has_word_inside(line: str) -> bool:
    """A word written whole with one space after it (村長 萩 原): a word the PDF left unspaced
    ends at a word gap or the line end (農 山 村振興  山 口 千代作)."""
    stripped = line.strip()
    return any(_is_written_word(m.group("token")) and len(m.group("gap")) == 1
               for m in _TOKEN_AND_GAP.finditer(stripped))


def _mostly_ascii_words(atoms: list[str]) -> bool:
    """ASCII letters and digits with some punctuation among them (1 0   3 1 2 , 0 0 0)."""
    alnum = sum(_script(a) in "LD" for a in atoms)
    return all(a.isascii() for a in atoms) and alnum >= 0.6 * len(atoms)


def _restored_line(line: str) -> tuple[str, list[int]]:
    """The line as written before letter spacing: single spaces go, and a run of g spaces
    becomes (g - 1) // 2 (at least one) -- the inverse of "a space after every character",
    so column gaps keep their width for the table-row test. Also the line position of each
    character of the restored line."""
    chars: list[str] = []
    where: list[int] = []
    pos = 0
    for m in _SPACE_RUN.finditer(line):
        chars.extend(line[pos : m.start()])
        where.extend(range(pos, m.start()))
        g = len(m.group())
        inner = 0 < m.start() and m.end() < len(line)
        keep = g if not inner else (0 if g == 1 and not unicodedata.combining(line[m.end()]) else max(1, (g - 1) // 2))
        chars.extend(" " * keep)
        where.extend(range(m.start(), m.start() + keep))
        pos = m.end()
    chars.extend(line[pos:])
    where.extend(range(pos, len(line)))
    return "".join(chars), where


def _gapped_spaced_line_edits(
    line: str, offset: int, labels: frozenset[str], japanese: bool, inner_context: bool = False
) -> list[Edit]:
    """Restore the line (see _restored_line), then repair it like any other line: a name the
    writer spaced out (吉 田 崇 仁) is still joined."""
    restored, where = _restored_line(line)
    kept = set(where)
    deleted = [k for k in range(len(line)) if k not in kept]
    again = _spaced_line_edits(restored, 0, labels, japanese, inner_context)  # the writer's spaces
    deleted.extend(where[s] for s, _e, _r in again)
    deleted.extend(where[k] for k in _spread_post_gaps(restored))
    return [(offset + k, offset + k + 1, "") for k in sorted(set(deleted))]


# a two-letter post spread to the width of the column's longer posts (書     記 under 事 務 局 長)
_SPREAD_PAIR = re.compile(r"(?:(?<= )|^)(\S)( {2,})(?=(\S)(?: |$))")


def _spread_post_gaps(restored: str) -> list[int]:
    """Positions of the gap inside a two-letter post of normalize_name_suffixes.txt (書記, 議長)
    that the restored line still spreads over a column's width."""
    return [k for m in _SPREAD_PAIR.finditer(restored) if m.group(1) + m.group(3) in _NAME_SUFFIXES
            for k in range(m.start(2), m.end(2))]


def _token_spaced_line_edits(
    line: str, offset: int, labels: frozenset[str], japanese: bool, context: bool = False
) -> list[Edit]:
    """Runs of single atoms joined by single spaces, in a line of ordinary tokens."""
    tokens = [(m.start(), m.end()) for m in _TOKEN.finditer(line)]
    if len(tokens) < 2:
        return []
    words = [line[s:e] for s, e in tokens]
    # spaced[i]: the one-space gap after token i joins two single atoms
    spaced = [
        tokens[i + 1][0] - tokens[i][1] == 1 and _is_single_end(words[i]) and _is_single_start(words[i + 1])
        and not _starts_entry(words[i], words[i + 1])
        for i in range(len(tokens) - 1)
    ]
    if words[0] in labels and spaced[0]:
        run_after = 1
        while run_after < len(spaced) and spaced[run_after]:
            run_after += 1
        if words[0] in "QA問答" or run_after <= 8:
            spaced[0] = False
    runs: list[tuple[int, int]] = []  # tokens i..j joined by spaced gaps
    i = 0
    while i < len(spaced):
        if not spaced[i]:
            i += 1
            continue
        j = i
        while j < len(spaced) and spaced[j]:
            j += 1
        runs.append((i, j))
        i = j
    has_long_run = any(j - i >= 2 for i, j in runs)
    edits: list[Edit] = []
    for i, j in runs:
        atoms = [words[i][-1]] + [words[k][0] for k in range(i + 1, j + 1)]
        # in an ordinary line, two digits apart are two numbers (4 会期の決定 5 1月定例会)
        two_numbers = len(atoms) == 2 and atoms[0].isdigit() and atoms[1].isdigit()
        # a two-letter name whose honorific or title is glued after it (加 藤会長, 吉 岡君)
        named = len(atoms) == 2 and len(words[j]) > 1 and _is_cjk(words[j][0]) and _is_name_suffix(words[j][1:])
        if _run_qualifies(atoms, japanese, has_long_run or named, context and not two_numbers):
            edits.extend(_run_edits(offset, tokens, words, i, j))
    return edits


def _fully_spaced_line_edits(
    parts: list[str], offset: int, labels: frozenset[str], japanese: bool, context: bool = False
) -> list[Edit]:
    """The common case, fast: every character of the line is followed by one space."""
    first = 0
    if parts[0] in labels and (parts[0] in "QA問答" or len(parts) <= 9):
        first = 1
    atoms = parts[first:]
    if not _run_qualifies(atoms, japanese, len(atoms) >= 3, context):
        return []
    joined = "".join(parts)
    edits: list[Edit] = []
    for k in range(first, len(parts) - 1):
        a, b = joined[k], joined[k + 1]
        if a.isascii() and b.isascii() and a.isalnum() and b.isalnum() and _keeps_space_ascii(joined, k):
            continue
        if k == 0 and _is_item_number(a, b):
            continue
        if unicodedata.combining(b):
            continue
        gap = offset + 2 * k + 1
        edits.append((gap, gap + 1, ""))
    return edits


def _run_edits(offset: int, tokens, words, i: int, j: int) -> list[Edit]:
    """Deletions for the run of tokens i..j (joined by spaced gaps) and its two edges."""
    joined = "".join(words[i : j + 1])
    edits: list[Edit] = []
    pos = len(words[i]) - 1  # index in ``joined`` of the char before each gap
    for k in range(i, j):
        a, b = joined[pos], joined[pos + 1]
        keep = _script(a) in "LD" and _script(b) in "LD" and _keeps_space_ascii(joined, pos)
        if k == 0 and _is_item_number(words[0], b):
            keep = True
        if unicodedata.combining(b):  # a lone ﾞ (U+3099) joined here would compose only on a second pass
            keep = True
        if not keep:
            gap = offset + tokens[k][1]
            edits.append((gap, gap + 1, ""))
        pos += len(words[k + 1])
    # The ordinary tokens around the run: join unless _edge_keeps_space says otherwise.
    # (A token of several characters sits outside the run only when it is not single.)
    if i > 0 and tokens[i][0] - tokens[i - 1][1] == 1 and len(words[i]) == 1:
        if not _edge_keeps_space(words[i - 1][-1], words[i][0], left=True) and not _is_label_gap(tokens, i - 1):
            gap = offset + tokens[i - 1][1]
            edits.insert(0, (gap, gap + 1, ""))
    if j + 1 < len(tokens) and tokens[j + 1][0] - tokens[j][1] == 1 and len(words[j]) == 1:
        if not _edge_keeps_space(words[j][-1], words[j + 1][0], left=False) \
                and not unicodedata.combining(words[j + 1][0]) and not _starts_entry(words[j], words[j + 1]):
            gap = offset + tokens[j][1]
            edits.append((gap, gap + 1, ""))
    return edits


# Counters that follow a number (7 月, 3 6 6 人): a line-initial digit before anything else
# is an item number (1 視 察 日 程 -> 1 視察日程).
_COUNTERS = frozenset("年月日時分秒人件回円万億千百十階名個台枚歳割倍週校社点号条項章節期度番")


def _is_item_number(first: str, following: str) -> bool:
    return first.isdigit() and _is_cjk(following) and following not in _COUNTERS


def _is_label_gap(tokens, k: int) -> bool:
    """The gap after a one-character first token that was not joined: a line label."""
    return k == 0 and tokens[0][1] - tokens[0][0] == 1


def _is_single_before(text: str, i: int) -> bool:
    """text[i-1] is a single atom (see _is_single_end)."""
    if i == 0 or text[i - 1] in " \n":
        return False
    before = text[i - 2] if i >= 2 else "\n"
    return before in " \n" or (_script(text[i - 1]) in "LD" and _script(before) not in "LD")


def _is_letter_spaced(line: str) -> bool:
    """Three or more one-character tokens, nearly all the line's, some joined by one space."""
    if line.count(" ") < 2:
        return False
    return _mostly_single(line.split()) and bool(_SINGLE_SPACE.search(line.strip()))


def _mostly_single(tokens: list[str]) -> bool:
    """Three or more one-character tokens, nearly all of them."""
    singles = sum(len(t) == 1 for t in tokens)
    return singles >= 3 and singles >= 0.85 * len(tokens)


_SINGLE_SPACE = re.compile(r"(?<! ) (?! )")  # a space with no space beside it
_SPACED_SHARE = 0.3  # of the lines with three or more characters: the document is letter-spaced


def _spaced_lines(lines: list[str]) -> tuple[list[bool], bool]:
    """Which lines are letter-spaced, and whether the whole document is (many of its lines)."""
    spaced = [_is_letter_spaced(line) for line in lines]
    filled = sum(len(line.strip()) >= 3 for line in lines)
    n = sum(spaced)
    return spaced, n >= 3 and n >= _SPACED_SHARE * filled


def _in_spaced_context(spaced: list[bool], document: bool, lines: list[str], k: int) -> bool:
    """The document is letter-spaced, or the nearest filled line before or after line k is."""
    if document:
        return True
    for step in (-1, 1):
        j = k + step
        while 0 <= j < len(lines) and not lines[j].strip():
            j += step
        if 0 <= j < len(lines) and spaced[j]:
            return True
    return False


def _spaced_run_edits(text: str) -> list[Edit]:
    if " " not in text:
        return []
    labels = _active_labels(text) if _LABEL_LINE.search(text) else frozenset()
    japanese = bool(_JAPANESE.search(text))  # the whole document: joining lines keeps it
    lines = text.split("\n")
    starts = list(accumulate((len(line) + 1 for line in lines[:-1]), initial=0))
    spaced, document = _spaced_lines(lines)
    contexts = [_in_spaced_context(spaced, document, lines, k) for k in range(len(lines))]
    # the lines as written before letter spacing, for the context of a second repair
    written = [_restored_line(line)[0] if c else line for line, c in zip(lines, contexts)]
    spaced2, document2 = _spaced_lines(written) if any(contexts) else (spaced, document)
    edits: list[Edit] = []
    for k, line in enumerate(lines):
        if " " not in line or not (contexts[k] or _has_spaced_gap(line)):
            continue
        inner = contexts[k] and _in_spaced_context(spaced2, document2, written, k)
        edits.extend(_spaced_line_edits(line, starts[k], labels, japanese, contexts[k], inner))
    return edits


def _has_spaced_gap(line: str) -> bool:
    """One space between two single atoms somewhere in the line (a name's last letter glued
    to its honorific included: 山 田 太 郎君)."""
    if any(_is_single_before(line, m.start()) for m in _SPACED_GAP.finditer(line)):
        return True
    words = line.split(" ")
    return any(_is_single_end(a) and _is_single_start(b) for a, b in zip(words, words[1:]) if a and b)


# --------------------------------------------------------------------------- 6. line breaks
# A line cannot start with these (禁則: closing marks, small kana, the long vowel mark) and
# cannot end with opening brackets, so a break next to them is a wrap, never layout.
_NO_LINE_START = frozenset("、。,.)]}」』】〕〉》’”ゃゅょっぁぃぅぇぉゎャュョッァィゥェォヮヵヶー々ゝゞヽヾ:;!?%")
_NO_LINE_END = frozenset("([{「『【〔〈《‘“")
_TERMINALS = frozenset("。.!?」』)】〕〉》:…\"'")
_TERMINAL_INSIDE = re.compile(r"[。!?](?!$)")
_COMMA_INSIDE = re.compile(r"[、,](?!$)")
# Lines that open a block of their own: bullets, numbered items, speaker headers of minutes
# (○議長(山田太郎君)), Q/A labels, markdown headings, bracketed captions, dates.
_BLOCK_START = re.compile(
    r"""^(?:
        [・●○◯◎◆◇■□▲△▼▽★☆※〇◉►▶➢✓✔→⇒#>＜<【\[〔〈《=―\-─━*+]
      | [\u2460-\u2473\u2474-\u249b\u3251-\u325f\u32b1-\u32bf]
      | \(\ ?[0-9一二三四五六七八九十ア-ンa-zA-Zイロハ]{1,3}\ ?\)
      | [0-9]{1,3}[.)](?![0-9])
      | [0-9]{1,3}\ (?=\S)
      | [ア-ン][.)、]
      | [a-zA-Z][.)]\ 
      | [ア-ン]\ (?=\S)
      | 第[0-9一二三四五六七八九十百]+[章節条項款回部編号]
      | (?:Q|A|問|答)[0-9]*(?:\ |[.:](?![0-9]))
      | (?:令和|平成|昭和|[0-9]{4}年)[0-9元]*年?[0-9]+月[0-9]+日
    )""",
    re.X,
)
# 森田 嘉彦 / 京都府 政策企画部 情報政策課: Japanese words set apart by spaces
_BYLINE = re.compile(r"^[^ -~]+(?: [^ -~]+){1,}$")
# Phrases that continue a sentence and never start one: 「DX推進計画」 / に基づき
_CONTINUATION = re.compile(r"^(?:を|という|として|について|によ[りるっ]|に(?:基づ|関し|関す|対し|対す|おけ|おい|よ[りる]|伴)|における)")
# Endings that leave a heading open: particles, and the plain form of a verb or adjective
# before its noun (変わる / 働き方).
_OPEN_TITLE_END = re.compile(r"(?:[のにをがとでへやもはるむうくいぐつぬぶめ]|(?<!ま)す)$")
_HONORIFIC_END = re.compile(r"(?:氏|様|君|さん|殿|議員|委員)$")
_TABLE_ROW = re.compile(r"\S {2,}\S|^[0-9,.%()\- 円人件千万億△▲]+$")
_NUMBER_TAIL = re.compile(r"[0-9](?:,(?P<group>[0-9]{0,2}))?$")
_NUMBER_HEAD = re.compile(r"(?P<comma>,)?(?P<digits>[0-9]+)")
# 8,012 / 人: a figure whose counter went to the next line (slides, table cells).
_SCALED_NUMBER_END = re.compile(r"[0-9][万億千兆]$")
# 302億 / 1,234万5千円, 1兆 / 2,345億円: the rest of an amount in a lower scale
_HIGH_SCALE_END = re.compile(r"[0-9](?P<scale>[億兆])$")
_LOWER_SCALE_START = {"億": re.compile(r"^[0-9][0-9,]*(?:万|千(?!円)|百|円)"),
                      "兆": re.compile(r"^[0-9][0-9,]*(?:億|万|千(?!円)|百|円)")}


def _amount_continues(p: str, n: str) -> bool:
    """``302億`` + ``1,234万5千円``: an amount cut between its scales."""
    end = _HIGH_SCALE_END.search(p)
    return end is not None and _LOWER_SCALE_START[end.group("scale")].match(n) is not None
_NUMBER_END = re.compile(r"[0-9](?:[0-9,.]*[0-9])?[万億千兆]?$")
_UNIT_START = re.compile(
    r"^(?:%|(?:人|円|件|台|校|個|回|名|年度|年間|か月|ヶ月|カ月|か所|ヶ所|箇所|時間|分|秒|倍|割|枚|冊|戸"
    r"|世帯|区|点|社|団体|手続|ライセンス|km|kg|GB|TB|MB)(?![\u3400-\u9fff]))"
)


# 都城市は、令和6年 / 10月1日から: a date broken between its year and its month (or between
# an era year's number and 年/年度) by a PDF line end. The year must follow other text on its
# line, so a year standing alone as a heading over a list of months keeps its break.
_YEAR_TAIL = re.compile(
    r"\S(?P<year>(?:令和|平成|昭和|大正|明治)(?:[0-9]{1,2}|元)|(?<![0-9,.])[0-9]{4})(?P<nen>年)?$"
)
_MONTH_HEAD = re.compile(r"^[0-9]{1,2}月")
# 本市では、令和5年12月 / 1日から: a sentence's date cut between its month and its day (a month
# heading alone on its line over a list of days keeps its break)
_MONTH_TAIL = re.compile(
    r"\S(?:(?:令和|平成|昭和|大正|明治)(?:[0-9]{1,2}|元)|(?<![0-9,.])[0-9]{4})年[0-9]{1,2}月$")
_DAY_HEAD = re.compile(r"^[0-9]{1,2}日")
_NEN_HEAD = re.compile(r"^年(?:度|[0-9]{1,2}月)")


# 本年11月30 / 日に完成, 令和5年11 / 月: a date cut between the number and its unit 日 or 月
# (letter-spaced PDF text, once its spacing is repaired, breaks where the page line ended)
_UNIT_CUT = (
    (re.compile(r"[0-9]{1,2}月[0-9]{1,2}$"), re.compile(r"^日")),
    (re.compile(r"年度?[0-9]{1,2}$"), re.compile(r"^月")),
)


def _unit_cut(p: str, n: str) -> bool:
    """``11月30`` + ``日``, ``令和5年12`` + ``月``: a number whose date unit went to the next line."""
    return any(tail.search(p) is not None and head.match(n) is not None for tail, head in _UNIT_CUT)


def _date_continues(p: str, n: str) -> bool:
    """``令和6年`` + ``10月1日``, ``2024年`` + ``10月``, ``令和6`` + ``年度``, ``11月30`` + ``日``."""
    if _unit_cut(p, n) or (_MONTH_TAIL.search(p) and _DAY_HEAD.match(n)):
        return True
    tail = _YEAR_TAIL.search(p)
    if tail is None:
        return False
    return bool(_MONTH_HEAD.match(n) if tail.group("nen") else _NEN_HEAD.match(n))


def _width(s: str) -> float:
    """Display width: a Japanese character is 1, an ASCII one 1/2."""
    return len(s) - 0.5 * len(s.encode("ascii", "ignore"))


def _wrap_width(lines: list[str]) -> float | None:
    """The width at which this document's lines were wrapped (PDF text), if they were:
    many lines share one width and hardly any line is wider. Table rows and bylines
    (words set apart by spaces) do not count."""
    widths = [_width(s) for s in lines if _width(s) >= 10 and not _BYLINE.match(s) and not _TABLE_ROW.search(s)]
    if len(widths) < 5:
        return None
    counts = Counter(int(w) for w in widths)
    best, score = max(((w, counts[w] + counts[w - 1]) for w in counts), key=lambda x: (x[1], x[0]))
    wider = sum(1 for w in widths if w > best + 2)
    if best >= 15 and score >= 5 and score >= 0.3 * len(widths) and wider <= 0.1 * len(widths):
        return best
    return None


def _number_continues(p: str, n: str) -> bool:
    """``1,2`` + ``00人``: a number with thousands separators broken across lines."""
    tail = _NUMBER_TAIL.search(p)
    head = _NUMBER_HEAD.match(n)
    if not tail or not head:
        return False
    group = tail.group("group")
    digits = len(head.group("digits"))
    if head.group("comma"):  # 1 + ,200
        return group is None and digits == 3
    if group is None:  # 12 + 00: could be two cells
        return False
    return len(group) + digits == 3


def _is_wrapped_title(p: str, n: str) -> bool:
    """A short heading broken after a particle or before the noun a verb describes:
    窓口改革と働き方改革の / 両立を目指す町. Not after an agenda item (…について) or a
    finished predicate (…します, …した), which are complete lines."""
    return (
        bool(_OPEN_TITLE_END.search(p))
        and _width(p) >= 6
        and _width(n) <= 40
        and _script(n[0]) != "D"
        and _script(n[-1]) in "KTL"
        and not _TERMINAL_INSIDE.search(n)
        and not _HONORIFIC_END.search(n)
        and not _BYLINE.match(n)
    )


# Tea / ms, Micro / soft: a Latin word glued to Japanese text before it, broken at the line end
# and going on in lower case on the next line (not iPhone / eLTAX, which start a word of their own)
_LATIN_WORD_TAIL = re.compile(r"[^\x00-\x7f][A-Za-z]*[a-z]\Z")
_LATIN_WORD_HEAD = re.compile(r"[a-z]+(?![A-Z])")


def _splits_latin_word(p: str, n: str) -> bool:
    return _LATIN_WORD_TAIL.search(p) is not None and _LATIN_WORD_HEAD.match(n) is not None


def _join_with(p: str, n: str) -> str:
    """Words of Latin script keep a space where their line broke; digits and Japanese don't."""
    a, b = _script(p[-1]), _script(n[0])
    if _is_single_end(p.rsplit(" ", 1)[-1]) and _is_single_start(n.split(" ", 1)[0]):
        return ""  # 1 / B あ: a space would make single characters read as letter spacing next time
    return " " if a in "LD" and b in "LD" and not a == b == "D" else ""


def _break_decision(
    p: str, n: str, raw_p: str, *, ended: bool, comma: bool, wrap: float | None, joined: bool = False
) -> str | None:
    """What replaces the line break between lines p and n (stripped; ``raw_p`` is p with
    its indentation; ``ended``/``comma``: the logical line p ends has a sentence end or a
    comma before its last character). None keeps the break."""
    if unicodedata.combining(n[0]):  # a lone voiced mark: joined, it would compose only on a second pass
        return None
    if n[0] in _NO_LINE_START or p[-1] in _NO_LINE_END:
        return _join_with(p, n)
    if _splits_latin_word(p, n):
        return ""
    if _CONTINUATION.match(n) and p[-1] not in "。.!?:":
        return ""
    if p[-1] in _TERMINALS:
        return None
    if _number_continues(p, n) or (_NUMBER_END.search(p) and _UNIT_START.match(n)) \
            or _amount_continues(p, n):
        return ""
    if _date_continues(p, n) and not _TABLE_ROW.search(p) and not _TABLE_ROW.search(n):
        return ""
    if _BLOCK_START.match(n) or p.startswith(("#", "○", "◆", "◎", "●")) and len(p) < 30:
        return None
    # (a line joined to the one before is part of a sentence, not a cell: 。あ / 1 / あ reads as 。あ1あ)
    if (_TABLE_ROW.search(p) and not joined) or (_TABLE_ROW.search(n) and not ended):
        return None  # a number alone on a line is a table cell, unless prose runs into it
    if _BYLINE.match(p) or _BYLINE.match(n):  # 京都府 政策企画部 情報政策課 / 主幹
        return None
    if wrap is not None and _width(p) >= wrap - 2:
        return _join_with(p, n)
    if p[-1] in "、,":
        return _join_with(p, n)
    if _script(p[-1]) in "KHTLD" and ended:
        return _join_with(p, n)
    if _script(p[-1]) == "H" and comma:  # 本市は、令和5年度から / 窓口の…
        return ""
    if raw_p.startswith(" ") and _width(p) >= 20 and (_script(p[-1]) == "H"):
        return ""
    if _is_wrapped_title(p, n):
        return ""
    return None


def _joins_across_blank(p: str, n: str, wrap: float | None) -> bool:
    """A page break inside a word leaves a blank line: 新型コロナワ / (blank) / クチン."""
    if p[-1] in _TERMINALS or _BLOCK_START.match(n):
        return False
    if _SCALED_NUMBER_END.search(p) and _UNIT_START.match(n):
        return True  # 2億3,518万6千 / (blank) / 円: an amount whose unit a page break cut off
    if _amount_continues(p, n):
        return True  # 302億 / (blank) / 1,234万5千円: an amount cut between its scales
    if _unit_cut(p, n):
        return True  # 本年12 / (blank) / 月1日: a date cut between a number and its unit
    long_p = _width(p) >= (wrap - 2 if wrap else 20)
    if not long_p:
        return False
    if n[0] in _NO_LINE_START and n[0] not in "・":
        return True
    return _script(p[-1]) == "T" and _script(n[0]) == "T" and _width(n) >= 20


def _next_filled(lines: list[str], k: int) -> int | None:
    """The index of the first non-blank line from k on, None when there is none."""
    return next((i for i in range(k, len(lines)) if lines[i]), None)


def _line_join_edits(text: str) -> list[Edit]:
    if "\n" not in text:
        return []
    raw = text.split("\n")
    offsets = []
    pos = 0
    for line in raw:
        offsets.append(pos)
        pos += len(line) + 1
    stripped = [line.strip(" ") for line in raw]
    wrap = _wrap_width(stripped)

    def content_end(k: int) -> int:
        return offsets[k] + len(raw[k].rstrip(" "))

    def content_start(k: int) -> int:
        return offsets[k] + len(raw[k]) - len(raw[k].lstrip(" "))

    edits: list[Edit] = []
    # whether the logical line so far has a sentence end / a comma before its last character
    ended = comma = False
    joined = False  # line k was joined to the line before it
    k = 0
    while k < len(raw) - 1:
        p, n = stripped[k], stripped[k + 1]
        if not p:
            joined = False
            k += 1
            continue
        ended = ended or bool(_TERMINAL_INSIDE.search(p))
        comma = comma or bool(_COMMA_INSIDE.search(p))
        if n:
            rep = _break_decision(p, n, raw[k], ended=ended, comma=comma, wrap=wrap, joined=joined)
            joined = rep is not None
            if rep is None:
                ended = comma = False
            else:
                edits.append((content_end(k), content_start(k + 1), rep))
                ended, comma = ended or p[-1] in "。!?", comma or p[-1] in "、,"
            k += 1
        elif (after := _next_filled(stripped, k + 1)) is not None and _joins_across_blank(p, stripped[after], wrap):
            edits.append((content_end(k), content_start(after), ""))
            joined = True
            k = after  # the blank lines are consumed (several too: collapsed to one, they would join next time)
        else:
            ended = comma = joined = False
            k += 1
    return [e for e in edits if e[1] > e[0]]


# --------------------------------------------------------------------------- 7. spaces
# Every branch starts with a literal, so the scan skips ahead fast.
_EXTRA_SPACES = re.compile(r"\n(?P<lead> +)| +(?=\n|\Z)| {2,}")
_EXTRA_NEWLINES = re.compile(r"\n{3,}|\n+\Z")


def _space_edits(text: str) -> list[Edit]:
    if " " not in text:
        return []
    edits: list[Edit] = []
    lead = len(text) - len(text.lstrip(" "))
    if lead:
        edits.append((0, lead, ""))
    for m in _EXTRA_SPACES.finditer(text, lead):
        if m.group("lead"):
            edits.append((m.start("lead"), m.end("lead"), ""))
        elif m.end() == len(text) or text[m.end()] == "\n":
            edits.append((m.start(), m.end(), ""))
        else:
            edits.append((m.start(), m.end(), " "))
    return edits


def _newline_edits(text: str) -> list[Edit]:
    if not text.startswith("\n") and not text.endswith("\n") and "\n\n\n" not in text:
        return []
    edits: list[Edit] = []
    lead = len(text) - len(text.lstrip("\n"))
    if lead:
        edits.append((0, lead, ""))
    for m in _EXTRA_NEWLINES.finditer(text, lead):
        edits.append((m.start(), m.end(), "" if m.end() == len(text) else "\n\n"))
    return edits


# --------------------------------------------------------------------------- pipeline
def _edit_stage(edits_of):
    def run(stage: _Stage) -> _Stage:
        return _apply(stage, edits_of(stage.text))

    run.__name__ = edits_of.__name__
    return run


_STAGES = (
    _edit_stage(_line_end_edits),
    _edit_stage(_html_tag_edits),
    _edit_stage(_html_entity_edits),
    _nfkc,
    _variants,
    _edit_stage(_spaced_run_edits),
    _edit_stage(_line_join_edits),
    _edit_stage(_dash_edits),
    _edit_stage(_space_edits),
    _edit_stage(_newline_edits),
)


def normalize(original: str) -> NormalizedText:
    stage = _identity(original)
    for run in _STAGES:
        stage = run(stage)
    return NormalizedText(original, stage.text, stage.starts, stage.ends)
