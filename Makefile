# Twe Let Learning: `make run` serves the demo, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
WORKERS ?= 2
export FLASK_APP := wsgi:app

.PHONY: run test install install-test catalogs db demo-db browser lint clean

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

run: demo-db
	@echo ""
	@echo "Twe Let Learning is starting on http://127.0.0.1:$(PORT)/"
	@echo "Staff sign-ins (password: demo-password): admin, coordinator, facilitator"
	@echo ""
	TWELET_ENV=demo $(BIN)/gunicorn --bind 127.0.0.1:$(PORT) --workers $(WORKERS) --access-logfile - wsgi:app

test: install-test catalogs
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install-test
	$(BIN)/ruff check learning tests migrations

clean:
	rm -rf $(VENV) instance translations/*/LC_MESSAGES/*.mo
