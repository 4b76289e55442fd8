"""De-identification round 7 (issue 18, Chinese on unseen formats): strong role / kinship cues around names,
members of 、 lists, Tibetan names, signature cues, trailing function characters, insurers and pharmacy chains by
brand, approval-flow titles, organisation spans that took in a verb, and the hard-wrapped view.

Every text here is invented for this file; each mechanism has a case it must find and one it must leave alone.
"""
from __future__ import annotations

import re

import pytest

from oncostruct.extractors.deid.detect import PhiDetector
from oncostruct.extractors.deid.wrapped import unwrapped, wrap_width
from oncostruct.extractors.deid.zh_names import enumerated, load_lists, zh_names
from oncostruct.extractors.rules import load_pack
from oncostruct.extractors.deid.config import load_config, recognizers_path
from tests.deid_helpers import covered


@pytest.fixture(scope="module")
def detector() -> PhiDetector:
    return PhiDetector()


@pytest.fixture(scope="module")
def surname() -> re.Pattern[str]:
    return re.compile(load_pack(recognizers_path(load_config())).spec.definitions["surname"])


def found(detector: PhiDetector, text: str, lang: str = "zh") -> set[tuple[str, str]]:
    return {(s.category, text[s.start:s.end]) for s in detector.detect(text, lang)}


# --- names: strong cues, lists, Tibetan names ----------------------------------------------------------------

@pytest.mark.parametrize("text, name", [
    ("已向家属说明，并与患者及老伴孟秋菊充分沟通。", "孟秋菊"),      # kinship noun before, no cue after
    ("投诉人：略（系患者符振宇女婿）", "符振宇"),                    # kinship noun after, inside a bracket
    ("复印申请人系患者卓嘉怡的侄女。", "卓嘉怡"),                    # 的 + kinship noun
    ("化疗药由甄丽娟代取，已核对。", "甄丽娟"),                      # an act done for someone
    ("（随访表由CRC 蔺晓东填写）", "蔺晓东"),
    ("交接完毕。葛晓燕当班期间无特殊。", "葛晓燕"),
])
def test_names_by_strong_cue(detector: PhiDetector, text: str, name: str) -> None:
    assert covered(detector, text, name)


def test_strong_cue_takes_the_name_not_what_follows(surname: re.Pattern[str]) -> None:
    lists = load_lists()
    text = "值班护士邬婷约半小时后到达"
    assert list(zh_names(text, surname, None, lists)) == [(4, 6)]
    assert list(zh_names("医生高度怀疑复发", surname, None, lists)) == []   # 高度: 度 is no given-name character


def test_list_members_are_names(detector: PhiDetector, surname: re.Pattern[str]) -> None:
    text = "夜班很辛苦；旺堆次仁、庞秀珍两位护士一直在床边。"
    assert covered(detector, text, "旺堆次仁") and covered(detector, text, "庞秀珍")
    # a found name does not spread over a list of symptoms
    symptoms = "出现咳嗽、胸闷，查体：略"
    assert list(enumerated(symptoms, [], surname)) == []
    assert not any(s.category == "NAME" for s in detector.detect("今起咳嗽、咳痰、胸闷，", "zh"))


def test_tibetan_names_without_surname(detector: PhiDetector) -> None:
    assert covered(detector, "| 德吉拉姆 | 放疗科 |", "德吉拉姆")
    assert not any(s.category == "NAME" for s in detector.detect("予扎西布洛芬", "zh"))


@pytest.mark.parametrize("text, name", [
    ("今日无输液。　签字：宁静\n", "宁静"),             # a name that is also a word, after a signature cue
    ("报告：略　审核：常青（质控组）\n", "常青"),
    ("主刀古丽米拉·艾买提主任查房后指示", "古丽米拉·艾买提"),
])
def test_signature_cues_and_dotted_names(detector: PhiDetector, text: str, name: str) -> None:
    assert ("NAME", name) in found(detector, text)


def test_function_characters_are_cut_from_names(detector: PhiDetector) -> None:
    names = {v for c, v in found(detector, "护士欧阳敏将在两小时内回电；已电话向阚浩医生确认") if c == "NAME"}
    assert names == {"欧阳敏", "阚浩"}


# --- organisations -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, org", [
    ("商业补充保险：泰康 惠民保 保单号略", "泰康"),
    ("已投保中国人寿特药险", "中国人寿"),
    ("益丰大药房 DTP药房 外购登记", "益丰大药房"),
    ("大参林 DTP药房", "大参林"),
    ("流程标题：关于肝胆外科患者略的特殊用药申请", "肝胆外科"),
    ("建议委托东湖司法鉴定中心进行鉴定", "东湖司法鉴定中心"),
    ("地点：江州市医调委第一调解室", "江州市医调委"),
    ("工作单位/学校：远航物流\n", "远航物流"),
    ("申办方：恒远（苏州）生物科技有限公司　研究中心：某地", "恒远（苏州）生物科技有限公司"),
])
def test_chinese_organisations_round7(detector: PhiDetector, text: str, org: str) -> None:
    assert ("ORGANIZATION", org) in found(detector, text)


@pytest.mark.parametrize("text", ["术后平安出院。", "祝您一路平安，", "2022年在你们医院确诊"])
def test_brands_need_their_context(detector: PhiDetector, text: str) -> None:
    assert not any(s.category == "ORGANIZATION" for s in detector.detect(text, "zh"))


@pytest.mark.parametrize("text, org", [
    ("您好，我是江城市第二人民医院智能随访助手", "江城市第二人民医院"),
    ("如有不适请立即拨打江城市第二人民医院PICC门诊电话", "江城市第二人民医院"),
    ("研究中心：江城市第二人民医院（中心编号 08）", "江城市第二人民医院"),
])
def test_organisation_spans_leave_the_verb_out(detector: PhiDetector, text: str, org: str) -> None:
    assert ("ORGANIZATION", org) in found(detector, text)


# --- hard-wrapped text ---------------------------------------------------------------------------------------

def _wrapped(body: str, width: int) -> str:
    return "\n".join(body[i:i + width] for i in range(0, len(body), width))


def test_unwrapped_view_maps_back() -> None:
    text = _wrapped("患者术后恢复良好，嘱定期复查，联系电话139-0000-1234，如有不适随时就诊，下次复查时间另行通知。", 16)
    width = wrap_width(text)
    assert width == 16
    view, offsets, joints = unwrapped(text, width)
    assert "\n" not in view and len(offsets) == len(view) + 1 and joints
    assert all(text[offsets[i]] == view[i] for i in range(len(view)))
    assert wrap_width("短行\n另一行\n") is None


def test_values_cut_by_a_hard_wrap_are_found(detector: PhiDetector) -> None:
    body = "患者于门诊复查，病情稳定，家属签字确认。联系电话13912345678，住院号ZY20230456，出院后按期随访，不适随诊。"
    text = _wrapped(body, 15)
    i = body.index("139")
    assert "\n" in text[i + i // 15:i + i // 15 + 12]  # the phone is cut by the wrap
    phone = next(s for s in detector.detect(text, "zh") if s.category == "PHONE")
    assert text[phone.start:phone.end].replace("\n", "") == "13912345678"
    # a line that opens with a label is a new field: nothing joins it to the line before
    fields = "护送人员：邹晓明\n经治医师：葛红\n" * 3
    assert ("NAME", "邹晓明") in found(detector, fields)


def test_english_text_is_not_unwrapped() -> None:
    letter = "Attending: Alan Brook, MD\nService: Thoracic Surgery\nLocation: West Wing 4th\n" * 2
    assert wrap_width(letter) is None


# --- numbers that identify a product, a study or a drug batch; addresses; journal affiliations -------------------

@pytest.mark.parametrize("text", [
    "导管型号：5Fr 双腔", "方案编号：ABC123-301　版本号：V2.0", "（药品批号 7730512，非器械）",
    "（注：恩替卡韦批号 2210B31 为药品批号）", "| 50mg×28片 | 批号K553190 | 2 |",
])
def test_product_study_and_drug_numbers_are_no_phi(detector: PhiDetector, text: str) -> None:
    assert not any(s.category in ("RECORD_NUMBER", "DEVICE_ID") for s in detector.detect(text, "zh"))


def test_device_lots_and_record_numbers_still_found(detector: PhiDetector) -> None:
    assert ("DEVICE_ID", "QX70213") in found(detector, "输液港导管 批号：QX70213\n")
    assert ("RECORD_NUMBER", "ZY20230456") in found(detector, "住院号：ZY20230456")


@pytest.mark.parametrize("text, address", [
    ("身份证略，住湖北省宜昌市秭归县茅坪镇九里村三组21号，联系电话略", "湖北省宜昌市秭归县茅坪镇九里村三组21号"),
    ("住址略；住在江西省九江市濂溪区十里大道88号院7号楼2-301，", "江西省九江市濂溪区十里大道88号院7号楼2-301"),
    ("（1.江城大学附属医院胸外科，江城 430030）", "江城 430030"),
])
def test_chinese_addresses_round7(detector: PhiDetector, text: str, address: str) -> None:
    assert ("ADDRESS", address) in found(detector, text)


# --- staff lists, clinic schedules, pseudonyms, titles on tagged names ------------------------------------------

@pytest.mark.parametrize("text, name", [
    ("主治医师 常宁  住院医师 略\n", "常宁"),                 # a staff label before spaces, a surname that is a word
    ("双人核对：查思远、略\n", "查思远"),
    ("3月2日 上午8:00肿瘤内科闫振华专家门诊，就诊序号12", "闫振华"),
    ("【某医院】买买提江·吐尔逊您好，您已成功预约", "买买提江·吐尔逊"),
    ("下午和莫某通了电话", "莫某"),
])
def test_staff_lists_schedules_and_pseudonyms(detector: PhiDetector, text: str, name: str) -> None:
    assert ("NAME", name) in found(detector, text)


def test_names_lose_trailing_words_and_titles(detector: PhiDetector) -> None:
    assert ("NAME", "魏洋") in found(detector, "丈夫魏洋已签署输血治疗知情同意书")
    assert not any(s.category == "NAME" for s in detector.detect("在某些情况下，和某种药物合用", "zh"))


@pytest.mark.parametrize("text, org", [
    ("江城市肿瘤医院健康管理中心\n健康体检报告", "江城市肿瘤医院健康管理中心"),
    ("单    位：江城农商银行城东支行\n联系电话：略", "江城农商银行城东支行"),
])
def test_organisation_labels_and_centres(detector: PhiDetector, text: str, org: str) -> None:
    assert ("ORGANIZATION", org) in found(detector, text)


def test_table_rows_are_not_joined() -> None:
    table = ("交班时间：2023-03-18 07:30\n床号 | 姓名 | 诊断\n" + "12 | 略 | 略略略略略略略略略\n") * 2
    width = wrap_width(table, 2)
    view, _, joints = unwrapped(table, width) if width else (table, [], set())
    assert not joints


def test_double_characters_and_dates_after_a_wrap(detector: PhiDetector) -> None:
    assert ("NAME", "向向阳") in found(detector, "术后向家属向向阳展示标本")
    assert ("NAME", "贾和平") in found(detector, "如有疑问请联系贾和平医师，电话略")
    log = "患者夜间睡眠可，如有不适请联系科室电话021-8138 6688\n2023-07-25 18:15 家属来电询问复查安排\n" * 3
    phones = [log[s.start:s.end] for s in detector.detect(log, "zh") if s.category == "PHONE"]
    assert phones and all("\n" not in p for p in phones)
