"""An on-disk cache of OCR lines keyed by the page pixels, for benchmark runs that read the same images again.

Off unless a folder is set (``set_cache_dir``; ``bench lab --model "cache=DIR"``). The key is the SHA-256
of the image's shape and pixels (and of a tag naming what was stored: the lines of a plain read have none,
``oriented_read`` tags its decision and the lines it read turned), so a turned, warped or downscaled copy is a
different entry. Timing runs must leave it off: a cache hit costs no OCR time.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

from typing import Any

import numpy as np

from oncostruct.extractors.ocr.ocr import OcrLine

_DIR: list[Path | None] = [None]


def set_cache_dir(path: str | Path | None) -> None:
    """Cache OCR lines under ``path`` (created when missing); None switches the cache off."""
    if path is not None:
        Path(path).mkdir(parents=True, exist_ok=True)
    _DIR[0] = Path(path) if path is not None else None


def cache_dir() -> Path | None:
    return _DIR[0]


def key_of(image: np.ndarray, tag: str = "") -> str:
    h = hashlib.sha256(repr((image.shape, str(image.dtype))).encode())
    h.update(np.ascontiguousarray(image).tobytes())
    if tag:
        h.update(tag.encode())
    return h.hexdigest()


def as_dict(line: OcrLine) -> dict[str, Any]:
    return {"text": line.text, "score": line.score, "box": line.box}


def as_lines(stored: list[dict]) -> list[OcrLine]:
    return [OcrLine(text=d["text"], score=d["score"], box=[tuple(p) for p in d["box"]]) for d in stored]


def load(image: np.ndarray, tag: str = "") -> Any:
    """What was stored for the image's pixels under ``tag``, or None (cache off, or nothing stored)."""
    folder = _DIR[0]
    if folder is None:
        return None
    path = folder / f"{key_of(image, tag)}.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def store(image: np.ndarray, value: Any, tag: str = "") -> None:
    """Keep ``value`` (JSON) for the image's pixels under ``tag`` (nothing when the cache is off)."""
    folder = _DIR[0]
    if folder is None:
        return
    path = folder / f"{key_of(image, tag)}.json"
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(value, ensure_ascii=False), encoding="utf-8")
    tmp.replace(path)
