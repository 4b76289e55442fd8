"""PHI tagger measurements of benchmarks/RESULTS.md, "De-identification session 8" (issue 18).

    python benchmarks/deid_tagger.py alone SET.jsonl WEIGHTS            # the tagger alone, char R / P per category
    PYTHONPATH=<git archive of an old commit> python benchmarks/deid_tagger.py spans SET.jsonl SPANS.json
                                                                        # that commit's rule spans, each document alone
    python benchmarks/deid_tagger.py combine SET.jsonl SPANS.json WEIGHTS   # those rules + today's tagger and vetoes
    python benchmarks/deid_tagger.py clinical SPAN.jsonl N WEIGHTS      # tagger additions on clinical text (no PHI)
    python benchmarks/deid_tagger.py score SET.jsonl WEIGHTS           # bench deid (by patient) with other weights

``spans`` only uses ``PhiDetector().detect`` so that it runs on old code too. ``combine`` adds the tagger's spans
(:meth:`PhiDetector.tagger_spans`, threshold sets below) to the given rule spans and scores with ``eval.deid.score``.
``clinical``: the share of gold clinical-entity characters (the first N rows of a span-JSONL file) that the
tagger's spans would cover by category and threshold, rule spans left out: an upper bound of what it adds to
``bench deid-over-redaction``. Only aggregates are printed.
"""
from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

THRESHOLD_SETS = {"rules only": {}, "shipped (ADDRESS .9, DATE .8, AGE .3)": {"ADDRESS": .9, "DATE": .8, "AGE": .3},
                  "all categories at 0.9": 0.9, "all categories at 0.5": 0.5}


def _rows(path: str) -> list[dict]:
    return [json.loads(line) for line in open(path, encoding="utf-8") if line.strip()]


def _loose_detector(weights: str):
    from oncostruct.engine.deid import PHI_CATEGORIES
    from oncostruct.extractors.deid.config import ModelTaggerSettings, load_config
    from oncostruct.extractors.deid.detect import PhiDetector

    loose = ModelTaggerSettings(model=weights, thresholds={c: 0.0 for c in PHI_CATEGORIES}, max_confidence=1.0)
    return PhiDetector(load_config().model_copy(update={"model_tagger": loose}))


def alone(data: str, weights: str) -> None:
    from oncostruct.extractors.deid.detect import fold_width
    from oncostruct.models.ner_inference import load_model_dir

    model, rows = load_model_dir(Path(weights), threads=1), _rows(data)
    preds = [model.predict([fold_width(r["text"])])[0] for r in rows]
    for thr in (0.0, 0.5, 0.8, 0.9):
        gold, hit, pred, ok = Counter(), Counter(), Counter(), Counter()
        for r, spans in zip(rows, preds):
            n = len(r["text"])
            cov, ins = bytearray(n), bytearray(n)
            for s, e, _, c in spans:
                if c >= thr:
                    cov[s:e] = b"\1" * (e - s)
            for g in r["phi"]:
                ins[g["start"]:g["end"]] = b"\1" * (g["end"] - g["start"])
            for g in r["phi"]:
                gold[g["category"]] += g["end"] - g["start"]
                hit[g["category"]] += sum(cov[g["start"]:g["end"]])
            for s, e, lab, c in spans:
                if c >= thr:
                    pred[lab] += e - s
                    ok[lab] += sum(ins[s:e])
        print(f"t {thr}: overall R {sum(hit.values()) / sum(gold.values()):.3f} P {sum(ok.values()) / max(1, sum(pred.values())):.3f}  "
              + "  ".join(f"{c} {hit[c] / gold[c]:.3f}/{ok[c] / pred[c] if pred[c] else 0:.3f}" for c in gold))


def spans(data: str, out: str) -> None:
    from oncostruct.extractors.deid.detect import PhiDetector

    det = PhiDetector()
    found = [[[s.start, s.end, s.category, s.confidence, s.rule] for s in det.detect(r["text"], r.get("lang"))]
             for r in _rows(data)]
    Path(out).write_text(json.dumps(found), encoding="utf-8")


def combine(data: str, spans_file: str, weights: str) -> None:
    from oncostruct.engine.deid import PHI_CATEGORIES
    from oncostruct.eval.deid import _Detected, score
    from oncostruct.extractors.deid.detect import PhiSpan, fold_width, resolve_overlaps

    rows, tag = _rows(data), _loose_detector(weights)
    ruled = [[PhiSpan(*s) for s in found] for found in json.loads(Path(spans_file).read_text(encoding="utf-8"))]
    cands = [tag.tagger_spans(s, fold_width(r["text"])) for r, s in zip(rows, ruled)]
    for name, thr in THRESHOLD_SETS.items():
        thr = {c: thr for c in PHI_CATEGORIES} if isinstance(thr, float) else thr
        det = _Detected({r["text"]: resolve_overlaps(s + [c for c in cs if c.confidence >= thr.get(c.category, 2.0)])
                         for r, s, cs in zip(rows, ruled, cands)})
        result = score(rows, det)
        print(name, json.dumps({"overall": result["overall"]["char"], **{
            c: [v["char"]["recall"], v["char"]["precision"]] for c, v in result["per_category"].items()}}))


def clinical(data: str, n: int, weights: str) -> None:
    from oncostruct.extractors.deid.detect import fold_width

    tag, rows = _loose_detector(weights), _rows(data)[:n]
    ent, red = 0, {t: Counter() for t in (0.5, 0.8, 0.9, 0.95, 0.98, 0.99)}
    for r in rows:
        found = tag.tagger_spans([], fold_width(r["text"]))
        ents = [(e["start"], e["end"]) for e in r.get("entities", [])]
        ent += sum(b - a for a, b in ents)
        for t, counts in red.items():
            for s in found:
                if s.confidence >= t:
                    counts[s.category] += sum(max(0, min(b, s.end) - max(a, s.start)) for a, b in ents)
    print(f"{data}: {len(rows)} documents, {ent} entity characters")
    for t, counts in red.items():
        print(f"  t {t}: " + ", ".join(f"{k} {v / ent * 100:.3f} %" for k, v in counts.most_common()))


def score_with(data: str, weights: str) -> None:
    from oncostruct.eval.deid import _rows as bench_rows, patient_detector, score
    from oncostruct.extractors.deid.config import load_config
    from oncostruct.extractors.deid.detect import PhiDetector

    config = load_config()
    assert config.model_tagger is not None
    config = config.model_copy(update={"model_tagger": config.model_tagger.model_copy(update={"model": weights})})
    rows = list(bench_rows(Path(data)))
    result = score(rows, patient_detector(rows, PhiDetector(config)))
    print(json.dumps({"overall": result["overall"]["char"], **{
        c: [v["char"]["recall"], v["char"]["precision"]] for c, v in result["per_category"].items()}}))


if __name__ == "__main__":
    cmd, *args = sys.argv[1:]
    {"alone": alone, "spans": spans, "combine": combine,
     "clinical": lambda d, n, w: clinical(d, int(n), w), "score": score_with}[cmd](*args)
