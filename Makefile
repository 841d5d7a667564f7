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

.PHONY: help run dev test lint check-migrations pytest demo bench clean

help:
	@echo "make run    serve the demo on http://127.0.0.1:$(PORT) (PORT=... to change)"
	@echo "make dev    the same with Django's debug pages and no static collection"
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

# The demo as readers and journalists meet it in production (styled error
# pages, hashed and compressed static files, the same security headers), on
# plain HTTP on this machine. The demo's published passwords are loaded in
# debug mode only; `make dev` serves with Django's debug pages instead.
SECRET_FILE := .secret-key
$(SECRET_FILE):
	@$(PY) -c 'import secrets; print(secrets.token_urlsafe(50))' > $@

run: $(VENV)/.runtime-installed $(SECRET_FILE)
	DJANGO_DEBUG=true $(PY) manage.py migrate --no-input
	DJANGO_DEBUG=true $(PY) manage.py demo
	$(LOCAL_PRODUCTION) $(PY) manage.py collectstatic --no-input --verbosity 0
	@echo "Serving on http://127.0.0.1:$(PORT)/, with a task worker for captures and emails"
	@$(LOCAL_PRODUCTION) $(PY) manage.py db_worker --interval 1 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(LOCAL_PRODUCTION) $(PY) manage.py runserver 127.0.0.1:$(PORT)

LOCAL_PRODUCTION = DJANGO_DEBUG=false DJANGO_SECRET_KEY="$$(cat $(SECRET_FILE))" \
	DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost DJANGO_SECURE_SSL_REDIRECT=false \
	DJANGO_SECURE_COOKIES=false DJANGO_HSTS_SECONDS=0

dev: export DJANGO_DEBUG ?= true
dev: $(VENV)/.runtime-installed
	$(PY) manage.py migrate --no-input
	$(PY) manage.py demo
	@$(PY) manage.py db_worker --interval 1 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

demo: export DJANGO_DEBUG ?= true
demo: $(VENV)/.runtime-installed
	$(PY) manage.py migrate --no-input
	$(PY) manage.py demo

lint: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

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
