"""Link findings lesions to the conclusion item that describes the same lesion.

An item is a candidate when it names a site of the same organ with compatible laterality. The score
adds agreement on the lobe or segment, the same size or SUVmax written in the item, and a malignancy or
metastasis cue when the lesion is FDG-avid or measured. The best item with a score of at least
``MIN_SCORE`` wins; a lesion may have none.
"""
from __future__ import annotations

from oncostruct.extractors.rules import load_pack
from oncostruct.extractors.text.petct_lesions import FoundLesion
from oncostruct.extractors.text.petct_sections import Item
from oncostruct.extractors.text.petct_sites import find_sites, lateral_compatible
from oncostruct.extractors.values import to_halfwidth

MIN_SCORE = 2.0


def item_score(lesion: FoundLesion, item_text: str) -> float:
    """How well one conclusion item describes the lesion (0 when no site agrees)."""
    best = 0.0
    for site in find_sites(item_text):
        if site.organ != lesion.site.organ or not lateral_compatible(site.laterality, lesion.site.laterality):
            continue
        score = 2.0
        if lesion.site.detail and site.detail and (lesion.site.detail in site.detail or site.detail in lesion.site.detail):
            score += 1.0
        if site.text == lesion.site.text:
            score += 0.5
        best = max(best, score)
    if best == 0.0:
        return 0.0
    ht = to_halfwidth(item_text)
    if lesion.size_text and to_halfwidth(lesion.size_text) in ht:
        best += 2.0
    if lesion.suv_max is not None and f"{lesion.suv_max:g}" in ht:
        best += 2.0
    if (lesion.fdg_uptake == "increased" or lesion.size is not None) and load_pack("imaging_findings").find(
            ht, labels=["malignancy", "metastasis"]):
        best += 0.5
    return best


def match_lesions(text: str, lesions: list[FoundLesion], items: list[Item]) -> list[Item | None]:
    """For each lesion, the best conclusion item (or None)."""
    out: list[Item | None] = []
    for lesion in lesions:
        scored = [(item_score(lesion, text[it.start:it.end]), -n, it) for n, it in enumerate(items)]
        best = max(scored, default=None, key=lambda x: (x[0], x[1]))
        out.append(best[2] if best and best[0] >= MIN_SCORE else None)
    return out
