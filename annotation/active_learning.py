"""Which documents annotators see first: uncertainty sampling with diversity across document types.

The policy (configurable through :class:`annotation.settings.PolicySettings`):

1. **Candidates** are Records with at least one ``needs_review`` field.
2. **Uncertainty** of a Record, from the calibrated confidences ``p`` of its ``needs_review`` fields
   (a calibrator per model can be passed in; the CDM confidences are already calibrated):
   * ``least_confidence``: ``1 - min(p)``, the field most likely to be wrong;
   * ``entropy``: the summed binary entropy ``-p·log2 p - (1-p)·log2(1-p)``, favouring
     documents with many uncertain fields.
3. **Diversity** (``round_robin``): documents are ranked by uncertainty within each document
   type, and the types take turns (the type whose best candidate is most uncertain goes first),
   so one over-represented type cannot fill a labelling batch. ``none`` ranks globally.
4. Ties break on the document id, so the order is deterministic. ``limit`` keeps the first N.
"""
from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from typing import Callable, Iterable

from oncostruct.engine.cdm import Field, FieldStatus, Record
from oncostruct.annotation.settings import PolicySettings

Calibrator = Callable[[Field], float]


def identity(field: Field) -> float:
    return field.confidence


def binary_entropy(p: float) -> float:
    p = min(max(p, 1e-9), 1 - 1e-9)
    return -(p * math.log2(p) + (1 - p) * math.log2(1 - p))


def uncertainty(record: Record, strategy: str = "least_confidence", calibrate: Calibrator = identity) -> float:
    """The record's uncertainty under ``strategy`` (0 when nothing needs review)."""
    probs = [calibrate(f) for f in record.fields if f.status is FieldStatus.needs_review]
    if not probs:
        return 0.0
    if strategy == "entropy":
        return sum(binary_entropy(p) for p in probs)
    return 1.0 - min(probs)


@dataclass(frozen=True)
class Ranked:
    record: Record
    score: float
    rank: int


def rank(records: Iterable[Record], policy: PolicySettings | None = None, calibrate: Calibrator = identity) -> list[Ranked]:
    """Candidates in labelling order under ``policy``."""
    policy = policy or PolicySettings()
    scored = [(uncertainty(r, policy.strategy, calibrate), r) for r in records if r.needs_review]
    key = lambda sr: (-sr[0], sr[1].document.doc_id)  # noqa: E731
    if policy.diversity == "none":
        ordered = sorted(scored, key=key)
    else:
        by_type: dict[str, list[tuple[float, Record]]] = defaultdict(list)
        for item in scored:
            by_type[item[1].document.doc_type.value].append(item)
        queues = sorted((sorted(q, key=key) for q in by_type.values()), key=lambda q: key(q[0]))
        ordered = [q[i] for i in range(max(map(len, queues), default=0)) for q in queues if i < len(q)]
    if policy.limit:
        ordered = ordered[:policy.limit]
    return [Ranked(r, round(s, 6), i) for i, (s, r) in enumerate(ordered)]
