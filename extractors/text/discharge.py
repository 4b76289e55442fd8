"""Discharge summaries (出院小结 / 出院记录, English discharge summaries) into CDM fields.

Fields: ``discharge.admission_date`` / ``discharge.discharge_date`` (ISO), ``discharge.diagnoses[i]``
(items of the discharge-diagnosis list, else of the admission-diagnosis list; ICD-10 code
when the ``diagnoses`` lexicon knows the term), ``discharge.procedures[i]`` (``行…术`` statements,
named operations and chemotherapy regimens, with the date written just before them),
``discharge.drugs[i]`` and ``discharge.tumor_markers[i]`` (see ``discharge_meds``).
"""
from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel

from oncostruct.engine.cdm import DischargeView, Drug, Field, FieldStatus, Measurement, Procedure, Source
from oncostruct.extractors.base import BaseComponent, Extraction, ExtractionInput, field_from_match, lexicon_code, span
from oncostruct.extractors.rules.loader import RuleMatch, load_lexicon, load_pack
from oncostruct.extractors.text.discharge_meds import drug_fields, marker_fields
from oncostruct.extractors.text.discharge_sections import PACK, Section, find_sections, list_items, section_at
from oncostruct.extractors.values import parse_date

_DATE_LABELS = ("admission_date", "discharge_date", "stay_range")
_DIAGNOSIS_SECTIONS = ("discharge_diagnosis", "admission_diagnosis")
_DATE_LOOKBACK = 30
_CLAUSE_BREAK = re.compile(r"[。；;\n]")
_DATE_AFTER = re.compile(r"^\s*(?:on|dated)\s+$", re.IGNORECASE)
_CN_NUM = {c: i + 1 for i, c in enumerate("一二三四五六七八九十")}
_INDEX = re.compile(r"\[(\d+)\]$")


def _lang(lang: str | None) -> str | None:
    return lang if lang in ("zh", "en") else None


def iso_from_text(text: str) -> str | None:
    """ISO date of the first date written in ``text`` (``dates`` pack)."""
    for m in load_pack("dates").find(text):
        iso = parse_date(m.groups)
        if iso:
            return iso
    return None


# --- dates -------------------------------------------------------------------------------


def date_fields(text: str, lang: str | None) -> list[Field]:
    """The best admission and discharge date statements (most reliable rule, then the last one)."""
    best: dict[str, tuple[tuple[float, int], Field]] = {}
    for m in load_pack(PACK).find(text, _lang(lang), _DATE_LABELS):
        pairs = [("start", "admission_date"), ("end", "discharge_date")] if m.label == "stay_range" else [("date", m.label)]
        for group, kind in pairs:
            written = m.groups.get(group)
            iso = iso_from_text(written) if written else None
            if iso is None:
                continue
            key = (m.reliability, m.start)
            if kind not in best or key > best[kind][0]:
                best[kind] = (key, field_from_match(f"discharge.{kind}", m, value=written, normalized=iso))
    return [best[k][1] for k in ("admission_date", "discharge_date") if k in best]


# --- diagnoses -----------------------------------------------------------------------------


def diagnosis_fields(text: str, lang: str | None, sections: list[Section]) -> list[Field]:
    """One field per list item of the discharge diagnoses (admission diagnoses when there are none)."""
    for kind in _DIAGNOSIS_SECTIONS:
        chosen = [s for s in sections if s.kind == kind]
        items = [(s, a, b) for s in chosen for a, b in list_items(text, s.body_start, s.end, lang)]
        if items:
            return [_diagnosis(text, lang, s, a, b, i) for i, (s, a, b) in enumerate(items)]
    return []


def _diagnosis(text: str, lang: str | None, sec: Section, a: int, b: int, i: int) -> Field:
    written = text[a:b]
    pack = load_pack(PACK)
    rule = next(r for r in pack.rules if r.id == sec.rule_id)
    hits = load_lexicon("diagnoses").find(written, _lang(lang))
    coded = sorted((h for h in hits if h.entry.codes), key=lambda h: (-(h.end - h.start), h.start))
    attributes: dict[str, Any] = {"section": sec.kind}
    code = None
    if coded:
        top = coded[0]
        code = lexicon_code(top, "ICD-10")
        attributes.update(concept=top.entry.canonical, category=top.entry.category)
        others = [c for h in coded[1:] if (c := lexicon_code(h, "ICD-10")) and c.code != code.code]
        if others:
            attributes["other_codes"] = [c.code for c in others]
    return Field(
        name=f"discharge.diagnoses[{i}]",
        value=written,
        normalized=re.sub(r"\s+", " ", written),
        code=code,
        confidence=rule.reliability,
        provenance=[span(a, b, written, sec.kind)],
        source=Source(kind="rule", name=f"{pack.name}:{rule.id}", version=pack.version),
        attributes=attributes,
    )


# --- procedures ---------------------------------------------------------------------------


def _cycle(written: str | None) -> int | None:
    if not written:
        return None
    return int(written) if written.isdigit() else _CN_NUM.get(written)


def _procedure_date(text: str, m: RuleMatch) -> str | None:
    """The date written in the same clause just before the statement, or ``on <date>`` right after it."""
    before = text[max(0, m.start - _DATE_LOOKBACK):m.start]
    breaks = list(_CLAUSE_BREAK.finditer(before))
    before = before[breaks[-1].end():] if breaks else before
    found = load_pack("dates").find(before)
    for d in reversed(found):
        iso = parse_date(d.groups)
        if iso:
            return iso
    after = text[m.end:m.end + _DATE_LOOKBACK]
    for d in load_pack("dates").find(after):
        if _DATE_AFTER.match(after[:d.start]):
            return parse_date(d.groups)
    return None


def procedure_fields(text: str, lang: str | None, sections: list[Section]) -> list[Field]:
    """Operations (``行…术``, ``手术名称：``, ``underwent …``) and chemotherapy regimens, in text order."""
    out: list[Field] = []
    for m in load_pack(PACK).find(text, _lang(lang), ["procedure", "regimen"]):
        sec = section_at(sections, m.start)
        if m.label == "procedure":
            name = m.groups["name"].strip()
            attributes: dict[str, Any] = {"kind": "procedure"}
        else:
            name = m.text.strip()
            cycle = _cycle(m.groups.get("cycle") or m.groups.get("cycle_after"))
            attributes = {"kind": "regimen", "regimen": m.groups["regimen"], **({"cycle": cycle} if cycle else {})}
        if sec is not None:
            attributes["section"] = sec.kind
        normalized = {"name": name, "date": _procedure_date(text, m)}
        out.append(field_from_match(f"discharge.procedures[{len(out)}]", m, value=name, normalized=normalized,
                                    section=sec.kind if sec else None, attributes=attributes))
    return out


# --- the extractor ---------------------------------------------------------------------------


def _indexed(fields: list[Field], prefix: str) -> list[Field]:
    chosen = [f for f in fields if f.name.startswith(prefix + "[") and f.status is not FieldStatus.rejected]
    return sorted(chosen, key=lambda f: int(m.group(1)) if (m := _INDEX.search(f.name)) else 0)


def _single(fields: list[Field], name: str) -> Any:
    return next((f.normalized for f in fields if f.name == name and f.status is not FieldStatus.rejected), None)


class DischargeExtractor(BaseComponent):
    """Rule and lexicon extractor for discharge summaries."""

    name = "discharge-rules"
    version = "1"
    view_name = "discharge"

    def extract(self, doc: ExtractionInput) -> Extraction:
        text, lang = doc.text, doc.language
        sections = find_sections(text, lang)
        fields = [
            *date_fields(text, lang),
            *diagnosis_fields(text, lang, sections),
            *procedure_fields(text, lang, sections),
            *drug_fields(text, lang, sections),
            *marker_fields(text, lang, sections),
        ]
        return Extraction(fields=fields)

    def build_view(self, fields: list[Field]) -> BaseModel | None:
        """The ``discharge`` view from the fields' normalized values (None when there is nothing)."""
        if not any(f.name.startswith("discharge.") for f in fields):
            return None
        return DischargeView(
            admission_date=_single(fields, "discharge.admission_date"),
            discharge_date=_single(fields, "discharge.discharge_date"),
            diagnoses=[str(f.normalized) for f in _indexed(fields, "discharge.diagnoses")],
            procedures=[Procedure(**_keys(f.normalized, Procedure)) for f in _indexed(fields, "discharge.procedures")],
            drugs=[Drug(**_keys(f.normalized, Drug)) for f in _indexed(fields, "discharge.drugs")],
            tumor_markers=[Measurement(**_keys(f.normalized, Measurement))
                           for f in _indexed(fields, "discharge.tumor_markers")],
        )


def _keys(normalized: Any, model: type[BaseModel]) -> dict[str, Any]:
    data = normalized if isinstance(normalized, dict) else {"name": str(normalized)}
    return {k: v for k, v in data.items() if k in model.model_fields}
