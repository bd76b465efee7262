"""pipeline/extractors/document_title.py: the first title-like line, cleaned."""
from __future__ import annotations

import pytest

from pipeline.extractors.document_title import clean_line, document_title, title_like


@pytest.mark.parametrize(("text", "given", "expected"), [
    # a heading, Markdown marks and stray bullets removed
    ("## デジタル化推進特別委員会行政視察概要\n\n1 視察月日", None, "デジタル化推進特別委員会行政視察概要"),
    ("## ＠ 文教委員会\n\n内容", None, "文教委員会"),
    ("**DX推進計画の改定について**\n本文。", None, "DX推進計画の改定について"),
    ("■ 会議録\n", None, "会議録"),
    # letter-spaced lines are rejoined; a greeting and a year alone are skipped
    ("こ ん に ち は 。\n令 和 ７ 年 度\n文 教 委 員 会 行 政 視 察 報 告 書\n本文です。", None, "文教委員会行政視察報告書"),
    # a date line, a page number and a URL are skipped
    ("2018年4月4日 11:42\n熊本市の働き方改革\n熊本市は3日、発表した。", None, "熊本市の働き方改革"),
    ("令和7年3月1日（土）\n- 1 -\nhttps://www.city.example.jp/\n市長あいさつ\n", None, "市長あいさつ"),
    # a heading wrapped after a comma continues on the next line
    ("住民サービス向上と働き方改革に向け、\nコロナ禍でクラウドを積極活用する京都府\n\n京都府\n", None,
     "住民サービス向上と働き方改革に向け、コロナ禍でクラウドを積極活用する京都府"),
    # a title the format named wins unless it is just the first line
    ("本文の一行目です。\n", "DX推進計画 | 札幌市", "DX推進計画 | 札幌市"),
    ("2020/04/01\n議事録\n", "2020/04/01", "議事録"),
    # a label naming the kind of document or its addressee gives way to the subject
    ("報道発表資料\n令和6年6月18日\n生成AIの全庁導入について\n", None, "生成AIの全庁導入について"),
    ("【インタビュー】\n市長に聞く、DXの今\n", None, "市長に聞く、DXの今"),
    ("前橋市議会議長 石原 健一 様\n令和5年度 職員のテレワーク実施状況について(報告)\n", None,
     "令和5年度 職員のテレワーク実施状況について(報告)"),
    ("報道関係者各位\n", None, "報道関係者各位"),
    ("導入事例|富山県高岡市様\n本文。", None, "導入事例|富山県高岡市様"),
    # no title-like line: the first sentence, cut short
    ("本日は晴天です。明日も晴れるでしょう。\n", None, "本日は晴天です。"),
    ("皆様、いつもありがとうございます。\n" + "あ" * 90 + "。\n", None, "あ" * 39 + "…"),
    ("", None, None),
])
def test_document_title(text, given, expected):
    assert document_title(text, given) == expected


@pytest.mark.parametrize("line", [
    "こんにちは。", "おはようございます", "拝啓 新緑の候", "2018年4月4日 11:42", "令和4年7月21日（木）", "2025/04/01",
    "令和7年度", "2016年", "- 3 -", "12 / 40", "https://example.jp/a", "※※※", "ab",
    "行政手続きを原則、電子申請に統一するデジタルファースト法案が成立した。",
])
def test_not_a_title(line):
    assert title_like(clean_line(line)) is None


@pytest.mark.parametrize(("line", "expected"), [
    ("令 和 ７ 年 度 予 算 案", "令和7年度予算案"), ("### 1. 概要 ###", "概要"), ("> 引用の見出し", "引用の見出し"),
])
def test_clean_line(line, expected):
    assert clean_line(line) == expected
