"""The OMOP tables the exporter writes (engine/data/omop_tables.yaml), row coercion and the CSV/Parquet writers."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any


from oncostruct.engine.errors import MissingDependencyError
from oncostruct.engine.data_files import data_yaml

DDL_DIR = "data/omop_ddl"
DDL_FILES = ("OMOPCDM_postgresql_5.4_ddl.sql", "OMOPCDM_postgresql_5.4_primary_keys.sql",
             "OMOPCDM_postgresql_5.4_constraints.sql", "OMOPCDM_postgresql_5.4_indices.sql")
_VARCHAR = re.compile(r"varchar\((\d+)\)")


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # integer, bigint, numeric, date, timestamp, text, varchar(N)
    not_null: bool

    @property
    def max_chars(self) -> int | None:
        m = _VARCHAR.fullmatch(self.type)
        return int(m.group(1)) if m else None


@lru_cache(maxsize=1)
def tables() -> dict[str, tuple[Column, ...]]:
    """Table name (lower case) → its columns in specification order."""
    return {t: tuple(Column(n, ty, bool(nn)) for n, ty, nn in cols) for t, cols in data_yaml("omop_tables.yaml").items()}


def ddl_path(name: str) -> Path:
    """One of the DDL files (:data:`DDL_FILES`) shipped in engine/data/omop_ddl."""
    return Path(str(resources.files("oncostruct.engine").joinpath(f"{DDL_DIR}/{name}")))


def clip(text: str | None, limit: int | None) -> str | None:
    """``text`` cut to ``limit`` characters (PostgreSQL varchar counts characters), never mid surrogate pair."""
    if text is None or limit is None or len(text) <= limit:
        return text
    cut = text[:limit]
    return cut[:-1] if cut and "\ud800" <= cut[-1] <= "\udbff" else cut


def coerce(table: str, row: dict[str, Any]) -> dict[str, Any]:
    """``row`` with every column of ``table`` (missing ones None), varchar values clipped to their length.

    Raises ValueError for an unknown column or a missing NOT NULL value (an exporter bug, not bad input).
    """
    cols = tables()[table]
    unknown = set(row) - {c.name for c in cols}
    if unknown:
        raise ValueError(f"{table}: unknown columns {sorted(unknown)}")
    out: dict[str, Any] = {}
    for c in cols:
        v = row.get(c.name)
        if v is None and c.not_null:
            raise ValueError(f"{table}.{c.name} is NOT NULL but has no value")
        out[c.name] = clip(v, c.max_chars) if isinstance(v, str) else v
    return out


def _cell(v: Any) -> str:
    """One CSV cell: NULL empty and unquoted, numbers bare, everything else a quoted string."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return str(int(v))
    if isinstance(v, (int, float)):
        return repr(v)
    text = v.isoformat() if isinstance(v, (date, datetime)) else str(v)
    return '"' + text.replace('"', '""') + '"'


def write_csv(path: Path, table: str, rows: list[dict[str, Any]]) -> Path:
    """CSV (RFC 4180) with a header; NULL is an empty unquoted cell and every string is quoted, so an empty
    string stays an empty string under PostgreSQL ``COPY ... (FORMAT csv)``."""
    names = [c.name for c in tables()[table]]
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write(",".join(names) + "\n")
        for row in rows:
            fh.write(",".join(_cell(row[n]) for n in names) + "\n")
    return path


def _arrow_type(pa: Any, ty: str) -> Any:
    return {"integer": pa.int32(), "bigint": pa.int64(), "numeric": pa.float64(), "date": pa.date32(),
            "timestamp": pa.timestamp("s")}.get(ty, pa.string())


def write_parquet(path: Path, table: str, rows: list[dict[str, Any]]) -> Path:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:  # pragma: no cover - depends on the installed extras
        raise MissingDependencyError("the omop export writes Parquet with pyarrow (pip install 'oncostruct[export]')") from exc
    cols = tables()[table]
    schema = pa.schema([(c.name, _arrow_type(pa, c.type), not c.not_null) for c in cols])
    pq.write_table(pa.Table.from_pylist(rows, schema=schema), path)
    return path
