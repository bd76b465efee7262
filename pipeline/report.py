"""``DIR/report.html``: one self-contained page for reviewing a run.

A summary (documents, rows per table, failures with their messages), every document's
text with each mention highlighted by kind and its normalized value on hover, and the
tables with sorting and a search box. No network: styles and script are inline, and a
Content-Security-Policy forbids loading anything. Source text is untrusted: every piece
of it goes through :func:`html.escape`, so a ``<script>`` in a document shows as text.
"""
from __future__ import annotations

import html
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pipeline import api, schema
from pipeline.views import VIEWS, format_number

REPORT_NAME = "report.html"
MAX_TABLE_ROWS = 2000  # per table; the Parquet files and the workbook have them all
MAX_CELL_CHARS = 400
KINDS = ("official", "product", "date", "figure", "entity")
TABLES_SHOWN = ("officials", "products", "dates", "figures", "entities", *VIEWS)


@dataclass(frozen=True)
class Mark:
    """One highlighted mention: where, which kind, and what it means."""

    start: int
    end: int
    kind: str
    label: str  # shown on hover


def write_report(out_dir: Path | str) -> Path:
    """Write ``out_dir/report.html`` from ``out_dir/pipeline.duckdb``; returns its path."""
    out_dir = Path(out_dir)
    con = api.open(out_dir)
    try:
        page = render(_read(con))
    finally:
        con.close()
    path = out_dir / REPORT_NAME
    path.write_text(page, encoding="utf-8")
    return path


def _read(con) -> dict[str, pd.DataFrame]:
    have = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    frames = {}
    for name in [*schema.TABLES, *VIEWS]:
        if name == "tokens":  # far too many rows for a page; counted only
            frames[name] = None
            continue
        frames[name] = con.execute(f'SELECT * FROM "{name}"').df() if name in have else pd.DataFrame()
    frames["_counts"] = pd.DataFrame(
        [(name, con.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] if name in have else 0)
         for name in [*schema.TABLES, *VIEWS]],
        columns=["table", "rows"],
    )
    return frames


# --------------------------------------------------------------------------------------
# Page.


def render(frames: dict[str, pd.DataFrame]) -> str:
    docs = frames["documents"]
    body = "\n".join([
        "<h1>Pipeline review report</h1>",
        _legend(),
        _summary(docs, frames["_counts"]),
        _documents(docs, frames),
        *(_table_section(name, frames.get(name)) for name in TABLES_SHOWN),
    ])
    return _PAGE.format(css=_CSS, js=_JS, body=body)


def _summary(docs: pd.DataFrame, counts: pd.DataFrame) -> str:
    n = len(docs)
    failed = docs[docs["status"] == "error"] if n else docs
    parts = [
        '<section id="summary"><h2>Summary</h2>',
        f'<p class="totals">{n} documents: {n - len(failed)} ok, {len(failed)} failed</p>',
        _html_table("t-counts", ["table", "rows"], counts.itertuples(index=False)),
    ]
    if len(failed):
        parts.append("<h3>Failures</h3>")
        parts.append(_html_table("t-failures", ["doc_id", "path", "error"],
                                 failed[["doc_id", "path", "error"]].itertuples(index=False)))
    parts.append("</section>")
    return "\n".join(parts)


def _legend() -> str:
    items = "".join(f'<span class="m k-{k}">{k}</span> ' for k in KINDS)
    return f'<p class="legend">Highlights: {items}<span class="hint">(hover a highlight for its value)</span></p>'


def _documents(docs: pd.DataFrame, frames: dict[str, pd.DataFrame]) -> str:
    marks = _marks_by_doc(frames)
    out = ['<section id="documents"><h2>Documents</h2>']
    for i, doc in enumerate(docs.to_dict("records")):
        title = _text(doc.get("title")) or _text(doc.get("path")) or doc["doc_id"]
        meta = " · ".join(_esc(x) for x in (doc["doc_id"], _text(doc.get("path")), _text(doc.get("doc_date")),
                                            _text(doc.get("status"))) if x)
        opened = " open" if i == 0 else ""
        out.append(f'<details class="doc"{opened} id="doc-{_esc(doc["doc_id"])}"><summary>{_esc(title)}'
                   f' <span class="meta">{meta}</span></summary>')
        if _text(doc.get("error")):
            out.append(f'<p class="error">{_esc(doc["error"])}</p>')
        out.append(f'<pre class="doctext">{highlight(_text(doc.get("text")) or "", marks.get(doc["doc_id"], []))}</pre>')
        out.append("</details>")
    out.append("</section>")
    return "\n".join(out)


def highlight(text: str, marks: Iterable[Mark]) -> str:
    """Escaped ``text`` with every mark wrapped in a span; overlapping marks split the
    text into pieces, each carrying all marks that cover it (the shortest one colours it)."""
    marks = [m for m in marks if 0 <= m.start < m.end <= len(text)]
    cuts = sorted({0, len(text), *(m.start for m in marks), *(m.end for m in marks)})
    starting: dict[int, list[Mark]] = defaultdict(list)
    for m in marks:
        starting[m.start].append(m)
    out, active = [], []
    for a, b in zip(cuts, cuts[1:]):
        piece = _esc(text[a:b])
        # every end is a cut, so a mark still open after a covers all of [a, b)
        active = [m for m in active if m.end > a] + starting.get(a, [])
        covering = list(active)
        if not covering:
            out.append(piece)
            continue
        covering.sort(key=lambda m: (m.end - m.start, KINDS.index(m.kind)))
        kinds = list(dict.fromkeys(m.kind for m in covering))
        classes = f"m k-{kinds[0]}" + (" multi" if len(kinds) > 1 else "")
        tip = "\n".join(f"{m.kind}: {m.label}" for m in covering)
        out.append(f'<span class="{classes}" data-kinds="{" ".join(kinds)}" title="{_esc(tip)}">{piece}</span>')
    return "".join(out)


def _marks_by_doc(frames: dict[str, pd.DataFrame]) -> dict[str, list[Mark]]:
    labels = {
        "officials": ("official", lambda r: " / ".join(x for x in (_text(r.get("name")), _text(r.get("title")),
                                                                       _text(r.get("organization"))) if x)),
        "products": ("product", lambda r: _text(r.get("product")) + (f" ({_text(r['vendor'])})" if _text(r.get("vendor")) else "")),
        "dates": ("date", lambda r: " ".join(x for x in (_text(r.get("value")), _span(r)) if x)),
        "figures": ("figure", _figure_label),
        "entities": ("entity", lambda r: " / ".join(x for x in (_text(r.get("label")), _text(r.get("fine_label"))) if x)),
    }
    marks: dict[str, list[Mark]] = {}
    for table, (kind, label) in labels.items():
        df = frames.get(table)
        if df is None or not len(df):
            continue
        for r in df.to_dict("records"):
            if _num(r.get("start")) is None or _num(r.get("end")) is None:
                continue
            marks.setdefault(r["doc_id"], []).append(Mark(int(r["start"]), int(r["end"]), kind, label(r)))
    return marks


def _span(r: dict) -> str:
    s, e = _text(r.get("start_date")), _text(r.get("end_date"))
    return f"[{s} … {e}]" if s and e and s != e else ""


def _figure_label(r: dict) -> str:
    value = _num(r.get("value"))
    text = format_number(value) if value is not None else "?"
    if _num(r.get("value_max")) is not None:
        text += "～" + format_number(r["value_max"])
    text += _text(r.get("unit"))
    extra = [x for x in (_text(r.get("qualifier")), _text(r.get("subject"))) if x]
    return text + (f" ({', '.join(extra)})" if extra else "")


def _table_section(name: str, df: pd.DataFrame | None) -> str:
    if df is None:
        return ""
    cols = [c for c in df.columns if c != "text" or name != "documents"]
    shown = df.head(MAX_TABLE_ROWS)
    note = (f'<p class="note">showing the first {MAX_TABLE_ROWS} of {len(df)} rows; '
            f'the Parquet files and the exported workbook have them all</p>') if len(df) > MAX_TABLE_ROWS else ""
    return (f'<section class="table" id="s-{name}"><h2>{_esc(name)} <span class="meta">{len(df)} rows</span></h2>'
            f'<input type="search" class="filter" data-table="t-{name}" placeholder="検索 / filter rows" '
            f'aria-label="filter {name}">{note}'
            + _html_table(f"t-{name}", cols, shown[cols].itertuples(index=False)) + "</section>")


def _html_table(table_id: str, cols: list[str], rows: Iterable[tuple]) -> str:
    head = "".join(f'<th scope="col" tabindex="0">{_esc(c)}</th>' for c in cols)
    body = "\n".join("<tr>" + "".join(f"<td>{_cell(v)}</td>" for v in row) + "</tr>" for row in rows)
    return f'<table class="data sortable" id="{_esc(table_id)}"><thead><tr>{head}</tr></thead><tbody>\n{body}\n</tbody></table>'


def _cell(value) -> str:
    if hasattr(value, "tolist") and not isinstance(value, str):
        value = value.tolist()  # a numpy array or scalar (numpy.int32 ...) as Python values
    if isinstance(value, (list, tuple)):
        value = "; ".join(_text(v) for v in value)
    elif isinstance(value, float):
        value = "" if math.isnan(value) else format_number(value)
    text = _text(value)
    if len(text) > MAX_CELL_CHARS:
        return f'<span title="{_esc(text[:4000])}">{_esc(text[:MAX_CELL_CHARS])}…</span>'
    return _esc(text)


def _text(x) -> str:
    if x is None:
        return ""
    try:
        if pd.isna(x):
            return ""
    except (TypeError, ValueError):
        pass
    return str(x)


def _num(x) -> float | None:
    try:
        v = float(x)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(v) else v


def _esc(x) -> str:
    return html.escape(_text(x), quote=True)


# --------------------------------------------------------------------------------------
# Static parts. Braces of CSS/JS are doubled for str.format.

_PAGE = """<!DOCTYPE html>
<html lang="ja">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Pipeline review report</title>
<style>{css}</style>
</head>
<body>
{body}
<script>{js}</script>
</body>
</html>
"""

_CSS = """
body { font-family: "Noto Sans CJK JP", "Hiragino Sans", "Yu Gothic", Meiryo, sans-serif; margin: 1.5em; color: #222; }
h1 { font-size: 1.5em; } h2 { font-size: 1.2em; margin-top: 1.6em; border-bottom: 1px solid #ccc; }
.meta { color: #777; font-size: 0.8em; font-weight: normal; }
.error { color: #b00020; } .note, .hint { color: #777; font-size: 0.85em; }
pre.doctext { white-space: pre-wrap; word-break: break-all; line-height: 1.8; background: #fafafa;
  border: 1px solid #eee; padding: 0.8em; font-family: inherit; max-height: 40em; overflow: auto; }
details.doc { margin: 0.4em 0; } details.doc > summary { cursor: pointer; font-weight: bold; }
.m { border-radius: 3px; padding: 0 1px; cursor: help; }
.k-official { background: #ffd0d0; } .k-product { background: #cfe3ff; } .k-date { background: #d3f2c8; }
.k-figure { background: #ffe2a8; } .k-entity { background: #eadcff; }
.m.multi { box-shadow: inset 0 -2px 0 #555; }
table.data { border-collapse: collapse; font-size: 0.85em; margin: 0.4em 0 1em; }
table.data th, table.data td { border: 1px solid #ddd; padding: 2px 6px; vertical-align: top; max-width: 40em; }
table.data th { background: #f0f0f0; cursor: pointer; position: sticky; top: 0; white-space: nowrap; }
table.data th[aria-sort=ascending]::after { content: " ▲"; } table.data th[aria-sort=descending]::after { content: " ▼"; }
input.filter { width: 20em; padding: 3px 6px; margin: 0.3em 0; }
tr.hidden { display: none; }
"""

_JS = """
(function () {
  'use strict';
  function cellValue(row, i) { return row.cells[i] ? row.cells[i].textContent.trim() : ''; }
  function asNumber(s) { var t = s.replace(/,/g, ''); return t !== '' && isFinite(t) ? parseFloat(t) : null; }
  function sortBy(table, th) {
    var i = Array.prototype.indexOf.call(th.parentNode.children, th);
    var asc = th.getAttribute('aria-sort') !== 'ascending';
    Array.prototype.forEach.call(th.parentNode.children, function (h) { h.removeAttribute('aria-sort'); });
    th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = cellValue(a, i), y = cellValue(b, i), nx = asNumber(x), ny = asNumber(y);
      var c = (nx !== null && ny !== null) ? nx - ny : x.localeCompare(y, 'ja');
      return asc ? c : -c;
    });
    rows.forEach(function (r) { body.appendChild(r); });
  }
  document.querySelectorAll('table.sortable th').forEach(function (th) {
    var table = th.closest('table');
    th.addEventListener('click', function () { sortBy(table, th); });
    th.addEventListener('keydown', function (e) { if (e.key === 'Enter') { sortBy(table, th); } });
  });
  document.querySelectorAll('input.filter').forEach(function (input) {
    var table = document.getElementById(input.getAttribute('data-table'));
    input.addEventListener('input', function () {
      var q = input.value.trim().toLowerCase();
      Array.prototype.forEach.call(table.tBodies[0].rows, function (r) {
        r.classList.toggle('hidden', q !== '' && r.textContent.toLowerCase().indexOf(q) < 0);
      });
    });
  });
}());
"""

__all__ = ["write_report", "render", "highlight", "Mark"]
