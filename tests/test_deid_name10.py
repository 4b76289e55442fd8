"""De-identification on unseen formats (issue 18, branch deidname10): names, ID numbers, phones, record numbers
and device serials in shapes earlier rounds missed (e-mail display names, greetings, letter-spaced names, shift
notes, quoted YAML / TOML keys, box-drawing tables, markdown bold labels, sign-offs on one line, initials; 号床 and
English beds, pathology accessions, masked accounts, check digits, prescription numbers, ZPL label data; MAC
addresses, local hosts; numbers OCR broke with letters) and what is no PHI (role nouns after a cue, drug and form
words, item-code and job-id columns, OIDs, lab units after a number, case indexes, FDA application numbers).

Every text here is invented for this file; each mechanism has cases it must find and cases it must leave alone.
"""
from __future__ import annotations

from oncostruct.extractors.deid.detect import fold_width
from oncostruct.extractors.deid.ocr_digits import digit_view
from oncostruct.extractors.text_tables import key_pairs
from tests.deid_helpers import table_tests

FOUND = [
    ("en", 'From: "Tobiah Reinholt" <t.r@mailhost.org>\nSubject: follow-up', "NAME", "Tobiah Reinholt"),
    ("en", "Cc: Pfister, Aurelie <ap@mailhost.org>; Amsel Quarto <aq@mailhost.org>", "NAME", "Amsel Quarto"),
    ("en", "Cc: Pfister, Aurelie <ap@mailhost.org>; Amsel Quarto <aq@mailhost.org>", "NAME", "Pfister, Aurelie"),
    ("zh", "抄送：韩立新 <hlx@example.cn>", "NAME", "韩立新"),
    ("zh", "患者入住7號床，", "RECORD_NUMBER", "7號床"),
    ("zh", "【某县人民医院】柏思远您好，请于3月4日复诊", "NAME", "柏思远"),
    ("zh", "尊敬的欧阳敏远您好，您的报告已出", "NAME", "欧阳敏远"),
    ("zh", "住院号 0042\n姓\u3000\u3000名：祁 云 舟     性别：男", "NAME", "祁 云 舟"),
    ("zh", "- 3月9日夜班岑立调整吸氧流量", "NAME", "岑立"),
    ("zh", "会诊申请\n受邀专家：滕一鸣 教授（胸外科）", "NAME", "滕一鸣"),
    ("zh", "轉介醫生：蕭遠山醫生\n", "NAME", "蕭遠山"),
    ("zh", "patient:\n  name: \"柏思远\"\n  ward: 3", "NAME", "柏思远"),
    ("en", "[patient]\nname = \"Quist, Ferdinand\"\nward = 3", "NAME", "Quist, Ferdinand"),
    ("zh", "┌──┬──┐\n│ 床号 │ 姓名 │\n├──┼──┤\n│ 12床 │ 祁云舟 │\n└──┴──┘", "NAME", "祁云舟"),
    ("en", "**Care Coordinator:** Ferdinand Quist (ext 4)", "NAME", "Ferdinand Quist"),
    ("en", "See you then.\nWarmly, Ilse Vanterpool, Patient Navigator", "NAME", "Ilse Vanterpool"),
    ("en", "Noted.\nThanks — T. Reinholt\n", "NAME", "T. Reinholt"),
    ("en", "Patient: Q.V. (initials only)", "NAME", "Q.V."),
    ("en", "Geriatrics, bed 21-3.\nWorkstation", "RECORD_NUMBER", "21-3"),
    ("en", "[adm]\nbed = 14C\n", "RECORD_NUMBER", "14C"),
    ("en", "- 2024-01-02, path SP24-10311.\n", "RECORD_NUMBER", "SP24-10311"),
    ("en", "Your donor ID is 5512-0091-3; bring it", "RECORD_NUMBER", "5512-0091-3"),
    ("en", "FSA account: ****7712\n", "RECORD_NUMBER", "****7712"),
    ("en", "Refund to checking ending 3391 (ACH)", "RECORD_NUMBER", "3391"),
    ("zh", "病歷編號：QM40218873(4)\n", "RECORD_NUMBER", "QM40218873(4)"),
    ("zh", "V2|RXNO:2023110412000871|DEPT", "RECORD_NUMBER", "2023110412000871"),
    ("zh", "住院号：QM20231187\n^FO40,150^BCN,50^FDQM20231187^FS", "RECORD_NUMBER", "^FDQM20231187^FS"[3:-3]),
    ("en", "wearable:\n  mac: 3a:0f:9c:11:e2:7b\n", "DEVICE_ID", "3a:0f:9c:11:e2:7b"),
    ("zh", "蓝牙 MAC 3A-0F-9C-11-E2-7B 已配对", "DEVICE_ID", "3A-0F-9C-11-E2-7B"),
    ("en", "monitor:\n  station: tele-3.westwing.local\n", "CONTACT", "tele-3.westwing.local"),
    ("zh", "也可添加微信 7k2mq91x 咨询", "CONTACT", "7k2mq91x"),
    ("zh", "家属：柏思远  电话：139l2O45S67\n", "PHONE", "139l2O45S67"),
    ("en", "Call me at 617-4O2-8l93 tonight", "PHONE", "617-4O2-8l93"),
    ("zh", "BRXM,SFZH,ZYH\n祁云舟,330106198001011234,0042\n", "NAME", "祁云舟"),
    ("zh", "BRXM,SFZH,ZYH\n祁云舟,330106198001011234,0042\n", "RECORD_NUMBER", "0042"),
    ("en", "seen by Dr Vanterpool in clinic", "NAME", "Vanterpool"),
]

LEFT = [
    ("en", "-- \nIlse Vanterpool, RN\nOncology Nurse Navigator", "NAME", "Navigator"),
    ("en", "Contact: Research Coordinator (ext. 4)", "NAME", "Coordinator"),
    ("en", "To: Riverside Cancer Center <info@rcc.example.org>", "NAME", "Riverside"),
    ("zh", "病区共40号床位", "RECORD_NUMBER", "40"),
    ("zh", "医生您好，请问今天几点查房", "NAME", "医生"),
    ("zh", "夜班护士执行医嘱", "NAME", "护士"),
    ("zh", "既往长期口服华法林 3mg qd", "NAME", "华法林"),
    ("zh", "右肺 2.1×1.8 cm 占位，考虑肺癌", "NAME", "占位"),
    ("zh", "序号 | 姓名 | 容器 | 温度\n1 | 柏思远 | 血清管 | 常温\n", "NAME", "常温"),
    ("en", "Principal Investigator: Ferdinand Quist\n", "NAME", "Principal"),
    ("zh", "编码   项目名称    单价\n5102   静脉采血    8.00\n6120   尿常规     12.00\n", "RECORD_NUMBER", "5102"),
    ("en", "task_id,sent,status\nJ402291,2024-02-01,OK\n", "RECORD_NUMBER", "J402291"),
    ("en", '<section><code code="18842-5" displayName="x"/></section>', "RECORD_NUMBER", "18842-5"),
    ("en", '<id root="2.16.840.1.113883.3.72.5" extension="A1"/>', "CONTACT", "2.16.840"),
    ("en", "WBC 6.1 x10^9/L, platelets 245 x10^9/L", "PHONE", "x10"),
    ("en", "## Case 3 detail\n", "RECORD_NUMBER", "3"),
    ("en", "study drug (IND 128830) supplied", "RECORD_NUMBER", "128830"),
    ("zh", "开户行：某银行某支行    柜员号：5521\n", "RECORD_NUMBER", "5521"),
    ("zh", "视频会诊  会议号 512 330 918", "RECORD_NUMBER", "512"),
    ("en", "informative markers D1S548, D19S1182 and PLA2G4C", "RECORD_NUMBER", "D1S548"),
    ("en", "in bed 3 days after surgery", "RECORD_NUMBER", "3"),
    ("en", "time 12:30:45 and 2024-05-06", "DEVICE_ID", "12:30:45"),
    ("en", "seen by Dr Vanterpool in clinic", "NAME", "Dr"),
    ("zh", "【某医院】柏先生您好，请于周一复诊", "NAME", "先生"),
]


test_found, test_left_alone = table_tests(FOUND, LEFT)


def test_digit_view_reads_confused_letters_in_numbers_only() -> None:
    view = digit_view("tel 13l5282O277, SpO2 96%, marker D1S548")
    assert view is not None
    text, changed = view
    assert text.startswith("tel 13152820277,") and "SpO2" in text and "D1S548" in text
    assert len(changed) == 2
    assert digit_view("no numbers broken here: 2024-05-06, pT2N0, SpO2, 肝S2.4.6.8, B2") is None


def test_box_tables_and_bold_marks_fold_one_for_one() -> None:
    text = "│ 床号 │ **姓名** │\n├──┼──┤"
    folded = fold_width(text)
    assert len(folded) == len(text)
    assert folded.startswith("| 床号 |   姓名   |") and set(folded.split("\n")[1]) == {"-"}


def test_quoted_yaml_and_toml_values_are_keyed() -> None:
    pairs = {(k, v) for k, v, _ in key_pairs('a:\n  name: "柏思远"\nmrn = 0042\nward = "3B"\n')}
    assert {("Name", "柏思远"), ("Mrn", "0042"), ("Ward", "3B")} <= pairs
