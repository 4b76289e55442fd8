"""A second look at value cells: the cell is cropped from the page, cleaned and read again by the recogniser alone.

Two kinds of row get one:

- *missing*: the row has an item but no value (faint or thin print on dot-matrix, thermal or photocopied sheets,
  coloured values, values on shaded cells, a short number the detector dropped). The cell's box is the value
  column's x-span learned from the other rows of the same table block (the header band when no row has a value),
  at the item's line; a reading is taken only when it parses as a value of the item's kind (a number when the
  reference is numeric or the catalogue gives the item a plausible range, else a sign or qualitative word);
- *doubted*: the row has a value that a value check doubts or whose line score is low, or a number that reads as
  another number turned by 180° (``turned_digits``: the page read's direction classifier turns short crops of 0, 1,
  6, 8, 9). The value's own box is read again; a reading that disagrees with the first one, or whose weakest character is unsure, sends the row to review
  (``lab.value_disagreement``); a reading that clears the value check that doubted the first one replaces it (the
  row still goes to review, ``lab.value_second_look``).

Each crop is read in cleaned variants (contrast stretched and inverted on a dark cell; and, for thin or broken
strokes, binarised and thickened). The result is recorded on the row (``second_look``: what was read, its scores,
and whether the value was filled, replaced or doubted) with the crop box as provenance. Only those rows are cropped,
so the cost is a few small recognition batches per page.
"""
from __future__ import annotations

import re
import statistics
from dataclasses import dataclass

import numpy as np
from pydantic import BaseModel, ConfigDict, Field as OptionField

from oncostruct.extractors.ocr.cells import clean, item_entry, kinds
from oncostruct.extractors.ocr.checks import value_check_failures
from oncostruct.extractors.ocr.lab_rows import LabRow, compute_flag, reverse_misread_arrow, set_value
from oncostruct.extractors.ocr.marks import page_rect
from oncostruct.extractors.ocr.ocr import CropReading, recognise
from oncostruct.extractors.ocr.table import Table, median_height
from oncostruct.extractors.ocr.tokens import Token
from oncostruct.extractors.ocr.turned_digits import read_turned, turn_ambiguous

_NUMERIC = {"value", "value_flag", "value_unit"}
_NUMBER = re.compile(r"\d")
_ARROW = re.compile(r"[↑↓]")


class SecondLookOptions(BaseModel):
    """Options of the value-cell second look (``components.lab_report.second_look``)."""

    model_config = ConfigDict(extra="forbid")
    enabled: bool = True
    fill_missing: bool = True  # read the value cell of a row that has an item but no value
    recheck: bool = True  # read again the value of a row whose value a check doubts or whose line score is low
    recheck_below: float = OptionField(default=0.95, ge=0.0, le=1.0)  # value token score under which it is read again
    replace_score: float = OptionField(default=0.98, ge=0.0, le=1.0)  # a disagreeing second reading this sure (and
    # surer than the first) becomes the value; the row goes to review either way
    min_score: float = OptionField(default=0.8, ge=0.0, le=1.0)  # mean score a filling reading needs
    min_char: float = OptionField(default=0.6, ge=0.0, le=1.0)  # weakest character score under which a value is doubted
    confidence_factor: float = OptionField(default=0.9, gt=0.0, le=1.0)  # a second-look value's score, lowered by this
    turned: bool = True  # read again a value the page read may have turned by 180° (``turned_digits``: 99 → 66)
    max_crops: int = OptionField(default=40, ge=0)  # per page: the cost stays bounded on a page of broken rows
    text_height: int = OptionField(default=32, ge=8)  # crops are scaled so the text is about this high before cleaning


@dataclass
class Look:
    """A row whose value cell gets a second look, and the box to crop."""

    row: LabRow
    box: tuple[float, float, float, float]  # deskewed page coordinates
    kind: str  # "missing" or "doubted"


def numeric_item(row: LabRow, report_type: str | None) -> bool:
    """The row's value should be a number: its reference is numeric, or the catalogue gives the item a plausible
    range or units."""
    if row.reference_low is not None or row.reference_high is not None:
        return True
    entry = item_entry(row.item, report_type) or (item_entry(row.abbr) if row.abbr else None)
    attrs = entry.attributes if entry is not None else {}
    return bool(attrs.get("plausible") or attrs.get("units") or attrs.get("unit"))


def parse_reading(text: str, numeric: bool) -> tuple[str, str | None] | None:
    """(value, printed flag) of a cell reading that parses as a value of the item's kind, else None. A number may
    carry a flag (``5.57↑``) or its unit glued to it (``5.57mmol/L``); a qualitative item takes a sign or word."""
    t = clean(text).replace(" ", "")
    if not t:
        return None
    for k in kinds(t):
        if k.label in _NUMERIC and _NUMBER.search(t):
            value = k.groups.get("value") or t
            flag = k.groups.get("flag")
            return value, (flag if flag and _ARROW.fullmatch(flag) else None)
        if not numeric and k.label == "qualitative":
            return t, None
    return None


def value_span(row: LabRow, rows: list[LabRow], tables: list[Table]) -> tuple[float, float] | None:
    """The x-span of the row's value column: the other rows of its table block that hold a value (their values'
    leftmost and rightmost edges), else the block's value header band."""
    peers = [r for r in rows if r is not row and (r.table, r.block) == (row.table, row.block) and r.cells.get("value")]
    if len(peers) >= 2:
        x0s = [min(t.x0 for t in r.cells["value"]) for r in peers]
        x1s = [max(t.x1 for t in r.cells["value"]) for r in peers]
        return min(x0s), max(x1s)
    if 0 <= row.table < len(tables) and 0 <= row.block < len(tables[row.table].blocks):
        block = tables[row.table].blocks[row.block]
        roles = [c.role for c in block.columns]
        if "value" in roles and block.bands:
            return block.bands[roles.index("value")]
    return None


def missing_box(row: LabRow, rows: list[LabRow], tables: list[Table], h: float) -> tuple[float, float, float, float] | None:
    """The box (deskewed page coordinates) where the row's value should be printed, clear of its other cells."""
    span = value_span(row, rows, tables)
    items = row.cells.get("item") or []
    if span is None or not items:
        return None
    a, b = span[0] - 0.3 * h, span[1] + 0.3 * h
    own = [t for ts in row.cells.values() for t in ts]
    mid = (a + b) / 2
    for t in own:
        if t.x1 > a and t.x0 < b:  # keep clear of the row's own text in the column (a unit, a flag)
            if t.xc < mid:
                a = max(a, t.x1 + 0.1 * h)
            else:
                b = min(b, t.x0 - 0.1 * h)
    if b - a < 0.8 * h:
        return None
    yc = statistics.median(t.yc for t in items)
    th = statistics.median(t.h for t in items)
    return a, yc - 0.6 * th, b, yc + 0.6 * th


def doubted_box(row: LabRow, h: float) -> tuple[float, float, float, float] | None:
    toks = row.cells.get("value") or []
    if not toks:
        return None
    th = statistics.median(t.h for t in toks)
    yc = statistics.median(t.yc for t in toks)
    return min(t.x0 for t in toks) - 0.4 * th, yc - 0.6 * th, max(t.x1 for t in toks) + 0.4 * th, yc + 0.6 * th


def cleaned(crop: np.ndarray, text_height: int, thicken: bool) -> np.ndarray:
    """A crop made easy to read: grey, scaled so its text is about ``text_height`` high, contrast stretched to the
    full range, dark-on-light (inverted on a dark or coloured cell); with ``thicken``, binarised (Otsu) and its
    strokes widened by one pixel (thin thermal print, broken dot-matrix dots). BGR, as the recogniser takes it."""
    import cv2

    gray = cv2.cvtColor(crop, cv2.COLOR_BGR2GRAY) if crop.ndim == 3 else crop
    scale = text_height / max(1.0, gray.shape[0] / 1.4)
    if abs(scale - 1.0) > 0.1:
        gray = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)
    lo, hi = np.percentile(gray, (2, 98))
    if hi - lo >= 8:
        gray = np.clip((gray.astype(np.float32) - lo) * (255.0 / (hi - lo)), 0, 255).astype(np.uint8)
    if np.median(gray) < 128:  # the cell's ground is darker than its print: white on black
        gray = 255 - gray
    if thicken:
        _, gray = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
        gray = cv2.erode(gray, np.ones((2, 2), np.uint8))  # dark strokes grow into the white ground
    return cv2.cvtColor(gray, cv2.COLOR_GRAY2BGR)


def crop_box(image: np.ndarray, box: tuple[float, float, float, float], angle: float) -> tuple[np.ndarray, tuple] | None:
    """(crop, its box in page pixels) of a box in deskewed coordinates, or None when it falls off the page."""
    rect = page_rect(*box, angle, image.shape)
    if rect is None:
        return None
    x0, y0, x1, y1 = rect
    return image[y0:y1, x0:x1], rect


def looks(rows: list[LabRow], tables: list[Table], tokens: list[Token], report_type: str | None,
          opts: SecondLookOptions) -> list[Look]:
    """The rows that get a second look, with the box to crop."""
    h = median_height(tokens) if tokens else 0.0
    if h <= 0:
        return []
    check = value_check_failures
    out: list[Look] = []
    for row in rows:
        if not row.value:
            if opts.fill_missing:
                box = missing_box(row, rows, tables, h)
                if box is not None:
                    out.append(Look(row, box, "missing"))
        elif opts.recheck and (_value_score(row) < opts.recheck_below or check(row, report_type)
                               or opts.turned and _turnable(row)):
            box = doubted_box(row, h)
            if box is not None:
                out.append(Look(row, box, "doubted"))
    return out[: opts.max_crops]


def _turnable(row: LabRow) -> bool:
    """The value is a number that reads as another turned by 180°, read from an OCR box of its own (the classifier
    turns a whole box: a value read in one box with its unit or range was not turned alone)."""
    own = {t.line for t in row.cells.get("value") or []}
    others = {t.line for key, ts in row.cells.items() if key != "value" for t in ts}
    return len(own) == 1 and not own & others and turn_ambiguous(clean(row.value or "").replace(" ", ""))


def _value_score(row: LabRow) -> float:
    return min((t.score for t in row.cells.get("value") or []), default=1.0)


def same_reading(first: str, second: str) -> bool:
    """Two readings of one value that agree, allowing for what a crop read alone typically loses or adds: the
    decimal point (``1.3`` → ``13``: a small dot beside a ruling line) and one character at the cell's end (a
    flag arrow or a speck read as ``1``)."""
    first, second = _signature(first), _signature(second)
    if first == second or first.replace(".", "") == second:
        return True
    return len(second) == len(first) + 1 and second.startswith(first) and not first.endswith(".")


def _signature(value: str) -> str:
    """A value's digits, points and comparison signs (``1.8×10^5`` and ``1.8×105`` alike)."""
    return re.sub(r"[^\d.<>≤≥,+-]", "", value)


def second_look(rows: list[LabRow], tables: list[Table], tokens: list[Token], angle: float, report_type: str | None,
                image: np.ndarray, opts: SecondLookOptions, use_cuda: bool | None = None) -> list[str]:
    """Fill missing values and test doubted ones by reading their cells again; returns page notes (``steps``)."""
    if not opts.enabled or image is None:
        return []
    todo = looks(rows, tables, tokens, report_type, opts)
    crops, owners = [], []
    for k, look in enumerate(todo):
        got = crop_box(image, look.box, angle)
        if got is None or min(got[0].shape[:2]) < 4:
            continue
        variants = (False, True) if look.kind == "missing" else (False,)
        for thicken in variants:
            crops.append(cleaned(got[0], opts.text_height, thicken))
            owners.append(k)
    if not crops:
        return []
    readings = recognise(crops, use_cuda)
    by_look: dict[int, list[CropReading]] = {}
    for k, r in zip(owners, readings):
        by_look.setdefault(k, []).append(r)
    filled = doubted = replaced = 0
    for k, found in by_look.items():
        look = todo[k]
        numeric = numeric_item(look.row, report_type)
        if look.kind == "missing":
            filled += _fill(look, found, numeric, opts)
        else:
            outcome = _recheck(look, found[0], numeric, report_type, opts)
            doubted += outcome == "doubted"
            replaced += outcome == "replaced"
    return [f"second_look:{len(by_look)} read, {filled} filled, {replaced} replaced, {doubted} doubted"]


def _token(look: Look, text: str, score: float) -> Token:
    x0, y0, x1, y1 = look.box
    return Token(text, x0, y0, x1, y1, score, -1, next((t.page for ts in look.row.cells.values() for t in ts), 0))


def _fill(look: Look, found: list[CropReading], numeric: bool, opts: SecondLookOptions) -> bool:
    """Take the best-scored variant whose reading parses as a value; readings of two variants that parse to
    different values leave the row doubted."""
    parsed = [(r, p) for r in found if (p := parse_reading(r.text, numeric)) is not None and r.score >= opts.min_score]
    if not parsed:
        return False
    best, (value, flag) = max(parsed, key=lambda rp: rp[0].score)
    agree = len({p[0] for _, p in parsed}) == 1
    row = look.row
    set_value(row, value)
    row.cells["value"] = [_token(look, value, best.score)]
    if flag and row.flag is None:
        row.flag, row.flag_computed = flag, False
        reverse_misread_arrow(row)
    compute_flag(row)
    row.confidence = round(min(row.confidence, best.score * opts.confidence_factor), 3)
    row.second_look = {"how": "filled", "read": best.text, "score": round(best.score, 3),
                       "weakest": round(best.weakest, 3), "agree": agree}
    return True


def _recheck(look: Look, reading: CropReading, numeric: bool, report_type: str | None,
             opts: SecondLookOptions) -> str:
    """Compare the value with a second reading of its box: ``replaced`` (the first value failed a value check the
    second reading passes), ``doubted`` (they differ, or the second reading's weakest character is unsure), or
    ``same``."""
    row = look.row
    parsed = parse_reading(reading.text, numeric)
    first = clean(row.value or "").replace(" ", "")
    info = {"read": reading.text, "score": round(reading.score, 3), "weakest": round(reading.weakest, 3)}
    if parsed is None:
        return "same"  # the crop read as no value: no evidence either way
    second = parsed[0]
    if same_reading(first, second):
        if reading.weakest < opts.min_char:
            row.second_look = {**info, "how": "doubted", "why": "weakest character unsure"}
            return "doubted"
        return "same"
    check = value_check_failures
    if check(row, report_type) and reading.score >= opts.min_score:
        old = row.value
        set_value(row, second)
        if not check(row, report_type):
            row.cells["value"] = [_token(look, second, reading.score)]
            row.confidence = round(min(row.confidence, reading.score * opts.confidence_factor), 3)
            row.second_look = {**info, "how": "replaced", "first": old}
            return "replaced"
        set_value(row, old or "")
    back = read_turned(first, second)  # the page read turned the crop by 180° (99 read as 66): the cell read alone is right
    row.second_look = {**info, "how": "doubted",
                       "why": f"first read as {row.value}" + (", the cell turned by 180°" if back else "")}
    # a turned reading needs only ``min_score``: the recogniser alone does not turn a crop, and reads the page's
    # number as exactly its turned text only when the page read had turned it
    if reading.weakest >= opts.min_char and (reading.score >= opts.replace_score and reading.score > _value_score(row)
                                             or back and reading.score >= opts.min_score):
        row.second_look["first"] = row.value  # the surer reading is kept; the row goes to review with both
        set_value(row, second)
        row.cells["value"] = [_token(look, second, reading.score)]
    return "doubted"
