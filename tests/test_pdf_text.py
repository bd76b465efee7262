"""PDF reading order: tables by position, prose in plain order, running lines kept once.

Every PDF here is built by hand (tests/pdfs.py) with invented text; the positions mimic
what Excel exports, justified reports and two-column pages put in real files."""
from __future__ import annotations

import pytest

from pipeline.ingest import read_pdf
from pipeline.pdf_text import join_spread_characters, page_texts_without_running_lines
from tests.pdfs import placed_pdf_bytes


def _text(pages, **kw) -> str:
    return read_pdf(placed_pdf_bytes(pages, **kw))[0]


def _column_by_column_table() -> list[tuple[float, float, str]]:
    """A 3-row table drawn one column at a time (as Excel writes it)."""
    rows = [("第１号", "補正予算について", "可決"), ("第２号", "条例の改正について", "否決"),
            ("第３号", "契約の締結について", "可決")]
    items = [(40, 700, "番号"), (120, 700, "件名"), (330, 700, "結果")]
    for col, x in enumerate((40, 120, 330)):
        items += [(x, 670 - 30 * r, row[col]) for r, row in enumerate(rows)]
    return items


def test_a_table_drawn_column_by_column_keeps_each_row_on_one_line():
    lines = [line.split() for line in _text([_column_by_column_table()]).splitlines() if line.strip()]
    assert lines == [["番号", "件名", "結果"], ["第１号", "補正予算について", "可決"],
                     ["第２号", "条例の改正について", "否決"], ["第３号", "契約の締結について", "可決"]]


def test_names_written_down_a_header_cell_are_one_word_each():
    items = [(40, 700, "区分"), (90, 700, "件名"), (40, 650, "議案"), (90, 650, "予算について"),
             (40, 620, "議案"), (90, 620, "条例について")]
    for x, name in ((300, "山田太郎"), (340, "川上\u3000進"), (380, "森花子")):
        items += [(x, 712 - 12 * i, ch) for i, ch in enumerate(name)]
        items += [(x, 650, "○"), (x, 620, "×")]
    text = _text([items], size=10)
    assert "山田太郎" in text and "川上\u3000進" in text and "森花子" in text
    assert "○" in text.splitlines()[-1] or "×" in text


def test_single_mark_cells_in_tight_rows_stay_one_a_row():
    """Excel's default rows are barely taller than the font: a column of ○ beside the
    bills is not a word written downwards."""
    items = []
    for r, (bill, marks) in enumerate((("第１号議案", "○×○"), ("第２号議案", "○○×"), ("第３号議案", "×○○"))):
        y = 700 - 13 * r
        items.append((40, y, bill))
        items += [(200 + 40 * c, y, m) for c, m in enumerate(marks)]
    lines = [line.split() for line in _text([items], size=10).splitlines() if line.strip()]
    assert lines == [["第１号議案", "○", "×", "○"], ["第２号議案", "○", "○", "×"], ["第３号議案", "×", "○", "○"]]


@pytest.mark.parametrize("spacing", [0.0, 2.0, 4.0])
def test_characters_placed_one_by_one_are_read_without_spaces(spacing):
    page = [(72, 760, "本年５月２０日に説明会を開催いたしました。"), (72, 740, "教育長\u3000北村和夫")]
    text = _text([page], char_spacing=spacing, one_op_per_char=True)
    assert text.splitlines() == ["本年５月２０日に説明会を開催いたしました。", "教育長\u3000北村和夫"]


def test_a_two_column_prose_page_is_read_column_after_column():
    # columns of 22 characters (an A4 page in two columns at 10.5 pt)
    left = [(40, 760 - 16 * i, f"左の段の{n}行目の文章で、段落の続きが次の行へ") for i, n in enumerate("一二三四五")]
    right = [(310, 760 - 16 * i, f"右の段の{n}行目の文章で、段落の続きが次の行へ") for i, n in enumerate("一二三四五")]
    text = _text([left + right])
    assert text.index("左の段の五行目") < text.index("右の段の一行目")


def test_running_header_and_page_numbers_are_dropped_after_the_first_page():
    pages = [[(40, 800, "令和６年度\u3000施策の概要"), (40, 760, f"{body}についての説明です。"), (290, 40, f"- {n} -")]
             for n, body in enumerate(("道路", "公園", "学校"), start=1)]
    text = _text(pages)
    assert text.count("施策の概要") == 1
    assert "- 2 -" not in text and "- 3 -" not in text
    assert all(f"{b}についての説明です。" in text for b in ("道路", "公園", "学校"))


@pytest.mark.parametrize("pages,expected", [
    (["表題\n本文一", "表題\n本文二", "表題\n本文三"], ["表題\n本文一", "本文二", "本文三"]),
    (["本文一\n３", "本文二\n４"], ["本文一", "本文二"]),
    (["一ページだけ\n１"], ["一ページだけ\n１"]),
    (["第1回", "第2回", "第3回"], ["第1回", "第2回", "第3回"]),   # a page of one line keeps it
    (["本文一\n脚注", "本文二\n別の脚注"], ["本文一\n脚注", "本文二\n別の脚注"]),
])
def test_page_texts_without_running_lines(pages, expected):
    assert page_texts_without_running_lines(pages) == expected


@pytest.mark.parametrize("line,expected", [
    ("令 和 ６ 年 ５ 月 ２ ０ 日", "令和６年５月２０日"),
    ("第 ３ 号 条例の改正について", "第３号条例の改正について"),
    ("市 長 \u3000 森 一 郎", "市長\u3000森一郎"),
    ("本日は 晴天 なり", "本日は 晴天 なり"),          # words, not spread characters
    ("○ 議長", "○ 議長"),                            # two tokens are not a spread run
    ("○  ○  ○", "○  ○  ○"),                         # double spaces are cell gaps
    ("R6.5.20 可 決 済", "R6.5.20 可決済"),
    ("Microsoft 365 を 導 入", "Microsoft 365 を導入"),
])
def test_join_spread_characters(line, expected):
    assert join_spread_characters(line) == expected
