"""Layouts first met in blind set 7, on hand-written OCR lines (no OCR run): traditional Chinese sheets (Hong Kong,
Taiwan) with US-style units, an allergen panel's class column after the unit, an age-group reference sub-table under
the results, the two pages of an open booklet each with its own header, and a power of ten printed with the value."""
from oncostruct.eval.lab_score import match_rows, norm_item
from oncostruct.extractors.ocr.cells import canonical_unit, item_entry
from oncostruct.extractors.ocr.checks import row_doubts
from oncostruct.extractors.script import to_simplified
from oncostruct.extractors.ocr.sheet import parse_sheet
from tests.test_ocr_lab_layouts4 import fields, line, table


def test_traditional_names_code_like_simplified_and_keep_their_print():
    assert to_simplified("檢驗項目 平均紅血球血紅素濃度 10^3/μL") == "检验项目 平均红血球血红素浓度 10^3/μL"
    for trad, code in (("白血球", "WBC"), ("紅血球", "RBC"), ("血紅素", "HGB"), ("血球容積比", "HCT"),
                       ("平均紅血球血紅素濃度", "MCHC"), ("紅血球分布寬度", "RDW-CV"), ("嗜鹼性球", "BASO%"), ("鉀", "K")):
        assert item_entry(trad).canonical == code
    rows = [("白血球(WBC)", "14.66 H", "103/μL", "4.0-10.0"), ("紅血球(RBC)", "3.98 L", "10⁶/μL", "4.50-5.90"),
            ("血紅素(Hb)", "14.3", "g/dL", "13.5-17.5"), ("嗜中性球(Neut)", "25.2 L", "%", "40.0-75.0"),
            ("肌酸酐(Creatinine)", "0.82", "mg/dL", "0.70-1.30"), ("鈉(Na)", "141", "mEq/L", "136-145")]
    sheet = parse_sheet(table(("檢驗項目", "結果", "單位", "參考值"), (40, 340, 470, 600), rows, footer=False)
                        + [line("報告時間：2026/10/02 09:12", 40, 100 + 30 * (len(rows) + 2))])
    assert fields(sheet, "item", "value", "unit", "reference", "flag") == [
        ("白血球", "14.66", "10^3/μL", "4.0-10.0", "↑"), ("紅血球", "3.98", "10^6/μL", "4.50-5.90", "↓"),
        ("血紅素", "14.3", "g/dL", "13.5-17.5", None), ("嗜中性球", "25.2", "%", "40.0-75.0", "↓"),
        ("肌酸酐", "0.82", "mg/dL", "0.70-1.30", None), ("鈉", "141", "mEq/L", "136-145", None)]
    assert all(not row_doubts(r) or r.item == "嗜中性球" for r in sheet.rows if r.item != "肌酸酐")


def test_scorer_takes_traditional_and_simplified_forms_as_one_name():
    assert norm_item("紅血球") == norm_item("红血球") != norm_item("红细胞")
    assert match_rows([{"item": "红血球"}, {"item": "白血球"}], [{"item": "白血球"}, {"item": "紅血球"}]) == [(1, 0), (0, 1)]


def test_us_style_count_units():
    assert canonical_unit("103/μL") == "10^3/μL" and canonical_unit("x10^6/uL") == "10^6/μL"
    assert canonical_unit("109/L") == "10^9/L"


def test_allergen_class_column_after_the_unit_is_not_part_of_it():
    rows = [("屋尘螨", "d1", "20.80", "kU/L", "4", "<0.35", "↑"), ("猫毛皮屑", "e1", "<0.10", "kU/L", "0", "<0.35", ""),
            ("花生", "f13", "1.12", "kU/L", "2", "<0.35", "↑")]
    sheet = parse_sheet(table(("过敏原", "代码", "结果", "单位", "级别", "参考值", "提示"),
                              (40, 200, 300, 400, 480, 560, 680), rows))
    assert fields(sheet, "item", "value", "unit", "reference") == [(n, v, u, r) for n, _, v, u, _, r, _ in rows]


def test_age_group_reference_table_under_the_results_gives_no_rows():
    rows = [("丙氨酸氨基转移酶", "19", "U/L", "9-50"), ("碱性磷酸酶", "578", "U/L", "见下表"), ("肌酐", "44", "μmol/L", "57-111")]
    lines = table(("项目名称", "结果", "单位", "参考区间"), (40, 340, 470, 600), rows, footer=False)
    y = 100 + 30 * (len(rows) + 2)
    lines.append(line("附表：碱性磷酸酶(ALP)年龄别参考区间(U/L)", 60, y))
    lines += [line("年龄", 100, y + 30), line("男", 300, y + 30), line("女", 500, y + 30)]
    for i, (age, m, f) in enumerate((("1-<9岁", "146-385", "146-385"), ("13-<15岁", "138-506", "92-345"),
                                     ("≥17岁", "45-125", "35-100"))):
        lines += [line(age, 100, y + 60 + 30 * i), line(m, 300, y + 60 + 30 * i), line(f, 500, y + 60 + 30 * i)]
    lines.append(line("检验者：某某", 40, y + 200))
    sheet = parse_sheet(lines)
    assert [r.item for r in sheet.rows] == [r[0] for r in rows]


def test_open_booklet_pages_with_headers_at_different_heights():
    """Left page: header at y 300; right page: header at y 100, its rows going on below the left page's header."""
    out = [line("检验结果（肝功能）", 40, 240), line("检验结果（肾功能）", 900, 40)]
    xs_left, xs_right = (40, 300, 420, 520), (900, 1160, 1280, 1380)
    out += [line(h, x, 300) for h, x in zip(("项目名称", "结果", "单位", "参考区间"), xs_left)]
    out += [line(h, x, 100) for h, x in zip(("项目名称", "结果", "单位", "参考区间"), xs_right)]
    left = [("丙氨酸氨基转移酶", "14", "U/L", "9-50"), ("总蛋白", "89.1", "g/L", "65.0-85.0"), ("白蛋白", "49.0", "g/L", "40.0-55.0")]
    right = [("尿素", "4.26", "mmol/L", "3.10-8.00"), ("肌酐", "82", "μmol/L", "57-111"), ("尿酸", "410", "μmol/L", "208-428"),
             ("葡萄糖", "5.18", "mmol/L", "3.90-6.10"), ("钾", "4.03", "mmol/L", "3.50-5.30"), ("钠", "142.2", "mmol/L", "137.0-147.0"),
             ("氯", "103.2", "mmol/L", "99.0-110.0"), ("钙", "2.35", "mmol/L", "2.11-2.52")]
    for i, r in enumerate(left):
        out += [line(t, x, 336 + 36 * i) for t, x in zip(r, xs_left)]
    for i, r in enumerate(right):
        out += [line(t, x, 136 + 36 * i) for t, x in zip(r, xs_right)]
    sheet = parse_sheet(out)
    assert fields(sheet, "item", "value", "reference") == [(n, v, r) for n, v, _, r in left + right]


def test_power_of_ten_in_the_unit_cell_sends_the_row_to_review():
    # a power of ten printed with the value stays with it (<1.0×10^3, issue 14); one printed in the unit cell, apart
    # from the value, may be the value's multiplier
    rows = [("丙型肝炎病毒RNA定量", "<1.0×103", "copies/mL", "<1.0×103"), ("乙型肝炎病毒表面抗原", "0.12", "IU/mL", "<0.05"),
            ("巨细胞病毒DNA", "5.0", "×10^3copies/mL", "<5.0")]
    sheet = parse_sheet(table(("检验项目", "结果", "单位", "参考值"), (40, 340, 470, 720), rows))
    assert fields(sheet, "value", "unit")[0] == ("<1.0×10^3", "copies/mL")
    codes = [[d.code for d in row_doubts(r)] for r in sheet.rows]
    assert "lab.value_scale" in codes[2] and "lab.value_scale" not in codes[0] + codes[1]


def test_chart_axis_beside_the_table_joins_no_row():
    """A haematology analyser's histogram axis (0 100 200 fL 300) on the text line of a result row."""
    rows = [("血红蛋白", "160", "g/L", "130-175"), ("红细胞压积", "43.2", "%", "40.0-50.0"),
            ("红细胞分布宽度-SD", "38.7", "fL", "37.0-54.0")]
    lines = table(("项目名称", "结果", "单位", "参考区间"), (40, 300, 400, 500), rows)
    for y in (130, 190):
        lines += [line("0", 700, y), line("100", 800, y), line("200", 900, y), line("fL 300", 980, y)]
    sheet = parse_sheet(lines)
    assert fields(sheet, "item", "value", "unit", "reference") == list(rows)


def test_garbled_unit_repaired_to_the_per_decilitre_unit_its_reference_fits():
    rows = [("血紅素", "14.3", "TP/8", "13.5-17.5"), ("血红蛋白", "143", "7/8", "130-175")]
    sheet = parse_sheet(table(("檢驗項目", "結果", "單位", "參考值"), (40, 340, 470, 600), rows))
    assert fields(sheet, "item", "unit", "unit_repaired") == [("血紅素", "g/dL", True), ("血红蛋白", "g/L", True)]
