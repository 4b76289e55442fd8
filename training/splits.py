"""Fixed, seeded train/dev splits carved from a training file (never from test data)."""
from __future__ import annotations

import hashlib
from typing import Sequence, TypeVar

T = TypeVar("T")

DEFAULT_SEED = 20261122
DEFAULT_DEV_FRACTION = 0.10


def is_dev(key: str, *, fraction: float = DEFAULT_DEV_FRACTION, seed: int = DEFAULT_SEED) -> bool:
    """Stable membership test: a record is in dev when the hash of (seed, key) falls below ``fraction``."""
    digest = hashlib.sha256(f"{seed}:{key}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64 < fraction


def split_train_dev(
    records: Sequence[T], *, key: str = "id", fraction: float = DEFAULT_DEV_FRACTION, seed: int = DEFAULT_SEED
) -> tuple[list[T], list[T]]:
    """Split records (dicts with ``key``) into (train, dev); independent of file order."""
    train, dev = [], []
    for rec in records:
        (dev if is_dev(str(rec[key]), fraction=fraction, seed=seed) else train).append(rec)  # type: ignore[index]
    return train, dev
