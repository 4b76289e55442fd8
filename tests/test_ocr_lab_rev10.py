"""Lab layouts first met in blind set 10, on hand-written OCR lines (no OCR run): cards whose reference label has no
colon, transposed tables (items as columns, fields as labelled lines, bands stacked down the page)."""
from oncostruct.extractors.ocr.ocr import OcrLine
from oncostruct.extractors.ocr.sheet import parse_sheet


def line(text, x, y, w=None, h=20):
    w = w or 14 * len(text)
    return OcrLine(text, 0.95, [(x, y), (x + w, y), (x + w, y + h), (x, y + h)])


def fields(sheet, *names):
    return [tuple(getattr(r, n) for n in names) for r in sheet.rows]


def test_card_reference_label_without_colon():
    lines = [line("09:12", 40, 10), line("检验结果", 300, 50), line("某某市人民医院", 40, 100)]
    y = 160
    for name, badge, value, ref in (("谷丙转氨酶ALT", None, "23 U/L", "参考范围 9~50"),
                                    ("肌酐", "偏高", "131 μmol/L", "参考范围57~111"),
                                    ("尿酸", None, "402 μmol/L", "参考范围 208-428")):
        lines += [line(name, 60, y), line(value, 55, y + 50, h=40), line(ref, 60, y + 110)]
        if badge:
            lines.append(line(badge, 600, y))
        y += 220
    sheet = parse_sheet(lines)
    assert fields(sheet, "item", "value", "unit", "reference") == [
        ("谷丙转氨酶", "23", "U/L", "9-50"), ("肌酐", "131", "μmol/L", "57-111"), ("尿酸", "402", "μmol/L", "208-428")]
    assert [r.flag is not None for r in sheet.rows] == [False, True, False]


def test_card_label_word_alone_is_no_reference_line():
    lines = [line("参考范围仅供参考", 60, 100), line("7.1", 55, 150), line("参考范围说明见背面", 60, 200)]
    assert parse_sheet(lines).rows == [] or all(r.reference is None for r in parse_sheet(lines).rows)


def _band(y, items, values, flags, units, refs, xs=(300, 500, 700)):
    out = [line("项目", 100, y)] + [line(t, x, y) for t, x in zip(items, xs)]
    for k, (label, cells) in enumerate((("结果", values), ("提示", flags), ("单位", units), ("参考值", refs))):
        out += [line(label, 100, y + 40 * (k + 1))] + [line(t, x, y + 40 * (k + 1)) for t, x in zip(cells, xs) if t]
    return out


def test_transposed_bands_one_record_per_column():
    lines = [line("某某医院检验报告", 300, 20), line("姓名：李四", 100, 60)]
    lines += _band(120, ("钾", "钠", "总蛋白"), ("5.9", "140", "70.2"), ("↑", "", ""),
                   ("mmol/L", "mmol/L", "g/L"), ("3.5-5.3", "137-147", "65-85"))
    lines += _band(380, ("尿素", "肌酐"), ("4.1", "66"), ("", ""), ("mmol/L", "μmol/L"), ("2.9-8.2", "57-111"))
    lines.append(line("报告时间：2024-01-01", 100, 640))
    sheet = parse_sheet(lines)
    assert fields(sheet, "item", "value", "unit", "reference", "flag") == [
        ("钾", "5.9", "mmol/L", "3.5-5.3", "↑"), ("钠", "140", "mmol/L", "137-147", None),
        ("总蛋白", "70.2", "g/L", "65-85", None), ("尿素", "4.1", "mmol/L", "2.9-8.2", None),
        ("肌酐", "66", "μmol/L", "57-111", None)]


def test_ordinary_table_is_not_read_transposed():
    lines = [line("项目", 40, 100), line("结果", 300, 100), line("单位", 420, 100), line("参考值", 540, 100)]
    lines += [line("钾", 40, 140), line("4.1", 300, 140), line("mmol/L", 420, 140), line("3.5-5.3", 540, 140)]
    lines += [line("钠", 40, 180), line("139", 300, 180), line("mmol/L", 420, 180), line("137-147", 540, 180)]
    assert fields(parse_sheet(lines), "item", "value") == [("钾", "4.1"), ("钠", "139")]


def test_side_pane_close_to_the_header_is_parted_by_its_border():
    """A sample list left of the result pane, the gap narrower than two text heights but crossed by no token below."""
    lines = [line("序", 10, 100), line("条码", 40, 100), line("姓名", 180, 100), line("状态", 250, 100)]
    header = (("序号", 330), ("代号", 390), ("检验项目", 470), ("结果", 620), ("单位", 700), ("参考区间", 800))
    results = (("ALT", "谷丙转氨酶", "31", "U/L", "9-50"), ("AST", "谷草转氨酶", "28", "U/L", "15-40"),
               ("GGT", "谷氨酰转移酶", "44", "U/L", "10-60"), ("ALP", "碱性磷酸酶", "90", "U/L", "45-125"))
    for k in range(6):
        y = 130 + 30 * k
        lines += [line(str(k + 1), 10, y), line(f"24051000{k}", 40, y, w=126), line("王某", 180, y, w=28),
                  line("已审核", 250, y, w=42)]
        if k == 0:
            lines += [line(t, x, y) for t, x in header]
        elif k <= len(results):
            abbr, name, value, unit, ref = results[k - 1]
            lines += [line(str(k), 330, y), line(abbr, 390, y), line(name, 470, y), line(value, 620, y),
                      line(unit, 700, y), line(ref, 800, y)]
    sheet = parse_sheet(lines)
    assert fields(sheet, "item", "value", "reference") == [
        ("谷丙转氨酶", "31", "9-50"), ("谷草转氨酶", "28", "15-40"), ("谷氨酰转移酶", "44", "10-60"),
        ("碱性磷酸酶", "90", "45-125")]


def test_flag_in_brackets_glued_to_value_and_range_in_parentheses():
    rows = (("谷丙转氨酶(ALT)", "88[H]", "U/L", "(7-40)"), ("白蛋白(ALB)", "31.2[L]", "g/L", "(40-55)"),
            ("尿素(UREA)", "4.40", "mmol/L", "(2.6-7.5)"), ("葡萄糖(GLU)", "5.0", "mmol/L", "(0.270,4.200)"))
    lines = [line("某某医院生化检验报告", 200, 20)]
    lines += [ln for k, r in enumerate(rows) for ln in (line(r[0], 40, 100 + 40 * k), line(r[1], 400, 100 + 40 * k),
                                                         line(r[2], 520, 100 + 40 * k), line(r[3], 640, 100 + 40 * k))]
    sheet = parse_sheet(lines)
    assert fields(sheet, "item", "value", "reference") == [
        ("谷丙转氨酶", "88", "7-40"), ("白蛋白", "31.2", "40-55"), ("尿素", "4.40", "2.6-7.5"),
        ("葡萄糖", "5.0", "(0.270,4.200)")]
    assert [r.flag for r in sheet.rows[:2]] == ["↑", "↓"]


def test_header_over_three_lines_with_merged_cells():
    lines = [line("某某医院检验报告单", 300, 20), line("检验项目", 200, 100), line("检测结果", 520, 100),
             line("参考区间", 760, 100), line("序号", 40, 125), line("单位", 1000, 125),
             line("中文名称", 150, 150), line("英文缩写", 330, 150), line("提示", 600, 150)]
    rows = (("1", "肌酸激酶", "CK", "250", "↑", "50", "200", "U/L"), ("2", "钾", "K", "4.2", "", "3.5", "5.3", "mmol/L"),
            ("3", "钠", "Na", "139", "", "137", "147", "mmol/L"))
    for k, r in enumerate(rows):
        y = 190 + 35 * k
        lines += [line(t, x, y) for t, x in zip(r, (40, 150, 330, 520, 600, 740, 840, 1000)) if t]
    sheet = parse_sheet(lines)
    assert fields(sheet, "index", "item", "abbr", "value", "unit") == [
        (1, "肌酸激酶", "CK", "250", "U/L"), (2, "钾", "K", "4.2", "mmol/L"), (3, "钠", "Na", "139", "mmol/L")]


def test_normal_control_column_is_no_part_of_the_value():
    xs = (40, 300, 420, 540, 640, 800)
    lines = [line(t, x, 100) for t, x in zip(("检验项目", "结果", "正常对照", "单位", "参考区间", "提示"), xs)]
    rows = (("凝血酶原时间", "15.2", "11.9", "s", "10.5-13.5", "↑"), ("纤维蛋白原", "3.10", "2.60", "g/L", "2-4", ""))
    for k, r in enumerate(rows):
        lines += [line(t, x, 140 + 40 * k) for t, x in zip(r, xs) if t]
    assert fields(parse_sheet(lines), "item", "value", "unit", "reference") == [
        ("凝血酶原时间", "15.2", "s", "10.5-13.5"), ("纤维蛋白原", "3.10", "g/L", "2-4")]


def test_element_symbol_after_a_one_character_name_and_range_ends_in_two_cells():
    xs = (40, 300, 420, 540)
    lines = [line(t, x, 100) for t, x in zip(("项目", "结果", "单位", "参考区间"), xs)]
    rows = (("钠Na", "141.0", "mmol/L", "137- 147"), ("钾", "4.4", "mmol/L", "3.5 -5.3"), ("镁Mg", "0.90", "mmol/L", "0.75-1.02"))
    for k, r in enumerate(rows):
        lines += [line(t, x, 140 + 40 * k) for t, x in zip(r, xs)]
    lines.append(line("K", 80, 180))
    assert fields(parse_sheet(lines), "item", "abbr", "reference") == [
        ("钠", "Na", "137-147"), ("钾", "K", "3.5-5.3"), ("镁", "Mg", "0.75-1.02")]


def test_mixed_case_code_glued_to_a_dictionary_name():
    xs = (40, 400, 520, 640)
    lines = [line(t, x, 100) for t, x in zip(("项目", "结果", "单位", "参考区间"), xs)]
    rows = (("甲状腺球蛋白抗体TgAb", "20.5", "IU/mL", "<115"), ("促甲状腺激素受体抗体TRAb", "0.80", "IU/L", "<1.75"),
            ("抗核糖体Ab", "3.0", "U/mL", "<20"))
    for k, r in enumerate(rows):
        lines += [line(t, x, 140 + 40 * k) for t, x in zip(r, xs)]
    assert fields(parse_sheet(lines), "item", "abbr") == [
        ("甲状腺球蛋白抗体", "TgAb"), ("促甲状腺激素受体抗体", "TRAb"), ("抗核糖体Ab", None)]


def test_unit_i_read_as_one_glued_to_the_value():
    xs = (40, 400, 640)
    lines = [line(t, x, 100) for t, x in zip(("项目", "结果", "参考区间"), xs)]
    rows = (("甲状腺球蛋白抗体", "23.71U/mL", "<115"), ("促甲状腺激素受体抗体", "0.81U/L", "<1.75"))
    for k, r in enumerate(rows):
        lines += [line(t, x, 140 + 40 * k) for t, x in zip(r, xs)]
    lines += [line("甲状腺过氧化物酶抗体", 40, 220), line("12.1", 400, 220), line("U/mL", 470, 220), line("<34", 640, 220)]
    sheet = parse_sheet(lines)
    assert fields(sheet, "value", "unit", "value_repaired") == [
        ("23.7", "IU/mL", True), ("0.8", "IU/L", True), ("12.1", "IU/mL", False)]


def test_range_ends_of_two_rows_touching_at_an_edge_are_not_one_wrapped_cell():
    lines = [line(t, x, 100) for t, x in zip(("项目", "结果", "单位", "参考区间"), (40, 300, 420, 560))]
    rows = (("钠", "139.0", "mmol/L", ("137-", 560), ("147", 626)), ("氯", "104.0", "mmol/L", ("99-", 560), ("110", 615)),
            ("钾", "4.10", "mmol/L", ("3.5-", 560), ("5.3", 616)))
    for k, (name, value, unit, low, high) in enumerate(rows):
        y = 140 + 30 * k
        lines += [line(name, 40, y), line(value, 300, y), line(unit, 420, y), line(low[0], low[1], y), line(high[0], high[1], y)]
    assert fields(parse_sheet(lines), "item", "reference") == [("钠", "137-147"), ("氯", "99-110"), ("钾", "3.5-5.3")]


def test_card_value_right_of_the_name_abbreviation_under_it():
    lines = [line("10:05", 40, 10), line("报告详情", 300, 50)]
    y = 120
    for name, value, abbr, ref, unit in (("白细胞计数", "3.02低", "WBC", "参考范围3.50~9.50", "10^9/L"),
                                         ("血红蛋白", "141", "HGB", "参考范围130~175", "g/L"),
                                         ("血小板计数", "402高", "PLT", "参考范围125~350", "10^9/L")):
        lines += [line(name, 40, y), line(value, 560, y), line(abbr, 40, y + 32),
                  line(ref, 40, y + 64), line(unit, 600, y + 64)]
        y += 130
    sheet = parse_sheet(lines)
    assert fields(sheet, "item", "value", "unit", "reference") == [
        ("白细胞计数", "3.02", "10^9/L", "3.50-9.50"), ("血红蛋白", "141", "g/L", "130-175"),
        ("血小板计数", "402", "10^9/L", "125-350")]
    assert [r.flag for r in sheet.rows] == ["↓", None, "↑"]
