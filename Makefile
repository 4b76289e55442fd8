# oncostruct — the two set-up commands are `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# The Label Studio server has strict pins of its own: it lives in its own virtual environment.
LS_VENV := .venv-ls
LABEL_STUDIO := label-studio==1.23.2
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

$(LS_VENV)/bin/label-studio:
	$(PYTHON) -m venv $(LS_VENV)
	$(LS_VENV)/bin/python -m pip install --quiet --disable-pip-version-check $(LABEL_STUDIO)

## make test: install with the dev extras (and the Label Studio server for the review-loop test) and run the tests
test: $(VENV)/.dev $(LS_VENV)/bin/label-studio
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) $(LS_VENV) out .pytest_cache .oncostruct
