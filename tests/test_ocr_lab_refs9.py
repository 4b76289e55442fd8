"""Reference ranges and units of lab rows on sheets nobody tuned on (issue 14, labref9), on hand-written OCR lines
(no OCR run): references repaired from their own structure and the item's typical interval only where one reading
of the printed characters fits, doubtful ones kept and sent to review, note words and wrapped ranges, and units
read through a flag glued before them, a turned crop or a tie between two valid units."""
import pytest

from oncostruct.extractors.ocr.checks import row_doubts
from oncostruct.extractors.ocr.lab_rows import LabRow, _numbers
from oncostruct.extractors.ocr.reference_repair import readings, repair_reference
from oncostruct.extractors.ocr.sheet import parse_sheet
from oncostruct.extractors.ocr.unit_reading import nearest
from tests.test_ocr_lab_layouts4 import fields, line, table

HEADER = ("项目名称", "结果", "单位", "参考范围")
XS = (40, 300, 420, 560)


def _row(item, reference, unit=None, value="5.0"):
    row = LabRow(item=item, value=value, reference=reference, unit=unit)
    _numbers(row)
    repair_reference(row)
    return row


@pytest.mark.parametrize("item, read, unit, want", [
    ("白细胞计数", "3595", "10^9/L", "3.5-9.5"),  # dash and both points lost: the typical interval decides
    ("红细胞计数", "430-5.80", "10^12/L", "4.30-5.80"),  # a point lost in the low bound: the range fell
    ("碱性磷酸酶", "45-12$", "U/L", "45-125"),  # a glyph read for a digit
    ("总胆红素", "3.4-2Φ.$", "μmol/L", "3.4-20.5"),
    ("β2微球蛋白", "1.00-300", "mg/L", "1.00-3.00"),  # rises as read, but 100x off the item's interval
    ("嗜碱性粒细胞绝对值", "0.00-00.06", "10^9/L", "0.00-0.06"),  # a doubled leading zero
])
def test_reference_repaired_where_exactly_one_reading_fits(item, read, unit, want):
    row = _row(item, read, unit)
    assert (row.reference, row.reference_repaired, row.reference_doubt) == (want, True, None)
    assert "lab.reference_repaired" in {d.code for d in row_doubts(row)}


@pytest.mark.parametrize("item, read, unit", [
    ("间接胆红素", "1.7-13.†", "μmol/L"),  # † may be 1 or 7: two readings fit, none is chosen
    ("总甲状腺素", "6C.0-181.0", "nmol/L"),  # C may be 0 or 6
    ("直接胆红素", "0.0-.8", "μmol/L"),  # a digit lost: never invented
    ("丙氨酸氨基转移酶", "9050", "U/L"),  # no cut gives a rising range printing as many decimals in both bounds
    ("铁蛋白", "30-0.0", "ng/mL"),  # falls, and no reading rises
    ("尿酸", "208-428.", "μmol/L"),  # a point at the end may be what is left of a lost digit: never dropped
    ("淋巴细胞绝对值", "109/L1.103.20", "10^9/L"),  # a unit glued before a range whose dash was lost
    ("游离前列腺特异性抗原", "(0.9>3", "ng/mL"),
])
def test_doubtful_reference_kept_as_read_and_sent_to_review(item, read, unit):
    row = _row(item, read, unit)
    assert row.reference == read and not row.reference_repaired and row.reference_doubt
    assert "lab.reference_doubt" in {d.code for d in row_doubts(row)}


@pytest.mark.parametrize("item, read, unit", [
    ("白细胞计数", "3.5-9.5", "10^9/L"), ("血红蛋白", "13.0-17.5", "g/dL"),  # another unit: no catalogue comparison
    ("未知项目", "0-40", None), ("C反应蛋白", "<10", "mg/L"), ("尿比重", "1.003-1.030", None), ("抗体", "<1:10", None),
    ("红细胞", "男:4.30-5.80 女:3.80-5.10", "10^12/L"), ("葡萄糖", "阴性", None),
    ("上皮细胞", "0.7", "/HPF"), ("尿胆原", "norm-1+", None), ("胆碱酯酶", "5,000-12,000", "U/L"),  # an upper limit
    ("天门冬氨酸氨基转移酶", "(15,40)", "U/L"), ("菌落计数", "<10^4", "CFU/mL"),
])
def test_well_formed_references_are_left_alone(item, read, unit):
    row = _row(item, read, unit)
    assert row.reference == read and not row.reference_repaired and row.reference_doubt is None


def test_readings_never_add_a_digit():
    digits = sorted(c for c in "3595" if c.isdigit())
    assert all(sorted(c for c in r if c.isdigit()) == digits for r in readings("3595"))


def test_flag_and_flag_check_use_the_repaired_reference():
    # 4.10 lies inside 3.5-9.5 but below 35-95 (the dash-lost reading): the computed flag and the printed-flag check
    # must compare with the repaired range
    sheet = parse_sheet(table(HEADER, XS, [("白细胞计数", "4.10", "10^9/L", "3595"),
                                           ("血小板计数", "88↑", "10^9/L", "125-350")]))
    wbc, plt = sheet.rows
    assert (wbc.reference, wbc.reference_repaired, wbc.flag) == ("3.5-9.5", True, None)
    assert plt.flag_printed == "↑" and plt.flag == "↓"  # the printed ↑ contradicts 88 against 125-350
    assert "lab.flag_contradiction" not in {d.code for d in row_doubts(wbc)}


def test_note_words_beside_the_reference_are_not_part_of_it():
    rows = [("白细胞计数", "4.81", "10^9/L", "3.5-9.5"), ("中性粒细胞百分比", "73.3", "%", "40.0-75.0")]
    lines = table(HEADER, XS, rows)
    lines.append(line("项目名称过长", 660, 130))
    lines.append(line("完整名称见字典", 660, 160))
    sheet = parse_sheet(lines)
    assert fields(sheet, "item", "reference") == [("白细胞计数", "3.5-9.5"), ("中性粒细胞百分比", "40.0-75.0")]


def test_range_wrapped_inside_its_upper_bound_is_joined():
    lines = table(HEADER, XS, [("比重", "1.010", "", "1.003-1."), ("酸碱度", "7.00", "", "4.5-8.0")], pitch=40)
    lines.append(line("030", 560, 160))  # the rest of 1.003-1.030, printed right under it in the same cell
    sheet = parse_sheet(lines)
    assert fields(sheet, "item", "reference") == [("比重", "1.003-1.030"), ("酸碱度", "4.5-8.0")]


@pytest.mark.parametrize("raw, units, prefer, want", [
    ("10'/L", ["10^12/L", "10^6/μL"], "10^12/L", "10^12/L"),  # equally near two valid units: the usual one
    ("10'/L", ["10^12/L", "10^6/μL"], None, None),
    ("7m/n", ["U/mL", "kU/L"], "U/mL", "U/mL"),  # U/mL read upside down, its w returned as m
    ("7/0", ["U/L", "IU/L"], "U/L", "U/L"),
])
def test_unit_read_towards_the_items_valid_units(raw, units, prefer, want):
    assert nearest(raw, units, prefer=prefer) == want


def test_flag_glued_before_a_unit_that_lost_its_superscript():
    sheet = parse_sheet(table(HEADER, XS, [("白细胞计数", "3.29", "↓10/L", "3.5-9.5")]))
    assert fields(sheet, "item", "unit", "flag") == [("白细胞计数", "10^9/L", "↓")]


def test_unit_of_an_item_the_catalogue_now_knows_is_checked():
    sheet = parse_sheet(table(HEADER, XS, [("α-羟丁酸脱氢酶", "137", "7/0", "72-182"),
                                           ("糖类抗原72-4", "10.6", "mmol/L", "<6.90")]))
    assert fields(sheet, "item", "unit") == [("α-羟丁酸脱氢酶", "U/L"), ("糖类抗原72-4", "mmol/L")]
    assert "lab.invalid_unit" in {d.code for d in row_doubts(sheet.rows[1])}


def test_configured_reference_factor_reaches_the_repair():
    # 1.00-300 mg/L lies 100x off β2-microglobulin's typical interval: repaired at the default factor, kept as read
    # when the hospital's checks.reference_factor tolerates that much
    from oncostruct.extractors.ocr.lab_report import LabOptions, _sheet

    lines = table(HEADER, XS, [("β2微球蛋白", "2.10", "mg/L", "1.00-300"), ("白细胞计数", "4.81", "10^9/L", "3.5-9.5")])
    assert fields(_sheet(lines, None, LabOptions()), "reference")[0] == ("1.00-3.00",)
    wide = LabOptions(checks={"reference_factor": 1000.0})
    assert fields(_sheet(lines, None, wide), "reference")[0] == ("1.00-300",)
