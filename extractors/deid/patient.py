"""Patient-level propagation: a value found surely in one of a patient's documents is looked for in the others.

A relative named in full in one note is a bare given name in the next (``Margaret joined by phone``); a record
number written with its cue in the header of one report stands alone in another. :class:`PatientMemory` keeps,
per patient, the values its detector found with ``patient_propagation.min_confidence`` or more (the categories
of deid.yaml ``patient_propagation``); :func:`detect_documents` detects a group of documents twice, the second
time with what the patient's other documents taught. The memory is bounded and lives in the process only.
"""
from __future__ import annotations

import re
from collections import OrderedDict
from typing import Iterable, Sequence

from oncostruct.extractors.deid.config import PatientPropagation
from oncostruct.extractors.deid.detect import Known, PhiDetector, PhiSpan

_CJK = re.compile(r"[\u4e00-\u9fa5]")


class PatientMemory:
    """What each patient's documents revealed, the most recent ``max_patients`` patients."""

    def __init__(self, settings: PatientPropagation, max_patients: int = 10_000,
                 zh_surname: re.Pattern[str] | None = None) -> None:
        self.settings = settings
        self.max_patients = max_patients
        self.zh_surname = zh_surname  # a Chinese name is carried over only when it opens with a known surname
        self._values: OrderedDict[str, dict[tuple[str, str], float]] = OrderedDict()

    def learn(self, patient: str, text: str, spans: Iterable[PhiSpan]) -> None:
        """Remember the sure spans of one of ``patient``'s documents."""
        values = self._values.setdefault(patient, {})
        self._values.move_to_end(patient)
        for s in spans:
            if s.category in self.settings.categories and s.confidence >= self.settings.min_confidence:
                key = (" ".join(text[s.start:s.end].split()), s.category)
                if s.category == "NAME" and _CJK.match(key[0]) and not self._zh_name(key[0]):
                    continue  # "诊断" in a name column is no name to look for in every other document
                values[key] = max(values.get(key, 0.0), s.confidence)
        while len(self._values) > self.max_patients:
            self._values.popitem(last=False)

    def learn_documents(self, detector: PhiDetector, docs: Iterable[tuple[str, str | None, str | None]]) -> None:
        """Learn from each (text, language, patient) document that names its patient."""
        for text, lang, patient in docs:
            if patient and text:
                self.learn(patient, text, detector.detect(text, lang))

    def _zh_name(self, value: str) -> bool:
        """A Chinese value worth carrying: it opens with a known surname (letter spacing aside), joins its parts
        with a middle dot (阿依古丽·买买提) or has three characters or more (央金卓玛); not a two-character word."""
        bare = "".join(value.split())
        return ("·" in bare or len(bare) >= 3
                or (self.zh_surname is not None and self.zh_surname.match(bare) is not None))

    def known(self, patient: str | None) -> list[Known]:
        """(value, category, confidence) learnt from ``patient``'s documents (none for an unknown patient)."""
        if not patient or patient not in self._values:
            return []
        return [(value, category, conf) for (value, category), conf in self._values[patient].items()]


def detect_documents(detector: PhiDetector, docs: Sequence[tuple[str, str | None, str | None]]) -> list[list[PhiSpan]]:
    """PHI spans of each (text, language, patient) document, each also holding the values found surely in the
    other documents of its patient (documents without a patient are detected alone). A patient's documents are
    detected together, so the detector's cache serves their second pass."""
    settings = detector.config.patient_propagation
    if settings is None:
        return [detector.detect(text, lang) for text, lang, _ in docs]
    memory = PatientMemory(settings, zh_surname=detector.zh_surname)
    groups: dict[str | None, list[int]] = {}
    for i, (_, _, patient) in enumerate(docs):
        groups.setdefault(patient, []).append(i)
    out: list[list[PhiSpan]] = [[] for _ in docs]
    for patient, idx in groups.items():
        memory.learn_documents(detector, [docs[i] for i in idx])
        for i in idx:
            out[i] = detector.detect(docs[i][0], docs[i][1], memory.known(patient))
    return out
