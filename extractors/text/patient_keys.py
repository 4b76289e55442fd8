"""Patient identifiers and the document date from a report header, for patient linkage.

Reads medical record number, name, birth date and sex (rule pack ``patient_header``) and emits
``patient.keys.<kind>`` fields whose value is the keyed hash (:mod:`engine.assembly.keys`, HMAC
with ``Settings.secret_key``) — never the identifier itself; the provenance span points at the
header item without copying its text. A header date (报告日期, Report date ...) becomes
``document.date``. Without a configured key, no identifier fields are emitted (one warning).
"""
from __future__ import annotations

import logging
import re
from dataclasses import replace
from typing import Iterator

from oncostruct.engine.assembly.keys import KINDS, link_key, secret_bytes
from oncostruct.engine.cdm import Field, TextSpan
from oncostruct.engine.errors import ConfigError
from oncostruct.extractors.base import BaseComponent, Extraction, ExtractionInput, field_from_match, rule_source
from oncostruct.extractors.rules.loader import RuleMatch, load_pack
from oncostruct.extractors.text.discharge import iso_from_text

log = logging.getLogger(__name__)
PACK = "patient_header"
_HEADER_CHARS = 1500  # identifiers are read from the top of the document only
_warned = False
_COMPACT = re.compile(r"((?:19|20)\d{2})(\d{2})(\d{2})")


def _secret() -> bytes | None:
    global _warned
    try:
        return secret_bytes()
    except ConfigError as exc:
        if not _warned:
            log.warning("%s; documents get no patient link keys", exc.message)
            _warned = True
        return None


def written_date(text: str) -> str | None:
    """ISO date of a written date (the ``dates`` pack), also the compact ``19580703``."""
    compact = _COMPACT.fullmatch(text.strip())
    if compact:
        text = "-".join(compact.groups())
    return iso_from_text(text)


_CELL_SPLIT = re.compile(r"\t+|[ \t]*[|｜][ \t]*")
_RULE_ROW = re.compile(r"^[\s|｜:\-—=+]*$")


def _cells(line: str, offset: int) -> list[tuple[str, int]]:
    """The cells of a tab- or pipe-separated line with their offsets (empty edge cells of ``| a | b |`` dropped)."""
    cells, pos = [], 0
    for m in list(_CELL_SPLIT.finditer(line)) + [None]:
        end = m.start() if m else len(line)
        raw = line[pos:end]
        if raw.strip():
            lead = len(raw) - len(raw.lstrip())
            cells.append((raw.strip(), offset + pos + lead))
        pos = m.end() if m else len(line)
    return cells


def table_pairs(head: str) -> Iterator[tuple[str, int, int]]:
    """Header tables written as a row of labels over a row of values (tabs or pipes, a ``|---|`` rule between):
    ``(label：value, offset of the value in head, length of the label part)`` per column."""
    lines, pos = [], 0
    for line in head.split("\n"):
        if not _RULE_ROW.match(line):
            lines.append((line, pos))
        pos += len(line) + 1
    for (labels_line, lo), (values_line, vo) in zip(lines, lines[1:]):
        labels, values = _cells(labels_line, lo), _cells(values_line, vo)
        if len(labels) >= 2 and len(labels) == len(values) and not any(c in ":：" for c, _ in labels for c in c):
            for (label, _), (value, offset) in zip(labels, values):
                yield f"{label}：{value}", offset, len(label) + 1


def _matches(pack, head: str, lang: str | None) -> Iterator[RuleMatch]:
    """Rule matches in the header, then in its label-row/value-row tables (spans mapped back onto the header)."""
    yield from pack.find(head, lang)
    for text, offset, shift in table_pairs(head):
        for m in pack.find(text, lang):
            if "v" in m.group_spans and m.group_spans["v"][0] >= shift:
                spans = {k: (a - shift + offset, b - shift + offset) for k, (a, b) in m.group_spans.items() if a >= shift}
                yield replace(m, start=spans["v"][0], end=spans["v"][1], text=m.groups["v"] or "", group_spans=spans)


def _key_field(kind: str, m: RuleMatch, secret: bytes) -> Field | None:
    start, end = m.group_spans["v"]
    written = m.groups["v"] or ""
    key = link_key(kind, (written_date(written) or "") if kind == "birth_date" else written, secret)
    if key is None:
        return None
    return Field(name=f"patient.keys.{kind}", value=key, normalized=key, confidence=m.reliability,
                 provenance=[TextSpan(start=start, end=end)], source=rule_source(m))


class PatientKeysExtractor(BaseComponent):
    """Header identifiers as keyed hashes (``patient.keys.*``) and the header date (``document.date``)."""

    name = "patient-keys"
    version = "1"

    def extract(self, doc: ExtractionInput) -> Extraction:
        head = doc.text[:_HEADER_CHARS]
        lang = doc.language if doc.language in ("zh", "en") else None
        secret = _secret()
        fields: dict[str, Field] = {}
        for m in _matches(load_pack(PACK), head, lang):
            if m.label in KINDS and secret is not None and f"patient.keys.{m.label}" not in fields:
                f = _key_field(m.label, m, secret)
                if f is not None:
                    fields[f.name] = f
            elif m.label == "doc_date" and "document.date" not in fields:
                iso = written_date(m.groups["v"] or "")
                if iso:
                    fields["document.date"] = field_from_match("document.date", m, value=m.groups["v"], normalized=iso)
        return Extraction(fields=list(fields.values()))
