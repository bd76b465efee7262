"""``DIR/report/``: a small static site for reviewing a run, self-contained and offline.

- ``index.html``: the run summary (the last run's new / changed / unchanged / removed /
  failed documents with the failures' messages, from ``DIR/last_run.json``; documents ok
  and failed; rows per table; when they were processed) and an overview with four inline SVG charts (products
  adopted per year, top products by bodies using them, officials per body, figures by
  unit category);
- ``documents-N.html`` and ``bodies-N.html``: the lists, paged (``PAGE_ROWS`` a page);
- ``doc/<id>.html``: a document's text with every mention highlighted by kind (its
  normalized value on hover), then its mentions, each linking to its highlight; a long
  text continues on ``doc/<id>-2.html`` ...;
- ``body/<id>.html``: a municipality or public body: its people, its products with first
  and last mention, its figures, its documents;
- ``conflicts.html``: documents that disagree.

Every page is small whatever the corpus size (lists are paged, texts are split), needs
no network (styles and script inline; a Content-Security-Policy forbids loading
anything), and treats source text as untrusted: every piece of it goes through
:func:`html.escape`, so a ``<script>`` in a document shows as text.
"""
from __future__ import annotations

import hashlib
import html
import json
import math
import re
import shutil
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pipeline import api, schema
from pipeline.run import LAST_RUN, save_last_run  # noqa: F401 - the last run's summary, written by `python -m pipeline run`
from pipeline.views import VIEWS, format_number, organization_body

REPORT_DIR = "report"
PAGE_ROWS = 100  # rows of a list page
TEXT_PAGE_CHARS = 60_000  # characters of document text per page
MAX_ROWS = 500  # rows of one table on a document or body page
MAX_CELL_CHARS = 400
TOP_N = 15  # bars in a ranking chart
KINDS = ("official", "product", "date", "figure", "entity")
KIND_LABELS = {"official": "職員 official", "product": "製品 product", "date": "日付 date",
               "figure": "数値 figure", "entity": "固有表現 entity"}
MENTION_TABLES = {"officials": "official", "products": "product", "dates": "date", "figures": "figure",
                  "entities": "entity"}


@dataclass(frozen=True)
class Mark:
    """One highlighted mention: where, which kind, and what it means."""

    start: int
    end: int
    kind: str
    label: str  # shown on hover
    anchor: str = ""  # the id its mention row links to


def write_report(out_dir: Path | str) -> Path:
    """Write ``out_dir/report/`` from ``out_dir/pipeline.duckdb``; returns its index.html."""
    out_dir = Path(out_dir)
    con = api.open(out_dir)
    try:
        data = ReportData.read(con)
    finally:
        con.close()
    data.last_run = read_last_run(out_dir)
    site = out_dir / REPORT_DIR
    tmp = out_dir / f".{REPORT_DIR}.tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    for path, page in render_site(data):
        target = tmp / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page, encoding="utf-8")
    shutil.rmtree(site, ignore_errors=True)
    tmp.rename(site)
    return site / "index.html"


def read_last_run(out_dir: Path) -> dict | None:
    try:
        record = json.loads((out_dir / LAST_RUN).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) else None


# --------------------------------------------------------------------------------------
# Reading: every table once, then grouped by document and by body.


@dataclass
class ReportData:
    frames: dict[str, pd.DataFrame]
    counts: dict[str, int]
    processed_at: tuple[str, str] | None
    last_run: dict | None = None

    @classmethod
    def read(cls, con) -> ReportData:
        have = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        frames, counts = {}, {}
        for name in [*schema.TABLES, *VIEWS]:
            counts[name] = con.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] if name in have else 0
            if name != "tokens":  # far too many rows for a page; counted only
                frames[name] = con.execute(f'SELECT * FROM "{name}"').df() if name in have else pd.DataFrame()
        processed = None
        if "manifest" in have:
            lo, hi = con.execute("SELECT min(processed_at), max(processed_at) FROM manifest").fetchone()
            processed = (str(lo)[:19], str(hi)[:19]) if lo is not None else None
        return cls(_with_bodies(frames), counts, processed)


def _with_bodies(frames: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """``officials.body`` and ``documents.body`` filled when the store lacks them: an
    official's from the organization, a document's from its most frequent body."""
    off = frames.get("officials")
    if off is not None and len(off) and "body" not in off.columns:
        off = off.assign(body=[organization_body(_text(o)) for o in off["organization"]])
        frames["officials"] = off
    docs = frames["documents"]
    if "body" not in docs.columns or docs["body"].isna().all():
        votes: dict[str, Counter] = defaultdict(Counter)
        for name in ("officials", "facts"):
            df = frames.get(name)
            if df is not None and len(df) and "body" in df.columns:
                for doc_id, body in zip(df["doc_id"], df["body"]):
                    if _text(body):
                        votes[doc_id][body] += 1
        docs = docs.assign(body=[votes[d].most_common(1)[0][0] if votes[d] else None for d in docs["doc_id"]])
        frames["documents"] = docs
    return frames


def _records_by(df: pd.DataFrame | None, key: str) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = defaultdict(list)
    if df is None or not len(df) or key not in df.columns:
        return out
    for r in df.to_dict("records"):
        if _text(r.get(key)):
            out[r[key]].append(r)
    return out


# --------------------------------------------------------------------------------------
# The site: (relative path, page) pairs.


def render_site(data: ReportData) -> Iterable[tuple[str, str]]:
    docs = data.frames["documents"].to_dict("records")
    titles = {d["doc_id"]: doc_title(d) for d in docs}
    bodies = _bodies(data)
    links = Links(titles, {b: body_file(b) for b in bodies})
    yield "index.html", _page("概要 Overview", _summary(data, docs) + _overview(data), "index", depth=0)
    yield from _list_pages("documents", "文書 Documents", _document_rows(docs, data, links),
                           ["表題 title", "自治体 body", "日付 date", "状態 status", "言及 mentions", "ファイル path"])
    yield from _list_pages("bodies", "自治体・機関 Bodies", _body_rows(bodies, links),
                           ["自治体・機関 body", "文書 documents", "職員 officials", "製品 products", "数値 figures"])
    yield "conflicts.html", _page("矛盾 Conflicts", _conflicts(data, links), "conflicts", depth=0)
    by_doc = {name: _records_by(data.frames.get(name), "doc_id") for name in MENTION_TABLES}
    for d in docs:
        yield from _document_pages(d, {n: by_doc[n].get(d["doc_id"], []) for n in MENTION_TABLES}, links)
    for body, rows in bodies.items():
        yield f"body/{links.bodies[body]}", _page(body, _body_page(body, rows, links), "bodies", depth=1)


class Links:
    """Where each document and body page is, and how to link to it from a page ``depth``
    folders down."""

    def __init__(self, titles: dict[str, str], bodies: dict[str, str]):
        self.titles, self.bodies = titles, bodies

    def doc(self, doc_id, depth: int, anchor: str = "") -> str:
        doc_id = _text(doc_id)
        if doc_id not in self.titles:
            return _esc(doc_id)
        href = "../" * depth + "doc/" + doc_file(doc_id) + (f"#{anchor}" if anchor else "")
        return f'<a href="{_esc(href)}">{_esc(self.titles[doc_id])}</a>'

    def body(self, body, depth: int) -> str:
        body = _text(body)
        if body not in self.bodies:
            return _esc(body)
        return f'<a href="{_esc("../" * depth + "body/" + self.bodies[body])}">{_esc(body)}</a>'


def _safe_name(key: str) -> str:
    if re.fullmatch(r"[A-Za-z0-9_-]{1,64}", key):
        return key
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def doc_file(doc_id: str, part: int = 1) -> str:
    return _safe_name(doc_id) + (f"-{part}" if part > 1 else "") + ".html"


def body_file(body: str) -> str:
    return hashlib.sha1(body.encode("utf-8")).hexdigest()[:16] + ".html"


def doc_title(doc: dict) -> str:
    return _text(doc.get("title")).strip() or Path(_text(doc.get("path"))).name or _text(doc.get("doc_id"))


def _bodies(data: ReportData) -> dict[str, dict[str, list[dict]]]:
    """Each body named anywhere, with its rows in documents, officials, adoption, facts."""
    out: dict[str, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
    for name in ("documents", "officials", "adoption", "facts"):
        for body, rows in _records_by(data.frames.get(name), "body").items():
            out[body][name].extend(rows)
    return dict(sorted(out.items(), key=lambda kv: (-sum(len(v) for v in kv[1].values()), kv[0])))


# --------------------------------------------------------------------------------------
# Index: summary and overview.


def _summary(data: ReportData, docs: list[dict]) -> str:
    failed = [d for d in docs if d.get("status") == "error"]
    when = (f'<p class="meta">処理日時 processed: {_esc(data.processed_at[0])} … {_esc(data.processed_at[1])} UTC</p>'
            if data.processed_at else "")
    parts = [
        '<section id="summary"><h2>実行の概要 Run summary</h2>',
        _last_run(data.last_run),
        f'<p class="totals">{len(docs)} documents: {len(docs) - len(failed)} ok, {len(failed)} failed</p>', when,
        _html_table("t-counts", ["table", "rows"], ((k, v) for k, v in data.counts.items())),
    ]
    if failed:
        parts.append("<h3>失敗 Failures</h3>")
        parts.append(_html_table("t-failures", ["doc_id", "path", "error"],
                                 ((d["doc_id"], d.get("path"), d.get("error")) for d in failed[:MAX_ROWS])))
    parts.append("</section>")
    return "\n".join(parts)


def _last_run(run: dict | None) -> str:
    if not run:
        return ""
    keys = ("new", "changed", "unchanged", "removed", "failed")
    line = ", ".join(f"{_esc(run.get(k, 0))} {k}" for k in keys)
    out = [f'<p class="last-run">前回の実行 last run ({_esc(run.get("finished_at"))}, '
           f"{float(run.get('seconds') or 0):.1f} s): {line}</p>"]
    if run.get("failures"):
        out.append("<ul class='error'>" + "".join(f"<li>{_esc(m)}</li>" for m in run["failures"][:MAX_ROWS]) + "</ul>")
    return "\n".join(out)


def _overview(data: ReportData) -> str:
    f = data.frames
    adoption, officials, figures = f.get("adoption"), f.get("officials"), f.get("figures")
    per_year = Counter()
    by_product = Counter()
    if adoption is not None and len(adoption):
        for r in adoption.to_dict("records"):
            year = _year(r.get("first_date"))
            if year:
                per_year[str(year)] += 1
        by_product = Counter(adoption.dropna(subset=["body"]).groupby("product")["body"].nunique().to_dict())
    per_body = Counter()
    if officials is not None and len(officials):
        people = officials.dropna(subset=["body"])
        key = people["person_id"].fillna(people["name"]) if "person_id" in people else people["name"]
        per_body = Counter(people.assign(_k=key).groupby("body")["_k"].nunique().to_dict())
    per_unit = Counter()
    if figures is not None and len(figures):
        per_unit = Counter(figures["unit_category"].fillna("(none)").value_counts().to_dict())
    charts = [
        ("chart-adoption-year", "導入された製品（初出年別） Products adopted per year",
         sorted(per_year.items()), "columns"),
        ("chart-top-products", "利用自治体の多い製品 Top products by bodies using them", by_product.most_common(TOP_N), "bars"),
        ("chart-officials-body", "自治体別の職員数 Officials per body", per_body.most_common(TOP_N), "bars"),
        ("chart-figure-units", "単位分類別の数値 Figures by unit category", per_unit.most_common(TOP_N), "bars"),
    ]
    out = ['<section id="overview"><h2>全体像 Overview</h2><div class="charts">']
    for chart_id, title, items, shape in charts:
        svg = column_chart(items, title) if shape == "columns" else bar_chart(items, title)
        out.append(f'<figure class="chart" id="{chart_id}"><figcaption>{_esc(title)}</figcaption>{svg}</figure>')
    out.append("</div></section>")
    return "\n".join(out)


def _year(value) -> int | None:
    m = re.search(r"(\d{4})", _text(value))
    return int(m.group(1)) if m else None


# --------------------------------------------------------------------------------------
# Charts: inline SVG; labels are text (so Japanese renders in the page's font) and escaped.

_SVG_FONT = 'font-family="Noto Sans CJK JP, Hiragino Sans, Yu Gothic, Meiryo, sans-serif" font-size="12"'


def bar_chart(items: list[tuple[str, float]], title: str, width: int = 560) -> str:
    """Horizontal bars, one row per item, the label left and the value at the bar's end."""
    if not items:
        return '<p class="note">データなし no data</p>'
    row, label_w = 22, 190
    top = max(v for _, v in items) or 1
    scale = (width - label_w - 50) / top
    h = row * len(items) + 8
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{_esc(title)}" width="{width}" '
             f'height="{h}" viewBox="0 0 {width} {h}" {_SVG_FONT}>']
    for i, (label, value) in enumerate(items):
        y = 4 + i * row
        w = max(1.0, value * scale)
        short = _text(label) if len(_text(label)) <= 14 else _text(label)[:13] + "…"
        parts.append(f'<g class="bar"><title>{_esc(label)}: {_esc(format_number(value))}</title>'
                     f'<text x="{label_w - 6}" y="{y + 15}" text-anchor="end">{_esc(short)}</text>'
                     f'<rect x="{label_w}" y="{y + 3}" width="{w:.1f}" height="{row - 6}" fill="#4e79a7"/>'
                     f'<text x="{label_w + w + 4:.1f}" y="{y + 15}">{_esc(format_number(value))}</text></g>')
    parts.append("</svg>")
    return "".join(parts)


def column_chart(items: list[tuple[str, float]], title: str, height: int = 220) -> str:
    """Vertical columns in the order given (years), the value above each."""
    if not items:
        return '<p class="note">データなし no data</p>'
    col = max(18, min(48, 520 // len(items)))
    width = col * len(items) + 40
    top = max(v for _, v in items) or 1
    plot = height - 40
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{_esc(title)}" width="{width}" '
             f'height="{height}" viewBox="0 0 {width} {height}" {_SVG_FONT}>']
    for i, (label, value) in enumerate(items):
        x = 20 + i * col
        h = max(1.0, value / top * (plot - 20))
        y = 20 + plot - 20 - h
        parts.append(f'<g class="bar"><title>{_esc(label)}: {_esc(format_number(value))}</title>'
                     f'<rect x="{x + 2}" y="{y:.1f}" width="{col - 4}" height="{h:.1f}" fill="#59a14f"/>'
                     f'<text x="{x + col / 2}" y="{y - 4:.1f}" text-anchor="middle">{_esc(format_number(value))}</text>'
                     f'<text x="{x + col / 2}" y="{height - 8}" text-anchor="middle" font-size="10">{_esc(label)}</text></g>')
    parts.append("</svg>")
    return "".join(parts)


# --------------------------------------------------------------------------------------
# Lists, paged.


def _list_pages(stem: str, title: str, rows: list[tuple], cols: list[str]) -> Iterable[tuple[str, str]]:
    n_pages = max(1, math.ceil(len(rows) / PAGE_ROWS))
    for k in range(1, n_pages + 1):
        chunk = rows[(k - 1) * PAGE_ROWS: k * PAGE_ROWS]
        pager = _pager(stem, k, n_pages)
        body = (f'<p class="meta">{len(rows)} rows · page {k} / {n_pages}</p>{pager}'
                f'<input type="search" class="filter" data-table="t-{stem}" placeholder="検索 / filter rows" '
                f'aria-label="filter">' + _html_table(f"t-{stem}", cols, chunk, raw=True) + pager)
        yield f"{stem}-{k}.html", _page(title, body, stem, depth=0)


def _pager(stem: str, k: int, n: int) -> str:
    if n == 1:
        return ""
    links = []
    for i in range(1, n + 1):
        if i in (1, n) or abs(i - k) <= 3:
            links.append(f'<b>{i}</b>' if i == k else f'<a href="{stem}-{i}.html">{i}</a>')
        elif links[-1] != "…":
            links.append("…")
    return f'<nav class="pager">{" ".join(links)}</nav>'


def _document_rows(docs: list[dict], data: ReportData, links: Links) -> list[tuple]:
    n_mentions = Counter()
    for name in MENTION_TABLES:
        df = data.frames.get(name)
        if df is not None and len(df):
            n_mentions.update(df["doc_id"].value_counts().to_dict())
    rows = []
    for d in sorted(docs, key=lambda d: (_text(d.get("doc_date")) or "9999", doc_title(d))):
        status = _esc(d.get("status")) + (f' <span class="error">{_esc(_short(d.get("error")))}</span>'
                                          if _text(d.get("error")) else "")
        rows.append((links.doc(d["doc_id"], 0), links.body(d.get("body"), 0), _esc(d.get("doc_date")), status,
                     str(n_mentions.get(d["doc_id"], 0)), _esc(d.get("path"))))
    return rows


def _body_rows(bodies: dict[str, dict[str, list[dict]]], links: Links) -> list[tuple]:
    rows = []
    for body, t in bodies.items():
        doc_ids = {r["doc_id"] for name in ("documents", "officials", "facts") for r in t.get(name, [])}
        people = {_text(r.get("person_id")) or _text(r.get("name")) for r in t.get("officials", [])}
        rows.append((links.body(body, 0), str(len(doc_ids)), str(len(people)),
                     str(len({r["product"] for r in t.get("adoption", [])})), str(len(t.get("facts", [])))))
    return rows


# --------------------------------------------------------------------------------------
# A document.


def _document_pages(doc: dict, mentions: dict[str, list[dict]], links: Links) -> Iterable[tuple[str, str]]:
    text = _text(doc.get("text"))
    marks = marks_for(mentions)
    n_parts = max(1, math.ceil(len(text) / TEXT_PAGE_CHARS))
    bounds = _text_parts(text, n_parts)
    title = doc_title(doc)
    for k, (a, b) in enumerate(bounds, start=1):
        meta = " · ".join(x for x in (_esc(doc["doc_id"]), links.body(doc.get("body"), 1), _esc(doc.get("doc_date")),
                                      _esc(doc.get("path")), _esc(doc.get("status"))) if x)
        parts = [f'<p class="meta">{meta}</p>']
        if _text(doc.get("error")):
            parts.append(f'<p class="error">{_esc(doc["error"])}</p>')
        pager = _text_pager(doc["doc_id"], k, n_parts)
        part_marks = [Mark(m.start - a, m.end - a, m.kind, m.label, m.anchor) for m in marks if a <= m.start and m.end <= b]
        parts += [_legend(), pager, f'<pre class="doctext" id="text">{highlight(text[a:b], part_marks)}</pre>', pager]
        if k == 1:
            parts.append(_mention_tables(mentions, marks, bounds, doc["doc_id"]))
        yield "doc/" + doc_file(doc["doc_id"], k), _page(title, "\n".join(parts), "documents", depth=1)


def _text_parts(text: str, n: int) -> list[tuple[int, int]]:
    """``n`` consecutive parts of ``text``, cut at a line end near each even split."""
    cuts = [0]
    for i in range(1, n):
        at = i * len(text) // n
        nl = text.rfind("\n", cuts[-1] + 1, at + 1)
        cuts.append(nl + 1 if nl > cuts[-1] + len(text) // (2 * n) else at)
    cuts.append(len(text))
    return list(zip(cuts, cuts[1:]))


def _text_pager(doc_id: str, k: int, n: int) -> str:
    if n == 1:
        return ""
    links = [f"<b>{i}</b>" if i == k else f'<a href="{doc_file(doc_id, i)}">{i}</a>' for i in range(1, n + 1)]
    return f'<nav class="pager">本文 text: {" ".join(links)}</nav>'


def marks_for(mentions: dict[str, list[dict]]) -> list[Mark]:
    labels = {
        "officials": lambda r: " / ".join(x for x in (_text(r.get("name")), _text(r.get("title")),
                                                      _text(r.get("organization"))) if x),
        "products": lambda r: _text(r.get("product")) + (f" ({_text(r['vendor'])})" if _text(r.get("vendor")) else ""),
        "dates": lambda r: " ".join(x for x in (_text(r.get("value")), _span(r)) if x),
        "figures": _figure_label,
        "entities": lambda r: " / ".join(x for x in (_text(r.get("label")), _text(r.get("fine_label"))) if x),
    }
    marks = []
    for table, kind in MENTION_TABLES.items():
        for i, r in enumerate(mentions.get(table, [])):
            if _num(r.get("start")) is None or _num(r.get("end")) is None:
                continue
            marks.append(Mark(int(r["start"]), int(r["end"]), kind, labels[table](r), f"m-{kind}-{i}"))
    return marks


def _mention_tables(mentions: dict[str, list[dict]], marks: list[Mark], bounds, doc_id: str) -> str:
    """A table per kind; each row's text links to its highlight (on whichever text page)."""
    by_anchor = {m.anchor: m for m in marks}
    out = ['<section id="mentions"><h2>言及 Mentions</h2>']
    for table, kind in MENTION_TABLES.items():
        rows = mentions.get(table, [])
        if not rows:
            continue
        cols = [c for c in schema.columns(table) if c not in ("doc_id", "start", "end", "sent_id", "text")]
        if "body" in rows[0] and "body" not in cols:
            cols.append("body")
        shown = []
        for i, r in enumerate(rows[:MAX_ROWS]):
            m = by_anchor.get(f"m-{kind}-{i}")
            link = _esc(r.get("text"))
            if m is not None:
                part = next(k for k, (a, b) in enumerate(bounds, start=1) if a <= m.start < b or k == len(bounds))
                link = f'<a class="jump" href="{doc_file(doc_id, part)}#{m.anchor}">{link}</a>'
            shown.append((link, *(_cell(r.get(c)) for c in cols)))
        more = f'<p class="note">first {MAX_ROWS} of {len(rows)}</p>' if len(rows) > MAX_ROWS else ""
        out.append(f'<h3><span class="m k-{kind}">{_esc(KIND_LABELS[kind])}</span> '
                   f'<span class="meta">{len(rows)}</span></h3>{more}'
                   + _html_table(f"t-{table}", ["text", *cols], shown, raw=True))
    out.append("</section>")
    return "\n".join(out)


def _legend() -> str:
    items = "".join(f'<label class="m k-{k}"><input type="checkbox" class="kind-toggle" value="{k}" checked> '
                    f'{_esc(KIND_LABELS[k])}</label> ' for k in KINDS)
    return f'<p class="legend">{items}<span class="hint">(hover a highlight for its value)</span></p>'


def highlight(text: str, marks: Iterable[Mark]) -> str:
    """Escaped ``text`` with every mark wrapped in a span; overlapping marks split the
    text into pieces, each carrying all marks that cover it (the shortest one colours it).
    A mark's ``anchor`` becomes the id of its first piece."""
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
        anchors = [m.anchor for m in starting.get(a, []) if m.anchor]
        ids = "".join(f'<a class="anchor" id="{_esc(x)}"></a>' for x in anchors)
        out.append(f'{ids}<span class="{classes}" data-kinds="{" ".join(kinds)}" title="{_esc(tip)}">{piece}</span>')
    return "".join(out)


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


# --------------------------------------------------------------------------------------
# A body.


def _body_page(body: str, rows: dict[str, list[dict]], links: Links) -> str:
    parts = []
    people = _distinct_rows(rows.get("officials", []), ("name", "title", "organization", "doc_id"))
    parts.append(f"<h2>職員 People <span class='meta'>{len(people)}</span></h2>")
    parts.append(_html_table("t-people", ["氏名 name", "役職 title", "所属 organization", "文書 document"],
                             ((_esc(r.get("name")), _esc(r.get("title")), _esc(r.get("organization")),
                               links.doc(r["doc_id"], 1)) for r in people[:MAX_ROWS]), raw=True))
    adoption = sorted(rows.get("adoption", []), key=lambda r: (_text(r.get("first_date")), _text(r.get("product"))))
    parts.append(f"<h2>製品 Products <span class='meta'>{len(adoption)}</span></h2>")
    parts.append(_html_table("t-products", ["製品 product", "ベンダー vendor", "初出 first", "最終 last", "文書数 documents",
                                            "根拠文 evidence"],
                             ((_esc(r.get("product")), _esc(r.get("vendor")), _esc(r.get("first_date")),
                               _esc(r.get("last_date")), _cell(r.get("n_documents")), _cell(r.get("evidence")))
                              for r in adoption[:MAX_ROWS]), raw=True))
    facts = sorted(rows.get("facts", []), key=lambda r: (_text(r.get("date")) or "9999", _text(r.get("subject"))))
    parts.append(f"<h2>数値 Figures <span class='meta'>{len(facts)}</span></h2>")
    more = f'<p class="note">first {MAX_ROWS} of {len(facts)}</p>' if len(facts) > MAX_ROWS else ""
    parts.append(more + _html_table(
        "t-facts", ["日付 date", "対象 subject", "値 value", "単位 unit", "文 sentence", "文書 document"],
        ((_esc(r.get("date")), _esc(r.get("subject")), _value(r), _esc(r.get("unit")), _cell(r.get("sentence")),
          links.doc(r["doc_id"], 1)) for r in facts[:MAX_ROWS]), raw=True))
    doc_ids = list(dict.fromkeys(r["doc_id"] for name in ("documents", "officials", "facts") for r in rows.get(name, [])))
    parts.append(f"<h2>文書 Documents <span class='meta'>{len(doc_ids)}</span></h2><ul class='docs'>"
                 + "".join(f"<li>{links.doc(d, 1)}</li>" for d in doc_ids[:MAX_ROWS]) + "</ul>")
    return "\n".join(parts)


def _distinct_rows(rows: list[dict], keys: tuple[str, ...]) -> list[dict]:
    seen, out = set(), []
    for r in rows:
        k = tuple(_text(r.get(c)) for c in keys)
        if k not in seen:
            seen.add(k)
            out.append(r)
    return sorted(out, key=lambda r: (_text(r.get("name")), _text(r.get("title"))))


def _value(r: dict) -> str:
    v = _num(r.get("value"))
    text = format_number(v) if v is not None else ""
    if _num(r.get("value_max")) is not None:
        text += "～" + format_number(r["value_max"])
    return f'<span class="num">{_esc(_text(r.get("qualifier")))}{_esc(text)}</span>'


def _conflicts(data: ReportData, links: Links) -> str:
    df = data.frames.get("conflicts")
    rows = [] if df is None or not len(df) else df.to_dict("records")
    more = f'<p class="note">first {MAX_ROWS} of {len(rows)}</p>' if len(rows) > MAX_ROWS else ""
    return (f"<p class='meta'>{len(rows)} conflicts</p>{more}" + _html_table(
        "t-conflicts", ["種類 kind", "自治体 body", "項目 key", "時期 period", "A", "B", "文A sentence", "文B sentence"],
        ((_esc(r.get("kind")), links.body(r.get("body"), 0), _esc(r.get("key")), _esc(r.get("period")),
          _esc(r.get("value_a")) + "<br>" + links.doc(r.get("doc_id_a"), 0),
          _esc(r.get("value_b")) + "<br>" + links.doc(r.get("doc_id_b"), 0),
          _cell(r.get("sentence_a")), _cell(r.get("sentence_b"))) for r in rows[:MAX_ROWS]), raw=True))


# --------------------------------------------------------------------------------------
# Pieces.


def _page(title: str, body: str, current: str, depth: int) -> str:
    up = "../" * depth
    nav = "".join(
        f'<a href="{up}{href}"{" aria-current=page" if key == current else ""}>{label}</a>'
        for key, href, label in (("index", "index.html", "概要 Overview"), ("documents", "documents-1.html", "文書 Documents"),
                                 ("bodies", "bodies-1.html", "自治体 Bodies"), ("conflicts", "conflicts.html", "矛盾 Conflicts")))
    return _PAGE.format(title=_esc(title), css=_CSS, js=_JS, nav=nav, body=f"<h1>{_esc(title)}</h1>\n{body}")


def _html_table(table_id: str, cols: list[str], rows: Iterable[tuple], raw: bool = False) -> str:
    """A sortable table; ``raw`` rows hold HTML already escaped, else values."""
    head = "".join(f'<th scope="col" tabindex="0">{_esc(c)}</th>' for c in cols)
    fmt = (lambda v: v) if raw else _cell
    body = "\n".join("<tr>" + "".join(f"<td>{fmt(v)}</td>" for v in row) + "</tr>" for row in rows)
    return (f'<table class="data sortable" id="{_esc(table_id)}"><thead><tr>{head}</tr></thead>'
            f'<tbody>\n{body}\n</tbody></table>')


def _cell(value) -> str:
    if hasattr(value, "tolist") and not isinstance(value, str):
        value = value.tolist()  # a numpy array or scalar (numpy.int32 ...) as Python values
    if isinstance(value, str) and value.startswith("[{"):
        value = _json_list(value)
    if isinstance(value, (list, tuple)):
        value = "; ".join(_text(v) for v in value)
    elif isinstance(value, float):
        value = "" if math.isnan(value) else format_number(value)
    text = _text(value)
    if len(text) > MAX_CELL_CHARS:
        return f'<span title="{_esc(text[:4000])}">{_esc(text[:MAX_CELL_CHARS])}…</span>'
    return _esc(text)


def _json_list(value: str):
    """``people.posts``-style JSON as readable text (title organization (date); ...)."""
    try:
        items = json.loads(value)
    except ValueError:
        return value
    return [" ".join(_text(i.get(k)) for k in ("title", "organization", "date") if _text(i.get(k))) if isinstance(i, dict)
            else _text(i) for i in items]


def _short(x, n: int = 80) -> str:
    t = _text(x)
    return t if len(t) <= n else t[: n - 1] + "…"


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
<title>{title}</title>
<style>{css}</style>
</head>
<body>
<nav class="top">{nav}</nav>
<main>
{body}
</main>
<script>{js}</script>
</body>
</html>
"""

_CSS = """
body { font-family: "Noto Sans CJK JP", "Hiragino Sans", "Yu Gothic", Meiryo, sans-serif; margin: 0; color: #222; }
main { margin: 1em 1.5em; }
nav.top { background: #2f3e4e; padding: 0.5em 1.5em; position: sticky; top: 0; z-index: 2; }
nav.top a { color: #fff; margin-right: 1.5em; text-decoration: none; } nav.top a[aria-current] { font-weight: bold; text-decoration: underline; }
h1 { font-size: 1.4em; } h2 { font-size: 1.15em; margin-top: 1.6em; border-bottom: 1px solid #ccc; }
.meta { color: #777; font-size: 0.85em; font-weight: normal; }
.error { color: #b00020; } .note, .hint { color: #777; font-size: 0.85em; }
pre.doctext { white-space: pre-wrap; word-break: break-all; line-height: 1.9; background: #fafafa;
  border: 1px solid #eee; padding: 0.8em; font-family: inherit; }
.m { border-radius: 3px; padding: 0 1px; cursor: help; }
.k-official { background: #ffd0d0; } .k-product { background: #cfe3ff; } .k-date { background: #d3f2c8; }
.k-figure { background: #ffe2a8; } .k-entity { background: #eadcff; }
.m.multi { box-shadow: inset 0 -2px 0 #555; }
body.hide-official .m.k-official, body.hide-product .m.k-product, body.hide-date .m.k-date,
body.hide-figure .m.k-figure, body.hide-entity .m.k-entity { background: none; box-shadow: none; }
a.anchor { scroll-margin-top: 4em; } .m.current { outline: 3px solid #d62728; }
.legend label { margin-right: 0.4em; padding: 1px 4px; }
.charts { display: flex; flex-wrap: wrap; gap: 1.5em; } figure.chart { margin: 0; }
figure.chart figcaption { font-weight: bold; margin-bottom: 0.3em; }
table.data { border-collapse: collapse; font-size: 0.85em; margin: 0.4em 0 1em; }
table.data th, table.data td { border: 1px solid #ddd; padding: 2px 6px; vertical-align: top; max-width: 40em; }
table.data td:has(> span[title]), table.data td { min-width: 3em; }
table.data th { background: #f0f0f0; cursor: pointer; position: sticky; top: 2.4em; white-space: nowrap; }
table.data th[aria-sort=ascending]::after { content: " ▲"; } table.data th[aria-sort=descending]::after { content: " ▼"; }
#t-facts td:nth-child(5), #t-products td:nth-child(6), #t-conflicts td:nth-child(7), #t-conflicts td:nth-child(8) { min-width: 24em; }
.num { white-space: nowrap; } nav.pager { margin: 0.5em 0; } nav.pager a, nav.pager b { margin-right: 0.4em; }
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
  function markTarget() {  // the highlight a #m-... link points at (several may start at one place)
    document.querySelectorAll('.m.current').forEach(function (e) { e.classList.remove('current'); });
    var el = location.hash ? document.getElementById(decodeURIComponent(location.hash.slice(1))) : null;
    while (el && !(el.classList && el.classList.contains('m'))) { el = el.nextElementSibling; }
    if (el) { el.classList.add('current'); }
  }
  window.addEventListener('hashchange', markTarget);
  markTarget();
  document.querySelectorAll('input.kind-toggle').forEach(function (box) {
    box.addEventListener('change', function () { document.body.classList.toggle('hide-' + box.value, !box.checked); });
  });
}());
"""

__all__ = ["write_report", "save_last_run", "render_site", "highlight", "marks_for", "bar_chart", "column_chart", "Mark", "REPORT_DIR"]
