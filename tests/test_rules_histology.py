"""The histology lexicon: ICD-O-3 morphology codes, longest-match behaviour, growth-pattern entries."""
import pytest

from oncostruct.extractors.rules.loader import load_lexicon


def _hits(text: str) -> list[tuple[str, str]]:
    return [(m.text, m.entry.canonical) for m in load_lexicon("histology").find(text)]


def _code(term: str) -> str:
    entry = load_lexicon("histology").lookup(term)
    return next(c.code for c in entry.codes if c.system == "ICD-O-3-M")


def test_size_and_source() -> None:
    lex = load_lexicon("histology")
    assert len([e for e in lex.entries if e.category != "subtype"]) >= 60
    assert "ICD-O-3.2" in lex.spec.source
    assert all(any(c.system == "ICD-O-3-M" for c in e.codes) for e in lex.entries)


@pytest.mark.parametrize(
    "term, code",
    [
        ("浸润性导管癌", "8500/3"), ("腺癌", "8140/3"), ("鳞状细胞癌", "8070/3"), ("小细胞癌", "8041/3"), ("乳头状癌", "8050/3"),
        ("甲状腺乳头状癌", "8260/3"), ("肝细胞癌", "8170/3"), ("印戒细胞癌", "8490/3"), ("黏液腺癌", "8480/3"), ("粘液腺癌", "8480/3"),
        ("浸润性小叶癌", "8520/3"), ("腺鳞癌", "8560/3"), ("GIST", "8936/3"), ("弥漫大B细胞淋巴瘤", "9680/3"), ("尿路上皮癌", "8120/3"),
        ("透明细胞肾细胞癌", "8310/3"), ("serous carcinoma", "8441/3"), ("endometrioid carcinoma", "8380/3"), ("melanoma", "8720/3"),
        ("glioblastoma", "9440/3"), ("神经内分泌癌", "8246/3"), ("导管原位癌", "8500/2"),
    ],
)
def test_codes(term: str, code: str) -> None:
    assert _code(term) == code


@pytest.mark.parametrize(
    "text, expected",
    [
        ("甲状腺乳头状癌", [("甲状腺乳头状癌", "Papillary thyroid carcinoma")]),
        ("non-small cell lung cancer", [("non-small cell lung cancer", "Non-small cell carcinoma")]),
        ("右肺浸润性腺癌", [("浸润性腺癌", "Invasive adenocarcinoma")]),
        ("INVASIVE DUCTAL CARCINOMA", [("INVASIVE DUCTAL CARCINOMA", "Invasive ductal carcinoma")]),
    ],
)
def test_longest_term_wins(text: str, expected: list) -> None:
    assert _hits(text) == expected


def test_growth_patterns_are_subtypes() -> None:
    lex = load_lexicon("histology")
    assert {lex.lookup(t).canonical for t in ("腺泡型", "贴壁型", "实体型", "微乳头型", "乳头型")} == {
        "acinar", "lepidic", "solid", "micropapillary", "papillary"}
    assert all(lex.lookup(t).category == "subtype" for t in ("腺泡", "lepidic", "实性"))
