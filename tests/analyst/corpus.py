"""A store of N documents, built in a second without any NLP model: the hand-made
documents of ``tests.analyst.store`` copied with other cities and years swapped in
(names of the same length, so every offset still holds)."""
from __future__ import annotations

from pathlib import Path

import duckdb

from pipeline import schema
from tests.analyst.store import create_tables, insert_rows, rows_by_table

CITIES = ["札幌市", "仙台市", "千葉市", "横浜市", "川崎市", "新潟市", "静岡市", "浜松市", "名古屋", "京都市",
          "大阪市", "神戸市", "岡山市", "広島市", "熊本市", "那覇市", "金沢市", "長野市", "高松市", "松山市"]
YEARS = ["2016", "2017", "2018", "2019", "2020", "2021", "2022", "2023"]


def _swap(value, city: str, year: str):
    if isinstance(value, str):
        return value.replace("札幌市", city).replace("2016", year)
    if isinstance(value, list):
        return [_swap(v, city, year) for v in value]
    return value


def corpus_rows(n: int) -> dict[str, list[dict]]:
    """Rows for ``n`` documents (copies of the hand-made ones, each with a new doc_id)."""
    base = rows_by_table()
    base_docs = [d["doc_id"] for d in base["documents"]]
    out: dict[str, list[dict]] = {name: [] for name in base}
    for k in range(n):
        src = base_docs[k % len(base_docs)]
        city, year = CITIES[k % len(CITIES)], YEARS[(k // len(CITIES)) % len(YEARS)]
        doc_id = f"d{k:04d}"
        for name, rows in base.items():
            for r in rows:
                if r["doc_id"] == src:
                    row = {c: _swap(v, city, year) for c, v in r.items()}
                    row["doc_id"] = doc_id
                    if name == "documents":
                        row["title"] = f"{row['title'] or '資料'} 第{k + 1}号"
                        row["path"] = f"raw/{doc_id}.txt"
                    if name == "officials":
                        row["person_id"] = f"{row['person_id']}-{city}"
                    out[name].append(row)
    return out


def build_corpus_store(out_dir: Path, n: int) -> Path:
    """``out_dir/pipeline.duckdb`` with ``n`` documents and the views; returns out_dir."""
    from pipeline.views import create_views

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(out_dir / "pipeline.duckdb"))
    try:
        create_tables(con)
        for table, rows in corpus_rows(n).items():
            insert_rows(con, table, rows)
        cols = ", ".join(f'"{c}" {t}' for c, t in schema.MANIFEST)
        con.execute(f"CREATE OR REPLACE TABLE manifest ({cols})")
        create_views(con)
    finally:
        con.close()
    return out_dir
