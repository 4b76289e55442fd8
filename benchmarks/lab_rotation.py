"""Turned-page retention and overhead of the lab pipeline: the same images read upright and turned.

    .venv/bin/python benchmarks/lab_rotation.py --data ../shared/data/lab_reports --out R.json \
        [--rotations 0,90,180,270] [--per-group 2] [--max-groups 0] [--model "baselines=0;cache=DIR"]

Images are chosen by a rule fixed before any result is seen: the groups of ``bench lab`` (layout family, else
file-name prefix) in name order, the first ``--per-group`` images of each (name order), at most
``--max-groups`` groups (0: all). Each image is turned losslessly in memory (``np.rot90``, counter-clockwise)
and read by the full pipeline (``eval.lab.run`` with ``turn=``). Per rotation: rows found (matched to gold),
retention = rows found turned / rows found upright (pooled over the images, and the worst image), rows
P/R/F1, field accuracies, seconds per image, and the overhead over one raw RapidOCR call on the same turned
image in the same process (median of the per-image ratios and ratio of totals; only without ``cache=``,
since a cache hit costs no OCR). The OCR cache key is the page's pixels, so each turn has its own entries.
"""
from __future__ import annotations

import argparse
import json
import statistics
from pathlib import Path
from typing import Any

from oncostruct.eval.lab import group_of, load_items, run


def pick(data: Path, per_group: int, max_groups: int) -> list[tuple[Path, dict]]:
    """The first ``per_group`` images (name order) of each group, in group-name order."""
    groups: dict[str, list[tuple[Path, dict]]] = {}
    for image, gold in sorted(load_items(data), key=lambda it: it[0].name):
        groups.setdefault(group_of(image, gold), []).append((image, gold))
    names = sorted(groups)[: max_groups or None]
    return [it for g in names for it in groups[g][:per_group]]


def summarise(result: dict[str, Any], upright: dict[str, int] | None) -> dict[str, Any]:
    per = result["per_image"]
    found = {e["image"]: e["found_rows"] for e in per}
    out: dict[str, Any] = {"turn": result["turn"], "n_images": result["n_images"],
                           "gold_rows": sum(e["gold_rows"] for e in per), "found_rows": sum(found.values()),
                           "rows": result["rows"], "fields": {k: v["accuracy"] for k, v in result["fields"].items()},
                           "sec_per_image": result["sec_per_image"], "raw_ocr_sec_per_image": result["raw_ocr_sec_per_image"],
                           "steps": {e["image"]: e["steps"] for e in per}}
    if result.get("overhead_ratio") is not None:
        ratios = [e["sec"] / e["raw_ocr_sec"] for e in per if e["raw_ocr_sec"]]
        out["overhead_total"] = result["overhead_ratio"]
        out["overhead_median"] = round(statistics.median(ratios), 3) if ratios else None
        out["overhead_max"] = round(max(ratios), 3) if ratios else None
    if upright is not None:
        base = sum(upright.values())
        out["retention"] = round(out["found_rows"] / base, 4) if base else None
        per_image = {k: round(found[k] / v, 3) for k, v in upright.items() if v and k in found}
        out["retention_worst"] = min(per_image.items(), key=lambda kv: kv[1]) if per_image else None
        out["retention_per_image"] = per_image
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, required=True)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--rotations", default="0,90,180,270")
    ap.add_argument("--per-group", type=int, default=2)
    ap.add_argument("--max-groups", type=int, default=0)
    ap.add_argument("--model", default="baselines=0", help="bench lab options (';'-separated), without turn=")
    args = ap.parse_args(argv)
    items = pick(args.data, args.per_group, args.max_groups)
    rotations = [int(r) for r in args.rotations.split(",")]
    report: dict[str, Any] = {"data": str(args.data), "images": [i.name for i, _ in items], "model": args.model,
                              "per_rotation": []}
    upright: dict[str, int] | None = None
    for deg in sorted(rotations):  # 0 first: the upright rows are the base of retention
        result = run(args.data, f"{args.model};turn={deg}", items)
        if deg == 0:
            upright = {e["image"]: e["found_rows"] for e in result["per_image"]}
        report["per_rotation"].append(summarise(result, upright if deg else None))
        args.out.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
        row = report["per_rotation"][-1]
        print(json.dumps({k: row.get(k) for k in ("turn", "found_rows", "gold_rows", "retention", "rows",
                                                   "sec_per_image", "overhead_total", "overhead_median")}), flush=True)


if __name__ == "__main__":
    main()
