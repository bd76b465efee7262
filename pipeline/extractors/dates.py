"""Dates: every calendar date, month, year and fiscal period, normalized to ISO 8601.

The recipe (after ja-timex): named regex building blocks (``ERA``, ``YEAR``, ``MONTH``,
``DAY``, ``WEEKDAY``, ``TIME`` …) are combined into a few patterns compiled once at import;
``find_dates`` runs them over the normalized text, drops candidates the must-not-match rules
reject (durations, ages, counters, editions), keeps the leftmost-longest of overlapping
candidates, links range ends (``令和4年7月21日～22日``), and then gives every mention that
lacks a year the year of its context, in document order:

1. a month/day without a year (``7月22日(金)``) takes the year of the nearest preceding
   mention with a written year *in the same sentence*; else the year that puts it nearest to
   the document's own date (within half a year); else the year of the nearest preceding
   written calendar date or fiscal year anywhere, whichever reads later, moved one year on
   when the date would fall before it (a narrative moves forward); else the year of the first
   written year after it (四月十七日議事日程 … 令和二年度); a stated weekday that contradicts the
   chosen year picks the neighbouring year it fits. With no year anywhere in reach it is kept in
   ISO 8601's truncated form (``--04-01``, ``--06``) with no interval: never an invented year.
2. a day alone in news style (``熊本市は3日、``, ``15日の記者会見で``) is a day of the document date's month
   (of the month before when the day is still to come); without a document date, skipped.
   ``明十日``/``明後十一日`` (minutes) are coming days of that month; a day opening a sentence
   (``23日は、``) or a range of days (``10日から20日まで``) is a day of the month in context.
3. ``同年``/``翌年``/``前年`` + month (and ``同月``/``翌月`` + day) are read against the
   mention before, ``今年``/``本年``/``昨年``/``来年`` + month (also ``昨年は、1月に``, the
   relative year as the topic before the month, and ``この四月``) against the document date
   (without one, the last written calendar year), ``先月``/``今月``/``来月`` + day likewise;
   a two-digit year (``98年4月``) takes its century from the document date, or in a document
   that counts by an era, is that era's year;
   alone, ``昨年``/``今年``/``本年``/``来年`` and ``昨年度``/``今年度``/``本年度``/``来年度``/``新年度``
   name that year or fiscal year of the document date (``新年度`` in a February address is the
   coming fiscal year); ``同年``, ``前年度`` are anaphora and skipped, and so are a table heading
   (``本年度予算額``, ``前年度比``), a season (``今年の夏``) and a topic before its month
   (``昨年は、1月に``: the month is the date).
4. the later end of a range or list (``～22日``, ``・22日(金)``, ``令和6年度と7年度``,
   ``2020~2024年度``) takes what it omits from the end before it.

Written forms: 年月日 with any separator (``2023・4・1``, ``2023,4,1``, ``2023.4``, ``2023年/4月/1日``,
``令和5-4-1``, ``令和5.4``), month/day with a slash (``4/1(金)``; not a fraction: ``1/2``,
``補助率1/2``), numeric ranges (``2012/4/3~6``, ``2012/3/8~3/10``), and a month alone when a
part word, a session or event noun, ``から`` or an administrative act after ``に``
(``7月に開始``, rules/date_month_actions.tsv) makes it a particular month.

Values: ISO 8601 at the written precision (``2016``, ``2016-03``, ``2016-03-01``,
``2018-04-04T11:42``, ``2022-06-15T10:00`` for 10時, ``T12:00`` for 正午), ``FY2020`` for a fiscal year. A half
or quarter (``令和5年度第1四半期``) and a part word (``6月末``) keep the value of the period
they are part of; ``start_date``/``end_date`` and ``qualifier`` say which part.

Spans cover the date itself including a weekday, a time and a part-of-period word
(``6月末``, ``7月上旬``, ``年度末``); particles after it (``頃``, ``以降``, ``から``, ``まで``)
stay outside the span and go into ``qualifier`` (see rules/date_qualifiers.tsv).
Era names, qualifiers and must-not-match words are data in ``pipeline/rules/``.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from pipeline.extractors.numbers import parse_number
from pipeline.records import DateMention
from pipeline.rules import rule_records

NAME = "dates"
RULE_FILES = ("eras.tsv", "date_qualifiers.tsv", "date_stopwords.tsv", "date_month_nouns.tsv", "date_event_nouns.tsv",
              "date_month_actions.tsv")


# --------------------------------------------------------------------------- rule data

@dataclass(frozen=True)
class Era:
    name: str
    start: dt.date
    abbreviations: tuple[str, ...]

    def gregorian(self, era_year: int) -> int:
        return self.start.year + era_year - 1


@dataclass(frozen=True)
class Qualifier:
    surface: str
    qualifier: str
    part: str | None  # early/middle/late/first_half/second_half for words inside the span
    guard: str | None = None  # what must not follow the word (中 in 7月中, not in 2019年中国)


ERAS: tuple[Era, ...] = tuple(
    Era(r["name"], dt.date.fromisoformat(r["start_date"]),
        tuple(a for a in r["abbreviations"].split(",") if a))
    for r in rule_records("eras.tsv")
)
ERA_BY_SPELLING: dict[str, Era] = {e.name: e for e in ERAS} | {a: e for e in ERAS for a in e.abbreviations}

_QUALIFIER_ROWS = rule_records("date_qualifiers.tsv")
_MONTH_NOUN_ROWS = rule_records("date_month_nouns.tsv")
MONTH_NOUNS: tuple[str, ...] = tuple(r["word"] for r in _MONTH_NOUN_ROWS)
SESSION_NOUNS: tuple[str, ...] = tuple(r["word"] for r in _MONTH_NOUN_ROWS if r["kind"] == "session")
TARGET_NOUNS: tuple[str, ...] = tuple(r["word"] for r in _MONTH_NOUN_ROWS if r["kind"] == "target")
EVENT_NOUNS: tuple[str, ...] = tuple(r["word"] for r in rule_records("date_event_nouns.tsv"))
MONTH_ACTIONS: tuple[str, ...] = tuple(r["word"] for r in rule_records("date_month_actions.tsv"))
INSIDE_QUALIFIERS: dict[str, Qualifier] = {
    r["surface"]: Qualifier(r["surface"], r["qualifier"], r["part"] or None, r.get("guard") or None)
    for r in _QUALIFIER_ROWS if r["position"] == "inside"
}
AFTER_QUALIFIERS: dict[str, str] = {r["surface"]: r["qualifier"] for r in _QUALIFIER_ROWS if r["position"] == "after"}

_STOP_ROWS = rule_records("date_stopwords.tsv")
STOPWORDS: dict[str, tuple[str, ...]] = {
    kind: tuple(sorted((r["phrase"] for r in _STOP_ROWS if r["kind"] == kind), key=len, reverse=True))
    for kind in {r["kind"] for r in _STOP_ROWS}
}


# --------------------------------------------------------------------------- building blocks

def _words(words) -> str:
    """Alternation of literal words, longest first (so the regex prefers the longer one)."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


SP = r"[ \u3000]?"  # one stray space a PDF extraction may leave between the parts of a date
KANJI_DIGITS = "〇一二三四五六七八九"
NOT_AFTER_NUMERAL = r"(?<![\d,.〇一二三四五六七八九十百千万])"
# not inside a number or a list of numbers (3.11月, 1/2月); a comma counts only after a digit:
# texts that write 、 as , (「…につきましては,11月26日告示,12月3日招集」) put it before dates
NOT_AFTER_NUMBER = r"(?<![\d./〇一二三四五六七八九十])(?<![\d〇一二三四五六七八九十],)"

ERA = "(?:" + "|".join(SP.join(map(re.escape, e.name)) for e in ERAS) + ")"  # 令和, 令 和
ERA_LETTER = "[" + "".join(a for e in ERAS for a in e.abbreviations if a.isascii()) + "]"  # R H S T M
ERA_KANJI_ABBR = "[" + "".join(a for e in ERAS for a in e.abbreviations if not a.isascii()) + "]"
ERA_YEAR = r"(?:元|\d{1,2}(?!\d)|[一二三四五六七八九十]{1,3})"
# Gregorian years read as dates: from 1850 (earlier four-digit numbers with 年 are mostly
# durations in these documents: 1000年に一度, 1300年の歴史) to 2199
GREGORIAN_YEARS = range(1850, 2200)
GREGORIAN_YEAR = rf"(?:[12](?:{SP}\d){{3}}(?!\d)|[{KANJI_DIGITS}]{{4}})"  # 2016, 2 0 1 6, 二〇一六
MONTH = r"(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])(?!\d)"
DAY = r"(?:3[01]|[12]\d|0?[1-9]|三十一?|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九])(?!\d)"
MONTH_DIGITS = r"(?:1[0-2]|0?[1-9])"
DAY_DIGITS = r"(?:3[01]|[12]\d|0?[1-9])"
QUARTER = r"[1-4一二三四]"
# その年の7月, 同年7月, 本年4月, 新年度, 次年度, 一昨年, 再来年度
RELATIVE_YEAR = "(?:その|この|一昨|再来|[同翌前昨今本来]|[新次](?=年度))"
RELATIVE_YEAR_OFFSETS = {"一昨": -2, "昨": -1, "今": 0, "本": 0, "来": 1, "新": 1, "次": 1, "再来": 2}  # from the document date
WEEKDAY = (rf"(?:{SP}\({SP}(?P<weekday>[月火水木金土日])(?:曜日?)?(?:[・,、][祝休]日?)?{SP}\)"
           rf"|(?P<weekday_bare>[月火水木金土日])曜日)")  # 8月30日(月), 8月30日月曜日
# a time of day after a date: 17:00, 17時, 午後5時30分, 10時半, 正午 (noon), (10:00開議)
TIME = (rf"(?:{SP}\(?{SP}(?:(?P<noon>正午)"
        rf"|(?P<ampm>午前|午後)?{SP}(?P<hour>2[0-4]|[01]?\d)"
        rf"(?::(?P<minute>[0-5]\d)|時(?!間)(?:{SP}(?P<minute2>[0-5]?\d)分(?!間)|(?P<half_hour>半))?)))")
PART = "(?P<part>" + "|".join(
    re.escape(q.surface) + (f"(?!{q.guard})" if q.guard else "")
    for q in sorted(INSIDE_QUALIFIERS.values(), key=lambda q: len(q.surface), reverse=True)) + ")"
# 年度, also letter-spaced in a table head (年 度) or broken over a line end (平成28~32年⏎度)
FISCAL_UNIT = r"年(?:[ \u3000]*\n[ \u3000]*|[ \u3000])?度"
RANGE_SEPARATOR = "(?:[~〜～∼\\-−–—‐]|から|より)"


def _unit_shared_with(end: str) -> str:
    """A number whose unit is written once, at the other end of a range: 2020~2024年度,
    4~6月, 1~3日 (the lookahead checks the far end; it is matched as a date of its own)."""
    return rf"(?={SP}{RANGE_SEPARATOR}{SP}{end})"


# 5月18・19日, 3月1、2日: days of one month listed with their 日 written once, after the last
DAY_SHARED = rf"(?={SP}[・、,]{SP}{DAY}{SP}日)"


# 令和4年7月21日(木) 11:42, 2016年3月, 2018年度, 令和5年度第1四半期, H30年度, 2022(令和4)年, 同年7月, 二〇二二年
YEAR_PART = (
    "(?:"
    rf"(?P<era>{ERA}){SP}(?P<era_year>{ERA_YEAR}){SP}(?:\({SP}(?:西暦)?\d{{4}}{SP}年?\){SP})?"
    rf"|(?<![A-Za-z\d])(?P<era_letter>{ERA_LETTER})(?P<letter_year>\d{{1,2}})(?!\d)"
    rf"|{NOT_AFTER_NUMERAL}(?P<year>{GREGORIAN_YEAR})(?:\({SP}(?P<paren_era>{ERA}){SP}(?P<paren_year>{ERA_YEAR}){SP}年?\))?"
    rf"|(?P<rel>{RELATIVE_YEAR})"
    ")"
)
# 2024年(令和6年), 令和6年度(2024年度): the same year restated in brackets
ALT_YEAR = rf"(?:{SP}\({SP}(?:(?P<alt_era>{ERA}){SP}{ERA_YEAR}|(?:西暦)?\d{{4}}){SP}(?:年度?)?{SP}\))"  # also 令和2年(2020)3月
MONTH_OF_DATE = (rf"(?P<month>{MONTH})(?:{SP}月|{_unit_shared_with(MONTH + SP + '月')})"
                 rf"(?:{SP}/?{SP}(?P<day>{DAY})(?:{SP}日{WEEKDAY}?{TIME}?|{_unit_shared_with(DAY + SP + '日')}|{DAY_SHARED}))?")
FULL_DATE = (
    rf"{YEAR_PART}{SP}"
    "(?:"
    rf"(?P<unit>{FISCAL_UNIT}|年){ALT_YEAR}?"
    "(?:"
    rf"{SP}(?:(?<!度)の{SP}|/{SP})?{MONTH_OF_DATE}"  # 2022年の7月, 2022年/7月/1日; not 2022年度の4月
    rf"|{SP}第{SP}(?P<quarter>{QUARTER}){SP}四半期"
    rf"|{SP}(?P<half>[上下])半?期"
    ")?"
    rf"{PART}?"
    rf"|{_unit_shared_with(f'(?:{ERA}{SP}|{ERA_LETTER})?(?:{GREGORIAN_YEAR}|{ERA_YEAR}){SP}(?P<shared_unit>{FISCAL_UNIT}|年)')}"
    ")"
)
# 7月22日(金), 四月一日
MONTH_DAY = (rf"{NOT_AFTER_NUMBER}(?P<month>{MONTH}){SP}月{SP}"
             rf"(?P<day>{DAY})(?:{SP}日{WEEKDAY}?{TIME}?{PART}?|{_unit_shared_with(DAY + SP + '日')}|{DAY_SHARED})")
# 同月30日, 翌月10日: a day of the month of the mention before
RELATIVE_MONTH_DAY = rf"(?P<rel>[同翌前先今来]月){SP}(?P<day>{DAY}){SP}日{WEEKDAY}?{TIME}?"
# この四月: the month of the document's year
THIS_MONTH = rf"この{SP}(?P<month>{MONTH}){SP}月{PART}?"
# 明十日, 明後十一日 (minutes: tomorrow the 10th): a coming day of the meeting's month
NEXT_DAY = rf"明後?日?{SP}(?P<day>{DAY}){SP}日{WEEKDAY}?"  # 明十日, 明後十一日, 明日12日
# 23日は、…, 10日には…: a day opening a sentence, of the month the text is at
TOPIC_DAY = (rf"(?:(?<=[。\n])|\A)(?P<day>3[01]|[12]\d|[1-9]|{DAY})日(?=は[、,]|には|に[、,]|{SP}\()")
# an event of a particular day or month: の記者会見, の運用開始, の定例会
OF_EVENT = rf"{SP}の{SP}(?:{_words(EVENT_NOUNS)})"
# 6月末, 7月上旬, 6月補正, 6月の運用開始: a month without a year is a date only with a
# part-of-period word or a noun naming that month's session/figure/event (a bare month,
# 4月は繁忙期, is not a date), the start of a range of months (4月~9月), or the month from
# which something holds (8月から, 10月以降: a change that took effect then; 毎年4月から is
# generic and stopped by the prefix stop words)
MONTH_START = rf"{SP}(?:から|より|以降|以後)"
# 7月に開始, 10月に前倒し, 11月には導入: the month something is done in (rules/date_month_actions.tsv);
# not 4月に問い合わせが集中 (habitual), 4月になると (a season)
MONTH_AT = rf"{SP}に(?:は)?{SP}(?:[、,]|(?:{_words(MONTH_ACTIONS)}))"
MONTH_PART = (rf"{NOT_AFTER_NUMBER}(?P<month>{MONTH})"
              rf"(?:{SP}月(?:(?:{SP}の{SP}(?=[上中下初]旬|末|初め|終わり))?{PART}"
              rf"|(?={SP}(?:{_words(MONTH_NOUNS)})|{OF_EVENT}|{SP}{RANGE_SEPARATOR}{SP}{MONTH}{SP}月"
              rf"|{MONTH_START}|{MONTH_AT}))"
              rf"|{_unit_shared_with(MONTH + SP + '月')})")
# 定例会緊急議会(12月), 第4回定例会(12月): the month of a session, in brackets after its name
SESSION_MONTH = rf"(?:(?<=会\()|(?<=回\())(?P<month>{MONTH}){SP}月(?=\))"  # also 第1回(3月)定例会
SESSION_NOUN_RE = re.compile(rf"{SP}(?:{_words(SESSION_NOUNS)})")
TARGET_NOUN_RE = re.compile(rf"{SP}(?:{_words(TARGET_NOUNS)})")
# 昨年は、1月に…, 本年は10月に…: a relative year set as the topic dates the month right after
# it (the span covers the month only; 毎年7月に has no such topic and stays generic)
TOPIC_MONTH = (rf"(?P<rel>[昨今本来])年は{SP}[、,]?{SP}{NOT_AFTER_NUMBER}(?P<month>{MONTH}){SP}月{PART}?"
               rf"(?={SP}(?:に|は|の|から|まで))")
# 平成29年1月に視察を行い、9月に…; 今月11日には…、更に19日には…: a month (a day) that goes on
# from a dated mention earlier in the same sentence, with に/には after it. A candidate only: it is
# a date when that mention is there (see _Context._resolve_sequel); 毎年4月には stays generic.
SEQUEL_MONTH = rf"{NOT_AFTER_NUMBER}(?P<month>{MONTH}){SP}月(?={SP}に(?:は)?(?![ぁ-ん]))"
SEQUEL_DAY = (rf"{NOT_AFTER_NUMBER}(?<![月年度第同翌前先今来明])(?P<day>3[01]|[12]\d|[1-9])日"
              rf"(?={SP}に(?:は)?(?![ぁ-ん]))")
# a row of a schedule or calendar opening with its day (9日 休会, - 13日(土)7時30分 資源ごみ回収): a day
# of the month of the row or heading above; after a bullet, with its weekday and time, or a gap
BULLETS = "・-*●○◎■□◆◇▼▽▶>"  # also what opens an entry of a dated list (see _is_dated_entry)
ROW_START = (r"(?:(?<=\n)|\A|" + "|".join(rf"(?<=\n[{re.escape(BULLETS)}]{gap})" for gap in ("", " ", "\u3000"))
             + ")")
ROW_DAY = (rf"{ROW_START}(?P<day>3[01]|[12]\d|[1-9])日"
           rf"(?:{WEEKDAY}{TIME}?|(?=[ \u3000\t]|\n|\Z))")
ROW_DAYS_IN_A_RUN = 3  # this many rows opening with a day: a schedule, not a stray 1日 平均
# 5月 alone on a line above such rows: the calendar's month heading
MONTH_HEADING = (rf"{ROW_START}(?P<month>{MONTH_DIGITS})月(?=[ \u3000]*\n"
                 rf"(?:[{re.escape(BULLETS)}][ \u3000]?)?(?:3[01]|[12]\d|[1-9])日)")
# 4月(2024年): a month with its year restated after it in brackets
MONTH_YEAR_AFTER = (rf"{NOT_AFTER_NUMBER}(?P<month>{MONTH_DIGITS}){SP}月{SP}\({SP}(?P<year>[12]\d{{3}}){SP}年?{SP}\)")
# 平成八年が…、九年が…、十年が…: an era-less year going on from an era year earlier in the same
# sentence, with a particle after it (a candidate only: see _Context._resolve_sequel_year)
SEQUEL_YEAR = (rf"(?<![\d〇一二三四五六七八九十百千万第同翌前昨今本来毎各当])"
               rf"(?P<year_s>[一二三四五六七八九十]{{1,3}}|\d{{1,2}})(?!\d){SP}年(?=[がはのにも][^ぁ-ん]|[、,])"
               r"(?!が(?:経|過|た)|の(?:間|歳月|月日))")  # not a span of years: 十年が経過
# 2022/7/21, 2022.7.21, 2022-07-21, 2022・7・21, 2022,7,21 (one separator throughout)
NUMERIC_SEPARATOR = "[/.\\-・,]"
NUMERIC_DATE = (rf"(?<![\d./\-・,])(?P<year>[12]\d{{3}})(?P<sep>{NUMERIC_SEPARATOR})(?P<month>{MONTH_DIGITS})(?P=sep)"
                rf"(?P<day>{DAY_DIGITS})(?!\d|{NUMERIC_SEPARATOR}\d|{SP}[年度]){WEEKDAY}?{TIME}?")
# 2024/4, 2024/4月, 2024.4: year and month. A point may be a decimal (2024.4 kg, a cell of
# figures): never before a unit, a scale or another number cell
NOT_A_DECIMAL = r"(?!\d|[./]\d|[ \u3000]?[%万億千百十円人件倍年歳点個台a-zA-Z]|[ \u3000]+[△▲\-]?\d)"
NUMERIC_MONTH = (rf"(?<![\d./\-△▲+])(?P<year>(?:19|20)\d\d)(?:/(?P<month>{MONTH_DIGITS})(?:{SP}月|{NOT_A_DECIMAL})"
                 rf"|\.(?P<month2>{MONTH_DIGITS}){NOT_A_DECIMAL})")
# FY2024: a Japanese fiscal year written the English way
FISCAL_YEAR_LATIN = rf"(?<![A-Za-z])FY{SP}(?P<year>[12]\d{{3}})(?!\d)"
# R4.7.21, H30.4.1, 平30.4.1, 令和4.7.21
ERA_NUMERIC_DATE = (rf"(?<![A-Za-z\d])(?P<era_abbr>{ERA}|{ERA_LETTER}|{ERA_KANJI_ABBR}){SP}(?P<era_year>元|\d{{1,2}})"
                    rf"(?P<sep>[./\-・])(?P<month>{MONTH_DIGITS})(?P=sep)(?P<day>{DAY_DIGITS})"
                    rf"(?!\d|[./\-・]\d|{SP}[年度]){WEEKDAY}?{TIME}?")
# 令和5.4, H30.4, R5/4: an era year and a month (not 令和4・5年度, a list of years)
ERA_NUMERIC_MONTH = (rf"(?<![A-Za-z\d])(?P<era_abbr>{ERA}|{ERA_LETTER}|{ERA_KANJI_ABBR}){SP}(?P<era_year>元|\d{{1,2}})"
                     rf"[./](?P<month>{MONTH_DIGITS}){NOT_A_DECIMAL}")
# 98年4月, 西暦98年4月, 西暦98年: a two-digit year, its century from the document's date
SHORT_YEAR = (rf"(?<![\d.,/\-同])(?:(?P<seireki>西暦){SP}(?P<year2s>\d{{2}})(?!\d){SP}年(?!度|間|代|目|ぶり|前|後|来|半)"
              rf"(?:{SP}(?P<month_s>{MONTH}){SP}月)?|(?P<year2>\d{{2}})(?!\d){SP}年{SP}(?P<month>{MONTH}){SP}月(?!間))"
              rf"(?:{SP}(?P<day>{DAY}){SP}日{WEEKDAY}?)?")
# 32年度, ８年度から １０年度まで: a fiscal year written without its era, as budget tables write the
# later years once the era is given (resolved like SHORT_YEAR: the era written before it, never
# a guess without one). Not 初年度, 前年度, 第3年度, 3年度目, 3か年度.
ERA_LESS_FISCAL_YEAR = (rf"(?<![\dA-Za-z.,/\-同第前各本今昨来翌毎当次\u30a0-\u30ff])(?P<year2f>\d{{1,2}})(?!\d)"
                        rf"{SP}{FISCAL_UNIT}(?!目|間|毎|ごと)")
# 二二年度 after 二〇二一年度: a newspaper's short Gregorian year, two kanji digits written place by place
# (an era year in kanji is counted with 十: 十二年度)
KANJI_SHORT_FISCAL_YEAR = (rf"(?<![{KANJI_DIGITS}十百千万第前各本今昨来翌毎当次同])(?P<year2k>[{KANJI_DIGITS}]{{2}})"
                           rf"(?![{KANJI_DIGITS}十]){SP}{FISCAL_UNIT}(?!目|間|毎|ごと)")
# 4/1, 4/1(金), 12/10: month/day without a year (a fraction 1/2, 3/4 is no date, see _is_fraction)
SLASH_MONTH_DAY = (rf"(?<![\d./\-,:A-Za-z])(?P<month>{MONTH_DIGITS})/(?P<day>{DAY_DIGITS})"
                   rf"(?![\d/.万千億]|[ \u3000]?[%人件点名台回個本枚円倍])(?P<wd>{WEEKDAY})?{TIME}?")
# 10日から20日まで: a day opening a range of days within the month in context
BARE_DAY_RANGE = (rf"{NOT_AFTER_NUMBER}(?<![月年度第同翌前])(?P<day>3[01]|[12]\d|[1-9])日"
                  rf"(?={SP}(?:から|~){SP}(?:3[01]|[12]\d|[1-9])日(?!間))")
# 第1四半期, 上半期 without a year: that part of the fiscal year in context. (A bare 年度末 is
# not a date: 年度末残高 is an accounting term; 今年度末 and 令和5年度末 are FULL_DATEs.)
BARE_FISCAL = rf"(?<![\d〇一二三四五六七八九十年度])(?:第{SP}(?P<quarter>{QUARTER}){SP}四半期|(?P<half>[上下])半期)"
# 熊本市は3日、… (news: the day of the dateline's month)
NEWS_DAY = rf"(?<=[はがも])(?P<day>3[01]|[12]\d|[1-9]|{DAY})日(?=[、,]|午前|午後|朝|夜|夕|未明|付)"  # 市長は二日、
# 15日の記者会見で, 20日付で: a day of an event (never a duration); in news, of the dateline's month
EVENT_DAY = rf"{NOT_AFTER_NUMBER}(?<![月年度第])(?P<day>3[01]|[12]\d|[1-9])日(?={OF_EVENT}|付)"
# a later end of a range or list whose start gave year/month: ～22日(金), ～7月22日, ～6月, ・22日
LIST_SEPARATOR = "(?:[、・,]|及び|および|と|や|又は|または)"
RANGE_TAIL = (rf"{SP}(?P<sep>{RANGE_SEPARATOR}|{LIST_SEPARATOR})(?:(?<=[~〜～∼])\n|{SP})"  # 3月10日∼⏎14日: a wrapped range
              rf"(?:(?P<month>{MONTH}){SP}月(?:{SP}(?P<day>{DAY}){SP}日)?|(?P<day_only>{DAY}){SP}日)"
              rf"{WEEKDAY}?{TIME}?{PART}?")
# 令和6年度と7年度, 平成30年4月~31年3月: a later year of the same era with the era left out
ERA_CONTINUATION = (rf"{SP}(?P<sep>{RANGE_SEPARATOR}|{LIST_SEPARATOR}){SP}"
                    rf"(?P<era_year>{ERA_YEAR}){SP}(?P<unit>{FISCAL_UNIT}|年)"
                    rf"(?:{SP}(?P<month>{MONTH}){SP}月(?:{SP}(?P<day>{DAY}){SP}日{WEEKDAY}?)?)?{PART}?"
                    r"(?![後前]|連続)")

# The characters a match can start with, per pattern (spelled from the building blocks above).
ERA_FIRST = "".join(sorted({e.name[0] for e in ERAS} | {a[0] for e in ERAS for a in e.abbreviations}))
MONTH_FIRST = "0123456789十" + KANJI_DIGITS
FULL_DATE_FIRST = ERA_FIRST + "12" + KANJI_DIGITS + "そこ同翌前昨今本来新次再"
PATTERNS: tuple[tuple[str, re.Pattern, str], ...] = tuple(
    (kind, re.compile(rx), first) for kind, rx, first in (
        ("full", FULL_DATE, FULL_DATE_FIRST),
        ("month_day", MONTH_DAY, MONTH_FIRST),
        ("month_part", MONTH_PART, MONTH_FIRST),
        ("numeric", NUMERIC_DATE, "12"),
        ("numeric", NUMERIC_MONTH, "12"),
        ("fiscal_latin", FISCAL_YEAR_LATIN, "F"),
        ("era_numeric", ERA_NUMERIC_DATE, ERA_FIRST),
        ("era_numeric", ERA_NUMERIC_MONTH, ERA_FIRST),
        ("short_year", SHORT_YEAR, "0123456789西"),
        ("short_year", ERA_LESS_FISCAL_YEAR, "0123456789"),
        ("short_year", KANJI_SHORT_FISCAL_YEAR, KANJI_DIGITS),
        ("slash", SLASH_MONTH_DAY, "0123456789"),
        ("bare_day", BARE_DAY_RANGE, "123456789"),
        ("bare_day", TOPIC_DAY, "123456789一二三四五六七八九十"),
        ("row_day", ROW_DAY, "123456789"),
        ("month_part", MONTH_HEADING, "123456789"),
        ("full", MONTH_YEAR_AFTER, "0123456789"),
        ("bare_fiscal", BARE_FISCAL, "第上下"),
        ("news_day", NEWS_DAY, "123456789一二三四五六七八九十"),
        ("news_day", EVENT_DAY, "123456789"),
        ("relative_month", RELATIVE_MONTH_DAY, "同翌前先今来"),
        ("this_month", THIS_MONTH, "こ"),
        ("month_part", SESSION_MONTH, MONTH_FIRST),
        ("next_day", NEXT_DAY, "明"),
        ("topic_month", TOPIC_MONTH, "昨今本来"),
        ("sequel", SEQUEL_MONTH, MONTH_FIRST),
        ("sequel", SEQUEL_DAY, "123456789"),
        ("sequel_year", SEQUEL_YEAR, "0123456789一二三四五六七八九十"),
    )
)
# `re` cannot skip ahead for a pattern that opens with a lookbehind or a choice of groups, so
# running each over the text tries every position. Instead one character-class scan (done in
# C) finds the few positions where some pattern can start, and only those patterns are tried there.
PATTERNS_BY_FIRST: dict[str, tuple[tuple[str, re.Pattern], ...]] = {
    ch: tuple((kind, rx) for kind, rx, first in PATTERNS if ch in first)
    for ch in {c for _, _, first in PATTERNS for c in first}
}
# No pattern starts inside a run of digits (each has a lookbehind against a digit before it),
# so a run of digits is one position to try: its first digit.
FIRST_CHAR_RE = re.compile(
    "[0-9]+|[" + re.escape("".join(sorted(set(PATTERNS_BY_FIRST) - set("0123456789")))) + "]")
RANGE_TAIL_RE = re.compile(RANGE_TAIL)
ERA_CONTINUATION_RE = re.compile(ERA_CONTINUATION)
# the later end of a range of numeric dates: 2012/4/3~6, 2012/3/8~3/10, 4/1~4/14
NUMERIC_TAIL = (rf"{SP}(?P<sep>~|から){SP}(?:(?P<month>{MONTH_DIGITS})[/.])?(?P<day_only>{DAY_DIGITS})"
                rf"(?![\d/.]|{SP}[年月日時%人件回])(?P<wd>{WEEKDAY})?{TIME}?")
NUMERIC_TAIL_RE = re.compile(NUMERIC_TAIL)
NUMERIC_KINDS = ("numeric", "era_numeric", "slash")
RANGE_SEPARATOR_RE = re.compile(rf"{SP}{RANGE_SEPARATOR}{SP}")
AFTER_QUALIFIER_RE = re.compile(rf"{SP}(?:{_words(AFTER_QUALIFIERS)})")
SENTENCE_END_RE = re.compile(r"[。!?\n]")
PAST_TENSE_END_RE = re.compile(r"(?:ました|でした|た|だ)[」』)]?$")
# 4月1日から導入すると発表した: a plan reported in the past tense is still to come
PAST_MARKER_RE = re.compile(r"去る[ \u3000]?\Z")  # 去る11月14日: a date already past when written
# 一月末の41%から90%へ, 3月時点の120件から: the dated figure a change starts from (a baseline already measured)
BASELINE_AFTER_RE = re.compile(r"[ \u3000]?(?:時点|現在)?の[ \u3000]?[\d,.]+[^\s\d、。]{0,3}?から")
REPORTED_FUTURE_RE = re.compile(r"[るうすく](?:と|こと|予定|方針|見込み|計画)")
WEEKDAYS = "月火水木金土日"  # Monday = 0, as datetime.weekday()


# --------------------------------------------------------------------------- records

@dataclass(frozen=True)
class DateMatch:
    start: int  # offsets into the normalized text
    end: int
    value: str
    start_date: str | None
    end_date: str | None
    granularity: str
    era: str | None
    qualifier: str | None


@dataclass(frozen=True)
class _Draft:
    """A candidate as written, before the year is taken from context."""

    start: int
    end: int
    kind: str
    year: int | None = None  # Gregorian year when written
    rel: str | None = None  # 同/翌/前/昨/今/本/来 when the year is anaphoric
    short_year: int | None = None  # a two-digit year (98年4月): the century comes from context
    seireki: bool = False  # the short year is Gregorian, never an era's (二二年度)
    fiscal: bool = False
    month: int | None = None
    day: int | None = None
    hour: int | None = None
    minute: int | None = None
    quarter: int | None = None
    half: int | None = None
    part: str | None = None
    era: str | None = None  # the era name when written
    implied_era: str | None = None  # the era of 7年度 in 令和6年度と7年度
    weekday: int | None = None
    qualifier: str | None = None
    continues: bool = False  # a later end of a range or list: takes what it omits from the one before
    range_end: bool = False  # the second end of a range (qualifier まで)


@dataclass(frozen=True)
class _Resolved:
    draft: _Draft
    year: int  # calendar year (for fiscal periods: the fiscal year)
    month: int | None
    day: int | None
    start_date: dt.date
    explicit: bool  # the year is written in this mention


# --------------------------------------------------------------------------- parsing

def _number(s: str | None) -> int | None:
    if not s:
        return None
    if s.isascii() and s.isdigit():
        return int(s)
    v = parse_number(s.replace(" ", "").replace("\u3000", ""))
    return int(v) if isinstance(v, (int, float)) and float(v).is_integer() else None


def _era_of(spelling: str | None) -> Era | None:
    if not spelling:
        return None
    return ERA_BY_SPELLING.get(re.sub(r"[ \u3000]", "", spelling))


def _time_fields(gd: dict) -> tuple[int | None, int | None]:
    if gd.get("noon"):
        return 12, 0
    hour = _number(gd.get("hour"))
    if hour is None:
        return None, None
    minute = _number(gd.get("minute") or gd.get("minute2"))
    if gd.get("half_hour"):
        minute = 30
    if gd.get("ampm") == "午後" and hour < 12:
        hour += 12
    if hour > 23 or (hour == 24 and minute):
        return None, None
    return hour, minute


def _common_fields(gd: dict) -> dict:
    hour, minute = _time_fields(gd) if gd.get("hour") or gd.get("noon") else (None, None)
    return dict(
        month=_number(gd.get("month") or gd.get("month2") or gd.get("month_s")),
        day=_number(gd.get("day")),
        hour=hour,
        minute=minute,
        part=gd.get("part"),
        weekday=WEEKDAYS.index(gd.get("weekday") or gd["weekday_bare"])
        if gd.get("weekday") or gd.get("weekday_bare") else None,
    )


def _year_fields(gd: dict) -> dict | None:
    """year/era/rel of a FULL_DATE or numeric match, None when the year is impossible."""
    era = _era_of(gd.get("era") or gd.get("era_letter") or gd.get("era_abbr"))
    if era is not None:
        n = _number(gd.get("era_year") or gd.get("letter_year"))
        if n is None or not 1 <= n <= 99:
            return None
        return dict(year=era.gregorian(n), era=era.name)
    if gd.get("year"):
        year = _number(gd["year"])
        if year not in GREGORIAN_YEARS:
            return None
        paren = _era_of(gd.get("paren_era"))
        paren = paren or _era_of(gd.get("alt_era"))
        return dict(year=year, era=paren.name if paren else None)
    if gd.get("rel"):
        return dict(rel=gd["rel"])
    if gd.get("year2") or gd.get("year2s"):
        return dict(short_year=int(gd.get("year2") or gd.get("year2s")))
    if gd.get("year2f"):
        return dict(short_year=int(gd["year2f"]), fiscal=True)
    if gd.get("year2k"):
        return dict(short_year=_number(gd["year2k"]), fiscal=True, seireki=True)
    return None


def _unspaced(s: str | None) -> str | None:
    return re.sub(r"\s", "", s) if s else s


def _draft(kind: str, m: re.Match) -> _Draft | None:
    gd = m.groupdict()
    fields = _common_fields(gd)
    if kind in ("full", "numeric", "era_numeric", "fiscal_latin", "short_year"):
        year = _year_fields(gd)
        if year is None:
            return None
        fields |= year
    if kind in ("full", "bare_fiscal"):
        fields["quarter"] = _number(gd.get("quarter"))
        fields["half"] = {"上": 1, "下": 2}.get(gd.get("half") or "")
        fields["fiscal"] = kind == "bare_fiscal" or "年度" in (_unspaced(gd.get("unit")), _unspaced(gd.get("shared_unit")))
    if kind == "fiscal_latin":
        fields["fiscal"] = True
    if kind in ("relative_month", "topic_month"):
        fields["rel"] = gd["rel"]
    if kind == "this_month":
        fields["rel"] = "本"
    if kind == "sequel_year":
        fields["short_year"] = _number(gd["year_s"])
    if kind == "slash" and _is_fraction(m):
        return None
    start = m.start("month") if kind == "topic_month" else m.start()
    draft = _Draft(start, m.end(), kind, **fields)
    if draft.day is not None and "day" in gd and m.start("day") >= 0 \
            and m.string.startswith(STOPWORDS.get("day_place", ()), m.start("day")):
        draft = _without_place_day(draft, m)  # 平成30年8月四日市市議会: 四日市 is a city, 8月 the month
        if draft is None:
            return None
    if draft.rel and draft.month is None and kind != "relative_month" and not _relative_alone(kind, draft, m):
        return None  # 同年, 前年度 are anaphora, not written dates; 同年7月, 本年4月 are dated
    if draft.rel in ("その", "この"):
        draft = replace(draft, rel="同")
    return draft


def _without_place_day(d: _Draft, m: re.Match) -> _Draft | None:
    """A date whose day opens a place name (8月四日市): the year and month alone when a year is
    written (平成30年8月), else nothing (a month/day without a year is only that day)."""
    month_unit = m.string.rfind("月", m.start("month"), m.start("day"))
    if d.kind != "full" or month_unit < 0:
        return None
    return replace(d, end=month_unit + 1, day=None, weekday=None, hour=None, minute=None, part=None)


# what makes 今年度 / 昨年 standing alone no date of its own: a table heading (本年度予算額, 前年度比),
# a season (今年の夏, 昨年秋), a topic whose month follows (昨年は、1月に: TOPIC_MONTH dates the month)
NOT_RELATIVE_ALONE_RE = re.compile(rf"{SP}(?:予算額|決算額|比|末残高|(?:の{SP})?(?:春|夏|秋|冬)"
                                   rf"|は{SP}[、,]?{SP}(?:\d|[一二三四五六七八九十])+{SP}月)")


def _relative_alone(kind: str, d: _Draft, m: re.Match) -> bool:
    """昨年, 今年度, 新年度 standing alone: the year or fiscal year of the document date;
    前年度 standing alone in prose: the fiscal year before the one the text is about."""
    if kind != "full" or d.quarter is not None or d.half is not None:
        return False
    if d.rel == "前":
        return _previous_fiscal_alone(d, m)
    return (d.rel in RELATIVE_YEAR_OFFSETS and (d.rel not in "新次" or d.fiscal)
            and NOT_RELATIVE_ALONE_RE.match(m.string, m.end()) is None)


# 前年度比 as a table's column heading (前年度比, 対前年度, 前年度予算額, 前年度差額, 前年度末残高) names
# no year; 前年度比17.3%増, 前年度比-62,919千円, 前年度(…)比9.4%増 in prose compare with one
PREVIOUS_FISCAL_LABEL_RE = re.compile(rf"{SP}(?:予算額|決算額|末|差額|対{SP}比|増減|比(?!{SP}[\d△▲+\-−]))")


def _previous_fiscal_alone(d: _Draft, m: re.Match) -> bool:
    return (d.fiscal and d.part is None and not m.string[max(0, m.start() - 1):m.start()] == "対"
            and PREVIOUS_FISCAL_LABEL_RE.match(m.string, m.end()) is None)


FRACTION_CONTEXT_RE = re.compile(r"(?:率|割合|分の)[はがを]?[ \u3000]?\Z")
FRACTION_AFTER_RE = re.compile(r"[ \u3000]?(?:を(?:超|上回|下回)|以上|以下|以内|未満|程度|補助|負担|相当)")


def _is_fraction(m: re.Match) -> bool:
    """1/2, 3/4, 補助率1/2, 3/4以上: a fraction, not a month/day. Without a weekday, a numerator
    below a denominator of at most 10 (1/2, 2/3, 1/10) reads as a fraction."""
    if m.group("wd"):
        return False
    month, day = int(m.group("month")), int(m.group("day"))
    text = m.string
    return ((month < day <= 10) or FRACTION_CONTEXT_RE.search(text, max(0, m.start() - 4), m.start()) is not None
            or FRACTION_AFTER_RE.match(text, m.end()) is not None)


# --------------------------------------------------------------------------- filtering

def _stop_kind(d: _Draft) -> str | None:
    """Which suffix list applies right after the match (None: the match ends in a word
    that cannot start a duration or counter, e.g. a weekday or a part word)."""
    if d.part:
        return None
    if d.day is not None and d.hour is None and d.weekday is None:
        return "day_suffix"
    if d.kind == "full" and d.month is None and d.quarter is None and d.half is None:
        return "fiscal_suffix" if d.fiscal else "year_suffix"
    return None


def _is_date(text: str, d: _Draft) -> bool:
    kind = _stop_kind(d)
    if kind and text.startswith(STOPWORDS.get(kind, ()), d.end):
        return False
    before = text[max(0, d.start - 4):d.start].rstrip(" \u3000")
    return not before.endswith(STOPWORDS.get("prefix", ()))


def _leftmost_longest(drafts: list[_Draft]) -> list[_Draft]:
    chosen: list[_Draft] = []
    end = -1
    for d in sorted(drafts, key=lambda d: (d.start, -(d.end - d.start))):
        if d.start >= end:
            chosen.append(d)
            end = d.end
    return chosen


# H23 H24 H25 H26 H27 over the columns or bars of a settlement or budget table: era letters and
# years with no 年 (a PDF chart's axis, a table's heads). Only H/R/S (平成, 令和, 昭和): M1 M2 M3
# and T1 T2 are more often models or sizes than 明治/大正.
ERA_LABEL_RE = re.compile(r"(?<![^\s|(])(?P<letter>[HRS])(?P<number>\d{1,2})(?![\dA-Za-z年.,/:\-])")
SERIES_GAP_RE = re.compile(r"[\s|]*(?:\d{1,2}[\s|]+)?")  # H25 1 H26: a stray page number between
SERIES_LENGTH = 3
FISCAL_DOCUMENT_RE = re.compile(r"年度|決算|予算")


def _era_series_drafts(text: str) -> list[_Draft]:
    """Era-letter years standing alone as labels, once the text holds a series of them (three
    or more of one era, rising, next to each other): fiscal years in a budget or settlement
    document (決算額の推移 H23 … H27 → FY2011 … FY2015), and the same era's other labels in the
    series' span (the table's column heads H25 … H26 … H27)."""
    labels = list(ERA_LABEL_RE.finditer(text))
    if len(labels) < SERIES_LENGTH or FISCAL_DOCUMENT_RE.search(text) is None:
        return []
    spans: dict[str, tuple[int, int]] = {}
    run = [labels[0]]
    for prev, cur in zip(labels, labels[1:] + [None]):
        if cur is not None and cur["letter"] == prev["letter"] and int(cur["number"]) > int(prev["number"]) \
                and SERIES_GAP_RE.fullmatch(text, prev.end(), cur.start()):
            run.append(cur)
            continue
        if len(run) >= SERIES_LENGTH:
            low, high = spans.get(run[0]["letter"], (99, 0))
            spans[run[0]["letter"]] = (min(low, int(run[0]["number"])), max(high, int(run[-1]["number"])))
        run = [cur] if cur is not None else []
    drafts = []
    for m in labels:
        low, high = spans.get(m["letter"], (1, 0))
        era = _era_of(m["letter"])
        if era is not None and low <= int(m["number"]) <= high:
            drafts.append(_Draft(m.start(), m.end(), "full", year=era.gregorian(int(m["number"])), era=era.name,
                                 fiscal=True))
    return drafts


# 平成14年 15年 16年 … 26年: a table's year heads, the era written once before a run of bare years
ERA_YEAR_SERIES_RE = re.compile(
    rf"(?P<era>{ERA}){SP}(?P<first>\d{{1,2}}|元){SP}年(?P<rest>(?:[ \u3000]+\d{{1,2}}年(?=[ \u3000\n]|\Z)){{2,}})")
BARE_YEAR_RE = re.compile(r"(\d{1,2})年")


def _era_year_series_drafts(text: str) -> list[_Draft]:
    """The bare years of a rising run after a written era year (表1 … 平成14年 15年 16年): years of that era."""
    drafts = []
    for m in ERA_YEAR_SERIES_RE.finditer(text):
        era = _era_of(m["era"])
        years = [(int(b[1]), m.start("rest") + b.start(), m.start("rest") + b.end())
                 for b in BARE_YEAR_RE.finditer(m["rest"])]
        numbers = [1 if m["first"] == "元" else int(m["first"])] + [n for n, _, _ in years]
        if era is None or any(b <= a for a, b in zip(numbers, numbers[1:])):
            continue
        drafts.extend(_Draft(start, end, "full", year=era.gregorian(n), implied_era=era.name) for n, start, end in years)
    return drafts


def _candidates(text: str) -> list[_Draft]:
    """Every accepted match of every pattern at every position, then leftmost-longest."""
    drafts = _era_series_drafts(text) + _era_year_series_drafts(text)
    for hit in FIRST_CHAR_RE.finditer(text):
        start = hit.start()
        for kind, pattern in PATTERNS_BY_FIRST[text[start]]:
            m = pattern.match(text, start)
            d = _draft(kind, m) if m else None
            if d is not None and _is_date(text, d):
                drafts.extend(_split_fiscal_month(text, d))
    return _leftmost_longest(_without_lone_rows(drafts))


LINE_END_RE = re.compile(r"[ \u3000]*\n[ \u3000]*")
OPEN_BRACKETS, CLOSE_BRACKETS = "(「『【〔", ")」』】〕"


def _joined_over_line_ends(text: str, drafts: list[_Draft]) -> list[_Draft]:
    """A year ending a wrapped line of prose and the month and day opening the next
    (「…計画」(令和2(2020)年⏎12月25日閣議決定), …を令和2年⏎12月25日に策定): one date."""
    out: list[_Draft] = []
    for d in drafts:
        head = out[-1] if out else None
        gap = LINE_END_RE.match(text, head.end) if head is not None else None
        if gap is not None and gap.end() == d.start and _wraps_a_year(text, head) \
                and d.kind == "month_day" and d.year is None:
            out[-1] = replace(d, start=head.start, kind="full", year=head.year, era=head.era)
            continue
        out.append(d)
    return out


def _wraps_a_year(text: str, d: _Draft) -> bool:
    """A calendar year written alone whose line runs on as prose: inside an open bracket, or
    after a kana (a particle: を令和2年)."""
    if d.kind != "full" or d.year is None or d.month is not None or d.fiscal or d.rel:
        return False
    line = text[text.rfind("\n", 0, d.start) + 1:d.start]
    opened = sum(line.count(c) for c in OPEN_BRACKETS) > sum(line.count(c) for c in CLOSE_BRACKETS)
    return opened or bool(re.search(r"[\u3041-\u309f\u30a1-\u30ff]\Z", line))


def _without_lone_rows(drafts: list[_Draft]) -> list[_Draft]:
    """Days opening rows are a schedule's only when there are a few of them (not a stray 1日 平均)."""
    if sum(d.kind == "row_day" for d in drafts) >= ROW_DAYS_IN_A_RUN:
        return drafts
    return [d for d in drafts if d.kind != "row_day"]


FISCAL_MONTH_NOUN_RE = re.compile(rf"{SP}(?:{_words(MONTH_NOUNS)})")


def _split_fiscal_month(text: str, d: _Draft) -> list[_Draft]:
    """平成30年度2月補正予算: the fiscal year and its month are two mentions (FY2018 and February
    2019, the month named for the budget or session as 2月補正 alone would be). Other dates: as they are."""
    if not (d.kind == "full" and d.fiscal and d.month is not None and d.day is None and d.part is None):
        return [d]
    fy_end = text.find("年度", d.start, d.end) + 2
    if fy_end < 2 or not text[fy_end:fy_end + 1].isdigit() or not FISCAL_MONTH_NOUN_RE.match(text, d.end):
        return [d]
    fiscal_year = replace(d, end=fy_end, month=None)
    month = _Draft(fy_end, d.end, "month_part", month=d.month)
    return [fiscal_year, month]


def _link_ranges_and_lists(text: str, drafts: list[_Draft]) -> list[_Draft]:
    """Mark the second end of each range (2014年から2016年), add the ends written partially
    (～22日, ～6月, 令和6年度と7年度) as drafts of their own, and read the qualifier after each."""
    out: list[_Draft] = []
    queue = list(drafts)
    i = 0
    while i < len(queue):
        d = queue[i]
        i += 1
        if out and out[-1].qualifier == "から" and _separates(text, out[-1].end, d.start):
            d = replace(d, continues=True, range_end=True)
        sep = RANGE_SEPARATOR_RE.match(text, d.end)
        qualifier = "から" if sep else _after_qualifier(text, d.end)
        if qualifier:
            d = replace(d, qualifier=qualifier)
        out.append(d)
        follower = _partial_follower(text, d, queue[i].start if i < len(queue) else len(text))
        if follower is not None:
            queue.insert(i, follower)
    return out


def _partial_follower(text: str, d: _Draft, limit: int) -> _Draft | None:
    """A date right after ``d`` that omits what ``d`` gives (its year, month or era)."""
    tail = RANGE_TAIL_RE.match(text, d.end)
    if tail is None and d.kind in NUMERIC_KINDS and d.day is not None:
        tail = NUMERIC_TAIL_RE.match(text, d.end)
    if tail and tail.end() <= limit:
        t = _tail_draft(tail)
        return t if t is not None and _is_date(text, t) else None
    era = ERA_BY_SPELLING.get(d.era or d.implied_era or "")
    more = ERA_CONTINUATION_RE.match(text, d.end) if era and d.year else None
    if more and more.end() <= limit:
        t = _continuation_draft(more, era, d)
        return t if t is not None and _is_date(text, t) else None
    return None


def _continuation_draft(m: re.Match, era: Era, head: _Draft) -> _Draft | None:
    n = _number(m.group("era_year"))
    year = era.gregorian(n) if n else None
    if year is None or year <= head.year:  # 令和4年から3年間: a duration, not 令和3年
        return None
    f = _common_fields(m.groupdict())
    return _Draft(m.start("era_year"), m.end(), "full", year=year, fiscal=_unspaced(m.group("unit")) == "年度",
                  implied_era=era.name, **f)


def _separates(text: str, end: int, start: int) -> bool:
    m = RANGE_SEPARATOR_RE.match(text, end)
    return m is not None and m.end() == start


def _tail_draft(m: re.Match) -> _Draft | None:
    gd = m.groupdict()
    f = _common_fields(gd)
    f["day"] = f["day"] or _number(gd.get("day_only"))
    is_range = RANGE_SEPARATOR_RE.fullmatch(m.group("sep")) is not None
    if gd["sep"] in "、," and f["weekday"] is None:
        return None  # 7月21日(木)、22日(金) is a list of days; 7月21日、1日平均 is not
    start = m.start("month") if gd.get("month") else m.start("day_only")
    return _Draft(start, m.end(), "tail", continues=True, range_end=is_range, **f)


def _after_qualifier(text: str, end: int) -> str | None:
    m = AFTER_QUALIFIER_RE.match(text, end)
    return AFTER_QUALIFIERS[m.group().strip(" \u3000")] if m else None


# --------------------------------------------------------------------------- year from context

def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _fy_start_month(d: _Draft) -> int:
    if d.quarter:
        return 4 + 3 * (d.quarter - 1)
    if d.half:
        return 4 + 6 * (d.half - 1)
    return 4


def _first_day(d: _Draft, year: int) -> dt.date | None:
    """The first day the mention covers, given its (calendar or fiscal) year."""
    if d.month is not None:
        cal_year = year + 1 if d.fiscal and d.month <= 3 else year
        return _safe_date(cal_year, d.month, d.day or 1)
    if d.fiscal:
        m = _fy_start_month(d)
        return _safe_date(year + (m - 1) // 12, (m - 1) % 12 + 1, 1)
    if d.quarter or d.half:
        return _safe_date(year, 1 + 3 * (d.quarter - 1) if d.quarter else 1 + 6 * (d.half - 1), 1)
    return _safe_date(year, 1, 1)


def _weekday_fits(d: _Draft, year: int) -> bool:
    day = _first_day(d, year)
    return d.weekday is None or d.day is None or (day is not None and day.weekday() == d.weekday)


def _fiscal_year_of(day: dt.date) -> int:
    return day.year if day.month >= 4 else day.year - 1


def _year_near(d: _Draft, ref: dt.date) -> int:
    """The year putting the mention nearest to a reference date (the document date)."""
    if d.month is None:  # a part of a fiscal year: the fiscal year of the reference
        return _fiscal_year_of(ref)
    options = [y for y in (ref.year - 1, ref.year, ref.year + 1) if _first_day(d, y)]
    if not options:
        return ref.year
    return min(options, key=lambda y: (abs((_first_day(d, y) - ref).days), y != ref.year))


def _year_not_after(d: _Draft, ref: dt.date) -> int:
    """The year putting the mention on or before a reference date (去る: a day that has passed).
    A day later in the reference's own month stays in its year: the reference is then a month's
    first day standing for the month (a republisher's 1997-10-01 over 去る10月7日)."""
    first = _first_day(d, ref.year)
    later = first is not None and first > ref and (first.year, first.month) != (ref.year, ref.month)
    return ref.year - 1 if later else ref.year


def _year_not_before(d: _Draft, ref: dt.date) -> int:
    """The year putting a month on or after the reference date's month (a target still to come)."""
    return ref.year + (d.month is not None and d.month < ref.month)


def _year_after(d: _Draft, anchor: _Resolved) -> int:
    """The anchor's year, one year on when the mention would fall wholly before the anchor
    (a month holding the anchor's day, 12月中 after 12月8日, stays in its year)."""
    if d.month is None:
        return anchor.year if anchor.draft.fiscal else _fiscal_year_of(anchor.start_date)
    year = anchor.year
    first = _first_day(d, year)
    if first is not None and first < anchor.start_date:
        last = first if d.day is not None else _last_day(first.year, first.month)
        year += last < anchor.start_date
    return year


def _year_from_anchor(d: _Draft, anchor: _Resolved, text: str = "") -> int:
    """Same year as an anchor in the same sentence (no forward move: a sentence may look back).
    January to March after a fiscal year's budget (令和6年度当初予算が、3月7日から…可決) are the
    session's months before the year, not the year's last quarter."""
    if d.month is None:
        return anchor.year if anchor.draft.fiscal else _fiscal_year_of(anchor.start_date)
    if anchor.draft.fiscal and d.month <= 3 and not d.fiscal \
            and BUDGET_PROPOSAL_RE.match(text, anchor.draft.end) is None:
        return anchor.year + 1
    return anchor.year


def _fit_weekday(d: _Draft, year: int) -> int:
    """A stated weekday that contradicts an inferred year picks the neighbouring year it fits."""
    if _weekday_fits(d, year):
        return year
    for y in (year - 1, year + 1):
        if _weekday_fits(d, y):
            return y
    return year


# 予算 not followed by what is spent or written within the year (予算書, 予算額, 予算の執行, 予算現額)
_NOT_SPENDING = "(?!書|額|の執行|執行|現額)"
# 平成28年度 当初予算, 令和7年度予算要求, 令和6年度一般会計予算(案): a year's budget before the year
# (not 補正予算, voted within the year)
BUDGET_DRAFT_RE = re.compile(rf"{SP}(?:一般会計|特別会計)?{SP}(?:当初)?{SP}予算{_NOT_SPENDING}")


NEW_YEAR_MONTHS = (4, 5)  # 新年度 said in these months is the fiscal year just begun
ERA_AFTER_REACH = 200  # characters from a headline's era-less fiscal year to the era its lead writes
# 平成26年第1回定例会, 平成26年⏎第1回定例会, 令和2年第3回臨時会: a year naming a council's session
SESSION_NUMBER_RE = re.compile(r"\s*第\s*[\d一二三四五六七八九十]+\s*回[^。\n]{0,12}?(?:定例会|臨時会)")
HABITUAL_RE = re.compile(r"毎年|例年")
# 令和6年度当初予算案, 平成31年度の一般会計当初予算(案), 令和6年度一般会計予算: a fiscal year's budget
# proposed or voted (not 補正, voted within the year; not 令和6年度予算の執行, told during the year)
BUDGET_PROPOSAL_RE = re.compile(
    rf"{SP}の?{SP}(?:(?:一般会計|特別会計|各会計|全会計)?{SP}当初{SP}予算"
    rf"|(?:一般会計|特別会計|各会計){SP}予算{_NOT_SPENDING}|予算{SP}\(?{SP}案)")
NEW_YEAR_BUDGET_RE = re.compile(r"新年度(?:当初)?予算")
BUDGET_SESSION = (3, 1)  # a year's budget is voted in the session before the year: around 1 March


def _budget_reference(text: str, drafts: list[_Draft]) -> dt.date | None:
    """An undated document proposing fiscal year Y's budget (or reporting its vote) is written at the
    session that votes it: its yearless days, months and relative years count from 1 March of Y. Y is
    the year written with 当初予算/予算案, else, in news of the 新年度予算, the latest fiscal year written."""
    years = [d for d in drafts if d.year is not None and d.fiscal and d.month is None and d.quarter is None
             and d.half is None]
    budget = next((d.year for d in years if BUDGET_PROPOSAL_RE.match(text, d.end)), None)
    if budget is None and years and NEW_YEAR_BUDGET_RE.search(text):
        budget = max(d.year for d in years)  # 新年度予算案 … 令和2年度末の町債残高: the latest year written is the budget's
    return dt.date(budget, *BUDGET_SESSION) if budget is not None else None


class _Context:
    """What earlier mentions and the document date say about the year of a mention."""

    def __init__(self, text: str, doc_date: dt.date | None, approximate: bool = False):
        self.text = text
        self.doc_date = doc_date
        self.approximate = approximate  # doc_date is the budget session's, not the day the text was written
        self.explicit: list[_Resolved] = []  # mentions with a written year, in order
        self.last: _Resolved | None = None  # the last resolved mention
        self.previous: _Resolved | None = None  # the mention just before (None if it failed)
        self.last_month: _Resolved | None = None  # the last resolved mention with a month
        # the first mention with a written year, for dates before it when the document has no date
        self.first_written: _Resolved | None = None
        # the first calendar (not fiscal) year written, for 本年 / 今年 when the document has no date
        self.first_calendar: _Resolved | None = None
        self.upcoming: list[_Draft] = []  # the drafts after the one being resolved
        self.later: list[_Draft] = []  # every draft of the document (for what a headline's lead writes)
        self.session_year: _Resolved | None = None  # 平成26年⏎第1回定例会: the year of the session reported

    def add(self, r: _Resolved | None) -> None:
        if r is not None and r.explicit:
            self.explicit.append(r)
        if r is not None:
            self.last = r
        self.previous = r
        if r is not None and r.month is not None:
            self.last_month = r

    def same_sentence_anchor(self, d: _Draft) -> _Resolved | None:
        if self.explicit and SENTENCE_END_RE.search(self.text, self.explicit[-1].draft.end, d.start) is None:
            return self.explicit[-1]
        return None

    def resolve(self, d: _Draft) -> _Resolved | None:
        if d.year is not None:
            return _resolved(d, d.year, explicit=True)
        if d.kind == "sequel_year":
            return self._resolve_sequel_year(d)
        if d.short_year is not None:
            return self._resolve_short_year(d)
        if d.kind == "bare_day":
            return self._resolve_bare_day(d)
        if d.kind == "row_day":
            return self._resolve_row_day(d)
        if d.continues:
            return self._resolve_continuation(d, self.previous) if self.previous else None
        if d.kind == "relative_month":
            return self._resolve_relative_month(d)
        if d.rel:
            return self._resolve_relative(d)
        if d.kind == "news_day":
            return self._resolve_news_day(d)
        if d.kind == "next_day":
            return self._resolve_next_day(d)
        if d.kind == "sequel":
            return self._resolve_sequel(d)
        return self._resolve_missing_year(d)

    def _resolve_sequel(self, d: _Draft) -> _Resolved | None:
        """9月に after 平成29年1月 in the same sentence: that year; 19日には after 今月11日 in the
        same sentence: that month. Nothing dated before it in the sentence: not a date."""
        if d.month is not None:
            anchor = self.same_sentence_anchor(d)
            return _resolved(d, _year_from_anchor(d, anchor, self.text), explicit=False) if anchor else None
        head = self.previous
        if head is None or head.draft.day is None or head.month is None \
                or SENTENCE_END_RE.search(self.text, head.draft.end, d.start):
            return None
        return _resolved(replace(d, month=head.month, fiscal=False), head.start_date.year, explicit=False)

    def _resolve_sequel_year(self, d: _Draft) -> _Resolved | None:
        """九年が, 十年の after 平成八年 in the same sentence: a later year of that era. Nothing
        dated in an era before it in the sentence, or not later than it: no date (十年が経過)."""
        anchor = self.same_sentence_anchor(d)
        era = ERA_BY_SPELLING.get(anchor.draft.era or "") if anchor is not None else None
        if era is None or anchor.draft.fiscal or d.short_year is None:
            return None
        year = era.gregorian(d.short_year)
        if year <= anchor.start_date.year:
            return None
        return _resolved(replace(d, implied_era=era.name), year, explicit=False)

    def _resolve_continuation(self, d: _Draft, head: _Resolved) -> _Resolved | None:
        """A later end of a range or list: the year (and month) of the end before it, moved on
        when it would fall before that end (7月30日～8月2日 is fine; 12月28日～1月4日 and
        7月30日～2日 cross into the next year or month)."""
        month_omitted = d.month is None
        if month_omitted and head.month is None:
            return None
        d = replace(d, month=head.month if month_omitted else d.month, fiscal=head.draft.fiscal)
        year = head.year
        first = _first_day(d, year)
        if first is not None and first < head.start_date:
            if month_omitted:
                d = replace(d, month=d.month % 12 + 1)
                year += d.month == 1
            else:
                year += 1
        return _resolved(d, _fit_weekday(d, year), explicit=False)

    def _resolve_relative(self, d: _Draft) -> _Resolved | None:
        if d.month is None and self._habitual(d):
            return None  # 毎年の3月議会において次年度の方針を示す: no particular year
        if d.rel == "前" and d.month is None:
            return self._resolve_previous_fiscal(d)
        if d.rel in "同翌前":
            if self.last is None:
                return None
            base = self.last.start_date.year if not self.last.draft.fiscal else self.last.year
            year = base + {"同": 0, "翌": 1, "前": -1}[d.rel]
        else:  # against the document's date, else a calendar year the document writes
            if self.doc_date is None:
                base = self._undated_base(d)
                if base is None:
                    return None
            elif d.fiscal:  # 来年度10月 said in March 2024 (fiscal 2023): fiscal 2024
                base = _fiscal_year_of(self.doc_date)
            else:
                base = self.doc_date.year
            year = base + self._offset(d)
        # 昨年から続く…(1月26日、…): a relative year standing alone as a starting point does not
        # date the months and days after it (本年は、…(2月9日~) does)
        since = d.month is None and d.qualifier in ("から", "以来", "より")
        return _resolved(d, year, explicit=not since)

    def _offset(self, d: _Draft) -> int:
        """Years from the document date's; 新年度 in April and May is the fiscal year just begun
        (26年度もスタート致しまして、諸々の新年度の行事), before April the one starting next."""
        if d.rel == "新" and self.doc_date is not None and NEW_YEAR_MONTHS[0] <= self.doc_date.month <= NEW_YEAR_MONTHS[1]:
            return 0
        return RELATIVE_YEAR_OFFSETS[d.rel]

    def _resolve_previous_fiscal(self, d: _Draft) -> _Resolved | None:
        """前年度 standing alone (前年度比17.3%増, 前年度と比べて): the fiscal year before the last one
        written (the year the text is about), else before the budget's of a budget proposal; else not resolved."""
        fiscal = next((r.year for r in reversed(self.explicit) if r.draft.fiscal), None)
        if fiscal is None and self.approximate:  # before any year is written: the budget's (新年度予算案、前年度比…)
            fiscal = _fiscal_year_of(self.doc_date) + 1
        return _resolved(d, fiscal - 1, explicit=False) if fiscal is not None else None

    def _habitual(self, d: _Draft) -> bool:
        """The sentence tells what is done every year (毎年, 例年): its relative years name none."""
        start = max((self.text.rfind(c, 0, d.start) for c in "。\n"), default=-1) + 1
        end = SENTENCE_END_RE.search(self.text, d.end)
        return HABITUAL_RE.search(self.text, start, end.start() if end else len(self.text)) is not None

    def _undated_base(self, d: _Draft) -> int | None:
        """The year 本年 / 今年 / 昨年 counts from in a document with no date of its own: the first
        calendar year it writes (its header: 2021年7月 … 令和2年10月 … 本年3月 is 2021). For a
        fiscal year (今年度) the last calendar year written before it, which a speech sets nearer
        its own time (令和5年…3月定例会 … 昨年末 … 今年度: fiscal 2022)."""
        drafting = self._drafting_year() if d.fiscal else None
        if drafting is not None:
            return drafting
        if d.fiscal:
            before = [r.start_date.year for r in self.explicit if not r.draft.fiscal]
            if before:
                return before[-1]
        return self.first_calendar.start_date.year if self.first_calendar is not None else None

    def _drafting_year(self) -> int | None:
        """In a document drafting or proposing a fiscal year's budget (平成28年度 当初予算編成案,
        令和7年度予算要求, a speech proposing 平成28年度一般会計予算), written in the fiscal year
        before it: that year (its 来年度 is the budget's year)."""
        budget = next((r for r in self.explicit if r.draft.fiscal and r.draft.month is None
                       and BUDGET_DRAFT_RE.match(self.text, r.draft.end)), None)
        return budget.year - 1 if budget is not None else None

    def _resolve_relative_month(self, d: _Draft) -> _Resolved | None:
        if d.rel in ("先月", "今月", "来月"):  # against the document's date (not a budget session's 1 March)
            if self.doc_date is None or self.approximate:
                return None
            base = _add_months(self.doc_date, {"先月": -1, "今月": 0, "来月": 1}[d.rel])
            return _resolved(replace(d, month=base.month), base.year, explicit=False)
        if self.last is None or self.last.month is None:
            return None
        base = _add_months(self.last.start_date, {"同月": 0, "翌月": 1, "前月": -1}[d.rel])
        return _resolved(replace(d, month=base.month), base.year, explicit=False)

    def _resolve_short_year(self, d: _Draft) -> _Resolved | None:
        """98年4月: in a document that writes its years in an era (平成29年度 … 30年4月), the
        era's year when that is not in the future; else the Gregorian year of the century that
        puts it at most 20 years after the document's date (1950–2049 without one)."""
        era = next((ERA_BY_SPELLING.get(r.draft.era or r.draft.implied_era or "") for r in reversed(self.explicit)
                    if r.draft.era or r.draft.implied_era), None)
        if era is None and d.fiscal and not d.seireki:
            era = self._era_just_after(d)
        ref = self.doc_date.year if self.doc_date else None
        if d.fiscal and not d.seireki:  # 32年度: only an era written before it says which year
            return _resolved(replace(d, implied_era=era.name), era.gregorian(d.short_year), explicit=True) \
                if era is not None else None
        if era is not None and not d.seireki and "西暦" not in self.text[d.start:d.end]:
            year = era.gregorian(d.short_year)
            if ref is None or year <= ref + 5:
                return _resolved(replace(d, implied_era=era.name), year, explicit=True)
        pivot = (ref + 20) if ref else 2049
        year = 1900 + d.short_year if 2000 + d.short_year > pivot else 2000 + d.short_year
        return _resolved(d, year, explicit=True)

    def _era_just_after(self, d: _Draft) -> Era | None:
        """A headline's era-less fiscal year (紀美野町29年度予算案) before the lead that writes the
        era (平成29年第1回定例会): the era of the first year written soon after it."""
        after = next((n for n in self.later if n.era and n.start >= d.end), None)
        return ERA_BY_SPELLING.get(after.era) if after is not None and after.start - d.end <= ERA_AFTER_REACH else None

    def _resolve_bare_day(self, d: _Draft) -> _Resolved | None:
        """10日から20日まで: days of the month the mention before gives."""
        head = self.last
        if head is None or head.month is None:
            return None
        return _resolved(replace(d, month=head.month, fiscal=False), head.start_date.year, explicit=False)

    def _resolve_row_day(self, d: _Draft) -> _Resolved | None:
        """- 13日(土)7時30分 in a calendar, 9日 休会 in a session schedule: a day of the month of the
        last mention with a month (the heading or row above; a fiscal year named in a row between,
        令和6年度…総会, does not break the run)."""
        head = self.last_month
        if head is None:
            return None
        d = replace(d, month=head.month, fiscal=False)
        return _resolved(d, _fit_weekday(d, head.start_date.year), explicit=False)

    def _resolve_next_day(self, d: _Draft) -> _Resolved | None:
        """明十日: a day still to come, in the document date's month (the next month when the day has passed)."""
        ref = self.doc_date
        if ref is None or self.approximate:
            return None
        base = _add_months(ref, 1) if d.day < ref.day else ref
        return _resolved(replace(d, month=base.month), base.year, explicit=False)

    def _resolve_news_day(self, d: _Draft) -> _Resolved | None:
        ref = self.doc_date
        if ref is None:
            return None
        y, m = ref.year, ref.month
        if d.day > ref.day:
            y, m = (y - 1, 12) if m == 1 else (y, m - 1)
        return _resolved(replace(d, month=m), y, explicit=False)

    def _resolve_missing_year(self, d: _Draft) -> _Resolved | None:
        local = self.same_sentence_anchor(d)
        if self.doc_date is not None and PAST_MARKER_RE.search(self.text, max(0, d.start - 4), d.start):
            year = _year_not_after(d, self.doc_date)  # 去る2月25日 in a December address: this February
        elif local is None and self.doc_date is not None and d.day is None \
                and TARGET_NOUN_RE.match(self.text, d.end) is not None:
            year = _year_not_before(d, self.doc_date)  # 3月をメドに in a June report: next March
        elif local is not None and local.draft.fiscal and self.doc_date is not None and self._names_session(d):
            year = _year_near(d, self.doc_date)  # 令和5年度予算案を…審議いただく3月定例会 (March 2023): the meeting's month
        elif local is not None and local.draft.fiscal and BASELINE_AFTER_RE.match(self.text, d.end):
            year = _year_not_after(d, local.start_date)  # 2022年度の目標として一月末の41%から: January 2022
        elif local is not None:
            year = _year_from_anchor(d, local, self.text)
        elif self.doc_date is None and (same := self._same_day_written(d)) is not None:
            year = same.year  # 令和6年12月17日付の通知 … later 12月17日付の通知: the day written before
        elif self.doc_date is not None:
            year = self._before_next_month(d, _year_near(d, self.doc_date))
            first = _first_day(d, year)
            if d.day is not None and first is not None and first > self.doc_date and not self.approximate \
                    and self._told_as_past(d):
                year -= 1  # 臨時会が(1月26日、…)開かれ…てきました in a December review: this January
        elif self.explicit:
            year = max(_year_after(d, anchor) for anchor in self._narrative_anchors())
        elif self.session_year is not None:  # 会期を3月10日~14日 … 平成25年各会計補正予算 … 平成26年⏎第1回定例会
            year = _year_from_anchor(d, self.session_year)
        elif self.first_written is not None:  # 四月十七日議事日程 … 令和二年度東京都一般会計補正予算
            year = _year_from_anchor(d, self.first_written)
        else:
            return None
        return _resolved(d, _fit_weekday(d, year), explicit=False)

    def _before_next_month(self, d: _Draft, year: int) -> int:
        """A sentence tells its yearless months in order (3月から工事が開始され、8月末で完了し、9月上旬
        の完了予定): a month whose nearest reading falls after the next yearless month of the sentence
        (read nearest too) is the year before."""
        later = next((n for n in self.upcoming if _is_plain_yearless(n)), None)
        if later is None or not _is_plain_yearless(d) or SENTENCE_END_RE.search(self.text, d.end, later.start):
            return year
        first, later_first = _first_day(d, year), _first_day(later, _year_near(later, self.doc_date))
        if later_first is not None and later.day is None:  # 3月2日から…3月定例会: within the later month
            later_first = _last_day(later_first.year, later_first.month)
        if first is None or later_first is None or first <= later_first or _first_day(d, year - 1) is None:
            return year
        return year - 1

    def _same_day_written(self, d: _Draft) -> _Resolved | None:
        """The last earlier mention written with its year on the same month and day: a yearless
        day repeating it is that day, not a day after the narrative's latest year."""
        if d.day is None:
            return None
        return next((r for r in reversed(self.explicit) if r.draft.day == d.day and r.month == d.month
                     and not r.draft.fiscal), None)

    def _names_session(self, d: _Draft) -> bool:
        """The month names a council session (3月定例会): the meeting itself, not a month of a fiscal year."""
        return d.day is None and SESSION_NOUN_RE.match(self.text, d.end) is not None

    def _told_as_past(self, d: _Draft) -> bool:
        """The sentence holding the mention ends in the past tense (…開かれました。…した。): a day
        it tells of has passed (a month may name a budget or a session still to come: 6月補正に計上した)."""
        end = SENTENCE_END_RE.search(self.text, d.end)
        return end is not None and self.text[end.start()] == "。" and \
            PAST_TENSE_END_RE.search(self.text, max(d.end, end.start() - 8), end.start()) is not None and \
            REPORTED_FUTURE_RE.search(self.text, d.end, end.start()) is None

    def _narrative_anchors(self) -> list[_Resolved]:
        """The last written calendar date and the last written fiscal year. A narrative moves
        forward, so the later reading wins: 「令和6年第3回定例会 … 令和5年度決算の認定 … 9月9日」
        is a 2024 session looking back at past accounts, and 「2023年4月に改組 … 令和6年度は …
        10月1日」 has moved on to fiscal 2024."""
        calendar = next((r for r in reversed(self.explicit) if not r.draft.fiscal), None)
        fiscal = next((r for r in reversed(self.explicit) if r.draft.fiscal), None)
        return [r for r in (calendar, fiscal) if r is not None]


def _is_plain_yearless(d: _Draft) -> bool:
    """A month (and day) written with no year, no relative word and not as the end of a range."""
    return (d.kind in ("month_day", "month_part") and d.month is not None and d.year is None
            and d.rel is None and d.short_year is None and not d.continues)


def _resolved(d: _Draft, year: int, explicit: bool) -> _Resolved | None:
    first = _first_day(d, year)
    if first is None:
        return None
    if d.part == "末日" and d.month is not None and d.day is None:  # 11月末日: the month's last day
        d = replace(d, day=calendar.monthrange(first.year, first.month)[1])
        first = _first_day(d, year)
    return _Resolved(d, year, d.month, d.day, first, explicit)


# --------------------------------------------------------------------------- values

def _last_day(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _add_months(day: dt.date, months: int) -> dt.date:
    n = day.year * 12 + day.month - 1 + months
    return dt.date(n // 12, n % 12 + 1, 1)


def _interval(r: _Resolved) -> tuple[dt.date, dt.date]:
    d, first = r.draft, r.start_date
    if d.day is not None:
        return first, first
    if d.month is not None:
        return first, _last_day(first.year, first.month)
    months = 3 if d.quarter else 6 if d.half else 12
    return first, _add_months(first, months) - dt.timedelta(days=1)


def _narrow(start: dt.date, end: dt.date, part: str | None) -> tuple[dt.date, dt.date]:
    """The part of a period a word like 末, 上旬, 前半 means (months: by days; longer: by months)."""
    if part is None or start == end:
        return start, end
    if (end - start).days < 31:
        days = {"early": (1, 10), "middle": (11, 20), "late": (21, end.day),
                "first_half": (1, 15), "second_half": (16, end.day)}.get(part)
        return (start.replace(day=days[0]), end.replace(day=days[1])) if days else (start, end)
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    first, last = {"early": (0, 1), "late": (months - 1, months), "first_half": (0, months // 2),
                   "second_half": (months // 2, months)}.get(part, (0, months))
    return _add_months(start, first), _add_months(start, last) - dt.timedelta(days=1)


def _value_and_granularity(r: _Resolved) -> tuple[str, str]:
    d = r.draft
    if d.month is None:
        prefix = f"FY{r.year}" if d.fiscal else f"{r.year:04d}"
        # a half or quarter keeps the year as its value (like 6月末 keeps the month);
        # start_date/end_date and the qualifier say which part
        if d.quarter:
            return prefix, "fiscal_quarter" if d.fiscal else "quarter"
        if d.half:
            return prefix, "fiscal_half" if d.fiscal else "half"
        return prefix, "fiscal_year" if d.fiscal else "year"
    day = r.start_date
    if d.day is None:
        return f"{day.year:04d}-{day.month:02d}", "month"
    value = day.isoformat()
    if d.hour is None:
        return value, "day"
    # a time of day is written at minute precision, also when only the hour is given
    # (午後5時 → T17:00): ISO 8601 extended format hh:mm
    return f"{value}T{d.hour:02d}:{d.minute or 0:02d}", "minute"


def _period_name(d: _Draft) -> str | None:
    if d.quarter:
        return f"第{d.quarter}四半期"
    if d.half:
        return "上半期" if d.half == 1 else "下半期"
    return None


def _to_match(r: _Resolved) -> DateMatch:
    d = r.draft
    value, granularity = _value_and_granularity(r)
    part = INSIDE_QUALIFIERS.get(d.part) if d.part else None
    start, end = _narrow(*_interval(r), part.part if part else None)
    qualifier = part.qualifier if part else _period_name(d) or d.qualifier
    if qualifier is None and d.range_end:
        qualifier = "まで"
    return DateMatch(d.start, d.end, value, start.isoformat(), end.isoformat(), granularity, d.era, qualifier)


# --------------------------------------------------------------------------- API

def _parse_iso(s: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(s[:10]) if s else None
    except ValueError:
        return None


UPCOMING_LOOKAHEAD = 4  # drafts looked at after a yearless month for the next one of its sentence


def _resolve_all(text: str, drafts: list[_Draft], doc_date: dt.date | None) -> Iterator[DateMatch]:
    reference = _budget_reference(text, drafts) if doc_date is None else None
    ctx = _Context(text, doc_date or reference, approximate=reference is not None)
    first = next((d for d in drafts if d.year is not None), None)
    ctx.first_written = _resolved(first, first.year, explicit=True) if first is not None else None
    ctx.later = drafts
    session = next((d for d in drafts if d.year is not None and not d.fiscal and d.month is None
                    and SESSION_NUMBER_RE.match(text, d.end)), None)
    ctx.session_year = _resolved(session, session.year, explicit=True) if session is not None else None
    first_calendar = next((d for d in drafts if d.year is not None and not d.fiscal), None)
    ctx.first_calendar = _resolved(first_calendar, first_calendar.year, explicit=True) if first_calendar else None
    for i, d in enumerate(drafts):
        ctx.upcoming = drafts[i + 1:i + 1 + UPCOMING_LOOKAHEAD]
        r = ctx.resolve(d)
        ctx.add(r)
        if r is not None:
            yield _to_match(r)
        elif d.kind in YEARLESS_KINDS and d.month is not None:
            yield _yearless_match(d)


YEARLESS_KINDS = ("month_day", "month_part", "slash", "tail")


def _yearless_match(d: _Draft) -> DateMatch:
    """A month/day with no year anywhere in reach: ISO 8601's truncated form (--04-01, --04),
    no interval, never an invented year."""
    if d.part == "末日" and d.day is None and d.month != 2:  # 12月末日; February's depends on the year
        d = replace(d, day=calendar.monthrange(2001, d.month)[1])
    value = f"--{d.month:02d}" + (f"-{d.day:02d}" if d.day else "")
    part = INSIDE_QUALIFIERS.get(d.part) if d.part else None
    qualifier = part.qualifier if part else d.qualifier or ("まで" if d.range_end else None)
    return DateMatch(d.start, d.end, value, None, None, "day" if d.day else "month", None, qualifier)


# 平成26年4月25日 議 長 午後2時00分開議: minutes run onto one line, a speaker's label between the
# sitting's date and its opening time (a short gap: no digit, no sentence or clause end, no range)
OPENING_TIME_RE = re.compile(rf"[^\n。、\d~〜～\-]{{1,8}}?{TIME}{SP}(?:開議|開会|開始)")


def _with_opening_time(text: str, drafts: list[_Draft]) -> list[_Draft]:
    """A day followed on its line, after a short label, by the time its sitting opens: one datetime
    (the span stays the date's)."""
    out = []
    for d in drafts:
        m = OPENING_TIME_RE.match(text, d.end) if d.day is not None and d.hour is None else None
        hour, minute = _time_fields(m.groupdict()) if m else (None, None)
        out.append(replace(d, hour=hour, minute=minute) if hour is not None else d)
    return out


def find_dates(text: str, doc_date: str | None = None) -> list[DateMatch]:
    """Every date mention in normalized text, in document order."""
    drafts = _link_ranges_and_lists(text, _with_opening_time(text, _joined_over_line_ends(text, _candidates(text))))
    return list(_resolve_all(text, drafts, _parse_iso(doc_date)))


# labels of a document's own date; in minutes, the heading naming the meeting (令和4年予特委員会 3月8日)
DATE_LABEL_RE = re.compile(r"日時|日付|年月日|月日|開催日|期日|発行日|作成日|提出日|公開日|掲載日|更新日|投稿日|開議|開会"
                           r"|委員会|定例会|臨時会|本会議|会議録|議事録")
# 令和6年11月1日発行, 2024年3月1日作成: a word right after the date saying it is the document's own
# (not 現在 or 付: 「4月1日現在の人口」「4月1日付で異動」 date what the document reports)
UPDATED_RE = re.compile(r"更新日|最終更新|登録日")
ISSUED_RE = re.compile(rf"{SP}(?:発行|作成|公表|公開|掲載|更新|改訂)")
_NOT_TEXT_RE = re.compile(r"[\s()\[\]【】「」:：、,.。~〜\-・]")
SESSION_HEADING_RE = re.compile(r"定例会|臨時会|議会|委員会")
HEAD_LINES, TAIL_LINES, OWN_LINE_REST = 15, 10, 12
CHRONOLOGY_ENTRIES = 3  # this many lines that open with a date and go on: a table or a timeline


HIRAGANA_RE = re.compile(r"[\u3041-\u309f]")
CALENDAR_YEAR_RE = re.compile(r"\d{1,4}[ \u3000]?年(?![ \u3000]?度)")  # 平成29年第1回(3月)定例会; not 平成28年度に次ぐ
WRITTEN_YEAR_RE = re.compile(r"年|\d{4}|[A-Za-z]\d|\d[./\-・]\d{1,2}[./\-・]\d")  # 令和6年, 2024/4/1, R6.4.1, 令和6.4.1


def _full_date_in(line: str) -> tuple[DateMatch, bool] | None:
    """The first written full date of a line, and whether the line is little more than it:
    at most a short label, weekday, time, place or publisher, and no hiragana (the rest of
    `R2.4.1 情報政策課を新設` in a chronology is an event, not a label)."""
    for m in find_dates(line):
        # not a yearless --04-01, nor a day given its year by a fiscal year alone (3月5日開会 after 令和6年度…)
        if m.granularity in ("day", "hour", "minute") and m.start_date is not None \
                and (WRITTEN_YEAR_RE.search(line, m.start, m.end) or CALENDAR_YEAR_RE.search(line, 0, m.start)):
            rest = _NOT_TEXT_RE.sub("", line[:m.start] + line[m.end:])
            return m, len(rest) <= OWN_LINE_REST and not HIRAGANA_RE.search(rest)
    return None


def _sentence_around(line: str, m: DateMatch) -> str:
    """The sentence of a line holding a date: a label elsewhere in a paragraph joined onto one
    line (…本定例会に上程…。…2月10日まで申請を受け付け…) does not label it."""
    start = line.rfind("。", 0, m.start) + 1
    end = line.find("。", m.end)
    return line[start:end if end >= 0 else len(line)]


def _is_dated_title(line: str, m: DateMatch) -> bool:
    """A heading that ends with its date in brackets: 第458回定例会市長説明要旨(平成28年12月8日)."""
    return line[:m.start].rstrip().endswith("(") and line[m.end:].strip() == ")"


def _is_dated_entry(line: str) -> bool:
    """A line that opens with a date and, after a gap, says something else: a row of a
    timeline or table (平成17年4月1日　町村合併), not a sentence (令和6年1月1日に発生した…)."""
    line = line.strip().lstrip(BULLETS).lstrip()
    first = next(iter(find_dates(line)), None)
    return (first is not None and first.start == 0 and line[first.end:first.end + 1].isspace()
            and bool(_NOT_TEXT_RE.sub("", line[first.end:])))


def _is_chronology(lines: list[str]) -> bool:
    return sum(_is_dated_entry(line) for line in lines) >= CHRONOLOGY_ENTRIES


def _session_month(lines: list[str]) -> str | None:
    """The first day of the month a heading names for its meeting (平成30年3月…定例会): nearer
    the speech than the date the page was registered or updated (only a month: not otherwise a
    document date, whose day decides whether a later day in a past-tense sentence has passed)."""
    for line in lines:
        if not SESSION_HEADING_RE.search(line):
            continue
        month = next((m for m in find_dates(line) if m.granularity == "month" and m.start_date
                      and (WRITTEN_YEAR_RE.search(line, m.start, m.end) or CALENDAR_YEAR_RE.search(line))), None)
        if month is not None:
            return month.start_date
    return None


def document_date(text: str) -> str | None:
    """The document's own date ('YYYY-MM-DD'): a dateline near the top (a line that is just
    a date, perhaps with weekday and time; not in a timeline whose lines all open with dates),
    else a labelled date near the top (開催日時, 視察月日, 提出日, 開議, 令和6年11月1日発行), else a
    page's update date near the top (更新日), else a date line near the end (the 年月日 of a
    report, 2024年3月15日掲載), else None."""
    lines = [line for line in text.splitlines() if line.strip()]
    head = [(line, _full_date_in(line)) for line in lines[:HEAD_LINES]]
    head = [(line, f) for line, f in head if f]
    # a page's update date (更新日) dates the page, not what it publishes: after the others
    updated = [m for line, (m, _) in head if UPDATED_RE.search(line)]
    head = [h for h in head if not UPDATED_RE.search(h[0])]
    for _, (m, own_line) in head:
        if own_line and not _is_chronology(lines[:HEAD_LINES]):
            return m.start_date
    for line, (m, _) in head:
        if DATE_LABEL_RE.search(_sentence_around(line, m)) or ISSUED_RE.match(line, m.end) \
                or _is_dated_title(line, m):
            return m.start_date
    if updated:  # 施政方針(平成30年3月/平成30年第1回…定例会) above 登録日:2019年2月21日: the session's month
        return _session_month(lines[:HEAD_LINES]) or updated[0].start_date
    if _is_chronology(lines[-TAIL_LINES:]):
        return None
    for line in reversed(lines[-TAIL_LINES:]):
        found = _full_date_in(line)
        if found and found[1]:
            return found[0].start_date
    return None


def session_reference(text: str) -> str | None:
    """For a document with no date of its own whose heading names its meeting's month
    (令和8年3月定例会 above a speech): the last day of that month, the day the speech's
    yearless days and relative years (１月１９日, 昨年, 次年度) are counted from. Not the
    document's date (that stays unknown); the month's last day so that a day of the session
    month told in the past tense is not taken for one a year before."""
    lines = [line for line in text.splitlines() if line.strip()]
    start = _session_month(lines[:HEAD_LINES])
    if start is None:
        return None
    first = dt.date.fromisoformat(start)
    return _last_day(first.year, first.month).isoformat()


def extract(ctx, found) -> list[DateMention]:
    doc_date = ctx.doc_date or document_date(ctx.text) or session_reference(ctx.text)
    out = []
    for m in find_dates(ctx.text, doc_date):
        start, end, text = ctx.span(m.start, m.end)
        out.append(DateMention(m.value, m.start_date, m.end_date, m.granularity, m.era, m.qualifier,
                               start, end, text))
    return out
