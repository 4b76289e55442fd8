"""The tumour-marker lexicon: spelling variants and LOINC codes."""
from __future__ import annotations

import pytest

from oncostruct.extractors.rules import load_lexicon


@pytest.fixture(scope="module")
def lex():
    return load_lexicon("tumor_markers")


@pytest.mark.parametrize(
    "term, canonical",
    [("CA199", "CA19-9"), ("CA-19-9", "CA19-9"), ("糖类抗原19-9", "CA19-9"), ("糖类抗原125", "CA125"),
     ("癌胚抗原", "CEA"), ("甲胎蛋白", "AFP"), ("细胞角蛋白19片段", "CYFRA21-1"), ("神经元特异性烯醇化酶", "NSE"),
     ("鳞状细胞癌抗原", "SCC"), ("胃泌素释放肽前体", "ProGRP"), ("前列腺特异性抗原", "PSA"), ("游离前列腺特异性抗原", "fPSA")],
)
def test_aliases(lex, term, canonical):
    assert lex.lookup(term).canonical == canonical


@pytest.mark.parametrize(
    "canonical, loinc",
    [("CEA", "2039-6"), ("AFP", "1834-1"), ("CA125", "10334-1"), ("CA19-9", "24108-3"), ("CA15-3", "6875-9"),
     ("PSA", "2857-1")],
)
def test_loinc_codes(lex, canonical, loinc):
    entry = lex.lookup(canonical)
    assert [(c.system, c.code) for c in entry.codes] == [("LOINC", loinc)]


def test_markers_found_in_run_together_text(lex):
    hits = lex.find("CEA24.8NG/ML；CA199149.1U/ML")
    assert [(h.text, h.entry.canonical) for h in hits] == [("CEA", "CEA"), ("CA199", "CA19-9")]


def test_every_entry_has_a_default_unit(lex):
    assert all(e.attributes.get("default_unit") for e in lex.entries)
    assert "LOINC" in lex.spec.source
