"""The batch's texts.jsonl sidecar: the structured text of each text document, written once, resumable."""
from __future__ import annotations

import json
from pathlib import Path

from oncostruct.engine.batch import run_batch
from oncostruct.engine.jsonl import TEXTS_FILE, read_jsonl
from tests.conftest import EN_PATHOLOGY, ZH_PATHOLOGY


def test_texts_sidecar_matches_the_spans_and_survives_a_resume(tmp_path: Path) -> None:
    manifest = tmp_path / "in.jsonl"
    rows = [{"text": ZH_PATHOLOGY, "doc_id": "a"}, {"text": EN_PATHOLOGY, "doc_id": "b"}, {"text": "", "doc_id": "empty"}]
    manifest.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    out = tmp_path / "out"
    first = run_batch(manifest, out, progress=False, timeout_s=None)
    assert (first.done, first.failed) == (2, 1)
    texts = {t["doc_id"]: t for t in read_jsonl(out / TEXTS_FILE)}
    assert sorted(texts) == ["a", "b"]  # the failed (empty) document has no text line
    for record in read_jsonl(out / "records.jsonl"):
        t = texts[record["document"]["doc_id"]]
        assert t["source_sha256"] == record["document"]["source_sha256"]
        spans = [p for f in record["fields"] for p in f["provenance"] if p["kind"] == "text" and p.get("text")]
        assert spans and all(t["text"][p["start"]:p["end"]] == p["text"] for p in spans)
    # a torn last line (a crash mid-write) is cut on resume, and finished documents are not written again
    with (out / TEXTS_FILE).open("a", encoding="utf-8") as fh:
        fh.write('{"doc_id": "torn", "te')
    again = run_batch(manifest, out, progress=False, timeout_s=None)
    assert again.skipped == 2 and "torn" not in (out / TEXTS_FILE).read_text(encoding="utf-8")
    assert [t["doc_id"] for t in read_jsonl(out / TEXTS_FILE)] == [t["doc_id"] for t in texts.values()]
