"""De-identification recall of NAME, AGE and DATE and precision of DEVICE_ID and RECORD_NUMBER (issue 18, branch
prec16): tables whose header holds a visit code (C1D1) or parts two labels by one space, CSV rows with an unquoted
``SURNAME, GIVEN`` cell, an access log's user column, four-letter initials, masked names with any surname
(X某某), accented capitals and Spanish / Filipino particles (de los, dela), a double surname in ``SURNAME SURNAME,
GIVEN``, a romanised name after 拼音：, an HL7 clinician in any field, relatives without a possessive (sibling, Dad),
Chinese JSON keys, month-day dates after a scan or a preposition and beside a full date in a row; the numbers that
name a document, an approval, a product or a plan (IRB, 评议编号, ticket, kit no., GRP / BIN, model), the lots of a
line's antiseptic and anaesthetic, a scanner's serial in a DICOM header, and a serial's ``SN`` word.

Every text here is invented for this file; each mechanism has cases it must find and cases it must leave alone.
"""
from __future__ import annotations

from oncostruct.extractors.text_tables import column_pairs
from tests.deid_helpers import doubling_ratio, table_tests

_CSV = ("when,user_id,user_name,ip,action,mrn,patient_name,reason\n"
        "2024-02-01T10:11:12Z,u40411,Tamsin Orrell,10.2.3.4,VIEW Notes,004417731,QUAYLE, BRONWEN,Treatment\n"
        "2024-02-01T11:11:12Z,u40412,Ivo Petrakis,10.2.3.5,PRINT AVS,004417731,QUAYLE, BRONWEN,Operations\n")
_TSV = ("Subj#\tInitials\tMRN\tConsent date\tC1D1\tLast visit\tPhone\n"
        "14-021\tKQ\t7751203\t03/02/2022\t3/16\t05/11/2022\t(555) 201-3344\n"
        "14-022\tWD\t7751388\t03/09/2022\t3/23\t05/18/2022\t(555) 201-9981\n")
_HIS = ("床号    住院号        姓名      性别 年龄  入院日期     诊断\n"
        "------------------------------------------------------------\n"
        "07床    ZY202299871   禾秋云    女   96    2023-04-02   肺恶性肿瘤\n"
        "11床    ZY202299872   柏文涛    男   58    2023-04-05   胃恶性肿瘤\n"
        "------------------------------------------------------------\n"
        "共2人  病区：9病区   F2=医嘱 F3=病历  ESC=退出\n")

FOUND = [
    # tables: an unquoted comma in a CSV cell, an access log's user column, a visit-code header, one-space labels
    ("en", _CSV, "NAME", "QUAYLE, BRONWEN"),
    ("en", _CSV, "NAME", "Tamsin Orrell"),
    ("en", _CSV, "NAME", "Ivo Petrakis"),
    ("en", _TSV, "NAME", "KQ"),
    ("en", _TSV, "DATE", "3/16"),
    ("en", _TSV, "DATE", "3/23"),
    ("zh", _HIS, "AGE", "96"),
    ("zh", _HIS, "NAME", "禾秋云"),
    # four-letter initials, masked names whatever the surname, a romanised name after its label
    ("zh", "受试者姓名缩写：ZHWE   性别：男", "NAME", "ZHWE"),
    ("zh", "被评议报告：检查号 CT2201   患者 禾某某  男  93岁", "NAME", "禾某某"),
    ("zh", "|成功|【某某医院】阙某某您好，您预约", "NAME", "阙某某"),
    ("zh", "姓名：诸葛雯   拼音：ZHUGE WEN   性别：男", "NAME", "ZHUGE WEN"),
    # accented capitals, particles, double surnames
    ("en", "PATIENT: VELÁZQUEZ ORTIZ, JOAQUÍN  (H1234)   VA clinic", "NAME", "VELÁZQUEZ ORTIZ, JOAQUÍN"),
    ("en", "Member name: MÉNDEZ RUIZ, ANA LUCÍA    SSN: 000-00-0000", "NAME", "MÉNDEZ RUIZ, ANA LUCÍA"),
    ("en", "She lives with her nephew Ramon de los Santos at home.", "NAME", "Ramon de los Santos"),
    ("en", "Patient: Teodoro dela Cruz      Gender: M", "NAME", "Teodoro dela Cruz"),
    # an HL7 clinician with ID and degree in an unexpected field
    ("en", "PV1|1|O|ONC^Bed 4^^Lakeside Hospital|||4417^HALVORSEN^INGRID^^^MD||||ONC", "NAME", "HALVORSEN^INGRID"),
    # relatives without a possessive, an interpreter
    ("en", "  Generation III:\n        sibling Tamsin, 51, unaffected, not tested\n", "NAME", "Tamsin"),
    ("en", "explaining the results. Dad (Wanjiru) is worried about the trip", "NAME", "Wanjiru"),
    # Chinese forms: a JSON key in Chinese, a mail's copy line
    ("zh", '{"导出时间":"2024-01-02 10:00:00","操作员":"其木格","登录IP":"10.1.1.1"}', "NAME", "其木格"),
    ("zh", "收件人: 丁禾\n抄送: 文山海\n主题: 回复", "NAME", "文山海"),
    # month-day dates after a scan, a preposition, a board
    ("en", "Imaging reviewed (CT 3/14, PET 3/21): no distant disease.", "DATE", "3/14"),
    ("en", "Imaging reviewed (CT 3/14, PET 3/21): no distant disease.", "DATE", "3/21"),
    ("en", "Discussed with Dr. Orrell by telephone on 6/3. Slides returned.", "DATE", "6/3"),
    ("en", "Notes recorded by Ivo Petrakis. Next board 11/5.", "DATE", "11/5"),
    # the serial's value, without its SN word, stays a device number
    ("en", "ANC recovered. Port (SN QX4471203) flushed and left in place.", "DEVICE_ID", "QX4471203"),
]

LEFT_ALONE = [
    # a screen's footer under the name column, a masked organisation, the SN word
    ("zh", _HIS, "NAME", "F2=医嘱"),
    ("zh", "送检单位：某某县人民医院", "NAME", "某某县"),
    ("en", "ANC recovered. Port (SN QX4471203) flushed and left in place.", "DEVICE_ID", "SN "),
    # fractions that are no month-day
    ("en", "Tumour in 3/12 nodes on 3/12 nodes examined; ECOG 1/2.", "DATE", "3/12"),
    ("en", "Response after 2/3 cycles was partial.", "DATE", "2/3"),
    # numbers of an approval, a review, a form, a query, a ticket, a code, a model, a plan, a kit, a site
    ("zh", "-- 备注：导出为科研项目，审批号 IRB-2023-17，导出后请脱敏。", "DEVICE_ID", "IRB-2023-17"),
    ("zh", "-- 备注：导出为科研项目，审批号 IRB-2023-17，导出后请脱敏。", "RECORD_NUMBER", "IRB-2023-17"),
    ("zh", "放射科影像同行评议表        评议编号：QC-2021-101\n", "RECORD_NUMBER", "QC-2021-101"),
    ("zh", "某医院医务部监制  表单编号 YW-AB-12  第 3 页", "RECORD_NUMBER", "YW-AB-12"),
    ("en", "Fax: +1 (555) 201-0000   Data query ID DQ-41127 (closed)", "RECORD_NUMBER", "DQ-41127"),
    ("en", "user u40411 not on care team; ticket PRV-4410", "RECORD_NUMBER", "PRV-4410"),
    ("en", "Event term: Febrile neutropenia (MedDRA 10099999)   Grade 4", "RECORD_NUMBER", "10099999"),
    ("en", "Port: PowerPort isp 8 Fr (model 1709100)\nSerial number: QX4471203", "RECORD_NUMBER", "1709100"),
    ("en", "Acme Health Plan   ID W000011112   GRP 771203   BIN 610099", "RECORD_NUMBER", "771203"),
    ("en", "Acme Health Plan   ID W000011112   GRP 771203   BIN 610099", "RECORD_NUMBER", "610099"),
    ("en", "Study drug: IMP 200 mg IV Q3W, kit no. 771203, lot Q44120", "RECORD_NUMBER", "771203"),
    ("zh", "方案编号：XY-101-III     中心编号：17     受试者筛选号：S01001", "RECORD_NUMBER", "17"),
    # the lots of a line's antiseptic and anaesthetic, a dispensed drug in capitals, a scanner's serial
    ("en", "Lots: chlorhexidine applicator lot Q6794; lidocaine 1% lot 57711.", "DEVICE_ID", "Q6794"),
    ("en", "Lots: chlorhexidine applicator lot Q6794; lidocaine 1% lot 57711.", "DEVICE_ID", "57711"),
    ("en", "05/15/2021 GRANISETRON 1MG TAB  LOT 4K4410    15", "DEVICE_ID", "4K4410"),
    ("zh", "消毒用氯己定批号 240101（耗材批号），2%利多卡因批号 H20240101。", "DEVICE_ID", "240101"),
    ("en", "(0018,1000) LO [81234XY1]                     #  8, 1 DeviceSerialNumber", "DEVICE_ID", "81234XY1"),
]

test_found, test_left_alone = table_tests(FOUND, LEFT_ALONE)


def test_csv_comma_cell() -> None:
    """A CSV row with an unquoted ``SURNAME, GIVEN`` under a header written without spaces keeps its columns."""
    pairs = {(label, value) for label, value, _ in column_pairs(_CSV)}
    assert ("patient_name", "QUAYLE, BRONWEN") in pairs and ("reason", "Treatment") in pairs


def test_visit_code_header() -> None:
    """A header with a visit code among its labels (C1D1) still heads its rows."""
    pairs = {(label, value) for label, value, _ in column_pairs(_TSV)}
    assert ("Initials", "KQ") in pairs and ("C1D1", "3/16") in pairs


def test_one_space_header() -> None:
    """A fixed-width header whose two labels one space parts (性别 年龄) is split as its rows are."""
    pairs = {(label, value) for label, value, _ in column_pairs(_HIS)}
    assert ("年龄", "96") in pairs and ("姓名", "柏文涛") in pairs


def test_long_lines_linear() -> None:
    """The new patterns (the name run, this round's rules, the table readers) stay linear on their own repeated
    vocabulary: doubling the input from 25,000 to 50,000 characters at most about doubles the CPU time (a ratio in one
    process, never an absolute time, so a loaded machine does not fail it)."""
    from oncostruct.extractors.deid.config import load_config
    from oncostruct.extractors.deid.names import _RUN
    from oncostruct.extractors.deid.config import recognizers_path
    from oncostruct.extractors.rules import load_pack

    ours = {"deid.name_hl7_xcn", "deid.name_pinyin_labelled", "deid.date_md_beside_date", "deid.date_md_cued_en",
            "deid.name_zh_mou", "deid.name_zh_unknown_surname_field", "deid.name_en_relative"}
    rules = [rx for rule, rx in load_pack(recognizers_path(load_config()))._compiled if rule.id in ours]
    assert len(rules) == len(ours)
    units = ("GARCÍA LÓPEZ, ", "VELÁZQUEZ ORTIZ,", "de los ", "|4417^HALVORSEN^INGRID^^", "CT 3/14, ", "\t3/16\t",
             "2022\t3/16", "禾某某", "拼音：ZHUGE ", "联系人姓名：其其", "sibling Tamsin ", "a,b, c\n")

    def read(text: str) -> None:
        list(_RUN.finditer(text))
        for rx in rules:
            list(rx.finditer(text))
        list(column_pairs(text))

    for unit in units:
        ratio = doubling_ratio(read, unit)
        assert ratio < 3.5, (unit, ratio)   # linear: about 2; quadratic: about 4
