# oncostruct — the two set-up commands are `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip install --quiet --disable-pip-version-check

.PHONY: run test venv dev clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Base install (light: no torch, no servers). Re-runs when packaging changes.
$(VENV)/.base: $(BIN)/python setup.cfg pyproject.toml
	$(PIP) -e .
	@touch $@

# Development install: base + test tools.
$(VENV)/.dev: $(VENV)/.base
	$(PIP) -e ".[dev,serve,distributed]"
	@touch $@

venv: $(VENV)/.base
dev: $(VENV)/.dev

## make run: structure the bundled sample documents into out/records.jsonl and out/summary.md
run: $(VENV)/.base
	$(BIN)/oncostruct run --out out
	@echo "--- out/summary.md (head) ---"
	@head -n 40 out/summary.md

## make test: install with the dev extras and run the test suite
test: $(VENV)/.dev
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) out .pytest_cache
