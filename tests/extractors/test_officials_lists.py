"""officials: labelled lists of participants written with commas (pipeline/extractors/officials/lists.py).

The layouts are those of councils' inspection reports and records (参加者氏名 over a line of
names, 出席者： with the names after it); every name is invented.
"""
from __future__ import annotations

import pytest

from pipeline.extractors.officials.lists import find_participant_mentions
from pipeline.normalize import normalize
from tests.extractors.officials_support import found_officials


def _read(text: str) -> dict[str, tuple[str, str]]:
    norm = normalize(text).text
    return {m.name: (m.title, m.organization) for m in find_participant_mentions(norm)}


@pytest.mark.parametrize("text,expected", [
    # a council's report: the label on its own line, spaced names on the next
    ("青葉市議会 行政視察報告書\n視察先\n東町\n参加者氏名\n森 一郎、川田 正、大木 はるみ、野口 健太\n",
     {"森一郎": ("議員", ""), "川田正": ("議員", ""), "大木はるみ": ("議員", ""), "野口健太": ("議員", "")}),
    # the post written after each name; the label and the names on one line
    ("出席者：山下光一委員、岡田裕子委員、石井和夫委員\n",
     {"山下光一": ("委員", ""), "岡田裕子": ("委員", ""), "石井和夫": ("委員", "")}),
])
def test_participant_lists(text, expected):
    assert _read(text) == expected


@pytest.mark.parametrize("text", [
    # no council named: the participants hold no post the text gives
    "研修会報告\n参加者氏名\n森 一郎、川田 正、大木 はるみ\n",
    # an item that is no name: not a list of people
    "青葉市議会だより\n参加者\n市民、事業者、大学の研究者\n",
    "青葉市議会だより\n出席者：森 一郎、川田 正、ほか多数の市民が参加した\n",
    # two names only
    "青葉市議会だより\n参加者氏名\n森 一郎、川田 正\n",
])
def test_not_participant_lists(text):
    assert _read(text) == {}


def test_posts_listed_after_the_label_are_no_participants():
    assert _read("青葉市議会だより\n出席者：市長、副市長、教育長\n") == {}


@pytest.mark.parametrize("text,name", [
    # one post, then a family name and a given name of three letters each: one person, not two
    ("会計管理者 長谷川 健太郎\n政策企画課長 今村政治\n", "長谷川健太郎"),
    ("会計管理者 佐々木 美代子\n", "佐々木美代子"),
])
def test_set_j_family_and_given_of_three_letters(make_context, text, name):
    got = found_officials(make_context, text)
    assert name in got and not any(n in got for n in (name[:3], name[3:]))
