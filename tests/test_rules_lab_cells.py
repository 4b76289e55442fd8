"""The lab_cells rule pack loads, its examples hold, and every rule is anchored."""
from oncostruct.extractors.rules.loader import load_pack


def test_pack_loads_with_examples():
    pack = load_pack("lab_cells")
    assert {r.id for r in pack.rules} >= {"value_number", "range", "range_unit", "unit", "flag", "abbr"}


def test_rules_are_anchored():
    for rule in load_pack("lab_cells").rules:
        assert rule.pattern.startswith("^"), rule.id


def test_range_unit_groups():
    rule = next(r for r in load_pack("lab_cells").rules if r.id == "range_unit")
    m = rule.compiled().fullmatch("3.69-9.16×10^9/L")
    assert m.group("ref") == "3.69-9.16" and m.group("unit") == "×10^9/L"
