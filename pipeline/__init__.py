"""Japanese reports into tables: ingest → normalize → analyze → extract → store.

Python API for notebooks:

    import pipeline
    tables = pipeline.extract("大阪市 ICT戦略室 担当係長 山本早紀氏は…")  # dict of DataFrames
    con = pipeline.open("output")  # DuckDB connection with the tables and views

``pipeline.extract`` is also the package of extractors (``pipeline/extract/``): the
package module is callable, so both uses work.
"""
__version__ = "0.1.0"


def open(out_dir):  # noqa: A001 - the name analysts expect
    """A DuckDB connection to ``out_dir/pipeline.duckdb`` with the cross-document views."""
    from pipeline.api import open as _open

    return _open(out_dir)


def __getattr__(name):
    # ``pipeline.extract`` without importing it first: load the (callable) subpackage.
    if name == "extract":
        import importlib

        return importlib.import_module("pipeline.extract")
    raise AttributeError(f"module 'pipeline' has no attribute {name!r}")
