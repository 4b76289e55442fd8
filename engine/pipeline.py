"""The document pipeline: ingest → route → extract → normalise → validate → review gate → Record.

One :class:`Pipeline` object serves ``extract``, ``batch``, ``run``, ``serve`` and ``bench``.
A failing extractor does not lose the document: the Record comes back with what was
extracted so far and an ``extractor.failed`` issue (partial success).
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from engine.cdm import Document, DocType, Issue, Record
from engine.errors import InputError, MissingDependencyError, UnsupportedInputError
from engine.extractor_registry import ENTITY_EXTRACTOR, extractor_for, load_extractor
from engine.ingest import IngestedInput, ingest_bytes, ingest_path, ingest_text
from engine.normalize import normalize_fields
from engine.review_gate import apply_review_gate
from engine.router import Route, route
from engine.settings import Settings, get_settings
from engine.text_normalize import normalize_text, restore_extraction
from engine.validate import validate_record
from engine.version import __version__
from extractors.base import Extraction, ExtractionInput

log = logging.getLogger(__name__)
_ENTITY_TYPES = {DocType.discharge, DocType.other}


class Pipeline:
    """Structure documents into CDM Records."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or get_settings()

    # --- entry points ---------------------------------------------------------------
    def extract_text(self, text: str, **meta: Any) -> Record:
        return self.extract(ingest_text(text, meta.pop("source_name", None) or "<text>", self.settings), **meta)

    def extract_bytes(self, data: bytes, name: str, **meta: Any) -> Record:
        return self.extract(ingest_bytes(data, name, self.settings), **meta)

    def extract_path(self, path: str | Path, **meta: Any) -> Record:
        return self.extract(ingest_path(path, self.settings), **meta)

    def extract(
        self,
        ing: IngestedInput,
        *,
        doc_type: DocType | str | None = None,
        language: str | None = None,
        doc_id: str | None = None,
        patient_id: str | None = None,
        visit_id: str | None = None,
    ) -> Record:
        """Structure one ingested input. Raises InputError subclasses for unusable input."""
        r = route(ing, doc_type, language)
        extractor = extractor_for(r.doc_type)
        if ing.modality not in getattr(extractor, "modalities", ("text",)):
            raise UnsupportedInputError(
                f"{ing.name}: {ing.modality} input cannot be structured as {r.doc_type.value!r} "
                f"({extractor.name} takes {', '.join(getattr(extractor, 'modalities', ('text',)))})"
            )
        document = self._document(ing, r, doc_id, patient_id, visit_id)
        extraction, issues = self._run_extractors(ing, r)
        record = Record(document=document, fields=extraction.fields, entities=extraction.entities,
                        issues=[*extraction.issues, *issues])
        return self._finish(record, r, ing.text or "")

    # --- stages ----------------------------------------------------------------------
    def _document(self, ing: IngestedInput, r: Route, doc_id: str | None, patient_id: str | None,
                  visit_id: str | None) -> Document:
        return Document(
            doc_id=doc_id or ing.sha256[:16], patient_id=patient_id, visit_id=visit_id, doc_type=r.doc_type,
            doc_type_detected=r.detected, language=r.language, source_name=ing.name, source_sha256=ing.sha256,
            encoding=ing.encoding, char_count=len(ing.text or ""), engine_version=__version__,
        )

    def _run_extractors(self, ing: IngestedInput, r: Route) -> tuple[Extraction, list[Issue]]:
        norm = normalize_text(ing.text or "")  # extractors see half-width text; spans come back on the original
        doc = ExtractionInput(text=norm.text, doc_type=r.doc_type, language=r.language.value,
                              data=None if ing.modality == "text" else ing.data, modality=ing.modality, name=ing.name)
        targets = [extractor_for(r.doc_type)]
        if r.doc_type in _ENTITY_TYPES and targets[0] is not load_extractor(ENTITY_EXTRACTOR):
            targets.append(load_extractor(ENTITY_EXTRACTOR))
        merged, issues = Extraction(), []
        for extractor in targets:
            try:
                out = extractor.extract(doc)
            except InputError:
                raise  # the input itself is unusable (e.g. an undecodable image): an error entry, not a record
            except ImportError as exc:
                extra = getattr(extractor, "extra", None)
                hint = f"pip install 'oncostruct[{extra}]'" if extra else "install the missing package"
                raise MissingDependencyError(
                    f"{extractor.name} needs {exc.name or 'an optional package'}, which is not installed: {hint}"
                ) from exc
            except Exception as exc:  # noqa: BLE001 - a failing stage must not lose the document
                log.exception("extractor %s failed", extractor.name)
                issues.append(Issue(code="extractor.failed", severity="error",
                                    message=f"{extractor.name} v{extractor.version} failed: {type(exc).__name__}: {exc}"))
                continue
            out = restore_extraction(out, norm)
            merged.fields.extend(out.fields)
            merged.entities.extend(out.entities)
            merged.issues.extend(out.issues)
        return merged, issues

    def _finish(self, record: Record, r: Route, text: str) -> Record:
        fields = normalize_fields(record.fields, r.language.value)
        record = validate_record(record.model_copy(update={"fields": fields}), text=text)
        record = apply_review_gate(record, self.settings.review)
        extractor = extractor_for(r.doc_type)
        view = extractor.build_view(record.fields) if extractor.view_name else None
        versions = {extractor.name: extractor.version}
        if r.doc_type in _ENTITY_TYPES:
            entity_extractor = load_extractor(ENTITY_EXTRACTOR)
            versions[entity_extractor.name] = entity_extractor.version
        windowed = any(i.code == "ner.windowed" for i in record.issues)
        document = record.document.model_copy(update={"model_versions": versions, "windowed": windowed})
        update: dict[str, Any] = {"document": document}
        if view is not None:
            update[extractor.view_name] = view
        return record.model_copy(update=update)
