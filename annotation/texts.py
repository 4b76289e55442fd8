"""Find the original text of a Record's document (Records carry offsets, not the text itself).

Documents are matched by the sha256 of their bytes (``Document.source_sha256``), so a moved
or renamed file is still found and a changed file is never mistaken for the original. Images
(lab reports) come back as ``data:`` URIs, which Label Studio's Image tag shows directly.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from oncostruct.engine.errors import ConfigError
from oncostruct.engine.sources import image_data_uri, index_texts

__all__ = ["TextResolver", "image_data_uri", "index_texts", "task_text"]

if TYPE_CHECKING:
    from oncostruct.annotation.store import GoldStore


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
