"""``pipeline.extract`` is a plain function; the extractors are the package ``pipeline.extractors``."""
import inspect
import types

import pipeline
import pipeline.extractors


def test_extract_is_a_function_not_a_package():
    assert inspect.isfunction(pipeline.extract)
    assert "text" in inspect.signature(pipeline.extract).parameters
    assert "dict of DataFrames" in pipeline.extract.__doc__


def test_extractors_is_an_ordinary_package():
    assert type(pipeline.extractors) is types.ModuleType
    assert [m.NAME for m in pipeline.extractors.registered()] == [
        "dates", "products", "officials", "figures", "entities"]
