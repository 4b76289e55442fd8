"""Tumour pointer model: alignment, decoding, a tiny training run, ONNX == eager, component modes.

All reports here are synthetic, written for these tests.
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from oncostruct.engine.cdm import DocType, FieldStatus  # noqa: E402
from oncostruct.extractors.base import ExtractionInput  # noqa: E402
from oncostruct.extractors.text.petct import PetctExtractor  # noqa: E402
from oncostruct.extractors.text.petct_pointer import merge  # noqa: E402
from oncostruct.models.pointer import FIELDS, PointerDecoder, PointerSpan, decode_field, load_pointer_dir  # noqa: E402
from oncostruct.training.pointer_config import PointerTrainConfig  # noqa: E402
from oncostruct.training.pointer_data import Normalisation, align_answers, alignment_report, batches, make_examples  # noqa: E402

NORM = Path(__file__).resolve().parents[1] / "training" / "configs" / "pointer_normalise.yaml"
TEXT = "右肺上叶见肿块，大小约3.2CM×2.5CM，考虑右肺癌。肝内多发结节，考虑肝转移。右肺门淋巴结肿大，考虑转移。"
RECORDS = [
    {"id": "tumour-train-a-0001", "text": TEXT, "primary_site": ["右肺"], "primary_size": ["3.2CM×2.5CM"],
     "metastasis_sites": ["肝", "右肺门淋巴结"]},
    {"id": "tumour-train-a-0002", "text": "左乳癌术后。两肺多发结节，考虑两肺转移。", "primary_site": ["左乳"],
     "primary_size": [], "metastasis_sites": ["两肺"]},
    {"id": "tumour-train-b-0001", "text": "胃窦壁增厚，考虑胃癌。腹膜后淋巴结转移。", "primary_site": ["胃"],
     "primary_size": [], "metastasis_sites": ["_x0004_腹膜后淋巴结"]},
]


def _cfg(tmp_path: Path, **train) -> PointerTrainConfig:
    data = tmp_path / "train.jsonl"
    data.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in RECORDS), encoding="utf-8")
    return PointerTrainConfig.model_validate({
        "data": {"train": data, "normalise": NORM, "part_b_oversample": 2},
        "model": {"emb_dim": 16, "hidden": 8, "cnn_channels": 4, "field_dim": 4, "cond_dim": 8, "lac_init": False},
        "train": {"epochs": 2, "batch_size": 2, "lr": 0.01, **train},
        "export": {"out_dir": tmp_path / "model"}})


def test_alignment_cleans_artefacts_skips_nested_and_counts_statuses() -> None:
    norm = Normalisation.load(NORM)
    spans, st = align_answers(TEXT, ["肝", "右肺门淋巴结", "骨"], norm)
    starts = {TEXT[s:e] for s, e in spans}
    assert starts == {"肝", "右肺门淋巴结"}
    assert len([s for s, e in spans if TEXT[s:e] == "肝"]) == 2  # 肝内, 肝转移: every occurrence
    assert st == ["exact_several_inside_longer_mention", "exact_once", "unaligned_not_in_text"]  # 肝内 → 肝
    spans, st = align_answers(TEXT, ["右肺"], norm)
    # 右肺 inside 右肺上叶 / 右肺癌 / 右肺门: the annotators' shortened form, kept and counted
    assert len(spans) == 3 and st == ["exact_several_inside_longer_mention"]
    spans, st = align_answers("腹膜后淋巴结转移", ["_x0004_腹膜后淋巴结"], norm)
    assert spans == [(0, 6)] and st == ["after_artefact_cleanup"]
    rep = alignment_report(RECORDS, norm)
    assert rep["answers"] == 8 and rep["unaligned"] == 0
    assert rep["by_field"]["metastasis_sites"]["after_artefact_cleanup"] == 1


def test_decode_pairs_nearest_end_within_max_span_and_strips() -> None:
    probs = np.zeros((10, 2))
    probs[1, 0], probs[3, 1], probs[6, 1] = 0.9, 0.8, 0.95
    assert decode_field(probs, 0.5, 5) == [(1, 4, pytest.approx(np.sqrt(0.9 * 0.8)))]
    assert decode_field(probs, 0.5, 2) == []  # the end is beyond the maximum span
    text = "、左肺门，肝"
    logits = np.full((len(FIELDS), len(text), 2), -9.0)
    logits[2, 0, 0], logits[2, 4, 1] = 5.0, 5.0  # "、左肺门，" → stripped to 左肺门
    logits[2, 5, 0], logits[2, 5, 1] = 4.0, 4.0  # 肝
    spans = PointerDecoder(threshold=0.5).decode(text, logits)
    assert [(s.field, s.text, s.start, s.end) for s in spans] == [
        ("metastasis_sites", "左肺门", 1, 4), ("metastasis_sites", "肝", 5, 6)]


def test_batches_mark_start_and_end_of_every_field(tmp_path: Path) -> None:
    from oncostruct.models.vocab import CharVocab
    import random

    vocab = CharVocab.build([r["text"] for r in RECORDS])
    ex = make_examples(RECORDS[:1], vocab, Normalisation.load(NORM))
    ids, lengths, tgt, w = next(batches(ex, 4, random.Random(0)))
    assert ids.shape == (1, len(TEXT)) and lengths.tolist() == [len(TEXT)] and w.tolist() == [1.0]
    size_start = TEXT.index("3.2CM")
    assert tgt[0, 1, size_start, 0] == 1 and tgt[0, 1, size_start + len("3.2CM×2.5CM") - 1, 1] == 1
    assert tgt[0, 1].sum() == 2 and tgt[0, 2, :, 0].sum() == 3  # 肝 ×2, 右肺门淋巴结 ×1


def test_tiny_training_lowers_loss_and_onnx_matches_eager(tmp_path: Path) -> None:
    from oncostruct.training.export_pointer import export_pointer
    from oncostruct.training.train_pointer import fit, read_jsonl, torch_model

    cfg = _cfg(tmp_path, epochs=6, finetune_epochs=1, finetune_oversample=3)
    records = read_jsonl(cfg.data.train)
    net, vocab, hist = fit(cfg, records)
    losses = [e["loss"] for e in hist["epochs"] if e["stage"] == "base"]
    assert len(losses) == 6 and losses[-1] < losses[0]
    assert hist["n_examples"] == 2 + 2  # stage 1: part a + part b oversampled ×2
    tuned = [e for e in hist["epochs"] if e["stage"] == "finetune"]
    assert len(tuned) == 1 and tuned[0]["examples"] == 2 + 3  # stage 2: part-a sample + part b ×3
    eager = torch_model(cfg, net, vocab)
    manifest = export_pointer(cfg, net, vocab, records, hist, eager, cfg.export.out_dir)
    assert set(manifest["files"]) == {"model.onnx", "model.pt", "vocab.json"}
    assert manifest["cpu_chars_per_sec"]["onnx"] > 0 and manifest["cpu_chars_per_sec"]["eager"] > 0
    onnx = load_pointer_dir(cfg.export.out_dir)
    texts = [r["text"] for r in records] + ["短"]
    for a, b in zip(eager.logits(texts), onnx.logits(texts)):
        assert a.shape == b.shape
        np.testing.assert_allclose(a, b, atol=1e-4)


def _span(field: str, text: str, conf: float) -> PointerSpan:
    start = TEXT.index(text)
    return PointerSpan(field, start, start + len(text), text, conf, conf)


class _Model:
    name, version, field_modes = "pointer_test", "0", {"primary_site": "model", "primary_size": "rules",
                                                        "metastasis_sites": "union"}


def test_merge_modes_per_field() -> None:
    rules = PetctExtractor().extract(ExtractionInput(text=TEXT, doc_type=DocType.petct, language="zh")).fields
    spans = [_span("primary_site", "右肺上叶", 0.9), _span("metastasis_sites", "右肺门淋巴结", 0.3),
             _span("primary_size", "3.2CM", 0.8)]
    by = lambda fields, a: [f for f in fields if f.name.startswith(f"imaging.{a}[")]  # noqa: E731
    only_rules = merge(rules, spans, _Model(), "rules", 0.5)
    assert only_rules == rules
    model = merge(rules, spans, _Model(), "model", 0.5)
    assert [f.value for f in by(model, "primary_site")] == ["右肺上叶"]
    assert all(f.source.kind == "model" for a in FIELDS for f in by(model, a))
    union = merge(rules, spans, _Model(), "union", 0.5)
    assert len(by(union, "primary_size")) == len(by(rules, "primary_size")) + 1
    mixed = merge(rules, spans, _Model(), "model+rules", 0.5)
    assert [f.value for f in by(mixed, "primary_site")] == ["右肺上叶"]
    assert by(mixed, "primary_size") == by(rules, "primary_size")
    low = [f for f in by(mixed, "metastasis_sites") if f.source.kind == "model"]
    if low:  # the model's value is new to the rules: kept with its span, sent to review
        assert low[0].status == FieldStatus.needs_review and "below the review threshold" in low[0].review_reason
        assert low[0].provenance[0].start == TEXT.index("右肺门淋巴结")
    names = [f.name for f in by(mixed, "metastasis_sites")]
    assert names == [f"imaging.metastasis_sites[{k}]" for k in range(len(names))]


def test_component_runs_an_exported_model_in_every_mode(tmp_path: Path) -> None:
    from oncostruct.engine.catalogue import load_catalogue  # noqa: F401 (field paths must be declared)
    from oncostruct.training.export_pointer import export_pointer
    from oncostruct.training.train_pointer import fit, read_jsonl, torch_model

    cfg = _cfg(tmp_path, epochs=1, finetune_epochs=0)
    records = read_jsonl(cfg.data.train)
    net, vocab, hist = fit(cfg, records)
    export_pointer(cfg, net, vocab, records, hist, torch_model(cfg, net, vocab), cfg.export.out_dir)
    for mode in ("rules", "model", "union", "model+rules"):
        ext = PetctExtractor(tumour_mode=mode, pointer_model=str(cfg.export.out_dir))
        fields = ext.extract(ExtractionInput(text=TEXT, doc_type=DocType.petct, language="zh")).fields
        view = ext.build_view(fields)
        assert isinstance(view.primary_site, list)
        for f in fields:
            if f.source.kind == "model":
                assert f.provenance[0].text == TEXT[f.provenance[0].start:f.provenance[0].end]
                assert 0.0 <= f.confidence <= 1.0


def test_cv_run_writes_oof_logits_and_scores_every_mode(tmp_path: Path) -> None:
    from oncostruct.eval.tumour_pointer import run_cv
    from oncostruct.eval.tumour_pointer_score import evaluate, load_oof

    sites = ["胃", "右肺", "左乳", "肝", "直肠"]
    part_b = [{"id": f"tumour-train-b-{100 + k:04d}", "text": f"{sites[k % 5]}占位，考虑{sites[k % 5]}癌。两肺多发结节，考虑转移。",
               "primary_site": [sites[k % 5]], "primary_size": [], "metastasis_sites": ["两肺"]} for k in range(10)]
    cfg = _cfg(tmp_path, epochs=1, finetune_epochs=1)
    with cfg.data.train.open("a", encoding="utf-8") as fh:
        fh.write("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in part_b))
    cfg = cfg.model_copy(update={"data": cfg.data.model_copy(update={"part_b_oversample": 0})})
    run_cv(cfg, tmp_path / "cv")
    oof = load_oof([tmp_path / "cv"])
    assert sorted(oof) == sorted(r["id"] for r in RECORDS[2:] + part_b)  # every part-b record, out of fold
    assert (tmp_path / "cv" / "base" / "model.pt").exists()
    assert sorted(load_oof([tmp_path / "cv" / "base"])) == sorted(oof)
    rep = evaluate(cfg.data.train, [tmp_path / "cv"])
    assert set(rep["rows"]) == {"rules", "model", "union", "model+rules"}
    assert set(rep["field_modes"].values()) <= {"rules", "model", "union"}
    r, m, u = (rep["rows"][k]["pooled"]["micro"] for k in ("rules", "model", "union"))
    assert u["n_pred"] >= max(r["n_pred"], m["n_pred"]) and u["tp"] >= max(r["tp"], m["tp"])
    # the released model can start from the CV's shared base
    from oncostruct.training.train_pointer import load_base

    net, vocab, hist = load_base(cfg, tmp_path / "cv" / "base")
    assert hist["base_from"].endswith("base") and len(vocab) == net.encoder.embed.weight.shape[0]


def test_tumour_mode_is_a_validated_component_option() -> None:
    from oncostruct.engine.components import component_options
    from oncostruct.engine.errors import OncostructError
    from pydantic import ValidationError

    assert component_options("petct", {"tumour_mode": "union"}).tumour_mode == "union"
    assert component_options("petct").tumour_mode == PetctExtractor.Options().tumour_mode
    with pytest.raises((ValidationError, OncostructError)):
        component_options("petct", {"tumour_mode": "pointer-please"})


def test_decoder_keeps_the_most_confident_values_of_a_capped_field() -> None:
    text = "右肺癌，左肺癌"
    logits = np.full((len(FIELDS), len(text), 2), -9.0)
    logits[0, 0, 0], logits[0, 1, 1] = 2.0, 2.0  # 右肺 (p 0.88)
    logits[0, 4, 0], logits[0, 5, 1] = 4.0, 4.0  # 左肺 (p 0.98)
    assert [s.text for s in PointerDecoder(max_values={"primary_site": 1}).decode(text, logits)] == ["左肺"]
    assert [s.text for s in PointerDecoder().decode(text, logits)] == ["右肺", "左肺"]
    norm = Normalisation.load(NORM)
    assert norm.decoder().max_values == {"primary_site": 1, "primary_size": 1}


def test_cv_report_goes_into_the_manifest_and_calibrates_confidence(tmp_path: Path) -> None:
    from oncostruct.training.export_pointer import attach_cv_report, export_pointer
    from oncostruct.training.train_pointer import fit, read_jsonl, torch_model

    cfg = _cfg(tmp_path, epochs=1, finetune_epochs=0)
    records = read_jsonl(cfg.data.train)
    net, vocab, hist = fit(cfg, records)
    export_pointer(cfg, net, vocab, records, hist, torch_model(cfg, net, vocab), cfg.export.out_dir)
    report = {"field_modes": {"primary_site": "union"}, "rows": {}, "ece": {"ece_raw": 0.3},
              "isotonic": {f: {"x": [0.0, 1.0], "y": [0.2, 0.2]} for f in FIELDS}}
    (tmp_path / "cv.json").write_text(json.dumps(report), encoding="utf-8")
    attach_cv_report(cfg.export.out_dir, tmp_path / "cv.json")
    model = load_pointer_dir(cfg.export.out_dir)
    assert model.field_modes == {"primary_site": "union"}
    spans = model.predict([TEXT], threshold=0.01)[0]
    assert spans and all(s.confidence == pytest.approx(0.2) for s in spans)  # the isotonic map is applied


def test_masked_char_pretraining_moves_the_encoder_only(tmp_path: Path) -> None:
    from oncostruct.models.vocab import CharVocab
    from oncostruct.training.train_pointer import build_net, pretrain

    cfg = _cfg(tmp_path, pretrain_steps=3)
    vocab = CharVocab.build([r["text"] for r in RECORDS])
    net = build_net(cfg, vocab)
    enc, head = net.encoder.embed.weight.clone(), net.pointers.weight.clone()
    pretrain(net, vocab, [r["text"] for r in RECORDS], cfg)
    assert not torch.equal(enc, net.encoder.embed.weight)
    assert torch.equal(head, net.pointers.weight)


def test_released_model_matches_its_manifest_and_runs() -> None:
    import hashlib

    from oncostruct.models.registry import load_pointer, model_path

    folder = model_path("pointer_tumour")
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    for name, meta in manifest["files"].items():
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == meta["sha256"]
    assert manifest["size_bytes_total"] < 10 * 2**20
    assert set(manifest["field_modes"]) == set(FIELDS) and set(manifest["isotonic"]) <= set(FIELDS)
    model = load_pointer("pointer_tumour")
    for s in model.predict([TEXT])[0]:
        assert TEXT[s.start:s.end] == s.text and 0.0 <= s.confidence <= 1.0


def test_dilated_conv_encoder_gives_the_same_output_shape_and_ignores_padding() -> None:
    from oncostruct.models.pointer_net import PointerNet

    torch.manual_seed(0)
    net = PointerNet(30, len(FIELDS), emb_dim=8, hidden=8, layers=3, dropout=0.0, field_dim=4, cond_dim=8,
                     encoder="cnn").eval()
    ids = torch.tensor([[5, 6, 7, 8, 0, 0]])
    out = net(ids, torch.tensor([4]))
    assert out.shape == (1, len(FIELDS), 6, 2)
    torch.testing.assert_close(out[:, :, :4], net(ids[:, :4], torch.tensor([4])))
