"""``DIR/pipeline.sqlite``: a SQLite copy of the store for Datasette and other SQLite tools.

Every table and view but ``tokens`` (far too many rows to browse). ``write_sqlite``
writes it whole with sqlite-utils into a temporary file that replaces the old copy only
when complete; ``update_sqlite`` replaces, in one transaction, only the rows of the
documents that changed (and their full-text index rows), and the cross-document views
(``people``, ``adoption``, ``conflicts``) whole.

- ``documents.doc_id`` is the primary key and every ``doc_id`` column (``doc_id_a`` and
  ``doc_id_b`` in ``conflicts``) a foreign key to it, so Datasette shows a document's
  title as a link to its row.
- ``documents.body`` and ``officials.body`` always exist: taken from the store when it
  has them, else (officials) derived from the organization as the views do, else empty.
- List columns (``people.titles`` ...) are stored as JSON arrays.
- Full-text search (FTS5, trigram tokenizer: Japanese has no spaces between words, so
  any run of three or more characters is searchable) on ``documents`` (title, text) and
  ``sentences`` (text).
"""
from __future__ import annotations

import json
import math
import os
from collections.abc import Iterator
from pathlib import Path

from pipeline import schema
from pipeline.store import SQLITE_NAME  # defined there for Store.derived_current; re-exported
from pipeline.views import VIEWS, organization_body

SKIPPED = ("tokens",)
BATCH = 5_000
FTS = {"documents": ["title", "text"], "sentences": ["text"]}
DOC_ID_COLUMNS = ("doc_id", "doc_id_a", "doc_id_b")


def copied_tables(con) -> list[str]:
    have = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    return [name for name in [*schema.TABLES, *VIEWS] if name in have and name not in SKIPPED]


def write_sqlite(con, out_dir: Path | str) -> Path:
    """Write ``out_dir/pipeline.sqlite`` from the DuckDB connection ``con``; returns its path."""
    import sqlite_utils

    out_dir = Path(out_dir)
    target = out_dir / SQLITE_NAME
    tmp = out_dir / f".{SQLITE_NAME}.tmp"
    tmp.unlink(missing_ok=True)
    db = sqlite_utils.Database(tmp)
    # A scratch file that replaces the copy only when complete: no journal, no fsync.
    db.execute("PRAGMA journal_mode = OFF")
    db.execute("PRAGMA synchronous = OFF")
    try:
        names = copied_tables(con)
        for name in names:
            _copy_table(con, db, name)
        for name in names:
            _link_documents(db, name)
        for name, cols in FTS.items():
            if name in names:
                db[name].enable_fts(cols, tokenize="trigram", create_triggers=False)
    finally:
        db.close()
    os.replace(tmp, target)
    return target


def _copy_table(con, db, name: str) -> None:
    cur = con.execute(f'SELECT * FROM "{name}"')
    header = [d[0] for d in cur.description]
    extra = _extra_columns(name, header)
    columns = {c: _sqlite_type(t) for c, t in zip(header, (d[1] for d in cur.description))}
    columns.update({c: str for c in extra})
    table = db[name]
    table.create(columns, pk="doc_id" if name == "documents" else None)
    _insert_rows(cur, db.conn, name)
    db.conn.commit()


def _insert_rows(cur, conn, name: str) -> None:
    """Insert the rows of the DuckDB cursor ``cur`` into table ``name`` of ``conn``.

    Rows go in as tuples through one prepared statement (building a dict per row for
    sqlite-utils' insert_all was most of the copy's time); values converted as _plain."""
    header = [d[0] for d in cur.description]
    extra = _extra_columns(name, header)
    names = ", ".join(f"[{c}]" for c in [*header, *extra])
    sql = f"INSERT INTO [{name}] ({names}) VALUES ({', '.join('?' * (len(header) + len(extra)))})"
    while rows := cur.fetchmany(BATCH):
        conn.executemany(sql, _records(rows, header, name, extra))


# --- updating the copy in place ------------------------------------------------------------

# Views whose rows each belong to one document (``doc_id``); the others are rewritten whole.
PER_DOCUMENT_VIEWS = ("facts",)


def update_sqlite(con, out_dir: Path | str, doc_ids: list[str]) -> Path:
    """Bring ``out_dir/pipeline.sqlite`` up to date after the documents ``doc_ids`` were
    stored, changed or deleted: their rows are replaced, in one transaction. Without a
    copy, or with one of another layout (a column added since), it is written whole."""
    import sqlite3

    out_dir = Path(out_dir)
    target = out_dir / SQLITE_NAME
    names = copied_tables(con)
    if not target.exists():
        return write_sqlite(con, out_dir)
    conn = sqlite3.connect(target, isolation_level=None)
    try:
        if not all(_same_columns(con, conn, name) for name in names):
            conn.close()
            return write_sqlite(con, out_dir)
        conn.execute("BEGIN")
        try:
            conn.execute("CREATE TEMP TABLE _changed (doc_id TEXT PRIMARY KEY)")
            conn.executemany("INSERT OR IGNORE INTO temp._changed VALUES (?)", [(d,) for d in doc_ids])
            for name in names:
                if name in schema.TABLES or name in PER_DOCUMENT_VIEWS:
                    _replace_documents(con, conn, name, list(doc_ids))
                else:
                    conn.execute(f"DELETE FROM [{name}]")
                    _insert_rows(con.execute(f'SELECT * FROM "{name}"'), conn, name)
            conn.execute("DROP TABLE temp._changed")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    finally:
        conn.close()
    return target


def _replace_documents(con, conn, name: str, doc_ids: list[str]) -> None:
    """The rows of ``doc_ids`` in ``name``, and in its full-text index, replaced."""
    mine = "doc_id IN (SELECT doc_id FROM temp._changed)"
    cols = FTS.get(name)
    if cols:  # an external-content index: its rows are deleted by giving their old values
        listed = ", ".join(f"[{c}]" for c in cols)
        conn.execute(f"INSERT INTO [{name}_fts] ([{name}_fts], rowid, {listed}) "
                     f"SELECT 'delete', rowid, {listed} FROM [{name}] WHERE {mine}")
    conn.execute(f"DELETE FROM [{name}] WHERE {mine}")
    _insert_rows(con.execute(f'SELECT * FROM "{name}" WHERE doc_id IN (SELECT unnest(?))', [doc_ids]), conn, name)
    if cols:
        conn.execute(f"INSERT INTO [{name}_fts] (rowid, {listed}) SELECT rowid, {listed} FROM [{name}] WHERE {mine}")


def _same_columns(con, conn, name: str) -> bool:
    """Whether the copy's table ``name`` has the store's columns, in order."""
    header = [d[0] for d in con.execute(f'SELECT * FROM "{name}" LIMIT 0').description]
    want = header + _extra_columns(name, header)
    return [r[1] for r in conn.execute(f"PRAGMA table_info([{name}])").fetchall()] == want


def _extra_columns(name: str, header: list[str]) -> list[str]:
    """The columns ``name`` gets in the copy beyond the store's ``header`` (``_ensured_columns``)."""
    return [c for c in _ensured_columns(name) if c not in header]


def _ensured_columns(name: str) -> list[str]:
    return ["body"] if name in ("documents", "officials") else []


def _records(rows: list[tuple], header: list[str], name: str, extra: list[str]) -> Iterator[tuple]:
    organization = header.index("organization") if "organization" in header else None
    for row in rows:
        rec = tuple(_plain(v) for v in row)
        if "body" in extra:
            body = organization_body(row[organization]) if name == "officials" and organization is not None else None
            rec = (*rec, body)
        yield rec


def _plain(value):
    if isinstance(value, (list, tuple)):
        return json.dumps(list(value), ensure_ascii=False)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, default=str)
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _sqlite_type(duck_type) -> type:
    t = str(duck_type).upper()
    if t.endswith("[]") or t.startswith(("STRUCT", "MAP", "LIST")):
        return str
    if any(k in t for k in ("INT", "BIGINT", "HUGEINT")):
        return int
    if any(k in t for k in ("DOUBLE", "FLOAT", "DECIMAL", "REAL", "NUMBER")):
        return float
    return str


def _link_documents(db, name: str) -> None:
    if name == "documents" or "documents" not in db.table_names():
        return
    cols = {c.name for c in db[name].columns}
    fks = [(c, "documents", "doc_id") for c in DOC_ID_COLUMNS if c in cols]
    if fks:
        db.add_foreign_keys([(name, *fk) for fk in fks])
        for c, _, _ in fks:
            db[name].create_index([c], if_not_exists=True)


__all__ = ["write_sqlite", "update_sqlite", "SQLITE_NAME"]
