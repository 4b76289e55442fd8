"""The ``deid`` component: detect PHI, replace it, keep the offset map (what the deidentify stage runs)."""
from __future__ import annotations

from typing import ClassVar, Iterable

from pydantic import BaseModel, ConfigDict, Field

from oncostruct.engine.components import BaseComponent
from oncostruct.engine.deid import DeidResult, Replacement, keyed_digest
from oncostruct.extractors.deid.config import load_config
from oncostruct.extractors.deid.detect import PhiDetector, PhiSpan
from oncostruct.extractors.deid.patient import PatientMemory
from oncostruct.extractors.deid.surrogates import age_bucket, shift_date, shift_days, tag


class DeidOptions(BaseModel):
    model_config = ConfigDict(extra="forbid")
    config: str | None = Field(None, description="a deid.yaml of your own (default: the packaged one)")
    shift_dates: bool = Field(True, description="shift dates by the patient's offset; off: dates become tags")
    model_tagger: bool | None = Field(None, description="the trained PHI tagger beside the rules: on, off, or "
                                      "None as deid.yaml's model_tagger.enabled says")


class DeidComponent(BaseComponent):
    """Replaces PHI with keyed tags, shifted dates and age buckets; returns the text and its offset map."""

    name: ClassVar[str] = "deid"
    version: ClassVar[str] = "1"
    Options: ClassVar[type[BaseModel]] = DeidOptions

    def __init__(self, options: BaseModel | None = None, **overrides: object) -> None:
        super().__init__(options, **overrides)
        self.config = load_config(self.options.config)  # type: ignore[attr-defined]
        switch, tagger = self.options.model_tagger, self.config.model_tagger  # type: ignore[attr-defined]
        if switch is not None and tagger is not None and tagger.enabled != switch:
            self.config = self.config.model_copy(update={"model_tagger": tagger.model_copy(update={"enabled": switch})})
        self.detector = PhiDetector(self.config)
        settings = self.config.patient_propagation
        self.memory = PatientMemory(settings, zh_surname=self.detector.zh_surname) if settings is not None else None

    def prepare(self, documents: Iterable[tuple[str, str | None]]) -> None:
        """Learn from a batch's (text, patient) documents before any is replaced, so that each is also searched
        for the values found surely in its patient's other documents (values stay in this process only)."""
        if self.memory is not None:
            self.memory.learn_documents(self.detector, ((text, None, patient) for text, patient in documents))

    def deidentify(self, text: str, *, language: str, patient: str | None, key: bytes) -> DeidResult:
        known = self.memory.known(patient) if self.memory is not None else []
        spans = self.detector.detect(text, language, known)
        who = patient or self._patient_from_text(text, spans)
        days = shift_days(who, key, self.config.surrogates)
        parts: list[str] = []
        replacements: list[Replacement] = []
        pos = new_pos = 0
        for s in spans:
            parts.append(text[pos:s.start])
            new_pos += s.start - pos
            sub = self._surrogate(text[s.start:s.end], s, language, days, key)
            parts.append(sub)
            replacements.append(Replacement(s.category, s.start, s.end, new_pos, new_pos + len(sub)))
            new_pos += len(sub)
            pos = s.end
        parts.append(text[pos:])
        return DeidResult("".join(parts), replacements)

    def pseudonym(self, value: str, category: str, key: bytes) -> str:
        """A keyed pseudonym for an identifier held outside the text (doc_id, patient_id, file name)."""
        return f"{category.lower()}-{keyed_digest(key, 'pseudonym', category, value)[:16]}"

    def detect(self, text: str, language: str | None = None) -> list[PhiSpan]:
        return self.detector.detect(text, language)

    def _surrogate(self, value: str, span: PhiSpan, language: str, days: int, key: bytes) -> str:
        if span.category == "AGE":
            return age_bucket(value, language, self.config.surrogates)
        if span.category == "DATE" and self.options.shift_dates:  # type: ignore[attr-defined]
            shifted = shift_date(value, days, language)
            if shifted is not None:
                return shifted
        return tag(value, span.category, key, self.config.surrogates.tag_hex)

    def _patient_from_text(self, text: str, spans: list[PhiSpan]) -> str:
        for category in self.config.patient_from:
            for s in spans:
                if s.category == category:
                    return f"{category}:{' '.join(text[s.start:s.end].split())}"
        return ""
