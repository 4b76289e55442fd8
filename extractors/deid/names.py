"""English person names without a cue the rules know: a gazetteer of given names and surnames (``en_names.yaml``).

:func:`name_pairs` finds capitalised word runs (``Linda Walker``, ``FAITH  MOORE``, ``Walker, Charles``,
``B. Van der Berg``) whose words are given name then surname (or ``Surname, Given``); :meth:`EnglishNames.plausible`
judges a span a rule cued (a label, a credential, a table cell): one word of it must be a given name or a
surname, and none a word the config says is not a name.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from importlib import resources
from typing import Iterable, Iterator

import yaml

_INITIAL_SURNAME = re.compile(r"[A-Z]\.[ ]?(?:[A-Z]\.[ ]?)?[A-Z][a-z\u00DF-\u024F'’]+(?:-[A-Z][a-z\u00DF-\u024F'’]+)?")
_MIDDLE_INITIAL = re.compile(r"^[A-Z][a-z\u00DF-\u024F'’]+[ ][A-Z]\.[ ][A-Z][a-z\u00DF-\u024F'’]+$")
_INITIALS = re.compile(r"(?<![A-Za-z.])[A-Z]\.[ ]?(?:(?P<second>[A-Z])\.[ ]?)?"
                       r"(?P<particle>(?:(?:van|der|de|la|von|du|di|da|del|dos|ter|ten|te|Te|Ó|Ní|Mac|Nic|ap|ab|bin|binti)[ ]){1,2})?"   # names17
                       r"(?P<last>(?P<mc>Mc|O['’])?[A-Z][a-z\u00DF-\u024F'’]{1,20}"
                       r"(?:-[A-Z][a-z\u00DF-\u024F'’]{1,20})?)(?![A-Za-z])")
_WORD_ENDINGS = ("tion", "sion", "ment", "ness", "ology", "ical", "ific", "ive", "ous", "ance", "ture", "ity", "ism")
_LOWER_WORD = re.compile(r"(?<![A-Za-z])[a-z][a-z'’-]{2,}")
PARTICLES = {"van", "der", "de", "la", "von", "del", "da", "di", "le", "den", "ter", "du", "st", "st.",
             "ó", "ní", "nic", "uí", "ua", "bin", "binti", "bint", "ibn", "dos", "das",   # prec15: Irish, Malay, Arabic
             "los", "las", "dela", "delos", "y",   # prec16: Spanish and Filipino (de los Santos, dela Cruz, Ruiz y Soto)
             "mac", "nic", "mhic", "giolla", "ap", "ab", "ferch", "verch", "te", "ten"}   # names17: Irish, Welsh, Maori, Dutch
# a surname opened by particles, at the end of a name (``St. Clair``, ``van der Berg``, ``De la Cruz``)
PARTICLE_SURNAME = re.compile(r"(?<![A-Za-z])(?:(?:[Vv]an|[Dd]er|[Dd]e|[Ll]a|[Vv]on|[Dd]el|[Dd]a|[Dd]i|[Ll]e|[Dd]en|[Tt]er|[Dd]u|[Ll]os|[Ll]as|[Dd]ela|St\.|Ste\.)[ ]){1,2}"
                              r"[A-Z][A-Za-z\u00C0-\u024F'’-]+$")
_INITIAL = re.compile(r"[A-Z]\.")
# names17: a title-case romanised Chinese name: surname, one or two syllable words (or one pinyin word of two or three
# syllables, Xiao-Dong), then perhaps the English given name after a comma (Chua Mei Ling, Alvin)
_ROMANISED = re.compile(r"(?<![A-Za-z\u00C0-\u024F'’.-])(?P<name>[A-Z][a-z]{1,9}(?:[ ][A-Z][a-z]{0,5}){2}|[A-Z][a-z]{1,9}[ ][A-Z][a-z]{2,12}(?:-[A-Z]?[a-z]{1,6})?)"
                        r"(?:,[ ](?P<given>[A-Z][a-z]{2,20}))?(?![A-Za-z\u00C0-\u024F'’-])")
# names17: a syllable of a romanised Chinese given name (Cantonese, Hokkien, pinyin: Ka, Yan, Siew, Keong, Huat)
_SYLLABLE = re.compile(r"[BCDFGHJKLMNPQRSTWYZ][a-z]{0,2}[aeiouy]{1,3}(?:ng|n|m|k|p|t|h|w)?")
POSSESSIVES = {"my", "her", "his", "their", "our", "your"}
_GLUE = {"of", "the", "and", "with", "to", "in", "on", "for"}   # prec16: words no name part is
_ADDRESSES = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+|(?:https?://|www\.)\S+")
_MIXED_CASE = re.compile(r"(?<![A-Za-z])[A-Z]{2,}(?![A-Za-z.])")   # an upper-case word of two letters or more
# prec15: a brand's or a product's inner capital after three lower-case letters or more (PowerPort, ClearVUE,
# BlueHarbor: _brand); a name's prefix takes two at most (McAllister, MacKenzie, DeShawn, LaToya, DiMaggio), FitzGerald aside
_BRAND = re.compile(r"(?!Fitz)[A-Z][a-z]{3,}[A-Z]")
_COMPOUND = re.compile(r"[A-Z][a-z]{1,12}-[A-Z][a-z]{1,12}")   # Mei-Ling, Jean-Luc: a compound name, no gerund
_WORD = re.compile(r"[A-Za-z\u00C0-\u00D6\u00D8-\u00DE][A-Za-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u024F\u1E00-\u1EFF'’-]*\.?")   # prec16: VELÁZQUEZ, Thị
_RUN = re.compile(   # prec16: an upper-case "SURNAME SURNAME, GIVEN" first, before its words are read as a plain run
    r"(?<![A-Za-z0-9'’.-])[A-Z][A-Z\u00C0-\u00D6\u00D8-\u00DE'’-]{1,20}(?:[ ][A-Z][A-Z\u00C0-\u00D6\u00D8-\u00DE'’-]{1,20})?,[ ]?[A-Z][A-Z\u00C0-\u00D6\u00D8-\u00DE'’-]{1,20}(?:[ ][A-Z][A-Z\u00C0-\u00D6\u00D8-\u00DE'’-]{1,20}|[ ][A-Z]\.?)?(?![A-Za-z0-9'’])|"
    r"(?<![A-Za-z0-9'’.-])(?:[A-Z]\.[ ]?|[A-Z][a-z\u00DF-\u024F\u1E00-\u1EFF'’]{1,20}[ \t]{1,2}|[A-Z][A-Z\u00C0-\u00D6\u00D8-\u00DE'’]{1,20}[ \t]{1,2})"
    r"(?:(?:St\.|[A-Z]\.?|[A-Z][a-z\u00DF-\u024F\u1E00-\u1EFF'’-]{1,20}|[A-Z][A-Z\u00C0-\u00D6\u00D8-\u00DE'’-]{1,20}|van|der|de|la|von|del|da|di|le|du|ter|los|las|dela|bin|binti|y|Van|Der|De|La|Von|Del|Du|Dela|Los|Mac|Nic|Giolla|ap|ab|ferch|verch|te|ten|Te|[\"“][A-Z][a-z\u00DF-\u024F'’-]{1,20}[\"”])"
    r"[ \t]{1,2}){0,3}[A-Z](?:[a-z]{1,2}[A-Z][a-z\u00DF-\u024F\u1E00-\u1EFF'’]{2,20}|[a-z\u00DF-\u024F\u1E00-\u1EFF'’-]{1,20}(?:-[A-Z][a-z\u00DF-\u024F\u1E00-\u1EFF'’]{1,20})?|[A-Z\u00C0-\u00D6\u00D8-\u00DE'’-]{1,20})(?![A-Za-z0-9'’])"
    r"|(?<![A-Za-z0-9'’.-])[A-Z][a-z\u00DF-\u024F\u1E00-\u1EFF'’-]{1,20},[ ][A-Z][a-z\u00DF-\u024F\u1E00-\u1EFF'’]{1,20}(?:,?[ ][A-Z]\.?)?(?![A-Za-z0-9'’])"
    )   # prec15: HOLLIS,GRANT D


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
    # phi12rev: a name written without its accents (Kovacs for Kovács, Jose for José) is the same name
    return frozenset(given | {_ascii(w) for w in given}), frozenset(surname | {_ascii(w) for w in surname})


@lru_cache(maxsize=1)
def romanised_zh() -> tuple[frozenset[str], frozenset[str]]:
    """The pinyin syllables and the romanised Chinese surnames of ``romanised_zh.yaml`` (generated)."""
    text = resources.files("oncostruct.extractors.deid").joinpath("romanised_zh.yaml").read_text("utf-8")
    data = yaml.load(text, Loader=_LOADER)
    return frozenset(data["syllables"]), frozenset(data["surname"])


def pinyin_word(word: str, most: int = 3) -> bool:
    """``Xiaodong``, ``Xiao-Dong``, ``WANQING``: the word splits into one to ``most`` pinyin syllables."""
    syllables = romanised_zh()[0]
    w = word.lower().replace("-", "")
    reach = {0: 0}   # position -> fewest syllables to reach it
    for i in range(len(w)):
        if i in reach and reach[i] < most:
            for k in range(1, 7):
                if w[i:i + k] in syllables and (i + k not in reach or reach[i + k] > reach[i] + 1):
                    reach[i + k] = reach[i] + 1
    return len(w) > 0 and len(w) in reach


def _ascii(word: str) -> str:
    """``Kovács`` → ``Kovacs``: the word without its combining accents (letters such as ø or ß stay)."""
    return "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))


def _brand(words: list[str]) -> bool:
    """Every word written with a brand's inner capital (``PowerPort ClearVUE``): a product's name, no person's; one
    such word beside plain ones (``MediShield Life``) may still be an insurer's name that a cue took for a name."""
    return bool(words) and all(_BRAND.match(w) for w in words)


def lower_words(text: str) -> set[str]:
    """The words of three letters or more written in lower case somewhere in ``text`` (outside e-mail addresses
    and URLs: ``jeanluc.okafor93@yahoo.com`` does not make ``Okafor`` a common word)."""
    return set(_LOWER_WORD.findall(_ADDRESSES.sub(" ", text)))


def _mixed_case(text: str) -> bool:
    """Upper-case and capitalised words mixed without a comma (``VIEW Problem List``, ``Berg NPI``): a table
    value or a code, whereas a name is written all in capitals or not at all (``OKAFOR, Rosa`` aside)."""
    words = [w for w in text.split() if len(w.rstrip(".")) > 1]
    return "," not in text and any(w.isupper() for w in words) and not all(w.isupper() for w in words)


def title_case(word: str) -> str:
    w = word.strip(".,'’")
    return w[:1].upper() + w[1:].lower() if w.isupper() and len(w) > 1 else w


class EnglishNames:
    """The gazetteer with the words that are never names (``en_not_name`` of deid.yaml)."""

    def __init__(self, not_name: Iterable[str]) -> None:
        self.given, self.surname = _lists()
        self.not_name = {w.lower() for w in not_name}

    def _words(self, text: str) -> list[str]:
        return [title_case(w) for w in _WORD.findall(text) if w.strip(".").lower() not in PARTICLES]

    def plausible(self, text: str) -> bool:
        """A cued span: some word is a known given name or surname, or it is written as an initial and a
        capitalised surname (``F. Novak``); and no word is a known non-name."""
        words = self._words(text)
        if any(w.strip(".").lower() in self.not_name for w in words) or _brand(words):
            return False
        if _mixed_case(text):  # "VIEW Problem List": a table value, not a name
            return False
        return bool(_INITIAL_SURNAME.fullmatch(text.strip())) or any(w in self.given or w in self.surname for w in words)

    def shaped(self, text: str, lower_words: set[str]) -> bool:
        """A cued span outside the gazetteer that is written as a full name: two to four capitalised words, three
        letters or more each, none a known non-name, none with a common-word ending and none written in lower case
        elsewhere in the document (``Radomir Kowalczyk``, not ``Social Work``)."""
        words = [w.strip(".,") for w in _WORD.findall(text) if w.strip(".").lower() not in PARTICLES
                 and not _INITIAL.fullmatch(w)]  # a middle initial ("Thanh T. Kowalski") is no word of its own
        if not 2 <= len(words) <= 4 or any(w.isupper() for w in words) or _brand(words):
            return False  # "Aetna PPO", "DEEP BASE OF TONGUE": acronyms and upper-case headings are no shaped names
        if "," in text and len(words) != 2:  # only "Surname, Given" ("Zentaro, Attn Accessioning" is not)
            return False
        for w in words:
            if (len(w) < 3 or not w[0].isupper() or w.lower() in self.not_name or w.lower() in lower_words
                    or (w.lower().endswith(_WORD_ENDINGS + ("ing",)) and not _COMPOUND.fullmatch(w))):
                return False
        return True

    def pair(self, text: str) -> bool:
        """An uncued span: given name first and surname last (or ``Surname, Given``), no known non-name."""
        words = [w for w in self._words(text) if len(w.strip(".")) > 1]
        if len(words) < 2 or any(w.lower() in self.not_name for w in words):
            return False
        if "," in text:  # "Surname, Given"; an upper-case "SURNAME, GIVEN" (a wristband, a label) needs one of them known
            head, _, tail = text.partition(",")  # prec16: a double surname or given name (GARCÍA LÓPEZ, ANA MARÍA)
            sur, giv = self._words(head), [w for w in self._words(tail) if len(w.strip(".")) > 1]
            if not sur or not giv or len(sur) > 2 or len(giv) > 2 or any(w.lower() in _GLUE for w in sur + giv):
                return False  # not "TONGUE, FLOOR OF" (a site written backwards)
            if text.isupper():
                return giv[0] in self.given and len(sur[0].strip(".")) >= 3  # not "KIDNEY, RIGHT"
            return any(w in self.surname for w in sur) and giv[0] in self.given
        if words[0] in self.given and _MIDDLE_INITIAL.search(text):  # "Michael S. Novak"
            return True
        return words[0] in self.given and words[-1] in self.surname

    def relaxed_pair(self, text: str, lower_words: set[str]) -> bool:
        """Two capitalised words where one end is a known name and the other only looks like one: not a
        known non-name, three letters or more, and never written in lower case elsewhere in the document (so a
        common word such as ``Call`` or ``Block`` does not pass)."""
        words = [w for w in self._words(text) if len(w.strip(".")) > 1]
        if len(words) != 2 or text.isupper() or _mixed_case(text) or any(w.lower().endswith(_WORD_ENDINGS) for w in words) or "," in text or any(w.lower() in self.not_name for w in words):
            return False
        first, last = words[0], words[-1]
        if first in self.given:
            unknown = [w for w in words[1:] if w not in self.surname and w not in self.given]
        elif last in self.surname:
            unknown = [w for w in words[:-1] if w not in self.given and w not in self.surname]
        else:
            return False
        return all(len(w) >= 3 and w.lower() not in lower_words and not w.isupper() for w in unknown)

    def chinese_with_given(self, head: str, tail: str) -> bool:
        """``Tan Ka Yan`` + ``Cecilia``: a romanised Chinese name (a known surname, then one to three given-name
        syllables) followed after its comma by the person's own given name (a Hong Kong, Singapore and Malaysian
        convention), so the comma does not end the name."""
        words, given = head.split(), tail.split()
        return (2 <= len(words) <= 4 and len(given) == 1 and title_case(words[0]) in romanised_zh()[1]
                and all(_SYLLABLE.fullmatch(title_case(w)) or pinyin_word(w) for w in words[1:])
                and title_case(given[0]) in self.given and given[0].lower() not in self.not_name)

    def romanised_chinese(self, text: str) -> Iterator[tuple[int, int]]:
        """Uncued ``Lau Pei Shan``, ``Ouyang Xiaoming``, ``Chua Mei Ling, Alvin``: a romanised Chinese surname and one or
        two given-name syllables (a pinyin word or a Southern syllable), none a known non-name nor written in lower
        case elsewhere in the document (``To See Me`` is no name), with the English given name after its comma."""
        lower = lower_words(text)
        surnames = romanised_zh()[1]
        for m in _ROMANISED.finditer(text):
            words = m.group("name").split()
            rest = words[1:]
            if len(rest) == 1:   # one pinyin word of two or three syllables (Xiaodong), not one (Hong Kong)
                shaped = pinyin_word(rest[0]) and not pinyin_word(rest[0], 1)
            else:
                shaped = all(_SYLLABLE.fullmatch(w) or pinyin_word(w, 1) for w in rest)
            if not shaped or words[0] not in surnames or any(w.lower() in lower or w.lower() in self.not_name for w in words):
                continue
            given = m.group("given")
            keep = given is not None and self.chinese_with_given(m.group("name"), given)
            yield m.start(), m.end() if keep else m.start() + len(m.group("name"))

    def initials(self, text: str) -> Iterator[tuple[int, int]]:
        """``L. T. Kim`` (two initials and a capitalised word) and ``F. Novak`` (one initial and a known surname)."""
        for m in _INITIALS.finditer(text):
            last = title_case(m.group("last"))
            if last.lower() in self.not_name or (m.group("second") is None and last not in self.surname
                                                  and not m.group("mc") and not m.group("particle")):  # deiden12: O. McCready, T. O'Hanlon; names17: E. van der Walt
                continue
            yield m.start(), m.end() - (text[m.end() - 1] in "'’")  # not the closing quote of 'B. Gonzalez'

    def name_pairs(self, text: str, relaxed: bool = False) -> Iterator[tuple[int, int]]:
        """(start, end) of capitalised runs that :meth:`pair` accepts (a run is cut to its longest accepted
        prefix, so ``Linda Walker Infusion`` gives ``Linda Walker``)."""
        lower = lower_words(text) if relaxed else set()   # s20-ident29: an e-mail's jane.roe@… makes no common word
        for m in _RUN.finditer(text):
            spans = [(m.start() + a, m.start() + b) for a, b in
                     (w.span() for w in re.finditer(r"[^\s,]+", m.group()))]
            subs = [(spans[i][0], spans[k - 1][1]) for i in range(len(spans) - 1) for k in range(len(spans), i + 1, -1)]
            found = next(((a, b) for a, b in subs if self.pair(text[a:b])), None)
            if found is None and relaxed:
                found = next(((a, b) for a, b in subs if self.relaxed_pair(text[a:b], lower)), None)
            if found is not None:
                a, b = found
                yield a, b - 2 * text.endswith(("'s", "’s"), a, b)  # "Evelyn Marchesini's office": the name


def relation_cut(text: str, start: int, end: int, relations: Iterable[str]) -> int:
    """The start of a NAME span without the relation word a cue took in (prec15): ``my husband Robert`` and ``Her
    niece Siobhan Ross`` name ``Robert`` and ``Siobhan Ross``. A relation word (``relations``, lower case) is cut when
    it is written in lower case, with the possessive before it; a name's own capitalised word (``Son Tran``) stays.
    ``end`` when nothing else is left (``My son`` names nobody)."""
    rel = {r.lower() for r in relations}
    words = list(re.finditer(r"[^\s,]+", text[start:end]))
    k = 0
    while k < len(words):
        w = words[k].group()
        if w.lower() in POSSESSIVES and k + 1 < len(words) and words[k + 1].group() in rel:
            k += 2
        elif w in rel:
            k += 1
        else:
            break
    return start if not k else end if k >= len(words) else start + words[k].start()
