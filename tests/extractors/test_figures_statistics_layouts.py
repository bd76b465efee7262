"""pipeline.extractors.figures: statistics and kanji-numeral layouts — decimals written with
``・`` in kanji, era-less year headings after an era year, a unit note written after a flattened
table's cells, a list's note on its numbers (``（数字は万円）``) with dot leaders, the later cells
of a ``予算額(千円)`` column among prose, page ranges, ``千人`` headers. Sentences are invented."""
from __future__ import annotations

import pytest

from pipeline.extractors.figures import find_figures


def read(text: str) -> list[tuple[str, float, str]]:
    return [(text[f.start:f.end], float(f.value), f.unit) for f in find_figures(text)]


@pytest.mark.parametrize("text, expected", [
    # kanji digits with ・ as the decimal point (vertical and kanji-numeral texts)
    ("世帯主の平均年齢は五二・七歳で", [("五二・七歳", 52.7, "歳")]),
    ("物価は前年に比べ〇・四%上昇した", [("〇・四%", 0.4, "%")]),
    ("食料が同三・〇%減、住居が同一・二%増となった", [("三・〇%", 3.0, "%"), ("一・二%", 1.2, "%")]),
    ("貯蓄率は一五・三ポイント", [("一五・三ポイント", 15.3, "ポイント")]),
    ("出生数は前年の一・一倍", [("一・一倍", 1.1, "倍")]),
])
def test_a_kanji_decimal_with_a_middle_dot(text, expected):
    assert read(text) == [(w, pytest.approx(v), u) for w, v, u in expected]


@pytest.mark.parametrize("text, value, value_max", [
    ("三・四歳児の保育", 3, 4),  # neighbours before a counter: a range, not 3.4
    ("五・六人で班をつくる", 5, 6),
])
def test_neighbouring_kanji_digits_with_a_middle_dot_are_a_range(text, value, value_max):
    [f] = find_figures(text)
    assert (f.value, f.value_max) == (value, value_max)


@pytest.mark.parametrize("text, kept", [
    # the era is written on the first year of a parallel list: the later ones are years
    ("支出は、平成六年が実質一・八%、七年が実質二・二%、八年が実質〇・五%と推移した", ["一・八%", "二・二%", "〇・五%"]),
    # a table's year headings: the era on the first
    ("区分 平成19年 20年 21年 22年 世帯数 (単位 世帯)", []),
    ("令和元年 2年 3年 件数", []),
    # not a series: a duration after an era year
    ("令和2年に策定し、5年で達成する", ["5年"]),
    ("平成20年から3年間", ["3年間"]),
    ("昭和60年は5年ぶりの増加", ["5年"]),
])
def test_years_of_a_series_whose_era_is_written_once(text, kept):
    assert [w for w, _, _ in read(text)] == kept


def test_a_unit_note_after_the_cells_of_a_flattened_table_governs_them():
    text = ("表2 世帯数の推移 年 次 世帯数 増減数 増減率 (%) 平成20年 21年 22年 "
            "4,812 4,860 4,903 38 48 43 0.79 1.00 0.88 1) (単位 千世帯)\n")
    assert [(v, u) for _, v, u in read(text)] == [
        (4_812_000, "世帯"), (4_860_000, "世帯"), (4_903_000, "世帯"), (38_000, "世帯"), (48_000, "世帯"),
        (43_000, "世帯"), (pytest.approx(0.79), "%"), (pytest.approx(1.00), "%"), (pytest.approx(0.88), "%")]
    text = ("年 次 人口 増減数 増減率 (%) 令和元年 2年 3年 "
            "52,310 52,102 51,870 -120 -208 -232 -0.23 -0.40 -0.45 2) (単位 千人)\n")
    assert read(text) == [
        ("52,310", 52_310_000, "人"), ("52,102", 52_102_000, "人"), ("51,870", 51_870_000, "人"),
        ("-120", -120_000, "人"), ("-208", -208_000, "人"), ("-232", -232_000, "人"),
        ("-0.23", pytest.approx(-0.23), "%"), ("-0.40", pytest.approx(-0.40), "%"), ("-0.45", pytest.approx(-0.45), "%")]


@pytest.mark.parametrize("text, expected", [
    ("(単位 千人)", []),  # a unit note is no figure
    ("(単位 千件)", []),
    ("(単位:万人) 就業者数 6,420", [("6,420", 64_200_000, "人")]),
    ("来場者は延べ3千人", [("延べ3千人", 3000, "人")]),
])
def test_thousands_and_ten_thousands_of_people_as_a_unit(text, expected):
    assert read(text) == expected


def test_a_lists_note_on_its_numbers_heads_amounts_before_dot_leaders():
    text = ("主な補正は次のとおり。(数字は千円)\n"
            "防災倉庫整備 4500・・・地区の倉庫を3棟更新。\n"
            "1 図書購入費 820・・・新刊の購入。\n"
            "体育館照明改修 2024・・・LED化するもの。\n"
            "ほかに計3億円を計上。\n")
    assert read(text) == [("4500", 4_500_000, "円"), ("3棟", 3, "棟"), ("820", 820_000, "円"),
                          ("2024", 2_024_000, "円"), ("計3億円", 300_000_000, "円")]


@pytest.mark.parametrize("text", [
    "目次 ○開会の宣告・・・3 ○閉会・・・12",  # leaders in a table of contents under no unit note
    "数字は大きいほど良い。10・・・最高",  # 数字は without a unit is no note
])
def test_dot_leaders_without_a_unit_note_are_no_table(text):
    assert read(text) == []


def test_a_money_column_heading_governs_its_later_cells_among_the_prose():
    text = ("主な事業 項 目 ・防災無線更新 内 容 屋外子局を更新する 予算額(千円) 12,300 ・避難所整備 "
            "体育館に空調を設置し、環境を改善する 8,450 ・第2次計画策定 1,200 件の意見を反映する 3,100 "
            "(単位:人) 参加者 420\n")
    assert read(text) == [("12,300", 12_300_000, "円"), ("8,450", 8_450_000, "円"), ("1,200 件", 1200, "件"),
                          ("3,100", 3_100_000, "円"), ("420", 420, "人")]


@pytest.mark.parametrize("text, expected", [
    ("(詳細は報告書 4~6ページ) 人口は", []),  # a page range is a reference
    ("資料は約20~30ページ程度にまとめる", [("約20~30ページ程度", 20, "ページ")]),
    ("特別会計(4会計)の合計", [("4会計", 4, "会計")]),
    ("0 件のコメント\n1 人事異動\n", [("0 件", 0, "件")]),  # a heading counts from 1
])
def test_page_ranges_accounts_and_zero_counts(text, expected):
    assert [(w, v, u) for w, v, u in read(text)] == expected


@pytest.mark.parametrize("text, expected", [
    ("(審議時間1時間25分)", [("1時間25分", 1 + 25 / 60, "時間")]),  # hours and minutes: one length, as 2年9か月
    ("会議時間0時間40分", [("0時間40分", 40 / 60, "時間")]),
    ("2時間、30分ごとに休憩", [("2時間", 2, "時間"), ("30分", 30, "分")]),
])
def test_hours_and_minutes_are_one_duration(text, expected):
    assert read(text) == [(w, pytest.approx(v), u) for w, v, u in expected]


@pytest.mark.parametrize("text", [
    "国道の2車線化工事",  # a change of form named by its count
    "相談窓口を1本化する",
])
def test_a_count_turned_into_a_change_of_form_is_no_figure(text):
    assert read(text) == []


def test_a_flattened_table_goes_on_past_its_glued_letter_spaced_labels():
    # 議 会 総 務 … glued by the normalizer into one run of kanji: labels, not a sentence
    text = "(単位:千円) 令和5年度 令和6年度 比較款 当初予算額 議会総務民生衛生農林水産業商工土木消防教育計費412,300 費 7,120,450\n"
    assert read(text) == [("412,300", 412_300_000, "円"), ("7,120,450", 7_120_450_000, "円")]
    # a long word with kana is a sentence: the table has ended before it
    text = "(単位:千円) 区分 金額 総務費 5,200 なお、詳細は別紙の事業別一覧表にまとめたとおりであり 300 件を見込む\n"
    assert read(text) == [("5,200", 5_200_000, "円"), ("300 件", 300, "件")]


@pytest.mark.parametrize("text, expected", [
    # 款 / 項 / 目 numbers one a line before the item's name are codes, not 千円 amounts
    ("(単位:千円)\n款\n項\n目\n2\n1\n3\n企画費\n8,420\n", [("8,420", 8_420_000, "円")]),
    ("(単位:千円)\n款 項 目 金額\n3\n2\n児童福祉費\n15,300\n4\n1\n保健衛生費\n9,870\n",
     [("15,300", 15_300_000, "円"), ("9,870", 9_870_000, "円")]),
    # without 款 / 項 / 目 headings, a run of small numbers before a label is not read as codes
    ("(単位:千円)\n区分\n本年度\n前年度\n増減\n貸付金\n2,119\n2,118\n1\n3\n2\n償還金\n332,759\n",
     [("2,119", 2_119_000, "円"), ("2,118", 2_118_000, "円"), ("1", 1_000, "円"), ("3", 3_000, "円"),
      ("332,759", 332_759_000, "円")]),
    # a code written with a leading zero is never an amount
    ("(単位:円)\n事業番号\n020105\n予算額\n980,000\n", [("980,000", 980_000, "円")]),
    # small amounts between amounts stay amounts
    ("(単位:千円)\n区分\n本年度\n前年度\n差引\n基金繰入金\n2,119\n2,118\n1\n", [
        ("2,119", 2_119_000, "円"), ("2,118", 2_118_000, "円"), ("1", 1_000, "円")]),
])
def test_code_paths_one_a_line_are_no_amounts(text, expected):
    assert read(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("(単位:千円)\n区分\n本年度\n前年度\n増減\n民生費\n8,100\n8,350\n△\n250\n", [
        ("8,100", 8_100_000, "円"), ("8,350", 8_350_000, "円"), ("△\n250", -250_000, "円")]),
    ("(単位:千円)\n区分\n増減\n衛生費\n▲\n1,020\n", [("▲\n1,020", -1_020_000, "円")]),
])
def test_a_sign_on_its_own_line_belongs_to_the_amount_below(text, expected):
    assert read(text) == expected
