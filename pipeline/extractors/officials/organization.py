"""Organization resolver: the unit an official belongs to, as the document writes it —
the deepest unit joined to its parent (heading, unit line above a block, 同…, the
committee or council a member sits on, the body the passage is about)."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from functools import lru_cache

from pipeline.extractors.organizations import (
    heading_organization,
    is_org_unit,
    kana_municipality_pattern,
    municipality,
    org_suffix_at_end,
    organization_body,
    prefectures,
    read_rule_column,
)
from pipeline.extractors.titles import head_unit, split_post, title_category, title_core_pattern
from pipeline.rules import rule_rows
from pipeline.extractors.officials.grammar import (
    HEADING_LINE,
    HIRA,
    KANJI,
    KATA,
    Mention,
    SEGMENT,
    _SAME,
    _line_floor,
)
from pipeline.extractors.officials.lists import CONTACT_LABEL
from pipeline.extractors.officials.names import _is_proper, _org_not_name
from pipeline.extractors.officials.posts import _COMPANY_WORD, _antecedent, _deictic_units

# ---------------------------------------------------------------- document-level resolution
def _heading_org_before(text: str, pos: int) -> str:
    for line in reversed(text[:pos].rsplit("\n", 60)[-60:]):  # the last 60 lines, the text before them unsplit
        if HEADING_LINE.match(line):
            org = heading_organization(line)
            if org:
                return org
    return ""


# a head's qualifier read as a body: 前市(長), 元町(長) — the former head, no body named
_FORMER_HEAD = re.compile(r"([前元])[市区町村]")


def _heading_org_of_block(text: str, pos: int, max_lines: int = 8) -> str:
    """The unit a ■/【】 heading names over the block of rows the line at ``pos`` is in
    (``■情報政策課`` / ``課長 竹田昂士 様``): the nearest heading line above, no blank line between."""
    for line in reversed(text[: _line_floor(text, pos)].rsplit("\n", max_lines + 1)[-max_lines - 1: -1]):
        if not line.strip():
            return ""
        if HEADING_LINE.match(line):
            return heading_organization(line)
    return ""


def _body_in_context(text: str, pos: int, unit: str, people: frozenset[str] = frozenset()) -> str:
    """The body a bare 市長/区長/知事 (or a unit written without its body) belongs to: the
    nearest X市 (X区, X県 …) named before it — the one the passage is about — else the
    commonest in the document. For any municipal body (``自治体``) a city, ward, town or
    village is preferred to the prefecture it lies in. ``people``: names found in the
    document (宮原康介市長 names no 宮原康介市; 田村 しおり names no 田村)."""
    kinds = {"県": ("県府都道",), "自治体": ("市区町村", "県府都道")}.get(unit, (unit,))
    named = {units: _bodies_named(text, units, people) for units in kinds}
    for units in kinds:
        before = [b for p, b in named[units] if p < pos]
        if before:
            return before[-1]
    for units in kinds:
        counts = Counter(b for _, b in named[units])
        if counts:
            return counts.most_common(1)[0][0]
    return ""


_DEPUTY_HEAD = re.compile(r"副[市区町村県府都道]$")
_SEAT_RUN = re.compile(r"^.*?(?:[0-9]+|[一二三四五六七八九十百]+)番")
_PERSON_AFTER = re.compile(r"(?:議員|氏|君|さん|様|委員|議長)")
_GIVEN_AFTER = re.compile(rf"[ \u3000][{KANJI}]{{1,3}}(?:[ \u3000]|$|[^{KANJI}])")


def _bodies_named(text: str, units: str, people: frozenset[str]) -> list[tuple[int, str]]:
    """(position, body) of every municipality/prefecture of the kinds ``units`` in ``text``."""
    pattern = rf"(?:{kana_municipality_pattern()})|[{KANJI}]{{1,5}}?[市区町村]|[{KANJI}]{{1,3}}?[都道府県]"
    out = []
    for m in re.finditer(pattern, text):
        run = strip_lead(_SEAT_RUN.sub("", _RUN_LEAD.sub("", m.group(0))))  # 十二番田村: a seat and a name
        run = re.split(r"兼|の", run)[-1]  # 部長兼青葉市: the body after the post it is joined to
        posts = list(title_core_pattern().finditer(run))
        run = run[posts[-1].end():] if posts else run  # 財務局長武市: a post, then a name
        if run[-1:] in "村町" and (_PERSON_AFTER.match(text, m.end()) or len(run) <= 3 and _GIVEN_AFTER.match(text, m.end())):
            continue  # 大村議員, 大村 裕一郎, 田村君: a family name, not a village
        body = municipality(run)
        if units[0] in "県府都道" and (not body or body[-1] not in units):
            body = next((p for p in prefectures() if run.startswith(p)), "")  # 岐阜県美濃市 → 岐阜県
            if not body and re.fullmatch(rf"[{KANJI}]{{2,3}}[県府]", run):
                body = run  # a 県 not in the list
        if (
            body and body[-1] in units and is_org_unit(body)
            and not any(person.startswith(body) or body[:-1] in person or person in body for person in people)
            and not _DEPUTY_HEAD.search(body)  # 佐藤花子副市(長): the run is a name and a post
        ):
            out.append((m.start(), body))
    return out


def _body_run(suffix: str) -> re.Pattern:
    return re.compile(rf"(?:{kana_municipality_pattern()})?[{KANJI}{KATA}A-Za-z・]*(?:{suffix})")


_COMMITTEE = _body_run("委員会(?!室)")


# a council is a body's: <municipality>議会 (久御山役場議会棟 is a building, no council named)
_COUNCIL = _body_run("(?<=[市区町村都道府県])議会(?![棟場])")


# a committee named with a particle phrase: 議会だより編集に関する特別委員会, 新庁舎建設に係る調査特別委員会
_PARTICLE_COMMITTEE = re.compile(
    rf"[{KANJI}{KATA}]+(?:[{HIRA}]{{1,3}}[{KANJI}{KATA}]+)*?(?:に関する|に係る|のための)[{KANJI}{KATA}]*委員会(?!室)"
)


@lru_cache(maxsize=2)
def _committees(text: str) -> tuple[tuple[int, str], ...]:
    """The committees named in the document, in text order: read once a document (every member asks)."""
    return tuple(sorted(_named_bodies(text, _COMMITTEE, "委員会") + _named_bodies(text, _PARTICLE_COMMITTEE, "委員会")))


# Bodies a roster's 会長/委員 sit on (協議会 minutes, 審議会 rosters, council committees).
_DELIBERATIVE = _body_run("委員会(?!室)|協議会(?!室)|審議会(?!室)|懇談会(?!室)|検討会議|検討会|推進会議")  # 議会全員協議会室: a room


# a council (附属機関) named as a list of words joined with ・ then 会議: 子ども・若者・子育て会議
_NAMED_COUNCIL = re.compile(
    rf"[{KANJI}{KATA}]*[{KANJI}{KATA}{HIRA}]*(?:・[{KANJI}{KATA}{HIRA}]+)+会議(?![録室所場員])"
)


_ROSTER_ROLES = ("会長", "副会長", "委員長", "副委員長", "委員", "座長", "副座長", "部会長")


_RUN_LEAD = re.compile(r"^[0-9第回年度月日号次期]+")
# a year written in front of a body's name (令和元年議会運営委員会): no part of it
_ERA_YEAR_LEAD = re.compile(r"^(?:令和|平成|昭和)[元0-9０-９一二三四五六七八九十]{0,3}年(?:度)?")
# the sitting written in front of a committee (第2回定例会佐野市経済文教常任委員会): no part of its name
_SESSION_LEAD = re.compile(r"^.*?(?:定例会|臨時会)(?=.)")


_COMMITTEE_TITLES = ("委員長", "副委員長", "委員")


# a committee of a council: 常任/特別 committees and the 議会運営委員会
_COUNCIL_COMMITTEE = re.compile(r"(?:常任|特別)委員会$|^議会運営委員会$")


_COUNCIL_LEAD = re.compile(rf"^([{KANJI}]{{1,4}}?[市区町村])議会")


def _without_council(name: str) -> str:
    """佐野市経済文教常任委員会, 青葉市議会総務常任委員会: a council's committee is named without its
    municipality or council (the committee is the member's body; whose it is goes to ``body``)."""
    council = _COUNCIL_LEAD.match(name)
    place = municipality(name) or (council.group(1) if council else "")
    rest = name[len(place):] if place else name
    of_council = bool(place) and rest.startswith("議会")  # 札幌市議会総務委員会: the council's, by its words
    rest = rest[len("議会"):] if of_council else rest
    return rest if rest != name and len(rest) >= 4 and (of_council or _COUNCIL_COMMITTEE.search(rest)) else name


def _named_bodies(text: str, pattern: re.Pattern, suffix: str) -> list[tuple[int, str]]:
    out = []
    for m in pattern.finditer(text):
        name = _SESSION_LEAD.sub("", _RUN_LEAD.sub("", _ERA_YEAR_LEAD.sub("", m.group(0))))
        name = _without_council(name)
        suffix = next((x for x in suffix.split("|") if name.endswith(x)), suffix)
        stem = name[: -len(suffix)]
        if len(stem) >= 2 and is_org_unit(name) and stem not in ("常任", "特別", "本", "同", "各", "全", "全員"):
            out.append((m.start() + len(m.group(0)) - len(name), name))
    return out


# a council committee written only in its chair's post (決算特別委員長, 総務常任委員長)
_CHAIR_OF_COMMITTEE = re.compile(rf"(?<![{KANJI}副])[{KANJI}]{{2,10}}(?:常任|特別)委員長")


def _chaired_committees(text: str) -> list[tuple[int, str]]:
    return [(m.start(), m.group(0)[: -len("長")] + "会") for m in _CHAIR_OF_COMMITTEE.finditer(text)]


@lru_cache(maxsize=2)
def _deliberative_bodies(text: str) -> tuple[tuple[int, str], ...]:
    """The bodies a roster or minutes may be of, in text order: read once a document (every
    roster member asks for them)."""
    return tuple(sorted(
        _named_bodies(text, _DELIBERATIVE, _DELIBERATIVE_SUFFIXES) + _named_bodies(text, _PARTICLE_COMMITTEE, "委員会")
        + _named_bodies(text, _NAMED_COUNCIL, "会議") + _chaired_committees(text)
    ))


def _nearest_before(named: list[tuple[int, str]], pos: int) -> str:
    before = [n for p, n in named if p < pos]
    return before[-1] if before else ""


def _nearest(named: list[tuple[int, str]], pos: int) -> str:
    before = [n for p, n in named if p < pos]
    if before:
        return before[-1]
    return named[0][1] if named else ""


# layouts whose rows and headers write each post bare, the body being the document's own
# (出席者 lists, speaker headers): a head's body is not glued on from the text around
_ROW_LAYOUTS = frozenset(("attendance", "speaker", "list", "roster", "votes", "cells", "participants"))


def context_organization(text: str, pos: int, title: str, people: frozenset[str] = frozenset(), layout: str = "") -> str:
    """The organization a post without one belongs to, from the document: a committee
    member's committee; the head of a municipality named in running text its municipality
    (当時の橋下市長 → 大阪市, the body the passage is about) -- in a list's row or a speaker's
    header only the body its sentence writes (三宅町の町長). A council member's council and a
    unit's post written bare (課長, 部長) take none: not written there, whose post it is goes
    to ``body``."""
    owner = _attribute_owner(text, pos)
    if owner:
        return owner
    category = title_category(title)
    if category == "council":  # a committee's member sits on the committee; 議員/議長 name no council
        if title.split()[-1] in _COMMITTEE_TITLES:  # the text does not write there (whose: ``body``)
            return _nearest(_committees(text), pos)
        return ""
    if category == "executive" or title in _EDUCATION_BOARD_POSTS:  # 教育長: the head of its board
        if layout in _ROW_LAYOUTS:
            board = _board_named_before(text, pos) if title in _EDUCATION_BOARD_POSTS else ""
            return board or _body_of_sentence(text, pos, head_unit(title) or "自治体", people)
        return _body_in_context(text, pos, head_unit(title) or "自治体", people)
    if title in _PUBLIC_CXO and not _corporate_unit("", text, pos):
        return _body_in_context(text, pos, "自治体", people)  # a 県's CDO: no company named before
    return ""


_BOARD = re.compile(rf"[{KANJI}]{{1,5}}?[市区町村都道府県]教育委員会")


def _board_named_before(text: str, pos: int) -> str:
    """The board of education a board's own record names before its rows (``若葉町教育委員会 …
    会議録`` / ``教育長 岩田 直人``): its 教育長 and 教育委員 sit on it, as a committee's members."""
    named = [m.group(0) for m in _BOARD.finditer(text, 0, pos)]
    return strip_lead(named[-1]) if named else ""


def _body_of_sentence(text: str, pos: int, unit: str, people: frozenset[str]) -> str:
    """The body whose head the post is, when the sentence writes it with の before the post
    (``三宅町の町長である森田 浩司 町長``); a body named elsewhere in the document is not glued
    on (whose post it is goes to ``body``)."""
    start = max(text.rfind("。", 0, pos), text.rfind("\n", 0, pos)) + 1
    window = text[start:pos]
    kinds = {"県": ("県府都道",), "自治体": ("市区町村", "県府都道")}.get(unit, (unit,))
    for units in kinds:
        named = [(p, b) for p, b in _bodies_named(window, units, people) if b + "の" in window[p : p + len(b) + 8]]
        if named:
            return named[-1][1]
    return ""


# C-level posts that municipalities and prefectures appoint too (自治体CIO・CISO・CDO)
_PUBLIC_CXO = frozenset(("CIO", "CISO", "CDO"))


def _attribute_owner(text: str, pos: int) -> str:
    """The body whose attributes list the post: ``サイボウズ株式会社（本社：…、代表取締役社長：高野 誠一）``,
    ``富士通Japan株式会社：本社 …、代表取締役社長 大河原 誠``."""
    floor = _line_floor(text, pos)
    left = text[floor:pos]
    opening = max(left.rfind("("), left.rfind("（"))
    if opening >= 0 and ")" not in left[opening:] and "）" not in left[opening:]:
        cut = opening
    else:
        colon = re.search(r"^(?:\([^)]*\))?([^\s:：、。()]{2,30})[:：]", left)
        if not colon:
            return ""
        cut = colon.end(1)
    seg = re.search(r"(?:\(株\)|[^\s()（）、。「」:：])+\Z", left[:cut])
    if seg and _COMPANY_AT_END.search(seg.group(0)):  # …を運営する株式会社トラストバンク(…): the company itself
        return _COMPANY_AT_END.search(seg.group(0)).group(0)
    return seg.group(0) if seg and _org_not_name(seg.group(0)) else ""


# a company's name at the end of a run of words: the form first (株式会社トラストバンク) or last
_COMPANY_AT_END = re.compile(
    r"(?:株式会社|有限会社|合同会社)[^\sをのがはにでと『』「」]+\Z|(?<=[をのがはにでと』」])[^\sをのがはにでと『』「」]+(?:株式会社|有限会社|合同会社)\Z"
)


def _complete(text: str, mentions: list[Mention]) -> list[Mention]:
    """Give every mention its organization as the document writes it (the deepest unit joined
    to its parent, as the guideline asks): a row's organization from the section heading or
    the unit line above it; a roster role's body; 同室/同部 and a bare 同 from the unit named
    before; a committee under the council written with it; a head of a body (市長, 知事) the
    body the passage names. A unit written alone (財政課) stays alone: whose unit it is goes
    to ``body``."""
    out: list[Mention] = []
    people = frozenset(m.name for m in mentions)
    for m in mentions:
        if m.layout == "participants":
            out.append(m)  # 参加者氏名 / 金子 進、…: a council's members, written with no unit
            continue
        org, inferred = _clean_org(m.organization), m.inferred_org
        if len(org) <= 3 and org[:-1] and m.name.endswith(org[:-1]):
            org = ""  # 青木克德区長: the name's last character and the head's unit (德区) are no body
        if "担当" in m.title and org and (org + m.title) in text and not re.search(r"(?:部|課|局|室|係|本部)$", org):
            m, org = replace(m, title=org + m.title), ""  # 学校教育担当部長: a brief written whole, no unit
        if "兼" in m.title:  # 部長兼…財政課長: the first post is the one held (the others are concurrent)
            m = replace(m, title=_held_post(m.title.split("兼")))
        title, unit = head_split(m.title)
        if unit:  # 健康部次長 → 次長 of 健康部; スマートシティ課長 → 課長 of スマートシティ課
            m, org = replace(m, title=title), _join_chain(org, unit) if org else unit
        org = _without_rank(org)
        if m.layout == "cells":  # a ruled table's cells say the post whole: no unit from lines around
            out.append(replace(m, organization=_join_chain(org, unit) if org and unit else org))
            continue
        former = _FORMER_HEAD.fullmatch(org)
        if former and title_category(m.title) == "executive":  # 田辺前市長: the former head of the body
            m = replace(m, title=former.group(1) + m.title)
            org, inferred = _body_in_context(text, m.start, head_unit(m.title[1:]) or "自治体", people), True
        staff = ""
        if not org and m.title and m.layout in ("list", "roster", "attendance"):  # 事務局出席職員 / 書記 沼田 裕紀
            org = staff = _staff_heading_unit(text, m.start)  # the heading's unit, as the list writes it
            inferred = inferred or bool(org)
        if not org and m.layout in ("list", "speaker", "roster", "attendance"):
            org, inferred = _heading_org_before(text, m.start), True
        if not org and m.layout in ("list", "speaker", "roster", "attendance", "name_title") and m.title in _ROSTER_ROLES:
            bodies = [(p, b) for p, b in _deliberative_bodies(text) if p < m.start]
            org, inferred = _nearest(bodies, m.start), True  # the body the roster/minutes are of

        if not org and m.layout == "honorific" and _starts_line(text, m.start):
            org, inferred = _heading_org_of_block(text, m.start), True  # ■情報政策課 / 課長 竹田昂士 様
        org = _resolve_deictic(text, m, org, out)
        if _ABBREVIATED_BODY.match(org) and m.layout != "attendance" and not staff:  # a list's 区議会事務局 stays as written
            org = _expand_abbreviated(text, m.start, org, people)
        if not _has_body(org) and _starts_line(text, m.start):
            block = _unit_line_above(text, m.start)
            if block and not org:
                org, inferred = block, True
            elif block and org not in block:
                org = _join_chain(block, org)
        if not org and m.title and m.layout in ("attendance", "votes"):  # a list row names no body: body says whose
            org, inferred = _attribute_owner(text, m.start), True
        elif not org and m.title:
            org, inferred = context_organization(text, m.start, m.title, people, m.layout), True
        if org and not _has_body(org):
            org = _under_written_parent(text, org)
        out.append(replace(m, organization=org, inferred_org=inferred))
    return [replace(m, body=body_of(text, m, people)) for m in out]


@lru_cache(maxsize=2)
def _ranks(kind: str) -> tuple[str, ...]:
    """Ranks of ranks.tsv of one kind: ``concurrent`` (主幹兼議事係長), ``glued`` (理事都市整備部長)."""
    return tuple(r[0] for r in rule_rows("ranks.tsv") if len(r) > 1 and r[1] == kind)


def _without_rank(org: str) -> str:
    """理事都市整備部 (of 理事都市整備部長): the rank is held beside the post, no part of the unit."""
    rank = next((r for r in _ranks("glued") if org.startswith(r)), "")
    rest = org[len(rank):]
    return rest if rank and len(rest) >= 3 and is_org_unit(rest) and not rest.startswith("会") else org


def _held_post(parts: list[str]) -> str:
    """The post annotated of ``a兼b``: the first, unless it is a bare rank before the head of a unit
    (主幹兼施設管理・経営係長 → 施設管理・経営係長, SOURCES-a's 主幹兼議事係長)."""
    first = parts[0]
    if first in _ranks("concurrent") and len(parts) == 2 and head_split(parts[1])[1]:
        return parts[1]
    return first or "兼".join(parts)


def body_of(text: str, m: Mention, people: frozenset[str] = frozenset()) -> str:
    """The municipality or public body an official belongs to: the one written in the
    organization, else (for a municipal post or a unit of one) the body the passage or the
    document is about; '' for a company's people and posts of no body."""
    org = m.organization
    if _COMPANY_FORM_RE.search(org) or org.startswith(_SAME) or _corporate_unit(org, text, m.start):
        return ""
    if _has_body(org):
        body = organization_body(org)
        return body if municipality(body) or re.search("[都道府県市区町村]$", body) or _MINISTRY_OR_PUBLIC.search(body) else ""
    council = re.search(r"議会", org)
    if org and not (council or _municipal_post(org, m.title) or org_suffix_at_end(org)):
        return ""
    if not org and title_category(m.title) not in ("executive", "public", "council") and m.title not in _PUBLIC_CXO:
        return ""
    body = _issuer(text) if _in_contact_block(text, m.start) else ""
    return body or _body_in_context(text, m.start, "自治体", people)


# national and public bodies that are no municipality (国土交通省, 総務省九州総合通信局, 〇〇広域連合)
_MINISTRY_OR_PUBLIC = re.compile(r"(?:省|庁|府|広域連合|一部事務組合|公社|機構)$|^(?:内閣|国)")


def document_body(text: str) -> str:
    """The municipality or public body a document is from or about, when the text says so:
    the issuer named in its head, else the body named most often ('' when none is named)."""
    issuer = _issuer(text)
    if issuer:
        return issuer
    counts = Counter(b for _, b in _bodies_named(text, "市区町村県府都道", frozenset()))
    return counts.most_common(1)[0][0] if counts else ""


# The head of a unit written glued to it: the unit's last character(s) and the head noun.
_HEADS = (("委員長", "委員会"), ("官房長", "官房"), ("本部長", "本部"), ("支所長", "支所"), ("部長", "部"), ("局長", "局"), ("課長", "課"), ("係長", "係"),
          ("室長", "室"), ("所長", "所"), ("館長", "館"))
_DEPUTIES = ("次長", "参事")  # a deputy of the unit written before it (健康部次長, 事務局次長)


def head_split(title: str) -> tuple[str, str]:
    """A post written as unit + head (健康部次長, 選挙管理委員会事務局長, 競輪事業部長) as (head, unit);
    (title, '') when the post is no such thing (教育次長, 担当部長, a bare 事務局長, 部長) or is two
    titles side by side (常務執行役員 公共営業本部長, written so on purpose)."""
    if " " in title:
        return title, ""
    for head, letter in _HEADS:
        if title.endswith(head) and len(title) > len(head):
            unit = title[: -len(head)] + letter
            if unit.endswith("担当" + letter) or not _unit_word(unit[: -len(letter)]):
                return title, ""
            return head, unit
    for head in _DEPUTIES:
        unit = title[: -len(head)]
        if title.endswith(head) and len(unit) >= 2 and org_suffix_at_end(unit):
            return head, unit
    return title, ""


def _unit_word(stem: str) -> bool:
    """What stands before the unit letter names a unit (健康, 競輪事業, 選挙管理委員会事務, 上下水道,
    決算特別 of 決算特別委員長), not a qualifier of the post (担当, 副, 総括) nor a bare kind of
    committee (常任委員長)."""
    return len(stem) >= 2 and stem not in ("常任", "特別") and not re.search(r"(?:担当|副|総括|統括|代理|補佐|主任|専門)$", stem) and not head_unit(stem + "長")


_DELIBERATIVE_SUFFIXES = "委員会|協議会|審議会|懇談会|検討会議|検討会|推進会議"


_DATE_LEAD = re.compile(r"^(?:(?:令和|平成|昭和)?(?:[0-9]+|元)年度?)?(?:[0-9]+月)?(?:[0-9]+日)?")


_ABBREVIATED_BODY = re.compile(r"^[市区町村県府都](?![民立営政税街域内外場長])(?=.)")


# 行政委員会 of the municipality itself (not committees of its council)
_EXECUTIVE_COMMITTEE = re.compile(r"(?:教育|選挙管理|農業|人事|公平|公安|固定資産評価審査)委員会")


def _clean_org(org: str) -> str:
    """A date glued to a unit by the layout (令和6年5月21日北九州市…) is no part of it, nor
    the words running text puts in front of it (現在, 十五年, 本町三丁目, 田中副市(長))."""
    lead = _DATE_LEAD.match(org).group(0) if org else ""
    org = org[len(lead):] if lead and len(org) > len(lead) and re.search("(?:[月日]|年度)$", lead) else org
    return strip_lead(org)


_KANJI_NUMBER = "〇一二三四五六七八九十百千"
_TIME_OR_ADDRESS_LEAD = re.compile(
    rf"^(?:(?:令和|平成|昭和)?(?:[0-9{_KANJI_NUMBER}]+|元)年度?(?:[0-9{_KANJI_NUMBER}]+月)?(?:[0-9{_KANJI_NUMBER}]+日)?"
    rf"|[{KANJI}]{{1,6}}?[0-9{_KANJI_NUMBER}]+丁目(?:[0-9{_KANJI_NUMBER}]+番地?)?)"
)
_DEPUTY_FRAGMENT = re.compile(r"^.*?副[市区町村](?!長)")  # 田中副市住宅課: a speaker's name and a cut title


@lru_cache(maxsize=1)
def _org_leads() -> tuple[str, ...]:
    return tuple(sorted(read_rule_column("org_leads.tsv"), key=len, reverse=True))


def strip_lead(org: str) -> str:
    """``org`` without what running text writes in front of an organization: adverbs of time
    (org_leads.tsv), a year or date, an address (…丁目), a name with a cut deputy's title."""
    while org:
        before = org
        org = _DEPUTY_FRAGMENT.sub("", org)
        word = next((w for w in _org_leads() if org.startswith(w) and len(org) > len(w)), "")
        org = org[len(word):]
        lead = _TIME_OR_ADDRESS_LEAD.match(org)
        if lead and lead.group(0) and len(org) > lead.end():
            org = org[lead.end():]
        if org == before:
            return org
    return org


def _has_body(org: str) -> bool:
    """The chain starts with a top-level body: a municipality, a company, a ministry, a
    university, an association … (保育課, 区議会事務局 and 同室… do not)."""
    if not org or _ABBREVIATED_BODY.match(org) or org.startswith(_SAME):
        return False
    if not org_suffix_at_end(org):
        return True  # no unit: a name of its own (日経グローカル, Box Japan, 日本マイクロソフト)
    if municipality(org) or _COMPANY_WORD.search(org[:12]) and re.search(r"株式会社|有限会社|合同会社|\(株\)", org):
        return True
    from pipeline.extractors.organizations import _first_unit, _MINISTRY, _MUNICIPALITY

    if re.match(rf"[{KANJI}]{{2,3}}[県府](?![民立営政税内外])", org):
        return True  # a prefecture not in the list
    lead = _MUNICIPALITY.match(org)  # 鳥居市政策局: 市政 reads as one word, the 市 still ends a name
    if lead and len(lead.group(0)) >= 3 and not set(lead.group(0)) <= set("都道府県市区町村"):
        return True

    head = _PROPER_HEAD.match(org)  # 日本マイクロソフト…, Google…: a company written without its legal form
    return bool(_MINISTRY.match(org)) or bool(_first_unit(org)) or bool(head and _is_proper(head.group(0)))


_PROPER_HEAD = re.compile(rf"[{KATA}A-Za-z0-9・&\-.]{{3,}}")


def _starts_line(text: str, pos: int) -> bool:
    """The mention starts its line, after at most a short label (担当：, （問合せ先）, 同)."""
    lead = text[_line_floor(text, pos): pos]
    if CONTACT_LABEL.match(lead):
        return True  # 担当：課長補佐 早川真由美、主任 西尾拓海
    lead = lead.strip()
    return len(lead) <= 10 and not re.search(r"[。、,.!?！？]", lead)


def _unit_line_above(text: str, pos: int, max_lines: int = 5) -> str:
    """The organization a block of post/name rows sits under: the nearest line above that is
    nothing but organization units (``須賀川市 総務部 情報政策課``), within the block."""
    end = _line_floor(text, pos) - 1
    for step in range(max_lines):
        if end < 0:
            return ""
        floor = _line_floor(text, end)
        line = text[floor:end]
        if not line.strip():
            if step or floor == 0 or not _double_spaced(text) or not text[_line_floor(text, floor - 1): floor - 1].strip():
                return ""  # a blank line ends the block (HTML paragraphs: one right above the row is skipped)
            end = floor - 1
            continue
        if _LIST_HEADING.fullmatch(line.strip()):
            return ""  # 3 出席委員: the heading starts the block; a line above it is another item's (2 場所 / 第一会議室)
        org = _unit_line(line)
        if org:
            return org
        end = floor - 1
    return ""


# the heading of a council secretariat's staff rows names their unit: 事務局出席職員氏名,
# ７ 出席事務局職員, 事務局職員出席者, 議会事務局職員 — or the unit alone on its line (区議会事務局)
_STAFF_HEADING = re.compile(
    r"[0-9０-９一二三四五六七八九十()（）.．、〇○◯●■□◆◇・]*(?:出席)?(?P<unit>(?:\S{0,8}?議会)?事務局)"
    r"(?:(?:出席)?職員\S{0,6})?"
)


def _staff_heading_unit(text: str, pos: int, max_lines: int = 6) -> str:
    """The secretariat a staff row sits under: the heading of its block of rows, up to a blank
    line or another list's heading (a row in the second column takes it as the first does)."""
    end = _line_floor(text, pos) - 1
    for _ in range(max_lines):
        if end < 0:
            return ""
        floor = _line_floor(text, end)
        line = "".join(text[floor:end].split())
        if not line:
            return ""
        heading = _STAFF_HEADING.fullmatch(line)
        if heading:
            return heading.group("unit")
        if _LIST_HEADING.fullmatch(line):
            return ""
        end = floor - 1
    return ""


# a numbered heading naming who the rows below are (3 出席委員, (2)出席者, ○説明員)
_LIST_HEADING = re.compile(
    r"[0-9０-９一二三四五六七八九十()（）.．、〇○◯●■□◆◇・\s]*(?:出席|欠席|説明|列席|随行|傍聴)(?:委員|議員|職員|者|員)\S{0,12}"
)


def _join_chain(parent: str, unit: str) -> str:
    """``若葉県総務部`` + ``総務部人事課`` → ``若葉県総務部人事課`` (the shared units once)."""
    for k in range(min(len(parent), len(unit)), 1, -1):
        if parent.endswith(unit[:k]):
            return parent + unit[k:]
    return parent + unit


@lru_cache(maxsize=2)
def _double_spaced(text: str) -> bool:
    """Every line followed by a blank one (text taken from HTML paragraphs)."""
    lines = text.split("\n")
    return len(lines) > 6 and sum(1 for ln in lines if not ln.strip()) >= 0.4 * len(lines)


def _unit_line(line: str) -> str:
    body = re.sub(r"^\s*[【\[（(][^】\]）)]{0,12}[】\]）)]", "", line).strip()
    parts = body.split()
    if not parts or len(body) > 60 or not all(SEGMENT.fullmatch(p) and _org_not_name(p) for p in parts):
        return ""
    if any(split_post(p) is not None and split_post(p).title == p for p in parts):
        return ""
    return "".join(parts)


def _resolve_deictic(text: str, m: Mention, org: str, earlier: list[Mention]) -> str:
    """同室デジタル推進課 → the 室 named before + デジタル推進課; a row ``同 戸籍住民課 主幹`` → the
    previous row's organization (up to that unit, or its parent and the unit)."""
    deictic = re.match(rf"同({_deictic_units()})", org)
    if deictic:
        unit = deictic.group(1)
        known = [e.organization for e in earlier if e.organization.endswith(unit) and not e.organization.startswith(_SAME)]
        base = known[-1] if known else _antecedent(text, m.start, unit)
        return base + org[deictic.end():] if base else org
    lead = text[_line_floor(text, m.start): m.start].strip()
    if lead.endswith(_SAME) and len(lead) <= 3 and earlier and not _has_body(org):
        prev = earlier[-1].organization
        if not org:
            return prev
        if org in prev:
            return prev[: prev.index(org) + len(org)]
        if _unit_depth(org) > _unit_depth(prev):
            return prev + org  # 企画政策課 / 同 地域創造係長 → …企画政策課地域創造係
        return _parent(prev) + org
    return org


_UNIT_DEPTH = {"局": 1, "本部": 1, "部": 2, "課": 3, "室": 3, "センター": 3, "係": 4, "班": 4, "グループ": 4, "担当": 4}


def _unit_depth(org: str) -> int:
    return next((d for u, d in sorted(_UNIT_DEPTH.items(), key=lambda x: -len(x[0])) if org.endswith(u)), 0)


def _parent(org: str) -> str:
    """The chain without its last unit (堺市市民人権局市民生活部戸籍住民課 → …市民生活部)."""
    for k in range(len(org) - 1, 1, -1):
        if org_suffix_at_end(org[:k]) and is_org_unit(org[:k]):
            return org[:k]
    return org


def _expand_abbreviated(text: str, pos: int, org: str, people: frozenset[str]) -> str:
    """市デジタル戦略本部 → 姫路市デジタル戦略本部; 区議会事務局 → 練馬区議会事務局: the 市/区/県
    written in front of the unit is the one the passage names."""
    body = _body_in_context(text, pos, "県" if org[0] in "県府都" else org[0], people)
    return body + org[1:] if body else org


def _under_written_parent(text: str, org: str) -> str:
    """A council committee or 議会… unit under the council the document writes with it
    (``練馬区議会\n区民生活委員会``); anything else stays as written."""
    if org.startswith("議会") or ("委員会" in org and not _EXECUTIVE_COMMITTEE.search(org)):
        return _written_parent(text, org) + org
    return org


def _municipal_post(org: str, title: str) -> bool:
    """A post a municipality's unit can have: a public/executive/council title, or the head of
    a unit (本部長, 副本部長, 部長 …) of a 本部/局/部/課/室/係."""
    category = title_category(title)
    if category in ("public", "executive", "council"):
        return True
    return category == "corporate" and bool(re.search(r"(?:本部|局|部|課|室|係)$", org)) and bool(
        re.search(r"(?:本部|局|部|課|室|係)長$", title.split()[-1] if title else ""))


def _written_parent(text: str, org: str) -> str:
    """The body the document writes right in front of ``org`` (``練馬区議会\n区民生活委員会``,
    ``岡山県倉敷市議会　市民環境委員会``), '' if it never does."""
    for m in re.finditer(rf"({_COUNCIL.pattern})(\s{{0,3}}){re.escape(org)}", text):
        if not m.group(2) and "委員会" in org:
            continue  # 島田市議会議会だより編集に関する特別委員会, 札幌市議会総務委員会: glued, the committee is named without it
        parent = _RUN_LEAD.sub("", m.group(1))
        if len(parent) > 2 and is_org_unit(parent):
            return parent
    return ""


def _in_contact_block(text: str, pos: int, max_lines: int = 4) -> bool:
    """The mention is in a contact block (【問い合わせ先】 / 担当： …) at the end of a release."""
    end = pos
    for _ in range(max_lines):
        floor = _line_floor(text, end)
        line = text[floor:end] if end == pos else text[floor:end + 1]
        if not line.strip() and end != pos:
            return False
        if CONTACT_LABEL.match(line):
            return True
        if floor == 0:
            return False
        end = floor - 1
    return False


def _issuer(text: str) -> str:
    """The body that issued the document: the first municipality or prefecture in its head."""
    head = "\n".join(text.split("\n", 8)[:8])
    for m in re.finditer(rf"(?:{kana_municipality_pattern()})|[{KANJI}]{{1,6}}?[都道府県市区町村]", head):
        body = municipality(_RUN_LEAD.sub("", m.group(0)))
        if body and is_org_unit(body):
            inner = organization_body(head[m.start(): m.end() + 8])  # 茨城県石岡市…: the city in the prefecture
            return inner if inner.startswith(body) is False and inner[-1:] in "市区町村" and municipality(inner) == inner else body
    return ""


_COMPANY_FORM_RE = re.compile(r"株式会社|有限会社|合同会社|\(株\)|\(有\)")


def _corporate_unit(org: str, text: str = "", pos: int = 0) -> bool:
    """A company's unit: a unit only companies have, or a company named closer before it than
    any municipality (株式会社○○ … 公共営業本部 部長)."""
    if re.search(r"(?:本社|支社|支店|営業所|事業部|部門)", org):
        return True
    company = [m.start() for m in _COMPANY_FORM_RE.finditer(text, 0, pos)]
    if not company:
        return False
    bodies = [p for p, _ in _bodies_named(text[:pos], "市区町村県府都道", frozenset())]
    return not bodies or company[-1] > bodies[-1]


# Posts of a municipality's or prefecture's board of education (地方教育行政の組織及び運営に関する法律):
# where the document names the 教育委員会 (its own minutes, an answer pointing to it), the post
# belongs to <municipality>教育委員会; where it never does, the organization is not written and the
# municipality stays (the gold sets agree on both).
_EDUCATION_BOARD_POSTS = frozenset(("教育長", "教育委員", "教育長職務代理者"))


def _education_board(m: Mention, text: str) -> Mention:
    org = m.organization
    if m.title not in _EDUCATION_BOARD_POSTS or not org or "教育委員会" not in text:
        return m
    if org in prefectures() or (municipality(org) and org.endswith(municipality(org))):
        return replace(m, organization=org + "教育委員会")
    return m
