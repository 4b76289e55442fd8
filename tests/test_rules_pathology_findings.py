"""The pathology_findings pack: margins, invasion (with explicit negation), grade, PL, growth patterns, sections."""
import pytest

from oncostruct.extractors.rules.loader import load_pack
from oncostruct.extractors.text.pathology_parse import parse_grade, polarity

PACK = "pathology_findings"


def _labels(text: str, lang: str, prefix: str) -> list[str]:
    labels = sorted({r.label for r in load_pack(PACK).rules if r.label.startswith(prefix)})
    return [m.label for m in load_pack(PACK).find(text, lang=lang, labels=labels)]


@pytest.mark.parametrize(
    "text, lang, expected",
    [
        ("支气管切缘未见癌。", "zh", ["margin_negative"]),
        ("上、下切缘及环周切缘均阴性", "zh", ["margin_negative"]),
        ("切缘（-）", "zh", ["margin_negative"]),
        ("环周切缘阳性", "zh", ["margin_positive"]),
        ("癌组织累及切缘", "zh", ["margin_positive"]),
        ("Margins are free of tumor.", "en", ["margin_negative"]),
        ("Surgical margins negative.", "en", ["margin_negative"]),
        ("All margins uninvolved.", "en", ["margin_negative"]),
        ("Deep margin positive.", "en", ["margin_positive"]),
        ("closest margin 0.3 cm", "en", ["margin_distance"]),
        ("Margins: Negative but close", "en", ["margin_close"]),
        ("肿瘤距环周切缘最近0.3cm", "zh", ["margin_distance"]),
    ],
)
def test_margins(text: str, lang: str, expected: list[str]) -> None:
    assert _labels(text, lang, "margin_") == expected


def _invasion(text: str, lang: str) -> list[tuple[str, bool | None]]:
    out = []
    labels = ["invasion", "invasion_present", "invasion_absent"]
    for m in load_pack(PACK).find(text, lang=lang, labels=labels):
        kind = "lvi" if any(m.groups.get(g) for g in ("lvi", "lvi_both", "lvi_inv")) else "pni"
        value = {"invasion_present": True, "invasion_absent": False}.get(m.label, polarity(m.groups.get("res")))
        out.append((kind, value))
    return out


@pytest.mark.parametrize(
    "text, lang, expected",
    [
        ("脉管内癌栓（+）", "zh", [("lvi", True)]),
        ("可见脉管内癌栓", "zh", [("lvi", True)]),
        ("未见明确脉管侵犯", "zh", [("lvi", False)]),
        ("神经侵犯（-）", "zh", [("pni", False)]),
        ("可见神经侵犯", "zh", [("pni", True)]),
        ("脉管内未见明确癌栓", "zh", [("lvi", False)]),
        ("Lymphovascular invasion: present", "en", [("lvi", True)]),
        ("Lymphovascular invasion: not identified", "en", [("lvi", False)]),
        ("Perineural invasion: present", "en", [("pni", True)]),
        ("No lymphovascular invasion is identified.", "en", [("lvi", False)]),
        ("Lymphovascular invasion: absent", "en", [("lvi", False)]),
        ("PERINEURAL INVASION: NEGATIVE", "en", [("pni", False)]),
    ],
)
def test_invasion_with_negation(text: str, lang: str, expected: list) -> None:
    assert _invasion(text, lang) == expected


@pytest.mark.parametrize(
    "text, lang, grade",
    [
        ("高分化腺癌", "zh", "G1"),
        ("中分化", "zh", "G2"),
        ("低分化腺癌", "zh", "G3"),
        ("中-低分化", "zh", "G3"),
        ("Grade 2", "en", "G2"),
        ("Nottingham grade 3", "en", "G3"),
        ("well differentiated", "en", "G1"),
        ("moderately differentiated", "en", "G2"),
        ("poorly differentiated", "en", "G3"),
        ("G2, pT3", "en", "G2"),
        ("high-grade serous", "en", "high"),
    ],
)
def test_grade(text: str, lang: str, grade: str) -> None:
    labels = sorted({r.label for r in load_pack(PACK).rules if r.label == "grade"})
    m = load_pack(PACK).find(text, lang=lang, labels=labels)[0]
    assert parse_grade(m.groups)[0] == grade


def test_grade_range_keeps_both_grades() -> None:
    assert parse_grade({"diff": "moderately", "diff2": "poorly"}) == ("G3", {"range": ["G2", "G3"]})


@pytest.mark.parametrize("text", ["Gleason grade 4", "Grade Group 2", "G2/M phase"])
def test_not_a_histological_grade(text: str) -> None:
    assert load_pack(PACK).find(text, lang="en", labels=["grade"]) == []


def test_pleural_invasion_and_growth_patterns() -> None:
    text = "浸润性腺癌（腺泡型70%，实体型30%），侵犯脏层胸膜（PL1）"
    found = load_pack(PACK).find(text, lang="zh", labels=["pleural_invasion", "histology_subtype"])
    assert [(m.label, m.groups.get("subtype"), m.groups.get("pct"), m.groups.get("pl")) for m in found] == [
        ("histology_subtype", "腺泡", "70", None),
        ("histology_subtype", "实体", "30", None),
        ("pleural_invasion", None, None, "1"),
    ]


@pytest.mark.parametrize(
    "text, lang, label",
    [("病理诊断：", "zh", "section_diagnosis"), ("FINAL DIAGNOSIS:", "en", "section_diagnosis"), ("大体所见：", "zh", "section_gross"),
     ("分子检测：", "zh", "section_molecular"), ("临床诊断：", "zh", "section_clinical")],
)
def test_section_headers(text: str, lang: str, label: str) -> None:
    labels = sorted({r.label for r in load_pack(PACK).rules if r.label.startswith("section_")})
    assert [m.label for m in load_pack(PACK).find(text, lang=lang, labels=labels)] == [label]
