"""What the second look at value cells (or another look step) costs against raw OCR, paired on the same images.

    python benchmarks/lab_second_look_cost.py --data /work/blind/lab8 --images thermal_1,photocopy_2
    python benchmarks/lab_second_look_cost.py --data DIR --step flag_look    # the flag cells' pixel look

For each image (no OCR cache): the bare RapidOCR call on the decoded page, then the whole lab pipeline
(``LabReportExtractor.read``) with the step on, timing the step's own calls inside it (``--step``: ``second_look``,
default, or ``flag_look``). The ratio without the step is the pipeline's time less the step's. Prints one JSON line: totals, both ratios
and the cells read.
"""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import oncostruct.extractors.ocr.lab_report as lab_report
from oncostruct.eval.lab import load_items
from oncostruct.extractors.ocr.image_io import load_pages
from oncostruct.extractors.ocr.lab_report import LabReportExtractor
from oncostruct.extractors.ocr.ocr import engine, run_ocr


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", required=True, help="a folder with images/ and labels/ (bench lab format)")
    ap.add_argument("--images", default="", help="comma-separated label stems to time (default: all)")
    ap.add_argument("--step", default="second_look", choices=["second_look", "flag_look"], help="the step timed")
    args = ap.parse_args(argv)
    wanted = {s for s in args.images.split(",") if s}
    items = [(img, gold) for img, gold in load_items(Path(args.data)) if not wanted or img.stem in wanted]
    extractor = LabReportExtractor()
    engine(extractor.options.use_cuda)
    spent = [0.0]
    inner = getattr(lab_report, args.step)

    def timed(*a, **k):
        t0 = time.perf_counter()
        try:
            return inner(*a, **k)
        finally:
            spent[0] += time.perf_counter() - t0

    setattr(lab_report, args.step, timed)
    raw = ours = look = 0.0
    cells = 0
    for image, _ in items:
        data = image.read_bytes()
        page = load_pages(data, image.name, extractor.options.limits)[0]
        t0 = time.perf_counter()
        run_ocr(page, 0, extractor.options.use_cuda)
        raw += time.perf_counter() - t0
        spent[0] = 0.0
        t0 = time.perf_counter()
        pages, _ = extractor.read(data, image.name)
        ours += time.perf_counter() - t0
        look += spent[0]
        cells += sum(int(s.split(":")[1].split()[0]) for p in pages for s in p.steps if s.startswith(f"{args.step}:"))
    setattr(lab_report, args.step, inner)
    print(json.dumps({"images": len(items), "raw_ocr_s": round(raw, 2), "pipeline_s": round(ours, 2),
                      "step": args.step, "step_s": round(look, 2), "cells_read": cells,
                      "overhead_with": round(ours / raw, 3) if raw else None,
                      "overhead_without": round((ours - look) / raw, 3) if raw else None}))


if __name__ == "__main__":
    main()
