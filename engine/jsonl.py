"""JSON Lines: reading a records file that may end in a torn line, and writing lines that always encode."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterator


def iter_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    """The rows of a JSONL file, streamed; a line torn by a crash is skipped (its document is redone)."""
    if not path.exists():
        return
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            try:
                yield json.loads(line)
            except json.JSONDecodeError:
                continue


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """All rows of a JSONL file (see :func:`iter_jsonl`)."""
    return list(iter_jsonl(path))


def json_line(row: dict[str, Any]) -> str:
    """One JSONL line; rows holding unencodable strings (lone surrogates) fall back to ASCII escapes."""
    line = json.dumps(row, ensure_ascii=False)
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:
        line = json.dumps(row, ensure_ascii=True)
    return line + "\n"


TEXTS_FILE = "texts.jsonl"
"""The batch's text sidecar, beside records.jsonl: ``{"doc_id", "source_sha256", "text"}`` per text document,
the text exactly as the pipeline structured it (every text span of its record slices into it)."""
