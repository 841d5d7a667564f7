# Counterclaim: `make run` serves the demo, `make test` runs every check CI runs.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# Candidates, newest first; the first that is Python 3.12 or newer builds the venv.
PYTHON_CANDIDATES := python3.14 python3.13 python3.12 python3 python
FIND_PYTHON := for c in $(PYTHON_CANDIDATES); do \
	if command -v $$c >/dev/null 2>&1 && $$c -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; then \
	echo $$c; break; fi; done

.PHONY: help run test lint check-migrations pytest demo bench clean

help:
	@echo "make run    serve the demo on http://127.0.0.1:$(PORT) (PORT=... to change)"
	@echo "make test   lint, migration check and the whole test suite (DATABASE_URL=postgres://... for PostgreSQL)"
	@echo "make bench  the public pages under load on PostgreSQL, 10,000 claims (CLAIMS=1000000 for more)"

$(PY):
	@python=$$($(FIND_PYTHON)); \
	if [ -z "$$python" ]; then echo "Counterclaim needs Python 3.12 or newer, and none was found on PATH."; exit 1; fi; \
	echo "Creating $(VENV) with $$python"; \
	$$python -m venv $(VENV) && $(PY) -m pip install --quiet --upgrade pip

$(VENV)/.runtime-installed: requirements.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $@ $(VENV)/.runtime-installed

run: export DJANGO_DEBUG ?= true
run: $(VENV)/.runtime-installed
	$(PY) manage.py migrate --no-input
	$(PY) manage.py demo
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

demo: export DJANGO_DEBUG ?= true
demo: $(VENV)/.runtime-installed
	$(PY) manage.py migrate --no-input
	$(PY) manage.py demo

lint: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

check-migrations: export DJANGO_DEBUG ?= true
check-migrations: $(VENV)/.dev-installed
	$(PY) manage.py makemigrations --check --dry-run

pytest: $(VENV)/.dev-installed
	$(VENV)/bin/pytest $(PYTEST_ARGS)

test: lint check-migrations pytest

# Prints numbers, never fails on timing: docs/performance.md.
CLAIMS ?= 10000
bench: $(VENV)/.runtime-installed
	$(PY) bench/public_pages.py --claims $(CLAIMS)

clean:
	rm -rf $(VENV) staticfiles db.sqlite3 db.sqlite3-wal db.sqlite3-shm
