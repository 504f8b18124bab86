# The two commands that matter: `make run` and `make test`. See README.md.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# The address emails and the demo banner link to.
SITE_URL ?= http://$(HOST):$(PORT)

.PHONY: run test lint format migrations-check check-deploy install clean

# Every dependency, direct or not, at the version and with the file hashes in the lock files:
# requirements/lock.txt (the project and its test tools, for `make install`, `make test` and CI)
# and requirements/production.txt (the project alone, for the Dockerfile). Both are resolved from
# pyproject.toml's pins for Linux x86_64 and Python 3.11 by `make lock` (docs/deployment.md).
LOCK := requirements/lock.txt
PRODUCTION_LOCK := requirements/production.txt

$(VENV)/.installed: $(LOCK)
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is needed (set PYTHON=... to use another 3.11+ interpreter)."; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes -r $(LOCK)
	touch $@

install: $(VENV)/.installed

## Resolve the lock files again after a pin in pyproject.toml changed (other versions stay).
## `make upgrade` also moves every indirect dependency to its newest release the pins allow.
## uv reads UV_INDEX_URL / UV_EXTRA_INDEX_URL, not pip's configuration: point them at the
## index pip uses if that is not PyPI.
UV_COMPILE = $(VENV)/bin/uv pip compile --quiet --generate-hashes --python-version 3.11 \
	--python-platform x86_64-manylinux_2_28 --annotation-style line
.PHONY: lock upgrade
lock: install
	$(UV_COMPILE) pyproject.toml --extra test $(UPGRADE) -o $(LOCK)
	$(UV_COMPILE) pyproject.toml -c $(LOCK) $(UPGRADE) -o $(PRODUCTION_LOCK)

upgrade:
	$(MAKE) lock UPGRADE=--upgrade

## Run the platform with demo data on the embedded default (SQLite, eager tasks, email to the outbox).
run: install
	DJANGO_SETTINGS_MODULE=cop_platform.settings.dev $(PY) manage.py migrate --noinput
	SITE_URL=$(SITE_URL) DJANGO_SETTINGS_MODULE=cop_platform.settings.dev $(PY) manage.py seed_demo
	SITE_URL=$(SITE_URL) DJANGO_SETTINGS_MODULE=cop_platform.settings.dev $(PY) manage.py runserver $(HOST):$(PORT)

## Run the whole suite: starts real PostgreSQL, Redis and a Celery worker, and drives Chromium.
test: install
	PY=$(PY) bash scripts/test.sh $(PYTEST_ARGS)

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(VENV)/bin/lint-imports

format: install
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

migrations-check: install
	DJANGO_SETTINGS_MODULE=cop_platform.settings.dev $(PY) manage.py makemigrations --check --dry-run

check-deploy: install
	DJANGO_SETTINGS_MODULE=cop_platform.settings.production DJANGO_SECRET_KEY=check-deploy-$$RANDOM-abcdefghijklmnopqrstuvwxyz0123456789-ABCDEFG \
	DJANGO_ALLOWED_HOSTS=cop.example.org SITE_URL=https://cop.example.org \
	$(PY) manage.py check --deploy --fail-level WARNING

## Back up the database (DATABASE_URL) and uploaded files (COP_MEDIA_ROOT) into BACKUP_DIR.
BACKUP_DIR ?= var/backups
.PHONY: backup restore
backup:
	bash scripts/backup.sh $(BACKUP_DIR)

## Restore BACKUP (a directory made by make backup) into an empty database and media root.
restore:
	@test -n "$(BACKUP)" || { echo "usage: make restore BACKUP=var/backups/cop-<time>"; exit 1; }
	bash scripts/restore.sh $(BACKUP)

clean:
	rm -rf $(VENV) staticfiles var/test-services
