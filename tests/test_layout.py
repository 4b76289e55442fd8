"""Layout normalisation (extractors.text.layout): tables pasted as text, header blocks, slips, wrapped and
spaced characters. Every report here is written for these tests."""
from __future__ import annotations

import pytest

from oncostruct.engine.cdm import DocType
from oncostruct.engine.errors import RulePackError
from oncostruct.extractors.base import ExtractionInput
from oncostruct.extractors.text import layout
from oncostruct.extractors.text.layout import cell_roles, layout_text
from oncostruct.extractors.text.pathology import PathologyExtractor

EX = PathologyExtractor()


def _fields(text: str, lang: str = "zh") -> dict:
    out: dict = {}
    for f in EX.extract(ExtractionInput(text=text, doc_type=DocType.pathology, language=lang)).fields:
        out.setdefault(f.name, f)
    return out


def _slices_back(text: str, lang: str = "zh") -> None:
    for f in EX.extract(ExtractionInput(text=text, doc_type=DocType.pathology, language=lang)).fields:
        for sp in f.provenance:
            assert text[sp.start:sp.end] == sp.text, (f.name, sp)
        if f.value is not None:
            assert f.value == text[f.provenance[0].start:f.provenance[0].end], f.name


# --- table rows ---------------------------------------------------------------------------------------

def test_pipe_row_becomes_key_value() -> None:
    out = layout_text("| 下切缘 | 阴性 |\n", "zh")
    assert out.text == "下切缘：阴性\n"
    s, e = out.offsets.span(0, 6)
    assert out.original[s:e] == "下切缘 | 阴性"


def test_tab_rows_pair_keys_and_values() -> None:
    assert layout_text("浸润深度\t肌层\t分化\t高分化", "zh").text == "浸润深度：肌层；分化：高分化"


def test_cell_roles() -> None:
    assert cell_roles(["", "肿瘤部位", "胃体", "报告医师：某某", "审核：", "某某", ""]) == \
        ["empty", "key", "value", "own", "lead", "value", "empty"]


def test_markdown_divider_is_blanked() -> None:
    out = layout_text("项目 | 结果\n---|---\n切缘 | 阳性", "zh")
    assert out.text.splitlines() == ["项目：结果", "       ", "切缘：阳性"]


def test_separators_are_stripped_so_cells_read_as_values() -> None:
    text = "项目 | 结果\n---|---\n组织学类型 | 腺癌\n肿瘤部位 | 乙状结肠\n远端切缘 | 阴性\n脉管侵犯 | （+）\nPNI | (-)\n"
    f = _fields(text)
    assert f["pathology.margin"].normalized == "negative"
    assert f["pathology.primary_site"].normalized == "Sigmoid colon"
    assert f["pathology.lymphovascular_invasion"].normalized is True
    _slices_back(text)


def test_box_drawing_and_ascii_grid_tables() -> None:
    box = "┌──────┬──────┐\n│ 切缘 │ 阴性 │\n├──────┼──────┤\n│ 神经侵犯 │ 可见 │\n└──────┴──────┘"
    assert [l.strip() for l in layout_text(box, "zh").text.splitlines() if l.strip()][-2:] == ["切缘：阴性", "神经侵犯：可见"]
    grid = "+------+------+\n| 切缘 | 阴性 |\n+------+------+"
    assert layout_text(grid, "zh").text.split("\n")[1] == "切缘：阴性"


def test_count_columns_become_positive_over_examined() -> None:
    text = "淋巴结组别\t转移数\t检出数\n第1组\t1\t4\n第3组\t0\t6\n\n另见\t2\t5\n"
    out = layout_text(text, "zh").text.splitlines()
    assert out[1:3] == ["第1组：1/4", "第3组：0/6"]
    assert out[4] == "另见：2；5"  # no header above: not counts


def test_space_aligned_columns_in_chinese() -> None:
    out = layout_text("肿瘤部位      胰体\n神经侵犯　　（+）\n病理号 2025-0417  右肾切除标本\n", "zh").text
    assert out.splitlines() == ["肿瘤部位：胰体", "神经侵犯：（+）", "病理号 2025-0417  右肾切除标本"]
    f = _fields("组织学类型    导管腺癌\n肿瘤部位      胰体\n神经侵犯      （+）\n")
    assert f["pathology.primary_site"].normalized == "Body of pancreas"
    assert f["pathology.perineural_invasion"].normalized is True


# --- metadata ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("header", [
    "| 科室 | 胃肠外科 | 病区 | 外科二病区 | 床号 | 5 |\n",
    "科室\t胃肠外科\t床号\t5\n",
    "住院号：1234　　科室：胃肠外科　　床号：５\n",
    "科室：胃肠外科 床号：5\n",
    "Department: 胃肠外科  Bed: 5\n",
])
def test_department_is_never_a_site(header: str) -> None:
    f = _fields(header + "病理诊断：腺癌，中分化。\n")
    assert f["pathology.histology"].normalized == "Adenocarcinoma, NOS"
    assert "pathology.primary_site" not in f


def test_breast_department_and_hospital_name_are_masked() -> None:
    text = "某某乳腺病医院\t病理诊断报告\n科室\t乳腺外科\t病区\t乳腺一病区\n病理诊断\t浸润性导管癌\n"
    assert "pathology.primary_site" not in _fields(text)
    out = layout_text(text, "zh")
    assert "乳腺" not in out.text.split("浸润性导管癌")[0]


def test_metadata_value_stops_at_the_next_space() -> None:
    out = layout_text("床号：12 病理诊断：（胃体）腺癌", "zh")
    assert out.text.endswith("病理诊断：（胃体）腺癌") and "床号" not in out.text


def test_clinical_fields_are_not_metadata() -> None:
    text = "| 送检标本 | 右肺下叶切除标本 |\n| 临床诊断 | 肺占位 |\n"
    assert layout_text(text, "zh").text.startswith("送检标本：右肺下叶切除标本")


# --- slips, wrapped lines, spaced characters -------------------------------------------------------------------

def test_typo_lexicon_keeps_length() -> None:
    for entry in layout.typos().entries:
        assert all(len(t) == len(entry.canonical) for t in entry.terms)


def test_typo_lexicon_of_other_length_is_refused(monkeypatch, tmp_path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("lexicon: bad\nversion: '1'\nsource: test\nentries:\n  - canonical: 淋巴结\n    terms: [淋巴]\n",
                   encoding="utf-8")
    monkeypatch.setattr(layout, "TYPOS_LEXICON", str(bad))
    layout.typos.cache_clear()
    try:
        with pytest.raises(RulePackError):
            layout.typos()
    finally:
        layout.typos.cache_clear()


def test_spaced_characters_are_closed_and_map_back() -> None:
    text = "病 理 诊 断：（升结肠）中分化腺 癌。"
    out = layout_text(text, "zh")
    assert out.text == "病理诊断：（升结肠）中分化腺癌。"
    f = _fields(text)
    assert f["pathology.histology"].normalized == "Adenocarcinoma, NOS"
    assert f["pathology.histology"].value == "腺 癌"
    _slices_back(text)


def test_wrapped_lines_are_joined() -> None:
    out = layout_text("瘤体位于胃窦，\n大小2.0×1.5cm，Ki-\n67（+，30%）", "zh")
    assert out.text == "瘤体位于胃窦， 大小2.0×1.5cm，Ki-67（+，30%）"


def test_english_text_keeps_its_spaces_and_lines() -> None:
    text = "Margins: negative,\nLVI: present"
    assert layout_text(text, "en").text == text
