"""extractors.terminology: canonical units, sizes in cm, terminology codes; pure (inputs unchanged)."""
from __future__ import annotations

import pytest

from oncostruct.extractors import terminology as normalize
from oncostruct.engine.cdm import Code, Field, Source
from oncostruct.extractors.terminology import canonical_unit, normalize_fields

SRC = Source(kind="rule", name="test:rule", version="1")


def _field(name, value=None, normalized=None, unit=None, code=None):
    return Field(name=name, value=value, normalized=normalized, unit=unit, code=code, confidence=0.9, source=SRC)


@pytest.mark.parametrize(
    "written, canonical",
    [("CM", "cm"), ("厘米", "cm"), ("MM", "mm"), ("毫米", "mm"), ("ng/ml", "ng/mL"), ("NG/ML", "ng/mL"), ("u/ml", "U/mL"),
     ("mg/M2", "mg/m2"), ("mg/m²", "mg/m2"), ("10^9/L", "×10⁹/L"), ("10*9/L", "×10⁹/L"), ("X10^9/L", "×10⁹/L"),
     (" 10 ^ 9 / L ", "×10⁹/L"), ("μg", "ug"), ("％", "%")],
)
def test_canonical_unit(written, canonical):
    assert canonical_unit(written) == canonical


@pytest.mark.parametrize("written", [None, "", "furlongs"])
def test_unknown_unit_is_none(written):
    assert canonical_unit(written) is None


def test_sizes_in_mm_become_cm():
    f = _field("pathology.tumor_size", "25×18MM", [25.0, 18.0], "MM")
    out = normalize_fields([f], "zh")[0]
    assert out.normalized == [2.5, 1.8] and out.unit == "cm"
    assert f.normalized == [25.0, 18.0] and f.unit == "MM"  # input untouched


def test_size_without_unit_is_cm_by_contract_and_scalar_sizes_convert():
    assert normalize_fields([_field("imaging.lesions[0].size", "2.1×1.6", [2.1, 1.6])], "zh")[0].unit == "cm"
    out = normalize_fields([_field("imaging.primary_size[0]", "8mm", 8.0, "毫米")], "zh")[0]
    assert (out.normalized, out.unit) == (0.8, "cm")


def test_unit_inside_normalized_dict_is_canonicalised_and_filled():
    marker = _field("discharge.tumor_markers[0]", "CA19-9 45.6U/ML", {"name": "CA19-9", "value": 45.6, "unit": "U/ML"})
    drug = _field("discharge.drugs[0]", "培美曲塞 500mg/M2", {"name": "pemetrexed", "dose": 500.0, "dose_unit": "mg/M2"})
    out_marker, out_drug = normalize_fields([marker, drug], "zh")
    assert out_marker.normalized["unit"] == "U/mL" and out_marker.unit == "U/mL"
    assert out_drug.normalized["dose_unit"] == "mg/m2" and out_drug.unit is None


def test_non_size_fields_keep_their_numbers():
    out = normalize_fields([_field("lab.results[0].value", "5.2", 5.2, "10*9/L")], "zh")[0]
    assert (out.normalized, out.unit) == (5.2, "×10⁹/L")


def test_diagnosis_without_code_gets_icd10():
    out = normalize_fields([_field("discharge.diagnoses[0]", "直肠癌术后", "直肠癌术后")], "zh")[0]
    assert out.code == Code(system="ICD-10", code="C20", display="rectal cancer")
    assert out.attributes["concept"] == "rectal cancer" and out.normalized == "直肠癌术后"


def test_existing_code_is_kept_and_unknown_terms_stay_uncoded():
    coded = _field("discharge.diagnoses[0]", "直肠癌", code=Code(system="ICD-10", code="C20.9"))
    unknown = _field("discharge.diagnoses[1]", "化疗后骨髓抑制")
    out = normalize_fields([coded, unknown], "zh")
    assert out[0].code.code == "C20.9" and out[1].code is None


def test_normalized_filled_with_canonical_when_missing():
    out = normalize_fields([_field("discharge.diagnoses[0]", "Hypertension")], "en")[0]
    assert out.normalized == "essential hypertension" and out.code.code == "I10"


def test_primary_site_uses_topography_with_icd10_attribute():
    if normalize._lexicon("topography") is None:
        pytest.skip("topography lexicon not installed")
    out = normalize_fields([_field("pathology.primary_site", "右肺上叶")], "zh")[0]
    assert out.code is not None and out.code.code.startswith("C34")
    assert out.attributes.get("icd10", "").startswith("C34")


def test_missing_lexicon_is_skipped(monkeypatch):
    monkeypatch.setattr(normalize, "_lexicon", lambda name: None if name == "histology" else normalize.load_lexicon(name))
    f = _field("pathology.histology", "浸润性腺癌")
    assert normalize_fields([f], "zh")[0].code is None


def test_missing_lexicon_file_is_not_an_error():
    normalize._lexicon.cache_clear()
    assert normalize._lexicon("no_such_lexicon_for_test") is None
