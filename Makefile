# Mandate Tracker: `make run` to try it, `make test` to check it.
# Both create .venv from requirements.txt on first use (Python 3.11+).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-requirements

.PHONY: run test install score bench clean

$(STAMP): requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (set PYTHON=...)")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $(STAMP)

install: $(STAMP)

HOST ?= 127.0.0.1
PORT ?= 8000
# The settings build SITE_URL, the address links in emails use, from these.
export TRACKER_HOST := $(HOST)
export TRACKER_PORT := $(PORT)

run: export DEBUG ?= 1
run: $(STAMP)
	@mkdir -p var
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py ingest --quiet seeds/
	@$(BIN)/python manage.py demo
	@echo "Dashboard on http://$(HOST):$(PORT)/ with a Celery worker and beat (Ctrl-C stops all three)"
	$(BIN)/python manage.py serve $(HOST):$(PORT)

test: export DEBUG ?= 1
test: $(STAMP)
	$(BIN)/python -m pytest

bench: $(STAMP)
	@command -v wrk >/dev/null 2>&1 || (apt-get install -y -qq wrk >/dev/null 2>&1 || echo "wrk not installed: the load rows are skipped")
	$(BIN)/python -m bench.run $(BENCH_ARGS)

score: $(STAMP)
	$(BIN)/python ../shared/eval/score.py

clean:
	rm -rf $(VENV) var .pytest_cache
