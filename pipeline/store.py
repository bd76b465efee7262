"""Store: DuckDB is the store, Parquet files are written from it.

A document's rows in every table are replaced by delete + insert in one transaction,
together with its manifest row, so a crash never leaves half a document behind.

Derived data (person ids, the views, every Parquet file) is rewritten after the
documents. Two generation numbers in the table ``run_state`` say whether that finished:
every document write bumps ``documents`` in its own transaction; a completed rewrite
sets ``derived`` to it. A run killed in between leaves them unequal, and the next run
rewrites the derived data even when every document is up to date.
"""
from __future__ import annotations

import errno
import fcntl
import os
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

import duckdb
import pandas as pd

from pipeline.schema import MANIFEST, TABLES, columns

DB_NAME = "pipeline.duckdb"
LOCK_NAME = "pipeline.lock"
RUN_STATE = [("name", "VARCHAR"), ("generation", "BIGINT")]


def _ddl(name: str, cols: list[tuple[str, str]]) -> str:
    body = ", ".join(f'"{c}" {t}' for c, t in cols)
    return f'CREATE TABLE IF NOT EXISTS "{name}" ({body})'


class Store:
    def __init__(self, out_dir: Path | str):
        self.out_dir = Path(out_dir)
        self.out_dir.mkdir(parents=True, exist_ok=True)
        self.con = _connect(self.out_dir / DB_NAME)
        for name, cols in TABLES.items():
            self.con.execute(_ddl(name, cols))
            self._add_missing_columns(name, cols)
        self.con.execute(_ddl("manifest", MANIFEST))
        self.con.execute(_ddl("run_state", RUN_STATE))
        for key in ("documents", "derived"):
            self.con.execute("INSERT INTO run_state SELECT ?, 0 WHERE NOT EXISTS "
                             "(SELECT 1 FROM run_state WHERE name = ?)", [key, key])

    def _add_missing_columns(self, name: str, cols: list[tuple[str, str]]) -> None:
        """A store written before a column was added to the schema gets the column (empty)."""
        have = {row[0] for row in self.con.execute(f'DESCRIBE "{name}"').fetchall()}
        for col, typ in cols:
            if col not in have:
                self.con.execute(f'ALTER TABLE "{name}" ADD COLUMN "{col}" {typ}')

    def close(self) -> None:
        self.con.close()

    def checkpoint(self) -> None:
        """Fold the write-ahead log into the database file (raises when the disk is full)."""
        self.con.execute("CHECKPOINT")

    def __enter__(self) -> Store:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            self.close()
        except duckdb.Error:
            if exc is None:  # else the first error (a full disk, say) is the one to report
                raise

    # --- reading ----------------------------------------------------------------------

    def manifest(self) -> dict[str, dict]:
        df = self.con.execute("SELECT * FROM manifest").df()
        return {row["doc_id"]: row for row in df.to_dict("records")}

    def derived_current(self) -> bool:
        """Whether person ids, views and Parquet files were rewritten after the last
        document write (and the Parquet files are all there)."""
        gen = dict(self.con.execute("SELECT name, generation FROM run_state").fetchall())
        files = [*TABLES, "manifest"]
        return (gen.get("derived") == gen.get("documents")
                and all((self.out_dir / f"{n}.parquet").exists() for n in files))

    def mark_derived_current(self) -> None:
        self.con.execute("UPDATE run_state SET generation = "
                         "(SELECT generation FROM run_state WHERE name = 'documents') WHERE name = 'derived'")

    def _bump_documents_generation(self) -> None:
        self.con.execute("UPDATE run_state SET generation = generation + 1 WHERE name = 'documents'")

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
            self._bump_documents_generation()
            con.execute("COMMIT")
        except BaseException:
            _rollback(con)
            raise

    def delete_documents(self, doc_ids: list[str]) -> None:
        if not doc_ids:
            return
        con = self.con
        con.execute("BEGIN TRANSACTION")
        try:
            for name in [*TABLES, "manifest"]:
                con.execute(f'DELETE FROM "{name}" WHERE doc_id IN (SELECT unnest(?))', [doc_ids])
            self._bump_documents_generation()
            con.execute("COMMIT")
        except BaseException:
            _rollback(con)
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
        """Write each table (or view) to DIR/<name>.parquet, atomically (temp file + rename)."""
        written = []
        for name in names or [*TABLES, "manifest"]:
            if name in TABLES or name == "manifest":
                order = " ORDER BY doc_id, start" if name in TABLES and "start" in columns(name) else " ORDER BY doc_id"
            else:
                order = ""
            target = self.out_dir / f"{name}.parquet"
            tmp = self.out_dir / f".{name}.parquet.tmp"
            self.con.execute(f'COPY (SELECT * FROM "{name}"{order}) TO {sql_string(tmp)} (FORMAT parquet)')
            os.replace(tmp, target)
            written.append(target)
        return written


def _rollback(con: duckdb.DuckDBPyConnection) -> None:
    """Roll back the open transaction, if any: a COMMIT that failed (disk full) has
    already ended it, and that failure is the one to report."""
    try:
        con.execute("ROLLBACK")
    except duckdb.TransactionException:
        pass


# A reader copying the database (``pipeline.open``) holds it for a moment: a lock conflict
# is retried this long before it is reported.
LOCK_PATIENCE_SECONDS = 10.0


def _connect(db: Path) -> duckdb.DuckDBPyConnection:
    """Open the database for writing, retrying a lock conflict for a while."""
    deadline = time.monotonic() + LOCK_PATIENCE_SECONDS
    while True:
        try:
            return duckdb.connect(str(db))
        except duckdb.IOException as exc:
            if "lock" not in str(exc).lower() or time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def sql_string(value: Path | str) -> str:
    """A SQL string literal for ``value`` (for the statements that take no bound
    parameters, such as COPY ... TO): quotes doubled, so any path is safe."""
    return "'" + str(value).replace("'", "''") + "'"



# --- one run at a time ----------------------------------------------------------------

class OutDirBusy(Exception):
    """Another run holds the output folder's lock."""


class OutDirLock:
    """DIR/pipeline.lock, holding the pid of the run that writes DIR.

    A POSIX record lock (``lockf``) on the file: the kernel drops it when its process dies,
    however it dies, so a lock left by a killed run is taken over at once, and worker
    processes (forked) do not inherit it. Readers (``pipeline.open``) never take it.
    """

    POLL_SECONDS = 0.5

    def __init__(self, out_dir: Path, *, wait: bool = True, say=None):
        self.path = Path(out_dir) / LOCK_NAME
        self.wait = wait
        self.say = say or (lambda msg: print(msg, file=sys.stderr, flush=True))
        self.fd: int | None = None

    def __enter__(self) -> OutDirLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        told = False
        while True:
            try:
                fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as exc:
                if exc.errno not in (errno.EACCES, errno.EAGAIN):
                    os.close(fd)
                    raise
            owner = self._owner(fd)
            if not self.wait:
                os.close(fd)
                raise OutDirBusy(f"{self.path.parent}: another run (pid {owner}) is writing this folder; "
                                 "wait for it, or run without --no-wait to wait")
            if not told:
                self.say(f"waiting: another run (pid {owner}) is writing {self.path.parent} "
                         f"(lock {self.path}); --no-wait fails at once instead")
                told = True
            time.sleep(self.POLL_SECONDS)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        self.fd = fd
        return self

    @staticmethod
    def _owner(fd: int) -> str:
        try:
            return os.pread(fd, 32, 0).decode(errors="replace").strip() or "?"
        except OSError:
            return "?"

    def __exit__(self, *exc) -> None:
        if self.fd is not None:
            os.ftruncate(self.fd, 0)
            os.close(self.fd)  # closing releases the lock; the empty file stays
            self.fd = None
