"""A small Python API for notebooks: open a store with its views, and a Japanese font
for matplotlib (matplotlib-fontja's IPAexGothic).

``pipeline.open(DIR)`` (wired by the package) is :func:`open` here.
"""
from __future__ import annotations

from pathlib import Path

import duckdb

from pipeline import schema
from pipeline.views import VIEWS, create_views

DB_NAME = "pipeline.duckdb"


def open(out_dir: Path | str, *, read_only: bool = True) -> duckdb.DuckDBPyConnection:  # noqa: A001
    """A DuckDB connection on ``DIR/pipeline.duckdb`` with the tables and the views
    (people, adoption, facts, conflicts).

    Read-only by default, so a notebook never locks or changes the store: the tables are
    copied into an in-memory database (the file is held only while copying), or, while a
    run is writing the file, the Parquet files of the last finished run are opened; views
    missing are then built for this session only. Without a database file, the Parquet
    files of ``DIR`` are opened as views in an in-memory database.
    """
    out_dir = Path(out_dir)
    db = out_dir / DB_NAME
    snapshot = _snapshot(db) if db.exists() and read_only else None
    if snapshot is not None:
        con = snapshot
    elif db.exists() and not (read_only and _has_parquet(out_dir)):
        con = duckdb.connect(str(db), read_only=read_only)
    elif any((out_dir / f"{t}.parquet").exists() for t in schema.TABLES):
        con = duckdb.connect()
        _attach_parquet(con, out_dir)
    else:
        raise FileNotFoundError(f"no {DB_NAME} or Parquet tables in {out_dir} (run `python -m pipeline run ... --out {out_dir}` first)")
    if not set(VIEWS) <= _tables(con):
        create_views(con, temporary=read_only or not db.exists())
    return con


def _snapshot(db: Path) -> duckdb.DuckDBPyConnection | None:
    """An in-memory copy of the database file, or None while a run holds the file."""
    con = duckdb.connect()
    try:
        con.execute(f"ATTACH '{str(db).replace(chr(39), chr(39) * 2)}' AS stored (READ_ONLY)")
    except duckdb.IOException:  # "Could not set lock": a run is writing it
        con.close()
        return None
    try:
        con.execute("COPY FROM DATABASE stored TO memory")
    finally:
        con.execute("DETACH stored")
    return con


def _has_parquet(out_dir: Path) -> bool:
    return all((out_dir / f"{t}.parquet").exists() for t in schema.TABLES)


def _tables(con) -> set[str]:
    return {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}


def _attach_parquet(con, out_dir: Path) -> None:
    for name in [*schema.TABLES, *VIEWS]:
        path = out_dir / f"{name}.parquet"
        if path.exists():
            quoted = str(path).replace("'", "''")
            con.execute(f"CREATE VIEW \"{name}\" AS SELECT * FROM read_parquet('{quoted}')")


def use_japanese_font() -> str:
    """Make matplotlib draw Japanese labels with IPAexGothic, the font that ships inside
    the matplotlib-fontja package (registered from the package's file, so no system font
    and no font cache is involved); returns the font's name."""
    import matplotlib
    import matplotlib_fontja  # noqa: F401 - importing registers the font and selects it

    name = matplotlib_fontja.matplotlib_fontja.FONT_NAME
    matplotlib.rcParams["font.family"] = [name, "sans-serif"]
    matplotlib.rcParams["axes.unicode_minus"] = False
    return name


__all__ = ["open", "use_japanese_font"]
