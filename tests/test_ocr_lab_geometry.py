"""Curved baselines, the widened stress generator and held-out-group calibration of lab rows.

Line geometry and calibration are tested on hand-made lines and numbers (fast); one rendered, curled
three-group sheet goes through OCR end to end."""
import json
import math
import random

import numpy as np
import pytest

from oncostruct.extractors.ocr.baselines import chain_lines
from oncostruct.extractors.ocr.ocr import OcrLine
from oncostruct.extractors.ocr.sheet import parse_sheet
from oncostruct.extractors.ocr.table import y_clusters
from oncostruct.extractors.ocr.tokens import Token
from tests import synth_lab as synth

HEADER = ("项目名称", "结果", "单位", "参考范围")
GROUPS = [[("白细胞计数", "5.10", "10^9/L", "3.5-9.5"), ("红细胞计数", "4.60", "10^12/L", "4.3-5.8"),
           ("血红蛋白", "140", "g/L", "130-175")],
          [("血小板计数", "210", "10^9/L", "125-350"), ("红细胞压积", "44.0", "%", "40-50"),
           ("平均红细胞体积", "90.1", "fL", "82-100")],
          [("谷丙转氨酶", "30.0", "U/L", "9-50"), ("谷草转氨酶", "25.0", "U/L", "15-40"),
           ("总胆红素", "12.0", "μmol/L", "5.1-19")]]
XS = (0, 190, 290, 400)  # column x within a group; groups 560 px apart


def _bend(x):  # a page curl: baselines sag 28 px (1.4 line heights) in the middle of a 1700 px wide sheet
    return 28 * math.sin(math.pi * x / 1700)


def _line(text, x, y):
    w = 14 * len(text)
    return OcrLine(text, 0.95, [(x, y + _bend(x)), (x + w, y + _bend(x + w)), (x + w, y + 20 + _bend(x + w)),
                                (x, y + 20 + _bend(x))])


def curled_three_groups():
    lines = [_line("某医院检验报告单", 700, 10)]
    for g, rows in enumerate(GROUPS):
        x0 = 40 + 560 * g
        lines += [_line(h, x0 + dx, 100) for h, dx in zip(HEADER, XS)]
        for i, row in enumerate(rows):
            lines += [_line(t, x0 + dx, 100 + 34 * (i + 1)) for t, dx in zip(row, XS)]
    return lines


def test_chained_lines_follow_a_curved_baseline_that_one_global_y_cuts():
    toks = [Token(f"w{i}", x, 100 + _bend(x), x + 60, 120 + _bend(x), 0.9, i) for i, x in enumerate(range(40, 1700, 110))]
    assert len(chain_lines(toks, 20)) == 1
    assert len(y_clusters(toks, 10)) > 1


def test_curled_three_group_sheet_keeps_every_row_with_its_cells():
    want = [r for g in GROUPS for r in g]
    sheet = parse_sheet(curled_three_groups(), local_lines=True)
    got = [(r.item, r.value, r.unit, r.reference) for r in sheet.rows]
    assert sorted(got) == sorted(want)
    flat = parse_sheet(curled_three_groups(), local_lines=False)  # the old global-y lines lose rows here
    assert len(flat.rows) < len(want) or sorted((r.item, r.value, r.unit, r.reference) for r in flat.rows) != sorted(want)


def test_curl_warp_bends_rows_and_wrapped_cells_break_where_printers_break():
    image = np.full((200, 400, 3), 255, np.uint8)
    image[100:102, :] = 0  # a horizontal rule
    warped = synth.curl_warp(image, 0.05, random.Random(1))
    rows_left = np.where(warped[:, 5, 0] < 128)[0]
    rows_mid = np.where(warped[:, 200, 0] < 128)[0]
    assert warped.shape == image.shape and rows_left.size and rows_mid.size
    assert abs(rows_left.mean() - rows_mid.mean()) >= 3
    assert synth._wrapped("125-350", "参考范围") == ["125-", "350"]
    assert synth._wrapped("10^9/L", "单位") == ["10^9", "/L"]
    assert synth._wrapped("g/L", "单位") == ["g/L"]


def test_stress2_layouts_are_fixed_by_seed_and_named():
    a, b = synth.stress2_layout(1413), synth.stress2_layout(1413)
    assert a == b and 1 <= a["blocks"] <= 3
    assert synth.family_of(a).startswith(f"{a['blocks']}grp")


@pytest.mark.skipif(synth.font_path() is None, reason="CJK font not installed (fonts-wqy-microhei)")
def test_rendered_curled_three_group_sheet_is_read():
    pytest.importorskip("rapidocr")
    from oncostruct.eval.lab_score import Tally
    from oncostruct.extractors.ocr.lab_report import LabReportExtractor

    image, truth = synth.render_sheet(1413, kind="cbc", blocks=3, n_rows=9, layout=0,
                                      degrade=synth.Degrade(curl=0.02))
    pages, _ = LabReportExtractor().read(synth.encode_png(image), "curled.png")
    t = Tally()
    t.add([{"item": r.item, "value": r.value, "unit": r.unit, "reference": r.reference, "flag": r.flag}
           for r in pages[0].sheet.rows], truth["rows"])
    s = t.summary()
    assert s["rows"]["f1"] >= 0.9 and s["fields"]["value"]["accuracy"] >= 0.9, s


def _fake_result(group, rows):
    return {"task": "lab", "per_image": [{"scored_rows": [
        {"group": group, "confidence": o, "review": False, "ocr": o, "checks": c, "known_item": True,
         "has_reference": True, "value_ok": ok, "unit_ok": True, "reference_ok": True, "flag_ok": True}
        for o, c, ok in rows]}]}


def test_calibration_is_fitted_on_other_groups_and_sends_doubtful_rows_to_review(tmp_path):
    from oncostruct.eval.lab_calibration import run
    from oncostruct.extractors.ocr.calibration import RowCalibrator, feature_vector

    rng = random.Random(0)
    for g in ("a", "b", "c"):
        rows = []
        for _ in range(200):
            ocr = rng.uniform(0.5, 1.0)
            checks = ["lab.flag_contradiction"] if rng.random() < 0.1 else []
            ok = rng.random() < (0.3 if checks else ocr ** 4)
            rows.append((ocr, checks, ok))
        (tmp_path / f"{g}.json").write_text(json.dumps(_fake_result(g, rows)))
    out = tmp_path / "cal.json"
    result = run(tmp_path, f"write={out}")
    assert set(result["per_group"]) == {"a", "b", "c"}
    assert result["all"]["ece_after"] < result["all"]["ece_before"]
    cal = RowCalibrator.from_json(json.loads(out.read_text()))
    assert cal(feature_vector(0.99, 0, True, True)) > cal(feature_vector(0.7, 0, True, True))
    assert cal(feature_vector(0.99, 1, True, True)) < cal(feature_vector(0.99, 0, True, True))
    with pytest.raises(ValueError):
        RowCalibrator.from_json({"features": ["x"], "bias": 0, "weights": [1]})


def test_bench_lab_options_turn_and_cache(tmp_path):
    from oncostruct.engine.errors import DataFormatError
    from oncostruct.eval.lab import _turned, parse_model
    from oncostruct.extractors.ocr import ocr_cache

    opts = parse_model(f"turn=90;cache={tmp_path};local_lines=0")
    assert opts["turn"] == 90 and opts["cache"] == str(tmp_path) and opts["local_lines"] is False
    with pytest.raises(DataFormatError):
        parse_model("turn=45")
    pytest.importorskip("cv2")
    img = np.zeros((10, 20, 3), np.uint8)
    _, turned = _turned(b"", "x.png", img, 90)
    assert turned.shape == (20, 10, 3)
    ocr_cache.set_cache_dir(tmp_path)
    try:
        ocr_cache.store(img, [{"text": "a", "score": 0.9, "box": [[0, 0], [1, 0], [1, 1], [0, 1]]}])
        assert ocr_cache.load(img)[0]["text"] == "a" and ocr_cache.load(turned) is None
    finally:
        ocr_cache.set_cache_dir(None)


def _flat_line(text, x, y):
    w = 14 * len(text)
    return OcrLine(text, 0.95, [(x, y), (x + w, y), (x + w, y + 20), (x, y + 20)])


def test_headerless_sheet_with_three_numbered_groups_is_split_into_groups():
    lines = [_flat_line("某医院检验报告单", 700, 10), _flat_line("姓名：张三 性别：男 年龄：40岁", 40, 50)]
    n = 0
    for g, rows in enumerate(GROUPS):
        x0 = 40 + 560 * g
        for i, row in enumerate(rows):
            n += 1
            lines.append(_flat_line(str(n), x0 - 30, 100 + 34 * i))
            lines += [_flat_line(t, x0 + dx, 100 + 34 * i) for t, dx in zip(row, XS)]
    lines.append(_flat_line("报告日期：2024-05-06 检验者：某某", 40, 220))
    sheet = parse_sheet(lines)
    assert len(sheet.tables[0].blocks) == 3
    got = sorted((r.item, r.value, r.unit, r.reference, r.index) for r in sheet.rows)
    want = sorted((*r, k + 1) for k, r in enumerate(r for g in GROUPS for r in g))
    assert got == [w if w[0] != "总胆红素" else (w[0], w[1], "μmol/L", w[3], w[4]) for w in want]


def test_cells_wrapped_onto_two_lines_are_joined_and_whole_cells_are_not():
    from oncostruct.extractors.ocr.table import join_wrapped

    def tok(text, y):
        return Token(text, 100, y, 100 + 12 * len(text), y + 20, 0.9, 0)

    joined = join_wrapped([tok("3.9-", 100), tok("6.1", 124), tok("mmol", 160), tok("/L", 184)], 20)
    assert [t.text for t in joined] == ["3.9-6.1", "mmol/L"]
    kept = join_wrapped([tok("/uL", 100), tok("/uL", 122), tok("0-25", 144)], 20)
    assert [t.text for t in kept] == ["/uL", "/uL", "0-25"]


def test_integer_value_glued_to_a_known_item_name_is_split_but_a_numbered_name_is_kept():
    from oncostruct.extractors.ocr.lab_rows import _split

    def tok(text):
        return Token(text, 0, 0, 14 * len(text), 20, 0.9, 0)

    assert [(p.text, p.band) for p in _split(tok("平均血红蛋白浓度351"), "item")] == [("平均血红蛋白浓度", "item"), ("351", "value")]
    assert [p.text for p in _split(tok("糖类抗原125"), "item")] == ["糖类抗原125"]


@pytest.mark.skipif(synth.font_path() is None, reason="CJK font not installed (fonts-wqy-microhei)")
def test_rendered_headerless_three_group_sheet_with_wrapped_cells_is_read():
    pytest.importorskip("rapidocr")
    from oncostruct.eval.lab_score import Tally
    from oncostruct.extractors.ocr.lab_report import LabReportExtractor

    image, truth = synth.render_sheet(1412, kind="chem", blocks=3, n_rows=9, layout=0, header=False, numbered=True,
                                      wrap=True)
    pages, _ = LabReportExtractor().read(synth.encode_png(image), "headerless.png")
    t = Tally()
    t.add([{"item": r.item, "value": r.value, "unit": r.unit, "reference": r.reference, "flag": r.flag}
           for r in pages[0].sheet.rows], truth["rows"])
    s = t.summary()
    assert s["rows"]["f1"] >= 0.9 and s["fields"]["value"]["accuracy"] >= 0.9 and s["fields"]["reference"]["accuracy"] >= 0.8, s


def test_a_bilingual_header_names_each_column_twice_but_makes_one_group():
    lines = [_flat_line(h, x, 100) for h, x in (("项目Item", 40), ("结果 Result", 260), ("单位 Unit", 400),
                                                ("参考范围Ref.", 520))]
    for i, (item, value, unit, ref) in enumerate(GROUPS[0]):
        lines += [_flat_line(t, x, 134 + 34 * i) for t, x in ((item, 40), (value, 260), (unit, 400), (ref, 520))]
    sheet = parse_sheet(lines)
    assert len(sheet.tables[0].blocks) == 1
    assert [(r.item, r.value, r.unit, r.reference) for r in sheet.rows] == GROUPS[0]
