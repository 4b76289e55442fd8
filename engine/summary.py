"""A human-readable Markdown summary of a batch's records (what ``make run`` shows people)."""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

_MAX_VALUE = 60


def _short(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    text = " ".join(str(text).split()).replace("|", "\\|")
    return text if len(text) <= _MAX_VALUE else text[: _MAX_VALUE - 1] + "…"


def summarize_records(records: list[dict[str, Any]], errors: list[dict[str, Any]]) -> str:
    """Markdown: totals, then one section per document listing its fields."""
    types = Counter(r["document"]["doc_type"] for r in records)
    n_review = sum(f["status"] == "needs_review" for r in records for f in r["fields"])
    n_fields = sum(len(r["fields"]) for r in records)
    lines = [
        "# oncostruct run summary",
        "",
        f"- documents structured: {len(records)} ({', '.join(f'{t}: {n}' for t, n in sorted(types.items()))})",
        f"- fields: {n_fields}, of which needs_review: {n_review}",
        f"- errors: {len(errors)}",
        "",
    ]
    for r in records:
        doc = r["document"]
        lines += [f"## {doc.get('source_name') or doc['doc_id']} — {doc['doc_type']} ({doc['language']})", "",
                  "| field | value | normalized | code | conf | status |", "|---|---|---|---|---|---|"]
        for f in r["fields"]:
            norm = "" if f.get("normalized") is None else _short(f["normalized"])
            code = f"{f['code']['system']} {f['code']['code']}" if f.get("code") else ""
            lines.append(f"| {f['name']} | {_short(f['value'])} | {norm} | {code} | {f['confidence']:.2f} | {f['status']} |")
        if r.get("entities"):
            ents = ", ".join(f"{e['text']}[{e['label']}]" for e in r["entities"][:20])
            lines += ["", f"entities: {ents}"]
        for issue in r.get("issues", []):
            lines.append(f"- issue `{issue['code']}`: {issue['message']}")
        lines.append("")
    for e in errors:
        lines.append(f"- error in {e['key']}: {e['error']['message']}")
    return "\n".join(lines) + "\n"


def write_summary(out_dir: str | Path) -> Path:
    out = Path(out_dir)
    read = lambda name: [json.loads(l) for l in (out / name).read_text(encoding="utf-8").splitlines() if l.strip()] if (out / name).exists() else []  # noqa: E731
    path = out / "summary.md"
    path.write_text(summarize_records(read("records.jsonl"), read("errors.jsonl")), encoding="utf-8")
    return path
