"""pipeline.extractors.figures: texts that hold numbers but no figure."""
from __future__ import annotations

import unicodedata

import pytest

from pipeline.extractors.figures import find_figures

MUST_NOT_MATCH = [
    # dates and times (the dates extractor owns them; figures guards itself too)
    "2019年に策定した。",
    "令和3年10月に改定した。",
    "平成 28 年に設置された。",
    "R5年の計画",
    "2021年度から実施する。",
    "令和6年度予算",
    "5月12日に開催した。",
    "市は14日、計画を公表した。",
    "8月3日(水)に説明会を開く。",
    "7月21日(日)\n会場 市民会館 2\n定員 先着順 50",
    "午前10時30分に開会した。",
    "受付は9:30から。",
    "2023/4/1施行",
    # numbering of lists, articles, bills, sessions, editions
    "(1) 概要",
    "1. はじめに",
    "第5条の規定により",
    "議案第23号について",
    "第212回国会",
    "第3版を公開した。",
    "第2期計画",
    "第三者機関",
    "No.12の資料",
    "中学3年の生徒",
    "県立高校の全県民",
    # numbers inside names, versions, codes
    "Windows 11を導入した。",
    "Microsoft 365 ライセンスを配布した。",
    "Surface Laptop 5を配備",
    "Office2019からの移行",
    "A3用紙に印刷する。",
    "iPhone 14を支給",
    "Ver.3.2に更新した。",
    "v2.1の仕様",
    "5Gの基地局",
    # phone numbers, postal codes, URLs, addresses
    "電話 03-1234-5678",
    "〒160-0023 東京都",
    "https://example.jp/2022/04/ を参照",
    "中央1-2-3",
    # ordinals and ranks
    "3回目の会議",
    "2年目の職員",
    "1階層目の情報",
    "5番目の項目",
    "1位を獲得した。",
    # rates' denominators and partitives
    "1件あたりの経費",  # (1人あたり counts the head: test_figures, test_figures_list_layouts)
    "1日当たりの件数",
    "その機能の1つである。",
    "もう一つの課題",
    # vague numbers
    "何百件もの問い合わせ",  # 何/幾: a number not given at all (数十人 is a bounded figure, test_figures)
    "何十年も前",
    # words that begin with a numeral or a counter
    "十分な検討が必要だ。",
    "一部の職員",
    "一方で課題もある。",
    "一時的に停止した。",
    "一番多い意見",
    "四日市市の取組",
    "六本木の事務所",
    "二本松市と六ヶ所村",
    "八戸市と連携",
    "千歳市の職員",
    "5人口動態",
    "〇〇人が参加",
    "金額は千円単位で表示している。",
    # a numbered heading, then a word that starts with a counter character
    "1 人事異動について",
    # a numbered table, figure or attachment
    "表3 地区別の内訳",
    "図2 施設の配置",
    "資料1 会議録",
    # a day of an event (the dates extractor's), words that begin with a new counter
    "22日の記者会見で述べた。",
    "9日の定例会で可決した。",
    "30日付で辞職した。",
    "3クラスターが確認された。",
    "「三層の対策」を見直す。",
    # a vague share
    "半分以上は職員が作った。",
    # a unit header's table without rows: the header itself is no amount
    "│区分│金額(千円)│",
]


@pytest.mark.parametrize("text", MUST_NOT_MATCH)
def test_must_not_match(text):
    normalized = unicodedata.normalize("NFKC", text)
    assert [normalized[f.start:f.end] for f in find_figures(normalized)] == []


@pytest.mark.parametrize("text, kept", [
    ("2019年から3年間実施した。", ["3年間"]),
    ("令和4年度は職員40人で対応した。", ["40人"]),
    ("7月1日から約2週間募集した。", ["約2週間"]),
    ("第2期では5件を採択した。", ["5件"]),
    ("Windows 10端末を1,200台更新した。", ["1,200台"]),
    ("1日あたり20分の短縮", ["20分"]),
    ("市は14日、3億円の補正予算案を発表した。", ["3億円"]),
    ("審査期間を5日に短縮した。", ["5日"]),
    ("1都3県の県立高校", ["3県"]),
    ("地図2枚を配布した。", ["2枚"]),  # 地図 is no caption
    ("3日間の会議を開いた。", ["3日間"]),  # a duration before の会議
    ("Android 13端末を500台配布", ["500台"]),
    ("参加者は数十人、職員数120人", ["数十人", "120人"]),  # 数十人 is bounded (10–90); 職員数 is a noun
    ("調整は5人日程で行う", []),  # 日程 (a schedule) is no 人日 figure
    # letter-spaced column headings: 年 度 is a fiscal year (the cells below stay amounts)
    ("前 年 度 予 算 額 19年 度 当 初 要 求 額 20年 度", []),
    ("平成 3年 度 決 算 と 3年間 の 推 移", ["3年間"]),
    # ordinals written in kana; めど (a target) makes none
    ("続いて2項目め、防災について伺います。", []),
    ("3つめの課題は人材の確保です。", []),
    ("整備は5年めどに完了する。", ["5年"]),
    # a day glued to an event noun, as headlines write it (a span says 日間)
    ("新庁舎で9日開庁 窓口を集約", []),
    ("改正条例が1日施行、手数料を改定", []),
    ("講座は3日間開催する。", ["3日間"]),
    # a newspaper's page after its issue or date; the count of pages in prose stays
    ("2021年5月8日付1203号18面から転載", []),
    ("同日の朝刊3面に掲載された。", []),
    ("広報紙は全8面で構成する。", ["8面"]),
    # a count in kanji that ends a quoted title of a work; the count in prose stays
    ("「古今集恋歌百首」を朗読した。", []),
    ("短歌を三十首詠んだ。", ["三十首"]),
    # a post or office that opens with a counter word
    ("副市長 山本健二 会計管理者 田中誠", []),
    ("収入は会計課で受け付ける。", []),
    # place names that open with a counter (a line number before them)
    ("午後1時2 館山市民会館", []),
])
def test_only_the_figure_is_kept(text, kept):
    normalized = unicodedata.normalize("NFKC", text)
    assert [normalized[f.start:f.end] for f in find_figures(normalized)] == kept
