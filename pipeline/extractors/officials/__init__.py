"""officials: named people holding a post — who, which title, which organization.

Recipe: find candidate mentions in every layout reports use → read the post written
around each name → resolve short references (森田氏 → 森田嘉彦) → give every mention the
best title/organization known for its person in the document → records.

Layouts (each a small finder below):
- name + honorific, post in front: ``大阪市 ICT戦略室 担当係長 山本早紀氏``, also spread
  over byline lines, and descriptive ``当時の大阪市長であった吉村洋文氏``;
- name + title: ``熊本市の大西一史市長``, ``平野社長``;
- council-minute speaker headers: ``○金広保育課長``, ``○議長（山田太郎君）``, ``（尾崎 財政課長）``;
- list and table lines: ``副委員長 尾 崎 太`` / ``同 中 島 光 徳``, ``| 課長 | 山田 太郎 |``;
- personnel changes: ``市民生活部長(総合政策課長)◯古川都▽…``, ``浅野正富(あさのまさとみ)市長``.

Modules: ``grammar`` (shared blocks, the candidate record), ``names`` (where a name is),
``posts`` (the post written around a name), ``inline`` (finders for running text),
``lists`` (list/table reader), ``personnel`` (人事異動 lists), ``organization`` (organization resolver); this module
merges the candidates of every finder and builds the records.

Names are checked with fugashi (unidic marks 人名/姓/名), GiNZA Person entities when an
analysis is present, and the layout itself (a spaced ``姓 名`` after a post).
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import replace

from pipeline.extractors.organizations import is_org_unit, organization_body
from pipeline.records import Official
from pipeline.extractors.officials.attendance import find_attendance_mentions
from pipeline.extractors.officials.grammar import Mention
from pipeline.extractors.officials.inline import (
    find_body_dot_head_mentions,
    find_bureau_credit_lines,
    find_colon_post_mentions,
    find_credit_mentions,
    find_honorific_mentions,
    find_name_space_post_mentions,
    find_name_title_mentions,
    find_org_name_lines,
    find_paren_mentions,
    find_post_name_mentions,
    find_short_references,
    find_speaker_mentions,
)
from pipeline.extractors.officials.lists import (
    find_contact_mentions,
    find_list_mentions,
    find_participant_mentions,
    find_roster_mentions,
)
from pipeline.extractors.officials.cells import find_cell_table_mentions
from pipeline.extractors.officials.personnel import find_personnel_mentions
from pipeline.extractors.officials.names import _has_person_token, has_given_name, normalize_name
from pipeline.extractors.officials.votes import find_vote_table_mentions
from pipeline.extractors.officials.organization import _ROSTER_ROLES, _ROW_LAYOUTS, _complete, _education_board, document_body

NAME = "officials"
RULE_FILES = (
    "titles.tsv", "honorifics.tsv", "org_suffixes.tsv", "prefectures.tsv", "not_names.tsv", "kana_municipalities.tsv",
    "org_leads.tsv", "vote_marks.tsv", "ranks.tsv",
)


def _dedup(mentions: list[Mention]) -> list[Mention]:
    """One mention per name position: the one that knows most."""
    best: dict[int, Mention] = {}
    for m in mentions:
        cur = best.get(m.name_start)
        if cur is None or m.layout == "cells" or _roster_role(m, cur) or (
            _rank(m) > _rank(cur) and not _roster_role(cur, m) and not _row_over_prose(cur, m)
        ) or (
            m.layout == "roster" and cur.layout != "roster"
        ) or (m.layout == "attendance" and cur.layout == "list" and _same_reading(m, cur)) or _row_over_prose(m, cur):
            best[m.name_start] = m
    return sorted(best.values(), key=lambda m: m.start)


def _without_inner_names(mentions: list[Mention]) -> list[Mention]:
    """``1番 齋 藤 俊 一 郎 委員``: a list row read whole (齋藤俊一郎) leaves no name of its last
    letters (一郎 委員) to a running-text finder."""
    rows = [m for m in mentions if m.layout in ("attendance", "cells") and len(m.name) >= 3]
    return [
        m for m in mentions
        if m.layout in ("attendance", "cells") or not any(
            r.start <= m.name_start < r.end and r.name_start < m.name_start and r.name.endswith(m.name) for r in rows
        )
    ]


def _row_over_prose(m: Mention, other: Mention) -> bool:
    """``委員長 桜井洋子 副委員長 清水唯史``: a list row reads the post before the name; running text
    would read the next row's post after it (桜井洋子 副委員長) — where the posts differ, the row's
    reading stands when both give the name's organization alike (also where the posts agree: the
    row's reading is the one a list writes, its head's body not guessed from the prose around)."""
    return (
        m.layout == "attendance" and other.layout in ("name_title", "honorific") and bool(m.title)
        and m.name == other.name and m.organization == other.organization
    ) or (  # 企画部広聴・広報課長、企画部秘書担当課長 矢澤 岳: the row read from its first post, the prose from the last
        m.layout == "attendance" and other.layout == "post_name" and bool(m.title) and m.name == other.name
        and m.start < other.start
    )


def _same_reading(m: Mention, other: Mention) -> bool:
    """The attendance reader read the row as the list finder did, or more of it (the whole
    letter-spaced name, the section's unit): its reading, which takes no organization from
    the context, stands."""
    return (
        m.title == other.title and other.name in m.name
        and other.organization in ("", m.organization)
    )


def _roster_role(m: Mention, other: Mention) -> bool:
    """``会長 柳田 恵介（○○大学教授）``: in a roster the role in the body is the post; the
    bracket is where the member comes from."""
    if other.layout == "roster":
        return False
    return m.layout == "roster" or (m.layout == "list" and other.layout == "paren" and m.title in _ROSTER_ROLES)


def _rank(m: Mention) -> tuple:
    written_org = bool(m.organization) and not m.inferred_org
    office = m.title in _COUNCIL_OFFICES  # 12番 細川運一 (a seat) and ○議長(細川運一君): the office held
    # m.described: a post told in a clause (…で本部長を務める光延氏) yields to the credit line written whole
    return (bool(m.title), office, not m.described, written_org, bool(m.organization), len(m.organization), len(m.title), len(m.name),
            m.evidence)  # a tie: the reading that knows the name is one (a list row's) over a bare 議員 suffix


_COUNCIL_OFFICES = frozenset(("議長", "副議長"))


def _resolve_names(mentions: list[Mention]) -> list[Mention]:
    """Short references take the full name introduced in the document: 森田氏 → 森田嘉彦."""
    full = {m.name for m in mentions if m.evidence and len(m.name) >= 3}
    listed: dict[str, set[str]] = {}  # the posts each name holds in a list's rows
    for m in mentions:
        if m.layout == "attendance" and m.title:
            listed.setdefault(m.name, set()).add(m.title)
    out = []
    for m in mentions:
        if _whole_name(m):
            out.append(m)  # 大城 保 beside 大城保篤: a family and a given name set apart are a name of their own
            continue
        longer = {f for f in full if f != m.name and f.startswith(m.name)}
        if len(longer) == 1 and not _another_row(m, listed.get(next(iter(longer)), set())):
            m = replace(m, name=longer.pop())
        out.append(m)
    return out


def _another_row(m: Mention, posts: set[str]) -> bool:
    """田中次長 in a list's rows beside the member 田中 元三郎 (委員): a row with a post of its own is
    another person of the same family name, not a short reference."""
    return m.layout == "attendance" and bool(m.title) and bool(posts) and m.title not in posts


def _whole_name(m: Mention) -> bool:
    """A name written as family and given name apart (``大城 保``) in a list row: no short reference."""
    return m.layout == "attendance" and m.evidence and len(m.name) >= 3 and has_given_name(m.name)


def find_mentions(text: str, person_spans: tuple[tuple[int, int], ...] = ()) -> list[Mention]:
    found = (
        find_honorific_mentions(text)
        + find_name_title_mentions(text)
        + find_speaker_mentions(text)
        + find_list_mentions(text)
        + find_roster_mentions(text)
        + find_attendance_mentions(text)
        + find_contact_mentions(text)
        + find_post_name_mentions(text)
        + find_name_space_post_mentions(text)
        + find_paren_mentions(text)
        + find_credit_mentions(text)
        + find_org_name_lines(text)
        + find_bureau_credit_lines(text)
        + find_participant_mentions(text)
        + find_colon_post_mentions(text)
        + find_vote_table_mentions(text)
        + find_personnel_mentions(text)
        + find_cell_table_mentions(text)
        + find_body_dot_head_mentions(text)
    )
    found = [_without_late(m, text) for m in found if not (_DAMAGED_TITLE.search(m.title) or _HEADING_GLUED.search(m.name))]
    if person_spans:
        found = [_with_ginza_evidence(m, person_spans) for m in found]
    mentions = _resolve_names(_without_inner_names(_dedup(found)))
    mentions = _dedup(mentions + find_short_references(text, mentions))
    mentions = [_education_board(m, text) for m in _complete(text, mentions)]
    by_name: dict[str, list[Mention]] = {}
    for m in mentions:
        by_name.setdefault(m.name, []).append(m)
    out = []
    for name, group in by_name.items():
        # a 人事異動 list's entry says the post a person is named to: it stands over the prose's
        best = next((m for m in group if m.layout == "personnel"), None) or max(group, key=_rank)
        if not (best.title or best.organization or any(m.layout == "credit" for m in group)):
            continue  # a named person with no post written anywhere
        if not any(m.evidence for m in group):
            continue
        body = best.body or next((m.body for m in group if m.body), "")
        org = best.organization
        row = next((m for m in group if m.layout in _ROW_LAYOUTS and m.title == best.title), None)
        if row is not None and best.inferred_org and best.layout not in _ROW_LAYOUTS:
            org = row.organization  # 副市長 冨永嘉文 in a 説明員 row: the row's post, no body guessed from prose
        out.extend(replace(m, title=best.title, organization=org, body=body) for m in group)
    return sorted(out, key=lambda m: m.start)


# a title read across a rule or a time of a flattened record (午前10時00分-----開会宣告議長): no post
_DAMAGED_TITLE = re.compile(r"[0-9０-９]+[時分]|-{2,}|―{2,}|−{2,}")


# a list heading glued after a name (斎藤秀雄欠席議員(1名)): the name read with it is none
_HEADING_GLUED = re.compile(r".(?:欠席|出席)$|.さん[\u4e00-\u9fff]")  # 戸川和子さん宣告: the honorific, then a verb


_TIME_OF_DAY = re.compile(r"[0-9０-９]+時(?:[0-9０-９]+分)?")


# a list's label read with the first name after it: who the people listed are (説明者, 出席者, 欠席議員)
_LIST_LABEL = re.compile(r"(?:参加|出席|欠席|随行|説明|傍聴|列席)(?:委員|議員|職員|者|員)")


def _without_late(m: Mention, text: str) -> Mention:
    """故田尻清輝議員: 故 (the late) is no part of the name; 太郎議員小川友樹議員: the name before a
    member's post is another member's, no part of the post."""
    if _TIME_OF_DAY.search(m.organization):  # 午前10時00分 議長戸川和子さん: a time read as the unit
        m = replace(m, organization="")
    if m.name.startswith("番") and m.name_start and text[m.name_start - 1].isdigit() and len(m.name) >= 3:
        m = replace(m, name=m.name[1:], name_start=m.name_start + 1,  # ９番赤平勇人議員: the seat's 番
                    start=m.start + 1 if m.start == m.name_start else m.start)
    if m.name.startswith("故") and len(m.name) >= 3:
        m = replace(m, name=m.name[1:], name_start=m.name_start + 1)
    label = _LIST_LABEL.match(m.name)
    if label and len(m.name) - label.end() >= 2:  # 説明者 菅原文仁 市長: the list's label, no part of the name
        at = m.name_start + label.end()
        while at < len(text) and text[at].isspace():
            at += 1
        m = replace(m, name=m.name[label.end():], name_start=at, start=at if m.start == m.name_start else m.start)
    if m.title.endswith("議員") and len(m.title) > 2 and _has_person_token(m.title[:-2]) and not is_org_unit(m.title[:-2]):
        m = replace(m, title="議員")
    return m


def _with_ginza_evidence(m: Mention, spans) -> Mention:
    if m.evidence:
        return m
    name_end = m.name_start + len(m.name)
    if any(s < name_end and m.name_start < e for s, e in spans):
        return replace(m, evidence=True)
    return m


def extract(ctx, found) -> list[Official]:
    text = ctx.text
    spans: tuple = ()
    if ctx.analysis is not None:
        spans = tuple((e.start, e.end) for e in ctx.analysis.entities if e.label == "Person")
    out = []
    for m in find_mentions(text, spans):
        s, e, t = ctx.span(m.start, m.end)
        out.append(Official(person_id_for(m.name, m.body or m.organization), m.name, m.title, m.organization, s, e, t,
                            m.body))
    return out


# ---------------------------------------------------------------- person ids
def person_id_for(name: str, organization: str) -> str:
    """'p_' + 12 hex of sha1(normalized name | top-level body of the organization)."""
    return _id_of(normalize_name(name), organization_body(organization))


def _id_of(name: str, body: str) -> str:
    return "p_" + hashlib.sha1(f"{name}|{body}".encode("utf-8")).hexdigest()[:12]


def resolve_person_ids(df):
    """person_id per row of the whole officials table: the same normalized name with a
    compatible organization (same body, or one side empty) is one person."""
    import pandas as pd

    if df is None or len(df) == 0:
        return pd.Series([], dtype=object, index=getattr(df, "index", None))
    names = df["name"].map(normalize_name)
    bodies = df["organization"].fillna("").map(organization_body)
    if "body" in df:  # the body column says whose unit a bare 財政課 is
        bodies = df["body"].fillna("").where(df["body"].fillna("") != "", bodies)
    doc_body: dict[tuple, str] = {}
    name_bodies: dict[str, set] = {}
    for doc, n, b in zip(df["doc_id"], names, bodies):
        if b:
            doc_body.setdefault((doc, n), b)
            name_bodies.setdefault(n, set()).add(b)
    ids = []
    for doc, n, b in zip(df["doc_id"], names, bodies):
        if not b:
            b = doc_body.get((doc, n), "")
        if not b and len(name_bodies.get(n, ())) == 1:
            b = next(iter(name_bodies[n]))
        ids.append(_id_of(n, b))
    return pd.Series(ids, index=df.index, dtype=object)


__all__ = [
    "NAME", "RULE_FILES", "document_body", "extract", "find_mentions", "organization_body", "person_id_for", "resolve_person_ids",
]
