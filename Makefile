# Mandate Tracker: `make run` to try it, `make test` to check it.
# Both create .venv from requirements.txt on first use (Python 3.11+).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-requirements

.PHONY: run test install score clean

$(STAMP): requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (set PYTHON=...)")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	@mkdir -p var
	$(BIN)/python manage.py migrate --noinput
	@for file in seeds/*; do echo; $(BIN)/python manage.py extract "$$file" || exit 1; done

test: $(STAMP)
	$(BIN)/python -m pytest

score: $(STAMP)
	$(BIN)/python ../shared/eval/score.py

clean:
	rm -rf $(VENV) var .pytest_cache
