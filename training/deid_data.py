"""PHI sets (``oncostruct bench deid`` rows) as span-JSONL training files for the PHI tagger.

``python -m oncostruct.training.deid_data OUT.jsonl SET.jsonl [SET.jsonl ...] [--augment N --seed S]`` writes one
``{"id","text","entities":[{"start","end","label"}]}`` per document (:func:`training.readers.read_span_jsonl`).
Texts are width-folded and simplified as the detector sees them (:func:`extractors.deid.detect.fold_width`, one
character for one, so offsets hold). Which sets are written is the caller's hold-out choice: never the set a figure
is reported on. ``--augment N`` adds N augmented copies of every document after the originals
(:mod:`training.deid_augment`: values swapped within category and script, cue labels varied, values spaced).
Every set's spans are first brought to the guideline (:mod:`training.deid_labelnorm`, ``--no-normalise`` to skip);
what each rule changed, per set, is printed and, with ``--norm-report FILE``, written as JSON for the manifest.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Iterator

from oncostruct.engine.deid import PHI_CATEGORIES
from oncostruct.engine.errors import DataFormatError
from oncostruct.training.deid_augment import AugmentOptions, augmented
from oncostruct.training.deid_labelnorm import NormRule, load_rules, normalise_rows
from oncostruct.extractors.deid.detect import fold_width


def span_rows(path: Path, prefix: str = "") -> Iterator[dict[str, object]]:
    """The rows of one PHI set as span-JSONL records (ids prefixed, so sets never collide)."""
    with Path(path).open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                text = row["text"]
                spans = [{"start": int(p["start"]), "end": int(p["end"]), "label": p["category"]} for p in row["phi"]]
            except (KeyError, TypeError, ValueError) as exc:
                raise DataFormatError(f"{path}:{n}: not a PHI row ({exc})") from None
            bad = [s for s in spans if s["label"] not in PHI_CATEGORIES or not 0 <= s["start"] < s["end"] <= len(text)]
            if bad:
                raise DataFormatError(f"{path}:{n}: PHI span outside the text or of an unknown category: {bad[0]}")
            yield {"id": f"{prefix}{row.get('doc_id', n)}", "text": fold_width(text), "entities": spans}


def write_training_file(out: Path, sets: list[Path], augment: AugmentOptions | None = None,
                        rules: list[NormRule] | None = None, report: dict[str, dict[str, int]] | None = None) -> int:
    """Write the rows of ``sets`` to ``out`` (and, with ``augment``, their augmented copies after them); returns the
    number of documents written. With ``rules``, each set is normalised first and ``report`` (when given) gets, per
    set path, the number of spans each rule changed."""
    rows: list[dict[str, object]] = []
    for k, path in enumerate(sets):
        recs = list(span_rows(path, prefix=f"s{k}-"))
        if rules:
            recs, counts = normalise_rows(recs, rules)
            if report is not None:
                report[str(path)] = {r.name: counts.get(r.name, 0) for r in rules}
        rows += recs
    if augment is not None and augment.copies:
        rows += list(augmented(rows, augment))
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as fh:
        for rec in rows:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return len(rows)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("sets", type=Path, nargs="+")
    ap.add_argument("--augment", type=int, default=0, help="augmented copies of every document (0 = none)")
    ap.add_argument("--seed", type=int, default=AugmentOptions.seed)
    ap.add_argument("--no-swap", action="store_true", help="keep the PHI values in the copies")
    ap.add_argument("--synonyms", type=float, default=AugmentOptions.synonyms, help="chance a cue label is varied")
    ap.add_argument("--spaces", type=float, default=AugmentOptions.spaces, help="chance a value is written spaced")
    ap.add_argument("--no-normalise", action="store_true", help="keep each set's spans as its writer labelled them")
    ap.add_argument("--norm-report", type=Path, help="write the per-set counts of the label normalisation (JSON)")
    args = ap.parse_args(argv)
    opts = AugmentOptions(copies=args.augment, seed=args.seed, swap=not args.no_swap, synonyms=args.synonyms,
                          spaces=args.spaces)
    report: dict[str, dict[str, int]] = {}
    try:
        rules = None if args.no_normalise else load_rules()
        n = write_training_file(args.out, args.sets, opts, rules=rules, report=report)
    except (OSError, DataFormatError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for path, counts in report.items():
        print(f"normalised {path}: {counts}")
    if args.norm_report is not None:
        args.norm_report.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    print(f"{n} documents -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
