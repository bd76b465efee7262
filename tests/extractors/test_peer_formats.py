"""The formats two peer libraries read, written as our own cases in their style.

ja-timex (yagays/ja-timex) reads calendar dates in every separator, era and truncated
form; pyNormalizeNumExp (tkscode/pyNormalizeNumExp) reads numbers with signs, vague
multiples (数十, 十数), ranges and counters. The cases below are written for this project
(not copied from either library) to cover the same ground, with expected values in our
conventions (README, "Figures: conventions"). Each table is scored as a whole: the pass
rate is printed and must stay at or above ``PASS_RATE``; the must-not-match tables must
pass completely.
"""
from __future__ import annotations

import pytest

from pipeline.extractors.dates import find_dates
from pipeline.extractors.figures import find_figures
from pipeline.normalize import normalize

PASS_RATE = 0.95
DOC_DATE = "2024-06-10"

# (text, document date, values of the dates found, in order)
JA_TIMEX_STYLE = [
    ("2022年8月5日に開始した。", DOC_DATE, ["2022-08-05"]),
    ("開始日 2022/8/5", DOC_DATE, ["2022-08-05"]),
    ("開始日 2022-8-5", DOC_DATE, ["2022-08-05"]),
    ("開始日 2022.8.5", DOC_DATE, ["2022-08-05"]),
    ("開始日 2022.08.05", DOC_DATE, ["2022-08-05"]),
    ("開始日 2022・8・5", DOC_DATE, ["2022-08-05"]),
    ("開始日 2022,8,5", DOC_DATE, ["2022-08-05"]),
    ("2022年/8月/5日に受付", DOC_DATE, ["2022-08-05"]),
    ("2022年8月に策定した。", DOC_DATE, ["2022-08"]),
    ("策定 2022/8", DOC_DATE, ["2022-08"]),
    ("策定 2022.8", DOC_DATE, ["2022-08"]),
    ("2022年に策定した。", DOC_DATE, ["2022"]),
    ("次回は8/5に開く。", DOC_DATE, ["2024-08-05"]),
    ("次回は8/5(月)に開く。", DOC_DATE, ["2024-08-05"]),
    ("期間は8/5~8/9です。", DOC_DATE, ["2024-08-05", "2024-08-09"]),
    ("12/10に説明会", DOC_DATE, ["2024-12-10"]),
    ("西暦2022年に改定", DOC_DATE, ["2022"]),
    ("西暦2022年8月に改定", DOC_DATE, ["2022-08"]),
    ("西暦2022/8/5改定", DOC_DATE, ["2022-08-05"]),
    ("令和4年に制定", DOC_DATE, ["2022"]),
    ("令和04年に制定", DOC_DATE, ["2022"]),
    ("令和4年8月5日に制定", DOC_DATE, ["2022-08-05"]),
    ("令和元年に制定", DOC_DATE, ["2019"]),
    ("令和1年に制定", DOC_DATE, ["2019"]),
    ("平成元年に竣工", DOC_DATE, ["1989"]),
    ("平成31年に竣工", DOC_DATE, ["2019"]),
    ("昭和元年に創立", DOC_DATE, ["1926"]),
    ("昭和63年に竣工", DOC_DATE, ["1988"]),
    ("大正14年に開校", DOC_DATE, ["1925"]),
    ("明治40年に開校", DOC_DATE, ["1907"]),
    ("R4年8月5日に制定", DOC_DATE, ["2022-08-05"]),
    ("制定 R4/8/5", DOC_DATE, ["2022-08-05"]),
    ("制定 H30.4.1", DOC_DATE, ["2018-04-01"]),
    ("制定 令和4・8・5", DOC_DATE, ["2022-08-05"]),
    ("制定 令和4-8-5", DOC_DATE, ["2022-08-05"]),
    ("改定 令和4.8", DOC_DATE, ["2022-08"]),
    ("98年4月に開館した。", DOC_DATE, ["1998-04"]),
    ("西暦98年4月に開館した。", DOC_DATE, ["1998-04"]),
    ("21年4月に開館した。", DOC_DATE, ["2021-04"]),
    ("2021年度に着手", DOC_DATE, ["FY2021"]),
    ("2022年8月末に完了", DOC_DATE, ["2022-08"]),
    ("2022年8月中旬に完了", DOC_DATE, ["2022-08"]),
    ("2022年8月5日(金)に開催", DOC_DATE, ["2022-08-05"]),
    ("令和4年8月5日午後3時から", DOC_DATE, ["2022-08-05T15:00"]),
    ("会期は2012/4/3~6の4日間", DOC_DATE, ["2012-04-03", "2012-04-06"]),
    ("会期は2012/3/8~3/10です。", DOC_DATE, ["2012-03-08", "2012-03-10"]),
    ("2022年8月1日に申請し、同月10日に交付した。", DOC_DATE, ["2022-08-01", "2022-08-10"]),
    ("2022年8月の会期は10日から20日までとする。", DOC_DATE, ["2022-08", "2022-08-10", "2022-08-20"]),
    ("7月18日に開催する。", DOC_DATE, ["2024-07-18"]),
    ("7月18日に開催する。", None, ["--07-18"]),
    ("次回は8/5に開く。", None, ["--08-05"]),
    ("四月一日に施行する。", None, ["--04-01"]),
]

# texts in which ja-timex's kind of grammar must find no date
JA_TIMEX_STYLE_NEGATIVE = [
    "バージョン2.1.3に更新した。",
    "Ver.3.4を導入",
    "iOS 16.2 に対応",
    "型番AB-2022-04を使用",
    "電話03-1234-5678まで",
    "TEL 0120-123-456",
    "第3回の会議",
    "補助率は1/2とする。",
    "賛成は3/4を超えた。",
    "2022人が参加した。",
    "今後10年間で整備する。",
    "3日間の研修",
    "約10年かかる。",
    "30年ぶりの改修",
    "ISO 9001:2015の認証",
    "Windows 11へ移行",
    "1.5倍に増えた。",
    "98年間続いた。",
]

# (text, figures found: (value, value_max, unit), in order)
NUMEXP_STYLE = [
    ("参加者は3,244人だった。", [(3244, None, "人")]),
    ("費用は３，４５６，７８９円だった。", [(3456789, None, "円")]),
    ("基金は百二十三万四千五百六十七円である。", [(1234567, None, "円")]),
    ("前年より+3,244人増えた。", [(3244, None, "人")]),
    ("前年より＋3,244人増えた。", [(3244, None, "人")]),
    ("増減は-3,244人であった。", [(-3244, None, "人")]),
    ("収支はマイナス120万円となった。", [(-1200000, None, "円")]),
    ("差引 △3,244千円", [(-3244000, None, "円")]),
    ("伸び率は▲5.2%となった。", [(-5.2, None, "%")]),
    ("面積は3,244.15haである。", [(3244.15, None, "ha")]),
    ("9.3万円の負担", [(93000, None, "円")]),
    ("定員は10~20人とする。", [(10, 20, "人")]),
    ("料金は１００〜２００円です。", [(100, 200, "円")]),
    ("定員は5人~8人です。", [(5, 8, "人")]),
    ("時速50km~60kmで走行する。", [(50, 60, "km")]),
    ("時速50kmから時速60kmで走行する。", [(50, 60, "km")]),
    ("50キロから60キロの範囲", [(50, 60, "キロ")]),
    ("数十人が集まった。", [(10, 90, "人")]),
    ("十数人が集まった。", [(11, 19, "人")]),
    ("数万円の費用", [(10000, 90000, "円")]),
    ("百数十台を配備した。", [(110, 190, "台")]),
    ("十数万円の費用", [(110000, 190000, "円")]),
    ("一万数千人が来場した。", [(11000, 19000, "人")]),
    ("数千万円の事業", [(10000000, 90000000, "円")]),
    ("数百億円規模", [(10000000000, 90000000000, "円")]),
    ("打率は3割4分5厘だった。", [(3.45, None, "割")]),
    ("2USドルの手数料", [(2, None, "ドル")]),
    ("5ユーロの手数料", [(5, None, "ユーロ")]),
    ("100万ドルを投資", [(1000000, None, "ドル")]),
    ("犬30匹を保護した。", [(30, None, "匹")]),
    ("牛5頭を飼育", [(5, None, "頭")]),
    ("鶏12羽を飼育", [(12, None, "羽")]),
    ("住宅3棟を建設", [(3, None, "棟")]),
    ("120戸が入居", [(120, None, "戸")]),
    ("コーヒー2杯", [(2, None, "杯")]),
    ("図書15冊を購入", [(15, None, "冊")]),
    ("小学校8校で実施", [(8, None, "校")]),
    ("保育所4園で実施", [(4, None, "園")]),
    ("その約十人が残った。", [(10, None, "人")]),
    ("三人以上で行う。", [(3, None, "人")]),
    ("お茶を10本強飲んだ。", [(10, None, "本")]),
    ("お茶を1本半飲んだ。", [(1.5, None, "本")]),
    ("七〇〇万円の予算", [(7000000, None, "円")]),
    ("それは¥100だ。", [(100, None, "円")]),
    ("砂糖3kgを購入", [(3, None, "kg")]),
    ("事業費は5億円から7億円程度を見込む。", [(500000000, 700000000, "円")]),
    ("処理速度は2.5倍になった。", [(2.5, None, "倍")]),
    ("端末は1人1台を配備する。", [(1, None, "人"), (1, None, "台")]),
    ("地上31階建て", [(31, None, "階")]),
    ("2支所と3館で実施", [(2, None, "支所"), (3, None, "館")]),
    ("4路線を運行", [(4, None, "路線")]),
    ("5組が参加", [(5, None, "組")]),
]

# texts in which no figure must be found
NUMEXP_STYLE_NEGATIVE = [
    "第3回定例会",
    "Windows 11へ移行",
    "iPhone 15を配布",
    "Ver.2.0に更新",
    "電話03-1234-5678まで",
    "フリーダイヤル0120-123-456",
    "No.5の資料",
    "型番KX-200を採用",
    "5Gの整備",
    "第2条の規定",
    "そうだ、京都いこう",
    "ISO9001の認証",
    "バージョン2.1.3",
    "令和5年に開始",
]


def _dates(text: str, doc_date: str | None) -> list[str]:
    return [m.value for m in find_dates(normalize(text).text, doc_date)]


def _figures(text: str) -> list[tuple]:
    return [(m.value, m.value_max, m.unit) for m in find_figures(normalize(text).text)]


def _rate(results: list[bool]) -> float:
    return sum(results) / len(results)


def _report(name: str, cases, results) -> None:
    failed = [c[0] for c, ok in zip(cases, results) if not ok]
    print(f"\n{name}: {sum(results)}/{len(results)} = {_rate(results):.3f}; failed: {failed}")


def test_ja_timex_style_dates():
    results = [_dates(text, doc_date) == expected for text, doc_date, expected in JA_TIMEX_STYLE]
    _report("ja-timex style", JA_TIMEX_STYLE, results)
    assert _rate(results) >= PASS_RATE


def test_numexp_style_figures():
    results = [_figures(text) == expected for text, expected in NUMEXP_STYLE]
    _report("pyNormalizeNumExp style", NUMEXP_STYLE, results)
    assert _rate(results) >= PASS_RATE


@pytest.mark.parametrize("text", JA_TIMEX_STYLE_NEGATIVE)
def test_no_date_in(text):
    assert _dates(text, DOC_DATE) == []


@pytest.mark.parametrize("text", NUMEXP_STYLE_NEGATIVE)
def test_no_figure_in(text):
    assert _figures(text) == []
