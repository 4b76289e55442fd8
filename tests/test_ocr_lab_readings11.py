"""The page read by structure (branch lablayout11), on hand-written OCR lines (no OCR run): names over values in a
grid of cells or on receipts, and the reading chosen by how much its rows look like lab results."""
from oncostruct.extractors.ocr.lab_rows import LabRow
from oncostruct.extractors.ocr.ocr import OcrLine
from oncostruct.extractors.ocr.reading_choice import Reading, choose, kept, row_score
from oncostruct.extractors.ocr.sheet import parse_sheet


def line(text, x, y, w=None, h=20):
    w = w or 14 * len(text)
    return OcrLine(text, 0.95, [(x, y), (x + w, y), (x + w, y + h), (x, y + h)])


def fields(sheet, *names):
    return [tuple(getattr(r, n) for n in names) for r in sheet.rows]


def headed_table(rows, x=40, top=100):
    """A table under a 项目 / 结果 / 单位 / 参考值 header, one line per (name, value, unit, reference)."""
    xs = (x, x + 260, x + 380, x + 500)
    out = [line(h, hx, top) for h, hx in zip(("项目", "结果", "单位", "参考值"), xs)]
    for k, cells in enumerate(rows):
        out += [line(c, cx, top + 40 * (k + 1)) for c, cx in zip(cells, xs)]
    return out


def _grid(y, cells, xs=(60, 320, 580)):
    """One grid band: the names on one line, each cell's parts on the line under it from the name's left edge."""
    out = []
    for (names, parts), x in zip(cells, xs):
        pos = x
        for n in names:
            out.append(line(n, pos, y))
            pos += 14 * len(n) + 12
        pos = x
        for p in parts:
            out.append(line(p, pos, y + 36))
            pos += 14 * len(p) + 12
    return out


def test_grid_of_names_over_values():
    lines = [line("某某县中医院", 200, 10), line("粪便检验报告", 200, 40), line("姓名", 60, 80), line("赵某", 120, 80),
             line("科别", 320, 80), line("内科", 380, 80)]
    lines += _grid(130, [(["颜色"], ["褐色"]), (["性状"], ["糊状"]), (["红细胞", "RBC"], ["2-4", "/HP", "[0-3]"])])
    lines += _grid(220, [(["白细胞", "WBC"], ["1", "/HP", "[0-5]"]), (["脂肪球"], ["少许", "[未见]"]),
                         (["寄生虫卵"], ["未见", "[未见]"])])
    lines.append(line("检验者", 60, 320))
    sheet = parse_sheet(lines)
    assert sheet.choice is not None and sheet.choice.best.name.startswith("grid")
    assert fields(sheet, "item", "value", "reference") == [
        ("颜色", "褐色", None), ("性状", "糊状", None), ("红细胞", "2-4", "0-3"), ("白细胞", "1", "0-5"),
        ("脂肪球", "少许", "未见"), ("寄生虫卵", "未见", "未见")]


def test_receipt_name_line_over_value_line():
    lines = [line("自助打印", 100, 10), line("项目", 40, 50), line("结果", 200, 50), line("参考", 360, 50)]
    y = 90
    for name, values in ((["尿酸", "UA"], ["512*", "μmol/L", "208-428"]),
                         (["糖化血红蛋白HbA1c"], ["6.9*", "%", "4.0-6.0"]),
                         (["肌酐", "CREA"], ["74", "μmol/L", "57-111"])):
        x = 40
        for n in name:
            lines.append(line(n, x, y))
            x += 14 * len(n) + 14
        x = 40
        for v in values:
            lines.append(line(v, x, y + 30))
            x += 14 * len(v) + 30
        y += 70
    sheet = parse_sheet(lines)
    got = fields(sheet, "value", "unit", "reference", "flag")
    assert got == [("512", "μmol/L", "208-428", "*"), ("6.9", "%", "4.0-6.0", "*"), ("74", "μmol/L", "57-111", None)]
    assert [r.item for r in sheet.rows][0::2] == ["尿酸", "肌酐"]


def test_headed_table_keeps_its_reading():
    sheet = parse_sheet(headed_table((("钾", "4.1", "mmol/L", "3.5-5.3"), ("钠", "139", "mmol/L", "137-147"),
                                      ("氯", "101", "mmol/L", "99-110"))))
    assert sheet.choice.best.name == "table"
    assert fields(sheet, "item", "value") == [("钾", "4.1"), ("钠", "139"), ("氯", "101")]


def test_row_score_prefers_catalogue_results_to_lists():
    good = LabRow(item="血红蛋白", value="132", value_num=132.0, unit="g/L", reference="130-175",
                  reference_low=130.0, reference_high=175.0)
    implausible = LabRow(item="血红蛋白", value="9999", value_num=9999.0)
    listed = LabRow(item="张三丰", value="35", value_num=35.0)  # a patient list: a name and an age
    noise = LabRow(item="床号12345", value="3", value_num=3.0)
    assert row_score(good) == 1.0
    plain = LabRow(item="血红蛋白", value="132", value_num=132.0)
    assert row_score(implausible) < row_score(plain) < row_score(good)
    assert row_score(listed) == 0.0  # an unknown name needs a unit or a reference
    assert 0 < row_score(LabRow(item="某某新指标", value="35", value_num=35.0, unit="U/L")) < row_score(plain)
    assert row_score(noise) == 0.0
    assert 0 < row_score(LabRow(item="血红蛋白")) < row_score(plain)  # no value: the row is there, its value is not
    assert row_score(LabRow(item="某某某")) == 0.0


def test_choice_needs_a_margin_and_reports_doubt():
    table = [LabRow(item="钾", value="4.1", value_num=4.1, unit="mmol/L"), LabRow(item="钠", value="139", value_num=139.0)]
    names = [LabRow(item=n, value="1", value_num=1.0) for n in ("王一", "李二", "张三", "赵四")]
    choice = choose([Reading("table", table), Reading("list", names)])
    assert choice.best.name == "table"  # four unknown names without unit or range score nothing
    other = [LabRow(item="钾", value="4.7", value_num=4.7, unit="mmol/L"), LabRow(item="钠", value="139", value_num=139.0)]
    close = choose([Reading("table", table), Reading("other", other)])
    assert close.best.name == "table" and close.doubtful and close.disputed() == []  # the table is not disputed
    grid = choose([Reading("table", []), Reading("grid", table), Reading("lines", other)])
    assert grid.best.name == "grid" and [r.item for r in grid.disputed()] == ["钾"]  # read differently: to review
    assert choose([Reading("table", table), Reading("list", names)]).disputed() == []


def test_other_readings_keep_only_rows_that_score():
    rows = [LabRow(item="钾", value="4.1", value_num=4.1), LabRow(item="王一", value="7", value_num=7.0)]
    assert [r.item for r in kept(Reading("lines", rows))] == ["钾"]
    assert kept(Reading("table", rows)) == rows  # the table's rows stay as the table parser gave them


def test_side_pane_of_names_adds_no_rows():
    lines = headed_table((("白蛋白", "41.2", "g/L", "40-55"), ("球蛋白", "27.0", "g/L", "20-40"),
                          ("总胆红素", "12.3", "μmol/L", "0-21")), x=300)
    for k, (who, bed) in enumerate((("陈某某", "12"), ("林某", "7"), ("黄某某", "23"), ("吴某", "5"))):
        lines += [line(who, 20, 100 + 40 * k), line(bed, 120, 100 + 40 * k)]  # a ward list in a side pane
    sheet = parse_sheet(lines)
    assert [r.item for r in sheet.rows] == ["白蛋白", "球蛋白", "总胆红素"]


def test_watermark_pieces_leave_the_cells():
    rows = (("尿素", "5.2", "mmol/L", "2.9-8.2"), ("肌酐", "71", "μmol/L", "57-111"), ("尿酸", "388", "μmol/L", "208-428"))
    lines = headed_table(rows)
    # a lab's name laid over the table, read in pieces between the cells, and once whole under it
    lines += [line("江北", 150, 140), line("江北区中心检验所", 160, 260), line("中心检验", 200, 180), line("区中心", 640, 220)]
    sheet = parse_sheet(lines)
    assert fields(sheet, "item", "value", "unit", "reference") == [(n, v, u, r) for n, v, u, r in rows]


def test_a_repeated_word_that_is_a_result_stays():
    from oncostruct.extractors.ocr.tokens import Token
    from oncostruct.extractors.ocr.watermark import watermark_tokens

    toks = [Token(t, 0, 10 * k, 40, 10 * k + 8, 0.9, k) for k, t in enumerate(("阴性", "阴性", "阳性", "未见异常细胞"))]
    assert watermark_tokens(toks) == set()


def test_labelled_footer_closing_the_table_is_no_row():
    rows = [LabRow(item="钾", value="4.1", value_num=4.1, unit="mmol/L"),
            LabRow(item="Notes: see page", value="2", value_num=2.0)]
    assert [r.item for r in kept(Reading("table", rows))] == ["钾"]
    inside = [rows[1], rows[0]]  # the same line inside the table stays: only a block's closing lines are dropped
    assert len(kept(Reading("table", inside))) == 2


def test_line_records_low_and_high_limits_in_cells_of_their_own():
    from oncostruct.extractors.ocr.line_records import line_rows
    from oncostruct.extractors.ocr.tokens import tokens_from_lines

    lines = []
    for k, cells in enumerate((["Uric acid", "UA", "402", "208", "428", "umol/L"],
                               ["Albumin/globulin ratio", "A/G", "1.7", "1.2", "2.4"])):
        x = 40
        for c in cells:
            lines.append(line(c, x, 100 + 40 * k, w=11 * len(c)))
            x += 11 * len(c) + 40
    rows = line_rows(tokens_from_lines(lines)[0])
    assert [(r.item, r.value, r.reference) for r in rows] == [("Uric acid", "402", "208-428"),
                                                                ("Albumin/globulin ratio", "1.7", "1.2-2.4")]


def test_value_printed_before_the_name_and_a_numbered_list_beside():
    from oncostruct.extractors.ocr.line_records import line_rows
    from oncostruct.extractors.ocr.tokens import tokens_from_lines

    lines = []
    for k, cells in enumerate((["5.6", "葡萄糖", "GLU", "mmol/L", "3.90-6.10"], ["241", "↑", "甘油三酯", "TG", "mmol/L", "<1.70"],
                               ["3", "周某某", "0417"])):  # the last: a numbered list of patients, no result
        x = 40
        for c in cells:
            lines.append(line(c, x, 100 + 40 * k))
            x += 14 * len(c) + 40
    rows = line_rows(tokens_from_lines(lines)[0])
    assert [(r.item, r.value, r.unit, r.reference) for r in rows[:2]] == [
        ("葡萄糖", "5.6", "mmol/L", "3.90-6.10"), ("甘油三酯", "241", "mmol/L", "<1.70")]
    assert all(row_score(r) == 0 for r in rows[2:])
