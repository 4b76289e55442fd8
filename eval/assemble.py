"""``oncostruct bench assemble --data DIR --out R.json``: patient assembly on a multi-document patient set.

DIR/manifest.jsonl holds one document per line (``doc_id``, ``text``, optional ``doc_type``,
``patient_id``, ``visit_id``, ``date``); DIR/gold.json holds ``{"patients": [{"patient_id", "doc_ids",
"facts": {name: value}, "conflicts": [{"name", "doc_ids"}], "gaps": [{"name", "missing_in",
"filled_from", "value"}]}]}``. The documents are structured by the pipeline, assembled, and scored:

* linkage P/R/F1 over pairs of documents placed in the same patient;
* reconciliation accuracy: gold facts whose assembled patient field has the gold value;
* conflict detection P/R over (patient, field) pairs;
* gap-fill accuracy: gold gaps whose field has the gold value and was taken from ``filled_from``.

Assembled patients are mapped to gold patients by the majority of their documents. Gold field names
are mapped to ours by :data:`ALIASES`. Without ONCOSTRUCT_SECRET_KEY a random key is used for the run.
"""
from __future__ import annotations

import json
import os
import secrets
import time
from collections import Counter
from itertools import combinations
from pathlib import Path
from typing import Any

from oncostruct.engine.assembly import assemble
from oncostruct.engine.assembly.model import PatientField, PatientRecord
from oncostruct.engine.cdm import Record
from oncostruct.engine.errors import DataFormatError
from oncostruct.engine.pipeline import Pipeline
from oncostruct.engine.settings import get_settings

ALIASES = {"laterality": "pathology.laterality"}  # gold name → our patient field name
# comparison rules (documented in RESULTS.md): a size matches when the gold number equals the largest
# dimension in cm or in mm; a histology matches after differentiation words (the separate field
# pathology.grade) are removed from both sides; gold "fact_alternatives" are accepted too; a gold conflict
# is found when a conflict is reported on its field or on one of its "related_fields".
_GRADE_WORDS = ("高-中分化", "中-低分化", "高中分化", "中低分化", "高分化", "中分化", "低分化", "未分化",
                "well differentiated", "moderately differentiated", "poorly differentiated")
_SYNONYMS = {"左": "left", "左侧": "left", "l": "left", "右": "right", "右侧": "right", "r": "right",
             "双侧": "bilateral", "both": "bilateral"}
_MAX_ERRORS = 50


def _read(data: Path) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    manifest, gold = data / "manifest.jsonl", data / "gold.json"
    if not manifest.is_file() or not gold.is_file():
        raise DataFormatError(f"{data}: an assemble set is a folder with manifest.jsonl and gold.json")
    rows = [json.loads(line) for line in manifest.read_text(encoding="utf-8").splitlines() if line.strip()]
    patients = json.loads(gold.read_text(encoding="utf-8")).get("patients")
    if not isinstance(patients, list) or any("doc_id" not in r or "text" not in r for r in rows):
        raise DataFormatError(f"{data}: manifest rows need doc_id and text; gold.json needs a 'patients' list")
    return rows, patients


def structure(rows: list[dict[str, Any]]) -> tuple[list[Record], list[str]]:
    """Records of the manifest's documents (the ids of the documents that failed, apart)."""
    if not os.environ.get("ONCOSTRUCT_SECRET_KEY") and get_settings().secret_key is None:
        os.environ["ONCOSTRUCT_SECRET_KEY"] = secrets.token_hex(16)  # a key for this run only
        get_settings.cache_clear()
    keys = ("doc_id", "doc_type", "patient_id", "visit_id", "date")
    inputs = [(r["text"], {k: r[k] for k in keys if r.get(k) is not None}) for r in rows]
    records, failed = [], []
    for row, out in zip(rows, Pipeline().pipe(inputs, errors="return")):
        if isinstance(out, Record):
            records.append(out)
        else:
            failed.append(row["doc_id"])
    return records, failed


def _norm(v: Any) -> Any:
    if isinstance(v, bool) or v is None:
        return v
    if isinstance(v, (int, float)):
        return round(float(v), 2)
    if isinstance(v, (list, tuple)):
        return tuple(_norm(x) for x in v)
    text = "".join(str(v).split()).casefold()
    return _SYNONYMS.get(text, text)


def _renderings(v: Any) -> list[Any]:
    if isinstance(v, dict) and "category" in v:
        return [_norm(v["category"]), _norm(f"{v.get('prefix') or ''}{v['category']}")]
    if isinstance(v, list) and v and all(isinstance(x, (int, float)) for x in v):
        return [_norm(v), _norm(max(v)), _norm(max(v) * 10)]  # cm, and the largest dimension in cm or mm
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return [_norm(v), _norm(v * 10)]
    return [_norm(v)]


def _strip_grade(v: Any) -> Any:
    if not isinstance(v, str):
        return v
    for w in _GRADE_WORDS:
        v = v.replace(w, "").replace(w.title(), "")
    return v.strip(" ,，")


def value_matches(gold: Any, field: PatientField) -> bool:
    """Whether the assembled field holds the gold value (as written, normalised, or TNM without prefix)."""
    if field.name == "pathology.histology":
        gold = _strip_grade(gold)
        field = field.model_copy(update={"value": _strip_grade(field.value)})
    want = _norm(gold)
    got = _renderings(field.value) + _renderings(field.normalized)
    return want in got or (isinstance(want, str) and any(isinstance(g, str) and g.lstrip("p") == want.lstrip("p")
                                                          and want[:1] in "pt" for g in got))


def _majority(doc_sets: dict[str, set[str]], owner: dict[str, str]) -> dict[str, str]:
    """Each key of doc_sets → the value of ``owner`` held by most of its documents."""
    out = {}
    for key, docs in doc_sets.items():
        votes = Counter(owner[d] for d in docs if d in owner)
        if votes:
            out[key] = votes.most_common(1)[0][0]
    return out


def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
            "tp": tp, "fp": fp, "fn": fn}


def score(patients: list[PatientRecord], gold: list[dict[str, Any]]) -> dict[str, Any]:
    """Linkage, reconciliation, conflict and gap-fill figures of ``patients`` against ``gold``."""
    gold_of = {d: g["patient_id"] for g in gold for d in g["doc_ids"]}
    ours_of = {d: p.patient_id for p in patients for d in p.documents}
    gold_pairs = {frozenset(x) for g in gold for x in combinations(sorted(g["doc_ids"]), 2)}
    our_pairs = {frozenset(x) for p in patients for x in combinations(sorted(d for d in p.documents if d in gold_of), 2)}
    link = _prf(len(gold_pairs & our_pairs), len(our_pairs - gold_pairs), len(gold_pairs - our_pairs))
    by_id = {p.patient_id: p for p in patients}
    gold_to_ours = _majority({g["patient_id"]: set(g["doc_ids"]) for g in gold}, ours_of)
    ours_to_gold = _majority({p.patient_id: set(p.documents) for p in patients}, gold_of)
    errors: list[dict[str, Any]] = []
    right = total = 0
    per_field: dict[str, list[int]] = {}
    for g in gold:
        p = by_id.get(gold_to_ours.get(g["patient_id"], ""))
        for name, value in g.get("facts", {}).items():
            ours = ALIASES.get(name, name)
            fields = [f for f in (p.fields if p else []) if f.name == ours]
            accepted = [value, *g.get("fact_alternatives", {}).get(name, [])]
            ok = any(value_matches(v, f) for f in fields for v in accepted)
            right, total = right + ok, total + 1
            per_field.setdefault(name, [0, 0])[0] += ok
            per_field[name][1] += 1
            if not ok:
                errors.append({"kind": "fact", "patient": g["patient_id"], "name": name, "gold": value,
                               "got": [f.normalized if f.normalized is not None else f.value for f in fields]})
    our_conf = {(ours_to_gold.get(p.patient_id, p.patient_id), c.name) for p in patients for c in p.conflicts}
    tp = fn = 0
    explained: set[tuple[str, str]] = set()
    for g in gold:
        for c in g.get("conflicts", []):
            names = {ALIASES.get(n, n) for n in [c["name"], *c.get("related_fields", [])]}
            hits = {(g["patient_id"], n) for n in names} & our_conf
            explained |= hits
            tp, fn = tp + bool(hits), fn + (not hits)
            if not hits:
                errors.append({"kind": "conflict_missed", "patient": g["patient_id"], "name": c["name"]})
    false = sorted(our_conf - explained)
    conflicts = _prf(tp, len(false), fn)
    errors += [{"kind": "conflict_false", "patient": pid, "name": n} for pid, n in false]
    gaps_ok = n_gaps = 0
    for g in gold:
        p = by_id.get(gold_to_ours.get(g["patient_id"], ""))
        for gap in g.get("gaps", []):
            n_gaps += 1
            name = ALIASES.get(gap["name"], gap["name"])
            fields = [f for f in (p.fields if p else []) if f.name == name]
            ok = any(value_matches(gap["value"], f) and f.sources and f.sources[0].doc_id == gap["filled_from"]
                     for f in fields)
            gaps_ok += ok
            if not ok:
                errors.append({"kind": "gap", "patient": g["patient_id"], **gap,
                               "got": [(f.normalized, f.sources[0].doc_id if f.sources else None) for f in fields]})
    return {
        "linkage": link,
        "reconciliation": {"accuracy": round(right / total, 4) if total else None, "correct": right, "facts": total,
                           "per_field": {k: round(v[0] / v[1], 4) for k, v in sorted(per_field.items())}},
        "conflicts": conflicts,
        "gap_fill": {"accuracy": round(gaps_ok / n_gaps, 4) if n_gaps else None, "correct": gaps_ok, "gaps": n_gaps},
        "links_to_review": sum(link.status.value == "needs_review" for p in patients for link in p.links),
        "errors": errors[:_MAX_ERRORS], "errors_total": len(errors),
    }


def run(data: Path, model: str | None = None) -> dict[str, Any]:
    rows, gold = _read(data)
    start = time.perf_counter()
    records, failed = structure(rows)
    patients = assemble(records)
    result = score(patients, gold)
    return {"task": "assemble", "data": str(data), "documents": len(rows), "failed_documents": failed,
            "gold_patients": len(gold), "assembled_patients": len(patients),
            "seconds": round(time.perf_counter() - start, 1), **result}
