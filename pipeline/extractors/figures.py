"""figures: every numeric quantity with a unit or counter, normalized.

``3,500人`` → 3500 人, ``約6万人`` → 60000 人 (約), ``1兆3千億円`` → 1.3e12 円,
``475,633千円`` → 475633000 円, ``4、5時間`` → 4…5 時間, ``2分の1`` → 0.5, ``約半年間`` → 0.5 年,
and bare amounts in a table under ``（単位：千円）``, a ``予算額(千円)`` heading or a ``千円`` line
under the column headings → 円 (page and item numbers stay out). Also signs (``△``, ``-``,
``マイナス``, ``+``), bounded vague multiples (``数十人`` → 10…90), ``3割4分5厘`` → 3.45 割,
ranges written out (``5億円から7億円程度``), ``2年9か月`` → 2.75 年, and one-kanji counters
unidic tags as 助数詞 (``3匹``) next to the closed lists (README, "Figures: conventions").

The recipe (ja-timex style): one compiled pattern built from named blocks finds candidates
(``_candidates``); guards drop what is not a quantity (dates, numbering, names, ordinals,
rates, vague numbers, words); table cells under a unit header are added; overlaps are
resolved leftmost-longest; ``extract`` maps spans back to the original text and fills the
``subject`` (what is counted) from the dependency parse or, without one, from the text.

Works on NORMALIZED text (NFKC).  Closed lists live in ``pipeline/rules/``:
``units.tsv``, ``qualifiers.tsv``, ``figure_stopwords.tsv``, ``figure_counted_nouns.tsv``.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from fractions import Fraction
from functools import lru_cache

from pipeline.extractors.dates import EVENT_NOUNS, OF_EVENT
from pipeline.extractors.numbers import KANJI_DECIMAL, KANJI_DIGITS, NUMERAL, SPACED_NUMERAL, parse_number, plain
from pipeline.records import Figure
from pipeline.rules import rule_rows

NAME = "figures"
RULE_FILES = ("units.tsv", "qualifiers.tsv", "figure_stopwords.tsv", "figure_counted_nouns.tsv",
              "date_event_nouns.tsv", "figure_counters.tsv", "figure_area_nouns.tsv",
              "figure_kana_numerals.tsv")


@dataclass(frozen=True)
class Unit:
    written: str
    unit: str  # normalized
    category: str
    multiplier: int


@dataclass(frozen=True)
class FigureMatch:
    start: int  # normalized offsets
    end: int
    value: float
    value_max: float | None
    unit: str
    unit_category: str | None
    qualifier: str | None
    subject: str | None = None


# --- closed lists -------------------------------------------------------------------------

@lru_cache(maxsize=1)
def units() -> dict[str, Unit]:
    return {r[0]: Unit(r[0], r[1], r[2], int(r[3])) for r in rule_rows("units.tsv")}


@lru_cache(maxsize=1)
def qualifiers() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {"prefix": [], "suffix": []}
    for r in rule_rows("qualifiers.tsv"):
        out[r[1]].append(r[0])
    return out


@lru_cache(maxsize=1)
def stopwords() -> list[str]:
    return [r[0] for r in rule_rows("figure_stopwords.tsv")]


@lru_cache(maxsize=1)
def counter_decisions() -> dict[str, bool]:
    """One-kanji counters decided by the list, not by unidic: True = a counter, False = never."""
    return {r[0]: r[1] == "counter" for r in rule_rows("figure_counters.tsv")}


@lru_cache(maxsize=4096)
def is_counter(numeral: str, following: str) -> bool:
    """Whether the kanji opening ``following`` counts what the numeral before it counts:
    the closed list decides, else unidic (fugashi) must read that kanji alone as a 助数詞
    (3匹, 5頭, 2棟; not 3組合, where 組合 is one word)."""
    decided = counter_decisions().get(following[0])
    if decided is False:
        return False
    from pipeline.analyze import tagger

    words = tagger()(numeral + following)
    word = next((w for w in words if w.surface and not w.surface[0].isdigit()
                 and w.surface[0] not in "〇一二三四五六七八九十百千万億"), None)
    if word is None or word.surface != following[0]:
        return False
    return decided or "助数詞" in (word.feature.pos3 or "")


@lru_cache(maxsize=1)
def counted_nouns() -> dict[str, Unit]:
    return {r[0]: Unit(r[0], r[1], r[2], 1) for r in rule_rows("figure_counted_nouns.tsv")}


# --- grammar: named building blocks ---------------------------------------------------------

def _alternation(words: Iterable[str]) -> str:
    """Longest first, so 万円 wins over 円 and 分野 over 分; Latin units end at a word end."""
    parts = []
    for w in sorted(set(words), key=len, reverse=True):
        p = re.escape(w)
        if w[-1].isascii() and w[-1].isalpha():
            p += r"(?![A-Za-z])"
        parts.append(p)
    return "|".join(parts)


UNIT = f"(?:{_alternation(units())})"
QUAL_PRE = f"(?:{_alternation(qualifiers()['prefix'])})"
QUAL_POST = f"(?:{_alternation(qualifiers()['suffix'])})"
COUNTED_NOUN = f"(?:{_alternation(counted_nouns())})"
RANGE_SEP = r"(?:~|〜|、|,|・)"
HALF_UNIT = r"(?:年間|年|日間|日|か月|カ月|ヶ月|月)"

# 2分の1, 3分の2
FRACTION = rf"(?P<den>{NUMERAL})分の(?P<numer>{NUMERAL})"
# 半年, 約半年間, 半日; Xの半分 (= 2分の1)
HALF = rf"(?<![前後上下大過夜])半(?:(?P<half_unit>{HALF_UNIT})(?!後)|(?P<half_of>分)(?!の|野|類|析|割|散|担|岐|離|解|別|布))"
# 3,500人 / 15~18% / 15%~18% / 4、5時間 / 100余人 / 1年半 / 475,633千 円
# the far end of a range written out with its own unit and measure word: 50kmから(時速)60km
RANGE_FROM = r"(?:から|より|ないし|又は|または)"
_OR = ("又は", "または")  # 1名又は2名: neighbours only, like 4、5時間
# 3人から5人に増えた, 5%から8%へ, 1.6時間から16.2時間と8.3倍に増加: from one value to
# another, not a range
_CHANGE_VERB = "増加|減少|増え|減っ|減り|短縮|延長|拡大|縮小|伸び|上昇|低下|倍増|半減|推移|改善|悪化"
_CHANGE_AFTER = re.compile(rf"[にへ](?![つ近])|まで(?:増|減|拡|縮|伸|上|下|引)|と[^。、,\n]{{0,12}}?(?:{_CHANGE_VERB})")
MEASURE_WORD = r"(?:時速|分速|秒速|毎時|毎分|年間|月額|年額)"
QUANTITY = (rf"(?P<num>{KANJI_DECIMAL}|{SPACED_NUMERAL})"
            rf"(?:(?:(?P<unit1>{UNIT})?(?P<sep>{RANGE_SEP})|(?P<unit1_from>{UNIT})(?P<sep_from>{RANGE_FROM}) ?{MEASURE_WORD}?)"
            rf"(?:{QUAL_PRE})?(?P<num2>{SPACED_NUMERAL}))?"
            rf"(?P<yo>余)?(?P<space>[ \n])?(?P<unit>{UNIT})(?P<plus_half>半(?!ば))?")
# 80の手続, 300を超える業務, 50以上の団体: a numeral, a bridge and the noun it counts
COUNTED_BRIDGES = {"の": None, "を超える": "超", "を超す": "超", "超の": "超", "以上の": "以上", "余りの": "余り",
                   "近くの": "近く", "近い": "近く", "程度の": "程度", "ほどの": "ほど"}
COUNTED = rf"(?P<cnum>{NUMERAL})(?P<bridge>{_alternation(COUNTED_BRIDGES)})(?P<noun>{COUNTED_NOUN})"
# ¥1,000, $300万
CURRENCY = rf"(?P<currency>[¥$])(?P<cur_num>{NUMERAL})"
# 数十人, 十数件, 数万円, 百数十台, 一万数千人, 十数万円: a vague multiple with bounds
# (数 read as 1 for the lower and 9 for the upper bound, as pyNormalizeNumExp does)
_KANJI_NUM = "〇一二三四五六七八九十百千万億"
VAGUE = (rf"(?:(?<=[約計])|(?<![\u4e00-\u9fff\u30a0-\u30ff]))(?P<vague>[{_KANJI_NUM}]*数[十百千万億兆]+|[{_KANJI_NUM}]*[十百千]数[万億兆]?)"
         rf"(?P<vunit>{UNIT})")
# 3割4分5厘, 2割5分: a ratio in 割, 分 (tenths of 割) and 厘 (hundredths)
WARI = (rf"(?P<wari>{NUMERAL})割(?=[0-9一二三四五六七八九][分厘])"
        rf"(?:(?P<bu>[0-9一二三四五六七八九])分)?(?:(?P<rin>[0-9一二三四五六七八九])厘)?")
# 3匹, 5頭, 31階: a numeral and a one-kanji counter not in units.tsv (see ``is_counter``)
KANJI_COUNTER = rf"(?P<knum>{NUMERAL})(?P<kchar>[\u4e00-\u9fff])"
CURRENCY_UNITS = {"¥": "円", "$": "ドル"}

# Every figure starts with one of these; the lookahead lets the regex engine skip the rest of
# the text quickly (5x faster than trying the whole alternation at every position).
_FIRST_CHAR = "[" + re.escape("".join(sorted({"半", "¥", "$", "数", *"〇一二三四五六七八九十百千",
                                               *(q[0] for q in qualifiers()["prefix"])}))) + "0-9]"
# A figure never starts inside a numeral: without this guard a long run of digits is tried
# from every position, each try scanning the rest of the run (quadratic; minutes for 10 kB).
_INSIDE_NUMERAL = "(?<=[0-9〇一二三四五六七八九十百千])[0-9〇一二三四五六七八九十百千]"
FIGURE_PATTERN = re.compile(
    rf"(?={_FIRST_CHAR})(?!{_INSIDE_NUMERAL})(?:(?P<pre>{QUAL_PRE}) ?)?(?:{VAGUE}|{FRACTION}|{HALF}|{WARI}|{QUANTITY}|{COUNTED}|{CURRENCY}|{KANJI_COUNTER})(?P<post>{QUAL_POST})?")

# guards
_NUMBERING_BEFORE = re.compile(r"(?:第|No\.?|NO\.?|№|#) ?\Z")
# 表2, 図3, 資料1, 別表2, 様式第1号: a numbered table, figure or attachment (not 地図2枚)
_CAPTION_BEFORE = re.compile(r"(?:\A|[\s(（【「・])(?:表|図|資料|別表|別紙|様式|参考資料) ?\Z")
# (a comma only after a digit: texts that write 、 as , put it before figures: ことから,2年9か月)
_NAME_BEFORE = re.compile(r"(?:[A-Za-z]|[0-9] |[0-9]:|[0-9],|[0-9._/\\@#\-−+=?&%])\Z")
_NAME_SPACE_BEFORE = re.compile(r"[A-Za-z] \Z")
# a dot leader (… or ‥, ... after NFKC) sets an amount apart from its item (防災拠点施設整備…8907万円):
# its dots are no version number's (Ver.2.0); after a leader a page (…10ページ) is a contents line's
_LEADER_BEFORE = re.compile(r"(?:\.{2,}|・{2,}|…|‥)\Z")
_PER_ONE_AFTER = re.compile(r"(?:[0-9〇一二三四五六七八九十百千]|約|平均|月額|年額|日額|週|(?:の[^、。\s]{1,6}?)?(?:当たり|あたり|につき))")
_PER_ONE_BEFORE = re.compile(r"[1一](?:人|名)\Z")
# 1人1台, 1人1アカウント: one thing for each person (both are figures)
_ONE_EACH = re.compile(r"[1一](?:台|アカウント|枚|個|冊|件|本|つ|部|端末)")
_PAGE_REFERENCE = re.compile(r"の[0-9]|ページ(?:[、,]|(?:を|の)?(?:ご覧|御覧|参照|参考|に記載))")
_MONTHS_AFTER_YEARS = re.compile(r"(1[01]|[1-9]) ?(?:か月|カ月|ヶ月|ヵ月|ケ月)間?")
_MINUTES_AFTER_HOURS = re.compile(r"([1-5]?[0-9]) ?分間?(?![0-9])")
_COMPOUND_NEXT = {"年": "か月|カ月|ヶ月|ヵ月", "時間": "分", "分": "秒"}
# △1,200千円, ▲3.5%, マイナス120万円, and a minus not inside a code (│-3.1%│, 増減は-3,244人;
# not 06-1234, A-2, 1.2-3): a negative figure; + and プラス in the same places: a positive one
_NEGATIVE_BEFORE = re.compile(r"(?:[△▲][ \n]?|マイナス ?|(?<![0-9A-Za-z.,:/_\-−+])[\-−])\Z")
_POSITIVE_BEFORE = re.compile(r"(?:プラス ?|(?<![0-9A-Za-z.,:/_\-−+])\+)\Z")
_SIGN_REACH = 5  # characters a sign word may take before the number (マイナス + a space)
_ERA_BEFORE = re.compile(r"(?:令和|平成|昭和|大正|明治|西暦|皇紀|[RHST]\.?) ?\Z")
_MONTH_BEFORE = re.compile(r"月 ?\Z")
_SCHOOL_BEFORE = re.compile(r"(?:小学|中学|高校|高等学校|学校|学年)\Z")
_HOUR_BEFORE = re.compile(r"時 ?\Z")
_HOUR_MINUTE_BEFORE = re.compile(r"時 ?\d{1,2}分 ?\Z")
# 数十人, 何百件, 幾千: a vague number. Before digits 数 is only vague on its own (は数10人);
# after a noun it ends the noun (職員数1,000人, 件数120件, 人口数3万人)
_VAGUE_BEFORE = re.compile(r"[数何幾]\Z")
_COUNT_NOUN_BEFORE = re.compile(r"[\u4e00-\u9fff\u30a0-\u30ff]数\Z")
_PARTITIVE_BEFORE = re.compile(r"(?:の|もう|うち) ?\Z")
_LINE_HEAD_BEFORE = re.compile(r"(?:^|\n)[ \t\u3000#*\-・]*\Z")
_DIGIT_SEP_AFTER = re.compile(r"[\-−:/.][0-9]")
_MONTH_AFTER_YEAR = re.compile(r" ?[0-9一二三四五六七八九十]{1,3} ?月")
_WEEKDAY_AFTER = re.compile(r"[(（][月火水木金土日](?:曜日?)?[)）]")
# 15日、 15日付 15日から 15日に; 15日の記者会見 (a day of an event, see rules/date_event_nouns.tsv)
_DAY_OF_MONTH_AFTER = re.compile(r"(?:、|,|付|から|まで|に(?![0-9一二三四五六七八九]|短縮|延長|増|減|拡|縮|及|達)"
                                 rf"|{OF_EVENT})")
# 気仙沼市で24日開始, 10日施行: an event noun glued to the day, as headlines write it (24日間 is a span)
_EVENT_AFTER_DAY = re.compile(f"(?:{_alternation(EVENT_NOUNS)})")
_RATE_AFTER = re.compile(r"(?:あたり|当たり|当り|につき)")
_STOPWORD = re.compile("|".join(re.escape(w) for w in sorted(stopwords(), key=len, reverse=True)))
_STOPWORD_REACH = max(map(len, stopwords()))
_NUMERAL_RE = re.compile(NUMERAL)

# table unit headers: （単位：千円）, (単位 人), 単位:千円, (単位:千円 %) (the rate column's unit after a space)
# a bare bracketed unit heads a column only when it ends a cell; (日) and (月) are weekdays
_MONEY_UNIT = "(?:千円|百万円|万円|億円)"
_COLUMN_UNIT = f"(?:{_alternation(w for w in units() if w not in ('日', '年', '分', '秒', '週', '度', '点'))})"
# a unit alone on a line under the column headings (款 項 金額 / 千円), as budget books print it;
# a list's note on its numbers (（数字は万円）, 金額は千円) heads it as 単位 does
_SCALE = "[百千万]"  # (単位 千世帯), (単位:万人): a scale before any unit
_TABLE_HEADER = re.compile(rf"(?:単位 ?(?:は|[:：])?|(?:数字|数値|金額)は) ?(?P<ulist>{_SCALE}?{UNIT}(?:[、,・/] ?{_SCALE}?{UNIT}| [%％](?=[)）\s]))*)"
                           rf"|[(（](?P<u2>{_COLUMN_UNIT})[)）](?=[ \t\n|\u2500-\u257f]|\Z)"
                           rf"|(?:(?<=\n)|\A)[ \t]*(?P<u3>{_MONEY_UNIT})[ \t]*(?=\n)")
# a column heading of a ruled table that names its own unit: 金額(千円), 構成比(%), 伸び率
_HEADING_UNIT = re.compile(rf"[(（](?P<unit>{_COLUMN_UNIT})[)）]\Z|(?P<rate>率|%)\Z")
_UNIT_RE = re.compile(UNIT)
_SCALED_UNIT_RE = re.compile(rf"(?P<scale>{_SCALE}?)(?P<unit>{UNIT})")
_SCALES = {"": 1, "百": 100, "千": 1000, "万": 10000}


def _header_units(written: str) -> list[Unit]:
    """``千円、%`` → [円 × 1,000, %]; ``千世帯`` → [世帯 × 1,000]."""
    out = []
    for m in _SCALED_UNIT_RE.finditer(written):
        u = units()[m.group("unit")]
        out.append(replace(u, multiplier=u.multiplier * _SCALES[m.group("scale")]))
    return out


# cells of a table are separated by spaces, tabs, | or box-drawing characters (│ ┃ ├ ┼ ─ …);
# a box-drawing character is never part of a number
_CELL_SEP = r"\s|\u2500-\u257f"
_BORDER_LINE = re.compile(r"[\s|+=:\-\u2500-\u257f]*\Z")  # ┌──┬──┐, +----+, |:---|---:|
_RULED_ROW = re.compile(r"[|\u2500-\u257f]")  # a row drawn with │ or | separators
_ROW_NUMBERING = re.compile(r"^(?:[(（][0-9一二三四五六七八九十]+[)）]|[0-9]+[.．]?(?=\s))?\s*(?:うち|内)?\s*")
# a row ends in a number cell, a rate cell (3.4%) or an empty/no-comparison cell (―, 皆増)
_ROW_END = re.compile(rf"(?:^|[{_CELL_SEP}])(?:[△▲\-−]?[0-9][0-9,.]*%?|[(（][0-9]+\.[0-9]+[)）]|[―—\-−]|皆増|皆減)\Z")
_HEADING = re.compile(r"(?:[0-9]{1,2}|[一二三四五六七八九十]{1,3})[ .、．]|#|第[0-9一二三四五六七八九十]+[章節款]")
# a cell: 1,234 / △ 26,000 / -11,224 / 0.10, or a ratio in brackets, (101.08), as 総括 tables print 前年度比
_LEADER = r"(?:・{2,}|…+|‥+)"  # 210・・・説明: a dot leader after a cell sets it apart from the text
_TABLE_CELL = re.compile(rf"(?<![^{_CELL_SEP}])(?:(?P<sign>[△▲] ?|[\-−])?(?P<n>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?)"
                         rf"|[(（](?P<ratio>\d+\.\d+)[)）])(?:(?![^{_CELL_SEP}])|(?={_LEADER}))")
_LEADER_ROW = re.compile(rf"\S\s+[△▲\-−]?\d[\d,.]*{_LEADER}")  # 講演会開催補助 210・・・ソフトバンクと
# an amount the normalizer glued to its letter-spaced label (議 会 費 756,602,689 → 議会費756,602,689)
# or to the next row's label (… 114.6民生費48,739,276,663 …), when that label opens with no unit
_GLUED_CELL = re.compile(r"(?<=[\u3040-\u30ff\u4e00-\u9fff])(?P<sign>)(?P<n>\d{1,3}(?:,\d{3})+)(?P<ratio>)(?![\d,.%\w])")
_GLUED_BEFORE_LABEL = re.compile(rf"(?<![^\s\u3040-\u30ff\u4e00-\u9fff])(?P<sign>)(?P<n>\d{{1,3}}(?:,\d{{3}})+|\d+\.\d+)"
                                 rf"(?P<ratio>)(?=[\u3040-\u30ff\u4e00-\u9fff])(?!{UNIT}|[年月日度])")
_RULED_CELL_SPLIT = re.compile(r"\s*[|\u2502\u2503\u2506\u2507\u250a\u250b\u2551]\s*")  # │ ┃ ┆ ║ |
_TABLE_MAX_LINES = 300
_BOX_AND_SPACE = " \t\n|" + "".join(map(chr, range(0x2500, 0x2580)))


# --- the recipe ---------------------------------------------------------------------------

def find_figures(text: str, exclude: Iterable[tuple[int, int]] = ()) -> list[FigureMatch]:
    """Figures in normalized ``text``, leftmost-longest, none overlapping an ``exclude`` span."""
    excluded = _Spans([*exclude, *(h.span() for h in _TABLE_HEADER.finditer(text)),  # (単位:千円) is no amount
                       *_flat_headings(text)])
    found = [m for m in [*_candidates_of(text), *_share_fractions(text), *_kana_counts(text), *_wrapped_numbers(text), *_lost_area_units(text)]
             if not excluded.overlaps(m.start, m.end)]
    labels: set[int] = set()
    cells = [m for m in _table_cells(text, found, labels) if not excluded.overlaps(m.start, m.end)]
    in_cells = _Spans((m.start, m.end) for m in cells)
    found = [m for m in found if "\n" not in text[m.start:m.end] or not in_cells.overlaps(m.start, m.end)]
    return _leftmost_longest([m for m in found + cells if m.start not in labels])


# 1市 / 5株 式 等 譲 渡 所 得 割 交 付 金: a 款/項 name printed vertically or letter-spaced, opening
# with its number (not 20年以内, a cell of its own)
_NUMBERED_LABEL = re.compile(r"[1-9]\d?[^\d\s,.．、](?:\Z| )")


@lru_cache(maxsize=4)
def _candidates_of(text: str) -> tuple[FigureMatch, ...]:
    """``_candidates``, kept for the last few texts: ``analyze.models_for`` and the
    extractor both read the figures of the same document (the models_for read has no
    exclusions; they filter the same candidates)."""
    return tuple(_candidates(text))


def _candidates(text: str) -> Iterator[FigureMatch]:
    pos = 0
    while True:
        m = FIGURE_PATTERN.search(text, pos)
        if m is None:
            return
        fig, resume = _read(text, m)
        if fig is not None:
            yield fig
        pos = max(resume, m.start() + 1)


def _read(text: str, m: re.Match) -> tuple[FigureMatch | None, int]:
    """The figure a pattern match stands for (or None) and where to look next."""
    if m.group("den") is not None:
        return _read_fraction(text, m), m.end()
    if m.group("half_unit") is not None:
        return _read_half(m), m.end()
    if m.group("half_of") is not None:
        return _read_half_of(text, m), m.end()
    if m.group("cnum") is not None:
        return _read_counted(text, m), m.end()
    if m.group("currency") is not None:
        return _read_currency(text, m), m.end()
    if m.group("vague") is not None:
        return _read_vague(text, m), m.end()
    if m.group("wari") is not None:
        return _read_wari(text, m), m.end()
    if m.group("knum") is not None:
        return _read_kanji_counter(text, m), m.end()
    return _read_quantity(text, m)


# a number a PDF's fixed-width line broke between two digits (…実質公債費比率が1⏎8%を超え): the
# line before is running text (kana in it, the digits glued to its last word), the next goes on
# with the rest of the number and its unit
_WRAPPED_NUMBER = re.compile(r"(?<=[\u3040-\u30ff\u4e00-\u9fff])\d{1,3}\n\d")
_WRAPPED_LINE_MIN = 20  # characters of running text on the broken line


def _wrapped_numbers(text: str) -> Iterator[FigureMatch]:
    for w in _WRAPPED_NUMBER.finditer(text):
        line_start = text.rfind("\n", 0, w.start()) + 1
        if w.end() - line_start < _WRAPPED_LINE_MIN or not _KANA.search(text, line_start, w.start()):
            continue
        cut = w.end() - 2  # the line break
        joined = text[:cut] + text[cut + 1:]
        m = FIGURE_PATTERN.match(joined, w.start())
        if m is None or m.group("num") is None or m.end("num") <= cut:
            continue
        fig = _read_quantity(joined, m)[0]
        if fig is not None:
            yield replace(fig, end=fig.end + 1)


# ㎡ lost as ? (a page converted to a code set without it): 用地として約15万3,000?を取得 — only in
# a sentence about land or floor space, where the lost unit can only be the area
_LOST_AREA = re.compile(rf"(?:(?P<pre>{QUAL_PRE}) ?)?(?P<num>{NUMERAL})\?(?![?0-9A-Za-z])")
_AREA_NOUNS = re.compile(_alternation(r[0] for r in rule_rows("figure_area_nouns.tsv")))


# how far before a lost ? its amount may begin (15万3,000 is 9 characters)
_LOST_AREA_REACH = 32


def _lost_area_matches(text: str) -> Iterator[re.Match]:
    """Each amount followed by a lost ``?``, read in a short window before the ``?`` (scanning the
    whole text for a numeral that a ``?`` must follow is quadratic on a long run of digits)."""
    q = text.find("?")
    while q >= 0:
        m = None
        for m in _LOST_AREA.finditer(text, max(0, q - _LOST_AREA_REACH), q + 2):
            pass
        if m is not None and m.end() == q + 1 and not (m.start() and text[m.start() - 1].isdigit()):
            yield m
        q = text.find("?", q + 1)


def _lost_area_units(text: str) -> Iterator[FigureMatch]:
    for m in _lost_area_matches(text):
        sentence_start = max(text.rfind("。", 0, m.start()), text.rfind("\n", 0, m.start())) + 1
        value = parse_number(m.group("num"))
        if value is None or not _AREA_NOUNS.search(text, sentence_start, m.start()) \
                or _before_blocks(text, m.start("num")):
            continue
        yield FigureMatch(m.start(), m.end(), value, None, "m2", "area", m.group("pre"))


def _read_vague(text: str, m: re.Match) -> FigureMatch | None:
    """数十人 → 10…90 人: value and value_max bound the multiple."""
    vague, u = m.group("vague"), units()[m.group("vunit")]
    low, high = parse_number(vague.replace("数", "一")), parse_number(vague.replace("数", "九"))
    if low is None or high is None or _cuts_a_word(text, m.start("vague"), m.start("vunit"), m.end("vunit"),
                                                    m.end("post") if m.group("post") else m.end("vunit")):
        return None
    return FigureMatch(m.start(), m.end(), plain(Fraction(low) * u.multiplier), plain(Fraction(high) * u.multiplier),
                       u.unit, u.category, _qualifier(m))


def _read_wari(text: str, m: re.Match) -> FigureMatch | None:
    """3割4分5厘 → 3.45 割 (a plain 7割 is a quantity of units.tsv)."""
    wari = parse_number(m.group("wari"))
    if wari is None or _before_blocks(text, m.start("wari")):
        return None
    value = Fraction(str(wari)) + Fraction(parse_number(m.group("bu") or "0"), 10) \
        + Fraction(parse_number(m.group("rin") or "0"), 100)
    u = units()["割"]
    return FigureMatch(m.start(), m.end(), plain(value), None, u.unit, u.category, _qualifier(m))


# 地上31階, 地下2階, 5階建て: floors measure a building; 本庁舎3階 第1委員会室 is a place
_FLOOR_MEASURE_BEFORE = re.compile(r"(?:地上|地下) ?\Z")


def _read_kanji_counter(text: str, m: re.Match) -> FigureMatch | None:
    raw, ch = m.group("knum"), m.group("kchar")
    value = parse_number(raw)
    start, end = m.start("knum"), m.end("kchar")
    if ch == "階" and not (_FLOOR_MEASURE_BEFORE.search(text, max(0, start - 3), start) or text.startswith("建", end)):
        return None
    if value == 1 and _PER_ONE_AFTER.match(text, end):  # 1周約4キロ: one as the unit of a rate
        return None
    if value is None or _before_blocks(text, start) or _lexical_numeral(raw) or _year_like(raw, value) \
            or text.startswith("目", end) or (text.startswith("め", end) and not text.startswith(_ME_WORDS, end)) \
            or (ch == "面" and (_PRESS_PAGE_BEFORE.search(text, max(0, start - 3), start)
                                or _LEADER_BEFORE.search(text, max(0, start - 3), start))) \
            or _in_quoted_name(text, start, end, raw) or _NUMERAL_RE.fullmatch(ch) \
            or _cuts_a_word(text, start, m.start("kchar"), end, m.end("post") if m.group("post") else end) \
            or not is_counter(raw, text[m.start("kchar"):m.start("kchar") + 4]):
        return None
    return FigureMatch(m.start(), m.end(), value, None, ch, "count", _qualifier(m))


def _qualifier(m: re.Match) -> str | None:
    pre, post = m.group("pre"), m.group("post")
    return "".join(q for q in (pre, post) if q) or None


def _read_fraction(text: str, m: re.Match) -> FigureMatch | None:
    den, numer = parse_number(m.group("den")), parse_number(m.group("numer"))
    if not den or numer is None or _before_blocks(text, m.start("den")):
        return None
    return FigureMatch(m.start(), m.end(), plain(Fraction(str(numer)) / Fraction(str(den))), None, "", "ratio",
                       _qualifier(m))


# a share written with a slash after the body that bears it (補助率 1/2, 国1/3、県1/6, 負担区分 県93/100):
# a proper fraction; a date (9/4, 2024/4/1) or a page (12/30) has no such word before it
# A funding source's share in brackets after its name (国交付金(10/10), 県補助金(1/2)) is one too,
# the whole (10/10) included: a date is never bracketed after 交付金
_SHARE_FRACTION = re.compile(r"(?:補助率|負担率|負担割合|負担区分|国|県|都|道|府|市町村|市町|市|町|村|区"
                             r"|(?P<fund>交付金|補助金|負担金|支出金)[(（])[ :：]?"
                             r"(?P<numer>\d{1,3})/(?P<den>\d{1,4})(?![\d/.])")


def _share_fractions(text: str) -> Iterator[FigureMatch]:
    for m in _SHARE_FRACTION.finditer(text):
        numer, den = int(m.group("numer")), int(m.group("den"))
        if 0 < numer < den or (m.group("fund") and 0 < numer == den):
            yield FigureMatch(m.start("numer"), m.end(), plain(Fraction(numer, den)), None, "", "ratio", None)


# a kana numeral stands as a word of its own: a particle, a break or a bracket on each side
# (kViewerのふたつ。, ふたつの課題); not inside a verb (思いつつ, やっつける) or a name (ななつ星)
_KANA_BEFORE = r"(?:(?<=[のもとがはをにでやな、。,.\s「『(（])|(?<![\s\S]))"
_KANA_COUNT = re.compile(rf"{_KANA_BEFORE}(?P<word>{_alternation(r[0] for r in rule_rows('figure_kana_numerals.tsv'))})"
                         r"(?=[のがをはでにともや、。,.・)）」』\s]|\Z)")
_KANA_VALUES = {r[0]: int(r[1]) for r in rule_rows("figure_kana_numerals.tsv")}


def _kana_counts(text: str) -> Iterator[FigureMatch]:
    for m in _KANA_COUNT.finditer(text):
        yield FigureMatch(m.start(), m.end(), _KANA_VALUES[m.group("word")], None, "つ", "count", None)


def _read_half_of(text: str, m: re.Match) -> FigureMatch | None:
    """``現在の半分`` is a measure (half of a named quantity); ``半分以上は`` on its own is a
    vague share like 大半 or 一部, not a figure."""
    if not text.endswith("の", 0, m.start()):
        return None
    return FigureMatch(m.start(), m.end(), 0.5, None, "", "ratio", _qualifier(m))


def _read_half(m: re.Match) -> FigureMatch:
    u = units().get(m.group("half_unit")) or units()["か月"]
    return FigureMatch(m.start(), m.end(), 0.5, None, u.unit, u.category, _qualifier(m))


# the rest of a compound noun after a counted noun (業務|候補); not an amount or a plan of the things
# counted (13の特別会計|予算, 5の事業|費): the count stays with the noun then
_COMPOUND_TAIL = re.compile(r"(?!予算|費|額|金|計画)[\u4e00-\u9fff\u30a1-\u30faー]{1,4}")


def _read_counted(text: str, m: re.Match) -> FigureMatch | None:
    raw = m.group("cnum")
    value = parse_number(raw)
    if value is None or value < 2 or _before_blocks(text, m.start("cnum")) or _year_like(raw, value) \
            or _lexical_numeral(raw):
        return None
    u = counted_nouns()[m.group("noun")]
    qualifier = "".join(q for q in (_qualifier(m), COUNTED_BRIDGES[m.group("bridge")]) if q) or None
    compound = _COMPOUND_TAIL.match(text, m.end("noun")) if not m.group("post") else None
    if compound:  # 91の業務候補: the compound is the noun counted (候補, not 業務), its unit as written
        return FigureMatch(m.start(), compound.end(), value, None, m.group("noun") + compound.group(), u.category,
                           qualifier)
    return FigureMatch(m.start(), m.end(), value, None, u.unit, u.category, qualifier)


def _read_currency(text: str, m: re.Match) -> FigureMatch | None:
    value = parse_number(m.group("cur_num"))
    if value is None or _before_blocks(text, m.start("currency") + 1):
        return None
    u = units()[CURRENCY_UNITS[m.group("currency")]]
    return FigureMatch(m.start(), m.end(), value, None, u.unit, u.category, _qualifier(m))


def _read_quantity(text: str, m: re.Match) -> tuple[FigureMatch | None, int]:
    raw, raw2 = _unspaced(m.group("num")), _unspaced(m.group("num2"))
    u = units()[m.group("unit")]
    value = parse_number(raw)
    if value is None:
        return None, m.end()
    value_max = None
    if "・" in raw and _kanji_neighbours(raw, u):  # 三・四歳: ages 3 and 4, not 3.4
        value, value_max = (KANJI_DIGITS[c] for c in raw.split("・"))
    if raw2 is not None and _dotted_decimal(m, raw, raw2, u):  # 15・1% = 15.1 %
        value, raw2 = parse_number(f"{raw}.{raw2}"), None
    if raw2 is not None:
        sep, unit1 = m.group("sep") or m.group("sep_from"), m.group("unit1") or m.group("unit1_from")
        if m.group("sep_from") and _CHANGE_AFTER.match(text, m.end()):
            value = None  # 3人から5人に増えた: a change, two figures
        else:
            value, value_max = _range(raw, raw2, "、" if sep in _OR else sep, unit1, u)
        if value is None:  # a list, not a range: read both parts on their own
            return _first_of_list(text, m), m.end("sep" if m.group("sep") else "sep_from")
    if _rejected(text, m, raw, value, u):
        return None, m.end("unit")
    mult = u.multiplier
    half = Fraction(1, 2) if m.group("plus_half") else 0
    sign, sign_start = _sign(text, m.start("num"))
    value = plain(sign * (Fraction(str(value)) * mult + half))
    if value_max is not None:
        value_max = plain(sign * (Fraction(str(value_max)) * mult + half))
    qualifier = _qualifier(m)
    if m.group("yo"):
        qualifier = (qualifier or "") + "余"
    start = sign_start if m.group("pre") is None else m.start()  # keep △, -, + in the span
    end = m.end()
    months = _MONTHS_AFTER_YEARS.match(text, end) if u.unit == "年" and value_max is None and not m.group("post") else None
    if months:  # 2年9か月 = 2.75 年
        value, end = plain(Fraction(str(value)) + Fraction(int(months.group(1)), 12)), months.end()
    minutes = _MINUTES_AFTER_HOURS.match(text, end) if u.unit == "時間" and value_max is None and not m.group("post") \
        and sign > 0 else None
    if minutes:  # 0時間38分 = 0.633 時間 (a meeting's length), as 2年9か月
        value, end = plain(Fraction(str(value)) + Fraction(int(minutes.group(1)), 60)), minutes.end()
    return FigureMatch(start, end, value, value_max, u.unit, u.category, qualifier), end


def _dotted_decimal(m: re.Match, raw: str, raw2: str, u: Unit) -> bool:
    """``15・1%``, ``0・4%増``: 広報 and newspaper pages, set vertically, write ・ as the decimal
    point; before a percentage or a ratio it is one (a range of rates is written with ~)."""
    return (m.group("sep") == "・" and m.group("unit1") is None and u.category in ("percent", "ratio")
            and raw.isdigit() and raw2.isdigit() and len(raw2) <= 2)


def _kanji_neighbours(raw: str, u: Unit) -> bool:
    """``三・四`` before a counter is the range 3…4 (``三・四歳``, ``五・六人``); a percentage,
    a ratio, a digit run (``四八・五``), a leading ``〇`` or non-neighbours (``二・四``) are decimals."""
    left, right = raw.split("・")
    return (u.category not in ("percent", "ratio") and len(left) == len(right) == 1 and left != "〇"
            and KANJI_DIGITS[right] == KANJI_DIGITS[left] + 1)


def _sign(text: str, start: int) -> tuple[int, int]:
    """(+1 or -1, where the sign starts) for a number at ``start``; a lookbehind sees before
    the search window, so 06-1234 is no minus."""
    for pattern, sign in ((_NEGATIVE_BEFORE, -1), (_POSITIVE_BEFORE, 1)):
        m = pattern.search(text, max(0, start - _SIGN_REACH), start)
        if m:
            return sign, m.start()
    return 1, start


def _unspaced(raw: str | None) -> str | None:
    return None if raw is None else raw.replace(" ", "")


def _first_of_list(text: str, m: re.Match) -> FigureMatch | None:
    """``15%、3段階``: the figure before the separator, when it has its own unit."""
    if m.group("unit1") is None and m.group("unit1_from") is None:
        return None
    first = FIGURE_PATTERN.match(text, m.start(), m.start("sep" if m.group("sep") else "sep_from"))
    return _read_quantity(text, first)[0] if first and first.group("num") is not None else None


def _range(raw: str, raw2: str, sep: str, unit1: str | None, u: Unit) -> tuple[float | None, float | None]:
    """(low, high) of ``raw SEP raw2`` or (None, None) when it is a list, not a range."""
    low, high = parse_number(raw), parse_number(raw2)
    if low is None or high is None or (unit1 is not None and units()[unit1].unit != u.unit):
        return None, None
    if unit1 is not None and units()[unit1].multiplier != u.multiplier:  # 5千円から1万円
        low = plain(Fraction(str(low)) * units()[unit1].multiplier / u.multiplier)
    if sep in "、,・":  # 4、5時間 / 二、三日: neighbours only, else it is a list
        return (low, high) if high == low + 1 and high < 100 else (None, None)
    scale = re.search(r"[万億兆]+$", raw2)
    if scale and unit1 is None and not re.search(r"[万億兆]", raw) and low < high:  # 1~2万人 = 1万~2万人
        low = parse_number(raw + scale.group())
    return (low, high) if low is not None and low < high else (None, None)


def _rejected(text: str, m: re.Match, raw: str, value: float, u: Unit) -> bool:
    start, unit_start, unit_end = m.start("num"), m.start("unit"), m.end("unit")
    before = text[max(0, start - 12):start]
    after = text[unit_end:unit_end + 8]
    # one person or household as the unit of a per-head figure (市民1人当たりの歳出決算額, 1世帯当たり3万円,
    # 1人につき1台): the real documents' gold counts the head (1 人, 1 世帯), as it counts 1人1台;
    # 1日あたり, 1件当たり (time and things) stay rates' denominators
    if value == 1 and u.category == "people" and _RATE_AFTER.match(after):
        return _before_blocks(text, start)  # 市民1人当たり, 一人当り, 1世帯当たり: the head counted (1 人)
    return (_before_blocks(text, start, spaced_unit=m.group("space") is not None)
            or (_lexical_numeral(raw, u) and not _HONORIFIC_ONE.match(text, start) and not _ONE_YEAR.match(text, start))
            or _is_date_or_time(raw, value, u, before, after, m)
            or (u.written == "年" and m.group("pre") is None and _year_in_series(text, start, value, after))
            or (after.startswith("目") and not after.startswith(_MOKU_WORDS))  # 3回目, 1階層目: ordinals (5ヵ年目標 is no ordinal)
            or (after.startswith("め") and not after.startswith(_ME_WORDS))  # 3項目め, 2つめ: ordinals in kana (5年めど stays)
            or (u.unit == "回" and _SESSION_NUMBER_BEFORE.search(before) is not None and after.startswith((")", "）")))
            or (u.unit == "面" and _PRESS_PAGE_BEFORE.search(before) is not None)  # 745号22面: a newspaper's page
            or after.startswith("化")  # 4車線化, 1本化: a change of form named by its count, no quantity
            or (u.unit in ("年", "か月") and after.startswith("後"))  # 5年後のめざす姿: a point in time (5分後 stays)
            or (u.category == "time" and _AVERAGE_AFTER.match(after) is not None)  # 3ヵ年平均: an average's period
            or (u.unit == "ページ" and _is_page_locator(text, start, unit_end, before))
            # 5議員が登壇 counts members; 健三議員, 黒 木 章 三 議員 are names and 1 議員定数 an item number
            or (u.written == "議員" and (m.group("space") is not None or not raw[-1].isdigit()))
            or _RATE_AFTER.match(after) is not None  # 1日あたり: a rate's denominator
            or (value == 1 and _is_per_one(u, before, after))
            or (u.unit == "ページ" and _PAGE_REFERENCE.search(text, max(0, start - 1), unit_end + 6) is not None)
            or (u.unit == "ページ" and m.group("num2") is not None and not (m.group("pre") or m.group("post")))  # 2~3ページ
            or (value == 1 and u.unit == "つ" and _PARTITIVE_BEFORE.search(before) is not None
                and not _second_of_pair(text, start))  # の1つ
            or _bad_gap(text, m, value)
            or (m.group("space") is not None and _letter_spaced_word(text, m.start("unit"), unit_end))
            or _in_quoted_name(text, start, unit_end, raw)
            or (u.category == "data" and _FILE_LINK_BEFORE.search(text, max(0, start - _FILE_LINK_REACH), start) is not None)
            or _cuts_a_word(text, start, unit_start, unit_end, m.end("post") if m.group("post") else unit_end))


# 1 日  時  令和6年2月22日 / 2 場  所: a numbered item whose label is letter-spaced; the "unit"
# is the first letter of a word (日時) whose next letter stands alone after the spaces
_SPACED_LETTER_AFTER = re.compile(r"[ \u3000]{1,3}(?P<letter>[\u4e00-\u9fff])(?:[ \u3000]|\Z)")


def _letter_spaced_word(text: str, unit_start: int, unit_end: int) -> bool:
    """The counter and the lone kanji after it are one word (日 時 = 日時), as unidic reads them."""
    m = _SPACED_LETTER_AFTER.match(text, unit_end)
    if m is None:
        return False
    from pipeline.analyze import tagger

    words = [w for w in tagger()(text[unit_start:unit_end] + m.group("letter")) if w.surface]
    return len(words) == 1 and words[0].feature.pos1 == "名詞"


_QUOTE_OPEN = re.compile(r"[「『][^「」『』\n]{0,20}\Z")
_NOUN_AFTER = re.compile(r"[\u4e00-\u9fff]")


def _in_quoted_name(text: str, start: int, unit_end: int, raw: str) -> bool:
    """A count in kanji numerals glued to the noun after it inside a quoted title is part of a
    name (「四国八十八箇所霊場と遍路道」, 「百人一首大会」), and so is a number that follows a plan's
    name inside its quote (「おおた未来プラン 10 年(後期)」): not quantities of the text."""
    if _QUOTED_PLAN_BEFORE.search(text, max(0, start - 32), start):
        return True
    if _GLUED_NAME_BEFORE.search(text, max(0, start - 32), start) and _GLUED_NAME_AFTER.match(text, unit_end):
        return True  # 「…DXキントーン1年間無料キャンペーン」: a number glued inside a campaign's or event's name
    return (not re.search(r"[0-9]", raw)
            and (_NOUN_AFTER.match(text, unit_end) is not None or _TITLE_END.match(text, unit_end) is not None
                 and _GLUED_BEFORE.search(text, 0, start) is not None)  # 「梅花の歌三十二首」: a work's title
            and _QUOTE_OPEN.search(text, max(0, start - 21), start) is not None)


_TITLE_END = re.compile(r"[」』]")
# a quoted name run on without a particle or a break around its number, to the closing quote
_NAME_CHAR = r"[\u30a0-\u30ff\u4e00-\u9fffA-Za-zー・]"
_GLUED_NAME_BEFORE = re.compile(rf"[「『][^「」『』\n、。,]{{0,30}}{_NAME_CHAR}\Z")
_GLUED_NAME_AFTER = re.compile(rf"{_NAME_CHAR}+[」』]")
_GLUED_BEFORE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]\Z")


# a number that goes on a plan's name inside its quote (「おおた未来プラン 10 年(後期)」, 「ビジョン2030」)
_QUOTED_PLAN_BEFORE = re.compile(r"[「『][^「」『』\n]{0,24}(?:プラン|ビジョン|計画|戦略|構想|プログラム) ?\Z")


# a linked file's size in the link's brackets ([PDFファイル/48KB], (PDF形式, 49.17KB)): no figure of the text
_FILE_LINK_BEFORE = re.compile(r"(?:PDF|pdf|Excel|Word|ファイル|形式)[^()（）\[\]【】\n]*\Z")
_FILE_LINK_REACH = 16


# words in kana that open with め after a counter without making it an ordinal (5年めど, 3年めざす)
_ME_WORDS = ("めど", "めざ", "めぐ")
# 平成27年 3月 定例会(3回): a session named by its month is one meeting, so the (N回) after its
# name numbers it (第3回); a count of meetings (定例会(4回)) names no month
_SESSION_NUMBER_BEFORE = re.compile(r"[0-9一二三四五六七八九十]月 ?(?:定例会|臨時会|定例議会|臨時議会)[(（]\Z")
# a newspaper's issue, date or edition just before N面: the page the article was printed on
_PRESS_PAGE_BEFORE = re.compile(r"(?:号|付|朝刊|夕刊|版|紙) ?\Z")


# words that open with 目 after a counter without making it an ordinal (5ヵ年目標, 3年目途, 10件目安)
_MOKU_WORDS = ("目標", "目的", "目安", "目途", "目処", "目指")
# 3ヵ年平均, 過去3年間の平均値, 一か月平均: the period an average is taken over, not a quantity
_AVERAGE_AFTER = re.compile(r"の?平均")
# a page that locates, not counts: [ 228頁] (minutes' page marks), 4月号 10ページ (an issue's page),
# …10ページ, …1面 (a contents line)
_PAGE_MARK = re.compile(r"[\[［【(（] ?\Z")
_PAGE_MARK_END = re.compile(r" ?[\]］】)）]")
_ISSUE_BEFORE = re.compile(r"号 ?\Z")


def _is_page_locator(text: str, start: int, unit_end: int, before: str) -> bool:
    return bool((_PAGE_MARK.search(before) and _PAGE_MARK_END.match(text, unit_end))
                or _ISSUE_BEFORE.search(before) or _LEADER_BEFORE.search(before))


_MUNICIPALITIES = ("市", "町", "村", "区")
_MUNICIPAL_TALLY = re.compile(r"[0-9]+[市町村区]")


def _is_per_one(u: Unit, before: str, after: str) -> bool:
    """``1人1台``, ``1日30分``, ``1ユーザー月額``, ``1回の乗車当たり``: one as the unit of a rate,
    but not the first part of a compound duration (``1時間30分``, ``1年6か月``)."""
    if not (_PER_ONE_AFTER.match(after) or _PER_ONE_BEFORE.search(before)):
        return False
    if u.unit in _MUNICIPALITIES and _MUNICIPAL_TALLY.match(after):
        return False  # 1市8町, 1市2町1村: the municipalities of a merger or a region, each counted
    if _ONE_EACH.match(after) if u.category == "people" else _PER_ONE_BEFORE.search(before):
        return False  # 1人1台: one thing for each person, two figures
    smaller = _COMPOUND_NEXT.get(u.unit)
    return not (smaller and re.match(rf"[0-9]+ ?(?:{smaller})", after))


# 2種類あって、1つは…、もう1つが…: the second of a pair the sentence enumerates, counted as the first
_PAIR_FIRST = re.compile(r"(?<![0-9])1 ?つ[はがも][^。]*?もう ?\Z")
_PAIR_REACH = 80


def _second_of_pair(text: str, start: int) -> bool:
    return _PAIR_FIRST.search(text, max(0, start - _PAIR_REACH), start) is not None


def _bad_gap(text: str, m: re.Match, value: float) -> bool:
    """A space or line break between number and unit is damage, unless the number heads a line
    (``1 人事異動``: a numbered heading); a line break only joins a number ending a line of text."""
    gap = m.group("space")
    if gap is None:
        return False
    start = m.start("num")
    at_line_head = _LINE_HEAD_BEFORE.search(text, max(0, start - 40), start) is not None
    if gap == " ":  # numbered headings count from 1: 0 件のコメント is a count
        return at_line_head and 0 < value < 100
    # a line break: 参加者は1,500⏎人 or a slide's 8,012⏎人, never a table cell (… 126,430⏎村営住宅)
    return (start > 0 and text[start - 1] in " \t") or (at_line_head and not re.search(r"[,万億兆]", m.group("num")))


def _before_blocks(text: str, start: int, spaced_unit: bool = True) -> bool:
    """Numbering (第3回), names and codes (Windows 10, E5, 06-1234, Ver.2.0), vague (数十人).

    A name, a space and a number is a version (``Windows 10``, ``Microsoft 365 ライセンス``)
    unless a counter follows the number at once (``iPad 40台``)."""
    before = text[max(0, start - 4):start]
    minus = _sign(text, start)[1] < start
    return bool(_NUMBERING_BEFORE.search(before) or _CAPTION_BEFORE.search(text, max(0, start - 6), start)
                or (_NAME_BEFORE.search(before) and not minus and not _LEADER_BEFORE.search(before))
                or _is_vague(text, start, before)
                or (spaced_unit and _NAME_SPACE_BEFORE.search(before))
                or _DIGIT_SEP_AFTER.match(text, _numeral_end(text, start)))


def _is_vague(text: str, start: int, before: str) -> bool:
    """数十人, 何百件 (vague); not 職員数1,000人 (a noun ending in 数, then a number in digits)."""
    if not _VAGUE_BEFORE.search(before):
        return False
    return not (text[start:start + 1].isdigit() and _COUNT_NOUN_BEFORE.search(before))


def _numeral_end(text: str, start: int) -> int:
    m = _NUMERAL_RE.match(text, start)
    return m.end() if m else start


#: counters after which 一 counts (一票, 議案一件, 一校); with others it is mostly a word (一人ひとり, 一部, 一時)
ONE_COUNTS = frozenset("票 件 名 台 社 校 園 館 棟 団体 施設 世帯 自治体".split())


def _lexical_numeral(raw: str, u: Unit | None = None) -> bool:
    """一 alone is a word (一部, 一方, 一時); 〇〇 is a placeholder."""
    if raw.startswith("〇") and "・" not in raw:  # 〇・二% is 0.2%
        return True
    if raw == "一":
        return u is None or not ((u.category == "time" and len(u.written) >= 2) or u.written in ONE_COUNTS)
    return False


# お一人, 御一人: one person named with the honorific (お一人の尊い命); not お一人お一人 (each one),
# お一人様 (a single guest) or お一人ずつ
_HONORIFIC_ONE = re.compile(r"(?<=[お御])一(?=人(?!お一人|ひとり|一人|様|ずつ|で))")


# 影響を受けた一年となりました, この一年で: one year as a noun phrase, a clause or この before it and a
# particle after; not 一年生 (a grade), 一年中, 一年一年, 一年に一度 (a frequency)
_ONE_YEAR = re.compile(r"(?<=[ただないのる])一年(?=[がはをとで、])")


def _year_like(raw: str, value: float) -> bool:
    return bool(re.fullmatch(r"[12]\d{3}|[一二][〇一二三四五六七八九]{3}", raw)) and isinstance(value, int)


def _is_date_or_time(raw: str, value: float, u: Unit, before: str, after: str, m: re.Match) -> bool:
    w = u.written
    if w == "年":
        return bool(_year_like(raw, value) or _ERA_BEFORE.search(before) or _MONTH_AFTER_YEAR.match(after)
                    or _SCHOOL_BEFORE.search(before)  # 中学3年: a school grade
                    or _SPACED_FISCAL_AFTER.match(after))  # 20年 度 当 初: a letter-spaced 年度
    if w == "日":
        if _MONTH_BEFORE.search(before) or _WEEKDAY_AFTER.match(after):
            return True
        return m.group("pre") is None and value <= 31 and (_DAY_OF_MONTH_AFTER.match(after) is not None
                                                            or _EVENT_AFTER_DAY.match(after) is not None)
    if w in ("分", "分間"):
        return _HOUR_BEFORE.search(before) is not None
    if w in ("秒", "秒間"):
        return _HOUR_MINUTE_BEFORE.search(before) is not None
    return False


# 年 度 with a space between, as a letter-spaced column heading prints it (21年 度 当 初 要求額)
_SPACED_FISCAL_AFTER = re.compile(r"[ \u3000]度(?![々目])")


# an era year (平成八年, 平成14年), not a fiscal year or a span (平成14年度, 3年間)
_ERA_YEAR = re.compile(r"(?:令和|平成|昭和|大正|明治) ?([元0-9〇一二三四五六七八九十]+) ?年(?![度間])")
_SERIES_REACH = 80  # characters back to the era year that opens the series
_SERIES_SPAN = 20  # years a series may run past its first


def _year_in_series(text: str, start: int, value: float, after: str) -> bool:
    """A year whose era was written on the first of a series: the year headings of a table
    (``平成14年 15年 16年``) or a list in parallel (``平成八年が…、九年が…``), and that year
    named again after the series (``…十年が…、十年の減少幅は``), not ``5年で``."""
    window = text[max(0, start - _SERIES_REACH):start]
    era = None
    for era in _ERA_YEAR.finditer(window):
        pass
    if era is None:
        return False
    first = 1 if era.group(1) == "元" else parse_number(era.group(1))
    if first is None or not first < value <= first + _SERIES_SPAN:
        return False
    between = window[era.end():]
    if re.fullmatch(r"(?:\s+[0-9]{1,2}年)*\s+", between):  # 平成14年 15年 16年
        return True
    particle = window[era.end():era.end() + 1]
    if particle in ("が", "は") and after[:1] == particle and "。" not in between:
        return True
    raw = _NUMERAL_RE.match(text, start).group()  # 十年が…と三年連続の減少となったが、十年の減少幅は
    return particle in ("が", "は") and re.search(rf"(?<![{_KANJI_NUM}0-9]){re.escape(raw)}年{particle}", between) is not None


def _cuts_a_word(text: str, start: int, unit_start: int, end: int, qualifier_end: int) -> bool:
    """A stop word overlaps the candidate other than inside its counter (十分, 5人口), or
    inside the counter and a qualifier that reaches past it (日程 in 1,200人日程度; not in 5人日程)."""
    for w in _STOPWORD.finditer(text, max(0, start - _STOPWORD_REACH + 1), end + _STOPWORD_REACH):
        ws, we = w.span()
        if we <= start or ws >= end:
            continue
        if not (unit_start <= ws and (we <= end or we < qualifier_end)):
            return True
    return False


# --- tables under a unit header -------------------------------------------------------------

def _table_cells(text: str, found: list[FigureMatch], labels: set[int]) -> Iterator[FigureMatch]:
    """Bare numbers in the rows under ``（単位：千円）`` are amounts in that unit.

    ``（単位：百万円、％）`` names one unit per kind of column: the last cell of a row takes
    the percent-like unit, the others the first unit. In a table ruled with ``│`` the cell's
    column heading joins the row label in the subject (``議会費 予算額``). The starts of label
    cells that open with their number (``1市``, ``5株 式 等``) go into ``labels``: no figure there."""
    taken = _Spans((f.start, f.end) for f in found if "\n" not in text[f.start:f.end])  # not 55,264 / 県 (a cell, then a label)
    done: set[int] = set()  # rows already read (a heading line may name several units)
    flat_end = -1  # the end of the last table read on one line (its own 千円 headings head no other table)
    headers = sorted([*_TABLE_HEADER.finditer(text), *_INLINE_HEADING_UNIT.finditer(text)], key=lambda h: h.start())
    for h in headers:
        if h.start() < flat_end:
            continue
        header_units = _header_units(h.group("ulist") or h.group("u2") or h.group("u3")
                                     or h.group("u4")) if h.re is _TABLE_HEADER \
            else [units()[h.group("u4")]]
        line_start, line_end = text.rfind("\n", 0, h.start()) + 1, text.find("\n", h.end())
        line_end = len(text) if line_end < 0 else line_end
        run = _flat_row(text, h.end(), line_end, 1 if h.re is _TABLE_HEADER else 2)
        if run is not None:  # the table's cells follow its header on the same line, joined by spaces
            flat_end = run.end
            if h.re is _TABLE_HEADER and h.group("u2") and header_units[0].category == "percent":
                header_units = _trailing_units(text, run) + header_units  # 増減率 (%) … 2) (単位 千人)
            if run.start not in done:
                done.add(run.start)
                yield from _cells(text, run, header_units, taken)
                if h.re is _TABLE_HEADER and (h.group("u2") or h.group("ulist")) and header_units[0].unit == "円":
                    yield from _column_cells(text, run.end, line_end, header_units[0], taken)
        elif h.re is _TABLE_HEADER and h.group("ulist") and header_units[0].unit == "円" \
                and "。" in text[h.end():line_end]:  # (単位:千円) 事業名 予算額 公園整備 老朽化した…。 25,400 …
            yield from _column_cells(text, h.end(), line_end, header_units[0], taken)
        if h.re is _INLINE_HEADING_UNIT:  # (単位:千円) 議会費 512,300 may go on with a row a line
            continue
        if run is not None and h.group("u2") and _labels_its_row(text, line_start, h.start()):
            continue  # 人口(人) | 33,125 | 33,252: a row label's unit is that row's own, not the rows below
        header_line = text[line_start:line_end].strip()  # │区分│金額(千円)│: the header is a heading row
        headings = tuple(_ruled_cells(header_line)) if _RULED_ROW.search(header_line) else ()
        money = header_units[0].unit == "円"
        starts = [line_end + 1]
        alone = header_line.strip(_BRACKETS) == h.group().strip(_BRACKETS)
        if alone:  # printed among cells one a line
            starts.insert(0, _block_start(text, line_start))
        prose = _prose_table_line(text, line_end + 1) if alone and money else None
        if prose is not None and prose[0] not in done:  # (単位:千円) / a whole table and its prose on the next line
            done.add(prose[0])
            yield from _column_cells(text, *prose, header_units[0], taken)
            continue
        for pos in starts:
            if pos >= line_start and pos != line_end + 1:
                continue
            for row in _table_rows(text, pos, headings, labels if money else None, one_a_line=alone):
                if row.start not in done:
                    done.add(row.start)
                    yield from _cells(text, row, header_units, taken)


# 千円 as a column heading inside a line (当初予算額 A B 千円 千円 比較 増減 率 千円 %), as a PDF
# re-host that joins a table's cells with spaces gives it: after a word, not after a number (6,000 千円)
_INLINE_HEADING_UNIT = re.compile(rf"(?<=[ \tA-Za-z])(?<![0-9,.][ \t])(?P<u4>{_MONEY_UNIT})(?=[ \t%％])")
_FLAT_WORD_MAX = 20  # a longer word (its numbers aside) is a sentence: the flattened table has ended
# ... unless it has no kana: the normalizer glued letter-spaced 款 labels into one run
# (議会総務民生衛生…計費366,196), which a sentence, always written with kana, is not
_LABEL_RUN_MAX = 60
_KANA = re.compile(r"[\u3040-\u309f]")
_BRACKETS = "()（） \t"
# a cell of a flattened table: the normalizer may have glued it to its label (一般会計295,200,000,
# 0.10特別会計); a whole number without a comma counts only set apart by spaces (not 平成28年度)
_FLAT_CELL = re.compile(r"(?:(?P<sign>[△▲] ?|(?<!\S)[\-−])|(?<![\d,.△▲]))(?:(?P<n>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+"
                        r"|(?<![^\s△▲\-−])\d+(?!\S))|[(（](?P<ratio>\d+\.\d+)[)）])(?![\d,.%])")
_SENTENCE_MARK = re.compile(r"[。、]")


def _labels_its_row(text: str, line_start: int, unit_start: int) -> bool:
    """A bracketed unit glued to the words before it on its line (``将来負担比率(%)``,
    ``標準財政規模(千円)``) ends a row label, as statistical and 財政指標 tables give each row
    its own unit; a unit alone on its line heads the column below."""
    label = text[line_start:unit_start].strip(_BOX_AND_SPACE)
    return bool(label) and not text[unit_start - 1].isspace()


def _flat_headings(text: str) -> Iterator[tuple[int, int]]:
    """The spans of 千円 column headings followed on their line by the table's cells."""
    for h in _INLINE_HEADING_UNIT.finditer(text):
        line_end = text.find("\n", h.end())
        if _flat_row(text, h.end(), len(text) if line_end < 0 else line_end) is not None:
            yield h.span()


_FOOTNOTE_MARKS = re.compile(r"(?:\s*\d{1,2}\))*\s*[(（]?\s*")  # 2) 3) before a trailing (単位 千人)


def _trailing_units(text: str, run: "_Row") -> list[Unit]:
    """The units of a ``単位`` header written just after the last cell of a flattened table
    (``… -0.17 2) (単位 千人)``: a PDF extraction puts the table's top-right unit note after its
    cells), when the table's own headings name only its rate column (``増減率 (%)``)."""
    last = None
    for last in _FLAT_CELL.finditer(text, run.start, run.end):
        pass
    if last is None:
        return []
    h = _TABLE_HEADER.match(text, _FOOTNOTE_MARKS.match(text, last.end()).end())
    if h is None or not h.group("ulist"):
        return []
    return [u for u in _header_units(h.group("ulist")) if u.category != "percent"]


# an amount set apart by spaces with no unit of its own (… 整備する 44,440 ・多目的広場 …)
_COLUMN_CELL = re.compile(rf"(?<!\S)(?P<sign>[△▲] ?)?(?P<n>\d{{1,3}}(?:,\d{{3}})+)(?P<ratio>)(?!\S)(?! ?{UNIT})")
# a run of cells set apart by spaces (… 整備します。 830 830 事業内容は … / 12,118 500 実績等を …)
_CELL_RUN = re.compile(r"(?<!\S)(?:[△▲] ?)?\d[\d,]*(?: +(?:[△▲] ?)?\d[\d,]*)+(?!\S)")
# an amount under 1,000 has no comma; one or two digits among prose are an item or page number
# or a chart's tick (14,000 14,000 2 潟に関する研究; 。 0 8 歳入歳出決算額の推移), never read
_BARE_CELL = re.compile(r"(?<!\S)(?P<sign>[△▲] ?)?(?P<n>[1-9]\d{2})(?P<ratio>)(?!\S)")


def _column_cells(text: str, start: int, line_end: int, u: Unit, taken: _Spans) -> Iterator[FigureMatch]:
    """The later cells of a ``予算額(千円)`` column on a page the re-host flattened onto one line:
    the column's amounts stand between the items' prose, up to the next unit heading; an amount
    of three digits counts when it stands in a run of cells (``830 830``, ``12,118 500``)."""
    stop = min([line_end, *(h.start() for h in _TABLE_HEADER.finditer(text, start, line_end)),
                *(h.start() for h in _INLINE_HEADING_UNIT.finditer(text, start, line_end))])
    cells = [*_COLUMN_CELL.finditer(text, start, stop),
             *(c for run in _CELL_RUN.finditer(text, start, stop) for c in _BARE_CELL.finditer(text, *run.span()))]
    for c in sorted(cells, key=lambda c: c.start()):
        if not taken.overlaps(c.start(), c.end()):
            yield _cell_figure(c, u, None)


def _prose_table_line(text: str, start: int) -> tuple[int, int] | None:
    """The span of the line at ``start`` when it is a whole table flattened with its items'
    prose (sentences, and amounts set apart by spaces between them), not a row of cells."""
    end = text.find("\n", start)
    end = len(text) if end < 0 else end
    line = text[start:end]
    if "。" not in line or len(_COLUMN_CELL.findall(line)) < 2 or _is_table_row(line.strip(), False):
        return None
    return start, end


def _flat_row(text: str, start: int, line_end: int, min_cells: int = 2) -> "_Row | None":
    """The cells that follow a unit header on its own line, up to the first sentence or the
    next unit header after some cells: one long row (``… 千円 % 一 般 会 計 295,200,000 …``)."""
    end, cells = start, 0
    for w in re.finditer(r"\S+", text[start:line_end]):
        word = w.group()
        if _SENTENCE_MARK.search(word) and not _TABLE_HEADER.search(word) \
                or _sentence_like(_FLAT_CELL.sub("", word)) or cells and _TABLE_HEADER.search(word):
            break
        cells += len(_FLAT_CELL.findall(word))
        end = start + w.end()
    if cells < min_cells:  # a bare 千円 heading needs a row of cells to be one
        return None
    return _Row(start, end, flat=True)


def _sentence_like(word: str) -> bool:
    return len(word) > _FLAT_WORD_MAX and (_KANA.search(word) is not None or len(word) > _LABEL_RUN_MAX)


def _block_start(text: str, line_start: int) -> int:
    """The first line of the block of cell lines and number lines that ends just above
    ``line_start`` (a unit header the PDF extraction put among the cells)."""
    start, seen_row = line_start, False
    for _ in range(_TABLE_MAX_LINES):
        if start == 0:
            break
        prev = text.rfind("\n", 0, start - 1) + 1
        line = text[prev:start - 1].strip()
        if not line or _TABLE_HEADER.search(line):
            break
        row = _is_table_row(line, False)
        if not (row or _CELL_LINE.fullmatch(line) or _PAGE_NUMBER_LINE.fullmatch(line)):
            break
        seen_row = seen_row or row
        start = prev
    return start if seen_row else line_start


@dataclass(frozen=True)
class _Row:
    start: int
    end: int
    headings: tuple[str, ...] = ()  # the column headings of a ruled table, by column
    label: str | None = None  # a row label on a line of its own (one cell a line, as PDFs extract)
    flat: bool = False  # a whole table on one line, its rows joined by spaces


# A line that is one short cell of a table whose cells a PDF extraction put on lines of their own
# (区分 / 令和7年度 / 増減 / うち端末更新費): no sentence punctuation, no space, a few characters.
_CELL_LINE = re.compile(r"[^\s。、,.!?:：]{1,16}|[^\s。、,.!?:：](?: [^\s。、,.!?:：]){1,15}"  # 区分, 歳 入 合 計
                        r"|[^\s。、,.!?:：]{1,12}(?: [^\s。、,.!?:：]{1,12}){1,4}")  # 分担金 負担金, 前年 度 対 比 年度
_CELL_LINES_MAX = 8  # label and heading cells in a row before the table is taken to have ended
_HEADING_LINES_MAX = 16  # column headings before the first row (事項 / 期間 / 区分 / 限度額 / 財源内訳 …)


def _table_rows(text: str, pos: int, headings: tuple[str, ...] = (),
                labels: set[int] | None = None, one_a_line: bool = False) -> Iterator[_Row]:
    """The rows of the table below a unit header: lines ending in a number, and in a table
    ruled with ``│`` any line with a number cell (``│計│1,200│―│皆増│``).

    The table goes on over border lines (``├──┼──┤``), column headings and short notes
    between rows, and ends at a blank line followed by text, a numbered heading, another
    unit header, or three lines of text in a row (unless, in a table printed one cell a line,
    the text is an item's description and its amounts follow on lines of their own)."""
    non_rows = cell_lines = 0
    after_blank = False
    rows_seen = False  # a blank line between the unit header and the table does not end it
    label = None  # the last cell line: the label of a row whose number is on the next line
    last_item = 0  # the last item number read on a line of its own
    in_code = False  # the line before was a 款 / 項 code of a code path
    in_row = False  # the line before was a row (a 1 after it may be the next cell, not item 1)
    for n in range(_TABLE_MAX_LINES):
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        line, one_cell = _one_cell(text[pos:end].strip())
        ruled = _RULED_ROW.search(line) is not None
        after_code, in_code = in_code, False
        after_row, in_row = in_row, False
        if not line:
            after_blank, in_code, in_row = True, after_code, after_row  # a blank line keeps both
        elif _BORDER_LINE.match(line) or _PAGE_NUMBER_LINE.fullmatch(line) or _is_page_foot(line, text, end):
            pass  # ├──┤, a page number (- 12 -)
        elif not one_cell and not _closed_by_rule(text, end) and _is_code_path(line, text, end):
            in_code = True  # 款 / 項 / 目 codes one a line (2 / 1 / 3 / 企画費): the last code ends the path
        elif not one_cell and not _closed_by_rule(text, end) \
                and _is_item_number(line, _next_line(text, end), None if after_code else last_item,
                                    text[end:] if after_row else None):
            last_item = _item_number(line) or last_item  # an item number on a line of its own (1 / 観光DX推進事業)
        elif _is_table_row(line, ruled):
            yield _Row(pos, end, headings if ruled else (), label if _TABLE_CELL.match(line) else None)
            in_row = True
            non_rows = cell_lines = 0
            after_blank = False
            rows_seen = True
        elif not ruled and (not after_blank or not rows_seen or _row_follows(text, end)) \
                and _CELL_LINE.fullmatch(line) \
                and cell_lines < (_CELL_LINES_MAX if rows_seen else _HEADING_LINES_MAX) \
                and not _TABLE_HEADER.search(line) and not _HEADING.match(line) \
                and not re.fullmatch(_MONEY_UNIT, line):
            # 区分 / 令和7年度 / 増減 / 情報管理費: cells one a line; a label broken one
            # character a line (譲 / 与 / 税, as a PDF gives a vertically printed 款) is one cell
            cell_lines += len(line) > 1
            label = _ROW_NUMBERING.sub("", line).replace(" ", "") or None
            if labels is not None and _NUMBERED_LABEL.match(line):
                labels.add(pos + len(text[pos:end]) - len(text[pos:end].lstrip()))
        else:
            non_rows += 1
            if (after_blank and rows_seen) or (non_rows >= 3 and not (one_a_line and _bare_cell_follows(text, end))) \
                    or (n and _TABLE_HEADER.search(line)) \
                    or _HEADING.match(line):
                return
            if ruled and sum(map(bool, _ruled_cells(line))) >= 2:  # not a section row (│【歳入】│　│)
                headings = tuple(_ruled_cells(line))
        if end >= len(text):
            return
        pos = end + 1


# a page number on a line of its own: - 12 -, 12/30, P.12, 12ページ
_PAGE_NUMBER_LINE = re.compile(r"[-‐−–—]\s*\d{1,4}\s*[-‐−–—]|\d{1,4}\s*/\s*\d{1,4}|P\.?\s*\d{1,4}|\d{1,4}\s*ページ")
_PAGE_FOOT_DASH = re.compile(r"\n[ \t]*[-‐−–—][ \t]*(?:\n[ \t]*\n|\n?[ \t]*\Z)")


def _is_page_foot(line: str, text: str, end: int) -> bool:
    """A page number whose dash the extraction put on the next line, where the page ends
    (``1`` / ``-`` at the foot of a page, then a blank line or the end of the text)."""
    return re.fullmatch(r"\d{1,3}", line) is not None and _PAGE_FOOT_DASH.match(text, end) is not None


_ITEM_NUMBER_LINE = re.compile(r"[1-9]\d{0,2}[.．]?")  # items count from 1: a 0 cell is an amount


_ROW_REACH = 3  # lines a blank-line-separated label may stand above its row


_BARE_CELL_LINE = re.compile(r"[△▲]? ?\d{1,3}(?:,\d{3})*(?:\.\d+)?")
_DESCRIPTION_MAX = 8  # lines of an item's description before its amounts (one cell a line)


def _bare_cell_follows(text: str, end: int) -> bool:
    """An amount on a line of its own within the next few lines, before a blank line, a heading
    or another unit header: in a table printed one cell a line (主要事業 / 事業概要 / 要求額),
    an item's description runs over several lines of text and its amounts follow it."""
    for _ in range(_DESCRIPTION_MAX):
        nxt = text.find("\n", end + 1)
        nxt = len(text) if nxt < 0 else nxt
        line = text[end + 1:nxt].strip()
        if not line or _TABLE_HEADER.search(line) or _HEADING.match(line):
            return False
        if _BARE_CELL_LINE.fullmatch(line):
            return not _is_item_number(line, _next_line(text, nxt))
        if nxt >= len(text):
            return False
        end = nxt
    return False


def _row_follows(text: str, end: int) -> bool:
    """A table row among the next few lines: a re-host that puts a blank line between every
    line of a table (翌年度繰越額 / 24年度 / 19,413,350,000 …) has not ended it with the blank."""
    for _ in range(_ROW_REACH):
        line = _next_line(text, end)
        if not line:
            return False
        if _is_table_row(line, _RULED_ROW.search(line) is not None):
            return True
        end = text.find(line, end + 1) + len(line)
    return False


def _next_line(text: str, end: int) -> str:
    """The next line with something on it after the line ending at ``end``."""
    while end < len(text):
        start, end = end + 1, text.find("\n", end + 1)
        end = len(text) if end < 0 else end
        line, _ = _one_cell(text[start:end].strip())
        if line and not _BORDER_LINE.match(line):
            return line
    return ""


def _closed_by_rule(text: str, end: int) -> bool:
    """``65`` followed by a line ``|``: a cell whose rule the extraction put on the next line."""
    nxt = text.find("\n", end + 1)
    return text[end + 1:len(text) if nxt < 0 else nxt].strip() in ("|", "\u2502", "\u2503")


def _one_cell(line: str) -> tuple[str, bool]:
    """A ruled table fallen apart one cell a line (``契約額 |``, ``2,045 |``, ``|``) gives one
    cell per line: the cell without its rule, and whether the line was such a cell."""
    if not _RULED_ROW.search(line) or _BORDER_LINE.match(line):
        return line, False
    cells = [c for c in _ruled_cells(line) if c]
    return (cells[0], True) if len(cells) == 1 else (line, False)


_FIRST_ITEM_MAX = 9  # a table's first item number on a line of its own (it may go on from a page before)


def _is_item_number(line: str, following: str, last_item: int | None = None, after: str | None = None) -> bool:
    """``1`` on a line of its own before a label cell (観光DX推進事業): the item's number, in a
    table a PDF extraction put one cell a line; an amount is followed by text or another number.
    Items count on one by one: after item 3 only 4 numbers an item, and a table's first item
    number is small (``111`` / ``政策`` is the 予算額 cell before the next item's 部局 cell)."""
    if _ITEM_NUMBER_LINE.fullmatch(line) is None or not following or _CELL_LINE.fullmatch(following) is None \
            or _TABLE_CELL.search(following) is not None:
        return False
    if last_item is None:
        return True
    n = _item_number(line)
    if last_item:
        return n == last_item + 1
    return n <= _FIRST_ITEM_MAX and (n != 1 or after is None or _second_item_follows(after))


_ITEM_REACH = 80  # lines to look ahead for item 2 after a lone 1


def _second_item_follows(after: str) -> bool:
    """A lone ``1`` after a row and before a label numbers the first item only when ``2`` stands
    later on a line of its own before another label; else it is the row's last cell
    (``2,118 / 1 / 1 / 母子父子寡婦福祉資金``)."""
    lines = [l.strip() for l in after.split("\n", _ITEM_REACH)[:_ITEM_REACH] if l.strip()]
    return any(l in ("2", "2.", "2．") and nxt and _CELL_LINE.fullmatch(nxt) and not _TABLE_CELL.search(nxt)
               for l, nxt in zip(lines, lines[1:]))


def _item_number(line: str) -> int | None:
    return int(line.rstrip(".．")) if _ITEM_NUMBER_LINE.fullmatch(line) else None


_CODE_PATH_MAX = 4  # 款 / 項 / 目 / 節: the numbers that file an item before its name
_CODE_HEADINGS = re.compile(r"(?m)^[ \t]*(?:款|項|目|節)[ \t]*$|款 ?項 ?目")
_CODE_HEADINGS_REACH = 600


def _is_code_path(line: str, text: str, end: int) -> bool:
    """``1 / 1 / 2 / 総務管理費`` one a line: the 款, 項 and 目 numbers before the item's name
    (a run of small numbers, each on its own line, that ends at a label), or a code written
    with a leading zero (``010203``): never an amount."""
    if re.fullmatch(r"0\d+", line):
        return True
    if _ITEM_NUMBER_LINE.fullmatch(line) is None or not _CODE_HEADINGS.search(text, max(0, end - _CODE_HEADINGS_REACH), end):
        return False  # the table must head its code columns (款 / 項 / 目): 1 / 1 / 母子… may be two 1 千円 cells
    run = 0
    for _ in range(_CODE_PATH_MAX):
        following = _next_line(text, end)
        if _ITEM_NUMBER_LINE.fullmatch(following):
            run += 1
            end = text.find(following, end + 1) + len(following)
            continue
        return run > 0 and bool(following) and _CELL_LINE.fullmatch(following) is not None \
            and _TABLE_CELL.search(following) is None
    return False


def _is_table_row(line: str, ruled: bool) -> bool:
    if ruled:  # │区分│2023│2024│ heads the columns with years
        return any(not _year_like(_cell_number(c), parse_number(_cell_number(c))) for c in _TABLE_CELL.finditer(line))
    if _ROW_END.search(line) is not None and _TABLE_CELL.search(line) is not None:
        return True
    if _LEADER_ROW.search(line):  # a label, its amount and a leader to the note (事業 210・・・説明)
        return True
    # DX推進事業 6,120 一般財源: cells set apart by spaces, one a number, no sentence
    cells = line.split()
    return len(cells) >= 2 and "。" not in line and any(_TABLE_CELL.fullmatch(c) for c in cells)


def _ruled_cells(line: str) -> list[str]:
    """``│事業名│本年度│前年度│`` → ['事業名', '本年度', '前年度']."""
    return [c.strip() for c in _RULED_CELL_SPLIT.split(line.strip().strip("|\u2502\u2503\u2551"))]


def _cells(text: str, row: _Row, header_units: list[Unit], taken: _Spans) -> Iterator[FigureMatch]:
    start, end = row.start, row.end
    cells = list(_FLAT_CELL.finditer(text, start, end)) if row.flat else \
        _unique_cells([*_TABLE_CELL.finditer(text, start, end), *_GLUED_CELL.finditer(text, start, end),
                       *_GLUED_BEFORE_LABEL.finditer(text, start, end)])
    if row.flat:
        yield from _flat_cells(text, row, cells, header_units, taken)
        return
    if cells and _is_row_number(text, start, cells[0], end):  # 1 議会費 512,300: the label is after the row number
        label = _row_label(text, cells[0].end(), cells[1].start()) if len(cells) > 1 else None
    else:
        label = _row_label(text, start, cells[0].start()) if cells else None
    label = label or row.label
    for i, c in enumerate(cells):
        raw = _cell_number(c)
        if taken.overlaps(c.start(), c.end()) or _year_like(raw, parse_number(raw)) and not _led(text, c):
            continue
        if i == 0 and _is_row_number(text, start, c, end):
            continue
        heading = _column_heading(text, row, c.start())
        last = len(cells) > 1 and not text[c.end():end].strip(_BOX_AND_SPACE)  # nothing after it: the last column
        u = _rate_unit(header_units, c) or _cell_unit(header_units, heading, last)
        subject = " ".join(p for p in (label, heading) if p and p not in _SIGNS)[:_SUBJECT_MAX * 2] or None
        figure = _cell_figure(c, u, subject)
        sign_at = _sign_line_above(text, start) if i == 0 and not c.group("sign") else None
        if sign_at is not None:  # △ on its own line, the amount on the next (one cell a line)
            figure = replace(figure, start=sign_at, value=-figure.value)
        yield figure


def _led(text: str, cell: re.Match) -> bool:
    """A cell followed by a dot leader (``1900・・・``): the amount of a list row, not a year heading."""
    return re.match(_LEADER, text[cell.end():cell.end() + 2]) is not None


_SIGNS = ("△", "▲")


def _sign_line_above(text: str, start: int) -> int | None:
    """Where a △ or ▲ that ends the line above the row at ``start`` stands, if one does."""
    above = text[max(0, start - 3):start].rstrip()
    return max(0, start - 3) + len(above) - 1 if above.endswith(_SIGNS) else None


def _unique_cells(cells: list[re.Match]) -> list[re.Match]:
    """Cells in order, one per start (a number glued on both sides is found twice)."""
    return list({c.start(): c for c in sorted(cells, key=re.Match.start)}.values())


def _cell_number(cell: re.Match) -> str:
    return cell.group("n") or cell.group("ratio")


def _cell_figure(cell: re.Match, u: Unit, subject: str | None) -> FigureMatch:
    value = Fraction(_cell_number(cell).replace(",", "")) * u.multiplier
    if cell.group("sign"):
        value = -value
    return FigureMatch(cell.start(), cell.end(), plain(value), None, u.unit, u.category, None, subject)


def _rate_unit(header_units: list[Unit], cell: re.Match, rates_headed: bool = False) -> Unit | None:
    """In a table of 千円 or 円 that has a rate column (``（単位：千円、％）``, a ``率`` or ``%``
    heading), a cell with decimals is the rate: amounts in 千円 are whole, and ``(101.08)`` is a
    ratio. Tables in 百万円 or 億円 write amounts with decimals and keep the column rule."""
    rates = [u for u in header_units[1:] if u.category in ("percent", "ratio")]
    whole = header_units[0].unit == "円" or header_units[0].category in ("people", "count")  # 千円, 千人: whole
    if not (rates or rates_headed) or not whole or header_units[0].multiplier > 1000:
        return None
    raw = _cell_number(cell)
    if cell.group("ratio") or ("." in raw and "," not in raw):
        return rates[-1] if rates else units()["%"]
    return header_units[0] if "," in raw else None  # 167,954,922,000 is an amount in any column


_FLAT_ITEM_NUMBER = re.compile(r"[1-9]\d{0,2}")
_AXIS_TICKS_MIN = 4


def _flat_cells(text: str, row: _Row, cells: list[re.Match], header_units: list[Unit],
                taken: _Spans) -> Iterator[FigureMatch]:
    """The cells of a table joined into one line: an item number before a name (``5 と畜場``)
    and a chart's axis (``40,000 35,000 30,000 25,000``) are no figures; decimals are the rate
    column when the headings name one."""
    first = cells[0].start() if cells else row.end
    rates_headed = re.search(r"率|%", text[row.start:first]) is not None
    axis = _axis_ticks(cells)
    for i, c in enumerate(cells):
        raw = _cell_number(c)
        if i in axis or taken.overlaps(c.start(), c.end()) or _year_like(raw, parse_number(raw)):
            continue
        after = text[c.end():c.end() + 2]
        if _FLAT_ITEM_NUMBER.fullmatch(raw) and not c.group("sign") and re.match(r"\s[^\d\s△▲\-−(（]", after):
            continue  # 5 と畜場・市場事業, 2 歳入決算額の状況
        u = _rate_unit(header_units, c, rates_headed) or header_units[0]
        yield _cell_figure(c, u, None)


def _axis_ticks(cells: list[re.Match]) -> set[int]:
    """Indexes of runs of at least four cells stepping evenly to a round number (40,000 35,000
    30,000 25,000; 15,000 10,000 5,000 0): a chart's axis flattened into the text."""
    values = [None if c.group("sign") or c.group("ratio") or "." in c.group("n")
              else int(c.group("n").replace(",", "")) for c in cells]
    out: set[int] = set()
    i = 0
    while i < len(values) - 1:
        j = i + 1
        step = None if values[i] is None or values[j] is None else values[j] - values[i]
        if step:
            while j + 1 < len(values) and values[j + 1] is not None and values[j + 1] - values[j] == step:
                j += 1
            if j - i + 1 >= _AXIS_TICKS_MIN and all(v % abs(step) == 0 for v in values[i:j + 1]):
                out.update(range(i, j + 1))
                i = j + 1
                continue
        i += 1
    return out


def _column_heading(text: str, row: _Row, cell_start: int) -> str | None:
    """In a ruled table, the heading of the column a cell is in."""
    if not row.headings:
        return None
    column = len(_RULED_CELL_SPLIT.findall(text[row.start:cell_start].lstrip().lstrip("|\u2502\u2503\u2551")))
    return row.headings[column] if column < len(row.headings) else None


def _cell_unit(header_units: list[Unit], heading: str | None, last: bool) -> Unit:
    """A column heading's own unit (金額(千円), 伸び率, 構成比(%)) wins; else, under
    ``（単位：百万円、％）``, the last cell of a row takes the percent-like unit (without
    headings to tell), the others the first unit."""
    own = _HEADING_UNIT.search(heading) if heading else None
    if own:
        return units()[own.group("unit") or "%"]
    rates = [u for u in header_units[1:] if u.category in ("percent", "ratio")]
    if rates and last and heading is None:
        return rates[-1]
    return header_units[0]


def _row_label(text: str, start: int, first_cell: int) -> str | None:
    """The text before a row's first number (``議会費``, ``(1) 観光DX推進事業`` → ``観光DX推進事業``)."""
    label = _ROW_NUMBERING.sub("", text[start:first_cell].strip(_BOX_AND_SPACE)).strip(_BOX_AND_SPACE)
    return label[:_SUBJECT_MAX] or None


def _is_row_number(text: str, line_start: int, cell: re.Match, line_end: int) -> bool:
    """``1 総務費 12,345``: a small number opening the row, followed by a label, numbers the row."""
    if text[line_start:cell.start()].strip(_BOX_AND_SPACE):
        return False
    rest = text[cell.end():line_end].strip(_BOX_AND_SPACE)
    n = _cell_number(cell)
    if "," in n or not rest or cell.group("ratio") or n == "0":  # items count from 1: 0 →(予算額) is a cell
        return False
    if rest[0].isdigit():  # 1 48,352,400 under the label 市税: the item number, then the amount
        following = _TABLE_CELL.match(rest)
        return len(n) <= 2 and "." not in n and following is not None and "," in _cell_number(following)
    return rest[0] not in "△▲-−"


# --- overlap resolution -----------------------------------------------------------------------

class _Spans:
    """Sorted, merged spans answering 'does [s, e) overlap any?' in O(log n)."""

    def __init__(self, spans: Iterable[tuple[int, int]]):
        merged: list[list[int]] = []
        for s, e in sorted(sp for sp in spans if sp[1] > sp[0]):
            if merged and s <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], e)
            else:
                merged.append([s, e])
        self.starts = [s for s, _ in merged]
        self.ends = [e for _, e in merged]

    def overlaps(self, s: int, e: int) -> bool:
        i = bisect_right(self.starts, s) - 1
        if i >= 0 and self.ends[i] > s:
            return True
        return i + 1 < len(self.starts) and self.starts[i + 1] < e


def _leftmost_longest(found: list[FigureMatch]) -> list[FigureMatch]:
    out: list[FigureMatch] = []
    for f in sorted(found, key=lambda f: (f.start, -(f.end - f.start))):
        if out and f.start < out[-1].end:
            continue
        out.append(f)
    return out


# --- the extractor ---------------------------------------------------------------------------

# the size or capacity that designates a model right after a product's name: iPad Pro(10.5インチ),
# アイパッドプロ10.5又は12.9インチ, iPhone 64GB (part of the name, not a quantity)
_DESIGNATION = re.compile(r" ?[(（]? ?\d+(?:\.\d+)?(?:(?:又は|または|/|・|、|か)\d+(?:\.\d+)?)? ?(?:インチ|型|GB|TB)[)）]?")


def _without_fund_shares(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Date spans less those inside a funding source's bracketed share (国交付金(10/10)): a date is
    never bracketed after 交付金, so the share keeps its figure whatever the dates extractor read."""
    shares = [(m.start("numer"), m.end()) for m in _SHARE_FRACTION.finditer(text) if m.group("fund")]
    return [(s, e) for s, e in spans if not any(fs <= s and e <= fe for fs, fe in shares)]


def _with_designation(text: str, span: tuple[int, int]) -> tuple[int, int]:
    m = _DESIGNATION.match(text, span[1])
    return (span[0], m.end()) if m else span


def extract(ctx, found: Mapping[str, list]) -> list[Figure]:
    exclude = _without_fund_shares(ctx.text, [_to_normalized(ctx.norm, r.start, r.end) for r in found.get("dates", ())])
    exclude += [_with_designation(ctx.text, _to_normalized(ctx.norm, r.start, r.end))
                for r in found.get("products", ())]
    matches = find_figures(ctx.text, exclude)
    matches = [m if m.subject else replace(m, subject=subject_of(ctx.text, m, ctx.analysis)) for m in matches]
    out = []
    for m in matches:
        s, e, t = ctx.span(m.start, m.end)
        out.append(Figure(float(m.value), None if m.value_max is None else float(m.value_max), m.unit,
                          m.unit_category, m.qualifier, m.subject, s, e, t))
    return out


def _to_normalized(norm, start: int, end: int) -> tuple[int, int]:
    """The normalized span whose characters come from original [start, end)."""
    return bisect_right(norm.ends, start), bisect_left(norm.starts, end)


# --- subject: what is counted ---------------------------------------------------------------

_SUBJECT_MAX = 24
_COUNTED_RE = re.compile(rf"(?:{QUAL_PRE} ?)?{COUNTED}(?:{QUAL_POST})?")
_NOUN_POS = {"NOUN", "PROPN"}
_ARG_DEPS = ("nsubj", "obj", "dislocated")
_PHRASE_CHAR = re.compile(r"[\u4e00-\u9fff\u30a0-\u30ffA-Za-z0-9ー・]")
_NOUN_RUN = r"[\u4e00-\u9fff\u30a0-\u30ffA-Za-zー・]{2,}"
_TEXT_NOUN_BEFORE = re.compile(rf"({_NOUN_RUN})\Z")
_TEXT_NOUN_BEFORE_BRACKET = re.compile(rf"({_NOUN_RUN})[(（]\Z")
_TEXT_OWNER_BEFORE = re.compile(rf"({_NOUN_RUN})の\Z")
_TEXT_NOUN_AFTER = re.compile(rf"(?:の|だった|である)?[「」]?({_NOUN_RUN})")
_TEXT_ARGUMENT = re.compile(rf"({_NOUN_RUN})」?(?:は|が|を)")
#: counters that are nouns for what they count (業務, 手続, アカウント …), from units.tsv
_NOUN_COUNTERS = frozenset(u.unit for u in units().values()
                           if len(u.unit) > 1 and u.category in ("count", "licence", "document", "people")
                           and u.unit not in ("か所", "か国", "通り", "回", "人日", "人月", "ページ", "種類", "段階"))
#: nouns that say when or how, not what: 今後5年間, 年間約6億円, 全体の45%
_NOT_SUBJECT = frozenset("今後 年間 現在 全体 合計 総計 計 うち 内 全 約 最大 最多 これまで 以前 以降 当初 毎年 毎月 月 年 日 時点 次 "
                         "その他 ほか もの こと 方 ため ところ よう 見込み 見通し 予定 程度 平均 以上 以下 "
                         "前年 前年度 本年 本年度 昨年 昨年度 今年度 同年 同月 "
                         # a comparison or change, not what is measured: 前年度比12.5%増の約1,234億円
                         "比 増 減 増加 減少 差 差引 増減 伸び 前年比 前年度比 対前年比 対前年度比 前年同期比".split())


def subject_of(text: str, m: FigureMatch, analysis=None) -> str | None:
    """A short phrase from the sentence saying what the figure counts, or None."""
    counted = _COUNTED_RE.fullmatch(text, m.start, m.end)
    if counted:  # 80の手続: the noun is what is counted
        return counted.group("noun")
    span = analysis.spacy_span(m.start, m.end) if analysis is not None else None
    if span is not None and len(span):
        found = _subject_from_parse(span, m.unit)
        if found:
            return found
    return _subject_from_text(text, m.start, m.end, m.unit)


def _subject_from_parse(span, unit: str) -> str | None:
    """The first good phrase among the cues, strongest first."""
    for phrase in _parse_cues(span, unit):
        phrase = phrase.strip() if phrase else ""
        if phrase and phrase not in _NOT_SUBJECT and (phrase not in units() or phrase == unit):
            return phrase
    return None


def _parse_cues(span, unit: str) -> Iterator[str]:
    doc = span.doc
    before = doc[span.start - 1] if span.start > 0 else None
    # 教職員1万2500人, タブレットデバイス600台: the noun right before the number
    if before is not None and before.pos_ in _NOUN_POS and _is_subject_noun(before):
        yield _phrase_ending_at(before)
    # 立ち上げ時間(10分), 大幅に削減(40%): a figure in brackets after what it measures
    if before is not None and before.text in "(（" and before.i > 0 and _joins(doc[before.i - 1]):
        yield _phrase_ending_at(doc[before.i - 1])
    # 「2分の1勤務」: a noun right after the figure
    if span.end < len(doc) and doc[span.end].pos_ in _NOUN_POS and _is_subject_noun(doc[span.end]):
        yield _phrase_starting_at(doc[span.end])
    # 1300台のiPad, 約6億円の経費節約効果, 4、5時間だった待ち時間
    after = _noun_after(doc, span.end)
    if after is not None:
        yield _phrase_starting_at(after)
    # サービスの四象限: the owner before の
    if before is not None and before.text == "の" and before.i > 0 and _joins(doc[before.i - 1]) \
            and _is_subject_noun(doc[before.i - 1]):
        yield _phrase_ending_at(doc[before.i - 1])
    # 約3,800手続, 78アカウント: a counter that is itself a noun names what is counted
    if unit in _NOUN_COUNTERS:
        yield unit
    root = span.root
    # オフィシャルが80%, 職員数が2万875人: the figure is the predicate (nearest argument first)
    args = [c for c in root.children
            if c.i < span.start and c.dep_.startswith(_ARG_DEPS) and _is_subject_noun(c)]
    if args:
        yield _phrase_ending_at(args[-1])
    # 40%に及ぶ職員: a relative clause on a noun
    head = root.head
    if head.dep_.startswith("acl") and head.head.pos_ in _NOUN_POS and head.head.i > head.i \
            and _is_subject_noun(head.head):
        yield _phrase_ending_at(head.head)
    # 動向を3つ紹介, 47億円をかけて環境を整備: an argument of the predicate, else the predicate
    for pred in _predicates(root):
        for dep in _ARG_DEPS:
            for child in pred.children:
                if child.dep_.startswith(dep) and not _within(child, root) and child.pos_ in _NOUN_POS \
                        and _is_subject_noun(child) and not _is_quantity(child):
                    yield _phrase_ending_at(child)
        if pred.pos_ == "VERB" and pred.tag_.startswith("名詞"):  # 利用し, 登録している
            yield pred.text


def _is_subject_noun(tok) -> bool:
    return tok.text not in _NOT_SUBJECT and "副詞可能" not in tok.tag_ and not tok.like_num \
        and tok.text[0] not in "0123456789〇一二三四五六七八九十百千万億" \
        and _PHRASE_CHAR.match(tok.text) is not None and (len(tok.text) > 1 or not tok.text.isascii())


def _is_quantity(tok) -> bool:
    """Another figure (47億|円), not a thing."""
    return any(c.pos_ == "NUM" for c in tok.children) or (tok.i > 0 and tok.doc[tok.i - 1].pos_ == "NUM")


def _within(tok, root) -> bool:
    while True:
        if tok.i == root.i:
            return True
        if tok.head.i == tok.i:
            return False
        tok = tok.head


def _predicates(root, reach: int = 3):
    tok = root
    for _ in range(reach):
        if tok.head.i == tok.i:
            return
        tok = tok.head
        if tok.pos_ in ("VERB", "ADJ") or (tok.pos_ == "NOUN" and tok.dep_ == "ROOT"):
            yield tok


def _noun_after(doc, i: int):
    """The noun a figure modifies: 〜の X, 〜だった X, 〜である X (at most two tokens between)."""
    j = i
    while j < len(doc) and j < i + 3 and doc[j].pos_ in ("ADP", "AUX") and doc[j].text in ("の", "だっ", "た", "で", "ある"):
        j += 1
    if j > i and j < len(doc) and doc[j].pos_ in _NOUN_POS | {"VERB"} and _is_subject_noun(doc[j]) \
            and not (doc[j].pos_ == "VERB" and not doc[j].tag_.startswith("名詞")):
        return doc[j]
    return None


def _phrase_ending_at(tok) -> str:
    doc = tok.doc
    start = tok.i
    while start > 0 and _joins(doc[start - 1]) and tok.i - start < 6:
        start -= 1
    while start < tok.i and not _is_subject_noun(doc[start]):
        start += 1
    return doc[start:tok.i + 1].text[-_SUBJECT_MAX:]


def _phrase_starting_at(tok) -> str:
    doc = tok.doc
    end = tok.i + 1
    while end < len(doc) and _joins(doc[end]) and end - tok.i < 6:
        end += 1
    while end - 1 > tok.i and (doc[end - 1].pos_ == "VERB" or "サ変" in doc[end - 1].tag_):  # iPad導入 → iPad
        end -= 1
    return doc[tok.i:end].text[:_SUBJECT_MAX]


def _joins(tok) -> bool:
    """A token that continues a compound noun (タブレット|デバイス, 経費|節約|効果)."""
    return (tok.pos_ in _NOUN_POS or (tok.pos_ == "VERB" and tok.tag_.startswith("名詞"))) \
        and not tok.like_num and _PHRASE_CHAR.match(tok.text) is not None and tok.text not in _NOT_SUBJECT


def _subject_from_text(text: str, start: int, end: int, unit: str = "") -> str | None:
    """Without a parse, the same cues read from the surface (see ``_parse_cues``)."""
    sentence_start = max(text.rfind("\n", 0, start), text.rfind("。", 0, start)) + 1
    before = text[sentence_start:start]
    for pattern in (_TEXT_NOUN_BEFORE, _TEXT_NOUN_BEFORE_BRACKET, _TEXT_OWNER_BEFORE):
        m = pattern.search(before)
        if m and m.group(1) not in _NOT_SUBJECT:
            return m.group(1)[-_SUBJECT_MAX:]
        if pattern is _TEXT_NOUN_BEFORE_BRACKET:  # then what follows: 2分の1勤務, 〜の X, 〜だった X
            m = _TEXT_NOUN_AFTER.match(text, end)
            if m and m.group(1) not in _NOT_SUBJECT:
                return m.group(1)[:_SUBJECT_MAX]
    if unit in _NOUN_COUNTERS:
        return unit
    topics = [t for t in _TEXT_ARGUMENT.findall(before) if t not in _NOT_SUBJECT]
    return topics[-1][-_SUBJECT_MAX:] if topics else None
