"""Decode PNG / JPEG / TIFF / BMP / multi-page PDF bytes into BGR page images.

EXIF orientation is applied, multi-frame TIFFs and PDFs give one image per page, and very
large images are reduced while decoding (JPEG draft mode) instead of being decoded at full
size. Anything that cannot be decoded raises :class:`engine.errors.InputError` with a reason.
"""
from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

import numpy as np

from oncostruct.engine.errors import EmptyInputError, InputError, InputTooLargeError, UnsupportedInputError


@dataclass(frozen=True)
class ImageLimits:
    """Pixel budgets: pages are reduced to ``max_side`` px; inputs over ``max_pixels`` are refused."""

    max_side: int = 3000
    max_pixels: int = 150_000_000
    max_pages: int = 20
    pdf_dpi: int = 200


class ImageDecodeError(InputError):
    code = "E106"


def load_pages(data: bytes, name: str = "<image>", limits: ImageLimits = ImageLimits()) -> list[np.ndarray]:
    """Page images (uint8 BGR, H×W×3) of an image or PDF file given as bytes."""
    return [page for page, _ in load_scaled_pages(data, name, limits)]


def load_scaled_pages(data: bytes, name: str = "<image>", limits: ImageLimits = ImageLimits()) -> list[tuple[np.ndarray, float]]:
    """(page image, factor from its pixels back to the input image's pixels after EXIF rotation; 1.0 for PDF)."""
    if not data:
        raise EmptyInputError(f"{name}: empty file")
    if data[:5] == b"%PDF-":
        return [(p, 1.0) for p in _pdf_pages(data, name, limits)]
    return _raster_pages(data, name, limits)


def count_pages(data: bytes) -> int:
    """How many pages a PDF, or frames a (multi-page TIFF) image, holds; 1 when it cannot tell."""
    try:
        if data[:4] == b"%PDF":
            import pypdfium2 as pdfium

            pdf = pdfium.PdfDocument(data)
            try:
                return len(pdf)
            finally:
                pdf.close()
        from PIL import Image

        with Image.open(io.BytesIO(data)) as img:
            return int(getattr(img, "n_frames", 1))
    except Exception:  # noqa: BLE001 - unreadable input is reported by the page loader itself
        return 1


def _raster_pages(data: bytes, name: str, limits: ImageLimits) -> list[tuple[np.ndarray, float]]:
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            Image.MAX_IMAGE_PIXELS = None  # our own limit below replaces Pillow's bomb check
            img = Image.open(io.BytesIO(data))
            w, h = img.size
            if w * h > limits.max_pixels:
                raise InputTooLargeError(
                    f"{name}: image is {w}×{h} = {w * h / 1e6:.0f} megapixels; the limit is "
                    f"{limits.max_pixels / 1e6:.0f} megapixels")
            pages = []
            for i in range(getattr(img, "n_frames", 1)):
                if i >= limits.max_pages:
                    break
                img.seek(i)
                full = max(img.size)  # EXIF rotation swaps sides but keeps the longest one
                page = _to_bgr(_reduced(ImageOps.exif_transpose(_draft(img, limits)), limits))
                pages.append((page, full / max(page.shape[:2])))
            return pages
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
        raise ImageDecodeError(f"{name}: not a readable image ({type(exc).__name__}: {exc})") from exc


def _draft(img, limits: ImageLimits):
    """Ask the JPEG decoder for a reduced image when the full one is far over ``max_side``."""
    if img.format == "JPEG" and max(img.size) > 2 * limits.max_side:
        img.draft("RGB", (img.size[0] * limits.max_side // max(img.size),
                          img.size[1] * limits.max_side // max(img.size)))
    img.load()
    return img


def _reduced(img, limits: ImageLimits):
    from PIL import Image

    if max(img.size) <= limits.max_side:
        return img
    factor = max(img.size) // limits.max_side
    if factor >= 2 and img.mode in ("RGB", "RGBA", "L", "LA"):
        img = img.reduce(factor)  # box-filter by an integer factor first: much cheaper than resizing in one go
        if max(img.size) <= limits.max_side:
            return img
    scale = limits.max_side / max(img.size)
    return img.resize((max(1, round(img.size[0] * scale)), max(1, round(img.size[1] * scale))), Image.BILINEAR)


def _to_bgr(img) -> np.ndarray:
    """Any Pillow mode → uint8 BGR; transparency is flattened onto white."""
    if img.mode in ("RGBA", "LA", "PA") or (img.mode == "P" and "transparency" in img.info):
        from PIL import Image

        rgba = img.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        img = Image.alpha_composite(white, rgba)
    if img.mode in ("I;16", "I;16B", "I;16L", "I", "F"):
        arr = np.asarray(img, dtype=np.float64)
        span = float(arr.max() - arr.min()) or 1.0
        gray = ((arr - arr.min()) / span * 255).astype(np.uint8)
        return np.repeat(gray[:, :, None], 3, axis=2)
    rgb = np.asarray(img.convert("RGB"))
    return np.ascontiguousarray(rgb[:, :, ::-1])


def _pdf_pages(data: bytes, name: str, limits: ImageLimits) -> list[np.ndarray]:
    try:
        import pypdfium2 as pdfium
    except ImportError as exc:  # pragma: no cover - pypdfium2 is a declared dependency
        raise UnsupportedInputError(f"{name}: PDF input needs pypdfium2 (pip install pypdfium2)") from exc
    try:
        pdf = pdfium.PdfDocument(data)
    except Exception as exc:  # noqa: BLE001 - pdfium raises its own PdfiumError
        raise ImageDecodeError(f"{name}: not a readable PDF ({exc})") from exc
    pages = []
    try:
        for i in range(min(len(pdf), limits.max_pages)):
            page = pdf[i]
            w, h = page.get_size()
            scale = min(limits.pdf_dpi / 72, limits.max_side / max(w, h, 1))
            pil = page.render(scale=scale).to_pil()
            pages.append(_to_bgr(pil))
    finally:
        pdf.close()
    if not pages:
        raise EmptyInputError(f"{name}: PDF has no pages")
    return pages
