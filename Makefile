# The two commands of the README:
#   make demo   set up and run the tracker with demo data (SQLite, no servers needed)
#               (make demo-sso: the same, logging in through the demo's test login)
#   make test   set up and run the whole test suite (SQLite, or PostgreSQL via DATABASE_URL)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
IDP_PORT ?= 8766

.PHONY: demo demo-data demo-sso test lint messages system-packages bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

# The web server in the foreground; one Celery worker with the beat schedule (reminders) in the
# background on the filesystem broker, its log and the mails it sends in var/celery.log. Ctrl-C
# stops both.
# Links in mails and the login hint follow the port the tracker runs on.
demo-data: $(VENV)/.runtime
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py seed_demo

demo: export SITE_URL ?= http://127.0.0.1:$(PORT)
demo: demo-data
	@echo "Celery worker and beat (reminders) run in the background; log and mails: var/celery.log"
	$(BIN)/celery -A apvtracker worker -B --pool=solo --loglevel=info --logfile=var/celery.log & \
	  worker=$$!; trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	  $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# `make demo` with single sign-on: the demo's test login (an OpenID Connect provider that logs
# in whoever is clicked on its page, apps/demo/identity_provider.py) in the background on
# 127.0.0.1:$(IDP_PORT), beside the worker; Ctrl-C stops all three. The tracker's OIDC_* are
# those `manage.py demo_identity_provider` prints (tests/demo/test_identity_provider.py checks
# they agree). The demo's coordinators have no authenticator app, so the test login counts as
# their second factor (OIDC_TRUST_MFA), should APV_REQUIRE_SECOND_FACTOR be turned on.
demo-sso: export SITE_URL ?= http://127.0.0.1:$(PORT)
demo-sso: export OIDC_RP_CLIENT_ID = apv-tracker
demo-sso: export OIDC_RP_CLIENT_SECRET = test-secret-not-for-production
demo-sso: export OIDC_OP_DISCOVERY = http://127.0.0.1:$(IDP_PORT)/.well-known/openid-configuration
demo-sso: export OIDC_PROVIDER_NAME = Nordby Kommunes test-login
demo-sso: export OIDC_TRUST_MFA = true
demo-sso: demo-data
	@echo "Celery worker and beat (reminders) run in the background; log and mails: var/celery.log"
	@echo "The test login runs on http://127.0.0.1:$(IDP_PORT); the tracker: $(SITE_URL)/admin/"
	$(BIN)/python manage.py demo_identity_provider --port $(IDP_PORT) & idp=$$!; \
	  $(BIN)/celery -A apvtracker worker -B --pool=solo --loglevel=info --logfile=var/celery.log & \
	  worker=$$!; \
	  trap 'kill $$worker $$idp 2>/dev/null; wait $$worker $$idp 2>/dev/null' EXIT INT TERM; \
	  $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# Tests that need Redis start a private redis-server when no REDIS_URL is given.
system-packages:
	@command -v redis-server >/dev/null 2>&1 || { \
	  echo "Installing redis-server (Debian package) for the tests"; \
	  apt-get update -qq && apt-get install -y -qq redis-server >/dev/null; }
	@# The dashboard's browser test drives Debian's Chromium (Playwright cannot download one here).
	@test -x /usr/bin/chromium || { \
	  echo "Installing chromium (Debian package) for the browser tests"; \
	  apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }
	@# WeasyPrint (the PDF report) needs Pango and a font.
	@ldconfig -p | grep -q libpangoft2-1.0 && test -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf || { \
	  echo "Installing Pango and fonts (Debian packages) for the PDF report"; \
	  apt-get update -qq && apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 \
	    fonts-dejavu-core >/dev/null; }

lint: $(VENV)/.dev
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .

test: $(VENV)/.dev system-packages lint
	DJANGO_SETTINGS_MODULE=apvtracker.settings.test $(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest

# The municipality benchmark on PostgreSQL (bench/run.py): builds a tenth, the full size and ten
# times in databases of their own, measures them side by side and writes docs/performance.md.
# BENCH_POSTGRES names the server (default postgres://postgres@127.0.0.1:5432); SIZES narrows it.
SIZES ?= tenth,full,tenfold
$(VENV)/.bench: requirements-bench.txt $(VENV)/.dev
	$(BIN)/pip install --quiet -r requirements-bench.txt
	touch $@

bench: $(VENV)/.bench
	$(BIN)/python -m bench.run --sizes $(SIZES)

# Regenerate the Danish catalogue after changing user-facing strings (needs gettext).
messages: $(VENV)/.dev
	$(BIN)/python manage.py makemessages --locale da --ignore .venv --no-location
	$(BIN)/python manage.py compilemessages --locale da --ignore .venv
