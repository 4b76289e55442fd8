"""Batch: bad documents are isolated, encodings are decoded, reruns skip finished work."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from oncostruct.engine.batch import run_batch
from tests.conftest import EN_PATHOLOGY, ZH_PATHOLOGY


def _lines(path: Path) -> list[dict]:
    return [json.loads(l) for l in path.read_text(encoding="utf-8").splitlines() if l.strip()]


def _make_inputs(folder: Path) -> None:
    folder.mkdir()
    (folder / "zh_utf8.txt").write_text(ZH_PATHOLOGY, encoding="utf-8")
    (folder / "zh_gbk.txt").write_bytes(("出院小结 入院日期：2023-03-01 出院日期：2023-03-12。" + ZH_PATHOLOGY).encode("gbk"))
    (folder / "en.txt").write_text(EN_PATHOLOGY, encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (folder / "corrupt.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00garbage" * 10)


def test_batch_isolates_bad_files_and_resumes_without_duplicates(tmp_path: Path) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    _make_inputs(src)
    first = run_batch(src, out, progress=False)
    assert (first.total, first.done, first.failed) == (6, 3, 3)
    records, errors = _lines(out / "records.jsonl"), _lines(out / "errors.jsonl")
    assert sorted(r["document"]["source_name"] for r in records) == ["en.txt", "zh_gbk.txt", "zh_utf8.txt"]
    gbk = next(r for r in records if r["document"]["source_name"] == "zh_gbk.txt")
    assert gbk["document"]["encoding"] == "gbk"
    assert {e["key"]: e["error"]["type"] for e in errors} == {
        "empty.txt": "EmptyInputError", "binary.txt": "BinaryInputError", "corrupt.png": "ImageDecodeError"}

    (src / "new.txt").write_text("检查所见：右肺上叶结节，SUVmax 6.1。诊断意见：右肺上叶结节，考虑肺癌。", encoding="utf-8")
    second = run_batch(src, out, progress=False)
    assert (second.skipped, second.done, second.failed) == (3, 1, 3)
    records = _lines(out / "records.jsonl")
    assert len(records) == 4 == len({r["document"]["source_sha256"] for r in records})
    assert len(_lines(out / "errors.jsonl")) == 3


def test_batch_reads_jsonl_manifest_with_metadata(tmp_path: Path) -> None:
    manifest = tmp_path / "m.jsonl"
    manifest.write_text(
        json.dumps({"text": ZH_PATHOLOGY, "doc_id": "p1", "patient_id": "P001"}, ensure_ascii=False) + "\n"
        + json.dumps({"text": "", "doc_id": "blank"}) + "\n"
        + json.dumps({"text": EN_PATHOLOGY, "doc_id": "forced", "doc_type": "other"}) + "\n",
        encoding="utf-8",
    )
    summary = run_batch(manifest, tmp_path / "out", progress=False)
    assert (summary.done, summary.failed) == (2, 1)
    records = {r["document"]["doc_id"]: r for r in _lines(tmp_path / "out" / "records.jsonl")}
    assert records["p1"]["document"]["patient_id"] == "P001"
    assert records["forced"]["document"]["doc_type"] == "other"
    assert records["forced"]["document"]["doc_type_detected"] is False


def _assert_valid_journal(out: Path, n_records: int) -> list[dict]:
    """Every line of both files parses; records are present exactly once each."""
    raw = (out / "records.jsonl").read_bytes()
    assert raw.endswith(b"\n")
    records = [json.loads(l) for l in raw.decode("utf-8").splitlines()]
    assert len(records) == n_records == len({r["document"]["source_sha256"] for r in records})
    _lines(out / "errors.jsonl")
    return records


def test_batch_survives_undecodable_file_names(tmp_path: Path) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    Path(os.fsdecode(bytes(src) + b"/b\xffname.txt")).write_text(ZH_PATHOLOGY, encoding="utf-8")
    Path(os.fsdecode(bytes(src) + b"/e\xfe.txt")).write_bytes(b"")
    (src / "ok.txt").write_text(EN_PATHOLOGY, encoding="utf-8")
    summary = run_batch(src, out, progress=False)
    assert (summary.done, summary.failed) == (2, 1)
    records = _assert_valid_journal(out, 2)
    assert sorted(r["document"]["source_name"] for r in records) == ["b\\xffname.txt", "ok.txt"]
    [error] = _lines(out / "errors.jsonl")
    assert error["key"] == "e\\xfe.txt" and error["path"].endswith("/e\\xfe.txt")
    assert error["error"]["type"] == "EmptyInputError" and "e\\xfe.txt" in error["error"]["message"]


def test_batch_refuses_devices_and_fifos_and_keeps_the_good_documents(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    (tmp_path / "a.txt").write_text(ZH_PATHOLOGY, encoding="utf-8")
    rows = [{"path": "/dev/zero"}, {"path": "a.txt"}, {"path": str(fifo)}, {"text": EN_PATHOLOGY, "doc_id": "en"},
            {"path": str(tmp_path)}]
    manifest = tmp_path / "m.jsonl"
    manifest.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    summary = run_batch(manifest, tmp_path / "out", progress=False)
    assert (summary.done, summary.failed) == (2, 3)
    _assert_valid_journal(tmp_path / "out", 2)
    errors = {e["key"]: e["error"] for e in _lines(tmp_path / "out" / "errors.jsonl")}
    assert {k: e["code"] for k, e in errors.items()} == {"/dev/zero": "E105", str(fifo): "E105", str(tmp_path): "E105"}


def test_batch_resume_cuts_a_torn_last_line_and_loses_no_record(tmp_path: Path) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    _make_inputs(src)
    run_batch(src, out, progress=False)
    records_path = out / "records.jsonl"
    whole = records_path.read_bytes()
    last_start = whole.rstrip(b"\n").rfind(b"\n") + 1
    torn = whole[: last_start + (len(whole) - last_start) // 2]  # a crash half way through the last record
    records_path.write_bytes(torn)
    again = run_batch(src, out, progress=False)
    assert again.torn_bytes_truncated == len(torn) - last_start
    assert (again.skipped, again.done) == (2, 1)
    _assert_valid_journal(out, 3)
    assert records_path.read_bytes()[:last_start] == whole[:last_start]


def test_sigkill_mid_batch_loses_no_record_of_other_documents(tmp_path: Path) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    n = 300
    for i in range(n):
        (src / f"d{i:03d}.txt").write_text(f"{ZH_PATHOLOGY}\n病理号：{i}", encoding="utf-8")
    cmd = [sys.executable, "-m", "oncostruct.engine.cli", "batch", str(src), "--out", str(out), "--no-progress"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    records_path = out / "records.jsonl"
    try:
        while proc.poll() is None and (not records_path.exists() or records_path.read_bytes().count(b"\n") < 5):
            time.sleep(0.02)
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait(timeout=60)
    written = records_path.read_bytes().count(b"\n")
    assert proc.returncode == -signal.SIGKILL and 5 <= written < n  # killed mid-run
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=600)
    records = _assert_valid_journal(out, n)
    assert sorted(r["document"]["source_name"] for r in records) == [f"d{i:03d}.txt" for i in range(n)]


def test_a_runaway_document_is_stopped_and_the_batch_goes_on(tmp_path: Path) -> None:
    """With a per-document limit, a document stuck in C-level regex backtracking becomes an E301 error
    entry (its worker process is killed and replaced) and every other document is still structured."""
    from oncostruct.engine.pipeline import Pipeline
    from oncostruct.engine.settings import Settings

    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("患者因咳嗽就诊。", encoding="utf-8")
    (src / "b_stuck.txt").write_text("STUCK 患者", encoding="utf-8")
    (src / "c.txt").write_text("患者因发热就诊。", encoding="utf-8")
    pipeline = Pipeline(Settings(routes={"other": ["tests.worker_tasks:Backtracking"]}))
    summary = run_batch(src, tmp_path / "out", pipeline, progress=False, timeout_s=3.0)
    assert (summary.done, summary.failed) == (2, 1)
    [error] = _lines(tmp_path / "out" / "errors.jsonl")
    assert error["key"] == "b_stuck.txt" and error["error"]["code"] == "E301"
