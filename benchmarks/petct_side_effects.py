"""Side effects of the PET-CT lesion work (issue #15) on the rest of the PET-CT extractor.

    python benchmarks/petct_side_effects.py DATA/ccks2019_tumour/train.jsonl tumour
    python benchmarks/petct_side_effects.py DATA/ccks2019_tumour/train.jsonl speed

``tumour``: CCKS attribute F1 of the rules on parts a and b of the train file. ``speed``: characters per second
of ``PetctExtractor().extract`` over every text of the file (one process). For "before", run the same file with
``PYTHONPATH`` pointing at an older tree (``git archive COMMIT`` unpacked as ``oncostruct``).
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from oncostruct.engine.cdm import DocType
from oncostruct.extractors.base import ExtractionInput


def _rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8-sig") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def tumour(rows: list[dict]) -> dict:
    from oncostruct.eval.tumour import rules_predictor, score

    predict = rules_predictor()
    preds = [predict(r["text"]) for r in rows]
    out = {}
    for part in ("a", "b"):
        idx = [i for i, r in enumerate(rows) if f"-train-{part}-" in r["id"]]
        res = score([rows[i] for i in idx], [preds[i] for i in idx])
        out[part] = {"micro_f1": res["micro"]["f1"], **{k: v["f1"] for k, v in res["per_field"].items()}}
    return out


def speed(rows: list[dict]) -> dict:
    from oncostruct.extractors.text.petct import PetctExtractor

    ext = PetctExtractor()
    ext.extract(ExtractionInput(text=rows[0]["text"], doc_type=DocType.petct, language="zh"))
    start, chars = time.perf_counter(), 0
    for r in rows:
        ext.extract(ExtractionInput(text=r["text"], doc_type=DocType.petct, language="zh"))
        chars += len(r["text"])
    wall = time.perf_counter() - start
    return {"reports": len(rows), "chars": chars, "seconds": round(wall, 1), "chars_per_s": round(chars / wall)}


if __name__ == "__main__":
    data, what = Path(sys.argv[1]), sys.argv[2]
    rows = _rows(data)
    print(json.dumps(tumour(rows) if what == "tumour" else speed(rows)))
