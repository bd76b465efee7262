"""Attendance and staff lists: the rows of 出席議員 / 説明員 / 出席者 blocks, read cell by cell.

Minutes and staff lists set people out as cells on a line, in every order publishers use:

- a seat then a name: ``1番  田 中  親 彦         11番  矢加部  茂 晴`` (council members);
- a post then a name, the name often letter-spaced: ``市長公室長   田 中  富士男``,
  ``総務部長(兼企画財政課長)   木 庭  雄 二``, a name wrapped onto the next line under its post;
- post and name glued: ``市長石丸伸二副市長米村公男``, ``総務部長高藤誠``, ``市長(今泉文彦)``;
- name then post: ``鈴木一郎区長　佐藤次郎助役``, ``谷田川泰委員長,大和田寛樹副委員長``;
- ``同`` repeating the post above, ``同財政課長`` the department above;
- a leading unit labelling the line: ``議会事務局 局長(門脇 孝),庶務議事課長(中山善正)``.

A line is read only when every cell on it is a seat, a post, a name or a glued pair: a line
of prose never is. Each name takes the post (or seat) written last before it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.extractors.organizations import is_org_unit, municipality, org_suffix_at_end
from pipeline.extractors.titles import split_post, title_category, title_core_at_end, title_core_pattern
from pipeline.extractors.officials.grammar import HIRA, KANJI, KATA, NAME_CHAR, Mention, _SAME
from pipeline.extractors.officials.inline import _split_name_post
from pipeline.extractors.officials.names import (
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
_HONORIFIC_END = re.compile(r"(?:氏|様|さん|殿)$")
# what a list cell is written with: names, posts, seats, brackets (no symbols, no punctuation)
_CELL_TEXT = re.compile(rf"[{KANJI}{HIRA}{KATA}A-Za-z0-9・()（） \u3000]+")
_BRACKET_NOTE = re.compile(r"[（(][^（()）]{1,12}[)）]")
_MAX_NAME = 6
_MAX_KANA_NAME = 10  # あかねがくぼかよ子: names written in kana run longer


@dataclass(frozen=True)
class _Post:
    title: str
    organization: str
    start: int
    same: bool = False  # 同 / 同…: repeats the post or the department above
    end: int = 0


@dataclass(frozen=True)
class _Name:
    name: str
    start: int
    end: int


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
    for line in re.finditer(r"[^\n]+", text):
        runs = _read_line(line.group(0), line.start())
        heading = _section_heading(line.group(0)) if not runs else None
        if heading is not None:
            section = heading
            pending = None
            continue
        runs = [(label or section, cells) for label, cells in runs]
        if pending is not None and runs and runs[0][1] and isinstance(runs[0][1][0], _Name):
            runs[0] = (runs[0][0], [pending, *runs[0][1]])
        pending = None
        for label, cells in runs:
            if len(runs) == 1 and len(cells) == 1 and isinstance(cells[0], _Post):
                pending = cells[0]  # a post alone on its line: its name is wrapped onto the next
                continue
            kinds = {type(c) for c in cells}
            if _Pair not in kinds and not {_Post, _Name} <= kinds or _posts_in_a_row(cells):
                continue
            if isinstance(cells[0], _Name) and isinstance(cells[-1], _Post) and cells[-1].title != "議員":
                last = _read_name_first(out, cells, label, last)  # 原 口 亮 志 委員長  園 川 良 二 副委員長
            else:
                last, pending = _read_post_first(out, cells, label, last)
    return out


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


_SECTION_MARKS = re.compile(r"^[\s〇○◯●◎◇◆□■・0-9０-９一二三四五六七八九十.．、)）]*")
_SECTION_WORDS = re.compile(r"^(?:出席|欠席)?(?P<unit>.*?)(?:出席)?(?:職員|説明員|理事者|議員|委員|者)?$")


def _section_heading(line: str) -> str | None:
    """A heading over a block of list rows: the unit it names ('区議会事務局', '事務局' for
    事務局出席職員, '議会局' for 出席議会局職員), '' for a heading naming none (説明員,
    出席理事者), None when the line is no heading."""
    body = re.sub(r"[（(][^（()）]*[)）]", "", "".join(_SECTION_MARKS.sub("", line).split()))
    if not body or len(body) > 16 or not re.fullmatch(f"[{KANJI}{HIRA}{KATA}]+", body):
        return None
    unit = _SECTION_WORDS.match(body).group("unit")
    if unit and len(unit) >= 2 and org_suffix_at_end(unit) and not _NOT_A_UNIT.search(unit):
        return "" if municipality(unit) == unit else unit  # (2) 兵庫県神戸市: a place visited, no unit
    return "" if _SECTION_WORDS.match(body).group(0) != unit or not unit else None


def _posts_in_a_row(cells: list) -> bool:
    """常務執行役員 公共営業本部長 今村 剛: two posts for one person (the byline finders' layout)."""
    return any(isinstance(a, _Post) and isinstance(b, _Post) and not a.same for a, b in zip(cells, cells[1:]))


def _emit(out: list[Mention], post: _Post, names: list[_Name], label: str, last: _Post | None,
          name_first: bool = False) -> _Post | None:
    found = _mention(post, names, label, last, name_first)
    if found is None:
        return last
    out.append(found)
    return _Post(found.title, found.organization, post.start)


def _mention(post: _Post, names: list[_Name], label: str, last: _Post | None, name_first: bool) -> Mention | None:
    if len(names) > 2 and sum(len(n.name) > 1 for n in names) > 1:
        names = names[:2]  # 天野 工 大 月…: a 姓 名 pair, then the next cell's characters
    name = "".join(n.name for n in names)
    longest = _MAX_KANA_NAME if re.search(f"[{HIRA}{KATA}]", name) else _MAX_NAME
    kana_member = post.title == "議員" and re.fullmatch(f"[{HIRA}]{{3,{_MAX_KANA_NAME}}}", name)  # 3番 つたえりな
    if not (2 <= len(name) <= longest and (_plausible_name(name) or kana_member)):
        return None
    if not (len(names) > 1 or _has_person_token(name)):  # a 姓 名 set apart by the layout, or a known name
        return None
    if len(names) == 2 and _two_words(names[0].name, names[1].name):
        return None  # 開会 宣言, 説明 資料: two words, not a family and a given name
    if name_first:
        start, end = names[0].start, post.end
        return Mention(name, post.title, _labelled(post.title, post.organization, label), start, end, start, True, "attendance")
    title, org = post.title, post.organization
    if post.same and last is not None:
        title = title or last.title
        org = _under_department(last.organization, org) if org else last.organization
    else:
        org = _labelled(title, org, label)
    return Mention(name, title, org, post.start, names[-1].end, names[0].start, True, "attendance")


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


def _read_line(line: str, base: int) -> list[tuple[str, list]]:
    """The runs of list cells on a line, each with the unit labelling it ('' if none): a
    cell that is no seat, post or name ends a run (a line may hold a header, then a list)."""
    if "。" in line or len(line.strip()) < 3:
        return []
    spans = _join_spaced_posts(_cells(line))
    if any(_HONORIFIC_END.search(c) for _, c in spans):
        return []  # 今村 剛 氏: the honorific finder reads these
    runs: list[tuple[str, list]] = []
    label, cells = "", []
    for k, (s, cell) in enumerate(spans):
        if _BRACKET_NOTE.fullmatch(cell) and cells and isinstance(cells[-1], _Post):
            continue  # 書 記 (次長): a note on the post
        read = _read_cell(cell, base + s) if _CELL_TEXT.fullmatch(cell) and _balanced(cell) else None
        if read is None and cells and _after_seat(cells) and re.fullmatch(f"[{KANJI}]{{1,4}}", cell):
            read = [_Name(cell, base + s, base + s + len(cell))]  # 11番 矢加部 茂 晴: after a seat, a name
        if read is None:
            if cells:
                runs.append((label, cells))
            label = cell if k == 0 and _is_label(cell) and is_org_unit(cell) and org_suffix_at_end(cell) and not _NOT_A_UNIT.search(cell) else ""
            cells = []
            continue
        cells.extend(read)
    if cells:
        runs.append((label, cells))
    return runs


def _join_spaced_posts(spans: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Letter-spaced posts as one cell: ``市 長``, ``総 務 部 長``, ``市 民 生活部長``, ``会 計 管 理 者``
    (each piece one or two characters but the last; the pieces together a post)."""
    out, k = [], 0
    while k < len(spans):
        joined = None
        if len(spans[k][1]) <= 2 and not (k and _is_name_like(spans[k - 1][1] + spans[k][1])):  # 市川 学 | 教 育
            for j in range(min(len(spans), k + 6), k + 1, -1):
                pieces = [c for _, c in spans[k:j]]
                word = "".join(pieces)
                if (
                    all(len(p) <= 2 for p in pieces[:-1]) and title_core_at_end(word) and _post(word, 0) is not None
                    and not _has_person_token("".join(pieces[:-1]))  # 小泉 克行 総務部長: a name, then a post
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


def _after_seat(cells: list) -> bool:
    """The cells read so far end with a council seat and at most one name piece."""
    tail = cells[-2:] if isinstance(cells[-1], _Name) else cells[-1:]
    return isinstance(tail[0], _Post) and tail[0].title == "議員"


def _balanced(cell: str) -> bool:
    """Brackets closed within the cell, or a 兼 note cut by the line end (総務部長(兼企画財政課長)."""
    opened = len(re.findall(r"[（(]", cell)) - len(re.findall(r"[)）]", cell))
    return opened == 0 or bool(_NOTE.search(cell))


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
    if _SEAT.fullmatch(cell):
        return [_Post("議員", "", start)]
    seat = _SEAT.match(cell)
    if seat:  # 一番古城まさお: a seat glued to the name
        rest = _read_cell(cell[seat.end():], start + seat.end())
        return [_Post("議員", "", start), *rest] if rest and all(isinstance(c, _Name) for c in rest) else None
    if cell == _SAME:
        return [_Post("", "", start, same=True)]
    paren = _POST_PAREN_NAME.fullmatch(cell)
    if paren:
        post = _post(paren.group("post"), start)
        if post is None:
            return None
        name = paren.group("name")
        if split_post("".join(name.split())) is not None:
            return [post]  # 書記(次長): the bracket notes a rank, it names no one
        return [post, _Name("".join(name.split()), start + paren.start("name"), start + paren.end("name"))]
    post = _post(cell, start)
    if post is not None:
        return [post]
    if (
        re.fullmatch(f"[{KANJI}{HIRA}{KATA}]{{1,{_MAX_KANA_NAME}}}", cell) and title_core_pattern().search(cell) is None
        and (len(cell) <= 2 or _plausible_name(cell) or re.fullmatch(f"[{HIRA}]{{2,8}}", cell))  # くつき 信 哉
        and not _NOT_A_UNIT.search(cell)
    ):
        return [_Name(cell, start, start + len(cell))]
    return _glued(cell, start)


def _post(cell: str, start: int) -> _Post | None:
    core = _NOTE.sub("", cell)
    same = core.startswith(_SAME) and len(core) > 1
    if same:
        core = core[1:]
    if not core:
        return _Post("", "", start, same=True) if _NOTE.fullmatch(cell) is None else None
    post = split_post(core)
    if post is None or re.match(r"[（(]", core) or not _written_post(post):
        return None
    return _Post(post.title, post.organization, start, same=same)


def _written_post(post) -> bool:
    """A post as a list writes it: a lexicon title after at most a short qualifier and a real
    unit — not a name glued to a title (谷田川泰委員長) nor units running over a name
    (教育長小泉克行総務部長)."""
    core = title_core_at_end(post.title) or post.title
    qualifier = post.title[: len(post.title) - len(core)]
    if qualifier and (_has_person_token(qualifier) or len(qualifier) > 6):
        return False
    org = post.organization
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
    cores = [m.end() for m in title_core_pattern().finditer(cell)]
    if not cores:
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
        if lead is None and not rest or not _plausible_name(tail):
            return None  # 区議|会事務局: a unit, not a post and a name
        out.append(_Name(tail, start + pos, start + len(cell)))
    return out
