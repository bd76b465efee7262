"""Export every table and view for spreadsheet users.

- ``xlsx``: one workbook (written in openpyxl's write-only mode, so it stays fast): a
  first sheet explaining every sheet and column in Japanese and English, then one sheet
  per view (people, adoption, facts, conflicts) and per table, each with a frozen bold
  header, filters and widths fitted to the content. Numbers are numbers (thousands
  separators), full ISO dates are Excel dates; partial ones (2016-04, FY2019) stay text. Excel holds at most
  32,767 characters in a cell (long document texts are cut, with a note saying so) and
  1,048,576 rows in a sheet (longer tables continue on ``name (2)`` ...). Tokens are left
  out of the workbook (``WORKBOOK_SKIPPED``): they are in tokens.parquet and the CSVs.
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
            names = [n for n in names if n not in WORKBOOK_SKIPPED]
            return [write_workbook(con, names, _workbook_path(Path(dest)))]
        return write_csvs(con, names, Path(dest))
    finally:
        con.close()


def exported_tables(con) -> list[str]:
    have = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    return [name for name in [*schema.TABLES, *VIEWS] if name in have]


def _workbook_path(dest: Path) -> Path:
    return dest if dest.suffix.lower() == ".xlsx" else dest / WORKBOOK_NAME


def _rows(con, table: str, query: str | None = None) -> tuple[list[str], Iterator[tuple]]:
    cur = con.execute(query or f'SELECT * FROM "{table}"')
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

README_SHEET = "説明 README"
DOC_TITLE = ("文書の表題（documents.title）", "the document's title (documents.title), beside doc_id")
# Tokens (one row per word: 2 million cells at 120 documents) would make the workbook
# slow and large; they are in tokens.parquet and the CSV export.
WORKBOOK_SKIPPED = ("tokens",)
# Columns holding ISO dates: a full date (2016-04-01) becomes an Excel date; a partial one
# (2016-04, FY2019) stays text, since Excel has no month or fiscal-year values.
DATE_COLUMNS = frozenset({"doc_date", "start_date", "end_date", "first_date", "last_date", "date"})
# Integers that are positions or years, not quantities: no thousands separator.
PLAIN_INTEGERS = frozenset({"start", "end", "sent_id", "i", "year"})
INTEGER_FORMAT, DECIMAL_FORMAT, DATE_FORMAT, DATETIME_FORMAT = "#,##0", "#,##0.0##", "yyyy-mm-dd", "yyyy-mm-dd hh:mm:ss"
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def workbook_order(names: list[str]) -> list[str]:
    """The views first (what analysts read), then the tables."""
    return [n for n in VIEWS if n in names] + [n for n in names if n not in VIEWS]


def write_workbook(con, names: list[str], path: Path) -> Path:
    """A write-only workbook: the explanation sheet, then one sheet per view and table."""
    from openpyxl import Workbook

    path.parent.mkdir(parents=True, exist_ok=True)
    wb = Workbook(write_only=True)
    order = workbook_order(names)
    _write_readme(wb, con, order)
    for name in order:
        total = con.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]
        header, kinds, rows = _typed_rows(con, name)  # a live cursor: no other query until it is read
        part = 1
        while True:  # Excel's row limit: long tables continue on "name (2)", ...
            sheet_rows = islice(rows, EXCEL_MAX_ROWS - 1)
            first = list(islice(sheet_rows, WIDTH_SAMPLE))
            if not first and part > 1:
                break
            n = min(EXCEL_MAX_ROWS - 1, total - (part - 1) * (EXCEL_MAX_ROWS - 1))
            written = _write_sheet(wb, name if part == 1 else f"{name} ({part})", header, kinds, first, sheet_rows, n)
            if written < EXCEL_MAX_ROWS - 1:
                break
            part += 1
    wb.save(path)
    return path


def sheet_query(con, name: str) -> str:
    """The rows of a sheet: the table's, with the document's title beside each ``doc_id``
    (``doc_title``), grouped by document in text order."""
    cols = [d[0] for d in con.execute(f'SELECT * FROM "{name}" LIMIT 0').description]
    if name == "documents" or "doc_id" not in cols:
        return f'SELECT * FROM "{name}"'
    select = []
    for c in cols:
        select.append(f't."{c}"')
        if c == "doc_id":
            select.append('d."title" AS "doc_title"')
    order = 't."doc_id", t."start"' if "start" in cols else 't."doc_id"'
    return (f'SELECT {", ".join(select)} FROM "{name}" t LEFT JOIN documents d ON d."doc_id" = t."doc_id" '
            f'ORDER BY {order}')


def _typed_rows(con, name: str) -> tuple[list[str], list[str], Iterator[list]]:
    """Header, each column's kind (int / float / date / datetime / text) and Excel values."""
    query = sheet_query(con, name)
    types = [str(d[1]).upper() for d in con.execute(f"SELECT * FROM ({query}) LIMIT 0").description]
    header, rows = _rows(con, name, query)
    kinds = [_column_kind(c, t) for c, t in zip(header, types)]
    return header, kinds, (list(map(_excel_value, row, kinds)) for row in rows)


def _column_kind(column: str, duck_type: str) -> str:
    if column in DATE_COLUMNS:
        return "date"
    if "TIMESTAMP" in duck_type or duck_type in ("DATETIME", "DATE"):
        return "datetime"
    if duck_type.endswith("[]"):
        return "text"
    if any(k in duck_type for k in ("DOUBLE", "FLOAT", "DECIMAL", "REAL")) or duck_type == "NUMBER":
        return "float"
    if "INT" in duck_type:
        return "plain" if column in PLAIN_INTEGERS else "int"
    return "text"


def _write_sheet(wb, title: str, header: list[str], kinds: list[str], first: list[list], rest: Iterator[list],
                 n_rows: int) -> int:
    """A sheet with a bold frozen header, filters, widths fitted to ``first``, numbers
    and dates formatted; returns rows written."""
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(title=title[:31])
    ws.freeze_panes = "A2"
    if header:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(header))}{max(1, n_rows) + 1}"
    for i, width in enumerate(column_widths(header, [[_shown(v) for v in row] for row in first]), start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    bold = Font(bold=True)
    ws.append([_cell(ws, h, bold) for h in header])
    formatted = [k in ("int", "float", "date", "datetime") for k in kinds]
    written = 0
    for row in chain(first, rest):
        # Plain strings are safe here: neutralize() left none starting with '=' (a formula).
        ws.append([_formatted(ws, v) if f and v is not None and not isinstance(v, str) else v
                   for v, f in zip(row, formatted)])
        written += 1
    return written


def _write_readme(wb, con, names: list[str]) -> None:
    """The first sheet: every sheet and every column, in Japanese and English."""
    from openpyxl.styles import Font

    from pipeline.descriptions import descriptions

    ws = wb.create_sheet(title=README_SHEET)
    ws.freeze_panes = "A2"
    for letter, width in zip("ABCD", (16, 18, 40, 70)):
        ws.column_dimensions[letter].width = width
    bold = Font(bold=True)
    ws.append([_cell(ws, h, bold) for h in ("シート sheet", "列 column", "説明（日本語）", "Description (English)")])
    about = descriptions()
    for name in names:
        d = about.get(name)
        ws.append([_cell(ws, name, bold), None, _cell(ws, d.ja if d else ""), _cell(ws, d.en if d else "")])
        for column in [c[0] for c in con.execute(f"SELECT * FROM ({sheet_query(con, name)}) LIMIT 0").description]:
            ja, en = d.columns.get(column, DOC_TITLE if column == "doc_title" else ("", "")) if d else ("", "")
            ws.append([None, _cell(ws, column), _cell(ws, ja), _cell(ws, en)])
    ws.append([])
    ws.append([None, None, _cell(ws, "数値は数値、完全な日付はExcelの日付として書かれています。年月・年度（2016-04, FY2019）は文字列です。"),
               _cell(ws, "Numbers are numbers and full dates Excel dates; partial dates (2016-04, FY2019) stay text.")])
    ws.append([None, None, _cell(ws, "形態素（tokens）はこのブックにありません。tokens.parquet か CSV出力をご覧ください。"),
               _cell(ws, "Tokens are not in this workbook: see tokens.parquet or `export --format csv`.")])


def _cell(ws, text: str, font=None):
    """Strings stay strings: untrusted text starting with '=' must not become a formula."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(ws, value=text)
    cell.data_type = "s"
    if font is not None:
        cell.font = font
    return cell


def _formatted(ws, value):
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(ws, value=value)
    if isinstance(value, dt.datetime):
        cell.number_format = DATETIME_FORMAT
    elif isinstance(value, dt.date):
        cell.number_format = DATE_FORMAT
    elif isinstance(value, float) and not value.is_integer():
        cell.number_format = DECIMAL_FORMAT
    else:
        cell.number_format = INTEGER_FORMAT
    return cell


def _excel_value(value, kind: str = "text"):
    value = _plain(value)
    if isinstance(value, str):
        if kind == "date" and _ISO_DATE.fullmatch(value):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        if len(value) > EXCEL_MAX_CELL:
            note = f" …[cut: {len(value):,} characters; Excel holds {EXCEL_MAX_CELL:,}; full text in the Parquet/DuckDB store]"
            value = value[: EXCEL_MAX_CELL - len(note)] + note
        value = neutralize(value)
    elif isinstance(value, dt.datetime) and value.tzinfo is not None:
        value = value.replace(tzinfo=None)
    return value


def _shown(v) -> str:
    if isinstance(v, dt.datetime):
        return "2000-01-01 00:00:00"
    if isinstance(v, dt.date):
        return "2000-01-01"
    if isinstance(v, float):
        return f"{v:,.3f}".rstrip("0").rstrip(".")
    if isinstance(v, int):
        return f"{v:,}"
    return v


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
