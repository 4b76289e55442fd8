"""The detector stays linear on hostile input (issue 18, session 16): long lines of one rule family's vocabulary.

Each check runs in a child process with a generous limit (a regex holds the interpreter, so only a process can be
stopped): a hang detector for a loaded CI machine, never a speed test. Growth is checked as a ratio of CPU times per
doubling of the input (linear: about 2, quadratic: about 4), never as an absolute time. ``benchmarks/deid_hostile.py``
times every regex and every rule family; these are the cases it found growing faster than linearly.

Every text here is invented for this file.
"""
from __future__ import annotations

import multiprocessing as mp
from typing import Callable

import pytest

_LIMIT = 600   # seconds: a hang detector only (session 17: a CI run under load 20 took over 120 s); the fixed code answers in seconds


def _in_child(target: Callable[..., object], *args: object) -> object:
    """``target(*args)`` in a child process; fails the test when it has not answered within ``_LIMIT`` seconds."""
    ctx = mp.get_context("spawn")
    with ctx.Pool(1) as pool:
        job = pool.apply_async(target, args)
        try:
            return job.get(timeout=_LIMIT)
        except mp.TimeoutError:
            pool.terminate()
            pytest.fail(f"{target.__name__}{args!r} did not answer within {_LIMIT} s: superlinear on hostile input")


def _chain_over_line(unit: str, repeats: int) -> int:
    """How many of the address spans found at each ``unit`` of a line of ``repeats`` units the chain grows."""
    from oncostruct.extractors.deid.address_chain import chained, compile_chain
    from oncostruct.extractors.deid.config import load_config

    cfg = load_config().address_chain
    assert cfg is not None
    chain = compile_chain(cfg.before, cfg.after, cfg.postcodes, cfg.end)
    assert chain is not None
    text = unit * repeats
    spans = [(k * len(unit), k * len(unit) + len(unit) - 2) for k in range(repeats)]
    return len(list(chained(spans, text, chain)))


def _detect_ratios(units: list[str], n: int) -> list[float]:
    """For each unit, the detector's CPU time on a line of ``2n`` characters of it over that on ``n`` characters (the
    least of two cold detections each; rules alone: the tagger is linear)."""
    import time

    from oncostruct.extractors.deid.config import load_config
    from oncostruct.extractors.deid.detect import PhiDetector

    det = PhiDetector(load_config().model_copy(update={"model_tagger": None}))
    det.detect("Dr. Amy Chen, 12 Mill Street, 2020-01-01")

    def cpu(text: str) -> float:
        best = float("inf")
        for _ in range(2):
            det._own_spans.cache_clear()
            t0 = time.process_time()
            det.detect(text)
            best = min(best, time.process_time() - t0)
        return max(best, 1e-3)

    return [cpu((u * (2 * n // len(u) + 1))[:2 * n]) / cpu((u * (n // len(u) + 1))[:n]) for u in units]


def test_a_long_line_of_address_parts_is_walked_once_per_span_not_to_its_end() -> None:
    """Every span inside a line of 32,000 parts (``Lane Court, ``: each a town after a street's comma) used to walk
    the chain to the line's end: n spans times n parts (minutes here); the chain after a street is bounded. Each span
    but the first still takes in the parts before it."""
    assert _in_child(_chain_over_line, "Lane Court, ", 32000) == 31999


def test_detector_time_grows_linearly_with_a_repeated_line() -> None:
    """Doubling a line of repeated vocabulary at most about doubles the detector's CPU time (a quadratic mechanism
    quadruples it: ``Lane Court, `` on the old chain gave well over 3; 3 leaves room for a noisy machine)."""
    units = ["Lane Court, ", "Flat 1, Mill Street, Tralee; ", "MRN 13l5282O277 Walker; "]
    ratios = _in_child(_detect_ratios, units, 32000)
    assert isinstance(ratios, list)
    assert all(r < 3.0 for r in ratios), dict(zip(units, ratios))


def test_interval_lookups_answer_as_the_loops_they_replace() -> None:
    """:mod:`extractors.deid.intervals` against the pairwise loops, on random intervals and points."""
    import random
    from dataclasses import dataclass

    from oncostruct.extractors.deid.intervals import Intervals, Overlapping, Points

    @dataclass
    class Span:
        start: int
        end: int

    rng = random.Random(16)
    for _ in range(2000):
        items = [Span(a, a + rng.randint(0, 12)) for a in (rng.randint(0, 50) for _ in range(rng.randint(0, 8)))]
        pairs = [(s.start, s.end) for s in items]
        a = rng.randint(0, 60)
        b = a + rng.randint(0, 10)
        assert Intervals(pairs).holds(a, b) == any(x <= a and b <= y for x, y in pairs)
        assert Intervals(pairs).overlaps(a, b) == any(x < b and a < y for x, y in pairs)
        assert sorted((s.start, s.end) for s in Overlapping(items).of(a, b)) == sorted(
            (x, y) for x, y in pairs if x < b and a < y)
        points = [x for x, _ in pairs]
        assert Points(points).within(a, b) == any(a <= p < b for p in points)
        assert Points(points).between(a, b) == sorted(p for p in points if a <= p <= b)


def _propagation_ratio(n: int) -> float:
    """CPU time of looking for ``2n`` distinct found record numbers over a text of them, over that for ``n``."""
    import time

    from oncostruct.extractors.deid.config import load_config
    from oncostruct.extractors.deid.names import EnglishNames
    from oncostruct.extractors.deid.propagate import propagated

    cfg = load_config()
    assert cfg.propagation is not None
    names = EnglishNames(cfg.en_not_name)

    def cpu(k: int) -> float:
        values = [f"{7300000 + 37 * i:07d}" for i in range(k)]
        text = "".join(f"MRN: {v}, " for v in values)
        t0 = time.process_time()
        found = list(propagated(text, [(v, "RECORD_NUMBER", 0.9) for v in values], cfg.propagation, names))
        assert len(found) == k
        return max(time.process_time() - t0, 1e-3)

    return cpu(2 * n) / cpu(n)


def test_found_values_are_looked_for_in_one_pass_whatever_their_number() -> None:
    """Every value found is looked for again over the document (propagation): an alternation of n values tried each
    value at each position (n distinct record numbers over a text of them: n * n); the values' trie is one pass."""
    ratio = _in_child(_propagation_ratio, 6000)
    assert isinstance(ratio, float) and ratio < 3.0, ratio


def test_a_trie_pattern_matches_as_the_alternation_longest_first() -> None:
    """:func:`trie_pattern` finds what the alternation of the same values sorted longest first finds, spaces standing
    for one or two blanks included (random values over a small alphabet)."""
    import random
    import re

    from oncostruct.extractors.deid.trie_pattern import trie_pattern

    def char(c: str) -> str:
        return r"[ \t]{1,2}" if c == " " else re.escape(c)

    rng = random.Random(16)
    for _ in range(2000):
        values = {" ".join("".join(rng.choice("ab c.") for _ in range(rng.randint(1, 6))).split()) for _ in range(6)}
        values = sorted((v for v in values if v), key=len, reverse=True)
        text = "".join(rng.choice("ab c.\t1") for _ in range(60))
        old = re.compile(r"(?<![a-z])(?:" + "|".join(re.escape(v).replace(r"\ ", r"[ \t]{1,2}") for v in values) + r")(?![a-z])")
        new = re.compile(r"(?<![a-z])(?:" + trie_pattern(values, char) + r")(?![a-z])")
        assert [m.span() for m in old.finditer(text)] == [m.span() for m in new.finditer(text)], (values, text)
        assert [m.span() for m in re.finditer("|".join(map(re.escape, values)), text)] == [
            m.span() for m in re.finditer(trie_pattern(values), text)]
