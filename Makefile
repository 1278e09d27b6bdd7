# Twe Let Learning: `make run` serves the demo, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
WORKERS ?= 2
export FLASK_APP := learning

.PHONY: run test install install-test catalogs demo-db demo-reset browser bench bench-weights drill lint clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python setup.cfg pyproject.toml
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed setup.cfg
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

catalogs: install
	TWELET_ENV=test $(BIN)/flask i18n compile

# Create or migrate the SQLite demo database under instance/, loading the demo data when it is new.
demo-db: install catalogs
	TWELET_ENV=demo $(BIN)/flask db upgrade
	TWELET_ENV=demo $(BIN)/flask places load
	TWELET_ENV=demo $(BIN)/flask demo load --if-empty

# Put the demo back as it was (after a facilitator printed the demo group's cards, the demo PIN stops working).
# Only the demo's SQLite file is removed; nothing else is touched.
demo-reset: install catalogs
	rm -f instance/learning.sqlite3 instance/learning.sqlite3-wal instance/learning.sqlite3-shm
	$(MAKE) demo-db

run: demo-db
	@echo ""
	@echo "Twe Let Learning is starting on http://127.0.0.1:$(PORT)/"
	@echo "Staff sign-ins (password: demo-password): admin, coordinator, facilitator"
	@echo "Demo household: code DEMO-0001, PIN 480516 (sign in at /household/sign-in)"
	@echo "  (printing the demo group's cards gives it a new PIN; make demo-reset puts the demo back)"
	@echo ""
	TWELET_ENV=demo $(BIN)/gunicorn --config gunicorn.conf.py --bind 127.0.0.1:$(PORT) --workers $(WORKERS) wsgi:app

# Browser tests need Debian's chromium; install it when missing and we may (root with apt-get).
browser:
	@if ! command -v chromium >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing Debian's chromium for the browser tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "chromium is missing and cannot be installed here: browser tests will be skipped"; \
	  fi; \
	fi

# Two test processes (pytest-xdist), one per core of the machine we measure on; PYTEST_ARGS=-n0 runs one.
TEST_PROCESSES ?= 2
test: install-test catalogs browser
	$(BIN)/python -m pytest -n $(TEST_PROCESSES) --dist worksteal $(PYTEST_ARGS)

# Benchmarks (not part of make test or CI): page weight in Chromium on a slow link, throughput with wrk,
# memory, exports at 50,000 households, certificates, and Kolibri side by side. Writes bench/RESULTS.md.
BENCH_HOUSEHOLDS ?= 50000
bench: install-test catalogs browser
	@command -v wrk >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
	$(BIN)/python bench/run.py --households $(BENCH_HOUSEHOLDS) $(BENCH_ARGS)
	$(BIN)/python bench/exports.py --households $(BENCH_HOUSEHOLDS) --results bench/RESULTS.md
	$(BIN)/python bench/certificates.py --results bench/RESULTS.md

# Crash drill (not part of make test or CI): quiz and attendance posts while gunicorn workers are SIGKILLed.
# Page weights by language (issue 17's goals): an English lesson <= 15 KB, a Myanmar-script one <= 40 KB.
bench-weights: install-test catalogs browser
	$(BIN)/python bench/weights.py --results bench/RESULTS.md

drill: install-test catalogs
	$(BIN)/python bench/drill.py --results bench/RESULTS.md

lint: install-test
	$(BIN)/ruff check learning tests migrations

clean:
	rm -rf $(VENV) instance translations/*/LC_MESSAGES/*.mo
