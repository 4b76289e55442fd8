"""The five-dimension quality report: statuses from data-declared checks, per-patient consistency, the page."""
from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

from click.testing import CliRunner

from oncostruct.engine.cli import main
from oncostruct.engine.quality import quality_report, write_quality_report
from oncostruct.engine.quality.checks import DIMENSIONS, load_checks

AS_OF = date(2024, 6, 1)


def rec(doc_id: str, doc_type: str, fields: dict, patient: str | None = None, issues: list | None = None) -> dict:
    """A valid Record (as records.jsonl holds) with these fields and issues."""
    from assembly_helpers import field, record

    out = record(doc_id, doc_type, *(field(k, v) for k, v in fields.items()), patient_id=patient)
    return {**out.model_dump(mode="json"), "issues": issues or []}


def checks(report: dict) -> dict[str, dict]:
    return {c["name"]: c for d in report["dimensions"].values() for c in d["checks"]}


def test_every_dimension_has_declared_checks_with_a_kahn_category() -> None:
    specs = load_checks()
    assert {s.dimension for s in specs} == set(DIMENSIONS) and all(s.kahn and s.counts for s in specs)


def test_nothing_to_check_is_not_applicable_never_passed() -> None:
    report = quality_report([], AS_OF)
    assert {c["status"] for c in checks(report).values()} == {"not_applicable"}
    assert report["pass_rate_applicable"] is None


def test_completeness_counts_required_fields_per_document_type() -> None:
    records = [rec("a", "pathology", {"pathology.histology": "adenocarcinoma", "pathology.primary_site": "lung"}),
               rec("b", "pathology", {"pathology.histology": "adenocarcinoma"})]
    c = checks(quality_report(records, AS_OF))["required_fields_present"]
    assert (c["denominator"], c["violations"], c["status"]) == (4, 1, "failed")
    assert c["worst_records"] == [{"doc_id": "b", "violations": 1}]


def test_consistency_finds_a_patient_whose_histology_or_side_differs() -> None:
    """Per patient as the assembler links and reconciles them: adenocarcinoma NOS agrees with its invasive subtype
    (one ICD-O-3 family), squamous cell carcinoma does not; a left and a right primary site conflict."""
    from assembly_helpers import field, record

    def path(doc_id: str, patient: str, histology: tuple, side: str) -> dict:
        site = "左肺上叶" if side == "left" else "右肺上叶"
        return record(doc_id, "pathology", field("pathology.histology", *histology),
                      field("pathology.primary_site", site, site, "C34.1", laterality=side),
                      patient_id=patient, when="2023-03-20").model_dump(mode="json")

    adeno, nos, squamous = ("浸润性腺癌", "Invasive adenocarcinoma", "8140/3"), ("腺癌", "Adenocarcinoma, NOS", "8140/3"), \
        ("鳞癌", "Squamous cell carcinoma, NOS", "8070/3")
    records = [path("a", "p1", adeno, "left"), path("b", "p1", squamous, "right"),
               path("c", "p2", adeno, "left"), path("d", "p2", nos, "left")]
    got = checks(quality_report(records, AS_OF))
    for name in ("histology_concordant_per_patient", "laterality_concordant_per_patient"):
        assert (got[name]["denominator"], got[name]["violations"], got[name]["status"]) == (2, 1, "failed"), got[name]
    assert got["stage_concordant_per_patient"]["status"] == "not_applicable"


def test_plausibility_and_currency_use_the_batch_date() -> None:
    records = [rec("a", "discharge", {"discharge.admission_date": "2024-05-10", "discharge.discharge_date": "2024-05-01"}),
               rec("b", "discharge", {"discharge.admission_date": "2015-01-01", "discharge.discharge_date": "2030-01-01"}),
               rec("c", "discharge", {})]
    got = checks(quality_report(records, AS_OF))
    assert got["dates_in_order"]["violations"] == 1 and got["dates_not_in_future"]["violations"] == 1
    assert (got["document_dated"]["denominator"], got["document_dated"]["violations"]) == (3, 1)
    assert got["documents_recent"]["status"] == "passed"  # b's latest date is in the future, a's is recent


def test_correctness_counts_fields_named_by_validation_errors() -> None:
    issue = {"code": "value.out_of_range", "severity": "error", "message": "x", "fields": ["pathology.ln_positive"]}
    records = [rec("a", "pathology", {"pathology.ln_positive": 900, "pathology.histology": "x"}, issues=[issue])]
    c = checks(quality_report(records, AS_OF))["fields_without_validation_errors"]
    assert (c["denominator"], c["violations"], c["status"]) == (2, 1, "failed")


def test_files_and_cli(tmp_path: Path) -> None:
    path = tmp_path / "records.jsonl"
    path.write_text(json.dumps(rec("a", "pathology", {"pathology.histology": "x"}, "p")) + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["quality", "--records", str(path), "--out", str(tmp_path / "q"),
                                       "--as-of", "2024-06-01"])
    assert result.exit_code == 0, result.output
    page = (tmp_path / "q" / "quality.html").read_text(encoding="utf-8")
    assert all(f"<h2>{d}</h2>" in page for d in DIMENSIONS) and page.count("data:image/png;base64,") == 5
    assert "http" not in page.replace("http-equiv", "")  # self-contained: no external assets
    data = json.loads((tmp_path / "q" / "quality.json").read_text(encoding="utf-8"))
    assert set(data["dimensions"]) == set(DIMENSIONS) and data["as_of"] == "2024-06-01"
    bad = CliRunner().invoke(main, ["quality", "--records", str(path), "--out", str(tmp_path / "q"), "--as-of", "June"])
    assert bad.exit_code == 2 and "YYYY-MM-DD" in bad.output


def test_without_matplotlib_the_page_keeps_its_tables_and_says_so(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    path = tmp_path / "records.jsonl"
    path.write_text(json.dumps(rec("a", "pathology", {"pathology.histology": "x"})) + "\n", encoding="utf-8")
    write_quality_report(path, tmp_path, as_of="2024-06-01")
    page = (tmp_path / "quality.html").read_text(encoding="utf-8")
    assert "pip install 'oncostruct[quality]'" in page and "data:image/png" not in page and "<table>" in page


def test_a_check_that_raises_is_error_and_the_others_still_run(monkeypatch) -> None:
    from oncostruct.engine.quality import checks as q

    def broken(records, params, as_of):
        raise KeyError("boom")

    monkeypatch.setitem(q.KINDS, "units", broken)
    got = checks(quality_report([rec("a", "pathology", {"pathology.histology": "x"})], AS_OF))
    assert got["units_as_catalogued"]["status"] == "error" and "KeyError" in got["units_as_catalogued"]["error"]
    assert got["required_fields_present"]["status"] == "failed"
