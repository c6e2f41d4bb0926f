# Tuumaustauko: `make run` starts the advisor service, `make test` runs every check.
# Both install what is missing first; `make install` is idempotent and quick when nothing changed.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 8470
PACK   ?= lvm
NPM    ?= npm
NODE   ?= node
WEBEXT := extension/node_modules/.bin/web-ext
PUPPETEER := tests/firefox/node_modules/puppeteer-core/package.json

.DEFAULT_GOAL := help
.PHONY: help install voikko run test lint typecheck unit firefox soak extension lemmas names models heads bench secrets-rules peer-cases clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

install: voikko $(STAMP) $(if $(shell command -v $(NPM)),$(WEBEXT) $(PUPPETEER)) ## install Voikko if missing, create .venv, install the service, its test tools, web-ext and puppeteer-core (no-op when up to date)

voikko: ## Voikko's library and Finnish dictionary from Debian (libvoikko1, voikko-fi), when missing
	@sh scripts/install_voikko.sh

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $(STAMP)

$(WEBEXT): extension/package.json extension/package-lock.json
	cd extension && $(NPM) ci --no-audit --no-fund --silent
	@touch $@

# puppeteer-core, for tests/firefox: it drives Debian's firefox-esr and downloads no browser of its own
$(PUPPETEER): tests/firefox/package.json tests/firefox/package-lock.json
	cd tests/firefox && PUPPETEER_SKIP_DOWNLOAD=1 $(NPM) ci --no-audit --no-fund --silent
	@touch $@

run: install ## register the one-click pairing helper, then start the service on http://127.0.0.1:8470 (PORT=, PACK= to change)
	@$(BIN)/tuumaustauko install-browser --quiet  # the extension's one-click pairing (idempotent)
	@echo "Tuumaustauko on http://$(HOST):$(PORT)  (pair in the extension's options, or: $(BIN)/tuumaustauko token)"
	$(BIN)/tuumaustauko serve --host $(HOST) --port $(PORT) --pack $(PACK)

lint: install ## ruff
	$(BIN)/ruff check server tests bench models scripts extension/build.py

typecheck: install ## mypy
	$(BIN)/mypy server/tuumaustauko

unit: install ## pytest
	$(BIN)/pytest

firefox: install ## the extension in Firefox ESR (tests/firefox: node's test runner, puppeteer-core, firefox-esr)
	@if command -v $(NODE) >/dev/null && [ -f $(PUPPETEER) ]; then \
	  cd tests/firefox && $(NODE) --test --test-reporter=spec; \
	else \
	  echo "the Firefox tests need node and npm (apt-get install -y nodejs npm)"; \
	  case "$$CI" in 1|true|yes) exit 1;; esac; \
	fi

test: install lint typecheck unit firefox ## install, then ruff, mypy and every test (Chromium's and Firefox's too)

soak: install ## load (50 clients for a minute) and soak (20,000 requests) against the running service
	$(BIN)/pytest -s -m soak tests/soak

extension: ## build the browser extension: dist/chrome, dist/firefox and their zips
	$(PYTHON) extension/build.py

lemmas: install ## rebuild the lemma table of the rule data's words (after editing word lists)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[models]'
	$(BIN)/python models/build_lemmas.py

names: install ## regenerate the first names outside the hand-written lists (server/tuumaustauko/data/names/from_faker.yaml) from Faker
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[names]'
	$(BIN)/python scripts/more_first_names.py

models: install ## rebuild the spaCy pipelines in models/ from models/corpora/ (see models/README.md)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[models]'
	$(BIN)/python models/build.py

heads: install ## retrain the meaning layer's heads from models/meaning/data/, then calibrate their thresholds (see models/meaning/README.md)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[heads]'
	$(BIN)/python models/meaning/build_heads.py
	$(BIN)/python models/meaning/calibrate_thresholds.py

secrets-rules: install ## refresh the secret rules from gitleaks (clones it; GITLEAKS=path to use a clone) at the commit in scripts/secrets_rules.py
	$(BIN)/python scripts/secrets_rules.py $(if $(GITLEAKS),--repo $(GITLEAKS))

peer-cases: install ## refresh tests/data/peers/ from clones of Presidio and gitleaks (PRESIDIO=path GITLEAKS=path)
	$(BIN)/python scripts/peer_cases.py --presidio $(PRESIDIO) --gitleaks $(GITLEAKS)

bench: install ## speed, memory and accuracy side by side with Presidio: bench/results.json, docs/bench.png
	@test -x .venv-bench/bin/python || $(PYTHON) -m venv .venv-bench
	.venv-bench/bin/python -m pip install --quiet --disable-pip-version-check -e '.[bench]'
	.venv-bench/bin/python bench/run.py

clean: ## remove the virtual environment and caches
	rm -rf $(VENV) .venv-bench .pytest_cache .mypy_cache .ruff_cache
