"""Japanese numerals to numbers: Arabic digits, kanji numerals and the mixed forms.

``parse_number('1万2500') == 12500``, ``parse_number('1兆3千億') == 1.3e12``,
``parse_number('三十') == 30``, ``parse_number('百七十九') == 179``,
``parse_number('3,500') == 3500``, ``parse_number('1.5') == 1.5``, ``parse_number('元') == 1``.
Input is expected NFKC-normalized (half-width digits and commas).

Arithmetic is exact (integers, and fractions only when a decimal point is written), so
``九千九百九十九兆…`` up to 10^20 converts without float rounding; the result is an ``int``
when whole, else a ``float``.

The module also holds the regex building blocks for numerals (``ARABIC``, ``KANJI_NUMERAL``,
``NUMERAL``), so every extractor that looks for numbers agrees on what one looks like.
"""
from __future__ import annotations

import re
from fractions import Fraction

KANJI_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
                "八": 8, "九": 9, "壱": 1, "弐": 2, "参": 3}
SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
LARGE_UNITS = {"万": 10**4, "億": 10**8, "兆": 10**12, "京": 10**16}

NUMERAL_CHARS = "0-9.," + "".join(KANJI_DIGITS) + "".join(SMALL_UNITS) + "".join(LARGE_UNITS)
_DECIMAL = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?|\d*\.\d+")

# --- regex building blocks (strings, to be combined by the extractors) -------------------
#: Arabic digits: ``3,500`` (groups of three only), ``1.5``, ``12``.
ARABIC = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_KANJI_DIGIT = "〇一二三四五六七八九"
_SMALL = "十百千"
_LARGE = "万億兆京"
#: Kanji numerals: ``三十``, ``百七十九``, ``一万二千五百``, ``二〇二二`` (never a bare 万/億).
KANJI_NUMERAL = rf"[{_KANJI_DIGIT}{_SMALL}]+(?:[{_LARGE}][{_KANJI_DIGIT}{_SMALL}]*)*"
#: Arabic digits with kanji scales: ``1万2500``, ``1兆3千億``, ``47億5千万``, ``475,633千``.
ARABIC_SCALED = rf"(?:{ARABIC})(?:[{_SMALL}{_LARGE}]+(?:{ARABIC})?)*"
#: Any numeral.
NUMERAL = rf"(?:{ARABIC_SCALED}|{KANJI_NUMERAL})"
#: A decimal in kanji digits with ``・`` as the decimal point, as vertical and kanji-numeral
#: texts write it (``四八・五``, ``〇・二``, ``二・四``); whether ``三・四`` is 3.4 or the range
#: 3…4 is the reader's call (``figures``), not the numeral's.
KANJI_DECIMAL = rf"[{_KANJI_DIGIT}]+・[{_KANJI_DIGIT}]+(?![{_SMALL}{_LARGE}])"
#: Any numeral, also with the single spaces PDF extraction leaves around scales (``約 2 万 1,000``);
#: strip the spaces before ``parse_number``.
SPACED_NUMERAL = rf"(?:(?:{ARABIC})(?: ?[{_SMALL}{_LARGE}]+(?: ?(?:{ARABIC}))?)*|{KANJI_NUMERAL})"
_KANJI_DECIMAL_RE = re.compile(KANJI_DECIMAL)


def parse_number(s: str) -> int | float | None:
    """The value of a numeral string, or None when it is not one."""
    s = s.strip()
    if not s:
        return None
    if s == "元":  # 元年
        return 1
    if "・" in s and _KANJI_DECIMAL_RE.fullmatch(s):  # 四八・五 = 48.5
        whole, frac = s.split("・")
        return plain(Fraction(_kanji_digits(whole) + "." + _kanji_digits(frac)))
    total = 0
    section = 0  # the part below the current large unit (万/億/兆/京)
    pending = None  # a digit run waiting for its multiplier
    i = 0
    seen = False
    while i < len(s):
        m = _DECIMAL.match(s, i)
        if m:
            if pending is not None:
                return None
            pending = _decimal_value(m.group())
            i = m.end()
            seen = True
            continue
        ch = s[i]
        if ch in KANJI_DIGITS:
            # consecutive kanji digits (二〇二二) read positionally
            pending = (pending or 0) * 10 + KANJI_DIGITS[ch] if pending is not None and _prev_is_kanji_digit(s, i) \
                else (KANJI_DIGITS[ch] if pending is None else None)
            if pending is None:
                return None
        elif ch in SMALL_UNITS:
            section += (pending if pending is not None else 1) * SMALL_UNITS[ch]
            pending = None
        elif ch in LARGE_UNITS:
            section += pending or 0
            if section == 0:
                section = 1
            total += section * LARGE_UNITS[ch]
            section = 0
            pending = None
        else:
            return None
        seen = True
        i += 1
    if not seen:
        return None
    return plain(total + section + (pending or 0))


def plain(value: int | float | Fraction) -> int | float:
    """``int`` when the value is whole, else ``float``."""
    if isinstance(value, Fraction):
        return value.numerator if value.denominator == 1 else float(value)
    if isinstance(value, float):
        return int(value) if value.is_integer() else value
    return value


def _decimal_value(digits: str) -> int | Fraction:
    digits = digits.replace(",", "")
    return Fraction(digits) if "." in digits else int(digits)


def _kanji_digits(s: str) -> str:
    """``四八`` → ``'48'``: kanji digits read one by one."""
    return "".join(str(KANJI_DIGITS[c]) for c in s)


def _prev_is_kanji_digit(s: str, i: int) -> bool:
    return i > 0 and s[i - 1] in KANJI_DIGITS
