"""PHI sets (``oncostruct bench deid`` rows) as span-JSONL training files for the PHI tagger.

``python -m oncostruct.training.deid_data OUT.jsonl SET.jsonl [SET.jsonl ...]`` writes one
``{"id","text","entities":[{"start","end","label"}]}`` per document (:func:`training.readers.read_span_jsonl`).
Texts are width-folded and simplified as the detector sees them (:func:`extractors.deid.detect.fold_width`, one
character for one, so offsets hold). Which sets are written is the caller's hold-out choice: never the set a figure
is reported on.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Iterator

from oncostruct.engine.deid import PHI_CATEGORIES
from oncostruct.engine.errors import DataFormatError
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


def write_training_file(out: Path, sets: list[Path]) -> int:
    """Write the rows of ``sets`` to ``out``; returns the number of documents."""
    out.parent.mkdir(parents=True, exist_ok=True)
    n = 0
    with out.open("w", encoding="utf-8") as fh:
        for k, path in enumerate(sets):
            for rec in span_rows(path, prefix=f"s{k}-"):
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
                n += 1
    return n


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) < 2:
        print("usage: python -m oncostruct.training.deid_data OUT.jsonl SET.jsonl [SET.jsonl ...]", file=sys.stderr)
        return 2
    try:
        n = write_training_file(Path(args[0]), [Path(a) for a in args[1:]])
    except (OSError, DataFormatError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"{n} documents -> {args[0]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
