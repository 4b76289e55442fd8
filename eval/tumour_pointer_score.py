"""Score the pointer model's out-of-fold (OOF) predictions on part b: alone, with the rules, calibrated.

Rows: rules, model, union (per field: rule values plus new model values) and ``model+rules`` (per field
the best of rules / model / union chosen on the tuning folds 1-2 only, :data:`eval.tumour_cv.TUNE_FOLDS`;
folds 3-5 are reported separately as held out). Confidence: the raw span confidence is calibrated by an
isotonic map cross-fitted over folds (fold k is mapped by the calibrator fitted on the other four), so the
ECE "after" never saw its own fold; the released calibrator is fitted on all OOF values.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from oncostruct.eval.calibration_math import ece
from oncostruct.eval.tumour import read_jsonl, rules_predictor, score
from oncostruct.eval.tumour_cv import N_FOLDS, TARGET_PREFIX, TUNE_FOLDS, assign_folds, cross_validate
from oncostruct.eval.tumour_pointer import as_values, combine, oof_predictions
from oncostruct.models.calibration import Isotonic
from oncostruct.models.pointer import FIELDS, PointerDecoder, PointerSpan

BASE_MODES = ("rules", "model", "union")


def load_oof(dirs: list[Path]) -> dict[str, np.ndarray]:
    """OOF logits by record id, merged over the CV output folders."""
    out: dict[str, np.ndarray] = {}
    for d in dirs:
        with np.load(Path(d) / "oof.npz") as z:
            out.update({k: z[k] for k in z.files})
    return out


def choose_field_modes(records: list[dict[str, Any]], rules: list[dict], model: list[dict],
                       folds: dict[str, int], keep: tuple[int, ...] = TUNE_FOLDS) -> dict[str, str]:
    """Per field, the mode with the best F1 on folds ``keep`` (ties → the simpler: rules, model, union)."""
    sel = [i for i, r in enumerate(records) if folds[str(r["id"])] in keep]
    modes = {}
    for f in FIELDS:
        best = max(BASE_MODES, key=lambda m: (score([records[i] for i in sel],
                                                    [combine(rules[i], model[i], {f: m}) for i in sel])
                                              ["per_field"][f]["f1"], -BASE_MODES.index(m)))
        modes[f] = best
    return modes


def _conf_table(records: list[dict[str, Any]], spans: list[list[PointerSpan]], folds: dict[str, int]):
    rows = []  # (fold, field, raw, correct)
    for r, sp in zip(records, spans):
        for s in sp:
            gold = {g.strip() for g in r.get(s.field) or []}
            rows.append((folds[str(r["id"])], s.field, s.raw, s.text in gold))
    return rows


def calibration(records: list[dict[str, Any]], spans: list[list[PointerSpan]], folds: dict[str, int]) -> dict[str, Any]:
    """ECE of the model values before and after a cross-fitted per-field isotonic map; released maps."""
    rows = _conf_table(records, spans, folds)
    raw = np.array([r[2] for r in rows])
    correct = np.array([r[3] for r in rows], float)
    after = np.zeros_like(raw)
    for k in range(1, N_FOLDS + 1):
        for f in FIELDS:
            fit_idx = [i for i, r in enumerate(rows) if r[0] != k and r[1] == f]
            app_idx = [i for i, r in enumerate(rows) if r[0] == k and r[1] == f]
            if not app_idx:
                continue
            iso = Isotonic.fit(raw[fit_idx], correct[fit_idx]) if fit_idx else None
            after[app_idx] = iso(raw[app_idx]) if iso else raw[app_idx]
    released = {f: Isotonic.fit(raw[[i for i, r in enumerate(rows) if r[1] == f]],
                                correct[[i for i, r in enumerate(rows) if r[1] == f]]).to_json()
                for f in FIELDS if any(r[1] == f for r in rows)}
    return {"n_values": len(rows), "precision": round(float(correct.mean()), 4) if rows else None,
            "ece_raw": round(ece(raw, correct), 4) if rows else None,
            "ece_isotonic_cross_fitted": round(ece(after, correct), 4) if rows else None,
            "isotonic": released}


def evaluate(data: Path, oof_dirs: list[Path], threshold: float = 0.5, decoder: PointerDecoder | None = None) -> dict[str, Any]:
    """All rows (part-b CV) for the OOF logits in ``oof_dirs``; the report :mod:`training.export_pointer` reads."""
    records = [r for r in read_jsonl(Path(data)) if str(r["id"]).startswith(TARGET_PREFIX)]
    folds = assign_folds(records)
    oof = load_oof(oof_dirs)
    missing = [str(r["id"]) for r in records if str(r["id"]) not in oof]
    if missing:
        raise ValueError(f"{len(missing)} part-b records have no OOF logits (e.g. {missing[0]}): run every fold")
    if decoder is None:
        from oncostruct.training.pointer_data import DEFAULT_NORMALISE, Normalisation

        decoder = Normalisation.load(DEFAULT_NORMALISE).decoder(threshold)
    spans = oof_predictions(decoder, records, oof)
    model = [as_values(s) for s in spans]
    predict = rules_predictor()
    rules = [predict(r["text"]) for r in records]
    field_modes = choose_field_modes(records, rules, model, folds)
    preds = {"rules": rules, "model": model,
             "union": [combine(a, b, {f: "union" for f in FIELDS}) for a, b in zip(rules, model)],
             "model+rules": [combine(a, b, field_modes) for a, b in zip(rules, model)]}
    rows = {name: cross_validate(records, p, score) for name, p in preds.items()}
    cal = calibration(records, spans, folds)
    return {"protocol": "part-b 5-fold OOF", "threshold": decoder.threshold, "field_modes": field_modes,
            "field_modes_chosen_on": list(TUNE_FOLDS), "rows": rows,
            "ece": {k: v for k, v in cal.items() if k != "isotonic"}, "isotonic": cal["isotonic"],
            "oof_dirs": [str(d) for d in oof_dirs]}
