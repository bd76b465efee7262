"""officials: a ruled table read one cell a line (pipeline/extractors/officials/cells.py).

The layout is that of minutes whose 説明員 table a text extractor gives cell by cell between
rule lines: a name, then its post, posts wrapped over lines; every name is invented.
"""
from __future__ import annotations

import pytest

from pipeline.extractors.officials.cells import find_cell_table_mentions
from pipeline.normalize import normalize
from tests.extractors.officials_support import found_officials

_TABLE = (
    "◎説明のため出席した者の職氏名\n|\n|\n"
    "森 川 正 明\n|\n市 長\n|\n|\n"
    "大 島 和 子\n|\n建 設 部 長\n兼 水 道 部 長\n|\n"
    "久保田 誠\n|\n監 査 委 員\n事 務 局 長\n|\n|\n"
    "北 村 達 也\n|\n税 務 課 長\n|\n"
    "◎事務局職員出席者職氏名\n|\n|\n"
    "西 田 浩 二\n|\n事務局長補佐\n|\n"
    "中 原 恵\n|\n兼 務 書 記\n|\n|\n"
)


def _read(text: str) -> dict[str, tuple[str, str]]:
    norm = normalize(text).text
    return {m.name: (m.title, m.organization) for m in find_cell_table_mentions(norm)}


def test_name_then_post_cells(make_context):
    assert found_officials(make_context, _TABLE) == {
        "森川正明": ("市長", ""),
        "大島和子": ("部長", "建設部"),  # the second post, on the wrapped line from 兼, is concurrent
        "久保田誠": ("局長", "監査委員事務局"),
        "北村達也": ("課長", "税務課"),
        "西田浩二": ("局長補佐", "事務局"),  # the heading names the staff's unit
        "中原恵": ("兼務書記", "事務局"),
    }


@pytest.mark.parametrize("text", [
    # two pairs only: too little to read the order from
    "|\n森 川 正 明\n|\n市 長\n|\n大 島 和 子\n|\n副 市 長\n|\n",
    # the first cell a post: not this layout (post-first tables are the attendance reader's)
    "|\n市 長\n|\n森 川 正 明\n|\n副 市 長\n|\n大 島 和 子\n|\n教 育 長\n|\n北 村 達 也\n|\n",
    # cells of words, no names
    "|\n予算\n|\n決算\n|\n補正\n|\n合計\n|\n歳入\n|\n歳出\n|\n",
])
def test_not_name_then_post_cells(text):
    assert _read(text) == {}
