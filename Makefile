# SEND Feedback — two commands for a newcomer: `make run` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app feedback
HOST ?= 127.0.0.1
PORT ?= 5000
# Family links in letters, posters and messages, and the links `make run` prints, name the address
# being served (a server listening on every interface is named by its loopback address); set
# PUBLIC_BASE_URL yourself when families reach it by another name.
PUBLIC_BASE_URL ?= http://$(if $(filter 0.0.0.0 ::,$(HOST)),127.0.0.1,$(HOST)):$(PORT)
# Debian packages the test suite needs: a PostgreSQL server, Chromium for browser tests.
TEST_APT_PACKAGES := postgresql chromium
# The Debian package with the fonts letters and posters are printed in (LETTER_FONTS in feedback/config.py).
FONT_APT_PACKAGES := fonts-noto-core

.PHONY: help install venv assets translations fonts migrate demo run test quick test-deps lint check-migrations clean

help:
	@echo "make run   - set up, migrate an embedded SQLite database, load demo data and serve the app"
	@echo "make test  - install what the tests need and run the whole suite"
	@echo "make quick - the quick local loop (no browser, SQLite only)"
	@echo "make install - the set-up part of 'make run' alone"

# Development and CI install the test and lint tools too; production passes PIP_EXTRAS= (none).
PIP_EXTRAS ?= [dev]

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.$(PIP_EXTRAS)'
	touch $@

venv: $(VENV)/.installed

node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm; }
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# GOV.UK Frontend, at the version the installed govuk-frontend-jinja declares compatible (pinned in package.json),
# then every static file fingerprinted and precompressed into feedback/static_dist (feedback/static_build.py).
assets: node_modules/.installed venv
	npm run --silent build
	$(BIN)/python -m feedback.static_build

# Catalogues are compiled here, never committed; fuzzy entries are never used.
translations: venv
	scripts/translations.sh compile

# Without these fonts, Arabic, Urdu, Bengali and Punjabi letters are printed in English.
fonts:
	@dpkg -s $(FONT_APT_PACKAGES) >/dev/null 2>&1 || { \
	  echo "Installing: $(FONT_APT_PACKAGES) (fonts for printed letters)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(FONT_APT_PACKAGES); \
	}

migrate: venv
	mkdir -p instance
	$(FLASK) db upgrade

install: venv assets translations fonts migrate

demo: install
	$(FLASK) demo load

run: demo
	@PUBLIC_BASE_URL='$(PUBLIC_BASE_URL)' $(FLASK) demo banner
	PUBLIC_BASE_URL='$(PUBLIC_BASE_URL)' $(FLASK) run --host $(HOST) --port $(PORT)

test-deps:
	@missing=""; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$$missing postgresql"; \
	if [ -n "$$missing" ]; then \
	  echo "Installing:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/bandit -q -c pyproject.toml -r feedback forms analysis -ll
	$(BIN)/python scripts/audit_dependencies.py

check-migrations: venv
	rm -rf .tmp-migration-check && mkdir -p .tmp-migration-check
	DATABASE_URL=sqlite:///$(CURDIR)/.tmp-migration-check/check.db $(FLASK) db upgrade
	DATABASE_URL=sqlite:///$(CURDIR)/.tmp-migration-check/check.db $(FLASK) db check
	rm -rf .tmp-migration-check

test: venv assets translations fonts test-deps lint check-migrations
	$(BIN)/pytest --durations=15

# The quick local loop: no browser, SQLite only, the slowest modules left out (tests/conftest.py).
quick: venv assets translations
	$(BIN)/pytest -m quick -q -p no:randomly -x

clean:
	rm -rf $(VENV) node_modules feedback/static/govuk feedback/static_dist instance .pytest_cache
