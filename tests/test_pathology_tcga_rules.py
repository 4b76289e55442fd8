"""TCGA pathology: block-weighted features (header, keywords), the stage groups stated pTNM allow,
and the stage decision that never contradicts them (a contradicting model guess goes to review)."""
from __future__ import annotations

import json

import numpy as np
import pytest

from oncostruct.engine.cdm import DocType, FieldStatus
from oncostruct.engine.review_gate import gate_field
from oncostruct.engine.settings import ReviewSettings
from oncostruct.models.tcga_labels import allowed_stages
from oncostruct.models.text_features import Featurizer, GramSpec, build_vocab, doc_grams, header_text


def test_gram_spec_blocks_weights_and_round_trip() -> None:
    spec = GramSpec(weights={"w": 1.0, "c": 1.0, "x": 1.0, "h": 2.0, "k": 1.0}, keywords={"rectum": r"\brect(?:um|al)\b"})
    assert GramSpec.from_json(json.loads(json.dumps(spec.to_json()))) == spec
    text = "DIAGNOSIS: Rectum, low anterior resection: adenocarcinoma. Gross: received fresh."
    grams = doc_grams(text, ["site_C20"], spec)
    assert grams["k:rectum"] == 1 and grams["h:rectum"] >= 1 and grams["x:site_C20"] == 1
    assert "Rectum, low anterior" in header_text(text)
    vocab, idf = build_vocab([grams], 1, min_df=1)
    idx, vals = Featurizer(vocab, idf, spec).transform(text, ["site_C20"])
    assert np.isclose(float(np.sum(vals ** 2)), 1.0, atol=1e-5)  # all five blocks present
    block_h = [v for i, v in zip(idx, vals) if vocab[i].startswith("h:")]
    block_w = [v for i, v in zip(idx, vals) if vocab[i][:2] in ("w:", "b:")]
    assert np.isclose(np.sum(np.square(block_h)), 4 * np.sum(np.square(block_w)), rtol=1e-4)


def test_default_spec_matches_the_three_block_layout() -> None:
    grams = doc_grams("Adenocarcinoma of the colon, pT3 N1.", ["site_C18"])
    assert {g.split(":")[0] for g in grams} == {"w", "b", "c", "x"}
    vocab, idf = build_vocab([grams], 1, min_df=1)
    _, vals = Featurizer(vocab, idf).transform("Adenocarcinoma of the colon, pT3 N1.", ["site_C18"])
    assert np.isclose(float(np.sum(vals ** 2)), 1.0, atol=1e-5)


@pytest.mark.parametrize("args, allowed", [
    (("COAD", "T3", "N1", "M0"), ["III"]),
    (("COAD", "T3", "N1", None), ["III", "IV"]),  # unstated M: M0 groups or IV
    (("READ", "T2", "N0", "M0"), ["I"]),
    (("KIRC", "T3", "N0", None), ["III", "IV"]),
    (("LUAD", "T2", "N0", "M0"), ["I", "II"]),
    (("BRCA", "T1", "N0", "M0"), ["I"]),
    (("BRCA", None, "N3", "M0"), ["III"]),
    (("PRAD", "T3", "N0", "M0"), None),  # no table for prostate (PSA, Gleason)
    (("PRAD", "T3", "N0", "M1"), ["IV"]),
    (("THCA", "T3", "N1", "M1"), None),  # age-dependent: left to the model
    (("TGCT", "T1", "N0", "M1"), None),
    (("COAD", None, None, None), None),
    (("STAD", "T1", "N3", None), ["II", "III", "IV"]),
    (("STAD", "T3", "N2", "M0"), ["III"]),
    (("HNSC", "T2", "N2", "M0"), ["IV"]),
])
def test_allowed_stage_groups(args, allowed) -> None:
    assert allowed_stages(*args) == allowed


def _decisions(stage: dict[str, float], n: str | None = "N1"):
    """Decisions as :func:`decide` builds them: COAD, an optional stated pN, a model-only stage."""
    from oncostruct.extractors.text.pathology_infer import Decision, constrain_stage

    ct = {"COAD": 0.9, "READ": 0.1}
    decisions = {"cancer_type": Decision("cancer_type", "COAD", ct, False, ct),
                 "ajcc_stage": Decision("ajcc_stage", max(stage, key=stage.get), dict(stage), False, dict(stage))}
    if n:
        decisions["n_stage"] = Decision("n_stage", n, {n: 1.0}, True, {n: 1.0})
    constrain_stage(decisions)
    return decisions


def test_stage_never_contradicts_stated_tnm_and_conflicts_go_to_review() -> None:
    from oncostruct.extractors.text.pathology_infer import inferred_fields

    d = _decisions({"I": 0.1, "II": 0.6, "III": 0.25, "IV": 0.05})
    stage = d["ajcc_stage"]
    assert stage.allowed == ["III", "IV"] and stage.best == "III"
    assert abs(sum(stage.proba.values()) - 1) < 1e-9 and stage.model_proba["II"] == 0.6
    fields, issues = inferred_fields(d, "m", "1")
    f = next(x for x in fields if x.name == "pathology.ajcc_stage")
    assert f.inferred and f.normalized == "III" and f.attributes["allowed_by_stated_tnm"] == ["III", "IV"]
    assert f.attributes["model_best"] == "II" and f.status is FieldStatus.needs_review
    assert any(i.code == "pathology.stage_tnm_conflict" for i in issues)
    # the review gate keeps the reason even above the threshold; a confident consistent guess is not flagged
    assert gate_field(f, ReviewSettings(min_confidence=0.5)).review_reason.startswith("the classifier's stage II")
    ok = _decisions({"I": 0.05, "II": 0.05, "III": 0.85, "IV": 0.05})
    fields, issues = inferred_fields(ok, "m", "1")
    f = next(x for x in fields if x.name == "pathology.ajcc_stage")
    assert f.status is FieldStatus.auto_accepted and not issues and "model_best" not in f.attributes


def test_written_stage_group_is_stated_and_a_clash_with_written_tnm_goes_to_review() -> None:
    """``STAGE IIA`` becomes a stated pathology.ajcc_stage with its span; it wins over the model, and when
    the written pTNM (colon pN1 allows III/IV) contradicts it, the stated field goes to review."""
    from oncostruct.extractors.base import ExtractionInput
    from oncostruct.extractors.text.pathology import PathologyExtractor
    from oncostruct.extractors.text.pathology_infer import decide, inferred_fields

    text = "Colon, sigmoid, resection: adenocarcinoma. PTNM CLASSIFICATION: T3, N1, MX, STAGE IIA. COMMENT: none."
    ex = PathologyExtractor().extract(ExtractionInput(text=text, doc_type=DocType.pathology, language="en"))
    stage = next(f for f in ex.fields if f.name == "pathology.ajcc_stage")
    assert stage.normalized == "IIA" and not stage.inferred
    assert text[stage.provenance[0].start:stage.provenance[0].end] == "IIA"
    assert PathologyExtractor().build_view(ex.fields).tnm.stage_group == "IIA"
    probs = {"cancer_type": {"COAD": 0.9, "READ": 0.1}, "ajcc_stage": {"I": 0.1, "II": 0.2, "III": 0.6, "IV": 0.1},
             "n_stage": {"N0": 0.5, "N1": 0.5}}
    d = decide(probs, ex.fields)
    assert d["ajcc_stage"].stated and d["ajcc_stage"].best == "II" and d["ajcc_stage"].allowed == ["III", "IV"]
    _, issues = inferred_fields(d, "m", "1", ex.fields)
    assert stage.status is FieldStatus.needs_review and any(i.code == "pathology.stage_tnm_conflict" for i in issues)
    consistent = text.replace("STAGE IIA", "STAGE IIIB")
    ex = PathologyExtractor().extract(ExtractionInput(text=consistent, doc_type=DocType.pathology, language="en"))
    d = decide(probs, ex.fields)
    _, issues = inferred_fields(d, "m", "1", ex.fields)
    assert d["ajcc_stage"].best == "III" and not issues


def test_stage_is_left_to_the_model_without_stated_tnm() -> None:
    d = _decisions({"I": 0.1, "II": 0.6, "III": 0.25, "IV": 0.05}, n=None)
    assert d["ajcc_stage"].allowed is None and d["ajcc_stage"].best == "II"


def test_bench_reports_the_tnm_rule_subset() -> None:
    from oncostruct.eval.pathology import score

    p_model = {"I": 0.1, "II": 0.6, "III": 0.25, "IV": 0.05}
    rows = [
        {"head": "ajcc_stage", "gold": "III", "best": "III", "stated": False, "allowed": ["III", "IV"],
         "proba": {"I": 0.01, "II": 0.06, "III": 0.88, "IV": 0.05}, "model_proba": p_model},
        {"head": "ajcc_stage", "gold": "IV", "best": "IV", "stated": False, "allowed": ["IV"],
         "proba": {"I": 0.01, "II": 0.06, "III": 0.03, "IV": 0.9}, "model_proba": p_model},
        {"head": "ajcc_stage", "gold": "I", "best": "II", "stated": False, "allowed": None,
         "proba": p_model, "model_proba": p_model},
    ]
    stage = score(rows, {"ajcc_stage": ["I", "II", "III", "IV"]})["ajcc_stage"]
    assert stage["tnm_rule"] == {"accuracy": 1.0, "n": 2, "coverage": 0.6667, "determined": 1, "model_only_accuracy": 0.0}
    assert stage["accuracy"] == pytest.approx(2 / 3, abs=1e-4) and stage["model_only"]["accuracy"] == 0.0


def test_head_block_weights_fold_into_the_exported_head() -> None:
    pytest.importorskip("sklearn")
    from oncostruct.training.train_pathology import column_scale, scaled, to_matrix

    full = GramSpec(weights={"w": 1.0, "c": 1.0, "x": 1.0, "k": 1.0}, keywords={"colon": r"\bcolon\b"})
    docs = ["Adenocarcinoma of the colon, pT3 N1.", "Invasive ductal carcinoma of the breast."]
    grams = [doc_grams(d, ["site_C18"], full) for d in docs]
    vocab, idf = build_vocab(grams, 2, min_df=1)
    fz = Featurizer(vocab, idf, full)
    scale = column_scale(fz, {"w": 1.0, "c": 1.0, "x": 1.0})
    assert all(scale[i] == 0 for i, g in enumerate(vocab) if g.startswith("k:"))
    three = Featurizer(vocab, idf, GramSpec())  # the same vocabulary scaled as three equal blocks
    assert np.allclose(scaled(to_matrix(fz, grams), scale).toarray(), to_matrix(three, grams).toarray(), atol=1e-6)
    assert column_scale(fz, None) is None


def test_cross_word_character_block() -> None:
    grams = doc_grams("Rectal cancer", spec=GramSpec(weights={"w": 1.0, "c": 1.0, "a": 1.0}))
    assert grams["a:al c"] == 1 and grams["a:tal ca"] == 1 and not any(g.startswith("a: ") for g in grams)


def test_released_model_end_to_end_stated_inferred_and_review() -> None:
    """The released classifier through the whole pipeline: stated pT keeps its span, unstated values are
    ``inferred`` with probabilities, and an inferred value under the threshold goes to review."""
    from oncostruct.engine.pipeline import Pipeline
    from oncostruct.engine.settings import Settings
    from oncostruct.models.registry import model_path

    try:
        model_path("tcga_pathology")
    except Exception:  # weights not installed
        pytest.skip("tcga_pathology weights not installed")
    text = ("FINAL DIAGNOSIS: Colon, sigmoid, resection: invasive adenocarcinoma, moderately differentiated, "
            "4.0 cm, invading through the muscularis propria into pericolic fat. 3 of 15 lymph nodes positive. "
            "Pathologic stage: pT3 pN1b.")
    pipe = Pipeline(Settings())  # default review threshold 0.80
    rec = pipe.extract_text(text, doc_type="pathology", language="en")
    by = {f.name: f for f in rec.fields}
    t = by["pathology.pT"]
    assert not t.inferred and text[t.provenance[0].start:t.provenance[0].end] == "pT3"
    for name in ("pathology.cancer_type", "pathology.ajcc_stage"):
        f = by[name]
        assert f.inferred and f.value is None and not f.provenance and f.attributes["probabilities"]
        assert f.confidence == pytest.approx(max(f.attributes["probabilities"].values()), abs=1e-4)
        assert (f.status is FieldStatus.needs_review) == (f.confidence < 0.8 or "model_best" in f.attributes)
    vague = pipe.extract_text("Soft tissue mass, excision: malignant neoplasm, 2 cm. See comment.",
                              doc_type="pathology", language="en")
    ct = next(f for f in vague.fields if f.name == "pathology.cancer_type")
    assert ct.inferred and ct.confidence < 0.8 and ct.status is FieldStatus.needs_review
    assert by["pathology.cancer_type"].normalized in {"COAD", "READ"}
    stage = by["pathology.ajcc_stage"]  # colon pN1, M unstated: III or IV, never I/II
    assert set(stage.attributes["allowed_by_stated_tnm"]) == {"III", "IV"} and stage.normalized in {"III", "IV"}
