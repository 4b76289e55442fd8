"""Which printed rows become rows (branch labread13), on hand-written OCR lines with look-alike values."""
from oncostruct.extractors.ocr.ocr import OcrLine
from oncostruct.extractors.ocr.sheet import parse_sheet


def line(text, x, y, w=None, h=20):
    w = w or (14 * len(text) if text.isascii() else 22 * len(text))
    return OcrLine(text, 0.95, [(x, y), (x + w, y), (x + w, y + h), (x, y + h)])


def grid(header, rows, xs, y0=100, pitch=36):
    lines = [line(h, x, y0) for h, x in zip(header, xs)]
    for k, cells in enumerate(rows):
        lines += [line(c, x, y0 + 40 + pitch * k) for c, x in zip(cells, xs) if c]
    return lines


def test_a_value_misread_as_one_chinese_character_leaves_the_row_its_printed_name():
    """``±`` read as ``士`` stands in the result column: no name of the row, whose reference (阴性) is no value."""
    rows = (("1", "白细胞酯酶", "LEU", "阴性", "阴性"), ("2", "尿蛋白", "PRO", "士", "阴性"),
            ("3", "葡萄糖", "GLU", "阴性", "阴性"), ("4", "酮体", "KET", "1+", "阴性"))
    sheet = parse_sheet(grid(("序号", "项目名称", "缩写", "结果", "参考范围"), rows, (40, 100, 320, 460, 620)))
    assert [r.item for r in sheet.rows] == ["白细胞酯酶", "尿蛋白", "葡萄糖", "酮体"]


LIVER = (("丙氨酸氨基转移酶", "ALT", "27", "U/L", "9-50"), ("天门冬氨酸氨基转移酶", "AST", "19", "U/L", "15-40"),
         ("总蛋白", "TP", "70.4", "g/L", "65.0-85.0"), ("白蛋白", "ALB", "43.9", "g/L", "40.0-55.0"))


def _with_second_table(header, drugs):
    lines = grid(("项目名称", "缩写", "结果", "单位", "参考范围"), LIVER, (40, 320, 460, 560, 680))
    lines.append(line("二、细菌培养：铜绿假单胞菌", 40, 330))
    lines += [line(h, x, 380) for h, x in zip(header, (40, 460, 620))]
    for k, (drug, mic, s) in enumerate(drugs):
        lines += [line(drug, 40, 420 + 36 * k), line(mic, 470, 420 + 36 * k), line(s, 630, 420 + 36 * k)]
    return parse_sheet(lines)


def test_rows_of_a_susceptibility_table_under_the_results_are_no_results():
    drugs = (("美罗培南", "≤0.25", "S"), ("头孢吡肟", "8", "I"), ("磷霉素", "≥64", "R"), ("替加环素", "1", "S"))
    sheet = _with_second_table(("抗生素", "MIC", "结果解释"), drugs)
    assert [r.item for r in sheet.rows] == [r[0] for r in LIVER]
    english = _with_second_table(("Antibiotic", "MIC (mg/L)", "Interpretation"), drugs)
    assert [r.item for r in english.rows] == [r[0] for r in LIVER]


def test_a_result_table_under_a_susceptibility_table_keeps_its_rows():
    lines = [line(h, x, 100) for h, x in zip(("抗菌药物", "敏感性"), (40, 460))]
    lines += [line("美罗培南", 40, 140), line("S", 470, 140), line("头孢吡肟", 40, 176), line("R", 470, 176)]
    lines += grid(("项目名称", "缩写", "结果", "单位", "参考范围"), LIVER, (40, 320, 460, 560, 680), y0=260)
    assert [r.item for r in parse_sheet(lines).rows] == [r[0] for r in LIVER]


def test_a_note_naming_a_susceptibility_word_drops_nothing():
    lines = [line("注：本方法对低浓度样本的敏感性有限，请结合临床", 40, 60), line("第1页", 900, 60)]
    lines += grid(("项目名称", "缩写", "结果", "单位", "参考范围"), LIVER, (40, 320, 460, 560, 680))
    assert [r.item for r in parse_sheet(lines).rows] == [r[0] for r in LIVER]


def test_one_character_names_read_as_one_tall_line_are_cut_into_their_rows():
    """The detector returns 钠 / 氯 / 钙 printed one under the other as one tall line ``钠氯钙``."""
    rows = (("钾", "K", "4.12", "mmol/L", "3.50-5.30"), ("钠", "Na", "139.0", "mmol/L", "137.0-147.0"),
            ("氯", "Cl", "101.2", "mmol/L", "99.0-110.0"), ("钙", "Ca", "2.31", "mmol/L", "2.11-2.52"),
            ("葡萄糖", "GLU", "5.40", "mmol/L", "3.90-6.10"))
    lines = grid(("项目", "代号", "结果", "单位", "参考值"), rows, (40, 300, 420, 540, 680))
    lines = [ln for ln in lines if ln.text not in ("钠", "氯", "钙")]
    lines.append(OcrLine("钠氯钙", 0.97, [(38, 174), (64, 174), (64, 270), (38, 270)]))  # rows at y 176, 212, 248
    sheet = parse_sheet(lines)
    assert [(r.item, r.value) for r in sheet.rows] == [(r[0], r[2]) for r in rows]


def test_a_vertical_sidebar_is_still_no_row():
    lines = grid(("项目", "结果", "单位", "参考值"), [(r[0], r[2], r[3], r[4]) for r in LIVER], (60, 420, 540, 680))
    lines.append(OcrLine("仅对本次标本负责", 0.97, [(10, 130), (34, 130), (34, 300), (10, 300)]))
    assert [r.item for r in parse_sheet(lines).rows] == [r[0] for r in LIVER]


def _row(item, value, unit, ref, y, x=40):
    from oncostruct.extractors.ocr.lab_rows import LabRow
    from oncostruct.extractors.ocr.tokens import Token
    toks = {k: [Token(t, x + 200 * i, y, x + 200 * i + 120, y + 20, 0.95, int(y))]
            for i, (k, t) in enumerate((("item", item), ("value", value), ("unit", unit), ("reference", ref)))}
    row = LabRow(item=item, value=value, unit=unit, reference=ref, cells=toks, confidence=0.95)
    row.value_num = float(value)
    return row


def test_a_row_the_table_lost_is_taken_from_an_agreeing_reading_in_its_place():
    from oncostruct.extractors.ocr.reading_choice import Reading, choose
    from oncostruct.extractors.ocr.reading_fill import fill_lost_rows
    wbc, rbc, hgb, plt = (_row("白细胞计数", "6.2", "10^9/L", "3.5-9.5", 100), _row("红细胞计数", "4.61", "10^12/L", "4.3-5.8", 140),
                          _row("血红蛋白", "141", "g/L", "130-175", 180), _row("血小板计数", "233", "10^9/L", "125-350", 220))
    more = [_row(n, v, u, r, 260 + 40 * k) for k, (n, v, u, r) in enumerate(
        (("中性粒细胞百分比", "61.0", "%", "40-75"), ("淋巴细胞百分比", "30.2", "%", "20-50"), ("单核细胞百分比", "6.1", "%", "3-10")))]
    table = [wbc, hgb, plt, *more]
    choice = choose([Reading("table", table), Reading("typed", [wbc, rbc, hgb, plt, *more])])
    assert choice.best.name == "table"  # kept for its column evidence, one row short
    filled = fill_lost_rows(table, choice)
    assert [r.item for r in filled][:4] == ["白细胞计数", "红细胞计数", "血红蛋白", "血小板计数"]
    assert filled[1].confidence < rbc.confidence
    wrong = [_row("白细胞计数", "8.8", "10^9/L", "3.5-9.5", 100), rbc, _row("血红蛋白", "99", "g/L", "130-175", 180)]
    choice = choose([Reading("table", table), Reading("typed", wrong + more)])
    assert fill_lost_rows(table, choice) == table  # a reading that reads the table's values otherwise adds nothing
    used = [wbc, replace_tokens(rbc, hgb), hgb, plt, *more]
    choice = choose([Reading("table", table), Reading("typed", used)])
    assert fill_lost_rows(table, choice) == table  # a row built from cells a table row holds is that row read again


def replace_tokens(row, other):
    from dataclasses import replace
    return replace(row, cells={**row.cells, "value": other.cells["value"]})


def test_a_title_naming_susceptibility_drops_nothing():
    lines = [line("尿培养+药敏检验报告单", 300, 30), line("急诊", 900, 30)]
    lines += grid(("项目名称", "缩写", "结果", "单位", "参考范围"), LIVER, (40, 320, 460, 560, 680))
    assert [r.item for r in parse_sheet(lines).rows] == [r[0] for r in LIVER]
