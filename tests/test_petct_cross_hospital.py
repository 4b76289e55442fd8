"""Conclusion-first reports without a tab, history and post-operative primaries (synthetic reports written here)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from oncostruct.engine.cdm import DocType, FieldStatus
from oncostruct.extractors.base import ExtractionInput
from oncostruct.extractors.text.petct import PetctExtractor
from oncostruct.extractors.text.petct_sections import split_sections

# Conclusion first, then the same clinical header opens the findings; no tab, no numbers.
REPEATED_HEADER = (
    "胃癌化疗后复查，与2020-01-02片对比： 胃窦壁增厚较前减轻。 肝内多发转移瘤，较前缩小。 左肾小囊肿。"
    "胃癌化疗后复查，与2020-01-02片对比： 胃窦部胃壁不均匀增厚，最厚约12mm，增强扫描不均匀强化。"
    "肝内见多发低密度结节，大者约20mm×18mm，环形强化。左肾见小囊性灶。"
)
# Conclusion first, then a comparison header inside the text opens the findings.
COMPARISON_INSIDE = (
    "两肺多发转移。腹膜后多发肿大淋巴结，考虑转移。左乳术后改变。与2019-05-06胸部CT比较：    "
    "两肺见散在多发结节，大者约15x12mm。腹膜后见多发肿大淋巴结。左乳缺如。"
)
# Post-operative follow-up: the resected primary, no recurrence; and the same with recurrence.
POSTOP = "左肺癌切除术后复查，与2021-03-04片对比： 左肺术后改变，未见复发征象。 肝囊肿。左肺癌切除术后复查，与2021-03-04片对比： 左肺下叶缺如，残肺膨胀良好。肝内见小囊性灶。"
RECURRENCE = "右乳癌术后局部复发，右侧胸壁见软组织结节，大小约18mm×12mm，考虑复发。"


def _extract(text: str):
    ext = PetctExtractor()
    fields = ext.extract(ExtractionInput(text=text, doc_type=DocType.petct, language="zh")).fields
    return fields, ext.build_view(fields)


def test_repeated_header_splits_conclusion_first() -> None:
    secs = split_sections(REPEATED_HEADER)
    assert [s.name for s in secs] == ["conclusion", "findings"]
    assert REPEATED_HEADER[secs[1].start:].startswith("胃癌化疗后复查")
    assert "肝内多发转移瘤" in REPEATED_HEADER[secs[0].start:secs[0].end]


def test_comparison_header_opens_findings() -> None:
    secs = split_sections(COMPARISON_INSIDE)
    assert [s.name for s in secs] == ["conclusion", "findings"]
    assert COMPARISON_INSIDE[secs[1].start:].startswith("与2019-05-06胸部CT比较")


def test_history_primary_keeps_site_and_sends_size_to_review() -> None:
    fields, view = _extract(REPEATED_HEADER)
    assert view.primary_site == ["胃"]
    sizes = [f for f in fields if f.name.startswith("imaging.primary_size[")]
    assert [f.value for f in sizes] == ["12mm"]
    for f in sizes:
        assert f.status is FieldStatus.needs_review and f.review_reason
        assert f.confidence < 0.8


def test_postoperative_primary_is_marked_not_current() -> None:
    fields, view = _extract(POSTOP)
    site = [f for f in fields if f.name.startswith("imaging.primary_site[")]
    assert view.primary_site == ["左肺"]  # as the annotators list it
    assert site[0].attributes == {"context": "post_operative", "current": False}
    assert view.primary_size == []


def test_recurrence_keeps_a_current_primary() -> None:
    fields, _ = _extract(RECURRENCE)
    site = [f for f in fields if f.name.startswith("imaging.primary_site[")]
    assert site and site[0].attributes.get("current", True) is True


def test_lymph_node_list_with_infraclavicular_region_stays_whole() -> None:
    text = "两侧锁骨下区、纵隔多发淋巴结，考虑转移。两侧锁骨下区见多发淋巴结，大者短径8mm。"
    _, view = _extract(text)
    assert view.metastasis_sites == ["两侧锁骨下区、纵隔多发淋巴结"]


def _record(i: int, part: str) -> dict:
    return {"id": f"tumour-train-{part}-{i:04d}", "text": "右肺癌。右肺上叶见肿块，大小约20mm×15mm。",
            "primary_site": ["右肺上叶"], "primary_size": [], "metastasis_sites": []}


def test_folds_fixed_and_balanced() -> None:
    from oncostruct.eval.tumour_cv import assign_folds, fold_split

    recs = [_record(i, "a") for i in range(7)] + [_record(i, "b") for i in range(100)]
    folds = assign_folds(recs)
    assert len(folds) == 100 and sorted(set(folds.values())) == [1, 2, 3, 4, 5]
    assert all(list(folds.values()).count(k) == 20 for k in range(1, 6))
    assert assign_folds(list(reversed(recs))) == folds  # independent of file order
    train, test = fold_split(recs, 3)
    assert len(test) == 20 and len(train) == 7 + 80
    assert not {r["id"] for r in train} & {r["id"] for r in test}


def test_bench_b_cv_protocol(tmp_path: Path) -> None:
    from oncostruct.eval.tumour import run

    data = tmp_path / "t.jsonl"
    data.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n"
                            for r in [_record(i, "a") for i in range(3)] + [_record(i, "b") for i in range(10)]),
                    encoding="utf-8")
    out = run(data, None, protocol="b-cv")
    assert out["pooled"]["n"] == 10 and out["held_out"]["n"] + out["tune_folds"]["n"] == 10
    assert out["held_out"]["folds"] == [3, 4, 5]
    assert out["pooled"]["per_field"]["primary_site"]["n_gold"] == 10


def test_unknown_protocol_is_a_clear_error(tmp_path: Path) -> None:
    from oncostruct.engine.errors import ConfigError
    from oncostruct.eval.tumour import run

    data = tmp_path / "t.jsonl"
    data.write_text(json.dumps(_record(0, "b")) + "\n", encoding="utf-8")
    with pytest.raises(ConfigError):
        run(data, None, protocol="random")


@pytest.mark.parametrize(("text", "expected"), [
    ("两侧锁骨下、纵隔、左侧膈下多发肿大淋巴结，考虑转移。", ["两侧锁骨下、纵隔、左侧膈下多发肿大淋巴结"]),
    ("右侧颈根部、锁骨区转移淋巴结较前缩小。", ["右侧颈根部、锁骨区转移淋巴结"]),
    ("胸骨、胸椎、腰椎骨转移瘤，较前相仿。", ["胸骨", "胸椎", "腰椎"]),
    # a position word after the organ stays in the value
    ("肝内多发转移瘤，较前增多、增大。", ["肝内"]),
    ("脑内多发结节，考虑转移。", ["脑内"]),
    # the sites of a 转移 cue four clauses later in the same sentence
    ("腹膜后多发淋巴结，部分轻度肿大，较大者短径约17mm，较前增大，考虑转移。", ["腹膜后多发淋巴结"]),
    # ... but not across a sentence end
    ("腹膜后淋巴结稍大。较前增大，考虑转移。", []),
])
def test_metastasis_lists(text: str, expected: list[str]) -> None:
    _, view = _extract(text)
    assert view.metastasis_sites == expected


def test_carcinomatous_lymphangitis_is_no_primary() -> None:
    _, view = _extract("左肺下叶网格状改变，炎性病变或癌性淋巴管炎待鉴别。")
    assert view.primary_site == []


def test_upper_bound_size_is_no_primary_size() -> None:
    _, view = _extract("1.右肺癌治疗后，较前缩小。\t右肺见多个类结节灶，边缘模糊，大者直径不足0.5CM。")
    assert view.primary_site == ["右肺"]
    assert view.primary_size == []


def test_cli_bench_protocol_option(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from oncostruct.eval.cli import bench

    data = tmp_path / "t.jsonl"
    data.write_text("".join(json.dumps(_record(i, "b"), ensure_ascii=False) + "\n" for i in range(10)), encoding="utf-8")
    out = tmp_path / "r.json"
    res = CliRunner().invoke(bench, ["tumour", "--data", str(data), "--protocol", "b-cv", "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert json.loads(out.read_text(encoding="utf-8"))["protocol"] == "part-b 5-fold"
