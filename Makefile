# Portal Inovasi Kecamatan: the commands a developer needs. `make run` and `make test` set up everything.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PYTEST_WORKERS ?= auto

.PHONY: run test install migrate demo bench e2e lint messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

# axe-core for the browser accessibility tests, pinned by package-lock.json.
node_modules/.installed: package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(STAMP)

messages: install
	@if ls locale/*/LC_MESSAGES/*.po >/dev/null 2>&1; then $(BIN)/python manage.py compilemessages --ignore=.venv -v 0; fi

migrate: install messages
	$(BIN)/python manage.py migrate --noinput -v 0
	$(BIN)/python manage.py import_regions

demo: migrate
	$(BIN)/python manage.py load_demo

run: demo
	$(BIN)/python manage.py collectstatic --noinput -v 0
	$(BIN)/python manage.py runserver 127.0.0.1:8000

test: install messages node_modules/.installed
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run -v 1
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

e2e: install messages node_modules/.installed
	$(BIN)/python -m pytest -m e2e

# e.g. make bench BENCH_ARGS="--sizes 1000 --db sqlite"; bench/load.sh for throughput.
bench: install messages
	$(BIN)/python bench/pages.py $(BENCH_ARGS)

lint: install
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) staticfiles
