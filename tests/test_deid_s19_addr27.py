"""Foreign addresses in their own order and notation, and relatives' ages of 90 and over (session 19, branch
addr27): Brazilian street + unit, bairro / city - UF and CEP; Japanese addresses after the postal mark 〒 and their
romanised chōme-ban-gō / ward lines; German street and PLZ + city; UAE community + sector + emirate; an Indian house
number before a numbered road; an age after a kin word and a comma, or after "alive at" with y/o.

Every text here is invented for this file.
"""
from __future__ import annotations

import pytest

from tests.deid_helpers import covered, touches


@pytest.mark.parametrize("text, lang, value", [
    # Brazil
    ("Endereço: Avenida Santo Amaro, 1402, apto 73, Moema, Campinas - SP, CEP 13044-210\n", "en", "Avenida Santo Amaro, 1402, apto 73"),
    ("Endereço: Avenida Santo Amaro, 1402, apto 73, Moema, Campinas - SP, CEP 13044-210\n", "en", "Moema, Campinas - SP"),
    ("Endereço: Avenida Santo Amaro, 1402, apto 73, Moema, Campinas - SP, CEP 13044-210\n", "en", "CEP 13044-210"),
    ("患者巴西住址：Travessa do Ouvidor, 55, sala 9, Centro, Recife/PE，CEP 50010-020\n", "zh", "Travessa do Ouvidor, 55, sala 9"),
    ("患者巴西住址：Travessa do Ouvidor, 55, sala 9, Centro, Recife/PE，CEP 50010-020\n", "zh", "Centro, Recife/PE"),
    ("Mailing to:\nAlameda Jaú, 318, apto 12\nJardim Paulista, São Paulo - SP\nCEP 01420-000\n", "en", "CEP 01420-000"),
    # Japan, native script and romanised
    ("日本住所：〒150-0042 東京都渋谷区宇田川町7-3-11 コーポ宇田305号室\n联系电话：略", "zh", "〒150-0042 東京都渋谷区宇田川町7-3-11 コーポ宇田305号室"),
    ("Home: 〒060-0808 北海道札幌市北区北8条西5丁目\nTel on file", "en", "〒060-0808 北海道札幌市北区北8条西5丁目"),
    ("Mailing address:\n7-3-11 Udagawacho, Room 305\nShibuya-ku, Tokyo 150-0042\n", "en", "7-3-11 Udagawacho, Room 305"),
    ("Mailing address:\n7-3-11 Udagawacho, Room 305\nShibuya-ku, Tokyo 150-0042\n", "en", "Shibuya-ku, Tokyo 150-0042"),
    ("She stays at 1-4-22 Kitahama, Chuo-ku, Osaka 541-0041 with her son.", "en", "1-4-22 Kitahama"),
    # Germany
    ("Anschrift: Lindenweg 7, 04109 Leipzig.\n", "en", "Lindenweg 7"),
    ("Anschrift: Lindenweg 7, 04109 Leipzig.\n", "en", "04109 Leipzig"),
    ("Patient:\n  Kastanienallee 19\n  60311 Frankfurt am Main\n", "en", "60311 Frankfurt am Main"),
    # UAE
    ("Villa 12, Street 7A\nAl Quoz 3, Dubai\nPO Box 4410\n", "en", "Al Quoz 3, Dubai"),
    ("住址：Villa 5, Street 21，Mussafah 2, Abu Dhabi，PO Box 771\n", "zh", "Mussafah 2, Abu Dhabi"),
    # India
    ("Address: Flat 3C, Lake View Towers, 14 80 Feet Road, Koramangala, Bengaluru 560034\n", "en", "14 80 Feet Road"),
])
def test_foreign_address_parts_are_covered(detector, text, lang, value):
    assert covered(detector, text, value, lang)


@pytest.mark.parametrize("text, lang, category, value", [
    ("Best overall response - PR after cycle 4.", "en", "ADDRESS", "PR"),
    ("Response - PR\nNext scan in 8 weeks.", "en", "ADDRESS", "PR"),
    ("Seen in Cycle 2, Dubai team to follow up.", "en", "ADDRESS", "Cycle 2"),
    ("Regimen 2-3-4 Cycles given.", "en", "ADDRESS", "2-3-4"),
    ("Give 2 100 mg doses daily.", "en", "ADDRESS", "2 100"),
    ("Bahnhofstraße 12 was closed.", "en", "ADDRESS", "Bahnhofstraße 12"),
    ("CEPA 12345-678", "en", "ADDRESS", "CEPA"),
])
def test_look_alikes_stay(detector, text, lang, category, value):
    assert not touches(detector, text, lang, category, value)


@pytest.mark.parametrize("text, value", [
    ("Family history: her aunt, 97 and still gardening.", "97"),
    ("Mr Oduya (grandfather, 102) will accompany him.", "102"),
    ("Uncle alive at 95 y/o; no cancer.", "95 y/o"),
])
def test_relatives_age_over_89(detector, text, value):
    assert touches(detector, text, "en", "AGE", value)


@pytest.mark.parametrize("text, value", [
    ("Family history: her aunt, 84 and well.", "84"),
    ("father, 95 kg, hypertensive", "95"),
    ("Uncle alive at 78 y/o; no cancer.", "78"),
])
def test_relatives_age_under_90_or_weight_stays(detector, text, value):
    assert not touches(detector, text, "en", "AGE", value)
