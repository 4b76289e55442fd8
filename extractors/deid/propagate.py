"""Values found once, redacted everywhere: every other occurrence in the document of a name, record number, ID,
phone or device serial that some recognizer found (Philter's and NLM Scrubber's habit: a name seen in the header
is a name in the narrative too).

An English name is spread only when it looks like a name (:meth:`EnglishNames.plausible`), with its first
initial and surname (``L. Walker``, branch deiden12), and its words
(``Walker`` of ``Linda Walker``, ``LINDA``) alone only when they are known given names or surnames; a
Chinese name's surname is looked for before a title (``金女士``, ``老金`` is ``老`` + surname). Latin values must
sit on word boundaries; the allow-list still applies afterwards.
"""
from __future__ import annotations

import re
from typing import Callable, Iterable, Iterator

from oncostruct.extractors.deid import variants
from oncostruct.extractors.deid.config import Propagation
from oncostruct.extractors.deid.names import PARTICLE_SURNAME, EnglishNames, lower_words, title_case
from oncostruct.extractors.deid.trie_pattern import trie_pattern
from oncostruct.extractors.deid.zh_names import role_compound

_CJK = re.compile(r"[\u4e00-\u9fa5]")
# deidname10: a long code that starts with letters is the same code when a label printer's command is glued before
# it (ZPL ``^FDZY202457475^FS``): it is looked for after a letter too
_GLUED_CODE = re.compile(r"[A-Z]{1,4}\d{6,}")
_SPOKEN_DIGITS = re.compile(r"\d(?: \d){5,}")
_EN_WORD = re.compile(r"[A-Za-z\u00C0-\u024F][A-Za-z\u00C0-\u024F'’-]+")


def _latin_char(c: str) -> str:
    """A character of a Latin value as a regex: a space stands for one or two spaces or tabs."""
    return r"[ \t]{1,2}" if c == " " else re.escape(c)


def _spelled(value: str) -> set[str]:
    """prec15: a value spelled out letter by letter (``W H I T F I E L D`` for Whitfield, ``X C P 7 1 6 K`` for a
    port's serial, as a dictation or a call spells it); five characters or more, letters and digits only."""
    return {" ".join(value)} if 5 <= len(value) <= 24 and value.isascii() and value.isalnum() else set()


def _variants(value: str, category: str, settings: Propagation, names: EnglishNames,
              strong: bool = False, lower: set[str] = frozenset()) -> set[str]:  # type: ignore[assignment]
    value = " ".join(value.split())
    out = {value} if len(value) >= settings.min_chars.get(category, 2) else set()
    if category != "NAME":
        # deidname11: a number read out digit by digit (5 3 9 0 2 7 1) is the same number written whole (5390271)
        return out | ({value.replace(" ", "")} if _SPOKEN_DIGITS.fullmatch(value) else set()) | _spelled(value)
    if _CJK.match(value):
        if 2 <= len(value) <= 4:
            surname = value[:2] if len(value) == 4 else value[0]
            out |= {surname + t for t in settings.zh_titles} | {"老" + surname, "小" + surname}
        return out
    if not (names.plausible(value) or (strong and names.shaped(value, lower))):
        return set()  # an English span must look like a name to be spread ("Time", "EGFR" not); deiden13: or, found
        # by a strong cue, be written as a full name (Client: Aldous Quenby … Aldous reports)
    words = [w for w in _EN_WORD.findall(value) if len(w) >= settings.name_tokens_min
             and w.lower() not in names.not_name and (title_case(w) in names.given or title_case(w) in names.surname
                                                      or (strong and w[0].isupper() and w.lower() not in lower))]
    out |= set(words) | {w.upper() for w in words} | {v for w in words for v in _spelled(w.upper())}
    full = [w for w in _EN_WORD.findall(value.split(",")[0]) if w.lower() not in names.not_name]
    if "," not in value and len(full) >= 2 and full[0][0].isupper() and len(full[-1]) >= 3:
        out.add(f"{full[0][0]}. {full[-1]}")   # deiden12: "P. Goodbody" after "Perpetua Goodbody"
    particle = PARTICLE_SURNAME.search(value)  # "Dr. St. Clair" after "Takeshi St. Clair"
    if particle:
        out |= {particle.group(), particle.group().upper()}
    if value.upper() != value:
        out.add(value.upper())
    return out


class _Wanted:
    """The forms to look for, by kind of match: exact (the found value and its variants), pinyin (case and
    separators free), a surname after a title, a speaker label, a number's skeleton (separators free)."""

    def __init__(self) -> None:
        self.exact: dict[str, str] = {}
        self.pinyin: set[str] = set()
        self.titled: set[str] = set()
        self.speaker: set[str] = set()
        self.skeleton: dict[str, str] = {}

    def add(self, value: str, category: str, settings: Propagation, not_acronyms: frozenset[str]) -> None:
        """The other written forms of a found value (:mod:`.variants`), by its category."""
        value = " ".join(value.split())
        compound = frozenset(settings.zh_compound_surnames)
        if category == "NAME" and settings.forms:
            self.pinyin |= variants.pinyin_forms(value, compound, settings.pinyin_min_letters)
            self.titled |= variants.pinyin_surnames(value, compound)
            if not _CJK.match(value):
                for form in variants.person_forms(value):
                    self.exact.setdefault(form, category)
                surname = variants.person_surname(value)
                self.titled |= {surname, surname.upper()} if surname else set()
            self.speaker |= variants.speaker_names(value, compound) - set(settings.zh_titles)   # 医生：is a role
        elif category == "ORGANIZATION" and settings.forms:
            for acr in variants.acronyms(value, not_acronyms):
                self.exact.setdefault(acr, category)
        elif category in settings.skeleton_categories:
            bare = variants.skeleton(value)
            if bare:
                self.skeleton.setdefault(bare, category)


def _scan(text: str, values: Iterable[str], before: str, after: str, char: Callable[[str], str] = _latin_char,
          flags: int = 0) -> Iterator[re.Match[str]]:
    """The matches of ``values`` (one trie) between the look-arounds ``before`` and ``after``."""
    values = sorted(values, key=len, reverse=True)
    if values:
        yield from re.finditer(before + "(?P<v>" + trie_pattern(values, char) + ")" + after, text, flags)


def _pinyin_char(c: str) -> str:
    """A character of a pinyin form: ``_`` joins two syllables of a given name (a hyphen, an apostrophe, a space or
    nothing), a space parts surname and given name (spaces, a comma or a caret)."""
    return {"_": r"[-'’ ]?", " ": r"(?:[ \t]{1,2}|,[ \t]{0,2}|\^)"}.get(c, re.escape(c))


def _skeleton_char(c: str) -> str:
    return re.escape(c) + variants.SKELETON_SEPARATOR


def _forms(text: str, wanted: _Wanted, settings: Propagation) -> Iterator[tuple[int, int, str]]:
    """(start, end, category) of the other written forms of the found values (session 17)."""
    for m in _scan(text, wanted.pinyin, r"(?<![A-Za-z0-9])", r"(?![A-Za-z0-9])", _pinyin_char, re.IGNORECASE):
        if m.group()[0].isupper():   # a name in pinyin is capitalised or in capitals, never all lower case
            yield m.start(), m.end(), "NAME"
    titles = trie_pattern(settings.titles)
    for m in _scan(text, wanted.titled, rf"(?<![A-Za-z])(?:{titles})\.?[ \t]{{1,2}}", r"(?![A-Za-z0-9])"):
        yield m.start("v"), m.end("v"), "NAME"
    for m in _scan(text, wanted.speaker, r"(?m)^[ \t]*(?:\[[^\]\n]{1,40}\][ \t]*)?[^\w\s]{0,2}[ \t]?",
                   r"(?=[^\w\s:：]{0,3}[:：])"):
        yield m.start("v"), m.end("v"), "NAME"
    for m in _scan(text, wanted.skeleton, r"(?<![A-Za-z0-9])", r"(?![A-Za-z0-9])", _skeleton_char):
        end = m.start() + len(m.group().rstrip(" \t.-/()"))
        yield m.start(), end, wanted.skeleton.get(variants.skeleton(m.group()) or "", "RECORD_NUMBER")


def propagated(text: str, found: Iterable[tuple[str, str] | tuple[str, str, float]], settings: Propagation,
               names: EnglishNames, not_acronyms: frozenset[str] = frozenset()) -> Iterator[tuple[int, int, str]]:
    """(start, end, category) of every occurrence of the found values (and their name variants, and their other
    written forms: :mod:`.variants`); a value given with a confidence of ``strong_confidence`` or more spreads all its
    English words. ``not_acronyms``: abbreviations no organisation's initials stand for."""
    wanted: dict[str, str] = {}
    forms = _Wanted()
    lower = lower_words(text)
    for value, category, *conf in found:
        if category in settings.categories:
            strong = bool(conf) and conf[0] >= settings.strong_confidence
            spread = _variants(value, category, settings, names, strong, lower)
            for v in spread:
                wanted.setdefault(v, category)
            if spread:   # an English span that does not look like a name has no other forms either
                forms.add(value, category, settings, not_acronyms)
    for form, category in forms.exact.items():
        if form.lower() not in lower and form.lower() not in names.not_name:
            wanted.setdefault(form, category)
    yield from _unseen(_exact(text, wanted, settings), _forms(text, forms, settings))


def _unseen(*streams: Iterable[tuple[int, int, str]]) -> Iterator[tuple[int, int, str]]:
    """The spans of ``streams`` once each (a number's skeleton finds the number as written too)."""
    seen: set[tuple[int, int]] = set()
    for stream in streams:
        for start, end, category in stream:
            if (start, end) not in seen:
                seen.add((start, end))
                yield start, end, category


def _exact(text: str, wanted: dict[str, str], settings: Propagation) -> Iterator[tuple[int, int, str]]:
    """(start, end, category) of the wanted values as written (a Latin value on word boundaries)."""
    if not wanted:
        return
    latin = sorted((v for v in wanted if not _CJK.search(v)), key=len, reverse=True)
    cjk = sorted((v for v in wanted if _CJK.search(v)), key=len, reverse=True)
    glued = [v for v in latin if wanted[v] != "NAME" and _GLUED_CODE.fullmatch(v)]
    for values, before in ((latin, r"(?<![A-Za-z0-9])"), (glued, r"(?<=[A-Za-z])")):
        if not values:
            continue
        rx = re.compile(before + "(?:" + trie_pattern(values, _latin_char) + r")(?![A-Za-z0-9])")   # session 16: a trie
        for m in rx.finditer(text):
            yield m.start(), m.end(), wanted.get(m.group(), wanted.get(" ".join(m.group().split()), "NAME"))
    if cjk:
        titles = [t for t in settings.zh_titles if len(t) >= 2]
        for m in re.finditer(trie_pattern(cjk), text):
            if m.start() and any(text.startswith(t, m.start() - 1) for t in titles):
                continue   # deidzh13: 任医师 inside 主任医师 is a title, not surname 任 + 医师
            title = next((t for t in settings.zh_titles if m.group().endswith(t) and len(m.group()) > len(t)), "")
            if title and role_compound(text, m.start(), m.end() - len(title)):
                continue   # s18-zh18: 任医生 of 责任医生：, 车医生 of 随车医生：
            yield m.start(), m.end(), wanted[m.group()]
