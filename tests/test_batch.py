"""Batch: bad documents are isolated, encodings are decoded, reruns skip finished work."""
from __future__ import annotations

import json
from pathlib import Path

from engine.batch import run_batch
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
