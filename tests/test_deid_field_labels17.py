"""Session 17: field labels of any written shape (extractors/deid/field_labels.py): the label grammar, the key
lexicon, the field readers and the value shapes. Synthetic examples written for these tests."""
from __future__ import annotations


import pytest

from oncostruct.extractors.deid.config import load_config
from oncostruct.extractors.deid.detect import PhiDetector
from oncostruct.extractors.deid.field_labels import FieldLexicon, field_pairs, label_words

from tests.deid_helpers import cpu_seconds, touches


@pytest.fixture(scope="module")
def detector() -> PhiDetector:
    return PhiDetector()


@pytest.fixture(scope="module")
def lexicon() -> FieldLexicon:
    c = load_config()
    assert c.field_labels is not None
    keys = {**c.field_labels.keys, **{k: [*c.field_labels.keys.get(k, ()), *v] for k, v in c.column_labels.items()}}
    return FieldLexicon(keys, c.field_labels.not_words)


@pytest.mark.parametrize("label,words", [
    ("[PAT_NAME_PY]", ("pat", "name", "py")),
    ("PAT_ADDR=", ("pat", "addr")),
    ("patientName", ("patient", "name")),
    ("<birthDate>", ("birth", "date")),
    ('"admit_time":', ("admit", "time")),
    ("7e. APT. NO.:", ("apt", "no")),
    ("12) Postal code", ("postal", "code")),
    ("Addr at DX--Street:", ("addr", "at", "dx", "street")),
    ("Age at Birthday (Years):", ("age", "at", "birthday")),
    ("Name (last, first, middle):", ("name",)),
    ("INSURED'S I.D. NUMBER", ("insured", "id", "number")),
    ("【科室】", ("科室",)),
])
def test_label_words(label: str, words: tuple[str, ...]) -> None:
    assert label_words(label) == words


@pytest.mark.parametrize("label,category", [
    ("[PAT_NAME_PY]", "NAME"), ("PAT_ADDR=", "ADDRESS"), ("<birthDate>", "DATE"), ('"admit_time":', "DATE"),
    ("7e. APT. NO.:", "ADDRESS"),                 # the longest key: apt no, not no
    ("12) Postal code", "ADDRESS"),               # code is the key's word, no veto
    ("Age at Birthday (Years):", "AGE"),
    ("Name of Referring Provider", "NAME"),       # the head before "of"
    ("Date of Last Contact", "DATE"),
    ("contact_mobile", "PHONE"),                  # the last key: a compound's head
    ("HOSP_NAME", "ORGANIZATION"), ("WARD_BED", "RECORD_NUMBER"), ("【科室】", "ORGANIZATION"),
    ("Name--Middle", "NAME"),
])
def test_category(lexicon: FieldLexicon, label: str, category: str) -> None:
    assert lexicon.category(label) == category


@pytest.mark.parametrize("label", ["DEPT_CODE", "Drug Name", "SEX_CODE", "Relationship", "Location", "PLACE OF DEATH",
                                   "主诉", "诊断", "现病史", "【既往史】", "Test Name", "Patient Signature"])
def test_no_category(lexicon: FieldLexicon, label: str) -> None:
    assert lexicon.category(label) is None


def test_readers() -> None:
    text = ("[PAT_NAME]柯小琳 [SEX_CODE]2\n【科室】甲状腺外科【病区】8病区\n"
            "7e. APT. NO.: #7   7f. ZIP CODE: 40288\n"
            "Name--Middle:                     Q\n"
            "Location:\nNorth Wing\n"
            "Employer\tTown of Elmsford\tWork Phone\t(555) 210-3344\n")
    pairs = {(label, value) for label, value, _ in field_pairs(text)}
    for pair in [("PAT_NAME", "柯小琳"), ("科室", "甲状腺外科"), ("病区", "8病区"), ("7e. APT. NO.", "#7"),
                 ("7f. ZIP CODE", "40288"), ("Name--Middle", "Q"), ("Location", "North Wing"),
                 ("Employer", "Town of Elmsford"), ("Work Phone", "(555) 210-3344")]:
        assert pair in pairs
    for label, value, offset in field_pairs(text):
        assert text[offset:offset + len(value)] == value


@pytest.mark.parametrize("text,category,value", [
    ("[HOSP_NAME]岚州市第五人民医院 [PAT_NAME_PY]KE XIAOLIN [SEX_CODE]2", "NAME", "KE XIAOLIN"),
    ("[DEPT_CODE]0312 [DEPT_NAME]甲状腺外科 [WARD_BED]8病区14床", "ORGANIZATION", "甲状腺外科"),
    ("【医院】岚州市第五人民医院【科室】甲状腺外科【病区】8病区【床号】14", "RECORD_NUMBER", "8病区"),
    ("7d. STREET AND NUMBER: 52 Quillfeather Lane   7e. APT. NO.: #7   7f. ZIP CODE: 40288", "ADDRESS", "#7"),
    ("7d. STREET AND NUMBER: 52 Quillfeather Lane   7e. APT. NO.: #7   7f. ZIP CODE: 40288", "ADDRESS", "40288"),
    ("14. DATE OF CURRENT ILLNESS\t02 11 23\tQUAL 431", "DATE", "02 11 23"),
    ("17. NAME OF REFERRING PROVIDER  Wendell Ashgrove MD  17b. NPI  1234567890", "NAME", "Wendell Ashgrove"),
    ("Name--Middle:                     Q\nAddr at DX--Postal Code:          40288", "NAME", "Q"),
    ("Name--Middle:                     Q\nAddr at DX--Postal Code:          40288", "ADDRESS", "40288"),
    ("Employer\tTown of Elmsford\tWork Phone\t(555) 210-3344", "ORGANIZATION", "Town of Elmsford"),
    ("pid=88&admit_time=2022-03-04T10:11:00&dept=骨科", "DATE", "2022-03-04T10:11:00"),
    ("4b. Age at Birthday (Years): 93   5. SEX: F", "AGE", "93"),
    ("24. DATE(S) OF SERVICE   POS  CPT\n03 14 23   11   96413\n03 15 23   11   J9045", "DATE", "03 15 23"),   # a numbered column label
    ("入院科别 骨科   病房 12病区\n出院时间 2023-01-05", "RECORD_NUMBER", "12病区"),   # a line's cells
])
def test_found(detector: PhiDetector, text: str, category: str, value: str) -> None:
    assert touches(detector, text, "en", category, value)


@pytest.mark.parametrize("text,category,value", [
    ("17. NAME OF REFERRING PROVIDER  Wendell Ashgrove MD  17b. NPI  1234567890", "NAME", "MD"),   # a credential
    ("Subscriber\tSelf\tRelation\tHusband", "NAME", "Self"),                 # words that are no names
    ("10. SURVIVING SPOUSE'S NAME: None   11. X", "NAME", "None"),
    ("[DEPT_CODE]0312 [SEX_CODE]2", "RECORD_NUMBER", "0312"),               # a code's label
    ("Location:\nGU Oncology\nSpecimen:\nLeft breast core", "ORGANIZATION", "GU Oncology"),   # no key
    ("4b. Age at Birthday (Years): 63   5. SEX: F", "AGE", "63"),          # an age under 90
    ("Addr at DX--State:                KS\nAddr at DX--City:                 SALINA", "ADDRESS", "KS"),   # a state alone
    ("7c. CITY OR TOWN: Colby   7d. COUNTY: Logan", "ADDRESS", "Colby"),   # a town alone
])
def test_left_alone(detector: PhiDetector, text: str, category: str, value: str) -> None:
    i = text.find(value)
    assert not any(s.start < i + len(value) and i < s.end for s in detector.detect(text, "en")
                   if s.rule == "deid.field_label")


@pytest.mark.parametrize("text,value", [
    ("【主诉】咳嗽伴痰中带血3周【诊断】右肺上叶腺癌", "右肺上叶腺癌"),
    ("[HPI]乏力两月 [DIAG]直肠癌", "直肠癌"),
    ("主诉：\n反复胸闷半年", "反复胸闷半年"),
])
def test_clinical_values_stay(detector: PhiDetector, text: str, value: str) -> None:
    i = text.find(value)
    assert not any(s.start < i + len(value) and i < s.end for s in detector.detect(text, "zh")
                   if s.rule == "deid.field_label")


def _cpu(text: str) -> float:
    """CPU time of reading ``text``'s field pairs and the label words of its head (:func:`cpu_seconds`)."""
    return cpu_seconds(lambda: (list(field_pairs(text)), label_words(text[:5000])))


@pytest.mark.parametrize("head, unit, n", [("[PAT_NAME]", "a", 50000), ("", "[AB_CD]x ", 6000), ("", "【姓名】", 10000),
                                           ("", "17. NAME OF A  ", 4000), ("Name", " ", 50000), ("", "Location:\n", 5000),
                                           ("", "Name\tX\t", 8000), ("", "A.B.", 12000), ("", "aB", 25000)])
def test_hostile_linear(head: str, unit: str, n: int) -> None:
    """Doubling a hostile input at most about doubles the CPU time of reading its fields (a quadratic reader
    quadruples it); a ratio in one process, never an absolute time, so a loaded machine does not fail it."""
    tail = ":" if head == "Name" else ""
    ratio = _cpu(head + unit * (2 * n) + tail) / _cpu(head + unit * n + tail)
    assert ratio < 3.5, ratio   # linear: about 2; quadratic: about 4
