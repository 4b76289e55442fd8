"""Self-checks that catch a row holding a neighbour's cells or a stray token: reference far from the item's typical
interval, name vs abbreviation, value shape, a printed 阳性/阴性 against the number, and misaligned tables."""
from oncostruct.extractors.ocr.cells import item_entry
from oncostruct.extractors.ocr.checks import CheckOptions, Doubt, misaligned_rows, row_doubts
from oncostruct.extractors.ocr.consistency_checks import (item_mismatch, reference_mismatch, value_shape,
                                                          word_contradiction)
from oncostruct.extractors.ocr.lab_rows import LabRow, _numbers, split_value_word


def _row(item, value, unit=None, reference=None, abbr=None, row=0, table=0):
    r = LabRow(item=item, abbr=abbr, value=value, unit=unit, reference=reference, row=row, table=table)
    _numbers(r)
    return r


def _codes(r, report_type=None):
    return {d.code for d in row_doubts(r, report_type)}


def _attrs(name):
    return item_entry(name).attributes


def test_a_neighbours_reference_is_caught_even_when_units_agree():
    # total protein printed with the albumin interval: same unit g/L, disjoint from 65–85
    r = _row("总蛋白", "64.4", "g/L", "40.0-55.0")
    why = reference_mismatch(r, _attrs("总蛋白"), "TP", 2.0)
    assert why is not None and "overlap" in why
    assert "lab.reference_mismatch" in _codes(r)


def test_a_reference_mid_point_far_off_is_caught_and_a_usual_one_is_not():
    assert reference_mismatch(_row("γ-谷氨酰转肽酶", "103", "U/L", "45-125"), _attrs("GGT"), "GGT", 2.0) is not None
    for item, ref in [("谷氨酰转肽酶", "7-45"), ("总胆红素", "0-21"), ("直接胆红素", "0-3.4"), ("甲胎蛋白", "0-20"),
                      ("白细胞计数", "4-10"), ("钾", "3.5-5.5"), ("癌胚抗原", "<5.0"), ("嗜碱性粒细胞计数", "<1.00")]:
        r = _row(item, "1", item_entry(item).attributes.get("unit"), ref)
        assert reference_mismatch(r, _attrs(item), item, 2.0) is None, (item, ref)


def test_reference_is_compared_only_in_the_items_usual_unit():
    # MCHC in g/dL (32–36) is fine; with no unit printed the item's two valid units make it undecidable
    assert reference_mismatch(_row("MCHC", "33", "g/dL", "32-36"), _attrs("MCHC"), "MCHC", 2.0) is None
    assert reference_mismatch(_row("MCHC", "33", None, "32-36"), _attrs("MCHC"), "MCHC", 2.0) is None
    assert reference_mismatch(_row("MCHC", "33", "g/L", "32-36"), _attrs("MCHC"), "MCHC", 2.0) is not None


def test_name_and_abbreviation_of_two_items_go_to_review():
    assert item_mismatch(_row("丙氨酸氨基转移酶", "22", "U/L", "15-40", abbr="AST")) is not None
    assert item_mismatch(_row("丙氨酸氨基转移酶", "22", "U/L", "9-50", abbr="ALT")) is None
    assert item_mismatch(_row("某未知项目", "22", abbr="AST")) is None
    assert item_mismatch(_row("白细胞", "48.4", "/μL", "0-28", abbr="WBC"), "尿常规") is None  # urine WBC, WBC
    assert item_mismatch(_row("白细胞", "阴性", None, "阴性", abbr="LEU"), "尿常规") is None  # dipstick leukocytes
    assert "lab.item_mismatch" in _codes(_row("总蛋白", "58.5", "g/L", "65-85", abbr="ALB"))


def test_a_qualitative_result_with_a_stray_token_is_no_result_shape():
    for value in ("1+ 1", "阳性 1"):
        assert value_shape(_row("尿胆原", value)) is not None, value
        assert "lab.value_shape" in _codes(_row("尿胆原", value))
    for value in ("1+", "阳性", "0.03 阴性", "5.2", "<0.5", "阴性(-)", "12.3 H"):
        assert value_shape(_row("尿胆原", value)) is None, value


def test_a_printed_word_is_kept_with_its_number():
    assert split_value_word("0.03 阴性") == ("0.03", "阴性")
    assert split_value_word("1+ 1") == ("1+ 1", None)
    r = _row("乙型肝炎表面抗原", "0.03 阴性", "IU/mL", "<0.05")
    assert r.value == "0.03 阴性" and r.value_word == "阴性" and r.value_num == 0.03


def test_a_word_that_contradicts_the_number_goes_to_review():
    assert word_contradiction(_row("HBeAg", "73.10 阳性", "S/CO", "<1.00")) is None
    assert word_contradiction(_row("HBeAb", "0.24 阳性", "S/CO", ">1.00")) is None  # inhibition assay: low = positive
    assert word_contradiction(_row("HBsAg", "0.03 阴性", "IU/mL", "<0.05")) is None
    why = word_contradiction(_row("HBeAg", "0.30 阳性", "S/CO", "<1.00"))
    assert why is not None and "inside" in why
    assert word_contradiction(_row("HBsAg", "25.6 阴性", "IU/mL", "<0.05")) is not None
    assert "lab.word_contradiction" in _codes(_row("HBeAg", "0.30 阳性", "S/CO", "<1.00"))


def test_blood_gas_items_reach_the_value_checks():
    assert "lab.implausible_value" in _codes(_row("pH", "36.2", None, "7.35-7.45"))
    assert _codes(_row("pH", "7.43", None, "7.35-7.45")) == set()
    assert "lab.reference_mismatch" in _codes(_row("pCO2", "70.8", "mmHg", "80-100"))
    assert _codes(_row("pCO2", "36.2", "mmHg", "35-45")) == set()
    assert "lab.implausible_value" in _codes(_row("K+", "42", "mmol/L", "3.5-5.3"))
    assert item_entry("Ca2+").canonical == "ICA" and item_entry("Ca").canonical == "CA"


def test_a_table_with_several_misfit_rows_sends_the_rows_around_them_to_review():
    rows = [_row(f"项目{i}", "1", row=i) for i in range(8)]
    other = [_row(f"别表{i}", "1", row=i, table=1) for i in range(3)]
    bad = Doubt("lab.reference_mismatch", "x")
    doubts = {id(rows[3]): [bad], id(rows[5]): [Doubt("lab.item_mismatch", "y")], id(other[0]): [bad]}
    out = misaligned_rows(rows + other, doubts, CheckOptions())
    assert {r.row for r in rows if id(r) in out} == {2, 3, 4, 5, 6}
    assert not any(id(r) in out for r in other)  # one misfit row alone is no misaligned table
    assert all(d.code == "lab.misaligned_table" for d in out.values())
    # flag contradictions and invalid units are independent misreads, not a shifted table
    flags = {id(rows[1]): [Doubt("lab.flag_contradiction", "z")], id(rows[6]): [Doubt("lab.invalid_unit", "z")]}
    assert misaligned_rows(rows, flags, CheckOptions()) == {}


def test_an_impossible_value_that_fits_the_next_rows_range_sends_its_neighbours_to_review():
    rows = [_row("血气", "7.43", row=0), _row("pH", "36.2", None, "7.35-7.45", row=1),
            _row("pCO2", "70.8", "mmHg", "35-45", row=2), _row("pO2", "95", "mmHg", "80-100", row=3),
            _row("K+", "4.2", "mmol/L", "3.5-5.3", row=4)]
    doubts = {id(r): row_doubts(r) for r in rows}
    assert "lab.implausible_value" in {d.code for d in doubts[id(rows[1])]}
    out = misaligned_rows(rows, doubts, CheckOptions())
    assert {r.row for r in rows if id(r) in out} == {0, 1, 2}
    # the same impossible value with no neighbour range around it stays a one-row doubt (9.8-4: an inverted range
    # that no repair reads as rising; 10.8-4 is now read as 0.8-4 with a flag mark, references.leading_mark)
    inverted = [_row("淋巴细胞绝对值", "0.7", "10^9/L", "9.8-4", row=0), _row("单核细胞绝对值", "0.8", "10^9/L", "0.1-0.8", row=1)]
    assert misaligned_rows(inverted, {id(inverted[0]): [Doubt("lab.decimal_doubt", "x")]}, CheckOptions()) == {}
    alone = [rows[1], _row("K+", "4.2", "mmol/L", "3.5-5.3", row=2)]
    assert misaligned_rows(alone, {id(r): row_doubts(r) for r in alone}, CheckOptions()) == {}
