# The two commands that do everything on a fresh machine: `make run` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell sha1sum pyproject.toml | cut -c1-12)

TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/zhicheng
TEST_BROKER_URL ?= redis://127.0.0.1:6379/0
# pytest-xdist: one test process per core, a test file per process (its module fixtures built once);
# each process has its own test database and its own Redis database for the real Celery workers.
PYTEST_ARGS ?= -n auto --dist loadfile

.PHONY: run test lint fmt check venv demo bench

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e ".[test]"
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

venv: $(STAMP)

# Embedded defaults: SQLite under var/, Celery tasks in-process, demo data, demo logins printed.
run: $(STAMP)
	mkdir -p var
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py runserver 127.0.0.1:8000

# The whole suite against real PostgreSQL and Redis, browser tests included.
test: $(STAMP)
	test -f node_modules/axe-core/axe.min.js || npm install --no-audit --no-fund  # axe-core (package.json)
	DATABASE_URL=$(TEST_DATABASE_URL) $(BIN)/python manage.py check --fail-level WARNING
	DATABASE_URL=$(TEST_DATABASE_URL) $(BIN)/python manage.py makemigrations --check --dry-run
	DATABASE_URL=$(TEST_DATABASE_URL) CELERY_BROKER_URL=$(TEST_BROKER_URL) \
	  DJANGO_ALLOW_ASYNC_UNSAFE=true $(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

fmt: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Measurements, not tests (not part of `make test`):
# 1. 评审表 render times through the pipeline vs bare WeasyPrint, and the ratio;
# 2. gunicorn (DEBUG off) + wrk at 10 and at BENCH_N applications (needs PostgreSQL, Redis and
#    Debian's wrk; the seeded databases <name>_10 and <name>_N are reused by later runs).
BENCH_N ?= 100000
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/zc_bench
bench: $(STAMP)
	mkdir -p var
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py bench_review_form
	BENCH_DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python manage.py bench --n $(BENCH_N) $(BENCH_ARGS)
