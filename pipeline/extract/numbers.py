"""Japanese numerals to numbers: Arabic digits, kanji numerals and the mixed forms.

``parse_number('1万2500') == 12500``, ``parse_number('1兆3千億') == 1.3e12``,
``parse_number('三十') == 30``, ``parse_number('百七十九') == 179``,
``parse_number('3,500') == 3500``, ``parse_number('1.5') == 1.5``, ``parse_number('元') == 1``.
Input is expected NFKC-normalized (half-width digits and commas).
"""
from __future__ import annotations

import re

KANJI_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
                "八": 8, "九": 9, "壱": 1, "弐": 2, "参": 3}
SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
LARGE_UNITS = {"万": 10**4, "億": 10**8, "兆": 10**12}

NUMERAL_CHARS = "0-9.," + "".join(KANJI_DIGITS) + "".join(SMALL_UNITS) + "".join(LARGE_UNITS)
_DECIMAL = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?|\d*\.\d+")


def parse_number(s: str) -> float | None:
    """The value of a numeral string, or None when it is not one."""
    s = s.strip()
    if not s:
        return None
    if s == "元":  # 元年
        return 1
    total = 0.0
    section = 0.0  # the part below the current large unit (万/億/兆)
    pending: float | None = None  # a digit run waiting for its multiplier
    i = 0
    seen = False
    while i < len(s):
        m = _DECIMAL.match(s, i)
        if m:
            if pending is not None:
                return None
            pending = float(m.group().replace(",", ""))
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
    value = total + section + (pending or 0)
    return int(value) if float(value).is_integer() else value


def _prev_is_kanji_digit(s: str, i: int) -> bool:
    return i > 0 and s[i - 1] in KANJI_DIGITS
