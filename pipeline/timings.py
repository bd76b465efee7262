"""CPU seconds per phase of a run, in this process (read by ``scripts/bench.py --profile``).

The stages add their own time under a phase name (``ingest``, ``normalize``, ``ginza`` …)
with ``phase(name)`` or ``timed(name, iterator)``; the cost is one clock read at each end.
Worker processes keep their own counts: the profile is taken with ``--workers 1``.
"""
from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TypeVar

T = TypeVar("T")

PHASES: Counter = Counter()  # phase name -> CPU seconds of this process


@contextmanager
def phase(name: str) -> Iterator[None]:
    started = time.process_time()
    try:
        yield
    finally:
        PHASES[name] += time.process_time() - started


def timed(name: str, items: Iterator[T]) -> Iterator[T]:
    """``items``, the time spent producing each one counted under ``name``."""
    while True:
        started = time.process_time()
        try:
            item = next(items)
        except StopIteration:
            PHASES[name] += time.process_time() - started
            return
        PHASES[name] += time.process_time() - started
        yield item
