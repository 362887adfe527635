# The commands people and CI share. README names them; .ci/run calls `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PYTEST_ARGS ?=

.PHONY: install up test lint typecheck webtest unit e2e screenshots bench lock weblock clean

WEB_SOURCES := $(shell find web/src web/public web/index.html web/vite.config.ts web/tsconfig*.json -type f 2>/dev/null)
API_SOURCES := $(shell find services/api/mozdef_api -name '*.py' 2>/dev/null)

install: $(STAMP) web/dist/index.html

$(STAMP): pyproject.toml requirements/dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes -r requirements/dev.txt
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

# The web app: its API types are generated from the OpenAPI document, so the API's sources count too.
web/node_modules/.installed: web/package.json web/package-lock.json
	cd web && npm ci --no-audit --no-fund
	touch $@

web/openapi.json: $(STAMP) $(API_SOURCES)
	$(BIN)/python -m mozdef_api.openapi $@

web/dist/index.html: web/node_modules/.installed web/openapi.json $(WEB_SOURCES)
	cd web && npm run build

up: install
	$(BIN)/mozdef up

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy

unit: install
	$(BIN)/pytest $(PYTEST_ARGS)

webtest: install
	cd web && npm run typecheck && npm test

test: lint typecheck webtest unit

# The browser tests alone (part of `unit`): analysts in headless Chromium against `mozdef up`.
e2e: install
	$(BIN)/pytest tests/e2e/test_browser.py

# The same run, keeping a screenshot of every screen in docs/screenshots (docs/webapp.md shows them).
screenshots: install
	MOZDEF_E2E_SCREENSHOTS=$(CURDIR)/docs/screenshots $(BIN)/pytest tests/e2e/test_browser.py

bench: install
	$(BIN)/mozdef bench

# Re-pin every dependency with hashes (names, versions and hashes only: no index or download lines).
# The image's locks (Dockerfile) follow dev.txt's versions: what it runs is what the tests ran.
PIN := $(BIN)/pip-compile --quiet --generate-hashes --no-emit-index-url --no-emit-find-links --allow-unsafe --strip-extras
lock: install
	$(BIN)/pip install --quiet pip-tools
	$(PIN) --extra dev -o requirements/dev.txt pyproject.toml requirements/build.in
	$(PIN) --constraint requirements/dev.txt -o requirements/runtime.txt pyproject.toml
	$(PIN) --constraint requirements/dev.txt -o requirements/build.txt requirements/build.in

# Re-resolve the web app's dependencies. npm records sponsor links ("funding") in the lock; they go,
# so the lock holds names, versions and hashes only.
weblock:
	cd web && npm install --package-lock-only --no-audit --no-fund
	$(PYTHON) -c "import json, pathlib; p = pathlib.Path('web/package-lock.json'); \
		d = json.loads(p.read_text()); \
		[v.pop('funding', None) for v in d.get('packages', {}).values() if isinstance(v, dict)]; \
		p.write_text(json.dumps(d, indent=2, ensure_ascii=False) + '\n')"

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache web/node_modules web/dist web/openapi.json
