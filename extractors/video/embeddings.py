"""Frame embeddings as Parquet (one row per sampled frame), so users can train their own heads.

Columns: ``video`` (name), ``t`` (s), ``frame`` (native index), ``embedding`` (list<float32>, 1280).
Needs ``pyarrow`` (``pip install 'oncostruct[distributed]'``).
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

from oncostruct.engine.errors import MissingDependencyError


def write_embeddings(path: Path, video: str, times: list[float], frames: list[int], features: np.ndarray) -> Path:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise MissingDependencyError("frame embeddings as Parquet need pyarrow: pip install 'oncostruct[distributed]'") from None
    dim = features.shape[1] if features.ndim == 2 else 0
    emb = pa.FixedSizeListArray.from_arrays(pa.array(features.astype(np.float32).ravel(), pa.float32()), dim)
    table = pa.table({"video": [video] * len(times), "t": pa.array(times, pa.float64()),
                      "frame": pa.array(frames, pa.int64()), "embedding": emb})
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(table, path)
    return path
