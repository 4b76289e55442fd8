"""s20-mach30: PHI inside machine strings (file names, label-printer fields, pipe records, pinyin initials before a
Chinese name, acronyms that spell an organisation found). Invented values only."""
from __future__ import annotations

import pytest

from oncostruct.extractors.deid.detect import PhiDetector
from oncostruct.extractors.deid.machine_fields import _spells, acronym_of, initials_before_zh


@pytest.fixture(scope="module")
def det() -> PhiDetector:
    return PhiDetector()


def _found(det: PhiDetector, text: str) -> dict[str, str]:
    return {text[s.start:s.end]: s.category for s in det.detect(text)}


def _covered(det: PhiDetector, text: str, value: str) -> bool:
    a = text.index(value)
    return any(s.start <= a and a + len(value) <= s.end for s in det.detect(text))


@pytest.mark.parametrize("text,record,name", [
    ("2031-02-03 INFO loading QX31-40817_B2_TANAKAROBERT_L002_R2.fastq.gz", "QX31-40817", "TANAKAROBERT"),
    ("输入 K318842_LIUJIANGUO_S4_L001_R1_001.fastq.gz 完成", "K318842", "LIUJIANGUO"),
    ("QX31-40817_C1_MARCHETTIBRUNO_20310203.svs  812 MB", "QX31-40817", "MARCHETTIBRUNO"),
])
def test_underscore_token_parts(det, text, record, name):
    found = _found(det, text)
    assert found.get(name) == "NAME"
    assert _covered(det, text, record)


def test_sample_sheet_surname_initial(det):
    text = "Sample_ID,Sample_Name,Plate\nQX31-40817-T,TANAKA_R,PL101\n"
    assert _found(det, text).get("TANAKA_R") == "NAME"


def test_zpl_fields(det):
    text = "^XA^FO10,10^FDQX31-40817 B2^FS^FO10,40^FDMARCHETTI,B^FS^XZ"
    found = _found(det, text)
    assert found.get("MARCHETTI,B") == "NAME"
    assert _covered(det, text, "QX31-40817")


def test_pipe_record_fields(det):
    text = "R|2|^^^AFP|4.2|ng/mL|0-9|N||F||JTANAKA||20310203101500\nP|1||QX31-40817|UNDERWOOD|THADDEUS|19500101|M|\n"
    found = _found(det, text)
    assert found.get("JTANAKA") == "NAME"
    assert found.get("UNDERWOOD") == "NAME" and found.get("THADDEUS") == "NAME"


def test_pinyin_initials_before_chinese_name():
    text = "A3\tK318842-01\tLJ 刘建国\t血浆"
    assert [(text[a:b]) for a, b in initials_before_zh(text)] == ["LJ"]
    assert not list(initials_before_zh("A3\tK318842-01\tXY 刘建国\t血浆"))


def test_acronym_spelled_by_an_organisation_found(det):
    assert _spells("BRMC", ["Birchwood", "Regional", "Medical", "Center"])
    assert _spells("SFGH", ["Stonefield", "General", "Hospital"])   # a compound first word gives two letters
    assert not _spells("BRMC", ["Birchwood", "General", "Hospital"])
    text = "Referred from Birchwood Regional Medical Center.\n^FO10,10^FDBRMC^FS\nSite: BRMC"
    spans = [(text[s.start:s.end], s.category) for s in det.detect(text)]
    assert spans.count(("BRMC", "ORGANIZATION")) == 2
    assert list(acronym_of("CT and MRI at BRMC", ["Birchwood Regional Medical Center"], set())) == [(14, 18)]


@pytest.mark.parametrize("text", [
    "QX31-40817_TUMOR_S1_L001_R1_001.fastq.gz",
    "run 310203_NB501234_0042_AHXYZ2BGXK done",
    "index UDI0007 adapter CTGTCTCTTATACACATCT",
    "^XA^FO10,10^FDASSET 40211^FS^XZ",
    "R|1|^^^GLU|5.4|mmol/L|3.9-6.1|N||F||||20310203101500",
])
def test_machine_strings_without_names(det, text):
    assert not any(s.category == "NAME" for s in det.detect(text))


def test_acronym_without_organisation_is_left(det):
    text = "HER2 IHC 3+, KRAS G12C; CEA rising."
    assert not any(s.category == "ORGANIZATION" for s in det.detect(text))


def test_keyword_value_and_pipe_name_with_unknown_surname(det):
    text = "$SRC=UNDERWOOD THADDEUS\n$FIL=run7.fcs\nQX31-40818|ZWANBERGEN|IGNATIUS|19481123|M|\n"
    found = _found(det, text)
    assert found.get("UNDERWOOD THADDEUS") == "NAME"
    assert found.get("ZWANBERGEN") == "NAME" and found.get("IGNATIUS") == "NAME"
    assert "run7.fcs" not in found


def test_commented_header_heads_headerless_rows(det):
    text = ("# export QX-900  2031-02-03\n# columns: specimen,mrn,patient,age,test,result\n"
            "S0001,40011223,Harlow Quince,94,WBC,3.1\nS0001,40011223,Harlow Quince,94,HGB,101\n")
    found = _found(det, text)
    assert found.get("94") == "AGE"
    zh = "# 导出\n# 格式：样本号,病历号,姓名,性别,年龄,项目\n77120001,5520193,钱多多,女,93,WBC\n"
    assert _found(det, zh).get("93") == "AGE"


def test_commented_line_that_is_no_header(det):
    text = "# note: rerun, QC passed, see log\nWBC,3.1,K/uL\n"
    assert not any(s.category in ("NAME", "AGE") for s in det.detect(text))


def test_accession_and_initials_beside_a_name(det):
    zh = "同批患者样本 K318842（刘建国，某某医院）复检一致"
    assert _found(det, zh).get("K318842") == "RECORD_NUMBER"
    label = "标签打印：刘建国/31-40817/某某医院\n"
    assert _found(det, label).get("31-40817") == "RECORD_NUMBER"
    en = "Patient Marcus Tanaka, MRN 4410021. Split sample QX31-40817 (MT — Tanaka) sent out."
    found = _found(det, en)
    assert found.get("MT") == "NAME"
    assert _covered(det, en, "QX31-40817")


def test_initials_not_beside_a_name_stay(det):
    text = "QC sample QX31-40817 (PT — proficiency) accepted; HER2 IHC 2+"
    assert "PT" not in _found(det, text)


def test_numbered_road_address_and_plan_payers(det):
    found = _found(det, "Ship to: 4410 State Highway 12 West\nInsurance: Larkspur Benefit Plans ID HB1\nPayer: Ridgeline HMO\n")
    assert found.get("4410 State Highway 12 West") == "ADDRESS"
    assert found.get("Larkspur Benefit Plans") == "ORGANIZATION"
    assert found.get("Ridgeline HMO") == "ORGANIZATION"
    assert not _found(det, "She took Route 9 home. The HMO denied it.")


def test_donor_is_a_role_not_a_given_name(det):
    found = _found(det, "Donor Marisol Vantreight, 58 yrs\nRecipient: A*02:01, B*07:02\n")
    assert found.get("Marisol Vantreight") == "NAME"
    assert "Recipient" not in found and "Donor Marisol" not in found


def test_astm_records_by_position(det):
    text = ("H|\\^&|||QX900^2.1|||||HOSTLIS||P|1|20310203\n"
            "P|1||PID0001||VANTREIGHT^MARISOL^K||19500101|F\n"
            "R|1|^^^CEA|3.1|ng/mL|0-5|H||F||KOSTRAVA||20310203101500\n"
            "R|2|^^^AFP|4.0|ng/mL|0-9|N||F||||20310203101500\n")
    found = _found(det, text)
    assert found.get("KOSTRAVA") == "NAME"
    assert any(k.startswith("VANTREIGHT") for k, v in found.items() if v == "NAME")
    assert not any(v == "NAME" for k, v in found.items() if "QX900" in k or "HOSTLIS" in k)


def test_keyed_site_field_in_a_pipe_record_and_acronym_before_mrn(det):
    text = "Scanner v1|AppMag = 40|MPP = 0.25|Institution = BRMC\n"
    assert _found(det, text).get("BRMC") == "ORGANIZATION"
    found = _found(det, "Result belongs to Marisol Vantreight (BRMC MRN 55012345).")
    assert found.get("BRMC") == "ORGANIZATION"
    assert "EMR" not in _found(det, "EMR MRN 55012345 merged")
