"""The CDM field catalogue: the file validates, and it knows every field path and issue code the engine emits."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import ValidationError

from oncostruct.engine.catalogue import (Catalogue, FieldSpec, field_spec, has_attribute, issue_spec, load_catalogue,
                              make_issue, template_of, unknown_paths)
from oncostruct.engine.cdm import Code, Document, DocType, Field, Record, Source
from oncostruct.engine.errors import ConfigError
from oncostruct.extractors.rules.loader import load_lexicon

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "engine" / "samples"
SRC = Source(kind="rule", name="t", version="1")
_ISSUE_LITERALS = re.compile(r'(?:Issue\(\s*code=|_issue\(\s*|make_issue\(\s*)"([^"]+)"')


def _raw() -> dict[str, Any]:
    return yaml.safe_load((ROOT / "engine" / "data" / "field_catalogue.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def records() -> list[Record]:
    """Records of the bundled samples and of one synthetic lab sheet (when the OCR extra is installed)."""
    from oncostruct.engine.pipeline import Pipeline

    pipeline = Pipeline()
    out = [pipeline.extract_path(p) for p in sorted(SAMPLES.glob("*.txt"))]
    try:
        from tests import synth_lab as synth

        image, _ = synth.render_sheet(5, kind="chem", blocks=1, n_rows=6)
        out.append(pipeline.extract_bytes(synth.encode_png(image), "sheet.png"))
    except ImportError:  # pragma: no cover - the ocr extra is part of the dev install
        pass
    return out


def _conforms(value: Any, spec: FieldSpec) -> bool:
    def one(t: str) -> bool:
        num = isinstance(value, (int, float)) and not isinstance(value, bool)
        return {
            "string": isinstance(value, str), "integer": isinstance(value, int) and not isinstance(value, bool),
            "number": num, "boolean": isinstance(value, bool),
            "date": isinstance(value, str) and bool(re.match(r"^\d{4}-\d{2}(?:-\d{2})?$", value)),
            "size": num or (isinstance(value, list) and all(isinstance(v, (int, float)) for v in value)),
            "tnm": isinstance(value, dict) and set(value) == {"prefix", "category"},
            "object": isinstance(value, dict) and set(value) <= set(spec.members),
        }[t]
    return any(one(t) for t in spec.type)


def assert_known(record: Record) -> None:
    """Every field of ``record`` is in the catalogue, emitted by its doc type, with its declared type, code and unit."""
    doc_type = record.document.doc_type
    unknown = unknown_paths(record.fields)
    assert not unknown, f"{record.document.source_name}: paths missing from the field catalogue: {sorted(unknown)}"
    for f in record.fields:
        spec = field_spec(f.name)
        assert spec is not None
        assert doc_type in spec.doc_types, f"{f.name} emitted by {doc_type.value}, not in its doc_types"
        value = f.normalized if f.normalized is not None else f.value
        assert value is None or _conforms(value, spec), f"{f.name}: {value!r} is not {spec.type}"
        assert f.code is None or f.code.system in spec.code_systems, f"{f.name}: code system {f.code.system}"
        assert f.unit is None or spec.unit is None or f.unit == spec.unit, f"{f.name}: unit {f.unit}"


def test_the_file_validates() -> None:
    cat = load_catalogue()
    assert len(cat.fields) > 40 and all(s.description for s in cat.fields.values())
    assert set(cat.label_studio.kinds) == {"pathology", "petct", "discharge", "lab_report", "surgical_video"}


def test_field_spec_maps_concrete_paths_to_templates() -> None:
    assert field_spec("imaging.lesions[3].suv_max").name == "imaging.lesions[].suv_max"
    assert field_spec("lab.results[12].value").name == "lab.results[].value"
    assert field_spec("entities.diagnosis[0]").name == "entities.diagnosis[]"
    assert field_spec("pathology.pT").domain.tnm.axis == "T"
    assert template_of("pathology.ln_stations[10]") == "pathology.ln_stations[]"


def test_unknown_paths_are_not_found_and_fail_the_emitted_paths_check() -> None:
    for bad in ("imaging.lesions[3].suv_mx", "imaging.lesion[0].site", "pathology.pt", "lab.results.value"):
        assert field_spec(bad) is None
    doc = Document(doc_id="d", doc_type=DocType.petct, source_sha256="0" * 64, engine_version="t")
    record = Record(document=doc, fields=[Field(name="imaging.lesions[0].site", confidence=0.9, source=SRC),
                                          Field(name="imaging.lesions[0].suvmax", confidence=0.9, source=SRC)])
    assert unknown_paths(record.fields) == {"imaging.lesions[0].suvmax"}
    with pytest.raises(AssertionError, match="suvmax"):
        assert_known(record)
    wrong_code = record.model_copy(update={"fields": [Field(name="imaging.lesions[0].site", value="肺", confidence=0.9,
                                                            code=Code(system="ICD-10", code="C34"), source=SRC)]})
    with pytest.raises(AssertionError, match="code system"):
        assert_known(wrong_code)


def test_every_field_path_the_extractors_emit_is_known(records: list[Record]) -> None:
    seen = set()
    for record in records:
        assert_known(record)
        seen |= {template_of(f.name) for f in record.fields}
    assert {"pathology.pT", "imaging.lesions[].suv_max", "discharge.drugs[]", "entities.diagnosis[]"} <= seen
    if any(r.document.doc_type is DocType.lab_report for r in records):
        assert {"lab.results[].value", "lab.results[].reference", "lab.report_type"} <= seen


def test_every_issue_code_emitted_is_listed(records: list[Record]) -> None:
    for record in records:
        for issue in record.issues:
            spec = issue_spec(issue.code)
            assert spec is not None, f"issue code {issue.code} is not in the catalogue"
            assert issue.severity == spec.severity, issue.code


def test_every_issue_code_in_the_source_is_listed() -> None:
    found = {}
    for folder in ("engine", "extractors", "annotation", "models", "serving"):
        for path in (ROOT / folder).rglob("*.py"):
            for code in _ISSUE_LITERALS.findall(path.read_text(encoding="utf-8")):
                found.setdefault(code, path.relative_to(ROOT).as_posix())
    assert {"extractor.failed", "review.pending", "value.out_of_range", "lab.no_image"} <= set(found)
    missing = {code: where for code, where in found.items() if issue_spec(code) is None}
    assert not missing, f"issue codes missing from the catalogue: {missing}"
    assert issue_spec("model.unavailable").severity == "warning"


def test_issue_codes_have_one_naming_style() -> None:
    for bad in ("stage_tnm_conflict", "Pathology.conflict", "review.pending.more"):
        raw = _raw()
        raw["issue_codes"][bad] = {"severity": "info", "meaning": "x"}
        with pytest.raises(ValidationError, match="snake_case"):
            Catalogue.model_validate(raw)


def test_make_issue_takes_the_catalogue_severity() -> None:
    assert make_issue("value.out_of_range", "m", ["a"]).severity == "error"
    with pytest.raises(ConfigError, match="not listed"):
        make_issue("value.unheard_of", "m")


def test_every_view_attribute_exists_in_the_cdm() -> None:
    cat = load_catalogue()
    views = [s.view for s in cat.fields.values() if s.view] + [k.view for k in cat.label_studio.kinds.values()]
    assert "pathology.tnm.T" in views and "imaging.lesions.suv_max" in views
    for view in views:
        assert has_attribute(Record, view), view
    assert not has_attribute(Record, "pathology.tnm.X") and not has_attribute(Record, "imaging.lesions.suv")
    raw = _raw()
    raw["fields"]["pathology.grade"]["view"] = "pathology.grading"
    with pytest.raises(ValidationError, match="no view attribute Record.pathology.grading"):
        Catalogue.model_validate(raw)


def test_entries_are_checked_for_consistency() -> None:
    raw = _raw()
    raw["fields"]["pathology.histology"]["required_for"] = ["petct"]
    raw["fields"]["pathology.histology"]["colour"] = "red"
    with pytest.raises(ValidationError) as err:
        Catalogue.model_validate(raw)
    assert "colour" in str(err.value)
    del raw["fields"]["pathology.histology"]["colour"]
    with pytest.raises(ValidationError, match="required for a type that does not emit it"):
        Catalogue.model_validate(raw)


def test_terminology_lexicons_exist() -> None:
    for spec in load_catalogue().fields.values():
        if spec.terminology is not None:
            assert load_lexicon(spec.terminology.lexicon) is not None


def test_enumerated_domains_cover_what_the_extractors_write() -> None:
    from oncostruct.extractors.text.pathology_findings import _MARGIN_ORDER
    from oncostruct.extractors.text.petct_lesions import UPTAKE

    assert set(_MARGIN_ORDER) <= set(field_spec("pathology.margin").domain.enum)
    assert set(UPTAKE.values()) <= set(field_spec("imaging.lesions[].fdg_uptake").domain.enum)


def test_required_fields_and_precedence() -> None:
    cat = load_catalogue()
    assert cat.required_fields(DocType.discharge) == ["discharge.admission_date", "discharge.discharge_date",
                                                      "discharge.diagnoses[]"]
    assert field_spec("pathology.pT").sources[0] is DocType.pathology
    assert field_spec("imaging.lesions[2].site").sources == [DocType.petct, DocType.ct]
