"""Page orientation found from the boxes already read (hand-made OCR lines, no OCR run)."""
from __future__ import annotations

import numpy as np
import pytest

from oncostruct.extractors.ocr.ocr import OcrLine
from oncostruct.extractors.ocr.orientation import OrientationOptions, TurnScore, best_turn, turned_lines
from oncostruct.extractors.ocr.sheet import parse_sheet

W, H = 700, 400
_ROWS = [("白细胞计数", "6.5", "10^9/L", "3.5-9.5"), ("红细胞计数", "4.52", "10^12/L", "4.3-5.8"),
         ("血红蛋白", "138", "g/L", "130-175"), ("血小板计数", "215", "10^9/L", "125-350"),
         ("淋巴细胞百分比", "31.2", "%", "20-50")]


def _line(text: str, x: float, y: float) -> OcrLine:
    w = 16 * sum(2 if "\u4e00" <= c <= "\u9fff" else 1 for c in text)
    return OcrLine(text, 0.97, [(x, y), (x + w, y), (x + w, y + 22), (x, y + 22)])


def _page() -> list[OcrLine]:
    xs = (20, 260, 380, 520)
    lines = [_line(t, x, 30) for t, x in zip(("项目", "结果", "单位", "参考范围"), xs)]
    for i, row in enumerate(_ROWS):
        lines += [_line(t, x, 70 + 40 * i) for t, x in zip(row, xs)]
    return lines


def _size(quarter: int) -> tuple[int, int]:
    return (H, W) if quarter % 2 else (W, H)


@pytest.mark.parametrize("quarter", [1, 2, 3])
def test_turning_the_boxes_back_gives_the_page_as_printed(quarter):
    turned = turned_lines(_page(), quarter, W, H)
    back = turned_lines(turned, (4 - quarter) % 4, *_size(quarter))
    for a, b in zip(_page(), back):
        assert a.text == b.text and np.allclose(a.box, b.box)
    # corners start at the top-left again, clockwise
    (x0, y0), (x1, _), (_, y2), _ = turned[0].box
    assert x0 == min(p[0] for p in turned[0].box) and y0 == min(p[1] for p in turned[0].box)
    assert (x1 > x0) == (y2 > y0)


@pytest.mark.parametrize("quarter", [1, 2, 3], ids=["read-turned-90", "read-turned-180", "read-turned-270"])
def test_the_turn_of_a_page_is_found_from_its_boxes_without_reading_it_again(quarter, monkeypatch):
    upright = len(parse_sheet(_page()).rows)
    assert upright == len(_ROWS)
    as_read = turned_lines(_page(), quarter, W, H)  # what the recogniser returns on a page photographed turned
    w, h = _size(quarter)
    assert len(parse_sheet(as_read).rows) < upright

    def no_reads(*_a, **_k):
        raise AssertionError("the downscaled turns must not be read when the boxes decide")

    monkeypatch.setattr("oncostruct.extractors.ocr.orientation.score_turns", no_reads)
    opts = OrientationOptions(cls_lines=0)  # no pixels here: the rows decide within the pair
    top, boxed, notes = best_turn(np.zeros((h, w, 3), np.uint8), as_read, len(parse_sheet(as_read).rows), opts)
    assert top is not None and top.quarter == (4 - quarter) % 4 and top.rows == upright and boxed
    assert notes[0].startswith("orientation:boxes:")


@pytest.mark.parametrize("share, quarter, want", [(0.9, 1, 3), (0.1, 1, 1), (0.9, 2, 2), (0.1, 2, None)])
def test_a_clear_line_classifier_vote_decides_which_way_up_within_the_pair_the_boxes_allow(share, quarter, want,
                                                                                          monkeypatch):
    # text running down the page (quarter 1 or 3) can only be righted by 90 or 270, across by 0 or 180
    monkeypatch.setattr("oncostruct.extractors.ocr.orientation.upside_down_share", lambda *a, **k: share)
    as_read = turned_lines(_page(), quarter, W, H)
    w, h = _size(quarter)
    top, _, notes = best_turn(np.zeros((h, w, 3), np.uint8), as_read, 0, OrientationOptions())
    assert (top.quarter if top else None) == want and f"cls180={share:.2f}" in notes[0]
    assert top is None or top.sure


def test_without_from_boxes_the_downscaled_turns_are_read(monkeypatch):
    calls = []

    def fake_reads(image, quarters, opts, use_cuda=None):
        calls.append(quarters)
        return [TurnScore(q, 0, 0.0) for q in quarters]

    monkeypatch.setattr("oncostruct.extractors.ocr.orientation.score_turns", fake_reads)
    top, boxed, _ = best_turn(np.zeros((H, W, 3), np.uint8), _page(), 0, OrientationOptions(from_boxes=False))
    assert top is None and not boxed and calls == [[1, 2, 3]]


def test_rotation_bench_picks_by_a_fixed_rule_and_measures_retention_against_upright(tmp_path):
    import json
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    import lab_rotation

    (tmp_path / "images").mkdir()
    (tmp_path / "labels").mkdir()
    for name in ("b__2", "a__3", "a__1", "c__1", "a__2"):
        (tmp_path / "images" / f"{name}.png").write_bytes(b"")
        (tmp_path / "labels" / f"{name}.json").write_text(json.dumps({"image": f"images/{name}.png", "rows": []}))
    picked = [p.stem for p, _ in lab_rotation.pick(tmp_path, per_group=2, max_groups=2)]
    assert picked == ["a__1", "a__2", "b__2"]

    def result(turn, found):
        return {"turn": turn, "n_images": 2, "rows": {}, "fields": {"value": {"accuracy": 1.0}}, "sec_per_image": 2.0,
                "raw_ocr_sec_per_image": 1.0, "overhead_ratio": 2.0,
                "per_image": [{"image": k, "found_rows": v, "gold_rows": 10, "steps": [], "sec": 2.0 * (i + 1),
                               "raw_ocr_sec": 1.0} for i, (k, v) in enumerate(found.items())]}

    upright = {"x": 10, "y": 8}
    row = lab_rotation.summarise(result(90, {"x": 10, "y": 4}), upright)
    assert row["retention"] == round(14 / 18, 4) and row["retention_worst"] == ("y", 0.5)
    assert row["overhead_median"] == 3.0 and row["overhead_total"] == 2.0
