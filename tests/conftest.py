"""Shared fixtures. Tests that need ../shared skip cleanly when it is absent."""
from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not (SHARED / "gold").is_dir():
        pytest.skip("../shared is not beside the repository")
    return SHARED


@pytest.fixture(scope="session")
def ginza():
    """The GiNZA pipeline, loaded once per test session."""
    from pipeline.analyze import nlp

    return nlp()


@pytest.fixture(scope="session")
def make_context():
    """Build a DocContext from raw text, optionally with the full analysis (loads GiNZA)."""
    from pipeline.analyze import analyze
    from pipeline.extractors import DocContext
    from pipeline.normalize import normalize

    def make(text: str, *, analysis: bool = False, doc_date: str | None = None, doc_id: str = "t"):
        norm = normalize(text)
        return DocContext(doc_id, norm, analyze(norm.text) if analysis else None, doc_date)

    return make
