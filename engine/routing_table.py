"""The routing table: which components run for which document type (data, ``engine/data/routing.yaml``)."""
from __future__ import annotations

from functools import lru_cache
from typing import Mapping

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from oncostruct.engine.cdm import DocType
from oncostruct.engine.data_files import data_yaml
from oncostruct.engine.errors import ConfigError, UnsupportedInputError

ROUTING_PATH = "engine/data/routing.yaml"


class RoutingTable(BaseModel):
    """Document type → component names, in the order they run (the first builds the Record's view)."""

    model_config = ConfigDict(extra="forbid")
    version: int = 1
    routes: dict[DocType, list[str]] = Field(default_factory=dict)

    def components_for(self, doc_type: DocType) -> list[str]:
        names = self.routes.get(doc_type)
        if not names:
            raise UnsupportedInputError(
                f"no extractor for document type {doc_type.value!r} in this version of oncostruct"
            )
        return names

    def with_routes(self, routes: Mapping[DocType | str, list[str]]) -> RoutingTable:
        """A copy with some routes replaced or added (e.g. a settings override or a test's toy kind)."""
        merged = {**self.routes, **{DocType(k): list(v) for k, v in routes.items()}}
        return RoutingTable(version=self.version, routes=merged)


def parse_routing(data: object, where: str) -> RoutingTable:
    try:
        return RoutingTable.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(f"{where}: not a valid routing table: {exc.errors(include_url=False)}") from None


@lru_cache(maxsize=1)
def default_routing() -> RoutingTable:
    """The routing table shipped with the package."""
    try:
        data = data_yaml("routing.yaml")
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"{ROUTING_PATH} cannot be read: {exc}") from exc
    return parse_routing(data, ROUTING_PATH)
