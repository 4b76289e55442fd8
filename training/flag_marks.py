"""Render the printed flag marks (and the glyphs printed beside them) in several fonts as glyph templates.

    python -m oncostruct.training.flag_marks [OUT_DIR]     # default: models/weights/flag_marks

Each glyph is drawn at three sizes and two stroke weights in every font found (the largest also shrunk to small
prints: scaled down, blurred, binarised), cut to its ink, and normalised as
``mark_glyphs.normalise`` does at run time; the templates, their labels and a manifest (fonts, glyphs, sha256) are
written to ``OUT_DIR``. Labels are the mark (``↑ ↓ ▲ ▼ H L * ★ +``) or ``other`` (digits, points, letters the
recogniser confuses with arrows when they are printed as such: the template classifier must tell a real ``1`` from a
tiny ``↑``)."""
from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import numpy as np

from oncostruct.extractors.ocr.mark_glyphs import MARKS, normalise

FONTS = [  # (file, index in a collection); missing files are skipped and the manifest lists those used
    ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 0),
    ("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf", 0),
    ("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf", 0),
    ("/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf", 0),
    ("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf", 0),
    ("/usr/share/fonts/truetype/liberation/LiberationMono-Bold.ttf", 0),
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 0),
    ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc", 0),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/truetype/arphic/uming.ttc", 0),
]
OTHER = list("0123456789.-()/%<>lIJVTtgLmu") + ["个"]  # L is a mark; listed here only to skip it below
SIZES = (18, 28, 44)
SMALL = (9, 13)  # ink heights (pixels) of small prints: the 44-pixel glyph scaled down, blurred and binarised


def shrunk(glyph: np.ndarray, height: int) -> np.ndarray | None:
    """A rendered glyph as a small print reads: scaled to ``height`` pixels of ink, blurred, binarised, cut to ink."""
    import cv2

    s = height / glyph.shape[0]
    small = cv2.GaussianBlur(cv2.resize(glyph, None, fx=s, fy=s, interpolation=cv2.INTER_AREA), (3, 3), 0.6)
    ys, xs = np.nonzero(small < 160)
    return None if len(xs) == 0 else (small < 160)[ys.min(): ys.max() + 1, xs.min(): xs.max() + 1]


def render(ch: str, font_path: str, index: int, size: int, bold: bool) -> np.ndarray | None:
    """The glyph's ink (dark on white, uint8), cut to its bounding box; None when the font has no such glyph."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(font_path, size, index=index)
    if font.getmask(ch).getbbox() is None:
        return None
    img = Image.new("L", (size * 3, size * 3), 255)
    ImageDraw.Draw(img).text((size, size // 2), ch, fill=0, font=font, stroke_width=1 if bold else 0, stroke_fill=0)
    a = np.asarray(img)
    ys, xs = np.nonzero(a < 128)
    if len(xs) == 0:
        return None
    return a[ys.min(): ys.max() + 1, xs.min(): xs.max() + 1]


def _is_tofu(glyph: np.ndarray, tofu: np.ndarray | None) -> bool:
    return tofu is not None and glyph.shape == tofu.shape and bool(np.all(glyph == tofu))


def build(out: Path) -> dict:
    vecs, labels, used = [], [], []
    glyphs = [(m, m) for m in MARKS] + [(c, "other") for c in OTHER if c not in MARKS]
    for path, index in FONTS:
        if not Path(path).exists():
            continue
        used.append(Path(path).name)
        for size in SIZES:
            tofu = render("\uffff", path, index, size, False)  # what the font draws for a glyph it lacks
            for bold in (False, True):
                for ch, label in glyphs:
                    g = render(ch, path, index, size, bold)
                    if g is None or _is_tofu(render(ch, path, index, size, False), tofu):
                        continue
                    inks = [g < 128]
                    if size == SIZES[-1]:
                        inks += [m for h in SMALL if (m := shrunk(g, h)) is not None]
                    vecs.extend(normalise(m) for m in inks)
                    labels.extend(label for _ in inks)
    out.mkdir(parents=True, exist_ok=True)
    arrays = out / "templates.npz"
    np.savez_compressed(arrays, vectors=np.stack(vecs).astype(np.float32), labels=np.array(labels))
    manifest = {
        "name": "flag_marks", "version": "1",
        "task": "printed flag marks in a lab table's flag cell: nearest template (cosine) over ink shape and aspect",
        "made_by": "python -m oncostruct.training.flag_marks (rendered, no training data)",
        "fonts": used, "sizes": list(SIZES), "small_prints": list(SMALL), "weights": ["regular", "stroke 1"],
        "marks": MARKS, "other": [c for c in OTHER if c not in MARKS],
        "templates": len(labels), "sha256": hashlib.sha256(arrays.read_bytes()).hexdigest(),
    }
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return manifest


if __name__ == "__main__":
    default = Path(__file__).resolve().parents[1] / "models" / "weights" / "flag_marks"
    print(json.dumps(build(Path(sys.argv[1]) if len(sys.argv) > 1 else default), ensure_ascii=False)[:400])
