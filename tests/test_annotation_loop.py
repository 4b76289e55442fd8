"""Push → annotate → pull → gold store → export, against the in-memory backend."""
from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from oncostruct.engine.cdm import FieldStatus, Record
from oncostruct.annotation.client import MemoryBackend
from oncostruct.annotation.export import lab_label, write_span_jsonl
from oncostruct.annotation.pull import pull
from oncostruct.annotation.push import push, read_records
from oncostruct.annotation.store import GoldStore
from oncostruct.annotation.tasks import build_task
from oncostruct.training.readers import read_span_jsonl
from review_helpers import review_records, write_records


@pytest.fixture
def loop(tmp_path: Path):
    records, texts = review_records()
    backend, store = MemoryBackend(), GoldStore(f"sqlite:///{tmp_path / 'gold.sqlite'}")
    summary = push(records, texts, backend, store, "demo")
    return records, texts, backend, store, summary


def _petct_task(backend: MemoryBackend) -> tuple[int, dict]:
    return next((tid, t) for tid, t in backend.tasks.items() if "股骨" in t["data"]["text"])


def _accepted(task: dict) -> list[dict]:
    return [{k: v for k, v in r.items() if k not in ("score", "origin")} for r in copy.deepcopy(task["predictions"][0]["result"])]


def test_push_sends_predictions_with_scores_in_policy_order(loop) -> None:
    records, _, backend, store, summary = loop
    assert summary.pushed == 3 and summary.candidates == 3
    assert set(summary.projects) == {"demo/petct", "demo/pathology"}
    for task in backend.tasks.values():
        pred = task["predictions"][0]
        assert 0 < pred["score"] < 1 and "@" in pred["model_version"]
        text = task["data"]["text"]
        for r in pred["result"]:
            if r["type"] == "labels":
                v = r["value"]
                assert text[v["start"]:v["end"]] == v["text"]
                assert 0 <= r["score"] <= 1
    ranks = [t["data"]["rank"] for t in backend.tasks.values()]
    assert sorted(ranks) == [0, 1, 2]
    # diversity: the first two ranks are different document types
    first_two = {t["data"]["doc_type"] for t in backend.tasks.values() if t["data"]["rank"] < 2}
    assert first_two == {"petct", "pathology"}


def test_petct_prediction_links_findings_to_conclusions(loop) -> None:
    _, _, backend, _, _ = loop
    _, task = _petct_task(backend)
    result = task["predictions"][0]["result"]
    ids = {r["id"]: r for r in result if r["type"] == "labels"}
    relations = [r for r in result if r["type"] == "relation"]
    assert relations and all(ids[r["from_id"]]["value"]["labels"] == ["imaging.lesions[].finding"] for r in relations)
    assert all(ids[r["to_id"]]["value"]["labels"] == ["imaging.lesions[].conclusion"] for r in relations)


def test_push_twice_is_a_no_op(loop) -> None:
    records, texts, backend, store, _ = loop
    again = push(records, texts, backend, store, "demo")
    assert again.pushed == 0 and again.skipped_existing == 3 and len(backend.tasks) == 3


def test_push_reports_documents_without_text(tmp_path: Path) -> None:
    records, _ = review_records()
    summary = push(records, {}, MemoryBackend(), GoldStore(f"sqlite:///{tmp_path / 'g.sqlite'}"), "x")
    assert summary.pushed == 0 and len(summary.missing_text) == 3


def _corrected(task: dict) -> tuple[list[dict], str, str]:
    """Accept the prediction, but move one metastasis site and delete the primary size."""
    result = _accepted(task)
    text = task["data"]["text"]
    meta = next(r for r in result if r["type"] == "labels" and r["meta"]["text"][0] == "imaging.metastasis_sites[1]")
    start = text.index("右侧股骨上段骨")
    meta["value"].update(start=start, end=start + 7, text=text[start:start + 7])
    size = next(r for r in result if r["type"] == "labels" and r["meta"]["text"][0] == "imaging.primary_size[0]")
    result.remove(size)
    result.append({"id": "new1", "from_name": "label", "to_name": "text", "type": "labels",
                   "value": {"start": 0, "end": 6, "text": text[:6], "labels": ["影像检查"]}})
    return result, "imaging.metastasis_sites[1]", "imaging.primary_size[0]"


def test_pull_merges_corrections_into_records(loop, tmp_path: Path) -> None:
    records, _, backend, store, _ = loop
    tid, task = _petct_task(backend)
    result, moved, deleted = _corrected(task)
    backend.annotate(tid, result, annotator="alice@example.org")
    out = write_records(records, tmp_path / "records.jsonl")
    summary = pull(backend, store, "demo", out)
    assert summary.annotations["new"] == 1 and summary.reviewed_records == 1 and not summary.conflicts
    merged = {r.document.doc_id: r for r in read_records(out)}[task["data"]["doc_id"]]
    by_name = {f.name: f for f in merged.fields}
    assert by_name[moved].value == "右侧股骨上段骨" and by_name[moved].source.kind == "human"
    assert by_name[moved].attributes["machine_value"] == "骨"
    assert by_name[deleted].status is FieldStatus.rejected
    assert all(f.status is not FieldStatus.needs_review for f in merged.fields)
    reviewed = [f for f in merged.fields if f.status is FieldStatus.reviewed]
    assert reviewed and all(f.attributes["reviewer"] == "alice@example.org" and f.attributes["reviewed_at"] for f in reviewed)
    assert [e.label for e in merged.entities] == ["影像检查"]
    assert not any(i.code == "review.pending" for i in merged.issues)
    # untouched documents keep their original line
    others = [r for r in read_records(out) if r.document.doc_id != task["data"]["doc_id"]]
    assert all(r.needs_review for r in others)


def test_re_pull_is_idempotent(loop, tmp_path: Path) -> None:
    records, _, backend, store, _ = loop
    tid, task = _petct_task(backend)
    backend.annotate(tid, _corrected(task)[0])
    out = write_records(records, tmp_path / "records.jsonl")
    pull(backend, store, "demo", out)
    first = out.read_bytes()
    again = pull(backend, store, "demo", out)
    assert again.annotations == {"new": 0, "updated": 0, "unchanged": 1}
    assert out.read_bytes() == first
    assert len(store.annotations("demo/petct")) == 1


def test_conflicting_annotations_are_kept_and_reported(loop, tmp_path: Path) -> None:
    records, _, backend, store, _ = loop
    tid, task = _petct_task(backend)
    backend.annotate(tid, _accepted(task), annotator="alice")
    backend.annotate(tid, _corrected(task)[0], annotator="bob")
    out = write_records(records, tmp_path / "records.jsonl")
    summary = pull(backend, store, "demo", out)
    assert len(summary.conflicts) == 1
    c = summary.conflicts[0]
    assert c["annotators"] == ["alice", "bob"] and 0 < c["agreement_f1"] < 1 and c["only_in"]
    assert len(store.annotations("demo/petct")) == 2
    merged = {r.document.doc_id: r for r in read_records(out)}[task["data"]["doc_id"]]
    assert merged.needs_review and any(i.code == "review.conflict" for i in merged.issues)
    export = write_span_jsonl(store, tmp_path / "train.jsonl", "demo")
    assert export.documents == 0 and export.skipped_conflicts == [task["data"]["task_key"]]


def test_export_is_span_jsonl_the_trainer_reads(loop, tmp_path: Path) -> None:
    _, _, backend, store, _ = loop
    for tid, task in backend.tasks.items():
        backend.annotate(tid, _accepted(task))
    pull(backend, store, "demo")
    summary = write_span_jsonl(store, tmp_path / "train.jsonl", "demo")
    examples = read_span_jsonl(tmp_path / "train.jsonl")
    assert summary.documents == len(examples) == 3
    for ex in examples:
        assert ex.entities and all(0 <= s < e <= len(ex.text) for s, e, _ in ex.entities)
    raw = [json.loads(line) for line in (tmp_path / "train.jsonl").read_text(encoding="utf-8").splitlines()]
    assert all(e["text"] == r["text"][e["start"]:e["end"]] for r in raw for e in r["entities"])
    only_entities = write_span_jsonl(store, tmp_path / "ents.jsonl", "demo", labels="entities")
    assert set(only_entities.labels) <= {"疾病和诊断", "影像检查", "实验室检验", "手术", "药物", "解剖部位"}


def test_cancelled_annotation_is_stored_but_not_merged(loop) -> None:
    _, _, backend, store, _ = loop
    tid, task = _petct_task(backend)
    backend.annotate(tid, [], cancelled=True)
    summary = pull(backend, store, "demo")
    assert summary.annotations["new"] == 1 and summary.reviewed_records == 0


def test_lab_label_export_groups_cells_into_rows() -> None:
    def rect(rid: str, label: str, x: float, y: float, w: float, h: float) -> dict:
        return {"id": rid, "from_name": "cell", "to_name": "image", "type": "rectanglelabels", "original_width": 1000,
                "original_height": 800, "value": {"x": x, "y": y, "width": w, "height": h, "rectanglelabels": [label]}}

    def area(rid: str, name: str, text: str) -> dict:
        return {"id": rid, "from_name": name, "to_name": "image", "type": "textarea", "value": {"text": [text]}}

    result = [rect("r1", "row", 5, 10, 90, 5), rect("c1", "item", 6, 10.5, 20, 4), rect("c2", "value", 40, 10.5, 10, 4),
              area("r1", "unit", "10^9/L"), area("r1", "reference", "3.5-9.5"), area("c1", "item", "白细胞"),
              area("c2", "value", "45.56"), rect("r2", "row", 5, 20, 90, 5), area("r2", "item", "血红蛋白")]
    doc = lab_label("images/cbc.png", result)
    assert doc["image"] == "images/cbc.png" and len(doc["rows"]) == 2
    first = doc["rows"][0]
    assert (first["item"], first["value"], first["unit"], first["reference"]) == ("白细胞", "45.56", "10^9/L", "3.5-9.5")
    assert first["bbox"] == [50.0, 80.0, 950.0, 120.0]
    assert doc["rows"][1]["item"] == "血红蛋白"


def test_build_task_is_deterministic() -> None:
    records, texts = review_records()
    r = records[1]
    assert build_task(r, texts[r.document.source_sha256]) == build_task(r, texts[r.document.source_sha256])
    assert isinstance(Record.model_validate(json.loads(r.model_dump_json())), Record)
