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
from typing import Iterator

from oncostruct.engine.assembly.keys import KINDS, link_key, secret_bytes
from oncostruct.engine.cdm import Field, TextSpan
from oncostruct.engine.errors import ConfigError
from oncostruct.extractors.base import BaseComponent, Extraction, ExtractionInput, field_from_match, rule_source
from oncostruct.extractors.rules.loader import RuleMatch, load_pack
from oncostruct.extractors.text.discharge import iso_from_text
from oncostruct.extractors.text_tables import match_pairs, table_pairs

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


def _matches(pack, head: str, lang: str | None) -> Iterator[RuleMatch]:
    """Rule matches in the header, then in its label-row/value-row tables (spans mapped back onto the header)."""
    yield from pack.find(head, lang)
    yield from (m for m in match_pairs(pack.find, table_pairs(head), lang) if "v" in m.group_spans)


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
