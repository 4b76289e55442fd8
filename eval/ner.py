"""The ``bench ner`` task: strict entity-level scores of a released NER model on a span JSONL file."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from oncostruct.training.entity_metrics import bootstrap_f1, calibration_error, score


def run(data: Path, model: str | None) -> dict[str, Any]:
    """``oncostruct bench ner --data FILE.jsonl --model ccks2019|cmeee``: strict scores of a released model."""
    from oncostruct.models.registry import load_ner
    from oncostruct.training.readers import read_span_jsonl

    examples = read_span_jsonl(data)
    ner = load_ner(model or "ccks2019")
    pred = ner.predict([ex.text for ex in examples])
    gold = [ex.entities for ex in examples]
    result = score(gold, pred)
    result["micro"]["f1_ci95"] = list(bootstrap_f1(gold, pred))
    return {"task": "ner", "model": ner.name, "model_version": ner.version, **result}
