"""Lab-report Records → image tasks: one ``row`` rectangle per result row and one rectangle per cell.

Regions are Label Studio rectangles in percent of the image; each carries per-region text areas
(``item``, ``value``, ``unit``, ``reference``) holding what the engine read, so the annotator fixes
a value by editing its text. Cell regions have the id ``f<index of the field>`` (as for text).
"""
from __future__ import annotations

import base64
import io
import re
from typing import Any

from oncostruct.engine.cdm import Field, FieldStatus, Record, TableCell
from oncostruct.annotation.label_config import LAB_FROM, LAB_TO, kind_spec
from oncostruct.annotation.tasks import review_hint, source_tag, task_key

_ROW = re.compile(r"^lab\.results\[(\d+)\]\.(\w+)$")


def image_size(data_uri: str) -> tuple[int, int]:
    """(width, height) of a ``data:`` URI image."""
    from PIL import Image

    with Image.open(io.BytesIO(base64.b64decode(data_uri.split(",", 1)[1]))) as img:
        return img.size


def _rect(rid: str, label: str, bbox: tuple[float, float, float, float], size: tuple[int, int], score: float) -> dict[str, Any]:
    w, h = size
    x0, y0, x1, y1 = bbox
    return {"id": rid, "from_name": LAB_FROM, "to_name": LAB_TO, "type": "rectanglelabels", "origin": "prediction",
            "original_width": w, "original_height": h, "image_rotation": 0, "score": round(score, 4),
            "value": {"x": 100 * x0 / w, "y": 100 * y0 / h, "width": 100 * (x1 - x0) / w, "height": 100 * (y1 - y0) / h,
                      "rotation": 0, "rectanglelabels": [label]}}


def _area(rid: str, name: str, text: Any, size: tuple[int, int]) -> dict[str, Any]:
    return {"id": rid, "from_name": name, "to_name": LAB_TO, "type": "textarea", "origin": "prediction",
            "original_width": size[0], "original_height": size[1], "value": {"text": [str(text)]}}


def lab_prediction(record: Record, data_uri: str) -> dict[str, Any]:
    size = image_size(data_uri)
    areas = set(kind_spec("lab_report").text_areas)
    result: list[dict[str, Any]] = []
    rows: dict[str, list[tuple[int, Field, TableCell]]] = {}
    for idx, f in enumerate(record.fields):
        m = _ROW.match(f.name)
        cell = next((p for p in f.provenance if isinstance(p, TableCell) and p.bbox), None)
        if m and cell is not None:
            rows.setdefault(m.group(1), []).append((idx, f, cell))
    for row, cells in sorted(rows.items(), key=lambda kv: int(kv[0])):
        boxes = [c.bbox for _, _, c in cells]
        hull = (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))
        result.append(_rect(f"row{row}", "row", hull, size, min(f.confidence for _, f, _ in cells)))
        for idx, f, cell in cells:
            key = f.name.rsplit(".", 1)[1]
            if key in areas and f.value is not None:
                result.append(_area(f"row{row}", key, f.value, size))
            result.append(_rect(f"f{idx}", key, cell.bbox, size, f.confidence))
            if key in areas and f.value is not None:
                result.append(_area(f"f{idx}", key, f.value, size))
    pending = [f for f in record.fields if f.status is FieldStatus.needs_review] or record.fields
    return {"model_version": "+".join(sorted({source_tag(f) for f in pending})) or "none",
            "score": round(min((f.confidence for f in pending), default=1.0), 4), "result": result}


def build_lab_task(record: Record, data_uri: str, *, rank: int = 0, priority: float = 0.0) -> dict[str, Any]:
    doc = record.document
    return {"data": {"image": data_uri, "task_key": task_key(record), "doc_id": doc.doc_id, "doc_type": doc.doc_type.value,
                     "source_sha256": doc.source_sha256, "source_name": doc.source_name, "review_hint": review_hint(record),
                     "rank": rank, "priority": priority},
            "predictions": [lab_prediction(record, data_uri)]}
