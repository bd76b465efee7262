"""pipeline/serve.py: `python -m pipeline serve` starts Datasette over DIR/pipeline.sqlite."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import duckdb
import pytest

from pipeline.serve import fitted_metadata, free_port, shipped_metadata
from pipeline.sqlite_copy import write_sqlite
from tests.analyst.browser import chromium_page, screenshot
from tests.analyst.store import build_store

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    out = build_store(tmp_path_factory.mktemp("store"))
    con = duckdb.connect(str(out / "pipeline.duckdb"), read_only=True)
    write_sqlite(con, out)
    con.close()
    return out


@pytest.fixture(scope="module")
def server(out):
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", "serve", "--out", str(out), "--port", str(port)],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(base + "/-/versions.json", timeout=2)
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("datasette did not start: " + proc.stdout.read().decode(errors="replace"))
                time.sleep(0.3)
        yield base
    finally:
        os.killpg(proc.pid, signal.SIGTERM)  # our own process group: serve and its Datasette child
        proc.wait(timeout=10)


def _json(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=10) as r:
        return json.loads(r.read())


def test_metadata_facets_exist_only_when_the_columns_do(out):
    meta = fitted_metadata(out / "pipeline.sqlite")
    tables = meta["databases"]["pipeline"]["tables"]
    assert tables["facts"]["facets"] == ["body", "year", "unit", "unit_category"]
    assert tables["documents"]["label_column"] == "title"
    assert set(shipped_metadata()["databases"]["pipeline"]["queries"]) == {
        "posts_in_body", "adoption_by_body_year", "figures_over_time", "conflicts_list"}


def test_serve_without_a_store_is_a_usage_error(tmp_path):
    from pipeline.cli import main

    assert main(["serve", "--out", str(tmp_path)]) == 2


def test_a_missing_or_stale_copy_is_written_from_the_store(tmp_path):
    import os

    from pipeline.serve import ensure_sqlite

    out = build_store(tmp_path / "out")
    path = ensure_sqlite(out)
    assert path.exists()
    made = path.stat().st_mtime_ns
    assert ensure_sqlite(out).stat().st_mtime_ns == made  # up to date: kept
    later = made + 10**9
    os.utime(out / "pipeline.duckdb", ns=(later, later))
    assert ensure_sqlite(out).stat().st_mtime_ns != made  # the store changed since: rewritten


def test_table_with_facet_and_document_titles(server):
    data = _json(server + "/pipeline/officials.json?_labels=on&_shape=objects")
    assert set(data["facet_results"]) >= {"body", "title"}  # the default facets
    assert "札幌市" in {f["value"] for f in data["facet_results"]["body"]["results"]}
    sato = next(r for r in data["rows"] if r["name"] == "佐藤花子")
    assert sato["doc_id"] == {"value": "a", "label": "札幌市の働き方改革"}


@pytest.mark.parametrize(("query", "params", "expected"), [
    ("posts_in_body", {"body": "福岡"}, "高橋次郎"),
    ("adoption_by_body_year", {"body": "", "product": "kintone"}, "kintone"),
    ("figures_over_time", {"body": "札幌市", "unit": "円"}, "導入費用"),
])
def test_canned_queries(server, query, params, expected):
    data = _json(f"{server}/pipeline/{query}.json?{urllib.parse.urlencode(params)}")
    assert data["ok"] and expected in json.dumps(data["rows"], ensure_ascii=False)


def test_full_text_search_finds_a_word(server):
    data = _json(server + "/pipeline/documents.json?_search=" + urllib.parse.quote("福岡市") + "&_shape=objects")
    assert [r["doc_id"] for r in data["rows"]] == ["b"]


def test_datasette_in_headless_chromium(server, tmp_path):
    with chromium_page() as page:
        page.goto(server + "/pipeline/officials?_facet=body")
        assert page.locator(".facet-info").count() >= 1
        assert page.get_by_text("札幌市の働き方改革").count() > 0  # doc_id shown as the title
        screenshot(page, "datasette-table", tmp_path)
        page.goto(server + "/pipeline/posts_in_body?body=" + urllib.parse.quote("札幌"))
        assert page.locator("table.rows-and-columns tbody tr").count() >= 2
        screenshot(page, "datasette-query", tmp_path)
        page.goto(server + "/pipeline/documents")
        page.fill("input#_search", "福岡市")
        with page.expect_navigation():
            page.press("input#_search", "Enter")
        assert page.locator("table.rows-and-columns tbody tr").count() == 1


@pytest.mark.parametrize("folder", ["what?now", "50%", "no#1", "it's out"])
def test_metadata_reads_a_copy_in_a_folder_with_uri_characters(out, tmp_path, folder):
    import shutil

    target = tmp_path / folder / "pipeline.sqlite"
    target.parent.mkdir()
    shutil.copy(out / "pipeline.sqlite", target)
    assert "facts" in fitted_metadata(target)["databases"]["pipeline"]["tables"]
