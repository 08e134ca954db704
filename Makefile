# Préau — build, run, test and lint. `make help` lists the targets.
#
# Everything runs from the project's own virtualenv (.venv) and node_modules; stamp files make a
# second `make run` skip the installation steps, so it starts in seconds.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
PREAU_HOST ?= 127.0.0.1
# Extra pytest arguments, e.g. `make test PYTEST_ARGS="-k login -x"`.
PYTEST_ARGS ?=
# Parallel test workers (pytest-xdist); `make test PYTEST_WORKERS=0` runs in one process.
PYTEST_WORKERS ?= auto

PY_STAMP := $(VENV)/.preau-installed
NODE_STAMP := node_modules/.preau-installed
HTMX := static/vendor/htmx.min.js

export PORT PREAU_HOST

.PHONY: help run install assets test lint fmt clean bench

help: ## Show this help
	@echo "Préau — cibles make :"
	@grep -E '^[a-z][a-zA-Z_-]*:.*## ' $(MAKEFILE_LIST) \
		| awk 'BEGIN {FS = ":.*## "} {printf "  make %-10s %s\n", $$1, $$2}'
	@echo
	@echo "Variables : PORT=$(PORT) PREAU_HOST=$(PREAU_HOST) PYTEST_ARGS='$(PYTEST_ARGS)' PYTEST_WORKERS=$(PYTEST_WORKERS)"

run: install assets ## Install, migrate, load the demo académie and serve on 127.0.0.1:$PORT with a task worker
	@mkdir -p var/static var/media
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	@scripts/run.sh

install: $(PY_STAMP) ## Create .venv (python3.11) and install Préau with its dev tools, pinned by requirements.lock

assets: $(HTMX) ## Build the front-end assets (htmx from node_modules into static/vendor/)

test: install assets ## Run the whole test suite (browser tests included); fails if no test ran
	@mkdir -p var/static var/media
	@scripts/pytest.sh $(PYTEST_WORKERS) $(PYTEST_ARGS)

lint: install ## ruff format --check, ruff check, mypy (django-stubs), makemigrations --check
	@mkdir -p var
	@rc=0; \
	echo "--- ruff format --check"; $(VENV)/bin/ruff format --check . || rc=1; \
	echo "--- ruff check"; $(VENV)/bin/ruff check . || rc=1; \
	echo "--- mypy"; $(VENV)/bin/mypy . || rc=1; \
	echo "--- makemigrations --check"; \
	PREAU_ENV=test $(PY) manage.py makemigrations --check --dry-run || rc=1; \
	if [ $$rc -ne 0 ]; then echo "make lint : des vérifications ont échoué (voir ci-dessus)." >&2; fi; \
	exit $$rc

fmt: install ## Format the code and apply ruff's safe fixes
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

bench: install ## Benchmark on PostgreSQL + Redis (BENCH_SCALE=small|full): bench/results/latest.md
	$(PY) -m pip install --quiet -c requirements.lock -e '.[dev,bench]'
	@scripts/bench.sh

clean: ## Remove var/ (database, media, static), built assets and install stamps (keeps .venv)
	rm -rf var static/vendor test-results
	rm -f $(PY_STAMP) $(NODE_STAMP)

# --- Files ---------------------------------------------------------------------------------

$(PY):
	@PYTHON=$(PYTHON) scripts/check-system-deps.sh python
	$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); exit 1; }

$(PY_STAMP): pyproject.toml requirements.lock | $(PY)
	$(PY) -m pip install --quiet -c requirements.lock -e '.[dev]'
	@touch $@

$(NODE_STAMP): package.json package-lock.json
	@scripts/check-system-deps.sh node
	npm ci --no-audit --no-fund
	@touch $@

$(HTMX): $(NODE_STAMP)
	@mkdir -p static/vendor
	cp node_modules/htmx.org/dist/htmx.min.js $@
