"""Field-level accuracy of the pathology extractor on a folder of reports with gold values.

``oncostruct bench pathology-fields --data tests/fixtures/pathology_en_set --out R.json``
(``pathology-zh`` is the same task; the Chinese set is ``tests/fixtures/pathology_zh_set``)

The folder holds ``*.txt`` reports and ``gold.jsonl`` lines ``{"file", "fields": {NAME: EXPECTED}, "set"?,
"language"?}`` (``set``: ``"dev"`` by default — reports the rules were tuned on — or ``"heldout"``;
accuracy is also reported per set; ``language``: ``zh``/``en``, detected from the text when absent).
A scalar NAME (``pathology.pT``, ``pathology.margin`` ...) is correct when the first extracted
field of that name has ``normalized == EXPECTED`` (``null`` = must not be extracted). A list NAME
(``pathology.ihc``, ``pathology.molecular``, ``pathology.ln_stations``) scores each expected item
on its own: correct when some indexed field ``NAME[i]`` has every key of the item (``null``: no item
may be extracted).
``pathology.histology.subtypes`` is compared with the histology field's ``subtypes`` attribute.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from oncostruct.engine.cdm import DocType, Field
from oncostruct.engine.text_normalize import normalize_text, restore_extraction
from oncostruct.extractors.base import ExtractionInput
from oncostruct.extractors.text.pathology_common import detect_lang

LIST_FIELDS = ("pathology.ihc", "pathology.molecular", "pathology.ln_stations")
SUBTYPES = "pathology.histology.subtypes"


def same(expected: Any, got: Any) -> bool:
    """Equality with a float tolerance, recursing into lists and dicts (dicts: expected keys only)."""
    if isinstance(expected, bool) or isinstance(got, bool):
        return expected is got
    if isinstance(expected, (int, float)) and isinstance(got, (int, float)):
        return abs(float(expected) - float(got)) < 1e-6
    if isinstance(expected, list) and isinstance(got, list):
        return len(expected) == len(got) and all(same(e, g) for e, g in zip(expected, got))
    if isinstance(expected, dict) and isinstance(got, dict):
        return all(same(v, got.get(k)) for k, v in expected.items())
    return expected == got


def score_fields(fields: list[Field], gold: dict[str, Any]) -> list[dict[str, Any]]:
    """One row ``{"field", "expected", "got", "ok"}`` per scored unit of ``gold``."""
    rows = []
    for name, expected in gold.items():
        if name in LIST_FIELDS:
            items = [f.normalized for f in fields if f.name.startswith(name + "[")]
            if expected is None:  # the report has none: nothing may be extracted
                rows.append({"field": name, "expected": None, "got": items or None, "ok": not items})
                continue
            for item in expected:
                rows.append({"field": name, "expected": item, "got": None,
                             "ok": any(same(item, got) for got in items)})
            continue
        if name == SUBTYPES:
            hist = next((f for f in fields if f.name == "pathology.histology"), None)
            got = hist.attributes.get("subtypes") if hist else None
        else:
            got = next((f.normalized for f in fields if f.name == name), None)
        rows.append({"field": name, "expected": expected, "got": got,
                     "ok": got is None if expected is None else same(expected, got)})
    return rows


def evaluate(folder: Path, extractor: Any = None, task: str = "pathology-fields") -> dict[str, Any]:
    """Field-level accuracy over ``folder``; per-field-family figures and the failures."""
    from oncostruct.extractors.text.pathology import PathologyExtractor

    extractor = extractor or PathologyExtractor()
    deidentify = _deidentifier()
    rows: list[dict[str, Any]] = []
    docs = 0
    for line in (folder / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        case = json.loads(line)
        text = (folder / case["file"]).read_text(encoding="utf-8")
        language = detect_lang(text, case.get("language", ""))
        if deidentify is not None:  # ONCOSTRUCT_DEIDENTIFY=1: score what the pipeline's deidentify stage leaves
            text = deidentify(text, language, case["file"])
        norm = normalize_text(text)  # the same text normalisation as the pipeline, spans restored
        out = restore_extraction(
            extractor.extract(ExtractionInput(text=norm.text, doc_type=DocType.pathology, language=language)), norm)
        docs += 1
        rows += [{"file": case["file"], "set": case.get("set", "dev"), **r}
                 for r in score_fields(out.fields, case["fields"])]
    per: dict[str, dict[str, Any]] = {}
    for r in rows:
        p = per.setdefault(r["field"], {"n": 0, "correct": 0})
        p["n"] += 1
        p["correct"] += r["ok"]
    for p in per.values():
        p["accuracy"] = round(p["correct"] / p["n"], 4)
    correct = sum(r["ok"] for r in rows)
    sets = {}
    for name in sorted({r["set"] for r in rows}):
        mine = [r for r in rows if r["set"] == name]
        sets[name] = {"documents": len({r["file"] for r in mine}), "n": len(mine),
                      "accuracy": round(sum(r["ok"] for r in mine) / len(mine), 4)}
    return {
        "task": task,
        "deidentified": deidentify is not None,
        "documents": docs,
        "n": len(rows),
        "correct": correct,
        "accuracy": round(correct / len(rows), 4) if rows else None,
        "sets": sets,
        "fields": dict(sorted(per.items())),
        "failures": [r for r in rows if not r["ok"]],
    }


def _deidentifier() -> Any:
    """``(text, language, patient) -> de-identified text`` when Settings.deidentify is on, else None."""
    from oncostruct.engine.components import get_component
    from oncostruct.engine.deid import secret_bytes
    from oncostruct.engine.settings import get_settings

    settings = get_settings()
    if not settings.deidentify:
        return None
    key = secret_bytes(settings.secret_key)
    component = get_component(settings.deidentifier, settings.components.get(settings.deidentifier))
    return lambda text, language, patient: component.deidentify(  # type: ignore[attr-defined]
        text, language=language, patient=patient, key=key).text


def run(data: Path, model: str | None = None) -> dict[str, Any]:
    """Bench entry point (``model`` is unused: the rule extractor is scored)."""
    return evaluate(Path(data))


def run_zh(data: Path, model: str | None = None) -> dict[str, Any]:
    """The same bench under its first name, ``pathology-zh``."""
    return evaluate(Path(data), task="pathology-zh")
