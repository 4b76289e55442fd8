"""Histology (ICD-O-3 morphology, growth patterns), primary site (ICD-O-3 topography) and tumour size."""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from oncostruct.engine.cdm import Field
from oncostruct.extractors.base import lexicon_code
from oncostruct.extractors.rules.loader import LexiconMatch, RuleMatch, load_lexicon
from oncostruct.extractors.text.pathology_common import Ctx, make_field
from oncostruct.extractors.values import parse_size

_NEGATED_ZH = re.compile(r"(?:未见|未查见|未发现|无|排除|不除外|可疑)[^，,。；;]{0,4}$")
_NEGATED_EN = re.compile(r"\b(?:negative\s+for|no|without|free\s+of|rule\s+out|history\s+of)\s+(?:[a-z-]+\s+){0,3}$", re.I)
_METASTATIC = re.compile(r"(?:转移性|metastatic\s+)$", re.I)
TUMOUR_ITEM_CHARS = 150  # English: how far before a histology mention its organ is looked for
TUMOUR_ITEM_CHARS_ZH = 12  # Chinese: the organ is written right before the histology (直肠腺癌)
_OF_ORGAN = re.compile(r",?\s{0,2}(?:of|in|involving|arising in|arising from)\s+(?:the\s+)?", re.I)
_ITEM_MARKER = re.compile(r"(?:(?<=\s)|^)(?:\d{1,2}\)?[.)]|[A-H][.)]|PART\s+\d{1,2}\s*:)\s", re.I)
_LIST_GAP = re.compile(r"\s{0,2}(?:,|and|&|/|,\s{0,2}and)?\.?\s{0,2}(?:(?:right|left|bilateral|portion of|head of)\s+){0,2}", re.I)


def _negated(ctx: Ctx, start: int) -> bool:
    before = ctx.norm[max(0, start - 40):start]
    return bool(_NEGATED_ZH.search(before) or _NEGATED_EN.search(before))


def _is_metastasis(ctx: Ctx, start: int) -> bool:
    """The mention names a metastasis (metastatic adenocarcinoma in a node), not the primary tumour."""
    return bool(_METASTATIC.search(ctx.norm[max(0, start - 12):start]))


def _best(cands: list[LexiconMatch], ctx: Ctx) -> LexiconMatch | None:
    """Diagnosis section first, then the primary over a metastasis, then specific over generic, then text
    order; clinical history last."""
    def rank(m: LexiconMatch) -> tuple:
        sec = ctx.section_at(m.start)
        return (sec == "clinical", sec != "diagnosis" if any(s.kind == "diagnosis" for s in ctx.sections) else False,
                _is_metastasis(ctx, m.start), m.entry.category == "generic", m.start)
    return min(cands, key=rank) if cands else None


def histology_fields(ctx: Ctx) -> list[Field]:
    """pathology.histology with ICD-O-3-M code; growth patterns (腺泡型70% ...) as attributes."""
    hits = [m for m in load_lexicon("histology").find(ctx.text)
            if m.entry.category != "subtype" and not _negated(ctx, m.start)]
    best = _best(hits, ctx)
    if best is None:
        return []
    attrs: dict = {}
    extra: list[tuple[int, int]] = []
    patterns = _growth_patterns(ctx)
    if patterns:
        attrs["subtypes"] = [p for p, _ in patterns]
        attrs["predominant"] = max(patterns, key=lambda p: p[0]["percent"])[0]["pattern"]
        extra = [sp for _, sp in patterns]
    if _is_metastasis(ctx, best.start):
        attrs["metastatic"] = True
    others = sorted({m.entry.canonical for m in hits if m.entry.canonical != best.entry.canonical
                     and m.entry.category != "generic" and ctx.section_at(m.start) == ctx.section_at(best.start)})
    if others:
        attrs["also_mentioned"] = others
    code = lexicon_code(best, "ICD-O-3-M")
    return [make_field(ctx, "pathology.histology", best, best.start, best.end, best.entry.canonical,
                       code=code, attributes=attrs, extra=extra)]


def _growth_patterns(ctx: Ctx) -> list[tuple[dict, tuple[int, int]]]:
    """Lung adenocarcinoma growth patterns with percentages, one per pattern, in text order."""
    lex = load_lexicon("histology")
    seen: dict[str, tuple[dict, tuple[int, int]]] = {}
    for m in ctx.find("pathology_findings", "histology_subtype"):
        entry = lex.lookup(m.groups["subtype"])
        if entry and entry.category == "subtype" and entry.canonical not in seen:
            seen[entry.canonical] = ({"pattern": entry.canonical, "percent": float(m.groups["pct"])}, (m.start, m.end))
    return list(seen.values())


def _site_hits(ctx: Ctx, start: int, end: int) -> list[LexiconMatch]:
    """Topography terms inside [start, end) with offsets into the document; lymph nodes excluded."""
    return [LexiconMatch(h.entry, h.start + start, h.end + start, h.text, h.reliability, h.lexicon, h.version)
            for h in load_lexicon("topography").find(ctx.text[start:end])
            if h.entry.category != "lymph node"]


def _site_hit(ctx: Ctx, start: int, end: int) -> LexiconMatch | None:
    """The longest topography term inside [start, end) (the first one on ties)."""
    hits = _site_hits(ctx, start, end)
    return max(hits, key=lambda h: (h.end - h.start, -h.start)) if hits else None


def _first_site_hit(ctx: Ctx, start: int, end: int) -> LexiconMatch | None:
    """The first topography term inside [start, end) (the longer of two starting together)."""
    hits = _site_hits(ctx, start, end)
    return min(hits, key=lambda h: (h.start, -(h.end - h.start))) if hits else None


def _tumour_item_hit(ctx: Ctx, histology: Field) -> LexiconMatch | None:
    """The organ of the histology's own item. Chinese: the term right before the histology (直肠腺癌). English:
    an organ named just after it, else the lead organ of its item, else the head of the nearest organ list.
    A metastasis names no primary site."""
    h = histology.provenance[0]
    if histology.attributes.get("metastatic"):
        return None
    if ctx.lang != "en":
        hits = _site_hits(ctx, max(0, h.start - TUMOUR_ITEM_CHARS_ZH), h.end)
        return max(hits, key=lambda x: (x.end, x.end - x.start)) if hits else None
    lo = max(0, h.start - TUMOUR_ITEM_CHARS)
    return _organ_after(ctx, h.end) or _item_lead(ctx, lo, h.start, h.end) or _list_head(ctx, lo, h.end)


def _organ_after(ctx: Ctx, pos: int) -> LexiconMatch | None:
    """An organ written right after the histology: "serous carcinoma of endometrium"."""
    of = _OF_ORGAN.match(ctx.norm, pos)
    hit = _first_site_hit(ctx, of.end(), of.end() + 40) if of else None
    return hit if hit and hit.start == of.end() else None


def _item_lead(ctx: Ctx, lo: int, start: int, end: int) -> LexiconMatch | None:
    """The first organ after the last item marker ("2.", "B.", "PART 3:") in [lo, start):
    "E. PANCREAS AND DUODENUM, PANCREATICODUODENECTOMY: ADENOCARCINOMA" → pancreas."""
    markers = list(_ITEM_MARKER.finditer(ctx.norm, lo, start))
    return _first_site_hit(ctx, markers[-1].end(), end) if markers else None


def _list_head(ctx: Ctx, lo: int, end: int) -> LexiconMatch | None:
    """The first organ of the list nearest ``end``: "Head of pancreas, duodenum and gallbladder,
    pylorus-preserving …: adenocarcinoma" → pancreas (not the pylorus of the procedure name)."""
    hits = sorted(_site_hits(ctx, lo, end), key=lambda x: (x.start, -(x.end - x.start)))
    if not hits:
        return None
    k = max(range(len(hits)), key=lambda i: (hits[i].end, hits[i].end - hits[i].start))
    while k > 0 and _LIST_GAP.fullmatch(ctx.norm[hits[k - 1].end:hits[k].start]):
        k -= 1
    return hits[k]


def _site_field(ctx: Ctx, hit: LexiconMatch, via: RuleMatch | None) -> Field:
    icd10 = next((c.code for c in hit.entry.codes if c.system == "ICD-10"), None)
    attrs = {"organ": hit.entry.category, **hit.entry.attributes}
    if icd10:
        attrs["icd10"] = icd10
    extra = [(via.start, via.end)] if via else []
    return make_field(ctx, "pathology.primary_site", via or hit, hit.start, hit.end, hit.entry.canonical,
                      code=lexicon_code(hit, "ICD-O-3-T"), attributes=attrs, extra=extra)


def _is_subsite(hit: LexiconMatch) -> bool:
    code = next((c.code for c in hit.entry.codes if c.system == "ICD-O-3-T"), "")
    return not code.endswith(".9")


Stated = tuple[LexiconMatch, RuleMatch | None]  # a site term and the statement it came from (None: the tumour item)


def _refined_site(ctx: Ctx, stated: list[Stated]) -> Field:
    """The first stated site, replaced by a later, more specific one of the same organ (Left breast +
    Tumor Site: Upper outer quadrant → C50.4; 标本：近端胃 + 贲门腺癌 → cardia); a laterality stated for the
    same organ is kept."""
    hit, m = stated[0]
    same = [(h, r) for h, r in stated[1:] if h.entry.category == hit.entry.category]
    finer = next(((h, r) for h, r in same if _is_subsite(h) and not _is_subsite(hit)), None)
    f = _site_field(ctx, *(finer or (hit, m)))
    if finer is not None:
        f.provenance.append(ctx.span(hit.start, hit.end))
    lateral = next((h for h, _ in [(hit, m), *same] if "laterality" in h.entry.attributes), None)
    if lateral is not None and "laterality" not in f.attributes:
        f.attributes["laterality"] = lateral.entry.attributes["laterality"]
        if lateral is not hit:
            f.provenance.append(ctx.span(lateral.start, lateral.end))
    return f


def _tumour_first(stated: list[Stated]) -> list[Stated]:
    """The tumour's own site statements (肿瘤部位：…) before specimen statements, each in text order."""
    return sorted(stated, key=lambda s: not (s[1] and s[1].rule_id.startswith("site.tumour")))


def site_fields(ctx: Ctx, histology: list[Field]) -> list[Field]:
    """pathology.primary_site. In order: the specimen line (（右肺上叶）…标本, Specimen: Left breast) when it
    names the organ of the tumour's own item or there is no such item; the organ of the tumour's item (the term
    nearest before the histology: 直肠腺癌, "UTERUS, CERVIX, RADICAL HYSTERECTOMY: SQUAMOUS CELL CARCINOMA");
    the specimen line; the first organ of the diagnosis section; the organ of the tumour mass and the title
    (Chinese).

    A multi-organ resection lists several specimens ("1: Right kidney. 2: Portion of right adrenal", "uterus,
    tubes and ovaries"); the tumour's own item decides which of them is the primary site."""
    stated = []
    for m in ctx.find("pathology_findings", "specimen_site"):
        hit = _site_hit(ctx, *m.group_spans["site"])
        if hit:
            stated.append((hit, m))
    stated = _tumour_first(stated)
    item = _tumour_item_hit(ctx, histology[0]) if histology else None
    if stated and item is not None:
        same = [(h, m) for h, m in stated if h.entry.category == item.entry.category]
        return [_refined_site(ctx, [*same, (item, None)])] if same else [_site_field(ctx, item, None)]
    if stated:
        return [_refined_site(ctx, stated)]
    if item is not None:
        return [_site_field(ctx, item, None)]
    hit = _diagnosis_organ(ctx) or (_mass_organ(ctx) or _title_organ(ctx) if ctx.lang == "zh" else None)
    return [_site_field(ctx, hit, None)] if hit else []


def _diagnosis_organ(ctx: Ctx) -> LexiconMatch | None:
    """The first organ named in a diagnosis section."""
    hits = (_first_site_hit(ctx, s.start, s.end) for s in ctx.sections if s.kind == "diagnosis")
    return min((h for h in hits if h), key=lambda h: h.start, default=None)


def _title_organ(ctx: Ctx) -> LexiconMatch | None:
    """The organ of the title: the first non-empty line (Chinese reports are often titled by the specimen:
    前列腺癌根治标本), only its first sentence when the report is one paragraph."""
    for m in re.finditer(r"[^\n]+", ctx.text):
        if m.group().strip():
            stop = ctx.norm.find("。", m.start(), m.end())
            return _site_hit(ctx, m.start(), m.end() if stop == -1 else stop)
    return None


_CLAUSE_START = re.compile(r"[，,。；;\n]")


def _mass_organ(ctx: Ctx) -> LexiconMatch | None:
    """The organ named in the clause that describes the tumour mass, nearest before the mass noun (子宫颈见一
    菜花样肿物): the site of a narrative report with no diagnosis section or title."""
    for m in ctx.find("pathology_findings", "size_cue_after"):
        starts = [c.end() for c in _CLAUSE_START.finditer(ctx.norm, max(0, m.start - 40), m.start)]
        hits = _site_hits(ctx, starts[-1] if starts else max(0, m.start - 40), m.start)
        if hits:
            return max(hits, key=lambda h: (h.end, h.end - h.start))
    return None


# ")" then Chinese text: the cue was part of a bracketed specimen name, （右乳肿物扩大切除）脂肪组织一块，大小…
_GAP_STOP = re.compile(r"[。；;\n]|[)）]\s{0,2}[\u4e00-\u9fa5]|距|切缘|from|margin|淋巴结|lymph", re.I)
_LABELLED = re.compile(r"肿瘤(?:大小|最大径|直径)\s{0,2}[:：]?\s{0,2}约?\s{0,2}$")
_PRE_GAP, _POST_GAP = 24, 45


def size_fields(ctx: Ctx) -> list[Field]:
    """pathology.tumor_size: a size right after a tumour-size cue (肿瘤大小, Tumor size:), else a size
    followed by a tumour noun (a 3.8 x 3.4 cm ... tumor); normalized cm list, greatest dimension kept. A later
    mention with the same greatest dimension and more dimensions replaces the first."""
    cues = ctx.find("pathology_findings", "size_cue")
    after = ctx.find("pathology_findings", "size_cue_after")
    cue_ends, after_starts = [c.end for c in cues], [c.start for c in after]  # both ascending (non-overlapping)
    pre_hits, post_hits = [], []
    for m in ctx.find("sizes"):
        start, end = m.group_spans.get("dims", (m.start, m.end))
        near = cues[bisect_left(cue_ends, start - _PRE_GAP):bisect_right(cue_ends, start)]  # only the cues in reach (#20)
        cue = next((c for c in reversed(near) if not _GAP_STOP.search(ctx.norm[c.end:start])), None)
        if cue:
            pre_hits.append((m, (start, end), cue))
            continue
        near = after[bisect_left(after_starts, end):bisect_right(after_starts, end + _POST_GAP)]
        post = next((c for c in near if not _GAP_STOP.search(ctx.norm[end:c.start])), None)
        if post:
            post_hits.append((m, (start, end), post))
    # an explicit tumour-size label (肿瘤大小：…) outranks a size after a generic noun (结节，直径…) met earlier
    labelled = [h for h in pre_hits if _LABELLED.match(ctx.norm[h[2].start:h[1][0]])]
    hits = labelled[:1] + [h for h in pre_hits if h not in labelled[:1]] if labelled else pre_hits or post_hits
    if not hits:
        return []
    m, (start, end), cue = hits[0]
    dims = parse_size(ctx.norm[start:end])
    if not dims:
        return []
    for alt in hits[1:]:  # the same tumour measured again in full ("7.5 cm" ... "Tumor Size: 7.5 x 6.8 x 6.0 cm")
        alt_dims = parse_size(ctx.norm[alt[1][0]:alt[1][1]])
        if alt_dims and len(alt_dims) > len(dims) and abs(max(alt_dims) - max(dims)) < 1e-9:
            (m, (start, end), cue), dims = alt, alt_dims
            break
    return [make_field(ctx, "pathology.tumor_size", m, start, end, dims, unit="cm",
                       attributes={"greatest_dimension_cm": max(dims)}, extra=[(cue.start, cue.end)],
                       confidence=min(m.reliability, cue.reliability))]
