"""A visual view of a Record, in the spirit of spaCy's displacy: one self-contained HTML page.

The page shows the document header, the text with every field highlighted at its span
(coloured by review status, background strength by confidence, a tooltip with the evidence),
lab-report cells as boxes over the page image, video-time provenance on a time bar, a table
of all fields, the record's issues and a legend. It has inline CSS only: no script, no
external resource, so it works offline and under a strict Content-Security-Policy. All
document content is escaped: documents are untrusted input.

Records hold offsets, not text: callers pass the text (and, for lab reports, the image).
"""
from __future__ import annotations

import base64
import json
import struct
from collections import Counter, defaultdict
from dataclasses import dataclass
from html import escape
from typing import Any, Iterable, Sequence

from oncostruct.engine.cdm import Field, FieldStatus, ImageBox, Record, TableCell, TextSpan, VideoTime

STATUS_RGB: dict[str, str] = {
    FieldStatus.auto_accepted.value: "46,125,50",
    FieldStatus.needs_review.value: "230,81,0",
    FieldStatus.reviewed.value: "21,101,192",
    FieldStatus.rejected.value: "198,40,40",
}
STATUS_HELP: dict[str, str] = {
    FieldStatus.auto_accepted.value: "accepted automatically",
    FieldStatus.needs_review.value: "waiting for a reviewer",
    FieldStatus.reviewed.value: "confirmed or corrected by a reviewer",
    FieldStatus.rejected.value: "rejected by a reviewer",
}
NO_TEXT_NOTE = "The document text was not given: the fields are listed below without their highlighted spans."
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
"""A Content-Security-Policy the page satisfies (servers may send it with the page)."""

_CSS = """
body{font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","WenQuanYi Micro Hei","Noto Sans CJK SC",
"Microsoft YaHei","PingFang SC",sans-serif;margin:0;color:#1f2328;background:#f6f8fa}
main{max-width:1320px;margin:0 auto;padding:16px 24px}
h1{font-size:20px;margin:0 0 4px}h2{font-size:16px;margin:0 0 8px}h3{font-size:13px;margin:8px 0 4px}
section,header{background:#fff;border:1px solid #d0d7de;border-radius:6px;padding:12px 16px;margin-bottom:12px}
.meta{display:flex;flex-wrap:wrap;gap:4px 18px;color:#57606a;font-size:13px}.meta b{color:#1f2328;font-weight:600}
.badge{display:inline-block;border-radius:10px;padding:0 8px;font-size:12px;color:#fff;background:rgb(var(--c))}
.note{background:#fff8c5;border:1px solid #d4a72c;border-radius:6px;padding:8px 12px;margin:8px 0}
.legend{display:flex;flex-wrap:wrap;gap:6px 18px;font-size:13px;align-items:center}
.doc{white-space:pre-wrap;word-break:break-word;font-size:15px;line-height:2.3;margin:0}
mark{background:rgba(var(--c),var(--a,.3));border-bottom:2px solid rgb(var(--c));color:inherit;border-radius:2px;
padding:1px 0 calc(1px + var(--l,0) * 4px)}
mark.st-rejected{text-decoration:line-through}
mark.low{border-bottom-style:dashed}
mark[data-label]::after{content:attr(data-label);font-size:10px;line-height:1;vertical-align:super;margin-left:2px;
padding:0 3px;border-radius:3px;background:rgb(var(--c));color:#fff;white-space:nowrap}
mark:target{outline:2px solid #0969da}
svg.page{display:block;width:100%;height:auto;border:1px solid #d0d7de;background:#fff}
svg.page rect.box{fill:rgba(var(--c),var(--a,.25));stroke:rgb(var(--c));vector-effect:non-scaling-stroke;stroke-width:2}
svg.page text{fill:rgb(var(--c));font-family:inherit}
.timebar{position:relative;background:#eaeef2;border-radius:4px;margin:4px 0 2px}
.timebar div{position:absolute;height:14px;background:rgba(var(--c),var(--a,.5));border:1px solid rgb(var(--c));
border-radius:3px;box-sizing:border-box;overflow:hidden;font-size:10px;line-height:12px;color:#fff;padding:0 2px}
.axis{display:flex;justify-content:space-between;font-size:12px;color:#57606a}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{border-bottom:1px solid #d8dee4;padding:4px 6px;text-align:left;vertical-align:top}
th{background:#f6f8fa;position:sticky;top:0}
td.num{text-align:right;font-variant-numeric:tabular-nums}
td code{white-space:pre-wrap;word-break:break-word;font-size:12px}td.name code{white-space:nowrap}
tr.st-rejected td.val{text-decoration:line-through}
tr:target{background:#ddf4ff}
.sw{display:inline-block;width:14px;height:14px;border-radius:3px;vertical-align:middle;
background:rgba(var(--c),.35);border-bottom:2px solid rgb(var(--c))}
""".replace("\n", "")


# --- small helpers --------------------------------------------------------------------


def _e(value: Any) -> str:
    """Escape any value for HTML text or a quoted attribute."""
    return escape(str(value), quote=True)


def display_value(value: Any) -> str:
    """A value as people read it: strings as is, everything else as compact JSON."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, default=str)


def _short_name(name: str) -> str:
    """The last part of a CDM path: ``imaging.lesions[2].suv_max`` → ``suv_max``, ``pathology.ihc[0]`` → ``ihc[0]``."""
    return name.rsplit(".", 1)[-1]


def _colour_vars(status: str, confidence: float | None = None) -> str:
    """Inline CSS variables: the status colour and a background strength from the confidence."""
    style = f"--c:{STATUS_RGB.get(status, '87,96,106')}"
    if confidence is not None:
        style += f";--a:{0.12 + 0.38 * max(0.0, min(1.0, confidence)):.2f}"
    return style


def _tooltip(index: int, field: Field) -> str:
    """The hover text of a field: name, value, normalised value, confidence, source, status and reason."""
    lines = [f"#{index} {field.name}", f"value: {display_value(field.value)}"]
    if field.normalized is not None and field.normalized != field.value:
        lines.append(f"normalized: {display_value(field.normalized)}")
    if field.unit:
        lines.append(f"unit: {field.unit}")
    if field.code:
        lines.append(f"code: {field.code.system} {field.code.code}")
    lines += [f"confidence: {field.confidence:.2f}" + (" (inferred)" if field.inferred else ""),
              f"source: {field.source.kind} {field.source.name} v{field.source.version}",
              f"status: {field.status.value}"]
    if field.review_reason:
        lines.append(f"review reason: {field.review_reason}")
    return "\n".join(lines)


def assign_lanes(intervals: Sequence[tuple[float, float]]) -> list[int]:
    """A lane per interval such that intervals sharing a lane do not overlap (greedy, by start)."""
    lanes = [0] * len(intervals)
    lane_end: list[float] = []
    for i in sorted(range(len(intervals)), key=lambda k: (intervals[k][0], -intervals[k][1])):
        start, end = intervals[i]
        free = next((n for n, e in enumerate(lane_end) if e <= start), None)
        if free is None:
            free = len(lane_end)
            lane_end.append(end)
        lane_end[free] = end
        lanes[i] = free
    return lanes


# --- the text with highlighted spans ----------------------------------------------------


@dataclass(frozen=True)
class _Span:
    field_index: int
    start: int
    end: int
    lane: int = 0


def text_spans(record: Record, text_length: int) -> list[_Span]:
    """Every non-empty text span of every field, clipped to the text, each with its display lane."""
    raw = [(i, p.start, min(p.end, text_length)) for i, f in enumerate(record.fields)
           for p in f.provenance if isinstance(p, TextSpan) and p.start < min(p.end, text_length)]
    lanes = assign_lanes([(s, e) for _, s, e in raw])
    return [_Span(i, s, e, lane) for (i, s, e), lane in zip(raw, lanes)]


def _mismatched_spans(record: Record, text: str) -> int:
    """How many spans carry a text that differs from the document at their offsets (a wrong source)."""
    return sum(1 for f in record.fields for p in f.provenance
               if isinstance(p, TextSpan) and p.text is not None and text[p.start:p.end] != p.text)


def _segments(spans: Sequence[_Span], text_length: int) -> Iterable[tuple[int, int, list[_Span]]]:
    """Split the text at every span boundary: (start, end, spans covering that piece), in one sweep."""
    starts: dict[int, list[_Span]] = defaultdict(list)
    for span in spans:
        starts[span.start].append(span)
    cuts = sorted({0, text_length, *(s.start for s in spans), *(s.end for s in spans)})
    active: list[_Span] = []
    for start, end in zip(cuts, cuts[1:]):
        active = [s for s in active if s.end > start] + starts.get(start, [])
        yield start, end, active


def _mark_open(span: _Span, field: Field, title: str, *, anchor: bool, label: bool) -> str:
    """The opening tag of one field's mark: status colour, confidence strength, lane, tooltip, optional anchor and label."""
    classes = f"st-{field.status.value}" + (" low" if field.confidence < 0.5 else "")
    style = f"{_colour_vars(field.status.value, field.confidence)};--l:{span.lane}"
    attrs = f'class="{classes}" style="{style}" title="{_e(title)}" data-field="{_e(field.name)}"'
    if anchor:
        attrs += f' id="m{span.field_index}"'
    if label:
        attrs += f' data-label="{_e(_short_name(field.name))}"'
    return f"<mark {attrs}>"


def _wrap_segment(piece: str, end: int, active: list[_Span], fields: Sequence[Field], anchored: set[int]) -> str:
    """One piece of text inside nested marks, the highest lane outermost so every underline stays visible.

    The innermost mark's tooltip lists every field covering the piece (browsers show the innermost title);
    a span's label goes on its last piece.
    """
    out = _e(piece)
    ordered = sorted(active, key=lambda s: (s.lane, -s.start))
    for depth, span in enumerate(ordered):
        field = fields[span.field_index]
        title = "\n\n".join(_tooltip(s.field_index, fields[s.field_index]) for s in ordered) if depth == 0 \
            else _tooltip(span.field_index, field)
        anchor = span.field_index not in anchored
        anchored.add(span.field_index)
        out = _mark_open(span, field, title, anchor=anchor, label=span.end == end) + out + "</mark>"
    return out


def render_text(record: Record, text: str) -> str:
    """The document text with every field's span highlighted (overlaps become nested marks)."""
    spans = text_spans(record, len(text))
    anchored: set[int] = set()
    parts = [_wrap_segment(text[start:end], end, active, record.fields, anchored) if active else _e(text[start:end])
             for start, end, active in _segments(spans, len(text))]
    return f'<pre class="doc" lang="{_e(record.document.language.value)}">{"".join(parts)}</pre>'


# --- boxes over the page image ----------------------------------------------------------------


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    """Width and height from a JPEG's first start-of-frame marker."""
    at = 2
    while at + 9 < len(data) and data[at] == 0xFF:
        marker, length = data[at + 1], struct.unpack(">H", data[at + 2:at + 4])[0]
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", data[at + 5:at + 9])
            return width, height
        at += 2 + length
    return None


def _sniff_image(data: bytes) -> tuple[str, tuple[int, int] | None] | None:
    """(MIME type, size or None) of an image a browser shows; None for other formats (TIFF, PDF ...)."""
    if data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) >= 24:
        return "image/png", struct.unpack(">II", data[16:24])
    if data.startswith(b"\xff\xd8"):
        return "image/jpeg", _jpeg_size(data)
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif", struct.unpack("<HH", data[6:10])
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp", None
    return None


def _as_png(data: bytes) -> bytes | None:
    """Another raster format (TIFF, BMP ...) converted to PNG with Pillow, when Pillow is installed."""
    try:
        import io

        from PIL import Image
        with Image.open(io.BytesIO(data)) as img:
            out = io.BytesIO()
            img.convert("RGB").save(out, format="PNG")
            return out.getvalue()
    except Exception:  # noqa: BLE001 - Pillow missing or not an image: the boxes are drawn without it
        return None


@dataclass(frozen=True)
class PageImage:
    """An image ready to embed: its ``data:`` URI and pixel size (None when unknown)."""

    uri: str
    size: tuple[int, int] | None


def page_image(data: bytes) -> PageImage | None:
    """The image as a ``data:`` URI a browser shows (other formats converted when Pillow can); None if impossible."""
    sniffed = _sniff_image(data)
    if sniffed is None and (converted := _as_png(data)) is not None:
        data, sniffed = converted, _sniff_image(converted)
    if sniffed is None:
        return None
    mime, size = sniffed
    return PageImage(f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}", size)


@dataclass(frozen=True)
class _Box:
    field_index: int
    page: int
    bbox: tuple[float, float, float, float]


def image_boxes(record: Record) -> list[_Box]:
    """Every image box and table cell with a bounding box, of every field."""
    return [_Box(i, p.page, p.bbox) for i, f in enumerate(record.fields) for p in f.provenance
            if isinstance(p, (ImageBox, TableCell)) and p.bbox is not None]


def _canvas_size(boxes: Sequence[_Box], image: PageImage | None) -> tuple[float, float]:
    """The drawing's size: the image's, or the extent of the boxes plus a margin."""
    if image is not None and image.size:
        return float(image.size[0]), float(image.size[1])
    return (max(b.bbox[2] for b in boxes) + 20.0, max(b.bbox[3] for b in boxes) + 20.0)


def _svg_box(box: _Box, field: Field, with_value: bool) -> str:
    """One field's box with its tooltip, and its value written inside when there is no image to read it from."""
    x0, y0, x1, y1 = box.bbox
    w, h = max(x1 - x0, 1.0), max(y1 - y0, 1.0)
    rect = (f'<rect class="box" x="{x0:.1f}" y="{y0:.1f}" width="{w:.1f}" height="{h:.1f}" '
            f'style="{_colour_vars(field.status.value, field.confidence)}" data-field="{_e(field.name)}">'
            f"<title>{_e(_tooltip(box.field_index, field))}</title></rect>")
    if not with_value:
        return rect
    size = max(min(h * 0.6, 28.0), 6.0)
    label = (f'<text x="{x0 + 3:.1f}" y="{y0 + h / 2 + size / 3:.1f}" font-size="{size:.1f}" '
             f'style="--c:{STATUS_RGB.get(field.status.value)}">{_e(display_value(field.value))}</text>')
    return rect + label


def _page_svg(page: int, boxes: Sequence[_Box], fields: Sequence[Field], image: PageImage | None) -> str:
    """One page: its image (when given) under its boxes, or the boxes with their values on an empty canvas."""
    width, height = _canvas_size(boxes, image)
    under = f'<image href="{image.uri}" x="0" y="0" width="{width:.0f}" height="{height:.0f}"/>' if image else ""
    drawn = "".join(_svg_box(b, fields[b.field_index], with_value=image is None) for b in boxes)
    return (f'<h3>page {page}</h3><svg class="page" viewBox="0 0 {width:.0f} {height:.0f}" '
            f'style="max-width:{width:.0f}px" role="img" aria-label="page {page}">{under}{drawn}</svg>')


def render_boxes(record: Record, image: bytes | None) -> str:
    """One SVG per page: the page image (page 0, when given) with every field's box drawn over it."""
    boxes = image_boxes(record)
    if not boxes:
        return ""
    shown = page_image(image) if image else None
    note = "" if image is None or shown is not None else \
        '<p class="note">The image format cannot be shown in a browser: the boxes are drawn on an empty page.</p>'
    pages: dict[int, list[_Box]] = defaultdict(list)
    for box in boxes:
        pages[box.page].append(box)
    svgs = "".join(_page_svg(page, on_page, record.fields, shown if page == 0 else None)
                   for page, on_page in sorted(pages.items()))
    title = "Page image" if shown else "Page layout (boxes only: no image given)"
    return f'<section id="image"><h2>{title}</h2>{note}{svgs}</section>'


# --- video time bar ---------------------------------------------------------------------------


def _clock(seconds: float) -> str:
    minutes, secs = divmod(seconds, 60)
    return f"{int(minutes)}:{secs:04.1f}"


def render_time_bar(record: Record) -> str:
    """Video-time provenance as segments on a time bar (overlapping segments on separate lanes)."""
    items = [(i, p) for i, f in enumerate(record.fields) for p in f.provenance if isinstance(p, VideoTime)]
    if not items:
        return ""
    video = record.procedure_video
    duration = max([p.t_end for _, p in items] + [video.duration_s if video and video.duration_s else 0.0]) or 1.0
    lanes = assign_lanes([(p.t_start, p.t_end) for _, p in items])
    segments = []
    for (i, p), lane in zip(items, lanes):
        field = record.fields[i]
        left, width = 100 * p.t_start / duration, max(100 * (p.t_end - p.t_start) / duration, 0.4)
        style = f"{_colour_vars(field.status.value, field.confidence)};left:{left:.3f}%;width:{width:.3f}%;top:{2 + 18 * lane}px"
        tip = f"{_tooltip(i, field)}\ntime: {_clock(p.t_start)}–{_clock(p.t_end)}"
        segments.append(f'<div style="{style}" title="{_e(tip)}" data-field="{_e(field.name)}">'
                        f"{_e(display_value(field.value) or _short_name(field.name))}</div>")
    bar = f'<div class="timebar" style="height:{4 + 18 * (max(lanes) + 1)}px">{"".join(segments)}</div>'
    axis = f'<div class="axis"><span>0:00.0</span><span>{_clock(duration)}</span></div>'
    return f'<section id="video"><h2>Video timeline</h2>{bar}{axis}</section>'


# --- tables, header, legend --------------------------------------------------------------------


def _where(field: Field) -> str:
    """Where a field's evidence is, in a few characters per provenance entry."""
    parts = []
    for p in field.provenance:
        if isinstance(p, TextSpan):
            parts.append(f"chars {p.start}–{p.end}" + (f" ({p.section})" if p.section else ""))
        elif isinstance(p, TableCell):
            parts.append(f"page {p.page} table {p.table} row {p.row} col {p.col}")
        elif isinstance(p, ImageBox):
            parts.append(f"page {p.page} box")
        elif isinstance(p, VideoTime):
            parts.append(f"{_clock(p.t_start)}–{_clock(p.t_end)}")
    return "; ".join(parts)


def _badge(status: str, text: str | None = None) -> str:
    return f'<span class="badge" style="--c:{STATUS_RGB.get(status, "87,96,106")}">{_e(text or status)}</span>'


def _field_row(index: int, field: Field, linked: bool) -> str:
    """One row of the fields table; the number links to the field's first mark in the text."""
    number = f'<a href="#m{index}">{index}</a>' if linked else str(index)
    normalized = display_value(field.normalized) if field.normalized != field.value else ""
    extra = " ".join(x for x in (field.unit or "", f"{field.code.system} {field.code.code}" if field.code else "") if x)
    cells = [f'<td class="num">{number}</td>', f'<td class="name"><code>{_e(field.name)}</code></td>',
             f'<td class="val">{_e(display_value(field.value))}</td>',
             f"<td><code>{_e(normalized)}</code>{'<br>' + _e(extra) if extra else ''}</td>",
             f"<td>{_badge(field.status.value)}</td>",
             f'<td class="num">{field.confidence:.2f}{" (inferred)" if field.inferred else ""}</td>',
             f"<td>{_e(field.source.kind)}: {_e(field.source.name)}</td>", f"<td>{_e(_where(field))}</td>",
             f"<td>{_e(field.review_reason or '')}</td>"]
    return f'<tr id="f{index}" class="st-{field.status.value}">{"".join(cells)}</tr>'


def render_fields_table(record: Record, linked: set[int]) -> str:
    """Every field: number, name, value, normalised value, status, confidence, source, evidence, reason."""
    if not record.fields:
        return '<section id="fields"><h2>Fields</h2><p>No fields were extracted.</p></section>'
    head = "".join(f"<th>{h}</th>" for h in
                   ("#", "field", "value", "normalized", "status", "confidence", "source", "evidence", "review reason"))
    rows = "".join(_field_row(i, f, i in linked) for i, f in enumerate(record.fields))
    return (f'<section id="fields"><h2>Fields ({len(record.fields)})</h2>'
            f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></section>")


def render_issues(record: Record) -> str:
    """The record's issues: severity, code, message and the fields concerned."""
    if not record.issues:
        return '<section id="issues"><h2>Issues</h2><p>None.</p></section>'
    rows = "".join(f"<tr><td>{_e(i.severity)}</td><td><code>{_e(i.code)}</code></td><td>{_e(i.message)}</td>"
                   f"<td><code>{_e(', '.join(i.fields))}</code></td></tr>" for i in record.issues)
    return (f'<section id="issues"><h2>Issues ({len(record.issues)})</h2><table><thead><tr><th>severity</th>'
            f"<th>code</th><th>message</th><th>fields</th></tr></thead><tbody>{rows}</tbody></table></section>")


def status_counts(record: Record) -> dict[str, int]:
    """How many fields have each review status (every status listed, zeros included)."""
    counts = Counter(f.status.value for f in record.fields)
    return {s.value: counts.get(s.value, 0) for s in FieldStatus}


def render_header(record: Record) -> str:
    """Document id, type, language, source, engine and model versions, and field counts by status."""
    doc = record.document
    meta = {"type": doc.doc_type.value + ("" if doc.doc_type_detected else " (from metadata)"),
            "language": doc.language.value, "source": doc.source_name or "", "sha256": doc.source_sha256[:12],
            "encoding": doc.encoding or "", "characters": str(doc.char_count or ""),
            "patient": doc.patient_id or "", "engine": doc.engine_version, "schema": record.schema_version,
            **{f"model {k}": v for k, v in sorted(doc.model_versions.items())}}
    items = "".join(f"<span>{_e(k)} <b>{_e(v)}</b></span>" for k, v in meta.items() if v)
    counts = " ".join(_badge(s, f"{s} {n}") for s, n in status_counts(record).items())
    return (f"<header><h1>{_e(doc.doc_id)}</h1><div class=\"meta\">{items}</div>"
            f"<p>{len(record.fields)} fields: {counts} · {len(record.issues)} issues · "
            f"{len(record.entities)} entities</p></header>")


def render_legend() -> str:
    """What the colours, strengths and line styles mean."""
    swatches = "".join(f'<span><span class="sw" style="--c:{rgb}"></span> <b>{s}</b> {STATUS_HELP[s]}</span>'
                       for s, rgb in STATUS_RGB.items())
    hints = ("background strength = confidence; dashed underline = confidence below 0.5; struck through = rejected; "
             "stacked underlines = overlapping fields; hover a highlight or box for its details")
    return f'<section class="legend" id="legend">{swatches}<span>{_e(hints)}</span></section>'


# --- the page -------------------------------------------------------------------------------


def _notes(record: Record, text: str | None, note: str | None) -> list[str]:
    """What the reader should know about what is missing or suspicious."""
    has_spans = any(isinstance(p, TextSpan) for f in record.fields for p in f.provenance)
    notes = [note] if note else []
    if text is None and has_spans and not note:
        notes.append(NO_TEXT_NOTE)
    if text is not None and (bad := _mismatched_spans(record, text)):
        notes.append(f"{bad} span(s) do not match the text at their offsets: this may not be the record's source text.")
    return notes


def render_record_html(record: Record, text: str | None = None, image: bytes | None = None, *,
                       note: str | None = None) -> str:
    """One self-contained HTML page showing what was extracted from a document.

    ``text`` is the decoded document text the record's offsets point into; ``image`` the page
    image of a lab report; ``note`` a sentence shown at the top (e.g. why the text is missing).
    """
    linked = {s.field_index for s in text_spans(record, len(text))} if text is not None else set()
    body = [render_header(record), render_legend(),
            "".join(f'<p class="note">{_e(n)}</p>' for n in _notes(record, text, note))]
    if text is not None:
        body.append(f'<section id="text"><h2>Text</h2>{render_text(record, text)}</section>')
    body += [render_boxes(record, image), render_time_bar(record), render_fields_table(record, linked),
             render_issues(record)]
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
            '<meta name="viewport" content="width=device-width,initial-scale=1">'
            f"<title>{_e('oncostruct · ' + record.document.doc_id)}</title><style>{_CSS}</style></head>"
            f"<body><main>{''.join(body)}</main></body></html>\n")
