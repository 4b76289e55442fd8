"""Lymph-node stations written in Chinese prose, with examined counts and a verdict per group.

``淋巴结：第5组淋巴结1枚、第7组淋巴结2枚，均未见癌转移；第10组淋巴结3枚，其中1枚见癌转移`` gives stations
第5组 0/1, 第7组 0/2 and 第10组 1/3. Items (a station name, 淋巴结, a count with 枚/个) are read clause by clause
(a clause ends at ；/。); the verdict after an item (``均未见…转移``, ``其中N枚见…转移``, ``其中<station>淋巴结N枚见…转移``,
``见…转移`` for a single node) settles every item since the last verdict. Items left without a verdict are dropped;
a verdict that cannot be shared out (``A淋巴结3枚、B淋巴结2枚，其中1枚见转移``) drops its items too.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from oncostruct.engine.cdm import Field, Source
from oncostruct.extractors.text.pathology_columns import EXAMINED_HEADERS, KEY_HEADERS, POSITIVE_HEADERS, column_tables, pick
from oncostruct.extractors.text.pathology_common import Ctx
from oncostruct.extractors.text.pathology_parse import parse_count

_NUM = r"(?:\d{1,3}|[一二两三四五六七八九十]{1,3})"
_NAME_STOP = r"(?!淋巴结|其中|另|共|合计|总计|检出|找到|送检|未见|均|见|及|和|分别)"
_ITEM = re.compile(
    r"(?:(?<=[:：,，、;；。\s(（])|^)(?:及|和)?"
    r"(?P<station>第\s{0,2}\d{1,2}[LRlrab]?\s{0,2}组|" + _NAME_STOP + r"(?:(?!淋巴结|检出|找到|送检|清扫|取材)[\u4e00-\u9fa5]){2,8})"
    r"(?:[(（][^()（）\n]{1,6}[)）])?淋巴结[)）]?\s{0,2}(?P<exam>" + _NUM + r")\s{0,2}[枚个]"
)
_CLAUSE_END = re.compile(r"[;；。]")
_WHERE = re.compile(r"其中(?P<name>(?:(?!淋巴结)[\u4e00-\u9fa5]){2,8}?)?(?:淋巴结)?(?P<n>" + _NUM + r")[枚个](?:淋巴结)?"
                    r"(?P<neg>未见|未|无)?(?:见|有|可见)?[^;；。]{0,12}?转移")
_NONE = re.compile(r"(?:均|全部|皆)?(?:未见|未查见|无|未)[^;；。]{0,8}?转移")
_ALL = re.compile(r"(?:均|全部|皆)(?:见|有|可见)[^;；。]{0,8}?转移")
_SOME = re.compile(r"(?:见|有|可见)[^;；。]{0,8}?转移")
_SOURCE = Source(kind="rule", name="lymph_nodes:ln.station_prose_zh", version="1")
_RELIABILITY = 0.9


@dataclass
class Item:
    station: str
    examined: int
    start: int
    end: int
    positive: int | None = None


def prose_items(text: str) -> list[Item]:
    """Station items of ``text`` with a settled positive count, in text order."""
    out: list[Item] = []
    pending: list[Item] = []
    matches = list(_ITEM.finditer(text))
    for i, m in enumerate(matches):
        exam = parse_count(m.group("exam"))
        if exam is None or exam == 0:
            pending = []
            continue
        station = re.sub(r"\s+", "", m.group("station"))
        pending.append(Item(station, exam, m.start("station"), m.end()))
        nxt = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        gap = text[m.end():nxt]
        cut = _CLAUSE_END.search(gap)
        verdict_text = re.sub(r"\s+", "", gap[:cut.start()] if cut else gap)
        if _settle(pending, verdict_text):
            out += [p for p in pending if p.positive is not None and p.positive <= p.examined]
            pending = []
        elif cut:
            pending = []
    return out


def _settle(pending: list[Item], gap: str) -> bool:
    """Apply the verdict in ``gap`` to the pending items; False when there is none."""
    w = _WHERE.search(gap)
    if w:
        n = parse_count(w.group("n")) or 0
        n = 0 if w.group("neg") else n
        name = w.group("name")
        target = next((p for p in pending if name and p.station == name), None)
        if target is None and len(pending) == 1:
            target = pending[0]
        if target is None:
            pending.clear()
            return True
        for p in pending:
            p.positive = n if p is target else 0
        return True
    if _NONE.search(gap):
        for p in pending:
            p.positive = 0
        return True
    if _ALL.search(gap):
        for p in pending:
            p.positive = p.examined
        return True
    if _SOME.search(gap):
        if len(pending) == 1 and pending[0].examined == 1:
            pending[0].positive = 1
        else:
            pending.clear()
        return True
    return False


def prose_stations(ctx: Ctx) -> tuple[list[Field], list[tuple[int, int]]]:
    """pathology.ln_stations fields (unindexed) from prose lists of two or more stations, and the items' spans."""
    items = prose_items(ctx.norm)
    if len(items) < 2:
        return [], []
    fields = [Field(name="pathology.ln_stations", value=ctx.text[it.start:it.end],
                    normalized={"station": it.station, "positive": it.positive, "examined": it.examined},
                    confidence=_RELIABILITY, provenance=[ctx.span(it.start, it.end)], source=_SOURCE,
                    attributes={"derived": "prose_station"})
              for it in items]
    return fields, [(it.start, it.end) for it in items]


_TOTAL_ROW = re.compile(r"^(?:合计|总计|共计|总数|合共)$")


def column_stations(ctx: Ctx) -> list[Field]:
    """pathology.ln_stations (unindexed) from a column-major table: a station column with examined and positive
    columns (:mod:`extractors.text.pathology_columns`); a 合计 row is left to the station sums."""
    out: list[Field] = []
    for table in column_tables(ctx.norm):
        keys, exam, pos = pick(table, KEY_HEADERS), pick(table, EXAMINED_HEADERS), pick(table, POSITIVE_HEADERS)
        if not (keys and exam and pos):
            continue
        for k, e, p in zip(keys, exam, pos):
            ne, np_ = parse_count(e[0]), parse_count(p[0])
            if _TOTAL_ROW.match(k[0]) or ne is None or np_ is None or np_ > ne or not re.search(r"[\u4e00-\u9fa5]", k[0]):
                continue
            name = re.sub(r"淋巴结$", "", k[0])
            out.append(Field(name="pathology.ln_stations", value=ctx.text[k[1]:k[2]],
                             normalized={"station": name, "positive": np_, "examined": ne}, confidence=_RELIABILITY,
                             provenance=[ctx.span(k[1], k[2]), ctx.span(e[1], e[2]), ctx.span(p[1], p[2])],
                             source=Source(kind="rule", name="lymph_nodes:ln.station_column_table", version="1"),
                             attributes={"derived": "column_table"}))
    return out if len(out) >= 2 else []
