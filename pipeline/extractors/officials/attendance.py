"""Attendance and staff lists: the rows of 出席議員 / 説明員 / 出席者 blocks, read cell by cell.

Minutes and staff lists set people out as cells on a line, in every order publishers use:

- a seat then a name: ``1番  田 中  親 彦         11番  矢加部  茂 晴`` (council members);
- a post then a name, the name often letter-spaced: ``市長公室長   田 中  富士男``,
  ``総務部長(兼企画財政課長)   木 庭  雄 二``, a name wrapped onto the next line under its post;
- post and name glued: ``市長石丸伸二副市長米村公男``, ``総務部長高藤誠``, ``市長(今泉文彦)``;
- name then post: ``鈴木一郎区長　佐藤次郎助役``, ``谷田川泰委員長,大和田寛樹副委員長``;
- ``同`` repeating the post above, ``同財政課長`` the department above;
- a leading unit labelling the line: ``議会事務局 局長(門脇 孝),庶務議事課長(中山善正)``, or a heading
  cell (``│事務局職員 │ 田中次長兼議事調査課長 松澤主幹``);
- members marked ``◎`` (chair) and ``〇`` (vice-chair) in a row of names; a 出席委員 block whose
  members follow its officers' rows with no post (``理事 …君`` / ``逢沢 英雄君 宇野 亨君``);
- letter-spaced names that the spacing repair closed up two into one (``田口喜義信田幸雄``,
  ``石黒直次田代 千代志``): cut where every part reads best as a name;
- a post wrapped over two lines (``環境庁企画調整`` / ``局長 信澤 清君``); records flattened onto
  one line with ``-----`` rules where the line breaks were.

A line is read only when every cell on it is a seat, a post, a name or a glued pair: a line
of prose never is. Each name takes the post (or seat) written last before it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from pipeline.rules import rule_column
from pipeline.extractors.organizations import is_org_unit, municipality, org_suffix_at_end
from pipeline.extractors.titles import split_post, title_category, title_core_at_end, title_core_pattern
from pipeline.extractors.officials.grammar import _SAME, HIRA, KANJI, KATA, Mention, not_names
from pipeline.extractors.officials.inline import _split_name_post
from pipeline.extractors.officials.names import (
    reads_as_surname,
    _common_noun,
    _org_not_name,
    _has_person_token,
    _is_name_like,
    _morphs,
    _plausible_name,
    _two_words,
)

# A cell: what stands between spaces, box-drawing bars, table bars and list commas.
_CELL = re.compile(r"[^\s│┃|｜,，、]+")
_SEAT = re.compile(r"(?:第)?(?:[0-9]+|[一二三四五六七八九十百]+)番(?:議員)?")
# A note in brackets after a post: (兼企画財政課長), (兼地域包括支援センター長) — also cut by a line end.
_NOTE = re.compile(r"[（(]兼[^）)]*[）)]?$|^[（(]?兼[^）)]*[）)]$")
# post(name): 市長(今泉文彦), 局長(門脇 孝) — the bracket may hold a space
_POST_PAREN_NAME = re.compile(
    rf"(?P<post>[^\s（()）│|,，、]{{1,20}})[（(](?P<name>(?!兼)[{KANJI}]{{1,4}}[ \u3000]?[{KANJI}{HIRA}{KATA}]{{1,4}})[)）]"
)
# words that label a list line without naming a unit (市執行部, 出席委員, その他の出席者)
_NOT_A_UNIT = re.compile(r"執行部|出席|欠席|説明|その他")
_HONORIFIC_END = re.compile(r"(?<!皆)(?:氏|様|さん|殿)(?:[はがのをにもと]|$)")  # 森田 嘉彦 氏は、… (皆さん: everyone)
# what a list cell is written with: names, posts, seats, brackets (no symbols, no punctuation)
_CELL_TEXT = re.compile(rf"[{KANJI}{HIRA}{KATA}A-Za-z0-9・()（） \u3000]+")
_BRACKET_NOTE = re.compile(r"[（(][^（()）]{1,12}[)）]")
_MAX_NAME = 6
_MAX_KANA_NAME = 10  # あかねがくぼかよ子: names written in kana run longer
_NAME_CELL = re.compile(f"[{KANJI}{HIRA}{KATA}]{{1,{_MAX_KANA_NAME}}}")
# what follows a post glued to it in prose, not a name: の鈴木次郎氏は (kana names may hold の: のがみ純子)
_PROSE_TAIL = re.compile(r"^[のをがはでにへと]|[のをがはでにへと]$|氏")


@dataclass(frozen=True)
class _Post:
    title: str
    organization: str
    start: int
    same: bool = False  # 同 / 同…: repeats the post or the department above
    end: int = 0
    heading: bool = False  # 出席委員 / 出 席 議 員: heads the members listed after it (their post)
    each: bool = False  # …の各委員: the post of every name listed before it
    listed: bool = False  # an item of a comma list (…、大橋北部児童館長、…): not a second post of the one before


@dataclass(frozen=True)
class _Name:
    name: str
    start: int
    end: int
    glued: bool = False  # read off the end of a post (市長石丸伸一): needs a name's own evidence
    listed: bool = False  # a comma before it (…、中里): the start of another person
    office: str = ""  # the office written in brackets after the name (美咲子(副議長)): the person's post
    peer: bool = False  # written as the list item before it, a name glued to the same post (市川委員、稲永委員)


@dataclass(frozen=True)
class _Pair:
    """A name written before its post (鈴木一郎区長): read as one."""

    name: _Name
    post: _Post


def find_attendance_mentions(text: str) -> list[Mention]:
    out: list[Mention] = []
    last: _Post | None = None
    pending: _Post | None = None  # a post that ended its line with no name (the name is wrapped below)
    section = ""  # the unit a section heading names (区議会事務局, 事務局出席職員 → 事務局)
    seat_table = False  # under a 名簿 header (議席番号 氏名 会派): a row starts with a bare seat number
    members: _Post | None = None  # the post of a members list still running (出席委員 …, then lines of names)
    carry: list = []  # names of a line ending in 、 whose post is written on the next line (…各委員)
    heading_members: _Post | None = None  # 出席委員 heading a block: lines of names in it are members
    lines = list(_list_lines(text))
    wrapped: tuple[str, int] | None = None
    for i, line in enumerate(lines):
        prefix, wrapped = wrapped, None
        if prefix is None and i + 1 < len(lines):
            wrapped = _wrapped_post(line, lines[i + 1])
            if wrapped is not None:
                pending = None
                continue  # 環境庁企画調整 / 局長 信澤 清君: the unit is read with the post on the next line
        if _SEAT_TABLE_HEADER.search(line.group(0)):
            seat_table = True
            continue
        marked = _marked_members(line.group(0), line.start())
        if marked is not None:  # ◎道 下 文 男  〇町 田 皇 介   星 野 良 行
            out.extend(marked)
            members = heading_members = _Post("委員", "", line.start())
            pending = None
            continue
        runs = _seat_row(line.group(0), line.start()) if seat_table else None
        if seat_table and runs is None and _TABLE_FILLER.fullmatch(line.group(0)):
            continue  # ├───┼…┤ between the rows
        seat_table = seat_table and runs is not None
        runs = runs or _read_line(line.group(0), line.start(), prefix)
        if not runs and _keeps_members(line.group(0)):
            members = _members_after_blank(line.group(0), members)  # 議員の出欠 / 番号 / 氏名 / 10
            continue
        heading = _section_heading(line.group(0)) if not runs else None
        if heading and (_FIELD_LABEL.fullmatch(line.group(0)) or i and _FIELD_LABEL.fullmatch(_previous_text(lines, i))):
            heading = None  # 場所 / 室蘭市防災センター: the value of a field, no unit heading a block
        if heading is not None:
            section = heading
            pending = members = heading_members = None
            continue
        runs = [(label or section, cells) for label, cells in runs]
        if carry and runs and runs[0][1] and isinstance(runs[0][1][0], _Name):
            runs[0] = (runs[0][0], [*carry, *runs[0][1]])
        carry = []
        if _continues(line.group(0)) and runs:
            runs[-1], carry = _held_back(runs[-1])
        if not runs:
            members = _members_after_blank(line.group(0), members)
            continue
        if isinstance(line, _Piece):  # a sentence's piece: a list only with two entries or more
            entries = 1 if line.headed else 2  # (after a block heading one row is a list: 10番 吉村眞弓美)
            runs = [(label, cells) for label, cells in runs if sum(isinstance(c, (_Post, _Pair)) for c in cells) >= entries]
        if isinstance(line, _Piece) and line.after_stop:
            pending = None  # １３番、大森議員から…届出がありました。 次に: a new sentence, not a wrapped name
        if pending is not None and runs and runs[0][1] and isinstance(runs[0][1][0], _Name):
            runs[0] = (runs[0][0], [pending, *runs[0][1]])
        pending = None
        for label, cells in runs:
            if len(runs) == 1 and len(cells) == 1 and isinstance(cells[0], _Post):
                pending = cells[0]  # a post alone on its line: its name is wrapped onto the next
                members = cells[0] if _member_post(cells[0]) else None
                heading_members = members if cells[0].heading else heading_members
                continue
            kinds = {type(c) for c in cells}
            if kinds == {_Name} and (members or heading_members) is not None:
                _more_members(out, members or heading_members, cells, label)  # 岡  村  恵  子         荒  井  仁  市
                continue
            heading_members = _still_members(cells, heading_members)
            if cells[0].__class__ is _Post and cells[0].heading and _names_then_posts(cells[1:]):
                cells = cells[1:]  # 出席委員    原 口 亮 司 委員長 …: under the heading, each name before its post
            members = _last_member_post(cells)
            if _posts_in_a_row(cells):
                cells = _without_posts_in_a_row(cells)
                kinds = {type(c) for c in cells}
            if _Pair not in kinds and not {_Post, _Name} <= kinds:
                continue
            if isinstance(cells[-1], _Post) and cells[-1].each or (
                isinstance(cells[0], _Name) and isinstance(cells[-1], _Post) and cells[-1].title != "議員"
            ):
                last = _read_name_first(out, cells, label, last)  # 原 口 亮 志 委員長  園 川 良 二 副委員長
            else:
                last, pending = _read_post_first(out, cells, label, last)
        if isinstance(line, _Piece) and line.before_stop:
            pending = None
    return out


# the label of a field whose value is written on the next line (a place, a time), in a record's head
_FIELD_LABEL = re.compile(r"\s*[0-9０-９.．()（）〇○◯●■□◆◇・]*\s*(?:開催)?(?:場\s*所|会\s*場|日\s*時)\s*[:：]?\s*")


def _previous_text(lines: list, i: int) -> str:
    """The nearest line above ``lines[i]`` that holds something."""
    for k in range(i - 1, -1, -1):
        if lines[k].group(0).strip():
            return lines[k].group(0)
    return ""


def _names_then_posts(cells: list) -> bool:
    return len(cells) > 1 and isinstance(cells[0], _Name) and isinstance(cells[-1], _Post) and not cells[-1].heading


def _member_post(post: _Post) -> bool:
    return post.title in ("委員", "議員") and not post.organization and not post.each


def _last_member_post(cells: list) -> _Post | None:
    """A run that ends with members under their post (委  員  新 藤 加 菜 …, 出席委員  青 木 栄 吉) leaves
    that post to lines of names that follow."""
    posts = [c for c in cells if isinstance(c, (_Post, _Pair))]
    last = posts[-1] if posts else None
    if isinstance(last, _Post) and _member_post(last) and isinstance(cells[-1], _Name):
        return _Post(last.title, "", last.start)
    return None


# the posts of a body's members: a block headed 出席委員 lists them before its members without a post
_MEMBER_ROLES = frozenset(("委員長", "副委員長", "理事", "委員", "議長", "副議長", "議員", "会長", "副会長"))


def _still_members(cells: list, heading: _Post | None) -> _Post | None:
    """A 出席委員 block goes on over rows of its officers (委員長 始関 伊平君, 理事 …); a row
    with any other post (a minister, a 課長) ends it."""
    posts = [c.post if isinstance(c, _Pair) else c for c in cells if isinstance(c, (_Post, _Pair))]
    if any(p.heading and p.title in ("委員", "議員") for p in posts):
        return _Post(posts[0].title, "", posts[0].start)
    if heading is not None and all(p.title in _MEMBER_ROLES and not p.organization for p in posts):
        return heading
    return None


# a chair marked ◎ (and a vice-chair 〇) in front of the name, in a row of members
_CHAIR_MARK = re.compile(rf"◎(?=[{KANJI}{HIRA}{KATA}])")
_MEMBER_MARK = re.compile(rf"[◎〇○◯](?=[{KANJI}{HIRA}{KATA}])")
_MARKED_TITLES = {"◎": "委員長", "〇": "副委員長", "○": "副委員長", "◯": "副委員長"}


def _marked_members(line: str, base: int) -> list[Mention] | None:
    """A row of members where ◎ marks the chair and 〇 the vice-chair (``◎道 下 文 男  〇町 田 皇 介
    星 野 良 行``, ``出席委員 ◎山川昌子 ○肥沼茂男 佐藤真和``): the others are members. Read only when
    the row holds a ◎ and nothing but names (after a 出席委員 heading); None otherwise."""
    if not _CHAIR_MARK.search(line):
        return None
    plain = _MEMBER_MARK.sub(" ", line)
    names: list[_Name] = []
    for s, cell in _cells(plain):
        read = _read_cell(cell, base + s)
        if read and not names and all(isinstance(c, _Post) and c.heading for c in read):
            continue  # 出席委員 ◎…: the heading in front
        if not read or not all(isinstance(c, _Name) for c in read):
            return None
        names.extend(read)
    segments: list[list[_Name]] = []
    for name in names:  # a mark starts another person
        if not segments or line[name.start - base - 1] in _MARKED_TITLES:
            segments.append([])
        segments[-1].append(name)
    out = []
    for group in [g for segment in segments for g in _persons(segment)]:
        at = group[0].start - base
        title = _MARKED_TITLES.get(line[at - 1], "委員") if at else "委員"
        found = _mention(_Post(title, "", group[0].start), group, "", None, False)
        if found is not None:
            out.append(replace(found, start=group[0].start - (title != "委員")))
    return out or None


# a line holding only the front of a post wrapped onto the next line (環境庁企画調整 / 局長 信澤 清君)
_FRAGMENT = re.compile(rf"\s*[{KANJI}{KATA}]{{3,15}}\s*")


def _wrapped_post(line, following) -> tuple[str, int] | None:
    """A post wrapped over two lines of a list, its unit on one line and its head with the
    name on the next (``環境庁企画調整`` / ``局長 信澤 清君``, ``環境庁長官官房`` / ``長 金子 太郎君``):
    (the front, where it starts) when the two read as one post followed by a name."""
    front = line.group(0)
    if isinstance(line, _Piece) or not _FRAGMENT.fullmatch(front) or _NOT_A_UNIT.search(front):
        return None
    front = front.strip()
    if org_suffix_at_end(front) or _has_person_token(front) or (
        len(front) <= _MAX_NAME - 1 and _plausible_name(front) and not _common_noun(front)
    ):
        return None  # 企画政策部: a unit heading over the rows below; 宿村篤由: a name wrapped under its post
    cells = _cells(following.group(0))
    if len(cells) < 2:
        return None
    post = _post(front + cells[0][1], 0)
    rest = _read_cell(cells[1][1], 0)
    if post is None or not post.organization or not rest or not isinstance(rest[0], _Name):
        return None
    return front, line.start() + line.group(0).index(front)


# a line under a members list that does not end it: a seat number alone, a mark (◯, ×), nothing
_ROW_FILLER = re.compile(r"[\s0-9０-９◯○〇×✕・|｜│┃]*")
# a members list's heading in words: 議員の出欠, 委員の出欠
_MEMBER_SECTION = re.compile(r"^\s*(?P<title>議員|委員)の出(?:欠|席)")


# a group's note on a line of its own inside a members list: (角館町), (秋田県)
_GROUP_NOTE = re.compile(r"\s*[（(][^（()）]{1,12}[)）]\s*")


def _keeps_members(line: str) -> bool:
    return bool(
        _MEMBER_SECTION.match(line) or _ROW_FILLER.fullmatch(line) or _SEAT_COLUMN_HEADS.fullmatch(line.strip())
        or _GROUP_NOTE.fullmatch(line)
    )


def _members_after_blank(line: str, members: _Post | None) -> _Post | None:
    """What a line that holds no list entry leaves of a running members list."""
    section = _MEMBER_SECTION.match(line)
    if section:
        return _Post(section.group("title"), "", 0)
    if _ROW_FILLER.fullmatch(line) or _SEAT_COLUMN_HEADS.fullmatch(line.strip()) or _GROUP_NOTE.fullmatch(line):
        return members
    return None


_COUNT = re.compile(r"[〇一二三四五六七八九十百千]+[名人]")  # 出席議員 百二十名: a count, no name
_SEAT_COLUMN_HEADS = re.compile(r"番号|氏\s*名|出席|欠席|議席|会派")


def _more_members(out: list[Mention], post: _Post, cells: list, label: str) -> None:
    """A line of names only under a members list: each person (names parted by a wide gap) is
    one more member, when the name reads as one (a family and a given name set apart, or
    fugashi knows it): 番号 or 氏名 as a column head are no member."""
    groups = _persons(cells)
    named = [(len(g) > 1 or _has_person_token("".join(n.name for n in g)) and len("".join(n.name for n in g)) >= 3)
             and not _common_noun("".join(n.name for n in g)) for g in groups]
    for group, sure in zip(groups, named):
        name = "".join(n.name for n in group)
        # among members read as names, a cell of three to five kanji is one too (高本訓司: fugashi knows no part)
        if sure or sum(named) >= 2 and _kanji_name_cell(name):
            found = _mention(_Post(post.title, "", group[0].start), group, label, None, False)
            if found is not None:
                out.append(replace(found, start=group[0].start))


def _kanji_name_cell(name: str) -> bool:
    """A cell of three to five kanji that reads as a name and as no common noun."""
    return bool(re.fullmatch(f"[{KANJI}]{{3,5}}", name)) and _plausible_name(name) and not _common_noun(name)


def _continues(line: str) -> bool:
    return line.rstrip()[-1:] in _COMMA


def _held_back(run: tuple[str, list]) -> tuple[tuple[str, list], list]:
    """A name-first list cut by the line end after a comma (``山下隆良副委員長、朝長満洋、古家勉、``):
    the names after its last post wait for the post on the next line (``… 各委員``)."""
    label, cells = run
    if any(isinstance(c, _Post) for c in cells) or not any(isinstance(c, _Pair) for c in cells):
        return run, []
    k = len(cells)
    while k and isinstance(cells[k - 1], _Name):
        k -= 1
    return (label, cells[:k]), cells[k:]


def _list_lines(text: str):
    """The lines of the text; a line that holds a sentence (``。``) is read sentence by
    sentence: ``1 出席議員は、13名で次のとおりである。 1番 坂口友良 2番 …`` (minutes
    flattened onto one line give the header sentence and the list together). A piece of
    prose is still no list: the line reader keeps only runs of seats, posts and names, and
    of a sentence's piece only runs of two entries or more (not 副本部長には副市長 石川 孝が就く)."""
    for whole in re.finditer(r"[^\n]+", text):
        for line in (part for ruled in _between_rules(whole) for part in _between_headings(ruled)):
            if "。" not in line.group(0):
                yield line
                continue
            for piece in re.finditer(r"[^。]+", line.group(0)):
                yield _Piece(piece.group(0), line.start() + piece.start(), after_stop=piece.start() > 0,
                             before_stop=piece.end() < len(line.group(0)),
                             headed=piece.start() == 0 and getattr(line, "headed", False))


# a rule drawn with dashes: where minutes flattened onto one line had their line breaks
# (``…8番  五十嵐隆朗---------------------------------------地方自治法第121条…``)
_RULE = re.compile(r"-{4,}|−{4,}|―{4,}|─{4,}")


def _between_rules(line):
    """The parts of a line between its dashed rules (the line itself when it has none)."""
    if not _RULE.search(line.group(0)):
        yield line
        return
    pos = 0
    for rule in [*_RULE.finditer(line.group(0)), None]:
        end = rule.start() if rule else len(line.group(0))
        if line.group(0)[pos:end].strip():
            yield _Part(line.group(0)[pos:end], line.start() + pos)
        pos = rule.end() if rule else end


# A page's record head flattened onto one line (a PDF's columns and line breaks gone) holds its
# blocks one after another: ``…議事 〇出席委員 〔◎委員長 〇副委員長〕 ◎城間和行 … 〇委員外出席者 二宮 仁 …
# 〇説明員 副市長 冨永嘉文 …``, ``3 出席議員 1番 芳澤清人 … 松下浩史4欠席議員 なし``. A line this long is
# no line of a printed list; each block heading found in it starts a line of its own.
_FLATTENED = 150
_INLINE_HEADING = re.compile(
    r"(?:[〇○◯●◆◇□■]|\*{3,}|(?<![0-9])[0-9]{1,2} ?)"  # the block's mark, rule or item number
    r"(?P<head>(?:出席|欠席|委員外|説明員|説明のため|職務のため|事務局職員)[^\s。、〔(（はがを]*)(?:[はがを][、,]?)?"
    r"(?:\s?[〔(（][^〕)）]{0,20}[〕)）])?"  # its legend or count: 〔◎委員長 〇副委員長〕, (8名)
)


def _between_headings(line):
    """The parts of a flattened line between its block headings, each heading a part of its own
    (without its mark); a line of ordinary length is itself."""
    s = line.group(0)
    if len(s) < _FLATTENED or not _INLINE_HEADING.search(s):
        yield line
        return
    pos, headed = 0, False
    for h in _INLINE_HEADING.finditer(s):
        if s[pos : h.start()].strip():
            yield _Part(s[pos : h.start()], line.start() + pos, headed=headed)
        yield _Part(h.group("head"), line.start() + h.start("head"))
        pos = h.end()
        headed = True
    if s[pos:].strip():
        yield _Part(s[pos:], line.start() + pos, headed=True)


@dataclass(frozen=True)
class _Part:
    """A part of a line between rules: read as a line of its own."""

    text: str
    offset: int
    headed: bool = False  # the part follows a block heading of its flattened line: its rows

    def group(self, _: int = 0) -> str:
        return self.text

    def start(self) -> int:
        return self.offset


@dataclass(frozen=True)
class _Piece:
    """A part of a line, with the match interface the line reader uses."""

    text: str
    offset: int
    after_stop: bool = False  # the piece follows a 。 on its line: no post waits for it
    before_stop: bool = False  # a 。 ends the piece: it leaves no post waiting for a name
    headed: bool = False  # the piece opens the rows after a block heading (欠席議員は、10番 吉村眞弓美 3 …。)

    def group(self, _: int = 0) -> str:
        return self.text

    def start(self) -> int:
        return self.offset


def _read_post_first(out: list[Mention], cells: list, label: str, last: _Post | None):
    """Each name takes the post (or seat) written last before it; a post left without a name
    at the end of the line is pending for the next line."""
    post: _Post | None = None
    names: list[_Name] = []
    pending = None
    for cell in [*cells, None]:
        if isinstance(cell, _Name):
            names.append(cell)
            continue
        if post is not None and names:
            last = _emit(out, post, names, label, last)
        elif post is not None and cell is None:
            pending = post
        post, names = cell, []
        if isinstance(cell, _Pair):
            last = _emit(out, cell.post, [cell.name], label, last, name_first=True)
            post = None
    return last, pending


def _read_name_first(out: list[Mention], cells: list, label: str, last: _Post | None) -> _Post | None:
    """Each post closes the names written before it."""
    names: list[_Name] = []
    for cell in cells:
        if isinstance(cell, _Name):
            names.append(cell)
        elif isinstance(cell, _Pair):
            last = _emit(out, cell.post, [cell.name], label, last, name_first=True)
            names = []
        else:
            if names:
                last = _emit(out, cell, names, label, last, name_first=True)
            names = []
    return last


_SECTION_MARKS = re.compile(r"^[\s〇○◯●◎◇◆□■・*＊0-9０-９一二三四五六七八九十.．、)）]*")
# a field's label naming people who came or took part, then its value on the same line
_WHO_LABEL = re.compile(r"^\s*(?:来訪者|視察者|訪問者|参加者|視察団)[\s:：]+\S")
_YEAR_LEAD = re.compile(r"^(?:(?:令和|平成|昭和)?[0-9０-９元]{1,4}年(?:度)?|第[0-9０-９一二三四五六七八九十]+回)")
_BARE_BODY_WORDS = ("委員会", "協議会", "審議会", "会議", "全員協議会")  # 第11回委員会, 全員協議会: a sitting, no unit named
# a heading's closing words naming what the rows give (…事務局職員の職・氏名, 説明員の職氏名)
_POST_AND_NAME_TAIL = re.compile(r"の?職[・･]?氏名$")
_SECTION_WORDS = re.compile(r"^(?:出席|欠席)?(?P<unit>.*?)(?:職員)?(?:出席)?(?:職員|説明員|理事者|議員|委員|者)?$")


def _section_heading(line: str) -> str | None:
    """A heading over a block of list rows: the unit it names ('区議会事務局', '事務局' for
    事務局出席職員, '議会局' for 出席議会局職員), '' for a heading naming none (説明員,
    出席理事者), None when the line is no heading."""
    if _WHO_LABEL.match(line):
        return None  # 来訪者　若葉県青葉市議会　建設委員会: a field naming who came, no unit over the rows
    body = re.sub(r"[（(][^（()）]*[)）]", "", "".join(_SECTION_MARKS.sub("", line).split()))
    body = _YEAR_LEAD.sub("", body)  # 平成25年  議会改革特別委員会: the year is no part of the unit
    body = _POST_AND_NAME_TAIL.sub("", body)  # 事務局職員の職・氏名: the rows' fields, no part of the heading
    if not body or len(body) > 24 or not re.fullmatch(f"[{KANJI}{HIRA}{KATA}0-9]+", body):
        return None
    unit = _SECTION_WORDS.match(body).group("unit")
    runs = re.findall(f"[{KANJI}{KATA}]+", unit)
    unit = runs[-1] if runs else ""  # 本会議に出席した事務局(職員): the unit is the last word
    if unit and len(unit) >= 2 and org_suffix_at_end(unit) and not _NOT_A_UNIT.search(unit) and unit not in _BARE_BODY_WORDS:
        return "" if municipality(unit) == unit else unit  # (2) 兵庫県神戸市: a place visited, no unit
    return "" if _SECTION_WORDS.match(body).group(0) != unit or not unit else None


def _posts_in_a_row(cells: list) -> bool:
    """常務執行役員 公共営業本部長 今村 剛: two posts for one person (the byline finders' layout)."""
    return any(
        isinstance(a, _Post) and isinstance(b, _Post) and not (a.same or a.heading or a.listed or b.listed)
        for a, b in zip(cells, cells[1:])
    )


def _without_posts_in_a_row(cells: list) -> list:
    """The row without its entries that write two posts before their names: one person's two
    posts (常務執行役員 公共営業本部長 今村 剛), or two columns flattened onto one line with one post
    wrapped (文化振興課長兼主幹 財政課長 中山泰則 向山成明) -- which name is whose the line no longer
    says. The entries around them (副市長 冨永嘉文 … 市民税課長 細谷睦夫) are read as written."""
    entries: list[list] = []
    for cell in cells:
        if not entries or not isinstance(cell, _Name) and isinstance(entries[-1][-1], (_Name, _Pair)):
            entries.append([])
        entries[-1].append(cell)
    return [cell for entry in entries if not _posts_in_a_row(entry) for cell in entry]


def _emit(out: list[Mention], post: _Post, names: list[_Name], label: str, last: _Post | None,
          name_first: bool = False) -> _Post | None:
    if post.each:  # 朝長満洋、古家勉、眞木朝夫 各委員: every name listed is one member
        for name in names:
            found = _listed_member(post, name, label)
            if found is not None:
                out.append(found)
        return last
    for k, group in enumerate(_persons(names)):
        if k and not (len(group) > 1 or _has_person_token(group[0].name) or post.heading and _kanji_name_cell(group[0].name)):
            continue  # 村井篤史 危機管理監: a further person needs a name's own evidence (under a members
            # heading a cell of three to five kanji is the evidence: 委員外出席者 … 高本訓司)
        found = _mention(post, group, label, last, name_first)
        if found is None:
            continue
        out.append(found)
        last = _Post(found.title, found.organization, post.start)
    return last


# a gap this wide between two pieces of names parts two people (``新 藤 加 菜       野 本 たつや``); a
# letter-spaced name leaves narrower gaps, also where its grid has a character missing (``亀  田     清``)
_PERSON_GAP = 6


def _persons(names: list[_Name]) -> list[list[_Name]]:
    """The name pieces after one post, grouped into people by the gaps between them:
    ``委  員  新 藤 加 菜       野 本 たつや        やなざわ 亜紀`` lists three members."""
    glued = _glued_people(names)
    if glued is not None:
        return glued
    groups: list[list[_Name]] = []
    for name in names:
        if groups and name.start - groups[-1][-1].end < _PERSON_GAP and not name.listed and _goes_on(groups[-1], name):
            groups[-1].append(name)
        else:
            groups.append([name])
    return [part for group in groups for part in _grid_people(group)]


# what a run of names glued by the letter-spacing repair is written in
_GLUED_RUN = re.compile(f"[{KANJI}]+")  # (names in kana run longer: あかねがくぼかよ子 is one)


def _glued_people(names: list[_Name]) -> list[list[_Name]] | None:
    """Names whose letter spacing was closed up too far run into each other (``田口喜義信田幸雄``,
    ``石黒直次田代 千代志``, ``稲田 修堀川光博``): pieces set one space apart holding seven
    characters or more are more than one name; cut them, character by character, where every
    part reads best as a name. None when the run is no such line."""
    if any(b.start - a.end > 2 for a, b in zip(names, names[1:])) or all(len(n.name) == 1 for n in names):
        return None  # single characters: a letter-spaced grid, cut by _grid_people
    chars = [(_Name(c, n.start + k, n.start + k + 1)) for n in names for k, c in enumerate(n.name)]
    if len(chars) < 7 or not _GLUED_RUN.fullmatch("".join(n.name for n in names)):
        return None
    if any(n.listed or title_core_pattern().search(n.name) for n in names):
        return None
    parts = _cut_glued(chars, [len(n.name) for n in names for _ in n.name])
    return parts if all(_as_name("".join(n.name for n in part)) > 0 for part in parts) else None


def _cut_glued(chars: list[_Name], piece_len: list[int]) -> list[list[_Name]]:
    """The best cut of a run of characters into names of 3–5 (2 at a cost): each part scored as a
    name, a cut where the text had a space or unidic ends a word counts for it, a cut inside a
    short piece (佐久|間) against it."""
    cuts, pos = {0}, 0
    for surface, _, _ in _morphs("".join(n.name for n in chars)):
        pos += len(surface)
        cuts.add(pos)
    spaced = {0} | {k for k in range(1, len(chars)) if chars[k - 1].end != chars[k].start}

    def cut_score(k: int) -> float:
        inside_short = k not in spaced and k < len(chars) and piece_len[k] <= 3
        return 0.5 * (k in cuts) + 1.0 * (k in spaced) - 2.0 * inside_short

    best: dict[int, tuple[float, list]] = {0: (0.0, [])}
    for end in range(2, len(chars) + 1):
        options = []
        for size in range(2, 6):
            start = end - size
            if start in best:
                name = "".join(n.name for n in chars[start:end])
                score = _as_name(name) - 1.0 * (size == 2) + cut_score(start)
                options.append((best[start][0] + score, [*best[start][1], chars[start:end]]))
        if options:
            best[end] = max(options, key=lambda o: o[0])
    return best.get(len(chars), (0.0, [chars]))[1]


def _grid_people(group: list[_Name]) -> list[list[_Name]]:
    """A run of single characters longer than a name (``岡 村 恵 子 荒 井 仁 市``: two letter-spaced
    names whose wide gap the text lost) cut where every part reads best as a name."""
    chars = sum(len(n.name) for n in group)
    single = all(len(n.name) == 1 for n in group)
    if single and len(group) <= _MAX_NAME - 1 or not single and (chars <= _MAX_NAME or len(group) < 4):
        return [group]  # one name (石 黒 直 次 田 代 千代志: two, one with a piece of three)
    if any(len(n.name) > 3 for n in group):
        return [group]
    bounds = [0]
    for n in group:
        bounds.append(bounds[-1] + len(n.name))
    cuts, pos = {0}, 0
    for surface, _, _ in _morphs("".join(n.name for n in group)):
        pos += len(surface)
        cuts.add(pos)  # where unidic ends a word in the whole run (岡村|恵子|荒井|…)
    best: dict[int, tuple[float, list]] = {0: (0.0, [])}
    for end in range(2, len(group) + 1):
        options = []
        for size in range(2, 6):
            start = end - size
            if start in best and 2 <= bounds[end] - bounds[start] <= _MAX_NAME:
                name = "".join(n.name for n in group[start:end])
                score = _as_name(name) + 0.5 * (bounds[start] in cuts) + 0.5 * (bounds[end] in cuts)
                options.append((best[start][0] + score, [*best[start][1], group[start:end]]))
        if options:
            best[end] = max(options, key=lambda o: o[0])
    return best.get(len(group), (0.0, [group]))[1]


def _as_name(name: str) -> float:
    """How well characters read as one person's name: a family name (unidic 姓) then more, a
    given name at the end; each name costs one, so fewer, fuller names win."""
    morphs = _morphs(name)
    family = morphs[0][2] and len(morphs[0][0]) < len(name)
    given = len(morphs) > 1 and morphs[-1][1] and not morphs[-1][2]
    return 2.0 * family + 1.0 * given + 0.5 * (len(name) in (3, 4)) - 1.5


def _goes_on(group: list[_Name], more: _Name) -> bool:
    """The piece still belongs to the name being read (山田 太郎, 佐々木 貴浩, やなざわ 亜紀), not to
    the next person's (新藤加菜 野本たつや: four characters make a whole name)."""
    so_far = "".join(n.name for n in group)
    if len(more.name) == 1 and all(len(n.name) == 1 for n in group):
        return True  # 岡 村 恵 子 荒 井 仁 市: single characters, cut into names by _grid_people
    if len(group) >= 4 and all(len(n.name) == 1 for n in group) and len(more.name) <= 3:
        return True  # 石 黒 直 次 田 代 千代志: the next letter-spaced name ends with a piece of three
    if re.fullmatch(f"[{HIRA}]{{2,6}}", so_far) and re.fullmatch(f"[{KANJI}]{{1,3}}", more.name):
        return True  # やなざわ 亜紀: the family name in kana, the given name in kanji
    if len(group) == 1 and re.fullmatch(f"[{KATA}]{{2,8}}", so_far) and re.fullmatch(f"[{KATA}]{{2,8}}", more.name) \
            and more.start - group[-1].end <= 1:
        return True  # ビアンキ アンソニー: a name in katakana, one space between its two words
    return _name_goes_on(group, [more])


def _listed_member(post: _Post, name: _Name, label: str) -> Mention | None:
    """One name of a list closed by ``各委員``: the list is the evidence, the name must still
    read as one (a family name alone is how these lists write members: 中里、志田の各委員)."""
    kana = re.fullmatch(f"[{HIRA}][{HIRA}{KANJI}]{{1,5}}", name.name)
    if not (2 <= len(name.name) <= _MAX_NAME and (
        (_plausible_name(name.name) or kana) and not _common_noun(name.name) or reads_as_surname(name.name)
    )):
        return None
    return Mention(name.name, post.title, _labelled(post.title, post.organization, label), name.start, name.end,
                   name.start, True, "attendance")


def _mention(post: _Post, names: list[_Name], label: str, last: _Post | None, name_first: bool) -> Mention | None:
    if len(names) > 2 and sum(len(n.name) > 1 for n in names) > 1:
        names = names[:2]  # 天野 工 大 月…: a 姓 名 pair, then the next cell's characters
    name = "".join(n.name for n in names)
    longest = _MAX_KANA_NAME if re.search(f"[{HIRA}{KATA}]", name) else _MAX_NAME
    kana_member = post.title == "議員" and re.fullmatch(f"[{HIRA}]{{3,{_MAX_KANA_NAME - 1}}}[{HIRA}{KANJI}]", name)  # 3番 つたえりな, あかねがくぼかよ子
    surname = name_first and reads_as_surname(name)  # 馬場委員, 大橋北部児童館長: a word that is a family name too
    foreign = post.title == "議員" and len(names) == 2 and all(re.fullmatch(f"[{KATA}]{{2,8}}", n.name) for n in names)
    if not (1 <= len(name) <= longest and (_plausible_name(name) or kana_member or surname or names[0].peer or foreign
                                          or _set_apart_letters(names, name))
            and (len(name) >= 2 or names[0].peer)):
        return None
    seat = post.title == "議員" and not post.organization
    written_whole = re.fullmatch(f"[{KANJI}]{{3,5}}", name) and not _common_noun(name)  # 宿村篤由 (repaired spacing)
    if any(n.glued for n in names):
        seat = written_whole = False  # 議員提出議案第, 墨田区議会会議録: a post's word running on, no name
    peer = all(n.peer for n in names)
    kana_given = post.title in _MEMBER_ROLES and _KANA_GIVEN.fullmatch(name) is not None  # 委員長 琴尾みさと
    if not (len(names) > 1 or seat or written_whole or _has_person_token(name) or surname or peer or kana_given):
        return None
    person = post.title and not post.heading and _has_person_token(name)  # 会計室長 古本 正士: read whole, a name
    if len(names) == 2 and not foreign and not person and _two_words(names[0].name, names[1].name) and not (
            seat and len(_morphs(names[0].name)) > 1):
        return None  # 開会 宣言, 説明 資料: two words, not a family and a given name (栗下 善行 after a seat:
        # a family name unidic does not know, read as two words, and a given name that is a word too)
    office = next((n.office for n in names if n.office), "")
    if office:  # 山村 美咲子(副議長): the office the bracket writes, not the seat's 議員
        post = replace(post, title=office)
    if name_first:
        start, end = names[0].start, post.end
        return Mention(name, post.title, _labelled(post.title, post.organization, label), start, end, start, True, "attendance")
    title, org = post.title, post.organization
    if post.same and last is not None:
        title = title or last.title
        org = _under_department(last.organization, org) if org else last.organization
    else:
        org = _labelled(title, org, label)
    start = names[0].start if post.heading else post.start  # under a members heading the row is the name
    return Mention(name, title, org, start, names[-1].end, names[0].start, True, "attendance")


# a kanji family name and a given name in hiragana (琴尾みさと), not a word and a verb's or particle's tail
_KANA_GIVEN = re.compile(rf"[{KANJI}]{{1,3}}(?![をにがはでへとのもや])[{HIRA}]{{2,4}}(?<![たるすくてだしれ])")


def _set_apart_letters(names: list[_Name], name: str) -> bool:
    """``荒 井 仁 市``: a name of three letters or more each set apart is a name by its layout, even
    where its last letter ends units (市, 町, 道)."""
    return (
        len(names) >= 3 and all(len(n.name) == 1 for n in names) and re.fullmatch(f"[{KANJI}]+", name) is not None
        and split_post(name) is None and name not in not_names()
        and (not is_org_unit(name) or name[-1] in "市道")  # 総 務 課: a spaced unit; 仁市, 康道: given names
    )


def _labelled(title: str, org: str, label: str) -> str:
    if label and title_is_unit_post(title, org) and not org.startswith(label):
        return label + org
    return org


def title_is_unit_post(title: str, org: str) -> bool:
    """A post a line's leading unit or a section heading applies to: a unit's post (局長,
    庶務議事課長, 書記), not a head of the body (市長), a council seat or a writer's credit."""
    return title_category(title) == "public" and not re.fullmatch(r"(?:副)?[市区町村]長|(?:副)?知事", title)


_DEPTH = (("本部", 1), ("局", 1), ("部", 2), ("課", 3), ("室", 3), ("係", 4), ("班", 4))


def _depth(unit: str) -> int:
    return next((d for suffix, d in _DEPTH if unit.endswith(suffix)), 0)


def _under_department(above: str, unit: str) -> str:
    """``同財政課長`` under ``企画部長``'s row: the 財政課 of the 部 above; ``同 広報係長`` under
    ``総務課 課長``: the 広報係 of that 課 (the units above down to the one just over ``unit``)."""
    depth = _depth(unit)
    if not depth:
        return unit
    cut = 0
    for k in range(1, len(above) + 1):
        d = _depth(above[:k])
        if d and d < depth:
            cut = k
    return above[:cut] + unit


# a 名簿 header: 議席(番号) and 氏名 as column heads
# the head of a 名簿 table's columns (議席 / 氏名), also after a row label and letter-spaced (│出席議員 │議 席│氏 名 │)
_SEAT_TABLE_HEADER = re.compile(r"(?:^|[\s│┃|｜])議\s?席(?:\s?番\s?号)?[\s│┃|｜]+氏\s*名(?:[\s│┃|｜]|$)")
# a line of such a table that holds no row: its rules, the rest of its head (│ │番 号│ │番 号│ │)
_TABLE_FILLER = re.compile(r"[\s│┃|｜─━┌┐└┘├┤┬┴┼番号氏名議席]*")
_BAR = r"[\s│┃|｜]"
# a reading in brackets after a name: (やまだ たろう), （すずき・いちろう）
_READING = re.compile(rf"[（(][{HIRA}][{HIRA} \u3000・]*[)）]")


def _seat_row(line: str, base: int) -> list[tuple[str, list]] | None:
    """A row of a 名簿 table: a bare seat number, the name (its reading in brackets left out),
    then columns (会派, 役職) that name no one; None if the line is no such row."""
    row = re.match(rf"{_BAR}*(?P<seat>[0-9]{{1,3}}){_BAR}+", line)
    if row is None:
        return None
    rest = _READING.sub(lambda m: " " * len(m.group(0)), line[row.end():])
    cells: list = [_Post("議員", "", base + row.start("seat"))]
    names: list = []
    for cell in _CELL.finditer(rest):
        if names and re.fullmatch(r"[0-9]{1,3}", cell.group(0)):  # │1 │港川實登 │6 │比嘉重範 │: two columns of seats
            cells.append(_Post("議員", "", base + row.end() + cell.start()))
            names = []
            continue
        read = _read_cell(cell.group(0), base + row.end() + cell.start())
        if not read or not all(isinstance(c, _Name) for c in read) or not _name_goes_on(names, read):
            break
        names.extend(read)
        cells.extend(read)
    if isinstance(cells[-1], _Post):
        cells.pop()
    return [("", cells)] if len(cells) > 1 else None


def _name_goes_on(names: list, more: list) -> bool:
    """A further piece still belongs to the name (山田 太郎, 井戸川 幸 弘), not to the next
    column (佐藤花子 無所属: four characters are a whole name; a name has six at most)."""
    so_far = sum(len(n.name) for n in names)
    added = sum(len(n.name) for n in more)
    return so_far + added <= _MAX_NAME and not (so_far >= 4 and added >= 2)


def _read_line(line: str, base: int, prefix: tuple[str, int] | None = None) -> list[tuple[str, list]]:
    """The runs of list cells on a line, each with the unit labelling it ('' if none): a
    cell that is no seat, post or name ends a run (a line may hold a header, then a list)."""
    if "。" in line or len(line.strip()) < 3 and split_post(line.strip()) is None:
        return []  # (a post of two characters, 書記 / 村長, may stand alone over its name's line)
    line = _NUMBERING.sub(lambda m: m.group(1) + " " * len(m.group(2)), line)  # 3.出 席 委 員: the item number
    line = _GLUED_ITEM.sub(lambda m: " " * len(m.group(0)), line)  # 巽 悦子5.欠席議員: the next item's number
    bracket = _BRACKET_UNIT.match(line)  # [基地政策局]東隆一郎局長、…: the unit labelling the line
    if bracket:
        line = " " * bracket.end() + line[bracket.end():]
    spans = _join_spaced_posts(_cells(line))
    if prefix is not None and spans:  # the front of the first post, wrapped from the line above
        spans[0] = (prefix[1] - base, prefix[0] + spans[0][1])
    if any(_HONORIFIC_END.search(c) for _, c in spans):
        return []  # 今村 剛 氏: the honorific finder reads these
    runs: list[tuple[str, list]] = []
    label, cells = "", []
    for k, (s, cell) in enumerate(spans):
        if _BRACKET_NOTE.fullmatch(cell) and cells and isinstance(cells[-1], _Post):
            continue  # 書 記 (次長): a note on the post
        if cell == "君" and cells and isinstance(cells[-1], _Name):
            continue  # 上 田 さゆり 君: the honorific set apart like the name's letters
        field = _FIELD.match(cell)
        if field and _in_comma_list(line, s + field.end(), cell[field.end():]):
            # 委員:加藤会長、… 事務局:冨田子ども家庭部長、…: a field's name over a list, no unit of the people
            if cells:
                runs.append((label, cells))
            label, cells = "", []
            s, cell = s + field.end(), cell[field.end():]
            if not cell:
                continue
        if _HEADING_CELL.search(cell) and _section_heading(cell):
            if cells:  # … 出席事務局職員 書記(主任) 西川 恵: a heading starts a run of its own
                runs.append((label, cells))
            label, cells = _section_heading(cell), []  # │事務局職員 │ …: the heading cell names the unit
            continue
        if k == 0 and cell[:1] in "〇○◯●◆◇□■" and _MEMBER_HEADING.fullmatch(cell[1:]):
            s, cell = s + 1, cell[1:]  # 〇委員外出席者: the block's mark, then the heading
        concurrent = _CONCURRENT_NOTE.search(cell)
        if concurrent:  # 中村子ども発達支援課長(兼)教育部教育支援課長: the first post is held, the second added
            cell = cell[: concurrent.start()]
        if k and _OPEN_CONCURRENT.search(spans[k - 1][1]) and cells and isinstance(cells[-1], _Post) and _post(cell, 0):
            continue  # 総務課長(兼) 契約検査室長 内田隆生: the post after (兼) is the concurrent one
        read = _read_cell(cell, base + s) if _CELL_TEXT.fullmatch(cell) and _balanced(cell) else None
        if read and len(read) == 1 and isinstance(read[0], _Post) and _in_comma_list(line, s, cell):
            read = (
                _name_glued_to_post(cell, base + s) or _like_the_item_before(cell, base + s, cells)
                or [replace(read[0], listed=True)]  # 茶木局長、土屋議会総務課長、…
            )
        if read and isinstance(read[0], _Post) and read[0].heading and cells:
            runs.append((label, cells))  # … 副議長 欠席委員 江 藤 正 行 委員: a heading starts a run of its own
            label, cells = "", []
        if read and isinstance(read[0], _Name) and line[:s].rstrip()[-1:] and line[:s].rstrip()[-1] in _COMMA:
            read[0] = replace(read[0], listed=True)  # …、中里、志田: each item another person
        piece = re.fullmatch(f"([{KANJI}]{{1,4}}?)(?:議員)?", cell)
        if read is None and cells and _after_seat(cells) and piece:
            # 11番 矢加部 茂 晴: after a seat, a name; 10番 小手川 初夫議員: the seat's 議員 glued to it
            read = [_Name(piece.group(1), base + s, base + s + len(piece.group(1)))]
        if read is None:
            if cells:
                runs.append((label, cells))
            label = cell if k == 0 and _is_label(cell) and is_org_unit(cell) and org_suffix_at_end(cell) and not _NOT_A_UNIT.search(cell) else ""
            if k == 0 and not label and _is_label(cell):
                label = _section_heading(cell) or ""  # │事務局職員 │ …: the unit the row's heading cell names
            cells = []
            continue
        cells.extend(read)
    if cells:
        runs.append((label, cells))
    if bracket and runs and not runs[0][0]:
        runs[0] = (bracket.group("unit"), runs[0][1])
    return [(label, _second_post_dropped(_family_joined(_member_suffix_dropped(cells)), line, base)) for label, cells in runs]


def _second_post_dropped(cells: list, line: str, base: int) -> list:
    """``企画部広聴・広報課長、企画部秘書担当課長 矢澤 岳``: a row opening with two posts joined by a
    comma, then one name, gives one person two posts; the first is the one held (as with 兼)."""
    if len(cells) >= 3 and isinstance(cells[0], _Post) and isinstance(cells[1], _Post) and isinstance(cells[2], _Name):
        a, b = cells[0], cells[1]
        between = line[a.end - base : b.start - base].strip() if a.end else ""
        if a.listed and b.listed and between and between in _COMMA:
            return [a, *cells[2:]]
    return cells


def _family_joined(cells: list) -> list:
    """``平山 英明委員``, ``河合 りな委員長``: a family name set one space apart from its given name,
    which is glued to the post, is one person's name."""
    out: list = []
    for cell in cells:
        before = out[-1] if out else None
        if (
            isinstance(cell, _Pair) and isinstance(before, _Name) and cell.name.start - before.end == 1
            and not (before.glued or before.listed or cell.name.listed)
            and not (len(out) > 1 and isinstance(out[-2], _Post))  # 課長 山田 太郎委員: the name is the post's
            and re.fullmatch(f"[{KANJI}]{{1,3}}", before.name)
            and re.fullmatch(f"[{KANJI}]{{1,3}}|[{HIRA}{KATA}]{{2,5}}", cell.name.name)
        ):
            out[-1] = _Pair(_Name(before.name + cell.name.name, before.start, cell.name.end), cell.post)
            continue
        out.append(cell)
    return out


_HEADING_CELL = re.compile(r"(?:職員|出席者|説明員|出席した者)(?:の?職[・･]?氏名)?$")
_NUMBERING = re.compile(r"^(\s*)([0-9０-９]{1,2}[.．](?=[出欠]\s*席\s*[委議]\s*員))")  # 3.出 席 委 員
# the number of the next item glued to the last cell of one (…14番 巽 悦子5.欠席議員 8番 …)
_GLUED_ITEM = re.compile(rf"(?<=[{KANJI}{HIRA}{KATA}])[0-9０-９]{{1,2}}[.．](?=[{KANJI}])")
_BRACKET_UNIT = re.compile(rf"^\s*[\[［【〔](?P<unit>[{KANJI}{HIRA}{KATA}]{{2,20}})[\]］】〕]")
_COMMA = "、,，"
_FIELD = re.compile(rf"[{KANJI}{HIRA}{KATA}]{{1,8}}[:：](?=[{KANJI}{HIRA}{KATA}])")
_CONCURRENT_NOTE = re.compile(r"[（(]兼[）)].+$")
_OPEN_CONCURRENT = re.compile(r"[（(]兼[）)]$")  # the concurrent post in the next cell


def _in_comma_list(line: str, at: int, cell: str) -> bool:
    """The cell is an item of a list written with commas (``茶木局長、土屋議会総務課長、…``)."""
    before = line[:at].rstrip() if at >= 0 else ""
    after = line[at + len(cell):].lstrip()
    return bool(before and before[-1] in _COMMA or after and after[0] in _COMMA)


def _name_glued_to_post(cell: str, start: int) -> list | None:
    """An item of a comma list read as a post alone may be a family name glued to its post
    (茶木局長 — no unit 茶木局): so it is when fugashi knows the front as a person's name and
    the rest is a post on its own."""
    if _post(cell, start) is not None and _post(cell, start).same:
        return None
    split = _split_name_post(cell)
    if split is None:
        return None
    n, post = split
    if not (_has_person_token(cell[:n]) and not _common_noun(cell[:n]) or reads_as_surname(cell[:n])):
        return None  # (大橋北部児童館長: a word that is a family name too)
    written = _Post(post.title, post.organization, start + n, end=start + len(cell))
    return [_Pair(_Name(cell[:n], start, start + n), written)]


_PEER_FRONT = re.compile(rf"[{KANJI}]{{1,3}}|[{KATA}]{{2,8}}")


def _like_the_item_before(cell: str, start: int, cells: list) -> list | None:
    """``市川委員、稲永委員、フクシマ委員``, ``島田行政改革推進課長、横道財政課長``: an item of a comma list
    written as the item before it — a name glued to the same post — is a name and that post too,
    though fugashi knows no such family name (稲永, 横道, フクシマ)."""
    before = cells[-1] if cells else None
    if not isinstance(before, _Pair):
        return None
    for n in (2, 3, 1, 4, 5, 6, 7, 8):  # the commonest family-name length first (横道|財政課長, not 横|道財政課長)
        if n > len(cell) - 2:
            continue
        front = cell[:n]
        post = split_post(cell[n:])
        if (
            post is not None and post.title == before.post.title and _PEER_FRONT.fullmatch(front)
            and (not post.organization or len(post.organization) >= 3 and n > 1)  # 横道財|政課, 横|道財政課
            and front not in not_names() and not _org_not_name(front) and not is_org_unit(front)
        ):
            written = _Post(post.title, post.organization, start + n, end=start + len(cell))
            return [_Pair(_Name(front, start, start + n, peer=True), written)]
    return None


def _member_suffix_dropped(cells: list) -> list:
    """``4番 塩﨑雄司 議員 5番 谷本義則 議員``: the 議員 written after a seat's name repeats the
    seat; it is no post of its own (read as one, it would make two posts in a row). A 委員 written
    so is the seat's post: the member sits on the committee the record is of."""
    out: list = []
    for cell in cells:
        if isinstance(cell, _Pair) and cell.post.title == "議員" and not cell.post.organization:
            k = len(out)
            while k and isinstance(out[k - 1], _Name):
                k -= 1
            if k < len(out) and k and _is_seat(out[k - 1]) and _given_name_piece(cell.name.name):
                out.append(cell.name)  # 10番 小手川 初夫議員, read as a name glued to its post
                continue
        if isinstance(cell, _Post) and cell.title == "委員" and not cell.organization and cell.end:
            k = len(out)
            while k and isinstance(out[k - 1], _Name):
                k -= 1
            if k < len(out) and k and _is_seat(out[k - 1]):
                out[k - 1] = replace(out[k - 1], title="委員")  # 3番 滝 口 公 一 委員: a committee's seat
                continue
        if isinstance(cell, _Post) and cell.title.endswith("議員") and not cell.organization and cell.end:
            k = len(out)
            while k and isinstance(out[k - 1], _Name):
                k -= 1
            piece = cell.title[: -len("議員")]
            if k < len(out) and k and _is_seat(out[k - 1]) and _given_name_piece(piece):
                if piece:  # 10番 小手川 初生議員: the given name glued to the 議員
                    out.append(_Name(piece, cell.start, cell.start + len(piece)))
                continue
        out.append(cell)
    return out


def _given_name_piece(piece: str) -> bool:
    """What may stand before a 議員 glued to it in a seat's row: nothing, or a part of a name
    (初生) — not a body (市議会, 公明党)."""
    return not piece or bool(re.fullmatch(f"[{KANJI}{HIRA}]{{1,3}}", piece)) and not org_suffix_at_end(piece)


def _is_seat(cell) -> bool:
    return isinstance(cell, _Post) and cell.title == "議員" and not cell.organization and not cell.end


def _join_spaced_posts(spans: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Letter-spaced posts as one cell: ``市 長``, ``総 務 部 長``, ``市 民 生活部長``, ``会 計 管 理 者``
    (each piece one or two characters but the last; the pieces together a post)."""
    out, k = [], 0
    while k < len(spans):
        joined = None
        if len(spans[k][1]) <= 2 and not (k and _name_ends_here(spans, k)):  # 市川 学 | 教 育
            for j in range(min(len(spans), k + 6), k + 1, -1):
                pieces = [c for _, c in spans[k:j]]
                word = "".join(pieces)
                if (
                    all(len(p) <= 2 for p in pieces[:-1]) and title_core_at_end(word)
                    and (_post(word, 0) is not None or _MEMBER_HEADING.fullmatch(word))
                    and not _has_person_token("".join(pieces[:-1]))  # 小泉 克行 総務部長: a name, then a post
                    and not any(p.endswith("君") for p in pieces[:-1])  # 遠藤 佐君 総務課長: a name's end
                    and not _given_name_before_post(pieces)  # 戸ヶ崎 勤 教育長: 勤 ends the name
                    and not _KANA_GIVEN_MEMBER.fullmatch(pieces[-1])  # 立石 りお委員: a given name, then the post
                    and not any(p.isascii() for p in pieces[:-1])  # 2 出席議員: an item number, no letter of it
                ):
                    joined = (j, word)
                    break
        if joined:
            out.append((spans[k][0], joined[1]))
            k = joined[0]
        else:
            out.append(spans[k])
            k += 1
    return out


# a member's given name in kana glued to the post (りお委員, しんご委員長)
_KANA_GIVEN_MEMBER = re.compile(f"[{HIRA}]{{2,5}}(?:副?委員長?|副?議長|議員)")


def _name_ends_here(spans: list[tuple[int, str]], k: int) -> bool:
    """Cell k ends the name in the cell before it (市川 学 | 教 育): the two read as a name, or a
    one-letter given name set apart before a whole post (古清水 巌 総務課長: 巌 is no unit's letter)."""
    before, cell = spans[k - 1][1], spans[k][1]
    if _is_name_like(before + cell):
        return True
    whole_post_next = k + 1 < len(spans) and _post(spans[k + 1][1], 0) is not None
    return len(cell) == 1 and len(before) >= 2 and whole_post_next and _post(before, 0) is None and _plausible_name(before + cell)


def _given_name_before_post(pieces: list[str]) -> bool:
    """``勤 教育長``: the last piece is a whole post and the pieces before it join it as no unit
    and no known title (勤教育長) — they end the name before it, not the post."""
    word = "".join(pieces)
    post = _post(word, 0)
    return (
        _post(pieces[-1], 0) is not None and post is not None and not post.organization
        and title_core_at_end(word) != word
    )


def _after_seat(cells: list) -> bool:
    """The cells read so far end with a council seat and at most one name piece."""
    tail = cells[-2:] if isinstance(cells[-1], _Name) else cells[-1:]
    return isinstance(tail[0], _Post) and tail[0].title == "議員" and not tail[0].heading


def _balanced(cell: str) -> bool:
    """Brackets closed within the cell, or a 兼 note cut by the line end (総務部長(兼企画財政課長)."""
    opened = len(re.findall(r"[（(]", cell)) - len(re.findall(r"[)）]", cell))
    return opened == 0 or bool(_NOTE.search(cell)) or opened == -1 and bool(_CONCURRENT.search(cell))


def _is_label(cell: str) -> bool:
    """A word heading a list line (出席委員, 市執行部, 議会事務局, その他の出席者)."""
    return bool(re.fullmatch(rf"[{KANJI}{HIRA}{KATA}0-9.．]+", cell)) and split_post(cell) is None


def _cells(line: str) -> list[tuple[int, str]]:
    """Cells of a line; a post(name) bracket is one cell even with a space inside."""
    out = []
    pos = 0
    for m in _POST_PAREN_NAME.finditer(line):
        out += [(pos + c.start(), c.group(0)) for c in _CELL.finditer(line[pos:m.start()])]
        out.append((m.start(), m.group(0)))
        pos = m.end()
    out += [(pos + c.start(), c.group(0)) for c in _CELL.finditer(line[pos:])]
    return out


def _read_cell(cell: str, start: int) -> list | None:
    """A cell as seats, posts and names, or None if it is none of these."""
    if len(cell) > 1 and cell.endswith("君"):
        cell = cell[:-1]  # 十二番中村五郎君, 雅彦君: minutes name members and officials with 君
    office = _NAME_OFFICE.fullmatch(cell)
    if office:  # 6番 山 村 美咲子(副議長): the member's office in brackets after the name
        name = office.group("name")
        return [_Name(name, start, start + len(name), office=office.group("office"))]
    numbered = _ITEM_NUMBER_AFTER.fullmatch(cell)
    if numbered and (len(numbered.group(1)) <= 2 or _plausible_name(numbered.group(1))):
        cell = numbered.group(1)  # 萩原 剛1 欠席議員, 八尾春雄2欠席議員は: the next item's number (and words) run on
    if _SEAT.fullmatch(cell):
        return [_Post("議員", "", start)]
    seat = _SEAT.match(cell)
    if seat:  # 一番古城まさお: a seat glued to the name
        rest = _read_cell(cell[seat.end():], start + seat.end())
        if rest is None and _KANA_MEMBER.fullmatch(cell[seat.end():]):  # 二十一番あかねがくぼかよ子君
            rest = [_Name(cell[seat.end():], start + seat.end(), start + len(cell))]
        return [_Post("議員", "", start), *rest] if rest and all(isinstance(c, _Name) for c in rest) else None
    if cell == _SAME:
        return [_Post("", "", start, same=True)]
    glued_heading = _MEMBER_HEADING.search(cell)
    if glued_heading and glued_heading.end() == len(cell) and glued_heading.start():
        name = cell[: glued_heading.start()]  # 12番 斎藤秀雄欠席議員(1名): a row's name, then the next block's heading
        if _NAME_CELL.fullmatch(name) and _plausible_name(name):
            return [_Name(name, start, start + len(name)),
                    _Post(_heading_title(glued_heading), "", start + len(name), end=start + len(cell), heading=True)]
    heading = _MEMBER_HEADING.fullmatch(cell)
    if heading:
        return [_Post(_heading_title(heading), "", start, end=start + len(cell), heading=True)]
    each = _EACH_MEMBER.fullmatch(cell)
    if each:  # 保坂の各委員(後藤副委員長は欠席): the last name of the list, then the post of all
        post = _Post(each.group("title"), "", start + each.start("title") - 1, end=start + each.end("title"), each=True)
        name = each.group("name")
        return [_Name(name, start, start + len(name)), post] if name else [post]
    paren = _POST_PAREN_NAME.fullmatch(cell)
    if paren:
        post = _post(paren.group("post"), start)
        if post is None:
            return None
        name = paren.group("name")
        if split_post("".join(name.split())) is not None:
            return [post]  # 書記(次長): the bracket notes a rank, it names no one
        if " " not in name and not _has_person_token(name):
            return None  # 議員(青葉クラブ), 議員(無所属): a faction, no name
        return [post, _Name("".join(name.split()), start + paren.start("name"), start + paren.end("name"))]
    post = _post(cell, start)
    if post is not None:
        return [post]
    proceeding = _PROCEEDING_AFTER.search(cell)
    if proceeding and proceeding.start() >= 2 and _plausible_name(cell[: proceeding.start()]):
        return [_Name(cell[: proceeding.start()], start, start + proceeding.start())]  # 書記 阿部大輔開会 午前10時
    held = _HELD_TOO.search(cell)
    if held and split_post(held.group(1)) is not None and title_core_pattern().search(cell[: held.start()]):
        return _glued(cell[: held.start()], start)  # 田中次長兼議事調査課長: the first post is the one held
    if (
        _NAME_CELL.fullmatch(cell) and title_core_pattern().search(cell) is None and not _COUNT.fullmatch(cell)
        and (len(cell) <= 2 or _plausible_name(cell) or re.fullmatch(f"[{HIRA}]{{2,8}}", cell)  # くつき 信 哉
             or re.fullmatch(f"(?![おご])[{HIRA}]{{2,4}}[{KANJI}]{{1,2}}", cell))  # くり林: a family name half in kana
        and not _NOT_A_UNIT.search(cell) and not cell.endswith("者")  # 傍聴者, 出席者: who, not a name
    ):
        return [_Name(cell, start, start + len(cell))]
    if _two_glued_names(cell):
        return [_Name(cell, start, start + len(cell))]  # 田口喜義信田幸雄: cut by _glued_people
    return _glued(cell, start)


def _two_glued_names(cell: str) -> bool:
    """Seven to ten kanji that read as names written together (the letter spacing closed up):
    every part of the best cut starts with a family name."""
    if not re.fullmatch(f"[{KANJI}]{{7,10}}", cell) or title_core_pattern().search(cell) or _common_noun(cell):
        return False
    parts = _cut_glued([_Name(c, k, k + 1) for k, c in enumerate(cell)], [len(cell)] * len(cell))
    return len(parts) >= 2 and all(_as_name("".join(n.name for n in part)) > 0 for part in parts)


# a name (or its last piece) with the member's office in brackets after it: 美咲子(副議長)
_NAME_OFFICE = re.compile(rf"(?P<name>[{KANJI}{HIRA}{KATA}]{{1,5}})[（(](?P<office>副?議長|副?委員長)[)）]")
# a member's name written in kana, its last character maybe a kanji (あかねがくぼかよ子)
_KANA_MEMBER = re.compile(f"[{HIRA}]{{3,9}}[{KANJI}]?")
# a piece of a name with the number of the next item of a flattened record glued to it (剛1)
_ITEM_NUMBER_AFTER = re.compile(f"([{KANJI}{HIRA}]{{1,5}})[0-9](?:[{KANJI}{HIRA}].*)?")
# a proceedings word run onto the last name of a list flattened onto one line (阿部大輔開会 午前10時00分)
_PROCEEDING_AFTER = re.compile("(?:" + "|".join(rule_column("minutes_proceedings.txt")) + ")$")
# a second post joined with 兼 to a name and its post, glued (田中次長兼議事調査課長)
_HELD_TOO = re.compile(r"兼([^兼]{2,20})$")
# a heading that is the post of the members listed after it: 出席委員(8名), 出 席 議 員, 欠席委員
# 出席委員 / 欠席議員 head the members listed after them; 委員外出席者 (a committee's minutes) the
# council's members who attend it without sitting on it: 議員
_MEMBER_HEADING = re.compile(r"(?:(?:出席|欠席)(?P<title>委員|議員)|委員外(?:出席者|議員))(?:[（(][0-9０-９]+[名人][)）])?")


def _heading_title(heading: re.Match) -> str:
    return heading.group("title") or "議員"
# 各委員 closing a list of names, the last name glued with の: 保坂の各委員, 久池井一孝 各委員
_EACH_MEMBER = re.compile(
    rf"(?:(?P<name>[{KANJI}{HIRA}{KATA}]{{1,6}})の)?各(?P<title>委員|議員)(?:[（(][^（()）]*[)）])?"
)
# a second post held with the first, written after it: …管理課長兼務, …担当課長事務取扱)
_CONCURRENT = re.compile(r"(?:兼務|兼任|事務取扱)[)）]?$")


def _first_post(core: str) -> str:
    """Of two posts written one after the other (``麻布地区総合支所総合支所長麻布地区総合支所管理課長``,
    ``…総合支所長・産業・地域振興支援部長``) the first, the one the person holds."""
    for m in title_core_pattern().finditer(core):
        head, rest = core[: m.end()], core[m.end():].lstrip("・")
        if rest and split_post(head) is not None and split_post(rest) is not None:
            return head
    return core


def _post(cell: str, start: int) -> _Post | None:
    core = _NOTE.sub("", cell)
    if _CONCURRENT.search(core):  # 政策経営部長兼務: the other post follows
        core = _first_post(_CONCURRENT.sub("", core))
    same = core.startswith(_SAME) and len(core) > 1
    if same:
        core = core[1:]
    if not core:
        return _Post("", "", start, same=True) if _NOTE.fullmatch(cell) is None else None
    post = split_post(core)
    if post is not None and "担当" in post.title and post.organization:
        unit_brief = _UNIT_THEN_BRIEF.fullmatch(core)
        if unit_brief and is_org_unit(unit_brief.group("unit")):  # 総務部法務担当課長: the brief under its unit
            post = replace(post, title=unit_brief.group("brief"), organization=unit_brief.group("unit"))
        else:
            post = replace(post, title=core, organization="")  # 学校教育担当部長: a brief, no unit (学校)
    if post is not None and post.organization and not is_org_unit(post.organization) and post.organization != "事務局":
        whole = replace(post, title=post.organization + post.title, organization="")
        if _written_post(whole):
            post = whole  # 議会事務局次長: 議会 is no unit apart; the whole post is read as one (its unit later)
    if post is None or re.match(r"[（(]", core) or not _written_post(post):
        return None
    return _Post(post.title, post.organization, start, same=same, end=start + len(cell))


# a unit, then a brief held in it (総務部 / 物価高騰支援給付金担当課長, 総務部DX推進室 / 働き方DX推進担当課長)
_UNIT_THEN_BRIEF = re.compile(r"(?P<unit>.+?(?:本部|部|局|室|課))(?P<brief>[^部局室課]+担当(?:部長|課長|係長|室長|主幹|参事|副参事))")


def _written_post(post) -> bool:
    """A post as a list writes it: a lexicon title after at most a short qualifier and a real
    unit — not a name glued to a title (谷田川泰委員長) nor units running over a name
    (教育長小泉克行総務部長)."""
    core = title_core_at_end(post.title) or post.title
    qualifier = post.title[: len(post.title) - len(core)]
    if qualifier and (_has_person_token(qualifier) or len(qualifier) > 16):
        return False
    if core in _MEMBER_ROLES and re.fullmatch(f"[{HIRA}]{{2,}}", qualifier):
        return False  # しんたろう委員: a member's given name in kana glued to the post (まちづくり政策監 is a post)
    org = post.organization
    if org == "事務局":
        return True  # 事務局主査: the secretariat, a unit a list names bare
    if org and (not is_org_unit(org) or _has_person_token(org) and title_core_pattern().search(org)):
        return False
    return not _name_ahead(org)


def _name_ahead(org: str) -> bool:
    """鈴木一郎区(長), 田中三郎企画部(長): the unit starts with a full name (person tokens over
    three characters or more), so the cell is a name then a post."""
    length = 0
    for surface, is_person, _ in _morphs(org):
        if not is_person:
            break
        length += len(surface)
    return length >= 3


def _glued(cell: str, start: int) -> list | None:
    """Posts and names written without a space: 市長石丸伸二副市長米村公男 (post first),
    谷田川泰委員長 / 菱沼和幸副議長小松豊正議員 (name first)."""
    cores = [m.end() for m in title_core_pattern().finditer(cell) if cell[m.end(): m.end() + 1] != "会"]
    if not cores:  # (人事委員会事務局長岡崎義隆: the 委員 of 委員会 is part of a unit, no post)
        return None
    pieces, pos = [], 0
    for end in cores:
        pieces.append((pos, cell[pos:end]))
        pos = end
    tail = cell[pos:]
    out: list = []
    first_pos, first = pieces[0]
    lead = _post(first, start)
    rest = pieces
    if lead is not None:
        out.append(lead)
        rest = pieces[1:]
    for p, piece in rest:
        split = _split_name_post(piece)
        if split is None:
            return None
        n, post = split
        name = _Name(piece[:n], start + p, start + p + n)
        written = _Post(post.title, post.organization, start + p + n, end=start + p + len(piece))
        out += [name, written] if lead is not None else [_Pair(name, written)]
    if tail:
        if lead is None or _PROSE_TAIL.search(tail) or not (_NAME_CELL.fullmatch(tail) and _plausible_name(tail)):
            return None  # 大月市議|会, 区議|会事務局: names first end with their post; a unit, no name
        if org_suffix_at_end(cell) == "議会" or _common_noun(tail) and len(_morphs(tail)) >= 2:
            return None  # 境港市議|会 (a council whole), 市長|提出議案 (a compound of common nouns): no name
        out.append(_Name(tail, start + pos, start + len(cell), glued=True))
    return out
