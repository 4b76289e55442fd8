"""Synthetic lab sheets for tests and augmentation: a rendered image plus its ground truth.

``render_sheet(seed)`` draws a Chinese lab report (title, header fields with a made-up
patient name, one or two table blocks side by side, column orders and header wordings that
vary, flags printed as arrows) with a CJK font, then optionally degrades it (rotation,
perspective, blur, noise, JPEG). The ground truth has the ``labels/*.json`` format of
shared/data/lab_reports, so ``bench lab`` can score a generated folder. All values are
random; nothing is copied from real reports.
"""
from __future__ import annotations

import io
import json
import random
from dataclasses import dataclass
from pathlib import Path

import numpy as np

FONT_PATHS = ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", "/usr/share/fonts/wqy-microhei/wqy-microhei.ttc")

# (name, abbreviation, unit, low, high, decimals) — adult reference intervals after WS/T 405-2012
CBC = [
    ("白细胞计数", "WBC", "10^9/L", 3.5, 9.5, 2), ("中性粒细胞百分比", "NEUT%", "%", 40, 75, 1),
    ("淋巴细胞百分比", "LYMPH%", "%", 20, 50, 1), ("单核细胞百分比", "MONO%", "%", 3, 10, 1),
    ("中性粒细胞计数", "NEUT#", "10^9/L", 1.8, 6.3, 2), ("淋巴细胞计数", "LYMPH#", "10^9/L", 1.1, 3.2, 2),
    ("红细胞计数", "RBC", "10^12/L", 4.3, 5.8, 2), ("血红蛋白", "HGB", "g/L", 130, 175, 0),
    ("红细胞压积", "HCT", "%", 40, 50, 1), ("平均红细胞体积", "MCV", "fL", 82, 100, 1),
    ("平均血红蛋白量", "MCH", "pg", 27, 34, 1), ("平均血红蛋白浓度", "MCHC", "g/L", 316, 354, 0),
    ("血小板计数", "PLT", "10^9/L", 125, 350, 0), ("平均血小板体积", "MPV", "fL", 7.4, 12.5, 1),
]
CHEM = [
    ("谷丙转氨酶", "ALT", "U/L", 9, 50, 1), ("谷草转氨酶", "AST", "U/L", 15, 40, 1),
    ("总胆红素", "TBIL", "umol/L", 5.1, 19.0, 1), ("白蛋白", "ALB", "g/L", 40, 55, 1),
    ("肌酐", "CREA", "umol/L", 57, 111, 0), ("尿素", "UREA", "mmol/L", 3.1, 8.0, 2),
    ("尿酸", "UA", "umol/L", 208, 428, 0), ("葡萄糖", "GLU", "mmol/L", 3.9, 6.1, 2),
    ("癌胚抗原", "CEA", "ng/mL", 0, 5, 2), ("甲胎蛋白", "AFP", "ng/mL", 0, 7, 2),
    ("糖类抗原125", "CA125", "U/mL", 0, 35, 1), ("糖类抗原19-9", "CA19-9", "U/mL", 0, 37, 1),
]
URINE_QUAL = [("尿蛋白", "PRO"), ("尿糖", "GLU"), ("酮体", "KET"), ("亚硝酸盐", "NIT"), ("尿胆原", "URO")]
LAYOUTS = [
    ("项目名称", "结果", "单位", "参考范围"),
    ("检验项目", "缩写", "结果", "提示", "参考区间", "单位"),
    ("项目", "结果", "参考值", "单位"),
    ("序号", "项目名称", "英文名称", "测定结果", "单位", "参考范围"),
]


@dataclass
class Degrade:
    rotate_deg: float = 0.0
    perspective: float = 0.0  # 0..0.1: corner displacement as a share of the size
    blur: float = 0.0  # Gaussian sigma in px
    noise: float = 0.0  # Gaussian noise sigma (0..255)
    jpeg_quality: int | None = None
    quarter: int = 0  # whole-page turn, counter-clockwise quarter turns (np.rot90's k)
    light: float = 1.0  # < 1: a low-light photo (darker, lower contrast)
    shadow: float = 0.0  # 0..1: depth of a shadow darkening the page from one side
    curl: float = 0.0  # page curl: sinusoidal vertical warp, amplitude as a share of the page height
    scale: float = 1.0  # < 1: a low-resolution camera (downscaled, then sent at that size)


# Further CJK faces used by the stress set when installed (apt-get install fonts-arphic-uming fonts-wqy-zenhei):
# a Ming (serif) face and a second Hei face. Sheets asking for a missing one fall back to the default font.
FONTS = {"microhei": "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
         "uming": "/usr/share/fonts/truetype/arphic/uming.ttc",
         "zenhei": "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"}


def font_path(name: str | None = None) -> str | None:
    if name and Path(FONTS.get(name, "")).exists():
        return FONTS[name]
    return next((p for p in FONT_PATHS if Path(p).exists()), None)


def _font(size: int, name: str | None = None):
    from PIL import ImageFont

    path = font_path(name)
    if path is None:
        raise FileNotFoundError("CJK font not found: apt-get install fonts-wqy-microhei")
    return ImageFont.truetype(path, size)


def _rows(rng: random.Random, n: int, kind: str) -> list[dict]:
    if kind == "urine":
        rows = []
        for name, abbr in URINE_QUAL[:n]:
            pos = rng.random() < 0.25
            rows.append({"item": name, "abbr": abbr, "value": rng.choice(["1+", "2+", "阳性"]) if pos else "阴性",
                         "unit": None, "reference": "阴性", "flag": "↑" if pos else "", "legible": True})
        return rows
    table = CBC if kind == "cbc" else CHEM
    rows = []
    for name, abbr, unit, lo, hi, dec in rng.sample(table, min(n, len(table))):
        r = rng.random()
        v = rng.uniform(hi, hi * 1.6 + 1) if r < 0.15 else rng.uniform(lo * 0.5, lo) if r < 0.25 and lo > 0 else rng.uniform(lo, hi)
        v = min(v, 99.0) if unit == "%" else v  # a percentage never passes 100
        value = f"{v:.{dec}f}"
        flag = "↑" if float(value) > hi else "↓" if float(value) < lo else ""
        ref = f"{lo:g}-{hi:g}"
        rows.append({"item": name, "abbr": abbr, "value": value, "unit": unit, "reference": ref, "flag": flag,
                     "legible": True})
    return rows


def render_sheet(seed: int = 0, *, n_rows: int | None = None, blocks: int | None = None,
                 kind: str | None = None, degrade: Degrade | None = None, numbered: bool = False,
                 header: bool = True, layout: int | None = None,
                 overrides: dict[int, dict] | None = None, font: str | None = None, gap: int = 30,
                 wrap: bool = False, item_w: int = 220) -> tuple[np.ndarray, dict]:
    """(BGR image, ground truth in the lab_reports label format).

    ``blocks``: 1–3 column groups side by side, each with its own header row (``header=False``: none);
    ``numbered``: a running number printed before each item name (``3 红细胞计数``; the truth's rows get
    ``index``); ``layout``: an index into :data:`LAYOUTS`; ``overrides``: row number → printed cells that
    replace the generated ones (a wrong flag, an implausible value, a bad unit), kept in the truth; ``item_w``: the
    width of the item column (wider for names printed with their codes).
    """
    from PIL import Image, ImageDraw

    rng = random.Random(seed)
    kind = kind or rng.choice(["cbc", "chem", "urine"])
    blocks = blocks or rng.choice([1, 1, 2])
    n_rows = n_rows or rng.randint(5, 10) * blocks
    if kind == "urine":
        n_rows = min(n_rows, len(URINE_QUAL))
        blocks = 1
    rows = _rows(rng, n_rows, kind)
    for i, cells in (overrides or {}).items():
        rows[i].update(cells)
    chosen = rng.choice(LAYOUTS)
    layout = LAYOUTS[layout] if layout is not None else chosen
    fs = 24
    face = font
    font, small, title_font = _font(fs, face), _font(fs - 4, face), _font(fs + 10, face)
    pitch = 58 if wrap else 40
    col_w = {"项目名称": item_w, "检验项目": item_w, "项目": item_w, "结果": 120, "测定结果": 130, "单位": 110,
             "参考范围": 150, "参考区间": 150, "参考值": 150, "缩写": 100, "英文名称": 110, "提示": 60, "序号": 60}
    if wrap:
        col_w = {**col_w, "单位": 80, "参考范围": 100, "参考区间": 100, "参考值": 100}
    block_w = sum(col_w[c] for c in layout) + gap
    width = 80 + block_w * blocks
    per_block = -(-len(rows) // blocks)
    height = 260 + pitch * (per_block + 1) + 120
    img = Image.new("RGB", (width, height), (255, 255, 255))
    d = ImageDraw.Draw(img)
    report = {"cbc": "血常规", "chem": "生化", "urine": "尿常规"}[kind]
    sample = {"cbc": "全血", "chem": "血清", "urine": "尿液"}[kind]
    d.text((width // 2 - 220, 30), "示例市第一人民医院检验报告单", font=title_font, fill=(0, 0, 0))
    d.text((40, 100), f"姓名：{rng.choice(['张三', '李四', '王五'])}   性别：男   年龄：{rng.randint(20, 80)}岁", font=small, fill=(0, 0, 0))
    d.text((40, 135), f"标本种类：{sample}   检验目的：{report}", font=small, fill=(0, 0, 0))
    y0 = 190
    d.line((30, y0 - 8, width - 30, y0 - 8), fill=(0, 0, 0), width=2)
    for b in range(blocks):
        x = 40 + b * block_w
        for c in layout if header else ():
            d.text((x, y0), c, font=font, fill=(0, 0, 0))
            x += col_w[c]
        for i, row in enumerate(rows[b * per_block:(b + 1) * per_block]):
            y = y0 + pitch * (i + 1)
            x = 40 + b * block_w
            for c in layout:
                text = {"序号": str(b * per_block + i + 1), "缩写": row["abbr"], "英文名称": row["abbr"],
                        "提示": row["flag"], "单位": row["unit"] or ""}.get(c)
                if text is None:
                    if c in ("项目名称", "检验项目", "项目"):
                        text = f"{b * per_block + i + 1}{rng.choice(['', ' '])}{row['item']}" if numbered else row["item"]
                    elif c in ("结果", "测定结果"):
                        text = row["value"] + (f" {row['flag']}" if row["flag"] and "提示" not in layout else "")
                    else:
                        text = row["reference"].replace("-", "--") if rng.random() < 0.5 else row["reference"]
                parts = _wrapped(text, c) if wrap else [text]
                for k, part in enumerate(parts):
                    d.text((x, y + 26 * k), part, font=font if len(parts) == 1 else small, fill=(0, 0, 0))
                x += col_w[c]
    yb = y0 + pitch * (per_block + 1) + 10
    d.line((30, yb, width - 30, yb), fill=(0, 0, 0), width=2)
    d.text((40, yb + 20), "报告日期：2024-05-06   检验者：某某   审核者：某某", font=small, fill=(0, 0, 0))
    image = np.ascontiguousarray(np.asarray(img)[:, :, ::-1])
    if degrade is not None:
        image = apply_degrade(image, degrade, rng)
    truth = {"image": f"images/synth_{seed}.png", "report_type": report,
             "header": {"hospital": "示例市第一人民医院", "patient_name_present": True, "sample_type": sample,
                        "report_date": "2024-05-06"},
             "columns": list(layout) if header else [],
             "rows": [{**{k: r[k] for k in ("item", "abbr", "value", "unit", "reference", "flag", "legible")},
                       **({"index": i + 1} if numbered else {})} for i, r in enumerate(rows)],
             "quality": "synthetic", "notes": f"synthetic seed {seed}"}
    return image, truth


def _wrapped(text: str, column: str) -> list[str]:
    """A reference or unit cell too long for a narrow column, broken onto two lines as printers do."""
    if column.startswith("参考") and len(text) > 6 and "-" in text:
        cut = text.rindex("-") + 1
        return [text[:cut], text[cut:]]
    if column == "单位" and "/" in text and len(text) > 4:
        cut = text.index("/")
        return [text[:cut], text[cut:]]
    return [text]


def curl_warp(image: np.ndarray, amplitude: float, rng: random.Random) -> np.ndarray:
    """Page curl: rows bend along a sine across the width (phase random), the sheet edge shows background."""
    import cv2

    h, w = image.shape[:2]
    phase = rng.uniform(0, np.pi)
    xs, ys = np.meshgrid(np.arange(w, dtype=np.float32), np.arange(h, dtype=np.float32))
    dy = amplitude * h * np.sin(np.pi * xs / w + phase) * (0.6 + 0.4 * ys / h)
    return cv2.remap(image, xs, ys + dy.astype(np.float32), cv2.INTER_LINEAR, borderValue=(200, 200, 200))


def apply_degrade(image: np.ndarray, deg: Degrade, rng: random.Random | None = None) -> np.ndarray:
    import cv2

    rng = rng or random.Random(0)
    out = image
    if deg.perspective:
        h, w = out.shape[:2]
        p = deg.perspective
        src = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
        dst = np.float32([[rng.uniform(0, p) * w, rng.uniform(0, p) * h], [w - rng.uniform(0, p) * w, rng.uniform(0, p) * h],
                          [w - rng.uniform(0, p) * w, h - rng.uniform(0, p) * h], [rng.uniform(0, p) * w, h - rng.uniform(0, p) * h]])
        out = cv2.warpPerspective(out, cv2.getPerspectiveTransform(src, dst), (w, h), borderValue=(200, 200, 200))
    if deg.curl:
        out = curl_warp(out, deg.curl, rng)
    if deg.rotate_deg:
        from oncostruct.extractors.ocr.preprocess import rotate

        out = rotate(out, deg.rotate_deg)
    if deg.shadow:
        h, w = out.shape[:2]
        ramp = np.linspace(1.0 - deg.shadow, 1.0, w)[None, :, None]
        out = np.clip(out.astype(np.float64) * (ramp if rng.random() < 0.5 else ramp[:, ::-1]), 0, 255).astype(np.uint8)
    if deg.light != 1.0:
        out = np.clip(out.astype(np.float64) * deg.light + 10, 0, 255).astype(np.uint8)
    if deg.quarter:
        out = np.ascontiguousarray(np.rot90(out, deg.quarter))
    if deg.scale != 1.0:
        h, w = out.shape[:2]
        out = cv2.resize(out, (round(w * deg.scale), round(h * deg.scale)), interpolation=cv2.INTER_AREA)
    if deg.blur:
        out = cv2.GaussianBlur(out, (0, 0), deg.blur)
    if deg.noise:
        noise = np.random.default_rng(rng.randint(0, 2**31)).normal(0, deg.noise, out.shape)
        out = np.clip(out.astype(np.float64) + noise, 0, 255).astype(np.uint8)
    if deg.jpeg_quality:
        ok, buf = cv2.imencode(".jpg", out, [cv2.IMWRITE_JPEG_QUALITY, deg.jpeg_quality])
        out = cv2.imdecode(buf, cv2.IMREAD_COLOR) if ok else out
    return out


def encode_png(image: np.ndarray) -> bytes:
    import cv2

    ok, buf = cv2.imencode(".png", image)
    if not ok:
        raise ValueError("PNG encoding failed")
    return buf.tobytes()


def random_degrade(rng: random.Random) -> Degrade:
    """A phone-photo-like degradation: rotation ±6°, perspective ≤ 5 %, blur, noise, sometimes JPEG."""
    return Degrade(rotate_deg=rng.uniform(-6, 6), perspective=rng.choice([0, 0.03, 0.05]),
                   blur=rng.choice([0, 0.8, 1.2]), noise=rng.choice([3, 8]), jpeg_quality=rng.choice([None, 60]))


def write_dataset(out_dir: Path, n: int, seed: int = 0, degrade: Degrade | None = None,
                  randomise: bool = False) -> Path:
    """A bench-ready folder (images/ + labels/) of ``n`` synthetic sheets (``randomise``: :func:`random_degrade` each)."""
    out_dir = Path(out_dir)
    (out_dir / "images").mkdir(parents=True, exist_ok=True)
    (out_dir / "labels").mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    for i in range(n):
        image, truth = render_sheet(seed + i, degrade=random_degrade(rng) if randomise else degrade)
        (out_dir / "images" / f"synth_{seed + i}.png").write_bytes(encode_png(image))
        (out_dir / "labels" / f"synth_{seed + i}.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1), encoding="utf-8")
    return out_dir


# The stress set of issue 14: one folder per distortion, the same seeds in each (kept here, in the repo).
STRESS_SEEDS = (1401, 1402, 1403)
STRESS = {
    "clean": Degrade(), "turn90": Degrade(quarter=3), "turn180": Degrade(quarter=2), "turn270": Degrade(quarter=1),
    "skew+15": Degrade(rotate_deg=15), "skew-15": Degrade(rotate_deg=-15), "blur": Degrade(blur=1.6),
    "jpeg30": Degrade(jpeg_quality=30), "low_light": Degrade(light=0.45, noise=6), "shadow": Degrade(shadow=0.7),
}
# The widened stress set (this session): more seeds (layouts, fonts, tight groups, wrapped cells), perspective,
# curl, and distortions hard enough to make OCR read values wrong (the review-recall measurement needs errors).
STRESS2_SEEDS = (1411, 1412, 1413, 1414, 1415, 1416)
STRESS2 = {
    "clean": Degrade(), "turn90": Degrade(quarter=3), "perspective": Degrade(perspective=0.08),
    "curl": Degrade(curl=0.012), "curl_strong": Degrade(curl=0.025, rotate_deg=4),
    "phone": Degrade(perspective=0.05, curl=0.015, shadow=0.6, rotate_deg=-5, jpeg_quality=50),
    "blur_hard": Degrade(blur=2.6), "jpeg30_low_light": Degrade(light=0.35, noise=12, jpeg_quality=30),
    "low_res": Degrade(scale=0.4, jpeg_quality=60),
}


def stress2_layout(seed: int) -> dict:
    """The layout drawn for one seed of the widened stress set (also written into its label as layout_family)."""
    rng = random.Random(seed * 7 + 1)
    blocks = rng.choice([1, 2, 3, 3])
    return {"kind": rng.choice(["cbc", "chem"]), "blocks": blocks, "numbered": rng.random() < 0.5,
            "header": rng.random() < 0.75, "font": list(FONTS)[seed % len(FONTS)], "gap": 6 if rng.random() < 0.4 else 30,
            "wrap": rng.random() < 0.35, "layout": rng.randrange(len(LAYOUTS)), "n_rows": 8 * blocks}


def family_of(kw: dict) -> str:
    return (f"{kw['blocks']}grp" + ("-num" if kw["numbered"] else "") + ("" if kw["header"] else "-nohead")
            + ("-tight" if kw["gap"] < 10 else "") + ("-wrap" if kw["wrap"] else ""))


def write_stress2(out_dir: Path, names: list[str] | None = None, seeds: tuple[int, ...] = STRESS2_SEEDS) -> list[Path]:
    """One bench-ready folder per distortion of :data:`STRESS2`; labels carry ``layout_family`` and ``font``."""
    out = []
    for name in names or list(STRESS2):
        folder = Path(out_dir) / name
        (folder / "images").mkdir(parents=True, exist_ok=True)
        (folder / "labels").mkdir(parents=True, exist_ok=True)
        for seed in seeds:
            kw = stress2_layout(seed)
            image, truth = render_sheet(seed, degrade=STRESS2[name], **kw)
            truth.update(layout_family=family_of(kw), font=kw["font"], distortion=name)
            (folder / "images" / f"synth_{seed}.png").write_bytes(encode_png(image))
            (folder / "labels" / f"synth_{seed}.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1), encoding="utf-8")
        out.append(folder)
    return out


def write_stress(out_dir: Path, names: list[str] | None = None, seeds: tuple[int, ...] = STRESS_SEEDS) -> list[Path]:
    """One bench-ready folder per distortion of :data:`STRESS` (layouts vary with the seed: numbered items,
    1–3 groups, headerless), under ``out_dir``."""
    out = []
    for name in names or list(STRESS):
        folder = Path(out_dir) / name
        (folder / "images").mkdir(parents=True, exist_ok=True)
        (folder / "labels").mkdir(parents=True, exist_ok=True)
        for seed in seeds:
            rng = random.Random(seed)
            kw = {"numbered": rng.random() < 0.5, "header": rng.random() < 0.8, "blocks": rng.choice([1, 2, 3])}
            image, truth = render_sheet(seed, kind=rng.choice(["cbc", "chem"]), degrade=STRESS[name], **kw)
            (folder / "images" / f"synth_{seed}.png").write_bytes(encode_png(image))
            (folder / "labels" / f"synth_{seed}.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1), encoding="utf-8")
        out.append(folder)
    return out


if __name__ == "__main__":  # python -m tests.synth_lab OUT_DIR [distortion ...]; --v2: the widened set
    import sys

    args = [a for a in sys.argv[1:] if a != "--v2"]
    writer = write_stress2 if "--v2" in sys.argv else write_stress
    for path in writer(Path(args[0]), args[1:] or None):
        print(path)
