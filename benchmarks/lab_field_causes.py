"""Unit, reference, value and flag errors of ``bench lab`` grouped by cause, over several labelled sets.

    python benchmarks/lab_field_causes.py --set lab7=/work/blind/lab7:/tmp/lu8/c7 --set vis=../shared/data/lab_reports:/tmp/lu8/cvis
    python benchmarks/lab_field_causes.py ... --examples 3    # also up to 3 (pred, want, cell text) per cause

Each ``--set NAME=DATA[:CACHE]`` is read exactly as ``bench lab`` reads it (same extractor, OCR lines from the
cache folder when given), rows are matched by the scorer's ``match_rows`` and a field counts as wrong when the
scorer's ``field_equal`` says so. A wrong field is then put in the first cause of :func:`unit_cause`,
:func:`reference_cause`, :func:`value_cause` or :func:`flag_cause` that fits, from the predicted and gold strings, the raw unit cell,
the row's own OCR line text and the rows beside it. The table printed is counts per cause and set; only with
``--examples`` are cell strings printed (to the terminal: nothing is written under the repository).
"""
from __future__ import annotations

import argparse
import re
from collections import Counter, defaultdict
from pathlib import Path

from oncostruct.eval.lab import load_items
from oncostruct.eval.lab_score import edit_distance, field_equal, match_rows, norm_field, norm_flag, split_ref_unit
from oncostruct.extractors.ocr.cells import canonical_unit, clean, item_entry
from oncostruct.extractors.ocr.lab_report import LabReportExtractor
from oncostruct.extractors.ocr.ocr_cache import set_cache_dir

_DIGITS = re.compile(r"\d+(?:[.,]\d+)?")


def _fold(u: str) -> str:
    """A unit with the OCR-confusable characters made equal (μ µ u, l L 1 I |, case, ^ * ~ x ×, O 0)."""
    t = clean(u).lower().replace(" ", "")
    for a, b in (("µ", "u"), ("μ", "u"), ("1", "l"), ("i", "l"), ("|", "l"), ("o", "0"), ("×", "x"), ("*", "^"),
                 ("~", "^"), ("x10", "10")):
        t = t.replace(a, b)
    return t.replace("^", "")


def unit_cause(pred: dict, gold: dict, ctx: dict) -> str:
    p_ref, p_u = split_ref_unit(pred.get("reference"), pred.get("unit"))
    g_ref, g_u = split_ref_unit(gold.get("reference"), gold.get("unit"))
    line, page = ctx["line"], ctx["page"]
    if not g_u:
        if p_u in ctx["neighbour_units"]:
            return "unit.spurious_from_neighbour_row"
        return "unit.spurious"
    if not p_u:
        g_raw = str(gold.get("unit") or "")
        if _fold(g_raw) and _fold(g_raw) in _fold(line):
            return "unit.missing_glued_in_line"
        if any(_fold(g_raw) in _fold(h) for h in ctx["header_texts"]):
            return "unit.missing_in_column_or_section_header"
        if _fold(g_raw) and _fold(g_raw) in _fold(page):
            return "unit.missing_elsewhere_on_page"
        entry = ctx["entry"]
        if entry is not None and canonical_unit(str(entry.attributes.get("unit") or "")) == canonical_unit(g_raw):
            return "unit.missing_not_read_catalogue_would_fit"
        return "unit.missing_not_read"
    if _fold(p_u) == _fold(g_u):
        return "unit.ocr_confusion_fold"  # μ/u, l/1, case, ^/*/~
    if p_u in ctx["neighbour_units"] and edit_distance(p_u, g_u) > 2:
        return "unit.from_neighbour_row"
    if g_u in p_u:
        return "unit.extra_text_glued"
    if p_u in g_u:
        return "unit.truncated"
    if edit_distance(_fold(p_u), _fold(g_u)) <= 2:
        return "unit.ocr_small_edit"
    if ctx["unit_repaired"]:
        return "unit.wrong_repair"
    return "unit.other"


def _numbers(text: str) -> list[str]:
    return _DIGITS.findall(text or "")


def reference_cause(pred: dict, gold: dict, ctx: dict) -> str:
    p_ref, _ = split_ref_unit(pred.get("reference"), pred.get("unit"))
    g_ref, _ = split_ref_unit(gold.get("reference"), gold.get("unit"))
    if not g_ref:
        return "reference.spurious"
    if not p_ref:
        g_nums = _numbers(g_ref)
        if g_nums and all(n in ctx["line"] for n in g_nums):
            return "reference.missing_on_line"
        return "reference.missing_not_on_line"
    if p_ref in ctx["neighbour_refs"]:
        return "reference.from_neighbour_row"
    if g_ref in p_ref:
        return "reference.extra_text_glued"
    if p_ref in g_ref:
        return "reference.truncated"
    pn, gn = _numbers(p_ref), _numbers(g_ref)
    if pn == gn:
        return "reference.notation"  # same numbers, other signs / brackets / separators
    if [n.replace(",", ".") for n in pn] == gn or [n.replace(",", "") for n in pn] == gn:
        return "reference.comma_decimal_or_thousands"
    if len(pn) == len(gn) and edit_distance("".join(pn), "".join(gn)) <= 2:
        return "reference.ocr_digits"
    return "reference.other"


def value_cause(pred: dict, gold: dict, ctx: dict) -> str:
    p, g = norm_field(pred.get("value")), norm_field(gold.get("value"))
    if not p:
        return "value.missing"
    if not g:
        return "value.spurious"
    if p in ctx["neighbour_values"]:
        return "value.from_neighbour_row"
    if p.replace(",", ".") == g or p.replace(",", "") == g:
        return "value.comma_decimal_or_thousands"
    if re.search(r"e[+-]?\d|×10|x10|\*10", g + p):
        return "value.scientific_or_multiplier"
    if g in p:
        return "value.extra_text_glued"
    if p.replace(".", "") == g.replace(".", ""):
        return "value.decimal_point"
    if edit_distance(p, g) <= 1:
        return "value.ocr_one_char"
    return "value.other"


def flag_cause(pred: dict, gold: dict, ctx: dict) -> str:
    """Why the flag differs: a flag computed from the range where the sheet prints another (or none), a printed mark
    misread or missed, or one row off. ``.value_wrong`` when the row's value is wrong too."""
    p, g = norm_flag(pred.get("flag")), norm_flag(gold.get("flag"))
    tail = "" if field_equal("value", pred, gold) else ".value_wrong"
    if g and g in ctx["neighbour_flags"] and p in ctx["neighbour_flags"] | {""}:
        return "flag.row_off" + tail
    if ctx["flag_computed"]:
        if not g:
            return "flag.computed_but_none_printed" + tail
        if g in ("↑", "↓", "↑↑", "↓↓"):
            return "flag.computed_opposite" + tail
        return "flag.undirected_mark_missed" + tail
    if not p:
        return ("flag.missed_no_bounds" if g in ("↑", "↓") else "flag.undirected_mark_missed") + tail
    if not g:
        return "flag.spurious_printed" + tail
    return "flag.misread_mark" + tail


_CAUSE = {"unit": unit_cause, "reference": reference_cause, "value": value_cause, "flag": flag_cause}


def _row_line_text(row, page) -> str:
    """The text of every OCR line the row's cells came from (the row's printed line)."""
    lines = sorted({t.line for toks in row.cells.values() for t in toks})
    return " ".join(page.lines[i].text for i in lines if 0 <= i < len(page.lines))  # -1: a cell read again (second look)


def analyse(name: str, data: Path, cache: str | None, examples: dict, n_examples: int) -> Counter:
    set_cache_dir(cache)
    extractor = LabReportExtractor()
    causes: Counter = Counter()
    for image, label in load_items(data):
        gold = label.get("rows", [])
        pages, _ = extractor.read(image.read_bytes(), image.name)
        rows, ctxs = [], []
        for page in pages:
            page_text = " ".join(ln.text for ln in page.lines)
            headers = [ln.text for ln in page.lines if "(" in ln.text or "（" in ln.text]
            for r in page.sheet.rows:
                rows.append({"item": r.item, "value": r.value, "unit": r.unit, "reference": r.reference, "flag": r.flag})
                ctxs.append({"line": _row_line_text(r, page), "page": page_text, "header_texts": headers,
                             "unit_repaired": r.unit_repaired, "unit_raw": r.unit_raw,
                             "flag_computed": r.flag_computed, "flag_raw": " ".join(t.text for t in r.cells.get("flag") or []),
                             "entry": item_entry(r.item, page.sheet.report_type)})
        for pi, gi in match_rows(rows, gold):
            g = gold[gi]
            if not g.get("legible", True):
                continue
            near = [rows[j] for j in (pi - 1, pi + 1) if 0 <= j < len(rows)]
            ctx = {**ctxs[pi], "neighbour_units": {split_ref_unit(None, n["unit"])[1] for n in near if n["unit"]},
                   "neighbour_refs": {split_ref_unit(n["reference"], None)[0] for n in near if n["reference"]},
                   "neighbour_values": {norm_field(n["value"]) for n in near if n["value"]},
                   "neighbour_flags": {norm_flag(gold[j].get("flag")) for j in (gi - 1, gi + 1) if 0 <= j < len(gold)}}
            for f, fn in _CAUSE.items():
                if field_equal(f, rows[pi], g):
                    continue
                cause = fn(rows[pi], g, ctx)
                causes[(f, cause)] += 1
                ex = examples[(name, cause)]
                if len(ex) < n_examples:
                    ex.append((image.name, g.get("item"), rows[pi].get(f), g.get(f), ctx["unit_raw"] if f == "unit"
                               else ctx["flag_raw"] if f == "flag" else None, ctx["line"][:120]))
    return causes


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--set", action="append", required=True, help="NAME=DATA_DIR[:CACHE_DIR]")
    ap.add_argument("--examples", type=int, default=0, help="print up to N examples per cause and set")
    args = ap.parse_args(argv)
    table: dict[tuple[str, str], dict[str, int]] = defaultdict(dict)
    names = []
    examples: dict = defaultdict(list)
    for spec in args.set:
        name, _, rest = spec.partition("=")
        data, _, cache = rest.partition(":")
        names.append(name)
        for key, n in analyse(name, Path(data), cache or None, examples, args.examples).items():
            table[key][name] = n
    print("field\tcause\t" + "\t".join(names) + "\ttotal")
    for (f, cause), per in sorted(table.items(), key=lambda kv: (kv[0][0], -sum(kv[1].values()))):
        print(f"{f}\t{cause}\t" + "\t".join(str(per.get(n, 0)) for n in names) + f"\t{sum(per.values())}")
    for (name, cause), ex in sorted(examples.items()):
        for e in ex:
            print(f"  {name} {cause}: {e}")


if __name__ == "__main__":
    main()
