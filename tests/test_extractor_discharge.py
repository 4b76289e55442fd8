"""DischargeExtractor on the packaged samples and on small synthetic snippets."""
from __future__ import annotations

from pathlib import Path

import pytest

from oncostruct.engine.cdm import DischargeView, DocType, TextSpan
from oncostruct.extractors.base import ExtractionInput
from oncostruct.extractors.text.discharge import DischargeExtractor

SAMPLES = Path(__file__).resolve().parents[1] / "engine" / "samples"


def _extract(text: str, lang: str = "zh"):
    return DischargeExtractor().extract(ExtractionInput(text=text, doc_type=DocType.discharge, language=lang))


def _sample(name: str) -> str:
    return (SAMPLES / name).read_text(encoding="utf-8")


def _by_name(fields):
    return {f.name: f for f in fields}


@pytest.mark.parametrize("name", ["discharge_1.txt", "discharge_2.txt", "discharge_3.txt", "discharge_en_1.txt"])
def test_every_span_slices_back(name):
    text = _sample(name)
    fields = _extract(text, "en" if "_en" in name else "zh").fields
    assert fields
    for f in fields:
        assert f.provenance, f.name
        for s in f.provenance:
            assert isinstance(s, TextSpan) and text[s.start:s.end] == s.text


def test_lung_surgery_summary():
    f = _by_name(_extract(_sample("discharge_1.txt")).fields)
    assert f["discharge.admission_date"].normalized == "2023-03-10"
    assert f["discharge.discharge_date"].normalized == "2023-03-22"
    assert f["discharge.diagnoses[0]"].code.code == "C34.1"
    assert f["discharge.diagnoses[0]"].value.startswith("右肺上叶腺癌 pT1bN0M0")
    assert [f[f"discharge.diagnoses[{i}]"].code.code for i in (1, 2)] == ["I10", "E11.9"]
    assert "discharge.diagnoses[3]" not in f  # discharge list preferred over the admission list
    assert f["discharge.procedures[0]"].normalized == {"name": "胸腔镜下右肺上叶切除术+纵隔淋巴结清扫术", "date": "2023-03-15"}
    meds = [x for x in f.values() if x.name.startswith("discharge.drugs") and x.attributes.get("section") == "discharge_meds"]
    assert [m.normalized for m in meds] == [
        {"name": "amlodipine", "dose": 5.0, "dose_unit": "mg", "frequency": "qd", "route": "oral"},
        {"name": "metformin", "dose": 0.5, "dose_unit": "g", "frequency": "tid", "route": "oral"},
    ]
    cea = f["discharge.tumor_markers[0]"]
    assert cea.normalized == {"name": "CEA", "value": 6.8, "unit": "ng/mL"} and cea.unit == "ng/mL"
    assert cea.code.system == "LOINC" and cea.code.code == "2039-6"
    assert f["discharge.tumor_markers[3]"].normalized == {"name": "CA125", "value": 18.6, "unit": "U/mL"}


def test_chemotherapy_cycle_summary():
    f = _by_name(_extract(_sample("discharge_2.txt")).fields)
    assert f["discharge.admission_date"].normalized == "2023-05-08"
    regimens = [x for x in f.values() if x.attributes.get("kind") == "regimen"]
    assert [(r.attributes["regimen"], r.attributes.get("cycle"), r.normalized["date"]) for r in regimens] == [
        ("XELOX", None, "2023-01-10"), ("XELOX", 4, "2023-05-09")]
    drug0 = f["discharge.drugs[0]"]
    assert drug0.normalized == {"name": "oxaliplatin", "dose": 130.0, "dose_unit": "mg/m2", "frequency": None,
                                "route": "intravenous"}
    assert drug0.attributes["schedule"] == "d1" and drug0.code.code == "L01XA03"
    assert f["discharge.drugs[3]"].normalized["frequency"] == "bid"
    assert f["discharge.diagnoses[2]"].code is None  # not in the lexicon: still a diagnosis, without code
    assert f["discharge.tumor_markers[1]"].normalized == {"name": "CA19-9", "value": 21.4, "unit": "U/mL"}


def test_targeted_therapy_summary_uses_stay_range_and_numbered_brackets():
    f = _by_name(_extract(_sample("discharge_3.txt")).fields)
    assert (f["discharge.admission_date"].normalized, f["discharge.discharge_date"].normalized) == ("2023-07-03", "2023-07-06")
    assert [f[f"discharge.diagnoses[{i}]"].code.code for i in range(3)] == ["C50.9", "C79.5", "E03.9"]
    assert f["discharge.procedures[0]"].normalized == {"name": "左乳癌改良根治术", "date": "2022-08"}
    names = [x.normalized["name"] for x in f.values() if x.name.startswith("discharge.drugs")]
    assert names[:4] == ["trastuzumab", "pertuzumab", "docetaxel", "zoledronic acid"]
    assert f["discharge.drugs[3]"].normalized["frequency"] == "q4w"


def test_english_summary():
    f = _by_name(_extract(_sample("discharge_en_1.txt"), "en").fields)
    assert f["discharge.admission_date"].normalized == "2023-04-02"
    assert f["discharge.procedures[0]"].normalized["date"] == "2023-04-04"
    assert [f[f"discharge.diagnoses[{i}]"].code.code for i in range(3)] == ["C34.9", "I10", "E11.9"]
    assert f["discharge.drugs[1]"].normalized == {"name": "metformin", "dose": 500.0, "dose_unit": "mg",
                                                  "frequency": "bid", "route": "oral"}


def test_brand_in_brackets_is_one_drug_and_ihc_is_not_a_marker():
    text = "予奥沙利铂（齐沙）150MGIVGTTD1+替吉奥胶囊（艾奕）40MGPOBIDD2-15方案化疗。免疫组化：CEA(+++)，CK7（+）。"
    fields = _extract(text).fields
    drugs = [f for f in fields if f.name.startswith("discharge.drugs")]
    assert [d.normalized for d in drugs] == [
        {"name": "oxaliplatin", "dose": 150.0, "dose_unit": "mg", "frequency": None, "route": "intravenous"},
        {"name": "tegafur, gimeracil and oteracil (S-1)", "dose": 40.0, "dose_unit": "mg", "frequency": "bid",
         "route": "oral"},
    ]
    assert not [f for f in fields if f.name.startswith("discharge.tumor_markers")]


def test_code_like_drug_inside_longer_token_is_ignored():
    fields = _extract("免疫组化：S-100(-)，SMA(+)。").fields
    assert not [f for f in fields if f.name.startswith("discharge.drugs")]


def test_unnumbered_diagnoses_split_on_top_level_commas():
    text = "出院诊断：直肠癌术后（pT3N1M0，IIIB期），高血压\n"
    fields = [f for f in _extract(text).fields if f.name.startswith("discharge.diagnoses")]
    assert [f.value for f in fields] == ["直肠癌术后（pT3N1M0，IIIB期）", "高血压"]


def test_marker_without_unit_has_lower_confidence():
    f = _by_name(_extract("复查CA125：148.6，较前下降。").fields)["discharge.tumor_markers[0]"]
    assert f.normalized == {"name": "CA125", "value": 148.6, "unit": None}
    assert f.confidence <= 0.8


def test_empty_text_and_build_view():
    ex = DischargeExtractor()
    assert _extract("").fields == []
    assert ex.build_view([]) is None
    view = ex.build_view(_extract(_sample("discharge_1.txt")).fields)
    assert isinstance(view, DischargeView)
    assert view.admission_date == "2023-03-10" and len(view.diagnoses) == 3
    assert view.procedures[0].date == "2023-03-15"
    assert view.drugs[0].name == "amlodipine" and view.tumor_markers[0].unit == "ng/mL"


def test_route_written_before_the_drug():
    drug = _by_name(_extract("既往口服二甲双胍0.5g tid，血糖控制可。").fields)["discharge.drugs[0]"]
    assert drug.normalized["route"] == "oral" and drug.normalized["frequency"] == "tid"
