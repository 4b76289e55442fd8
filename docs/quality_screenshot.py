"""The README picture of the quality report: the five dimension figures of a quality.json, stacked in one PNG.

    .venv/bin/python docs/quality_screenshot.py /tmp/q_out/quality.json docs/images/quality_report.png
"""
from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.image as mpimg  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402

from oncostruct.engine.quality.checks import DIMENSIONS  # noqa: E402
from oncostruct.engine.quality.html import figure_png  # noqa: E402


def main(src: Path, out: Path) -> None:
    report = json.loads(src.read_text(encoding="utf-8"))
    images = [mpimg.imread(io.BytesIO(figure_png(d, report["dimensions"][d]["checks"])), format="png")
              for d in DIMENSIONS]
    heights = [im.shape[0] for im in images]
    fig, axes = plt.subplots(len(images), 1, figsize=(7.5, sum(heights) / 100), dpi=100,
                             gridspec_kw={"height_ratios": heights})
    for ax, im in zip(axes, images):
        ax.imshow(im)
        ax.axis("off")
    fig.suptitle(f"quality.html: {report['records']} records, {report['patients']} patients", fontsize=10)
    fig.tight_layout()
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out)
    print(out)


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
