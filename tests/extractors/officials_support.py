"""What the officials extractor finds in a text, for the officials test tables."""
from __future__ import annotations

from pipeline.extractors import officials


def found_officials(make_context, text: str, analysis: bool = False) -> dict[str, tuple[str, str]]:
    """name -> (title, organization); every row must quote its original text."""
    ctx = make_context(text, analysis=analysis)
    rows = officials.extract(ctx, {})
    for r in rows:
        assert ctx.norm.original[r.start:r.end] == r.text
    return {r.name: (r.title, r.organization) for r in rows}
