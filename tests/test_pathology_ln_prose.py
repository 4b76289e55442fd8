"""Lymph-node stations listed in Chinese prose (issue #20, second blind set): each sentence is written for this test."""
from __future__ import annotations

from oncostruct.engine.cdm import DocType
from oncostruct.extractors.base import ExtractionInput
from oncostruct.extractors.text.pathology import PathologyExtractor
from oncostruct.extractors.text.pathology_ln_prose import prose_items

EX = PathologyExtractor()


def _fields(text: str) -> dict:
    out: dict = {}
    for f in EX.extract(ExtractionInput(text=text, doc_type=DocType.pathology, language="zh")).fields:
        out.setdefault(f.name, f.normalized)
    return out


def _stations(text: str) -> list[tuple]:
    return [(v["station"], v["positive"], v["examined"]) for k, v in _fields(text).items() if k.startswith("pathology.ln_stations")]


def test_shared_negative_verdict_and_totals_from_bracket():
    text = "病理诊断：（胃）腺癌。淋巴结：第3组淋巴结4枚、第9组淋巴结2枚、幽门上淋巴结1枚，均未见癌转移（0/7）。"
    assert _stations(text) == [("第3组", 0, 4), ("第9组", 0, 2), ("幽门上", 0, 1)]
    f = _fields(text)
    assert f["pathology.ln_examined"] == 7 and f["pathology.ln_positive"] == 0


def test_positive_count_per_station_and_sums():
    text = "淋巴结：第4R组淋巴结五枚，其中两枚见癌转移；第11组淋巴结3枚，未见癌转移；第12组（叶间）淋巴结1枚，见转移性癌转移。"
    assert _stations(text) == [("第4R组", 2, 5), ("第11组", 0, 3), ("第12组", 1, 1)]
    f = _fields(text)
    assert f["pathology.ln_examined"] == 9 and f["pathology.ln_positive"] == 3


def test_named_positive_station_within_a_group():
    text = "淋巴结：右髂内淋巴结三枚，右腹股沟深淋巴结二枚，其中右腹股沟深淋巴结一枚见癌转移；左髂内淋巴结4枚，均未见癌转移。"
    assert _stations(text) == [("右髂内", 0, 3), ("右腹股沟深", 1, 2), ("左髂内", 0, 4)]


def test_ambiguous_or_missing_verdict_gives_no_station():
    assert prose_items("甲状腺旁淋巴结3枚、气管旁淋巴结2枚，其中1枚见癌转移。") == []
    assert prose_items("另送肝门淋巴结2枚、胰周淋巴结3枚。") == []
    assert _stations("肠周淋巴结9枚，均未见癌转移（0/9）。") == []  # one item is a total, not a station list


def test_bracketed_station_per_line_and_total_not_one_station():
    text = "病理诊断：\n一、（左髂外淋巴结）4枚，未见癌转移（0/4）。\n二、（右髂外淋巴结）5枚，其中1枚见癌转移（1/5）。\n"
    assert _stations(text) == [("左髂外", 0, 4), ("右髂外", 1, 5)]
    f = _fields(text)
    assert f["pathology.ln_examined"] == 9 and f["pathology.ln_positive"] == 1


def test_summed_total_label_beats_a_part():
    text = "肠系膜淋巴结10枚，均未见癌转移。补充取材：另检出淋巴结4枚，其中1枚见癌转移。淋巴结合计：14枚，其中1枚见癌转移。"
    f = _fields(text)
    assert f["pathology.ln_examined"] == 14 and f["pathology.ln_positive"] == 1
