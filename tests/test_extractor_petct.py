"""The PET-CT extractor on the shipped samples and on CCKS-style fixtures."""
from pathlib import Path

import pytest

from oncostruct.engine.cdm import DocType, ImagingView, TextSpan
from oncostruct.engine.components import Component as Extractor
from oncostruct.extractors.base import Extraction, ExtractionInput
from oncostruct.extractors.text.petct import PetctExtractor
from oncostruct.extractors.text.petct_sections import conclusion_items, split_sections

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"


def _run(text: str) -> tuple[Extraction, ImagingView]:
    ext = PetctExtractor()
    out = ext.extract(ExtractionInput(text=text, doc_type=DocType.petct, language="zh"))
    return out, ext.build_view(out.fields)


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def test_implements_protocol() -> None:
    ext = PetctExtractor()
    assert isinstance(ext, Extractor)
    assert (ext.name, ext.view_name) == ("petct-rules", "imaging")


@pytest.mark.parametrize("path", sorted((ROOT / "engine" / "samples").glob("petct_*.txt")) + sorted(FIXTURES.glob("petct_*.txt")))
def test_spans_slice_back(path: Path) -> None:
    text = _read(path)
    out, _ = _run(text)
    assert out.fields
    for f in out.fields:
        for p in f.provenance:
            assert isinstance(p, TextSpan) and text[p.start:p.end] == p.text, f.name


def test_sample1_every_suv_lesion_has_site_size_and_its_item() -> None:
    text = _read(ROOT / "engine" / "samples" / "petct_1.txt")
    _, view = _run(text)
    by_suv = {les.suv_max: les for les in view.lesions if les.suv_max is not None}
    expected = {8.5: ("右肺上叶尖段", [3.2, 2.8], 1), 6.2: ("右肺门及纵隔", [1.6], 2), 5.6: ("肝S7", [1.8], 3),
                7.2: ("左侧肾上腺", [2.1, 1.5], 4), 4.9: ("第3腰椎椎体", None, 5)}
    assert set(by_suv) == set(expected)
    for suv, (site, size, item) in expected.items():
        les = by_suv[suv]
        assert (les.site, les.size_cm, les.conclusion_item, les.fdg_uptake) == (site, size, item, "increased")
        assert les.findings_span is not None and les.conclusion_span is not None
        assert text[les.conclusion_span.start:les.conclusion_span.end].startswith(site[:2])
    nodule = next(les for les in view.lesions if les.site == "左肺下叶")
    assert (nodule.fdg_uptake, nodule.suv_max, nodule.conclusion_item) == ("none", None, 6)


def test_sample1_document_attributes() -> None:
    _, view = _run(_read(ROOT / "engine" / "samples" / "petct_1.txt"))
    assert view.primary_site == ["右肺上叶尖段"]
    assert view.primary_size == ["3.2×2.8cm"]
    assert {"右肺门及纵隔淋巴结", "肝S7", "左侧肾上腺"} <= set(view.metastasis_sites)


def test_conclusion_first_with_bracket_numbers() -> None:
    text = _read(ROOT / "engine" / "samples" / "petct_2.txt")
    secs = split_sections(text)
    assert [s.name for s in secs] == ["conclusion", "findings"]
    _, view = _run(text)
    axilla = next(les for les in view.lesions if les.site == "左侧腋窝")
    assert (axilla.suv_max, axilla.size_cm, axilla.conclusion_item) == (4.5, [1.9, 1.4], 1)
    assert view.primary_site == ["左乳"] and view.primary_size == []  # operated: no primary size
    assert {"左侧腋窝淋巴结", "双肺", "胸骨", "肋骨"} <= set(view.metastasis_sites)


def test_conclusion_first_without_headers() -> None:
    text = _read(FIXTURES / "petct_conclusion_first.txt")
    conclusion, findings = split_sections(text)
    assert (conclusion.name, findings.name) == ("conclusion", "findings")
    assert text[conclusion.start:conclusion.end].endswith("肝囊肿。")
    items = conclusion_items(text, conclusion)
    assert [i.index for i in items] == [1, 2, 3]
    _, view = _run(text)
    lung = next(les for les in view.lesions if les.site == "双肺")
    assert (lung.suv_max, lung.conclusion_item) == (2.8, 2)
    cyst = next(les for les in view.lesions if les.site == "肝右叶")
    assert (cyst.fdg_uptake, cyst.conclusion_item) == ("none", 3)
    assert view.metastasis_sites == ["右侧腋窝淋巴结", "双肺"]


def test_ccks_tab_style() -> None:
    text = _read(FIXTURES / "petct_ccks_tab.txt")
    findings, conclusion = split_sections(text)
    assert (findings.name, conclusion.name) == ("findings", "conclusion")
    assert text[conclusion.start] == "1"
    _, view = _run(text)
    assert view.primary_site == ["左肺下叶背段"]
    assert view.primary_size == ["3.5CM×2.7CM"]
    assert view.metastasis_sites == ["左肺门、纵隔淋巴结", "肝S6", "胸9椎体"]
    liver = next(les for les in view.lesions if les.site == "肝S6")
    assert liver.conclusion_item == 2


def test_tab_ccks_conclusion_on_left_is_detected() -> None:
    text = "1.右肺癌 2.肝转移\t右肺上叶见肿块，大小约2.0×1.5CM。"
    assert [s.name for s in split_sections(text)] == ["conclusion", "findings"]


def test_no_conclusion_gives_findings_only() -> None:
    text = "右肺上叶见结节，直径约0.8cm，SUVmax 2.1。"
    assert [s.name for s in split_sections(text)] == ["findings"]
    _, view = _run(text)
    assert len(view.lesions) == 1 and view.lesions[0].conclusion_item is None
    assert view.lesions[0].fdg_uptake == "increased"


def test_negated_clause_is_no_lesion() -> None:
    _, view = _run("纵隔内未见肿大淋巴结。右肺上叶见结节，直径约0.8cm。")
    assert [les.site for les in view.lesions] == ["右肺上叶"]


def test_field_names_follow_contract() -> None:
    out, _ = _run(_read(ROOT / "engine" / "samples" / "petct_1.txt"))
    names = {f.name for f in out.fields}
    assert {"imaging.lesions[0].site", "imaging.lesions[0].size", "imaging.lesions[0].suv_max",
            "imaging.lesions[0].fdg_uptake", "imaging.lesions[0].conclusion", "imaging.primary_site[0]",
            "imaging.primary_size[0]", "imaging.metastasis_sites[0]"} <= names
    concl = next(f for f in out.fields if f.name == "imaging.lesions[0].conclusion")
    assert concl.attributes["item"] == 1 and concl.provenance[0].section == "conclusion"
    assert concl.attributes["relation"] == "exact" and concl.attributes["also"] == []
    suv = next(f for f in out.fields if f.name == "imaging.lesions[0].suv_max")
    assert suv.normalized == 8.5 and suv.confidence == 0.97
