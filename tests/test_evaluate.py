"""evaluate: the error listing names every missed, spurious and misattributed item with its quote."""
from __future__ import annotations

import json

import pandas as pd

from pipeline.evaluate import evaluate, format_errors

GOLD = {
    "doc": "a.txt",
    "officials": [
        {"name": "山田太郎", "title": "課長", "organization": "政策課", "text": "課長 山田太郎"},
        {"name": "鈴木一郎", "title": "区長", "organization": "", "text": "鈴木一郎区長"},
    ],
    "products": [],
    "dates": [{"value": "2024-04-01", "text": "令和6年4月1日"}, {"value": "2024-04-01", "text": "4月1日"}],
    "figures": [{"value": 6120000, "unit": "円", "text": "6,120"}],
}
PRED = {
    "officials": [
        {"doc_id": "d", "name": "山田太郎", "title": "課長", "organization": "企画部政策課", "text": "課長 山田太郎"},
        {"doc_id": "d", "name": "本町", "title": "部長", "organization": "", "text": "本町部長"},
    ],
    "dates": [{"doc_id": "d", "value": "2024-04-01", "text": "令和6年4月1日"}],
    "figures": [{"doc_id": "d", "value": 6120.0, "unit": "円", "text": "6,120"}],
    "products": [],
}


def _run(tmp_path):
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "a.json").write_text(json.dumps(GOLD, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    pd.DataFrame([{"doc_id": "d", "path": "docs/a.txt"}]).to_parquet(out / "documents.parquet")
    for table, rows in PRED.items():
        pd.DataFrame(rows).to_parquet(out / f"{table}.parquet")
    return evaluate(gold, out, errors=True)


def test_errors_per_document(tmp_path):
    errs = _run(tmp_path)["errors"]["a.txt"]
    assert [o["name"] for o in errs["officials"]["missed"]] == ["鈴木一郎"]
    assert [o["name"] for o in errs["officials"]["spurious"]] == ["本町"]
    assert errs["officials"]["wrong"][0]["pred_organization"] == "企画部政策課"
    assert [d["text"] for d in errs["dates"]["missed"]] == ["4月1日"]  # the unmatched one of two equal values
    assert errs["figures"]["missed"][0]["text"] == "6,120" and errs["figures"]["spurious"][0]["value"] == 6120.0


def test_format_errors_lists_quotes(tmp_path):
    text = format_errors(_run(tmp_path))
    assert text.splitlines()[0] == "a.txt"
    assert "  - officials: 鈴木一郎 / 区長 /   「鈴木一郎区長」" in text
    assert "  + officials: 本町 / 部長 /   「本町部長」" in text
    assert "organization: '政策課' → '企画部政策課'" in text


def test_no_errors_listed_without_the_flag(tmp_path):
    gold = tmp_path / "g"
    gold.mkdir()
    out = tmp_path / "o"
    out.mkdir()
    pd.DataFrame([{"doc_id": "d", "path": "a.txt"}]).to_parquet(out / "documents.parquet")
    assert "errors" not in evaluate(gold, out)
