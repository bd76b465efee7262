"""A table read one cell a line between rule lines (``|``), as extractors give a ruled
table of names and posts: each person a letter-spaced name cell, then the post's cell, the post
wrapped over lines (``建 設 部 長`` / ``兼 水 道 部 長``, ``監 査 委 員`` / ``事 務 局 長``)::

    ◎説明のため出席した者の職氏名
    |
    土 田 正 剛
    |
    市 長
    |
    |
    元 木 正 史
    |
    教 育 長

The layout's evidence is the order: under the heading the first cell is a name and names and
posts alternate (three pairs at least). A cell that is a section heading (``◎事務局職員出席者職氏名``)
starts another run, its unit the staff's. A post's lines from one starting with 兼/併 on are a
second post (the first is held).
"""
from __future__ import annotations

import re

from pipeline.extractors.titles import split_post
from pipeline.extractors.officials.grammar import HIRA, KANJI, KATA, Mention, lines_at
from pipeline.extractors.officials.names import _has_person_token, _spaced_name_ok
from pipeline.extractors.officials.personnel import _first_post

_RULE_LINE = re.compile(r"[ \t\u3000]*[|｜│┃][ \t\u3000]*")
_NAME_CELL = re.compile(rf"[{KANJI}]{{1,4}}(?:[ \t\u3000]+[{KANJI}{HIRA}{KATA}]{{1,4}}){{1,5}}")
_JOINED_NAME_CELL = re.compile(rf"[{KANJI}]{{2,6}}|[{KANJI}]{{1,3}}[{HIRA}]{{2,3}}")
_MIN_PAIRS = 3


def find_cell_table_mentions(text: str) -> list[Mention]:
    from pipeline.extractors.officials.attendance import _section_heading

    out: list[Mention] = []
    for table in _tables(text):
        section, run = "", []
        for cell in table:
            last = cell[-1:]
            heading = _section_heading(last[0][1])
            if heading is not None and _post_of(last) is None and _name_of(last) is None:
                out.extend(_pairs(run, section))
                section, run = heading, []
                continue
            run.append(cell)
        out.extend(_pairs(run, section))
    return out


def _tables(text: str) -> list[list[list[tuple[int, str]]]]:
    """Runs of cells (each a list of (offset, line)) parted by rule lines; a table needs a rule
    line between every two cells."""
    tables: list[list[list[tuple[int, str]]]] = []
    cells: list[list[tuple[int, str]]] = []
    cell: list[tuple[int, str]] = []
    for pos, line in lines_at(text):
        if _RULE_LINE.fullmatch(line):
            if cell:
                cells.append(cell)
            cell = []
        elif line.strip():
            cell.append((pos, line))  # a cell's lines: the post wrapped
        else:
            if cells or cell:
                tables.append(cells + ([cell] if cell else []))
            cells, cell = [], []
    if cells or cell:
        tables.append(cells + ([cell] if cell else []))
    return [t for t in tables if len(t) >= 2 * _MIN_PAIRS]


def _name_of(cell: list[tuple[int, str]]) -> str | None:
    if len(cell) != 1:
        return None
    line = cell[0][1].strip()
    spaced = _NAME_CELL.fullmatch(line) and _spaced_name_ok(line)
    if not spaced and not (_JOINED_NAME_CELL.fullmatch(line) and _has_person_token(line)):
        return None  # 柴田昇: the letter spacing closed up by normalizing, a person's name still
    name = "".join(line.split())
    return name if split_post(name) is None else None


def _post_of(cell: list[tuple[int, str]]) -> tuple[str, str] | None:
    """The cell's lines joined; _first_post keeps the post before 兼/併 (the line the second starts)."""
    return _first_post("".join("".join(line.split()) for _, line in cell))


def _pairs(run: list[list[tuple[int, str]]], section: str) -> list[Mention]:
    """name, post, name, post …: the run read so when its first cell is a name and it alternates."""
    pairs = []
    for name_cell, post_cell in zip(run[::2], run[1::2]):
        name, post = _name_of(name_cell), _post_of(post_cell)
        if name is None or post is None:
            break
        pairs.append((name, post, name_cell[0][0], post_cell[-1][0] + len(post_cell[-1][1])))
    if len(pairs) < _MIN_PAIRS and not (section and pairs):
        return []
    out = []
    for name, (org, title), start, end in pairs:
        if section and not org:
            org = section
        out.append(Mention(name, title, org, start, end, start, True, "cells"))
    return out
