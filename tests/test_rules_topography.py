"""The topography lexicon: organ terms → ICD-O-3 topography and ICD-10 codes."""
import pytest

from oncostruct.extractors.rules.loader import load_lexicon


def _codes(term: str) -> tuple[str, str | None, dict]:
    entry = load_lexicon("topography").lookup(term)
    codes = {c.system: c.code for c in entry.codes}
    return codes["ICD-O-3-T"], codes.get("ICD-10"), entry.attributes


def test_size_and_source() -> None:
    lex = load_lexicon("topography")
    assert len(lex.entries) >= 40
    assert "ICD-O-3.2" in lex.spec.source and "ICD-10" in lex.spec.source
    assert all(any(c.system == "ICD-O-3-T" for c in e.codes) for e in lex.entries)


@pytest.mark.parametrize(
    "term, icdo, icd10, laterality",
    [
        ("右肺上叶", "C34.1", "C34.1", "right"),
        ("左肺下叶", "C34.3", "C34.3", "left"),
        ("right middle lobe", "C34.2", "C34.2", "right"),
        ("左乳", "C50.9", "C50.9", "left"),
        ("外上象限", "C50.4", "C50.4", None),
        ("胃窦", "C16.3", "C16.3", None),
        ("乙状结肠", "C18.7", "C18.7", None),
        ("直肠", "C20.9", "C20", None),
        ("rectum", "C20.9", "C20", None),
        ("肝", "C22.0", "C22", None),
        ("胰头", "C25.0", "C25.0", None),
        ("食管", "C15.9", "C15.9", None),
        ("甲状腺", "C73.9", "C73", None),
        ("前列腺", "C61.9", "C61", None),
        ("卵巢", "C56.9", "C56", None),
        ("子宫内膜", "C54.1", "C54.1", None),
        ("宫颈", "C53.9", "C53.9", None),
        ("膀胱", "C67.9", "C67.9", None),
        ("鼻咽", "C11.9", "C11.9", None),
        ("brain", "C71.9", "C71.9", None),
    ],
)
def test_codes(term: str, icdo: str, icd10: str, laterality: str | None) -> None:
    code, code10, attrs = _codes(term)
    assert (code, code10, attrs.get("laterality")) == (icdo, icd10, laterality)


def test_longest_site_term_in_text() -> None:
    hits = [(m.text, m.entry.canonical) for m in load_lexicon("topography").find("（右肺上叶）肺叶切除标本")]
    assert hits[0] == ("右肺上叶", "Right upper lobe of lung")


def test_english_lobe_in_ocr_text() -> None:
    hits = [m.entry.canonical for m in load_lexicon("topography").find("RT UP LOBE LUNG ADENOCARCINOMA")]
    assert hits[0] == "Right upper lobe of lung"
