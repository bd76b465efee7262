"""officials: a role in a body written with the post the person holds, bracketed posts,
press bureau credits, board-of-education posts — all sentences invented."""
from __future__ import annotations

import pytest

from pipeline.extractors import officials
from pipeline.extractors.officials import lists
from pipeline.extractors.titles import split_post
from tests.extractors.officials_support import found_officials

_found = found_officials

HEADQUARTERS = (
    "第2回若葉県デジタル改革本部会議 議事概要\n\n出席者\n"
    "本部長 知事 青木 隆之\n"
    "副本部長 副知事 杉本恵美\n"
    "CIO（最高情報責任者） 永田 誠\n"
    "CISO（最高情報セキュリティ責任者） 宮本沙織\n"
    "本部員 総務部長 島田 浩\n"
)


def test_role_in_a_body_yields_to_the_post_held(make_context):
    got = _found(make_context, HEADQUARTERS)
    assert got["青木隆之"] == ("知事", "")  # a roster row: the 県 is not written there (whose: body)
    assert got["杉本恵美"] == ("副知事", "")


def test_abbreviated_cxo_keeps_its_head_and_the_prefecture(make_context):
    # a list row names no organization: the prefecture is the row's body
    rows = {r.name: r for r in officials.extract(make_context(HEADQUARTERS), {})}
    assert (rows["永田誠"].title, rows["永田誠"].body) == ("CIO", "若葉県")
    assert (rows["宮本沙織"].title, rows["宮本沙織"].body) == ("CISO", "若葉県")


def test_two_company_titles_stay_side_by_side(make_context):
    got = _found(make_context, "株式会社ミドリテック\n常務執行役員 公共営業本部長 藤井 拓也\n")
    assert got["藤井拓也"][0] == "常務執行役員 公共営業本部長"


def test_company_cto_takes_no_municipality(make_context):
    text = "株式会社ソラネット（本社：若葉市）\nCTO 長谷川 亮\n"
    assert _found(make_context, text).get("長谷川亮", ("", ""))[1] != "若葉市"


BOARD = (
    "若葉町教育委員会 令和6年5月定例会 会議録\n\n出席者\n"
    "教育長 岩田 直人\n"
    "委員（教育長職務代理者） 柴田 和夫\n"
    "委員 松井 由香\n\n"
    "○教育長（岩田直人） 開会します。\n"
    "○柴田委員 端末の更新時期を伺います。\n"
    "○松井委員 関連して伺います。\n"
)


def test_board_of_education_posts(make_context):
    got = _found(make_context, BOARD)
    assert got["岩田直人"] == ("教育長", "若葉町教育委員会")
    assert got["柴田和夫"] == ("教育長職務代理者", "若葉町教育委員会")
    assert got["松井由香"] == ("委員", "若葉町教育委員会")


def test_member_with_a_bracketed_post_resolves_its_family_name(make_context):
    rows = officials.extract(make_context(BOARD), {})
    names = {r.name for r in rows}
    assert "柴田" not in names and "松井" not in names
    assert sum(r.name == "柴田和夫" for r in rows) >= 2


def test_superintendent_answering_in_a_council(make_context):
    text = (
        "令和6年第2回若葉町議会定例会 会議録\n"
        "○議長（大塚正人君） 教育長、西川弘子君。\n"
        "○教育長（西川弘子君） お答えいたします。端末は全校で更新しました。\n"
    )
    # a speaker header writes the post bare: no body is glued on from the council's name (issue 9)
    assert _found(make_context, text)["西川弘子"] == ("教育長", "")
    text += "詳しくは教育委員会学校教育課でご案内しております。\n"
    assert _found(make_context, text)["西川弘子"] == ("教育長", "")


@pytest.mark.parametrize("line,name,expected", [
    ("（前橋支局 記者 小川翔太）", "小川翔太", ("記者", "前橋支局")),
    ("（前橋支局 記者 小川 翔太）", "小川翔太", ("記者", "前橋支局")),
    ("記者 小川翔太（前橋支局）", "小川翔太", ("記者", "前橋支局")),
    ("（前橋支局 小川 翔太）", "小川翔太", ("", "前橋支局")),
])
def test_press_bureau_credits(make_context, line, name, expected):
    text = "若葉市は窓口の予約制を始めた。\n\n" + line + "\n"
    assert _found(make_context, text)[name] == expected


@pytest.mark.parametrize("post,expected", [
    ("パブリックセクター副事業本部長", ("", "パブリックセクター副事業本部長")),
    ("マーケティング部長", ("", "マーケティング部長")),
    ("教育長職務代理者", ("", "教育長職務代理者")),
])
def test_titles_in_front_of_a_post(post, expected):
    got = split_post(post)
    assert (got.organization, got.title) == expected


MUST_NOT_MATCH = [
    "（前橋支局 記者会見 小川翔太）",  # 記者会見 is no post
    "委員（仮称） 小川 翔太",  # a bracket that is no post
]


@pytest.mark.parametrize("text", MUST_NOT_MATCH)
def test_must_not_read_a_post(make_context, text):
    got = _found(make_context, text + "\n")
    assert got.get("小川翔太", ("", ""))[0] not in ("記者", "仮称")


from hypothesis import given, strategies as st  # noqa: E402


@given(st.text(alphabet="委員長CIO（）()教育長職務代理者 山田\n", max_size=40))
def test_bracketed_post_reading_keeps_offsets(s):
    assert len(lists._read_bracketed_posts(s)) == len(s)
