"""Column bands fitted to the body: a column of cells whose content misfits its header band moves to the next band.

Header words and the cells under them are aligned differently from hospital to hospital: a ``Result`` header
printed flush left over numbers printed flush right puts the numbers past the midpoint to the ``Flag`` header
(where the midpoint rule of ``table.split_blocks`` sends them), and the flags in turn land in the reference
band. The body's own x-columns (cut at gutters, ``table.x_columns``) say where the cells are; their content
(numbers, flag marks, ranges, units) says which header they belong to. A column is moved only when its content
misfits the band of its centre, a neighbouring band (one step left or right) fits it, and that band holds no
fitting column of its own. The cells of a column that fits its band stay in it, even where a tilted photo
drifts some of them past the edge.
"""
from __future__ import annotations

import statistics
from collections import Counter

from oncostruct.extractors.ocr.cells import kinds
from oncostruct.extractors.ocr.tokens import Token

# content class of a cell → header roles it fits
_FITS = {"value": {"value"}, "flag": {"flag"}, "reference": {"reference"}, "unit": {"unit"}}
_CLASS = {"value": "value", "value_flag": "value", "flag": "flag", "reference": "reference",
          "reference_unit": "reference", "unit": "unit"}
_MOVABLE = {"value", "flag", "reference", "unit"}  # bands whose cells may move (never names, earlier results)
_PURE = 0.7  # share of a column's cells that must be of its class


def cell_classes(token: Token) -> set[str]:
    """The classes a cell's readings give (``<0.70`` is a value and a bound: both)."""
    return {_CLASS[k.label] for k in kinds(token.text) if k.label in _CLASS}


def content_class(tokens: list[Token]) -> str | None:
    """The class (value / flag / reference / unit) that at least ``_PURE`` of the cells can have, with at least one
    cell that has it alone and more cells than any other class; None when no class is that clear."""
    sets = [cell_classes(t) for t in tokens]
    counts = Counter(c for s in sets for c in s)
    ranked = counts.most_common(2)
    if not ranked or ranked[0][1] < _PURE * len(tokens) or len(ranked) > 1 and ranked[1][1] == ranked[0][1]:
        return None
    cls = ranked[0][0]
    return cls if any(s == {cls} for s in sets) else None


def _holds(col: list[Token], role: str) -> bool:
    """Some cells of the column (a third) fit ``role``: the band has a column of its own."""
    fit = sum(1 for t in col if any(role in _FITS[c] for c in cell_classes(t)) or role == "value" and "qualitative"
              in {k.label for k in kinds(t.text)})
    return fit >= len(col) / 3


def fitted_bands(columns: list[list[Token]], roles: list[str], band_of) -> dict[int, int]:
    """token id → band index for the tokens of body columns that move; ``band_of(x)`` is the header band at x."""
    placed = []  # (tokens, class, band of the column's centre)
    for col in columns:
        if len(col) < 2:
            continue
        band = band_of(statistics.median(t.xc for t in col))
        placed.append((col, content_class(col), band))
    native = {band for col, _, band in placed if band is not None and _holds(col, roles[band])}
    moves: dict[int, int] = {}
    for col, cls, band in placed:
        if band is None or cls is None or roles[band] not in _MOVABLE:
            continue
        if roles[band] in _FITS[cls]:  # a tilted photo: cells of the column drift across the edge; keep them in
            moves.update({id(t): band for t in col if cls in cell_classes(t)})
            continue
        for step in (-1, 1):
            nb = band + step
            if 0 <= nb < len(roles) and roles[nb] in _FITS[cls] and nb not in native:
                native.add(nb)
                moves.update({id(t): nb for t in col})
                break
    return moves
