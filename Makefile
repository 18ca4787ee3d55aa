# Two commands do everything: `make serve` and `make test`. `make help` lists the rest.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Written after a successful install: re-running a target does not reinstall
# unless a requirements file or pyproject.toml changed. Building needs only
# requirements-site.txt; testing and linting need all of requirements.txt.
SITE_INSTALLED := $(VENV)/.site-installed
INSTALLED := $(VENV)/.installed
# The Node tools of the HTML checks and of `make audit` (package.json). Their
# install scripts are skipped: vnu-jar's would download a Java runtime, and
# the system's Java runs the checker.
NODE_INSTALLED := node_modules/.installed

export NO_MKDOCS_2_WARNING := 1
PORT ?= 8000

.DEFAULT_GOAL := help
.PHONY: help serve build test test-fast check portability lint format bench audit clean

$(SITE_INSTALLED): requirements-site.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --progress-bar on -r requirements-site.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

$(INSTALLED): $(SITE_INSTALLED) requirements.txt
	$(BIN)/python -m pip install --progress-bar on -r requirements.txt
	touch $@

$(NODE_INSTALLED): package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@

## help: list the targets
help:
	@grep -E '^## ' $(MAKEFILE_LIST) | sed 's/^## /  make /'

## serve: set up, build the figures, serve http://127.0.0.1:8000/mlp-activations/ with live reload (PORT=8001: another port)
serve: $(SITE_INSTALLED)
	$(BIN)/mkdocs serve --dirty --dev-addr 127.0.0.1:$(PORT)

## build: strict build into site/, with the offline copy as site/mlp-activations-offline.zip
build: $(SITE_INSTALLED)
	$(BIN)/mkdocs build --strict
	rm -rf .cache/offline
	OFFLINE=true $(BIN)/mkdocs build --strict --quiet -d .cache/offline/mlp-activations
	cd .cache/offline && ../../$(BIN)/python -m zipfile -c ../../site/mlp-activations-offline.zip mlp-activations
	rm -rf .cache/offline

## test: set up and run the whole suite (pages, doctests, derivations, build, browser)
test: $(INSTALLED) $(NODE_INSTALLED)
	$(BIN)/python -m pytest -n auto --dist loadgroup

## test-fast: everything except site builds, the browser, other CPU kernels and slow runs
test-fast: $(INSTALLED)
	$(BIN)/python -m pytest -n auto --dist loadgroup -m "not build and not browser and not portability and not slow"

## check: everything about one page, e.g. make check PAGE=docs/activations/tanh.md
check: $(INSTALLED)
	@test -n "$(PAGE)" || { echo "usage: make check PAGE=docs/activations/tanh.md"; exit 2; }
	$(BIN)/python -m pagecheck $(PAGE)

## portability: page examples and snippets under this CPU's kernels and every other it can run
portability: $(INSTALLED)
	$(BIN)/python -m pagecheck.portability
	$(BIN)/python -m pytest -p no:cacheprovider tests/test_portability.py

## lint: ruff (lint and format check) and mypy
lint: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

## format: let ruff fix what it can and format the code
format: $(INSTALLED)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## bench: measure cold, warm and incremental builds against their targets
bench: $(INSTALLED)
	$(BIN)/python -m tools.bench

## audit: Lighthouse on every page, mobile and desktop (medians of 3; not part of make test)
audit: $(INSTALLED) $(NODE_INSTALLED)
	$(BIN)/python -m tools.audit

## clean: remove the built site and the caches
clean:
	rm -rf site .cache
