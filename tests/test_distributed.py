"""The run on a Dask cluster (``--scheduler``) stores exactly what the local run stores.

One LocalCluster of two worker processes (loopback only) serves the module; the tests
reach it by its tcp:// address, as a run against a remote cluster would.
"""
from __future__ import annotations

import json
import os
import signal
import time
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from pipeline import distributed as remote
from pipeline.cli import main
from pipeline.distributed import Scheduler, SchedulerError, parse_scheduler
from pipeline.records import SourceDocument
from pipeline.run import Task, run

REPO = Path(__file__).resolve().parents[1]
DOCS = REPO / "tests" / "data" / "docs"
CRASH = "☠"


@pytest.mark.parametrize("spec, expected", [
    ("local", Scheduler(n_workers=None)),
    ("local:3", Scheduler(n_workers=3)),
    ("tcp://127.0.0.1:8786", Scheduler(address="tcp://127.0.0.1:8786")),
    ("tls://scheduler.example:8786", Scheduler(address="tls://scheduler.example:8786")),
])
def test_parse_scheduler(spec, expected):
    assert parse_scheduler(spec) == expected


@pytest.mark.parametrize("spec", ["local:0", "local:two", "127.0.0.1:8786", "tcp://", ""])
def test_parse_scheduler_rejects(spec):
    with pytest.raises(SchedulerError, match="--scheduler"):
        parse_scheduler(spec)


def _doc_task(n_chars: int) -> Task:
    src = SourceDocument(doc_id="d", path="d.txt", source_id=None, format="txt", encoding="utf-8", sha256="",
                         text="あ" * n_chars)
    return Task(src, "new")


@pytest.mark.parametrize("sizes, threads, expected", [
    # documents of 1,000 characters: full batches of 8 while the input lasts, then each batch a
    # quarter of a thread's share of what is left, down to BATCH_CHARS / 8
    ([1000] * 40, 2, [8, 8, 3, 3, 3, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1]),
    ([1000] * 40, 1, [8, 8, 8, 8, 2, 2, 1, 1, 1, 1]),
    ([10] * 40, 2, [16, 16, 8]),  # tiny documents: BATCH_DOCS a batch
    ([20000, 100, 100], 2, [1, 2]),  # a giant document is a batch of its own
    ([], 2, []),
])
def test_batches_are_smaller_at_the_tail(sizes, threads, expected):
    batches = list(remote._batches(iter([_doc_task(n) for n in sizes]), threads))
    assert [len(b) for b in batches] == expected
    assert sum(batches, []) == [_doc_task(n) for n in sizes]


def test_cli_rejects_a_bad_scheduler_before_running(tmp_path, capsys):
    (tmp_path / "a.txt").write_text("熊本市は3日に発表した。\n", encoding="utf-8")
    assert main(["run", str(tmp_path / "a.txt"), "--out", str(tmp_path / "out"), "--scheduler", "local:0"]) == 2
    assert "--scheduler local:0" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


# --- runs on a real cluster -------------------------------------------------------------


@pytest.fixture(scope="module")
def cluster():
    pytest.importorskip("distributed", reason="the dask extra is not installed")
    from distributed import Client

    # The workers (forked from this process, also when restarted) exit on a document with ☠.
    os.environ[remote.CRASH_ENV] = CRASH
    try:
        with remote.local_cluster(2) as local, Client(local) as client:
            yield client
    finally:
        del os.environ[remote.CRASH_ENV]


@pytest.fixture(scope="module")
def corpus50(tmp_path_factory) -> Path:
    """50 small documents in one .jsonl: paragraphs of the repository's test documents."""
    paragraphs = [p.strip() for path in sorted(DOCS.glob("*.txt"))
                  for p in path.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    picked = [paragraphs[i * len(paragraphs) // 50] for i in range(50)]
    folder = tmp_path_factory.mktemp("corpus50")
    lines = [json.dumps({"id": f"p{i:02d}", "text": t}, ensure_ascii=False) for i, t in enumerate(picked)]
    (folder / "paragraphs.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def local_run(tmp_path_factory):
    """Output folder of a local run per input folder, made once."""
    outs: dict[Path, Path] = {}

    def get(inputs: Path) -> Path:
        if inputs not in outs:
            outs[inputs] = tmp_path_factory.mktemp("local")
            assert main(["run", str(inputs), "--out", str(outs[inputs]), "--workers", "1", "--quiet"]) == 0
        return outs[inputs]

    return get


def stored(out: Path) -> dict[str, pd.DataFrame]:
    """Every table and view in the DuckDB file, rows sorted (their order in DuckDB is not kept)."""
    con = duckdb.connect(str(out / "pipeline.duckdb"), read_only=True)
    try:
        names = [r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()]
        # run_state counts the runs made on this folder: bookkeeping, not output
        frames = {name: _comparable(con.execute(f'SELECT * FROM "{name}"').df()) for name in names
                  if name != "run_state"}
    finally:
        con.close()
    return {name: df.sort_values(list(df.columns), ignore_index=True) for name, df in frames.items()}


def parquet_files(out: Path) -> dict[str, pd.DataFrame]:
    """Every Parquet file, rows in file order."""
    return {p.name: _comparable(pd.read_parquet(p)) for p in sorted(out.glob("*.parquet"))}


def _comparable(df: pd.DataFrame) -> pd.DataFrame:
    # run_state.generation counts commits: the runner commits every 64 documents or 2 s,
    # so it depends on timing, not on what was stored.
    return df.drop(columns=["processed_at", "generation"], errors="ignore").astype(str)


def assert_same_output(got: Path, expected: Path) -> None:
    got_tables, expected_tables = stored(got), stored(expected)
    assert sorted(got_tables) == sorted(expected_tables)
    for name, df in expected_tables.items():
        pd.testing.assert_frame_equal(got_tables[name], df, obj=name)
    got_files, expected_files = parquet_files(got), parquet_files(expected)
    assert sorted(got_files) == sorted(expected_files)
    for name, df in expected_files.items():
        pd.testing.assert_frame_equal(got_files[name], df, obj=name)


@pytest.mark.slow
def test_cluster_run_of_50_documents_equals_the_local_run(cluster, corpus50, local_run, tmp_path):
    out = tmp_path / "cluster"
    assert main(["run", str(corpus50), "--out", str(out), "--scheduler", cluster.scheduler.address, "--quiet"]) == 0
    assert_same_output(out, local_run(corpus50))


@pytest.mark.slow
@pytest.mark.shared
def test_cluster_run_of_the_seeds_equals_the_local_run(cluster, shared_dir, local_run, tmp_path):
    seeds = shared_dir / "corpus" / "seeds"
    out = tmp_path / "cluster"
    assert main(["run", str(seeds), "--out", str(out), "--scheduler", cluster.scheduler.address, "--quiet"]) == 0
    assert_same_output(out, local_run(seeds))


@pytest.mark.slow
def test_a_rerun_sends_only_what_changed(cluster, corpus50, tmp_path, monkeypatch, capsys):
    out = tmp_path / "cluster"
    address = cluster.scheduler.address
    assert main(["run", str(corpus50), "--out", str(out), "--scheduler", address, "--quiet"]) == 0
    sent = []
    real = remote._batches
    monkeypatch.setattr(remote, "_batches", lambda tasks, *a: real((sent.append(t) or t for t in tasks), *a))
    assert main(["run", str(corpus50), "--out", str(out), "--scheduler", address, "--quiet"]) == 0
    assert sent == []
    assert "50 unchanged" in capsys.readouterr().out


def _fail_on_marked_documents() -> None:
    """Installed on the workers: a batch holding a document with ✖ fails as a whole."""
    from pipeline import process

    real = process.process_documents

    def failing(sources):
        if any("✖" in src.text for src in sources):
            raise RuntimeError("marked to fail")
        return real(sources)

    failing.real = real
    process.process_documents = failing


def _restore_process_documents() -> None:
    from pipeline import process

    process.process_documents = getattr(process.process_documents, "real", process.process_documents)


@pytest.mark.slow
def test_a_failing_document_becomes_an_error_row_and_its_batch_mates_are_stored(cluster, tmp_path):
    texts = {"a": "熊本市は3日に発表した。", "bad": "✖ 京都府は導入した。", "c": "大阪市は2022年に導入した。"}
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "docs.jsonl").write_text(
        "".join(json.dumps({"id": k, "text": t}, ensure_ascii=False) + "\n" for k, t in texts.items()),
        encoding="utf-8")
    cluster.run(_fail_on_marked_documents)
    try:
        summary = run([tmp_path / "in"], tmp_path / "out", scheduler=cluster.scheduler.address)
    finally:
        cluster.run(_restore_process_documents)
    assert (summary.new, summary.failed) == (3, 1)
    assert summary.failures == [f"{(tmp_path / 'in' / 'docs.jsonl').resolve()} (id bad): failed on the cluster: "
                                "RuntimeError: marked to fail"]
    con = duckdb.connect(str(tmp_path / "out" / "pipeline.duckdb"), read_only=True)
    try:
        status = dict(con.execute("SELECT source_id, status FROM documents").fetchall())
        with_sentences = {r[0] for r in con.execute(
            "SELECT DISTINCT d.source_id FROM sentences s JOIN documents d USING (doc_id)").fetchall()}
    finally:
        con.close()
    assert status == {"a": "ok", "bad": "error", "c": "ok"}
    assert with_sentences == {"a", "c"}


@pytest.mark.slow
def test_a_worker_killed_mid_run_does_not_change_the_tables(cluster, corpus50, local_run, tmp_path, monkeypatch):
    monkeypatch.setattr(remote, "BATCH_DOCS", 2)  # 25 batches, so some are running when one worker dies
    killed = []

    def kill_a_busy_worker(_n: int) -> None:
        if killed:
            return
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            busy = [w for w, keys in cluster.processing().items() if keys]
            if busy:
                pid = cluster.run(os.getpid, workers=busy[:1])[busy[0]]
                os.kill(pid, signal.SIGKILL)
                killed.append(pid)
                return
            time.sleep(0.05)

    out = tmp_path / "cluster"
    summary = run([corpus50], out, scheduler=cluster.scheduler.address, progress=kill_a_busy_worker)
    assert killed, "no worker was busy to be killed"
    assert (summary.new, summary.failed) == (50, 0)
    assert_same_output(out, local_run(corpus50))


@pytest.mark.slow
def test_ctrl_c_cancels_the_futures_and_a_rerun_finishes_the_rest(cluster, corpus50, local_run, tmp_path,
                                                                  monkeypatch):
    monkeypatch.setattr(remote, "BATCH_DOCS", 2)
    out = tmp_path / "cluster"

    handed_back = []

    def interrupt(n: int) -> None:
        handed_back.append(n)
        if len(handed_back) == 30:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run([corpus50], out, scheduler=cluster.scheduler.address, progress=interrupt)
    deadline = time.monotonic() + 10
    while any(cluster.processing().values()) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(cluster.processing().values())
    con = duckdb.connect(str(out / "pipeline.duckdb"), read_only=True)
    try:
        in_manifest = {r[0] for r in con.execute("SELECT doc_id FROM manifest").fetchall()}
        in_documents = {r[0] for r in con.execute("SELECT doc_id FROM documents").fetchall()}
    finally:
        con.close()
    assert in_manifest == in_documents and len(in_manifest) < 50
    summary = run([corpus50], out, scheduler=cluster.scheduler.address)
    assert (summary.new, summary.unchanged) == (50 - len(in_manifest), len(in_manifest))
    assert_same_output(out, local_run(corpus50))


@pytest.mark.slow
def test_a_document_that_kills_its_worker_is_tried_three_times_then_named(cluster, tmp_path):
    texts = {"a": "熊本市は3日に発表した。", "bad": f"{CRASH} 京都府は導入した。", "c": "大阪市は2022年に導入した。"}
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "docs.jsonl").write_text(
        "".join(json.dumps({"id": k, "text": t}, ensure_ascii=False) + "\n" for k, t in texts.items()),
        encoding="utf-8")
    deaths_before = _worker_deaths(cluster)
    summary = run([tmp_path / "in"], tmp_path / "out", scheduler=cluster.scheduler.address)
    assert (summary.new, summary.failed) == (3, 1)
    assert summary.failures == [f"{(tmp_path / 'in' / 'docs.jsonl').resolve()} (id bad): failed on the cluster: "
                                f"its worker died each time it was tried ({remote.MAX_TRIES} times)"]
    assert _worker_deaths(cluster) - deaths_before == remote.MAX_TRIES
    con = duckdb.connect(str(tmp_path / "out" / "pipeline.duckdb"), read_only=True)
    try:
        status = dict(con.execute("SELECT source_id, status FROM documents").fetchall())
    finally:
        con.close()
    assert status == {"a": "ok", "bad": "error", "c": "ok"}


def _worker_deaths(client) -> int:
    """Workers the scheduler has lost so far (each death is logged as an event)."""
    return sum(1 for _, e in client.get_events("all") if isinstance(e, dict) and e.get("action") == "remove-worker")


def _txt_folder(root: Path, n: int) -> Path:
    root.mkdir()
    paragraphs = [p.strip() for path in sorted(DOCS.glob("*.txt"))
                  for p in path.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    for i in range(n):
        (root / f"d{i:02d}.txt").write_text(paragraphs[i * 7 % len(paragraphs)] + "\n", encoding="utf-8")
    old = time.time() - 60  # settled: written well before the run reads them
    for p in root.iterdir():
        os.utime(p, (old, old))
    return root


@pytest.mark.slow
def test_files_are_read_by_the_workers_not_the_client(cluster, local_run, tmp_path, monkeypatch):
    folder = _txt_folder(tmp_path / "in", 6)

    def not_here(*args, **kwargs):
        raise AssertionError("the client read a document file")

    monkeypatch.setattr("pipeline.run.read_documents", not_here)  # the workers were forked before this
    monkeypatch.setattr("pipeline.run._file_sha256", not_here)
    out = tmp_path / "cluster"
    summary = run([folder], out, scheduler=cluster.scheduler.address)
    assert (summary.new, summary.failed) == (6, 0)
    monkeypatch.undo()
    assert_same_output(out, local_run(folder))


@pytest.mark.slow
def test_a_rerun_reads_only_files_whose_size_or_mtime_changed(cluster, tmp_path, monkeypatch):
    folder = _txt_folder(tmp_path / "in", 4)
    out = tmp_path / "cluster"
    address = cluster.scheduler.address
    assert run([folder], out, scheduler=address).new == 4
    sent = []
    real = remote._batches
    monkeypatch.setattr(remote, "_batches", lambda tasks, *a: real((sent.append(t) or t for t in tasks), *a))
    summary = run([folder], out, scheduler=address)
    assert (summary.unchanged, sent) == (4, [])
    touched, edited = folder / "d00.txt", folder / "d01.txt"
    os.utime(touched, (time.time() - 30, time.time() - 30))  # same bytes, new mtime
    edited.write_text(edited.read_text(encoding="utf-8") + "熊本市は3日に発表した。\n", encoding="utf-8")
    os.utime(edited, (time.time() - 30, time.time() - 30))
    summary = run([folder], out, scheduler=address)
    assert sorted(t.path.name for t in sent) == ["d00.txt", "d01.txt"]
    assert (summary.changed, summary.unchanged) == (1, 3)
    con = duckdb.connect(str(out / "pipeline.duckdb"), read_only=True)
    try:
        per_doc = con.execute("SELECT count(*), count(DISTINCT doc_id) FROM documents").fetchone()
    finally:
        con.close()
    assert per_doc == (4, 4)
    sent.clear()
    assert run([folder], out, scheduler=address).unchanged == 4  # the touched file's new mtime was recorded
    assert sent == []


@pytest.mark.slow
def test_a_url_folder_on_the_cluster_equals_the_local_run(cluster, tmp_path):
    pytest.importorskip("fsspec")
    from pipeline.storage import UrlPath

    url = UrlPath((_txt_folder(tmp_path / "in", 4)).as_uri())  # file:///…: what s3:// would be
    local, out = tmp_path / "local", tmp_path / "cluster"
    assert run([url], local).new == 4
    summary = run([url], out, scheduler=cluster.scheduler.address)
    assert (summary.new, summary.failed) == (4, 0)
    assert_same_output(out, local)
    assert run([url], out, scheduler=cluster.scheduler.address).unchanged == 4
