"""``oncostruct bench pathology --data FILE.jsonl --out R.json [--model NAME]``: TCGA report fields.

Reads ``{"id","text","cancer_type","t_stage","n_stage","m_stage","ajcc_stage",…}`` lines (null
where unknown) and scores the best guess of :class:`~extractors.text.pathology_infer.PathologyTcgaExtractor`
(the stated value when the rules find one, else the classifier's) per field:
``{"task": "pathology", "fields": {FIELD: {"accuracy", "macro_f1", "macro_auroc", "n", ...}}}``.
Only records with a label for the field are scored. Labels collapse as in
:mod:`models.tcga_labels` (T1-T4 without TX/Tis/T0, N0-N3, M0/M1 without MX, stage I-IV).
AUROC is one-vs-rest from the combined class probabilities. Each field also reports
``stated`` (accuracy of stated values alone, with their coverage) and ``model_only``; the stage
group also ``tnm_rule`` (reports whose stated pT/pN/pM restrict the group: coverage, accuracy).
``primary_site`` says how often the rules' primary-site organ fits the labelled TCGA project
(:func:`models.tcga_labels.site_consistency`; rules only, so not affected by what the classifier has seen).
``seen_in_training`` counts records whose id the model was fitted on (the released model is refit
on the whole training file, so its figures on a split of that file are not held-out; a warning says so).
"""
from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any, Iterable

import numpy as np
from tqdm import tqdm

from oncostruct.engine.cdm import DocType
from oncostruct.training.classify_metrics import accuracy, summary
from oncostruct.extractors.base import ExtractionInput
from oncostruct.models.tcga_labels import HEADS, collapse, site_consistency

log = logging.getLogger(__name__)


def read_records(path: Path) -> Iterable[dict[str, Any]]:
    """The JSON objects of a JSONL file; a line that is not a JSON object is an InputError naming it."""
    from oncostruct.engine.errors import InputError

    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"{path}:{lineno}: not a JSON line ({exc.msg})") from exc
            if not isinstance(rec, dict):
                raise InputError(f"{path}:{lineno}: expected a JSON object with id/text/labels")
            yield rec


def score(rows: list[dict[str, Any]], classes: dict[str, list[str]]) -> dict[str, Any]:
    """Metrics from rows ``{"head", "gold", "proba", "model_proba", "stated", "best"}``."""
    fields: dict[str, Any] = {}
    for head in HEADS:
        mine = [r for r in rows if r["head"] == head]
        cls = classes.get(head, [])
        if not cls:
            fields[head] = {"accuracy": None, "macro_f1": None, "macro_auroc": None, "n": len(mine)}
            continue
        gold = [r["gold"] for r in mine]
        proba = np.array([[r["proba"].get(c, 0.0) for c in cls] for r in mine]).reshape(len(mine), len(cls))
        model = np.array([[r["model_proba"].get(c, 0.0) for c in cls] for r in mine]).reshape(len(mine), len(cls))
        out = summary(gold, proba, cls)
        stated = [r for r in mine if r["stated"]]
        out["stated"] = {"accuracy": _round(accuracy([r["gold"] for r in stated], [r["best"] for r in stated])),
                         "n": len(stated), "coverage": _round(len(stated) / len(mine) if mine else None)}
        out["model_only"] = summary(gold, model, cls)
        constrained = [r for r in mine if r.get("allowed")]
        if constrained:  # the stage group restricted to what stated pT/pN/pM allow
            out["tnm_rule"] = {"accuracy": _round(accuracy([r["gold"] for r in constrained], [r["best"] for r in constrained])),
                               "n": len(constrained), "coverage": _round(len(constrained) / len(mine)),
                               "determined": sum(1 for r in constrained if len(r["allowed"]) == 1),
                               "model_only_accuracy": _round(accuracy(
                                   [r["gold"] for r in constrained],
                                   [max(r["model_proba"], key=r["model_proba"].get) for r in constrained]))}
        fields[head] = out
    return fields


def _round(v: float | None) -> float | None:
    return round(v, 4) if v is not None else None


def run(data: Path, model: str | None = None) -> dict[str, Any]:
    """Bench entry point."""
    from oncostruct.extractors.text.pathology_infer import PathologyTcgaExtractor

    extractor = PathologyTcgaExtractor(model=model) if model else PathologyTcgaExtractor()
    clf = extractor.classifier()
    if clf is None:
        from oncostruct.engine.errors import ConfigError

        raise ConfigError(f"pathology classifier {extractor.model_name!r} is not installed (train it: "
                          "python -m training.train_pathology)")
    classes = {h: head.classes for h, head in clf.heads.items()}
    rows: list[dict[str, Any]] = []
    sites: list[tuple[str | None, str | None]] = []
    n_docs = seen = 0
    for rec in tqdm(read_records(Path(data)), desc="pathology", unit="report", disable=None):
        n_docs += 1
        seen += clf.has_seen(rec.get("id"))
        ex, decisions = extractor.analyse(ExtractionInput(text=rec.get("text") or "", doc_type=DocType.pathology,
                                                           language="en"))
        site = next((f for f in ex.fields if f.name == "pathology.primary_site"), None)
        sites.append((rec.get("cancer_type"), site.attributes.get("organ") if site else None))
        for head, d in decisions.items():
            gold = collapse(head, rec.get(head))
            if gold is not None:
                rows.append({"head": head, "gold": gold, "best": d.best, "stated": d.stated, "allowed": d.allowed,
                             "proba": d.proba, "model_proba": d.model_proba, "id": rec.get("id")})
    if seen:
        log.warning("%d of %d records were in the model's training fit: these figures are not a held-out estimate "
                    "(for the dev split, train a dev-evaluation model: python -m training.train_pathology "
                    "--fit-on train_part --out-dir DIR, then --model DIR)", seen, n_docs)
    return {"task": "pathology", "model": f"{clf.name}@{clf.version}", "documents": n_docs,
            "seen_in_training": seen, "fields": score(rows, classes), "primary_site": site_consistency(sites)}


def write_dev_split(src: str | Path, out_dir: str | Path) -> dict[str, int]:
    """Write the seeded split of a TCGA training file as ``train_part.jsonl`` and ``dev.jsonl`` (outside the repo)."""
    from oncostruct.training.splits import split_train_dev

    records = list(read_records(Path(src)))
    train, dev = split_train_dev(records)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    for name, rows in (("train_part.jsonl", train), ("dev.jsonl", dev)):
        (out / name).write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return {"train_part": len(train), "dev": len(dev)}
