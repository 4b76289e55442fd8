"""De-identification round 8 (issue 18, branch deidrules8): context cues around a candidate for formats nobody tuned
on. Organisations named by brand alone (after a verb of employment, insurance or use; a CamelCase brand after a
channel word; a role label), addresses without a street cue (city + state after a residence cue, PO boxes with
their city line, rural Chinese addresses, 住 + address), names split by a line break or spaces in short fields and
cells, OCR-garbled names, names after verbs of handing over, rarer date forms, phones and IDs with other separators,
messaging handles, SN / LOT prefixes inside device serials, and neighbouring spans of one category joined.

Every text here is invented for this file; each mechanism has cases it must find and cases it must leave alone.
"""
from __future__ import annotations

import pytest

from oncostruct.extractors.deid.detect import PhiDetector, PhiSpan, joined
from tests.deid_helpers import covered


@pytest.fixture(scope="module")
def detector() -> PhiDetector:
    return PhiDetector()


def one_span(detector: PhiDetector, text: str, value: str, category: str, lang: str) -> bool:
    """``value`` lies inside a single predicted span of ``category``."""
    i = text.find(value)
    assert i >= 0
    return any(s.start <= i and i + len(value) <= s.end and s.category == category
               for s in detector.detect(text, lang))


def categories(detector: PhiDetector, text: str, lang: str) -> set[str]:
    return {s.category for s in detector.detect(text, lang)}


FOUND = [
    # organisations by brand alone, in context
    ("zh", "患者退休前就职于华宏，现居深圳。", "ORGANIZATION", "华宏"),
    ("zh", "已投保康宁，理赔材料已提交。", "ORGANIZATION", "康宁"),
    ("zh", "家属在爱心筹发起筹款。", "ORGANIZATION", "爱心筹"),
    ("zh", "女儿在星云上班，下周来院。", "ORGANIZATION", "星云"),
    ("zh", "通过善缘筹募集治疗费用。", "ORGANIZATION", "善缘筹"),
    ("zh", "CRO：汇康  CRA：略", "ORGANIZATION", "汇康"),
    ("en", "He works at Zentrix as an engineer.", "ORGANIZATION", "Zentrix"),
    ("en", "She is insured by Meridell and has a copay.", "ORGANIZATION", "Meridell"),
    ("en", "Patient is employed by Corvane since 2010.", "ORGANIZATION", "Corvane"),
    ("en", "Coverage through Halvorn; prior auth pending.", "ORGANIZATION", "Halvorn"),
    ("en", "The nurse paged via Quorra badge.", "ORGANIZATION", "Quorra"),
    ("en", "Family started a HelpFundr page to cover costs.", "ORGANIZATION", "HelpFundr"),
    ("en", "Messaged the team via PulseLink tonight.", "ORGANIZATION", "PulseLink"),
    ("en", "SUPERIOR COURT OF CALIFORNIA, COUNTY OF ALAMEDA\nCase", "ORGANIZATION",
     "SUPERIOR COURT OF CALIFORNIA, COUNTY OF ALAMEDA"),
    # addresses without a street cue
    ("en", "He moved to Durham, NC last spring.", "ADDRESS", "Durham, NC"),
    ("en", "Moved to Boise, Idaho in 2019.", "ADDRESS", "Boise, Idaho"),
    ("en", "Patient resides in Flagstaff, Arizona.", "ADDRESS", "Flagstaff, Arizona"),
    ("en", "Mail results to PO Box 512, Tulsa, OK 74101.", "ADDRESS", "PO Box 512, Tulsa, OK 74101"),
    ("en", "Lives at Rural Route 2 Box 18, Ames.", "ADDRESS", "Rural Route 2 Box 18"),
    ("zh", "户籍：广西百色市田阳县那坡镇那满屯12号", "ADDRESS", "广西百色市田阳县那坡镇那满屯12号"),
    ("zh", "现居湖南省邵阳市新宁县黄龙镇大塘村5组。", "ADDRESS", "湖南省邵阳市新宁县黄龙镇大塘村5组"),
    ("zh", "女，61岁，住阳光花园3栋2单元501室，", "ADDRESS", "阳光花园3栋2单元501室"),
    # names split in short fields and cells, OCR-garbled, after verbs of handing over
    ("zh", "姓名：王\n小红  性别：女", "NAME", "王\n小红"),
    ("zh", "姓  名：王  小红  性别：女", "NAME", "王  小红"),
    ("zh", "| 患者 | 李  明 | 男 |", "NAME", "李  明"),
    ("en", "Name: John\nSmith\nDOB: 1/2/1950", "NAME", "John\nSmith"),
    ("en", "Patient Name:  SMITH ,  JOHN", "NAME", "SMITH ,  JOHN"),
    ("en", "Pt Name: MARGARET 0'NEIL", "NAME", "MARGARET 0'NEIL"),
    ("en", "Name: 01ga Petrova\nDOB", "NAME", "01ga Petrova"),
    ("en", "seen by Dr. Hi1l today", "NAME", "Hi1l"),
    ("zh", "标本已交给刘建国签收。", "NAME", "刘建国"),
    ("zh", "由张秀兰陪同前来。", "NAME", "张秀兰"),
    ("zh", "陪同刘春燕至影像科检查。", "NAME", "刘春燕"),
    # dates in rarer forms
    ("zh", "出生年份：1952年", "DATE", "1952"),
    ("zh", "于二〇二三年三月行手术。", "DATE", "二〇二三年三月"),
    ("zh", "二〇二三年确诊。", "DATE", "二〇二三年"),
    ("zh", "2019年底复发，", "DATE", "2019年底"),
    ("en", "Diagnosed in '23 with stage II disease.", "DATE", "'23"),
    ("en", "Last scan Q3 2023 showed response.", "DATE", "Q3 2023"),
    ("zh", "23.3.5复查CT。", "DATE", "23.3.5"),
    ("en", "Seen Monday, March 6, 2023 in clinic.", "DATE", "Monday, March 6, 2023"),
    ("zh", "2023年3月5日（周日）复查。", "DATE", "2023年3月5日（周日）"),
    ("en", "Born 1948 in Ohio.", "DATE", "1948"),
    ("en", "Follow-up on Tue 3/7.", "DATE", "Tue 3/7"),
    # phones and identifiers with other separators
    ("zh", "电话 138.1234.5678", "PHONE", "138.1234.5678"),
    ("zh", "手机：0086-138-1234-5678", "PHONE", "0086-138-1234-5678"),
    ("en", "cell 617/555-0134", "PHONE", "617/555-0134"),
    ("en", "call 617 555 0134 after 5", "PHONE", "617 555 0134"),
    ("en", "Tel +44 20 7946 0958", "PHONE", "+44 20 7946 0958"),
    ("en", "WhatsApp +44 7700 900123", "PHONE", "+44 7700 900123"),
    ("en", "SSN 123 45 6789", "ID_NUMBER", "123 45 6789"),
    ("en", "SSN: 123.45.6789", "ID_NUMBER", "123.45.6789"),
    ("zh", "身份证：110105-19491231-0021", "ID_NUMBER", "110105-19491231-0021"),
    # messaging handles
    ("zh", "钉钉：dd_zhangsan01", "CONTACT", "dd_zhangsan01"),
    ("zh", "飞书号 wanglei_fs", "CONTACT", "wanglei_fs"),
    ("en", "LINE ID: mika_0915", "CONTACT", "mika_0915"),
    ("en", "Telegram @john_doe88", "CONTACT", "@john_doe88"),
    ("en", "DM me on Instagram @sarahk", "CONTACT", "@sarahk"),
    ("zh", "微博@小红的日常", "CONTACT", "@小红的日常"),
    ("en", "reach me @rosa_okafor88 on there", "CONTACT", "@rosa_okafor88"),
    # device serials: the value only, its SN word outside (prec16, PHI_GUIDELINE DEVICE_ID: SN: ⟦PWP452198⟧); a lot's
    # LOT prefix written into the value stays
    ("en", "Port (serial SN RH8445879) remains", "DEVICE_ID", "RH8445879"),
    ("zh", "产品批号：LOT KXU62054\n", "DEVICE_ID", "LOT KXU62054"),
]


@pytest.mark.parametrize("lang, text, category, value", FOUND)
def test_found_in_one_span(detector: PhiDetector, lang: str, text: str, category: str, value: str) -> None:
    assert one_span(detector, text, value, category, lang), detector.detect(text, lang)


@pytest.mark.parametrize("lang, text, category", [
    ("zh", "就职于当地一家工厂，", "ORGANIZATION"),
    ("zh", "投保商业保险，", "ORGANIZATION"),
    ("zh", "儿子在外地打工，", "ORGANIZATION"),
    ("zh", "在网上发起筹款。", "ORGANIZATION"),
    ("zh", "供应商：无", "ORGANIZATION"),
    ("en", "She works at the hospital as a nurse.", "ORGANIZATION"),
    ("en", "Messages via the patient portal were read.", "ORGANIZATION"),
    ("en", "Discussed with McDonald and DeVita.", "ORGANIZATION"),
    ("en", "Jane Roe, MD said the margins are clear.", "ADDRESS"),
    ("zh", "，住院期间无特殊。", "ADDRESS"),
    ("zh", "由于化疗后白细胞低。", "NAME"),
    ("zh", "经查体未见异常。", "NAME"),
    ("zh", "报告已交给患者本人。", "NAME"),
    ("zh", "术中输液 晶体1905ml，尿量505ml", "DATE"),
    ("en", "NRS-2002 score 4; dose 2000 mg", "DATE"),
    ("zh", "每周一复查血常规。", "DATE"),
    ("en", "Ki-67 +2 cells, PLT 150 000", "PHONE"),
    ("zh", "微信群里说了", "CONTACT"),
    ("en", "HR 88 @rest, write to a.b@example.com", "CONTACT"),
])
def test_left_alone(detector: PhiDetector, lang: str, text: str, category: str) -> None:
    assert category not in categories(detector, text, lang) or (
        category == "CONTACT" and [text[s.start:s.end] for s in detector.detect(text, lang)] == ["a.b@example.com"])


def test_neighbours_of_one_category_join_across_their_gap() -> None:
    import re
    text = "PO Box 5, Tulsa, OK 74101; 2023-03-05 2023-04-01"
    spans = [PhiSpan(0, 8, "ADDRESS", 0.9, "a"), PhiSpan(10, 25, "ADDRESS", 0.8, "b"),
             PhiSpan(27, 37, "DATE", 0.9, "c"), PhiSpan(38, 48, "DATE", 0.9, "d")]
    gaps = {"ADDRESS": re.compile(r"[ ]{0,2},?[ ]{0,2}")}
    out = joined(spans, text, gaps)
    assert [(s.start, s.end, s.category) for s in out] == [(0, 25, "ADDRESS"), (27, 37, "DATE"), (38, 48, "DATE")]
    assert out[0].confidence == 0.9
    # an address and a date are never joined, nor two addresses with words between them
    assert len(joined([PhiSpan(0, 3, "ADDRESS", 1, "a"), PhiSpan(4, 6, "DATE", 1, "b")], "abc de", gaps)) == 2
    assert len(joined([PhiSpan(0, 3, "ADDRESS", 1, "a"), PhiSpan(8, 9, "ADDRESS", 1, "b")], "abc and d", gaps)) == 2


def test_split_name_found_in_a_table_is_one_name(detector: PhiDetector) -> None:
    text = "| 床号 | 姓名 | 诊断 |\n| 12 | 周  晓东 | 肺癌 |\n"
    assert covered(detector, text, "周  晓东")
