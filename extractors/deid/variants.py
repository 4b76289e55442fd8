"""Other written forms of a value the detector found (issue 18, session 17: once found, found everywhere).

A value found once is often written again in another form: a Chinese name in pinyin (``石建伟`` → ``SHI JIANWEI``,
``Jianwei Shi``, ``SHI, JIAN-WEI``), an organisation by its initials (``Harbour Vale Medical Centre`` → ``HVMC``),
a person surname first (``SMITH, J``, ``Smith, John``, ``SMITH^JOHN``), a number with other separators
(``139-1234-5678`` → ``139 1234 5678``). Each generator here writes one category's forms; :mod:`.propagate` looks
for them all in one pass per kind of form. The guards are the generators' own: no form of one pinyin syllable, no
acronym under three letters or of a known abbreviation, no number skeleton under seven characters.
"""
from __future__ import annotations

import re

from oncostruct.extractors.deid.zh_pinyin import romanised

_CJK_NAME = re.compile(r"[\u4e00-\u9fa5]{2,4}")
_WORD = re.compile(r"[A-Za-z\u00C0-\u024F][A-Za-z\u00C0-\u024F'’-]*")
_CONNECTORS = frozenset({"of", "and", "&", "the", "for", "at", "de", "du", "la", "le", "on", "in", "y", "und"})
_SEPARATORS = re.compile(r"[ \t.\-/()+]")
SKELETON_SEPARATOR = r"[ \t.\-/()]{0,2}"   # what may stand between two characters of a number's skeleton


def zh_parts(value: str, compound: frozenset[str]) -> tuple[str, str] | None:
    """(surname, given name) of a Chinese name of two to four characters: a compound surname (欧阳) takes two."""
    if not _CJK_NAME.fullmatch(value):
        return None
    cut = 2 if len(value) >= 3 and value[:2] in compound else 1
    return (value[:cut], value[cut:]) if len(value) - cut >= 1 else None


def pinyin_forms(value: str, compound: frozenset[str], min_letters: int = 5) -> set[str]:
    """The name romanised, lower case: ``surname given`` and ``given surname``, the given name's syllables joined by
    ``_`` (written with a hyphen, a space or nothing); every reading of each character. None under ``min_letters``
    letters or of one syllable."""
    parts = zh_parts(value, compound)
    if parts is None:
        return set()
    out: set[str] = set()
    for syllables in romanised(parts[0] + parts[1]):
        sur, giv = "".join(syllables[:len(parts[0])]), "_".join(syllables[len(parts[0]):])
        if len(syllables) >= 2 and len(sur) + len(giv.replace("_", "")) >= min_letters:
            out |= {f"{sur} {giv}", f"{giv} {sur}"}
    return out


def pinyin_surnames(value: str, compound: frozenset[str]) -> set[str]:
    """The surname's romanised readings, capitalised (``Shi`` of 石建伟), for a title before it (``Dr Shi``)."""
    parts = zh_parts(value, compound)
    if parts is None or len(value) < 2:
        return set()
    return {"".join(s).capitalize() for s in romanised(parts[0])}


def person_parts(value: str) -> tuple[str, str] | None:
    """(given name, surname) of an English name written ``Given [Middle] Surname``, ``SURNAME, Given`` or
    ``SURNAME^GIVEN``; None for one word."""
    for sep in (",", "^"):
        if sep in value:
            head, _, tail = value.partition(sep)
            sur, giv = _WORD.findall(head), _WORD.findall(tail)
            return (giv[0], sur[-1]) if sur and giv and len(giv[0]) >= 2 else None
    words = _WORD.findall(value)
    return (words[0], words[-1]) if len(words) >= 2 and len(words[0]) >= 2 else None


def person_forms(value: str) -> set[str]:
    """A person's name surname first and by initial, in title case and in capitals: ``Smith, John``, ``SMITH, J``,
    ``Smith, J.``, ``SMITH^JOHN``, ``John SMITH``, ``J Smith``; six letters or more with the given name, a surname of
    three letters or more with an initial (``LI, GUOQIANG`` but no ``LI, G``)."""
    parts = person_parts(value)
    if parts is None or len(parts[0]) + len(parts[1]) < 6:
        return set()
    out: set[str] = set()
    for giv in {parts[0].capitalize(), parts[0].upper()}:
        for sur in {_title(parts[1]), parts[1].upper()}:
            g = giv[0]
            out |= {f"{sur}, {giv}", f"{sur},{giv}", f"{sur}^{giv}", f"{giv} {sur}", f"{sur} {giv}"}
            if len(sur) >= 3:
                out |= {f"{sur}, {g}", f"{sur}, {g}.", f"{g} {sur}", f"{g}. {sur}"}
    return out


def person_surname(value: str) -> str | None:
    """The surname of an English name of two words or more, for a title before it (``Dr Quennell``)."""
    parts = person_parts(value)
    return _title(parts[1]) if parts is not None and len(parts[1]) >= 2 else None


def _title(word: str) -> str:
    """``O'BRIEN`` → ``O'Brien``, ``MCKAY`` stays ``Mckay`` (the text's own title case is tried as found)."""
    return re.sub(r"[A-Za-z\u00C0-\u024F]+", lambda m: m.group().capitalize(), word)


def acronyms(value: str, not_acronyms: set[str] | frozenset[str], min_len: int = 3) -> set[str]:
    """An organisation's initials (``Tidewater Oncology & Haematology`` → ``TOH``): the first letter of each
    capitalised word but connectors, of each comma-separated part of three words or more; ``min_len`` to six letters,
    none a known abbreviation."""
    out: set[str] = set()
    for part in value.split(","):
        words = [w for w in _WORD.findall(part) if w.lower() not in _CONNECTORS]
        if len(words) >= 3 and all(w[0].isupper() for w in words):
            acr = "".join(w[0] for w in words)
            if min_len <= len(acr) <= 6 and acr not in not_acronyms:
                out.add(acr)
    return out


def skeleton(value: str, min_chars: int = 7) -> str | None:
    """A number's characters without separators (``139-1234-5678`` → ``13912345678``), when it has ``min_chars``
    characters or more, six of them digits or more."""
    bare = _SEPARATORS.sub("", value)
    if len(bare) < min_chars or sum(c.isdigit() for c in bare) < 6 or not bare.isalnum() or not bare.isascii():
        return None
    return bare


def speaker_names(value: str, compound: frozenset[str]) -> set[str]:
    """Short forms of a name that a chat writes as its speaker label: a Chinese given name of two characters or more
    (``立群：`` for 彭立群), an English given name of three letters or more."""
    parts = zh_parts(value, compound)
    if parts is not None:
        return {parts[1]} if len(parts[1]) >= 2 else set()
    person = person_parts(value)
    return {person[0]} if person is not None and len(person[0]) >= 3 and person[0][0].isupper() else set()
