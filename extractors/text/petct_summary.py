"""Document-level tumour attributes in the CCKS2019 sense: primary site, primary size, metastasis sites.

Values are text spans of the report, as the CCKS answers are written:
- primary site: the site before the first malignancy cue of the conclusion (``右乳癌术后`` → ``右乳``),
  refined by the findings lesion of the same organ when the cue names only the organ (``右肺癌`` and
  ``右肺下叶见肿块`` → ``右肺下叶``);
- primary size: the size written in that findings lesion (``4.6CM×3.2CM``), not after surgery;
- metastasis sites: the sites before each ``转移`` cue (``双肺、肝转移`` → ``双肺``, ``肝``), a lymph-node
  list kept whole (``右肺门、纵隔淋巴结``); without a site right before the cue, the site of the clause
  before it (``右肺上叶结节,考虑转移`` → ``右肺上叶``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from oncostruct.extractors.rules import load_pack
from oncostruct.extractors.text.petct_lesions import FoundLesion
from oncostruct.extractors.text.petct_sections import Section
from oncostruct.extractors.text.petct_sites import Site, find_sites, lateral_compatible
from oncostruct.extractors.values import to_halfwidth

_BOUNDARY = re.compile(r"[,，;；。:：\n\t①-⑳]|\s{2,}|并|伴|合并|术后、?|(?<![\d.第、])\d{1,2}[.、](?!\d)")
_TRAIL = re.compile(r"(?:多发|多处|广泛|弥漫|可能|病变|病灶|结节|肿块|灶|骨质破坏|溶骨性|成骨性|考虑|为|性|瘤)+$")
_LEAD = re.compile(r"^(?:结合临床|考虑为?|多发|双侧多发|伴|并|合并|及|见|示|疑|可疑|符合|提示|部分)+")
_CONNECT = re.compile(r"(?:、|及|和|与|,|，)(?:部分|多发|多个)?$")
_EARLIER_CLAUSES = 5  # clauses of the same sentence searched back for the sites of a later 转移 cue
_POSITION = re.compile(r"(?:内|两侧|双侧|周围)(?![侧側])")
_NEGATED = re.compile(r"(?:未见|无|未发现|未见明确|未见明显|除外)[^,，;；。]{0,3}$")


@dataclass(frozen=True)
class Mention:
    """A CCKS attribute value: ``text`` is ``document[start:end]``."""

    start: int
    end: int
    text: str
    context: str | None = None  # why the value contradicts its context (None: it does not)


def _mention(text: str, start: int, end: int) -> Mention:
    return Mention(start, end, text[start:end])


def _clause_start(text: str, pos: int, floor: int) -> int:
    starts = [m.end() for m in _BOUNDARY.finditer(text, floor, pos)]
    return starts[-1] if starts else floor


# --- primary --------------------------------------------------------------------------------


def _primary_cues(text: str, sec: Section) -> list[tuple[Site, int]]:
    """Malignancy cues of the section with the site each refers to (one per organ), and the cue offsets."""
    ht = to_halfwidth(text)
    found: list[tuple[Site, int]] = []
    for cue in load_pack("imaging_findings").find(ht[sec.start:sec.end], labels=["malignancy"]):
        pos = sec.start + cue.start
        if ht[max(0, pos - 2):pos].endswith("转移") or re.search(r"(?<!不)除外[^,，;；。]{0,6}$", ht[max(0, pos - 8):pos]):
            continue
        cs = _clause_start(text, pos, sec.start)
        sites = [s for s in find_sites(text[cs:pos]) if s.primary_capable]
        sites = [s.moved(cs) for s in sites]
        if not sites or (sites[-1].laterality is None and not sites[-1].detail):
            prev = _clause_start(text, max(cs - 1, sec.start), sec.start)
            earlier = [s.moved(prev) for s in find_sites(text[prev:cs]) if s.primary_capable] if cs - prev < 40 else []
            sites = [s for s in earlier if not sites or s.organ == sites[-1].organ] or sites
        if not sites:
            continue
        near = sites[-1]
        same = [s for s in sites if s.organ == near.organ]
        best = max(same, key=lambda s: (s.laterality is not None, len(s.text)))
        if all(best.organ != f.organ for f, _ in found):
            found.append((best, pos))
    return found


def _refine(primary: Site, lesions: list[FoundLesion]) -> FoundLesion | None:
    """The findings lesion of the primary's organ and side: the first with a size, else the first."""
    cands = []
    for les in lesions:
        s = les.site
        if s.organ != primary.organ or not lateral_compatible(s.laterality, primary.laterality):
            continue
        if primary.detail and not (s.detail.startswith(primary.detail) or (s.detail and primary.detail.startswith(s.detail))):
            continue
        cands.append(les)
    return next((c for c in cands if c.size is not None), cands[0] if cands else None)


def primary(text: str, sections: list[Section], lesions: list[FoundLesion]) -> list[tuple[Mention, Mention | None]]:
    """(primary site, primary size or None) for each primary tumour named in the report."""
    secs = [s for s in sections if s.name == "conclusion"] + [s for s in sections if s.name == "findings"]
    cues: list[tuple[Site, int]] = []
    for sec in secs:
        cues = _primary_cues(text, sec)
        if cues:
            break
    return [_primary_mentions(text, site, pos, lesions) for site, pos in cues]


def _primary_mentions(text: str, site: Site, cue_pos: int, lesions: list[FoundLesion]) -> tuple[Mention, Mention | None]:
    pack = load_pack("imaging_findings")
    postop = bool(pack.find(to_halfwidth(text[cue_pos:cue_pos + 6]), labels=["postop"]))
    history = bool(pack.find(to_halfwidth(text[cue_pos:cue_pos + 16]), labels=["history"]))
    les = _refine(site, lesions)
    site_m = _mention(text, site.start, site.end)
    if postop and not _recurrence(text, cue_pos):
        site_m = Mention(site_m.start, site_m.end, site_m.text, "post_operative")
    if les is not None and not history and not site.detail and site.organ == "lung" and les.site.detail:
        site_m = _mention(text, les.site.start, les.site.end)
    size_m = None
    if les is not None and les.size is not None and not postop and not _bound_size(text, les):
        raw = les.size_text or ""
        off = text.find(raw, les.size.start)
        size_m = _mention(text, off, off + len(raw)) if off >= 0 else None
        if size_m is not None and history:
            size_m = Mention(size_m.start, size_m.end, size_m.text, "history_primary")
    return site_m, size_m


def _bound_size(text: str, les: FoundLesion) -> bool:
    """The lesion's size is an upper bound or the largest of a group (``不足0.5CM``, ``大者直径约``)."""
    assert les.size is not None
    dims = les.size.text.find(les.size_text or "")
    before = to_halfwidth(text[max(les.start, les.size.start - 12):les.size.start + max(dims, 0)])
    return bool(load_pack("imaging_findings").find(before, labels=["size_not_primary"]))


def _recurrence(text: str, cue_pos: int) -> bool:
    """A recurrence or residual tumour described in the sentence of a post-operative cue."""
    end = re.compile(r"[。\n]").search(text, cue_pos)
    sentence = to_halfwidth(text[cue_pos:end.start() if end else len(text)])
    return bool(load_pack("imaging_findings").find(sentence, labels=["recurrence"]))


# --- metastasis -----------------------------------------------------------------------------


def _chain(text: str, sites: list[Site], last: int) -> list[Site]:
    """Sites joined by 、/及/和/, ending with ``sites[last]``, right to left."""
    chain = [sites[last]]
    k = last
    while k > 0 and _CONNECT.fullmatch(text[sites[k - 1].end:chain[-1].start]):
        chain.append(sites[k - 1])
        k -= 1
    return list(reversed(chain))


def _values(text: str, chain: list[Site], end: int, clause_start: int) -> list[Mention]:
    """One value per site, or the clause up to 淋巴结 when it ends with 淋巴结 (a node list stays whole)."""
    if text[chain[-1].start:end].endswith("淋巴结") or "淋巴结" in chain[-1].text:
        while clause_start < end and text[clause_start].isspace():
            clause_start += 1
        m = _LEAD.match(text[clause_start:end])
        return [_mention(text, clause_start + (m.end() if m else 0), end)]
    out = []
    for s in chain:
        m = _LEAD.match(s.text)
        out.append(_mention(text, s.start + (m.end() if m and m.end() < len(s.text) else 0), s.end))
    return out


def metastases(text: str, sections: list[Section]) -> list[Mention]:
    """Metastasis-site mentions from the conclusion (the whole text when there is none)."""
    secs = [s for s in sections if s.name == "conclusion"] or [Section("text", 0, len(text))]
    out: list[Mention] = []
    for sec in secs:
        for cue in load_pack("imaging_findings").find(to_halfwidth(text[sec.start:sec.end]), labels=["metastasis"]):
            out.extend(_before_cue(text, sec, sec.start + cue.start))
    seen: set[str] = set()
    return [m for m in out if not (m.text in seen or seen.add(m.text))]


def _before_cue(text: str, sec: Section, pos: int) -> list[Mention]:
    """The sites a 转移 cue at ``pos`` refers to."""
    if _NEGATED.search(text[max(sec.start, pos - 8):pos]):
        return []
    cs = _clause_start(text, pos, sec.start)
    node_sites = [s.moved(cs) for s in find_sites(text[cs:pos])] if text.startswith("转移淋巴结", pos) else []
    if node_sites:  # 颈部、锁骨区转移淋巴结: one node list
        return _values(text, node_sites, pos + len("转移淋巴结"), cs)
    trimmed = _TRAIL.sub("", text[cs:pos]).rstrip()
    sites = [_with_position(trimmed, s) for s in find_sites(trimmed)]
    if len(sites) > 1 and sites[-1].text == "骨" and sites[-2].end == sites[-1].start:
        trimmed, sites = trimmed[:sites[-1].start], sites[:-1]  # 腰椎骨转移: the bone named before is the site
    if sites and sites[-1].end == len(trimmed):
        shifted = [s.moved(cs) for s in sites]
        return _values(text, _chain(text, shifted, len(shifted) - 1), cs + len(trimmed), cs)
    return _earlier_clause(text, sec, cs)


def _with_position(text: str, site: Site) -> Site:
    """``site`` grown over a position word right after it (肝内, 大脑两侧), which the annotators keep."""
    m = _POSITION.match(text, site.end)
    return replace(site, end=m.end(), text=text[site.start:m.end()]) if m else site


def _earlier_clause(text: str, sec: Section, cs: int) -> list[Mention]:
    """No site right before the cue: the first sites of an earlier clause of the same sentence."""
    prev_end = cs
    for _ in range(_EARLIER_CLAUSES):
        if prev_end <= sec.start or text[prev_end - 1] in "。；;\n":
            break
        ps = _clause_start(text, prev_end - 1, sec.start)
        found = [_with_position(text, s.moved(ps)) for s in find_sites(text[ps:prev_end - 1])]
        if found:
            k = 0
            while k + 1 < len(found) and _CONNECT.fullmatch(text[found[k].end:found[k + 1].start]):
                k += 1
            end = found[k].end
            tail = text[end:prev_end - 1]
            if "淋巴结" in tail:  # a node list is kept whole up to its 淋巴结
                end += tail.rindex("淋巴结") + 3
                return _values(text, found, end, ps)
            return _values(text, found[:k + 1], end, ps)
        prev_end = ps
    return []
