"""Organisations, vehicles and the hospital's own paperwork in identity and records documents (session 20, branch
inst29): a plate after its cue whatever place character opens it, public bodies named by their administrative place
(police bureaux and their branches, courts, disease-prevention offices), a care unit's header field with its floor and
wing, a payer's named plan; and what is no PHI: the hospital's own event, facility, batch and worksheet numbers, a kind
of place in lower case after an article, a title's department of generic words, a maternity department joined by an
ampersand, the kind of a name (曾用名), a device's maker in brackets, an online hospital named by its kind.

Every text here is invented for this file.
"""
from __future__ import annotations

from tests.deid_helpers import table_tests

FOUND = [
    # a plate after its cue: the cue and the shape decide, not a list of provinces
    ("zh", "出院时由女儿驾车（车牌坤K·T3051）接回家中。", "DEVICE_ID", "坤K·T3051"),
    ("zh", "陪护登记：车牌号：甬E 7Q2K51\n联系人：王某", "DEVICE_ID", "甬E 7Q2K51"),
    ("zh", "来院车辆号牌桐B12345停放于地下车库。", "DEVICE_ID", "桐B12345"),
    # public bodies named by their place, a branch kept, a section after it left out
    ("zh", "附件：户口簿变更页（梧桐市公安局南湾区分局户政科出具）。", "ORGANIZATION", "梧桐市公安局南湾区分局"),
    ("zh", "依据：芦苇县公安局户籍信息证明（复印件）", "ORGANIZATION", "芦苇县公安局"),
    ("zh", "家属已向松江市东坡区人民法院提起诉讼。", "ORGANIZATION", "松江市东坡区人民法院"),
    ("zh", "北岭省癌症防治办公室\n数据匹配报告\n", "ORGANIZATION", "北岭省癌症防治办公室"),
    ("zh", "经南湖市卫生健康委员会协调转诊。", "ORGANIZATION", "南湖市卫生健康委员会"),
    # a care unit's header field with its floor and wing
    ("en", "Unit: Day Infusion 4 East\nDate of event: 03/02/2022", "ORGANIZATION", "Day Infusion 4 East"),
    ("en", "Location: Oncology Clinic 2B\nReported by: charge nurse", "ORGANIZATION", "Oncology Clinic 2B"),
    # a payer's named plan
    ("en", "Insurance card on file (Harbor Medicare Advantage, member ZQX551203).", "ORGANIZATION",
     "Harbor Medicare Advantage"),
    ("en", "Was the change sent to Lakeland Medicaid? Yes.", "ORGANIZATION", "Lakeland Medicaid"),
    # a patient's own login after its label stays a handle
    ("en", "Portal username: rbell1984\n", "CONTACT", "rbell1984"),
]

LEFT_ALONE = [
    # no plate without a plate's shape
    ("zh", "车牌号码为空，未登记车辆。", "DEVICE_ID", "车牌号码"),
    ("zh", "车牌：无\n", "DEVICE_ID", "无"),
    # a public body's kind without a named place, or a place that is a body part
    ("zh", "已报我市公安局备案。", "ORGANIZATION", "我市公安局"),
    ("zh", "建议到当地县公安局咨询。", "ORGANIZATION", "当地县公安局"),
    ("zh", "CT示肝区可见一处低密度影。", "ORGANIZATION", "肝区"),
    # a payer's programme alone
    ("en", "Patients enrolled in Original Medicare Advantage plans pay less.", "ORGANIZATION", "Original"),
    ("en", "Most patients on State Medicaid qualify.", "ORGANIZATION", "State Medicaid"),
    # the hospital's own paperwork (PHI_GUIDELINE hosp18)
    ("en", "Wrong-Patient Event Review   Event # SE-402217\nFacility: X", "RECORD_NUMBER", "SE-402217"),
    ("en", "Audit trail: System event EV-7730164 at 10:02", "RECORD_NUMBER", "EV-7730164"),
    ("en", "Submitted by the registry (facility no. 402913)\n", "RECORD_NUMBER", "402913"),
    ("en", "De-duplication worksheet, duplicate pair #5512\n", "RECORD_NUMBER", "5512"),
    ("zh", "数据匹配报告　批次803145\n\n", "RECORD_NUMBER", "803145"),
    # a kind of place in lower case after an article
    ("en", "He usually parks at the cancer center before noon.", "ORGANIZATION", "cancer center"),
    # a title's department of generic words, a maternity department after the hospital
    ("en", "RECORDS RETENTION NOTICE — Health Records\nShredCo LLC\n", "ORGANIZATION", "Health Records"),
    ("en", "RECORDS RETENTION NOTICE — Health Records\nShredCo LLC\n", "NAME", "Health Records"),
    ("en", "Westbury General Hospital — Labor & Delivery / HIM\n\nMother: on file", "ORGANIZATION", "Labor & Delivery"),
    ("en", "To: all units  From: HIM Data Integrity, Westbury General Hospital\n", "NAME", "Data Integrity"),
    ("en", "Westbury General Hospital\nPatient Registration — NAME CHANGE\n", "NAME", "Registration"),
    # the kind of a name, a device's maker, an online hospital by its kind
    ("zh", "曾用名／别名登记表\n主姓名：（略）", "NAME", "曾用名"),
    ("zh", "输液港（康维）序列号已核对，回抽通畅。", "NAME", "康维"),
    ("zh", "互联网医院复诊申请表\n", "ORGANIZATION", "互联网医院"),
    # a login after its label is no record's number
    ("en", "Merged in error by the night clerk (user id tkwan09)\n\nSummary:", "RECORD_NUMBER", "tkwan09"),
]

test_found, test_left_alone = table_tests(FOUND, LEFT_ALONE)
