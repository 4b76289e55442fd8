"""Link each findings lesion to the conclusion unit(s) that describe it, by a score, not by string equality.

The score of a (finding, conclusion) pair is the best over their sites of: site relation in the anatomy
hierarchy (same site; the conclusion names an ancestor, ``右肺`` for ``右肺上叶`` and ``骨`` for ``T9椎体``;
a descendant; a sibling part of the same organ), the same lymph-node station, lymph node or not, the
same side (left and right exclude each other); plus size and SUVmax agreement, whether the finding's
uptake fits the conclusion's judgement, whether both state the same change since the last examination,
whether the finding's own description leans benign (:func:`finding_lean`:
two items about the same organ, a metastasis and an inflammation), and rank agreement. An organ or region is the
parent of its parts and node stations (纵隔 / 气管旁). Weights and thresholds are data
(``petct_linking.yaml``). A finding links to its best unit when the score reaches ``link_threshold``
(and to others within ``tie_margin``); a conclusion unit may group several findings. A link below
``review_threshold``, or one whose runner-up in another item is as good, gets a review reason.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from oncostruct.extractors.text.petct_sites import Site
from oncostruct.extractors.text.petct_units import LinkConfig, Unit, link_config
from oncostruct.extractors.values import to_halfwidth

MALIGNANT = ("primary", "metastasis", "suspicious_malignant")
_GENERIC = {"bone": "bone", "lymph node": "lymph_region"}  # generic head → the category it is an ancestor of
_NOISE = re.compile(r"^(?:多发|部分|多个|广泛|两侧|双侧)|侧|(?:多发|多个|数个)?(?:肿大|增大)?淋巴结|区$")
_LEAD_PHRASE = re.compile(r"^(.{2,20}?)(?:可见|见|示)")
_LEVEL_LETTERS = str.maketrans({"胸": "T", "腰": "L", "颈": "C", "骶": "S"})
_STATION = re.compile(r"(?<![\d.])(\d{1,2}[RLAP]?)\s*(?=区|组|[)）、,，])|[（(]\s*(\d{1,2}[RLAP]?)\s*[)）]")


@dataclass(frozen=True)
class Link:
    finding: int
    conclusion: int
    score: float
    relation: str
    review_reason: str | None = None
    site: Site | None = field(default=None, compare=False)  # the conclusion site the score was reached with


_hw = lru_cache(maxsize=65536)(to_halfwidth)  # the same unit texts are folded for every pair


@lru_cache(maxsize=65536)
def _key(text: str) -> str:
    return _NOISE.sub("", to_halfwidth(text))


def _detail(site: Site) -> str:
    return _key(site.detail)


def site_relation(f: Site, c: Site) -> str | None:
    """How conclusion site ``c`` relates to finding site ``f``: exact | ancestor | descendant | sibling | None."""
    if {f.laterality, c.laterality} == {"left", "right"}:
        return None
    if c.canonical in _GENERIC and f.category == _GENERIC[c.canonical]:
        return "exact" if f.canonical == c.canonical else "ancestor"
    if f.canonical in _GENERIC and c.category == _GENERIC[f.canonical]:
        return "descendant"
    if f.organ != c.organ:
        return None
    if f.canonical != c.canonical:  # the organ or region itself is the parent of its parts (纵隔 / 气管旁)
        return "ancestor" if c.canonical == c.organ else "descendant" if f.canonical == f.organ else "sibling"
    if _key(f.text) == _key(c.text):
        return "exact"
    fl, cl = _level(f), _level(c)
    if fl and cl and fl != cl:
        return "sibling"
    fd, cd = _detail(f), _detail(c)
    if fd == cd:
        return "exact" if f.laterality == c.laterality else "ancestor" if c.laterality is None else "descendant"
    if not cd or _within(cd, fd):
        return "ancestor"
    if not fd or _within(fd, cd):
        return "descendant"
    return "sibling"


def _within(part: str, whole: str) -> bool:
    """``part`` names a parent of ``whole``: its prefix (上叶 / 上叶前段) or its characters in order (左叶 / 左内叶)."""
    if whole.startswith(part):
        return True
    it = iter(whole)
    return all(ch in it for ch in part)


def _level(site: Site) -> str:
    """The level written before the head (``T9`` for ``胸9椎体`` and ``T9椎体``, ``3`` for ``第3肋``)."""
    prefix = to_halfwidth(site.text[:site.head.start - site.start])
    prefix = prefix.translate(_LEVEL_LETTERS)
    return "".join(re.findall(r"[TLCS]?\d+", prefix.upper()))


@lru_cache(maxsize=65536)
def _stations(text: str) -> frozenset[str]:
    return frozenset(a or b for a, b in _STATION.findall(to_halfwidth(text)))


def _pair(f: Site, c: Site, fu: Unit, cu: Unit, ftext: str, ctext: str, cfg: LinkConfig) -> tuple[float, str | None]:
    rel = site_relation(f, c)
    if rel is None:
        return 0.0, None
    w = cfg.scores
    score = {"exact": w.site_exact, "ancestor": w.site_ancestor, "descendant": w.site_descendant,
             "sibling": w.site_sibling}[rel]
    f_node, c_node = fu.is_node(f), cu.is_node(c)
    if f_node or c_node:
        score += w.node_match if f_node == c_node else w.node_mismatch
        fs, cs = _stations(ftext), _stations(ctext)
        if fs and cs:
            score += w.station_match if fs & cs else w.station_mismatch
    detail = _detail(f)
    if len(detail) >= 2 and rel != "exact" and detail in _hw(ctext):
        score += w.detail_in_text
    if f.laterality and f.laterality == c.laterality:
        score += w.laterality_match
    return score, rel


def _close(a: float | None, b: float | None, tol: float) -> bool | None:
    return None if a is None or b is None else abs(a - b) <= tol


def _surgical_bed(fu: Unit, cu: Unit, ftext: str, ctext: str, cfg: LinkConfig) -> tuple[float, str | None, Site | None]:
    """A finding in the surgical bed and a post-treatment conclusion of a compatible side."""
    pattern = _compiled(cfg.units.surgical_bed)
    if not (pattern.search(ftext) and pattern.search(ctext)) or cu.judgement != "post_treatment":
        return 0.0, None, None
    if {fu.site.laterality, cu.site.laterality} == {"left", "right"}:
        return 0.0, None, None
    return cfg.scores.surgical_bed, "surgical_bed", cu.site


def _shared_phrase(fu: Unit, cu: Unit, ftext: str, ctext: str, cfg: LinkConfig) -> tuple[float, str | None, Site | None]:
    """The finding's opening phrase (up to 见/示) shares a run of ``shared_phrase_min`` characters with the conclusion."""
    if {fu.site.laterality, cu.site.laterality} == {"left", "right"}:
        return 0.0, None, None
    if not _shares_phrase(ftext, ctext, cfg.shared_phrase_min):
        return 0.0, None, None
    return cfg.scores.shared_phrase, "shared_phrase", cu.site


@lru_cache(maxsize=65536)
def _shares_phrase(ftext: str, ctext: str, k: int) -> bool:
    """Whether ``k`` consecutive characters of the finding's opening phrase are written in the conclusion."""
    lead = _LEAD_PHRASE.match(_hw(ftext))
    phrase, other = (lead.group(1) if lead else _hw(ftext)[:12]), _hw(ctext)
    return any(phrase[i:i + k] in other for i in range(len(phrase) - k + 1))


def _families_meet(fsites: list[Site], csites: list[Site]) -> bool:
    """Whether any two sites can relate at all (same organ, or a generic head of the other's category): pairs
    that cannot are not scored site by site."""
    if {x.organ for x in fsites} & {x.organ for x in csites}:
        return True
    fgen = {_GENERIC[x.canonical] for x in fsites if x.canonical in _GENERIC}
    cgen = {_GENERIC[x.canonical] for x in csites if x.canonical in _GENERIC}
    return bool(cgen & {x.category for x in fsites}) or bool(fgen & {x.category for x in csites})


def _side_conflict(fs: Site, cs: Site, fu: Unit, cu: Unit) -> bool:
    """A generic head without a side (淋巴结, 骨) takes the side of its unit's main site: 左颈部…见淋巴结 and
    右颈部小淋巴结 are different nodes."""
    if fs.canonical not in _GENERIC and cs.canonical not in _GENERIC:
        return False
    f_side = fs.laterality or fu.site.laterality
    c_side = cs.laterality or cu.site.laterality
    return {f_side, c_side} == {"left", "right"}


def pair_score(text: str, fu: Unit, cu: Unit, cfg: LinkConfig | None = None) -> tuple[float, str | None, Site | None]:
    """Score of linking finding ``fu`` to conclusion ``cu``, the site relation, and the conclusion site used."""
    cfg = cfg or link_config()
    w = cfg.scores
    ftext, ctext = text[fu.start:fu.end], text[cu.start:cu.end]
    best, rel, csite = 0.0, None, None
    for fs in (fu.sites if _families_meet(fu.sites, cu.sites) else ()):
        factor = 1.0 if (fs.start, fs.end) == (fu.site.start, fu.site.end) else w.secondary_site_factor
        factor *= w.neighbour_site_factor if fs.start in fu.neighbours else 1.0
        for cs in cu.sites:
            if _side_conflict(fs, cs, fu, cu):
                continue
            s, r = _pair(fs, cs, fu, cu, ftext, ctext, cfg)
            s *= factor * (w.neighbour_site_factor if cs.start in cu.neighbours else 1.0)
            if s > best:
                best, rel, csite = s, r, cs
    if best <= 0.0:
        best, rel, csite = _surgical_bed(fu, cu, ftext, ctext, cfg)
    if best <= 0.0:
        best, rel, csite = _shared_phrase(fu, cu, ftext, ctext, cfg)
    if best <= 0.0:
        return 0.0, None, None
    size = _close(fu.size_mm, cu.size_mm, cfg.size_tolerance_mm)
    if size is not None:
        best += w.size_match if size else w.size_mismatch
    suv = _close(fu.suv_max, cu.suv_max, cfg.suv_tolerance)
    if suv is not None:
        best += w.suv_match if suv else w.suv_mismatch
    best += w.term_match * min(2, len(fu.terms & cu.terms))
    if rel != "shared_phrase" and _shares_phrase(ftext, ctext, int(cfg.shared_phrase_bonus["min_chars"])):
        best += cfg.shared_phrase_bonus["score"]
    judgement = cu.judgement_of(csite)
    quiet = fu.uptake == "none" or fu.uptake_kind == "physiological"
    if judgement in MALIGNANT:
        best += w.suspicious_to_malignant if fu.suspicious else w.negative_to_malignant if quiet else 0.0
    elif judgement == "benign" and quiet:
        best += w.benign_to_benign
    fdir, cdir = _directions(ftext, cfg), _directions(ctext, cfg)
    if fdir and cdir:
        best += cfg.change_direction.match if fdir & cdir else cfg.change_direction.mismatch
    lean = finding_lean(ftext, fu, cfg)
    kind = "malignant" if judgement in MALIGNANT else "benign" if judgement == "benign" else None
    if lean and kind:
        best += cfg.lean.fit[lean].get(kind, 0.0)
    return best, rel, csite


def _directions(text: str, cfg: LinkConfig) -> frozenset[str]:
    """The directions of change since the last examination a unit states (up | down | same)."""
    cd = cfg.change_direction
    return _directions_of(_hw(text), cd.up, cd.down, cd.same)


@lru_cache(maxsize=65536)
def _directions_of(ht: str, up: str, down: str, same: str) -> frozenset[str]:
    return frozenset(name for name, rx in (("up", up), ("down", down), ("same", same)) if _compiled(rx).search(ht))


def finding_lean(ftext: str, fu: Unit, cfg: LinkConfig) -> str | None:
    """``malignant`` or ``benign`` as the finding's own description leans (SUVmax, uptake, wording), else None."""
    lc = cfg.lean
    points = _word_points(ftext, lc.malignant_words, lc.benign_words, lc.max_words)
    suv = fu.suv_max
    if suv is not None and suv < lc.suv_high:
        points -= 1
    if fu.uptake == "none" or fu.uptake_kind == "physiological":
        points -= 1
    return "malignant" if points > 0 else "benign" if points < 0 else None


@lru_cache(maxsize=65536)
def _word_points(ftext: str, malignant: str, benign: str, cap: int) -> int:
    ht = _hw(ftext)
    return min(cap, len(_compiled(malignant).findall(ht))) - min(cap, len(_compiled(benign).findall(ht)))


@lru_cache(maxsize=None)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def link(text: str, findings: list[Unit], conclusions: list[Unit], cfg: LinkConfig | None = None) -> list[Link]:
    """Links from findings to conclusion units (indices into the two lists), with review reasons."""
    cfg = cfg or link_config()
    out: list[Link] = []
    for i, fu in enumerate(findings):
        scored = []
        for j, cu in enumerate(conclusions):
            s, rel, csite = pair_score(text, fu, cu, cfg)
            if rel is not None:
                rank_f = i / max(len(findings) - 1, 1)
                rank_c = j / max(len(conclusions) - 1, 1)
                s += cfg.scores.order_bonus if abs(rank_f - rank_c) <= 0.15 else 0.0
                scored.append((s, j, rel, csite))
        scored.sort(key=lambda x: (-x[0], x[1]))
        if not scored or scored[0][0] < cfg.link_threshold:
            continue
        best = scored[0][0]
        chosen = [x for x in scored if x[0] >= max(cfg.link_threshold, best - cfg.tie_margin)]
        rivals = [x for x in scored[len(chosen):]
                  if best - x[0] < 0.5 and conclusions[x[1]].item != conclusions[scored[0][1]].item]
        for s, j, rel, csite in chosen:
            reason = None
            if s < cfg.review_threshold:
                reason = f"weak finding-conclusion link (score {s:.2f} < {cfg.review_threshold}; site {rel})"
            elif rivals:
                reason = (f"ambiguous finding-conclusion link: conclusion item {conclusions[rivals[0][1]].item} "
                          f"scores {rivals[0][0]:.2f} against {s:.2f}")
            out.append(Link(i, j, round(s, 3), rel, reason, csite))
    return out


def judgement(text: str, fu: Unit, linked: list[Unit], cfg: LinkConfig | None = None,
              sites: list[Site | None] | None = None) -> tuple[str, Unit]:
    """A finding's judgement and the unit it comes from: what its best conclusion says of the matched
    site, else its own cue; an FDG-avid finding no conclusion names is ``suspicious_malignant`` (it also goes
    to review); ``indeterminate`` otherwise."""
    for k, cu in enumerate(linked):
        csite = sites[k] if sites is not None else pair_score(text, fu, cu, cfg)[2]
        j = cu.judgement_of(csite)
        if j != "indeterminate":
            return j, cu
    if not linked and fu.judgement == "indeterminate" and fu.uptake_kind == "suspicious":
        return "suspicious_malignant", fu  # FDG-avid and left out of the conclusion: malignancy not excluded
    return fu.judgement, fu
