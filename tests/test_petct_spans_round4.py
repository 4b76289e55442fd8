"""PET-CT lesion spans, round 4: section boundaries, span ends and the change-direction link feature
(self-written fixtures only; each rule is a general reporting habit, measured on three gold sets)."""
from __future__ import annotations

import pytest

from oncostruct.extractors.base import ExtractionInput
from oncostruct.engine.cdm import DocType
from oncostruct.extractors.text.petct import PetctExtractor
from oncostruct.extractors.text.petct_linking import _directions, link
from oncostruct.extractors.text.petct_sections import glued_findings_start, numbered_run, split_sections
from oncostruct.extractors.text.petct_sites import find_sites
from oncostruct.extractors.text.petct_units import build_unit, link_config, units


def _unit(text: str, kind: str = "finding"):
    return build_unit(text, kind, 0, len(text), 1 if kind == "conclusion" else None, link_config().units)


def _sections(text: str) -> dict[str, str]:
    return {s.name: text[s.start:s.end] for s in split_sections(text)}


# --- sections ------------------------------------------------------------------------------------------

GLUED = ("1.右肺癌并纵隔淋巴结转移2.肝内低密度灶,考虑囊肿,请结合临床右肺上叶见一软组织肿块,大小约3.0CM×2.5CM,"
         "增强扫描不均匀强化。纵隔见多发肿大淋巴结,大者短径约1.2CM。肝右叶见一低密度灶,直径约0.8CM。")


def test_findings_glued_to_the_last_conclusion_item_start_the_findings() -> None:
    secs = _sections(GLUED)
    assert secs["conclusion"].endswith("请结合临床")
    assert secs["findings"].startswith("右肺上叶见一软组织肿块")


def test_the_glued_findings_lesion_is_a_finding_not_part_of_a_conclusion() -> None:
    findings, conclusions = units(GLUED, split_sections(GLUED))
    assert any(GLUED[slice(*f.region)].startswith("右肺上叶见一软组织肿块") for f in findings)
    assert all("右肺上叶见" not in GLUED[c.start:c.end] for c in conclusions)


@pytest.mark.parametrize("item", [
    "1.右肺上叶结节,考虑肺癌",                       # no description glued after it
    "1.右肺上叶结节,考虑肺癌,右肺门淋巴结转移",        # a second judged site after a comma
    "1.右肺癌术后右肺门淋巴结转移",                   # a judged site glued, but no 见/示 description
])
def test_a_conclusion_item_without_a_glued_description_is_not_cut(item: str) -> None:
    assert glued_findings_start(item, 2, len(item)) is None


def test_a_run_whose_first_number_was_lost_is_conclusion_first() -> None:
    text = ("1.1.左肺上叶结节，考虑转移，请结合临床。  2.纵隔多发小淋巴结。  3.肝内小囊肿。左肺上叶见一结节，"
            "直径约0.8cm。纵隔内见多发小淋巴结。肝内见一低密度灶，直径约0.5cm。腹膜后未见肿大淋巴结。")
    secs = _sections(text)
    assert secs["conclusion"].startswith("1.1.左肺上叶结节") and secs["findings"].startswith("左肺上叶见一结节")


def test_the_end_of_a_range_is_no_item_number() -> None:
    text = "左8后肋、C4、T5-6、L2见放射性浓聚灶,最大SUV6.3。"
    assert numbered_run(text) == []


# --- sites ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, site", [("T7右侧横突骨质破坏", "T7"), ("L3见骨质破坏", "L3"), ("C5-T1椎体骨质破坏", "C5-T1椎体"),
                                        ("左9后肋见骨质破坏", "左9后肋")])
def test_bare_vertebra_codes_and_ribs_are_sites(text: str, site: str) -> None:
    assert find_sites(text)[0].text == site


@pytest.mark.parametrize("text", ["T2WI呈高信号", "肝S4见囊肿"])
def test_mri_sequences_and_liver_segments_are_no_vertebra(text: str) -> None:
    assert all(s.canonical != "vertebra" for s in find_sites(text))


# --- unit boundaries -----------------------------------------------------------------------------------

def test_a_change_that_cannot_be_compared_is_no_history_header() -> None:
    unit = _unit("左肺癌,与2019-01-02片不易比较", "conclusion")
    assert unit is not None and unit.judgement == "primary"


def test_an_advice_followed_by_a_malignant_judgement_stays_in_the_clause() -> None:
    text = "1.左肺下叶新见小结节,建议复查除外转移。2.肝囊肿,建议随诊。左肺下叶见结节,直径约0.5CM。肝内见低密度灶,直径约0.6CM。"
    _, conclusions = units(text, split_sections(text))
    got = [text[slice(*c.region)] for c in conclusions]
    assert "左肺下叶新见小结节,建议复查除外转移" in got and "肝囊肿" in got


@pytest.mark.parametrize("text", ["小脑强化结节未见糖代谢增高", "肝内无明显糖代谢的稍低密度影,考虑良性"])
def test_a_focal_lesion_with_negated_uptake_is_a_lesion(text: str) -> None:
    assert _unit(text, "conclusion") is not None


@pytest.mark.parametrize("text", ["颈部软组织未见异常放射性浓聚", "纵隔未见肿大淋巴结", "纵隔淋巴结未见肿大"])
def test_normal_statements_stay_normal(text: str) -> None:
    assert _unit(text, "conclusion") is None and _unit(text) is None


def test_a_conclusion_node_named_with_a_size_word_and_no_uptake_is_a_lesion() -> None:
    assert _unit("纵隔4R区小淋巴结,无异常摄取", "conclusion") is not None
    assert _unit("纵隔4R区小淋巴结,无异常摄取") is None  # in the findings, only a discussed node is annotated


def test_an_earlier_mri_lead_is_no_part_of_the_lesion() -> None:
    text = "外院增强MRI所示右侧顶叶强化结节未见糖代谢增高"
    unit = _unit(text, "conclusion")
    assert unit is not None and text[slice(*unit.region)].startswith("右侧顶叶强化结节")


@pytest.mark.parametrize("text, expected", [
    ("另右肺下叶见小结节,直径约0.5CM", "右肺下叶见小结节,直径约0.5CM"),
    ("余双肺见多发小结节,大者直径约0.4CM", "双肺见多发小结节,大者直径约0.4CM"),
])
def test_lead_words_before_the_site_are_no_part_of_the_span(text: str, expected: str) -> None:
    unit = _unit(text)
    assert unit is not None and text[slice(*unit.region)] == expected


def test_an_enhancing_thickening_is_a_lesion_a_plain_one_is_not() -> None:
    assert _unit("左侧胸膜弥漫增厚,伴轻度强化") is not None
    assert _unit("右侧胸膜局部增厚,增强后可见明显强化") is not None
    assert _unit("左侧胸膜稍增厚") is None


@pytest.mark.parametrize("text", ["右肾见一小囊肿", "肝左叶见血管瘤"])
def test_a_lesion_named_by_its_diagnosis_in_the_findings_is_a_lesion(text: str) -> None:
    assert _unit(text) is not None


def _finding_regions(text: str) -> list[str]:
    findings, _ = units(text, split_sections(text))
    return [text[slice(*f.region)] for f in findings]


def test_an_example_and_a_comparison_continue_the_lesion_before_them() -> None:
    text = ("1.纵隔及右锁骨上淋巴结转移。2.多发骨转移。纵隔及右锁骨上见多发肿大淋巴结,如右锁骨上较大约2.0x1.6cm。"
            "胸腰椎及肋骨见骨质破坏,较前骨质密度增高。")
    regions = _finding_regions(text)
    assert "纵隔及右锁骨上见多发肿大淋巴结,如右锁骨上较大约2.0x1.6cm" in regions
    assert "胸腰椎及肋骨见骨质破坏,较前骨质密度增高" in regions


def test_a_site_placed_against_the_lesion_before_opens_a_lesion_of_its_own() -> None:
    text = ("1.右肺上叶肺癌。2.纵隔胸膜结节。右肺上叶见软组织肿块,大小约2.5CM×2.0CM,其内侧纵隔胸膜亦见一小结节,"
            "直径约0.6CM。")
    regions = _finding_regions(text)
    assert "右肺上叶见软组织肿块,大小约2.5CM×2.0CM" in regions
    assert "纵隔胸膜亦见一小结节,直径约0.6CM" in regions


# --- change direction in linking ---------------------------------------------------------------------

@pytest.mark.parametrize("text, directions", [
    ("右肺门淋巴结,较前增大", {"up"}), ("纵隔淋巴结较前缩小", {"down"}), ("肝囊肿,较前相仿", {"same"}),
    ("右肺结节,大致同前", {"same"}), ("左锁骨区新增淋巴结转移", {"up"}), ("肿大淋巴结", set()),
])
def test_change_directions_need_a_comparison(text: str, directions: set[str]) -> None:
    assert set(_directions(text, link_config())) == directions


def test_the_linker_prefers_the_item_with_the_same_change() -> None:
    text = ("1.纵隔淋巴结转移,较前缩小。2.纵隔淋巴结转移,较前增大。纵隔见多发肿大淋巴结,大者短径约1.5CM,较前增大。")
    findings, conclusions = units(text, split_sections(text))
    links = link(text, findings, conclusions)
    assert [conclusions[lk.conclusion].item for lk in links] == [2]


def test_the_extractor_runs_on_a_glued_report() -> None:
    result = PetctExtractor().extract(ExtractionInput(text=GLUED, doc_type=DocType.petct, language="zh"))
    assert result.fields


def test_unnumbered_judging_sentences_up_to_the_advice_stay_in_the_conclusion() -> None:
    text = ("1.右肺上叶小结节。 胆囊结石。 脾稍大，建议随访。胸廓对称，右肺上叶可见一小结节，直径约0.4cm。"
            "胆囊内见结石影。脾脏稍大。")
    secs = _sections(text)
    assert secs["conclusion"].endswith("建议随访。") and secs["findings"].startswith("胸廓对称")


def test_without_an_advice_sentence_the_conclusion_ends_with_its_last_item() -> None:
    text = "1.右肺上叶小结节。 胆囊结石。 胸廓对称，右肺上叶可见一小结节，直径约0.4cm。胆囊内见结石影。"
    assert _sections(text)["conclusion"] == "1.右肺上叶小结节。"


def test_ground_glass_next_to_fibrosis_is_a_lesion() -> None:
    assert _unit("左肺下叶纤维化灶及磨玻璃影", "conclusion") is not None
    assert _unit("左肺下叶纤维化灶", "conclusion") is None


def test_every_site_of_a_node_list_is_a_node() -> None:
    unit = _unit("右肺门、纵隔淋巴结转移可能", "conclusion")
    assert unit is not None and {x.text for x in unit.sites if unit.is_node(x)} == {"右肺门", "纵隔淋巴结"}


def test_a_generic_node_takes_the_side_of_its_unit() -> None:
    text = ("1.左侧锁骨区稍大淋巴结。2.右侧锁骨区淋巴结转移。"
            "右侧锁骨区见3枚稍大淋巴结,大者约1.4×0.9CM,糖代谢增高,最大SUV值约3.1。左侧锁骨区见小淋巴结,短径约0.4CM。")
    findings, conclusions = units(text, split_sections(text))
    links = link(text, findings, conclusions)
    first = [conclusions[lk.conclusion].item for lk in links if lk.finding == 0]
    assert first == [2]


def _conclusion_regions(text: str) -> list[str]:
    _, conclusions = units(text, split_sections(text))
    return [text[slice(*c.region)] for c in conclusions]


def test_a_non_lesion_change_listed_after_a_lesion_is_no_part_of_its_span() -> None:
    text = "1.左侧胸膜多发转移,左侧胸腔少量积液。2.肝囊肿。左侧胸膜见多发结节,大者约1.0CM。左侧胸腔见积液。肝内见低密度灶,直径约0.5CM。"
    assert "左侧胸膜多发转移" in _conclusion_regions(text)


def test_a_judgement_after_the_lesion_stays_with_it() -> None:
    text = "1.肝右叶片状低密度区,局灶性脂肪肝可能。肝右叶见片状低密度区,边界不清。"
    assert "肝右叶片状低密度区,局灶性脂肪肝可能" in _conclusion_regions(text)


def test_a_change_after_a_skipped_non_lesion_chunk_still_joins_the_lesion() -> None:
    text = "1.左肺癌,左肺下叶不张,较前变化不大。2.肝囊肿。左肺门见软组织肿块,大小约5.0CM×4.0CM。肝内见低密度灶,直径约0.5CM。"
    assert "左肺癌,左肺下叶不张,较前变化不大" in _conclusion_regions(text)
