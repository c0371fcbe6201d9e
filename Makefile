# Aula Climática. `make demo` runs the site with demo content; `make test` runs every check.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
# Debian packages the project needs: Chromium for the browser tests; Pango and HarfBuzz for
# WeasyPrint (certificates); nginx and systemd-analyze to check deploy/ (tests/operacion/);
# gettext for `make traducciones`.
APT_PACKAGES := chromium libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 nginx-light systemd gettext
PYTEST_ARGS ?=

# The first Python >= 3.12 found: on PATH, then pyenv's versions, then the usual prefixes.
PYTHON_SYS := $(shell for p in python3.13 python3.12 python3 \
	$$HOME/.pyenv/versions/3.1[2-9]*/bin/python3 /usr/local/bin/python3.1[2-9] /usr/bin/python3.1[2-9]; do \
	  c=$$(command -v $$p 2>/dev/null) || continue; \
	  "$$c" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { echo "$$c"; break; }; \
	done)

.PHONY: help demo serve test test-postgres test-produccion fuzz lint check sysdeps traducciones bench bench-http bench-reportes clean

help:
	@echo "make demo           install, migrate, load demo content and serve on http://127.0.0.1:8000 with a task worker"
	@echo "make serve          production settings: migrate, collect static files, gunicorn and a task worker"
	@echo "make test           ruff, manage.py check, makemigrations --check and the whole test suite"
	@echo "make test-postgres  the suite against DATABASE_URL (PostgreSQL), including race tests"
	@echo "make test-produccion  gunicorn, db_worker processes and Redis as in production (DATABASE_URL, REDIS_URL)"
	@echo "make fuzz           10,000 hostile requests at every URL; prints the status histogram"

$(VENV)/.instalado: pyproject.toml
	@if [ -z "$(PYTHON_SYS)" ]; then \
	  echo "No se encontró Python >= 3.12. Instálalo (p. ej. 'pyenv install 3.12') y vuelve a intentar."; exit 1; fi
	@echo "Usando $(PYTHON_SYS)"
	"$(PYTHON_SYS)" -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	@touch $@

sysdeps:
	@faltan=""; for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || faltan="$$faltan $$p"; done; \
	if [ -n "$$faltan" ]; then \
	  if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
	    echo "Instalando paquetes del sistema:$$faltan"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$faltan >/dev/null; \
	  else \
	    echo "Faltan paquetes del sistema. Ejecuta:"; \
	    echo "  sudo apt-get install -y$$faltan"; exit 1; \
	  fi; \
	fi

demo: $(VENV)/.instalado sysdeps
	$(PY) manage.py crear_clave_certificados --si-no-existe
	$(PY) manage.py migrate --noinput
	$(PY) manage.py cargar_demo
	@# The demo's own search-index and reference-index updates, done before the site opens.
	$(PY) manage.py db_worker --batch --no-reload --no-startup-delay --verbosity 0
	@echo "Aula Climática en http://127.0.0.1:8000  (admin: http://127.0.0.1:8000/admin/)"
	@echo "El sitio y un trabajador de tareas (db_worker, emite las constancias) corren juntos; Ctrl-C detiene ambos."
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" $(VENV)/bin/honcho --procfile Procfile.dev start --port 8000

# Production settings on this machine: the environment must hold what config.settings.production
# reads (README, «Operación»: SECRET_KEY, DATABASE_URL, ALLOWED_HOSTS…). gunicorn and one
# db_worker under honcho, as deploy/systemd/ runs them on a server.
serve: $(VENV)/.instalado sysdeps
	@test -n "$$SECRET_KEY" && test -n "$$DATABASE_URL" || { echo "Define SECRET_KEY y DATABASE_URL (y el resto de variables de producción del README) antes de «make serve»."; exit 1; }
	DJANGO_SETTINGS_MODULE=config.settings.production $(PY) manage.py migrate --noinput
	DJANGO_SETTINGS_MODULE=config.settings.production $(PY) manage.py collectstatic --noinput --verbosity 0
	DJANGO_SETTINGS_MODULE=config.settings.production $(PY) manage.py check --deploy
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" $(VENV)/bin/honcho --procfile Procfile start

# The project's Spanish for third-party strings (locale/es/LC_MESSAGES/django.po). The compiled
# .mo is committed, so a fresh checkout shows it without gettext; after editing the .po, run this
# (tests/test_traducciones.py fails while the .mo lags behind the .po).
traducciones: $(VENV)/.instalado sysdeps
	$(PY) manage.py compilemessages --locale es

lint: $(VENV)/.instalado
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

check: $(VENV)/.instalado
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py check --fail-level WARNING
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py makemigrations --check --dry-run

# The browser tests run in their own pytest process: on in-memory SQLite, once a plain `db`
# test has run, serialized_rollback no longer restores the rows migrations created (Wagtail's
# root and home pages, the municipalities) for the live-server tests (Django 6 + pytest-django).
# They use a SQLite file, not memory: the live server's threads then keep their own connections
# (see config/settings/test.py).
test: $(VENV)/.instalado sysdeps lint check
	$(VENV)/bin/pytest -m "not postgres and not browser and not produccion" $(PYTEST_ARGS)
	AULA_PRUEBAS_SQLITE_EN_ARCHIVO=1 $(VENV)/bin/pytest -m "browser" $(PYTEST_ARGS)

# The fuzz suite runs in `make test` (SQLite) and `make fuzz`; on PostgreSQL its module-wide
# connection was found closed after its first cases (under investigation), so it is left out here.
test-postgres: $(VENV)/.instalado sysdeps
	@test -n "$$DATABASE_URL" || { echo "DATABASE_URL no está definida (postgres://…)"; exit 1; }
	$(VENV)/bin/pytest -m "not browser and not produccion and not fuzz" $(PYTEST_ARGS)
	$(VENV)/bin/pytest -m "browser" $(PYTEST_ARGS)

# The site as production runs it (tests/produccion): gunicorn with 2 workers, two db_worker
# processes, Redis for the shared cache, on a database of its own beside DATABASE_URL's.
test-produccion: $(VENV)/.instalado sysdeps
	@test -n "$$DATABASE_URL" || { echo "DATABASE_URL no está definida (postgres://…)"; exit 1; }
	@test -n "$$REDIS_URL" || { echo "REDIS_URL no está definida (redis://…; p. ej. redis-server --port 6390)"; exit 1; }
	$(VENV)/bin/pytest -m "produccion" tests/produccion $(PYTEST_ARGS)

# The fuzz suite's big run (tests/fuzz): FUZZ_EJEMPLOS requests over every route of the
# URLconf and every live page, as a visitor, a learner and staff; 0 server errors expected.
FUZZ_EJEMPLOS ?= 10000
fuzz: $(VENV)/.instalado sysdeps
	FUZZ_EJEMPLOS=$(FUZZ_EJEMPLOS) $(VENV)/bin/pytest -m fuzz tests/fuzz -p no:randomly $(PYTEST_ARGS)

bench: $(VENV)/.instalado sysdeps
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) bench/paginas.py
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) bench/evaluaciones.py
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) bench/certificados.py

# The learner pages over HTTP under production settings (gunicorn, 2 workers), loaded with
# Debian's wrk beside a bare Django view: see bench/http.py. On PostgreSQL too when DATABASE_URL
# names one (the bench creates and drops a database of its own beside it).
bench-http: $(VENV)/.instalado
	@$(MAKE) --no-print-directory sysdeps APT_PACKAGES=wrk
	$(PY) bench/http.py
	@if [[ "$$DATABASE_URL" == postgres* ]]; then $(PY) bench/http.py --db postgres; fi

# The Red's reports, dashboard, map and public page timed on PostgreSQL holding the synthetic
# data (manage.py generar_datos_sinteticos --semilla N): see bench/reportes.py.
bench-reportes: $(VENV)/.instalado
	@test -n "$$DATABASE_URL" || { echo "DATABASE_URL no está definida: indica la base PostgreSQL con los datos sintéticos (postgres://usuario:clave@host/base)."; exit 1; }
	$(PY) bench/reportes.py

clean:
	rm -rf $(VENV) db.sqlite3 static_root artefactos .pytest_cache .ruff_cache
