#!/usr/bin/env python3
"""CPU per character of named-entity recognition: GiNZA's tok2vec + NER against our model.

usage:
  bench_ner.py [FILE_OR_DIR ...] [--limit N]

Reads the sentences of the given text files (default: the first N sentences of
``../shared/corpus/ner-wikipedia/dev.jsonl``), normalized and split as ``analyze`` does,
and prints CPU time per character (``time.process_time``, so a busy machine disturbs it
little) of:
  - GiNZA's tokenizer (SudachiPy) alone,
  - GiNZA's tok2vec + ner (the other components disabled), tokenizer subtracted,
  - fugashi's tokens (``analyze.tokenize``, which every run makes anyway),
  - our model on those tokens (``ner_model.entities``: features + CRF).
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from pipeline import analyze as an  # noqa: E402
from pipeline import ner_model  # noqa: E402
from pipeline.normalize import normalize  # noqa: E402

DEFAULT_GOLD = REPO.parent / "shared" / "corpus" / "ner-wikipedia" / "dev.jsonl"


def sentences(paths: list[Path], limit: int) -> list[str]:
    if not paths:
        rows = [json.loads(line) for line in DEFAULT_GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
        return [normalize(r["text"]).text for r in rows[:limit]]
    files = [f for p in paths for f in (sorted(p.rglob("*.txt")) if p.is_dir() else [p])]
    out = []
    for f in files:
        text = normalize(f.read_text(encoding="utf-8")).text
        out += [text[s:e] for s, e in an.model_units(text, an.split_sentences(text))]
    return out[:limit]


def cpu(work) -> float:
    started = time.process_time()
    work()
    return time.process_time() - started


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("paths", nargs="*", type=Path)
    ap.add_argument("--limit", type=int, default=1000)
    args = ap.parse_args(argv)
    if not args.paths and not DEFAULT_GOLD.exists():
        print(f"{DEFAULT_GOLD}: not found; give text files", file=sys.stderr)
        return 2
    texts = sentences(args.paths, args.limit)
    chars = sum(map(len, texts))
    ginza = an.load_ginza(with_ner=True)
    list(ginza.pipe(texts[:20]))  # warm up
    ner_model.tagger()
    others = [n for n in ginza.pipe_names if n not in ("tok2vec", "ner")]
    sudachi = cpu(lambda: [ginza.make_doc(t) for t in texts])
    tok2vec_ner = cpu(lambda: list(ginza.pipe(texts, disable=others, batch_size=64))) - sudachi
    tokens = [an.tokenize(t, an.split_sentences(t)) for t in texts]
    fugashi = cpu(lambda: [an.tokenize(t, an.split_sentences(t)) for t in texts])
    ours = cpu(lambda: [ner_model.entities(toks) for toks in tokens])
    print(f"{len(texts):,} sentences, {chars:,} characters")
    for name, seconds in (("GiNZA tokenizer (SudachiPy)", sudachi), ("GiNZA tok2vec + ner", tok2vec_ner),
                          ("fugashi tokens", fugashi), ("our model (features + CRF)", ours)):
        print(f"{name:30s} {seconds:6.2f} s CPU  {seconds / chars * 1e6:6.1f} µs/character")
    print(f"GiNZA tok2vec + ner / our model: {tok2vec_ner / ours:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
