# Quartierswerk: `make run` serves the demo as users get it, `make dev` starts the debug server,
# `make test` runs the whole suite.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run dev test setup setup-dev system-deps browser-deps vendor messages lint bench clean

$(PY):
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is needed: install python3.11 (Debian: apt-get install python3.11 python3.11-venv)."; exit 1; }
	@$(PYTHON) -c "import ensurepip" 2>/dev/null || { echo "Python's venv module is missing: install python3.11-venv (Debian: apt-get install python3.11-venv)."; exit 1; }
	$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); exit 1; }
	$(PIP) install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(PY)
	$(PIP) install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(PY)
	$(PIP) install --quiet -r requirements-dev.txt
	touch $(VENV)/.installed $@

## WeasyPrint needs Pango. Installed with apt-get when run as root; otherwise we say what to install.
system-deps: $(VENV)/.installed
	@if ! $(PY) -c "import weasyprint" >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
	    echo "Installing Pango for PDF reports (apt-get)…"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b fonts-dejavu-core >/dev/null; \
	  else \
	    echo "PDF reports need Pango. Please run: sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b fonts-dejavu-core"; exit 1; \
	  fi; \
	fi

## Chromium and axe-core for the browser and accessibility tests.
browser-deps:
	@if ! command -v chromium >/dev/null; then \
	  if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
	    echo "Installing Chromium for the browser tests (apt-get)…"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "Browser tests need Chromium: sudo apt-get install chromium (they are skipped without it)."; \
	  fi; \
	fi
	@if [ ! -f node_modules/axe-core/axe.min.js ]; then \
	  if command -v npm >/dev/null; then npm ci --no-audit --no-fund --silent; \
	  else echo "Accessibility tests need npm (apt-get install npm); they are skipped without it."; fi; \
	fi

setup: $(VENV)/.installed system-deps
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py seed_demo

setup-dev: $(VENV)/.installed-dev system-deps browser-deps

## A secret key of this machine for `make run`, kept out of git (.gitignore).
SECRET_KEY_FILE := .secret_key
$(SECRET_KEY_FILE):
	@umask 077 && $(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))" > $@

# The product as a user gets it: DEBUG off, static files collected and served by WhiteNoise,
# the app's own error pages. HTTPS=0: plain http on this machine, so no redirect and no
# secure-only cookies. A SECRET_KEY from the environment wins over the generated one.
RUN_ENV = DEBUG=0 HTTPS=0 SECRET_KEY="$${SECRET_KEY:-$$(cat $(SECRET_KEY_FILE))}"

define DEMO_LOGINS
	@echo ""
	@echo "Quartierswerk runs on http://$(1):$(PORT)/  (stop with Ctrl+C)"
	@echo "Demo logins, password for all: demo-passwort"
	@echo "  admin@demo.example                   administrator (/admin/)"
	@echo "  koordination@demo.example            coordinator, Stadt Musterstadt"
	@echo "  koordination-diakonie@demo.example   coordinator, Diakonie Beispielkreis"
	@echo "  manager-altstadt@demo.example        quartier manager, Altstadt"
	@echo "  manager-nord@demo.example            quartier manager, Nordviertel and Am Bahnhof"
	@echo "  entwicklung-altstadt@demo.example    quartier developer, Altstadt"
	@echo "  partner@demo.example                 partner, Altstadt"
	@echo "  gast@demo.example                    viewer, Altstadt"
	@echo ""
endef

run: $(VENV)/.installed system-deps $(SECRET_KEY_FILE)
	$(RUN_ENV) $(PY) manage.py migrate --noinput
	$(RUN_ENV) $(PY) manage.py seed_demo --force
	$(RUN_ENV) $(PY) manage.py collectstatic --noinput -v 0
	$(call DEMO_LOGINS,127.0.0.1)
	@# Without REDIS_URL a report renders inside its request: threads keep the other pages
	@# answering meanwhile. Nothing stops a render there; one that finishes after 300 s is failed
	@# as "took too long" afterwards. The server's timeout (330 s) is above that, and a render that
	@# hangs longer counts as lost after 330 s and can be tried again.
	$(RUN_ENV) exec $(VENV)/bin/gunicorn config.wsgi:application --bind 127.0.0.1:$(PORT) \
	  --workers 2 --threads 4 --timeout 330 --access-logfile - --error-logfile -

## The autoreloading debug server for development (DEBUG on, static files from static/).
dev: setup
	$(call DEMO_LOGINS,$(HOST))
	DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

test: setup-dev
	$(VENV)/bin/pytest $(PYTEST_ARGS)

## Copy the front-end files from the npm packages into static/vendor/.
vendor:
	npm ci --no-audit --no-fund --silent
	mkdir -p static/vendor/bootstrap static/vendor/htmx static/vendor/leaflet static/vendor/leaflet-draw
	cp node_modules/bootstrap/dist/css/bootstrap.min.css node_modules/bootstrap/dist/css/bootstrap.min.css.map node_modules/bootstrap/dist/js/bootstrap.bundle.min.js node_modules/bootstrap/dist/js/bootstrap.bundle.min.js.map node_modules/bootstrap/LICENSE static/vendor/bootstrap/
	cp node_modules/htmx.org/dist/htmx.min.js node_modules/htmx.org/LICENSE static/vendor/htmx/
	cp -r node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.js.map node_modules/leaflet/dist/leaflet.css node_modules/leaflet/dist/images node_modules/leaflet/LICENSE static/vendor/leaflet/
	cp -r node_modules/leaflet-draw/dist/leaflet.draw.js node_modules/leaflet-draw/dist/leaflet.draw.css node_modules/leaflet-draw/dist/images static/vendor/leaflet-draw/

## Refresh and compile the translation catalogues (needs gettext).
messages: $(VENV)/.installed
	$(PY) manage.py makemessages -l de -l en --ignore=.venv --ignore=node_modules --ignore=staticfiles
	$(PY) manage.py compilemessages --ignore=.venv

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

## The benchmarks print wall and CPU time; one that misses its target says so and the others still run.
bench: $(VENV)/.installed-dev
	-$(PY) bench/pages.py
	-$(PY) bench/measures.py
	-$(PY) bench/indicator_import.py
	-$(PY) bench/catchment.py
	-$(PY) bench/network.py
	-$(PY) bench/survey_results.py
	-$(PY) bench/survey_load.py
	-$(PY) bench/time_chart.py
	-$(PY) bench/portfolio_staff.py

clean:
	rm -rf $(VENV) db.sqlite3 .test-db.sqlite3 media .test-media staticfiles node_modules $(SECRET_KEY_FILE)
