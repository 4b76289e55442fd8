"""Find the original text of a Record's document (Records carry offsets, not the text itself).

Documents are matched by the sha256 of their bytes (``Document.source_sha256``), so a moved
or renamed file is still found and a changed file is never mistaken for the original. Images
(lab reports) come back as ``data:`` URIs, which Label Studio's Image tag shows directly.
"""
from __future__ import annotations

import base64
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from engine.batch_items import iter_items
from engine.errors import ConfigError, OncostructError
from engine.ingest import ingest_bytes, ingest_path
from engine.settings import get_settings

if TYPE_CHECKING:
    from annotation.store import GoldStore

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
    return texts


def image_data_uri(data: bytes, name: str = "") -> str:
    """An image as a ``data:`` URI, so a task carries its picture without any file serving."""
    ext = Path(name).suffix.lower().lstrip(".") or "png"
    mime = {"jpg": "jpeg", "tif": "tiff"}.get(ext, ext)
    return f"data:image/{mime};base64,{base64.b64encode(data).decode('ascii')}"


class TextResolver:
    """A pushed document's text: the stored copy, or (text not kept) re-read from its recorded sources by sha256."""

    def __init__(self, store: "GoldStore") -> None:
        self.store = store
        self._indexed: dict[tuple[str, ...], dict[str, str]] = {}

    def text(self, source_sha256: str, stored: str | None = None) -> str:
        if stored:
            return stored
        sources = tuple(self.store.sources_of(source_sha256))
        if sources not in self._indexed:
            self._indexed[sources] = index_texts(Path(s) for s in sources)
        found = self._indexed[sources].get(source_sha256)
        if found is None:
            raise ConfigError(f"the text of document {source_sha256[:12]} is not stored (ONCOSTRUCT_REVIEW_KEEP_TEXT=0) "
                              f"and no longer found, unchanged, in its sources ({', '.join(sources) or 'none recorded'})")
        return found


def task_text(store: "GoldStore", data: dict) -> str:
    """The document text of an embedded-queue task (its data, or its sources when the text was not kept)."""
    return TextResolver(store).text(data["source_sha256"], data.get("text"))
