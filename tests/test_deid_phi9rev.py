"""De-identification on unseen formats (issue 18, branch phi9rev): an SMS's sender in 【】, forum handles written in
Chinese, Chinese court and forensic case numbers, bare English encounter numbers, a member number said in a call (it's …), a booking export's doctor column, funeral homes, HK clinics (医务所)
and forensic institutes (鉴定所), a law firm before 律师; and what is no PHI (SMS headings in 【】, a government
document number, an encounter count, a blank cell's dash under a PHI column, a hospital's grade, 学校 as a field hint, a study protocol's number, a call transcript's first words after a speaker label, the Visa Officer, an @ glued to a word (a separator), a caller's 这里是 / an upload request / a party's 被告 before a hospital).

Every text here is invented for this file; each mechanism has cases it must find and cases it must leave alone.
"""
from __future__ import annotations

from tests.deid_helpers import table_tests

FOUND = [
    ("zh", "[04/11 08:20] 【嘉兴市仁济大药房南湖店】许*平您好，您的续方已审核", "ORGANIZATION", "嘉兴市仁济大药房南湖店"),
    ("zh", "【绍兴市第七医院】您的检查报告已出，请登录查看", "ORGANIZATION", "绍兴市第七医院"),
    ("zh", "楼主：@小鹿爱散步  发表于 2023-05-06", "CONTACT", "@小鹿爱散步"),
    ("zh", "5楼 @肾内科小周医生  认证：某市中心医院", "CONTACT", "@肾内科小周医生"),
    ("zh", "民 事 判 决 书\n（2023）苏0508民初2291号\n原告：甲某某", "RECORD_NUMBER", "（2023）苏0508民初2291号"),
    ("zh", "法医临床检验鉴定意见书\n湘公岳鉴（法临）字[2023]57号\n一、基本情况", "RECORD_NUMBER", "湘公岳鉴（法临）字[2023]57号"),
    ("en", "Duplicate chart merged into encounter 8812034. Registrar notified.", "RECORD_NUMBER", "8812034"),
    ("en", "CALLER: Sure, it's KQT551093284. Patient is my mother.", "RECORD_NUMBER", "KQT551093284"),
    ("zh", "湘潭市殡仪馆  遗体接运登记", "ORGANIZATION", "湘潭市殡仪馆"),
    ("zh", "沙田明安医务所\n沙田大围道8号", "ORGANIZATION", "沙田明安医务所"),
    ("zh", "经查，衢州市公信司法鉴定所出具鉴定意见：", "ORGANIZATION", "衢州市公信司法鉴定所"),
    ("zh", "委托诉讼代理人：单立群，温州市明衡律师事务所律师。", "ORGANIZATION", "温州市明衡律师事务所"),
    ("en", "# run by svc_x\nMRN,Provider,Dept\n4410221,\"Vanterpool, Ilse\",CARDIOLOGY\n", "NAME", "Vanterpool, Ilse"),
    ("zh", "预约号,医生,科室\nB1102,单立群,眼科\n", "NAME", "单立群"),
    ("zh", "先在社区医院就诊，后转入三级医院复旦大学附属肿瘤医院病理科", "ORGANIZATION", "复旦大学附属肿瘤医院病理科"),
]

LEFT_ALONE = [
    ("zh", "【温馨提示】本院门诊时间调整为8:00开始", "ORGANIZATION", "温馨提示"),
    ("zh", "依据国发〔2023〕15号文件执行", "RECORD_NUMBER", "15号"),
    ("en", "This was encounter 2 of 3 for the study visit.", "RECORD_NUMBER", "2 of 3"),
    ("zh", "一项多中心II期研究（方案号 QP418-LUNG-03，版本 2.0）", "RECORD_NUMBER", "QP418-LUNG-03"),
    ("zh", "确诊前最高诊断单位：三级医院     诊断依据：病理", "ORGANIZATION", "三级医院"),
    ("zh", "注：病假超过5天须附二级以上医院证明", "ORGANIZATION", "二级以上医院"),
    ("zh", "工作单位（学校）：某某有限公司", "ORGANIZATION", "学校"),
    ("zh", "先在社区医院就诊，后转入三级医院复旦大学附属肿瘤医院病理科", "ORGANIZATION", "三级医院"),
    ("zh", "护士：您好，这里是宁波市第二医院骨科，请问是家属吗？", "ORGANIZATION", "这里是"),
    ("zh", "已收到。请上传宁波市第二医院处方或医保电子凭证", "ORGANIZATION", "请上传"),
    ("zh", "原告甲某某与被告宁波市第二医院医疗损害责任纠纷一案", "ORGANIZATION", "被告"),
    ("zh", "川崎病@多数病例预后良好，少数遗留冠脉病变", "CONTACT", "@多数病例预后良好"),
    ("en", "AGENT: Okay, I'm sending it now.\nCALLER: Can you fax the form?", "NAME", "Okay"),
    ("en", "AGENT: Okay, I'm sending it now.\nCALLER: Can you fax the form?", "NAME", "Can"),
    ("en", "Date: 2024-01-02\n\nTo: The Visa Officer\nEmbassy of Utopia", "NAME", "Visa"),
    ("en", "Name | Phone | Email | Hours\nIlse Marten | 555-201-3344 | — | 12\n", "CONTACT", "—"),
]


test_found, test_left_alone = table_tests(FOUND, LEFT_ALONE)
