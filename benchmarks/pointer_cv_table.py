"""Part-b CV table of the tumour pointer model (rules / model / union / model+rules) and its report JSON.

    .venv/bin/python benchmarks/pointer_cv_table.py --data ../shared/data/ccks2019_tumour/train.jsonl \
        --oof out/pcv/ft2 --report out/pcv/ft2_report.json [--threshold 0.5]

``--oof`` folders hold the out-of-fold logits written by ``python -m oncostruct.eval.tumour_pointer``.
The report (field modes chosen on folds 1-2, isotonic maps, ECE) is what ``export.cv_report`` reads.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from oncostruct.eval.tumour_pointer_score import evaluate
from oncostruct.models.pointer import FIELDS


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True, type=Path)
    ap.add_argument("--oof", required=True, help="comma-separated OOF folders")
    ap.add_argument("--report", type=Path, default=None)
    ap.add_argument("--threshold", type=float, default=0.5)
    ap.add_argument("--label", default="")
    args = ap.parse_args()
    rep = evaluate(args.data, [Path(d) for d in args.oof.split(",")], threshold=args.threshold)
    if args.report:
        args.report.parent.mkdir(parents=True, exist_ok=True)
        args.report.write_text(json.dumps(rep, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"field modes (chosen on folds 1-2): {rep['field_modes']}; ECE {rep['ece']}")
    print("| row | pooled P | pooled R | pooled micro F1 | " + " | ".join(FIELDS) + " | held-out 3-5 micro F1 |")
    for name, r in rep["rows"].items():
        m, pf = r["pooled"]["micro"], r["pooled"]["per_field"]
        print(f"| {args.label}{name} | {m['p']:.3f} | {m['r']:.3f} | **{m['f1']:.3f}** | "
              + " | ".join(f"{pf[f]['f1']:.3f}" for f in FIELDS) + f" | {r['held_out']['micro']['f1']:.3f} |")


if __name__ == "__main__":
    main()
