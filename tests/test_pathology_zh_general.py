"""General causes of misses on unseen Chinese pathology layouts (issue #20), each on a sentence written for this
test (none is copied from a fixture)."""
from __future__ import annotations

import pytest

from oncostruct.engine.cdm import DocType
from oncostruct.extractors.base import ExtractionInput
from oncostruct.extractors.text.pathology import PathologyExtractor

EX = PathologyExtractor()


def _extract(text: str):
    return EX.extract(ExtractionInput(text=text, doc_type=DocType.pathology, language="zh"))


def _first(text: str) -> dict:
    out: dict = {}
    for f in _extract(text).fields:
        out.setdefault(f.name, f)
    return out


def _norm(text: str, name: str):
    f = _first(text).get(name)
    return None if f is None else f.normalized


@pytest.mark.parametrize("text", ["分期：ypT3 N1 (AJCC 8th)", "pT2N0（UICC 8th）", "AJCC分期（第八版）：pT1b", "TNM分期：第8版 pT3N0"])
def test_ajcc_edition_as_ordinal_or_after_a_staging_word(text: str) -> None:
    assert _norm(text, "pathology.ajcc_edition") == 8


@pytest.mark.parametrize("text, lvi, pni", [
    ("LVI(+)，PNI：-。", True, False),
    ("可见癌结节，LVSI+，PNI（+）。", True, True),
    ("淋巴脉管间隙浸润（LVSI）：阴性。", False, None),
    ("LVI: absent; PNI: present", False, True),
])
def test_invasion_written_as_code_and_sign(text: str, lvi: bool | None, pni: bool | None) -> None:
    assert _norm(text, "pathology.lymphovascular_invasion") is lvi
    assert _norm(text, "pathology.perineural_invasion") is pni


def test_unknowable_is_not_absent() -> None:
    f = _first("穿刺小标本，切缘及神经侵犯：无法评估。")
    assert "pathology.margin" not in f and "pathology.perineural_invasion" not in f


def test_lymph_node_typo() -> None:
    f = _first("（腋窝淋巴节）2/9，见癌转移。")
    assert (f["pathology.ln_positive"].normalized, f["pathology.ln_examined"].normalized) == (2, 9)
    assert f["pathology.ln_examined"].provenance[0].text == "9"


def test_ocr_mo_jian_is_not_seen() -> None:
    f = _first("胃切缘及十二指肠切缘均末见癌。")
    assert f["pathology.margin"].normalized == "negative"


@pytest.mark.parametrize("text, category", [("ypT2 ypNl", "N1"), ("pT3 pNlb cM0", "N1b"), ("pT1 Nla", "N1a")])
def test_ocr_l_for_one_in_n(text: str, category: str) -> None:
    assert _norm(text, "pathology.pN")["category"] == category


def test_english_margin_value_in_chinese_report() -> None:
    assert _norm("胆总管切缘：negative；胰腺切缘：negative", "pathology.margin") == "negative"
    assert _norm("环周切缘：positive", "pathology.margin") == "positive"


def test_spaced_characters() -> None:
    f = _first("诊 断：(胃 窦) 低分化腺 癌，大 小3.0×2.0cm。")
    assert f["pathology.histology"].normalized == "Adenocarcinoma, NOS"
    assert f["pathology.primary_site"].normalized == "Gastric antrum"
    assert f["pathology.tumor_size"].normalized == [3.0, 2.0]


def _stations(text: str) -> list[tuple[str, int, int]]:
    return [(f.normalized["station"], f.normalized["positive"], f.normalized["examined"])
            for f in _extract(text).fields if f.name.startswith("pathology.ln_stations[")]


@pytest.mark.parametrize("text", [
    "淋巴结：幽门上 1/3，幽门下 0/5，胃网膜右 2/7。",
    "淋巴结：幽门上 1/3；幽门下 0/5；胃网膜右 2/7",
    "淋巴结分组\t阳性数/总数\n幽门上\t1/3\n幽门下\t0/5\n胃网膜右\t2/7\n",
    "淋巴结：\n　幽门上：1/3\n　幽门下：0/5\n　胃网膜右：2/7\n",
])
def test_station_counts_without_brackets(text: str) -> None:
    assert _stations(text) == [("幽门上", 1, 3), ("幽门下", 0, 5), ("胃网膜右", 2, 7)]
    f = _first(text)
    assert (f["pathology.ln_positive"].normalized, f["pathology.ln_examined"].normalized) == (3, 15)


def test_numbered_station_without_brackets() -> None:
    assert _stations("纵隔淋巴结：第4R组 0/2，第7组 1/4。") == [("第4R组", 0, 2), ("第7组", 1, 4)]


def test_bracketed_group_before_its_node_statement() -> None:
    text = "（左颈Ⅱ区）淋巴结见癌转移（1/6）；（左颈Ⅲ区）淋巴结未见癌转移（0/4）。"
    assert _stations(text) == [("左颈Ⅱ区", 1, 6), ("左颈Ⅲ区", 0, 4)]
    assert _norm(text, "pathology.ln_examined") == 10


def test_a_fraction_outside_a_node_list_is_no_station() -> None:
    text = "子宫内膜样癌，浸润深度超过肌层1/2。另见淋巴结3枚，均未见转移。"
    assert _stations(text) == []
    assert _norm(text, "pathology.ln_examined") == 3


# --- doubt reaches review ---------------------------------------------------------------------------------------

def test_tumour_report_without_histology_sends_its_fields_to_review() -> None:
    from oncostruct.engine.cdm import FieldStatus
    from oncostruct.engine.pipeline import Pipeline

    rec = Pipeline().extract_text("病理诊断：（胃体）黏膜内见异型细胞巢，结合形态考虑为癌。切缘未见病变。", doc_type="pathology")
    (issue,) = [i for i in rec.issues if i.code == "pathology.no_fields"]
    assert issue.fields == ["pathology.histology"] and issue.severity == "warning"
    assert rec.fields and all(f.status is FieldStatus.needs_review for f in rec.fields)
    assert any(i.code == "review.pending" for i in rec.issues)


def test_missing_site_sends_only_organ_bound_fields_to_review() -> None:
    from oncostruct.engine.cdm import FieldStatus

    ex = _extract("病理诊断：低分化腺癌，切缘阴性，pT2N0。")
    (issue,) = [i for i in ex.issues if i.code == "pathology.no_fields"]
    assert issue.fields == ["pathology.primary_site"]
    status = {f.name: f.status for f in ex.fields}
    assert status["pathology.histology"] is FieldStatus.needs_review
    assert status["pathology.pT"] is FieldStatus.needs_review
    assert status["pathology.margin"] is FieldStatus.auto_accepted


def test_no_issue_without_tumour_cues_or_with_both_anchors() -> None:
    assert not [i for i in _extract("送检：胆囊。胆囊慢性炎，切缘阴性。").issues if i.code == "pathology.no_fields"]
    assert not [i for i in _extract("病理诊断：（直肠）中分化腺癌。").issues if i.code == "pathology.no_fields"]


@pytest.mark.parametrize("text, gene, result", [
    ("分子检测：ROS1 融合：阴性。", "ROS1", "negative"),
    ("EGFR 突变: 阳性（19外显子缺失）", "EGFR", "mutant"),
    ("双探针FISH：HER2基因未扩增。", "ERBB2", "not amplified"),
])
def test_molecular_result_after_a_colon_or_negated(text: str, gene: str, result: str) -> None:
    mol = _norm(text, "pathology.molecular[0]")
    assert (mol["gene"], mol["result"]) == (gene, result)


def test_microcarcinoma_word_order() -> None:
    assert _norm("（甲状腺左叶）微小乳头状癌，直径0.4cm。", "pathology.histology") == "Papillary microcarcinoma"


# --- primary site ----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, site", [
    ("标本：左乳改良根治标本\n组织学类型：浸润性导管癌\n", "Left breast"),
    ("标本类型：全子宫+双附件\n肿瘤部位：宫颈\n组织学类型：鳞状细胞癌\n", "Cervix uteri"),
    ("标本：全胃切除标本\n病理诊断：胃窦腺癌，中分化。\n", "Gastric antrum"),
    ("根治性子宫切除标本。宫颈见一结节状肿物，大小3×2cm，镜下为鳞状细胞癌，浸润深肌层。", "Cervix uteri"),
    ("全胃切除标本，见一溃疡型肿物，大小4×3cm，镜下为低分化腺癌，浸润至浆膜下层。", "Stomach"),
])
def test_primary_site_from_labels_mass_and_title(text: str, site: str) -> None:
    assert _norm(text, "pathology.primary_site") == site


def test_tumour_site_keeps_the_specimen_laterality() -> None:
    f = _first("标本类型：右乳改良根治\n肿瘤部位：外上象限\n组织学类型：浸润性导管癌\n")["pathology.primary_site"]
    assert f.normalized == "Upper-outer quadrant of breast"
    assert f.attributes["laterality"] == "right"


# --- mixed English, full width --------------------------------------------------------------------------------------

def test_english_statements_inside_a_chinese_report() -> None:
    text = ("病理诊断：（右肺下叶）浸润性腺癌，中分化。Lymphovascular invasion: present. "
            "Perineural invasion: not identified. Margins: negative. 淋巴结：2 of 11 lymph nodes involved。")
    f = _first(text)
    assert f["pathology.lymphovascular_invasion"].normalized is True
    assert f["pathology.perineural_invasion"].normalized is False
    assert f["pathology.margin"].normalized == "negative"
    assert (f["pathology.ln_positive"].normalized, f["pathology.ln_examined"].normalized) == (2, 11)


def test_full_width_text_given_straight_to_the_extractor() -> None:
    f = _first("ＬＶＩ：（－）；ＰＮＩ：（＋）；ｐＴ２ ｐＮ１ａ（ＡＪＣＣ ８ｔｈ）")
    assert f["pathology.lymphovascular_invasion"].normalized is False
    assert f["pathology.perineural_invasion"].normalized is True
    assert f["pathology.ajcc_edition"].normalized == 8
    assert f["pathology.pN"].value == "ｐＮ１ａ"


# --- OCR digits, Chinese numerals, grade labels -------------------------------------------------------------------

@pytest.mark.parametrize("text, pos, exam", [("（幽门下）淋巴结见癌转移（O/9）。", 0, 9), ("淋巴结见癌转移（2/l6）。", 2, 16)])
def test_ocr_letters_inside_counts(text: str, pos: int, exam: int) -> None:
    f = _first(text)
    assert (f["pathology.ln_positive"].normalized, f["pathology.ln_examined"].normalized) == (pos, exam)


def test_ocr_letters_inside_sizes_but_not_in_tnm_words() -> None:
    f = _first("（胃体）腺癌，肿瘤大小4.O×2.5×l.Ocm，pT2NOMO。")
    assert f["pathology.tumor_size"].normalized == [4.0, 2.5, 1.0]
    assert f["pathology.tumor_size"].value == "4.O×2.5×l.Ocm"
    assert f["pathology.pN"].normalized["category"] == "N0"


@pytest.mark.parametrize("text, pos, exam", [
    ("肠周共检出淋巴结十五枚，其中两枚见癌转移。", 2, 15),
    ("找到淋巴结九枚，均未见转移。", 0, 9),
])
def test_counts_in_chinese_numerals(text: str, pos: int, exam: int) -> None:
    f = _first(text)
    assert (f["pathology.ln_positive"].normalized, f["pathology.ln_examined"].normalized) == (pos, exam)


@pytest.mark.parametrize("text, grade", [("浸润性导管癌，组织学分级：3级。", "G3"), ("肿瘤退缩分级：2级。", None)])
def test_arabic_grade_after_a_grading_label(text: str, grade: str | None) -> None:
    assert _norm(text, "pathology.grade") == grade
