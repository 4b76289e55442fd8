"""Link findings lesions to the conclusion item that describes the same lesion.

An item is a candidate when it names a site of the same organ with compatible laterality. The score
adds agreement on the lobe or segment, the same size or SUVmax written in the item, and a malignancy or
metastasis cue when the lesion is FDG-avid or measured. The best item with a score of at least
``MIN_SCORE`` wins; a lesion may have none.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from oncostruct.extractors.rules import load_pack
from oncostruct.extractors.text.petct_lesions import FoundLesion
from oncostruct.extractors.text.petct_sections import Item
from oncostruct.extractors.text.petct_sites import find_sites, lateral_compatible
from oncostruct.extractors.values import to_halfwidth

MIN_SCORE = 2.0


@dataclass
class ItemText:
    """A conclusion item's text with what every lesion is compared against, worked out once per item (#20)."""

    text: str
    sites: list = field(init=False)
    half: str = field(init=False)
    _cue: bool | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        self.sites = find_sites(self.text)
        self.half = to_halfwidth(self.text)

    @property
    def malignancy_cue(self) -> bool:
        if self._cue is None:
            self._cue = bool(load_pack("imaging_findings").find(self.half, labels=["malignancy", "metastasis"]))
        return self._cue


def item_score(lesion: FoundLesion, item: str | ItemText) -> float:
    """How well one conclusion item describes the lesion (0 when no site agrees)."""
    item = item if isinstance(item, ItemText) else ItemText(item)
    best = 0.0
    for site in item.sites:
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
    ht = item.half
    if lesion.size_text and to_halfwidth(lesion.size_text) in ht:
        best += 2.0
    if lesion.suv_max is not None and f"{lesion.suv_max:g}" in ht:
        best += 2.0
    if (lesion.fdg_uptake == "increased" or lesion.size is not None) and item.malignancy_cue:
        best += 0.5
    return best


def match_lesions(text: str, lesions: list[FoundLesion], items: list[Item]) -> list[Item | None]:
    """For each lesion, the best conclusion item (or None).

    Items of the same text score the same and the earliest wins a tie, so only the first item of each text
    is scored, and only for lesions of an organ it names (any other scores 0): work grows with the distinct
    items, not with every lesion-item pair of a long report (#20)."""
    firsts: dict[str, tuple[int, Item, ItemText]] = {}
    for n, it in enumerate(items if lesions else []):
        item_text = text[it.start:it.end]
        if item_text not in firsts:
            firsts[item_text] = (n, it, ItemText(item_text))
    by_organ: dict[str, list[tuple[int, Item, ItemText]]] = {}
    for first in firsts.values():
        for organ in dict.fromkeys(site.organ for site in first[2].sites):
            by_organ.setdefault(organ, []).append(first)
    out: list[Item | None] = []
    for lesion in lesions:
        scored = [(item_score(lesion, t), -n, it) for n, it, t in by_organ.get(lesion.site.organ, [])]
        best = max(scored, default=None, key=lambda x: (x[0], x[1]))
        out.append(best[2] if best and best[0] >= MIN_SCORE else None)
    return out
