"""Units, references and values of lab cells as OCR misreads them on unseen sheets (issue 14), on hand-written OCR
lines (no OCR run): look-alike glyphs and upside-down unit crops, a unit repaired towards the item's valid units
only by a small edit, an empty unit cell filled from the catalogue (marked inferred), cells glued together, values
with thousands separators or a power of ten, and reference ranges whose dash was lost or that carry a flag mark."""
import pytest

from oncostruct.extractors.ocr.checks import row_doubts
from oncostruct.extractors.ocr.lab_report import LabReportExtractor, PageResult
from oncostruct.extractors.ocr.references import leading_mark, lost_separator
from oncostruct.extractors.ocr.sheet import parse_sheet
from oncostruct.extractors.ocr.unit_reading import known_units, nearest, read_unit
from tests.test_ocr_lab_layouts4 import fields, table

HEADER = ("项目名称", "结果", "单位", "参考范围")
XS = (40, 300, 420, 560)


@pytest.mark.parametrize("raw, unit", [
    ("pmo1/L", "pmol/L"), ("μmoí/L", "μmol/L"), ("/μ1", "/μL"), ("mmol/1", "mmol/L"),  # look-alike glyphs
    ("7/n", "U/L"), ("1/n", "U/L"), ("7/6", "g/L"), ("In/", "/μL"),  # a short crop read upside down
    ("g/L", "g/L"), ("10^9/L", "10^9/L"), ("COI", "COI"),  # printed right: unchanged
])
def test_read_unit_folds_look_alikes_and_upside_down_crops(raw, unit):
    assert read_unit(raw) == unit


def test_read_unit_leaves_what_no_known_unit_reads_as():
    assert read_unit("96") == "96" and read_unit("TP/s") == "TP/s" and read_unit("abc") == "abc"


def test_every_catalogue_unit_reads_as_itself():
    assert all(read_unit(u) == u for u in known_units())


@pytest.mark.parametrize("raw, units, want", [
    ("E/L", ["g/L", "g/dL"], "g/L"), ("PE", ["pg"], "pg"), ("102/L", ["10^12/L", "10^6/μL"], "10^12/L"),
    ("COO", ["COI", "S/CO"], "COI"), ("I0O", ["COI", "S/CO"], "COI"), ("UL", ["U/L", "IU/L"], "U/L"),
    ("96", ["%"], "%"), ("TP/s", ["g/L", "g/dL"], "g/dL"),
    ("10^3/L", ["10^9/L", "10^3/μL"], None),  # two valid units one edit away: no choice
    ("/P", ["10^12/L", "10^6/μL"], None), ("mmol/L", ["U/L"], None),  # far from every valid unit: never invented
])
def test_nearest_valid_unit_within_a_small_edit_only(raw, units, want):
    assert nearest(raw, units) == want


def test_unit_not_valid_for_its_item_is_repaired_or_sent_to_review():
    rows = [("丙氨酸氨基转移酶", "41", "7/n", "9-50"), ("平均红细胞血红蛋白浓度", "323", "E/L", "316-354"),
            ("总蛋白", "70.1", "mmol/L", "65.0-85.0")]
    sheet = parse_sheet(table(HEADER, XS, rows))
    assert fields(sheet, "item", "unit", "unit_repaired") == [
        ("丙氨酸氨基转移酶", "U/L", True), ("平均红细胞血红蛋白浓度", "g/L", True), ("总蛋白", "mmol/L", False)]
    codes = [{d.code for d in row_doubts(r)} for r in sheet.rows]
    assert "lab.invalid_unit" not in codes[0] | codes[1] and "lab.invalid_unit" in codes[2]


def test_urine_units_are_read_for_the_urine_item_not_the_blood_one():
    lines = table(HEADER, XS, [("红细胞", "3", "/μ1", "0-20"), ("白细胞", "5", "In/", "0-25")])
    sheet = parse_sheet([*lines[:1], lines[0].__class__("尿常规", 0.95, [(400, 20), (480, 20), (480, 40), (400, 40)]),
                         *lines[1:]])
    assert fields(sheet, "item", "unit") == [("红细胞", "/μL"), ("白细胞", "/μL")]


def test_empty_unit_cell_filled_from_the_catalogue_only_in_a_unit_printing_table():
    rows = [("中性粒细胞百分比", "60.6", "%", "40.0-75.0"), ("淋巴细胞百分比", "30.1", "", "20.0-50.0"),
            ("单核细胞百分比", "5.2", "%", "3.0-10.0"), ("白细胞计数", "6.1", "", "3.5-9.5")]
    sheet = parse_sheet(table(HEADER, XS, rows))
    # one valid unit (%) → filled and marked; two valid units (10^9/L, 10^3/μL) → left empty
    assert fields(sheet, "item", "unit", "unit_inferred") == [
        ("中性粒细胞百分比", "%", False), ("淋巴细胞百分比", "%", True), ("单核细胞百分比", "%", False),
        ("白细胞计数", None, False)]
    bare = parse_sheet(table(HEADER, XS, [(r[0], r[1], "", r[3]) for r in rows]))
    assert all(r.unit is None for r in bare.rows)


def test_inferred_unit_field_says_so():
    rows = [("中性粒细胞百分比", "60.6", "%", "40.0-75.0"), ("淋巴细胞百分比", "30.1", "", "20.0-50.0")]
    sheet = parse_sheet(table(HEADER, XS, rows))
    page = PageResult(sheet, [], [], (800, 600))
    unit = next(f for f in LabReportExtractor().row_fields(1, sheet.rows[1], page) if f.name.endswith(".unit"))
    assert unit.normalized == "%" and unit.inferred and unit.attributes.get("inferred_from_catalogue")


def test_glued_cells_split_into_value_unit_and_reference():
    rows = [("总胆固醇", "6.24MMOL/L", "", "<5.20"), ("红细胞分布宽度CV", "13.1", "%11.5-14.5", ""),
            ("血小板计数", "420", "", "125-35010/L"), ("D-二聚体", "0.59", "mg/L FEU", "0.00-0.55")]
    sheet = parse_sheet(table(HEADER, XS, rows))
    assert fields(sheet, "item", "value", "unit", "reference") == [
        ("总胆固醇", "6.24", "mmol/L", "<5.20"), ("红细胞分布宽度CV", "13.1", "%", "11.5-14.5"),
        ("血小板计数", "420", "10^9/L", "125-350"), ("D-二聚体", "0.59", "mg/LFEU", "0.00-0.55")]


def test_item_code_of_the_next_block_is_no_part_of_the_unit():
    lines = table(HEADER, XS, [("红细胞", "4.93", "10^12/L", "3.5-5.5")])
    lines.append(lines[-2].__class__("WBC", 0.95, [(470, 130), (500, 130), (500, 150), (470, 150)]))
    sheet = parse_sheet(lines)
    assert fields(sheet, "item", "unit") == [("红细胞", "10^12/L")]


def test_values_with_thousands_separator_power_of_ten_or_titre():
    rows = [("甲胎蛋白", "2,086.4", "ng/mL", "<7.0"), ("丙型肝炎病毒RNA定量", "<1.0×103", "copies/mL", "<1.0×10^3"),
            ("抗中性粒细胞胞浆抗体", "<1:10", "", "<1:10")]
    sheet = parse_sheet(table(HEADER, XS, rows))
    assert fields(sheet, "item", "value", "value_num", "unit") == [
        ("甲胎蛋白", "2,086.4", 2086.4, "ng/mL"), ("丙型肝炎病毒RNA定量", "<1.0×10^3", None, "copies/mL"),
        ("抗中性粒细胞胞浆抗体", "<1:10", None, None)]
    assert sheet.rows[0].flag == "↑"


@pytest.mark.parametrize("raw, want", [
    ("3.010.0", "3.0-10.0"), ("130175", "130-175"), ("0.08.0", "0.0-8.0"), ("37.054.0", "37.0-54.0"),
    ("80120", "80-120"), ("0480", None), ("0.010", None), ("9050", None), ("1.003", None), ("3.5-9.5", None),
])
def test_lost_separator_only_where_one_cut_gives_a_rising_range(raw, want):
    assert lost_separator(raw) == want


@pytest.mark.parametrize("raw, want", [("13-8", "3-8"), ("11.8-7", "1.8-7"), ("10-10", "0-10"), ("15-40", None),
                                       ("1-5", None), ("100-50", None)])
def test_falling_range_with_a_leading_mark(raw, want):
    assert leading_mark(raw) == want


def test_repaired_reference_is_used_and_sent_to_review():
    sheet = parse_sheet(table(HEADER, XS, [("血红蛋白", "156", "g/L", "130175"), ("单核细胞百分比", "8.2", "%", "13-8")]))
    assert fields(sheet, "reference", "reference_low", "reference_high", "reference_raw") == [
        ("130-175", 130.0, 175.0, "130175"), ("3-8", 3.0, 8.0, "13-8")]
    assert sheet.rows[1].flag == "↑"
    assert all("lab.reference_repaired" in {d.code for d in row_doubts(r)} for r in sheet.rows)


def test_unit_cell_read_upside_down_beside_the_range_goes_to_the_unit():
    rows = [("白细胞计数", "5.40", "", "1/6.01 4-10"), ("单核细胞计数", "0.95", "", "0.12--1.00×10/L")]
    sheet = parse_sheet(table(HEADER, (40, 300, 420, 520), rows))
    assert fields(sheet, "item", "unit", "reference") == [("白细胞计数", "10^9/L", "4-10"),
                                                         ("单核细胞计数", "10^9/L", "0.12-1.00")]
    assert all(r.unit_repaired for r in sheet.rows)


@pytest.mark.parametrize("header", [("项目", "结果(mmol/L)", "参考范围"), ("项目", "结果 (mmol/L)", "参考范围"),
                                    ("项目", "结果", "参考范围（mmol/L）")])
def test_unit_printed_only_in_a_column_header_is_every_rows_unit(header):
    rows = [("空腹血糖", "5.2", "3.9-6.1"), ("餐后2小时血糖", "9.8", "<7.8")]
    sheet = parse_sheet(table(header, (40, 300, 500), rows))
    assert fields(sheet, "item", "value", "unit", "reference") == [("空腹血糖", "5.2", "mmol/L", "3.9-6.1"),
                                                                   ("餐后2小时血糖", "9.8", "mmol/L", "<7.8")]
    plain = parse_sheet(table(("项目", "结果", "参考范围"), (40, 300, 500), rows))
    assert all(r.unit is None for r in plain.rows)
