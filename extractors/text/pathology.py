"""Rules-and-lexicons pathology extractor for Chinese and English surgical pathology reports.

Produces the ``pathology.*`` fields of the CDM (histology, grade, primary site, tumour size,
margin, lymphovascular / perineural invasion, lymph nodes with stations, pTNM with prefix and
AJCC edition, IHC, PD-L1, molecular results) with exact text spans, and builds the
:class:`~engine.cdm.PathologyView`. Patterns live in ``extractors/rules`` (tnm, lymph_nodes, ihc,
molecular, pathology_findings, sizes; lexicons histology, topography, ihc_markers); the
``pathology_*`` modules assemble them.
"""
from __future__ import annotations

from oncostruct.engine.cdm import Field, FieldStatus, IHCResult, Issue, MolecularResult, PathologyView, TNM
from oncostruct.engine.text_normalize import restore_extraction
from oncostruct.extractors.base import BaseComponent, Extraction, ExtractionInput
from oncostruct.extractors.text.layout import layout_text
from oncostruct.extractors.text.pathology_common import Ctx, detect_lang
from oncostruct.extractors.text.pathology_findings import grade_fields, invasion_fields, margin_fields, pleural_fields
from oncostruct.extractors.text.pathology_markers import ihc_fields, molecular_fields, pdl1_fields
from oncostruct.extractors.text.pathology_staging import ln_fields, tnm_fields
from oncostruct.extractors.text.pathology_tumour import histology_fields, site_fields, size_fields

# Which staging context the view reports when several are written: pathological first.
_PREFIX_RANK = {"yp": 0, "p": 0, "rp": 1, "ryp": 1, None: 2, "a": 2, "r": 2, "y": 3, "c": 4, "yc": 4}


class PathologyExtractor(BaseComponent):
    """Rule-based pathology extractor (zh + en)."""

    name = "pathology-rules"
    version = "1"
    view_name = "pathology"

    def extract(self, doc: ExtractionInput) -> Extraction:
        """Fields of the laid-out text (tables, header blocks, slips: :mod:`extractors.text.layout`), with
        spans and values moved back onto ``doc.text``."""
        lang = detect_lang(doc.text, doc.language)
        laid_out = layout_text(doc.text, lang)
        return restore_extraction(self._extract(Ctx(laid_out.text, lang)), laid_out)

    def _extract(self, ctx: Ctx) -> Extraction:
        histology = histology_fields(ctx)
        molecular = molecular_fields(ctx)
        tnm, issues = tnm_fields(ctx)
        pdl1, pdl1_issues = pdl1_fields(ctx)
        fields = [
            *histology,
            *grade_fields(ctx),
            *site_fields(ctx, histology),
            *size_fields(ctx),
            *margin_fields(ctx),
            *invasion_fields(ctx),
            *pleural_fields(ctx),
            *ln_fields(ctx),
            *tnm,
            *ihc_fields(ctx, [(p.start, p.end) for f in molecular for p in f.provenance]),
            *pdl1,
            *molecular,
        ]
        return Extraction(fields=fields, issues=issues + pdl1_issues + no_field_issues(ctx, fields))

    def build_view(self, fields: list[Field]) -> PathologyView | None:
        """The pathology view from the fields' normalized values (rejected fields are ignored)."""
        live = [f for f in fields if f.name.startswith("pathology.") and f.status is not FieldStatus.rejected]
        if not live:
            return None

        def first(name: str):
            return next((f for f in live if f.name == name), None)

        def norm(name: str):
            f = first(name)
            return f.normalized if f else None

        histology = first("pathology.histology")
        pdl1 = {k: float(norm(f"pathology.pdl1.{k}")) for k in ("tps", "cps") if norm(f"pathology.pdl1.{k}") is not None}
        return PathologyView(
            histology=histology.normalized if histology else None,
            histology_code=histology.code.code if histology and histology.code else None,
            grade=norm("pathology.grade"),
            primary_site=norm("pathology.primary_site"),
            tumor_size_cm=norm("pathology.tumor_size"),
            margin=norm("pathology.margin"),
            lymphovascular_invasion=norm("pathology.lymphovascular_invasion"),
            perineural_invasion=norm("pathology.perineural_invasion"),
            ln_positive=norm("pathology.ln_positive"),
            ln_examined=norm("pathology.ln_examined"),
            tnm=_tnm_view(live),
            ihc=[IHCResult(**{k: f.normalized.get(k) for k in ("marker", "result", "percent", "intensity")})
                 for f in live if f.name.startswith("pathology.ihc[")],
            molecular=[MolecularResult(**{k: f.normalized.get(k) for k in ("gene", "result", "alteration")})
                       for f in live if f.name.startswith("pathology.molecular[")],
            pdl1=pdl1,
        )


_ANCHORS = ("pathology.histology", "pathology.primary_site")
_ORGAN_BOUND = ("pathology.histology", "pathology.pT", "pathology.pN", "pathology.pM", "pathology.ajcc_stage",
                "pathology.ajcc_edition")  # their meaning depends on the organ


def no_field_issues(ctx: Ctx, fields: list[Field]) -> list[Issue]:
    """``pathology.no_fields`` when the report speaks of a tumour (rule ``tumour_cue``) but its histology or
    primary site was not found. Its doubtful fields go to review: every field when the histology is missing
    (nothing says which tumour they describe), the histology and staging fields when only the site is."""
    missing = [name for name in _ANCHORS if not any(f.name == name for f in fields)]
    if not missing or not ctx.find("pathology_findings", "tumour_cue"):
        return []
    what = " and ".join(name.split(".")[1].replace("_", " ") for name in missing)
    reason = f"tumour report without a {what} found"
    doubtful = [f for f in fields if "pathology.histology" in missing or f.name in _ORGAN_BOUND]
    for f in doubtful:
        if f.status is FieldStatus.auto_accepted:
            f.status, f.review_reason = FieldStatus.needs_review, reason
    return [Issue(code="pathology.no_fields", severity="warning", fields=missing,
                  message=f"{reason}; {len(doubtful)} field(s) sent to review")]


def _tnm_view(fields: list[Field]) -> TNM | None:
    """One TNM per document: for each axis the most pathological statement, in text order."""
    picked: dict[str, dict] = {}
    for axis in ("T", "N", "M"):
        cands = [f.normalized for f in fields if f.name == f"pathology.p{axis}" and isinstance(f.normalized, dict)]
        if cands:
            picked[axis] = min(cands, key=lambda n: _PREFIX_RANK.get(n.get("prefix"), 2))
    edition = next((f.normalized for f in fields if f.name == "pathology.ajcc_edition"), None)
    stage = next((f.normalized for f in fields if f.name == "pathology.ajcc_stage" and not f.inferred), None)
    if not picked and edition is None and stage is None:
        return None
    prefix = next((picked[a].get("prefix") for a in ("T", "N", "M") if a in picked), None)
    return TNM(prefix=prefix, T=picked.get("T", {}).get("category"), N=picked.get("N", {}).get("category"),
               M=picked.get("M", {}).get("category"), ajcc_edition=edition, stage_group=stage)
