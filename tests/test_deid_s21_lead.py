"""Session 21, lead: a study subject's, screening or randomisation number and a pseudonym stay RECORD_NUMBER
(PHI_GUIDELINE, session 21: when in doubt, redact), while the numbering of the study's material and paperwork does not.

Every text here is invented for this file.
"""
from __future__ import annotations

from tests.deid_helpers import table_tests

FOUND = [
    ("zh", "受试者编号：07-215　中心：04\n", "RECORD_NUMBER", "07-215"),
    ("zh", "筛选号：S09113　随访状态：存活\n", "RECORD_NUMBER", "S09113"),
    ("zh", "| 登记日期 | 受试者编号 | 姓名 |\n|---|---|---|\n| 2021-06-02 | 07-215 | 邵明远 |\n", "RECORD_NUMBER", "07-215"),
    ("en", "Subject ID: 214-077   Site: 208\n", "RECORD_NUMBER", "214-077"),
]

LEFT_ALONE = [
    ("en", "| Specimen ID | Aliquot | Freezer position |\n|---|---|---|\n| QRC-20-41120 | T04 | F2-R3-Bx07-A1 |\n",
     "RECORD_NUMBER", "F2-R3-Bx07-A1"),
    ("zh", "出库单号：CK22113344　样本编号：NJY21004567\n", "RECORD_NUMBER", "CK22113344"),
]

test_found, test_left_alone = table_tests(FOUND, LEFT_ALONE)
