"""PET-CT / CT report extractor (rules and lexicons).

Steps: split findings and conclusion (:mod:`petct_sections`); cut both into lesion units with site,
laterality, size, SUVmax, uptake and judgement (:mod:`petct_units`); link each finding to its
conclusion unit(s) by a score (:mod:`petct_linking`) and emit the lesion records (:mod:`petct_fields`);
derive the CCKS2019 document attributes (:mod:`petct_summary`, on :mod:`petct_lesions`).
Field names follow the CDM contract: ``imaging.lesions[i].site|laterality|size|size_mm|suv_max|
fdg_uptake|uptake_kind|judgement|conclusion``, ``imaging.conclusion_lesions[j].*``,
``imaging.site_counts[k]``, ``imaging.primary_site[i]``, ``imaging.primary_size[i]``,
``imaging.metastasis_sites[i]``.
"""
from __future__ import annotations

import re
from functools import cached_property
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from oncostruct.engine.cdm import Field, FieldStatus, ImagingView, Lesion, Source, TextSpan
from oncostruct.extractors.base import BaseComponent, Extraction, ExtractionInput, span
from oncostruct.extractors.text.petct_fields import lesion_fields as structured_lesion_fields
from oncostruct.extractors.text.petct_lesions import find_lesions
from oncostruct.extractors.text.petct_sections import split_sections
from oncostruct.extractors.text.petct_summary import Mention, metastases, primary

NAME = "petct-rules"
VERSION = "1"
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
_INDEXED = re.compile(r"^imaging\.(lesions|conclusion_lesions)\[(\d+)\]\.(\w+)$")


def _source(part: str) -> Source:
    return Source(kind="rule", name=f"{NAME}:{part}", version=VERSION)


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


class PetctExtractor(BaseComponent):
    """Rules-and-lexicons extractor for PET-CT and CT reports (Chinese)."""

    name = NAME
    version = VERSION
    view_name = "imaging"
    Options = PetctOptions

    def extract(self, doc: ExtractionInput) -> Extraction:
        text = doc.text
        sections = split_sections(text)
        lesions = find_lesions(text, sections)  # the CCKS attributes keep their own lesion finder
        fields: list[Field] = structured_lesion_fields(text, sections)
        primaries = primary(text, sections, lesions)
        fields.extend(mention_fields("imaging.primary_site", [site for site, _ in primaries]))
        fields.extend(mention_fields("imaging.primary_size", [size for _, size in primaries if size]))
        fields.extend(mention_fields("imaging.metastasis_sites", metastases(text, sections)))
        if self.options.tumour_mode != "rules":
            fields = self._with_pointer(text, fields)
        return Extraction(fields=fields)

    @cached_property
    def _pointer(self) -> Any:
        """The pointer model, loaded once per extractor (not per document)."""
        from oncostruct.models.registry import load_pointer

        return load_pointer(self.options.pointer_model)

    def _with_pointer(self, text: str, fields: list[Field]) -> list[Field]:
        from oncostruct.extractors.text.petct_pointer import merge

        model = self._pointer
        spans = model.predict([text])[0]
        return merge(fields, spans, model, self.options.tumour_mode, self.options.review_threshold)

    def build_view(self, fields: list[Field]) -> ImagingView:
        view = ImagingView()
        lesions: dict[int, dict[str, Any]] = {}
        concl: dict[int, dict[str, Any]] = {}
        for f in fields:
            m = _INDEXED.match(f.name)
            if m:
                (lesions if m.group(1) == "lesions" else concl).setdefault(int(m.group(2)), {})[m.group(3)] = f
            elif f.name.startswith("imaging.site_counts[") and isinstance(f.normalized, dict):
                view.site_counts[str(f.normalized["site"])] = int(f.normalized["count"])
            elif f.name.startswith("imaging.primary_site["):
                view.primary_site.append(str(f.normalized))
            elif f.name.startswith("imaging.primary_size["):
                view.primary_size.append(str(f.normalized))
            elif f.name.startswith("imaging.metastasis_sites["):
                view.metastasis_sites.append(str(f.normalized))
        view.lesions = [_lesion_view(lesions[i]) for i in sorted(lesions)]
        view.conclusion_lesions = [_lesion_view(concl[j]) for j in sorted(concl)]
        return view


def _lesion_view(parts: dict[str, Field]) -> Lesion:
    """A findings lesion (or a conclusion lesion: its own span is its site field's second provenance)."""
    site, concl = parts.get("site"), parts.get("conclusion")
    unit_span = next((p for p in site.provenance[1:] if isinstance(p, TextSpan)), None) if site else None
    is_finding = unit_span is not None and unit_span.section == "findings"

    def norm(key: str) -> Any:
        return parts[key].normalized if key in parts else None

    return Lesion(
        site=site.normalized if site else None,
        size_cm=norm("size"), suv_max=norm("suv_max"), fdg_uptake=norm("fdg_uptake"),
        findings_span=unit_span if is_finding else None,
        conclusion_span=concl.provenance[0] if concl else (None if is_finding else unit_span),
        conclusion_item=concl.attributes.get("item") if concl else None,
        laterality=norm("laterality"), size_mm=norm("size_mm"), uptake_kind=norm("uptake_kind"),
        judgement=norm("judgement"), link_score=concl.attributes.get("score") if concl else None,
        conclusions=[concl.attributes["conclusion"], *concl.attributes.get("also", [])] if concl else [],
    )
