"""Lab-report images in the review loop: rectangles + text areas out, corrections and lab-label JSON back."""
from __future__ import annotations

import copy
import hashlib
import io
from pathlib import Path

import pytest

from oncostruct.engine.cdm import DocType, Document, Field, FieldStatus, Record, Source, TableCell
from oncostruct.annotation.client import MemoryBackend
from oncostruct.annotation.export import write_lab_labels
from oncostruct.annotation.pull import pull
from oncostruct.annotation.push import push, read_records
from oncostruct.annotation.store import GoldStore
from oncostruct.annotation.texts import image_data_uri, index_texts
from review_helpers import write_records

Image = pytest.importorskip("PIL.Image")
SRC = Source(kind="model", name="lab-ocr", version="1")
ROWS = [("白细胞计数", "45.56", "10^9/L", "3.5-9.5", 40), ("血红蛋白", "132", "g/L", "130-175", 80)]


def _image(tmp_path: Path) -> Path:
    path = tmp_path / "cbc.png"
    buf = io.BytesIO()
    Image.new("RGB", (800, 400), "white").save(buf, format="PNG")
    path.write_bytes(buf.getvalue())
    return path


def _record(image: Path) -> Record:
    fields = []
    for i, (item, value, unit, ref, y) in enumerate(ROWS):
        for col, (key, text, x) in enumerate([("item", item, 40), ("value", value, 300), ("unit", unit, 450),
                                              ("reference", ref, 600)]):
            fields.append(Field(name=f"lab.results[{i}].{key}", value=text, confidence=0.6 if key == "value" else 0.9,
                                status=FieldStatus.needs_review if key == "value" else FieldStatus.auto_accepted,
                                source=SRC, provenance=[TableCell(table=0, row=i, col=col, bbox=(x, y, x + 120, y + 24))]))
    sha = hashlib.sha256(image.read_bytes()).hexdigest()
    doc = Document(doc_id=sha[:16], doc_type=DocType.lab_report, source_sha256=sha, source_name=image.name, engine_version="t")
    return Record(document=doc, fields=fields)


def test_lab_report_round_trip(tmp_path: Path) -> None:
    image = _image(tmp_path)
    record = _record(image)
    texts = index_texts([tmp_path])
    assert texts[record.document.source_sha256] == image_data_uri(image.read_bytes(), "cbc.png")
    backend, store = MemoryBackend(), GoldStore(f"sqlite:///{tmp_path / 'g.sqlite'}")
    summary = push([record], texts, backend, store, "lab")
    assert summary.pushed == 1 and list(summary.projects) == ["lab/lab_report"]
    tid, task = next(iter(backend.tasks.items()))
    assert task["data"]["image"].startswith("data:image/png;base64,")
    pred = task["predictions"][0]
    assert pred["score"] == 0.6 and pred["model_version"] == "lab-ocr@1"
    rects = {r["id"]: r for r in pred["result"] if r["type"] == "rectanglelabels"}
    assert rects["row0"]["value"]["rectanglelabels"] == ["row"]
    assert rects["f1"]["value"]["x"] == pytest.approx(300 / 800 * 100) and rects["f1"]["value"]["y"] == pytest.approx(10)
    # the annotator corrects the first value and deletes the second row's unit cell
    result = [{k: v for k, v in r.items() if k not in ("score", "origin")} for r in copy.deepcopy(pred["result"])]
    for r in result:
        if r["type"] == "textarea" and r["id"] in ("f1", "row0") and r["from_name"] == "value":
            r["value"]["text"] = ["4.56"]
    result = [r for r in result if r["id"] != "f6"]
    backend.annotate(tid, result, annotator="lab-tech")
    out = write_records([record], tmp_path / "records.jsonl")
    assert pull(backend, store, "lab", out).reviewed_records == 1
    merged = {f.name: f for f in read_records(out)[0].fields}
    assert merged["lab.results[0].value"].value == "4.56" and merged["lab.results[0].value"].source.kind == "human"
    assert merged["lab.results[0].value"].attributes["machine_value"] == "45.56"
    assert merged["lab.results[1].unit"].status is FieldStatus.rejected
    assert merged["lab.results[1].item"].status is FieldStatus.reviewed
    written = write_lab_labels(store, tmp_path / "lab")
    import json

    doc = json.loads(Path(written[0]).read_text(encoding="utf-8"))
    assert doc["image"] == "cbc.png"
    assert [(r["item"], r["value"], r["unit"]) for r in doc["rows"]] == [("白细胞计数", "4.56", "10^9/L"),
                                                                          ("血红蛋白", "132", "g/L")]


def test_lab_annotators_disagreeing_on_a_value_is_a_conflict(tmp_path: Path) -> None:
    image = _image(tmp_path)
    record = _record(image)
    backend, store = MemoryBackend(), GoldStore(f"sqlite:///{tmp_path / 'g.sqlite'}")
    push([record], index_texts([tmp_path]), backend, store, "lab")
    tid, task = next(iter(backend.tasks.items()))
    base = [{k: v for k, v in r.items() if k not in ("score", "origin")} for r in task["predictions"][0]["result"]]
    other = copy.deepcopy(base)
    next(r for r in other if r["type"] == "textarea" and r["id"] == "f1")["value"]["text"] = ["46.56"]
    backend.annotate(tid, base, annotator="a")
    backend.annotate(tid, other, annotator="b")
    summary = pull(backend, store, "lab")
    assert len(summary.conflicts) == 1 and summary.conflicts[0]["annotators"] == ["a", "b"]
