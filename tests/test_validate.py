"""engine.validate: each check fires on a bad record and stays quiet on a good one."""
from __future__ import annotations

from datetime import date

import pytest

from oncostruct.engine.cdm import Document, DocType, Field, FieldStatus, Record, Source, TextSpan
from oncostruct.engine.validate import validate_record

SRC = Source(kind="rule", name="test:rule", version="1")
TODAY = date(2024, 6, 1)


def _f(name, normalized=None, value=None, provenance=None, status=FieldStatus.auto_accepted):
    return Field(name=name, value=value if value is not None else normalized, normalized=normalized, confidence=0.95,
                 source=SRC, provenance=provenance or [], status=status)


def _record(*fields):
    doc = Document(doc_id="d1", doc_type=DocType.pathology, source_sha256="0" * 64, engine_version="test")
    return Record(document=doc, fields=list(fields))


def _codes(record):
    return [i.code for i in record.issues]


def _check(*fields, text=None):
    return validate_record(_record(*fields), text=text, today=TODAY)


def test_good_record_is_returned_unchanged():
    rec = _record(
        _f("imaging.lesions[0].suv_max", 12.3), _f("pathology.tumor_size", [2.0, 1.5]),
        _f("pathology.ln_positive", 2), _f("pathology.ln_examined", 14),
        _f("pathology.pT", {"prefix": "p", "category": "T2a"}, "pT2a"),
        _f("pathology.pN", {"prefix": "p", "category": "N1a"}, "pN1a"), _f("pathology.pM", None, "cM0"),
        _f("discharge.admission_date", "2023-03-10"), _f("discharge.discharge_date", "2023-03-22"),
        _f("discharge.procedures[0]", {"name": "x", "date": "2023-03-15"}),
        _f("discharge.tumor_markers[0]", {"name": "CEA", "value": 6.8, "unit": "ng/mL"}),
        _f("discharge.drugs[0]", {"name": "x", "dose": 80.0}),
        _f("pathology.histology", "adenocarcinoma", provenance=[TextSpan(start=0, end=3, text="abc")]),
    )
    out = validate_record(rec, text="abcdef", today=TODAY)
    assert out.issues == [] and out is rec


@pytest.mark.parametrize(
    "field",
    [_f("imaging.lesions[0].suv_max", 0.0), _f("imaging.lesions[1].suv_max", 75.0),
     _f("pathology.tumor_size", [3.0, 62.0]), _f("imaging.lesions[0].size", [0.0]),
     _f("pathology.ln_examined", 151), _f("pathology.pdl1.tps", 120.0),
     _f("pathology.ihc[0]", {"marker": "Ki-67", "percent": 140.0}),
     _f("discharge.tumor_markers[0]", {"name": "CEA", "value": -1.0}),
     _f("discharge.drugs[0]", {"name": "x", "dose": 0.0})],
)
def test_out_of_range_values(field):
    out = _check(field)
    assert _codes(out) == ["value.out_of_range"]
    assert out.fields[0].status is FieldStatus.needs_review and "plausible range" in out.fields[0].review_reason


def test_non_numeric_value():
    assert _codes(_check(_f("pathology.ln_positive", "two"))) == ["value.not_numeric"]


@pytest.mark.parametrize(
    "fields, code",
    [([_f("discharge.admission_date", "1899-12-31")], "date.out_of_range"),
     ([_f("discharge.discharge_date", "2030-01-01")], "date.out_of_range"),
     ([_f("discharge.admission_date", "2023-02-30")], "date.invalid"),
     ([_f("discharge.procedures[0]", {"name": "x", "date": "2099-01"})], "date.out_of_range"),
     ([_f("discharge.admission_date", "2023-03-22"), _f("discharge.discharge_date", "2023-03-10")],
      "cross.discharge_before_admission")],
)
def test_dates(fields, code):
    out = _check(*fields)
    assert _codes(out) == [code]
    assert all(f.status is FieldStatus.needs_review for f in out.fields)


@pytest.mark.parametrize(
    "field",
    [_f("pathology.pT", {"prefix": "p", "category": "T5"}, "pT5"), _f("pathology.pN", None, "pN4"),
     _f("pathology.pM", {"prefix": "q", "category": "M1"}, "qM1"), _f("pathology.pT", {"prefix": "p", "category": "N1"})],
)
def test_tnm_grammar_fires(field):
    assert _codes(_check(field)) == ["tnm.grammar"]


@pytest.mark.parametrize("value", ["pTis", "ypT0", "pT1mi", "pT4b", "pTX", "pT3(m)", "pT1a1"])
def test_tnm_grammar_accepts_valid_t(value):
    assert _check(_f("pathology.pT", None, value)).issues == []


@pytest.mark.parametrize("value", ["pN0(i+)", "pN1mi", "pN3b", "pNX", "ypN2a", "pN0(sn)"])
def test_tnm_grammar_accepts_valid_n(value):
    assert _check(_f("pathology.pN", None, value)).issues == []


def test_pn0_with_positive_nodes():
    out = _check(_f("pathology.pN", {"prefix": "p", "category": "N0"}, "pN0"), _f("pathology.ln_positive", 3),
                 _f("pathology.ln_examined", 12))
    assert _codes(out) == ["cross.pN_vs_ln"]
    assert [f.status for f in out.fields] == [FieldStatus.needs_review, FieldStatus.needs_review, FieldStatus.auto_accepted]


def test_pn_positive_with_no_positive_nodes():
    out = _check(_f("pathology.pN", None, "pN2"), _f("pathology.ln_positive", 0), _f("pathology.ln_examined", 15))
    assert _codes(out) == ["cross.pN_vs_ln"]


def test_pn1c_tumour_deposits_need_no_positive_node():
    assert _check(_f("pathology.pN", None, "pN1c"), _f("pathology.ln_positive", 0), _f("pathology.ln_examined", 15)).issues == []


def test_more_positive_than_examined():
    assert _codes(_check(_f("pathology.ln_positive", 5), _f("pathology.ln_examined", 3))) == ["cross.ln_counts"]


def test_conflicting_single_valued_fields():
    a = _f("pathology.pT", {"prefix": "p", "category": "T2a"}, "pT2a")
    b = _f("pathology.pT", {"prefix": "p", "category": "T3"}, "pT3")
    same = _f("pathology.pT", {"prefix": "p", "category": "T2a"}, "pT2a")
    out = _check(a, b, same)
    assert _codes(out) == ["field.conflict"]
    assert all(f.status is FieldStatus.needs_review for f in out.fields)
    assert _check(a, same).issues == []


def test_indexed_fields_are_not_conflicts():
    assert _check(_f("discharge.diagnoses[0]", "直肠癌"), _f("discharge.diagnoses[1]", "高血压")).issues == []


def test_provenance_spans():
    bad = _f("pathology.histology", "x", provenance=[TextSpan(start=5, end=5, text="")])
    assert _codes(_check(bad)) == ["provenance.bad_span"]
    outside = _f("pathology.grade", "G2", provenance=[TextSpan(start=2, end=40, text=None)])
    assert _codes(_check(outside, text="short text")) == ["provenance.bad_span"]
    wrong = _f("pathology.margin", "negative", provenance=[TextSpan(start=0, end=3, text="xyz")])
    assert _codes(_check(wrong, text="abcdef")) == ["provenance.mismatch"]


def test_human_decisions_keep_their_status_and_reasons_accumulate():
    reviewed = _f("imaging.lesions[0].suv_max", 80.0, status=FieldStatus.reviewed)
    out = _check(reviewed)
    assert _codes(out) == ["value.out_of_range"] and out.fields[0].status is FieldStatus.reviewed
    twice = _check(_f("pathology.ln_positive", 200), _f("pathology.ln_examined", 20))
    assert sorted(_codes(twice)) == ["cross.ln_counts", "value.out_of_range"]
    assert twice.fields[0].review_reason.count(";") == 1


def test_input_record_is_not_modified():
    rec = _record(_f("imaging.lesions[0].suv_max", 99.0))
    validate_record(rec, today=TODAY)
    assert rec.issues == [] and rec.fields[0].status is FieldStatus.auto_accepted


@pytest.mark.parametrize("field", [_f("pathology.margin", "involved"), _f("imaging.lesions[0].fdg_uptake", "avid"),
                                   _f("pathology.pleural_invasion", "PL4")])
def test_values_outside_an_enumerated_domain(field):
    out = _check(field)
    assert _codes(out) == ["value.not_in_domain"] and out.issues[0].severity == "error"
    assert out.fields[0].status is FieldStatus.needs_review and "is not one of" in out.fields[0].review_reason


def test_values_inside_an_enumerated_domain_pass():
    assert _check(_f("pathology.margin", "negative"), _f("pathology.grade", "G3"), _f("pathology.grade", "G3")).issues == []


def test_fields_unknown_to_the_catalogue_get_no_domain_checks():
    assert _check(_f("pathology.suv_max", 500.0), _f("other.size", [0.0])).issues == []
