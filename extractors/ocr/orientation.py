"""Whole-page orientation (0 / 90 / 180 / 270°) for photos shot turned.

Only when the upright reading looks wrong (few lines, a low mean recogniser score, text running
vertically, no rows, or rows that use too few of the page's numbers) is another turn tried. First, at no
OCR cost, the lines already read are moved into each other quarter turn of the page (``turned_lines``: the
recogniser reads tall boxes turned and the line classifier flips upside-down ones, so most texts of a
turned page come back right) and parsed there; the turn that parses the most rows wins (``turn_from_boxes``).
Only when no turn of the boxes parses more rows than the page as it lay is the page read again on a
downscaled copy in the three other quarter turns (``score_turns``), each scored by the rows it parses and the
recognised character mass (sum of recogniser score × characters). Either way only the winning turn is read
again at full size.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from pydantic import BaseModel, ConfigDict, Field as OptionField

from oncostruct.extractors.ocr.checks import coverage
from oncostruct.extractors.ocr.geometry import quarter_turn
from oncostruct.extractors.ocr.ocr import OcrLine, run_ocr
from oncostruct.extractors.ocr.sheet import Sheet, parse_sheet
from oncostruct.extractors.ocr.tokens import vertical_fraction


class OrientationOptions(BaseModel):
    """When and how to try the other quarter turns of a page (``components.lab_report.orientation``)."""

    model_config = ConfigDict(extra="forbid")
    enabled: bool = True
    max_side: int = OptionField(default=1024, ge=320)  # the downscaled copy scored in each turn
    from_boxes: bool = True  # first try the turns of the lines already read (no OCR); off: downscaled reads only
    reread: bool = True  # read the page again in the winning turn; off: keep the turned boxes' lines (no second read)
    min_lines: int = OptionField(default=5, ge=0)
    min_mean_score: float = OptionField(default=0.85, ge=0.0, le=1.0)
    min_coverage: float = OptionField(default=0.6, ge=0.0, le=1.0)


@dataclass
class TurnScore:
    quarter: int  # counter-clockwise quarter turns (np.rot90's k)
    rows: int
    mass: float

    @property
    def key(self) -> tuple[int, float]:
        return self.rows, self.mass


def looks_wrong(lines: list[OcrLine], sheet: Sheet, opts: OrientationOptions) -> str | None:
    """Why the upright reading of a page is in doubt, or None when it looks right."""
    if len(lines) < opts.min_lines:
        return f"{len(lines)} lines"
    mean = sum(ln.score for ln in lines) / len(lines)
    if mean < opts.min_mean_score:
        return f"mean score {mean:.2f}"
    if vertical_fraction(lines) > 0.5:
        return "text runs vertically"
    if not sheet.rows:
        return "no rows"
    share = coverage(sheet.tokens, sheet.rows)
    if share < opts.min_coverage:
        return f"rows use {share:.0%} of the numbers"
    return None


def mass(lines: list[OcrLine]) -> float:
    """Recognised character mass: Σ score × characters."""
    return sum(ln.score * len(ln.text.strip()) for ln in lines)


def score_turns(image: np.ndarray, quarters: list[int], opts: OrientationOptions,
                use_cuda: bool | None = None) -> list[TurnScore]:
    """Each quarter turn of a downscaled copy of the page, scored by parsed rows, then character mass."""
    import cv2

    h, w = image.shape[:2]
    f = min(1.0, opts.max_side / max(h, w))
    small = cv2.resize(image, (round(w * f), round(h * f)), interpolation=cv2.INTER_AREA) if f < 1 else image
    out = []
    for q in quarters:
        turned = np.ascontiguousarray(np.rot90(small, q))
        lines = run_ocr(turned, 0, use_cuda)
        out.append(TurnScore(q, len(parse_sheet(lines).rows), round(mass(lines), 2)))
    return out


def turned_lines(lines: list[OcrLine], quarter: int, width: int, height: int) -> list[OcrLine]:
    """The lines of a ``width`` × ``height`` page as they would lie on ``np.rot90(page, quarter)``: each box
    moved through the quarter turn, its corners started again at the new top-left (clockwise kept)."""
    h = quarter_turn(quarter, width, height)
    out = []
    for ln in lines:
        pts = np.asarray([(x, y, 1.0) for x, y in ln.box]) @ h.T
        pts2 = [(float(x), float(y)) for x, y in pts[:, :2]]
        start = min(range(len(pts2)), key=lambda i: pts2[i][0] + pts2[i][1])
        out.append(OcrLine(ln.text, ln.score, pts2[start:] + pts2[:start], ln.page, dict(ln.attrs)))
    return out


def turn_from_boxes(lines: list[OcrLine], width: int, height: int) -> list[TurnScore]:
    """Each other quarter turn of the lines already read, scored by the rows it parses and its character mass
    (the same for every turn, so rows decide)."""
    m = round(mass(lines), 2)
    return [TurnScore(q, len(parse_sheet(turned_lines(lines, q, width, height)).rows), m) for q in (1, 2, 3)]


def best_turn(image: np.ndarray, lines: list[OcrLine], upright_rows: int, opts: OrientationOptions,
              use_cuda: bool | None = None) -> tuple[TurnScore | None, bool, list[str]]:
    """The quarter turn that parses more rows than ``upright_rows`` (None when none does), whether it was
    found from the boxes already read (no OCR), and the notes for the page's steps."""
    notes = []
    if opts.from_boxes:
        scores = turn_from_boxes(lines, image.shape[1], image.shape[0])
        notes.append("orientation:boxes:" + ",".join(f"{90 * ((4 - s.quarter) % 4)}={s.rows}" for s in scores))
        top = max(scores, key=lambda s: s.key)
        if top.rows > upright_rows:
            return top, True, notes
    scores = score_turns(image, [1, 2, 3], opts, use_cuda)
    notes.append("orientation:" + ",".join(f"{90 * ((4 - s.quarter) % 4)}={s.rows}/{s.mass:g}" for s in scores))
    top = max(scores, key=lambda s: s.key)
    return (top if top.rows > upright_rows else None), False, notes
