"""officials: attendance and staff lists read cell by cell (pipeline/extractors/officials/attendance.py).

The layouts are those of published minutes and 説明員 lists (seats, letter-spaced names and
posts, post–name cells glued or spaced, name then post, 同); every name and post is invented.
"""
from __future__ import annotations

import pytest

from pipeline.extractors.officials.attendance import find_attendance_mentions
from pipeline.extractors.titles import split_post
from pipeline.normalize import normalize
from tests.extractors.officials_support import found_officials


def _read(text: str) -> dict[str, tuple[str, str]]:
    norm = normalize(text).text
    return {m.name: (m.title, m.organization) for m in find_attendance_mentions(norm)}


# (list text, {name: (title, organization)})
LISTS = [
    # seats, two columns a line, names letter-spaced with a wider gap between family and given name
    ("1.出席議員(4名)\n    1番  森 本  和 久         11番  矢加部  茂 晴\n    2番  五十嵐  多喜子\n",
     {"森本和久": ("議員", ""), "矢加部茂晴": ("議員", ""), "五十嵐多喜子": ("議員", "")}),
    ("○出席議員　１番 松田由理子　２番 西村正樹\n", {"松田由理子": ("議員", ""), "西村正樹": ("議員", "")}),
    # post then name; a 兼 note after the post; the name wrapped onto the next line
    ("    市長                 中 村  征 二\n    総務部長(兼企画財政課長)      木 庭  雄 三\n"
     "    介護保険課長\n                       小 野  美 穂\n",
     {"中村征二": ("市長", ""), "木庭雄三": ("部長", "総務部"), "小野美穂": ("課長", "介護保険課")}),
    # letter-spaced posts, the rank in brackets a note
    ("出席説明員  市     長  石井由紀夫     教  育  長  小泉 克明  市 民 生活部長  兼田 幸典\n"
     "出席事務局職員  書 記 (次長)  小坂  充\n",
     {"石井由紀夫": ("市長", ""), "小泉克明": ("教育長", ""), "兼田幸典": ("部長", "市民生活部"),
      "小坂充": ("書記", "事務局")}),  # the heading cell 出席事務局職員 names the unit (real/dev b_15, h_02)
    # post and name glued, post(name), a unit labelling the line
    ("市長石丸伸一副市長米田公男\n総務課長田中太郎総務係長日野貴子\n",
     {"石丸伸一": ("市長", ""), "米田公男": ("副市長", ""), "田中太郎": ("課長", "総務課"), "日野貴子": ("係長", "総務係")}),
    ("議会事務局 局長(門脇 孝),庶務議事課長(中山善男)\n",
     {"門脇孝": ("局長", "議会事務局"), "中山善男": ("課長", "議会事務局庶務議事課")}),
    # name then post, on one line; 同 repeating the department above
    ("鈴木一郎区長　佐藤次郎助役　田中三郎企画部長\n同財政課長　高橋四郎\n",
     {"鈴木一郎": ("区長", ""), "佐藤次郎": ("助役", ""), "田中三郎": ("部長", "企画部"), "高橋四郎": ("課長", "企画部財政課")}),
    # a brief (…担当部長) is a title written whole
    ("出席説明員\n　学校教育担当部長　山 梨 智 広\n", {"山梨智広": ("学校教育担当部長", "")}),
    ("出席委員 谷田川泰委員長,大和田寛樹副委員長,石橋保卓委員\n",
     {"谷田川泰": ("委員長", ""), "大和田寛樹": ("副委員長", ""), "石橋保卓": ("委員", "")}),
    ("出席委員    原 口 亮 司 委員長    園 川 良 一 副委員長\n         くつき 信 也 議長\n",
     {"原口亮司": ("委員長", ""), "園川良一": ("副委員長", ""), "くつき信也": ("議長", "")}),
    # minutes flattened onto one line: the header sentence, then the list after its 。
    ("1 出席議員は、3名で次のとおりである。    1番  坂 田 友 一         2番  堀 井 季 男    3番  千 田 慎 二\n",
     {"坂田友一": ("議員", ""), "堀井季男": ("議員", ""), "千田慎二": ("議員", "")}),
    ("3 地方自治法第121条の規定により説明のため会議に出席した者は、次のとおりである。   町     長  山 川 吉 男"
     "     企 画 部 長  奥 野 育 夫\n",
     {"山川吉男": ("町長", ""), "奥野育夫": ("部長", "企画部")}),
    # seat, name, then 議員 repeating the seat; the given name glued to it (小手川 初夫議員)
    ("〇出席議員(3名)     1番  井戸田 幸 弘 議員     2番  黒 井 章 三 議員    10番  小手川 初夫議員\n",
     {"井戸田幸弘": ("議員", ""), "黒井章三": ("議員", ""), "小手川初夫": ("議員", "")}),
    # tables drawn with box-drawing characters: several seat–name or post–name cells a row
    ("┃ 1番 │ 山田 太郎 ┃ 2番 │ 鈴木 一郎 ┃\n", {"山田太郎": ("議員", ""), "鈴木一郎": ("議員", "")}),
    ("┌────┬──────┬────┬──────┐\n│ 3番 │ 佐 藤 花 子 │ 4番 │ 田 中 次 郎 │\n└────┴──────┴────┴──────┘\n",
     {"佐藤花子": ("議員", ""), "田中次郎": ("議員", "")}),
    ("｜ 市長 ｜ 山田 太郎 ｜ 総務部長 ｜ 鈴木 一郎 ｜\n", {"山田太郎": ("市長", ""), "鈴木一郎": ("部長", "総務部")}),
    # a 名簿 page: 議席番号 / 氏名 (reading in brackets) / 会派 columns
    ("議席番号   氏名               会派\n1        山田 太郎（やまだ たろう）   市民クラブ\n"
     "12       佐 藤 花 子            無所属\n13  井戸川 幸 弘   公明党\n",
     {"山田太郎": ("議員", ""), "佐藤花子": ("議員", ""), "井戸川幸弘": ("議員", "")}),
    ("│議席│氏名│会派│\n│ 3 │ 田中 次郎 │ 市民の会 │\n", {"田中次郎": ("議員", "")}),
    ("職名            氏名\n総務部長        山田 太郎\n財政課長        鈴木 一郎\n",
     {"山田太郎": ("部長", "総務部"), "鈴木一郎": ("課長", "財政課")}),
    # a compatibility ideograph in a name (﨑, U+FA11)
    ("〇出席議員(2名)     4番  塩 﨑 雄 一 議員     5番  谷 口 義 則 議員\n",
     {"塩﨑雄一": ("議員", ""), "谷口義則": ("議員", "")}),
]


# Lines that are no list: prose, two words side by side, a byline with two posts, an honorific.
NOT_LISTS = [
    "委員長 開会 宣言 委員 質疑 応答\n",
    "課長 説明 資料\n",
    "市長は、本日の会議で説明した。\n",
    "北海電算株式会社 常務執行役員 公共営業本部長 今村 剛 氏\n",
    "1.出席議員(19名)\n2.欠席議員(なし)\n",
    # sentences on one line: a seat at a sentence's end is not waiting for the next sentence
    "１３番、大森議員から、欠席する旨の届出がありました。 次に、日程を申し上げます。\n",
    "京都府 政策企画部 情報政策課 主幹 森田 嘉彦 氏は、説明した。 次に、質疑に入った。\n",
    # a bare number is a seat only under a 名簿 header; box-drawing rules alone name no one
    "1 山田 太郎\n2 鈴木 一郎\n",
    "┌────┬──────┐\n│ 項目 │ 金額 │\n└────┴──────┘\n",
    "議席番号 氏名 会派\n1 開会 宣言\n2 説明 資料\n",
    # 議員 after a body (市議会議員) is no seat's suffix
    "この条例は、市議会議員 選挙 公報 発行 規程 に基づく。\n",
    "取得元: 大月市議会公式サイト\n1. 大月市議会 2016-06-07\n",  # 大月市議|会: a council, no Mr 大月
]


@pytest.mark.parametrize("text", NOT_LISTS)
def test_not_a_list(text):
    assert _read(text) == {}


def test_a_secretariat_head_is_the_head_of_its_office(make_context):
    text = "出席説明員\n　事務局長　　杉 立 敏 夫\n"
    assert found_officials(make_context, text)["杉立敏夫"] == ("局長", "事務局")


# the heading of a secretariat's staff rows names their unit, for every column of the block
@pytest.mark.parametrize("text,name,organization", [
    ("事務局出席職員氏名\n事務局長 北 真理子 書記 田島 健人 書記 大森 千尋\n", "大森千尋", "事務局"),
    ("出席事務局職員\n事 務 局 長  大 島   渉     書     記  片 桐 直 人\n", "大島渉", "事務局"),
    ("７　出席事務局職員\n　　　　事務局長　　　　　　岩田 修　　　　議事調査主査　　　　石橋 和也\n", "石橋和也", "事務局"),
    ("　市議会事務局\n　　事務局長　　　　　原　田　康　夫　　　　　次長　　　　　　　上　野　　　誠\n"
     "　　議事係長　　　　　小　西　真　弓　　　　　書記　　　　　　　水　野　孝　一\n", "水野孝一", "市議会事務局"),
])
def test_staff_rows_take_the_heading_unit(make_context, text, name, organization):
    assert found_officials(make_context, text)[name][1] == organization


def test_list_rows_in_the_whole_extractor_quote_the_source(make_context):
    text = "平成23年 臨時会\n\n4.地方自治法第121条により出席した者\n    税務課長               木 本  吉 彦\n"
    assert found_officials(make_context, text)["木本吉彦"] == ("課長", "税務課")


# Speakers of committee minutes named in kana (members are often written so), with their post.
@pytest.mark.parametrize("line,name,title", [
    ("○あおき委員長　ただいまから開会します。", "あおき", "委員長"),
    ("○たなか委員　質問します。", "たなか", "委員"),
    ("○福田ようすけ委員　伺います。", "福田ようすけ", "委員"),
    ("○中村委員　はい。", "中村", "委員"),
])
def test_kana_speakers(make_context, line, name, title):
    got = found_officials(make_context, "ＤＸ推進調査特別委員会\n" + line + "\n")
    assert got[name] == (title, "DX推進調査特別委員会")


def test_a_speaker_line_of_prose_names_no_one(make_context):
    assert found_officials(make_context, "委員会記録\n○ただいまから委員会を開きます。\n") == {}


# ---------------------------------------------------------------- member lists and staff runs
# Real minutes' layouts (issue 9 class 3), every name and post invented. Layouts: several members after one post; a 出席委員 heading whose members run on over lines of
# names only (letter-spaced grids whose gaps were lost); an HTML table fallen apart one cell a line
# under 議員の出欠; lists closed by 各委員; family names glued to their posts in comma lists under a
# field label; a [unit] labelling a line; the first of two posts written …兼務 / (兼).

MEMBER_RUNS = [
    # one post, then several members, hiragana given names, letter-spaced
    ("出席委員(6名)  委 員 長  本 庄 まどか  副委員長  三 浦 和 也  委  員  北 条 さ よ       戸 田 みのる"
     "        かわばた 大輔\n",
     {"本庄まどか": ("委員長", ""), "三浦和也": ("副委員長", ""), "北条さよ": ("委員", ""),
      "戸田みのる": ("委員", ""), "かわばた大輔": ("委員", "")}),
    # a numbered 出 席 委 員 heading, members two a line, more lines of names only
    ("2.出 席 委 員  石  黒  正  信         小 野 寺  幸  恵\n"
     "           村  瀬  和  之         水  野  孝  子\n"
     "3.欠 席 委 員  なし\n",
     {"石黒正信": ("委員", ""), "小野寺幸恵": ("委員", ""), "村瀬和之": ("委員", ""), "水野孝子": ("委員", "")}),
    # a members table fallen apart one cell a line (seat numbers lost or alone on their line)
    ("議員の出欠(出席 ○印・欠席 ×印)\n\n番号\n氏名\n出席\n\n武藤健吾\n\n10\n比嘉 守\n\n新城 清\n\n"
     "職務のために出席した者の職・氏名\n書記\n安里光子\n",
     {"武藤健吾": ("議員", ""), "比嘉守": ("議員", ""), "新城清": ("議員", ""), "安里光子": ("書記", "")}),
    # a list closed by 各委員, carried over a line ending in 、
    ("《出席委員》\n大森幸次委員長、宮田和江副委員長、小池隆司、長谷部勉、\n\n藤本直樹、久保田実 各委員\n",
     {"大森幸次": ("委員長", ""), "宮田和江": ("副委員長", ""), "小池隆司": ("委員", ""), "長谷部勉": ("委員", ""),
      "藤本直樹": ("委員", ""), "久保田実": ("委員", "")}),
    # family names only, the last glued to の各委員, a note in brackets after it
    ("〇出席委員\n森委員長、松下、たかはし、吉川の各委員(岡副委員長は欠席)\n",
     {"松下": ("委員", ""), "たかはし": ("委員", ""), "吉川": ("委員", "")}),
    # a bracketed unit labels the line; family name + post glued, comma-separated
    ("《理事者》\n[都市整備局]山崎康夫局長、福田直美次長 ほか\n",
     {"山崎康夫": ("局長", "都市整備局"), "福田直美": ("次長", "都市整備局")}),
    # a field label, then family names glued to their posts; a (兼) second post left out
    ("出席者 委員:松岡会長、桜井副会長 事務局:大野福祉部長、吉村高齢支援課長(兼)地域包括課長、坂本障害福祉課長 |\n",
     {"松岡": ("会長", ""), "桜井": ("副会長", ""), "大野": ("部長", "福祉部"), "吉村": ("課長", "高齢支援課"),
      "坂本": ("課長", "障害福祉課")}),
    # under a secretariat heading, family names glued to their posts
    ("〇議会事務局出席者\n石田局長、中島議事課長\n", {"石田": ("局長", "議会事務局"), "中島": ("課長", "議会事務局議事課")}),
    # two posts in one cell: the first is held, the second 兼務 / 事務取扱
    ("出席説明員  区長  佐 川 信 二  北地区総合支所長福祉部長兼務      大 石 孝 典  保健課長地域医療担当課長兼務"
     "  井 上 まり子\n",
     {"佐川信二": ("区長", ""), "大石孝典": ("総合支所長", "北地区"), "井上まり子": ("課長", "保健課")}),
]


@pytest.mark.parametrize("text,expected", LISTS + MEMBER_RUNS)
def test_attendance_lists(text, expected):
    got = _read(text)
    for name, value in expected.items():
        assert got.get(name) == value, (name, got)


NOT_MEMBERS = [
    "出席議員 百二十名\n欠席議員 三名\n",  # counts under a heading, no names
    "議員の出欠(出席 ○印・欠席 ×印)\n\n番号\n氏名\n出席\n",  # column heads, no member
    "出席者 委員 十名 傍聴者 二名\n",
]


@pytest.mark.parametrize("text", NOT_MEMBERS)
def test_headings_and_counts_name_no_one(text):
    assert _read(text) == {}


@pytest.mark.parametrize("post,expected", [
    ("上下水道課長", ("上下水道課", "課長")),  # 道 ends a word, not the unit: the 課 is the unit
    ("南地区総合支所総合支所長", ("南地区総合支所", "総合支所長")),
    ("各委員", None),  # every one of the names before it, no post
    ("会議録署名議員", None),
])
def test_split_post_of_list_words(post, expected):
    got = split_post(post)
    assert (None if got is None else (got.organization, got.title)) == expected


@pytest.mark.parametrize("text,name,organization", [
    # the sitting written in front of the committee is no part of its name, nor the municipality
    # glued to it (a council committee is named without its council, as SOURCES-h's gold writes it)
    ("令和5年第3回定例会青葉町産業建設常任委員会会議録\n〇出席委員\n山中委員長、辻本、岡部の各委員\n", "岡部",
     "産業建設常任委員会"),
    # the room a committee meets in is no body its members sit on
    ("広報委員会記録\n〇場所\n議会全員協議会室\n〇出席委員\n森田委員長、のむら、谷口の各委員\n", "谷口", "広報委員会"),
])
def test_members_take_the_committee_not_the_sitting_or_the_room(text, name, organization):
    from pipeline.extractors.officials import find_mentions

    got = {m.name: m.organization for m in find_mentions(normalize(text).text)}
    assert got.get(name) == organization, got


# Layouts of real minutes (set i of tests/data/real): every name and post is invented.
REAL_MINUTES_LISTS = [
    # ◎ marks the chair and 〇 the vice-chair in a box-table row; the next row names members only
    ("│      │◎森 川 達 也  〇岡 本 恵 子   西 田 健 一        │\n│      │ 小 林   勉   松 尾 和 夫        │\n",
     {"森川達也": ("委員長", ""), "岡本恵子": ("副委員長", ""), "西田健一": ("委員", ""), "小林勉": ("委員", ""),
      "松尾和夫": ("委員", "")}),
    # a 出席委員 block: officer rows, then members two a line with no post, each written with 君
    ("出席委員\n委員長 山川 一郎君\n理事 川上 二郎君 理事 森下 三郎君\n大野 四郎君 小池 五郎君\n",
     {"山川一郎": ("委員長", ""), "川上二郎": ("理事", ""), "森下三郎": ("理事", ""), "大野四郎": ("委員", ""),
      "小池五郎": ("委員", "")}),
    # a post wrapped over two lines: the unit on one, its head and the name on the next
    ("出席政府委員\n環境省自然保護\n局長 松本 健一君\n農林水産省生産\n局長 佐々木 孝君\n",
     {"松本健一": ("局長", "環境省自然保護局"), "佐々木孝": ("局長", "農林水産省生産局")}),
    # minutes flattened onto one line, its line breaks left as dashed rules; 君 after a name is no
    # part of the post after it; a proceedings word run onto the last name
    ("欠席議員(1名)     5番  木下正雄---------------------------------------説明のため出席した者の職氏名 "
     "町長         川口一夫君   総務課長       中山 進君 企画課企画係長    上田 茂-----------------------------"
     "事務局職員出席者 事務局長       本田和夫    書記         吉川次郎開会 午前10時00分\n",
     {"木下正雄": ("議員", ""), "川口一夫": ("町長", ""), "中山進": ("課長", "総務課"), "上田茂": ("係長", "企画課企画係"),
      "本田和夫": ("事務局長", "事務局"), "吉川次郎": ("書記", "事務局")}),  # (事務局長 is split later)
    # a row's heading cell names the unit of its staff; a second post joined to the first with 兼
    ("│事務局職員 │ 中川次長兼議事課長 高田主幹 │\n", {"中川": ("次長", "事務局"), "高田": ("主幹", "事務局")}),
    # family names that are words too (馬場, 大橋, 宮内) glued to their posts in a comma list
    ("事務局:高橋企画部長、馬場財政課長、大橋北部公民館長、宮内子ども相談センター長\n",
     {"高橋": ("部長", "企画部"), "馬場": ("課長", "財政課"), "大橋": ("館長", "北部公民館"),
      "宮内": ("センター長", "子ども相談センター")}),
    # a record flattened onto one line: each item's number (1 欠席議員) run onto the name before it
    ("1 出席議員 2名 1番 森田 健一 2番 北野 剛1 欠席議員 なし1 出席事務局職員 書記(主任) 西川 恵1 議事日程\n",
     {"森田健一": ("議員", ""), "北野剛": ("議員", ""), "西川恵": ("書記", "事務局")}),
    ("12番 青山一郎 14番 森田春男2欠席議員は、10番 吉川 真弓美 3 地方自治法第121条の規定により\n",
     {"青山一郎": ("議員", ""), "森田春男": ("議員", ""), "吉川真弓美": ("議員", "")}),
    # a member whose family and given names are both words (森下 善行), a member's name in kana after a seat
    ("出席議員\n三十一番森下 善行君\n二十二番あさがおかよ子君\n", {"森下善行": ("議員", ""), "あさがおかよ子": ("議員", "")}),
    # the office in brackets after a seat's name
    ("3番 森 一郎 4番 山 口 美香子(副議長) 5番 川 田 正(議長)\n",
     {"森一郎": ("議員", ""), "山口美香子": ("副議長", ""), "川田正": ("議長", "")}),
    # a seat's name glued to the heading of the next block
    ("出席議員(2名) 1番  原田光男君 2番  杉本和也欠席議員(1名)     3番  今井浩二\n",
     {"原田光男": ("議員", ""), "杉本和也": ("議員", ""), "今井浩二": ("議員", "")}),
]


@pytest.mark.parametrize("text,expected", REAL_MINUTES_LISTS)
def test_lists_of_real_minutes(text, expected):
    got = _read(text)
    for name, value in expected.items():
        assert got.get(name) == value, (name, got)


# letter-spaced names whose spacing the normalizer closes up, two a line, under a post and group notes
GLUED_NAMES = (
    "副 会 長 石 川 正 男 田 村 千代子\n委員 (東町)\n高 木 正 男 千 葉   勇\n(西町)\n"
    "佐 藤 雄 一 佐久間 健 二\n山 田 一 郎 中 島 直 樹\n"
)


@pytest.mark.parametrize("name,title", [
    ("石川正男", "副会長"), ("田村千代子", "副会長"), ("高木正男", "委員"), ("千葉勇", "委員"), ("佐藤雄一", "委員"),
    ("佐久間健二", "委員"), ("山田一郎", "委員"), ("中島直樹", "委員"),
])
def test_names_closed_up_are_cut_into_people(name, title):
    got = _read(GLUED_NAMES)
    assert got.get(name, ("",))[0] == title, got


@pytest.mark.parametrize("text,name,organization", [
    # the value of a 場所 field is no unit over the list below it
    ("場所\n\n市民会館大ホール\n\n事務局\n\n山本企画部長、井上財政課長、小西財政課主査\n", "井上", "財政課"),
    # a year in the record's title is no part of the committee
    ("平成30年  議会改革特別委員会\n\n│出席委員  │ 井 上   茂   新 井 金 作        │\n", "新井金作", "議会改革特別委員会"),
])
def test_a_field_or_a_year_is_no_unit_of_the_rows(text, name, organization):
    from pipeline.extractors.officials import find_mentions

    got = {m.name: m.organization for m in find_mentions(normalize(text).text)}
    assert got.get(name) == organization, got


@pytest.mark.parametrize("line,name,title", [
    ("委員長(木村君):ただいまより、委員会を開会いたします。", "木村", "委員長"),
    ("副委員長(たなか君):ただいまから再開いたします。", "たなか", "副委員長"),
])
def test_colon_speakers(make_context, line, name, title):
    got = found_officials(make_context, line + "\n")
    assert got.get(name, ("",))[0] == title, got


def test_everyone_addressed_is_no_honorific_ending_a_list():
    got = _read("教育総務課長 佐藤政志 学校教育課長 原 健 佐藤教育総務課長皆さん こんにちは\n")
    assert got.get("原健") == ("課長", "学校教育課"), got


NOT_REAL_LISTS = [
    "事務局:企画財政部長、情報政策課長、市民課長\n",  # posts with no name: 企画, 情報, 市民 are no family names
    "平成25年  議会運営委員会\n\n(西町)\n",  # a heading and a group note, no member
    "◎議題の確認について、委員長から説明があった。\n",  # a mark before prose
    "--------------------------------------------\n会議録署名議員の指名\n",
]


@pytest.mark.parametrize("text", NOT_REAL_LISTS)
def test_marks_rules_and_notes_name_no_one(text):
    assert _read(text) == {}


@pytest.mark.parametrize("text,name,expected", [
    # the 委員 of 委員会 is part of a unit glued to the post and the name, no post of its own
    ("出席説明員\n人事委員会事務局長岡田　義男君\n監査事務局長河野　　進君\n", "岡田義男", ("局長", "人事委員会事務局")),
    # a sitting (第11回委員会) over the rows is no unit of theirs
    ("第11回委員会 (11月19日)\n市執行部 市長(今井文雄),総務部次長(島村美智子)\n", "島村美智子", ("次長", "総務部")),
])
def test_units_and_sittings_around_list_rows(text, name, expected):
    from pipeline.extractors.officials import find_mentions

    got = {m.name: (m.title, m.organization) for m in find_mentions(normalize(text).text)}
    assert got.get(name) == expected, got


@pytest.mark.parametrize("text", [
    "◎重点施策 子育て支援 教育環境\n",  # a ◎ bullet over words: no chair
    "◎山田太郎氏の講演について\n",  # a ◎ bullet before prose
    "地域の皆様へ\n課長からのお知らせ\n",  # a line of words over a line of prose: no wrapped post
])
def test_bullets_and_prose_lines_are_no_rows(text):
    assert _read(text) == {}


def test_a_unit_wrapped_onto_its_head_s_line():
    got = _read("説明のため出席した者\n地域振興\n課長 山田 太郎君\n")
    assert got.get("山田太郎") == ("課長", "地域振興課"), got


# round of set t: headings with の職・氏名 and rules of asterisks, a 全員協議会 that heads no unit,
# committee seats (N番 name 委員) under a chair whose post names the committee
@pytest.mark.parametrize("text,expected", [
    ("令和3年全員協議会( 5月10日)\n"
     "〇職務のため出席した事務局職員の職・氏名  事務局長      大河内 正 志 君    議事課長      池 上 友 子 君"
     "  ****************説明のため出席した者の職・氏名  青葉市長      森 田 健 一 君    総務部長      川 村 直 人 君\n",
     {"大河内正志": ("局長", "事務局"), "池上友子": ("課長", "事務局議事課"), "森田健一": ("市長", "青葉市"),
      "川村直人": ("部長", "総務部")}),
    ("森 本 陽 一 予算特別委員長 宇 野 千 晴 副委員長\n"
     "1番 宇 野 千 晴 委員 2番 石 原 道 夫 委員\n3番 森 本 陽 一 委員 4番 今 西 良 平 委員\n",
     {"森本陽一": ("委員長", "予算特別委員会"), "宇野千晴": ("副委員長", "予算特別委員会"),
      "石原道夫": ("委員", "予算特別委員会"), "今西良平": ("委員", "予算特別委員会")}),
])
def test_set_t_list_headings_and_committee_seats(make_context, text, expected):
    assert found_officials(make_context, text) == expected


@pytest.mark.parametrize("written,organization,title", [
    ("事務局長補佐", "事務局", "局長補佐"), ("主査補", "", "主査補"), ("兼務書記", "", "兼務書記"),
    ("総務課主査補", "総務課", "主査補"),
])
def test_set_t_posts(written, organization, title):
    post = split_post(written)
    assert (post.organization, post.title) == (organization, title)


@pytest.mark.parametrize("text,expected", [
    # an item written as the one before it (a name glued to the same post) is a name, though no
    # dictionary knows the family name
    ("○出席者\n北原委員長、市川委員、稲穂委員、ロドリゲス委員、猪爪委員\n",
     {"北原": "委員長", "市川": "委員", "稲穂": "委員", "ロドリゲス": "委員", "猪爪": "委員"}),
])
def test_set_t_items_like_the_one_before(make_context, text, expected):
    got = found_officials(make_context, text)
    assert {name: got[name][0] for name in expected if name in got} == expected


@pytest.mark.parametrize("text,absent", [
    # a one-letter unit left after the name (横道財|政課) is no reading
    ("○事務局\n梶田職員課長、横道財政課長\n", ("横道財", "横")),
])
def test_set_t_no_item_reading_that_leaves_a_letter(make_context, text, absent):
    got = found_officials(make_context, text)
    assert not any(name in got for name in absent)


@pytest.mark.parametrize("text,expected", [
    # after a seat, a name in katakana of two words one space apart is one member
    ("〇出席議員(3名)  1番  森 田 健 一 君        2番  マルティネス カルロス 君  3番  大 野 洋 子 君\n",
     {"森田健一": ("議員", ""), "マルティネスカルロス": ("議員", ""), "大野洋子": ("議員", "")}),
])
def test_set_t_katakana_member(text, expected):
    assert _read(text) == expected


@pytest.mark.parametrize("text,expected", [
    # the secretariat written bare in front of a post (事務局主査) is the staff member's unit
    ("職務のため出席した事務局職員\n  事務局主査      西 村 和 也\n  事務局書記      大 野 ゆ か\n",
     {"西村和也": ("主査", "事務局"), "大野ゆか": ("書記", "事務局")}),
])
def test_set_t_secretariat_posts(text, expected):
    assert _read(text) == expected


# set j classes: letter-spaced rows written name then post, and rows cut by the next item's number
@pytest.mark.parametrize("text,expected", [
    # a given name of one letter set apart before a whole post is the name's, not a piece of the post
    ("〇説明者 小 沢 一 郎 市長    北ノ沢   誠 教育長   谷 口 美智子 消防長\n",
     {"小沢一郎": ("市長", ""), "北ノ沢誠": ("教育長", ""), "谷口美智子": ("消防長", "")}),
    ("〇説明者 石 田 里 美 町長  柏ヶ谷   守 教育長  松 井 正 人 総務部長\n",
     {"石田里美": ("町長", ""), "柏ヶ谷守": ("教育長", ""), "松井正人": ("部長", "総務部")}),
    # a unit whose word already names the unit (…センター) before 所長: the unit is not read again
    ("〇説明者 岩 井 和 夫 総務部長  森 本 康 一 健康センター所長\n",
     {"岩井和夫": ("部長", "総務部"), "森本康一": ("所長", "健康センター")}),
])
def test_set_j_name_then_post_rows(make_context, text, expected):
    got = found_officials(make_context, text)
    assert {name: got.get(name) for name in expected} == expected
    assert not any(name.startswith("説明者") for name in got)


@pytest.mark.parametrize("text,expected", [
    # the next item's number glued to the last name of a list (…悦子5.欠席議員); 議会事務局次長 read whole
    ("4.出席議員 1番 北 村 保 夫 2番 浅 田   悟 5.欠席議員 3番 南   光 子 6.職務のため出席した者の職氏名"
     " 議会事務局長 田 辺 正 一 議会事務局次長 宮 本 由 美 議会事務局主査 西 口 直 子 7.説明のため出席した者\n",
     {"北村保夫": ("議員", ""), "浅田悟": ("議員", ""), "南光子": ("議員", ""),
      "田辺正一": ("局長", "議会事務局"), "宮本由美": ("次長", "議会事務局"), "西口直子": ("主査", "議会事務局")}),
])
def test_set_j_items_glued_to_names(make_context, text, expected):
    got = found_officials(make_context, text)
    assert {name: got.get(name) for name in expected} == expected


@pytest.mark.parametrize("text,name", [
    # a time before the chair's post is no unit of the chair
    ("3.開 会 令和2年3月4日午前9時30分 議長山口花子さん宣告\n", "山口花子"),
])
def test_set_j_time_is_no_unit(make_context, text, name):
    got = found_officials(make_context, text)
    assert got[name][0] == "議長" and "時" not in got[name][1]


@pytest.mark.parametrize("text,expected", [
    # 君 set apart like the letters of the name before it is no part of the name
    ("1 出席議員\n 1番  青 木 一 夫 君   3番  上 田 さゆり 君\n",
     {"青木一夫": ("議員", ""), "上田さゆり": ("議員", "")}),
])
def test_set_j_spaced_honorific_after_a_name(text, expected):
    assert _read(text) == expected


@pytest.mark.parametrize("text,expected", [
    # a given name ending in 道 after a seat is a name (道 is a body only in 北海道)
    ("〇出席議員(2名) 1番  吉 田 康 道 議員     2番  森 下 正 道 議員\n",
     {"吉田康道": ("議員", ""), "森下正道": ("議員", "")}),
    # a post letter-spaced before a name is no family name (教 育 長 植村…)
    ("説明のため出席した者は、次のとおりである。   町     長  川 村 一 郎     教  育  長  大 山 佳 代"
     "     理事総務部長  中 野   茂\n",
     {"川村一郎": ("町長", ""), "大山佳代": ("教育長", ""), "中野茂": ("部長", "総務部")}),
    # a post after (兼) is held concurrently: the row's post is the one before it
    ("〇説明のため出席した者     市長          山 田 一 男 君     総務課長(兼)     財政室長      川 上 二 郎 君\n",
     {"山田一男": ("市長", ""), "川上二郎": ("課長", "総務課")}),
])
def test_set_j_dev_roster_rows(make_context, text, expected):
    got = found_officials(make_context, text)
    assert {name: got.get(name) for name in expected} == expected
    assert "長大山佳代" not in got


@pytest.mark.parametrize("text,expected", [
    # a name set apart letter by letter whose last letter ends units (市) is a member by its layout
    ("3.出 席 委 員  青  木  栄  一         若 田 部  治  彦\n           岡  村  恵  美         荒  川  浩  市\n",
     {"青木栄一": ("委員", ""), "若田部治彦": ("委員", ""), "岡村恵美": ("委員", ""), "荒川浩市": ("委員", "")}),
])
def test_set_j_spaced_member_named_like_a_unit(text, expected):
    assert _read(text) == expected


@pytest.mark.parametrize("text,expected", [
    # a member's given name in hiragana after a kanji family name unidic does not know
    ("出席委員(3名)  委 員 長  琴 浦 みさき  副委員長  清 水 和 夫  委  員  藤 尾 あゆみ\n",
     {"琴浦みさき": ("委員長", ""), "清水和夫": ("副委員長", ""), "藤尾あゆみ": ("委員", "")}),
])
def test_set_j_kana_given_names_of_members(text, expected):
    assert _read(text) == expected


@pytest.mark.parametrize("text", ["委員長 報告について 委員 選任された\n", "委員長 意見をのべ 委員 質問した\n"])
def test_set_j_words_after_a_member_post_are_no_names(text):
    assert _read(text) == {}
