"""The patient timeline screenshot in the README (docs/images/timeline.png), in headless Chromium.

    ONCOSTRUCT_SECRET_KEY=demo python docs/take_timeline_screenshot.py

Builds the seeded dev set (benchmarks/assemble_devset.py), keeps the documents of one patient with
surgery, chemotherapy and a progression scan, runs ``oncostruct batch --assemble`` on them and
screenshots OUT/timeline.html (the same Chromium call as tests/test_html_view.py).
"""
from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.assemble_devset import build  # noqa: E402
from tests.test_html_view import screenshot  # noqa: E402


def main(patient: str = "P012", out_png: Path = ROOT / "docs" / "images" / "timeline.png") -> None:
    docs, _ = build(48, 19)
    chosen = [d for d in docs if d["doc_id"].startswith(patient + "-")]
    with tempfile.TemporaryDirectory() as tmp:
        manifest = Path(tmp) / "manifest.jsonl"
        manifest.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in chosen), encoding="utf-8")
        out = Path(tmp) / "out"
        subprocess.run([sys.executable, "-m", "oncostruct", "batch", str(manifest), "--out", str(out), "--assemble",
                        "--no-progress"], check=True)
        screenshot(out / "timeline.html", out_png, size="1100,1250")
    print(out_png)


if __name__ == "__main__":
    main(*sys.argv[1:2])
