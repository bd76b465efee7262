"""process_documents: many documents through the flow in one batch, one result each."""
from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.ingest import read_documents
from pipeline.process import process_document, process_documents

pytestmark = pytest.mark.slow

TEXTS = {
    "a.txt": "大阪市 ICT戦略室 担当係長 山本早紀氏は、Microsoft Teamsを約1,500人が使うと話した。\n",
    "b.txt": "令和2年度に京都府はkintoneを導入し、職員3,500人が利用している。\n",
    "empty.txt": "",
}


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    for name, text in TEXTS.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def _summary(result) -> tuple:
    src, rows = result
    return src.path, src.status, {name: len(r) for name, r in rows.items()}


def test_a_batch_equals_one_document_at_a_time(folder: Path) -> None:
    paths = sorted(folder.iterdir())
    batch = process_documents(paths)
    alone = [process_document(next(read_documents(p))) for p in paths]
    assert [_summary(r) for r in batch] == [_summary(r) for r in alone]
    assert [r.rows for r in batch] == [r.rows for r in alone]


@pytest.mark.parametrize("name, status, table, at_least", [
    ("a.txt", "ok", "officials", 1),
    ("a.txt", "ok", "products", 1),
    ("b.txt", "ok", "figures", 1),
    ("empty.txt", "error", "documents", 1),
])
def test_each_document_gets_its_rows(folder: Path, name: str, status: str, table: str, at_least: int) -> None:
    results = {Path(r.source.path).name: r for r in process_documents([folder / n for n in TEXTS])}
    assert results[name].source.status == status
    assert len(results[name].rows.get(table, [])) >= at_least
