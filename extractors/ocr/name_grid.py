"""Label-over-value layouts: a line of item names with their results on the line(s) right under them.

Form-like sheets print a grid of cells, each holding an item name over its result (``颜色`` over ``黄色``,
``红细胞 RBC`` over ``0 /HP [0]``); receipts print one name line over one value line per item; a table turned on its
side prints a row of item names over rows of numbers. None of them has a column header to go by, so the reading
goes by structure alone: a *name line* holds no number and at least one catalogue item, and every name on it opens a
cell (a Latin code after a name is its abbreviation); the lines under it, up to the next name line, hold the cells'
results. Each result token goes to the name cell above it, by the cells' left edges (grids) or by the nearest name
centre (centred columns); of the two partitions the one whose records look more like lab results is kept
(``reading_choice.reading_score``). Each cell is read as one record by ``lab_rows.parse_row`` without bands.
"""
from __future__ import annotations

import re
from collections.abc import Callable

from oncostruct.extractors.ocr.cells import clean, has_cjk, header_entry, item_entry, labels, split_code
from oncostruct.extractors.ocr.lab_rows import LabRow, add_record
from oncostruct.extractors.ocr.table import Row, median_height, y_clusters
from oncostruct.extractors.ocr.tokens import Token, sub_token

_DIGIT = re.compile(r"\d")
_CODE = re.compile(r"^[A-Za-z][A-Za-z0-9#%\-]{0,9}$")  # an abbreviation printed apart: RBC, NEUT#, RDW-CV
_OPEN, _CLOSE = "[(（【", "])）】"
_MAX_VALUE_LINES = 3
_GAP = 2.0  # line heights between a name line and its first value line, and between value lines


def _name_token(t: Token) -> bool:
    """A token that can open a cell: a catalogue item of any script, or a Chinese name (two or more CJK
    characters) that is no header, label, result word or bracketed cell."""
    text = clean(t.text).replace(" ", "")
    if item_entry(text) is not None:
        return True
    text = _name_part(text)  # 糖化血红蛋白HbA1c: the name and its code glued
    if _DIGIT.search(text) or text[:1] in _OPEN or header_entry(text) is not None or text.endswith((":", "：")):
        return False
    return sum(1 for c in text if has_cjk(c)) >= 2 and not _result_word(text)


def _known(text: str) -> bool:
    """A catalogue item as printed, its name once a code glued to it is cut off, or that code; or a Chinese name
    with a code glued to it (糖化血红蛋白HbA1c: the way item names are printed)."""
    s = split_code(text, ("tail", "glued"))
    return item_entry(text) is not None or s is not None and (
        item_entry(s.name) is not None or item_entry(s.code) is not None or sum(1 for c in s.name if has_cjk(c)) >= 2)


def _name_part(text: str) -> str:
    """A name without the code printed after it (``糖化血红蛋白HbA1c``, ``红细胞(RBC)``)."""
    s = split_code(text, ("tail", "glued"))
    return s.name if s is not None else text


def _result_word(text: str) -> bool:
    """A result word (阴性, 未见, 黄色…) or any value-like cell."""
    return bool(labels(text) & {"qualitative", "value", "value_flag", "reference", "flag"})


def _is_name_line(line: list[Token]) -> bool:
    """No numbers and no brackets outside catalogue names; at least half the tokens are names (one of them a
    catalogue item, or two or more names), the rest codes or result words."""
    texts = [clean(t.text).replace(" ", "") for t in line]
    names = [t for t in line if _name_token(t)]
    if 2 * len(names) < len(line) or not (len(names) >= 2 or any(_known(x) for x in texts)):
        return False
    return all(_name_token(t) or _CODE.fullmatch(x) or (_result_word(x) and not _DIGIT.search(x) and x[:1] not in _OPEN)
               for t, x in zip(line, texts))


def _unbracketed(t: Token) -> Token:
    """A cell printed in brackets (``[0-2]``, ``(阴性)``: the reference of a grid cell) without them."""
    text = t.text.strip()
    if len(text) > 2 and text[0] in _OPEN and text[-1] in _CLOSE:
        start = t.text.index(text[0]) + 1
        return sub_token(t, start, start + len(text) - 2)
    return t


def _cells(line: list[Token], loose: bool = False) -> list[list[Token]]:
    """The name cells of a name line: each name (``loose``: each word) opens a cell; a token without Chinese after a
    Chinese name is its code (``红细胞 RBC``, ``脂蛋白(a) Lp(a)``) and joins its cell."""
    out: list[list[Token]] = []
    for t in line:
        code = not has_cjk(t.text) and bool(out) and has_cjk(out[-1][0].text) and len(out[-1]) == 1
        if not code and (loose or _name_token(t)):
            out.append([t])
        elif out:
            out[-1].append(t)
    return out


def by_left_edge(cells: list[list[Token]], t: Token) -> int:
    """The last cell whose name starts left of the token's centre (cells of a left-aligned grid)."""
    k = 0
    for i, c in enumerate(cells):
        if c[0].x0 <= t.xc:
            k = i
    return k


def by_centre(cells: list[list[Token]], t: Token) -> int:
    """The cell whose name centre is nearest the token's centre (centred columns)."""
    return min(range(len(cells)), key=lambda i: abs((cells[i][0].x0 + cells[i][-1].x1) / 2 - t.xc))


def _continues(line: list[Token]) -> bool:
    """A name line of a grid already found: no numbers or brackets, a name first (result words may name items too:
    粘液)."""
    texts = [clean(t.text).replace(" ", "") for t in line]
    return _name_token(line[0]) and not any(_DIGIT.search(x) and item_entry(x) is None or x[:1] in _OPEN for x in texts)


def _bands(lines: list[list[Token]], h: float) -> list[tuple[list[list[Token]], list[list[Token]]]]:
    """(name cells, value lines) of every name line followed closely by lines that are not name lines. Inside a grid
    (a band of two or more cells just closed), the next line opens a band when it merely ``_continues`` it."""
    out = []
    i = 0
    grid = False
    while i < len(lines):
        loose = grid and _continues(lines[i])
        if not (loose or _is_name_line(lines[i])):
            i, grid = i + 1, False
            continue
        values: list[list[Token]] = []
        j = i + 1
        last = lines[i]
        while j < len(lines) and len(values) < _MAX_VALUE_LINES and not _is_name_line(lines[j]) \
                and not (values and _continues(lines[j])) \
                and min(t.y0 for t in lines[j]) - max(t.y1 for t in last) < _GAP * h:
            values.append(lines[j])
            last = lines[j]
            j += 1
        cells = _cells(lines[i], loose)
        if values:
            out.append((cells, values))
        grid = bool(values) and len(cells) >= 2
        i = j
    return out


def grid_rows(tokens: list[Token], assign: Callable[[list[list[Token]], Token], int] = by_left_edge) -> list[LabRow]:
    """The records of every name line and the value lines under it, tokens assigned to cells by ``assign``."""
    if not tokens:
        return []
    h = median_height(tokens)
    lines = y_clusters(tokens, 0.5 * h)
    out: list[LabRow] = []
    for cells, values in _bands(lines, h):
        parts: list[list[Token]] = [list(c) for c in cells]
        for line in values:
            for t in line:
                parts[assign(cells, t)].append(_unbracketed(t))
        for cell, part in zip(cells, parts):
            if len(part) > len(cell):  # a name with nothing under it is no record
                add_record(out, Row(0, 0, [(t, None) for t in part], part[-1].yc, len(cell)), [])
    return out
