"""The OMOP export loaded into a real PostgreSQL: DDL → COPY → primary keys → constraints → indices.

Runs in ``make test`` (which installs Debian's postgresql package); fails with a clear message when
PostgreSQL is missing rather than being skipped.
"""
from __future__ import annotations

import json
from pathlib import Path

import psycopg  # in the dev extra: the round trip is never skipped
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from oncostruct.engine.cli import main
from oncostruct.engine.exporters.omop.load import load_postgres
from oncostruct.engine.exporters.omop.rows import TABLES
from oncostruct.engine.exporters.omop.schema import ddl_path
from tests.export_helpers import postgres_server, structured_batch




@pytest.fixture(scope="module")
def export_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return structured_batch(tmp_path_factory.mktemp("omop_pg"), ("jsonl", "omop")) / "omop"


def test_round_trip_counts_keys_and_offsets(export_dir: Path) -> None:
    with postgres_server() as conninfo:
        loaded = load_postgres(conninfo, export_dir, schema="cdm")
        with psycopg.connect(conninfo) as conn:
            for table in TABLES:
                parquet_rows = pq.read_metadata(export_dir / f"{table}.parquet").num_rows
                (db_rows,) = conn.execute(f"SELECT count(*) FROM cdm.{table}").fetchone()
                assert loaded[table] == db_rows == parquet_rows >= 1, table
            # the keys and constraints exist (applied after the data)
            (n_pk,) = conn.execute("SELECT count(*) FROM information_schema.table_constraints "
                                   "WHERE table_schema='cdm' AND constraint_type='PRIMARY KEY'").fetchone()
            (n_fk,) = conn.execute("SELECT count(*) FROM information_schema.table_constraints "
                                   "WHERE table_schema='cdm' AND constraint_type='FOREIGN KEY'").fetchone()
            (n_ix,) = conn.execute("SELECT count(*) FROM pg_indexes WHERE schemaname='cdm'").fetchone()
            created = ddl_path("OMOPCDM_postgresql_5.4_indices.sql").read_text().count("CREATE INDEX")
            assert (n_pk, n_fk, n_ix) == (9, 10, 9 + created)
            # the foreign keys hold: every link resolves (also the polymorphic ones the DDL cannot declare)
            checks = {
                "modifier → condition": "SELECT count(*) FROM cdm.measurement m LEFT JOIN cdm.condition_occurrence c "
                "ON c.condition_occurrence_id = m.measurement_event_id WHERE m.measurement_event_id IS NOT NULL "
                "AND (c.condition_occurrence_id IS NULL OR m.meas_event_field_concept_id <> 1147127 "
                "OR c.person_id <> m.person_id)",
                "observation → condition": "SELECT count(*) FROM cdm.observation o LEFT JOIN cdm.condition_occurrence c "
                "ON c.condition_occurrence_id = o.observation_event_id WHERE o.observation_event_id IS NOT NULL "
                "AND c.condition_occurrence_id IS NULL",
                "episode event → condition": "SELECT count(*) FROM cdm.episode_event ee JOIN cdm.episode e USING (episode_id) "
                "LEFT JOIN cdm.condition_occurrence c ON c.condition_occurrence_id = ee.event_id "
                "WHERE ee.episode_event_field_concept_id = 1147127 AND (c.condition_occurrence_id IS NULL "
                "OR c.person_id <> e.person_id)",
                "episode event → drug": "SELECT count(*) FROM cdm.episode_event ee JOIN cdm.episode e USING (episode_id) "
                "LEFT JOIN cdm.drug_exposure d ON d.drug_exposure_id = ee.event_id "
                "WHERE ee.episode_event_field_concept_id = 1147094 AND (d.drug_exposure_id IS NULL "
                "OR d.person_id <> e.person_id)",
                "episode event → procedure": "SELECT count(*) FROM cdm.episode_event ee JOIN cdm.episode e USING (episode_id) "
                "LEFT JOIN cdm.procedure_occurrence p ON p.procedure_occurrence_id = ee.event_id "
                "WHERE ee.episode_event_field_concept_id = 1147082 AND (p.procedure_occurrence_id IS NULL "
                "OR p.person_id <> e.person_id)",
                # without --vocab the measurement/observation Field concepts are 0: the row is in one of them
                "episode event → measurement": "SELECT count(*) FROM cdm.episode_event ee JOIN cdm.episode e USING (episode_id) "
                "LEFT JOIN cdm.measurement m ON m.measurement_id = ee.event_id AND m.person_id = e.person_id "
                "LEFT JOIN cdm.observation o ON o.observation_id = ee.event_id AND o.person_id = e.person_id "
                "WHERE ee.episode_event_field_concept_id = 0 AND m.measurement_id IS NULL AND o.observation_id IS NULL",
                "episode event → other": "SELECT count(*) FROM cdm.episode_event WHERE episode_event_field_concept_id "
                "NOT IN (0, 1147127, 1147094, 1147082)",
            }
            for name, sql in checks.items():
                assert conn.execute(sql).fetchone()[0] == 0, name
            (linked,) = conn.execute("SELECT count(*) FROM cdm.measurement WHERE meas_event_field_concept_id = 1147127 "
                                     "AND (measurement_source_value LIKE '%AJCC/UICC%' OR measurement_source_value "
                                     "LIKE 'Grade-%' OR measurement_source_value = 'Tumor-Size')").fetchone()
            assert linked >= 15
            # the offsets slice the note text (PostgreSQL counts characters, substring is 1-based)
            (n_spans, n_bad_lexical, n_bad_snippet) = conn.execute(
                'SELECT count(*), '
                'count(*) FILTER (WHERE substring(n.note_text from nl."offset"::int + 1 '
                'for char_length(nl.lexical_variant)) <> nl.lexical_variant), '
                'count(*) FILTER (WHERE strpos(n.note_text, nl.snippet) = 0 OR strpos(nl.snippet, '
                'left(nl.lexical_variant, 250)) = 0) '
                'FROM cdm.note_nlp nl JOIN cdm.note n USING (note_id) WHERE nl."offset" IS NOT NULL').fetchone()
            assert n_spans > 300 and n_bad_lexical == 0 and n_bad_snippet == 0
            # episodes (the assembler's): treatments parented to the first occurrence of the same person
            (orphans,) = conn.execute(
                "SELECT count(*) FROM cdm.episode r JOIN cdm.episode p ON p.episode_id = r.episode_parent_id "
                "WHERE r.episode_concept_id = 32531 AND (p.episode_concept_id <> 32528 OR p.person_id <> r.person_id)"
            ).fetchone()
            assert orphans == 0
            (lung_events,) = conn.execute(
                "SELECT count(DISTINCT ee.event_id) FROM cdm.episode e JOIN cdm.episode_event ee USING (episode_id) "
                "WHERE e.episode_concept_id = 32528 AND e.episode_source_value LIKE '%C34%'").fetchone()
            assert lung_events >= 2  # P-LUNG-1: the pathology condition and its stage modifiers
        # the same through the command line, into a second schema; a failing load keeps nothing
        result = CliRunner().invoke(main, ["load-omop", str(export_dir), "--dsn", conninfo, "--schema", "cdm_cli"])
        assert result.exit_code == 0 and json.loads(result.output) == loaded
        again = CliRunner().invoke(main, ["load-omop", str(export_dir), "--dsn", conninfo, "--schema", "cdm_cli"])
        assert again.exit_code == 2 and "already exists" in again.output
    down = CliRunner().invoke(main, ["load-omop", str(export_dir), "--dsn", conninfo, "--schema", "cdm"])
    assert down.exit_code == 2 and "cannot connect" in down.output
