"""pipeline.extractors.numbers: numerals in every Japanese form, exactly."""
from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.extractors.numbers import ARABIC_SCALED, KANJI_NUMERAL, NUMERAL, parse_number


@pytest.mark.parametrize("text, expected", [
    ("3,500", 3500),
    ("12", 12),
    ("1.5", 1.5),
    (".5", 0.5),
    ("1万2500", 12500),
    ("2万875", 20875),
    ("1兆3千億", 1_300_000_000_000),
    ("47億5千万", 4_750_000_000),
    ("475,633千", 475_633_000),
    ("1,234百万", 1_234_000_000),
    ("1.1万", 11000),
    ("2.5億", 250_000_000),
    ("三十", 30),
    ("百七十九", 179),
    ("千", 1000),
    ("十", 10),
    ("二十万三千", 203_000),
    ("四八・五", 48.5),  # kanji digits with ・ as the decimal point
    ("〇・二", 0.2),
    ("二・〇", 2),
    ("一万二千五百", 12500),
    ("九千九百九十九兆九千九百九十九億九千九百九十九万九千九百九十九", 9_999_999_999_999_999),
    ("二〇二二", 2022),
    ("元", 1),
])
def test_parse_number(text, expected):
    value = parse_number(text)
    assert value == expected
    assert type(value) is type(expected)


@pytest.mark.parametrize("text", ["", " ", "円", "1,2", "3.", "abc", "一3"])
def test_parse_number_rejects(text):
    assert parse_number(text) is None


@pytest.mark.parametrize("text, pattern", [
    ("1万2500", ARABIC_SCALED),
    ("47億5千万", ARABIC_SCALED),
    ("百七十九", KANJI_NUMERAL),
    ("一万二千五百", KANJI_NUMERAL),
    ("3,500", NUMERAL),
])
def test_building_blocks_match_whole_numerals(text, pattern):
    assert re.fullmatch(pattern, text)


# --- kanji numerals round-trip against an independent conversion ---------------------------

_DIGITS = "〇一二三四五六七八九"


def _kanji_below_10000(n: int) -> str:
    out = ""
    for value, name in ((1000, "千"), (100, "百"), (10, "十")):
        d, n = divmod(n, value)
        if d:
            out += ("" if d == 1 else _DIGITS[d]) + name
    return out + (_DIGITS[n] if n else "")


def to_kanji(n: int) -> str:
    """Plain written form: 12500 → 一万二千五百, 1000 → 千 (no 一 before 十/百/千)."""
    if n == 0:
        return "〇"
    out = ""
    for value, name in ((10**12, "兆"), (10**8, "億"), (10**4, "万"), (1, "")):
        d, n = divmod(n, value)
        if d:
            out += (_kanji_below_10000(d) if d != 1 or not name else "一") + name
    return out


@pytest.mark.parametrize("n, kanji", [(30, "三十"), (179, "百七十九"), (12500, "一万二千五百"), (10**8, "一億")])
def test_the_reference_converter(n, kanji):
    assert to_kanji(n) == kanji


@given(st.integers(min_value=1, max_value=10**16 - 1))
def test_kanji_round_trip(n):
    assert parse_number(to_kanji(n)) == n


@given(st.integers(min_value=0, max_value=10**15))
def test_arabic_with_commas_round_trip(n):
    assert parse_number(f"{n:,}") == n


@given(st.text(max_size=30))
def test_never_raises(s):
    value = parse_number(s)
    assert value is None or isinstance(value, (int, float))
