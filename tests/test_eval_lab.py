"""bench lab: row matching, field normalisation and the result format (OCR replaced by fixed lines)."""
import json

import pytest

from oncostruct.eval.lab_score import Tally, field_equal, match_rows, norm_item


def test_item_names_match_after_normalisation():
    pred = [{"item": "红细胞（高倍视野）"}, {"item": "白细胞"}, {"item": "白细胞"}]
    gold = [{"item": "白细胞"}, {"item": "红细胞(高倍视野)"}, {"item": "白 细 胞"}, {"item": "管型"}]
    assert match_rows(pred, gold) == [(1, 0), (0, 1), (2, 2)]
    assert norm_item("ＣＥＡ 【总】") == "cea(总)"


@pytest.mark.parametrize("name, pred, gold, equal", [
    ("value", {"value": "45.56"}, {"value": "45.56"}, True),
    ("value", {"value": "阴性（-）"}, {"value": "阴性(-)"}, True),
    ("unit", {"unit": "10^9/L"}, {"unit": "x10ˆ9/L"}, True),
    ("unit", {"unit": "fL"}, {"unit": "fl"}, True),
    ("unit", {"unit": "g/L"}, {"unit": "mg/L"}, False),
    ("reference", {"reference": "3.5-9.5"}, {"reference": "3.5--9.5"}, True),
    ("reference", {"reference": "3.69-9.16", "unit": "10^9/L"}, {"reference": "3.69-9.16×10^9/L", "unit": None}, True),
    ("unit", {"reference": "3.69-9.16", "unit": "10^9/L"}, {"reference": "3.69-9.16×10^9/L", "unit": None}, True),
    ("reference", {"reference": "3.5-9.6"}, {"reference": "3.5-9.5"}, False),
    ("flag", {"flag": "H"}, {"flag": "↑"}, True),
    ("flag", {"flag": None}, {"flag": ""}, True),
    ("flag", {"flag": "↓"}, {"flag": "↑"}, False),
])
def test_field_equality(name, pred, gold, equal):
    assert field_equal(name, pred, gold) is equal


def test_tally_counts_only_legible_rows_for_fields():
    gold = [{"item": "A", "value": "1", "unit": None, "reference": None, "flag": "", "legible": True},
            {"item": "B", "value": "2", "unit": None, "reference": None, "flag": "", "legible": False},
            {"item": "C", "value": "3", "unit": None, "reference": None, "flag": "", "legible": True}]
    pred = [{"item": "A", "value": "1"}, {"item": "B", "value": "9"}, {"item": "X", "value": "3"}]
    t = Tally()
    t.add(pred, gold)
    s = t.summary()
    assert s["rows"] == {"p": round(2 / 3, 4), "r": round(2 / 3, 4), "f1": round(2 / 3, 4)}
    assert s["fields"]["value"]["accuracy"] == 1.0  # B is illegible: not scored


def _fake_lines(truth):
    from oncostruct.extractors.ocr.ocr import OcrLine

    def box(x, y, w):
        return [(x, y), (x + w, y), (x + w, y + 20), (x, y + 20)]
    lines = [OcrLine(h, 0.99, box(40 + 200 * i, 100, 80)) for i, h in enumerate(("项目名称", "结果", "单位", "参考范围"))]
    for r, row in enumerate(truth["rows"]):
        for i, key in enumerate(("item", "value", "unit", "reference")):
            if row[key]:
                lines.append(OcrLine(row[key], 0.95, box(40 + 200 * i, 140 + 30 * r, 14 * len(row[key]))))
    return lines


def test_run_writes_the_issue_format(tmp_path, monkeypatch):
    pytest.importorskip("cv2")
    from oncostruct.eval import lab as bench_lab
    from oncostruct.extractors.ocr import lab_report
    from tests import synth_lab as synth

    truth = {"image": "images/a.png", "report_type": "血常规", "header": {}, "columns": [],
             "rows": [{"item": "白细胞计数", "abbr": "WBC", "value": "12.1", "unit": "10^9/L", "reference": "3.5-9.5",
                       "flag": "↑", "legible": True},
                      {"item": "血红蛋白", "abbr": "HGB", "value": "135", "unit": "g/L", "reference": "130-175",
                       "flag": "", "legible": True}],
             "quality": "synthetic", "notes": ""}
    (tmp_path / "images").mkdir()
    (tmp_path / "labels").mkdir()
    import numpy as np
    (tmp_path / "images" / "a.png").write_bytes(synth.encode_png(np.full((300, 900, 3), 255, np.uint8)))
    (tmp_path / "labels" / "a.json").write_text(json.dumps(truth, ensure_ascii=False), encoding="utf-8")
    fake = lambda image, page=0, use_cuda=None: _fake_lines(truth)  # noqa: E731
    monkeypatch.setattr(bench_lab, "run_ocr", fake)
    monkeypatch.setattr(lab_report, "run_ocr", fake)
    from oncostruct.extractors.ocr.oriented_read import OrientedRead
    monkeypatch.setattr(lab_report, "read_oriented",  # the default one-read path (turn decided before recognition)
                        lambda image, page, opts, use_cuda=None: OrientedRead(fake(image, page)))
    monkeypatch.setattr(bench_lab, "engine", lambda use_cuda=None: None)
    monkeypatch.setattr(bench_lab, "tesseract_available", lambda: False)
    result = bench_lab.run(tmp_path, None)
    assert result["task"] == "lab" and result["n_images"] == 1
    assert result["rows"] == {"p": 1.0, "r": 1.0, "f1": 1.0}
    assert set(result["fields"]) == {"value", "unit", "reference", "flag"}
    assert result["fields"]["flag"]["accuracy"] == 1.0  # 12.1 > 9.5: computed ↑ equals the printed ↑
    assert {"cer", "sec_per_image", "raw_ocr_sec_per_image", "overhead_ratio", "baselines"} <= set(result)
    assert result["baselines"]["rapidocr_naive_y"]["rows"]["r"] == 1.0
    assert "skipped" in result["baselines"]["tesseract_chi_sim"]


def test_bad_options_are_refused():
    from oncostruct.engine.errors import DataFormatError
    from oncostruct.eval.lab import parse_model

    assert parse_model("preprocess=deskew+contrast;baselines=0").get("baselines") is False
    with pytest.raises(DataFormatError):
        parse_model("preprocess=sharpen")
