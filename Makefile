# make serve: live preview of the candidate edition; make test: everything CI runs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1
export DISABLE_MKDOCS_2_WARNING := true

.PHONY: setup serve serve-interviewer test lint typecheck validate build bench clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

serve: setup
	$(BIN)/handbook generate
	$(BIN)/python -m generator.vendor
	$(BIN)/mkdocs serve --livereload --dirty --watch competencies --watch generator/templates

serve-interviewer: setup
	$(BIN)/handbook generate
	$(BIN)/python -m generator.vendor
	$(BIN)/mkdocs serve --livereload --watch competencies -f mkdocs.interviewer.yml -a 127.0.0.1:8001

bench: setup
	$(BIN)/python benchmarks/bench.py
	$(BIN)/python benchmarks/live_reload.py

lint: setup
	$(BIN)/ruff check generator tests
	$(BIN)/ruff format --check generator tests

typecheck: setup
	$(BIN)/mypy

validate: setup
	$(BIN)/handbook validate
	$(BIN)/handbook generate --check

test: setup lint typecheck validate
	$(BIN)/pytest

build: setup
	$(BIN)/handbook build --edition candidate
	$(BIN)/handbook build --edition interviewer

clean:
	rm -rf site site-interviewer .pytest_cache .mypy_cache .ruff_cache
