"""Texts that must yield no product: generic technology nouns, English words that are also
product names, names of plans, projects, concepts and organizations, quantities."""
from __future__ import annotations

import unicodedata

import pytest

from pipeline.extractors.products import find_products

MUST_NOT_MATCH = [
    # generic nouns (GUIDELINES: not products)
    "チャットで連絡を取り合う。",
    "タブレットを配布した。",
    "タブレット端末を導入した。",
    "BYODを推進している。",
    "B Y O D を認めている。",
    "テレワークを導入した。",
    "クラウド化を進める。",
    "クラウドサービスを活用する。",
    "LGWAN系の端末",
    "LGWAN-ASPを利用",
    "グループウェアを導入した。",
    "Web会議を活用している。",
    "メールを確認する。",
    "スマートフォンを貸与",
    "パソコンを更新",
    "PCを配備",
    "AIを活用した議事録作成",
    "RPAを導入した。",
    "AI-OCRを導入した。",
    "DXを推進する。",
    "ICTを活用した教育",
    "IoTを活用",
    "SaaSを利用する。",
    "VPNを使わずに接続",
    "Wi-Fiを整備",
    "マイナンバーカードを活用した申請",
    "チャットボットを導入した。",
    "ローコード開発ツールを活用",
    "電子申請システムを導入",
    "ガバメントクラウドを利用する。",
    "「クラウド」を活用",
    "「テレワーク」を導入",
    # English words that are also product names
    "Word by word translation",
    "He will zoom in on the word.",
    "the box office",
    "Product Teams meet weekly.",
    "ON LINE SHOP",
    "data exchange format",
    "an excel lent outlook",
    "Boxingの試合",
    "WordPressで作成したサイト",  # a known product, but never Microsoft Word
    "検索ワードを入力",
    "キーワード検索",
    "パスワードを変更",
    # plans, projects, concepts, organizations, slogans in quotes
    "「大阪市ICT戦略」を策定した。",
    "「スマート自治体推進計画」を策定",
    "「デジタル田園都市構想」を推進",
    "「働き方改革プロジェクト」を立ち上げた。",
    "「デジタルファースト」というコンセプト",
    "「Government Cloud First Policy」と称した取り組み",
    "「DX推進本部」を立ち上げた。",
    "「地域情報化推進協議会」を設立",
    "『日常的に利用していないツールを災害時に利用することは難しい』と指摘があった。",
    "「週1回以上」利用している職員",
    "「自治体職員の働き方改革(仮称)」の検討",
    "Kobe Tech Leaders（神戸テックリーダーズ）を通じて",
    "LGWAN (エルジーワン)環境",
    "BYOD(Bring your own device)を導入",
    "Microsoft社製のソフト",
    "日本マイクロソフトと連携",
    "Microsoft Japanの担当者",
    "Google Summer of Codeに参加",
    # short capital acronyms in product contexts are generic terms
    "VDIを導入した。",
    "MDMを活用",
    "GISを利用",
]


@pytest.mark.parametrize("text", MUST_NOT_MATCH)
def test_no_product(text):
    found = find_products(unicodedata.normalize("NFKC", text))
    assert [m.product for m in found if m.product != "WordPress"] == []


MUST_NOT_MATCH_IN_REPORTS = [
    # annotations in parentheses after a kind noun
    "庁内ネットワーク(庁内LAN)を更改",
    "住民情報システム(NEC製)を更新",
    "電子申請システム(令和5年度導入)",
    "基幹系システム(住民記録、税務)",
    "文書管理システム(仮称)の構築",
    # makers are not products
    "Googleを活用した授業",
    "Microsoftを利用する",
    "Amazonの製品を導入",
    # generic services and concepts, even quoted
    "「書かない窓口」を導入した。",
    "「ふるさと納税」を活用",
    "「キャッシュレス決済」を導入",
    "「オンライン申請」を利用",
    "MaaSを導入する。",
    "「AI-OCR・RPA」を導入した。",
    "「チャット/Web会議」を活用",
    "SDGsを活用した学習",
    # a generic term spelled out, with its abbreviation or gloss (even quoted)
    "システム「ロボット・プロセス・オートメーション(RPA)」の活用",
    "「モノのインターネット(IoT)」を活用",
    "人工知能(AI)を導入",
    "Internet of Thingsを活用",
    "Optical Character Recognitionを導入",
    # makers named after their products are not the products
    "すららネットの担当者",
    "LINEヤフーと協定を締結",
    "Zoom Video Communicationsの発表",
    # words that contain a product name but mean something else
    "すらすら読める",
    "カード払いに対応",
    "マイクラウド環境",
    "一からスクラッチ開発",
    "ダイヤルパッドで番号を入力",
    "グループセッションを行う",
    "ON LINE SHOP LIVE",
]


@pytest.mark.parametrize("text", MUST_NOT_MATCH_IN_REPORTS)
def test_no_product_in_report_phrases(text):
    assert find_products(unicodedata.normalize("NFKC", text)) == []


@pytest.mark.parametrize("text, not_a_product", [
    # things of a product are not products of its brand
    ("LINE IDで友だち追加", "LINE ID"),
    ("Zoom URLは別途送付", "Zoom URL"),
    ("Google IDでログイン", "Google ID"),
])
def test_things_of_a_product_are_no_products(text, not_a_product):
    assert not_a_product not in [m.product for m in find_products(text)]


@pytest.mark.parametrize("text", [
    "この言葉は「古今集の仮名序」の導入部分から採られた。",
    "「春のうた十首」の導入部を朗読した。",
])
def test_the_opening_of_a_quoted_text_is_no_product(text):
    assert find_products(unicodedata.normalize("NFKC", text)) == []


@pytest.mark.parametrize("text", [
    "関連する「各種データ等」を用いて算出する。",
    "「アンケート結果など」を活用した。",
])
def test_a_quoted_open_list_is_no_product(text):
    assert find_products(unicodedata.normalize("NFKC", text)) == []
