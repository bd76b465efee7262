"""pipeline.extractors.dates: every written form, year from context, ranges, qualifiers,
the document's own date, and the invariants (never raises, offsets valid)."""
from __future__ import annotations

import datetime as dt
import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.extractors.dates import ERAS, document_date, extract, find_dates, session_reference


def nfkc(s: str) -> str:
    return unicodedata.normalize("NFKC", s)


def values(text: str, doc_date: str | None = None) -> list[str]:
    return [m.value for m in find_dates(nfkc(text), doc_date)]


def only(text: str, doc_date: str | None = None):
    found = find_dates(nfkc(text), doc_date)
    assert len(found) == 1, found
    return found[0]


# --------------------------------------------------------------------------- written forms

@pytest.mark.parametrize("text, value, start_date, end_date, granularity", [
    # Gregorian at every precision
    ("本計画は2019年に策定された。", "2019", "2019-01-01", "2019-12-31", "year"),
    ("2023年2月に条例を改正した。", "2023-02", "2023-02-01", "2023-02-28", "month"),
    ("2024年2月に運用を始めた。", "2024-02", "2024-02-01", "2024-02-29", "month"),
    ("2021年10月5日に説明会を開いた。", "2021-10-05", "2021-10-05", "2021-10-05", "day"),
    ("2019年6月3日 09:30 配信", "2019-06-03T09:30", "2019-06-03", "2019-06-03", "minute"),
    ("2020年11月2日(月)午後2時から", "2020-11-02T14:00", "2020-11-02", "2020-11-02", "minute"),
    # a time of day is always written hh:mm (ISO 8601 extended), also when only the hour is given
    ("令和5年3月8日(水)午前9時に受付開始", "2023-03-08T09:00", "2023-03-08", "2023-03-08", "minute"),
    ("申込期限は令和7年1月31日(金)正午です。", "2025-01-31T12:00", "2025-01-31", "2025-01-31", "minute"),
    ("2023年9月1日 18時開会", "2023-09-01T18:00", "2023-09-01", "2023-09-01", "minute"),
    ("2023年9月1日18:30受付", "2023-09-01T18:30", "2023-09-01", "2023-09-01", "minute"),
    ("2023年9月1日午後6時15分閉会", "2023-09-01T18:15", "2023-09-01", "2023-09-01", "minute"),
    ("令和6年2月9日(金)午前11時00分開議", "2024-02-09T11:00", "2024-02-09", "2024-02-09", "minute"),
    ("R6.10.4(金) 13:30 開始", "2024-10-04T13:30", "2024-10-04", "2024-10-04", "minute"),
    ("2024/10/4 午後1時", "2024-10-04T13:00", "2024-10-04", "2024-10-04", "minute"),
    ("2020年11月2日午後2時30分に開始", "2020-11-02T14:30", "2020-11-02", "2020-11-02", "minute"),
    ("2020年11月2日 10時半開会", "2020-11-02T10:30", "2020-11-02", "2020-11-02", "minute"),
    # era years
    ("令和3年9月30日に締め切った。", "2021-09-30", "2021-09-30", "2021-09-30", "day"),
    ("平成12年に合併した。", "2000", "2000-01-01", "2000-12-31", "year"),
    ("昭和48年に竣工した庁舎", "1973", "1973-01-01", "1973-12-31", "year"),
    ("大正10年創立の学校", "1921", "1921-01-01", "1921-12-31", "year"),
    ("明治22年の市制施行", "1889", "1889-01-01", "1889-12-31", "year"),
    ("令和元年7月に稼働した。", "2019-07", "2019-07-01", "2019-07-31", "month"),
    ("令和四年十二月二十日付けで通知", "2022-12-20", "2022-12-20", "2022-12-20", "day"),
    ("二〇一九年四月に開所", "2019-04", "2019-04-01", "2019-04-30", "month"),
    ("1 2021年10月 計画策定", "2021-10", "2021-10-01", "2021-10-31", "month"),  # after list numbering
    ("令和５年１１月", "2023-11", "2023-11-01", "2023-11-30", "month"),  # full-width, NFKC upstream
    ("令 和 5 年 11 月 8 日に受付", "2023-11-08", "2023-11-08", "2023-11-08", "day"),
    ("平成31(2019)年3月に改定", "2019-03", "2019-03-01", "2019-03-31", "month"),
    ("2021(令和3)年度予算", "FY2021", "2021-04-01", "2022-03-31", "fiscal_year"),
    ("2021年(令和3年)6月1日", "2021-06-01", "2021-06-01", "2021-06-01", "day"),
    ("令和3年度(2021年度)予算", "FY2021", "2021-04-01", "2022-03-31", "fiscal_year"),
    # numeric forms
    ("R5.4.1施行", "2023-04-01", "2023-04-01", "2023-04-01", "day"),
    ("H28.10.3付", "2016-10-03", "2016-10-03", "2016-10-03", "day"),
    ("S63.1.7", "1988-01-07", "1988-01-07", "1988-01-07", "day"),
    ("更新日:2023/11/08", "2023-11-08", "2023-11-08", "2023-11-08", "day"),
    ("掲載 2023.1.30", "2023-01-30", "2023-01-30", "2023-01-30", "day"),
    ("作成 2023-01-30", "2023-01-30", "2023-01-30", "2023-01-30", "day"),
    ("2024/4~ 本格運用", "2024-04", "2024-04-01", "2024-04-30", "month"),
    # fiscal years and their parts
    ("2019年度の決算", "FY2019", "2019-04-01", "2020-03-31", "fiscal_year"),
    ("FY2024の目標", "FY2024", "2024-04-01", "2025-03-31", "fiscal_year"),
    ("令和3年度に導入", "FY2021", "2021-04-01", "2022-03-31", "fiscal_year"),
    ("平成元年度の記録", "FY1989", "1989-04-01", "1990-03-31", "fiscal_year"),
    ("R6年度当初予算", "FY2024", "2024-04-01", "2025-03-31", "fiscal_year"),  # the initial budget
    ("令和7年度当初予算案を発表", "FY2025", "2025-04-01", "2026-03-31", "fiscal_year"),
    ("2023年度当初計画との比較", "FY2023", "2023-04-01", "2024-03-31", "fiscal_year"),
    ("令和6年度当初から運用する", "FY2024", "2024-04-01", "2024-04-30", "fiscal_year"),  # the start of the year
    # a half or a quarter keeps the fiscal year as its value; the interval says which part
    ("令和6年度第2四半期の実績", "FY2024", "2024-07-01", "2024-09-30", "fiscal_quarter"),
    ("2023年度第4四半期", "FY2023", "2024-01-01", "2024-03-31", "fiscal_quarter"),
    ("2022年度上半期の件数", "FY2022", "2022-04-01", "2022-09-30", "fiscal_half"),
    ("令和2年度下期", "FY2020", "2020-10-01", "2021-03-31", "fiscal_half"),
    ("2021年度末の残高", "FY2021", "2022-03-01", "2022-03-31", "fiscal_year"),
    ("令和6年度中に完了", "FY2024", "2024-04-01", "2025-03-31", "fiscal_year"),
    ("2023年第3四半期の売上", "2023", "2023-07-01", "2023-09-30", "quarter"),
    ("2019年の4月に", "2019-04", "2019-04-01", "2019-04-30", "month"),
    # parts of a period narrow the interval, the value keeps the written unit
    ("令和5年3月末時点", "2023-03", "2023-03-21", "2023-03-31", "month"),
    ("2022年8月上旬に", "2022-08", "2022-08-01", "2022-08-10", "month"),
    ("2022年8月中旬に", "2022-08", "2022-08-11", "2022-08-20", "month"),
    ("2022年8月下旬に", "2022-08", "2022-08-21", "2022-08-31", "month"),
    ("2021年末までに", "2021", "2021-12-01", "2021-12-31", "year"),
    ("2021年前半に", "2021", "2021-01-01", "2021-06-30", "year"),
])
def test_written_forms(text, value, start_date, end_date, granularity):
    m = only(text)
    assert (m.value, m.start_date, m.end_date, m.granularity) == (value, start_date, end_date, granularity)


@pytest.mark.parametrize("text, era", [
    ("令和2年4月", "令和"), ("R2.4.1", "令和"), ("平成7年", "平成"), ("H7年度", "平成"),
    ("2022(令和4)年", "令和"), ("2022年", None), ("2022/4/1", None),
])
def test_era_recorded_when_written(text, era):
    assert only(text).era == era


@pytest.mark.parametrize("n", range(1, 31))
def test_heisei_round_trip(n):
    assert values(f"平成{n}年") == [str(1988 + n)]
    assert values(f"H{n}年度") == [f"FY{1988 + n}"]


@pytest.mark.parametrize("n", range(1, 21))
def test_reiwa_round_trip(n):
    assert values(f"令和{n}年4月1日") == [f"{2018 + n}-04-01"]
    assert values(f"R{n}.4.1") == [f"{2018 + n}-04-01"]


def test_every_era_year_one_is_its_start_year():
    for era in ERAS:
        assert values(f"{era.name}元年") == [str(era.start.year)]
        assert values(f"{era.name}2年") == [str(era.start.year + 1)]


def test_kanji_era_years_match_digits():
    kanji = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "二十", "二十九", "三十"]
    digits = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 20, 29, 30]
    for k, n in zip(kanji, digits):
        assert values(f"平成{k}年") == values(f"平成{n}年")


# --------------------------------------------------------------------------- qualifiers and spans

@pytest.mark.parametrize("text, covered, qualifier", [
    ("2019年4月頃から検討", "2019年4月", "頃"),
    ("2019年4月ごろ", "2019年4月", "頃"),
    ("2025年前後に", "2025年", "頃"),
    ("2023年度以降は", "2023年度", "以降"),
    ("令和7年度までに", "令和7年度", "まで"),
    ("2017年以前の資料", "2017年", "以前"),
    ("2020年から継続", "2020年", "から"),
    ("2020年より開始", "2020年", "から"),
    ("(2023年4月1日現在)", "2023年4月1日", "現在"),
    ("令和5年9月末", "令和5年9月末", "末"),
    ("2023年10月上旬", "2023年10月上旬", "上旬"),
    ("2022年度末", "2022年度末", "末"),
    ("2022年度下半期", "2022年度下半期", "下半期"),
    ("令和5年度第1四半期", "令和5年度第1四半期", "第1四半期"),
    ("2019年5月に開始", "2019年5月", None),
    ("締切は令和6年12月6日(金)午後3時まで", "令和6年12月6日(金)午後3時", "まで"),
    ("2024年3月1日正午から受付", "2024年3月1日正午", "から"),
])
def test_qualifier_and_span(text, covered, qualifier):
    text = nfkc(text)
    m = only(text)
    assert text[m.start:m.end] == nfkc(covered)
    assert m.qualifier == qualifier


def test_weekday_is_inside_the_span():
    text = "会期 2023年6月12日(月)"
    m = only(text)
    assert text[m.start:m.end] == "2023年6月12日(月)"
    assert m.value == "2023-06-12"


def test_wrong_weekday_keeps_the_written_date():
    assert values("2023年6月12日(火)") == ["2023-06-12"]


# --------------------------------------------------------------------------- ranges

@pytest.mark.parametrize("text, expected", [
    ("会期 令和5年6月12日(月)~6月16日(金)", [("2023-06-12", "から"), ("2023-06-16", "まで")]),
    ("令和5年6月12日~16日", [("2023-06-12", "から"), ("2023-06-16", "まで")]),
    ("2023年12月28日~1月4日は休業", [("2023-12-28", "から"), ("2024-01-04", "まで")]),
    ("2023年4月~6月の実績", [("2023-04", "から"), ("2023-06", "まで")]),
    ("2011年から2015年にかけて", [("2011", "から"), ("2015", "まで")]),
    ("平成29年度から令和元年度まで", [("FY2017", "から"), ("FY2019", "まで")]),
    ("2022年7月30日~8月2日", [("2022-07-30", "から"), ("2022-08-02", "まで")]),
    ("2022年7月30日~2日", [("2022-07-30", "から"), ("2022-08-02", "まで")]),
    ("2022年12月29日~3日は閉庁", [("2022-12-29", "から"), ("2023-01-03", "まで")]),
    # the unit written once, at the far end of the range
    ("計画期間(2021~2025年度)", [("FY2021", "から"), ("FY2025", "まで")]),
    ("2019-2021年の3年間", [("2019", "から"), ("2021", "まで")]),
    ("令和2~4年度の実績", [("FY2020", "から"), ("FY2022", "まで")]),
    ("2023年10~12月の件数", [("2023-10", "から"), ("2023-12", "まで")]),
    ("2023年8月28~30日に実施", [("2023-08-28", "から"), ("2023-08-30", "まで")]),
    # 同月 / 同年 ends
    ("令和5年5月8日から同月31日まで", [("2023-05-08", "から"), ("2023-05-31", "まで")]),
    ("令和5年5月8日~同年9月29日", [("2023-05-08", "から"), ("2023-09-29", "まで")]),
    # lists of days share the month too
    ("令和5年11月9日(木)・10日(金)", [("2023-11-09", None), ("2023-11-10", None)]),
    ("令和5年11月9日(木)、10日(金)", [("2023-11-09", None), ("2023-11-10", None)]),
    ("2023年11月9日と10日に開催", [("2023-11-09", None), ("2023-11-10", None)]),
])
def test_ranges_give_both_ends(text, expected):
    assert [(m.value, m.qualifier) for m in find_dates(nfkc(text))] == expected


@pytest.mark.parametrize("text, expected", [
    ("令和5年度と6年度の2か年で更新する。", ["FY2023", "FY2024"]),
    ("令和3年度、4年度、5年度の実績", ["FY2021", "FY2022", "FY2023"]),
    ("平成29年4月~30年3月の利用者", ["2017-04", "2018-03"]),
    ("令和4年から3年間", ["2022"]),  # 3年間 is a duration, and earlier than 令和4年
    ("令和5年、10年後を見据えて", ["2023"]),
])
def test_era_carried_to_the_next_years_of_a_list(text, expected):
    assert values(text) == expected



# --------------------------------------------------------------------------- year from context

@pytest.mark.parametrize("text, doc_date, expected", [
    # the nearest written year on the same line
    ("令和5年の視察は10月3日(火)に行った。", None, ["2023", "2023-10-03"]),
    ("2021年度の事業として、2月14日に報告会を開いた。", None, ["FY2021", "2022-02-14"]),
    # else the document date (the nearest such date within half a year)
    ("説明会は9月8日に開く。", "2023-08-20", ["2023-09-08"]),
    # a month from which something holds is that month of the context year (not a generic month)
    ("窓口の受付時間は、10月から午後7時までに延長しました。", "2023-11-02", ["2023-10"]),
    ("令和5年度の実績です。電子申請は7月以降、全ての手続で使えます。", "2023-05-10", ["FY2023", "2023-07"]),
    ("受付は1月10日まで。", "2023-12-15", ["2024-01-10"]),
    ("式典は12月20日に行われた。", "2024-01-15", ["2023-12-20"]),
    # else the last written year, moved on when the date would fall before it
    ("2018年9月に計画を決めた。\n\n3月1日から運用を始めた。", None, ["2018-09", "2019-03-01"]),
    ("2018年9月に計画を決めた。\n\n11月1日から運用を始めた。", None, ["2018-09", "2018-11-01"]),
    # the later of the last calendar date and the last fiscal year: a session looking back at
    # past accounts stays in its own year; a report that has moved on to a new fiscal year follows it
    ("令和5年第4回定例会\n\n令和4年度決算を認定した。\n\n12月5日に閉会した。", None, ["2023", "FY2022", "2023-12-05"]),
    ("2022年6月に条例を定めた。\n\n令和5年度は対象を広げる。\n\n7月1日から受け付ける。", None,
     ["2022-06", "FY2023", "2023-07-01"]),
    # a weekday that contradicts the inferred year picks the neighbouring year
    ("2018年9月に計画を決めた。\n\n3月1日(木)から運用を始めた。", None, ["2018-09", "2018-03-01"]),
    # no year anywhere in reach: kept in ISO 8601's truncated form, never an invented year
    ("4月15日に開催予定。", None, ["--04-15"]),
    # anaphoric years
    ("2016年4月に策定し、同年10月に改訂した。", None, ["2016-04", "2016-10"]),
    ("2016年4月に策定し、翌年3月に改訂した。", None, ["2016-04", "2017-03"]),
    ("昨年11月に導入した。", "2023-05-01", ["2022-11"]),
    # a relative year as the topic dates the month right after it
    ("昨年は、2月に大雪があり、除雪に追われた。", "2023-05-01", ["2022-02"]),
    ("本年は11月に新庁舎が開庁します。", "2023-05-01", ["2023-11"]),
    ("来年は、4月上旬に窓口を移転する。", "2023-05-01", ["2024-04"]),
    ("同年10月に改訂した。", None, []),
    ("2023年2月1日に受け付け、翌月10日に交付した。", None, ["2023-02-01", "2023-03-10"]),
    # the anchor must be in the same sentence
    ("令和3年度に策定した。6月1日に公表した。", "2022-07-01", ["FY2021", "2022-06-01"]),
    ("令和3年度の予算は、6月1日に成立した。", "2022-07-01", ["FY2021", "2021-06-01"]),
    # bare parts of a fiscal year; a bare 年度末 (年度末残高) is not a written date, 今年度末 is
    ("令和4年度の計画では、第2四半期に試行する。", None, ["FY2022", "FY2022"]),
    ("下半期に本格運用", "2022-11-01", ["FY2022"]),
    ("年度末残高は45億円", "2023-06-01", []),
    ("今年度末までに整備する。", "2023-06-01", ["FY2023"]),
    # a month with a part-of-period word, a session noun, or in a range of months
    ("9月末までに回答する。", "2023-08-01", ["2023-09"]),
    ("7月中に研修を行う。", "2023-05-01", ["2023-07"]),
    ("6月補正予算に計上した。", "2023-05-01", ["2023-06"]),
    ("9月定例会で審議する。", "2023-05-01", ["2023-09"]),
    ("2024年度上期(4月~9月)に実施", None, ["FY2024", "2024-04", "2024-09"]),
    ("2023年度の1~3月期", None, ["FY2023", "2024-01", "2024-03"]),
    ("毎年4月から9月までは繁忙期", "2023-05-01", []),
    ("繁忙期の3月から4月は窓口が混む。", "2023-05-01", []),  # a season of every year
    ("閑散期の8月に研修を行う。", "2023-05-01", []),
    # a month of an event: の運用開始, の定例会, の説明会
    ("11月の運用開始に向けて準備している。", "2023-08-01", ["2023-11"]),
    ("2月の説明会には40人が参加した。", "2023-05-01", ["2023-02"]),
    ("3月の会議では結論が出なかった。", None, ["--03"]),  # no context: the month alone
    ("2022年4月に設置し、その年の7月から運用した。", None, ["2022-04", "2022-07"]),
])
def test_year_from_context(text, doc_date, expected):
    assert values(text, doc_date) == expected


@pytest.mark.parametrize("text, doc_date, expected", [
    ("同市は12日、新たな計画を公表した。", "2023-05-15", ["2023-05-12"]),
    ("同社が20日、発表した。", "2023-05-15", ["2023-04-20"]),
    ("県は1日付で人事異動を発令した。", "2023-01-03", ["2023-01-01"]),
    ("知事は30日、会見した。", "2023-01-03", ["2022-12-30"]),
    ("同市は12日、新たな計画を公表した。", None, []),
    # a day of an event (の記者会見, の定例会) or 付: a date, never a duration
    ("知事は28日の記者会見で明らかにした。", "2024-10-29", ["2024-10-28"]),
    ("町は9日の臨時会に補正予算案を提出する。", "2024-06-03", ["2024-05-09"]),
    ("市長は4日付で辞職した。", "2024-02-05", ["2024-02-04"]),
    ("同社は3日、発表した。3日の会見では詳細を語らなかった。", "2024-07-03", ["2024-07-03", "2024-07-03"]),
    ("28日の記者会見で明らかにした。", None, []),  # no dateline: not guessed
    # a newspaper's day in kanji
    ("村長は五日、新庁舎の基本設計を公表した。", "2023-06-07", ["2023-06-05"]),
    ("県教委は二十九日、方針を決めた。", "2023-07-02", ["2023-06-29"]),
    ("市長は三日、記者会見した。", None, []),
])
def test_news_day_takes_the_dateline_month(text, doc_date, expected):
    assert values(text, doc_date) == expected


# --------------------------------------------------------------------------- document date

@pytest.mark.parametrize("text, expected", [
    ("2021年11月30日 15:05\n〇〇市は29日、新しい計画を発表した。", "2021-11-30"),
    ("令和5年第3回定例会\n本会議 第2号\n令和5年9月12日(火曜日)\n午前10時開議\n○議長 ただいまから会議を開きます。",
     "2023-09-12"),
    ("総務常任委員会 行政視察報告書\n\n1 視察日時 令和5年10月24日(火)~10月26日(木)\n2 視察先 〇〇市", "2023-10-24"),
    ("令和4年度 事業報告\n\n本文。2021年4月1日に制度を開始した。\n\n以上\n\n令和5年5月31日\n〇〇市長", "2023-05-31"),
    ("発行日:2022/04/01\n市報〇〇", "2022-04-01"),
    # a date followed by 発行 / 作成 names the document's own date; 現在 dates the data reported
    ("市報〇〇 第312号\n令和5年2月15日発行 編集:広報広聴課\n\n本文。", "2023-02-15"),
    ("統計資料\n2024年4月8日作成 総務課による集計\n\n本文。", "2024-04-08"),
    ("統計資料\n2024年3月31日現在の人口による集計\n\n本文。", None),
    ("住民サービスの向上に向けて\n\n2019年に計画を策定した。", None),
    ("2018年4月4日 11:42 ITmedia\n本文", "2018-04-04"),
    ("市のあゆみ(年表)\n平成17年4月1日 町村合併\nR2.4.1 情報政策課を新設\nR3.7.1 電子申請を開始", None),
    ("", None),
])
def test_document_date(text, expected):
    assert document_date(nfkc(text)) == expected


def test_a_sentence_with_a_date_near_the_top_is_not_a_dateline():
    text = "〇〇市の取組\n2022年4月1日に新しい窓口システムの運用を全庁で開始した。\n"
    assert document_date(text) is None


# --------------------------------------------------------------------------- extractor

def test_extract_maps_spans_to_the_original(make_context):
    original = "視察日 令和４年７月２１日（木）～２２日（金）\n翌日は大阪府庁を訪問した。"
    ctx = make_context(original)
    mentions = extract(ctx, {})
    assert [m.value for m in mentions] == ["2022-07-21", "2022-07-22"]
    for m in mentions:
        assert original[m.start:m.end] == m.text
    assert mentions[0].text.startswith("令和４年")


def test_extract_detects_the_document_date_when_none_given(make_context):
    ctx = make_context("2023年2月1日 10:00\n同県は31日、会見を開いた。")
    assert [m.value for m in extract(ctx, {})] == ["2023-02-01T10:00", "2023-01-31"]


# --------------------------------------------------------------------------- properties

# every value is ISO 8601 at some precision: YYYY, YYYY-MM, YYYY-MM-DD, YYYY-MM-DDThh:mm, or FYYYYY;
# without a year in reach the truncated --MM-DD or --MM
ISO_VALUE = re.compile(r"FY\d{4}|\d{4}(?:-\d{2}(?:-\d{2}(?:T\d{2}:\d{2})?)?)?|--\d{2}(?:-\d{2})?")
DATEISH = st.text(alphabet="0123456789〇一二三四五六七八九十元年度月日末頃から~/.-:()(月火水木金)第上下半期旬令和平成昭RH 、。\n市は午前後時分半正",
                  max_size=80)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=200), DATEISH), st.sampled_from([None, "2022-07-21", "2020-01-01", "bad"]))
def test_never_raises_and_offsets_are_valid(text, doc_date):
    for m in find_dates(text, doc_date):
        assert ISO_VALUE.fullmatch(m.value), m.value
        if "T" in m.value:
            dt.datetime.fromisoformat(m.value)
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start:m.end].strip()
        assert (m.start_date is None and m.value.startswith("--")) or m.start_date <= m.end_date
    document_date(text)


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2099, 12, 31)))
def test_written_gregorian_date_round_trips(day):
    text = f"{day.year}年{day.month}月{day.day}日に実施した。"
    assert values(text) == [day.isoformat()]
    reiwa = day.year - 2018
    if reiwa >= 1:
        assert values(f"令和{reiwa}年{day.month}月{day.day}日") == [day.isoformat()]


# --------------------------------------------------------------------------- seed gold

def test_seed_gold_dates(shared_dir):
    """The seed documents' gold dates, scored like ../shared/gold/score.py (multiset of values)."""
    import json
    from collections import Counter

    from pipeline.normalize import normalize

    tp = n_pred = n_gold = 0
    for gold_file in sorted((shared_dir / "gold").glob("*.json")):
        source = shared_dir / "corpus" / "seeds" / gold_file.with_suffix(".txt").name
        if not source.exists():
            continue
        text = normalize(source.read_text(encoding="utf-8")).text
        pred = Counter(m.value for m in find_dates(text, document_date(text)))
        gold = Counter(d["value"] for d in json.loads(gold_file.read_text(encoding="utf-8"))["dates"])
        tp += sum((pred & gold).values())
        n_pred += sum(pred.values())
        n_gold += sum(gold.values())
    if not n_gold:
        pytest.skip("no seed gold")
    p, r = tp / max(n_pred, 1), tp / n_gold
    assert 2 * p * r / (p + r) >= 0.97


@settings(max_examples=300, deadline=None)
@given(st.one_of(DATEISH, st.text(alphabet="0123456789年月日度令和平成RH同その本第上下半期はが、/.-~()", max_size=60)))
def test_first_character_scan_misses_no_match(text):
    """The first-character index finds the same candidates as trying every pattern everywhere."""
    from pipeline.extractors import dates as D

    everywhere = []
    for start in range(len(text)):
        for kind, pattern, _ in D.PATTERNS:
            m = pattern.match(text, start)
            d = D._draft(kind, m) if m else None
            if d is not None and D._is_date(text, d):
                everywhere.append(d)
    assert D._candidates(text) == D._leftmost_longest(D._without_lone_rows(everywhere))


# --------------------------------------------------------------------------- whole documents

MINUTES = """令和5年第3回〇〇町議会定例会会議録(第2号)
令和5年9月12日(火曜日)
午前10時開議
○議長(山田一郎君) ただいまから本日の会議を開きます。
○町長(佐藤花子君) 8月31日に国の補助金の交付決定を受けました。令和4年度の決算では、
年度末残高は3億円でございます。工事は10~12月に行い、令和6年3月末までに完了します。
前回の定例会(6月9日)でもご説明したとおり、本年11月から試行します。
"""
BUDGET = """令和6年度 〇〇市当初予算の概要
(単位:千円)
区分 R5年度 R6年度 増減
一般会計 475,633 498,120 22,487
■主なスケジュール
・R6.4.1 事業開始
・令和6年10月上旬 本格運用
・2024(令和6)年度末 効果検証
"""
ARTICLE = """〇〇市、AI議事録を全庁導入
2024/6/3 17:05
〇〇市は3日、AIによる議事録作成システムを全庁に導入すると発表した。7月1日から運用を始める。
同市は2021年度から実証を重ね、2023年4月~9月の試行では作成時間を約6割短縮した。
"""


@pytest.mark.parametrize("text, doc_date, expected", [
    (MINUTES, "2023-09-12", ["2023", "2023-09-12", "2023-08-31", "FY2022", "2023-10", "2023-12",
                             "2024-03", "2023-06-09", "2023-11"]),
    (BUDGET, None, ["FY2024", "FY2023", "FY2024", "2024-04-01", "2024-10", "FY2024"]),
    (ARTICLE, "2024-06-03", ["2024-06-03T17:05", "2024-06-03", "2024-07-01", "FY2021", "2023-04", "2023-09"]),
])
def test_whole_documents(text, doc_date, expected):
    assert document_date(text) == doc_date
    assert values(text, document_date(text)) == expected


# --------------------------------------------------------------------------- issue 14 classes
# each class: several cases that must be read, and beside them cases that must not

@pytest.mark.parametrize("text, expected", [
    ("2023・4・1に施行", ["2023-04-01"]),
    ("2023,4,1に施行", ["2023-04-01"]),
    ("2023.04.01に施行", ["2023-04-01"]),
    ("2023年/4月/1日に施行", ["2023-04-01"]),
    ("2023.4 策定", ["2023-04"]),
    ("令和5・4・1に施行", ["2023-04-01"]),
    ("令和5-4-1に施行", ["2023-04-01"]),
    ("令和5.4 策定", ["2023-04"]),
    # not dates: versions, decimals, lists of era years, codes
    ("Ver.2023.4.1", []),
    ("2023.4kgを回収", []),
    ("令和4・5年度の事業", []),  # a list of fiscal years, never 2022-05
    ("部品番号1234-5-6", []),
])
def test_separators(text, expected):
    assert values(text, "2024-06-10") == expected


@pytest.mark.parametrize("text, doc_date, expected", [
    ("98年4月に開館", "2024-06-10", ["1998-04"]),
    ("西暦98年4月に開館", "2024-06-10", ["1998-04"]),
    ("21年4月に開館", "2024-06-10", ["2021-04"]),
    ("西暦98年に開館", None, ["1998"]),
    # in a document that counts years by an era, a two-digit year is the era's
    ("平成29年度に計画し、30年4月に開館した。", "2019-06-01", ["FY2017", "2018-04"]),
    ("昭和元年に創立", None, ["1926"]),
    ("明治元年の記録", None, ["1868"]),
    ("大正元年", None, ["1912"]),
    # not years: durations, ages, counts of years
    ("98年間続いた", "2024-06-10", []),
    ("築30年の庁舎", "2024-06-10", []),
    ("同30年4月", None, []),
])
def test_two_digit_years_and_old_eras(text, doc_date, expected):
    assert values(text, doc_date) == expected


@pytest.mark.parametrize("text, doc_date, expected", [
    ("4/1から受付", "2024-03-10", ["2024-04-01"]),
    ("4/1(月)から受付", "2024-03-10", ["2024-04-01"]),
    ("4/1~4/14に受付", "2024-03-10", ["2024-04-01", "2024-04-14"]),
    ("2024年4月1日に申請し、同月10日に交付", None, ["2024-04-01", "2024-04-10"]),
    ("2024年4月の期間は10日から20日まで", None, ["2024-04", "2024-04-10", "2024-04-20"]),
    # not month/day: fractions, scores, codes
    ("補助率1/2", "2024-03-10", []),
    ("2/3以上の賛成", "2024-03-10", []),
    ("5/10人が合格", "2024-03-10", []),
    ("10日から20日間", "2024-03-10", []),
])
def test_month_day_with_a_slash_and_bare_days(text, doc_date, expected):
    assert values(text, doc_date) == expected


@pytest.mark.parametrize("text, expected", [
    ("2012/4/3~6に開催", ["2012-04-03", "2012-04-06"]),
    ("2012/3/8~3/10に開催", ["2012-03-08", "2012-03-10"]),
    ("R6.4.1~4.30", ["2024-04-01", "2024-04-30"]),
    ("2012/4/3~6人", ["2012-04-03"]),  # the far end is a count, not a day
])
def test_numeric_ranges_keep_both_ends(text, expected):
    assert values(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("4月1日に施行", [("--04-01", None, "day")]),
    ("4/1(月)に施行", [("--04-01", None, "day")]),
    ("6月末までに提出", [("--06", None, "month")]),
    ("12月末日までに提出", [("--12-31", None, "day")]),
    ("2月末日までに提出", [("--02", None, "month")]),
])
def test_a_date_without_a_year_in_reach_keeps_no_year(text, expected):
    assert [(m.value, m.start_date, m.granularity) for m in find_dates(nfkc(text))] == expected


# --------------------------------------------------------------------------- speeches and minutes (issue 9, class 5)

@pytest.mark.parametrize("text, doc_date, expected", [
    ("本年四月一日から施行する。", "2016-12-08", ["2016-04-01"]),
    ("明十日は休会とし、明後十一日に再開します。", "2016-12-09", ["2016-12-10", "2016-12-11"]),
    ("明三日に再開します。", "2016-11-30", ["2016-12-03"]),
    ("この四月から始めた。", "2016-12-08", ["2016-04"]),
    ("７月に開始する予定です。", "2016-05-08", ["2016-07"]),
    ("１０月に前倒しして実施する。", "2016-05-08", ["2016-10"]),
    ("１１月からは新体制です。", "2016-10-08", ["2016-11"]),
    ("３月の上旬に公表する。", "2016-12-08", ["2017-03"]),
    ("来年度１０月に導入する。", "2016-12-08", ["2017-10"]),
    ("先月25日に発表された報告では", "2016-12-08", ["2016-11-25"]),
    ("令和7年1月22日から24日まで視察した。\n初日は東広島市を訪ねた。\n23日は、下関市を訪ねた。", None,
     ["2025-01-22", "2025-01-24", "2025-01-23"]),
    ("定例会は,11月26日告示,12月3日招集となる。", "2019-11-19", ["2019-11-26", "2019-12-03"]),
    # not dates: a season, a generic month, a month of every year
    ("4月になると暖かい。", "2016-12-08", []),
    ("4月に入り、気温が上がった。", "2016-12-08", []),
    ("毎年7月に開く。", "2016-12-08", []),
    ("例年7月に開く。", "2016-12-08", []),
])
def test_dates_in_speeches_and_minutes(text, doc_date, expected):
    assert values(text, doc_date) == expected


@pytest.mark.parametrize("text, doc_date, expected", [
    # a month or a day that goes on from a dated mention earlier in the same sentence
    ("令和2年6月に説明会を開き、11月に本格稼働した。", None, ["2020-06", "2020-11"]),
    ("平成31年2月に庁内で検討し、8月には試行を始めた。", "2019-12-01", ["2019-02", "2019-08"]),
    ("令和5年度は、5月に研修を行い、2月には報告会を開いた。", None, ["FY2023", "2023-05", "2024-02"]),
    ("今月3日には開所式が、また12日には説明会が開かれた。", "2022-09-20", ["2022-09-03", "2022-09-12"]),
    ("令和4年7月5日に協定を結び、20日には運用を始めた。", None, ["2022-07-05", "2022-07-20"]),
    # nothing dated before it in the sentence: no date
    ("令和3年度に導入した。5月には研修を行う。", None, ["FY2021"]),
    ("12日には説明会が開かれた。", None, []),
    ("4月にはいると雪が解ける。", "2021-01-10", []),
    # a fiscal year said in January–March counts from the fiscal year of that date
    ("来年度10月に稼働する。", "2023-02-14", ["2023-10"]),
    ("来年度4月から実施する。", "2022-11-30", ["2023-04"]),
])
def test_sequel_months_and_days(text, doc_date, expected):
    assert values(text, doc_date) == expected


@pytest.mark.parametrize("text, doc_date, expected", [
    # a relative year or fiscal year standing alone: that of the document date
    ("昨年度は延べ1,200人が利用し、今年度から全庁に広げた。", "2023-11-20", ["FY2022", "FY2023"]),
    ("来年度以降も継続する。", "2024-02-10", ["FY2024"]),
    ("新年度の予算編成に当たり", "2021-02-15", ["FY2021"]),
    ("新年度予算では", "2021-06-15", ["FY2022"]),
    ("昨年の台風で被害を受けた。", "2020-03-01", ["2019"]),
    ("今年から受付を始めた。", "2024-12-26", ["2024"]),
    ("本年度中に策定します。", "2022-09-01", ["FY2022"]),
    # not dates: a table heading, a season, anaphora, the new year
    ("本年度予算額 前年度予算額 比較", "2024-03-01", []),
    ("今年の夏に調査を行う。", "2024-05-01", []),
    ("昨年秋から導入した。", "2020-08-07", []),
    ("前年度と比べて増えた。", "2024-05-01", []),
    ("同年には完成した。", "2024-05-01", []),
    ("新年を迎えました。", "2024-01-05", []),
])
def test_relative_years_standing_alone(text, doc_date, expected):
    assert values(text, doc_date) == expected


@pytest.mark.parametrize("text, expected", [
    # a month holding the day written before it stays in that year; a month wholly before moves on
    ("令和3年12月8日の会議\n\n12月中に各校へ配置する。", ["2021-12-08", "2021-12"]),
    ("2021年3月15日\n\n3月末までに完了する。", ["2021-03-15", "2021-03"]),
    ("令和3年12月8日の会議\n\n3月に完了する。", ["2021-12-08", "2022-03"]),
])
def test_a_month_holding_the_anchor_day_keeps_its_year(text, expected):
    assert values(text, None) == expected


@pytest.mark.parametrize("text, doc_date, expected", [
    # days of one month listed with 日 written once
    ("説明会は6月3・4日に開く。", "2023-05-10", ["2023-06-03", "2023-06-04"]),
    ("令和5年3月1、2日に実施した。", None, ["2023-03-01", "2023-03-02"]),
    # a past-tense sentence tells of days that have passed (a December review of the year)
    ("臨時会が3回(1月20日、4月8日、11月2日)開かれました。", "2021-12-21", ["2021-01-20", "2021-04-08", "2021-11-02"]),
    ("次回の説明会は1月20日に開きます。", "2021-12-21", ["2022-01-20"]),
    ("市は20日、窓口を1月4日から移すと発表した。", "2021-12-21", ["2021-12-20", "2022-01-04"]),
    # 昨年から (a starting point) does not date the days after it; 本年は (the frame) does
    ("昨年から続く工事は、2月10日に終えた。", "2021-03-01", ["2020", "2021-02-10"]),
    ("本年は、研修を(5月9日~5月10日)行った。", "2021-12-21", ["2021", "2021-05-09", "2021-05-10"]),
])
def test_lists_of_days_past_tense_and_starting_points(text, doc_date, expected):
    assert values(text, doc_date) == expected


def test_a_page_update_date_gives_way_to_a_dated_title():
    text = "施政方針\n更新日:2021年12月3日\n令和3年度施政方針演説(令和3年2月22日)\n本日、新年度予算案を提案します。"
    assert document_date(text) == "2021-02-22"
    assert document_date("お知らせ\n更新日:2021年12月3日\n窓口の時間を変更します。") == "2021-12-03"


def test_a_heading_dated_in_brackets_dates_the_document():
    text = "トップページ > 財政課\n\n第458回定例会市長説明要旨(平成28年12月8日)\n\n去る11月14日に発表された。"
    assert document_date(text) == "2016-12-08"
    assert values(text, document_date(text))[-1] == "2016-11-14"


@pytest.mark.parametrize("text", [
    "人事異動の影響で4月に問い合わせが集中していた。",
    "4月に多くの申請がある。",
])
def test_a_habitual_month_is_no_date(text):
    assert values(text, "2020-06-01") == []


@pytest.mark.parametrize("text, doc_date, expected", [
    ("令和6年11月末日までに提出", None, ["2024-11-30"]),
    ("2024年2月末日", None, ["2024-02-29"]),
    # a yearless date before the first written year takes it (a fiscal year's April is in its year)
    ("四月十七日議事日程第一号\n令和二年度東京都一般会計補正予算", None, ["2020-04-17", "FY2020"]),
    ("令和6年 定例会緊急議会(12月)", None, ["2024", "2024-12"]),
    ("昨年5月以降に試行し、その結果を踏まえ、6月に、活用ガイドを作成した。", "2024-02-01", ["2023-05", "2023-06"]),
    # not dates: a month in brackets that names no session, a month with に and no act
    ("単価(12月)は別表のとおり", "2024-02-01", []),
    ("4月に申請が多い。", "2024-02-01", []),
])
def test_last_days_sessions_and_first_written_years(text, doc_date, expected):
    assert values(text, doc_date) == expected


def test_a_minutes_heading_dates_the_document():
    text = "令和 4年予特委員会 3月 8日⑤文化商工費自由質疑\n\n○委員 11月に行った調査について伺う。"
    assert document_date(nfkc(text)) == "2022-03-08"
    assert values(text, document_date(nfkc(text)))[-1] == "2021-11"


@pytest.mark.parametrize("text, expected", [
    # a fiscal year written without its era takes the era written before it (budget tables)
    ("令和７年度予算\n第２表　債務負担行為\n８年度から\n１０年度まで", ["FY2025", "FY2026", "FY2028"]),
    ("令和７年度から令和９年度まで", ["FY2025", "FY2027"]),
    ("平成30年度当初予算\n|\n32年度から 35年度まで\n|\n33年度 |", ["FY2018", "FY2020", "FY2023", "FY2021"]),
    ("令和７年度\n22年度まで", ["FY2025", "FY2040"]),
    # no era before it: not a date (never a guessed century)
    ("８年度から１０年度まで", []),
    # not fiscal years: 初年度, 前年度, 第3年度, 3年度目, 3か年度
    # 前年度 standing alone is the fiscal year before the one written (README conventions); none of the others is a year
    ("令和７年度予算。初年度と前年度、第3年度、3年度目、3か年度の計画", ["FY2025", "FY2024"]),
])
def test_era_less_fiscal_years(text, expected):
    assert values(text, "2025-02-14") == expected


def test_fiscal_year_range_ends_keep_their_periods():
    found = find_dates(nfkc("令和７年度予算\n８年度から１０年度まで"))
    assert [(m.start_date, m.end_date) for m in found[1:]] == [("2026-04-01", "2027-03-31"),
                                                               ("2028-04-01", "2029-03-31")]


# --------------------------------------------------------------------------- issue 9 (set m): sessions, places, series

@pytest.mark.parametrize("text, doc_date, expected", [
    # a month naming a council session is the meeting's, not a month of the fiscal year discussed
    ("令和7年度予算案をご審議いただく3月定例会の開会にあたり", "2025-02-27", ["FY2025", "2025-03"]),
    ("平成31年度の事業計画を審議する2月臨時会において", "2019-02-10", ["FY2019", "2019-02"]),
    # without a session noun, a month in a sentence about a fiscal year stays in that fiscal year
    ("令和7年度は3月末までに完了する。", "2025-02-27", ["FY2025", "2026-03"]),
])
def test_a_session_month_is_the_meetings(text, doc_date, expected):
    assert values(text, doc_date) == expected


@pytest.mark.parametrize("text, expected", [
    ("令和2年5月四日市市議会臨時会", ["2020-05"]),
    ("平成26年11月十日町市で開催された研修会", ["2014-11"]),
    ("令和4年8月八日市地区の祭礼", ["2022-08"]),
    # a real kanji day stays a day
    ("令和4年8月八日に開催", ["2022-08-08"]),
])
def test_a_place_name_opening_with_a_kanji_day_is_not_the_day(text, expected):
    assert values(text) == expected


@pytest.mark.parametrize("text, expected", [
    # a fiscal year and the month of its supplementary budget or session: two mentions
    ("令和2年度12月補正予算の概要", ["FY2020", "2020-12"]),
    ("平成27年度3月補正予算について", ["FY2015", "2016-03"]),
    # a fiscal year's month with a day, or with no month noun after it, stays one date
    ("令和2年度12月の執行状況", ["2020-12"]),
])
def test_a_fiscal_year_and_its_budget_month_are_two_dates(text, expected):
    assert values(text) == expected


@pytest.mark.parametrize("text, expected", [
    # era letters over the bars or columns of a settlement or budget table
    ("歳出決算額の推移 単位:百万円 R1 R2 R3 R4 R5", ["FY2019", "FY2020", "FY2021", "FY2022", "FY2023"]),
    ("予算額 H28 H29 H30 3 (単位:千円) H29 歳出 H30",
     ["FY2016", "FY2017", "FY2018", "FY2017", "FY2018"]),
])
def test_a_series_of_era_letter_labels_are_fiscal_years(text, expected):
    assert values(text) == expected


@pytest.mark.parametrize("text", [
    "予算の概要 R1 R2 の二案",  # two labels: no series
    "決算の説明 S1 S3 S2 サイズ",  # not rising
    "会議室 R2 R3 R4 を使用",  # no budget or fiscal year in the document
    "予算 H2O H2S H3PO4",  # chemical formulae
])
def test_era_letters_without_a_series_are_no_dates(text):
    assert values(text) == []


@pytest.mark.parametrize("text, doc_date, expected", [
    ("令和5年3月3日(金)(10:00開議)", None, ["2023-03-03T10:00"]),
    ("6月14日(水)(午前9時30分開会)", "2023-05-01", ["2023-06-14T09:30"]),
])
def test_a_start_time_in_brackets_after_the_date(text, doc_date, expected):
    assert values(text, doc_date) == expected


def test_a_budget_month_of_the_current_budget():
    assert values("令和5年度 予算額(A) 2月現計予算額(B)") == ["FY2023", "2024-02"]


def test_a_session_month_heading_dates_the_page_over_its_registration():
    text = "所信表明(令和3年6月/令和3年第2回○○市議会定例会)\n\n登録日:2022年4月1日\n\n来年度からは新しい計画が始まります。"
    assert document_date(text) == "2021-06-01"
    assert values(text, document_date(text))[-1] == "FY2022"
    # a session month alone is no document date (its day is unknown)
    assert document_date("令和3年6月定例会(第1号)\n会期は本日から6月30日までと決定いたしました。") is None


@pytest.mark.parametrize("text, doc_date, expected", [
    # 去る: a day already past when the address is given, even when next year's is nearer
    ("去る2月25日から3月5日までの間、意見を募集しました。", "2018-12-25", ["2018-02-25", "2018-03-05"]),
    ("去る十一月三十日に竣工式を挙行いたしました。", "2019-03-01", ["2018-11-30"]),
    ("去る 12月1日に開催された大会", "2019-12-10", ["2019-12-01"]),
])
def test_a_day_said_to_be_past(text, doc_date, expected):
    assert values(text, doc_date) == expected


@pytest.mark.parametrize("text, expected", [
    ("一昨年の台風で被災した橋", ["2022"]),
    ("一昨年度の決算では", ["FY2022"]),
    ("再来年度には完成する見込みです。", ["FY2026"]),
    ("再来年の春に開校します。", []),  # a season of a relative year is no date (as 昨年秋)
    ("一昨日の会議で", []),  # a day before yesterday: no year
])
def test_two_years_back_and_ahead(text, expected):
    assert values(text, "2024-09-10") == expected


@pytest.mark.parametrize("text, doc_date, expected", [
    ("明日十二日は休会といたします。", "2023-09-11", ["2023-09-12"]),
    ("明後日3日(火)は午前10時から", "2024-08-31", ["2024-09-03"]),
])
def test_tomorrow_written_out_before_the_day(text, doc_date, expected):
    assert values(text, doc_date) == expected


@pytest.mark.parametrize("text, expected", [
    # a table's year heads: the era written once before a rising run of bare years
    ("表2 世帯数の推移 令和元年 2年 3年 4年 5年 41,200 41,350", ["2019", "2020", "2021", "2022", "2023"]),
    # not a series: falling, or only one bare year after the era year
    ("平成20年 19年 18年 の順", ["2008"]),
    ("平成20年 19年", ["2008"]),
])
def test_bare_years_after_an_era_year_in_a_table_head(text, expected):
    assert values(text) == expected


def test_a_gregorian_year_restated_in_brackets_without_nen():
    assert values("令和3年(2021)4月に開始") == ["2021-04"]


@pytest.mark.parametrize("text, expected", [
    # no date of its own: 本年 / 今年 count from the first calendar year the document writes
    ("2022年6月 議会報告\n令和3年10月に納品された端末は、本年3月から活用が進んだ。", ["2022-06", "2021-10", "2022-03"]),
    ("今年の話題は生成AIだった。\n2024年11月30日 掲載", ["2024", "2024-11-30"]),
])
def test_relative_years_in_a_document_without_its_own_date(text, expected):
    assert values(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("全校で11月をメドに運用を始める。", ["2024-11"]),
    ("3月を目途に計画を取りまとめる。", ["2025-03"]),  # a target still to come: next March
])
def test_a_month_set_as_a_target(text, expected):
    assert values(text, "2024-06-01") == expected


@pytest.mark.parametrize("text, expected", [
    # a speech under its session's month: yearless days before that month are of the same year
    ("令和7年3月定例会\n○3番(山田花子)\n1月20日の知事会見で示され、2月15日に公表された方針です。",
     ["2025-03", "2025-01-20", "2025-02-15"]),
    # relative years count from the session, not from the last date written before them
    ("令和7年6月定例会 一般質問\n令和7年6月定例会の質問です。昨年、市は計画を改めました。昨年11月3日に開始し、次年度も続けます。",
     ["2025-06", "2025-06", "2024", "2024-11-03", "FY2026"]),
])
def test_a_session_month_heading_counts_the_speechs_days(make_context, text, expected):
    assert [m.value for m in extract(make_context(text), {})] == expected


def test_the_session_reference_is_the_last_day_of_its_month():
    assert session_reference("令和6年12月定例会\n本文") == "2024-12-31"
    assert session_reference("議会だより\n本文") is None


@pytest.mark.parametrize("text, doc_date, expected", [
    ("次年度も事業を継続します。", "2024-02-10", ["FY2024"]),  # said in fiscal 2023
    ("次年度の予算に計上します。", "2024-06-01", ["FY2025"]),
    ("次年の話", "2024-06-01", []),  # 次 counts only a fiscal year
])
def test_the_next_fiscal_year_written_as_ji_nendo(text, doc_date, expected):
    assert values(text, doc_date) == expected


def test_a_label_in_another_sentence_of_a_joined_paragraph_does_not_date_the_document():
    text = "議会報告\n本定例会に議案を提出しました。また、2月10日まで申請を受け付けました。"
    assert document_date(nfkc("令和6年3月1日\n" + text)) == "2024-03-01"
    assert document_date(nfkc("令和6年 委員会報告 2月10日\n本文")) is not None
    assert document_date(nfkc("本定例会に議案を提出しました。令和6年2月10日に申請を始めた事業です。")) is None


@pytest.mark.parametrize("text, expected", [
    # a session schedule: the day opening each row is of the month above
    ("令和5年9月定例会 会期日程\n9月4日 本会議 開会\n5日 休会\n6日\n7日 本会議 一般質問\n",
     ["2023-09", "2023-09-04", "2023-09-05", "2023-09-06", "2023-09-07"]),
    # a calendar: month headings alone on a line, rows with weekday and time, a fiscal year in a row
    ("10月(2023年)\n・2日(月)10時 健康教室\n・7日(土) 9時30分 令和5年度 文化祭\n・14日(土)13時 清掃\n11月\n・3日(金)10時ー12時 講演会\n",
     ["2023-10", "2023-10-02T10:00", "2023-10-07T09:30", "FY2023", "2023-10-14T13:00", "2023-11",
      "2023-11-03T10:00"]),
])
def test_rows_of_a_schedule_opening_with_their_day(text, expected):
    assert values(text) == expected


@pytest.mark.parametrize("text", [
    "令和5年4月の利用状況\n1日 平均 320人\n",  # one row opening with a day is no schedule
    "令和5年4月\n30日 以内に届け出てください。\n15日 以内に返還してください。\n",  # two: still no run
])
def test_a_stray_day_at_a_line_start_is_no_row_of_a_schedule(text):
    assert [v for v in values(text) if v.count("-") == 2] == []


def test_a_month_with_its_year_in_brackets_after_it():
    assert values("行事予定 3月(2025年)") == ["2025-03"]


@pytest.mark.parametrize("text, expected", [
    ("出生数は、令和二年が減少、三年が横ばい、四年の増加で持ち直した。", ["2020", "2021", "2022"]),
    ("平成25年は12件、26年は15件であった。", ["2013", "2014"]),
    ("平成元年に開館し、十年が経過した。", ["1989"]),  # a span of years, not a year
    ("令和五年は好調だったが、三年の水準には届かない。", ["2023"]),  # not later: no sequel
    ("五年が経過した。", []),  # no era year before it
])
def test_an_era_less_year_going_on_from_an_era_year(text, expected):
    assert values(text) == expected


@pytest.mark.parametrize("text, doc_date, expected", [
    ("▽三月分の給与", "2020-05-10", ["2020-03"]),
    ("家計調査(十一月結果)", "2020-01-10", ["2019-11"]),
    ("令和2年7月6日月曜日10時 開会", None, ["2020-07-06T10:00"]),
])
def test_a_month_named_for_its_portion_and_a_weekday_without_brackets(text, doc_date, expected):
    assert values(text, doc_date) == expected


@pytest.mark.parametrize("text, expected", [
    ("令和5年11月8日付通知では、…とされた。その後、法律が11月8日に公布された。",
     ["2023-11-08", "2023-11-08"]),
    ("令和3年2月1日に契約し、令和4年3月31日まで延長した。なお、2月1日付の協定により実施する。",
     ["2021-02-01", "2022-03-31", "2021-02-01"]),
])
def test_a_yearless_day_repeating_a_day_written_with_its_year(text, expected):
    assert values(text) == expected


@pytest.mark.parametrize("text, doc_date, expected", [
    # read alone, 2月 and 3月 are nearer next year; the later months of the sentence say this year
    ("改修工事は2月から着手され、7月末に完了し、10月中旬に供用開始の見込みです。", "2023-09-20",
     ["2023-02", "2023-07", "2023-10"]),
    ("3月から調査を始め、8月末に結果をまとめた。", "2021-09-25", ["2021-03", "2021-08"]),
    # months in order stay as read
    ("11月から着工し、翌年3月末に完成する予定です。", "2021-09-25", ["2021-11", "2022-03"]),
    ("10月から公募し、2月末に決定する予定です。", "2021-09-25", ["2021-10", "2022-02"]),
])
def test_yearless_months_of_one_sentence_are_told_in_order(text, doc_date, expected):
    assert values(text, doc_date) == expected


@pytest.mark.parametrize("text, expected", [
    ("令和7年度 当初予算要求額 事業概要 来年度に実施する件数を見直した。", ["FY2025", "FY2025"]),
    ("令和3年度予算案の概要 今年度の実績を踏まえ、来年度は拡充する。", ["FY2021", "FY2020", "FY2021"]),
    # a speech proposing next year's budget, its session named by the calendar year
    ("令和4年第1回定例会 本定例会に提出しました令和4年度一般会計予算は、来年度の施策を…", ["2022", "FY2022", "FY2022"]),
    # a supplementary budget is voted within its year
    ("令和4年第3回定例会 令和4年度一般会計補正予算について、来年度も継続します。", ["2022", "FY2022", "FY2023"]),
])
def test_relative_fiscal_years_in_an_undated_budget_draft(text, expected):
    assert values(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("区分 令和4年 度 決算額 令和5年 度 予算額", ["FY2022", "FY2023"]),
    ("平成29年度予算 30年 度 見込額", ["FY2017", "FY2018"]),
    ("2021年\u3000度 実績", ["FY2021"]),
    # 年度 broken over a line end
    ("子ども読書推進計画(令和3~7年\n度)に基づき実施する。", ["FY2021", "FY2025"]),
    ("令和6年\n度の予算に計上した。", ["FY2024"]),
])
def test_a_letter_spaced_fiscal_year(text, expected):
    assert values(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("町は二〇二三年度から三年間の計画をまとめた。二五年度には全庁で導入する。", ["FY2023", "FY2025"]),
    ("二四年度の予算に計上する。", ["FY2024"]),
    ("平成十一年度に開館した。", ["FY1999"]),  # an era year in kanji counts with 十
])
def test_a_short_gregorian_fiscal_year_in_kanji_digits(text, expected):
    assert values(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("令和6年度の目標として、利用率を2月末の35%から60%に高める。", ["FY2024", "2024-02"]),
    ("令和6年度の目標は、12月時点の80件から150件へ増やすこと。", ["FY2024", "2023-12"]),
    ("令和6年度は、2月に説明会を開く。", ["FY2024", "2025-02"]),  # a month of the fiscal year
])
def test_the_dated_figure_a_targets_change_starts_from(text, expected):
    assert values(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("県は「推進方針」(令和3年\n9月28日決定)に沿って進める。", [("2021-09-28", "令和3年\n9月28日")]),
    ("町は基本計画を2022年\n3月30日に策定した。", [("2022-03-30", "2022年\n3月30日")]),
])
def test_a_date_wrapped_after_its_year(text, expected):
    t = nfkc(text)
    assert [(m.value, t[m.start:m.end]) for m in find_dates(t)] == expected


@pytest.mark.parametrize("text, expected", [
    ("令和3年\n9月28日 決定", ["2021", "2021-09-28"]),  # a year on a line of its own: a heading row
    ("令和3年度\n4月1日 施行", ["FY2021", "2021-04-01"]),
])
def test_a_year_heading_its_own_line_is_not_wrapped_onto_the_next(text, expected):
    assert values(text) == expected


@pytest.mark.parametrize("text, expected", [
    # an undated article on a budget still to be voted: days and months of the session before the year
    ("西山村は27日、令和7年度当初予算案を発表した。3月4日開会の村議会に提出する。",
     ["2025-02-27", "FY2025", "2025-03-04"]),
    ("令和5年度当初予算が、2月28日から3月15日まで開かれた定例会で可決されました。",
     ["FY2023", "2023-02-28", "2023-03-15"]),
    ("平成30年度の一般会計当初予算(案)を提出します。11月に実施した調査では、受注が増えました。",
     ["FY2018", "2017-11"]),
    # a budget amended within the year names no session before it: its months stay in the year
    ("令和5年度補正予算で、2月に工事を発注した。", ["FY2023", "2024-02"]),
])
def test_an_undated_budget_proposal_counts_from_its_session(text, expected):
    assert values(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("令和5年度の一般会計は、前年度比4.2%増の80億円。", ["FY2023", "FY2022"]),
    ("平成30年度の市税収入は、前年度と比べて1億円減った。", ["FY2018", "FY2017"]),
    ("2019年度の人件費は減少した(前年度比-12,300千円)。", ["FY2019", "FY2018"]),
    ("令和2年度の決算額は前年度(補正後)比3.1%増となった。", ["FY2020", "FY2019"]),
    # headings and labels name no year
    ("令和4年度 本年度予算額 前年度予算額 比較", ["FY2022"]),
    ("令和4年度決算 対前年度 増減額", ["FY2022"]),
    ("令和4年度 前年度比", ["FY2022"]),
    # no fiscal year written before it: which year is not said
    ("前年度と比べて3%増えた。", []),
])
def test_the_previous_fiscal_year_standing_alone(text, expected):
    assert values(text) == expected


@pytest.mark.parametrize("text, doc_date, expected", [
    ("新年度の事業が始まりました。", "2023-05-10", ["FY2023"]),  # just begun
    ("新年度予算案を提出します。", "2023-02-20", ["FY2023"]),  # starting next
    ("新年度予算の編成に着手した。", "2023-11-01", ["FY2024"]),
])
def test_the_new_fiscal_year_is_the_next_to_start_or_the_one_just_begun(text, doc_date, expected):
    assert values(text, doc_date) == expected


@pytest.mark.parametrize("text, doc_date, expected", [
    ("町長が毎年の3月議会において次年度の方針を示します。", "2020-03-05", []),
    ("例年、新年度の行事に議員も出席します。", "2020-03-05", []),
    ("次年度の方針を示します。", "2020-03-05", ["FY2020"]),
])
def test_a_relative_year_in_a_habitual_sentence_names_none(text, doc_date, expected):
    assert values(text, doc_date) == expected


@pytest.mark.parametrize("text, doc_date, expected", [
    ("去る11月9日に委員会を開きました。", "2005-11-01", ["2005-11-09"]),  # a month given as its 1st
    ("去る12月20日に委員会を開きました。", "2005-11-01", ["2004-12-20"]),
])
def test_a_past_day_in_the_reference_month_stays_in_its_year(text, doc_date, expected):
    assert values(text, doc_date) == expected


@pytest.mark.parametrize("text, doc_date, expected", [
    ("令和2年第2回(6月)定例会", None, ["2020", "2020-06"]),
    ("本日招集されました12月市議会臨時会について", "2008-12-01", ["2008-12"]),
])
def test_a_session_month_named_with_its_session(text, doc_date, expected):
    assert values(text, doc_date) == expected


@pytest.mark.parametrize("text", [
    "令和7年度予算案について\n3月4日開会の定例会に提出する。",
    "令和7年度当初予算案\n町議会3月定例会に上程",
])
def test_a_day_given_its_year_by_a_fiscal_year_is_no_document_date(text):
    assert document_date(nfkc(text)) is None and session_reference(nfkc(text)) is None


@pytest.mark.parametrize("text, expected", [
    ("令和3年6月10日 議 長 午前10時00分開議 ただいまから会議を開きます。", ["2021-06-10T10:00"]),
    ("平成30年9月3日 委員長 午後1時30分開会", ["2018-09-03T13:30"]),
    # a time of something else, or after a clause: the day alone
    ("令和3年6月10日に説明会、午前10時00分開始", ["2021-06-10"]),
    ("令和3年6月10日 議長 午前10時00分まで", ["2021-06-10"]),
])
def test_the_opening_time_after_a_speakers_label(text, expected):
    assert values(text) == expected


@pytest.mark.parametrize("text, expected", [
    # a newsletter: the session's days before the years it reports, the session's own year after them
    ("定例会は会期を3月4日∼\n8日までと決め、令和4年度補正予算、令和5年度予算を審議しました。\n令和5年\n第1回定例会",
     ["2023-03-04", "2023-03-08", "FY2022", "FY2023", "2023"]),
    # a headline's era-less fiscal year before the lead that writes the era
    ("山川町5年度予算案\n\n山川町議会の令和5年第1回定例会が開会した。", ["FY2023", "2023"]),
    ("32年度まで", []),  # no era anywhere: never a guess
])
def test_a_newsletters_session_year_and_a_headlines_fiscal_year(text, expected):
    assert values(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("東山町は20日、新年度予算案を発表した。前年度比2.1%増で、3月3日開会の定例会に提出する。令和7年度末の基金残高は12億円。",
     ["2025-02-20", "FY2025", "FY2024", "2025-03-03", "FY2025"]),
    ("新年度予算案を発表した。3月3日開会の定例会に提出する。", ["--03-03"]),  # no year written: none invented
])
def test_news_of_the_new_years_budget_counts_from_the_latest_year_written(text, expected):
    assert values(text) == expected
