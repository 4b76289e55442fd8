"""Lesion units of a PET-CT report: the findings and conclusion pieces that each describe one lesion.

A section is cut into sentences (``。；;`` new lines, numbered conclusion items), then into comma
chunks. A chunk opens a new unit when it starts with a site (within ``units.max_site_offset``
characters after lead words such as ``示``/``见``) and is no continuation (``大者``, ``伴`` ...); other
chunks extend the unit before them. A unit is a lesion when it names a site and describes something
there: a size, an SUVmax, uptake, a lesion noun that is not negated, or (conclusions) a judgement cue.

Each unit carries its attributes: main site, laterality, longest size in mm, SUVmax, FDG-uptake
tendency (increased | mild | none | not_stated), uptake kind (physiological | suspicious | not_stated)
and the judgement cue that follows each site (primary | metastasis | suspicious_malignant | benign |
post_treatment; indeterminate when none).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict

from oncostruct.engine.errors import ConfigError
from oncostruct.extractors.rules.loader import RuleMatch
from oncostruct.extractors.text.petct_lesions import UPTAKE as _UPTAKE, more_specific, pick_size, clauses, scan, shift, suv_value
from oncostruct.extractors.text.petct_sections import Section, conclusion_items
from oncostruct.extractors.text.petct_sites import Site, find_sites
from oncostruct.extractors.values import parse_size, to_halfwidth

Kind = Literal["finding", "conclusion"]
JUDGEMENTS = ("primary", "metastasis", "suspicious_malignant", "benign", "post_treatment", "indeterminate")
_JUDGEMENT_LABELS = ("primary", "metastasis", "suspicious_malignant", "benign", "post_treatment", "physiological")
_CHUNK_END = re.compile(r"[,，]")
# a colon ends a sentence unless a value follows ("SUVmax：3.1"); an item number may follow ("复查：1.右肺")
_COLON = re.compile(r"[：:](?=\s*(?:\d{1,2}\s*[.、．](?!\d)|[（(]\d))|[：:](?!\s*[\d.])")
# a run of spaces between two words ends a sentence (items written 转移瘤，较前无明显变化 右侧胸膜多发转移瘤)
_SPACE_BREAK = re.compile(r"(?<=[\u4e00-\u9fff？?！!）)])[ \t\u3000]+(?=[\u4e00-\u9fff])")
_MARKER = re.compile(r"^\s*(?:\d{1,2}\s*[.、．](?!\d)|[（(]\d{1,2}[)）])\s*")
_LIST_GAP = re.compile(r"^[、及和与/\s]*$")
_NODE_TAIL = re.compile(r"^(?:多发|多个|数个)?(?:肿大|增大)?淋巴结")
_NODE_GAP = re.compile(r"^(?:[、及和与\s()（）]|\d{1,2}[RLAP]?|区|组|多发|多个|数个|肿大|增大|小|内|旁|周围)*$")
_SIDE_START = re.compile(r"^\s*(?:左|右|双|两)")
_NEGATED_START = re.compile(r"\s*(?:未见|无)")
_LIST_JOINS = ("、", "及", "和")
_rx = lru_cache(maxsize=None)(re.compile)  # the config's patterns, compiled once


class UnitOptions(BaseModel):
    model_config = ConfigDict(extra="forbid")
    max_site_offset: int
    lead: str
    region_lead: str
    skip: str
    normal: str
    normal_lead: str
    terms: list[str]
    surgical_bed: str
    advice: str
    advice_tail: str
    joins: str
    change: str
    topic_negation: str
    focal_noun: str
    node_qualifier: str
    node_uptake_negated: str
    uptake_after_focal: str
    uptake_modifier: str
    negation: str
    non_lesion: str
    thickening_enhanced: str
    lesion_words: str
    extra_nouns: str
    part_lead: str
    continuation: str
    shared_judgement: str
    relation: str


class ScoreWeights(BaseModel):
    model_config = ConfigDict(extra="forbid")
    site_exact: float
    site_ancestor: float
    site_descendant: float
    site_sibling: float
    station_match: float
    station_mismatch: float
    detail_in_text: float
    node_match: float
    node_mismatch: float
    laterality_match: float
    size_match: float
    size_mismatch: float
    suv_match: float
    suv_mismatch: float
    suspicious_to_malignant: float
    benign_to_benign: float
    negative_to_malignant: float
    secondary_site_factor: float
    neighbour_site_factor: float
    order_bonus: float
    term_match: float
    surgical_bed: float
    shared_phrase: float


class LeanConfig(BaseModel):
    """How a finding's own description leans (malignant | benign) and how that fits a conclusion's judgement."""

    model_config = ConfigDict(extra="forbid")
    suv_high: float
    max_words: int
    malignant_words: str
    benign_words: str
    fit: dict[Literal["malignant", "benign"], dict[Literal["malignant", "benign"], float]]


class ChangeDirection(BaseModel):
    """Comparison wording (up | down | same) and what agreeing or disagreeing directions are worth."""

    model_config = ConfigDict(extra="forbid")
    up: str
    down: str
    same: str
    match: float
    mismatch: float


class LinkConfig(BaseModel):
    """``extractors/text/petct_linking.yaml``: unit cutting, link weights and thresholds."""

    model_config = ConfigDict(extra="forbid")
    version: str
    units: UnitOptions
    scores: ScoreWeights
    size_tolerance_mm: float
    suv_tolerance: float
    link_threshold: float
    review_threshold: float
    tie_margin: float
    lean: LeanConfig
    change_direction: ChangeDirection
    shared_phrase_min: int
    shared_phrase_bonus: dict[Literal["min_chars", "score"], float]
    link_confidence: dict[Literal["strong", "weak"], float]
    confidence: dict[str, float]


@lru_cache(maxsize=None)
def link_config(path: str | None = None) -> LinkConfig:
    """The packaged linking config, or a user file."""
    try:
        if path:
            raw = Path(path).read_text(encoding="utf-8")
        else:
            raw = resources.files("oncostruct.extractors.text").joinpath("petct_linking.yaml").read_text(encoding="utf-8")
        return LinkConfig.model_validate(yaml.safe_load(raw))
    except (OSError, yaml.YAMLError, ValueError) as exc:
        raise ConfigError(f"PET-CT linking config {path or 'petct_linking.yaml'}: {exc}") from exc


@dataclass
class Unit:
    """One lesion unit: ``text[start:end]`` with its attributes (offsets into the document)."""

    kind: Kind
    start: int
    end: int
    site: Site
    sites: list[Site]
    item: int | None = None  # number of the conclusion item it lies in
    size: RuleMatch | None = None
    suv: RuleMatch | None = None
    uptake: str = "not_stated"
    uptake_match: RuleMatch | None = None
    uptake_kind: str = "not_stated"
    cues: list[tuple[int, str]] = field(default_factory=list)  # (document offset, judgement label)
    nodes: frozenset[int] = frozenset()  # start offsets of the sites that are lymph nodes
    site_end: int | None = None  # end of the site list that starts at the main site (右肺门及纵隔淋巴结)
    terms: frozenset[str] = frozenset()  # lesion-type words in the unit
    region_start: int | None = None  # where the lesion's own text starts, after leading normal-organ chunks
    neighbours: frozenset[int] = frozenset()  # start offsets of sites named after a relation word (累及纵隔, 与肺门…)

    @property
    def region(self) -> tuple[int, int]:
        """The span shown as the lesion (linking reads the whole unit, organ description included)."""
        return (self.start if self.region_start is None else self.region_start), self.end

    def is_node(self, site: Site) -> bool:
        return site.start in self.nodes

    @property
    def laterality(self) -> str:
        """Side of the site list: one side, bilateral when it names both (or 双/两), else none."""
        start, end = self.site_span
        sides = {x.laterality for x in self.sites if start <= x.start < end and x.laterality} or (
            {self.site.laterality} if self.site.laterality else set())
        if "bilateral" in sides or {"left", "right"} <= sides:
            return "bilateral"
        return next(iter(sides), "none")

    @property
    def site_span(self) -> tuple[int, int]:
        return self.site.start, self.site_end or self.site.end

    @property
    def size_mm(self) -> float | None:
        if self.size is None:
            return None
        dims = parse_size(self.size.groups.get("dims") or self.size.text)
        return round(max(dims) * 10, 2) if dims else None

    @property
    def suv_max(self) -> float | None:
        return suv_value(self.suv) if self.suv is not None else None

    def judgement_of(self, site: Site | None = None) -> str:
        """The judgement cue that follows ``site`` (the main site by default) in the unit, else the last before it."""
        site = site or self.site
        labels = [(pos, lab) for pos, lab in self.cues if lab != "physiological"]
        after = [lab for pos, lab in labels if pos >= site.end]
        before = [lab for pos, lab in labels if pos < site.start]
        if after:
            return after[0]
        if before:
            return before[-1]
        return "benign" if any(lab == "physiological" for _, lab in self.cues) else "indeterminate"

    @property
    def judgement(self) -> str:
        return self.judgement_of()

    @property
    def suspicious(self) -> bool:
        return self.uptake_kind == "suspicious" or (self.size is not None and self.uptake != "none")


def _sentences(text: str, sec: Section) -> list[tuple[int, int, int | None]]:
    """Sentence bounds of a section with their conclusion item number (None in findings)."""
    pieces = [(sec.start, sec.end, None)] if sec.name != "conclusion" else [
        (it.start, it.end, it.index) for it in conclusion_items(text, sec)]
    out = []
    for start, end, item in pieces:
        for s, e in clauses(text, start, end):
            out.extend((a, b, item) for c, d in _chunks(text, s, e, _COLON) for a, b in _chunks(text, c, d, _SPACE_BREAK))
    return out


def _chunks(text: str, start: int, end: int, sep: re.Pattern[str] = _CHUNK_END) -> list[tuple[int, int]]:
    out, pos = [], start
    for m in sep.finditer(text, start, end):
        if m.start() > pos:
            out.append((pos, m.start()))
        pos = m.end()
    if pos < end:
        out.append((pos, end))
    return out


def _opens_unit(chunk: str, cfg: UnitOptions) -> bool:
    if _rx(cfg.continuation).match(chunk):
        return False
    region = _rx(cfg.region_lead).match(chunk)
    start = region.end() if region else 0
    lead = _rx(cfg.lead).match(chunk[start:])
    offset = start + (lead.end() if lead else 0)
    sites = [x for x in find_sites(chunk) if x.start >= start]
    return bool(sites) and sites[0].start - offset <= cfg.max_site_offset


def _judges(piece: str) -> bool:
    """A piece that names a site and says what is there (a lesion word or a judgement cue)."""
    ht = to_halfwidth(piece)
    return bool(find_sites(piece)) and bool(
        scan("imaging_judgement", ht, _JUDGEMENT_LABELS)
        or [w for w in scan("imaging_findings", ht, ("lesion_noun",)) if w.text != "淋巴结"])


def _has_cue(piece: str) -> bool:
    return bool(scan("imaging_judgement", to_halfwidth(piece), _JUDGEMENT_LABELS))


def _malignant_cue(piece: str) -> bool:
    return bool(scan("imaging_judgement", to_halfwidth(piece), ("primary", "metastasis", "suspicious_malignant")))


def _split_joined(text: str, s: int, e: int, cfg: UnitOptions) -> list[tuple[int, int]]:
    """A conclusion unit cut at joins (、及并伴) where the part before judges a lesion and the part after opens
    with a site; not where one judgement written after the list applies to all of it (左上臂肿物、左侧胸膜结节,
    考虑转移: the part before has no judgement cue of its own, the rest has one), nor before a change that is no
    lesion listed with it (左上肺门肿物及左上肺不张; 腹膜转移并腹腔积液 is still cut: 并/伴 add a separate finding)."""
    out, start = [], s
    for m in _rx(cfg.joins).finditer(text[s:e]):
        cut, after = s + m.start(), s + m.end()
        shared = not _has_cue(text[start:cut]) and _has_cue(text[after:e])
        rest = to_halfwidth(text[after:e])
        listed = m.group(0) in _LIST_JOINS  # 并/伴 add a separate, accompanying finding; 、/及/和 list one phrase
        if shared or (listed and _only_non_lesion(rest, scan("imaging_judgement", rest, _JUDGEMENT_LABELS), cfg)):
            continue  # one judgement for the list, or only a change that is no lesion is listed (肿物及左上肺不张)
        if _judges(text[start:cut]) and _opens_unit(text[after:e], cfg):
            out.append((start, cut))
            start = after
    out.append((start, e))
    return out


def spans(text: str, sec: Section, cfg: UnitOptions) -> list[tuple[int, int, int | None]]:
    """Candidate unit bounds of a section (before the lesion test)."""
    out: list[tuple[int, int, int | None]] = []
    conclusion = sec.name == "conclusion"
    for s, e, item in _sentences(text, sec):
        current: list[int] | None = None
        sentence: list[tuple[int, int, int | None]] = []
        for cs, ce in _chunks(text, s, e):
            if _rx(cfg.advice).match(text[cs:ce]):
                if current is not None and _malignant_cue(text[cs:ce]):
                    current[1] = ce  # the judgement follows the advice (建议复查除外转移): part of the lesion's clause
                continue
            if conclusion and current is not None and _non_lesion_chunk(text[cs:ce], cfg):
                continue  # 左侧胸膜多发转移,左侧胸腔少量积液: a change that is no lesion, after a lesion, is no part of it
            if current is None or _opens_unit(text[cs:ce], cfg) or _part_site(text, cs, text[cs:ce], cfg):
                if current is not None:
                    sentence.extend(_bounds(text, current, item, conclusion, cfg))
                current = [cs, ce]
            else:
                current[1] = ce
        if current is not None:
            sentence.extend(_bounds(text, current, item, conclusion, cfg))
        out.extend(_one_judgement(text, sentence, cfg) if conclusion else sentence)
    return out


def _non_lesion_chunk(chunk: str, cfg: UnitOptions) -> bool:
    """A comma chunk that opens with a place (a side word or a site) and names only a change that is no lesion
    (effusion, atelectasis ...), judging nothing malignant (局灶性脂肪肝可能 judges the lesion before it)."""
    if _rx(cfg.continuation).match(chunk) or not (_SIDE_START.match(chunk) or _opens_unit(chunk, cfg)):
        return False
    ht = to_halfwidth(chunk)
    return _only_non_lesion(ht, scan("imaging_judgement", ht, _JUDGEMENT_LABELS), cfg)


def _one_judgement(text: str, pieces: list[tuple[int, int, int | None]], cfg: UnitOptions) -> list[tuple[int, int, int | None]]:
    """A conclusion sentence listing sites in comma chunks with one judgement chunk at its end (…淋巴结代谢活跃，
    肝脏多发病灶代谢活跃，考虑转移瘤) is one unit (the gold guideline: one item, several sites, one judgement)."""
    if len(pieces) < 2:
        return pieces
    s, e = pieces[0][0], pieces[-1][1]
    last = max(text.rfind(c, s, e) for c in ",，")
    if last < pieces[-1][0] or not _rx(cfg.shared_judgement).match(text[last + 1:e]):
        return pieces
    if any(_has_cue(text[a:b]) for a, b, _ in pieces[:-1]) or _has_cue(text[pieces[-1][0]:last]):
        return pieces
    return [(s, e, pieces[0][2])]


def _bounds(text: str, cur: list[int], item: int | None, conclusion: bool, cfg: UnitOptions) -> list[tuple[int, int, int | None]]:
    pieces = _split_joined(text, cur[0], cur[1], cfg) if conclusion else [(cur[0], cur[1])]
    return [(a, b, item) for a, b in pieces]


def _trimmed(text: str, s: int, e: int) -> tuple[int, int]:
    marker = _MARKER.match(text[s:e])
    if marker:
        s += marker.end()
    while s < e and (text[s].isspace() or text[s] in ",，、"):
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in ",，、。；;"):
        e -= 1
    return s, e


def _main_site(sites: list[Site], anchors: list[int]) -> Site:
    """The first site, made more specific by a later one of the same head before the first anchor."""
    site = sites[0]
    before = [x for x in sites if x.start < min(anchors)] if anchors else []
    for later in before[1:]:
        if later.canonical == site.canonical:
            site = more_specific(site, later)
    return site


def _site_list_end(chunk: str, sites: list[Site], main: Site, nodes: frozenset[int]) -> int:
    """End of the list of sites that starts at ``main`` (sites joined by 、及和与), with 淋巴结 when it names nodes."""
    k = next(i for i, x in enumerate(sites) if x.start == main.start)
    end = main.end
    for x in sites[k + 1:]:
        gap = chunk[end:x.start]
        if not gap.strip() or not (_LIST_GAP.match(gap) or (main.start in nodes and _NODE_GAP.match(gap))):
            break
        end = x.end
    tail = _NODE_TAIL.match(chunk[end:])
    if tail and "淋巴结" not in chunk[main.start:end]:
        end += tail.end()
    return end


def _node_sites(chunk: str, sites: list[Site]) -> frozenset[int]:
    """Sites that name lymph nodes: 淋巴结 in the phrase, or after it with only sites, stations and 、 between."""
    out = set()
    for k, x in enumerate(sites):
        if "淋巴结" in x.text:
            out.add(x.start)
            continue
        pos = chunk.find("淋巴结", x.end)
        if pos < 0:
            continue
        gap = chunk[x.end:pos]
        for later in sites[k + 1:]:
            if later.start < pos:  # a site listed before the node word, or the one the word is the suffix of (纵隔淋巴结)
                gap = gap.replace(chunk[later.start:min(later.end, pos)], "")
        if _NODE_GAP.match(gap):
            out.add(x.start)
    return frozenset(out)


def build_unit(text: str, kind: Kind, s: int, e: int, item: int | None, cfg: UnitOptions) -> Unit | None:
    """The unit ``text[s:e]`` with its attributes, or None when it describes no lesion."""
    s, e = _trimmed(text, s, e)
    region = _rx(cfg.region_lead).match(text[s:e])
    if region:  # the body-region lead (胸部PET/CT图像示) is not part of the lesion
        s, e = _trimmed(text, s + region.end(), e)
    lead = _rx(cfg.lead).match(text[s:e])
    if lead and lead.end() and [x.start for x in find_sites(text[s + lead.end():e])][:1] == [0]:
        s += lead.end()  # lead words before the site (另, 余, 见) are no part of the lesion (the gold guideline)
    tail = _rx(cfg.advice_tail).search(text, s, e)
    if tail:  # advice after the judgement is no part of the lesion (转移？建议复查; 结节（建议随访）)
        e = tail.start() + (0 if text[tail.start()] in "(（" else 1)
    chunk = text[s:e]
    sites = find_sites(chunk)
    if not sites:
        part = _part_site(text, s, chunk, cfg)
        sites = [part] if part else []
    if not sites or _rx(cfg.skip).search(chunk):
        return None
    ht = to_halfwidth(chunk)
    words = scan("imaging_findings", ht, (*_UPTAKE, "lesion_noun", "negation"))
    sizes = scan("sizes", ht, overlapping=True)
    suvs = scan("suv", ht)
    cues = scan("imaging_judgement", ht, _JUDGEMENT_LABELS)
    nouns = sorted([w for w in words if w.label == "lesion_noun"]
                   + [RuleMatch("extra_noun", "lesion_noun", m.start(), m.end(), m.group(0), {}, {}, 0.7, "petct_linking", "1")
                      for m in _rx(cfg.extra_nouns).finditer(ht)], key=lambda w: w.start)
    uptakes = [w for w in words if w.label in _UPTAKE]
    changes = [m.span() for m in _rx(cfg.change).finditer(ht)]
    negations = [w.start for w in words if (w.label == "negation" or w.rule_id == "uptake.normal_negated")]
    negations = sorted(p for p in negations + [m.start() for m in _rx(cfg.negation).finditer(ht)]
                       if not any(a <= p < b for a, b in changes))
    # a bare node is no lesion before its negation; a judgement cue is, in a conclusion
    # a node a conclusion names before saying it is not avid (纵隔4R区小淋巴结,无异常摄取) is discussed: a lesion
    lesion_nouns = sorted([w.start for w in nouns if (w.text != "淋巴结" or _named_node(ht, w, kind, cfg))
                           and not _topic_negated(ht, w, cfg)]
                          + ([c.start for c in cues] if kind == "conclusion" else []))
    negated = _negated(chunk, ht, negations, lesion_nouns, cfg)
    # 无糖代谢增高的低密度灶: a negated uptake written as the lesion's modifier (before 的) says the lesion is not
    # avid, not that it is absent (未见糖代谢异常增高灶或占位 still negates; so does 无糖代谢增高的肿大淋巴结: nodes
    # without uptake are normal by the gold guideline unless a conclusion names them)
    uptake_off = [(a, b) for a, b in [(w.start, w.end) for w in words if w.rule_id == "uptake.normal_negated"
                                      and ht[w.end:w.end + 1] == "的"] + [m.span() for m in _rx(cfg.uptake_modifier).finditer(ht)]
                  if "淋巴结" not in ht[b:b + 8]]
    noun_negated = _negated(chunk, ht, [p for p in negations if not any(a <= p < b for a, b in uptake_off)],
                            lesion_nouns, cfg)
    avid = any(w.label == "uptake_increased" for w in uptakes)
    if not (sizes or suvs or (nouns and not noun_negated) or (avid and not negated)
            or (kind == "conclusion" and cues and not noun_negated)):
        return None
    if not suvs and _only_non_lesion(ht, cues, cfg):
        return None
    anchors = [m.start for m in (*sizes[:1], *suvs[:1], *nouns[:1], *uptakes[:1])]
    site = _main_site(sites, anchors)
    nodes = _node_sites(chunk, sites)
    unit = Unit(kind=kind, start=s, end=e, site=site.moved(s, text), sites=[x.moved(s, text) for x in sites], item=item,
                site_end=s + _site_list_end(chunk, sites, site, nodes),
                size=shift(pick_size(sizes), s, text), suv=shift(suvs[0] if suvs else None, s, text),
                cues=[(c.start + s, c.label) for c in cues], nodes=frozenset(x + s for x in nodes),
                terms=frozenset(t for t in cfg.terms if _rx(t).search(chunk)),
                neighbours=_neighbour_sites(chunk, sites, _site_list_end(chunk, sites, site, nodes), s, cfg))
    _set_uptake(unit, text, ht, uptakes, scan("imaging_judgement", ht, ("mild",)))
    if kind == "finding":
        unit.region_start = _region_start(text, ht, s, e, [m.start for m in (*sizes, *suvs, *nouns, *uptakes)], cfg)
    return unit


def _named_node(ht: str, noun: RuleMatch, kind: Kind, cfg: UnitOptions) -> bool:
    """A conclusion's lymph node with a size word before it, whose next words only negate its uptake."""
    return (kind == "conclusion" and bool(_rx(cfg.node_qualifier).search(ht[max(0, noun.start - 4):noun.start]))
            and bool(_rx(cfg.node_uptake_negated).match(ht[noun.end:])))


def _topic_negated(ht: str, noun: RuleMatch, cfg: UnitOptions) -> bool:
    """A lesion noun that is the topic of a normal statement (软组织未见异常), unless the noun is focal and only its
    uptake is negated (强化结节未见糖代谢增高: a lesion that is not avid)."""
    after = ht[noun.end:]
    if not _rx(cfg.topic_negation).match(after):
        return False
    return not (_rx(cfg.focal_noun).search(noun.text) and _rx(cfg.uptake_after_focal).match(after))


def _neighbour_sites(chunk: str, sites: list[Site], list_end: int, s: int, cfg: UnitOptions) -> frozenset[int]:
    """Document offsets of the sites after the main site list that follow a relation word in the unit (左肺癌累及
    肺门、纵隔: 肺门 and 纵隔 are neighbours the lesion touches, not lesions of their own)."""
    m = _rx(cfg.relation).search(chunk, list_end)
    return frozenset(x.start + s for x in sites if m is not None and x.start >= m.end())


def _region_start(text: str, ht: str, s: int, e: int, evidence: list[int], cfg: UnitOptions) -> int | None:
    """After the last chunk before the first lesion word that calls the organ normal (肝脏形态正常，各叶比例匀称，可见
    囊性灶 → 可见囊性灶), else None (the unit starts the lesion)."""
    if not evidence:
        return None
    first, cut = min(evidence), -1
    for a, b in _chunks(ht, 0, len(ht)):
        if b > first:
            break
        if _rx(cfg.normal_lead).search(ht, a, b):
            cut = b
    return _trimmed(text, s + cut + 1, e)[0] if cut >= 0 else None


def _negated(chunk: str, ht: str, negations: list[int], lesion_nouns: list[int], cfg: UnitOptions) -> bool:
    """A normal statement: it opens with a negation, says the organ is normal, or negates before any lesion word."""
    return (bool(_NEGATED_START.match(chunk)) or bool(_rx(cfg.normal).search(ht))
            or bool(negations and not (lesion_nouns and lesion_nouns[0] < negations[0])))


def _part_site(text: str, s: int, chunk: str, cfg: UnitOptions) -> Site | None:
    """A chunk that opens with a bare organ part (``左叶``, ``下极``) whose organ is the last site named before it in
    the same sentence: the part as a site of that organ (offsets relative to the chunk; a zero-width head)."""
    m = _rx(cfg.part_lead).match(chunk)
    if m is None or find_sites(chunk[:m.end()]):
        return None
    start = max(text.rfind(c, 0, s) for c in "。；;\n") + 1
    prior = find_sites(text[start:s])
    if not prior and start > 1:  # 肝脏…多发低密度灶。右后叶包膜下另见…: the organ of the sentence before
        before = max(text.rfind(c, 0, start - 1) for c in "。；;\n") + 1
        prior = find_sites(text[before:start - 1])
    if not prior:
        return None
    a, b = m.span("part")
    return Site(a, b, chunk[a:b], replace(prior[-1].head, start=a, end=a, text=""))


def _only_non_lesion(ht: str, cues: list[RuleMatch], cfg: UnitOptions) -> bool:
    """The unit describes only changes that are no lesion (条索, 钙化, 胸膜稍增厚 ...) and judges nothing malignant."""
    if not _rx(cfg.non_lesion).search(ht) or any(c.label in ("primary", "metastasis", "suspicious_malignant") for c in cues):
        return False
    if _rx(cfg.thickening_enhanced).search(ht):
        return False
    rest = _rx(cfg.non_lesion).sub(lambda m: " " * len(m.group(0)), ht)
    return not _rx(cfg.lesion_words).search(rest) and not _rx(cfg.extra_nouns).search(rest)


def _set_uptake(unit: Unit, text: str, ht: str, uptakes: list[RuleMatch], mild: list[RuleMatch]) -> None:
    """Uptake tendency from the first uptake wording (mild when a mild word is in it or just before it)."""
    physiological = any(lab == "physiological" for _, lab in unit.cues)
    if uptakes:
        first = uptakes[0]
        unit.uptake_match = shift(first, unit.start, text)
        tendency = _UPTAKE[first.label]
        is_mild = any(first.start - 4 <= m.start < first.end for m in mild)
        if is_mild and (tendency == "increased" or "轻度" in first.text or "轻度" in ht[max(0, first.start - 4):first.start]):
            tendency = "mild"
        if tendency == "none" and physiological:
            tendency = "increased"
        unit.uptake = tendency
    elif unit.suv is not None:
        unit.uptake = "increased"
    if physiological:
        unit.uptake_kind = "physiological"
    elif unit.uptake in ("increased", "mild"):
        unit.uptake_kind = "suspicious"


def units(text: str, sections: list[Section], cfg: UnitOptions | None = None) -> tuple[list[Unit], list[Unit]]:
    """(findings units, conclusion units), each in text order."""
    cfg = cfg or link_config().units
    found: dict[str, list[Unit]] = {"findings": [], "conclusion": []}
    for sec in sections:
        kind: Kind = "conclusion" if sec.name == "conclusion" else "finding"
        for s, e, item in spans(text, sec, cfg):
            unit = build_unit(text, kind, s, e, item, cfg)
            if unit is not None:
                found[sec.name if sec.name == "conclusion" else "findings"].append(unit)
    return found["findings"], found["conclusion"]
