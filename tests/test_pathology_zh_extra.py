"""More general causes found on the second blind Chinese set (issue #20); every sentence is written for this test."""
from __future__ import annotations

from oncostruct.engine.cdm import DocType
from oncostruct.extractors.base import ExtractionInput
from oncostruct.extractors.text.pathology import PathologyExtractor
from oncostruct.extractors.text.pathology_common import simplify_zh

EX = PathologyExtractor()


def _fields(text: str) -> dict:
    out: dict = {}
    for f in EX.extract(ExtractionInput(text=text, doc_type=DocType.pathology, language="zh")).fields:
        out.setdefault(f.name, f)
    return out


def _ihc(text: str) -> set:
    return {(f.normalized["marker"], f.normalized["result"]) for k, f in _fields(text).items() if k.startswith("pathology.ihc")}


def test_simplify_keeps_offsets():
    src = "免疫組織化學：CK20 陽性；腫瘤大小 2.5 x 1.1 公分"
    out = simplify_zh(src)
    assert len(out) == len(src)
    assert out == "免疫组织化学：CK20 阳性；肿瘤大小 2.5 x 1.1 cm"


def test_traditional_report_reads_like_simplified():
    text = "病理診斷：\n胃，切除：腺癌\n ─ 腫瘤大小：3.4 x 2.0 x 1.5 公分\n ─ 淋巴血管侵犯：未見\n免疫組織化學：CDX2 陽性，CK7 陰性。"
    f = _fields(text)
    assert f["pathology.tumor_size"].normalized[0] == 3.4
    assert f["pathology.lymphovascular_invasion"].normalized is False
    assert {("CDX2", "positive"), ("CK7", "negative")} <= _ihc(text)


def test_dot_leader_lines_in_ihc_section():
    text = "病理诊断：（胃）腺癌。\n\n免疫组化结果（B2）\nCDX2 ...................... +\nCK20 .................... -\nKi-67 ................... +，约35%\n"
    f = _fields(text)
    got = {v.normalized["marker"]: v.normalized for k, v in f.items() if k.startswith("pathology.ihc")}
    assert got["CDX2"]["result"] == "positive" and got["CK20"]["result"] == "negative"
    assert got["Ki-67"]["percent"] == 35.0


def test_english_mmr_list_sharing_a_verdict():
    assert {("MLH1", "negative"), ("PMS2", "negative")} <= _ihc("Immunohistochemistry: MLH1 and PMS2 expression is lost; ")
    assert {("MSH2", "positive"), ("MSH6", "positive")} <= _ihc("MSH2, MSH6 nuclear staining retained in tumour cells.")


def test_labelled_tumour_size_beats_earlier_nodule_and_specimen_name():
    text = ("大体：（左肾肿物切除）脂肪组织一块，大小8.0×6.0×4.0cm；另见一结节，直径1.4cm，切面灰白。\n"
            "病理诊断：（左肾）透明细胞肾细胞癌，肿瘤大小4.1×3.3×2.9cm。")
    assert _fields(text)["pathology.tumor_size"].normalized == [4.1, 3.3, 2.9]


def test_specimen_name_cue_is_not_a_tumour_size():
    text = "大体：（右乳肿物切除）脂肪组织一块，大小5.0×4.0×2.0cm，内见一肿物，大小2.2×1.9×1.1cm。"
    assert _fields(text)["pathology.tumor_size"].normalized == [2.2, 1.9, 1.1]


def test_dot_leader_reads_as_colon():
    assert simplify_zh("神经侵犯 ............ 可见") == "神经侵犯:" + " " * 13 + "可见"
    assert simplify_zh("未见……明显异常") == "未见……明显异常"  # an ellipsis is not a leader
    text = "病理诊断：（结肠）腺癌。\n脉管侵犯 ..................... 可见\n神经侵犯 ..................... 未见\n"
    f = _fields(text)
    assert f["pathology.lymphovascular_invasion"].normalized is True
    assert f["pathology.perineural_invasion"].normalized is False


def test_column_major_tables():
    text = ("病理诊断：（子宫）子宫内膜样腺癌。\n\n淋巴结\n组别\n左髂外\n右髂外\n骶前\n检出数\n6\n5\n2\n转移数\n1\n0\n0\n\n"
            "免疫组化\n抗体\nPR\nP53\nCK20\n结果\n+（约60%）\n-\n-\n")
    f = _fields(text)
    st = [(v.normalized["station"], v.normalized["positive"], v.normalized["examined"])
          for k, v in f.items() if k.startswith("pathology.ln_stations")]
    assert st == [("左髂外", 1, 6), ("右髂外", 0, 5), ("骶前", 0, 2)]
    assert f["pathology.ln_examined"].normalized == 13 and f["pathology.ln_positive"].normalized == 1
    assert {("PR", "positive"), ("CK20", "negative")} <= _ihc(text)


def test_unequal_columns_are_not_a_table():
    from oncostruct.extractors.text.pathology_columns import column_tables
    assert column_tables("抗体\nER\nPR\n结果\n+\n") == []


def test_percent_in_chinese_words():
    text = "免疫组化：CDX2（+），Ki-67（+，约百分之四十）。"
    ki = [f.normalized for k, f in _fields(text).items() if k.startswith("pathology.ihc") and f.normalized["marker"] == "Ki-67"]
    assert ki and ki[0]["percent"] == 40.0


def test_fusion_result_after_the_assay():
    text = "病理诊断：肺腺癌。\n分子检测：RET融合（FISH）：阴性；ALK（Ventana D5F3）：阴性。"
    mol = {f.normalized["gene"]: f.normalized["result"] for k, f in _fields(text).items() if k.startswith("pathology.molecular")}
    assert mol.get("RET") == "negative"


def test_xml_items_with_marker_and_result_attributes():
    text = ('<报告>\n<诊断>（胃）腺癌</诊断>\n<免疫组化>\n  <项目 名称="CDX2" 结果="+"/>\n  <项目 名称="CK20" 结果="-" 备注="灶"/>\n'
            '  <项目 名称="Ki-67" 结果="+" 百分比="45%"/>\n</免疫组化>\n</报告>')
    got = {f.normalized["marker"]: f.normalized for k, f in _fields(text).items() if k.startswith("pathology.ihc")}
    assert got["CDX2"]["result"] == "positive" and got["CK20"]["result"] == "negative"
    assert got["Ki-67"]["percent"] == 45.0


def test_lower_case_marker_from_lexicon():
    assert ("h-caldesmon", "negative") in _ihc("免疫组化：Desmin（+），h-caldesmon（-），CD34（-）。")


def test_liver_mvi_grade_as_lvi():
    assert _fields("（右肝）肝细胞癌，中分化；微血管侵犯（MVI）分级：M2。")["pathology.lymphovascular_invasion"].normalized is True
    assert _fields("（左肝）肝细胞癌；微血管侵犯：M0；切缘未见癌。")["pathology.lymphovascular_invasion"].normalized is False
