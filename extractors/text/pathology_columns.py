"""Tables exported one cell per line, column by column (a header cell, then its values, then the next header).

    部位 ⏎ 左盆腔 ⏎ 右盆腔 ⏎ 检出数 ⏎ 8 ⏎ 7 ⏎ 转移数 ⏎ 0 ⏎ 0         抗体 ⏎ ER ⏎ Ki-67 ⏎ 结果 ⏎ +（约90%） ⏎ +（约20%）

A block of consecutive non-empty lines is read as such a table when two or more of its lines are known header
cells and every header is followed by the same number of values.
"""
from __future__ import annotations

import re

Cell = tuple[str, int, int]  # (text, start, end) in the matched text

KEY_HEADERS = {"部位", "组别", "淋巴结组别", "淋巴结", "抗体", "标记物", "标志物", "项目", "指标", "名称"}
EXAMINED_HEADERS = {"检出数", "送检数", "淋巴结数", "总数", "检出"}
POSITIVE_HEADERS = {"转移数", "阳性数", "转移"}
RESULT_HEADERS = {"结果", "表达", "染色结果"}
_HEADERS = KEY_HEADERS | EXAMINED_HEADERS | POSITIVE_HEADERS | RESULT_HEADERS
_MAX_CELL = 24


def column_tables(text: str) -> list[dict[str, list[Cell]]]:
    """Every column-major table of ``text`` as {header: [cells in row order]}."""
    out = []
    for block in _blocks(text):
        heads = [i for i, c in enumerate(block) if c[0] in _HEADERS]
        while len(heads) > 2 and heads[1] == heads[0] + 1:  # a title that is also a header word (淋巴结 ⏎ 组别 ⏎ …)
            heads.pop(0)
        if len(heads) < 2:
            continue
        bounds = heads + [len(block)]
        sizes = {bounds[k + 1] - bounds[k] - 1 for k in range(len(heads))}
        if len(sizes) != 1 or sizes == {0}:
            continue
        out.append({block[h][0]: block[h + 1:bounds[k + 1]] for k, h in enumerate(heads)})
    return out


def _blocks(text: str) -> list[list[Cell]]:
    blocks: list[list[Cell]] = []
    cur: list[Cell] = []
    for m in re.finditer(r"(?m)^[^\n]*+", text):
        line = m.group(0)
        s = line.strip()
        if not s or len(s) > _MAX_CELL:
            if len(cur) >= 4:
                blocks.append(cur)
            cur = []
            continue
        off = line.index(s)
        cur.append((s, m.start() + off, m.start() + off + len(s)))
    if len(cur) >= 4:
        blocks.append(cur)
    return blocks


def pick(table: dict[str, list[Cell]], names: set[str]) -> list[Cell] | None:
    return next((table[h] for h in table if h in names), None)
