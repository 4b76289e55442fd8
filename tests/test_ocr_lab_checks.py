"""Self-checks of the lab extractor (flag vs range, plausible value, valid unit, unparsed lines, coverage)
and the widened layouts (running item numbers, three column groups, no header) on rendered sheets."""
import pytest

from oncostruct.engine.cdm import DocType, FieldStatus
from oncostruct.eval.lab_score import Tally
from oncostruct.extractors.base import ExtractionInput
from tests import synth_lab as synth

pytest.importorskip("rapidocr")
pytestmark = pytest.mark.skipif(synth.font_path() is None, reason="CJK font not installed (fonts-wqy-microhei)")

# printed rows that fail one check each; CBC items on a chemistry sheet, so no generated row repeats them
WRONG_FLAG = {"item": "血小板计数", "abbr": "PLT", "value": "210", "unit": "10^9/L", "reference": "125-350", "flag": "↓"}
IMPLAUSIBLE = {"item": "血红蛋白", "abbr": "HGB", "value": "2500", "unit": "g/L", "reference": "130-175", "flag": "↑"}
BAD_UNIT = {"item": "白细胞计数", "abbr": "WBC", "value": "5.20", "unit": "mmol/L", "reference": "3.5-9.5", "flag": ""}


@pytest.fixture(scope="module")
def extractor():
    from oncostruct.extractors.ocr.lab_report import LabReportExtractor

    return LabReportExtractor()


def _extract(extractor, image):
    doc = ExtractionInput(text="", doc_type=DocType.lab_report, language="zh", data=synth.encode_png(image),
                          modality="image", name="sheet.png")
    return extractor.extract(doc)


def _by_item(fields):
    rows: dict[str, dict] = {}
    index = {}
    for f in fields:
        if f.name.endswith(".item"):
            index[f.name.rsplit(".", 1)[0]] = f.value
    for f in fields:
        prefix, _, key = f.name.rpartition(".")
        if prefix in index:
            rows.setdefault(index[prefix], {})[key] = f
    return rows


@pytest.fixture(scope="module")
def checked(extractor):
    image, truth = synth.render_sheet(21, kind="chem", blocks=1, n_rows=7, layout=0,
                                      overrides={0: WRONG_FLAG, 1: IMPLAUSIBLE, 2: BAD_UNIT})
    return _extract(extractor, image), truth


@pytest.mark.parametrize("row, code, words", [(WRONG_FLAG, "lab.flag_contradiction", "contradicts"),
                                             (IMPLAUSIBLE, "lab.implausible_value", "plausible range"),
                                             (BAD_UNIT, "lab.invalid_unit", "not valid")])
def test_failed_check_sends_the_row_to_review_with_a_reason(checked, row, code, words):
    extraction, _ = checked
    rows = _by_item(extraction.fields)
    fields = rows[row["item"]]
    assert fields["value"].status is FieldStatus.needs_review and words in fields["value"].review_reason
    assert code in fields["value"].attributes["checks"]
    issue = next(i for i in extraction.issues if i.code == code)
    assert fields["value"].name in issue.fields


def test_rows_passing_every_check_stay_accepted_and_keep_higher_confidence(checked):
    extraction, truth = checked
    rows = _by_item(extraction.fields)
    clean_rows = [rows[r["item"]] for r in truth["rows"][3:] if r["item"] in rows]
    assert len(clean_rows) >= 3
    assert all(f["value"].status is FieldStatus.auto_accepted for f in clean_rows)
    doubted = max(rows[r["item"]]["value"].confidence for r in (WRONG_FLAG, IMPLAUSIBLE, BAD_UNIT))
    assert doubted < min(f["value"].confidence for f in clean_rows)


def test_a_consistent_printed_flag_is_not_doubted():
    from oncostruct.extractors.ocr.checks import flag_doubt
    from oncostruct.extractors.ocr.lab_rows import LabRow

    def row(value, flag):
        return LabRow(item="x", value=str(value), value_num=value, flag=flag, reference="3.5-9.5",
                      reference_low=3.5, reference_high=9.5)

    assert flag_doubt(row(12.0, "↑")) is None and flag_doubt(row(2.0, "↓")) is None
    assert flag_doubt(row(2.0, "↑")) is not None and flag_doubt(row(5.0, "↓")) is not None
    assert flag_doubt(LabRow(item="x", value="<0.5", value_num=0.5, flag="↑", reference_low=3.5, reference_high=9.5)) is None


def _tok(text, x0, y0, line):
    from oncostruct.extractors.ocr.tokens import Token

    return Token(text, x0, y0, x0 + 12 * len(text), y0 + 20, 0.95, line)


def test_numbers_left_in_no_row_are_counted_and_low_coverage_is_reported():
    from oncostruct.extractors.ocr.checks import CheckOptions, page_doubts
    from oncostruct.extractors.ocr.lab_rows import LabRow

    tokens = [_tok("1", 10, 100, 0), _tok("白细胞计数", 40, 100, 1), _tok("5.20", 200, 100, 2),
              _tok("3.5-9.5", 300, 100, 3), _tok("88.1", 420, 100, 4),  # a stray number on the row's line
              _tok("血红蛋白", 40, 140, 5), _tok("140", 200, 140, 6)]
    rows = [LabRow(item="白细胞计数", value="5.20", reference="3.5-9.5", index=1,
                   cells={"item": [tokens[1]], "value": [tokens[2]], "reference": [tokens[3]]}),
            LabRow(item="血红蛋白", value="140", cells={"item": [tokens[5]], "value": [tokens[6]]})]
    doubts, issues = page_doubts(tokens, rows, CheckOptions(), "p.png", 0)
    assert [i.code for i in issues] == ["lab.unparsed_lines"] and "1 line(s)" in issues[0].message
    assert [d.code for d in doubts[id(rows[0])]] == ["lab.unparsed_lines"] and id(rows[1]) not in doubts
    doubts, issues = page_doubts(tokens, rows[1:], CheckOptions(), "p.png", 0)  # the first row lost
    assert "lab.low_coverage" in [i.code for i in issues] and doubts[id(rows[1])]


def _score(rows, truth):
    tally = Tally()
    tally.add([{"item": r.item, "value": r.value, "unit": r.unit, "reference": r.reference, "flag": r.flag}
               for r in rows], truth["rows"])
    return tally.summary()


def test_running_item_numbers_are_stripped_and_kept(extractor):
    image, truth = synth.render_sheet(3, kind="cbc", blocks=2, n_rows=12, numbered=True, layout=0)
    pages, _ = extractor.read(synth.encode_png(image), "numbered.png")
    rows = pages[0].sheet.rows
    assert _score(rows, truth)["rows"]["f1"] >= 0.9
    assert not any(c.isdigit() for r in rows for c in r.item[:1])
    want = {r["item"]: r["index"] for r in truth["rows"]}
    assert sum(r.index == want.get(r.item) for r in rows) >= 0.9 * len(truth["rows"])
    fields = _extract(extractor, image).fields
    assert any(f.name.endswith(".item") and f.attributes.get("index") == 1 for f in fields)


def test_a_number_glued_to_the_left_blocks_unit_is_split_off():
    from oncostruct.extractors.ocr.lab_rows import _split

    pieces = _split(_tok("10^9/L14", 0, 0, 0), "unit")
    assert [(p.text, p.band) for p in pieces] == [("10^9/L", "unit"), ("14", "index")]


@pytest.mark.parametrize("kw", [dict(kind="chem", blocks=3, n_rows=12, layout=2),
                                dict(kind="cbc", blocks=1, n_rows=6, header=False, layout=0)],
                         ids=["three-column-groups", "headerless"])
def test_layouts(extractor, kw):
    image, truth = synth.render_sheet(3, **kw)
    pages, _ = extractor.read(synth.encode_png(image), "layout.png")
    s = _score(pages[0].sheet.rows, truth)
    assert s["rows"]["f1"] >= 0.9 and s["fields"]["value"]["accuracy"] >= 0.9, s


@pytest.mark.parametrize("quarter", [1, 2, 3], ids=["270", "180", "90"])
def test_whole_page_orientation_is_found(extractor, quarter):
    import numpy as np

    image, truth = synth.render_sheet(5, kind="chem", blocks=1, n_rows=4, layout=0)
    pages, _ = extractor.read(synth.encode_png(np.ascontiguousarray(np.rot90(image, quarter))), "turned.png")
    assert any(s.startswith("orientation:") for s in pages[0].steps)
    assert f"rotate:{90 * quarter}" in pages[0].steps
    assert _score(pages[0].sheet.rows, truth)["rows"]["f1"] >= 0.9


def test_an_upright_page_that_looks_right_is_not_scored_again():
    from oncostruct.extractors.ocr.ocr import OcrLine
    from oncostruct.extractors.ocr.orientation import OrientationOptions, looks_wrong
    from oncostruct.extractors.ocr.sheet import Sheet

    def line(text, y, score=0.97):
        return OcrLine(text, score, [(10, y), (200, y), (200, y + 20), (10, y + 20)])

    lines = [line(f"第{i}行文字", 30 * i) for i in range(6)]
    assert looks_wrong(lines, Sheet(), OrientationOptions()) == "no rows"
    assert looks_wrong(lines[:3], Sheet(), OrientationOptions()) == "3 lines"
    assert looks_wrong([line("abc", 30 * i, 0.5) for i in range(6)], Sheet(), OrientationOptions()).startswith("mean score")
