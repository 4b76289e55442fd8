"""Share of English pathology characters the PHI detector flags (TCGA reports, already de-identified, no gold).

An upper bound on English over-redaction: nearly everything flagged in these reports is a false positive. Prints
counts per category and the most frequent flagged NAME / ORGANIZATION strings (the data stays outside the repo).

    .venv/bin/python benchmarks/deid_en_flagged.py ../shared/data/tcga_path/train.jsonl --n 300
"""
from __future__ import annotations

import argparse
import collections
import json

from oncostruct.extractors.deid.detect import PhiDetector


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data")
    ap.add_argument("--n", type=int, default=300)
    ap.add_argument("--top", type=int, default=25)
    args = ap.parse_args()
    detector = PhiDetector()
    with open(args.data, encoding="utf-8") as fh:
        rows = [json.loads(line) for _, line in zip(range(args.n), fh)]
    total = flagged = 0
    by_category: collections.Counter = collections.Counter()
    strings: collections.Counter = collections.Counter()
    for row in rows:
        text = row["text"]
        total += len(text)
        mask = bytearray(len(text))
        for span in detector.detect(text, "en"):
            mask[span.start:span.end] = b"\x01" * (span.end - span.start)
            by_category[span.category] += span.end - span.start
            if span.category in ("NAME", "ORGANIZATION"):
                strings[(span.category, text[span.start:span.end])] += 1
        flagged += sum(mask)
    print(json.dumps({"documents": len(rows), "chars": total, "flagged": flagged,
                      "share": round(flagged / total, 5) if total else None, "by_category": by_category}))
    for (category, text), count in strings.most_common(args.top):
        print(count, category, text)


if __name__ == "__main__":
    main()
