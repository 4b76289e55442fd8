"""De-identification on unseen formats (issue 18, branch deidname11): hard wraps counted in display columns (a Chinese
character takes two), English cut mid-word at a fixed width, table rows cut by a wrap joined to their rest, names
masked with stars, resident IDs with a masked middle, short extensions after a phone cue, names after a role noun and
a space in signature blocks, numbers read out digit by digit (and the same number written whole), beds with their
ward, report numbers that open with a place, names after a role noun ending in 人 or 长, masked names after a
colleague's noun, letter-spaced signatures, English first names after a neighbour's or an employee's noun, names as
an inline key's quoted value, a heading's person after a dash, names after a driver's, carer's or coordinator's label
(capitals too) and before 负责 after a department, /s/ signatures and preferred names, NPIs, short pager numbers, ext.
x…, labelled rooms and beds; and what is no PHI (a masked mobile is not an ID, a count after 电话, a role noun before a
verb, markdown bold marks, a scale of single digits, an imported device's licence, a test's name, role nouns in 人 and
column heads, 检查医师 / 随车医生 as roles, 周期 and 万元 after digits, MR Conditional, Auth).

Every text here is invented for this file; each mechanism has cases it must find and cases it must leave alone.
"""
from __future__ import annotations

import textwrap

import pytest

from oncostruct.extractors.deid.detect import PhiDetector, fold_width
from oncostruct.extractors.deid.wrapped import columns, unwrapped, wrap, wrap_width
from tests.deid_helpers import holds, spans, touches


def _wrap_columns(body: str, width: int) -> str:
    """``body`` hard-wrapped at ``width`` display columns, as a fixed-width print-out does it."""
    lines, line = [], ""
    for ch in body:
        if ch == "\n":
            lines.append(line)
            line = ""
            continue
        if columns(line + ch) > width:
            lines.append(line)
            line = ""
        line += ch
    return "\n".join(lines + [line])


CSV = ("# 导出自 门诊预约管理系统  导出人：某某  导出时间：2025-01-01\n"
       "就诊号,患者姓名,身份证号,手机号码,就诊科室,接诊医生,预约时间\n"
       "V100200301,钱小明,110105194903152231,13812345678,普外科,孙红梅,2025-01-02 08:30\n"
       "V100200302,钱小明,110105194903152231,13812345678,普外科,江卫东,2025-01-09 09:10\n"
       "V100200303,周华,120104200101012219,13987654321,眼科,孙红梅,2025-01-16 10:20\n"
       "# 共 3 条记录；过滤条件：手机号码或患者姓名；仅限本院内部使用\n")

TABLE = ("筛选号 | 日期 | 受试者 | 性别 | 病历号 | 结果\n"
         "A001 | 2025-02-01 | 钱某某 | 男 | MR-71520394 | 入选\n"
         "A002 | 2025-02-03 | 孙某 | 女 | MR-66201873 | 待定\n"
         "A003 | 2025-02-05 | 江某某 | 男 | MR-30981126 | 筛败\n")


def test_wrap_width_counts_display_columns() -> None:
    text = _wrap_columns(CSV, 34)
    assert wrap_width(text, measure=columns) in (33, 34)
    assert wrap(text) == (wrap_width(text, measure=columns), columns)
    # as characters the lines differ (a Chinese character takes two columns): no single length dominates
    assert len({len(line) for line in text.split("\n")[1:-2]}) > 1


def test_ids_and_names_cut_by_a_display_width_wrap_are_found(detector: PhiDetector) -> None:
    text = _wrap_columns(CSV, 34)
    for value, category in [("110105194903152231", "ID_NUMBER"), ("13987654321", "PHONE"), ("孙红梅", "NAME")]:
        assert any(s.category == category and text[s.start:s.end].replace("\n", "") == value
                   for s in detector.detect(text, "zh")), value


def test_a_table_row_cut_by_the_wrap_joins_its_rest(detector: PhiDetector) -> None:
    text = _wrap_columns(TABLE, 40)
    assert "MR-71520394" not in text   # the fixture does cut a record number
    view, _, joints = unwrapped(text, *wrap(text))
    assert "MR-71520394" in view and joints
    found = [(c, v.replace("\n", "")) for c, v in spans(detector, text, "zh")]
    assert ("RECORD_NUMBER", "MR-71520394") in found


ENGLISH = ("Patient seen in clinic today for follow up of stage III colon cancer after six cycles of adjuvant "
           "chemotherapy. She reports mild neuropathy in both feet and fatigue that improves with rest. Her daughter "
           "Rosalind Achebe accompanied her and asked about the next scan. Plan: CT chest abdomen pelvis in three "
           "months, CEA every three months, continue gabapentin, and return after imaging. MRN 41481973. Call "
           "(617) 555-0134 with questions.")


def test_english_cut_mid_word_is_unwrapped_word_wrapped_is_not(detector: PhiDetector) -> None:
    words = "\n".join(textwrap.wrap(ENGLISH, 56))
    cut = "\n".join(ENGLISH[i:i + 56] for i in range(0, len(ENGLISH), 56))
    assert wrap(words) is None   # word wrapping spreads line ends: nothing is joined
    assert wrap(cut) == (56, len)
    assert "41481973" not in cut   # the fixture cuts the record number
    assert any(s.category == "RECORD_NUMBER" and cut[s.start:s.end].replace("\n", "") == "41481973"
               for s in detector.detect(cut, "en"))


def test_a_line_that_ends_in_an_amount_is_not_joined() -> None:
    bill = "\n".join(["项目编码    项目名称        单价    数量    金额"] + [
        f"25030501{i}    C反应蛋白测定    25.00    1    25.00" for i in range(4)])
    found = wrap(bill)
    assert found is not None
    _, _, joints = unwrapped(bill, *found)
    assert not joints


def test_rows_of_a_table_that_fit_keep_their_line_ends() -> None:
    rows = "\n".join(f"{i:03d} | 钱某某 | 男性 | 普通外科 | MR-7152039{i} | 入选观察组" for i in range(1, 6))
    found = wrap(rows)
    assert found is not None
    view, _, joints = unwrapped(rows, *found)
    assert not joints and view == rows   # each next line is a whole row (as many column breaks): nothing joins


IVR = "BOT: Please say your refill number.\nCALLER: 7 2 0 4 4 1 9\nBOT: I heard 7204419. Correct?"

FOUND = [
    ("zh", "[05/02 09:15] 【某某大药房人民路店】周*华您好，您的慢病处方已续", "NAME", "周*华"),
    ("zh", "评价：★★★★★ \"护士很耐心\"——钱**\n", "NAME", "钱**"),
    ("zh", "评价：★★★★★ ＂护士很耐心＂——孙＊＊\n", "NAME", "孙＊＊"),
    ("zh", "张三  男  45岁  身份证 110105********2231\n服务地址：", "ID_NUMBER", "110105********2231"),
    ("zh", "证件号：3****************X  有效期", "ID_NUMBER", "3****************X"),
    ("zh", "特殊器械由器械科负责，电话6057。\n", "PHONE", "6057"),
    ("zh", "值班：20:00   联系电话：8990\n——————", "PHONE", "8990"),
    ("zh", "审判长 何雨桐  审判员 钱小明  人民陪审员 孙红\n二〇二五年三月一日", "NAME", "钱小明"),
    ("zh", "审判长 何雨桐  审判员 钱小明  人民陪审员 孙红\n二〇二五年三月一日", "NAME", "孙红"),
    ("zh", "鉴定人：主检法医师 江卫东   法医师 武红\n2025年", "NAME", "江卫东"),
    ("en", IVR, "RECORD_NUMBER", "7 2 0 4 4 1 9"),
    ("en", IVR, "RECORD_NUMBER", "7204419"),
    ("zh", "入院科别 骨科  病房 9病区17床\n出院时间 2025年3月4日", "RECORD_NUMBER", "9病区17床"),
    ("zh", "医疗器械不良事件报告表\n报告编号：襄阳2025112233   报告日期", "RECORD_NUMBER", "襄阳2025112233"),
    ("zh", "SW2002 | 钥匙一串 | 拾得人 何家明 | 已认领\n", "NAME", "何家明"),
    ("zh", "0.00\n医保机构经办人 钱红   医疗机构填报部门 医保办", "NAME", "钱红"),
    ("zh", "情况属实，同意申报。   班组长：孙立军\n工会意见：同意", "NAME", "孙立军"),
    ("zh", "公示：我单位职工江某某因病住院，经济困难", "NAME", "江某某"),
    ("zh", "押金200元另缴。\n陪护人签名：孙 立 军         护士长：钱红\n", "NAME", "孙 立 军"),
    ("en", "Felt weak today. Neighbor Rosalind brought soup.", "NAME", "Rosalind"),
    ("en", "HR note: employee Marguerite Adebisi (SSN on file) is on leave", "NAME", "Marguerite Adebisi"),
    ("en", "caregiver: {name: \"Tobias Sandberg\", relation: son}", "NAME", "Tobias Sandberg"),
    ("zh", "## 化疗周期随访表 — 孙立军（BA24206947）\n\n> 说明", "NAME", "孙立军"),
    ("zh", "车牌：湘A·B1***  司机：孙立军\n委托人：钱红（母亲）", "NAME", "孙立军"),
    ("zh", "家属：钱红（女儿）  外籍看护：NGUYEN THI LAN\n评估日期：2025-03-10", "NAME", "NGUYEN THI LAN"),
    ("zh", "主要研究者：钱红    CRC：孙立军  电话 0731-8800123", "NAME", "孙立军"),
    ("zh", "特殊器械由器械科孙立军负责，电话6057。", "NAME", "孙立军"),
    ("en", "Signature: /s/ R. Sandberg   Date: 06/28/2025", "NAME", "R. Sandberg"),
    ("en", "Preferred name: \"Kemi\"   Room: 274C", "NAME", "Kemi"),
    ("en", "Covering: R. Sandberg   Pager 4828   Date 05/25/2025", "PHONE", "4828"),
    ("en", "Contact: <it@example.org> ext. x5268\nWorkstation: WS-12", "PHONE", "x5268"),
    ("zh", "入住日期：2025年3月9日     房间/床位：C2-118-1\n主要照护人：钱红", "RECORD_NUMBER", "C2-118-1"),
]


@pytest.mark.parametrize("lang,text,category,value", FOUND)
def test_found(detector: PhiDetector, lang: str, text: str, category: str, value: str) -> None:
    assert holds(detector, text, lang, category, value)


LEFT = [
    ("en", "Spoke with Dr. Okafor, NPI 1234567893.\nAGENT: Thank you", "ID_NUMBER", "1234567893"),
    ("zh", "手机 138****5678 已验证", "ID_NUMBER", "138****5678"),
    ("zh", "患者已电话随访3次，电话2024年起停用", "PHONE", "3次"),
    ("zh", "护士长 安排\n", "NAME", "安排"),
    ("zh", "主任医师 查房\n", "NAME", "查房"),
    ("zh", "P值<0.05* 为差异有统计学意义", "NAME", "0.05"),
    ("zh", "疼痛评分（圈出）：0 1 2 3 4 5 6 7 8 9 10", "RECORD_NUMBER", "0 1 2 3 4 5 6"),
    ("en", "Rate 1 2 3 4 5 6 7 (circle one)", "RECORD_NUMBER", "1 2 3 4 5 6 7"),
    ("zh", "报告编号：2025年第3期", "RECORD_NUMBER", "2025年第3期"),
    ("zh", "病人 安静\n家人 陪同\n", "NAME", "安静"),
    ("zh", "职工医院体检中心", "NAME", "职工医院"),
    ("zh", "起搏器  注册证号：国械注进20193120000\n型号规格", "RECORD_NUMBER", "20193120000"),
    ("en", "Referred to Employee Health Services for a fit test", "NAME", "Health Services"),
    ("en", "{test_name: \"Glucose Tolerance\", value: 7.8}", "NAME", "Glucose Tolerance"),
    ("zh", "编号 BX11223344\n检查医师：江卫东  助手：孙红\n", "NAME", "查"),
    ("zh", "筛查护士：孙红    技师：钱立\n", "NAME", "查"),
    ("zh", "出车时间：19:50  随车医生：钱立军\n", "NAME", "车"),
    ("zh", "| 日期 | 地点 | 拾得人 | 处理情况\n| 3/1 | 大厅 | 孙红 | 待认领\n", "NAME", "拾得人"),
    ("zh", "日期 | 学生姓名 | 班级 | 处理人\n3/1 | 钱立 | 三(2) | 孙红\n", "NAME", "班级"),
    ("zh", "方案：mFOLFOX6，q2w，第 4 周期 |\n", "NAME", "周期"),
    ("zh", "进口与国产价格差约 1.2 万元，家属选择国产。", "NAME", "万元"),
    ("en", "Device cleared as MR Conditional at 1.5T only.", "NAME", "Conditional"),
    ("en", "KLM571904263   Auth PA43547529\nOrdered by", "NAME", "Auth"),
    ("zh", "第一阶段 — 周期\n", "NAME", "周期"),
    ("zh", "看护：ICU HDU 轮转\n", "NAME", "ICU HDU"),
    ("zh", "由内科主任负责会诊", "NAME", "主任"),
    ("zh", "本院开放床位：120 张", "RECORD_NUMBER", "120"),
]


@pytest.mark.parametrize("lang,text,category,value", LEFT)
def test_left_alone(detector: PhiDetector, lang: str, text: str, category: str, value: str) -> None:
    assert not touches(detector, text, lang, category, value)


def test_markdown_bold_pairs_read_as_spaces_lone_stars_stay() -> None:
    assert fold_width("**注意** 王明") == "  注意   王明"
    assert fold_width("——秦**\n") == "——秦**\n"
