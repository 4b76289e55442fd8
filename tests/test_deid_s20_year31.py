"""Partial dates of occupational, service and exposure histories (session 20, branch year31): a year range in prose
or a table (two years or year-months joined by a dash or a from/to word), a bare year after a verb of a life event
(dx, treated, quit, retired), and a year, year-month or month.day cell under a column header that names a time
(日期, 出生年月, 起始, Year, Period, From / To). Years that are no one's date (a page range, a dose range, a version, a
count after a verb, a dose cell under a Period header) stay.

Every text here is invented for this file.
"""
from __future__ import annotations

from tests.deid_helpers import table_tests

FOUND = [
    ("en", "The claimant served 1963–1967 aboard a destroyer.", "DATE", "1963"),
    ("en", "The claimant served 1963–1967 aboard a destroyer.", "DATE", "1967"),
    ("en", "He worked as a welder from 1971 to 1988 with daily fume exposure.", "DATE", "1988"),
    ("en", "Prior employer: Northfield Foundry 1949-1962).", "DATE", "1962"),
    ("en", "Employment 6/1966 to 5/1977 at a shipyard.", "DATE", "5/1977"),
    ("zh", "│1984.11—1993.2│某某机械厂│车工│噪声│", "DATE", "1993.2"),
    ("zh", "于某院行放疗（2020.4至2020.8），现ECOG 1分。", "DATE", "2020.8"),
    ("zh", "1997.5—至今 在某化工厂工作", "DATE", "1997.5"),
    ("zh", "1974-1981年在某矿井下作业", "DATE", "1981年"),
    ("zh", "工号,姓名,出生年月,工种,接害起始,电话\nK1001,某某,197503,焊工,1996,13800000000\n", "DATE", "1996"),
    ("zh", "工号,姓名,出生年月,工种,接害起始,电话\nK1001,某某,197503,焊工,1996,13800000000\n", "DATE", "197503"),
    ("zh", "日 期 | 姓 名 | 情 况\n4.17 | 某某 | 血压正常\n4.24 | 某某 | 咳嗽\n", "DATE", "4.24"),
    ("en", "Year      Deep    Shallow\n1983      0.412   0.533\n1984      0.201   0.377\n", "DATE", "1984"),
    ("en", "| From | To | Employer |\n|---|---|---|\n| 2/1961 | 8/1970 | Some Mill |\n", "DATE", "2/1961"),
    ("en", "(Eastbay Shipbuilding Corp. 1942-1948).", "DATE", "1942"),
    ("en", "Kit Lot 20210907, exp 2023-01-31", "DATE", "2023-01-31"),
    ("zh", "采样日期 20220315", "DATE", "20220315"),
]

LEFT_ALONE = [
    ("en", "See pp. 1931-1937 of the proceedings.", "DATE", "1931"),
    ("en", "as first described by Moreau et al. (1987) in miners", "DATE", "1987"),
    ("en", "Infuse 1800-2000 mg over an hour.", "DATE", "2000"),
    ("en", "The unit treated 2000 patients last year.", "DATE", "2000"),
    ("zh", "NRS-2002评分3分", "DATE", "2002"),
    ("en", "| Dose | Period | Count |\n|---|---|---|\n| 1.5 | 2 | 45 |\n", "DATE", "1.5"),
    ("en", "| Drug | From | To |\n|---|---|---|\n| cisplatin | 75 | 100 |\n", "DATE", "75"),
    ("zh", "日 期 | 姓 名 | 情 况\n4.17 | 某某 | 血糖7.2\n", "DATE", "7.2"),
    ("zh", "注：某检测试剂批号 20220315（产品信息）；", "DATE", "20220315"),
    ("en", "Kit Lot 20210907, exp 2023-01-31", "DATE", "20210907"),
]

test_found, test_left_alone = table_tests(FOUND, LEFT_ALONE)
