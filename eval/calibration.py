"""``oncostruct bench calibration``: ECE and reliability diagrams per model, before and after calibration.

For every released model (or the one named with ``--model``) the dev split of ``--data`` (the
seeded :func:`training.splits.split_train_dev` split the model was NOT trained on) is predicted and
each prediction's confidence is paired with whether it was right:

* NER models (``manifest.kind`` crf/span): one item per predicted entity, right when the exact
  span and label are in the gold set; the confidence is the raw model confidence.
* The TCGA pathology classifier (``kind`` tfidf-linear, formerly tfidf-logreg): one item per report and head, the top-class
  probability before the stored temperature, right when the top class is the gold class.

Reported per model (and head): ECE of the raw confidences, with the calibrator stored with the
model (its temperature), and with temperature scaling or isotonic regression fitted on dev —
these are cross-fitted (2 folds by id: fitted on one half, measured on the other) so the figure is
held out. ECE uses 10 equal-width bins. The final calibrators fitted on the whole dev split are written to
``benchmarks/calibration/<model>.json`` and a reliability diagram to ``benchmarks/figures/``.
"""
from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any, Callable

import numpy as np

from oncostruct.engine.errors import ConfigError
from oncostruct.eval.calibration_math import (Isotonic, cross_fit, ece, fit_softmax_temperature, fit_temperature,
                                   folds, reliability, top_confidence)

log = logging.getLogger(__name__)
FIG_DIR = Path("benchmarks/figures")
CAL_DIR = Path("benchmarks/calibration")
MIN_BIN_PLOT = 5  # bins with fewer items are left out of the diagram (they still count in the ECE)
# keys, raw confidence, correct, confidence after the model's stored calibrator, its temperature,
# and (multiclass heads) the logits and gold class indices for softmax temperature scaling
Items = tuple[list[str], np.ndarray, np.ndarray, np.ndarray, float, "np.ndarray | None", "np.ndarray | None"]


def ner_items(model_dir: Path, data: Path, limit: int | None = None) -> dict[str, Items]:
    """Entity-level (confidence, correct) pairs of an NER model on the dev split of ``data``."""
    from oncostruct.models.ner_inference import load_model_dir
    from oncostruct.training.readers import train_dev

    model = load_model_dir(model_dir)
    _, dev = train_dev(data)
    dev = dev[:limit] if limit else dev
    keys, conf, correct = [], [], []
    for ex, spans in zip(dev, model.predict_raw([ex.text for ex in dev])):
        gold = set(ex.entities)
        for s, e, lab, c in spans:
            keys.append(ex.id)
            conf.append(c)
            correct.append((s, e, lab) in gold)
    raw = np.array(conf, float)
    t = float(model.temperature)
    return {"entities": (keys, raw, np.array(correct, float), model.calibrate_confidences(raw), t, None, None)}


def _rule_tokens(text: str) -> list[str]:
    """The rule extractor's findings as tokens: the classifier was trained with them beside the text."""
    from oncostruct.extractors.text.pathology_infer import rule_view

    return rule_view(text)[0]


def tcga_items(model_dir: Path, data: Path, limit: int | None = None) -> dict[str, Items]:
    """Per-head top-class (confidence before the stored temperature, correct) pairs of the TCGA classifier."""
    from oncostruct.models.tcga_classifier import load_dir
    from oncostruct.models.tcga_labels import collapse
    from oncostruct.training.splits import split_train_dev

    clf = load_dir(model_dir)
    rows = [json.loads(line) for line in Path(data).read_text(encoding="utf-8").splitlines() if line.strip()]
    _, dev = split_train_dev(rows)
    dev = [r for r in dev if not clf.has_seen(r.get("id"))]  # a release refit has seen dev: nothing held out
    if not dev:
        raise ConfigError(f"{model_dir} was fitted on every dev record, so it has no held-out calibration data; "
                          "calibrate its train-part fit instead (python -m training.train_pathology --fit-on "
                          "train_part --out-dir DIR, then --model DIR)")
    dev = dev[:limit] if limit else dev
    features = {str(r["id"]): clf.featurizer.transform(r["text"], _rule_tokens(r["text"]) if clf.uses_rule_tokens else ())
                for r in dev}
    out: dict[str, Items] = {}
    for head_name, head in clf.heads.items():
        keys, logits, gold_idx = [], [], []
        for r in dev:
            gold = collapse(head_name, r.get(head_name))
            if gold not in head.classes:
                continue
            keys.append(str(r["id"]))
            logits.append(head.logits(*features[str(r["id"])]))
            gold_idx.append(head.classes.index(gold))
        z = np.array(logits, float).reshape(len(keys), len(head.classes))
        g = np.array(gold_idx, int)
        correct = (z.argmax(axis=-1) == g).astype(float) if len(g) else np.zeros(0)
        out[head_name] = (keys, top_confidence(z), correct, top_confidence(z, head.temperature), float(head.temperature), z, g)
    return out


RULE_MODELS = {"petct-rules": "ccks2019_tumour/train.jsonl"}


def petct_rule_items(data: Path, limit: int | None = None) -> dict[str, Items]:
    """PET-CT rule fields (primary site/size, metastasis sites) against CCKS answer strings.

    The rules are not trained, so every record counts; each field's confidence is the stated
    rule reliability, right when its value is among the record's gold answers for that attribute.
    """
    from oncostruct.engine.cdm import DocType
    from oncostruct.extractors.base import ExtractionInput
    from oncostruct.extractors.text.petct import PetctExtractor

    ext = PetctExtractor()
    rows = [json.loads(line) for line in Path(data).read_text(encoding="utf-8-sig").splitlines() if line.strip()]
    keys, conf, correct = [], [], []
    for r in rows[:limit] if limit else rows:
        for f in ext.extract(ExtractionInput(text=r["text"], doc_type=DocType.petct, language="zh")).fields:
            attr = f.name.split(".", 1)[1].split("[", 1)[0]
            if attr in ("primary_site", "primary_size", "metastasis_sites"):
                keys.append(str(r["id"]))
                conf.append(f.confidence)
                correct.append(str(f.normalized or f.value).strip() in {g.strip() for g in r.get(attr, [])})
    raw = np.array(conf, float)
    return {"ccks_fields": (keys, raw, np.array(correct, float), raw, 1.0, None, None)}


def _softmax_cross_fit(logits: np.ndarray, gold: np.ndarray, fold: np.ndarray) -> np.ndarray:
    out = top_confidence(logits)
    for f in np.unique(fold):
        train, test = fold != f, fold == f
        if train.any():
            out[test] = top_confidence(logits[test], fit_softmax_temperature(logits[train], gold[train]))
    return out


def summarise(keys: list[str], conf: np.ndarray, correct: np.ndarray, stored: np.ndarray, stored_t: float,
              logits: np.ndarray | None = None, gold: np.ndarray | None = None) -> dict[str, Any]:
    """ECE before/after each calibrator, the fitted calibrators and the reliability bins.

    Temperature scaling acts on the logits of a multiclass head (``logits`` given), otherwise on
    the confidence as a binary "this prediction is right" probability; isotonic regression always
    maps the (top-label) confidence.
    """
    fold = folds(keys)
    iso_cv = cross_fit(conf, correct, fold, "isotonic")
    if logits is not None and gold is not None:
        t_cv, t_full = _softmax_cross_fit(logits, gold, fold), fit_softmax_temperature(logits, gold)
    else:
        t_cv, t_full = cross_fit(conf, correct, fold, "temperature"), fit_temperature(conf, correct)
    iso = Isotonic.fit(conf, correct)
    return {
        "n": int(conf.size), "accuracy": round(float(correct.mean()), 4) if conf.size else None,
        "mean_confidence": round(float(conf.mean()), 4) if conf.size else None,
        "ece_raw": round(ece(conf, correct), 4),
        "ece_stored": round(ece(stored, correct), 4), "stored_temperature": round(stored_t, 4),
        "ece_temperature_cv": round(ece(t_cv, correct), 4), "ece_isotonic_cv": round(ece(iso_cv, correct), 4),
        "temperature_dev": round(t_full, 4),
        "isotonic_dev": {"x": [round(v, 5) for v in iso.x], "y": [round(v, 5) for v in iso.y]},
        "reliability": {"raw": reliability(conf, correct), "stored": reliability(stored, correct),
                        "temperature_cv": reliability(t_cv, correct), "isotonic_cv": reliability(iso_cv, correct)},
    }


def plot_reliability(name: str, parts: dict[str, dict[str, Any]], path: Path) -> Path:
    """One panel per head/part: accuracy vs confidence per bin, before and after calibration."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    cols = min(3, len(parts))
    rows = -(-len(parts) // cols)
    fig, axes = plt.subplots(rows, cols, figsize=(4.4 * cols, 4.2 * rows), squeeze=False)
    for ax in axes.flat[len(parts):]:
        ax.axis("off")
    styles = {"raw": ("raw", "#d62728", "o"), "stored": ("stored T", "#1f77b4", "s"),
              "temperature_cv": ("temperature, dev cv", "#2ca02c", "^"), "isotonic_cv": ("isotonic (cv)", "#9467bd", "v")}
    for ax, (part, s) in zip(axes.flat, parts.items()):
        ax.plot([0, 1], [0, 1], ls="--", c="grey", lw=1)
        for key, (label, colour, marker) in styles.items():
            bins = [b for b in s["reliability"][key] if b["n"] >= MIN_BIN_PLOT]
            ece_key = {"raw": "ece_raw", "stored": "ece_stored"}.get(key, f"ece_{key}")
            ax.plot([b["conf"] for b in bins], [b["acc"] for b in bins], marker=marker, c=colour, lw=1.2, ms=4,
                    label=f"{label}: ECE {s[ece_key]:.3f}")
        ax.set(xlim=(0, 1), ylim=(0, 1), xlabel=f"confidence (bins with ≥{MIN_BIN_PLOT} items)", ylabel="accuracy",
               title=f"{name}: {part} (n={s['n']})")
        ax.legend(fontsize=7, loc="upper left")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


ADAPTERS: dict[str, Callable[[Path, Path, int | None], dict[str, Items]]] = {
    "crf": ner_items, "span": ner_items, "tfidf-logreg": tcga_items, "tfidf-linear": tcga_items,
}


def report(name: str, kind: str, version: str | None, parts_items: dict[str, Items], data: Path, fig_dir: Path,
           cal_dir: Path) -> dict[str, Any]:
    """Summaries, reliability PNG and dev-fitted calibrators for one model."""
    parts = {part: summarise(*items) for part, items in parts_items.items() if items[1].size}
    if not parts:
        raise ConfigError(f"{name}: the model made no predictions on the dev split of {data}")
    png = plot_reliability(name, parts, fig_dir / f"calibration_{name}.png")
    cal_dir.mkdir(parents=True, exist_ok=True)
    calibrators = {p: {"temperature": s["temperature_dev"], "isotonic": s["isotonic_dev"],
                       "fitted_on": f"dev split of {data.name}", "n": s["n"]} for p, s in parts.items()}
    (cal_dir / f"{name}.json").write_text(json.dumps({"model": name, "version": version, "parts": calibrators},
                                                     indent=1) + "\n", encoding="utf-8")
    return {"model": name, "kind": kind, "reliability_png": str(png),
            "parts": {p: {k: v for k, v in s.items() if k not in ("reliability", "isotonic_dev")} for p, s in parts.items()}}


def calibrate_rules(name: str, data: Path, *, limit: int | None = None, fig_dir: Path = FIG_DIR,
                    cal_dir: Path = CAL_DIR) -> dict[str, Any]:
    if not data.is_file():
        raise ConfigError(f"{name}: {data} is not a file")
    return report(name, "rules", "1", petct_rule_items(data, limit), data, fig_dir, cal_dir)


def calibrate_model(model_dir: Path, data: Path, *, limit: int | None = None, fig_dir: Path = FIG_DIR,
                    cal_dir: Path = CAL_DIR) -> dict[str, Any]:
    manifest = json.loads((model_dir / "manifest.json").read_text(encoding="utf-8"))
    kind = manifest.get("kind")
    if kind not in ADAPTERS:
        raise ConfigError(f"{model_dir.name}: no calibration adapter for model kind {kind!r}")
    return report(manifest.get("name", model_dir.name), kind, manifest.get("version"),
                  ADAPTERS[kind](model_dir, data, limit), data, fig_dir, cal_dir)


def data_for(manifest: dict[str, Any], data: Path) -> Path:
    """The model's labelled file: ``data`` itself, or under a data folder the file its manifest was trained from."""
    if data.is_file():
        return data
    train = Path(str(manifest.get("data", {}).get("train", "")))
    candidate = data / train.parent.name / train.name
    if not train.name or not candidate.is_file():
        raise ConfigError(f"{manifest.get('name')}: cannot find its training file {train} under {data}")
    return candidate


def run(data: Path, model: str | None = None) -> dict[str, Any]:
    """Bench entry point: ``--data`` is a labelled file (with ``--model``) or the shared data folder."""
    from oncostruct.models.registry import available, model_path

    names = [model] if model else [*available(), *RULE_MODELS]
    if not names:
        raise ConfigError("no released model under models/weights to calibrate")
    results = []
    for name in names:
        if name in RULE_MODELS:
            results.append(calibrate_rules(name, data if data.is_file() else data / RULE_MODELS[name]))
            continue
        path = model_path(name)
        manifest = json.loads((path / "manifest.json").read_text(encoding="utf-8"))
        if manifest.get("kind") not in ADAPTERS:
            log.warning("skipping %s: no calibration adapter for kind %r", name, manifest.get("kind"))
            continue
        try:
            results.append(calibrate_model(path, data_for(manifest, data)))
        except (KeyError, ValueError) as exc:
            raise ConfigError(f"{name}: {data} does not fit this model ({type(exc).__name__}: {exc})") from exc
        except ConfigError as exc:
            if model:  # asked for this one model: say why it cannot be calibrated
                raise
            log.warning("skipping %s: %s", name, exc)  # e.g. a release refit with no held-out dev record
            results.append({"model": name, "skipped": str(exc)})
    return {"task": "calibration", "data": str(data), "models": results}
