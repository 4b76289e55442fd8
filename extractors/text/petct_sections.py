"""Split an imaging report into findings and conclusion, and the conclusion into numbered items.

Order of evidence: explicit headers (检查所见 / 诊断意见 ...), then a tab between two parts (CCKS style:
findings, tab, conclusion), then a header repeated at the start of both parts or a comparison header
inside the text (conclusion first, findings after, no tab: ``右肺癌化疗后，与...片对比：``), then a run of numbered items (``1.`` ``2、`` ``（3）``) either at the start
(conclusion first, it ends with the sentence of its last item) or later (conclusion last). Without any
of these the whole text is findings. The PET-CT technique sentence (``空腹 ... 静脉注射18F-FDG``) opens the
findings when a conclusion with lesion cues comes before it, and so does the report's first phrase
repeated as a header (both before the numbered-run rule). Last, two blocks told apart by their wording
(:func:`_by_style`: judging sentences vs describing sentences) in either order. Offsets always refer to the text passed in.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from oncostruct.extractors.rules import load_pack
from oncostruct.extractors.rules.loader import RuleMatch
from oncostruct.extractors.text.petct_sites import find_sites
from oncostruct.extractors.values import to_halfwidth

FINDINGS = "findings"
CONCLUSION = "conclusion"
STYLE_MARGIN = 2  # sentences by which a two-block reading must beat "all findings" (_by_style)


@dataclass(frozen=True)
class Section:
    name: str  # "findings" | "conclusion"
    start: int
    end: int


@dataclass(frozen=True)
class Item:
    """A conclusion item: ``index`` is its 1-based number (or order when unnumbered)."""

    index: int
    start: int
    end: int


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _section(text: str, name: str, start: int, end: int) -> Section | None:
    start, end = _trim(text, start, end)
    return Section(name, start, end) if end > start else None


def _markers(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, RuleMatch]]:
    """Numbered item markers (number, match) in ``text[start:end]`` with document offsets."""
    end = len(text) if end is None else end
    out = []
    for m in load_pack("imaging_findings").find(to_halfwidth(text[start:end]), labels=["item_marker"]):
        num = int(m.groups.get("n") or m.groups.get("pn") or 0)
        shifted = RuleMatch(m.rule_id, m.label, m.start + start, m.end + start, m.text, m.groups, m.group_spans,
                            m.reliability, m.pack, m.pack_version)
        out.append((num, shifted))
    return out


def numbered_run(text: str, start: int = 0, end: int | None = None) -> list[RuleMatch]:
    """The longest chain of markers numbered 1, 2, 3 ... (a repeated or skipped number is tolerated).

    A chain starting at a ``1`` runs until a later ``1`` arrives after a higher number. A ``1``
    the chain took in instead starts a chain that is a strict suffix of it, so it can never be
    longer and is skipped: every marker is visited once (linear in the number of markers).
    """
    marks = _markers(text, start, end)
    best: list[RuleMatch] = []
    # a list whose "1." was lost (``1.1.头颅CT...  2.左乳...``) may start at 2 when that is the first marker
    first_num = 2 if marks and marks[0][0] == 2 and not any(n == 1 for n, _ in marks) else 1
    i = 0
    while i < len(marks):
        num, m = marks[i]
        if num != first_num:
            i += 1
            continue
        chain, last, i = [m], first_num, i + 1
        while i < len(marks):
            num2, m2 = marks[i]
            if last <= num2 <= last + 2:
                chain.append(m2)
                last = num2
            elif num2 == 1:
                break  # the next chain starts here
            i += 1
        if len(chain) > len(best):
            best = chain
    return best


def _sentence_end(text: str, pos: int) -> int:
    m = re.compile(r"[。\n]").search(text, pos)
    return m.end() if m else len(text)


def _by_headers(text: str) -> list[Section] | None:
    heads = load_pack("imaging_findings").find(to_halfwidth(text), labels=["section_findings", "section_conclusion"])
    if not heads:
        return None
    out = []
    first = FINDINGS if heads[0].label == "section_findings" else CONCLUSION
    before = _section(text, CONCLUSION if first == FINDINGS else FINDINGS, 0, heads[0].start)
    if before and before.end - before.start >= 20 and _has_lesion_cues(text[:before.end]):
        out.append(before)  # the part before the first header is the other section (检查方法： after a conclusion)
    for i, h in enumerate(heads):
        nxt = heads[i + 1].start if i + 1 < len(heads) else len(text)
        name = FINDINGS if h.label == "section_findings" else CONCLUSION
        sec = _section(text, name, h.end, nxt)
        if sec:
            out.append(sec)
    return out or None


def _has_lesion_cues(text: str) -> bool:
    return bool(load_pack("imaging_findings").find(to_halfwidth(text), labels=["malignancy", "metastasis", "lesion_noun"]))


def _by_tab(text: str) -> list[Section] | None:
    pieces, pos = [], 0
    for chunk in text.split("\t"):
        if chunk.strip():
            pieces.append((pos, pos + len(chunk)))
        pos += len(chunk) + 1
    if len(pieces) < 2:
        return None
    (f0, f1), (c0, c1) = pieces[0], pieces[-1]
    run_first = numbered_run(text, f0, f1)
    if run_first and run_first[0].start - f0 < 3 and not numbered_run(text, c0, c1):
        (f0, f1), (c0, c1) = (c0, c1), (f0, f1)
    secs = [_section(text, FINDINGS, f0, f1), _section(text, CONCLUSION, c0, c1)]
    return sorted((s for s in secs if s), key=lambda s: s.start)


def _by_repeated_header(text: str) -> list[Section] | None:
    """Conclusion first, findings after, each part opened by the same header (clinical note + comparison).

    Without a repeated header, a comparison header (``与2015-09-16胸部CT比较：``) well inside the text
    opens the findings after a conclusion written first.
    """
    pack = load_pack("imaging_findings")
    ht = to_halfwidth(text)
    head = pack.find(ht, labels=["report_header"])
    if head:
        h = head[0]
        h0, h1 = h.group_spans.get("h", (h.start, h.end)) if h.group_spans else (h.start, h.end)
        again = ht.find(ht[h0:h1], h.end)
        if again > 0:
            secs = [_section(text, CONCLUSION, 0, again), _section(text, FINDINGS, again, len(text))]
            return [s for s in secs if s]
    for cmp_ in pack.find(ht, labels=["comparison_start"]):
        if cmp_.start >= 0.1 * len(text) and cmp_.start > 20:
            secs = [_section(text, CONCLUSION, 0, cmp_.start), _section(text, FINDINGS, cmp_.start, len(text))]
            return [s for s in secs if s]
    return None


def _by_technique(text: str) -> list[Section] | None:
    """Conclusion first, findings after, split where the PET-CT technique sentence starts (``空腹6h ... 静脉注射``):
    the text before it is the conclusion when it holds a malignancy, metastasis or lesion cue."""
    pack = load_pack("imaging_findings")
    ht = to_halfwidth(text)
    tech = pack.find(ht, labels=["technique"])
    if not tech:
        return None
    start = max((m.end() for m in re.finditer(r"[。\n]", text[:tech[0].start])), default=0)
    if start < 6 or not pack.find(ht[:start], labels=["malignancy", "metastasis", "lesion_noun"]):
        return None
    secs = [_section(text, CONCLUSION, 0, start), _section(text, FINDINGS, start, len(text))]
    return [s for s in secs if s]


def _by_repeated_lead(text: str) -> list[Section] | None:
    """Conclusion first, findings after, the findings opened by the report's first phrase again, now as a
    header (``左中上肺叶切除术后，左肺...。 ... 左中上肺叶切除术后：左侧胸廓...``)."""
    lead = re.match(r"\s*([^，,：:。；;\n\t]{4,40})[，,：:]", text)
    if not lead:
        return None
    again = re.compile(re.escape(lead.group(1)) + r"\s*[：:]").search(text, lead.end())
    if again is None:
        return None
    secs = [_section(text, CONCLUSION, 0, again.start()), _section(text, FINDINGS, again.start(), len(text))]
    return [s for s in secs if s]


def _sentences(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for m in re.finditer(r"[。\n]|\s{2,}|$", text):
        if text[pos:m.start()].strip():
            out.append((pos, m.start()))
        pos = m.end()
    return out


def _by_style(text: str) -> list[Section] | None:
    """Two blocks told apart by their wording: conclusion sentences judge (考虑, 转移, 囊肿, 建议 ...),
    findings sentences describe (见, 大小约, CT值, 强化 ...). The split that best puts conclusion-like
    sentences in one block and findings-like ones in the other wins, in either order, when it beats
    the whole-text-is-findings reading by ``STYLE_MARGIN`` sentences."""
    pack = load_pack("imaging_findings")
    sents = _sentences(text)
    if len(sents) < 3:
        return None
    votes = []
    for a, b in sents:
        found = pack.find(to_halfwidth(text[a:b]), labels=["conclusion_style", "findings_style"])
        c = sum(1 for x in found if x.label == "conclusion_style")
        f = sum(1 for x in found if x.label == "findings_style")
        votes.append(1 if c > f else -1 if f > c else 0)
    base = -sum(votes)  # everything findings
    best = (base + STYLE_MARGIN - 1, None, None)
    for k in range(1, len(sents)):
        first = sum(votes[:k]) - sum(votes[k:])  # conclusion first
        last = -sum(votes[:k]) + sum(votes[k:])  # conclusion last
        for score, order in ((first, "first"), (last, "last")):
            if score > best[0]:
                best = (score, k, order)
    if best[1] is None:
        return None
    cut = sents[best[1]][0]
    names = (CONCLUSION, FINDINGS) if best[2] == "first" else (FINDINGS, CONCLUSION)
    secs = [_section(text, names[0], 0, cut), _section(text, names[1], cut, len(text))]
    return [s for s in secs if s]


def _by_numbers(text: str) -> list[Section] | None:
    run = numbered_run(text)
    if not run:
        return None
    first_stop = re.compile(r"[。\n]").search(text)
    # a run that starts at 2 after one sentence: its "1." was lost (``1.1.右肺结节…。 2.肝…``), the text opens with item 1
    lost_one = int(run[0].groups.get("n") or run[0].groups.get("pn") or 0) == 2 and text.count("。", 0, run[0].start) <= 1
    if first_stop is None or run[0].start < first_stop.start() or run[0].start < 0.1 * len(text) or lost_one:
        end = _sentence_end(text, run[-1].end)
        end = glued_findings_start(text, run[-1].end, end) or _unnumbered_tail_end(text, end)
        secs = [_section(text, CONCLUSION, 0, end), _section(text, FINDINGS, end, len(text))]
    else:
        secs = [_section(text, FINDINGS, 0, run[0].start), _section(text, CONCLUSION, run[0].start, len(text))]
    return [s for s in secs if s]


def glued_findings_start(text: str, start: int, end: int) -> int | None:
    """Where a findings description glued to the last conclusion item begins, in ``text[start:end]``.

    Reports exported from two fields without a separator run the conclusion into the findings
    (``…考虑囊肿,请结合临床右肺上叶见一软组织肿块,大小约3.0CM×2.5CM``): a site written
    straight after a word (no punctuation or space before it), followed within a few characters by
    ``见``/``示``, with a size or enhancement in its clause, after a piece that judges or advises."""
    pack = load_pack("imaging_findings")
    for site in find_sites(text[start:end]):
        p = start + site.start
        if p == start or not re.match(r"[\u4e00-\u9fffA-Za-z]", text[p - 1]):
            continue
        clause_end = re.compile(r"[,，;；。\n]|$").search(text, site.end + start).start()
        if not _GLUED_LEAD.match(text, start + site.end, clause_end):
            continue
        tail = to_halfwidth(text[p:end])
        head = to_halfwidth(text[start:p])
        if (pack.find(tail, labels=["findings_style"]) and (_GLUED_DETAIL.search(tail))
                and pack.find(head, labels=["conclusion_style", "malignancy", "metastasis"])):
            return p
    return None


def _unnumbered_tail_end(text: str, end: int) -> int:
    """The end of short judging sentences written after the last numbered item up to an advice sentence
    (``1.右肺上叶小结节。 胆囊结石。 脾稍大，建议随访。胸廓对称…``): they are conclusion, not findings.
    ``end`` when no advice sentence closes them within ``_TAIL_SENTENCES`` sentences or one of them describes."""
    pack = load_pack("imaging_findings")
    pos = end
    for _ in range(_TAIL_SENTENCES):
        stop = _sentence_end(text, pos)
        sentence = to_halfwidth(text[pos:stop])
        if not sentence.strip() or len(sentence.strip()) > _TAIL_CHARS or pack.find(sentence, labels=["findings_style"]):
            return end
        if _ADVICE.search(sentence):
            return stop
        pos = stop
    return end


_TAIL_SENTENCES, _TAIL_CHARS = 4, 40
_ADVICE = re.compile(r"请结合|建议|随诊|随访|必要时")
_GLUED_LEAD = re.compile(r"[^,，;；。]{0,8}?(?:见|示)")
_GLUED_DETAIL = re.compile(r"\d(?:\.\d+)?\s*(?:cm|mm)|截面|大小|直径|强化|SUV|CT值", re.IGNORECASE)


def split_sections(text: str) -> list[Section]:
    """Findings and conclusion sections in text order (the conclusion may be missing)."""
    for method in (_by_headers, _by_tab, _by_repeated_header, _by_repeated_lead, _by_technique, _by_numbers):
        secs = method(text)
        if secs:
            return secs
    secs = _by_style(text)
    if secs:
        return secs
    sec = _section(text, FINDINGS, 0, len(text))
    return [sec] if sec else []


def conclusion_items(text: str, section: Section) -> list[Item]:
    """Numbered items of a conclusion; without numbers, its sentences (split at 。；; and new lines)."""
    run = numbered_run(text, section.start, section.end)
    items: list[Item] = []
    if run:
        bounds = [m.start for m in run] + [section.end]
        for k, m in enumerate(run):
            s, e = _trim(text, m.end, bounds[k + 1])
            if e > s:
                items.append(Item(int(m.groups.get("n") or m.groups.get("pn") or k + 1), s, e))
        head_s, head_e = _trim(text, section.start, run[0].start)
        if head_e > head_s and items:  # words before "1." belong to the first item
            items[0] = Item(items[0].index, head_s, items[0].end)
        return items
    pos = section.start
    for m in re.finditer(r"[。；;\n]|$", text[section.start:section.end]):
        s, e = _trim(text, pos, section.start + m.end())
        if e > s and re.search(r"[\u4e00-\u9fffA-Za-z]", text[s:e]):
            items.append(Item(len(items) + 1, s, e))
        pos = section.start + m.end()
    return items
