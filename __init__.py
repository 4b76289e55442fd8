"""oncostruct: structure oncology documents into records of one common data model (CDM).

The installed distribution is this one package; the repository's folders are its subpackages
(``oncostruct.engine``, ``oncostruct.extractors``, ``oncostruct.models`` ...). The public API is small::

    import oncostruct

    record = oncostruct.extract("病理诊断：（右肺上叶）浸润性腺癌，pT2aN0M0")
    record.fields[0].name            # 'pathology.histology'
    print(record.to_json(indent=2))

    pipeline = oncostruct.Pipeline(oncostruct.Settings(review={"min_confidence": 0.9}))
    for record in pipeline.pipe(["report text", Path("scan.png"), ("text", {"doc_type": "petct"})]):
        ...
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from oncostruct.engine.cdm import DocType, Field, Record
from oncostruct.engine.pipeline import Pipeline
from oncostruct.engine.settings import Settings
from oncostruct.engine.version import __version__

__all__ = ["DocType", "Field", "Pipeline", "Record", "Settings", "__version__", "extract"]

_MAX_PATH_CHARS = 4096


@lru_cache(maxsize=1)
def _default_pipeline() -> Pipeline:
    return Pipeline()


def _is_path(value: str | Path) -> bool:
    if isinstance(value, Path):
        return True
    if len(value) > _MAX_PATH_CHARS or "\n" in value:
        return False
    try:
        return Path(value).is_file()
    except (OSError, ValueError):
        return False


def extract(text_or_path: str | Path, doc_type: DocType | str | None = None, language: str | None = None) -> Record:
    """One document's Record: a :class:`~pathlib.Path` (or a string naming an existing file) is read
    from disk; any other string is the document text. Type and language are detected when omitted."""
    pipeline = _default_pipeline()
    if _is_path(text_or_path):
        return pipeline.extract_path(text_or_path, doc_type=doc_type, language=language)
    return pipeline.extract_text(str(text_or_path), doc_type=doc_type, language=language)
