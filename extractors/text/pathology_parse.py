"""Pure parsers for pathology rule-match groups: TNM components, counts, IHC results,
polarity of invasion statements, grades and molecular results. No I/O, no rule loading."""
from __future__ import annotations

import re
from typing import Any

_TNM = re.compile(r"^(?P<prefix>[yYrRpPcCaA]*)(?P<axis>[TNM])"
                  r"(?P<cat>X|x|is|IS|Is|mi|MI|(?:[0-4O]|l|I(?=[a-dA-D]))(?:mi|MI|[a-dA-D][1-3]?)?)(?P<rest>.*)$", re.S)
_SPACED = re.compile(r"^([yYrRpPcCaA]*)\s?([TNM])\s?(?=[0-4OXxIil])")  # "p T 3", "pT 2", "N 0" → pT3, pT2, N0
_OCR_ONE = re.compile(r"^[lI]")  # OCR "l" / "I" for the digit one in a T category (pTlc, pTIc)
_OCR_ONE_N = re.compile(r"^l")  # OCR "l" for the digit one in an N category (pNlb); "I" stays out (PNI)
_MODIFIER = re.compile(r"\(\s*([^()]+?)\s*\)")


def parse_tnm_component(text: str) -> dict[str, Any] | None:
    """``"pT2a"`` → ``{"prefix": "p", "axis": "T", "category": "T2a", "modifiers": []}``; OCR O→0, in T l/I→1
    (``pTlc`` → T1c) and in N l→1 (``pNlb`` → N1b); None if invalid."""
    m = _TNM.match(_SPACED.sub(r"\1\2", text.strip()))
    if not m:
        return None
    axis, cat = m["axis"], m["cat"]
    cat = cat.replace("O", "0")
    if axis == "T" and cat.lower() != "is":
        cat = _OCR_ONE.sub("1", cat)
    elif axis == "N":
        cat = _OCR_ONE_N.sub("1", cat)
    if cat.lower() in ("x",):
        cat = "X"
    elif cat.lower() == "is":
        cat = "is"
    else:
        cat = cat[0] + cat[1:].lower()
    valid = {"T": r"X|0|is|[1-4](?:mi|[a-d][1-3]?)?", "N": r"X|[0-3](?:mi|[a-c])?", "M": r"X|0|1[a-d]?"}[axis]
    if not re.fullmatch(valid, cat):
        return None
    prefix = m["prefix"].lower() or None
    return {"prefix": prefix, "axis": axis, "category": axis + cat, "modifiers": _MODIFIER.findall(m["rest"])}


_NUMBER_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen".split())}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40}


_ZH_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"两": 2}


def _zh_count(t: str) -> int | None:
    """``"十二"`` → 12, ``"二十三"`` → 23, ``"三"`` → 3 (up to 99); None if not a Chinese number."""
    if not t or any(c not in _ZH_DIGITS and c != "十" for c in t) or t.count("十") > 1:
        return None
    if "十" not in t:
        return _ZH_DIGITS[t] if len(t) == 1 else None
    tens, _, ones = t.partition("十")
    if len(tens) > 1 or len(ones) > 1:
        return None
    return (_ZH_DIGITS[tens] if tens else 1) * 10 + (_ZH_DIGITS[ones] if ones else 0)


def parse_count(text: str | None) -> int | None:
    """``"15"`` → 15, ``"two"`` → 2, ``"Twenty-six"`` → 26, ``"none"`` → 0, ``"十二"`` → 12."""
    if text is None:
        return None
    t = text.strip().lower()
    if t.isdigit():
        return int(t)
    if _zh_count(t) is not None:
        return _zh_count(t)
    if t == "none":
        return 0
    if t in _NUMBER_WORDS:
        return _NUMBER_WORDS[t]
    parts = re.split(r"[- ]", t)
    if parts[0] in _TENS:
        return _TENS[parts[0]] + (_NUMBER_WORDS.get(parts[1], 0) if len(parts) > 1 else 0)
    return None


_PCT = re.compile(r"(?P<cmp>[<>≤≥])?\s*(?P<val>\d{1,3}(?:\.\d+)?)\s*%")
_PCT_ZH = re.compile(r"百分之(?P<val>[一二两三四五六七八九十]{1,3})")
_SCORE = re.compile(r"(?<![\d.])(?P<score>[0-3])\s?\+")
_INTENSITY = [("strong", ("强", "strong")), ("moderate", ("中等", "中", "moderate")), ("weak", ("弱", "weak"))]
_EXTENT = [("diffuse", ("弥漫", "diffuse")), ("focal", ("灶", "少部分", "少数", "局灶", "focal")), ("partial", ("部分", "partial"))]
_HER2_INTERPRETATION = {"0": "negative", "1": "negative", "2": "equivocal", "3": "positive"}


def _first(words: list[tuple[str, tuple[str, ...]]], text: str) -> str | None:
    low = text.lower()
    for label, keys in words:
        if any(k in low for k in keys):
            return label
    return None


def parse_ihc_result(res: str, desc: str | None = None, detail: str | None = None, her2: bool = False) -> dict[str, Any] | None:
    """Result text of an IHC statement → ``{"result", "percent", "intensity"}`` plus extras; None if no result.

    ``res`` is the bracketed or worded result (``"+，90%强"``, ``"约30%+"``, ``"positive"``, ``"2+"``),
    ``desc`` a Chinese descriptor before the bracket (``"弥漫"``), ``detail`` a parenthesised note.
    """
    text = " ".join(t for t in (desc, res, detail) if t)
    low = res.lower()
    out: dict[str, Any] = {"result": None, "percent": None, "intensity": None}
    extras: dict[str, Any] = {}
    pct = _PCT.search(text)
    if pct:
        out["percent"] = float(pct["val"])
        if pct["cmp"]:
            extras["percent_qualifier"] = pct["cmp"]
    elif (zh_pct := _PCT_ZH.search(text)) and _zh_count(zh_pct["val"]) is not None:
        out["percent"] = float(_zh_count(zh_pct["val"]))  # 约百分之六十
    score = _SCORE.search(res) or (_SCORE.search(detail) if detail else None)
    if "equivocal" in low or "±" in res or "可疑" in res:
        out["result"] = "equivocal"
    elif score and (her2 or re.fullmatch(r"\s*[0-3]\s?\+\s*", res)):
        out["result"] = f"{score['score']}+"
        if her2:
            extras["interpretation"] = _HER2_INTERPRETATION[score["score"]]
    elif re.search(r"阴性|negative|\bneg\b|^[\s]*[-－]|[-－][\s,，]*$", low) and "阳" not in low:
        out["result"] = "negative"
    elif re.search(r"阳性|positive|\bpos\b|[+＋]", low):
        out["result"] = "positive"
        plus = res.count("+") + res.count("＋")
        if plus >= 2 and not score:
            out["intensity"] = "strong" if plus >= 3 else "moderate"
    elif her2 and re.fullmatch(r"\s*0\s*", res):
        out["result"] = "0"
        extras["interpretation"] = "negative"
    if out["intensity"] is None:
        out["intensity"] = _first(_INTENSITY, text)
    extent = _first(_EXTENT, desc or "") or _first(_EXTENT, res)
    if extent:
        extras["extent"] = extent
    if "约" in text or "approx" in text.lower() or "~" in text:
        extras["approximate"] = True
    if out["result"] is None and out["percent"] is None:
        return None
    return {**out, **extras}


_POSITIVE = ("+", "＋", "阳性", "有", "可见", "存在", "present", "identified", "positive", "yes")
_NEGATIVE = ("-", "－", "阴性", "无", "未见", "not identified", "not present", "not seen", "absent", "negative", "none", "no")


def polarity(res: str | None) -> bool | None:
    """``"(+)"``/``"present"`` → True, ``"（-）"``/``"not identified"`` → False, unclear → None."""
    if not res:
        return None
    r = res.strip().lower()
    if r in _NEGATIVE or r.startswith(("not ", "未")):
        return False
    if r in _POSITIVE:
        return True
    return None


_ZH_DIFF = {"高": 1, "中": 2, "低": 3, "未": 4}
_EN_DIFF = {"well": 1, "moderately": 2, "poorly": 3, "un": 4}
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "Ⅰ": 1, "Ⅱ": 2, "Ⅲ": 3, "Ⅳ": 4}
_QUALITY = {"差": 3, "较差": 3, "好": 1, "良好": 1, "中等": 2}


def _grade_number(token: str) -> int | None:
    if token.isdigit():
        return int(token)
    return _ROMAN.get(token.upper() if token.isascii() else token)


def parse_grade(groups: dict[str, str | None]) -> tuple[str, dict[str, Any]] | None:
    """Grade from a ``grade`` rule's groups → (``"G1"``..``"G4"``/``"GX"``/``"low"``/``"high"``, attributes).

    A range (中-低分化, G3-4, moderately to poorly) is graded by its worst part (AJCC: record the
    highest grade) and the range is kept in the attributes.
    """
    nums: list[int] = []
    if groups.get("diff"):
        d = groups["diff"]
        nums = [_EN_DIFF[d.lower()]] if d.lower() in _EN_DIFF else [_ZH_DIFF[c] for c in d if c in _ZH_DIFF]
        if groups.get("diff2"):
            nums.append(_EN_DIFF[groups["diff2"].lower()])
    elif groups.get("qual"):
        nums = [_QUALITY[groups["qual"]]]
    elif groups.get("roman"):
        nums = [n for n in (_grade_number(groups["roman"]), _grade_number(groups.get("roman2") or "")) if n]
    elif groups.get("num"):
        if groups["num"].upper() == "X":
            return "GX", {}
        nums = [n for n in (_grade_number(groups["num"]), _grade_number(groups.get("num2") or "")) if n]
    elif groups.get("lh") or groups.get("lh_zh"):
        lh = groups.get("lh") or {"低": "low", "高": "high"}[groups["lh_zh"] or ""]
        return lh.lower(), {}
    nums = [n for n in nums if 1 <= n <= 4]
    if not nums:
        return None
    attrs = {"range": [f"G{n}" for n in sorted(set(nums))]} if len(set(nums)) > 1 else {}
    return f"G{max(nums)}", attrs


_MOL_RESULTS = [
    ("negative", ("阴性", "未检测到", "未检出", "not detected", "negative", "absent", "(-)", "（-）", "(－)", "（－）")),
    ("not amplified", ("无扩增", "未见扩增", "not amplified", "non-amplified", "no amplification")),
    ("wild-type", ("野生", "wild")),
    ("amplified", ("扩增", "amplif")),
    ("fusion", ("融合", "重排", "fusion", "rearrang")),
    ("mutant", ("突变", "mutat", "mutant")),
    ("positive", ("阳性", "positive", "detected", "present", "(+)", "（+）")),
]


def normalize_molecular_result(res: str | None, has_alteration: bool) -> str | None:
    """``"突变阴性"`` → negative, ``"野生型"`` → wild-type, ``"融合"`` → fusion; an alteration alone → mutant."""
    if not res:
        return "mutant" if has_alteration else None
    low = res.lower().replace(" ", "").strip("（）()")
    if low in ("+", "＋"):
        return "mutant" if has_alteration else "positive"  # BRAF V600E（+）: the named variant was found
    if low in ("-", "－"):
        return "negative"
    for label, keys in _MOL_RESULTS:
        if any(k.replace(" ", "") in low for k in keys):
            if label == "amplified" and any(k in low for k in ("not", "no", "non", "无", "未")):
                return "not amplified"
            return label
    return None


_EXON = re.compile(r"(\d{1,2})")
_PROTEIN = re.compile(r"[A-Z]\d{1,4}(?:_[A-Z]\d{1,4})?(?:del|ins[A-Z]*|fs|[A-Z*])(?![A-Za-z0-9])")


def normalize_alteration(alt: str | None) -> str | None:
    """``"19号外显子缺失突变"``/``"19del"`` → ``"exon 19 deletion"``; a protein change (``"L858R"``,
    also inside ``"21号外显子L858R突变"``) wins; None stays None."""
    if not alt:
        return None
    a = alt.strip()
    protein = _PROTEIN.search(a)
    if protein:
        return protein.group(0)
    low = a.lower()
    if "外显子" in a or "exon" in low or re.fullmatch(r"\d{2}\s*(?:del|ins)", low):
        exon = _EXON.search(a)
        kind = ("deletion" if ("缺失" in a or "del" in low) else "insertion" if ("插入" in a or "ins" in low)
                else "skipping" if ("跳跃" in a or "skip" in low) else "mutation")
        return f"exon {exon.group(1)} {kind}" if exon else a
    return a


_MSI = {"msi-h": "MSI-H", "msi-high": "MSI-H", "msi-l": "MSI-L", "msi-low": "MSI-L", "mss": "MSS"}


def normalize_msi(res: str) -> str | None:
    """MSI wording (MSI-H, 微卫星稳定, "status: stable") → MSI-H / MSI-L / MSS."""
    low = res.lower().strip()
    if low in _MSI:
        return _MSI[low]
    if "低度" in res or "low" in low:
        return "MSI-L"
    if "不稳定" in res or "unstable" in low or "instability" in low or "高度" in res or "high" in low:
        return "MSI-H"
    if "稳定" in res or "stable" in low:
        return "MSS"
    return None


def normalize_mmr(res: str) -> str | None:
    """MMR wording → dMMR (deficient) / pMMR (proficient)."""
    low = res.lower()
    if low.startswith("dmmr") or any(k in low for k in ("缺陷", "缺失", "deficien", "lost")):
        return "dMMR"
    if low.startswith("pmmr") or any(k in low for k in ("完整", "正常", "proficient", "intact")):
        return "pMMR"
    return None


_ZH_NUMERALS = {"五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def parse_edition(token: str | None) -> int | None:
    """AJCC edition token (``"8"``, ``"八"``) → int."""
    if not token:
        return None
    return int(token) if token.isdigit() else _ZH_NUMERALS.get(token)
