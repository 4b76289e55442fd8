"""Hand-built Records for the patient-assembly tests (no pipeline run needed)."""
from __future__ import annotations

from datetime import date
from typing import Any

from oncostruct.engine.cdm import Code, Document, DocType, Field, Record, Source, TextSpan

_SRC = Source(kind="rule", name="test", version="1")


def field(name: str, value: Any, normalized: Any = None, code: str | None = None, start: int = 0,
          **attributes: Any) -> Field:
    return Field(name=name, value=value, normalized=value if normalized is None else normalized, confidence=0.95,
                 source=_SRC, provenance=[TextSpan(start=start, end=start + 2)], attributes=attributes,
                 code=Code(system="ICD-O-3", code=code) if code else None)


def tnm(name: str, category: str) -> Field:
    return field(name, f"p{category}", {"prefix": "p", "category": category})


def record(doc_id: str, doc_type: str, *fields: Field, patient_id: str | None = None, when: str | None = None,
           visit_id: str | None = None, **keys: str) -> Record:
    key_fields = [field(f"patient.keys.{k}", v) for k, v in keys.items()]
    return Record(document=Document(doc_id=doc_id, patient_id=patient_id, visit_id=visit_id, doc_type=DocType(doc_type),
                                    source_sha256=doc_id.ljust(64, "0")[:64], engine_version="test",
                                    document_date=date.fromisoformat(when) if when else None),
                  fields=[*fields, *key_fields])


def pathology(doc_id: str = "path1", pT: str = "T2a", when: str = "2023-03-20", **kw: Any) -> Record:
    return record(doc_id, "pathology", field("pathology.histology", "浸润性腺癌", "Invasive adenocarcinoma", "8140/3"),
                  tnm("pathology.pT", pT), tnm("pathology.pN", "N1"),
                  field("pathology.primary_site", "右肺上叶", "Right upper lobe of lung", "C34.1", laterality="right"),
                  field("pathology.ln_positive", "2", 2), field("pathology.ln_examined", "15", 15), when=when, **kw)


def discharge(doc_id: str = "dis1", pT: str = "T2a", when: str = "2023-03-25", with_ln: bool = False,
              **kw: Any) -> Record:
    extra = [field("pathology.ln_positive", "2", 2), field("pathology.ln_examined", "15", 15)] if with_ln else []
    return record(doc_id, "discharge", field("discharge.admission_date", "2023-03-10"),
                  field("discharge.discharge_date", when),
                  field("discharge.procedures[0]", "胸腔镜下右肺上叶切除术", {"name": "胸腔镜下右肺上叶切除术", "date": "2023-03-15"}),
                  field("pathology.histology", "腺癌", "Adenocarcinoma, NOS", "8140/3"), tnm("pathology.pT", pT),
                  field("pathology.primary_site", "右肺上叶", "Right upper lobe of lung", "C34.1", laterality="right"),
                  *extra, when=when, **kw)
