"""A whole sheet: OCR lines → tables → lab rows, plus report type and sample type from the header.

Patient names and other personal data printed in the sheet header are never read into the
result: only the report type (from the title and header words) and the specimen type (the
value printed after 标本种类 / 样本类型, or a specimen word) are kept.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from oncostruct.extractors.ocr.axes import axis_tokens
from oncostruct.extractors.ocr.cards import card_rows
from oncostruct.extractors.ocr.transposed import transposed_rows
from oncostruct.extractors.ocr.column_votes import reference_as_value
from oncostruct.extractors.ocr.key_values import key_value_rows
from oncostruct.extractors.ocr.line_records import line_rows
from oncostruct.extractors.ocr.name_grid import by_centre, by_left_edge, grid_rows
from oncostruct.extractors.ocr.typed_rows import typed_rows
from oncostruct.extractors.ocr.reading_choice import Choice, Reading, choose, kept
from oncostruct.extractors.ocr.reading_fill import fill_lost_rows
from oncostruct.extractors.ocr.cells import _headers, clean
from oncostruct.extractors.script import to_simplified
from oncostruct.extractors.ocr.marks import lone_dash, page_rect
from oncostruct.extractors.ocr.lab_rows import LabRow, parse_row, reverse_misread_arrow
from oncostruct.extractors.ocr.item_units import read_units
from oncostruct.extractors.ocr.leaders import strip_leaders
from oncostruct.extractors.ocr.ocr import OcrLine
from oncostruct.extractors.ocr.reference_repair import FIT_FACTOR, repair_references
from oncostruct.extractors.ocr.qualified_refs import apply_patient_ranges, patient_band
from oncostruct.extractors.ocr.table import Block, Table, find_tables, table_rows
from oncostruct.extractors.ocr.table import median_height
from oncostruct.extractors.ocr.covered_rows import keep_covered
from oncostruct.extractors.ocr.name_snap import snap_names
from oncostruct.extractors.ocr.code_names import unread_names
from oncostruct.extractors.ocr.spaced_names import join_spaced
from oncostruct.extractors.ocr.parent_names import name_sub_items
from oncostruct.extractors.ocr.sub_lines import sub_line_tokens
from oncostruct.extractors.ocr.vertical_text import split_stacked, vertical_tokens
from oncostruct.extractors.ocr.watermark import watermark_tokens
from oncostruct.extractors.ocr.foreign_tables import foreign_tokens
from oncostruct.extractors.ocr.tokens import Token, tokens_from_lines


@dataclass
class Sheet:
    rows: list[LabRow] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    angle: float = 0.0
    report_type: str | None = None
    sample_type: str | None = None
    tokens: list[Token] = field(default_factory=list)
    choice: Choice | None = None  # the readings tried and their scores (``reading_choice``)


def parse_sheet(lines: list[OcrLine], image: np.ndarray | None = None, local_lines: bool = False,
                reference_factor: float = FIT_FACTOR) -> Sheet:
    """Rows of every table on the page; with the page ``image``, empty result cells are checked for a lone dash.
    ``local_lines``: text lines follow curved baselines (see ``table.find_tables``); ``reference_factor``: how far
    off the item's typical interval a range may lie and still fit (``checks.reference_factor``)."""
    tokens, angle = tokens_from_lines(lines)
    tokens = join_spaced(drop_double_reads(strip_leaders(tokens)))  # 白 细 胞 计 数: one name
    axes = axis_tokens(tokens)
    tokens = [t for t in tokens if id(t) not in axes]  # tick labels of a chart beside the table
    tokens = split_stacked(tokens)  # 钾 / 钠 / 氯 read as one tall line 钠氯钙: one cell each
    subs = sub_line_tokens(tokens) | vertical_tokens(tokens)
    tokens = [t for t in tokens if id(t) not in subs]  # English names in small type under the Chinese ones, sidebars
    marks = watermark_tokens(tokens)
    tokens = [t for t in tokens if id(t) not in marks]  # pieces of a watermark laid over the table
    foreign = foreign_tokens(tokens)
    tokens = [t for t in tokens if id(t) not in foreign]  # a susceptibility table under the results: no result rows
    sheet = Sheet(angle=angle, tokens=tokens)
    sheet.tables = find_tables(tokens, local_lines)
    for ti, table in enumerate(sheet.tables):
        rows = table_rows(tokens, table, ti)
        for bi, block in enumerate(table.blocks):
            roles = [c.role for c in block.columns]
            n = 0
            for row in (r for r in rows if r.block == bi):
                res = parse_row(row, roles)
                if res is None:
                    continue
                res.table, res.block, res.row = ti, bi, n
                res.cols = _cols(res, row, roles)
                sheet.rows.append(res)
                n += 1
    name_sub_items(sheet.rows)  # 中性粒细胞 over 百分比 NEUT%: the sub-item named with its parent
    reference_as_value(sheet.rows, {(ti, bi) for ti, t in enumerate(sheet.tables) if not t.stacked
                                    for bi, b in enumerate(t.blocks) if not b.columns})
    text = "".join(clean(ln.text).replace(" ", "") for ln in lines)
    sheet.report_type, sheet.sample_type = header_fields(text)
    sheet.choice = choose([Reading("table", sheet.rows), *other_readings(tokens)], sheet.report_type)
    sheet.rows = fill_lost_rows(kept(sheet.choice.best, sheet.report_type), sheet.choice, sheet.report_type)
    sheet.tables = sheet.choice.best.tables or sheet.tables
    if image is not None:
        fill_marks(sheet, image)
    sheet.rows = merge_double_reads(keep_covered(sheet.rows, sheet.report_type))  # a covered result stays a row
    unread_names(sheet.rows, sheet.report_type, image, sheet.angle)  # 镁 | Mg with the name cell unread: Mg is the code, not the name
    snap_names(sheet.rows, sheet.report_type)  # 抗链球菌溶血素0, | 尿素, 糖类抗原125CA125: the catalogue term printed
    apply_patient_ranges(sheet.rows, *patient_band(text))
    read_units(sheet.rows, sheet.report_type, sheet.tables)
    repair_references(sheet.rows, sheet.report_type, reference_factor)  # before the flag checks, which compare against the range
    for row in sheet.rows:
        reverse_misread_arrow(row)
    return sheet


def other_readings(tokens: list[Token]) -> list[Reading]:
    """The page read by structures other than a headed table: cards, transposed bands, key-value pairs, names over
    values (cells by left edge and by centre), line by line, and line by line by the type of each cell."""
    if not tokens:
        return []
    flat = [Table([Block([], 0.0, max(t.x1 for t in tokens) + 1, [])], -1.0, float("inf"))]
    return [Reading("cards", card_rows(tokens)), Reading("transposed", transposed_rows(tokens)),
            Reading("key_values", key_value_rows(tokens), flat), Reading("grid_left", grid_rows(tokens, by_left_edge)),
            Reading("grid_centre", grid_rows(tokens, by_centre)), Reading("lines", line_rows(tokens)),
            Reading("typed", typed_rows(tokens))]


def drop_double_reads(tokens: list[Token]) -> list[Token]:
    """Tokens the detector gave twice (a moiré or ghosted photo): the same text whose boxes overlap by more than
    half the smaller box; the higher-scored read is kept."""
    out: list[Token] = []
    for t in sorted(tokens, key=lambda t: -t.score):
        if not any(o.text == t.text and _box_overlap(o, t) for o in out):
            out.append(t)
    keep = {id(t) for t in out}
    return [t for t in tokens if id(t) in keep]


def _box_overlap(a: Token, b: Token) -> bool:
    w = min(a.x1, b.x1) - max(a.x0, b.x0)
    h = min(a.y1, b.y1) - max(a.y0, b.y0)
    return w > 0 and h > 0 and w * h > 0.5 * min((a.x1 - a.x0) * a.h, (b.x1 - b.x0) * b.h)


def merge_double_reads(rows: list[LabRow]) -> list[LabRow]:
    """One printed row read twice (a moiré or ghosted photo gives the detector two boxes for the same line): rows of
    one table block with the same item whose name boxes overlap in height (by 30 %) are one row; the one with more fields (then the
    higher confidence) is kept. The same item printed twice on separate lines (氧分压 before and after temperature
    correction) stays twice."""
    out: list[LabRow] = []
    for row in rows:
        twin = next((k for k, r in enumerate(out) if (r.table, r.block) == (row.table, row.block)
                     and clean(r.item) == clean(row.item) and _overlap(r, row)), None)
        if twin is None:
            out.append(row)
        elif (_filled(row), row.confidence) > (_filled(out[twin]), out[twin].confidence):
            out[twin] = row
    return out


def _filled(row: LabRow) -> int:
    return sum(v is not None for v in (row.value, row.unit, row.reference, row.flag))


def _overlap(a: LabRow, b: LabRow) -> bool:
    """The two rows' item cells overlap in height by more than half the shorter one."""
    ta, tb = a.cells.get("item", []), b.cells.get("item", [])
    if not ta or not tb:
        return False
    a0, a1 = min(t.y0 for t in ta), max(t.y1 for t in ta)
    b0, b1 = min(t.y0 for t in tb), max(t.y1 for t in tb)
    return min(a1, b1) - max(a0, b0) > 0.3 * min(a1 - a0, b1 - b0)


def _cols(res: LabRow, row, roles: list[str]) -> dict[str, int]:
    """Column index of each field: its header band, else its order within the row."""
    order = {id(t): i for i, (t, _) in enumerate(row.tokens)}
    out = {}
    for name, toks in res.cells.items():
        band = next((c for t, c in row.tokens if any(t is x for x in toks)), None)
        out[name] = band if band is not None else order.get(id(toks[0]), 0)
    return out


def header_fields(text: str) -> tuple[str | None, str | None]:
    """(report type, sample type) named anywhere on the sheet; the first (longest) hit of each category."""
    report = sample = None
    for m in _headers().find(to_simplified(text)):
        cat = m.entry.category
        if cat == "report_type" and report is None:
            report = m.entry.canonical
        elif cat == "sample_type" and sample is None:
            sample = m.entry.canonical
    return report, sample


def fill_marks(sheet: Sheet, image: np.ndarray) -> None:
    """A value or reference cell left empty by OCR that holds one printed dash becomes "-"."""
    h = median_height(sheet.tokens)
    for row in sheet.rows:
        block = sheet.tables[row.table].blocks[row.block]
        roles = [c.role for c in block.columns]
        toks = [t for ts in row.cells.values() for t in ts]
        yc = sorted(t.yc for t in toks)[len(toks) // 2]
        for key in ("value", "reference"):
            if getattr(row, key) is not None or key not in roles:
                continue
            a, b = block.bands[roles.index(key)]
            taken = [t for t in toks if t.x1 > a and t.x0 < b]
            if taken:  # keep clear of text already in the band
                a = max([a] + [t.x1 + 0.2 * h for t in taken if t.xc < (a + b) / 2])
                b = min([b] + [t.x0 - 0.2 * h for t in taken if t.xc >= (a + b) / 2])
            box = page_rect(a, yc - 0.5 * h, b, yc + 0.5 * h, sheet.angle, image.shape)
            if box is not None and lone_dash(image, box, h):
                setattr(row, key, "-")
                row.empty = False
