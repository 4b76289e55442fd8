"""Row errors of ``bench lab`` grouped by cause, over one or more dev sets (prints aggregates only).

    .venv/bin/python benchmarks/lab_row_errors.py --data /work/blind/lab7 --cache /tmp/lr9/c7 [--data D --cache C ...]
        [--images] [--json out.json]

For every image: gold rows, predicted rows, rows found. Errors are grouped by cause:

- missed rows: ``ocr_missing`` (the gold name is in no OCR line), ``parsed_away`` (it is, but no row came of it);
- extra rows: ``misread_name`` (close to a gold name that went unmatched), ``duplicate`` (a gold item already
  found), ``known_item`` (a catalogue item the gold does not list), ``unknown_with_value`` / ``unknown_no_value``;
- wrong values: ``borrowed`` (the value of another gold row of the image), ``empty`` (no value), ``misread``
  (within two edits of the gold value), ``other``.

Each extra row and wrong value also says whether it went to review (a failed check or a confidence under the
threshold, as ``bench lab`` counts it). Texts of the sheets are never printed (``--images`` prints counts per image).
"""
from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from oncostruct.eval.lab import _reviewed_rows, load_items
from oncostruct.eval.lab_score import edit_distance, field_equal, match_rows, norm_field, norm_item
from oncostruct.extractors.ocr.lab_report import LabOptions, LabReportExtractor
from oncostruct.extractors.ocr.ocr_cache import set_cache_dir


def classify_image(pred: list[dict], gold: list[dict], ocr_text: str) -> dict[str, list[dict]]:
    """Missed rows, extra rows and wrong values of one image, each with its cause (and ``review`` where it has one)."""
    pairs = match_rows(pred, gold)
    pm, gm = {p for p, _ in pairs}, {g for _, g in pairs}
    missed = []
    for gi, g in enumerate(gold):
        if gi in gm:
            continue
        key = norm_item(g.get("item"))
        missed.append({"cause": "parsed_away" if key and key in ocr_text else "ocr_missing"})
    unmatched_gold = [norm_item(gold[gi].get("item")) for gi in range(len(gold)) if gi not in gm]
    found_items = {norm_item(gold[gi].get("item")) for gi in gm}
    extra = []
    for pi, p in enumerate(pred):
        if pi in pm:
            continue
        key = norm_item(p.get("item"))
        if any(edit_distance(key, u) <= max(1, len(u) // 4) for u in unmatched_gold):
            cause = "misread_name"
        elif key in found_items:
            cause = "duplicate"
        elif p["features"]["known_item"]:
            cause = "known_item"
        else:
            cause = "unknown_with_value" if p.get("value") not in (None, "") else "unknown_no_value"
        extra.append({"cause": cause, "review": bool(p.get("review")), "checks": p["features"]["checks"]})
    wrong = []
    values = {norm_field(g.get("value")) for g in gold}
    for pi, gi in pairs:
        p, g = pred[pi], gold[gi]
        if not g.get("legible", True) or field_equal("value", p, g):
            continue
        pv, gv = norm_field(p.get("value")), norm_field(g.get("value"))
        if not pv:
            cause = "empty"
        elif pv in values:
            cause = "borrowed"
        elif edit_distance(pv, gv) <= 2:
            cause = "misread"
        else:
            cause = "other"
        wrong.append({"cause": cause, "review": bool(p.get("review")), "checks": p["features"]["checks"]})
    right = [bool(pred[pi].get("review")) for pi, gi in pairs
             if gold[gi].get("legible", True) and field_equal("value", pred[pi], gold[gi])]
    return {"missed": missed, "extra": extra, "wrong": wrong, "right_reviewed": right}


def run_set(data: Path, cache: str | None) -> dict:
    set_cache_dir(cache)
    extractor = LabReportExtractor(LabOptions())
    out = {"images": [], "missed": Counter(), "extra": Counter(), "extra_reviewed": Counter(), "wrong": Counter(),
           "wrong_reviewed": Counter(), "gold": 0, "pred": 0, "found": 0, "right": 0, "right_reviewed": 0}
    for image_path, gold in load_items(data):
        raw = image_path.read_bytes()
        pages, _ = extractor.read(raw, image_path.name)
        pred = _reviewed_rows(extractor, pages, image_path.name)
        text = "".join(norm_item(ln.text) for p in pages for ln in p.lines)
        rows = gold.get("rows", [])
        res = classify_image(pred, rows, text)
        found = len(match_rows(pred, rows))
        out["gold"] += len(rows)
        out["pred"] += len(pred)
        out["found"] += found
        out["right"] += len(res["right_reviewed"])
        out["right_reviewed"] += sum(res["right_reviewed"])
        for m in res["missed"]:
            out["missed"][m["cause"]] += 1
        for e in res["extra"]:
            out["extra"][e["cause"]] += 1
            out["extra_reviewed"][e["cause"]] += e["review"]
        for w in res["wrong"]:
            out["wrong"][w["cause"]] += 1
            out["wrong_reviewed"][w["cause"]] += w["review"]
        out["images"].append({"image": image_path.name, "gold": len(rows), "pred": len(pred), "found": found,
                              "missed": Counter(m["cause"] for m in res["missed"]),
                              "extra": Counter(e["cause"] for e in res["extra"]),
                              "wrong": Counter(w["cause"] for w in res["wrong"]),
                              "wrong_unreviewed": sum(1 for w in res["wrong"] if not w["review"]),
                              "extra_unreviewed": sum(1 for e in res["extra"] if not e["review"])})
    return out


def _fmt(c: Counter, r: Counter | None = None) -> str:
    return ", ".join(f"{k} {v}" + (f" ({r[k]} rev)" if r is not None else "") for k, v in sorted(c.items())) or "-"


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", action="append", required=True)
    ap.add_argument("--cache", action="append", default=[])
    ap.add_argument("--images", action="store_true", help="print one line of counts per image with any error")
    ap.add_argument("--json", help="write the per-set tallies here")
    args = ap.parse_args(argv)
    caches = args.cache + [None] * (len(args.data) - len(args.cache))
    dump = {}
    for data, cache in zip(args.data, caches):
        s = run_set(Path(data), cache)
        p = s["found"] / s["pred"] if s["pred"] else 0.0
        r = s["found"] / s["gold"] if s["gold"] else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        nw, nwr = sum(s["wrong"].values()), sum(s["wrong_reviewed"].values())
        ne, ner = sum(s["extra"].values()), sum(s["extra_reviewed"].values())
        print(f"== {data}: rows P/R/F1 {p:.3f}/{r:.3f}/{f1:.3f}; gold {s['gold']} pred {s['pred']} found {s['found']}")
        print(f"   missed: {_fmt(s['missed'])}")
        print(f"   extra:  {_fmt(s['extra'], s['extra_reviewed'])}   -> reviewed {ner}/{ne}")
        print(f"   wrong values: {_fmt(s['wrong'], s['wrong_reviewed'])}   -> reviewed {nwr}/{nw}; right values "
              f"reviewed {s['right_reviewed']}/{s['right']} = {s['right_reviewed'] / max(s['right'], 1):.3f}")
        if args.images:
            for im in s["images"]:
                if im["missed"] or im["extra"] or im["wrong"]:
                    print(f"   {im['image']}: gold {im['gold']} pred {im['pred']} found {im['found']}; missed "
                          f"{_fmt(im['missed'])}; extra {_fmt(im['extra'])} (unrev {im['extra_unreviewed']}); "
                          f"wrong {_fmt(im['wrong'])} (unrev {im['wrong_unreviewed']})")
        dump[data] = {k: v for k, v in s.items() if k != "images"}
    if args.json:
        Path(args.json).write_text(json.dumps(dump, ensure_ascii=False, indent=1, default=dict), encoding="utf-8")


if __name__ == "__main__":
    main()
