"""The lab-report extractor: image / PDF bytes → ``lab.*`` Fields and a :class:`engine.cdm.LabView`.

Pages are decoded (``image_io``), optionally pre-processed (``preprocess``), read by RapidOCR
(``ocr``; a page turned by 90°, 180° or 270° is found from its detected boxes before recognition and
recognised once, turned back: ``oriented_read``) and parsed into rows (``sheet``). Each result gives five fields,
``lab.results[i].item / .value / .unit / .reference / .flag``, with table-cell provenance
(page, table, row, column, bbox in the input image's pixels: boxes found on a perspective-corrected,
deskewed or turned page are mapped back through the page's transform) and the OCR score as confidence; the sheet
gives ``lab.report_type`` and ``lab.sample_type``. Patient names are never read into fields.
An unreadable, blank or non-report image gives no fields and an issue saying why.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any
from functools import cached_property

import numpy as np
from pydantic import BaseModel, ConfigDict, Field as OptionField

from oncostruct.engine.cdm import Code, Field, FieldStatus, Issue, LabResult, LabView, Source, TableCell
from oncostruct.engine.ingest import read_file
from oncostruct.engine.settings import get_settings
from oncostruct.extractors.base import BaseComponent, Extraction, ExtractionInput
from oncostruct.extractors.ocr.calibration import feature_vector, packaged
from oncostruct.extractors.ocr.cells import item_entry
from oncostruct.extractors.ocr.checks import CheckOptions, Doubt, misaligned_rows, page_doubts, row_doubts
from oncostruct.extractors.ocr.dewarp import DewarpOptions, Warp, remap, straighten
from oncostruct.extractors.ocr.geometry import Box, clip_box, identity, map_box, quarter_turn
from oncostruct.extractors.ocr.image_io import ImageLimits, count_pages, load_scaled_pages
from oncostruct.extractors.ocr.lab_rows import LabRow
from oncostruct.extractors.ocr.mark_direction import mark_direction
from oncostruct.extractors.ocr.ocr import OcrLine, run_ocr
from oncostruct.extractors.ocr.orientation import OrientationOptions, best_turn, looks_wrong, turned_lines
from oncostruct.extractors.ocr.oriented_read import read_oriented
from oncostruct.extractors.ocr.preprocess import PreprocessOptions, preprocess
from oncostruct.extractors.ocr.flag_look import FlagLookOptions, flag_look, glued_looker
from oncostruct.extractors.ocr.reading_choice import reading_doubt
from oncostruct.extractors.ocr.second_look import SecondLookOptions, second_look
from oncostruct.extractors.ocr.sheet import Sheet, parse_sheet
from oncostruct.extractors.ocr.tokens import page_bbox
from oncostruct.extractors.ocr.value_checks import sheet_prints_flags
from oncostruct.extractors.ocr.value_repair import repair_values

_INDEX = re.compile(r"^lab\.results\[(\d+)\]\.(\w+)$")


class LabOptions(BaseModel):
    """Options of the lab-report component (``Settings.components.lab_report``)."""

    model_config = ConfigDict(extra="forbid")
    preprocess: PreprocessOptions = OptionField(default_factory=PreprocessOptions)
    limits: ImageLimits = OptionField(default_factory=ImageLimits)
    use_cuda: bool | None = None  # None: CUDA when ONNX Runtime offers it
    fix_orientation: bool = True
    checks: CheckOptions = OptionField(default_factory=CheckOptions)
    orientation: OrientationOptions = OptionField(default_factory=OrientationOptions)
    local_lines: bool = False  # header lines chained along curved baselines (``baselines``); off: it lost a header on a real photo
    calibrated: bool = False  # row confidence from the held-out-group calibration (``calibration``); off: it lowered review recall of errors
    dewarp: DewarpOptions = OptionField(default_factory=DewarpOptions)  # curved / keystoned lines straightened on the boxes
    second_look: SecondLookOptions = OptionField(default_factory=SecondLookOptions)  # empty / doubted value cells read again
    value_repair: bool = True  # decimal commas in a column of points, arrows read as a trailing 1 (``value_repair``)
    flag_look: FlagLookOptions = OptionField(default_factory=FlagLookOptions)  # odd / empty flag cells' pixels read


@dataclass
class PageResult:
    sheet: Sheet
    lines: list[OcrLine]
    steps: list[str]
    size: tuple[int, int]  # page width, height in page pixels
    transform: np.ndarray = field(default_factory=identity)  # page pixels → processed (read) pixels, 3×3
    scale: float = 1.0  # page pixels → input image pixels
    warp: Warp | None = None  # read pixels → straightened pixels the rows were parsed in (``dewarp``)

    @cached_property
    def _to_page(self) -> np.ndarray:
        return np.linalg.inv(self.transform)

    def input_box(self, box: Box) -> Box:
        """A box on the processed (and straightened) page → the same region in the input image's pixels."""
        if self.warp is not None:
            x0, y0, x1, y1 = box
            pts = self.warp.inverse(np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]]))
            box = (float(pts[:, 0].min()), float(pts[:, 1].min()), float(pts[:, 0].max()), float(pts[:, 1].max()))
        back = clip_box(map_box(box, self._to_page), *self.size)
        return tuple(round(v * self.scale, 1) for v in back)  # type: ignore[return-value]


def _sheet(lines: list[OcrLine], image: np.ndarray, opts: LabOptions) -> Sheet:
    """The page's rows, parsed with this component's options."""
    return parse_sheet(lines, image, opts.local_lines, opts.checks.reference_factor)


def read_page(image: np.ndarray, page: int, opts: LabOptions) -> PageResult:
    """Pre-process, OCR and parse one page. The page's quarter turn is decided from its text detection before
    anything is recognised, and the page is recognised once, in that turn (``oriented_read``). With
    ``orientation.early`` off, the older way: a page whose upright reading looks wrong is tried in the other
    quarter turns (``orientation.best_turn``) and, when one parses more rows, read again in it (or, with
    ``orientation.reread`` off and a turn found from the boxes, parsed from the turned lines)."""
    size = (image.shape[1], image.shape[0])
    image, steps, transform = preprocess(image, opts.preprocess)
    turning = opts.fix_orientation and opts.orientation.enabled
    if turning and opts.orientation.early:  # decided between detection and recognition: one read
        read = read_oriented(image, page, opts.orientation, opts.use_cuda)
        steps = [*steps, *read.notes]
        if read.quarter:
            transform = quarter_turn(read.quarter, image.shape[1], image.shape[0]) @ transform
            image = np.ascontiguousarray(np.rot90(image, read.quarter))
            steps.append(f"rotate:{90 * ((4 - read.quarter) % 4)}")
        result = _parsed(read.lines, image, opts, [*steps], size, transform)
        if read.lines and len(result.sheet.rows) < opts.orientation.flip_rows:
            flipped = _flipped(read.lines, image, opts, steps, size, transform)
            if len(flipped.sheet.rows) > len(result.sheet.rows):
                return flipped
        return result
    lines = run_ocr(image, page, opts.use_cuda)
    sheet = _sheet(lines, image, opts)
    best = PageResult(sheet, lines, steps, size, transform)
    if not turning or not lines:
        _looked(sheet, image, opts, best.steps)
        return best
    doubt = looks_wrong(lines, sheet, opts.orientation)
    if doubt is None:
        _looked(sheet, image, opts, best.steps)
        return best
    top, boxed, notes = best_turn(image, lines, len(sheet.rows), opts.orientation, opts.use_cuda)
    best.steps = [*steps, *notes]
    if top is None:
        _looked(sheet, image, opts, best.steps)
        return best  # no turn parses more rows than the upright page did
    turned = np.ascontiguousarray(np.rot90(image, top.quarter))
    t_lines = turned_lines(lines, top.quarter, image.shape[1], image.shape[0]) if boxed and not opts.orientation.reread \
        else run_ocr(turned, page, opts.use_cuda)
    t_sheet = _sheet(t_lines, turned, opts)
    if len(t_sheet.rows) > len(sheet.rows) or top.sure and len(t_sheet.rows) == len(sheet.rows) > 0:
        turn = quarter_turn(top.quarter, image.shape[1], image.shape[0])
        t_steps = [*best.steps, f"rotate:{90 * ((4 - top.quarter) % 4)}"]
        return PageResult(_looked(t_sheet, turned, opts, t_steps), t_lines, t_steps, size, turn @ transform)
    _looked(sheet, image, opts, best.steps)
    return best


def _flipped(lines: list[OcrLine], image: np.ndarray, opts: LabOptions, steps: list[str], size: tuple[int, int],
             transform: np.ndarray) -> PageResult:
    """The page parsed with its read boxes turned by 180° (no OCR): a table printed turned among upright text (a
    report pasted sideways under a fax cover) can leave the page's turn vote half a turn off for the table, while
    the recogniser's line classifier still read each line right way up."""
    w, h = image.shape[1], image.shape[0]
    turned = np.ascontiguousarray(np.rot90(image, 2))
    return _parsed(turned_lines(lines, 2, w, h), turned, opts, [*steps, "flip:180"], size,
                   quarter_turn(2, w, h) @ transform)


def _parsed(lines: list[OcrLine], image: np.ndarray, opts: LabOptions, steps: list[str], size: tuple[int, int],
            transform: np.ndarray) -> PageResult:
    """Parse the read lines, first straightened when their baselines bend (``dewarp``)."""
    flat, warp = straighten(lines, opts.dewarp)
    if warp is None:
        return PageResult(_looked(_sheet(lines, image, opts), image, opts, steps), lines, steps,
                          size, transform)
    steps = [*steps, f"dewarp:{warp.shift:.1f}"]
    image = remap(image, warp)  # the parser looks at pixels under the levelled boxes (a lone dash in an empty cell)
    if 0 < opts.dewarp.reread_shift <= warp.shift:  # strongly bent: the levelled pixels are read again
        flat = lines = run_ocr(image, lines[0].page if lines else 0, opts.use_cuda)
        steps.append("dewarp:reread")
    return PageResult(_looked(_sheet(flat, image, opts), image, opts, steps), lines, steps, size,
                      transform, warp=warp)


def _looked(sheet: Sheet, image: np.ndarray, opts: LabOptions, steps: list[str]) -> Sheet:
    """The sheet after its value cells were put right from the sheet (``value_repair``; a last glyph that may be a
    glued arrow is first looked at in the page's pixels, ``flag_look.glued_look``), a second look at its empty and
    doubted value cells (``second_look``) and a look at its flag cells' pixels (``flag_look``); their notes join
    ``steps``."""
    look = glued_looker(sheet.tokens, sheet.angle, image, opts.flag_look, sheet.report_type)
    if opts.value_repair and (n := repair_values(sheet.rows, look)):
        steps.append(f"value_repair:{n}")
    steps.extend(second_look(sheet.rows, sheet.tables, sheet.tokens, sheet.angle, sheet.report_type, image,
                             opts.second_look, opts.use_cuda))
    steps.extend(flag_look(sheet.rows, sheet.tables, sheet.tokens, sheet.angle, image, opts.flag_look, opts.use_cuda))
    return sheet


class LabReportExtractor(BaseComponent):
    """OCR plus table parsing of lab-report images and PDFs into coded lab results."""

    name = "lab-ocr"
    version = "1"
    view_name = "lab"
    modalities = ("image", "pdf")
    extra = "ocr"  # optional dependencies: pip install 'oncostruct[ocr]'
    Options = LabOptions
    options: LabOptions

    def __init__(self, options: LabOptions | None = None, **overrides: Any) -> None:
        super().__init__(options, **overrides)
        self._source = Source(kind="model", name="rapidocr-ppocrv6+lab-table", version=self.version)

    def read(self, data: bytes, name: str = "<image>") -> tuple[list[PageResult], list[Issue]]:
        """OCR and parse every page. An undecodable or oversized file raises InputError (the batch
        records it in errors.jsonl); a blank or non-report image comes back with an issue saying why."""
        pages = load_scaled_pages(data, name, self.options.limits)
        results = []
        for i, (img, scale) in enumerate(pages):
            result = read_page(img, i, self.options)
            result.scale = scale
            results.append(result)
        issues = []
        total = count_pages(data)
        if total > len(pages):
            issues.append(Issue(code="lab.pages_skipped", severity="warning", message=(
                f"{name}: pages {len(pages) + 1}–{total} of {total} were not read (limit "
                f"{self.options.limits.max_pages} pages; raise components.lab_report.limits.max_pages)")))
        if not any(r.lines for r in results):
            issues.append(Issue(code="lab.blank", message=f"{name}: no text found on the page (blank or unreadable image)"))
        elif not any(r.sheet.rows for r in results):
            issues.append(Issue(code="lab.no_table", message=f"{name}: text found but no lab-result table "
                                "(no rows with an item and a value); not a lab report?"))
        return results, issues

    def extract(self, doc: ExtractionInput) -> Extraction:
        if doc.data is None and doc.path is not None:
            doc = replace(doc, data=read_file(doc.path, get_settings().max_file_bytes))
        if doc.data is None:
            return Extraction(issues=[Issue(code="lab.no_image", severity="error",
                                            message=f"{doc.name}: lab reports are read from image or PDF bytes")])
        pages, issues = self.read(doc.data, doc.name)
        fields: list[Field] = []
        i = 0
        for n, page in enumerate(pages):
            doubts, page_issues = self.doubts(page, doc.name, n)
            first = len(fields)
            for row in page.sheet.rows:
                fields.extend(self.row_fields(i, row, page, doubts.get(id(row), [])))
                i += 1
            for issue in page_issues:
                issue.fields = sorted({f.name for f in fields[first:] if f.review_reason and issue.code in f.attributes.get("checks", [])})
            issues.extend(page_issues)
        report = next((p.sheet.report_type for p in pages if p.sheet.report_type), None)
        sample = next((p.sheet.sample_type for p in pages if p.sheet.sample_type), None)
        for name, value in (("lab.report_type", report), ("lab.sample_type", sample)):
            if value:
                fields.append(Field(name=name, value=value, normalized=value, confidence=0.8, source=self._source))
        return Extraction(fields=fields, issues=issues)

    def doubts(self, page: PageResult, name: str, n: int) -> tuple[dict[int, list[Doubt]], list[Issue]]:
        """Failed self-checks of a page's rows (row id → doubts) and the page's issues, one per check code."""
        if not self.options.checks.enabled:
            return {}, []
        doubts, issues = page_doubts(page.sheet.tokens, page.sheet.rows, self.options.checks, name, n)
        counts: dict[str, int] = {}
        flagged = sheet_prints_flags(page.sheet.rows)
        for row in page.sheet.rows:
            found = row_doubts(row, page.sheet.report_type, self.options.checks, flagged)
            doubts.setdefault(id(row), []).extend(found)
            for d in found:
                counts[d.code] = counts.get(d.code, 0) + 1
        for row in page.sheet.choice.disputed() if page.sheet.choice is not None else []:
            doubts.setdefault(id(row), []).append(reading_doubt(page.sheet.choice))
            counts["lab.reading_doubt"] = counts.get("lab.reading_doubt", 0) + 1
        for rid, d in misaligned_rows(page.sheet.rows, doubts, self.options.checks).items():
            doubts.setdefault(rid, []).append(d)
            counts[d.code] = counts.get(d.code, 0) + 1
        for code, k in sorted(counts.items()):
            issues.append(Issue(code=code, message=f"{name} page {n + 1}: {k} row(s) failed the check {code}"))
        return doubts, issues

    def row_confidence(self, row: LabRow, doubts: list[Doubt], report_type: str | None = None) -> float:
        """The row's confidence: calibrated (``calibration.packaged``) when shipped and ``calibrated``, else the
        OCR score lowered by ``checks.penalty`` per failed check."""
        n_checks = len({d.code for d in doubts})
        calibrator = packaged() if self.options.calibrated else None
        if calibrator is not None:
            known = (item_entry(row.item, report_type) or (item_entry(row.abbr) if row.abbr else None)) is not None
            return calibrator(feature_vector(row.confidence, n_checks, known, row.reference is not None))
        return max(0.0, min(1.0, self.options.checks.penalty ** n_checks * row.confidence))

    def row_fields(self, i: int, row: LabRow, page: PageResult, doubts: list[Doubt] | None = None) -> list[Field]:
        entry = item_entry(row.item, page.sheet.report_type) or (item_entry(row.abbr) if row.abbr else None)
        loinc = next((c.code for c in entry.codes if c.system == "LOINC"), None) if entry else None
        code = Code(system="LOINC", code=loinc, display=entry.canonical) if loinc else (
            Code(system="oncostruct-lab", code=entry.canonical) if entry else None)
        ref = {"low": row.reference_low, "high": row.reference_high, "text": row.reference}
        direction = mark_direction(row)  # a printed * : its direction from the value and the range
        spec = [
            ("item", row.item, entry.canonical if entry else None, {"abbr": row.abbr} if row.abbr else {}),
            ("value", row.value, row.value_num if row.value_num is not None else row.value,
             {**({"interpretation": row.value_word} if row.value_word else {}),
              **({"second_look": row.second_look} if row.second_look else {}),
              **({"read_as": row.value_raw} if row.value_raw else {})}),
            ("unit", row.unit if row.unit_inferred else row.unit_raw, row.unit,
             {"repaired_from_dictionary": True} if row.unit_repaired else
             {"inferred_from_catalogue": True} if row.unit_inferred else {}),
            ("reference", row.reference, ref, {"read_as": row.reference_raw} if row.reference_repaired else {}),
            ("flag", row.flag, direction[0] if direction and direction[0] else row.flag,
             {"computed": row.flag_computed, **({"flag_look": row.flag_look} if row.flag_look else {}),
              **({"flag_note": direction[1]} if direction else {})}),
        ]
        out = []
        doubts = doubts or []
        conf = self.row_confidence(row, doubts, page.sheet.report_type)
        review = {"status": FieldStatus.needs_review, "review_reason": "; ".join(dict.fromkeys(d.reason for d in doubts))} \
            if doubts else {}
        if doubts:
            spec = [(k, v, nv, {**a, "checks": sorted({d.code for d in doubts})}) for k, v, nv, a in spec]
        if row.index is not None:
            spec[0][3]["index"] = row.index
        if row.mark:
            spec[0][3]["mark"] = row.mark
        if row.item_printed:
            spec[0][3]["printed"] = row.item_printed
        for key, value, normalized, attrs in spec:
            if key != "item" and (value is None or (key == "flag" and not value)):
                continue
            toks = row.cells.get(key) or row.cells.get("item", [])
            bbox = _hull([page.input_box(page_bbox(t, page.sheet.angle)) for t in toks])
            cell = TableCell(page=toks[0].page if toks else 0, table=row.table, row=row.row,
                             col=row.cols.get(key, 0), bbox=bbox)
            out.append(Field(
                name=f"lab.results[{i}].{key}", value=value, normalized=normalized,
                unit=row.unit if key == "value" else None, code=code if key == "item" else None,
                confidence=conf * (0.8 if (row.unit_repaired or row.unit_inferred) and key == "unit" else 1.0),
                provenance=[cell], source=self._source,
                inferred=bool(key == "flag" and row.flag_computed or key == "unit" and row.unit_inferred),
                attributes=attrs, **review,
            ))
        return out

    def build_view(self, fields: list[Field]) -> LabView | None:
        rows: dict[int, dict[str, Field]] = {}
        view = LabView()
        for f in fields:
            if f.name == "lab.report_type":
                view.report_type = f.normalized
            elif f.name == "lab.sample_type":
                view.sample_type = f.normalized
            elif m := _INDEX.match(f.name):
                rows.setdefault(int(m.group(1)), {})[m.group(2)] = f
        for _, r in sorted(rows.items()):
            item = r.get("item")
            if item is None:
                continue
            ref = r["reference"].normalized if "reference" in r and isinstance(r["reference"].normalized, dict) else {}
            flag = r.get("flag")
            view.results.append(LabResult(
                item=item.value, code=item.normalized if isinstance(item.normalized, str) else None,
                loinc=item.code.code if item.code and item.code.system == "LOINC" else None,
                value=r["value"].normalized if "value" in r else None,
                unit=r["unit"].normalized if "unit" in r else None,
                reference_low=ref.get("low"), reference_high=ref.get("high"), reference_text=ref.get("text"),
                flag=flag.value if flag else None, flag_computed=bool(flag and flag.attributes.get("computed")),
            ))
        return view


def _hull(boxes: list[tuple[float, float, float, float]]) -> tuple[float, float, float, float] | None:
    if not boxes:
        return None
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))
