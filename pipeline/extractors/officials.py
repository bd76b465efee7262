"""officials: named people holding a post — who, which title, which organization.

Recipe: find candidate mentions in every layout reports use → read the post written
around each name → resolve short references (森田氏 → 森田嘉彦) → give every mention the
best title/organization known for its person in the document → records.

Layouts (each a small finder below):
- name + honorific, post in front: ``大阪市 ICT戦略室 担当係長 山本早紀氏``, also spread
  over byline lines, and descriptive ``当時の大阪市長であった吉村洋文氏``;
- name + title: ``熊本市の大西一史市長``, ``平野社長``;
- council-minute speaker headers: ``○金広保育課長``, ``○議長（山田太郎君）``, ``（尾崎 財政課長）``;
- list and table lines: ``副委員長 尾 崎 太`` / ``同 中 島 光 徳``, ``| 課長 | 山田 太郎 |``.

Names are checked with fugashi (unidic marks 人名/姓/名), GiNZA Person entities when an
analysis is present, and the layout itself (a spaced ``姓 名`` after a post).
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, replace
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
from pipeline.extractors.titles import (
    _unit_head,
    head_unit,
    is_title,
    split_post,
    title_category,
    title_core_at_end,
    title_core_pattern,
)
from pipeline.records import Official

NAME = "officials"
RULE_FILES = (
    "titles.tsv", "honorifics.tsv", "org_suffixes.tsv", "prefectures.tsv", "not_names.tsv", "kana_municipalities.tsv",
)

# ---------------------------------------------------------------- grammar blocks
KANJI = r"\u3400-\u9fff々〆ヶ"
HIRA = r"ぁ-ゖ"
KATA = r"ァ-ヺー"
NAME_CHAR = f"[{KANJI}{HIRA}{KATA}]"
_H_SPACE = r"[ \t\u3000]"
# A segment of a written post/organization: kanji, katakana, Latin, digits and the joiners
# companies use (セブン-イレブン・ジャパン, (株)).
# Kana inside a unit name (学び推進課, こども局, 働き方改革推進係, つくば市): a hiragana run that is
# followed by kanji/katakana, is not made of particles only, and does not start with a
# particle right after a kanji (市はつくば市 splits at は; 当時の大阪市長 at の).
_PARTICLE_CHARS = "のはがをにでとやもへか"
_FUNCTION_KANA = (
    r"(?:の|は|が|を|に|で|と|や|も|へ|か|から|まで|より|など|および|ならびに|または|であった|である|だった|"
    r"であり|を務める|を務めた|を務めている|を務め|における|において|について|として|による|により|にて|ほか|ら|"
    r"した|して|する|され|させ|しており|おり|った|って|いた|いて|いる|ある|あった|ない|れた|れる|ます|です|ました|でした|"
    r"ついて|おいて|おける|よる|よって|とって|わたって|わたり|ともに|ため|もと)"
)
# hiragana that may stand inside a name (not the case particles の を が は で に へ)
_NAME_KANA = "".join(c for c in map(chr, range(0x3041, 0x3097)) if c not in "のをがはでにへ")
# A given name written after a spaced family name: kanji (達也), kana (さやか, サヤカ) or kana then
# kanji (あや子) — never kanji then kana, which is a name running into a particle (孝が就く).
GIVEN = rf"(?:[{KANJI}]{{1,4}}|[{HIRA}]{{2,4}}|[{KATA}]{{2,5}}|[{HIRA}]{{1,3}}[{KANJI}])"
_KANA_IN_UNIT = (
    rf"(?!{_FUNCTION_KANA}+(?![{HIRA}]))"
    rf"(?:(?<![{KANJI}{KATA}A-Za-z0-9{HIRA}])[{_NAME_KANA}]+|(?<=[{_PARTICLE_CHARS}])(?![{_PARTICLE_CHARS}])[{_NAME_KANA}]+"
    rf"|(?<=[{KANJI}{KATA}])(?![{_PARTICLE_CHARS}])[{_NAME_KANA}]+)"
    rf"(?=[{KANJI}{KATA}A-Za-z])"
)
# 公立はこだて未来大学, 県立ぐんま天文台, 市立ひばりが丘小学校: a public founder (X立) then a kana name
_KANA_AFTER_FOUNDER = rf"(?<=[公県市区町村国私府都道]立)[{HIRA}]{{2,8}}(?=[{KANJI}{KATA}])"
SEGMENT = re.compile(
    rf"(?:\(株\)|\(有\)|{kana_municipality_pattern()}|[{KANJI}{KATA}A-Za-z0-9・&\-.＆･]|{_KANA_IN_UNIT}|{_KANA_AFTER_FOUNDER})+"
    rf"(?:\([A-Za-z0-9]{{2,8}}\))?"
)
_LATIN_OR_KATAKANA_NAME = re.compile(rf"[{KATA}A-Za-z0-9・&\-.]{{3,}}")
_ABBREVIATION = re.compile(r"\([A-Za-z0-9]{2,8}\)$")
# What may stand between a post and the name (or between an organization and its post).
CONNECTOR = re.compile(
    r"\s*(?:であった|である|だった|を務める|を務めた|を務めている|を務め|で|の|[:：])?\s*(?:[（(][A-Za-z0-9]{2,8}[)）])?\s*"
)
_HONORIFIC_NOT_FOLLOWED = {"氏": "名族神子", "様": "々式相子態", "君": "臨主子", "殿": "堂下様", "さん": ""}
_SPEAKER_MARK = "○◯◎●◆◇"
SPEAKER_LINE = re.compile(
    rf"^{_H_SPACE}*[{_SPEAKER_MARK}]{_H_SPACE}*(?P<body>[^\s（(]{{1,24}})"
    rf"(?:{_H_SPACE}*[（(](?P<paren>[^）)\n]{{1,24}})[）)])?"
)
PAREN_SPEAKER = re.compile(rf"[（(]{_H_SPACE}*(?P<name>[{KANJI}]{{1,4}}){_H_SPACE}+(?P<post>[^\s（()）]{{2,20}}){_H_SPACE}*[)）]")
HEADING_LINE = re.compile(r"^\s*(?:#{1,6}\s|[【■□◆◇])")
_SAME = "同"
_ONE_CHAR_PREFIXES = frozenset("副元前総新次故現初同旧")


@dataclass(frozen=True)
class Mention:
    name: str
    title: str
    organization: str
    start: int  # normalized span of the whole phrase
    end: int
    name_start: int
    evidence: bool  # the name itself looks like a person's (fugashi/GiNZA/layout)
    layout: str
    inferred_org: bool = False  # organization taken from the document context, not written here


# ---------------------------------------------------------------- data
@lru_cache(maxsize=1)
def honorifics() -> tuple[str, ...]:
    return tuple(sorted(read_rule_column("honorifics.tsv"), key=len, reverse=True))


@lru_cache(maxsize=1)
def not_names() -> frozenset[str]:
    return frozenset(read_rule_column("not_names.tsv"))


@lru_cache(maxsize=1)
def _honorific_re() -> re.Pattern:
    alts = []
    for h in honorifics():
        bad = _HONORIFIC_NOT_FOLLOWED.get(h, "")
        alts.append(re.escape(h) + (f"(?![{bad}])" if bad else ""))
    return re.compile("(?:" + "|".join(alts) + ")")


# ---------------------------------------------------------------- names
@lru_cache(maxsize=4096)
def _morphs(s: str) -> tuple[tuple[str, bool, bool], ...]:
    """fugashi tokens of ``s`` as (surface, is_person_name, is_family_name)."""
    from pipeline.analyze import tagger

    out = []
    for w in tagger()(s):
        f = w.feature
        out.append((w.surface, f.pos3 == "人名", f.pos3 == "人名" and f.pos4 == "姓"))
    return tuple(out)


def _has_person_token(s: str) -> bool:
    return any(is_person for _, is_person, _ in _morphs(s))


def normalize_name(name: str) -> str:
    return "".join(unicodedata.normalize("NFKC", str(name or "")).split())


def _org_not_name(seg: str) -> bool:
    """An organization unit that is not a person's name (木村, 吉田 end like 村/田 units)."""
    return is_org_unit(seg) and not _is_name_like(seg)


def _plausible_name(name: str) -> bool:
    return (
        1 <= len(name) <= 8
        and re.fullmatch(f"{NAME_CHAR}+", name) is not None
        and name not in not_names()
        and not re.fullmatch(f"[{HIRA}]+", name)
        and not is_title(name)
        and not _org_not_name(name)
    )


def _ends_with_post(s: str) -> bool:
    """``s`` ends where a post or an organization ends (so a name may start right after)."""
    if not s:
        return True
    for k in range(max(0, len(s) - 12), len(s)):
        tail = s[k:]
        if (split_post(tail) is not None or is_org_unit(tail)) and not _is_name_like(tail):
            return True
    return False


def _is_name_like(s: str) -> bool:
    return all(is_person for _, is_person, _ in _morphs(s)) and _has_person_token(s)


def _split_chunk_name(chunk: str) -> int | None:
    """Where the name starts in an unspaced chunk like 担当係長山本早紀 (→ 4), or None."""
    morphs = _morphs(chunk)
    bounds, pos = [], 0
    for surface, is_person, _ in morphs:
        bounds.append((pos, is_person))
        pos += len(surface)
    best = None
    for idx, (j, starts_person) in enumerate(bounds):
        name = chunk[j:]
        if idx and starts_person and bounds[idx - 1][1]:
            continue  # never split between two name tokens (吉村|洋文)
        if not (2 <= len(name) <= 6 or (starts_person and len(name) >= 1 and len(name) <= 6)):
            continue
        if j and not _ends_with_post(chunk[:j]):
            continue
        score = (starts_person, j)
        if best is None or score > best[0]:
            best = (score, j)
    return None if best is None else best[1]


def name_before(text: str, end: int, floor: int) -> tuple[str, int, bool] | None:
    """The name written just before ``end`` (an honorific or the end of a list line):
    (name without spaces, start, whether the layout itself marks it as a name)."""
    left = text[floor:end]
    m = re.search(rf"((?:{NAME_CHAR}+{_H_SPACE})*{NAME_CHAR}+){_H_SPACE}*$", left)
    if not m:
        return None
    base = floor + m.start(1)
    chunks = [(base + c.start(), c.group(0)) for c in re.finditer(f"{NAME_CHAR}+", m.group(1))]
    # a chunk that mixes particles and kanji (であった吉村洋文) starts after its last kana
    last_start, last = chunks[-1]
    cut = re.search(f"^.*[{HIRA}](?=[{KANJI}{KATA}])", last)
    if cut:
        chunks = [(last_start + cut.end(), last[cut.end():])]
    elif len(chunks) >= 2:  # 主査の坂口 翔太さん: the family name starts after the particle
        prev_start, prev = chunks[-2]
        cut = re.search(f"^.*[{HIRA}](?=[{KANJI}]+$)", prev)
        if cut:
            chunks[-2] = (prev_start + cut.end(), prev[cut.end():])
    # damaged names: every character spaced out (尾 崎 太)
    singles = []
    for s, c in reversed(chunks):
        if len(c) == 1 and re.match(f"[{KANJI}]", c) and c != _SAME:
            singles.insert(0, (s, c))
        else:
            break
    if len(singles) >= 2 and len(singles) <= 6:
        return "".join(c for _, c in singles), singles[0][0], True
    if len(chunks) >= 2:
        (s1, c1), (s2, c2) = chunks[-2], chunks[-1]
        before_c1 = text[s1 - 1: s1] if s1 > 0 else ""
        joinable = (
            not re.match(r"[0-9A-Za-z番号]", before_c1)
            and 1 <= len(c1) <= 3 and 1 <= len(c2) <= 4 and re.fullmatch(f"[{KANJI}]+", c1)
            and not is_title(c1) and split_post(c1) is None and not _org_not_name(c1)
            and c1 != _SAME and split_post(c2) is None and not _two_words(c1, c2)
        )
        if joinable:
            return c1 + c2, s1, True
    s, c = chunks[-1]
    if re.search(f"[{HIRA}]", c):
        return None
    j = _split_chunk_name(c)
    if j is None:
        return None
    name = c[j:]
    return name, s + j, _has_person_token(name)


# ---------------------------------------------------------------- posts in front of a name
def _segments_before(text: str, end: int, floor: int):
    """Post/organization segments written right before ``end`` on one line, right to left;
    yields (start, segment) and stops at anything that is not a segment or a connector."""
    pos = end
    line = text[floor:end]
    segs = [(floor + m.start(), floor + m.end(), m.group(0)) for m in SEGMENT.finditer(line)]
    for s, e, seg in reversed(segs):
        gap = text[e:pos]
        if not CONNECTOR.fullmatch(gap) or (pos != end and re.search("[:：]", gap)):
            return  # 担当：係長 … — what stands before a colon is a label
        yield s, seg
        pos = s
    if text[floor:pos].strip():
        return
    yield floor, None  # the line is consumed up to its start


def _proper_noun(seg: str) -> bool:
    """A company or body written without a suffix (日本マイクロソフト, Google) — never a person."""
    if _has_person_token(seg):
        return False
    if re.fullmatch(rf"[{KATA}A-Za-z0-9・&\-.]{{3,}}", seg):
        return True
    return any(len(s) >= 2 and not _is_generic(s) for s, _, _ in _morphs(seg)) and _is_proper(seg)


@lru_cache(maxsize=4096)
def _common_noun(s: str) -> bool:
    """``s`` is read as common nouns only (情報, 財政, 企画) — no person, place or other proper noun."""
    from pipeline.analyze import tagger

    words = list(tagger()(s))
    return bool(words) and all(w.feature.pos2 == "普通名詞" for w in words)


@lru_cache(maxsize=4096)
def _is_proper(seg: str) -> bool:
    from pipeline.analyze import tagger

    return any(w.feature.pos2 == "固有名詞" for w in tagger()(seg))


def _is_generic(s: str) -> bool:
    return s in not_names()


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
    found = [m.group(0) for m in pattern.finditer(text, 0, pos) if not m.group(0).startswith("同")]
    return found[-1] if found else None


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


# ---------------------------------------------------------------- finders, one per layout
def _line_floor(text: str, pos: int) -> int:
    return text.rfind("\n", 0, pos) + 1


def find_honorific_mentions(text: str) -> list[Mention]:
    out = []
    for m in _honorific_re().finditer(text):
        got = name_before(text, m.start(), _line_floor(text, m.start()))
        if got is None:
            continue
        name, name_start, evidence = got
        if not _plausible_name(name):
            continue
        aff = affiliation_before(text, name_start)
        end = m.end()
        if aff is None:
            aff = appositive_before(text, name_start)
        if aff is None:
            after = affiliation_after(text, m.end())
            if after is not None:
                aff, end = Affiliation(after.title, after.organization, name_start), after.start
        title, org, start = (aff.title, aff.organization, aff.start) if aff else ("", "", name_start)
        if m.group(0) == "議員" and not title:
            title = "議員"
        out.append(Mention(name, title, org, start, end, name_start, evidence or aff is not None, "honorific"))
    return out


def find_name_title_mentions(text: str) -> list[Mention]:
    """熊本市の大西一史市長, 平野社長, 当時の橋下市長, 山下 聡市長, 石原 範子 教育長:
    person-name tokens directly before a post."""
    out = []
    for m in title_core_pattern().finditer(text):
        if text[m.end(): m.end() + 1] in ("部", "室", "局", "課", "級", "職", "会"):
            continue  # 市長部局, 課長級, 社長室: the title word is part of another noun
        left_end = m.start()
        spaced_title = False
        if left_end and text[left_end - 1] in " \u3000" and (left_end < 2 or text[left_end - 2] not in " \u3000"):
            left_end -= 1  # 石原 範子 教育長
            spaced_title = True
        if spaced_title:
            spaced = _spaced_name_before(text, left_end, m)
            if spaced is not None:
                out.append(spaced)
                continue
        run = re.search(rf"[{KANJI}{KATA}]{{1,16}}\Z", text[max(0, left_end - 16): left_end])
        if not run:
            continue
        run_start = left_end - len(run.group(0))
        chunk = text[run_start:left_end] + m.group(0)
        title_at = left_end - run_start
        spans, pos = [], 0
        for surface, is_person, _ in _morphs(chunk):
            spans.append((pos, pos + len(surface), is_person))
            pos += len(surface)
        found = _person_then_post(chunk, spans, title_at)
        if found is None and title_at <= 3 and re.fullmatch(f"[{KANJI}]+", chunk[:title_at]):
            fam = _family_before(text, run_start)  # 工藤 遼教授: a known family name, a short given name
            post = split_post(m.group(0))
            unit_post = split_post(chunk)
            if fam and _has_person_token(fam[0]) and post is not None and not (unit_post and unit_post.organization):
                found = (0, title_at, post)
        if found is None:
            continue
        ns, ne, post = found
        if spaced_title and ne != title_at:
            continue
        name = chunk[ns:ne]
        name_start = run_start + ns
        if re.match(f"[{KATA}]", name) and re.search(f"[{KATA}]$", text[:name_start]):
            continue  # 株式会社ユイノス 代表取締役: the tail of a katakana word is no name
        if re.fullmatch(f"[{KATA}]+", name) and re.match(f"[{KATA}]", post.title):
            continue  # テレ|キャスター, アイダ|エンジニア: one katakana word, not a name and a post
        family = _family_before(text, name_start) if ns == 0 else None
        if family:
            name, name_start = family[0] + name, family[1]
        if not _plausible_name(name) or _is_place_head(text, name, post.title):
            continue
        org, start = post.organization, name_start
        pre = chunk[:ns]
        if pre:
            if not _org_not_name(pre):
                continue
            org, start = pre + org, run_start
        else:
            aff = affiliation_before(text, start, has_post=True)
            if aff and not aff.title:
                org, start = aff.organization + org, aff.start
        out.append(Mention(name, post.title, org, start, m.end(), name_start, True, "name_title"))
    return out


_SPACED_TAIL = re.compile(
    rf"(?<![{KANJI}{KATA}A-Za-z0-9])([{KANJI}]{{1,3}}[ \u3000][{KANJI}{HIRA}{KATA}]{{1,4}})\Z"
)


def _spaced_name_before(text: str, end: int, title_match: re.Match) -> Mention | None:
    """宮本 さやか 副本部長: a spaced 姓 名, a space, then the post."""
    m = _SPACED_TAIL.search(text[max(0, end - 12): end])
    if not m:
        return None
    name_start = end - len(m.group(1))
    name = normalize_name(m.group(1))
    post = split_post(title_match.group(0))
    if post is None or not (_plausible_name(name) and _spaced_name_ok(m.group(1))):
        return None
    org, start = post.organization, name_start
    aff = affiliation_before(text, name_start, has_post=True)
    if aff and not aff.title:
        org, start = aff.organization + org, aff.start
    return Mention(name, post.title, org, start, title_match.end(), name_start, True, "name_title")


def _family_before(text: str, pos: int) -> tuple[str, int] | None:
    """A family name written before a space in front of ``pos`` (山下 聡市長 → 山下)."""
    m = re.search(rf"(?<![{KANJI}{KATA}A-Za-z0-9])([{KANJI}]{{1,3}})[ \u3000]\Z", text[max(0, pos - 6): pos])
    if not m:
        return None
    fam = m.group(1)
    if is_title(fam) or split_post(fam) is not None or _org_not_name(fam) or fam in not_names():
        return None
    return fam, pos - 6 + m.start(1) if pos >= 6 else m.start(1)


def _person_then_post(chunk: str, spans, title_at: int):
    """In a chunk ``…[person tokens][post]``: (name start, name end, post)."""
    for i in range(len(spans)):
        if not spans[i][2]:
            continue
        j = i
        while j + 1 < len(spans) and spans[j + 1][2] and spans[j + 1][1] <= title_at:
            j += 1
        ns, ne = spans[i][0], spans[j][1]
        if ne > title_at:
            continue
        nxt = next((sp for sp in spans if sp[0] == ne), None)
        if nxt and nxt[1] - nxt[0] == 1 and chunk[ne] not in _ONE_CHAR_PREFIXES and ne < title_at:
            continue  # 金正|恩党委員長, 加藤寛一|郎名誉教授: the name goes on past the person tokens
        post = split_post(chunk[ne:])
        if post is not None and not _has_person_token(chunk[ne:title_at] or "・"):
            return ns, ne, post
    return None


def _is_place_head(text: str, name: str, title: str) -> bool:
    """吉田町長 is the head of 吉田町, not a Mr 吉田, when the document names 吉田町."""
    unit = head_unit(title)
    if unit is None:
        return False
    units = "県府都道" if unit == "県" else unit
    return any((name + u) in text.replace(name + title, "") for u in units)


def find_speaker_mentions(text: str) -> list[Mention]:
    """Council-minute speaker headers: ○金広保育課長 / ○議長（山田太郎君） / （尾崎 財政課長）."""
    out = []
    for line in re.finditer(r"[^\n]+", text):
        m = SPEAKER_LINE.match(line.group(0))
        if not m:
            continue
        base = line.start()
        body, paren = m.group("body"), m.group("paren")
        if paren:
            hon = re.search(r"(?:君|議員|氏|さん)$", paren.strip())
            name = normalize_name(paren.strip()[: hon.start()] if hon else paren)
            post = split_post(body)
            council_seat = re.fullmatch(r"[0-9]+番", body) or (hon and hon.group(0) == "議員")
            title = post.title if post else ("議員" if council_seat else "")
            org = post.organization if post else ""
            if _plausible_name(name) and (title or hon):
                out.append(Mention(name, title, org, base + m.start("body"), base + m.end(), base + m.start("paren"),
                                   True, "speaker"))
            continue
        got = _split_name_post(body)
        if got:
            n, post = got
            s = base + m.start("body")
            out.append(Mention(body[:n], post.title, post.organization, s, s + len(body), s, True, "speaker"))
    for m in PAREN_SPEAKER.finditer(text):
        post = split_post(m.group("post"))
        name = m.group("name")
        if post and _plausible_name(name):
            out.append(Mention(name, post.title, post.organization, m.start("name"), m.end("post"),
                               m.start("name"), True, "speaker"))
    return out


def _split_name_post(body: str):
    """金広保育課長 → (2, Post(保育課, 課長)); the name is 1–4 characters, fugashi decides
    where when it can, else the commonest family-name length (2)."""
    first = _morphs(body)[0][0] if body else ""
    if is_title(body) and body[0] in _ONE_CHAR_PREFIXES:
        return None  # ○副市長, ○前会長: a post with its prefix, no name
    if len(first) >= 2 and _common_noun(first):
        return None  # ○情報政策課長, ○財政課長: a post with no name (情報, 財政 are words, not people)
    options = []
    for n in range(1, min(5, len(body))):
        post = split_post(body[n:])
        if post is None or not _plausible_name(body[:n]) or not re.fullmatch(f"[{KANJI}]+", body[:n]):
            continue
        morph_bounds = {sum(len(s) for s, _, _ in _morphs(body)[:k]) for k in range(len(_morphs(body)) + 1)}
        person_end = n in morph_bounds and _has_person_token(body[:n])
        options.append(((person_end, n == 2, -n), n, post))
    if not options:
        return None
    _, n, post = max(options, key=lambda o: o[0])
    return n, post


SPACED_NAME = re.compile(
    rf"(?<![{KANJI}{KATA}0-9])(?P<name>[{KANJI}]{{1,3}}[ \u3000]{GIVEN})"
    rf"(?=[ \u3000]*(?:$|[（()）、。,」\n×/／]|の|は|が|も|と|から|より))",
    re.M,
)
PAREN_TITLE_NAME = re.compile(
    rf"[（(](?P<post>[^\s（()）:：]{{1,20}})[:：\s]+(?P<name>[{KANJI}]{{1,3}}[ \u3000]?[{KANJI}{HIRA}{KATA}]{{1,4}})[)）]"
)
NAME_PAREN_POST = re.compile(
    rf"(?<![{KANJI}{KATA}])(?P<name>[{KANJI}]{{1,3}}[ \u3000]{GIVEN})(?=[（(])"
)


def find_post_name_mentions(text: str) -> list[Mention]:
    """A post then a spaced 姓 名 with no honorific: ``山梨県知事 小林 正道 のコメント``,
    ``議会事務局 主査 北野 佳奈``, ``部長 戸田 和也``."""
    out = []
    for m in SPACED_NAME.finditer(text):
        name = re.sub(r"(?:氏|様|君|殿|さん)$", "", normalize_name(m.group("name")))
        if not (_plausible_name(name) and _spaced_name_ok(m.group("name"))):
            continue
        aff = affiliation_before(text, m.start("name"))
        if aff is None or not aff.title:
            continue
        out.append(Mention(name, aff.title, aff.organization, aff.start, m.end("name"), m.start("name"), True, "post_name"))
    return out


NAME_SPACE_POST = re.compile(  # zero-width, so that overlapping candidates are all tried
    rf"(?<![{KANJI}{KATA}A-Za-z0-9])(?=(?P<name>[{KANJI}]{{1,3}}[ \u3000][{KANJI}{HIRA}{KATA}]{{1,4}}|[{KANJI}]{{2,5}})"
    rf"[ \u3000](?P<post>[{KANJI}{KATA}A-Za-z・]{{2,20}})"
    rf"(?=[ \u3000]*(?:$|[\s、。,「」（()）]|は|が|の|も|と|に|を|から)))",
    re.M,
)


def find_name_space_post_mentions(text: str) -> list[Mention]:
    """A name, a space, then the post: ``公共営業部 中川浩 営業課長``, ``中川 浩 営業課長`` (the
    units before the name are the organization; a name with a post in front is another layout)."""
    out = []
    for m in NAME_SPACE_POST.finditer(text):
        post = split_post(m.group("post"))
        name = normalize_name(m.group("name"))
        if post is None or not _plausible_name(name) or not _has_person_token(name):
            continue
        core = title_core_at_end(post.title) or post.title
        if _has_person_token(post.title[: len(post.title) - len(core)] or "・"):
            continue  # 竹内 里奈記者: the given name is glued to the post, the family name stands alone
        if " " in m.group("name").replace("\u3000", " ") and not _spaced_name_ok(m.group("name")):
            continue
        if split_post(name) is not None or _org_not_name(name):
            continue
        family = _family_before(text, m.start("name"))
        if family and not _org_not_name(family[0]):
            continue  # 熊谷 浩介 村長: this is the given name of a spaced name
        head = post.organization[:-1] if post.organization and _unit_head(post.title) else ""
        if head and _has_person_token(head):
            continue  # 山下 聡市長, 桑原 拓也課長: the given name, not a unit
        aff = affiliation_before(text, m.start("name"))
        if aff is not None and aff.title:
            continue  # 委員長 山田太郎 副委員長 …: the name's post stands in front of it
        org, start = post.organization, m.start("name")
        if aff is not None:
            org, start = aff.organization + org, aff.start
        out.append(Mention(name, post.title, org, start, m.end("post"), m.start("name"), True, "name_title"))
    return out


def _spaced_name_ok(spaced: str) -> bool:
    fam, _, given = spaced.replace("\u3000", " ").partition(" ")
    return not (is_title(fam) or split_post(fam) is not None or _org_not_name(fam) or fam == _SAME
                or is_title(given) or split_post(given) is not None or _two_words(fam, given))


def _two_words(fam: str, given: str) -> bool:
    """開会 宣言, 質疑 応答: two common nouns side by side, not a family and a given name."""
    return len(fam) >= 2 and len(given) >= 2 and _common_noun(fam) and _common_noun(given)


def find_paren_mentions(text: str) -> list[Mention]:
    """``群馬県（知事：関根 達也）``, ``西粟倉村（村長 青木 正志）``, ``小池 真由美（日経グローカル記者）``."""
    out = []
    for m in PAREN_TITLE_NAME.finditer(text):
        post = split_post(m.group("post"))
        name = normalize_name(m.group("name"))
        if post is None or not _plausible_name(name):
            continue
        org, start = post.organization, m.start()
        seg = re.search(r"(?:\(株\)|[^\s（()）、。「」])+\Z", text[max(0, m.start() - 30): m.start()])
        if seg and _org_not_name(seg.group(0)):
            org, start = seg.group(0) + org, m.start() - len(seg.group(0))
        out.append(Mention(name, post.title, org, start, m.end(), m.start("name"), True, "paren"))
    for m in NAME_PAREN_POST.finditer(text):
        name = normalize_name(m.group("name"))
        if not (_plausible_name(name) and _spaced_name_ok(m.group("name"))):
            continue
        aff = affiliation_after(text, m.end("name"))
        if aff is not None:
            out.append(Mention(name, aff.title, aff.organization, m.start("name"), aff.start, m.start("name"), True, "paren"))
    return out


CREDIT = re.compile(
    r"(?P<role>(?:取材|文|撮影|写真|構成|編集|聞き手|執筆|イラスト|インタビュー)(?:[・/](?:取材|文|撮影|写真|構成|編集|聞き手|執筆))*)"
    rf"{_H_SPACE}*[=＝:：]{_H_SPACE}*"
)


def find_credit_mentions(text: str) -> list[Mention]:
    """Article credits: ``取材・文＝編集部 竹内 玲奈``, ``撮影＝森 拓郎`` (the person is credited
    with a role; the unit before the name is the organization)."""
    out = []
    for m in CREDIT.finditer(text):
        line_end = text.find("\n", m.end())
        line_end = len(text) if line_end < 0 else line_end
        rest = re.split(r"[、,/／]", text[m.end():line_end], maxsplit=1)[0].rstrip()
        got = name_before(text, m.end() + len(rest), m.end())
        if got is None:
            continue
        name, name_start, evidence = got
        head = text[m.end():name_start].strip()
        if not (evidence and _plausible_name(name)) or (head and not _org_not_name(head)):
            continue
        out.append(Mention(name, "", head, m.start(), m.end() + len(rest), name_start, True, "credit"))
    return out


def find_org_name_lines(text: str) -> list[Mention]:
    """A line that is only a unit and a spaced person's name: ``（浜松支局　阿部 翔）``, also with
    the post glued to the name (``（北陸日報 中島 沙耶記者）``: a newspaper credits its reporter)."""
    out = []
    pattern = (
        rf"^{_H_SPACE}*[(（【]?(?P<org>(?:\(株\)|[{KANJI}{KATA}A-Za-z0-9・&\-]){{2,30}}){_H_SPACE}+"
        rf"(?P<name>[{KANJI}]{{1,3}}{_H_SPACE}(?P<given>[{KANJI}{HIRA}{KATA}]{{1,5}}?))"
        rf"(?P<post>{title_core_pattern().pattern})?[)）】]?{_H_SPACE}*$"
    )
    for line in re.finditer(pattern, text, re.M):
        org, spaced, post = line.group("org"), line.group("name"), line.group("post") or ""
        name = normalize_name(spaced)
        body_ok = _org_not_name(org) or (post and _proper_noun(org))
        if body_ok and re.fullmatch(GIVEN, line.group("given")) and _plausible_name(name) and _spaced_name_ok(spaced) and _has_person_token(name):
            end = line.end("post") if post else line.end("name")
            out.append(Mention(name, post, org, line.start("org"), end, line.start("name"), True, "org_name"))
    return out


# A post with a bracket at the start of a roster line: ``CIO（最高情報責任者）``, ``委員（教育長職務代理者）``.
_BRACKETED_POST = re.compile(rf"^(?P<lead>{_H_SPACE}*)(?P<head>[^\s（()）]{{2,12}})[（(](?P<inner>[^\s（()）]{{2,20}})[)）]", re.M)


def _read_bracketed_posts(flat: str) -> str:
    """Same-length rewrite of bracketed posts: an abbreviation keeps its head (``CDO（最高デジタル
    責任者）`` → ``CDO``; the bracket spells it out); a role with a post in brackets takes that post
    (``委員（教育長職務代理者）`` → ``教育長職務代理者``: the post the member holds)."""
    def one(m: re.Match) -> str:
        head, inner = m.group("head"), m.group("inner")
        head_post, inner_post = split_post(head), split_post(inner)
        if head_post is None or inner_post is None or head_post.organization or inner_post.organization:
            return m.group(0)
        if re.fullmatch(r"[A-Z]{2,6}", head):
            return m.group("lead") + head + " " * (len(inner) + 2)
        if head in _BODY_ROLES:
            return m.group("lead") + " " * (len(head) + 1) + inner + " "
        return m.group(0)

    return _BRACKETED_POST.sub(one, flat)


def find_bureau_credit_lines(text: str) -> list[Mention]:
    """A press credit line: bureau, press title, name (``（前橋支局 記者 小林翔太）``)."""
    out = []
    pattern = (
        rf"^{_H_SPACE}*[(（](?P<org>[{KANJI}{KATA}A-Za-z0-9・&\-]{{2,20}}){_H_SPACE}+(?P<post>[^\s（()）]{{2,8}}){_H_SPACE}+"
        rf"(?P<name>[{KANJI}{HIRA}{KATA}]{{1,5}}(?:{_H_SPACE}[{KANJI}{HIRA}{KATA}]{{1,5}})?){_H_SPACE}*[)）]{_H_SPACE}*$"
    )
    for line in re.finditer(pattern, text, re.M):
        org, post = line.group("org"), line.group("post")
        if title_category(post) != "media" or not is_org_unit(org):
            continue
        got = name_before(text, line.end("name"), line.start("name"))
        if got is None or got[1] != line.start("name") or not got[2] or not _plausible_name(got[0]):
            continue
        out.append(Mention(got[0], post, org, line.start("org"), line.end("name"), line.start("name"), True, "org_name"))
    return out


def find_list_mentions(text: str) -> list[Mention]:
    """Roster and table lines: ``副委員長 尾 崎 太`` / ``同 中 島 光 徳`` / ``| 課長 | 山田 太郎 |``."""
    flat = _read_bracketed_posts(re.sub(r"[|｜\t]", " ", text))  # same length: offsets stay valid
    out: list[Mention] = []
    last: Mention | None = None
    last_line = -10
    for ln, line in enumerate(re.finditer(r"[^\n]*", flat)):
        bracket = re.search(r"[（(]([^（()）]*)[)）]\s*$", line.group(0))
        body = line.group(0)[: bracket.start()].rstrip() if bracket else line.group(0)  # 佐野 由佳里（内線3421）
        body = _without_contact_tail(body)
        if not body.strip() or not re.search(rf"{_H_SPACE}", body.strip()) or re.search(r"(?:氏|様|君|殿|さん)$", body):
            continue  # lines ending with an honorific are the honorific finder's
        s0 = line.start()
        got = name_before(flat, s0 + len(body), s0)
        if got is None:
            continue
        name, name_start, evidence = got
        if not (evidence and 1 <= len(name) <= 6 and _plausible_name(name)):
            continue
        head = flat[s0:name_start].strip()
        if head == _SAME and last is not None and ln - last_line <= 3:
            out.append(Mention(name, last.title, last.organization, s0 + flat[s0:name_start].index(_SAME),
                               s0 + len(body), name_start, True, "list"))
            last_line = ln
            continue
        aff = affiliation_before(flat, name_start, max_lines=1)
        if aff is None or not aff.title:
            continue
        lead = flat[s0:aff.start].strip()
        if lead and (len(lead) > 12 or re.search(r"[。、,.!?！？]", lead)):
            continue  # the post must start the line, after at most a short label (町村会代表, 担当：)
        if bracket and not aff.organization and title_category(aff.title) == "media" and is_org_unit(bracket.group(1)):
            aff = replace(aff, organization=bracket.group(1))  # 記者 井上 翔（松山支局）: the reporter's bureau
        last = Mention(name, aff.title, aff.organization, aff.start, s0 + len(body), name_start, True, "list")
        out.append(last)
        last_line = ln
    return out


def _roster_post(token: str) -> bool:
    """A roster token that is a post (委員長, 副委員長, 委員, 課長), not a name or a unit."""
    post = split_post(token)
    return post is not None and not post.organization and not _has_person_token(token)


def _roster_names(tokens: list[tuple[int, str]]) -> list[tuple[int, str, str]] | None:
    """The names written in a run of roster tokens: spaced ``姓 名`` pairs (山本 達也 杉山 良太)
    or unspaced full names (山本達也 杉山良太); None when the run cannot be read either way."""
    words = [w for _, w in tokens]
    if all(re.fullmatch(f"[{KANJI}]{{3,6}}", w) and _has_person_token(w) for w in words):
        return [(p, w, w) for p, w in tokens]
    if len(tokens) % 2 or not all(re.fullmatch(f"[{KANJI}]{{1,3}}", w) for w in words[0::2]):
        return None
    out = []
    for (p, fam), (_, given) in zip(tokens[0::2], tokens[1::2]):
        spaced = f"{fam} {given}"
        if not (re.fullmatch(GIVEN, given) and _spaced_name_ok(spaced) and _plausible_name(fam + given)):
            return None
        if not (_has_person_token(fam) or _has_person_token(given)):
            return None  # 委員 意見 要望: words, not a family and a given name
        out.append((p, fam + given, spaced))
    return out


def find_roster_mentions(text: str) -> list[Mention]:
    """Roster lines of minutes and attendance lists: one post then several spaced names
    (``委員 山本 達也　杉山 良太　鈴木 千尋``, ``委員 山本達也、杉山良太``), or post–name pairs on one
    line (``委員長 中川 俊介　副委員長 望月 美和``): every name takes the post written last before it."""
    out = []
    for line in re.finditer(r"[^\n]+", text):
        tokens = [(line.start() + t.start(), t.group(0)) for t in re.finditer(r"[^\s、，,]+", line.group(0))]
        if len(tokens) < 3 or not _roster_post(tokens[0][1]):
            continue
        groups: list[tuple[tuple[int, str], list[tuple[int, str]]]] = []
        for pos, tok in tokens:
            if _roster_post(tok):
                groups.append(((pos, tok), []))
            else:
                groups[-1][1].append((pos, tok))
        read = [(post, _roster_names(names)) for post, names in groups]
        if any(not names for _, names in read) or sum(len(names) for _, names in read) < 2:
            continue  # not a roster: a post with nothing after it, a word that is no name, one name only
        for (post_pos, post), names in read:
            for k, (pos, name, spaced) in enumerate(names):
                start = post_pos if k == 0 else pos
                out.append(Mention(name, post, "", start, pos + len(spaced), pos, True, "roster"))
    return out


# What ends a name on a contact line: an extension, a phone/fax number, a mail address.
_CONTACT_TAIL = re.compile(
    rf"{_H_SPACE}*[（(]?(?:内線|電話番号|電話|直通|代表電話|携帯|TEL|Tel|tel|FAX|Fax|fax|E-?mail|e-?mail|Mail|mail|メール|℡|☎)(?![{KANJI}]).*$"
)


def _without_contact_tail(body: str) -> str:
    """``小島 浩二 内線2201）`` → ``小島 浩二``; ``佐々木 陽介 電話0138-…`` → ``佐々木 陽介``."""
    cut = _CONTACT_TAIL.sub("", body)
    return cut.rstrip().rstrip(")）").rstrip() if cut != body else body


CONTACT_LABEL = re.compile(
    rf"^{_H_SPACE}*[（(【]?(?:担当者?|問(?:い)?合(?:わ)?せ先?|お問(?:い)?合(?:わ)?せ先?|連絡先|照会先)[）)】]?{_H_SPACE}*[:：]?{_H_SPACE}*",
    re.M,
)


def find_contact_mentions(text: str) -> list[Mention]:
    """Contact lines of press releases and reports: ``担当：課長補佐 早川真由美、主任 西尾拓海``,
    ``（問合せ先）総務部職員課 働き方改革推進係長 小 松 由 紀`` — after the label, items of
    post + name separated by 、 (names spaced or not, no honorific)."""
    out = []
    for label in CONTACT_LABEL.finditer(text):
        line_end = text.find("\n", label.end())
        line_end = len(text) if line_end < 0 else line_end
        pos = label.end()
        for item in re.split(r"([、,，/／])", text[label.end():line_end]):
            start, pos = pos, pos + len(item)
            body = _without_contact_tail(re.sub(r"[（(][^（()）]*[)）]\s*$", "", item).rstrip())  # 早川真由美（内線2345）
            if len(body) < 3:
                continue
            got = name_before(text, start + len(body), start)
            if got is None:
                continue
            name, name_start, evidence = got
            if not (evidence and _plausible_name(name)):
                continue
            aff = affiliation_before(text, name_start, max_lines=1)
            if aff is None or not aff.title or aff.start < start or text[start:aff.start].strip():
                continue
            out.append(Mention(name, aff.title, aff.organization, aff.start, start + len(body), name_start, True, "list"))
    return out


# ---------------------------------------------------------------- document-level resolution
def _heading_org_before(text: str, pos: int) -> str:
    for line in reversed(text[:pos].split("\n")[-60:]):
        if HEADING_LINE.match(line):
            org = heading_organization(line)
            if org:
                return org
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


def _bodies_named(text: str, units: str, people: frozenset[str]) -> list[tuple[int, str]]:
    """(position, body) of every municipality/prefecture of the kinds ``units`` in ``text``."""
    pattern = rf"(?:{kana_municipality_pattern()})|[{KANJI}]{{1,5}}?[市区町村]|[{KANJI}]{{1,3}}?[都道府県]"
    out = []
    for m in re.finditer(pattern, text):
        run = _RUN_LEAD.sub("", m.group(0))
        body = municipality(run)
        if units[0] in "県府都道" and (not body or body[-1] not in units):
            body = next((p for p in prefectures() if run.startswith(p)), "")  # 岐阜県美濃市 → 岐阜県
            if not body and re.fullmatch(rf"[{KANJI}]{{2,3}}[県府]", run):
                body = run  # a 県 not in the list
        if (
            body and body[-1] in units and is_org_unit(body)
            and not any(person.startswith(body) or body[:-1] in person for person in people)
        ):
            out.append((m.start(), body))
    return out


def _dedup(mentions: list[Mention]) -> list[Mention]:
    """One mention per name position: the one that knows most."""
    best: dict[int, Mention] = {}
    for m in mentions:
        cur = best.get(m.name_start)
        if cur is None or _roster_role(m, cur) or (_rank(m) > _rank(cur) and not _roster_role(cur, m)) or (
            m.layout == "roster" and cur.layout != "roster"
        ):
            best[m.name_start] = m
    return sorted(best.values(), key=lambda m: m.start)


def _roster_role(m: Mention, other: Mention) -> bool:
    """``会長 柳田 恵介（○○大学教授）``: in a roster the role in the body is the post; the
    bracket is where the member comes from."""
    if other.layout == "roster":
        return False
    return m.layout == "roster" or (m.layout == "list" and other.layout == "paren" and m.title in _ROSTER_ROLES)


def _rank(m: Mention) -> tuple:
    written_org = bool(m.organization) and not m.inferred_org
    return (bool(m.title), written_org, bool(m.organization), len(m.organization), len(m.title), len(m.name))


def _resolve_names(mentions: list[Mention]) -> list[Mention]:
    """Short references take the full name introduced in the document: 森田氏 → 森田嘉彦."""
    full = {m.name for m in mentions if m.evidence and len(m.name) >= 3}
    out = []
    for m in mentions:
        longer = {f for f in full if f != m.name and f.startswith(m.name)}
        if len(longer) == 1:
            m = replace(m, name=longer.pop())
        out.append(m)
    return out


def _body_run(suffix: str) -> re.Pattern:
    return re.compile(rf"(?:{kana_municipality_pattern()})?[{KANJI}{KATA}A-Za-z・]*(?:{suffix})")


_COMMITTEE = _body_run("委員会(?!室)")
_COUNCIL = _body_run("議会")
# Bodies a roster's 会長/委員 sit on (協議会 minutes, 審議会 rosters, council committees).
_DELIBERATIVE = _body_run("委員会(?!室)|協議会|審議会|懇談会|検討会議|検討会|推進会議")
_ROSTER_ROLES = ("会長", "副会長", "委員長", "副委員長", "委員", "座長", "副座長", "部会長")
_RUN_LEAD = re.compile(r"^[0-9第回年度月日号次期]+")
_COMMITTEE_TITLES = ("委員長", "副委員長", "委員")


def _named_bodies(text: str, pattern: re.Pattern, suffix: str) -> list[tuple[int, str]]:
    out = []
    for m in pattern.finditer(text):
        name = _RUN_LEAD.sub("", m.group(0))
        suffix = next((x for x in suffix.split("|") if name.endswith(x)), suffix)
        stem = name[: -len(suffix)]
        if len(stem) >= 2 and is_org_unit(name) and stem not in ("常任", "特別", "本", "同", "各", "全"):
            out.append((m.start() + len(m.group(0)) - len(name), name))
    return out


def _nearest_before(named: list[tuple[int, str]], pos: int) -> str:
    before = [n for p, n in named if p < pos]
    return before[-1] if before else ""


def _nearest(named: list[tuple[int, str]], pos: int) -> str:
    before = [n for p, n in named if p < pos]
    if before:
        return before[-1]
    return named[0][1] if named else ""


def context_organization(text: str, pos: int, title: str, people: frozenset[str] = frozenset()) -> str:
    """The organization a post without one belongs to, from the document: a committee
    member's committee, a council member's council, a municipal official's municipality."""
    owner = _attribute_owner(text, pos)
    if owner:
        return owner
    category = title_category(title)
    if category == "council":
        if title.split()[-1] in _COMMITTEE_TITLES:
            org = _nearest(_named_bodies(text, _COMMITTEE, "委員会"), pos)
            if org:
                return org
        return _nearest(_named_bodies(text, _COUNCIL, "議会"), pos)
    if category in ("executive", "public"):
        return _body_in_context(text, pos, head_unit(title) or "自治体", people)
    if title in _PUBLIC_CXO and not _corporate_unit("", text, pos):
        return _body_in_context(text, pos, "自治体", people)  # a 県's CDO: no company named before
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
    return seg.group(0) if seg and _org_not_name(seg.group(0)) else ""


def find_short_references(text: str, mentions: list[Mention]) -> list[Mention]:
    """``大西市長``, ``平野社長`` after ``大西一史市長``/``平野拓也氏``: the family name of a person
    already named in the document, then a post (unidic reads a lone 大西 as a place)."""
    out = []
    seen = {m.name_start for m in mentions}
    for full in {m.name for m in mentions if m.evidence and len(m.name) >= 3}:
        family = _morphs(full)[0][0]
        if len(family) >= len(full) or len(family) < 2:
            continue
        for start, title in _family_then_post(text, family):
            if start in seen:
                continue
            post = split_post(title.group(0))
            if post is None or post.organization or _is_place_head(text, family, post.title):
                continue
            out.append(Mention(full, post.title, "", start, title.end(), start, True, "short_reference"))
    return out


_KANJI_OR_KATA = re.compile(f"[{KANJI}{KATA}]")


def _family_then_post(text: str, family: str) -> Iterator[tuple[int, re.Match]]:
    """Where ``family`` stands alone (no kanji/katakana before it) right before a post:
    (start, the post's match). A search, not a regex built per name (that compile is slow)."""
    core = title_core_pattern()
    pos = text.find(family)
    while pos >= 0:
        end = pos + len(family)
        title = None if pos and _KANJI_OR_KATA.match(text, pos - 1) else core.match(text, end)
        if title:
            yield pos, title
        pos = text.find(family, end if title else pos + 1)


def _complete(text: str, mentions: list[Mention]) -> list[Mention]:
    """Give every mention its full organization chain, as the guideline asks (the deepest unit
    joined to its parent body): a row's organization from the section heading or the unit
    line above it; a roster role's body; 同室/同部 and a bare 同 from the unit named before;
    an abbreviated 市デジタル戦略本部 / 区議会事務局 and a bare unit (保育課) under the body
    the document is about; a committee under its council."""
    out: list[Mention] = []
    people = frozenset(m.name for m in mentions)
    for m in mentions:
        org, inferred = _clean_org(m.organization), m.inferred_org
        if not org and m.layout in ("list", "speaker", "roster"):
            org, inferred = _heading_org_before(text, m.start), True
        if not org and m.layout in ("list", "speaker", "roster") and m.title in _ROSTER_ROLES:
            bodies = [(p, b) for p, b in _named_bodies(text, _DELIBERATIVE, _DELIBERATIVE_SUFFIXES) if p < m.start]
            org, inferred = _nearest(bodies, m.start), True  # the body the roster/minutes are of
        org = _resolve_deictic(text, m, org, out)
        if _ABBREVIATED_BODY.match(org):
            org = _under_body(text, m.start, org, m.title, people)
        if not _has_body(org) and _starts_line(text, m.start):
            block = _unit_line_above(text, m.start)
            if block and not org:
                org, inferred = block, True
            elif block and org not in block:
                org = _join_chain(block, org)
        if not org and m.title:
            org, inferred = context_organization(text, m.start, m.title, people), True
        if org and not _has_body(org):
            org = _under_body(text, m.start, org, m.title, people)
        out.append(replace(m, organization=org, inferred_org=inferred))
    return out


_DELIBERATIVE_SUFFIXES = "委員会|協議会|審議会|懇談会|検討会議|検討会|推進会議"
_DATE_LEAD = re.compile(r"^(?:(?:令和|平成|昭和)?(?:[0-9]+|元)年度?)?(?:[0-9]+月)?(?:[0-9]+日)?")
_ABBREVIATED_BODY = re.compile(r"^[市区町村県府都](?![民立営政税街域内外場長])(?=.)")
# 行政委員会 of the municipality itself (not committees of its council)
_EXECUTIVE_COMMITTEE = re.compile(r"(?:教育|選挙管理|農業|人事|公平|公安|固定資産評価審査)委員会")


def _clean_org(org: str) -> str:
    """A date glued to a unit by the layout (令和6年5月21日北九州市…) is no part of it."""
    lead = _DATE_LEAD.match(org).group(0) if org else ""
    return org[len(lead):] if lead and len(org) > len(lead) and re.search("(?:[月日]|年度)$", lead) else org


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
        org = _unit_line(line)
        if org:
            return org
        end = floor - 1
    return ""


def _join_chain(parent: str, unit: str) -> str:
    """``若葉県総務部`` + ``総務部人事課`` → ``若葉県総務部人事課`` (the shared units once)."""
    for k in range(min(len(parent), len(unit)), 1, -1):
        if parent.endswith(unit[:k]):
            return parent + unit[k:]
    return parent + unit


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


def _under_body(text: str, pos: int, org: str, title: str, people: frozenset[str]) -> str:
    """A unit written without its body, under the body the passage is about."""
    abbreviated = _ABBREVIATED_BODY.match(org)
    if abbreviated:  # 市デジタル戦略本部 → 姫路市デジタル戦略本部; 区議会事務局 → 練馬区議会事務局
        body = _body_in_context(text, pos, "県" if org[0] in "県府都" else org[0], people)
        return body + org[1:] if body else org
    if org.startswith("議会事務局"):  # the secretariat of the council the passage names
        councils = [(p, c) for p, c in _named_bodies(text, _COUNCIL, "議会")
                    if not title_core_pattern().match(text, p + len(c))]  # 小松市議会議長 様 names a post
        council = _written_parent(text, org) or _nearest_before(councils, pos)
        return _join_chain(council, org) if council else org
    if org.startswith("議会") or ("委員会" in org and not _EXECUTIVE_COMMITTEE.search(org)):
        return _written_parent(text, org) + org  # 区民生活委員会 under 練馬区議会 only if written so
    if not _municipal_post(org, title) or _corporate_unit(org, text, pos):
        return org
    body = _issuer(text) if _in_contact_block(text, pos) else ""
    body = body or _body_in_context(text, pos, "自治体", people)
    return body + org if body and not org.startswith(body) else org


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
    for m in re.finditer(rf"({_COUNCIL.pattern})\s{{0,3}}{re.escape(org)}", text):
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
    head = "\n".join(text.split("\n")[:8])
    for m in re.finditer(rf"(?:{kana_municipality_pattern()})|[{KANJI}]{{1,6}}?[都道府県市区町村]", head):
        body = municipality(_RUN_LEAD.sub("", m.group(0)))
        if body and is_org_unit(body):
            return body
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


def find_mentions(text: str, person_spans: tuple[tuple[int, int], ...] = ()) -> list[Mention]:
    found = (
        find_honorific_mentions(text)
        + find_name_title_mentions(text)
        + find_speaker_mentions(text)
        + find_list_mentions(text)
        + find_roster_mentions(text)
        + find_contact_mentions(text)
        + find_post_name_mentions(text)
        + find_name_space_post_mentions(text)
        + find_paren_mentions(text)
        + find_credit_mentions(text)
        + find_org_name_lines(text)
        + find_bureau_credit_lines(text)
    )
    if person_spans:
        found = [_with_ginza_evidence(m, person_spans) for m in found]
    mentions = _resolve_names(_dedup(found))
    mentions = _dedup(mentions + find_short_references(text, mentions))
    mentions = [_education_board(m, text) for m in _complete(text, mentions)]
    by_name: dict[str, list[Mention]] = {}
    for m in mentions:
        by_name.setdefault(m.name, []).append(m)
    out = []
    for name, group in by_name.items():
        best = max(group, key=_rank)
        if not (best.title or best.organization or any(m.layout == "credit" for m in group)):
            continue  # a named person with no post written anywhere
        if not any(m.evidence for m in group):
            continue
        out.extend(replace(m, title=best.title, organization=best.organization) for m in group)
    return sorted(out, key=lambda m: m.start)


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
        out.append(Official(person_id_for(m.name, m.organization), m.name, m.title, m.organization, s, e, t))
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
