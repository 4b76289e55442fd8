"""Organisation and address spans grown by what follows them (issue 18, branch deidorg9).

* :func:`address_tails`: an address span is extended over the building, unit and room parts written right after it
  (``幸福小区`` + ``5栋2单元301室``, ``18 Birch Lane`` + ``, Apt 3C``): a rule that stops at the compound or the
  street leaves the most identifying part of the address behind. The tail patterns are data (``address_tails`` in
  ``deid.yaml``); each may match repeatedly.
* :func:`org_acronyms`: ``Memorial Sloan Kettering Cancer Center (MSKCC)`` defines an abbreviation, and every later
  ``MSKCC`` in the document names the same organisation, whatever context it sits in.
* :func:`after_orgs` (deidorg11): spans that count only right after an organisation (the town it is in, after a
  comma or in brackets: ``Lakeside Medical Center, Tacoma.``, ``某某医院（江城市）``).
* :func:`org_specific`: an organisation found by a capitalised phrase and a suffix word must hold one word that is
  not generic (``Oncology Clinic``, ``Cancer Center`` name a kind of place; ``Lakeside Family Medical`` one place).
"""
from __future__ import annotations

import re
from typing import Iterable, Iterator

from oncostruct.extractors.deid.intervals import Points

_ACRONYM_DEF = re.compile(r"[ \t]?[(（][ \t]?(?P<v>[A-Z][A-Za-z&]{1,7}[A-Z])[ \t]?[)）]")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’.&-]*")
_AFTER_ORG_GAP = re.compile(r"[ \t]?[,，(（][ \t]?")


def address_tails(spans: Iterable[tuple[int, int]], text: str, tails: list[re.Pattern[str]]) -> Iterator[tuple[int, int, int]]:
    """(start, old end, new end) of each address span that one or more tail patterns continue right at its end."""
    for start, end in spans:
        new = end
        grown = True
        while grown:
            grown = False
            for tail in tails:
                m = tail.match(text, new)
                if m and m.end() > new:
                    new, grown = m.end(), True
        if new > end:
            yield start, end, new


def org_acronyms(spans: Iterable[tuple[int, int]], text: str, not_acronyms: set[str]) -> Iterator[tuple[int, int]]:
    """(start, end) of an abbreviation defined in brackets right after an organisation span, and of each of its other
    occurrences in ``text`` (on word boundaries)."""
    seen: set[str] = set()
    for _, end in spans:
        m = _ACRONYM_DEF.match(text, end)
        if not m or m.group("v") in not_acronyms or m.group("v") in seen:
            continue
        seen.add(m.group("v"))
        for k in re.finditer(rf"(?<![A-Za-z0-9]){re.escape(m.group('v'))}(?![A-Za-z0-9])", text):
            yield k.start(), k.end()


def after_orgs(orgs: Iterable[tuple[int, int]], starts: Iterable[int], text: str) -> set[int]:
    """The starts that lie right after an organisation span, with only a comma, a bracket and spaces between."""
    ends = Points(end for _, end in orgs)   # session 16: the ends 1-3 characters before each start, not every end
    return {s for s in starts if any(_AFTER_ORG_GAP.fullmatch(text, e, s) for e in ends.between(s - 3, s - 1))}


def org_specific(value: str, generic: set[str]) -> bool:
    """Whether a capitalised organisation phrase holds a word that is neither generic nor a connector."""
    words = [w.rstrip(".").lower() for w in _WORD.findall(value)]
    words = [w[:-2] if w.endswith(("'s", "’s")) else w for w in words]
    return any(w not in generic for w in words if w not in ("of", "and", "&", "the", "for", "at", "de"))


# branch deiden12: a staff legend that defines initials for a name (``ZQ = Zebulon Quarrington``, ``KB: Kim Brandt``,
# ``Zebulon Quarrington (ZQ)``): the initials, two or three capitals, right before the name with ``=`` or ``:``, or in
# brackets right after it
_INITIALS_BEFORE = re.compile(r"(?<![A-Za-z0-9])(?P<v>[A-Z]{2,3})[ \t]{0,2}[=:][ \t]{0,2}$")
_INITIALS_AFTER = re.compile(r"[ \t]?\((?P<v>[A-Z]{2,3})\)")


def name_initials(names: Iterable[tuple[int, int]], text: str, not_initials: set[str]) -> Iterator[tuple[int, int]]:
    """(start, end) of every occurrence of initials that a legend defines for a NAME span (on word boundaries): the
    initials are the first letters of the name's words (``MSW`` after ``Mira Pendergast`` is a credential, not her
    initials)."""
    seen: set[str] = set()
    for start, end in names:
        words = re.findall(r"[A-Za-z][A-Za-z'’-]*", text[start:end].split(",")[0])
        for m in (_INITIALS_BEFORE.search(text, max(0, start - 8), start), _INITIALS_AFTER.match(text, end)):
            if m is None or m.group("v") in not_initials or m.group("v") in seen or len(words) < 2:
                continue
            if m.group("v") != "".join(w[0].upper() for w in words):
                continue
            seen.add(m.group("v"))
            yield from (k.span() for k in re.finditer(rf"(?<![A-Za-z0-9]){m.group('v')}(?![A-Za-z0-9])", text))
