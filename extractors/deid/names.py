"""English person names without a cue the rules know: a gazetteer of given names and surnames (``en_names.yaml``).

:func:`name_pairs` finds capitalised word runs (``Linda Walker``, ``FAITH  MOORE``, ``Walker, Charles``,
``B. Van der Berg``) whose words are given name then surname (or ``Surname, Given``); :meth:`EnglishNames.plausible`
judges a span a rule cued (a label, a credential, a table cell): one word of it must be a given name or a
surname, and none a word the config says is not a name.
"""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import Iterable, Iterator

import yaml

_INITIAL_SURNAME = re.compile(r"[A-Z]\.[ ]?(?:[A-Z]\.[ ]?)?[A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)?")
_MIDDLE_INITIAL = re.compile(r"^[A-Z][a-z'’]+[ ][A-Z]\.[ ][A-Z][a-z'’]+$")
_PARTICLES = {"van", "der", "de", "la", "von", "del", "da", "di", "le", "den", "ter", "du", "st"}
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*\.?")
_RUN = re.compile(
    r"(?<![A-Za-z0-9'’.-])(?:[A-Z]\.[ ]?|[A-Z][a-z'’]{1,20}[ \t]{1,2}|[A-Z][A-Z'’]{1,20}[ \t]{1,2})"
    r"(?:(?:[A-Z]\.?|[A-Z][a-z'’-]{1,20}|[A-Z][A-Z'’-]{1,20}|van|der|de|la|von|del|da|di|le|Van|Der|De|La|Von|Del)"
    r"[ \t]{1,2}){0,3}[A-Z](?:[a-z'’-]{1,20}|[A-Z'’-]{1,20})(?![A-Za-z0-9'’])"
    r"|(?<![A-Za-z0-9'’.-])[A-Z][a-z'’-]{1,20},[ ][A-Z][a-z'’]{1,20}(?:,?[ ][A-Z]\.?)?(?![A-Za-z0-9'’])")


_FILES = ("en_names.yaml", "en_names_intl.yaml")   # hand-written; Faker's Latin-script locales (generated)
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@lru_cache(maxsize=1)
def _lists() -> tuple[frozenset[str], frozenset[str]]:
    given: set[str] = set()
    surname: set[str] = set()
    for name in _FILES:
        data = yaml.load(resources.files("oncostruct.extractors.deid").joinpath(name).read_text("utf-8"), Loader=_LOADER)
        given |= set(data["given"])
        surname |= set(data["surname"])
    return frozenset(given), frozenset(surname)


def title_case(word: str) -> str:
    w = word.strip(".,'’")
    return w[:1].upper() + w[1:].lower() if w.isupper() and len(w) > 1 else w


class EnglishNames:
    """The gazetteer with the words that are never names (``en_not_name`` of deid.yaml)."""

    def __init__(self, not_name: Iterable[str]) -> None:
        self.given, self.surname = _lists()
        self.not_name = {w.lower() for w in not_name}

    def _words(self, text: str) -> list[str]:
        return [title_case(w) for w in _WORD.findall(text) if w.strip(".").lower() not in _PARTICLES]

    def plausible(self, text: str) -> bool:
        """A cued span: some word is a known given name or surname, or it is written as an initial and a
        capitalised surname (``F. Novak``); and no word is a known non-name."""
        words = self._words(text)
        if any(w.strip(".").lower() in self.not_name for w in words):
            return False
        return bool(_INITIAL_SURNAME.fullmatch(text.strip())) or any(w in self.given or w in self.surname for w in words)

    def pair(self, text: str) -> bool:
        """An uncued span: given name first and surname last (or ``Surname, Given``), no known non-name."""
        words = [w for w in self._words(text) if len(w.strip(".")) > 1]
        if len(words) < 2 or any(w.lower() in self.not_name for w in words):
            return False
        if "," in text:
            return words[0] in self.surname and words[1] in self.given
        if words[0] in self.given and _MIDDLE_INITIAL.search(text):  # "Michael S. Novak"
            return True
        return words[0] in self.given and words[-1] in self.surname

    def name_pairs(self, text: str) -> Iterator[tuple[int, int]]:
        """(start, end) of capitalised runs that :meth:`pair` accepts (a run is cut to its longest accepted
        prefix, so ``Linda Walker Infusion`` gives ``Linda Walker``)."""
        for m in _RUN.finditer(text):
            spans = [w.span() for w in re.finditer(r"[^\s,]+", m.group())]
            for k in range(len(spans), 1, -1):
                end = m.start() + spans[k - 1][1]
                if self.pair(text[m.start():end]):
                    yield m.start(), end
                    break
