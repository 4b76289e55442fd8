"""Item names wrapped over two or three printed lines inside a narrow name cell.

A narrow 项目 cell prints ``中性粒细胞百`` over ``分比`` while the value, unit and reference of that row are printed once,
centred on the cell. The name column then holds more lines than the row has cells in any other column, and each
wrapped line would anchor a row of its own. Lines of the name column that sit tight above each other (a gap under
half a text height) and whose nearest cell of the fullest other column is the same cell are one name, when the upper line fills the
column (a name wraps only at the cell's edge; a short line over a line without cells is an item under a
sub-heading: 氧分压 over 电解质值). The same
holds for an abbreviation printed large over its Chinese name in smaller type (English-first sheets: ``WBC`` over
``白细胞计数``). A lower line that is a whole item by itself, or opens with a running number, starts its own row
(a sub-heading over an item).
"""
from __future__ import annotations

import re
import statistics

from oncostruct.extractors.ocr.cells import clean, has_cjk, item_entry
from oncostruct.extractors.ocr.tokens import Token

_NUMBERED = re.compile(r"^\d{1,3}(?![\d.])")
_PAREN = re.compile(r"\([^()]*\)")
_SENTENCE = re.compile(r"[:;。]")  # a note under the table (注:S敏感…;…), never part of a name


def _y(line: list[Token]) -> float:
    return statistics.median(t.yc for t in line)


def join_wrapped_names(anchors: list[list[Token]], others: list[list[list[Token]]], h: float) -> list[list[Token]]:
    """``anchors``: the lines of the name column, top to bottom; ``others``: the cells (lines) of each other column.
    Returns the anchors with wrapped continuation lines joined to the line above."""
    if len(anchors) < 2 or not others:
        return anchors
    fullest = max(others, key=len)
    if len(fullest) >= len(anchors) or len(fullest) < 2:
        return anchors  # as many cells as name lines: no name is wrapped
    cys = [_y(c) for c in fullest]

    def nearest(line: list[Token]) -> int | None:
        y = _y(line)
        j = min(range(len(cys)), key=lambda j: abs(cys[j] - y))
        return j if abs(cys[j] - y) <= 1.5 * h else None  # a cell of this row lies within about a line

    side = code_side(anchors)
    widest = max(_width(a) for a in anchors)
    out = [list(anchors[0])]
    for k, line in enumerate(anchors[1:], 1):
        prev = out[-1]
        gap = min(t.y0 for t in line) - max(t.y1 for t in prev)
        if side is not None and gap < 0.5 * h and _is_code_line(line) != _is_code_line(anchors[k - 1]):
            # a sheet printing each code on its own line beside its name: join on the printed side only
            if (side == "below") == _is_code_line(line):
                prev.extend(line)
                continue
            out.append(list(line))
            continue
        wrapped = _continues(line) and _width(anchors[k - 1]) >= 0.8 * widest  # a name wraps only at the cell's edge
        code_over = not any(has_cjk(t.text) for t in prev) and not _latin_heading(prev)
        if gap < 0.5 * h and (wrapped or code_over) and (j := nearest(line)) is not None and j == nearest(prev):
            prev.extend(line)
            continue
        out.append(list(line))
    return out


_HEADING = re.compile(r"[A-Za-z]{7,}")


def _latin_heading(line: list[Token]) -> bool:
    """An English section heading over the Chinese names (``HEMATOLOGY``, ``CHEMISTRY``): one long word of letters
    only that names no item; it heads the rows below, it is no code printed over its name."""
    text = clean(" ".join(t.text for t in line)).strip()
    return bool(_HEADING.fullmatch(text)) and item_entry(text) is None


def _width(line: list[Token]) -> float:
    return max(t.x1 for t in line) - min(t.x0 for t in line)


_CODE = re.compile(r"[A-Za-zα-ωΑ-Ω][A-Za-z0-9α-ωΑ-Ω()+\-#%/]{0,11}")


def is_code(text: str) -> bool:
    """An item code or abbreviation printed apart from the name (``K``, ``CysC``, ``β2-MG``, ``Lp(a)``): no CJK,
    a Latin letter in it, opening with a letter."""
    t = clean(text)
    return bool(_CODE.fullmatch(t)) and any(c.isascii() and c.isalpha() for c in t)


def _is_code_line(line: list[Token]) -> bool:
    return len(line) == 1 and is_code(line[0].text)


def code_side(anchors: list[list[Token]], min_votes: int = 3, share: float = 0.8) -> str | None:
    """``"below"`` when the name column prints each code on its own line right under its name (``钾`` over ``K``),
    ``"above"`` when over it (``WBC`` over ``白细胞计数``), None when it does neither often enough to tell. Each code
    line between two name lines votes for the side of the closer one."""
    votes = {"below": 0, "above": 0}
    for k in range(1, len(anchors) - 1):
        up, line, down = anchors[k - 1], anchors[k], anchors[k + 1]
        if not _is_code_line(line) or _is_code_line(up) or _is_code_line(down):
            continue
        gap_up = min(t.y0 for t in line) - max(t.y1 for t in up)
        gap_down = min(t.y0 for t in down) - max(t.y1 for t in line)
        if gap_up != gap_down:
            votes["below" if gap_up < gap_down else "above"] += 1
    top = max(votes, key=lambda k: votes[k])
    n = votes["below"] + votes["above"]
    return top if votes[top] >= min_votes and votes[top] >= share * n else None



def _continues(line: list[Token]) -> bool:
    """A line that can be the rest of a wrapped name: not opening with a running number, not an item by itself
    (a sub-heading over an item is not a wrapped name), nor a note (a label colon or sentence punctuation)."""
    text = clean("".join(t.text for t in sorted(line, key=lambda t: t.x0)))
    name = "".join(c for c in _PAREN.sub("", text) if has_cjk(c))  # 红细胞计数（RBC） COLOR → the Chinese name
    return not _NUMBERED.match(text) and not _SENTENCE.search(text) and item_entry(name) is None
