"""The lab item dictionary: aliases resolve to one internal code, LOINC codes are well-formed, sources cited."""
import re

from oncostruct.extractors.rules.loader import load_lexicon


def test_aliases_share_a_code():
    lex = load_lexicon("lab_items")
    for alias in ("白细胞", "白细胞计数", "WBC"):
        assert lex.lookup(alias).canonical == "WBC"
    assert lex.lookup("CA199").canonical == lex.lookup("糖类抗原19-9").canonical == "CA19-9"


def test_required_panels_present():
    cats = {e.category for e in load_lexicon("lab_items").entries}
    assert {"cbc", "urine", "stool", "liver", "kidney", "tumour_marker"} <= cats
    canon = {e.canonical for e in load_lexicon("lab_items").entries}
    assert {"CEA", "CA125", "CA19-9", "CA15-3", "AFP", "CYFRA21-1", "NSE", "SCC", "ProGRP", "PSA", "fPSA"} <= canon


def test_loinc_codes_are_well_formed():
    lex = load_lexicon("lab_items")
    assert "loinc.org" in lex.spec.source
    for e in lex.entries:
        for c in e.codes:
            assert c.system == "LOINC" and re.fullmatch(r"\d{1,6}-\d", c.code), (e.canonical, c.code)
    assert lex.lookup("血红蛋白").codes[0].code == "718-7"
