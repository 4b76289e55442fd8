"""The five-dimension data-quality report of a batch: quality.json and quality.html.

Dimensions (Weiskopf & Weng 2013): completeness, correctness, consistency, plausibility, currency. The
checks are data (``engine/data/quality_checks.yaml``, :mod:`.checks`); the page (:mod:`.html`) shows
one figure per dimension (matplotlib, embedded as PNG; without matplotlib the page says so and keeps
the tables). Neither file holds field values: only check names, counts and doc_ids.
"""
from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any

from oncostruct.engine.errors import InputError
from oncostruct.engine.jsonl import read_jsonl
from oncostruct.engine.quality.checks import DIMENSIONS, CheckResult, load_checks, run_check

QUALITY_JSON = "quality.json"
QUALITY_HTML = "quality.html"


def quality_report(records: list[dict[str, Any]], as_of: date | None = None,
                   checks_file: str | None = None) -> dict[str, Any]:
    """Every declared check over ``records``, grouped by dimension, with a summary per dimension."""
    as_of = as_of or date.today()
    results = [run_check(spec, records, as_of) for spec in load_checks(checks_file)]
    dims = {}
    for dim in DIMENSIONS:
        mine = [r for r in results if r.dimension == dim]
        statuses = [r.status for r in mine]
        dims[dim] = {"checks": [asdict(r) for r in mine],
                     "summary": {s: statuses.count(s) for s in ("passed", "failed", "not_applicable", "error")}}
    applicable = [r for r in results if r.status in ("passed", "failed")]
    return {
        "as_of": as_of.isoformat(), "records": len(records),
        "patients": len({r["document"].get("patient_id") for r in records if r["document"].get("patient_id")}),
        "pass_rate_applicable": round(sum(r.status == "passed" for r in applicable) / len(applicable), 4)
        if applicable else None,
        "dimensions": dims,
    }


def write_quality_report(records_path: str | Path, out_dir: str | Path, *, as_of: str | date | None = None) -> list[str]:
    """quality.json and quality.html in ``out_dir`` for the records in ``records_path``; the paths written."""
    from oncostruct.engine.quality.html import render_quality_html

    if isinstance(as_of, str):
        try:
            as_of = date.fromisoformat(as_of)
        except ValueError:
            raise InputError(f"--as-of {as_of!r}: write the batch date as YYYY-MM-DD") from None
    records = [r for r in read_jsonl(Path(records_path)) if "document" in r]
    report = quality_report(records, as_of)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    (out / QUALITY_JSON).write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    (out / QUALITY_HTML).write_text(render_quality_html(report), encoding="utf-8")
    return [str(out / QUALITY_JSON), str(out / QUALITY_HTML)]


__all__ = ["CheckResult", "DIMENSIONS", "quality_report", "write_quality_report"]
