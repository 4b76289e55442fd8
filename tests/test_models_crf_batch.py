"""Batched CRF decoding (models.decoding.viterbi_batch / marginals_batch / decode_crf_batch) equals the
per-sequence decoders on padded batches of unequal lengths, forbidden transitions and extreme emissions."""
from __future__ import annotations

import numpy as np
import pytest

from oncostruct.models.decoding import (decode_crf, decode_crf_batch, marginals, marginals_batch, viterbi,
                                        viterbi_batch)


def _batch(rng: np.random.Generator, lengths: list[int], tags: int, scale: float = 1.0) -> np.ndarray:
    em = np.zeros((len(lengths), max(lengths), tags))
    for i, n in enumerate(lengths):
        em[i, :n] = rng.normal(scale=scale, size=(n, tags))
        em[i, n:] = rng.normal(size=(max(lengths) - n, tags)) * 50  # padding noise must not leak in
    return em


@pytest.mark.parametrize("scale", [1.0, 40.0])
def test_batch_decoders_equal_single(scale: float) -> None:
    rng = np.random.default_rng(1)
    tags, lengths = 5, [1, 2, 7, 30, 30, 12]
    tr, st, en = rng.normal(size=(tags, tags)) * 3, rng.normal(size=tags), rng.normal(size=tags)
    tr[0, 2] = tr[0, 4] = -1e4  # O -> I forbidden, as trained CRFs learn
    em = _batch(rng, lengths, tags, scale)
    paths = viterbi_batch(em, np.array(lengths), tr, st, en)
    probs = marginals_batch(em, np.array(lengths), tr, st, en)
    for i, n in enumerate(lengths):
        assert paths[i] == viterbi(em[i, :n], tr, st, en)
        np.testing.assert_allclose(probs[i, :n], marginals(em[i, :n], tr, st, en), atol=1e-8)


def test_decode_crf_batch_equals_decode_crf_and_skips_empty_paths() -> None:
    rng = np.random.default_rng(2)
    labels = ["A", "B"]
    crf = {"transitions": rng.normal(size=(5, 5)), "start": rng.normal(size=5), "end": rng.normal(size=5)}
    lengths = [9, 4, 16]
    em = _batch(rng, lengths, 5, 2.0)
    em[1, :4, 0] += 100  # an all-O window: no span, no marginals needed
    got = decode_crf_batch(em, np.array(lengths), crf, labels)
    assert got[1] == []
    for i, n in enumerate(lengths):
        want = decode_crf(em[i, :n], crf, labels)
        assert [s[:3] for s in got[i]] == [s[:3] for s in want]
        np.testing.assert_allclose([s[3] for s in got[i]], [s[3] for s in want], atol=1e-8)
    assert decode_crf_batch(em, np.array(lengths), crf, labels, with_conf=False)[0] == decode_crf(
        em[0, :9], crf, labels, with_conf=False)


def test_deid_tagger_session_threads_from_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    """The PHI tagger loads its ONNX session with ``model_tagger.threads`` (one by default; 0 = runtime default)."""
    from oncostruct.extractors.deid import model_tagger
    from oncostruct.extractors.deid.config import ModelTaggerSettings

    seen: list[object] = []
    monkeypatch.setattr(model_tagger, "_LOADED", {})
    monkeypatch.setattr("oncostruct.models.ner_inference.load_model_dir", lambda path, threads=None: seen.append(threads))
    assert ModelTaggerSettings().threads == 1
    model_tagger.ModelTagger(ModelTaggerSettings(model="deid")).model
    model_tagger.ModelTagger(ModelTaggerSettings(model="deid", threads=0)).model
    assert seen == [1, None]
