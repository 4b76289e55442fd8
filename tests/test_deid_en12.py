"""Branch deiden12 (issue 18): English values hidden by their case or a line break, and English shapes of dates,
ages and organisations (fixtures written for these tests)."""
from __future__ import annotations

import textwrap

import pytest

from deid_helpers import holds, spans
from oncostruct.extractors.deid.case_view import case_view
from oncostruct.extractors.deid.names import EnglishNames
from oncostruct.extractors.deid.soft_wrap import soft_wrap_view


@pytest.mark.parametrize("text,category,value", [
    ("Patient was seen by dr. quillerby in clinic today.", "NAME", "quillerby"),
    ("pt's daughter, orla pemberton, at bedside", "NAME", "orla pemberton"),
    ("RECEIVED 03MAR2024 14:10", "DATE", "03MAR2024"),
    ("Collected: Mar-03-24 0815", "DATE", "Mar-03-24"),
    ("Surgery 14 Feb '23 uneventful.", "DATE", "14 Feb '23"),
    ("Age: 091", "AGE", "091"),
    ("Admitted to St. Columba's for rehab.", "ORGANIZATION", "St. Columba's"),
    ("DOB 02/17/1928  Age 97 y/o\nVisit: clinic", "AGE", "97 y/o"),
    ("Refill picked up at Brightway Drug #7724 on Monday.", "ORGANIZATION", "Brightway Drug #7724"),
    ("Officer on scene (Ferncliff Police Department, badge 5521) called EMS.", "ID_NUMBER", "5521"),
    ("2024-01-09  T. McCready reviewed the chart.", "NAME", "T. McCready"),
    ("Please return to:\n\nODALYS P QUENNEVILLE\n2291 THORNWICK LN\nKESWICK VT 05401\n", "ADDRESS",
     "2291 THORNWICK LN"),
    ("Please return to:\n\nODALYS P QUENNEVILLE\n2291 THORNWICK LN\nKESWICK VT 05401\n", "ADDRESS",
     "KESWICK VT 05401"),
    ("rx,fill_date,prescriber,qty\nRX0001,2025-03-02,\"Ingebretsen, T\",30\n", "NAME", "Ingebretsen, T"),
])
def test_found(detector, text: str, category: str, value: str) -> None:
    assert holds(detector, text, "en", category, value)


@pytest.mark.parametrize("text", [
    "the daughter is at the bedside and doctor was informed.",
    "St. John's wort 300 mg daily was stopped.",
    "Age: 045, BMI 31.",
    "Plan: continue\nLeave request approved for three days in the week of the fourth quarter review.",
])
def test_not_phi(detector, text: str) -> None:
    assert not [c for c, _ in spans(detector, text, "en") if c in ("NAME", "DATE", "AGE", "ORGANIZATION")]


def test_case_view_capitalises_cue_and_name_only() -> None:
    names = EnglishNames([])
    view, changed = case_view("seen by dr. quillerby in clinic", names, ["dr"], ["in"])
    assert view == "seen by Dr. Quillerby in clinic"
    assert len(changed) == 2


_PROSE = ("The patient lives with her sister and walks daily with a cane. She resides at 5163 Wrenfield Terrace, "
          "Lodi, and asked that we call back at (503) 555-0142 after five, since her cell phone has no signal at "
          "the farm before then. Her sister drives her to every visit and keeps the medication list up to date.")


@pytest.mark.parametrize("category,value", [("ADDRESS", "5163 Wrenfield Terrace"), ("PHONE", "(503) 555-0142")])
def test_value_cut_by_word_wrapping(detector, category: str, value: str) -> None:
    i = _PROSE.index(value)
    for width in range(30, 90):   # the first width whose wrapping puts a line break inside the value
        text = textwrap.fill(_PROSE, width=width, break_on_hyphens=False)
        if text.replace("\n", " ") == _PROSE and "\n" in text[i:i + len(value)]:
            break
    else:
        pytest.fail("no width cuts the value")
    assert holds(detector, text, "en", category, text[i:i + len(value)])


def test_soft_wrap_view_keeps_label_lines() -> None:
    text = "Name: Alma Reyes\nDOB: 01/02/1950"
    assert soft_wrap_view(text) is None   # the next line opens a field
    wrapped = soft_wrap_view(textwrap.fill(_PROSE, width=40))
    assert wrapped is not None and wrapped[0] == _PROSE
    assert soft_wrap_view("Employer: Brantwell Fabrication\nBrantwell Fabrication called.") is None


def test_legend_initials_are_the_name_in_the_grid(detector) -> None:
    text = ("Time  | D1 D2 D3\n0900  | TQ TQ R\n2100  | TQ H TQ\nCodes: R=refused H=held\n"
            "Initials legend: TQ = Thea Quarrington, RN\n")
    found = [(c, v) for c, v in spans(detector, text, "en") if c == "NAME"]
    assert found.count(("NAME", "TQ")) == 5
    assert ("NAME", "R") not in found and ("NAME", "H") not in found


def test_credential_in_brackets_is_no_initials(detector) -> None:
    text = "Mira Pendergast (MSW) met the family.\nMSW: discharge plan reviewed."
    assert ("NAME", "MSW") not in spans(detector, text, "en")


def test_initial_and_surname_of_a_found_name_are_spread(detector) -> None:
    text = "Nurse: Odile Pennefather, LPN\n\n08:00 dose held; rechecked at 1 hr. O. Pennefather\n"
    assert holds(detector, text, "en", "NAME", "O. Pennefather")


@pytest.mark.parametrize("text,category,value", [
    ("Name: R o s a l i e  Q u e n t i n\n", "NAME", "R o s a l i e  Q u e n t i n"),
    ("DOB: 1 1 / 0 4 / 1 9 4 7\n", "DATE", "1 1 / 0 4 / 1 9 4 7"),
    ("Phone: 4 1 5 - 5 5 5 - 0 1 9 8\n", "PHONE", "4 1 5 - 5 5 5 - 0 1 9 8"),
])
def test_letter_spaced_latin_values(detector, text: str, category: str, value: str) -> None:
    assert holds(detector, text, "en", category, value)


def test_letter_spaced_heading_is_no_phi(detector) -> None:
    assert spans(detector, "D I S C H A R G E   S U M M A R Y\nStable.", "en") == []


def test_name_in_capitals_above_an_address_line(detector) -> None:
    text = "PATIENT NAME AND ADDRESS\n  OSWIN T HARGREAVE\n  4410 Quillfeather Ct, Apt 2\n  Dunmore, PA 18512\n"
    assert holds(detector, text, "en", "NAME", "OSWIN T HARGREAVE")
    assert not [c for c, v in spans(detector, "FINAL DIAGNOSIS\n1 LEFT BREAST, CORE BIOPSY\n", "en") if c == "NAME"]


def test_street_cut_before_its_type_word(detector) -> None:
    text = ("PETITION\n1. Petitioner Wendel Arbuckle, the niece of the Respondent, resides at 771 Hazelmere\n"
            "Road, Olympia.\n2. Respondent currently resides at home with a daily aide and a visiting nurse.\n")
    assert holds(detector, text, "en", "ADDRESS", "771 Hazelmere\nRoad")
