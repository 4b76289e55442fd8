# oncostruct — the two set-up commands are `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# The Label Studio server has strict pins of its own: it lives in its own virtual environment.
LS_VENV := .venv-ls
LABEL_STUDIO := label-studio==1.23.2
# --no-cache-dir: pip's HTTP cache would keep a second copy of every wheel (torch, ray): CI once ran out of disk there.
PIP    := $(BIN)/python -m pip install --quiet --disable-pip-version-check --no-cache-dir

.PHONY: run test venv dev clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Base install (light: no torch, no servers). Re-runs when packaging changes.
$(VENV)/.base: $(BIN)/python setup.cfg pyproject.toml
	$(PIP) -e .
	@touch $@

# Development install: base + test tools.
$(VENV)/.dev: $(VENV)/.base
	$(PIP) -e ".[dev,ocr,serve,distributed]"
	@touch $@

# System packages for the OCR tests and the lab bench: a CJK font for synthetic sheets, Tesseract for the baseline;
# PostgreSQL for the OMOP round-trip test (tests/test_export_omop_postgres.py); ffmpeg (ffmpeg + ffprobe) decodes surgical video.
SYSTEM_PKGS := fonts-wqy-microhei tesseract-ocr tesseract-ocr-chi-sim postgresql ffmpeg
$(VENV)/.system: Makefile | $(BIN)/python
	@if [ -f /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] && command -v tesseract >/dev/null \
	    && ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 \
	    && command -v ffmpeg >/dev/null && command -v ffprobe >/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(SYSTEM_PKGS) >/dev/null; \
	else echo "please install: $(SYSTEM_PKGS) (apt-get, as root)"; exit 1; fi
	@touch $@

venv: $(VENV)/.base
dev: $(VENV)/.dev

## make run: structure the bundled samples of every kind (text, lab sheet, video) into out/: records, OMOP/FHIR exports, quality report, patients and timeline
# The samples cover every kind: the lab sheet needs the OCR extra, the OMOP/FHIR exports the export extra.
$(VENV)/.run: $(VENV)/.base
	$(PIP) -e ".[ocr,export,quality]"
	@touch $@

run: $(VENV)/.run $(VENV)/.system
	@test -f engine/samples/synthetic_clip.mp4 || $(BIN)/python -m oncostruct.extractors.video.synthetic engine/samples/synthetic_clip.mp4
	$(BIN)/oncostruct run --out out
	@echo "--- out/summary.md (head) ---"
	@head -n 40 out/summary.md

$(LS_VENV)/bin/label-studio:
	$(PYTHON) -m venv $(LS_VENV)
	$(LS_VENV)/bin/python -m pip install --quiet --disable-pip-version-check --no-cache-dir $(LABEL_STUDIO)

## make test: install with the dev extras (and the Label Studio server for the review-loop test), check the import contracts (.importlinter) and run the tests
test: $(VENV)/.dev $(VENV)/.system $(LS_VENV)/bin/label-studio
	$(BIN)/lint-imports --no-cache
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) $(LS_VENV) out .pytest_cache .oncostruct
