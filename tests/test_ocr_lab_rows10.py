"""Which lines make a row, on hand-written OCR lines (no OCR run): a table continued right of its header without
one (the right page of a spread), merged group-label cells, codes in brackets, notes and headings around the table,
a title bent onto the first row, an empty value cell in a headerless table; and names that go to review."""
import importlib.util
from pathlib import Path

from oncostruct.extractors.ocr.checks import row_doubts
from oncostruct.extractors.ocr.item_checks import item_doubt
from oncostruct.extractors.ocr.lab_rows import LabRow
from oncostruct.extractors.ocr.sheet import parse_sheet
from tests.test_ocr_lab_layouts4 import fields, line, table

HEADER = ("项目", "结果", "单位", "参考范围")
XS = (40, 300, 420, 540)
BLOOD = [("白细胞计数", "6.5", "10^9/L", "3.5-9.5"), ("红细胞计数", "4.5", "10^12/L", "4.3-5.8"),
         ("血红蛋白", "135", "g/L", "130-175"), ("血小板计数", "210", "10^9/L", "125-350")]
LIVER = [("总蛋白", "70.1", "g/L", "65-85"), ("白蛋白", "45.2", "g/L", "40-55"), ("球蛋白", "24.9", "g/L", "20-40"),
         ("总胆红素", "12.1", "μmol/L", "0-21")]


def _right_page(rows, top, dx=800):
    return [line(t, x + dx, top + 30 * i) for i, r in enumerate(rows) for t, x in zip(r, XS)]


def test_right_page_continuing_without_a_header_is_its_own_block():
    sheet = parse_sheet(table(HEADER, XS, BLOOD, footer=False) + _right_page(LIVER, 135))
    assert fields(sheet, "item", "value", "unit", "reference") == BLOOD + LIVER
    assert {r.block for r in sheet.rows[:4]} != {r.block for r in sheet.rows[4:]}


def test_right_page_starting_above_the_left_header_keeps_its_first_rows():
    sheet = parse_sheet(table(HEADER, XS, BLOOD, footer=False, y0=160) + _right_page(LIVER + BLOOD[:2], 45))
    assert [r.item for r in sheet.rows] == [r[0] for r in BLOOD + LIVER + BLOOD[:2]]


def test_a_side_list_that_names_no_items_is_no_continuation():
    side = [line(t, x, 130 + 30 * i) for i, (name, bed) in enumerate(
        [("张某某", "3床"), ("李某某", "12床"), ("王某某", "7床"), ("赵某某", "9床")]) for t, x in ((name, 840), (bed, 960))]
    sheet = parse_sheet(table(HEADER, XS, BLOOD, footer=False) + side)
    assert len(sheet.tables[0].blocks) == 1


def test_merged_group_label_cell_left_of_the_names_joins_no_row():
    xs = (140, 400, 520, 640)
    lines = table(HEADER, xs, BLOOD + LIVER) + [line("血常规", 40, 100 + 30 * 2 + 15), line("肝功能", 40, 100 + 30 * 6 + 15)]
    assert fields(parse_sheet(lines), "item", "value") == [(r[0], r[1]) for r in BLOOD + LIVER]


def test_code_in_brackets_after_the_name_is_its_abbreviation():
    rows = [("氯(Cl)", "102.4", "mmol/L", "99-110"), ("镁(Mg)", "0.92", "mmol/L", "0.75-1.02"),
            ("前白蛋白(PA)", "298", "mg/L", "200-400"), ("胱抑素C(CysC)", "0.98", "mg/L", "0.59-1.03"),
            ("红细胞分布宽度(CV)", "12.5", "%", "11-16"), ("总前列腺特异性抗原(Max)", "2.1", "ng/mL", "0-4")]
    sheet = parse_sheet(table(HEADER, XS, rows))
    assert fields(sheet, "item", "abbr") == [("氯", "Cl"), ("镁", "Mg"), ("前白蛋白", "PA"), ("胱抑素C", "CysC"),
                                             ("红细胞分布宽度(CV)", None), ("总前列腺特异性抗原(Max)", None)]


def test_notes_legends_and_section_headings_around_the_table_are_no_rows():
    y = 100 + 30 * 6
    lines = table(HEADER, XS, BLOOD, footer=False) + [
        line("2.★表示该项目未通过认可 3", 40, y), line("危急值：血钾<3.0或>6.0 mmol/L", 40, y + 30),
        line("联系电话 0731-88888888", 40, y + 60), line("二、 炎症指标", 40, y + 90),
        line("C反应蛋白", 40, y + 120), line("5.2", 300, y + 120), line("mg/L", 420, y + 120), line("0-10", 540, y + 120)]
    assert [r.item for r in parse_sheet(lines).rows] == [r[0] for r in BLOOD] + ["C反应蛋白"]


def test_title_bent_onto_the_first_row_leaves_the_name():
    lines = [line("某省某市人民医院检验报告", 40, 10), line("白细胞计数", 380, 12)]
    lines += [line(t, x + 340, 12) for t, x in zip(("6.5", "10^9/L", "3.5-9.5"), XS[1:])]
    lines += [line(t, x + 340, 42 + 30 * i) for i, r in enumerate(BLOOD[1:]) for t, x in zip(r, XS)]
    assert [r.item for r in parse_sheet(lines).rows] == [r[0] for r in BLOOD]


def test_empty_value_cell_of_a_headerless_table_takes_no_range_as_value():
    rows = [list(r) for r in BLOOD + LIVER[:2]]
    rows[2][1] = ""
    sheet = parse_sheet([line(t, x, 10 + 30 * i) for i, r in enumerate(rows) for t, x in zip(r, XS) if t])
    hb = sheet.rows[2]
    assert (hb.item, hb.value, hb.reference) == ("血红蛋白", None, "130-175")
    assert "lab.missing_value" in {d.code for d in row_doubts(hb)}
    assert fields(sheet, "value")[3] == ("210",)


def test_names_glued_to_a_title_or_misread_go_to_review_and_real_names_do_not():
    for name in ("某市人民医院检验报告高密度脂蛋白胆固醇", "氧分压电解质值", "镜检:见少量细菌", "总胆固醉", "尿葡葡糖"):
        assert item_doubt(LabRow(item=name)) is not None, name
        assert "lab.item_doubt" in {d.code for d in row_doubts(LabRow(item=name, value="1.0", value_num=1.0))}
    for name in ("免疫球蛋白M", "糖化血红蛋白", "前白蛋白", "铁蛋白", "小红细胞", "肌酸激酶同工酶", "服糖后2小时血糖",
                 "γ-谷氨酰转移酶", "白细胞计数", "钾"):
        assert item_doubt(LabRow(item=name)) is None, name


def _errors_module():
    path = Path(__file__).resolve().parents[1] / "benchmarks" / "lab_row_errors.py"
    spec = importlib.util.spec_from_file_location("lab_row_errors", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_row_error_causes_are_told_apart():
    mod = _errors_module()
    gold = [{"item": "白细胞计数", "value": "6.5"}, {"item": "血红蛋白", "value": "135"},
            {"item": "血小板计数", "value": "210"}, {"item": "总胆固醇", "value": "4.1"}, {"item": "尿酸", "value": "300"}]

    def pred(item, value, review=False, known=True):
        return {"item": item, "value": value, "review": review, "features": {"known_item": known, "checks": []}}

    res = mod.classify_image([pred("白细胞计数", "135", True), pred("血红蛋白", None, True), pred("血小板计数", "211"),
                              pred("总胆固醉", "4.1", known=False), pred("页脚", "12", known=False)],
                             gold, "白细胞计数血红蛋白血小板计数总胆固醉")
    assert sorted(m["cause"] for m in res["missed"]) == ["ocr_missing", "ocr_missing"]
    assert sorted(e["cause"] for e in res["extra"]) == ["misread_name", "unknown_with_value"]
    assert [(w["cause"], w["review"]) for w in res["wrong"]] == [("borrowed", True), ("empty", True), ("misread", False)]


def test_review_tally_counts_rows_that_are_not_on_the_sheet():
    from oncostruct.eval.lab_score import ReviewTally

    tally = ReviewTally()
    tally.add([{"item": "白细胞计数", "value": "6.5", "review": False}, {"item": "页脚", "value": "3", "review": True},
               {"item": "某某", "value": "1", "review": False}], [{"item": "白细胞计数", "value": "6.5"}])
    summary = tally.summary()
    assert (summary["extra_rows"], summary["extra_rows_reviewed"], summary["wrong_values"]) == (3 - 1, 1, 0)


def test_three_column_groups_under_one_header_with_one_character_items():
    salts = [("钾", "4.1", "mmol/L", "3.5-5.3"), ("钠", "140", "mmol/L", "137-147"), ("氯", "101", "mmol/L", "99-110"),
             ("钙", "2.3", "mmol/L", "2.1-2.7")]
    lines = table(HEADER, XS, BLOOD) + _right_page(LIVER, 130, dx=700) + _right_page(salts, 130, dx=1400)
    sheet = parse_sheet(lines)
    assert fields(sheet, "item", "value", "unit", "reference") == BLOOD + LIVER + salts
    assert len({r.block for r in sheet.rows}) == 3


def test_headerless_page_with_three_groups_of_one_character_items():
    salts = [("钾", "4.1", "mmol/L", "3.5-5.3"), ("钠", "140", "mmol/L", "137-147"), ("氯", "101", "mmol/L", "99-110"),
             ("钙", "2.3", "mmol/L", "2.1-2.7")]
    lines = _right_page(BLOOD, 40, dx=0) + _right_page(salts, 40, dx=700) + _right_page(LIVER, 40, dx=1400)
    assert fields(parse_sheet(lines), "item", "value") == [(r[0], r[1]) for r in BLOOD + salts + LIVER]


def test_a_column_of_codes_right_of_the_reference_is_no_continuation():
    codes = [line(c, 840, 130 + 30 * i) for i, c in enumerate(("WBC", "RBC", "HGB", "PLT"))]
    codes += [line(str(i + 1), 960, 130 + 30 * i) for i in range(4)]
    sheet = parse_sheet(table(HEADER, XS, BLOOD, footer=False) + codes)
    assert len(sheet.tables[0].blocks) == 1 and [r.item for r in sheet.rows] == [r[0] for r in BLOOD]


def test_title_words_do_not_hide_header_words_that_overlap_them():
    from oncostruct.extractors.ocr.cells import _headers
    from oncostruct.extractors.ocr.sheet_words import holds

    assert holds("某市人民医院检验报告单", "title") and holds("★表示该项目未通过认可", "note")
    found = {(m.text, m.entry.category) for m in _headers().find("检验报告日期生化检验")}
    assert ("报告日期", "footer") in found and not holds("白细胞计数", "title")
