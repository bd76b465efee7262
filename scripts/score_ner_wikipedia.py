#!/usr/bin/env python3
"""Score the ``entities`` extractor on Stockmark's Wikipedia NER sentences.

usage:
  score_ner_wikipedia.py [GOLD.jsonl] [--split A|B] [--limit N] [--json] [--cache FILE]

Each sentence goes through the pipeline's own path: ``normalize`` -> ``analyze``
(sentences, fugashi tokens, GiNZA) -> every registered extractor (``run_all``); the
``entities`` records are scored on exact (start, end, label) the way
``../shared/corpus/ner-wikipedia/score_ner.py`` scores a CLI run. GiNZA runs batched over
all sentences (``nlp.pipe``), through the same ``pipeline.analyze`` building blocks
``analyze()`` uses.

``--split A`` scores the even-numbered sentences, ``--split B`` the odd ones (tune on A,
report on B). ``--cache FILE`` keeps the analyses between runs (a pickle keyed by
text and analysis version), for quick iteration on the rules.
"""
from __future__ import annotations

import argparse
import json
import pickle
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from pipeline import analyze as an  # noqa: E402
from pipeline.extractors import DocContext, run_all  # noqa: E402
from pipeline.normalize import normalize  # noqa: E402

DEFAULT_GOLD = REPO.parent / "shared" / "corpus" / "ner-wikipedia" / "dev.jsonl"
# The same mapping as score_ner.py.
LABEL = {"人名": "PERSON", "法人名": "ORG", "政治的組織名": "ORG", "その他の組織名": "ORG",
         "地名": "LOC", "施設名": "FACILITY", "製品名": "PRODUCT", "イベント名": "EVENT"}
LABELS = sorted(set(LABEL.values()))


def read_gold(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def select(gold: list[dict], split: str | None, limit: int | None) -> list[tuple[int, dict]]:
    rows = list(enumerate(gold))
    if split:
        parity = 0 if split.upper() == "A" else 1
        rows = [(i, x) for i, x in rows if i % 2 == parity]
    return rows[:limit] if limit else rows


def cached_analyses(texts: list[str], cache: Path | None) -> list[an.Analysis]:
    """The analyses of ``texts``, those kept in ``cache`` (a pickle of Analysis objects,
    whose parses are plain ``ParsedSentence``s, keyed by the text's hash and the analysis
    version) read from it, the others made and added to it."""
    if cache is None:
        return an.analyze_many(texts)
    store: dict[str, an.Analysis] = pickle.loads(cache.read_bytes()) if cache.exists() else {}
    key = [an._key(t).hex() for t in texts]  # the analysis cache's own key (text and version)
    todo = sorted({i for i, k in enumerate(key) if k not in store}, key=key.__getitem__)
    fresh = dict(zip(todo, an.analyze_many([texts[i] for i in todo]))) if todo else {}
    for i, a in fresh.items():
        store[key[i]] = a
    if fresh:
        cache.write_bytes(pickle.dumps(store))
    return [store[k] for k in key]


def predict(rows: list[tuple[int, dict]], cache: Path | None) -> list[set[tuple[int, int, str]]]:
    norms = [normalize(x["text"]) for _, x in rows]
    analyses = cached_analyses([n.text for n in norms], cache)
    preds = []
    for (i, _), norm, analysis in zip(rows, norms, analyses):
        found = run_all(DocContext(f"s{i}", norm, analysis))
        preds.append({(e.start, e.end, e.label) for e in found["entities"] if e.label in LABELS})
    return preds


def prf(k: Counter) -> dict:
    k = {n: k.get(n, 0) for n in ("tp", "pred", "gold")}
    p = k["tp"] / k["pred"] if k["pred"] else 0.0
    r = k["tp"] / k["gold"] if k["gold"] else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0, **k}


def score(rows: list[tuple[int, dict]], preds: list[set]) -> dict:
    c = {lab: Counter() for lab in LABELS}
    for (_, x), p in zip(rows, preds):
        g = {(e["span"][0], e["span"][1], LABEL[e["type"]]) for e in x["entities"]}
        for lab in LABELS:
            gl = {t for t in g if t[2] == lab}
            pl = {t for t in p if t[2] == lab}
            c[lab].update(tp=len(gl & pl), pred=len(pl), gold=len(gl))
    result = {lab: prf(c[lab]) for lab in LABELS}
    result["micro"] = prf(sum(c.values(), Counter()))
    return result


def report(result: dict) -> str:
    lines = []
    for lab in LABELS + ["micro"]:
        r = result[lab]
        lines.append(f"{lab:9s} P={r['precision']:.3f} R={r['recall']:.3f} F1={r['f1']:.3f}"
                     f"  (tp={r['tp']} pred={r['pred']} gold={r['gold']})")
    lines.append(f"score: {result['micro']['f1']:.3f}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("gold", nargs="?", type=Path, default=DEFAULT_GOLD)
    ap.add_argument("--split", choices=["A", "B", "a", "b"])
    ap.add_argument("--limit", type=int)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--cache", type=Path)
    args = ap.parse_args(argv)
    rows = select(read_gold(args.gold), args.split, args.limit)
    result = score(rows, predict(rows, args.cache))
    print(json.dumps(result, indent=1) if args.json else report(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
