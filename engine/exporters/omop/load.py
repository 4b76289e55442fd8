"""Load an ``omop`` export into PostgreSQL in OHDSI's order: tables → data (COPY) → primary keys →
constraints → indices. Needs psycopg 3 (``pip install 'oncostruct[export]'``)."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from oncostruct.engine.errors import ConfigError, DataFormatError, MissingDependencyError
from oncostruct.engine.exporters.omop.rows import TABLES
from oncostruct.engine.exporters.omop.schema import DDL_FILES, ddl_path, tables

_SCHEMA = re.compile(r"[a-z_][a-z0-9_]*")


def ddl_sql(name: str, schema: str) -> str:
    """One DDL file with ``@cdmDatabaseSchema`` replaced by ``schema`` (a plain lower-case identifier)."""
    if not _SCHEMA.fullmatch(schema):
        raise DataFormatError(f"schema {schema!r}: use a plain lower-case identifier")
    return ddl_path(name).read_text(encoding="utf-8").replace("@cdmDatabaseSchema", schema)


def _quoted(name: str) -> str:
    return f'"{name}"'


def copy_table(conn: Any, schema: str, table: str, csv_path: Path) -> int:
    """COPY one exported CSV into ``schema.table``; returns the rows copied."""
    cols = ", ".join(_quoted(c.name) for c in tables()[table])
    with conn.cursor() as cur, csv_path.open("rb") as fh:
        with cur.copy(f"COPY {schema}.{table} ({cols}) FROM STDIN WITH (FORMAT csv, HEADER true)") as copy:
            while chunk := fh.read(1 << 20):
                copy.write(chunk)
        return cur.rowcount


def load_postgres(conninfo: str, export_dir: Path, schema: str = "cdm") -> dict[str, int]:
    """Create ``schema``, its tables, COPY every ``<table>.csv`` of ``export_dir``, then apply keys,
    constraints and indices (one transaction); returns table → rows loaded."""
    try:
        import psycopg
    except ImportError as exc:  # pragma: no cover - depends on the installed extras
        raise MissingDependencyError("loading into PostgreSQL needs psycopg (pip install 'oncostruct[export]')") from exc
    missing = [t for t in TABLES if not (export_dir / f"{t}.csv").is_file()]
    if missing:
        raise DataFormatError(f"{export_dir}: not an omop export (missing {', '.join(f'{t}.csv' for t in missing)})")
    ddl, keys, constraints, indices = (ddl_sql(f, schema) for f in DDL_FILES)
    counts = {}
    try:
        conn = psycopg.connect(conninfo)
    except psycopg.Error as exc:
        raise ConfigError(f"cannot connect to PostgreSQL ({conninfo!r}): {exc}".strip()) from None
    try:
        with conn:
            conn.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}")
            conn.execute(ddl)
            for t in TABLES:
                counts[t] = copy_table(conn, schema, t, export_dir / f"{t}.csv")
            for step in (keys, constraints, indices):
                conn.execute(step)
    except psycopg.Error as exc:
        raise DataFormatError(f"loading {export_dir} into schema {schema} failed (nothing was kept): {exc}") from None
    return counts
