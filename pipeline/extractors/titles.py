"""Job titles (職名): the lexicon of posts and the grammar that composes them.

A *post* written in a report is an optional chain of organization units followed by a
title: ``ICT戦略室担当係長`` → (ICT戦略室, 担当係長); ``大阪市長`` → (大阪市, 市長);
``デジタル化推進担当課長`` → ('', デジタル化推進担当課長); ``課長補佐兼政策担当係長`` is one
title. The lexicon (rules/titles.tsv) holds the posts themselves; modifiers in front of
them (``パブリックセクター副``, ``IT・家電``) stay part of the title.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline.extractors.organizations import org_suffix_at_end, read_rule_column, unit_suffixes

# A title whose first part is a modifier keeps everything in front of it as part of the title.
_MODIFIER_END = re.compile(r"(?:担当|副|総括|統括|主任|首席|次席|筆頭|上席|専門|特命|代表|兼務|兼)$")
_LATIN_OR_KATAKANA = re.compile(r"[A-Za-z0-9ァ-ヺー・&\-. ]+")
_JOINER = "兼"


@dataclass(frozen=True)
class Post:
    organization: str  # the unit chain written in front of the title ('' if none)
    title: str


@lru_cache(maxsize=1)
def title_lexicon() -> tuple[str, ...]:
    """Posts from rules/titles.tsv, longest first (so 担当係長 wins over 係長)."""
    return tuple(sorted(set(read_rule_column("titles.tsv")), key=len, reverse=True))


@lru_cache(maxsize=1)
def title_categories() -> dict[str, str]:
    return dict(zip(read_rule_column("titles.tsv"), read_rule_column("titles.tsv", 1)))


def title_category(title: str) -> str:
    """executive / public / council / corporate / media / academic / other ('' if unknown);
    a composed title takes its core's category (デジタル化推進担当課長 → public)."""
    last = title.split()[-1] if title.strip() else ""
    core = title_core_at_end(last) if last else None
    return title_categories().get(core or "", "")


@lru_cache(maxsize=1)
def title_core_pattern() -> re.Pattern:
    """Any lexicon post, longest first; used to find titles written after a name."""
    return re.compile("|".join(re.escape(t) for t in title_lexicon()))


@lru_cache(maxsize=1)
def _title_at_end() -> re.Pattern:
    return re.compile("(?:" + "|".join(re.escape(t) for t in title_lexicon()) + ")$")


def title_core_at_end(s: str) -> str | None:
    """The longest lexicon post that ``s`` ends with."""
    m = _title_at_end().search(s)
    if not m:
        return None
    for t in title_lexicon():  # the regex alternation is longest-first but search() may start late
        if s.endswith(t):
            return t
    return m.group(0)


def _unit_head(core: str) -> str | None:
    """The unit a head-of-unit title names (課長 → 課, 市長 → 市, 課長補佐 → 課)."""
    for unit in unit_suffixes():
        if core.startswith(unit + "長"):
            return unit
    return None


def _is_modifier(s: str) -> bool:
    return bool(_MODIFIER_END.search(s)) or bool(_LATIN_OR_KATAKANA.fullmatch(s))


# last characters of a written unit (総務部, 議会事務局): a post after one names no further unit
_UNIT_ENDS = "課部局室係班所館会団庁院署市区町村都府県"


def _split_one(part: str) -> Post | None:
    core = title_core_at_end(part)
    if core is None:
        return None
    prefix = part[: len(part) - len(core)]
    if not prefix:
        return Post("", core)
    if core in ("委員長", "副委員長") and prefix.endswith(("常任", "特別")) and len(prefix) > 2:
        return Post(prefix + "委員会", core)  # 建設文教常任委員長: the chair of 建設文教常任委員会
    # rightmost organization boundary inside the prefix: 京都府情報政策課|主幹
    for k in range(len(prefix), 0, -1):
        suffix = org_suffix_at_end(prefix[:k])
        if suffix and len(prefix[:k]) >= 2:
            rest = prefix[k:]
            unit = _unit_head(core)
            if not rest and unit and unit in ("市", "区", "町", "村") and not prefix.endswith(unit):
                return Post(prefix + unit, core)  # 函館市長: 館 ends the name, not a unit of its own
            if not rest and unit and prefix[-1] not in _UNIT_ENDS and len(suffix) == 1:
                # 上下水道|課長: 道 ends a word here, the 課 is the unit (市民医療センター|所長: a unit's
                # whole word, センター, names the unit the 所長 heads)
                return Post(prefix + unit, core)
            if rest and _unit_head(core) and not _is_modifier(rest):
                # 京都府情報政策課長: the plain noun before 課長 names the 課
                return Post(prefix + _unit_head(core), core)
            return Post(prefix[:k], rest + core)
    unit = _unit_head(core)
    if unit and not _is_modifier(prefix):
        return Post(prefix + unit, core)  # 保育課長 → 保育課 + 課長; 大阪市長 → 大阪市 + 市長
    return Post("", prefix + core)


# 各委員, 各議員: every one of the names listed before it, no post of its own
_EACH = re.compile(r"^各(?:委員|議員)$")

# Roster headings that end like a post but name a group of people (参加委員, 出席者, 説明員).
_ATTENDANCE = re.compile(r"^(?:(?:参加|出席|欠席|随行|説明|傍聴|列席)(?:委員|議員|職員|者|員)|(?:会議録)?署名(?:議員|委員))$")


def split_post(segment: str) -> Post | None:
    """Read one written post (no spaces) as organization + title, or None if no title."""
    seg = segment.strip()
    if not seg or any(c.isspace() for c in seg) or _ATTENDANCE.match(seg) or _EACH.match(seg):
        return None
    parts = seg.split(_JOINER)
    if not parts[0] and len(parts) > 1:  # 兼務書記: a post that begins with 兼 is one post
        parts = [_JOINER + parts[1], *parts[2:]]
    first = _split_one(parts[0])
    if first is None:
        return None
    titles = [first.title]
    for part in parts[1:]:
        p = _split_one(part)
        if p is None:
            return None
        titles.append(part)  # the concurrent post as written (保育課長, not 保育課 + 課長 glued again)
    return Post(first.organization, _JOINER.join(titles))


def is_title(segment: str) -> bool:
    """A post with no organization in it (主幹, 業務執行役員, デジタル化推進担当課長)."""
    post = split_post(segment)
    return post is not None and not post.organization


def head_unit(title: str) -> str | None:
    """For 市長/区長/町長/村長/知事 the kind of body they head ('市', '区', …, '県')."""
    if title == "知事" or title.endswith("知事") and len(title) <= 3:
        return "県"
    unit = _unit_head(title)
    return unit if unit in ("市", "区", "町", "村") and title == unit + "長" else None
