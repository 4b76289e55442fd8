"""One splitter of an item name and the code printed with it (``cells.split_code`` / ``code_splits``), used by the
row split, the cell typing, the label-over-value grid and the name snap; and a printed mark without a direction
(``mark_direction``). Look-alike names and values, no sheet's own."""
import pytest

from oncostruct.extractors.ocr.cells import code_splits, split_code
from oncostruct.extractors.ocr.lab_rows import LabRow, _split
from oncostruct.extractors.ocr.mark_direction import mark_direction, undirected
from oncostruct.extractors.ocr.name_snap import snap
from oncostruct.extractors.ocr.token_types import cell_types
from oncostruct.extractors.ocr.tokens import Token


@pytest.mark.parametrize("text, name, code, form", [
    ("[K]钾", "钾", "K", "head"),
    ("【AST】天门冬氨酸氨基转移酶", "天门冬氨酸氨基转移酶", "AST", "head"),
    ("[ β2-MG ] β2-微球蛋白", "β2-微球蛋白", "β2-MG", "head"),
    ("[CRP]C反应蛋白", "C反应蛋白", "CRP", "head"),
    ("钠(Na)", "钠", "Na", "tail"),
    ("尿素（UREA）", "尿素", "UREA", "tail"),
    ("肌酐[CREA]", "肌酐", "CREA", "tail"),
    ("钙(校正)(Ca-c)", "钙(校正)", "Ca-c", "tail"),  # the name's own bracketed qualifier stays with the name
    ("脂蛋白(a)(Lp(a))", "脂蛋白(a)", "Lp(a)", "tail"),  # a code with a bracket of its own
    ("尿酸(Uric acid)", "尿酸", "Uric acid", "tail"),  # an English gloss
    ("甘油三酯 TG", "甘油三酯", "TG", "spaced"),
    ("糖化血红蛋白HbA1c", "糖化血红蛋白", "HbA1c", "glued"),  # the longest Latin tail after the Chinese name
])
def test_split_code_reads_head_tail_spaced_and_glued_codes(text, name, code, form):
    s = split_code(text)
    assert (s.name, s.code, s.form) == (name, code, form)
    if form == "head":
        assert text[s.cut:].strip() == name
    else:
        assert text[:s.cut].strip() == name


@pytest.mark.parametrize("text", ["白细胞计数", "钙(校正)", "(K)", "[K]", "Potassium", "10^9/L", "3.5-9.5"])
def test_split_code_leaves_names_without_a_code(text):
    assert split_code(text) is None


def test_split_code_keeps_to_the_forms_asked_for():
    assert split_code("[ALT]谷丙转氨酶", ("tail",)) is None
    assert split_code("谷丙转氨酶ALT", ("head", "tail")) is None
    assert split_code("谷丙转氨酶ALT", ("glued",)).code == "ALT"


def test_code_splits_try_every_glued_cut_shortest_code_first():
    cuts = [(s.name, s.code) for s in code_splits("癌抗原724CA724") if s.form == "glued"]
    assert cuts[0] == ("癌抗原724C", "A724") and ("癌抗原724", "CA724") in cuts
    assert not [s for s in code_splits("钾(K)") if s.form == "glued"]  # never half a bracket (钾( + K))


def _tok(text):
    return Token(text, 0, 0, 20 * len(text), 20, 0.95, 0, 0)


@pytest.mark.parametrize("text, abbr, item", [("[ALT]丙氨酸氨基转移酶", "ALT", "丙氨酸氨基转移酶"),
                                              ("【K】钾", "K", "钾"), ("[CRP]C反应蛋白", "CRP", "C反应蛋白")])
def test_row_split_parts_a_bracketed_code_before_the_name(text, abbr, item):
    pieces = _split(_tok(text), "item")
    assert [(p.text, p.band) for p in pieces] == [(abbr, "abbr"), (item, "item")]


@pytest.mark.parametrize("text", ["钾(K)", "[K]钾", "【ALT】丙氨酸氨基转移酶", "肌酐【CREA】"])
def test_cell_types_read_a_catalogue_name_with_its_bracketed_code_as_an_item(text):
    assert cell_types(text).get("item") == 1.0


@pytest.mark.parametrize("printed, term, abbr", [("葡萄糖GLU", "葡萄糖", "GLU"), ("总胆红素 TBIL", "总胆红素", "TBIL"),
                                                 ("糖类抗原242CA242", "糖类抗原242", "CA242")])
def test_name_snap_takes_a_glued_or_spaced_code_off_the_name(printed, term, abbr):
    s = snap(LabRow(item=printed))
    assert (s.term, s.abbr, s.kind) == (term, abbr, "clean")
    assert snap(LabRow(item="总前列腺特异性抗原(Max)")) is None  # a bracketed qualifier is the row split's to judge


def _row(value, flag, low=3.5, high=9.5):
    return LabRow(item="白细胞计数", value=value, value_num=float(value), reference=f"{low}-{high}",
                  reference_low=low, reference_high=high, flag=flag)


@pytest.mark.parametrize("mark", ["*", "★", "◆", "A", "异常"])
def test_an_undirected_mark_takes_its_direction_from_the_value_and_the_range(mark):
    assert undirected(mark)
    up, note = mark_direction(_row("12.4", mark))
    assert up == "↑" and "no direction" in note and "above" in note
    assert mark_direction(_row("2.1", mark))[0] == "↓"


def test_an_undirected_mark_inside_the_range_disagrees_and_goes_to_review():
    from oncostruct.extractors.ocr.checks import flag_doubt

    row = _row("6.0", "*")
    side, note = mark_direction(row)
    assert side == "" and "inside" in note
    assert flag_doubt(row).code == "lab.flag_contradiction"
    assert flag_doubt(_row("12.4", "*")) is None


def test_arrows_computed_flags_and_result_words_get_no_note():
    assert mark_direction(_row("12.4", "↑")) is None
    computed = _row("12.4", "↑")
    computed.flag_computed = True
    assert mark_direction(computed) is None
    assert mark_direction(LabRow(item="尿蛋白", value="阳性", flag="+")) is None
    no_range = LabRow(item="白细胞计数", value="12.4", value_num=12.4, flag="*")
    side, note = mark_direction(no_range)
    assert side is None and "no range" in note


def test_the_flag_field_keeps_the_printed_mark_and_gives_its_direction_with_a_note():
    from oncostruct.extractors.ocr.lab_report import LabReportExtractor, PageResult
    from oncostruct.extractors.ocr.sheet import Sheet

    row = _row("12.4", "*")
    page = PageResult(Sheet(rows=[row]), [], [], (800, 600))
    flag = next(f for f in LabReportExtractor().row_fields(0, row, page) if f.name.endswith(".flag"))
    assert flag.value == "*" and flag.normalized == "↑" and "above" in flag.attributes["flag_note"]


@pytest.mark.parametrize("text, item, abbr", [("尿素[UREA]", "尿素", "UREA"), ("钾【K】", "钾", "K"),
                                              ("癌抗原15-3[CA15-3]", "癌抗原15-3", "CA15-3")])
def test_row_split_parts_a_code_in_square_brackets_after_the_name(text, item, abbr):
    pieces = _split(_tok(text), "item")
    assert [(p.text, p.band) for p in pieces] == [(item, "item"), (abbr, "abbr")]
    assert [p.text for p in _split(_tok("红细胞分布宽度[CV]"), "item")] == ["红细胞分布宽度[CV]"]  # a qualifier


@pytest.mark.parametrize("text, low, high", [("-3~+3", -3.0, 3.0), ("-2.5 - +2.5", -2.5, 2.5), ("-1.5～+1.5", -1.5, 1.5)])
def test_a_range_whose_high_end_prints_its_plus_sign_is_a_reference(text, low, high):
    from oncostruct.extractors.ocr.cells import clean, labels
    from oncostruct.extractors.ocr.lab_rows import reference_bounds

    assert "reference" in labels(text)
    assert reference_bounds(clean(text)) == (low, high)


def test_a_value_its_arrow_and_its_unit_run_together_are_three_fields():
    pieces = _split(_tok("241↓μmol/L"), "value")
    assert [(p.text, p.band) for p in pieces] == [("241", "value"), ("↓", "value"), ("μmol/L", "unit")]
    assert [p.text for p in _split(_tok("7.4↑"), "value")] == ["7.4", "↑"]


def test_a_body_surface_unit_whose_superscript_was_lost_is_the_same_unit():
    from oncostruct.extractors.ocr.cells import canonical_unit

    assert canonical_unit("mL/min/1.73m2") == canonical_unit("mL/min/1.73m²") == "mL/min/1.73m^2"
    assert canonical_unit("m2") == "m2"  # no body surface without its number


def test_a_seal_character_over_a_unit_or_before_a_range_is_no_part_of_it():
    from oncostruct.extractors.ocr.stray_words import reference_head, stray_in_unit

    assert stray_in_unit("院") and stray_in_unit("检验专用") and not stray_in_unit("秒") and not stray_in_unit("U/L")
    assert reference_head("章 0.00-5.00") == ("章", "0.00-5.00")
    assert reference_head("女 3.8-5.1") is None and reference_head("0.00-5.00") is None
    from oncostruct.extractors.ocr.stray_words import stray_in_reference
    assert stray_in_reference("印") and not stray_in_reference("男") and not stray_in_reference("无")
    pieces = _split(_tok("印 <3.40"), "reference")
    assert [(p.text, p.band) for p in pieces] == [("印", "method"), ("<3.40", "reference")]


@pytest.mark.parametrize("value, printed, flag", [("2+", "↓", "↑"), ("阳性", "↓", "↑"), ("±", "↓", "↓"), ("3+", "↑", "↑")])
def test_a_down_arrow_on_a_positive_result_against_a_negative_reference_is_a_misread_up_arrow(value, printed, flag):
    from oncostruct.extractors.ocr.lab_rows import reverse_misread_arrow

    row = LabRow(item="尿蛋白", value=value, reference="阴性", flag=printed)
    reverse_misread_arrow(row)
    assert row.flag == flag and (row.flag_printed == printed) == (flag != printed)
