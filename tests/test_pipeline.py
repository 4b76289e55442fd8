"""Pipeline error handling: failing extractors, missing optional dependencies, input errors raised inside."""
from __future__ import annotations

import pytest

import engine.pipeline as pipeline_module
from engine.cdm import DocType
from engine.errors import EncodingError, MissingDependencyError
from engine.pipeline import Pipeline
from extractors.base import Extraction, ExtractionInput


class _Raising:
    name = "raising"
    version = "0"
    view_name = None
    extra = "ocr"

    def __init__(self, exc: Exception) -> None:
        self.exc = exc

    def extract(self, doc: ExtractionInput) -> Extraction:
        raise self.exc

    def build_view(self, fields):  # noqa: ANN001, ANN201
        return None


def _use(monkeypatch: pytest.MonkeyPatch, exc: Exception) -> None:
    monkeypatch.setattr(pipeline_module, "extractor_for", lambda doc_type: _Raising(exc))


def test_bug_in_extractor_keeps_the_document_with_an_issue(monkeypatch: pytest.MonkeyPatch) -> None:
    _use(monkeypatch, RuntimeError("boom"))
    record = Pipeline().extract_text("病理诊断：腺癌。", doc_type=DocType.pathology)
    assert [i.code for i in record.issues] == ["extractor.failed"]
    assert "boom" in record.issues[0].message


def test_missing_optional_dependency_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    _use(monkeypatch, ModuleNotFoundError("No module named 'PIL'", name="PIL"))
    with pytest.raises(MissingDependencyError, match=r"needs PIL.*oncostruct\[ocr\]"):
        Pipeline().extract_text("病理诊断：腺癌。", doc_type=DocType.pathology)


def test_input_error_inside_an_extractor_propagates(monkeypatch: pytest.MonkeyPatch) -> None:
    _use(monkeypatch, EncodingError("cannot decode"))
    with pytest.raises(EncodingError):
        Pipeline().extract_text("病理诊断：腺癌。", doc_type=DocType.pathology)
