"""pipeline.extractors.figures: budget tables in the layouts PDF re-hosts give them — a whole
table on one line, a unit header printed among cells one a line, rate columns, chart axes."""
from __future__ import annotations

import pytest

from pipeline.extractors.figures import find_figures


def read(text: str) -> list[tuple[str, float, str]]:
    return [(text[f.start:f.end], float(f.value), f.unit) for f in find_figures(text)]


# a table joined onto one line: 千円 headings inline, then rows of amounts (× 1,000 円) and rates
FLAT = [
    ("2 会計別予算額 区分 本年度 前年度 千円 千円 増減 千円 率 % 一般会計 48,200,000 47,100,000 "
     "1,100,000 2.34 特別会計 9,800,500 10,020,000 △ 219,500 △ 2.19\n",
     [("48,200,000", 48_200_000_000, "円"), ("47,100,000", 47_100_000_000, "円"),
      ("1,100,000", 1_100_000_000, "円"), ("2.34", 2.34, "%"), ("9,800,500", 9_800_500_000, "円"),
      ("10,020,000", 10_020_000_000, "円"), ("△ 219,500", -219_500_000, "円"), ("△ 2.19", -2.19, "%")]),
    # the normalizer glued the cells to their labels
    ("会計 本年度 前年度 千円 千円 比較 千円 率 千円%国保会計5,120,300 5,002,100 118,200 2.36介護会計"
     "3,904,000 3,880,000 24,000 0.62\n",
     [("5,120,300", 5_120_300_000, "円"), ("5,002,100", 5_002_100_000, "円"), ("118,200", 118_200_000, "円"),
      ("2.36", 2.36, "%"), ("3,904,000", 3_904_000_000, "円"), ("3,880,000", 3_880_000_000, "円"),
      ("24,000", 24_000_000, "円"), ("0.62", 0.62, "%")]),
    # item numbers before the account names are no amounts
    ("会計名 当初予算額 千円 1 水道事業 2,450,000 2 下水道事業 3,118,400 12 駐車場事業 41,250\n",
     [("2,450,000", 2_450_000_000, "円"), ("3,118,400", 3_118_400_000, "円"), ("41,250", 41_250_000, "円")]),
    # (単位:千円) inside a line of prose-like cells; the table ends at the next sentence
    ("決算の推移 (単位:千円) 年度 歳入 歳出 令和4年度 12,480,220 12,001,900 概ね横ばいで推移している。"
     "なお 3,000 件の申請があった。\n",
     [("12,480,220", 12_480_220_000, "円"), ("12,001,900", 12_001_900_000, "円"),
      ("3,000 件", 3000, "件")]),
    # a chart flattened into the text: its axis (evenly stepped to round numbers) is no figure
    ("推移 単位:百万円 歳入 40,000 35,000 30,000 25,000 28,411 27,902 15,000 10,000 5,000 0 R1 R2 (単位:千円) "
     "区分 金額 市税 8,100,442\n",
     [("28,411", 28_411_000_000, "円"), ("27,902", 27_902_000_000, "円"), ("8,100,442", 8_100_442_000, "円")]),
]


@pytest.mark.parametrize("text, expected", FLAT)
def test_a_table_flattened_onto_one_line(text, expected):
    assert read(text) == [(w, pytest.approx(v), u) for w, v, u in expected]


def test_a_unit_header_among_cells_one_a_line_covers_the_cells_above_it():
    text = ("会計別予算の規模\n\n区分\n本年度\n前年度\n一般会計\n52,300,000\n51,800,000\n水道事業\n"
            "-1,200\n会\n計\n(単位:千円、%)\n比較\n(100.97)\n500,000\n")
    assert read(text) == [("52,300,000", 52_300_000_000, "円"), ("51,800,000", 51_800_000_000, "円"),
                          ("-1,200", -1_200_000, "円"), ("(100.97)", 100.97, "%"),
                          ("500,000", 500_000_000, "円")]


@pytest.mark.parametrize("text, expected", [
    # 千円 amounts are whole: a decimal cell is the rate column the header names
    ("(単位:千円、%)\n一般会計\n1,204,300\n3.1\n", [("1,204,300", 1_204_300_000, "円"), ("3.1", 3.1, "%")]),
    # 百万円 amounts carry decimals: the last cell keeps the rate, the others stay amounts
    ("(単位:百万円、%)\n会計 本年度 伸び率\n一般会計 4,210.5 2.5\n",
     [("4,210.5", 4_210_500_000, "円"), ("2.5", 2.5, "%")]),
])
def test_rate_cells(text, expected):
    assert read(text) == [(w, pytest.approx(v), u) for w, v, u in expected]


@pytest.mark.parametrize("text", [
    "参加費は 千円 です。\n",  # no table follows: nothing is read as a heading
    "目次 1 予算の概要 3 2 会計別予算額 5 3 歳出の状況 8\n",  # page numbers, no unit header
    "平成30年度 千円 単位の端数は四捨五入している。\n",
])
def test_no_table_no_cells(text):
    assert [w for w, _, u in read(text) if u == "円" and w != "千円"] == []


def test_a_header_line_that_opens_the_first_row_keeps_the_rows_below():
    text = "(単位:千円) 議会費 512,300\n総務費 1,204,000\n"
    assert read(text) == [("512,300", 512_300_000, "円"), ("1,204,000", 1_204_000_000, "円")]


@pytest.mark.parametrize("text, expected", [
    # a blank line between every line of the table, labels on lines of their own
    ("(単位 円・%)\n\n区分\n\n支出済額\n\n構成比\n\n教育費 2,004,118,300 12.5\n\n前年度繰越\n\n"
     "12,330,000 8,100,000\n",
     [("2,004,118,300", 2_004_118_300, "円"), ("12.5", 12.5, "%"), ("12,330,000", 12_330_000, "円"),
      ("8,100,000", 8_100_000, "円")]),
    # a whole amount in the last column of a 円・% table stays an amount
    ("(単位 円・%)\n予算現額 98.4 1,250,000,000\n", [("98.4", 98.4, "%"), ("1,250,000,000", 1_250_000_000, "円")]),
    # an amount glued to its letter-spaced label by the normalizer
    ("(単位:千円)\n衛生費12,450 11,900\n", [("12,450", 12_450_000, "円"), ("11,900", 11_900_000, "円")]),
    # the last cell glued to the next row's label; a unit glued after a number is the prose reader's
    ("(単位 円・%)\n土木費 30,100,200 101.4消防費6,900,000 99.2\n",
     [("30,100,200", 30_100_200, "円"), ("101.4", 101.4, "%"), ("6,900,000", 6_900_000, "円"), ("99.2", 99.2, "%")]),
    ("(単位:千円)\n区分 金額\n職員数 1,250人 研修費 4,300\n", [("1,250人", 1250, "人"), ("4,300", 4_300_000, "円")]),
])
def test_rows_as_re_hosts_print_them(text, expected):
    assert read(text) == [(w, pytest.approx(v), u) for w, v, u in expected]


# a 単位:千円 table a re-host flattened onto one line with the items' prose between its amounts:
# the later amounts are cells of the header's unit; three-digit amounts count in a run of cells,
# while one- or two-digit numbers among the prose (item numbers, page numbers, ticks) do not
PROSE_COLUMNS = [
    ("事業一覧 (単位:千円) 事 業 名 No. 要求額 予算額 担 当 課 1 公園の再整備 ○ 老朽化した遊具を更新し,"
     "利用者の安全を確保します。 25,400 25,400 2 図書館の電子化 ○ 蔵書の検索システムを導入し,"
     "利用しやすい環境を整えます。 640 610 6,200 委託内容を精査しました。 3 ( 新規) − 1,275 公園緑地課\n",
     [("25,400", 25_400_000), ("25,400", 25_400_000), ("640", 640_000), ("610", 610_000),
      ("6,200", 6_200_000), ("1,275", 1_275_000)]),
    ("要求状況 (単位:千円) 事 業 名 前年度 予算額 本年度 要求額 概 要 (目的) 河川の改修 12,000 14,500 "
     "流域の浸水被害を防ぐため、護岸を改修する。 水防訓練費 ( 新規) − 380 △ 2,100 見直しました。\n",
     [("12,000", 12_000_000), ("14,500", 14_500_000), ("380", 380_000), ("△ 2,100", -2_100_000)]),
    # no cell between the header and the first item's prose
    ("主要事業 (単位:千円) 事業名 概要 予算額 橋の補修 点検結果に基づき,床版を補修します。 31,800 "
     "街路灯 LEDに更新します。 450 450 道路課\n",
     [("31,800", 31_800_000), ("450", 450_000), ("450", 450_000)]),
    # the header alone on its line, the table and its prose on the next
    ("(単位:千円)\n橋の補修 点検結果に基づき,床版を補修します。 31,800 街路灯 LEDに更新します。 "
     "2,450 730 道路課\n",
     [("31,800", 31_800_000), ("2,450", 2_450_000), ("730", 730_000)]),
    # a sentence's number with a unit stays its own figure; a lone 0 and 8 before a heading are no cells
    ("主要事業 (単位:千円) 事業名 予算額 1 防災無線の更新 老朽化した設備を更新します。 48,000 "
     "対象は 120 世帯です。 0 8 事業費の推移\n",
     [("48,000", 48_000_000), ("120 世帯", 120)]),
]


@pytest.mark.parametrize("text, expected", PROSE_COLUMNS)
def test_a_table_flattened_among_its_items_prose(text, expected):
    assert [(w, v) for w, v, _ in read(text)] == [(w, pytest.approx(v)) for w, v in expected]


def test_a_page_foot_under_a_table_one_cell_a_line_is_no_cell():
    text = "(単位:百万円)\n事業名\n要求額\n予算額\n道路の維持補修\n85\n72\n3\n-\n"
    assert [w for w, _, _ in read(text)] == ["85", "72"]
