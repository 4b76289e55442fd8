"""Every packaged rule pack and lexicon loads, validates, and passes its own examples."""
from __future__ import annotations

from importlib import resources

import pytest
import yaml

from oncostruct.extractors.rules import load_lexicon, load_pack

PACKAGED = sorted(p.name[:-5] for p in resources.files("oncostruct.extractors.rules").iterdir() if p.name.endswith(".yaml"))


@pytest.mark.parametrize("name", PACKAGED)
def test_packaged_rule_file_loads(name: str) -> None:
    raw = yaml.safe_load(resources.files("oncostruct.extractors.rules").joinpath(f"{name}.yaml").read_text(encoding="utf-8"))
    if "pack" in raw:
        pack = load_pack(name)
        assert pack.rules, f"{name} has no rules"
        assert all(rule.examples for rule in pack.rules), f"{name}: every rule needs at least one example"
    else:
        lex = load_lexicon(name)
        assert lex.entries and lex.spec.source.strip(), f"{name}: a lexicon needs entries and a cited source"


def test_there_are_packs_and_lexicons() -> None:
    assert {"sizes", "dates", "tnm", "histology", "topography", "suv", "drugs"} <= set(PACKAGED)
