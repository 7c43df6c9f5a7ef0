# The two commands a newcomer needs: `make serve` and `make test` (see README.md).
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin

.PHONY: install serve index test lint

$(BIN)/poaqa: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	# torch's CPU build first: otherwise sentence-transformers pulls the multi-gigabyte CUDA build
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

install: $(BIN)/poaqa

index: install
	$(BIN)/poaqa index

serve: install
	$(BIN)/poaqa serve

test: install
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/mypy indexer service eval cli.py
