# Two commands do everything: `make serve` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Written after a successful install: re-running a target does not reinstall
# unless requirements.txt changed.
INSTALLED := $(VENV)/.installed

export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build test bench clean

$(INSTALLED): requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

## serve: set up, build the figures, serve http://127.0.0.1:8000 with live reload
serve: $(INSTALLED)
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

## build: strict build into site/
build: $(INSTALLED)
	$(BIN)/mkdocs build --strict

## test: set up and run the whole suite (pages, doctests, derivations, build, browser)
test: $(INSTALLED)
	$(BIN)/python -m pytest

## bench: measure cold, warm and incremental builds against their targets
bench: $(INSTALLED)
	$(BIN)/python tools/bench.py

## clean: remove the built site and the figure cache
clean:
	rm -rf site .cache
