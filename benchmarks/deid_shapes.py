"""Per-category recall / precision of the deid rules over several PHI sets, with misses and false positives
grouped by SHAPE (category, the cue before the value, the value's character shape), so causes show, not examples.

    nice .venv/bin/python benchmarks/deid_shapes.py /work/blind/phi{,2,3,4,5}/phi_blind.jsonl [--top 40] [--json out]

Shape of a value: runs of Chinese characters -> ``C``, upper-case letters -> ``A``, lower -> ``a``, digits -> ``9``
(each run once, with its length bucket), other characters kept. Cue: the last word before the value (Chinese: the
last two characters; Latin: the last word), or ``^`` at a line start. The printed examples come from the data
sets named on the command line and stay on the terminal (never in the repository).
"""
from __future__ import annotations

import argparse
import json
import re
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

_RUNS = [(re.compile(r"[\u4e00-\u9fff]+"), "C"), (re.compile(r"[A-Z]+"), "A"), (re.compile(r"[a-z]+"), "a"),
         (re.compile(r"\d+"), "9")]


def shape(value: str) -> str:
    """``王小红`` -> ``C3``, ``MRN-0042`` -> ``A3-94``, ``Rosa Okafor`` -> ``Aa Aa``."""
    out, i = [], 0
    while i < len(value):
        for pat, sym in _RUNS:
            m = pat.match(value, i)
            if m:
                n = m.end() - m.start()
                out.append(sym + (str(min(n, 9)) if sym in "C9" else ""))
                i = m.end()
                break
        else:
            ch = value[i]
            out.append("_" if ch in " \t" else "/" if ch == "\n" else ch)
            i += 1
    return "".join(out)[:24]


def cue(text: str, start: int) -> str:
    """The word right before ``start`` (``^`` at a line start)."""
    left = text[max(0, start - 20):start]
    line = left.split("\n")[-1]
    stripped = line.rstrip(" \t：:#|=([（\"'")
    if not stripped:
        return "^" if len(left) > len(line) or start < 20 else "·"
    m = re.search(r"([A-Za-z][A-Za-z.'/-]*|\d+|[\u4e00-\u9fff]{1,2}|\S)$", stripped)
    return m.group(1) if m else "?"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("data", nargs="+", type=Path)
    ap.add_argument("--top", type=int, default=30, help="shape groups printed per list")
    ap.add_argument("--json", type=Path, help="write the per-set, per-category figures here")
    ap.add_argument("--quiet", action="store_true", help="figures only, no grouped misses")
    ap.add_argument("--spans", type=Path, help="write every document's predicted spans here (JSON, for later reading)")
    ap.add_argument("--categories", default="", help="comma-separated categories whose groups are printed (all if empty)")
    args = ap.parse_args()

    from oncostruct.eval.deid import _rows, patient_detector
    from oncostruct.extractors.deid.detect import PhiDetector

    detector = PhiDetector()
    figures: dict[str, Any] = {}
    miss_groups: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    fp_groups: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    edge_groups: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    bounds: Counter = Counter()   # (category, exact / partial / spurious) -> predicted characters outside gold
    dumped: dict[str, list[list[Any]]] = {}
    for path in args.data:
        rows = list(_rows(path))
        det = patient_detector(rows, detector)
        gold_n, hit_n, pred_n, ok_n = Counter(), Counter(), Counter(), Counter()
        for row in rows:
            text = row["text"]
            pred = det.detect(text, row.get("lang"))
            covered, gold = bytearray(len(text)), bytearray(len(text))
            for s in pred:
                covered[s.start:s.end] = b"\x01" * (s.end - s.start)
            for g in row["phi"]:
                gold[g["start"]:g["end"]] = b"\x01" * (g["end"] - g["start"])
            for g in row["phi"]:
                n, hit = g["end"] - g["start"], sum(covered[g["start"]:g["end"]])
                gold_n[g["category"]] += n
                hit_n[g["category"]] += hit
                if hit < n:
                    key = (g["category"], cue(text, g["start"]), shape(g["text"]))
                    miss_groups[key].append(f"{path.parent.name}:{text[max(0, g['start'] - 12):g['end'] + 8]!r}")
            golds = {(g["start"], g["end"]) for g in row["phi"]}
            if args.spans:
                dumped[f"{path.parent.name}:{row.get('id', len(dumped))}"] = [
                    [s.start, s.end, s.category, s.rule] for s in pred]
            for s in pred:
                inside = sum(gold[s.start:s.end])
                pred_n[s.category] += s.end - s.start
                ok_n[s.category] += inside
                kind = "exact" if (s.start, s.end) in golds else "spurious" if inside == 0 else "partial"
                bounds[(s.category, kind)] += s.end - s.start - inside
                bounds[(s.category, kind + " spans")] += 1
                if inside == 0:
                    key = (s.category, s.rule, shape(text[s.start:s.end]))
                    fp_groups[key].append(f"{path.parent.name}:{text[max(0, s.start - 12):s.end + 8]!r}")
                elif inside < s.end - s.start:  # a partial span: what it took in beyond the gold, by side and shape
                    left = next(i for i in range(s.start, s.end) if gold[i]) - s.start
                    right = s.end - next(i for i in range(s.end, s.start, -1) if gold[i - 1])
                    side = "L" if left and not right else "R" if right and not left else "in" if not (left or right) else "LR"
                    extra = text[s.start:s.start + left] + "…" + text[s.end - right:s.end]
                    edge_groups[(s.category, side, shape(extra))].append(
                        f"{path.parent.name}:{text[max(0, s.start - 6):s.end + 6]!r} +{extra!r}")
        per = {c: {"recall": round(hit_n[c] / gold_n[c], 4) if gold_n[c] else None,
                   "precision": round(ok_n[c] / pred_n[c], 4) if pred_n[c] else None}
               for c in sorted(set(gold_n) | set(pred_n))}
        overall = {"recall": round(sum(hit_n.values()) / max(1, sum(gold_n.values())), 4),
                   "precision": round(sum(ok_n.values()) / max(1, sum(pred_n.values())), 4)}
        figures[path.parent.name] = {"overall": overall, "per_category": per}
        print(f"== {path.parent.name}: R {overall['recall']:.4f}  P {overall['precision']:.4f}  " + "  ".join(
            f"{c[:5]} {v['recall'] if v['recall'] is not None else '-'}/{v['precision'] if v['precision'] is not None else '-'}"
            for c, v in per.items()))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1), encoding="utf-8")
    if args.spans:
        args.spans.write_text(json.dumps(dumped), encoding="utf-8")
    print("\n#### FALSE-POSITIVE CHARACTERS by boundary (all sets): category: spurious (no gold overlap) / partial "
          "(overlaps gold, bounds differ) / exact; [spans]")
    for cat in sorted({c for c, _ in bounds}):
        print(f"{cat:>14}: " + "  ".join(f"{k} {bounds[(cat, k)]} [{bounds[(cat, k + ' spans')]}]"
                                         for k in ("spurious", "partial", "exact")))
    if args.quiet:
        return
    for title, groups in (("MISSES", miss_groups), ("FALSE POSITIVES", fp_groups),
                          ("PARTIAL SPANS by side (L = took in text before the gold, R = after) and extra shape", edge_groups)):
        print(f"\n#### {title} by (category, cue/rule, shape): {sum(map(len, groups.values()))} in {len(groups)} groups")
        by_cat: dict[str, list[tuple[tuple[str, str, str], list[str]]]] = defaultdict(list)
        for k, v in groups.items():
            by_cat[k[0]].append((k, v))
        wanted = {c.strip() for c in args.categories.split(",") if c.strip()}
        for cat, items in sorted(by_cat.items(), key=lambda kv: -sum(len(v) for _, v in kv[1])):
            if wanted and cat not in wanted:
                continue
            print(f"\n--- {cat}: {sum(len(v) for _, v in items)}")
            for (c, a, b), ex in sorted(items, key=lambda kv: -len(kv[1]))[:args.top]:
                print(f"{len(ex):4d}  {a!r:>14} {b:<16} {' | '.join(ex[:2])}")


if __name__ == "__main__":
    main()
