"""``timeline.html``: every patient on one self-contained page section (printed one per page).

Each patient shows its documents and episodes on a time axis (inline SVG), then the reconciled
fields with their sources, the conflicts and the links. Every item links to the source span: the
record page ``records/<doc_id>.html`` (:func:`engine.html_view.render_record_html`), at the field's
highlighted span ``#m<i>`` when the text was available, else its row ``#f<i>``. Inline CSS only,
no script and no external resource (it satisfies :data:`engine.html_view.CSP`); content is escaped.
"""
from __future__ import annotations

from datetime import date
from html import escape
from typing import Any, Callable

from oncostruct.engine.assembly.model import EpisodeEvent, PatientRecord, SourceRef

Anchor = Callable[[str, str | None], str]  # (doc_id, field name or None) → href

DOC_COLOURS = {"pathology": "#6a1b9a", "discharge": "#1565c0", "petct": "#00838f", "ct": "#00838f",
               "lab_report": "#8d6e63", "other": "#757575", "surgical_video": "#5d4037"}
EPISODE_COLOURS = {"diagnosis": "#6a1b9a", "surgery": "#c62828", "systemic_therapy": "#1565c0",
                   "radiotherapy": "#f9a825", "progression": "#e65100", "recurrence": "#ad1457"}
_CSS = """
body{font:14px/1.45 system-ui,-apple-system,'Segoe UI','Noto Sans CJK SC',sans-serif;margin:0;color:#222;background:#fafafa}
header.top{padding:12px 24px;background:#263238;color:#fff}header.top a{color:#b3e5fc}
section.patient{background:#fff;margin:16px 24px;padding:12px 20px;border:1px solid #ddd;border-radius:6px;break-after:page}
h2{margin:4px 0 8px;font-size:18px}h3{margin:14px 0 6px;font-size:15px;color:#37474f}
table{border-collapse:collapse;width:100%;font-size:13px}td,th{border-bottom:1px solid #eee;padding:3px 6px;text-align:left;vertical-align:top}
.st-needs_review{color:#e65100;font-weight:600}.st-auto_accepted{color:#2e7d32}
.badge{display:inline-block;padding:0 6px;border-radius:8px;font-size:12px;color:#fff;margin-right:4px}
svg text{font-size:11px;fill:#37474f}svg a:hover rect,svg a:hover circle{stroke:#000;stroke-width:2}
.conflict{background:#fff3e0}.muted{color:#777}
"""
_W, _LEFT, _RIGHT, _LANE = 980, 130, 50, 26


def _e(v: Any) -> str:
    return escape(str(v), quote=True)


def _days(iso: str | None) -> int | None:
    try:
        return date.fromisoformat(iso[:10]).toordinal() if iso else None
    except ValueError:
        return None


def _axis(p: PatientRecord, anchor: Anchor) -> str:
    points = [d for d in (_days(x.date) for x in p.document_info) if d] + [
        d for e in p.episodes for d in (_days(e.start), _days(e.end)) if d]
    if not points:
        return '<p class="muted">No dated documents or episodes: nothing to place on a time axis.</p>'
    lo, hi = min(points) - 10, max(points) + 10
    kinds = list(dict.fromkeys(e.kind for e in p.episodes))
    height = 40 + _LANE * (1 + len(kinds))

    def x(d: int) -> float:
        return _LEFT + (d - lo) / max(hi - lo, 1) * (_W - _LEFT - _RIGHT)

    parts = [f'<svg width="{_W}" height="{height}" role="img" aria-label="timeline of {_e(p.patient_id)}">']
    for k in range(6):  # ticks
        d = lo + (hi - lo) * k // 5
        parts.append(f'<line x1="{x(d):.1f}" y1="14" x2="{x(d):.1f}" y2="{height - 4}" stroke="#eceff1"/>'
                     f'<text x="{x(d):.1f}" y="11" text-anchor="middle">{date.fromordinal(d).isoformat()}</text>')
    y = 30
    parts.append(f'<text x="4" y="{y + 4}">documents</text>')
    for doc in p.document_info:
        d = _days(doc.date)
        if d is None:
            continue
        colour = DOC_COLOURS.get(doc.doc_type, "#757575")
        parts.append(f'<a href="{_e(anchor(doc.doc_id, None))}"><title>{_e(doc.doc_id)} ({_e(doc.doc_type)}, '
                     f'{_e(doc.date)})</title><circle cx="{x(d):.1f}" cy="{y}" r="7" fill="{colour}" '
                     f'fill-opacity="0.85"/></a>')
    for lane, kind in enumerate(kinds, 1):
        yy = y + _LANE * lane
        parts.append(f'<text x="4" y="{yy + 4}">{_e(kind.replace("_", " "))}</text>')
        for e in (e for e in p.episodes if e.kind == kind):
            s, t = _days(e.start), _days(e.end) or _days(e.start)
            if s is None:
                continue
            x0, x1 = x(s), max(x(t or s), x(s) + 8)
            first = e.events[0] if e.events else None
            href = anchor(first.doc_id, first.field) if first else "#"
            label = f"{kind}{f' line {e.line}' if e.line else ''}: {e.start} – {e.end or '…'} (OMOP {e.concept_id})"
            parts.append(f'<a href="{_e(href)}"><title>{_e(label)}</title><rect x="{x0:.1f}" y="{yy - 8}" '
                         f'width="{x1 - x0:.1f}" height="16" rx="4" fill="{EPISODE_COLOURS.get(kind, "#607d8b")}" '
                         f'fill-opacity="0.8"/></a>')
    parts.append("</svg>")
    return "".join(parts)


def _sources(refs: list[SourceRef], anchor: Anchor) -> str:
    return ", ".join(f'<a href="{_e(anchor(r.doc_id, r.field))}">{_e(r.doc_id)}</a>'
                     f'<span class="muted"> {_e(r.field)}</span>' for r in refs)


def _value(v: Any) -> str:
    if isinstance(v, dict) and "category" in v:
        return _e(f"{v.get('prefix') or ''}{v['category']}")
    if isinstance(v, dict) and "name" in v:  # a drug or procedure: name, dose, date
        parts = [v["name"], f"{v.get('dose') or ''}{v.get('dose_unit') or ''}", v.get("date") or ""]
        return _e(" ".join(str(p) for p in parts if p))
    if isinstance(v, list):
        return _e(" × ".join(str(x) for x in v))
    return _e(v)


def _events(events: list[EpisodeEvent], anchor: Anchor, limit: int = 6) -> str:
    def one(ev: EpisodeEvent) -> str:
        value = _value(ev.value)
        label = "" if value.startswith(_e(ev.name)) else f"{_e(ev.name)} "
        return f'{label}{value} <a href="{_e(anchor(ev.doc_id, ev.field))}">{_e(ev.doc_id)}</a>'

    shown = "; ".join(one(ev) for ev in events[:limit])
    return shown + (f' <span class="muted">(+{len(events) - limit} more)</span>' if len(events) > limit else "")


def _patient(p: PatientRecord, anchor: Anchor) -> str:
    conflicted = {c.name for c in p.conflicts}
    review = sum(f.status.value == "needs_review" for f in p.fields) + sum(
        link.status.value == "needs_review" for link in p.links)
    docs = "".join(f'<tr><td><a href="{_e(anchor(d.doc_id, None))}">{_e(d.doc_id)}</a></td><td>{_e(d.doc_type)}</td>'
                   f'<td>{_e(d.date or "")}</td><td>{_e(d.visit_id or "")}</td></tr>' for d in p.document_info)
    rows = "".join(
        f'<tr class="{"conflict" if f.name in conflicted else ""}"><td>{_e(f.name)}'
        f'{f"<span class=muted> ({_e(f.visit_id)})</span>" if f.visit_id else ""}</td><td>{_value(f.normalized if f.normalized is not None else f.value)}</td>'
        f'<td class="st-{f.status.value}">{_e(f.status.value)}</td><td>{_e(f.rule)}</td>'
        f'<td>{_sources(f.sources, anchor)}</td></tr>' for f in p.fields)
    conflicts = "".join(f'<tr class="conflict"><td>{_e(c.name)}</td><td>{" ≠ ".join(_value(v) for v in c.values)}</td>'
                        f'<td>{", ".join(_e(d) for d in c.doc_ids)}</td></tr>' for c in p.conflicts)
    episodes = "".join(
        f'<tr><td><span class="badge" style="background:{EPISODE_COLOURS.get(e.kind, "#607d8b")}">{_e(e.kind)}</span>'
        f'{f"line {e.line}" if e.line else ""}</td><td>{_e(e.start or "")} – {_e(e.end or "")}</td>'
        f'<td>{e.concept_id} {_e(e.concept_name)}</td><td>{_events(e.events, anchor)}</td></tr>'
        for e in p.episodes)
    links = "".join(f'<tr><td>{_e(link.doc_id)}</td><td>{_e(link.rule)}</td><td>{link.confidence:.2f}</td>'
                    f'<td class="st-{link.status.value}">{_e(link.status.value)}</td><td>{_e(link.linked_to or "")}</td></tr>'
                    for link in p.links)
    return (f'<section class="patient" id="patient-{_e(p.patient_id)}"><h2>Patient {_e(p.patient_id)}</h2>'
            f'<p>{len(p.documents)} documents · {len(p.episodes)} episodes · {len(p.conflicts)} conflicts · '
            f'<span class="{"st-needs_review" if review else "st-auto_accepted"}">{review} items to review</span></p>'
            f'{_axis(p, anchor)}<h3>Episodes</h3><table><tr><th>kind</th><th>dates</th><th>OMOP episode concept</th>'
            f'<th>events</th></tr>{episodes}</table>'
            + (f'<h3>Conflicts</h3><table><tr><th>field</th><th>values</th><th>documents</th></tr>{conflicts}</table>'
               if conflicts else "")
            + f'<h3>Fields</h3><table><tr><th>field</th><th>value</th><th>status</th><th>chosen by</th><th>sources</th></tr>'
            f'{rows}</table><h3>Documents</h3><table><tr><th>doc</th><th>type</th><th>date</th><th>visit</th></tr>{docs}'
            f'</table><h3>Links</h3><table><tr><th>doc</th><th>rule</th><th>confidence</th><th>status</th><th>matched</th>'
            f'</tr>{links}</table></section>')


def render_timeline_html(patients: list[PatientRecord], anchor: Anchor) -> str:
    """The whole page: an index of patients, then one section per patient."""
    index = " · ".join(f'<a href="#patient-{_e(p.patient_id)}">{_e(p.patient_id)}</a>' for p in patients)
    return ('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>oncostruct patient timeline</title>'
            f'<style>{_CSS}</style></head><body><header class="top"><b>oncostruct</b> · {len(patients)} patients · '
            f'{index}</header>{"".join(_patient(p, anchor) for p in patients)}</body></html>\n')
