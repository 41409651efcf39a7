# Everything a fresh clone needs: `make deck` and `make test` create .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CONTENT ?= content
OUT ?= build

.PHONY: deck test test-fast lint clean preview bench fuzz compat

# `make deck` with nothing changed does no work: the stamp is newer than every input.
DECK_INPUTS := $(shell find $(CONTENT) src/ankismith -type f -not -path '*/__pycache__/*' 2>/dev/null)
# A new tag changes the version line in the deck description, so tags count as inputs too.
DECK_INPUTS += $(wildcard .git/refs/tags/* .git/packed-refs)
DECK_STAMP := $(OUT)/.deck-built

deck: $(DECK_STAMP)

$(DECK_STAMP): $(STAMP) $(DECK_INPUTS)
	$(BIN)/ankismith build $(CONTENT) -o $(OUT)
	touch $@

# Our figures at 1k and 10k cards, then side by side with ankdown and markdown-anki-decks
# (installed from PyPI into build/peers/ on first use).
bench: $(STAMP)
	$(BIN)/python benchmarks/run.py
	$(BIN)/python benchmarks/peers.py

preview: $(STAMP)
	$(BIN)/ankismith preview $(CONTENT) -o $(OUT)/preview

# Every test, the slow ones included (marker `slow`: timing and whole-install tests).
test: lint
	$(BIN)/pytest

# The quick loop while editing: the pure tests in tests/unit (no Anki, no CLI), in seconds.
test-fast: $(STAMP)
	$(BIN)/pytest tests/unit -m "not slow"

# Property-based tests with 10,000 examples each instead of a few dozen: minutes, not seconds.
fuzz: $(STAMP)
	HYPOTHESIS_PROFILE=fuzz $(BIN)/pytest -q tests/cli/test_fuzz.py tests/unit/sanitize/test_template.py

# Imports the sample deck and examples/ into old and new Anki backends, one venv each under
# build/compat/ (downloads wheels; not part of `make test`). ANKI="2.1.50@3.9 latest@3.12" picks.
compat: $(STAMP)
	$(BIN)/python compat/run.py $(ANKI)

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks compat
	$(BIN)/ruff format --check src tests benchmarks compat
	$(BIN)/mypy

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,dev]'
	touch $@

clean:
	rm -rf $(OUT) .pytest_cache .mypy_cache .ruff_cache .hypothesis src/*.egg-info
