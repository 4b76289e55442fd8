"""Part-b 5-fold CV of the tumour pointer model, out-of-fold (OOF) logits, and the combined modes.

:func:`run_cv` trains one model per fold (all of part a plus the other four part-b folds, the folds of
:mod:`eval.tumour_cv`) and writes each held-out record's start/end logits to ``OUT/oof.npz`` (with the
training histories in ``OUT/cv.json``). Scoring then needs no training: :func:`oof_predictions` decodes
the logits at any threshold and :func:`combine` merges model and rule values per field (``MODES``).
``python -m oncostruct.eval.tumour_pointer --config CFG --out DIR [--set key=value ...]`` runs the CV.
"""
from __future__ import annotations

import json
import logging
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

from oncostruct.eval.tumour_cv import N_FOLDS, TARGET_PREFIX, assign_folds, fold_split
from oncostruct.models.pointer import FIELDS, PointerDecoder, PointerSpan

log = logging.getLogger(__name__)
MODES = ("rules", "model", "union", "model+rules")


def run_cv(cfg, out: Path, folds: tuple[int, ...] = tuple(range(1, N_FOLDS + 1)), part_a_only: bool = False) -> None:
    """Train per fold and save OOF logits. When stage 1 sees no part b (``part_b_oversample`` 0) its model
    does not depend on the fold: it is trained once (``OUT/base.pt``) and fine-tuned per fold.
    ``part_a_only`` scores every fold with that base, without fine-tuning (the no-adaptation row)."""
    import copy

    import torch

    from oncostruct.training.train_pointer import fit, fit_base, finetune, read_jsonl, torch_model

    out.mkdir(parents=True, exist_ok=True)
    records = read_jsonl(cfg.data.train)
    unlabelled = [r["text"] for r in read_jsonl(cfg.data.unlabelled)] if cfg.train.pretrain_steps else None
    fold_of = assign_folds(records)
    store = dict(np.load(out / "oof.npz")) if (out / "oof.npz").exists() else {}
    report = json.loads((out / "cv.json").read_text()) if (out / "cv.json").exists() else {"folds": {}}
    report["config"] = json.loads(cfg.model_dump_json())
    shared = cfg.data.part_b_oversample == 0 or part_a_only
    base = None
    if shared and cfg.train.base_from:
        from oncostruct.training.train_pointer import load_base

        base = load_base(cfg, Path(cfg.train.base_from))
        report["base"] = base[2]
    elif shared:
        began = time.time()
        part_a = [r for r in records if not str(r["id"]).startswith(TARGET_PREFIX)]
        base = fit_base(cfg.model_copy(update={"data": cfg.data.model_copy(update={"part_b_oversample": 0})}),
                        part_a, unlabelled)
        report["base"] = {**base[2], "seconds": round(time.time() - began, 1)}
        with torch.no_grad():  # the base alone (no part b) on every part-b record: the no-adaptation row
            part_b = [r for r in records if str(r["id"]) in fold_of]
            lg = torch_model(cfg, base[0], base[1]).logits([r["text"] for r in part_b])
        (out / "base").mkdir(exist_ok=True)
        torch.save(base[0].state_dict(), out / "base" / "model.pt")  # stage 1 of the released model too
        base[1].save(out / "base" / "vocab.json")
        (out / "base" / "history.json").write_text(json.dumps(base[2]), encoding="utf-8")
        np.savez_compressed(out / "base" / "oof.npz", **{str(r["id"]): x.astype(np.float16) for r, x in zip(part_b, lg)})
    plan = [(0, None)] if part_a_only else [(k, k) for k in folds]
    for key, fold in plan:
        began = time.time()
        if fold is None:
            test = [r for r in records if str(r["id"]) in fold_of]
            net, vocab, hist = base[0], base[1], {"finetune": False}
        else:
            train, test = fold_split(records, fold)
            if base is not None:
                hist = {"epochs": []}
                net, vocab = finetune(cfg, copy.deepcopy(base[0]), base[1], train, hist), base[1]
            else:
                net, vocab, hist = fit(cfg, train, unlabelled)
        with torch.no_grad():
            model = torch_model(cfg, net, vocab)
            for r, lg in zip(test, model.logits([r["text"] for r in test])):
                store[str(r["id"])] = lg.astype(np.float16)
        hist["seconds"] = round(time.time() - began, 1)
        report["folds"][str(key)] = hist
        np.savez_compressed(out / "oof.npz", **store)
        (out / "cv.json").write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
        log.info("fold %s done in %.0fs", key, hist["seconds"])


def oof_predictions(decoder: PointerDecoder, records: list[dict[str, Any]], oof: dict[str, np.ndarray],
                    threshold: float | None = None) -> list[list[PointerSpan]]:
    """Decoded OOF spans of ``records`` (each must have logits in ``oof``)."""
    return [decoder.decode(r["text"], oof[str(r["id"])].astype(np.float32), threshold) for r in records]


def as_values(spans: list[PointerSpan]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {f: [] for f in FIELDS}
    for s in spans:
        if s.text not in out[s.field]:
            out[s.field].append(s.text)
    return out


def combine(rules: dict[str, list[str]], model: dict[str, list[str]], modes: dict[str, str]) -> dict[str, list[str]]:
    """Per field: ``rules``, ``model`` or ``union`` (rule values first, then new model values)."""
    out = {}
    for f in FIELDS:
        mode = modes.get(f, "rules")
        if mode == "rules":
            out[f] = list(rules.get(f, []))
        elif mode == "model":
            out[f] = list(model.get(f, []))
        elif mode == "union":
            out[f] = list(rules.get(f, [])) + [v for v in model.get(f, []) if v not in rules.get(f, [])]
        else:
            raise ValueError(f"unknown field mode {mode!r}")
    return out


def _main(argv: list[str]) -> None:
    import argparse

    from oncostruct.training.pointer_config import load_pointer_config

    ap = argparse.ArgumentParser(prog="python -m oncostruct.eval.tumour_pointer")
    ap.add_argument("--config", required=True, type=Path)
    ap.add_argument("--out", required=True, type=Path)
    ap.add_argument("--folds", default="1,2,3,4,5")
    ap.add_argument("--part-a-only", action="store_true")
    ap.add_argument("--set", dest="settings", action="append", default=[])
    args = ap.parse_args(argv)
    import yaml

    overrides = {k: yaml.safe_load(v) for k, _, v in (s.partition("=") for s in args.settings)}
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    cfg = load_pointer_config(args.config, **overrides)
    run_cv(cfg, args.out, tuple(int(x) for x in args.folds.split(",")), args.part_a_only)


if __name__ == "__main__":
    _main(sys.argv[1:])
