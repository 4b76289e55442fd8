"""Lesions of the findings section: one per clause that names a site and describes something there.

A clause (split at 。；; and new lines) is a lesion when it has a site phrase and a size, an SUVmax or a
lesion noun that is not negated (``未见肿大淋巴结`` is no lesion). Each lesion keeps the matches it was
built from, so fields carry exact provenance.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from typing import TypeVar

from oncostruct.extractors.rules import load_pack
from oncostruct.extractors.rules.loader import LexiconMatch, RuleMatch
from oncostruct.extractors.text.petct_sections import Section
from oncostruct.extractors.text.petct_sites import Site, find_sites
from oncostruct.extractors.values import parse_number, parse_size, to_halfwidth

M = TypeVar("M", RuleMatch, LexiconMatch)
UPTAKE = {"uptake_increased": "increased", "uptake_normal": "none", "uptake_decreased": "none"}
_CLAUSE_END = re.compile(r"[。；;\n]|\s{3,}")
_SIZE_PRIORITY = {"size.multi_dim": 0, "size.qualified_zh": 1, "size.single": 2, "size.greatest_dimension_en": 1}


@dataclass(frozen=True)
class FoundLesion:
    start: int
    end: int
    site: Site
    size: RuleMatch | None
    suv: RuleMatch | None
    uptake: RuleMatch | None

    @property
    def size_text(self) -> str | None:
        """The size as written (dimensions only, without 直径约 etc.)."""
        if self.size is None:
            return None
        return self.size.groups.get("dims") or self.size.text

    @property
    def size_cm(self) -> list[float] | None:
        return parse_size(self.size_text) if self.size_text else None

    @property
    def suv_max(self) -> float | None:
        return suv_value(self.suv) if self.suv else None

    @property
    def fdg_uptake(self) -> str | None:
        if self.uptake is not None:
            return UPTAKE[self.uptake.label]
        return "increased" if self.suv is not None else None


def scan(pack: str, text: str, labels: tuple[str, ...] | None = None, overlapping: bool = False) -> list[RuleMatch]:
    """``load_pack(pack).find`` (``finditer`` when ``overlapping``), remembered per text: the findings clauses and
    the lesion units of one report are often the same strings."""
    return list(_scan(pack, text, labels, overlapping))


@lru_cache(maxsize=16384)
def _scan(pack: str, text: str, labels: tuple[str, ...] | None, overlapping: bool) -> tuple[RuleMatch, ...]:
    rules = load_pack(pack)
    return tuple(rules.finditer(text, labels=labels) if overlapping else rules.find(text, labels=labels))


def suv_value(match: RuleMatch) -> float | None:
    """The largest value a suv-pack match states (upper bound of a range, maximum of a list)."""
    g = match.groups
    raw = g.get("hi") or g.get("value") or g.get("values") or ""
    nums = [float(n) for n in re.findall(r"\d+(?:\.\d+)?", raw)]
    return max(nums) if nums else parse_number(match.text)


def _specificity(site: Site) -> tuple[bool, int]:
    return site.laterality is not None, len(site.detail)


def more_specific(first: Site, later: Site) -> Site:
    """``later`` when it names the same organ more precisely (两侧乳腺 ... 左侧乳腺外上象限)."""
    return later if later.organ == first.organ and _specificity(later) > _specificity(first) else first


def clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Clause bounds inside ``text[start:end]``."""
    out, pos = [], start
    for m in _CLAUSE_END.finditer(text, start, end):
        if m.start() > pos:
            out.append((pos, m.start()))
        pos = m.end()
    if pos < end:
        out.append((pos, end))
    return out


def pick_size(sizes: list[RuleMatch]) -> RuleMatch | None:
    return min(sizes, key=lambda m: (_SIZE_PRIORITY.get(m.rule_id, 3), m.start)) if sizes else None


def find_lesions(text: str, sections: list[Section]) -> list[FoundLesion]:
    """Lesions of every findings section, in text order."""
    ht = to_halfwidth(text)
    lesions: list[FoundLesion] = []
    for sec in sections:
        if sec.name != "findings":
            continue
        for s, e in clauses(text, sec.start, sec.end):
            lesion = _lesion(text, ht, s, e)
            if lesion is not None:
                lesions.append(lesion)
    return lesions


def _lesion(text: str, ht: str, s: int, e: int) -> FoundLesion | None:
    sites = [x for x in find_sites(text[s:e])]
    if not sites:
        return None
    chunk = ht[s:e]
    words = scan("imaging_findings", chunk, (*UPTAKE, "lesion_noun", "negation"))
    sizes = scan("sizes", chunk, overlapping=True)
    suvs = scan("suv", chunk)
    nouns = [w for w in words if w.label == "lesion_noun"]
    negated = any(w.label == "negation" for w in words) or re.match(r"\s*(?:余|未见|无)", chunk)
    if not (sizes or suvs or (nouns and not negated)):
        return None
    anchors = [m.start for m in (*sizes[:1], *suvs[:1], *nouns[:1])]
    before = [x for x in sites if x.start < min(anchors)] if anchors else []
    site = sites[0]
    for later in before[1:]:
        site = more_specific(site, later)
    uptakes = [w for w in words if w.label in UPTAKE]
    return FoundLesion(
        start=s, end=e,
        site=site.moved(s, text),
        size=shift(pick_size(sizes), s, text),
        suv=shift(suvs[0] if suvs else None, s, text),
        uptake=shift(uptakes[0] if uptakes else None, s, text),
    )


def shift(m: M | None, offset: int, text: str) -> M | None:
    """A copy of a rule or lexicon match moved by ``offset`` with its text re-read from the original ``text``."""
    if m is None:
        return None
    start, end = m.start + offset, m.end + offset
    if isinstance(m, RuleMatch):
        spans = {k: (a + offset, b + offset) for k, (a, b) in m.group_spans.items()}
        groups = {k: (text[spans[k][0]:spans[k][1]] if k in spans else None) for k in m.groups}
        return replace(m, start=start, end=end, text=text[start:end], group_spans=spans, groups=groups)
    return replace(m, start=start, end=end, text=text[start:end])
