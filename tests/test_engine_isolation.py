"""IsolatedPipeline: the parent holds the route stage only; the workers build the Pipelines."""
from __future__ import annotations

import pytest

from oncostruct.engine import isolation, route_stage
from oncostruct.engine.cdm import DocType
from oncostruct.engine.errors import ConfigError, UnsupportedInputError
from oncostruct.engine.ingest import ingest_text
from oncostruct.engine.isolation import IsolatedPipeline
from oncostruct.engine.pipeline import Pipeline
from oncostruct.engine.routing_table import default_routing
from oncostruct.engine.settings import Settings

OVERRIDE = {"other": ["discharge"]}


def test_the_parent_builds_no_pipeline_and_no_component(monkeypatch: pytest.MonkeyPatch) -> None:
    def forbidden(*args: object, **kwargs: object) -> None:
        raise AssertionError("the parent process built a Pipeline or a component")
    monkeypatch.setattr(isolation, "Pipeline", forbidden)
    monkeypatch.setattr(route_stage, "get_component", forbidden)
    with IsolatedPipeline(Settings(deidentify=True, secret_key="k", routes=OVERRIDE), timeout_s=5) as isolated:
        assert isolated.routing.components_for(DocType.other) == ["discharge"]


@pytest.mark.parametrize("routes", [{}, OVERRIDE])
def test_its_routing_is_the_pipelines(routes: dict[str, list[str]]) -> None:
    table = default_routing().with_routes({"ct": ["pathology"]})
    for given in (None, table):
        settings = Settings(routes=routes)
        with IsolatedPipeline(settings, timeout_s=5, routing=given) as isolated:
            assert isolated.routing == Pipeline(settings, routing=given).routing


@pytest.mark.parametrize("settings", [
    Settings(deidentify=True),  # no hospital key
    Settings(components={"terminology": {"no_such_option": 1}}),
    Settings(deidentify=True, secret_key="k", components={"deid": {"no_such_option": 1}}),
])
def test_a_configuration_error_still_shows_when_it_is_built(settings: Settings) -> None:
    with pytest.raises(ConfigError):
        Pipeline(settings)
    with pytest.raises(ConfigError):
        IsolatedPipeline(settings, timeout_s=5)


def test_the_router_is_the_pipelines_route_stage() -> None:
    router = route_stage.Router(Settings(routes=OVERRIDE))
    route, components = router.route(ingest_text("出院小结 入院日期：2023-03-01 出院日期：2023-03-12。", "x", Settings()))
    assert route.doc_type == DocType.discharge and route.detected
    assert [c.name for c in components] == [c.name for c in Pipeline().components_for(DocType.discharge)]
    other, components = router.route(ingest_text("患者因咳嗽就诊。", "x", Settings()))
    assert other.doc_type == DocType.other and [c.name for c in components] == ["discharge-rules"]  # the override
    with pytest.raises(UnsupportedInputError):
        router.route(ingest_text("clip", "x", Settings()), doc_type=DocType.surgical_video)


def test_a_worker_structures_like_the_pipeline() -> None:
    text = "病理诊断：（左肺下叶）浸润性腺癌，肿瘤大小2.5×2.0cm。pT1cN0。"
    expected = Pipeline().extract_text(text, doc_type=DocType.pathology, doc_id="d1")
    with IsolatedPipeline(Settings(), timeout_s=120, warm_up=False) as isolated:
        got = isolated.extract_text(text, doc_type=DocType.pathology, doc_id="d1")
    assert got.model_dump(exclude={"document": {"created_at"}}) == expected.model_dump(exclude={"document": {"created_at"}})
