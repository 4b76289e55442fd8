"""CCKS2019 tumour-attribute benchmark: primary site, primary size and metastasis sites.

Scoring follows the task: per record, the predicted and gold values of each attribute are compared
as sets of exact strings; true positives, predictions and gold values are summed over records, giving
micro P/R/F1 over the three attributes pooled and per attribute.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable, Iterable

from oncostruct.engine.cdm import DocType
from oncostruct.extractors.base import ExtractionInput

ATTRIBUTES = ("primary_site", "primary_size", "metastasis_sites")
Predictor = Callable[[str], dict[str, list[str]]]


def prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(f1, 4), "tp": tp, "n_pred": n_pred, "n_gold": n_gold}


def _clean(values: Iterable[str]) -> set[str]:
    return {v.strip() for v in values if v and v.strip()}


def score(gold: list[dict[str, Any]], pred: list[dict[str, list[str]]]) -> dict[str, Any]:
    """Micro and per-attribute P/R/F1 of ``pred`` against ``gold`` (aligned lists of records)."""
    counts = {a: [0, 0, 0] for a in ATTRIBUTES}
    for g, p in zip(gold, pred, strict=True):
        for a in ATTRIBUTES:
            gs, ps = _clean(g.get(a, [])), _clean(p.get(a, []))
            counts[a][0] += len(gs & ps)
            counts[a][1] += len(ps)
            counts[a][2] += len(gs)
    total = [sum(c[k] for c in counts.values()) for k in range(3)]
    return {"n": len(gold), "micro": prf(*total), "per_field": {a: prf(*counts[a]) for a in ATTRIBUTES}}


def rules_predictor() -> Predictor:
    from oncostruct.extractors.text.petct import PetctExtractor

    ext = PetctExtractor()

    def predict(text: str) -> dict[str, list[str]]:
        view = ext.build_view(ext.extract(ExtractionInput(text=text, doc_type=DocType.petct, language="zh")).fields)
        return {"primary_site": view.primary_site, "primary_size": view.primary_size,
                "metastasis_sites": view.metastasis_sites}

    return predict


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with Path(path).open(encoding="utf-8-sig") as fh:
        return [json.loads(line) for line in fh if line.strip()]


PROTOCOLS = ("all", "b-cv")


def run(data: Path, model: str | None = None, protocol: str = "all", mode: str | None = None,
        oof: str | None = None) -> dict[str, Any]:
    """Score the extractor on a CCKS tumour JSONL file (``model`` None or ``"rules"``: the rule extractor).

    ``protocol`` ``"all"`` scores every record; ``"b-cv"`` scores the target-hospital part b in the
    fixed 5 folds of :mod:`eval.tumour_cv` (per fold, pooled, tuning folds and held-out folds).
    ``mode`` (b-cv only) scores the pointer model's out-of-fold predictions in the folders ``oof``
    alone or combined with the rules (:mod:`eval.tumour_pointer_score`).
    """
    from oncostruct.engine.errors import ConfigError

    if mode not in (None, "rules"):
        return _run_pointer(data, protocol, mode, oof)

    if model not in (None, "rules"):
        raise ValueError(f"unknown tumour model {model!r}; only the rules extractor exists for now")
    if protocol not in PROTOCOLS:
        raise ConfigError(f"unknown tumour protocol {protocol!r}; available: {', '.join(PROTOCOLS)}")
    records = read_jsonl(Path(data))
    predict = rules_predictor()
    if protocol == "b-cv":
        from oncostruct.eval.tumour_cv import TARGET_PREFIX, cross_validate

        records = [r for r in records if str(r["id"]).startswith(TARGET_PREFIX)]
        preds = [predict(r["text"]) for r in records]
        return {"task": "tumour", "model": model or "rules", **cross_validate(records, preds, score)}
    preds = [predict(r["text"]) for r in records]
    return {"task": "tumour", "model": model or "rules", **score(records, preds)}


def _run_pointer(data: Path, protocol: str, mode: str, oof: str | None) -> dict[str, Any]:
    from oncostruct.engine.errors import ConfigError
    from oncostruct.eval.tumour_pointer import MODES
    from oncostruct.eval.tumour_pointer_score import evaluate

    if mode not in MODES:
        raise ConfigError(f"unknown tumour mode {mode!r}; available: {', '.join(MODES)}")
    if protocol != "b-cv" or not oof:
        raise ConfigError("tumour --mode needs --protocol b-cv and --oof DIR[,DIR] (the pointer CV's out-of-fold logits)")
    try:
        report = evaluate(Path(data), [Path(d) for d in oof.split(",")])
    except (OSError, ValueError) as exc:
        raise ConfigError(f"cannot score the pointer OOF logits: {exc}") from exc
    return {"task": "tumour", "model": "pointer_tumour", "mode": mode, "field_modes": report["field_modes"],
            "field_modes_chosen_on": report["field_modes_chosen_on"], **report["rows"][mode],
            "ece": report["ece"]}


def write_dev_split(src: Path, out_dir: Path) -> tuple[Path, Path]:
    """Write ``train.jsonl`` and ``dev.jsonl`` (seeded 10 % by id, training.splits) to ``out_dir``."""
    from oncostruct.training.splits import split_train_dev

    train, dev = split_train_dev(read_jsonl(Path(src)))
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = out_dir / "train.jsonl", out_dir / "dev.jsonl"
    for path, rows in zip(paths, (train, dev)):
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return paths
