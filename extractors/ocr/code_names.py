"""Rows whose name cell went unread while their code cell was read: the code is no name.

A table that prints a Chinese name column and a code column (``钾 | K``, ``尿素 | UREA``) loses a name when OCR
misses its cell (a pen mark over it, a faded or skewed print): the row parser then takes the code as the item, so
the row reads ``Mg`` where the sheet prints 镁. Such a row is told apart by structure: its only name piece sits in
the code column (nearer the codes' left edge than the names'), on a block where most rows read both a Chinese name
and a code. Its code moves to ``abbr``; when the catalogue knows the code, the catalogue's Chinese name becomes the
item, else the code stays the item. With the page image, the name cell (from the names' left edge to the codes',
at the row's line) is first read again by the recogniser alone (as ``second_look`` reads value cells): a reading
that is a catalogue item becomes the item. Either way the row goes to review (``item_snap``, hence
``lab.item_snapped``): the name was not read with the page.
"""
from __future__ import annotations

import math
from statistics import median

import numpy as np

from oncostruct.extractors.ocr.cells import clean, has_cjk, item_entry
from oncostruct.extractors.ocr.lab_rows import LabRow
from oncostruct.extractors.ocr.ocr import recognise
from oncostruct.extractors.ocr.second_look import cleaned, crop_box

MIN_NAMED = 3  # rows of the block reading both a Chinese name and a code
MIN_SHARE = 0.6  # share of the block's rows that do


def _named(row: LabRow) -> bool:
    return has_cjk(row.item) and bool(row.abbr) and bool(row.cells.get("item")) and bool(row.cells.get("abbr"))


def _in_code_column(row: LabRow, name_x: float, code_x: float) -> bool:
    cells = row.cells.get("item") or []
    if not cells or row.abbr or has_cjk(row.item):
        return False
    x0 = cells[0].x0
    return abs(x0 - code_x) < abs(x0 - name_x)


def _chinese_name(code: str, report_type: str | None) -> str | None:
    entry = item_entry(clean(code), report_type)
    return next((t for t in entry.terms if has_cjk(t)), None) if entry is not None else None


def _level_crop(image: np.ndarray, box: tuple[float, float, float, float], angle: float) -> np.ndarray | None:
    """The box (deskewed coordinates) cut from the page levelled: the hull of the turned box is cropped and turned
    back, then cut to the box, so a long cell on a skewed page holds no part of the lines above or below."""
    import cv2

    found = crop_box(image, box, angle)
    if found is None or found[0].size == 0:
        return None
    hull, _ = found
    h, w = hull.shape[:2]
    turn = cv2.getRotationMatrix2D((w / 2, h / 2), math.degrees(angle), 1.0)
    level = cv2.warpAffine(hull, turn, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    bw, bh = box[2] - box[0], box[3] - box[1]
    x0, y0 = max(0, int((w - bw) / 2)), max(0, int((h - bh) / 2))
    out = level[y0:y0 + int(bh), x0:x0 + int(bw)]
    return _inked(out) if out.size else None


def _inked(crop: np.ndarray, contrast: float = 60.0) -> np.ndarray | None:
    """The crop cut to its inked columns (a short name in a wide cell: the recogniser reads a lone character in a
    long blank crop as nothing), with a margin of a third of its height; None when nothing is inked."""
    grey = crop.mean(axis=2) if crop.ndim == 3 else crop
    cols = np.where((grey < np.median(grey) - contrast).any(axis=0))[0]
    if not len(cols):
        return None
    pad = crop.shape[0] // 3
    return crop[:, max(0, cols[0] - pad): cols[-1] + pad + 1]


def _read_again(image: np.ndarray | None, angle: float, box: tuple[float, float, float, float],
                report_type: str | None) -> str | None:
    """The catalogue item the name cell reads as, cropped and read by the recogniser alone; None when it reads as
    none (or no image)."""
    if image is None or box[2] - box[0] < 4 or box[3] - box[1] < 4:
        return None
    crop = _level_crop(image, box, angle)
    if crop is None:
        return None
    try:
        readings = recognise([cleaned(crop, 48, False)])
    except Exception:  # noqa: BLE001 - no recogniser (a text-only run): the name stays unread
        return None
    text = clean(readings[0].text).replace(" ", "") if readings else ""
    return text if has_cjk(text) and item_entry(text, report_type) is not None else None


def unread_names(rows: list[LabRow], report_type: str | None = None, image: np.ndarray | None = None,
                 angle: float = 0.0) -> None:
    """Rows of a name-and-code block whose name piece is the code (see the module note): code to ``abbr``, the name
    read again from its cell or the catalogue's Chinese name (when it knows the code) to the item, the row to review."""
    blocks: dict[tuple[int, int], list[LabRow]] = {}
    for r in rows:
        blocks.setdefault((r.table, r.block), []).append(r)
    for members in blocks.values():
        named = [r for r in members if _named(r)]
        if len(named) < MIN_NAMED or len(named) < MIN_SHARE * len(members):
            continue
        name_x = median(r.cells["item"][0].x0 for r in named)
        code_x = median(r.cells["abbr"][0].x0 for r in named)
        name_x1 = max(r.cells["item"][-1].x1 for r in named)  # the widest name: the name cell's right edge
        for r in members:
            if not _in_code_column(r, name_x, code_x):
                continue
            tok = r.cells["item"][0]
            pad = 0.25 * (tok.y1 - tok.y0)
            right = min(name_x1 + pad, code_x - pad) if code_x > name_x else name_x1 + pad
            box = (name_x - pad, tok.y0 - pad, right, tok.y1 + pad)
            code, read = r.item, _read_again(image, angle, box, report_type)
            name = read or _chinese_name(code, report_type)
            r.abbr, r.item_printed = code, code
            r.item = name or code
            r.item_snap = (f"name cell unread with the page: read again from its cell as {read}" if read else
                           f"name cell unread: the code {code!r} was read in its place; name taken from the "
                           f"catalogue as {name}" if name else
                           f"name cell unread: the code column's {code!r} was read in its place")
