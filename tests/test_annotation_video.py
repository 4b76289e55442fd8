"""The review loop for surgical video: push (TimelineLabels regions at the clip's frame rate, scored), an annotator's
corrections, pull into gold and the Record, and the gold export — in memory, and against a real Label Studio server."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from oncostruct.annotation.client import LabelStudioBackend, MemoryBackend, _plain
from oncostruct.annotation.export import write_video_gold
from oncostruct.annotation.pull import pull
from oncostruct.annotation.push import push
from oncostruct.annotation.store import GoldStore
from oncostruct.annotation.video_tasks import to_frames, to_seconds
from oncostruct.engine.cdm import FieldStatus, Record
from oncostruct.engine.pipeline import Pipeline
from oncostruct.engine.settings import Settings
from oncostruct.engine.sources import index_texts
from oncostruct.extractors.video.synthetic import sample_clip
from label_studio_server import submit


@pytest.fixture(scope="module")
def video(tmp_path_factory: pytest.TempPathFactory) -> tuple[Record, dict[str, str]]:
    d = tmp_path_factory.mktemp("video_review")
    (d / "src").mkdir()
    clip = sample_clip(d / "src" / "clip.mp4")
    settings = Settings(components={"surgical_video": {"key_frame_dir": str(d / "kf")}})
    record = Pipeline(settings).extract_path(clip)
    return record, index_texts([d / "src"])


def _correct(prediction: dict[str, Any]) -> list[dict[str, Any]]:
    """As an annotator would: relabel the first action and end it at 6 s, delete the instruments, draw a 'hook' span."""
    result = [{k: v for k, v in r.items() if k not in ("score", "origin")} for r in prediction["result"]
              if r["from_name"] == "action"]
    result[0]["value"] = {"ranges": [to_frames(0.0, 6.0, 25.0)], "timelinelabels": ["dissect"]}
    result.append({"id": "new1", "from_name": "instrument", "to_name": "video", "type": "timelinelabels",
                   "value": {"ranges": [to_frames(2.0, 9.0, 25.0)], "timelinelabels": ["hook"]}})
    return result


def _check_reviewed(record: Record) -> None:
    fields = {f.name: f for f in record.fields}
    seg = fields["procedure_video.segments[0]"]
    assert seg.status is FieldStatus.reviewed and seg.value == "dissect" and seg.source.kind == "human"
    assert seg.normalized == {"label": "dissect", "t_start": 0.0, "t_end": 6.0}
    assert (seg.provenance[0].t_start, seg.provenance[0].t_end) == (0.0, 6.0) and "machine_value" in seg.attributes
    machine = [f for n, f in fields.items() if n.startswith("procedure_video.instruments[") and f.source.kind == "model"]
    assert machine and all(f.status is FieldStatus.rejected for f in machine)
    added = [f for f in record.fields if f.attributes.get("added_by_reviewer")]
    assert [(f.name.split("[")[0], f.value, f.normalized["t_start"], f.normalized["t_end"]) for f in added] == [
        ("procedure_video.instruments", "hook", 2.0, 9.0)]
    view = record.procedure_video
    assert [(i.name, i.t_start, i.t_end) for i in view.instruments] == [("hook", 2.0, 9.0)]
    assert view.segments[0].label == "dissect" and view.duration_s == pytest.approx(11.0, abs=0.05)
    assert not any(i.code == "review.pending" for i in record.issues)


def test_frame_numbers_round_trip() -> None:
    assert to_frames(0.0, 4.0, 25.0) == {"start": 1, "end": 100}
    assert to_seconds({"start": 101, "end": 200}, 25.0) == (4.0, 8.0)


def test_video_push_pull_in_memory(video: tuple[Record, dict[str, str]], tmp_path: Path) -> None:
    record, texts = video
    assert any(f.status is FieldStatus.needs_review for f in record.fields)  # model segments always go to review
    backend, store = MemoryBackend(), GoldStore(f"sqlite:///{tmp_path / 'g.sqlite'}")
    summary = push([record], texts, backend, store, "surg")
    assert summary.pushed == 1 and list(summary.projects) == ["surg/surgical_video"]
    (tid, task), = backend.tasks.items()
    assert task["data"]["frame_rate"] == 25.0 and task["data"]["video"].startswith("data:video/mp4;base64,")
    assert len(task["data"]["keyframes"]) == len(record.procedure_video.key_frames) == 3
    pred = task["predictions"][0]
    regions = pred["result"]
    assert {r["from_name"] for r in regions} == {"action", "instrument"} and all(0 < r["score"] <= 1 for r in regions)
    assert regions[0]["value"]["ranges"] == [{"start": 1, "end": 275}]  # 0–11 s at 25 fps
    backend.annotate(tid, _correct(pred))
    out = tmp_path / "reviewed.jsonl"
    assert pull(backend, store, "surg", out).reviewed_records == 1
    _check_reviewed(Record.model_validate_json(out.read_text().splitlines()[0]))
    assert write_video_gold(store, tmp_path / "gold" / "video_segments.jsonl", "surg") == 1
    gold = json.loads((tmp_path / "gold" / "video_segments.jsonl").read_text())
    assert gold["segments"][0] == {"label": "dissect", "t_start": 0.0, "t_end": 6.0}
    assert gold["instruments"] == [{"label": "hook", "t_start": 2.0, "t_end": 9.0}]


def test_label_studio_video_round_trip(label_studio: dict[str, Any], video: tuple[Record, dict[str, str]],
                                       tmp_path: Path) -> None:
    record, texts = video
    store = GoldStore(f"sqlite:///{tmp_path / 'gold.sqlite'}")
    with LabelStudioBackend(label_studio["url"], label_studio["token"]) as backend:
        summary = push([record], texts, backend, store, "surgvid")
        assert summary.pushed == 1
        pid = summary.projects["surgvid/surgical_video"]
        tasks = list(backend.client.tasks.list(project=pid, page_size=10))
        assert len(tasks) == 1
        data = _plain(tasks[0])["data"]
        assert data["frame_rate"] == 25.0 and data["video"].startswith("data:video/")
        preds = [_plain(p) for p in backend.client.predictions.list(task=int(tasks[0].id))]
        assert len(preds) == 1 and 0 < preds[0]["score"] <= 1 and "@" in preds[0]["model_version"]
        assert {r["type"] for r in preds[0]["result"]} == {"timelinelabels"}
        submit(label_studio["url"], label_studio["token"], int(tasks[0].id), _correct(preds[0]))
        out = tmp_path / "reviewed.jsonl"
        assert pull(backend, store, "surgvid", out).reviewed_records == 1
    _check_reviewed(Record.model_validate_json(out.read_text().splitlines()[0]))
    assert write_video_gold(store, tmp_path / "video_segments.jsonl", "surgvid") == 1
