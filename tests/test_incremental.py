"""A re-run redoes the derived data (person ids, views, Parquet, the SQLite copy) only for
the documents that changed: the result must be the same as a run from scratch."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import duckdb
import pandas as pd
import pytest

import pipeline.run as run_module
import pipeline.sqlite_copy as sqlite_copy
from pipeline.run import run
from pipeline.schema import TABLES
from pipeline.sqlite_copy import FTS, SQLITE_NAME
from pipeline.store import Store
from pipeline.views import VIEWS

# Invented texts: b's 係長 has no organization, so her person id comes from a's (the same
# name in one body); a moving her to another city changes b's ids though b is unchanged.
BEFORE = {
    "a.txt": "2022年7月21日\n大阪市 ICT戦略室 担当係長 山本早紀氏は、Microsoft Teamsを約1,500人が使うと話した。\n",
    "b.txt": "2023年5月1日\n担当係長 山本早紀氏は、会議に出席した。\n",
    "c.txt": "令和2年度に京都府はkintoneを導入し、職員3,500人が利用している。\n",
    "d.txt": "熊本市は3日、今後5年間で47億円をかけて環境を整備すると発表した。\n",
}
AFTER = {
    "a.txt": "2022年7月21日\n神戸市 ICT戦略室 担当係長 山本早紀氏は、Microsoft Teamsを約2,000人が使うと話した。\n",
    "b.txt": BEFORE["b.txt"],
    "c.txt": BEFORE["c.txt"],
    "e.txt": "令和4年度に札幌市はLINE WORKSを導入し、職員1,200人が利用している。\n",
}


def write_docs(folder: Path, docs: dict[str, str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.txt"):
        if old.name not in docs:
            old.unlink()
    for name, text in docs.items():
        (folder / name).write_text(text, encoding="utf-8")


def canonical(df: pd.DataFrame) -> list:
    return sorted(map(tuple, df.astype(str).values.tolist()))


def duckdb_rows(out: Path) -> dict[str, list]:
    con = duckdb.connect(str(out / "pipeline.duckdb"), read_only=True)
    try:
        rows = {name: canonical(con.execute(f'SELECT * FROM "{name}"').df()) for name in [*TABLES, *VIEWS]}
        rows["manifest"] = canonical(con.execute("SELECT * EXCLUDE (processed_at) FROM manifest").df())
        return rows
    finally:
        con.close()


def parquet_rows(out: Path) -> dict[str, list]:
    return {name: canonical(pd.read_parquet(out / f"{name}.parquet").drop(columns=["processed_at"], errors="ignore"))
            for name in [*TABLES, *VIEWS, "manifest"]}


def sqlite_rows(out: Path) -> dict[str, list]:
    conn = sqlite3.connect(out / SQLITE_NAME)
    try:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                            "AND name NOT LIKE '%_fts%' ORDER BY name")]
        rows = {name: sorted(map(repr, conn.execute(f"SELECT * FROM [{name}]"))) for name in names}
        for table, cols in FTS.items():
            conn.execute(f"INSERT INTO [{table}_fts] ([{table}_fts]) VALUES ('integrity-check')")
            for word in ("山本早紀", "導入し", "神戸市", "大阪市", "熊本市"):
                rows[f"{table}_fts {word}"] = sorted(map(repr, conn.execute(
                    f"SELECT doc_id, {', '.join(cols)} FROM [{table}] WHERE rowid IN "
                    f"(SELECT rowid FROM [{table}_fts] WHERE [{table}_fts] MATCH ?)", [f'"{word}"'])))
        return rows
    finally:
        conn.close()


def assert_same_output(a: Path, b: Path) -> None:
    for read in (duckdb_rows, parquet_rows, sqlite_rows):
        left, right = read(a), read(b)
        assert left.keys() == right.keys()
        for name in left:
            assert left[name] == right[name], f"{read.__name__}: {name}"


def person_ids(out: Path) -> dict[str, str]:
    con = duckdb.connect(str(out / "pipeline.duckdb"), read_only=True)
    try:
        return dict(con.execute("SELECT d.path, o.person_id FROM officials o JOIN documents d USING (doc_id)").fetchall())
    finally:
        con.close()


@pytest.fixture()
def incremental(monkeypatch):
    """Every re-run updates the derived data row by row (the small stores here would
    otherwise be rewritten whole), and a whole rewrite after the first run fails."""
    monkeypatch.setattr(run_module, "WHOLE_SHARE", 1.0)


def fresh_run(src: Path, out: Path) -> None:
    assert run([src], out).failed == 0


def test_incremental_rerun_equals_a_run_from_scratch(tmp_path, monkeypatch, incremental):
    src, inc, full = tmp_path / "in", tmp_path / "inc", tmp_path / "full"
    write_docs(src, BEFORE)
    fresh_run(src, inc)
    before = person_ids(inc)
    b = str(src / "b.txt")
    assert before[b] == before[str(src / "a.txt")]  # b's 係長 is a's

    write_docs(src, AFTER)
    real_write = sqlite_copy.write_sqlite
    monkeypatch.setattr(sqlite_copy, "write_sqlite", lambda *a: pytest.fail("rewrote the SQLite copy whole"))
    summary = run([src], inc)
    assert (summary.new, summary.changed, summary.unchanged, summary.removed) == (1, 1, 2, 1)
    assert person_ids(inc)[b] != before[b]  # b unchanged, its person id relinked

    monkeypatch.setattr(sqlite_copy, "write_sqlite", real_write)
    fresh_run(src, full)
    assert_same_output(inc, full)


def test_a_run_killed_while_updating_is_finished_by_the_next(tmp_path, monkeypatch, incremental):
    src, inc, full = tmp_path / "in", tmp_path / "inc", tmp_path / "full"
    write_docs(src, BEFORE)
    fresh_run(src, inc)
    write_docs(src, AFTER)

    def killed(*args):
        raise KeyboardInterrupt

    real_update = sqlite_copy.update_sqlite
    monkeypatch.setattr(sqlite_copy, "update_sqlite", killed)  # the views are updated by then
    with pytest.raises(KeyboardInterrupt):
        run([src], inc)
    monkeypatch.setattr(sqlite_copy, "update_sqlite", real_update)
    with Store(inc) as store:
        assert not store.derived_current() and store.dirty_doc_ids()
    summary = run([src], inc)
    assert summary.processed == 0 and summary.rebuilt
    fresh_run(src, full)
    assert_same_output(inc, full)
    with Store(inc) as store:
        assert store.derived_current() and not store.dirty_doc_ids() and not store.derived_whole()


def test_a_killed_whole_rewrite_is_rewritten_whole(tmp_path, monkeypatch):
    src, out = tmp_path / "in", tmp_path / "out"
    write_docs(src, BEFORE)

    def killed(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr(sqlite_copy, "write_sqlite", killed)
    with pytest.raises(KeyboardInterrupt):
        run([src], out)
    monkeypatch.undo()
    with Store(out) as store:
        assert store.derived_whole()
    monkeypatch.setattr(run_module, "WHOLE_SHARE", 1.0)  # one more change would not make it whole
    write_docs(src, {**BEFORE, "c.txt": BEFORE["c.txt"] + "追記。\n"})
    run([src], out)
    assert (out / SQLITE_NAME).exists()
    fresh_run(src, tmp_path / "full")
    assert_same_output(out, tmp_path / "full")


def _official(doc_id: str, name: str, organization: str) -> dict:
    return {"doc_id": doc_id, "person_id": None, "name": name, "title": "課長", "organization": organization,
            "body": None, "start": 0, "end": len(name or ""), "text": name, "sent_id": 0}


def _store_with(out: Path, docs: dict[str, list[tuple[str, str]]]) -> Store:
    store = Store(out)
    store.replace_documents([(doc_id, {"officials": [_official(doc_id, n, o) for n, o in people]},
                              {"path": doc_id, "source_id": None, "sha256": doc_id, "status": "ok",
                               "pipeline_version": "v", "rules_version": "r"})
                             for doc_id, people in docs.items()])
    return store


def _ids(store: Store) -> list[tuple]:
    return sorted(store.con.execute("SELECT doc_id, name, organization, person_id FROM officials").fetchall())


@pytest.mark.parametrize("change", [
    {"a": [("山田太郎", "神戸市財政局")]},                     # moves: the bare 山田太郎 of c follows
    {"a": []},                                                # gone: c's 山田太郎 has no body left
    {"b": [("山田 太郎", "大阪市"), ("佐藤花子", "京都府")]},    # a spaced spelling of the same name
    {"d": [("佐藤花子", "")]},                                 # a new document
    {"d": [(None, "京都府")], "c": [("", "")]},                # no name: one key with the empty one
])
def test_person_ids_of_the_dirty_names_equal_a_whole_resolution(tmp_path, change):
    from pipeline.extractors import officials

    before = {"a": [("山田太郎", "大阪市財政局")], "b": [("佐藤花子", "京都府総務部")],
              "c": [("山田太郎", ""), ("鈴木一郎", "熊本市")]}
    after = {**before, **change}
    with _store_with(tmp_path / "inc", before) as inc, _store_with(tmp_path / "whole", after) as whole:
        inc.update_person_ids(officials.resolve_person_ids)
        inc.mark_derived_current()
        dirty = [d for d in change]
        inc.replace_documents([(doc_id, {"officials": [_official(doc_id, n, o) for n, o in after[doc_id]]},
                                {"path": doc_id, "source_id": None, "sha256": doc_id + "2", "status": "ok",
                                 "pipeline_version": "v", "rules_version": "r"}) for doc_id in dirty])
        assert sorted(inc.dirty_doc_ids()) == sorted(dirty)
        inc.update_person_ids(officials.resolve_person_ids, inc.dirty_names(), officials.normalize_name)
        whole.update_person_ids(officials.resolve_person_ids)
        assert _ids(inc) == _ids(whole)
