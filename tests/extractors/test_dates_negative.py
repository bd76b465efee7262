"""Texts that must yield no date: durations, ages, counters, numbering, generic months,
names with numbers, phone numbers, money, times alone."""
from __future__ import annotations

import unicodedata

import pytest

from pipeline.extractors.dates import find_dates

MUST_NOT_MATCH = [
    # durations
    "今後5年間で整備する。",
    "約半年間の試行を経て",
    "3か月の研修を実施",
    "2年ぶりに開催された。",
    "10年来の課題",
    "2000年以上の歴史がある。",
    "約1500年前の遺跡",
    "3日間の日程で",
    "1日あたり20件を処理",
    "2日連続で発生",
    # ages, grades, counters, ordinals
    "30歳以上の職員",
    "小学5年生を対象に",
    "3年目の職員",
    "3回目の会合",
    "導入から2年目",
    # numbering and editions
    "第2版を公開した。",
    "地方自治法第179条",
    "議案第17号",
    "第426回定例会",
    "白書2021年版によると",
    "令和3年度版の手引き",
    # generic months and times alone
    "4月は窓口が混雑する。",
    "毎年7月に実施している。",
    "毎年4月から受付を始める。",
    "例年10月以降は窓口が混み合う。",
    "正午から受付",
    "午後5時まで開庁する。",
    "11:42に到着",
    "午前10時から受付",
    # names, codes, money, quantities
    "Windows 10の端末",
    "Microsoft 365を導入",
    "Surface Pro 6を配備",
    "電話 03-1234-5678",
    "〒530-0001",
    "価格は2018円",
    "1,000年に一度の災害",
    "1000年に一度の大雨",
    "1300年の歴史を持つ寺",
    "千年の歴史",
    "2020%",
    "ISO 27001を取得",
    "1.5倍に増加",
    "AFY2024",
    "2020年代の課題",
    # a day alone outside the news pattern, or without a document date
    "市は3日間の日程で",
    "職員が1日に処理する件数",
    "同年10月に改訂した。",
    "解像度は1920/1080",
    "今年4月に開始した。",
    "今年は、4月に開始した。",
    "昨年は11月ごろから準備を進めた。",
    # recurring seasons: generic months
    "繁忙期の4月は混雑する。",
    "閑散期の11月に点検する。",
    "例年の8月には休館する。",
    # a day or month of an event without any date to anchor it
    "15日の記者会見で述べた。",
]


@pytest.mark.parametrize("text", MUST_NOT_MATCH)
def test_must_not_match(text):
    assert find_dates(unicodedata.normalize("NFKC", text), None) == []


@pytest.mark.parametrize("text", ["市は3日間の日程で", "職員が1日に処理する件数", "会長が3日目に退席"])
def test_news_day_needs_the_safe_pattern_even_with_a_document_date(text):
    assert find_dates(text, "2023-05-15") == []


@pytest.mark.parametrize("text, expected", [
    ("令和4年7月21日、1日平均200件", ["2022-07-21"]),  # 、1日 is a rate, not a second day
    ("2022年7月1日、3日後に再開", ["2022-07-01"]),
    ("令和4年4月1日から3日間", ["2022-04-01"]),
])
def test_a_following_day_count_is_not_a_second_date(text, expected):
    assert [m.value for m in find_dates(text)] == expected
