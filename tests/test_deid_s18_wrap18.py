"""The shapes of scanned and exported text (session 18, branch wrap18): text stacked one character a line (a vertical
stamp, a page turned 90° and OCR'd), values cut by a hard wrap inside a fixed-width column or an English line cut at
a fixed width, and month-day dates without a year made safe by their cue class.

Every text here is invented for this file.
"""
from __future__ import annotations

import pytest

from oncostruct.extractors.deid.detect import PhiDetector
from oncostruct.extractors.deid.spaced import unstacked
from oncostruct.extractors.deid.wrapped import unwrapped, wrap


@pytest.fixture(scope="module")
def detector() -> PhiDetector:
    return PhiDetector()


def found(detector: PhiDetector, text: str, lang: str | None = None) -> list[tuple[str, str]]:
    return [(s.category, text[s.start:s.end]) for s in detector.detect(text, lang)]


def values(detector: PhiDetector, text: str, category: str, lang: str | None = None) -> list[str]:
    return [v for c, v in found(detector, text, lang) if c == category]


def stack(word: str) -> str:
    return "\n".join(word)


# --- one character a line ---------------------------------------------------------------------------------------

def test_unstacked_view_joins_runs_and_maps_back() -> None:
    text = "前言\n" + stack("甲乙丙丁戊") + "\n\n后记"
    view, offsets, joints = unstacked(text)
    assert view == "前言\n甲乙丙丁戊\n\n后记"
    assert offsets[view.index("戊")] == text.index("戊")
    assert len(joints) == 4


def test_unstacked_keeps_a_space_line_as_the_word_gap() -> None:
    view, _, _ = unstacked("x\n" + stack("AB CD") + "\n")
    assert "AB CD" in view


def test_unstacked_leaves_short_runs() -> None:
    assert unstacked("甲\n乙\n丙\n正文一行") is None
    assert unstacked("no stacked text here\nat all") is None


def test_vertical_stamp_hospital(detector: PhiDetector) -> None:
    text = "治疗结束，送返病房。\n" + stack("东川医科大学第三附属医院") + "\n\n第2页"
    orgs = values(detector, text, "ORGANIZATION", "zh")
    assert any(stack("东川医科大学第三附属医院") in v for v in orgs)


def test_vertical_stamp_dates(detector: PhiDetector) -> None:
    text = "核对完毕\n" + stack("输血科") + "\n \n" + stack("20190714") + "\n临床核对"
    assert stack("20190714") in values(detector, text, "DATE", "zh")
    text = "ISSUED\n" + stack("7/9/21") + "\n"
    assert stack("7/9/21") in values(detector, text, "DATE", "en")


def test_vertical_instructions_not_redacted(detector: PhiDetector) -> None:
    assert found(detector, "用法：\n" + stack("每日一次口服"), "zh") == []


# --- a hard wrap inside a value --------------------------------------------------------------------------------

_LOG = ("[scan rotated 90 degrees; OCR reflowed the landscape page]\n"
        "Pickup 03/02/2021   Courier route 7 to depot\n"
        "Time   Temp C  Tube ID          Patient\n"
        "08:10  4.1    Q21-580417     HALVORSEN, GRET\n"
        "A       serum tube\n"
        "08:55  3.7    Q21-580902     MADUEKE, CHIDIE\n"
        "BERE    plasma tube\n"
        "09:40  5.2    Q21-581366     TORVALDS, INGRI\n"
        "D       whole blood\n"
        "Checked by the courier on arrival, no notes\n")


def test_fixed_width_english_wrap_found() -> None:
    assert wrap(_LOG) is not None


def test_fixed_width_column_cut_name(detector: PhiDetector) -> None:
    names = values(detector, _LOG, "NAME", "en")
    assert "HALVORSEN, GRET\nA" in names


def test_english_word_wrap_is_no_cut() -> None:
    prose = ("The patient tolerated the infusion well and\nwas observed for thirty minutes before the\n"
             "line was flushed and the port was de-accessed\nwithout any difficulty or any complaint.\n")
    assert wrap(prose) is None


def test_cut_date_joined() -> None:
    flat = ("Consent signed in clinic by the patient for photographs of the wound only. Signature on file after a long talk today, "
            "Date: 11/03/2021, witnessed by the nurse on duty; the images are kept in the record and not released.")
    text = "\n".join(flat[i:i + 44] for i in range(0, len(flat), 44)) + "\n"
    width = wrap(text)
    assert width is not None
    assert "11/03/2021" not in text
    view, _, _ = unwrapped(text, *width)
    assert "11/03/2021" in view


# --- month-day dates with a cue ----------------------------------------------------------------------------------

@pytest.mark.parametrize("text,value", [
    ("居家医疗团队承接，首次上门 3/9；联系人见附页", "3/9"),
    ("转介营养科，初诊 2-14。", "2-14"),
    ("冲管顺利。下次维护：8/3\n", "8/3"),
    ("化疗计划开始日期：9-26，请于此前完成评估。", "9-26"),
    ("主管医师意见：建议6/23前复查。", "6/23"),
    ("有氧训练，每周3次（12-5起）；", "12-5"),
])
def test_zh_month_day_with_cue(detector: PhiDetector, text: str, value: str) -> None:
    assert value in values(detector, text, "DATE", "zh")


@pytest.mark.parametrize("text,value", [
    ("Vendor visit rescheduled to 8/27.\n", "8/27"),
    ("Missed fx 3/16: transport fell through.", "3/16"),
    ("Referred to psycho-oncology; appointment 10/4. Seen", "10/4"),
    ("Usual weight 70.2 kg (11/5), BMI 22.", "11/5"),
    ("UBW 81 kg (04/2021), BMI 24.", "04/2021"),
])
def test_en_month_day_with_cue(detector: PhiDetector, text: str, value: str) -> None:
    assert value in values(detector, text, "DATE", "en")


@pytest.mark.parametrize("text", [
    "下次维护：1-2周后", "复诊 2-3天", "ECOG 1/2分", "淋巴结（0/12）", "3/4级骨髓抑制起", "评分 4/10",
    "rescheduled to 1/2 dose", "BP 120/80 mmHg", "pT2N1 (3/14 nodes)", "70 kg (±2)",
])
def test_not_dates(detector: PhiDetector, text: str) -> None:
    assert values(detector, text, "DATE") == []


def test_aligned_rows_do_not_choose_the_wrap_measure(detector: PhiDetector) -> None:
    flat = ("本人自愿同意由医院对本人颈部淋巴结区域进行医学摄影，所摄照片仅用于病历记录与会诊，不用于出版或教学。"
            "本人视力差，由家属代签（身份证 110105198803154417）。相机为科室设备，机身号未登记，照片已上传至影像系统归档保存，"
            "如需调阅请向科室申请，登记后方可查看。照片保存期限与病历相同。")
    cut = "\n".join(flat[i:i + 36] for i in range(0, len(flat), 36))
    rows = "序号  文件名         部位        拍摄者\n" + "\n".join(
        f"{i}     DSC1000{i}.JPG   左侧      某某某" for i in range(1, 5))
    text = "标题\n" + cut + "\n\n" + rows + "\n"
    assert "110105198803154417" not in text
    assert wrap(text) == (36, len)
    ids = [v.replace("\n", "") for v in values(detector, text, "ID_NUMBER", "zh")]
    assert "110105198803154417" in ids


def test_space_cut_latin_line() -> None:
    lines = ["Northfield Cancer Centre, 12 Kestrel Rd ", "Suite 4, Port Haverly, ME 04101; phone o",
             "n request only; the fax is not in use an", "y more for this clinic."]
    text = "\n".join(lines) + "\n"
    width = wrap(text)
    assert width is not None
    view, _, _ = unwrapped(text, *width)
    assert view == "".join(lines) + "\n"
