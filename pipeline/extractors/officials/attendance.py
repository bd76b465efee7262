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

from pipeline.extractors.organizations import is_org_unit, org_suffix_at_end
from pipeline.extractors.titles import split_post, title_core_pattern
from pipeline.extractors.officials.grammar import HIRA, KANJI, KATA, NAME_CHAR, Mention, _SAME
from pipeline.extractors.officials.inline import _split_name_post
from pipeline.extractors.officials.names import _has_person_token, _plausible_name, _two_words

# A cell: what stands between spaces, box-drawing bars, table bars and list commas.
_CELL = re.compile(r"[^\s│┃|｜,，、]+")
_SEAT = re.compile(r"(?:第)?(?:[0-9]+|[一二三四五六七八九十百]+)番(?:議員)?")
# A note in brackets after a post: (兼企画財政課長), (兼地域包括支援センター長) — also cut by a line end.
_NOTE = re.compile(r"[（(]兼[^）)]*[）)]?$|^[（(]?兼[^）)]*[）)]$")
# post(name): 市長(今泉文彦), 局長(門脇 孝) — the bracket may hold a space
_POST_PAREN_NAME = re.compile(
    rf"(?P<post>[^\s（()）│|,，、]{{1,20}})[（(](?P<name>[{KANJI}]{{1,4}}[ \u3000]?[{KANJI}{HIRA}{KATA}]{{1,4}})[)）]"
)
# words that label a list line without naming a unit (市執行部, 出席委員, その他の出席者)
_NOT_A_UNIT = re.compile(r"執行部|出席|欠席|説明|その他")
_HONORIFIC_END = re.compile(r"(?:氏|様|さん|殿)$")
_PUNCT = re.compile(r"[:：。「」『』!?！？]")
_MAX_NAME = 6


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
    for line in re.finditer(r"[^\n]+", text):
        read = _read_line(line.group(0), line.start())
        if read is None:
            pending = None
            continue
        label, cells = read
        if pending is not None and isinstance(cells[0], _Name):
            cells = [pending, *cells]
        pending = None
        if len(cells) == 1 and isinstance(cells[0], _Post):
            pending = cells[0]  # a post alone on its line: its name is wrapped onto the next
            continue
        kinds = {type(c) for c in cells}
        if _Pair not in kinds and not {_Post, _Name} <= kinds or _posts_in_a_row(cells):
            continue
        post: _Post | None = None
        names: list[_Name] = []
        for cell in [*cells, None]:
            if isinstance(cell, _Name):
                names.append(cell)
                continue
            if post is not None and names:
                last = _emit(out, post, names, label, last)
            elif post is not None and cell is None:
                pending = post
            post, names = (cell.post, [cell.name]) if isinstance(cell, _Pair) else (cell, [])
            if isinstance(cell, _Pair):
                last = _emit(out, cell.post, [cell.name], label, last, name_first=True)
                post, names = None, []
    return out


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
    name = "".join(n.name for n in names)
    if not (2 <= len(name) <= _MAX_NAME and _plausible_name(name)):
        return None
    if not (len(names) > 1 or _has_person_token(name)):  # a 姓 名 set apart by the layout, or a known name
        return None
    if len(names) == 2 and _two_words(names[0].name, names[1].name):
        return None  # 開会 宣言, 説明 資料: two words, not a family and a given name
    if name_first:
        start, end = names[0].start, post.end
        return Mention(name, post.title, _labelled(post.title, post.organization, label), start, end, start, True, "list")
    title, org = post.title, post.organization
    if post.same and last is not None:
        title = title or last.title
        org = _under_department(last.organization, org) if org else last.organization
    else:
        org = _labelled(title, org, label)
    return Mention(name, title, org, post.start, names[-1].end, names[0].start, True, "list")


def _labelled(title: str, org: str, label: str) -> str:
    if label and title_is_unit_post(title, org) and not org.startswith(label):
        return label + org
    return org


def title_is_unit_post(title: str, org: str) -> bool:
    """A post a line's leading unit applies to: a unit's post (局長, 庶務議事課長), not a head of
    the body (市長) nor a council seat."""
    return title not in ("議員",) and not re.fullmatch(r"(?:副)?[市区町村]長|(?:副)?知事|議長|副議長", title)


def _under_department(above: str, unit: str) -> str:
    """``同財政課長`` under ``企画部長``'s row: the 財政課 of the 部 above."""
    cut = re.search(r"^.*?(?:局|部|本部)", above)
    return (cut.group(0) if cut else "") + unit


def _read_line(line: str, base: int):
    """(leading unit label, cells) of a list line, or None when the line is not one."""
    if "。" in line or len(line.strip()) < 3:
        return None
    cells: list = []
    label = ""
    spans = _cells(line)
    if any(_HONORIFIC_END.search(c) or _PUNCT.search(c) for _, c in spans):
        return None  # 今村 剛 氏, 担当：…: the honorific and contact finders read these
    for k, (s, cell) in enumerate(spans):
        read = _read_cell(cell, base + s)
        if read is None and k == 0 and len(spans) > 1 and _is_label(cell):
            label = cell if is_org_unit(cell) and org_suffix_at_end(cell) and not _NOT_A_UNIT.search(cell) else ""
            continue
        if read is None:
            return None
        cells.extend(read)
    return (label, cells) if cells else None


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
    if _SEAT.fullmatch(cell):
        return [_Post("議員", "", start)]
    if cell == _SAME:
        return [_Post("", "", start, same=True)]
    paren = _POST_PAREN_NAME.fullmatch(cell)
    if paren:
        post = _post(paren.group("post"), start)
        if post is None:
            return None
        name = paren.group("name")
        return [post, _Name("".join(name.split()), start + paren.start("name"), start + paren.end("name"))]
    post = _post(cell, start)
    if post is not None:
        return [post]
    if (
        re.fullmatch(f"[{KANJI}{HIRA}{KATA}]{{1,{_MAX_NAME}}}", cell) and title_core_pattern().search(cell) is None
        and (len(cell) <= 2 or _plausible_name(cell))
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
    if post is None or _has_person_token(core[:2]) and not split_post(core[:2]):
        return None
    return _Post(post.title, post.organization, start, same=same)


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
    lead = _post(first, start) if not _has_person_token(first[:2]) else None
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
        if lead is None and not rest:
            return None
        out.append(_Name(tail, start + pos, start + len(cell)))
    return out
