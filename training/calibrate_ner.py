"""Refit a released NER model's confidence calibration on its dev split and store it in its manifest.

``python -m training.calibrate_ner --model cmeee --data ../shared/data/cmeee/train.jsonl``

New exports fit the same calibration themselves (:func:`training.export.fit_calibration`); this brings a
model exported before the isotonic map existed up to date without retraining. The dev split is the
seeded one the model was trained against (``training.readers.train_dev``); only the manifest changes
(``temperature``, ``isotonic``), the weights and their sha256 do not.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from oncostruct.models.ner_inference import load_model_dir
from oncostruct.models.registry import model_path
from oncostruct.training.export import dev_confidences, fit_calibration
from oncostruct.training.readers import train_dev


def recalibrate(model_dir: Path, data: Path) -> dict[str, Any]:
    """Fit temperature and isotonic map on dev entities; rewrite the manifest; return the new entries."""
    manifest_path = model_dir / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    model = load_model_dir(model_dir)
    _, dev = train_dev(data, manifest.get("data", {}).get("format", "jsonl"))
    _, confs, correct = dev_confidences(model, dev)
    entries = fit_calibration(model, confs, correct)
    manifest.update(entries)
    manifest_path.write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return entries


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", required=True, help="released model name or folder")
    ap.add_argument("--data", type=Path, required=True, help="the model's labelled training file")
    args = ap.parse_args(argv)
    entries = recalibrate(model_path(args.model), args.data)
    iso = entries.get("isotonic") or {}
    print(json.dumps({"temperature": entries["temperature"], "isotonic_knots": len(iso.get("x", [])), "n": iso.get("n")}))


if __name__ == "__main__":
    main()
