# Two commands: `make run` and `make test`. Both create .venv when missing.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
INPUT ?= raw
OUT ?= output

.PHONY: run test bench eval report clean setup notebook serve

setup: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test,dask]'
	touch $(STAMP)

run: $(STAMP)
	$(PY) -m pipeline run $(INPUT) --out $(OUT)

test: $(STAMP)
	$(PY) -m pytest -q

bench: $(STAMP)
	$(PY) -m pip install --quiet -e '.[bench]' || echo "bench: the peers' packages did not install; their run will be skipped"
	$(PY) scripts/bench.py --accuracy --rerun-docs 1000

report: $(STAMP)
	$(PY) -m pipeline report --out $(OUT)

# JupyterLab on notebooks/analysis.ipynb over $(OUT) (installs the optional `notebook` extra).
notebook: $(STAMP)
	$(PY) -m pip install --quiet -e '.[notebook]'
	cd notebooks && PIPELINE_OUT=$(abspath $(OUT)) ../$(PY) -m jupyter lab analysis.ipynb

# Datasette on 127.0.0.1 over $(OUT)/pipeline.sqlite.
serve: $(STAMP)
	$(PY) -m pipeline serve --out $(OUT)

clean:
	rm -rf $(OUT) .pytest_cache
