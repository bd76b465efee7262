"""pipeline/export.py: workbook and CSV from the hand-made store."""
from __future__ import annotations

import csv
import datetime as dt

import duckdb
import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from pipeline import export as ex
from pipeline import schema
from pipeline.views import VIEWS
from tests.analyst.store import DOC_A, build_store

ALL_TABLES = [*schema.TABLES, *VIEWS]


@pytest.fixture
def store(tmp_path):
    return build_store(tmp_path / "out")


def test_workbook_has_every_table_with_frozen_header(store, tmp_path):
    [path] = ex.export(store, tmp_path / "book.xlsx", "xlsx")
    wb = load_workbook(path)
    shown = [n for n in ALL_TABLES if n != "tokens"]  # tokens: Parquet and CSV only
    assert wb.sheetnames == [ex.README_SHEET, *VIEWS, *[n for n in schema.TABLES if n in shown]]  # views first
    con = duckdb.connect(str(store / "pipeline.duckdb"), read_only=True)
    for name in shown:
        ws = wb[name]
        assert ws.freeze_panes == "A2", name
        header = [c.value for c in ws[1]]
        columns = [d[0] for d in con.execute(f'SELECT * FROM "{name}" LIMIT 0').description]
        if "doc_id" in columns and name != "documents":  # the document's title beside its id
            columns.insert(columns.index("doc_id") + 1, "doc_title")
        assert header == columns
        assert all(c.font.bold for c in ws[1])
        assert ws.max_row - 1 == con.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0], name
        assert all(ex.MIN_WIDTH <= ws.column_dimensions[c.column_letter].width <= ex.MAX_WIDTH for c in ws[1])
        assert ws.auto_filter.ref == f"A1:{ws[1][-1].column_letter}{max(2, ws.max_row)}", name


def test_readme_sheet_explains_every_sheet_and_column(store, tmp_path):
    [path] = ex.export(store, tmp_path / "book.xlsx", "xlsx")
    wb = load_workbook(path)
    rows = list(wb[ex.README_SHEET].iter_rows(min_row=2, values_only=True))
    described = {}
    sheet = None
    for name, column, ja, en in rows:
        if name:
            sheet = name
            assert ja and en, name
        elif column:
            described[(sheet, column)] = (ja, en)
    for name in wb.sheetnames[1:]:
        for cell in wb[name][1]:
            ja, en = described[(name, cell.value)]
            assert ja and en, (name, cell.value)


@pytest.mark.parametrize(("sheet", "key", "column", "expected", "number_format"), [
    ("figures", "3億円", "value", 300000000, "#,##0"),
    ("figures", "1万2000人", "value", 12000, "#,##0"),
    ("documents", "a", "doc_date", dt.datetime(2016, 5, 10), "yyyy-mm-dd"),
    ("documents", "a", "n_chars", len(DOC_A), "#,##0"),
    ("dates", "2019年度", "start_date", dt.datetime(2019, 4, 1), "yyyy-mm-dd"),
    ("dates", "2019年度", "value", "FY2019", "General"),
    ("facts", "3億円", "year", 2016, "General"),
    ("people", "佐藤花子", "first_date", "2016-04", "General"),
    ("officials", "福岡市総務局の高橋次郎局長", "doc_title", "行政視察報告", "General"),
])
def test_numbers_are_numbers_and_dates_are_dates(store, tmp_path, sheet, key, column, expected, number_format):
    [path] = ex.export(store, tmp_path / "book.xlsx", "xlsx")
    ws = load_workbook(path)[sheet]
    header = [c.value for c in ws[1]]
    row = next(r for r in ws.iter_rows(min_row=2) if key in [c.value for c in r])
    cell = row[header.index(column)]
    assert cell.value == expected and cell.number_format == number_format


def test_workbook_values(store, tmp_path):
    [path] = ex.export(store, tmp_path, "xlsx")
    assert path == tmp_path / ex.WORKBOOK_NAME
    wb = load_workbook(path)
    header, *rows = wb["people"].iter_rows(values_only=True)
    people = {r[0]: dict(zip(header, r)) for r in rows}
    assert people["p-sato"]["name"] == "佐藤花子"
    assert people["p-sato"]["doc_ids"] == "a; b"  # a list, joined
    assert people["p-sato"]["organizations"] == "札幌市ICT推進課"
    docs = [r for r in wb["documents"].iter_rows(min_row=2, values_only=True)]
    assert any("<script>alert(1)</script>" in (r[9] or "") for r in docs)
    widths = {c.value: wb["documents"].column_dimensions[c.column_letter].width for c in wb["documents"][1]}
    assert widths["text"] == ex.MAX_WIDTH and widths["status"] < 12


def test_long_text_is_cut_with_a_note_and_formulas_stay_text(tmp_path):
    out = build_store(tmp_path / "out")
    con = duckdb.connect(str(out / "pipeline.duckdb"))
    con.execute("UPDATE documents SET text = repeat('あ', 40000) WHERE doc_id = 'a'")
    con.execute("UPDATE documents SET title = '=HYPERLINK(\"http://x\")' || chr(7) WHERE doc_id = 'b'")
    con.close()
    [path] = ex.export(out, tmp_path / "b.xlsx", "xlsx")
    ws = load_workbook(path)["documents"]
    rows = {r[0].value: r for r in ws.iter_rows(min_row=2)}
    text = rows["a"][9].value
    assert len(text) == ex.EXCEL_MAX_CELL and text.startswith("ああ") and "40,000 characters" in text
    assert rows["b"][7].data_type == "s" and rows["b"][7].value == "'=HYPERLINK(\"http://x\")"


def test_long_tables_continue_on_another_sheet(store, tmp_path, monkeypatch):
    monkeypatch.setattr(ex, "EXCEL_MAX_ROWS", 21)  # 20 rows per sheet
    monkeypatch.setattr(ex, "WORKBOOK_SKIPPED", ())
    [path] = ex.export(store, tmp_path / "c.xlsx", "xlsx")
    wb = load_workbook(path)
    n_tokens = sum(wb[s].max_row - 1 for s in wb.sheetnames if s.startswith("tokens"))
    assert 40 < n_tokens <= 60  # the fixture has between two and three sheets of tokens
    assert n_tokens == duckdb.connect(str(store / "pipeline.duckdb"), read_only=True).execute(
        "SELECT count(*) FROM tokens").fetchone()[0]
    assert "tokens (3)" in wb.sheetnames and "tokens (4)" not in wb.sheetnames
    assert wb["tokens (2)"].freeze_panes == "A2"


def test_csv_is_utf8_with_bom(store, tmp_path):
    paths = ex.export(store, tmp_path / "csv", "csv")
    assert [p.stem for p in paths] == ALL_TABLES
    raw = (tmp_path / "csv" / "officials.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    with (tmp_path / "csv" / "people.csv").open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    sato = next(r for r in rows if r["person_id"] == "p-sato")
    assert sato["name"] == "佐藤花子" and sato["doc_ids"] == "a; b"


def test_unknown_format(store, tmp_path):
    with pytest.raises(ValueError, match="xlsx, csv"):
        ex.export(store, tmp_path, "ods")


@pytest.mark.parametrize(("s", "width"), [("abc", 3), ("札幌市", 6), ("ＡＢ", 4), ("", 0)])
def test_display_width(s, width):
    assert ex.display_width(s) == width


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"), ("+81 3 1234", "'+81 3 1234"), ("-cmd|' /C calc'!A0", "'-cmd|' /C calc'!A0"),
        ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"), ("\rx", "'\rx"),
        ("-12.5", "-12.5"), ("+3", "+3"), ("1,234", "1,234"), ("札幌市", "札幌市"), ("a=b", "a=b"),
        (-5, -5), (1.5e12, 1.5e12), (None, None),
    ],
)
def test_neutralize_formula_starts(value, expected):
    assert ex.neutralize(value) == expected


HOSTILE = ["=HYPERLINK(\"http://evil\",\"x\")", "+SUM(1)", "-2+3", "@cmd", "\tTAB", "\rCR"]


def test_formula_cells_are_neutralized_in_csv_and_xlsx(tmp_path):
    out = build_store(tmp_path / "out")
    con = duckdb.connect(str(out / "pipeline.duckdb"))
    for i, bad in enumerate(HOSTILE):
        con.execute("UPDATE figures SET subject = ? WHERE rowid = ?", [bad, i % 4])
    con.execute("UPDATE documents SET title = ? WHERE doc_id = 'a'", [HOSTILE[0]])
    con.close()
    ex.export(out, tmp_path / "csv", "csv")
    for name in ("figures", "documents"):
        with (tmp_path / "csv" / f"{name}.csv").open(encoding="utf-8-sig", newline="") as f:
            cells = [c for row in csv.reader(f) for c in row]
        assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r") and not ex._NUMBER.fullmatch(c)]
        assert any(c.startswith("'") for c in cells)
    [path] = ex.export(out, tmp_path / "d.xlsx", "xlsx")
    ws = load_workbook(path)["figures"]
    header, *rows = ws.iter_rows(values_only=True)
    for row in rows:
        r = dict(zip(header, row))
        assert isinstance(r["value"], (int, float))  # numbers stay numbers
        assert not str(r["subject"] or "").startswith(("=", "+", "-", "@"))


def test_every_column_of_the_schema_is_described():
    from pipeline.descriptions import descriptions

    about = descriptions()
    for table, cols in {**schema.TABLES, **VIEWS}.items():
        assert about[table].ja and about[table].en, table
        for column, _ in cols:
            assert all(about[table].columns.get(column, ("", ""))), (table, column)


@given(st.one_of(st.text(max_size=12), st.integers(), st.floats(allow_nan=False)))
def test_neutralized_text_never_starts_a_formula(value):
    out = ex.neutralize(value)
    if isinstance(value, str):
        assert out == value or out == "'" + value
        assert not out.startswith(ex.FORMULA_STARTS) or ex._NUMBER.fullmatch(out)
    else:
        assert out == value
