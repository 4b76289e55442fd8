"""PET-CT lesion annotation in Label Studio: the labelling config, records → pre-annotated tasks, export → gold.

Schema (the one the PET-CT gold set is written in):
* span regions ``from_name="lesion"`` on ``text`` labelled ``finding`` or ``conclusion``;
* per-region attributes with the region's id: text areas ``site``, ``size_mm``, ``suvmax`` and choices
  ``laterality``, ``uptake``, ``uptake_kind``, ``judgement`` (their values are the catalogue's enums of
  ``imaging.lesions[].*``);
* relations ``same_lesion`` from a finding region to a conclusion region.

:func:`lesion_task` turns a PET-CT record's lesion fields (``imaging.lesions[i].*`` and
``imaging.conclusion_lesions[j].*``) into a task whose prediction holds regions ``f<i>`` and ``c<j>``,
their attributes and the links; :func:`examples_from_tasks` reads a Label Studio JSON export (or
predictions) back into gold examples, the format ``oncostruct bench petct`` scores.
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Iterable
from xml.sax.saxutils import quoteattr

from oncostruct.engine.catalogue import field_spec
from oncostruct.engine.cdm import Field, FieldStatus, TextSpan
from oncostruct.engine.errors import ConfigError

LESION_FROM, TEXT_TO = "lesion", "text"
LABELS = ("finding", "conclusion")
RELATION = "same_lesion"
TEXT_AREAS = {"site": "site", "size_mm": "size_mm", "suvmax": "suv_max"}  # from_name → lesion field
CHOICES = {"laterality": "laterality", "uptake": "fdg_uptake", "uptake_kind": "uptake_kind", "judgement": "judgement"}
ATTRIBUTES = (*TEXT_AREAS, *CHOICES)
_FIELD = re.compile(r"^imaging\.(lesions|conclusion_lesions)\[(\d+)\]\.(\w+)$")


def choice_values(from_name: str) -> list[str]:
    """The values offered for a choices attribute: the catalogue enum of its lesion field."""
    spec = field_spec(f"imaging.lesions[].{CHOICES[from_name]}")
    if spec is None or spec.domain is None or not spec.domain.enum:
        raise ConfigError(f"the field catalogue has no enum for imaging.lesions[].{CHOICES[from_name]}")
    return list(spec.domain.enum)


def lesion_config() -> str:
    """The Label Studio labelling config for lesion annotation (spans, per-region attributes, relations)."""
    labels = "\n".join(f"    <Label value={quoteattr(v)} background={quoteattr(c)}/>"
                       for v, c in zip(LABELS, ("#9fc5e8", "#f6b26b")))
    areas = "\n".join(f'    <TextArea name="{n}" toName="{TEXT_TO}" perRegion="true" editable="true" maxSubmissions="1" '
                      f'placeholder={quoteattr(n)} displayMode="region-list"/>' for n in TEXT_AREAS)
    choices = "\n".join(
        f'    <Header value={quoteattr(n)}/>\n    <Choices name="{n}" toName="{TEXT_TO}" perRegion="true" choice="single" '
        f'showInline="true">\n' + "\n".join(f"      <Choice value={quoteattr(v)}/>" for v in choice_values(n)) + "\n    </Choices>"
        for n in CHOICES)
    return (
        "<View>\n"
        '  <Header value="Mark each lesion in the findings and in the conclusion; link a finding to its conclusion"/>\n'
        f'  <Labels name="{LESION_FROM}" toName="{TEXT_TO}" showInline="true">\n{labels}\n  </Labels>\n'
        f'  <Relations>\n    <Relation value="{RELATION}"/>\n  </Relations>\n'
        f'  <Text name="{TEXT_TO}" value="$text" granularity="symbol"/>\n'
        '  <View visibleWhen="region-selected">\n'
        f"{areas}\n{choices}\n"
        "  </View>\n"
        "</View>\n"
    )


# --- records → tasks --------------------------------------------------------------------


def _lesion_parts(fields: Iterable[Field]) -> dict[tuple[str, int], dict[str, Field]]:
    parts: dict[tuple[str, int], dict[str, Field]] = {}
    for f in fields:
        m = _FIELD.match(f.name)
        if m:
            parts.setdefault((m.group(1), int(m.group(2))), {})[m.group(3)] = f
    return parts


def _unit_span(site: Field) -> TextSpan | None:
    return next((p for p in site.provenance[1:] if isinstance(p, TextSpan)), None)


def _attr(rid: str, span: TextSpan, from_name: str, value: Any) -> dict[str, Any]:
    base = {"id": rid, "from_name": from_name, "to_name": TEXT_TO, "origin": "prediction"}
    where = {"start": span.start, "end": span.end}
    if from_name in TEXT_AREAS:
        return {**base, "type": "textarea", "value": {**where, "text": [_fmt(value)]}}
    return {**base, "type": "choices", "value": {**where, "choices": [str(value)]}}


def _fmt(value: Any) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def lesion_result(fields: list[Field], text: str) -> list[dict[str, Any]]:
    """Prediction regions (``f<i>`` findings, ``c<j>`` conclusions), their attributes and ``same_lesion`` relations."""
    result: list[dict[str, Any]] = []
    parts = _lesion_parts(fields)
    ids: dict[tuple[str, int], str] = {}
    for (group, idx), p in sorted(parts.items()):
        site = p.get("site")
        span = _unit_span(site) if site else None
        if span is None or text[span.start:span.end] != span.text:
            continue
        rid = f"{'f' if group == 'lesions' else 'c'}{idx}"
        ids[(group, idx)] = rid
        conf = min(f.confidence for f in p.values())
        result.append({"id": rid, "from_name": LESION_FROM, "to_name": TEXT_TO, "type": "labels", "origin": "prediction",
                       "score": round(conf, 4), "value": {"start": span.start, "end": span.end, "text": span.text,
                                                           "labels": ["finding" if group == "lesions" else "conclusion"]}})
        for from_name, key in (*TEXT_AREAS.items(), *CHOICES.items()):
            value = site.normalized if key == "site" else p[key].normalized if key in p else None
            if value is not None:
                result.append(_attr(rid, span, from_name, value))
    for (group, idx), p in sorted(parts.items()):
        link = p.get("conclusion")
        if group != "lesions" or link is None or (group, idx) not in ids:
            continue
        for j in [link.attributes.get("conclusion"), *link.attributes.get("also", [])]:
            if ("conclusion_lesions", j) in ids:
                result.append({"type": "relation", "from_id": ids[(group, idx)], "to_id": ids[("conclusion_lesions", j)],
                               "direction": "right", "labels": [RELATION]})
    return result


def conclusion_first(result: list[dict[str, Any]]) -> bool:
    """Whether the first conclusion region comes before the first finding region."""
    starts = {lab: min((r["value"]["start"] for r in result if r.get("type") == "labels" and r["value"]["labels"] == [lab]),
                       default=None) for lab in LABELS}
    return starts["conclusion"] is not None and (starts["finding"] is None or starts["conclusion"] < starts["finding"])


def lesion_task(fields: list[Field], text: str, source_id: str, model_version: str = "petct-rules") -> dict[str, Any]:
    """A Label Studio task for one PET-CT report, with the lesion records as its prediction."""
    result = lesion_result(fields, text)
    lesion_fields = [f for f in fields if _FIELD.match(f.name)]
    pending = [f for f in lesion_fields if f.status is FieldStatus.needs_review] or lesion_fields
    return {"data": {"text": text, "source_id": source_id, "conclusion_first": conclusion_first(result)},
            "predictions": [{"model_version": model_version, "result": result,
                             "score": round(min((f.confidence for f in pending), default=1.0), 4)}]}


# --- export → gold examples -------------------------------------------------------------


def _chosen(task: dict[str, Any], use_predictions: bool) -> list[dict[str, Any]]:
    """The result to read: the latest submitted annotation (or the first prediction)."""
    if use_predictions:
        preds = task.get("predictions") or []
        return list(preds[0].get("result") or []) if preds else []
    anns = [a for a in task.get("annotations") or [] if not a.get("was_cancelled")]
    if not anns:
        return []
    anns.sort(key=lambda a: str(a.get("updated_at") or a.get("created_at") or ""))
    return list(anns[-1].get("result") or [])


def parse_result(result: list[dict[str, Any]], text: str) -> tuple[list[dict[str, Any]], list[tuple[str, str]]]:
    """(regions with their attributes, links as (finding id, conclusion id)) of one annotation result."""
    regions: dict[str, dict[str, Any]] = {}
    for r in result:
        if r.get("type") == "labels" and r.get("from_name") == LESION_FROM:
            v = r["value"]
            label = (v.get("labels") or [""])[0]
            if label in LABELS:
                regions[str(r["id"])] = {"id": str(r["id"]), "label": label, "start": int(v["start"]), "end": int(v["end"]),
                                         "text": text[int(v["start"]):int(v["end"])]}
    for r in result:
        rid, name = str(r.get("id")), r.get("from_name")
        if rid not in regions or name not in ATTRIBUTES:
            continue
        values = r["value"].get("text") if r.get("type") == "textarea" else r["value"].get("choices")
        values = [str(x).strip() for x in values or [] if str(x).strip()]
        if values:
            regions[rid][name] = values[0]
    links = []
    for r in result:
        if r.get("type") == "relation" and RELATION in (r.get("labels") or [RELATION]):
            a, b = str(r.get("from_id")), str(r.get("to_id"))
            if a in regions and b in regions and {regions[a]["label"], regions[b]["label"]} == set(LABELS):
                links.append((a, b) if regions[a]["label"] == "finding" else (b, a))
    return sorted(regions.values(), key=lambda x: (x["start"], x["end"])), sorted(set(links))


def examples_from_tasks(tasks: list[dict[str, Any]], use_predictions: bool = False) -> list[dict[str, Any]]:
    """Gold examples ``{"id","source_id","text","conclusion_first","regions","links"}`` from Label Studio tasks."""
    out = []
    for task in tasks:
        data = task.get("data") or {}
        text = str(data.get("text") or "")
        regions, links = parse_result(_chosen(task, use_predictions), text)
        if not use_predictions and not regions and not any(task.get("annotations") or []):
            continue
        out.append({"id": str(task.get("id", data.get("source_id", ""))), "source_id": data.get("source_id"),
                    "text": text, "conclusion_first": bool(data.get("conclusion_first")),
                    "regions": regions, "links": [list(lk) for lk in links]})
    return out


def read_export(path: Path) -> list[dict[str, Any]]:
    """A Label Studio JSON export (a list of tasks), or a folder holding ``gold.json``."""
    path = Path(path)
    if path.is_dir():
        path = path / "gold.json"
    try:
        tasks = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ConfigError(f"cannot read the Label Studio export {path}: {exc}") from exc
    if not isinstance(tasks, list):
        raise ConfigError(f"{path}: a Label Studio JSON export is a list of tasks")
    return tasks


def write_examples(examples: list[dict[str, Any]], path: Path) -> int:
    """Gold examples as JSONL (one report a line); returns the number written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(ex, ensure_ascii=False) + "\n" for ex in examples), encoding="utf-8")
    return len(examples)
