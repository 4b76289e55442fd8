"""Whole-page orientation (0 / 90 / 180 / 270°) for photos shot turned.

Only when the upright reading looks wrong (few lines, a low mean recogniser score, text running
vertically, no rows, or rows that use too few of the page's numbers) is another turn tried, decided from what
was already read (``best_turn``): the boxes say whether the text runs across or down the page (so 0/180 or
90/270), and within that pair the line classifier's vote on the longest lines (a dozen small crops) says which
way up, or, when the vote is not clear, the rows the lines parse once moved into each turn (``turned_lines``:
the recogniser reads tall boxes turned and the classifier flips upside-down ones, so most texts of a turned
page come back right). Only the chosen turn is read again at full size. With ``from_boxes`` off, the older
search reads a downscaled copy in each of the three other turns (``score_turns``), scored by the rows it
parses and the recognised character mass (sum of recogniser score × characters).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from pydantic import BaseModel, ConfigDict, Field as OptionField

from oncostruct.extractors.ocr.checks import coverage
from oncostruct.extractors.ocr.geometry import quarter_turn
from oncostruct.extractors.ocr.ocr import OcrLine, line_turns, run_ocr
from oncostruct.extractors.ocr.sheet import Sheet, parse_sheet
from oncostruct.extractors.ocr.tokens import vertical_fraction


class OrientationOptions(BaseModel):
    """When and how to try the other quarter turns of a page (``components.lab_report.orientation``)."""

    model_config = ConfigDict(extra="forbid")
    enabled: bool = True
    early: bool = True  # decide the turn between detection and recognition and read once (``oriented_read``)
    elongation: float = OptionField(default=2.0, ge=1.0)  # boxes this elongated say which way the text runs
    vertical_share: float = OptionField(default=0.5, ge=0.0, le=1.0)  # share of tall elongated boxes: text runs down
    rec_lines: int = OptionField(default=8, ge=0)  # boxes read in both turns when the classifier's vote is unclear
    redetect: bool = True  # a turned page is detected again once righted (off: the first detection's boxes are moved)
    max_side: int = OptionField(default=1024, ge=320)  # the downscaled copy scored in each turn
    from_boxes: bool = True  # first try the turns of the lines already read (no OCR); off: downscaled reads only
    reread: bool = True  # read the page again in the winning turn; off: keep the turned boxes' lines (no second read)
    cls_lines: int = OptionField(default=12, ge=0)  # longest lines the line classifier votes on (0: rows decide alone)
    cls_clear: float = OptionField(default=0.75, ge=0.5, le=1.0)  # share of votes that settles 0 vs 180
    min_lines: int = OptionField(default=5, ge=0)
    min_mean_score: float = OptionField(default=0.85, ge=0.0, le=1.0)
    min_coverage: float = OptionField(default=0.6, ge=0.0, le=1.0)
    # a page read in one turn that parses fewer rows than this is parsed again with its boxes turned by 180° (no
    # OCR; ``lab_report._flipped``), kept when that parses more rows; 0: never
    flip_rows: int = OptionField(default=3, ge=0)


@dataclass
class TurnScore:
    quarter: int  # counter-clockwise quarter turns (np.rot90's k)
    rows: int
    mass: float
    sure: bool = False  # the line classifier's vote was clear: keep the turn even when it parses no more rows

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


def upside_down_share(image: np.ndarray, lines: list[OcrLine], n: int, use_cuda: bool | None = None) -> float | None:
    """Share of the ``n`` longest lines that the line classifier reads as turned by 180° (tall lines cropped and
    turned a quarter counter-clockwise first, as the recogniser does); None without lines to vote."""
    from rapidocr.utils.process_img import get_rotate_crop_image

    picks = sorted((ln for ln in lines if len(ln.text.strip()) >= 2),
                   key=lambda ln: max(ln.bbox[2] - ln.bbox[0], ln.bbox[3] - ln.bbox[1]), reverse=True)[:n]
    crops = [get_rotate_crop_image(image, np.asarray(ln.box, dtype=np.float32)) for ln in picks]
    votes = [("180" in label) for label, _ in line_turns([c for c in crops if c.size], use_cuda)]
    return sum(votes) / len(votes) if votes else None


def best_turn(image: np.ndarray, lines: list[OcrLine], upright_rows: int, opts: OrientationOptions,
              use_cuda: bool | None = None) -> tuple[TurnScore | None, bool, list[str]]:
    """The quarter turn to read the page in (None: keep it as it lies), whether the lines already read parse
    more rows in it (so they may be kept without a second read), and the notes for the page's steps.

    From the boxes: text running vertically can only be righted by a quarter turn (90 or 270), horizontal text
    only by 0 or 180. Within that pair the line classifier's vote on the longest lines decides when it is clear
    (``cls_clear``), else the rows the lines parse in each turn. Without ``from_boxes``: the downscaled page is
    read in every turn (``score_turns``)."""
    if not opts.from_boxes:
        scores = score_turns(image, [1, 2, 3], opts, use_cuda)
        notes = ["orientation:" + ",".join(f"{90 * ((4 - s.quarter) % 4)}={s.rows}/{s.mass:g}" for s in scores)]
        top = max(scores, key=lambda s: s.key)
        return (top if top.rows > upright_rows else None), False, notes
    pair = (1, 3) if vertical_fraction(lines) > 0.5 else (0, 2)
    rows = {q: upright_rows if q == 0 else len(parse_sheet(turned_lines(lines, q, image.shape[1], image.shape[0])).rows)
            for q in pair}
    share = upside_down_share(image, lines, opts.cls_lines, use_cuda) if opts.cls_lines else None
    by_cls = None if share is None else pair[1] if share >= 0.5 else pair[0]
    clear = share is not None and max(share, 1 - share) >= opts.cls_clear
    if clear or rows[pair[0]] == rows[pair[1]]:
        q = by_cls if by_cls is not None else pair[0]
    else:
        q = max(pair, key=lambda k: rows[k])
    notes = ["orientation:boxes:" + ",".join(f"{90 * ((4 - k) % 4)}={rows[k]}" for k in pair)
             + (f";cls180={share:.2f}" if share is not None else "")]
    if q == 0:
        return None, False, notes
    return TurnScore(q, rows[q], round(mass(lines), 2), sure=clear and q == by_cls), rows[q] > upright_rows, notes
