"""Organisation, address and age recall by general causes (issue 18, branch orgaddr18).

Addresses: a street and its town line written in capitals (a claim's segments, an envelope); a block's last line with
places before its postcode or a country after it, or a region of a place that writes no postcode; a street whose
type stands before its name (Rua, Avenida, Calle, Via, Rue) and Portuguese floors; villager groups, rural delivery,
county-grid roads, RR boxes, mobile home parks; a birthplace as town and country. Ages: ``y.o.`` and a label's ``Y``,
an age at a relative's death or while alive. Organisations: heads the lexicon lacked (Charities,
Chapel, Property Management, Specialists) and a professional corporation's ``P.C.``. And what each must leave alone.

Every text here is invented for this file.
"""
from __future__ import annotations

import re

from oncostruct.extractors.deid.address_block import block_end, compile_block, stacked
from tests.deid_helpers import doubling_ratio, table_tests

FOUND = [
    # capitals: a claim's address segments
    ("en", "NM1*IL*1*ROE*ANN*M***MI*X1~\nN3*1423 BIRCHWOOD LANE, APT 7C~\nN4*SPRINGVALE, OH 44012~\n", "ADDRESS",
     "1423 BIRCHWOOD LANE, APT 7C"),
    ("en", "N3*1423 BIRCHWOOD LANE, APT 7C~\nN4*SPRINGVALE, OH 44012~\n", "ADDRESS", "SPRINGVALE, OH 44012"),
    # a block's last line: places before the postcode, a country after it, a region with no postcode
    ("en", "PRIVATE\nAmy Lo\nNo. 12, Group 3, Hetang Village, Baishi Town, Fengyi County\nQingshan, Sichuan 611000\n\nNo:",
     "ADDRESS", "Qingshan, Sichuan 611000"),
    ("en", "PRIVATE\nAmy Lo\nNo. 12, Group 3, Hetang Village, Baishi Town, Fengyi County\nQingshan, Sichuan 611000\n\nNo:",
     "ADDRESS", "No. 12, Group 3, Hetang Village, Baishi Town, Fengyi County"),
    ("en", "Address: 55 River Road\n  Riverbend\n  Hilltown 4321, Newland\n\nPlan:", "ADDRESS", "Hilltown 4321, Newland"),
    ("en", "Harbour Clinic\n12/F, Block K\n33 Kwun Chung Road\nYau Ma Tei, Kowloon\n\nDear Dr X,", "ADDRESS",
     "Yau Ma Tei, Kowloon"),
    ("en", "Harbour Clinic\n12/F, Block K\n33 Kwun Chung Road\nYau Ma Tei, Kowloon\n\nDear Dr X,", "ADDRESS", "12/F, Block K"),
    # type before the name, Portuguese floor and building
    ("en", "Address: Rua Nova do Porto n.º 40, Edf. Lok Wan, 7.º andar B, Macau\nTel: +853", "ADDRESS",
     "Rua Nova do Porto n.º 40, Edf. Lok Wan, 7.º andar B, Macau"),
    ("en", "lives at Calle Mayor 12, Madrid", "ADDRESS", "Calle Mayor 12"),
    # rural shapes
    ("en", "of 1200 No 2 Road, RD 4, Katikati 3177, mobile 021", "ADDRESS", "1200 No 2 Road, RD 4, Katikati 3177"),
    ("en", "Witness 1: Jo Cruz, Cedar Hollow Mobile Home Park Lot 12    Witness 2: X", "ADDRESS",
     "Cedar Hollow Mobile Home Park Lot 12"),
    ("en", "home care at S712 County Road 14, Fremont, OH 43420\n", "ADDRESS", "S712 County Road 14, Fremont, OH 43420"),
    ("en", "cc: Jo Hale, RR 3 Box 118A, Velva, ND 58790\n", "ADDRESS", "RR 3 Box 118A, Velva, ND 58790"),
    ("en", "Born on May 2, 1950 in Kraków, Poland, Anna is 73.", "ADDRESS", "Kraków, Poland"),
    # ages
    ("en", "Mr. Roe is a 96 y.o. male with", "AGE", "96 y.o."),
    ("en", "Name: LO, AMY     Sex/Age: F/92Y\n", "AGE", "92Y"),
    ("en", "Family history: father alive at 94.\n", "AGE", "94"),
    ("en", "Mother died at 91; brother died at 62.", "AGE", "91"),
    # organisations
    ("en", "Hollis Valley Oncology Specialists, P.C. | Hematology/Oncology", "ORGANIZATION",
     "Hollis Valley Oncology Specialists, P.C."),
    ("en", "funeral home pre-arranged with Quiet Meadow Chapel, contact", "ORGANIZATION", "Quiet Meadow Chapel"),
    ("en", "Rent assistance application to Greenrow Property Management.", "ORGANIZATION", "Greenrow Property Management"),
]

LEFT_ALONE = [
    # lead: a government agency named "… Administration" is pathology furniture (the FDA disclaimer), no PHI
    ("en", "This assay has not been cleared by the U.S. Food and Drug Administration.", "ORGANIZATION",
     "U.S. Food and Drug Administration"),
    ("en", "SEEN AT 3 WEST DR SMITH. 5 PM DR JONES. 2 HEAD CT NEG.", "ADDRESS", "3 WEST DR"),
    ("en", "OXYGEN SATURATION AT 95. Vitals: RR 18, HR 90.", "AGE", "95"),
    ("en", "Vitals: RR 18, HR 90, BP 120/80.", "ADDRESS", "RR 18"),
    ("en", "Take via mouth 2 tabs. Via 2 doses.", "ADDRESS", "Via 2"),
    ("en", "She was born in 1950, Poland being her home.", "ADDRESS", "Poland"),
]

test_found, test_left_alone = table_tests(FOUND, LEFT_ALONE)


def test_block_end_line_shapes() -> None:
    """A block's last line: a postcode after one to three places, a country after it, or a region named in data."""
    end = re.compile(block_end(r"[A-Z][a-z]+(?:[ ][A-Z][a-z]+){0,2}", r"\d{4,6}", ["Kowloon"]))
    for line in ("Qingshan, Sichuan 611000", "Hilltown 4321, Newland", "Upper Dale, Ridge, Fenn 5021", "Yau Ma Tei, Kowloon"):
        assert end.fullmatch(line), line
    assert not end.fullmatch("Ward 7, Bed 12")
    assert not end.fullmatch("Yau Ma Tei")


def test_block_without_postcode_or_region_is_no_address() -> None:
    """Place lines under a street with neither a postcode nor a region after them stay a heading's lines."""
    place = r"[A-Z][a-z]+(?:[ ][A-Z][a-z]+){0,2}"
    block = compile_block(place, block_end(place, r"\d{4}", ["Kowloon"]), r"(?!)", [], 5)
    text = "12 Reed Lane\nPlan Review\nFollow Up\n\n"
    assert list(stacked([(0, len("12 Reed Lane"))], text, block)) == []
    text = "12 Reed Lane\nYau Ma Tei, Kowloon\n"
    assert list(stacked([(0, len("12 Reed Lane"))], text, block)) == [(13, len(text) - 1)]


def test_block_end_stays_linear_on_hostile_lines() -> None:
    """The configured last-line shape, searched over 50,000 characters of its own repeated vocabulary, answers in
    linear time (a real line is read at most 120 characters; the recognizers are fuzzed in test_deid_recognizers)."""
    from oncostruct.extractors.deid.address_chain import any_of
    from oncostruct.extractors.deid.config import load_config

    cfg = load_config()
    end = re.compile(block_end(cfg.address_block.place, any_of(cfg.address_chain.postcodes), cfg.address_block.regions))
    for unit in ("Qingshan, Sichuan, ", "Upper Dale 4321, ", "Yau Ma Tei, Kowloon, ", "Bengaluru - 560078, Ridge "):
        ratio = doubling_ratio(lambda text: (end.fullmatch(text), list(end.finditer(text))), unit)
        assert ratio < 3.5, (unit, ratio)   # linear: about 2; quadratic: about 4
