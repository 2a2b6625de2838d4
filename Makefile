# The README's two commands: `make run` and `make test`. Everything else here serves them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000
# The address `make run` serves: the demo's Wagtail Site, emails and the banner use it (make run PORT=8001).
# With HOST=0.0.0.0, set NEWSROOM_BASE_URL to the address readers actually type.
NEWSROOM_BASE_URL ?= http://$(HOST):$(PORT)
# Only the commands that serve or build the site get it: tests set their own.
migrate demo run worker screenshots admin-screenshots: export NEWSROOM_BASE_URL := $(NEWSROOM_BASE_URL)

.PHONY: venv run test test-fast test-postgres lint audit outdated migrate demo worker screenshots admin-screenshots bench backup restore clean

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

venv: $(STAMP)

migrate: venv
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py load_demo

run: demo
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# Scheduled publishing every WORKER_INTERVAL seconds (default 60) plus the task queue; Ctrl-C stops it.
worker: migrate
	$(BIN)/python manage.py worker --interval $${WORKER_INTERVAL:-60}

# The whole suite, in parallel on every core (pytest-xdist); browser and integration tests included.
PYTEST_WORKERS ?= auto
test: venv
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

# The quick tier for the edit-test loop: no browser, no throwaway servers.
test-fast: venv
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) -m "not e2e" --ignore=tests/integration $(PYTEST_ARGS)

# The suite again on PostgreSQL (127.0.0.1:5432, user postgres); pytest-django makes a fresh test database.
test-postgres: venv
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/newsroom} $(BIN)/python -m pytest -n $(PYTEST_WORKERS) --create-db $(PYTEST_ARGS)

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/python manage.py makemigrations --check --dry-run

# Known vulnerabilities (PyPI's advisories) in everything the requirements files install; exit 3 = partly unaudited.
audit: venv
	$(BIN)/python .ci/dependencies.py audit

# Which pinned packages and their dependencies are behind their newest release (upgrade one at a time, with tests).
outdated: venv
	$(BIN)/python .ci/dependencies.py outdated

# PostgreSQL dump (custom format) plus a tarball of media, in backups/<UTC stamp>/. Needs DATABASE_URL.
backup:
	@test -n "$$DATABASE_URL" || { echo "Set DATABASE_URL=postgres://… (backups are for PostgreSQL)"; exit 2; }
	@stamp=$$(date -u +%Y%m%dT%H%M%SZ); dir=$${BACKUP_DIR:-backups}/$$stamp; mkdir -p $$dir && \
	pg_dump --format=custom --no-owner --no-privileges --dbname="$$DATABASE_URL" --file=$$dir/database.dump && \
	tar -czf $$dir/media.tar.gz -C $${MEDIA_ROOT:-media} . 2>/dev/null || tar -czf $$dir/media.tar.gz -T /dev/null; \
	echo "Backup written to $$dir"

# Restores BACKUP=backups/<stamp> into the (empty or existing) database named by DATABASE_URL, and its media.
restore:
	@test -n "$$DATABASE_URL" || { echo "Set DATABASE_URL=postgres://…"; exit 2; }
	@test -f "$(BACKUP)/database.dump" || { echo "Set BACKUP=backups/<stamp> (a folder made by make backup)"; exit 2; }
	pg_restore --clean --if-exists --no-owner --no-privileges --single-transaction --dbname="$$DATABASE_URL" $(BACKUP)/database.dump
	mkdir -p $${MEDIA_ROOT:-media} && tar -xzf $(BACKUP)/media.tar.gz -C $${MEDIA_ROOT:-media}
	@echo "Restored $(BACKUP)"

# PNGs of each public page type (desktop and phone) in docs/screenshots/, from a scratch demo database.
screenshots: venv
	$(BIN)/python manage.py take_screenshots

# PNGs of the admin screens docs/editors.md and docs/admins.md show, in docs/screenshots/admin/ (list: SCREENS in
# articles/management/commands/take_admin_screenshots.py), taken as the demo's contributor, editor and admin.
admin-screenshots: venv
	$(BIN)/python manage.py take_admin_screenshots

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-wal db.sqlite3-shm media collected-static
