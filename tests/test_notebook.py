"""notebooks/analysis.ipynb runs top to bottom on the hand-made store."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.analyst.store import build_store

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "analysis.ipynb"


def test_japanese_font_ships_in_a_package():
    pytest.importorskip("matplotlib_fontja")
    import matplotlib
    from matplotlib import font_manager

    from pipeline.api import use_japanese_font

    assert use_japanese_font() == "IPAexGothic"
    path = Path(font_manager.findfont(font_manager.FontProperties(family=matplotlib.rcParams["font.family"])))
    assert "matplotlib_fontja" in path.parts  # the package's file, not a system font


def test_notebook_runs(tmp_path, monkeypatch):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    pytest.importorskip("matplotlib")
    monkeypatch.setenv("PIPELINE_OUT", str(build_store(tmp_path / "out")))
    monkeypatch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")

    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(nb, timeout=120, kernel_name="python3",
                                     resources={"metadata": {"path": str(NOTEBOOK.parent)}})
    client.execute()

    outputs = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.get("outputs", [])]
    assert not [o for o in outputs if o.output_type == "error"]
    text = "\n".join(str(o.get("text", "")) + str(o.get("data", {}).get("text/plain", "")) for o in outputs)
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    assert len(images) >= 3  # adoption matrix, figures per year, money per body
    assert "鈴木一郎" in text and "山田太郎" in text  # the conflict
    assert "LINE WORKS" in text  # the adoption matrix
    assert "IPAexGothic" in text
    assert "missing from font" not in text  # no box glyphs in the plots
