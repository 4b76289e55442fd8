"""Augmented copies of PHI training documents (issue 18, branch deidtagger14): values swapped within their category,
script and shape, offsets recomputed, cue labels varied, values spaced; copies stay on their original's side of the
train/dev split."""
from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from oncostruct.training.deid_augment import (AugmentOptions, _Relabeller, augment_row, augmented, script, shape, spaced,
                                              value_pools)
from oncostruct.training.deid_data import write_training_file
from oncostruct.training.splits import COPY_MARK, split_train_dev


def _row(ident: str, text: str, values: list[tuple[str, str]]) -> dict[str, object]:
    """A span row with each (value, label) at every occurrence in ``text`` not inside an earlier value's."""
    entities: list[dict[str, object]] = []
    for value, label in values:
        at = text.find(value)
        while at >= 0:
            if not any(e["start"] <= at < e["end"] for e in entities):
                entities.append({"start": at, "end": at + len(value), "label": label})
            at = text.find(value, at + len(value))
    return {"id": ident, "text": text, "entities": sorted(entities, key=lambda e: e["start"])}


ROWS = [
    _row("a", "姓名：柯青禾 住院号：QX5518203\n柯医生查房。柯青禾诉乏力。", [("柯青禾", "NAME"), ("柯", "NAME"),
                                                                   ("QX5518203", "RECORD_NUMBER")]),
    _row("b", "姓名：滕望舒 住院号：HB7730419 邮箱：tws_77@mailbox.test\n滕护士随访。", [
        ("滕望舒", "NAME"), ("滕", "NAME"), ("HB7730419", "RECORD_NUMBER"), ("tws_77@mailbox.test", "CONTACT")]),
    _row("c", "Patient Name: Orla Penhallow  MRN: 40917733  Email: orla.p@mailbox.test\nSeen by Dr. Quill.", [
        ("Orla Penhallow", "NAME"), ("40917733", "RECORD_NUMBER"), ("orla.p@mailbox.test", "CONTACT"),
        ("Quill", "NAME")]),
    _row("d", "Name: Tobin Ashgrove  MRN: 55120964  Portal: https://portal.clinic.test/u/8812", [
        ("Tobin Ashgrove", "NAME"), ("55120964", "RECORD_NUMBER"), ("https://portal.clinic.test/u/8812", "CONTACT")]),
]
NO_SPACES = AugmentOptions(synonyms=0.0, spaces=0.0)


def _values(row: dict[str, object]) -> list[tuple[str, str]]:
    text = str(row["text"])
    return [(text[e["start"]:e["end"]], e["label"]) for e in row["entities"]]  # type: ignore[union-attr]


def test_every_span_holds_a_value_of_its_category_script_and_shape() -> None:
    pools = value_pools(ROWS)
    copies = list(augmented(ROWS, AugmentOptions(copies=3, synonyms=0.0, spaces=0.0)))
    assert any(_values(c) != _values(ROWS[i % len(ROWS)]) for i, c in enumerate(copies))
    for i, copy in enumerate(copies):
        for (new, label), (old, old_label) in zip(_values(copy), _values(ROWS[i % len(ROWS)]), strict=True):
            assert label == old_label and (script(new), shape(new)) == (script(old), shape(old))
            assert new in pools[(label, script(new), shape(new))]


def test_a_recurring_value_gets_one_substitute_and_a_surname_stays_one_character() -> None:
    for seed in range(6):
        copy = augment_row(ROWS[0], value_pools(ROWS), random.Random(seed), NO_SPACES, _Relabeller([]))
        names = [v for v, label in _values(copy) if label == "NAME"]
        assert len(names) == 3
        full = [n for n in names if len(n) > 1]
        assert len(full) == 2 and full[0] == full[1]
        assert [len(n) for n in names].count(1) == 1


def test_the_text_outside_the_values_is_kept_without_synonyms_or_spaces() -> None:
    copy = next(augmented(ROWS[2:3] + ROWS[3:], NO_SPACES))
    text = str(copy["text"])
    for e in sorted(copy["entities"], key=lambda e: -e["start"]):  # type: ignore[union-attr]
        text = text[:e["start"]] + "#" + text[e["end"]:]
    assert text == "Patient Name: #  MRN: #  Email: #\nSeen by Dr. #."


def test_swap_off_keeps_the_values() -> None:
    copy = augment_row(ROWS[1], value_pools(ROWS), random.Random(1), AugmentOptions(swap=False, synonyms=0.0,
                                                                                      spaces=0.0), _Relabeller([]))
    assert copy["text"] == ROWS[1]["text"] and copy["entities"] == ROWS[1]["entities"]


def test_a_cue_label_before_a_colon_is_varied_and_nothing_else() -> None:
    relabel = _Relabeller([["住院号", "病案号"], ["MRN", "Medical Record Number"], ["Name", "Pt Name"]])
    rng = random.Random(0)
    assert relabel("住院号：QX1 住院号码", rng, 1.0) == "病案号：QX1 住院号码"
    assert relabel("MRN: 1, Names, MRNs", rng, 1.0) == "Medical Record Number: 1, Names, MRNs"
    assert relabel("Surname: X", rng, 1.0) == "Surname: X"   # no label inside a word
    assert relabel("住院号：QX1", rng, 0.0) == "住院号：QX1"


def test_relabelled_copy_keeps_its_values_under_their_spans() -> None:
    copy = augment_row(ROWS[0], value_pools(ROWS), random.Random(3), AugmentOptions(swap=False, synonyms=1.0,
                                                                                      spaces=0.0),
                       _Relabeller([["姓名", "患者姓名"], ["住院号", "病案号"]]))
    assert str(copy["text"]).startswith("患者姓名：柯青禾 病案号：QX5518203")
    assert _values(copy) == _values(ROWS[0])


@pytest.mark.parametrize(("value", "label", "shape"), [
    ("13800138000", "PHONE", r"(\d{3,4} )+\d{3,5}"), ("QX5518203", "RECORD_NUMBER", "QX5518203"),
    ("柯青禾", "NAME", "柯 青 禾"), ("Orla Penhallow", "NAME", "Orla Penhallow"), ("20240105", "DATE", "20240105")])
def test_spaced_values(value: str, label: str, shape: str) -> None:
    import re

    got = spaced(value, label, random.Random(2))
    assert re.fullmatch(shape, got) and got.replace(" ", "") == value.replace(" ", "")


def test_augmentation_is_seeded() -> None:
    opts = AugmentOptions(copies=2, seed=7, synonyms=0.5, spaces=0.5)
    assert list(augmented(ROWS, opts)) == list(augmented(ROWS, opts))
    assert list(augmented(ROWS, opts)) != list(augmented(ROWS, AugmentOptions(copies=2, seed=8, synonyms=0.5,
                                                                               spaces=0.5)))


def test_copies_follow_their_original_and_never_enter_dev() -> None:
    rows = [{"id": f"d{i}"} for i in range(300)]
    copies = [{"id": f"d{i}{COPY_MARK}a0"} for i in range(300)]
    train, dev = split_train_dev(rows + copies)
    dev_ids = {r["id"] for r in dev}
    assert dev_ids and all(COPY_MARK not in i for i in dev_ids)
    assert all(r["id"].split(COPY_MARK)[0] not in dev_ids for r in train)
    assert len(train) == 600 - 2 * len(dev)


def test_training_file_with_copies(tmp_path: Path) -> None:
    src = tmp_path / "phi.jsonl"
    src.write_text("".join(json.dumps({"doc_id": r["id"], "text": r["text"],
                                       "phi": [{"start": e["start"], "end": e["end"], "category": e["label"]}
                                               for e in r["entities"]]}, ensure_ascii=False) + "\n"
                           for r in ROWS), encoding="utf-8")
    out = tmp_path / "train.jsonl"
    assert write_training_file(out, [src], AugmentOptions(copies=2)) == 12
    recs = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in recs[:4]] == ["s0-a", "s0-b", "s0-c", "s0-d"]
    assert recs[4]["id"] == f"s0-a{COPY_MARK}a0" and recs[-1]["id"] == f"s0-d{COPY_MARK}a1"
    for r in recs:
        assert all(0 <= e["start"] < e["end"] <= len(r["text"]) for e in r["entities"])
    assert write_training_file(out, [src]) == 4


def test_stop_minutes_cuts_the_epoch_under_way(tmp_path: Path) -> None:
    pytest.importorskip("torch")
    from oncostruct.training.config import NerTrainConfig
    from oncostruct.training.train_ner import train

    data = tmp_path / "train.jsonl"
    data.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for k in range(20) for r in
                            [{**row, "id": f"{row['id']}{k}"} for row in ROWS]), encoding="utf-8")
    cfg = NerTrainConfig.model_validate({
        "name": "t", "data": {"train": str(data), "max_len": 64},
        "model": {"kind": "crf", "labels": ["NAME", "RECORD_NUMBER", "CONTACT"], "emb_dim": 8, "hidden": 8,
                  "layers": 1, "lac_init": False},
        "train": {"epochs": 5, "batch_size": 2, "threads": 1, "stop_minutes": 1e-9},
        "export": {"out_dir": str(tmp_path / "w")}})
    got = train(cfg, export=False)
    assert [row["epoch"] for row in got["history"]] == [1]
