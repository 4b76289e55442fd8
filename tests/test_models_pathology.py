"""TCGA report classifier: features, label collapsing, a tiny trained model, export and reload,
and stated-versus-inferred fields in the extractor and the Record."""
from __future__ import annotations

import json
import random
from pathlib import Path

import numpy as np
import pytest

from oncostruct.engine.cdm import DocType, FieldStatus, Record
from oncostruct.engine.review_gate import gate_field
from oncostruct.engine.settings import ReviewSettings
from oncostruct.extractors.base import ExtractionInput
from oncostruct.models.tcga_classifier import load_dir, softmax
from oncostruct.models.tcga_labels import collapse
from oncostruct.models.text_features import Featurizer, GramSpec, build_vocab, doc_grams, tumour_context_hits

pytest.importorskip("sklearn")

from oncostruct.training.train_pathology import PathologyTrainConfig, fit_temperature, train  # noqa: E402

_ORGANS = {
    "BRCA": ["breast", "mastectomy", "ductal", "axillary"],
    "COAD": ["colon", "sigmoid", "colectomy", "pericolic"],
    "LUAD": ["lung", "lobectomy", "bronchial", "pleura"],
}
_T = {"T1": "small tumor confined", "T2": "tumor invades muscularis", "T3": "tumor extends through wall",
      "T4": "tumor perforates serosa"}


def _synthetic(n: int, seed: int = 0) -> list[dict]:
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        ct = rng.choice(sorted(_ORGANS))
        t = rng.choice(sorted(_T))
        words = _ORGANS[ct] + _T[t].split() + rng.sample(["received", "fresh", "labeled", "specimen", "sections"], 3)
        rng.shuffle(words)
        text = "FINAL DIAGNOSIS: " + " ".join(words) + "."
        if i % 3 == 0:
            text += f" Pathologic stage p{t}a N0."
        rows.append({"id": f"SYN-{i:03d}", "text": text, "cancer_type": ct, "t_stage": t + "a", "n_stage": "N0" if i % 2 else "N1",
                     "m_stage": None, "ajcc_stage": "Stage II" if i % 2 else "Stage IIIA"})
    return rows


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("tcga")
    data = root / "train.jsonl"
    data.write_text("\n".join(json.dumps(r) for r in _synthetic(90)) + "\n", encoding="utf-8")
    cfg = PathologyTrainConfig.model_validate({
        "name": "tiny", "data": {"train": str(data)}, "features": {"rule_tokens": False, "min_df": 1},
        "model": {"C": {"cancer_type": 10.0}, "max_iter": 200}, "train": {"cv_folds": 2},
        "export": {"out_dir": str(root / "tiny")}})
    train(cfg, log=lambda *_: None)
    return root / "tiny"


def test_collapse_rules() -> None:
    assert collapse("t_stage", "T2a") == "T2" and collapse("t_stage", "T1b1") == "T1"
    assert collapse("t_stage", "TX") is None and collapse("t_stage", "Tis") is None and collapse("t_stage", "T0") is None
    assert collapse("n_stage", "N3a") == "N3" and collapse("n_stage", "NX") is None and collapse("n_stage", "pNO") == "N0"
    assert collapse("m_stage", "M1a") == "M1" and collapse("m_stage", "MX") is None
    assert collapse("ajcc_stage", "Stage IIIB") == "III" and collapse("ajcc_stage", "Stage IV") == "IV"
    assert collapse("ajcc_stage", "Stage I") == "I" and collapse("ajcc_stage", "Stage X") is None
    assert collapse("cancer_type", "brca") == "BRCA" and collapse("t_stage", None) is None


def test_featurizer_blocks_are_normalised_and_deterministic() -> None:
    docs = ["Invasive ductal carcinoma of the breast, pT2 N0.", "Adenocarcinoma of the colon, pT3 N1."]
    grams = [doc_grams(d, ["site_C50"]) for d in docs]
    vocab, idf = build_vocab(grams, len(grams), min_df=1)
    fz = Featurizer(vocab, idf)
    idx, vals = fz.transform(docs[0], ["site_C50"])
    assert len(set(idx.tolist())) == len(idx)
    assert np.isclose(float(np.sum(vals ** 2)), 1.0, atol=1e-5)  # three blocks, each 1/3 of the squared norm
    assert "w:pt2" in vocab and "b:pt2 n0" in vocab and "x:site_C50" in vocab and "c: pt" in vocab
    idx2, vals2 = Featurizer(vocab, idf).transform(docs[0], ["site_C50"])
    assert idx.tolist() == idx2.tolist() and np.allclose(vals, vals2)


_CUES = {"cervix": r"\bcervi(?:x|cal)\b", "endometrium": r"endometri", "squamous": "squamous", "ovary": r"\bovar(?:y|ian)\b"}


def test_tumour_context_keeps_the_cues_of_the_malignant_sentence() -> None:
    text = ("DIAGNOSIS: A. UTERUS, CERVIX, RADICAL HYSTERECTOMY: SQUAMOUS CELL CARCINOMA, 2.5 CM. "
            + "Sections were examined microscopically and the findings are described in detail below. " * 3
            + "B. OVARY, RIGHT: NEGATIVE FOR CARCINOMA. C. ENDOMETRIUM: no carcinoma identified.")
    hits = tumour_context_hits(text, _CUES)
    assert hits == {"o:cervix": 1, "o:squamous": 1}  # the negated mentions add nothing
    assert tumour_context_hits("Ovary, left: serous carcinoma. Cervix: benign.", _CUES)["o:ovary"] == 1
    assert tumour_context_hits("Cervix: no evidence of malignancy.", _CUES) == {}
    with_block = doc_grams(text, (), GramSpec(weights={"w": 1.0, "k": 1.0, "o": 1.0}, keywords=_CUES))
    without = doc_grams(text, (), GramSpec(weights={"w": 1.0, "k": 1.0}, keywords=_CUES))
    assert with_block["o:cervix"] == 1 and "o:cervix" not in without
    assert with_block["k:endometrium"] == without["k:endometrium"] == 1  # k counts every mention


def test_balanced_head_with_keyword_blocks_trains_and_reloads(tmp_path: Path) -> None:
    data = tmp_path / "train.jsonl"
    data.write_text("\n".join(json.dumps(r) for r in _synthetic(60, seed=5)) + "\n", encoding="utf-8")
    cfg = PathologyTrainConfig.model_validate({
        "name": "kw", "data": {"train": str(data)},
        "features": {"rule_tokens": False, "min_df": 1, "weights": {"w": 1.0, "c": 1.0, "k": 1.0, "o": 1.0},
                     "keywords": {"colon": "colon|sigmoid", "breast": "breast|ductal"},
                     "head_weights": {"t_stage": {"w": 1.0, "c": 1.0}}},
        "model": {"kind": {"cancer_type": "svm"}, "balanced": ["cancer_type"], "max_iter": 200},
        "train": {"cv_folds": 2}, "export": {"out_dir": str(tmp_path / "kw")}})
    train(cfg, log=lambda *_: None)
    manifest = json.loads((tmp_path / "kw" / "manifest.json").read_text())
    assert manifest["metrics"]["cancer_type"]["class_weight"] == "balanced"
    assert manifest["metrics"]["t_stage"]["class_weight"] is None
    assert manifest["features"]["gram_spec"]["weights"]["o"] == 1.0
    clf = load_dir(tmp_path / "kw")
    assert "k:colon" in clf.featurizer.index
    probs = clf.predict("Sigmoid colon, colectomy: adenocarcinoma extends through wall.")["cancer_type"]
    assert max(probs, key=probs.get) == "COAD"


def test_temperature_fit_softens_overconfident_logits() -> None:
    rng = np.random.default_rng(0)
    gold = rng.integers(0, 3, 300)
    logits = rng.normal(size=(300, 3))
    logits[np.arange(300), gold] += 1.0
    t = fit_temperature(logits * 10, gold)  # ten times too sharp
    assert 5 < t < 20
    nll = lambda z: -np.mean(np.log(softmax(z)[np.arange(300), gold]))  # noqa: E731
    assert nll(logits * 10 / t) < nll(logits * 10)


def test_tiny_model_trains_exports_and_reloads(tiny_model: Path) -> None:
    manifest = json.loads((tiny_model / "manifest.json").read_text())
    assert set(manifest["heads"]) == {"cancer_type", "t_stage", "n_stage", "ajcc_stage"}  # no M labels at all
    assert manifest["heads"]["t_stage"]["classes"] == ["T1", "T2", "T3", "T4"]
    for name, meta in manifest["files"].items():
        assert len(meta["sha256"]) == 64 and meta["bytes"] == (tiny_model / name).stat().st_size
    assert manifest["metrics"]["cancer_type"]["cv"]["accuracy"] > 0.9
    assert not list(tiny_model.glob("*.pkl"))
    assert load_dir(tiny_model).uses_rule_tokens is False
    clf = load_dir(tiny_model)
    probs = clf.predict("Right colon, colectomy: tumor extends through wall into pericolic fat.")
    assert max(probs["cancer_type"], key=probs["cancer_type"].get) == "COAD"
    assert max(probs["t_stage"], key=probs["t_stage"].get) == "T3"
    for p in probs.values():
        assert abs(sum(p.values()) - 1.0) < 1e-5


def test_stated_and_inferred_values_are_kept_apart(tiny_model: Path) -> None:
    from oncostruct.extractors.text.pathology_infer import PathologyTcgaExtractor

    text = "FINAL DIAGNOSIS: Left breast, mastectomy: invasive ductal carcinoma, 2.5 cm. Pathologic stage: pT2 pN0."
    ex, decisions = PathologyTcgaExtractor(model=str(tiny_model)).analyse(
        ExtractionInput(text=text, doc_type=DocType.pathology, language="en"))
    by = {}
    for f in ex.fields:
        by.setdefault(f.name, []).append(f)
    stated_t = by["pathology.pT"][0]
    assert not stated_t.inferred and stated_t.source.kind == "rule"
    sp = stated_t.provenance[0]
    assert text[sp.start:sp.end] == sp.text == "pT2"
    model_p = stated_t.attributes["model_probabilities"]
    assert set(model_p) <= {"T1", "T2", "T3", "T4"} and abs(sum(model_p.values()) - 1) < 0.01
    assert decisions["t_stage"].stated and decisions["t_stage"].best == "T2"
    assert len(by["pathology.pT"]) == 1 and len(by["pathology.pN"]) == 1  # nothing inferred over a statement
    cancer = by["pathology.cancer_type"][0]
    assert cancer.inferred and cancer.source.kind == "model" and not cancer.provenance and cancer.value is None
    assert cancer.normalized == "BRCA" and cancer.code.system == "TCGA"
    assert cancer.confidence == pytest.approx(max(cancer.attributes["probabilities"].values()), abs=1e-4)
    stage = by["pathology.ajcc_stage"][0]
    assert stage.inferred and stage.normalized in {"II", "III"} and not decisions["ajcc_stage"].stated
    # a low-confidence inferred value goes to review, a stated one at the rule's reliability does not
    low = stage.model_copy(update={"confidence": 0.55})
    assert gate_field(low, ReviewSettings(min_confidence=0.8)).status is FieldStatus.needs_review
    assert gate_field(stated_t, ReviewSettings(min_confidence=0.8)).status is FieldStatus.auto_accepted
    Record.model_json_schema()  # fields remain valid CDM fields
    for f in ex.fields:
        type(f).model_validate(f.model_dump())


def test_unstated_axis_is_inferred_with_probabilities(tiny_model: Path) -> None:
    from oncostruct.extractors.text.pathology_infer import PathologyTcgaExtractor

    text = "Sigmoid colon, colectomy: adenocarcinoma; tumor perforates serosa. Nodes negative."
    ex = PathologyTcgaExtractor(model=str(tiny_model)).extract(ExtractionInput(text=text, doc_type=DocType.pathology, language="en"))
    t = next(f for f in ex.fields if f.name == "pathology.pT")
    assert t.inferred and t.normalized == {"prefix": None, "category": "T4"} and t.value is None
    assert list(t.attributes["probabilities"]) [0] == "T4"
    assert t.confidence == max(t.attributes["probabilities"].values())


def test_chinese_reports_get_no_model_fields(tiny_model: Path) -> None:
    from oncostruct.extractors.text.pathology_infer import PathologyTcgaExtractor

    ex = PathologyTcgaExtractor(model=str(tiny_model)).extract(
        ExtractionInput(text="（直肠）腺癌，pT3N0M0。", doc_type=DocType.pathology, language="zh"))
    assert not any(f.inferred for f in ex.fields)


def test_axis_stated_as_unknown_keeps_its_statement(tiny_model: Path) -> None:
    from oncostruct.extractors.text.pathology_infer import PathologyTcgaExtractor

    text = "Sigmoid colon, colectomy: adenocarcinoma; tumor perforates serosa. pT4a pNX."
    ex, decisions = PathologyTcgaExtractor(model=str(tiny_model)).analyse(
        ExtractionInput(text=text, doc_type=DocType.pathology, language="en"))
    n_fields = [f for f in ex.fields if f.name == "pathology.pN"]
    assert len(n_fields) == 1 and n_fields[0].normalized["category"] == "NX" and not n_fields[0].inferred
    assert n_fields[0].attributes["model_best"] in {"N0", "N1"}
    assert not decisions["n_stage"].stated  # the bench scores the model's guess here


def _tiny_config(root: Path, data: Path, out: str, fit_on: str) -> PathologyTrainConfig:
    return PathologyTrainConfig.model_validate({
        "name": out, "data": {"train": str(data)}, "features": {"rule_tokens": False, "min_df": 1},
        "model": {"max_iter": 200}, "train": {"cv_folds": 2, "fit_on": fit_on}, "export": {"out_dir": str(root / out)}})


def test_release_refit_records_what_it_has_seen(tmp_path: Path) -> None:
    """fit_on=all refits on every record (dev included) and lists their id digests; the bench then
    counts the evaluation records the model has seen, while a train-part fit has seen no dev record."""
    from oncostruct.eval.pathology import run
    from oncostruct.training.splits import split_train_dev

    rows = _synthetic(90, seed=3)
    data = tmp_path / "train.jsonl"
    data.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    _, dev = split_train_dev(rows)
    dev_file = tmp_path / "dev.jsonl"
    dev_file.write_text("\n".join(json.dumps(r) for r in dev) + "\n", encoding="utf-8")
    for fit_on in ("train_part", "all"):
        train(_tiny_config(tmp_path, data, fit_on, fit_on), log=lambda *_: None)
    part, full = load_dir(tmp_path / "train_part"), load_dir(tmp_path / "all")
    assert len(full.training_ids) == 90 and len(part.training_ids) == 90 - len(dev)
    assert all(full.has_seen(r["id"]) for r in dev) and not any(part.has_seen(r["id"]) for r in dev)
    manifest = json.loads((tmp_path / "all" / "manifest.json").read_text())
    assert manifest["data"]["fit_on"] == "all" and manifest["data"]["n_fit"] == 90
    assert "cv_all" in manifest["metrics"]["cancer_type"] and "dev_model_only" in manifest["metrics"]["cancer_type"]
    assert "training_ids.json" in manifest["files"]
    assert not any(r["id"] in (tmp_path / "all" / "training_ids.json").read_text() for r in rows)
    assert run(dev_file, str(tmp_path / "all"))["seen_in_training"] == len(dev)
    part_run = run(dev_file, str(tmp_path / "train_part"))
    assert part_run["seen_in_training"] == 0 and part_run["primary_site"]["n"] == len(dev)
    from oncostruct.engine.errors import ConfigError
    from oncostruct.eval.calibration import tcga_items

    assert len(tcga_items(tmp_path / "train_part", data)["cancer_type"][0]) == len(dev)
    with pytest.raises(ConfigError, match="no held-out calibration data"):
        tcga_items(tmp_path / "all", data)
