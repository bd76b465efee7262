"""Damage-invariance harness: letter-space real documents the way PDF text extractors do.

pypdf and pdftotext often write Japanese with a space after every character
(``総 務 部 長 　 山 田 太 郎``, ``４ 月 １ ８ 日 に``). This script writes reproducible damaged
copies of a document set (same file names), so the pipeline can be run on the clean and the
damaged copies and both scored against the same gold with ``python -m pipeline eval`` (it
compares by value: official names, date values, figure values and units, never quotes).

Transforms (``--mode``):

- ``all``: every line is letter-spaced; a space already in the line becomes a wider gap.
- ``lists``: only the lines of list blocks (three or more short lines in a row without a
  sentence end: rosters, attendance lists, tables) are letter-spaced.
- ``names``: only the officials' names are spaced inside (``山 田 　 太 郎``); the names are
  taken from the gold files (``--gold``), which only locates them, it is no tuning.
- ``columns``: like ``lists``, and every two lines of a list block are flattened onto one
  line with a wide gap (two columns of a roster read across).

Usage:
    python scripts/damage.py tests/data/real/dev/docs /tmp/damaged --mode all [--prefixes a,b,h]
"""
from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

_SENTENCE_END = re.compile(r"[。．.]\s*$")
_LIST_LINE_MAX = 40


def space_line(line: str) -> str:
    """A space after every character but the last; existing spaces become wider gaps."""
    return " ".join(line) if line.strip() else line


def _is_list_line(line: str) -> bool:
    s = line.strip()
    return 0 < len(s) <= _LIST_LINE_MAX and not _SENTENCE_END.search(s)


def list_blocks(lines: list[str]) -> list[tuple[int, int]]:
    """[start, end) of runs of three or more list-like lines."""
    blocks, i = [], 0
    while i < len(lines):
        if not _is_list_line(lines[i]):
            i += 1
            continue
        j = i
        while j < len(lines) and _is_list_line(lines[j]):
            j += 1
        if j - i >= 3:
            blocks.append((i, j))
        i = j
    return blocks


def damage_all(text: str) -> str:
    return "\n".join(space_line(line) for line in text.split("\n"))


def damage_lists(text: str, *, columns: bool = False) -> str:
    lines = text.split("\n")
    out: list[str] = []
    pos = 0
    for start, end in list_blocks(lines):
        out.extend(lines[pos:start])
        block = [space_line(line) for line in lines[start:end]]
        if columns:
            block = ["   " .join(block[k:k + 2]) for k in range(0, len(block), 2)]
        out.extend(block)
        pos = end
    out.extend(lines[pos:])
    return "\n".join(out)


def _name_pattern(name: str) -> re.Pattern:
    chars = [re.escape(c) for c in name if not c.isspace()]
    return re.compile("[ 　]*".join(chars))


def damage_names(text: str, names: list[str]) -> str:
    for name in sorted(set(names), key=len, reverse=True):
        if len(name.replace(" ", "")) < 2:
            continue
        text = _name_pattern(name).sub(lambda m: space_name(m.group()), text)
    return text


def space_name(written: str) -> str:
    """``山田　太郎`` -> ``山 田 　 太 郎``; a name already spaced out (``吉　田　崇　仁``) -> ``吉 田 崇 仁``."""
    parts = re.split(r"[ 　]+", written)
    if all(len(p) == 1 for p in parts):
        return " ".join(parts)
    return " 　 ".join(" ".join(p) for p in parts)


def gold_names(gold_dir: Path, doc_name: str) -> list[str]:
    path = gold_dir / (Path(doc_name).stem + ".json")
    if not path.exists():
        return []
    gold = json.loads(path.read_text(encoding="utf-8"))
    return [o["name"] for o in gold.get("officials", []) if o.get("name")]


def damage(text: str, mode: str, names: list[str] | None = None) -> str:
    if mode == "all":
        return damage_all(text)
    if mode == "lists":
        return damage_lists(text)
    if mode == "columns":
        return damage_lists(text, columns=True)
    if mode == "names":
        return damage_names(text, names or [])
    raise ValueError(f"unknown mode {mode}")


def compare(clean: str, damaged: str) -> list[tuple[str, str]]:
    """Lines where the normalized damaged text differs from the normalized clean text."""
    import difflib

    from pipeline.normalize import normalize

    a, b = normalize(clean).text.split("\n"), normalize(damaged).text.split("\n")
    pairs = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op != "equal":
            pairs.append(("\n".join(a[i1:i2]), "\n".join(b[j1:j2])))
    return pairs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("docs", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--mode", choices=("all", "lists", "names", "columns"), default="all")
    parser.add_argument("--prefixes", default="", help="comma-separated set letters (a,b,h); default all")
    parser.add_argument("--gold", type=Path, default=None, help="gold dir (for --mode names)")
    parser.add_argument("--compare", action="store_true",
                        help="write nothing; print where normalize(damaged) differs from normalize(clean)")
    parser.add_argument("--show", type=int, default=3, help="differences shown per document (--compare)")
    args = parser.parse_args()
    prefixes = tuple(f"{p}_" for p in args.prefixes.split(",") if p)
    gold_dir = args.gold or args.docs.parent / "gold"
    if not args.compare:
        args.out.mkdir(parents=True, exist_ok=True)
    for path in sorted(args.docs.glob("*.txt")):
        if prefixes and not path.name.startswith(prefixes):
            continue
        text = path.read_text(encoding="utf-8")
        names = gold_names(gold_dir, path.name) if args.mode == "names" else None
        damaged = damage(text, args.mode, names)
        if args.compare:
            diffs = compare(text, damaged)
            print(f"{path.name}: {len(diffs)} differing stretches")
            for clean_part, damaged_part in diffs[: args.show]:
                print(f"  clean:   {clean_part[:150]!r}\n  damaged: {damaged_part[:150]!r}")
            continue
        (args.out / path.name).write_text(damaged, encoding="utf-8")


if __name__ == "__main__":
    main()
