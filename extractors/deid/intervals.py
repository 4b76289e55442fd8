"""Point and interval look-ups in O(log n) (issue 18, session 16: the detector stays linear on hostile input).

The detector asks, for each of its spans, whether some changed position, joint, table cell or allow-listed term lies
inside, holds or overlaps it. Asked by a loop over all of them, a long line of repeated vocabulary (thousands of spans
and thousands of cells or changes) took spans times cells; these answer the same questions by bisection.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from itertools import accumulate
from typing import Generic, Iterable, Protocol, TypeVar


class _Span(Protocol):
    start: int
    end: int


S = TypeVar("S", bound=_Span)


class Points:
    """Sorted positions: whether any lies in a half-open range."""

    def __init__(self, points: Iterable[int]) -> None:
        self._points = sorted(points)

    def within(self, lo: int, hi: int) -> bool:
        """Whether some position ``p`` has ``lo <= p < hi``."""
        k = bisect_left(self._points, lo)
        return k < len(self._points) and self._points[k] < hi

    def between(self, lo: int, hi: int) -> list[int]:
        """The positions ``p`` with ``lo <= p <= hi``, in order."""
        return self._points[bisect_left(self._points, lo):bisect_right(self._points, hi)]


class Intervals:
    """Intervals ``(start, end)``: whether one holds or overlaps a range (the widest end among those starting first)."""

    def __init__(self, intervals: Iterable[tuple[int, int]]) -> None:
        pairs = sorted(intervals)
        self._starts = [a for a, _ in pairs]
        self._reach = list(accumulate((b for _, b in pairs), max))   # the widest end of the first k intervals

    def holds(self, start: int, end: int) -> bool:
        """Whether some interval ``(a, b)`` has ``a <= start`` and ``end <= b``."""
        k = bisect_right(self._starts, start)
        return k > 0 and self._reach[k - 1] >= end

    def overlaps(self, start: int, end: int) -> bool:
        """Whether some interval ``(a, b)`` has ``a < end`` and ``start < b``."""
        k = bisect_left(self._starts, end)
        return k > 0 and self._reach[k - 1] > start


class Overlapping(Generic[S]):
    """Items with ``start`` and ``end``: those overlapping a range, found among the items starting at most the longest
    item's length before it (all of them only when one item is as long as the text)."""

    def __init__(self, items: Iterable[S]) -> None:
        self._items = sorted(items, key=lambda s: s.start)
        self._starts = [s.start for s in self._items]
        self._longest = max((s.end - s.start for s in self._items), default=0)

    def of(self, start: int, end: int) -> list[S]:
        """The items ``s`` with ``s.start < end`` and ``start < s.end``."""
        lo = bisect_right(self._starts, start - self._longest)
        return [s for s in self._items[lo:bisect_left(self._starts, end)] if start < s.end]
