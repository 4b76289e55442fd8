"""Whole-page orientation (0 / 90 / 180 / 270°) for photos shot turned.

Only when the upright reading looks wrong (few lines, a low mean recogniser score, text running
vertically, no rows, or rows that use too few of the page's numbers) is the page read again on a
downscaled copy in the three other quarter turns. Each turn is scored by the rows it parses and the
recognised character mass (sum of recogniser score × characters); the best one wins, and only it is
read again at full size.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from pydantic import BaseModel, ConfigDict, Field as OptionField

from oncostruct.extractors.ocr.checks import coverage
from oncostruct.extractors.ocr.ocr import OcrLine, run_ocr
from oncostruct.extractors.ocr.sheet import Sheet, parse_sheet
from oncostruct.extractors.ocr.tokens import vertical_fraction


class OrientationOptions(BaseModel):
    """When and how to try the other quarter turns of a page (``components.lab_report.orientation``)."""

    model_config = ConfigDict(extra="forbid")
    enabled: bool = True
    max_side: int = OptionField(default=1024, ge=320)  # the downscaled copy scored in each turn
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
