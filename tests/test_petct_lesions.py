"""PET-CT lesion structuring: units in both section orders, attributes, score-based linking, review reasons, counts."""
from __future__ import annotations

from pathlib import Path

import pytest

from oncostruct.engine.cdm import DocType, FieldStatus
from oncostruct.engine.errors import ConfigError
from oncostruct.extractors.base import ExtractionInput
from oncostruct.extractors.text.petct import PetctExtractor
from oncostruct.extractors.text.petct_fields import UNLINKED_REASON, structure
from oncostruct.extractors.text.petct_linking import site_relation
from oncostruct.extractors.text.petct_sections import split_sections
from oncostruct.extractors.text.petct_sites import find_sites
from oncostruct.extractors.text.petct_units import link_config
from petct_synth import CONCLUSION_FIRST, FINDINGS_FIRST


def _structure(text: str):
    return structure(text, split_sections(text))


def _links(text: str) -> set[tuple[str, str]]:
    st = _structure(text)
    return {(st.findings[lk.finding].site.text, text[st.conclusions[lk.conclusion].start:st.conclusions[lk.conclusion].end])
            for lk in st.links}


def _run(text: str):
    ext = PetctExtractor()
    out = ext.extract(ExtractionInput(text=text, doc_type=DocType.petct, language="zh"))
    return out, ext.build_view(out.fields)


@pytest.mark.parametrize("text, order", [(CONCLUSION_FIRST, ["conclusion", "findings"]),
                                         (FINDINGS_FIRST, ["findings", "conclusion"])])
def test_sections_in_either_order(text: str, order: list[str]) -> None:
    assert [s.name for s in split_sections(text)] == order
    st = _structure(text)
    assert st.findings and st.conclusions
    fsec = next(s for s in split_sections(text) if s.name == "findings")
    assert all(fsec.start <= u.start and u.end <= fsec.end for u in st.findings)


def test_history_header_and_item_numbers_are_not_part_of_a_conclusion_unit() -> None:
    st = _structure(CONCLUSION_FIRST)
    texts = [CONCLUSION_FIRST[u.start:u.end] for u in st.conclusions]
    assert texts == ["右肺上叶前段肿块，考虑肺癌", "纵隔4R区及右肺门淋巴结转移", "肝S6转移瘤", "双肾囊肿"]
    assert [u.item for u in st.conclusions] == [1, 1, 2, 3]


def test_comma_chunks_that_start_with_a_site_open_a_new_lesion() -> None:
    text = "双肺示多发结节灶,大者约为0.7CM,部分轻度放射性摄取,右肺前胸膜下示斑片影,可见轻度放射性摄取,最高SUV2.0。"
    st = _structure(text)
    assert [text[u.start:u.end] for u in st.findings] == ["双肺示多发结节灶,大者约为0.7CM,部分轻度放射性摄取",
                                                          "右肺前胸膜下示斑片影,可见轻度放射性摄取,最高SUV2.0"]


def test_attributes_of_findings() -> None:
    st = _structure(CONCLUSION_FIRST)
    got = {u.site.text: (u.laterality, u.size_mm, u.suv_max, u.uptake, u.uptake_kind) for u in st.findings}
    assert got == {
        "右肺上叶前段": ("right", 35.0, 9.6, "increased", "suspicious"),
        "纵隔": ("none", 12.0, 5.1, "increased", "suspicious"),  # uptake read from the SUVmax alone
        "右肺门": ("right", 9.0, 2.8, "mild", "suspicious"),
        "肝S6": ("none", 20.0, 6.3, "increased", "suspicious"),
        "双肾": ("bilateral", 11.0, None, "none", "not_stated"),
    }  # 胃壁见生理性摄取: physiological uptake that no conclusion item discusses is no lesion


def test_size_in_mm_is_the_longest_dimension_and_mm_units_are_kept() -> None:
    u = _structure("肝左叶见结节，大小约12.5×14.3mm，SUVmax 3.3。")
    assert u.findings[0].size_mm == 14.3


def test_negated_and_normal_clauses_are_no_lesions() -> None:
    st = _structure("双颈部见多发淋巴结,未见明显异常放射性摄取。盆腔内膀胱放射性浓聚如常。纵隔内未见肿大淋巴结。")
    assert st.findings == []


def test_linking_uses_the_site_hierarchy_not_string_equality() -> None:
    right_upper, right, lung = (find_sites(t)[0] for t in ("右肺上叶尖段", "右肺", "肺"))
    assert site_relation(right_upper, right) == "ancestor"
    assert site_relation(right_upper, lung) == "ancestor"
    assert site_relation(right, right_upper) == "descendant"
    assert site_relation(right_upper, find_sites("右肺下叶")[0]) == "sibling"
    assert site_relation(right_upper, find_sites("左肺")[0]) is None  # left and right exclude each other
    assert site_relation(find_sites("T9椎体")[0], find_sites("胸9椎体")[0]) == "exact"
    assert site_relation(find_sites("T9椎体")[0], find_sites("胸10椎体")[0]) == "sibling"
    assert site_relation(find_sites("T9椎体")[0], find_sites("骨")[0]) == "ancestor"


def test_a_conclusion_item_groups_several_findings() -> None:
    links = _links(CONCLUSION_FIRST)
    assert ("纵隔", "纵隔4R区及右肺门淋巴结转移") in links and ("右肺门", "纵隔4R区及右肺门淋巴结转移") in links
    assert ("右肺上叶前段", "右肺上叶前段肿块，考虑肺癌") in links
    assert not any(f == "胃" for f, _ in links)  # physiological uptake has no conclusion


def test_findings_first_links_and_judgements() -> None:
    _, view = _run(FINDINGS_FIRST)
    by_site = {les.site: les for les in view.lesions}
    assert by_site["T9椎体"].judgement == "metastasis"
    assert view.conclusion_lesions[by_site["T9椎体"].conclusions[0]].site == "胸9椎体"
    assert by_site["左侧胸壁"].judgement == "post_treatment"  # surgical bed ↔ 左乳癌术后改变
    assert by_site["左肺下叶"].judgement == "indeterminate" and by_site["左肺下叶"].fdg_uptake == "none"
    assert view.site_counts == {"chest wall": 1, "axilla": 1, "vertebra": 1, "lung": 1}


def test_wrong_side_is_never_linked() -> None:
    text = "右肺上叶见结节，直径约1.0cm，SUVmax 4.0。\t1.左肺上叶转移。"
    assert _links(text) == set()


def test_weak_link_goes_to_review_with_a_reason() -> None:
    # the conclusion names only the organ, nothing else agrees: score below review_threshold
    text = "右肺上叶见结节。\t1.肺部炎症。"
    out, _ = _run(text)
    link = next(f for f in out.fields if f.name == "imaging.lesions[0].conclusion")
    assert link.status is FieldStatus.needs_review and "weak finding-conclusion link" in link.review_reason
    assert link.confidence == link_config().link_confidence["weak"]


def test_avid_finding_without_conclusion_goes_to_review() -> None:
    out, _ = _run("右肾上腺见结节，大小约2.0×1.5cm，SUVmax 6.1。\t1.右肺上叶炎症。")
    judgement = next(f for f in out.fields if f.name == "imaging.lesions[0].judgement")
    assert judgement.status is FieldStatus.needs_review and judgement.review_reason == UNLINKED_REASON


def test_fields_carry_provenance_that_slices_back() -> None:
    out, _ = _run(CONCLUSION_FIRST)
    for f in out.fields:
        for p in f.provenance:
            assert CONCLUSION_FIRST[p.start:p.end] == p.text, f.name


def test_thresholds_are_data(tmp_path: Path) -> None:
    cfg = link_config().model_copy(update={"link_threshold": 100.0})
    text = CONCLUSION_FIRST
    assert structure(text, split_sections(text), cfg).links == []
    bad = tmp_path / "linking.yaml"
    bad.write_text("version: '1'\nunits: {}\n", encoding="utf-8")
    with pytest.raises(ConfigError):
        link_config(str(bad))


@pytest.mark.parametrize("text, boundary", [
    ("右肺上叶结节代谢活跃，考虑肺癌；纵隔淋巴结转移。空腹6h以下，静脉注射18F-FDG，行PET/CT显像。"
     "右肺上叶见结节，大小约2.0×1.8cm，SUV约8.1。纵隔见肿大淋巴结，SUV约4.2。", "空腹6h"),
    ("右肺癌术后，右肺少量纤维灶。 肝囊肿。右肺癌术后：右侧胸廓稍塌陷，右肺内见少量条索灶。肝内见囊性灶，直径约8mm。",
     "右肺癌术后："),
])
def test_conclusion_first_without_numbers_tab_or_headers(text: str, boundary: str) -> None:
    conclusion, findings = split_sections(text)
    assert (conclusion.name, findings.name) == ("conclusion", "findings")
    assert text[findings.start:].startswith(boundary)
    st = _structure(text)
    assert st.conclusions and st.links
