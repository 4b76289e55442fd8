"""The pathology a discharge summary or clinical note (MDT, follow-up) restates (the diagnosis "右肺上叶腺癌 pT1bN0M0 IA2期", "术后病理：…"),
as ``pathology.*`` fields of the discharge record, so patient assembly can reconcile them with the
pathology report (precedence in the field catalogue) and flag disagreements.

It runs the rule-based pathology extractor on the summary and keeps the fields named in its
options (histology, site, size, lymph nodes, pTNM, stage and grade by default).
"""
from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field as PydField

from oncostruct.extractors.base import BaseComponent, Extraction, ExtractionInput
from oncostruct.extractors.text.pathology import PathologyExtractor

DEFAULT_FIELDS = ["pathology.histology", "pathology.primary_site", "pathology.tumor_size", "pathology.grade",
                  "pathology.ln_positive", "pathology.ln_examined", "pathology.pT", "pathology.pN", "pathology.pM",
                  "pathology.ajcc_stage"]


class DischargePathologyOptions(BaseModel):
    model_config = ConfigDict(extra="forbid")
    fields: list[str] = PydField(default_factory=lambda: list(DEFAULT_FIELDS),
                                 description="pathology field names kept from the summary")


class DischargePathologyExtractor(BaseComponent):
    """``pathology.*`` fields restated in a discharge summary (rule-based)."""

    name = "discharge-pathology"
    version = "1"
    Options = DischargePathologyOptions

    def __init__(self, options: BaseModel | None = None, **overrides: object) -> None:
        super().__init__(options, **overrides)
        self._rules = PathologyExtractor()

    def extract(self, doc: ExtractionInput) -> Extraction:
        found = self._rules.extract(doc)
        keep = set(self.options.fields)  # type: ignore[attr-defined]
        fields = [f for f in found.fields if f.name in keep]
        kept = {f.name for f in fields}
        issues = [i for i in found.issues if i.code != "pathology.no_fields" and (not i.fields or set(i.fields) & kept)]
        return Extraction(fields=fields, issues=issues)
