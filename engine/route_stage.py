"""The route stage on its own: the routing table resolved against Settings, and each document's route.

:class:`Router` is what a :class:`~engine.pipeline.Pipeline` runs as its *route* stage, and all that
a process which only dispatches documents needs (:class:`~engine.isolation.IsolatedPipeline`, whose
workers hold the Pipelines): building it builds no component, normaliser or de-identifier.
"""
from __future__ import annotations

from oncostruct.engine.cdm import DocType
from oncostruct.engine.components import Component, get_component, require_modality
from oncostruct.engine.ingest import IngestedInput
from oncostruct.engine.router import Route, route
from oncostruct.engine.routing_table import RoutingTable, default_routing
from oncostruct.engine.settings import Settings


class Router:
    """Document → its type, language and the components that structure it."""

    def __init__(self, settings: Settings, routing: RoutingTable | None = None) -> None:
        self.settings = settings
        table = routing or default_routing()
        self.routing = table.with_routes(settings.routes) if settings.routes else table

    def components_for(self, doc_type: DocType) -> list[Component]:
        """The components routed to ``doc_type``, built (cached per process) with their options from Settings."""
        return [get_component(name, self.settings.components.get(name)) for name in self.routing.components_for(doc_type)]

    def route(self, ing: IngestedInput, doc_type: DocType | str | None = None,
              language: str | None = None) -> tuple[Route, list[Component]]:
        """The document's route and components; UnsupportedInputError when the first cannot take its modality."""
        r = route(ing, doc_type, language)
        components = self.components_for(r.doc_type)
        require_modality(components[0], ing.modality, ing.name, r.doc_type)
        return r, components
