"""officials: one table per layout of (text, name, title, organization), all invented."""
from __future__ import annotations

import pandas as pd
import pytest

from pipeline.extractors import officials
from tests.extractors.officials_support import found_officials
from pipeline.extractors.officials import organization_body, person_id_for, resolve_person_ids
from pipeline.extractors.titles import split_post


_found = found_officials


def _check(make_context, text, name, title, org):
    got = _found(make_context, text)
    assert name in got, got
    assert got[name] == (title, org)


# organization, title, name, honorific — on one line or spread over byline lines
ORG_TITLE_NAME = [
    ("青葉市 デジタル推進室 担当係長 川端優子氏は「…」と話す。", "川端優子", "担当係長", "青葉市デジタル推進室"),
    ("と語るのは、青葉市 デジタル推進室担当係長 野沢健一氏。", "野沢健一", "担当係長", "青葉市デジタル推進室"),
    ("山形県 総務部 情報企画課 主査 佐伯 亮介 氏", "佐伯亮介", "主査", "山形県総務部情報企画課"),
    ("北海電算株式会社 常務執行役員 公共営業本部長 今村 剛 氏", "今村剛", "常務執行役員 公共営業本部長", "北海電算株式会社"),
    ("東和システム株式会社\n公共事業部\n第二営業部\nアカウントマネージャー\n内藤 沙耶 氏\n",
     "内藤沙耶", "アカウントマネージャー", "東和システム株式会社公共事業部第二営業部"),
    ("若葉県 企画部 情報政策課\n主任 \n高峰 里奈 氏\n", "高峰里奈", "主任", "若葉県企画部情報政策課"),
    ("北浜町 総務課 課長補佐兼情報担当係長 谷口 修 氏", "谷口修", "課長補佐", "北浜町総務課"),
    ("鳥居市 政策局 DX推進担当課長 松下 直樹氏", "松下直樹", "DX推進担当課長", "鳥居市政策局"),
    ("ITライター 早瀬 由紀 氏", "早瀬由紀", "ITライター", ""),
    # the post joined to the name by を務める / を務めた (its 務 is no unit)
    ("登壇したのは、若葉市役所 企画部でIT専門官を務める森口 遥氏だ。", "森口遥", "IT専門官", "若葉市役所企画部"),
    ("青葉町 総務課で課長を務めた石原 大地氏が講師となった。", "石原大地", "課長", "青葉町総務課"),
]


@pytest.mark.parametrize("text,name,title,org", ORG_TITLE_NAME)
def test_organization_title_name(make_context, text, name, title, org):
    _check(make_context, text, name, title, org)


# name, then title; descriptive forms
NAME_THEN_TITLE = [
    ("佐倉市の宮原康介市長は記者会見で述べた。", "宮原康介", "市長", "佐倉市"),
    ("式典では藤崎隆司社長があいさつした。", "藤崎隆司", "社長", ""),
    ("記者会見した今井 俊介市長は「…」と述べた。", "今井俊介", "市長", ""),
    ("県教育委員会の 沢田 みのり 教育長は", "沢田みのり", "教育長", ""),
    ("若葉大学大学院情報学環の工藤 遼教授によると", "工藤遼", "教授", "若葉大学大学院情報学環"),
    ("当時の北条市長であった杉本大輔氏の主導で始まった。", "杉本大輔", "市長", "北条市"),
    ("東和システム 代表取締役社長の大槻正人氏は「…」と語った。", "大槻正人", "代表取締役社長", "東和システム"),
    # a credit block: the name with its honorific on one line, its units and post on the next
    ("お話を伺った方\n\n森川 俊介 様\n企画部デジタル推進課 推進係 主査\n", "森川俊介", "主査", "企画部デジタル推進課推進係"),
    ("森川 俊介 様\n企画部デジタル推進課 推進係 主査\n平田 凛 様\n企画部デジタル推進課 推進係 主事\n",
     "平田凛", "主事", "企画部デジタル推進課推進係"),
]


@pytest.mark.parametrize("text,name,title,org", NAME_THEN_TITLE)
def test_name_then_title(make_context, text, name, title, org):
    got = _found(make_context, text)
    assert name in got, got
    assert got[name][0] == title
    if org:
        assert got[name][1] == org


# council minutes: speaker headers
SPEAKERS = [
    ("○議長（池田 正義君）　ただいまから会議を開きます。", "池田正義", "議長"),
    ("○7番（森下 絵美君）　質問いたします。", "森下絵美", "議員"),
    ("◆12番（川口陽一議員）　おはようございます。", "川口陽一", "議員"),
    ("○中原福祉課長　お答えいたします。", "中原", "課長"),
    ("（横田 税務課長）　ご説明いたします。", "横田", "課長"),
    ("○石田委員　一点伺います。", "石田", "委員"),
    ("◎区長（西川 康夫）　お答えします。", "西川康夫", "区長"),
    # the mark or a bracket lost or moved: no mark, the name and post both bracketed, a flattened chair label
    ("開会\n議長(大橋和夫君) ただいまから会議を開きます。", "大橋和夫", "議長"),
    ("○（山下みつこ議長）　出席議員は定足数に達しております。", "山下みつこ", "議長"),
    ("------開議宣告副議長松井啓介君) これより本日の会議を開きます。", "松井啓介", "副議長"),
    ("○(森学校教育課長) お答えいたします。", "森", "課長"),
    ("◯水道事業管理者(川辺 亮君) お答えいたします。", "川辺亮", "水道事業管理者"),
]


# a credit line written whole stands over a post told in a clause later (…で本部長を務める…氏)
def test_credit_over_clause(make_context):
    text = ("東和システム株式会社 執行役員 公共営業本部長 杉浦 真 氏\n\n"
            "自治体を支援する東和システムで公共営業本部長を務める杉浦真氏は語る。\n")
    got = _found(make_context, text)
    assert got["杉浦真"] == ("執行役員 公共営業本部長", "東和システム株式会社")


# a member who chairs: the office the speaker header gives stands over the seat of the list
def test_chair_over_seat(make_context):
    got = _found(make_context, "出席議員\n  3番  岡村 和也君\n\n議長(岡村和也君) 開会します。\n")
    assert got["岡村和也"][0] == "議長"


@pytest.mark.parametrize("text,name,title", SPEAKERS)
def test_speaker_headers(make_context, text, name, title):
    got = _found(make_context, text)
    assert name in got, got
    assert got[name][0] == title


def test_speaker_unit_goes_to_organization(make_context):
    got = _found(make_context, "（横田 税務課長）　ご説明いたします。")
    assert got["横田"] == ("課長", "税務課")


# rosters and tables; 同 repeats the title above
def test_roster_with_same_title(make_context):
    text = "## 都市交通特別委員会行政視察報告\n\n視察委員\n\n委員長 青 山 大 輔\n\n同 中 村 花 子\n\n同 堀 川 一 郎\n"
    got = _found(make_context, text)
    assert got["青山大輔"] == ("委員長", "都市交通特別委員会")
    assert got["中村花子"] == ("委員長", "都市交通特別委員会")
    assert got["堀川一郎"] == ("委員長", "都市交通特別委員会")


def test_staff_table_rows(make_context):
    text = "【対応者】\n職名\t氏名\n企画政策部長\t大川　智子\n情報政策課\t主査\t南　拓真\n"
    got = _found(make_context, text)
    assert got["大川智子"] == ("部長", "企画政策部")
    assert got["南拓真"] == ("主査", "情報政策課")


def test_markdown_table_rows(make_context):
    text = "| 職 | 氏名 |\n|---|---|\n| 副町長 | 長尾 和美 |\n| 教育長 | 吉野 直人 |\n"
    got = _found(make_context, text)
    assert got["長尾和美"][0] == "副町長"
    assert got["吉野直人"][0] == "教育長"


def test_post_then_spaced_name_in_prose(make_context):
    got = _found(make_context, "■ 若葉県知事 大森 正和 のコメント")
    assert got["大森正和"] == ("知事", "若葉県")


@pytest.mark.parametrize("text,name,title,org", [
    ("若葉県（知事：大森 正和）", "大森正和", "知事", "若葉県"),
    ("北浜村（村長　小池 秀樹）", "小池秀樹", "村長", "北浜村"),
    ("土屋 彩（地域経済新聞記者）", "土屋彩", "記者", "地域経済新聞"),
])
def test_bracketed_posts(make_context, text, name, title, org):
    _check(make_context, text, name, title, org)


@pytest.mark.parametrize("text,name,title,org", [
    # title, units, title: the units belong to one title as written
    ("北海電算株式会社 執行役員 公共事業部門 統括 今村 剛 のコメント", "今村剛", "執行役員 公共事業部門 統括", "北海電算株式会社"),
    # a bracketed abbreviation stays out of the title
    ("若葉県 最高情報セキュリティ責任者（CISO） 石川 まどか 氏", "石川まどか", "最高情報セキュリティ責任者", "若葉県"),
    # 同本部 refers to the 本部 named before
    ("市はDX推進本部を中心に試行した。\n同本部の 黒田 真 副本部長は「…」と話す。", "黒田真", "副本部長", "DX推進本部"),
    # the company whose attributes list the post
    ("東和システム株式会社（本社：東京都港区、代表取締役社長：大槻 正人）は発表した。", "大槻正人", "代表取締役社長", "東和システム株式会社"),
    ("（注1）東和システム株式会社：本社 東京都港区、代表取締役社長 大槻 正人", "大槻正人", "代表取締役社長", "東和システム株式会社"),
])
def test_composed_affiliations(make_context, text, name, title, org):
    _check(make_context, text, name, title, org)


@pytest.mark.parametrize("text,name,org", [
    ("取材・文＝編集部 秋山 瑞穂\n", "秋山瑞穂", "編集部"),
    ("撮影＝菊池 洋平\n", "菊池洋平", ""),
    ("（青葉支局　柴田 颯）\n", "柴田颯", "青葉支局"),
])
def test_credits_and_bylines(make_context, text, name, org):
    got = _found(make_context, text)
    assert got.get(name) == ("", org), got


# later short references take the full name and the best post of the document
def test_short_reference_resolves_to_full_name(make_context):
    text = ("若葉県 企画部 情報政策課 主幹 長谷部 仁 氏は「…」と話す。\n"
            "また長谷部氏は、次のように語った。")
    ctx = make_context(text)
    rows = officials.extract(ctx, {})
    assert len(rows) == 2
    assert {r.name for r in rows} == {"長谷部仁"}
    assert {(r.title, r.organization) for r in rows} == {("主幹", "若葉県企画部情報政策課")}
    assert len({r.person_id for r in rows}) == 1


def test_family_name_then_title_resolves(make_context):
    text = "式典では藤崎隆司社長があいさつした。\n翌年、藤崎社長は退任した。"
    rows = officials.extract(make_context(text), {})
    assert [r.name for r in rows] == ["藤崎隆司", "藤崎隆司"]


def test_family_name_read_as_a_place_still_resolves(make_context):
    # unidic reads a lone 宮原 as a place; the full name earlier in the document decides
    text = "佐倉市の宮原康介市長は述べた。\n翌年、宮原市長は再選された。"
    rows = officials.extract(make_context(text), {})
    assert [(r.name, r.title, r.organization) for r in rows] == [("宮原康介", "市長", "佐倉市")] * 2


def test_bare_mayor_takes_the_municipality_under_discussion(make_context):
    text = "ア 北条市における取組\n当時の杉山市長の直轄組織として推進室を設けた。"
    got = _found(make_context, text)
    assert got["杉山"] == ("市長", "北条市")


def test_damaged_spaced_name(make_context):
    got = _found(make_context, "副委員長 保 坂 展 人\n")
    assert got["保坂展人"][0] == "副委員長"


def test_byline_roster_shares_the_body(make_context):
    text = "青葉市\n森井 遥 氏\n川村 俊 氏\n"
    got = _found(make_context, text)
    assert got["森井遥"][1] == "青葉市"
    assert got["川村俊"][1] == "青葉市"


def test_spans_cover_the_phrase(make_context):
    text = "　青葉市 デジタル推進室 担当係長 川端優子氏は"
    (row,) = officials.extract(make_context(text), {})
    assert row.text == "青葉市 デジタル推進室 担当係長 川端優子氏"


# titles and organizations as building blocks
@pytest.mark.parametrize("segment,org,title", [
    ("ICT推進室担当係長", "ICT推進室", "担当係長"),
    ("北条市長", "北条市", "市長"),
    ("保育課長", "保育課", "課長"),
    ("若葉県知事", "若葉県", "知事"),
    ("デジタル統括室DX推進担当課長", "デジタル統括室", "DX推進担当課長"),
    ("パブリックセクター副事業本部長", "", "パブリックセクター副事業本部長"),
    ("総務課長補佐", "総務課", "課長補佐"),
    ("主幹", "", "主幹"),
])
def test_split_post(segment, org, title):
    post = split_post(segment)
    assert post is not None and (post.organization, post.title) == (org, title)


@pytest.mark.parametrize("org,body", [
    ("青葉市ICT推進室", "青葉市"),
    ("若葉県政策企画部情報政策課", "若葉県"),
    ("京都府政策企画部", "京都府"),
    ("大阪府大阪市", "大阪市"),
    ("東京都世田谷区", "世田谷区"),
    ("東和システム株式会社公共事業部", "東和システム"),
    ("株式会社北海電算", "北海電算"),
    ("国土交通省中国地方整備局", "国土交通省"),
    ("東和システム", "東和システム"),
    ("", ""),
])
def test_organization_body(org, body):
    assert organization_body(org) == body


# person ids
def test_person_id_same_body_same_id():
    assert person_id_for("川端 優子", "青葉市デジタル推進室") == person_id_for("川端優子", "青葉市")
    assert person_id_for("川端優子", "青葉市") != person_id_for("川端優子", "若葉県")
    assert person_id_for("今村剛", "北海電算株式会社") == person_id_for("今村剛", "北海電算")


def test_resolve_person_ids_across_documents():
    df = pd.DataFrame({
        "doc_id": ["d1", "d2", "d3", "d4", "d4"],
        "name": ["川端優子", "川端 優子", "川端優子", "今村剛", "今村剛"],
        "organization": ["青葉市デジタル推進室", "青葉市", "", "北海電算株式会社", ""],
        "person_id": ["x"] * 5,
    })
    ids = resolve_person_ids(df)
    assert list(ids.index) == list(df.index)
    assert ids[0] == ids[1] == ids[2]  # same body, or one side empty
    assert ids[3] == ids[4] != ids[0]


def test_resolve_person_ids_keeps_namesakes_apart():
    df = pd.DataFrame({
        "doc_id": ["d1", "d2", "d3"],
        "name": ["山本早苗", "山本早苗", "山本早苗"],
        "organization": ["青葉市総務課", "若葉県企画部", ""],
        "person_id": ["", "", ""],
    })
    ids = resolve_person_ids(df)
    assert ids[0] != ids[1]
    assert ids[2] not in (ids[0], ids[1])  # ambiguous: stays apart from both


def test_resolve_person_ids_empty_frame():
    df = pd.DataFrame(columns=["doc_id", "name", "organization", "person_id"])
    assert len(resolve_person_ids(df)) == 0


@pytest.mark.slow
def test_with_ginza_analysis(make_context):
    text = "佐倉市の宮原康介市長は述べた。青葉市 デジタル推進室 担当係長 川端優子氏も出席した。"
    got = _found(make_context, text, analysis=True)
    assert got["宮原康介"] == ("市長", "佐倉市")
    assert got["川端優子"] == ("担当係長", "青葉市デジタル推進室")


def test_seed_gold(shared_dir):
    """The five seed documents against their gold (score.py's matching)."""
    import json
    import unicodedata

    from pipeline.extractors import DocContext
    from pipeline.normalize import normalize

    def norm(s):
        return "".join(unicodedata.normalize("NFKC", str(s or "")).split())

    tp = pred = gold_n = title_ok = org_ok = 0
    for gpath in sorted((shared_dir / "gold").glob("*.json")):
        gold = json.loads(gpath.read_text(encoding="utf-8"))
        raw = (shared_dir / "corpus" / "seeds" / gold["doc"]).read_text(encoding="utf-8")
        rows = officials.extract(DocContext(gold["doc"], normalize(raw)), {})
        p = {}
        for r in rows:
            p.setdefault(norm(r.name), r)
        g = {norm(o["name"]): o for o in gold["officials"]}
        hit = set(p) & set(g)
        tp, pred, gold_n = tp + len(hit), pred + len(p), gold_n + len(g)
        for n in hit:
            title_ok += norm(g[n]["title"]) == norm(p[n].title)
            go, po = norm(g[n]["organization"]), norm(p[n].organization)
            org_ok += go == po or bool(go and po and (go in po or po in go))
    precision, recall = tp / max(1, pred), tp / max(1, gold_n)
    f1 = 2 * precision * recall / max(1e-9, precision + recall)
    assert f1 >= 0.95
    assert title_ok / max(1, tp) >= 0.90
    assert org_ok / max(1, tp) >= 0.90
