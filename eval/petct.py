"""``oncostruct bench petct --data GOLD``: PET-CT lesion spans, attributes and finding↔conclusion links.

GOLD is a Label Studio JSON export in the lesion schema (:mod:`annotation.petct_lesions`), or a folder
holding ``gold.json``. The rules extractor runs on each text; its lesion records go through the same
converter as the review loop (records → Label Studio prediction → examples), so both sides are read
by one parser.

Matching: a predicted region matches a gold region of the same label (finding | conclusion) when their
character spans overlap with IoU ≥ 0.5; pairs are taken greedily by IoU, one-to-one. The ``overlap``
variant accepts any overlap (still one-to-one, greedy by IoU) and is reported beside it.

* Lesions: P/R/F1 per label.
* Attributes, on matched regions, per attribute: accuracy over gold regions that state the attribute
  (choices); size_mm and suvmax are compared on every matched region (absent on both sides counts as
  agreement; numbers agree within 0.5 mm and 0.05); site exactly (after full-width folding and dropping
  ``侧`` and spaces) and ``site_relaxed`` (one contains the other).
* Links: a predicted link counts when both ends match gold regions that the gold links.
  ``link`` P/R/F1 over links; ``link_accuracy`` = gold links whose finding and conclusion are both
  matched and linked by a predicted link, over all gold links (the issue's figure; it equals link recall);
  ``link_accuracy_detected`` = the same over gold links whose two ends are both matched (the linker alone);
  ``finding_assignment_accuracy`` = matched gold findings whose set of linked conclusions (mapped to gold
  ids) equals the gold set exactly, empty sets included (it also punishes extra links).
All figures are given for all reports and split by ``conclusion_first``.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from oncostruct.annotation.petct_lesions import ATTRIBUTES, LABELS, examples_from_tasks, lesion_task, read_export
from oncostruct.engine.cdm import DocType
from oncostruct.eval.tumour import prf
from oncostruct.extractors.base import ExtractionInput
from oncostruct.extractors.values import to_halfwidth

IOU_MIN = 0.5
SIZE_TOL_MM, SUV_TOL = 0.5, 0.05


def iou(a: dict[str, Any], b: dict[str, Any]) -> float:
    inter = max(0, min(a["end"], b["end"]) - max(a["start"], b["start"]))
    union = max(a["end"], b["end"]) - min(a["start"], b["start"])
    return inter / union if union else 0.0


def match_regions(gold: list[dict[str, Any]], pred: list[dict[str, Any]], min_iou: float) -> dict[str, str]:
    """Predicted id → gold id, one-to-one, same label, greedy by IoU (``min_iou`` 0: any overlap)."""
    pairs = [(iou(g, p), g["id"], p["id"]) for g in gold for p in pred if g["label"] == p["label"]]
    pairs = [x for x in pairs if (x[0] >= min_iou if min_iou > 0 else x[0] > 0)]
    out: dict[str, str] = {}
    used: set[str] = set()
    for _, gid, pid in sorted(pairs, key=lambda x: -x[0]):
        if pid not in out and gid not in used:
            out[pid] = gid
            used.add(gid)
    return out


def _site(v: str | None) -> str:
    return to_halfwidth(v or "").replace("侧", "").replace(" ", "")


def _num(v: Any) -> float | None:
    try:
        return float(str(v).strip().split()[0].rstrip("mMcC")) if v not in (None, "") else None
    except (ValueError, IndexError):
        return None


def attribute_agrees(name: str, gold: dict[str, Any], pred: dict[str, Any]) -> bool | None:
    """Whether one attribute agrees (None: not scored for this region)."""
    if name in ("size_mm", "suvmax"):
        g, p = _num(gold.get(name)), _num(pred.get(name))
        tol = SIZE_TOL_MM if name == "size_mm" else SUV_TOL
        return (g is None and p is None) or (g is not None and p is not None and abs(g - p) <= tol)
    if ("site" if name == "site_relaxed" else name) not in gold:
        return None
    if name == "site":
        return _site(gold["site"]) == _site(pred.get("site"))
    if name == "site_relaxed":
        g, p = _site(gold["site"]), _site(pred.get("site"))
        return bool(p) and (g in p or p in g)
    return gold[name] == pred.get(name)


class Tally:
    """Counts for one split (all, conclusion-first, conclusion-last)."""

    def __init__(self) -> None:
        self.reports = 0
        self.spans = {(m, lab): [0, 0, 0] for m in ("iou", "overlap") for lab in LABELS}
        self.attrs: dict[tuple[str, str], list[int]] = {}
        self.links = {m: [0, 0, 0] for m in ("iou", "overlap")}
        self.detected = {m: [0, 0] for m in ("iou", "overlap")}
        self.assign = {m: [0, 0] for m in ("iou", "overlap")}
        self.errors: list[dict[str, Any]] = []

    def add(self, gold: dict[str, Any], pred: dict[str, Any], keep_errors: bool) -> None:
        self.reports += 1
        for mode, min_iou in (("iou", IOU_MIN), ("overlap", 0.0)):
            m = match_regions(gold["regions"], pred["regions"], min_iou)
            for lab in LABELS:
                c = self.spans[(mode, lab)]
                c[0] += sum(1 for pid, gid in m.items() if _label(gold, gid) == lab)
                c[1] += sum(1 for r in pred["regions"] if r["label"] == lab)
                c[2] += sum(1 for r in gold["regions"] if r["label"] == lab)
            if mode == "iou":
                self._attributes(gold, pred, m)
            self._links(gold, pred, m, mode, keep_errors and mode == "iou")

    def _attributes(self, gold: dict[str, Any], pred: dict[str, Any], m: dict[str, str]) -> None:
        g_by, p_by = {r["id"]: r for r in gold["regions"]}, {r["id"]: r for r in pred["regions"]}
        for pid, gid in m.items():
            g, p = g_by[gid], p_by[pid]
            for name in (*ATTRIBUTES, "site_relaxed"):
                ok = attribute_agrees(name, g, p)
                if ok is not None:
                    c = self.attrs.setdefault((g["label"], name), [0, 0])
                    c[0] += int(ok)
                    c[1] += 1

    def _links(self, gold: dict[str, Any], pred: dict[str, Any], m: dict[str, str], mode: str, keep: bool) -> None:
        gold_links = {tuple(lk) for lk in gold["links"]}
        mapped = {(m.get(a), m.get(b)) for a, b in pred["links"]}
        hits = {lk for lk in gold_links if lk in mapped}
        c = self.links[mode]
        c[0] += len(hits)
        c[1] += len(pred["links"])
        c[2] += len(gold_links)
        matched = set(m.values())
        both = [lk for lk in gold_links if lk[0] in matched and lk[1] in matched]
        self.detected[mode][0] += sum(1 for lk in both if lk in hits)
        self.detected[mode][1] += len(both)
        for gid in (r["id"] for r in gold["regions"] if r["label"] == "finding" and r["id"] in matched):
            want = {b for a, b in gold_links if a == gid}
            got = {gb for ga, gb in mapped if ga == gid and gb is not None}
            self.assign[mode][0] += int(want == got)
            self.assign[mode][1] += 1
        if keep:
            for lk in sorted(gold_links - hits):
                self.errors.append({"id": gold["id"], "kind": "missed_link", "finding": _text(gold, lk[0]),
                                    "conclusion": _text(gold, lk[1]), "both_matched": lk in both})
            for a, b in sorted(mapped - gold_links, key=str):
                if a is not None and b is not None:
                    self.errors.append({"id": gold["id"], "kind": "wrong_link", "finding": _text(gold, a),
                                        "conclusion": _text(gold, b)})

    def summary(self) -> dict[str, Any]:
        def ratio(c: list[int]) -> dict[str, Any]:
            return {"accuracy": round(c[0] / c[1], 4) if c[1] else None, "correct": c[0], "n": c[1]}

        out: dict[str, Any] = {"reports": self.reports}
        for mode in ("iou", "overlap"):
            out[mode] = {
                "lesions": {lab: prf(*self.spans[(mode, lab)]) for lab in LABELS},
                "links": prf(*self.links[mode]),
                "link_accuracy": round(self.links[mode][0] / self.links[mode][2], 4) if self.links[mode][2] else None,
                "link_accuracy_detected": ratio(self.detected[mode]),
                "finding_assignment_accuracy": ratio(self.assign[mode]),
            }
        out["iou"]["attributes"] = {f"{lab}.{name}": ratio(c) for (lab, name), c in sorted(self.attrs.items())}
        return out


def _label(ex: dict[str, Any], rid: str) -> str | None:
    return next((r["label"] for r in ex["regions"] if r["id"] == rid), None)


def _text(ex: dict[str, Any], rid: str) -> str:
    return next((r["text"] for r in ex["regions"] if r["id"] == rid), "")


def predict(gold: dict[str, Any]) -> dict[str, Any]:
    """The extractor's lesion records for a gold example's text, read back as an example."""
    from oncostruct.extractors.text.petct import PetctExtractor

    text = gold["text"]
    fields = PetctExtractor().extract(ExtractionInput(text=text, doc_type=DocType.petct, language="zh")).fields
    return examples_from_tasks([lesion_task(fields, text, str(gold.get("source_id") or gold["id"]))], use_predictions=True)[0]


def score(golds: list[dict[str, Any]], preds: list[dict[str, Any]], errors: bool = False) -> dict[str, Any]:
    splits = {"all": Tally(), "conclusion_first": Tally(), "conclusion_last": Tally()}
    for g, p in zip(golds, preds, strict=True):
        for name in ("all", "conclusion_first" if g["conclusion_first"] else "conclusion_last"):
            splits[name].add(g, p, errors and name == "all")
    out = {name: t.summary() for name, t in splits.items()}
    if errors:
        out["errors"] = splits["all"].errors
    return out


def run(data: Path, model: str | None = None, protocol: str | None = None, **_: Any) -> dict[str, Any]:
    """Score the rules extractor on a lesion gold set (``model`` is not used: the extractor is rules only).

    ``--protocol errors`` adds the missed and wrong links to the result file."""
    golds = examples_from_tasks(read_export(data))
    preds = [predict(g) for g in golds]
    result = score(golds, preds, errors=protocol == "errors")
    headline = result["all"]["iou"]
    return {"task": "petct", "data": str(data), "matching": f"span IoU >= {IOU_MIN}, one-to-one",
            "n_reports": len(golds), "link_accuracy": headline["link_accuracy"],
            "lesion_f1": {lab: headline["lesions"][lab]["f1"] for lab in LABELS}, **result}
