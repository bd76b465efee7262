"""Vote tables: the members named in the header row of a council's 賛否 table.

Councils publish how each member voted (議決結果一覧表, 議員別賛否一覧, 表決結果) as a table
whose header row lists the members' names, one column each, with a mark per bill below::

    区分  番号  案件名  議決結果    山田太郎    川上 実    森 花子 …
    第１号 令和６年度…一般会計予算   原案可決    ○    議長    × …

The normalized text keeps one space between cells, the same space a short name is padded with
(``永井　章`` → ``永井 章``), so the row is read as words: a family name of one or two characters
(three before a one-character given name) joins the word after it; a longer word is a name on
its own. The table is recognised by its layout:

- a **name row**: three or more neighbouring cells that are each a person's name (fugashi
  marks a 人名 token, or the cell is a spaced ``姓 名``), edged by no common-noun header cells;
- **vote evidence**: a vote-table word (賛否, 議決, 表決, 採決, 賛成, 反対, 会派) on the row or the
  few lines above it, or a row below whose last cells are marks (``pipeline/rules/vote_marks.tsv``)
  as many as the names.

Every name is a council member, ``議員``; the member whose column says 議長 in most rows that
line up with the header is ``議長``. The organization stays empty (the convention for members).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline.extractors.organizations import read_rule_column
from pipeline.rules import rule_rows
from pipeline.extractors.officials.grammar import HIRA, NAME_CHAR, Mention, lines_at
from pipeline.extractors.officials.names import (
    _common_noun,
    _has_person_token,
    _plausible_name,
    _spaced_name_ok,
    normalize_name,
)

LAYOUT = "votes"
_MIN_NAMES = 3
_CUE = re.compile(r"賛否|議決|表決|採決|賛成|反対|会派")
_CUE_REACH = 8  # lines above the name row where the table's title or legend stands
_ROW_REACH = 400  # lines below the name row read for the chair's column
_CELL_GAP = re.compile(r"[ \t\u3000|│┃｜]+")
_SPACED_NAME = re.compile(rf"{NAME_CHAR}{{1,4}} {NAME_CHAR}{{1,5}}")


@dataclass(frozen=True)
class Cell:
    text: str
    start: int  # offset in the document
    end: int


@dataclass(frozen=True)
class NameRow:
    line_no: int
    names: tuple[Cell, ...]


@lru_cache(maxsize=1)
def vote_marks() -> frozenset[str]:
    return frozenset(read_rule_column("vote_marks.tsv"))


@lru_cache(maxsize=1)
def _chair_marks() -> frozenset[str]:
    """The marks vote_marks.tsv reads as the chair's column (議長, 議)."""
    return frozenset(r[0] for r in rule_rows("vote_marks.tsv") if len(r) > 1 and r[1] == "議長")


def find_vote_table_mentions(text: str) -> list[Mention]:
    lines = lines_at(text)
    out: list[Mention] = []
    rows = _name_rows(lines)
    for k, row in enumerate(rows):
        stop = min(row.line_no + 1 + _ROW_REACH, rows[k + 1].line_no if k + 1 < len(rows) else len(lines))
        below = lines[row.line_no + 1: stop]  # the rows up to the next header (a table per page)
        columns = _mark_columns(below, len(row.names))
        if not (_has_cue(lines, row.line_no) or columns):
            continue
        chair = _chair_column(columns)
        out.extend(_mention(cell, "議長" if k == chair else "議員") for k, cell in enumerate(row.names))
    return out


def cells(line: str, base: int = 0) -> list[Cell]:
    """The cells of a table line: text between runs of spaces, tabs or table bars."""
    out, pos = [], 0
    for gap in _CELL_GAP.finditer(line):
        _add_cell(out, line, pos, gap.start(), base)
        pos = gap.end()
    _add_cell(out, line, pos, len(line), base)
    return out


def _add_cell(out: list[Cell], line: str, start: int, end: int, base: int) -> None:
    piece = line[start:end]
    stripped = piece.strip()
    if stripped:
        lead = start + len(piece) - len(piece.lstrip())
        out.append(Cell(stripped, base + lead, base + lead + len(stripped)))


def is_name_cell(text: str) -> bool:
    """A cell that is a person's name: not a header word (区分, 案件名, 議決結果), and named
    by fugashi (人名) or written as a spaced family and given name."""
    name = normalize_name(text)
    if not 2 <= len(name) <= 8 or re.fullmatch(f"[{HIRA}]+", name):
        return False
    if not _plausible_name(name) or _common_noun(name):
        return False
    if " " in text:
        return bool(_SPACED_NAME.fullmatch(text)) and _spaced_name_ok(text)
    return True


def _has_person_evidence(text: str) -> bool:
    return " " in text or _has_person_token(normalize_name(text))


def _name_rows(lines: list[tuple[int, str]]) -> list[NameRow]:
    rows = []
    for k, (base, line) in enumerate(lines):
        row = _longest_name_run(cells(line, base))
        if row:
            rows.append(NameRow(k, row))
    return rows


def _longest_name_run(row: list[Cell]) -> tuple[Cell, ...]:
    """The longest run of names on a line, trimmed to start and end on a name fugashi or the
    spacing marks as a person's; most of its names must be so marked."""
    best: tuple[Cell, ...] = ()
    run: list[Cell] = []
    k = 0
    while k <= len(row):
        name = _name_at(row, k) if k < len(row) else None
        if name is not None:
            run.append(name)
            k += 1 + (" " in name.text)
            continue
        trimmed = _trimmed(run)
        if len(trimmed) > len(best):
            best = trimmed
        run = []
        k += 1
    marked = sum(_has_person_evidence(c.text) for c in best)
    return best if len(best) >= _MIN_NAMES and marked * 3 >= len(best) * 2 else ()


def _name_at(row: list[Cell], k: int) -> Cell | None:
    """The name that starts at cell ``k``: a family and a given name set apart (``永井 章``,
    ``柊 康弘``, ``佐々木 聡`` — the short names a table pads to the width of the others), or one
    cell (``松本晶彦``)."""
    cell = row[k]
    nxt = row[k + 1] if k + 1 < len(row) else None
    if nxt is not None and _pairs(cell.text, nxt.text):
        return Cell(f"{cell.text} {nxt.text}", cell.start, nxt.end)
    return cell if is_name_cell(cell.text) else None


def _pairs(family: str, given: str) -> bool:
    short = len(family) <= 2 and len(given) <= 3 or len(family) == 3 and len(given) == 1
    return short and is_name_cell(f"{family} {given}")


def _trimmed(run: list[Cell]) -> tuple[Cell, ...]:
    k, j = 0, len(run)
    while k < j and not _has_person_evidence(run[k].text):
        k += 1
    while j > k and not _has_person_evidence(run[j - 1].text):
        j -= 1
    return tuple(run[k:j])


def _has_cue(lines: list[tuple[int, str]], line_no: int) -> bool:
    return any(_CUE.search(line) for _, line in lines[max(0, line_no - _CUE_REACH): line_no + 1])


def _mark_columns(below: list[tuple[int, str]], width: int) -> list[tuple[str, ...]]:
    """The vote rows under a name row: the last run of mark cells of each line, when it has as
    many cells as there are names (a count column after the marks ends the run)."""
    rows = []
    for base, line in below:
        run = _last_mark_run(cells(line, base))
        if len(run) == width:
            rows.append(run)
    return rows


def _last_mark_run(row: list[Cell]) -> tuple[str, ...]:
    marks = vote_marks()
    run: list[str] = []
    for cell in reversed(row):
        if cell.text in marks:
            run.append(cell.text)
        elif run:
            break
    return tuple(reversed(run))


def _chair_column(columns: list[tuple[str, ...]]) -> int | None:
    """The column that says 議長 in more than half the vote rows, if one does."""
    if not columns:
        return None
    width = len(columns[0])
    for k in range(width):
        chair = sum(row[k] in _chair_marks() for row in columns)
        if chair * 2 > len(columns):
            return k
    return None


def _mention(cell: Cell, title: str) -> Mention:
    return Mention(
        name=normalize_name(cell.text), title=title, organization="", start=cell.start, end=cell.end,
        name_start=cell.start, evidence=True, layout=LAYOUT,
    )


__all__ = ["LAYOUT", "cells", "find_vote_table_mentions", "is_name_cell", "vote_marks"]
