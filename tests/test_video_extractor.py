"""Surgical video on generated clips (tests/synth_video.py): sampled times, VFR, scene cuts, quality, segments,
partial and undecodable files, the component through the pipeline and a batch. No shared data."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from oncostruct.engine.batch import run_batch
from oncostruct.engine.errors import EmptyInputError, VideoError
from oncostruct.engine.pipeline import Pipeline
from oncostruct.engine.settings import Settings
from oncostruct.extractors.video import temporal
from oncostruct.extractors.video.decode import DecodeOptions, DecodeReport, out_size, stream_frames
from oncostruct.extractors.video.probe import parse_probe, probe
from oncostruct.extractors.video import synthetic as synth_video
from oncostruct.extractors.video.quality import probabilities
from test_catalogue import assert_known


@pytest.fixture(scope="module")
def clips(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("videos")
    fast = synth_video.scenes(d / "fast.mp4", faststart=True)
    return {"scenes": synth_video.scenes(d / "scenes.mp4"), "vfr": synth_video.vfr(d / "vfr.mp4"),
            "bframes": synth_video.scenes(d / "bframes.mp4", bframes=2),
            "truncated_faststart": synth_video.truncated(fast, d / "truncated_faststart.mp4"),
            "truncated": synth_video.truncated(d / "scenes.mp4", d / "truncated.mp4")}


def _sample(path: Path, **opts) -> tuple[list[float], list[int], np.ndarray, DecodeReport]:
    report, times, idx, frames = DecodeReport(), [], [], []
    for chunk in stream_frames(path, probe(path), DecodeOptions(chunk=4, **opts), report):
        times += chunk.times
        idx += chunk.indices
        frames.append(chunk.frames)
    return times, idx, np.concatenate(frames), report


def _pipeline(**video) -> Pipeline:
    return Pipeline(Settings(components={"surgical_video": {"model": None, **video}}))


def test_probe_reads_metadata_and_variable_rate(clips: dict[str, Path]) -> None:
    info = probe(clips["scenes"])
    assert (info.width, info.height, info.codec, info.rotation) == (320, 180, "h264", 0)
    assert info.duration_s == pytest.approx(11.0, abs=0.05) and info.fps == 25 and not info.variable_fps
    vfr = probe(clips["vfr"])
    assert vfr.variable_fps and vfr.fps == 25 and vfr.avg_fps == pytest.approx(100 / 6.92, rel=0.02)


def test_probe_reads_rotation_side_data() -> None:
    info = parse_probe({"streams": [{"codec_type": "video", "codec_name": "h264", "width": 640, "height": 360,
                                     "r_frame_rate": "30/1", "avg_frame_rate": "30/1", "duration": "2.0",
                                     "side_data_list": [{"side_data_type": "Display Matrix", "rotation": -90}]}],
                        "format": {}}, "x.mp4")
    assert info.rotation == 270 and out_size(info, 224) == (224, 398)


def test_uniform_one_fps_sampling_keeps_native_times_and_indices(clips: dict[str, Path]) -> None:
    times, idx, frames, report = _sample(clips["scenes"], speed="exact")
    assert times == pytest.approx([float(t) for t in range(11)], abs=1e-3)
    assert idx == [25 * t for t in range(11)]
    assert frames.shape == (11, 90, 160, 3) and report.returncode == 0 and not report.errors


def test_two_fps_and_frame_cap(clips: dict[str, Path]) -> None:
    times, _, _, _ = _sample(clips["scenes"], fps=2, speed="exact")
    assert times == pytest.approx([np.ceil(t / 2 * 25 - 1e-6) / 25 for t in range(22)], abs=1e-3)  # 0, 0.52, 1.0 ...
    capped, _, _, _ = _sample(clips["scenes"], max_frames=5, speed="exact")
    assert len(capped) == 5 and capped == pytest.approx([0, 2.2, 4.4, 6.6, 8.8], abs=0.05)


def test_variable_frame_rate_times_come_from_the_stream(clips: dict[str, Path]) -> None:
    times, idx, _, _ = _sample(clips["vfr"], speed="exact")
    assert times == pytest.approx([0, 1, 2, 3, 4, 5, 6], abs=1e-3)
    assert idx == [0, 25, 50, 60, 70, 80, 90]  # 25 fps until 2 s, then 10 fps


def test_fast_decode_keeps_true_times_of_the_frames_it_keeps(clips: dict[str, Path]) -> None:
    times, idx, _, _ = _sample(clips["bframes"], speed="fast")
    assert len(times) == 11
    assert all(abs(t - k) < 0.2 for k, t in enumerate(times))  # nearest reference frame in each second
    assert idx == [round(t * 25) for t in times]


def test_quality_probabilities_flag_dark_blurred_foggy_and_out_of_body_frames(clips: dict[str, Path]) -> None:
    _, _, frames, _ = _sample(clips["scenes"], speed="exact")
    p = probabilities(frames)
    assert (p["dark"][8:] > 0.9).all() and (p["dark"][:8] < 0.1).all()
    pattern, tissue = frames[:4], frames[4:8]
    assert (p["blur"][:4] < 0.5).all() and (p["smoke"][:4] < 0.5).all()
    assert (probabilities(_box_blur(pattern, 7))["blur"] > 0.5).all()
    assert (probabilities((0.25 * pattern + 0.75 * 200).astype(np.uint8))["smoke"] > 0.5).all()
    assert (p["out_of_body"][4:8] < 0.5).all() and (p["out_of_body"][8:] > 0.5).all()  # tissue colour vs black
    assert (probabilities(tissue[..., [2, 0, 1]])["out_of_body"] > 0.5).all()  # a bluish scene is not inside the body


def _box_blur(frames: np.ndarray, k: int) -> np.ndarray:
    f = np.pad(frames.astype(np.float32), ((0, 0), (k // 2, k // 2), (k // 2, k // 2), (0, 0)), mode="edge")
    h, w = frames.shape[1:3]
    return (sum(f[:, i:i + h, j:j + w] for i in range(k) for j in range(k)) / k**2).astype(np.uint8)


def test_temporal_segments_smooth_and_merge() -> None:
    times = [float(t) for t in range(10)]
    probs = np.array([[0.9, 0.1]] * 4 + [[0.2, 0.8]] + [[0.9, 0.1]] + [[0.1, 0.9]] * 4)
    segs = temporal.segments(times, probs, ("a", "b"), end=10.0, window=1, min_frames=2)
    assert [(s.label, s.t_start, s.t_end) for s in segs] == [("a", 0.0, 6.0), ("b", 6.0, 10.0)]
    assert 0.5 < segs[1].confidence <= 0.9
    spans = temporal.spans(times, probs[:, 1], "b", end=10.0, threshold=0.5, window=1)
    assert [(s.t_start, s.t_end) for s in spans] == [(4.0, 5.0), (6.0, 10.0)]


def test_record_has_scene_key_frames_dark_segment_and_video_provenance(clips: dict[str, Path], tmp_path: Path) -> None:
    record = _pipeline(key_frame_dir=str(tmp_path / "kf"), decode={"speed": "exact"}).extract_path(clips["scenes"])
    view = record.procedure_video
    assert record.document.doc_type.value == "surgical_video"
    assert view.duration_s == pytest.approx(11.0, abs=0.05) and view.fps == 25 and view.decoded_until_s == 11.0
    assert [(k.t, k.reason) for k in view.key_frames] == [(0.0, "first"), (4.0, "scene_change"), (8.0, "scene_change")]
    assert [k.frame for k in view.key_frames] == [0, 100, 200]
    assert all(Path(k.path).read_bytes()[:3] == b"\xff\xd8\xff" for k in view.key_frames)
    dark = [s for s in view.quality_segments if s.label == "dark"]
    assert [(s.t_start, s.t_end) for s in dark] == [(8.0, 11.0)]
    assert view.quality.frames == 11 and view.quality.flagged["dark"] == pytest.approx(3 / 11, abs=1e-3)
    for f in record.fields:
        assert f.provenance and all(p.kind == "video" and p.t_end >= p.t_start for p in f.provenance), f.name
    assert_known(record)  # every path, type and doc type is declared in the field catalogue
    assert not record.issues or {i.code for i in record.issues} <= {"video.low_quality", "review.pending"}


def test_model_heads_give_segments_and_instrument_spans(clips: dict[str, Path], tmp_path: Path) -> None:
    record = Pipeline(Settings(components={"surgical_video": {"embeddings_dir": str(tmp_path)}})).extract_path(clips["scenes"])
    import pyarrow.parquet as pq

    table = pq.read_table(tmp_path / "scenes.parquet")
    assert table.column_names == ["video", "t", "frame", "embedding"] and table.num_rows == 11
    assert len(table["embedding"][0]) == 1280 and table["frame"].to_pylist()[4] == 100
    view = record.procedure_video
    assert view.segments and view.instruments
    assert view.segments[0].t_start == 0.0 and view.segments[-1].t_end == pytest.approx(11.0, abs=0.05)
    assert all(s.label in {"retract", "dissect", "coagulate"} for s in view.segments)
    assert all(i.name in {"grasper", "hook", "bipolar"} for i in view.instruments)
    assert_known(record)
    seg = next(f for f in record.fields if f.name == "procedure_video.segments[0]")
    assert seg.status.value == "needs_review"  # model segments always go to review (catalogue policy)
    assert seg.source.kind == "model" and seg.inferred and seg.provenance[0].frame == 0


def test_truncated_file_gives_partial_record_or_clear_error(clips: dict[str, Path]) -> None:
    record = _pipeline().extract_path(clips["truncated_faststart"])
    codes = {i.code for i in record.issues}
    assert "video.partial" in codes and "video.decode_errors" in codes
    assert 0 < record.procedure_video.decoded_until_s < 11 - 2
    with pytest.raises(VideoError, match="not a readable video"):  # moov atom at the end: nothing to decode
        _pipeline().extract_path(clips["truncated"])


def test_zero_length_and_not_a_video(tmp_path: Path) -> None:
    (tmp_path / "empty.mp4").write_bytes(b"")
    with pytest.raises(EmptyInputError):
        _pipeline().extract_path(tmp_path / "empty.mp4")
    (tmp_path / "fake.mp4").write_bytes(b"\x00\x00\x00\x18ftypmp42" + b"\x00garbage" * 100)
    with pytest.raises(VideoError) as err:
        _pipeline().extract_path(tmp_path / "fake.mp4")
    assert err.value.code == "E120"


def test_batch_keeps_going_past_bad_videos(clips: dict[str, Path], tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for name in ("scenes", "truncated", "truncated_faststart"):
        (src / f"{name}.mp4").write_bytes(clips[name].read_bytes())
    summary = run_batch(src, tmp_path / "out", pipeline=_pipeline(), timeout_s=None)
    records = [json.loads(l) for l in (tmp_path / "out" / "records.jsonl").read_text().splitlines()]
    errors = [json.loads(l) for l in (tmp_path / "out" / "errors.jsonl").read_text().splitlines()]
    assert len(records) == 2 and len(errors) == 1 and errors[0]["error"]["code"] == "E120"
    assert str(src) not in errors[0]["error"]["message"] and "truncated.mp4" in errors[0]["error"]["message"]
    assert summary.total == 3


def test_pipe_structures_videos_in_parallel_in_order_and_isolates_a_bad_one(clips: dict[str, Path]) -> None:
    pipeline = _pipeline(parallel=2)
    out = list(pipeline.pipe([clips["scenes"], clips["truncated"], clips["vfr"]], errors="return"))
    assert [type(o).__name__ for o in out] == ["Record", "VideoError", "Record"]
    assert out[0].procedure_video.duration_s == pytest.approx(11.0, abs=0.05)
    assert out[2].procedure_video.variable_fps and {i.code for i in out[2].issues} >= {"video.variable_fps"}
