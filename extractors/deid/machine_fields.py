"""PHI inside machine strings (session 20, branch mach30): laboratory informatics writes a patient's name and
accession into file names, label-printer code, analyser records and sample sheets, where prose rules find no cue.

Two grammars, each a shape of a whole class of machine text rather than one vendor's wording:

* :func:`token_parts`: a token joined by underscores (``<accession>_<block>_<NAME>_<yyyymmdd>.ndpi``,
  ``<accession>_<NAME>_S9_L001_R1_001.fastq.gz``, a sample sheet's ``SURNAME_I``) has parts with roles by position:
  an accession (letters, two year digits, a hyphen and a serial, or one or two letters and six or seven digits) is a
  RECORD_NUMBER when the token also holds a block / slide part or a name part; a part in capitals that reads as a
  glued name (a known surname and given name, ``SURNAMEGIVEN``, or a pinyin surname and one or two pinyin syllables)
  is a NAME when the token also holds an accession or a date, and ``SURNAME_I`` (capitals, an underscore, one
  initial) is a NAME.  Lane, read, sample-number, index and control parts (``L001``, ``R1``, ``S9``, ``UDI0004``)
  are never PHI: they hold digits.
* :func:`field_values`: a whole field between machine delimiters (ZPL ``^FD…^FS``, ``|…|`` of ASTM / pipe records,
  ``key = value|``) that is a name form: ``SURNAME,I`` / ``Surname I`` (a surname and one initial), an initial glued
  to a known surname in capitals (an operator id ``JSMITH``), a known surname field followed by a known given-name
  field (``|SMITH|JOHN|``); an accession followed by a block in a field (``^FDS99-12345 A1^FS``).
* :func:`astm_fields`: the person fields of ASTM E1394 records by position (P.6 the patient's name, R.11 the
  operator).
* :func:`initials_before_zh`: capitals right before a Chinese name in a cell (``ZW 张伟``) that are its pinyin
  initials are a NAME too.
* :func:`commented_header_view`: an export whose header row is written as a comment (``# fields: a,b,c``,
  ``// 格式：样本号,姓名,…``) above headerless rows: the view blanks the comment mark and its label so the table
  readers see a header row (one character for one, offsets hold).
* :func:`acronym_of`: an acronym standing alone whose letters spell an organisation the detector found (in the
  document or the patient's other documents): ``BRMC`` for ``Birchwood Regional Medical Center``, ``SFGH`` for a
  compound first word ``Stonefield General Hospital``.
"""
from __future__ import annotations

import re
from typing import Iterable, Iterator

from oncostruct.extractors.deid.intervals import Points
from oncostruct.extractors.deid.zh_pinyin import romanised

_TOKEN = re.compile(r"(?<![A-Za-z0-9_.-])[A-Za-z0-9][A-Za-z0-9.-]{0,40}(?:_[A-Za-z0-9.-]{1,40}){1,8}")
_ACCESSION = re.compile(r"(?:[A-Z]{1,3})?\d{2}-\d{4,6}|[A-Z]{1,2}\d{6,7}")
_BLOCK = re.compile(r"[A-H]\d{1,2}")
_LANE = re.compile(r"[SLR]\d{1,3}")   # a FASTQ name's sample number, lane and read
_DATE8 = re.compile(r"(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])")
_CAPS = re.compile(r"[A-Z]{4,24}")
_SURNAME_INITIAL = re.compile(r"[A-Z]{3,20}_[A-Z]")
# machine fields: ZPL ^FD…^FS, a pipe record's |…|, a key = value ended by a pipe or the line
_ZPL = re.compile(r"\^FD(?P<v>[^^\n]{1,60})\^FS")
_PIPE = re.compile(r"(?<=\|)(?P<v>[^|\n]{1,60})(?=\|)")
_KEYED = re.compile(r"(?<![A-Za-z])[A-Za-z$][A-Za-z ]{0,20}[ \t]?=[ \t]?(?P<v>[^|=\n]{1,60})(?=\||\n|$)")
_NAME_INITIAL = re.compile(r"(?P<n>[A-Z][A-Za-z'’-]{2,20}(?:,[ ]?|[ ])[A-Z])\.?")
_ACC_BLOCK = re.compile(r"(?P<n>" + _ACCESSION.pattern + r")[ -](?:[A-H]\d{1,2})")
_ZH_CELL = re.compile(r"(?<![A-Za-z])(?P<i>[A-Z]{2,3})[ \t](?P<n>[\u4e00-\u9fa5]{2,4})")
_ACRONYM = re.compile(r"(?:(?<![A-Za-z0-9^])|(?<=\^FD))[A-Z]{3,6}(?![A-Za-z0-9])")   # ZPL glues ^FD before a field
# parts in capitals that name what a sample is, not whom it is from (a tumour / normal pair, a sample type, a control)
_SAMPLE_WORDS = {"tumor", "tumour", "normal", "germline", "somatic", "plasma", "serum", "blood", "buffy", "tissue",
                 "ffpe", "cfdna", "ctdna", "gdna", "frozen", "fresh", "control", "ctrl", "pool", "undetermined", "blank",
                 "positive", "negative", "repeat", "rerun", "final", "test", "sample", "slide", "block", "stain",
                 "index", "lane", "read", "merged", "sorted", "dedup", "marked", "recal", "filtered", "trimmed"}
_CONNECTORS = {"of", "the", "and", "&", "for", "at", "de", "du", "la"}


def _glued_name(word: str, given: set[str], surname: set[str], syllables: frozenset[str],
                zh_surnames: frozenset[str]) -> bool:
    """A word in capitals that reads as a surname and a given name written together (``SMITHJOHN``, ``WANGXIAOMING``)."""
    w = word.lower()
    for k in range(2, len(w) - 1):
        head, tail = w[:k].title(), w[k:].title()
        if head in surname and tail in given and len(head) >= 3 and len(tail) >= 3:
            return True
        if head in zh_surnames and _syllables(w[k:], syllables, 2):
            return True
    return False


def _syllables(w: str, syllables: frozenset[str], most: int) -> bool:
    reach = {0: 0}
    for i in range(len(w)):
        if i in reach and reach[i] < most:
            for k in range(1, 7):
                if w[i:i + k] in syllables and reach.get(i + k, most + 1) > reach[i] + 1:
                    reach[i + k] = reach[i] + 1
    return len(w) in reach


def token_parts(text: str, given: set[str], surname: set[str], syllables: frozenset[str],
                zh_surnames: frozenset[str], not_name: set[str]) -> Iterator[tuple[int, int, str]]:
    """(start, end, category) of the accession and name parts of underscore-joined tokens."""
    for m in _TOKEN.finditer(text):
        parts, at = [], m.start()
        for p in m.group().split("_"):
            parts.append((at, p))
            at += len(p) + 1
        accs = [(a, a + len(acc.group())) for a, p in parts[:2] if (acc := _ACCESSION.match(p))
                and (acc.end() == len(p) or p[acc.end()] in "-.")]
        dated = any(_DATE8.fullmatch(p.split(".")[0]) for _, p in parts)
        blocks = any(_BLOCK.fullmatch(p) for _, p in parts)
        # a part in capitals is a name when it reads as one, or, beside an accession and a block / lane part, by
        # its position (a surname and given name no list knows)
        names = [(a, a + len(p)) for a, p in parts if _CAPS.fullmatch(p) and p.lower() not in not_name
                 and p.lower() not in _SAMPLE_WORDS and (accs or dated)
                 and (_glued_name(p, given, surname, syllables, zh_surnames)
                      or (accs and len(p) >= 6 and (blocks or any(_LANE.fullmatch(q) for _, q in parts))))]
        joined = m.group()
        for k in _SURNAME_INITIAL.finditer(joined):   # SURNAME_I as a whole token or its first parts
            if (k.start() == 0 or joined[k.start() - 1] == "_") and (k.end() == len(joined) or joined[k.end()] == "_") \
                    and joined[k.start():k.end() - 2].lower() not in not_name:
                names.append((m.start() + k.start(), m.start() + k.end()))
        for a, b in names:
            yield a, b, "NAME"
        if names or blocks:
            for a, b in accs:
                yield a, b, "RECORD_NUMBER"


_ASTM_RECORD = re.compile(r"^[0-7]?(?P<t>[PR])\|[^\n]{0,400}", re.M)


_ASTM_HEADER = re.compile(r"^[0-7]?H\|\\\^&[^\n]{0,400}", re.M)   # H, the field delimiter, then \^& (repeat, component, escape)


def astm_headers(text: str) -> list[tuple[int, int]]:
    """(start, end) of each ASTM header record line (``H|\\^&|||sender^version|…``): it names the systems that
    exchange the message (its sender and receiver are an analyser and a host), never a person."""
    return [m.span() for m in _ASTM_HEADER.finditer(text)]


def astm_fields(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, category) of the person fields of ASTM E1394 / LIS2-A2 records: a patient record's name (P field 6,
    its ``^`` components) and a result record's operator (R field 11) when it is written in letters."""
    for m in _ASTM_RECORD.finditer(text):
        fields, at = [], m.start() + (1 if text[m.start()].isdigit() else 0)
        for f in text[at:m.end()].split("|"):
            fields.append((at, f))
            at += len(f) + 1
        index = 5 if m.group("t") == "P" else 10
        if len(fields) <= index:
            continue
        a, value = fields[index]
        for part in value.split("^"):
            if len(part.strip()) >= 2 and part.replace(" ", "").replace("-", "").replace("'", "").isalpha():
                yield a + (len(part) - len(part.lstrip())), a + len(part.rstrip()), "NAME"
            a += len(part) + 1


def _fields(text: str) -> Iterator[tuple[int, int]]:
    for pattern in (_ZPL, _PIPE, _KEYED):
        for m in pattern.finditer(text):
            a, b = m.span("v")
            while a < b and text[a] in " \t":
                a += 1
            while b > a and text[b - 1] in " \t":
                b -= 1
            if a < b:
                yield a, b


_KEYED_IN_RECORD = re.compile(r"(?:(?<=\|)|(?<=\|[ \t]))(?P<k>[A-Za-z][A-Za-z ]{1,24}?)[ \t]?=[ \t]?(?P<v>[^|=\n]{1,60}?)[ \t]*(?=\||\n|$)")


def keyed_in_records(text: str) -> Iterator[tuple[str, int, int]]:
    """(key, start, end) of each ``key = value`` of a pipe-joined record (a scanner's ``…|AppMag = 40|Institution =
    X|…``), which the key-value readers, made for one pair a line, do not split."""
    for m in _KEYED_IN_RECORD.finditer(text):
        if m.group("v").strip():
            yield m.group("k").strip(), m.start("v"), m.end("v")


def field_values(text: str, given: set[str], surname: set[str], not_name: set[str]
                 ) -> Iterator[tuple[int, int, str]]:
    """(start, end, category) of name forms and accessions that fill a whole machine field."""
    fields = sorted(set(_fields(text)))
    starts = {a: b for a, b in fields}
    for a, b in fields:
        value = text[a:b]
        words = value.split(" ")
        if (m := _NAME_INITIAL.fullmatch(value)) and (word := re.split(r"[, ]", value)[0]).lower() not in not_name \
                and (word.isupper() or word.title() in surname or word.title() in given):
            yield a, a + m.end("n"), "NAME"
        elif value.isupper() and value.isalpha() and 5 <= len(value) <= 21 and value.lower() not in not_name \
                and value[1:].title() in surname:   # an operator id: an initial glued to a surname
            yield a, b, "NAME"
        elif len(words) == 2 and all(w.isalpha() and w.isupper() and len(w) >= 3 and w.lower() not in not_name
                                     for w in words) and words[0].title() in surname and words[1].title() in given:
            yield a, b, "NAME"   # SURNAME GIVEN in capitals filling a keyword's value ($SRC=…)
        elif value.isupper() and value.isalpha() and len(value) >= 3 and value.lower() not in not_name:
            nxt = starts.get(b + 1)   # |SURNAME|GIVEN|date: the next field is a given name, then a number
            if nxt is not None and text[b + 1:nxt].isalpha() and text[b + 1:nxt].title() in given \
                    and text[b + 1:nxt].lower() not in not_name and text[b + 1:nxt].isupper() \
                    and (value.title() in surname or text[nxt + 1:nxt + 2].isdigit()):
                yield a, b, "NAME"
                yield b + 1, nxt, "NAME"
        elif m := _ACC_BLOCK.fullmatch(value):
            yield a, a + m.end("n"), "RECORD_NUMBER"


def initials_before_zh(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of capitals right before a Chinese name that are its pinyin initials (``ZW 张伟``)."""
    for m in _ZH_CELL.finditer(text):
        initials, name = m.group("i"), m.group("n")
        for reading in romanised(name):
            letters = "".join(s[0] for s in reading).upper()
            if letters.startswith(initials) and len(initials) >= min(2, len(letters)) and \
                    (letters == initials or len(initials) == 2):
                yield m.start("i"), m.end("i")
                break


_COMMENTED_HEADER = re.compile(r"^(?P<p>[ \t]{0,4}(?:#{1,2}|//|;|--)[ \t]{0,4}(?:[^\s,|;:：=]{1,16}[ \t]{0,2}[:：=][ \t]{0,2})?)"
                               r"(?P<h>[^\n]{1,400})$", re.M)


def commented_header_view(text: str) -> str | None:
    """The text with each commented header row uncommented (its mark and label blanked), or None when it has none:
    a comment line of three or more comma- or pipe-separated labels right above a line with the same separators."""
    chars: list[str] | None = None
    for m in _COMMENTED_HEADER.finditer(text):
        header = m.group("h")
        nxt_end = text.find("\n", m.end() + 1)
        nxt = text[m.end() + 1:nxt_end if nxt_end >= 0 else len(text)]
        if not nxt or nxt.lstrip().startswith(("#", "//", ";", "--")):
            continue
        for sep in (",", "|"):
            n = header.count(sep)
            if n >= 2 and nxt.count(sep) == n and all(0 < len(c.strip()) <= 24 and not c.strip()[:1].isdigit()
                                                      for c in header.split(sep)):
                chars = chars if chars is not None else list(text)
                chars[m.start("p"):m.end("p")] = " " * (m.end("p") - m.start("p"))
                break
    return "".join(chars) if chars is not None else None


_ACCESSION_FREE = re.compile(r"(?<![A-Za-z0-9-])(?:" + _ACCESSION.pattern + r")(?![0-9])")
_GAP_AFTER = re.compile(r"[ \t]?[/(（|][ \t]?")      # M0001（Name, … / 22-00001/Name/…: the code, then its patient
_GAP_BEFORE = re.compile(r"[ \t]?/[ \t]?")
_INITIALS_GAP = re.compile(r"[ \t]{1,2}(?:[—–-][ \t]{1,2})?")
_INITIALS = re.compile(r"[A-Z]{2,3}")


def beside_names(text: str, names: list[tuple[int, int]]) -> Iterator[tuple[int, int, str]]:
    """(start, end, category) of what a found name makes PHI next to it: an accession written right before the name
    (``M0012345（王某，…``, ``SP99-00123 (JK — Kowrin)``) or right after it with a slash (a label's ``Name/99-12345/…``)
    is the patient's RECORD_NUMBER; capitals right before a name that are its initials (``JK — Kowrin``, ``JK Kowrin``:
    the last capital is the surname's, or they are the initials of every word) are a NAME."""
    if not names:
        return
    starts = {a for a, _ in names}
    ends = Points(b for _, b in names)   # the name ends 1-3 characters before an accession, not every end
    for m in _ACCESSION_FREE.finditer(text):
        g = _GAP_AFTER.match(text, m.end())
        if (g and g.end() in starts) or any(_GAP_BEFORE.fullmatch(text, e, m.start())
                                            for e in ends.between(m.start() - 3, m.start() - 1)):
            yield m.start(), m.end(), "RECORD_NUMBER"
    for a, b in names:
        name = text[a:b]
        if not name[:1].isascii() or not name[:1].isupper():
            continue
        for gap_start in range(max(0, a - 6), a):
            g = _INITIALS_GAP.fullmatch(text, gap_start, a)
            if not g:
                continue
            k = gap_start
            i0 = max(0, k - 3)
            m = re.search(r"(?<![A-Za-z])[A-Z]{2,3}$", text[i0:k]) if k - i0 >= 2 else None
            if m:
                initials = m.group()
                words = [w for w in re.split(r"[ ,]+", name) if w]
                if initials[-1] == name[0] or initials == "".join(w[0] for w in words)[:len(initials)]:
                    yield i0 + m.start(), k, "NAME"
            break


def _spells(acronym: str, words: list[str]) -> bool:
    """Whether ``acronym`` takes, in order, the initial of every word of ``words`` and at most one more letter from
    inside a word where a compound's second part begins (Stonefield: S, F)."""
    def go(i: int, j: int, extra: int) -> bool:
        if j == len(words):
            return i == len(acronym)
        if i >= len(acronym) or acronym[i] != words[j][0].upper():
            return False
        if go(i + 1, j + 1, extra):
            return True
        if extra == 0:
            w = words[j].upper()
            return any(w[k] == acronym[i + 1] and go(i + 2, j + 1, 1) for k in range(3, len(w) - 2)
                       if i + 1 < len(acronym))
        return False
    return go(0, 0, 0)


def acronym_of(text: str, orgs: Iterable[str], not_acronyms: set[str]) -> Iterator[tuple[int, int]]:
    """(start, end) of each acronym in ``text`` that spells one of the organisations ``orgs`` (two words or more)."""
    names = []
    for org in orgs:
        words = [w for w in re.findall(r"[A-Za-z][A-Za-z'’-]*", org) if w.lower() not in _CONNECTORS]
        if len(words) >= 2 and all(w[0].isupper() for w in words):
            names.append(words)
    if not names:
        return
    for m in _ACRONYM.finditer(text):
        acr = m.group()
        if acr in not_acronyms:
            continue
        if any(len(acr) in (len(w), len(w) + 1) and _spells(acr, w) for w in names):
            yield m.start(), m.end()


def all_spans(text: str, given: set[str], surname: set[str], syllables: frozenset[str], zh_surnames: frozenset[str],
              not_name: set[str]) -> list[tuple[int, int, str]]:
    """Every span of the grammars above, but acronyms (which need the organisations found)."""
    out = list(token_parts(text, given, surname, syllables, zh_surnames, not_name))
    out += field_values(text, given, surname, not_name)
    out += astm_fields(text)
    out += [(a, b, "NAME") for a, b in initials_before_zh(text)]
    return out


__all__: list[str] = ["astm_headers", "keyed_in_records", "beside_names", "commented_header_view", "token_parts", "field_values", "initials_before_zh", "acronym_of", "all_spans"]

