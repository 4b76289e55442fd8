"""The ihc rule pack (IHC results, shared results, PD-L1), the ihc_markers lexicon and the result parser."""
import pytest

from oncostruct.extractors.rules.loader import load_lexicon, load_pack
from oncostruct.extractors.text.pathology_parse import parse_ihc_result


def _one(text: str, label: str = "ihc"):
    matches = [m for m in load_pack("ihc").find(text) if m.label == label]
    assert len(matches) == 1, matches
    return matches[0]


@pytest.mark.parametrize(
    "text, marker, expected",
    [
        ("Ki-67（约30%+）", "Ki-67", {"result": "positive", "percent": 30.0, "intensity": None}),
        ("Ki67(+,30%)", "Ki67", {"result": "positive", "percent": 30.0, "intensity": None}),
        ("ER（+，90%强）", "ER", {"result": "positive", "percent": 90.0, "intensity": "strong"}),
        ("PR(-)", "PR", {"result": "negative", "percent": None, "intensity": None}),
        ("HER2（1+）", "HER2", {"result": "1+", "percent": None, "intensity": None}),
        ("HER-2(3+)", "HER-2", {"result": "3+", "percent": None, "intensity": None}),
        ("TTF-1(+)", "TTF-1", {"result": "positive", "percent": None, "intensity": None}),
        ("ER positive (90%, strong)", "ER", {"result": "positive", "percent": 90.0, "intensity": "strong"}),
        ("PR negative (<1%)", "PR", {"result": "negative", "percent": 1.0, "intensity": None}),
        ("HER2 (1+)", "HER2", {"result": "1+", "percent": None, "intensity": None}),
        ("HER2: 2+ (equivocal)", "HER2", {"result": "2+", "percent": None, "intensity": None}),
        ("Ki-67: 20%", "Ki-67", {"result": None, "percent": 20.0, "intensity": None}),
        ("CK18（+++）", "CK18", {"result": "positive", "percent": None, "intensity": "strong"}),
    ],
)
def test_marker_results(text: str, marker: str, expected: dict) -> None:
    m = _one(text)
    assert m.groups["marker"] == marker
    detail = m.groups.get("detail") or m.groups.get("detail2")
    parsed = parse_ihc_result(m.groups["res"], m.groups.get("desc"), detail, her2=marker.upper().startswith("HER"))
    assert {k: parsed[k] for k in expected} == expected


def test_her2_score_carries_its_interpretation() -> None:
    assert parse_ihc_result("2+", None, "equivocal", her2=True)["interpretation"] == "equivocal"
    assert parse_ihc_result("Negative", None, "1+", her2=True)["result"] == "1+"


def test_ihc_list_yields_every_marker() -> None:
    text = "免疫组化：CK(+)、Vim(-)、CD56（-）、Syn（弱+）"
    assert [m.groups["marker"] for m in load_pack("ihc").find(text, labels=["ihc"])] == ["CK", "Vim", "CD56", "Syn"]


def test_shared_result() -> None:
    m = _one("CK7、TTF-1、Napsin A均（+）", "ihc_shared")
    assert m.groups["markers"] == "CK7、TTF-1、Napsin A" and m.groups["res"] == "+"


@pytest.mark.parametrize(
    "text, score, value, clone",
    [
        ("PD-L1（22C3）TPS 60%", "TPS", "60", "22C3"),
        ("PD-L1(22C3) TPS<1%", "TPS", "1", "22C3"),
        ("PD-L1 (SP263) TPS: 50%", "TPS", "50", "SP263"),
        ("CPS=5", "CPS", "5", None),
    ],
)
def test_pdl1_scores(text: str, score: str, value: str, clone: str | None) -> None:
    m = _one(text, "pdl1")
    assert (m.groups["score"], m.groups["val"], m.groups.get("clone")) == (score, value, clone)


def test_clone_in_brackets_is_not_a_result() -> None:
    assert parse_ihc_result("22C3") is None


@pytest.mark.parametrize("term, canonical", [("Ki67", "Ki-67"), ("HER-2", "HER2"), ("c-erbB-2", "HER2"), ("PgR", "PR"), ("Vim", "Vimentin"), ("SY", "Synaptophysin")])
def test_marker_lexicon(term: str, canonical: str) -> None:
    assert load_lexicon("ihc_markers").lookup(term).canonical == canonical
