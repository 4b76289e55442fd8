"""pTNM, AJCC edition and lymph-node tallies (stations and totals) from a pathology report."""
from __future__ import annotations

import re

from oncostruct.engine.cdm import Field, Issue
from oncostruct.extractors.base import rule_source
from oncostruct.extractors.rules.loader import RuleMatch
from oncostruct.extractors.text.pathology_common import Ctx, flag_conflicts, group_span, index_names, make_field, merge_repeats
from oncostruct.extractors.text.pathology_ln_prose import column_stations, prose_stations
from oncostruct.extractors.text.pathology_parse import parse_count, parse_edition, parse_tnm_component

_AXIS_FIELD = {"T": "pathology.pT", "N": "pathology.pN", "M": "pathology.pM"}


def _family(prefix: str | None) -> str:
    """Staging context of a prefix: post-therapy (y), clinical (c) or pathological (p, r, a, none)."""
    p = prefix or ""
    return "y" if "y" in p else "c" if "c" in p else "p"


def tnm_fields(ctx: Ctx) -> tuple[list[Field], list[Issue]]:
    """pathology.pT/pN/pM and pathology.ajcc_edition; disagreeing values of one staging context are flagged."""
    fields: list[Field] = []
    for m in ctx.find("tnm", "tnm"):
        t_prefix = None
        for axis in ("t", "n", "m"):
            gs = group_span(m, axis)
            if gs is None:
                continue
            comp = parse_tnm_component(ctx.norm[gs[0]:gs[1]])
            if comp is None:
                continue
            inherited = comp["prefix"] is None and t_prefix is not None
            prefix = t_prefix if inherited else comp["prefix"]
            if axis == "t":
                t_prefix = comp["prefix"]
            attrs = {"modifiers": comp["modifiers"]} if comp["modifiers"] else {}
            if inherited:
                attrs["prefix_inherited"] = True
            fields.append(make_field(ctx, _AXIS_FIELD[comp["axis"]], m, gs[0], gs[1],
                                     {"prefix": prefix, "category": comp["category"]}, attributes=attrs))
    issues: list[Issue] = []
    out: list[Field] = []
    for name in _AXIS_FIELD.values():
        group = merge_repeats([f for f in fields if f.name == name],
                              key=lambda f: (f.normalized["prefix"], f.normalized["category"]))
        group = _fold_clinical(group)
        issues += flag_conflicts(group, lambda f: _family(f.normalized["prefix"]), name.split(".")[1])
        out += group
    ed, ed_issues = _edition_fields(ctx)
    stage, stage_issues = _stage_group_fields(ctx)
    return out + ed + stage, issues + ed_issues + stage_issues


_ROMAN = {"Ⅰ": "I", "Ⅱ": "II", "Ⅲ": "III", "Ⅳ": "IV"}  # Roman-numeral characters of a stage group


def _stage_group_fields(ctx: Ctx) -> tuple[list[Field], list[Issue]]:
    """pathology.ajcc_stage: an explicitly written stage group (``STAGE IIIA`` → ``"IIIA"``); several
    different groups in one report are flagged."""
    fields = []
    for m in ctx.find("tnm", "stage_group"):
        gs = group_span(m, "stage")
        if gs is None:
            continue
        end = (group_span(m, "sub") or gs)[1]
        fields.append(make_field(ctx, "pathology.ajcc_stage", m, gs[0], end,
                                 _ROMAN.get(m.groups["stage"], m.groups["stage"]) + (m.groups.get("sub") or "").upper()))
    fields = merge_repeats(fields, key=lambda f: f.normalized)
    return fields, flag_conflicts(fields, lambda f: 0, "stage group")


def _fold_clinical(group: list[Field]) -> list[Field]:
    """Clinical (c) categories written next to pathological ones (cT3 ... ypT3) are kept as the
    ``clinical`` attribute of the first pathological field rather than as a second value."""
    clinical = [f for f in group if _family(f.normalized["prefix"]) == "c"]
    kept = [f for f in group if _family(f.normalized["prefix"]) != "c"]
    if not clinical or not kept:
        return group
    kept[0].attributes["clinical"] = [f.value for f in clinical]
    return kept


def _edition_fields(ctx: Ctx) -> tuple[list[Field], list[Issue]]:
    fields = []
    for m in ctx.find("tnm", "ajcc_edition"):
        gs = group_span(m, "ed", "ed2")
        edition = parse_edition(m.groups.get("ed") or m.groups.get("ed2"))
        if gs and edition:
            fields.append(make_field(ctx, "pathology.ajcc_edition", m, m.start, m.end, edition))
    fields = merge_repeats(fields, key=lambda f: f.normalized)
    return fields, flag_conflicts(fields, lambda f: 0, "AJCC edition")


# --- lymph nodes -------------------------------------------------------------------------

_LN_CONTEXT = re.compile(r"淋巴结|lymph|nodes?\b|LNs?\b|[组站]", re.I)
_N_BEFORE = re.compile(r"N(?:[0-3X]|O)[a-c]?(?:mi)?\s*$")
_COUNT_ROW = re.compile(r"\d{1,3}\s*/\s*\d{1,3}")
_MAX_ROWS = 20  # how many count rows above a station line the list header is looked for


def _ln_context(ctx: Ctx, m: RuleMatch) -> bool:
    """A bare or station count belongs to lymph nodes when its sentence talks about nodes, it follows pN, or
    the list it is part of is introduced as nodes (:func:`_list_lead`)."""
    s, e = ctx.sentence(m.start)
    if _LN_CONTEXT.search(ctx.norm[s:e]):
        return True
    if _N_BEFORE.search(ctx.norm[max(0, m.start - 12):m.start]):
        return True
    return bool(_LN_CONTEXT.search(_list_lead(ctx.norm, m.start)))


def _list_lead(text: str, pos: int) -> str:
    """What introduces the list a count at ``pos`` belongs to: its line (from the last full stop) up to ``pos``
    (淋巴结：胰头周围 3/10；肝总动脉旁 1/4) and, when lines above are count rows too, the first line above them (the list's header:
    淋巴结分组：转移数/检出数 ⏎ 食管旁：2/7 ⏎ 隆突下：1/4)."""
    line_start = text.rfind("\n", 0, pos) + 1
    lead = text[max(line_start, text.rfind("。", 0, pos) + 1):pos]
    end = line_start - 1
    for _ in range(_MAX_ROWS):
        if end < 0:
            break
        start = text.rfind("\n", 0, end) + 1
        line = text[start:end]
        if not _COUNT_ROW.search(line):
            return line + "\n" + lead
        end = start - 1
    return lead


Count = tuple[int, tuple[int, int]]  # (value, span of the number)
Tally = tuple[RuleMatch, Count | None, Count | None]  # (match, positive, examined)


def _count(ctx: Ctx, m: RuleMatch, group: str) -> Count | None:
    gs = group_span(m, group)
    if gs is None:
        return None
    n = parse_count(ctx.norm[gs[0]:gs[1]])
    return (n, gs) if n is not None else None


def ln_fields(ctx: Ctx) -> list[Field]:
    """pathology.ln_stations[i], pathology.ln_positive and pathology.ln_examined.

    Totals come from an explicit statement when there is one (the largest examined count when
    several disagree, e.g. per-specimen lines plus a summary), else from bare counts in a node
    context, else from the sum of the stations. A separate examined count ("Total lymph nodes examined:
    19") replaces a smaller one from a per-part statement ("two of sixteen … lymph nodes").
    """
    stations: list[Field] = []
    totals: list[Tally] = []
    bare: list[Tally] = []
    separate: dict[str, tuple[RuleMatch, Count]] = {}
    for m in ctx.find("lymph_nodes"):
        pos, exam = _count(ctx, m, "pos"), _count(ctx, m, "exam")
        if m.label == "ln_station":
            if m.rule_id.endswith("named_zh") and not _ln_context(ctx, m):
                continue
            if pos and exam and pos[0] <= exam[0]:
                name = re.sub(r"\s+", "", m.groups["station"] or "")
                stations.append(make_field(ctx, "pathology.ln_stations", m, m.start, m.end,
                                           {"station": name, "positive": pos[0], "examined": exam[0]}))
        elif m.label in ("ln_total", "ln_total_negative"):
            totals.append((m, pos, exam))
        elif m.label == "ln_count" and _ln_context(ctx, m):
            bare.append((m, pos, exam))
        elif m.label in ("ln_examined", "ln_positive") and m.label not in separate:
            c = exam if m.label == "ln_examined" else pos
            if c:
                separate[m.label] = (m, c)
    if not stations:
        stations, item_spans = prose_stations(ctx)
        # a count inside a listed station item (右闭孔淋巴结6枚，均未见癌转移) is that station's, not the total
        totals = [t for t in totals if not any(s <= t[0].start < e for s, e in item_spans)]
    if not stations:
        stations = column_stations(ctx)
    out = index_names(stations, "pathology.ln_stations")
    chosen = _choose_total(totals) or _choose_total(bare)
    if chosen and chosen[2] and stations and chosen[2][0] < sum(f.normalized["examined"] for f in stations):
        chosen = None  # one station's count (左盆腔淋巴结 9枚（0/9）), not the total of the listed stations
    listed = [] if totals else _listed_counts(ctx, bare, chosen)
    if len(listed) > 1:
        out += _count_sums(ctx, listed)
        chosen = None
    if chosen:
        m, pos, exam = chosen
        if exam:
            out.append(make_field(ctx, "pathology.ln_examined", m, *exam[1], exam[0]))
        if pos:
            out.append(make_field(ctx, "pathology.ln_positive", m, *pos[1], pos[0]))
        elif m.label == "ln_total_negative":
            out.append(make_field(ctx, "pathology.ln_positive", m, m.start, m.end, 0))
    for label, (m, (n, gs)) in separate.items():
        name = "pathology." + label
        have = next((f for f in out if f.name == name), None)
        if have is not None and label == "ln_examined" and have.normalized < n:
            out.remove(have)
            have = None
        if have is None:
            out.append(make_field(ctx, name, m, gs[0], gs[1], n))
    if stations and not any(f.name in ("pathology.ln_examined", "pathology.ln_positive") for f in out):
        out += _station_sums(ctx, stations)
    return out


def _choose_total(cands: list[Tally]) -> Tally | None:
    """The candidate with the largest examined count (first one on ties)."""
    best = None
    for c in cands:
        exam = c[2][0] if c[2] else -1
        if best is None or exam > (best[2][0] if best[2] else -1):
            best = c
    return best


def _listed_counts(ctx: Ctx, bare: list[Tally], chosen: Tally | None) -> list[Tally]:
    """Bare counts listed in the sentence of the largest one (盆腔淋巴结：左侧（1/12），右侧（0/14）), when
    they are parts to add up; empty when there is one, or the largest is the sum of the others (a summary)."""
    if chosen is None or not chosen[1] or not chosen[2]:
        return []
    s, e = ctx.sentence(chosen[0].start)
    same = [b for b in bare if s <= b[0].start < e and b[1] and b[2]]
    others = [b for b in same if b is not chosen]
    if not others or sum(b[2][0] for b in others) == chosen[2][0]:
        return []
    return same


def _count_sums(ctx: Ctx, listed: list[Tally]) -> list[Field]:
    """pathology.ln_examined / ln_positive summed over listed bare counts (backed by every count's span)."""
    spans = [ctx.span(m.start, m.end) for m, _, _ in listed]
    first = listed[0][0]
    out = []
    for name, k in (("pathology.ln_examined", 2), ("pathology.ln_positive", 1)):
        total = sum(t[k][0] for t in listed)  # type: ignore[index]
        out.append(Field(name=name, value=None, normalized=total, confidence=min(m.reliability for m, _, _ in listed),
                         provenance=spans, source=rule_source(first),
                         attributes={"derived": "sum_of_listed_counts", "counts": len(listed)}))
    return out


def _station_sums(ctx: Ctx, stations: list[Field]) -> list[Field]:
    """Totals summed over the stations (backed by every station's span)."""
    spans = [(p.start, p.end) for f in stations for p in f.provenance]
    conf = min(f.confidence for f in stations)
    out = []
    for name, key in (("pathology.ln_examined", "examined"), ("pathology.ln_positive", "positive")):
        total = sum(f.normalized[key] for f in stations)
        first = stations[0]
        out.append(Field(name=name, value=None, normalized=total, confidence=conf,
                         provenance=[ctx.span(s, e) for s, e in spans], source=first.source,
                         attributes={"derived": "sum_of_stations", "stations": len(stations)}))
    return out
