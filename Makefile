# Everything a fresh clone needs: `make deck` and `make test` create .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CONTENT ?= content
OUT ?= build

.PHONY: deck test lint clean preview

deck: $(STAMP)
	$(BIN)/ankismith build $(CONTENT) -o $(OUT)

preview: $(STAMP)
	$(BIN)/ankismith preview $(CONTENT) -o $(OUT)/preview

test: lint
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/mypy

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,dev]'
	touch $@

clean:
	rm -rf $(OUT) .pytest_cache .mypy_cache .ruff_cache src/*.egg-info
