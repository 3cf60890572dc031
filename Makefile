# Jobbspor: the two commands that do everything are `make run` and `make test`.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON_BIN ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
PORT ?= 8000
TEST_SETTINGS := config.settings.test

# Production settings with stand-in values, for `check --deploy` only.
PROD_CHECK_ENV := DJANGO_SETTINGS_MODULE=config.settings.production \
	SECRET_KEY=check-deploy-only-5f0e0a9b7c3d4e2f8a1b6c9d0e3f4a7b2c5d8e1f4a7b0c3d6e9f \
	DATABASE_URL=postgres://postgres@127.0.0.1:5432/jobbspor_check \
	REDIS_URL=redis://127.0.0.1:6379/14 ALLOWED_HOSTS=jobbspor.example.nav.no \
	JOBBSPOR_FNR_ENCRYPTION_KEYS=Y2hlY2stZGVwbG95LW9ubHktbm90LWEtcmVhbC1rZXk= \
	JOBBSPOR_FNR_HASH_KEYS=check-deploy-only-hash-key-not-a-real-one

.PHONY: help
help:
	@echo "make run     start Jobbspor (demo mode without DATABASE_URL/REDIS_URL)"
	@echo "make test    every check: ruff, mypy, migrations, check --deploy, pytest, browser tests"
	@echo "make bench   benchmarks (see bench/README.md)"

# --- Installation ---------------------------------------------------------------------------
$(INSTALLED): requirements/main.txt requirements/dev.txt
	@command -v $(PYTHON_BIN) >/dev/null || { echo "error: $(PYTHON_BIN) not found; Jobbspor needs Python 3.11." >&2; exit 1; }
	@test -x $(PY) || $(PYTHON_BIN) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements/dev.txt
	@touch $@

.PHONY: install
install: $(INSTALLED)

.PHONY: messages
messages: $(INSTALLED)
	@command -v msgfmt >/dev/null || bin/ensure-apt-package gettext msgfmt
	@$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules -v 0

# --- Running --------------------------------------------------------------------------------
.PHONY: run
run: install messages
	@bin/run-server $(PORT)

# --- Tests ----------------------------------------------------------------------------------
.PHONY: services
services:
	@bin/ensure-services

.PHONY: chromium
chromium:
	@bin/ensure-apt-package chromium /usr/bin/chromium

.PHONY: lint
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy apps config

.PHONY: test
test: install messages services chromium lint
	DJANGO_SETTINGS_MODULE=$(TEST_SETTINGS) $(PY) manage.py makemigrations --check --dry-run
	$(PROD_CHECK_ENV) $(PY) manage.py check --deploy --fail-level WARNING
	$(PY) -m pytest -q -rfE --numprocesses=auto --dist=load
	@echo "make test: every check passed."

.PHONY: bench
bench: install services
	$(PY) -m bench

# 50 simulated staff against gunicorn for 2 minutes (bench/README.md, "Load test"); pass
# LOADTEST_ARGS="--database-url postgres://..." for a database other than make bench's.
.PHONY: loadtest
loadtest: install services
	$(PY) -m bench.loadtest $(LOADTEST_ARGS)

.PHONY: clean
clean:
	rm -rf $(VENV) var

# Refresh the vendored front-end files from the versions pinned in package.json.
.PHONY: vendor
vendor:
	npm ci --no-audit --no-fund
	bin/vendor-static
