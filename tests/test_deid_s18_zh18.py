"""Chinese names, ages, dates and contacts (issue 18, session 18, branch zh18): field labels read as names in
label-above-value layouts, compound role words ending in 医生, lunar dates, forum posters' handles, surname-only and
masked references, bylines, relatives' tables, signatures after an opinion.

Every name, number and handle here is invented for this file.
"""
from __future__ import annotations

import pytest

from oncostruct.extractors.deid.detect import PhiDetector
from oncostruct.extractors.deid.patient import detect_documents


def _found(detector: PhiDetector, text: str) -> set[tuple[str, str]]:
    return {(s.category, text[s.start:s.end]) for s in detector.detect(text, "zh")}


def _names(detector: PhiDetector, text: str) -> set[str]:
    return {v for c, v in _found(detector, text) if c == "NAME"}


@pytest.mark.parametrize("text", [
    "申请人  邵明远            性别     女\n出生日期  1941年6月2日    年龄    93岁\n身份证号   110101194106021234\n"
    "联系电话   0571-8812345\n代办人  邵晓东，儿子，13800001111\n",
    "姓名  钱子墨      性别  男\n出生年月    1988年4月\n邮编   310012\n监护人/代理人     钱立（父亲）\n",
    "学生姓名  孔令华\n学籍号     G310101201203\n家长电话  13512345678\n停车车牌    浙A12345\n",
    "序号｜姓名｜接送地址｜车牌｜备注\n1｜韩立新｜东湖路5号｜浙B88888｜无\n",
])
def test_labels_of_a_column_layout_are_no_names(detector: PhiDetector, text: str) -> None:
    names = _names(detector, text)
    for label in ("出生日期", "身份证号", "联系电话", "代办人", "出生年月", "邮编", "监护人/代理人", "代理人",
                  "学籍号", "家长电话", "停车车牌", "车牌"):
        assert label not in names, (label, names)


def test_a_value_that_is_a_name_stays(detector: PhiDetector) -> None:
    assert "邵明远" in _names(detector, "申请人  邵明远            性别     女\n")


@pytest.mark.parametrize("text, role", [
    ("签约团队（护士方燕，公卫医生贺建平），为乙方提供服务", "卫"),
    ("下次随访：5月6日    责任医生：柏晓云\n", "任医生"),
    ("交接护士吴琴。\n随车医生：葛思远  驾驶员：陶立新\n", "车医生"),
])
def test_compound_role_words_are_no_surnames(detector: PhiDetector, text: str, role: str) -> None:
    assert role not in _names(detector, text)


def test_role_compound_is_not_spread_from_a_known_surname(detector: PhiDetector) -> None:
    docs = [("处方医生：任国栋\n", "zh", "P1"), ("下次随访：5月6日    责任医生：柏晓云\n", "zh", "P1")]
    text = docs[1][0]
    spans = detect_documents(detector, docs)[1]
    assert "任医生" not in {text[s.start:s.end] for s in spans}


def test_a_surname_before_a_title_stays(detector: PhiDetector) -> None:
    found = {v for c, v in _found(detector, "今天由王医生主刀，手术顺利。") if c == "NAME"}
    assert any("王" in v for v in found)


@pytest.mark.parametrize("text, value", [
    ("她在农历冬月十九那天住院", "冬月十九"),
    ("于2023年1月3日（农历腊月十二）8时在家中去世", "腊月十二"),
    ("腊月廿六开始发热", "腊月廿六"),
    ("四月初七复查", "四月初七"),
])
def test_lunar_dates(detector: PhiDetector, text: str, value: str) -> None:
    assert ("DATE", value) in _found(detector, text)


@pytest.mark.parametrize("text", ["前年春节后开始咳嗽", "三个月初次复查", "每月初一随访一次"])
def test_relative_dates_are_no_dates(detector: PhiDetector, text: str) -> None:
    assert not any(c == "DATE" for c, _ in _found(detector, text))


@pytest.mark.parametrize("text, handle", [
    ("主题：治疗经历\n楼主：坚强妈妈2207　发表于 2022-03-04\n", "坚强妈妈2207"),
    ("大家好\n2楼 小雨爸爸77：我们也用这个药\n", "小雨爸爸77"),
    ("谢谢\n5楼 river4402：抱抱\n", "river4402"),
])
def test_forum_handles(detector: PhiDetector, text: str, handle: str) -> None:
    assert any(v == handle for c, v in _found(detector, text) if c == "CONTACT")


def test_forum_reply_cue_is_no_handle(detector: PhiDetector) -> None:
    text = "楼主回复：谢谢大家的建议\n"
    assert not any(c == "CONTACT" for c, _ in _found(detector, text))


@pytest.mark.parametrize("text, name", [
    ("我家老人（钱，83岁）前年开始咳嗽", "钱"),
    ("经审理查明：孙 某因胸痛于2020年就诊", "孙 某"),
    ("[幻灯片3] 患者郑XX，男，61岁", "郑XX"),
    ("免疫治疗的临床观察\n\n祁文渊¹　郝立群¹*\n（¹ 某医院肿瘤科）", "祁文渊"),
    ("家庭成员\n柏秋菊 母亲 ９６ — 卧床\n", "柏秋菊"),
    ("科室意见：情况属实，同意。邵建平\n教务处意见：同意", "邵建平"),
    ("Ⅱ代：外祖母高秀，2016年去世", "高秀"),
])
def test_names(detector: PhiDetector, text: str, name: str) -> None:
    assert name in _names(detector, text)


def test_relative_age_cell(detector: PhiDetector) -> None:
    assert ("AGE", "９６") in _found(detector, "家庭成员\n柏秋菊 母亲 ９６ — 卧床\n")
    assert not any(c == "AGE" for c, _ in _found(detector, "家庭成员\n柏秋菊 母亲 67 — 健康\n"))


@pytest.mark.parametrize("text", ["（高，低）两组", "胸部XX线片", "某某县医院", "母亲高血压病史十年", "肺癌¹ 的治疗"])
def test_no_names(detector: PhiDetector, text: str) -> None:
    assert not _names(detector, text), _names(detector, text)


def test_child_by_given_name(detector: PhiDetector) -> None:
    assert "春雨" in _names(detector, "申请理由：我的孩子春雨于2022年5月确诊白血病")
    assert not _names(detector, "我的孩子目前在化疗，我的孩子一直在吃药。")
