"""Merge submitted annotations into the Record that was pushed, and detect annotator disagreement.

Merging always starts from the Record as pushed (kept in the gold store), so pulling the same
annotations twice gives the same Record. For an annotation that is merged:

* a field whose region (id ``f<i>``) is kept unchanged → ``reviewed``;
* a field whose region was moved, resized or relabelled → ``reviewed`` with the annotator's text
  and span, ``source`` = the reviewer (kind ``human``), ``normalized`` cleared when the text changed;
* a field whose region was deleted → ``rejected``;
* a new region with a field label → a new ``reviewed`` field (next free index);
* entity regions replace the Record's entities;
* a choice correction of a span-less (inferred) field (``review correct`` on e.g.
  ``pathology.cancer_type``) → ``reviewed`` with the chosen value (``rejected`` when deleted),
  or a new ``reviewed`` field when the engine gave none.

Every reviewed field gets ``attributes`` ``reviewer``, ``reviewed_at`` and ``annotation_id``.
When two or more annotators submitted different regions for one task, nothing is merged: the
fields stay ``needs_review`` and a ``review.conflict`` issue names the annotators.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from oncostruct.engine.cdm import Entity, Field, FieldStatus, Issue, Record, Source, TableCell, TextSpan
from oncostruct.annotation.label_config import INFERRED_FROM, entity_labels, field_label
from oncostruct.engine.catalogue import load_catalogue, make_issue

Region = tuple[int, int, str]


def regions(result: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Span regions of an annotation result, by region id."""
    out = {}
    for r in result:
        if r.get("type") == "labels" and r.get("value", {}).get("labels"):
            v = r["value"]
            out[str(r["id"])] = {"start": int(v["start"]), "end": int(v["end"]), "label": v["labels"][0],
                                 "text": v.get("text")}
    return out


def choices(result: list[dict[str, Any]]) -> dict[str, list[str]]:
    """Choice corrections of span-less fields, by field name (an empty list: the field was deleted)."""
    return {r["meta"]["text"][0]: list(r.get("value", {}).get("choices", [])) for r in result
            if r.get("type") == "choices" and r.get("from_name") == INFERRED_FROM and r.get("meta", {}).get("text")}


def region_set(result: list[dict[str, Any]]) -> set[tuple]:
    """What an annotation says, comparable across annotators: spans, rectangles (to 0.5 %) and text areas."""
    out: set[tuple] = {(r["start"], r["end"], r["label"]) for r in regions(result).values()}
    out |= {("choice", name, tuple(values)) for name, values in choices(result).items()}
    boxes = {}
    for r in result:
        v = r.get("value", {})
        if r.get("type") == "rectanglelabels":
            boxes[str(r["id"])] = tuple(round(v[k] * 2) / 2 for k in ("x", "y", "width", "height"))
            out.add((*boxes[str(r["id"])], v["rectanglelabels"][0]))
    for r in result:
        if r.get("type") == "textarea":
            out.add((boxes.get(str(r["id"]), str(r["id"])), r.get("from_name"), " ".join(r["value"].get("text", []))))
    return out


def reviewer_of(annotation: dict[str, Any]) -> str:
    """Who submitted an annotation (Label Studio's ``created_username`` is ``" email, id"``)."""
    who = annotation.get("annotator") or annotation.get("created_username") or annotation.get("completed_by")
    return re.sub(r",\s*\d+$", "", str(who).strip()) if who is not None else "unknown"


@dataclass
class Conflict:
    task_key: str
    doc_id: str
    annotators: list[str]
    agreement_f1: float
    disagreements: dict[str, list[Region]] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"task_key": self.task_key, "doc_id": self.doc_id, "annotators": self.annotators,
                "agreement_f1": self.agreement_f1,
                "only_in": {k: [list(r) for r in v] for k, v in self.disagreements.items()}}


def _f1(a: set[Region], b: set[Region]) -> float:
    return 1.0 if not a and not b else 2 * len(a & b) / (len(a) + len(b))


def find_conflict(task_key: str, doc_id: str, annotations: list[dict[str, Any]]) -> Conflict | None:
    """A Conflict when the latest annotations of different annotators disagree on any region."""
    latest: dict[str, dict[str, Any]] = {}
    for a in sorted(annotations, key=lambda a: (a.get("updated_at") or "", a["annotation_id"])):
        latest[reviewer_of(a)] = a
    if len(latest) < 2:
        return None
    sets = {who: region_set(a["result"]) for who, a in latest.items()}
    common = set.intersection(*sets.values())
    if all(s == common for s in sets.values()):
        return None
    who = sorted(sets)
    pairs = [_f1(sets[x], sets[y]) for i, x in enumerate(who) for y in who[i + 1:]]
    return Conflict(task_key, doc_id, who, round(sum(pairs) / len(pairs), 4),
                    {w: sorted(sets[w] - common) for w in who if sets[w] - common})


def effective_annotation(annotations: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The annotation to merge: the most recently updated one that was not cancelled."""
    live = [a for a in annotations if not a.get("cancelled")]
    return max(live, key=lambda a: (a.get("updated_at") or "", a["annotation_id"])) if live else None


_SLOT = re.compile(r"\[\]")


def _new_name(label: str, taken: set[str]) -> str:
    """A field name for a new region: the first ``[]`` gets the next free index."""
    if "[]" not in label:
        return label
    i = 0
    while True:
        name = _SLOT.sub(f"[{i}]", label, count=1).replace("[]", "[0]")
        if name not in taken:
            return name
        i += 1


def _reviewed(f: Field, stamp: dict[str, Any], region: dict[str, Any] | None, reviewer: str, aid: int) -> Field:
    attrs = {**f.attributes, **stamp}
    if region is None:
        return f.model_copy(update={"status": FieldStatus.rejected, "review_reason": f"deleted by {reviewer}",
                                    "attributes": attrs})
    old = next((p for p in f.provenance if isinstance(p, TextSpan)), None)
    same = old is not None and (old.start, old.end) == (region["start"], region["end"]) and field_label(f.name) == region["label"]
    if same:
        return f.model_copy(update={"status": FieldStatus.reviewed, "review_reason": None, "attributes": attrs})
    attrs["machine_value"] = f.value
    return f.model_copy(update={
        "status": FieldStatus.reviewed, "review_reason": None, "value": region["text"], "confidence": 1.0,
        "normalized": f.normalized if region["text"] == f.value else None, "attributes": attrs,
        "provenance": [TextSpan(start=region["start"], end=region["end"], text=region["text"])],
        "source": Source(kind="human", name=f"review:{reviewer}", version=str(aid)),
    })


def _chosen(f: Field, stamp: dict[str, Any], values: list[str], reviewer: str, aid: int) -> Field:
    """A span-less field after a choice correction: deleted (no value), confirmed, or given the reviewer's value."""
    attrs = {**f.attributes, **stamp}
    if not values:
        return f.model_copy(update={"status": FieldStatus.rejected, "review_reason": f"deleted by {reviewer}",
                                    "attributes": attrs})
    if values[0] == f.value:
        return f.model_copy(update={"status": FieldStatus.reviewed, "review_reason": None, "attributes": attrs})
    attrs["machine_value"] = f.value
    return f.model_copy(update={"status": FieldStatus.reviewed, "review_reason": None, "value": values[0],
                                "normalized": None, "code": None, "confidence": 1.0, "attributes": attrs,
                                "source": Source(kind="human", name=f"review:{reviewer}", version=str(aid))})


def merge_annotation(record: Record, text: str, annotation: dict[str, Any]) -> Record:
    """The pushed Record with one annotation applied (see the module docstring)."""
    reviewer, aid = reviewer_of(annotation), int(annotation["annotation_id"])
    stamp = {"reviewer": reviewer, "reviewed_at": annotation.get("updated_at") or annotation.get("created_at"),
             "annotation_id": aid}
    found = regions(annotation["result"])
    for r in found.values():  # LS sends the text; fall back to slicing when it does not
        r["text"] = r["text"] if r["text"] is not None else text[r["start"]:r["end"]]
    entity_names = set(entity_labels())
    field_labels = {field_label(f.name) for f in record.fields}
    field_labels |= set(load_catalogue().span_labels(record.document.doc_type.value))
    chosen = choices(annotation["result"])
    fields: list[Field] = []
    used: set[str] = set()
    for idx, f in enumerate(record.fields):
        if not any(isinstance(p, TextSpan) for p in f.provenance):
            fields.append(_chosen(f, stamp, chosen.pop(f.name), reviewer, aid) if f.name in chosen else f)
            continue
        rid = f"f{idx}"
        used.add(rid)
        region = found.get(rid)
        if region is not None and region["label"] != field_label(f.name):
            fields.append(_reviewed(f, stamp, None, reviewer, aid))  # relabelled: old field rejected,
            used.discard(rid)  # the region becomes a new field below
            continue
        fields.append(_reviewed(f, stamp, region, reviewer, aid))
    taken = {f.name for f in fields}
    for rid, r in sorted(found.items(), key=lambda kv: (kv[1]["start"], kv[0])):
        if rid in used or r["label"] not in field_labels:
            continue
        name = _new_name(r["label"], taken)
        taken.add(name)
        fields.append(Field(name=name, value=r["text"], confidence=1.0, status=FieldStatus.reviewed,
                            provenance=[TextSpan(start=r["start"], end=r["end"], text=r["text"])],
                            source=Source(kind="human", name=f"review:{reviewer}", version=str(aid)),
                            attributes=dict(stamp)))
    for name, values in sorted(chosen.items()):  # a span-less field the engine did not give
        if values and name not in taken:
            fields.append(Field(name=name, value=values[0], confidence=1.0, status=FieldStatus.reviewed, inferred=True,
                                source=Source(kind="human", name=f"review:{reviewer}", version=str(aid)),
                                attributes=dict(stamp)))
    entities = [Entity(label=r["label"], start=r["start"], end=r["end"], text=r["text"], confidence=1.0,
                       source=Source(kind="human", name=f"review:{reviewer}", version=str(aid)))
                for _, r in sorted(found.items(), key=lambda kv: (kv[1]["start"], kv[0])) if r["label"] in entity_names]
    return record.model_copy(update={"fields": fields, "entities": entities, "issues": _pending_issues(record, fields)})


def _pending_issues(record: Record, fields: list[Field]) -> list[Issue]:
    issues = [i for i in record.issues if i.code != "review.pending"]
    pending = [f.name for f in fields if f.status is FieldStatus.needs_review]
    if pending:
        issues.append(make_issue("review.pending", f"{len(pending)} field(s) need human review", pending))
    return issues


def merge_lab_annotation(record: Record, annotation: dict[str, Any]) -> Record:
    """A lab-report annotation applied: cell regions (``f<i>``) kept, edited through their text area, or deleted."""
    reviewer, aid = reviewer_of(annotation), int(annotation["annotation_id"])
    stamp = {"reviewer": reviewer, "reviewed_at": annotation.get("updated_at") or annotation.get("created_at"),
             "annotation_id": aid}
    kept = {str(r["id"]) for r in annotation["result"] if r.get("type") == "rectanglelabels"}
    texts = {(str(r["id"]), r.get("from_name")): " ".join(r.get("value", {}).get("text", []))
             for r in annotation["result"] if r.get("type") == "textarea"}
    fields = []
    for idx, f in enumerate(record.fields):
        if not any(isinstance(p, TableCell) for p in f.provenance):
            fields.append(f)
            continue
        rid, key = f"f{idx}", f.name.rsplit(".", 1)[-1]
        attrs = {**f.attributes, **stamp}
        if rid not in kept:
            fields.append(f.model_copy(update={"status": FieldStatus.rejected, "review_reason": f"deleted by {reviewer}",
                                               "attributes": attrs}))
            continue
        new = texts.get((rid, key))
        update: dict[str, Any] = {"status": FieldStatus.reviewed, "review_reason": None, "attributes": attrs}
        if new is not None and new != str(f.value):
            attrs["machine_value"] = f.value
            update.update(value=new, normalized=None, confidence=1.0,
                          source=Source(kind="human", name=f"review:{reviewer}", version=str(aid)))
        fields.append(f.model_copy(update=update))
    return record.model_copy(update={"fields": fields, "issues": _pending_issues(record, fields)})


def mark_conflict(record: Record, conflict: Conflict) -> Record:
    """The pushed Record with a ``review.conflict`` issue; its fields stay as they were."""
    issue = make_issue("review.conflict",
                       f"annotators disagree (agreement F1 {conflict.agreement_f1:.2f}): {', '.join(conflict.annotators)}",
                       [f.name for f in record.fields if f.status is FieldStatus.needs_review])
    return record.model_copy(update={"issues": [*record.issues, issue]})
