"""Shared plumbing for the pathology extractor: the per-document context, section windows,
Field construction from rule matches with exact spans, and merging of repeated statements."""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Any, Callable, Iterable

from oncostruct.engine.cdm import Code, Field, FieldStatus, Issue, TextSpan
from oncostruct.extractors.base import rule_source
from oncostruct.extractors.rules.loader import LexiconMatch, RuleMatch, load_pack
from oncostruct.extractors.values import to_halfwidth

_CJK = re.compile(r"[\u4e00-\u9fff]")
_SENTENCE_END = "。；;\n"


@dataclass(frozen=True)
class Section:
    kind: str  # diagnosis, gross, microscopic, clinical, molecular, synoptic, ihc
    start: int
    end: int


# Traditional characters common in pathology reports (Taiwan, Hong Kong) and their simplified forms, one for one,
# so that the simplified rules read 免疫組織化學：CK 陽性 as 免疫组织化学：CK 阳性 at the same offsets.
_TRAD = str.maketrans("陽陰數織學組腫細轉無見結脈內緣邊徑診斷標檢體號碼報醫師類級別區側葉頸狀頭濾經處約於與為個壞範圍質達顯觀鏡長寬單雙殘餘術後兩惡變纖維點間門動臟腎膽腸總計項說記錄圖評積樣參據應條異層潤擴遠屬實驗測鱗齡歲複節傷膚癒瘻氣紀週劑療偵聯鎖適剛確認將對發現較並從這們時錯誤減縮癥徵證頁讀請議線導闌蘇歐選擇籤態鈣",
                      "阳阴数织学组肿细转无见结脉内缘边径诊断标检体号码报医师类级别区侧叶颈状头滤经处约于与为个坏范围质达显观镜长宽单双残余术后两恶变纤维点间门动脏肾胆肠总计项说记录图评积样参据应条异层润扩远属实验测鳞龄岁复节伤肤愈瘘气纪周剂疗侦联锁适刚确认将对发现较并从这们时错误减缩症征证页读请议线导阑苏欧选择签态钙")
_TW_CM = re.compile(r"(?<=\d)(\s?)公分")  # 1.2 x 1.0 公分 (Taiwan) -> same-length "cm"


# A dot leader between a label and its value on one line ("脉管侵犯 ........ 未见") reads as a colon.
_LEADER = re.compile(r"(?<=[^\s.])[ \t]{0,4}[.·]{4,200}+[ \t]{0,4}(?=[^\s.])")


def simplify_zh(text: str) -> str:
    """Same-length copy of ``text`` with traditional characters simplified, 公分 after a number written cm and dot
    leaders turned into a colon and spaces."""
    text = _TW_CM.sub(lambda m: m.group(1) + "cm", text.translate(_TRAD))
    return _LEADER.sub(lambda m: ":" + " " * (len(m.group(0)) - 1), text)


@dataclass
class Ctx:
    """One document: original text, a same-length half-width copy to match on, language, sections."""

    text: str
    lang: str
    norm: str = field(init=False)
    sections: list[Section] = field(init=False)
    _cache: dict = field(default_factory=dict, init=False, repr=False)
    _starts: list[int] = field(default_factory=list, init=False, repr=False)

    def __post_init__(self) -> None:
        self.norm = simplify_zh(to_halfwidth(self.text))
        self.sections = find_sections(self.norm, self.rule_lang)
        self._starts = [s.start for s in self.sections]  # sorted, and the sections do not overlap

    @property
    def rule_lang(self) -> str | None:
        """The language whose rules apply: Chinese reports mix in English statements (LVI: present, Margins:
        negative), so they take the rules of both languages (None); English reports take the English ones."""
        return None if self.lang == "zh" else self.lang

    def find(self, pack: str, *labels: str) -> list[RuleMatch]:
        """Non-overlapping matches of ``pack`` restricted to ``labels`` (all when none), cached per document."""
        key = (pack, labels)
        if key not in self._cache:
            self._cache[key] = load_pack(pack).find(self.norm, lang=self.rule_lang, labels=labels or None)
        return self._cache[key]

    def section_at(self, pos: int) -> str | None:
        """Kind of the section containing ``pos`` (the latest header before it); a binary search, not a scan (#20)."""
        i = bisect_right(self._starts, pos) - 1
        return self.sections[i].kind if i >= 0 and pos < self.sections[i].end else None

    def in_section(self, pos: int, kind: str) -> bool:
        return self.section_at(pos) == kind

    def span(self, start: int, end: int) -> TextSpan:
        return TextSpan(start=start, end=end, text=self.text[start:end], section=self.section_at(start))

    def sentence(self, pos: int) -> tuple[int, int]:
        """Bounds of the clause-level sentence around ``pos`` (split on 。；; and newlines)."""
        start = max(self.norm.rfind(c, 0, pos) for c in _SENTENCE_END) + 1
        ends = [i for i in (self.norm.find(c, pos) for c in _SENTENCE_END) if i != -1]
        return start, min(ends) if ends else len(self.norm)


class Spans:
    """Fixed [start, end) spans that answer "does [a, b) overlap one of them?" by binary search (#20)."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self._starts = [s for s, _ in ordered]
        self._max_end = list(accumulate((e for _, e in ordered), max))

    def overlaps(self, start: int, end: int) -> bool:
        k = bisect_left(self._starts, end)  # the spans starting before ``end``
        return k > 0 and self._max_end[k - 1] > start


def detect_lang(text: str, declared: str) -> str:
    """The declared language when known, else zh if CJK characters are common, else en."""
    if declared in ("zh", "en"):
        return declared
    cjk = len(_CJK.findall(text[:4000]))
    return "zh" if cjk >= 5 else "en"


_IHC_SECTION_CAP = 600


def find_sections(norm: str, lang: str) -> list[Section]:
    """Section windows from the header rules: each runs to the next header (IHC capped at 600 chars)."""
    heads: list[tuple[int, str]] = []
    findings = load_pack("pathology_findings")
    labels = sorted({r.label for r in findings.rules if r.label.startswith("section_")})
    for m in findings.find(norm, lang=lang, labels=labels):
        heads.append((m.start, m.label.removeprefix("section_")))
    for m in load_pack("ihc").find(norm, lang=lang, labels=["ihc_section"]):
        heads.append((m.start, "ihc"))
    heads.sort()
    out = []
    for i, (start, kind) in enumerate(heads):
        end = heads[i + 1][0] if i + 1 < len(heads) else len(norm)
        if kind == "ihc":
            end = min(end, start + _IHC_SECTION_CAP)
        out.append(Section(kind, start, end))
    return out


def make_field(
    ctx: Ctx,
    name: str,
    match: RuleMatch | LexiconMatch,
    start: int,
    end: int,
    normalized: Any,
    *,
    code: Code | None = None,
    unit: str | None = None,
    attributes: dict[str, Any] | None = None,
    confidence: float | None = None,
    extra: Iterable[tuple[int, int]] = (),
    inferred: bool = False,
) -> Field:
    """A Field whose value is the original text of [start, end) and whose provenance slices back."""
    spans = [ctx.span(start, end)] + [ctx.span(s, e) for s, e in extra if (s, e) != (start, end)]
    return Field(
        name=name,
        value=ctx.text[start:end],
        normalized=normalized,
        unit=unit,
        code=code,
        confidence=match.reliability if confidence is None else confidence,
        provenance=spans,
        source=rule_source(match),
        inferred=inferred,
        attributes=attributes or {},
    )


def group_span(match: RuleMatch, *names: str) -> tuple[int, int] | None:
    """Span of the first named group that took part in the match."""
    for n in names:
        if n in match.group_spans:
            return match.group_spans[n]
    return None


def merge_repeats(fields: list[Field], key: Callable[[Field], Any]) -> list[Field]:
    """Fields with equal ``key`` collapse into the first; later spans become extra provenance."""
    out: list[Field] = []
    seen: dict[Any, Field] = {}
    spans: dict[int, set[tuple]] = {}  # id(first field) -> its provenance keys: linear, not quadratic (#20)
    for f in fields:
        k = key(f)
        if k in seen:
            first = seen[k]
            if id(first) not in spans:
                spans[id(first)] = {_prov_key(p) for p in first.provenance}
            have = spans[id(first)]
            for p in f.provenance:
                if _prov_key(p) not in have:
                    have.add(_prov_key(p))
                    first.provenance.append(p)
            first.confidence = max(first.confidence, f.confidence)
        else:
            seen[k] = f
            out.append(f)
    return out


def _prov_key(p: Any) -> tuple:
    """A hashable key equal exactly when two provenance models are equal."""
    return type(p), tuple(p.__dict__.items())


def flag_conflicts(fields: list[Field], group: Callable[[Field], Any], what: str) -> list[Issue]:
    """Fields of one name that disagree within a group: mark them for review, return one Issue per group."""
    by_group: dict[Any, list[Field]] = {}
    for f in fields:
        by_group.setdefault(group(f), []).append(f)
    issues = []
    for members in by_group.values():
        if len(members) < 2:
            continue
        for f in members:
            f.status = FieldStatus.needs_review
            f.review_reason = f"conflicting {what} statements"
        values = ", ".join(repr(f.value) for f in members)
        issues.append(Issue(code="pathology.conflict", message=f"conflicting {what}: {values}",
                            severity="warning", fields=[f.name for f in members]))
    return issues


def index_names(fields: list[Field], base: str) -> list[Field]:
    """Name list fields ``base[0]``, ``base[1]`` ... in text order."""
    fields.sort(key=lambda f: f.provenance[0].start if f.provenance else 0)
    for i, f in enumerate(fields):
        f.name = f"{base}[{i}]"
    return fields
