"""Branch phi13rev (issue 18): habits of another hospital's documents: a machine named by its model and serial
after a device's noun, a British number plate and National Insurance number, a letter addressed to a hospital or
department on its own line, more Chinese institution kinds and a blood donation's code. Fixtures written for
these tests (look-alike values)."""
from __future__ import annotations

import pytest

from deid_helpers import holds, spans


@pytest.mark.parametrize("text,lang,category,value", [
    ("Stored in biobank, freezer ULT-4KQ7Z2M", "en", "DEVICE_ID", "ULT-4KQ7Z2M"),
    ("Recorder: Somno-R8TX31Q\nAHI 12.0/h", "en", "DEVICE_ID", "Somno-R8TX31Q"),
    ("Plan reviewed. Vent PB840-QWRTZ7K.", "en", "DEVICE_ID", "PB840-QWRTZ7K"),
    ("Hearing aids fitted: R AUR-K29XQ7, L AUR-M3PQ8Z\nAudiologist", "en", "DEVICE_ID", "AUR-K29XQ7"),
    ("Hearing aids fitted: R AUR-K29XQ7, L AUR-M3PQ8Z\nAudiologist", "en", "DEVICE_ID", "AUR-M3PQ8Z"),
    ("继续吗啡皮下泵镇痛（泵编号GEMS-RQWXTPLM）。", "zh", "DEVICE_ID", "GEMS-RQWXTPLM"),
    ("Vehicle: KT19 WZP  Provider: Swiftcare", "en", "DEVICE_ID", "KT19 WZP"),
    ("Staff ID E55Q2R7  NI No KL 12 34 56 C\nRole: porter", "en", "ID_NUMBER", "KL 12 34 56 C"),
    ("会诊邀请函\n青岚县人民医院病理科：\n兹有我院患者", "zh", "ORGANIZATION", "青岚县人民医院病理科"),
    ("申请书\n临江市职业病防治院：\n我叫", "zh", "ORGANIZATION", "临江市职业病防治院"),
    ("9月3日来云溪精神卫生中心门诊抽血", "zh", "ORGANIZATION", "云溪精神卫生中心"),
    ("曾在岚山市血液中心献血", "zh", "ORGANIZATION", "岚山市血液中心"),
    ("无偿献血400ml（献血码70QWZ8KPLM），因", "zh", "RECORD_NUMBER", "70QWZ8KPLM"),
    ("029-7764  微信公众号内留言或加mei_k29x4\n", "zh", "CONTACT", "mei_k29x4"),
])
# (a camera's asset tag and a linac's serial moved to tests/test_deid_s18_hosp18.py: since session 18 the hospital's
# own equipment is no DEVICE_ID, PHI_GUIDELINE decided points)
def test_found(detector, text: str, lang: str, category: str, value: str) -> None:
    assert holds(detector, text, lang, category, value)


@pytest.mark.parametrize("text,lang", [
    ("ventilator mode SIMV-PC, FiO2 40%", "en"),
    ("pump of FOLFOX-6 started", "en"),
    ("就诊医院：\n", "zh"),
    ("微信加入群聊 3次", "zh"),
    ("Vehicle: none booked", "en"),
])
def test_not_phi(detector, text: str, lang: str) -> None:
    assert not [s for s in spans(detector, text, lang) if s[0] in ("DEVICE_ID", "ORGANIZATION", "ID_NUMBER", "CONTACT")]
