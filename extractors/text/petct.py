"""PET-CT / CT report extractor (rules and lexicons).

Steps: split findings and conclusion (:mod:`petct_sections`), find the findings lesions with site,
size, SUVmax and FDG uptake (:mod:`petct_lesions`), link each to its conclusion item
(:mod:`petct_matching`) and derive the CCKS2019 document attributes (:mod:`petct_summary`).
Field names follow the CDM contract: ``imaging.lesions[i].site|size|suv_max|fdg_uptake|conclusion``,
``imaging.primary_site[i]``, ``imaging.primary_size[i]``, ``imaging.metastasis_sites[i]``.
"""
from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from oncostruct.engine.cdm import Field, FieldStatus, ImagingView, Lesion, Source, TextSpan
from oncostruct.extractors.base import BaseComponent, Extraction, ExtractionInput, field_from_match, lexicon_code, span
from oncostruct.extractors.text.petct_lesions import FoundLesion, find_lesions
from oncostruct.extractors.text.petct_matching import match_lesions
from oncostruct.extractors.text.petct_sections import Item, Section, conclusion_items, split_sections
from oncostruct.extractors.text.petct_summary import Mention, metastases, primary
from oncostruct.extractors.values import to_halfwidth

NAME = "petct-rules"
VERSION = "1"
MATCH_CONFIDENCE = 0.8  # stated reliability of the lesion-to-conclusion linking heuristic
# Confidence of the document-level CCKS attributes = their measured precision on the CCKS2019 tumour
# train part (892 records, benchmarks/RESULTS.md "Tumour attributes"); dev was not used.
SUMMARY_CONFIDENCE = {"imaging.primary_site": 0.75, "imaging.primary_size": 0.79, "imaging.metastasis_sites": 0.77}
# Values whose context contradicts or qualifies them (Mention.context): confidence = their measured
# precision on part a plus part-b folds 1-2 (the tuning folds; folds 3-5 not read), see RESULTS.md
# "Tumour attributes across hospitals". Post-operative primaries are kept: the annotators list a resected
# primary (209/224 correct; history sizes 42/67), so the field is marked not current instead of dropped.
CONTEXT_CONFIDENCE = {("imaging.primary_site", "post_operative"): 0.93,
                      ("imaging.primary_size", "history_primary"): 0.63}
CONTEXT_REVIEW = {
    ("imaging.primary_size", "history_primary"):
        "size of a findings lesion linked to a primary named only as treated history (measured precision 0.63)",
}
_INDEXED = re.compile(r"^imaging\.lesions\[(\d+)\]\.(\w+)$")


def _source(part: str) -> Source:
    return Source(kind="rule", name=f"{NAME}:{part}", version=VERSION)


def lesion_fields(text: str, i: int, les: FoundLesion, item: Item | None) -> list[Field]:
    """The fields of lesion ``i``; the site field also carries the whole findings clause."""
    base = f"imaging.lesions[{i}]"
    clause = span(les.start, les.end, text[les.start:les.end], "findings")
    site = les.site
    out = [field_from_match(f"{base}.site", site.head, value=site.text, normalized=to_halfwidth(site.text),
                            code=lexicon_code(site.head, "ICD-O-3"), section="findings",
                            attributes={"organ": site.canonical, "laterality": site.laterality})]
    out[0].provenance = [span(site.start, site.end, site.text, "findings"), clause]
    if les.size is not None:
        out.append(field_from_match(f"{base}.size", les.size, normalized=les.size_cm, unit="cm", section="findings"))
    if les.suv is not None:
        out.append(field_from_match(f"{base}.suv_max", les.suv, normalized=les.suv_max, section="findings"))
    if les.uptake is not None:
        out.append(field_from_match(f"{base}.fdg_uptake", les.uptake, normalized=les.fdg_uptake, section="findings"))
    elif les.suv is not None:
        f = field_from_match(f"{base}.fdg_uptake", les.suv, normalized="increased", section="findings")
        out.append(f.model_copy(update={"inferred": True, "value": None}))
    if item is not None:
        item_text = text[item.start:item.end]
        out.append(Field(name=f"{base}.conclusion", value=item_text, normalized=item_text,
                         confidence=MATCH_CONFIDENCE, source=_source("matching"),
                         provenance=[span(item.start, item.end, item_text, "conclusion")],
                         attributes={"item": item.index}))
    return out


def mention_fields(name: str, mentions: list[Mention]) -> list[Field]:
    return [_mention_field(f"{name}[{k}]", name, m) for k, m in enumerate(mentions)]


def _mention_field(path: str, name: str, m: Mention) -> Field:
    """A CCKS attribute value; a qualifying context sets its confidence, attributes and review status."""
    key = (name, m.context or "")
    reason = CONTEXT_REVIEW.get(key)
    return Field(name=path, value=m.text, normalized=m.text,
                 confidence=CONTEXT_CONFIDENCE.get(key, SUMMARY_CONFIDENCE[name]),
                 source=_source("ccks"), provenance=[span(m.start, m.end, m.text)],
                 attributes={"context": m.context, "current": m.context != "post_operative"} if m.context else {},
                 status=FieldStatus.needs_review if reason else FieldStatus.auto_accepted, review_reason=reason)


class PetctOptions(BaseModel):
    """How the CCKS tumour attributes are made: ``rules``, the pointer ``model``, their ``union``, or
    ``model+rules`` (per field the mode chosen on part-b CV, see :mod:`extractors.text.petct_pointer`)."""

    model_config = ConfigDict(extra="forbid")
    tumour_mode: Literal["rules", "model", "union", "model+rules"] = "rules"
    pointer_model: str = "pointer_tumour"
    review_threshold: float = 0.5


def analyse(text: str) -> tuple[list[Section], list[FoundLesion], list[Item | None]]:
    """Sections, findings lesions and each lesion's conclusion item."""
    sections = split_sections(text)
    items = [it for sec in sections if sec.name == "conclusion" for it in conclusion_items(text, sec)]
    lesions = find_lesions(text, sections)
    return sections, lesions, match_lesions(text, lesions, items)


class PetctExtractor(BaseComponent):
    """Rules-and-lexicons extractor for PET-CT and CT reports (Chinese)."""

    name = NAME
    version = VERSION
    view_name = "imaging"
    Options = PetctOptions

    def extract(self, doc: ExtractionInput) -> Extraction:
        text = doc.text
        sections, lesions, matched = analyse(text)
        fields: list[Field] = []
        for i, (les, item) in enumerate(zip(lesions, matched)):
            fields.extend(lesion_fields(text, i, les, item))
        primaries = primary(text, sections, lesions)
        fields.extend(mention_fields("imaging.primary_site", [site for site, _ in primaries]))
        fields.extend(mention_fields("imaging.primary_size", [size for _, size in primaries if size]))
        fields.extend(mention_fields("imaging.metastasis_sites", metastases(text, sections)))
        if self.options.tumour_mode != "rules":
            fields = self._with_pointer(text, fields)
        return Extraction(fields=fields)

    def _with_pointer(self, text: str, fields: list[Field]) -> list[Field]:
        from oncostruct.extractors.text.petct_pointer import merge
        from oncostruct.models.registry import load_pointer

        model = load_pointer(self.options.pointer_model)
        spans = model.predict([text])[0]
        return merge(fields, spans, model, self.options.tumour_mode, self.options.review_threshold)

    def build_view(self, fields: list[Field]) -> ImagingView:
        view = ImagingView()
        lesions: dict[int, dict[str, Any]] = {}
        for f in fields:
            m = _INDEXED.match(f.name)
            if m:
                lesions.setdefault(int(m.group(1)), {})[m.group(2)] = f
            elif f.name.startswith("imaging.primary_site["):
                view.primary_site.append(str(f.normalized))
            elif f.name.startswith("imaging.primary_size["):
                view.primary_size.append(str(f.normalized))
            elif f.name.startswith("imaging.metastasis_sites["):
                view.metastasis_sites.append(str(f.normalized))
        view.lesions = [_lesion_view(lesions[i]) for i in sorted(lesions)]
        return view


def _lesion_view(parts: dict[str, Field]) -> Lesion:
    site, concl = parts.get("site"), parts.get("conclusion")
    findings_span = next((p for p in site.provenance[1:] if isinstance(p, TextSpan)), None) if site else None
    return Lesion(
        site=site.normalized if site else None,
        size_cm=parts["size"].normalized if "size" in parts else None,
        suv_max=parts["suv_max"].normalized if "suv_max" in parts else None,
        fdg_uptake=parts["fdg_uptake"].normalized if "fdg_uptake" in parts else None,
        findings_span=findings_span,
        conclusion_span=concl.provenance[0] if concl else None,
        conclusion_item=concl.attributes.get("item") if concl else None,
    )
