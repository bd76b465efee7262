"""officials: member lists and staff runs of real minutes' layouts (issue 9 class 3), read by
pipeline/extractors/officials/attendance.py; every name and post here is invented.

Layouts: several members after one post; a 出席委員 heading whose members run on over lines of
names only (letter-spaced grids whose gaps were lost); an HTML table fallen apart one cell a line
under 議員の出欠; lists closed by 各委員; family names glued to their posts in comma lists under a
field label; a [unit] labelling a line; the first of two posts written …兼務 / (兼).
"""
from __future__ import annotations

import pytest

from pipeline.extractors.officials.attendance import find_attendance_mentions
from pipeline.extractors.titles import split_post
from pipeline.normalize import normalize


def _read(text: str) -> dict[str, tuple[str, str]]:
    norm = normalize(text).text
    return {m.name: (m.title, m.organization) for m in find_attendance_mentions(norm)}


CASES = [
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


@pytest.mark.parametrize("text,expected", CASES)
def test_member_lists_and_staff_runs(text, expected):
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
    # the sitting written in front of the committee is no part of its name
    ("令和5年第3回定例会青葉町産業建設常任委員会会議録\n〇出席委員\n山中委員長、辻本、岡部の各委員\n", "岡部",
     "青葉町産業建設常任委員会"),
    # the room a committee meets in is no body its members sit on
    ("広報委員会記録\n〇場所\n議会全員協議会室\n〇出席委員\n森田委員長、のむら、谷口の各委員\n", "谷口", "広報委員会"),
])
def test_members_take_the_committee_not_the_sitting_or_the_room(text, name, organization):
    from pipeline.extractors.officials import find_mentions

    got = {m.name: m.organization for m in find_mentions(normalize(text).text)}
    assert got.get(name) == organization, got
