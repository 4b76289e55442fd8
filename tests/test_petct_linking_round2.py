"""PET-CT linking, round 2: site lexicon by organ system, fallback sites, organ-parent relations, the benign lean
of a finding against conclusion judgements, normal statements, joins inside verbs, physiological uptake, pruning."""
from __future__ import annotations

import pytest

from oncostruct.extractors.rules import load_lexicon, load_pack
from oncostruct.extractors.text.petct_fields import structure
from oncostruct.extractors.text.petct_linking import _families_meet, finding_lean, pair_score, site_relation
from oncostruct.extractors.text.petct_sections import split_sections
from oncostruct.extractors.text.petct_sites import find_sites
from oncostruct.extractors.text.petct_units import build_unit, link_config, spans


def _structure(text: str):
    return structure(text, split_sections(text))


def _linked(text: str) -> dict[str, list[str]]:
    """Finding text → texts of its linked conclusion units."""
    st = _structure(text)
    out: dict[str, list[str]] = {}
    for i, f in enumerate(st.findings):
        out[text[f.start:f.end]] = [text[st.conclusions[lk.conclusion].start:st.conclusions[lk.conclusion].end]
                                    for lk in st.linked(i)]
    return out


@pytest.mark.parametrize("phrase, canonical, organ", [
    ("右侧上颌窦", "maxillary sinus", "paranasal sinus"),   # head and neck sinuses
    ("左侧腮腺", "parotid gland", "salivary gland"),          # glands
    ("左心房", "heart", "heart"),                             # heart chambers
    ("肠管", "small intestine", "intestine"),                 # GI tract segments
    ("肛管", "anal canal", "anal canal"),
    ("胆总管", "bile duct", "bile duct"),
    ("阴道残端", "vagina", "vagina"),                         # pelvic organs
    ("右臀部", "buttock", "soft tissue"),                     # soft tissue and muscle groups
    ("下腔静脉", "vein", "vessel"),                           # vessels
    ("左侧胫骨", "lower limb bone", "lower limb bone"),        # bones
    ("气管旁", "paratracheal", "mediastinum"),                # node stations
    ("膈脚后", "paradiaphragmatic", "mediastinum"),
    ("腹主动脉旁", "para-aortic", "retroperitoneum"),
    ("右侧髂血管旁", "pelvic nodes", "pelvis"),
    ("双侧颌下", "submandibular nodes", "neck"),
])
def test_site_lexicon_covers_organ_systems(phrase: str, canonical: str, organ: str) -> None:
    site = find_sites(phrase + "见结节")[0]
    assert (site.text, site.canonical, site.organ) == (phrase, canonical, organ)


def test_systematic_entries_carry_codes_and_no_term_starts_with_the_side_word() -> None:
    lex = load_lexicon("imaging_sites")
    assert all(e.codes for e in lex.entries)
    # 侧 is eaten by the laterality prefix (左侧): a term starting with it would lose its side
    assert not [t for e in lex.entries for t in e.terms if t.startswith("侧")]


def test_words_that_are_no_sites_stay_out() -> None:
    assert [s.text for s in find_sites("动脉期病灶强化")] == []        # a contrast phase, not a vessel
    assert [s.text for s in find_sites("中心型肺癌")] == ["肺"]       # 心 alone is no heart
    assert [s.text for s in find_sites("左肺上叶舌段结节")] == ["左肺上叶舌段"]


@pytest.mark.parametrize("text, phrase", [
    ("左侧斜角肌见放射性浓聚", "左侧斜角肌"),
    ("右侧输精管增粗", "右侧输精管"),
    ("右侧输尿管上段结节", "右侧输尿管"),  # a lexicon head wins over a fallback that overlaps it
])
def test_fallback_site_by_anatomical_suffix(text: str, phrase: str) -> None:
    site = find_sites(text)[0]
    assert site.text == phrase
    assert site.head.entry.attributes.get("fallback", False) == (site.canonical == phrase[2:])


def test_fallback_site_is_its_own_organ_and_keeps_its_side() -> None:
    site = find_sites("左侧斜角肌见放射性浓聚")[0]
    assert (site.organ, site.laterality, site.head.entry.attributes.get("fallback")) == ("斜角肌", "left", True)
    assert find_sites("增强后血管及引流管周围") == []  # not_site words veto the fallback


def test_fallback_sites_link_by_the_same_word() -> None:
    text = "左侧斜角肌见结节状放射性浓聚，SUVmax 4.1。\t1.左侧斜角肌结节，考虑转移。2.右肺上叶结节。"
    assert _linked(text)["左侧斜角肌见结节状放射性浓聚，SUVmax 4.1"] == ["左侧斜角肌结节，考虑转移"]


def test_an_organ_or_region_is_the_parent_of_its_parts_and_stations() -> None:
    station, region = find_sites("气管旁淋巴结")[0], find_sites("纵隔淋巴结")[0]
    assert site_relation(station, region) == "ancestor"
    assert site_relation(region, station) == "descendant"
    sinus, other = find_sites("上颌窦")[0], find_sites("筛窦")[0]
    assert site_relation(sinus, other) == "sibling"
    assert site_relation(find_sites("大网膜")[0], find_sites("腹膜")[0]) == "ancestor"


def test_station_finding_links_to_its_region_conclusion() -> None:
    text = ("气管旁见肿大淋巴结，短径约1.1cm，SUVmax 5.2。左侧髂血管旁见淋巴结，短径约0.8cm，SUVmax 3.9。"
            "\t1.纵隔淋巴结转移。2.左侧盆腔淋巴结转移。")
    got = _linked(text)
    assert got["气管旁见肿大淋巴结，短径约1.1cm，SUVmax 5.2"] == ["纵隔淋巴结转移"]
    assert got["左侧髂血管旁见淋巴结，短径约0.8cm，SUVmax 3.9"] == ["左侧盆腔淋巴结转移"]


def _unit(text: str):
    return build_unit(text, "finding", 0, len(text), None, link_config().units)


@pytest.mark.parametrize("text, lean", [
    ("右肺下叶见斑片状影，内见钙化，轻度放射性摄取，SUVmax 1.6", "benign"),
    ("右肺下叶见不规则肿块，边缘毛刺，大小约3.1×2.4cm", "malignant"),
    ("右肺下叶见结节，大小约1.2×1.0cm，SUVmax 6.2", None),  # a high SUVmax alone is no evidence either way
])
def test_finding_lean_from_its_own_description(text: str, lean: str | None) -> None:
    assert finding_lean(text, _unit(text), link_config()) == lean


def test_benign_looking_finding_goes_to_the_benign_item_of_the_same_organ() -> None:
    text = ("右肺下叶见斑片状影，边缘模糊，轻度放射性摄取，SUVmax 1.8。左肺上叶见结节，直径约1.5cm，SUVmax 7.0。"
            "\t1.双肺多发结节，考虑转移。2.右肺下叶炎症。")
    got = _linked(text)
    assert got["右肺下叶见斑片状影，边缘模糊，轻度放射性摄取，SUVmax 1.8"] == ["右肺下叶炎症"]
    assert got["左肺上叶见结节，直径约1.5cm，SUVmax 7.0"] == ["双肺多发结节，考虑转移"]


def test_the_lean_weights_are_data() -> None:
    cfg = link_config()
    text = "右肺下叶见斑片状影，轻度放射性摄取，SUVmax 1.8"
    conclusion = "\t右肺下叶炎症"
    doc = text + conclusion
    st = _structure(doc)
    fu, cu = st.findings[0], st.conclusions[0]
    base = pair_score(doc, fu, cu, cfg)[0]
    lean = cfg.lean.model_copy(update={"fit": {"malignant": {}, "benign": {"benign": 0.0}}})
    assert pair_score(doc, fu, cu, cfg.model_copy(update={"lean": lean}))[0] == base - cfg.lean.fit["benign"]["benign"]


@pytest.mark.parametrize("text", [
    "腹膜后未见增大淋巴结",            # growth word without 较前: a negation, not a change statement
    "腹壁软组织未见明显异常",          # a lesion noun followed by a negation: the topic of a normal statement
    "视野内皮肤及软组织内未见异常放射性摄取",
    "双侧上颌窦粘膜增厚",              # mucosal thickening is no focal lesion
    "右侧胸膜局部略增厚",
])
def test_normal_statements_and_non_lesions_are_no_units(text: str) -> None:
    assert _unit(text) is None


def test_a_change_statement_is_still_no_negation() -> None:
    assert _unit("右肺上叶结节，直径约0.8cm，较前未见明显增大") is not None


def test_ji_inside_a_verb_does_not_split_a_conclusion_unit() -> None:
    text = "右肺上叶见肿块，大小约2.0×1.8cm。\t1.右肺上叶癌侵及脏层胸膜。2.肝转移及骨转移。"
    st = _structure(text)
    assert [text[c.start:c.end] for c in st.conclusions] == ["右肺上叶癌侵及脏层胸膜", "肝转移", "骨转移"]


def test_physiological_uptake_is_a_lesion_only_when_a_conclusion_discusses_it() -> None:
    quiet = "右肺上叶见肿块，SUVmax 8.0。胃壁见生理性摄取，SUVmax 3.0。\t1.右肺癌。"
    assert [u.site.text for u in _structure(quiet).findings] == ["右肺上叶"]
    symmetric = "口咽部见对称性放射性摄取，SUVmax 5.0。右肺上叶见肿块，SUVmax 8.0。\t1.右肺癌。"
    assert [u.site.text for u in _structure(symmetric).findings] == ["右肺上叶"]
    discussed = "肠管内见条状放射性浓聚，SUVmax 6.0，考虑生理性摄取。\t1.肠管生理性摄取。"
    assert [u.site.text for u in _structure(discussed).findings] == ["肠管"]


def test_pruned_pairs_are_those_that_cannot_relate() -> None:
    liver, lung, node, bone, rib = (find_sites(t)[0] for t in ("肝S6", "右肺", "淋巴结", "骨", "第3肋"))
    assert not _families_meet([liver], [lung])
    assert _families_meet([rib], [bone])                     # a generic head and its category
    assert _families_meet([find_sites("纵隔")[0]], [node])    # 淋巴结 is generic for node regions
    assert load_pack("imaging_site_parts").rules


def test_relation_words_continue_the_lesion_before() -> None:
    text = "右肺上叶见不规则肿块，边界不清，与右侧胸膜粘连，大小约2.7×1.5cm，SUVmax 6.1。\t1.右肺上叶肿块，考虑肺癌。"
    st = _structure(text)
    assert [text[u.start:u.end] for u in st.findings] == [
        "右肺上叶见不规则肿块，边界不清，与右侧胸膜粘连，大小约2.7×1.5cm，SUVmax 6.1"]


def test_advice_after_a_question_mark_ends_the_unit() -> None:
    text = "肝S4见稍低密度灶，大小约1.0×1.4cm。\t1.肝S4稍低密度灶，转移？建议复查。2.右肺结节。"
    st = _structure(text)
    assert text[st.conclusions[0].start:st.conclusions[0].end] == "肝S4稍低密度灶，转移？"
    assert st.linked(0) and st.linked(0)[0].conclusion == 0


@pytest.mark.parametrize("conclusion, units", [
    ("左上臂肿物、左侧胸膜结节高代谢，考虑转移", ["左上臂肿物、左侧胸膜结节高代谢，考虑转移"]),  # one judgement for the list
    ("左上肺门肿物及左上肺不张，范围较前增大", ["左上肺门肿物及左上肺不张，范围较前增大"]),      # a listed non-lesion
    ("腹膜转移并腹腔少量积液", ["腹膜转移", "腹腔少量积液"]),                                  # 并 adds a separate finding
    ("考虑卵巢癌并腹盆腔淋巴结转移、肝转移", ["考虑卵巢癌", "腹盆腔淋巴结转移", "肝转移"]),       # each part judged
])
def test_how_a_conclusion_item_is_cut_at_joins(conclusion: str, units: list[str]) -> None:
    text = "右肺上叶见结节，直径约0.6cm。\t1." + conclusion + "。"
    sec = [s for s in split_sections(text) if s.name == "conclusion"]
    assert [text[s:e] for s, e, _ in spans(text, sec[0], link_config().units)] == units


def test_lung_markings_are_no_lesion_and_new_sites_are_read() -> None:
    assert _unit("两肺纹理增粗") is None
    assert find_sites("胸廓入口水平吻合口右旁见肿块")[0].canonical == "thoracic inlet"
    assert find_sites("吻合口见软组织增厚")[0].canonical == "anastomosis"


def test_a_bare_organ_part_is_a_site_of_the_organ_named_before_it() -> None:
    text = "肝脏表面光整，各叶比例匀称，左叶见直径约7.0mm囊性低密度灶。甲状腺体积增大，右叶见低密度结节，大小约1.2×1.0cm。\t1.肝左叶囊肿。2.甲状腺右叶结节。"
    got = {(text[u.start:u.end], u.site.text, u.site.organ, u.laterality) for u in _structure(text).findings}
    assert got == {("左叶见直径约7.0mm囊性低密度灶", "左叶", "liver", "left"),
                   ("右叶见低密度结节，大小约1.2×1.0cm", "右叶", "thyroid", "right")}
    assert _linked(text)["左叶见直径约7.0mm囊性低密度灶"] == ["肝左叶囊肿"]
    assert _unit("左叶见低密度灶") is None  # no organ before it: no site
