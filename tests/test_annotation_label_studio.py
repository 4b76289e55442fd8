"""Integration: the whole review loop against a real Label Studio server (select with ``pytest -k label_studio``).

The server (``label_studio``, a session fixture in ``conftest.py``: one server for this and the video
review loop) runs from its own virtual environment (``tests/label_studio_server.py``).
Loop: extract → push (predictions with scores) → an annotator submits a correction through the
REST API → pull → gold store → exported span JSONL → ``oncostruct train ner`` retrains on it.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from oncostruct.engine.cdm import FieldStatus
from oncostruct.engine.cli import main
from oncostruct.annotation.client import LabelStudioBackend, _plain
from oncostruct.annotation.push import read_records
from oncostruct.annotation.store import GoldStore
from oncostruct.training.readers import read_span_jsonl
from label_studio_server import USER, submit
from review_helpers import REVIEW_DOCS, review_records, write_records


def _as_annotator_would(prediction: dict[str, Any], text: str) -> list[dict[str, Any]]:
    """Start from the pre-annotation; fix the bone metastasis span (the rules caught only '骨')."""
    result = [{k: v for k, v in r.items() if k not in ("score", "origin")} for r in prediction["result"]]
    for r in result:
        if r["type"] == "labels" and r["value"]["text"] == "骨" and r["value"]["labels"] == ["imaging.metastasis_sites[]"]:
            start = text.index("右侧股骨上段")
            r["value"].update(start=start, end=start + 6, text="右侧股骨上段")
    return result


def _cli(args: list[str]) -> str:
    res = CliRunner().invoke(main, args, catch_exceptions=False)
    assert res.exit_code == 0, res.output
    return res.output


def test_label_studio_full_review_loop(label_studio: dict[str, Any], tmp_path: Path) -> None:
    url, token = label_studio["url"], label_studio["token"]
    server = ["--url", url, "--token", token, "--db", f"sqlite:///{tmp_path / 'gold.sqlite'}"]
    # 1. extract
    records, texts = review_records()
    records_path = write_records(records, tmp_path / "records.jsonl")
    # 2. push: tasks carry predictions with scores, in active-learning order
    pushed = json.loads(_cli(["review", "push", "--records", str(records_path), "--project", "onco", "--source",
                              str(REVIEW_DOCS), *server]))
    assert pushed["pushed"] == 3 and set(pushed["projects"]) == {"onco/petct", "onco/pathology"}
    tasks = []
    with LabelStudioBackend(url, token) as backend:
        for title, pid in pushed["projects"].items():
            for task in backend.client.tasks.list(project=pid, page_size=50):
                preds = [_plain(p) for p in backend.client.predictions.list(task=int(task.id))]
                assert len(preds) == 1 and 0 < preds[0]["score"] < 1 and "@" in preds[0]["model_version"]
                assert all(0 <= r["score"] <= 1 for r in preds[0]["result"] if r["type"] == "labels")
                tasks.append((int(task.id), _plain(task)["data"], preds[0]))
    assert len(tasks) == 3
    again = json.loads(_cli(["review", "push", "--records", str(records_path), "--project", "onco", "--source",
                             str(REVIEW_DOCS), *server]))
    assert again["pushed"] == 0 and again["skipped_existing"] == 3
    # 3. an annotator corrects one task and accepts the others, through the REST API
    for task_id, data, pred in tasks:
        submit(url, token, task_id, _as_annotator_would(pred, data["text"]))
    # 4. pull → gold store + reviewed Records + exported training set
    export_dir = tmp_path / "gold"
    pulled = json.loads(_cli(["review", "pull", "--project", "onco", "--records", str(records_path), "--export",
                              str(export_dir), *server]).splitlines()[0])
    assert pulled["annotations"]["new"] == 3 and pulled["reviewed_records"] == 3 and not pulled["conflicts"]
    merged = read_records(records_path)
    assert all(not r.needs_review for r in merged)
    bone = next(f for r in merged for f in r.fields if f.value == "右侧股骨上段")
    assert bone.status is FieldStatus.reviewed and bone.source.kind == "human"
    assert bone.attributes["reviewer"] == USER and bone.attributes["reviewed_at"]
    gold = GoldStore(server[-1]).annotations()
    assert len(gold) == 3 and {g["annotator"] for g in gold} == {USER}
    # re-pull is idempotent
    before = records_path.read_bytes()
    repulled = json.loads(_cli(["review", "pull", "--project", "onco", "--records", str(records_path), *server]).splitlines()[0])
    assert repulled["annotations"] == {"new": 0, "updated": 0, "unchanged": 3}
    assert records_path.read_bytes() == before
    # 5. the exported set feeds a retraining run
    examples = read_span_jsonl(export_dir / "train.jsonl")
    assert len(examples) == 3 and any((s, e) for ex in examples for s, e, lab in ex.entities if ex.text[s:e] == "右侧股骨上段")
    labels = sorted({lab for ex in examples for _, _, lab in ex.entities})
    config = {"name": "review_retrain", "version": "0", "data": {"train": str(export_dir / "train.jsonl"), "max_len": 64},
              "model": {"kind": "crf", "labels": labels, "emb_dim": 16, "hidden": 16, "layers": 1, "lac_init": False},
              "train": {"epochs": 1, "batch_size": 4, "max_steps": 2, "threads": 1},
              "export": {"out_dir": str(tmp_path / "model"), "window": 64, "overlap": 16}}
    (tmp_path / "retrain.yaml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    trained = json.loads(_cli(["train", "ner", "--config", str(tmp_path / "retrain.yaml")]).strip().splitlines()[-1])
    assert trained["name"] == "review_retrain" and (tmp_path / "model" / "model.onnx").exists()
    manifest = json.loads((tmp_path / "model" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["labels"] == labels
