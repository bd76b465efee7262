"""officials: texts that must yield no official (unnamed posts, generic people, places)."""
from __future__ import annotations

import pytest

from pipeline.extractors import officials
from tests.extractors.officials_support import found_officials

MUST_NOT_MATCH = [
    "デジタル統括室基盤担当課長 （説明）",
    "デジタル統括室DX推進担当課長が説明した。",
    "全職員にテレワークを拡大した。",
    "職員の皆様にご協力いただいた。",
    "担当者から提案があった。",
    "課長級以上の職員が対象となる。",
    "市長がペーパーでは説明を受けないと徹底している。",
    "市長部局の職員数は2万人を超える。",
    "北条市長の諮問に答申した。",  # a post of a place, no person
    "お客様の声を反映した。",
    "利用者様へのお知らせ",
    "(3) 委員所見",
    "市長コメント",
    "記者発表資料",
    "氏名を記入してください。",
    "様式第1号",
    "山田氏によれば、と話題になった。",  # a name with no post anywhere
    "3番、佐藤一郎君。",  # a call, no post
    "会場 青葉市役所 本庁舎3階 第1委員会室",
    "愛用のテレキャスターを手放した。",  # one katakana word, not name + post
    "信濃佐久郡の大井氏が治めた。",  # a clan (氏) with a place, no post
    "若葉県議会議員の定数を減らす。",  # 議会 is no name
    "軍部出身議員が増えた。",
]


@pytest.mark.parametrize("text", MUST_NOT_MATCH)
def test_must_not_match(make_context, text):
    assert officials.extract(make_context(text), {}) == []


def test_name_does_not_stop_inside_a_given_name(make_context):
    # unidic splits an unknown given name; the post must not start with its last character
    rows = officials.extract(make_context("高橋寛一郎名誉教授が講演した。"), {})
    assert all(r.title == "名誉教授" for r in rows)


def test_national_posts_take_no_municipality(make_context):
    rows = officials.extract(make_context("青葉市では、河野総理大臣が視察した。"), {})
    assert all(r.organization == "" for r in rows)


def test_place_named_like_a_family_is_not_a_person(make_context):
    text = "吉田町では新庁舎を整備した。吉田町長は記者会見で述べた。"
    assert officials.extract(make_context(text), {}) == []


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_PIECES = st.sampled_from(
    ["青葉市", " ", "\n", "　", "担当係長", "課長", "市長", "氏", "君", "○", "（", "）", "同", "の",
     "川端", "優子", "尾", "崎", "株式会社", "委員", "は", "、", "。", "|", "\t", "：", "12番"]
)


@settings(max_examples=60, deadline=None)
@given(st.lists(_PIECES, max_size=25).map("".join))
def test_rows_always_quote_the_original(make_context, text):
    ctx = make_context(text)
    for row in officials.extract(ctx, {}):
        assert ctx.norm.original[row.start:row.end] == row.text
        assert row.name and " " not in row.name
        assert row.person_id.startswith("p_")


@pytest.mark.parametrize("text", [
    "全議員が出席し、委員外議員として発言した。\n",  # all members, members outside the committee: no one named
    "鈴木教育総務課長皆さん こんにちは\n",  # 皆さん addresses everyone: no name before it
    "出席議員(2名) 3番 高田光男 4番 岡本和也欠席議員(1名)---------開会宣告議長\n",
])
def test_collective_words_and_glued_headings_are_no_names(make_context, text):
    got = found_officials(make_context, text)
    assert not ({"全", "委員外", "長皆", "課長皆", "岡本和也欠席"} & set(got)), got
    assert all(not re_damaged(t) for t, _ in got.values()), got


def re_damaged(title: str) -> bool:
    import re

    return bool(re.search(r"[0-9]+[時分]|-{2,}", title))


def test_the_late_is_no_part_of_the_name(make_context):
    got = found_officials(make_context, "故山本一郎議員の追悼演説について\n")
    assert "故山本一郎" not in got and got.get("山本一郎", ("",))[0] == "議員", got


@pytest.mark.parametrize("text,name", [
    ("　７番北川和夫議員。\n◯７番（北川和夫君）　質疑を行います。\n", "北川和夫"),  # the seat's 番 is no part of the name
])
def test_set_j_seat_letter_is_no_name(make_context, text, name):
    got = found_officials(make_context, text)
    assert name in got and not any(n.startswith("番") for n in got)
