"""The bench task registry: ``oncostruct bench TASK --data PATH --out FILE.json [--model NAME]``.

Each task is a function ``run(data: Path, model: str | None) -> dict`` in its own module,
imported lazily so a task's heavy dependencies load only when it runs.
"""
from __future__ import annotations

import importlib
import json
from pathlib import Path
from typing import Any, Callable

from oncostruct.engine.errors import ConfigError

TASKS: dict[str, str] = {
    "tumour": "oncostruct.eval.tumour:run",
    "ner": "oncostruct.eval.ner:run",
    "speed": "oncostruct.eval.speed:run",
    "pathology": "oncostruct.eval.pathology:run",
    "pathology-zh": "oncostruct.eval.pathology_fields:run_zh",
    "pathology-fields": "oncostruct.eval.pathology_fields:run",
    "lab": "oncostruct.eval.lab:run",
    "lab-calibration": "oncostruct.eval.lab_calibration:run",
    "calibration": "oncostruct.eval.calibration:run",
    "assemble": "oncostruct.eval.assemble:run",
    "video": "oncostruct.eval.video:run",
    "deid": "oncostruct.eval.deid:run",
    "deid-per-document": "oncostruct.eval.deid:run_per_document",
    "deid-over-redaction": "oncostruct.eval.deid:run_over_redaction",
    "petct": "oncostruct.eval.petct:run",
}


def get_task(name: str) -> Callable[..., dict[str, Any]]:
    if name not in TASKS:
        raise ConfigError(f"unknown bench task {name!r}; available: {', '.join(sorted(TASKS))}")
    module_name, _, func = TASKS[name].partition(":")
    return getattr(importlib.import_module(module_name), func)


def run_bench(name: str, data: Path | None, out: Path | None, model: str | None = None,
              **options: Any) -> dict[str, Any]:
    """Run a task, write the full result to ``out`` and return it.

    ``options`` (e.g. ``task="ner"`` for ``speed``) are passed to the task when given.
    """
    if data is not None and not data.exists():
        raise ConfigError(f"bench data {data} does not exist")
    result = get_task(name)(data, model, **{k: v for k, v in options.items() if v is not None})
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return result
