"""Streaming decode: sampled frames from an ``ffmpeg`` subprocess pipe, in fixed-size chunks.

ffmpeg selects the frames (the first frame in each ``1/fps`` time bin, so variable frame rate and
dropped frames do not drift), scales them to the model size and writes raw RGB to a pipe; a
``showinfo`` filter after the selection prints each kept frame's presentation time, taken from the
stream's own time base, which a thread reads from stderr. Memory is one chunk of frames whatever
the length of the video. Decoding stops early on neither a corrupt packet nor a truncated tail:
what decodes is returned, and :class:`DecodeReport` says what went wrong.
"""
from __future__ import annotations

import bisect
import queue
import re
import subprocess
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field as OptionField

from oncostruct.extractors.video.probe import VideoInfo, packet_times, tool

_PTS = re.compile(r"Parsed_showinfo.*?\bpts_time:\s*(-?[0-9.eE+-]+)")
_NOISE = ("Parsed_showinfo", "config in time", "Stream mapping", "Press [q]")


class DecodeOptions(BaseModel):
    """How frames are sampled and decoded."""

    model_config = ConfigDict(extra="forbid")
    fps: float = OptionField(1.0, gt=0, le=60, description="frames sampled per second of video")
    max_frames: int = OptionField(3600, gt=0, description="cap on sampled frames; a longer video is sampled sparser")
    width: int = OptionField(160, ge=16, le=1920, description="sampled frames are scaled to this width (aspect kept; "
                             "160 measured as accurate as 224 on the clips, and faster)")
    chunk: int = OptionField(8, gt=0, le=1024, description="frames per chunk read from the pipe (small: decoding "
                             "overlaps inference sooner)")
    threads: int = OptionField(0, ge=0, description="ffmpeg decoder threads (0: ffmpeg's choice)")
    speed: Literal["exact", "fast"] = OptionField(
        "fast", description="fast: skip non-reference frames and the loop filter while decoding (about 1.8x "
        "faster; sampled frames are then the nearest reference frames, their times still exact)")
    timeout_s: float = OptionField(3600.0, gt=0, description="a decode running longer than this is stopped")


@dataclass
class FrameChunk:
    """Sampled frames: ``frames`` (n, h, w, 3) uint8 RGB, their times (s) and native frame indices."""

    frames: np.ndarray
    times: list[float]
    indices: list[int]


@dataclass
class DecodeReport:
    """What the decode saw: frames kept, the decodable span, and ffmpeg's error lines."""

    frames: int = 0
    first_t: float | None = None
    last_t: float | None = None
    returncode: int | None = None
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def damaged(self) -> bool:
        return bool(self.errors) or (self.returncode not in (0, None))


def out_size(info: VideoInfo, width: int) -> tuple[int, int]:
    """Width and height (even) of the sampled frames, after ffmpeg's auto-rotation."""
    w, h = (info.height, info.width) if info.rotation in (90, 270) else (info.width, info.height)
    width = min(width, w) // 2 * 2 or 2
    return width, max(2, int(round(width * h / w / 2)) * 2)


def sample_step(info: VideoInfo, opts: DecodeOptions) -> float:
    """Seconds between sampled frames: ``1/fps``, wider when the cap on frames would be passed."""
    return max(1.0 / opts.fps, info.duration_s / opts.max_frames if info.duration_s else 0.0)


def ffmpeg_command(path: str | Path, info: VideoInfo, opts: DecodeOptions) -> list[str]:
    w, h = out_size(info, opts.width)
    step = sample_step(info, opts)
    start = info.start_time_s
    bin_of = f"floor((%s-{start:.6f})/{step:.6f}+1e-6)"
    select = f"select='isnan(prev_selected_t)+gt({bin_of % 't'}\\,{bin_of % 'prev_selected_t'})'"
    decode = ["-skip_frame", "noref", "-skip_loop_filter", "all", "-flags2", "fast"] if opts.speed == "fast" else []
    return [tool("ffmpeg"), "-nostdin", "-hide_banner", "-nostats", "-loglevel", "info", "-threads", str(opts.threads),
            *decode, "-i", str(path), "-map", "0:v:0", "-an", "-sn",
            "-vf", f"{select},scale={w}:{h}:flags=area,showinfo", "-fps_mode", "passthrough",
            "-frames:v", str(opts.max_frames), "-f", "rawvideo", "-pix_fmt", "rgb24", "pipe:1"]


class _Stderr(threading.Thread):
    """Reads ffmpeg's stderr: showinfo times into a queue, the other lines kept (last 20) as errors."""

    def __init__(self, stream) -> None:
        super().__init__(daemon=True)
        self.stream, self.times, self.errors = stream, queue.Queue(), deque(maxlen=20)

    def run(self) -> None:
        for raw in self.stream:
            line = raw.decode("utf-8", "replace").rstrip()
            m = _PTS.search(line)
            if m:
                self.times.put(float(m.group(1)))
            elif any(k in line.lower() for k in ("error", "invalid", "corrupt", "truncat", "missing", "no frame")) \
                    and not any(n in line for n in _NOISE):
                self.errors.append(line.strip())
        self.times.put(None)


def _read_exact(stream, n: int) -> bytes:
    buf = bytearray()
    while len(buf) < n:
        part = stream.read(n - len(buf))
        if not part:
            break
        buf += part
    return bytes(buf)


class FrameIndexer:
    """Native frame index of a presentation time: arithmetic at constant rate, packet rank when variable."""

    def __init__(self, path: str | Path, info: VideoInfo) -> None:
        self.info = info
        self.pts = packet_times(path) if info.variable_fps else None

    def __call__(self, t: float) -> int:
        if self.pts:
            return max(0, bisect.bisect_left(self.pts, t - 1e-6))
        return max(0, int(round((t - self.info.start_time_s) * (self.info.fps or 1.0))))


def stream_frames(path: str | Path, info: VideoInfo, opts: DecodeOptions | None = None,
                  report: DecodeReport | None = None) -> Iterator[FrameChunk]:
    """Sampled frames of ``path`` in chunks of ``opts.chunk``; ``report`` is filled as it goes."""
    opts = opts or DecodeOptions()
    report = report if report is not None else DecodeReport()
    w, h = out_size(info, opts.width)
    frame_bytes = w * h * 3
    index = FrameIndexer(path, info)
    t0 = time.perf_counter()
    proc = subprocess.Popen(ffmpeg_command(path, info, opts), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            stdin=subprocess.DEVNULL, bufsize=0)
    reader = _Stderr(proc.stderr)
    reader.start()
    timer = threading.Timer(opts.timeout_s, proc.kill)
    timer.start()
    try:
        while True:
            data = _read_exact(proc.stdout, frame_bytes * opts.chunk)
            n = len(data) // frame_bytes
            if n == 0:
                break
            frames = np.frombuffer(data[: n * frame_bytes], np.uint8).reshape(n, h, w, 3)
            times = []
            for _ in range(n):
                try:
                    t = reader.times.get(timeout=10.0)
                except queue.Empty:
                    t = None
                if t is None:  # no showinfo line: fall back to the sampling grid
                    t = (times[-1] if times else (report.last_t or info.start_time_s - sample_step(info, opts))) \
                        + sample_step(info, opts)
                times.append(round(t - info.start_time_s, 6))
            report.frames += n
            report.first_t = times[0] if report.first_t is None else report.first_t
            report.last_t = times[-1]
            yield FrameChunk(frames, times, [index(t + info.start_time_s) for t in times])
            if n < opts.chunk:
                break
    finally:
        proc.stdout.close()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        timer.cancel()
        reader.join(timeout=5)
        proc.stderr.close()
        report.returncode = proc.returncode
        report.errors = list(reader.errors)
        report.seconds = time.perf_counter() - t0
