"""De-identification on unseen formats (issue 18, branch phi10rev): numbers said digit by digit (a Chinese voice
transcript's 幺三八…, an ID ending 叉, a dictation's "seven three eight …"), a masked mobile number, chain branches in brackets, police
brigades, hotels and opticians, an intersection (zh, en), a department heading a ward line, a therapist before 治疗师, en rehab / supply suppliers, the last four
digits of a phone, a MAC after a word and a full-width colon, a time after a two-digit year / " at " /
a glued 日, a four-digit time ending a dated line, dates dictated in lower case; and what is no PHI (a 处方 / 全科 role, a header cell, a contract year (年度), counts said
in words, a CSV's amount after the seconds, a card's last digits).

Every text here is invented for this file; each mechanism has cases it must find and cases it must leave alone.
"""
from __future__ import annotations

from oncostruct.extractors.deid.spoken_digits import spoken_view
from tests.deid_helpers import table_tests

FOUND = [
    ("zh", "用户 我的手机是幺五九二二零八七洞四六 谢谢", "PHONE", "幺五九二二零八七洞四六"),
    ("zh", "用户 身份证号是三三零一零六一九五八零三一二四四七叉\n", "ID_NUMBER", "三三零一零六一九五八零三一二四四七叉"),
    ("zh", "助手 请确认手机号\n用户 对 零四六结尾不对 是二零四六结尾\n", "PHONE", "二零四六"),
    ("zh", "会员：孟某　手机：139****2718　积分：120", "PHONE", "139****2718"),
    ("zh", "如有疑问请联系手机尾号6204的家属", "PHONE", "6204"),
    ("zh", "附件：设备网卡MAC：3C:A9:0E:71:B2:5D（已导出）", "DEVICE_ID", "3C:A9:0E:71:B2:5D"),
    ("zh", "经批准，于2023年11月02日09:30外出，当日返回。", "DATE", "2023年11月02日"),   # session 14: the time stays out
    ("en", "Mixed 11/04/22 07:55 by R. Osei, checked", "DATE", "11/04/22"),
    ("en", "Incident Date/Time: 12/01/2022 1915\nLocation: ramp", "DATE", "12/01/2022"),
    ("en", "On Wed, Nov 8, 2023 at 09:40 AM Ilse Marten wrote:", "DATE", "Nov 8, 2023"),
    ("en", "hi this is the clinic please call back at four one five two two nine eight zero one three thanks",
     "PHONE", "four one five two two nine eight zero one three"),
    ("en", "chart number five five one zero nine two three dictating", "RECORD_NUMBER",
     "five five one zero nine two three"),
    ("en", "born october two 1951 seen today august 30 for review", "DATE", "october two 1951"),
    ("en", "born october two 1951 seen today august 30 for review", "DATE", "august 30"),
    ("en", "procedure moved to Thursday the 22nd at the main campus", "DATE", "Thursday the 22nd"),
    ("zh", "湖州市清瞳视界（吴兴区店）　验光单\n顾客：某某", "ORGANIZATION", "湖州市清瞳视界（吴兴区店）"),
    ("zh", "隔离点：嘉兴市悦来酒店(南湖店)　房号：12\n", "ORGANIZATION", "嘉兴市悦来酒店(南湖店)"),
    ("zh", "嘉兴市公安局交通警察支队南湖大队\n伤情记录", "ORGANIZATION", "嘉兴市公安局交通警察支队南湖大队"),
    ("zh", "事故地点：嘉兴市南湖区东栅路与中环南路交叉口\n", "ADDRESS", "嘉兴市南湖区东栅路与中环南路交叉口"),
    ("zh", "致：陈黄律師行　　閣下檔號", "ORGANIZATION", "陈黄律師行"),
    ("zh", "今天做了平衡训练，贺晓峰治疗师说有进步", "NAME", "贺晓峰"),
    ("en", "Lakemoor Physical Therapy - Home Program\n", "ORGANIZATION", "Lakemoor Physical Therapy"),
    ("en", "supplier: AirGlide Medical Supply 1-800-555-0142", "ORGANIZATION", "AirGlide Medical Supply"),
    ("en", "2024-02-01,Harbor Point Hospital (Fresno),seen", "ORGANIZATION", "Harbor Point Hospital (Fresno)"),
    ("zh", "事故地点：嘉兴市南湖区柳枝巷与中环南路交叉口\n", "ADDRESS", "嘉兴市南湖区柳枝巷与中环南路交叉口"),
    ("en", "Location: Elm Hollow Ct & Marsh Blvd, Fresno\nParty 1", "ADDRESS", "Elm Hollow Ct & Marsh Blvd, Fresno"),
    ("zh", "住院患者请假外出申请单\n血液内科　9病区　12床\n本人", "ORGANIZATION", "血液内科"),
]

LEFT_ALONE = [
    ("zh", "嘱患者做一二三四五六七节操，每天两次", "PHONE", "一二三四五六七"),
    ("zh", "第一二三四五六七八九天均无发热", "RECORD_NUMBER", "一二三四五六七八九"),
    ("zh", "请用尾号3356结尾的银行卡支付", "PHONE", "3356"),
    ("en", "time,amount\n2023-02-03 10:05:00,150.00,cash\n", "DATE", "150"),
    ("en", "take one or two tablets three times a day", "PHONE", "one or two"),
    ("en", "the patient may 5 times repeat", "DATE", "may 5"),
    ("zh", "處方醫師：宋某　调剂药师：某某", "NAME", "方"),
    ("zh", "团队长：某某　全科医生：某某", "NAME", "全科"),
    ("zh", "姓名 | 住址 | 联系电话 | 诊断\n", "ADDRESS", "联系电话"),
    ("zh", "家庭医生签约服务协议书（2024年度）\n", "DATE", "2024年"),
    ("zh", "道路交通事故受伤人员伤情记录", "ADDRESS", "道路交通事故"),
]


test_found, test_left_alone = table_tests(FOUND, LEFT_ALONE)


def test_spoken_view_keeps_offsets() -> None:
    text = "电话幺三九零零二二四八六七 好"
    view, changed = spoken_view(text)
    assert len(view) == len(text) and view[2:13] == "13900224867" and changed == list(range(2, 13))
    assert spoken_view("一二三岁") is None
