"""Organisations, addresses, ages and contacts of screening, occupational and custodial records (session 20, branch
org31): detention centres and prisons named by their place; a company followed by its numbered mine or plant; fire
departments and organisations headed by Works; a state agency with the state's code; a spaced handwritten table header
(住 址) read as its label; an age of 90 or more between a name and a street in a list; a WeChat official account's id.
Negative cases: a verb + 于 before an organisation word, the Last, First, MI name-order label read as a city and state.

Every text here is invented for this file.
"""
from __future__ import annotations

from tests.deid_helpers import table_tests

FOUND = [
    ("zh", "枫林县看守所医务室 在押人员就诊记录\n", "ORGANIZATION", "枫林县看守所"),
    ("zh", "患者原羁押于江北区看守所，现转院。", "ORGANIZATION", "江北区看守所"),
    ("zh", "被申请人：青山矿业集团有限责任公司二矿，住所地某县", "ORGANIZATION", "青山矿业集团有限责任公司二矿"),
    ("zh", "工作单位 北岭铀业有限公司七一二矿\n伤病情：尘肺", "ORGANIZATION", "北岭铀业有限公司七一二矿"),
    ("zh", "疑与南坪化工有限公司3厂排放有关。", "ORGANIZATION", "南坪化工有限公司3厂"),
    ("en", "Site: Maple Grove Volunteer Fire Dept lot\nDate: x", "ORGANIZATION", "Maple Grove Volunteer Fire Dept"),
    ("en", "three cases near Delta Tire Works.\n", "ORGANIZATION", "Delta Tire Works"),
    ("en", "ASSESSMENT\nNM Department of Health, Environmental Epidemiology\n", "ORGANIZATION", "NM Department of Health"),
    ("en", "claim filed with the NY Dept. of Labor last week", "ORGANIZATION", "NY Dept. of Labor"),
    ("en", "1. Ruth Ambler, 97, 4410 Mill Rd, Ashford\n", "AGE", "97"),
    ("en", "cases: Joe Pratt, 91, 22 Kettle Creek Rd; Ann Lutz, 60, 9 Oak St", "AGE", "91"),
    ("zh", "日 期 | 姓 名 | 年龄 | 住 址 | 情 况\n3.4 | 王建华 | 61 | 6组12号 | 血糖偏高\n", "ADDRESS", "6组12号"),
    ("zh", "也可关注公众号“hxjkzx”在线预约。", "CONTACT", "hxjkzx"),
    ("zh", "微信公众号：lqwjw_2020\n", "CONTACT", "lqwjw_2020"),
]

LEFT_ALONE = [
    ("zh", "村民自驾车停于村委会门口。\n", "ORGANIZATION", "停于"),
    ("zh", "到看守所后复查。", "ORGANIZATION", "看守所"),
    ("en", "1. Name (Last, First, MI): Doe, Jane A\n", "ADDRESS", "First, MI"),
    ("en", "1. Ruth Ambler, 66, 4410 Mill Rd, Ashford\n", "AGE", "66"),
    ("en", "Dose, 95, 20 Gy to the field", "AGE", "95"),
    ("zh", "关注公众号“健康临溪”查看结果", "CONTACT", "健康临溪"),
    ("en", "the Department of Health said", "ORGANIZATION", "the"),
]

test_found, test_left_alone = table_tests(FOUND, LEFT_ALONE)

LEFT_ALONE_2 = [
    ("en", "Coach: Unit 2 (plate OH MMC-114 — hospital vehicle)   Site: x\n", "DEVICE_ID", "OH MMC-114"),
    ("en", "refer to Environmental Health Coordinator Dana Cole.\n", "ORGANIZATION", "Environmental Health"),
    ("zh", "日 期 | 姓 名 | 年龄 | 住 址 | 情 况 | 签 字\n3.4 | 王建华 | 61 | 6组12号 | 血糖偏高 | 王建华\n", "ADDRESS", "情 况"),
    ("zh", "姓名 | 住址 | 备注\n", "ADDRESS", "备注"),
]
FOUND_2 = [
    ("en", "Her own car, plate 7KQM214, was parked outside.\n", "DEVICE_ID", "7KQM214"),
    ("en", "seen at Lakeview Community Health on Monday", "ORGANIZATION", "Lakeview Community Health"),
]

test_found_2, test_left_alone_2 = table_tests(FOUND_2, LEFT_ALONE_2)
