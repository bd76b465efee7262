"""``python -m pipeline serve --out DIR``: Datasette on 127.0.0.1 over ``DIR/pipeline.sqlite``.

The shipped metadata (``pipeline/datasette/metadata.json``: Japanese and English titles,
default facets, canned queries), with the table and column descriptions of
``pipeline/descriptions.tsv`` (taken from the contract), is fitted to the file being served: facets on columns it does not have are dropped, so an older copy still
opens. Datasette runs as a child process in the foreground; Ctrl-C stops it.
"""
from __future__ import annotations

import json
import socket
import sqlite3
import subprocess
import sys
import tempfile
from importlib import resources
from pathlib import Path

from pipeline.descriptions import column_text, descriptions
from pipeline.sqlite_copy import SQLITE_NAME, write_sqlite

DEFAULT_PORT = 8001
DATABASE = "pipeline"  # the name Datasette gives pipeline.sqlite


def shipped_metadata() -> dict:
    return json.loads(resources.files("pipeline").joinpath("datasette/metadata.json").read_text(encoding="utf-8"))


def fitted_metadata(db_path: Path) -> dict:
    """The shipped metadata with the tables' and columns' descriptions (descriptions.tsv),
    without facets, sorts and labels on columns ``db_path`` lacks."""
    meta = shipped_metadata()
    # as_uri() percent-encodes the path: a folder named with ?, # or % stays a path
    con = sqlite3.connect(f"{Path(db_path).resolve().as_uri()}?mode=ro", uri=True)
    try:
        tables = meta["databases"][DATABASE]["tables"]
        for name in list(tables):
            cols = {r[1] for r in con.execute(f'PRAGMA table_info("{name}")')}
            if not cols:
                del tables[name]
                continue
            conf = tables[name]
            about = descriptions().get(name)
            if about:
                conf["description"] = f"{about.ja} / {about.en}"
                conf["columns"] = {c: column_text(name, c) for c in about.columns if c in cols}
            conf["facets"] = [f for f in conf.get("facets", []) if f in cols]
            for key in ("sort", "label_column"):
                if conf.get(key) and conf[key] not in cols:
                    del conf[key]
    finally:
        con.close()
    return meta


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def datasette_command(db_path: Path, metadata_path: Path, port: int) -> list[str]:
    return [sys.executable, "-m", "datasette", "serve", str(db_path), "--metadata", str(metadata_path),
            "--host", "127.0.0.1", "--port", str(port), "--setting", "default_facet_size", "20",
            "--setting", "truncate_cells_html", "300", "--setting", "sql_time_limit_ms", "5000"]


def ensure_sqlite(out_dir: Path | str) -> Path:
    """``out_dir/pipeline.sqlite``, written from the store first when it is missing or
    older than ``pipeline.duckdb`` (a store from before copies were written, say)."""
    out_dir = Path(out_dir)
    db_path, store = out_dir / SQLITE_NAME, out_dir / "pipeline.duckdb"
    if store.exists() and (not db_path.exists() or db_path.stat().st_mtime_ns < store.stat().st_mtime_ns):
        from pipeline.api import open as open_store

        con = open_store(out_dir)
        try:
            write_sqlite(con, out_dir)
        finally:
            con.close()
    if not db_path.exists():
        raise FileNotFoundError(f"{db_path}: no SQLite copy; run `python -m pipeline run ... --out {out_dir}` first")
    return db_path


def serve(out_dir: Path | str, port: int = DEFAULT_PORT) -> int:
    """Run Datasette over ``out_dir/pipeline.sqlite`` until it stops; returns its exit code."""
    db_path = ensure_sqlite(out_dir)
    with tempfile.TemporaryDirectory(prefix="pipeline-serve-") as tmp:
        metadata_path = Path(tmp) / "metadata.json"
        metadata_path.write_text(json.dumps(fitted_metadata(db_path), ensure_ascii=False), encoding="utf-8")
        print(f"serving {db_path} at http://127.0.0.1:{port}/{DATABASE} (Ctrl-C stops)", flush=True)
        try:
            return subprocess.call(datasette_command(db_path, metadata_path, port))
        except KeyboardInterrupt:
            return 0


__all__ = ["serve", "ensure_sqlite", "fitted_metadata", "free_port", "DEFAULT_PORT"]
