"""The molecular rule pack and its normalisers."""
import pytest

from oncostruct.extractors.rules.loader import load_pack
from oncostruct.extractors.text.pathology_parse import normalize_alteration, normalize_mmr, normalize_molecular_result, normalize_msi


def _first(text: str):
    matches = load_pack("molecular").find(text)
    assert matches, text
    return matches[0]


@pytest.mark.parametrize(
    "text, gene, result, alteration",
    [
        ("EGFR exon 19 deletion", "EGFR", "mutant", "exon 19 deletion"),
        ("EGFR基因第19号外显子缺失突变", "EGFR", "mutant", "exon 19 deletion"),
        ("EGFR 21号外显子L858R突变", "EGFR", "mutant", "L858R"),
        ("EGFR L858R突变", "EGFR", "mutant", "L858R"),
        ("EGFR T790M阴性", "EGFR", "negative", "T790M"),
        ("EGFR：野生型", "EGFR", "wild-type", None),
        ("EGFR 突变阴性", "EGFR", "negative", None),
        ("KRAS G12C mutation detected", "KRAS", "mutant", "G12C"),
        ("BRAF V600E: not detected", "BRAF", "negative", "V600E"),
        ("ALK融合", "ALK", "fusion", None),
        ("ALK rearrangement: not detected", "ALK", "negative", None),
        ("ROS1融合阴性", "ROS1", "negative", None),
        ("HER2基因扩增", "HER2", "amplified", None),
    ],
)
def test_gene_results(text: str, gene: str, result: str, alteration: str | None) -> None:
    m = _first(text)
    assert m.groups["gene"] == gene
    res = m.groups.get("res") or m.groups.get("res2")
    assert normalize_molecular_result(res, bool(m.groups.get("alt"))) == result
    assert normalize_alteration(m.groups.get("alt")) == alteration


def test_alk_d5f3_immunohistochemistry() -> None:
    m = _first("ALK（D5F3）（-）")
    assert (m.rule_id, m.groups["assay"], normalize_molecular_result(m.groups["res2"], False)) == ("mol.alk_ihc", "D5F3", "negative")


def test_her2_fish_with_ratio() -> None:
    m = _first("HER2 FISH: not amplified, HER2/CEP17 ratio 1.3")
    assert normalize_molecular_result(m.groups["res2"], False) == "not amplified" and m.groups["ratio"] == "1.3"


def test_hotspot_without_gene_names_its_gene_in_the_group() -> None:
    m = _first("，T790M阴性")
    assert m.groups["alt_EGFR"] == "T790M"


@pytest.mark.parametrize("text, status", [("MSI-H", "MSI-H"), ("微卫星稳定", "MSS"), ("MSI status: stable", "MSS"), ("MSI：高度不稳定", "MSI-H")])
def test_msi(text: str, status: str) -> None:
    assert normalize_msi(_first(text).groups["res2"]) == status


@pytest.mark.parametrize("text, status", [("dMMR", "dMMR"), ("错配修复蛋白完整", "pMMR"), ("mismatch repair protein expression intact", "pMMR")])
def test_mmr(text: str, status: str) -> None:
    assert normalize_mmr(_first(text).groups["res2"]) == status


def test_tki_drug_name_is_not_a_result() -> None:
    assert load_pack("molecular").find("EGFR-TKI治疗") == []
