# Marquee: `make run` to try it, `make test` to check it. Every target installs what it needs.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
WORKERS ?= $(shell echo $$(( $$(nproc 2>/dev/null || echo 1) * 2 + 1 )))
PYTEST_ARGS ?=

.PHONY: install run serve test lint format bench clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $@

# A local, git-ignored .env: debug on and a secret key generated once for this checkout.
.env:
	@$(PYTHON) -c "import secrets; print('DJANGO_DEBUG=1'); print('DJANGO_SECRET_KEY=' + secrets.token_urlsafe(50))" > $@
	@echo "Wrote .env (DJANGO_DEBUG=1 and a new secret key)."

run: install .env
	$(PY) manage.py migrate --noinput --verbosity 0
	$(PY) manage.py load_demo
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

serve: install .env
	DJANGO_SETTINGS_MODULE=config.settings.prod $(PY) manage.py migrate --noinput --verbosity 0
	DJANGO_SETTINGS_MODULE=config.settings.prod $(PY) manage.py createcachetable --verbosity 0
	DJANGO_SETTINGS_MODULE=config.settings.prod $(PY) manage.py collectstatic --noinput --verbosity 0
	DJANGO_SETTINGS_MODULE=config.settings.prod $(VENV)/bin/gunicorn config.wsgi \
		--bind 127.0.0.1:$(PORT) --workers $(WORKERS) --worker-class sync --access-logfile -

# Test-only tools pinned in package-lock.json: axe-core (browser tests) and vnu.jar (HTML checker).
# --ignore-scripts: vnu-jar's install script would fetch a Java runtime; the machine's Java runs it.
node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --no-audit --no-fund --ignore-scripts && touch $@; \
	else \
		echo "NOTE: npm is missing, so axe-core and vnu.jar are not installed; the accessibility"; \
		echo "      and HTML checks will be skipped (apt-get install npm; .ci/run installs it)."; \
	fi

# Browser tests need Debian's chromium; skip them locally with PYTEST_ARGS='-m "not browser"'.
test: install node_modules/.installed
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: install
	$(PY) benchmarks/bench_pages.py

.PHONY: backup restore

# The database and MEDIA_ROOT in one dated file under var/backups/ (production: run with
# DJANGO_SETTINGS_MODULE=config.settings.prod set, as for every manage.py command there).
backup: install
	$(PY) manage.py backup

# Asks before replacing anything; stop the site first.
restore: install
	@test -n "$(FILE)" || { echo "Usage: make restore FILE=var/backups/marquee-<date>.tar"; exit 2; }
	$(PY) manage.py restore "$(FILE)"

.PHONY: soak

# Not part of `make test`: two production servers on one PostgreSQL and one Redis (both on
# 127.0.0.1) under readers and commenters for a few minutes, with a restart and a database cut.
soak: install
	$(PY) benchmarks/soak.py

clean:
	rm -rf $(VENV) var
