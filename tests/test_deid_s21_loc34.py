"""The patient's location as vendors print it and dates lost to a digit boundary (session 21, branch loc34).

Locations: a care unit written before its room or bed is one RECORD_NUMBER span with it (a floor's wing and its service,
a floor-and-letter code, a named unit or tower, an ICU; the room after a comma and its word, after slashes, or glued to
its bed letter), a unit alone after a location's field name, a room-and-bed field's value, a Chinese ward as building,
floor and wing, and a ward named by its specialty and number. Dates: a year-month-day with its clock time glued on, the
month-day day columns after a full date in a text-exported chart, a year-month in a bracket or after a placement verb, a
year after an operation's name or in brackets in a history, a month/day heading a result line or after a cycle code.

Left alone: durations, doses, counts after a unit, a department in a Unit field, citation years, a conference room.
Every text here is invented for this file.
"""
from __future__ import annotations

from tests.deid_helpers import table_tests

FOUND = [
    ("en", "CSN: 1111   Unit: 3 East Cardiology, Room 418-C\nAttending: X", "RECORD_NUMBER", "3 East Cardiology, Room 418-C"),
    ("en", "Admit Date: 01/02/2030   Location: 2F/310/B\nAttending: X", "RECORD_NUMBER", "2F/310/B"),
    ("en", "Disposition: return to 9 West Surgery 212B after PACU.\n", "RECORD_NUMBER", "9 West Surgery 212B"),
    ("en", "Transfer from: Tower 3, Room 702-A   To: CVICU-1 Bed 6\nDate", "RECORD_NUMBER", "Tower 3, Room 702-A"),
    ("en", "Transfer from: Tower 3, Room 702-A   To: CVICU-1 Bed 6\nDate", "RECORD_NUMBER", "CVICU-1 Bed 6"),
    ("en", "Accepted from 2F 311A (Sarcoma) at 10:10. Now in NICU, Room 14.\n", "RECORD_NUMBER", "2F 311A"),
    ("en", "Accepted from 2F 311A (Sarcoma) at 10:10. Now in NICU, Room 14.\n", "RECORD_NUMBER", "NICU, Room 14"),
    ("en", "=====\n11 South 402A | Doe, Jane | 61F |\n", "RECORD_NUMBER", "11 South 402A"),
    ("en", "Unit: Leukemia Unit 5, Room 330-B\nAttending", "RECORD_NUMBER", "Leukemia Unit 5, Room 330-B"),
    ("en", "Now in Step-Down 2W, Room 9.\n", "RECORD_NUMBER", "Step-Down 2W, Room 9"),
    ("en", "Pt: Doe, John   Rm: Rm 770, Bed C   Arrived: today", "RECORD_NUMBER", "Rm 770, Bed C"),
    ("en", "AGE/SX: 70/M   LOC: 3 EAST CARDIOLOGY   ROOM/BED: 418-C\nADM", "RECORD_NUMBER", "3 EAST CARDIOLOGY"),
    ("en", "AGE/SX: 70/M   LOC: 3 EAST CARDIOLOGY   ROOM/BED: 418-C\nADM", "RECORD_NUMBER", "418-C"),
    ("en", "AGE/SX: 70/M   LOC: 2F   ROOM/BED: 311-A\nADM", "RECORD_NUMBER", "2F"),
    ("zh", "科室：普外科  病区：住院部6楼南区  床号：12床", "RECORD_NUMBER", "住院部6楼南区"),
    ("zh", "术后返回病房（住院楼7层南区21床），予心电监护", "RECORD_NUMBER", "住院楼7层南区21床"),
    ("zh", "|科室|消化内科|床号|消化一病区26床|住院号|", "RECORD_NUMBER", "消化一病区26床"),
    ("zh", "巡视卡\n12C病区  7床  某某  男", "RECORD_NUMBER", "12C病区"),
    ("zh", "出入量记录\n2031-05-0608:15  口服温开水  200", "DATE", "2031-05-06"),
    ("en", "Flowsheet 2031/05/0614:40 entered", "DATE", "2031/05/06"),
    ("zh", "日期 | 2031-05-06 | 05-07 | 05-08 | 05-09 |\n", "DATE", "05-08"),
    ("en", "Date|2031-12-30|12-31|01-01|\n", "DATE", "01-01"),
    ("zh", "诊断明确（2029.11，病理号X-1），", "DATE", "2029.11"),
    ("en", "Access: PICC (placed 11/2029), flushing well.", "DATE", "11/2029"),
    ("en", "pacemaker placed 2011 for heart block", "DATE", "2011"),
    ("en", "Surgical history: appendectomy 1988\n", "DATE", "1988"),
    ("en", "Family: aunt with breast cancer (1979); uncle", "DATE", "1979"),
    ("en", "Labs (11/3): Hgb 9.1 g/dL", "DATE", "11/3"),
    ("en", "Last C4D1 10/12; next due", "DATE", "10/12"),
    ("en", "[copied from 10/14] Afebrile.", "DATE", "10/14"),
    ("en", "anticipate discharge 10/16 to rehab", "DATE", "10/16"),
]

LEFT_ALONE = [
    ("en", "Unit: Thoracic Surgery\nAttending", "RECORD_NUMBER", "Thoracic Surgery"),
    ("en", "Unit: MICU\nAttending", "RECORD_NUMBER", "MICU"),
    ("en", "ICU stay 3 days, then floor", "RECORD_NUMBER", "ICU"),
    ("en", "Stage 4B disease with nodes", "RECORD_NUMBER", "4B"),
    ("en", "6 North is full tonight", "RECORD_NUMBER", "6 North"),
    ("en", "Room 215 Bed rest advised", "RECORD_NUMBER", "Bed rest"),
    ("zh", "门诊3楼西区挂号处", "RECORD_NUMBER", "3楼西区"),
    ("zh", "12C病区共40床", "RECORD_NUMBER", "12C病区"),
    ("zh", "记录时间 2031-05-06 08:15", "DATE", "08:15"),
    ("zh", "| 01-02 | 03-04 |\n", "DATE", "03-04"),
    ("en", "started 2000 mg daily", "DATE", "2000"),
    ("en", "as first described by Moreau (1987) in miners", "DATE", "1987"),
    ("en", "Score (3/4): mild", "DATE", "3/4"),
    ("en", "Last C1D1 1/2 dose given", "DATE", "1/2"),
    ("en", "found 2/3 nodes positive", "DATE", "2/3"),
    ("zh", "（2021.6 ml）", "DATE", "2021.6"),
]

test_found, test_left_alone = table_tests(FOUND, LEFT_ALONE)
