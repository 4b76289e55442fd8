"""Pages read in the wrong orientation, from a ``bench lab`` result and the data set's own description.

    .venv/bin/python benchmarks/lab_misoriented.py --result R.json --truth /work/blind/lab5/README.md [--turn 90]

A page's turn as the pipeline read it is its ``rotate:X`` step (X counter-clockwise degrees, none: 0). Its true turn is
taken from the line of ``--truth`` (a README table or ``summary.json``) that names the image and says ``rotated N deg``
(no such line: 0), plus ``--turn`` when the bench turned every image (``turn=`` option). Prints the misread pages
and the counts as JSON.
"""
from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

_ROTATED = re.compile(r"rotated (\d+) deg")


def true_turns(truth: Path, images: list[str]) -> dict[str, int]:
    text = truth.read_text(encoding="utf-8")
    if truth.suffix == ".json":
        lines = [json.dumps(e, ensure_ascii=False) for e in json.loads(text)]
    else:
        lines = text.splitlines()
    out = {}
    for image in images:
        stem = Path(image).stem
        hit = next((ln for ln in lines if re.search(rf"\b{re.escape(stem)}\b", ln) and _ROTATED.search(ln)), None)
        out[image] = int(_ROTATED.search(hit).group(1)) if hit else 0
    return out


def read_turn(steps: list[str]) -> int:
    return next((int(s.split(":", 1)[1]) for s in steps if s.startswith("rotate:")), 0)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--result", type=Path, required=True)
    ap.add_argument("--truth", type=Path, required=True)
    ap.add_argument("--turn", type=int, default=0)
    args = ap.parse_args(argv)
    per = json.loads(args.result.read_text(encoding="utf-8"))["per_image"]
    truth = true_turns(args.truth, [e["image"] for e in per])
    wrong = []
    for e in per:
        want, got = (truth[e["image"]] + args.turn) % 360, read_turn(e["steps"])
        if want != got:
            wrong.append({"image": e["image"], "true": want, "read": got, "found_rows": e["found_rows"],
                          "gold_rows": e["gold_rows"], "steps": e["steps"]})
    turned = sum(1 for e in per if (truth[e["image"]] + args.turn) % 360)
    print(json.dumps({"pages": len(per), "turned": turned, "misoriented": len(wrong), "wrong": wrong},
                     ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
