"""Letter-spaced Chinese (an OCR/typesetting artefact) is de-identified through a despaced view, offsets exact."""
from __future__ import annotations

from oncostruct.extractors.deid.config import load_config
from oncostruct.extractors.deid.detect import PhiDetector, default_detector
from oncostruct.extractors.deid.spaced import despaced, mapped_back, spaced_share

SPACED = "处 方 医 院：河 南 省 肿 瘤 医 院\u3000责 任 医 师：邱 丽 娟\n患 者 男，九 十 五 岁，左 乳 浸 润 性 导 管 癌"


def test_despaced_view_maps_back_exactly() -> None:
    view, offsets = despaced("河 南 省\u3000医 院")
    assert view == "河南省\u3000医院"  # the ideographic space is a field gap and stays
    a = view.index("医院")
    assert mapped_back(a, a + 2, offsets) == (6, 9)


def test_spaced_share_tells_spaced_from_normal_text() -> None:
    assert spaced_share(SPACED) > 0.5
    assert spaced_share("患者张伟，男，65岁。河南省肿瘤医院胸外科。") == 0.0


def test_spaced_names_places_and_ages_are_found() -> None:
    found = {(SPACED[s.start:s.end], s.category) for s in default_detector().detect(SPACED)}
    assert ("河 南 省 肿 瘤 医 院", "ORGANIZATION") in found
    assert ("邱 丽 娟", "NAME") in found
    assert ("九 十 五 岁", "AGE") in found
    assert not any("浸 润" in text for text, _ in found)


def test_the_despaced_view_can_be_switched_off() -> None:
    config = load_config().model_copy(update={"spaced_cjk_min_share": 0.0})
    found = {SPACED[s.start:s.end] for s in PhiDetector(config).detect(SPACED)}
    assert "邱 丽 娟" not in found
