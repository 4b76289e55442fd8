"""Shared helpers of the de-identification tests."""
from __future__ import annotations

import gc
import time
from typing import Callable

from oncostruct.extractors.deid.detect import PhiDetector


def covered(detector: PhiDetector, text: str, value: str, lang: str = "zh") -> bool:
    """Every occurrence of ``value`` in ``text`` lies inside some predicted span."""
    spans = detector.detect(text, lang)
    i = text.find(value)
    assert i >= 0
    while i >= 0:
        if not any(s.start <= i and i + len(value) <= s.end for s in spans):
            return False
        i = text.find(value, i + 1)
    return True


def spans(detector: PhiDetector, text: str, lang: str) -> list[tuple[str, str]]:
    """The detector's spans in ``text`` as (category, covered text)."""
    return [(s.category, text[s.start:s.end]) for s in detector.detect(text, lang)]


def holds(detector: PhiDetector, text: str, lang: str, category: str, value: str) -> bool:
    """Some span of ``category`` covers the first occurrence of ``value`` in ``text``."""
    i = text.find(value)
    assert i >= 0
    return any(s.category == category and s.start <= i and i + len(value) <= s.end for s in detector.detect(text, lang))


def touches(detector: PhiDetector, text: str, lang: str, category: str, value: str) -> bool:
    """Some span of ``category`` overlaps the first occurrence of ``value`` in ``text``."""
    i = text.find(value)
    assert i >= 0
    return any(s.category == category and s.start < i + len(value) and i < s.end for s in detector.detect(text, lang))


def overlaps(detector: PhiDetector, text: str, lang: str | None, value: str) -> bool:
    """Some span of any category overlaps the first occurrence of ``value`` in ``text``."""
    i = text.find(value)
    assert i >= 0
    return any(s.start < i + len(value) and i < s.end for s in detector.detect(text, lang))


def table_tests(found: list[tuple[str, str, str, str]], left_alone: list[tuple[str, str, str, str]]):
    """The two table tests of a round, over ``(lang, text, category, value)`` rows: every ``found`` value is detected as
    its category (``holds``), no ``left_alone`` value is touched as its category (``touches``). A test module binds
    them: ``test_found, test_left_alone = table_tests(FOUND, LEFT_ALONE)``."""
    import pytest

    @pytest.mark.parametrize("lang,text,category,value", found)
    def test_found(detector: PhiDetector, lang: str, text: str, category: str, value: str) -> None:
        assert holds(detector, text, lang, category, value), spans(detector, text, lang)

    @pytest.mark.parametrize("lang,text,category,value", left_alone)
    def test_left_alone(detector: PhiDetector, lang: str, text: str, category: str, value: str) -> None:
        assert not touches(detector, text, lang, category, value), spans(detector, text, lang)

    return test_found, test_left_alone


def cpu_seconds(work: Callable[[], object]) -> float:
    """Least CPU time of three runs of ``work``, garbage collection off (a collection in one run and not another
    would decide a ratio), at least 10 ms (below that the clock's noise would). For linearity checks as a growth
    ratio per doubling of a hostile input (linear: about 2, quadratic: about 4), never as an absolute time."""
    best = float("inf")
    gc.collect()
    gc.disable()
    try:
        for _ in range(3):
            t0 = time.process_time()
            work()
            best = min(best, time.process_time() - t0)
    finally:
        gc.enable()
    return max(best, 1e-2)


def doubling_ratio(work: Callable[[str], object], unit: str, chars: int = 50_000, head: str = "") -> float:
    """CPU-time ratio of ``work`` on ``head`` + ``chars`` characters of ``unit`` repeated, against half as many
    (:func:`cpu_seconds`): about 2 for a linear reader, about 4 for a quadratic one."""
    def text(n: int) -> str:
        return head + (unit * (n // len(unit) + 1))[:n]

    full, half = text(chars), text(chars // 2)
    return cpu_seconds(lambda: work(full)) / cpu_seconds(lambda: work(half))
