"""Places, organisations, ages and plates of media, community and charity writing (session 21, branch place36): a town
named alone (a news dateline, a town-shaped name after from / of / in or after a caller's first name in brackets), a
street without its number after a place preposition, a residential compound or a village after a place word
(在 / 来自 / 我们 / 社区), a township's village, a full Chinese address after 从; newspapers, broadcasters (call signs),
clubs, charities, temples and trade sponsors; an age of 90 or more in words, in capitals, in brackets after a first name,
in the column after a date of birth, or before a bar or a dash after a name; a US plate written with its state's code
after a vehicle word. Negative cases: a state alone, a day word before 日报, a food drive, gene names beside call-sign
shapes, a young date of birth, an age under 90.

Every text here is invented for this file.
"""
from __future__ import annotations

from tests.deid_helpers import table_tests

FOUND = [
    ("en", "NEWS RELEASE\n\nOTTERBROOK FALLS, TX — June 3, 2025 — A local", "ADDRESS", "OTTERBROOK FALLS"),
    ("en", "Ida Ferro lived of course at the end of Quailrun Drive, near", "ADDRESS", "Quailrun Drive"),
    ("en", "Our house is on Tanner Row, an hour away", "ADDRESS", "Tanner Row"),
    ("en", "a retired welder who grew up near Pinebrook, she", "ADDRESS", "Pinebrook"),
    ("en", "CALLER (Nell, Port Ellery): Hi, I just", "ADDRESS", "Port Ellery"),
    ("zh", "外婆家在银杏苑，离医院有点远。", "ADDRESS", "银杏苑"),
    ("zh", "患者来自东岸华府，今年七十岁。", "ADDRESS", "东岸华府"),
    ("zh", "社区机床厂宿舍7栋的钱某，于去年确诊。", "ADDRESS", "机床厂宿舍7栋"),
    ("zh", "出院后回到石桥镇下湾村休养。", "ADDRESS", "石桥镇下湾村"),
    ("zh", "他从青禾市东城区长乐路21号枫林家园2栋1单元502室赶来复诊。", "ADDRESS", "青禾市东城区长乐路21号枫林家园2栋1单元502室"),
    ("zh", "青禾晚报记者今天采访了他。", "ORGANIZATION", "青禾晚报"),
    ("zh", "感谢青禾广播电视台前来拍摄", "ORGANIZATION", "青禾广播电视台"),
    ("zh", "他是青禾市癌症康复俱乐部会员。", "ORGANIZATION", "青禾市癌症康复俱乐部"),
    ("zh", "由晨光肿瘤患者关爱协会发放助学金", "ORGANIZATION", "晨光肿瘤患者关爱协会"),
    ("en", "Interview aired on KQZX Channel 4 last night", "ORGANIZATION", "KQZX Channel 4"),
    ("en", "Reporters from WQTB 6 News and The Otterbrook Sentinel visited", "ORGANIZATION", "The Otterbrook Sentinel"),
    ("en", "Coffee courtesy of Stony Ridge Vineyards\n", "ORGANIZATION", "Stony Ridge Vineyards"),
    ("en", "donations through Friends of Pinebrook General.\n", "ORGANIZATION", "Friends of Pinebrook General"),
    ("en", "Tovah Brandt, ninety-six, still bakes", "AGE", "ninety-six"),
    ("en", "97-YEAR-OLD GRANDMOTHER FINISHES CHEMO", "AGE", "97-YEAR-OLD"),
    ("en", "Birthday wishes to Hester (98), who", "AGE", "98"),
    ("en", "3  Ruth Teller\t2/14/1930\t95\tyes\n", "AGE", "95"),
    ("en", "Guest: Ida Ferro, 101 | retired nurse", "AGE", "101"),
    ("en", "someone left a note on our car (OH 7QRT552) while we", "DEVICE_ID", "OH 7QRT552"),
    ("en", "Parking reserved: MN 3ZZK418; MN 8PLT220 (chair)\n", "DEVICE_ID", "MN 8PLT220"),
]

LEFT_ALONE = [
    ("en", "moved here from Ohio in 2019", "ADDRESS", "Ohio"),
    ("en", "seen at Pinebrook University Medical Center", "ADDRESS", "Pinebrook"),
    ("en", "thanks to everyone at the Food Drive", "ADDRESS", "Food Drive"),
    ("en", "IMPRESSION, CT — 2 cm nodule", "ADDRESS", "IMPRESSION"),
    ("zh", "复查当日报告提示肝功能正常", "ORGANIZATION", "当日报"),
    ("zh", "在学生宿舍休息两天", "ADDRESS", "学生宿舍"),
    ("zh", "长期生活在农村", "ADDRESS", "农村"),
    ("en", "KRAS Exon 2 mutation detected", "ORGANIZATION", "KRAS Exon 2"),
    ("en", "WBC 12.1, CRP 45", "ORGANIZATION", "WBC 12"),
    ("en", "4  Ruth Teller\t2/14/1960\t95\tyes\n", "AGE", "95"),
    ("en", "Ida Ferro, 85 | Survivor", "AGE", "85"),
    ("en", "Table (95) — see below", "AGE", "95"),
    ("en", "CAR T infusion day MN 1 planned", "DEVICE_ID", "MN 1"),
]

test_found, test_left_alone = table_tests(FOUND, LEFT_ALONE)
