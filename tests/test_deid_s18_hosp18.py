"""The hospital's own things are not the patient's PHI (session 18, branch hosp18): serials of the facility's equipment
(a linac, an afterloader's source, a camera body, a temperature logger, a ward's pump marked as facility equipment),
the lots of consumables used up in care (an ostomy's paste and flange), item / part / asset / work-order numbers, a
camera's own file names, dose-volume parameters, a cell therapy's product lot and a blood unit's ISBT 128 donation
number. The patient's own port, pump, concentrator, hearing aid and home care bed keep their serials.

Every text here is invented for this file.
"""
from __future__ import annotations

import pytest

from oncostruct.extractors.deid.detect import PhiDetector


@pytest.fixture(scope="module")
def detector() -> PhiDetector:
    return PhiDetector()


def found(detector: PhiDetector, text: str, lang: str) -> list[tuple[str, str]]:
    return [(s.category, text[s.start:s.end]) for s in detector.detect(text, lang)]


@pytest.mark.parametrize("text, lang, value", [
    ("机器：Novalis-2（设备编号 QX-38117）\n体位：仰卧", "zh", "QX-38117"),
    ("设备：后装治疗机 Gammamed（院内编号 GM-412）；Ir-192 源序列号 K55B-1020", "zh", "GM-412"),
    ("设备：后装治疗机 Gammamed（院内编号 GM-412）；Ir-192 源序列号 K55B-1020", "zh", "K55B-1020"),
    ("HDR unit: Ir-192 source S/N Q17-4420, exchanged last month", "en", "Q17-4420"),
    ("Camera: ward Nikon body serial 771203981. Uploaded to the archive.", "en", "771203981"),
    ("相机：D750 机身号 558812033（科室设备） 拍摄者：护士", "zh", "558812033"),
    ("Equipment: MRI scanner, system S/N 4411902 (facility equipment, not a patient device).", "en", "4411902"),
    ("监护仪 序列号：K220931（院内设备）", "zh", "K220931"),
    ("冷链：顺达物流  记录仪 SN：QL-551203  保温箱 #9", "zh", "QL-551203"),
    ("Courier box 4   Logger SN QLG882013\nDestination: lab", "en", "QLG882013"),
    ("1  IMG_4412.JPG  lateral\n2  DSC70021.JPG  AP", "en", "IMG_4412"),
    ("1  IMG_4412.JPG  lateral\n2  DSC70021.JPG  AP", "en", "DSC70021"),
    ("更换 电源板（备件号 112233-09），已恢复", "zh", "112233-09"),
    ("两件式底盘（货号 55021），防漏膏（批号 23K1182），护肤粉", "zh", "55021"),
    ("两件式底盘（货号 55021），防漏膏（批号 23K1182），护肤粉", "zh", "23K1182"),
    ("Two-piece flange (item #55021), barrier ring, paste lot 23K1182.", "en", "55021"),
    ("Two-piece flange (item #55021), barrier ring, paste lot 23K1182.", "en", "23K1182"),
    ("INFUSION BAG  CD19-directed CAR-T  Lot Q771203  EXP 2025-01-02", "en", "Q771203"),
    ("资产编号=AS-771203;工单号=GD55012093", "zh", "AS-771203"),
    ("资产编号=AS-771203;工单号=GD55012093", "zh", "GD55012093"),
    ("SERVICE TICKET #SR-5521093", "en", "SR-5521093"),
    ("Rectum D2cc 4.1 Gy, Bladder D2cc 5.0 Gy", "en", "D2cc"),
    ("Crossmatch compatible\nW0412 23 118820 0A  LR RBC AS-1", "en", "W0412"),
    ("Crossmatch compatible\nW0412 23 118820 0A  LR RBC AS-1", "en", "118820"),
])
def test_hospital_things_are_not_phi(detector: PhiDetector, text: str, lang: str, value: str) -> None:
    assert not any(value in v or v in value and len(v) > 3 for _, v in found(detector, text, lang)), found(detector, text, lang)


@pytest.mark.parametrize("text, lang, category, value", [
    ("家用医疗设备：动态血糖仪，序列号3QX771203C；胸壁输液港", "zh", "DEVICE_ID", "3QX771203C"),
    ("佩戴助听器（设备编号 2271190345）", "zh", "DEVICE_ID", "2271190345"),
    ("Oxygen concentrator — serial no. OXC5510203", "en", "DEVICE_ID", "OXC5510203"),
    ("Infusion pump (CADD-Solis) — serial CS5512093", "en", "DEVICE_ID", "CS5512093"),
    ("5. 吗啡皮下泵（PCA，泵序列号 HP5512093）", "zh", "DEVICE_ID", "HP5512093"),
    ("Right chest port (PWP5512093), placed 2023", "en", "DEVICE_ID", "PWP5512093"),
    # the patient's record number beside a blood unit stays
    ("Unit  W7721 24 551209   LR RBC   compatible\nMRN 77120934", "en", "RECORD_NUMBER", "77120934"),
])
def test_patient_devices_and_numbers_stay(detector: PhiDetector, text: str, lang: str, category: str, value: str) -> None:
    assert (category, value) in found(detector, text, lang)


@pytest.mark.parametrize("text, lang, word", [
    ("术毕患者安返病房，生命体征平稳。", "zh", "安返"),
    ("肝素盐水 5mL 封管，局部无渗血。", "zh", "封管"),
    ("同步卡铂周疗，共4周期。", "zh", "周疗"),
    ("预计生存期以周计。", "zh", "周计"),
    ("原报告医师：主治医师  评议医师：副主任医师", "zh", "原报告"),
    ("Breakthrough: MS Contin 30 mg at night.", "en", "Contin"),
])
def test_care_words_are_not_names(detector: PhiDetector, text: str, lang: str, word: str) -> None:
    assert not any(c == "NAME" and word in v for c, v in found(detector, text, lang)), found(detector, text, lang)


def test_labelled_donation_number_stays(detector: PhiDetector) -> None:
    text = "采集编号 Apheresis ID：W7731 24 118290\n采集日期：2024-02-03"
    assert any(c == "RECORD_NUMBER" and "118290" in v for c, v in found(detector, text, "zh")), found(detector, text, "zh")


def test_pacs_image_number_stays(detector: PhiDetector) -> None:
    text = "上传至 PACS 影像号 IMG55120931"
    assert ("RECORD_NUMBER", "IMG55120931") in found(detector, text, "zh")


@pytest.mark.parametrize("text", ["Cooler 3  temp logger SN QD5512093\nReceived 09:10",
                                  "Camera: unit Canon body serial 551209311234. Uploaded."])
def test_equipment_serial_not_read_otherwise(detector: PhiDetector, text: str) -> None:
    assert not [(c, v) for c, v in found(detector, text, "en") if any(ch.isdigit() for ch in v) and c != "DATE"]


def test_called_clinician_extension_is_phone(detector: PhiDetector) -> None:
    text = "处理：已电话通知主管医师高立新（6621），建议两周内复查。"
    assert ("PHONE", "6621") in found(detector, text, "zh"), found(detector, text, "zh")
    assert ("PHONE", "3") not in found(detector, "电话随访（3次），无不适。", "zh")


@pytest.mark.parametrize("text, lang, org", [
    ("Search sent to Larkspur Donor Registry on 2 May.", "en", "Larkspur Donor Registry"),
    ("Supplies shipped via Quillby Home Delivery, order 55.", "en", "Quillby Home Delivery"),
    ("西岭造血干细胞资源库\n供者初检结果", "zh", "西岭造血干细胞资源库"),
])
def test_registries_and_couriers_are_organisations(detector: PhiDetector, text: str, lang: str, org: str) -> None:
    assert ("ORGANIZATION", org) in found(detector, text, lang), found(detector, text, lang)


@pytest.mark.parametrize("text, lang, value", [
    ("camera asset tag: CAM-QX71ZW22\nSigned", "en", "CAM-QX71ZW22"),
    ("RT4410  加速器 Halcyon-9ZQ2K7WX\n计划：", "zh", "Halcyon-9ZQ2K7WX"),
])
def test_session13_equipment_now_not_device(detector: PhiDetector, text: str, lang: str, value: str) -> None:
    assert not any(c == "DEVICE_ID" and v == value for c, v in found(detector, text, lang)), found(detector, text, lang)
