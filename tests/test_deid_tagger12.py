"""The trained tagger's device numbers pass the rules' drug-lot veto (issue 18, branch deidtagger12): a lot or batch
number on a drug's line is the drug's, whoever finds it; an implant's lot stays a device number."""
from __future__ import annotations

from oncostruct.extractors.deid.config import ModelTaggerSettings, load_config
from oncostruct.extractors.deid.detect import PhiDetector, fold_width


class Fixed:
    """Predicts (substring, category, confidence) at the substring's first occurrence."""

    def __init__(self, spans: list[tuple[str, str, float]]) -> None:
        self.spans = spans

    def predict(self, texts: list[str]) -> list[list[tuple[int, int, str, float]]]:
        return [[(t.find(v), t.find(v) + len(v), c, p) for v, c, p in self.spans if v in t] for t in texts]


def _tagged(text: str, value: str, category: str) -> list[str]:
    mt = ModelTaggerSettings(model="fake", thresholds={category: 0.5})
    det = PhiDetector(load_config().model_copy(update={"model_tagger": mt}), span_model=Fixed([(value, category, 0.99)]))
    folded = fold_width(text)
    return [folded[s.start:s.end] for s in det.tagger_spans([], folded)]


def test_lot_number_beside_a_drug_is_dropped() -> None:
    assert _tagged("用药：替莫唑胺胶囊 20mg（批次 Q58812）", "Q58812", "DEVICE_ID") == []
    assert _tagged("Rx: letrozole 2.5 mg tab, batch 9941KX", "9941KX", "DEVICE_ID") == []


def test_patient_numbers_stay() -> None:
    assert _tagged("输液泵序列号 PX-2207731 已登记", "PX-2207731", "DEVICE_ID") == ["PX-2207731"]
    # an implant's lot number is the device's: no drug on its line
    assert _tagged("起搏器序列号 PM-5530218　批号：LT77120A", "LT77120A", "DEVICE_ID") == ["LT77120A"]
    assert _tagged("Chart no. 55102938 reviewed", "55102938", "RECORD_NUMBER") == ["55102938"]
    # a letter's reference is the patient's record, though Ref is a catalogue label for the rules
    assert _tagged("Ref: KLM/2025/0412\nTo: the consulate", "KLM/2025/0412", "RECORD_NUMBER") == ["KLM/2025/0412"]


def test_rule_word_bounds_stand_against_a_longer_tagger_span() -> None:
    # the rules find the school by its suffix; a tagger span running on over the verb after it does not replace it
    text = "患者女儿在北湖区育才小学任教，节假日陪护。"
    mt = ModelTaggerSettings(model="fake", thresholds={"ORGANIZATION": 0.5})
    det = PhiDetector(load_config().model_copy(update={"model_tagger": mt}),
                      span_model=Fixed([("北湖区育才小学任教", "ORGANIZATION", 0.99)]))
    got = [(s.category, text[s.start:s.end]) for s in det.detect(text, "zh")]
    assert ("ORGANIZATION", "北湖区育才小学") in got
