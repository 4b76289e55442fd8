"""De-identification CPU time with and without the trained PHI tagger (issue 18, session 9).

    nice python benchmarks/deid_speed.py SET.jsonl [--n 80]

Runs ``PhiDetector.detect`` over the first N documents of a PHI set twice, rules alone (``model_tagger`` off) and
rules + tagger (deid.yaml as shipped), each after a warm-up (model loading excluded), and prints process CPU
seconds (``time.process_time``, every thread of the process) and documents per CPU-second. Run it on two trees in one
command (``PYTHONPATH=<git archive of the old commit>`` first) to compare code: the machine's load then hits both.
"""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("data", type=Path)
    ap.add_argument("--n", type=int, default=80)
    args = ap.parse_args()

    from oncostruct.extractors.deid.config import load_config
    from oncostruct.extractors.deid.detect import PhiDetector

    rows = [json.loads(line) for line in args.data.read_text(encoding="utf-8").splitlines() if line.strip()][:args.n]
    config = load_config()
    out = {}
    for name, cfg in (("rules", config.model_copy(update={"model_tagger": None})), ("rules+tagger", config)):
        det = PhiDetector(cfg)
        det.detect("患者王小明，2020年1月1日入院。Seen by Dr. Amy Chen on 3/4/2021.", "zh")  # warm-up: load models
        t0 = time.process_time()
        for row in rows:
            det._own_spans.cache_clear()  # each document scored cold
            det.detect(row["text"], row.get("lang"))
        out[name] = time.process_time() - t0
    print(json.dumps({"documents": len(rows), **{k: round(v, 2) for k, v in out.items()},
                      "docs_per_cpu_s": {k: round(len(rows) / v, 2) for k, v in out.items()},
                      "tagger_cost_ratio": round(out["rules+tagger"] / out["rules"], 2)}))


if __name__ == "__main__":
    main()
