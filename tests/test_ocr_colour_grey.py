"""The grey that separates print from coloured paper best (``colour_grey``, branch labitem12), on drawn pages."""
import numpy as np

from oncostruct.extractors.ocr.colour_grey import fisher, text_grey


def page(paper, ink, seed=0):
    """A page of ``paper`` colour (BGR) with bars of ``ink`` (text lines) and some grain (alike in all channels)."""
    rng = np.random.default_rng(seed)
    img = np.empty((300, 400, 3), np.float32)
    img[:] = paper
    for y in range(20, 280, 30):
        img[y:y + 8, 30:370] = ink
    img += rng.normal(0, 6, img.shape[:2] + (1,))
    return np.clip(img, 0, 255).astype(np.uint8)


def test_red_ink_on_pink_paper_reads_from_the_channel_that_separates_it():
    img = page(paper=(200, 160, 250), ink=(60, 40, 240))  # red print on pink carbonless paper
    out, name = text_grey(img)
    assert name in {"blue", "green"}
    assert out.shape == img.shape and (out[..., 0] == out[..., 1]).all()
    assert fisher(np.ascontiguousarray(out[..., 0])) > fisher(np.ascontiguousarray(img.mean(axis=2).astype(np.uint8)))


def test_black_on_white_is_left_as_it_is():
    img = page(paper=(245, 245, 245), ink=(20, 20, 20))
    out, name = text_grey(img)
    assert name is None and out is img
