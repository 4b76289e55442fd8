"""De-identification of names, organisations, addresses and dates on unseen formats (issue 18, branch deidword14):
general mechanisms rather than cues per format. A word of not_phi in a person's slot (sex or age after it); a Chinese
name cut short of its given name; list members with a bracket parted by ；; the other values of a label-value row;
romanised names surname first; XML elements read as labelled fields; organisations by their shape (an affiliated
campus in 院, a sealed unit, a company with its city in brackets, a brand and its trade) and the units after them;
address parts (an estate's name, a Hong Kong flat, a Singapore block, a block's town and postcode lines); dates
without a year. And what each must leave alone.

Every text here is invented for this file; each mechanism has cases it must find and cases it must leave alone.
"""
from __future__ import annotations

from oncostruct.extractors.deid.markup import after_colon, markup_view
from oncostruct.extractors.deid.zh_names import completed, row_members
from tests.deid_helpers import table_tests

FOUND = [
    # a not_phi word in a person's slot
    ("zh", "病历首页\n姓名：金秋　性别：女　年龄：71岁", "NAME", "金秋"),
    ("zh", "现有患者金秋，因胃癌入院。\n存根\n患者姓名 金秋　性别 男　年龄 66岁", "NAME", "金秋"),   # spread to the prose
    # a name cut short, completed to the field's end
    ("zh", "门诊病历\n邱雅和 女 52岁 门诊号00321", "NAME", "邱雅和"),
    ("zh", "2025-01-02 09:10  诸葛和平：\n收到，谢谢。", "NAME", "诸葛和平"),
    # list members with their relation in brackets, parted by ；
    ("zh", "家庭成员：欧阳云和（侄女）；邵立成（子）\n低保：无", "NAME", "邵立成"),
    # the other values of a row of label-value pairs
    ("zh", "│审方 司马秋兰  调配 江和远  核对 陶一鸣\n", "NAME", "江和远"),
    # romanised names
    ("en", "Re: Claim for TANG Yuemei - policy 12-3", "NAME", "TANG Yuemei"),
    ("en", "Chair: LEUNG Wai Kit   Scribe: NG Siu Fan", "NAME", "LEUNG Wai Kit"),
    ("en", "Pharmacist: CHOW, MEI LING\nDispensed", "NAME", "CHOW, MEI LING"),
    ("en", "Scribe: LAU Siew Hoon\n", "NAME", "LAU Siew Hoon"),
    ("en", "Transport booked with Careline NEMT, confirmation 12", "ORGANIZATION", "Careline NEMT"),
    ("en", "Clinic Note\nBarrow, Ines | DOB 1/2/1950", "NAME", "Barrow, Ines"),
    ("en", "Seen 2/3/24\nHOLLOWAY, PETRA J\n12 Fern St", "NAME", "HOLLOWAY, PETRA J"),
    ("en", "Works for me. See you Friday. -Q.", "NAME", "Q."),
    ("en", "Radiology (Thornbury): no new lesions.", "NAME", "Thornbury"),
    ("en", "Present: K. Fairbanks (surgery), L. Nurse (radiology)", "NAME", "L. Nurse"),
    ("en", "Dictated: Dr Y   Transcribed: QP   Signed", "NAME", "QP"),
    ("zh", "受试者编号：S01-001　姓名缩写：WQL　性别：男", "NAME", "WQL"),
    # XML elements and attributes read as labelled fields
    ("zh", "<病案>\n  <编码员>樊丽萍</编码员><质控>甲</质控>\n</病案>", "NAME", "樊丽萍"),
    ("zh", '<手术 术者="柯建国" 麻醉="全麻"/>', "NAME", "柯建国"),
    # organisations by shape, and their units
    ("zh", "确诊医院：临江某山大学附属城南院  确诊日期", "ORGANIZATION", "临江某山大学附属城南院"),
    ("zh", "医师：王某某      病案科（盖章）\n二〇二五年一月二日", "ORGANIZATION", "病案科"),
    ("zh", "送检远拓基因科技（苏州）有限公司，见附件", "ORGANIZATION", "远拓基因科技（苏州）有限公司"),
    ("zh", "③参加瑞泽医药发起的临床试验", "ORGANIZATION", "瑞泽医药"),
    ("zh", "服务机构：青田县人民医院（居家护理团队）", "ORGANIZATION", "居家护理团队"),
    ("en", "Performed at: Quillon Labs - Brookvale, 12 Main St", "ORGANIZATION", "Brookvale"),
    ("en", "Biopsy at Lianjiang Union Hospital Ningbo on May 3", "ORGANIZATION", "Lianjiang Union Hospital Ningbo"),
    ("en", "Manufacturer: Corvalis plc\nModel", "ORGANIZATION", "Corvalis plc"),
    # address parts
    ("zh", "现住址：浙江省湖州市吴兴区青铜路88号云溪花苑12幢2单元301室，电话", "ADDRESS", "云溪花苑12幢2单元301室"),
    ("zh", "现住址 | 安徽省合肥市蜀山区长江西路12号和美新村3-2-1102\n", "ADDRESS", "和美新村3-2-1102"),
    ("en", "Address: Flat C, 8/F, Block 2, Lok Fu Gardens\n", "ADDRESS", "Flat C, 8/F, Block 2, Lok Fu Gardens"),
    ("en", "WINTER, JOAN\nBlk 33 Bedok North Ave 4, #07-112\nSingapore 460033\n", "ADDRESS", "Blk 33 Bedok North Ave 4, #07-112"),
    ("en", "WINTER, JOAN\nBlk 33 Bedok North Ave 4, #07-112\nSingapore 460033\n", "ADDRESS", "Singapore 460033"),
    ("en", "Clinic, 410 K St, Fresno, CA", "ADDRESS", "410 K St"),
    ("en", "Ms Quill\n4 Rowan Close\nDundee\nDD1 4HN\n\nDear Ms Quill", "ADDRESS", "Dundee\nDD1 4HN"),
    ("en", "Jo Ray\n77 Rue du Fort, Unit 4\nQuebec", "ADDRESS", "77 Rue du Fort, Unit 4"),
    # names by a title, a wide gap, a chat's speaker
    ("zh", "已电话联系某市第一人民医院药学部邝秀兰药师核对剂量", "NAME", "邝秀兰"),
    ("zh", "  存活\n审核        林洋  20240323\n备注", "NAME", "林洋"),
    ("zh", "2024-05-01 09:12  岁月静好：\n  好的，谢谢", "NAME", "岁月静好"),
    # dates without a year
    ("en", "Reviewed 14 Oct; copy to GP.", "DATE", "14 Oct"),
    ("en", "Imaging Sep 9: stable.", "DATE", "Sep 9"),
    ("zh", "维护记录：\n3/21　冲管+封管", "DATE", "3/21"),
    ("zh", "外露3cm  签名:金秋\n2/4  13:50  家属", "NAME", "金秋"),
    ("zh", "外露3cm  签名:金秋\n2/4  13:50  家属", "DATE", "2/4"),
    ("zh", "②参加百某神州发起的临床试验", "ORGANIZATION", "百某神州"),
    ("en", "Performed at: Quillon Labs - Brookvale, 12 Main St", "ORGANIZATION", "Quillon Labs - Brookvale"),
]

LEFT_ALONE = [
    ("zh", "金秋时节，患者精神可", "NAME", "金秋"),
    ("zh", "姓名 杭静怡  籍贯 江苏  民族 汉", "NAME", "江苏"),
    ("en", "NG Tube Feeds resumed; TAN Tumor Board notes", "NAME", "NG Tube"),
    ("en", "Radiology (CT): no new lesions.", "NAME", "CT"),
    ("en", "Fig. A (left) shows", "NAME", "A (left)"),
    ("en", "Cycle 4 May be delayed", "DATE", "4 May"),
    ("en", "Plan agreed with Thoracic Surgery today.", "ORGANIZATION", "Thoracic Surgery"),
    ("en", "Bellmont Medical Center - Clinical Laboratory\nPatient", "ORGANIZATION", "Clinical Laboratory"),
    ("en", "12 Oak Street\nDIAGNOSIS\nLung", "ADDRESS", "DIAGNOSIS"),
    ("en", "Room 12, Recovery Area\n", "ADDRESS", "Recovery Area"),
    ("zh", "不宜选用国产制药企业的仿制药", "ORGANIZATION", "制药"),
    ("zh", "\n1/2 tab 口服", "DATE", "1/2"),
    ("zh", "09:12  体温：\n37.5", "NAME", "体温"),
    ("zh", "由患者发起的申请", "ORGANIZATION", "患者"),
    ("en", "HER2,ER status; PR,KI67", "NAME", "HER2,ER"),
    ("zh", "约为17*8MM，CEA进行性升高", "NAME", "CEA"),
    ("zh", "已电话联系某市第一人民医院", "ORGANIZATION", "电话联系"),
]

test_found, test_left_alone = table_tests(FOUND, LEFT_ALONE)


def test_completed_takes_up_to_a_field_end() -> None:
    import re
    surname = re.compile("诸葛|欧阳|[石诸王]")
    assert completed("石淑和 女", 0, 2, surname) == 3
    assert completed("诸葛和平：", 0, 2, surname) == 4
    assert completed("王明说：", 0, 2, surname) == 2          # 说 ends no name
    assert completed("王明和家属商量", 0, 2, surname) == 2   # no field's end after 和


def test_row_members_need_a_found_name_in_a_slot() -> None:
    import re
    surname = re.compile("[江陶欧]|欧阳")
    text = "审方 欧阳和志  调配 江和思  核对 陶超\n"
    a = text.index("欧阳和志")
    assert set(row_members(text, [(a, a + 4)], surname)) == {(text.index("江和思"), text.index("江和思") + 3),
                                                                (text.index("陶超"), text.index("陶超") + 2)}
    assert list(row_members(text, [], surname)) == []


def test_markup_view_keeps_length_and_marks_colons() -> None:
    text = '<编码员>某某</编码员> <x a="1"/>'
    view, colons = markup_view(text)
    assert len(view) == len(text)
    assert view.startswith(" 编码员：某某")
    assert after_colon(view.index("某某"), colons, view)
    assert markup_view("no markup here") is None
