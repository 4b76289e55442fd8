"""NOTE and NOTE_NLP rows: one NOTE per record, one NOTE_NLP row per extracted field or entity.

OMOP has no slot for image boxes, table cells, video times, confidence or review status: they travel in
``term_modifiers`` as JSON, cut to fit its 2000 characters while staying valid JSON.
"""
from __future__ import annotations

import json
from typing import Any

from oncostruct.engine.exporters.omop.vocab import wanted_code

TERM_MODIFIERS_MAX = 2000
SNIPPET_MAX = 250
SNIPPET_CONTEXT = 40  # characters of context either side of the term in the snippet


def first_text_span(provenance: list[dict[str, Any]]) -> dict[str, Any] | None:
    return next((p for p in provenance if p.get("kind") == "text"), None)


def _source(src: dict[str, Any] | None) -> str | None:
    return f"{src['kind']}:{src['name']}@{src['version']}" if src else None


def term_modifiers(item: dict[str, Any], limit: int = TERM_MODIFIERS_MAX) -> str:
    """The field's confidence, status, source and full provenance as JSON of at most ``limit`` characters.

    When too long, provenance entries beyond the first are dropped (their count kept), then long values
    are cut, then only the essentials remain; the result always parses as JSON.
    """
    code = item.get("code")
    doc: dict[str, Any] = {
        "field": item["name"], "value": item.get("value"), "normalized": item.get("normalized"),
        "unit": item.get("unit"), "code": f"{code['system']}:{code['code']}" if code else None,
        "confidence": item.get("confidence"), "status": item.get("status"),
        "review_reason": item.get("review_reason"), "inferred": item.get("inferred", False),
        "source": _source(item.get("source")), "provenance": item.get("provenance", []),
    }
    doc = {k: v for k, v in doc.items() if v is not None}
    text = json.dumps(doc, ensure_ascii=False)
    if len(text) > limit and len(doc.get("provenance", [])) > 1:
        doc["provenance_dropped"] = len(doc["provenance"]) - 1
        doc["provenance"] = doc["provenance"][:1]
        text = json.dumps(doc, ensure_ascii=False)
    for key in ("value", "normalized", "provenance", "review_reason"):
        if len(text) <= limit:
            break
        if key in doc:
            doc[key] = json.dumps(doc[key], ensure_ascii=False)[:200] + "…"
            doc["truncated"] = True
            text = json.dumps(doc, ensure_ascii=False)
    if len(text) > limit:
        keep = {k: doc[k] for k in ("confidence", "status", "source") if k in doc}
        text = json.dumps({"field": str(item["name"])[:200], **keep, "truncated": True}, ensure_ascii=False)
    return text


def nlp_system(record: dict[str, Any], item: dict[str, Any]) -> str:
    """Engine version, the producing rule or model, and the document's component versions."""
    doc = record["document"]
    models = ",".join(f"{k}@{v}" for k, v in sorted(doc.get("model_versions", {}).items()))
    return f"oncostruct {doc['engine_version']}; {_source(item.get('source')) or 'unknown'}; components {models}"


def nlp_row(record: dict[str, Any], item: dict[str, Any], note_id: int, text: str | None) -> dict[str, Any]:
    """One NOTE_NLP row (without note_nlp_id and nlp_date) for a field or an entity given as a field dict."""
    span = first_text_span(item.get("provenance", []))
    offset = snippet = None
    lexical = None
    if span is not None:
        start, end = span["start"], span["end"]
        if text is not None and 0 <= start <= end <= len(text):
            offset, lexical = str(start), text[start:end]
            lo, hi = max(0, start - SNIPPET_CONTEXT), min(len(text), end + SNIPPET_CONTEXT)
            snippet = text[lo:hi] if hi - lo <= SNIPPET_MAX else text[start:start + SNIPPET_MAX]
        elif text is None:  # no texts.jsonl: the offset still points into the source text
            offset, lexical = str(start), span.get("text")
        else:
            lexical = span.get("text")  # a span outside the text: no offset rather than a wrong one
    if not lexical:
        value = item.get("value") if item.get("value") is not None else item.get("normalized")
        lexical = value if isinstance(value, str) and value else json.dumps(value, ensure_ascii=False)
    code = item.get("code")
    return {
        "note_id": note_id, "section_concept_id": 0, "snippet": snippet, "offset": offset,
        "lexical_variant": lexical, "note_nlp_concept_id": wanted_code(code),
        "note_nlp_source_concept_id": wanted_code(code, source=True),
        "nlp_system": nlp_system(record, item), "term_exists": "N" if item.get("normalized") is False else "Y",
        "term_temporal": None, "term_modifiers": term_modifiers(item),
    }


def entity_items(record: dict[str, Any]) -> list[dict[str, Any]]:
    """Record.entities not already present as ``entities.*`` fields (same span), as field-like dicts."""
    seen = {(p["start"], p["end"]) for f in record["fields"] if f["name"].startswith("entities.")
            for p in f.get("provenance", []) if p.get("kind") == "text"}
    out = []
    for n, e in enumerate(record.get("entities", [])):
        if (e["start"], e["end"]) in seen:
            continue
        out.append({"name": f"entity[{n}].{e['label']}", "value": e["text"], "confidence": e["confidence"],
                    "source": e.get("source"), "status": None,
                    "provenance": [{"kind": "text", "start": e["start"], "end": e["end"], "text": e["text"]}]})
    return out
