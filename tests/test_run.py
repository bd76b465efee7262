"""End to end: the CLI on temporary folders, incremental re-runs, a real kill, bad files."""
from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from pipeline.cli import main
from pipeline.schema import MENTION_TABLES, TABLES

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]

DOCS = {
    "a.txt": "2022年7月21日\n大阪市 ICT戦略室 担当係長 山本早紀氏は、Microsoft Teamsを約1,500人が使うと話した。\n",
    "b.txt": "令和2年度に京都府はkintoneを導入し、職員3,500人が利用している。\n",
    "c.txt": "熊本市は3日、今後5年間で47億円をかけて環境を整備すると発表した。\n",
}


def write_docs(folder: Path, docs: dict[str, str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in docs.items():
        (folder / name).write_text(text, encoding="utf-8")


def run_cli(*args: str) -> int:
    return main(["run", *args, "--quiet"])


def tables(out: Path) -> dict[str, pd.DataFrame]:
    con = duckdb.connect(str(out / "pipeline.duckdb"), read_only=True)
    try:
        return {name: con.execute(f'SELECT * FROM "{name}"').df() for name in TABLES}
    finally:
        con.close()


def canonical(df: pd.DataFrame) -> list:
    """Rows as sorted tuples, for comparing two stores."""
    return sorted(map(tuple, df.astype(str).values.tolist()))


@pytest.fixture()
def corpus(tmp_path):
    src = tmp_path / "in"
    write_docs(src, DOCS)
    return src


def test_run_writes_every_table_to_duckdb_and_parquet(corpus, tmp_path, capsys):
    out = tmp_path / "out"
    assert run_cli(str(corpus), "--out", str(out)) == 0
    printed = capsys.readouterr().out
    assert "3 new" in printed
    for name in TABLES:
        assert (out / f"{name}.parquet").exists(), name
        assert set(TABLES[name][i][0] for i in range(len(TABLES[name]))) <= set(pd.read_parquet(out / f"{name}.parquet").columns)
    t = tables(out)
    assert len(t["documents"]) == 3 and (t["documents"]["status"] == "ok").all()
    assert len(t["sentences"]) >= 3 and len(t["tokens"]) > 30


def test_every_mention_row_points_at_its_text(corpus, tmp_path):
    out = tmp_path / "out"
    run_cli(str(corpus), "--out", str(out))
    t = tables(out)
    text_of = dict(zip(t["documents"]["doc_id"], t["documents"]["text"]))
    for name in ("sentences", "tokens", *MENTION_TABLES):
        for row in t[name].itertuples():
            assert text_of[row.doc_id][row.start:row.end] == (row.surface if name == "tokens" else row.text), name


def test_second_run_processes_nothing(corpus, tmp_path, capsys):
    out = tmp_path / "out"
    run_cli(str(corpus), "--out", str(out))
    before = tables(out)
    capsys.readouterr()
    assert run_cli(str(corpus), "--out", str(out)) == 0
    printed = capsys.readouterr().out
    assert "0 new, 0 changed, 3 unchanged" in printed and "nothing to do" in printed
    after = tables(out)
    for name in TABLES:
        assert canonical(before[name]) == canonical(after[name])


def test_changed_file_replaces_only_its_rows_and_removed_file_is_deleted(corpus, tmp_path, capsys):
    out = tmp_path / "out"
    run_cli(str(corpus), "--out", str(out))
    before = tables(out)
    (corpus / "a.txt").write_text("2023年1月5日\n神戸市はZoomを導入した。\n", encoding="utf-8")
    (corpus / "c.txt").unlink()
    capsys.readouterr()
    assert run_cli(str(corpus), "--out", str(out)) == 0
    assert "0 new, 1 changed, 1 unchanged, 1 removed" in capsys.readouterr().out
    after = tables(out)
    ids = dict(zip(before["documents"]["path"].map(lambda p: Path(p).name), before["documents"]["doc_id"]))
    assert set(after["documents"]["doc_id"]) == {ids["a.txt"], ids["b.txt"]}
    for name in TABLES:
        b_before = before[name][before[name]["doc_id"] == ids["b.txt"]]
        b_after = after[name][after[name]["doc_id"] == ids["b.txt"]]
        assert canonical(b_before) == canonical(b_after), name
    assert "神戸市" in after["documents"].set_index("doc_id").loc[ids["a.txt"], "text"]
    parquet_docs = pd.read_parquet(out / "documents.parquet")
    assert len(parquet_docs) == 2


def test_force_and_version_change_reprocess(corpus, tmp_path, capsys, monkeypatch):
    out = tmp_path / "out"
    run_cli(str(corpus), "--out", str(out))
    capsys.readouterr()
    run_cli(str(corpus), "--out", str(out), "--force")
    assert "0 new, 3 changed" in capsys.readouterr().out
    import pipeline.run as run_module

    monkeypatch.setattr(run_module, "rules_version", lambda: "changed-rules")
    run_cli(str(corpus), "--out", str(out))
    assert "0 new, 3 changed" in capsys.readouterr().out


def test_bad_files_become_error_rows_and_the_rest_is_stored(corpus, tmp_path, capsys):
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (corpus / "corrupt.pdf").write_bytes(b"%PDF-1.7\ngarbage")
    (corpus / "sjis.txt").write_bytes("令和4年度、横浜市はLINE WORKSを導入した。".encode("cp932"))
    out = tmp_path / "out"
    assert run_cli(str(corpus), "--out", str(out)) == 1
    printed = capsys.readouterr().out
    assert "3 failed" in printed and "corrupt.pdf" in printed
    docs = tables(out)["documents"].set_index(tables(out)["documents"]["path"].map(lambda p: Path(p).name))
    assert set(docs[docs.status == "error"].index) == {"empty.txt", "binary.txt", "corrupt.pdf"}
    assert docs.loc["sjis.txt", "encoding"] == "cp932" and docs.loc["sjis.txt", "status"] == "ok"
    assert docs.loc["corrupt.pdf", "error"].startswith("corrupt.pdf: ")
    # unchanged failures are not retried, but still reported
    assert run_cli(str(corpus), "--out", str(out)) == 1
    assert "0 new, 0 changed, 7 unchanged" in capsys.readouterr().out


def test_jsonl_documents_with_progress_and_counts(tmp_path, capsys):
    path = tmp_path / "many.jsonl"
    with path.open("w", encoding="utf-8") as f:
        for i in range(60):
            f.write(json.dumps({"id": f"n{i}", "text": f"{i + 1}月の会議で{i + 2}人が参加した。"}, ensure_ascii=False) + "\n")
    out = tmp_path / "out"
    assert main(["run", str(path), "--out", str(out), "--workers", "2"]) == 0
    captured = capsys.readouterr()
    assert "60 new" in captured.out and "60doc" in captured.err.replace(" ", "")
    docs = pd.read_parquet(out / "documents.parquet")
    assert sorted(docs["source_id"]) == sorted(f"n{i}" for i in range(60))


def test_usage_errors_exit_2(tmp_path, capsys):
    assert main(["run", str(tmp_path / "missing"), "--out", str(tmp_path / "o")]) == 2
    assert main(["run"]) == 2
    assert main(["frobnicate"]) == 2
    for cmd in ("run", "eval", "report", "export"):
        assert main([cmd, "--help"]) == 0
        assert "usage" in capsys.readouterr().out


def test_killed_run_resumes_to_the_same_tables(tmp_path):
    src = tmp_path / "in"
    docs = {f"d{i:02d}.txt": f"令和{i % 5 + 1}年{i % 12 + 1}月{i % 28 + 1}日、市はiPadを{100 + i}台配備した。\n"
            for i in range(12)}
    write_docs(src, docs)
    killed, clean = tmp_path / "killed", tmp_path / "clean"
    cmd = [sys.executable, "-m", "pipeline", "run", str(src), "--out", str(killed), "--workers", "1"]
    proc = subprocess.Popen(cmd, cwd=REPO, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})
    buf = b""
    while proc.poll() is None:
        chunk = os.read(proc.stderr.fileno(), 256)
        if not chunk:
            break
        buf += chunk
        done = [int(n) for n in re.findall(rb"\| *(\d+)/12", buf)]
        if done and max(done) >= 3:
            proc.send_signal(signal.SIGKILL)
            break
    proc.wait()
    assert proc.returncode == -signal.SIGKILL, "the run finished before it could be killed"
    assert main(["run", str(src), "--out", str(killed), "--quiet"]) == 0
    assert main(["run", str(src), "--out", str(clean), "--quiet"]) == 0
    a, b = tables(killed), tables(clean)
    for name in TABLES:
        assert canonical(a[name]) == canonical(b[name]), name
    assert len(a["documents"]) == 12 and a["documents"]["doc_id"].is_unique


@pytest.mark.parametrize("n_tasks, forks", [(0, False), (1, False), (3, False), (4, True), (9, True)])
def test_a_small_plan_is_processed_without_forking_workers(monkeypatch, n_tasks, forks):
    from pipeline import run as run_module

    forked = []

    class Pool:
        def __init__(self, *args, **kwargs):
            forked.append(True)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def submit(self, fn, arg):
            class Done:
                def result(self):
                    return fn(arg)
            return Done()

    monkeypatch.setattr(run_module, "ProcessPoolExecutor", Pool)
    monkeypatch.setattr(run_module, "load_models", lambda: None)
    monkeypatch.setattr(run_module, "process_document", lambda src: ("done", src))
    tasks = [run_module.Task(f"doc{i}", "new") for i in range(n_tasks)]
    out = list(run_module._processed(iter(tasks), workers=2))
    assert [r for _, r in out] == [("done", f"doc{i}") for i in range(n_tasks)]
    assert bool(forked) == forks


def test_a_model_process_parses_as_this_process_would(ginza):
    from pipeline.analyze import FULL, NER, run_ginza, use_model_process
    from pipeline.run import ModelProcess

    texts = ["京都府は職員3,500人を配置した。", "市はタブレット端末を導入した。"]
    server = ModelProcess.start()
    try:
        remote = {m: server.parse(texts, m, 8) for m in (FULL, NER)}
    finally:
        server.stop()
    assert not server._proc.is_alive()
    use_model_process(None)
    assert remote == {m: run_ginza(texts, m, 8) for m in (FULL, NER)}


def test_a_gone_model_process_means_the_model_loads_here(ginza):
    from pipeline.analyze import FULL, run_ginza, use_model_process

    class Gone:
        def parse(self, texts, model, batch_size):
            raise EOFError

    use_model_process(Gone())
    try:
        assert [d.text for d in run_ginza(["市は5台を導入した。"], FULL)] == ["市は5台を導入した。"]
    finally:
        use_model_process(None)


@pytest.mark.parametrize("workers", [1, 2])
def test_a_run_on_a_new_store_parses_in_a_model_process_with_the_same_rows(tmp_path, workers):
    """The first run (no sentence store yet) has GiNZA parse in a process of its own; a
    run without that process (the store there, emptied) writes the same rows."""
    docs = {f"d{i}.txt": f"令和5年4月{i + 1}日、第{i + 1}庁舎で職員{120 + i}人にタブレット端末{30 + i}台を配った。\n"
            f"情報政策課の山田一郎課長は{i + 2}校で試行すると述べた。" for i in range(5)}
    write_docs(tmp_path / "in", docs)
    code = ("import sys; from pathlib import Path; from pipeline import analyze as an, run as r; "
            "r.run([Path(sys.argv[1])], Path(sys.argv[2]), workers=int(sys.argv[3])); "
            "print(an.models_loaded())")
    loaded = {}
    for name in ("new", "kept"):
        out = tmp_path / name
        if name == "kept":  # a sentence store that is not new (and holds none of these sentences)
            out.mkdir()
            with sqlite3.connect(out / "analysis-cache.sqlite") as con:
                con.execute("CREATE TABLE t (x)")
        res = subprocess.run([sys.executable, "-c", code, str(tmp_path / "in"), str(out), str(workers)],
                             capture_output=True, text=True, check=True, env={**os.environ, "PYTHONPATH": str(REPO)})
        loaded[name] = res.stdout.strip().splitlines()[-1]
    # the model never loads here: the model process parses every document (one process),
    # or parses for the workers too; without one (a kept store, one process) it loads here
    assert loaded == {"new": "False", "kept": "True" if workers == 1 else "False"}
    new, kept = tables(tmp_path / "new"), tables(tmp_path / "kept")
    for name in MENTION_TABLES:
        drop = [c for c in new[name].columns if "run" in c or "time" in c]
        pd.testing.assert_frame_equal(new[name].drop(columns=drop), kept[name].drop(columns=drop))


def test_a_run_collects_garbage_less_often_and_restores_the_thresholds(tmp_path):
    import gc

    from pipeline import run as run_module

    before = gc.get_threshold()
    seen = []
    with run_module._fewer_collections():
        seen.append(gc.get_threshold())
    assert seen[0][0] >= run_module.RUN_GC_THRESHOLD and seen[0][1:] == before[1:]
    assert gc.get_threshold() == before
    try:
        with run_module._fewer_collections():
            raise KeyError("boom")
    except KeyError:
        pass
    assert gc.get_threshold() == before


@pytest.mark.parametrize("cache_exists, scheduler, starts", [
    (False, None, True),  # a new sentence store: GiNZA starts loading before the inputs are read
    (True, None, False),  # a store with analyses: sentences come from it
    (False, "local:1", False),  # a cluster run loads GiNZA on its workers
])
def test_the_model_process_starts_at_once_only_on_a_new_sentence_store_and_always_stops(
        tmp_path, monkeypatch, cache_exists, scheduler, starts):
    from pipeline import run as run_module

    events = []

    class FakeModels:
        @classmethod
        def start(cls):
            events.append("start")
            return cls()

        def stop(self):
            events.append("stop")

    monkeypatch.setattr(run_module, "ModelProcess", FakeModels)
    cache = tmp_path / "out" / "analysis-cache.sqlite"
    if cache_exists:
        cache.parent.mkdir()
        cache.write_bytes(b"x")
    with run_module._early_models(cache, scheduler) as early:
        assert (early is not None) == starts
        early and early.stop()  # stopped once more when the run ends: a second stop is harmless
    assert events == (["start", "stop", "stop"] if starts else [])


def test_a_model_process_stops_once(ginza):
    from pipeline.run import ModelProcess

    server = ModelProcess.start()
    server.stop()
    server.stop()
    assert not server._proc.is_alive()


def test_forked_processes_share_one_model_process_that_loads_on_its_first_request(ginza):
    """Processes forked after the model process started (the local workers) each connect to
    it; it loads GiNZA on the first request (``load_now=False``) and answers each as this
    process would; none of them loads the model."""
    from multiprocessing import get_context

    from pipeline.analyze import FULL, NER, run_ginza, use_model_process
    from pipeline.run import ModelProcess

    texts = {FULL: ["福岡県は職員4,200人を配置した。", "町は公用車12台を更新した。"], NER: ["県は会議を開いた。"]}
    server = ModelProcess.start(load_now=False)
    try:
        with get_context("fork").Pool(2) as pool:
            answers = pool.starmap(_parse_in_child, [(texts[FULL], FULL), (texts[NER], NER), (texts[FULL], FULL)])
    finally:
        server.stop()
    use_model_process(None)
    expected = {m: run_ginza(t, m, 8) for m, t in texts.items()}
    assert [a for a, _ in answers] == [expected[FULL], expected[NER], expected[FULL]]
    assert not any(loaded for _, loaded in answers)


def _parse_in_child(texts, model):
    from pipeline.analyze import load_ginza, models_loaded, run_ginza

    load_ginza.cache_clear()  # a worker of a run has no model (this test's process may have one)
    return run_ginza(texts, model, 8), models_loaded()
