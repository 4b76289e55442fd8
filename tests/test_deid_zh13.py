"""De-identification of Chinese text on unseen formats (issue 18, branch deidzh13): surnames of the 百家姓 the list
lacked (common-word ones need a cue), letter-spaced labels and signatures of an OCR'd form closed up in a view, a chat
export's handle in brackets and its speaker, licence plates, a roster heading's month/day, a month and day with its
time, a compound's 家园, a factory and a hospital's service centre, role labels in 师 / 官 / 员, a court letter's
parties; and what is no PHI (a batch column of a table parted by single spaces, an institution's code, 主任医师 for a
surname 任, a score after a heading, a title in brackets).

Every text here is invented for this file; each mechanism has cases it must find and cases it must leave alone.
"""
from __future__ import annotations

import pytest

from oncostruct.extractors.deid.detect import PhiDetector
from oncostruct.extractors.deid.spaced import despaced_runs
from oncostruct.extractors.text_tables import column_pairs
from tests.deid_helpers import holds, spans, touches

_OCR_FORM = ("出 院 记 录\n姓 名：司徒晓岚　　科 别：眼科　　床 号：３１　　住院号：AB６６０１２３４\n"
             "入院日期：２０２５－０１－０２\n医 师：郁 文 涛\n")
_VACCINE = ("疫苗　　剂次　　接种日期　　批号\n甲肝疫苗　第1剂　2023.05.06　Q7712345\n"
            "流感疫苗　第2剂　2023.06.06　202377881\n")
_RETURN = ("药品名称　　　　规格　　　数量　批号\n注射用某某钠　0.5g　　　2支　K5512340\n"
           "某某缓释片　10mg　　　8片　60119288\n")
_CHAT = "2025-03-04 21:10\n贝思远(qq_77ab1c): 医生您好\n贝思远: 谢谢\n"

FOUND = [
    ("家属签字：乐明轩  联系电话：139 0000 1111", "NAME", "乐明轩"),
    ("审核：皮小雯\n评估日期", "NAME", "皮小雯"),
    ("入院记录\n\n元立平，男，41岁，因“头痛2天”入院", "NAME", "元立平"),
    ("　　原告赖宏伟（公民身份号码略）诉被告", "NAME", "赖宏伟"),
    ("物理师：昌文静\n联系电话", "NAME", "昌文静"),
    ("承办法官：狄建华　电话：略", "NAME", "狄建华"),
    ("家属签字：万俟小雨 电话", "NAME", "万俟小雨"),
    (_OCR_FORM, "NAME", "郁 文 涛"),
    (_OCR_FORM, "RECORD_NUMBER", "３１"),
    (_CHAT, "CONTACT", "qq_77ab1c"),
    (_CHAT, "NAME", "贝思远"),
    ("车牌号：鲁B3K7720  随车护士：某某", "DEVICE_ID", "鲁B3K7720"),
    ("[交班本] 外科 床位一览 11/3\n3床 某某", "DATE", "11/3"),
    ("您预约的超声检查时间为3月9日 08:40，地点门诊2楼", "DATE", "3月9日"),   # session 14: the time stays out
    ("住江苏省南京市玄武区梅林路12号丹桂家园5幢1单元301室）与", "ADDRESS", "丹桂家园5幢1单元301室"),
    ("与被告苏州东湖精密铸造厂机动车交通事故责任纠纷一案", "ORGANIZATION", "苏州东湖精密铸造厂"),
    ("【陪检单】金陵仁和医院运送中心\n患者：某某", "ORGANIZATION", "金陵仁和医院运送中心"),
    ("港澳通行证：C76543210　军官证号：东字第0098765号", "ID_NUMBER", "C76543210"),
    ("港澳通行证：C76543210　军官证号：东字第0098765号", "ID_NUMBER", "东字第0098765号"),
    ("签署时间：２０２４年５月６日　下午３：１５\n", "DATE", "２０２４年５月６日"),
    ("保险公司：某某人寿保险股份有限公司丽水分公司\n", "ORGANIZATION", "某某人寿保险股份有限公司丽水分公司"),
    ("同意手术，并授权医师在术中调整方式。经治医生：东方立新", "NAME", "东方立新"),
]

LEFT_ALONE = [
    (_VACCINE, "RECORD_NUMBER", "Q7712345"),
    (_VACCINE, "RECORD_NUMBER", "202377881"),
    (_RETURN, "RECORD_NUMBER", "K5512340"),
    (_RETURN, "RECORD_NUMBER", "60119288"),
    ("南城康宁医院　　机构编码：H10293847561\n姓名：某某", "RECORD_NUMBER", "H10293847561"),
    ("患者任立国，男。经某某主任医师查房", "NAME", "任医师"),
    ("疼痛评分 4/10\n", "DATE", "4/10"),
    ("张医生(MD): 好的\n", "CONTACT", "MD"),
    ("肺功能\nMEF75（FEF25）：75%肺活量时的流量\n", "CONTACT", "FEF25"),
    ("新A型流感病毒", "DEVICE_ID", "新A型"),
    ("患者水平卧位，心率平稳，乐观配合", "NAME", "水平"),
    ("血压平稳，平素体健", "NAME", "平素"),
    ("家属满意，随访护士：经电话随访", "NAME", "满意"),
    ("家属满意，随访护士：经电话随访", "NAME", "经电话"),
    ("同意手术，并授权医师在术中调整方式", "NAME", "权"),
    ("宣教护士进行健康宣教，山东医生会诊", "NAME", "宣教"),
    ("就读学校：某某第二中学", "ORGANIZATION", "就读学校"),
    ("驾驶证已过期", "ID_NUMBER", "驾驶证"),
    ("出生地 江南省临江市东区  籍贯 江南  民族 汉族\n身份证号 某某  职业 退休  婚姻 2\n", "ADDRESS", "身份证号"),
]


@pytest.mark.parametrize("text,category,value", FOUND)
def test_found(detector: PhiDetector, text: str, category: str, value: str) -> None:
    assert holds(detector, text, "zh", category, value), spans(detector, text, "zh")


@pytest.mark.parametrize("text,category,value", LEFT_ALONE)
def test_left_alone(detector: PhiDetector, text: str, category: str, value: str) -> None:
    assert not touches(detector, text, "zh", category, value), spans(detector, text, "zh")


def test_spaced_runs_close_only_single_characters() -> None:
    view, offsets, joints = despaced_runs("床 号：４７ 皮文 男 48岁") or ("", [], set())
    assert view.startswith("床号：４７ 皮文 男") and len(joints) == 1
    assert despaced_runs("二级护理 主管:某某 低盐低脂") is None


def test_single_spaced_rows_under_a_wide_header() -> None:
    pairs = {(label, value) for label, value, _ in column_pairs(_RETURN.replace("\u3000", " "))}
    assert ("批号", "K5512340") in pairs and ("数量", "8片") in pairs
