"""Review data hygiene: field paths checked against the catalogue, span-less fields reviewable,
an owner-only store file, and a mode that keeps no document text in the store."""
from __future__ import annotations

import json
import os
import shutil
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select, text

from oncostruct.annotation.field_paths import check_field_path
from oncostruct.annotation.push import read_records
from oncostruct.annotation.store import GoldStore, local_task, pushed_task
from oncostruct.engine.cdm import Field, FieldStatus, Source
from oncostruct.engine.cli import main
from oncostruct.engine.errors import ConfigError
from review_helpers import REVIEW_DOCS, review_records, write_records


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("LABEL_STUDIO_URL", raising=False)
    monkeypatch.delenv("LABEL_STUDIO_API_KEY", raising=False)
    monkeypatch.delenv("ONCOSTRUCT_REVIEW_KEEP_TEXT", raising=False)
    docs = tmp_path / "docs"
    shutil.copytree(REVIEW_DOCS, docs)
    records, _ = review_records()
    inferred = Field(name="pathology.cancer_type", value="READ", confidence=0.55, status=FieldStatus.needs_review,
                     review_reason="low confidence", inferred=True, source=Source(kind="model", name="tfidf", version="4"))
    records = [r.model_copy(update={"fields": [*r.fields, inferred]}) if r.document.doc_type.value == "pathology" else r
               for r in records]
    path = write_records(records, tmp_path / "records.jsonl")
    db = tmp_path / "review.sqlite"
    return CliRunner(), path, docs, db, ["--db", f"sqlite:///{db}"]


def _ok(runner: CliRunner, args: list[str]) -> str:
    res = runner.invoke(main, args, catch_exceptions=False)
    assert res.exit_code == 0, res.output
    return res.output


def _push(runner, records, docs, db) -> None:
    _ok(runner, ["review", "push", "--records", str(records), "--project", "h", "--source", str(docs), *db])


def _task(runner, db, marker: str) -> int:
    lines = _ok(runner, ["review", "list", *db]).splitlines()
    return next(int(line.split()[0]) for line in lines if marker in line)


def test_field_paths_are_checked_against_the_catalogue() -> None:
    assert check_field_path("imaging.lesions[3].suv_max") == "imaging.lesions[3].suv_max"
    assert check_field_path("pathology.cancer_type") == "pathology.cancer_type"
    with pytest.raises(ConfigError, match=r"imaging\.metastasis_sites\[\]"):
        check_field_path("imaging.metastasis_site[1]")
    for bad in ("imaging.nonexistent[0]", "pathology.ihc[]", "pathology.pT]"):
        with pytest.raises(ConfigError, match="unknown field path"):
            check_field_path(bad)


def test_unknown_field_is_refused_and_never_reaches_gold(env) -> None:
    runner, records, docs, db_file, db = env
    _push(runner, records, docs, db)
    task = _task(runner, db, "imaging.metastasis_sites[1]")
    res = runner.invoke(main, ["review", "correct", str(task), "--field", "imaging.nonexistent[0]", "--value", "骨", *db])
    assert res.exit_code != 0 and "unknown field path 'imaging.nonexistent[0]'" in res.output
    res = runner.invoke(main, ["review", "correct", str(task), "--field", "imaging.metastasis_site[1]", "--value", "骨", *db])
    assert res.exit_code != 0 and "did you mean imaging.metastasis_sites[]" in res.output
    out = json.loads(_ok(runner, ["review", "pull", "--project", "h", "--export", str(db_file.parent / "gold"),
                                  *db]).splitlines()[0])
    assert out["export"]["documents"] == 0
    assert (db_file.parent / "gold" / "train.jsonl").read_text(encoding="utf-8") == ""


def test_inferred_field_is_corrected_as_a_choice_and_exported(env) -> None:
    runner, records, docs, db_file, db = env
    _push(runner, records, docs, db)
    task = _task(runner, db, "pathology.histology")
    out = _ok(runner, ["review", "correct", str(task), "--field", "pathology.cancer_type", "--value", "COAD",
                       "--reviewer", "dora", *db])
    assert "'COAD'" in out
    _ok(runner, ["review", "accept", str(task), "--reviewer", "dora", *db])
    _ok(runner, ["review", "pull", "--project", "h", "--export", str(db_file.parent / "gold"), *db])
    merged = next(r for r in read_records(records) if r.document.doc_type.value == "pathology")
    field = next(f for f in merged.fields if f.name == "pathology.cancer_type")
    assert (field.value, field.status, field.attributes["machine_value"]) == ("COAD", FieldStatus.reviewed, "READ")
    assert field.provenance == [] and field.source.kind == "human"
    line = json.loads((db_file.parent / "gold" / "train.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert line["document_fields"] == [{"name": "pathology.cancer_type", "value": "COAD"}]


def test_deleting_an_inferred_field_rejects_it(env) -> None:
    runner, records, docs, db_file, db = env
    _push(runner, records, docs, db)
    task = _task(runner, db, "pathology.histology")
    _ok(runner, ["review", "correct", str(task), "--field", "pathology.cancer_type", "--delete", "--reviewer", "dora", *db])
    _ok(runner, ["review", "pull", "--project", "h", *db])
    merged = next(r for r in read_records(records) if r.document.doc_type.value == "pathology")
    assert next(f for f in merged.fields if f.name == "pathology.cancer_type").status is FieldStatus.rejected


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_store_file_is_owner_only(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        db = tmp_path / "sub" / "gold.sqlite"
        store = GoldStore(f"sqlite:///{db}")
        assert _mode(db) == 0o600
        with store.engine.begin() as c:
            c.execute(text("PRAGMA journal_mode=WAL"))
        with store.engine.begin() as c:
            c.execute(pushed_task.insert().values(project="p", kind="petct", task_id=1, task_key="k", doc_id="d",
                                                  doc_type="petct", source_sha256="0" * 64, text="", record={},
                                                  rank=0, priority=0.0, pushed_at="now"))
            assert _mode(Path(f"{db}-wal")) == 0o600
        loose = tmp_path / "loose.sqlite"
        loose.touch(mode=0o644)
        GoldStore(f"sqlite:///{loose}")
        assert _mode(loose) == 0o600
    finally:
        os.umask(old)


def test_without_keep_text_the_store_holds_no_document_text(env, monkeypatch: pytest.MonkeyPatch) -> None:
    runner, records, docs, db_file, db = env
    monkeypatch.setenv("ONCOSTRUCT_REVIEW_KEEP_TEXT", "0")
    _push(runner, records, docs, db)
    store = GoldStore(f"sqlite:///{db_file}")
    with store.engine.connect() as c:
        assert {r.text for r in c.execute(select(pushed_task.c.text))} == {""}
        assert {r.data["text"] for r in c.execute(select(local_task.c.data))} == {""}
    sentence = "大体：直肠切除标本，距下切缘3.5cm见溃疡型肿物"
    assert sentence.encode("utf-8") not in db_file.read_bytes()
    task = _task(runner, db, "imaging.metastasis_sites[1]")  # the text is re-read from the sources by sha256
    _ok(runner, ["review", "correct", str(task), "--field", "imaging.metastasis_sites[1]", "--value", "右侧股骨上段",
                 "--reviewer", "carol", *db])
    _ok(runner, ["review", "accept", str(task), "--reviewer", "carol", *db])
    _ok(runner, ["review", "pull", "--project", "h", "--export", str(db_file.parent / "gold"), *db])
    line = json.loads((db_file.parent / "gold" / "train.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert line["text"] in {p.read_text(encoding="utf-8") for p in docs.glob("*.txt")} and "股骨" in line["text"]
    shutil.rmtree(docs)  # sources gone: a clear error, not a wrong text
    other = _task(runner, db, "imaging.metastasis_sites[0]")
    res = runner.invoke(main, ["review", "correct", str(other), "--field", "imaging.metastasis_sites[0]", "--value", "肝", *db])
    assert res.exit_code != 0 and "no longer found" in res.output
