"""English and romanised names by grammar (issue 18, branch names17): honorifics before a name (civil, academic,
religious: ``Dr med``, ``Ven.``, ``Imam``, ``Fr``, ``Sr``, ``Rabbi``, ``Pastor``) are cues left out of the span; Irish,
Welsh, Maori and Dutch particles (``Mac an Bhaird``, ``Ó hAodha``, ``ap Rhys``, ``Te Rangi``) and a quoted nickname
(``Margaret "Peggy" Hollister``) are inside it; a romanised Chinese name keeps the English given name after its comma
(``Tan Hui Min, Cecilia``), judged by the pinyin syllable inventory and romanised surnames of ``romanised_zh.yaml``.

Every text here is invented for this file.
"""
from __future__ import annotations


from oncostruct.extractors.deid.detect import PhiDetector
from oncostruct.extractors.deid.names import EnglishNames, pinyin_word
from tests.deid_helpers import doubling_ratio, spans, table_tests

FOUND = [
    ("en", "Chaplaincy visit by Rev. Morwenna Treloar today.", "NAME", "Morwenna Treloar"),
    ("en", "Spiritual care: Rabbi Ezra Goldfarb will call.", "NAME", "Ezra Goldfarb"),
    ("en", "Present: Sr Bríd Nic Gearailt, ward sister.", "NAME", "Bríd Nic Gearailt"),
    ("en", "Name: Dr med Konstantin von der Heide\n", "NAME", "Konstantin von der Heide"),
    ("en", "Operator: Dr med T. K. Mac an tSionnaigh\n", "NAME", "T. K. Mac an tSionnaigh"),
    ("en", "Pastoral: Ven. Thich Quang Minh visited.\n", "NAME", "Thich Quang Minh"),
    ("en", "Visit from Imam Yusuf Al-Haddad on Friday", "NAME", "Yusuf Al-Haddad"),
    ("en", "Seen by Fr Ciarán Ó hAodha today.", "NAME", "Ciarán Ó hAodha"),
    ("en", "Witness: Gwenllian ab Iorwerth\n", "NAME", "Gwenllian ab Iorwerth"),
    ("en", "Signed: Rhodri ap Gwilym\n", "NAME", "Rhodri ap Gwilym"),
    ("en", "handed to Siobhán Mac Giolla Bhríde (RN)", "NAME", "Siobhán Mac Giolla Bhríde"),
    ("en", 'Name: Roberta "Bobbie" Quenneville\n', "NAME", 'Roberta "Bobbie" Quenneville'),
    ("en", "Patient: Liew Mei Xian, Jasmine   DOB 1/2/1970", "NAME", "Liew Mei Xian, Jasmine"),
    ("en", "Member name: Chan Siu Ming, Derek            DOB", "NAME", "Chan Siu Ming, Derek"),
    ("en", "Copy to: Dr Tan Hui Min, Cecilia, Maple Leaf Family Practice", "NAME", "Tan Hui Min, Cecilia"),
    ("en", "Contact: Ouyang Xiaoming, Peter (son)", "NAME", "Ouyang Xiaoming, Peter"),
    # uncued: a romanised Chinese name by its surname and syllables; initials before a particle surname; a nickname
    ("en", "handed from Ellis to Kwok Mei Yee (receiving RN)", "NAME", "Kwok Mei Yee"),
    ("en", "Yours,\n\nLoh Kah Seng, Vincent CNC  Palliative care\n", "NAME", "Loh Kah Seng, Vincent"),
    ("en", "met Shangguan Wanqing yesterday", "NAME", "Shangguan Wanqing"),
    ("en", "reviewed 2023-01-04 by K. van der Walt\n", "NAME", "K. van der Walt"),
    ("en", "key worker      D. F. Ó Flaithearta\n", "NAME", "D. F. Ó Flaithearta"),
    # a title inside a list starts the next name; an abbreviated given name with its full stop (Ma. for Maria)
    ("en", "Present: Dr. Leila Nasser, Dr. Faisal bin Hamad Al Suwaidi, Dr. Noor Al Amiri", "NAME",
     "Faisal bin Hamad Al Suwaidi"),
    ("en", "Signed: Dr. Ma. Luisa Dimaculangan (Resident)\n", "NAME", "Ma. Luisa Dimaculangan"),
    ("en", 'Harold Bennett   (Harold "Hal" Bennett, prefers Hal)', "NAME", 'Harold "Hal" Bennett'),
]

LEFT_ALONE = [
    ("en", "Seen by Fr Ciarán Ó hAodha today.", "NAME", "Fr"),
    ("en", "Chaplaincy visit by Rev. Morwenna Treloar today.", "NAME", "Rev."),
    ("en", "Name: Dr med Konstantin von der Heide\n", "NAME", "med"),
    # a name, then a role after its comma: the role is no given name
    ("en", "Copy to: Dr Tan Ka Yan, Consultant, Maple Leaf Family Practice", "NAME", "Consultant"),
    # capitalised words that are syllables but written in lower case elsewhere: no romanised name
    ("en", "Flights via Hong Kong Island and back.", "NAME", "Hong Kong"),
    # a TNM stage and an abbreviation are no honorifics
    ("en", "Distant metastasis: pMX. Specimen received fresh.\n", "NAME", "Specimen"),
    ("en", "Stage: T2 N0 Mx. The margins are clear.\n", "NAME", "The margins"),
    ("en", "Rev Carcinoma protocol, see below\n", "NAME", "Carcinoma"),
]

test_found, test_left_alone = table_tests(FOUND, LEFT_ALONE)


def test_english_name_keeps_its_comma(detector: PhiDetector) -> None:
    """Two English names in a list: the second given name is not glued to the first name (no romanised surname)."""
    text = "Attendees: Mary Whitcombe, Grace, Tom and the charge nurse\n"
    assert ("NAME", "Mary Whitcombe") in spans(detector, text, "en")


def test_romanised_words_written_in_lower_case_are_no_name(detector: PhiDetector) -> None:
    """Capitalised syllables that the document also writes in lower case (a heading) are no romanised name."""
    text = "Ward: Lee Sun Bay\nthe sun room faces the bay\n"
    assert list(detector._names.romanised_chinese(text)) == []
    assert list(detector._names.romanised_chinese("Ward: Lee Sun Bay\n")) == [(6, 17)]


def test_pinyin_words() -> None:
    assert pinyin_word("Xiaodong") and pinyin_word("Xiao-Dong") and pinyin_word("WANQING") and pinyin_word("Yu")
    assert not pinyin_word("Smith") and not pinyin_word("Margaret") and not pinyin_word("")
    assert not pinyin_word("Zhangxiaodongwei")   # four syllables: no given name


def test_name_grammar_stays_linear() -> None:
    """50,000 characters of the new grammar's own vocabulary, repeated, through every English name pattern: linear."""
    from oncostruct.extractors.deid.config import load_config, recognizers_path
    from oncostruct.extractors.rules import load_pack

    rules = [(r.id, rx) for r, rx in load_pack(recognizers_path(load_config()))._compiled if r.id.startswith("deid.name_en")]
    assert len(rules) > 20
    for unit in ("Mac an ", "Dr med ", 'Ann "Bo" ', "Sr Fr Rev. ", "Ó hA ", "Mac an tA ", "ap Rhys ", 'A "B" C, '):
        ratio = doubling_ratio(lambda text: [list(rx.finditer(text)) for _, rx in rules], unit)
        assert ratio < 3.5, (unit, ratio)   # linear: about 2; quadratic: about 4
    names = EnglishNames([])
    for unit in ("Tan Ka Yan, ", "Tan Ka ", "A. van ", "A. B. Ó ", 'Ann "Bo" ', "Xiaodong "):
        ratio = doubling_ratio(lambda text: (list(names.romanised_chinese(text)), list(names.initials(text)),
                                             list(names.name_pairs(text, True))), unit)
        assert ratio < 3.5, (unit, ratio)
    assert doubling_ratio(pinyin_word, "a") < 3.5
