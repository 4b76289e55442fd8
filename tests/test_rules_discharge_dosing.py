"""Dose, frequency, route and schedule rules; canonical values come from the rule ids."""
from __future__ import annotations

import pytest

from oncostruct.extractors.rules import load_pack


@pytest.fixture(scope="module")
def pack():
    return load_pack("discharge_dosing")


def _canon(pack, text, label):
    return [h.rule_id.split(".", 1)[1] for h in pack.find(text, None, [label])]


def test_every_frequency_and_route_rule_names_its_canonical_value(pack):
    for rule in pack.rules:
        if rule.label in ("frequency", "route"):
            prefix, _, canonical = rule.id.partition(".")
            assert prefix in ("freq", "route") and canonical


@pytest.mark.parametrize(
    "text, expected",
    [("口服 每日一次 (qd)", ["qd", "qd"]), ("1000mg bid d1-14", ["bid"]), ("每日两次", ["bid"]), ("3次/日", ["tid"]),
     ("500mg/m2 d1 q3w", ["q3w"]), ("每21天1次", ["q3w"]), ("每4周一次", ["q4w"]), ("twice daily", ["bid"]),
     ("every 12 hours as needed", ["q12h", "prn"]), ("qod", ["qod"])],
)
def test_frequencies(pack, text, expected):
    assert _canon(pack, text, "frequency") == expected


def test_run_together_orders(pack):
    text = "150MGIVGTTD1+替吉奥 40MGPOBIDD2-15"
    assert _canon(pack, text, "route") == ["intravenous", "oral"]
    assert _canon(pack, text, "frequency") == ["bid"]
    doses = pack.find(text, None, ["dose"])
    assert [(d.groups["dose"], d.groups["unit"]) for d in doses] == [("150", "MG"), ("40", "MG")]
    assert [d.groups["days"] for d in pack.find(text, None, ["schedule"])] == ["1", "2-15"]


@pytest.mark.parametrize(
    "text, route",
    [("口服", "oral"), ("静脉滴注", "intravenous"), ("ivgtt", "intravenous"), ("皮下注射", "subcutaneous"),
     ("肌注", "intramuscular"), ("腹腔灌注", "intraperitoneal"), ("by mouth", "oral")],
)
def test_routes(pack, text, route):
    assert _canon(pack, text, "route") == [route]


def test_english_words_do_not_hide_route_tokens(pack):
    assert _canon(pack, "report of improvement", "route") == []
    assert _canon(pack, "river", "route") == []


@pytest.mark.parametrize("text, dose, unit", [("500mg/m2", "500", "mg/m2"), ("AUC 5", "5", "AUC"), ("0.3G", "0.3", "G"),
                                               ("50μg", "50", "μg"), ("2片", "2", "片")])
def test_doses(pack, text, dose, unit):
    hit = pack.find(text, None, ["dose"])[0]
    assert (hit.groups["dose"], hit.groups["unit"]) == (dose, unit)


def test_concentration_is_not_a_dose(pack):
    assert pack.find("Hb 10g/L", None, ["dose"]) == []
