"""ONNX Runtime sessions: CUDA when the installed runtime offers it, otherwise CPU."""
from __future__ import annotations

from pathlib import Path

import onnxruntime as ort

from oncostruct.engine.settings import get_settings


def providers() -> list[str]:
    """CUDA then CPU, or CPU only when ``Settings.device`` (``ONCOSTRUCT_DEVICE``) is ``cpu``."""
    available = ort.get_available_providers()
    wanted = ["CUDAExecutionProvider", "CPUExecutionProvider"]
    if get_settings().device == "cpu":
        wanted = ["CPUExecutionProvider"]
    return [p for p in wanted if p in available] or ["CPUExecutionProvider"]


def make_session(path: Path, threads: int | None = None) -> ort.InferenceSession:
    opts = ort.SessionOptions()
    opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    if threads:
        opts.intra_op_num_threads = threads
    return ort.InferenceSession(str(path), sess_options=opts, providers=providers())
