"""products extractor: named software, cloud services, devices and public systems.

The recipe (on the normalized text):

1. gazetteer — every alias in ``rules/products.tsv`` goes into one character trie, keyed on
   the alias lower-cased without spaces and hyphens, so ``Office365``, ``office 365`` and the
   PDF-damaged ``O f f i c e 3 6 5`` reach the same entry. Matching is leftmost-longest;
   an edition written after the name (``Surface Pro 6``, ``Microsoft 365 E5``) extends it,
   and so does a tier any product may carry (``Google Workspace for Education Plus``,
   ``Box Enterprise``, ``Zoom Pro``, ``WinActor Ver.7``), also when it is named as a plan
   after the product (``Box：Business Plusプラン`` names Box Business Plus); after an edition
   the tier may be written in lower case (``Windows10 pro``). A brand the lexicon marks as a
   product line (edition ``module``) takes the module written after it: ``rakumo ワークフロー``,
   ``Graffer 電子署名アプリ``, ``MICJET MISALIO``.
2. grammar — names the gazetteer cannot know (a town's own system, a new service) in
   product contexts: ``サービス『X』``, ``「X」を導入``, ``X（…申請システム）``,
   ``地域情報ネットワーク(X)``, ``Xを活用``, ``Xというシステム``, ``Microsoft X``, labels
   (``製品名：X``, ``システムの名称は「X」``), a municipality's service named with its name
   (``北浜市防災アプリ``, ``静岡県オープンデータポータル``), and a new name of a known
   product: ``X（旧Twitter）``; a product line the lexicon does not know, listed as its modules
   (``X ワークフロー / X カレンダー``); the town's own name a known product is offered under
   (``『母子モ』…導入され、『かわづっこアプリ』として提供``); a maker's product after the maker
   (``ネオジャパンのAppSuite``).
3. analysis (when given) — GiNZA's product-like entities (GiNZA often labels products
   Book, Music, Award…) accepted only in the same product contexts and when they look like
   proper names (a Latin letter, or a word unidic knows as a proper noun); and services named
   with a place name unidic knows, written without 市 or 県 (``仙台データダッシュボード``).

Names found by 2 and 3 are filtered against ``rules/product_generic_words.txt`` (also a
generic term spelled out before its abbreviation: ``ロボティック・…(RPA)``); overlaps
are resolved gazetteer first, then grammar, then GiNZA, each leftmost-longest.
"""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from pipeline.extractors.organizations import kana_municipality_pattern, municipality
from pipeline.records import Product
from pipeline.rules import rule_column, rule_rows

NAME = "products"
# (prefectures and kana municipalities: read through organizations.municipality)
RULE_FILES: tuple[str, ...] = ("products.tsv", "product_context_aliases.tsv",
                               "product_generic_words.txt", "product_compound_heads.txt", "prefectures.tsv",
                               "kana_municipalities.tsv")



@dataclass(frozen=True)
class GazetteerEntry:
    canonical: str
    vendor: str | None
    category: str | None
    edition: str | None  # name of an EDITIONS grammar, or None


@dataclass(frozen=True)
class ProductMatch:
    """A product mention in normalized coordinates."""

    start: int
    end: int
    text: str
    product: str
    vendor: str | None
    category: str | None
    source: str  # 'gazetteer', 'quoted', 'grammar' or 'ginza'


# --------------------------------------------------------------------------- grammar blocks

# Editions written after a product name; a match makes its own product ("Surface Pro 6").
# The look-ahead keeps counts out: "Surface Pro 6台" is six Surface Pros, not a Surface Pro 6.
_EDITION_END = r"(?![0-9A-Za-z台人名個件枚本万%])"
EDITIONS: dict[str, re.Pattern] = {
    name: re.compile(r"[ -]?(?P<edition>" + body + ")" + _EDITION_END)
    for name, body in {
        "windows": r"95|98|2000|XP|Vista|7|8\.1|8|10|11",
        "year": r"(?:19|20)\d\d",
        "m365_plan": r"[AEFG][1-5]|Business ?(?:Basic|Standard|Premium)",
        "o365_plan": r"[AEFGK][1-5]|ProPlus|Business ?(?:Essentials|Premium)",
        "model_number": r"[1-9][0-9]?\+?",
        "iphone_model": r"(?:1[0-9]|[4-9]S?|X[RS]?|SE)(?: ?(?:Pro Max|Pro|Plus|mini))?",
    }.items()
}

# A module of a product line written after the line's brand: the lexicon marks such brands
# with the edition "module" (rakumo, Graffer, MICJET). The module is a katakana word
# (rakumo ワークフロー), a kanji noun naming an app or a system (Graffer 電子署名アプリ) or a
# capitals word after a space (MICJET MISALIO), and makes its own product, as an edition
# does; a noun that may follow any product in a compound is no module (rakumoサービス,
# … アカウント: rules/product_compound_heads.txt).
_KATAKANA_MODULE = r"[ァ-ヴ][ァ-ヴー・]*[ァ-ヴー](?![ァ-ヴー])"  # ワークフロー, スケジューラー・ボード
_MODULE_BODY = (rf"[ ]?(?P<edition>{_KATAKANA_MODULE}"
                r"|[\u4e00-\u9fff]{2,6}(?:アプリ|システム)(?![ァ-ヴー]))"
                r"|[ ](?P<latin>[A-Z][A-Z0-9]{2,})(?![A-Za-z0-9])")
MODULE = re.compile(_MODULE_BODY)

# A release or model number glued to a name without an edition grammar (ChatGPT4.0,
# ChatGPT3.5): the version in use, read with the name but no product of its own (as
# Garoon(Ver4.25) names Garoon); a decimal only, so counts and years stay out, and not after
# a device, where it is a screen size (アイパッドプロ10.5, a figure's business).
GLUED_VERSION = re.compile(r"\d+\.\d+" + r"(?![0-9A-Za-z台人名個件枚本万%倍])")

# Tiers and versions that any product may carry after its name (or after its own edition):
# the vendors' plan names (Google Workspace for Education Plus, Microsoft 365 Apps for
# enterprise, Box Business Plus, Zoom Pro, ChatGPT Enterprise, Windows 11 Pro) and written
# version numbers (WinActor Ver.7.4). Each makes a separate product, as editions do.
_AUDIENCE = r"(?i:for (?:education|business|enterprise|government|nonprofits?|home|work))"
_TIER_GRADE = r"(?:Starter|Basic|Standard|Plus|Premium|Essentials|Advanced|Pro|Fundamentals)"
_TIER_WORD = (r"(?:Business|Enterprise|Education|Frontline|Government|Home)"
              rf"(?: {_TIER_GRADE})?|Pro(?: Max)?|Plus|Standard|Premium|Basic|Starter"
              r"|Professional|Advanced|Essentials|Ultimate"
              # a deployment: the hosted or on-premises edition (Skype for Business Online)
              r"|Online|Server")
_VERSION = r"(?:Ver\.? ?|Version ?|バージョン ?|v(?=\d))\d+(?:\.\d+)*"
TIER_BODY = rf"{_AUDIENCE}(?: {_TIER_GRADE})?|{_TIER_WORD}|{_VERSION}"
# inside a tier of several words a line may break ("for\nEducation": PDF extraction)
TIER = re.compile(r"[ -]?(?P<edition>" + TIER_BODY.replace(" ", r"[ \n]") + ")" + _EDITION_END)
TIER_ANY_CASE = re.compile(r"[ -]?(?P<edition>(?i:" + _TIER_WORD + "))" + _EDITION_END)
# A tier named as a plan after the product: "Box：Business Plusプラン", "Zoomの Pro ライセンス";
# the record quotes the tier only (the product name is a mention of its own).
PLAN_AFTER = re.compile(rf"[ ]?(?:[:：]|の)[ ]?(?P<edition>{_TIER_WORD}|[AEFG][1-5])"
                        r"[ ]?(?=プラン|ライセンス|エディション|版|契約)")

# Nouns naming a kind of product: "リモートアクセスサービス『X』", "X（神戸市スマート申請システム）".
KIND = (r"(?:システム|サービス|アプリ(?:ケーション)?|ツール|ソフト(?:ウェア)?|プラットフォーム"
        r"|ポータル(?:サイト)?|サイト|ネットワーク|ネット|チャットボット|ボット|ソリューション"
        r"|パッケージ|エンジン|端末|デバイス|基盤|クラウド|ロボット)")
# Category nouns written before a quoted name: "クラウドPBX「X」", "AI型ドリル教材「X」",
# "RPA「X」", "AI-OCR「X」", "生成AI「X」", "グループウェア「X」".
CATEGORY_NOUN = (r"(?:PBX|教材|ドリル|RPA|OCR|AI|グループウェア|チャット|SaaS|GIS|LMS|CRM|決済"
                 r"|電子契約|電子印鑑)")
NAMING = rf"(?:{KIND}|{CATEGORY_NOUN}|名称|サービス名|製品名|システム名|アプリ名)"
USE_VERB = (r"(?:導入(?!部)|活用|利用|採用|使用|運用|配備|配布|搭載|開発|構築|立ち?上げ|提供|展開|インストール"
            r"|使[っいうえ]|用い)")
# What follows a product name: "を導入", "の活用", "立ち上げ", "というシステム"; only a few
# verbs follow without a particle (『X』導入, 『X』立ち上げ; 「週1回以上」利用 is no name).
# (導入部, 導入部分 is the opening of a text: 「…の歌」の導入部分 quotes a poem, no product.)
PRODUCT_CONTEXT_AFTER = (rf"(?:[をの]{USE_VERB}|(?:導入|立ち?上げ|搭載)"
                         rf"|と(?:いう|いった|の)(?:名称の|名前の)?{KIND})")

_LATIN_REST = r"[A-Za-z0-9]*(?:[-.+!&'’][A-Za-z0-9]+)*!?"
# (not the tail of an English phrase: "Internet of Things" holds no name "of Things")
LATIN_NAME = (rf"(?<![A-Za-z0-9])(?<![A-Za-z0-9] )[A-Za-z0-9]{_LATIN_REST}"
              rf"(?: [A-Z0-9]{_LATIN_REST}){{0,3}}")
KATAKANA_NAME = r"(?<![ァ-ヴー・])[ァ-ヴ][ァ-ヴー・]{2,}"
# A quoted name, maybe with its reading: 「CoDMON（コドモン）」 names CoDMON.
_QUOTED = (r"[「『](?P<name>[^「」『』()（）\n]{2,40}?)"
           r"(?P<reading>[(（][^()（）「」『』\n]{1,20}[)）])?[」』]")
# 「地域情報ネットワーク(X)」: a kind noun before the parentheses makes them the name.
_ENDS_IN_KIND = re.compile(rf"{KIND}$")
# After a quoted name also: 「X」などのアプリ
QUOTED_CONTEXT_AFTER = rf"(?:{PRODUCT_CONTEXT_AFTER}|(?:など|等)?の{KIND})"

_COINED_LATIN = r"(?=[A-Za-z0-9-]*[a-z])(?!IoT)[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*"
# Words that label a product's name: 製品名：X, サービス名は「X」.
PRODUCT_NAME_LABEL = r"(?:商品名|製品名|サービス名|システム名|アプリ名|ソフト名|ツール名)"
QUOTED_GRAMMAR: tuple[re.Pattern, ...] = (
    # サービス『X』, テレビ会議システム「X」, アプリ「X」
    re.compile(rf"{NAMING}{_QUOTED}"),
    # システムの名称は「X」, アプリの愛称を『X』とし, サービス名は「X」: the label names a
    # product's name (a bare 名称は「X」 names buildings, events and ships as well)
    re.compile(rf"(?:{PRODUCT_NAME_LABEL}|{KIND}の(?:名称|愛称))(?:は|を|が)[ ]?{_QUOTED}"),
    # 「X」を導入, 『X』立ち上げ, 「X」というアプリ, 「X」などのアプリ
    re.compile(rf"{_QUOTED}{QUOTED_CONTEXT_AFTER}"),
    # 「ごみナビ」アカウント, 「まちポ」アプリ: a quoted name with katakana or a Latin letter
    # right before the noun of what it is (「防災」アプリ, 「子育て」サービス are no names)
    re.compile(r"[「『](?P<name>(?=[^「」『』\n]*[ァ-ヴA-Za-z])[^「」『』()（）\n]{2,40}?)"
               r"(?P<reading>)[」』](?:アプリ|アカウント|システム|サービス)"),
    # a municipality's own system named with its name and a coined Latin word:
    # 「〇〇市e-Fooポータル」, 「〇〇町MyTownアプリ」 (the Latin word has a lower-case letter:
    # not 「〇〇市DXシステム」)
    re.compile(rf"[「『](?P<name>[\u4e00-\u9fff]{{1,6}}[都道府県市区町村]{_COINED_LATIN}"
               rf"(?:ポータル(?:サイト)?|アプリ|システム))(?P<reading>)[」』]"),
)
CONTEXT_GRAMMAR: tuple[re.Pattern, ...] = (
    # 製品名：X, （商品名:X）: a label and a colon, the name up to the next delimiter, with
    # katakana or a Latin letter in it (a form's 名称：… names anything: not this label)
    re.compile(rf"{PRODUCT_NAME_LABEL}[:：][ ]?"
               r"(?P<name>(?=[^\s、。,()（）「」『』:：]*[ァ-ヴA-Za-z])[^\s、。,()（）「」『』:：]{2,30})"),
    # 地域情報ネットワーク(みんなの縁側), 専用ソフト（FooBar）: a name with kana or a Latin
    # name, not an annotation such as (庁内LAN), (NEC製), (仮称), (再掲)
    # (also after a category noun: RPA（ロボ太郎）, AI-OCR（ヨミトル）)
    re.compile(rf"(?:{KIND}|{CATEGORY_NOUN})[(（](?P<name>[^()（）\n、。]*[ぁ-んァ-ヴ][^()（）\n、。]*"
               rf"|[A-Za-z][A-Za-z0-9 .&'+!-]*)[)）]"),
    # X（神戸市スマート申請システム）
    re.compile(rf"(?P<name>{LATIN_NAME}) ?[(（][^()（）\n]{{0,30}}{KIND}[)）]"),
    # Xを活用, X アプリ, Xというシステム
    re.compile(rf"(?P<name>{LATIN_NAME}) ?(?:{PRODUCT_CONTEXT_AFTER}|アプリ)"),
    # a name followed by its maker in brackets, as product lists and specifications write
    # them: ◇FooNote〔北浜ソフト(株)〕, ScanBar（北浜電機株式会社製）. In 〔〕 (used for such
    # credits) a katakana name too; in round brackets a Latin name only, and the maker must be
    # written as a company (株式会社, (株), ㈱) or as the make (…社製): プリンター（株式会社A製）
    # is a kind of device.
    # (a company glossed with its full name, Fooware（株式会社Fooware）, is no product)
    re.compile(rf"(?P<name>{LATIN_NAME}|{KATAKANA_NAME}) ?〔(?![^〔〕\n]*(?P=name))"
               r"(?=[^〔〕\n]*(?:\(株\)|（株）|㈱|株式会社))"
               r"[^〔〕\n]{1,30}〕"),
    re.compile(rf"(?P<name>{LATIN_NAME}) ?[(（](?![^()（）\n]*(?P=name))"
               r"(?=[^()（）\n]*(?:株式会社|㈱|社製))[^()（）\n]{1,25}[)）]"),
    # カタカナ名というシステム
    re.compile(rf"(?P<name>{KATAKANA_NAME})と(?:いう|いった)(?:名称の|名前の)?{KIND}"),
    # a prefecture's or city's e-application service named with its name in kana or Latin:
    # やまなし電子申請サービス, いばらき電子申請・届出サービス, e-kanagawa電子申請
    # (the kana name stands after a boundary or a particle and holds no particle itself)
    re.compile(r"(?:^|(?<=[\s、。「『(（・:：のはがをでともに]))"
               r"(?P<name>(?!うち|ほか|など|また|さらに|および|ならびに|または|すべて|ぜひ|まず|かつ)"
               r"(?:(?!の)[ぁ-ん]){2,5}(?<![をにはがでともへやて])電子申請(?:・届出)?"
               r"(?:サービス|システム)|(?<![A-Za-z0-9])[A-Za-z][A-Za-z0-9-]+電子申請"
               r"(?:・届出)?(?:サービス|システム)?)", re.MULTILINE),
)
# A municipality's own app, navigator, portal or dashboard named with the municipality's
# name: 北浜市防災アプリ, 東山県オープンデータポータル, さくら市子育てナビ. The words between the
# name and the noun hold no particle (not 北浜市の防災アプリ) and say what the service is
# about, not whom it serves (not 北浜市職員向けアプリ); before a quoted name the noun only
# describes it (防災アプリ「X」 names X).
_SERVICE_NOUN = r"(?:アプリ|ナビ|ポータル|ダッシュボード)"
_PLACE_RUN = r"[\u4e00-\u9fff々ヶァ-ヴー]{1,6}?[都道府県市区町村]"
_NOT_A_SUBJECT = re.compile(r"向け|用|等|など|独自|専用|既存|関連|各種|全体|内部|庁内|職員|共通|統合|連携")
_NAME_CHARS = r"\u4e00-\u9fff々ヶァ-ヴー"  # kanji and katakana: a place or a service runs on
# what the service is about (no particle), then its noun, which ends the word
_SERVICE_AFTER_PLACE_BODY = (rf"(?P<subject>(?:(?![のをにはがでともへやかな])[{_NAME_CHARS}ぁ-ん]){{0,10}}?)"
                             rf"{_SERVICE_NOUN}(?![ァ-ヴー「『(（])")
_NAME_CHAR = re.compile(f"[{_NAME_CHARS}]")


@lru_cache(maxsize=1)
def _municipal_service_re() -> re.Pattern:
    places = "|".join(filter(None, (kana_municipality_pattern(), _PLACE_RUN)))
    return re.compile(rf"(?<![{_NAME_CHARS}])(?P<name>(?P<place>{places}){_SERVICE_AFTER_PLACE_BODY})")


_SERVICE_AFTER_PLACE = re.compile(_SERVICE_AFTER_PLACE_BODY)


# After a place written in hiragana that the document also writes in kanji (せんだい beside
# 仙台市): a branded service, whose words may hold の (せんだいくらしのマップ) and which may be
# a map; not の right after the place (せんだいの観光マップ is a map of the city).
_SERVICE_AFTER_KANA_PLACE = re.compile(
    r"(?P<subject>(?!の)(?:(?![をにはがでともへやかな])[\u4e00-\u9fff々ヶァ-ヴーぁ-ん]){1,10}?)"
    rf"(?:{_SERVICE_NOUN}|マップ)(?![ァ-ヴー「『(（])")
_HIRAGANA = re.compile(r"[ぁ-ゖー]+")


def _is_place(tok) -> bool:
    return tok.tag.startswith("名詞-固有名詞-地名") and not tok.tag.startswith("名詞-固有名詞-地名-国")


def place_service_matches(text: str, analysis) -> list[tuple[int, int]]:
    """Spans of services named with a place name unidic knows, written without 市 or 県:
    仙台データダッシュボード, 北浜防災ナビ (a country's name is no municipality's), and in
    hiragana when the document writes the place in kanji too: せんだいくらしのマップ."""
    out = []
    kanji_readings = {tok.reading for tok in analysis.tokens
                      if _is_place(tok) and not _HIRAGANA.fullmatch(tok.surface)}
    for tok in analysis.tokens:
        if not _is_place(tok):
            continue
        before = text[tok.start - 1] if tok.start else ""
        if _NAME_CHAR.match(before):
            continue
        kana = bool(_HIRAGANA.fullmatch(tok.surface)) and len(tok.surface) >= 3 \
            and tok.reading in kanji_readings and not _HIRAGANA.match(before)
        m = (_SERVICE_AFTER_KANA_PLACE if kana else _SERVICE_AFTER_PLACE).match(text, tok.end)
        if m and not _NOT_A_SUBJECT.search(m.group("subject")):
            out.append((tok.start, m.end()))
    return out


def municipal_service_matches(text: str) -> list[tuple[int, int]]:
    """Spans of municipal services named with the municipality's name."""
    out = []
    for m in _municipal_service_re().finditer(text):
        place, subject = m.group("place"), m.group("subject")
        if municipality(place) != place or _NOT_A_SUBJECT.search(subject):
            continue
        out.append(m.span("name"))
    return out


# A known product offered under a municipality's own name: 『母子モ』が導入され、
# 『かわづっこアプリ』として…提供を開始, 「X」を導入し「Y」の名称で配信. The name is quoted, holds
# katakana or a Latin letter, and a known product stands before it in the same sentence,
# said to be adopted (導入, 採用, 活用, 利用 between them): LINEで「子育てチャット」として提供
# names a use of LINE, no product.
WHITE_LABEL = re.compile(
    r"[「『](?P<name>(?=[^「」『』\n]*[ァ-ヴA-Za-z])[^「」『』()（）\n]{2,40}?)[」』]"
    r"(?:として|の(?:名称|愛称|名前)で)[^。\n]{0,20}?(?:提供|配信|運用|公開|リリース)")
_SENTENCE_END = re.compile(r"[。\n]")
_ADOPTED = re.compile(r"導入|採用|活用|利用")


def white_label_matches(text: str, known: Iterable[ProductMatch]) -> list[tuple[int, int]]:
    """Spans of the names a known product is offered under (see WHITE_LABEL)."""
    ends = sorted(k.end for k in known)
    out = []
    for m in WHITE_LABEL.finditer(text):
        s = m.start("name")
        k = bisect_right(ends, s - 1) - 1
        gap = text[ends[k]:s] if k >= 0 else ""
        if gap and not _SENTENCE_END.search(gap) and _ADOPTED.search(gap):
            out.append(m.span("name"))
    return out


# A new name with a known product as its former name: "X（旧Twitter）", "Foo(旧称:kintone)".
RENAMED = re.compile(rf"(?P<name>{LATIN_NAME}|{KATAKANA_NAME}) ?[(（]旧(?:称|名)?[:：]? ?"
                     r"(?P<old>[^()（）\n、。]{1,30})[)）]")
# A brand prefix followed by capitalized words names a product of that brand ("Microsoft
# Whiteboard"); the prefixes come from the gazetteer (see _brand_prefixes).
# "for" may join capitalized words inside the tail ("Microsoft Copilot for Security",
# "Microsoft Teams Rooms for Windows"): such a name outgrows the known one it begins with.
# ("of" joins a brand's events and programmes: Google Summer of Code.)
_CAPITAL_WORD = r"(?:[A-Z][A-Za-z0-9]*|[0-9]+[A-Za-z]*)"
_BRAND_WORD = rf"(?: {_CAPITAL_WORD})"
_BRAND_TAIL = rf"{_BRAND_WORD}+(?: for{_BRAND_WORD}+)*"
_JOINED = re.compile(r" for ")
# A brand right after a Latin word is part of an English phrase ("ON LINE SHOP").
_AFTER_LATIN_WORD = re.compile(r"[A-Za-z0-9] $")
# A maker the gazetteer does not know, written as a coined word (an inner capital after a
# small letter: AvePoint, ServiceNow, LoiLoNote), followed by capitalized words, "for"/"of"
# between them, names that maker's product ("AvePoint Cloud Governance", "ServiceNow IT
# Service Management", "LoiLo Note for Schools"). The name stops at Japanese text, a
# lower-case word other than for/of, and punctuation; a head after a Latin word is inside an
# English phrase (Tokyo DisneySea 5th Anniversary, Gatorade FreeFlow Tour); a plain English head (Cloud Service,
# Online Meeting) begins no name.
_COINED_HEAD = r"[A-Z][a-z]+[A-Z][A-Za-z]*"
COINED_BRAND = re.compile(rf"(?<![A-Za-z0-9.-])(?<![A-Za-z0-9] )(?P<name>{_COINED_HEAD}"
                          rf"(?:(?: (?:for|of))? {_CAPITAL_WORD})+)(?![A-Za-z0-9]|[ ]?[-.][A-Za-z0-9])")
# Words that make "Brand X" a company, an event or a thing of the product ("LINE ID",
# "Zoom URL") rather than a product.
_NOT_PRODUCT_TAIL = frozenset(
    "japan corporation corp inc co ltd llc group holdings research foundation partner partners"
    " network networks technologies communications labs lab mvp certified summit ignite build"
    " inspire day days public sector id url qr api pdf csv faq".split())

# GiNZA labels under which products turn up (it often mislabels them as works of art).
PRODUCTISH_LABELS = frozenset({
    "Product_Other", "Book", "Music", "Movie", "Show", "Broadcast_Program", "Magazine", "Game",
    "Award", "Art_Other", "Printing_Other", "Name_Other", "Plan", "Show_Organization",
    "Occasion_Other", "Doctrine_Method_Other",
})
_CONTEXT_AFTER_RE = re.compile(rf"[」』]?{PRODUCT_CONTEXT_AFTER}")
_KIND_BEFORE_RE = re.compile(rf"{NAMING}[「『(（]?$")

# Sentence-like text and quantities are not names.
# (A×B joins two themes in a heading: 「行政×Web会議システム」, 教育×ICT)
_SENTENCE_LIKE = re.compile(r"[、。,!?？！:：;；×]|ます|です|ました|ください|ません|以上|以下|未満"
                            r"|\d(?:回|人|名|件|%|円|年|か月|ヶ月|日|時間|分|台|割|倍)")
_KATAKANA = re.compile(r"[ァ-ヴー]")
_ASCII_ALNUM = re.compile(r"[A-Za-z0-9]")
_LIST_SEPARATOR = re.compile(r"[・/&]")
_LATIN_ONLY = re.compile(r"[A-Za-z0-9 .&'’+/!-]+")
_STRICT_ALIAS = re.compile(r"[A-Z][a-z]+|[A-Z]+")  # plain English-looking words: match case
_CONNECTORS = frozenset({"and", "or", "for", "with", "the", "on", "to", "&"})
# (a katakana name may be written in words: グーグル・クラスルーム, マイクロソフト・チームズ)
_SEPARATORS = " -・"
_LATIN_START = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")


# --------------------------------------------------------------------------- rule data


def _fold(s: str) -> str:
    """Trie key: NFKC, lower-case, without spaces and hyphens."""
    s = unicodedata.normalize("NFKC", s).lower()
    return "".join(ch for ch in s if ch not in _SEPARATORS and not ch.isspace())


def _single_spaces(s: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", s).split())


@lru_cache(maxsize=1)
def gazetteer() -> dict[str, tuple[GazetteerEntry, tuple[tuple[str, bool], ...]]]:
    """Folded alias -> (entry, ((alias as written without separators, strict case), ...))."""
    out: dict[str, tuple[GazetteerEntry, list[tuple[str, bool]]]] = {}
    for row in rule_rows("products.tsv"):
        canonical, vendor, category, aliases, edition = (row + [""] * 5)[:5]
        entry = GazetteerEntry(_single_spaces(canonical), vendor or None, category or None,
                               edition or None)
        for alias in [canonical, *aliases.split("|")]:
            alias = _single_spaces(alias)
            if not alias:
                continue
            key = _fold(alias)
            if key in out and out[key][0].canonical != entry.canonical:
                raise ValueError(f"products.tsv: alias {alias!r} names both "
                                 f"{out[key][0].canonical!r} and {entry.canonical!r}")
            surfaces = out.setdefault(key, (entry, []))[1]
            surfaces.append((alias.replace(" ", "").replace("-", ""),
                             bool(_STRICT_ALIAS.fullmatch(alias))))
    by_canonical = {e.canonical: e for e, _ in out.values()}
    for alias, canonical in context_aliases_by_canonical():
        key = _fold(alias)
        if key in out or canonical not in by_canonical:
            raise ValueError(f"product_context_aliases.tsv: {alias!r} is an alias already or "
                             f"{canonical!r} is no row of products.tsv")
        out[key] = (by_canonical[canonical], [(alias.replace(" ", ""), False)])
    return {k: (e, tuple(s)) for k, (e, s) in out.items()}


# Words that make a text about ICT near an ambiguous or lower-cased product name (ズーム会議,
# zoomで配信, keynote(プレゼンソフト)), and words of a camera's zoom that unmake it.
ICT_CONTEXT = (r"会議|ミーティング|オンライン|ウェブ|ウエブ|web|アプリ|ソフト|アカウント|インストール"
               r"|ダウンロード|ログイン|画面共有|招待|配信|ビデオ通話|リモート|開催|接続|参加"
               r"|(?<![a-z])(?:url|id)(?![a-z])")
_ICT_CONTEXT_RE = re.compile(ICT_CONTEXT, re.IGNORECASE)
_NOT_ICT_CONTEXT = re.compile(r"カメラ|レンズ|望遠|拡大|倍率|光学")
_CONTEXT_WINDOW = 16  # characters either side, on the same line


def context_aliases_by_canonical() -> list[tuple[str, str]]:
    """(alias, canonical) of product_context_aliases.tsv."""
    return [(_single_spaces(row[0]), _single_spaces(row[1]))
            for row in rule_rows("product_context_aliases.tsv") if len(row) >= 2 and row[0]]


@lru_cache(maxsize=1)
def context_aliases() -> dict[str, re.Pattern]:
    """Folded alias -> the context words it needs (product_context_aliases.tsv)."""
    out = {}
    for row in rule_rows("product_context_aliases.tsv"):
        if len(row) >= 2 and row[0]:
            words = row[2].strip() if len(row) > 2 else ""
            out[_fold(row[0])] = re.compile(words, re.IGNORECASE) if words else _ICT_CONTEXT_RE
    return out


def in_ict_context(text: str, start: int, end: int, words: re.Pattern | None = None) -> bool:
    """A word of an ICT context within a few characters of text[start:end] on its line, and
    no word of a camera's zoom."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    before = text[max(line_start, start - _CONTEXT_WINDOW):start]
    after = text[end:min(line_end, end + _CONTEXT_WINDOW)]
    words = words or _ICT_CONTEXT_RE
    near = before + "\n" + after
    return bool(words.search(near)) and not _NOT_ICT_CONTEXT.search(near)


_END = "\0"  # trie key marking a complete alias


@lru_cache(maxsize=1)
def _trie() -> dict:
    root: dict = {}
    for key in gazetteer():
        node = root
        for ch in key:
            node = node.setdefault(ch, {})
        node[_END] = key
    return root


@lru_cache(maxsize=1)
def _start_re() -> re.Pattern:
    """Where an alias can begin: a Latin word start, or a first character of a non-Latin alias."""
    firsts = sorted({k[0] for k in gazetteer() if not _ASCII_ALNUM.match(k[0])})
    return re.compile(r"(?<![A-Za-z0-9])[A-Za-z0-9]|[" + re.escape("".join(firsts)) + "]")


@lru_cache(maxsize=1)
def _latin_vocabulary() -> frozenset[str]:
    """Latin words that may stand next to a strict alias ("Word and Excel", "Microsoft Excel"):
    connectors, brands (the first word of a maker's or a product's name) and whole aliases.
    Inner words are left out: "Voice Stream" is no Microsoft Stream although there is a
    "Rimo Voice", "Windows Media Player" no Windows although there is an "MIT Media Lab"."""
    words = set(_CONNECTORS)
    for entry, surfaces in gazetteer().values():
        for name in (entry.vendor or "", entry.canonical):
            words.update(w.lower() for w in re.findall(r"[A-Za-z0-9]+", name)[:1])
        for surface, _ in surfaces:
            words.add(surface.lower())
    return frozenset(words)


@lru_cache(maxsize=1)
def _brand_re() -> re.Pattern:
    return re.compile(r"(?<![A-Za-z0-9])(?P<name>(?:"
                      + "|".join(sorted(map(re.escape, _brand_prefixes()), key=len, reverse=True))
                      + ")" + _BRAND_TAIL + ")(?![A-Za-z0-9]| [a-z])")


def _brand_prefixes() -> set[str]:
    """First words shared by several multi-word canonical names that name a maker or a
    product themselves (Microsoft, Google, Azure, Surface; not Visual, Automation)."""
    table = gazetteer()
    makers = {_fold(e.vendor) for e, _ in table.values() if e.vendor}
    firsts: dict[str, set[str]] = {}
    for entry, _ in table.values():
        words = entry.canonical.split()
        if len(words) > 1:
            firsts.setdefault(words[0], set()).add(entry.canonical)
    return {w for w, names in firsts.items() if len(names) >= 2 and _ASCII_ALNUM.match(w)
            and (_fold(w) in makers or _fold(w) in table)}


@lru_cache(maxsize=1)
def _vendor_names() -> frozenset[str]:
    """Makers that are not also product names ("Googleを活用" names no product)."""
    return frozenset(_fold(e.vendor) for e, _ in gazetteer().values() if e.vendor) - set(gazetteer())


@lru_cache(maxsize=1)
def generic_words() -> tuple[frozenset[str], tuple[str, ...]]:
    """(whole words, suffixes) that are never products, folded."""
    words, suffixes = set(), []
    for w in rule_column("product_generic_words.txt"):
        if w.startswith("*"):
            suffixes.append(_fold(w[1:]))
        else:
            words.add(_fold(w))
    return frozenset(words), tuple(suffixes)


# --------------------------------------------------------------------------- gazetteer match


def _is_katakana(ch: str) -> bool:
    return bool(_KATAKANA.match(ch))


def _walk(text: str, i: int) -> list[tuple[int, str]]:
    """Aliases starting at ``i`` as (end, key), longest first; a single space or hyphen
    between two characters is skipped."""
    node, j, n = _trie(), i, len(text)
    found: list[tuple[int, str]] = []
    while j < n:
        ch = text[j]
        if ch in _SEPARATORS and j > i and j + 1 < n and text[j + 1] not in _SEPARATORS \
                and not text[j + 1].isspace() and not text[j - 1].isspace():
            j += 1
            continue
        node = node.get(ch.lower())
        if node is None:
            break
        j += 1
        if _END in node:
            found.append((j, node[_END]))
    return found[::-1]


_SPREAD = re.compile(r"(?:\S ){2,}")  # "i P a d": letters a PDF spread apart


@lru_cache(maxsize=1)
def _compound_heads_re() -> re.Pattern:
    heads = sorted(rule_column("product_compound_heads.txt"), key=len, reverse=True)
    return re.compile("(?:" + "|".join(map(re.escape, heads)) + ")(?![ァ-ヴー])")


def _compound_head_at(text: str, i: int) -> bool:
    """A katakana noun that may follow a product name in one compound (ユーチューブチャンネル)."""
    return bool(_compound_heads_re().match(text, i))


def _boundaries_ok(text: str, start: int, end: int, spread: bool) -> bool:
    first, last = text[start], text[end - 1]
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    if _ASCII_ALNUM.match(last) and after and _ASCII_ALNUM.match(after):
        return False
    if _is_katakana(first) and before and _is_katakana(before):
        return False
    if _is_katakana(last) and after and _is_katakana(after) and not _compound_head_at(text, end):
        return False
    # "M a c h i n e": a spread-out word goes on after the alias
    if spread and after == " " and end + 1 < len(text) and _ASCII_ALNUM.match(text[end + 1]) \
            and (end + 2 >= len(text) or text[end + 2].isspace()):
        return False
    return True


def _case_ok(surface: str, surfaces: tuple[tuple[str, bool], ...]) -> bool:
    """Strict aliases (plain English-looking words: Teams, Word, LINE) match as written or,
    from four letters on, in capitals (TEAMS); the others match in any case."""
    for alias, strict in surfaces:
        if not strict:
            return True
        if surface == alias or (len(alias) >= 4 and surface == alias.upper()):
            return True
    return False


def _lower_case_in_context(text: str, start: int, end: int, surface: str) -> bool:
    """A plain English-looking name written all in lower case (zoom, keynote) names the
    product where the text around it is about ICT (zoom会議, keynote(プレゼンソフト)); from
    four letters on (not box, win)."""
    letters = surface.replace(" ", "").replace("-", "")
    return len(letters) >= 4 and letters.isascii() and letters == letters.lower() \
        and in_ict_context(text, start, end)


def _short_strict(surface: str, surfaces: tuple[tuple[str, bool], ...]) -> bool:
    """A plain English word of three letters or fewer (Win): too common to stand alone."""
    key = surface.replace(" ", "").replace("-", "")
    return len(key) <= 3 and any(strict and alias == key for alias, strict in surfaces)


def _in_english_phrase(text: str, start: int, end: int) -> bool:
    """True when a strict alias is one word of an English phrase ("Product Teams", "ON LINE")."""
    vocab = _latin_vocabulary()
    before = re.search(r"([A-Za-z][A-Za-z0-9]*) $", text[max(0, start - 40):start])
    after = re.match(r" ([A-Za-z][A-Za-z0-9]*)", text[end:end + 40])
    return any(m and m.group(1).lower() not in vocab for m in (before, after))


def _edition_after(entry: GazetteerEntry, text: str, end: int) -> tuple[str, int] | None:
    """(edition, end) of the edition or module of ``entry`` written at ``end``, or None."""
    if not entry.edition:
        return None
    if entry.edition != "module":
        m = EDITIONS[entry.edition].match(text, end)
        return (m.group("edition"), m.end()) if m else None
    m = MODULE.match(text, end)
    if not m:
        return None
    module = m.group("edition") or m.group("latin")
    if not _module_word(module):
        return None  # rakumoサービス, Graffer アカウント: the brand's product itself
    return module, m.end()


def _tier_after(text: str, end: int, after_edition: bool) -> tuple[str, int] | None:
    """(tier, end) of a tier written at ``end``, or None. After an edition the tier may be
    written in lower case, as procurement lists do (Windows10 pro, Windows 11 home): it is
    stored with the vendor's capitals (Windows 10 Pro)."""
    m = TIER.match(text, end)
    if m:
        return _single_spaces(m.group("edition")), m.end()
    m = TIER_ANY_CASE.match(text, end) if after_edition else None
    if not m:
        return None
    return " ".join(w.capitalize() for w in m.group("edition").split()), m.end()


def _gazetteer_match(text: str, i: int) -> ProductMatch | None:
    table = gazetteer()
    for base_end, key in _walk(text, i):
        entry, surfaces = table[key]
        surface = text[i:base_end]
        spread = bool(_SPREAD.match(surface))
        if key in context_aliases() and not in_ict_context(text, i, base_end,
                                                           context_aliases()[key]):
            continue  # ズーム names Zoom beside 会議, not on a camera
        if not _case_ok(surface.replace(" ", "").replace("-", ""), surfaces) \
                and not _lower_case_in_context(text, i, base_end, surface):
            continue
        product, end = entry.canonical, base_end
        edition = _edition_after(entry, text, end)
        if entry.edition and not edition and _short_strict(surface, surfaces):
            continue  # "Win" names Windows only with its edition (Win10), not in "Win-Win"
        if edition:
            product = f"{product} {_single_spaces(edition[0])}"
            end = edition[1]
        tier = _tier_after(text, end, after_edition=bool(edition))
        if tier:
            product = f"{product} {tier[0]}"
            end = tier[1]
        elif not edition and entry.category != "device":  # アイパッドプロ10.5: a screen size
            glued = GLUED_VERSION.match(text, end)
            end = glued.end() if glued else end  # ChatGPT4.0: the version in use, no product
        if not _boundaries_ok(text, i, end, spread):
            continue
        strict = all(s for _, s in surfaces)
        if strict and not spread and _in_english_phrase(text, i, end):
            continue
        return ProductMatch(i, end, text[i:end], product, entry.vendor, entry.category,
                            "gazetteer")
    return None


@lru_cache(maxsize=1)
def _kana_kanji_prefixes() -> frozenset[str]:
    """First two characters of the aliases that begin with neither a Latin letter nor a digit."""
    return frozenset(k[:2] for k in gazetteer() if not _ASCII_ALNUM.match(k[0]))


def gazetteer_matches(text: str) -> list[ProductMatch]:
    """Leftmost-longest gazetteer matches."""
    out: list[ProductMatch] = []
    pos = 0
    prefixes = _kana_kanji_prefixes()
    for m in _start_re().finditer(text):
        i = m.start()
        if i < pos or (m.group() not in _LATIN_START and text[i:i + 2].lower() not in prefixes):
            continue
        maker = _maker_at(text, i)
        if maker:  # "すららネット", "LINEヤフー": the maker, not its product
            pos = maker
            continue
        hit = _gazetteer_match(text, i)
        if hit:
            out.append(hit)
            pos = hit.end
            plan = _plan_after(text, hit)
            if plan:
                out.append(plan)
                pos = plan.end
    return out


@lru_cache(maxsize=1)
def _makers_named_after_products() -> dict[str, tuple[str, ...]]:
    """Makers whose name begins with one of their products' aliases (すららネット, LINEヤフー,
    Zoom Video Communications), folded, by first character."""
    out: dict[str, list[str]] = {}
    for vendor in sorted({e.vendor for e, _ in gazetteer().values() if e.vendor}, key=len):
        key = _fold(vendor)
        walked = _walk(key, 0)
        if walked and walked[0][0] < len(key):
            out.setdefault(key[0], []).append(key)
    return {k: tuple(v[::-1]) for k, v in out.items()}


def _maker_at(text: str, i: int) -> int | None:
    """End of a maker's name written at ``i`` that begins with a product alias, or None."""
    for key in _makers_named_after_products().get(text[i].lower(), ()):
        j, k = i, 0
        while j < len(text) and k < len(key):
            ch = unicodedata.normalize("NFKC", text[j]).lower()
            j += 1
            if ch in _SEPARATORS or ch.isspace():
                continue
            if ch != key[k]:
                break
            k += 1
        else:
            if k == len(key):
                return j
    return None


def _plan_after(text: str, hit: ProductMatch) -> ProductMatch | None:
    """The tier named as a plan right after a product: "Box：Business Plusプラン"."""
    m = PLAN_AFTER.match(text, hit.end)
    if not m:
        return None
    s, e = m.span("edition")
    return ProductMatch(s, e, text[s:e], f"{hit.product} {_single_spaces(m.group('edition'))}",
                        hit.vendor, hit.category, "gazetteer")


def canonical_product(name: str) -> tuple[str, str | None, str | None] | None:
    """(canonical, vendor, category) when the whole of ``name`` is a known product."""
    text = _single_spaces(name)
    hits = gazetteer_matches(text)
    if len(hits) == 1 and hits[0].start == 0 and hits[0].end == len(text):
        return hits[0].product, hits[0].vendor, hits[0].category
    return None


# --------------------------------------------------------------------------- unknown names


_BRACKETED_AFTER = re.compile(r"[(（]([^()（）]+)[)）]$")


def _is_generic(name: str) -> bool:
    """A generic term: 「ロボティック・プロセス・オートメーション(RPA)」 spells one out, and the
    abbreviation in its brackets says so."""
    return _fold(name) in generic_words()[0]


# The katakana names of Latin letters: アールピーエー is how RPA is read, not a name.
_LETTER_READINGS = re.compile(
    r"(?:エー|エイ|ビー|シー|ディー|イー|エフ|ジー|エイチ|エッチ|アイ|ジェー|ジェイ|ケー|ケイ|エル"
    r"|エム|エヌ|オー|ピー|キュー|アール|エス|ティー|ユー|ブイ|ヴイ|ダブリュー|エックス|ワイ"
    r"|ゼット|ゼッド|[・ ])+")


# A kind of things with an open list's end (「統計指標等」を用いて) names no one thing.
_OPEN_LIST_END = re.compile(r"(?:等|など|ほか)$")

# A phrase that describes rather than names: (人工知能技術を用いた光学文字認識), (…による…).
_DESCRIPTION = re.compile(r"を|による|に関する|における|のための|に基づく|によって")


def looks_like_name(name: str, quoted: bool = False) -> bool:
    """A plausible product name that is not a generic word. Quoted names may be short
    capitals ("SAVS"): the quotes and the context make them names."""
    name = name.strip()
    if not 2 <= len(name) <= 40 or "\n" in name or _SENTENCE_LIKE.search(name):
        return False
    if not any(ch.isalpha() for ch in name) or _LETTER_READINGS.fullmatch(name) \
            or _DESCRIPTION.search(name) or _OPEN_LIST_END.search(name):
        return False
    words, suffixes = generic_words()
    key = _fold(name)
    if key in words or key in _vendor_names() or any(key.endswith(s) for s in suffixes):
        return False
    if all(_fold(part) in words for part in _LIST_SEPARATOR.split(name)):  # AI-OCR・RPA
        return False
    if _LATIN_ONLY.fullmatch(name) and all(_fold(w) in words for w in name.split()):
        return False  # English words only: Cloud Service, Online Meeting
    # a generic term with its abbreviation or gloss: ロボティック・…・オートメーション(RPA),
    # 人工知能(AI), AI(人工知能)
    bracketed = _BRACKETED_AFTER.search(name)
    if bracketed and (_is_generic(name[:bracketed.start()])
                      or (_LATIN_ONLY.fullmatch(bracketed.group(1))
                          and _is_generic(bracketed.group(1)))):
        return False
    if _LATIN_ONLY.fullmatch(name):
        # Latin names: an upper-case letter or a brand-like lower-case start (e-KOBE, iXxx),
        # and not a short capitals acronym (VDI, MDM): those are generic terms.
        if not quoted and re.fullmatch(r"[A-Z0-9 -]{1,5}", name):
            return False
        if not re.search(r"[A-Z]", name):
            return False
    return True


def _unknown(text: str, start: int, end: int, source: str) -> ProductMatch:
    """A product the gazetteer does not know, named as written; the vendor of a known
    product inside the name carries over ("Gemini for Google Workspace" -> Google)."""
    name = text[start:end]
    inner = gazetteer_matches(name)
    vendor = inner[0].vendor if inner else None
    return ProductMatch(start, end, name, _single_spaces(name), vendor, None, source)


def _trimmed_span(text: str, m: re.Match) -> tuple[int, int]:
    s, e = m.span("name")
    while s < e and (text[s].isspace() or text[s] in "\"'"):
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in "\"'"):
        e -= 1
    return s, e


class _Spans:
    """Disjoint spans (matches, tokens) for cheap containment and overlap tests."""

    def __init__(self, items: Iterable):
        self._spans = sorted((x.start, x.end) for x in items)
        self._starts = [s for s, _ in self._spans]

    def covers(self, start: int, end: int) -> bool:
        k = bisect_right(self._starts, start) - 1
        return k >= 0 and self._spans[k][1] >= end

    def overlaps(self, start: int, end: int) -> bool:
        k = bisect_left(self._starts, end) - 1
        return k >= 0 and self._spans[k][1] > start


def grammar_matches(text: str, known: Iterable[ProductMatch] = ()) -> list[ProductMatch]:
    """Names the gazetteer does not know, in product contexts (skipping the ``known``)."""
    out: list[ProductMatch] = []
    inside = _Spans(known).covers
    for pattern in QUOTED_GRAMMAR:
        for m in pattern.finditer(text):
            s, e = _trimmed_span(text, m)
            reading = m.group("reading")
            if inside(s, e) or (reading and (_ENDS_IN_KIND.search(text[s:e])
                                             or _is_generic(reading[1:-1]))):
                continue
            if looks_like_name(text[s:e], quoted=True):
                # a quoted Latin name outranks known names inside it ("Gemini for Google Workspace")
                source = "quoted" if _LATIN_ONLY.fullmatch(text[s:e]) else "grammar"
                out.append(_unknown(text, s, e, source))
    for pattern in CONTEXT_GRAMMAR:
        for m in pattern.finditer(text):
            s, e = _trimmed_span(text, m)
            if not inside(s, e) and looks_like_name(text[s:e]):
                out.append(_unknown(text, s, e, "grammar"))
    for s, e in municipal_service_matches(text):
        if not inside(s, e) and looks_like_name(text[s:e]):
            out.append(_unknown(text, s, e, "grammar"))
    for s, e in family_matches(text):
        if not inside(s, e):
            out.append(_unknown(text, s, e, "grammar"))
    for s, e in maker_product_matches(text):
        if not inside(s, e) and looks_like_name(text[s:e], quoted=True):
            out.append(_unknown(text, s, e, "grammar"))
    for s, e in white_label_matches(text, known):
        if not inside(s, e) and looks_like_name(text[s:e], quoted=True):
            out.append(_unknown(text, s, e, "grammar"))
    for m in RENAMED.finditer(text):
        s, e = m.span("name")
        old = canonical_product(m.group("old"))
        if old and not inside(s, e) and (e - s == 1 or looks_like_name(text[s:e])):
            out.append(ProductMatch(s, e, text[s:e], text[s:e], old[1], old[2], "grammar"))
    for m in _brand_re().finditer(text):
        tail = m.group("name").split()[1:]
        if tail[0].lower() in _NOT_PRODUCT_TAIL or tail[-1].lower() in _NOT_PRODUCT_TAIL \
                or inside(*m.span("name")) or _fold(m.group("name")) in _vendor_names() \
                or _AFTER_LATIN_WORD.search(text[max(0, m.start() - 2):m.start()]):
            continue
        joined = _JOINED.search(m.group("name"))  # outranks a known name inside it
        out.append(_unknown(text, *m.span("name"), "brand" if joined else "grammar"))
    out += _coined_brand_matches(text, inside)
    return out


# A product line the lexicon does not know, listed as its modules: "flowbit ワークフロー /
# flowbit カレンダー" (a coined Latin brand, a space, a katakana module; two or more modules
# of the same brand on one line, with only list separators between them). Once the list
# shows the brand to be a line, its modules are products wherever the document names them
# ("flowbit ワークフローの利用拡大"). A brand the lexicon knows is its business (the edition
# "module"); a noun that follows any product in a compound is no module (… アプリ, … アカウント).
_FAMILY_ITEM = re.compile(rf"(?<![A-Za-z0-9.-])(?P<brand>{_COINED_LATIN}) "
                          rf"(?P<module>{_KATAKANA_MODULE})")
_LIST_GAP = re.compile(r"\s*[/／、・,，|｜]\s*")


def _module_word(word: str) -> bool:
    """A katakana word that may name a module: no noun of what any product is or has."""
    return not (_compound_heads_re().fullmatch(word) or re.fullmatch(KIND, word))


def family_matches(text: str) -> list[tuple[int, int]]:
    """Spans of the modules of product lines the lexicon does not know (see _FAMILY_ITEM)."""
    words, _ = generic_words()
    items = [m for m in _FAMILY_ITEM.finditer(text)
             if _module_word(m.group("module")) and _fold(m.group("brand")) not in gazetteer()
             and _fold(m.group("brand")) not in words and _fold(m.group("brand")) not in _vendor_names()]
    lines: set[str] = set()
    for a, b in zip(items, items[1:]):
        if a.group("brand") == b.group("brand") and a.group("module") != b.group("module") \
                and _LIST_GAP.fullmatch(text, a.end(), b.start()):
            lines.add(a.group("brand"))
    return [m.span() for m in items if m.group("brand") in lines]


# A maker the lexicon knows, then its product the lexicon does not: ネオジャパンのAppSuite,
# トラストバンクのLoGoワークフロー, 富士通Japan製の IPKNOWLEDGE. The name is a coined Latin word
# (a small letter in it: AppSuite, LoGo…; katakana glued after it belong to it, unless they are a
# noun any product takes: …アプリ) or a word of four capitals or more not run on into a kanji
# noun (NTTのIOWN構想 names a programme); a maker that is a
# product's name too (Google, LINE) is the gazetteer's.
# (a bare space joins a maker to its events and branches: Bot Express Showcase, Foo Japan)
_MAKER_LINK = r"(?:社)?(?:製の?|の|が提供する|が開発した)[ ]?"
_MAKER_PRODUCT_NAME = (rf"(?P<name>{_COINED_LATIN}(?:[ァ-ヴ][ァ-ヴー]*)?(?![ァ-ヴーA-Za-z0-9])"
                       r"|[A-Z]{4,}(?![A-Za-z0-9\u4e00-\u9fff]))")  # not IOWN構想: a programme


@lru_cache(maxsize=1)
def _maker_product_re() -> re.Pattern:
    table = gazetteer()
    makers = sorted({_single_spaces(e.vendor) for e, _ in table.values()
                     if e.vendor and _fold(e.vendor) not in table}, key=len, reverse=True)
    return re.compile(r"(?<![A-Za-z0-9ァ-ヴー])(?:" + "|".join(map(re.escape, makers)) + ")"
                      + _MAKER_LINK + _MAKER_PRODUCT_NAME)


def maker_product_matches(text: str) -> list[tuple[int, int]]:
    """Spans of products named after their maker (see _maker_product_re)."""
    out = []
    for m in _maker_product_re().finditer(text):
        name = m.group("name")
        tail = re.search(r"[ァ-ヴー]+$", name)
        if tail and _compound_heads_re().fullmatch(tail.group()):
            continue  # …アプリ, …アカウント: the noun is not the name's
        out.append(m.span("name"))
    return out


def _coined_brand_matches(text: str, inside) -> list[ProductMatch]:
    """Products of makers the gazetteer does not know (see COINED_BRAND); not a company
    (AvePoint Japan, AvePoint社, Microsoft Corporation) nor a known product's name."""
    out = []
    for m in COINED_BRAND.finditer(text):
        s, e = m.span("name")
        words = m.group("name").split()
        if words[-1].lower() in _NOT_PRODUCT_TAIL or words[1].lower() in _NOT_PRODUCT_TAIL \
                or text.startswith("社", e) or inside(s, e) or _fold(words[0]) in gazetteer() \
                or _fold(words[0]) in _vendor_names() or _is_generic(m.group("name")):
            continue
        out.append(_unknown(text, s, e, "grammar"))
    return out


def ginza_matches(text: str, analysis) -> list[ProductMatch]:
    """GiNZA's product-like entities that stand in a product context and look like proper
    names: a Latin letter in them, or a word unidic knows as a proper noun (GiNZA also tags
    common compounds such as タービンエンジン or 私用デバイス as products)."""
    proper = _Spans(tok for tok in analysis.tokens if tok.pos.startswith("名詞-固有名詞"))
    out: list[ProductMatch] = []
    for ent in analysis.entities:
        if ent.label not in PRODUCTISH_LABELS:
            continue
        s, e = ent.start, ent.end
        while e > s and text[e - 1].isspace():
            e -= 1
        name = text[s:e]
        if not looks_like_name(name):
            continue
        if not (re.search(r"[A-Za-z]", name) or proper.overlaps(s, e)):
            continue
        if _CONTEXT_AFTER_RE.match(text, e) or _KIND_BEFORE_RE.search(text[max(0, s - 12):s]):
            out.append(_unknown(text, s, e, "ginza"))
    return out


# --------------------------------------------------------------------------- resolve, extract

# (rank, tie-break): quoted Latin names and a brand's names joined by "for" compete with the
# gazetteer on length alone.
_PRIORITY = {"gazetteer": (0, 0), "quoted": (0, 1), "brand": (0, 1), "grammar": (1, 0),
             "ginza": (2, 0)}


def resolve_overlaps(matches: Iterable[ProductMatch]) -> list[ProductMatch]:
    """Keep gazetteer matches over grammar over GiNZA; within a rank leftmost-longest."""
    taken: list[ProductMatch] = []  # disjoint, sorted by start (hence also by end)
    starts: list[int] = []

    def order(m: ProductMatch):
        rank, tie = _PRIORITY[m.source]
        return rank, m.start, m.start - m.end, tie

    for m in sorted(matches, key=order):
        k = bisect_left(starts, m.start)
        if (k and taken[k - 1].end > m.start) or (k < len(taken) and taken[k].start < m.end):
            continue
        starts.insert(k, m.start)
        taken.insert(k, m)
    return taken


# A web page's share buttons name services the page can be sent to, not what the body uses:
# このページの情報をツイッターでツイートできます, この記事をFacebookでシェアする, LINEで送る
_SHARE_WIDGET = re.compile(r"(?:ページ|記事)(?:の情報)?を.{0,30}?で(?:ツイート|シェア|送る|共有|ブックマーク)"
                           r"|^[ \t]*\S{1,20}で(?:ツイート|シェア|送る)(?:する|できます)?[ \t]*$", re.MULTILINE)


def _share_widget_lines(text: str) -> _Spans:
    """Spans of the lines that hold a share button."""
    spans = []
    for m in _SHARE_WIDGET.finditer(text):
        start = text.rfind("\n", 0, m.start()) + 1
        end = text.find("\n", m.end())
        spans.append(ProductMatch(start, len(text) if end < 0 else end, "", "", None, None, "widget"))
    return _Spans(spans)


def find_products(text: str, analysis=None) -> list[ProductMatch]:
    """Products in normalized text: gazetteer and grammar, and GiNZA's entities when an
    ``Analysis`` of the same text is given; none from a share button's line."""
    known = gazetteer_matches(text)
    matches = [*known, *grammar_matches(text, known)]
    if analysis is not None:
        matches += ginza_matches(text, analysis)
        inside = _Spans(known).covers
        matches += [_unknown(text, s, e, "grammar") for s, e in place_service_matches(text, analysis)
                    if not inside(s, e) and looks_like_name(text[s:e])]
    widgets = _share_widget_lines(text)
    return [m for m in resolve_overlaps(matches) if not widgets.covers(m.start, m.end)]


def extract(ctx, found: Mapping[str, list]) -> list[Product]:
    records = []
    for m in find_products(ctx.text, ctx.analysis):
        start, end, original = ctx.span(m.start, m.end)
        records.append(Product(m.product, m.vendor, m.category, start, end, original))
    return records
