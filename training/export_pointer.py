"""Export the tumour pointer model: ONNX graph, vocabulary, manifest (data, config, metrics, sha256).

The manifest follows the NER models' conventions (``models/weights/ccks2019/manifest.json``) and adds
the decoding settings (threshold, maximum span lengths, strip characters), the per-field combination
modes and isotonic calibrators chosen on part-b CV, and eager-vs-ONNX CPU throughput measured here.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import torch

from oncostruct.models.pointer import FIELDS, PointerModel, load_pointer_dir
from oncostruct.models.pointer_net import PointerNet
from oncostruct.models.vocab import CharVocab
from oncostruct.training.export import chars_per_second, export_onnx, sha256
from oncostruct.training.pointer_config import PointerTrainConfig
from oncostruct.training.pointer_data import Normalisation


def data_digest(records: list[dict[str, Any]]) -> str:
    """sha256 over the sorted training ids and texts (which records trained the model)."""
    h = hashlib.sha256()
    for r in sorted(records, key=lambda r: str(r["id"])):
        h.update(f"{r['id']}\t{r['text']}\n".encode("utf-8"))
    return h.hexdigest()


def export_pointer(cfg: PointerTrainConfig, net: PointerNet, vocab: CharVocab, records: list[dict[str, Any]],
                   history: dict[str, Any], eager: PointerModel, out_dir: Path) -> dict[str, Any]:
    """Write model.onnx, model.pt, vocab.json and manifest.json to ``out_dir``; returns the manifest."""
    out_dir.mkdir(parents=True, exist_ok=True)
    export_onnx(net, out_dir / "model.onnx", output="logits", length_axis=2)
    torch.save({k: v for k, v in net.state_dict().items() if not k.startswith("mlm")}, out_dir / "model.pt")
    vocab.save(out_dir / "vocab.json")
    norm = Normalisation.load(cfg.data.normalise)
    cv = json.loads(Path(cfg.export.cv_report).read_text(encoding="utf-8")) if cfg.export.cv_report else {}
    manifest: dict[str, Any] = {
        "name": cfg.name, "version": cfg.version, "kind": "pointer", "fields": list(FIELDS),
        "threshold": cfg.export.threshold, "max_span": dict(cfg.export.max_span), "strip_chars": norm.strip_chars, "max_values": dict(norm.max_values),
        "field_modes": cv.get("field_modes", {}), "isotonic": cv.get("isotonic", {}),
    }
    (out_dir / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    onnx_model = load_pointer_dir(out_dir, threads=cfg.train.threads)
    texts = [r["text"] for r in records if str(r["id"]).startswith("tumour-train-b-")][:60]
    ids = sorted(str(r["id"]) for r in records)
    files = {p.name: {"size_bytes": p.stat().st_size, "sha256": sha256(p)} for p in sorted(out_dir.iterdir())
             if p.is_file() and p.name != "manifest.json"}
    manifest.update({
        "data": {"train": str(cfg.data.train), "n_train": len(records), "ids_first_last": [ids[0], ids[-1]],
                 "ids_and_texts_sha256": data_digest(records), "part_b_oversample": cfg.data.part_b_oversample,
                 "unlabelled": str(cfg.data.unlabelled) if cfg.train.pretrain_steps else None,
                 "normalise": str(cfg.data.normalise)},
        "seed": cfg.train.seed, "config": json.loads(cfg.model_dump_json()), "history": history,
        "metrics": {k: cv[k] for k in ("protocol", "rows", "ece") if k in cv},
        "files": files, "size_bytes_total": sum(f["size_bytes"] for f in files.values()),
        "vocab_size": len(vocab),
        "cpu_chars_per_sec": {"onnx": chars_per_second(onnx_model, texts), "eager": chars_per_second(eager, texts),
                              "texts": len(texts), "threads": cfg.train.threads},
    })
    (out_dir / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return manifest


def attach_cv_report(out_dir: Path, report_path: Path) -> dict[str, Any]:
    """Put the part-b CV results into an exported model's manifest: per-field modes (chosen on folds 1-2),
    isotonic calibrators (fitted on the out-of-fold values), figures and ECE; file hashes are unchanged."""
    manifest = json.loads((out_dir / "manifest.json").read_text(encoding="utf-8"))
    cv = json.loads(Path(report_path).read_text(encoding="utf-8"))
    manifest.update({"field_modes": cv["field_modes"], "field_modes_chosen_on": cv.get("field_modes_chosen_on"),
                     "isotonic": cv["isotonic"], "metrics": {k: cv[k] for k in ("protocol", "threshold", "rows", "ece")
                                                             if k in cv}, "cv_report": str(report_path)})
    (out_dir / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return manifest
