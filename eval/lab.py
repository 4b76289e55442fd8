"""``oncostruct bench lab --data DIR --out R.json``: lab-report OCR and table parsing.

DIR holds ``images/`` and ``labels/*.json`` (the format of shared/data/lab_reports). One run
scores our pipeline, the two baselines (Tesseract chi_sim + our row parser; raw RapidOCR
lines grouped naively by y) and times our pipeline against the bare RapidOCR call on the same
decoded images (``overhead_ratio``). ``--model`` takes options separated by ``;``:
``preprocess=deskew+perspective+contrast`` (or ``none``), ``baselines=0`` to skip the
baselines, ``limit=N`` to score the first N images, ``stride=K`` every K-th image, ``turn=90|180|270`` to turn every image (counter-clockwise)
before reading it (the rows must survive a sheet photographed turned), ``cache=DIR`` to keep OCR lines on
disk between runs (then no timing is reported: a cache hit costs no OCR), ``local_lines=0`` (text lines cut at
one global y), ``calibrated=0`` (uncalibrated row confidence) and ``reread=0`` (a page turned by the boxes already
read is parsed from them, not read again) to measure those steps; ``early=0`` reads every page as it lies first and
decides its turn afterwards (the older way; default: decided between detection and recognition, one read), and
``redetect=0`` moves a turned page's first detection boxes instead of detecting the righted page again, and
``dewarp=0`` parses bent lines as read (no coordinate dewarp, ``extractors.ocr.dewarp``), and ``second_look=0`` reads
no value cell again (``extractors.ocr.second_look``); ``value_repair=0`` leaves decimal commas and trailing 1s as read
(``extractors.ocr.value_repair``); ``flag_look=0`` looks at no flag cell's pixels (``extractors.ocr.flag_look``).

Figures are also given per group (``per_group``): the label's ``layout_family`` when it has one, else the
file-name prefix before ``__`` (``blood_test__x.jpg`` → ``blood_test``), else the report type. Every matched
legible row is listed with its confidence features and whether each field is right (``scored_rows``), the
input of the held-out-group calibration (``eval.lab_calibration``).
"""
from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from oncostruct.engine.errors import DataFormatError
from oncostruct.engine.settings import get_settings
from oncostruct.eval.lab_baselines import naive_rows, tesseract_available, tesseract_lines
from oncostruct.eval.lab_score import FIELDS, ReviewTally, Tally, field_equal, match_rows
from oncostruct.extractors.ocr.dewarp import DewarpOptions
from oncostruct.extractors.ocr.image_io import load_pages
from oncostruct.extractors.ocr.cells import item_entry
from oncostruct.extractors.ocr.lab_report import LabOptions, LabReportExtractor
from oncostruct.extractors.ocr.ocr import engine, run_ocr
from oncostruct.extractors.ocr.ocr_cache import set_cache_dir
from oncostruct.extractors.ocr.orientation import OrientationOptions
from oncostruct.extractors.ocr.preprocess import PreprocessOptions
from oncostruct.extractors.ocr.flag_look import FlagLookOptions
from oncostruct.extractors.ocr.second_look import SecondLookOptions
from oncostruct.extractors.ocr.sheet import parse_sheet

_STEPS = ("deskew", "perspective", "contrast", "colour")


def parse_model(model: str | None) -> dict[str, Any]:
    opts: dict[str, Any] = {"preprocess": None, "baselines": True, "limit": None, "turn": 0, "cache": None}
    for part in (model or "").split(";"):
        key, _, value = part.partition("=")
        key = key.strip()
        if key == "preprocess":
            steps = {s for s in value.split("+") if s and s != "none"}
            unknown = steps - set(_STEPS)
            if unknown:
                raise DataFormatError(f"unknown preprocessing steps {sorted(unknown)}; use {_STEPS}")
            opts["preprocess"] = PreprocessOptions(**{s: s in steps for s in _STEPS})
        elif key == "baselines":
            opts["baselines"] = value not in ("0", "false", "no")
        elif key == "limit":
            opts["limit"] = int(value)
        elif key == "stride":
            opts["stride"] = int(value)
        elif key == "turn":
            if value not in ("0", "90", "180", "270"):
                raise DataFormatError(f"turn={value!r}: use 0, 90, 180 or 270")
            opts["turn"] = int(value)
        elif key == "cache":
            opts["cache"] = value
        elif key in ("local_lines", "calibrated", "reread", "early", "redetect", "dewarp", "second_look",
                     "value_repair", "flag_look"):
            opts[key] = value not in ("0", "false", "no")
        elif key:
            raise DataFormatError(f"unknown bench lab option {key!r}")
    return opts


def load_items(data: Path) -> list[tuple[Path, dict]]:
    labels = sorted((data / "labels").glob("*.json"))
    if not labels:
        raise DataFormatError(f"{data}/labels has no *.json label files")
    out = []
    for lp in labels:
        gold = json.loads(lp.read_text(encoding="utf-8"))
        image = data / gold.get("image", f"images/{lp.stem}.png")
        if not image.exists():
            raise DataFormatError(f"{lp}: image {image} not found")
        out.append((image, gold))
    return out


def _rows_of(sheet) -> list[dict]:
    return [{"item": r.item, "value": r.value, "unit": r.unit, "reference": r.reference, "flag": r.flag}
            for r in sheet.rows]


def _reviewed_rows(extractor: LabReportExtractor, pages, name: str) -> list[dict]:
    """Rows as scored, each with ``review`` (a failed self-check or confidence below the review threshold),
    the confidence the fields get and the features it came from."""
    threshold = get_settings().review.min_confidence
    out = []
    for n, page in enumerate(pages):
        doubts, _ = extractor.doubts(page, name, n)
        for r, row in zip(_rows_of(page.sheet), page.sheet.rows):
            found = doubts.get(id(row), [])
            conf = extractor.row_confidence(row, found)
            out.append({**r, "review": bool(found) or conf < threshold, "confidence": round(conf, 4),
                        "features": {"ocr": row.confidence, "checks": sorted({d.code for d in found}),
                                     "known_item": (item_entry(row.item, page.sheet.report_type) or
                                                    (item_entry(row.abbr) if row.abbr else None)) is not None,
                                     "has_reference": row.reference is not None}})
    return out


def group_of(image: Path, gold: dict) -> str:
    """The held-out group of an image: its layout family, else its file-name prefix, else its report type."""
    if gold.get("layout_family"):
        return str(gold["layout_family"])
    if "__" in image.name:
        return image.name.split("__", 1)[0]
    return str(gold.get("report_type") or "all")


def scored_rows(pred: list[dict], gold: list[dict], group: str) -> list[dict]:
    """Matched legible rows: confidence features and which fields are right (calibration input)."""
    out = []
    for pi, gi in match_rows(pred, gold):
        if not gold[gi].get("legible", True):
            continue
        p = pred[pi]
        out.append({"group": group, "confidence": p["confidence"], "review": p["review"], **p["features"],
                    **{f"{f}_ok": field_equal(f, p, gold[gi]) for f in FIELDS}})
    return out


def _turned(data: bytes, name: str, img, degrees: int):
    """(bytes, image) of the page turned by ``degrees`` counter-clockwise."""
    import cv2
    import numpy as np

    if not degrees:
        return data, img
    img = np.ascontiguousarray(np.rot90(img, degrees // 90))
    ok, buf = cv2.imencode(".png", img)
    if not ok:
        raise DataFormatError(f"{name}: could not re-encode the turned page")
    return buf.tobytes(), img


def run(data: Path, model: str | None = None, items: list[tuple[Path, dict]] | None = None) -> dict[str, Any]:
    """Score ``items`` ((image, label) pairs; default: those of ``data``, after ``stride`` and ``limit``)."""
    opts = parse_model(model)
    set_cache_dir(opts["cache"])
    if items is None:
        items = load_items(Path(data))[:: opts.get("stride", 1)][: opts["limit"]]
    groups: dict[str, tuple[Tally, ReviewTally]] = {}
    lab_opts = LabOptions(preprocess=opts["preprocess"] or PreprocessOptions(),
                          orientation=OrientationOptions(**{k: opts[k] for k in ("reread", "early", "redetect") if k in opts}),
                          **{k: opts[k] for k in ("local_lines", "calibrated", "value_repair") if k in opts},
                          **({"dewarp": DewarpOptions(enabled=opts["dewarp"])} if "dewarp" in opts else {}),
                          **({"second_look": SecondLookOptions(enabled=opts["second_look"])} if "second_look" in opts else {}),
                          **({"flag_look": FlagLookOptions(enabled=opts["flag_look"])} if "flag_look" in opts else {}))
    extractor = LabReportExtractor(lab_opts)
    engine(lab_opts.use_cuda)  # build the engine before timing anything
    ours, naive, tess = Tally(), Tally(), Tally()
    review = ReviewTally()
    t_ours = t_raw = t_tess = c_ours = c_raw = 0.0
    per_image = []
    run_tess = opts["baselines"] and tesseract_available()
    for image_path, gold in items:
        rows_gold = gold.get("rows", [])
        data_bytes = image_path.read_bytes()
        img = load_pages(data_bytes, image_path.name, lab_opts.limits)[0]
        data_bytes, img = _turned(data_bytes, image_path.name, img, opts["turn"])
        group = group_of(image_path, gold)
        t0, c0 = time.perf_counter(), time.process_time()
        raw_lines = run_ocr(img, 0, lab_opts.use_cuda)
        dt_raw, cpu_raw = time.perf_counter() - t0, time.process_time() - c0
        t0, c0 = time.perf_counter(), time.process_time()
        pages, issues = extractor.read(data_bytes, image_path.name)
        dt_ours, cpu_ours = time.perf_counter() - t0, time.process_time() - c0
        c_ours += cpu_ours
        c_raw += cpu_raw
        pred = _reviewed_rows(extractor, pages, image_path.name)
        errors = ours.add(pred, rows_gold)
        review.add(pred, rows_gold)
        g_tally, g_review = groups.setdefault(group, (Tally(), ReviewTally()))
        g_tally.add(pred, rows_gold)
        g_review.add(pred, rows_gold)
        entry: dict[str, Any] = {"image": image_path.name, "gold_rows": len(rows_gold), "pred_rows": len(pred),
                                 "found_rows": len(match_rows(pred, rows_gold)),
                                 "sec": round(dt_ours, 3), "raw_ocr_sec": round(dt_raw, 3),
                                 "cpu_sec": round(cpu_ours, 3), "raw_ocr_cpu_sec": round(cpu_raw, 3),
                                 "steps": [s for p in pages for s in p.steps], "errors": errors,
                                 "issues": [i.code for i in issues], "group": group,
                                 "scored_rows": scored_rows(pred, rows_gold, group)}
        t_ours += dt_ours
        t_raw += dt_raw
        if opts["baselines"]:
            naive.add(naive_rows(raw_lines), rows_gold)
        if run_tess:
            t0 = time.perf_counter()
            t_lines = tesseract_lines(img)
            tess.add(_rows_of(parse_sheet(t_lines, img)), rows_gold)
            dt = time.perf_counter() - t0
            t_tess += dt
            entry["tesseract_sec"] = round(dt, 3)
        per_image.append(entry)
    n = len(items)
    result: dict[str, Any] = {"task": "lab", "n_images": n, **ours.summary(),
                              "sec_per_image": round(t_ours / n, 3) if n else 0.0,
                              "raw_ocr_sec_per_image": round(t_raw / n, 3) if n else 0.0,
                              "overhead_ratio": round(t_ours / t_raw, 3) if t_raw else None,
                              "cpu_sec_per_image": round(c_ours / n, 3) if n else 0.0,
                              "raw_ocr_cpu_sec_per_image": round(c_raw / n, 3) if n else 0.0,
                              "overhead_ratio_cpu": round(c_ours / c_raw, 3) if c_raw else None,
                              "review": review.summary(), "turn": opts["turn"],
                              "per_group": {g: {**t.summary(), "n_images": sum(1 for e in per_image if e["group"] == g),
                                                "review": r.summary()} for g, (t, r) in sorted(groups.items())},
                              "preprocess": {s: getattr(lab_opts.preprocess, s) for s in _STEPS},
                              "dewarp": {"enabled": lab_opts.dewarp.enabled,
                                         "pages": sum(any(s.startswith("dewarp:") for s in e["steps"]) for e in per_image)},
                              "flag_note": "flag compared as output: printed, else computed from the reference range"}
    if opts["baselines"]:
        result["baselines"] = {"rapidocr_naive_y": {**naive.summary(), "sec_per_image": round(t_raw / n, 3) if n else 0.0}}
        if run_tess:
            result["baselines"]["tesseract_chi_sim"] = {**tess.summary(), "sec_per_image": round(t_tess / n, 3)}
        else:
            result["baselines"]["tesseract_chi_sim"] = {"skipped": "tesseract not installed (apt-get install tesseract-ocr tesseract-ocr-chi-sim)"}
    if opts["cache"]:
        for key in ("overhead_ratio", "overhead_ratio_cpu"):
            result[key] = None
        result["timing_note"] = "OCR cache on: times are not OCR times, overhead not measured"
    result["per_image"] = per_image
    return result
