"""De-identification precision (issue 18, branch deidprec9): numbers that identify a document, an event, a grant or
a product and not a patient; an HL7 segment's set ID; kinship nouns and reported speech read as names; a trailing
在 / 不 and a leading 关于 / 老伴 / 女 in a Chinese name span; clergy titles, greetings and office words around an
English name. Every text here is invented for this file; each mechanism has cases it must find and cases it must
leave alone.
"""
from __future__ import annotations

import pytest

from tests.deid_helpers import spans

from oncostruct.extractors.deid.detect import PhiDetector


FOUND = [  # (lang, text, category, value that must be a span exactly)
    ("zh", "紧急联系人：老伴 钱秀英  13912345678", "NAME", "钱秀英"),
    ("zh", "告知家属郭红在门口等候。", "NAME", "郭红"),
    ("zh", "注意：家属魏大海不同意手术。", "NAME", "魏大海"),
    ("zh", "医务科关于孔令华女士反映问题的答复", "NAME", "孔令华"),
    ("en", "Pastor Wendell Okonkwo will visit on Sunday.", "NAME", "Wendell Okonkwo"),
    ("en", "Case ID: 88214-B\n", "RECORD_NUMBER", "88214-B"),
    ("zh", "住院号：ZY20230417\n标本号：S2023-0912", "RECORD_NUMBER", "ZY20230417"),
    ("en", "PID|1||MRN7712043^^^HOSP^MR||DOE^JANE", "RECORD_NUMBER", "MRN7712043"),
]

LEFT = [  # (lang, text, category, value that must not be inside any span of that category)
    ("zh", "紧急联系人：老伴 钱秀英  13912345678", "NAME", "老伴"),
    ("zh", "家属原话：“医生很耐心。”", "NAME", "原话"),
    ("zh", "告知家属郭红在门口等候。", "NAME", "郭红在"),
    ("zh", "医务科关于孔令华女士反映问题的答复", "NAME", "关于"),
    ("en", "Pastor Wendell Okonkwo will visit on Sunday.", "NAME", "Pastor"),
    ("en", "WELCOME, MARISOL QUINTERO\n", "NAME", "WELCOME"),
    ("en", "To: Acme Pharmacy Prior Authorization Dept.\n", "NAME", "Authorization"),
    ("en", "Thrombosis reported (SAE #1893 closed).", "RECORD_NUMBER", "1893"),
    ("en", "  Query ID: Q-87172     Raised by monitor", "RECORD_NUMBER", "Q-87172"),
    ("en", "Return of IMP (kits 622122-029567) reconciled.", "RECORD_NUMBER", "622122-029567"),
    ("zh", "审查批件\n批件号：43-2019-KY-268（拓展性同情使用）", "RECORD_NUMBER", "43-2019-KY-268"),
    ("zh", "壁报编号 P-032   学术年会", "RECORD_NUMBER", "P-032"),
    ("zh", "基金：省自然科学基金（20249953）\n", "RECORD_NUMBER", "20249953"),
    ("zh", "留置针1套  医保耗材编码：C0159164399603451975\n", "RECORD_NUMBER", "C0159164399603451975"),
    ("en", "PID|1||MRN7712043^^^HOSP^MR||DOE^JANE", "RECORD_NUMBER", "1"),
]


@pytest.mark.parametrize("lang,text,category,value", FOUND)
def test_found(detector: PhiDetector, lang: str, text: str, category: str, value: str) -> None:
    assert (category, value) in spans(detector, text, lang)


@pytest.mark.parametrize("lang,text,category,value", LEFT)
def test_left_alone(detector: PhiDetector, lang: str, text: str, category: str, value: str) -> None:
    found = spans(detector, text, lang)
    assert not any(c == category and (value in v if len(value) > 1 else v == value) for c, v in found), found


def test_tagger_veto_drops_durations() -> None:
    """``model_tagger.veto``: a tagger DATE span that reads as a time limit (十五日内) is dropped; a date stays."""
    from oncostruct.extractors.deid.config import ModelTaggerSettings, load_config
    from oncostruct.extractors.deid.model_tagger import ModelTagger

    class Fixed:
        def __init__(self, found: list[tuple[int, int, str, float]]) -> None:
            self.found = found

        def predict(self, texts: list[str]) -> list[list[tuple[int, int, str, float]]]:
            return [self.found]

    text = "请于收函之日起十五日内封存病历，复查定于2023年3月5日。"
    a, b = text.index("十五日"), text.index("2023")
    settings = ModelTaggerSettings(thresholds={"DATE": 0.5}, veto=load_config().model_tagger.veto)
    got = list(ModelTagger(settings, Fixed([(a, a + 3, "DATE", 0.9), (b, b + 9, "DATE", 0.9)])).spans(text))
    assert [text[s:e] for s, e, *_ in got] == ["2023年3月5日"]
    bare = ModelTaggerSettings(thresholds={"DATE": 0.5})
    assert len(list(ModelTagger(bare, Fixed([(a, a + 3, "DATE", 0.9)])).spans(text))) == 1
    with pytest.raises(ValueError):
        ModelTaggerSettings(veto={"DATES": ["x"]})


SHAPES_LEFT = [  # (lang, text, category, value that must not be a span of that category)
    ("zh", "奥沙利铂 100mg/瓶 | 批 号K308375 | 1", "RECORD_NUMBER", "K308375"),
    ("en", "dexamethasone (lot W763514 — drug stock)", "RECORD_NUMBER", "W763514"),
    ("zh", "药品：奥沙利铂（批号H20230517）已用毕", "DATE", "20230517"),
    ("zh", "链接已发，提取码925366，有效期30天。", "RECORD_NUMBER", "925366"),
    ("zh", "单位=顺丰速运\n校验=ebd46b7f216391b9\n", "RECORD_NUMBER", "ebd46b7f216391b9"),
    ("en", '{"app_ver":"4.2.15","payload":1}', "DATE", "4.2.15"),
    ("zh", "术后病理（B23-02458）：T3N2M0，CK(+)", "RECORD_NUMBER", "T3N2M0"),
    ("zh", "项目编号 | 单位 | 参考区间\nCA199 | 糖类抗原19-9 | U/mL", "RECORD_NUMBER", "CA199"),
    ("zh", "病理形态学编码M8140/3。\n", "RECORD_NUMBER", "M8140/3"),
    ("zh", "试验方案编号：BGB-A317-307\n", "RECORD_NUMBER", "BGB-A317-307"),
    ("en", "Director: A. Lee, PhD  CLIA 22D0987654\nResults", "RECORD_NUMBER", "22D0987654"),
]

SHAPES_FOUND = [
    ("zh", "出院日期：20230517\n", "DATE", "20230517"),
    ("zh", "病案号：T3N2M0789\n", "RECORD_NUMBER", "T3N2M0789"),
    ("zh", "住 院 号：ZY20230417\n", "RECORD_NUMBER", "ZY20230417"),
    # a service agreement's number is the patient's (家庭医生签约服务协议书); a trial protocol's is not (方案编号)
    ("zh", "家庭医生签约服务协议书\n协 议 编 号：JQ511324965498\n甲方", "RECORD_NUMBER", "JQ511324965498"),
]


@pytest.mark.parametrize("lang,text,category,value", SHAPES_LEFT)
def test_codes_left_alone(detector: PhiDetector, lang: str, text: str, category: str, value: str) -> None:
    assert (category, value) not in spans(detector, text, lang)


@pytest.mark.parametrize("lang,text,category,value", SHAPES_FOUND)
def test_codes_still_found(detector: PhiDetector, lang: str, text: str, category: str, value: str) -> None:
    assert (category, value) in spans(detector, text, lang)
