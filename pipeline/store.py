"""Store: DuckDB is the store, Parquet files are written from it.

A document's rows in every table are replaced by delete + insert in one transaction,
together with its manifest row, so a crash never leaves half a document behind.

Derived data (person ids, the views, every Parquet file, the SQLite copy) is brought up
to date after the documents. A flag in the table ``run_state`` says whether that finished:
every document write clears ``derived_complete`` and adds its doc_ids to
``dirty_documents`` in its own transaction; a completed update empties the list and sets
the flag last. A run killed in between leaves both, and the next run finishes the update
even when every document is up to date. The update touches only the dirty documents'
rows, unless ``derived_whole`` asks for everything to be rewritten (a new store, or a
whole rewrite that did not finish).
"""
from __future__ import annotations

import errno
import fcntl
import os
import sys
import time
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.schema import MANIFEST, TABLES, columns

if TYPE_CHECKING:  # imported where used: a fresh run forks GiNZA's process before opening the store
    import duckdb

DB_NAME = "pipeline.duckdb"
SQLITE_NAME = "pipeline.sqlite"  # the SQLite copy (``pipeline.sqlite_copy``)
LOCK_NAME = "pipeline.lock"
RUN_STATE = [("name", "VARCHAR"), ("value", "BOOLEAN")]


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
        have = [r[0] for r in self.con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'run_state'").fetchall()]
        if have and have != [c for c, _ in RUN_STATE]:  # another layout: start over (derived is redone)
            self.con.execute("DROP TABLE run_state")
        self.con.execute(_ddl("run_state", RUN_STATE))
        for flag, value in (("derived_complete", "false"), ("derived_whole", "true")):
            self.con.execute(f"INSERT INTO run_state SELECT '{flag}', {value} WHERE NOT EXISTS "
                             f"(SELECT 1 FROM run_state WHERE name = '{flag}')")
        self.con.execute(_ddl("dirty_documents", [("doc_id", "VARCHAR")]))
        self.con.execute(_ddl("dirty_names", [("name", "VARCHAR")]))  # officials' names, before and after

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
        import duckdb

        try:
            self.close()
        except duckdb.Error:
            if exc is None:  # else the first error (a full disk, say) is the one to report
                raise

    # --- reading ----------------------------------------------------------------------

    def manifest(self) -> dict[str, dict]:
        cur = self.con.execute("SELECT * FROM manifest")
        cols = [d[0] for d in cur.description]
        return {row["doc_id"]: row for row in (dict(zip(cols, values)) for values in cur.fetchall())}

    def document_count(self) -> int:
        return self.con.execute("SELECT count(*) FROM documents").fetchone()[0]

    def has_table(self, name: str) -> bool:
        return bool(self.con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [name]).fetchone()[0])

    @staticmethod
    def table_names() -> list[str]:
        """The tables written to Parquet: the contract's and the manifest."""
        return [*TABLES, "manifest"]

    def derived_current(self) -> bool:
        """Whether person ids, views, Parquet files and the SQLite copy were updated after
        the last document write (and the files are all there)."""
        (complete,) = self.con.execute("SELECT value FROM run_state WHERE name = 'derived_complete'").fetchone()
        files = [*(f"{n}.parquet" for n in self.table_names()), SQLITE_NAME]
        return bool(complete) and all((self.out_dir / name).exists() for name in files)

    def dirty_doc_ids(self) -> list[str]:
        """Documents stored, deleted or re-linked since the derived data was last updated."""
        return [r[0] for r in self.con.execute("SELECT DISTINCT doc_id FROM dirty_documents ORDER BY doc_id").fetchall()]

    def dirty_names(self) -> list[str | None]:
        """The officials' names in the dirty documents, as they were and as they are."""
        return [r[0] for r in self.con.execute("SELECT DISTINCT name FROM dirty_names").fetchall()]

    def derived_whole(self) -> bool:
        """Whether the next update of the derived data must rewrite all of it."""
        (whole,) = self.con.execute("SELECT value FROM run_state WHERE name = 'derived_whole'").fetchone()
        return bool(whole)

    def mark_derived_whole(self) -> None:
        """Say, before a whole rewrite starts, that it must be finished whole if killed."""
        self.con.execute("UPDATE run_state SET value = true WHERE name = 'derived_whole'")

    def mark_derived_current(self) -> None:
        con = self.con
        with transaction(con):
            con.execute("DELETE FROM dirty_documents")
            con.execute("DELETE FROM dirty_names")
            con.execute("UPDATE run_state SET value = false WHERE name = 'derived_whole'")
            self._set_derived_complete(True)

    def _set_derived_complete(self, value: bool) -> None:
        self.con.execute("UPDATE run_state SET value = ? WHERE name = 'derived_complete'", [value])

    def _mark_dirty(self, doc_ids: list[str]) -> None:
        """In the caller's transaction: ``doc_ids``' derived rows are out of date."""
        self.con.execute("INSERT INTO dirty_documents SELECT unnest(?)", [list(doc_ids)])
        self._note_names(doc_ids)
        self._set_derived_complete(False)

    def _note_names(self, doc_ids: list[str]) -> None:
        """Remember the officials' names of ``doc_ids`` (called before their rows are
        replaced, and after): their person ids, and only theirs, may change."""
        self.con.execute("INSERT INTO dirty_names SELECT DISTINCT name FROM officials "
                         "WHERE doc_id IN (SELECT unnest(?))", [list(doc_ids)])

    # --- writing ----------------------------------------------------------------------

    def replace_documents(self, batch: list[tuple[str, dict[str, list[dict]], dict]]) -> None:
        """Replace every row of each document in ``batch``, and its manifest row, atomically.

        ``batch`` holds (doc_id, rows per table, manifest row). One transaction covers the
        batch, so each document is either wholly stored or not at all; batching only
        amortizes DuckDB's per-statement cost over many small documents.
        """
        if not batch:
            return
        import pandas as pd  # here: a run with nothing to store never imports it

        doc_ids = [doc_id for doc_id, _, _ in batch]
        now = datetime.now(timezone.utc).replace(tzinfo=None)
        manifest = [{**m, "doc_id": doc_id, "processed_at": now} for doc_id, _, m in batch]
        con = self.con
        with transaction(con):
            self._note_names(doc_ids)
            for name in self.table_names():
                con.execute(f'DELETE FROM "{name}" WHERE doc_id IN (SELECT unnest(?))', [doc_ids])
            for name in TABLES:
                rows = [r for _, tables, _ in batch for r in tables.get(name, ())]
                if rows:
                    self._insert(name, pd.DataFrame(rows))
            self._insert("manifest", pd.DataFrame(manifest), [c for c, _ in MANIFEST])
            self._mark_dirty(doc_ids)

    def delete_documents(self, doc_ids: list[str]) -> None:
        if not doc_ids:
            return
        con = self.con
        with transaction(con):
            self._note_names(doc_ids)
            for name in self.table_names():
                con.execute(f'DELETE FROM "{name}" WHERE doc_id IN (SELECT unnest(?))', [doc_ids])
            self._mark_dirty(doc_ids)

    def _insert(self, name: str, df, cols: list[str] | None = None) -> None:
        cols = cols or columns(name)
        frame = df.reindex(columns=cols)
        quoted = ", ".join(f'"{c}"' for c in cols)
        self.con.register("_rows", frame)
        self.con.execute(f'INSERT INTO "{name}" ({quoted}) SELECT {quoted} FROM _rows')
        self.con.unregister("_rows")  # on error the transaction is rolled back; re-registering replaces it

    def update_person_ids(self, resolve, names: list[str | None] | None = None, normalize=None) -> list[str]:
        """Re-link officials across documents: ``resolve(df) -> Series`` of person ids.
        The documents whose officials got another id become dirty; returns them.

        With ``names`` and ``normalize`` (the resolver's own key, ``names.normalize_name``:
        a row's id depends only on the rows whose name has the same key), only the rows
        of those names are read and re-linked."""
        select = 'SELECT rowid AS _rowid, doc_id, name, organization, person_id FROM officials'
        if names is None or normalize is None:
            df = self.con.execute(select).df()
        else:
            keys = {normalize(n) for n in names}
            df = self.con.execute(select + " WHERE list_contains(?, name) OR (? AND name IS NULL)",
                                  [self._names_with_keys(keys, normalize), normalize(None) in keys]).df()
        if df.empty:
            return []
        import pandas as pd

        new = pd.Series(resolve(df), index=df.index)
        changed = df.assign(new_id=new)[new != df["person_id"]]
        if changed.empty:
            return []
        doc_ids = sorted(set(changed["doc_id"]))
        con = self.con
        with transaction(con):
            con.register("_ids", changed[["_rowid", "new_id"]])
            con.execute("UPDATE officials SET person_id = _ids.new_id FROM _ids WHERE officials.rowid = _ids._rowid")
            con.unregister("_ids")
            self._mark_dirty(doc_ids)
        return doc_ids

    def _names_with_keys(self, keys: set[str], normalize) -> list[str]:
        """Every stored official's name whose key (``normalize``) is one of ``keys``."""
        stored = [r[0] for r in self.con.execute("SELECT DISTINCT name FROM officials WHERE name IS NOT NULL").fetchall()]
        return [n for n in stored if normalize(n) in keys]

    # --- Parquet ----------------------------------------------------------------------

    def write_parquet(self, names: list[str] | None = None, con: duckdb.DuckDBPyConnection | None = None) -> list[Path]:
        """Write each table (or view) to DIR/<name>.parquet, atomically (temp file + rename);
        through ``con`` (a cursor of this store's connection, for another thread) if given."""
        con = con or self.con
        written = []
        for name in names or self.table_names():
            if name in TABLES or name == "manifest":
                order = " ORDER BY doc_id, start" if name in TABLES and "start" in columns(name) else " ORDER BY doc_id"
            else:
                order = ""
            target = self.out_dir / f"{name}.parquet"
            tmp = self.out_dir / f".{name}.parquet.tmp"
            con.execute(f'COPY (SELECT * FROM "{name}"{order}) TO {sql_string(tmp)} (FORMAT parquet)')
            os.replace(tmp, target)
            written.append(target)
        return written


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection):
    """One transaction: committed when the block ends, rolled back if it raises."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield
        con.execute("COMMIT")
    except BaseException:
        _rollback(con)
        raise


def _rollback(con: duckdb.DuckDBPyConnection) -> None:
    """Roll back the open transaction, if any: a COMMIT that failed (disk full) has
    already ended it, and that failure is the one to report."""
    import duckdb

    try:
        con.execute("ROLLBACK")
    except duckdb.TransactionException:
        pass


# A reader copying the database (``pipeline.open``) holds it for a moment: a lock conflict
# is retried this long before it is reported.
LOCK_PATIENCE_SECONDS = 10.0


def _connect(db: Path) -> duckdb.DuckDBPyConnection:
    """Open the database for writing, retrying a lock conflict for a while."""
    import duckdb

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
                                 "run again when it has finished, or without --no-wait to wait for it")
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
