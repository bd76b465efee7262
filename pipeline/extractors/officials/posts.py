"""The post written around a name: titles and organization units before it (also over
byline lines), an appositive before a comma, a post in brackets after it."""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from pipeline.extractors.organizations import is_org_unit, municipality
from pipeline.extractors.titles import split_post, title_category, title_core_at_end
from pipeline.extractors.officials.grammar import (
    CONNECTOR,
    HIRA,
    KANJI,
    KATA,
    NAME_CHAR,
    SEGMENT,
    _ABBREVIATION,
    _H_SPACE,
    _LATIN_OR_KATAKANA_NAME,
)
from pipeline.extractors.officials.names import _is_proper, _morphs, _org_not_name, _proper_noun

# ---------------------------------------------------------------- posts in front of a name
# the verb joining a post to the name (ICT専門官を務める山田氏): a connector, its kanji no segment
_SERVES_AS = re.compile(r"を務め(?:ている|た|る)?")


def _segments_before(text: str, end: int, floor: int):
    """Post/organization segments written right before ``end`` on one line, right to left;
    yields (start, segment) and stops at anything that is not a segment or a connector."""
    pos = end
    line = text[floor:end]
    verbs = [(floor + v.start(), floor + v.end()) for v in _SERVES_AS.finditer(line)]
    segs = [
        (floor + m.start(), floor + m.end(), m.group(0)) for m in SEGMENT.finditer(line)
        if not any(a <= floor + m.start() < b for a, b in verbs)  # the 務 of を務める is no unit
    ]
    for s, e, seg in reversed(segs):
        gap = text[e:pos]
        if not CONNECTOR.fullmatch(gap) or (pos != end and re.search("[:：]", gap)):
            return  # 担当：係長 … — what stands before a colon is a label
        yield s, seg
        pos = s
    if text[floor:pos].strip():
        return
    yield floor, None  # the line is consumed up to its start


@dataclass(frozen=True)
class Affiliation:
    title: str
    organization: str
    start: int


PERSON_LINE = re.compile(rf"^{_H_SPACE}*(?:{NAME_CHAR}+{_H_SPACE}?){{1,6}}{_H_SPACE}*(?:氏|さん|様|君)?{_H_SPACE}*$")


def affiliation_before(text: str, pos: int, max_lines: int = 6, has_post: bool = False) -> Affiliation | None:
    """Titles and organization units written before a name at ``pos``, over byline lines too.
    ``has_post``: the name is followed by its post (…大学院情報学環の村瀬陽介教授), so a proper
    noun before の is taken as the organization even without a unit suffix."""
    titles: list[str] = []
    orgs: list[str] = []
    start = pos
    end = pos
    skipped_people = 0
    raw: list[str] = []  # the segments read so far, as written
    for _ in range(max_lines):
        floor = text.rfind("\n", 0, end) + 1
        if end != pos and not text[floor:end].strip():
            break  # a blank line ends the byline
        saved = (list(titles), list(orgs), start, list(raw))
        consumed = stop = False
        for s, seg in _segments_before(text, end, floor):
            if seg is None:
                consumed = True
                break
            written = len(seg)
            if seg != "(株)" and seg != "(有)":
                seg = _ABBREVIATION.sub("", seg)
            if re.fullmatch(rf"同(?:{_deictic_units()})", seg):
                seg = _antecedent(text, s, seg[1:]) or seg  # 同本部 → the 本部 named before
            if seg == "担当" and titles:
                continue  # 総務部情報課 担当 主査 佐々木 …: 担当 labels the contact, it is no second title
            post = split_post(seg)
            if post is not None and titles and not post.organization and _DESCRIBES.search(text[s + written:start]):
                break  # 最高デジタル責任者（CDO）の副市長 山田 …: the post in front describes the nearer one
            if post is not None and titles and not orgs and _role_over_post(post.title, titles[0]):
                break  # 本部長 知事 山田 …: the role in the 本部 over the post the person holds
            if post is not None and orgs:
                if post.organization or not _inner_units(raw):
                    post = None
                else:
                    # 常務執行役員 公共営業本部長 / 執行役員 公共事業部門 統括: a title in front of the
                    # units makes the units part of one title, as written
                    titles, orgs = [" ".join(raw)], []
            if post is not None:
                titles.insert(0, post.title)
                if post.organization:
                    orgs.insert(0, post.organization)
                raw.insert(0, seg)
                start = s
                continue
            if _org_not_name(seg) or ((titles or orgs) and _proper_noun(seg)) or (
                not titles and not orgs and (_LATIN_OR_KATAKANA_NAME.fullmatch(seg) or (has_post and _proper_noun(seg)))
                and text[s + len(seg):pos].strip() == "の"
            ):  # マイクロソフトの山田氏; a kanji noun before の needs a unit suffix (信濃諏訪郡の諏訪氏 is no post)
                orgs.insert(0, seg)
                raw.insert(0, seg)
                start = s
                continue
            stop = True
            break
        if end != pos and (stop or not consumed):
            titles, orgs, start, raw = saved  # a line above counts only when it is all post/organization
            break
        if stop or not consumed or floor == 0:
            break
        end = floor - 1  # the line above
        prev_floor = text.rfind("\n", 0, end) + 1
        prev_line = text[prev_floor:end]
        roster_line = PERSON_LINE.match(prev_line) and re.search(r"(?:氏|さん|様|君)\s*$", prev_line)
        if not titles and not orgs and roster_line and skipped_people < 3 and prev_floor > 0:
            skipped_people += 1  # 京都府 / 森田 嘉彦 氏 / 永井 明日香 氏: the body heads the roster
            end = prev_floor - 1
    if not titles and not orgs:
        return None
    return Affiliation(" ".join(titles), "".join(orgs), start)


# What joins a describing post to the post a name holds (CIOの副市長, 本部長である副市長).
_DESCRIBES = re.compile(r"の|であ|だった|を務め")


# Roles a member takes in a body (本部・会議・委員会): written in front of the post the person
# holds (本部長 知事, 副本部長 副知事, 委員 教育長), they yield to that post, as the previous
# rule does for 最高デジタル責任者（CDO）の副市長 — the post held is the most specific title.
_BODY_ROLES = frozenset(("本部長", "副本部長", "委員", "委員長", "副委員長", "会長", "副会長", "座長", "副座長",
                         "部会長", "構成員", "幹事", "議長", "副議長"))


_HELD_POST_CATEGORIES = frozenset(("executive", "public", "national"))


def _role_over_post(front: str, near: str) -> bool:
    return front in _BODY_ROLES and near not in _BODY_ROLES and title_category(near) in _HELD_POST_CATEGORIES


def _inner_units(raw: list[str]) -> bool:
    """The segments read so far are units inside a company/body (公共事業部門, SVP, 公共営業本部長),
    not a body of their own (no municipality, no company, at most two)."""
    if not raw or len(raw) > 3 or not titles_in(raw[-1:]):
        return False
    return all(not municipality(r) and not _COMPANY_WORD.search(r) for r in raw)


def titles_in(segs: list[str]) -> bool:
    return all(split_post(s) is not None for s in segs)


_COMPANY_WORD = re.compile(r"株式会社|有限会社|合同会社|\(株\)|省|庁|大学|協会|議会")


@lru_cache(maxsize=1)
def _deictic_units() -> str:
    from pipeline.extractors.organizations import org_suffixes

    return "|".join(re.escape(u) for u in org_suffixes() + ("社",) if not u.startswith("("))


def _antecedent(text: str, pos: int, unit: str) -> str | None:
    """The organization 同<unit> refers to: the last one ending with ``unit`` named before ``pos``
    (同本部 → デジタル・スマートシティ推進事業本部; 同社 → the last company)."""
    if unit == "社":
        pattern = re.compile(rf"(?:株式会社|合同会社|有限会社)[{KANJI}{KATA}A-Za-z0-9・\-]+|[{KANJI}{KATA}A-Za-z0-9・\-]+(?:株式会社|合同会社|有限会社)")
    else:
        pattern = re.compile(rf"[{KANJI}{KATA}A-Za-z0-9・]+{re.escape(unit)}")
    found = [m for m in pattern.finditer(text, 0, pos) if not m.group(0).startswith("同")]
    if not found:
        return None
    if unit == "社":
        return found[-1].group(0)
    return _with_units_above(text, found[-1].start()) + found[-1].group(0)


_UNIT_BEFORE_GAP = re.compile(rf"([{KANJI}{KATA}A-Za-z0-9・]+)[ \u3000]\Z")


def _with_units_above(text: str, start: int) -> str:
    """The units written before the antecedent, one space apart (総務部 市町村課 → 総務部): 同課
    stands for the whole chain the unit was written in."""
    chain = ""
    for _ in range(3):
        m = _UNIT_BEFORE_GAP.search(text, max(0, start - 30), start)
        if not m or not is_org_unit(m.group(1)):
            break
        chain, start = m.group(1) + chain, m.start()
    return chain


def _media_post(post):
    """``日経グローカル記者``, ``NHK記者``: the medium glued to a press title is its organization."""
    core = title_core_at_end(post.title)
    prefix = post.title[: len(post.title) - len(core)] if core else ""
    if post.organization or not prefix or title_category(core) != "media":
        return post
    if _morphs(prefix)[0][1] or not (_is_proper(prefix) or re.fullmatch(r"[A-Z][A-Za-z0-9&]{2,}", prefix)):
        return post  # a person's name before 記者 is no medium
    return replace(post, organization=prefix, title=core)


def appositive_before(text: str, pos: int) -> Affiliation | None:
    """A post set off by a comma before the name, with its unit written before の:
    ``総務課 情報係の主任、森 遥香氏``, ``福岡県 総務部 行政経営課の課長補佐、中村 佳織さん``."""
    if pos < 2 or text[pos - 1] not in "、,，":
        return None
    aff = affiliation_before(text, pos - 1, max_lines=1)
    if aff is None or not aff.title or not aff.organization or "の" not in text[aff.start:pos - 1]:
        return None
    return aff


def affiliation_after(text: str, pos: int) -> Affiliation | None:
    """A post in brackets right after the honorific: 山田太郎氏（大阪市情報政策課長）."""
    m = re.match(rf"{_H_SPACE}*[（(]([^（()）\n]{{2,40}})[)）]", text[pos:])
    if not m:
        return None
    parts = m.group(1).split()
    titles, orgs = [], []
    for seg in parts:
        post = split_post(seg)
        if post is not None and re.search(f"[{HIRA}]", post.title):
            return None  # （協定に基づく共同研究の代表者）: a note on the person, not a post
        if post is not None:
            post = _media_post(post)
        if post is not None:
            titles.append(post.title)
            if post.organization:
                orgs.append(post.organization)
        elif is_org_unit(seg) and not titles:
            orgs.append(seg)
        else:
            return None
    if not titles:
        return None
    return Affiliation(" ".join(titles), "".join(orgs), pos + m.end())


def affiliation_line_below(text: str, name_start: int, pos: int) -> Affiliation | None:
    """A name alone on its line with the honorific, its units and post on the next line:
    ``西山 翔 様`` / ``総務部デジタル推進課 推進係 主任主事``."""
    eol = text.find("\n", pos)
    if eol < 0 or text[pos:eol].strip() or text[text.rfind("\n", 0, name_start) + 1: name_start].strip():
        return None
    return affiliation_line_after(text, eol + 1, min_parts=1)


def post_of_person_above(text: str, start: int) -> bool:
    """The post line starting at ``start`` follows a line holding only a name with its honorific:
    it is that person's post (``村田 洋 様`` / post / ``中田 邦良 様``), not the next one's."""
    floor = text.rfind("\n", 0, start) + 1
    if text[floor:start].strip() or floor == 0:
        return False
    above = text[text.rfind("\n", 0, floor - 1) + 1: floor - 1]
    return bool(PERSON_LINE.match(above) and re.search(r"(?:氏|さん|様)\s*$", above))


def affiliation_line_after(text: str, pos: int, min_parts: int = 2) -> Affiliation | None:
    """The rest of a credit line after the honorific, nothing but units then one post:
    ``西山 翔 様 福岡県 総務部 デジタル推進課 主任主事`` (the units joined without spaces)."""
    end = text.find("\n", pos)
    end = len(text) if end < 0 else end
    parts = text[pos:end].split()
    if len(parts) < min_parts or len(parts) > 6:
        return None
    post = split_post(parts[-1])
    if post is None or re.search(f"[{HIRA}]", post.title) or not all(is_org_unit(p) for p in parts[:-1]):
        return None
    return Affiliation(post.title, "".join(parts[:-1]) + post.organization, end)
