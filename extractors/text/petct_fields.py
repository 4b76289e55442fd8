"""PET-CT lesion records as CDM fields: findings lesions, conclusion lesions, their links, counts per site.

``imaging.lesions[i].*``: site (provenance: the site phrase, then the whole findings unit), laterality,
size (cm, as before), size_mm (longest), suv_max, fdg_uptake, uptake_kind, judgement and conclusion
(the best linked conclusion unit; ``attributes``: item number, conclusion index, score, relation, and
``also`` for other linked units). ``imaging.conclusion_lesions[j].*``: the same attributes of each
conclusion unit (site provenance: the site phrase, then the unit). ``imaging.site_counts[k]``: findings
lesions per organ. Weak or ambiguous links, and avid or measured findings without any conclusion,
come out ``needs_review`` with a reason.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from oncostruct.engine.cdm import Field, FieldStatus, Source, TextSpan
from oncostruct.extractors.base import field_from_match, lexicon_code, span
from oncostruct.extractors.text.petct_linking import Link, judgement, link
from oncostruct.extractors.text.petct_sections import Section
from oncostruct.extractors.text.petct_units import LinkConfig, Unit, link_config, units
from oncostruct.extractors.values import parse_size, to_halfwidth

NAME = "petct-lesions"
UNLINKED_REASON = "avid or measured finding without a matching conclusion item"


@dataclass
class Structure:
    """The lesion units of one report and the links between them."""

    findings: list[Unit]
    conclusions: list[Unit]
    links: list[Link]

    def linked(self, i: int) -> list[Link]:
        return sorted((lk for lk in self.links if lk.finding == i), key=lambda lk: (-lk.score, lk.conclusion))


def structure(text: str, sections: list[Section], cfg: LinkConfig | None = None) -> Structure:
    cfg = cfg or link_config()
    findings, conclusions = units(text, sections, cfg.units)
    links = link(text, findings, conclusions, cfg)
    linked = {lk.finding for lk in links}
    # physiological uptake (生理性, symmetric) that no conclusion item discusses is no lesion
    keep = [i for i, u in enumerate(findings) if i in linked or u.uptake_kind != "physiological"]
    index = {old: new for new, old in enumerate(keep)}
    return Structure([findings[i] for i in keep], conclusions,
                     [replace(lk, finding=index[lk.finding]) for lk in links])


def _source(part: str, version: str) -> Source:
    return Source(kind="rule", name=f"{NAME}:{part}", version=version)


def _unit_span(text: str, u: Unit) -> TextSpan:
    start, end = u.region
    return span(start, end, text[start:end], "findings" if u.kind == "finding" else "conclusion")


def _attribute_fields(text: str, base: str, u: Unit, judged: str, judged_from: Unit, cfg: LinkConfig) -> list[Field]:
    """Site, laterality, size, SUVmax, uptake, uptake kind and judgement of one unit."""
    conf, src = cfg.confidence, _source("attributes", cfg.version)
    section = "findings" if u.kind == "finding" else "conclusion"
    site = u.site
    s0, s1 = u.site_span  # the site list that starts at the main site (右肺门及纵隔淋巴结)
    site_f = field_from_match(f"{base}.site", site.head, value=text[s0:s1], normalized=to_halfwidth(text[s0:s1]),
                              code=lexicon_code(site.head, "ICD-O-3"), section=section,
                              attributes={"organ": site.organ, "canonical": site.canonical, "node": u.is_node(site),
                                          "main_site": site.text})
    site_f.provenance = [span(s0, s1, text[s0:s1], section), _unit_span(text, u)]
    stated = u.laterality != "none"
    out = [site_f, Field(name=f"{base}.laterality", value=text[s0:s1] if stated else None,
                         normalized=u.laterality, source=src, inferred=not stated,
                         confidence=conf["laterality_stated" if stated else "laterality_none"],
                         provenance=[span(s0, s1, text[s0:s1], section)])]
    if u.size is not None and u.size_mm is not None:
        if u.kind == "finding":
            dims = u.size.groups.get("dims") or u.size.text
            out.append(field_from_match(f"{base}.size", u.size, normalized=parse_size(dims), unit="cm", section=section))
        out.append(field_from_match(f"{base}.size_mm", u.size, normalized=u.size_mm, unit="mm", section=section))
    if u.suv is not None:
        out.append(field_from_match(f"{base}.suv_max", u.suv, normalized=u.suv_max, section=section))
    if u.uptake_match is not None:
        out.append(field_from_match(f"{base}.fdg_uptake", u.uptake_match, normalized=u.uptake, section=section))
    else:
        evidence = u.suv if u.suv is not None else None
        prov = [span(evidence.start, evidence.end, evidence.text, section)] if evidence else [_unit_span(text, u)]
        out.append(Field(name=f"{base}.fdg_uptake", value=None, normalized=u.uptake, source=src, inferred=True,
                         confidence=conf["uptake_inferred" if evidence else "uptake_not_stated"], provenance=prov))
    out.append(Field(name=f"{base}.uptake_kind", value=None, normalized=u.uptake_kind, source=src, inferred=True,
                     confidence=conf["uptake_kind"], provenance=[_unit_span(text, u)]))
    key = ("judgement_indeterminate" if judged == "indeterminate"
           else "judgement_conclusion" if judged_from.kind == "conclusion" else "judgement_finding")
    out.append(Field(name=f"{base}.judgement", value=None, normalized=judged, source=src, inferred=True,
                     confidence=conf[key], provenance=[_unit_span(text, judged_from)],
                     attributes={"from": judged_from.kind}))
    return out


def _link_field(text: str, base: str, st: Structure, links: list[Link], cfg: LinkConfig) -> Field:
    best = links[0]
    cu = st.conclusions[best.conclusion]
    item_text = text[cu.start:cu.end]
    strong = best.review_reason is None
    return Field(name=f"{base}.conclusion", value=item_text, normalized=item_text,
                 confidence=cfg.link_confidence["strong" if strong else "weak"], source=_source("linking", cfg.version),
                 provenance=[_unit_span(text, cu)],
                 attributes={"item": cu.item, "conclusion": best.conclusion, "score": best.score, "relation": best.relation,
                             "also": [lk.conclusion for lk in links[1:]]},
                 status=FieldStatus.auto_accepted if strong else FieldStatus.needs_review, review_reason=best.review_reason)


def lesion_fields(text: str, sections: list[Section], cfg: LinkConfig | None = None) -> list[Field]:
    """All lesion-record fields of a report."""
    cfg = cfg or link_config()
    st = structure(text, sections, cfg)
    fields: list[Field] = []
    for i, fu in enumerate(st.findings):
        base = f"imaging.lesions[{i}]"
        links = st.linked(i)
        linked_units = [st.conclusions[lk.conclusion] for lk in links]
        judged, source = judgement(text, fu, linked_units, cfg, [lk.site for lk in links])
        attrs = _attribute_fields(text, base, fu, judged, source, cfg)
        if not links and fu.suspicious:
            attrs = [f.model_copy(update={"status": FieldStatus.needs_review, "review_reason": UNLINKED_REASON})
                     if f.name.endswith(".judgement") else f for f in attrs]
        fields.extend(attrs)
        if links:
            fields.append(_link_field(text, base, st, links, cfg))
    for j, cu in enumerate(st.conclusions):
        fields.extend(_attribute_fields(text, f"imaging.conclusion_lesions[{j}]", cu, cu.judgement, cu, cfg))
    fields.extend(site_count_fields(text, st.findings, cfg))
    return fields


def site_count_fields(text: str, findings: list[Unit], cfg: LinkConfig) -> list[Field]:
    """One field per organ: how many findings lesions (and how many suspicious ones) it holds."""
    by_organ: dict[str, list[Unit]] = {}
    for u in findings:
        by_organ.setdefault(u.site.organ, []).append(u)
    out = []
    for k, (organ, us) in enumerate(by_organ.items()):
        out.append(Field(name=f"imaging.site_counts[{k}]", value=f"{organ}: {len(us)}",
                         normalized={"site": organ, "count": len(us), "suspicious": sum(u.suspicious for u in us)},
                         confidence=cfg.confidence["site_count"], source=_source("counts", cfg.version), inferred=True,
                         provenance=[span(*u.site_span, text[slice(*u.site_span)], "findings") for u in us]))
    return out
