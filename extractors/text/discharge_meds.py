"""Drug orders and tumour-marker results: a lexicon hit plus what is written right after it.

A drug mention (``奥希替尼片 80mg 口服 每日一次``) takes its dose, frequency, route and day
schedule from the text up to the next drug, the end of the clause or ``DRUG_WINDOW``
characters. A tumour marker only counts when a number follows it (``CEA 12.5 ng/ml``), so
IHC notes such as ``CEA(+++)`` are not serum results.
"""
from __future__ import annotations

import re
from typing import Any

from oncostruct.engine.cdm import Field
from oncostruct.extractors.terminology import canonical_unit
from oncostruct.extractors.base import field_from_match, lexicon_code, span
from oncostruct.extractors.rules.loader import LexiconMatch, RuleMatch, load_lexicon, load_pack
from oncostruct.extractors.text.discharge_sections import Section, section_at
from oncostruct.extractors.values import to_halfwidth

DRUG_WINDOW = 40
MARKER_WINDOW = 30
ROUTE_LOOKBACK = 6
_CLAUSE_END = re.compile(r"[。；;\n]")
_SAME_DRUG_GAP = re.compile(r"^[\u4e00-\u9fff]{0,4}\s*[（(]\s*$")
_CLOSE_PAREN = re.compile(r"^\s*[)）]")
_NO_UNIT_CONFIDENCE = 0.8


def _lang(lang: str | None) -> str | None:
    return lang if lang in ("zh", "en") else None


def _glued_to_digits(m: LexiconMatch, text: str) -> bool:
    """True for a code-like term running into more digits (``S-1`` inside ``S-100``)."""
    after = text[m.end:m.end + 1]
    before = text[m.start - 1:m.start] if m.start else ""
    return (m.text[-1].isdigit() and after.isdigit()) or (m.text[0].isdigit() and before.isdigit())


def _merge_brand_repeats(matches: list[LexiconMatch], text: str) -> list[tuple[LexiconMatch, int]]:
    """Drop a brand name written in brackets after its generic (``奥沙利铂（齐沙）``); return (match, end)."""
    out: list[tuple[LexiconMatch, int]] = []
    for m in matches:
        if out:
            prev, prev_end = out[-1]
            gap = text[prev_end:m.start]
            if prev.entry is m.entry and _SAME_DRUG_GAP.match(gap):
                close = _CLOSE_PAREN.match(text, m.end)
                out[-1] = (prev, close.end() if close else m.end)
                continue
        out.append((m, m.end))
    return out


def _window_end(text: str, start: int, limit: int) -> int:
    clause = _CLAUSE_END.search(text, start, limit)
    return clause.start() if clause else limit


def _dosing(tail: str, lang: str | None) -> tuple[dict[str, Any], int]:
    """Dose, frequency, route and schedule found in ``tail``, and the end of the last one used."""
    found: dict[str, RuleMatch] = {}
    for m in load_pack("discharge_dosing").find(tail, _lang(lang)):
        found.setdefault(m.label, m)
    dose, freq, route, sched = (found.get(k) for k in ("dose", "frequency", "route", "schedule"))
    values: dict[str, Any] = {
        "dose": float(dose.groups["dose"]) if dose else None,
        "dose_unit": (canonical_unit(dose.groups["unit"]) or dose.groups["unit"]) if dose else None,
        "frequency": freq.rule_id.split(".", 1)[1] if freq else None,
        "route": route.rule_id.split(".", 1)[1] if route else None,
        "schedule": sched.text if sched else None,
    }
    return values, max((m.end for m in found.values()), default=0)


def _route_before(text: str, start: int, lang: str | None) -> str | None:
    """A route written directly before the drug name (``口服二甲双胍``)."""
    before = text[max(0, start - ROUTE_LOOKBACK):start]
    hits = load_pack("discharge_dosing").find(before, _lang(lang), ["route"])
    last = hits[-1] if hits else None
    return last.rule_id.split(".", 1)[1] if last and not before[last.end:].strip() else None


def drug_fields(text: str, lang: str | None, sections: list[Section]) -> list[Field]:
    """``discharge.drugs[i]`` fields in text order."""
    lex = load_lexicon("drugs")
    hits = [m for m in lex.find(text, _lang(lang)) if not _glued_to_digits(m, text)]
    mentions = _merge_brand_repeats(hits, text)
    out: list[Field] = []
    for i, (m, name_end) in enumerate(mentions):
        limit = mentions[i + 1][0].start if i + 1 < len(mentions) else len(text)
        end = _window_end(text, name_end, min(limit, name_end + DRUG_WINDOW))
        values, used = _dosing(to_halfwidth(text[name_end:end]), lang)
        values["route"] = values["route"] or _route_before(text, m.start, lang)
        stop = name_end + used if used else name_end
        sec = section_at(sections, m.start)
        normalized = {"name": m.entry.canonical, **{k: values[k] for k in ("dose", "dose_unit", "frequency", "route")}}
        attributes = {k: v for k, v in {"schedule": values["schedule"], "section": sec.kind if sec else None,
                                        "category": m.entry.category}.items() if v is not None}
        out.append(_item_field(f"discharge.drugs[{len(out)}]", m, text, stop, normalized, "ATC", attributes,
                               sec.kind if sec else None))
    return out


def marker_fields(text: str, lang: str | None, sections: list[Section]) -> list[Field]:
    """``discharge.tumor_markers[i]`` fields (marker name followed by a number) in text order."""
    lex = load_lexicon("tumor_markers")
    value_rule = load_pack("discharge")
    out: list[Field] = []
    consumed = -1
    for m in lex.find(text, _lang(lang)):
        if m.start < consumed:
            continue
        end = _window_end(text, m.end, min(len(text), m.end + MARKER_WINDOW))
        hits = [h for h in value_rule.find(to_halfwidth(text[m.end:end]), _lang(lang), ["marker_value"]) if h.start == 0]
        if not hits:
            continue
        g = hits[0].groups
        unit = canonical_unit(g["unit"]) or g["unit"] if g.get("unit") else None
        stop = m.end + hits[0].end
        consumed = stop
        sec = section_at(sections, m.start)
        attributes = {k: v for k, v in {"comparator": g.get("cmp"), "section": sec.kind if sec else None}.items() if v}
        f = _item_field(f"discharge.tumor_markers[{len(out)}]", m, text, stop,
                        {"name": m.entry.canonical, "value": float(g["value"]), "unit": unit}, "LOINC", attributes,
                        sec.kind if sec else None)
        update: dict[str, Any] = {"unit": unit}
        if unit is None:
            update["confidence"] = min(f.confidence, _NO_UNIT_CONFIDENCE)
        out.append(f.model_copy(update=update))
    return out


def _item_field(name: str, m: LexiconMatch, text: str, stop: int, normalized: dict[str, Any], system: str,
                attributes: dict[str, Any], section: str | None) -> Field:
    """A field whose provenance runs from the lexicon hit to the last token read after it."""
    stop = max(stop, m.end)
    written = text[m.start:stop].rstrip()
    f = field_from_match(name, m, value=written, normalized=normalized, code=lexicon_code(m, system),
                         attributes=attributes)
    return f.model_copy(update={"provenance": [span(m.start, m.start + len(written), written, section)]})
