"""The deidentify stage in the pipeline and in batch: spans into the de-identified text, no PHI in any output."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from oncostruct.engine.cdm import TextSpan
from oncostruct.engine.deid import map_span_back
from oncostruct.engine.errors import ConfigError
from oncostruct.engine.exporters import exporter_names
from oncostruct.engine.pipeline import STAGES, Pipeline
from oncostruct.engine.settings import Settings
from oncostruct.extractors.deid.checksums import gb11643_check_digit

KEY = "test-hospital-key"
RESIDENT_ID = "33010619800512123" + gb11643_check_digit("33010619800512123")
# Every planted value, as it must never appear in any file a de-identifying batch writes.
PLANTED = ["周立波", "郑小燕", "欧阳明", RESIDENT_ID, "13998765432", "文三路90号5栋301室", "ZY7788123", "B2024-00871",
           "温州医科大学附属第二医院", "2023-05-12", "2023年5月20日", "96岁", "zhou.libo@example.cn", "CT-2231-0098",
           "10.2.33.4", "Grace Hopper", "44120987", "Lakeside General Hospital", "(617) 555-0134", "221 Baker Street",
           "S23-44711", "grace.h@example.org"]
ZH_REPORT = (f"温州医科大学附属第二医院病理诊断报告\n姓名：周立波 性别：男 年龄：96岁 住院号：ZY7788123 病理号：B2024-00871\n"
             f"身份证号：{RESIDENT_ID} 电话：13998765432 住址：浙江省杭州市西湖区文三路90号5栋301室\n"
             "患者周立波于2023-05-12入院，其女郑小燕陪同，邮箱zhou.libo@example.cn。设备编号：CT-2231-0098，IP 10.2.33.4。\n"
             "病理诊断：（左肺下叶）浸润性腺癌，中分化，肿瘤大小2.5×2.0×1.8cm，支气管切缘未见癌。淋巴结（2/11）见癌转移。"
             "免疫组化：Ki-67（约40%+），TTF-1（+）。pT1cN1M0。\n报告医师：欧阳明 报告日期：2023年5月20日\n")
EN_REPORT = ("Lakeside General Hospital SURGICAL PATHOLOGY\nName: Grace Hopper  MRN: 44120987  Accession #: S23-44711\n"
             "Patient Grace Hopper was seen on 2023-05-12; phone (617) 555-0134; 221 Baker Street, Apt 4B, Springfield, "
             "MA 01103; email grace.h@example.org.\nFINAL DIAGNOSIS: Right breast, mastectomy: invasive ductal carcinoma, "
             "Nottingham grade 2, 2.7 cm in greatest dimension. ER positive (90%), PR negative, HER2 (1+). pT2 pN1a.\n")


def _settings() -> Settings:
    return Settings(deidentify=True, secret_key=KEY, extract_timeout_s=None)


def test_deidentify_is_the_first_stage_and_needs_the_key() -> None:
    assert STAGES[0] == "deidentify"
    with pytest.raises(ConfigError, match="ONCOSTRUCT_SECRET_KEY"):
        Pipeline(Settings(deidentify=True))


def test_fields_point_into_the_deidentified_text_and_map_back() -> None:
    record = Pipeline(_settings()).extract_text(ZH_REPORT, doc_type="pathology", doc_id="周立波-1", patient_id="P7")
    dump = record.model_dump_json()
    assert not [v for v in PLANTED if v in dump or json.dumps(v)[1:-1] in dump]
    assert not [i for i in record.issues if i.code.startswith("provenance.")]  # spans slice back into the text
    deid = record.document.deid
    assert deid is not None and {"NAME", "DATE", "ID_NUMBER", "ADDRESS"} <= {r.category for r in deid.replacements}
    assert record.document.doc_id.startswith("doc_id-") and record.document.patient_id.startswith("patient_id-")
    histology = next(f for f in record.fields if f.name == "pathology.histology")
    span = next(p for p in histology.provenance if isinstance(p, TextSpan))
    from oncostruct.engine.deid import Replacement

    reps = [Replacement(r.category, r.orig_start, r.orig_end, r.start, r.end) for r in deid.replacements]
    a, b = map_span_back(span.start, span.end, reps)
    assert ZH_REPORT[a:b] == span.text == "浸润性腺癌"


def test_off_by_default_passes_text_through() -> None:
    record = Pipeline(Settings(extract_timeout_s=None)).extract_text(ZH_REPORT, doc_type="pathology")
    assert record.document.deid is None and record.document.doc_id == record.document.source_sha256[:16]
    assert any(p.text == "浸润性腺癌" for f in record.fields for p in f.provenance if isinstance(p, TextSpan))


def _scan(out: Path, extra: str) -> list[str]:
    leaks = []
    for path in sorted(p for p in out.rglob("*") if p.is_file()):
        data = path.read_bytes()
        for v in PLANTED:
            forms = {v.encode("utf-8"), json.dumps(v).encode("ascii")[1:-1], v.encode("utf-16-le")}
            if any(f in data for f in forms):
                leaks.append(f"{path.name}: {v}")
    leaks += [f"console: {v}" for v in PLANTED if v in extra]
    return leaks


def test_a_deidentifying_batch_writes_no_planted_value_to_any_file(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "周立波_病理.txt").write_text(ZH_REPORT, encoding="utf-8")
    (src / "郑小燕-scan.bin").write_bytes(b"\x00\x01\x02PK\x00" * 50)  # unusable: an error entry named after PHI
    manifest = tmp_path / "manifest.jsonl"
    rows = [{"path": str(src / "周立波_病理.txt"), "doc_id": "周立波-2023-05-12", "patient_id": RESIDENT_ID},
            {"text": EN_REPORT, "doc_id": "Grace Hopper 44120987", "patient_id": "44120987", "doc_type": "pathology"},
            {"text": ZH_REPORT.replace("周立波", "欧阳明"), "doc_id": "ZY7788123", "patient_id": RESIDENT_ID},
            {"path": str(src / "郑小燕-scan.bin"), "doc_id": "郑小燕-scan"}]
    manifest.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    out = tmp_path / "out"
    formats = ",".join(n for n in exporter_names() if n in {"jsonl", "parquet", "omop", "fhir"})
    env = {**os.environ, "ONCOSTRUCT_SECRET_KEY": KEY}
    proc = subprocess.run([sys.executable, "-m", "oncostruct.engine.cli", "-v", "batch", str(manifest), "--out", str(out),
                           "--deidentify", "--export", formats, "--no-progress", "--timeout", "120"],
                          capture_output=True, text=True, env=env, timeout=600)
    assert proc.returncode == 3, proc.stderr[-2000:]  # the binary file failed, the rest were structured
    written = {p.name for p in out.iterdir()}
    assert {"records.jsonl", "errors.jsonl", "deid_audit.jsonl", "quality.json", "quality.html"} <= written
    assert "parquet" not in formats or any(n.endswith(".parquet") for n in written)
    records = [json.loads(x) for x in (out / "records.jsonl").read_text(encoding="utf-8").splitlines()]
    errors = [json.loads(x) for x in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(records) == 3 and len(errors) == 1 and errors[0]["key"].startswith("source-")
    audit = [json.loads(x) for x in (out / "deid_audit.jsonl").read_text(encoding="utf-8").splitlines()]
    assert audit and set(audit[0]) == {"doc_id", "method", "category", "start", "end", "orig_start", "orig_end"}
    assert _scan(out, proc.stdout + proc.stderr) == []


def test_the_scan_would_see_a_leak(tmp_path: Path) -> None:
    (tmp_path / "x.json").write_text(json.dumps({"name": "周立波"}), encoding="utf-8")
    assert _scan(tmp_path, "Grace Hopper") == ["x.json: 周立波", "console: Grace Hopper"]


def test_review_tasks_show_the_deidentified_text_the_spans_point_into(tmp_path: Path) -> None:
    from oncostruct.annotation.client import MemoryBackend
    from oncostruct.annotation.push import push
    from oncostruct.annotation.store import GoldStore
    from oncostruct.engine.deid import deidentified_text
    from oncostruct.engine.settings import ReviewSettings

    settings = Settings(deidentify=True, secret_key=KEY, extract_timeout_s=None, review=ReviewSettings(min_confidence=0.99))
    record = Pipeline(settings).extract_text(ZH_REPORT, doc_type="pathology")
    original = {record.document.source_sha256: ZH_REPORT}
    backend = MemoryBackend()
    summary = push([record], original, backend, GoldStore(f"sqlite:///{tmp_path / 'g.sqlite'}"), "deid")
    [task] = backend.tasks.values()
    text = task["data"]["text"]
    assert summary.missing_text == [] and text == deidentified_text(ZH_REPORT, record.document.deid.replacements)
    assert not [v for v in PLANTED if v in json.dumps(task, ensure_ascii=False)]
    regions = [r for p in task["predictions"] for r in p["result"] if "start" in r.get("value", {})]
    assert regions and all(text[r["value"]["start"]:r["value"]["end"]] == r["value"]["text"] for r in regions)


def test_view_html_of_a_deidentified_record_shows_the_deidentified_text(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from oncostruct.engine.cli import main

    src = tmp_path / "report.txt"
    src.write_text(ZH_REPORT, encoding="utf-8")
    record = Pipeline(_settings()).extract_path(src, doc_type="pathology")
    rec_file = tmp_path / "r.json"
    rec_file.write_text(record.model_dump_json(), encoding="utf-8")
    out = CliRunner().invoke(main, ["view", str(rec_file), "--html", "--source", str(src)])
    assert out.exit_code == 0, out.output
    assert "浸润性腺癌" in out.output and not [v for v in PLANTED if v in out.output]
