"""Look-alike lab sheets whose item names print their codes (``[ALT]谷丙转氨酶``, ``【ALT】…``, ``…(ALT)``, ``…（ALT）``,
``…ALT``, ``…[ALT]``) and, on every other sheet, abnormal results marked ``*`` instead of an arrow; rendered by
``tests.synth_lab.render_sheet`` (random values, made-up names), labels in the ``lab_reports`` format with the
name without its code as the item and the code as ``abbr``.

    .venv/bin/python benchmarks/lab_coded_lookalikes.py OUT_DIR
    .venv/bin/oncostruct bench lab --data OUT_DIR --out la.json --model "baselines=0;cache=CACHE"
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from oncostruct.tests.synth_lab import Degrade, encode_png, render_sheet

FORMS = [lambda n, c: f"[{c}]{n}", lambda n, c: f"【{c}】{n}", lambda n, c: f"{n}({c})", lambda n, c: f"{n}（{c}）",
         lambda n, c: f"{n}{c}", lambda n, c: f"{n}[{c}]"]
SEEDS = range(2601, 2613)


def write(out: Path) -> None:
    (out / "images").mkdir(parents=True, exist_ok=True)
    (out / "labels").mkdir(parents=True, exist_ok=True)
    for k, seed in enumerate(SEEDS):
        form = FORMS[k % len(FORMS)]
        kw = dict(kind=["cbc", "chem"][k % 2], blocks=1 + k % 2, item_w=340, layout=k % 3,
                  degrade=Degrade(rotate_deg=(k % 3 - 1) * 1.5))
        _, plain = render_sheet(seed, **kw)
        star = k % 2 == 0
        over = {i: {"item": form(r["item"], r["abbr"]), **({"flag": "*"} if star and r["flag"] else {})}
                for i, r in enumerate(plain["rows"])}
        image, truth = render_sheet(seed, overrides=over, **kw)
        for r, r0 in zip(truth["rows"], plain["rows"]):
            r["item"] = r0["item"]
        truth["layout_family"] = f"coded{k % len(FORMS)}"
        (out / "images" / f"synth_{seed}.png").write_bytes(encode_png(image))
        (out / "labels" / f"synth_{seed}.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    write(Path(sys.argv[1]))
