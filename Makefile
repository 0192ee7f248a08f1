# Two entry points on a fresh machine: `make demo` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
export HF_HUB_OFFLINE := 1

.PHONY: demo test install install-test bench clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/pip install -q -e '.[test,baselines]'
	bash scripts/install-browser.sh && $(BIN)/pip install -q -e '.[serve]'
	bash scripts/pg-test-server.sh install && $(BIN)/pip install -q -e '.[postgres,ray]'
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

demo: install
	$(BIN)/storyline demo

test: install-test
	$(BIN)/python -m pytest -q

bench: install
	$(BIN)/python bench/ingest_bench.py

clean:
	rm -rf $(VENV) storyline-demo.db storyline-demo.db-* build *.egg-info
