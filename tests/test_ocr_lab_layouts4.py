"""Lab layouts first met in blind set 4, on hand-written OCR lines (no OCR run): glued units, cumulative columns,
serology interpretation, flag words, wrapped names, English headers, two-line references, two pages, cards."""
from oncostruct.eval.lab_score import norm_flag
from oncostruct.extractors.ocr.ocr import OcrLine
from oncostruct.extractors.ocr.sheet import parse_sheet


def line(text, x, y, w=None, h=20):
    w = w or 14 * len(text)
    return OcrLine(text, 0.95, [(x, y), (x + w, y), (x + w, y + h), (x, y + h)])


def table(header, xs, rows, pitch=30, y0=100, footer=True):
    out = [line("某医院检验报告单", 200, 20), line("姓名：张三", 40, 60)]
    out += [line(h, x, y0) for h, x in zip(header, xs)]
    for i, r in enumerate(rows):
        out += [line(t, x, y0 + pitch * (i + 1)) for t, x in zip(r, xs) if t]
    if footer:
        out.append(line("检验者：某某", 40, y0 + pitch * (len(rows) + 2)))
    return out


def fields(sheet, *names):
    return [tuple(getattr(r, n) for n in names) for r in sheet.rows]


def test_unit_glued_to_value_is_split_off():
    sheet = parse_sheet(table(("项目", "结果", "参考值"), (40, 300, 500),
                              [("白细胞计数", "3.80×10^9/L", "3.5~9.5"), ("中性粒细胞百分比", "58.1%", "40.0--75.0")]))
    assert fields(sheet, "item", "value", "unit_raw", "reference") == [
        ("白细胞计数", "3.80", "×10^9/L", "3.5-9.5"), ("中性粒细胞百分比", "58.1", "%", "40.0-75.0")]


def test_cumulative_columns_take_the_current_result():
    header = ("项目名称", "本次结果", "上次结果", "前次结果", "单位", "参考范围")
    xs = (40, 260, 380, 500, 620, 740)
    sheet = parse_sheet(table(header, xs, [("白细胞计数", "10.49↑", "12.84↑", "10.72↑", "10^9/L", "3.5-9.5"),
                                           ("血红蛋白", "131", "120", "99", "g/L", "130-175")]))
    assert len(sheet.tables[0].blocks) == 1
    assert fields(sheet, "item", "value", "unit", "reference", "flag") == [
        ("白细胞计数", "10.49", "10^9/L", "3.5-9.5", "↑"), ("血红蛋白", "131", "g/L", "130-175", None)]


def test_serology_value_column_and_printed_interpretation_as_flag():
    header = ("检验项目", "检测值", "单位", "参考值", "定性结果")
    xs = (40, 300, 420, 540, 680)
    sheet = parse_sheet(table(header, xs, [("乙型肝炎病毒表面抗体", "63.76", "mIU/mL", "<10.00", "阳性(+)")]))
    assert fields(sheet, "value", "unit", "reference", "flag") == [("63.76", "mIU/mL", "<10.00", "阳性(+)")]


def test_flag_words_and_triangles_normalised_to_arrows():
    rows = [("癌胚抗原", "7.01", "偏高", "0.00-5.00"), ("甲胎蛋白", "0.50", "偏低", "1.00-7.00"),
            ("白蛋白", "60.1", "▲", "40.0-55.0"), ("总蛋白", "50.2", "V", "65.0-85.0")]
    sheet = parse_sheet(table(("项目", "结果", "状态", "参考值"), (40, 260, 400, 520), rows))
    assert fields(sheet, "item", "flag", "flag_computed") == [
        ("癌胚抗原", "↑", False), ("甲胎蛋白", "↓", False), ("白蛋白", "↑", False), ("总蛋白", "↓", False)]


def test_scorer_counts_same_direction_marks_equal():
    assert norm_flag("▲") == norm_flag("↑") == norm_flag("偏高") == norm_flag("H")
    assert norm_flag("▼") == norm_flag("偏低") == "↓"
    assert norm_flag("▲") != norm_flag("▼")


def test_name_wrapped_over_two_lines_is_one_row():
    lines = [line("检验项目", 40, 100), line("结果", 300, 100), line("单位", 420, 100), line("参考区间", 540, 100)]
    lines += [line("白细胞计数", 40, 140), line("7.02", 300, 140), line("10^9/L", 420, 140), line("3.5-9.5", 540, 140)]
    # name printed over two tight lines; the row's cells sit between them
    lines += [line("中性粒细胞百", 40, 180), line("分比", 40, 201), line("83.5", 300, 190), line("%", 420, 190),
              line("40.0-75.0", 540, 190)]
    lines += [line("血红蛋白", 40, 240), line("131", 300, 240), line("g/L", 420, 240), line("130-175", 540, 240)]
    sheet = parse_sheet(lines)
    assert fields(sheet, "item", "value", "unit") == [
        ("白细胞计数", "7.02", "10^9/L"), ("中性粒细胞百分比", "83.5", "%"), ("血红蛋白", "131", "g/L")]


def test_english_header_words_in_separate_tokens():
    sheet = parse_sheet(table(("Test", "Result", "Flag", "Unit", "Ref. Range"), (40, 260, 380, 460, 580),
                              [("白细胞计数", "12.6", "H", "10^9/L", "3.5-9.5")]))
    assert [c.role for c in sheet.tables[0].blocks[0].columns] == ["item", "value", "flag", "unit", "reference"]
    assert fields(sheet, "value", "unit", "flag") == [("12.6", "10^9/L", "↑")]  # printed H comes out as its arrow


def test_adjacent_header_words_stay_apart_and_right_aligned_value_in_unit_band():
    lines = table(("项目", "代码", "结果", "单位", "参考值"), (40, 300, 380, 470, 600), [])
    lines += [line("丙氨酸氨基转移酶", 40, 130), line("ALT", 300, 130), line("29 U/L", 462, 130), line("7-40", 600, 130)]
    sheet = parse_sheet(lines)
    assert [c.role for c in sheet.tables[0].blocks[0].columns] == ["item", "abbr", "value", "unit", "reference"]
    assert fields(sheet, "item", "abbr", "value", "unit") == [("丙氨酸氨基转移酶", "ALT", "29", "U/L")]


def test_reference_per_sex_on_two_lines_is_one_reference():
    lines = [line("检验项目", 40, 100), line("结果", 300, 100), line("单位", 420, 100), line("参考范围", 540, 100)]
    lines += [line("男:4.30-5.80", 540, 128), line("红细胞计数", 40, 140), line("3.91", 300, 140),
              line("10^12/L", 420, 140), line("女:3.80-5.10", 540, 150)]
    lines += [line("血小板计数", 40, 190), line("98", 300, 190), line("10^9/L", 420, 190), line("125-350", 540, 190)]
    sheet = parse_sheet(lines)
    assert fields(sheet, "item", "reference") == [("红细胞计数", "男:4.30-5.80 女:3.80-5.10"), ("血小板计数", "125-350")]


def test_two_pages_side_by_side_end_at_their_own_footer():
    header = ("项目", "结果", "参考值")
    left = [line(h, x, 100) for h, x in zip(header, (40, 260, 380))]
    right = [line(h, x, 100) for h, x in zip(header, (640, 860, 980))]
    rows = []
    for i in range(6):
        rows += [line(f"项目{'甲乙丙丁戊己'[i]}测定", 40, 130 + 30 * i), line(f"{i + 1}.5", 260, 130 + 30 * i),
                 line("1.0-9.0", 380, 130 + 30 * i)]
    for i in range(2):
        rows += [line(f"右页{'子丑'[i]}测定", 640, 130 + 30 * i), line("2.5", 860, 130 + 30 * i),
                 line("1.0-9.0", 980, 130 + 30 * i)]
    footer = [line("检验者：某某", 640, 205), line("审核者：某某", 820, 205)]  # under the right page only
    sheet = parse_sheet([line("某医院检验报告单", 200, 20), *left, *right, *rows, *footer])
    assert len(sheet.rows) == 8
    assert [r.block for r in sheet.rows].count(0) == 6


def test_cards_one_record_per_card():
    lines = [line("16:43", 40, 10), line("报告详情", 300, 50), line("异常项目1项", 40, 100)]
    y = 160
    for name, value, ref in (("白细胞计数WBC", "7.82 10^9/L", "参考范围：3.5-9.5"),
                             ("中性粒细胞百分比NEUT%", "89.4% ↑", "参考范围：40.0-75.0"),
                             ("血红蛋白HGB", "131 g/L", "参考范围：130-175")):
        lines += [line(name, 60, y), line(value, 55, y + 50, h=40), line(ref, 60, y + 110)]
        y += 220
    sheet = parse_sheet(lines)
    assert fields(sheet, "item", "abbr", "value", "unit", "reference", "flag") == [
        ("白细胞计数", "WBC", "7.82", "10^9/L", "3.5-9.5", None),
        ("中性粒细胞百分比", "NEUT%", "89.4", "%", "40.0-75.0", "↑"),
        ("血红蛋白", "HGB", "131", "g/L", "130-175", None)]


def _wrap_sheet(first, second):
    lines = [line("检验项目", 40, 100), line("结果", 300, 100), line("单位", 420, 100), line("参考区间", 540, 100)]
    lines += [line("尿胆原", 40, 140), line("3.2", 300, 140), line("μmol/L", 420, 140), line("0-16", 540, 140)]
    lines += [line(first, 40, 180), line(second, 40, 201), line("12.4", 300, 201), line("/uL", 420, 201),
              line("0-10", 540, 201)]
    lines += [line("白细胞计数", 40, 240), line("7.02", 300, 240), line("10^9/L", 420, 240), line("3.5-9.5", 540, 240)]
    return parse_sheet(lines)


def test_sub_heading_over_an_item_is_not_a_wrapped_name():
    sheet = _wrap_sheet("尿有形成分分析", "红细胞计数")
    assert [r.item for r in sheet.rows] == ["尿胆原", "红细胞计数", "白细胞计数"]


def test_abbreviation_over_its_chinese_name_is_one_record():
    sheet = _wrap_sheet("RBC", "红细胞计数")
    assert fields(sheet, "item", "abbr", "value") == [
        ("尿胆原", None, "3.2"), ("红细胞计数", "RBC", "12.4"), ("白细胞计数", None, "7.02")]


def test_susceptibility_rows_unread_arrow_and_notes():
    header = ("项目", "缩写", "结果", "单位", "参考区间", "解释")
    xs = (40, 260, 360, 480, 600, 760)
    rows = [("C反应蛋白", "CRP", "14.9", "mg/L", "0.0-10.0", "←"), ("菌落计数", "", ">10^5", "CFU/mL", "<10^4", ""),
            ("头孢他啶", "CAZ", ">=64", "μg/mL", "", "R"), ("替加环素", "TGC", "<=0.5", "μg/mL", "", "S")]
    lines = table(header, xs, rows, footer=False)
    lines.append(line("注:S敏感 I中介 R耐药", 40, 100 + 30 * 5))
    sheet = parse_sheet(lines)
    assert fields(sheet, "item", "value", "unit", "flag", "flag_computed") == [
        ("C反应蛋白", "14.9", "mg/L", "↑", True), ("菌落计数", ">10^5", "CFU/mL", None, False),
        ("头孢他啶", ">=64", "μg/mL", "R", False), ("替加环素", "<=0.5", "μg/mL", "S", False)]


def _sexed_sheet(sex, age):
    lines = [line(f"姓名：张三 性别：{sex} 年龄：{age}岁", 40, 40)]
    lines += [line("检验项目", 40, 100), line("结果", 300, 100), line("单位", 420, 100), line("参考范围", 540, 100)]
    lines += [line("男:4.30-5.80", 540, 128), line("红细胞计数", 40, 140), line("4.10", 300, 140),
              line("10^12/L", 420, 140), line("女:3.80-5.10", 540, 150)]
    lines += [line("18-59岁:2.60-7.50", 540, 178), line("尿素", 40, 190), line("8.00", 300, 190),
              line("mmol/L", 420, 190), line("60-79岁:3.10-8.80", 540, 200)]
    return parse_sheet(lines)


def test_reference_per_sex_or_age_band_flags_against_the_patients_own_range():
    male = _sexed_sheet("男", 45)
    assert fields(male, "flag", "reference_low") == [("↓", 4.3), ("↑", 2.6)]
    female = _sexed_sheet("女", 65)
    assert fields(female, "flag", "reference_low") == [(None, 3.8), (None, 3.1)]
    assert all("张三" not in str(vars(r)) and "性别" not in str(vars(r)) for r in male.rows)


def test_unit_with_l_read_as_one():
    from oncostruct.extractors.ocr.cells import canonical_unit

    assert canonical_unit("mmo1/L") == "mmol/L" and canonical_unit("μmo1/L") == "μmol/L"


def test_name_with_letter_prefix_and_unitless_value_in_unit_band():
    lines = table(("项目", "代码", "结果", "单位", "参考值"), (40, 300, 380, 470, 600), [], footer=False)
    lines += [line("国际标准化比值", 40, 130), line("INR", 300, 130), line("0.99", 465, 130), line("0.80-1.20", 600, 130)]
    lines += [line("D-二聚体", 40, 160), line("D-D", 300, 160), line("0.33", 380, 160), line("mg/L", 470, 160),
              line("0.00-0.55", 600, 160)]
    sheet = parse_sheet(lines)
    assert fields(sheet, "item", "abbr", "value", "unit") == [
        ("国际标准化比值", "INR", "0.99", None), ("D-二聚体", "D-D", "0.33", "mg/L")]
