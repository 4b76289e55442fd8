"""``oncostruct bench lab --data DIR --out R.json``: lab-report OCR and table parsing.

DIR holds ``images/`` and ``labels/*.json`` (the format of shared/data/lab_reports). One run
scores our pipeline, the two baselines (Tesseract chi_sim + our row parser; raw RapidOCR
lines grouped naively by y) and times our pipeline against the bare RapidOCR call on the same
decoded images (``overhead_ratio``). ``--model`` takes options separated by ``;``:
``preprocess=deskew+perspective+contrast`` (or ``none``), ``baselines=0`` to skip the
baselines, ``limit=N`` to score the first N images.
"""
from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from oncostruct.engine.errors import DataFormatError
from oncostruct.engine.settings import get_settings
from oncostruct.eval.lab_baselines import naive_rows, tesseract_available, tesseract_lines
from oncostruct.eval.lab_score import ReviewTally, Tally
from oncostruct.extractors.ocr.image_io import load_pages
from oncostruct.extractors.ocr.lab_report import LabOptions, LabReportExtractor
from oncostruct.extractors.ocr.ocr import engine, run_ocr
from oncostruct.extractors.ocr.preprocess import PreprocessOptions
from oncostruct.extractors.ocr.sheet import parse_sheet

_STEPS = ("deskew", "perspective", "contrast")


def parse_model(model: str | None) -> dict[str, Any]:
    opts: dict[str, Any] = {"preprocess": None, "baselines": True, "limit": None}
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
    """Rows as scored, each with ``review``: a failed self-check or confidence below the review threshold."""
    threshold = get_settings().review.min_confidence
    out = []
    for n, page in enumerate(pages):
        doubts, _ = extractor.doubts(page, name, n)
        for r, row in zip(_rows_of(page.sheet), page.sheet.rows):
            penalty = extractor.options.checks.penalty ** len({d.code for d in doubts.get(id(row), [])})
            out.append({**r, "review": bool(doubts.get(id(row))) or row.confidence * penalty < threshold})
    return out


def run(data: Path, model: str | None = None) -> dict[str, Any]:
    opts = parse_model(model)
    items = load_items(Path(data))[: opts["limit"]]
    lab_opts = LabOptions(preprocess=opts["preprocess"] or PreprocessOptions())
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
        entry: dict[str, Any] = {"image": image_path.name, "gold_rows": len(rows_gold), "pred_rows": len(pred),
                                 "sec": round(dt_ours, 3), "raw_ocr_sec": round(dt_raw, 3),
                                 "cpu_sec": round(cpu_ours, 3), "raw_ocr_cpu_sec": round(cpu_raw, 3),
                                 "steps": [s for p in pages for s in p.steps], "errors": errors,
                                 "issues": [i.code for i in issues]}
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
                              "review": review.summary(),
                              "preprocess": {s: getattr(lab_opts.preprocess, s) for s in _STEPS},
                              "flag_note": "flag compared as output: printed, else computed from the reference range"}
    if opts["baselines"]:
        result["baselines"] = {"rapidocr_naive_y": {**naive.summary(), "sec_per_image": round(t_raw / n, 3) if n else 0.0}}
        if run_tess:
            result["baselines"]["tesseract_chi_sim"] = {**tess.summary(), "sec_per_image": round(t_tess / n, 3)}
        else:
            result["baselines"]["tesseract_chi_sim"] = {"skipped": "tesseract not installed (apt-get install tesseract-ocr tesseract-ocr-chi-sim)"}
    result["per_image"] = per_image
    return result
