"""Export every table and view for spreadsheet users.

- ``xlsx``: one workbook, one sheet per table (the contract's tables, then the views),
  a frozen bold header row and column widths fitted to the content. Excel holds at most
  32,767 characters in a cell (long document texts are cut, with a note saying so) and
  1,048,576 rows in a sheet (longer tables continue on ``tokens (2)`` ...).
- ``csv``: one file per table, UTF-8 with a BOM so Excel in Japan reads it correctly.
  Values are written as they are stored, except that text starting like a formula
  (= + - @ tab CR) gets a leading apostrophe, in both formats (OWASP CSV injection).

List columns (``people.titles`` ...) become ``a; b; c`` in both.
"""
from __future__ import annotations

import csv
import datetime as dt
import math
import re
import unicodedata
from collections.abc import Iterator
from itertools import chain, islice
from pathlib import Path

from pipeline import api, schema
from pipeline.views import VIEWS

FORMATS = ("xlsx", "csv")
WORKBOOK_NAME = "pipeline.xlsx"
EXCEL_MAX_CELL = 32_767
EXCEL_MAX_ROWS = 1_048_576
BATCH = 10_000
MIN_WIDTH, MAX_WIDTH, WIDTH_SAMPLE = 6, 60, 500


def export(out_dir: Path | str, dest: Path | str, fmt: str) -> list[Path]:
    """Export the store in ``out_dir`` to ``dest``: a workbook (``dest`` ending in .xlsx,
    else ``dest/pipeline.xlsx``) or a folder of CSV files. Returns the files written."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}")
    con = api.open(out_dir)
    try:
        names = exported_tables(con)
        if fmt == "xlsx":
            return [write_workbook(con, names, _workbook_path(Path(dest)))]
        return write_csvs(con, names, Path(dest))
    finally:
        con.close()


def exported_tables(con) -> list[str]:
    have = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    return [name for name in [*schema.TABLES, *VIEWS] if name in have]


def _workbook_path(dest: Path) -> Path:
    return dest if dest.suffix.lower() == ".xlsx" else dest / WORKBOOK_NAME


def _rows(con, table: str) -> tuple[list[str], Iterator[tuple]]:
    cur = con.execute(f'SELECT * FROM "{table}"')
    header = [d[0] for d in cur.description]

    def batches():
        while rows := cur.fetchmany(BATCH):
            yield from rows

    return header, batches()


# OWASP "CSV injection": a cell starting with one of these is run as a formula by
# spreadsheet programs; a leading apostrophe makes it text. Numbers are left alone.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(?:\d[\d,]*(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def neutralize(value):
    """``value`` safe to open in a spreadsheet: text starting like a formula gets a
    leading ``'``; numbers (and text that is just a number, such as ``-12.5``) stay."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def _plain(value):
    """A value a spreadsheet cell can hold: lists joined, NaN empty."""
    if value is None:
        return None
    if isinstance(value, (list, tuple)):
        return "; ".join("" if v is None else str(v) for v in value)
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, dict):
        return str(value)
    return value


# --------------------------------------------------------------------------------------
# CSV


def write_csvs(con, names: list[str], folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name in names:
        header, rows = _rows(con, name)
        path = folder / f"{name}.csv"
        with path.open("w", encoding="utf-8-sig", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(header)
            for row in rows:
                writer.writerow(["" if (v := _plain(x)) is None else neutralize(v) for x in row])
        paths.append(path)
    return paths


# --------------------------------------------------------------------------------------
# Excel


def write_workbook(con, names: list[str], path: Path) -> Path:
    from openpyxl import Workbook

    path.parent.mkdir(parents=True, exist_ok=True)
    wb = Workbook(write_only=True)
    for name in names:
        header, rows = _rows(con, name)
        rows = (list(map(_excel_value, row)) for row in rows)
        part = 1
        while True:  # Excel's row limit: long tables continue on "name (2)", ...
            sheet_rows = islice(rows, EXCEL_MAX_ROWS - 1)
            first = list(islice(sheet_rows, WIDTH_SAMPLE))
            if not first and part > 1:
                break
            written = _write_sheet(wb, name if part == 1 else f"{name} ({part})", header, first, sheet_rows)
            if written < EXCEL_MAX_ROWS - 1:
                break
            part += 1
    wb.save(path)
    return path


def _write_sheet(wb, title: str, header: list[str], first: list[list], rest: Iterator[list]) -> int:
    """A sheet with a bold frozen header, widths fitted to ``first``; returns rows written."""
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(title=title[:31])
    ws.freeze_panes = "A2"
    for i, width in enumerate(column_widths(header, first), start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.append([_cell(ws, h, Font(bold=True)) for h in header])
    written = 0
    for row in chain(first, rest):
        ws.append([_cell(ws, v) if isinstance(v, str) else v for v in row])
        written += 1
    return written


def _cell(ws, text: str, font=None):
    """Strings stay strings: untrusted text starting with '=' must not become a formula."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(ws, value=text)
    cell.data_type = "s"
    if font is not None:
        cell.font = font
    return cell


def _excel_value(value):
    value = _plain(value)
    if isinstance(value, str):
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        if len(value) > EXCEL_MAX_CELL:
            note = f" …[cut: {len(value):,} characters; Excel holds {EXCEL_MAX_CELL:,}; full text in the Parquet/DuckDB store]"
            value = value[: EXCEL_MAX_CELL - len(note)] + note
        value = neutralize(value)
    elif isinstance(value, dt.datetime) and value.tzinfo is not None:
        value = value.replace(tzinfo=None)
    return value


def column_widths(header: list[str], rows: list[list]) -> list[float]:
    """Widths in Excel's units (about one Latin character; CJK counts two), from the
    header and the first rows, kept between MIN_WIDTH and MAX_WIDTH."""
    widths = [display_width(h) for h in header]
    for row in rows[:WIDTH_SAMPLE]:
        for i, v in enumerate(row):
            if v is not None:
                widths[i] = max(widths[i], display_width(_short(v)))
    return [float(min(MAX_WIDTH, max(MIN_WIDTH, w + 2))) for w in widths]


def _short(v) -> str:
    s = str(v)
    return s[: MAX_WIDTH * 2].split("\n", 1)[0]


def display_width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
