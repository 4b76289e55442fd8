"""Organisations of care across borders (session 19, branch org27): embassies, consulates, ministries, courts and
notaries named head first or with a nationality before them, airports, a company's legal form written abroad,
Romance and German particles inside a hospital's name, ``and`` inside an English hospital's name, Chinese embassies,
consulates, international airports and a city's notary office, an organisation read off an OCR'd stamp; and a
department written after a field's organisation (``Sending: X Hospital | Dept of Oncology``), which PHI_GUIDELINE
does not label.

Every text here is invented for this file.
"""
from __future__ import annotations

from tests.deid_helpers import table_tests

FOUND = [
    # English public bodies, head first or after a nationality
    ("en", "The Embassy of the Republic of Kenya avails itself of this opportunity.", "ORGANIZATION",
     "Embassy of the Republic of Kenya"),
    ("en", "To: Visa Officer, Consulate-General of the Kingdom of Spain in Chengdu\n\nRe: invitation", "ORGANIZATION",
     "Consulate-General of the Kingdom of Spain in Chengdu"),
    ("en", "To: Visa Officer, Chinese Embassy in Buenos Aires\n\nRe: invitation", "ORGANIZATION",
     "Chinese Embassy in Buenos Aires"),
    ("en", "[seal OCR] Botschaft der Republik Österreich Peking\nDate: 03.05.2021", "ORGANIZATION",
     "Botschaft der Republik Österreich Peking"),
    ("en", "[seal] U.S. Embassy Lima\nDate: 03.05.2021", "ORGANIZATION", "U.S. Embassy Lima"),
    ("en", "6. dated 04.02.2021\n7. by Ministry of Justice\n8. No. 12/2021", "ORGANIZATION", "Ministry of Justice"),
    ("en", "a translator registered with Tribunal de Justiça de Minas Gerais, certify that", "ORGANIZATION",
     "Tribunal de Justiça de Minas Gerais"),
    ("en", "bears the seal/stamp of Notariat am Markt\nCertified", "ORGANIZATION", "Notariat am Markt"),
    ("en", "Pension insurer: Instituto de Previdência Social   Insurance no. pending", "ORGANIZATION",
     "Instituto de Previdência Social"),
    # names ending in a place's or a body's kind, or a legal form written abroad
    ("en", "The jet departed from Norrvik Airport at 10:00 local time.", "ORGANIZATION", "Norrvik Airport"),
    ("en", "a translator registered with Oslo Courts, certify that", "ORGANIZATION", "Oslo Courts"),
    ("en", "CASE LOG — Fuji Kaigai Hoken K.K.\nCase 1234", "ORGANIZATION", "Fuji Kaigai Hoken K.K."),
    ("en", "From: Tierra Salud Internacional S.A., Medical Assistance Department\nTo: Lakemoor General Hospital\n",
     "ORGANIZATION", "Tierra Salud Internacional S.A."),
    # hospitals with particles or 'and' inside the name
    ("en", "She was treated in 1990 at Lakemoor Particle and Laser Hospital. Survivors are", "ORGANIZATION",
     "Lakemoor Particle and Laser Hospital"),
    ("en", "first admitted to Hospital Nossa Senhora das Graças under record", "ORGANIZATION",
     "Hospital Nossa Senhora das Graças"),
    ("en", "REFERRAL\nSending: Klinikum am Flussufer  | Dept of Oncology\nReceiving: Lakemoor Hospital\n", "ORGANIZATION",
     "Klinikum am Flussufer"),
    # Chinese public bodies
    ("zh", "收件：法国驻成都总领事馆签证处\n敬启者", "ORGANIZATION", "法国驻成都总领事馆"),
    ("zh", "收件：秘鲁驻华大使馆签证处\n敬启者", "ORGANIZATION", "秘鲁驻华大使馆"),
    ("zh", "[圆章] 法兰西共和国外交部领事司 认证", "ORGANIZATION", "法兰西共和国外交部"),
    ("zh", "[章] 大韩民国大使館 領事部\n认证日期", "ORGANIZATION", "大韩民国大使館"),
    ("zh", "出发：云梦国际机场  2021-05-17 22:10", "ORGANIZATION", "云梦国际机场"),
    ("zh", "本页证明鹤山市公证处出具的公证书属实", "ORGANIZATION", "鹤山市公证处"),
    ("zh", "本证明交鹤山市公证处办理遗产公证使用", "ORGANIZATION", "鹤山市公证处"),
    ("zh", "[骑缝章 OCR：鹤山市信达翻 译服务有限 公司 翻译专用章]", "ORGANIZATION", "鹤山市信达翻 译服务有限 公司"),
    ("zh", "[骑缝章 OCR：鹤山市信达翻·译服务有限·公司 翻译专用章]", "ORGANIZATION", "鹤山市信达翻·译服务有限·公司"),
]

LEFT_ALONE = [
    # an embassy, a ministry or an airport by its kind alone
    ("en", "She will contact the embassy next week.", "ORGANIZATION", "embassy"),
    ("en", "The Embassy requires the letter in two copies.", "ORGANIZATION", "Embassy"),
    ("en", "Airport transfer is included in the quotation.", "ORGANIZATION", "Airport"),
    ("zh", "患者明日前往机场，家属陪同。", "ORGANIZATION", "机场"),
    ("zh", "请家属到公证处办理委托公证。", "ORGANIZATION", "公证处"),
    ("zh", "请在申请表上加盖公章。", "ORGANIZATION", "公章"),
    # a hospital or a company named by its kind
    ("zh", "境外医院出院小结已翻译（译者：王明）。", "ORGANIZATION", "境外医院"),
    ("en", "ASSISTANCE COMPANY — DAILY MEDICAL UPDATE\nPatient: Ann Lee", "ORGANIZATION", "ASSISTANCE COMPANY"),
    # a department after the organisation a field holds (PHI_GUIDELINE: departments only in their own field)
    ("en", "Lending lab: Lakemoor Cancer Hospital, Department of Pathology\nBorrowing lab: Westbay Clinic\n",
     "ORGANIZATION", "Department of Pathology"),
    ("en", "REFERRAL\nSending: Westbay Cancer Institute  | Dept of Oncology\nReceiving: Lakemoor Hospital\n",
     "ORGANIZATION", "Dept of Oncology"),
    ("en", "GUARANTEE\nFrom: Harbour Expat Care Ltd, Medical Assistance Department\nTo: Lakemoor Hospital\n",
     "ORGANIZATION", "Medical Assistance Department"),
    # allow-listed medical words stay
    ("en", "Stage IIIA; treated with ABVD and mantle radiotherapy in 1990.", "ORGANIZATION", "ABVD"),
]

test_found, test_left_alone = table_tests(FOUND, LEFT_ALONE)


def test_department_field_keeps_its_department(detector):
    """A department in its own field (Service:, Unit:) stays an ORGANIZATION (PHI_GUIDELINE)."""
    from tests.deid_helpers import holds

    text = "Unit: Lakemoor Hospital, Thoracic Surgery\nBed 4\n"
    assert holds(detector, text, "en", "ORGANIZATION", "Lakemoor Hospital")
