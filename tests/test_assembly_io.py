"""Patient assembly end to end: header link keys, the assemble CLI, batch --assemble, the timeline page, REST."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from oncostruct.engine.assembly import assemble
from oncostruct.engine.assembly.timeline_html import render_timeline_html
from oncostruct.engine.cdm import DocType
from oncostruct.engine.components import ExtractionInput
from oncostruct.engine.settings import get_settings
from oncostruct.extractors.text.patient_keys import PatientKeysExtractor
from tests.assembly_helpers import discharge, pathology, record

EXE = shutil.which("oncostruct") or str(Path(sys.executable).parent / "oncostruct")
KEY = "test-hospital-key"
PATHOLOGY = ("病理诊断报告\n姓名：林晓雯    性别：女    出生日期：1966-06-10    病案号：00563698\n报告日期：2023-03-20\n"
             "病理诊断：（右肺上叶）浸润性腺癌，肿瘤大小2.1×1.6×1.2cm，切缘阴性。\n淋巴结：2/15见癌转移。\n"
             "病理分期：pT1cN1M0，IIB期（AJCC第8版）。\n")
DISCHARGE = ("出院小结\n姓名：林晓雯    性别：女    住院号：563698\n入院日期：2023-03-10    出院日期：2023-03-25\n"
             "诊疗经过：于2023-03-15在全麻下行胸腔镜下右肺上叶切除术，手术顺利。\n"
             "出院诊断：\n1.右肺上叶腺癌 pT2aN1M0 IIB期\n")
PETCT = ("PET/CT检查报告\n姓名：林晓雯  性别：女  出生日期：1966年6月10日\n检查日期：2023-09-01\n"
         "诊断意见：\n1. 右肺上叶癌术后改变。\n2. 肝脏多发高代谢结节，考虑转移，较前进展。\n")


@pytest.fixture
def secret(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("ONCOSTRUCT_SECRET_KEY", KEY)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ONCOSTRUCT_SECRET_KEY": KEY}
    return subprocess.run([EXE, *args], capture_output=True, text=True, timeout=300, env=env)


def _keys(text: str) -> dict[str, str]:
    (out,) = PatientKeysExtractor().pipe([ExtractionInput(text=text, doc_type=DocType.other, language="zh")])
    return {f.name: f.normalized for f in out.fields}


def test_header_identifiers_become_keyed_hashes_only(secret: None) -> None:
    keys = _keys(PATHOLOGY)
    assert set(keys) == {"patient.keys.name", "patient.keys.sex", "patient.keys.birth_date", "patient.keys.mrn",
                         "document.date"}
    assert keys["document.date"] == "2023-03-20"
    assert all(re.fullmatch(r"[0-9a-f]{32}", v) for k, v in keys.items() if k.startswith("patient.keys."))
    assert "林晓雯" not in json.dumps(keys, ensure_ascii=False) and "563698" not in json.dumps(keys)
    same = _keys("Name: 林晓雯  Sex: Female  DOB: 1966/06/10  MRN: 563698")
    for kind in ("name", "sex", "birth_date", "mrn"):  # spellings differ, the keys agree (leading zeros, date formats)
        assert same[f"patient.keys.{kind}"] == keys[f"patient.keys.{kind}"], kind
    assert "patient.keys.name" not in _keys("姓名：***  住院号：******")
    table = _keys("| 姓 名 | 林晓雯 | 性别 | 女 |\n| 出生年月 | 19660610 | 病理号 | BL23-1 |\n病 案 号\t563698")
    for kind in ("name", "sex", "birth_date", "mrn"):  # | tables, tab tables, compact dates, spaced labels
        assert table[f"patient.keys.{kind}"] == keys[f"patient.keys.{kind}"], kind


def test_label_rows_over_value_rows_and_values_on_the_next_line(secret: None) -> None:
    """Header tables written as a row of labels over a row of values (tabs or pipes), a value on the line after
    its label, IDs with letters and dashes, names with a middle dot: the same keys as the key: value header."""
    keys = _keys("姓名：古丽米拉·艾买提  性别：女  出生日期：1966-06-10  住院号码：ZY-2023-0045\n")
    tabs = _keys("出院小结\n姓名\t性别\t出生日期\t病历号\t门诊号\n古丽米拉•艾买提\t女\t1966.6.10\tZY-2023-0045\t3220\n")
    pipes = _keys("CT\n| 姓名 | 性别 | 出生日期 | 住院号码 | 科室 |\n|---|---|---|---|---|\n"
                  "| 古丽米拉·艾买提 | 女 | 19660610 | ZY-2023-0045 | 放疗科 |\n")
    next_line = _keys("CT检查报告单\n姓名：古丽米拉·艾买提\n性别：女\nID号：\nZY-2023-0045\n")
    english = _keys("Name: Gulimila Aimaiti\nSex: Female\nInpatient No.: ZY-2023-0045\n")
    for got in (tabs, pipes):
        for kind in ("name", "sex", "birth_date", "mrn"):
            assert got[f"patient.keys.{kind}"] == keys[f"patient.keys.{kind}"], (kind, got)
    assert next_line["patient.keys.mrn"] == english["patient.keys.mrn"] == keys["patient.keys.mrn"]
    assert next_line["patient.keys.name"] == keys["patient.keys.name"]
    assert "patient.keys.mrn" not in _keys("姓名\t门诊号\n林晓雯\t32202279\n")  # an outpatient number is no MRN


def test_manifest_date_must_be_iso(tmp_path: Path) -> None:
    manifest = tmp_path / "m.jsonl"
    manifest.write_text('{"text": "x", "date": "03/04/2023"}\n', encoding="utf-8")
    proc = _run("batch", str(manifest), "--out", str(tmp_path / "o"), "--no-progress")
    assert proc.returncode == 2 and "'date' is an ISO date" in proc.stderr


def test_no_key_configured_means_no_link_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ONCOSTRUCT_SECRET_KEY", raising=False)
    get_settings.cache_clear()
    try:
        assert not any(k.startswith("patient.keys.") for k in _keys(PATHOLOGY))
    finally:
        get_settings.cache_clear()


def test_cli_assemble_writes_patients_and_timeline(tmp_path: Path) -> None:
    records = tmp_path / "records.jsonl"
    rows = [pathology(pT="T1b", patient_id="P1"), discharge(pT="T2a", patient_id="P1"), pathology("other", patient_id="P2")]
    records.write_text("".join(r.model_dump_json() + "\n" for r in rows), encoding="utf-8")
    proc = _run("assemble", "--records", str(records), "--out", str(tmp_path / "asm"))
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["patients"] == 2
    patients = [json.loads(line) for line in (tmp_path / "asm" / "patients.jsonl").read_text(encoding="utf-8").splitlines()]
    p1 = next(p for p in patients if p["patient_id"] == "P1")
    assert {"patient_id", "documents", "fields", "conflicts", "episodes"} <= set(p1)
    assert set(p1["fields"][0]) >= {"name", "value", "normalized", "sources", "status"}
    assert p1["conflicts"][0]["name"] == "pathology.pT" and set(p1["conflicts"][0]) >= {"name", "values", "doc_ids"}
    assert set(p1["episodes"][0]) >= {"kind", "start", "end", "events"}
    page = (tmp_path / "asm" / "timeline.html").read_text(encoding="utf-8")
    assert 'id="patient-P1"' in page and 'id="patient-P2"' in page and "<svg" in page
    assert "<script" not in page.lower() and "http://" not in page and "https://" not in page
    assert re.search(r'href="records/path1\.html#f\d+"', page)  # a field links to its row on the record page
    assert (tmp_path / "asm" / "records" / "path1.html").is_file()


def test_cli_assemble_bad_input_is_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "records.jsonl"
    bad.write_text('{"not": "a record"}\n', encoding="utf-8")
    proc = _run("assemble", "--records", str(bad), "--out", str(tmp_path / "o"))
    assert proc.returncode == 2 and "not a Record" in proc.stderr and "Traceback" not in proc.stderr


def test_batch_assemble_links_header_only_documents(tmp_path: Path) -> None:
    manifest = tmp_path / "m.jsonl"
    rows = [{"doc_id": "path", "text": PATHOLOGY, "patient_id": "P7", "date": "2023-03-20"},
            {"doc_id": "dis", "text": DISCHARGE, "doc_type": "discharge"},
            {"doc_id": "scan", "text": PETCT, "doc_type": "petct"}]
    manifest.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    out = tmp_path / "out"
    proc = _run("batch", str(manifest), "--out", str(out), "--assemble", "--no-progress")
    assert proc.returncode == 0, proc.stderr
    (patient,) = [json.loads(line) for line in (out / "patients.jsonl").read_text(encoding="utf-8").splitlines()]
    assert patient["patient_id"] == "P7" and sorted(patient["documents"]) == ["dis", "path", "scan"]
    links = {link["doc_id"]: link for link in patient["links"]}
    assert links["dis"]["rule"] == "mrn" and links["scan"]["rule"] == "name_birth_date_sex"
    fields = {(f["name"], f.get("visit_id")): f for f in patient["fields"]}
    ln = fields["pathology.ln_examined", None]
    assert ln["normalized"] == 15 and ln["sources"][0]["doc_id"] == "path" and ln["filled_gaps"] == ["dis"]
    assert [c["name"] for c in patient["conflicts"]] == ["pathology.pT"]
    assert fields["pathology.pT", None]["status"] == "needs_review"
    assert {e["kind"] for e in patient["episodes"]} >= {"diagnosis", "surgery", "progression"}
    first = json.loads((out / "records.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert first["document"]["document_date"] == "2023-03-20"
    page = (out / "timeline.html").read_text(encoding="utf-8")
    assert re.search(r'href="records/path\.html#m\d+"', page)  # the text was found: links go to the highlighted span


def test_timeline_escapes_document_content() -> None:
    evil = record("<b>x</b>", "pathology", patient_id="P<1>", when="2023-01-01")
    page = render_timeline_html(assemble([evil]), lambda d, f: f"records/{d}.html")
    assert "<b>x</b>" not in page and "&lt;b&gt;x&lt;/b&gt;" in page and "P&lt;1&gt;" in page


fastapi = pytest.importorskip("fastapi", reason="the serve extra is not installed")


def test_rest_returns_the_assembled_patient() -> None:
    from fastapi.testclient import TestClient

    from oncostruct.serving.main import create_app
    from tests.serving_helpers import ADMIN, API_KEYS, READER, api_settings, wait_for

    with TestClient(create_app(api_settings(), api_keys=API_KEYS), raise_server_exceptions=False) as client:
        wait_for(lambda: client.get("/readyz").status_code)
        for doc_id, text in (("rp", PATHOLOGY), ("rd", DISCHARGE)):
            body = {"text": text, "patient_id": "PX", "doc_id": doc_id, "date": "2023-03-2" + str(len(doc_id) + 2)}
            resp = client.post("/v1/extract", json=body, headers=READER)
            assert resp.status_code == 200, resp.text
            assert resp.json()["document"]["document_date"] == body["date"]
        got = client.get("/v1/patients/PX", headers=READER)
        assert got.status_code == 200, got.text
        body = got.json()
        assert sorted(body["documents"]) == ["rd", "rp"] and body["conflicts"][0]["name"] == "pathology.pT"
        assert client.get("/v1/patients/nobody", headers=READER).status_code == 404
        assert client.get("/v1/patients/PX").status_code == 401
        assert client.get("/v1/patients/PX", headers=ADMIN).status_code == 200  # admins see every key's records


def test_chromium_renders_the_timeline(tmp_path: Path) -> None:
    from tests.test_html_view import CHROMIUM, screenshot

    if CHROMIUM is None:
        pytest.skip("chromium is not installed (apt-get install -y chromium)")
    rows = [pathology(pT="T1b", patient_id="P1"), discharge(pT="T2a", patient_id="P1")]
    page, png = tmp_path / "timeline.html", tmp_path / "timeline.png"
    page.write_text(render_timeline_html(assemble(rows), lambda d, f: f"records/{d}.html"), encoding="utf-8")
    screenshot(page, png, size="1000,800")
    data = png.read_bytes()
    assert data.startswith(b"\x89PNG") and len(data) > 20_000  # a blank page compresses to a few kB
