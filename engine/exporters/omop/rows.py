"""CDM Records → OMOP CDM v5.4 rows (the Oncology extension's layout), per pseudonymous patient.

* PERSON: person_id and person_source_value from the keyed pseudonym; no demographics are in the
  records, so gender/race/ethnicity are concept 0 and year_of_birth is 0 (unknown).
* NOTE per record, NOTE_NLP per field or entity (:mod:`.notes`).
* CONDITION_OCCURRENCE: the pathology diagnosis (ICDO3 ``histology-topography``) and coded discharge diagnoses.
* MEASUREMENT: TNM, stage group, grade, tumour size and node counts of a pathology report as Cancer Modifier
  rows linked to its condition (``measurement_event_id`` = condition_occurrence_id,
  ``meas_event_field_concept_id`` = 1147127); lab results and tumour markers (UCUM units,
  value_as_number or value_as_concept); PET-CT SUVmax and lesion sizes.
* OBSERVATION: margins, invasion, IHC, molecular and PD-L1 results, linked to the condition the same way.
* PROCEDURE_OCCURRENCE and DRUG_EXPOSURE from discharge summaries.
* EPISODE / EPISODE_EVENT: the assembled patient's episodes (:mod:`.episodes`); each row written from a
  document field is indexed by ``doc_id#field`` so that an episode event finds it.
Dates: the document's date as the assembler reads it (the manifest's document_date, else the header date, else a
discharge summary's discharge or admission date), as the episodes have it; otherwise the export date.
NOTE.note_source_value is the first 40 hex characters of the source's sha256 (a manifest's doc_id may identify
a patient), which links each note back to its input.
"""
from __future__ import annotations

import re
from collections import Counter
from datetime import date
from typing import Any, Iterator

from oncostruct.engine.exporters.export_input import Patient, mapping
from oncostruct.engine.exporters.omop.episodes import Written, episode_tables, event_field
from oncostruct.engine.exporters.omop.notes import entity_items, nlp_row
from oncostruct.engine.exporters.omop.vocab import Wanted, wanted_code

TABLES = ("person", "note", "note_nlp", "condition_occurrence", "measurement", "procedure_occurrence",
          "drug_exposure", "observation", "episode", "episode_event")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ROMAN = (("IV", "4"), ("III", "3"), ("II", "2"), ("I", "1"))
_INDEX = re.compile(r"\[\d+\]")
_LESION = re.compile(r"imaging\.lesions\[(\d+)\]\.")
ID_COLUMNS = {t: f"{t}_id" for t in TABLES if t not in ("person", "episode", "episode_event")}


def iso_date(value: Any) -> date | None:
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None


def stage_code(group: str) -> str:
    """"IIIA" → "3A", "IA2" → "1A2" (Cancer Modifier stage codes use Arabic numerals)."""
    g = group.strip().upper().removeprefix("STAGE").strip()
    for roman, arabic in _ROMAN:
        if g.startswith(roman):
            return arabic + g[len(roman):]
    return g


def tnm_prefix(normalized: Any) -> str:
    """"c" (clinical: c, yc) or "p" (pathological: p, yp, r, or unknown) from a normalised TNM category."""
    prefix = normalized.get("prefix") if isinstance(normalized, dict) else None
    return "c" if (prefix or "p").endswith("c") else "p"


def tnm_categories(fields: dict[str, dict]) -> Iterator[tuple[str, dict, str, str]]:
    """(axis, field, "c"/"p" prefix, category) of each written pT/pN/pM with a normalised category."""
    for axis in ("T", "N", "M"):
        f = fields.get(f"pathology.p{axis}")
        norm = (f or {}).get("normalized")
        if isinstance(norm, dict) and norm.get("category"):
            yield axis, f, tnm_prefix(norm), norm["category"]


def ucum(unit: str | None) -> str | None:
    return mapping()["ucum"].get(unit, unit) if unit else None


def unmapped(value: str) -> Wanted:
    """A source value with no code: concept 0, counted as unmapped in the summary."""
    return Wanted("uncoded", value[:50])


class RowBuilder:
    """Accumulates the rows of every table; ids are sequential per table in input order (episodes: the
    assembler's stable ids). ``written`` maps ``doc_id#field`` to the (table, id, row) first written for it."""

    def __init__(self, export_date: date, texts: dict[str, str] | None) -> None:
        self.today, self.texts = export_date, texts
        self.tables: dict[str, list[dict[str, Any]]] = {t: [] for t in TABLES}
        self.written: Written = {}
        self.unresolved: Counter[str] = Counter()  # episode events with no row, by their table
        self.m = mapping()
        self.c = self.m["concepts"]

    def _add(self, table: str, row: dict[str, Any], record: dict[str, Any] | None = None, *fields: str) -> int:
        """Append ``row`` (numbered when the table has a sequential id) and index it under the record's ``fields``."""
        rows = self.tables[table]
        id_col = ID_COLUMNS.get(table)
        if id_col is None:
            rows.append(row)
            return 0
        row = {id_col: len(rows) + 1, **row}
        rows.append(row)
        for name in fields:
            self.written.setdefault(f"{record['document']['doc_id']}#{name}", (table, row[id_col], row))  # type: ignore[index]
        return row[id_col]

    # --- per patient -------------------------------------------------------------------
    def add_patient(self, patient: Patient) -> None:
        self._add("person", {"person_id": patient.person_id, "gender_concept_id": 0, "year_of_birth": 0,
                             "race_concept_id": 0, "ethnicity_concept_id": 0,
                             "person_source_value": patient.pseudonym})
        dates = {d.doc_id: iso_date((d.date or "")[:10]) for d in patient.assembled.document_info}
        for record in patient.records:
            when = dates.get(record["document"]["doc_id"]) or self.today
            note_id = self._note(patient, record, when)
            self._nlp(record, note_id)
            self._conditions(patient, record, when)
            self._discharge(patient, record, when)
            self._measurements_lab(patient, record, when)
            self._measurements_imaging(patient, record, when)
        episodes, events, unresolved = episode_tables(patient, self.written, self.today)
        self.tables["episode"] += episodes
        self.tables["episode_event"] += events
        self.unresolved.update(unresolved)

    def _note(self, patient: Patient, record: dict[str, Any], when: date) -> int:
        doc = record["document"]
        cls = self.m["note_class"].get(doc["doc_type"], self.m["note_class"]["other"])
        text = (self.texts or {}).get(doc["source_sha256"])
        return self._add("note", {
            "person_id": patient.person_id, "note_date": when, "note_type_concept_id": self.c["ehr_type"],
            "note_class_concept_id": Wanted(cls["vocabulary"], cls["code"]), "note_title": cls["title"],
            "note_text": text or "", "encoding_concept_id": self.c["utf8"], "language_concept_id": 0,
            "note_source_value": doc["source_sha256"][:40]})  # not doc_id: a manifest's id may identify

    def _nlp(self, record: dict[str, Any], note_id: int) -> None:
        text = (self.texts or {}).get(record["document"]["source_sha256"])
        for item in [*record["fields"], *entity_items(record)]:
            self._add("note_nlp", {**nlp_row(record, item, note_id, text), "nlp_date": self.today})

    # --- conditions and their modifiers ---------------------------------------------------
    def _conditions(self, patient: Patient, record: dict[str, Any], when: date) -> None:
        if record["document"]["doc_type"] == "pathology":
            self._pathology_condition(patient, record, when)
        for f in record["fields"]:
            if not f["name"].startswith("discharge.diagnoses["):
                continue
            code = f.get("code")
            source = code["code"] if code else str(f.get("normalized") or f.get("value") or "")
            self._add("condition_occurrence", {
                "person_id": patient.person_id, "condition_concept_id": wanted_code(code) if code else unmapped(source),
                "condition_start_date": when, "condition_type_concept_id": self.c["nlp_type"],
                "condition_source_value": source, "condition_source_concept_id": wanted_code(code, source=True)},
                record, f["name"])

    def _pathology_condition(self, patient: Patient, record: dict[str, Any], when: date) -> None:
        fields = {f["name"]: f for f in record["fields"]}
        hist = (fields.get("pathology.histology") or {}).get("code")
        topo = (fields.get("pathology.primary_site") or {}).get("code")
        if not hist and not topo:
            return
        parts = [c["code"] for c in (hist, topo) if c]
        source = "-".join(parts)
        concept = Wanted("ICDO3", source)
        cid = self._add("condition_occurrence", {
            "person_id": patient.person_id, "condition_concept_id": concept, "condition_start_date": when,
            "condition_type_concept_id": self.c["nlp_type"], "condition_source_value": source,
            "condition_source_concept_id": Wanted("ICDO3", source, source=True)},
            record, "pathology.histology", "pathology.primary_site")
        self._modifiers(patient, record, fields, cid, when)

    def _link(self, cid: int) -> dict[str, Any]:
        return {"measurement_event_id": cid, "meas_event_field_concept_id": event_field("condition_occurrence")}

    def _modifier(self, patient: Patient, record: dict[str, Any], field: str, when: date, cid: int, code: str,
                  **values: Any) -> None:
        self._add("measurement", {
            "person_id": patient.person_id, "measurement_concept_id": Wanted("Cancer Modifier", code),
            "measurement_date": when, "measurement_type_concept_id": self.c["nlp_type"],
            "measurement_source_value": code, "measurement_source_concept_id": Wanted("Cancer Modifier", code, True),
            **values, **self._link(cid)}, record, field)

    def _modifiers(self, patient: Patient, record: dict[str, Any], fields: dict[str, dict], cid: int, when: date) -> None:
        cm = self.m["cancer_modifier"]
        edition = (fields.get("pathology.ajcc_edition") or {}).get("normalized")
        ed = {8: "8th", 7: "7th"}.get(edition)
        for axis, f, prefix, category in tnm_categories(fields):
            tpl = cm["tnm"] if ed else cm["tnm_no_edition"]
            code = tpl.format(prefix=prefix, edition=ed, category=category)
            self._modifier(patient, record, f"pathology.p{axis}", when, cid, code,
                           value_source_value=str(f.get("value") or category))
        stage = (fields.get("pathology.ajcc_stage") or {}).get("normalized")
        if isinstance(stage, str) and stage:
            tpl = cm["stage"] if ed else cm["stage_no_edition"]
            prefix = tnm_prefix((fields.get("pathology.pT") or {}).get("normalized"))
            self._modifier(patient, record, "pathology.ajcc_stage", when, cid,
                           tpl.format(prefix=prefix, edition=ed, group=stage_code(stage)),
                           value_source_value=stage)
        grade = (fields.get("pathology.grade") or {}).get("normalized")
        if isinstance(grade, str) and re.fullmatch(r"G[1-4]", grade):
            self._modifier(patient, record, "pathology.grade", when, cid, cm["grade"].format(grade=grade[1]),
                           value_source_value=str(fields["pathology.grade"].get("value") or grade))
        for name, spec in cm["measurements"].items():
            f = fields.get(name)
            norm = (f or {}).get("normalized")
            dims = norm if isinstance(norm, list) else [norm] if isinstance(norm, (int, float)) and not isinstance(norm, bool) else []
            if not dims:
                continue
            self._modifier(patient, record, name, when, cid, spec["code"], value_as_number=float(max(dims)),
                           unit_concept_id=Wanted("UCUM", spec["unit"]) if spec["unit"] else None,
                           unit_source_value=spec["unit"], value_source_value=str(f.get("value") or norm))
        self._observations(patient, record, fields, cid, when)

    def _observations(self, patient: Patient, record: dict[str, Any], fields: dict[str, dict], cid: int,
                      when: date) -> None:
        for f in fields.values():
            key = _INDEX.sub("[]", f["name"])
            prefix = self.m["observations"].get(key)
            if prefix is None:
                continue
            norm = f.get("normalized")
            label = prefix
            number = None
            if isinstance(norm, dict):
                label = f"{prefix}-{norm.get('marker') or norm.get('gene') or ''}".rstrip("-")
                shown = ", ".join(str(v) for k, v in norm.items() if k not in ("marker", "gene") and v is not None)
            elif isinstance(norm, bool):
                shown = "present" if norm else "absent"
            elif isinstance(norm, (int, float)):
                number, shown = float(norm), str(norm)
            else:
                shown = str(norm if norm is not None else f.get("value"))
            self._add("observation", {
                "person_id": patient.person_id, "observation_concept_id": unmapped(label), "observation_date": when,
                "observation_type_concept_id": self.c["nlp_type"], "value_as_number": number,
                "value_as_string": shown, "observation_source_value": label,
                "value_source_value": str(f.get("value") or shown), "observation_event_id": cid,
                "obs_event_field_concept_id": event_field("condition_occurrence")}, record, f["name"])

    # --- labs, tumour markers, imaging ----------------------------------------------------
    def _lab_row(self, patient: Patient, when: date, item: str, loinc: str | None, value: Any, unit: str | None,
                 low: Any = None, high: Any = None, record: dict[str, Any] | None = None, *fields: str) -> None:
        number = float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None
        qual = None if number is not None or value is None else self.m["qualitative"].get(str(value).strip().lower())
        u = ucum(unit)
        source = loinc or item
        self._add("measurement", {
            "person_id": patient.person_id,
            "measurement_concept_id": Wanted("LOINC", loinc) if loinc else unmapped(item),
            "measurement_date": when, "measurement_type_concept_id": self.c["nlp_type"],
            "value_as_number": number,
            "value_as_concept_id": Wanted(qual["vocabulary"], qual["code"]) if qual else None,
            "unit_concept_id": Wanted("UCUM", u) if u else None, "range_low": low, "range_high": high,
            "measurement_source_value": source,
            "measurement_source_concept_id": Wanted("LOINC", loinc, True) if loinc else 0,
            "unit_source_value": u, "value_source_value": None if value is None else str(value)}, record, *fields)

    def _measurements_lab(self, patient: Patient, record: dict[str, Any], when: date) -> None:
        for r in (record.get("lab") or {}).get("results", []):
            self._lab_row(patient, when, r.get("code") or r["item"], r.get("loinc"), r.get("value"), r.get("unit"),
                          r.get("reference_low"), r.get("reference_high"))
        for f in record["fields"]:
            if f["name"].startswith("discharge.tumor_markers[") and isinstance(f.get("normalized"), dict):
                n = f["normalized"]
                loinc = f["code"]["code"] if f.get("code") and f["code"]["system"] == "LOINC" else None
                self._lab_row(patient, when, n.get("name") or str(f.get("value")), loinc, n.get("value"),
                              n.get("unit") or f.get("unit"), None, None, record, f["name"])

    def _measurements_imaging(self, patient: Patient, record: dict[str, Any], when: date) -> None:
        """SUVmax and size rows of each lesion of the imaging view, indexed under the lesion's fields
        (``imaging.lesions[i].*``: the view lists the lesions of the record's fields in index order)."""
        spec = self.m["imaging_measurements"]
        indices = sorted({int(m.group(1)) for f in record["fields"] if (m := _LESION.match(f["name"]))})
        names: dict[int, list[str]] = {i: [] for i in indices}
        for f in record["fields"]:
            if m := _LESION.match(f["name"]):
                names[int(m.group(1))].append(f["name"])
        for n, lesion in enumerate((record.get("imaging") or {}).get("lesions", [])):
            fields = names[indices[n]] if n < len(indices) else []
            for key, value in (("suv_max", lesion.get("suv_max")),
                               ("size", max(lesion["size_cm"]) if lesion.get("size_cm") else None)):
                if value is None:
                    continue
                code, unit = spec[key]["code"], spec[key]["unit"]
                self._add("measurement", {
                    "person_id": patient.person_id, "measurement_concept_id": unmapped(code),
                    "measurement_date": when, "measurement_type_concept_id": self.c["nlp_type"],
                    "value_as_number": float(value), "unit_concept_id": Wanted("UCUM", unit),
                    "measurement_source_value": f"{code} {lesion.get('site') or ''}".strip(),
                    "unit_source_value": unit, "value_source_value": str(value)}, record, *fields)

    # --- discharge: procedures and drugs --------------------------------------------------
    def _discharge(self, patient: Patient, record: dict[str, Any], when: date) -> None:
        """Procedure and drug rows of a discharge summary (its accepted or pending procedure and drug fields)."""
        d = record.get("discharge") or {}
        for f in record["fields"]:
            if not f["name"].startswith("discharge.procedures[") or f.get("status") == "rejected":
                continue
            n = f.get("normalized") if isinstance(f.get("normalized"), dict) else {}
            name = str(n.get("name") or f.get("value") or "")
            self._add("procedure_occurrence", {
                "person_id": patient.person_id, "procedure_concept_id": unmapped(name),
                "procedure_date": iso_date(n.get("date")) or when, "procedure_type_concept_id": self.c["nlp_type"],
                "procedure_source_value": name}, record, f["name"])
        start = iso_date(d.get("admission_date")) or when
        end = iso_date(d.get("discharge_date")) or when
        for f in record["fields"]:
            if not f["name"].startswith("discharge.drugs["):
                continue
            n = f.get("normalized") if isinstance(f.get("normalized"), dict) else {"name": str(f.get("value"))}
            code = f.get("code")
            self._add("drug_exposure", {
                "person_id": patient.person_id,
                "drug_concept_id": wanted_code(code) if code else unmapped(n["name"]),
                "drug_exposure_start_date": start, "drug_exposure_end_date": end,
                "drug_type_concept_id": self.c["nlp_type"], "sig": str(f.get("value") or ""),
                "quantity": None, "route_source_value": n.get("route"),
                "drug_source_value": code["code"] if code else n["name"],
                "drug_source_concept_id": wanted_code(code, source=True), "dose_unit_source_value": n.get("dose_unit")},
                record, f["name"])
