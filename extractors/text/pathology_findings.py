"""Margins, lymphovascular / perineural invasion, histological grade and visceral pleural invasion."""
from __future__ import annotations

import re

from oncostruct.engine.cdm import Field, Source
from oncostruct.extractors.rules.loader import RuleMatch, load_pack
from oncostruct.extractors.text.pathology_common import Ctx, group_span, make_field
from oncostruct.extractors.text.pathology_parse import parse_grade, polarity
from oncostruct.extractors.values import parse_size

_FINDINGS = "pathology_findings"
_MARGIN_ORDER = ("positive", "negative")  # the status; "close" is a qualifier of a negative margin
_CLOSE_CM = 0.1  # a stated distance of 1 mm or less makes an uninvolved margin close


def _matches(ctx: Ctx, prefix: str) -> list[RuleMatch]:
    labels = sorted({r.label for r in load_pack(_FINDINGS).rules if r.label.startswith(prefix)})
    return ctx.find(_FINDINGS, *labels)


def margin_fields(ctx: Ctx) -> list[Field]:
    """pathology.margin: ``positive`` if any margin is involved, else ``negative`` (CAP "uninvolved"), with
    ``attributes.close`` when a margin is called close or lies within 1 mm, and ``distance_cm`` when stated.
    A report that only calls a margin close ("DEEP MARGIN CLOSE (0.1 CM) BUT NOT INVOLVED") is negative + close;
    one that only gives a distance is an inferred negative."""
    by_status: dict[str, list[RuleMatch]] = {s: [] for s in _MARGIN_ORDER}
    close: list[RuleMatch] = []
    distances: list[tuple[float, RuleMatch]] = []
    for m in _matches(ctx, "margin_"):
        if m.label == "margin_distance":
            cm = parse_size(f"{m.groups['dist']}{m.groups['unit']}")
            if cm:
                distances.append((cm[0], m))
        elif m.label == "margin_close":
            close.append(m)
        else:
            by_status[m.label.removeprefix("margin_")].append(m)
    nearest = min(distances, key=lambda d: d[0]) if distances else None
    status = next((s for s in _MARGIN_ORDER if by_status[s]), None)
    inferred = False
    if status is None and close:
        status, by_status["negative"] = "negative", close
    if status is None and nearest:
        status, inferred = "negative", True
        by_status["negative"] = [nearest[1]]
    if status is None:
        return []
    chosen = by_status[status]
    attrs: dict = {"statements": len(chosen)}
    extra = [(m.start, m.end) for m in chosen[1:]]
    if status == "negative" and (close or (nearest and nearest[0] <= _CLOSE_CM)):
        attrs["close"] = True
        extra += [(m.start, m.end) for m in close if m not in chosen]
    if nearest:
        attrs["distance_cm"] = nearest[0]
        extra.append((nearest[1].start, nearest[1].end))
    first = chosen[0]
    return [make_field(ctx, "pathology.margin", first, first.start, first.end, status,
                       attributes=attrs, extra=extra, inferred=inferred,
                       confidence=max(m.reliability for m in chosen))]


_INVASION_FIELD = {"lvi": "pathology.lymphovascular_invasion", "pni": "pathology.perineural_invasion"}
_KIND_GROUPS = {"lvi": ("lvi", "lvi_both", "lvi_inv"), "pni": ("pni", "pni_only", "pni_both", "pni_inv")}


def _invasion_statements(m: RuleMatch) -> list[tuple[str, bool, tuple[int, int]]]:
    """(kind, present, span) for every invasion kind one match speaks about."""
    if m.label == "invasion_codes":
        out = []
        if m.groups.get("l") is not None:
            out.append(("lvi", m.groups["l"] == "1" or m.groups["v"] != "0", (m.start, m.end)))
        if m.groups.get("pn") is not None:
            out.append(("pni", m.groups["pn"] == "1", (m.start, m.end)))
        return out
    if m.label == "invasion_present":
        value: bool | None = True
    elif m.label == "invasion_absent":
        value = False
    else:
        value = polarity(m.groups.get("res"))
    if value is None:
        return []
    return [(kind, value, (m.start, m.end)) for kind, groups in _KIND_GROUPS.items() if group_span(m, *groups)]


# Liver MVI grade (微血管侵犯（MVI）：M1): M1/M2 = vascular invasion seen, M0 = none; read only when no other LVI statement.
_MVI = re.compile(r"微血管(?:侵犯|侵袭|浸润)\s{0,2}(?:[(（]MVI[)）])?\s{0,2}(?:分级)?\s{0,2}[:：]?\s{0,2}(?:分级)?\s{0,2}[:：]?\s{0,2}M(?P<g>[012])(?![0-9A-Za-z])")


def _mvi_field(ctx: Ctx) -> list[Field]:
    m = _MVI.search(ctx.norm)
    if not m:
        return []
    return [Field(name="pathology.lymphovascular_invasion", value=ctx.text[m.start():m.end()], normalized=m.group("g") != "0",
                  confidence=0.85, provenance=[ctx.span(m.start(), m.end())],
                  source=Source(kind="rule", name="pathology_findings:lvi.mvi_grade_zh", version="code"),
                  attributes={"mvi_grade": "M" + m.group("g")})]


def invasion_fields(ctx: Ctx) -> list[Field]:
    """pathology.lymphovascular_invasion / perineural_invasion (True if any statement says present)."""
    found: dict[str, list[tuple[bool, RuleMatch, tuple[int, int]]]] = {"lvi": [], "pni": []}
    for m in _matches(ctx, "invasion"):
        for kind, value, sp in _invasion_statements(m):
            found[kind].append((value, m, sp))
    out = []
    if not found["lvi"]:
        out += _mvi_field(ctx)
    for kind, stmts in found.items():
        if not stmts:
            continue
        value = any(v for v, _, _ in stmts)
        chosen = [s for s in stmts if s[0] == value]
        v, m, sp = chosen[0]
        attrs = {"conflicting_statements": True} if len(chosen) < len(stmts) else {}
        out.append(make_field(ctx, _INVASION_FIELD[kind], m, sp[0], sp[1], value,
                              extra=[s[2] for s in chosen[1:]], attributes=attrs))
    return out


def grade_fields(ctx: Ctx) -> list[Field]:
    """pathology.grade: G1-G4 (worst of a range) preferred over low/high; the diagnosis section first."""
    cands = []
    for m in _matches(ctx, "grade"):
        parsed = parse_grade(m.groups)
        if parsed:
            cands.append((parsed, m))
    if not cands:
        return []

    def rank(c: tuple) -> tuple:
        (value, _), m = c
        return (not value.startswith("G"), ctx.section_at(m.start) != "diagnosis", m.start)

    (value, attrs), m = min(cands, key=rank)
    extra = [(o.start, o.end) for (v, _), o in cands if v == value and o is not m]
    others = sorted({v for (v, _), _ in cands if v != value})
    if others:
        attrs = {**attrs, "other_values": others}
    return [make_field(ctx, "pathology.grade", m, m.start, m.end, value, attributes=attrs, extra=extra)]


def pleural_fields(ctx: Ctx) -> list[Field]:
    """pathology.pleural_invasion: PL0-PL3 (attribute invaded = PL1-PL3)."""
    for m in _matches(ctx, "pleural_invasion"):
        pl = f"PL{m.groups['pl']}"
        return [make_field(ctx, "pathology.pleural_invasion", m, m.start, m.end, pl,
                           attributes={"invaded": pl != "PL0"})]
    return []
