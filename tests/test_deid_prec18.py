"""De-identification precision of RECORD_NUMBER and ORGANIZATION (issue 18, branch prec18): a clinician's ten-digit
NPI in an HL7 XCN, the scheme named as a national or insurance number's assigning authority (^^^SSA^SS) and a record
system named as an authority (^^^MRN^MR), a laboratory reference range after ``ref``, a data query's number in more
wordings, a clinician's registration after its register's name, a study role in brackets after a name, and a
hard-wrapped line whose next line opens with a key (``BED=``) or an HL7 segment (``NTE|``).

Every text here is invented for this file; each mechanism has cases it must find and cases it must leave alone.
"""
from __future__ import annotations

from oncostruct.extractors.deid.detect import PhiDetector
from tests.deid_helpers import doubling_ratio, table_tests

_HL7 = ("MSH|^~\\&|LAB|Lakemoor General Hospital|EMR|EMR|20240117||ORU^R01|MSG77|P|2.5.1\n"
        "PID|1||4471234^^^MRN^MR~8812345^^^LGH^MR~123-45-6789^^^SSA^SS||QUILL^ANWEN\n"
        "PV1|1|I|6N^791^B^Lakemoor||||8123456789^LEEDS^BRIAN|||ONC||||1|||7123456780^MOSS^KAY|IP|0470748\n"
        "OBR|1|ORD1|F1|88305^SURG PATH|||20240101|||||||||564738^STONE^ALAN||||||||||||||||9123456780^ROWE^IDA\n")
# key lines filled to one width (17): a fixed-width export the wrap reader would join
_KEYS = "\n".join(["PAT_NM=QUILL ANWE", "MRN_NO=ZY03177042", "ADM_NO=2021933870", "ADM_DATE=20220914",
                   "CYCLE=C4D1 WEEK 3", "NOTE=stable today", "BED=32"])

FOUND = [
    # the patient's record number and the hospital as its authority stay; a six-digit clinician ID stays (a local one)
    ("en", _HL7, "RECORD_NUMBER", "4471234"),
    ("en", _HL7, "RECORD_NUMBER", "8812345"),
    ("en", _HL7, "ORGANIZATION", "LGH"),
    ("en", _HL7, "NAME", "LEEDS^BRIAN"),
    ("en", _HL7, "NAME", "ROWE^IDA"),
    ("en", _HL7, "RECORD_NUMBER", "564738"),
    # a reference number after ref that is no range, a data query's neighbour that is a record number
    ("en", "ref 8834721 on file", "RECORD_NUMBER", "8834721"),
    ("en", "Our ref: 4471-22 enclosed", "RECORD_NUMBER", "4471-22"),
    ("en", "MRN: 4417203\n", "RECORD_NUMBER", "4417203"),
    # a practice or a hospital in brackets after a name is an organisation
    ("en", "seen by Ann Roe (Lakeside Family Medicine) today", "ORGANIZATION", "Lakeside Family Medicine"),
    ("en", "reviewed with Dr Bo Lee (Harwick Royal Infirmary) today", "ORGANIZATION", "Harwick Royal Infirmary"),
    # key lines of a fixed-width export: each value is found alone
    ("zh", _KEYS, "RECORD_NUMBER", "2021933870"),
    ("zh", _KEYS, "DATE", "20220914"),
]

LEFT_ALONE = [
    # a clinician's NPI in an XCN, the scheme of a social security number, a record system as an authority
    ("en", _HL7, "RECORD_NUMBER", "8123456789"),
    ("en", _HL7, "RECORD_NUMBER", "7123456780"),
    ("en", _HL7, "RECORD_NUMBER", "9123456780"),
    ("en", _HL7, "ORGANIZATION", "SSA"),
    ("en", _HL7, "ORGANIZATION", "MRN"),
    ("en", _HL7, "ORGANIZATION", "EMR"),
    # a laboratory reference range
    ("en", "Labs: LDH 412 U/L (ref 120-250); ANC 2.1.", "RECORD_NUMBER", "120-250"),
    ("en", '{"item":"CEA","value":"26.01","ref":"0-5"}', "RECORD_NUMBER", "0-5"),
    ("en", "Hb 10.9 g/dL (ref 11.5-15.0)", "RECORD_NUMBER", "11.5-15.0"),
    # data queries' numbers, a clinician's registration
    ("en", "Outstanding data queries: DQ-104729, DQ-551208. Next visit", "RECORD_NUMBER", "DQ-104729"),
    ("en", "Outstanding data queries: DQ-104729, DQ-551208. Next visit", "RECORD_NUMBER", "DQ-551208"),
    ("zh", "数据质疑编号：DQ-40817（非患者标识）\n", "RECORD_NUMBER", "DQ-40817"),
    ("zh", "日期核对有误，已发质疑 Q-40817。\n", "RECORD_NUMBER", "Q-40817"),
    ("en", "Signed Dr Ann Roe  GMC/MCNZ/AHPRA reg. 4417203  03/02/2021\n", "RECORD_NUMBER", "4417203"),
    # a study role in brackets after a name
    ("en", "Investigators: Ann Roe (PI), Bo Lee (Sub-I), and myself.", "ORGANIZATION", "Sub-I"),
    ("en", "Investigators: Ann Roe (PI), Bo Lee (Sub-I), and myself.", "ORGANIZATION", "PI"),
]

test_found, test_left_alone = table_tests(FOUND, LEFT_ALONE)


def test_key_lines_not_joined() -> None:
    """A fixed-width export's key lines: no span crosses a line break into the next key."""
    det = PhiDetector()
    assert not [s for s in det.detect(_KEYS, "zh") if "\n" in _KEYS[s.start:s.end]]


def test_ref_range_linear() -> None:
    """The reference-range look-ahead stays linear on a long line of its own vocabulary."""
    det = PhiDetector()
    unit = "ref 1-2 ref: 12.5-- "
    ratio = doubling_ratio(lambda text: det.detect(text, "en"), unit)
    assert ratio < 3.5, ratio   # linear: about 2; quadratic: about 4 (a ratio, so a loaded machine does not fail it)
