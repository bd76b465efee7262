"""Store: DuckDB is the store, Parquet files are written from it.

A document's rows in every table are replaced by delete + insert in one transaction,
together with its manifest row, so a crash never leaves half a document behind.
"""
from __future__ import annotations

import os
from datetime import datetime, timezone
from pathlib import Path

import duckdb
import pandas as pd

from pipeline.schema import MANIFEST, TABLES, columns

DB_NAME = "pipeline.duckdb"


def _ddl(name: str, cols: list[tuple[str, str]]) -> str:
    body = ", ".join(f'"{c}" {t}' for c, t in cols)
    return f'CREATE TABLE IF NOT EXISTS "{name}" ({body})'


class Store:
    def __init__(self, out_dir: Path | str):
        self.out_dir = Path(out_dir)
        self.out_dir.mkdir(parents=True, exist_ok=True)
        self.con = duckdb.connect(str(self.out_dir / DB_NAME))
        for name, cols in TABLES.items():
            self.con.execute(_ddl(name, cols))
            self._add_missing_columns(name, cols)
        self.con.execute(_ddl("manifest", MANIFEST))

    def _add_missing_columns(self, name: str, cols: list[tuple[str, str]]) -> None:
        """A store written before a column was added to the schema gets the column (empty)."""
        have = {row[0] for row in self.con.execute(f'DESCRIBE "{name}"').fetchall()}
        for col, typ in cols:
            if col not in have:
                self.con.execute(f'ALTER TABLE "{name}" ADD COLUMN "{col}" {typ}')

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- reading ----------------------------------------------------------------------

    def manifest(self) -> dict[str, dict]:
        df = self.con.execute("SELECT * FROM manifest").df()
        return {row["doc_id"]: row for row in df.to_dict("records")}

    # --- writing ----------------------------------------------------------------------

    def replace_documents(self, batch: list[tuple[str, dict[str, list[dict]], dict]]) -> None:
        """Replace every row of each document in ``batch``, and its manifest row, atomically.

        ``batch`` holds (doc_id, rows per table, manifest row). One transaction covers the
        batch, so each document is either wholly stored or not at all; batching only
        amortizes DuckDB's per-statement cost over many small documents.
        """
        if not batch:
            return
        doc_ids = [doc_id for doc_id, _, _ in batch]
        now = datetime.now(timezone.utc).replace(tzinfo=None)
        manifest = [{**m, "doc_id": doc_id, "processed_at": now} for doc_id, _, m in batch]
        con = self.con
        con.execute("BEGIN TRANSACTION")
        try:
            for name in [*TABLES, "manifest"]:
                con.execute(f'DELETE FROM "{name}" WHERE doc_id IN (SELECT unnest(?))', [doc_ids])
            for name in TABLES:
                rows = [r for _, tables, _ in batch for r in tables.get(name, ())]
                if rows:
                    self._insert(name, pd.DataFrame(rows))
            self._insert("manifest", pd.DataFrame(manifest), [c for c, _ in MANIFEST])
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise

    def delete_documents(self, doc_ids: list[str]) -> None:
        if not doc_ids:
            return
        con = self.con
        con.execute("BEGIN TRANSACTION")
        try:
            for name in [*TABLES, "manifest"]:
                con.execute(f'DELETE FROM "{name}" WHERE doc_id IN (SELECT unnest(?))', [doc_ids])
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise

    def _insert(self, name: str, df: pd.DataFrame, cols: list[str] | None = None) -> None:
        cols = cols or columns(name)
        frame = df.reindex(columns=cols)
        quoted = ", ".join(f'"{c}"' for c in cols)
        self.con.register("_rows", frame)
        self.con.execute(f'INSERT INTO "{name}" ({quoted}) SELECT {quoted} FROM _rows')
        self.con.unregister("_rows")  # on error the transaction is rolled back; re-registering replaces it

    def update_person_ids(self, resolve) -> None:
        """Re-link officials across documents: ``resolve(df) -> Series`` of person ids."""
        df = self.con.execute(
            'SELECT rowid AS _rowid, doc_id, name, organization, person_id FROM officials').df()
        if df.empty:
            return
        new = pd.Series(resolve(df), index=df.index)
        changed = df.assign(new_id=new)[new != df["person_id"]]
        if changed.empty:
            return
        self.con.register("_ids", changed[["_rowid", "new_id"]])
        try:
            self.con.execute("UPDATE officials SET person_id = _ids.new_id FROM _ids WHERE officials.rowid = _ids._rowid")
        finally:
            self.con.unregister("_ids")

    # --- Parquet ----------------------------------------------------------------------

    def write_parquet(self, names: list[str] | None = None) -> list[Path]:
        """Write each table to DIR/<table>.parquet, atomically (temp file + rename)."""
        written = []
        for name in names or [*TABLES, "manifest"]:
            order = "doc_id, start" if name in TABLES and "start" in columns(name) else "doc_id"
            target = self.out_dir / f"{name}.parquet"
            tmp = self.out_dir / f".{name}.parquet.tmp"
            self.con.execute(f"COPY (SELECT * FROM \"{name}\" ORDER BY {order}) TO '{tmp}' (FORMAT parquet)")
            os.replace(tmp, target)
            written.append(target)
        return written
