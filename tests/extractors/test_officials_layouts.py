"""officials: roster lines, posts without a name, appositives, contact lines with numbers,
bracketed notes, names glued to their post, describing posts — all sentences invented."""
from __future__ import annotations

import pytest

from pipeline.extractors import officials
from tests.extractors.officials_support import found_officials


_found = found_officials


ROSTER = (
    "若葉市議会 環境委員会 会議録\n\n出席委員（6名）\n"
    "委員長 田村 健一　副委員長 小野 由美\n"
    "委員 石井 大輔　高木 直子　林 優太　村上 恵\n\n"
    "○委員長（田村健一）　開会します。\n○石井委員　伺います。\n○高木委員　関連して伺います。\n"
)


def test_roster_line_gives_every_name_its_post(make_context):
    got = _found(make_context, ROSTER)
    assert got["田村健一"] == ("委員長", "若葉市議会環境委員会")
    assert got["小野由美"] == ("副委員長", "若葉市議会環境委員会")
    for name in ("石井大輔", "高木直子", "林優太", "村上恵"):
        assert got[name] == ("委員", "若葉市議会環境委員会")


def test_speaker_family_names_resolve_to_the_roster(make_context):
    ctx = make_context(ROSTER)
    rows = officials.extract(ctx, {})
    names = {r.name for r in rows}
    assert "石井" not in names and "高木" not in names
    assert len({r.person_id for r in rows if r.name == "石井大輔"}) == 1
    assert sum(r.name == "石井大輔" for r in rows) >= 2  # the roster and the speaker header


@pytest.mark.parametrize("line,expected", [
    ("委員 青山 翔　内田 真央　川村 亮\n", {"青山翔", "内田真央", "川村亮"}),
    ("委員　青山翔太　内田真央子\n", {"青山翔太", "内田真央子"}),
    ("会長 佐伯 昭　副会長 堀田 紀子　委員 森下 隼人\n", {"佐伯昭", "堀田紀子", "森下隼人"}),
    ("委員 青山翔太、内田真央子、川村亮介\n", {"青山翔太", "内田真央子", "川村亮介"}),
])
def test_roster_lines(make_context, line, expected):
    got = _found(make_context, "若葉市行政改革推進審議会 名簿\n" + line)
    assert expected <= set(got), got


def test_roster_pairs_take_the_post_right_before_them(make_context):
    got = _found(make_context, "青葉町議会 広報委員会\n委員長 佐伯 昭　副委員長 堀田 紀子\n")
    assert got["佐伯昭"][0] == "委員長" and got["堀田紀子"][0] == "副委員長"


POST_WITHOUT_NAME = [
    "○情報政策課長　ご説明いたします。\n",
    "○財政課長　お答えします。\n",
    "○企画調整課長　補足いたします。\n",
    "○デジタル推進課長　そのとおりです。\n",
    "○副市長　お答えします。\n",
    "○副議長　休憩します。\n",
    "■ 株式会社テクノリンク 代表取締役のコメント\n",
    "株式会社アルメディオ 代表取締役\n",
    "協定書には、公立はこだて未来大学 学長の署名が入る。\n",
    # a post then words that are no names (a roster must hold family and given names)
    "委員 意見 要望 提案 回答\n",
    "委員長 開会 宣言 委員 質疑 応答\n",
    "課長 説明 資料\n",
]


@pytest.mark.parametrize("text", POST_WITHOUT_NAME)
def test_post_without_a_name_is_no_person(make_context, text):
    assert officials.extract(make_context(text), {}) == []


def test_speaker_with_family_name_and_unit_post_still_read(make_context):
    got = _found(make_context, "令和6年 青葉市議会 予算委員会記録\n○金広保育課長　お答えします。\n")
    assert got["金広"] == ("課長", "保育課")


# (text, name, title, organization)
LAYOUTS = [
    # ORG の TITLE、NAME + honorific (appositive)
    ("青葉町では、企画課 統計係の主事、岡本 翔太氏（28歳）が中心となった。", "岡本翔太", "主事", "企画課統計係"),
    ("若葉県 総務部 行政経営課の課長補佐、中村 佳織さんによると、効果は大きい。",
     "中村佳織", "課長補佐", "若葉県総務部行政経営課"),
    # contact lines: an extension or a phone number ends the name
    ("若葉市 補正予算の概要\n（担当：企画部 政策推進課長 橋本 真一　内線３１０２）\n",
     "橋本真一", "課長", "企画部政策推進課"),
    ("問い合わせ先\n青葉市総務局広報課 主任 今井 亮介 電話011-211-2036\n", "今井亮介", "主任", "青葉市総務局広報課"),
    ("連絡先\n若葉市企画部 主事 木下 彩 TEL 017-734-0000\n", "木下彩", "主事", "若葉市企画部"),
    ("問い合わせ\n若葉市企画部 主査 佐野 健 電話番号 0138-21-3622\n", "佐野健", "主査", "若葉市企画部"),
    ("連絡先：若葉市総務課 主任 森 遥 E-mail: mori@example.jp\n", "森遥", "主任", "若葉市総務課"),
    # a bracketed note after the name is no post; kana after a founder (公立/県立) stays in the name
    ("出席者\n青葉市長 今村 一郎\n県立ひばり工科大学 情報学科 准教授 堀 智子（共同研究の責任者）\n",
     "堀智子", "准教授", "県立ひばり工科大学情報学科"),
    ("出席者　函館市長 森 太一\n", "森太一", "市長", "函館市"),
    # name + post glued, a space inside the name
    ("（北陸日報 中島 沙耶記者）\n", "中島沙耶", "記者", "北陸日報"),
    ("山崎 純（NHK記者）によると、", "山崎純", "記者", "NHK"),
    # a post describing the nearer one (X の 副市長): the post the name holds
    ("青葉市は推進本部を置いた。本部長には最高情報責任者（CIO）の副市長 石川 孝が就く。",
     "石川孝", "副市長", "青葉市"),
    # the council's secretariat written without its council stays so (the council is its body)
    ("視察報告\n来訪者　若葉県青葉市議会　建設委員会\n委員長\t荒木　修\n議会事務局議事課主事\t北野　佳奈\n",
     "北野佳奈", "主事", "議会事務局議事課"),
    # the family name after a particle (主査の坂口 翔太さん)
    ("若葉市 総務部 情報政策課 主査の坂下 翔太さん（34）は「…」と話す。", "坂下翔太", "主査", "若葉市総務部情報政策課"),
]


@pytest.mark.parametrize("text,name,title,org", LAYOUTS)
def test_layouts(make_context, text, name, title, org):
    got = _found(make_context, text)
    assert got.get(name) == (title, org), got


def test_spaced_titles_in_a_byline_stay_together(make_context):
    # two posts written side by side (no の between them) are one title as written
    got = _found(make_context, "青葉ソリューションズ株式会社 執行役員 公共営業本部長 村井 浩\n")
    assert got["村井浩"][0] == "執行役員 公共営業本部長"


def test_given_name_stops_at_a_particle(make_context):
    got = _found(make_context, "若葉市は推進本部を置いた。副本部長には副市長 石川 孝が就く。")
    assert "石川孝" in got and not any(n.startswith("石川孝が") for n in got)


@pytest.mark.parametrize("text,name,expected", [
    # a company's attributes in brackets: post, colon, name
    ("アオバ株式会社(本社:東京都港区、代表取締役:岡島隆一、以下「アオバ」)は新サービスを発表しました。\n",
     "岡島隆一", ("代表取締役", "アオバ株式会社")),
    ("地域の見守りアプリを提供する株式会社ミドリテック(本社:大阪市北区、代表取締役社長:吉岡 真理)は、\n",
     "吉岡真理", ("代表取締役社長", "株式会社ミドリテック")),
])
def test_colon_post_in_a_body_s_attributes(make_context, text, name, expected):
    assert _found(make_context, text).get(name) == expected


@pytest.mark.parametrize("text", [
    "備考:山田太郎が担当する予定です。\n",  # a note, no post before the colon
    "代表取締役:未定、以下同じ\n",  # no name after the colon
])
def test_colon_lines_with_no_post_and_name(make_context, text):
    assert _found(make_context, text) == {}


def test_a_flattened_speaker_header_with_its_bracket_lost(make_context):
    text = "令和元年議会運営委員会 10時00分開会 ○委員長山田和也) ただいまから、議会運営委員会を開会する。\n"
    assert _found(make_context, text).get("山田和也") == ("委員長", "議会運営委員会")  # the year is no part of it


def test_a_member_s_name_before_another_member_is_no_post(make_context):
    text = "無所属の森本太郎議員小島由紀議員、大川健議員が委員外議員として出席している。\n"
    got = _found(make_context, text)
    assert got.get("小島由紀", ("",))[0] == "議員", got


# set j: speaker headers of minutes flattened onto one line — mark, name, a space, post, a space, speech
@pytest.mark.parametrize("text,expected", [
    ("札幌市議会総務委員会記録 ○山田はるか 委員長 ただいまから、総務委員会を開会いたします。"
     " ◆田中一郎 委員 私から伺います。 ◎沢 財政部長 お答えいたします。\n",
     {"山田はるか": ("委員長", "総務委員会"), "田中一郎": ("委員", "総務委員会"), "沢": ("部長", "財政部")}),
])
def test_set_j_flattened_speaker_headers(make_context, text, expected):
    got = found_officials(make_context, text)
    assert {name: got.get(name) for name in expected} == expected


@pytest.mark.parametrize("text,absent", [
    ("○委員長 ただいまから会議を開きます。\n", "委員長"),  # a post alone after the mark is no name
    ("4 正副議長\n議長 山本一郎\n副議長 川口次郎\n", "正"),  # 正副議長: a heading, no 正 as a name
])
def test_set_j_no_speaker_without_a_name(make_context, text, absent):
    assert absent not in found_officials(make_context, text)


@pytest.mark.parametrize("text,name,title,org", [
    # a family name's first letter unidic does not know, after の (the token 晃市 runs across the post)
    ("富山県の杉椿晃市長は三日、計画を説明した。\n", "杉椿晃", "市長", ""),
    ("魚沼市の柳椿晃市長は三日、計画を説明した。\n", "柳椿晃", "市長", "魚沼市"),
])
def test_set_j_possessive_name_title(make_context, text, name, title, org):
    got = found_officials(make_context, text)
    assert got.get(name, ("", ""))[0] == title
    if org:
        assert got[name][1] == org


@pytest.mark.parametrize("text,expected", [
    # a member's registered name in Latin letters, an item of a list of members
    ("傍聴議員 ZEN議員、山田花子議員、川口一郎議員\n", {"ZEN": ("議員", ""), "山田花子": ("議員", "")}),
])
def test_set_j_latin_member_in_a_list(make_context, text, expected):
    got = found_officials(make_context, text)
    assert {name: got.get(name) for name in expected} == expected


@pytest.mark.parametrize("text", ["NPOのABC議員連盟が発足した。\n", "会議にはABC議員が出席した。\n"])
def test_set_j_latin_word_alone_is_no_member(make_context, text):
    assert "ABC" not in found_officials(make_context, text)
