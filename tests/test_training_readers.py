"""Readers for span JSONL, CoNLL BIO and Label Studio exports, and the seeded dev split."""
from __future__ import annotations

import json

import pytest

from oncostruct.engine.errors import DataFormatError
from oncostruct.training.readers import bio_to_spans, read_conll, read_label_studio, read_span_jsonl, spans_to_bio, train_dev

TEXT = "患者行右肺上叶切除术，术后予顺铂化疗。"


def _span(text: str, sub: str, label: str) -> dict:
    start = text.index(sub)
    return {"start": start, "end": start + len(sub), "label": label, "text": sub}


def test_span_jsonl_nested_and_offsets(tmp_path):
    recs = [{"id": "a", "text": TEXT, "entities": [_span(TEXT, "右肺上叶切除术", "手术"), _span(TEXT, "右肺上叶", "解剖部位"),
                                                  _span(TEXT, "顺铂", "药物")]}]
    path = tmp_path / "d.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in recs) + "\n", encoding="utf-8")
    (ex,) = read_span_jsonl(path)
    assert ex.id == "a" and len(ex.entities) == 3
    assert {ex.text[s:e] for s, e, _ in ex.entities} == {"右肺上叶切除术", "右肺上叶", "顺铂"}


def test_span_jsonl_rejects_bad_offsets(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps({"id": "x", "text": "abc", "entities": [{"start": 1, "end": 9, "label": "L"}]}) + "\n")
    with pytest.raises(DataFormatError):
        read_span_jsonl(path)


def test_span_jsonl_drops_empty_spans(tmp_path):
    path = tmp_path / "empty.jsonl"
    path.write_text(json.dumps({"id": "x", "text": "abc", "entities": [{"start": 1, "end": 1, "label": "L"}]}) + "\n")
    assert read_span_jsonl(path)[0].entities == []


def test_conll_bio(tmp_path):
    lines = ["顺 B-药物", "铂 I-药物", "化 O", "疗 O", "", "肝 B-解剖部位", "癌 O", ""]
    path = tmp_path / "d.conll"
    path.write_text("\n".join(lines), encoding="utf-8")
    a, b = read_conll(path)
    assert (a.text, a.entities) == ("顺铂化疗", [(0, 2, "药物")])
    assert (b.text, b.entities) == ("肝癌", [(0, 1, "解剖部位")])


def test_bio_roundtrip_and_bioes():
    spans = [(0, 2, "A"), (3, 4, "B"), (4, 7, "A")]
    assert bio_to_spans(spans_to_bio(8, spans)) == spans
    assert bio_to_spans(["S-X", "B-Y", "M-Y", "E-Y", "O", "I-Z"]) == [(0, 1, "X"), (1, 4, "Y"), (5, 6, "Z")]


def test_label_studio(tmp_path):
    task = {"id": 7, "data": {"text": TEXT}, "annotations": [
        {"was_cancelled": True, "result": []},
        {"result": [{"value": {"start": 14, "end": 16, "labels": ["药物"], "text": "顺铂"}, "type": "labels"}]},
    ]}
    path = tmp_path / "ls.json"
    path.write_text(json.dumps([task], ensure_ascii=False), encoding="utf-8")
    (ex,) = read_label_studio(path)
    assert ex.id == "7" and ex.entities == [(14, 16, "药物")] and ex.text[14:16] == "顺铂"


def test_dev_split_is_seeded_and_stable(tmp_path):
    path = tmp_path / "many.jsonl"
    path.write_text("".join(json.dumps({"id": f"d{i}", "text": "肺癌", "entities": []}) + "\n" for i in range(400)))
    train, dev = train_dev(path)
    train2, dev2 = train_dev(path)
    assert [e.id for e in dev] == [e.id for e in dev2]
    assert 20 <= len(dev) <= 65 and len(train) + len(dev) == 400
    assert not {e.id for e in train} & {e.id for e in dev}


def test_write_split_roundtrips(tmp_path):
    from oncostruct.training.readers import write_split

    path = tmp_path / "all.jsonl"
    recs = [{"id": f"d{i}", "text": TEXT, "entities": [_span(TEXT, "顺铂", "药物")]} for i in range(50)]
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs), encoding="utf-8")
    train_p, dev_p = write_split(path, tmp_path / "split")
    train, dev = train_dev(path)
    assert [e.id for e in read_span_jsonl(dev_p)] == [e.id for e in dev]
    assert read_span_jsonl(train_p)[0].entities == train[0].entities
