"""Personnel-change layouts (人事異動) of newspapers and city pages.

- the list: ``【部長級】市民生活部長(総合政策課長)◯古川都▽保健福祉部長(こども課長)◯小林典子▽…`` —
  entries joined by ``▽``, each the new post, the former post in brackets, a mark for a promotion,
  then the name. The new post is the person's title (the bracket is history); where it holds two
  posts (``…部長兼福祉事務所長``, ``財務部参事検査課長``) the first written.
- a name with its reading in brackets before a post: ``浅野正富(あさのまさとみ)市長``,
  ``浅見貴幸(あさみたかゆき)保健福祉部長ら`` — the kana reading is the layout's evidence that the
  kanji before it are a name. A person the list names takes the list's post (the prose writes
  the former one: ``市民生活部長には古川都(ふるかわみやこ)総合政策課長``).
"""
from __future__ import annotations

import re

from pipeline.extractors.titles import split_post
from pipeline.extractors.officials.grammar import HIRA, KANJI, KATA, Mention, lines_at

_SEPARATOR = "▽"
_ENTRY = re.compile(
    rf"(?P<post>[{KANJI}{KATA}・]{{2,40}})[（(](?P<before>[^（()）▽\n]{{1,40}})[)）]"
    rf"(?P<mark>[○◯〇])?(?P<name>[{KANJI}]{{2,5}}|[{KANJI}]{{1,3}}[{HIRA}]{{1,4}})(?=▽|\s|$)"
)
_READING = re.compile(
    rf"(?<![{KANJI}])(?P<name>[{KANJI}]{{2,5}})[（(](?P<reading>[{HIRA}]{{3,14}})[)）](?P<post>[{KANJI}{KATA}]{{2,20}})"
)
# ranks written in front of the job held (総合政策部参事黒羽支所長): the first post
_RANKS = ("副参事", "参事", "理事", "技監", "主幹")
_CONCURRENT = re.compile(r"[兼併]")


def find_personnel_mentions(text: str) -> list[Mention]:
    listed = _list_entries(text)
    names = {m.name for m in listed}
    return listed + [m for m in _read_names(text) if m.name not in names]


def _list_entries(text: str) -> list[Mention]:
    """Entries of the ▽ lists: two entries on a line at least (one entry is no list)."""
    out: list[Mention] = []
    for pos, line in lines_at(text):
        if _SEPARATOR in line:
            entries = []
            for m in _ENTRY.finditer(line):
                post = _first_post(m.group("post"))
                if post is not None:
                    entries.append(Mention(m.group("name"), post[1], post[0], pos + m.start(), pos + m.end(),
                                           pos + m.start("name"), True, "personnel"))
            out.extend(entries if len(entries) >= 2 else [])
    return out


def _read_names(text: str) -> list[Mention]:
    out: list[Mention] = []
    for m in _READING.finditer(text):
        if len(m.group("reading")) < len(m.group("name")):
            continue  # a reading is as long as its kanji at least
        post = _longest_post(m.group("post"))
        if post is not None:
            out.append(Mention(m.group("name"), post[1][1], post[1][0], m.start(), m.start("post") + post[0],
                               m.start(), True, "reading"))
    return out


def _first_post(written: str) -> tuple[str, str] | None:
    """(organization, title) of the first post of ``written``."""
    written = written[:1] + _CONCURRENT.split(written[1:])[0]  # 兼務書記 is one post
    for rank in _RANKS:
        at = written.find(rank)
        if 0 < at and at + len(rank) < len(written):
            written = written[: at + len(rank)]
            break
    post = split_post(written)
    return (post.organization, post.title) if post else None


def _longest_post(run: str) -> tuple[int, tuple[str, str]] | None:
    """The longest start of ``run`` that is a post (市長就任後初 → 市長), with its length."""
    for end in range(len(run), 1, -1):
        post = _first_post(run[:end])
        if post is not None and post[1] and run[:end].endswith(post[1][-1]):
            return end, post
    return None
