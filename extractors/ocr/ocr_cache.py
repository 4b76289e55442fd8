"""An on-disk cache of OCR lines keyed by the page pixels, for benchmark runs that read the same images again.

Off unless a folder is set (``set_cache_dir``; ``bench lab --model "cache=DIR"``). The key is the SHA-256
of the image's shape and pixels, so a turned, warped or downscaled copy is a different entry. Timing runs
must leave it off: a cache hit costs no OCR time.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np

_DIR: list[Path | None] = [None]


def set_cache_dir(path: str | Path | None) -> None:
    """Cache OCR lines under ``path`` (created when missing); None switches the cache off."""
    if path is not None:
        Path(path).mkdir(parents=True, exist_ok=True)
    _DIR[0] = Path(path) if path is not None else None


def cache_dir() -> Path | None:
    return _DIR[0]


def key_of(image: np.ndarray) -> str:
    h = hashlib.sha256(repr((image.shape, str(image.dtype))).encode())
    h.update(np.ascontiguousarray(image).tobytes())
    return h.hexdigest()


def load(image: np.ndarray) -> list[dict] | None:
    folder = _DIR[0]
    if folder is None:
        return None
    path = folder / f"{key_of(image)}.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def store(image: np.ndarray, lines: list[dict]) -> None:
    folder = _DIR[0]
    if folder is None:
        return
    path = folder / f"{key_of(image)}.json"
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(lines, ensure_ascii=False), encoding="utf-8")
    tmp.replace(path)
