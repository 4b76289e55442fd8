"""Decoding images and PDFs: formats, EXIF orientation, pages, limits, and clear errors."""
import io
import struct
import zlib

import numpy as np
import pytest
from PIL import Image

from oncostruct.engine.errors import EmptyInputError, InputTooLargeError
from oncostruct.extractors.ocr.image_io import ImageDecodeError, ImageLimits, load_pages, load_scaled_pages


def _bytes(img: Image.Image, fmt: str, **kw) -> bytes:
    buf = io.BytesIO()
    img.save(buf, fmt, **kw)
    return buf.getvalue()


def _marked(w=60, h=40) -> Image.Image:
    img = Image.new("RGB", (w, h), (255, 255, 255))
    img.putpixel((0, 0), (255, 0, 0))  # red marker at the top-left corner
    return img


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "TIFF", "BMP"])
def test_formats_decode_to_bgr(fmt):
    pages = load_pages(_bytes(_marked(), fmt), f"x.{fmt.lower()}")
    assert len(pages) == 1 and pages[0].shape == (40, 60, 3) and pages[0].dtype == np.uint8


def test_png_alpha_is_flattened_on_white():
    img = Image.new("RGBA", (10, 10), (0, 0, 0, 0))
    page = load_pages(_bytes(img, "PNG"))[0]
    assert page.min() == 255


def test_exif_orientation_is_applied():
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise on display
    page = load_pages(_bytes(_marked(), "JPEG", exif=exif.tobytes(), quality=95))[0]
    assert page.shape[:2] == (60, 40)


def test_multipage_tiff_and_pdf():
    frames = [_marked(), _marked(80, 50)]
    tiff = _bytes(frames[0], "TIFF", save_all=True, append_images=frames[1:])
    assert [p.shape[:2] for p in load_pages(tiff)] == [(40, 60), (50, 80)]
    pytest.importorskip("pypdfium2")
    pdf = _bytes(frames[0], "PDF", save_all=True, append_images=frames[1:], resolution=72)
    pages = load_pages(pdf, "x.pdf")
    assert len(pages) == 2 and pages[0].shape[2] == 3


def test_large_pages_are_reduced_and_the_scale_is_kept():
    [(page, scale)] = load_scaled_pages(_bytes(_marked(4000, 1000), "PNG"), limits=ImageLimits(max_side=1000))
    assert max(page.shape[:2]) == 1000 and scale == 4.0


def _png_header_only(w: int, h: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) + chunk(b"IEND", b"")


def test_hundred_megapixel_image_is_refused_before_decoding():
    with pytest.raises(InputTooLargeError, match="megapixels"):
        load_pages(_png_header_only(10_000, 10_000), "huge.png", ImageLimits(max_pixels=50_000_000))


def test_corrupt_and_empty_inputs_raise_clear_errors():
    with pytest.raises(ImageDecodeError, match="not a readable image"):
        load_pages(b"\x89PNG\r\n\x1a\n" + b"garbage" * 10, "bad.png")
    with pytest.raises(ImageDecodeError, match="not a readable PDF"):
        load_pages(b"%PDF-1.4 garbage", "bad.pdf")
    with pytest.raises(EmptyInputError):
        load_pages(b"", "empty.png")


def test_pages_past_the_limit_are_counted_so_they_can_be_reported():
    from oncostruct.extractors.ocr.image_io import count_pages

    frames = [_marked(), _marked(80, 50), _marked(30, 30)]
    tiff = _bytes(frames[0], "TIFF", save_all=True, append_images=frames[1:])
    assert len(load_pages(tiff, limits=ImageLimits(max_pages=2))) == 2 and count_pages(tiff) == 3
    pytest.importorskip("pypdfium2")
    pdf = _bytes(frames[0], "PDF", save_all=True, append_images=frames[1:], resolution=72)
    assert count_pages(pdf) == 3 and count_pages(b"%PDF-1.4 garbage") == 1


def test_a_pdf_longer_than_the_page_limit_gets_an_issue_naming_the_skipped_pages():
    pytest.importorskip("pypdfium2")
    pytest.importorskip("rapidocr")
    from oncostruct.engine.cdm import DocType
    from oncostruct.extractors.base import ExtractionInput
    from oncostruct.extractors.ocr.lab_report import LabReportExtractor

    frames = [_marked(200, 100) for _ in range(4)]
    pdf = _bytes(frames[0], "PDF", save_all=True, append_images=frames[1:], resolution=72)
    ex = LabReportExtractor(limits=ImageLimits(max_pages=2)).extract(
        ExtractionInput(text="", doc_type=DocType.lab_report, language="zh", data=pdf, modality="pdf", name="long.pdf"))
    skipped = [i for i in ex.issues if i.code == "lab.pages_skipped"]
    assert len(skipped) == 1 and "pages 3–4 of 4" in skipped[0].message
