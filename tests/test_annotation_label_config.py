"""Labelling configs generated from the CDM field catalogue."""
from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from oncostruct.annotation.label_config import KINDS, field_label, kind_for, label_config, text_labels
from review_helpers import review_records


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_gives_well_formed_xml(kind: str) -> None:
    root = ET.fromstring(label_config(kind))
    assert root.tag == "View"


def test_text_config_has_one_label_per_field_template_and_entity() -> None:
    root = ET.fromstring(label_config("pathology"))
    values = [lab.get("value") for lab in root.iter("Label")]
    assert "pathology.pT" in values and "pathology.ihc[]" in values and "药物" in values
    assert len(values) == len(set(values)) == len(text_labels("pathology"))
    assert root.find("Text").get("value") == "$text"


def test_petct_config_links_findings_to_conclusions() -> None:
    root = ET.fromstring(label_config("petct"))
    assert [r.get("value") for r in root.iter("Relation")] == ["concluded_as"]
    values = {lab.get("value") for lab in root.iter("Label")}
    assert {"imaging.lesions[].finding", "imaging.lesions[].conclusion", "imaging.metastasis_sites[]"} <= values
    assert ET.fromstring(label_config("pathology")).find("Relations") is None


def test_lab_config_has_rectangles_and_text_areas() -> None:
    root = ET.fromstring(label_config("lab_report"))
    assert root.find("RectangleLabels").get("toName") == "image"
    areas = {t.get("name") for t in root.iter("TextArea")}
    assert {"value", "unit", "reference"} <= areas
    assert all(t.get("perRegion") == "true" for t in root.iter("TextArea"))


def test_video_config_has_timeline_and_key_frames() -> None:
    root = ET.fromstring(label_config("surgical_video"))
    assert {t.get("toName") for t in root.iter("TimelineLabels")} == {"video"}
    assert root.find("Video").get("frameRate") == "$frame_rate"
    assert root.find("Image").get("valueList") == "$keyframes"
    assert {"retract", "hook"} <= {lab.get("value") for lab in root.iter("Label")}


def test_aliases_and_unknown_types() -> None:
    assert kind_for("ct") == "petct"
    with pytest.raises(ValueError):
        kind_for("radiology_video")


def test_field_label_blanks_indices() -> None:
    assert field_label("imaging.lesions[12].suv_max") == "imaging.lesions[].suv_max"
    assert field_label("pathology.pdl1.tps") == "pathology.pdl1.tps"


def test_fields_the_pipeline_produces_all_have_labels() -> None:
    records, _ = review_records()
    for rec in records:
        labels = set(text_labels(rec.document.doc_type.value))
        missing = {field_label(f.name) for f in rec.fields} - labels
        assert not missing, f"{rec.document.doc_type.value}: no label for {missing}"
        assert {e.label for e in rec.entities} <= labels
