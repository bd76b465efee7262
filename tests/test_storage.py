"""Inputs named by URL (``pipeline.storage``), through fsspec's in-memory file system."""
from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from pipeline.ingest import discover, doc_id_for, read_documents
from pipeline.storage import UrlPath, input_path, is_url

fsspec = pytest.importorskip("fsspec", reason="fsspec (the dask extra) is not installed")


@pytest.mark.parametrize("text, url", [
    ("s3://bucket/reports/a.pdf", True),
    ("file:///srv/reports", True),
    ("memory://x/y.txt", True),
    ("reports/a.txt", False),
    ("/srv/reports", False),
    ("C:\\reports\\a.txt", False),
])
def test_an_input_is_a_url_or_a_path(text, url):
    assert is_url(text) is url
    assert isinstance(input_path(text), UrlPath if url else Path)


@pytest.mark.parametrize("url, name, suffix", [
    ("s3://bucket/reports/a.PDF", "a.PDF", ".PDF"),
    ("gcs://b/議事録/第1回.txt", "第1回.txt", ".txt"),
    ("memory:///x/", "x", ""),
])
def test_name_and_suffix_of_a_url(url, name, suffix):
    assert (UrlPath(url).name, UrlPath(url).suffix) == (name, suffix)


@pytest.fixture()
def bucket(request):
    """A folder in fsspec's memory file system, emptied afterwards."""
    fs = fsspec.filesystem("memory")
    root = f"memory:///{request.node.name}"
    fs.pipe({f"{root}/a.txt": "熊本市は3日に発表した。\n".encode(),
             f"{root}/sub/b.md": "大阪市は2022年に導入した。\n".encode(),
             f"{root}/sub/.hidden.txt": b"x", f"{root}/table.csv": b"a,b\n"})
    yield root
    fs.rm(root, recursive=True)


def test_discover_lists_the_supported_files_under_a_url(bucket):
    skipped = []
    files = discover([UrlPath(bucket)], skipped)
    assert [str(f) for f, _ in files] == [f"{bucket}/a.txt", f"{bucket}/sub/b.md"]
    assert {str(root) for _, root in files} == {bucket}
    assert [str(p) for p in skipped] == [f"{bucket}/table.csv"]


def test_a_url_document_is_read_and_named_by_its_url(bucket):
    (src,) = read_documents(UrlPath(f"{bucket}/a.txt"))
    assert (src.status, src.path, src.text) == ("ok", f"{bucket}/a.txt", "熊本市は3日に発表した。\n")
    assert src.doc_id == doc_id_for(f"{bucket}/a.txt") != doc_id_for(Path("a.txt"))


def test_a_missing_url_is_an_error_row(bucket):
    (src,) = read_documents(UrlPath(f"{bucket}/gone.txt"))
    assert src.status == "error" and "cannot read file" in src.error


@pytest.mark.slow
def test_a_run_over_a_url_folder_is_incremental(bucket, tmp_path):
    from pipeline.run import run

    out = tmp_path / "out"
    assert run([UrlPath(bucket)], out).new == 2
    summary = run([UrlPath(bucket)], out)
    assert (summary.new, summary.unchanged) == (0, 2)
    fsspec.filesystem("memory").rm(f"{bucket}/sub/b.md")
    assert run([UrlPath(bucket)], out).removed == 1
    con = duckdb.connect(str(out / "pipeline.duckdb"), read_only=True)
    try:
        paths = [r[0] for r in con.execute("SELECT path FROM documents").fetchall()]
    finally:
        con.close()
    assert paths == [f"{bucket}/a.txt"]
