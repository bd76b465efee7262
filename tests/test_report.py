"""pipeline/report.py: the review site, built on the hand-made store and on a 1,000-document
copy of it (no NLP model involved); browser tests in headless Chromium."""
from __future__ import annotations

import html
import re
from pathlib import Path
from urllib.parse import urljoin

import duckdb
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import report as rp
from pipeline.report import Mark, highlight, write_report
from tests.analyst.browser import chromium_page, screenshot
from tests.analyst.corpus import build_corpus_store
from tests.analyst.store import build_store

MAX_PAGE_BYTES = 2 * 1024 * 1024


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return write_report(build_store(tmp_path_factory.mktemp("store"))).parent


@pytest.fixture(scope="module")
def site200(tmp_path_factory) -> Path:
    return write_report(build_corpus_store(tmp_path_factory.mktemp("corpus200"), 200)).parent


def _pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def _strip(page: str) -> str:
    return re.sub(r'<span [^>]*>|</span>|<a class="anchor" [^>]*></a>', "", page)


@pytest.mark.parametrize(
    ("text", "marks", "expected"),
    [
        ("abc", [], "abc"),
        ("a<b>c", [Mark(1, 4, "entity", "x")], 'a<span class="m k-entity" data-kinds="entity" title="entity: x">&lt;b&gt;</span>c'),
        ('"q"', [Mark(0, 3, "date", 'say "hi" <now>')],
         '<span class="m k-date" data-kinds="date" title="date: say &quot;hi&quot; &lt;now&gt;">&quot;q&quot;</span>'),
        ("abcd", [Mark(0, 4, "official", "o"), Mark(1, 2, "entity", "e")],
         '<span class="m k-official" data-kinds="official" title="official: o">a</span>'
         '<span class="m k-entity multi" data-kinds="entity official" title="entity: e\nofficial: o">b</span>'
         '<span class="m k-official" data-kinds="official" title="official: o">cd</span>'),
        ("ab", [Mark(1, 9, "date", "out of range")], "ab"),
        ("ab", [Mark(0, 1, "date", "d", "m-date-0")],
         '<a class="anchor" id="m-date-0"></a><span class="m k-date" data-kinds="date" title="date: d">a</span>b'),
    ],
)
def test_highlight_escapes_and_splits_overlaps(text, marks, expected):
    assert highlight(text, marks) == expected


@st.composite
def _text_and_marks(draw):
    text = draw(st.text(alphabet='ab<>&"\'市 \n', max_size=30))
    bounds = st.integers(0, len(text) + 2)
    marks = [Mark(a, b, draw(st.sampled_from(rp.KINDS)), draw(st.text(max_size=5)))
             for a, b in draw(st.lists(st.tuples(bounds, bounds), max_size=6))]
    return text, marks


@settings(deadline=None)
@given(_text_and_marks())
def test_highlight_keeps_the_text(case):
    text, marks = case
    out = highlight(text, marks)
    assert html.unescape(re.sub(r"<[^>]*>", "", out)) == text
    assert out.count("<span") == out.count("</span>")
    assert "<" not in re.sub(r'<span [^>]*>|</span>', "", out)


@pytest.mark.parametrize(("value", "expected"), [
    (np.int32(7), "7"), (np.array(["a", "<b>"]), "a; &lt;b&gt;"), (float("nan"), ""), (None, ""),
    (1234567.0, "1,234,567"), ('[{"title": "課長", "organization": "札幌市", "date": "2016"}]', "課長 札幌市 2016"),
])
def test_cell(value, expected):
    assert rp._cell(value) == expected


def test_site_pages_exist_and_links_resolve(site):
    names = {p.relative_to(site).as_posix() for p in _pages(site)}
    assert {"index.html", "documents-1.html", "bodies-1.html", "conflicts.html",
            "doc/a.html", "doc/b.html", "doc/c.html", "doc/x.html"} <= names
    assert sum(n.startswith("body/") for n in names) >= 3  # 札幌市, 福岡市, 熊本県
    for page in _pages(site):
        for href in re.findall(r'href="([^"#]+)', page.read_text(encoding="utf-8")):
            assert (page.parent / href).resolve().exists(), (page, href)


def test_site_is_self_contained(site):
    for page in _pages(site):
        text = page.read_text(encoding="utf-8")
        for remote in ("http://", "https://", "src=", "<link"):
            assert remote not in text.replace('xmlns="http://www.w3.org/2000/svg"', ""), (page, remote)
        assert text.count("<script>") == 1  # ours, inline


def test_summary_counts_every_table_and_shows_failures(site):
    index = (site / "index.html").read_text(encoding="utf-8")
    for table in ("documents", "tokens", "officials", "people", "adoption", "facts", "conflicts"):
        assert f"<td>{table}</td>" in index
    assert "PDF is encrypted" in index
    for chart in ("chart-adoption-year", "chart-top-products", "chart-officials-body", "chart-figure-units"):
        assert f'id="{chart}"' in index and "<svg" in index


def test_document_page_highlights_every_kind_and_links_mentions(site):
    page = (site / "doc" / "a.html").read_text(encoding="utf-8")
    for kind in rp.KINDS[:-1]:
        assert f'class="m k-{kind}' in page, kind
    assert 'title="product: Microsoft Teams (Microsoft)"' in page
    for anchor in re.findall(r'href="a\.html#([^"]+)"', page):
        assert f'id="{anchor}"' in page


def test_body_page_lists_people_products_and_figures(site):
    body = (site / "body" / rp.body_file("札幌市")).read_text(encoding="utf-8")
    for expected in ("山田太郎", "佐藤花子", "Microsoft Teams", "kintone", "導入費用", "300,000,000"):
        assert expected in body, expected


ALLOWED_TAGS = {"html", "head", "meta", "title", "style", "body", "nav", "main", "h1", "h2", "h3", "p", "a", "b",
                "section", "table", "thead", "tbody", "tr", "th", "td", "span", "pre", "label", "input", "br",
                "ul", "li", "figure", "figcaption", "div", "svg", "g", "rect", "text", "script"}


def _tags(page: str) -> list[tuple[str, list[str]]]:
    """Every element of ``page``: its tag and attribute names, as a browser would parse it."""
    from html.parser import HTMLParser

    found = []

    class Collect(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, [k for k, _ in attrs]))

    Collect().feed(page)
    return found


HOSTILE_TEXT = ('札幌市の報告。<script>alert("x")</script> <img src=x onerror="alert(2)"> '
                '<svg onload="alert(3)"></svg> "quoted" & \'single\' </pre></textarea>')


def test_hostile_text_is_escaped_everywhere(tmp_path):
    out = build_store(tmp_path / "out")
    con = duckdb.connect(str(out / "pipeline.duckdb"))
    con.execute("UPDATE documents SET text = ?, title = ?, path = ? WHERE doc_id = 'c'",
                [HOSTILE_TEXT, '<img src=x onerror="alert(4)">', "raw/<svg onload=alert(5)>.html"])
    con.execute("UPDATE adoption SET product = ?, vendor = ?, body = ?",
                ['<script>alert(6)</script>', '<svg onload="alert(7)">', '<b onmouseover="alert(8)">市'])
    con.execute("UPDATE officials SET name = ? WHERE doc_id = 'a'", ['<img src=x onerror=alert(9)>'])
    con.close()
    site = write_report(out).parent
    pages = _pages(site)
    assert len(pages) > 8
    for path in pages:
        tags = _tags(path.read_text(encoding="utf-8"))
        assert {t for t, _ in tags} <= ALLOWED_TAGS, path
        assert not [a for _, attrs in tags for a in attrs if a.startswith("on")], path
        assert [t for t, _ in tags].count("script") == 1  # ours, inline
    shown = _strip((site / "doc" / "c.html").read_text(encoding="utf-8"))
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in shown


def test_lists_are_paged(site200, tmp_path):
    assert (site200 / "documents-2.html").exists() and not (site200 / "documents-3.html").exists()
    first = (site200 / "documents-1.html").read_text(encoding="utf-8")
    assert first.count("<tr><td>") == rp.PAGE_ROWS and 'href="documents-2.html"' in first


def test_long_text_is_split_across_pages(tmp_path, monkeypatch):
    monkeypatch.setattr(rp, "TEXT_PAGE_CHARS", 40)
    site = write_report(build_store(tmp_path / "out")).parent
    parts = sorted((site / "doc").glob("b-*.html"), key=lambda p: int(p.stem.split("-")[1]))
    assert [p.name for p in parts][:2] == ["b-2.html", "b-3.html"] and (site / "doc" / "b.html").exists()
    joined = "".join(_strip(p.read_text(encoding="utf-8")).split('<pre class="doctext" id="text">')[1].split("</pre>")[0]
                     for p in [site / "doc" / "b.html", *parts])
    from tests.analyst.store import DOC_B
    assert html.unescape(joined) == DOC_B


def test_no_page_over_2_mb_at_1000_documents(tmp_path):
    site = write_report(build_corpus_store(tmp_path / "c", 1000)).parent
    pages = _pages(site)
    assert len(pages) > 1000
    biggest = max(pages, key=lambda p: p.stat().st_size)
    assert biggest.stat().st_size < MAX_PAGE_BYTES, biggest


# --------------------------------------------------------------------------------------
# In the browser, on the 200-document site.


def test_report_in_headless_chromium(site200, tmp_path):
    shots = tmp_path / "screenshots"
    with chromium_page() as page:
        dialogs = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))

        page.goto((site200 / "index.html").as_uri())
        for chart in ("chart-adoption-year", "chart-top-products", "chart-officials-body", "chart-figure-units"):
            assert page.locator(f"#{chart} svg rect").count() > 0, chart
        box = page.locator("#chart-top-products svg text").first.bounding_box()
        assert box and box["width"] > 10  # the label is drawn
        screenshot(page, "report-index", shots)

        page.goto((site200 / "bodies-1.html").as_uri())
        page.locator("#t-bodies a", has_text="札幌市").first.click()
        assert "札幌市" in page.locator("h1").inner_text()
        assert page.locator("#t-people tbody tr").count() > 0 and page.locator("#t-facts tbody tr").count() > 0
        screenshot(page, "report-body", shots)

        page.goto((site200 / "documents-1.html").as_uri())
        page.locator("#t-documents a[href^='doc/']").first.click()
        for kind in ("official", "product", "date", "figure"):
            assert page.locator(f"#text span.m.k-{kind}").count() > 0, kind
        # a highlight works: a mention's link jumps to its highlight, which is coloured by kind
        page.locator("#t-products a.jump").first.click()
        target = page.locator("#text span.m.current")
        assert target.count() == 1 and "k-product" in target.get_attribute("class")
        assert target.evaluate("e => getComputedStyle(e).backgroundColor") != "rgba(0, 0, 0, 0)"
        assert "product:" in target.get_attribute("title")
        page.locator("input.kind-toggle[value=product]").uncheck()
        assert target.evaluate("e => getComputedStyle(e).backgroundColor") == "rgba(0, 0, 0, 0)"
        page.locator("input.kind-toggle[value=product]").check()
        screenshot(page, "report-document", shots)

        page.goto((site200 / "doc" / "d0002.html").as_uri())  # the copy of the hostile document
        assert "<script>alert(1)</script>" in page.locator("#text").inner_text()
        assert dialogs == []


def test_index_shows_the_last_run(tmp_path):
    from pipeline.run import RunSummary

    out = build_store(tmp_path / "out")
    summary = RunSummary(new=2, changed=1, unchanged=5, failed=1, failures=["x.pdf: PDF is encrypted <b>"], seconds=3.25)
    rp.save_last_run(out, summary)
    index = (write_report(out).parent / "index.html").read_text(encoding="utf-8")
    assert "2 new, 1 changed, 5 unchanged, 0 removed, 1 failed" in index
    assert "<li>x.pdf: PDF is encrypted &lt;b&gt;</li>" in index


def test_index_without_a_last_run(site):
    assert "last run" not in (site / "index.html").read_text(encoding="utf-8")
