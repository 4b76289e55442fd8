"""Site phrases in imaging text: an imaging_sites head grown by the imaging_site_parts prefixes and suffixes.

``右肺上叶尖段`` = prefix ``右`` + head ``肺`` + suffixes ``上叶``, ``尖段``; ``纵隔淋巴结`` = head ``纵隔`` +
suffix ``淋巴结``. A word the lexicon lacks but that ends in an anatomical suffix (``斜角肌``: imaging_site_parts
``fallback``) is a head of its own. Offsets are those of the text passed in.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache

from oncostruct.extractors.rules import load_lexicon, load_pack
from oncostruct.extractors.rules.loader import LexiconEntry, LexiconMatch, RuleMatch
from oncostruct.extractors.values import to_halfwidth

LATERALITY = {"左": "left", "右": "right", "双": "bilateral", "两": "bilateral"}


@dataclass(frozen=True)
class Site:
    """One anatomical site phrase with its head concept."""

    start: int
    end: int
    text: str
    head: LexiconMatch

    def moved(self, offset: int, text: str | None = None) -> "Site":
        """The same site ``offset`` characters later (``text``: the document, to re-read the strings)."""
        start, end, hs, he = self.start + offset, self.end + offset, self.head.start + offset, self.head.end + offset
        head = replace(self.head, start=hs, end=he, text=text[hs:he] if text is not None else self.head.text)
        return Site(start, end, text[start:end] if text is not None else self.text, head)

    @property
    def canonical(self) -> str:
        return self.head.entry.canonical

    @cached_property
    def organ(self) -> str:
        """The organ used to compare sites (``hilum`` and ``bronchus`` count as ``lung``)."""
        return str(self.head.entry.attributes.get("organ", self.head.entry.canonical))

    @property
    def category(self) -> str | None:
        return self.head.entry.category

    @property
    def primary_capable(self) -> bool:
        return bool(self.head.entry.attributes.get("primary"))

    @cached_property
    def laterality(self) -> str | None:
        for ch in self.text[:3]:
            if ch in LATERALITY:
                return LATERALITY[ch]
        return None

    @property
    def detail(self) -> str:
        """What the phrase adds after its head (lobe, segment ...)."""
        return self.text[self.head.end - self.start:]


def lateral_compatible(a: str | None, b: str | None) -> bool:
    """Left and right exclude each other; bilateral or unknown fit anything."""
    return a is None or b is None or a == b or "bilateral" in (a, b)


def find_sites(text: str) -> list[Site]:
    """All site phrases in text order, non-overlapping (a head inside a grown phrase is dropped)."""
    return list(_find_sites(text))


@lru_cache(maxsize=8192)
def _find_sites(text: str) -> tuple[Site, ...]:
    """:func:`find_sites`, cached: the PET-CT units look at the same clauses several times."""
    ht = to_halfwidth(text)
    parts = load_pack("imaging_site_parts").finditer(ht)
    prefix_by_end: dict[int, int] = {}
    suffix_by_start: dict[int, int] = {}
    for p in parts:
        if p.label == "prefix":
            prefix_by_end[p.end] = min(p.start, prefix_by_end.get(p.end, p.start))
        elif p.label == "suffix":
            suffix_by_start[p.start] = max(p.end, suffix_by_start.get(p.start, p.end))
    sites: list[Site] = []
    for head in _heads(text, ht, parts):
        start, end = head.start, head.end
        for _ in range(3):
            if start not in prefix_by_end:
                break
            start = prefix_by_end[start]
        for _ in range(4):
            if end not in suffix_by_start:
                break
            end = suffix_by_start[end]
        if sites and start < sites[-1].end:
            if end <= sites[-1].end:
                continue
            start = sites[-1].end
        sites.append(Site(start, end, text[start:end], head))
    return tuple(sites)


def _heads(text: str, ht: str, parts: list[RuleMatch]) -> list[LexiconMatch]:
    """Lexicon heads, plus fallback heads (``斜角肌``, ``输精管``: an anatomical suffix, imaging_site_parts
    ``fallback``; bare vertebra codes ``T2``, ``L4``: the vertebra) where no lexicon head or ``not_site`` word overlaps them, in text order."""
    lex = load_lexicon("imaging_sites")
    rx, entries = _head_pattern()
    heads = [LexiconMatch(entries[m.group(0)], m.start(), m.end(), text[m.start():m.end()], lex.spec.reliability,
                          lex.name, lex.version) for m in rx.finditer(ht)]
    taken = [(h.start, h.end) for h in heads] + [(p.start, p.end) for p in parts if p.label == "not_site"]
    for p in parts:
        if p.label not in ("fallback", "vertebra_code") or any(a < p.end and p.start < b for a, b in taken):
            continue
        entry = entries["椎体"] if p.label == "vertebra_code" else _fallback_entry(p.text)
        heads.append(LexiconMatch(entry, p.start, p.end, text[p.start:p.end], p.reliability, lex.name, lex.version))
    return sorted(heads, key=lambda h: h.start)


@lru_cache(maxsize=1024)
def _fallback_entry(word: str) -> LexiconEntry:
    """A site concept for a word the lexicon lacks: the word is its own organ (it links only to itself)."""
    return LexiconEntry(canonical=word, terms=[word], category="organ", attributes={"fallback": True})


@lru_cache(maxsize=1)
def _head_pattern() -> tuple[re.Pattern[str], dict[str, LexiconEntry]]:
    """The imaging_sites terms as one alternation, longest first: the same leftmost-longest, non-overlapping
    matches as ``Lexicon.find`` (the terms are Chinese, so case and word boundaries play no part), in one C-level
    scan instead of a Python loop over every character."""
    lex = load_lexicon("imaging_sites")
    entries = {t: e for e in lex.entries for t in e.terms}
    if any(re.search(r"[A-Za-z]", t) for t in entries):
        raise ValueError("imaging_sites: Latin terms need Lexicon.find (word boundaries)")
    terms = sorted(entries, key=len, reverse=True)
    return re.compile("|".join(re.escape(t) for t in terms)), entries
