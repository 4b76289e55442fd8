"""Layouts of unseen hospitals read on hand-written OCR lines (issue 14, lab8rev): English sub-lines in small type
under Chinese names, names cut with an ellipsis, vertical sidebar text beside the table, decimal commas, an age-band
column after the reference, and a value printed with its flag and a bracketed interval in one cell."""
from oncostruct.extractors.ocr.leaders import strip_token
from oncostruct.extractors.ocr.lab_rows import decimal_point
from oncostruct.extractors.ocr.sheet import parse_sheet
from oncostruct.extractors.ocr.tokens import Token
from tests.test_ocr_lab_layouts4 import fields, line, table

HEADER = ("项目", "结果", "单位", "参考区间")
XS = (40, 400, 520, 640)
ROWS = [("红细胞压积", "32.7", "%", "40.0-50.0"), ("平均红细胞体积", "91.2", "fL", "82.0-100.0"),
        ("血小板计数", "198", "10^9/L", "125-350"), ("血小板压积", "0.24", "%", "0.11-0.28")]


BILINGUAL = [("红细胞压积", "HCT", "32.7", "%", "40.0-50.0", "Hematocrit"),
             ("平均红细胞体积", "MCV", "91.2", "fL", "82.0-100.0", "Mean Corpuscular Volume"),
             ("血小板计数", "PLT", "198", "10^9/L", "125-350", "Platelet Count"),
             ("血小板压积", "PCT", "0.24", "%", "0.11-0.28", "Plateletcrit"),
             ("淋巴细胞百分比", "LYMPH%", "33.7", "%", "20.0-50.0", "Lymphocyte Percentage"),
             ("嗜酸性粒细胞百分比", "EO%", "5.5", "%", "0.4-8.0", "Eosinophil Percentage")]


def bilingual_sheet(rows=BILINGUAL, sub_h=32):
    """A scan at 150 dpi: names 42 px high, each English name in smaller type right under its Chinese name."""
    xs = (80, 640, 940, 1055, 1250)
    out = [line("某医院检验报告单", 500, 20, h=40), line("姓名：张三", 80, 80, h=40)]
    out += [line(h, x, 340, h=48) for h, x in zip(("项目", "缩写", "结果", "单位", "参考区间"), xs)]
    for i, r in enumerate(rows):
        y = 408 + 80 * i
        out += [line(t, x, y, w=28 * len(t) if x == 80 else 16 * len(t), h=42) for t, x in zip(r[:5], xs)]
        out.append(line(r[5], 82, y + 40, w=10 * len(r[5]), h=sub_h))
    out.append(line("检验者：某某", 80, 408 + 80 * len(rows) + 40, h=36))
    return out


def test_english_sub_lines_under_chinese_names_are_dropped():
    sheet = parse_sheet(bilingual_sheet())
    assert fields(sheet, "item", "value") == [(r[0], r[2]) for r in BILINGUAL]


def test_latin_lines_as_large_as_the_names_or_seen_once_are_kept():
    from oncostruct.extractors.ocr.sub_lines import sub_line_tokens
    from oncostruct.extractors.ocr.tokens import tokens_from_lines
    assert sub_line_tokens(tokens_from_lines(bilingual_sheet(sub_h=42))[0]) == set()  # not smaller: not a sub-line
    assert sub_line_tokens(tokens_from_lines(bilingual_sheet(BILINGUAL[:1]))[0]) == set()  # one pair: no pattern
    codes = [(*r[:5], r[1]) for r in BILINGUAL]  # the code printed small under the name is a code, not a sub-line
    assert sub_line_tokens(tokens_from_lines(bilingual_sheet(codes))[0]) == set()


def test_a_name_cut_with_an_ellipsis_keeps_it_and_a_leader_does_not():
    tok = Token("平均红细胞…", 0, 0, 100, 20, 0.9, 0)
    assert [t.text for t in strip_token(tok)] == ["平均红细胞…"]
    assert [t.text for t in strip_token(Token("糖类抗原1…", 0, 0, 100, 20, 0.9, 0))] == ["糖类抗原1…"]
    assert [t.text for t in strip_token(Token("癌胚抗原……", 0, 0, 100, 20, 0.9, 0))] == ["癌胚抗原"]
    assert [t.text for t in strip_token(Token("癌胚抗原.", 0, 0, 100, 20, 0.9, 0))] == ["癌胚抗原"]
    sheet = parse_sheet(table(HEADER, XS, [("中性粒细胞…", "73.3", "%", "40.0-75.0"), *ROWS]))
    assert fields(sheet, "item")[0][0].startswith("中性粒细胞") and fields(sheet, "item")[0][0] != "中性粒细胞"


def test_vertical_sidebar_text_does_not_cut_the_table():
    lines = table(HEADER, XS, ROWS * 2, pitch=30)
    lines.append(line("仅对本次标本负责", 5, 160, w=20, h=160))  # printed top to bottom in the margin
    sheet = parse_sheet(lines)
    assert len(sheet.rows) == 8 and fields(sheet, "value")[-1] == ("0.24",)


def test_decimal_commas_are_values_and_numbers():
    assert decimal_point("6,52") == "6.52" and decimal_point("3,5-9,5") == "3.5-9.5"
    assert decimal_point("<0,5") == "<0.5" and decimal_point("0,125") == "0.125"
    assert decimal_point("1,234") == "1,234" and decimal_point("(0.270,4.200)") == "(0.270,4.200)"
    sheet = parse_sheet(table(HEADER, XS, [("白细胞计数", "5,46", "10^9/L", "3,5-9,5"),
                                           ("淋巴细胞百分比", "9,5", "%", "20,0-50,0"), ("血小板计数", "1,234", "10^9/L", "125-350")]))
    assert fields(sheet, "value", "value_num", "reference_low", "flag") == [
        ("5,46", 5.46, 3.5, None), ("9,5", 9.5, 20.0, "↓"), ("1,234", 1234.0, 125.0, "↑")]


def test_age_band_column_is_not_part_of_the_reference():
    header = ("项目", "结果", "单位", "参考区间", "适用年龄段")
    sheet = parse_sheet(table(header, (40, 300, 420, 540, 680),  # OCR reads the range and the band as one line
                              [("白细胞计数", "8.1", "10^9/L", "4.4-11.9 1-<6岁"), ("血红蛋白", "120", "g/L", "112-149 2-<6岁")]))
    assert fields(sheet, "reference") == [("4.4-11.9",), ("112-149",)]


def test_value_flag_and_bracketed_interval_in_one_cell():
    header = ("检测项目", "结果 [参考区间]", "单位")
    sheet = parse_sheet(table(header, (40, 300, 640), [
        ("促甲状腺激素", "0.225↓[(0.270,4.200)]", "mIU/L"), ("游离甲状腺素", "15.2 [(12.00,22.00)]", "pmol/L"),
        ("甲状腺球蛋白抗体", "20.1 [≤115.0]", "IU/mL")]))
    assert fields(sheet, "value", "flag", "reference", "reference_low") == [
        ("0.225", "↓", "(0.270,4.200)", 0.27), ("15.2", None, "(12.00,22.00)", 12.0), ("20.1", None, "≤115.0", None)]


def test_decimal_point_misread_in_a_range_is_repaired_and_reviewed():
    from oncostruct.extractors.ocr.references import misread_point
    assert misread_point("0.02-0:52") == "0.02-0.52" and misread_point("3:4-20.5") == "3.4-20.5"
    assert misread_point("3,10-8.00") == "3.10-8.00"
    assert misread_point("3,5-9,5") is None and misread_point("1.2-3.4") is None  # decimal commas; nothing misread
    assert misread_point("男:4.3-5.8") is None and misread_point("8:0-1.5") is None  # a label; not rising
    sheet = parse_sheet(table(HEADER, XS, [("嗜酸性粒细胞绝对值", "0.31", "10^9/L", "0.02-0:52"), *ROWS]))
    assert fields(sheet, "reference", "reference_high", "reference_repaired")[0] == ("0.02-0.52", 0.52, True)


def test_a_decimal_comma_beside_a_pointed_reference_goes_to_review():
    from oncostruct.extractors.ocr.checks import row_doubts
    sheet = parse_sheet(table(HEADER, XS, [("糖类抗原125", "37,35", "U/mL", "<35.00"), ("白细胞计数", "5,46", "10^9/L", "3,5-9,5"),
                                           ("血小板计数", "1,234", "10^9/L", "125-350")]))
    codes = [{d.code for d in row_doubts(r)} for r in sheet.rows]
    assert "lab.value_shape" in codes[0] and "lab.value_shape" not in codes[1] | codes[2]


def test_units_under_a_name_are_no_sub_lines():
    from oncostruct.extractors.ocr.sub_lines import sub_line_tokens
    from oncostruct.extractors.ocr.tokens import tokens_from_lines
    units = [(*r[:5], "mmol/L") for r in BILINGUAL]
    assert sub_line_tokens(tokens_from_lines(bilingual_sheet(units))[0]) == set()
