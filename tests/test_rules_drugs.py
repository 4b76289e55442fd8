"""The drugs lexicon: coverage, ATC code shape, brand names and abbreviations."""
from __future__ import annotations

import re

import pytest

from oncostruct.extractors.rules import load_lexicon

ATC = re.compile(r"^[A-Z]\d{2}[A-Z]{1,2}(?:\d{2})?$")


@pytest.fixture(scope="module")
def lex():
    return load_lexicon("drugs")


def test_size_and_citation(lex):
    assert len(lex.entries) >= 80
    assert "ATC" in lex.spec.source


def test_atc_codes_are_well_formed(lex):
    for e in lex.entries:
        for c in e.codes:
            assert c.system == "ATC" and ATC.match(c.code), (e.canonical, c.code)


@pytest.mark.parametrize(
    "term, canonical, atc",
    [("奥沙利铂", "oxaliplatin", "L01XA03"), ("乐沙定", "oxaliplatin", "L01XA03"), ("希罗达", "capecitabine", "L01BC06"),
     ("5-FU", "fluorouracil", "L01BC02"), ("泰瑞沙", "osimertinib", "L01EB04"), ("赫赛汀", "trastuzumab", "L01FD01"),
     ("培美曲塞", "pemetrexed", "L01BA04"), ("Avastin", "bevacizumab", "L01FG01"), ("亚叶酸钙", "calcium folinate", "V03AF03")],
)
def test_known_terms(lex, term, canonical, atc):
    entry = lex.lookup(term)
    assert entry is not None and entry.canonical == canonical
    assert [c.code for c in entry.codes] == [atc]


def test_longest_term_wins(lex):
    hits = lex.find("左亚叶酸钙 400mg/m2 + 白蛋白紫杉醇 260mg/m2")
    assert [h.entry.canonical for h in hits] == ["calcium levofolinate", "nab-paclitaxel"]


def test_abbreviation_needs_word_boundary(lex):
    assert lex.find("gemcitabine") and lex.find("gemcitabine")[0].entry.canonical == "gemcitabine"
    assert [h.text for h in lex.find("GEMINI trial")] == []


def test_substances_without_atc_have_no_code(lex):
    assert lex.lookup("洛铂").codes == []
    assert lex.lookup("安罗替尼").codes == []
