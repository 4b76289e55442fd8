"""Text produced by conversion and machine formats (session 19, branch conv19): tracked changes exported as text
(CriticMarkup and bracketed revisions), a word or a number broken at a hyphen by PDF-to-text, vCard structured
properties, keyed lots and CGM part ids in INI / key=value exports, wiki user links and exported Word comments.

Every text here is invented for this file.
"""
from __future__ import annotations

import pytest

from oncostruct.extractors.deid.conversion import dehyphenated, revision_view, vcard_spans
from tests.deid_helpers import holds, spans


# --- tracked changes: the old and the new text are both read ---------------------------------------------------

@pytest.mark.parametrize("text, category, value", [
    ("Thank you for seeing {--Petra L. Omondi--}{++Petra Omondi++}, now stable.", "NAME", "Petra L. Omondi"),
    ("Thank you for seeing {--Petra L. Omondi--}{++Petra Omondi++}, now stable.", "NAME", "Petra Omondi"),
    ("She had surgery on {--07/14/2021--}{++07/16/2021++} without event.", "DATE", "07/14/2021"),
    ("She had surgery on {~~03/02/2020~>03/04/2020~~} as planned.", "DATE", "03/02/2020"),
])
def test_tracked_changes_read_as_prose(detector, text, category, value):
    assert holds(detector, text, "en", category, value)


def test_bracketed_revision_read_as_prose(detector):
    text = "患者工作单位：[插入: 临川市自来水公司]\n"
    assert holds(detector, text, "zh", "ORGANIZATION", "临川市自来水公司")


def test_revision_view_keeps_length_and_plain_text():
    text = "a {--b--}{++c++} [Deleted: d] e"
    view = revision_view(text)
    assert view is not None and len(view) == len(text)
    assert "{" not in view and "[" not in view and "]" not in view
    assert revision_view("no marks here [1] {x}") is None


# --- a hyphen at a line's end inside a word or a number --------------------------------------------------------

@pytest.mark.parametrize("text, lang, category, value", [
    ("He was referred by Dr. Nadia Feather-\nstonehaugh last week.", "en", "NAME", "Feather-\nstonehaugh"),
    ("Slides under accession Q19-44-\n207 were reviewed.", "en", "RECORD_NUMBER", "Q19-44-\n207"),
    ("家属联系电话（1396600-\n2817）已核实。", "zh", "PHONE", "1396600-\n2817"),
])
def test_hyphen_line_break_spans_the_break(detector, text, lang, category, value):
    i = text.index(value)
    assert any(s.start <= i and i + len(value) <= s.end for s in detector.detect(text, lang))


def test_dehyphenated_only_at_a_hyphen_before_lower_case_or_digit():
    assert dehyphenated("a list\n- item\n- item") is None
    assert dehyphenated("Summary-\nNext Heading") is None   # a capital opens a new line, not a word's rest
    view, offsets, joints = dehyphenated("Feather-\nstone")
    assert view == "Feather-stone" and joints == {8}


# --- vCard ------------------------------------------------------------------------------------------------------

_VCARD = ("BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Imre Castellane\r\nN:Castellane;Imre;;Dr.;\r\n"
          "ADR;TYPE=home:;;48 Quillfeather Road;Brackenmoor;OH;44921;USA\r\nNOTE:Emergency contact\r\nEND:VCARD\r\n")


def test_vcard_parts():
    got = {(_VCARD[a:b], cat) for a, b, cat in vcard_spans(_VCARD)}
    assert ("Imre Castellane", "NAME") in got
    assert ("Castellane", "NAME") in got and ("Imre", "NAME") in got
    assert ("Brackenmoor", "ADDRESS") in got and ("44921", "ADDRESS") in got
    assert ("48 Quillfeather Road", "ADDRESS") in got
    texts = {t for t, _ in got}
    assert "OH" not in texts and "USA" not in texts and "Dr." not in texts   # region, country, prefix: not PHI


def test_vcard_zh(detector):
    text = "BEGIN:VCARD\nVERSION:3.0\nFN:隋振东\nN:隋;振东;;;\nADR;TYPE=home:;;和平里9号3单元502室;临川市;南岭省;330215;中国\nEND:VCARD\n"
    for value, category in [("隋", "NAME"), ("振东", "NAME"), ("临川市", "ADDRESS"), ("330215", "ADDRESS")]:
        i = text.index(value, text.index("N:隋") if category == "NAME" else 0)
        assert any(s.category == category and s.start <= i and i + len(value) <= s.end
                   for s in detector.detect(text, "zh")), value


def test_no_vcard_no_spans():
    assert vcard_spans("N:1;2;3\nADR:;;a;b;c;d;e") == []   # no BEGIN:VCARD: an ordinary key list


# --- keyed device values, wiki user links, Word comments -------------------------------------------------------

@pytest.mark.parametrize("text, value", [
    ("[port]\nserial=SN7730215\n批号=Q736251\nimplanted=2022-03-01\n", "Q736251"),
    ("[cgm]\ntransmitter = 7QWX2K\nstart = 2024-02-02\n", "7QWX2K"),
    ("术中植入储液囊，囊批号 `PX55102`。", "PX55102"),
])
def test_keyed_device_ids(detector, text, value):
    assert holds(detector, text, "zh" if "囊" in text else "en", "DEVICE_ID", value)


@pytest.mark.parametrize("text, value", [
    ("[drug]\n药品批号=1230405\n", "1230405"),
    ("[cgm]\nsensor = 10\n", "10"),
])
def test_keyed_not_device_ids(detector, text, value):
    assert not any(c == "DEVICE_ID" and v == value for c, v in spans(detector, text, "en"))


def test_wiki_user_link_is_a_handle(detector):
    text = "*Last edited 2024-01-09 by [[User:tquarrie]]*\n"
    assert holds(detector, text, "en", "CONTACT", "tquarrie")
    assert not any(v == "Oncology" for _, v in spans(detector, "See [[Category:Oncology]] for more.", "en"))


def test_word_comment_author(detector):
    text = "[Comment [RV1]: Rosalind Vantongeren 2024-02-02 - please recheck the dose]\n"
    assert holds(detector, text, "en", "NAME", "Rosalind Vantongeren")
    assert not any(c == "NAME" for c, _ in spans(detector, "[Comment [RV1]: please add the date]\n", "en"))


# --- not PHI: a configuration's machinery, a procedure's consumable, a converted document's heading ----------

@pytest.mark.parametrize("text, value", [
    ("[sync]\nendpoint = https://api.vendor-q.invalid/v3\n", "https://api.vendor-q.invalid/v3"),
    ("[系统]\nserver=10.20.30.40\ntimeout=30\n", "10.20.30.40"),
    ("proxy: 192.168.7.7\n", "192.168.7.7"),
])
def test_config_server_address_is_no_contact(detector, text, value):
    assert not any(c == "CONTACT" and value in v for c, v in spans(detector, text, "en"))


@pytest.mark.parametrize("text, value", [
    ("Patient portal: https://portal.brightwater-health.org/u/8821\n", "https://portal.brightwater-health.org/u/8821"),
    ("Login from 10.20.30.40 at 09:12 by the patient\n", "10.20.30.40"),
])
def test_contact_outside_a_config_kept(detector, text, value):
    assert holds(detector, text, "en", "CONTACT", value)


@pytest.mark.parametrize("text, lang, value", [
    ("Tibial component SN KT55120; bone cement lot CX30017 mixed at 10:40.", "en", "CX30017"),
    ("骨水泥批号：BQ771203，术中使用。", "zh", "BQ771203"),
])
def test_bone_cement_lot_is_a_consumable(detector, text, lang, value):
    assert not any(c == "DEVICE_ID" and v == value for c, v in spans(detector, text, lang))


def test_implant_lot_still_device(detector):
    assert holds(detector, "Tibial component lot KT55120 implanted.", "en", "DEVICE_ID", "KT55120")


@pytest.mark.parametrize("text", ["【PDF转换·含批注】 临川市人民医院 出院记录", "[OCR识别·表格区域 置信度 0.80]"])
def test_heading_glued_to_a_program_name_is_no_name(detector, text):
    assert not any(c == "NAME" for c, _ in spans(detector, text, "zh"))


@pytest.mark.parametrize("text, value", [
    ("患者姓名：娜迪拉·吾斯曼   性别：女", "娜迪拉·吾斯曼"),
    ("请问是阿卜杜·热合曼的家属吗", "阿卜杜·热合曼"),
])
def test_transliterated_name_still_found(detector, text, value):
    assert holds(detector, text, "zh", "NAME", value)
