"""officials: personnel-change layouts (pipeline/extractors/officials/personnel.py).

The layouts are those of newspapers' 人事異動 pages (entries joined by ▽, the former post in
brackets, a mark for a promotion) and of names written with their reading; every name is invented.
"""
from __future__ import annotations

import pytest

from pipeline.extractors.officials.personnel import find_personnel_mentions
from pipeline.normalize import normalize
from tests.extractors.officials_support import found_officials


def _read(text: str) -> dict[str, tuple[str, str]]:
    norm = normalize(text).text
    return {m.name: (m.title, m.organization) for m in find_personnel_mentions(norm)}


@pytest.mark.parametrize("text,expected", [
    # the new post is held; the bracket is the former one; ○ marks a promotion
    ("【課長級】税務課長(収納対策室長)○川端修二▽観光課長(商工課長補佐)○野沢みどり▽会計課長(税務課長)坂巻敏\n",
     {"川端修二": ("課長", "税務課"), "野沢みどり": ("課長", "観光課"), "坂巻敏": ("課長", "会計課")}),
    # two posts held: the first written; a rank written in front of the job
    ("【部長級】福祉部長兼福祉事務所長(介護課長)◯梅田秀子▽建設部参事道路課長(道路課長)杉浦康▽危機管理監(消防次長)◯大川誠一\n",
     {"梅田秀子": ("部長", "福祉部"), "杉浦康": ("参事", "建設部"), "大川誠一": ("危機管理監", "")}),
    # a name with its reading before its post
    ("今回の人事は、森田洋平(もりたようへい)町長が就任して初めて。\n", {"森田洋平": ("町長", "")}),
    ("井出雅人(いでまさと)企画財政課長ら3人が退職する。\n", {"井出雅人": ("課長", "企画財政課")}),
])
def test_personnel_layouts(text, expected):
    assert _read(text) == expected


@pytest.mark.parametrize("text", [
    # one entry is no list
    "総務課長(秘書課長)○高木一郎\n",
    # a reading shorter than its kanji: no reading; a bracket of words: no reading
    "東京都(とう)知事の会見\n",
    "新庁舎(しんちょうしゃ)建設課の担当\n",
])
def test_not_personnel_layouts(text):
    assert _read(text) == {}


def test_the_list_post_stands_over_the_former_one_in_prose(make_context):
    text = ("市民課長には大塚里美(おおつかさとみ)保険年金課長が就く。\n"
            "【課長級】市民課長(保険年金課長)○大塚里美▽税務課長(収納課長)○川端修二\n")
    assert found_officials(make_context, text)["大塚里美"] == ("課長", "市民課")
