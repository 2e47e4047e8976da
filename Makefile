# make run   installs and trains as needed, then the whole stack with the bot
#            (Telegram if TELEGRAM_BOT_TOKEN is set, otherwise a console chat)
# make test  everything CI checks, from a fresh clone
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV       := .venv
PY         := $(VENV)/bin/python
RASA       := $(VENV)/bin/rasa
INSTALLED  := $(VENV)/.installed
SPACY_PIPE := build/spacy/en_blank
MODEL      := models/.trained
TRAINING   := config.yml domain.yml $(shell find data/nlu data/stories data/rules -name '*.yml' 2>/dev/null)
RASA_DATA  := --data data/nlu data/stories data/rules

# Local settings and secrets, never committed (see .env.example).
ifneq (,$(wildcard .env))
include .env
export $(shell sed -n 's/^\([A-Za-z_][A-Za-z0-9_]*\)=.*/\1/p' .env)
endif

export TF_CPP_MIN_LOG_LEVEL ?= 2
export SQLALCHEMY_SILENCE_UBER_WARNING ?= 1
export RASA_TELEMETRY_ENABLED ?= false
export PYTHONPATH := $(CURDIR)

.PHONY: help install train serve stop run console test lint validate test-stories evaluate evaluate-nlu clean \
        check-resources bench-search scaled-up scaled-down test-scaled bench

help:
	@grep -E '^# ' Makefile | sed 's/^# //'

install: $(INSTALLED)
$(INSTALLED): requirements.in requirements.lock scripts/install.sh
	scripts/install.sh
	touch $@

$(SPACY_PIPE)/meta.json: $(INSTALLED) scripts/build_spacy_pipeline.py
	$(PY) scripts/build_spacy_pipeline.py $(SPACY_PIPE)

# Retrain only when the domain, the config or the training data changed.
train: $(MODEL)
$(MODEL): $(TRAINING) $(SPACY_PIPE)/meta.json $(INSTALLED)
	$(RASA) train $(RASA_DATA) --domain domain.yml --config config.yml --out models --fixed-model-name companion
	touch $@

serve: $(MODEL)
	$(PY) -m scripts.stack start

stop:
	$(PY) -m scripts.stack stop

run: $(MODEL)
	$(PY) -m scripts.stack run

lint: $(INSTALLED)
	$(VENV)/bin/ruff check .

validate: $(INSTALLED)
	$(RASA) data validate $(RASA_DATA) --domain domain.yml --config config.yml --fail-on-warnings

test-stories: $(MODEL)
	$(RASA) test core --stories tests/stories --model models --fail-on-prediction-errors --out var/results/stories

# The crisis evaluation alone (held-out sets through the trained model, with
# gates; `make test` runs it too).
evaluate: $(MODEL)
	$(PY) -m pytest -q -s tests/evaluation/test_crisis_gates.py

# Understanding: the external abilities set through the trained model (per label,
# searches, crisis confusions, fallback) and 3-fold cross-validation on data/nlu
# (about 15 minutes on 2 cores; saves tests/evaluation/nlu_cross_validation.json,
# which `make test` checks is for today's data and meets its gates).
evaluate-nlu: $(MODEL)
	$(PY) -m scripts.evaluate_nlu --cv --json var/results/nlu/abilities.json

# The personal-store tests run against SQLite and a real PostgreSQL on loopback,
# started by the scaled-mode scripts and stopped again whatever the result.
test: lint validate $(MODEL)
	TEST_POSTGRES_URL=$$(scripts/scaled/postgres.sh url) $(PY) -m pytest -q; \
	  status=$$?; $(PY) -m scripts.scaled down; exit $$status
	$(MAKE) --no-print-directory test-stories

# The resource directory: size by topic and kind, entries checked over a year
# ago or incomplete (signposting.checker); and the search timing.
check-resources: $(INSTALLED)
	$(PY) -m signposting.checker

bench-search: $(INSTALLED)
	$(PY) scripts/bench_search.py

# Scaled mode on loopback (PostgreSQL, Redis, nginx, two Rasa + two action servers;
# installs the daemons with apt-get when missing). Data under var/scaled/.
scaled-up: $(MODEL)
	$(PY) -m scripts.scaled up

scaled-down:
	$(PY) -m scripts.scaled down

# The scaled tests, and the personal-store tests against PostgreSQL too.
test-scaled: $(MODEL)
	TEST_POSTGRES_URL=$$(scripts/scaled/postgres.sh url) $(PY) -m pytest -q tests/store tests/scaled
	$(PY) -m scripts.scaled down

clean:
	rm -rf models build var/results

# The benchmark (a measurement, not a test): this bot through REST and through bot/
# with a fake Telegram, then Rasa's starter bot under the same load; var/bench/.
bench: $(MODEL)
	$(PY) -m scripts.bench
