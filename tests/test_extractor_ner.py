"""NER entity extractor: model entities win over overlapping lexicon entities; windowed flag; field provenance."""
from __future__ import annotations

from oncostruct.engine.cdm import DocType, Entity, Source
from oncostruct.extractors.base import ExtractionInput
from oncostruct.extractors.text.ner import NerEntityExtractor, merge_entities

LEX = Source(kind="lexicon", name="drugs", version="1")
MODEL = Source(kind="model", name="ner:ccks2019", version="1")


class _StubModel:
    name, version, window, overlap = "ccks2019", "1", 20, 5

    def __init__(self, spans):
        self.spans = spans

    def predict(self, texts):
        return [self.spans for _ in texts]

    def is_windowed(self, text):
        return len(text) > self.window


def _ent(s, e, text, label, source):
    return Entity(label=label, start=s, end=e, text=text[s:e], confidence=0.9, source=source)


def test_merge_precedence():
    text = "予奥沙利铂化疗，肝脏转移"
    model = [_ent(1, 5, text, "药物", MODEL)]
    lex = [_ent(3, 5, text, "药物", LEX), _ent(8, 10, text, "解剖部位", LEX)]
    merged = merge_entities(model, lex)
    assert [(e.start, e.end, e.source.kind) for e in merged] == [(1, 5, "model"), (8, 10, "lexicon")]


def test_extractor_fields_and_windowed_issue():
    text = "患者行右肺上叶切除术，术后予顺铂化疗，复查胸部CT。"
    ext = NerEntityExtractor()
    ext.__dict__["model"] = _StubModel([(3, 10, "手术", 0.8), (14, 16, "药物", 0.95)])
    out = ext.extract(ExtractionInput(text=text, doc_type=DocType.discharge, language="zh"))
    assert {(e.text, e.label) for e in out.entities if e.source.kind == "model"} == {("右肺上叶切除术", "手术"), ("顺铂", "药物")}
    names = {f.name: f for f in out.fields}
    assert set(names) == {"entities.procedure[0]", "entities.drug[0]"}
    for f in out.fields:
        sp = f.provenance[0]
        assert text[sp.start:sp.end] == sp.text == f.value
    assert [i.code for i in out.issues] == ["ner.windowed"]


def test_extractor_without_model_falls_back_to_lexicon():
    ext = NerEntityExtractor()
    ext.__dict__["model"] = None
    out = ext.extract(ExtractionInput(text="短文本", doc_type=DocType.other, language="zh"))
    assert [i.code for i in out.issues] == ["model.unavailable"] and out.fields == []


def test_english_text_skips_the_chinese_model():
    ext = NerEntityExtractor()
    ext.__dict__["model"] = _StubModel([(0, 3, "药物", 0.9)])
    out = ext.extract(ExtractionInput(text="Cisplatin given.", doc_type=DocType.other, language="en"))
    assert all(e.source.kind != "model" for e in out.entities) and out.fields == []


def test_trim_span_drops_edge_whitespace() -> None:
    from oncostruct.extractors.text.ner import trim_span

    text = "诊断：高血压病\n 2型糖尿病"
    assert trim_span(text, 3, 9, "疾病和诊断", 0.8) == (3, 7, "疾病和诊断", 0.8)
    assert trim_span(text, 7, 9, "疾病和诊断", 0.8)[:2] == (9, 9)
