"""Tables from token geometry: header rows, side-by-side blocks, column bands and rows.

A header row is a line of tokens made (mostly) of column-header words (``lab_headers``
lexicon, category ``column``). A header naming a role twice holds two or more table blocks
side by side; each block gets column bands whose edges lie midway between neighbouring
header words. Tokens under a header, down to the next header, a footer line or a large
vertical gap, are grouped into rows by their deskewed y. Without any header the page is one
block without bands, and roles come from content alone (see ``lab_rows``).
"""
from __future__ import annotations

import math
import re
import statistics
from dataclasses import dataclass, field

from oncostruct.extractors.ocr.band_fit import fitted_bands
from oncostruct.extractors.ocr.baselines import chain_lines
from oncostruct.extractors.ocr.cells import _headers, clean, labels
from oncostruct.extractors.ocr.lean import lean_slope, upright_x
from oncostruct.extractors.script import to_simplified
from oncostruct.extractors.ocr.tokens import Token, sub_token
from oncostruct.extractors.ocr.wrapped_names import join_wrapped_names
from oncostruct.extractors.ocr.wrapped_ranges import join_dashless


@dataclass
class Column:
    role: str
    x0: float
    x1: float
    header: str | None = None
    unit: str | None = None  # a unit printed in the header word (结果(mmol/L)): the unit of every row below

    @property
    def xc(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass
class Block:
    columns: list[Column]
    x0: float
    x1: float
    bands: list[tuple[float, float]] = field(default_factory=list)
    y0: float | None = None  # first y under this block's own header words (a curled header bends across blocks)
    y1: float | None = None  # where this block ends, when blocks side by side end apart (two pages in one photo)

    def band_of(self, x: float) -> int | None:
        for i, (a, b) in enumerate(self.bands):
            if a <= x < b:
                return i
        return None


@dataclass
class Row:
    table: int
    block: int
    tokens: list[tuple[Token, int | None]]  # token, column index (None: no header column)
    y: float
    second: int | None = None  # index in ``tokens`` where a record's second printed line begins (receipts)


@dataclass
class Table:
    blocks: list[Block]
    y0: float  # first y under the header
    y1: float  # end of the table region
    header: list[Token] = field(default_factory=list)
    stacked: bool = False  # a header over two lines: each record is printed over two lines (see ``record_rows``)


def median_height(tokens: list[Token]) -> float:
    hs = [t.h for t in tokens if t.h > 0]
    return statistics.median(hs) if hs else 10.0


def y_clusters(tokens: list[Token], tol: float) -> list[list[Token]]:
    """Tokens grouped into lines by their centre y (a token joins a line within ``tol`` of its mean)."""
    lines: list[list[Token]] = []
    means: list[float] = []
    for t in sorted(tokens, key=lambda t: t.yc):
        if lines and abs(t.yc - means[-1]) <= tol:
            lines[-1].append(t)
            means[-1] = sum(x.yc for x in lines[-1]) / len(lines[-1])
        else:
            lines.append([t])
            means.append(t.yc)
    return [sorted(line, key=lambda t: t.x0) for line in lines]


def header_columns(line: list[Token]) -> tuple[list[Column], float]:
    """Column-header words found in one line of tokens, and the share of its characters they cover."""
    lex = _headers()
    chars: list[tuple[int, int]] = []  # (token index, char index) for each char of the joined string
    joined = ""
    seps = 0
    units: dict[int, str] = {}
    for ti, t in enumerate(line):
        text = clean(t.text)
        if (u := _HEADER_UNIT.match(text)) and "unit" in labels(u.group("unit")) and (u.group("word") or ti):
            # 结果(mmol/L), 结果 (mmol/L): the word is the header, the unit in brackets belongs to its column
            text, units[ti if u.group("word") else ti - 1] = u.group("word"), u.group("unit")
        if joined and text and (_latin(joined[-1]) and _latin(text[0]) or _whole_term(line[ti - 1]) and _whole_term(t)):
            joined += "|"  # two English words (Test Result) or two whole header words: keep them apart
            chars.append((ti, 0))
            seps += 1
        for ci, ch in enumerate(text):
            if not ch.isspace():
                simple = to_simplified(ch)  # 檢驗項目 → 检验项目, one character for one (box positions stay)
                joined += simple if len(simple) == 1 else ch
                chars.append((ti, ci))
    cols: list[Column] = []
    covered = 0
    for m in lex.find(joined):
        if m.entry.category != "column":
            continue
        (t0, c0), (t1, c1) = chars[m.start], chars[m.end - 1]
        a = sub_token(line[t0], c0, c0 + 1) if len(clean(line[t0].text)) == len(line[t0].text) else line[t0]
        b = sub_token(line[t1], c1, c1 + 1) if len(clean(line[t1].text)) == len(line[t1].text) else line[t1]
        cols.append(Column(m.entry.canonical, a.x0, b.x1, m.text, units.get(t1)))
        covered += m.end - m.start
    dated = date_columns(line)
    covered += sum(len(clean(c.header or "").replace(" ", "")) for c in dated)
    return sorted(cols + dated, key=lambda c: c.x0), covered / max(len(joined) - seps, 1)


_HEADER_DATE = re.compile(r"(?:(?:19|20)?\d{2}[-/.])?(?P<m>\d{1,2})[-/.月](?P<d>\d{1,2})日?(?:\s*\d{1,2}:\d{2})?")


def date_columns(line: list[Token]) -> list[Column]:
    """Dates printed as column headers (a cumulative report, 累计报告: ``项目 单位 参考区间 02-27 03-19 06-23``):
    one column of results per date, oldest to newest. With two or more dates and no result column named in the
    line, the right-most date is the current result (role ``value``), the others earlier results (``previous``,
    ignored). A single date in a header line (a report time) is no column."""
    dated = []
    for t in line:
        m = _HEADER_DATE.fullmatch(clean(t.text).strip())
        if m and 1 <= int(m.group("m")) <= 12 and 1 <= int(m.group("d")) <= 31 and len(m.group("d")) == 2:
            dated.append(Column("previous", t.x0, t.x1, clean(t.text).strip()))
    if len(dated) < 2:
        return []
    if not any(_is_header_word(t) and _headers().lookup(to_simplified(clean(t.text).replace(" ", ""))).canonical
               == "value" for t in line):
        dated[-1].role = "value"
    return dated


_HEADER_UNIT = re.compile(r"^(?P<word>[^()]*?)\s*\((?P<unit>[^()]+)\)$")


def _whole_term(t: Token) -> bool:
    """A token that is a column header word by itself (项目 next to 代码 is not 项目代码)."""
    return _is_header_word(t)


def _latin(ch: str) -> bool:
    return ch.isascii() and ch.isalpha()


def is_header(cols: list[Column], coverage: float) -> bool:
    roles = {c.role for c in cols}
    return len(roles) >= 2 and coverage >= 0.6 and bool(roles & {"value", "reference"})


_REPEATABLE = {"unknown", "previous"}  # roles one block may print more than once (上次结果 前次结果)


def split_blocks(cols: list[Column], page_x1: float) -> list[Block]:
    """Header columns → blocks: a role seen again starts the next block to the right."""
    groups: list[list[Column]] = [[]]
    for c in sorted(cols, key=lambda c: c.x0):
        last = groups[-1][-1] if groups[-1] else None
        if last is not None and last.role == c.role and c.x0 - last.x1 < last.x1 - last.x0:
            last.x1 = max(last.x1, c.x1)  # one column named twice (项目 Item, 结果 Result): a bilingual header
            last.header = f"{last.header} {c.header}"
            continue
        if any(c.role == g.role for g in groups[-1]) and c.role not in _REPEATABLE:
            groups.append([])
        groups[-1].append(c)
    blocks = []
    for i, g in enumerate(groups):
        left = 0.0 if i == 0 else (groups[i - 1][-1].x1 + g[0].x0) / 2
        right = page_x1 if i == len(groups) - 1 else (g[-1].x1 + groups[i + 1][0].x0) / 2
        edges = [left] + [(a.xc + b.xc) / 2 for a, b in zip(g, g[1:])] + [right]
        blocks.append(Block(g, left, right, list(zip(edges, edges[1:]))))
    return blocks


def _is_footer(line: list[Token]) -> bool:
    lex = _headers()
    head = to_simplified(clean("".join(t.text for t in line[:2])).replace(" ", ""))
    hits = [m for m in lex.find(head[:8]) if m.entry.category == "footer" and m.start <= 1]
    return bool(hits)


def find_tables(tokens: list[Token], local_lines: bool = False) -> list[Table]:
    """Table regions under each header line; one header-less table when no header is found.

    ``local_lines``: text lines follow tilted or curved baselines (``baselines.chain_lines``) and each block
    starts under its own header words; otherwise lines are cut at one global y."""
    if not tokens:
        return []
    h = median_height(tokens)
    lines = chain_lines(tokens, h) if local_lines else y_clusters(tokens, 0.5 * h)
    page_x1 = max(t.x1 for t in tokens) + 1
    heads: list[tuple[int, list[Column]]] = []
    limits: dict[int, tuple[list[Column], float, float]] = {}  # headers with text beside them, and their x-range
    for i, line in enumerate(lines):
        cols, coverage = header_columns(line)
        if is_header(cols, coverage):
            heads.append((i, cols))
        elif (span := header_span(line, h, lines[i + 1:])) is not None:
            limits[i] = span
    if not heads:  # no header line of its own: a header beside other text (an LIS screen's sample list)
        heads = [(i, span[0]) for i, span in sorted(limits.items())]
    head_end: dict[int, int] = {}  # a header over two or three lines (merged cells): the index of its last line
    for i, cols in heads:
        head_end[i] = sub_headers(lines, i, cols, {k for k, _ in heads})
    if not heads:
        blocks = headerless_blocks(lines, h, page_x1)
        stacked = len(blocks) == 1 and two_line_records(lines, h)
        return [Table(blocks, min(t.y0 for t in tokens) - 1, _table_end(lines, 0, h), stacked=stacked)]
    tables = []
    stacked = _join_stacked(heads)
    spans = [_x_extent(cols, lines[i]) for i, cols in stacked]
    page_lo: list[float] = []
    for k, (i, cols) in enumerate(stacked):
        last = i + 1 if cols is None else head_end.get(i, i)  # a stacked header spans lines i and i + 1
        later = [stacked[j][0] for j in range(k + 1, len(stacked)) if _overlap(spans[j], spans[k])]
        stop = later[0] if later else len(lines)  # a header on the other page of a spread does not end this table
        lo, hi = _page_range(spans, k)
        page_lo.append(lo)
        own = lines if lo <= 0.0 and hi == float("inf") else _own_lines(lines, lo, hi, last)
        y0 = max(t.y1 for t in own[last]) - 0.2 * h
        y1 = _table_end(own[: stop], last + 1, h)
        cap = min(t.y0 for t in lines[stop]) if stop < len(lines) else float("inf")
        y1 = min(y1, cap)
        if cols is None:
            tables.append(Table([Block([], max(lo, 0.0), min(hi, page_x1), [])], y0, y1, lines[i] + lines[last], stacked=True))
            continue
        blocks = split_blocks(cols, page_x1)
        blocks[0].x0, blocks[-1].x1 = max(blocks[0].x0, lo), min(blocks[-1].x1, hi)
        if i in limits:
            blocks[0].x0, blocks[-1].x1 = max(blocks[0].x0, limits[i][1]), min(blocks[-1].x1, limits[i][2])
        blocks += continued_blocks(blocks[-1], own[: stop], last, h, y0, y1, min(page_x1, hi))
        if len(blocks) > 1:
            y1 = _block_ends(blocks, own[last:stop], h, cap)
        body = [ln for ln in own[last + 1: stop] if ln and y0 < statistics.median(t.yc for t in ln) < y1]
        if len(blocks) == 1 and two_line_records(body, h):  # one header line over records printed on two lines
            tables.append(Table([Block([], blocks[0].x0, blocks[0].x1, [])], y0, y1, own[i], stacked=True))
            continue
        if local_lines:
            for block in blocks:
                mine = [t for t in own[i] if block.x0 <= t.xc < block.x1]
                block.y0 = max(t.y1 for t in mine) - 0.2 * h if mine else None
            y0 = min([b.y0 for b in blocks if b.y0 is not None] + [y0])
        tables.append(Table(blocks, y0, y1, own[i]))
    left = {id(t): lo for t, lo in zip(tables, page_lo)}
    return sorted(tables, key=lambda t: left[id(t)])  # the left page of a spread read first (stable otherwise)


def sub_headers(lines: list[list[Token]], i: int, cols: list[Column], heads: set[int], depth: int = 2) -> int:
    """A header printed over more lines (merged cells: 检验项目 over 中文名称 英文缩写, 序号 and 单位 centred between
    the two): up to ``depth`` lines under header line ``i`` made of header words only (no digit) give ``cols`` the
    columns that lie clear of every column already there. Returns the index of the header's last line."""
    last = i
    for j in range(i + 1, min(i + 1 + depth, len(lines))):
        if j in heads or any(ch.isdigit() for t in lines[j] for ch in t.text):
            break
        more, coverage = header_columns(lines[j])
        if not more or coverage < 0.6:
            break
        cols.extend(c for c in more if not any(c.x0 < o.x1 and o.x0 < c.x1 for o in cols))
        cols.sort(key=lambda c: c.x0)
        last = j
    return last


def _x_extent(cols: list[Column] | None, line: list[Token]) -> tuple[float, float]:
    """x-range of a header: its column words, or its whole line (a stacked header)."""
    if cols:
        return min(c.x0 for c in cols), max(c.x1 for c in cols)
    return min(t.x0 for t in line), max(t.x1 for t in line)


def _overlap(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _page_range(spans: list[tuple[float, float]], k: int) -> tuple[float, float]:
    """x-range of header ``k``'s table when other headers stand beside it, clear of its words (the two pages of
    an open booklet, each with its own header at its own height): midway to the nearest one on either side."""
    a, b = spans[k]
    left = [s[1] for s in spans if s[1] <= a]
    right = [s[0] for s in spans if s[0] >= b]
    return ((max(left) + a) / 2 if left else 0.0), ((b + min(right)) / 2 if right else float("inf"))


def _own_lines(lines: list[list[Token]], lo: float, hi: float, keep: int) -> list[list[Token]]:
    """Each line cut to the tokens inside [lo, hi); lines left empty are dropped after index ``keep`` (earlier
    indices stay as they were, so header line numbers still point at their lines)."""
    cut = [[t for t in line if lo <= t.xc < hi] for line in lines]
    return [cut[j] or lines[j] for j in range(keep + 1)] + [line for line in cut[keep + 1:] if line]


def header_span(line: list[Token], h: float, below: list[list[Token]] = ()) -> tuple[list[Column], float, float] | None:
    """A header printed beside other text on its line (a sample-list panel of an LIS screen, a side note): the
    tokens from the first to the last whole header word read as a header naming item, value and reference, and the text
    outside them stands clear (two text heights away, or one where no token of the lines ``below`` crosses the gap:
    the border of a screen's pane). Returns the columns and the x-range the table may use (midway to that text)."""
    idx = [k for k, t in enumerate(line) if _is_header_word(t)]
    if len(idx) < 3 or idx[-1] - idx[0] + 1 == len(line):
        return None
    a, b = idx[0], idx[-1]
    inner = line[a: b + 1]
    cols, coverage = header_columns(inner)
    if not is_header(cols, coverage) or not {"item", "value", "reference"} <= {c.role for c in cols}:
        return None
    left, right = (line[a - 1] if a else None), (line[b + 1] if b + 1 < len(line) else None)
    if left is not None and not _clear(left.x1, inner[0].x0, h, below) \
            or right is not None and not _clear(inner[-1].x1, right.x0, h, below):
        return None
    x0 = (left.x1 + inner[0].x0) / 2 if left is not None else 0.0
    x1 = (inner[-1].x1 + right.x0) / 2 if right is not None else float("inf")
    return cols, x0, x1


def _clear(x0: float, x1: float, h: float, below: list[list[Token]]) -> bool:
    """A gap between a header and the text beside it wide enough to part them: two text heights, or one where no
    token of the lines below crosses its middle (a pane border running down the screen)."""
    if x1 - x0 >= 2 * h:
        return True
    mid = (x0 + x1) / 2
    return x1 - x0 >= h and len(below) >= 3 and not any(t.x0 < mid < t.x1 for ln in below for t in ln)


def _join_stacked(heads: list[tuple[int, list[Column]]]) -> list[tuple[int, list[Column] | None]]:
    """Two header lines right above each other naming different columns (项目 结果 over 单位 参考值) are one
    stacked header: each record is printed over two lines (receipts), so the columns of either line say nothing
    about the other and roles come from content (``None`` in place of the columns)."""
    out: list[tuple[int, list[Column] | None]] = []
    k = 0
    while k < len(heads):
        i, cols = heads[k]
        if k + 1 < len(heads) and heads[k + 1][0] == i + 1 \
                and not {c.role for c in cols} & {c.role for c in heads[k + 1][1]}:
            out.append((i, None))
            k += 2
            continue
        out.append((i, cols))
        k += 1
    return out


_INDEX_TEXT = re.compile(r"\d{1,3}[.、]?")


def headerless_blocks(lines: list[list[Token]], h: float, page_x1: float) -> list[Block]:
    """Column groups of a table printed without a header: each further column of item names (with the column of
    running numbers just left of it) starts a group. Columns are found on the row-like lines only (two or more
    tokens with digits), so the title, patient and footer lines do not bridge the gutters."""
    body = [t for line in lines if sum(1 for t in line if any(c.isdigit() for c in t.text)) >= 2 for t in line]
    cols = x_columns(body, h)
    counts = [max(_name_count(c), _known_count(c)) for c in cols]  # 钾 钠 氯 count as names too
    if not counts or max(counts) < 3:
        return [Block([], 0.0, page_x1, [])]
    names = [i for i, n in enumerate(counts) if n >= max(3, 0.5 * max(counts))]
    starts = []
    for i in names[1:]:
        j = i - 1 if i > 0 and all(_INDEX_TEXT.fullmatch(clean(t.text)) for t in cols[i - 1]) else i
        if j > names[0]:
            starts.append(min(t.x0 for t in cols[j]) - 0.3 * h)
    edges = [0.0, *starts, page_x1]
    return [Block([], a, b, []) for a, b in zip(edges, edges[1:])]


def continued_blocks(last: Block, lines: list[list[Token]], head: int, h: float, y0: float, y1: float,
                     right: float) -> list[Block]:
    """Column groups right of a header's last column that print item names of their own, without a header: the
    right page of a spread or the second half of a sheet continuing the table (the header was printed once, on the
    left). Each such group becomes a block without bands (roles from content), cut off ``last`` at its gutter; its
    rows may start above the header's line (the other page's top), up to the top of its own run of names.
    ``lines[head]`` is the header line; ``right`` the table's right limit. Most names of a group must be catalogue
    items (a side list of patients or notes beside a table is no continuation)."""
    if not last.columns:
        return []
    edge = max(c.x1 for c in last.columns)
    above = lines[: head + 1]  # the header line may hold a row of the other page
    body = [[t for t in line if t.x0 > edge + h] for line in lines]  # the header's line and those above count too
    body = [ln for ln in body if sum(1 for t in ln if any(c.isdigit() for c in t.text)) >= 1 and len(ln) >= 2]
    cols = x_columns([t for ln in body if statistics.median(t.yc for t in ln) < y1 for t in ln], h)
    mine = [t for line in lines[head + 1:] for t in line if last.columns[0].x0 - h <= t.xc < edge]
    n_left = _name_count(mine)
    counts = [(max(_name_count(c), _known_count(c)), _known_count(c)) for c in cols]  # 钾 钠 氯: one-character items
    names = [i for i, (n, known) in enumerate(counts) if n >= max(3, 0.5 * n_left) and known >= 0.5 * n]
    if not names:
        return []
    out: list[Block] = []
    for k, i in enumerate(names):
        j = i - 1 if i > 0 and all(_INDEX_TEXT.fullmatch(clean(t.text)) for t in cols[i - 1]) else i
        start = min(t.x0 for t in cols[j]) - 0.3 * h
        if out:
            out[-1].x1 = start
        out.append(Block([], start, right, []))
    last.x1 = min(last.x1, out[0].x0)
    for block in out:
        block.y0 = _run_top(block, above, h, y0)
    return out


def _known_count(col: list[Token]) -> int:
    """Chinese tokens of a column that name a catalogue item (an abbreviation in brackets after the name aside); a
    column of codes (WBC, LYM#) printed beside the results is no group of names."""
    from oncostruct.extractors.ocr.cells import has_cjk, item_entry

    return sum(1 for t in col if has_cjk(t.text) and item_entry(re.sub(r"[(（].*$", "", clean(t.text))) is not None)


def _run_top(block: Block, above: list[list[Token]], h: float, y0: float) -> float:
    """Top of a continued block: lines up to the header's whose part inside the block holds a name and a number,
    climbing while each lies within three line pitches of the one below."""
    top = y0
    for line in reversed(above):
        part = [t for t in line if block.x0 <= t.xc < block.x1]
        if not part:
            continue
        y = statistics.median(t.yc for t in part)
        if top - y > 6 * h or not (_name_count(part) and any(c.isdigit() for t in part for c in t.text)):
            break
        top = min(t.y0 for t in part) - 0.2 * h
    return top


def _block_ends(blocks: list[Block], lines: list[list[Token]], h: float, cap: float) -> float:
    """Each side-by-side block ends at its own footer or gap (a footer printed under the right page of a two-page
    photo does not end the left page), and no later than ``cap`` (the next header); ``lines[0]`` is the header
    line. Returns the table's end: the latest block end."""
    for block in blocks:
        own = [[t for t in line if block.x0 <= t.xc < block.x1] for line in lines[1:]]
        block.y1 = min(_table_end([lines[0], *[line for line in own if line]], 1, h), cap)
    return max(b.y1 for b in blocks if b.y1 is not None)


def _table_end(lines: list[list[Token]], start: int, h: float) -> float:
    """y where the table ends: a footer line, or a vertical gap of more than 4 line pitches."""
    prev_y = None
    pitch = 2.0 * h
    for line in lines[start:]:
        y = statistics.median(t.yc for t in line)
        if _is_footer(line) or (prev_y is not None and y - prev_y > 4 * pitch and start > 0):
            return min(t.y0 for t in line)
        prev_y = y
    return float("inf")


def table_rows(tokens: list[Token], table: Table, table_index: int) -> list[Row]:
    """Rows of each block of a table, top to bottom, blocks left to right.

    Within a block, tokens are cut into x-columns at vertical gutters; the column holding
    most item names anchors the rows, and every other column is aligned to the anchors by
    :func:`align` (monotone, drift-tolerant), so a column photographed a little higher or
    lower than the names (curled paper) still lands on the right rows.
    """
    h = median_height(tokens)
    top = min([table.y0] + [b.y0 for b in table.blocks if b.y0 is not None])  # a continued block may start higher
    inside = [t for t in tokens if top < t.yc < table.y1 and not _is_header_word(t)]
    rows: list[Row] = []
    for b, block in enumerate(table.blocks):
        mine = [t for t in inside if block.x0 <= t.xc < block.x1 and t.yc > (table.y0 if block.y0 is None else block.y0)
                and (block.y1 is None or t.yc < block.y1)]
        if table.stacked:
            for first, second in record_rows(mine, h):
                line = [(t, None) for t in first + second]
                rows.append(Row(table_index, b, line, statistics.median(t.yc for t in first), len(first)))
            continue
        moves = fitted_bands(x_columns(mine, h), [c.role for c in block.columns], block.band_of) if block.bands else {}
        for cells in block_rows(mine, h):
            line = sorted(cells, key=lambda t: t.x0)
            tagged = [(t, moves.get(id(t), block.band_of(t.xc)) if block.bands else None) for t in line]
            rows.append(Row(table_index, b, tagged, statistics.median(t.yc for t in line)))
    return rows


def _has_name(line: list[Token]) -> bool:
    from oncostruct.extractors.ocr.cells import labels

    return any("name" in labels(t.text) for t in line)


_LEVEL_CELLS = 3  # a column needs this many cells on rows (or one on every row) to carry its rows' drift outwards
_SAME_RECORD = 1 / 3  # lines overlapping by this share of a text height are one line of a record, printed unevenly


def two_line_records(lines: list[list[Token]], h: float, min_pairs: int = 3, share: float = 0.6) -> bool:
    """Each record printed over two lines without a header saying so: most lines holding an item name are followed,
    within 1.5 line heights, by a line with no name but with numbers (its unit and reference range)."""
    named = [k for k, ln in enumerate(lines) if _has_name(ln)]

    def numbers_next(k: int, j: int) -> bool:  # line j, next to the named line k, holds numbers and no name
        upper, lower = (lines[k], lines[j]) if j > k else (lines[j], lines[k])
        gap = min(t.y0 for t in lower) - max(t.y1 for t in upper)
        # a line overlapping a named line that holds its reference range already, by a third of a text height, is
        # that line's result column printed a little lower (a bold or larger result font): the same record
        same = gap <= -_SAME_RECORD * h and any("reference" in labels(t.text) for t in lines[k])
        return not _has_name(lines[j]) and any(c.isdigit() for t in lines[j] for c in t.text) \
            and gap < 1.5 * h and not same

    pairs = sum(1 for k in named if k + 1 < len(lines) and numbers_next(k, k + 1))
    above = sum(1 for k in named if k > 0 and numbers_next(k, k - 1))
    # values printed ABOVE the name (``WBC 8.86 10^9/L`` over ``白细胞计数``) pair every name with the next record's
    # values as well: the records run name-first only when more names have their numbers below than above
    return pairs >= min_pairs and pairs >= share * len(named) and pairs > above


def record_rows(tokens: list[Token], h: float) -> list[tuple[list[Token], list[Token]]]:
    """Records printed over two lines (``WBC 白细胞计数 ..... 1.75 L`` over ``10^9/L 3.5-9.5``): a line holding an
    item name, and the line right below it when that holds no name. A lone dash opening the second line stands for
    "no unit" and is dropped."""
    out: list[tuple[list[Token], list[Token]]] = []
    for line in y_clusters(tokens, 0.5 * h):
        if out and not out[-1][1] and _has_name(out[-1][0]) and not _has_name(line) \
                and min(t.y0 for t in line) - max(t.y1 for t in out[-1][0]) < 1.5 * h:
            if len(line) > 1 and clean(line[0].text) == "-":
                line = line[1:]
            out[-1] = (out[-1][0], line)
        else:
            out.append((line, []))
    return out


def _is_header_word(t: Token) -> bool:
    e = _headers().lookup(to_simplified(clean(t.text).replace(" ", "")))
    return e is not None and e.category == "column"


def x_columns(tokens: list[Token], h: float) -> list[list[Token]]:
    """Tokens cut into columns at x-gaps that no token crosses (a few crossing tokens are tolerated)."""
    if not tokens:
        return []
    lines = y_clusters(tokens, 0.5 * h)
    tolerance = max(1, len(lines) // 10)
    lean = lean_slope(lines, h)  # a photo at an angle slants the columns: cut them upright
    y_ref = min(t.yc for t in tokens)
    xs = {id(t): upright_x(t, lean, y_ref) for t in tokens}
    events = sorted([(xs[id(t)][0], 1) for t in tokens] + [(xs[id(t)][1], -1) for t in tokens])
    edges, depth = [], 0
    for x, step in events:
        depth += step
        if step == -1 and depth < tolerance:
            edges.append(x)
    edges = sorted(set(edges))
    columns: dict[int, list[Token]] = {}
    for t in sorted(tokens, key=lambda t: t.x0):
        xc = sum(xs[id(t)]) / 2
        k = next((i for i, e in enumerate(edges) if xc <= e), len(edges))
        columns.setdefault(k, []).append(t)
    return [columns[k] for k in sorted(columns)]


def _name_count(col: list[Token]) -> int:
    from oncostruct.extractors.ocr.cells import has_cjk, is_qualitative, labels

    return sum(1 for t in col if has_cjk(t.text) and not is_qualitative(t.text) and len(clean(t.text)) >= 2
               and "reference" not in labels(t.text))  # 男:4.30-5.80 is a reference, not a name


def block_rows(tokens: list[Token], h: float) -> list[list[Token]]:
    """Token groups, one per row, anchored on the name column and aligned column by column."""
    cols = x_columns(tokens, h)
    if not cols:
        return []
    anchor_i = max(range(len(cols)), key=lambda i: (_name_count(cols[i]), -i))
    labels_at = group_label_columns(cols, anchor_i, h)
    if labels_at:  # merged group-label cells (血常规 centred over its rows) belong to no row
        cols = [c for i, c in enumerate(cols) if i not in labels_at]
        anchor_i -= sum(1 for i in labels_at if i < anchor_i)
    others = [y_clusters(join_wrapped(c, h), 0.5 * h) for i, c in enumerate(cols) if i != anchor_i]
    anchors = join_wrapped_names(y_clusters(cols[anchor_i], 0.5 * h), others, h)
    groups = [list(a) for a in anchors]
    ays = [statistics.median(t.yc for t in a) for a in anchors]
    diffs = [b - a for a, b in zip(ays, ays[1:])]
    pitch = statistics.median(diffs) if diffs else 2 * h
    leftovers: list[Token] = []
    cells_of = {i: y_clusters(join_dashless(join_wrapped(col, h), h, ays), 0.5 * h)  # 7.4 over 12.5: a range
                for i, col in enumerate(cols) if i != anchor_i}  # wrapped in its cell, its dash lost
    levels = {anchor_i: ays}
    for i in sorted(cells_of, key=lambda i: (abs(i - anchor_i), i)):  # outwards from the names
        refs = levels[i - 1 if i > anchor_i else i + 1]  # the row levels of the neighbouring column, nearer the names
        cells = cells_of[i]
        cys = [statistics.median(t.yc for t in c) for c in cells]
        matched = align(refs, cys, max(pitch, h))
        for ai, ci in matched:
            groups[ai].extend(cells[ci])
        taken = {ci for _, ci in matched}
        leftovers.extend(t for ci, c in enumerate(cells) if ci not in taken for t in c)
        # a column of a cell or two (a footer's words, a page number, a note under the table) says nothing of how
        # the rows drift: its levels are its neighbour's, or one far match would move every later column a row
        levels[i] = carried_levels(refs, {ai: cys[ci] for ai, ci in matched}) \
            if len(matched) >= min(_LEVEL_CELLS, len(refs)) else list(refs)
    out = groups + [g for g in y_clusters(leftovers, 0.5 * h)]
    return sorted(out, key=lambda g: statistics.median(t.yc for t in g))


def group_label_columns(cols: list[list[Token]], anchor_i: int, h: float) -> set[int]:
    """Columns left of the item names that hold merged group-label cells: a panel name printed once, centred over
    the rows of its group (血常规 / 肝功能 in a merged cell). Such a column holds at most half as many cells as there
    are names, each a word of two or more Chinese characters with no digit that names no item."""
    from oncostruct.extractors.ocr.cells import has_cjk, item_entry

    n_names = len(y_clusters(cols[anchor_i], 0.5 * h))
    out: set[int] = set()
    for i in range(anchor_i):
        cells = y_clusters(cols[i], 0.5 * h)
        texts = [clean("".join(t.text for t in c)) for c in cells]
        if n_names >= 3 and 0 < len(cells) <= 0.5 * n_names and all(
                has_cjk(x) and len(x) >= 2 and not any(ch.isdigit() for ch in x) and item_entry(x) is None
                for x in texts):
            out.add(i)
    return out


def carried_levels(refs: list[float], ys: dict[int, float], k: int = 2) -> list[float]:
    """Each row's y in a column: its cell's y where it has one, else the neighbouring column's level moved by the
    offset of the ``k`` nearest rows that have a cell. Columns are aligned one after the other, each to the levels
    of its neighbour nearer the names, so the drift of a curled or tilted page (a column right of the names sitting
    up to a row lower) is followed step by step instead of being measured against the names at once."""
    if not ys:
        return list(refs)
    rows = sorted(ys)
    out = []
    for r, ref in enumerate(refs):
        if r in ys:
            out.append(ys[r])
            continue
        near = sorted(rows, key=lambda j: abs(j - r))[:k]
        out.append(ref + statistics.median(ys[j] - refs[j] for j in near))
    return out


_WRAP_END = ("-", "~", "～", "–", "—", "/")


def _stacked(up: Token, low: Token) -> bool:
    """Two texts one over the other: they share a quarter of the narrower one's width (``137-`` over ``110``, the
    low and high cells of two rows touching at an edge, are not one cell)."""
    shared = min(up.x1, low.x1) - max(up.x0, low.x0)
    return shared > 0.25 * min(up.x1 - up.x0, low.x1 - low.x0)


def _wrapped_pair(upper: str, lower: str) -> bool:
    """Two stacked texts that are one cell: an open range over its end, or a unit's start over its ``/…`` rest
    (neither part a complete unit or range by itself, the joined text one)."""
    from oncostruct.extractors.ocr.cells import labels

    if _qualified(upper) and _qualified(lower):
        return True  # 男:4.30-5.80 over 女:3.80-5.10: one reference printed per sex or age band
    if re.search(r"\d-\d+\.$", upper) and lower.isdigit():
        return "reference" in labels(upper + lower)  # 1.003-1. over 030: a range wrapped inside its upper bound
    if not (upper.endswith(_WRAP_END) or lower.startswith("/")):
        return False
    if labels(upper) & {"unit", "reference"} or labels(lower) & {"reference"}:
        return False
    return bool(labels(upper + lower) & {"unit", "reference", "reference_unit"})


def _qualified(text: str) -> bool:
    from oncostruct.extractors.ocr.cells import kinds

    return any(k.rule == "qualified_range" for k in kinds(text))


def join_wrapped(col: list[Token], h: float) -> list[Token]:
    """A cell printed on two lines (``3.9-`` over ``6.1``, ``mmol`` over ``/L``) joined into one token: the upper
    part ends with a range dash or a slash, or the lower part starts with a slash, and it sits right below."""
    out: list[Token] = []
    for t in sorted(col, key=lambda t: (t.yc, t.x0)):
        k = next((i for i in range(len(out) - 1, max(-1, len(out) - 6), -1)
                  if -0.5 * h <= t.y0 - out[i].y1 < 0.6 * h and _stacked(out[i], t)
                  and _wrapped_pair(clean(out[i].text), clean(t.text))), None)
        if k is None:
            out.append(t)
            continue
        up = out[k]
        sep = " " if _qualified(clean(up.text)) else ""
        out[k] = Token(up.text + sep + t.text, min(up.x0, t.x0), up.y0, max(up.x1, t.x1), t.y1, min(up.score, t.score),
                       up.line, up.page)
    return out


_JITTER = 0.1  # pitches: box centres of one printed row move this much between columns, no drift (a screenshot's
# 30-pixel rows jitter by 1-3 pixels; smoothing that noise once preferred sliding a whole column onto the next row)


def align(anchors: list[float], cells: list[float], pitch: float, gap_anchor: float = 1.0,
          gap_cell: float = 1.0, w_offset: float = 0.05, w_smooth: float = 2.0, max_offset: float = 1.2,
          reach: int = 3) -> list[tuple[int, int]]:
    """Monotone matching of cell y's to anchor y's that prefers a smoothly varying offset.

    Cost: ``w_offset``·|offset| per match, ``w_smooth``·|change of offset| between consecutive
    matches (both in pitches; a change under ``_JITTER`` is noise and free), ``gap_anchor`` per row left without a cell, ``gap_cell`` per cell
    left without a row. A column drifting by most of a row pitch therefore keeps its order
    instead of sliding onto the neighbouring row.
    """
    n, m = len(anchors), len(cells)
    if not n or not m:
        return []
    inf = float("inf")
    best: dict[tuple[int, int], tuple[float, tuple[int, int] | None]] = {}
    for j in range(m):
        for i in range(n):
            d = (cells[j] - anchors[i]) / pitch
            if abs(d) > max_offset:
                continue
            cost = gap_anchor * i + gap_cell * j + w_offset * abs(d)
            prev = None
            for pj in range(max(0, j - reach), j):
                for pi in range(i):
                    if (pi, pj) not in best:
                        continue
                    pd = (cells[pj] - anchors[pi]) / pitch
                    c = (best[(pi, pj)][0] + gap_anchor * (i - pi - 1) + gap_cell * (j - pj - 1)
                         + w_offset * abs(d) + w_smooth * max(0.0, abs(d - pd) - _JITTER) / math.sqrt(i - pi))
                    if c < cost:
                        cost, prev = c, (pi, pj)
            best[(i, j)] = (cost, prev)
    end, total = None, gap_anchor * n + gap_cell * m
    for (i, j), (cost, _) in best.items():
        c = cost + gap_anchor * (n - 1 - i) + gap_cell * (m - 1 - j)
        if c < total:
            end, total = (i, j), c
    pairs = []
    while end is not None:
        pairs.append(end)
        end = best[end][1]
    return sorted(pairs)
