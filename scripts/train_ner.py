#!/usr/bin/env python3
"""Train our NER model (``pipeline/models/ner.crfsuite``, read by ``pipeline.ner_model``).

usage:
  train_ner.py [--gold FILE] [--out FILE] [--holdout] [--development-docs] [--c1 X] [--c2 X] [--iterations N]

Training data: split A of Stockmark's Wikipedia NER sentences
(``../shared/corpus/ner-wikipedia/dev.jsonl``, the even-numbered lines; split B, the odd
ones, is never read here: it is what ``score_ner_wikipedia.py --split B`` reports on). Each
sentence goes through the pipeline's own ``normalize`` and ``analyze.tokenize``; a token
takes the label of the gold entity it overlaps (B- on the first, I- after), in GiNZA's
fine labels (``LABEL`` below). GiNZA's own entities of the kinds the gold does not
annotate (posts, dates, money, percentages, counts: ``DISTILLED``) are added where they
overlap no gold entity, so the model also marks those as GiNZA did.

With ``--development-docs``, also distillation on our own kind of text: the development
documents (``DISTILL_FROM``: raw/, tests/data/docs, tests/data/real/dev; never
tests/data/real/test, nor the heldout sets, which stay a check) read by the pipeline's
ingest and normalize, labelled with all of GiNZA's entities (their gold files are not
read). Wikipedia alone teaches that a Latin word is a name; municipal reports are full of
generic ones (AI, RPA, OCR). Measured (2026-12-04): split B 0.698 -> 0.693, the gold sets
unchanged (heldout2 products still 0.959); so it is off by default.

CRFsuite's L-BFGS is deterministic: the same data and parameters give the same model,
byte for byte.

``--holdout`` trains on the first 90% of split A and prints span P/R/F1 of the bare model
on the last 10% (for choosing parameters), without writing the model.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from bisect import bisect_left, bisect_right
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from pipeline import analyze as an  # noqa: E402
from pipeline import ner_model  # noqa: E402
from pipeline.normalize import normalize  # noqa: E402

DEFAULT_GOLD = REPO.parent / "shared" / "corpus" / "ner-wikipedia" / "dev.jsonl"
# Stockmark's types -> GiNZA fine labels (rules/ginza_labels.tsv maps them to PERSON, ORG, ...).
LABEL = {
    "人名": "Person", "法人名": "Company", "政治的組織名": "Political_Organization_Other",
    "その他の組織名": "Organization_Other", "地名": "GPE_Other", "施設名": "Facility_Other",
    "製品名": "Product_Other", "イベント名": "Event_Other",
}
# GiNZA's coarse label (rules/ginza_labels.tsv) -> the one fine label the model learns for it.
DISTILLED = {"TITLE": "Position_Vocation", "DATE": "Date", "MONEY": "Money", "PERCENT": "Percent",
             "QUANTITY": "Numex_Other"}
# GiNZA's fine labels of organizations -> Stockmark's kinds (the rest: Organization_Other).
_COMPANY = {"Company", "Company_Group", "Corporation_Other"}
_POLITICAL = {"Political_Party", "Political_Organization_Other", "Government", "Cabinet", "Military",
              "International_Organization"}
_NAME_LABEL = {"PERSON": "Person", "LOC": "GPE_Other", "FACILITY": "Facility_Other", "PRODUCT": "Product_Other",
               "EVENT": "Event_Other"}
DISTILL_FROM = ("raw", "tests/data/docs", "tests/data/real/dev/docs")
PARAMS = {"c1": 0.05, "c2": 0.02, "max_iterations": 200, "feature.possible_transitions": True}


def split_a(path: Path) -> list[dict]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return rows[0::2]


def gold_spans(row: dict) -> tuple[str, list[tuple[int, int, str]]]:
    """The row's normalized text and its gold entities (normalized coordinates, our labels)."""
    norm = normalize(row["text"])
    spans = []
    for e in row["entities"]:
        s, t = e["span"]
        spans.append((bisect_left(norm.starts, s), bisect_right(norm.ends, t), LABEL[e["type"]]))
    return norm.text, spans


def our_label(fine: str, names: bool) -> str | None:
    """The label the model learns for a GiNZA entity (``names``: of the name kinds too)."""
    from pipeline.extractors.entities import coarse_label

    coarse = coarse_label(fine) or ""
    if coarse in DISTILLED:
        return DISTILLED[coarse]
    if not names:
        return None
    if coarse == "ORG":
        return "Company" if fine in _COMPANY else "Political_Organization_Other" if fine in _POLITICAL else "Organization_Other"
    return _NAME_LABEL.get(coarse)


def development_texts() -> list[str]:
    """The normalized texts of the documents under ``DISTILL_FROM``."""
    from pipeline.ingest import discover, read_documents

    roots = [REPO / d for d in DISTILL_FROM]
    assert not any("real/test" in str(r) for r in roots)
    out = []
    for path, _ in discover([r for r in roots if r.exists()]):
        out += [normalize(doc.text).text for doc in read_documents(path) if doc.status == "ok" and doc.text.strip()]
    return out


def distilled_spans(texts: list[str], names: bool = False) -> list[list[tuple[int, int, str]]]:
    """GiNZA's entities in each text (of the ``DISTILLED`` kinds only, unless ``names``),
    sentence by sentence as ``analyze`` reads them."""
    nlp = an.load_ginza(with_ner=True)
    units = [(d, s, e) for d, t in enumerate(texts) for s, e in an.model_units(t, an.split_sentences(t))]
    out: list[list[tuple[int, int, str]]] = [[] for _ in texts]
    for (d, s, _), doc in zip(units, nlp.pipe([texts[d][s:e] for d, s, e in units], batch_size=64)):
        for x in doc.ents:
            label = our_label(x.label_, names)
            if label:
                out[d].append((s + x.start_char, s + x.end_char, label))
    return out


def with_distilled(gold: list[tuple[int, int, str]], extra: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    return gold + [x for x in extra if not any(x[0] < e and s < x[1] for s, e, _ in gold)]


def labelled_sentences(text: str, gold: list[tuple[int, int, str]]) -> list[tuple[list, list[str]]]:
    """(tokens, B/I/O labels) for each sentence of a text with its entities."""
    sentences = an.split_sentences(text)
    tokens = [t for t in an.tokenize(text, sentences) if t.surface.strip()]
    out = []
    for si in range(len(sentences)):
        toks = [t for t in tokens if t.sent == si]
        labels = []
        for t in toks:
            hit = next(((s, e, lab) for s, e, lab in gold if t.start < e and s < t.end), None)
            if hit is None:
                labels.append("O")
            else:
                first = labels and labels[-1] != "O" and t.start > hit[0]
                labels.append(("I-" if first else "B-") + hit[2])
        if toks:
            out.append((toks, labels))
    return out


def train(data: list[tuple[list, list[str]]], out: Path, params: dict) -> None:
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for toks, labels in data:
        trainer.append(ner_model.features(toks), labels)
    trainer.set_params(params)
    out.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(out))


def evaluate(model: Path, data: list[tuple[list, list[str]]]) -> dict:
    import pycrfsuite

    tagger = pycrfsuite.Tagger()
    tagger.open(str(model))
    counts: Counter = Counter()
    for toks, labels in data:
        gold = set(ner_model.spans(labels))
        pred = set(ner_model.spans(tagger.tag(ner_model.features(toks))))
        counts.update(tp=len(gold & pred), pred=len(pred), gold=len(gold))
    p = counts["tp"] / counts["pred"] if counts["pred"] else 0.0
    r = counts["tp"] / counts["gold"] if counts["gold"] else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0, **counts}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    ap.add_argument("--out", type=Path, default=ner_model.MODEL_PATH)
    ap.add_argument("--holdout", action="store_true")
    ap.add_argument("--development-docs", action="store_true", help="also distil GiNZA on the development documents")
    ap.add_argument("--c1", type=float, default=PARAMS["c1"])
    ap.add_argument("--c2", type=float, default=PARAMS["c2"])
    ap.add_argument("--iterations", type=int, default=PARAMS["max_iterations"])
    args = ap.parse_args(argv)
    if not args.gold.exists():
        print(f"{args.gold}: not found (the ner-wikipedia corpus lives in ../shared)", file=sys.stderr)
        return 2
    params = {**PARAMS, "c1": args.c1, "c2": args.c2, "max_iterations": args.iterations}
    started = time.process_time()
    rows = [gold_spans(row) for row in split_a(args.gold)]
    extras = distilled_spans([text for text, _ in rows])
    data = [s for (text, gold), extra in zip(rows, extras) for s in labelled_sentences(text, with_distilled(gold, extra))]
    if args.development_docs:
        texts = development_texts()
        data += [s for text, spans in zip(texts, distilled_spans(texts, names=True)) for s in labelled_sentences(text, spans)]
    if args.holdout:
        cut = len(data) * 9 // 10
        out = Path("/tmp") / f"ner-holdout-{args.c1}-{args.c2}.crfsuite"
        train(data[:cut], out, params)
        result = evaluate(out, data[cut:])
        out.unlink()
        print(f"holdout (last 10% of split A): P={result['precision']:.3f} R={result['recall']:.3f} "
              f"F1={result['f1']:.3f}  (tp={result['tp']} pred={result['pred']} gold={result['gold']})")
    else:
        train(data, args.out, params)
        print(f"{args.out}: {args.out.stat().st_size:,} bytes")
    print(f"{len(data)} sentences, {time.process_time() - started:.1f} s CPU")
    return 0


if __name__ == "__main__":
    sys.exit(main())
