"""Surgical-video Records ↔ Label Studio video tasks (``TimelineLabels`` at the clip's frame rate).

Push: one region per ``procedure_video.segments[i]`` (``action`` timeline) and per
``procedure_video.instruments[i]`` (``instrument`` timeline), id ``f<index of the field>``, ``score`` =
the field's confidence; ranges are Label Studio frame numbers (1-based, inclusive) at the task's
``frame_rate``. Key frames written as JPEGs travel as ``data:`` URIs in ``keyframes``.
Pull: a kept region marks its field reviewed (changed label or range: new value, human source); a
deleted one rejects it; a region the annotator drew is a new reviewed field. The view is rebuilt
by the component that built it (through the engine's registry). Gold export: one JSON line per video.
"""
from __future__ import annotations

import base64
import json
import re
from pathlib import Path
from typing import Any

from oncostruct.engine.cdm import Field, FieldStatus, Record, Source, VideoTime
from oncostruct.engine.components import get_component
from oncostruct.engine.routing_table import default_routing
from oncostruct.annotation.label_config import VIDEO_FROM, VIDEO_INSTRUMENTS, VIDEO_TO
from oncostruct.annotation.merge import _pending_issues, reviewer_of
from oncostruct.annotation.tasks import review_hint, source_tag, task_key

# field path prefix → (timeline tag, key of the label in Field.normalized)
TIMELINES = {"procedure_video.segments": (VIDEO_FROM, "label"), "procedure_video.instruments": (VIDEO_INSTRUMENTS, "name")}
_INDEXED = re.compile(r"^(procedure_video\.(?:segments|instruments))\[(\d+)\]$")
MAX_KEY_FRAME_BYTES = 2_000_000


def frame_rate(record: Record) -> float:
    view = record.procedure_video
    return float(view.fps) if view is not None and view.fps else 25.0


def to_frames(t_start: float, t_end: float, fps: float) -> dict[str, int]:
    """Seconds → Label Studio frame numbers (1-based, inclusive)."""
    start = int(round(t_start * fps)) + 1
    return {"start": start, "end": max(start, int(round(t_end * fps)))}


def to_seconds(rng: dict[str, Any], fps: float) -> tuple[float, float]:
    return round((float(rng["start"]) - 1) / fps, 3), round(float(rng["end"]) / fps, 3)


def _key_frames(record: Record) -> list[str]:
    out = []
    for k in record.procedure_video.key_frames if record.procedure_video else []:
        path = Path(k.path) if k.path else None
        if path is not None and path.is_file() and path.stat().st_size <= MAX_KEY_FRAME_BYTES:
            out.append("data:image/jpeg;base64," + base64.b64encode(path.read_bytes()).decode("ascii"))
    return out


def video_prediction(record: Record) -> dict[str, Any]:
    fps = frame_rate(record)
    result = []
    for idx, f in enumerate(record.fields):
        m = _INDEXED.match(f.name)
        if not m or not isinstance(f.normalized, dict):
            continue
        tag, key = TIMELINES[m.group(1)]
        result.append({"id": f"f{idx}", "from_name": tag, "to_name": VIDEO_TO, "type": "timelinelabels",
                       "origin": "prediction", "score": round(f.confidence, 4),
                       "value": {"ranges": [to_frames(f.normalized["t_start"], f.normalized["t_end"], fps)],
                                 "timelinelabels": [f.normalized[key]]}})
    pending = [f for f in record.fields if f.status is FieldStatus.needs_review] or record.fields
    return {"model_version": "+".join(sorted({source_tag(f) for f in pending})) or "none",
            "score": round(min((f.confidence for f in pending), default=1.0), 4), "result": result}


def build_video_task(record: Record, video_uri: str, *, rank: int = 0, priority: float = 0.0) -> dict[str, Any]:
    doc = record.document
    return {"data": {"video": video_uri, "frame_rate": frame_rate(record), "keyframes": _key_frames(record),
                     "task_key": task_key(record), "doc_id": doc.doc_id, "doc_type": doc.doc_type.value,
                     "source_sha256": doc.source_sha256, "source_name": doc.source_name,
                     "review_hint": review_hint(record), "rank": rank, "priority": priority},
            "predictions": [video_prediction(record)]}


def _span_field(name: str, key: str, label: str, t0: float, t1: float, frame: int, source: Source,
                attrs: dict[str, Any], base: Field | None = None) -> Field:
    update = {"name": name, "value": label, "normalized": {key: label, "t_start": t0, "t_end": t1}, "confidence": 1.0,
              "provenance": [VideoTime(t_start=t0, t_end=t1, frame=frame)], "source": source,
              "status": FieldStatus.reviewed, "review_reason": None, "attributes": attrs, "inferred": False}
    return base.model_copy(update=update) if base is not None else Field(**update)


def merge_video_annotation(record: Record, annotation: dict[str, Any]) -> Record:
    """A video annotation applied to the Record as pushed (see the module docstring)."""
    reviewer, aid = reviewer_of(annotation), int(annotation["annotation_id"])
    stamp = {"reviewer": reviewer, "reviewed_at": annotation.get("updated_at") or annotation.get("created_at"),
             "annotation_id": aid}
    human = Source(kind="human", name=f"review:{reviewer}", version=str(aid))
    fps = frame_rate(record)
    regions = {str(r["id"]): r for r in annotation["result"] if r.get("type") == "timelinelabels" and r["value"].get("ranges")}
    by_tag = {tag: (prefix, key) for prefix, (tag, key) in TIMELINES.items()}
    fields, counts = [], {prefix: 0 for prefix in TIMELINES}
    for idx, f in enumerate(record.fields):
        m = _INDEXED.match(f.name)
        if not m:
            fields.append(f)
            continue
        counts[m.group(1)] = max(counts[m.group(1)], int(m.group(2)) + 1)
        region = regions.pop(f"f{idx}", None)
        if region is None:
            fields.append(f.model_copy(update={"status": FieldStatus.rejected, "review_reason": f"deleted by {reviewer}",
                                               "attributes": {**f.attributes, **stamp}}))
            continue
        key = TIMELINES[m.group(1)][1]
        label = region["value"]["timelinelabels"][0]
        t0, t1 = to_seconds(region["value"]["ranges"][0], fps)
        if label == f.normalized.get(key) and (t0, t1) == (round(f.normalized["t_start"], 3), round(f.normalized["t_end"], 3)):
            fields.append(f.model_copy(update={"status": FieldStatus.reviewed, "review_reason": None,
                                               "attributes": {**f.attributes, **stamp}}))
        else:
            attrs = {**f.attributes, **stamp, "machine_value": f.normalized}
            fields.append(_span_field(f.name, key, label, t0, t1, int(round(t0 * fps)), human, attrs, f))
    for region in regions.values():  # drawn by the annotator
        prefix, key = by_tag.get(region.get("from_name"), (None, None))
        if prefix is None:
            continue
        t0, t1 = to_seconds(region["value"]["ranges"][0], fps)
        fields.append(_span_field(f"{prefix}[{counts[prefix]}]", key, region["value"]["timelinelabels"][0], t0, t1,
                                  int(round(t0 * fps)), human, {**stamp, "added_by_reviewer": True}))
        counts[prefix] += 1
    return record.model_copy(update={"fields": fields, "issues": _pending_issues(record, fields),
                                     "procedure_video": _view(record, fields)})


def _view(record: Record, fields: list[Field]):
    """The video view rebuilt from the reviewed fields (rejected ones left out), by the routed component."""
    names = default_routing().components_for(record.document.doc_type)
    if not names:
        return record.procedure_video
    kept = [f for f in fields if f.status is not FieldStatus.rejected]
    return get_component(names[0]).build_view(kept)


def video_label(record: dict[str, Any], result: list[dict[str, Any]]) -> dict[str, Any]:
    """One gold line of a video: its segments and instrument spans in seconds, as the annotator left them."""
    fps = float(record.get("procedure_video", {}).get("fps") or 25.0)
    out: dict[str, Any] = {"video": record["document"].get("source_name"), "source_sha256": record["document"]["source_sha256"],
                           "frame_rate": fps, "segments": [], "instruments": []}
    for r in result:
        if r.get("type") != "timelinelabels" or not r["value"].get("ranges"):
            continue
        for rng in r["value"]["ranges"]:
            t0, t1 = to_seconds(rng, fps)
            item = {"label": r["value"]["timelinelabels"][0], "t_start": t0, "t_end": t1}
            out["instruments" if r.get("from_name") == VIDEO_INSTRUMENTS else "segments"].append(item)
    return out


def write_video_labels(chosen: list[tuple[dict[str, Any], dict[str, Any]]], path: Path) -> int:
    """``video_segments.jsonl`` from agreed (pushed row, annotation) pairs of video tasks; returns the count."""
    rows = [video_label(row["record"], ann["result"]) for row, ann in chosen if row["kind"] == "surgical_video"]
    if rows:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return len(rows)
