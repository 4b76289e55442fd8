"""One read of a page in the orientation its own text detection gives (0 / 90 / 180 / 270°).

RapidOCR's steps are run one by one (``detect → classify lines → recognise``) so that the page's orientation
is decided between detection and recognition, and the recogniser runs once, in the chosen turn:

1. **Detection** on the page as it lies (the same call, at the same size, as a plain read).
2. **Across or down** (``vertical_share``): the share of elongated boxes (long side ≥ ``elongation`` × short
   side) that are taller than wide. Text running down the page can only be righted by a quarter turn (90 /
   270), text running across only by 0 / 180.
3. **Which way up**: the line classifier (RapidOCR's own cls model) votes on the ``cls_lines`` longest boxes.
   Upright-lying text needs the classifier on every box anyway (a plain read does the same), so its vote is
   free; for text running down only the sampled boxes are classified. When the vote is not clear
   (``cls_clear``), the recogniser reads the ``rec_lines`` longest boxes in both turns of the pair and the turn
   with the higher mean score wins (a few crops, not a page).
4. **One recognition** in the chosen turn. With ``redetect`` (default) the righted page is read as a plain read
   would, its own detection included: the detector, run on text lying sideways, splits and joins some cells
   differently (measured: 1 of 23 and 1 of 7 rows lost on two of four visible images turned 90°), and the second
   detection cost a turned page 1.28× instead of 0.92× a plain read in that run. Without it the first
   detection's boxes are moved through the quarter turn, cropped from the turned page, classified and recognised.

A page that lies upright therefore gives exactly the lines of a plain read (same boxes, crops and models).
"""
from __future__ import annotations

import copy
from dataclasses import dataclass, field

import numpy as np

from oncostruct.extractors.ocr import ocr_cache
from oncostruct.extractors.ocr.geometry import quarter_turn
from oncostruct.extractors.ocr.ocr import OcrLine, engine, lines_of, run_ocr

_TAG = "oriented-read-v1"  # cache entries of the decision
_LINES = _TAG + ":lines"  # ... and of the lines read turned (a plain read's lines have no tag)


@dataclass
class OrientedRead:
    """The lines of the page turned by ``quarter`` counter-clockwise quarter turns (``np.rot90``'s k), and how
    the turn was decided."""

    lines: list[OcrLine]
    quarter: int = 0
    notes: list[str] = field(default_factory=list)


def elongated(boxes: np.ndarray, ratio: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(mask of elongated boxes, widths, heights) of quadrilaterals ordered clockwise from the top-left."""
    w = np.maximum(np.linalg.norm(boxes[:, 0] - boxes[:, 1], axis=1), np.linalg.norm(boxes[:, 2] - boxes[:, 3], axis=1))
    h = np.maximum(np.linalg.norm(boxes[:, 0] - boxes[:, 3], axis=1), np.linalg.norm(boxes[:, 1] - boxes[:, 2], axis=1))
    return np.maximum(w, h) >= ratio * np.maximum(np.minimum(w, h), 1.0), w, h


def vertical_share(boxes: np.ndarray, ratio: float) -> float | None:
    """Share of the elongated boxes that are taller than wide; None without elongated boxes."""
    if len(boxes) == 0:
        return None
    mask, w, h = elongated(boxes, ratio)
    return float((h[mask] > w[mask]).mean()) if mask.any() else None


def longest(boxes: np.ndarray, ratio: float, n: int) -> list[int]:
    """Indices of the ``n`` longest elongated boxes (longest first)."""
    mask, w, h = elongated(boxes, ratio)
    idx = np.flatnonzero(mask)
    return [int(i) for i in idx[np.argsort(-np.maximum(w, h)[idx], kind="stable")][:n]]


def turn_boxes(boxes: np.ndarray, quarter: int, width: int, height: int) -> np.ndarray:
    """Boxes of a ``width`` × ``height`` image as they lie on ``np.rot90(image, quarter)``, each started again
    at its top-left corner (clockwise kept: a quarter turn keeps the winding)."""
    hmat = quarter_turn(quarter, width, height)
    pts = np.concatenate([boxes, np.ones((*boxes.shape[:2], 1))], axis=2) @ hmat.T
    pts = pts[..., :2].astype(np.float32)
    start = np.argmin(pts[..., 0] + pts[..., 1], axis=1)
    return np.stack([np.roll(p, -s, axis=0) for p, s in zip(pts, start)]) if len(pts) else pts


def reading_order(boxes: np.ndarray) -> np.ndarray:
    """The permutation RapidOCR's detector sorts boxes by (top to bottom, then left to right within a line)."""
    from rapidocr.ch_ppocr_det.main import TextDetector

    tagged = np.concatenate([boxes, np.repeat(np.arange(len(boxes), dtype=boxes.dtype)[:, None, None], 2, axis=2)],
                            axis=1)
    return TextDetector.sorted_boxes(tagged)[:, -1, 0].astype(int)


def _crops(img: np.ndarray, boxes: np.ndarray) -> list[np.ndarray]:
    from rapidocr.utils.process_img import get_rotate_crop_image

    return [get_rotate_crop_image(img, copy.deepcopy(b)) for b in boxes]


def _rec_score(eng, crops: list[np.ndarray]) -> float:
    from rapidocr.ch_ppocr_rec import TextRecInput

    if not crops:
        return 0.0
    res = eng._load_rec_model()(TextRecInput(img=crops))
    return float(np.mean(res.scores)) if res.scores is not None else 0.0


def _read(eng, ori: np.ndarray, img: np.ndarray, op_record: dict, boxes: np.ndarray, scores: list[float],
          crops: list[np.ndarray] | None = None, cls=None) -> list[OcrLine]:
    """Classify (unless ``cls`` is given) and recognise the boxes of ``img``; lines in ``ori``'s pixels."""
    from rapidocr.ch_ppocr_det import TextDetOutput

    crops = _crops(img, boxes) if crops is None else crops
    cls_imgs, cls = eng.cls_and_rotate(crops) if cls is None else cls
    rec = eng.recognize_txt(cls_imgs)
    out = eng.build_final_output(ori, TextDetOutput(img, boxes, list(scores)), cls, rec, crops, op_record)
    return lines_of(out)


def decide(eng, img: np.ndarray, boxes: np.ndarray, crops: list[np.ndarray], opts) -> tuple[int, object, list[str]]:
    """(quarter turn that rights the page, the classifier's output on all crops when it ran on them, notes)."""
    share = vertical_share(boxes, opts.elongation)
    down = share is not None and share > opts.vertical_share
    picks = longest(boxes, opts.elongation, opts.cls_lines)
    cls_all = None
    if down:  # only the sampled crops: the page is read again turned, where every crop is classified
        labels = [lab for lab, _ in eng._load_cls_model()([crops[i] for i in picks]).cls_res] if picks else []
    else:
        cls_all = eng.cls_and_rotate(crops)
        labels = [cls_all[1].cls_res[i][0] for i in picks]
    # tall crops are turned counter-clockwise before classifying: upside down there = page turned counter-clockwise
    pair = (1, 3) if down else (0, 2)
    notes = [f"orientation:det:down={share if share is not None else 0:.2f}"]
    if not labels:
        return pair[0], cls_all, notes
    up = sum("180" in lab for lab in labels) / len(labels)
    notes[0] += f";cls180={up:.2f}"
    if max(up, 1 - up) >= opts.cls_clear or not opts.rec_lines:
        return (pair[1] if up >= 0.5 else pair[0]), cls_all, notes
    sample = [crops[i] for i in picks[: opts.rec_lines]]
    upright = [np.ascontiguousarray(np.rot90(c, 2)) for c in sample]
    s0, s180 = _rec_score(eng, sample), _rec_score(eng, upright)
    notes[0] += f";rec={s0:.2f}/{s180:.2f}"
    return (pair[1] if s180 > s0 else pair[0]), cls_all, notes


def read_oriented(image: np.ndarray, page: int, opts, use_cuda: bool | None = None) -> OrientedRead:
    """Detect once, decide the turn (``decide``), recognise once in it. ``opts``: ``OrientationOptions``."""
    cached = ocr_cache.load(image, _TAG)
    if cached is not None:
        q = int(cached["quarter"])
        turned = np.ascontiguousarray(np.rot90(image, q)) if q else image
        lines = ocr_cache.load(turned, _lines_tag(q, opts))
        if lines is not None:
            return OrientedRead(_with_page(ocr_cache.as_lines(lines), page), q, list(cached["notes"]))
    eng = engine(use_cuda)
    img, op_record = eng.preprocess_img(image)
    from rapidocr.main import RapidOCRError
    from rapidocr.utils.process_img import map_boxes_to_original

    try:
        crops, det = eng.detect_and_crop(img, op_record)
    except RapidOCRError:
        ocr_cache.store(image, {"quarter": 0, "notes": []}, _TAG)
        ocr_cache.store(image, [], "")
        return OrientedRead([])
    boxes = np.asarray(det.boxes, dtype=np.float32)
    q, cls_all, notes = decide(eng, img, boxes, crops, opts)
    if q == 0:
        plain = ocr_cache.load(image, "")  # a plain read of the same pixels gives the same lines
        lines = ocr_cache.as_lines(plain) if plain is not None else \
            _read(eng, image, img, op_record, boxes, det.scores, crops, cls_all)
        turned = image
    elif opts.redetect:  # the righted page read as a plain read would: its own detection, one recognition
        turned = np.ascontiguousarray(np.rot90(image, q))
        lines = run_ocr(turned, page, use_cuda)
    else:
        turned = np.ascontiguousarray(np.rot90(image, q))
        back = map_boxes_to_original(boxes.copy(), copy.deepcopy(op_record), image.shape[0], image.shape[1])
        t_img, t_record = eng.preprocess_img(turned)
        t_record["padding_1"] = {"top": 0, "left": 0}
        ratio_h, ratio_w = t_record["preprocess"]["ratio_h"], t_record["preprocess"]["ratio_w"]
        moved = turn_boxes(back, q, image.shape[1], image.shape[0])
        moved[..., 0] /= ratio_w
        moved[..., 1] /= ratio_h
        order = reading_order(moved)
        lines = _read(eng, turned, t_img, t_record, moved[order], [det.scores[i] for i in order])
    ocr_cache.store(turned, [ocr_cache.as_dict(ln) for ln in lines], _lines_tag(q, opts))
    ocr_cache.store(image, {"quarter": q, "notes": notes}, _TAG)
    return OrientedRead(_with_page(lines, page), q, notes)


def _lines_tag(quarter: int, opts) -> str:
    """Cache tag of the lines read in the chosen turn: none when they are a plain read of the (turned) pixels."""
    return "" if quarter == 0 or opts.redetect else _LINES


def _with_page(lines: list[OcrLine], page: int) -> list[OcrLine]:
    for ln in lines:
        ln.page = page
    return lines
