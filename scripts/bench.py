#!/usr/bin/env python3
"""Benchmark: prints throughput and memory figures (it asserts nothing; `make bench`).

Builds a corpus of several MB from the texts in raw/ (and ../shared/corpus when present),
then measures
  - a full `run` (characters per second, wall clock, all stages, --workers 2),
  - a no-op re-run over the same inputs,
  - peak memory (max RSS of the run's processes),
  - the rule stages alone on one core: normalize, dates + figures extraction.

usage: scripts/bench.py [--mb 2.0] [--workers 2] [--keep DIR] [--cluster [--cluster-mb 0.5]]

--cluster adds (needs the dask extra) the chars/s of the local path (--workers 2) and of
`--scheduler local:2` on one smaller corpus, and the cluster path's overhead.
"""
from __future__ import annotations

import argparse
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
sys.path.insert(0, str(REPO))

from pipeline.ingest import discover, read_documents  # noqa: E402


def source_paragraphs() -> list[str]:
    roots = [REPO / "raw", REPO / "tests" / "data" / "docs"]
    if (SHARED / "corpus" / "seeds").is_dir():
        roots.append(SHARED / "corpus" / "seeds")
    paragraphs = []
    for path, _ in discover([r for r in roots if r.is_dir()]):
        for doc in read_documents(path):
            if doc.status == "ok":
                paragraphs.extend(p for p in doc.text.split("\n\n") if p.strip())
    wiki = SHARED / "corpus" / "ner-wikipedia" / "dev.jsonl"
    if wiki.exists():
        import json

        lines = [json.loads(x)["text"] for x in wiki.read_text(encoding="utf-8").splitlines()[:2000]]
        paragraphs.extend("".join(lines[i:i + 8]) for i in range(0, len(lines), 8))
    return paragraphs


def build_corpus(folder: Path, megabytes: float, doc_chars: int = 12000) -> int:
    """Documents of about ``doc_chars`` characters, shuffled paragraphs, ``megabytes`` MB of UTF-8."""
    rng = random.Random(20261125)
    paragraphs = source_paragraphs()
    folder.mkdir(parents=True, exist_ok=True)
    total_bytes, total_chars, n = 0, 0, 0
    while total_bytes < megabytes * 1e6:
        parts, size = [f"文書{n:04d}"], 0
        while size < doc_chars:
            p = rng.choice(paragraphs)
            parts.append(p)
            size += len(p)
        text = "\n\n".join(parts) + "\n"
        (folder / f"doc{n:04d}.txt").write_text(text, encoding="utf-8")
        total_bytes += len(text.encode("utf-8"))
        total_chars += len(text)
        n += 1
    return total_chars


def timed_run(corpus: Path, out: Path, workers: int, *extra: str) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "pipeline", "run", str(corpus), "--out", str(out),
                    "--workers", str(workers), "--quiet", *extra], cwd=REPO, check=False, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def cluster_overhead(work: Path, megabytes: float) -> None:
    """Local pool of 2 processes vs `--scheduler local:2` (a LocalCluster of 2), same corpus, fresh outputs."""
    corpus = work / "cluster-corpus"
    shutil.rmtree(corpus, ignore_errors=True)
    chars = build_corpus(corpus, megabytes)
    local = timed_run(corpus, work / "cluster-out-local", 2, "--force")
    dask = timed_run(corpus, work / "cluster-out-dask", 2, "--force", "--scheduler", "local:2")
    print(f"cluster corpus: {chars:,} characters ({megabytes} MB UTF-8)")
    print(f"local, --workers 2:         {chars / local:>12,.0f} chars/s ({local:.1f} s)")
    print(f"--scheduler local:2:        {chars / dask:>12,.0f} chars/s ({dask:.1f} s, "
          f"{(dask / local - 1) * 100:+.0f}% time)")


def rule_stage_throughput(corpus: Path) -> dict[str, float]:
    from pipeline.extractors import dates, figures, products
    from pipeline.normalize import normalize

    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(corpus.glob("*.txt")))
    started = time.perf_counter()
    norm = normalize(text)
    t_norm = time.perf_counter() - started
    started = time.perf_counter()
    dates.find_dates(norm.text)
    t_dates = time.perf_counter() - started
    started = time.perf_counter()
    figures.find_figures(norm.text)
    t_figures = time.perf_counter() - started
    spaced = "令 和 ５ 年 度 は 、 ９ ０ の 手 続 を オ ン ラ イ ン 化 す る 。\n" * 20000
    started = time.perf_counter()
    normalize(spaced)
    t_spaced = time.perf_counter() - started
    started = time.perf_counter()
    products.find_products(norm.text)
    t_products = time.perf_counter() - started
    n = len(text)
    return {"normalize": n / t_norm, "dates": n / t_dates, "figures": n / t_figures,
            "dates+figures": n / (t_dates + t_figures), "products": n / t_products,
            "normalize_spaced": len(spaced) / t_spaced, "chars": n}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, default=2.0, help="corpus size in MB of UTF-8 (default 2)")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--keep", type=Path, default=None, help="keep the corpus and output here")
    ap.add_argument("--cluster", action="store_true", help="also time --scheduler local:2 against the local path")
    ap.add_argument("--cluster-mb", type=float, default=0.5, help="corpus size for --cluster (default 0.5)")
    args = ap.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="bench-"))
    corpus, out = work / "corpus", work / "out"
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(corpus, ignore_errors=True)
    chars = build_corpus(corpus, args.mb)
    n_docs = len(list(corpus.glob("*.txt")))
    print(f"corpus: {n_docs} documents, {chars:,} characters ({args.mb} MB UTF-8)")

    rules = rule_stage_throughput(corpus)
    print(f"normalize alone:            {rules['normalize']:>12,.0f} chars/s (one core)")
    print(f"normalize, letter-spaced:   {rules['normalize_spaced']:>12,.0f} chars/s (one core)")
    print(f"dates alone:                {rules['dates']:>12,.0f} chars/s (one core)")
    print(f"figures alone:              {rules['figures']:>12,.0f} chars/s (one core)")
    print(f"dates + figures:            {rules['dates+figures']:>12,.0f} chars/s (one core)")
    print(f"products gazetteer alone:   {rules['products']:>12,.0f} chars/s (one core)")

    full = timed_run(corpus, out, args.workers)
    print(f"full run:                   {chars / full:>12,.0f} chars/s ({full:.1f} s, --workers {args.workers})")
    noop = timed_run(corpus, out, args.workers)
    print(f"no-op re-run:               {chars / noop:>12,.0f} chars/s ({noop:.2f} s)")
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(f"peak memory (largest process): {peak_kb / 1024:,.0f} MB")
    if args.cluster:
        cluster_overhead(work, args.cluster_mb)
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
