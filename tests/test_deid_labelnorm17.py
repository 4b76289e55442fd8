"""Label normalisation of the PHI training sets (issue 18, session 17, training/deid_labelnorm.py): a department
inside a sentence loses its ORGANIZATION label, a field or cell keeps it, titles leave NAME spans, blanks leave span
edges, and the counts per rule and per set reach the training file's report. Synthetic look-alikes only."""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from oncostruct.training.deid_data import write_training_file
from oncostruct.training.deid_labelnorm import _line_before, load_rules, normalise_row, normalise_rows
from tests.deid_helpers import cpu_seconds


def _row(text: str, values: list[tuple[str, str]]) -> dict[str, object]:
    """A span row with each (value, label) at its first occurrence in ``text``."""
    ents = [{"start": text.index(v), "end": text.index(v) + len(v), "label": lab} for v, lab in values]
    return {"id": "x", "text": text, "entities": ents}


def _values(row: dict[str, object]) -> list[tuple[str, str]]:
    return [(str(row["text"])[e["start"]:e["end"]], e["label"]) for e in row["entities"]]  # type: ignore[index]


def test_department_glued_into_a_sentence_is_dropped() -> None:
    row = _row("患者因腹胀收入甲乙外科。\n主管医师：龚青岚", [("甲乙外科", "ORGANIZATION"), ("龚青岚", "NAME")])
    out, counts = normalise_rows([row])
    assert _values(out[0]) == [("龚青岚", "NAME")]
    assert counts["department_in_sentence"] == 1


def test_english_unit_after_a_lower_case_word_is_dropped() -> None:
    row = _row("Advised to attend the Rapid Assessment Unit today.", [("Rapid Assessment Unit", "ORGANIZATION")])
    assert _values(normalise_rows([row])[0][0]) == []


def test_department_as_field_cell_or_after_its_institution_keeps_its_label() -> None:
    for text, dept in [("科室：甲乙外科  床号：7", "甲乙外科"), ("科别 甲乙外科\n", "甲乙外科"),
                       ("栖霞岭医院甲乙外科\n", "甲乙外科"), ("| 2021-03-04 | 甲乙外科 |", "甲乙外科"),
                       ("Department: Oncology Day Unit\n", "Oncology Day Unit")]:
        row = _row(text, [(dept, "ORGANIZATION")])
        assert _values(normalise_rows([row])[0][0]) == [(dept, "ORGANIZATION")], text


def test_an_institution_is_never_dropped_inside_a_sentence() -> None:
    row = _row("患者转至栖霞岭肿瘤医院外科继续治疗。", [("栖霞岭肿瘤医院外科", "ORGANIZATION")])
    assert _values(normalise_rows([row])[0][0]) == [("栖霞岭肿瘤医院外科", "ORGANIZATION")]


def test_title_leaves_the_name_span_and_blanks_leave_the_edges() -> None:
    row = _row("Seen by Dr. Wenna Calloway today. ID  7731 ", [("Dr. Wenna Calloway", "NAME"), (" 7731 ", "ID_NUMBER")])
    counts: Counter[str] = Counter()
    out = normalise_row(row, load_rules(), counts)
    assert _values(out) == [("Wenna Calloway", "NAME"), ("7731", "ID_NUMBER")]
    assert counts == Counter({"name_title": 1, "edge_space": 1})


def test_a_title_alone_is_kept() -> None:
    row = _row("signed: Dr. ", [("Dr.", "NAME")])
    assert _values(normalise_rows([row])[0][0]) == [("Dr.", "NAME")]


def test_training_file_reports_the_counts_per_set(tmp_path: Path) -> None:
    text = "患者收入甲乙外科。科室：丙丁内科"
    phi = [{"start": 4, "end": 8, "category": "ORGANIZATION", "text": "甲乙外科"},
           {"start": 12, "end": 16, "category": "ORGANIZATION", "text": "丙丁内科"}]
    src = tmp_path / "set.jsonl"
    src.write_text(json.dumps({"doc_id": "d1", "lang": "zh", "text": text, "phi": phi}, ensure_ascii=False) + "\n",
                   encoding="utf-8")
    report: dict[str, dict[str, int]] = {}
    out = tmp_path / "train.jsonl"
    write_training_file(out, [src], rules=load_rules(), report=report)
    assert report[str(src)]["department_in_sentence"] == 1
    rec = json.loads(out.read_text(encoding="utf-8"))
    assert [(e["start"], e["end"]) for e in rec["entities"]] == [(12, 16)]
    write_training_file(out, [src])   # no rules: the writer's spans as they were
    assert len(json.loads(out.read_text(encoding="utf-8"))["entities"]) == 2


def test_rules_stay_linear_on_long_repetitive_input() -> None:
    """Doubling a long repetitive text at most about doubles the CPU time of normalising its labels (a growth ratio,
    never an absolute time: linear about 2, quadratic about 4)."""
    rules = load_rules()

    def cpu(text: str) -> float:
        row = {"id": "x", "text": text, "entities": [{"start": 0, "end": len(text), "label": "ORGANIZATION"},
                                                    {"start": 0, "end": len(text), "label": "NAME"}]}
        return cpu_seconds(lambda: normalise_row(dict(row, entities=[dict(e) for e in row["entities"]]), rules, Counter()))

    for chunk in ("外科", "Dr. ", "a Unit ", "科室 "):
        n = 50_000 // len(chunk)
        ratio = cpu(chunk * (2 * n)) / cpu(chunk * n)
        assert ratio < 3.5, (chunk, ratio)
    assert len(_line_before("x" * 500, 500)) == 60


def test_recipe17_normalises_and_keeps_the_transfer_sets_out() -> None:
    # deid17.yaml: the warm-start recipe test of test_deid_tagger15.py runs on it too; here what is new
    root = Path(__file__).resolve().parents[1]
    recipe = (root / "training" / "configs" / "deid17.yaml").read_text(encoding="utf-8").split("Written by")[1]
    assert "--norm-report" in recipe and "--no-normalise" not in recipe
    assert "/work/train/phi18t/" in recipe and "/work/train/phi20t/" in recipe
    assert not any(f"/work/dev/{s}/" in recipe for s in ("phi14d", "phi15", "phi18", "phi19"))
