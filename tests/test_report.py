"""pipeline/report.py: the review page, built on the hand-made store; one browser test."""
from __future__ import annotations

import html
import os
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.report import Mark, highlight, write_report
from tests.analyst.store import build_store

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    out = build_store(tmp_path_factory.mktemp("store"))
    return write_report(out)


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
    ],
)
def test_highlight_escapes_and_splits_overlaps(text, marks, expected):
    assert highlight(text, marks) == expected


@st.composite
def _text_and_marks(draw):
    text = draw(st.text(alphabet='ab<>&"\'市 \n', max_size=30))
    bounds = st.integers(0, len(text) + 2)
    marks = [Mark(a, b, draw(st.sampled_from(("official", "product", "date", "figure", "entity"))), draw(st.text(max_size=5)))
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


def test_report_is_self_contained_and_escaped(report):
    page = report.read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<b>太字</b>" not in page
    for remote in ("http://", "https://", "src=", "<link"):
        assert remote not in page
    assert page.count("<script>") == 1  # ours, inline
    assert "PDF is encrypted" in page  # the failure and its message


HOSTILE_TEXT = ('札幌市の報告。<script>alert("x")</script> <img src=x onerror="alert(2)"> '
                '<svg onload="alert(3)"></svg> "quoted" & \'single\' </pre></textarea>')


def test_hostile_text_is_escaped_everywhere(tmp_path):
    import duckdb

    out = build_store(tmp_path / "out")
    con = duckdb.connect(str(out / "pipeline.duckdb"))
    con.execute("UPDATE documents SET text = ?, title = ?, path = ? WHERE doc_id = 'c'",
                [HOSTILE_TEXT, '<img src=x onerror="alert(4)">', "raw/<svg onload=alert(5)>.html"])
    con.execute("UPDATE products SET product = ?, vendor = ? WHERE doc_id = 'b'",
                ['<script>alert(6)</script>', '<svg onload="alert(7)">'])
    con.close()
    page = write_report(out).read_text(encoding="utf-8")
    for bad in ("<script>alert", "<img", "<svg", "onerror=\"", "onload=\"", "</textarea>"):
        assert bad not in page, bad
    shown = re.sub(r'<span [^>]*>|</span>', "", page)  # highlights may split the text
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in shown
    assert page.count("<script>") == 1


def test_report_cell_accepts_numpy_values():
    import numpy as np
    from pipeline.report import _cell

    assert _cell(np.int32(7)) == "7"
    assert _cell(np.array(["a", "<b>"])) == "a; &lt;b&gt;"
    assert _cell(float("nan")) == ""


def test_report_counts_every_table(report):
    page = report.read_text(encoding="utf-8")
    for table in ("documents", "tokens", "officials", "people", "adoption", "facts", "conflicts"):
        assert f"<td>{table}</td>" in page


def _browser():
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is not installed (.ci/run installs it)")
    sync_api = pytest.importorskip("playwright.sync_api")
    return sync_api.sync_playwright()


def test_report_in_headless_chromium(report, tmp_path):
    with _browser() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            dialogs = []
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.goto(report.as_uri())

            for kind in ("official", "product", "date", "figure", "entity"):
                assert page.locator(f"#documents span.m.k-{kind}").count() > 0, kind
            tip = page.locator("#doc-a span.k-product").first.get_attribute("title")
            assert tip == "product: Microsoft Teams (Microsoft)"

            page.locator("#doc-a").scroll_into_view_if_needed()
            shot = tmp_path / "report.png"
            page.screenshot(path=str(shot), full_page=False)
            assert shot.stat().st_size > 10_000
            if os.environ.get("REPORT_SCREENSHOT"):
                shutil.copy(shot, os.environ["REPORT_SCREENSHOT"])

            # The injected markup is text, and never ran.
            page.locator("#doc-c > summary").click()
            assert "<script>alert(1)</script>" in page.locator("#doc-c pre.doctext").inner_text()
            assert page.locator("#doc-c pre.doctext b").count() == 0
            assert dialogs == []

            rows = page.locator("#t-officials tbody tr:visible")
            assert rows.count() == 6
            page.locator('input[data-table="t-officials"]').fill("福岡")
            assert rows.count() == 1
            assert "高橋次郎" in rows.first.inner_text()
            page.locator('input[data-table="t-officials"]').fill("")
            assert rows.count() == 6

            header = page.locator("#t-figures th", has_text="value").first
            header.click()
            values = page.locator("#t-figures tbody tr td:nth-child(2)").all_inner_texts()
            assert values == sorted(values, key=lambda v: float(v.replace(",", "")))
            header.click()
            values = page.locator("#t-figures tbody tr td:nth-child(2)").all_inner_texts()
            assert values == sorted(values, key=lambda v: -float(v.replace(",", "")))

        finally:
            browser.close()
