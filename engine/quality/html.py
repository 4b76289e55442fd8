"""quality.html: one self-contained page (figures as base64 PNG, no external assets)."""
from __future__ import annotations

import base64
import io
from html import escape
from typing import Any

from oncostruct.engine.quality.checks import DIMENSIONS

_COLOURS = {"passed": "#2e7d32", "failed": "#c62828", "not_applicable": "#9e9e9e", "error": "#6a1b9a"}
_CSS = """body{font-family:system-ui,sans-serif;margin:2em;max-width:1100px}table{border-collapse:collapse;width:100%}
td,th{border:1px solid #ccc;padding:4px 8px;font-size:14px;text-align:left}th{background:#f3f3f3}
.s{color:#fff;padding:1px 6px;border-radius:3px}img{max-width:100%}.note{background:#fff3cd;padding:.5em}"""


def figure_png(dimension: str, checks: list[dict[str, Any]]) -> bytes | None:
    """A bar per check: its violating share against its threshold, coloured by status (None without matplotlib)."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return None
    fig, ax = plt.subplots(figsize=(7.5, 0.55 * max(len(checks), 1) + 1.2), dpi=100)
    names = [c["name"] for c in checks]
    values = [c["violation_pct"] or 0.0 for c in checks]
    ax.barh(names, values, color=[_COLOURS[c["status"]] for c in checks])
    for i, c in enumerate(checks):
        ax.plot([c["threshold"]] * 2, [i - 0.4, i + 0.4], color="black", linewidth=2)
        label = "n/a (nothing to check)" if c["status"] == "not_applicable" else (
            f"{c['violations']}/{c['denominator']} ({c['violation_pct']}%) {c['status']}" if c["status"] != "error"
            else "error")
        ax.text(max(values + [1.0]) * 0.02 + values[i], i, label, va="center", fontsize=8)
    ax.set_xlabel("% of units violating (black mark: threshold)")
    ax.set_title(dimension)
    ax.invert_yaxis()
    ax.set_xlim(0, max(values + [c["threshold"] for c in checks] + [1.0]) * 1.6)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    plt.close(fig)
    return buf.getvalue()


def render_quality_html(report: dict[str, Any]) -> str:
    parts = [f"<!doctype html><html><head><meta charset='utf-8'><title>Data quality</title><style>{_CSS}</style>"
             "</head><body><h1>Data-quality report</h1>",
             f"<p>{report['records']} records, {report['patients']} patients; batch date {escape(report['as_of'])}; "
             f"pass rate over applicable checks: {report['pass_rate_applicable']}</p>"]
    missing_plot = False
    for dim in DIMENSIONS:
        d = report["dimensions"][dim]
        summary = ", ".join(f"{v} {k}" for k, v in d["summary"].items() if v)
        parts.append(f"<h2>{escape(dim)}</h2><p>{escape(summary or 'no checks')}</p>")
        png = figure_png(dim, d["checks"]) if d["checks"] else None
        if png is not None:
            parts.append(f"<img alt='{escape(dim)}' src='data:image/png;base64,{base64.b64encode(png).decode()}'>")
        elif d["checks"]:
            missing_plot = True
        parts.append("<table><tr><th>check</th><th>Kahn category</th><th>status</th><th>violations / denominator"
                     "</th><th>threshold</th><th>counts</th><th>worst records</th></tr>")
        for c in d["checks"]:
            worst = ", ".join(f"{w['doc_id']} ({w['violations']})" for w in c["worst_records"])
            pct = "" if c["violation_pct"] is None else f" ({c['violation_pct']}%)"
            parts.append(
                f"<tr><td>{escape(c['name'])}</td><td>{escape(c['kahn'])}</td><td><span class='s' style='background:"
                f"{_COLOURS[c['status']]}'>{c['status']}</span></td><td>{c['violations']} / {c['denominator']}{pct}"
                f"</td><td>{c['threshold']}%</td><td>{escape(c['counts'])}</td>"
                f"<td>{escape(worst or (c['error'] or ''))}</td></tr>")
        parts.append("</table>")
    if missing_plot:
        parts.insert(2, "<p class='note'>Figures need matplotlib: pip install 'oncostruct[quality]'</p>")
    parts.append("</body></html>")
    return "\n".join(parts)
