# The two commands a newcomer needs: `make serve` and `make test` (see README.md).
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin

.PHONY: install serve index test lint

# scripts/install.sh is the installer the Dockerfile uses too: torch's CPU build first, then the project
$(BIN)/poaqa: pyproject.toml scripts/install.sh
	PYTHON=$(PYTHON) bash scripts/install.sh $(VENV) dev
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
