"""PHI written in prose and in unusual name notations (session 18, branch enprose18): ages over 89 in apposition and
with their unit words, dates with ordinal day words and in Romance languages, forum handles after a byline cue, web
addresses with accented paths, airline SURNAME/GIVEN names, initials, relatives with their relation, legal prose,
affectionate sign-offs, memorial title lines; and common nouns after a letter's cue that are no names.

Every text here is invented for this file.
"""
from __future__ import annotations

import pytest

from oncostruct.extractors.deid.detect import PhiDetector
from tests.deid_helpers import spans


def found(detector: PhiDetector, text: str, lang: str = "en") -> list[tuple[str, str]]:
    return spans(detector, text, lang)


def values(detector: PhiDetector, text: str, category: str) -> list[str]:
    return [v for c, v in found(detector, text) if c == category]


@pytest.mark.parametrize("text, value", [
    ("Marta Oyelowo, 95, died peacefully at home.", "95"),
    ("She leaves her brother Edwin Brann, 93; and two nephews.", "93"),
    ("The street gathered for Tomas Herrick, 99.\n\nDonations welcome.", "99"),
    ("We asked that her mother, Margaret Lowell (96), be added as a contact.", "96"),
    ("The patient is 102 years old and walks with a frame.", "102 years old"),
    ("Hello everyone. I'm 97 years young and newly diagnosed.", "97 years young"),
    ("her aunt died in 2011 at 93 years of \"old age\"; her uncle", "93 years"),
    ("La paciente tiene 95 años; vive con su nieta.", "95 años"),
    ("fundraiser for Ilse Varga, who turns 92 this spring. Thanks", "92"),
])
def test_an_age_over_89_in_prose(detector: PhiDetector, text: str, value: str) -> None:
    assert value in values(detector, text, "AGE")


@pytest.mark.parametrize("text", [
    "The nurse turned 90 degrees to the left.",
    "Heart Rate, 95, 98, 100 over the shift.",
    "Oxygen on Room Air (95%) today.",
    "Ms. Petrov, 45, was seen today.",
])
def test_no_age_where_the_number_is_no_age_over_89(detector: PhiDetector, text: str) -> None:
    assert values(detector, text, "AGE") == []


@pytest.mark.parametrize("text, value", [
    ("Edda Morrow, born the ninth of March, 1931.\n", "the ninth of March, 1931"),
    ("stayed in Room 4 from the twenty-first of May, 2024 through June", "the twenty-first of May, 2024"),
    ("Fecha / Date: 14 de junio de 2021 / 06/14/2021", "14 de junio de 2021"),
    ("Próxima cita: 9 de marzo a las 10:00.", "9 de marzo"),
    ("vu en consultation le 12 février 2022.", "12 février 2022"),
    ("nata il 3 maggio 1930 a Bari", "3 maggio 1930"),
])
def test_a_date_in_words_or_a_romance_language(detector: PhiDetector, text: str, value: str) -> None:
    assert value in values(detector, text, "DATE")


@pytest.mark.parametrize("text", ["We reviewed the second of two cycles.", "3 de los pacientes respondieron.",
                                  "entre 2 y 3 mayores de edad"])
def test_counting_words_are_no_date(detector: PhiDetector, text: str) -> None:
    assert values(detector, text, "DATE") == []


@pytest.mark.parametrize("text, value", [
    ("\n↳ Reply from lily_tx42 · Jun 3\nSame for me.", "lily_tx42"),
    ("Posted by runnerMom88 on April 2, 2023\n", "runnerMom88"),
    ("12 Mar 2023 by bravePapa71\n\nUpdate: scans clear", "bravePapa71"),
    ("Send it by Venmo @teamRosalind. Questions? Call us.", "@teamRosalind"),
    ("Condolences: www.brookside-funerals.com/obituaries/josé-núñez\n", "www.brookside-funerals.com/obituaries/josé-núñez"),
    ("Share: gofundme.com/f/help-ana-recover now", "gofundme.com/f/help-ana-recover"),
])
def test_a_handle_or_web_address(detector: PhiDetector, text: str, value: str) -> None:
    assert value in values(detector, text, "CONTACT")


@pytest.mark.parametrize("text", ["The scan was reviewed by CT colleagues.", "Cycle 2 was delayed by 5FU supply.",
                                  "mail a.b@c.org for help", "Posted by the clinic team on Monday"])
def test_no_handle_in_plain_prose(detector: PhiDetector, text: str) -> None:
    assert values(detector, text, "CONTACT") in ([], ["a.b@c.org"])


@pytest.mark.parametrize("text, value", [
    ("Passenger name: OKAFOR/CHIDI MR\nBooking reference", "OKAFOR/CHIDI MR"),
    ("| Passenger name | LINDQVIST/ASTRID MRS |", "LINDQVIST/ASTRID MRS"),
    ("[Slide 3] Initials K.W., MRN 4411 presented", "K.W."),
    ("Household members:\n  - Ivo Marchesini, son\n", "Ivo Marchesini"),
    ("upon the Petition of Asha Varghese, the daughter of the Respondent", "Asha Varghese"),
    ("IT IS ORDERED that Colm Brannock, residing at 12 Oak Lane", "Colm Brannock"),
    ("See you after 6.\n\nxoxo Hye-jin\n\n12 comments", "Hye-jin"),
    ("Love,\nSeo-yeon\n", "Seo-yeon"),
    ("IN LOVING MEMORY\n\nOTIS DELACROIX\nMay 7, 1930 - Sept 1, 2024", "OTIS DELACROIX"),
    ("OBITUARY\n\nMirela T. Vasquez, 94, passed away", "Mirela T. Vasquez"),
])
def test_a_name_in_an_unusual_notation(detector: PhiDetector, text: str, value: str) -> None:
    assert value in values(detector, text, "NAME")


@pytest.mark.parametrize("text", [
    "Tumour was ER/PR positive, HER2/NEU negative.",
    "Love,\nMom\n",
    "OBITUARY\n\nThe Editors regret the error.",
    "Dear Commissioner,\n\nI write on behalf of my patient.",
    "Re: Juror summons for next month",
    "To: School Nurse and Principal",
])
def test_no_name_in_common_words(detector: PhiDetector, text: str) -> None:
    assert values(detector, text, "NAME") == []


def test_a_cued_name_in_the_name_lists_stays(detector: PhiDetector) -> None:
    assert "Brown" in values(detector, "Dear Brown,\nthank you", "NAME") or \
        "Brown" in values(detector, "To: Brown\nre labs", "NAME")
