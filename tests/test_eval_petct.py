"""``bench petct``: span matching, attribute accuracy, link figures and the conclusion-first split, on synthetic gold."""
from __future__ import annotations

import copy
import json
from pathlib import Path

from click.testing import CliRunner

from oncostruct.annotation.petct_lesions import examples_from_tasks
from oncostruct.engine.cli import main
from oncostruct.eval.petct import attribute_agrees, match_regions, score
from petct_synth import gold_tasks


def _golds() -> list[dict]:
    return examples_from_tasks(gold_tasks())


def test_perfect_prediction_scores_one() -> None:
    golds = _golds()
    res = score(golds, copy.deepcopy(golds))
    iou = res["all"]["iou"]
    assert iou["lesions"]["finding"]["f1"] == iou["lesions"]["conclusion"]["f1"] == 1.0
    assert iou["link_accuracy"] == 1.0 and iou["links"]["f1"] == 1.0
    assert res["conclusion_first"]["reports"] == 1 and res["conclusion_last"]["reports"] == 1


def test_errors_lower_the_right_figures() -> None:
    golds = _golds()
    preds = copy.deepcopy(golds)
    cf = preds[0]
    # 1. a finding span shrunk below IoU 0.5 (still overlapping); 2. one link moved to the wrong conclusion;
    # 3. one wrong judgement
    f1 = next(r for r in cf["regions"] if r["id"] == "f1")
    f1["end"] = f1["start"] + 6
    cf["links"] = [lk for lk in cf["links"] if lk != ["f3", "c2"]] + [["f3", "c1"]]
    next(r for r in cf["regions"] if r["id"] == "f4")["judgement"] = "primary"
    res = score(golds, preds)["conclusion_first"]
    iou, overlap = res["iou"], res["overlap"]
    assert iou["lesions"]["finding"]["tp"] == 5 and overlap["lesions"]["finding"]["tp"] == 6
    # 5 gold links: f1-c1 lost under IoU (f1 unmatched), f3-c2 missed -> 3/5; the overlap rule recovers f1-c1
    assert iou["link_accuracy"] == 0.6 and overlap["link_accuracy"] == 0.8
    assert iou["link_accuracy_detected"] == {"accuracy": 0.75, "correct": 3, "n": 4}
    assert iou["links"]["tp"] == 3 and iou["links"]["n_pred"] == 5
    assert iou["attributes"]["finding.judgement"] == {"accuracy": 0.8, "correct": 4, "n": 5}
    # f3 has the wrong conclusion set; f1 is not matched, so 4 of 5 matched findings are right
    assert iou["finding_assignment_accuracy"] == {"accuracy": 0.8, "correct": 4, "n": 5}


def test_matching_is_one_to_one_and_label_aware() -> None:
    gold = [{"id": "g1", "label": "finding", "start": 0, "end": 10}, {"id": "g2", "label": "conclusion", "start": 0, "end": 10}]
    pred = [{"id": "p1", "label": "finding", "start": 0, "end": 9}, {"id": "p2", "label": "finding", "start": 1, "end": 10}]
    assert match_regions(gold, pred, 0.5) == {"p1": "g1"}


def test_attribute_rules() -> None:
    assert attribute_agrees("size_mm", {"size_mm": "35"}, {"size_mm": "35.2"})
    assert not attribute_agrees("size_mm", {}, {"size_mm": "12"})  # a size the gold does not state
    assert attribute_agrees("suvmax", {}, {})
    assert attribute_agrees("site", {"site": "右侧腋窝"}, {"site": "右腋窝"})
    assert attribute_agrees("site_relaxed", {"site": "右肺上叶"}, {"site": "右肺上叶尖段"})
    assert attribute_agrees("uptake", {}, {"uptake": "mild"}) is None


def test_bench_cli_runs_the_extractor_on_a_gold_export(tmp_path: Path) -> None:
    gold = tmp_path / "gold.json"
    gold.write_text(json.dumps(gold_tasks(), ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "r.json"
    res = CliRunner().invoke(main, ["bench", "petct", "--data", str(gold), "--out", str(out)], catch_exceptions=False)
    assert res.exit_code == 0, res.output
    summary = json.loads(res.output.strip().splitlines()[-1])
    assert summary["n_reports"] == 2 and 0.0 <= summary["link_accuracy"] <= 1.0
    full = json.loads(out.read_text(encoding="utf-8"))
    assert set(full) >= {"all", "conclusion_first", "conclusion_last"}
    assert full["all"]["iou"]["lesions"]["finding"]["n_gold"] == 10


def test_bench_refuses_a_file_that_is_not_an_export(tmp_path: Path) -> None:
    bad = tmp_path / "gold.json"
    bad.write_text('{"not": "a list"}', encoding="utf-8")
    res = CliRunner().invoke(main, ["bench", "petct", "--data", str(bad), "--out", str(tmp_path / "r.json")])
    assert res.exit_code != 0 and "list of tasks" in res.output
