"""Find the original document of a Record (Records carry offsets, not the text itself).

Documents are matched by the sha256 of their bytes (``Document.source_sha256``), so a moved
or renamed file is still found and a changed file is never mistaken for the original. Images
(lab reports) come back as ``data:`` URIs, which browsers and Label Studio's Image tag show directly.
Used by ``oncostruct view`` and by the review loop (:mod:`annotation.texts`).
"""
from __future__ import annotations

import base64
import logging
from pathlib import Path
from typing import Iterable

from oncostruct.engine.batch_items import iter_items
from oncostruct.engine.errors import OncostructError
from oncostruct.engine.ingest import ingest_bytes, ingest_path
from oncostruct.engine.settings import get_settings

log = logging.getLogger(__name__)


def index_texts(sources: Iterable[Path]) -> dict[str, str]:
    """sha256 → decoded text for every text document under the sources (folders or JSONL manifests)."""
    texts: dict[str, str] = {}
    for source in sources:
        if not Path(source).exists():
            continue
        for item in iter_items(source):
            try:
                ing = ingest_path(item.path) if item.path is not None else ingest_bytes((item.text or "").encode("utf-8"), item.key)
            except (OncostructError, OSError) as exc:
                log.debug("skipping %s: %s", item.key, exc)
                continue
            if ing.text is not None:
                texts[ing.sha256] = ing.text
            elif ing.modality == "image":
                texts[ing.sha256] = image_data_uri(ing.read_bytes(get_settings().max_file_bytes), ing.name)
            elif ing.modality == "video" and ing.path is not None:
                texts[ing.sha256] = video_uri(Path(ing.path))
    return texts


def image_data_uri(data: bytes, name: str = "") -> str:
    """An image as a ``data:`` URI, so a task carries its picture without any file serving."""
    ext = Path(name).suffix.lower().lstrip(".") or "png"
    mime = {"jpg": "jpeg", "tif": "tiff"}.get(ext, ext)
    return f"data:image/{mime};base64,{base64.b64encode(data).decode('ascii')}"


MAX_VIDEO_DATA_URI_BYTES = 20_000_000


def video_uri(path: Path) -> str:
    """A video for Label Studio's Video tag: a ``data:`` URI up to 20 MB, else a local-files URL (Label Studio
    serves it with LABEL_STUDIO_LOCAL_FILES_SERVING_ENABLED=true and a document root above the file)."""
    if path.stat().st_size <= MAX_VIDEO_DATA_URI_BYTES:
        mime = {".mov": "quicktime", ".mkv": "x-matroska", ".avi": "x-msvideo"}.get(path.suffix.lower(),
                                                                                  path.suffix.lower().lstrip(".") or "mp4")
        return f"data:video/{mime};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"
    return f"/data/local-files/?d={path.resolve().as_posix().lstrip('/')}"
