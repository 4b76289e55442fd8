"""The imaging_sites lexicon and imaging_site_parts pack, assembled into site phrases."""
import pytest

from oncostruct.extractors.rules import load_lexicon, load_pack
from oncostruct.extractors.text.petct_sites import find_sites, lateral_compatible


def test_lexicon_and_pack_load_with_codes() -> None:
    lex = load_lexicon("imaging_sites")
    assert lex.lookup("肺").canonical == "lung"
    assert lex.lookup("肾上腺").codes[0].code == "C74.9"
    assert load_pack("imaging_site_parts").rules


@pytest.mark.parametrize("text, phrase, canonical, laterality", [
    ("右肺上叶尖段见肿块", "右肺上叶尖段", "lung", "right"),
    ("左肺下叶后基底段结节", "左肺下叶后基底段", "lung", "left"),
    ("右上肺门肿块", "右上肺门", "hilum", "right"),
    ("肝S7低密度灶", "肝S7", "liver", None),
    ("左乳外上象限肿物", "左乳外上象限", "breast", "left"),
    ("双侧肾上腺增粗", "双侧肾上腺", "adrenal gland", "bilateral"),
    ("纵隔淋巴结肿大", "纵隔淋巴结", "mediastinum", None),
    ("右侧第7后肋溶骨性破坏", "右侧第7后肋", "rib", "right"),
    ("胸3椎体骨质破坏", "胸3椎体", "vertebra", None),
    ("右侧锁骨上淋巴结", "右侧锁骨上淋巴结", "supraclavicular", "right"),
])
def test_site_phrases(text: str, phrase: str, canonical: str, laterality: str | None) -> None:
    site = find_sites(text)[0]
    assert (site.text, site.canonical, site.laterality) == (phrase, canonical, laterality)
    assert text[site.start:site.end] == site.text


def test_hilum_counts_as_lung_for_matching() -> None:
    assert find_sites("右肺门")[0].organ == "lung"


def test_laterality_compatibility() -> None:
    assert lateral_compatible("left", "left")
    assert lateral_compatible("bilateral", "right")
    assert lateral_compatible(None, "left")
    assert not lateral_compatible("left", "right")


def test_moved_site_keeps_detail() -> None:
    text = "诊断：右肺下叶癌"
    site = find_sites(text[3:])[0].moved(3, text)
    assert text[site.start:site.end] == "右肺下叶" and site.detail == "下叶"
