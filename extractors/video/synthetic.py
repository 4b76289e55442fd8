"""Short synthetic videos made with ffmpeg's lavfi sources: the tests' clips and the bundled sample (no real data).

``scenes``: a test pattern (0–4 s), a flat reddish "tissue" frame with noise (4–8 s), black (8–11 s),
25 fps, constant rate. ``vfr``: 2 s at 25 fps then 5 s at 10 fps (variable frame rate).
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from oncostruct.extractors.video.probe import tool

SIZE = "320x180"


def _run(args: list[str]) -> None:
    subprocess.run([tool("ffmpeg"), "-nostdin", "-v", "error", "-y", *args], check=True, capture_output=True, timeout=120)


def scenes(out: Path, faststart: bool = False, bframes: int = 0, size: str = SIZE, crf: int = 23) -> Path:
    """Cuts at 4 s (pattern → tissue-coloured) and 8 s (→ black); 11 s, 25 fps, 275 frames."""
    _run(["-f", "lavfi", "-i", f"testsrc2=s={size}:r=25:d=4",
          "-f", "lavfi", "-i", f"color=c=0xB04030:s={size}:r=25:d=4",
          "-f", "lavfi", "-i", f"color=c=black:s={size}:r=25:d=3",
          "-filter_complex", "[1]noise=alls=12:allf=t[t];[0][t][2]concat=n=3:v=1:a=0",
          "-c:v", "libx264", "-preset", "veryfast", "-crf", str(crf), "-pix_fmt", "yuv420p", "-g", "25",
          "-bf", str(bframes), *(["-movflags", "+faststart"] if faststart else []), str(out)])
    return out


def vfr(out: Path) -> Path:
    """Frames 0–49 at 25 fps (0–2 s), then frames 50–99 at 10 fps (2–7 s)."""
    _run(["-f", "lavfi", "-i", f"testsrc2=s={SIZE}:r=25:d=4",
          "-vf", "setpts='if(lt(N,50),N/25,2+(N-50)/10)/TB'", "-fps_mode", "vfr", "-frames:v", "100",
          "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", "-bf", "0", "-video_track_timescale", "1000",
          str(out)])
    return out


def truncated(src: Path, out: Path, keep: float = 0.5) -> Path:
    """The first ``keep`` of ``src``'s bytes."""
    data = src.read_bytes()
    out.write_bytes(data[: int(len(data) * keep)])
    return out


def sample_clip(out: Path) -> Path:
    """The bundled sample (``engine/samples/synthetic_clip.mp4``): the scene clip, small and faststart."""
    return scenes(out, faststart=True, size="192x108", crf=30)


if __name__ == "__main__":  # python -m oncostruct.extractors.video.synthetic OUT.mp4
    print(sample_clip(Path(sys.argv[1] if len(sys.argv) > 1 else "synthetic_clip.mp4")))
