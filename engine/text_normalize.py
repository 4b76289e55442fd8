"""Text normalisation that keeps offsets: what extractors see, and how their spans map back.

:func:`normalize_text` maps full-width forms (U+FF01–FF5E) and the ideographic space (U+3000)
to their half-width equivalents (the Chinese punctuation of :data:`CJK_NATIVE` is kept as written). That mapping is 1:1 in characters, so its
:class:`OffsetMap` is the identity; the map abstraction exists so that a later edit that
changes lengths (e.g. dropping zero-width characters) can plug in through :meth:`OffsetMap.from_edits`.
:func:`restore_extraction` moves an extraction made on the normalised text back onto the
original text: every text span, its ``text``, the as-written ``value`` of a field and every
entity then slice the ORIGINAL text.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from oncostruct.engine.cdm import Entity, Field, TextSpan
from oncostruct.engine.components import Extraction

_FULL_START, _FULL_END, _WIDTH_SHIFT = 0xFF01, 0xFF5E, 0xFEE0
# Chinese text writes these in their full-width form as a matter of course, and the rule packs
# and lexicons were written against them (，：；（） as clause and note delimiters, ＜＞ in size
# qualifiers): they stay as written so that existing reports give byte-identical records. The
# pathology context (``Ctx.norm``) and the value parsers half-width them where rules need it.
CJK_NATIVE = "，（）：；！？＜＞"
FULLWIDTH_TABLE: dict[int, int] = {c: c - _WIDTH_SHIFT for c in range(_FULL_START, _FULL_END + 1)
                                   if chr(c) not in CJK_NATIVE} | {0x3000: 0x20}


@dataclass(frozen=True)
class OffsetMap:
    """Normalised index → original index.

    ``points`` holds ``(normalised index, original index)`` anchors, sorted; between anchors the
    offset is constant. No anchors means the identity. ``orig_len`` is the original text's length.
    """

    orig_len: int
    points: tuple[tuple[int, int], ...] = field(default_factory=tuple)

    @classmethod
    def identity(cls, length: int) -> "OffsetMap":
        return cls(length)

    @classmethod
    def from_edits(cls, original: str, keep: list[bool]) -> "OffsetMap":
        """The map of a normalisation that deletes the characters of ``original`` whose ``keep`` is False."""
        points, n = [], 0
        for i, k in enumerate(keep):
            if not k:
                points.append((n, i + 1))  # the next kept character sits at original index i + 1
            else:
                n += 1
        return cls(len(original), tuple(_last_per_key(points)))

    def to_original(self, i: int) -> int:
        """Original index of normalised index ``i`` (an exclusive end maps onto the end of its character)."""
        if not self.points:
            return min(i, self.orig_len)
        k = bisect_right(self.points, (i, self.orig_len + 1)) - 1
        if k < 0:
            return min(i, self.orig_len)
        n0, o0 = self.points[k]
        return min(o0 + (i - n0), self.orig_len)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original ``[start, end)`` of a normalised span; an end never swallows deleted characters after it."""
        if end <= start:
            s = self.to_original(start)
            return s, s
        return self.to_original(start), self.to_original(end - 1) + 1


def _last_per_key(points: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Consecutive deletions give several anchors at one normalised index: keep the last of each."""
    out: dict[int, int] = {}
    for n, o in points:
        out[n] = o
    return sorted(out.items())


@dataclass(frozen=True)
class NormalizedText:
    """The text extractors see, the text it came from, and the map between them."""

    text: str
    original: str
    offsets: OffsetMap

    @property
    def changed(self) -> bool:
        return self.text != self.original


def normalize_text(text: str) -> NormalizedText:
    """Full-width ASCII forms (but :data:`CJK_NATIVE`) and the ideographic space → half-width; same length."""
    return NormalizedText(text.translate(FULLWIDTH_TABLE), text, OffsetMap.identity(len(text)))


def restore_extraction(extraction: Extraction, norm: NormalizedText) -> Extraction:
    """The extraction with spans, span texts, as-written values and entities on the original text."""
    if not norm.changed and not norm.offsets.points:
        return extraction
    return Extraction(fields=[restore_field(f, norm) for f in extraction.fields],
                      entities=[_restore_entity(e, norm) for e in extraction.entities],
                      issues=extraction.issues)


def restore_field(f: Field, norm: NormalizedText) -> Field:
    """One field moved onto the original text (a string value found in one of its spans is re-sliced)."""
    provenance, value = [], f.value
    value_set = not isinstance(f.value, str)
    for p in f.provenance:
        if not isinstance(p, TextSpan):
            provenance.append(p)
            continue
        start, end = norm.offsets.span(p.start, p.end)
        provenance.append(p.model_copy(update={"start": start, "end": end,
                                               "text": None if p.text is None else norm.original[start:end]}))
        if not value_set:
            at = norm.text.find(f.value, p.start, p.end) if f.value else -1
            if at != -1:
                vs, ve = norm.offsets.span(at, at + len(f.value))
                value, value_set = norm.original[vs:ve], True
    return f.model_copy(update={"provenance": provenance, "value": value})


def _restore_entity(e: Entity, norm: NormalizedText) -> Entity:
    start, end = norm.offsets.span(e.start, e.end)
    return e.model_copy(update={"start": start, "end": end, "text": norm.original[start:end]})
