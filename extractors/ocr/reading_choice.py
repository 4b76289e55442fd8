"""The page's reading chosen by how much its rows look like lab results, not by how many there are.

A page can be read several ways: as a table under its column header (``table``), as cards (``cards``), as a
transposed table (``transposed``), as key-value pairs (``key_values``), as names over values (``name_grid``). Each
reading gives rows; each row is scored by what the catalogue knows (``row_score``): a dictionary item, a value that
reads as a number or a result word and is plausible for the item, a unit valid for it, a reference that parses. A
page's reading scores the sum over its rows, so a reading that turns a patient list or a footer into many rows of
unknown names without units or ranges does not win over a table with fewer, better rows. The first reading (the
table) is kept unless another beats it by ``MARGIN`` and by ``LEAD`` of its score; the winner's margin over the runner-up is kept with the choice
(``Choice.doubtful``: two readings score almost alike; ``Choice.disputed``: then the rows whose value they read
differently, which go to review). A reading other than the table keeps only its
rows that score, the table drops the labelled lines closing a block (``kept``): a side pane or a footer
read along with the results adds nothing to it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from oncostruct.extractors.ocr.cells import canonical_unit, clean, has_cjk, is_qualitative, item_entry, labels
from oncostruct.extractors.ocr.checks import Doubt
from oncostruct.extractors.ocr.lab_rows import LabRow
from oncostruct.extractors.ocr.table import Table
from oncostruct.extractors.ocr.unit_reading import valid_units

MARGIN = 0.5  # a reading other than the first must score this much more (about one good row)…
LEAD = 0.2  # …and this share of the first's score: the table parser has column evidence no other reading has
CLOSE = 0.1  # the winner's lead over a disagreeing runner-up, as a share of its score, under which it is doubtful
_FOUND_EMPTY = 0.2  # a catalogue item with its value cell empty (a dash OCR lost): the row is there
_NAME_NOISE = re.compile(r"\d{3,}|[:：]|[<>≤≥=]")  # digits runs, labels and comparators belong to no item name


@dataclass
class Reading:
    name: str
    rows: list[LabRow]
    tables: list[Table] | None = None  # None: the page's tables stay as found
    score: float = 0.0


@dataclass
class Choice:
    best: Reading
    runner_up: Reading | None = None
    readings: list[Reading] = field(default_factory=list)

    @property
    def scores(self) -> dict[str, float]:
        return {r.name: r.score for r in self.readings}

    @property
    def doubtful(self) -> bool:
        """Another reading scores within ``CLOSE`` of the chosen one."""
        r = self.runner_up
        return r is not None and r.score > 0 and self.best.score - r.score < CLOSE * self.best.score

    def disputed(self) -> list[LabRow]:
        """Rows of a chosen reading other than the table whose item a close runner-up reads with another value. (A
        table kept over a close line reading is not disputed: on the visible set that sent a tenth of the correct
        values to review and no wrong one.)"""
        if not self.doubtful or self.runner_up is None or self.best.name == "table":
            return []
        other = {clean(r.item): clean(r.value or "") for r in self.runner_up.rows}
        return [r for r in self.best.rows if other.get(clean(r.item), clean(r.value or "")) != clean(r.value or "")]


def reading_doubt(choice: Choice) -> Doubt:
    """The review reason of a disputed row."""
    other = choice.runner_up.name if choice.runner_up is not None else "another reading"
    return Doubt("lab.reading_doubt", f"the page read as {choice.best.name} ({choice.best.score:g}) and as {other} "
                 f"({choice.runner_up.score if choice.runner_up else 0:g}) gives this item another value")


def row_score(row: LabRow, report_type: str | None = None) -> float:
    """How much one row looks like a lab result, 0–1: a known item (0.4), a value that reads as a number or a
    result word (0.3), plausible for the item (else −0.3), a unit (0.1; −0.15 when invalid for the item) and a
    reference range that parses (0.2). A catalogue item without a value scores 0.2; any other row without a value,
    whose name holds digit runs or a label, or whose unknown name has neither unit nor reference, scores 0."""
    if _NAME_NOISE.search(row.item):
        return 0.0
    entry = item_entry(row.item, report_type) or (item_entry(row.abbr) if row.abbr else None)
    if row.empty or not row.value:
        return _FOUND_EMPTY if entry is not None else 0.0
    if entry is None and sum(1 for c in row.item if has_cjk(c) or c.isalpha()) < 2:
        return 0.0
    if row.value_num is None and not is_qualitative(clean(row.value)) and "value" not in labels(clean(row.value)):
        return 0.0
    ranged = bool(row.reference and labels(clean(row.reference)) & {"reference", "qualitative"})  # not a stray number
    if entry is None and not row.unit and not ranged:
        return 0.0  # an unknown name with a number (a patient list, a menu, a footer): nothing says it is a result
    score = 0.3 + (0.4 if entry is not None else 0.0)
    attrs = entry.attributes if entry is not None else {}
    plausible = attrs.get("plausible")
    if plausible and row.value_num is not None and not plausible[0] <= row.value_num <= plausible[1]:
        score -= 0.3
    if row.unit:
        units = valid_units(attrs)
        score += -0.15 if units and row.unit not in {canonical_unit(u) for u in units} else 0.1
    if ranged:
        score += 0.2
    return max(0.0, score)


def kept(reading: Reading, report_type: str | None = None) -> list[LabRow]:
    """The rows of the chosen reading: the scoring ones of a reading other than the table; the table's, less the
    rows closing a block that read as a labelled line (a footer note parsed as a row)."""
    if reading.name != "table":
        return [r for r in reading.rows if row_score(r, report_type) > 0]
    tail: set[int] = set()
    for key in dict.fromkeys((r.table, r.block) for r in reading.rows):
        block = [r for r in reading.rows if (r.table, r.block) == key]
        while block and _footer_like(block[-1], report_type):
            tail.add(id(block.pop()))
    return [r for r in reading.rows if id(r) not in tail]


def _footer_like(row: LabRow, report_type: str | None) -> bool:
    """A row closing its table block whose name is a labelled line or holds a digit run (``Flags: … Released by:
    …``, a footer note parsed as a row) and that has neither unit nor range."""
    return bool(_NAME_NOISE.search(row.item)) and not row.unit and not row.reference \
        and item_entry(row.item, report_type) is None


def reading_score(rows: list[LabRow], report_type: str | None = None) -> float:
    return sum(row_score(r, report_type) for r in rows)


def choose(readings: list[Reading], report_type: str | None = None) -> Choice:
    """The best-scoring reading (the first one unless another beats it by ``MARGIN`` and ``LEAD``) and the runner-up."""
    for r in readings:
        r.score = round(reading_score(r.rows, report_type), 3)
    first = readings[0]
    head = max(MARGIN, LEAD * first.score)
    ranked = sorted(readings, key=lambda r: -(r.score + (head if r is first else 0.0)))
    best = ranked[0]
    return Choice(best, ranked[1] if len(ranked) > 1 else None, readings)
