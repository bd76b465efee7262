"""Japanese reports into tables: ingest → normalize → analyze → extract → store.

Python API for notebooks:

    import pipeline
    tables = pipeline.extract("大阪市 ICT戦略室 担当係長 山本早紀氏は…")  # dict of DataFrames
    con = pipeline.open("output")  # DuckDB connection with the tables and views

The extractors themselves live in the package ``pipeline.extractors``.
"""
__version__ = "0.1.0"


def extract(text: str, doc_id: str = "text"):
    """Every table for one text, as a dict of DataFrames (officials, products, dates,
    figures, entities, sentences, tokens)."""
    from pipeline.process import extract_tables

    return extract_tables(text, doc_id)


def open(out_dir):  # noqa: A001 - the name analysts expect
    """A DuckDB connection to ``out_dir/pipeline.duckdb`` with the cross-document views."""
    from pipeline.api import open as _open

    return _open(out_dir)
