"""The two baselines of ``bench lab``: Tesseract chi_sim lines through our row parser, and raw
RapidOCR lines grouped naively by y (one row per printed line, roles by content only).
"""
from __future__ import annotations

import shutil
import subprocess
import tempfile
import statistics

from oncostruct.extractors.ocr.cells import clean, has_cjk, labels
from oncostruct.extractors.ocr.ocr import OcrLine


def tesseract_available() -> bool:
    return shutil.which("tesseract") is not None


def tesseract_lines(image, lang: str = "chi_sim+eng", timeout: float = 120, max_side: int = 2000) -> list[OcrLine]:
    """Tesseract words (TSV output, page segmentation mode 6) joined into lines with boxes.

    ``image`` is a BGR array; like RapidOCR (``max_side_len`` 2000) it is reduced to ``max_side``
    pixels first, and boxes are scaled back to the given image.
    """
    import cv2

    scale = min(1.0, max_side / max(image.shape[:2]))
    small = cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else image
    with tempfile.NamedTemporaryFile(suffix=".png") as tmp:
        cv2.imwrite(tmp.name, small)
        try:
            out = subprocess.run(["tesseract", tmp.name, "stdout", "-l", lang, "--psm", "6", "tsv"],
                                 capture_output=True, text=True, timeout=timeout, check=False).stdout
        except subprocess.TimeoutExpired:
            return []
    lines: dict[tuple[int, int, int], list[tuple[str, float, int, int, int, int]]] = {}
    for row in out.splitlines()[1:]:
        parts = row.split("\t")
        if len(parts) < 12 or not parts[11].strip():
            continue
        key = (int(parts[2]), int(parts[3]), int(parts[4]))
        x, y, w, h, conf = int(parts[6]), int(parts[7]), int(parts[8]), int(parts[9]), float(parts[10])
        lines.setdefault(key, []).append((parts[11], max(conf, 0) / 100, x, y, w, h))
    result = []
    for words in lines.values():
        words.sort(key=lambda w: w[2])
        # Tesseract splits CJK into single characters: join them back, keep spaces between wider gaps
        text, last_x1, gaps = "", None, []
        hs = statistics.median(w[5] for w in words) or 1
        for t, _, x, _, w, _ in words:
            if last_x1 is not None and x - last_x1 > 0.6 * hs:
                text += " "
            text += t
            last_x1 = x + w
        x0 = min(w[2] for w in words)
        y0 = min(w[3] for w in words)
        x1 = max(w[2] + w[4] for w in words)
        y1 = max(w[3] + w[5] for w in words)
        score = statistics.mean(w[1] for w in words)
        x0, y0, x1, y1 = (v / scale for v in (x0, y0, x1, y1))
        result.append(OcrLine(text, score, [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]))
    return result


def naive_rows(lines: list[OcrLine]) -> list[dict]:
    """Group raw OCR lines by y; in each line the first Chinese text is the item and content decides the rest."""
    if not lines:
        return []
    hs = [ln.bbox[3] - ln.bbox[1] for ln in lines]
    tol = 0.5 * (statistics.median(hs) if hs else 10)
    groups: list[list[OcrLine]] = []
    for ln in sorted(lines, key=lambda ln: (ln.bbox[1] + ln.bbox[3]) / 2):
        yc = (ln.bbox[1] + ln.bbox[3]) / 2
        if groups and abs(yc - statistics.mean((g.bbox[1] + g.bbox[3]) / 2 for g in groups[-1])) <= tol:
            groups[-1].append(ln)
        else:
            groups.append([ln])
    rows = []
    for g in groups:
        words = [w for ln in sorted(g, key=lambda ln: ln.bbox[0]) for w in clean(ln.text).split(" ") if w]
        item_i = next((i for i, w in enumerate(words) if has_cjk(w) and not labels(w) & {"qualitative"}), None)
        if item_i is None:
            continue
        row = {"item": words[item_i], "value": None, "unit": None, "reference": None, "flag": None}
        for w in words[item_i + 1:]:
            labs = labels(w)
            if row["value"] is None and labs & {"value", "value_flag", "qualitative"}:
                row["value"] = w
            elif "flag" in labs and row["flag"] is None:
                row["flag"] = w
            elif labs & {"reference", "reference_unit"} and row["reference"] is None:
                row["reference"] = w
            elif "unit" in labs and row["unit"] is None:
                row["unit"] = w
        if row["value"] is not None:
            rows.append(row)
    return rows
