"""Gold store → training sets: span JSONL for the text models, lab-label JSON for lab report images.

* Span JSONL (what :func:`training.readers.read_span_jsonl` and ``oncostruct train ner`` read):
  ``{"id","text","entities":[{"start","end","label","text"}]}``, one line per reviewed document,
  from the merged annotation. Tasks whose annotators disagree are left out (and listed).
  Corrections of span-less (inferred) fields, e.g. ``pathology.cancer_type``, come as
  ``"document_fields": [{"name","value"}]`` on the document's line (only when there are any;
  a deleted one is left out). The span readers ignore the key.
* Lab-label JSON (the ``lab_reports/labels`` format): one file per reviewed image with
  ``rows: [{"item","value","unit","reference","flag","bbox"}]``; each ``row`` rectangle collects
  the cell rectangles whose centre lies inside it, and their per-region text areas.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from oncostruct.annotation.label_config import LAB_FROM, entity_labels, kind_spec
from oncostruct.annotation.merge import choices, effective_annotation, find_conflict, regions
from oncostruct.annotation.store import GoldStore
from oncostruct.annotation.texts import TextResolver

LabelSet = Literal["all", "entities", "fields"]


@dataclass
class ExportSummary:
    span_jsonl: str | None = None
    documents: int = 0
    entities: int = 0
    lab_files: list[str] = field(default_factory=list)
    skipped_conflicts: list[str] = field(default_factory=list)
    labels: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _keep(label: str, labels: LabelSet) -> bool:
    is_entity = label in entity_labels()
    return labels == "all" or (labels == "entities") == is_entity


def agreed_annotations(store: GoldStore, project: str | None = None) -> tuple[list[tuple[dict, dict]], list[str]]:
    """(pushed row, chosen annotation) per task without disagreement; and the conflicting task keys."""
    by_task: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for a in store.annotations():
        if project is None or a["project"].split("/", 1)[0] == project:
            by_task.setdefault((a["project"], a["task_key"]), []).append(a)
    chosen, conflicts = [], []
    for row in store.iter_pushed():
        anns = [a for a in by_task.get((row["project"], row["task_key"]), []) if not a["cancelled"]]
        if not anns:
            continue
        if find_conflict(row["task_key"], row["doc_id"], anns) is not None:
            conflicts.append(row["task_key"])
            continue
        chosen.append((row, effective_annotation(anns)))
    return chosen, conflicts


def span_examples(store: GoldStore, project: str | None = None, labels: LabelSet = "all") -> tuple[list[dict[str, Any]], list[str]]:
    """Span-JSONL examples from the agreed gold annotations of text tasks."""
    chosen, conflicts = agreed_annotations(store, project)
    resolver = TextResolver(store)
    out = []
    for row, ann in chosen:
        if row["kind"] in ("lab_report", "surgical_video"):
            continue
        text = resolver.text(row["source_sha256"], row["text"])
        spans = sorted({(r["start"], r["end"], r["label"]) for r in regions(ann["result"]).values() if _keep(r["label"], labels)})
        example: dict[str, Any] = {"id": row["doc_id"], "text": text,
                                   "entities": [{"start": s, "end": e, "label": lab, "text": text[s:e]} for s, e, lab in spans]}
        doc_fields = [{"name": name, "value": values[0]} for name, values in sorted(choices(ann["result"]).items())
                      if values and labels != "entities"]
        if doc_fields:
            example["document_fields"] = doc_fields
        out.append(example)
    return out, conflicts


def write_span_jsonl(store: GoldStore, path: Path, project: str | None = None, labels: LabelSet = "all") -> ExportSummary:
    examples, conflicts = span_examples(store, project, labels)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(ex, ensure_ascii=False) + "\n" for ex in examples), encoding="utf-8")
    summary = ExportSummary(span_jsonl=str(path), documents=len(examples), skipped_conflicts=conflicts)
    for ex in examples:
        summary.entities += len(ex["entities"])
        for e in ex["entities"]:
            summary.labels[e["label"]] = summary.labels.get(e["label"], 0) + 1
    return summary


# --- lab report images ------------------------------------------------------------------

def _boxes(result: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Rectangle regions (percent coordinates → pixels) with their per-region text areas merged in."""
    boxes: dict[str, dict[str, Any]] = {}
    for r in result:
        v = r.get("value", {})
        if r.get("type") == "rectanglelabels" and r.get("from_name") == LAB_FROM:
            w, h = r.get("original_width") or 100, r.get("original_height") or 100
            x0, y0 = v["x"] * w / 100, v["y"] * h / 100
            boxes.setdefault(str(r["id"]), {}).update(
                label=v["rectanglelabels"][0], bbox=[round(x0, 1), round(y0, 1), round(x0 + v["width"] * w / 100, 1),
                                                     round(y0 + v["height"] * h / 100, 1)])
    for r in result:
        if r.get("type") == "textarea" and str(r.get("id")) in boxes:
            boxes[str(r["id"])][r["from_name"]] = " ".join(r["value"].get("text", []))
    return boxes


def lab_label(image: str, result: list[dict[str, Any]]) -> dict[str, Any]:
    """One lab-label JSON document from a lab-report annotation."""
    boxes = list(_boxes(result).values())
    rows = sorted((b for b in boxes if b.get("label") == "row"), key=lambda b: b["bbox"][1])
    out_rows = []
    for row in rows:
        x0, y0, x1, y1 = row["bbox"]
        entry: dict[str, Any] = {k: row.get(k) for k in kind_spec("lab_report").text_areas}
        for cell in boxes:
            cx, cy = (cell["bbox"][0] + cell["bbox"][2]) / 2, (cell["bbox"][1] + cell["bbox"][3]) / 2
            if cell is not row and cell.get("label") != "row" and x0 <= cx <= x1 and y0 <= cy <= y1:
                entry[cell["label"]] = cell.get("value") or cell.get(cell["label"]) or entry.get(cell["label"])
        entry.setdefault("item", None)
        entry.setdefault("flag", None)
        entry["bbox"] = row["bbox"]
        entry["legible"] = True
        out_rows.append(entry)
    return {"image": image, "report_type": None, "header": {}, "columns": [], "rows": out_rows,
            "quality": None, "notes": "exported from oncostruct review"}


def write_lab_labels(store: GoldStore, out_dir: Path, project: str | None = None) -> list[str]:
    """One ``<doc_id>.json`` per agreed lab-report annotation."""
    chosen, _ = agreed_annotations(store, project)
    written = []
    for row, ann in chosen:
        if row["kind"] != "lab_report":
            continue
        out_dir.mkdir(parents=True, exist_ok=True)
        path = out_dir / f"{row['doc_id']}.json"
        image = row["record"]["document"].get("source_name") or row["doc_id"]
        path.write_text(json.dumps(lab_label(image, ann["result"]), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        written.append(str(path))
    return written


def write_video_gold(store: GoldStore, path: Path, project: str | None = None) -> int:
    """Agreed surgical-video annotations as ``video_segments.jsonl`` (segments and instrument spans in seconds)."""
    from oncostruct.annotation.video_tasks import write_video_labels

    chosen, _ = agreed_annotations(store, project)
    return write_video_labels(chosen, path)
