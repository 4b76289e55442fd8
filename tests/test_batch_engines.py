"""Batch engines: local workers and Ray Data give the same records as the in-process engine.

Bad documents are isolated, GBK is decoded, reruns skip finished work, Parquet manifests and
exports work. The Ray test starts one small local instance (2 CPUs) and is skipped without Ray.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from oncostruct.engine.batch import run_batch
from oncostruct.engine.batch_engines import make_engine
from oncostruct.engine.errors import ConfigError
from tests.conftest import ZH_PATHOLOGY
from tests.test_batch import _lines, _make_inputs

PETCT = "检查所见：右肺上叶结节，FDG摄取增高，SUVmax 6.1。诊断意见：右肺上叶结节，考虑肺癌。"


def _inputs(folder: Path) -> Path:
    """test_batch's inputs (UTF-8, GBK, English, empty, binary, corrupt PNG) plus a PET-CT and a duplicate."""
    _make_inputs(folder)
    (folder / "petct.txt").write_text(PETCT, encoding="utf-8")
    (folder / "copy_of_zh.txt").write_text(ZH_PATHOLOGY, encoding="utf-8")  # same content: done once
    return folder


def _by_sha(out: Path) -> dict[str, dict]:
    return {r["document"]["source_sha256"]: r for r in _lines(out / "records.jsonl")}


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The inputs and the in-process engine's output on them."""
    src = _inputs(tmp_path_factory.mktemp("batch") / "in")
    out = src.parent / "out_local1"
    run_batch(src, out, progress=False)
    return src, out


def test_two_local_workers_match_one_and_isolate_bad_files(reference: tuple[Path, Path], tmp_path: Path) -> None:
    src, ref = reference
    summary = run_batch(src, tmp_path / "out", progress=False, workers=2)
    assert (summary.total, summary.skipped) == (8, 1)
    assert summary.done + summary.failed == 7 and summary.failed >= 2
    assert _by_sha(tmp_path / "out") == _by_sha(ref)
    records = _by_sha(ref).values()
    assert next(r for r in records if r["document"]["source_name"] == "zh_gbk.txt")["document"]["encoding"] == "gbk"
    errors = {e["key"]: e["error"]["type"] for e in _lines(tmp_path / "out" / "errors.jsonl")}
    assert errors == {e["key"]: e["error"]["type"] for e in _lines(ref / "errors.jsonl")}
    assert {"empty.txt": "EmptyInputError", "binary.txt": "BinaryInputError"}.items() <= errors.items()
    names = {r["document"]["source_name"] for r in records} | set(errors)
    assert "corrupt.png" in names  # a record with an issue or an error entry; never a stopped batch


def test_rerun_with_workers_resumes_without_duplicates(reference: tuple[Path, Path], tmp_path: Path) -> None:
    src, _ = reference
    out = tmp_path / "out"
    first = run_batch(src, out, progress=False, workers=2)
    (src.parent / "more").mkdir(exist_ok=True)
    extra = src.parent / "more" / "new.txt"
    extra.write_text(PETCT + "复查。", encoding="utf-8")
    second = run_batch([*_items(src), *_items(extra.parent)], out, progress=False, workers=2)
    assert second.skipped == first.done + 1 and second.done == 1 and second.failed == first.failed
    records = _lines(out / "records.jsonl")
    assert len(records) == first.done + 1 == len({r["document"]["source_sha256"] for r in records})
    assert len(_lines(out / "errors.jsonl")) == first.failed


def _items(folder: Path) -> list:
    from oncostruct.engine.batch_items import iter_items

    return list(iter_items(folder))


def test_parquet_manifest_in_and_parquet_export_out(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    manifest = tmp_path / "m.parquet"
    pq.write_table(pa.Table.from_pylist([
        {"text": ZH_PATHOLOGY, "doc_id": "p1", "patient_id": "P1", "path": None},
        {"text": "", "doc_id": "blank", "patient_id": None, "path": None},
        {"text": None, "doc_id": "file", "patient_id": None, "path": "doc.txt"},
    ]), manifest)
    (tmp_path / "doc.txt").write_text(PETCT, encoding="utf-8")
    summary = run_batch(manifest, tmp_path / "out", progress=False, export="parquet")
    assert (summary.done, summary.failed) == (2, 1)
    table = pq.read_table(tmp_path / "out" / "records.parquet").to_pylist()
    assert {r["doc_id"] for r in table} == {"p1", "file"}
    p1 = next(r for r in table if r["doc_id"] == "p1")
    assert p1["patient_id"] == "P1" and json.loads(p1["record"])["document"]["doc_type"] == "pathology"


def test_unknown_engine_or_workers_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError):
        make_engine("spark")
    with pytest.raises(ConfigError):
        run_batch(tmp_path, tmp_path / "out", progress=False, workers=0)


def test_ray_local_records_identical_to_local_engine(reference: tuple[Path, Path], tmp_path: Path) -> None:
    ray = pytest.importorskip("ray")
    src, ref = reference
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, logging_level="WARNING")
    try:
        summary = run_batch(src, tmp_path / "out", progress=False, engine="ray", workers=1)
    finally:
        ray.shutdown()
    assert (summary.total, summary.skipped) == (8, 1)
    assert _by_sha(tmp_path / "out") == _by_sha(ref)  # records carry no timing fields: equal as a whole
    ref_errors = {e["key"]: e["error"] for e in _lines(ref / "errors.jsonl")}
    assert {e["key"]: e["error"] for e in _lines(tmp_path / "out" / "errors.jsonl")} == ref_errors
