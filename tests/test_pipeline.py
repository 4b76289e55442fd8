"""The declared pipeline: components from the registry, the routing table, batches, hooks and error handling."""
from __future__ import annotations

from typing import Iterable, Iterator

import pytest
from pydantic import BaseModel, ConfigDict

from oncostruct.engine.cdm import DocType, Field, Issue, ProcedureVideoView, Source
from oncostruct.engine.components import (BaseComponent, get_component, register_component, registered_names,
                               unregister_component)
from oncostruct.engine.errors import ConfigError, EncodingError, MissingDependencyError, UnsupportedInputError
from oncostruct.engine.pipeline import STAGES, Pipeline
from oncostruct.engine.routing_table import default_routing
from oncostruct.engine.settings import Settings
from oncostruct.extractors.base import Extraction, ExtractionInput, span


class _Raising(BaseComponent):
    name = "raising"
    version = "0"
    extra = "ocr"
    exc: Exception = RuntimeError("boom")

    def extract(self, doc: ExtractionInput) -> Extraction:
        raise self.exc


@pytest.fixture
def raising(monkeypatch: pytest.MonkeyPatch):  # noqa: ANN201
    register_component("raising")(_Raising)
    yield lambda exc: monkeypatch.setattr(_Raising, "exc", exc)
    unregister_component("raising")


def _pipeline(routes: dict[str, list[str]], **settings: object) -> Pipeline:
    return Pipeline(Settings(routes=routes, **settings))  # type: ignore[arg-type]


def test_bug_in_a_component_keeps_the_document_with_an_issue(raising) -> None:  # noqa: ANN001
    raising(RuntimeError("boom"))
    record = _pipeline({"pathology": ["raising"]}).extract_text("病理诊断：腺癌。", doc_type=DocType.pathology)
    assert [i.code for i in record.issues] == ["extractor.failed"]
    assert "boom" in record.issues[0].message


def test_a_failing_add_on_keeps_the_main_components_fields(raising) -> None:  # noqa: ANN001
    record = _pipeline({"pathology": ["pathology", "raising"]}).extract_text(
        "病理诊断：（右肺上叶）浸润性腺癌，pT2aN0M0", doc_type=DocType.pathology)
    assert record.pathology is not None and record.pathology.tnm.T == "T2a"
    assert [i.code for i in record.issues] == ["extractor.failed"]


def test_missing_optional_dependency_is_a_clear_error(raising) -> None:  # noqa: ANN001
    raising(ModuleNotFoundError("No module named 'PIL'", name="PIL"))
    with pytest.raises(MissingDependencyError, match=r"needs PIL.*oncostruct\[ocr\]"):
        _pipeline({"pathology": ["raising"]}).extract_text("病理诊断：腺癌。", doc_type=DocType.pathology)


def test_input_error_inside_a_component_propagates(raising) -> None:  # noqa: ANN001
    raising(EncodingError("cannot decode"))
    with pytest.raises(EncodingError):
        _pipeline({"pathology": ["raising"]}).extract_text("病理诊断：腺癌。", doc_type=DocType.pathology)


# --- a new document kind: one module (here, this class) and one line in the routing table -----------


class ToyVideoOptions(BaseModel):
    model_config = ConfigDict(extra="forbid")
    label: str = "toy"


@register_component("toy_video")
class ToyVideo(BaseComponent):
    """A stand-in for a new kind: it reads 'duration N' from text and builds the procedure-video view."""

    name = "toy-video"
    version = "7"
    view_name = "procedure_video"
    Options = ToyVideoOptions
    batches: list[int] = []

    def pipe(self, docs: Iterable[ExtractionInput]) -> Iterator[Extraction]:
        docs = list(docs)
        ToyVideo.batches.append(len(docs))  # a model would see the whole batch at once
        for doc in docs:
            start = doc.text.index("duration")
            yield Extraction(fields=[Field(name="video.duration_s", value=doc.text[start:], normalized=60.0,
                                           confidence=0.9, provenance=[span(start, len(doc.text), doc.text[start:])],
                                           source=Source(kind="model", name="toy", version="7"),
                                           attributes={"label": self.options.label})])

    def build_view(self, fields: list[Field]) -> ProcedureVideoView:
        return ProcedureVideoView(duration_s=next(f.normalized for f in fields if f.name == "video.duration_s"))


def test_a_new_document_kind_is_one_component_and_one_routing_line() -> None:
    assert "toy_video" in registered_names()
    with pytest.raises(UnsupportedInputError):  # the shipped surgical_video component takes video, not text
        Pipeline().extract_text("clip duration 60", doc_type=DocType.surgical_video)
    pipeline = _pipeline({"surgical_video": ["toy_video"]}, components={"toy_video": {"label": "lap-chole"}})
    record = pipeline.extract_text("clip duration 60", doc_type=DocType.surgical_video)
    assert record.procedure_video is not None and record.procedure_video.duration_s == 60.0
    assert record.fields[0].attributes == {"label": "lap-chole"}  # options come from Settings.components
    assert record.document.model_versions == {"toy-video": "7"}


def test_pipe_gives_components_whole_batches_in_input_order() -> None:
    ToyVideo.batches.clear()
    pipeline = _pipeline({"surgical_video": ["toy_video"]})
    texts = [f"clip {i} duration 60" for i in range(5)]
    records = list(pipeline.pipe([(t, {"doc_type": "surgical_video"}) for t in texts], batch_size=4))
    assert [r.document.char_count for r in records] == [len(t) for t in texts]
    assert ToyVideo.batches == [4, 1]


def test_pipe_returns_errors_in_place_when_asked() -> None:
    out = list(Pipeline().pipe(["病理诊断：腺癌。", "   ", "检查所见：右肺上叶结节，SUVmax 6.1。"], errors="return"))
    assert [type(o).__name__ for o in out] == ["Record", "EmptyInputError", "Record"]
    with pytest.raises(Exception, match="whitespace"):
        list(Pipeline().pipe(["   "]))


def test_batched_failure_is_retried_one_by_one(raising, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001
    calls: list[int] = []

    def flaky_pipe(self, docs):  # noqa: ANN001, ANN202 - fails on any batch holding the bad document
        docs = list(docs)
        calls.append(len(docs))
        if any("bad" in d.text for d in docs):
            raise RuntimeError("bad document")
        return [Extraction(issues=[Issue(code="toy.seen", message=d.text)]) for d in docs]

    monkeypatch.setattr(_Raising, "pipe", flaky_pipe)
    out = list(_pipeline({"other": ["raising"]}).pipe([("good 1", {"doc_type": "other"}), ("bad", {"doc_type": "other"}),
                                                        ("good 2", {"doc_type": "other"})]))
    assert [[i.code for i in r.issues] for r in out] == [["toy.seen"], ["extractor.failed"], ["toy.seen"]]
    assert calls == [3, 1, 1, 1]


def test_every_stage_reports_its_time_to_the_hooks() -> None:
    seen: list[tuple[str, int]] = []
    Pipeline(hooks=[lambda stage, seconds, n: seen.append((stage, n))]).extract_text("病理诊断：腺癌。")
    assert [s for s, _ in seen] == list(STAGES) and all(n == 1 for _, n in seen)


def test_component_options_are_validated() -> None:
    with pytest.raises(ConfigError, match="lab_report"):
        get_component("lab_report", {"fix_orientaton": False})
    assert get_component("lab_report", {"fix_orientation": False}).options.fix_orientation is False
    with pytest.raises(ConfigError, match="no component named"):
        _pipeline({"pathology": ["nope"]}).extract_text("病理诊断：腺癌。", doc_type=DocType.pathology)


def test_the_shipped_routing_table_names_registered_components() -> None:
    names = set(registered_names())
    for doc_type, components in default_routing().routes.items():
        assert components and set(components) <= names, doc_type


def test_a_missing_model_is_an_issue_not_a_silent_gap() -> None:
    text = "FINAL DIAGNOSIS: Right breast: invasive ductal carcinoma, 2.7 cm. pT2 pN1a."
    record = _pipeline({}, components={"pathology": {"model": "no_such_model"}}).extract_text(
        text, doc_type=DocType.pathology, language="en")
    assert [i.code for i in record.issues if i.code == "model.unavailable"] == ["model.unavailable"]
    assert record.pathology is not None and record.pathology.tnm.T == "T2"
