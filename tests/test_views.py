"""pipeline/views.py: people, adoption, facts, conflicts on hand-made stores."""
from __future__ import annotations

import json

import duckdb
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline import views
from pipeline.views import (
    VIEWS, body_kind, create_views, date_sort_key, date_year, fallback_organization_body,
    is_single_holder_post, post_unit, write_view_parquet,
)
from tests.analyst.store import (
    build_store, create_tables, document_row, insert_rows, locate, sentence_rows,
)


# --------------------------------------------------------------------------------------
# Organization -> body.

@pytest.mark.parametrize(
    ("org", "body"),
    [
        ("横浜市", "横浜市"),
        ("横浜市役所", "横浜市"),
        ("横浜市デジタル統括本部", "横浜市"),
        ("横浜市 デジタル統括本部", "横浜市"),
        ("横浜市中区", "横浜市"),  # a ward of a designated city is a unit
        ("神奈川県横浜市", "横浜市"),
        ("北海道旭川市", "旭川市"),
        ("長野県北佐久郡軽井沢町", "軽井沢町"),
        ("東京都世田谷区", "世田谷区"),  # Tokyo's wards are bodies
        ("世田谷区役所", "世田谷区"),
        ("四日市市役所", "四日市市"),
        ("町田市", "町田市"),
        ("静岡県総務部デジタル戦略課", "静岡県"),
        ("東京都", "東京都"),
        ("大阪府庁", "大阪府"),
        ("相模原市議会", "相模原市"),
        ("総務省自治行政局", "総務省"),
        ("デジタル庁", "デジタル庁"),
        ("サイボウズ株式会社営業本部", "サイボウズ株式会社"),
        ("株式会社ABC", "株式会社ABC"),
        ("デジタル化推進特別委員会", "デジタル化推進特別委員会"),
        ("", None),
        (None, None),
    ],
)
def test_organization_body(org, body):
    assert fallback_organization_body(org) == body


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("福井市", "public"), ("福井市情報政策課", "public"), ("三重県", "public"), ("経済産業省", "public"),
        ("富士通株式会社", "company"), ("(株)日立", "company"),
        # must not be taken for a body
        ("都市", None), ("同市", None), ("本市", None), ("市区町村", None), ("都道府県", None),
        ("市民局市民課", None), ("福井市立病院", None), ("福井市DX推進計画", None), ("上下水道", None),
        ("ICT戦略室", None), ("市", None), ("", None),
    ],
)
def test_body_kind(name, kind):
    assert body_kind(name) == kind


@given(st.text(alphabet="大阪市府県町村区役所ICT戦略室株式会社省庁 郡立", max_size=14))
def test_body_is_part_of_the_organization(org):
    body = fallback_organization_body(org)
    compact = "".join(org.split())
    assert (body is None) == (compact == "") and (body is None or body in compact)


def test_officials_helper_is_used_when_present(monkeypatch):
    views.organization_body.cache_clear()
    monkeypatch.setattr(views, "_officials_body_helper", lambda: (lambda org: "X市"))
    assert views.organization_body("どこか") == "X市"
    monkeypatch.setattr(views, "_officials_body_helper", lambda: (lambda org: 1 / 0))
    assert views.organization_body("福井市役所") == "福井市"
    views.organization_body.cache_clear()


@pytest.mark.parametrize(
    ("value", "start_date", "key", "year"),
    [("2016", None, "2016-01-01", 2016), ("2016-03", None, "2016-03-01", 2016), ("FY2018", None, "2018-04-01", 2018),
     ("2018-04-04T11:42", None, "2018-04-04", 2018), ("FY2020", "2020-04-01", "2020-04-01", 2020), (None, None, None, None)],
)
def test_dates(value, start_date, key, year):
    assert date_sort_key(value, start_date) == key
    assert date_year(value) == year


@pytest.mark.parametrize(
    ("title", "single"),
    [("市長", True), ("知事", True), ("課長", True), ("代表取締役社長", True), ("委員長", True), ("局長", True),
     ("副市長", False), ("担当係長", False), ("課長補佐", False), ("次長", False), ("副委員長", False),
     ("主幹", False), ("議員", False), ("", False), (None, False)],
)
def test_single_holder_posts(title, single):
    assert is_single_holder_post(title) is single


@pytest.mark.parametrize(
    ("title", "org", "unit"),
    [("市長", "横浜市役所", "横浜市"), ("市長", "横浜市", "横浜市"), ("課長", "横浜市情報課", "横浜市情報課"),
     ("知事", "静岡県", "静岡県")],
)
def test_post_unit(title, org, unit):
    assert post_unit(title, org) == unit


# --------------------------------------------------------------------------------------
# The views on the fixture store (two documents, two mayors of 札幌市 for 2016).

@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return build_store(tmp_path_factory.mktemp("views"))


@pytest.fixture(scope="module")
def con(store):
    c = duckdb.connect(str(store / "pipeline.duckdb"), read_only=True)
    yield c
    c.close()


def _df(con, view):
    return con.execute(f'SELECT * FROM "{view}"').df()


def test_views_exist_with_their_columns(con, store):
    for view, cols in VIEWS.items():
        assert [d[0] for d in con.execute(f'SELECT * FROM "{view}" LIMIT 0').description] == [c for c, _ in cols]
        assert pd.read_parquet(store / f"{view}.parquet").shape[1] == len(cols)


def test_people_one_row_per_person(con):
    people = _df(con, "people").set_index("person_id")
    assert sorted(people.index) == ["p-sato", "p-suzuki", "p-takahashi", "p-tanaka", "p-yamada"]
    sato = people.loc["p-sato"]
    assert sato["name"] == "佐藤花子" and sato["n_documents"] == 2
    assert list(sato["titles"]) == ["課長"] and list(sato["bodies"]) == ["札幌市"]
    assert list(sato["doc_ids"]) == ["a", "b"]
    posts = json.loads(sato["posts"])
    assert {(p["doc_id"], p["doc_date"]) for p in posts} == {("a", "2016-05-10"), ("b", "2017-02-01")}
    assert people.loc["p-takahashi", "first_date"] == "FY2019"  # the date just before, same paragraph
    assert pd.isna(people.loc["p-tanaka", "first_date"])  # no date before it, no document date


def test_adoption_by_body(con):
    adoption = _df(con, "adoption")
    pairs = set(zip(adoption["body"], adoption["product"]))
    assert pairs == {("札幌市", "Microsoft Teams"), ("札幌市", "kintone"), ("福岡市", "LINE WORKS")}
    line = adoption[adoption["product"] == "LINE WORKS"].iloc[0]
    assert line["first_date"] == "FY2019" and list(line["doc_ids"]) == ["b"] and line["basis"] == "sentence"
    assert "LINE WORKS" in line["evidence"]


def test_facts_have_body_subject_and_date(con):
    facts = _df(con, "facts").set_index("text")
    cost = facts.loc["3億円"]
    assert (cost["body"], cost["organization"], cost["subject"], cost["value"], cost["unit"], cost["qualifier"]) == (
        "札幌市", "札幌市ICT推進課", "導入費用", 300000000, "円", "約")
    assert (cost["date"], cost["year"], cost["date_basis"]) == ("2016-04", 2016, "preceding")
    assert cost["sentence"].endswith("約3億円を見込む。")
    users = facts.loc["2000人"]
    assert (users["body"], users["date"], users["date_basis"], users["org_basis"]) == ("福岡市", "FY2019", "sentence", "sentence")


def test_conflicts_name_both_sources(con):
    conflicts = _df(con, "conflicts")
    post = conflicts[conflicts["kind"] == "post"].iloc[0]
    assert (post["body"], post["key"], post["period"]) == ("札幌市", "市長", "2016")
    assert {post["value_a"], post["value_b"]} == {"山田太郎", "鈴木一郎"}
    assert {post["doc_id_a"], post["doc_id_b"]} == {"a", "b"}
    assert "山田太郎" in post["sentence_a"] + post["sentence_b"]
    figure = conflicts[conflicts["kind"] == "figure"].iloc[0]
    assert (figure["body"], figure["key"], figure["period"]) == ("札幌市", "導入費用", "2016-04")
    assert {figure["value_a"], figure["value_b"]} == {"300,000,000円", "500,000,000円"}
    assert len(conflicts) == 2  # 課長 佐藤花子 twice is the same person; 局長 only once


def test_create_views_twice_and_parquet(tmp_path):
    store = build_store(tmp_path / "out", with_views=False)
    c = duckdb.connect(str(store / "pipeline.duckdb"))
    try:
        first = create_views(c)
        assert create_views(c) == first == {"people": 5, "adoption": 3, "facts": 4, "conflicts": 2}
        paths = write_view_parquet(c, tmp_path)
    finally:
        c.close()
    assert [p.name for p in paths] == [f"{v}.parquet" for v in VIEWS]
    assert len(pd.read_parquet(tmp_path / "conflicts.parquet")) == 2


# --------------------------------------------------------------------------------------
# Small stores made in the test.

def _memory_store(docs: list[tuple[str, str, str | None]], **tables: list[dict]):
    con = duckdb.connect()
    create_tables(con)
    insert_rows(con, "documents", [document_row(d, t, dd) for d, t, dd in docs])
    insert_rows(con, "sentences", [r for d, t, _ in docs for r in sentence_rows(d, t)])
    for table, rows in tables.items():
        insert_rows(con, table, rows)
    return con


def test_figure_date_and_body_from_context():
    text = "2019年6月10日\n福井市は7日、富士通株式会社と組み、職員2000人の業務端末を更新すると発表した。総額で12億円を投じる。\n"
    con = _memory_store(
        [("f", text, "2019-06-10")],
        entities=[{**locate("f", text, "福井市"), "label": "LOC", "fine_label": "City", "source": "ginza"},
                  {**locate("f", text, "富士通株式会社"), "label": "ORG", "fine_label": "Company", "source": "ginza"}],
        dates=[{**locate("f", text, "2019年6月10日"), "value": "2019-06-10", "start_date": "2019-06-10",
                "end_date": "2019-06-10", "granularity": "day"},
               {**locate("f", text, "7日"), "value": "2019-06-07", "start_date": "2019-06-07",
                "end_date": "2019-06-07", "granularity": "day"}],
        figures=[{**locate("f", text, "2000人"), "value": 2000.0, "unit": "人", "unit_category": "people", "subject": "職員"},
                 {**locate("f", text, "12億円"), "value": 1.2e9, "unit": "円", "unit_category": "money", "subject": "端末更新"}],
    )
    create_views(con)
    facts = con.execute("SELECT text, body, subject, value, unit, date, year, date_basis, org_basis FROM facts ORDER BY start").fetchall()
    assert facts == [
        # 福井市は… is the sentence's topic, though the company is nearer
        ("2000人", "福井市", "職員", 2000.0, "人", "2019-06-07", 2019, "sentence", "sentence"),
        # no body in its sentence: the public body named before (a company only counts in its own sentence)
        ("12億円", "福井市", "端末更新", 1.2e9, "円", "2019-06-07", 2019, "preceding", "preceding"),
    ]


def test_product_goes_to_the_section_body_not_the_main_subject():
    text = ("視察報告\n(1) 岡山市\n岡山市は全庁でBoxを使う。岡山市の職員は多い。岡山市の話。\n"
            "(2) 倉敷市\n窓口ではSlackを利用している。\n")
    loc = [{**locate("g", text, name, n), "label": "LOC", "fine_label": "City", "source": "ginza"}
           for name, n in (("岡山市", 0), ("倉敷市", 0))]
    con = _memory_store(
        [("g", text, None)], entities=loc,
        products=[{**locate("g", text, "Box"), "product": "Box"}, {**locate("g", text, "Slack"), "product": "Slack"}],
    )
    create_views(con)
    rows = con.execute("SELECT product, body, basis FROM adoption ORDER BY product").fetchall()
    assert rows == [("Box", "岡山市", "sentence"), ("Slack", "倉敷市", "preceding")]


def test_family_name_only_is_the_same_person_not_a_conflict():
    a, b = "2018年に松本太一市長が就任した。", "2018年、当時の松本市長が決めた。"
    con = _memory_store(
        [("a", a, None), ("b", b, None)],
        dates=[{**locate("a", a, "2018年"), "value": "2018"}, {**locate("b", b, "2018年"), "value": "2018"}],
        officials=[{**locate("a", a, "松本太一市長"), "person_id": "p1", "name": "松本太一", "title": "市長", "organization": "奈良市"},
                   {**locate("b", b, "松本市長"), "person_id": "p2", "name": "松本", "title": "市長", "organization": "奈良市役所"}],
    )
    create_views(con)
    assert con.execute("SELECT count(*) FROM conflicts").fetchone()[0] == 0
    assert con.execute("SELECT count(*) FROM people").fetchone()[0] == 2


def test_empty_store_gives_empty_views():
    con = _memory_store([])
    assert create_views(con) == {v: 0 for v in VIEWS}


def test_missing_tables_are_read_as_empty():
    con = duckdb.connect()
    con.execute("CREATE TABLE documents (doc_id VARCHAR, text VARCHAR, status VARCHAR)")
    con.execute("INSERT INTO documents VALUES ('a', 'x', 'ok')")
    assert create_views(con) == {v: 0 for v in VIEWS}


def test_every_view_naming_a_document_gives_its_title():
    import pandas as pd

    from pipeline.views import with_document_labels

    docs = pd.DataFrame({"doc_id": ["a", "b"], "title": ["札幌市の働き方改革", None], "body": ["札幌市", None]})
    facts = pd.DataFrame({"doc_id": ["a", "b"], "doc_title": None, "doc_body": None})
    people = pd.DataFrame({"doc_ids": [["a", "b"]], "doc_titles": None})
    conflicts = pd.DataFrame({"doc_id_a": ["a"], "doc_id_b": ["b"], "title_a": None, "title_b": None})
    labelled = with_document_labels(facts, docs)
    assert labelled[["doc_title", "doc_body"]].iloc[0].tolist() == ["札幌市の働き方改革", "札幌市"]
    assert labelled[["doc_title", "doc_body"]].iloc[1].isna().all()
    assert with_document_labels(people, docs)["doc_titles"][0] == ["札幌市の働き方改革", "b"]  # no title: the id
    labelled = with_document_labels(conflicts, docs)
    assert labelled["title_a"][0] == "札幌市の働き方改革" and pd.isna(labelled["title_b"][0])
