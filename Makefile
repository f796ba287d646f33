# pairaid_etl — `make run` and `make test` are all a newcomer needs.
SHELL := /bin/bash
.SHELLFLAGS := -o pipefail -c
QUIET_PIP := 2>&1 | { grep -v "is ignored: it is neither a file nor a directory" || true; }
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

export PREFECT_HOME ?= $(CURDIR)/.prefect
export PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS ?= 120
export PREFECT_LOGGING_LEVEL ?= WARNING
export PREFECT_SERVER_ANALYTICS_ENABLED ?= false

.PHONY: install run migrate test bench review clean chromium postgresql

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip $(QUIET_PIP)
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]' $(QUIET_PIP)
	touch $(STAMP)

install: $(STAMP)

# A flow run never migrates by itself (it fails, asking for `pairaid db upgrade`); `make run`
# is the newcomer's path and does both.
migrate: install
	$(BIN)/pairaid db upgrade

run: migrate
	$(BIN)/pairaid ingest raw/

test: install chromium postgresql
	$(BIN)/pytest

# PostgreSQL for the tests: the server on 127.0.0.1:5432 when one runs, else a throw-away
# cluster the tests start from the installed binaries (tests/pg_cluster.py). The Debian
# package is installed only when neither is available and apt is; without it PostgreSQL
# tests skip saying why (and fail under CI=true).
postgresql:
	@if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ! (command -v pg_isready >/dev/null && pg_isready -q -h 127.0.0.1 -p 5432) \
	    && command -v apt-get >/dev/null 2>&1; then \
	  echo "installing postgresql for the database tests"; \
	  SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo -n); \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y --no-install-recommends postgresql \
	    || { $$SUDO apt-get update && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y --no-install-recommends postgresql; } \
	    || echo "warning: could not install postgresql; PostgreSQL tests will skip (fail under CI=true)"; \
	fi

# Headless browser for tests/test_review_browser.py (Debian package chromium), installed only
# when missing and apt is available; without it those tests skip (and fail under CI=true).
chromium:
	@if [ ! -x /usr/bin/chromium ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "installing chromium for the review-report browser test"; \
	  SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo -n); \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y --no-install-recommends chromium \
	    || { $$SUDO apt-get update && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y --no-install-recommends chromium; } \
	    || echo "warning: could not install chromium; browser tests will skip (fail under CI=true)"; \
	fi

bench: install
	$(BIN)/python benchmarks/run.py

review: install
	$(BIN)/pairaid review

clean:
	rm -rf $(VENV) data .prefect review logs
