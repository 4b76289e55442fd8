"""Keyed hashes of patient identifiers (HMAC-SHA256 with ``Settings.secret_key``): the only form in which
identifiers read from a document header are kept, so records can be linked without holding PHI.

Values are normalised before hashing (case, spaces, punctuation; sex to M/F; dates to ISO by the
caller), so the same identifier written two ways gets the same key.
"""
from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata

from oncostruct.engine.errors import ConfigError
from oncostruct.engine.settings import Settings, get_settings

KINDS = ("mrn", "name", "birth_date", "sex")
_SEX = {"男": "M", "m": "M", "male": "M", "女": "F", "f": "F", "female": "F"}
_DROP = re.compile(r"[\W_]+", re.UNICODE)
KEY_HEX = 32  # characters of the hex digest kept (128 bits)


def normalize_identifier(kind: str, value: str) -> str | None:
    """The canonical text of one identifier, or None when nothing identifying is left (masked ``***``)."""
    text = unicodedata.normalize("NFKC", value).strip().casefold()
    if kind == "sex":
        return _SEX.get(text)
    if kind == "name" and "," in text:  # "SMITH, JOHN" → "john smith"
        last, _, first = text.partition(",")
        text = f"{first} {last}"
    text = _DROP.sub("", text)
    if kind == "mrn":
        text = text.lstrip("0")
    return text or None


def secret_bytes(settings: Settings | None = None) -> bytes:
    """The hospital key (ConfigError when ONCOSTRUCT_SECRET_KEY / secret_key is not set)."""
    secret = (settings or get_settings()).secret_key
    if secret is None or not secret.get_secret_value():
        raise ConfigError("patient linkage needs the hospital key: set ONCOSTRUCT_SECRET_KEY (or secret_key in the config)")
    return secret.get_secret_value().encode("utf-8")


def link_key(kind: str, value: str, secret: bytes) -> str | None:
    """HMAC-SHA256 of the normalised identifier, keyed and domain-separated by ``kind`` (None if masked)."""
    norm = normalize_identifier(kind, value)
    if norm is None:
        return None
    return hmac.new(secret, f"{kind}\x1f{norm}".encode("utf-8"), hashlib.sha256).hexdigest()[:KEY_HEX]
