# The README's two commands: `make run` and `make test`. Everything else is a helper.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# Test processes; files stay whole on one worker (module fixtures such as the demo seed).
PYTEST_WORKERS ?= 2

.PHONY: run test install install-test migrate seed lint check-migrations mutants clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Stamps: reinstall only when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[test]"
	@touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

migrate: install
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py setup_roles

seed: migrate
	$(BIN)/python manage.py seed_demo

run: seed
	@echo ""
	@echo "OPTISNTE en http://$(HOST):$(PORT)/  ·  administración en http://$(HOST):$(PORT)/admin/"
	@echo ""
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# --no-loadscope-reorder: files run in collection order, where pytest-django puts transactional
# tests last; xdist's default (largest file first) would run tests after their flush.
test: install-test
	DJANGO_SETTINGS_MODULE=cms.settings.test $(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadfile \
		--no-loadscope-reorder $(PYTEST_ARGS)

lint: install-test
	$(BIN)/ruff check .

check-migrations: install-test
	DJANGO_SETTINGS_MODULE=cms.settings.test $(BIN)/python manage.py makemigrations --check --dry-run

# Mutation testing of the rule modules ([tool.mutmut] in pyproject.toml); not in CI: minutes
# per module. `make mutants MUTANTS='estructura.scope*'` runs one module's mutants only.
mutants: install-test
	$(BIN)/pip install --quiet mutmut==3.8.1
	rm -rf mutants
	DJANGO_SETTINGS_MODULE=cms.settings.test $(BIN)/mutmut run --max-children 2 $(MUTANTS)
	$(BIN)/mutmut results

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache .ruff_cache test.sqlite3 mutants
