"""PET-CT lesion annotation: the Label Studio config, records → pre-annotated tasks, export → gold examples,
and a round trip through a real Label Studio server (the session fixture in ``conftest``)."""
from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from oncostruct.annotation.client import LabelStudioBackend, _plain
from oncostruct.annotation.petct_lesions import (ATTRIBUTES, CHOICES, choice_values, examples_from_tasks, lesion_config,
                                                 lesion_task, read_export, write_examples)
from oncostruct.engine.cdm import DocType
from oncostruct.engine.errors import ConfigError
from oncostruct.extractors.base import ExtractionInput
from oncostruct.extractors.text.petct import PetctExtractor
from petct_synth import CONCLUSION_FIRST, FINDINGS_FIRST, gold_tasks
from label_studio_server import submit


def _fields(text: str):
    return PetctExtractor().extract(ExtractionInput(text=text, doc_type=DocType.petct, language="zh")).fields


def test_config_has_the_schema_tags() -> None:
    root = ET.fromstring(lesion_config())
    labels = root.find("Labels")
    assert labels.get("name") == "lesion" and [x.get("value") for x in labels] == ["finding", "conclusion"]
    assert [r.get("value") for r in root.iter("Relation")] == ["same_lesion"]
    per_region = {el.get("name"): el for el in root.iter() if el.get("perRegion") == "true"}
    assert set(per_region) == set(ATTRIBUTES)
    assert [c.get("value") for c in per_region["judgement"]] == ["primary", "metastasis", "suspicious_malignant", "benign",
                                                                  "post_treatment", "indeterminate"]
    assert [c.get("value") for c in per_region["laterality"]] == ["left", "right", "bilateral", "none"]
    assert [c.get("value") for c in per_region["uptake"]] == ["increased", "mild", "none", "not_stated"]
    assert set(CHOICES) == {"laterality", "uptake", "uptake_kind", "judgement"}
    assert choice_values("uptake_kind") == ["physiological", "suspicious", "not_stated"]


@pytest.mark.parametrize("text, first", [(CONCLUSION_FIRST, True), (FINDINGS_FIRST, False)])
def test_records_become_predictions_and_read_back(text: str, first: bool) -> None:
    task = lesion_task(_fields(text), text, "syn")
    assert task["data"]["conclusion_first"] is first
    pred = task["predictions"][0]
    assert 0 < pred["score"] <= 1 and pred["model_version"]
    ex = examples_from_tasks([task], use_predictions=True)[0]
    findings = [r for r in ex["regions"] if r["label"] == "finding"]
    conclusions = [r for r in ex["regions"] if r["label"] == "conclusion"]
    assert findings and conclusions and ex["links"]
    for r in ex["regions"]:
        assert text[r["start"]:r["end"]] == r["text"] and r["site"] and r["laterality"] and r["judgement"]
    ids = {r["id"]: r["label"] for r in ex["regions"]}
    assert all(ids[a] == "finding" and ids[b] == "conclusion" for a, b in ex["links"])


def test_export_reads_the_latest_annotation_and_skips_cancelled(tmp_path: Path) -> None:
    task = gold_tasks()[1]
    old = {"id": 1, "result": [], "was_cancelled": False, "updated_at": "2026-01-01T00:00:00Z"}
    cancelled = {"id": 2, "result": [], "was_cancelled": True, "updated_at": "2026-03-01T00:00:00Z"}
    task["annotations"][0]["updated_at"] = "2026-02-01T00:00:00Z"
    task["annotations"] = [old, task["annotations"][0], cancelled]
    ex = examples_from_tasks([task])[0]
    assert len(ex["regions"]) == 8 and len(ex["links"]) == 4
    f1 = next(r for r in ex["regions"] if r["id"] == "f1")
    assert (f1["site"], f1["suvmax"], f1["uptake"], f1["judgement"]) == ("左侧胸壁", "2.1", "mild", "post_treatment")
    assert write_examples([ex], tmp_path / "gold.jsonl") == 1
    with pytest.raises(ConfigError):
        read_export(tmp_path / "missing.json")


def _as_annotator_would(prediction: dict[str, Any], text: str) -> list[dict[str, Any]]:
    """Start from the pre-annotation; set the hilar node's judgement and site text, move its link from the node
    item to the primary's item (one link dropped, one added)."""
    result = [{k: v for k, v in r.items() if k not in ("score", "origin")} for r in prediction["result"]]
    regions = {r["id"]: r for r in result if r["type"] == "labels"}
    node = next(rid for rid, r in regions.items() if r["value"]["text"].startswith("右肺门见"))
    primary = next(rid for rid, r in regions.items() if r["value"]["text"].startswith("右肺上叶前段肿块"))
    for r in result:
        if r.get("id") == node and r["from_name"] == "judgement":
            r["value"]["choices"] = ["indeterminate"]
        if r.get("id") == node and r["from_name"] == "site":
            r["value"]["text"] = ["右肺门淋巴结"]
    dropped = next(r for r in result if r["type"] == "relation" and r["from_id"] == node)
    result.remove(dropped)
    result.append({"type": "relation", "from_id": node, "to_id": primary, "direction": "right", "labels": ["same_lesion"]})
    return result


def test_round_trip_through_a_real_label_studio(label_studio: dict[str, Any]) -> None:
    url, token = label_studio["url"], label_studio["token"]
    text = CONCLUSION_FIRST
    task = lesion_task(_fields(text), text, "synthetic-cf")
    with LabelStudioBackend(url, token) as backend:
        pid = backend.ensure_project("oncostruct petct lesions", lesion_config())
        assert backend.ensure_project("oncostruct petct lesions", lesion_config()) == pid
        (task_id,) = backend.import_tasks(pid, [task])
        stored = [_plain(p) for p in backend.client.predictions.list(task=task_id)]
        assert len(stored) == 1
        predicted = examples_from_tasks([{"data": task["data"], "predictions": stored}], use_predictions=True)[0]
        assert predicted["links"] and predicted == examples_from_tasks([task], use_predictions=True)[0] | {"id": predicted["id"]}
        edited = _as_annotator_would(stored[0], text)
        submit(url, token, task_id, edited)
        exported = list(backend.annotated_tasks(pid))
    assert len(exported) == 1
    gold = examples_from_tasks(exported)[0]
    expected = examples_from_tasks([{"id": task_id, "data": task["data"],
                                     "annotations": [{"result": edited, "was_cancelled": False}]}])[0]
    assert gold == expected | {"id": gold["id"]}
    node = next(r for r in gold["regions"] if r["text"].startswith("右肺门见"))
    assert (node["site"], node["judgement"]) == ("右肺门淋巴结", "indeterminate")
    primary = next(r for r in gold["regions"] if r["text"].startswith("右肺上叶前段肿块"))
    assert [node["id"], primary["id"]] in gold["links"]
    assert [lk for lk in gold["links"] if lk[0] == node["id"]] == [[node["id"], primary["id"]]]
    assert len(gold["links"]) == len(predicted["links"])  # one dropped, one added
    assert gold["conclusion_first"] is True and gold["source_id"] == "synthetic-cf"
