"""The document pipeline: a declared list of stages over batches of documents.

    ingest → deidentify → route → extract (the routed components) → normalize → validate → review → view → Record

The *normalize* stage runs the normaliser component named by ``Settings.normalizer``
(``terminology``: units, sizes in cm, ICD-O-3 / ICD-10 / LOINC codes).

The *deidentify* stage (first; on when ``Settings.deidentify``, a pass-through otherwise) runs the
component named by ``Settings.deidentifier`` (``deid``): the document's text is replaced by its
de-identified text before anything else reads it, so every span points into that text, and the
offset map goes to ``Record.document.deid``. Identifiers held outside the text (doc_id, patient_id,
the file name) become keyed pseudonyms. Media inputs (images, PDFs) are read by their component, so
their fields' strings are de-identified right after extraction instead.

:data:`STAGES` names the stages in order. The *extract* stage runs the components the routing
table (:mod:`engine.routing_table`, data) lists for each document's type, calling each
component's ``pipe`` once per batch, so models see batches. Every stage reports its time to
the pipeline's hooks (``hooks=[fn(stage, seconds, n_docs)]``), which is how the server's
metrics observe it.

One :class:`Pipeline` serves ``extract``, ``batch``, ``run``, ``serve`` and ``bench``. A failing
component does not lose the document: the Record comes back with what the other components
found and an ``extractor.failed`` issue (partial success); when a batched ``pipe`` call fails,
its documents are retried one by one so that only the bad one is affected.
"""
from __future__ import annotations

import logging
import time
from dataclasses import replace as dc_replace
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Literal, Sequence, Union

from oncostruct.engine.cdm import DeidSpan, Deidentification, Document, DocType, Field, Issue, Record
from oncostruct.engine.components import (Component, Extraction, ExtractionInput, Normalizer, component_options,
                                          get_component)
from oncostruct.engine.deid import DeidResult, Deidentifier, secret_bytes
from oncostruct.engine.errors import InputError, MissingDependencyError, OncostructError
from oncostruct.engine.document_date import parse_document_date
from oncostruct.engine.ingest import IngestedInput, ingest_bytes, ingest_path, ingest_text
from oncostruct.engine.review_gate import apply_review_gate
from oncostruct.engine.route_stage import Router
from oncostruct.engine.router import Route, detect_language
from oncostruct.engine.routing_table import RoutingTable
from oncostruct.engine.settings import Settings, get_settings
from oncostruct.engine.text_normalize import NormalizedText, normalize_text, restore_extraction
from oncostruct.engine.validate import validate_record
from oncostruct.engine.version import __version__

log = logging.getLogger(__name__)

STAGES = ("deidentify", "route", "extract", "normalize", "validate", "review", "view")
StageHook = Callable[[str, float, int], None]
# What pipe() takes: text, a path, an ingested input, or any of them with metadata.
PipeInput = Union[str, Path, IngestedInput, tuple[Union[str, Path, IngestedInput], dict[str, Any]]]
_META_KEYS = ("doc_type", "language", "doc_id", "patient_id", "visit_id", "date")


@dataclass
class _Doc:
    """One document in flight through the stages."""

    ing: IngestedInput
    meta: dict[str, Any]
    route: Route | None = None
    norm: NormalizedText | None = None
    components: list[Component] = field(default_factory=list)
    extraction: Extraction = field(default_factory=Extraction)
    record: Record | None = None
    error: OncostructError | None = None
    deid: DeidResult | None = None


def processed_text(doc: _Doc) -> str | None:
    """The text the stages structured (the one spans point into); None for media inputs."""
    return doc.ing.text if doc.ing.modality == "text" else None


def check_settings(settings: Settings) -> None:
    """The ConfigError that building a Pipeline from ``settings`` would raise (a missing hospital key, bad
    normaliser or de-identifier options), found without building anything."""
    component_options(settings.normalizer, settings.components.get(settings.normalizer))
    if settings.deidentify:
        secret_bytes(settings.secret_key)
        component_options(settings.deidentifier, settings.components.get(settings.deidentifier))


class Pipeline:
    """Structure documents into CDM Records."""

    def __init__(self, settings: Settings | None = None, *, routing: RoutingTable | None = None,
                 hooks: Sequence[StageHook] = ()) -> None:
        self.settings = settings or get_settings()
        self.router = Router(self.settings, routing)
        self.routing = self.router.routing
        self.hooks = list(hooks)
        self.normalizer: Normalizer = get_component(  # type: ignore[assignment]
            self.settings.normalizer, self.settings.components.get(self.settings.normalizer))
        self.deidentifier: Deidentifier | None = None
        self._deid_key = b""
        if self.settings.deidentify:
            self._deid_key = secret_bytes(self.settings.secret_key)  # ConfigError without the hospital key
            self.deidentifier = get_component(  # type: ignore[assignment]
                self.settings.deidentifier, self.settings.components.get(self.settings.deidentifier))

    # --- entry points ---------------------------------------------------------------
    def extract_text(self, text: str, **meta: Any) -> Record:
        return self.extract(ingest_text(text, meta.pop("source_name", None) or "<text>", self.settings), **meta)

    def extract_bytes(self, data: bytes, name: str, **meta: Any) -> Record:
        return self.extract(ingest_bytes(data, name, self.settings), **meta)

    def extract_path(self, path: str | Path, **meta: Any) -> Record:
        return self.extract(ingest_path(path, self.settings), **meta)

    def extract(self, ing: IngestedInput, **meta: Any) -> Record:
        """Structure one ingested input. Raises InputError subclasses for unusable input.

        ``meta``: doc_type, language, doc_id, patient_id, visit_id, date (ISO; all optional).
        """
        return self.extract_with_text(ing, **meta)[0]

    def extract_with_text(self, ing: IngestedInput, **meta: Any) -> tuple[Record, str | None]:
        """:meth:`extract` plus the text the stages processed (after any text transform), which every
        text span of the Record slices into; None for images and video."""
        unknown = set(meta) - set(_META_KEYS)
        if unknown:
            raise TypeError(f"unknown metadata {', '.join(sorted(unknown))}; known: {', '.join(_META_KEYS)}")
        (doc,) = self._run([_Doc(ing, meta)])
        if doc.error is not None:
            raise doc.error
        assert doc.record is not None
        return doc.record, processed_text(doc)

    def pipe(self, inputs: Iterable[PipeInput], *, batch_size: int = 32,
             errors: Literal["raise", "return"] = "raise") -> Iterator[Record | OncostructError]:
        """Records for ``inputs``, in order, structured ``batch_size`` documents at a time.

        An input is text, a path, an IngestedInput, or ``(input, {"doc_type": ..., ...})``.
        Unusable input raises its OncostructError, or (``errors="return"``) is yielded in its place.
        """
        it = iter(inputs)
        while batch := list(islice(it, batch_size)):
            docs: list[_Doc] = []
            for given in batch:
                try:
                    docs.append(self._ingest(given))
                except OncostructError as exc:
                    docs.append(_Doc(IngestedInput("<input>", b"", "", "text"), {}, error=exc))
            for doc in self._run(docs):
                if doc.error is not None and errors == "raise":
                    raise doc.error
                yield doc.error if doc.error is not None else doc.record  # type: ignore[misc]

    def components_for(self, doc_type: DocType) -> list[Component]:
        """The components that structure ``doc_type``, built with their options from Settings."""
        return self.router.components_for(doc_type)

    # --- the stages -------------------------------------------------------------------
    def _ingest(self, given: PipeInput) -> _Doc:
        source, meta = given if isinstance(given, tuple) else (given, {})
        if isinstance(source, IngestedInput):
            return _Doc(source, dict(meta))
        if isinstance(source, Path):
            return _Doc(ingest_path(source, self.settings), dict(meta))
        return _Doc(ingest_text(source, "<text>", self.settings), dict(meta))

    @contextmanager
    def _timed(self, stage: str, n: int) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            for hook in self.hooks:
                hook(stage, time.perf_counter() - start, n)

    # --- de-identification helpers (also used by batch for its error entries) -------------------
    def pseudonym(self, value: str, category: str) -> str:
        """A keyed pseudonym of an identifier (the value itself when de-identification is off)."""
        if self.deidentifier is None:
            return value
        return self.deidentifier.pseudonym(value, category, self._deid_key)

    def redact(self, text: str, language: str | None = None) -> str:
        """``text`` with its PHI replaced (unchanged when de-identification is off)."""
        if self.deidentifier is None or not text:
            return text
        lang = language or detect_language(text).value
        return self.deidentifier.deidentify(text, language=lang, patient=None, key=self._deid_key).text

    def _run(self, docs: list[_Doc]) -> list[_Doc]:
        live = [d for d in docs if d.error is None]
        with self._timed("deidentify", len(live)):
            if self.deidentifier is not None:
                prepare = getattr(self.deidentifier, "prepare", None)  # patient-level propagation (issue 18, round 7)
                if prepare is not None:
                    prepare([(d.ing.text, d.meta.get("patient_id")) for d in live if d.ing.modality == "text"])
                for d in live:
                    self._guard(d, self._deidentify)
        live = [d for d in live if d.error is None]
        with self._timed("route", len(live)):
            for d in live:
                self._guard(d, self._route)
        live = [d for d in live if d.error is None]
        with self._timed("extract", len(live)):
            self._extract(live)
            if self.deidentifier is not None:
                for d in live:
                    if d.ing.modality != "text":
                        self._deidentify_extraction(d)
        for stage, fn in (("normalize", self._normalize), ("validate", self._validate), ("review", self._review),
                          ("view", self._view)):
            live = [d for d in live if d.error is None]
            with self._timed(stage, len(live)):
                for d in live:
                    self._guard(d, fn)
        return docs

    @staticmethod
    def _guard(doc: _Doc, fn: Callable[[_Doc], None]) -> None:
        try:
            fn(doc)
        except OncostructError as exc:
            doc.error = exc

    def _deidentify(self, doc: _Doc) -> None:
        """Replace the text by its de-identified text and the identifiers beside it by pseudonyms."""
        assert self.deidentifier is not None
        ing, meta = doc.ing, doc.meta
        patient = meta.get("patient_id")
        if ing.modality == "text" and ing.text:
            lang = meta.get("language") or detect_language(ing.text).value
            doc.deid = self.deidentifier.deidentify(ing.text, language=lang, patient=patient, key=self._deid_key)
            text: str | None = doc.deid.text
            data: bytes | None = text.encode("utf-8")
        else:
            doc.deid = DeidResult(ing.text or "", [])
            text, data = ing.text, ing.data
        suffix = Path(ing.name).suffix if len(Path(ing.name).suffix) <= 6 else ""
        doc.ing = dc_replace(ing, text=text, data=data, name=self.pseudonym(ing.name, "source") + suffix)
        doc.meta = {**meta, **{k: self.pseudonym(str(meta[k]), k) for k in ("doc_id", "patient_id", "visit_id")
                               if meta.get(k) is not None}}

    def _deidentify_extraction(self, doc: _Doc) -> None:
        """Media inputs: de-identify the strings the component read (values, quoted text, messages)."""
        lang = doc.route.language.value if doc.route else None
        ex = doc.extraction

        def field(f: Field) -> Field:
            prov = [p.model_copy(update={"text": self.redact(p.text, lang)}) if getattr(p, "text", None) else p
                    for p in f.provenance]
            value = self.redact(f.value, lang) if isinstance(f.value, str) else f.value
            norm = self.redact(f.normalized, lang) if isinstance(f.normalized, str) else f.normalized
            return f.model_copy(update={"value": value, "normalized": norm, "provenance": prov})

        ex.fields = [field(f) for f in ex.fields]
        ex.entities = [e.model_copy(update={"text": self.redact(e.text, lang)}) for e in ex.entities]
        ex.issues = [i.model_copy(update={"message": self.redact(i.message, lang)}) for i in ex.issues]

    def _route(self, doc: _Doc) -> None:
        doc.route, doc.components = self.router.route(doc.ing, doc.meta.get("doc_type"), doc.meta.get("language"))
        doc.norm = normalize_text(doc.ing.text or "")  # components see half-width text; spans come back on the original

    def _extract(self, docs: list[_Doc]) -> None:
        """Each component once per batch, over the documents routed to it; results merged in routing order."""
        by_component: dict[int, tuple[Component, list[_Doc]]] = {}
        for d in docs:
            for c in d.components:
                by_component.setdefault(id(c), (c, []))[1].append(d)
        outputs: dict[tuple[int, int], Extraction | OncostructError | Issue] = {}
        for component, routed in by_component.values():
            for d, out in zip(routed, self._pipe_component(component, routed)):
                outputs[id(d), id(component)] = out
        for d in docs:
            for c in d.components:
                self._merge(d, outputs[id(d), id(c)])

    @staticmethod
    def _merge(doc: _Doc, out: Extraction | OncostructError | Issue) -> None:
        if isinstance(out, OncostructError):
            doc.error = doc.error or out  # the input itself is unusable (e.g. an undecodable image): an error entry
        elif isinstance(out, Issue):
            doc.extraction.issues.append(out)
        else:
            out = restore_extraction(out, doc.norm)  # type: ignore[arg-type]
            doc.extraction.fields.extend(out.fields)
            doc.extraction.entities.extend(out.entities)
            doc.extraction.issues.extend(out.issues)

    def _pipe_component(self, component: Component, docs: list[_Doc]) -> list[Extraction | OncostructError | Issue]:
        """``component.pipe`` over the batch; when it fails, one document at a time to isolate the bad one."""
        inputs = [self._input(d) for d in docs]
        if len(inputs) > 1:
            try:
                return list(component.pipe(inputs))
            except Exception:  # noqa: BLE001 - retried one by one below, where the failure is attributed
                log.debug("%s failed on a batch of %d; retrying one by one", component.name, len(inputs))
        return [self._one(component, x) for x in inputs]

    @staticmethod
    def _one(component: Component, doc: ExtractionInput) -> Extraction | OncostructError | Issue:
        try:
            return next(iter(component.pipe([doc])))
        except InputError as exc:
            return exc
        except ImportError as exc:
            hint = f"pip install 'oncostruct[{component.extra}]'" if component.extra else "install the missing package"
            return MissingDependencyError(
                f"{component.name} needs {exc.name or 'an optional package'}, which is not installed: {hint}")
        except Exception as exc:  # noqa: BLE001 - a failing component must not lose the document
            log.exception("extractor %s failed", component.name)
            return Issue(code="extractor.failed", severity="error",
                         message=f"{component.name} v{component.version} failed: {type(exc).__name__}: {exc}")

    @staticmethod
    def _input(doc: _Doc) -> ExtractionInput:
        assert doc.route is not None and doc.norm is not None
        media = doc.ing.modality != "text"
        return ExtractionInput(text=doc.norm.text, doc_type=doc.route.doc_type, language=doc.route.language.value,
                               data=doc.ing.data if media else None, modality=doc.ing.modality, name=doc.ing.name,
                               path=str(doc.ing.path) if media and doc.ing.path else None)

    def _normalize(self, doc: _Doc) -> None:
        assert doc.route is not None
        ex = doc.extraction
        record = Record(document=self._document(doc), fields=ex.fields, entities=ex.entities, issues=ex.issues)
        doc.record = record.model_copy(update={"fields": self.normalizer.normalize(record.fields, doc.route.language.value)})

    def _validate(self, doc: _Doc) -> None:
        doc.record = validate_record(doc.record, text=doc.ing.text or "")  # type: ignore[arg-type]

    def _review(self, doc: _Doc) -> None:
        doc.record = apply_review_gate(doc.record, self.settings.review)  # type: ignore[arg-type]

    def _view(self, doc: _Doc) -> None:
        record = doc.record
        assert record is not None
        first = doc.components[0]
        versions = {c.name: c.version for c in doc.components}
        windowed = any(i.code == "ner.windowed" for i in record.issues)
        update: dict[str, Any] = {"document": record.document.model_copy(
            update={"model_versions": versions, "windowed": windowed})}
        if first.view_name:
            try:
                view = first.build_view(record.fields)
            except Exception as exc:  # noqa: BLE001 - the fields are kept; only the typed view is missing
                log.exception("view of %s failed", first.name)
                view = None
                update["issues"] = [*record.issues, Issue(
                    code="extractor.view_failed", severity="error",
                    message=f"{first.name} v{first.version} could not build the {first.view_name} view: "
                            f"{type(exc).__name__}: {exc}")]
            if view is not None:
                update[first.view_name] = view
        doc.record = record.model_copy(update=update)

    def _document(self, doc: _Doc) -> Document:
        ing, r, meta = doc.ing, doc.route, doc.meta
        assert r is not None
        return Document(
            doc_id=meta.get("doc_id") or ing.sha256[:16], patient_id=meta.get("patient_id"),
            visit_id=meta.get("visit_id"), document_date=parse_document_date(meta.get("date")), doc_type=r.doc_type, doc_type_detected=r.detected, language=r.language,
            source_name=ing.name, source_sha256=ing.sha256, encoding=ing.encoding, char_count=len(ing.text or ""),
            engine_version=__version__, deid=self._deid_map(doc),
        )

    def _deid_map(self, doc: _Doc) -> Deidentification | None:
        if doc.deid is None or self.deidentifier is None:
            return None
        spans = [DeidSpan(category=r.category, start=r.new_start, end=r.new_end, orig_start=r.start, orig_end=r.end,
                          surrogate=doc.deid.text[r.new_start:r.new_end]) for r in doc.deid.replacements]
        return Deidentification(method=f"{self.deidentifier.name} v{self.deidentifier.version}", replacements=spans)
