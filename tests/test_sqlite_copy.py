"""pipeline/sqlite_copy.py: DIR/pipeline.sqlite from the hand-made store."""
from __future__ import annotations

import json
import sqlite3

import duckdb
import pytest

from pipeline import schema
from pipeline.sqlite_copy import SQLITE_NAME, write_sqlite
from pipeline.views import VIEWS
from tests.analyst.store import build_store


@pytest.fixture(scope="module")
def sqlite_db(tmp_path_factory):
    out = build_store(tmp_path_factory.mktemp("store"))
    con = duckdb.connect(str(out / "pipeline.duckdb"), read_only=True)
    try:
        path = write_sqlite(con, out)
    finally:
        con.close()
    assert path == out / SQLITE_NAME and not (out / f".{SQLITE_NAME}.tmp").exists()
    db = sqlite3.connect(path)
    yield out, db
    db.close()


def test_every_table_and_view_but_tokens_with_all_rows(sqlite_db):
    out, db = sqlite_db
    tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    duck = duckdb.connect(str(out / "pipeline.duckdb"), read_only=True)
    for name in [*schema.TABLES, *VIEWS]:
        if name == "tokens":
            assert name not in tables
            continue
        assert db.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] == \
            duck.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0], name
    duck.close()


@pytest.mark.parametrize(("table", "column"), [("documents", "body"), ("officials", "body")])
def test_body_columns_always_exist(sqlite_db, table, column):
    _, db = sqlite_db
    assert column in {r[1] for r in db.execute(f"PRAGMA table_info({table})")}


def test_officials_body_is_copied(sqlite_db):
    _, db = sqlite_db
    bodies = dict(db.execute("SELECT name, body FROM officials"))
    assert bodies["佐藤花子"] == "札幌市" and bodies["高橋次郎"] == "福岡市"


@pytest.mark.parametrize(("table", "query", "expected"), [
    ("documents", '"福岡市"', {"b"}),
    ("documents", '"札幌市"', {"a", "b"}),
    ("documents", '"alert"', {"c"}),
    ("sentences", '"kintone"', {"b"}),
    ("documents", '"存在しない語"', set()),
])
def test_full_text_search_finds_japanese_words(sqlite_db, table, query, expected):
    _, db = sqlite_db
    rows = db.execute(f"SELECT t.doc_id FROM {table}_fts f JOIN {table} t ON t.rowid = f.rowid "
                      f"WHERE {table}_fts MATCH ?", [query]).fetchall()
    assert {r[0] for r in rows} == expected


def test_lists_are_json_and_doc_ids_link_to_documents(sqlite_db):
    _, db = sqlite_db
    doc_ids = db.execute("SELECT doc_ids FROM people WHERE person_id = 'p-sato'").fetchone()[0]
    assert json.loads(doc_ids) == ["a", "b"]
    fks = {(r[2], r[3]) for r in db.execute("PRAGMA foreign_key_list(conflicts)")}
    assert fks <= {("documents", "doc_id_a"), ("documents", "doc_id_b")}
    assert ("documents", "doc_id") in {(r[2], r[3]) for r in db.execute("PRAGMA foreign_key_list(officials)")}


@pytest.mark.slow
def test_every_run_writes_the_copy(tmp_path):
    from pipeline.run import run

    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("札幌市の働き方改革\n2016年4月、札幌市の山田太郎市長はMicrosoft Teamsを導入した。\n", encoding="utf-8")
    run([src], tmp_path / "out")
    db = sqlite3.connect(tmp_path / "out" / SQLITE_NAME)
    try:
        assert db.execute("SELECT title FROM documents").fetchall() == [("札幌市の働き方改革",)]
        assert db.execute("SELECT count(*) FROM documents_fts WHERE documents_fts MATCH '\"山田太郎\"'").fetchone() == (1,)
        assert "tokens" not in {r[0] for r in db.execute("SELECT name FROM sqlite_master")}
    finally:
        db.close()
