# Taut's front door: `make run` serves a demo clinic, `make test` runs every check.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
PG_BIN := /usr/lib/postgresql/15/bin
CHROMIUM := /usr/bin/chromium

.PHONY: help run test bench lint format check pytest pytest-postgres browser system-deps pdf-deps clean

help:
	@echo "make run    serve Taut with a demo clinic on http://127.0.0.1:$(PORT)"
	@echo "make test   lint, checks, tests on SQLite and PostgreSQL, browser tests"
	@echo "make bench  performance benchmarks, reported as ratios measured in one run"

$(VENV)/.installed: pyproject.toml
	@[ -x $(BIN)/python ] || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check -e .
	@touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/pip install -q --disable-pip-version-check -e '.[test]'
	@touch $@

var:
	@mkdir -p var

# A second `make run` is ready in seconds: static files are collected (and compressed) again
# only when one of them or the installed packages changed, and the system checks run once, in
# runserver, not before each step.
STATIC_SOURCES := $(shell find taut -path '*/static/*' -type f 2>/dev/null)
STATIC_MANIFEST := var/static/staticfiles.json

$(STATIC_MANIFEST): $(VENV)/.installed $(STATIC_SOURCES) | var
	$(BIN)/taut collectstatic --noinput -v0 --skip-checks
	@touch $@

run: $(VENV)/.installed pdf-deps $(STATIC_MANIFEST) | var
	$(BIN)/taut migrate --noinput -v0 --skip-checks
	$(BIN)/taut demo --if-empty --skip-checks
	@echo "Log in at http://127.0.0.1:$(PORT)/login/"
	@echo "The task queue's worker (taut db_worker: bulk exports, reminders) runs beside it."
	$(BIN)/taut db_worker --no-reload -v0 & worker=$$!; trap "kill $$worker" EXIT; \
		$(BIN)/taut runserver 127.0.0.1:$(PORT)

# Debian packages: a browser for Playwright, a PostgreSQL 15 server, Pango for WeasyPrint's
# PDFs and poppler to turn PDF pages into images in the tests.
DEBIAN_PACKAGES := chromium fonts-dejavu-core postgresql-15 poppler-utils libpango-1.0-0 libpangoft2-1.0-0
system-deps:
	@if [ ! -x $(CHROMIUM) ] || [ ! -x $(PG_BIN)/pg_ctl ] || [ ! -x /usr/bin/pdftoppm ] \
		|| ! ldconfig -p | grep -q libpangoft2-1.0; then \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends \
			$(DEBIAN_PACKAGES) >/dev/null; \
	fi

# make run needs only Pango (for PDFs); it is often on a machine already.
pdf-deps:
	@ldconfig -p | grep -q libpangoft2-1.0 || ( $(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends \
		libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core >/dev/null )

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed-test
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

check: $(VENV)/.installed-test | var
	$(BIN)/taut check --fail-level WARNING --database default
	$(BIN)/taut makemigrations --check --dry-run

# -n 2: one pytest-xdist worker per core; each worker gets its own test database (and, in the
# browser tests, its own live server and Chromium).
XDIST := -n 2

pytest: $(VENV)/.installed-test system-deps | var
	$(BIN)/pytest $(XDIST) -m "not browser"

pytest-postgres: $(VENV)/.installed-test system-deps | var
	scripts/with-postgres $(BIN)/pytest $(XDIST) -m "not browser"

browser: $(VENV)/.installed-test system-deps | var
	$(BIN)/pytest $(XDIST) -m browser

test: lint check pytest pytest-postgres browser

bench: $(VENV)/.installed-test
	@for script in bench/*.py; do $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) var
