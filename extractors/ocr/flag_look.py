"""A look at the pixels of flag cells: marks the recogniser missed or read as another glyph.

Printed flags are the smallest print on a lab sheet. The detector drops a lone arrow, the recogniser reads ``↑`` as
``1 t T 个`` and ``↓`` as ``l V J``, a star as ``¥``; a mark glued to the value may vanish from the value's reading.
Three kinds of row get a look, after the value cells' second look (``second_look``):

- *odd*: the row's flag cell was read as text that is no flag mark (``1``, ``l``, ``J``);
- *empty*: the row has no printed flag while other rows of its table block print theirs (the block's flag column:
  the x-span of those marks, in their own column or glued after the value), or while its block's header names a
  flag column (提示, 标志: the header band, when the page read found no mark in it at all);
- *moved*: the row's printed mark stands on another row's line (see below).

The cell is cut from the page in the parser's coordinates (deskewed, turned, levelled), inked pixels are taken on
the darkest channel (a red or blue mark is as dark as a black one), and each blob of text height is classified by
``mark_glyphs`` (templates rendered in several fonts). A mark read with a clear lead becomes the row's printed flag
(a mark opposite to value vs range still gives way to the computed flag: ``reverse_misread_arrow``). An odd cell
whose pixels show no mark keeps no printed flag (the flag is computed from the range) and the row goes to review
(``lab.flag_unread``; an odd reading over a cell without print, such as a ruling line read as ``|``, is only
dropped). A printed mark whose token stands a row off the item name's line (*moved*: rows the page read
merged or dropped shift a column) is looked for at the row's own line the same way. The row's line is its item
name's (values may be the ones shifted). The row records what was seen in ``flag_look``.

A value whose last glyph is one an arrow is read as (``0.271`` for ``0.27↑``; the ``arrow_glyphs`` list) is looked at
earlier, when the values are put right from the sheet (``value_repair``, which asks :func:`glued_look` through
:func:`glued_looker`): the value's box is cut into blobs and its last one classified.
"""
from __future__ import annotations

import re
import statistics
from collections.abc import Callable

import numpy as np
from pydantic import BaseModel, ConfigDict, Field as OptionField

from oncostruct.extractors.ocr.arrow_reads import glued_tail
from oncostruct.extractors.ocr.cells import clean, flag_direction, header_entry, item_entry
from oncostruct.extractors.ocr.consistency_checks import comparable_unit
from oncostruct.extractors.ocr.lab_rows import LabRow, compute_flag, range_side, reverse_misread_arrow, set_value
from oncostruct.extractors.ocr.mark_direction import undirected
from oncostruct.extractors.ocr.mark_glyphs import classify
from oncostruct.extractors.ocr.marks import page_rect
from oncostruct.extractors.ocr.table import Table, median_height
from oncostruct.extractors.ocr.tokens import Token



class FlagLookOptions(BaseModel):
    """Options of the flag-cell look (``components.lab_report.flag_look``)."""

    model_config = ConfigDict(extra="forbid")
    enabled: bool = True
    min_peers: int = OptionField(default=2, ge=1)  # rows of a block printing a mark that make its flag column
    min_score: float = OptionField(default=0.6, ge=-1.0, le=1.0)  # template similarity a blob needs to be a mark
    min_margin: float = OptionField(default=0.04, ge=0.0)  # its lead over the nearest template of another label
    min_height: float = OptionField(default=0.2, gt=0.0)  # a blob lower than this share of the text height is a speck
    contrast: int = OptionField(default=32, ge=0)  # the darkest print is this much darker than the cell's ground
    off_centre: float = OptionField(default=0.35, gt=0.0)  # a blob centred farther than this many text heights from
    # the row's middle belongs to the row above or below
    ink_level: float = OptionField(default=0.25, gt=0.0, lt=1.0)  # ink: darker than the ground by this share of the
    # darkest print's depth (lower than half: the faint stem of a blurred arrow stays joined to its head)
    recognise: bool = True  # cells with ink the templates read as no mark are read by the recogniser alone
    recognise_score: float = OptionField(default=0.8, ge=0.0, le=1.0)  # a recognised mark needs this mean score
    max_crops: int = OptionField(default=60, ge=0)  # per page


def known_mark(flag: str) -> bool:
    """A flag text that is a flag mark (an arrow after ``flag_direction``, an undirected mark or printed normal)."""
    f = flag_direction(flag)
    return f in ("", "↑", "↓", "↑↑", "↓↓") or undirected(f) or (
        (e := header_entry(flag)) is not None and e.category == "flag_mark")


def flag_column(row: LabRow, rows: list[LabRow], tables: list[Table], min_peers: int,
                h: float) -> tuple[float, float] | None:
    """The x-span where the other rows of the row's table block print their flag marks (``min_peers`` of them): their
    column, or, when they print them glued after the value (the mark's token on the value's line), right after this
    row's value; else the block's flag header band (提示 / 标志 over a column the page read found no mark in)."""
    peers = [(r, t) for r in rows if r is not row and (r.table, r.block) == (row.table, row.block)
             and not r.flag_computed and r.flag and known_mark(r.flag) for t in (r.cells.get("flag") or [])[:1]]
    if len(peers) >= min_peers:
        glued = sum(any(t.line == v.line for v in r.cells.get("value") or []) for r, t in peers)
        if 2 * glued > len(peers):
            values = row.cells.get("value") or []
            end = max((v.x1 for v in values), default=None)
            return None if end is None else (end + 0.3 * h, end + 1.0 * h)
        return statistics.median(t.x0 for _, t in peers), statistics.median(t.x1 for _, t in peers)
    if 0 <= row.table < len(tables) and 0 <= row.block < len(tables[row.table].blocks):
        block = tables[row.table].blocks[row.block]
        roles = [c.role for c in block.columns]
        if "flag" in roles and len(block.bands) == len(roles):
            return block.bands[roles.index("flag")]
    return None


def moved(row: LabRow, rows: list[LabRow], tables: list[Table], h: float) -> bool:
    """The row's printed mark stands on another row's line: nearer another row's line (``line_tokens``) of its block
    than its own, and more than 0.6 text heights off its own (a row the page read merged or dropped shifted the flag
    column)."""
    flags, own = row.cells.get("flag") or [], line_tokens(row, tables)
    if not flags or not own or any(f.line == t.line for f in flags for t in (row.cells.get("value") or [])):
        return False
    off = abs(flags[0].yc - statistics.median(t.yc for t in own))
    others = [abs(flags[0].yc - t.yc) for r in rows if r is not row and (r.table, r.block) == (row.table, row.block)
              for t in line_tokens(r, tables)[:1]]
    return off > 0.6 * h and any(d < off for d in others)


def line_tokens(row: LabRow, tables: list[Table]) -> list[Token]:
    """The tokens whose line is the row's printed line: its item name's (values may be the ones shifted a row), or
    its value's in a table of two-line records (name over results: ``Table.stacked``)."""
    stacked = 0 <= row.table < len(tables) and tables[row.table].stacked
    first, second = ("value", "item") if stacked else ("item", "value")
    return row.cells.get(first) or row.cells.get(second) or []


def unread_box(row: LabRow, span: tuple[float, float], h: float,
               anchor: list[Token]) -> tuple[float, float, float, float] | None:
    """The row's flag cell on the flag column at the line of ``anchor``, clear of the row's other cells (its value,
    unit, reference)."""
    if not anchor:
        return None
    a, b = span[0] - 0.4 * h, span[1] + 0.4 * h
    for t in (t for key, ts in row.cells.items() if key != "flag" for t in ts):
        if t.x1 > a and t.x0 < b:
            if t.xc < (a + b) / 2:
                a = max(a, t.x1)
            else:
                b = min(b, t.x0)
    if b - a < 0.3 * h:
        return None
    yc = statistics.median(t.yc for t in anchor)
    th = statistics.median(t.h for t in anchor)
    return a, yc - 0.8 * th, b, yc + 0.8 * th


def ink_blobs(crop: np.ndarray, text_h: float, opts: FlagLookOptions) -> list[np.ndarray]:
    """Ink masks of the crop's blobs of text size centred on the crop's middle line, left to right (specks, ruling
    lines and the rows above and below left out)."""
    import cv2

    grey = crop.min(axis=2) if crop.ndim == 3 else crop  # the darkest channel: a red or blue mark inks as black
    ground = float(np.percentile(grey, 90))
    k = max(8, grey.size // 400)  # a small mark is a few dozen pixels of a wide cell
    dark = float(np.partition(grey.ravel(), k)[:k].mean())
    if ground - dark < opts.contrast:
        return []  # no print darker than the cell's ground: a blank cell
    ink = (grey < ground - opts.ink_level * (ground - dark)).astype(np.uint8)  # near the ground: faint strokes join
    n, lab, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    out = []
    mid = ink.shape[0] / 2
    for i in sorted(range(1, n), key=lambda i: stats[i][0]):
        x, y, w, hh, _ = stats[i]
        if hh < opts.min_height * text_h or hh > 1.3 * text_h or w >= 0.9 * ink.shape[1] and w > text_h:
            continue  # a speck, a ruling line
        if y == 0 or y + hh == ink.shape[0] or abs(y + hh / 2 - mid) > opts.off_centre * text_h:
            continue  # cut by the crop's edge, or centred on the row above or below
        out.append(lab[y:y + hh, x:x + w] == i)
    return out


def read_marks(crop: np.ndarray, text_h: float, opts: FlagLookOptions) -> tuple[list[str], int]:
    """(marks read with a clear lead, number of blobs) in a flag cell's crop."""
    blobs = ink_blobs(crop, text_h, opts)
    marks = []
    for b in blobs:
        g = classify(b)
        if g.label != "other" and g.score >= opts.min_score and g.margin >= opts.min_margin:
            marks.append(g.label)
    return marks, len(blobs)


def _mark(marks: list[str]) -> str | None:
    """One flag from the marks of a cell: a doubled arrow, one direction, or one undirected mark; None when mixed."""
    dirs = {flag_direction(m) for m in marks}
    if len(dirs) != 1:
        return None
    d = dirs.pop()
    return d * 2 if len(marks) == 2 and d in ("↑", "↓") else d if len(marks) == 1 else None


def flag_look(rows: list[LabRow], tables: list[Table], tokens: list[Token], angle: float, image: np.ndarray | None,
              opts: FlagLookOptions, use_cuda: bool | None = None) -> list[str]:
    """Read the flag cells of odd, empty and moved rows from their pixels; returns page notes (``steps``)."""
    if not opts.enabled or image is None or not rows:
        return []
    h = median_height(tokens) if tokens else 0.0
    if h <= 0:
        return []
    seen, todo = 0, []
    for row in rows:
        if seen >= opts.max_crops:
            break
        kind, box = _cell(row, rows, tables, h, opts.min_peers)
        rect = page_rect(*box, angle, image.shape) if box is not None else None
        if rect is None:
            continue
        seen += 1
        x0, y0, x1, y1 = rect
        crop = image[y0:y1, x0:x1]
        marks, blobs = read_marks(crop, h, opts)
        row.flag_look = {"kind": kind, "how": "none", "read": "".join(marks), "blobs": blobs,
                         "box": [round(v, 1) for v in box], "first": row.flag if kind != "empty" else None}
        mark = _mark(marks) if len(marks) == blobs else None  # a blob that is no mark: a word (HIGH), a digit
        todo.append((row, mark, crop if blobs and mark is None else None))
    _recognised(todo, opts, use_cuda)
    outcomes = [_apply(row, mark) for row, mark, _ in todo]
    return [f"flag_look:{seen} read, {outcomes.count('set')} set, {outcomes.count('unread')} unread, "
            f"{outcomes.count('cleared')} cleared"] if seen else []


def _cell(row: LabRow, rows: list[LabRow], tables: list[Table], h: float, min_peers: int) -> tuple[str, tuple | None]:
    """(kind, box) of the row's flag cell to look at: ``odd`` (read as no mark), ``empty`` (no printed mark on a
    flag column) or ``moved`` (a mark on another row's line); box None: nothing to look at."""
    if row.flag and not row.flag_computed and not known_mark(clean(row.flag)):
        t = row.cells["flag"][0] if row.cells.get("flag") else None
        return "odd", (t.x0 - 0.2 * h, t.yc - 0.8 * t.h, t.x1 + 0.2 * h, t.yc + 0.8 * t.h) if t is not None else None
    if row.flag is None or row.flag_computed:
        span = flag_column(row, rows, tables, min_peers, h)
        return "empty", unread_box(row, span, h, line_tokens(row, tables)) if span is not None else None
    if moved(row, rows, tables, h):
        t = row.cells["flag"][0]
        return "moved", unread_box(row, (t.x0, t.x1), h, line_tokens(row, tables))
    return "", None


def _recognised(todo: list, opts: FlagLookOptions, use_cuda: bool | None) -> None:
    """Cells with ink but no mark the templates know (高, 偏低, a mark of several strokes) read by the recogniser
    alone; a reading that is a flag mark becomes the cell's mark."""
    if not opts.recognise:
        return
    from oncostruct.extractors.ocr.ocr import recognise
    from oncostruct.extractors.ocr.second_look import cleaned

    asked = [k for k, (_, _, crop) in enumerate(todo) if crop is not None and min(crop.shape[:2]) >= 4]
    readings = recognise([cleaned(todo[k][2], 32, False) for k in asked], use_cuda) if asked else []
    for k, r in zip(asked, readings):
        row, _, crop = todo[k]
        text = clean(r.text).replace(" ", "")
        row.flag_look["recognised"] = text
        if text and r.score >= opts.recognise_score and known_mark(text):
            todo[k] = (row, flag_direction(text), crop)


def _apply(row: LabRow, mark: str | None) -> str:
    """Give the row the mark its cell shows: ``set``; an odd or moved mark with none seen: ``unread`` (the flag is
    computed from the range), or ``cleared`` for an odd reading over a cell without print; else ``none``. A blank
    cell is not taken as "no flag" against value and range: measured, that lost 6 flags on the visible photos (marks
    printed off the column's span, or too faint to count as ink)."""
    kind = row.flag_look["kind"]
    if mark is not None:
        row.flag, row.flag_computed = mark, False
        reverse_misread_arrow(row)
        row.flag_look["how"] = "set"
    elif kind != "empty":
        row.flag, row.flag_computed = None, False
        compute_flag(row)
        # an odd reading over a cell without print (a ruling line read as |, a speck) was no mark at all
        row.flag_look["how"] = "cleared" if kind == "odd" and row.flag_look["blobs"] == 0 else "unread"
    return row.flag_look["how"]


def expected_side(row: LabRow, report_type: str | None) -> str | None:
    """Where the value lies against its printed range, else against the item's typical adult interval (catalogue,
    compared only in the item's usual unit); None when neither is known."""
    side = range_side(row)
    if side is not None or row.value_num is None:
        return side
    entry = item_entry(row.item, report_type) or (item_entry(row.abbr) if row.abbr else None)
    attrs = entry.attributes if entry is not None else {}
    typical = attrs.get("reference")
    if not typical or not comparable_unit(row, attrs):
        return None
    return "↑" if row.value_num > typical[1] else "↓" if row.value_num < typical[0] else ""


def glued_look(row: LabRow, h: float, angle: float, image: np.ndarray, opts: FlagLookOptions,
               report_type: str | None = None) -> str | None:
    """What the pixels say of a value whose last glyph is one an arrow is read as (``0.271`` for 0.27↑; the
    ``arrow_glyphs`` list): the value's box is cut into blobs and the last one classified. An arrow read with a
    clear lead, where the box holds as many blobs as the value has characters (points aside), is that last glyph:
    it leaves the value and becomes the printed flag when the value without it lies that way of its range (else of
    the item's typical interval; without either, a lead twice as clear): ``split``. One blob more than the
    characters: the arrow is printed after a value read whole (``41↓`` read ``41``), only the flag is taken: ``set``.
    ``kept``: the last blob is no arrow with a clear lead, or the arrow disagrees with the value; the value stays.
    None: no such value, or the pixels do not tell (no crop, blobs run together, no clear reading)."""
    toks = row.cells.get("value") or []
    text = clean(row.value or "").replace(" ", "")
    tail = glued_tail(text)
    if tail is None or len(toks) != 1 or not (row.flag is None or row.flag_computed):
        return None
    t = toks[0]
    box = (t.x0 - 0.2 * t.h, t.yc - 0.8 * t.h, t.x1 + 0.6 * t.h, t.yc + 0.8 * t.h)
    rect = page_rect(*box, angle, image.shape)
    if rect is None:
        return None
    x0, y0, x1, y1 = rect
    blobs = ink_blobs(image[y0:y1, x0:x1], h, opts)
    g = classify(blobs[-1]) if blobs else None
    row.flag_look = {"kind": "glued", "how": "none", "read": g.label if g else "", "blobs": len(blobs),
                     "box": [round(v, 1) for v in box], "first": row.value}
    chars = len(re.sub(r"[.,\-]", "", text))
    if g is None or g.score < opts.min_score or g.margin < opts.min_margin or len(blobs) not in (chars, chars + 1):
        return None
    arrow = flag_direction(g.label)
    if arrow not in ("↑", "↓"):
        return "kept" if len(blobs) == chars else None
    if len(blobs) == chars + 1:  # the arrow stands after every character read
        row.flag, row.flag_computed = arrow, False
        reverse_misread_arrow(row)
        row.flag_look["how"] = "set"
        return "set"
    old = row.value
    set_value(row, tail.value)
    side = expected_side(row, report_type)
    if side != arrow and (side is not None or g.margin < 2 * opts.min_margin):
        set_value(row, old or "")  # the value without the character does not lie that way: a real digit
        return "kept"
    row.flag, row.flag_computed = arrow, False
    row.cells["flag"] = [t]
    row.flag_look["how"] = "split"
    return "split"


def glued_looker(tokens: list[Token], angle: float, image: np.ndarray | None, opts: FlagLookOptions,
                 report_type: str | None = None) -> Callable[[LabRow], str | None] | None:
    """:func:`glued_look` on this page, for ``value_repair``; None without a page image or with the look off."""
    h = median_height(tokens) if tokens else 0.0
    if not opts.enabled or image is None or h <= 0:
        return None
    return lambda row: glued_look(row, h, angle, image, opts, report_type)


def flag_unread(row: LabRow) -> str | None:
    """Why the printed flag is in doubt (``lab.flag_unread``): an odd flag cell whose pixels show no mark either, or
    a mark read a row off whose own row's cell shows none."""
    look = row.flag_look
    if look and look["how"] == "unread" and look["kind"] == "odd":
        return (f"flag cell read as {look['first']!r}, which is no flag mark, and its pixels show none; the flag is "
                f"taken from value {row.value} and reference {row.reference}")
    if look and look["how"] == "unread":
        return (f"flag {look['first']!r} was read a row off the value, and the row's own flag cell shows no mark; the "
                f"flag is taken from value {row.value} and reference {row.reference}")
    return None
