#!/usr/bin/env python3
"""Benchmark: our pipeline and the peers' stack on the same generated corpus (`make bench`).

It asserts nothing; it prints figures. The measured commands run with Python's bytecode
cache (PYTHONDONTWRITEBYTECODE is dropped for them), as an installed package runs. The corpus is like the one of issue 12: the
repository's real documents (raw/, tests/data/*/docs, tests/data/real when present, the
shared seeds) as plain text, plus edited copies of them (figures changed, a sentence
dropped, paragraphs swapped, a sentence from another document added) up to ``--docs``.

Printed:
  - ours: a full `run --workers N` (whole command wall time, chars/s, user CPU seconds),
    peak memory of the whole process tree (PSS: shared pages counted once; and RSS),
  - re-runs: no-op, and after one file changed,
  - the share of sentences GiNZA parses (the distinct ones: repeats come from the sentence
    cache the workers share; two workers may both parse one they meet at the same time),
  - the peers' stack (../shared/bench/peer_baseline.py: GiNZA NER + ja-timex +
    pyNormalizeNumExp, one process) on the same corpus, and the ratio; skipped with a
    message when ../shared or its packages (`pip install -e '.[bench]'`) are missing,
  - with --accuracy: the seed gold score and the entities layer on ner-wikipedia split B,
  - with --rules: the rule stages alone on one core,
  - with --cluster (needs the dask extra): the same corpus through `--scheduler local:N`
    (a LocalCluster of N worker processes) beside the local pool, and the cluster's overhead,
  - with --profile: where the time goes, CPU seconds per phase of one fresh run in one
    process (start and imports, model load, ingest, normalize, fugashi, GiNZA, extractors,
    store writes, the derived tables: views, Parquet, the SQLite copy), and when the first
    document was stored, counted from the command's start.
  - with --rerun-docs N: a store of N documents (the same kind of corpus), then the whole
    command's wall time of a no-op re-run, of a re-run after one file changed and after one
    file was removed, and when the first document was stored by a fresh run (`--workers N`),
    each with the load average before it.

usage: scripts/bench.py [--docs 160] [--workers 2] [--keep DIR] [--accuracy] [--rules] [--cluster] [--profile]
                        [--rerun-docs 1000]
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
PEERS = SHARED / "bench" / "peer_baseline.py"
PEER_PACKAGES = ("ja_timex", "pynormalizenumexp", "ja_ginza")
sys.path.insert(0, str(REPO))

from pipeline.ingest import discover, read_documents  # noqa: E402

_DIGITS = re.compile(r"\d+")

# The measured commands run as an installed package's would: with Python's bytecode cache.
# Under PYTHONDONTWRITEBYTECODE every command recompiles the package's source (~0.2 s of
# a re-run), which no installed copy does.
CHILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


# ---------------------------------------------------------------- corpus


def original_texts() -> list[str]:
    roots = [REPO / "raw", REPO / "tests" / "data" / "docs", REPO / "tests" / "data" / "real",
             *sorted((REPO / "tests" / "data").glob("heldout*/docs")), SHARED / "corpus" / "seeds"]
    texts = []
    for path, _ in discover([r for r in roots if r.is_dir()]):
        if path.suffix.lower() == ".jsonl":
            continue
        texts.extend(doc.text for doc in read_documents(path) if doc.status == "ok" and doc.text.strip())
    return texts


def edited_copy(text: str, donor: str, rng: random.Random) -> str:
    """A plausible revision: some figures changed, a line dropped, two paragraphs swapped,
    a line from another document added."""
    lines = text.split("\n")
    for _ in range(max(1, len(lines) // 8)):
        i = rng.randrange(len(lines))
        lines[i] = _DIGITS.sub(lambda m: str(int(m.group()) + rng.randint(1, 9)), lines[i], count=1)
    if len(lines) > 4:
        del lines[rng.randrange(len(lines))]
    paragraphs = "\n".join(lines).split("\n\n")
    if len(paragraphs) > 2:
        i, j = rng.sample(range(len(paragraphs)), 2)
        paragraphs[i], paragraphs[j] = paragraphs[j], paragraphs[i]
    donor_lines = [x for x in donor.split("\n") if len(x) > 20]
    if donor_lines:
        paragraphs.append(rng.choice(donor_lines))
    return "\n\n".join(paragraphs) + "\n"


def build_corpus(folder: Path, n_docs: int) -> list[str]:
    """``n_docs`` .txt files: the originals, then edited copies of them in turn."""
    rng = random.Random(20261204)
    originals = original_texts()
    texts = list(originals[:n_docs])
    while len(texts) < n_docs:
        base = originals[len(texts) % len(originals)]
        texts.append(edited_copy(base, rng.choice(originals), rng))
    folder.mkdir(parents=True, exist_ok=True)
    for i, text in enumerate(texts):
        (folder / f"doc{i:04d}.txt").write_text(text, encoding="utf-8")
    return texts


def sentence_share(texts: list[str]) -> tuple[int, int, int, int]:
    """(sentences, distinct sentences GiNZA reads, characters, characters in them): split
    the pipeline's way; a sentence counts for GiNZA when ``models_for`` sends it there
    (with our NER, only where a figure needs the parse), once however often it repeats."""
    from pipeline.analyze import NONE, model_units, models_for, split_sentences
    from pipeline.normalize import normalize

    seen: set[str] = set()
    n = distinct = chars = distinct_chars = 0
    for text in texts:
        norm = normalize(text).text
        units = model_units(norm, split_sentences(norm))
        for (s, e), model in zip(units, models_for(norm, units)):
            piece = norm[s:e]
            n += 1
            chars += len(piece)
            if model != NONE and piece not in seen:
                seen.add(piece)
                distinct += 1
                distinct_chars += len(piece)
    return n, distinct, chars, distinct_chars


# ---------------------------------------------------------------- measuring a command


@dataclass
class Measured:
    seconds: float
    user_cpu: float
    peak_pss_mb: float
    peak_rss_mb: float
    returncode: int
    stdout: str


def _tree(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            for task in Path(f"/proc/{p}/task").iterdir():
                todo.extend(int(c) for c in (task / "children").read_text().split())
        except OSError:
            pass
    return out


def _memory_kb(pid: int) -> tuple[int, int]:
    pss = rss = 0
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                pss = int(line.split()[1])
            elif line.startswith("Rss:"):
                rss = int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return pss, rss


def measure(cmd: list[str]) -> Measured:
    """Run ``cmd``; wall time, user CPU of it and its children, peak memory of its tree."""
    import resource

    cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=REPO, env=CHILD_ENV, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    peak = [0, 0]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            totals = [_memory_kb(p) for p in _tree(proc.pid)]
            peak[0] = max(peak[0], sum(t[0] for t in totals))
            peak[1] = max(peak[1], sum(t[1] for t in totals))
            done.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stdout, _ = proc.communicate()
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    cpu = resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime - cpu_before
    return Measured(seconds, cpu, peak[0] / 1024, peak[1] / 1024, proc.returncode, stdout)


def run_ours(corpus: Path, out: Path, workers: int, *extra: str) -> Measured:
    return measure([sys.executable, "-m", "pipeline", "run", str(corpus), "--out", str(out),
                    "--workers", str(workers), "--quiet", *extra])


def _unless_noop(m: Measured) -> str:
    """A warning when a re-run meant to change nothing processed documents: the package's
    code or rules changed since the run before (an edit or a merge while the bench ran:
    every document is then processed again, from the sentence cache)."""
    summary = next((x for x in m.stdout.splitlines() if x.startswith("documents:")), "")
    if re.search(r"\b0 new, 0 changed\b", summary):
        return ""
    return f"  (NOT a no-op: {summary or 'no summary'}; the code changed during the bench?)"


def cluster_lines(corpus: Path, work: Path, chars: int, workers: int) -> list[str]:
    """The local pool and ``--scheduler local:N`` on the same corpus, fresh outputs each.

    CPU seconds are printed beside the wall clock: on a machine shared with other jobs the
    wall clock says more about them than about us."""
    lines, first = [], None
    for label, extra in ((f"local, --workers {workers}:", ()),
                         (f"--scheduler local:{workers}:", ("--scheduler", f"local:{workers}"))):
        out = work / "cluster-out"
        shutil.rmtree(out, ignore_errors=True)
        load = os.getloadavg()[0]
        m = run_ours(corpus, out, workers, *extra)
        first = first or m
        lines.append(f"{label:<27}{chars / m.seconds:>9,.0f} chars/s  {m.seconds:6.1f} s wall "
                     f"({m.seconds / first.seconds - 1:+.0%})  {m.user_cpu:6.1f} s user CPU "
                     f"({m.user_cpu / first.user_cpu - 1:+.0%})  load {load:.1f}"
                     + ("" if m.returncode == 0 else f"  exit {m.returncode}"))
    return lines


def peers_missing() -> str | None:
    if not PEERS.exists():
        return f"{PEERS.relative_to(REPO.parent)} not found"
    missing = [p for p in PEER_PACKAGES if importlib.util.find_spec(p) is None]
    if missing:
        return f"missing packages {', '.join(missing)} (pip install -e '.[bench]')"
    return None


# ---------------------------------------------------------------- accuracy, rule stages


def accuracy_lines(work: Path) -> list[str]:
    lines = []
    seeds, score = SHARED / "corpus" / "seeds", SHARED / "gold" / "score.py"
    if seeds.is_dir() and score.exists():
        out = work / "seeds-out"
        subprocess.run([sys.executable, "-m", "pipeline", "run", str(seeds), "--out", str(out), "--force",
                        "--quiet"], cwd=REPO, stdout=subprocess.DEVNULL, check=False)
        res = subprocess.run([sys.executable, str(score), str(SHARED / "gold"), str(out)], cwd=REPO,
                             capture_output=True, text=True)
        lines += ["seed gold: " + x.strip() for x in res.stdout.splitlines() if "F1=" in x or x.startswith("score")]
    else:
        lines.append("seed gold: skipped (../shared/corpus/seeds or ../shared/gold missing)")
    wiki = SHARED / "corpus" / "ner-wikipedia" / "dev.jsonl"
    if wiki.exists():
        res = subprocess.run([sys.executable, str(REPO / "scripts" / "score_ner_wikipedia.py"), str(wiki),
                              "--split", "B"], cwd=REPO, capture_output=True, text=True)
        lines += ["entities, ner-wikipedia B: " + x.strip() for x in res.stdout.splitlines()
                  if x.startswith(("micro", "score"))]
    else:
        lines.append("entities: skipped (../shared/corpus/ner-wikipedia missing)")
    return lines


def rule_stage_lines(texts: list[str]) -> list[str]:
    from pipeline.extractors import dates, figures, products
    from pipeline.normalize import normalize

    text = "\n".join(texts)
    timings = {}
    started = time.perf_counter()
    norm = normalize(text)
    timings["normalize"] = time.perf_counter() - started
    for name, find in (("dates", dates.find_dates), ("figures", figures.find_figures),
                       ("products gazetteer", products.find_products)):
        started = time.perf_counter()
        find(norm.text)
        timings[name] = time.perf_counter() - started
    return [f"{name + ' alone:':<26}{len(text) / t:>12,.0f} chars/s (one core)" for name, t in timings.items()]


# ---------------------------------------------------------------- where the time goes


def profile_lines(corpus: Path, out: Path) -> list[str]:
    """A fresh ``--workers 1`` run of ``corpus`` in a child process (``--profile-run``),
    its CPU seconds per phase and the first document's latency."""
    shutil.rmtree(out, ignore_errors=True)
    started = time.time()
    res = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--profile-run", str(corpus), str(out)],
                         cwd=REPO, env=CHILD_ENV, capture_output=True, text=True)
    if res.returncode != 0:
        return [f"profile: failed (exit {res.returncode}): {res.stderr.strip()[-300:]}"]
    report = json.loads(res.stdout.strip().splitlines()[-1])
    total = report["cpu"]
    lines = [f"profile (--workers 1, one process, CPU seconds): {total:.1f} s CPU, {report['wall']:.1f} s wall"]
    for name, seconds in sorted(report["phases"].items(), key=lambda kv: -kv[1]):
        lines.append(f"  {name:<22}{seconds:7.2f} s  {seconds / total:5.1%}")
    first = report["first_done"]
    lines.append("first document stored: " + (f"{first - started:.2f} s after the command started" if first
                                                else "none"))
    return lines


def rerun_lines(work: Path, n_docs: int, workers: int) -> list[str]:
    """Re-run times on a store of ``n_docs`` documents, and the first document's latency."""
    corpus, out = work / "rerun-corpus", work / "rerun-out"
    shutil.rmtree(corpus, ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)
    texts = build_corpus(corpus, n_docs)
    lines = [f"re-runs on a store of {n_docs:,} documents ({sum(map(len, texts)):,} characters):"]
    full = run_ours(corpus, out, workers)
    lines.append(f"  first run, --workers {workers}:   {full.seconds:6.2f} s  (exit {full.returncode})")
    for label, change in (("no-op", None), ("one file changed", _append_line), ("one file removed", _remove)):
        load = os.getloadavg()[0]
        if change:
            change(corpus / "doc0001.txt")
        m = run_ours(corpus, out, workers)
        lines.append(f"  re-run, {label + ':':<18}{m.seconds:6.2f} s wall  {m.user_cpu:5.2f} s user CPU  load {load:.1f}"
                     + ("" if m.returncode == 0 else f"  exit {m.returncode}") + (_unless_noop(m) if not change else ""))
    first = work / "first-out"
    for name, n in (("fresh store, 1 process", 1), (f"fresh store, --workers {workers}", workers)):
        shutil.rmtree(first, ignore_errors=True)
        load = os.getloadavg()[0]
        seconds = first_document_seconds(corpus, first, n)
        lines.append(f"  first document stored ({name}): "
                     + (f"{seconds:.2f} s after the command started  load {load:.1f}" if seconds else "none"))
    return lines


def _append_line(path: Path) -> None:
    path.write_text(path.read_text(encoding="utf-8") + "\n本件は令和6年4月1日から施行する。\n", encoding="utf-8")


def _remove(path: Path) -> None:
    path.unlink()


def first_document_seconds(corpus: Path, out: Path, workers: int) -> float | None:
    """Seconds from starting a fresh run (a new process) to its first document committed."""
    started = time.time()
    res = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--first-doc-run", str(corpus), str(out),
                          str(workers)], cwd=REPO, env=CHILD_ENV, capture_output=True, text=True)
    if res.returncode != 0:
        return None
    first = json.loads(res.stdout.strip().splitlines()[-1])["first_done"]
    return first - started if first else None


def first_doc_run(corpus: Path, out: Path, workers: int) -> None:
    """The child of ``first_document_seconds``: a fresh run that ends after its first
    document is committed (the progress callback runs after the commit); prints one JSON line."""
    from pipeline.run import run

    def stored(n: int) -> None:
        print(json.dumps({"first_done": time.time()}), flush=True)
        os._exit(0)  # the lock and the workers go with the process

    run([corpus], out, workers=workers, progress=stored)


def profile_run(corpus: Path, out: Path) -> None:
    """The child of ``profile_lines``: prints one JSON line."""
    wall = time.perf_counter()
    from pipeline.run import run
    from pipeline.timings import PHASES

    PHASES["start and imports"] += time.process_time()
    first_done: list[float] = []
    run([corpus], out, workers=1, progress=lambda n: first_done or first_done.append(time.time()))
    cpu = time.process_time()
    PHASES["other"] += cpu - sum(PHASES.values())
    print(json.dumps({"cpu": cpu, "wall": time.perf_counter() - wall, "phases": dict(PHASES),
                      "first_done": first_done[0] if first_done else None}))


# ---------------------------------------------------------------- main


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=160, help="documents in the corpus (default 160)")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--keep", type=Path, default=None, help="keep the corpus and outputs here")
    ap.add_argument("--accuracy", action="store_true", help="also score the seeds and ner-wikipedia split B")
    ap.add_argument("--rules", action="store_true", help="also time the rule stages alone")
    ap.add_argument("--no-peers", action="store_true", help="skip the peers' stack")
    ap.add_argument("--cluster", action="store_true", help="also time --scheduler local:N beside the local pool")
    ap.add_argument("--profile", action="store_true", help="also print CPU seconds per phase of one run")
    ap.add_argument("--rerun-docs", type=int, default=0, metavar="N",
                    help="also time re-runs on a store of N documents and the first document's latency")
    ap.add_argument("--profile-run", nargs=2, type=Path, metavar=("CORPUS", "OUT"), help=argparse.SUPPRESS)
    ap.add_argument("--first-doc-run", nargs=3, metavar=("CORPUS", "OUT", "WORKERS"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.profile_run:
        profile_run(*args.profile_run)
        return 0
    if args.first_doc_run:
        corpus, out, workers = args.first_doc_run
        first_doc_run(Path(corpus), Path(out), int(workers))
        return 0
    work = args.keep or Path(tempfile.mkdtemp(prefix="bench-"))
    corpus, out, peers_out = work / "corpus", work / "out", work / "peers"
    for d in (corpus, out, peers_out):
        shutil.rmtree(d, ignore_errors=True)
    texts = build_corpus(corpus, args.docs)
    chars = sum(len(t) for t in texts)
    print(f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {_cores()} cores")
    print(f"corpus: {len(texts)} documents, {chars:,} characters ({len(original_texts())} originals "
          f"+ edited copies)")
    n, distinct, n_chars, distinct_chars = sentence_share(texts)
    print(f"sentences to GiNZA: {distinct:,} of {n:,} ({distinct / n:.0%}; {distinct_chars / n_chars:.0%} of "
          f"the characters): each distinct sentence is parsed once, repeats come from the cache")

    full = run_ours(corpus, out, args.workers)
    ours = chars / full.seconds
    print(f"ours, --workers {args.workers}:  {ours:>9,.0f} chars/s  {full.seconds:6.1f} s wall  "
          f"{full.user_cpu:6.1f} s user CPU  peak tree memory {full.peak_pss_mb:,.0f} MB PSS "
          f"({full.peak_rss_mb:,.0f} MB RSS)" + ("" if full.returncode == 0 else f"  exit {full.returncode}"))
    noop = run_ours(corpus, out, args.workers)
    print(f"re-run, nothing changed:   {noop.seconds:6.2f} s" + _unless_noop(noop))
    changed = corpus / "doc0000.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "\n本件は令和6年4月1日から施行する。\n", encoding="utf-8")
    one = run_ours(corpus, out, args.workers)
    print(f"re-run, one file changed:  {one.seconds:6.2f} s")

    reason = "--no-peers" if args.no_peers else peers_missing()
    if reason:
        print(f"peers' stack: skipped ({reason})")
    else:
        peers = measure([sys.executable, str(PEERS), str(corpus), str(peers_out)])
        if peers.returncode != 0:
            print(f"peers' stack: failed (exit {peers.returncode}): {peers.stdout.strip()[-300:]}")
        else:
            rate = chars / peers.seconds
            print(f"peers' stack (1 process): {rate:>9,.0f} chars/s  {peers.seconds:6.1f} s wall  "
                  f"{peers.user_cpu:6.1f} s user CPU  peak tree memory {peers.peak_pss_mb:,.0f} MB PSS "
                  f"({peers.peak_rss_mb:,.0f} MB RSS)")
            print(f"ratio ours / peers:        {ours / rate:6.1f}x")
    if args.accuracy:
        for line in accuracy_lines(work):
            print(line)
    if args.rules:
        for line in rule_stage_lines(texts):
            print(line)
    if args.profile:
        for line in profile_lines(corpus, work / "profile-out"):
            print(line)
    if args.cluster:
        for line in cluster_lines(corpus, work, chars, args.workers):
            print(line)
    if args.rerun_docs:
        for line in rerun_lines(work, args.rerun_docs, args.workers):
            print(line, flush=True)
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


def _cores() -> int:
    return len(os.sched_getaffinity(0))


if __name__ == "__main__":
    sys.exit(main())
