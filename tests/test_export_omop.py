"""The omop exporter: columns vs the DDL, NOTE_NLP, oncology modifiers, episodes, pseudonyms, vocabularies."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from pydantic import SecretStr

from oncostruct.engine.cli import main
from oncostruct.engine.exporters import get_exporter
from oncostruct.engine.exporters.export_input import pseudonym
from oncostruct.engine.exporters.omop.notes import nlp_row, term_modifiers
from oncostruct.engine.exporters.omop.rows import TABLES, stage_code, tnm_prefix
from oncostruct.engine.exporters.omop.schema import DDL_FILES, clip, coerce, ddl_path, tables
from oncostruct.engine.jsonl import read_jsonl
from tests.export_helpers import PATIENTS, read_csv, structured_batch

# NOTE_NLP columns of OMOP CDM v5.4 (the specification's list)
NOTE_NLP_SPEC = ["note_nlp_id", "note_id", "section_concept_id", "snippet", "offset", "lexical_variant",
                 "note_nlp_concept_id", "note_nlp_source_concept_id", "nlp_system", "nlp_date", "nlp_datetime",
                 "term_exists", "term_temporal", "term_modifiers"]


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return structured_batch(tmp_path_factory.mktemp("omop"))


def _ddl_columns() -> dict[str, list[tuple[str, str, bool]]]:
    text = ddl_path(DDL_FILES[0]).read_text()
    found = {}
    for name, body in re.findall(r"CREATE TABLE @cdmDatabaseSchema\.(\w+) \((.*?)\);", text, re.S):
        cols = []
        for line in body.strip().splitlines():
            m = re.fullmatch(r'\s*("?\w+"?) (\w+(?:\(\d+\))?) (NOT NULL|NULL),?\s*', line)
            assert m, line
            cols.append((m.group(1).strip('"'), m.group(2).lower(), m.group(3) == "NOT NULL"))
        found[name.lower()] = cols
    return found


def test_ddl_declares_exactly_the_exported_columns() -> None:
    ddl = _ddl_columns()
    assert sorted(ddl) == sorted(TABLES) == sorted(tables())
    for table, cols in tables().items():
        assert ddl[table] == [(c.name, c.type, c.not_null) for c in cols], table
    # keys, constraints and indices name only exported tables and columns
    names = {t: {c[0] for c in cols} for t, cols in ddl.items()}
    pk, fk, ix = (ddl_path(f).read_text() for f in DDL_FILES[1:])
    pairs = re.findall(r"@cdmDatabaseSchema\.(\w+)\s+ADD CONSTRAINT \w+ PRIMARY KEY \((\w+)\)", pk)
    for a, col_a, b, col_b in re.findall(r"@cdmDatabaseSchema\.(\w+) ADD CONSTRAINT \w+ FOREIGN KEY \((\w+)\) "
                                         r"REFERENCES @cdmDatabaseSchema\.(\w+) \((\w+)\)", fk):
        pairs += [(a, col_a), (b, col_b)]
    pairs += re.findall(r"ON @cdmDatabaseSchema\.(\w+)\s+\((\w+) ASC\)", ix)
    assert len(pairs) == 9 + 2 * 10 + ix.count("CREATE INDEX")
    for table, col in pairs:
        assert col.lower() in names[table.lower()], (table, col)


def test_every_table_is_written_as_csv_and_parquet(out: Path) -> None:
    import pyarrow.parquet as pq

    for table in TABLES:
        header = (out / "omop" / f"{table}.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
        assert header == [c.name for c in tables()[table]]
        assert pq.read_schema(out / "omop" / f"{table}.parquet").names == header
        assert len(read_csv(out / "omop" / f"{table}.csv")) == pq.read_metadata(out / "omop" / f"{table}.parquet").num_rows
    summary = json.loads((out / "omop" / "summary.json").read_text())
    assert summary["tables"]["note_nlp"]["rows"] == len(read_csv(out / "omop" / "note_nlp.csv"))
    assert summary["tables"]["measurement"]["unmapped_concepts"] > 0  # no vocabulary given: codes kept, concept 0
    n_records, n_texts = len(read_jsonl(out / "records.jsonl")), len(read_jsonl(out / "texts.jsonl"))
    assert n_texts == len(list((out.parent / "in").glob("*.txt"))) and n_texts < n_records  # images have no text
    assert summary["note_text"].startswith(f"{n_texts} of {n_records} ")


def test_note_nlp_has_every_column_and_offsets_slice_the_note(out: Path) -> None:
    assert (out / "omop" / "note_nlp.csv").read_text(encoding="utf-8").splitlines()[0].split(",") == NOTE_NLP_SPEC
    notes = {r["note_id"]: r["note_text"] for r in read_csv(out / "omop" / "note.csv")}
    rows = read_csv(out / "omop" / "note_nlp.csv")
    records = read_jsonl(out / "records.jsonl")
    n_items = sum(len(r["fields"]) for r in records)
    assert len(rows) >= n_items  # every field (and entity not already a field) is a row
    spans = 0
    for r in rows:
        assert r["lexical_variant"] and len(r["lexical_variant"]) <= 250 and len(r["snippet"]) <= 250
        mods = json.loads(r["term_modifiers"])
        assert len(r["term_modifiers"]) <= 2000 and 0 <= mods["confidence"] <= 1
        assert r["nlp_system"].startswith("oncostruct ") and r["term_exists"] in ("Y", "N")
        if r["offset"]:
            spans += 1
            start, text = int(r["offset"]), notes[r["note_id"]]
            assert text[start:start + len(r["lexical_variant"])] == r["lexical_variant"]
            assert r["lexical_variant"][:200] in r["snippet"] and r["snippet"] in text
    assert spans > 300
    # the lab sheet's fields carry their table cells in term_modifiers
    cells = [json.loads(r["term_modifiers"]) for r in rows if '"table_cell"' in r["term_modifiers"]]
    assert cells and all(m["provenance"][0]["bbox"] for m in cells)


def test_stage_grade_and_size_point_at_their_condition(out: Path) -> None:
    conditions = {r["condition_occurrence_id"]: r for r in read_csv(out / "omop" / "condition_occurrence.csv")}
    meas = read_csv(out / "omop" / "measurement.csv")
    modifiers = [m for m in meas if re.match(r"[cp]-(\dth_)?AJCC/UICC-|Grade-|Tumor-Size", m["measurement_source_value"])]
    kinds = {re.sub(r"-[^-]*$", "", m["measurement_source_value"]).split("_")[-1] for m in modifiers}
    assert {"AJCC/UICC", "AJCC/UICC-Stage", "Grade", "Tumor"} <= kinds
    for m in modifiers:
        cond = conditions[m["measurement_event_id"]]
        assert m["meas_event_field_concept_id"] == "1147127" and cond["person_id"] == m["person_id"]
        assert re.fullmatch(r"\d{4}/\d-C\d\d\.\d", cond["condition_source_value"])  # the ICDO3 diagnosis
    lung = [m["measurement_source_value"] for m in modifiers if m["value_source_value"] in ("pT2a", "N2", "中-低分化")]
    assert sorted(lung) == ["Grade-3", "p-8th_AJCC/UICC-N2", "p-8th_AJCC/UICC-T2a"]
    size = next(m for m in modifiers if m["value_source_value"] == "3.2×2.8×2.0cm")
    assert (float(size["value_as_number"]), size["unit_source_value"]) == (3.2, "cm")


def test_lab_results_are_measurements_with_ucum_units(out: Path) -> None:
    meas = read_csv(out / "omop" / "measurement.csv")
    cea = [m for m in meas if m["measurement_source_value"] == "2039-6"]  # LOINC CEA: lab sheet and discharge notes
    assert len(cea) >= 4 and all(m["value_as_number"] and m["unit_source_value"] == "ng/mL" for m in cea)
    units = {m["unit_source_value"] for m in meas if m["unit_source_value"]}
    assert "μmol/L" not in units and "umol/L" in units  # UCUM spelling
    ranged = [m for m in meas if m["range_low"]]
    assert ranged and all(float(m["range_low"]) <= float(m["range_high"]) for m in ranged)


def test_episodes_and_their_events_are_consistent(out: Path) -> None:
    """Episodes are the assembler's (patients.jsonl); every event points at a row of its person."""
    from oncostruct.engine.assembly.writer import write_assembly

    episodes = {e["episode_id"]: e for e in read_csv(out / "omop" / "episode.csv")}
    events = read_csv(out / "omop" / "episode_event.csv")
    rows = {"1147127": ("condition_occurrence", "condition_occurrence_id"),
            "1147082": ("procedure_occurrence", "procedure_occurrence_id"),
            "1147094": ("drug_exposure", "drug_exposure_id"), "0": ("measurement", "measurement_id")}
    tables = {k: {r[col]: r for r in read_csv(out / "omop" / f"{t}.csv")} for k, (t, col) in rows.items()}
    assert {e["episode_concept_id"] for e in episodes.values()} >= {"32528", "32531"}
    assert events and {ev["episode_event_field_concept_id"] for ev in events} >= {"1147127", "1147094"}
    for ev in events:
        ep = episodes[ev["episode_id"]]
        # "0": measurement.measurement_id is a CDM vocabulary code, resolved only with --vocab
        assert ep["person_id"] == tables[ev["episode_event_field_concept_id"]][ev["event_id"]]["person_id"]
    for ep in episodes.values():
        if ep["episode_concept_id"] == "32531":
            assert episodes[ep["episode_parent_id"]]["episode_concept_id"] == "32528"
            assert episodes[ep["episode_parent_id"]]["person_id"] == ep["person_id"]
            assert ep["episode_start_date"] <= (ep["episode_end_date"] or ep["episode_start_date"])
    # the same episodes as `oncostruct assemble` writes, patient by patient
    summary = write_assembly(out / "records.jsonl", out / "assembled")
    assembled = [json.loads(line) for line in (out / "assembled" / "patients.jsonl").read_text().splitlines()]
    assert summary["patients"] == len(read_csv(out / "omop" / "person.csv"))
    assert len(episodes) == sum(len(p["episodes"]) for p in assembled)
    # P-LUNG-1: one first occurrence whose events are its pathology condition and its stage modifiers
    lung = [e for e in episodes.values() if e["episode_concept_id"] == "32528" and "C34" in e["episode_source_value"]]
    assert len(lung) == 1
    assert len({ev["event_id"] for ev in events if ev["episode_id"] == lung[0]["episode_id"]}) >= 2


def test_no_clear_patient_identifiers(out: Path) -> None:
    persons = read_csv(out / "omop" / "person.csv")
    n_docs = len(read_jsonl(out / "records.jsonl"))
    with_id = len([p for p in PATIENTS])
    assert len(persons) == n_docs - with_id + len(set(PATIENTS.values()))  # documents without an id: one person each
    for path in [*(out / "omop").glob("*.csv"), *(out / "fhir").glob("*.json")]:
        text = path.read_text(encoding="utf-8")
        for pid in set(PATIENTS.values()):
            assert pid not in text, (path.name, pid)
    assert all(re.fullmatch(r"[0-9a-f]{40}", p["person_source_value"]) for p in persons)
    shas = {r["document"]["source_sha256"][:40] for r in read_jsonl(out / "records.jsonl")}
    assert {n["note_source_value"] for n in read_csv(out / "omop" / "note.csv")} == shas


def test_pseudonyms_are_keyed() -> None:
    key = SecretStr("hospital-key")
    assert pseudonym("patient:42", key) != pseudonym("patient:42", None) != pseudonym("patient:42", SecretStr("x"))
    assert pseudonym("patient:42", key) == pseudonym("patient:42", key)


def test_term_modifiers_stay_valid_json_within_2000_chars() -> None:
    field = {"name": "pathology.ihc[0]", "value": "x" * 5000, "normalized": {"marker": "ER", "note": "y" * 3000},
             "confidence": 0.5, "status": "needs_review", "review_reason": "r" * 900,
             "source": {"kind": "rule", "name": "ihc", "version": "1"},
             "provenance": [{"kind": "image", "page": 0, "bbox": [1.0, 2.0, 3.0, 4.0]}] * 200}
    text = term_modifiers(field)
    doc = json.loads(text)
    assert len(text) <= 2000 and doc["confidence"] == 0.5 and doc["status"] == "needs_review"
    assert doc["provenance_dropped"] == 199 and doc["truncated"]


def test_varchar_values_are_clipped_safely() -> None:
    row = {"note_nlp_id": 1, "note_id": 1, "lexical_variant": "癌" * 300, "nlp_date": "2024-01-01",
           "snippet": "a" * 249 + "\U0001F600" + "b", "term_exists": "Y"}
    out = coerce("note_nlp", row)
    assert len(out["lexical_variant"]) == 250 and out["offset"] is None
    assert clip("ab\ud83d\ude00", 3) == "ab"  # never half a surrogate pair
    with pytest.raises(ValueError, match="unknown columns"):
        coerce("note_nlp", {**row, "bogus": 1})
    with pytest.raises(ValueError, match="NOT NULL"):
        coerce("note_nlp", {**row, "lexical_variant": None})


def test_stage_codes_use_arabic_numerals_and_prefixes_are_c_or_p() -> None:
    assert [stage_code(s) for s in ("IIIA", "IA2", "IV", "Stage IIB", "0")] == ["3A", "1A2", "4", "2B", "0"]
    assert [tnm_prefix({"prefix": p}) for p in ("p", "yp", "c", "yc", "r", None)] == ["p", "p", "c", "c", "p", "p"]


def test_a_span_outside_the_text_gets_no_offset() -> None:
    record = {"document": {"engine_version": "0", "model_versions": {}}}
    item = {"name": "pathology.pT", "value": "pT2", "confidence": 0.9, "status": "auto_accepted",
            "provenance": [{"kind": "text", "start": 50, "end": 53, "text": "pT2"}]}
    assert nlp_row(record, item, 1, "short text")["offset"] is None
    assert nlp_row(record, item, 1, None)["offset"] == "50"  # no text at hand: the source offset is kept
    inside = nlp_row(record, {**item, "provenance": [{"kind": "text", "start": 2, "end": 5}]}, 1, "a pT2 b")
    assert (inside["offset"], inside["lexical_variant"], inside["snippet"]) == ("2", "pT2", "a pT2 b")


def test_vocab_resolves_concepts_and_cli_exports_a_batch_folder(out: Path, tmp_path: Path) -> None:
    vocab = tmp_path / "athena"
    vocab.mkdir()
    rows = [("900001", "LOINC", "2039-6", "S"), ("900002", "Cancer Modifier", "p-8th_AJCC/UICC-T2a", "S"),
            ("900003", "ICDO3", "8140/3-C34.1", "S"), ("900004", "ICD10", "C34.1", "")]
    (vocab / "CONCEPT.csv").write_text(
        "concept_id\tconcept_name\tdomain_id\tvocabulary_id\tconcept_class_id\tstandard_concept\tconcept_code\t"
        "valid_start_date\tvalid_end_date\tinvalid_reason\n" +
        "".join(f"{cid}\tx\tMeasurement\t{voc}\tc\t{std}\t{code}\t19700101\t20991231\t\n" for cid, voc, code, std in rows),
        encoding="utf-8")
    (vocab / "CONCEPT_RELATIONSHIP.csv").write_text(
        "concept_id_1\tconcept_id_2\trelationship_id\tvalid_start_date\tvalid_end_date\tinvalid_reason\n"
        "900004\t900005\tMaps to\t19700101\t20991231\t\n900004\t900006\tIs a\t19700101\t20991231\t\n",
        encoding="utf-8")
    result = CliRunner().invoke(main, ["export", "omop", "--records", str(out / "records.jsonl"),
                                       "--out", str(tmp_path / "x"), "--vocab", str(vocab)])
    assert result.exit_code == 0, result.output
    meas = read_csv(tmp_path / "x" / "omop" / "measurement.csv")
    assert {m["measurement_concept_id"] for m in meas if m["measurement_source_value"] == "2039-6"} == {"900001"}
    assert {m["measurement_concept_id"] for m in meas if m["measurement_source_value"] == "p-8th_AJCC/UICC-T2a"} == {"900002"}
    conds = read_csv(tmp_path / "x" / "omop" / "condition_occurrence.csv")
    c34 = [c for c in conds if c["condition_source_value"] == "C34.1"]
    assert c34 and all(c["condition_concept_id"] == "900005" and c["condition_source_concept_id"] == "900004" for c in c34)
    assert "900003" in {c["condition_concept_id"] for c in conds}
    summary = json.loads((tmp_path / "x" / "omop" / "summary.json").read_text())
    base = json.loads((out / "omop" / "summary.json").read_text())
    assert summary["tables"]["measurement"]["unmapped_concepts"] < base["tables"]["measurement"]["unmapped_concepts"]
    # NOTE text comes from the batch's texts.jsonl beside the records file
    assert any(n["note_text"] for n in read_csv(tmp_path / "x" / "omop" / "note.csv"))
    bad = CliRunner().invoke(main, ["export", "jsonl", "--records", str(out / "records.jsonl"),
                                    "--out", str(tmp_path / "y"), "--vocab", str(vocab)])
    assert bad.exit_code == 2


def test_without_texts_the_notes_are_empty_and_the_summary_says_so(out: Path, tmp_path: Path) -> None:
    lone = tmp_path / "records.jsonl"
    lone.write_text((out / "records.jsonl").read_text(encoding="utf-8"), encoding="utf-8")
    get_exporter("omop").export(lone, tmp_path)
    assert all(n["note_text"] == "" for n in read_csv(tmp_path / "omop" / "note.csv"))
    assert json.loads((tmp_path / "omop" / "summary.json").read_text())["note_text"].startswith("empty")


def test_batch_writes_the_text_every_span_slices(out: Path) -> None:
    texts = {t["source_sha256"]: t for t in read_jsonl(out / "texts.jsonl")}
    records = read_jsonl(out / "records.jsonl")
    assert len(texts) == sum(r["document"]["doc_type"] != "lab_report" for r in records)
    for r in records:
        t = texts.get(r["document"]["source_sha256"])
        if t is None:
            continue
        assert t["doc_id"] == r["document"]["doc_id"]
        for f in r["fields"]:
            for p in f["provenance"]:
                if p["kind"] == "text" and p.get("text") is not None:
                    assert t["text"][p["start"]:p["end"]] == p["text"]


def test_bad_records_file_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "records.jsonl"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n\x00\xff")
    result = CliRunner().invoke(main, ["export", "omop,fhir", "--records", str(bad), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2 and "not a records.jsonl" in result.output
