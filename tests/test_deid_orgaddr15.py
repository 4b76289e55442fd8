"""Organisation and address recall on unseen formats (issue 18, branch orgaddr15): general mechanisms.

An organisation is a name ending in a head noun of a lexicon (English: Service, Office, Biobank, Medical Scheme,
Solicitors ...; Chinese: 调解委员会, 血站, 疗护中心, 卫生局, 保险署 ..., traditional script through the simplified view), or
one opening with a head noun (Klinik, Pusat Perubatan, Rumah Sakit, Hospital + a name); a department after a signed
name or a consultant's title. An address is a chain of parts around its street (a unit, a floor, a building before it;
a town, a district, a postcode of many countries after it), and a street written type first (Jalan, Lebuh, Bóthar).
And what each must leave alone.

Every text here is invented for this file.
"""
from __future__ import annotations

from oncostruct.extractors.deid.address_chain import chained, compile_chain
from tests.deid_helpers import table_tests

FOUND = [
    # English head nouns the lexicon lacked
    ("en", "Unit 2 O neg supplied by Welsh Blood Transfusion Service, expiry 03/04/2021", "ORGANIZATION",
     "Welsh Blood Transfusion Service"),
    ("en", "To: Cancer Referrals Intake Office, Kingsmere General Hospital\n", "ORGANIZATION", "Cancer Referrals Intake Office"),
    ("en", "# Highveld Tumour Biobank — sample manifest export\n", "ORGANIZATION", "Highveld Tumour Biobank"),
    ("en", "Yours faithfully\nÉ Ruairc & Co. Solicitors\n", "ORGANIZATION", "É Ruairc & Co. Solicitors"),
    ("en", "Tuen Lok O Union Hospital\nName: CHAN TAI MAN", "ORGANIZATION", "Tuen Lok O Union Hospital"),
    # head first (Malay, Indonesian, French)
    ("en", "She was seen at Hospital Tuanku Jaafar Seremban on 03/02/2021.", "ORGANIZATION", "Hospital Tuanku Jaafar Seremban"),
    ("en", "Klinik Famili Taman Melur\n14, Jalan Melur 3, 68000 Ampang\n", "ORGANIZATION", "Klinik Famili Taman Melur"),
    ("zh", "正在Pusat Perubatan Sungai Rusa接受化疗。", "ORGANIZATION", "Pusat Perubatan Sungai Rusa"),
    ("en", "Referred from Rumah Sakit Harapan Kita for PET.", "ORGANIZATION", "Rumah Sakit Harapan Kita"),
    # Chinese head nouns, both scripts, with a Latin brand part and stacked verbs before the name
    ("zh", "建议双方通过江城医疗纠纷人民调解委员会协商解决。", "ORGANIZATION", "江城医疗纠纷人民调解委员会"),
    ("zh", "血袋信息（临江中心血站供血）：", "ORGANIZATION", "临江中心血站"),
    ("zh", "她在等百草园DTP药房送药。", "ORGANIZATION", "百草园DTP药房"),
    ("zh", "青松安宁疗护中心\n入住评估记录", "ORGANIZATION", "青松安宁疗护中心"),
    ("zh", "證明書由本人申請，供海灣特別行政區政府衛生局使用。", "ORGANIZATION", "海灣特別行政區政府衛生局"),
    ("zh", "—— 以下由衛生福利部南區健康保險署填寫 ——", "ORGANIZATION", "衛生福利部南區健康保險署"),
    # a department after a signed name or a consultant's title
    ("en", "Signed Dr Ruth Okoro (GMC 7654321), Palliative Medicine\n5. Capacity", "ORGANIZATION", "Palliative Medicine"),
    ("en", "Sincerely, Nora Quill, MD, Thoracic Oncology\nThe information", "ORGANIZATION", "Thoracic Oncology"),
    ("en", "Dr P. Marsh, MB BCh BAO\nConsultant, Respiratory Medicine\ncc: patient", "ORGANIZATION", "Respiratory Medicine"),
    # an address's unit, building and house name before the street; its town, county and postcode after it
    ("en", "Usual address: Flat 14, Larch Court, 22 Mill Lane, Wigan WN1 2AB\nDate", "ADDRESS", "Flat 14, Larch Court"),
    ("en", "    Glenmore, 12 Chapel Street, Tralee, Co. Kerry V92 X4T7\n    Medical card", "ADDRESS", "Glenmore, 12 Chapel Street"),
    ("en", "    Glenmore, 12 Chapel Street, Tralee, Co. Kerry V92 X4T7\n    Medical card", "ADDRESS", "Co. Kerry V92 X4T7"),
    ("en", "Harbour Legal\nLevel 3, 17 Wharf Street, Timaru 7910\nT (03) 555 0101", "ADDRESS", "Level 3, 17 Wharf Street, Timaru 7910"),
    ("en", "Postal: 12 Protea Street, Glenwood, Durban 4001\nTreating", "ADDRESS", "Durban 4001"),
    ("en", "Suite 2, 8 Park Row, Leeds LS1 5AB\nT 0113", "ADDRESS", "Suite 2"),
    # streets written type first, with their postcode, town and state
    ("en", "Address: No. 7, Jalan SS 4/12, 47301 Petaling Jaya, Selangor\nThank you.", "ADDRESS",
     "No. 7, Jalan SS 4/12, 47301 Petaling Jaya, Selangor"),
    ("en", "Pusat Perubatan Sungai Rusa\nLebuh Cecil 4, 10300 Penang\n\nDear Doctor", "ADDRESS", "Lebuh Cecil 4, 10300 Penang"),
    ("en", "late of 22 Bóthar na Trá, Renmore, Galway H91 K2P4\nWe are", "ADDRESS", "22 Bóthar na Trá"),
    ("en", "will be Unit 3, 41 Rātā Street, Timaru 7910 — can you", "ADDRESS", "Unit 3, 41 Rātā Street, Timaru 7910"),
    ("en", "    No. 21, Ln. 35, Sec. 2, Heping Rd., Zhongzheng Dist., Taipei City 100\n\nPRE", "ADDRESS",
     "No. 21, Ln. 35, Sec. 2, Heping Rd., Zhongzheng Dist., Taipei City 100"),
    ("en", "Home: 7 Jalan Tanjong Katong, #03-11, Singapore 437051\nDischarge", "ADDRESS", "7 Jalan Tanjong Katong"),
    ("en", "    Apt 9, The Tannery, Dublin 7, D07 K2W4\n    Medical card", "ADDRESS", "Apt 9, The Tannery, Dublin 7, D07 K2W4"),
    ("en", "Social: lives in Flat B, 9/F, Wing Fat Building with her son Ho Ka Chun", "ADDRESS", "Flat B, 9/F, Wing Fat Building"),
    ("zh", "我们住在柔佛州士古来丝绸路8/2路58号，过来要一个小时。", "ADDRESS", "柔佛州士古来丝绸路8/2路58号"),
    # names in capitals end in the same heads
    ("en", "CARRIER: GRANITE MUTUAL INSURANCE CO\n         PO BOX 1234", "ORGANIZATION", "GRANITE MUTUAL INSURANCE CO"),
    ("en", "Referred from ST. OLAF INFIRMARY for review", "ORGANIZATION", "ST. OLAF INFIRMARY"),
    # an organisation and its branch town are one span, also before a bracket
    ("en", "Source: Kilbride General Hospital, Sligo (pathology feed)\n", "ORGANIZATION", "Kilbride General Hospital, Sligo"),
    # a chain's branch after its head word; a hospital's short name with its number
    ("en", "(pharmacy label Rx 1234567, Greenlife Pharmacy Rosedale).\nR", "ORGANIZATION", "Greenlife Pharmacy Rosedale"),
    ("zh", "同意转南江一附院ICU进一步治疗。", "ORGANIZATION", "南江一附院"),
    ("zh", "微信公众号“东华二院静疗”。", "ORGANIZATION", "东华二院"),
]

LEFT_ALONE = [
    ("en", "Hospital Course: uneventful recovery after the procedure.", "ORGANIZATION", "Hospital Course"),
    ("en", "Hospital Day 3: afebrile.", "ORGANIZATION", "Hospital Day"),
    ("en", "He lives at 12 Oak Street, Smith said hello.", "ADDRESS", "said"),
    ("en", "Staging: T2 N0 M0, grade 2.", "ADDRESS", "N0 M0"),
    ("en", "Reviewed with the patient, Medical Oncology to follow.", "ORGANIZATION", "Medical Oncology"),
    ("zh", "我们等了很久才拿到药。", "ORGANIZATION", "等了"),
    ("en", "The community nursing service will visit on Monday.", "ORGANIZATION", "nursing service"),
    ("en", "CANCER REGISTRY\nREPORT OF A NEW CASE", "ORGANIZATION", "CANCER REGISTRY"),
    ("en", "Staging (FIGO Scheme 2018) and the TNM Scheme apply.", "ORGANIZATION", "Scheme"),
    ("en", "ABSTRACT — Lakeside General Hospital Cancer Registry (CoC)\n", "ORGANIZATION", "Cancer Registry"),   # its unit
    ("zh", "医院实行统一院前急救调度。", "ORGANIZATION", "统一院"),
    ("zh", "来自第一院区的会诊意见。", "ORGANIZATION", "第一院"),
    ("en", "Trust — 3PX Intake Office   UBRN 1234", "ORGANIZATION", "Intake"),   # no name after a code (a title line's unit)
]

test_found, test_left_alone = table_tests(FOUND, LEFT_ALONE)


def test_chain_grows_both_ways() -> None:
    """The chain takes the unit before the street and the town and postcode after it, and only to a line's end."""
    chain = compile_chain([r"Flat[ ][0-9]{1,3}"], [r"[A-Z][a-z]+(?:[ ]{postcode})?"], [r"\d{4}"], r"[ \t]*(?:\n|$)")
    text = "Flat 2, 9 Elm Road, Dunedin 9016\n"
    start = text.index("9 Elm")
    assert list(chained([(start, start + len("9 Elm Road"))], text, chain)) == [(start, start + 10, 0, len(text) - 1)]
    prose = "at 9 Elm Road, Dunedin said"
    s = prose.index("9 Elm")
    assert list(chained([(s, s + 10)], prose, chain)) == []


def test_chain_off_without_parts() -> None:
    assert compile_chain([], [], [], r"$") is None


def test_a_repeated_ambiguous_part_ends_without_backtracking_over_every_split() -> None:
    """Parts that read the same words two ways (a lane's number or a building: ``Lane Court``), repeated on one line
    before a street the chain cannot reach, used to make the chain try every split (2^n); the shipped chain answers.
    Run in a child process: a regex holds the interpreter, so only a process can be stopped (a hang detector, not a
    speed test: the old chain needed hours here)."""
    import subprocess
    import sys

    code = """
from oncostruct.extractors.deid.address_chain import chained, compile_chain
from oncostruct.extractors.deid.config import load_config
cfg = load_config().address_chain
chain = compile_chain(cfg.before, cfg.after, cfg.postcodes, cfg.end)
text = "Lane Court, " * 40 + "Address: 12 Mill Street" + ", Lane Court Wigan 12" * 40 + " x"
start = text.index("12 Mill")
print(list(chained([(start, start + 14)], text, chain)))
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
