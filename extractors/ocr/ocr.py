"""RapidOCR (PP-OCRv6 det / cls / rec through ONNX Runtime) returning lines with boxes and scores.

The engine is built once per process and per device choice. The CUDA execution provider is
used when ONNX Runtime offers it, CPU otherwise. Only the default model configuration is
used: other ``ocr_version`` / ``model_type`` / ``lang_type`` values download weights at run
time, which is not possible offline.
"""
from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

import numpy as np

from oncostruct.engine.errors import ExtractionError

Point = tuple[float, float]


@dataclass
class OcrLine:
    """One recognised text line: its text, recogniser score and quadrilateral (clockwise from top-left)."""

    text: str
    score: float
    box: list[Point]
    page: int = 0
    attrs: dict[str, Any] = field(default_factory=dict)

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        xs = [p[0] for p in self.box]
        ys = [p[1] for p in self.box]
        return min(xs), min(ys), max(xs), max(ys)


def cuda_available() -> bool:
    try:
        import onnxruntime as ort
    except ImportError:  # pragma: no cover
        return False
    return "CUDAExecutionProvider" in ort.get_available_providers()


_LOCK = threading.Lock()


@lru_cache(maxsize=2)
def _engine(use_cuda: bool):
    try:
        from rapidocr import RapidOCR
    except ImportError as exc:  # pragma: no cover - declared dependency
        raise ExtractionError("OCR needs the rapidocr package (pip install rapidocr==3.10.0 onnxruntime)") from exc
    params: dict[str, Any] = {"Global.log_level": "warning"}
    if use_cuda:
        params["EngineConfig.onnxruntime.use_cuda"] = True
    engine = RapidOCR(params=params)
    logging.getLogger("RapidOCR").setLevel(logging.WARNING)
    return engine


def engine(use_cuda: bool | None = None):
    """The shared RapidOCR instance (CUDA when available unless ``use_cuda`` is False)."""
    with _LOCK:
        return _engine(cuda_available() if use_cuda is None else use_cuda)


def run_ocr(image: np.ndarray, page: int = 0, use_cuda: bool | None = None) -> list[OcrLine]:
    """OCR one BGR page image; lines in reading order as RapidOCR returns them (from ``ocr_cache`` when set)."""
    from oncostruct.extractors.ocr import ocr_cache

    cached = ocr_cache.load(image)
    if cached is not None:
        return [replace(ln, page=page) for ln in ocr_cache.as_lines(cached)]
    lines = lines_of(engine(use_cuda)(image), page)
    ocr_cache.store(image, [ocr_cache.as_dict(ln) for ln in lines])
    return lines


def lines_of(out: Any, page: int = 0) -> list[OcrLine]:
    """The lines of a RapidOCR result (none when it found no text)."""
    if getattr(out, "boxes", None) is None or getattr(out, "txts", None) is None:
        return []
    return [
        OcrLine(text=str(t), score=float(s), box=[(float(x), float(y)) for x, y in np.asarray(b).tolist()], page=page)
        for t, s, b in zip(out.txts, out.scores, out.boxes)
    ]


def line_turns(crops: list[np.ndarray], use_cuda: bool | None = None) -> list[tuple[str, float]]:
    """The line classifier's reading of each text-line crop: (``"0"`` or ``"180"``, score). Tall crops must be
    turned upright by the caller (``rapidocr.utils.process_img.get_rotate_crop_image`` does)."""
    if not crops:
        return []
    cls = engine(use_cuda)._load_cls_model()  # the engine's own classifier: no second copy of its weights
    return [(str(label), float(score)) for label, score in cls(list(crops)).cls_res]


@dataclass
class CropReading:
    """The recogniser's reading of one cropped cell: text, mean score and the score of each character."""

    text: str
    score: float
    char_scores: list[float] = field(default_factory=list)

    @property
    def weakest(self) -> float:
        """The lowest character score (the mean score when the model gave none)."""
        return min(self.char_scores) if self.char_scores else self.score


def recognise(crops: list[np.ndarray], use_cuda: bool | None = None) -> list[CropReading]:
    """The engine's own recognition model (no detection, no line classifier) on each BGR crop of one text line,
    with per-character scores. Used for a second look at single cells. Crops are padded as the engine pads its lines
    (to 320 pixels at height 48): padded only to the widest crop, the model read short numbers worse (7,89 for 7.89)."""
    if not crops:
        return []
    from rapidocr.ch_ppocr_rec.typings import TextRecInput

    rec = engine(use_cuda)._load_rec_model()  # the weights already loaded for the page read
    out = rec(TextRecInput(img=list(crops), return_word_box=True))
    words = out.word_results or [None] * len(crops)
    return [CropReading(str(t), float(s), [float(c) for c in getattr(w, "confs", None) or []])
            for t, s, w in zip(out.txts, out.scores, words)]
