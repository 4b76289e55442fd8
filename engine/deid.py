"""De-identification as the engine sees it: the result types, the component protocol, the offset map.

The pipeline's first stage, *deidentify* (on when ``Settings.deidentify``), hands each document's text to
the component named ``Settings.deidentifier`` (registered in ``oncostruct.components``; the engine
never imports it) and structures the text that comes back, so every Field span points into the
de-identified text. :class:`Replacement` pairs each redacted span of the original text with its
surrogate's span in the new text: offsets and a category only, never the value. With the original
text (which stays in the hospital), :func:`map_span_back` carries any span back onto it.
"""
from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from oncostruct.engine.errors import ConfigError

PHI_CATEGORIES = ("NAME", "ID_NUMBER", "PHONE", "ADDRESS", "RECORD_NUMBER", "ORGANIZATION", "DATE", "AGE",
                  "CONTACT", "DEVICE_ID")


@dataclass(frozen=True)
class Replacement:
    """One redaction: ``[start, end)`` of the original text became ``[new_start, new_end)`` of the new one."""

    category: str
    start: int
    end: int
    new_start: int
    new_end: int


@dataclass
class DeidResult:
    """The de-identified text and its offset map (replacements in text order, not overlapping)."""

    text: str
    replacements: list[Replacement] = field(default_factory=list)


@runtime_checkable
class Deidentifier(Protocol):
    """The component the deidentify stage runs (``Settings.deidentifier``)."""

    name: str
    version: str

    def deidentify(self, text: str, *, language: str, patient: str | None, key: bytes) -> DeidResult: ...

    def pseudonym(self, value: str, category: str, key: bytes) -> str: ...


def keyed_digest(key: bytes, *parts: str) -> str:
    """Hex HMAC-SHA256 of ``parts`` under ``key`` (the same inputs give the same digest in every run)."""
    return hmac.new(key, "\x1f".join(parts).encode("utf-8", "surrogatepass"), hashlib.sha256).hexdigest()


def secret_bytes(secret: object | None) -> bytes:
    """The hospital key (``Settings.secret_key``) as bytes; ConfigError when de-identification has none."""
    value = secret.get_secret_value() if hasattr(secret, "get_secret_value") else secret
    if not value:
        raise ConfigError("de-identification needs the hospital key: set ONCOSTRUCT_SECRET_KEY (or secret_key in "
                          "the config file); surrogates and date shifts are keyed by it so that they stay the same "
                          "across documents and runs")
    return str(value).encode("utf-8")


def deidentified_text(original: str, spans: list) -> str:
    """The de-identified text rebuilt from the original and a record's offset map (``Document.deid.replacements``):
    what review tasks show, so that the record's spans fit and no PHI leaves. ConfigError when the map does not fit."""
    parts, pos = [], 0
    for s in sorted(spans, key=lambda s: s.orig_start):
        if s.orig_start < pos or s.orig_end > len(original):
            raise ConfigError("the offset map does not fit this text: it is not the document the record was made from")
        parts += [original[pos:s.orig_start], s.surrogate]
        pos = s.orig_end
    return "".join(parts) + original[pos:]


def map_span_back(start: int, end: int, replacements: list[Replacement]) -> tuple[int, int]:
    """A ``[start, end)`` span of the de-identified text, as a span of the original text.

    Outside replacements the shift is the running length difference; a boundary inside a surrogate
    snaps to the redacted span's edge (the span then covers the whole original value).
    """
    return _back(start, replacements, left=True), _back(end, replacements, left=False)


def _back(pos: int, replacements: list[Replacement], *, left: bool) -> int:
    delta = 0
    for r in replacements:
        if pos <= r.new_start:
            break
        if pos < r.new_end or (not left and pos == r.new_end):
            return r.start if left else r.end
        delta = r.end - r.new_end
    return pos + delta
