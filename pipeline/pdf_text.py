r"""Text of a PDF page in reading order.

pypdf's plain extraction follows the content stream, so a table drawn column by column
(Excel exports: 議決結果一覧表, 予算書, 名簿) comes out one cell per line in drawing order, and
a name written down a header cell (荒/井/秀/行) one character per line among its
neighbours. A page laid out as a table or list (``_is_tabular``: many lines of two or more
cells, short cells) is therefore read from pypdf's layout-mode text runs:

1. single characters stacked in one column with no close horizontal neighbour (縦書き header
   cells, 市長提出議案 down a side label) become one word; a stack of marks only (○ × 〇 in
   tight table rows) does not;
2. runs are grouped into lines by their y position (pypdf's grouping) and joined left to
   right, a gap between runs written as spaces in proportion to its width (so a table
   row stays one line with its cells apart, ``\S {2,}\S``).

Any other page (prose; a two-column page, whose lines are two long cells) is read in plain
mode, which keeps the stream's order, right for columns of prose; so is a page whose layout
runs overlap (a font layout mode cannot measure puts runs at wrong positions) or whose
layout reading loses text (rotated text, which layout mode skips).

On both, spaces the extractor put between single Japanese characters that the PDF merely
placed apart (per-character positioning, justified or 均等割付 lines: ``４ 月 １ ８ 日``) are
dropped (``join_spread_characters``): Japanese has no spaces between words, and a real gap
in the source is a full-width space glyph or a wide one, which stays.

Lines repeated at the top or bottom of every page (running headers, footers) are kept on
the first page only, and bare page numbers there (``- 3 -``, ``３``) are dropped:
``page_texts_without_running_lines``.

pypdf's layout internals (``pypdf._text_extraction._layout_mode``) are used as pinned in
pyproject.toml; any exception there falls back to plain extraction.
"""
from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Sequence

# Stacked glyphs: the next character is at most this many font heights lower ...
_STACK_MAX_STEP = 1.6
# ... and its x differs by less than this fraction of the font height.
_STACK_X_TOLERANCE = 0.35
# A glyph with a run on its line closer than this many font heights is part of a
# horizontal line of text, not a vertical cell.
_ISOLATION_GAP = 1.0
# Gaps between runs narrower than this many font sizes are no space (a run split by the
# writer); between two Japanese characters, gaps narrower than half a font size are no
# space either (letter spacing); wider gaps are spaces in proportion, at most this many.
_JOIN_GAP = 0.3
_CJK_JOIN_GAP = 0.5
# Runs closer than this many font sizes are one table cell.
_CELL_GAP = 1.0
_MAX_GAP_SPACES = 12
# A page is a table (read by position) when this share of its lines has 2+ cells and the
# median cell is at most this many characters; and not when more than this share of
# neighbouring runs overlap (positions layout mode got wrong).
_TABLE_MIN_SHARE = 0.3
_TABLE_MAX_CELL = 16
_MAX_OVERLAP_SHARE = 0.1
# A page read in layout mode must keep this share of the characters plain mode finds.
_MIN_LAYOUT_SHARE = 0.9
# Running header/footer: among the first/last lines of a page, on at least this share
# of the pages (and two pages at least).
_EDGE_LINES = 4
_RUNNING_SHARE = 0.6

_CJK = r"\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff60\u25a0-\u25ff"
_CJK_CHAR = re.compile(f"[{_CJK}]")
# Characters of words (kana, kanji, letters, digits), not marks (○ × △, and 〇 U+3007).
_WORD_CHAR = re.compile(r"[\u3041-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
                        r"A-Za-z0-9\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")
_PAGE_NUMBER = re.compile(r"^[\s\-－ー―‐–—・(（\[［]*(?:[pPＰｐ][.．]?\s*)?[0-9０-９]{1,4}"
                          r"(?:\s*[/／]\s*[0-9０-９]{1,4})?[\s\-－ー―‐–—・)）\]］]*$")
_DIGITS = re.compile(r"[0-9０-９]+")


def page_text(page) -> str:
    """The text of one pypdf page (see the module docstring): a page laid out as a table
    or list is read from its positions, any other page (prose, which plain extraction
    reads in stream order, right for two-column text too) in plain mode."""
    plain = _plain_text(page)
    try:
        runs = _layout_runs(page)
    except Exception:  # a content stream layout mode cannot follow: plain is still text
        return plain
    lines = _layout_mode_lines(runs) if runs else {}
    if not _is_tabular(lines) or _has_misplaced_runs(lines):
        return plain
    layout = _render_lines(_stack_vertical_runs(runs))
    if _visible_count(layout) < _MIN_LAYOUT_SHARE * _visible_count(plain):
        return plain
    return layout


def _plain_text(page) -> str:
    text = page.extract_text() or ""
    return "\n".join(join_spread_characters(line.rstrip()) for line in text.split("\n"))


def page_texts_without_running_lines(pages: Sequence[str]) -> list[str]:
    """Pages with running headers/footers kept on the first page only and bare page
    numbers at the top or bottom dropped; a one-page document is unchanged."""
    if len(pages) < 2:
        return list(pages)
    split = [p.split("\n") for p in pages]
    running = _running_keys(split)
    seen: set[str] = set()
    out = []
    for lines in split:
        edges = _edge_indexes(lines)
        kept = []
        for i, line in enumerate(lines):
            if i in edges and _PAGE_NUMBER.match(line) and line.strip():
                continue
            key = _line_key(line)
            if i in edges and key in running:
                if key in seen:
                    continue
                seen.add(key)
            kept.append(line)
        if not any(line.strip() for line in kept):
            kept = lines  # a page that is nothing but such lines: they are its text
        out.append("\n".join(kept).strip("\n"))
    return out


def join_spread_characters(line: str) -> str:
    """``令 和 ７ 年`` -> ``令和７年``, ``第 ２ 号 専決処分`` -> ``第２号専決処分``: in a chain of
    three or more tokens joined by single spaces between Japanese characters, mostly single
    characters, the spaces are the extractor's (or the writer's 均等割付), not word breaks.
    A double space is a cell gap and ends a chain."""
    parts = re.split(r"( +)", line)
    out: list[str] = []
    chain = [parts[0]]
    for sep, token in zip(parts[1::2], parts[2::2]):
        if sep == " " and token and chain[-1] and _is_cjk(chain[-1][-1]) and _is_cjk(token[0]):
            chain.append(token)
            continue
        out.append(_joined_chain(chain))
        out.append(sep)
        chain = [token]
    out.append(_joined_chain(chain))
    return "".join(out)


def _joined_chain(tokens: list[str]) -> str:
    singles = sum(1 for t in tokens if len(t) == 1)
    if len(tokens) >= 3 and singles >= 2 and singles * 2 >= len(tokens):
        return "".join(tokens)
    return " ".join(tokens)


# --- layout runs ------------------------------------------------------------------------

def _layout_runs(page) -> list[dict]:
    """pypdf's layout-mode text runs (BTGroups: tx, ty, font_height, text, displaced_tx)."""
    from pypdf._text_extraction import _layout_mode
    from pypdf.generic import ContentStream

    contents = page.get_contents()
    if contents is None:
        return []
    fonts = page._layout_mode_fonts()
    ops = iter(ContentStream(contents, page.pdf, "bytes").operations)
    return [r for r in _layout_mode.text_show_operations(ops, fonts, True, None) if r["text"]]


def _stack_vertical_runs(runs: list[dict]) -> list[dict]:
    """Single characters stacked in one column (each alone on its line) as one run."""
    by_y = sorted((r["ty"], i) for i, r in enumerate(runs))
    singles = [i for i, r in enumerate(runs) if len(r["text"]) == 1 and _isolated(i, runs, by_y)]
    chains: list[list[int]] = []
    open_chain: dict[int, list[int]] = {}
    for i in sorted(singles, key=lambda i: -runs[i]["ty"] * runs[i]["flip_sort"]):
        run = runs[i]
        key = round(run["tx"])
        chain = next((open_chain[k] for k in (key, key - 1, key + 1)
                      if k in open_chain and _stacks_below(runs[open_chain[k][-1]], run)), None)
        if chain is None:
            chain = [i]
            chains.append(chain)
        else:
            chain.append(i)
            open_chain.pop(round(runs[chain[-2]]["tx"]), None)
        open_chain[key] = chain
    merged: dict[int, dict] = {}
    dropped: set[int] = set()
    for chain in chains:
        if sum(1 for i in chain if runs[i]["text"].strip()) < 2:
            continue
        if not any(_WORD_CHAR.match(runs[i]["text"]) for i in chain):
            continue  # ○ × 〇 cells of tight table rows, not a word written downwards
        head = runs[chain[0]]
        merged[chain[0]] = dict(head, text="".join(runs[i]["text"] for i in chain),
                                displaced_tx=max(runs[i]["displaced_tx"] for i in chain))
        dropped.update(chain[1:])
    out = [merged.get(i, r) for i, r in enumerate(runs) if i not in dropped]
    return sorted(out, key=lambda r: (r["ty"] * r["flip_sort"], -r["tx"]), reverse=True)


def _isolated(i: int, runs: list[dict], by_y: list[tuple[float, int]]) -> bool:
    """No other run on the same line within ``_ISOLATION_GAP`` font heights."""
    run = runs[i]
    fh = run["font_height"] or 1.0
    for j in _same_line(i, runs, by_y):
        other = runs[j]
        gap = max(other["tx"] - run["displaced_tx"], run["tx"] - other["displaced_tx"])
        if gap < _ISOLATION_GAP * fh:
            return False
    return True


def _same_line(i: int, runs: list[dict], by_y: list[tuple[float, int]]) -> list[int]:
    run = runs[i]
    half = 0.5 * (run["font_height"] or 1.0)
    lo = bisect.bisect_left(by_y, (run["ty"] - half, -1))
    hi = bisect.bisect_right(by_y, (run["ty"] + half, len(runs)))
    return [j for _, j in by_y[lo:hi] if j != i]


def _stacks_below(upper: dict, lower: dict) -> bool:
    fh = upper["font_height"] or 1.0
    step = (upper["ty"] - lower["ty"]) * upper["flip_sort"]
    return 0.5 * fh < step <= _STACK_MAX_STEP * fh and abs(upper["tx"] - lower["tx"]) < _STACK_X_TOLERANCE * fh


# --- lines ------------------------------------------------------------------------------

def _render_lines(runs: list[dict]) -> str:
    from pypdf._text_extraction import _layout_mode

    char_width = _layout_mode.fixed_char_width(runs) or 1.0
    lines = []
    last_y = None
    for y, line_runs in _layout_mode.y_coordinate_groups(runs).items():
        fh = line_runs[0]["font_height"] or 1.0
        if last_y is not None and abs(last_y - y) > 2.2 * fh:
            lines.append("")
        lines.append(join_spread_characters(_join_runs(line_runs, char_width)))
        last_y = y
    return "\n".join(lines).strip("\n")


def _join_runs(line_runs: list[dict], char_width: float) -> str:
    parts: list[str] = []
    prev = None
    for run in sorted(line_runs, key=lambda r: r["tx"]):
        text = run["text"].strip(" ")
        if not text:
            continue
        if prev is not None:
            parts.append(" " * _gap_spaces(prev, run, parts[-1][-1], text[0], char_width))
        parts.append(text)
        prev = run
    return "".join(parts).rstrip()


def _gap_spaces(prev: dict, run: dict, left: str, right: str, char_width: float) -> int:
    size = run["font_size"] or run["font_height"] or 1.0
    gap = run["tx"] - prev["displaced_tx"]
    if gap < -_JOIN_GAP * size:  # overlapping runs: two lines of a cell merged into one line
        return 1
    if gap < _JOIN_GAP * size:
        return 0
    if gap < _CJK_JOIN_GAP * size and _is_cjk(left) and _is_cjk(right):
        return 0
    return min(_MAX_GAP_SPACES, max(1, round(gap / char_width)))


def _is_cjk(ch: str) -> bool:
    return bool(_CJK_CHAR.match(ch))


def _visible_count(text: str) -> int:
    return sum(1 for ch in text if not ch.isspace())


def _layout_mode_lines(runs: list[dict]) -> dict:
    from pypdf._text_extraction import _layout_mode

    return _layout_mode.y_coordinate_groups(runs)


def _cells(line_runs: list[dict]) -> list[str]:
    """The line's runs as cells: runs closer than one font size are one cell."""
    cells: list[str] = []
    prev = None
    for run in sorted(line_runs, key=lambda r: r["tx"]):
        size = run["font_size"] or run["font_height"] or 1.0
        if prev is not None and run["tx"] - prev["displaced_tx"] < _CELL_GAP * size:
            cells[-1] += run["text"].strip()
        elif run["text"].strip():
            cells.append(run["text"].strip())
        prev = run
    return cells


def _is_tabular(lines: dict) -> bool:
    """A table or list page: many lines of two or more cells, and short cells (the lines
    of a two-column page are two long cells)."""
    split = [_cells(runs) for runs in lines.values()]
    split = [cells for cells in split if cells]
    multi = [cells for cells in split if len(cells) >= 2]
    if not split or len(multi) < _TABLE_MIN_SHARE * len(split):
        return False
    lengths = sorted(len(c) for cells in multi for c in cells)
    return lengths[len(lengths) // 2] <= _TABLE_MAX_CELL


def _has_misplaced_runs(lines: dict) -> bool:
    """Runs of one line drawn over each other: layout mode could not measure the font
    (its positions are wrong, plain extraction keeps the order)."""
    overlaps = total = 0
    for line_runs in lines.values():
        ordered = sorted(line_runs, key=lambda r: r["tx"])
        for prev, run in zip(ordered, ordered[1:]):
            total += 1
            size = run["font_size"] or run["font_height"] or 1.0
            overlaps += prev["displaced_tx"] - run["tx"] > _CELL_GAP * size
    return total > 0 and overlaps > _MAX_OVERLAP_SHARE * total


# --- running headers and footers ---------------------------------------------------------

def _edge_indexes(lines: list[str]) -> set[int]:
    filled = [i for i, line in enumerate(lines) if line.strip()]
    return set(filled[:_EDGE_LINES] + filled[-_EDGE_LINES:])


def _line_key(line: str) -> str:
    """A line compared across pages: spacing and numbers (page numbers, dates) ignored."""
    return _DIGITS.sub("#", re.sub(r"\s+", "", line))


def _running_keys(pages: list[list[str]]) -> set[str]:
    counts: Counter[str] = Counter()
    for lines in pages:
        counts.update({_line_key(lines[i]) for i in _edge_indexes(lines)})
    need = max(2, _RUNNING_SHARE * len(pages))
    return {key for key, n in counts.items() if n >= need and len(key) >= 2}
