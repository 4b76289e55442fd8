"""PathologyExtractor end to end on the bundled samples and an unseen-style fixture."""
from pathlib import Path

import pytest

from oncostruct.engine.cdm import DocType, FieldStatus, PathologyView
from oncostruct.engine.components import Component as Extractor
from oncostruct.extractors.base import ExtractionInput
from oncostruct.extractors.text.pathology import PathologyExtractor

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sorted((ROOT / "engine" / "samples").glob("pathology_*.txt"))
UNSEEN = ROOT / "tests" / "fixtures" / "pathology_zh_unseen.txt"
EX = PathologyExtractor()


def _run(path_or_text: Path | str, lang: str = "unknown"):
    text = path_or_text.read_text(encoding="utf-8") if isinstance(path_or_text, Path) else path_or_text
    return text, EX.extract(ExtractionInput(text=text, doc_type=DocType.pathology, language=lang))


def _by_name(extraction) -> dict:
    out: dict = {}
    for f in extraction.fields:
        out.setdefault(f.name, []).append(f)
    return out


def _norm(extraction, name: str):
    return _by_name(extraction)[name][0].normalized


def test_protocol() -> None:
    assert isinstance(EX, Extractor)
    assert (EX.name, EX.version, EX.view_name) == ("pathology-rules", "1", "pathology")


def test_there_are_enough_samples() -> None:
    names = {p.name for p in SAMPLES}
    assert {f"pathology_zh_{i}.txt" for i in (1, 2, 3)} | {"pathology_en_1.txt", "pathology_en_2.txt"} <= names


@pytest.mark.parametrize("path", SAMPLES + [UNSEEN], ids=lambda p: p.name)
def test_every_span_slices_back(path: Path) -> None:
    text, ex = _run(path)
    assert ex.fields
    for f in ex.fields:
        assert f.name.startswith("pathology.")
        assert f.provenance, f.name
        for sp in f.provenance:
            assert text[sp.start:sp.end] == sp.text, (f.name, sp)
        if f.value is not None:
            assert f.value == text[f.provenance[0].start:f.provenance[0].end]


def test_unseen_style_report() -> None:
    text, ex = _run(UNSEEN, "zh")
    fields = _by_name(ex)
    assert fields["pathology.histology"][0].normalized == "Adenocarcinoma, NOS"
    assert fields["pathology.histology"][0].code.code == "8140/3"
    assert fields["pathology.tumor_size"][0].normalized == [4.5, 3.0, 1.2]
    assert fields["pathology.tumor_size"][0].value == "4.5cm×3.0cm×1.2cm"
    assert [fields[f"pathology.p{a}"][0].normalized for a in "TNM"] == [
        {"prefix": "p", "category": "T3"}, {"prefix": "p", "category": "N3a"}, {"prefix": "p", "category": "M0"}]
    assert (fields["pathology.ln_positive"][0].normalized, fields["pathology.ln_examined"][0].normalized) == (7, 25)
    assert fields["pathology.ln_positive"][0].value == "7" and fields["pathology.ln_examined"][0].value == "25"
    ki67 = next(f for f in ex.fields if f.name.startswith("pathology.ihc[") and f.normalized["marker"] == "Ki-67")
    assert ki67.value == "Ki67（60%+）" and ki67.normalized["percent"] == 60.0
    for f in (fields["pathology.histology"][0], fields["pathology.tumor_size"][0], fields["pathology.pT"][0], ki67):
        sp = f.provenance[0]
        assert text[sp.start:sp.end] == sp.text == f.value


def test_lung_sample() -> None:
    _, ex = _run(ROOT / "engine/samples/pathology_zh_1.txt")
    hist = _by_name(ex)["pathology.histology"][0]
    assert hist.normalized == "Invasive adenocarcinoma"
    assert hist.attributes["subtypes"][0] == {"pattern": "acinar", "percent": 70.0}
    site = _by_name(ex)["pathology.primary_site"][0]
    assert (site.normalized, site.code.system, site.code.code, site.attributes["icd10"]) == (
        "Right upper lobe of lung", "ICD-O-3-T", "C34.1", "C34.1")
    assert _norm(ex, "pathology.tumor_size") == [3.2, 2.8, 2.0]
    assert _norm(ex, "pathology.ln_stations[1]") == {"station": "第4组", "positive": 1, "examined": 4}
    assert (_norm(ex, "pathology.ln_positive"), _norm(ex, "pathology.ln_examined")) == (2, 14)
    assert _norm(ex, "pathology.pdl1.tps") == 60.0
    assert _norm(ex, "pathology.lymphovascular_invasion") is True
    assert _norm(ex, "pathology.perineural_invasion") is False
    assert _norm(ex, "pathology.pleural_invasion") == "PL1"
    assert _norm(ex, "pathology.ajcc_edition") == 8
    molecular = [f.normalized for f in ex.fields if f.name.startswith("pathology.molecular[")]
    assert {"gene": "EGFR", "result": "mutant", "alteration": "exon 19 deletion"} in molecular
    assert {"gene": "EGFR", "result": "negative", "alteration": "T790M"} in molecular


def test_breast_sample() -> None:
    _, ex = _run(ROOT / "engine/samples/pathology_zh_2.txt")
    ihc = {f.normalized["marker"]: f.normalized for f in ex.fields if f.name.startswith("pathology.ihc[")}
    assert ihc["ER"] == {"marker": "ER", "result": "positive", "percent": 90.0, "intensity": "strong"}
    assert ihc["PR"]["percent"] == 40.0 and ihc["HER2"]["result"] == "2+" and ihc["Ki-67"]["percent"] == 25.0
    assert _norm(ex, "pathology.grade") == "G2"
    assert _norm(ex, "pathology.margin") == "negative"
    assert (_norm(ex, "pathology.ln_positive"), _norm(ex, "pathology.ln_examined")) == (3, 17)
    site = _by_name(ex)["pathology.primary_site"][0]
    assert site.code.code == "C50.4" and site.attributes["laterality"] == "left"


def test_rectal_sample_after_neoadjuvant_therapy() -> None:
    _, ex = _run(ROOT / "engine/samples/pathology_zh_3.txt")
    (pt,) = _by_name(ex)["pathology.pT"]  # the clinical cT3 is folded into the ypT field, not a rival value
    assert (pt.normalized, pt.attributes["clinical"]) == ({"prefix": "yp", "category": "T3"}, ["cT3"])
    assert not ex.issues
    assert _norm(ex, "pathology.margin") == "negative"
    assert _by_name(ex)["pathology.margin"][0].attributes["distance_cm"] == 0.3
    assert _norm(ex, "pathology.perineural_invasion") is True
    view = EX.build_view(ex.fields)
    assert (view.tnm.prefix, view.tnm.T, view.tnm.N, view.tnm.M, view.tnm.ajcc_edition) == ("yp", "T3", "N1a", "M0", 8)
    assert view.ln_examined == 15 and view.ln_positive == 1  # summed over the two stations


def test_english_synoptic_samples() -> None:
    _, ex = _run(ROOT / "engine/samples/pathology_en_1.txt")
    view = EX.build_view(ex.fields)
    assert view.histology == "Invasive ductal carcinoma" and view.histology_code == "8500/3"
    assert (view.tnm.T, view.tnm.N, view.tnm.M, view.tnm.ajcc_edition) == ("T2", "N1a", "MX", 8)
    assert (view.ln_positive, view.ln_examined) == (1, 3)
    assert {i.marker: i.result for i in view.ihc} == {"ER": "positive", "PR": "positive", "HER2": "1+", "Ki-67": None}
    _, ex = _run(ROOT / "engine/samples/pathology_en_2.txt")
    view = EX.build_view(ex.fields)
    assert (view.primary_site, view.grade, view.margin) == ("Sigmoid colon", "G2", "negative")
    assert (view.lymphovascular_invasion, view.perineural_invasion) == (True, False)
    assert (view.ln_positive, view.ln_examined, view.tumor_size_cm) == (2, 15, [4.6, 3.9, 1.2])
    assert {(m.gene, m.result) for m in view.molecular} >= {("KRAS", "mutant"), ("MMR", "pMMR")}


def test_contradicting_pt_values_are_kept_and_flagged() -> None:
    text, ex = _run("病理诊断：（左肺下叶）鳞状细胞癌。pT2aN0M0。\n补充报告：pT3N0。", "zh")
    pts = _by_name(ex)["pathology.pT"]
    assert [f.value for f in pts] == ["pT2a", "pT3"]
    assert all(f.status is FieldStatus.needs_review for f in pts)
    assert [i.code for i in ex.issues] == ["pathology.conflict"]
    assert len(_by_name(ex)["pathology.pN"]) == 1  # the repeated N0 is one field with two spans
    assert len(_by_name(ex)["pathology.pN"][0].provenance) == 2


def test_negated_histology_is_skipped() -> None:
    _, ex = _run("FINAL DIAGNOSIS: Lymph nodes, negative for carcinoma. Colon, biopsy: tubular adenoma.", "en")
    assert "pathology.histology" not in _by_name(ex)


def test_view_is_a_pathology_view() -> None:
    _, ex = _run(ROOT / "engine/samples/pathology_zh_1.txt")
    view = EX.build_view(ex.fields)
    assert isinstance(view, PathologyView)
    assert view.pdl1 == {"tps": 60.0}
    assert EX.build_view([]) is None


def test_empty_and_unrelated_text() -> None:
    assert _run("", "zh")[1].fields == []
    assert _run("Patient seen in clinic, doing well.", "en")[1].fields == []


def test_bare_gene_result_outside_molecular_section_is_ihc() -> None:
    _, ex = _run("Immunohistochemistry: HER2: Negative. CK7 (+), BG8 (-). The tumor cells are negative for CK20 (-).", "en")
    markers = [f.normalized["marker"] for f in ex.fields if f.name.startswith("pathology.ihc[")]
    assert markers == ["HER2", "CK7", "BG8", "CK20"]
    assert not [f for f in ex.fields if f.name.startswith("pathology.molecular")]


def test_bare_gene_result_inside_molecular_section_is_molecular() -> None:
    _, ex = _run("分子检测：EGFR：阴性；ALK：阴性。", "zh")
    assert [f.normalized["gene"] for f in ex.fields if f.name.startswith("pathology.molecular[")] == ["EGFR", "ALK"]


def test_unknown_marker_needs_an_ihc_section() -> None:
    outside = _run("镜下：XYZ9（+）。", "zh")[1]
    inside = _run("免疫组化：XYZ9（+）。", "zh")[1]
    assert not [f for f in outside.fields if f.name.startswith("pathology.ihc")]
    assert [f.normalized["marker"] for f in inside.fields if f.name.startswith("pathology.ihc")] == ["XYZ9"]


def test_us_synoptic_habits() -> None:
    """HER2 written as a bare 0, node totals as "Number examined / Number involved", the primary's histology
    over a node metastasis named first, and the fullest size of the tumour."""
    text = ("FINAL DIAGNOSIS: PART 1: LYMPH NODE, STATION 10R: Metastatic adenocarcinoma in one of two lymph nodes (1/2). "
            "PART 2: RIGHT UPPER LOBE: Invasive adenocarcinoma, acinar predominant. Tumor measures 4.5 cm in greatest "
            "dimension. SYNOPTIC REPORT: Tumor Size: 4.5 x 3.0 x 2.2 cm. Regional Lymph Nodes: Number examined: 12, "
            "Number involved: 1. HER2/neu by IHC: 0 (negative). Ki-67: 15%.")
    ex = _run(text, "en")[1]
    assert _norm(ex, "pathology.histology") == "Invasive adenocarcinoma"
    assert _norm(ex, "pathology.tumor_size") == [4.5, 3.0, 2.2]
    assert _norm(ex, "pathology.ln_examined") == 12 and _norm(ex, "pathology.ln_positive") == 1
    ihc = {f.normalized["marker"]: f for f in ex.fields if f.name.startswith("pathology.ihc[")}
    assert ihc["HER2"].normalized["result"] == "0" and ihc["HER2"].attributes["interpretation"] == "negative"
    assert ihc["Ki-67"].normalized["percent"] == 15.0
    only_metastasis = _run("LYMPH NODE, EXCISION: Metastatic adenocarcinoma in two of five lymph nodes (2/5).", "en")[1]
    hist = next(f for f in only_metastasis.fields if f.name == "pathology.histology")
    assert hist.normalized == "Adenocarcinoma, NOS" and hist.attributes["metastatic"] is True


@pytest.mark.parametrize(
    "text, organ",
    [
        # the tumour's own item decides among the specimens of a multi-organ resection
        ("Source of Specimen(s): 1: Right kidney. 2: Portion of right adrenal. DIAGNOSIS: 1). KIDNEY, RIGHT; "
         "RADICAL NEPHRECTOMY: - RENAL CELL CARCINOMA, CLEAR CELL TYPE. 2). ADRENAL GLAND: NOT INVOLVED.", "kidney"),
        ("DIAGNOSIS: A. LYMPH NODE: NEGATIVE (0/1). E. PANCREAS AND DUODENUM, PANCREATICODUODENECTOMY: INVASIVE "
         "ADENOCARCINOMA, MODERATELY DIFFERENTIATED.", "pancreas"),
        ("DIAGNOSIS: Head of pancreas, duodenum, common bile duct and gallbladder, pylorus-preserving "
         "pancreaticoduodenectomy: Ductal adenocarcinoma, well differentiated.", "pancreas"),
        ("DIAGNOSIS: Uterus, bilateral fallopian tubes and bilateral ovaries: radical hysterectomy. "
         "High grade papillary serous carcinoma of endometrium.", "uterus"),
        ("Specimen: uterus, cervix, tubes and ovaries. DIAGNOSIS: A. CERVIX, RADICAL HYSTERECTOMY: SQUAMOUS CELL "
         "CARCINOMA, 2.5 CM. B. OVARIES: NO TUMOR.", "cervix"),
    ],
)
def test_english_primary_site_is_the_tumours_organ(text: str, organ: str) -> None:
    _, ex = _run(text, "en")
    assert _by_name(ex)["pathology.primary_site"][0].attributes["organ"] == organ


def test_a_metastasis_does_not_name_the_primary_site() -> None:
    _, ex = _run("Specimen: Right lower lobe of lung. DIAGNOSIS: 1. PLEURA: BIOPSY. - METASTATIC ADENOCARCINOMA.", "en")
    assert _by_name(ex)["pathology.primary_site"][0].attributes["organ"] == "lung"


@pytest.mark.parametrize(
    "text, status, close",
    [
        ("D. DEEP MARGIN CLOSE (0.1 CM) BUT NOT INVOLVED BY INVASIVE CARCINOMA.", "negative", True),
        ("Margins: negative; tumor is 0.05 cm from the deep margin.", "negative", True),
        ("Margins: negative; tumor is 0.8 cm from the deep margin.", "negative", None),
        ("Deep margin close. Lateral margin involved by invasive carcinoma.", "positive", None),
    ],
)
def test_margin_status_is_involved_or_not_and_close_is_a_qualifier(text: str, status: str, close: bool | None) -> None:
    _, ex = _run("FINAL DIAGNOSIS: Breast, lumpectomy: invasive ductal carcinoma. " + text, "en")
    margin = _by_name(ex)["pathology.margin"][0]
    assert margin.normalized == status and margin.attributes.get("close") is close


def test_histology_written_type_last_and_dominant_nodule_size() -> None:
    _, ex = _run("DIAGNOSIS: STOMACH, GASTRECTOMY: - ADENOCARCINOMA, INTESTINAL TYPE (LAUREN). "
                 "TUMOR QUANTITATION: DOMINANT NODULE 1.8 CM.", "en")
    assert _norm(ex, "pathology.histology") == "Intestinal-type adenocarcinoma"
    assert _by_name(ex)["pathology.tumor_size"][0].normalized[0] == 1.8


def test_english_ihc_lists_keep_lexicon_markers_only() -> None:
    _, ex = _run("DIAGNOSIS: Kidney, nephrectomy: papillary renal cell carcinoma. Tumour cells are positive for AMACR, "
                 "CK7 and PAX8, and negative for CD117. Lymph nodes negative for carcinoma (0/2).", "en")
    ihc = {f.normalized["marker"]: f.normalized["result"] for f in ex.fields if f.name.startswith("pathology.ihc[")}
    assert ihc == {"P504S": "positive", "CK7": "positive", "PAX8": "positive", "CD117": "negative"}


def test_english_stage_group_lvi_and_size_phrasings() -> None:
    _, ex = _run("Histologic type: squamous cell carcinoma, non-keratinizing. Tumor size: 3.2 BY 2.5 BY 0.9 CM. "
                 "Microvascular (lymphovascular) invasion present. Post-therapy stage group (ypTNM): IIIB. "
                 "Closest margin at 0.5 cm.", "en")
    assert _norm(ex, "pathology.histology") == "Non-keratinizing squamous cell carcinoma"
    assert _by_name(ex)["pathology.tumor_size"][0].normalized == [3.2, 2.5, 0.9]
    assert _norm(ex, "pathology.lymphovascular_invasion") is True
    assert "pathology.pT" not in _by_name(ex)  # "at 0.5 cm" is not an autopsy aT0
