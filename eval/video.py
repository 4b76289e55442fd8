"""``oncostruct bench video --data DIR --out R.json``: structure every clip, time it, and score the instrument head.

Speed: the clips go through the whole pipeline (ingest, probe, decode at the default 1 fps, model,
heuristics, segments) with ``Pipeline.pipe`` in batches of 8, as an in-process batch does (the video component
structures ``parallel`` = 2 videos at once), after the model is loaded once; ``realtime_factor`` is video seconds per wall
second; the breakdown sums the component's own timers (ffmpeg lifetime, time waiting for frames,
quality and scene scoring, model). ``cpu_realtime_factor`` divides by CPU seconds (this process and its ffmpeg
children) instead, less sensitive to other load on a shared machine. ``peak_rss_mb`` is this process's peak
(ffmpeg children apart).
Accuracy: leave-one-group-out over ``labels.jsonl`` groups on the same sampled frames (features
cached), clip-level instrument accuracy beside the training folds' majority class, plus the
released heads' in-sample accuracy read from the records (they were trained on these clips).

``--task long``: concatenates the clips (ffmpeg concat demuxer, stream copy) into a temporary file of
at least 10 minutes and structures it and one clip, each in a fresh process, comparing peak RSS.
"""
from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from oncostruct.engine.cdm import DocType, Record
from oncostruct.engine.pipeline import Pipeline
from oncostruct.engine.settings import get_settings
from oncostruct.extractors.video.decode import DecodeOptions

_VIDEO_EXT = {".mp4", ".avi", ".mov", ".mkv", ".webm"}
BATCH = 8  # documents per Pipeline.pipe batch (the component structures `parallel` videos of a batch at once)


def _rows(data: Path) -> list[dict]:
    labels = data / "labels.jsonl"
    if labels.exists():
        return [json.loads(line) for line in labels.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [{"video": p.name} for p in sorted(data.iterdir()) if p.suffix.lower() in _VIDEO_EXT]


def _peak_rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    return round(resource.getrusage(who).ru_maxrss / 1024, 1)


def _cpu_s() -> float:
    """CPU seconds of this process and its finished children (ffmpeg, ffprobe)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def _clip_instrument(record) -> str | None:
    """The instrument with the longest total span, from the record's view."""
    total: dict[str, float] = defaultdict(float)
    for span in record.procedure_video.instruments if record.procedure_video else []:
        total[span.name] += span.t_end - span.t_start
    return max(total, key=total.get) if total else None


def run(data: Path, model: str | None = None, task: str | None = None) -> dict[str, Any]:
    if task == "long":
        return run_long(data)
    from oncostruct.models.video_frames import load_frame_model

    rows = _rows(data)
    settings = get_settings()
    if model:
        settings = settings.model_copy(update={"components": {**settings.components,
                                                              "surgical_video": {"model": model}}})
    pipeline = Pipeline(settings)
    t_load = time.perf_counter()
    frame_model = load_frame_model(model or "video_lite0")
    load_s = time.perf_counter() - t_load
    per_clip, ok, video_s, frames = [], 0, 0.0, 0
    parts: dict[str, float] = defaultdict(float)
    in_sample = []
    t0, c0 = time.perf_counter(), _cpu_s()
    outputs = list(pipeline.pipe([data / r["video"] for r in rows], batch_size=BATCH, errors="return"))
    wall, cpu = time.perf_counter() - t0, _cpu_s() - c0
    for r, rec in zip(rows, outputs):
        if not isinstance(rec, Record):
            per_clip.append({"video": r["video"], "error": str(rec)})
            continue
        meta = next(f for f in rec.fields if f.name == "procedure_video.metadata")
        ok += 1
        video_s += rec.procedure_video.duration_s or 0.0
        frames += meta.normalized["frames_sampled"]
        for k, v in meta.attributes.get("seconds", {}).items():
            parts[k] += v
        pred = _clip_instrument(rec)
        if "instrument" in r:
            in_sample.append(pred == r["instrument"])
        per_clip.append({"video": r["video"], "duration_s": rec.procedure_video.duration_s,
                         "frames": meta.normalized["frames_sampled"], "instrument": pred, "gold": r.get("instrument"),
                         "seconds": meta.attributes.get("seconds"), "issues": [i.code for i in rec.issues]})
    result: dict[str, Any] = {
        "task": "video", "clips": len(rows), "ok": ok,
        "realtime_factor": round(video_s / wall, 2) if wall else None,
        "frames_per_sec": round(frames / wall, 2) if wall else None,
        "cpu_realtime_factor": round(video_s / cpu, 2) if cpu else None,
        "instrument_accuracy": None, "majority_baseline": None,
        "peak_rss_mb": _peak_rss_mb(),
    }
    if any("group" in r for r in rows):
        from oncostruct.training.video_heads import HEADS, clip_features, leave_one_group_out

        cache = Path(tempfile.gettempdir()) / "oncostruct_video_features"
        feats = [clip_features(data / r["video"], cache, str(frame_model.folder), DecodeOptions()) for r in rows]
        logo = {h: leave_one_group_out(rows, feats, h, c=0.01) for h in HEADS}
        result["instrument_accuracy"] = logo["instrument"]["clip"]["accuracy"]
        result["majority_baseline"] = logo["instrument"]["majority_baseline"]["accuracy"]
        result["logo"] = logo
        result["instrument_accuracy_in_sample"] = round(sum(in_sample) / len(in_sample), 3) if in_sample else None
    result.update({
        "breakdown_s": {"wall": round(wall, 3), "model_load": round(load_s, 3), **{k: round(v, 3) for k, v in parts.items()}},
        "video_seconds": round(video_s, 1), "sampled_frames": frames, "cpu_seconds": round(cpu, 3),
        "load_average": [round(x, 2) for x in os.getloadavg()], "cpus": os.cpu_count(),
        "sampling": {"fps": DecodeOptions().fps, "width": DecodeOptions().width, "decode": DecodeOptions().speed},
        "device": {"provider": frame_model.provider, "precision": "fp32", "batch_size": 32},
        "pipe": {"batch_size": BATCH, "parallel_videos": pipeline.components_for(DocType.surgical_video)[0].options.parallel},
        "ffmpeg_peak_rss_mb": _peak_rss_mb(resource.RUSAGE_CHILDREN),
        "per_clip": per_clip,
    })
    return result


_ONE = """
import json, resource, sys, time
from oncostruct.engine.cdm import DocType, Record
from oncostruct.engine.pipeline import Pipeline
from oncostruct.models.video_frames import load_frame_model
load_frame_model("video_lite0")
p = Pipeline(); t = time.perf_counter(); r = p.extract_path(sys.argv[1]); dt = time.perf_counter() - t
print(json.dumps({"duration_s": r.procedure_video.duration_s, "seconds": round(dt, 3),
                  "frames": len(r.procedure_video.quality and [0] * r.procedure_video.quality.frames or []),
                  "issues": [i.code for i in r.issues],
                  "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
                  "ffmpeg_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1)}))
"""


def _structure_in_fresh_process(path: Path) -> dict[str, Any]:
    res = subprocess.run([sys.executable, "-c", _ONE, str(path)], capture_output=True, text=True, timeout=3600)
    if res.returncode != 0:
        return {"error": res.stderr[-2000:]}
    return json.loads(res.stdout.strip().splitlines()[-1])


def run_long(data: Path, min_seconds: float = 600.0) -> dict[str, Any]:
    """A ≥ 10-minute concatenation of the clips against one clip: peak RSS and speed, each in a fresh process."""
    from oncostruct.extractors.video.probe import tool

    rows = _rows(data)
    clip = data / rows[0]["video"]
    with tempfile.TemporaryDirectory(prefix="oncostruct-long-") as tmp:
        listing, total, names = Path(tmp) / "list.txt", 0.0, []
        while total < min_seconds:
            for r in rows:
                names.append(str((data / r["video"]).resolve()))
                total += 32.0
                if total >= min_seconds:
                    break
        listing.write_text("".join(f"file '{n}'\n" for n in names), encoding="utf-8")
        long_video = Path(tmp) / "long.mp4"
        subprocess.run([tool("ffmpeg"), "-nostdin", "-v", "error", "-y", "-f", "concat", "-safe", "0", "-i", str(listing),
                        "-c", "copy", str(long_video)], check=True, timeout=600)
        one = _structure_in_fresh_process(clip)
        long = _structure_in_fresh_process(long_video)
    ratio = round(long["peak_rss_mb"] / one["peak_rss_mb"], 3) if "peak_rss_mb" in long and "peak_rss_mb" in one else None
    return {"task": "video-long", "clip": rows[0]["video"], "one_clip": one, "long_video": {**long, "clips": len(names)},
            "peak_rss_ratio": ratio, "ok": ratio is not None and ratio <= 1.5,
            "realtime_factor_long": round(long["duration_s"] / long["seconds"], 2) if "seconds" in long else None}
