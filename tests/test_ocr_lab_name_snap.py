"""Item names put right to the catalogue term printed (``name_snap``, branch labitem12), on hand-made rows and
hand-written OCR lines (no OCR run)."""
from oncostruct.extractors.ocr.lab_report import LabReportExtractor
from oncostruct.extractors.ocr.lab_rows import LabRow
from oncostruct.extractors.ocr.name_snap import distance, fit, snap, snap_names
from oncostruct.extractors.ocr.ocr import OcrLine
from oncostruct.extractors.ocr.sheet import parse_sheet


def line(text, x, y, w=None, h=20):
    w = w or 14 * len(text)
    return OcrLine(text, 0.95, [(x, y), (x + w, y), (x + w, y + h), (x, y + h)])


def test_text_around_the_name_is_taken_off_without_review():
    s = snap(LabRow(item="｜ 肌酸激酶"))
    assert (s.term, s.kind, s.review) == ("肌酸激酶", "clean", None)
    assert snap(LabRow(item="l碱性磷酸酶")).term == "碱性磷酸酶"
    s = snap(LabRow(item="7 α-L-岩藻糖苷酶"))
    assert (s.term, s.index) == ("α-L-岩藻糖苷酶", 7)
    s = snap(LabRow(item="糖类抗原242CA242"))
    assert (s.term, s.abbr) == ("糖类抗原242", "CA242")
    assert snap(LabRow(item="U/L碱性磷酸酶")).term == "碱性磷酸酶"


def test_confused_glyphs_snap_at_lower_confidence():
    s = snap(LabRow(item="皿小板计数"))
    assert (s.term, s.kind, s.review) == ("血小板计数", "glyphs", None)
    assert snap(LabRow(item="嗜酸性粗细胞计数")).term == "嗜酸性粒细胞计数"
    assert snap(LabRow(item="r-谷氨酰转肽酶")).term == "γ-谷氨酰转肽酶"
    assert snap(LabRow(item="lgM")).term == "IgM"
    rows = [LabRow(item="皿红蛋白", confidence=1.0)]
    assert snap_names(rows) == 1
    assert (rows[0].item, rows[0].item_printed, rows[0].item_snap) == ("血红蛋白", "皿红蛋白", None)
    assert rows[0].confidence < 1.0


def test_a_short_name_snaps_only_when_its_row_fits_the_item():
    fits = LabRow(item="氮", value="101", value_num=101.0, unit="mmol/L", reference="96-108")
    assert snap(fits).term == "氯"
    assert snap(LabRow(item="氮", value="3.1", value_num=3.1)) is None


def test_an_edit_off_snaps_with_review_and_never_at_the_first_character():
    s = snap(LabRow(item="天门冬氨酸氨基转酶"))
    assert s.term == "天门冬氨酸氨基转移酶" and s.kind == "edits" and "天门冬氨酸氨基转酶" in s.review
    assert snap(LabRow(item="尿白蛋白肌")) is None  # no term within the edits allowed
    assert distance("前白蛋白", "白蛋白")[1] is False  # a first character dropped names another item
    assert snap(LabRow(item="总前白蛋白")) is None


def test_a_unit_or_reference_against_the_item_refuses_the_snap():
    assert fit("WBC", LabRow(item="x", unit="g/L")) < 0
    assert snap(LabRow(item="天门冬氨酸氨基转酶", unit="mmol/L", value="5", value_num=5.0)) is None


def test_known_names_are_left_alone():
    assert snap(LabRow(item="白细胞计数")) is None
    assert snap(LabRow(item="某某自定义项目")) is None
    assert snap(LabRow(item="某项", abbr="WBC")) is None


def test_sheet_rows_carry_the_term_and_the_printed_name():
    xs = (40, 300, 420, 540)
    lines = [line(h, x, 100) for h, x in zip(("项目", "结果", "单位", "参考值"), xs)]
    for k, cells in enumerate((("皿小板计数", "210", "10^9/L", "125-350"), ("| 尿酸", "402", "μmol/L", "150-420"),
                               ("天门冬氨酸氨基转酶", "31", "U/L", "13-35"), ("肌酐", "71", "μmol/L", "57-111"))):
        lines += [line(c, x, 140 + 40 * k) for c, x in zip(cells, xs)]
    sheet = parse_sheet(lines)
    assert [r.item for r in sheet.rows] == ["血小板计数", "尿酸", "天门冬氨酸氨基转移酶", "肌酐"]
    ex = LabReportExtractor()
    row = sheet.rows[2]
    from oncostruct.extractors.ocr.checks import row_doubts
    doubts = row_doubts(row)
    assert "lab.item_snapped" in {d.code for d in doubts}
    assert not any(d.code == "lab.item_snapped" for d in row_doubts(sheet.rows[0]))
    assert ex.row_confidence(row, doubts) < ex.row_confidence(sheet.rows[3], [])


def test_english_names_of_several_words_are_not_split_into_name_and_code():
    assert snap(LabRow(item="HDL Cholesterol")) is None
    assert snap(LabRow(item="AST (SGOT)")) is None
    s = snap(LabRow(item="甘油三酯 TG"))  # a Chinese name and its code stay split
    assert (s.term, s.abbr) == ("甘油三酯", "TG")


def test_a_traditional_script_name_keeps_its_variant_characters():
    assert snap(LabRow(item="天門冬氨醯氨基轉移酶")) is None  # print, not a misreading of 天门冬氨酸氨基转移酶


def test_a_printed_count_or_share_symbol_is_no_misreading():
    assert snap(LabRow(item="单核细胞#")) is None  # not 单核细胞数
    assert snap(LabRow(item="嗜碱细胞%")) is None


def test_a_known_code_holds_the_snap_to_its_own_item():
    assert snap(LabRow(item="皿小板计数", abbr="PLT")).term == "血小板计数"
    assert snap(LabRow(item="皿小板计数", abbr="WBC")) is None
    assert snap(LabRow(item="天门冬氨酸氨基转酶")).kind == "edits"
    assert snap(LabRow(item="天门冬氨酸氨基转酶", abbr="AST")) is None  # an edit: the coded row keeps its printed name
    assert snap(LabRow(item="淋巴细胞")) is None  # a name cut at its end (淋巴细胞数) is print


def test_two_edits_off_is_another_name_not_a_misreading():
    assert snap(LabRow(item="甲状腺氧化酶抗体")) is None  # two characters short of 甲状腺过氧化物酶抗体
