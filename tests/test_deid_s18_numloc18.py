"""De-identification of numbers and of the patient's location (issue 18, session 18, branch numloc18): the location
with its place word (a care area, a floor and its wing) in English and Chinese, a room after its label, court,
mediation and arbitration case numbers, an airline booking's record locator, a staff or a student number on the
patient's own form, a New Zealand NHI number, a bank account in groups, Chinese plates of letters, a plate or a VIN
in a form's cell, an implant's serial in brackets; and the numbers that are no PHI (a disease's or a form's code, a
logger's number, a bar number, an insurance group, a forum thread, a billing code, a shipment, a trial's registry
number, a drug's batch after its approval number, a single-use item's lot).

Every text here is invented for this file; each mechanism has cases it must find and cases it must leave alone.
"""
from __future__ import annotations

from tests.deid_helpers import table_tests

FOUND = [
    # the patient's location with its place word: the whole span
    ("en", "Handed over to nursing in ED Room 7.\n", "RECORD_NUMBER", "ED Room 7"),
    ("en", "Placed in: Hallway bed H4   Triage RN: Kay", "RECORD_NUMBER", "Hallway bed H4"),
    ("en", "Location     | Infusion Chair 12\nProvider", "RECORD_NUMBER", "Infusion Chair 12"),
    ("en", "Interpreter met them in Clinic room 3 at noon.", "RECORD_NUMBER", "Clinic room 3"),
    ("en", "Admitted to medicine, 7 East, Bed 19. Report given.", "RECORD_NUMBER", "7 East, Bed 19"),
    ("en", "Moved to Recovery Bay 5 after the block.", "RECORD_NUMBER", "Recovery Bay 5"),
    ("zh", "分级：Ⅱ级　去向：抢救室5床\n分诊护士：某", "RECORD_NUMBER", "抢救室5床"),
    ("zh", "去向：急诊留观17床\n", "RECORD_NUMBER", "急诊留观17床"),
    ("zh", "隔离病房：核素病房3号房　　入住", "RECORD_NUMBER", "核素病房3号房"),
    ("zh", "下次仍在日间化疗中心22号椅输注。", "RECORD_NUMBER", "日间化疗中心22号椅"),
    ("zh", "地点西9楼31床。\n", "RECORD_NUMBER", "西9楼31床"),
    ("zh", "术后转入ICU 4床监护", "RECORD_NUMBER", "ICU 4床"),
    ("zh", "房间：611房　入住：次日", "RECORD_NUMBER", "611房"),
    # case numbers of a court, a mediation committee, an arbitration (full-width and OCR'd digits too)
    ("zh", "案号：北山医调〔2021〕36号\n\n甲方", "RECORD_NUMBER", "北山医调〔2021〕36号"),
    ("zh", "案号：北山医调〔２０２１〕３６号\n", "RECORD_NUMBER", "北山医调〔２０２１〕３６号"),
    ("zh", "编号：西河仲字[2020]7号\n", "RECORD_NUMBER", "西河仲字[2020]7号"),
    ("zh", "（2022）苏O5民终881号\n（节选）", "RECORD_NUMBER", "（2022）苏O5民终881号"),
    # a booking's record locator
    ("en", "Booking reference (PNR): QZT4KM\nPassport", "RECORD_NUMBER", "QZT4KM"),
    ("en", "| Booking reference (PNR) | HXRWPA |\n", "RECORD_NUMBER", "HXRWPA"),
    ("zh", "航班：次日　订座记录编号：MKZTRA\n陪同人员", "RECORD_NUMBER", "MKZTRA"),
    # a staff number on the patient's own form, right after the name field
    ("zh", "姓名：贺一鸣　工号：7712405　部门：仓储部\n", "ID_NUMBER", "7712405"),
    ("zh", "姓名\t邹小禾\t工号\t60318\t部门\t运营部\n", "ID_NUMBER", "60318"),
    ("zh", "姓名: 邹小禾\n学号: 2021044\n班级", "ID_NUMBER", "2021044"),
    # New Zealand NHI
    ("en", "Patient: Aroha Tane   NHI: ZKP4821\n", "ID_NUMBER", "ZKP4821"),
    ("en", "NHI number QAB12XY\n", "ID_NUMBER", "QAB12XY"),
    # a bank account written in groups
    ("zh", "将转入尾号1234的银行账户（账户：62171234 5678 9012 345）。", "RECORD_NUMBER", "62171234 5678 9012 345"),
    # plates and VINs
    ("zh", "车辆（停车登记）：皖K QWERT\n", "DEVICE_ID", "皖K QWERT"),
    ("zh", "2｜某某｜闽D·HJKLM｜复查\n", "DEVICE_ID", "闽D·HJKLM"),
    ("en", "Vehicle plate | 8ZTX204 | VIN (last 17) | 3FADP4BJ7EM123456 |", "DEVICE_ID", "8ZTX204"),
    ("en", "Vehicle plate | 8ZTX204 | VIN (last 17) | 3FADP4BJ7EM123456 |", "DEVICE_ID", "3FADP4BJ7EM123456"),
    ("en", "Vehicle plate | KX61 BDL | VIN", "DEVICE_ID", "KX61 BDL"),
    ("en", "License plate (for plates): TRW 5520    VIN: pending", "DEVICE_ID", "TRW 5520"),
    ("en", "Vehicle plate no. (for plates): KLM 7731    VIN: pending", "DEVICE_ID", "KLM 7731"),
    # an implant's serial in brackets, an implanted line's lot
    ("en", "left chest port (QMX4417201) site clean", "DEVICE_ID", "QMX4417201"),
    ("zh", "置管后第3天。PICC导管批号R552l903。双方", "DEVICE_ID", "R552l903"),
    # a padded key and a pipe (an encounter log's block), a prescription number in a 号 label's cell
    ("en", "Patient           | Tom Ashby\nMRN               | 551-20-774\nLocation          | Clinic room 2\n",
     "RECORD_NUMBER", "551-20-774"),
    ("zh", "| 药品 | 某某胶囊 20mg |\n| 处方号 | RX5512034471 |\n", "RECORD_NUMBER", "RX5512034471"),
    # the serial column beside a model column stays
    ("zh", "品名　　　　　型号　　　序列号\n家用制氧机　　　QX100　　QX55012034\n", "DEVICE_ID", "QX55012034"),
    # an e-mail stays a contact
    ("zh", "通讯作者邮箱：qiu_lan1988@example.cn\n", "CONTACT", "qiu_lan1988@example.cn"),
]

LEFT_ALONE = [
    # counts and durations after a place and a bed, a chair or a room
    ("en", "Infusion chair 10 minutes before the bell", "RECORD_NUMBER", "chair 10"),
    ("en", "ED bed 2 days ago", "RECORD_NUMBER", "bed 2"),
    ("en", "6 West is full tonight", "RECORD_NUMBER", "6 West"),
    ("zh", "抢救室共30床，今日满员", "RECORD_NUMBER", "30床"),
    ("zh", "治疗室2张床", "RECORD_NUMBER", "2张床"),
    ("zh", "房间：3间，均朝南", "RECORD_NUMBER", "3间"),
    # an official document's number is no case
    ("zh", "依据某卫发〔2023〕7号文件执行", "RECORD_NUMBER", "7号"),
    # a booking label without a locator, a clinician's staff number
    ("en", "Booking reference: pending\n", "RECORD_NUMBER", "pending"),
    ("zh", "主治医师：贺一鸣　工号：7712\n", "ID_NUMBER", "7712"),
    # codes, forms, equipment, staff and batches
    ("zh", "病种：门诊慢特病（病种编码Q12300）\n姓名", "RECORD_NUMBER", "Q12300"),
    ("zh", "文件编号：ABC-FORM-03  版本号：v2.0\n", "RECORD_NUMBER", "ABC-FORM-03"),
    ("zh", "温度记录仪编号：TL55012，全程冷链\n", "RECORD_NUMBER", "TL55012"),
    ("en", "Counsel for petitioner, Bar No. 551203\n", "RECORD_NUMBER", "551203"),
    ("en", "Member ID: Q88123   Group: 40917   Statement date", "ID_NUMBER", "40917"),
    ("en", "Support forum › Thread #71220\n\nHello all", "RECORD_NUMBER", "71220"),
    ("en", "  Billing code 99-T4410\n", "RECORD_NUMBER", "99-T4410"),
    ("en", "      Shipment SHP-2021-5501\nFrom: lab", "RECORD_NUMBER", "SHP-2021-5501"),
    ("en", "Temp logger TL-55012 attached to the box", "RECORD_NUMBER", "TL-55012"),
    ("zh", "注册号：NCT01234567\n", "RECORD_NUMBER", "NCT01234567"),
    # a dangerous-goods UN number on a specimen shipment
    ("en", "Packed 2024-01-02   Dry ice 4 kg UN1845\n\n# | Specimen", "ID_NUMBER", "UN1845"),
    ("en", "Packed 2024-01-02   Dry ice 4 kg UN1845\n\n# | Specimen", "RECORD_NUMBER", "UN1845"),
    ("en", "Box labelled UN3373 Biological Substance, Category B\n", "RECORD_NUMBER", "UN3373"),
    # a drug's batch after its approval number, a single-use item's lot
    ("zh", "国药准字H20001234　批号：55012233　有效期至：2025.1.1\n", "DEVICE_ID", "55012233"),
    ("zh", "湿化瓶、鼻氧管　　一次性　　批号33120987（耗材）\n", "DEVICE_ID", "33120987"),
    # a publication's DOI is no contact
    ("zh", "【文献标识码】A　DOI:10.5512/j.issn.1001-2345.2022.12.007\n\n1　病例资料\n患者男，50岁", "CONTACT",
     "10.5512/j.issn.1001-2345.2022.12.007"),
    ("zh", "10.5512/j.issn.1001-2345.2022.12.007\n\n1　病例资料\n", "CONTACT", "1001-2345.2022.12.007"),
    # device models are no serials: a model column
    ("zh", "品名　　　　　型号　　　序列号\n家用制氧机　　　QX100　　QX55012034\n", "RECORD_NUMBER", "QX100"),
    ("zh", "品名　　　　　型号　　　序列号\n输注泵　　　　　QZB-40F2　　QZ55012034\n", "RECORD_NUMBER", "QZB-40F2"),
    # a capsule's lot, a gas cylinder's lot
    ("en", "Took the I-131 capsule, lot 55012, at noon.", "DEVICE_ID", "55012"),
    ("en", " 2   E0431      E-cylinder portable O2          lot QK5512\n", "DEVICE_ID", "QK5512"),
    ("en", "port (right) flushed", "DEVICE_ID", "right"),
]

test_found, test_left_alone = table_tests(FOUND, LEFT_ALONE)
