"""The lab-report extractor end to end on rendered sheets (runs RapidOCR: a few seconds per image)."""
import numpy as np
import pytest

from oncostruct.engine.cdm import LabView, TableCell
from oncostruct.engine.errors import InputError
from oncostruct.eval.lab_score import Tally
from oncostruct.extractors.base import ExtractionInput
from tests import synth_lab as synth

pytest.importorskip("rapidocr")
pytestmark = pytest.mark.skipif(synth.font_path() is None, reason="CJK font not installed (fonts-wqy-microhei)")


@pytest.fixture(scope="module")
def extractor():
    from oncostruct.extractors.ocr.lab_report import LabReportExtractor

    return LabReportExtractor()


@pytest.fixture(scope="module")
def rendered():
    return synth.render_sheet(11, kind="cbc", blocks=2, n_rows=10, degrade=synth.Degrade(rotate_deg=2.0, noise=4))


@pytest.fixture(scope="module")
def extraction(extractor, rendered):
    from oncostruct.engine.cdm import DocType

    image, _ = rendered
    doc = ExtractionInput(text="", doc_type=DocType.lab_report, language="zh", data=synth.encode_png(image),
                          modality="image", name="sheet.png")
    return extractor.extract(doc)


def _rows(fields):
    rows = {}
    for f in fields:
        if f.name.startswith("lab.results["):
            i, key = f.name[len("lab.results["):].split("].")
            rows.setdefault(int(i), {})[key] = f.value
    return [rows[i] for i in sorted(rows)]


def test_rows_read_from_a_rotated_two_block_sheet(extraction, rendered):
    tally = Tally()
    tally.add(_rows(extraction.fields), rendered[1]["rows"])
    s = tally.summary()
    assert s["rows"]["f1"] >= 0.9 and s["fields"]["value"]["accuracy"] >= 0.9, s


def test_fields_carry_table_cell_provenance_and_codes(extraction):
    items = [f for f in extraction.fields if f.name.endswith(".item")]
    assert items and all(isinstance(f.provenance[0], TableCell) and f.provenance[0].bbox for f in items)
    from oncostruct.extractors.ocr.cells import item_entry

    coded = [f for f in items if f.code is not None]
    assert len(coded) >= 8
    for f in coded:
        assert f.normalized == item_entry(f.value).canonical
        assert f.code.system in ("LOINC", "oncostruct-lab")
    assert all(0 < f.confidence <= 1 for f in extraction.fields)


def test_patient_name_never_in_output(extraction):
    text = " ".join(str(f.value) for f in extraction.fields)
    assert not any(name in text for name in ("张三", "李四", "王五"))


def test_view_and_header_fields(extractor, extraction):
    view = extractor.build_view(extraction.fields)
    assert isinstance(view, LabView) and view.report_type == "血常规" and view.sample_type == "全血"
    assert len(view.results) >= 9 and any(r.loinc for r in view.results)
    assert all(isinstance(r.value, float) for r in view.results if r.value is not None)


def test_page_turned_by_90_degrees_is_read(extractor):
    image, truth = synth.render_sheet(5, kind="chem", blocks=1, n_rows=4)
    pages, issues = extractor.read(synth.encode_png(np.ascontiguousarray(np.rot90(image))), "turned.png")
    assert not issues and any(s.startswith("rotate") for s in pages[0].steps)
    assert {r.item for r in pages[0].sheet.rows} >= {r["item"] for r in truth["rows"]} - {None}


def test_boxes_on_a_turned_page_are_in_the_input_image_pixels(extractor):
    """The same sheet read upright and turned by 90°: each value's box on the turned image is the upright
    box turned the same way (the page's transform maps boxes back), not a box on the re-turned page."""
    from oncostruct.engine.cdm import DocType
    from oncostruct.extractors.ocr.geometry import map_box, quarter_turn

    image, _ = synth.render_sheet(5, kind="chem", blocks=1, n_rows=4)
    h, w = image.shape[:2]

    def boxes(img):
        doc = ExtractionInput(text="", doc_type=DocType.lab_report, language="zh", data=synth.encode_png(img),
                              modality="image", name="sheet.png")
        return {f.value: f.provenance[0].bbox for f in extractor.extract(doc).fields if f.name.endswith(".value")}

    upright, turned = boxes(image), boxes(np.ascontiguousarray(np.rot90(image)))
    common = set(upright) & set(turned)
    assert len(common) >= 3
    for value in common:
        expected = map_box(upright[value], quarter_turn(1, w, h))
        assert np.allclose(turned[value], expected, atol=6), (value, turned[value], expected)
        assert turned[value][2] <= h + 1 and turned[value][3] <= w + 1  # inside the turned image (h × w)


def test_blank_corrupt_and_non_report_inputs_give_reasons(extractor):
    import cv2

    blank = np.full((400, 600, 3), 255, np.uint8)
    _, issues = extractor.read(synth.encode_png(blank), "blank.png")
    assert [i.code for i in issues] == ["lab.blank"]
    with pytest.raises(InputError, match="bad.jpg"):
        extractor.read(b"\xff\xd8\xff\xe0 not really a jpeg", "bad.jpg")
    prose = blank.copy()
    cv2.putText(prose, "Meeting notes: call the supplier", (20, 200), cv2.FONT_HERSHEY_SIMPLEX, 0.9, (0, 0, 0), 2)
    _, issues = extractor.read(synth.encode_png(prose), "prose.png")
    assert [i.code for i in issues] == ["lab.no_table"]


def test_pipeline_routes_images_to_the_lab_extractor():
    from oncostruct.engine.pipeline import Pipeline

    image, truth = synth.render_sheet(7, kind="urine", n_rows=4)
    record = Pipeline().extract_bytes(synth.encode_png(image), "sheet.png")
    assert record.document.doc_type.value == "lab_report"
    assert record.lab is not None and [r.item for r in record.lab.results] == [r["item"] for r in truth["rows"]]
