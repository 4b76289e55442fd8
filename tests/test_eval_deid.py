"""``oncostruct bench deid``: the scoring rules, the generated dev set, over-redaction counting."""
from __future__ import annotations

import json
import sys
from pathlib import Path

from oncostruct.engine.deid import PHI_CATEGORIES
from oncostruct.eval.deid import run, run_over_redaction, score
from oncostruct.extractors.deid.detect import PhiSpan

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from deid_devset import generate  # noqa: E402


class Fixed:
    def __init__(self, spans: list[PhiSpan]) -> None:
        self.spans = spans

    def detect(self, text: str, lang: str | None = None) -> list[PhiSpan]:
        return self.spans


def test_char_and_span_scores() -> None:
    row = {"doc_id": "d", "lang": "zh", "text": "姓名：张三丰 电话13812345678",
           "phi": [{"start": 3, "end": 6, "category": "NAME", "text": "张三丰"},
                   {"start": 9, "end": 20, "category": "PHONE", "text": "13812345678"}]}
    # the name half-covered (as ADDRESS), the phone covered, one false span of 1 character
    got = score([row], Fixed([PhiSpan(3, 5, "ADDRESS", 1, "r"), PhiSpan(9, 20, "PHONE", 1, "r"),
                              PhiSpan(7, 8, "DATE", 1, "r")]))
    per = got["per_category"]
    assert per["NAME"]["char"]["recall"] == round(2 / 3, 4) and per["NAME"]["span"]["recall"] == 0
    assert per["ADDRESS"]["char"]["precision"] == 1.0 and per["DATE"]["char"]["precision"] == 0
    assert per["PHONE"]["char"] == {"recall": 1.0, "gold": 11, "precision": 1.0, "predicted": 11}
    assert got["overall"]["char"]["recall"] == round(13 / 14, 4)
    assert got["misses"][0]["text"] == "张三丰" and got["false_positives"][0]["category"] == "DATE"


def test_generated_dev_set_covers_every_category_in_both_languages() -> None:
    docs = generate(300, seed=3)
    assert len(docs) == 300 and {d["lang"] for d in docs} == {"zh", "en"}
    assert {p["category"] for d in docs for p in d["phi"]} == set(PHI_CATEGORIES)
    assert all(d["text"][p["start"]:p["end"]] == p["text"] for d in docs for p in d["phi"])


def test_bench_on_a_fresh_seed(tmp_path: Path) -> None:
    data = tmp_path / "dev.jsonl"
    data.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in generate(60, seed=99)), encoding="utf-8")
    result = run(data)
    assert result["overall"]["char"]["recall"] >= 0.99 and result["overall"]["char"]["precision"] >= 0.9


def test_over_redaction_counts_entity_characters(tmp_path: Path) -> None:
    data = tmp_path / "train.jsonl"
    rows = [{"id": "1", "text": "患者于2019-03-02行左肺癌根治术", "entities": [{"start": 14, "end": 17, "label": "pro"},
                                                                 {"start": 3, "end": 13, "label": "x"}]}]
    data.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    got = run_over_redaction(data)
    assert (got["entity_chars"], got["redacted_entity_chars"]) == (13, 10)
