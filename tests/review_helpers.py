"""Helpers shared by the review-loop tests: synthetic documents structured by the real pipeline."""
from __future__ import annotations

from pathlib import Path

from oncostruct.engine.cdm import Record
from oncostruct.engine.pipeline import Pipeline
from oncostruct.engine.settings import ReviewSettings, Settings

REVIEW_DOCS = Path(__file__).parent / "fixtures" / "review"


def review_records(min_confidence: float = 0.96) -> tuple[list[Record], dict[str, str]]:
    """Records of the synthetic review documents (a high threshold sends fields to review) and their texts."""
    pipeline = Pipeline(Settings(review=ReviewSettings(min_confidence=min_confidence)))
    records, texts = [], {}
    for path in sorted(REVIEW_DOCS.glob("*.txt")):
        rec = pipeline.extract_path(path)
        records.append(rec)
        texts[rec.document.source_sha256] = path.read_text(encoding="utf-8")
    return records, texts


def write_records(records: list[Record], path: Path) -> Path:
    path.write_text("".join(r.model_dump_json() + "\n" for r in records), encoding="utf-8")
    return path
