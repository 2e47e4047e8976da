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

.PHONY: help install train serve stop run test lint validate test-stories evaluate evaluate-nlu clean \
        check-resources bench-search scaled-up scaled-down test-scaled bench \
        leaflet usage-report prune

help: ## list the targets with what each does
	@sed -n 's/^\([a-z-]*\):.*## \(.*\)$$/\1|\2/p' Makefile | awk -F'|' '{printf "  make %-16s %s\n", $$1, $$2}'

install: $(INSTALLED) ## .venv from requirements.lock, only when the requirements changed
$(INSTALLED): requirements.in requirements.lock scripts/install.sh
	scripts/install.sh
	touch $@

$(SPACY_PIPE)/meta.json: $(INSTALLED) scripts/build_spacy_pipeline.py
	$(PY) scripts/build_spacy_pipeline.py $(SPACY_PIPE)

# Retrain only when the domain, the config or the training data changed.
train: $(MODEL) ## train the Rasa model, only when domain.yml, config.yml or data/ changed
$(MODEL): $(TRAINING) $(SPACY_PIPE)/meta.json $(INSTALLED)
	$(RASA) train $(RASA_DATA) --domain domain.yml --config config.yml --out models --fixed-model-name companion
	touch $@

serve: $(MODEL) ## start the action server and Rasa in the background; returns once both answer
	$(PY) -m scripts.stack start

stop: ## stop what serve started
	$(PY) -m scripts.stack stop

run: $(MODEL) ## install, train and serve as needed, then the bot (console chat without a token)
	$(PY) -m scripts.stack run

prune: $(INSTALLED) ## one retention pass now, for cron (bot/ also runs one at start and daily)
	$(PY) -m scripts.stack prune

lint: $(INSTALLED) ## ruff over the whole tree
	$(VENV)/bin/ruff check .

validate: $(INSTALLED) ## rasa data validate --fail-on-warnings
	$(RASA) data validate $(RASA_DATA) --domain domain.yml --config config.yml --fail-on-warnings

test-stories: $(MODEL) ## Rasa test stories with --fail-on-prediction-errors
	$(RASA) test core --stories tests/stories --model models --fail-on-prediction-errors --out var/results/stories

# The crisis evaluation alone (held-out sets through the trained model, with
# gates; `make test` runs it too).
evaluate: $(MODEL) ## the crisis evaluation alone (held-out sets through the trained model, with gates)
	$(PY) -m pytest -q -s tests/evaluation/test_crisis_gates.py

# Understanding: the external abilities set through the trained model (per label,
# searches, crisis confusions, fallback) and cross-validation on data/nlu (one fixed
# held-out fifth, a model trained on the rest: about a minute); reports in var/results/nlu/.
# `make test` runs the same measures with their gates (tests/evaluation/test_understanding.py).
evaluate-nlu: $(MODEL) ## understanding: the external abilities set per label, and cross-validation on data/nlu
	$(PY) -m scripts.evaluate_nlu --cv --json var/results/nlu/abilities.json

# The personal-store tests run against SQLite and a real PostgreSQL on loopback,
# started by the scaled-mode scripts and stopped again whatever the result.
test: lint validate $(MODEL) ## everything CI checks: lint, validate, pytest (PostgreSQL too), test stories
	TEST_POSTGRES_URL=$$(scripts/scaled/postgres.sh url) $(PY) -m pytest -q; \
	  status=$$?; $(PY) -m scripts.scaled down; exit $$status
	$(MAKE) --no-print-directory test-stories

# The resource directory: size by topic and kind, entries checked over a year
# ago or incomplete (signposting.checker); and the search timing.
check-resources: $(INSTALLED) ## the resource directory by topic and kind; stale or incomplete entries
	$(PY) -m signposting.checker

bench-search: $(INSTALLED) ## directory search timing
	$(PY) scripts/bench_search.py

# Scaled mode on loopback (PostgreSQL, Redis, nginx, two Rasa + two action servers;
# installs the daemons with apt-get when missing). Data under var/scaled/.
scaled-up: $(MODEL) ## PostgreSQL, Redis, nginx, two Rasa and two action servers on loopback
	$(PY) -m scripts.scaled up

scaled-down: ## stop the scaled layout (data stays in var/scaled/)
	$(PY) -m scripts.scaled down

# The scaled tests, and the personal-store tests against PostgreSQL too.
test-scaled: $(MODEL) ## the scaled tests, and the personal-store tests against PostgreSQL
	TEST_POSTGRES_URL=$$(scripts/scaled/postgres.sh url) $(PY) -m pytest -q tests/store tests/scaled
	$(PY) -m scripts.scaled down

clean: ## remove models, the spaCy build and test results
	rm -rf models build var/results

# The benchmark (a measurement, not a test): the everyday mix through REST at 1 and 10
# at once (per message type at 1), with crisis at 10, through bot/ with a fake Telegram,
# then Rasa's starter bot under the same REST load, and the ratio; var/bench/.
bench: $(MODEL) ## the benchmark: REST and bot/ load, memory, against Rasa's starter bot
	$(PY) -m scripts.bench

# For practitioners: a one-page A4 leaflet and a QR code for one pathway
# (data/pathways/<code>.yml), into var/leaflets/. The bot's username comes from
# TELEGRAM_BOT_USERNAME. Example: make leaflet PATHWAY=anxiety
leaflet: $(INSTALLED) ## a practitioner's leaflet and QR code: make leaflet PATHWAY=<code>
	@test -n "$(PATHWAY)" || { echo "Say which pathway: make leaflet PATHWAY=<code> (see data/pathways/)"; exit 2; }
	$(PY) -m scripts.leaflet $(PATHWAY)

# The service's figures: per pathway and ISO week, five counts, any below 10
# shown as "fewer than 10" (from AUDIT_DB_URL; no text, no ids are stored).
usage-report: $(INSTALLED) ## service figures per pathway and week, small counts suppressed
	$(PY) -m scripts.usage_report
