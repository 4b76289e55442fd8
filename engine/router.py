"""Route a document: its type (from metadata or detected from content) and its language."""
from __future__ import annotations

import re
from dataclasses import dataclass

from oncostruct.engine.cdm import DocType, Language
from oncostruct.engine.ingest import IngestedInput

_CJK = re.compile(r"[\u4e00-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")

# Cue words and their weights; the type with the highest score wins if it clears a floor.
_CUES: dict[DocType, list[tuple[str, float]]] = {
    DocType.pathology: [
        (r"病理", 3), (r"免疫组化", 3), (r"镜下", 2), (r"大体", 1.5), (r"切缘", 2), (r"标本", 1.5),
        (r"分化", 1), (r"[（(]\s*\d+\s*/\s*\d+\s*[）)]", 1), (r"\by?p[T]\w*", 2), (r"Ki-?67", 1.5),
        (r"(?i)\bpatholog", 3), (r"(?i)\bspecimen", 2), (r"(?i)\bmargin", 1.5), (r"(?i)histolog", 2),
        (r"(?i)\bgross description", 2), (r"(?i)\bmicroscopic", 2), (r"(?i)carcinoma", 1), (r"(?i)lymph nodes?", 1),
    ],
    DocType.petct: [
        (r"PET", 3), (r"SUV", 3), (r"FDG", 3), (r"放射性摄取", 3), (r"代谢", 1.5), (r"显像", 2), (r"浓聚", 2),
    ],
    DocType.ct: [
        (r"CT", 1.5), (r"平扫", 2), (r"增强扫描", 2), (r"密度", 1.5), (r"强化", 1.5), (r"结节灶", 1),
        (r"未见肿大淋巴结", 1), (r"扫描野", 2), (r"(?i)\bcontrast-enhanced", 2), (r"(?i)\bimpression:", 1),
    ],
    DocType.discharge: [
        (r"出院", 3), (r"入院", 3), (r"住院", 2), (r"医嘱", 2), (r"诊疗经过", 2), (r"主诉", 1.5),
        (r"(?i)discharge", 3), (r"(?i)admission", 2), (r"(?i)hospital course", 2),
    ],
}
_MIN_SCORE = 3.0


@dataclass(frozen=True)
class Route:
    doc_type: DocType
    language: Language
    detected: bool
    scores: dict[str, float]


def detect_language(text: str) -> Language:
    """zh when CJK characters make up a fair share of the letters, en when Latin letters dominate."""
    sample = text[:20000]
    cjk = len(_CJK.findall(sample))
    latin = len(_LATIN.findall(sample))
    if cjk == 0 and latin == 0:
        return Language.unknown
    return Language.zh if cjk >= 0.15 * (cjk + latin / 4) and cjk > 0 else Language.en


def score_doc_types(text: str) -> dict[DocType, float]:
    sample = text[:20000]
    return {t: sum(w * min(len(re.findall(p, sample)), 3) for p, w in cues) for t, cues in _CUES.items()}


def detect_doc_type(text: str) -> tuple[DocType, dict[str, float]]:
    scores = score_doc_types(text)
    # PET-CT reports also read as CT: prefer PET-CT when its own cues are present.
    if scores[DocType.petct] >= _MIN_SCORE:
        scores[DocType.ct] = min(scores[DocType.ct], scores[DocType.petct] - 0.01)
    best = max(scores, key=lambda t: scores[t])
    named = {t.value: s for t, s in scores.items()}
    return (best if scores[best] >= _MIN_SCORE else DocType.other), named


def route(ing: IngestedInput, doc_type: DocType | str | None = None, language: str | None = None) -> Route:
    """Pick the document type and language. Metadata wins; unknown text becomes ``other``."""
    if doc_type is not None:
        dt = DocType(doc_type)
        lang = Language(language) if language else (detect_language(ing.text) if ing.text else Language.unknown)
        return Route(dt, lang, detected=False, scores={})
    if ing.modality == "video":
        return Route(DocType.surgical_video, Language.unknown, True, {})
    if ing.modality in ("image", "pdf"):
        return Route(DocType.lab_report, Language(language) if language else Language.zh, True, {})
    text = ing.text or ""
    dt, scores = detect_doc_type(text)
    lang = Language(language) if language else detect_language(text)
    return Route(dt, lang, True, scores)
