"""The embedded review queue from the command line: push, list, correct, accept, pull, export."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from oncostruct.engine.cdm import FieldStatus
from oncostruct.engine.cli import main
from oncostruct.annotation.push import read_records
from review_helpers import REVIEW_DOCS, review_records, write_records


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[CliRunner, Path, list[str]]:
    monkeypatch.delenv("LABEL_STUDIO_URL", raising=False)
    monkeypatch.delenv("LABEL_STUDIO_API_KEY", raising=False)
    records, _ = review_records()
    path = write_records(records, tmp_path / "records.jsonl")
    return CliRunner(), path, ["--db", f"sqlite:///{tmp_path / 'review.sqlite'}"]


def _run(runner: CliRunner, args: list[str]) -> str:
    res = runner.invoke(main, args, catch_exceptions=False)
    assert res.exit_code == 0, res.output
    return res.output


def test_local_queue_round_trip(env) -> None:
    runner, records, db = env
    out = json.loads(_run(runner, ["review", "push", "--records", str(records), "--project", "q", "--source",
                                   str(REVIEW_DOCS), *db]))
    assert out["pushed"] == 3 and [o["rank"] for o in out["order"]] == [0, 1, 2]
    listing = _run(runner, ["review", "list", *db]).splitlines()
    assert any("imaging.metastasis_sites[1]" in line for line in listing)
    task = next(int(line.split()[0]) for line in listing if "股骨" in line or "imaging.metastasis_sites[1]" in line)
    _run(runner, ["review", "correct", str(task), "--field", "imaging.metastasis_sites[1]", "--value", "右侧股骨上段",
                  "--reviewer", "carol", *db])
    _run(runner, ["review", "correct", str(task), "--field", "imaging.primary_size[0]", "--delete", "--reviewer", "carol", *db])
    _run(runner, ["review", "accept", str(task), "--reviewer", "carol", *db])
    assert all(f"{task:>5}" != line[:5] for line in _run(runner, ["review", "list", *db]).splitlines())
    pulled = json.loads(_run(runner, ["review", "pull", "--project", "q", "--export", str(records.parent / "gold"),
                                      *db]).splitlines()[0])
    assert pulled["reviewed_records"] == 1 and pulled["export"]["documents"] == 1
    assert pulled["records_file"] == str(records.resolve())  # written back where the documents were pushed from
    merged = next(r for r in read_records(records) if any(f.status is FieldStatus.reviewed for f in r.fields))
    fields = {f.name: f for f in merged.fields}
    assert fields["imaging.metastasis_sites[1]"].value == "右侧股骨上段"
    assert fields["imaging.primary_size[0]"].status is FieldStatus.rejected
    assert fields["imaging.primary_site[0]"].attributes["reviewer"] == "carol"
    again = json.loads(_run(runner, ["review", "pull", "--project", "q", *db]).splitlines()[0])
    assert again["annotations"] == {"new": 0, "updated": 0, "unchanged": 1}


def test_correct_rejects_text_not_in_document(env) -> None:
    runner, records, db = env
    _run(runner, ["review", "push", "--records", str(records), "--project", "q", "--source", str(REVIEW_DOCS), *db])
    res = runner.invoke(main, ["review", "correct", "1", "--field", "imaging.primary_site[0]", "--value", "不存在的文字", *db])
    assert res.exit_code != 0 and "does not occur" in res.output


def test_push_without_texts_reports_them(env, tmp_path: Path) -> None:
    runner, records, db = env
    moved = tmp_path / "elsewhere" / "records.jsonl"
    moved.parent.mkdir()
    moved.write_bytes(records.read_bytes())
    out = json.loads(_run(runner, ["review", "push", "--records", str(moved), "--project", "q", *db]))
    assert out["pushed"] == 0 and len(out["missing_text"]) == 3
