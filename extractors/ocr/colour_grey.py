"""A grey page made from the colour projection that separates print from paper best (coloured paper or ink).

Carbonless copies (pink, yellow, blue paper), red abnormal rows and blue stamps make the usual luminance grey a poor
one: the paper is darker and the ink lighter than on white paper. Each candidate grey (luminance, each of the three
channels, the darkest channel of each pixel) is split in two by Otsu's threshold; its score is the Fisher ratio of
the two classes (distance of their means over the sum of their spreads). The page is replaced by the best
candidate (three equal channels) only when it beats the luminance by ``MIN_GAIN``; otherwise it is left as it is.
Measured on coloured pages before kept on (README, labitem12); off by default (``preprocess.colour``).
"""
from __future__ import annotations

import numpy as np

MIN_GAIN = 1.15  # the best projection's Fisher ratio over the luminance's, at least
_SIDE = 800  # the page is scored on a copy this wide


def fisher(grey: np.ndarray) -> float:
    """Separation of the dark and light classes of an 8-bit grey image under Otsu's threshold."""
    import cv2

    t, _ = cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    dark, light = grey[grey <= t], grey[grey > t]
    if dark.size < 16 or light.size < 16:
        return 0.0
    return float(light.mean() - dark.mean()) / (float(dark.std() + light.std()) + 1.0)


def candidates(image: np.ndarray) -> dict[str, np.ndarray]:
    import cv2

    return {"luminance": cv2.cvtColor(image, cv2.COLOR_BGR2GRAY), "blue": image[:, :, 0], "green": image[:, :, 1],
            "red": image[:, :, 2], "darkest": image.min(axis=2)}


def text_grey(image: np.ndarray) -> tuple[np.ndarray, str | None]:
    """The page as its best-separating grey (three equal channels) and that grey's name, or the page and None."""
    import cv2

    if image.ndim != 3 or image.shape[2] != 3:
        return image, None
    scale = min(1.0, _SIDE / max(image.shape[1], 1))
    small = cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else image
    scores = {k: fisher(np.ascontiguousarray(g)) for k, g in candidates(small).items()}
    best = max(scores, key=scores.get)
    if best == "luminance" or scores[best] < MIN_GAIN * scores["luminance"]:
        return image, None
    grey = np.ascontiguousarray(candidates(image)[best])
    return cv2.cvtColor(grey, cv2.COLOR_GRAY2BGR), best
