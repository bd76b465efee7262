"""officials: organizations completed from the document, contact lines, interview headers,
roster roles — one table per case, all sentences invented."""
from __future__ import annotations

import pytest

from pipeline.extractors import officials
from tests.extractors.officials_support import found_officials
from pipeline.extractors.officials.grammar import SEGMENT
from pipeline.extractors.organizations import is_org_unit, municipality


_found = found_officials


# (document, name, title, organization): the organization as the text writes it around the name
ORGANIZATION_FROM_CONTEXT = [
    # abbreviated 市/区/県 in front of a unit
    ("青葉市は3日、新しい窓口を開くと発表した。\n市情報戦略局システム課の森下恵美課長は「…」と話した。",
     "森下恵美", "課長", "青葉市情報戦略局システム課"),
    ("若葉県は補正予算案を公表した。県総務部人事課の日高誠課長によると、研修も増やす。",
     "日高誠", "課長", "若葉県総務部人事課"),
    ("白川区議会\n総務委員会\n\n（随行）区議会事務局調査係　主事　桑田　遥\n",
     "桑田遥", "主事", "白川区議会事務局調査係"),
    # 同室 / 同部 / 同局: the unit named just before
    ("職名　氏名\n青葉市市民協働推進室長　野口　武\n同室協働支援課長　柏木　南\n",
     "柏木南", "課長", "青葉市市民協働推進室協働支援課"),
    ("事務局　若葉市財政局長　中谷　浩二\n　　　　同局予算課　主査　川上　凛\n",
     "川上凛", "主査", "若葉市財政局予算課"),
    # 同課 after a chain written one unit per word: the whole chain, not only its last unit
    ("若葉県 環境部 水道課 主任の森 拓海氏と同課 北村 葵氏に話を聞いた。",
     "北村葵", "", "若葉県環境部水道課"),
    ("当日は、青葉市役所 市民部 窓口課 課長の沢田 亮氏、同課 主事 今井 恵氏が説明した。",
     "今井恵", "主事", "青葉市役所市民部窓口課"),
    # a row starting with a bare 同: the row above's organization
    ("対応者\n　青葉市環境部　ごみ減量課長　片山　慎一　氏\n　同　ごみ減量課　主査　平井　彩　氏\n",
     "平井彩", "主査", "青葉市環境部ごみ減量課"),
    ("対応者\n　若葉町総務課　課長　宮内　進\n　同　　　　　　広報係長　田口　恵\n",
     "田口恵", "係長", "若葉町総務課広報係"),
    # a bare unit in minutes and staff lists stays bare (whose unit it is goes to body)
    ("令和6年 青葉市議会 予算委員会記録\n○大森会計課長　お答えします。\n", "大森", "課長", "会計課"),
    # the line of units above a block of rows
    ("【担当】\n若葉市 市民生活部 窓口サービス課\n課長　藤本　和樹\n主任主査　関　理沙\n",
     "関理沙", "主任主査", "若葉市市民生活部窓口サービス課"),
    ("若葉市教育委員会\n教育長　三浦　公平\n（担当：学校教育部学び支援課　課長　荒井　拓）\n",
     "荒井拓", "課長", "若葉市教育委員会学校教育部学び支援課"),
    # kana inside a unit name, kana municipalities
    ("いわき市 こども未来部 こども支援課 係長の沖田 舞氏は「…」と話す。", "沖田舞", "係長", "いわき市こども未来部こども支援課"),
    ("いわき市議会だより\n\n答　検討します。（市長　城戸 昭彦）\n", "城戸昭彦", "市長", "いわき市"),
    # a committee under its council only where the document writes it so
    ("若葉市議会\n経済常任委員会\n\n参加委員\n　委員長　　杉田　康介\n", "杉田康介", "委員長", "若葉市議会経済常任委員会"),
    ("## 経済常任委員会行政視察報告\n\n参加委員\n　委員長　　杉田　康介\n", "杉田康介", "委員長", "経済常任委員会"),
    # a council member with nothing written takes no council (issue 9: not written there; whose: body)
    ("若葉市議会だより\n\n○堀江 雅人 議員（未来の会）\n　問　窓口の混雑は。\n", "堀江雅人", "議員", ""),
]


@pytest.mark.parametrize("text,name,title,org", ORGANIZATION_FROM_CONTEXT)
def test_organization_from_context(make_context, text, name, title, org):
    got = _found(make_context, text)
    assert name in got, got
    assert got[name] == (title, org)


# contact lines of press releases and reports
CONTACT_LINES = [
    ("青葉県は発表した。\n\n【問合せ先】\n情報政策局デジタル推進課　行政改革係\n担当：課長補佐　岡崎浩平、主事　杉山紗枝\n",
     {"岡崎浩平": ("課長補佐", "情報政策局デジタル推進課行政改革係"),
      "杉山紗枝": ("主事", "情報政策局デジタル推進課行政改革係")}),
    ("若葉県総務部\n\n（問合せ先）総務部人事課　人材育成係長　久 保 田 誠\n",
     {"久保田誠": ("係長", "総務部人事課人材育成係")}),
    ("担当：主査 西村 千尋（内線2210）、主事 岩田 航\n",
     {"西村千尋": ("主査", ""), "岩田航": ("主事", "")}),
]


@pytest.mark.parametrize("text,expected", CONTACT_LINES)
def test_contact_lines(make_context, text, expected):
    got = _found(make_context, text)
    for name, value in expected.items():
        assert got.get(name, (None, None))[0] == value[0], got
        if value[1]:
            assert got[name][1] == value[1], got


# a name, a space, then the post (the head of a unit keeps the unit in the organization,
# as 保育課長 → 保育課 + 課長 everywhere else)
NAME_SPACE_POST = [
    ("株式会社青葉データ 公共営業部 田島健一 第一課長は「…」と話す。", "田島健一", "課長", "株式会社青葉データ公共営業部第一課"),
    ("株式会社青葉データ 公共営業部 田島 健一 営業課長", "田島健一", "課長", "株式会社青葉データ公共営業部営業課"),
    ("若葉新聞社 編集局 記者 岩崎 翼\n", "岩崎翼", "記者", "若葉新聞社編集局"),
]


@pytest.mark.parametrize("text,name,title,org", NAME_SPACE_POST)
def test_name_space_post(make_context, text, name, title, org):
    got = _found(make_context, text)
    assert got.get(name) == (title, org), got


@pytest.mark.parametrize("text,wrong", [
    ("第3次計画の2年目です。吉村 孝之 町長のもと編成した。", "孝之"),  # the given name alone
    ("式典で原 恵子 副市長があいさつした。", "恵子"),
    ("市長の山下 聡市長は", "山下"),  # 聡市 is no city
])
def test_name_space_post_never_splits_a_spaced_name(make_context, text, wrong):
    assert wrong not in _found(make_context, text)


def test_contact_label_is_no_second_title(make_context):
    got = _found(make_context, "若葉県は発表した。\n問い合わせ先：若葉県総務部情報課 担当 主査 佐々木 信也（内線1234）\n")
    assert got["佐々木信也"] == ("主査", "若葉県総務部情報課")


def test_interview_header_with_two_people(make_context):
    text = "特集対談\n若葉県青葉市　副市長　高瀬　直人 × 情報政策監　小野寺　瞳\n\n――始めに。\n高瀬　…\n"
    got = _found(make_context, text)
    assert got["高瀬直人"] == ("副市長", "若葉県青葉市")
    assert got["小野寺瞳"][0] == "情報政策監"


def test_speaker_with_spaced_name_and_faction(make_context):
    got = _found(make_context, "○中島 久美子 議員（青葉クラブ）\n　問　…\n○江口 大輔 議員（無所属）\n")
    assert set(got) == {"中島久美子", "江口大輔"}


def test_roster_role_beats_the_bracketed_affiliation(make_context):
    text = (
        "第3回　若葉市地域交通協議会　会議録\n出席者\n"
        "　会長　　石井　修（若葉大学工学部教授）\n"
        "　委員　　早坂　恵（若葉商工会議所専務理事）\n"
        "　同　　　辻　直也（市民公募）\n"
    )
    got = _found(make_context, text)
    assert got["石井修"] == ("会長", "若葉市地域交通協議会")
    assert got["早坂恵"] == ("委員", "若葉市地域交通協議会")
    assert got["辻直也"] == ("委員", "若葉市地域交通協議会")


def test_a_persons_family_name_is_no_municipality(make_context):
    text = "○田村 あかね 議員（青葉会）\n　答　更新します。（教育長　北川 伸也）\n"
    got = _found(make_context, text)
    assert got["北川伸也"][1] != "田村"


# units in a company keep the company; no municipality is put in front of them
def test_company_units_take_no_municipality(make_context):
    text = ("青葉市は導入を決めた。株式会社若葉ソフト 公共営業部 第二課長の高村 亮氏は「…」と話す。\n"
            "ITジャーナリスト 早瀬 由紀 氏\n")
    got = _found(make_context, text)
    assert got["高村亮"][1].startswith("株式会社若葉ソフト")
    assert got["早瀬由紀"] == ("ITジャーナリスト", "")


@pytest.mark.parametrize("line,segments", [
    ("教育局学び推進課", ["教育局学び推進課"]),
    ("こども未来部こども支援課", ["こども未来部こども支援課"]),
    ("当時の青葉市長であった", ["当時", "青葉市長"]),
    ("本市はいわき市情報課", ["本市", "いわき市情報課"]),
    ("ふるさと納税課", ["ふるさと納税課"]),
    ("支援した若葉システム事業部", ["支援", "若葉システム事業部"]),
    ("参考人として若葉大学", ["参考人", "若葉大学"]),
    ("本市ではまちづくり推進課", ["本市", "まちづくり推進課"]),
    ("市民のためのこども課", ["市民", "こども課"]),
    ("それにより情報課", ["情報課"]),
    ("については検討部会", ["検討部会"]),
])
def test_kana_inside_unit_names(line, segments):
    assert [m.group(0) for m in SEGMENT.finditer(line)] == segments


@pytest.mark.parametrize("text,body", [
    ("ひたちなか市議会", "ひたちなか市"),
    ("さいたま市デジタル改革推進部", "さいたま市"),
    ("市町村", ""),
    ("都内区部", ""),
    ("他市", ""),
])
def test_municipality(text, body):
    assert municipality(text) == body


@pytest.mark.parametrize("word", ["開催場所", "住所", "全部"])
def test_common_nouns_are_no_units(word):
    assert not is_org_unit(word)


# ---------------------------------------------------------------- properties
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from pipeline.extractors.officials.organization import _join_chain  # noqa: E402

_UNITS = st.sampled_from(["総務部", "情報政策課", "行政改革係", "市民生活部", "窓口サービス課", "企画局"])
_FAMILY = st.sampled_from(["岡田", "村井", "杉山", "野口", "柏木", "関"])
_GIVEN = st.sampled_from(["直樹", "優子", "健", "彩花", "浩二", "理沙"])
_TITLES = st.sampled_from(["課長", "主査", "主任", "係長", "課長補佐", "主事"])


@settings(max_examples=30, deadline=None)
@given(st.lists(_UNITS, min_size=1, max_size=3, unique=True), st.lists(st.tuples(_TITLES, _FAMILY, _GIVEN), min_size=1, max_size=3))
def test_rows_under_a_unit_line_take_the_whole_chain(make_context, units, rows):
    """Any block ``若葉市 <units>`` / ``<title> <姓> <名>`` rows: every row person is found with
    the title as written and the chain 若葉市+units as organization."""
    rows = list({f + g: (t, f, g) for t, f, g in rows}.values())
    text = "若葉市 " + " ".join(units) + "\n" + "".join(f"{t}　{f}　{g}\n" for t, f, g in rows)
    got = _found(make_context, text)
    for t, f, g in rows:
        assert got.get(f + g) == (t, "若葉市" + "".join(units)), (text, got)


@given(st.lists(_UNITS, min_size=1, max_size=3), st.lists(_UNITS, min_size=1, max_size=3))
def test_join_chain_keeps_both_ends(parent, unit):
    p, u = "若葉市" + "".join(parent), "".join(unit)
    joined = _join_chain(p, u)
    assert joined.startswith(p) and joined.endswith(u) and len(joined) <= len(p) + len(u)


# layouts that look like the new ones but hold no named official
@pytest.mark.parametrize("text", [
    "担当：情報政策課、電話：0123-45-6789",
    "【問合せ先】\n若葉市 総務部 情報政策課\n電話：0123-45-6789\n",
    "（問合せ先）総務部職員課　働き方改革推進係\n",
    "参加委員\n　委員長\n",
    "市民のための窓口サービス課長会議を開いた。",
])
def test_new_layouts_must_not_match(make_context, text):
    assert officials.extract(make_context(text), {}) == []


def test_roster_of_a_round_table(make_context):
    text = "第1回若葉市地域交通懇談会\n委員名簿\n座長　高田　修一（若葉大学教授）\n副座長　林　恵子（若葉市商工会議所会頭）\n"
    got = _found(make_context, text)
    assert got["高田修一"] == ("座長", "若葉市地域交通懇談会")
    assert got["林恵子"] == ("副座長", "若葉市地域交通懇談会")


# (document, name, organization, body): the body an official belongs to — written in the
# organization, else the municipality the passage or the document is about; none for a company.
BODIES = [
    ("令和6年 青葉市議会 予算委員会記録\n○大森会計課長　お答えします。\n", "大森", "会計課", "青葉市"),
    ("青葉県は発表した。\n\n【問合せ先】\n情報政策局デジタル推進課　行政改革係\n担当：課長補佐　岡崎浩平\n",
     "岡崎浩平", "情報政策局デジタル推進課行政改革係", "青葉県"),
    ("京都府 政策企画部 情報政策課 主幹 森田嘉彦氏が説明した。", "森田嘉彦", "京都府政策企画部情報政策課", "京都府"),
    ("青葉市は導入を決めた。株式会社若葉ソフト 公共営業部 第二課長の高村 亮氏は「…」と話す。",
     "高村亮", "株式会社若葉ソフト公共営業部第二課", ""),  # a company: no public body
    ("平成23年 臨時会\n\n市長                 中 村  征 一\n税務課長               木 本  吉 彦\n",
     "木本吉彦", "税務課", ""),  # no municipality named anywhere: no body
    ("出席議員 百二十名\n十二番田村　利光君\n財務局長武市　敬君\n\n東京都議会会議録\n", "田村利光", "", "東京都"),  # 十二番田村 is no 村
]


@pytest.mark.parametrize("text,name,org,body", BODIES)
def test_body_of_official(make_context, text, name, org, body):
    rows = {r.name: r for r in officials.extract(make_context(text), {})}
    assert name in rows, rows
    assert (rows[name].organization, rows[name].body) == (org, body)


@pytest.mark.parametrize("text,body", [
    ("石岡市議会\n議会運営委員会\n出席委員 谷田川泰委員長\n", "石岡市"),
    ("〒315-8640\n茨城県石岡市石岡一丁目1番地1\n", "石岡市"),
    ("平成23年 5月 臨時会(第1回)\n\n1.出席議員(19名)\n", ""),
])
def test_document_body(text, body):
    from pipeline.extractors.officials import document_body

    assert document_body(text) == body


# An organization is never a fragment of the words around the name (another person's name,
# a deputy's title, a 同 that refers back): (text, name, organization).
NO_FRAGMENT_ORGANIZATION = [
    ("同市の佐藤花子副市長（CDO）は…", "佐藤花子", ""),
    ("青葉市は発表した。同市の佐藤花子副市長（CDO）は…", "佐藤花子", "青葉市"),
    ("田中副市長は、住宅課の説明を受けた。", "田中", ""),
    ("現在青葉区指導課の佐藤花子課長は「…」と話した。", "佐藤花子", "青葉区指導課"),
    ("平成十五年青葉区長の田中一郎氏が就任した。", "田中一郎", "青葉区"),
    ("本町三丁目保育課長の鈴木次郎氏によると、", "鈴木次郎", "保育課"),
    ("企画部長兼青葉市同財政課長の高橋三郎氏が説明した。", "高橋三郎", "企画部"),
]


@pytest.mark.parametrize("text,name,org", NO_FRAGMENT_ORGANIZATION)
def test_no_fragment_organization(make_context, text, name, org):
    got = _found(make_context, text)
    assert got[name][1] == org


# A post written as unit + head reads as the head of that unit; posts that are no such thing stay whole.
@pytest.mark.parametrize("title,expected", [
    ("健康部次長", ("次長", "健康部")),
    ("選挙管理委員会事務局長", ("局長", "選挙管理委員会事務局")),
    ("南茅部支所長", ("支所長", "南茅部支所")),
    ("スマートシティ課長", ("課長", "スマートシティ課")),
    ("教育次長", ("教育次長", "")),
    ("ＤＸ推進担当部長", ("ＤＸ推進担当部長", "")),
    ("事務局長", ("局長", "事務局")),
    ("市長", ("市長", "")),
    ("副部長", ("副部長", "")),
    ("常務執行役員 公共営業本部長", ("常務執行役員 公共営業本部長", "")),
])
def test_head_split(title, expected):
    from pipeline.extractors.officials.organization import head_split

    assert head_split(title) == expected


def test_rows_under_a_square_heading_take_its_unit(make_context):
    text = "◆ お話を伺った方\n■防災安全課\n課長 岩田俊介 様\n主査 江口真央 様\n■こども政策課\n係長 坂井亮太 様\n"
    got = found_officials(make_context, text)
    assert got["岩田俊介"] == ("課長", "防災安全課")
    assert got["江口真央"] == ("主査", "防災安全課")
    assert got["坂井亮太"] == ("係長", "こども政策課")


def test_a_square_heading_past_a_blank_line_is_no_unit_of_the_row(make_context):
    text = "■防災安全課の取り組み\n\n課長 岩田俊介 様\n"
    assert found_officials(make_context, text)["岩田俊介"] == ("課長", "")


def test_a_former_head_is_no_body(make_context):
    text = "青葉市長に就任いたしました。過日、木村前市長の任期満了に伴う選挙が行われ、青葉市の皆様のご支持をいただきました。\n"
    got = found_officials(make_context, text)
    assert got.get("木村") == ("前市長", "青葉市"), got


def test_members_of_a_council_named_with_middle_dots(make_context):
    text = ("令和6年度 第2回 青葉市高齢者・障がい者・介護会議(令和6年7月1日開催)\n"
            "出席者 |\n委員:森会長、川口副会長、大野委員、石田委員\n")
    got = found_officials(make_context, text)
    assert got.get("川口") == ("副会長", "青葉市高齢者・障がい者・介護会議"), got
    assert got.get("石田") == ("委員", "青葉市高齢者・障がい者・介護会議"), got


# set t round: a council committee glued to its municipality is named without it; a committee named
# with a particle phrase is a body members take; a body, a dot, then its head
@pytest.mark.parametrize("text,name,title,organization", [
    ("第3回定例会青葉市総務常任委員会\n出 席 委 員  森 田 健 一  川 村 直 人  大 野 洋 子\n", "川村直人", "委員", "総務常任委員会"),
    ("新庁舎建設に関する特別委員会\n委員長   大 河 内 正 志       副委員長  池 上 友 子\n", "池上友子", "副委員長",
     "新庁舎建設に関する特別委員会"),
    ("視察には桜台町・小野寺町長も同行した。\n", "小野寺", "町長", "桜台町"),
    # a flattened row: the post before each name (not the next row's post after it); the council glued
    # in front of its committee is no part of the committee's name
    ("青葉市議会議会広報に関する特別委員会 会議録 出席委員(5名)  委員長   大 河 内 正 志       副委員長  池 上 友 子"
     "  委  員  石 田 和 夫\n", "大河内正志", "委員長", "議会広報に関する特別委員会"),
])
def test_set_t_committees_and_heads(make_context, text, name, title, organization):
    assert found_officials(make_context, text)[name] == (title, organization)


@pytest.mark.parametrize("text,name", [
    ("青葉市・研究所長が説明した。\n", "研究"),  # the kinds differ (市 … 所長): no head of the body
    ("桜台町・町長会議に出席した。\n", "町長会"),
])
def test_set_t_no_body_dot_head(make_context, text, name):
    assert name not in found_officials(make_context, text)


@pytest.mark.parametrize("text,name,expected", [
    # a speaker with no post in minutes whose chair speaks with one: a member of the chair's body
    ("建設常任委員会 令和2年3月4日\n委員長(村井君):ただいまより開会します。\n杉浦君:議案第3号について質疑します。\n",
     "杉浦", "委員"),
    ("青葉市議会 本会議\n議長(大沢君):ただいまより開議します。\n杉浦君:一般質問を行います。\n", "杉浦", "議員"),
])
def test_set_t_bare_colon_speakers(make_context, text, name, expected):
    assert found_officials(make_context, text)[name][0] == expected


def test_set_t_no_bare_colon_speaker_without_a_chair(make_context):
    assert "杉浦" not in found_officials(make_context, "会議メモ\n杉浦君:資料を配ります。\n")


@pytest.mark.parametrize("text,name,org", [
    # the room on the line above a numbered 出席委員 heading is another item's value, no unit of the rows
    ("議会運営委員会 会議記録\n1 日時\n令和元年5月7日\n2 場所\n第二委員会室\n3 出席委員\n委員長 田村健司\n委員 野口美香\n",
     "田村健司", "議会運営委員会"),
    # a council's name in front of a building is no council (久御山役場議会棟)
    ("1.招集の場所 山北役場議会棟議場 2.開 会 議長森田花子さん宣告\n", "森田花子", ""),
])
def test_set_j_no_unit_from_another_item(make_context, text, name, org):
    got = found_officials(make_context, text)
    assert got[name][1] == org


@pytest.mark.parametrize("text,name,title,org", [
    # a bare rank held with a unit's post: the unit's post is annotated, its unit under the one before
    ("総務部管財課 主幹兼庁舎管理係長 森川一郎氏は、説明した。\n", "森川一郎", "係長", "総務部管財課庁舎管理係"),
    ("市民部市民課 主査兼窓口係長 大石花子氏が応じた。\n", "大石花子", "係長", "市民部市民課窓口係"),
    # a credit line: the name and 様, then the units and the post after it
    ("西山 翔 様 福岡県 総務部 デジタル推進課 主任主事\n", "西山翔", "主任主事", "福岡県総務部デジタル推進課"),
])
def test_set_j_posts_around_the_name(make_context, text, name, title, org):
    got = found_officials(make_context, text)
    assert got[name] == (title, org)
