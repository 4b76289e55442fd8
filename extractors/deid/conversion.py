"""Text produced by conversion and machine formats (branch s19-conv19): what an export's markup hides from the
recognizers, and the fields of a machine format that carry PHI by their place, not by a label's wording.

- :func:`revision_view`: a word processor's tracked changes exported as text (CriticMarkup ``{--old--}{++new++}``,
  ``{~~old~>new~~}``, a bracketed ``[插入: …]`` / ``[删除: …]`` / ``[Deleted: …]``): the marks are read as spaces,
  one character for one, so the old and the new text are both read as the prose they stand in (both are PHI).
- :func:`dehyphenated`: a line broken at a hyphen inside a word or a number (``Dr. Hugo Abe-\\nrnathy``,
  ``S21-79-\\n914``, ``1885001-\\n7471``), as PDF-to-text and justified print leave it: the line break is removed
  (the hyphen kept) in a view whose offsets map back, so a span found across it takes the break in.
- :func:`vcard_spans`: a vCard's (RFC 6350) structured properties: ``FN`` and each part of ``N``
  (family;given;additional;prefix;suffix) and ``NICKNAME`` are NAME; of ``ADR`` (po-box;extended;street;locality;
  region;postcode;country) the street, extended, locality and postcode parts are ADDRESS (a region or a country
  alone is not, PHI_GUIDELINE.md); ``ORG`` is ORGANIZATION.
"""
from __future__ import annotations

import re

# CriticMarkup marks and bracketed revision labels of a converted document (English and Chinese Word exports)
_REVISION_MARK = re.compile(r"\{--|--\}|\{\+\+|\+\+\}|\{~~|~>|~~\}"
                            r"|\[(?:插入|删除|修订|Inserted|Deleted|Insertion|Deletion|Added|Removed)[ \t]?[:：][ \t]?")
_REVISION_OPEN = re.compile(r"\[(?:插入|删除|修订|Inserted|Deleted|Insertion|Deletion|Added|Removed)[ \t]?[:：][ \t]?")


def revision_view(text: str) -> str | None:
    """``text`` with its tracked-change marks (and the closing ``]`` of a bracketed revision on its line) read as
    spaces, same length; None when it holds none."""
    if "{" not in text and "[" not in text:
        return None
    chars = list(text)
    found = False
    for m in _REVISION_MARK.finditer(text):
        found = True
        chars[m.start():m.end()] = " " * (m.end() - m.start())
        if _REVISION_OPEN.fullmatch(m.group()):
            close = text.find("]", m.end(), m.end() + 120)
            if close != -1 and "\n" not in text[m.end():close]:
                chars[close] = " "
    return "".join(chars) if found else None


# a hyphen at a line's end inside a word or a number: a letter or digit before it, a lower-case letter or a digit
# opening the next line
_HYPHEN_BREAK = re.compile(r"(?<=[A-Za-z0-9]-)\r?\n(?=[a-z0-9])")


def dehyphenated(text: str) -> tuple[str, list[int], set[int]] | None:
    """(the text with each line break after a word's or a number's hyphen removed; the original offset of each kept
    character plus one for the end; the view positions where a break was removed), or None (the shape of
    :func:`extractors.deid.spaced.despaced_latin`)."""
    drop: set[int] = set()
    for m in _HYPHEN_BREAK.finditer(text):
        drop.update(range(m.start(), m.end()))
    if not drop:
        return None
    keep = [i for i in range(len(text)) if i not in drop]
    joints = {j for j, i in enumerate(keep) if j and keep[j - 1] + 1 != i}
    return "".join(text[i] for i in keep), keep + [len(text)], joints


# a vCard property line: its name (a group prefix allowed), its parameters, its value
_VCARD_LINE = re.compile(r"^(?:[A-Za-z0-9-]{1,20}\.)?(?P<prop>FN|N|NICKNAME|ADR|ORG)(?:;[^:\r\n]{0,120})?:(?P<v>[^\r\n]{1,300})(?=\r?$)",
                         re.MULTILINE)
_ADR_PARTS = {1: "ADDRESS", 2: "ADDRESS", 3: "ADDRESS", 5: "ADDRESS"}   # extended, street, locality, postcode


def vcard_spans(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, category)`` of the PHI parts of the vCards in ``text`` (none when it holds no ``BEGIN:VCARD``)."""
    if "BEGIN:VCARD" not in text.upper():
        return []
    out: list[tuple[int, int, str]] = []
    for m in _VCARD_LINE.finditer(text):
        prop = m.group("prop").upper()
        start = m.start("v")
        parts = m.group("v").split(";")
        for k, part in enumerate(parts):
            a = start + (len(part) - len(part.lstrip()))
            b = start + len(part.rstrip())
            start += len(part) + 1
            if b <= a:
                continue
            if prop in ("FN", "N", "NICKNAME"):
                cat = "NAME" if prop != "N" or k < 3 else ""   # a prefix (Dr.) or a suffix (MD) is no name
            elif prop == "ADR":
                cat = _ADR_PARTS.get(k, "")
            else:
                cat = "ORGANIZATION" if k == 0 else ""
            if cat:
                out.append((a, b, cat))
    return out
