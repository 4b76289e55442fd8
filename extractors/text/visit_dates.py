"""Admission and discharge dates written under their labels (入院日期 / 入院时间 / 住院时间 …至…, Admission Date)
in documents other than discharge summaries, such as the admission note (入院记录), so that patient assembly can
fill a discharge summary's missing date from them and compare them.

Only the labelled rules of the ``discharge`` pack count (options ``rules``): a date in running text ("于…入院") of a
note may be about another admission.
"""
from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field as PydField

from oncostruct.extractors.base import BaseComponent, Extraction, ExtractionInput
from oncostruct.extractors.text.discharge import date_fields
from oncostruct.extractors.text.discharge_sections import PACK

LABELLED = ["date.admission_labelled", "date.discharge_labelled", "date.stay_range"]


class VisitDatesOptions(BaseModel):
    model_config = ConfigDict(extra="forbid")
    rules: list[str] = PydField(default_factory=lambda: list(LABELLED), description="discharge-pack rule ids kept")


class VisitDatesExtractor(BaseComponent):
    """``discharge.admission_date`` / ``discharge.discharge_date`` from labelled statements only."""

    name = "visit-dates"
    version = "1"
    Options = VisitDatesOptions

    def extract(self, doc: ExtractionInput) -> Extraction:
        keep = {f"{PACK}:{rule}" for rule in self.options.rules}  # type: ignore[attr-defined]
        return Extraction(fields=[f for f in date_fields(doc.text, doc.language) if f.source.name in keep])
