# Signaal: `make run` starts the product, `make test` runs every test. Both set up what they need.
SHELL := /bin/bash
.DEFAULT_GOAL := run
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 2

# Python 3.10: $(PYTHON) if given, else what pyenv selects through .python-version.
PYTHON ?= $(shell command -v pyenv >/dev/null 2>&1 && pyenv which python3.10 2>/dev/null || command -v python3.10)

.PHONY: run test check install browser content content-check train lint eval translations \
	bot-messages migrate screenshots clean

$(STAMP): pyproject.toml
	@if [ -z "$(PYTHON)" ] || ! "$(PYTHON)" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))'; then \
	  echo "Signaal needs Python 3.10 (Rasa 3.6 does not run on newer versions)."; \
	  echo "Install it with 'pyenv install 3.10' (this repo's .python-version selects it)"; \
	  echo "or run: make PYTHON=/path/to/python3.10 run"; exit 1; fi
	test -x $(PY) || "$(PYTHON)" -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP) translations

# Compiled catalogues (*.mo, not in git): the webchat's, and the bot's own sentences (bot/i18n.py).
translations: $(STAMP)
	@$(VENV)/bin/pybabel compile --statistics -d webchat/translations 2>&1 | tail -n 1
	@$(VENV)/bin/pybabel compile --statistics -D bot -d bot/translations 2>&1 | tail -n 1

# After changing a sentence the bot says: extract bot.pot, update bot.po, then translate in bot.po.
bot-messages: $(STAMP)
	$(VENV)/bin/pybabel extract -F bot/babel.cfg -k t:2 -k N_ --no-default-keywords \
	  --project=Signaal -o bot/translations/bot.pot bot
	$(VENV)/bin/pybabel update --ignore-obsolete -D bot -i bot/translations/bot.pot \
	  -d bot/translations

# Debian's chromium for the browser tests (Playwright drives it; it never downloads a browser).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "Install Debian's chromium (sudo apt-get install chromium) for the browser tests"; \
	    exit 1; fi; }

content: install
	$(PY) -m content.loader

content-check: install
	$(PY) -m content.checker

train: content
	$(PY) -m bot.train

# The runtime database at the migrations' head (the launcher does this too before it starts).
migrate: install
	$(PY) -m campaigns.db

run: train
	$(PY) -m webchat.launch

lint: install
	$(VENV)/bin/ruff check .

# The inner loop: lint, content check and the unit tests that need no model (< 2 min).
check: content-check lint
	$(PY) -m pytest -q -m "not live and not bot"

# Everything CI runs. pytest's exit 5 (no tests collected) counts as a failure to catch.
test: content-check train lint browser
	$(VENV)/bin/rasa data validate --fail-on-warnings --config bot/config.yml --domain bot/domain --data bot/data
	@$(PY) -m pytest; status=$$?; \
	  if [ $$status -eq 5 ]; then echo "pytest collected no tests: that is a failure here"; fi; \
	  exit $$status

eval: train
	$(PY) -m bot.evaluate

screenshots: train browser
	$(PY) -m tools.screenshots

clean:
	rm -rf $(VENV) instance bot/models .pytest_cache
