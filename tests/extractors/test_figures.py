"""pipeline.extractors.figures: every form of quantity, its unit, qualifier and subject."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.extractors import figures
from pipeline.extractors.figures import FigureMatch, find_figures


def only(text: str) -> FigureMatch:
    found = find_figures(text)
    assert len(found) == 1, [(text[f.start:f.end], f.value, f.unit) for f in found]
    return found[0]


# (text, figure as written, value, value_max, unit, qualifier)
FORMS = [
    ("来場者は2,750人だった。", "2,750人", 2750, None, "人", None),
    ("参加者は１，２００名となった。", "1,200名", 1200, None, "人", None),
    ("市の職員3万4200人が対象となる。", "3万4200人", 34200, None, "人", None),
    ("町の人口は4万17人である。", "4万17人", 40017, None, "人", None),
    ("国債残高は2兆7千億円に達した。", "2兆7千億円", 2_700_000_000_000, None, "円", None),
    ("総事業費は12億3千万円を見込む。", "12億3千万円", 1_230_000_000, None, "円", None),
    ("研修には二十五名が参加した。", "二十五名", 25, None, "人", None),
    ("議員定数は三百二十人である。", "三百二十人", 320, None, "人", None),
    ("処理速度は2.5倍になった。", "2.5倍", 2.5, None, "倍", None),
    ("在庁率を3分の1に抑える。", "3分の1", 1 / 3, None, "", None),
    ("待ち時間は2、3時間に及んだ。", "2、3時間", 2, 3, "時間", None),
    ("回答率は20~25%と見込まれる。", "20~25%", 20, 25, "%", None),
    ("回答率は20%~25%と見込まれる。", "20%~25%", 20, 25, "%", None),
    ("利用者は3~4万人を想定している。", "3~4万人", 30000, 40000, "人", None),
    ("全体の7割が賛成した。", "7割", 7, None, "割", None),
    ("約半年間の試行を経て本格導入した。", "約半年間", 0.5, None, "年", "約"),
    ("工期は2年半を予定している。", "2年半", 2.5, None, "年", None),
    ("予算額は812,406千円である。", "812,406千円", 812_406_000, None, "円", None),
    ("繰越額は3,250百万円となった。", "3,250百万円", 3_250_000_000, None, "円", None),
    ("補助金は百万円を上限とする。", "百万円", 1_000_000, None, "円", None),
    ("計画期間は3か年とする。", "3か年", 3, None, "年", None),
    ("約2万人が来場した。", "約2万人", 20000, None, "人", "約"),
    ("応募は120件程度あった。", "120件程度", 120, None, "件", "程度"),
    ("受講者は700名弱であった。", "700名弱", 700, None, "人", "弱"),
    ("整備率は90%強に達する。", "90%強", 90, None, "%", "強"),
    ("対象は65歳以上の市民である。", "65歳以上", 65, None, "歳", "以上"),
    ("5人以下のグループで行う。", "5人以下", 5, None, "人", "以下"),
    ("3年未満の職員が対象。", "3年未満", 3, None, "年", "未満"),
    ("1000万円超の契約を公表する。", "1000万円超", 10_000_000, None, "円", "超"),
    ("200人余りが集まった。", "200人余り", 200, None, "人", "余り"),
    ("五十年ほど前に建てられた庁舎。", "五十年ほど", 50, None, "年", "ほど"),
    ("毎月100件近くの問い合わせがある。", "100件近く", 100, None, "件", "近く"),
    ("最大30人まで参加できる。", "最大30人", 30, None, "人", "最大"),
    ("およそ40社が出展した。", "およそ40社", 40, None, "社", "およそ"),
    ("概ね8割の職員が利用している。", "概ね8割", 8, None, "割", "概ね"),
    ("200余人が避難した。", "200余人", 200, None, "人", "余"),
    ("庁内に50か所設置した。", "50か所", 50, None, "か所", None),
    ("市内12ヶ所に設ける。", "12ヶ所", 12, None, "か所", None),
    ("導入まで6ヶ月かかった。", "6ヶ月", 6, None, "か月", None),
    ("導入まで6カ月かかった。", "6カ月", 6, None, "か月", None),
    ("3年間の実証を行う。", "3年間", 3, None, "年", None),
    ("研修は2日間行う。", "2日間", 2, None, "日", None),
    ("会議は30分間で終わった。", "30分間", 30, None, "分", None),
    ("端末を800台配備した。", "800台", 800, None, "台", None),
    ("市内45校で実施する。", "45校", 45, None, "校", None),
    ("2,000ライセンスを契約した。", "2,000ライセンス", 2000, None, "ライセンス", None),
    ("敷地は1,200㎡ある。", "1,200m2", 1200, None, "m2", None),
    ("延長は3.5kmである。", "3.5km", 3.5, None, "km", None),
    ("改善点は4つある。", "4つ", 4, None, "つ", None),
    ("公開データは300の事業に及ぶ。", "300の事業", 300, None, "件", None),
    ("前年比で3ポイント上昇した。", "3ポイント", 3, None, "ポイント", None),
    ("資料は全12ページである。", "12ページ", 12, None, "ページ", None),
    ("調査票を1,500部配布した。", "1,500部", 1500, None, "部", None),
    ("研修は全5回実施した。", "5回", 5, None, "回", None),
    ("対象は約300世帯である。", "約300世帯", 300, None, "世帯", "約"),
    ("計画は5分野で構成する。", "5分野", 5, None, "分野", None),
    # effort counters (工数): person-days, person-months, person-hours
    ("改修には約450人日を見込む。", "約450人日", 450, None, "人日", "約"),
    ("設計に延べ2,400人日程度を要した。", "延べ2,400人日程度", 2400, None, "人日", "延べ程度"),
    ("開発規模は36人月である。", "36人月", 36, None, "人月", None),
    ("年間1,800人時間の事務を削減する。", "1,800人時間", 1800, None, "人時間", None),
    # a count noun ending in 数 before digits is no vague number (数十人 is)
    ("従業員数300人以上の企業が対象", "300人以上", 300, None, "人", "以上"),
    ("利用件数4,500件に達した。", "4,500件", 4500, None, "件", None),
]


@pytest.mark.parametrize("text, written, value, value_max, unit, qualifier", FORMS)
def test_forms(text, written, value, value_max, unit, qualifier):
    text = _nfkc(text)  # find_figures reads normalized text
    f = only(text)
    assert text[f.start:f.end] == written
    assert f.value == pytest.approx(value)
    assert f.value_max == (None if value_max is None else pytest.approx(value_max))
    assert (f.unit, f.qualifier) == (unit, qualifier)


def _nfkc(text: str) -> str:
    import unicodedata

    return unicodedata.normalize("NFKC", text)


@pytest.mark.parametrize("text, value", [
    ("1,200㎡", 1200),  # ㎡ is m2 after NFKC
    ("出席者１５名", 15),
])
def test_full_width_forms_after_nfkc(text, value):
    assert only(_nfkc(text)).value == value


@pytest.mark.parametrize("text, written, value, unit", [
    ("来場者は1,366 人であった。", "1,366 人", 1366, "人"),  # a space left by PDF extraction
    ("歳出総額は475,210千 円となった。", "475,210千 円", 475_210_000, "円"),
])
def test_damaged_spacing(text, written, value, unit):
    f = only(text)
    assert (text[f.start:f.end], f.value, f.unit) == (written, value, unit)


@pytest.mark.parametrize("text, category", [
    ("50人", "people"), ("3万円", "money"), ("12%", "percent"), ("8台", "device"), ("5件", "count"),
    ("3年間", "time"), ("2倍", "ratio"), ("200ライセンス", "licence"), ("30枚", "document"), ("20ha", "area"),
    ("120人日", "effort"), ("6人月", "effort"),
])
def test_unit_category(text, category):
    assert only(text).unit_category == category


def test_two_figures_in_a_list_are_two_records():
    found = find_figures("賛成が60%、反対が25%、未回答が15%であった。")
    assert [(f.value, f.unit) for f in found] == [(60, "%"), (25, "%"), (15, "%")]


def test_a_list_keeps_each_qualifier():
    found = find_figures("このうち約4割、およそ3,000件がオンラインで完結した。")
    assert [(f.value, f.unit, f.qualifier) for f in found] == [(4, "割", "約"), (3000, "件", "およそ")]


def test_a_list_of_numbers_is_not_a_range():
    found = find_figures("受付は3、7、9番窓口で、職員5人、委員9人が出席。")
    assert [(f.value, f.value_max, f.unit) for f in found] == [(5, None, "人"), (9, None, "人")]


def test_time_and_minutes():
    """Hours and minutes are one length, as 2年9か月 is 2.75 年 (the real gold's 会議時間0時間38分)."""
    found = find_figures("説明は1時間30分に及んだ。")
    assert [(f.value, f.unit) for f in found] == [(1.5, "時間")]


# --- tables whose unit is stated once in a header ----------------------------------------------

BUDGET = """歳出予算の状況
（単位：千円）
款 予算額 前年度 増減
1 議会費 512,300 498,100 14,200
2 総務費 8,204,511 8,410,002 △205,491
合計 8,716,811 8,908,102 △191,291
以上のとおり、前年度に比べ減少した。職員は120人である。
"""


def test_table_amounts_under_a_thousand_yen_header():
    found = find_figures(_nfkc(BUDGET))
    amounts = [(f.value, f.unit) for f in found if f.unit == "円"]
    assert amounts == [(512_300_000, "円"), (498_100_000, "円"), (14_200_000, "円"),
                       (8_204_511_000, "円"), (8_410_002_000, "円"), (-205_491_000, "円"),
                       (8_716_811_000, "円"), (8_908_102_000, "円"), (-191_291_000, "円")]
    # the header's scope ends with the table: the sentence after it keeps its own unit
    assert (120, "人") in [(f.value, f.unit) for f in found]


def test_table_cells_take_their_row_label_as_subject():
    found = [f for f in find_figures(_nfkc(BUDGET)) if f.unit == "円"]
    assert [f.subject for f in found[:4]] == ["議会費", "議会費", "議会費", "総務費"]


def test_table_with_an_amount_and_a_rate_column():
    text = "(単位:百万円、%)\n会計 本年度 前年度 伸び率\n一般会計 4,210 4,000 5.3\n下水道会計 820 850 △3.5\n"
    assert [(f.value, f.unit) for f in find_figures(text)] == [
        (4_210_000_000, "円"), (4_000_000_000, "円"), (5.3, "%"),
        (820_000_000, "円"), (850_000_000, "円"), (-3.5, "%")]


def test_table_with_one_cell_a_line():
    """A PDF table whose cells were extracted one a line under the unit header: the numbers are
    still amounts in that unit (a 0 cell too), labelled by the cell line before them."""
    text = ("(単位:千円)\n区分\n令和6年度\n令和5年度\n増減\n"
            "庁舎管理費\n58,400\n61,250\n△2,850\nうち光熱水費\n12,000\n0\n12,000\n\n2 今後の予定\n職員5人で担当する。\n")
    found = find_figures(text)
    assert [(f.value, f.unit) for f in found] == [
        (58_400_000, "円"), (61_250_000, "円"), (-2_850_000, "円"),
        (12_000_000, "円"), (0, "円"), (12_000_000, "円"), (5, "人")]
    assert [f.subject for f in found[:4]] == ["庁舎管理費", "庁舎管理費", "庁舎管理費", "光熱水費"]


def test_table_under_a_people_header():
    text = "表 地区別の参加者 (単位:人)\n地区 男 女\n北部 120 135\n南部 98 101\n"
    assert [f.value for f in find_figures(text)] == [120, 135, 98, 101]
    assert {f.unit for f in find_figures(text)} == {"人"}


# --- tables drawn with box-drawing characters or | ------------------------------------------------

RULED_BUDGET = """３　款別の歳出　　　　　　　　　　　　　　（単位：千円）
┌────────┬──────┬──────┬──────┬─────┐
│款　　　　　　　│本年度　　　│前年度　　　│比較増減　　│伸び率　　│
├────────┼──────┼──────┼──────┼─────┤
│民生費　　　　　│3,412,050　 │3,298,700　 │113,350　　 │3.4%　　　│
│衛生費　　　　　│905,120　　 │931,480　　 │▲26,360　　│△2.8%　　 │
│土木費　　　　　│640,000　　 │―　　　　　 │640,000　　 │皆増　　　│
├────────┼──────┼──────┼──────┼─────┤
│計　　　　　　　│4,957,170　 │4,230,180　 │-26,900　　 │17.2%　　 │
└────────┴──────┴──────┴──────┴─────┘
※比較増減の▲は減。職員は35人で担当する。
"""


def test_ruled_table_cells_are_amounts_in_the_header_unit():
    found = find_figures(_nfkc(RULED_BUDGET))
    assert [(f.value, f.unit) for f in found] == [
        (3_412_050_000, "円"), (3_298_700_000, "円"), (113_350_000, "円"), (3.4, "%"),
        (905_120_000, "円"), (931_480_000, "円"), (-26_360_000, "円"), (-2.8, "%"),
        (640_000_000, "円"), (640_000_000, "円"),
        (4_957_170_000, "円"), (4_230_180_000, "円"), (-26_900_000, "円"), (17.2, "%"),
        (35, "人")]  # the sentence after the table keeps its own unit


def test_ruled_table_subject_is_row_label_and_column_heading():
    found = [f for f in find_figures(_nfkc(RULED_BUDGET)) if f.unit == "円"]
    assert [f.subject for f in found[:3]] == ["民生費 本年度", "民生費 前年度", "民生費 比較増減"]
    assert found[-1].subject == "計 比較増減"


def test_a_section_row_keeps_the_column_headings():
    table = "(単位:千円)\n│区分│当初│補正後│\n│【歳入】│　│　│\n│市税│9,100│9,350│\n"
    assert [f.subject for f in find_figures(_nfkc(table))] == ["市税 当初", "市税 補正後"]


def test_box_characters_are_never_part_of_a_number():
    found = find_figures(_nfkc(RULED_BUDGET))
    for f in found:
        written = _nfkc(RULED_BUDGET)[f.start:f.end]
        assert not any("\u2500" <= ch <= "\u257f" for ch in written), written


@pytest.mark.parametrize("table, expected", [
    # a unit header written inside the box, per-column units in the headings
    ("┌──┬──┬──┐\n│地区│事業費(千円)│参加者(人)│\n├──┼──┼──┤\n│東部│2,500│140│\n│西部│1,800│96│\n└──┴──┴──┘\n",
     [(2_500_000, "円"), (140, "人"), (1_800_000, "円"), (96, "人")]),
    # a Markdown table: | separators, a |:---| rule, a rate column
    ("(単位:百万円、%)\n| 会計 | 今年度 | 昨年度 | 増減率 |\n|:---|---:|---:|---:|\n| 水道 | 1,240 | 1,190 | 4.2 |\n",
     [(1_240_000_000, "円"), (1_190_000_000, "円"), (4.2, "%")]),
    # years as column headings are headings, not cells
    ("(単位:件)\n│窓口│2022│2023│\n│本庁│4,120│4,480│\n", [(4120, "件"), (4480, "件")]),
    # a numbered row: the row number is no amount
    ("(単位:千円)\n│1│庁舎管理費│52,000│\n│2│車両管理費│8,100│\n", [(52_000_000, "円"), (8_100_000, "円")]),
    # tab- and space-separated rows that end in a rate or an empty cell are rows too
    ("（単位：千円）\n費目\t本年度\t前年度\t伸び率\n教育費\t2,210,400\t2,105,000\t5.0%\n公債費\t88,000\t―\t皆増\n",
     [(2_210_400_000, "円"), (2_105_000_000, "円"), (5.0, "%"), (88_000_000, "円")]),
    # a decrease mark a PDF spaced off its number; a lone - is an empty cell
    ("(単位:千円)\n費目 本年度 増減\n衛生費 905,120 ▲ 26,360\n土木費 640,000 - 26,000\n",
     [(905_120_000, "円"), (-26_360_000, "円"), (640_000_000, "円"), (26_000_000, "円")]),
    # under (単位:千円、%) only a number in the last column is a rate, not one before 皆増
    ("(単位:千円、%)\n費目 本年度 前年度 伸び率\n公債費 88,000 ― 皆増\n教育費 2,210 2,105 5.0\n",
     [(88_000_000, "円"), (2_210_000, "円"), (2_105_000, "円"), (5.0, "%")]),
])
def test_ruled_tables(table, expected):
    assert [(f.value, f.unit) for f in find_figures(_nfkc(table))] == expected


@pytest.mark.parametrize("text, written, value", [
    ("前年比 -2.5%となった。", "-2.5%", -2.5),
    ("増減(-12.0%)", "-12.0%", -12),
    ("│-4.4%│", "-4.4%", -4.4),
    ("差は▲120人", "▲120人", -120),
])
def test_a_minus_opening_a_cell_or_word_is_negative(text, written, value):
    f = only(text)
    assert (text[f.start:f.end], f.value) == (written, value)


# --- counters and counted nouns ------------------------------------------------------------------

@pytest.mark.parametrize("text, written, value, unit, qualifier", [
    ("市内小学校の1,020クラスで導入した。", "1,020クラス", 1020, "クラス", None),
    ("特別支援学級は14学級ある。", "14学級", 14, "学級", None),
    ("総合計画の28施策を評価した。", "28施策", 28, "施策", None),
    ("市内の7病院と連携する。", "7病院", 7, "病院", None),
    ("路線バスは1日40便を運行する。", "40便", 40, "便", None),
    ("地域の23自治会が参加した。", "23自治会", 23, "自治会", None),
    ("5事業者から提案を受けた。", "5事業者", 5, "事業者", None),
    ("空き家は120軒にのぼる。", "120軒", 120, "軒", None),
    ("400を超える手続をオンライン化した。", "400を超える手続", 400, "件", "超"),
    ("30以上の団体が加盟する。", "30以上の団体", 30, "団体", "以上"),
    ("約60の事業を見直した。", "約60の事業", 60, "件", "約"),
    ("時点で35都府県が導入した。", "35都府県", 35, "都府県", None),
    ("近畿の2府県と協定を結んだ。", "2府県", 2, "府県", None),
    # one person named with the honorific, and one person as a rate's head
    ("事故でお一人が負傷されました。", "一人", 1, "人", None),
    ("児童1人につき端末を貸与する。", "1人", 1, "人", None),
])
def test_counters(text, written, value, unit, qualifier):
    f = only(text)
    assert (text[f.start:f.end], f.value, f.unit, f.qualifier) == (written, value, unit, qualifier)


@pytest.mark.parametrize("text, found", [
    ("待ち時間を従来の半分にした。", [(0.5, "")]),  # half of a named quantity
    ("回答者の約半分が賛成した。", [(0.5, "")]),
    ("半分以上は自作のアプリだ。", []),  # a vague share on its own, like 大半
])
def test_half(text, found):
    assert [(f.value, f.unit) for f in find_figures(text)] == found


# --- exclusion and the extractor --------------------------------------------------------------

def test_exclude_spans_are_skipped():
    text = "職員300人と端末500台"
    assert [f.value for f in find_figures(text, exclude=[(2, 6)])] == [500]


def test_extract_maps_back_to_original_offsets(make_context):
    original = "来場者は１，５００人、うち市外から約３割であった。"
    ctx = make_context(original)
    out = figures.extract(ctx, {})
    assert [(f.text, f.value, f.unit, f.qualifier) for f in out] == [("１，５００人", 1500, "人", None),
                                                                     ("約３割", 3, "割", "約")]
    for f in out:
        assert original[f.start:f.end] == f.text


def test_extract_skips_dates_and_products_found_earlier(make_context):
    from pipeline.records import DateMention, Product

    original = "2023年に端末Surface Go 3を導入し、職員20人に配布した。"
    ctx = make_context(original)
    found = {
        "dates": [DateMention("2023", None, None, "year", None, None, 0, 5, "2023年")],
        "products": [Product("Surface Go 3", "Microsoft", None, 9, 21, original[9:21])],
    }
    assert [f.text for f in figures.extract(ctx, found)] == ["20人"]


@pytest.mark.parametrize("original, surface, product, expected", [
    # a size or capacity right after a product's name designates the model
    ("議員にはiPad Air(10.9インチ)を貸与し、職員30人にも配布した。", "iPad Air", "iPad Air", ["30人"]),
    ("端末はアイパッドプロ11又は12.9インチとし、20台を購入した。", "アイパッドプロ", "iPad Pro", ["20台"]),
    # a size stated on its own is a figure
    ("iPadを配備した。画面の大きさは10.2インチである。", "iPad", "iPad", ["10.2インチ"]),
])
def test_a_model_size_after_a_product_is_no_figure(make_context, original, surface, product, expected):
    from pipeline.records import Product

    start = original.index(surface)
    end = start + len(surface)
    found = {"products": [Product(product, "Apple", None, start, end, surface)]}
    assert [f.text for f in figures.extract(make_context(original), found)] == expected


def test_subject_without_a_parse(make_context):
    ctx = make_context("市はタブレット端末600台を配備し、参加者は約120人であった。")
    assert [f.subject for f in figures.extract(ctx, {})] == ["タブレット端末", "参加者"]


@pytest.mark.slow
@pytest.mark.parametrize("text, subject", [
    ("市は小中学校の児童生徒1万8千人に端末を配布した。", "児童生徒"),
    ("市は昨年度、2,400台のノートパソコンを導入した。", "ノートパソコン"),
    ("回答者のうち賛成が62%を占めた。", "賛成"),
    ("本庁舎の延床面積は約2万平米である。", "延床面積"),
    ("電子申請の件数は前年の3倍に増えた。", "件数"),
])
def test_subject_from_the_parse(make_context, text, subject):
    ctx = make_context(text, analysis=True)
    (fig,) = figures.extract(ctx, {})
    assert subject in fig.subject or fig.subject in subject


# --- properties -------------------------------------------------------------------------------

_ALPHABET = st.sampled_from(list("0123456789,.~、・ 一二三十百千万億兆分の約人名円%年月日時間台回目第(半数") + ["\n"])


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=40) | st.text(max_size=40))
def test_never_raises_and_offsets_are_valid(text):
    found = find_figures(text)
    last_end = 0
    for f in found:
        assert last_end <= f.start < f.end <= len(text)
        assert isinstance(f.value, (int, float))
        last_end = f.end


@pytest.mark.parametrize("text, written, value, unit", [
    ("前年度比△2.3%となった。", "△2.3%", -2.3, "%"),
    ("入場料は¥1,500です。", "¥1,500", 1500, "円"),
    ("参加者は合わせて1,500\n人であった。", "1,500\n人", 1500, "人"),  # a line broken inside a figure
])
def test_sign_currency_and_broken_lines(text, written, value, unit):
    f = only(text)
    assert (text[f.start:f.end], f.value, f.unit) == (written, value, unit)


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("０１２３４５６７８９，．1234567890 約人名円％年月日台件　\n、万千億㎡")),
               max_size=30))
def test_extracted_records_quote_the_original(make_context, text):
    ctx = make_context(text)
    for f in figures.extract(ctx, {}):
        assert text[f.start:f.end] == f.text


# --- the seed gold and the project's own test documents (no GiNZA) -----------------------------

def _figures_f1(gold_dir, docs_dir) -> float:
    """(value, unit) multisets per document, scored like shared/gold/score.py."""
    import json
    from collections import Counter

    from pipeline.extractors import DocContext, dates, products
    from pipeline.normalize import normalize

    aliases = {"名": "人", "ヶ月": "か月", "ヵ月": "か月", "カ月": "か月", "箇月": "か月", "％": "%"}

    def key(value, unit):
        unit = "".join(_nfkc(str(unit or "")).split())
        return f"{float(value):.6g}", aliases.get(unit, unit)

    tp = pred = gold = 0
    for gpath in sorted(gold_dir.glob("*.json")):
        g = json.loads(gpath.read_text(encoding="utf-8"))
        ctx = DocContext(g["doc"], normalize((docs_dir / g["doc"]).read_text(encoding="utf-8")))
        found = {"dates": dates.extract(ctx, {})}
        found["products"] = products.extract(ctx, found)
        p = Counter(key(f.value, f.unit) for f in figures.extract(ctx, found))
        want = Counter(key(x["value"], x["unit"]) for x in g["figures"])
        tp, pred, gold = tp + sum((p & want).values()), pred + sum(p.values()), gold + sum(want.values())
    precision, recall = tp / pred, tp / gold
    return 2 * precision * recall / (precision + recall)


def test_seed_gold_figures_f1(shared_dir):
    assert _figures_f1(shared_dir / "gold", shared_dir / "corpus" / "seeds") >= 0.97


def test_own_test_documents_figures_f1():
    from pathlib import Path

    data = Path(__file__).resolve().parents[1] / "data"
    assert _figures_f1(data / "gold", data / "docs") >= 0.95


def test_a_blank_line_between_the_unit_header_and_the_table_does_not_end_it():
    text = ("3 歳出の内訳（単位：千円）\n\n区分\t本年度\t前年度\t差引\n"
            "議会費\t402,100\t398,700\t3,400\n商工費\t1,250,000\t1,310,500\t△60,500\n\n"
            "4 その他\n説明会は2回開く。\n")
    got = [(f.value, f.unit) for f in find_figures(text)]
    assert (402100000, "円") in got and (-60500000, "円") in got and (1250000000, "円") in got
    assert (2, "回") in got and len(got) == 7


def test_prose_after_a_unit_header_is_no_table():
    text = "（単位：千円）\n\n本年度は事業を見直した。\n\n前年度と比べ、件数は12\n"
    assert [(f.value, f.unit) for f in find_figures(text)] == []


# --------------------------------------------------------------------------- issue 14 classes
# each class: several cases that must be read, and beside them cases that must not

def _read(text: str) -> list[tuple]:
    text = _nfkc(text)
    return [(text[f.start:f.end], f.value, f.value_max, f.unit) for f in find_figures(text)]


@pytest.mark.parametrize("text, expected", [
    ("前年比+3,244人", [("+3,244人", 3244, None, "人")]),
    ("前年比＋12件", [("+12件", 12, None, "件")]),
    ("増減は-3,244人", [("-3,244人", -3244, None, "人")]),
    ("収支はマイナス120万円", [("マイナス120万円", -1_200_000, None, "円")]),
    ("収支はプラス5億円", [("プラス5億円", 500_000_000, None, "円")]),
    ("伸び率は▲5.2%", [("▲5.2%", -5.2, None, "%")]),
    ("差引 △3,244千円", [("△3,244千円", -3_244_000, None, "円")]),
    # not a sign: codes, phone numbers, model numbers, list dashes inside words
    ("電話06-1234-5678", []),
    ("型番A-100台", []),
    ("規格1.2-3", []),
])
def test_signs(text, expected):
    assert _read(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("数十人が参加した。", [("数十人", 10, 90, "人")]),
    ("十数件の苦情", [("十数件", 11, 19, "件")]),
    ("数万円の負担", [("数万円", 10_000, 90_000, "円")]),
    ("百数十台を配備", [("百数十台", 110, 190, "台")]),
    ("約数百万円の費用", [("約数百万円", 1_000_000, 9_000_000, "円")]),
    ("二千数百人が来場", [("二千数百人", 2100, 2900, "人")]),
    # not vague multiples: a noun ending in 数 before digits, 何/幾, 数 alone
    ("職員数120人", [("120人", 120, None, "人")]),
    ("何十人もの応募", []),
    ("数人で対応", []),
])
def test_vague_multiples_have_bounds(text, expected):
    assert _read(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("打率3割4分5厘", [("3割4分5厘", 3.45, None, "割")]),
    ("2割5分の減", [("2割5分", 2.5, None, "割")]),
    ("7割が賛成", [("7割", 7, None, "割")]),
    ("3割、5分後に", [("3割", 3, None, "割"), ("5分", 5, None, "分")]),
])
def test_compound_ratios_are_one_figure_in_wari(text, expected):
    assert _read(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("2USドルの手数料", [("2USドル", 2, None, "ドル")]),
    ("100万ドルを投資", [("100万ドル", 1_000_000, None, "ドル")]),
    ("5ユーロ", [("5ユーロ", 5, None, "ユーロ")]),
    ("3億ユーロ", [("3億ユーロ", 300_000_000, None, "ユーロ")]),
])
def test_currencies(text, expected):
    assert _read(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("犬30匹", [("30匹", 30, None, "匹")]),
    ("牛5頭", [("5頭", 5, None, "頭")]),
    ("住宅3棟", [("3棟", 3, None, "棟")]),
    ("地上31階建て", [("31階", 31, None, "階")]),
    ("5組が参加", [("5組", 5, None, "組")]),
    ("鉄塔2基", [("2基", 2, None, "基")]),
    ("図書館3館", [("3館", 3, None, "館")]),
    ("議案一件", [("一件", 1, None, "件")]),
    ("賛成一票", [("一票", 1, None, "票")]),
    ("三十名", [("三十名", 30, None, "人")]),
    # not counters: numbering, ordinals, calendar words, a counter opening a longer word
    ("第3号", []),
    ("1丁目", []),
    ("3組合が合併", []),
    ("5期目", []),
    ("3次計画", []),
    ("30代の職員", []),
])
def test_counters_unidic_and_the_closed_list(text, expected):
    assert _read(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("時速50kmから時速60km", [("50kmから時速60km", 50, 60, "km")]),
    ("50キロから60キロの区間", [("50キロから60キロ", 50, 60, "キロ")]),
    ("5億円から7億円程度", [("5億円から7億円程度", 500_000_000, 700_000_000, "円")]),
    ("5千円から1万円", [("5千円から1万円", 5000, 10000, "円")]),
    # a change from one value to another is two figures
    ("3人から5人に増えた", [("3人", 3, None, "人"), ("5人", 5, None, "人")]),
    ("10%から8%へ下げる", [("10%", 10, None, "%"), ("8%", 8, None, "%")]),
    ("処理時間は2.5時間から9.8時間と約4倍に増加した", [("2.5時間", 2.5, None, "時間"), ("9.8時間", 9.8, None, "時間"),
                                              ("約4倍", 4, None, "倍")]),
    ("申請件数は120件から40件と大幅に減少", [("120件", 120, None, "件"), ("40件", 40, None, "件")]),
    # と without a change after it keeps the range
    ("参加者は30人から50人と見込む", [("30人から50人", 30, 50, "人")]),
])
def test_ranges_with_the_unit_on_both_ends(text, expected):
    assert _read(text) == expected


def test_one_each_is_two_figures():
    assert _read("1人1台の端末") == [("1人", 1, None, "人"), ("1台", 1, None, "台")]
    # one person as a per-head figure's unit is counted (real gold: h_08, j, q_07), a thing's is not
    assert _read("1人当たりの経費") == [("1人", 1, None, "人")]
    assert _read("1件当たりの経費") == []


@pytest.mark.slow
@pytest.mark.parametrize("text", [
    "本市の一般会計予算は前年度比12.5%増の約1,234億円となった。",
    "市税収入は前年比3.2%減の約450億円を見込む。",
])
def test_a_comparison_word_is_never_the_subject(text):
    import pipeline

    figures_table = pipeline.extract(text)["figures"]
    assert len(figures_table) == 2
    assert not set(figures_table.subject) & {"比", "増", "減", "前年度比", "前年比"}
    # qualifier is None where nothing is written, never NaN
    assert [q for q in figures_table.qualifier] == [None, "約"]


@pytest.mark.parametrize("text, expected", [
    ("2年9か月ぶりに上方修正", [("2年9か月", 2.75, None, "年")]),
    ("工期は1年6か月", [("1年6か月", 1.5, None, "年")]),
    ("各会派から1名又は2名", [("1名又は2名", 1, 2, "人")]),
    ("3四半期連続のプラス", [("3四半期", 3, None, "四半期")]),
    # not one figure: a list of values that are not neighbours; a quarter of a year named as a date
    ("5人又は8人", [("5人", 5, None, "人"), ("8人", 8, None, "人")]),
    ("第3四半期に", []),
])
def test_compound_durations_and_alternatives(text, expected):
    assert _read(text) == expected


# --------------------------------------------------------------------------- tables with the unit in a header (issue 9, class 2)

ONE_CELL_A_LINE = """令和6年度 主な新規事業
（単位：千円）
No.
事業名
予算額
概要
1
観光DX推進事業
6,120
観光客の動向をデータで分析し、施策に活用する。
2
地域公共交通再編事業
215,480
コミュニティバスの路線を見直す。
- 12 -
3
学校給食費無償化事業
1,250,300
市内小中学校の給食費を無償化する。
"""

SPACED_CELLS = """事業名　予算額(千円)　財源
DX推進事業　6,120　一般財源
防災対策事業　25,300　国庫補助金
"""


@pytest.mark.parametrize("table, expected", [
    # item numbers and the page number stay out; every amount is ×1000 円 with its row label
    (ONE_CELL_A_LINE, [(6_120_000, "観光DX推進事業"), (215_480_000, "地域公共交通再編事業"),
                       (1_250_300_000, "学校給食費無償化事業")]),
    # a row whose cells go on after the amount (財源)
    (SPACED_CELLS, [(6_120_000, "DX推進事業"), (25_300_000, "防災対策事業")]),
])
def test_tables_whose_unit_is_in_a_header(table, expected):
    assert [(f.value, f.subject) for f in find_figures(_nfkc(table))] == [(v, s) for v, s in expected]


def test_prose_with_numbers_under_a_unit_header_is_no_row():
    text = "（単位：千円）\n\n本年度は3事業を見直し、12件を廃止した。\n"
    assert all(f.unit != "円" for f in find_figures(_nfkc(text)))


BUDGET_BOOK = """第1表 歳入歳出予算
歳 入
款 項 金 額
千円
市税
1 48,352,400
1 市民税 18,420,900
2 固定資産税 23,235,700
地方譲与税
2 680,000
1 地方揮発油譲与税 140,000
- 2 -
款 項 金 額
千円
歳 入 合 計
104,500,000
"""


def test_a_budget_book_with_the_unit_alone_under_the_headings():
    got = [(f.value, f.subject) for f in find_figures(BUDGET_BOOK)]
    assert got == [(48_352_400_000, "市税"), (18_420_900_000, "市民税"), (23_235_700_000, "固定資産税"),
                   (680_000_000, "地方譲与税"), (140_000_000, "地方揮発油譲与税"), (104_500_000_000, "歳入合計")]


@pytest.mark.parametrize("text, expected", [
    ("中国経済に持ち直しの動きが見られることから,2年9か月ぶりに上方修正", [("2年9か月", 2.75, None, "年")]),
    ("では、2ページを御覧ください。", []),
    ("千円札を両替した。", [("千円", 1000, None, "円")]),  # 千円 in prose is an amount; alone on a line, a header
])
def test_japanese_commas_page_references_and_bare_units(text, expected):
    assert _read(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("児童生徒に１人１台の端末を配備した。", [("1人", 1, None, "人"), ("1台", 1, None, "台")]),
    ("３支所で受け付け、８０手続をオンライン化した。", [("3支所", 3, None, "支所"), ("80手続", 80, None, "手続")]),
    ("市内５路線のうち２路線を見直す。", [("5路線", 5, None, "路線"), ("2路線", 2, None, "路線")]),
    ("議案一件、賛成三十名、反対一票", [("一件", 1, None, "件"), ("三十名", 30, None, "人"), ("一票", 1, None, "票")]),
    ("全１２館で実施", [("12館", 12, None, "館")]),
    # not counts: 一 as a word, numbering
    ("一人ひとりに寄り添う", []),
    ("一部の路線", []),
    # (一社) abbreviates 一般社団法人; 一社 alone counts one company
    ("(一社)地域情報化協会の理事", []),
    ("入札には一社のみ参加した", [("一社", 1, None, "社")]),
    # schools counted by their kind, school districts
    ("市内3小学校に配備した", [("3小学校", 3, None, "校")]),
    ("全5中学校で実施", [("5中学校", 5, None, "校")]),
    ("市内10中学校区ごとに", [("10中学校区", 10, None, "校区")]),
    ("第2中学校の校舎", []),
])
def test_counts_in_minutes(text, expected):
    assert _read(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("地下2階、地上31階建て", [("2階", 2, None, "階"), ("31階", 31, None, "階")]),
    ("5階建ての庁舎", [("5階", 5, None, "階")]),
    ("0歳から3歳までのお子さん", [("0歳から3歳", 0, 3, "歳")]),
    # a floor as a place, one as the unit of a rate
    ("会場 函館市役所 8階 大会議室", []),
    ("1周約4キロのルート", [("約4キロ", 4, None, "キロ")]),
    # areas and screen sizes as municipal pages write them
    ("市の面積は約362平方kmである", [("約362平方km", 362, None, "平方km")]),
    ("面積12.5平方キロの村", [("12.5平方キロ", 12.5, None, "平方キロ")]),
    ("電子黒板は65インチを選んだ", [("65インチ", 65, None, "インチ")]),
])
def test_floors_measure_buildings_and_ranges_of_ages(text, expected):
    assert _read(text) == expected


# --- budget-book tables: 債務負担行為, 地方債, 総括 with 比較 (invented lines) --------------------

SAIMU_FUTAN = ("第２表　債務負担行為\n（単位　千円）\n事項\n期間\n限度額\n"
               "庁舎清掃業務委託\n令和７年度から\n令和９年度まで\n４５，６００\n"
               "学校給食調理業務委託\n８年度から\n１０年度まで\n３１２，０００\n- 5 -\n")
CHIHOUSAI = ("第３表　地方債\n（単位　千円）\n起債の目的\n限度額\n起債の方法\n利率\n償還の方法\n"
             "道路整備事業\n１２０，０００\n普通貸借又は\n証券発行\n年５．０％以内\n据置期間経過後\n２０年以内\n")
# one cell a line, each closed by a rule, headings many (a ruled table the extraction took apart)
RULED_ONE_CELL = ("(単位:千円)\n事項 |\n期間 |\n区分 |\n限度額 |\n財源内訳 |\n説明 |\n国庫支出金 |\n起債 |\n"
                  "分担金 負担金 |\nその他 |\n一般財源 |\n5年度から 7年度まで\n|\n要求総額 |\n480 |\n0 |\n480 |\n"
                  "|\n5年度\n|\n160\n|\n0\n|\n160\n|\n6年度 |\n160\n|\n0\n|\n160\n|\n")
# 款 names printed vertically, numbered, with △ in the 比較 column
SOUKATSU = ("款\n本年度\n前年度\n千円\n1市\n比 較\n千円\n千円\n税\n8,100,000\n8,000,000\n100,000\n"
            "2地\n方\n譲\n与\n税\n90,000\n95,000\n△5,000\n3繰\n越\n金\n1,000\n1,000\n0\n-9-\n")


@pytest.mark.parametrize("text, expected", [
    (SAIMU_FUTAN, [(45_600_000, "円", None), (312_000_000, "円", None)]),
    (CHIHOUSAI, [(120_000_000, "円", None), (5.0, "%", "以内"), (20, "年", "以内")]),
    (RULED_ONE_CELL, [(480_000, "円", None), (0, "円", None), (480_000, "円", None),
                      (160_000, "円", None), (0, "円", None), (160_000, "円", None),
                      (160_000, "円", None), (0, "円", None), (160_000, "円", None)]),
    (SOUKATSU, [(8_100_000_000, "円", None), (8_000_000_000, "円", None), (100_000_000, "円", None),
                (90_000_000, "円", None), (95_000_000, "円", None), (-5_000_000, "円", None),
                (1_000_000, "円", None), (1_000_000, "円", None), (0, "円", None)]),
])
def test_budget_book_tables(text, expected):
    """Every amount cell under a 千円 header, in any column; no 款 number (1市), page number
    (- 5 -, -9-) or fiscal year (8年度) is a figure."""
    assert [(f.value, f.unit, f.qualifier) for f in find_figures(_nfkc(text))] == expected


@pytest.mark.parametrize("text", [
    "(単位:千円)\n区分\n1\n観光DX推進事業\n6,120\n",  # the item number before its name
    "(単位:千円)\n1市\n2町\n5株 式 等\n",  # 款 numbers glued to their names
    "(単位:千円)\n区分\n- 12 -\n3年度から 5年度まで\n",  # page number, fiscal years
])
def test_budget_book_table_numbering_is_no_amount(text):
    assert [text[f.start:f.end] for f in find_figures(_nfkc(text)) if f.unit == "円" and abs(f.value) < 13_000] == []


# --- round 10: real budget books, settlements, statistics and newsletters (invented lines) -------

# each row label names its own unit; an index row between them has none
ROW_LABEL_UNITS = ("区分 | 5年度 | 4年度 |\n"
                   "経常収支比率(%) | 88.4 | 90.2 |\n"
                   "財政力指数 | 0.512 | 0.520 |\n"
                   "地方債残高(千円) | 4,120,000 | 4,305,500 |\n"
                   "世帯数(世帯) | 8,214 | 8,190 |\n")


def test_a_row_labels_unit_is_that_rows_own():
    assert [(f.value, f.unit) for f in find_figures(_nfkc(ROW_LABEL_UNITS))] == [
        (88.4, "%"), (90.2, "%"), (4_120_000_000, "円"), (4_305_500_000, "円"), (8214, "世帯"), (8190, "世帯")]


@pytest.mark.parametrize("text, expected", [
    # an amount set apart from its item by a dot leader (… is ... after NFKC)
    ("・通学路の安全対策…860万円\n・図書館の改修…2400万円",
     [("860万円", 8_600_000, None, "円"), ("2400万円", 24_000_000, None, "円")]),
    # a contents line's page after a leader is no figure
    ("議会の動き…2ページ\n委員会の報告…6面", []),
    # ・ as the decimal point of a rate (広報, newspapers); neighbours before a counter stay a range
    ("市税収入は前年度比2・7%増となった", [("2・7%", 2.7, None, "%")]),
    ("構成比は0・8ポイント下がった", [("0・8ポイント", 0.8, None, "ポイント")]),
    ("作業に3・4時間かかる", [("3・4時間", 3, 4, "時間")]),
    # bills and members counted in a council newsletter; a name ending in a numeral is no count
    ("条例改正など12議案を可決、7議員が一般質問に登壇", [("12議案", 12, None, "議案"), ("7議員", 7, None, "人")]),
    ("○3番 山田健一議員", []),
    ("質問項目 :2 議員定数について", []),
    # a plan period in fiscal years; the period of an average is no quantity
    ("令和3年度~令和7年度(5年度間)の計画", [("5年度間", 5, None, "年")]),
    ("直近3か年平均の比率は11.2%", [("11.2%", 11.2, None, "%")]),
    ("過去5年間の平均値を用いる", []),
    # page locators: a minutes' page mark, an issue's page
    ("○議長(佐藤一郎君)[ 412頁] 開会します", []),
    ("市報 令和5年6月号 4ページ ----", []),
    ("全48ページの冊子にまとめた", [("48ページ", 48, None, "ページ")]),
    # a funding source's share in brackets, the whole included
    ("県補助金(1/2)と国負担金(10/10)を充てる", [("1/2", 0.5, None, ""), ("10/10", 1, None, "")]),
    # a number a PDF line broke between its digits
    ("今回の決算では経常収支比率が前年度より悪化して9\n2%を上回り、改善が求められている", [("9\n2%", 92, None, "%")]),
    # ㎡ lost as ? only where the sentence speaks of land or floor space
    ("公園用地として約2万4,500?を取得した", [("約2万4,500?", 24500, None, "m2")]),
    ("参加者は300?", []),
    # a counted pair after の
    ("24の国と地域から選手が集まった", [("24の国と地域", 24, None, "国と地域")]),
])
def test_newsletters_and_settlement_pages(text, expected):
    assert _read(text) == expected


@pytest.mark.parametrize("text, expected", [
    # a session named by its month is one meeting: the (N回) after it numbers it; a count of meetings stays
    ("令和 5年 9月 定例会(4回) 09月05日−01号", []),
    ("昨年度は定例会(4回)と臨時会(2回)を開いた", [("4回", 4, None, "回"), ("2回", 2, None, "回")]),
    # a numbered item whose label is letter-spaced (日 時 = 日時) is no day count
    ("会議録 1 日  時  令和7年3月4日(火) 2 場  所  議場", []),
    # kana numerals with つ, as words of their own; not inside a verb or a name
    ("導入した機能は受付と予約のみっつの仕組みとよっつ。", [("みっつ", 3, None, "つ"), ("よっつ", 4, None, "つ")]),
    ("課題を抱えつつ改善を行いつつ進めた", []),
    # a compound after a counted noun is the noun counted, as written; its amount keeps the count with the noun
    ("聞き取りで45の事業候補を洗い出した", [("45の事業候補", 45, None, "事業候補")]),
    ("全7の施策を見直す", [("7の施策", 7, None, "件")]),
    # municipalities of a merger, each counted (not one as a rate's unit)
    ("2町3村の合併と、1市4町の広域連合", [("2町", 2, None, "町"), ("3村", 3, None, "村"), ("1市", 1, None, "市"),
                                         ("4町", 4, None, "町")]),
    # heads of municipalities counted by their title; roles counted with 役
    ("7町村のうち2町長が出席した", [("7町村", 7, None, "町村"), ("2町長", 2, None, "町長")]),
    ("タブレットは端末と辞書の2役を担う", [("2役", 2, None, "役")]),
    # one year as a noun phrase; not a grade or a frequency
    ("変化の多かった一年を振り返る", [("一年", 1, None, "年")]),
    ("一年生が参加し、点検は一年に一度", []),
    # a number glued inside a quoted campaign's name is part of the name
    ("「こども未来3日間無料体験ウィーク」に参加した", []),
    ("「参加者は3日間で500人」と話した", [("3日間", 3, None, "日"), ("500人", 500, None, "人")]),
])
def test_ordinals_kana_numerals_and_counted_compounds(text, expected):
    assert _read(text) == expected


def test_a_funding_share_keeps_its_figure_over_a_date_reading():
    text = "国補助金(10/10)を財源とする"
    span = (text.index("10/10"), text.index("10/10") + 5)
    assert figures._without_fund_shares(text, [span, (0, 1)]) == [(0, 1)]


@pytest.mark.parametrize("text, expected", [
    # the second of a pair a sentence enumerates is counted as the first; もう1つ alone stays a partitive
    ("窓口は2か所で、1つは本庁、もう1つが支所にある", [("2か所", 2, None, "か所"), ("1つ", 1, None, "つ"), ("1つ", 1, None, "つ")]),
    ("もう1つの論点について伺う", []),
    ("課題の1つが人材である", []),
])
def test_the_second_of_an_enumerated_pair(text, expected):
    assert _read(text) == expected
