"""Printed flags in any vocabulary, body columns that misfit their header band, and the value self-checks (lost decimal
point, bare sign, leading zero), on hand-written OCR lines and one rendered English sheet."""
import pytest

from oncostruct.extractors.ocr.checks import flag_doubt, row_doubts
from oncostruct.extractors.ocr.lab_rows import LabRow, _split
from oncostruct.extractors.ocr.ocr import OcrLine
from oncostruct.extractors.ocr.sheet import parse_sheet
from oncostruct.extractors.ocr.tokens import Token
from tests import synth_lab as synth


def line(text, x, y, w=None, h=20, right=False):
    w = w or 14 * len(text)
    x = x - w if right else x
    return OcrLine(text, 0.97, [(x, y), (x + w, y), (x + w, y + h), (x, y + h)])


def sheet_of(header, rows, pitch=40, y0=100, right=()):
    """``header``: (text, x) pairs; ``rows``: tuples of (text, x) cells; columns named in ``right`` are printed
    flush right at their x."""
    out = [line("Sample Hospital Laboratory Report", 200, 20)]
    out += [line(t, x, y0) for t, x in header]
    for i, cells in enumerate(rows):
        out += [line(t, x, y0 + pitch * (i + 1), right=k in right) for k, (t, x) in enumerate(cells) if t]
    out.append(line("检验者：某某", 40, y0 + pitch * (len(rows) + 2)))
    return parse_sheet(out)


def fields(sheet, *names):
    return [tuple(getattr(r, n) for n in names) for r in sheet.rows]


ENGLISH_HEADER = [("Test", 40), ("Result", 400), ("Flag", 560), ("Unit", 640), ("Reference", 760)]


def test_english_sheet_numbers_flush_right_past_the_midpoint_stay_values_and_h_l_are_flags():
    rows = [(("Alkaline Phosphatase", 40), ("133", 545), ("H", 575), ("U/L", 640), ("45-125", 760)),
            (("Total Protein", 40), ("60.0", 545), ("L", 575), ("g/L", 640), ("65.0-85.0", 760)),
            (("Uric Acid", 40), ("367", 545), ("", 575), ("umol/L", 640), ("208-428", 760)),
            (("Sodium", 40), ("145.2", 545), ("", 575), ("mmol/L", 640), ("137.0-147.0", 760))]
    sheet = sheet_of(ENGLISH_HEADER, rows, right={1})
    assert fields(sheet, "item", "value", "flag", "flag_computed") == [
        ("Alkaline Phosphatase", "133", "↑", False), ("Total Protein", "60.0", "↓", False),
        ("Uric Acid", "367", None, False), ("Sodium", "145.2", None, False)]


def test_bare_gao_di_flags_printed_in_the_reference_band_are_read():
    header = [("检验项目", 40), ("检验结果", 300), ("状态", 440), ("参考区间", 520), ("单位", 700)]
    rows = [(("尿酸", 40), ("458", 420), ("高", 500), ("208-428", 540), ("μmol/L", 700)),
            (("高密度脂蛋白胆固醇", 40), ("0.90", 420), ("低", 500), ("1.04-1.55", 540), ("mmol/L", 700)),
            (("葡萄糖", 40), ("5.69", 420), ("", 500), ("3.90-6.10", 540), ("mmol/L", 700)),
            (("肌酸激酶", 40), ("362", 420), ("高", 500), ("50-310", 540), ("U/L", 700))]
    sheet = sheet_of(header, rows, right={1})
    assert fields(sheet, "value", "flag", "reference") == [
        ("458", "↑", "208-428"), ("0.90", "↓", "1.04-1.55"), ("5.69", None, "3.90-6.10"), ("362", "↑", "50-310")]


def test_a_tilted_value_column_drifting_past_the_edge_stays_in_the_value_band():
    header = [("项目", 40), ("结果", 300), ("提示", 420), ("参考区间", 500)]
    rows = [(("白细胞计数", 40), (v, 300 + 25 * i), ("", 440), ("3.50-9.50", 520))
            for i, v in enumerate(["6.31", "5.20", "4.80", "7.10", "8.00"])]
    sheet = sheet_of(header, rows)
    assert [r.value for r in sheet.rows] == ["6.31", "5.20", "4.80", "7.10", "8.00"]
    assert all(r.flag is None for r in sheet.rows)


def test_unit_and_reference_printed_left_of_the_result_are_read():
    header = [("检测项目", 40), ("单位", 300), ("参考值", 420), ("检测结果", 560), ("提示", 700)]
    rows = [(("C反应蛋白", 40), ("mg/L", 300), ("<10", 420), ("17.94", 640), ("H", 710)),
            (("降钙素原", 40), ("ng/mL", 300), ("<0.05", 420), ("0.259", 640), ("H", 710)),
            (("白细胞介素6", 40), ("pg/mL", 300), ("<7", 420), ("1.10", 640), ("", 710))]
    sheet = sheet_of(header, rows, right={3})
    assert fields(sheet, "value", "unit", "reference", "flag") == [
        ("17.94", "mg/L", "<10", "↑"), ("0.259", "ng/mL", "<0.05", "↑"), ("1.10", "pg/mL", "<7", None)]


def _tok(text):
    return Token(text, 0, 0, 14 * len(text), 20, 0.95, 0)


@pytest.mark.parametrize("text, value, flag", [("6.8↑", "6.8", "↑"), ("12.5H", "12.5", "H"), ("6.8 H", "6.8", "H"),
                                               ("3.1↘", "3.1", "↘"), ("7.0▲", "7.0", "▲"), ("0.4 LL", "0.4", "LL")])
def test_flags_glued_to_the_value_are_split_off(text, value, flag):
    assert [p.text.strip() for p in _split(_tok(text), "value")] == [value, flag]


def test_a_code_glued_to_its_value_is_split_off():
    assert [(p.text, p.band) for p in _split(_tok("LYMPH#1.79"), None)] == [("LYMPH#", "abbr"), ("1.79", "value")]


def row(value, flag=None, ref=(3.5, 9.5), computed=False):
    lo, hi = ref
    return LabRow(item="白细胞计数", value=str(value), value_num=float(value) if str(value)[:1].isdigit() else None,
                  flag=flag, flag_computed=computed, reference=f"{lo}-{hi}", reference_low=lo, reference_high=hi)


@pytest.mark.parametrize("value, flag, doubted", [
    (12.0, "↑", False), (12.0, "↓", True), (5.0, "↑", True),  # arrows (H / 高 / ▲ come out as ↑)
    (12.0, "", True), (5.0, "", False),  # a printed normal mark (N, -, 正常) on an out-of-range value
    (5.0, "A", True), (12.0, "A", False), (5.0, "*", True),  # an abnormal mark without direction
    (12.0, "↑↑", False), (2.0, "↓↓", False), (5.0, "↓↓", True)])
def test_flag_check_covers_every_printed_vocabulary(value, flag, doubted):
    assert (flag_doubt(row(value, flag)) is not None) is doubted


def test_every_printed_mark_comes_out_as_its_arrow():
    header = [("项目", 40), ("结果", 300), ("标志", 420), ("参考区间", 500)]
    marks = ["H", "L", "高", "低", "▲", "▼", "HH", "LL", "↗", "↘", "偏高", "偏低"]
    values = ["12.0", "2.0"] * 6
    sheet = sheet_of(header, [(("白细胞计数", 40), (v, 300), (m, 430), ("3.5-9.5", 500)) for v, m in zip(values, marks)])
    assert [r.flag for r in sheet.rows] == ["↑", "↓", "↑", "↓", "↑", "↓", "↑↑", "↓↓", "↑", "↓", "↑", "↓"]
    assert not any(flag_doubt(r) for r in sheet.rows)


def codes(r):
    return {d.code for d in row_doubts(r)}


@pytest.mark.parametrize("value, ref, flag, doubted", [
    ("111", (0.6, 1.4), None, True),  # 1.19 read without its point: 1.11 would fit the range
    ("701", (57, 111), None, True),  # 70.7 → 701
    ("379", (20, 40), None, True),  # 37.9 → 379
    ("1.19", (0.6, 1.4), None, False), ("70.7", (57, 111), None, False),
    ("150", (57, 111), None, False),  # truly high, and 15.0 / 1.50 fit nowhere
    ("2500", (57, 111), "↑", False),  # far out but printed ↑: a real value
    ("2500", (57, 111), None, True),  # far out without a printed flag
    ("0.05", (3.5, 9.5), None, True),  # below a tenth of the lower bound, no ↓
    ("08", (45, 125), None, True)])  # a leading zero: no LIS prints 80 so
def test_decimal_point_self_check(value, ref, flag, doubted):
    r = row(value, flag, ref)
    assert ("lab.decimal_doubt" in codes(r)) is doubted


def test_a_bare_sign_as_the_value_of_a_numeric_range_goes_to_review():
    assert "lab.missing_value" in codes(row("-", None, (3.5, 6.1)))
    assert "lab.missing_value" not in codes(row("5.20", None, (3.5, 6.1)))


def test_flag_missing_on_a_flagged_sheet_is_an_option():
    from oncostruct.extractors.ocr.checks import CheckOptions

    r = row(12.0, "↑", computed=True)
    assert "lab.flag_missing" not in {d.code for d in row_doubts(r, None, CheckOptions(), flagged=True)}
    on = CheckOptions(values={"flagged_sheets": True})
    assert "lab.flag_missing" in {d.code for d in row_doubts(r, None, on, flagged=True)}
    assert "lab.flag_missing" not in {d.code for d in row_doubts(r, None, on, flagged=False)}


def test_scorer_reads_flags_through_the_engine_vocabulary():
    from oncostruct.eval.lab_score import norm_flag

    assert norm_flag("高") == norm_flag("↑") == norm_flag("H") == norm_flag("▲")
    assert norm_flag("低") == norm_flag("↓") == norm_flag("L")


@pytest.mark.skipif(synth.font_path() is None, reason="CJK font not installed (fonts-wqy-microhei)")
def test_rendered_english_sheet_with_flush_right_results_and_an_h_l_column():
    pytest.importorskip("rapidocr")
    import numpy as np
    from PIL import Image, ImageDraw

    from oncostruct.extractors.ocr.lab_report import LabReportExtractor

    rows = [("Alkaline Phosphatase", "133", "H", "U/L", "45-125"), ("Total Protein", "60.0", "L", "g/L", "65.0-85.0"),
            ("Albumin", "38.5", "L", "g/L", "40.0-55.0"), ("Uric Acid", "367", "", "umol/L", "208-428"),
            ("Triglyceride", "2.01", "H", "mmol/L", "0.56-1.70"), ("Sodium", "145.2", "", "mmol/L", "137.0-147.0")]
    font = synth._font(24)
    img = Image.new("RGB", (1100, 120 + 50 * (len(rows) + 3)), (255, 255, 255))
    d = ImageDraw.Draw(img)
    for text, x in (("Test", 40), ("Result", 420), ("Flag", 620), ("Unit", 700), ("Reference", 850)):
        d.text((x, 60), text, font=font, fill=(0, 0, 0))
    for i, (item, value, flag, unit, ref) in enumerate(rows):
        y = 110 + 50 * i
        d.text((40, y), item, font=font, fill=(0, 0, 0))
        d.text((610 - d.textlength(value, font=font), y), value, font=font, fill=(0, 0, 0))  # flush right, near Flag
        d.text((640, y), flag, font=font, fill=(0, 0, 0))
        d.text((700, y), unit, font=font, fill=(0, 0, 0))
        d.text((850, y), ref, font=font, fill=(0, 0, 0))
    image = np.ascontiguousarray(np.asarray(img)[:, :, ::-1])
    pages, _ = LabReportExtractor().read(synth.encode_png(image), "english.png")
    got = {r.item: (r.value, r.flag if not r.flag_computed else None) for r in pages[0].sheet.rows}
    want = {item: (value, {"H": "↑", "L": "↓", "": None}[flag]) for item, value, flag, _, _ in rows}
    assert sum(got.get(k) == v for k, v in want.items()) >= len(rows) - 1


def test_a_bar_gauge_column_named_like_a_result_is_no_second_block():
    header = [("项目名称", 40), ("英文缩写", 300), ("结果", 420), ("结果示意", 540), ("参考范围", 700), ("单位", 840)]
    rows = [(("碱性磷酸酶", 40), ("ALP", 300), ("143", 420), ("", 540), ("45-125", 700), ("U/L", 840)),
            (("总蛋白", 40), ("TP", 300), ("79.0", 420), ("", 540), ("65.0-85.0", 700), ("g/L", 840))]
    sheet = sheet_of(header, rows)
    assert len(sheet.tables[0].blocks) == 1
    assert fields(sheet, "value", "unit", "reference") == [("143", "U/L", "45-125"), ("79.0", "g/L", "65.0-85.0")]
