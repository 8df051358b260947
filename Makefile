# Marquee: `make run` to try it, `make test` to check it. Every target installs what it needs.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
WORKERS ?= $(shell echo $$(( $$(nproc 2>/dev/null || echo 1) * 2 + 1 )))
PYTEST_ARGS ?=

.PHONY: install run serve test lint format bench bench-memory bench-render bench-import bench-mentions proxy-config serve-proxy clean

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

# The dev server, and beside it one background worker (mail, the Akismet check, image sizes),
# stopped with it. Mail goes to this terminal (the console email backend).
run: install .env
	$(PY) manage.py migrate --noinput --verbosity 0
	$(PY) manage.py load_demo
	@$(PY) manage.py db_worker --queue-name '*' --no-reload & worker=$$!; \
		trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
		$(PY) manage.py runserver 127.0.0.1:$(PORT)

serve: install .env
	DJANGO_SETTINGS_MODULE=config.settings.prod $(PY) manage.py migrate --noinput --verbosity 0
	DJANGO_SETTINGS_MODULE=config.settings.prod $(PY) manage.py createcachetable --verbosity 0
	DJANGO_SETTINGS_MODULE=config.settings.prod $(PY) manage.py collectstatic --noinput --verbosity 0
	@DJANGO_SETTINGS_MODULE=config.settings.prod $(PY) manage.py db_worker --queue-name '*' \
		--no-reload & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
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

# Not part of `make test`: production servers on PostgreSQL and Redis (127.0.0.1), measured with
# wrk, page cache cold and warm and through nginx. BENCH_SIZE=demo is quick; full is the issue's.
BENCH_SIZE ?= full
bench: install
	BENCH_SIZE=$(BENCH_SIZE) $(PY) benchmarks/bench_http.py

# One production worker's resident memory over 10,000 requests for distinct pages (target: < 150 MB).
bench-memory: install
	BENCH_SIZE=$(BENCH_SIZE) $(PY) benchmarks/bench_memory.py

# The old in-process timing of each page's render (test client, page cache off).
bench-render: install
	$(PY) benchmarks/bench_pages.py

# The IMDb importer reads a generated 1-million-row title.principals file: peak memory stays bounded.
bench-import: install
	$(PY) benchmarks/bench_import.py

# Mentions: one 5,000-word post against 10,000 films and 50,000 people, recognised and linked (budget 200 ms).
bench-mentions: install
	$(PY) benchmarks/bench_mentions.py

# nginx in front of `make serve`: static and media from disk, anonymous pages kept briefly.
NGINX ?= /usr/sbin/nginx
PROXY_PORT ?= 8080
PROXY_DIR := $(CURDIR)/var/nginx
MEDIA_DIR ?= $(CURDIR)/var/media

proxy-config: ops/nginx/marquee.conf.in
	@mkdir -p $(PROXY_DIR)/cache
	@sed -e 's|@USER@|$(shell id -un)|g' -e 's|@RUN@|$(PROXY_DIR)|g' \
		-e 's|@APP_PORT@|$(PORT)|g' -e 's|@PROXY_PORT@|$(PROXY_PORT)|g' \
		-e 's|@STATIC_ROOT@|$(CURDIR)/var/static|g' -e 's|@MEDIA_ROOT@|$(MEDIA_DIR)|g' \
		$< > $(PROXY_DIR)/nginx.conf
	@$(NGINX) -t -q -p $(PROXY_DIR)/ -c $(PROXY_DIR)/nginx.conf

serve-proxy: install .env
	@command -v $(NGINX) >/dev/null || { echo "nginx is missing: apt-get install nginx-light"; exit 2; }
	@$(MAKE) --no-print-directory proxy-config
	$(NGINX) -p $(PROXY_DIR)/ -c $(PROXY_DIR)/nginx.conf
	@echo "Marquee: http://127.0.0.1:$(PROXY_PORT)/ (nginx) in front of 127.0.0.1:$(PORT)"
	@trap '$(NGINX) -p $(PROXY_DIR)/ -c $(PROXY_DIR)/nginx.conf -s quit' EXIT INT TERM; \
		MARQUEE_CLIENT_IP_HEADER=HTTP_X_REAL_IP $(MAKE) --no-print-directory serve

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
