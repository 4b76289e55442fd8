"""The diagnoses lexicon: ICD-10 codes and longest-first matching of diagnosis items."""
from __future__ import annotations

import re

import pytest

from oncostruct.extractors.rules import load_lexicon

ICD10 = re.compile(r"^[A-Z]\d{2}(?:\.\d)?$")
LEX = load_lexicon("diagnoses")


@pytest.fixture
def lex():
    return LEX


@pytest.mark.parametrize("entry", LEX.entries, ids=lambda e: e.canonical)
def test_every_code_is_icd10(entry):
    assert all(c.system == "ICD-10" and ICD10.match(c.code) for c in entry.codes), entry.codes


def test_size_and_citation():
    assert len(LEX.entries) >= 50
    assert "ICD-10" in LEX.spec.source and "2019" in LEX.spec.source


@pytest.mark.parametrize(
    "term, code",
    [("肺腺癌", "C34.9"), ("乳腺癌", "C50.9"), ("直肠癌", "C20"), ("结肠癌", "C18.9"), ("胃癌", "C16.9"),
     ("肝细胞癌", "C22.0"), ("食管癌", "C15.9"), ("胰腺癌", "C25.9"), ("鼻咽癌", "C11.9"), ("宫颈癌", "C53.9"),
     ("卵巢癌", "C56"), ("前列腺癌", "C61"), ("甲状腺乳头状癌", "C73"), ("骨转移", "C79.5"), ("脑转移", "C79.3"),
     ("肝转移", "C78.7"), ("肺转移", "C78.0"), ("高血压", "I10"), ("2型糖尿病", "E11.9"), ("hypertension", "I10")],
)
def test_codes(lex, term, code):
    assert lex.lookup(term).codes[0].code == code


@pytest.mark.parametrize(
    "item, first",
    [("右肺上叶腺癌 pT1bN0M0 IA2期", "C34.1"), ("乙状结肠癌术后", "C18.7"), ("非小细胞肺癌", "C34.9"),
     ("高血压病2级（高危）", "I10"), ("2型糖尿病", "E11.9")],
)
def test_items_match_the_most_specific_term(lex, item, first):
    hits = lex.find(item)
    assert hits[0].entry.codes[0].code == first


def test_type_2_diabetes_is_not_plain_diabetes(lex):
    assert [h.text for h in lex.find("3.2型糖尿病")] == ["2型糖尿病"]
