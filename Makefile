# The Global Hub. `make run` serves the hub on a bare machine; `make test` runs every test.
SHELL := /bin/bash
export UV_PYTHON_DOWNLOADS := never
UV ?= uv
HOST ?= 127.0.0.1
PORT ?= 8000
MANAGE := $(UV) run --frozen python manage.py
# Links in emails, .ics files and feeds follow HOST and PORT unless SITE_URL says otherwise.
LINK_HOST = $(if $(filter 0.0.0.0 ::,$(HOST)),localhost,$(HOST))
PYTEST_ARGS ?=

.PHONY: help env run migrate seed test test-fast check lint format messages bench backup clean

help:
	@echo "make run    - set up everything and serve the hub on http://$(HOST):$(PORT)"
	@echo "make test   - run the whole test suite"
	@echo "make check  - lint, formatting, import layering, migrations and deployment checks"
	@echo "make bench  - performance benchmarks (writes var/bench/; BENCH_ARGS=--quick for a short run)"
	@echo "make backup - back up the database and the members-only files (BACKUP_DIR=var/backups/<time>)"

env:
	@command -v $(UV) >/dev/null 2>&1 || python3 -m pip install --quiet uv
	$(UV) sync --frozen

migrate: env
	$(MANAGE) migrate --noinput

seed: migrate
	$(MANAGE) seed_demo

run: export SITE_URL ?= http://$(LINK_HOST):$(PORT)
run: seed
	$(MANAGE) runserver $(HOST):$(PORT)

# Two workers (pytest-xdist): each has its own test database and Redis database (tests/xdist_env.py).
# A worker that runs out of tests takes some of the other's, so the long ones do not end the run alone.
TEST_WORKERS ?= 2
test: env
	$(UV) run --frozen python -m pytest -p tests.xdist_env -n $(TEST_WORKERS) --dist worksteal $(PYTEST_ARGS)

check: env
	$(UV) run --frozen ruff check .
	$(UV) run --frozen ruff format --check .
	$(UV) run --frozen lint-imports
	$(MANAGE) makemigrations --check --dry-run
	HUB_ENV=production SECRET_KEY="$$(python3 -c 'import secrets; print(secrets.token_urlsafe(64))')" \
		ALLOWED_HOSTS=hub.example.org REDIS_URL=redis://127.0.0.1:6379/0 EMAIL_HOST=mail.example.org \
		$(MANAGE) check --deploy --fail-level WARNING

format: env
	$(UV) run --frozen ruff check --fix .
	$(UV) run --frozen ruff format .

messages: env
	$(MANAGE) makemessages --all --ignore '.venv/*' --ignore 'staticfiles/*' --no-obsolete
	$(MANAGE) compilemessages --ignore '.venv/*'

# Every row of the performance table in one run; on PostgreSQL when DATABASE_URL names one (the
# bench database is <name>_bench, never the hub's own). BENCH_ARGS=--quick: no growth, no gunicorn.
BENCH_ARGS ?=
bench: env
	$(UV) run --frozen python -m benchmarks $(BENCH_ARGS)

# The database (pg_dump, or the SQLite file) and every members-only file (disk or S3) into a new
# folder; `manage.py restore FOLDER` puts them back into an empty database.
BACKUP_DIR ?= var/backups/$(shell date -u +%Y%m%dT%H%M%SZ)
backup: env
	$(MANAGE) backup --output "$(BACKUP_DIR)"

clean:
	rm -rf var/hub.sqlite3 var/mail staticfiles
