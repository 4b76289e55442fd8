"""English names written in lower case (dictations, chats: ``seen by dr. quillerby``, ``daughter orla ashworth``):
the name rules are written for capitalised words, so these hide from every rule.

:func:`case_view` gives the text with such words written capitalised, one character for one (so offsets hold), and
the positions it changed: a lower-case cue word (``dr``, ``doctor``, ``daughter``: ``case_view.cues`` in deid.yaml) or
two (phi12rev: a transcript's ``this is``, a dictation's ``note on``),
the word after it unless it is a common word (``case_view.not_after``), and the word after that one. The name rules run on the view too, and
what they find across a changed word is kept when it looks like a name (:class:`extractors.deid.names.EnglishNames`).
"""
from __future__ import annotations

import re
from typing import Iterable, Iterator

from oncostruct.extractors.deid.names import EnglishNames
from oncostruct.extractors.deid.tails import org_specific

_WORD = re.compile(r"(?<![A-Za-z0-9'’])[A-Za-z][A-Za-z'’-]*(?![A-Za-z0-9])")


def case_view(text: str, names: EnglishNames, cues: Iterable[str], not_after: Iterable[str]
              ) -> tuple[str, list[int]] | None:
    """``(view, changed positions)``, or None when no word needed a change."""
    cue_words, common = {c.lower() for c in cues if " " not in c}, {w.lower() for w in not_after}
    chars: list[str] | None = None
    changed: list[int] = []
    cue_end = -1   # where the last lower-case cue word ended
    chain = False   # the word after a cue may be followed by a surname
    wanted_words = set(_after_phrases(text, names, [c.lower() for c in cues if " " in c]))
    for m in _WORD.finditer(text):
        word, low = m.group(), m.group().lower()
        near = cue_end >= 0 and text[cue_end:m.start()] in (" ", ". ", "  ", ", ", ": ")
        cue_end = -1
        if not word.islower():
            continue
        elif m.start() in wanted_words:
            wanted = True
        elif low in cue_words:
            wanted, cue_end, chain = True, m.end(), True
        else:
            title = low[:1].upper() + low[1:]
            wanted = near and len(word) >= 3 and low not in common and low not in names.not_name
            if wanted and (title in names.given or chain):
                cue_end = m.end()   # the word after a cue or a given name: the next one may be its surname
            chain = False
        if not wanted:
            continue
        if chars is None:
            chars = list(text)
        for k in range(m.start(), m.end()):
            new = text[k].upper() if k == m.start() else text[k].lower()
            if new != text[k]:
                chars[k] = new
                changed.append(k)
    if chars is None:
        return None
    return "".join(chars), changed


def _after_phrases(text: str, names: EnglishNames, phrases: list[str]) -> Iterable[int]:
    """Starts of the two words after a cue of two words (phi12rev: ``this is orla ashworth calling``, ``note on
    orla ashworth``) when they are a known given name and a surname (known, or shaped like one): such a cue is
    followed by prose as often as by a name, so only what reads as a name pair is written capitalised."""
    if not phrases:
        return
    cue = "|".join(re.escape(p).replace(r"\ ", "[ ]") for p in sorted(phrases, key=len, reverse=True))
    for m in re.finditer(rf"(?<![A-Za-z])(?:{cue})[ ](?P<a>[a-z][a-z'’-]{{1,20}})[ ](?P<b>[a-z][a-z'’-]{{1,20}})(?![A-Za-z])", text):
        given, surname = m.group("a").title(), m.group("b").title()
        if given in names.given and (surname in names.surname or _surname_shaped(m.group("b"), names)):
            yield from (m.start("a"), m.start("b"))


_NOT_SURNAME_END = ("ed", "ly", "ing", "ent", "ant", "ive", "ous", "ion", "ity", "ment", "ness", "able", "ible", "al", "ic")


def _surname_shaped(word: str, names: EnglishNames) -> bool:
    """A lower-case word outside the gazetteer that may be a surname: four letters or more, no known non-name and
    no ending of an English adjective, adverb or verb form (``considered``, ``consistent``)."""
    return len(word) >= 4 and word not in names.not_name and not word.endswith(_NOT_SURNAME_END)


# a line in capitals that opens with a house number and a street word: a mailing label's address block
_CAPS_STREET = re.compile(r"(?m)^[ \t]*\d{1,6}[ \t]+[A-Z]{2,}[A-Z0-9 .,#'-]*$")
# an address line in any case (7724 Spruceholm Cir, Apt 3), and a name in capitals right above one
_STREET = re.compile(r"[ \t]*\d{1,6}[ \t]+[A-Za-z]{2,}[A-Za-z0-9 .,#'-]*$")
_CAPS_NAME_ABOVE = re.compile(r"(?m)^[ \t]*[A-Z]{2,}(?:[ \t]+[A-Z]\.?)?[ \t]+[A-Z]{2,}[ \t]*\n[ \t]*\d{1,6}[ \t]+[A-Za-z]")
_CAPS_WORD = re.compile(r"(?<![A-Za-z0-9'’])[A-Z][A-Z'’-]+(?![A-Za-z0-9])(?![ \t]+\d{5})")


def capitals_view(text: str) -> tuple[str, list[int]] | None:
    """``(view, changed positions)`` with words in capitals capitalised (``7724 GORSEDALE RD`` as ``7724 Gorsedale Rd``),
    except a state code before its ZIP; None unless the text holds an address line in capitals (a mailing label, an
    envelope window) or a name in capitals right above an address line. The address rules run on the view; what they
    find there is kept, and a name pair right above an address line."""
    if not (_CAPS_STREET.search(text) or _CAPS_NAME_ABOVE.search(text)):
        return None
    chars = list(text)
    changed: list[int] = []
    for m in _CAPS_WORD.finditer(text):
        for k in range(m.start() + 1, m.end()):
            if text[k].isupper():
                chars[k] = text[k].lower()
                changed.append(k)
    return ("".join(chars), changed) if changed else None


def above_street(text: str, end: int) -> bool:
    """Whether the rest of the line after ``end`` is blank and the next line is an address line."""
    nl = text.find("\n", end)
    if nl < 0 or text[end:nl].strip():
        return False
    stop = text.find("\n", nl + 1)
    return bool(_STREET.match(text[nl + 1:stop if stop >= 0 else len(text)]))


def lower_orgs(text: str, cues: Iterable[str], suffixes: Iterable[str], common: Iterable[str],
               generic: set[str]) -> Iterator[tuple[int, int]]:
    """(start, end) of organisations written in lower case (phi12rev: a dictation's ``copy to dr x at lakeshore
    memorial hospital``): one to three words after a cue (``at``, ``to``) and before a suffix (``hospital``), none a
    common word, and one of them no generic word (``general hospital`` names a kind of place, not one)."""
    cue, end = "|".join(map(re.escape, cues)), "|".join(re.escape(w).replace(r"\ ", "[ ]") for w in suffixes)
    if not cue or not end:
        return
    stop = {w.lower() for w in common}
    for m in re.finditer(rf"(?<![A-Za-z])(?:{cue})[ ](?P<v>(?:[a-z][a-z'’-]{{2,20}}[ ]){{1,3}}(?:{end}))(?![A-Za-z])", text):
        words = m.group("v").split()
        if not any(w in stop for w in words) and org_specific(m.group("v"), generic):
            yield m.start("v"), m.end("v")
