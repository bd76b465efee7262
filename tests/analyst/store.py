"""A small hand-made store (``pipeline.duckdb`` + Parquet) for the analysts' side tests.

No NLP model is involved: the rows are written by hand, with offsets computed from the
texts, so views, report, export and notebook can be tested in a second.

Two documents name different mayors of 札幌市 for 2016 and different costs for the same
introduction; a third carries markup that must stay text; a fourth failed to ingest.
"""
from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pandas as pd

from pipeline import schema

DOC_A = (
    "札幌市の働き方改革\n"
    "2016年4月、札幌市の山田太郎市長は、全庁でMicrosoft Teamsを導入すると発表した。"
    "札幌市ICT推進課の佐藤花子課長によると、導入費用は約3億円を見込む。"
    "職員1万2000人が対象となる。\n"
)
DOC_B = (
    "行政視察報告\n"
    "(1) 北海道札幌市\n"
    "2016年4月に当時の鈴木一郎市長の指示で札幌市はkintoneを採用した。導入費用は5億円であった。"
    "説明者は札幌市ICT推進課長の佐藤花子氏。\n"
    "(2) 福岡県福岡市\n"
    "福岡市では2019年度からLINE WORKSを職員2000人が利用している。"
    "福岡市総務局の高橋次郎局長が説明した。\n"
)
DOC_C = "熊本県の田中一郎知事のメモ。<script>alert(1)</script> と <b>太字</b> は文字のまま。資料は2020年3月。\n"

DOCUMENTS = [
    # doc_id, path, doc_date, text, status, error
    ("a", "raw/a.txt", "2016-05-10", DOC_A, "ok", None),
    ("b", "raw/b.txt", "2017-02-01", DOC_B, "ok", None),
    ("c", "raw/c.html", None, DOC_C, "ok", None),
    ("x", "raw/x.pdf", None, "", "error", "PDF is encrypted: cannot extract text"),
]


def sentences(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in re.finditer(r"[^。\n]+。?", text)]


def _at(doc_id: str, needle: str, nth: int = 0) -> dict:
    return locate(doc_id, dict((d[0], d[3]) for d in DOCUMENTS)[doc_id], needle, nth)


def locate(doc_id: str, text: str, needle: str, nth: int = 0) -> dict:
    """doc_id, start, end, text and sent_id of the nth ``needle`` in ``text``."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    end = start + len(needle)
    sent_id = next(i for i, (s, e, _) in enumerate(sentences(text)) if s <= start < e)
    return {"doc_id": doc_id, "start": start, "end": end, "text": needle, "sent_id": sent_id}


def _officials() -> list[dict]:
    return [{**row, "body": re.match(r"\w+?[都道府県市町村区]", row["organization"]).group(0)} for row in [
        {**_at("a", "札幌市の山田太郎市長"), "person_id": "p-yamada", "name": "山田太郎", "title": "市長", "organization": "札幌市"},
        {**_at("a", "札幌市ICT推進課の佐藤花子課長"), "person_id": "p-sato", "name": "佐藤花子", "title": "課長",
         "organization": "札幌市ICT推進課"},
        {**_at("b", "当時の鈴木一郎市長"), "person_id": "p-suzuki", "name": "鈴木一郎", "title": "市長", "organization": "札幌市"},
        {**_at("b", "札幌市ICT推進課長の佐藤花子氏"), "person_id": "p-sato", "name": "佐藤花子", "title": "課長",
         "organization": "札幌市ICT推進課"},
        {**_at("b", "福岡市総務局の高橋次郎局長"), "person_id": "p-takahashi", "name": "高橋次郎", "title": "局長",
         "organization": "福岡市総務局"},
        # no date anywhere before it, and no document date
        {**_at("c", "熊本県の田中一郎知事"), "person_id": "p-tanaka", "name": "田中一郎", "title": "知事", "organization": "熊本県"},
    ]]


def _products() -> list[dict]:
    return [
        {**_at("a", "Microsoft Teams"), "product": "Microsoft Teams", "vendor": "Microsoft", "category": "software"},
        {**_at("b", "kintone"), "product": "kintone", "vendor": "サイボウズ", "category": "software"},
        {**_at("b", "LINE WORKS"), "product": "LINE WORKS", "vendor": "LINE WORKS", "category": "software"},
    ]


def _dates() -> list[dict]:
    def d(doc, text, value, start_date, end_date, granularity):
        return {**_at(doc, text), "value": value, "start_date": start_date, "end_date": end_date,
                "granularity": granularity, "era": None, "qualifier": None}
    return [
        d("a", "2016年4月", "2016-04", "2016-04-01", "2016-04-30", "month"),
        d("b", "2016年4月", "2016-04", "2016-04-01", "2016-04-30", "month"),
        d("b", "2019年度", "FY2019", "2019-04-01", "2020-03-31", "fiscal_year"),
        d("c", "2020年3月", "2020-03", "2020-03-01", "2020-03-31", "month"),
    ]


def _figures() -> list[dict]:
    def f(doc, text, value, unit, category, subject, qualifier=None):
        return {**_at(doc, text), "value": value, "value_max": None, "unit": unit, "unit_category": category,
                "qualifier": qualifier, "subject": subject}
    return [
        f("a", "3億円", 300000000.0, "円", "money", "導入費用", "約"),
        f("a", "1万2000人", 12000.0, "人", "people", "対象職員"),
        f("b", "5億円", 500000000.0, "円", "money", "導入費用"),
        f("b", "2000人", 2000.0, "人", "people", "利用職員"),
    ]


def _entities() -> list[dict]:
    def e(doc, text, label, nth=0):
        return {**_at(doc, text, nth), "label": label, "fine_label": "City" if label == "LOC" else None,
                "source": "ginza"}
    return [
        e("a", "札幌市", "LOC", 0), e("a", "札幌市", "LOC", 1), e("a", "山田太郎", "PERSON"),
        e("b", "札幌市", "LOC", 1), e("b", "福岡市", "LOC", 1), e("b", "鈴木一郎", "PERSON"),
        e("c", "熊本県", "LOC"),
    ]


def _tokens() -> list[dict]:
    rows = []
    for doc_id, _, _, text, status, _ in DOCUMENTS:
        if status != "ok":
            continue
        for i, m in enumerate(re.finditer(r"\S", text[:20])):
            sent_id = next(k for k, (s, e, _) in enumerate(sentences(text)) if s <= m.start() < e)
            rows.append({"doc_id": doc_id, "sent_id": sent_id, "i": i, "start": m.start(), "end": m.end(),
                         "surface": m.group(), "lemma": m.group(), "pos": "記号", "reading": m.group()})
    return rows


def rows_by_table() -> dict[str, list[dict]]:
    docs = [
        {"doc_id": d, "path": p, "source_id": None, "format": p.rsplit(".", 1)[-1], "encoding": "utf-8",
         "sha256": f"{i:064x}", "n_chars": len(t), "title": t.split("\n", 1)[0] or None, "doc_date": dd,
         "text": t, "status": st, "error": err, "metadata": "{}"}
        for i, (d, p, dd, t, st, err) in enumerate(DOCUMENTS)
    ]
    sents = [
        {"doc_id": d, "sent_id": k, "start": s, "end": e, "text": t}
        for d, _, _, text, st, _ in DOCUMENTS if st == "ok"
        for k, (s, e, t) in enumerate(sentences(text))
    ]
    return {"documents": docs, "sentences": sents, "tokens": _tokens(), "entities": _entities(),
            "officials": _officials(), "products": _products(), "dates": _dates(), "figures": _figures()}


def create_tables(con) -> None:
    for table, cols in schema.TABLES.items():
        con.execute(f'CREATE OR REPLACE TABLE "{table}" ({", ".join(f"{chr(34)}{c}{chr(34)} {t}" for c, t in cols)})')


def insert_rows(con, table: str, rows: list[dict]) -> None:
    df = pd.DataFrame(rows, columns=schema.columns(table))
    con.register("_rows", df)
    con.execute(f'INSERT INTO "{table}" SELECT * FROM _rows')
    con.unregister("_rows")


_BODIES = {"a": "札幌市", "b": "札幌市", "c": "熊本県"}


def document_row(doc_id: str, text: str, doc_date: str | None = None) -> dict:
    return {"doc_id": doc_id, "path": f"raw/{doc_id}.txt", "source_id": None, "format": "txt", "encoding": "utf-8",
            "sha256": "0" * 64, "n_chars": len(text), "title": None, "body": _BODIES.get(doc_id), "doc_date": doc_date, "text": text,
            "status": "ok", "error": None, "metadata": "{}"}


def sentence_rows(doc_id: str, text: str) -> list[dict]:
    return [{"doc_id": doc_id, "sent_id": k, "start": s, "end": e, "text": t}
            for k, (s, e, t) in enumerate(sentences(text))]


def build_store(out_dir: Path, *, with_views: bool = True) -> Path:
    """Write ``out_dir/pipeline.duckdb`` and ``out_dir/<table>.parquet``; returns out_dir."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(out_dir / "pipeline.duckdb"))
    try:
        create_tables(con)
        for table, rows in rows_by_table().items():
            insert_rows(con, table, rows)
            con.execute(f"COPY \"{table}\" TO '{out_dir / (table + '.parquet')}' (FORMAT PARQUET)")
        cols = ", ".join(f'"{c}" {t}' for c, t in schema.MANIFEST)
        con.execute(f"CREATE OR REPLACE TABLE manifest ({cols})")
        if with_views:
            from pipeline.views import create_views, write_view_parquet

            create_views(con)
            write_view_parquet(con, out_dir)
    finally:
        con.close()
    return out_dir
