# Career Allies: two commands for a newcomer.
#   make serve   set up and serve the site at http://127.0.0.1:8000 (live reload)
#   make test    set up everything the tests need and run the whole suite
#   ENGINE=zensical  make build / make serve with Zensical instead of MkDocs
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
SITE_STAMP := $(VENV)/.site-installed
TEST_STAMP := $(VENV)/.test-installed
export NO_MKDOCS_2_WARNING := 1
# mkdocs (the default) or zensical: `make build ENGINE=zensical`.
ENGINE ?= mkdocs
ZENSICAL_STAMP := $(VENV)/.zensical-installed

.PHONY: serve build test test-fast chromium browser pdf readability offline bench bench-full clean help

help:
	@echo "make serve   set up and serve the site at http://127.0.0.1:8000"
	@echo "make build   build site/ with --strict (ENGINE=zensical: with Zensical instead of MkDocs)"
	@echo "make test    set up and run every test (installs Chromium if missing and you are root)"
	@echo "make test-fast  core unit tests, lint and types, one site build, one browser smoke test (under a minute)"
	@echo "make pdf     print every blank worksheet and the whole pack to PDF (A4 and Letter), into site/pdf/"
	@echo "make readability  words and Flesch reading ease for each module"
	@echo "make offline  a copy that opens from disk without a server, zipped into dist/"
	@echo "make bench   a quick pass (a few minutes): build time, page weight, script speed, Lighthouse, each beside stock Material, into bench-results.json"
	@echo "make bench-full   the full pass (about 20 minutes; also make bench FULL=1)"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(SITE_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(ZENSICAL_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[zensical]'
	@touch $@ $(SITE_STAMP)

$(TEST_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@ $(SITE_STAMP) $(ZENSICAL_STAMP)

ifeq ($(ENGINE),zensical)
# Zensical ignores hooks: career_allies.zensical writes a generated config from
# the same site model, runs Zensical, then the same after-build step.
serve: $(ZENSICAL_STAMP)
	$(BIN)/python -m career_allies.zensical serve --dev-addr 127.0.0.1:8000

build: $(ZENSICAL_STAMP)
	$(BIN)/python -m career_allies.zensical build --strict
else ifeq ($(ENGINE),mkdocs)
serve: $(SITE_STAMP)
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000 --watch overrides

build: $(SITE_STAMP)
	$(BIN)/mkdocs build --strict
else
serve build:
	@echo "ENGINE is mkdocs (the default) or zensical, not '$(ENGINE)'"; exit 1
endif

# Printing (`make pdf`) needs Debian's Chromium (never a downloaded browser
# build) and poppler's pdftotext/pdftoppm, which the tests also use to check
# printouts; nothing else.
chromium:
	@if command -v chromium >/dev/null && command -v pdftotext >/dev/null; then \
	  true; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "Installing Chromium and poppler-utils with apt-get..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils fonts-dejavu-core >/dev/null; \
	else \
	  echo "Printing to PDF needs Chromium and poppler-utils. Install them, for example:"; \
	  echo "  sudo apt-get install chromium poppler-utils"; \
	  exit 1; \
	fi

# The browser tests need the above, and the quality gates run axe-core and
# the Nu HTML checker (vnu.jar) from npm, on Node and Java.
browser: chromium
	@if command -v java >/dev/null && command -v npm >/dev/null; then \
	  true; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "Installing Java and Node.js with apt-get..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless $$(command -v npm >/dev/null || echo nodejs npm) >/dev/null; \
	else \
	  echo "The browser tests also need Java and Node.js. Install them, for example:"; \
	  echo "  sudo apt-get install default-jre-headless nodejs npm"; \
	  exit 1; \
	fi

# axe-core and vnu-jar, pinned in tests/package-lock.json (install scripts
# off: vnu-jar's would fetch a Java runtime; the system's Java runs it).
tests/node_modules/.installed: tests/package.json tests/package-lock.json | browser
	npm ci --prefix tests --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch $@

test: $(TEST_STAMP) browser tests/node_modules/.installed
	$(BIN)/python -m pytest

# The quick tier while you work (tests marked `fast`: see tests/conftest.py).
test-fast: $(TEST_STAMP) chromium
	$(BIN)/python -m pytest -m fast -k "not zensical" -q

# Print blank worksheets and the pack (A4 and US Letter) with headless
# Chromium, then rebuild so pages link to them. Needs only Chromium.
pdf: $(TEST_STAMP) chromium
	$(BIN)/mkdocs build --strict
	rm -rf build/pdf
	$(BIN)/python -m career_allies.pdf site build/pdf
	$(BIN)/mkdocs build --strict
	@echo "PDFs are in site/pdf/ and linked from every worksheet."

# Words and Flesch reading ease per module (textstat; aim for 50 or more).
readability: $(TEST_STAMP)
	$(BIN)/python tests/readability.py

# A copy that works opened from disk (file://), with search and saving, zipped.
offline: $(SITE_STAMP)
	rm -rf build/offline
	$(BIN)/mkdocs build --strict -f mkdocs-offline.yml -d build/offline/career-allies
	mkdir -p dist
	$(BIN)/python -c "import shutil; shutil.make_archive('dist/career-allies-offline', 'zip', 'build/offline', 'career-allies')"
	@echo "Offline copy: dist/career-allies-offline.zip (unzip it, then open career-allies/index.html)"

# Figures, not pass/fail: prints a table and writes bench-results.json.
bench/node_modules/.installed: bench/package.json bench/package-lock.json | browser
	npm ci --prefix bench --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch $@

# Quick by default; FULL=1 (or bench-full) for more runs and the calibrated pass.
bench: $(TEST_STAMP) browser tests/node_modules/.installed bench/node_modules/.installed
	$(BIN)/python bench/bench.py $(if $(FULL),--full)

bench-full: $(TEST_STAMP) browser tests/node_modules/.installed bench/node_modules/.installed
	$(BIN)/python bench/bench.py --full

clean:
	rm -rf site build dist .pytest_cache .cache
