"""Score a run's tables against gold files in the format of shared/gold/GUIDELINES.md.

The matching follows the shared scorer: officials one per normalized name per document
(title and organization compared on the matched), products a set of canonical names per
document, dates and figures multisets of value (and unit) per document. Figures' subjects
are also checked, leniently: one phrase contains the other's head, or they share a
two-character word.

With ``errors=True`` the result also lists, per document, what was missed and what was
spurious in each table (with the quotes, so each can be found in the text) and the
matched officials whose title or organization differs from the gold.
"""
from __future__ import annotations

import json
import unicodedata
from collections import Counter
from pathlib import Path

import pandas as pd

KINDS = ("officials", "products", "dates", "figures")
UNIT_ALIASES = {"名": "人", "ヶ月": "か月", "ヵ月": "か月", "カ月": "か月", "箇月": "か月", "％": "%"}


def norm(s) -> str:
    if s is None or (isinstance(s, float) and s != s):
        return ""
    return "".join(unicodedata.normalize("NFKC", str(s)).split())


def norm_product(s) -> str:
    return " ".join(unicodedata.normalize("NFKC", str(s)).split()).casefold()


def norm_unit(u) -> str:
    u = norm(u)
    return UNIT_ALIASES.get(u, u)


def num_key(v) -> str:
    try:
        return f"{float(v):.6g}"
    except (TypeError, ValueError):
        return str(v)


def prf(tp: int, n_pred: int, n_gold: int) -> dict:
    p = tp / n_pred if n_pred else (1.0 if n_gold == 0 else 0.0)
    r = tp / n_gold if n_gold else 1.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0,
            "tp": tp, "pred": n_pred, "gold": n_gold}


def subject_matches(gold: str, pred: str) -> bool:
    g, p = norm(gold), norm(pred)
    if not g or not p:
        return False
    if g in p or p in g:
        return True
    return any(p[i:i + 2] in g for i in range(len(p) - 1))


def _load(out: Path, name: str) -> pd.DataFrame:
    path = out / f"{name}.parquet"
    return pd.read_parquet(path) if path.exists() else pd.DataFrame()


def evaluate(gold_dir: Path, out: Path, errors: bool = False) -> dict:
    docs = _load(out, "documents")
    doc_of = {Path(str(p)).name: d for d, p in zip(docs.get("doc_id", []), docs.get("path", []))}
    tables = {k: _load(out, k) for k in KINDS}
    totals = {k: Counter() for k in (*KINDS, "title", "organization", "subject")}
    per_doc, missing, doc_errors = {}, [], {}

    def rows(kind: str, doc_id) -> pd.DataFrame:
        t = tables[kind]
        return t.iloc[0:0] if t.empty or doc_id is None else t[t["doc_id"] == doc_id]

    for gpath in sorted(Path(gold_dir).glob("*.json")):
        gold = json.loads(gpath.read_text(encoding="utf-8"))
        doc_id = doc_of.get(gold["doc"])
        if doc_id is None:
            missing.append(gold["doc"])
        doc_counts = {}
        g = {norm(o["name"]): o for o in gold.get("officials", [])}
        p = {}
        for o in rows("officials", doc_id).to_dict("records"):
            p.setdefault(norm(o.get("name")), o)
        hit = set(g) & set(p)
        doc_counts["officials"] = Counter(tp=len(hit), pred=len(p), gold=len(g))
        for n in hit:
            for field in ("title", "organization"):
                gv, pv = norm(g[n].get(field)), norm(p[n].get(field))
                totals[field].update(n=1, exact=int(gv == pv),
                                     overlap=int(gv == pv or (bool(gv) and bool(pv) and (gv in pv or pv in gv))))
        g = {norm_product(x["product"]) for x in gold.get("products", [])}
        p = {norm_product(x) for x in rows("products", doc_id).get("product", [])}
        doc_counts["products"] = Counter(tp=len(g & p), pred=len(p), gold=len(g))
        g = Counter(str(x["value"]) for x in gold.get("dates", []))
        p = Counter(str(x) for x in rows("dates", doc_id).get("value", []))
        doc_counts["dates"] = Counter(tp=sum((g & p).values()), pred=sum(p.values()), gold=sum(g.values()))
        fr = rows("figures", doc_id)
        gfig = [((num_key(x["value"]), norm_unit(x["unit"])), x.get("subject")) for x in gold.get("figures", [])]
        g = Counter(k for k, _ in gfig)
        p = Counter((num_key(v), norm_unit(u)) for v, u in zip(fr.get("value", []), fr.get("unit", [])))
        doc_counts["figures"] = Counter(tp=sum((g & p).values()), pred=sum(p.values()), gold=sum(g.values()))
        _count_subjects(gfig, fr, totals["subject"])
        for kind in KINDS:
            totals[kind].update(doc_counts[kind])
        per_doc[gold["doc"]] = {k: prf(c["tp"], c["pred"], c["gold"]) for k, c in doc_counts.items()}
        if errors:
            doc_errors[gold["doc"]] = document_errors(gold, {k: rows(k, doc_id) for k in KINDS})

    result = {k: prf(totals[k]["tp"], totals[k]["pred"], totals[k]["gold"]) for k in KINDS}
    for field in ("title", "organization"):
        c = totals[field]
        result[f"official_{field}"] = {"exact": c["exact"] / c["n"] if c["n"] else 0.0,
                                       "overlap": c["overlap"] / c["n"] if c["n"] else 0.0, "n": c["n"]}
    c = totals["subject"]
    result["figure_subject"] = {"accuracy": c["right"] / c["n"] if c["n"] else 0.0, "n": c["n"]}
    result["missing_documents"] = missing
    result["per_document"] = per_doc
    result["score"] = sum(result[k]["f1"] for k in KINDS) / len(KINDS)
    if errors:
        result["errors"] = doc_errors
    return result


# ---------------------------------------------------------------- error listing
def _official_item(o: dict) -> dict:
    return {"name": o.get("name"), "title": o.get("title") or "", "organization": o.get("organization") or "",
            "text": o.get("text") or ""}


def _unmatched(items: list[tuple[object, dict]], other: Counter) -> list[dict]:
    """The items whose key is not (or no longer) in ``other``, in order; ``other`` is a
    multiset, consumed as items match."""
    left = Counter(other)
    out = []
    for key, item in items:
        if left[key] > 0:
            left[key] -= 1
        else:
            out.append(item)
    return out


def document_errors(gold: dict, predicted: dict[str, pd.DataFrame]) -> dict:
    """Missed and spurious items of one document per table, and officials matched with a
    different title/organization."""
    out: dict = {}
    g = {norm(o["name"]): o for o in gold.get("officials", [])}
    p: dict = {}
    for o in predicted["officials"].to_dict("records"):
        p.setdefault(norm(o.get("name")), o)
    wrong = []
    for n in sorted(set(g) & set(p)):
        fields = [f for f in ("title", "organization") if norm(g[n].get(f)) != norm(p[n].get(f))]
        if fields:
            wrong.append({"name": n, **{f"gold_{f}": g[n].get(f) or "" for f in fields},
                          **{f"pred_{f}": p[n].get(f) or "" for f in fields}, "text": p[n].get("text") or ""})
    out["officials"] = {"missed": [_official_item(g[n]) for n in g if n not in p],
                        "spurious": [_official_item(p[n]) for n in p if n not in g], "wrong": wrong}
    gp = [(norm_product(x["product"]), {"product": x["product"], "text": x.get("text", "")}) for x in gold.get("products", [])]
    pp = [(norm_product(x["product"]), {"product": x["product"], "text": x.get("text", "")})
          for x in predicted["products"].to_dict("records")]
    out["products"] = {"missed": [i for k, i in gp if k not in {k for k, _ in pp}],
                       "spurious": list({k: i for k, i in pp if k not in {k for k, _ in gp}}.values())}
    gd = [(str(x["value"]), {"value": x["value"], "text": x.get("text", "")}) for x in gold.get("dates", [])]
    pd_ = [(str(x["value"]), {"value": x["value"], "text": x.get("text", "")}) for x in predicted["dates"].to_dict("records")]
    out["dates"] = {"missed": _unmatched(gd, Counter(k for k, _ in pd_)), "spurious": _unmatched(pd_, Counter(k for k, _ in gd))}
    gf = [((num_key(x["value"]), norm_unit(x["unit"])), {"value": x["value"], "unit": x["unit"], "text": x.get("text", "")})
          for x in gold.get("figures", [])]
    pf = [((num_key(x["value"]), norm_unit(x["unit"])), {"value": x["value"], "unit": x["unit"], "text": x.get("text", "")})
          for x in predicted["figures"].to_dict("records")]
    out["figures"] = {"missed": _unmatched(gf, Counter(k for k, _ in pf)), "spurious": _unmatched(pf, Counter(k for k, _ in gf))}
    return out


def _describe(kind: str, item: dict) -> str:
    quote = " ".join(str(item.get("text") or "").split())
    if kind == "officials":
        what = f"{item['name']} / {item['title']} / {item['organization']}"
    elif kind == "products":
        what = item["product"]
    elif kind == "figures":
        what = f"{item['value']:g} {item['unit']}" if isinstance(item["value"], (int, float)) else f"{item['value']} {item['unit']}"
    else:
        what = str(item["value"])
    return f"{what}  「{quote}」"


def format_errors(result: dict, kinds: tuple[str, ...] = KINDS) -> str:
    """One block per document: missed (-), spurious (+) and wrongly attributed (~) items."""
    lines = []
    for doc, errs in result.get("errors", {}).items():
        block = []
        for kind in kinds:
            e = errs[kind]
            block += [f"  - {kind}: {_describe(kind, i)}" for i in e["missed"]]
            block += [f"  + {kind}: {_describe(kind, i)}" for i in e["spurious"]]
            for w in e.get("wrong", []):
                diffs = "; ".join(f"{f}: {w['gold_' + f]!r} → {w['pred_' + f]!r}" for f in ("title", "organization")
                                  if "gold_" + f in w)
                block.append(f"  ~ officials: {w['name']}  {diffs}  「{' '.join(w['text'].split())}」")
        if block:
            lines.append(doc)
            lines += block
    return "\n".join(lines)


def _count_subjects(gold_figures: list, predicted: pd.DataFrame, counter: Counter) -> None:
    """For each gold figure matched by (value, unit), is one predicted subject right?"""
    pred_subjects: dict = {}
    for v, u, s in zip(predicted.get("value", []), predicted.get("unit", []), predicted.get("subject", [])):
        pred_subjects.setdefault((num_key(v), norm_unit(u)), []).append(s)
    for key, subject in gold_figures:
        if key in pred_subjects and subject:
            counter.update(n=1, right=int(any(subject_matches(subject, s) for s in pred_subjects[key])))


def format_result(result: dict) -> str:
    lines = []
    for kind in KINDS:
        r = result[kind]
        lines.append(f"{kind:10s} P={r['precision']:.3f} R={r['recall']:.3f} F1={r['f1']:.3f}"
                     f"  (tp={r['tp']} pred={r['pred']} gold={r['gold']})")
    for field in ("title", "organization"):
        r = result[f"official_{field}"]
        lines.append(f"official {field}: exact={r['exact']:.3f} overlap={r['overlap']:.3f} of {r['n']} matched")
    s = result["figure_subject"]
    lines.append(f"figure subject: {s['accuracy']:.3f} of {s['n']} matched")
    if result["missing_documents"]:
        lines.append("documents missing from output: " + ", ".join(result["missing_documents"]))
    lines.append(f"score: {result['score']:.3f}")
    return "\n".join(lines)


def write_result(result: dict, path: Path) -> None:
    path.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
