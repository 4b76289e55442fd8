"""Which extractor handles which document type; extractors are imported and built lazily, once."""
from __future__ import annotations

import importlib
from functools import lru_cache

from engine.cdm import DocType
from engine.errors import UnsupportedInputError
from extractors.base import Extractor

# doc type → "module:Class"
DEFAULT_EXTRACTORS: dict[DocType, str] = {
    DocType.pathology: "extractors.text.pathology_infer:PathologyTcgaExtractor",
    DocType.petct: "extractors.text.petct:PetctExtractor",
    DocType.ct: "extractors.text.petct:PetctExtractor",
    DocType.discharge: "extractors.text.discharge:DischargeExtractor",
    DocType.other: "extractors.text.ner:NerEntityExtractor",
    DocType.lab_report: "extractors.ocr.lab_report:LabReportExtractor",
}
# Entities (trained CCKS2019 NER merged with the lexicons) are added to these EMR-like types too.
ENTITY_EXTRACTOR = "extractors.text.ner:NerEntityExtractor"


@lru_cache(maxsize=None)
def load_extractor(target: str) -> Extractor:
    """Import ``module:Class`` and instantiate it (cached: one instance per process)."""
    module_name, _, class_name = target.partition(":")
    module = importlib.import_module(module_name)
    return getattr(module, class_name)()


def extractor_for(doc_type: DocType) -> Extractor:
    target = DEFAULT_EXTRACTORS.get(doc_type)
    if target is None:
        raise UnsupportedInputError(
            f"no extractor for document type {doc_type.value!r} in this version of oncostruct"
        )
    return load_extractor(target)
