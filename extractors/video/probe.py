"""Video metadata from ``ffprobe`` (JSON): duration, frame rate (constant or variable), size, codec, rotation.

ffmpeg is used through ``subprocess`` (the Debian ``ffmpeg`` package gives ``ffmpeg`` and
``ffprobe``; ``Makefile`` installs it). A file ffprobe cannot read, or one without a video stream,
raises :class:`VideoError` with ffprobe's own message.
"""
from __future__ import annotations

import json
import shutil
import subprocess
from fractions import Fraction
from pathlib import Path

from pydantic import BaseModel

from oncostruct.engine.errors import MissingDependencyError, VideoError

PROBE_TIMEOUT_S = 30.0


class VideoInfo(BaseModel):
    """What ffprobe says about the first video stream."""

    duration_s: float
    fps: float  # the stream's nominal rate (r_frame_rate)
    avg_fps: float  # frames / duration (avg_frame_rate)
    variable_fps: bool
    width: int
    height: int
    codec: str
    rotation: int = 0  # degrees, from the display-matrix side data or the rotate tag
    nb_frames: int | None = None
    start_time_s: float = 0.0
    time_base: str = "1/1"


def tool(name: str) -> str:
    """Path of ``ffmpeg``/``ffprobe``; MissingDependencyError when it is not installed."""
    found = shutil.which(name)
    if found is None:
        raise MissingDependencyError(f"{name} is not installed: apt-get install ffmpeg (make test does it)")
    return found


def _rate(text: str | None) -> float:
    try:
        value = Fraction(text or "0/1")
    except (ValueError, ZeroDivisionError):
        return 0.0
    return float(value)


def _rotation(stream: dict) -> int:
    for side in stream.get("side_data_list") or []:
        if "rotation" in side:
            return int(round(float(side["rotation"]))) % 360
    tag = (stream.get("tags") or {}).get("rotate")
    return int(tag) % 360 if tag and tag.lstrip("-").isdigit() else 0


def parse_probe(data: dict, name: str) -> VideoInfo:
    """A :class:`VideoInfo` from ffprobe's ``-show_streams -show_format`` JSON."""
    streams = [s for s in data.get("streams", []) if s.get("codec_type") == "video"
               and not (s.get("disposition") or {}).get("attached_pic")]
    if not streams:
        raise VideoError(f"{name}: no video stream (not a video, or an audio-only file)")
    s, fmt = streams[0], data.get("format") or {}
    duration = float(s.get("duration") or fmt.get("duration") or 0.0)
    fps, avg = _rate(s.get("r_frame_rate")), _rate(s.get("avg_frame_rate"))
    nb = s.get("nb_frames")
    return VideoInfo(
        duration_s=max(duration, 0.0), fps=fps or avg, avg_fps=avg or fps,
        variable_fps=bool(fps and avg and abs(fps - avg) / fps > 0.01),
        width=int(s.get("width") or 0), height=int(s.get("height") or 0), codec=str(s.get("codec_name") or "unknown"),
        rotation=_rotation(s), nb_frames=int(nb) if nb and str(nb).isdigit() else None,
        start_time_s=float(s.get("start_time") or 0.0), time_base=str(s.get("time_base") or "1/1"),
    )


def probe(path: str | Path, name: str | None = None) -> VideoInfo:
    """Probe ``path``; VideoError for anything ffprobe cannot read as a video."""
    name = name or Path(path).name
    cmd = [tool("ffprobe"), "-v", "error", "-show_streams", "-show_format", "-of", "json", str(path)]
    try:
        res = subprocess.run(cmd, capture_output=True, timeout=PROBE_TIMEOUT_S, check=False)
    except subprocess.TimeoutExpired:
        raise VideoError(f"{name}: ffprobe took longer than {PROBE_TIMEOUT_S:.0f} s") from None
    message = res.stderr.decode("utf-8", "replace").replace(str(path), name).strip().splitlines()
    if res.returncode != 0:
        raise VideoError(f"{name}: not a readable video ({(message or ['ffprobe failed'])[-1]})")
    try:
        data = json.loads(res.stdout or b"{}")
    except json.JSONDecodeError:
        raise VideoError(f"{name}: ffprobe gave unreadable output") from None
    info = parse_probe(data, name)
    if info.width <= 0 or info.height <= 0:
        raise VideoError(f"{name}: the video stream has no frame size (unsupported or damaged)")
    return info


def packet_times(path: str | Path, name: str | None = None) -> list[float]:
    """Presentation times of every video packet, sorted (the native frame index of a time is its rank)."""
    cmd = [tool("ffprobe"), "-v", "error", "-select_streams", "v:0", "-show_entries", "packet=pts_time",
           "-of", "csv=p=0", str(path)]
    try:
        res = subprocess.run(cmd, capture_output=True, timeout=PROBE_TIMEOUT_S * 4, check=False)
    except subprocess.TimeoutExpired:
        raise VideoError(f"{name or Path(path).name}: ffprobe packet scan timed out") from None
    times = []
    for line in res.stdout.decode("ascii", "replace").splitlines():
        try:
            times.append(float(line.strip().strip(",")))
        except ValueError:
            continue
    return sorted(times)
