"""Immunohistochemistry, PD-L1 scores and molecular results from a pathology report."""
from __future__ import annotations

import re

from oncostruct.engine.cdm import Field, Issue, Source
from oncostruct.extractors.rules.loader import RuleMatch, load_lexicon, load_pack
from oncostruct.extractors.text.pathology_columns import KEY_HEADERS, RESULT_HEADERS, column_tables, pick
from oncostruct.extractors.text.pathology_common import Ctx, Spans, flag_conflicts, index_names, make_field, merge_repeats
from oncostruct.extractors.text.pathology_parse import (
    normalize_alteration,
    normalize_mmr,
    normalize_molecular_result,
    normalize_msi,
    parse_ihc_result,
)

# IHC results and PD-L1 scores are matched together so that one statement is never both.
_IHC_LABELS = ("ihc", "ihc_shared", "pdl1", "pdl1_percent")
_RECEPTOR = re.compile(r"^(estrogen|oestrogen|progesterone|androgen)\s+receptors?", re.I)
_RECEPTOR_CANON = {"estrogen": "ER", "oestrogen": "ER", "progesterone": "PR", "androgen": "AR"}


_MARKER_LIKE = re.compile(r"[A-Z0-9]")


def _marker_name(ctx: Ctx, raw: str, pos: int, bracketed: bool = True) -> str | None:
    """Canonical marker name: from the ihc_markers lexicon, or as written when a marker-like token
    (capitals or digits: BG8, MOC31) with a bracketed result lies inside an IHC section."""
    rec = _RECEPTOR.match(raw)
    if rec:
        return _RECEPTOR_CANON[rec.group(1).lower()]
    entry = load_lexicon("ihc_markers").lookup(raw) or load_lexicon("ihc_markers").lookup(raw.replace(" ", ""))
    if entry:
        return entry.canonical
    return raw if bracketed and _MARKER_LIKE.search(raw) and ctx.in_section(pos, "ihc") else None


def _ihc_field(ctx: Ctx, m: RuleMatch, marker: str, span: tuple[int, int], res: str,
               desc: str | None = None, detail: str | None = None) -> Field | None:
    parsed = parse_ihc_result(res, desc, detail, her2=(marker == "HER2"))
    if parsed is None:
        return None
    core = {k: parsed.pop(k) for k in ("result", "percent", "intensity")}
    attrs = dict(parsed)
    if m.groups.get("clone"):
        attrs["clone"] = m.groups["clone"]
    return make_field(ctx, "pathology.ihc", m, span[0], span[1], {"marker": marker, **core}, attributes=attrs)


def ihc_fields(ctx: Ctx, exclude: list[tuple[int, int]]) -> list[Field]:
    """pathology.ihc[i]; matches overlapping ``exclude`` (molecular statements such as ALK D5F3) are skipped."""
    pack = load_pack("ihc")
    token = re.compile(r"(?<![A-Za-z0-9\-])" + pack.spec.definitions["marker"])
    fields: list[Field] = []
    blocked = Spans(exclude)
    for m in ctx.find("ihc", *_IHC_LABELS):
        if m.label.startswith("pdl1") or blocked.overlaps(m.start, m.end):
            continue
        if m.label == "ihc_shared":
            base = m.group_spans["markers"][0]
            for t in token.finditer(m.groups["markers"]):  # English lists keep lexicon markers only
                name = _marker_name(ctx, t.group(0), m.start, bracketed=m.rule_id != "ihc.shared_en")
                f = name and _ihc_field(ctx, m, name, (base + t.start(), base + t.end()), m.groups["res"])
                if f:
                    f.provenance.append(ctx.span(m.start, m.end))
                    fields.append(f)
            continue
        name = _marker_name(ctx, m.groups["marker"], m.start, bracketed=m.rule_id == "ihc.bracket")
        detail = m.groups.get("detail") or m.groups.get("detail2")
        f = name and _ihc_field(ctx, m, name, (m.start, m.end), m.groups["res"], m.groups.get("desc"), detail)
        if f:
            fields.append(f)
    taken = {f.normalized["marker"] for f in fields}
    extra = _leader_fields(ctx) + _mmr_list_fields(ctx) + _column_fields(ctx) + _xml_fields(ctx)
    fields += [f for f in extra if f.normalized["marker"] not in taken]
    fields = merge_repeats(fields, key=lambda f: tuple(sorted(f.normalized.items())))
    return index_names(fields, "pathology.ihc")


# A marker and its result joined by a dot leader on one line: "MLH1 ........ +", "Ki-67 ....... +，约20%" (the
# leader reads as ":" and spaces in Ctx.norm), or by a wide gap.
_LEADER = re.compile(r"(?m)^[ \t]{0,8}(?P<marker>[A-Za-z][A-Za-z0-9/\-]{0,11}(?: [A-Z][A-Za-z0-9]{0,5})?)[ \t]{0,4}"
                     r"(?:[.·…．]{3,80}+|:?[ \t]{3,200}+)[ \t]{0,4}(?P<res>[^\n]{1,30}?)[ \t]{0,8}$")
_MMR = "MLH1|PMS2|MSH2|MSH6"
# English MMR statement: "MLH1, PMS2, MSH2 and MSH6 nuclear expression retained" / "... loss of expression".
_MMR_LIST = re.compile(r"(?P<markers>(?:" + _MMR + r")(?:(?:,|,? and| and| &|/)[ ]{0,3}(?:" + _MMR + r")){1,3})"
                       r"[ ]{0,3}(?:proteins?[ ]{0,3})?(?:(?:show|shows|with|have|has)[ ]{1,3})?(?:(?:intact|normal|nuclear)[ ]{1,3}){0,2}"
                       r"(?:expression|staining|immunoreactivity)[ ]{1,3}(?:(?:is|are|was|were)[ ]{1,3})?(?P<res>retained|intact|preserved|lost|absent)",
                       re.I)


def _leader_fields(ctx: Ctx) -> list[Field]:
    """IHC results on dot-leader (or wide-gap) lines inside an IHC section, marker from the lexicon or marker-like."""
    out = []
    for m in _LEADER.finditer(ctx.norm):
        if not ctx.in_section(m.start(), "ihc"):
            continue
        name = _marker_name(ctx, m.group("marker"), m.start(), bracketed=True)
        if not name:
            continue
        parsed = parse_ihc_result(m.group("res"), her2=(name == "HER2"))
        if parsed is None or parsed["result"] is None:
            continue
        out.append(_code_field(ctx, m.start(), m.end(), "ihc.leader_line",
                               {"marker": name, **{k: parsed[k] for k in ("result", "percent", "intensity")}}))
    return out


def _mmr_list_fields(ctx: Ctx) -> list[Field]:
    """One result per MMR protein of an English list sharing "expression retained/lost"."""
    out = []
    for m in _MMR_LIST.finditer(ctx.norm):
        result = "negative" if m.group("res").lower() in ("lost", "absent") else "positive"
        base = m.start("markers")
        for t in re.finditer(_MMR, m.group("markers"), re.I):
            out.append(_code_field(ctx, base + t.start(), base + t.end(), "ihc.mmr_list_en",
                                   {"marker": t.group(0).upper(), "result": result, "percent": None, "intensity": None},
                                   extra=(m.start(), m.end())))
    return out


def _column_fields(ctx: Ctx) -> list[Field]:
    """IHC results from a column-major table (抗体 ⏎ ER ⏎ PR ⏎ 结果 ⏎ +（约90%） ⏎ -), markers from the lexicon or marker-like."""
    out = []
    for table in column_tables(ctx.norm):
        keys, results = pick(table, KEY_HEADERS), pick(table, RESULT_HEADERS)
        if not (keys and results):
            continue
        for k, r in zip(keys, results):
            name = _marker_name(ctx, k[0], k[1], bracketed=True)
            parsed = name and parse_ihc_result(r[0], her2=(name == "HER2"))
            if parsed and parsed["result"] is not None:
                out.append(_code_field(ctx, k[1], k[2], "ihc.column_table",
                                       {"marker": name, **{x: parsed[x] for x in ("result", "percent", "intensity")}},
                                       extra=(r[1], r[2])))
    return out


# An XML element with a marker attribute and a result attribute: <项目 名称="CK7" 结果="+" 百分比="3%"/>.
_XML_ITEM = re.compile(r"<[^<>\n]{0,40}?(?:名称|抗体|标记物|name|marker)\s{0,2}=\s{0,2}\"(?P<marker>[^\"<>\n]{1,24})\""
                       r"(?P<mid>[^<>\n]{0,60}?)(?:结果|result)\s{0,2}=\s{0,2}\"(?P<res>[^\"<>\n]{1,24})\"(?P<rest>[^<>\n]{0,80})>", re.I)
_XML_PCT = re.compile(r"(?:百分比|阳性率|percent|percentage)\s{0,2}=\s{0,2}\"(?P<pct>[^\"<>\n]{1,12})\"", re.I)


def _xml_fields(ctx: Ctx) -> list[Field]:
    """IHC results from XML elements naming a marker and a result (percent from a percent attribute)."""
    out = []
    for m in _XML_ITEM.finditer(ctx.norm):
        name = _marker_name(ctx, m.group("marker").strip(), m.start(), bracketed=True)
        if not name:
            continue
        pct = _XML_PCT.search(m.group("mid") + m.group("rest"))
        parsed = parse_ihc_result(m.group("res"), None, pct.group("pct") if pct else None, her2=(name == "HER2"))
        if parsed and parsed["result"] is not None:
            out.append(_code_field(ctx, m.start(), m.end(), "ihc.xml_item",
                                   {"marker": name, **{x: parsed[x] for x in ("result", "percent", "intensity")}}))
    return out


def _code_field(ctx: Ctx, start: int, end: int, rule: str, normalized: dict, extra: tuple[int, int] | None = None) -> Field:
    spans = [ctx.span(start, end)] + ([ctx.span(*extra)] if extra else [])
    return Field(name="pathology.ihc", value=ctx.text[start:end], normalized=normalized, confidence=0.85,
                 provenance=spans, source=Source(kind="rule", name=f"ihc:{rule}", version="code"), attributes={})


_TPS = ("TPS", "TC", "肿瘤细胞阳性比例分数")
_CPS = ("CPS", "联合阳性分数", "综合阳性评分")


def pdl1_fields(ctx: Ctx) -> tuple[list[Field], list[Issue]]:
    """pathology.pdl1.tps / pathology.pdl1.cps (percent-only statements count as TPS, marked inferred)."""
    explicit: list[Field] = []
    implied: list[Field] = []
    for m in ctx.find("ihc", *_IHC_LABELS):
        if not m.label.startswith("pdl1"):
            continue
        score = m.groups.get("score")
        name = "pathology.pdl1.cps" if score in _CPS else "pathology.pdl1.tps" if (score in _TPS or score is None) else None
        if name is None:
            continue
        attrs = {k: m.groups[g] for k, g in (("clone", "clone"), ("clone", "clone2"), ("comparator", "cmp")) if m.groups.get(g)}
        f = make_field(ctx, name, m, m.start, m.end, float(m.groups["val"]), unit="%" if name.endswith("tps") else None,
                       attributes=attrs, inferred=score is None)
        (implied if score is None else explicit).append(f)
    if not any(f.name == "pathology.pdl1.tps" for f in explicit):
        explicit += implied[:1]
    issues: list[Issue] = []
    out: list[Field] = []
    for name in ("pathology.pdl1.tps", "pathology.pdl1.cps"):
        group = merge_repeats([f for f in explicit if f.name == name], key=lambda f: f.normalized)
        issues += flag_conflicts(group, lambda f: 0, name.removeprefix("pathology."))
        out += group
    return out, issues


_GENE_CANON = {"HER2": "ERBB2", "HER-2": "ERBB2"}


_LATER_RESULT = re.compile(r"\s{0,2}(?:[(（][^()（）\n]{1,24}[)）])?\s{0,2}[:：]\s{0,2}(?P<res>阴性|阳性|未检测到|未检出)")


_BARE = {"阳性", "阴性", "positive", "negative", "detected", "not detected", "未检出", "未检测到"}


def _molecular(ctx: Ctx, m: RuleMatch) -> tuple[dict, dict] | None:
    """(normalized, attributes) of one molecular match, or None when it carries no result.

    A gene with a bare positive/negative (HER2: Negative, EGFR（阴性）) is read as molecular only
    inside a molecular section; elsewhere it is left to the IHC rules."""
    g = m.groups
    if (g.get("res2") or "").strip().lower() in _BARE and not g.get("assay") and not ctx.in_section(m.start, "molecular"):
        return None
    res = g.get("res") or g.get("res2")
    attrs = {k: g[k] for k in ("assay", "ratio") if g.get(k)}
    if m.label == "msi":
        status = normalize_msi(res or "")
        return ({"gene": "MSI", "result": status, "alteration": None}, attrs) if status else None
    if m.label == "mmr":
        status = normalize_mmr(res or "")
        return ({"gene": "MMR", "result": status, "alteration": None}, attrs) if status else None
    gene = g.get("gene")
    alt = g.get("alt")
    for key, val in g.items():
        if key.startswith("alt_") and val:
            gene, alt = key.removeprefix("alt_"), val
    if not gene:
        return None
    gene = _GENE_CANON.get(gene.upper(), gene.upper())
    later = _LATER_RESULT.match(ctx.norm, m.end)
    if later and not alt and (res or "").strip() in ("融合", "重排", "突变", "扩增"):
        res = (res or "").strip() + later.group("res")  # ROS1融合（RT-PCR）：阴性 -> 融合阴性, a result after the assay
    result = "negative" if m.label == "molecular_negated" else normalize_molecular_result(res, bool(alt))
    if result is None:
        return None
    return {"gene": gene, "result": result, "alteration": normalize_alteration(alt)}, attrs


def molecular_fields(ctx: Ctx) -> list[Field]:
    """pathology.molecular[i]: gene, result (mutant/wild-type/negative/fusion/amplified/MSI-H/dMMR ...), alteration."""
    fields = []
    for m in ctx.find("molecular"):
        parsed = _molecular(ctx, m)
        if parsed:
            fields.append(make_field(ctx, "pathology.molecular", m, m.start, m.end, parsed[0], attributes=parsed[1]))
    fields = merge_repeats(fields, key=lambda f: tuple(sorted(f.normalized.items())))
    return index_names(fields, "pathology.molecular")
