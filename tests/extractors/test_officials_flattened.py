"""officials: record heads of minutes flattened onto one line, two-column rosters, speaker headers
inside flattened lines, and the organizations such rows and headers may take (issue 9, classes 1,
3 and 4; the layouts of real/dev u_14, w_01–w_05). Every name, post and body is invented.
"""
from __future__ import annotations

import pytest

from pipeline.extractors.officials.attendance import find_attendance_mentions
from pipeline.extractors.officials.inline import find_speaker_mentions
from pipeline.normalize import normalize
from tests.extractors.officials_support import found_officials


def _read(text: str) -> dict[str, tuple[str, str]]:
    norm = normalize(text).text
    return {m.name: (m.title, m.organization) for m in find_attendance_mentions(norm)}


# A PDF page's head flattened onto one line: its blocks follow one another, columns of
# letter-spaced names set apart by runs of spaces (the head is padded past a printed line's length).
_HEAD = "令和9年 5月10日 建設委員会              建設委員会記録   令和9年5月10日 議案第21号 道路の認定について中  "

FLATTENED = [
    # marked chair and vice-chair, members, then members of the council outside the committee
    (_HEAD + "〇出席委員 〔◎委員長  〇副委員長〕     ◎ 北 條 晴 彦            〇 南 谷 里 江       "
     "東 山 克 己              西 野   遼〇欠席委員 なし〇委員外出席者       上 原 隆 之              "
     "下 村   学       中 島 由 香〇説明員    副市長     森 岡 正 吾    建設部長  川 端 伸 夫    "
     "道路課長    石 井 真 人",
     {"北條晴彦": ("委員長", ""), "南谷里江": ("副委員長", ""), "東山克己": ("委員", ""), "西野遼": ("委員", ""),
      "上原隆之": ("議員", ""), "下村学": ("議員", ""), "中島由香": ("議員", ""),
      "森岡正吾": ("副市長", ""), "川端伸夫": ("部長", "建設部"), "石井真人": ("課長", "道路課")}),
    # numbered blocks; the next block's number glued after a row's last name (…浩 史 4 欠席議員)
    (_HEAD + "2 出席議員  1番  北 川 一 夫     2番  南   勇         3番  東 野 真 紀     5番  西 村 光 男 "
     "6番  岡 田 美 和 4 欠席議員  なし "
     "5 職務のため出席した事務局職員   事務局長     西 田   茂    書記       岡 本 恵 子",
     {"北川一夫": ("議員", ""), "南勇": ("議員", ""), "東野真紀": ("議員", ""), "西村光男": ("議員", ""),
      "岡田美和": ("議員", ""),
      "西田茂": ("事務局長", "事務局"), "岡本恵子": ("書記", "事務局")}),
    # a row's entry whose two posts stand before two names (a column wrapped): dropped alone
    (_HEAD + "〇説明員    副町長     高 田 昭 一    住民課長兼主幹(窓口担当)  税務課長    "
     "三 好 和 也            四 方 由 紀    福祉課長    村 上 直 美",
     {"高田昭一": ("副町長", ""), "村上直美": ("課長", "福祉課")}),
    # a given name of one letter set apart before a whole post is the name's, not the unit's
    (_HEAD + "〇説明員   町長       大 森 義 男    教育長      小早川   勉   総務課長     岸 本 亜 紀",
     {"大森義男": ("町長", ""), "小早川勉": ("教育長", ""), "岸本亜紀": ("課長", "総務課")}),
]


@pytest.mark.parametrize("text,expected", FLATTENED)
def test_flattened_record_heads_are_read_block_by_block(text, expected):
    assert _read(text) == expected


def test_a_block_heading_in_a_line_of_ordinary_length_is_left_to_the_line_reader():
    assert _read("〇出席委員 ◎北條晴彦 〇南谷里江 東山克己\n") == {
        "北條晴彦": ("委員長", ""), "南谷里江": ("副委員長", ""), "東山克己": ("委員", "")}


# A ruled table of seats, two seat–name columns a row, its head letter-spaced after a row label.
SEAT_TABLE = (
    "│出席議員 │議 席│氏 名 │議 席│氏 名 │\n"
    "│ │番 号│ │番 号│ │\n"
    "│ ├───┼─────────────┼───┼─────────────┤\n"
    "│ │1  │北 山 一 郎      │5  │南 田 花 子      │\n"
    "│ ├───┼─────────────┼───┼─────────────┤\n"
    "│ │2  │東 条 三 男      │6  │西 尾 四 郎      │\n"
)


def test_a_ruled_seat_table_with_two_columns_a_row():
    assert _read(SEAT_TABLE) == {
        "北山一郎": ("議員", ""), "南田花子": ("議員", ""), "東条三男": ("議員", ""), "西尾四郎": ("議員", "")}


def test_a_letter_spaced_name_after_a_table_bar_is_joined():
    assert "│議長 │北山一郎 │" in normalize("│議長 │北 山 一 郎  │\n").text


# One member a line, the family name set apart from a given name glued to the post, in kanji or kana.
@pytest.mark.parametrize("line,name,title", [
    ("北原 はるか委員長", "北原はるか", "委員長"),
    ("南野 ゆうすけ副委員長", "南野ゆうすけ", "副委員長"),
    ("東出 りこ委員", "東出りこ", "委員"),
    ("西村 直樹委員", "西村直樹", "委員"),
])
def test_a_family_name_apart_from_a_given_name_glued_to_the_post(line, name, title):
    assert _read("○出席委員(3名)\n" + line + "\n") == {name: (title, "")}


def test_a_kana_qualifier_of_a_post_is_still_a_post():
    assert _read("説明員\nまちづくり政策監 北 原 和 夫\n") == {"北原和夫": ("まちづくり政策監", "")}


# Speaker headers of minutes flattened onto one line, or with their bracket lost or of another shape.
@pytest.mark.parametrize("text,name,title,organization", [
    ("1          午前10時開議 ◯委員長(東 一平君)[ 12頁]  ただいまから開会します。", "東一平", "委員長", ""),
    ("◯議長【北野秀一君】 おはようございます。", "北野秀一", "議長", ""),
    ("〇議長(南田勝君) これより本日の会議を開きます。", "南田勝", "議長", ""),
    ("2 ◯3番(西岡健二) ご報告いたします。", "西岡健二", "議員", ""),
    ("開議 ◯議長西川良一君) ただいまの出席議員は18名です。", "西川良一", "議長", ""),
    ("3 ◯文教分科会長東田和夫君)登壇  分科会長報告を行います。", "東田和夫", "分科会長", "文教分科会"),
])
def test_speaker_headers_inside_flattened_lines(text, name, title, organization):
    got = {m.name: (m.title, m.organization) for m in find_speaker_mentions(normalize(text).text)}
    assert got.get(name) == (title, organization)


# Organizations: the text writes no council or municipality there, so none is glued on.
@pytest.mark.parametrize("text,name,expected", [
    # a member named in the minutes of a council the document names elsewhere
    ("令和9年北浜町議会臨時会\n議長におきまして、3番岸田議員、4番森野議員を指名致します。", "岸田", ("議員", "")),
    ("北浜市議会 会議録\n〇議長(南田勝君) これより本日の会議を開きます。", "南田勝", ("議長", "")),
    # a head in a list's row of a municipality's minutes
    ("北浜市議会 総務委員会\n〇説明員\n副市長     森 岡 正 吾\n", "森岡正吾", ("副市長", "")),
    # … but the head of the body the sentence writes before the post with の
    ("北浜町の町長である岸本 浩一 町長は次のように述べた。", "岸本浩一", ("町長", "北浜町")),
])
def test_no_council_or_municipality_the_text_does_not_write_there(make_context, text, name, expected):
    assert found_officials(make_context, text)[name] == expected


def test_a_committee_member_still_takes_the_committee(make_context):
    text = "建設委員会記録\n○出席委員\n◎北條晴彦 〇南谷里江 東山克己\n"
    assert found_officials(make_context, text)["東山克己"] == ("委員", "建設委員会")


# 出席説明員 rows of one person each: two posts joined by a comma (the first is held), a brief under
# its unit, a name whose family and given names are words too.
@pytest.mark.parametrize("line,name,expected", [
    ("企画部広報課長、企画部秘書担当課長 北村 純", "北村純", ("課長", "企画部広報課")),
    ("総務部防犯担当課長、総務部防災課長 南 健一", "南健一", ("防犯担当課長", "総務部")),
    ("総務部情報推進室働き方改革担当課長 東 大地", "東大地", ("働き方改革担当課長", "総務部情報推進室")),
    ("防災危機管理担当部長 西村 敏", "西村敏", ("防災危機管理担当部長", "")),
    ("会計室長 古本 正夫", "古本正夫", ("室長", "会計室")),
])
def test_staff_rows_of_one_person(make_context, line, name, expected):
    assert found_officials(make_context, "○出席説明員\n" + line + "\n")[name] == expected


def test_members_under_a_heading_whose_names_fugashi_does_not_know(make_context):
    text = ("〇委員外出席者\n北 山 一 郎      南 田 花 子      栃 本 訓 司      西 尾 四 郎\n")
    got = found_officials(make_context, text)
    assert got["栃本訓司"] == ("議員", "")


@pytest.mark.parametrize("post,expected", [
    ("建設文教常任委員長", ("建設文教常任委員会", "委員長")),
    ("決算特別副委員長", ("決算特別委員会", "副委員長")),
])
def test_a_committee_chair_named_by_the_committee(post, expected):
    from pipeline.extractors.titles import split_post
    got = split_post(post)
    assert (got.organization, got.title) == expected


def test_a_member_reporting_as_chair_by_family_name_takes_the_chair(make_context):
    text = ("◯議長(北 一郎) 厚生常任委員長から報告を求めます。南田厚生常任委員長。 "
            "◯4番(南田大輔) ただいま議題となりました議案について御報告いたします。\n")
    assert found_officials(make_context, text)["南田大輔"] == ("委員長", "厚生常任委員会")


def test_a_member_who_chairs_the_council_is_its_chair(make_context):
    text = ("出席議員(3名)\n1番 北 山 一 郎   2番 南 田 花 子   3番 東 条 三 男\n\n"
            "○議長(東条三男君) ただいまから会議を開きます。\n")
    assert found_officials(make_context, text)["東条三男"] == ("議長", "")


def test_a_head_in_a_row_read_with_its_honorific_takes_no_body(make_context):
    text = "北浜町議会 会議録\n説明のため出席した者の職氏名 町長         北村一平君   教育長        南 良子君\n"
    got = found_officials(make_context, text)
    assert got["北村一平"] == ("町長", "") and got["南良子"] == ("教育長", "")


@pytest.mark.parametrize("text,name,expected", [
    # minutes the 議長 chairs: a name with 君 and no post written is a member's
    ("◯議長(北山一郎君) 遅刻の届け出がありました。南田花子君が遅刻。\n", "南田花子", ("議員", "")),
    # … but a name in a speaker's brackets takes the post before them
    ("◯議長(北山一郎君) 市長。\n◯市長(東 条 三 男君) お答えします。\n", "東条三男", ("市長", "")),
])
def test_names_with_kun_in_minutes_chaired_by_the_speaker(make_context, text, name, expected):
    assert found_officials(make_context, text)[name] == expected


def test_a_name_with_kun_outside_minutes_takes_no_post(make_context):
    assert "南田花子" not in found_officials(make_context, "地域の集まりに南田花子君が来た。\n")
