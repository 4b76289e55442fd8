"""``oncostruct bench deid``: PHI detection scored per category, and over-redaction on real clinical text.

Data: one JSON per line ``{"doc_id", "patient_id", "lang", "text", "phi": [{"start", "end", "category", "text"}]}``.

Scores (both reported):

* **character level** (the headline): recall of category C = gold characters of C covered by any predicted
  span (whatever its category: a redacted character is protected) / gold characters of C; precision of C =
  characters predicted as C that lie inside any gold span / characters predicted as C.
* **span level**: a gold span is found when predicted spans cover all its characters; a predicted span is
  correct when it overlaps a gold span.

``over-redaction`` (:func:`run_over_redaction`): on texts with gold clinical entities and no real PHI, the
share of entity characters that de-identification would redact.
"""
from __future__ import annotations

import json
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any, Iterator

from oncostruct.engine.deid import PHI_CATEGORIES
from oncostruct.engine.errors import DataFormatError


def _rows(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if line.strip():
                try:
                    row = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise DataFormatError(f"{path}:{n}: not JSON ({exc})") from None
                if not isinstance(row, dict) or "text" not in row or "phi" not in row:
                    raise DataFormatError(f"{path}:{n}: a row needs text and phi")
                yield row


def _pr(tp: int, n_pred: int, n_gold: int) -> dict[str, Any]:
    return {"recall": round(tp / n_gold, 4) if n_gold else None, "gold": n_gold,
            "precision": round(tp / n_pred, 4) if n_pred else None, "predicted": n_pred}


def score(rows: list[dict[str, Any]], detector: Any) -> dict[str, Any]:
    """Character- and span-level recall and precision per category and overall, with the misses."""
    ch_gold, ch_hit, ch_pred, ch_ok = Counter(), Counter(), Counter(), Counter()
    sp_gold, sp_hit, sp_pred, sp_ok = Counter(), Counter(), Counter(), Counter()
    misses: list[dict[str, Any]] = []
    false_pos: list[dict[str, Any]] = []
    for row in rows:
        text, lang = row["text"], row.get("lang")
        pred = detector.detect(text, lang)
        covered = bytearray(len(text))
        for s in pred:
            covered[s.start:s.end] = b"\x01" * (s.end - s.start)
        gold_mask = bytearray(len(text))
        for g in row["phi"]:
            gold_mask[g["start"]:g["end"]] = b"\x01" * (g["end"] - g["start"])
        for g in row["phi"]:
            c, n = g["category"], g["end"] - g["start"]
            hit = sum(covered[g["start"]:g["end"]])
            ch_gold[c] += n
            ch_hit[c] += hit
            sp_gold[c] += 1
            sp_hit[c] += hit == n
            if hit < n:
                misses.append({"doc_id": row.get("doc_id"), "category": c, "text": g["text"],
                               "context": text[max(0, g["start"] - 15):g["end"] + 15]})
        for s in pred:
            inside = sum(gold_mask[s.start:s.end])
            ch_pred[s.category] += s.end - s.start
            ch_ok[s.category] += inside
            sp_pred[s.category] += 1
            sp_ok[s.category] += inside > 0
            if inside == 0:
                false_pos.append({"doc_id": row.get("doc_id"), "category": s.category, "rule": s.rule,
                                  "text": text[s.start:s.end], "context": text[max(0, s.start - 15):s.end + 15]})
    per = {}
    for c in PHI_CATEGORIES:
        char = _pr(0, ch_pred[c], ch_gold[c])
        char.update(recall=round(ch_hit[c] / ch_gold[c], 4) if ch_gold[c] else None,
                    precision=round(ch_ok[c] / ch_pred[c], 4) if ch_pred[c] else None)
        span = _pr(0, sp_pred[c], sp_gold[c])
        span.update(recall=round(sp_hit[c] / sp_gold[c], 4) if sp_gold[c] else None,
                    precision=round(sp_ok[c] / sp_pred[c], 4) if sp_pred[c] else None)
        per[c] = {"char": char, "span": span}
    tot = lambda a, b: round(sum(a.values()) / sum(b.values()), 4) if sum(b.values()) else None  # noqa: E731
    meets = [c for c, v in per.items() if v["char"]["gold"] and (v["char"]["recall"] or 0) >= 0.99
             and (v["char"]["precision"] or 0) >= 0.90]
    return {
        "documents": len(rows),
        "languages": dict(Counter(r.get("lang") for r in rows)),
        "overall": {"char": {"recall": tot(ch_hit, ch_gold), "precision": tot(ch_ok, ch_pred)},
                    "span": {"recall": tot(sp_hit, sp_gold), "precision": tot(sp_ok, sp_pred)}},
        "per_category": per,
        "categories_meeting_bar": meets,
        "categories_below_bar": [c for c, v in per.items() if v["char"]["gold"] and c not in meets],
        "misses": misses[:300],
        "false_positives": false_pos[:300],
    }


class _Detected:
    """Spans detected beforehand, served by text (what :func:`score` asks a detector for)."""

    def __init__(self, spans: dict[str, list[Any]]) -> None:
        self.spans = spans

    def detect(self, text: str, language: str | None = None) -> list[Any]:
        return self.spans[text]


def patient_detector(rows: list[dict[str, Any]], detector: Any) -> _Detected:
    """The rows detected grouped by ``patient_id``: each document also looks for the values found surely in its
    patient's other documents (what a batch does, :mod:`extractors.deid.patient`)."""
    from oncostruct.extractors.deid.patient import detect_documents

    spans = detect_documents(detector, [(r["text"], r.get("lang"), r.get("patient_id")) for r in rows])
    return _Detected({r["text"]: s for r, s in zip(rows, spans)})


def run(data: Path, model: str | None = None, per_patient: bool = True) -> dict[str, Any]:
    """Bench entry point: score the packaged ``deid`` detector on ``data``, the documents of a patient together
    (round 7; ``deid-per-document`` scores each document alone, as before)."""
    from oncostruct.extractors.deid.detect import PhiDetector
    from oncostruct.extractors.deid.config import load_config

    rows = list(_rows(Path(data)))
    detector = patient_detector(rows, PhiDetector()) if per_patient else PhiDetector()
    return {"task": "deid", "data": str(data), "scoring": "char level (headline) and span level, see eval/deid.py",
            "grouping": "by patient_id" if per_patient else "per document",
            "detector_version": load_config().version, **score(rows, detector)}


def run_per_document(data: Path, model: str | None = None) -> dict[str, Any]:
    """``bench deid`` with every document detected alone (no patient-level propagation)."""
    return run(data, model, per_patient=False)


def _entity_texts(path: Path) -> Iterator[tuple[str, list[tuple[int, int]]]]:
    """(text, entity spans) from span JSONL: ``{"text", "entities": [{"start", "end"}]}``, end exclusive."""
    for row in _jsonl(path):
        yield row["text"], [(e["start"], e["end"]) for e in row.get("entities", [])]


def _jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if line.strip():
                try:
                    yield json.loads(line)
                except json.JSONDecodeError as exc:
                    raise DataFormatError(f"{path}:{n}: not JSON ({exc})") from None


def run_over_redaction(data: Path, model: str | None = None) -> dict[str, Any]:
    """Share of gold clinical-entity characters the detector would redact (text without real PHI)."""
    from oncostruct.extractors.deid.detect import PhiDetector

    detector = PhiDetector()
    files = sorted(Path(data).rglob("*.jsonl")) if Path(data).is_dir() else [Path(data)]
    out: dict[str, Any] = {"task": "deid-over-redaction", "files": {}}
    by_cat: Counter = Counter()
    examples: dict[str, list[str]] = defaultdict(list)
    total_ent = total_red = docs = 0
    for f in files:
        ent = red = n = 0
        for text, spans in _entity_texts(f):
            n += 1
            pred = detector.detect(text, "zh")
            mask = bytearray(len(text))
            for s in pred:
                mask[s.start:s.end] = b"\x01" * (s.end - s.start)
                by_cat[s.category] += s.end - s.start
                if len(examples[s.category]) < 8:
                    examples[s.category].append(s.rule)  # rule ids only: the data's text stays out of results
            for a, b in spans:
                ent += b - a
                red += sum(mask[a:b])
        out["files"][f"{f.parent.name}/{f.name}"] = {"documents": n, "entity_chars": ent, "redacted_entity_chars": red,
                                "share": round(red / ent, 5) if ent else None}
        total_ent, total_red, docs = total_ent + ent, total_red + red, docs + n
    out.update(documents=docs, entity_chars=total_ent, redacted_entity_chars=total_red,
               share=round(total_red / total_ent, 5) if total_ent else None,
               redacted_chars_by_category=dict(by_cat), rules_seen=dict(examples))
    return out
