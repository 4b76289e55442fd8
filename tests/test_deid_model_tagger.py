"""The trained PHI tagger beside the rules (issue 18, session 8): how its spans join the rule spans, the medical
allow-list's veto, loading the released weights offline, and the rules alone when the weights are missing."""
from __future__ import annotations

import json
import logging
import socket
from pathlib import Path

import pytest

from oncostruct.extractors.deid.config import ModelTaggerSettings, load_config
from oncostruct.extractors.deid.detect import PhiDetector
from oncostruct.extractors.deid.model_tagger import ModelTagger, load_span_model
from oncostruct.models.registry import weights_dir


class FakeModel:
    """Predicts fixed (substring, category, confidence) spans wherever the substring occurs."""

    def __init__(self, spans: list[tuple[str, str, float]]) -> None:
        self.spans = spans
        self.calls = 0

    def predict(self, texts: list[str]) -> list[list[tuple[int, int, str, float]]]:
        self.calls += 1
        out = []
        for text in texts:
            found = []
            for sub, cat, conf in self.spans:
                at = text.find(sub)
                while at >= 0:
                    found.append((at, at + len(sub), cat, conf))
                    at = text.find(sub, at + 1)
            out.append(found)
        return out


def _detector(spans: list[tuple[str, str, float]], **settings: object) -> PhiDetector:
    base = {"model": "fake", "thresholds": {"NAME": 0.5, "ORGANIZATION": 0.6, "ADDRESS": 0.5}}
    mt = ModelTaggerSettings(**{**base, **settings})
    return PhiDetector(load_config().model_copy(update={"model_tagger": mt}), span_model=FakeModel(spans))


def _rules() -> PhiDetector:
    return PhiDetector(load_config().model_copy(update={"model_tagger": None}))


def _found(det: PhiDetector, text: str) -> set[tuple[str, str]]:
    return {(text[s.start:s.end], s.category) for s in det.detect(text, "zh")}


# a rule finds the labelled phone; nothing in the rules finds the brand-like clinic name or the bare word pair
TEXT = "联系电话：13912345678。转诊自蓝鲸康复坊，陪同者为阿木古楞。"


def test_tagger_adds_what_the_rules_missed_above_its_threshold() -> None:
    rules = _found(_rules(), TEXT)
    assert ("蓝鲸康复坊", "ORGANIZATION") not in rules
    got = _found(_detector([("蓝鲸康复坊", "ORGANIZATION", 0.9), ("阿木古楞", "NAME", 0.3)]), TEXT)
    assert ("蓝鲸康复坊", "ORGANIZATION") in got
    assert ("阿木古楞", "NAME") not in got or ("阿木古楞", "NAME") in rules  # 0.3 is under NAME's 0.5
    assert ("13912345678", "PHONE") in got


def test_unlisted_category_is_not_taken() -> None:
    got = _found(_detector([("蓝鲸康复坊", "DEVICE_ID", 0.99)]), TEXT)
    assert ("蓝鲸康复坊", "DEVICE_ID") not in got


def test_partial_overlap_keeps_the_rules_bounds_unless_union() -> None:
    # the tagger's span takes in the phone's last digits and the full stop's neighbour: it partly overlaps the rule span
    partial = [("5678。转诊", "NAME", 0.9)]
    got = _found(_detector(partial), TEXT)
    assert ("13912345678", "PHONE") in got and not any(v.startswith("5678") for v, _ in got)
    merged = _found(_detector(partial, overlap="union"), TEXT)
    assert any("13912345678" in v and "转诊" in v for v, _ in merged)


def test_containing_span_wins() -> None:
    # the tagger sees the width-folded text (：is :), offsets hold in the original
    got = _found(_detector([("联系电话:13912345678", "PHONE", 0.95)], thresholds={"PHONE": 0.5}), TEXT)
    assert ("联系电话：13912345678", "PHONE") in got and ("13912345678", "PHONE") not in got


def test_medical_allow_list_vetoes_tagger_spans() -> None:
    text = "病理诊断：经典型霍奇金淋巴瘤，建议复查。Lynch syndrome was considered."
    det = _detector([("霍奇金淋巴瘤", "NAME", 0.99), ("Lynch", "NAME", 0.99), ("建议复查", "NAME", 0.99)])
    got = _found(det, text)
    assert not any("霍奇金" in v or "Lynch" in v for v, _ in got)
    assert ("建议复查", "NAME") in got  # not a medical term: the veto is the allow-list's, not a blanket one


def test_disabled_tagger_is_never_asked() -> None:
    model = FakeModel([("蓝鲸康复坊", "ORGANIZATION", 0.9)])
    mt = ModelTaggerSettings(enabled=False, thresholds={"ORGANIZATION": 0.5})
    det = PhiDetector(load_config().model_copy(update={"model_tagger": mt}), span_model=model)
    assert ("蓝鲸康复坊", "ORGANIZATION") not in _found(det, TEXT) and model.calls == 0


def test_missing_weights_fall_back_to_the_rules(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    mt = ModelTaggerSettings(model=str(tmp_path / "no_such_weights"), thresholds={"NAME": 0.5})
    det = PhiDetector(load_config().model_copy(update={"model_tagger": mt}))
    with caplog.at_level(logging.WARNING):
        got = det.detect(TEXT, "zh")
    assert [(s.start, s.end, s.category) for s in got] == [(s.start, s.end, s.category) for s in _rules().detect(TEXT, "zh")]
    assert "rules alone" in caplog.text
    assert ModelTagger(mt).model is None  # remembered: asked once, warned once


def test_thresholds_name_known_categories_only() -> None:
    with pytest.raises(ValueError):
        ModelTaggerSettings(thresholds={"PATIENT": 0.5})


RELEASED = weights_dir() / "deid"


@pytest.mark.skipif(not (RELEASED / "manifest.json").exists(), reason="deid weights not released in this checkout")
def test_released_weights_load_offline_and_match_the_manifest(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("onnxruntime")

    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("the PHI tagger tried to reach the network")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    manifest = json.loads((RELEASED / "manifest.json").read_text(encoding="utf-8"))
    import hashlib
    assert hashlib.sha256((RELEASED / "model.onnx").read_bytes()).hexdigest() == manifest["onnx"]["sha256"]
    assert (RELEASED / "model.onnx").stat().st_size < 50 * 2**20
    model = load_span_model("deid")
    assert model is not None
    text = "患者张建国，男，67岁，住院号ZY20230456，电话13812345678，于2023年3月5日入院。"
    spans = model.predict([text])[0]
    assert all(0 <= s < e <= len(text) and lab in manifest["labels"] and 0 <= c <= 1 for s, e, lab, c in spans)
    for value in ("13812345678", "ZY20230456"):  # found, whatever the category (a redacted value is protected)
        assert any(value in text[s:e] for s, e, _, _ in spans), value


def test_component_option_switches_the_tagger() -> None:
    from oncostruct.extractors.deid.component import DeidComponent

    assert DeidComponent(model_tagger=True).config.model_tagger.enabled is True
    assert DeidComponent(model_tagger=False).config.model_tagger.enabled is False
    assert DeidComponent().config.model_tagger.enabled is load_config().model_tagger.enabled


def test_tagger_ages_under_ninety_are_not_phi() -> None:
    text = "家属陈述：患者今年49岁，其母亲已92岁高龄。"
    got = _found(_detector([("49岁", "AGE", 0.99), ("92岁", "AGE", 0.99)], thresholds={"AGE": 0.3}), text)
    assert ("92岁", "AGE") in got and ("49岁", "AGE") not in got
