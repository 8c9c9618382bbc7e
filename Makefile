# Two commands for a fresh machine: `make run` serves the demo site, `make test` runs what CI runs.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
PG_URL ?= postgres://postgres@127.0.0.1:5432/clinic_cms
REDIS_TEST_URL ?= redis://127.0.0.1:6379/15
# Parallel test workers (pytest-xdist): one per core. Each worker has its own test database and Redis database.
TEST_WORKERS ?= auto
# The links `make run` prints follow HOST and PORT, unless WAGTAILADMIN_BASE_URL is set.
RUN_URL_ENV = WAGTAILADMIN_BASE_URL="$${WAGTAILADMIN_BASE_URL:-http://$(HOST):$(PORT)}"
TEMPLATE_DIRS := $(wildcard templates treatments/templates galleries/templates)

.PHONY: run test lint format bench install pytest pytest-postgres browser-deps proxy-deps clean

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)

# The task worker (webhook deliveries) runs beside the web server and stops with it. Without the reloader: one
# process to stop (the web server still reloads; restart `make run` after changing a task).
run: $(STAMP)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(RUN_URL_ENV) $(BIN)/python manage.py load_demo
	$(BIN)/python manage.py build_api_documents
	$(RUN_URL_ENV) $(BIN)/python manage.py ensure_admin
	$(RUN_URL_ENV) $(BIN)/python manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

lint: $(STAMP)
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(if $(TEMPLATE_DIRS),$(BIN)/djhtml --check $(TEMPLATE_DIRS))

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .
	$(if $(TEMPLATE_DIRS),$(BIN)/djhtml $(TEMPLATE_DIRS))

# Everything CI runs: lint, Django checks, migrations check, the suite on SQLite, then on PostgreSQL when one answers.
test: lint browser-deps proxy-deps
	DJANGO_SETTINGS_MODULE=clinic_site.settings.test $(BIN)/python manage.py check
	DJANGO_SETTINGS_MODULE=clinic_site.settings.test $(BIN)/python manage.py makemigrations --check --dry-run
	$(MAKE) pytest
	$(MAKE) pytest-postgres

pytest: $(STAMP)
	REDIS_TEST_URL=$(REDIS_TEST_URL) $(BIN)/pytest -n $(TEST_WORKERS)

pytest-postgres: $(STAMP)
	@if $(BIN)/python -c "import psycopg; psycopg.connect('$(PG_URL:/clinic_cms=/postgres)', connect_timeout=3).close()" 2>/dev/null; then \
		echo "== PostgreSQL answers: running the suite against it"; \
		DATABASE_URL=$(PG_URL) REDIS_TEST_URL=$(REDIS_TEST_URL) $(BIN)/pytest -n $(TEST_WORKERS) -m "not browser"; \
	else \
		echo "== No PostgreSQL on 127.0.0.1:5432: skipping the PostgreSQL run"; \
	fi

# Debian's chromium for the browser tests; never a browser download. Skipped quietly where apt is not usable.
browser-deps:
	@command -v chromium >/dev/null 2>&1 || { \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
			echo "== Installing Debian's chromium for browser tests"; \
			(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
				|| echo "== Could not install chromium: browser tests will skip"; \
		else echo "== chromium not installed and apt not usable: browser tests will skip"; fi; }

# Debian's varnish and varnish-modules (xkey) for the caching proxy tests. Skipped quietly where apt is not usable.
proxy-deps:
	@{ command -v varnishd >/dev/null 2>&1 || [ -x /usr/sbin/varnishd ]; } \
		&& find /usr/lib -maxdepth 4 -path '*/varnish/vmods/libvmod_xkey.so' 2>/dev/null | grep -q . || { \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
			echo "== Installing Debian's varnish and varnish-modules for the caching proxy tests"; \
			(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq varnish varnish-modules >/dev/null) \
				|| echo "== Could not install varnish: caching proxy tests will skip"; \
		else echo "== varnish not installed and apt not usable: caching proxy tests will skip"; fi; }

bench: $(STAMP)
	$(BIN)/python bench/run.py
	$(BIN)/python bench/image_uploads.py
	$(BIN)/python bench/import_speed.py
	$(BIN)/python bench/sync_speed.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
