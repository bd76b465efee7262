"""pipeline.extractors.figures: 主要事業 / 追加事業 lists and 決算 pages as PDF re-hosts print them —
descriptions over several lines with the amounts one a line after them, rate columns named after a
space, 0 cells, signs on the line before, share fractions, counted accounts, link file sizes,
counts inside quoted names (invented sentences of each class)."""
from __future__ import annotations

import pytest

from pipeline.extractors.figures import find_figures


def read(text: str) -> list[tuple[str, float, str]]:
    return [(text[f.start:f.end], float(f.value), f.unit) for f in find_figures(text)]


# the description of an item runs over several lines; its amounts follow one a line
@pytest.mark.parametrize("text, expected", [
    ("(単位:百万円)\n事業概要\n本年度\n前年度\n観光\n県内の宿泊施設が行う受入環境の整備に対し、\n"
     "その経費の一部を補助するとともに、誘客のための\nプロモーションを実施し、地域経済の\n"
     "活性化を図る。\n214\n96\n福祉\n地域の見守り活動を行う団体を支援し、\n高齢者が安心して暮らせる地域づくりを\n"
     "進めるため、研修会を開催する。\n38\n",
     [("214", 214_000_000, "円"), ("96", 96_000_000, "円"), ("38", 38_000_000, "円")]),
    # a large first number before a label is the last cell of a row, not item number 1
    ("(単位:千円)\n区分\n当初\n補正\n道路\n市道の舗装を計画的に更新し、\n通行の安全を確保する\n"
     "ため、劣化の著しい路線から\n順次補修を行う。\n5,400\n320\n河川\n",
     [("5,400", 5_400_000, "円"), ("320", 320_000, "円")]),
])
def test_amounts_after_a_description_of_several_lines(text, expected):
    assert read(text) == [(w, pytest.approx(v), u) for w, v, u in expected]


@pytest.mark.parametrize("text", [
    # prose after a table: no amount on a line of its own follows, the table has ended
    "(単位:千円)\n区分 金額\n総務費 1,200\n今後も事業の見直しを進め、\n持続可能な財政運営に努め、\n"
    "市民サービスの向上を図ります。\n引き続きご理解をお願いします。\n2\n次の章\n",
])
def test_prose_after_a_table_ends_it(text):
    assert read(text) == [("1,200", 1_200_000, "円")]


@pytest.mark.parametrize("text, expected", [
    ("(単位:千円 %)\n区分\n本年度\n前年度\n増減額\n増減率\n歳\n出\n4,120,300\n4,000,100\n120,200\n3.0\n",
     [("4,120,300", 4_120_300_000, "円"), ("4,000,100", 4_000_100_000, "円"), ("120,200", 120_200_000, "円"),
      ("3.0", 3.0, "%")]),
    ("(単位:千円 %)\n区分 本年度 前年度 増減額 増減率\n基金 812,000 900,500 △ 88,500 △ 9.8\n",
     [("812,000", 812_000_000, "円"), ("900,500", 900_500_000, "円"), ("△ 88,500", -88_500_000, "円"),
      ("△ 9.8", -9.8, "%")]),
])
def test_a_rate_unit_named_after_a_space(text, expected):
    assert read(text) == [(w, pytest.approx(v), u) for w, v, u in expected]


@pytest.mark.parametrize("text, expected", [
    ("(単位:千円)\n①\n防災倉庫整備\n(要求額) 0 →(予算額) 4,500\n", [("0", 0, "円"), ("4,500", 4_500_000, "円")]),
    ("(単位:千円)\n区分 金額\n新規 0 →(査定) 2,100\n", [("0", 0, "円"), ("2,100", 2_100_000, "円")]),
])
def test_a_zero_cell_opening_a_row_is_an_amount(text, expected):
    assert read(text) == [(w, pytest.approx(v), u) for w, v, u in expected]


@pytest.mark.parametrize("text, value", [
    ("歳出は8.4億円(△\n2.1%)の減少となった。", -2.1),
    ("市税は前年度比(△ 1.5%)となった。", -1.5),
])
def test_a_sign_just_before_the_line_break(text, value):
    assert [v for w, v, u in read(text) if u == "%"] == [pytest.approx(value)]


@pytest.mark.parametrize("text, expected", [
    ("補助率 1/2 で実施する。", [0.5]),
    ("負担区分 国2/3 市町1/3", [pytest.approx(2 / 3), pytest.approx(1 / 3)]),
    ("県3/4、町村1/4を負担する。", [0.75, 0.25]),
])
def test_share_fractions_with_a_slash(text, expected):
    assert [v for w, v, u in read(text) if u == ""] == expected


@pytest.mark.parametrize("text", [
    "受付は9/4から始まる。",  # a date
    "資料 12/30 ページ",  # a page of pages
    "2024/4/1 に施行",
    "国3/2",  # not a share: more than the whole
])
def test_slashes_that_are_no_shares(text):
    assert [v for w, v, u in read(text) if u == ""] == []


@pytest.mark.parametrize("text, expected", [
    ("水道事業会計など7の特別会計のうち、2会計が赤字となった。", [("7の特別会計", 7, "会計"), ("2会計", 2, "会計")]),
    ("病院など3の企業会計がある。", [("3の企業会計", 3, "会計")]),
])
def test_counted_accounts(text, expected):
    assert read(text) == expected


@pytest.mark.parametrize("text", [
    "決算書(PDF形式, 312.5KB)",
    "概要 [PDFファイル/85KB]",
    "様式(Excelファイル 40KB)",
])
def test_a_linked_file_size_is_no_figure(text):
    assert read(text) == []


def test_a_data_size_in_prose_stays():
    assert read("容量は 500GB のストレージを確保した。") == [("500GB", 500, "GB")]


@pytest.mark.parametrize("text", [
    "「西国三十三所巡礼」の魅力を発信する。",
    "「百人一首大会」を開催した。",
])
def test_a_kanji_count_inside_a_quoted_name_is_no_figure(text):
    assert read(text) == []


@pytest.mark.parametrize("text, expected", [
    ("会場には「三十名」が集まった。", [("三十名", 30, "人")]),  # the count closes the quote
    ("出席者は三十名で、", [("三十名", 30, "人")]),
])
def test_quoted_kanji_counts(text, expected):
    assert read(text) == expected


@pytest.mark.parametrize("text", [
    "基本計画「みどり共生プラン 5 年(前期)」に掲げた施策",
    "「かわまち再生ビジョン 20 年」の策定",
    "「3年後の目標」を定めた。",  # a point in time, not a duration
    "導入から半年後には定着した。",
    "稼働の2か月後に検証する。",
])
def test_plan_names_and_points_in_time_are_no_durations(text):
    assert [u for _, _, u in read(text) if u in ("年", "か月")] == []


@pytest.mark.parametrize("text, expected", [
    ("計画期間は5年とする。", [("5年", 5, "年")]),
    ("「5年間で300台」を整備する。", [("5年間", 5, "年"), ("300台", 300, "台")]),
])
def test_durations_stay(text, expected):
    assert read(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("平成二年が実質一・二%、三年が実質〇・八%と二年連続の増加となったが、三年の伸びは小さい。",
     [("二年", 2, "年")]),  # 二年連続: the duration (its span is the number and 年)
    ("令和元年が120件、二年が150件で、二年の件数は過去最多となった。", []),
])
def test_a_series_year_named_again_is_a_year(text, expected):
    assert [(w, v, u) for w, v, u in read(text) if u == "年"] == expected


@pytest.mark.parametrize("text, expected", [
    ("5ヵ年目標 |", [("5ヵ年", 5, "年")]),
    ("3か年目途で整備する。", [("3か年", 3, "年")]),
    ("導入3年目の検証", []),  # an ordinal
])
def test_a_word_opening_with_moku_is_no_ordinal(text, expected):
    assert read(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("住民1人当たりの負担額は12,400円", [("1人", 1, "人"), ("12,400円", 12400, "円")]),
    ("町民一人当り貸出冊数", [("一人", 1, "人")]),
    ("1世帯あたり2万円を給付する。", [("1世帯", 1, "世帯"), ("2万円", 20000, "円")]),
    ("1日当たり120件の申請", [("120件", 120, "件")]),  # a day is a rate's denominator
    ("1台当たりの上限額", []),
])
def test_per_head_figures_count_the_head(text, expected):
    assert read(text) == [(w, pytest.approx(v), u) for w, v, u in expected]


@pytest.mark.parametrize("text, expected", [
    # a 1 after a row, before a label, with no item 2 later: the row's last cell
    ("(単位:千円)\n区分\n本年度\n前年度\n差引\n増減\n貸付金\n2,119\n2,118\n1\n1\n償還金\n332,759\n343,983\n",
     [2_119_000, 2_118_000, 1_000, 1_000, 332_759_000, 343_983_000]),
    # items numbered 1, 2 one a line: numbers, not cells
    ("(単位:千円)\n区分\n金額\n前年度\n基金\n500\n400\n1\n防災事業\n2,100\n2,000\n2\n観光事業\n1,300\n1,200\n",
     [500_000, 400_000, 2_100_000, 2_000_000, 1_300_000, 1_200_000]),
])
def test_a_lone_one_after_a_row(text, expected):
    assert [v for _, v, u in read(text) if u == "円"] == expected
