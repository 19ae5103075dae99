# make serve: live preview of the candidate edition; make test: everything CI runs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1
export DISABLE_MKDOCS_2_WARNING := true

.PHONY: setup serve serve-interviewer test lint typecheck validate build clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

serve: setup
	$(BIN)/handbook generate
	$(BIN)/python -m generator.vendor
	$(BIN)/mkdocs serve --strict --livereload --watch competencies --watch generator/templates

serve-interviewer: setup
	$(BIN)/handbook generate
	$(BIN)/python -m generator.vendor
	$(BIN)/mkdocs serve --strict --livereload -f mkdocs.interviewer.yml -a 127.0.0.1:8001

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
