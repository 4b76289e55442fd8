"""Key frames: chosen on the sampled stream, written as full-resolution JPEGs by ffmpeg (accurate seek)."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

from oncostruct.extractors.video.probe import tool


def choose(times: list[float], indices: list[int], scores: list[float], threshold: float, cap: int) -> list[dict]:
    """The first frame, then scene changes (distance ≥ ``threshold``), the ``cap`` strongest, in time order."""
    if not times:
        return []
    cuts = sorted((i for i in range(1, len(times)) if scores[i] >= threshold), key=lambda i: -scores[i])[: max(cap - 1, 0)]
    chosen = [0, *sorted(cuts)]
    return [{"t": times[i], "frame": indices[i], "reason": "first" if i == 0 else "scene_change",
             "score": round(float(scores[i]), 3), "i": i} for i in chosen]


def safe_stem(stem: str) -> str:
    """A file-name stem made of safe characters only."""
    return re.sub(r"[^A-Za-z0-9._-]+", "_", stem)[:80] or "video"


def file_name(stem: str, t: float) -> str:
    return f"{safe_stem(stem)}_t{t:09.3f}.jpg"


def write_jpeg(video: str | Path, t: float, out: Path, quality: int = 3, timeout_s: float = 60.0) -> bool:
    """Write the frame shown at ``t`` seconds as ``out`` (JPEG); False when ffmpeg could not."""
    out.parent.mkdir(parents=True, exist_ok=True)
    cmd = [tool("ffmpeg"), "-nostdin", "-v", "error", "-y", "-ss", f"{t:.3f}", "-i", str(video), "-frames:v", "1",
           "-q:v", str(quality), str(out)]
    try:
        res = subprocess.run(cmd, capture_output=True, timeout=timeout_s, check=False)
    except subprocess.TimeoutExpired:
        return False
    return res.returncode == 0 and out.exists() and out.stat().st_size > 0
