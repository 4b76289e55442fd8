"""PET-CT linking, round 3: general span rules measured on two gold sets (self-written fixtures only)."""
from __future__ import annotations

import pytest

from oncostruct.extractors.text.petct_sections import split_sections
from oncostruct.extractors.text.petct_units import build_unit, link_config, spans


def _unit(text: str, kind: str = "finding"):
    return build_unit(text, kind, 0, len(text), 1 if kind == "conclusion" else None, link_config().units)


@pytest.mark.parametrize("text, kind", [
    ("肾上腺见一无糖代谢增高的低密度灶，大小约6mm", "finding"),
    ("脾脏多发不伴糖代谢异常增高的低密度影", "finding"),
    ("甲状腺右叶无糖代谢异常增高的结节，考虑良性", "conclusion"),
])
def test_a_negated_uptake_modifying_the_lesion_keeps_the_lesion(text: str, kind: str) -> None:
    unit = _unit(text, kind)
    assert unit is not None and unit.uptake in ("none", "not_stated")


@pytest.mark.parametrize("text", [
    "双侧颈部未见明显糖代谢异常增高灶或占位",      # the negation covers the lesion words after it
    "腋窝无明显糖代谢异常增高的肿大淋巴结",          # nodes without uptake are normal
    "盆腔未见异常放射性浓聚",
])
def test_a_negated_uptake_that_negates_the_lesion_is_still_a_normal_statement(text: str) -> None:
    assert _unit(text) is None


@pytest.mark.parametrize("text", ["第3腰椎体局限骨质密度减低", "L2椎体内见类圆形骨质稀疏区", "部分肋骨密度略增高",
                                  "骶骨骨质密度不均"])
def test_a_bone_density_change_is_a_lesion(text: str) -> None:
    assert _unit(text) is not None


@pytest.mark.parametrize("text", ["诸骨骨质密度未见异常", "骨骼骨质密度均匀"])
def test_normal_bone_density_is_no_lesion(text: str) -> None:
    assert _unit(text) is None


def test_the_lesion_span_starts_after_the_chunks_that_call_the_organ_normal() -> None:
    text = "脾脏形态正常，各叶比例匀称，实质内见一囊性灶，大小约5mm"
    unit = _unit(text)
    assert unit is not None and text[slice(*unit.region)] == "实质内见一囊性灶，大小约5mm"
    assert unit.site.text == "脾脏" and unit.start == 0  # linking still reads the organ


@pytest.mark.parametrize("text", ["右肺上叶见斑片状影，内见支气管充气征，伴糖代谢增高，最大SUV值约2.1",
                                  "甲状腺左叶稍增大，两叶密度不均匀，最大SUV值为6.4"])
def test_a_lesion_described_before_its_measure_keeps_its_whole_span(text: str) -> None:
    unit = _unit(text)
    assert unit is not None and unit.region == (0, len(text))


def _conclusion_spans(text: str) -> list[str]:
    sec = [s for s in split_sections(text) if s.name == "conclusion"][0]
    return [text[a:b] for a, b, _ in spans(text, sec, link_config().units)]


def test_a_conclusion_sentence_with_one_judgement_after_its_sites_is_one_unit() -> None:
    text = "检查所见：肝脏见结节。诊断意见：1.左腋窝淋巴结代谢活跃，肝脏多发病灶代谢活跃，考虑转移瘤。"
    assert _conclusion_spans(text) == ["左腋窝淋巴结代谢活跃，肝脏多发病灶代谢活跃，考虑转移瘤"]


def test_sites_judged_on_their_own_stay_separate_units() -> None:
    text = "检查所见：肝脏见结节。诊断意见：1.左肾囊肿，肝脏多发病灶代谢活跃，考虑转移瘤。"
    assert len(_conclusion_spans(text)) == 2


def test_advice_in_brackets_ends_the_unit() -> None:
    text = "甲状腺左叶结节（建议超声随访）"
    unit = _unit(text, "conclusion")
    assert unit is not None and text[unit.start:unit.end] == "甲状腺左叶结节"


def test_a_run_of_spaces_between_words_ends_a_conclusion_sentence() -> None:
    text = "检查所见：肝脏见结节。诊断意见：纵隔淋巴结转移，较前无明显变化 右侧胸膜多发转移瘤，部分较前稍大。肝内数个囊肿。"
    assert _conclusion_spans(text) == ["纵隔淋巴结转移，较前无明显变化", "右侧胸膜多发转移瘤，部分较前稍大", "肝内数个囊肿"]


def test_a_site_after_a_relation_word_is_a_neighbour_not_the_lesion() -> None:
    from dataclasses import replace

    from oncostruct.extractors.text.petct_linking import pair_score
    text = "纵隔内4R、7区见多发肿大淋巴结，短径约15mm右肺癌侵犯纵隔"
    node = build_unit(text, "finding", 0, 23, None, link_config().units)
    cancer = build_unit(text, "conclusion", 23, len(text), 1, link_config().units)
    assert node is not None and cancer is not None and len(cancer.neighbours) == 1
    assert 0 < pair_score(text, node, cancer)[0] < pair_score(text, node, replace(cancer, neighbours=frozenset()))[0]


@pytest.mark.parametrize("text, lesion", [
    ("两肾另见小囊性无强化低密度影", True),     # a negated enhancement describes the lesion
    ("脾内见稍低密度灶，增强扫描未见明显强化", True),
    ("纵隔未见肿大淋巴结", False),
    ("肝脏未见明显强化灶", False),
])
def test_a_negated_enhancement_is_no_negation_of_the_lesion(text: str, lesion: bool) -> None:
    assert (_unit(text) is not None) is lesion


def test_a_chunk_opening_with_located_at_continues_the_lesion() -> None:
    from oncostruct.extractors.text.petct_sections import Section
    text = "肋骨及脊柱多处见糖代谢异常增高,最大SUV值为8.2,位于左侧髂骨,较前增多"
    found = spans(text, Section("findings", 0, len(text)), link_config().units)
    assert [(a, b) for a, b, _ in found] == [(0, len(text))]


@pytest.mark.parametrize("text, judgement", [("右侧咽隐窝代谢轻度增高，SUVmax为2.1，考虑炎症", "benign"),
                                              ("右肾错构瘤", "benign")])
def test_nasopharyngeal_recess_and_hamartoma(text: str, judgement: str) -> None:
    unit = _unit(text, "conclusion")
    assert unit is not None and unit.judgement == judgement


def test_a_bare_organ_part_opening_a_sentence_takes_the_organ_of_the_sentence_before() -> None:
    from oncostruct.extractors.text.petct_sections import Section
    from oncostruct.extractors.text.petct_units import units
    text = "肝脏形态大小正常，见多发低密度灶，大者约12mm。右后叶包膜下另见一低密度灶，大小约8mm。"
    findings, _ = units(text, [Section("findings", 0, len(text))])
    part = [u for u in findings if text[u.start:u.end].startswith("右后叶")]
    assert len(part) == 1 and part[0].site.organ == findings[0].site.organ
