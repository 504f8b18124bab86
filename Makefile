# The two commands that matter: `make run` and `make test`. See README.md.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# The address emails and the demo banner link to.
SITE_URL ?= http://$(HOST):$(PORT)

.PHONY: run test lint format migrations-check check-deploy install clean

$(VENV)/.installed: pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is needed (set PYTHON=... to use another 3.11+ interpreter)."; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -c "import tomllib; p = tomllib.load(open('pyproject.toml', 'rb'))['project']; print('\\n'.join(p['dependencies'] + p['optional-dependencies']['test']))" > $(VENV)/requirements.txt
	$(PY) -m pip install --quiet -r $(VENV)/requirements.txt
	touch $@

install: $(VENV)/.installed

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
