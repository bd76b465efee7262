"""officials in council vote tables (議決結果一覧表, 議員別賛否一覧): the header row of names.

All tables invented: names, bills and councils are made up, laid out as councils print them
(cells apart by runs of spaces, a short name padded with a full-width space)."""
from __future__ import annotations

import pytest

from pipeline.extractors.officials.votes import find_vote_table_mentions, is_name_cell
from pipeline.normalize import normalize
from tests.extractors.officials_support import found_officials

_HEADER = "番号      件名            議決結果    {names}"


def _table(names: list[str], rows: list[list[str]], cue: str = "令和５年９月定例会　議決結果一覧表") -> str:
    lines = [cue, "", _HEADER.format(names="     ".join(names)), ""]
    for k, marks in enumerate(rows, 1):
        lines.append(f"第{k}号  青葉市手数料条例の一部改正について        原案可決    " + "     ".join(marks))
    return "\n".join(lines) + "\n"


NAMES = ["大川健吾", "森　正", "佐々木　聡", "北野真由美", "柳　和也"]

# (names, vote rows, who is in the chair)
TABLES = [
    (NAMES, [["○", "議長", "○", "×", "○"], ["○", "議長", "○", "○", "○"]], "森正"),
    (NAMES, [["〇", "〇", "〇", "欠席", "議長"]], "柳和也"),
    (NAMES, [["賛成", "反対", "議", "賛成", "賛成"]], "佐々木聡"),
    (["高田光男", "西村 陽子", "吉岡　勉", "三浦和彦"], [["○", "○", "－", "議長"]], "三浦和彦"),
]


@pytest.mark.parametrize("names,rows,chair", TABLES)
def test_every_member_named_in_the_header_is_a_council_member(make_context, names, rows, chair):
    got = found_officials(make_context, _table(names, rows))
    for written in names:
        name = "".join(written.split())
        assert got.get(name) == ("議長" if name == chair else "議員", ""), (name, got)


# a name row with no vote cue nearby but marks below as many as the names is a vote table too
def test_marks_below_are_evidence_without_a_title(make_context):
    text = _table(NAMES, [["○", "○", "議長", "○", "×"]], cue="令和５年第３回定例会")
    got = found_officials(make_context, text)
    assert got["佐々木聡"] == ("議長", "")
    assert got["大川健吾"] == ("議員", "")


# a member whose column says 議長 in only some rows (a vice-chair took over once) stays 議員
def test_chair_must_hold_most_rows(make_context):
    rows = [["○", "議長", "○", "○", "○"], ["○", "○", "議長", "○", "○"], ["○", "○", "○", "議長", "○"]]
    got = found_officials(make_context, _table(NAMES, rows))
    assert {got[n][0] for n in ("森正", "佐々木聡", "北野真由美")} == {"議員"}


NOT_VOTE_TABLES = [
    # names in a row, but neither a vote word above nor marks below: a roster, not a vote table
    "出席者名簿\n\n大川健吾     森　正     北野真由美     柳　和也\n",
    # header words only
    "賛否一覧\n\n区分    番号    案件名    議決    議決結果\n第１号  ○  ○  ○\n",
    # faction names over the member columns
    "賛否状況\n青葉クラブ            みらい            青葉市議会     無所属\n",
    # two names only
    "議決結果一覧表\n\n大川健吾     北野真由美\n第１号   ○   ○\n",
]


@pytest.mark.parametrize("text", NOT_VOTE_TABLES)
def test_no_members_outside_a_vote_table(text):
    assert find_vote_table_mentions(normalize(text).text) == []


@pytest.mark.parametrize("cell,expected", [
    ("大川健吾", True),
    ("森 正", True),
    ("佐々木 聡", True),
    ("議決結果", False),
    ("案件名", False),
    ("区分 番号", False),
    ("原案可決", False),
    ("まつり", False),
])
def test_name_cells(cell, expected):
    assert is_name_cell(cell) is expected


# the rows around a vote table: faction names over the columns, a side label of the bill kind
# (a post's word running on into a unit or a compound of common nouns is no name)
AROUND_THE_TABLE = [
    "賛否状況\nみらい青葉            青葉クラブ            青葉市議会    無所属\n",
    "青葉町議会 無所属\n",
    "市長提出議案   条　例\n",
    "町長提出議案   予　算\n",
]


@pytest.mark.parametrize("text", AROUND_THE_TABLE)
def test_no_official_in_the_labels_around_a_vote_table(make_context, text):
    assert found_officials(make_context, text) == {}


# a family name glued to its post still reads (the fix above keeps single words)
@pytest.mark.parametrize("text,name", [("観光振興局長浜 由美子君\n", "浜由美子"), ("総務企画局長山手 進君\n", "山手進")])
def test_a_family_name_glued_to_a_post_still_reads(make_context, text, name):
    assert name in found_officials(make_context, text)


# other ways the same table is written: kana given names, a faction row as the cue
OTHER_LAYOUTS = [
    ("賛否一覧\n番号    件名    結果    大川健吾    森　正    北野　まゆみ    柳　和也\n第１号    青葉市税条例    可決    ○    議長    ○    ×\n",
     {"大川健吾": "議員", "森正": "議長", "北野まゆみ": "議員", "柳和也": "議員"}),
    ("会派名        みらい青葉        青葉クラブ\n議員名    大野 とし子    水沢 さとし    石山正弘\n",
     {"大野とし子": "議員", "水沢さとし": "議員", "石山正弘": "議員"}),
]


@pytest.mark.parametrize("text,expected", OTHER_LAYOUTS)
def test_other_layouts_of_the_header_row(make_context, text, expected):
    got = found_officials(make_context, text)
    assert {name: got.get(name, ("", ""))[0] for name in expected} == expected, got


# two tables, each with its header: the chair's column is read under its own header only
def test_each_header_reads_the_rows_under_it(make_context):
    first = _table(NAMES, [["○", "議長", "○", "○", "○"]])
    second = _table(["高田光男", "西村陽子", "吉岡　勉", "三浦和彦", "大川健吾"], [["○", "○", "○", "議長", "○"]] * 3)
    got = found_officials(make_context, first + "\n" + second)
    assert got["森正"] == ("議長", "")
    assert got["三浦和彦"] == ("議長", "")
    assert got["西村陽子"] == ("議員", "")
