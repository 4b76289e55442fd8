"""Fixed, seeded train/dev splits carved from a training file (never from test data)."""
from __future__ import annotations

import hashlib
from typing import Sequence, TypeVar

T = TypeVar("T")

DEFAULT_SEED = 20261122
DEFAULT_DEV_FRACTION = 0.10
COPY_MARK = "~"   # an augmented copy's id is its original's, this mark and a suffix (training/deid_augment.py)


def is_dev(key: str, *, fraction: float = DEFAULT_DEV_FRACTION, seed: int = DEFAULT_SEED) -> bool:
    """Stable membership test: a record is in dev when the hash of (seed, key) falls below ``fraction``."""
    digest = hashlib.sha256(f"{seed}:{key}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64 < fraction


def split_train_dev(
    records: Sequence[T], *, key: str = "id", fraction: float = DEFAULT_DEV_FRACTION, seed: int = DEFAULT_SEED
) -> tuple[list[T], list[T]]:
    """Split records (dicts with ``key``) into (train, dev); independent of file order. An augmented copy
    (:data:`COPY_MARK` in its id) falls on its original's side, and only into train: dev holds originals alone."""
    train, dev = [], []
    for rec in records:
        ident = str(rec[key])  # type: ignore[index]
        base, mark, _ = ident.partition(COPY_MARK)
        if is_dev(base, fraction=fraction, seed=seed):
            if not mark:
                dev.append(rec)
        else:
            train.append(rec)
    return train, dev
