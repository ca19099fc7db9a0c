# Youth Justice Case Management — the commands a newcomer needs.
#   make run    install, migrate, load demo data, serve on http://127.0.0.1:$(PORT) with worker and scheduler
#   make test   install and run the whole test suite
# Without DATABASE_URL / REDIS_URL, embedded PostgreSQL and Redis run under var/.

SHELL := /bin/bash
# Debian's own Python 3.11 where the machine has it, even when another one (pyenv's, say) comes
# first on PATH: Debian builds it with profile-guided optimisation, and the API spent about 10%
# less CPU a request on it than on a locally built 3.11 (bench/README.md).
PYTHON ?= $(or $(wildcard /usr/bin/python3.11),$(shell command -v python3.11 || command -v python3))
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export PORT

# Debian packages pip and npm cannot provide: WeasyPrint's Pango and fonts, and
# Chromium for the browser tests; wrk, the load tool of `make bench`; poppler-utils, which
# renders the board report PDF to images for its test; Node.js and npm
# (for GOV.UK Frontend) unless the machine already has them from elsewhere.
# Debian's Python needs python3-venv for `python3 -m venv`.
APT_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core chromium curl wrk poppler-utils \
	$(if $(shell command -v npm),,nodejs npm) \
	$(if $(shell $(PYTHON) -c 'import ensurepip' 2>/dev/null && echo yes),,python3-venv)

.PHONY: run test install system-packages migrate demo serve worker beat lint audit format bench fuzz stop clean

run: install
	$(PY) -m yjs.run

# The test settings named here: importing yjs (as yjs.embedded does) sets the development ones.
# One pytest-xdist worker a core (TEST_WORKERS=0 for one process): each with its own test database,
# Redis database and private files (yjs/settings/test.py); a module's tests stay together in one
# worker, in order (some share what their module builds, or check what its earlier tests did).
TEST_WORKERS ?= auto
test: install
	DJANGO_SETTINGS_MODULE=yjs.settings.test $(PY) -m yjs.embedded exec -- \
	  $(PY) -m pytest $(if $(filter 0,$(TEST_WORKERS)),,-n $(TEST_WORKERS) --dist loadfile --no-loadscope-reorder) $(PYTEST_ARGS)

install: system-packages $(VENV)/.installed node_modules/.installed

system-packages:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:" $$missing; \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing || \
	    { echo "Please install these Debian packages: sudo apt-get install $$missing"; exit 1; }; fi; \
	fi

# The runtime (requirements.txt, all the production image installs) and the development tools
# (requirements-dev.txt, which includes it): tests, lint, audit, demo data, embedded servers.
$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

migrate: install
	$(PY) manage.py migrate --noinput

demo: install
	$(PY) manage.py load_demo

serve: install
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

worker: install
	$(PY) -m celery -A yjs worker --loglevel INFO

beat: install
	$(PY) -m celery -A yjs beat --loglevel INFO --schedule var/celerybeat-schedule

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run

# Known vulnerabilities in the pinned requirements, runtime and development (pip-audit);
# accepted ones are named with their reasons in .ci/pip_audit.py. PIP_AUDIT_STRICT=1 also
# fails when no vulnerability service can be reached.
audit: install
	$(PY) .ci/pip_audit.py

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: install
	$(PY) -m yjs.embedded exec -- $(PY) -m bench

# Schemathesis against the API's schema as every demo role, with new examples each run and
# many more per operation than the test suite's 3 (about 15 minutes on two cores;
# FUZZ_EXAMPLES=100 make fuzz for a longer run), boundary dates and 100 kB text among them;
# FUZZ_OPERATIONS="POST /api/v1/cases/,/api/v1/oocd/" make fuzz for some operations only.
FUZZ_EXAMPLES ?= 25
fuzz: install
	FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(PY) -m yjs.embedded exec -- $(PY) -m pytest -m fuzz tests/security $(PYTEST_ARGS)

stop:
	-$(PY) -m yjs.embedded stop

clean: stop
	rm -rf var .venv node_modules
