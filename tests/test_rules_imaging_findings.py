"""The imaging_findings pack: uptake tendency, section headers, item markers and cues."""
import pytest

from oncostruct.extractors.rules import load_pack

UPTAKE = ["uptake_increased", "uptake_normal", "uptake_decreased"]


def _uptake(text: str) -> str | None:
    found = load_pack("imaging_findings").find(text, labels=UPTAKE)
    return found[0].label if found else None


@pytest.mark.parametrize("text, label", [
    ("放射性摄取增高", "uptake_increased"),
    ("可见异常浓聚", "uptake_increased"),
    ("代谢增高", "uptake_increased"),
    ("同机PET显示放射性摄取异常增高", "uptake_increased"),
    ("未见异常放射性摄取", "uptake_normal"),
    ("代谢不高", "uptake_normal"),
    ("不伴糖代谢增高的微小结节", "uptake_normal"),
    ("摄取减低", "uptake_decreased"),
    ("放射性稀疏缺损", "uptake_decreased"),
    ("边缘清晰", None),
])
def test_uptake_tendency(text: str, label: str | None) -> None:
    assert _uptake(text) == label


@pytest.mark.parametrize("text, label", [
    ("检查所见：", "section_findings"),
    ("影像所见:", "section_findings"),
    ("诊断意见：", "section_conclusion"),
    ("Impression:", "section_conclusion"),
])
def test_section_headers(text: str, label: str) -> None:
    assert [m.label for m in load_pack("imaging_findings").find(text, labels=["section_findings", "section_conclusion"])] == [label]


def test_clinical_diagnosis_is_no_conclusion_header() -> None:
    assert load_pack("imaging_findings").find("临床诊断：肺癌", labels=["section_conclusion"]) == []


def test_item_markers_skip_decimals_and_ordinals() -> None:
    text = "1.右肺癌 2、肝S7转移（3）胸3椎体 大小3.2CM 第4肋"
    found = load_pack("imaging_findings").find(text, labels=["item_marker"])
    assert [m.groups.get("n") or m.groups.get("pn") for m in found] == ["1", "2", "3"]
