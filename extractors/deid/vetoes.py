"""The not-PHI checks that every span source passes through (rules, name lists, views, the trained tagger): a cue
label before a span or a phrase after it that says it is no PHI of its category, a drug's or a consumable's lot, the
hospital's own equipment, a blood unit's donation number, a form's label word, a table header cell, and the medical
allow-list. :class:`NotPhiChecks` is mixed into :class:`extractors.deid.detect.PhiDetector`, which compiles the
patterns these methods read from ``deid.yaml``."""
from __future__ import annotations

import re
from typing import Sequence

from oncostruct.extractors.deid.intervals import Intervals
from oncostruct.extractors.deid.spans import PhiSpan
from oncostruct.extractors.deid.structured import normal_label
from oncostruct.extractors.rules import RuleMatch
from oncostruct.extractors.text_tables import header_cells

_SPAN_CATEGORIES_ALLOWED = {"NAME", "ORGANIZATION", "ADDRESS"}
_LABEL_BEFORE = re.compile(r"[:：#号=][ \t]{0,3}$|No\.?[ \t]{0,2}$"   # deiden13: a label right before a number
                           r"|号[ \t]{0,3}[|｜][ \t]{0,3}$"   # s18-numloc18: or a 号 label's cell before it (| 处方号 | X |)
                           r"|单[ \t]{1,3}$")   # s19-name19: or a form's noun (输注单 X, 申请单 X): the form's number, no drug's batch
_LABELLED = re.compile(r"[:：=][ \t]{0,3}$")   # s18-hosp18: a label's colon right before a run
_EQUIPMENT_CATS = ("DEVICE_ID", "RECORD_NUMBER", "ID_NUMBER", "PHONE", "ADDRESS")   # s18-hosp18: what a tagger reads a machine's serial as


class NotPhiChecks:
    """Vetoes on PHI spans, read from the detector's compiled config (a mixin of ``PhiDetector``)."""

    def _context_out(self, spans: list[PhiSpan], text: str, cue_not: dict[str, re.Pattern[str]] | None = None
                     ) -> list[PhiSpan]:
        """Spans of any source (rules, name lists, views, the tagger) without those whose context says they are no PHI
        of their category (branch deiden13): a label of ``cue_not`` (default: every ``cue_not_phi`` label) right before
        them (Destination: Ghana, influenza A.) or a ``not_phi_after`` phrase right after them (Graves' disease: an
        eponym; Attendance Office). The tagger is given the Chinese labels only (deidzh13: 机构编码：…): it keeps its
        spans after an English catalogue label (deidtagger12: Ref: KLM/2025/0412)."""
        cue_not = self._cue_not if cue_not is None else cue_not
        if not (cue_not or self._not_after):
            return spans
        out = []
        for s in spans:
            before, after = cue_not.get(s.category), self._not_after.get(s.category)
            if before is not None and before.search(text, max(0, s.start - 16), s.start):
                continue
            if after is not None and after.match(text, s.end):
                continue
            out.append(s)
        return out

    def _product_number(self, category: str, text: str, start: int) -> bool:
        """Whether a tagger span of ``category`` starting at ``start`` is a drug's lot number (branch deidtagger12): a
        device number on a line where a drug or a dose unit comes first (``drug_lot_context``: Medication: X 80 mg
        (lot 77312B), 代煎（加工批号 20231188）), as the rules' lot numbers are judged. An implant's lot (设备序列号
        … 批号：LOT730418K) stays a device number. deiden13: a record number too, when no label comes right before it
        (a pharmacy return's 奥美拉唑肠溶胶囊 20mg 6粒 90978210: the batch column), so 住院号：… stays."""
        return category in ("DEVICE_ID", "RECORD_NUMBER") and self._drug_batch(category, text, start)

    def _in_not_phi_run(self, category: str, text: str, start: int, end: int) -> bool:
        """s18-hosp18: whether ``start``-``end`` lies inside a run of ``not_phi_runs`` of its category (a blood unit's
        ISBT 128 donation number, read in pieces by the rules)."""
        run = self._not_phi_runs.get(category)
        if run is None:
            return False
        lo = max(0, start - 24)
        return any(r.start() <= start and end <= r.end() and not _LABELLED.search(text, max(0, r.start() - 4), r.start())
                   for r in run.finditer(text, lo, min(len(text), end + 24)))   # Apheresis ID：W1234 …: the patient's own

    def _facility_equipment(self, m: RuleMatch, text: str, start: int, end: int) -> bool:
        """s18-hosp18: whether a device serial (or a number of ``facility_equipment_rules``) names the hospital's own
        equipment: a marker of the facility's property right after it (``（院内设备）``, ``(facility equipment``), or a
        machine of the hospital first on its line within 40 characters (``facility_equipment_context``: 加速器, 后装,
        相机 机身号, temperature logger). A pump or a concentrator lent to the patient names no such machine and stays."""
        if m.label != "DEVICE_ID" and m.rule_id not in self.config.facility_equipment_rules:
            return False
        # a record number: the machine right before its label (后装治疗机 X（院内编号 …）, 记录仪 SN：…)
        return self._equipment_marked(text, start, end, 40 if m.label == "DEVICE_ID" else 24)

    def _equipment_marked(self, text: str, start: int, end: int, reach: int) -> bool:
        """Whether the number at ``start``-``end`` is marked as the hospital's: a property marker right after it, or a
        machine of ``facility_equipment_context`` first on its line within ``reach`` characters."""
        return bool(self._equipment_after is not None and self._equipment_after.match(text, end)) \
            or _line_before(self._equipment_context, text, start, reach)

    def _drug_batch(self, category: str, text: str, start: int) -> bool:
        """Whether a number starting at ``start`` is a drug's batch: a drug or dose word comes first on its line (within
        40 characters). A record number right after a label (化疗泵编号SN：EP-…, 住院号：…) is the label's (deiden13)."""
        if category == "RECORD_NUMBER" and _LABEL_BEFORE.search(text, max(0, start - 4), start):
            return False
        return _line_before(self._drug_context, text, start)

    def _not_phi_word(self, text: str, start: int, end: int, category: str) -> bool:
        """Whether ``text[start:end]`` is a ``not_phi`` word of ``category`` and no person's slot of a form follows it
        (``slot_after``: 姓名：金秋　性别：男 holds a name, 金秋时节 none): branch deidword14."""
        if text[start:end] not in self._not_phi.get(category, ()):
            return False
        return not self._slot(category, text, end, start)

    def _slot(self, category: str, text: str, end: int, start: int | None = None) -> bool:
        """Whether a person's sex or age follows a value ending at ``end`` (``slot_after``), or a name's own label ends
        right before a value starting at ``start`` with a surname (``slot_before``: 签名:金秋)."""
        after, before = self._slot_after.get(category), self._slot_before.get(category)
        if after is not None and after.match(text, end):
            return True
        return (start is not None and before is not None and self._zh_surname is not None
                and self._zh_surname.match(text, start) is not None and before.search(text, max(0, start - 12), start) is not None)

    def _labels_out(self, spans: list[PhiSpan], text: str) -> list[PhiSpan]:
        """NAME / ORGANIZATION spans inside a table header cell that reads as a label (``床号``, ``接收人``,
        ``影像号``: it ends with a label word, or is a known column label) are dropped: a header cell is a label."""
        if not self._label_end or not any(s.category in ("NAME", "ORGANIZATION") for s in spans):
            return spans
        heads = header_cells(text)
        labels = [(a, b) for a, b in heads if self._label_end.search(text, a, b)
                  or normal_label(text[a:b]) in self._column_labels]
        # phi11rev: or that runs from a label cell into the next header cells (``City & Enrolled`` of a LaTeX head)
        cell_rules = set(self.config.header_not_phi_rules)   # phi12rev: a bare cell of a header row is a label (| 术前 | 关腔前 |)
        return [s for s in spans if s.category not in ("NAME", "ORGANIZATION")
                or not (any(a <= s.start < b and any(c < s.end <= d for c, d in heads) for a, b in labels)
                        or s.rule in cell_rules and any(a <= s.start and s.end <= b for a, b in heads))]

    def _allowed_out(self, spans: list[PhiSpan], text: str) -> list[PhiSpan]:
        if self._allow is None or not spans:
            return spans
        allowed = Intervals(m.span() for m in self._allow.finditer(text))
        return [s for s in spans if s.category not in _SPAN_CATEGORIES_ALLOWED or not (
            allowed.overlaps(s.start, s.end) if s.rule.startswith("tagger.") else allowed.holds(s.start, s.end))]


def _cue_pattern(words: Sequence[str]) -> re.Pattern[str]:
    """Any of ``words`` (longest first, letter-spaced forms too) ending right before a value: a label and its colon
    (prec15: or the pipe of a markdown table's cell, ``|组织机构代码|12345678-9|``)."""
    return re.compile(f"(?:{'|'.join(map(_spaced_word, sorted(words, key=len, reverse=True)))})[ \\t：:#(（=\"'|]{{0,3}}\\Z")


def _spaced_word(word: str) -> str:
    """``word`` as a regex; a Chinese word may be letter-spaced (批 号 is 批号)."""
    return "[ \\t]?".join(map(re.escape, word)) if not word.isascii() else re.escape(word)


def _line_before(context: re.Pattern[str] | None, text: str, start: int, reach: int = 40) -> bool:
    """Whether ``context`` occurs before ``start`` on its line, within ``reach`` (40) characters (a drug or a consumable
    first)."""
    lo = max(0, start - reach)   # the line's start searched for within those 40 characters only: a long line is no re-scan
    return context is not None and context.search(text, max(text.rfind("\n", lo, start) + 1, lo), start) is not None


def _line_after(context: re.Pattern[str] | None, text: str, end: int) -> bool:
    """Whether ``context`` occurs after ``end`` on its line, within 40 characters (a drug's code after its lot)."""
    stop = text.find("\n", end, end + 40)
    return context is not None and context.search(text, end, min(end + 40, len(text) if stop < 0 else stop)) is not None


def _drug_word(word: str) -> str:
    """A drug-context word as a regex: a one-character Chinese unit counts after a number only (6粒, 2支; session 14:
    中性粒 is a neutrophil count, no tablet)."""
    return f"(?<=[0-9一二三四五六七八九十两])[ \\t]?{re.escape(word)}" if len(word) == 1 and not word.isascii() else re.escape(word)
