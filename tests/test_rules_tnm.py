"""The tnm rule pack and the TNM component parser."""
import pytest

from oncostruct.extractors.rules.loader import load_pack
from oncostruct.extractors.text.pathology_parse import parse_edition, parse_tnm_component


def _tnm(text: str) -> list[dict]:
    return [{k: v for k, v in m.groups.items() if v and k in "tnm"} for m in load_pack("tnm").find(text, labels=["tnm"])]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("pT2aN2M0", [{"t": "pT2a", "n": "N2", "m": "M0"}]),
        ("ypT1c", [{"t": "ypT1c"}]),
        ("pT2 pN1a pMX", [{"t": "pT2", "n": "pN1a", "m": "pMX"}]),
        ("pT3N0(0/12)", [{"t": "pT3", "n": "N0"}]),
        ("T2N1M0", [{"t": "T2", "n": "N1", "m": "M0"}]),
        ("分期：pTis。", [{"t": "pTis"}]),
        ("pT1mi", [{"t": "pT1mi"}]),
        ("pT4b", [{"t": "pT4b"}]),
        ("pN0(i+)", [{"n": "pN0(i+)"}]),
        ("pN2a", [{"n": "pN2a"}]),
        ("cM1b", [{"m": "cM1b"}]),
        ("（PT4AN1M0，IIIA期）", [{"t": "PT4A", "n": "N1", "m": "M0"}]),
        ("T STAGE, PATHOLOGIC: pT4. N STAGE, PATHOLOGIC: pNO.", [{"t": "pT4"}, {"n": "pNO"}]),
        # v2: FIGO sub-digits, spaced categories, "tumor pT2", unprefixed T/N after a staging label
        ("Pathological staging: pT1b1, pN1 (TNM 7th).", [{"t": "pT1b1", "n": "pN1"}]),
        ("Pathological Staging (pTNM): pT 2. N 1. M X.", [{"t": "pT 2", "n": "N 1", "m": "M X"}]),
        ("G3, P T 3, L1, V1", [{"t": "P T 3"}]),
        ("PATHOLOGIC STAGING: Primary tumor pT2. Regional lymph nodes: pN1a.", [{"t": "pT2"}, {"n": "pN1a"}]),
        ("pTNM Stage : T2a. MICROSCOPIC", [{"t": "T2a"}]),
        ("PATHOLOGIC TNM (AJCC EDITION) : T2 N1mic MX.", [{"t": "T2", "n": "N1mic", "m": "MX"}]),
        ("Lymph Node Stage (AJCC 7th Edition) : NO (No regional lymph node metastasis)", [{"n": "NO"}]),
        # v3: OCR l / I for the digit one in T
        ("(NHG2, pTIc, pN2a). Examination", [{"t": "pTIc", "n": "pN2a"}]),
        ("Tumor stage: pTlc pN1mi (intranodal micrometastasis), MX,", [{"t": "pTlc", "n": "pN1mi"}]),
        ("AJCC Stage (6th edition) : Tlb NO MX.", [{"t": "Tlb", "n": "NO", "m": "MX"}]),
        ("Primary Tumor: (pT) pTl: Tumor limited to the testis", [{"t": "pTl"}]),
        ("DCIS, pTIS, margins", [{"t": "pTIS"}]),
    ],
)
def test_tnm_statements(text: str, expected: list[dict]) -> None:
    assert _tnm(text) == expected


@pytest.mark.parametrize("text", ["PTEN loss", "T2 weighted images", "pT5", "pN4", "cM2", "PNI present", "N2 gas",
                                  "Gross photo present. Blocks. T1-4 and TB, mass", "a cassette labeled T1 through T5.",
                                  "REGIONAL LYMPH NODES: NOT IDENTIFIED", "Tumor pT1 and pT2 tumors", "pTlymph",
                                  "Thallium Tl-201 scan", "pTI"])
def test_invalid_or_unrelated_text_is_not_tnm(text: str) -> None:
    assert _tnm(text) == []


@pytest.mark.parametrize(
    "text, prefix, category, modifiers",
    [
        ("pT2a", "p", "T2a", []),
        ("ypTis", "yp", "Tis", []),
        ("PT4A", "p", "T4a", []),
        ("pNO", "p", "N0", []),
        ("NO (i+) (sn)", None, "N0", ["i+", "sn"]),
        ("Mx", None, "MX", []),
        ("cM1b", "c", "M1b", []),
        ("pT1mi", "p", "T1mi", []),
        ("pT1b1", "p", "T1b1", []),
        ("p T 3", "p", "T3", []),
        ("N 0", None, "N0", []),
        ("N1mic", None, "N1mi", []),
        ("pTlc", "p", "T1c", []),
        ("pTIc", "p", "T1c", []),
        ("Tlb", None, "T1b", []),
        ("pTIS", "p", "Tis", []),
        ("pNlb", "p", "N1b", []),  # OCR l for one in N (issue #20); "I" stays out: PNI is perineural invasion
        ("ypNl", "yp", "N1", []),
    ],
)
def test_parse_component(text: str, prefix: str | None, category: str, modifiers: list[str]) -> None:
    assert parse_tnm_component(text) == {"prefix": prefix, "axis": category[0], "category": category, "modifiers": modifiers}


@pytest.mark.parametrize("text", ["pT5", "N4", "M2", "pT0a", "M0a", "N1a1", "pNI", "Ml"])
def test_parse_component_rejects_bad_grammar(text: str) -> None:
    assert parse_tnm_component(text) is None


@pytest.mark.parametrize(
    "text, edition",
    [("AJCC 第8版", 8), ("AJCC第八版", 8), ("AJCC 8th edition", 8), ("(AJCC 7th ed.)", 7), ("PATHOLOGIC STAGE (AJCC 6th Edition)", 6),
     ("pT2 N0 (AJCC 8th)", 8), ("AJCC分期（第七版）", 7), ("TNM分期：第8版", 8)],
)
def test_ajcc_edition(text: str, edition: int) -> None:
    (m,) = load_pack("tnm").find(text, labels=["ajcc_edition"])
    assert parse_edition(m.groups.get("ed") or m.groups.get("ed2")) == edition


@pytest.mark.parametrize(
    "text, lang, group",
    [("PTNM CLASSIFICATION: T2, NO, MX, STAGE IIA.", "en", "IIA"), ("Pathologic stage: II.", "en", "II"),
     ("p Stage IIIA (T3 NO MX)", "en", "IIIA"), ("AJCC Pathologic Stage IVA (pT4a", "en", "IVA"),
     ("（PT4AN1M0，IIIA期）", "zh", "IIIA"),
     ("FIGO stage IB1", "en", None), ("survival in stage II, node-positive breast cancer", "en", None),
     ("FIGO分期：IIB期", "zh", None)],
)
def test_stage_group(text: str, lang: str, group: str | None) -> None:
    found = [m.groups["stage"] + (m.groups.get("sub") or "") for m in load_pack("tnm").find(text, labels=["stage_group"], lang=lang)]
    assert found == ([group] if group else [])
