"""English organisation precision and address recall (issue 18, branch en17): general mechanisms.

An address stacked one part a line (a premise line above the street, the suburb, town and postcode lines under it);
and what is no organisation: the language in an
interpreter's bracket, a degree's field or country in the bracket after it, credentials alone at a signature's end, a
care setting after ``Location:``, a hyphen-joined ``INTER-HOSPITAL``.

Every text here is invented for this file.
"""
from __future__ import annotations


from oncostruct.extractors.deid.address_block import compile_block, stacked
from tests.deid_helpers import doubling_ratio, table_tests

_LETTER = "Ms R. Quill\nUnit 12, Larkspur Court\n88 Fennel Road\nHollowbrook\nMarrick\n4417\n\nDear Dr Tan,\nThanks"
_FORM = ("Address      : Flat 2, Heron Quay\n               61 Juniper Avenue\n               Ashgrove\n"
         "               Dublin 6\n               D06 K2P7\nAdmitted     : 2 Jan")

FOUND = [
    ("en", _LETTER, "ADDRESS", "Unit 12, Larkspur Court"),
    ("en", _LETTER, "ADDRESS", "Hollowbrook"),
    ("en", _LETTER, "ADDRESS", "Marrick"),
    ("en", _LETTER, "ADDRESS", "4417"),
    ("en", _FORM, "ADDRESS", "Ashgrove"),
    ("en", _FORM, "ADDRESS", "Dublin 6"),
    ("en", "Kestrel Wing\nBuilding 4\n27 Sorrel Street\nPenhallow\nTruro TR9 3XB\n\nRE: X", "ADDRESS", "Building 4"),
    ("en", "Kestrel Wing\nBuilding 4\n27 Sorrel Street\nPenhallow\nTruro TR9 3XB\n\nRE: X", "ADDRESS", "Penhallow"),
    ("en", "Dr April Lee (Thoracic Surgery) reviewed.\n", "ORGANIZATION", "Thoracic Surgery"),
    ("en", "Referred by Baylor Scott & White today\n", "ORGANIZATION", "Baylor Scott & White"),
]

LEFT_ALONE = [
    # town lines with no postcode line under them may be a heading: left alone
    ("en", "Clinic address: 14 Poplar Street, Westvale\nOncology Outpatients\nDiscussed today", "ADDRESS",
     "Oncology Outpatients"),
    ("en", _LETTER, "ADDRESS", "Dear Dr Tan"),
    ("en", "Others present: niece Ama; interpreter Quentin Vasquez-Ool (Tagalog) via agency\n", "ORGANIZATION", "Tagalog"),
    ("en", "Signed: Dr Priya Okonjo MBBS MD DM (Clinical Haematology)\n", "ORGANIZATION", "Clinical Haematology"),
    ("en", "Prescriber: Dr T. Varga MBChB FCP(SA) Cert Med Onc\n", "ORGANIZATION", "SA"),
    ("en", "Yours,\nDr Ferris Waldo, MD FRCPI\n", "ORGANIZATION", "MD FRCPI"),
    ("en", "INTER-HOSPITAL TRANSFER SUMMARY\nFrom: X\n", "ORGANIZATION", "HOSPITAL TRANSFER SUMMARY"),
    ("en", "Ordering: Dr Q. Hale\nLocation: OP \nExam: CT CHEST\n", "ORGANIZATION", "OP"),
    ("en", "Time: 10:15\nLocation: Level 3, Kestrel Block\n", "ORGANIZATION", "Level"),
    ("en", "Abstracted Nov23 | Facility No. 0001234 | Abstractor: X\n", "ORGANIZATION", "No"),
    ("en", "Employer   Retired   Work Phone  (555) 201-3344\n", "ORGANIZATION", "Retired"),
    ("en", "4. Age at Last Birthday (Years): 93\n", "ORGANIZATION", "Years"),
    ("en", "Hilltop Hospital   Palliative & Supportive Care Service\n", "ORGANIZATION", "Palliative & Supportive"),
]

test_found, test_left_alone = table_tests(FOUND, LEFT_ALONE)


def _block():
    from oncostruct.extractors.deid.config import load_config

    cfg = load_config()
    codes = "|".join(f"(?:{p})" for p in cfg.address_chain.postcodes)
    ab = cfg.address_block
    return compile_block(ab.place, rf"(?:(?:{ab.place}),?(?:[ ]-)?[ ])?(?:{codes})", ab.premise, ab.stop, ab.lines)


def test_block_ends_at_its_last_postcode_line() -> None:
    """The lines under a street are taken up to the last one with a postcode: a country line after it is left."""
    text = "9 Alder Row\nMossfield\nCorbridge 7710\nNew Zealand\n"
    got = [text[a:b] for a, b in stacked([(0, len("9 Alder Row"))], text, _block())]
    assert got == ["Mossfield", "Corbridge 7710"]


def test_block_stays_linear_on_hostile_text() -> None:
    """50,000 characters of stacked town lines under one street: linear time."""
    for unit in ("Mossfield\n", "Corbridge 7710\n", "Level 4, Kestrel Wing\n", "Aa Bb Cc Dd Ee Ff\n"):
        ratio = doubling_ratio(lambda text: list(stacked([(0, 11), (12, 12 + len(unit) - 1)], text, _block())),
                               unit, head="9 Alder Row\n")
        assert ratio < 3.5, (unit, ratio)   # linear: about 2; quadratic: about 4
