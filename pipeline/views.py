"""Cross-document views for analysts: ``people``, ``adoption``, ``facts``, ``conflicts``.

They are built in Python from the store's tables, one document at a time (which sentence
a mention is in, which body and which date it is nearest to), then written into the
DuckDB connection as tables, so a later reader needs no user-defined function, and as
Parquet beside ``pipeline.duckdb``.

How a mention is tied to a body and a date (the same recipe everywhere):

- *body*: the bodies named in the same sentence, else the nearest body named before it
  in the document (section headings such as ``ア 神戸市の行政DX``), else the document's
  main subject (its most-mentioned public body). Body names come from the officials'
  organizations and the ORG/LOC entities, and every further occurrence of those names in
  the text counts as a mention too.
- *date*: a date in the same sentence, else the nearest date mentioned before it, else
  the document's own date. Each row says which of these it used (``*_basis``).
"""
from __future__ import annotations

import bisect
import json
import math
import re
from collections import Counter, defaultdict, namedtuple
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from pipeline import schema
from pipeline.store import transaction

# --------------------------------------------------------------------------------------
# The views' columns (types as in pipeline.schema).

VIEWS: dict[str, list[tuple[str, str]]] = {
    "people": [
        ("person_id", "VARCHAR"), ("name", "VARCHAR"), ("n_documents", "INTEGER"),
        ("titles", "VARCHAR[]"), ("organizations", "VARCHAR[]"), ("bodies", "VARCHAR[]"),
        ("doc_ids", "VARCHAR[]"), ("doc_titles", "VARCHAR[]"), ("first_date", "VARCHAR"),
        ("last_date", "VARCHAR"), ("posts", "VARCHAR"),  # JSON list: title, organization, body, doc_id, doc_date, date, text
    ],
    "adoption": [
        ("body", "VARCHAR"), ("units", "VARCHAR[]"), ("product", "VARCHAR"), ("vendor", "VARCHAR"),
        ("category", "VARCHAR"), ("n_mentions", "INTEGER"), ("n_documents", "INTEGER"),
        ("score", "DOUBLE"), ("basis", "VARCHAR"), ("first_date", "VARCHAR"), ("last_date", "VARCHAR"),
        ("doc_ids", "VARCHAR[]"), ("doc_titles", "VARCHAR[]"), ("evidence", "VARCHAR"),
    ],
    "facts": [
        ("doc_id", "VARCHAR"), ("doc_title", "VARCHAR"), ("doc_body", "VARCHAR"),
        ("organization", "VARCHAR"), ("body", "VARCHAR"), ("org_basis", "VARCHAR"),
        ("subject", "VARCHAR"), ("value", "DOUBLE"), ("value_max", "DOUBLE"), ("unit", "VARCHAR"),
        ("unit_category", "VARCHAR"), ("qualifier", "VARCHAR"), ("date", "VARCHAR"), ("year", "INTEGER"),
        ("date_basis", "VARCHAR"), ("doc_date", "VARCHAR"), ("start", "INTEGER"), ("end", "INTEGER"),
        ("text", "VARCHAR"), ("sent_id", "INTEGER"), ("sentence", "VARCHAR"),
    ],
    "conflicts": [
        ("kind", "VARCHAR"), ("body", "VARCHAR"), ("organization", "VARCHAR"), ("key", "VARCHAR"),
        ("period", "VARCHAR"), ("value_a", "VARCHAR"), ("value_b", "VARCHAR"),
        ("doc_id_a", "VARCHAR"), ("doc_id_b", "VARCHAR"), ("title_a", "VARCHAR"), ("title_b", "VARCHAR"),
        ("text_a", "VARCHAR"), ("text_b", "VARCHAR"),
        ("sentence_a", "VARCHAR"), ("sentence_b", "VARCHAR"),
    ],
}

# Weight of one product mention for a body, by how the body was found.
BASIS_WEIGHT = {"sentence": 1.0, "preceding": 0.6, "main_subject": 0.4}

# --------------------------------------------------------------------------------------
# Organizations: unit as written -> body (大阪市ICT戦略室 -> 大阪市).

_NAME_CHAR = r"[一-龥々〆ヶヵぁ-んァ-ヴー]"
_NOT_UNIT_CHAR = r"(?![局部課室係所会庁省立])"  # 市民局市民課 is not a city
_PREFECTURE = r"(?P<pref>北海道|東京都|京都府|大阪府|" + _NAME_CHAR + r"{2,3}?県)"
_MUNICIPALITY = (
    r"(?P<muni>(?:" + _NAME_CHAR + r"{1,4}?郡)?(?:" + _NOT_UNIT_CHAR + _NAME_CHAR + r"){1,5}?(?:市|町|村))"
    r"(?P<muni_tail>市)?"  # 四日市市, 廿日市市
)
_TOKYO_WARD = r"(?P<ward>(?:" + _NOT_UNIT_CHAR + _NAME_CHAR + r"){1,4}?区)"
_BODY_PREFIX = re.compile(
    r"^(?:" + _PREFECTURE + r")?(?:" + _MUNICIPALITY + r"|" + _TOKYO_WARD + r")?(?!立)"
)
_NATIONAL_BODY = re.compile(r"^(?P<body>.+?(?:省|庁))(?!舎)")
_COMPANY_SUFFIX = re.compile(r"^(?P<body>.+?(?:株式会社|有限会社|合同会社))")
_COMPANY = re.compile(r"株式会社|有限会社|合同会社|\(株\)|（株）")
_PUBLIC_SUFFIX = re.compile(r"(?:市|区|町|村|県|府|都|道|省|庁|議会|市会|役所|役場|局|部|課|室|係|センター)$")
_OFFICE_SUFFIX = re.compile(r"(?:役所|役場|庁舎|県庁|府庁|都庁|道庁)$")
# Words ending in 市/町/県... that name no particular body.
_GENERIC_PLACES = frozenset(
    "都市 市町村 区市町村 市区町村 都道府県 同市 本市 当市 各市 全市 他市 両市 貴市 同町 本町 当町 "
    "同村 同県 本県 当県 各県 他県 同区 各区 全区 政令市 中核市 特別区 道府県 都道 県道 市道 町村".split()
)


def fallback_organization_body(org: str | None) -> str | None:
    """The body a unit belongs to: the municipality or prefecture it starts with, the
    ministry/agency, or the company; else the organization itself."""
    return _classify(org)[0]


def _classify(org: str | None) -> tuple[str | None, str | None]:
    """(body, 'public' | 'company' | None) for an organization as written."""
    org = _compact(org)
    if not org:
        return None, None
    m = _BODY_PREFIX.match(org)
    if m and m.group("muni"):
        muni = m.group("muni") + (m.group("muni_tail") or "")
        return re.sub(r"^" + _NAME_CHAR + r"{1,4}?郡", "", muni), "public"
    if m and m.group("ward"):
        return m.group("ward"), "public"
    if m and m.group("pref"):
        return m.group("pref"), "public"
    m = _COMPANY_SUFFIX.match(org)
    if m:
        return m.group("body"), "company"
    m = _NATIONAL_BODY.match(org)
    if m:
        return m.group("body"), "public"
    if _COMPANY.search(org):
        return org, "company"
    return (_OFFICE_SUFFIX.sub("", org) or org), None


@lru_cache(maxsize=1)
def _officials_body_helper() -> Callable[[str], str | None] | None:
    try:
        from pipeline.extractors.officials import organization_body  # type: ignore[attr-defined]
    except Exception:  # not written yet, or its module fails to load: the views still work
        return None
    return organization_body if callable(organization_body) else None


@lru_cache(maxsize=65536)
def organization_body(org: str | None) -> str | None:
    """Body of an organization: the officials extractor's helper when it exists, else the
    fallback above (also when the helper fails or returns nothing)."""
    helper = _officials_body_helper()
    if helper is not None and org:
        try:
            body = helper(org)
        except Exception:  # a helper bug must not break the views
            body = None
        if body:
            return _compact(body)
    return fallback_organization_body(org)


@lru_cache(maxsize=65536)
def body_kind(name: str | None) -> str | None:
    """'public' (municipality, prefecture, ministry, agency), 'company', or None when the
    name is no particular body (都市, 同市, ICT戦略室 on its own)."""
    name = _compact(name)
    if not name or len(name) < 2 or name in _GENERIC_PLACES:
        return None
    body, kind = _classify(name)
    if body in _GENERIC_PLACES:
        return None
    if kind == "public" and not _PUBLIC_SUFFIX.search(name):
        return None  # 大阪市ICT戦略 (a plan) names no body; 大阪市ICT戦略室 is a unit of one
    return kind


def _compact(s: str | None) -> str | None:
    if s is None or (isinstance(s, float) and math.isnan(s)):
        return None
    return re.sub(r"\s+", "", str(s)) or None


# --------------------------------------------------------------------------------------
# Dates: sortable keys and years from the contract's values (2016, 2016-03, FY2018, ...).

_YEAR = re.compile(r"(\d{4})")


def date_year(value: str | None) -> int | None:
    m = _YEAR.search(value or "")
    return int(m.group(1)) if m else None


def date_sort_key(value: str | None, start_date: str | None = None) -> str | None:
    if start_date:
        return start_date[:10]
    if not value:
        return None
    if value.startswith("FY"):
        return f"{value[2:6]}-04-01"
    v = value[:10]
    return {4: v + "-01-01", 7: v + "-01"}.get(len(v), v)


# --------------------------------------------------------------------------------------
# One document's index: sentences, dated mentions, body mentions.


@dataclass(frozen=True)
class BodyMention:
    start: int
    end: int
    sent_id: int | None
    unit: str
    body: str
    kind: str  # public / company


@dataclass(frozen=True)
class DateAt:
    start: int
    sent_id: int | None
    value: str
    key: str | None


@dataclass(frozen=True)
class Resolved:
    value: str | None
    basis: str | None  # sentence / preceding / document / main_subject


class DocIndex:
    """Where things are in one document, to tie a mention to its sentence, body and date."""

    def __init__(self, doc: dict, part: dict[str, list]):
        self.doc_id = doc["doc_id"]
        self.doc_date = _none(doc.get("doc_date"))
        self.text = _none(doc.get("text")) or ""
        sents = sorted(part["sentences"], key=lambda r: r.start)
        self._sent_starts = [int(r.start) for r in sents]
        self._sent_ids = [int(r.sent_id) for r in sents]
        self._sents = {int(r.sent_id): (int(r.start), int(r.end), r.text) for r in sents}
        self.dates = sorted(
            (DateAt(int(r.start), self._sent(r.sent_id, r.start), r.value, date_sort_key(r.value, _none(r.start_date)))
             for r in part["dates"] if _none(r.value)),
            key=lambda d: d.start,
        )
        self.bodies = find_body_mentions(self.text, part["officials"], part["entities"], self.sentence_at)
        self.main_subject = _main_subject(self.bodies)

    def _sent(self, sent_id, pos) -> int | None:
        sid = _none(sent_id)
        if sid is not None:
            return int(sid)
        return self.sentence_at(int(pos))

    def sentence_at(self, pos: int) -> int | None:
        i = bisect.bisect_right(self._sent_starts, pos) - 1
        return self._sent_ids[i] if i >= 0 else None

    def sent_of(self, row) -> int | None:
        return self._sent(getattr(row, "sent_id", None), row.start)

    def sentence_text(self, sent_id: int | None) -> str | None:
        if sent_id is None or sent_id not in self._sents:
            return None
        return self._sents[sent_id][2]

    def date_for(self, sent_id: int | None, pos: int, *, within_sentences: int | None = None) -> Resolved:
        same = [d for d in self.dates if sent_id is not None and d.sent_id == sent_id]
        if same:
            before = [d for d in same if d.start <= pos]
            return Resolved((before[-1] if before else same[0]).value, "sentence")
        before = [d for d in self.dates if d.start < pos]
        if before and (within_sentences is None or _sentence_gap(before[-1].sent_id, sent_id) <= within_sentences):
            return Resolved(before[-1].value, "preceding")
        if self.doc_date:
            return Resolved(self.doc_date, "document")
        return Resolved(None, None)

    def bodies_for(self, sent_id: int | None, pos: int, *, sentence_kinds=("public",),
                   kinds=("public",)) -> tuple[list[BodyMention], str | None]:
        """Bodies a mention at ``pos`` is about, and how they were found."""
        same = [b for b in self.bodies if b.kind in sentence_kinds and sent_id is not None and b.sent_id == sent_id]
        if same:
            return _distinct_bodies(same), "sentence"
        before = [b for b in self.bodies if b.kind in kinds and b.end <= pos]
        if before:
            return [before[-1]], "preceding"
        main = self.main_subject
        if main is not None and main.kind in kinds:
            return [main], "main_subject"
        return [], None


def _sentence_gap(a: int | None, b: int | None) -> int:
    if a is None or b is None:
        return 0
    return abs(b - a)


def _distinct_bodies(mentions: list[BodyMention]) -> list[BodyMention]:
    seen: dict[str, BodyMention] = {}
    for m in mentions:
        if m.body not in seen or len(m.unit) > len(seen[m.body].unit):
            seen[m.body] = m
    return list(seen.values())


def _main_subject(bodies: list[BodyMention]) -> BodyMention | None:
    """The most-mentioned public body (else any body); ties go to the earliest named."""
    for kinds in (("public",), ("public", "company")):
        pool = [b for b in bodies if b.kind in kinds]
        if pool:
            counts = Counter(b.body for b in pool)
            first = {}
            for b in pool:
                first.setdefault(b.body, b)
            best = max(counts, key=lambda name: (counts[name], -first[name].start))
            return first[best]
    return None


def find_body_mentions(text: str, officials: list, entities: list,
                       sent_at: Callable[[int], int | None]) -> list[BodyMention]:
    """Bodies named in a document: officials' organizations, ORG/LOC entities naming a
    body, and every further occurrence of those names in the text."""
    found: list[BodyMention] = []
    names: dict[str, tuple[str, str]] = {}
    for r in officials:
        unit = _compact(r.organization)
        kind = body_kind(unit) or (body_kind(organization_body(unit)) if unit else None)
        if not unit or kind is None:
            continue
        body = organization_body(unit)
        found.append(BodyMention(int(r.start), int(r.end), sent_at(int(r.start)), unit, body, kind))
        names.setdefault(body, (body, kind))
    for r in entities:
        if r.label not in ("ORG", "LOC", "FACILITY"):
            continue
        unit = _compact(r.text)
        kind = body_kind(unit)
        if kind is None:
            continue
        body = organization_body(unit)
        found.append(BodyMention(int(r.start), int(r.end), sent_at(int(r.start)), unit, body, kind))
        names.setdefault(unit, (body, kind))
        names.setdefault(body, (body, kind))
    for name, (body, kind) in names.items():
        for start in _occurrences(text, name):
            found.append(BodyMention(start, start + len(name), sent_at(start), name, body, kind))
    return _longest_first(found)


def _occurrences(text: str, needle: str) -> Iterable[int]:
    if len(needle) < 2:
        return
    i = text.find(needle)
    while i >= 0:
        yield i
        i = text.find(needle, i + 1)


def _longest_first(mentions: list[BodyMention]) -> list[BodyMention]:
    """Drop mentions inside a longer one (大阪市 inside 大阪市ICT戦略室) and duplicates."""
    kept: list[BodyMention] = []
    max_end = -1  # the kept mention reaching furthest started at or before this one
    for m in sorted(mentions, key=lambda m: (m.start, -(m.end - m.start))):
        if m.end <= max_end:
            continue
        kept.append(m)
        max_end = m.end
    return kept


# --------------------------------------------------------------------------------------
# Reading the store.


def _none(x):
    if x is None:
        return None
    if isinstance(x, float) and math.isnan(x):
        return None
    try:
        if pd.isna(x):
            return None
    except (TypeError, ValueError):
        pass
    return x


def _plain_column(values: pd.Series) -> list:
    """A column's values as a list, NaN / NA / NaT read as None (``_none``, a column at once)."""
    return values.astype(object).where(values.notna(), None).tolist()


def _existing_tables(con) -> set[str]:
    rows = con.execute("SELECT table_name FROM information_schema.tables").fetchall()
    return {r[0] for r in rows}


def read_table(con, table: str, doc_ids: list[str] | None = None, tables: set[str] | None = None) -> pd.DataFrame:
    """A table's rows (of the documents ``doc_ids`` only, when given); ``tables``: the
    tables ``con`` has, when known."""
    cols = schema.columns(table)
    if table not in (tables if tables is not None else _existing_tables(con)):
        return pd.DataFrame(columns=cols)
    have = {r[0] for r in con.execute(f'DESCRIBE "{table}"').fetchall()}
    select = ", ".join(f'"{c}"' if c in have else f'NULL AS "{c}"' for c in cols)
    where, params = ("", []) if doc_ids is None else (" WHERE doc_id IN (SELECT unnest(?))", [list(doc_ids)])
    # sorted: the views pick examples and list ids in row order, which must not depend on
    # the order documents happened to be stored in (a resumed run stores them differently)
    return con.execute(f'SELECT {select} FROM "{table}"{where} ORDER BY ALL', params).df()


@dataclass
class StoredTables:
    documents: pd.DataFrame
    sentences: pd.DataFrame
    entities: pd.DataFrame
    officials: pd.DataFrame
    products: pd.DataFrame
    dates: pd.DataFrame
    figures: pd.DataFrame
    _indexes: list | None = None

    @classmethod
    def read(cls, con, doc_ids: list[str] | None = None) -> StoredTables:
        """Every stored document (or only ``doc_ids``) that was read without error."""
        tables = _existing_tables(con)
        docs = read_table(con, "documents", doc_ids, tables)
        docs = docs[docs["status"].fillna("ok") == "ok"] if len(docs) else docs
        return cls(docs, *(read_table(con, t, doc_ids, tables) for t in
                           ("sentences", "entities", "officials", "products", "dates", "figures")))

    def indexes(self) -> list[tuple[DocIndex, dict[str, list]]]:
        """Each document's index with its rows per table (built once, on first use)."""
        if self._indexes is None:
            tables = ("sentences", "entities", "officials", "products", "dates", "figures")
            groups = {t: _rows_by_doc(t, getattr(self, t)) for t in tables}
            self._indexes = []
            for doc in self.documents.to_dict("records"):
                part = {t: groups[t].get(doc["doc_id"], []) for t in tables}
                self._indexes.append((DocIndex(doc, part), part))
        return self._indexes


def _rows_by_doc(table: str, df: pd.DataFrame) -> dict[str, list]:
    """A table's rows as named tuples (NaN read as None), grouped by document."""
    row = namedtuple(table, list(df.columns))  # noqa: PYI024 - a plain record
    columns = [_plain_column(df[c]) for c in df.columns]
    out: dict[str, list] = defaultdict(list)
    for values in zip(*columns):
        r = row(*values)
        out[r.doc_id].append(r)
    return out


# --------------------------------------------------------------------------------------
# The four views, in two steps: what each document contributes (``document_items``: its
# mentions tied to their sentence, body and date, which needs only that document; and its
# rows of ``facts``, ``fact_rows``), then the views from the items of every document in
# doc_id order. A re-run keeps each document's items in the store and its facts in the
# view (``refresh_views``), and computes them again only for the documents that changed.


def document_items(idx: DocIndex, part: dict[str, list]) -> dict[str, list]:
    """One document's contribution to people, adoption and the post conflicts (plain
    values: stored as JSON)."""
    return {"posts": people_posts(idx, part), "mentions": adoption_mentions(idx, part),
            "holders": post_holders(idx, part)}


def people_posts(idx: DocIndex, part: dict[str, list]) -> list[dict]:
    out = []
    for r in part["officials"]:
        sid = idx.sent_of(r)
        when = idx.date_for(sid, int(r.start), within_sentences=2)
        org = _compact(r.organization) or ""
        out.append({
            "person_id": _none(r.person_id) or f"{idx.doc_id}:{r.name}", "name": _none(r.name) or "",
            "post": {
                "title": _none(r.title) or "", "organization": org,
                "body": _none(getattr(r, "body", None)) or organization_body(org) or "",  # whose unit (財政課 → ○○市)
                "doc_id": idx.doc_id, "doc_date": idx.doc_date,
                "date": when.value, "text": r.text,
            },
        })
    return out


def people_from(items: list[dict]) -> pd.DataFrame:
    posts: dict[str, list[dict]] = defaultdict(list)
    names: dict[str, dict[str, int]] = defaultdict(dict)  # person id -> name -> count, first seen first
    for doc in items:
        for p in doc["posts"]:
            posts[p["person_id"]].append(p["post"])
            counts = names[p["person_id"]]
            counts[p["name"]] = counts.get(p["name"], 0) + 1
    rows = []
    for pid, ps in posts.items():
        dated = sorted((p["date"] for p in ps if p["date"]), key=lambda v: date_sort_key(v) or "")
        counts = names[pid]
        rows.append({
            "person_id": pid,
            "name": max(counts, key=lambda n: (len(n), counts[n])),
            "n_documents": len({p["doc_id"] for p in ps}),
            "titles": _distinct(p["title"] for p in ps),
            "organizations": _distinct(p["organization"] for p in ps),
            "bodies": _distinct(p["body"] for p in ps),
            "doc_ids": _distinct(p["doc_id"] for p in ps),
            "first_date": dated[0] if dated else None, "last_date": dated[-1] if dated else None,
            "posts": json.dumps(_distinct_posts(ps), ensure_ascii=False),
        })
    return _frame("people", rows, sort=["name", "person_id"])


def _distinct(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


def _distinct_posts(posts: list[dict]) -> list[dict]:
    seen, out = set(), []
    for p in posts:
        key = (p["title"], p["organization"], p["doc_id"], p["date"])
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out


def adoption_mentions(idx: DocIndex, part: dict[str, list]) -> list[dict]:
    """A product mention per body it is tied to."""
    out = []
    for r in part["products"]:
        sid = idx.sent_of(r)
        bodies, basis = idx.bodies_for(sid, int(r.start))
        when = idx.date_for(sid, int(r.start))
        for b in bodies:
            out.append({"body": b.body, "unit": b.unit, "product": r.product, "vendor": _none(r.vendor),
                        "category": _none(r.category), "doc_id": idx.doc_id, "basis": basis,
                        "date": when.value, "sentence": idx.sentence_text(sid)})
    return out


def adoption_from(items: list[dict]) -> pd.DataFrame:
    acc: dict[tuple[str, str], dict] = {}
    for doc in items:
        for m in doc["mentions"]:
            basis = m["basis"]
            a = acc.setdefault((m["body"], m["product"]), {
                "body": m["body"], "units": [], "product": m["product"], "vendor": m["vendor"],
                "category": m["category"], "n_mentions": 0, "doc_ids": [], "score": 0.0,
                "bases": Counter(), "dates": [], "evidence": None,
            })
            a["units"].append(m["unit"])
            a["n_mentions"] += 1
            a["doc_ids"].append(m["doc_id"])
            a["score"] += BASIS_WEIGHT[basis]
            a["bases"][basis] += 1
            if m["date"]:
                a["dates"].append(m["date"])
            if a["evidence"] is None or (basis == "sentence" and a["bases"][basis] == 1):
                a["evidence"] = m["sentence"]
    rows = []
    for a in acc.values():
        dated = sorted(a.pop("dates"), key=lambda v: date_sort_key(v) or "")
        bases = a.pop("bases")
        rows.append({
            **a, "units": _distinct(a["units"]), "doc_ids": _distinct(a["doc_ids"]),
            "n_documents": len(set(a["doc_ids"])), "score": round(a["score"], 3),
            "basis": min(bases, key=lambda k: -BASIS_WEIGHT[k]),
            "first_date": dated[0] if dated else None, "last_date": dated[-1] if dated else None,
        })
    return _frame("adoption", rows, sort=["body", "product"])


def fact_rows(idx: DocIndex, part: dict[str, list]) -> list[dict]:
    rows = []
    for r in part["figures"]:
        sid = idx.sent_of(r)
        # A company counts only in the figure's own sentence (熊本市は…株式会社と連携し…47億円).
        bodies, basis = idx.bodies_for(sid, int(r.start), sentence_kinds=("public", "company"))
        body = sentence_subject(bodies, int(r.start), idx.text)
        when = idx.date_for(sid, int(r.start))
        rows.append({
            "doc_id": idx.doc_id, "organization": body.unit if body else None,
            "body": body.body if body else None, "org_basis": basis,
            "subject": _none(r.subject), "value": _none(r.value), "value_max": _none(r.value_max),
            "unit": _none(r.unit), "unit_category": _none(r.unit_category), "qualifier": _none(r.qualifier),
            "date": when.value, "year": date_year(when.value), "date_basis": when.basis,
            "doc_date": idx.doc_date, "start": int(r.start), "end": int(r.end), "text": r.text,
            "sent_id": sid, "sentence": idx.sentence_text(sid),
        })
    return rows


def in_fact_order(facts: Iterable[dict]) -> list[dict]:
    """Facts in the order the figure conflicts read them (``FACT_ORDER``)."""
    return sorted(facts, key=lambda f: (f["doc_id"], f["start"], f["end"], f["text"] or ""))


FACT_ORDER = "doc_id, start, \"end\", coalesce(text, '')"


def facts_from(facts: list[dict]) -> pd.DataFrame:
    return _frame("facts", facts, sort=["doc_id", "start"])


_TOPIC_MARKER = re.compile(r"(?:は|では|が|も|として)")


def sentence_subject(bodies: list[BodyMention], pos: int, text: str) -> BodyMention | None:
    """Of the bodies in a sentence, the one it is about: a topic or subject (熊本市は,
    大阪市では, 本市が), else the nearest one before ``pos``, else the first."""
    if not bodies:
        return None
    topics = [b for b in bodies if _TOPIC_MARKER.match(text, b.end)]
    if topics:
        return min(topics, key=lambda b: b.start)
    before = [b for b in bodies if b.start <= pos]
    return max(before, key=lambda b: b.start) if before else min(bodies, key=lambda b: b.start)


# Posts with one holder at a time in their unit: heads (市長, 課長, 代表取締役社長, 委員長 ...),
# not deputies or the many 担当係長 of one office.
_SINGLE_HOLDER = re.compile(r"(?:長|知事|大臣|長官|総裁|頭取)$")
_SHARED_POST = re.compile(r"副|次長|担当|補佐|代理|心得|総括|主任|^(?:議員|委員|理事|参与|顧問)$")
_BODY_HEAD = {"市長": "市", "町長": "町", "村長": "村", "区長": "区", "知事": "県府都道"}


def is_single_holder_post(title: str | None) -> bool:
    title = _compact(title) or ""
    return bool(_SINGLE_HOLDER.search(title)) and not _SHARED_POST.search(title)


def post_unit(title: str, organization: str) -> str:
    """The unit a post heads: the body for 市長/知事 (大阪市役所 -> 大阪市), else the unit."""
    body = organization_body(organization) or organization
    head_of = _BODY_HEAD.get(title)
    if head_of and body and body[-1] in head_of:
        return body
    return _OFFICE_SUFFIX.sub("", organization) or organization


def conflicts_from(items: list[dict], facts: list[dict]) -> pd.DataFrame:
    return _frame("conflicts", post_conflicts(items) + figure_conflicts(facts),
                  sort=["kind", "body", "key", "period"])


def post_holders(idx: DocIndex, part: dict[str, list]) -> list[dict]:
    """Holders of single-holder posts, keyed by (unit, title, year)."""
    out = []
    for r in part["officials"]:
        title, org = _compact(r.title), _compact(r.organization)
        if not title or not org or not is_single_holder_post(title):
            continue
        sid = idx.sent_of(r)
        year = date_year(idx.date_for(sid, int(r.start), within_sentences=2).value)
        if year is None:
            continue
        out.append({"key": [post_unit(title, org), title, year], "holder": {
            "person_id": _none(r.person_id), "name": _compact(r.name) or "", "doc_id": idx.doc_id,
            "organization": org, "text": r.text, "sentence": idx.sentence_text(sid),
        }})
    return out


def post_conflicts(items: list[dict]) -> list[dict]:
    holders: dict[tuple[str, str, int], list[dict]] = defaultdict(list)
    for doc in items:
        for h in doc["holders"]:
            holders[tuple(h["key"])].append(h["holder"])
    rows = []
    for (unit, title, year), hs in holders.items():
        for a, b in _pairs(_one_per(hs, lambda h: h["person_id"] or h["name"])):
            if a["doc_id"] == b["doc_id"] or _same_person(a, b):
                continue
            rows.append({
                "kind": "post", "body": organization_body(unit), "organization": unit, "key": title,
                "period": str(year), "value_a": a["name"], "value_b": b["name"],
                "doc_id_a": a["doc_id"], "doc_id_b": b["doc_id"], "text_a": a["text"], "text_b": b["text"],
                "sentence_a": a["sentence"], "sentence_b": b["sentence"],
            })
    return rows


def _same_person(a: dict, b: dict) -> bool:
    if a["person_id"] and a["person_id"] == b["person_id"]:
        return True
    na, nb = a["name"], b["name"]
    return bool(na and nb and (na.startswith(nb) or nb.startswith(na)))  # 橋下 / 橋下徹


def figure_conflicts(facts: list[dict]) -> list[dict]:
    groups: dict[tuple, list[dict]] = defaultdict(list)
    for f in facts:
        subject = _compact(_none(f["subject"]))
        if not f["body"] or not subject or not f["date"] or _none(f["value"]) is None:
            continue
        groups[(f["body"], subject, f["date"], f["unit"])].append(f)
    rows = []
    for (body, subject, date, unit), fs in groups.items():
        for a, b in _pairs(_one_per(fs, lambda f: (f["value"], _none(f["value_max"])))):
            if a["doc_id"] == b["doc_id"] or _same_value(a, b):
                continue
            rows.append({
                "kind": "figure", "body": body, "organization": a["organization"], "key": subject,
                "period": date, "value_a": _format_value(a), "value_b": _format_value(b),
                "doc_id_a": a["doc_id"], "doc_id_b": b["doc_id"], "text_a": a["text"], "text_b": b["text"],
                "sentence_a": a["sentence"], "sentence_b": b["sentence"],
            })
    return rows


def _same_value(a: dict, b: dict) -> bool:
    return a["value"] == b["value"] and _none(a["value_max"]) == _none(b["value_max"])


def _format_value(f: dict) -> str:
    v = format_number(f["value"])
    if _none(f.get("value_max")) is not None:
        v += "～" + format_number(f["value_max"])
    return v + (_none(f["unit"]) or "")


def format_number(x: float) -> str:
    """4700000000.0 -> '4,700,000,000'; 0.5 -> '0.5'."""
    return f"{int(x):,}" if float(x).is_integer() else f"{x:,.6g}"


def _one_per(items: list[dict], key: Callable[[dict], object]) -> list[dict]:
    """The first source of each distinct claim: a conflict is listed once per pair of
    claims, however many documents repeat them."""
    first: dict[object, dict] = {}
    for item in items:
        first.setdefault(key(item), item)
    return list(first.values())


def _pairs(items: list[dict]) -> Iterable[tuple[dict, dict]]:
    for i, a in enumerate(items):
        for b in items[i + 1:]:
            yield a, b


def _frame(view: str, rows: list[dict], sort: list[str]) -> pd.DataFrame:
    cols = [c for c, _ in VIEWS[view]]
    df = pd.DataFrame(rows, columns=cols)
    if len(df):
        df = df.sort_values(sort, kind="stable", na_position="last").reset_index(drop=True)
    return df


def build_views(con) -> dict[str, pd.DataFrame]:
    store = StoredTables.read(con)
    items = [document_items(idx, part) for idx, part in store.indexes()]
    facts = in_fact_order(f for idx, part in store.indexes() for f in fact_rows(idx, part))
    frames = {**cross_document_views(items, facts), "facts": facts_from(facts)}
    return {view: with_document_labels(frames[view], store.documents) for view in VIEWS}


def cross_document_views(items: list[dict], facts: list[dict]) -> dict[str, pd.DataFrame]:
    """people, adoption and conflicts from every document's items (in doc_id order) and
    the facts (``in_fact_order``; only those with a body, subject, date and value count)."""
    return {"people": people_from(items), "adoption": adoption_from(items),
            "conflicts": conflicts_from(items, facts)}


# Every view that names a document also gives its title (and, beside a single doc_id, the
# document's body), so that a reader never has to look a doc_id hash up.
_LABEL_COLUMNS = {"doc_id": {"doc_title": "title", "doc_body": "body"},
                  "doc_id_a": {"title_a": "title"}, "doc_id_b": {"title_b": "title"},
                  "doc_ids": {"doc_titles": "title"}}


def with_document_labels(df: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """``df`` with the label columns of ``_LABEL_COLUMNS`` filled from ``documents``."""
    by_id = {c: {d: _none(v) for d, v in zip(documents["doc_id"], documents[c])} if c in documents else {}
             for c in ("title", "body")}
    df = df.copy()
    for id_col, labels in _LABEL_COLUMNS.items():
        if id_col not in df.columns:
            continue
        for label_col, source in labels.items():
            if label_col not in df.columns:
                continue
            lookup = by_id[source]
            if id_col == "doc_ids":
                df[label_col] = [[lookup.get(d) or d for d in ids] for ids in df[id_col]]
            else:
                df[label_col] = [lookup.get(d) for d in df[id_col]]
    return df


# --------------------------------------------------------------------------------------
# Writing them.


def create_views(con, *, temporary: bool = False) -> dict[str, int]:
    """(Re)create the four views as tables in ``con``; returns their row counts.

    ``temporary=True`` makes them session-only (for a read-only connection)."""
    return _write_views(con, build_views(con), "TEMP TABLE" if temporary else "TABLE")


# One row per document read without error: its ``document_items`` as JSON.
ITEMS_TABLE = "view_items"


def refresh_views(con, changed: Iterable[str] | None = None) -> dict[str, int]:
    """(Re)create the four views in ``con`` as ``create_views`` does, computing the items
    (``ITEMS_TABLE``) and the facts only of the documents in ``changed`` (stored, changed
    or deleted since the last refresh; None: every document, the views made anew).
    Returns the views' row counts."""
    doc_ids = None if changed is None else sorted(set(changed))
    store = StoredTables.read(con, doc_ids)
    fresh = pd.DataFrame(
        [(idx.doc_id, json.dumps(document_items(idx, part), ensure_ascii=False, default=_json_value))
         for idx, part in store.indexes()], columns=["doc_id", "items"])
    facts = with_document_labels(
        facts_from(in_fact_order(f for idx, part in store.indexes() for f in fact_rows(idx, part))), store.documents)
    with transaction(con):
        if doc_ids is None:
            con.execute(f'CREATE OR REPLACE TABLE "{ITEMS_TABLE}" (doc_id VARCHAR, items VARCHAR)')
            _write_views(con, {"facts": facts}, "TABLE")
        else:
            for table in (ITEMS_TABLE, "facts"):
                con.execute(f'DELETE FROM "{table}" WHERE doc_id IN (SELECT unnest(?))', [doc_ids])
            _insert_view(con, "facts", facts)
        _insert_frame(con, ITEMS_TABLE, fresh, ["doc_id", "items"])
        items = [json.loads(text) for (text,) in
                 con.execute(f'SELECT items FROM "{ITEMS_TABLE}" ORDER BY doc_id').fetchall()]
        documents = con.execute("SELECT doc_id, title, body FROM documents "
                                "WHERE coalesce(status, 'ok') = 'ok' ORDER BY doc_id").df()
        frames = cross_document_views(items, _conflict_facts(con))
        counts = _write_views(con, {v: with_document_labels(df, documents) for v, df in frames.items()}, "TABLE")
        counts["facts"] = con.execute('SELECT count(*) FROM "facts"').fetchone()[0]
    return counts


def _conflict_facts(con) -> list[dict]:
    """The stored facts a figure conflict can come from, in ``FACT_ORDER``."""
    cur = con.execute(
        "SELECT doc_id, organization, body, subject, value, value_max, unit, date, text, sentence FROM facts "
        "WHERE body <> '' AND subject IS NOT NULL AND date <> '' AND value IS NOT NULL AND NOT isnan(value) "
        f"ORDER BY {FACT_ORDER}")
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, row)) for row in cur.fetchall()]


def _json_value(value):
    """A NumPy scalar as its Python value (for ``json.dumps``)."""
    if hasattr(value, "item"):
        return value.item()
    raise TypeError(f"not JSON serializable: {type(value).__name__}")


def _write_views(con, frames: dict[str, pd.DataFrame], kind: str) -> dict[str, int]:
    for view, df in frames.items():
        cols = ", ".join(f'"{c}" {t}' for c, t in VIEWS[view])
        con.execute(f'CREATE OR REPLACE {kind} "{view}" ({cols})')
        _insert_view(con, view, df)
    return {view: len(df) for view, df in frames.items()}


def _insert_view(con, view: str, df: pd.DataFrame) -> None:
    _insert_frame(con, view, df, [c for c, _ in VIEWS[view]])


def _insert_frame(con, table: str, df: pd.DataFrame, cols: list[str]) -> None:
    if not len(df):
        return
    name = f"_rows_{table}"
    con.register(name, df)
    try:
        listed = ", ".join(f'"{c}"' for c in cols)
        con.execute(f'INSERT INTO "{table}" ({listed}) SELECT {listed} FROM {name}')
    finally:
        con.unregister(name)


def write_view_parquet(con, out_dir: Path | str) -> list[Path]:
    """Write ``DIR/<view>.parquet`` for each view (creating the views first if missing)."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    if not set(VIEWS) <= _existing_tables(con):
        create_views(con)
    paths = []
    for view in VIEWS:
        path = out_dir / f"{view}.parquet"
        con.execute(f"COPY (SELECT * FROM \"{view}\") TO '{_sql_str(path)}' (FORMAT PARQUET)")
        paths.append(path)
    return paths


def _sql_str(path: Path) -> str:
    return str(path).replace("'", "''")
