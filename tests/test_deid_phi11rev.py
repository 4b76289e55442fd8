"""De-identification on unseen formats (issue 18, branch phi11rev): an English-order Chinese address (Rm, Bldg, No.,
a direction, then district and city in Chinese), a hospital's named clinic and a bilingual department, blood
stations, 联合会, a police station before 民警, a register's spaced name, the surname 傅, a name before 副主任医师,
a name list ending 两名, a date's 上午9時, an official letter's addressee, a lawsuit's parties (zh, en), care homes,
gyms and a home draw service, a LaTeX table, initials under their label, SURNAME/GIVEN after a passenger label; and
what is no PHI (a FHIR identifier's system URL, a guideline's 2020年版, 国药准字, 程控医师, a lawsuit's role word, a LaTeX header, 师傅).

Every text here is invented for this file; each mechanism has cases it must find and cases it must leave alone.
"""
from __future__ import annotations

from oncostruct.extractors.text_tables import column_pairs
from tests.deid_helpers import table_tests

_LATEX = ("\\begin{tabular}{lllll}\n\\toprule\nName & Age & MRN & City & Enrolled \\\\\n\\midrule\n"
          "Oswin Tarrant & 97 & M31415926 & Greeley & 2024-05-01 \\\\\n"
          "Maribel Quist & 64 & M27182818 & Yakima & 2024-06-11 \\\\\n\\bottomrule\n\\end{tabular}")
_TRIAL = ("screen_id\tinitials\tdob\tarm\nSCR-1111\tKD\t3 Mar 1960\tArm A\nSCR-2222\tPW\t9 Sep 1971\tArm B\n")

FOUND = [
    ("zh", "Home address 在华住址: Rm 502, Bldg 6, No. 21 Huaihai W Rd, 徐汇区, 上海市\n", "ADDRESS",
     "Rm 502, Bldg 6, No. 21 Huaihai W Rd, 徐汇区, 上海市"),
    ("zh", "程控随访报告\n宁波仁爱医院心律失常随访门诊\n患者：某某", "ORGANIZATION", "宁波仁爱医院心律失常随访门诊"),
    ("zh", "Clinic 就诊科室: Harbourview Medical Center 国际医疗部   Dr. 某某\n", "ORGANIZATION",
     "Harbourview Medical Center 国际医疗部"),
    ("zh", "采血点：宁波市中心血站天一献血屋　采血护士：某某\n", "ORGANIZATION", "宁波市中心血站天一献血屋"),
    ("zh", "审核：鄞州区残疾人联合会\n", "ORGANIZATION", "鄞州区残疾人联合会"),
    ("zh", "于2024年3月5日由宁波市公安局鄞州分局南门派出所民警送至我院。", "ORGANIZATION", "宁波市公安局鄞州分局南门派出所"),
    ("zh", "2024.05.06　借用人：陈 景 和　（患者本人/家属）\n", "NAME", "陈 景 和"),
    ("zh", "2024年6月12日　咨询师：傅晨阳（三级心理咨询师）\n", "NAME", "傅晨阳"),
    ("zh", "经韩立群副主任医师查看后，与家属沟通", "NAME", "韩立群"),
    ("zh", "经邵振宇、严立新两名精神科执业医师诊断评估", "NAME", "严立新"),
    ("zh", "閣下已獲安排於2024年4月16日 下午2時入住本院", "DATE", "2024年4月16日"),   # session 14: the time stays out
    ("zh", "（2024）浙0203民初1357号\n\n宁波康宁保健院：\n　　本院受理原告某某", "ORGANIZATION", "宁波康宁保健院"),
    ("zh", "与被告宁波海曙建设集团劳动争议一案，因审理需要", "ORGANIZATION", "宁波海曙建设集团"),
    ("en", "Case No. 2024-CV-11111\nNORTHFIELD TRANSIT AUTHORITY, Defendant.\n", "ORGANIZATION",
     "NORTHFIELD TRANSIT AUTHORITY"),
    ("en", "ELMSTONE DENTAL GROUP, Defendant.\n", "ORGANIZATION", "ELMSTONE DENTAL GROUP"),
    ("en", "the patient from Maple Manor, the nursing home", "ORGANIZATION", "Maple Manor"),
    ("en", "PAR-Q - StoneRidge Fitness, Tacoma\nMember: someone", "ORGANIZATION", "StoneRidge Fitness"),
    ("en", "LAB REQUISITION   Summit Home Draw\nReq# RQ1234", "ORGANIZATION", "Summit Home Draw"),
    ("en", _LATEX, "NAME", "Oswin Tarrant"),
    ("en", _LATEX, "AGE", "97"),
    ("en", _LATEX, "ADDRESS", "Yakima"),
    ("en", _TRIAL, "NAME", "KD"),
    ("en", "Subject initials: PW\nplan", "NAME", "PW"),
    ("en", "Passenger: ASHDOWN/MARTHA   Booking ref: QWERTY", "NAME", "ASHDOWN/MARTHA"),
    ("en", "see http://stmary.example.org/portal/u123 for results", "CONTACT", "http://stmary.example.org/portal/u123"),
    ("zh", "门诊号 | 药品\nMZ20240101 | 阿司匹林 100mg", "RECORD_NUMBER", "MZ20240101"),
]

LEFT_ALONE = [
    ("zh", "按《中国2型糖尿病防治指南（2020年版）》调整", "DATE", "2020年"),
    ("zh", "批准文号：国药准字H12345678　生产批号", "ORGANIZATION", "国药"),
    ("zh", "程控医师：某某　工程师：某某\n起搏器程控随访报告", "NAME", "程控"),
    ("zh", "请师傅说明情况后签字", "NAME", "说明"),
    ("zh", "结果：阴 性\n", "NAME", "阴 性"),
    ("zh", "送检医院：\n  无", "ORGANIZATION", "送检医院"),
    ("en", "PINEWOOD PUBLISHING, Defendant.\nSent to counsel for Defendant today", "ADDRESS", "Defendant"),
    ("en", _LATEX, "ORGANIZATION", "City & Enrolled"),
    ("en", "ABO BLOOD GROUP: A", "ORGANIZATION", "BLOOD GROUP"),
    ("en", "Name: N/A", "NAME", "N/A"),
    ("en", '{"identifier": [{"system": "http://stmary.example.org/mrn", "value": "1234567"}]}', "CONTACT",
     "http://stmary.example.org/mrn"),
]


test_found, test_left_alone = table_tests(FOUND, LEFT_ALONE)


def test_latex_rows_are_table_cells() -> None:
    pairs = {(label, value) for label, value, _ in column_pairs(_LATEX)}
    assert ("City", "Greeley") in pairs and ("Age", "64") in pairs and not any("midrule" in v for _, v in pairs)
