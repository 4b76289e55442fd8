#!/usr/bin/env python3
"""Seeded generator for blind PHI test set #2 (zh/en oncology text).

Templates embed PHI as [[CATEGORY|value]] markers; render() strips the markers
and records exact character offsets (end exclusive).  Run:  python3 gen_phi.py
"""
import json, random, re, datetime, collections, os, sys

SEED = 20261205
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "phi_blind.jsonl")
CATS = ["NAME", "ID_NUMBER", "PHONE", "ADDRESS", "RECORD_NUMBER", "ORGANIZATION",
        "DATE", "AGE", "CONTACT", "DEVICE_ID"]

R = random.Random(SEED)
MARK = re.compile(r"\[\[([A-Z_]+)\|(.*?)\]\]", re.S)


def M(cat, v):
    assert cat in CATS, cat
    return "[[%s|%s]]" % (cat, v)


def render(tpl):
    out, phi, pos, last = [], [], 0, 0
    for m in MARK.finditer(tpl):
        plain = tpl[last:m.start()]
        out.append(plain); pos += len(plain)
        cat, val = m.group(1), m.group(2)
        phi.append({"start": pos, "end": pos + len(val), "category": cat, "text": val})
        out.append(val); pos += len(val)
        last = m.end()
    out.append(tpl[last:])
    text = "".join(out)
    assert "[[" not in text and "]]" not in text, text[:200]
    for s in phi:
        assert text[s["start"]:s["end"]] == s["text"]
        assert s["text"] == s["text"].strip() and s["text"], s
    return text, phi


FW = str.maketrans({chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)})
def fw(s):
    return s.translate(FW)

# ---------------------------------------------------------------- pools
SUR1 = list("张王李刘陈杨赵黄周吴徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严莫孔向常汤")
SUR_RARE = list("缪栾仝隗禚佘蹇厍亓揭訾逄郗璩濮寇阙晏麴")
SUR2 = ["欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "司徒", "夏侯", "端木", "长孙"]
GIVEN = ["建国", "秀英", "桂兰", "国强", "志刚", "淑珍", "玉兰", "伟", "娜", "海", "洋", "静", "敏", "丽", "强", "磊",
         "军", "勇", "杰", "涛", "明", "超", "秀兰", "霞", "平", "刚", "桂英", "文", "华", "红", "建华", "建平", "建军",
         "春梅", "海燕", "晓东", "丽娟", "子轩", "雨涵", "浩然", "思远", "晨", "俊杰", "德福", "福生", "金凤", "凤英",
         "淑华", "振华", "卫东", "爱国", "胜利", "和平", "红梅", "翠花", "玉珍", "永刚", "立新", "光明", "春生", "秋菊",
         "冬梅", "向阳", "长江", "黎明", "安康", "国庆", "建设", "文静", "美丽"]
FIXED_ZH = ["张伟", "李娜", "王海", "刘洋", "欧阳娜娜", "司马光明", "王某某", "李某", "缪长江", "张某"]

EN_FIRST_M = ["James", "Robert", "Michael", "William", "David", "Richard", "Joseph", "Thomas", "Charles", "Daniel",
              "Mark", "Paul", "Steven", "Kenneth", "Hunter", "Dale", "Wade", "Earl", "Guy", "Frank", "Miles"]
EN_FIRST_F = ["Mary", "Patricia", "Jennifer", "Linda", "Elizabeth", "Barbara", "Susan", "Margaret", "Dorothy", "Grace",
              "Hope", "Faith", "June", "April", "Joy", "Rose", "Ruth", "Helen", "Emily", "Olivia", "Nora", "Ivy"]
EN_LAST = ["Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez",
           "Wilson", "Anderson", "Taylor", "Moore", "Jackson", "Baker", "Bishop", "Carter", "Parker", "Fisher",
           "O'Brien", "McAllister", "Nguyen", "Kowalski", "Okafor", "Haddad", "Rosenberg", "Lindqvist", "Young",
           "Little", "Hill", "Walker", "Stone", "Banks", "Chen", "Patel", "Van der Berg", "Sullivan", "Duarte"]

REGIONS = [("370102", "山东省", "济南市", "历下区"), ("410105", "河南省", "郑州市", "金水区"),
           ("340104", "安徽省", "合肥市", "蜀山区"), ("360102", "江西省", "南昌市", "东湖区"),
           ("430103", "湖南省", "长沙市", "天心区"), ("420106", "湖北省", "武汉市", "武昌区"),
           ("510104", "四川省", "成都市", "锦江区"), ("530102", "云南省", "昆明市", "五华区"),
           ("620102", "甘肃省", "兰州市", "城关区"), ("350102", "福建省", "福州市", "鼓楼区"),
           ("330106", "浙江省", "杭州市", "西湖区"), ("320106", "江苏省", "南京市", "鼓楼区"),
           ("210102", "辽宁省", "沈阳市", "和平区"), ("230103", "黑龙江省", "哈尔滨市", "南岗区"),
           ("110105", "", "北京市", "朝阳区"), ("310104", "", "上海市", "徐汇区")]
ROADS = ["解放路", "人民路", "建设大街", "文化路", "中山北路", "和平大道", "迎宾路", "长江路", "黄河路", "青年路",
         "胜利街", "团结路", "光明巷", "幸福里", "朝阳大街", "东风路", "新华路", "学府路"]
COMMUNITIES = ["阳光花园", "锦绣家园", "金色港湾", "翠湖小区", "滨江苑", "书香门第", "和谐新村", "碧水云天", "紫荆园"]
UNIV = {"济南市": "山东大学", "郑州市": "郑州大学", "合肥市": "安徽医科大学", "南昌市": "南昌大学", "长沙市": "中南大学",
        "武汉市": "华中科技大学", "成都市": "四川大学", "昆明市": "昆明医科大学", "兰州市": "兰州大学",
        "福州市": "福建医科大学", "杭州市": "浙江大学", "南京市": "南京医科大学", "沈阳市": "中国医科大学",
        "哈尔滨市": "哈尔滨医科大学", "北京市": "首都医科大学", "上海市": "复旦大学"}
DEPTS = ["胸外科", "肿瘤内科", "放疗科", "乳腺外科", "胃肠外科", "肝胆外科", "妇瘤科", "头颈外科", "泌尿外科",
         "血液科", "消化内科", "呼吸与危重症医学科"]
CANCERS_ZH = [("右肺上叶腺癌", "胸外科", "右肺上叶切除+系统性淋巴结清扫术", "pT2aN1M0", "EGFR 19外显子缺失"),
              ("左肺下叶鳞癌", "胸外科", "胸腔镜左肺下叶切除术", "pT3N0M0", "PD-L1 TPS 60%"),
              ("胃窦低分化腺癌", "胃肠外科", "腹腔镜远端胃大部切除术(Billroth II式吻合)", "pT3N2M0", "HER2 (2+), FISH阴性"),
              ("直肠腺癌", "胃肠外科", "腹腔镜直肠前切除术(Dixon术)", "ypT2N0M0", "KRAS G12D突变, MSS"),
              ("左乳浸润性导管癌", "乳腺外科", "左乳改良根治术", "pT2N1aM0", "ER 90%+, PR 40%+, HER2 0"),
              ("肝S7段肝细胞癌", "肝胆外科", "腹腔镜肝S7段切除术", "pT1bN0M0", "AFP 856 ng/mL"),
              ("食管中段鳞癌", "胸外科", "Ivor Lewis食管切除术", "pT3N1M0", "Barrett食管背景(-)"),
              ("宫颈鳞癌", "妇瘤科", "广泛子宫切除+盆腔淋巴结清扫术", "FIGO IB2期", "HPV16阳性"),
              ("鼻咽非角化性癌", "头颈外科", "鼻咽镜活检术", "T3N2M0", "EBV-DNA 2.3×10^3 copies/mL"),
              ("左肾透明细胞癌", "泌尿外科", "腹腔镜左肾部分切除术", "pT1aN0M0", "WHO/ISUP 2级"),
              ("弥漫大B细胞淋巴瘤", "血液科", "颈部淋巴结切除活检术", "Ann Arbor IIIA期", "CD20+, Ki-67 80%")]
CANCERS_EN = [("adenocarcinoma of the right upper lobe", "Thoracic Surgery", "RUL lobectomy with mediastinal lymph node dissection", "pT2aN1M0", "EGFR L858R"),
              ("invasive ductal carcinoma, left breast", "Breast Surgery", "left partial mastectomy with sentinel node biopsy", "pT1cN0(sn)", "ER+/PR+/HER2-"),
              ("adenocarcinoma of the sigmoid colon", "Colorectal Surgery", "laparoscopic sigmoid colectomy", "pT3N1bM0", "MSI-H, BRAF V600E"),
              ("pancreatic ductal adenocarcinoma, head", "Surgical Oncology", "pancreaticoduodenectomy (Whipple procedure)", "ypT2N1", "KRAS G12V"),
              ("prostatic adenocarcinoma", "Urology", "robotic radical prostatectomy", "pT3aN0", "Gleason 4+3=7"),
              ("cutaneous melanoma, left calf", "Surgical Oncology", "wide local excision with SLNB", "pT3aN1a", "Breslow 2.4 mm, BRAF wild type"),
              ("high-grade serous carcinoma of ovary", "Gynecologic Oncology", "interval debulking surgery", "FIGO IIIC", "BRCA1 pathogenic variant"),
              ("classic Hodgkin lymphoma, nodular sclerosis", "Hematology/Oncology", "excisional biopsy of left cervical node", "Stage IIB", "CD30+, CD15+")]
EN_HOSP = ["St. Brendan Regional Medical Center", "Lakeshore University Cancer Institute", "Mercy Valley Hospital",
           "Riverside Memorial Hospital", "Northfield Community Hospital", "Harborview Oncology Associates",
           "Granite State Medical Center", "Saint Agnes Health Center", "Pinecrest University Hospital"]
EN_DEPTS = ["Department of Radiation Oncology", "Department of Pathology", "Division of Medical Oncology",
            "Department of Anesthesiology", "Department of Radiology", "Department of Surgery"]
US_CITIES = [("Springfield", "IL", "627"), ("Dayton", "OH", "454"), ("Albany", "NY", "122"), ("Tacoma", "WA", "984"),
             ("Worcester", "MA", "016"), ("Madison", "WI", "537"), ("Boise", "ID", "837"), ("Savannah", "GA", "314"),
             ("Fresno", "CA", "937"), ("Omaha", "NE", "681")]
US_STREETS = ["Maple Avenue", "Oak Street", "Elm Drive", "Lincoln Road", "Washington Blvd", "Cedar Lane",
              "Highland Terrace", "Church Street", "Lakeview Court", "Sunset Parkway", "Mill Pond Road"]

ZH_DISTRACT = [
    "既往史：30年前因Hodgkin淋巴瘤行ABVD方案化疗6周期，已治愈。",
    "家族史：父亲65岁时诊断胃癌，母亲有Cushing综合征病史；否认Lynch综合征家族史。",
    "胸部CT示左肺上叶见3.2×2.5cm分叶状肿块，SUVmax 8.5，考虑恶性。",
    "免疫组化：CK7(+)，TTF-1(+)，NapsinA(+)，Ki-67约30%，ALK-D5F3(-)。",
    "淋巴结转移情况：第7组(2/15)，第10组(0/3)，第4R组(1/4)。",
    "ICD-10编码：C34.1；病理形态学编码M8140/3。",
    "予奥希替尼80mg qd口服，同时口服碳酸钙D3片600mg qd。",
    "血常规：WBC 3.2×10^9/L，NEU 1.8×10^9/L，Hb 98g/L，PLT 156×10^9/L。",
    "CEA 12.3ng/mL，CA19-9 45.6U/mL，CYFRA21-1 5.2ng/mL。",
    "鉴别诊断需排除Paget病及王氏综合征相关改变。",
    "胃镜示Barrett食管，长度约3cm，活检未见异型增生。",
    "既往曾于外院诊断Wilms瘤（儿童期），具体不详。",
    "ECOG评分1分，KPS 80分，NRS疼痛评分2分。",
    "建议必要时上级医院就诊，或至当地医院复查血常规。",
    "肝功能Child-Pugh A级，ALT 45U/L，AST 38U/L，TBil 15.2μmol/L。",
    "霍奇金淋巴瘤与非霍奇金淋巴瘤鉴别依据CD30、CD15表达。",
    "BRCA2胚系突变阴性，TP53 c.743G>A错义突变，丰度12.4%。",
    "本次为第3周期，方案：培美曲塞500mg/m² d1 + 卡铂AUC 5 d1，q21d。",
    "右侧锁骨上Virchow淋巴结未触及肿大；左侧Horner征阴性。",
    "患者58岁时行子宫肌瘤切除术，术后恢复良好。",
]
EN_DISTRACT = [
    "History of classic Hodgkin lymphoma treated with ABVD x 6 cycles, in remission.",
    "Family history: mother with breast cancer diagnosed at age 52; no known Lynch syndrome.",
    "CT chest shows a 3.2 x 2.5 cm spiculated mass in the left upper lobe, SUVmax 8.5.",
    "IHC: CK7 positive, TTF-1 positive, Ki-67 approximately 30%; ALK (D5F3) negative.",
    "Lymph nodes: 2/15 positive, largest metastatic deposit 6 mm, no extranodal extension.",
    "ICD-10: C34.12; ICD-O-3 morphology 8140/3.",
    "Continue osimertinib 80 mg PO daily; ondansetron 8 mg PO q8h PRN nausea.",
    "Labs: WBC 3.2 K/uL, ANC 1.8 K/uL, Hgb 9.8 g/dL, PLT 156 K/uL, creatinine 0.9 mg/dL.",
    "CEA 12.3 ng/mL; CA 19-9 45.6 U/mL.",
    "Differential includes extramammary Paget disease; Cushing syndrome was excluded.",
    "EGD demonstrated Barrett esophagus (C2M3) without dysplasia.",
    "ECOG performance status 1. Karnofsky 80.",
    "She was 67 years old at the time of her first mammogram abnormality.",
    "Recommend follow-up with an outside hospital if symptoms recur while traveling.",
    "Pembrolizumab 200 mg IV q3w; carboplatin AUC 5 + pemetrexed 500 mg/m2 day 1.",
    "Germline testing negative for BRCA1/2; somatic TP53 R248Q, VAF 12.4%.",
    "Wilms tumor in childhood per patient report, treated at an unknown facility.",
]

# ---------------------------------------------------------------- helpers

def id_check(s17):
    w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return "10X98765432"[sum(int(a) * b for a, b in zip(s17, w)) % 11]


def make_cn_id(region, dob, male, want_x):
    for _ in range(2000):
        seq = R.randint(1, 99)
        sd = R.choice([1, 3, 5, 7, 9] if male else [0, 2, 4, 6, 8])
        s17 = region + dob.strftime("%Y%m%d") + "%02d%d" % (seq, sd)
        c = id_check(s17)
        if (c == "X") == want_x:
            return s17 + c
    raise RuntimeError


def mobile():
    return R.choice(["13", "15", "17", "18", "19", "14", "16"]) + str(R.randint(0, 9)) + "".join(str(R.randint(0, 9)) for _ in range(8))


def fmt_mobile(m, style=None):
    style = style or R.choice(["plain", "plain", "dash", "space", "+86", "+86sp", "(+86)"])
    return {"plain": m, "dash": m[:3] + "-" + m[3:7] + "-" + m[7:], "space": m[:3] + " " + m[3:7] + " " + m[7:],
            "+86": "+86-" + m, "+86sp": "+86 " + m[:3] + " " + m[3:7] + " " + m[7:], "(+86)": "(+86)" + m}[style]


def landline(area):
    if len(area) == 3:
        n = "%08d" % R.randint(20000000, 89999999)
    else:
        n = "%08d" % R.randint(60000000, 89999999)
    return R.choice(["%s-%s" % (area, n), "(%s)%s-%s" % (area, n[:4], n[4:]), "%s-%s %s" % (area, n[:4], n[4:])])


AREA = {"济南市": "0531", "郑州市": "0371", "合肥市": "0551", "南昌市": "0791", "长沙市": "0731", "武汉市": "027",
        "成都市": "028", "昆明市": "0871", "兰州市": "0931", "福州市": "0591", "杭州市": "0571", "南京市": "025",
        "沈阳市": "024", "哈尔滨市": "0451", "北京市": "010", "上海市": "021"}


def us_phone(area=None, style=None):
    a = area or str(R.randint(201, 989))
    b, c = R.randint(200, 989), R.randint(0, 9999)
    style = style or R.choice(["paren", "dash", "dot", "+1"])
    return {"paren": "(%s) %03d-%04d" % (a, b, c), "dash": "%s-%03d-%04d" % (a, b, c),
            "dot": "%s.%03d.%04d" % (a, b, c), "+1": "+1 %s %03d %04d" % (a, b, c)}[style]


MON = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]


def zd(d, style=None):
    style = style or R.choice(["cn", "cn", "iso", "dot", "slash", "cn0", "dmy"])
    return {"cn": "%d年%d月%d日" % (d.year, d.month, d.day), "cn0": "%d年%02d月%02d日" % (d.year, d.month, d.day),
            "iso": d.isoformat(), "dot": "%d.%d.%d" % (d.year, d.month, d.day), "slash": d.strftime("%Y/%m/%d"),
            "dmy": d.strftime("%d/%m/%Y"), "ym": "%d年%d月" % (d.year, d.month), "compact": d.strftime("%Y%m%d"),
            "fw": fw(d.isoformat())}[style]


def ed(d, style=None):
    style = style or R.choice(["long", "dmon", "us", "us", "iso", "dlong", "mon", "usshort"])
    return {"long": "%s %d, %d" % (MON[d.month - 1], d.day, d.year), "dmon": d.strftime("%d-%b-%Y"),
            "us": d.strftime("%m/%d/%Y"), "iso": d.isoformat(), "dlong": "%d %s %d" % (d.day, MON[d.month - 1], d.year),
            "mon": "%s %d, %d" % (MON[d.month - 1][:3], d.day, d.year), "usshort": "%d/%d/%s" % (d.month, d.day, str(d.year)[2:]),
            "my": "%s %d" % (MON[d.month - 1], d.year), "compact": d.strftime("%Y%m%d")}[style]


def later(d, lo, hi):
    return d + datetime.timedelta(days=R.randint(lo, hi))


def hm():
    return "%02d:%02d" % (R.randint(7, 22), R.choice([0, 5, 10, 15, 20, 30, 40, 45, 50]))


def zh_name(rare=False, two=False):
    if two:
        s = R.choice(SUR2)
    elif rare:
        s = R.choice(SUR_RARE)
    else:
        s = R.choice(SUR1)
    return s + R.choice(GIVEN)


def en_name(female=None):
    f = R.random() < 0.5 if female is None else female
    return R.choice(EN_FIRST_F if f else EN_FIRST_M), R.choice(EN_LAST)


def zh_addr(reg, style=None):
    _, prov, city, dist = reg
    road = R.choice(ROADS)
    style = style or R.choice(["road", "comm", "comm2"])
    if style == "road":
        a = "%s%s%s%s%d号%d栋%d单元%d室" % (prov, city, dist, road, R.randint(1, 399), R.randint(1, 30), R.randint(1, 6), R.randint(1, 32) * 100 + R.randint(1, 4))
    elif style == "comm":
        a = "%s%s%s%d号%s%d号楼%d单元%d室" % (city, dist, road, R.randint(1, 399), R.choice(COMMUNITIES), R.randint(1, 30), R.randint(1, 6), R.randint(1, 32) * 100 + R.randint(1, 4))
    else:
        a = "%s%s%s%s%d-%d-%d" % (prov, city, dist, R.choice(COMMUNITIES), R.randint(1, 30), R.randint(1, 6), R.randint(1, 32) * 100 + R.randint(1, 4))
    return a


def us_addr():
    city, st, z = R.choice(US_CITIES)
    apt = R.choice(["Apt 4B", "Apt. 12", "Unit 305", "#7C", "Apt 2F", "Suite 110"])
    return "%d %s, %s, %s, %s %s%02d" % (R.randint(10, 9899), R.choice(US_STREETS), apt, city, st, z, R.randint(0, 99)), city


def pinyin_handle():
    return R.choice(["zhang", "wang", "li", "liu", "chen", "yang", "zhao", "huang", "zhou", "wu", "xu", "sun"]) + R.choice(["jg", "xy", "hai", "yang", "lm", "wei", "na", "qiang"]) + str(R.randint(60, 99))


def dev_sn(kind):
    if kind == "pm":
        return R.choice(["PJN", "RNB", "PZK", "SDR"]) + "%06d" % R.randint(0, 999999) + R.choice(["S", "H", "G"])
    if kind == "port":
        return "BP" + R.choice(["A", "C", "X"]) + "%07d" % R.randint(0, 9999999)
    if kind == "pump":
        return "EP-%d-%05d" % (R.randint(2019, 2024), R.randint(0, 99999))
    if kind == "implant":
        return "%d-%07d" % (R.randint(10, 99), R.randint(0, 9999999))
    raise ValueError


# ---------------------------------------------------------------- patients
class P:
    pass


def make_zh_patient(i):
    p = P(); p.lang = "zh"; p.pid = "PZ%03d" % i
    if i < len(FIXED_ZH):
        p.name = FIXED_ZH[i]
    else:
        p.name = zh_name(rare=R.random() < 0.12, two=R.random() < 0.12)
    p.male = R.random() < 0.55
    p.old = R.random() < 0.25
    p.age = R.randint(90, 99) if p.old else R.randint(28, 86)
    p.t0 = datetime.date(2019, 1, 1) + datetime.timedelta(days=R.randint(0, 1700))
    p.dob = datetime.date(p.t0.year - p.age, R.randint(1, 12), R.randint(1, 28))
    p.reg = R.choice(REGIONS)
    p.idn = make_cn_id(p.reg[0], p.dob, p.male, R.random() < 0.25)
    p.ins = p.reg[0][:4] + "%010d" % R.randint(0, 9999999999)
    p.passport = R.choice(["E", "EA", "EB", "G"]) + ("%08d" % R.randint(0, 99999999) if True else "")
    p.passport = p.passport[:9] if len(p.passport) > 9 else p.passport
    p.mob = mobile()
    p.rel_name = (p.name[:2] if p.name[:2] in SUR2 else p.name[0]) + R.choice(GIVEN) if R.random() < 0.5 else zh_name()
    p.rel = R.choice(["其女", "其子", "之子", "配偶", "其妻", "其夫", "家属", "孙女", "女婿"])
    p.rel_mob = mobile()
    p.addr = zh_addr(p.reg)
    city = p.reg[2]
    p.hosp = R.choice([city[:-1] + "市第一人民医院", UNIV[city] + "附属肿瘤医院", city[:-1] + "市中心医院",
                       UNIV[city] + "附属第二医院", (p.reg[1][:-1] if p.reg[1] else city[:-1]) + "省肿瘤医院"
                       if p.reg[1] else city[:-1] + "市肿瘤医院"])
    p.hosp2 = UNIV[city] + "附属第一医院" if "附属" not in p.hosp else city[:-1] + "市人民医院"
    p.hosp_tel = landline(AREA[city])
    p.hosp_web = "www.%s.org.cn" % R.choice(["dyrmyy", "zlyy", "zxyy", "fsey", "slzl", "rmyy"]) + ("" if R.random() < 0.5 else "")
    p.cancer = R.choice(CANCERS_ZH)
    p.dept = p.cancer[1]
    p.mrn = "%d%06d" % (R.randint(1, 9), R.randint(0, 999999))
    p.zyh = "ZY%d%05d" % (p.t0.year % 100, R.randint(0, 99999))
    p.mzh = "MZ%08d" % R.randint(0, 99999999)
    p.blh = R.choice(["%d-%05d" % (p.t0.year, R.randint(0, 99999)), "P%02d%04d" % (p.t0.year % 100, R.randint(0, 9999))])
    p.bed = "%d" % R.randint(1, 60)
    p.doc = zh_name(); p.surg = zh_name(two=R.random() < 0.1); p.assist = zh_name(); p.path = zh_name()
    p.rad = zh_name(); p.anes = zh_name(); p.nurse = zh_name(); p.nurse2 = zh_name(); p.phys = zh_name()
    p.email = pinyin_handle() + R.choice(["@163.com", "@qq.com", "@126.com", "@sina.com"])
    p.pm = dev_sn("pm") if (p.old or R.random() < 0.3) else None
    p.port = dev_sn("port")
    p.pump = dev_sn("pump")
    return p


def make_en_patient(i):
    p = P(); p.lang = "en"; p.pid = "PE%03d" % i
    p.female = R.random() < 0.55
    p.first, p.last = en_name(p.female)
    p.mi = R.choice("ABCDEFGHJKLMRSTW")
    p.old = R.random() < 0.3
    p.age = R.randint(90, 99) if p.old else R.randint(31, 87)
    p.t0 = datetime.date(2018, 6, 1) + datetime.timedelta(days=R.randint(0, 1900))
    p.dob = datetime.date(p.t0.year - p.age, R.randint(1, 12), R.randint(1, 28))
    p.ssn = "%03d-%02d-%04d" % (R.randint(100, 665), R.randint(10, 99), R.randint(1000, 9999))
    p.mbi = "%d%s%s%d-%s%s%d-%s%s%d%d" % (R.randint(1, 9), R.choice("ACDEFGHJKM"), R.choice("ACDEFGHJKM0123456789"), R.randint(0, 9),
                                        R.choice("ACDEFGHJKM"), R.choice("ACDEFGHJKM0123456789"), R.randint(0, 9),
                                        R.choice("ACDEFGHJKM"), R.choice("ACDEFGHJKM"), R.randint(0, 9), R.randint(0, 9))
    p.member = R.choice(["XEH", "W", "ZGP", "MBR"]) + "%09d" % R.randint(0, 999999999)
    p.passport = "%09d" % R.randint(100000000, 999999999)
    p.addr, city = us_addr()
    area = str(R.randint(201, 989))
    p.phone = us_phone(area); p.cell = us_phone(area)
    f2, l2 = en_name(None)
    p.rel_name = "%s %s" % (f2, p.last if R.random() < 0.6 else l2)
    p.rel = R.choice(["daughter", "son", "wife", "husband", "niece", "granddaughter", "health care proxy"])
    p.rel_phone = us_phone(area)
    p.hosp = R.choice(EN_HOSP); p.hosp2 = R.choice([h for h in EN_HOSP if h != p.hosp])
    p.hosp_phone = us_phone(area, "dash")
    p.web = "https://www.%s.org" % re.sub(r"[^a-z]", "", p.hosp.lower())[:14]
    p.cancer = R.choice(CANCERS_EN)
    p.mrn = "%08d" % R.randint(0, 99999999)
    p.fin = "FIN%010d" % R.randint(0, 9999999999)
    p.acc = "S%02d-%05d" % (p.t0.year % 100, R.randint(0, 99999))

    def dr():
        a, b = en_name()
        return a, b
    p.doc = dr(); p.surg = dr(); p.path = dr(); p.rad = dr(); p.anes = dr(); p.nurse = dr(); p.ro = dr()
    p.email = "%s.%s%d@%s" % (p.first.lower(), re.sub(r"[^a-z]", "", p.last.lower()), R.randint(1, 99), R.choice(["gmail.com", "yahoo.com", "outlook.com", "comcast.net"]))
    p.pm = dev_sn("pm") if (p.old or R.random() < 0.3) else None
    p.port = dev_sn("port"); p.pump = dev_sn("pump"); p.implant = dev_sn("implant")
    p.ip = "10.%d.%d.%d" % (R.randint(0, 255), R.randint(0, 255), R.randint(1, 254))
    return p


def ZAGE(p, unit="岁"):
    return M("AGE", "%d%s" % (p.age, unit)) if p.age > 89 else "%d%s" % (p.age, unit)


def EAGE(p, style):
    a = p.age
    if style == "yo":
        s = "%d-year-old" % a
    elif style == "y":
        s = "%d y" % a
    elif style == "yrs":
        s = "%d yrs" % a
    elif style == "y/o":
        s = "%d y/o" % a
    else:
        s = "%d" % a
    return M("AGE", s) if a > 89 else s


def SN(n):
    return n[:2] if n[:2] in SUR2 else n[0]


def N(v):
    return M("NAME", v)


def zsex(p):
    return "男" if p.male else "女"


def en_full(p, mi=True):
    return "%s %s%s" % (p.first, (p.mi + ". ") if mi else "", p.last)


def dr_en(d, style=None):
    style = style or R.choice(["full", "init", "last", "fl"])
    return {"full": "%s %s" % d, "init": "%s. %s" % (d[0][0], d[1]), "last": d[1], "fl": "%s, %s" % (d[1], d[0])}[style]


def dz():
    return R.choice(ZH_DISTRACT)


def de():
    return R.choice(EN_DISTRACT)

# ================================================================ zh templates


def z_medicare_settlement(p):
    d1 = later(p.t0, 0, 20); d2 = later(d1, 5, 20)
    tot = R.randint(18000, 160000) + R.random()
    return f"""{M('ORGANIZATION', p.hosp)}住院医疗费用结算单（医保）
结算单号：{M('RECORD_NUMBER', 'JS' + d2.strftime('%Y%m%d') + '%04d' % R.randint(0, 9999))}    结算日期：{M('DATE', zd(d2, 'iso'))} {hm()}
姓名：{N(p.name)}  性别：{zsex(p)}  年龄：{ZAGE(p)}  身份证号：{M('ID_NUMBER', p.idn)}
医保个人编号：{M('ID_NUMBER', p.ins)}  参保类型：城镇职工基本医疗保险  待遇类别：在职
住院号：{M('RECORD_NUMBER', p.zyh)}  科室：{M('ORGANIZATION', p.dept)}  床号：{M('RECORD_NUMBER', p.bed)}
入院日期：{M('DATE', zd(d1, 'iso'))}  出院日期：{M('DATE', zd(d2, 'iso'))}  住院天数：{(d2 - d1).days}
出院诊断：{p.cancer[0]}（ICD-10 C{R.randint(15, 85)}.{R.randint(0, 9)}）
---------------------------------------------------------------
费用类别      金额(元)     甲类      乙类      自费
床位费        {R.randint(600, 3000)}.00     {R.randint(600, 3000)}.00    0.00      0.00
西药费        {R.randint(3000, 60000)}.45   ...
检查费        {R.randint(1000, 9000)}.00    ...
手术费        {R.randint(3000, 20000)}.00   ...
合计：{tot:.2f}   统筹基金支付：{tot * 0.62:.2f}   个人自付：{tot * 0.38:.2f}
---------------------------------------------------------------
经办人：{N(p.nurse2)}    患者/家属签字：{N(p.rel_name)}（{p.rel}）  联系电话：{M('PHONE', fmt_mobile(p.rel_mob))}
注：起付标准以下及乙类先行自付部分由个人承担。如有疑问请致电{M('PHONE', p.hosp_tel)}。"""


def z_claim_form(p):
    d1 = later(p.t0, -30, 0); d2 = later(p.t0, 1, 15); d3 = later(d2, 10, 40)
    return f"""商业健康保险理赔申请书
【被保险人信息】
被保险人姓名：{N(p.name)}            证件类型：居民身份证
证件号码：{M('ID_NUMBER', fw(p.idn) if R.random() < 0.4 else p.idn)}
出生日期：{M('DATE', zd(p.dob, 'cn0'))}        手机号码：{M('PHONE', fmt_mobile(p.mob))}
联系地址：{M('ADDRESS', p.addr)}
电子邮箱：{M('CONTACT', p.email)}
【出险信息】
首次确诊日期：{M('DATE', zd(p.t0, 'cn'))}    确诊医院：{M('ORGANIZATION', p.hosp)}
疾病名称：{p.cancer[0]}（重大疾病：恶性肿瘤——重度）
出险经过：被保险人于{M('DATE', zd(d1, 'ym'))}出现{R.choice(['咳嗽、痰中带血', '上腹部隐痛', '无痛性颈部包块', '便血'])}，于{M('DATE', zd(d2, 'cn'))}在{M('ORGANIZATION', p.hosp)}住院（住院号{M('RECORD_NUMBER', p.zyh)}）行{p.cancer[2]}，病理号{M('RECORD_NUMBER', p.blh)}。
{dz()}
【申请人信息】（被保险人为{ZAGE(p)}，由{p.rel}代为申请）
申请人：{N(p.rel_name)}    与被保险人关系：{p.rel.replace('其', '').replace('之', '')}    电话：{M('PHONE', fmt_mobile(p.rel_mob))}
领款方式：银行转账（账户信息见附件）
申请人签名：{N(p.rel_name)}           日期：{M('DATE', zd(d3, 'dot'))}"""


def z_death_record(p):
    d1 = later(p.t0, 200, 700); d2 = later(d1, 3, 25)
    return f"""{M('ORGANIZATION', p.hosp)}
死 亡 记 录
科室：{M('ORGANIZATION', p.dept)}   病区：{R.randint(1, 9)}病区   床号：{M('RECORD_NUMBER', p.bed + '床')}   住院号：{M('RECORD_NUMBER', p.zyh)}
姓名：{N(p.name)}  性别：{zsex(p)}  年龄：{ZAGE(p)}  职业：退休
入院时间：{M('DATE', zd(d1, 'cn'))} {hm()}    死亡时间：{M('DATE', zd(d2, 'cn'))} {hm()}
入院情况：患者因"{p.cancer[0]}术后{R.randint(1, 4)}年，{R.choice(['呼吸困难加重1周', '纳差乏力2周', '意识障碍1天'])}"入院。{dz()}
诊疗经过：入院后予抗感染、营养支持及对症治疗。{M('DATE', zd(later(d1, 1, 2), 'cn'))}请{M('ORGANIZATION', p.hosp2)}{N(zh_name())}主任会诊，考虑肿瘤终末期。家属{N(p.rel_name)}（{p.rel}）表示理解，签署拒绝气管插管及心肺复苏同意书。
死亡原因：呼吸循环衰竭；{p.cancer[0]}广泛转移（{p.cancer[3]}）。
死亡诊断：1.{p.cancer[0]} 2.肺部感染 3.恶病质
记录医师：{N(p.doc)}     上级医师：{N(zh_name())}
记录日期：{M('DATE', zd(d2, 'iso'))}"""


def z_death_cert(p):
    d1 = later(p.t0, 200, 900)
    return f"""居民死亡医学证明（推断）书　　编号：{M('RECORD_NUMBER', '%s%08d' % (p.reg[0], R.randint(0, 99999999)))}
死者姓名：{N(p.name)}　性别：{zsex(p)}　民族：汉族　国家或地区：中国
有效身份证件类别：身份证　证件号码：{M('ID_NUMBER', p.idn)}
年龄：{ZAGE(p, '周岁')}　婚姻状况：已婚　出生日期：{M('DATE', zd(p.dob, 'cn'))}
死亡日期：{M('DATE', zd(d1, 'cn'))}{R.randint(0, 23)}时{R.randint(0, 59)}分　死亡地点：医疗卫生机构
生前常住地址：{M('ADDRESS', p.addr)}
户籍地址：{M('ADDRESS', zh_addr(p.reg))}
可联系的家属姓名：{N(p.rel_name)}　联系电话：{M('PHONE', fmt_mobile(p.rel_mob))}
Ⅰ.(a)直接死亡原因：多器官功能衰竭　　发病到死亡大概间隔：3天
  (b)引起(a)的疾病：{p.cancer[0]}伴多发转移　　间隔：{R.randint(1, 5)}年
Ⅱ.其他疾病诊断：高血压病3级，2型糖尿病
生前主要疾病最高诊断单位：三级医院　最高诊断依据：病理
医师签名：{N(p.doc)}　　单位：{M('ORGANIZATION', p.hosp)}（盖章）　填表日期：{M('DATE', zd(d1, 'cn'))}"""


def z_surgery(p):
    d1 = later(p.t0, 3, 20)
    pm_line = f"\n特殊情况：患者带有永久心脏起搏器（序列号SN：{M('DEVICE_ID', p.pm)}），术中改用双极电凝，术前已程控为VOO模式。" if p.pm else ""
    return f"""手术记录
姓名：{N(p.name)}  性别：{zsex(p)}  年龄：{ZAGE(p)}  科室：{M('ORGANIZATION', p.dept)}  床号：{M('RECORD_NUMBER', p.bed)}  住院号：{M('RECORD_NUMBER', p.zyh)}
手术日期：{M('DATE', zd(d1, 'iso'))}  开始 {hm()}  结束 {hm()}
术前诊断：{p.cancer[0]}    术后诊断：同术前
手术名称：{p.cancer[2]}；完全植入式静脉输液港植入术
手术人员：
  主刀：{N(p.surg)}   一助：{N(p.assist)}   二助：{N(zh_name())}
  麻醉医师：{N(p.anes)}   器械护士：{N(p.nurse)}   巡回护士：{N(p.nurse2)}
麻醉方式：全身麻醉（双腔气管插管）
手术经过：患者取{R.choice(['左侧卧位', '平卧位', '截石位'])}，常规消毒铺巾。探查见肿瘤大小约{R.randint(2, 6)}.{R.randint(0, 9)}×{R.randint(1, 5)}.{R.randint(0, 9)}cm，质硬，与周围组织粘连。{dz()}依次清扫淋巴结，标本送病理（标本号{M('RECORD_NUMBER', 'S%s-%03d' % (d1.strftime('%y%m%d'), R.randint(1, 300)))}）。
经右颈内静脉植入输液港一套，港体序列号{M('DEVICE_ID', p.port)}，导管尖端位于上腔静脉与右心房交界处。出血约{R.randint(50, 400)}ml，未输血。{pm_line}
术后向家属{N(p.rel_name)}展示标本并交代病情。
手术医师签名：{N(p.surg)}    记录时间：{M('DATE', zd(d1, 'cn'))} {hm()}"""


def z_anesthesia(p):
    d1 = later(p.t0, 3, 20)
    asa = R.choice(["II", "III"])
    return f"""{M('ORGANIZATION', p.hosp)} 麻醉记录单
日期：{M('DATE', zd(d1, 'slash'))}  手术间：{R.randint(1, 24)}  住院号：{M('RECORD_NUMBER', p.zyh)}  病案号：{M('RECORD_NUMBER', p.mrn)}
姓名：{N(p.name)} | 性别：{zsex(p)} | 年龄：{ZAGE(p)} | 体重：{R.randint(45, 85)}kg | ASA分级：{asa}
术前诊断：{p.cancer[0]} | 拟施手术：{p.cancer[2]}
麻醉方法：静吸复合全麻 + 超声引导下{R.choice(['胸椎旁神经阻滞', '腹横肌平面阻滞', '竖脊肌平面阻滞'])}
时间  | 血压(mmHg) | 心率 | SpO2 | 用药
{hm()} | 132/78 | 76 | 99% | 丙泊酚 120mg, 舒芬太尼 20μg, 罗库溴铵 50mg
{hm()} | 108/66 | 68 | 100% | 七氟烷 1.5%, 瑞芬太尼 0.1μg/kg/min
{hm()} | 115/70 | 72 | 99% | 地塞米松 5mg, 帕洛诺司琼 0.25mg
{"植入装置：心脏起搏器 SN " + M('DEVICE_ID', p.pm) + "，术中磁铁备用。" if p.pm else "植入装置：无。"}
麻醉小结：诱导平稳，术中输液 晶体{R.randint(800, 2000)}ml，尿量{R.randint(200, 900)}ml，出血{R.randint(50, 400)}ml。
麻醉医师：{N(p.anes)}  / {N(zh_name())}（住院医师）   麻醉护士：{N(p.nurse2)}
科室：{M('ORGANIZATION', '麻醉科')}"""


def z_path_consult(p):
    d1 = later(p.t0, 5, 30); d2 = later(d1, 3, 10)
    hp = p.hosp2
    return f"""病理会诊意见书
致：{M('ORGANIZATION', p.hosp)}{M('ORGANIZATION', '病理科')} {N(p.path)}主任：
贵院送检患者{N(p.name)}（{zsex(p)}，{ZAGE(p)}，原病理号{M('RECORD_NUMBER', p.blh)}）切片{R.randint(3, 12)}张、蜡块{R.randint(1, 4)}个已于{M('DATE', zd(d1, 'cn'))}收到，本院会诊号{M('RECORD_NUMBER', 'HZ%d-%04d' % (d1.year, R.randint(1, 9999)))}。
镜下所见：肿瘤细胞呈腺泡状/乳头状排列，核异型明显，可见病理性核分裂象。{dz()}
会诊意见：{p.cancer[0]}，{p.cancer[3]}；{p.cancer[4]}。
备注：原单位诊断"{R.choice(['低分化癌', '考虑鳞癌', '未见明确癌'])}"，本次会诊意见与原诊断{R.choice(['基本一致', '不一致，请结合临床'])}。如有疑问请联系{M('NAME', zh_name())}医师，电话{M('PHONE', landline(AREA[p.reg[2]]))}，邮箱{M('CONTACT', 'blk_%s@%s.edu.cn' % (R.choice(['hz', 'consult', 'dp']), R.choice(['sdu', 'zzu', 'csu', 'scu', 'zju'])))}。
会诊医师：{N(zh_name())}、{N(zh_name(two=R.random() < 0.3))}
{M('ORGANIZATION', hp)}{M('ORGANIZATION', '病理科')}
{M('DATE', zd(d2, 'cn'))}"""


def z_mdt(p):
    d1 = later(p.t0, 5, 25)
    att = [(M('ORGANIZATION', dp), N(zh_name(rare=R.random() < 0.2))) for dp in R.sample(["胸外科", "肿瘤内科", "放疗科", "影像科", "病理科", "核医学科", "介入科"], 5)]
    attl = "；".join("%s %s" % a for a in att)
    return f"""多学科诊疗（MDT）会议纪要
会议时间：{M('DATE', zd(d1, 'cn'))} 下午{R.randint(2, 5)}:30    地点：门诊{R.randint(3, 9)}楼MDT会议室
主持人：{N(p.doc)}（{M('ORGANIZATION', p.dept)}）
参会专家：{attl}
记录人：{N(zh_name())}
讨论病例：{N(p.name)}，{zsex(p)}，{ZAGE(p)}，门诊号{M('RECORD_NUMBER', p.mzh)}
病史摘要：患者{M('DATE', zd(p.t0, 'ym'))}体检发现{p.cancer[0].replace('癌', '占位')}，外院穿刺病理（病理号{M('RECORD_NUMBER', p.blh)}）提示{p.cancer[0]}。{dz()}
讨论意见：
1. 影像科：病灶考虑{p.cancer[3]}，{R.choice(['未见远处转移', '肝内可疑小结节需随访'])}。
2. 病理科：{p.cancer[4]}，建议补充NGS检测。
3. {R.choice(['胸外科', '胃肠外科', '肿瘤内科'])}：可先行新辅助治疗2–4周期后评估手术。
结论：建议新辅助治疗，{M('DATE', zd(later(d1, 40, 70), 'ym'))}复查评估。患者及家属{N(p.rel_name)}已知情。"""


def z_rt_plan(p):
    d1 = later(p.t0, 30, 90); d2 = later(d1, 35, 50)
    dose = R.choice([(60, 30), (50, 25), (45, 25), (66, 33), (70, 35)])
    pm_txt = f"心脏起搏器：有（型号 Adapta ADDR01，SN：{M('DEVICE_ID', p.pm)}），累积剂量限值<2Gy，每周程控检测" if p.pm else "心脏起搏器：无"
    return f"""放射治疗计划单
患者ID：{M('RECORD_NUMBER', 'RT%06d' % R.randint(0, 999999))}　姓名：{N(p.name)}　性别：{zsex(p)}　年龄：{ZAGE(p)}
科室：{M('ORGANIZATION', '放疗科')}　主管医师：{N(p.doc)}　物理师：{N(p.phys)}
诊断：{p.cancer[0]}（{p.cancer[3]}）
治疗技术：IMRT / VMAT　　能量：6MV-X　　定位方式：CT模拟定位（{M('DATE', zd(d1, 'dot'))}）
靶区　 处方剂量　 分次
GTV　 {dose[0]}Gy　 {dose[1]}F
CTV　 {dose[0] - 10 if dose[0] > 50 else 45}Gy　 {dose[1]}F
危及器官限量：脊髓Dmax<45Gy；双肺V20<28%，MLD<15Gy；心脏V30<40%
{pm_txt}
计划开始日期：{M('DATE', zd(later(d1, 5, 10), 'iso'))}　预计结束：{M('DATE', zd(d2, 'iso'))}
{dz()}
计划审核：{N(p.phys)}（物理师）　{N(zh_name())}（主任医师）　审核日期：{M('DATE', zd(later(d1, 3, 6), 'cn'))}"""


def z_chemo_order(p):
    d1 = later(p.t0, 20, 200)
    cyc = R.randint(1, 6)
    nurses = [p.nurse, p.nurse2, zh_name()]
    return f"""化疗医嘱单 / 给药记录
科室：{M('ORGANIZATION', '肿瘤内科')}  床号：{M('RECORD_NUMBER', p.bed)}  姓名：{N(p.name)}  住院号：{M('RECORD_NUMBER', p.zyh)}  体表面积：1.{R.randint(45, 95)}m²
方案：{R.choice(['AC-T', 'FOLFOX', 'TP', 'GP', 'EP', 'R-CHOP'])}  第{cyc}周期 D1   开立日期：{M('DATE', zd(d1, 'iso'))}  开立医师：{N(p.doc)}
序号 | 药品 | 剂量 | 途径 | 执行时间 | 执行护士 | 核对护士
1 | 0.9%氯化钠注射液 | 100ml | ivgtt | {hm()} | {N(nurses[0])} | {N(nurses[1])}
2 | 盐酸帕洛诺司琼注射液 | 0.25mg | iv | {hm()} | {N(nurses[0])} | {N(nurses[1])}
3 | 紫杉醇注射液 | {R.randint(200, 300)}mg | ivgtt 3h | {hm()} | {N(nurses[1])} | {N(nurses[2])}
4 | 卡铂注射液 | {R.randint(400, 600)}mg | ivgtt | {hm()} | {N(nurses[1])} | {N(nurses[2])}
5 | 氟尿嘧啶 2.4g/m² 持续泵入46h（便携式化疗泵编号SN：{M('DEVICE_ID', p.pump)}，经输液港{M('DEVICE_ID', p.port)}） | | civ | {hm()} | {N(nurses[2])} | {N(nurses[0])}
备注：{dz()} 输注过程顺利，无过敏反应。
带泵出院，泵故障请拨打病区电话{M('PHONE', p.hosp_tel)}。"""


def z_followup_csv(p):
    rows = []
    pats = [p] + [None] * R.randint(2, 3)
    hdr = "序号,姓名,性别,年龄,病案号,手机号,随访日期,随访方式,生存状态,复发转移,随访人"
    for k, q in enumerate(pats, 1):
        if q is None:
            nm = zh_name(two=R.random() < 0.15); ag = R.randint(40, 95); mr = "%d%06d" % (R.randint(1, 9), R.randint(0, 999999))
            mb = mobile(); sx = R.choice("男女")
        else:
            nm, ag, mr, mb, sx = q.name, q.age, q.mrn, q.mob, zsex(q)
        dt = later(p.t0, 90, 720)
        agtxt = M('AGE', str(ag)) if ag > 89 else str(ag)
        rows.append(",".join([str(k), N(nm), sx, agtxt, M('RECORD_NUMBER', mr), M('PHONE', fmt_mobile(mb, R.choice(['plain', 'dash']))),
                              M('DATE', zd(dt, R.choice(['iso', 'slash', 'dot']))), R.choice(["电话", "门诊", "微信"]),
                              R.choice(["存活", "存活", "死亡"]), R.choice(["无", "肝转移", "骨转移", "无"]), N(p.nurse)]))
    return f"""# 随访登记表导出 {M('ORGANIZATION', p.hosp)} {M('ORGANIZATION', p.dept)} 导出时间 {M('DATE', zd(later(p.t0, 720, 760), 'iso'))}
{hdr}
""" + "\n".join(rows) + "\n# 注：年龄为随访时年龄；生存状态以最近一次随访为准"


def z_wechat(p):
    d1 = later(p.t0, 30, 300)
    dn = p.doc
    return f"""【微信聊天记录导出】 {N(dn)}医生 ⇄ {N(p.rel_name)}（患者{N(p.name)}{p.rel}）
{M('DATE', zd(d1, 'iso'))} {hm()}
{p.rel_name[:0]}家属：{N(dn)}主任您好，我是{N(p.name)}的家属，我妈/我爸昨天化疗后一直吐，吃不下东西😢
{M('DATE', zd(d1, 'iso'))} {hm()}
{N(SN(dn))}医生：吐了几次？有没有发烧？把昨天的血常规拍给我看看
家属：[图片] WBC 2.1，中性粒 0.9
{N(SN(dn))}医生：白细胞低，今天到门诊打升白针，挂号找{N(zh_name())}护士，或者打科室电话{M('PHONE', p.hosp_tel)}
{M('DATE', zd(later(d1, 1, 1), 'iso'))} {hm()}
家属：好的谢谢！另外住院号是{M('RECORD_NUMBER', p.zyh)}，下次住院能不能安排{M('DATE', zd(later(d1, 14, 21), 'ym'))}中旬？我手机{M('PHONE', fmt_mobile(p.rel_mob))}
{N(SN(dn))}医生：可以，到时候护士{N(p.nurse)}会联系你。{R.choice(['口服昂丹司琼8mg bid。', '多喝水，清淡饮食。', '甲地孕酮可以继续吃。'])}
家属：[强][强][强]"""


def z_email(p):
    d1 = later(p.t0, 10, 200)
    sender = zh_name()
    return f"""发件人: {N(sender)} <{M('CONTACT', pinyin_handle() + '@' + R.choice(['hospital.cn', 'zlyy.org.cn', 'dyrmyy.cn']))}>
收件人: {N(p.doc)} <{M('CONTACT', pinyin_handle() + '@' + R.choice(['hospital.cn', 'zlyy.org.cn']))}>
抄送: {N(p.path)}
日期: {M('DATE', zd(d1, 'iso'))} {hm()} +0800
主题: 回复: 病例讨论 NGS结果
X-Originating-IP: [{M('CONTACT', '192.168.%d.%d' % (R.randint(0, 255), R.randint(2, 254)))}]

{N(SN(p.doc))}老师好：
患者{N(p.name)}（病案号{M('RECORD_NUMBER', p.mrn)}，{ZAGE(p)}）的组织NGS报告已出，{p.cancer[4]}，另检出TP53突变。{dz()}
报告原件可在 {M('CONTACT', 'https://pacs.%s/report?acc=%d' % (R.choice(['hospital.cn', 'zlyy.org.cn']), R.randint(100000, 999999)))} 查看（院内网）。
患者{p.rel}{N(p.rel_name)}希望尽快来院沟通，其电话为{M('PHONE', fmt_mobile(p.rel_mob))}。

{N(sender)}
{M('ORGANIZATION', p.hosp)} {M('ORGANIZATION', '分子病理室')}
电话：{M('PHONE', p.hosp_tel)}

-----原始邮件-----
发件人: {N(p.doc)}
发送时间: {M('DATE', zd(later(d1, -3, -1), 'cn'))} {hm()}
主题: 病例讨论
请帮忙查一下{N(p.name)}的基因检测进度，谢谢。"""


def z_addendum(p):
    d1 = later(p.t0, -10, 60); d2 = later(d1, 1, 3)
    return f"""影像检查补充报告（ADDENDUM）
检查号：{M('RECORD_NUMBER', 'CT%s%04d' % (d1.strftime('%y%m%d'), R.randint(0, 9999)))}  姓名：{N(p.name)}  性别：{zsex(p)}  年龄：{ZAGE(p)}  门诊号：{M('RECORD_NUMBER', p.mzh)}
原报告日期：{M('DATE', zd(d1, 'iso'))}   补充日期：{M('DATE', zd(d2, 'iso'))}
补充内容：经与临床医师{N(p.doc)}电话沟通并复阅图像，补充如下：{R.choice(['肝S7段见一直径约0.8cm低密度灶，边界清，考虑囊肿可能', '左侧第6肋骨见溶骨性破坏，考虑转移', '右肺中叶另见磨玻璃结节，大小约6mm'])}。
原报告"{R.choice(['未见明确转移', '纵隔淋巴结不大'])}"一句更正为见上述。{dz()}
危急值/重要发现已于 {hm()} 通知 {N(p.nurse)}（{p.dept}病区护士）。
补充报告医师：{N(p.rad)}    审核医师：{N(zh_name())}
{M('ORGANIZATION', p.hosp)}　{M('ORGANIZATION', '放射科')}　电话 {M('PHONE', p.hosp_tel)}"""


def z_trial_log(p):
    d1 = later(p.t0, 10, 120)
    rows = []
    for k in range(R.randint(3, 4)):
        if k == 0:
            nm, ab = p.name, "是" if not p.old else "否"
        else:
            nm, ab = zh_name(two=R.random() < 0.2), R.choice(["是", "否"])
        rows.append(f"{M('RECORD_NUMBER', 'S%03d' % R.randint(1, 300))}\t{N(nm)}\t{M('DATE', zd(later(d1, 0, 14), 'iso'))}\t{R.choice(['ECOG 0', 'ECOG 1', 'ECOG 2'])}\t{ab}\t{R.choice(['', '入组标准4不符合（年龄>75岁）', 'EGFR阴性', '肌酐清除率<50ml/min'])}")
    return f"""临床试验筛选登记表
方案编号：CTONG-{R.randint(1000, 2299)} / NCT0{R.randint(3000000, 5999999)}　　分中心：{M('ORGANIZATION', p.hosp)}
主要研究者：{N(p.doc)}　　CRC：{N(zh_name())}（{M('PHONE', fmt_mobile(mobile()))}）
筛选号\t姓名\t签署知情日期\t体能状态\t是否入组\t未入组原因
""" + "\n".join(rows) + f"""
备注：筛选号为本中心内部编号，请勿上传姓名至EDC系统。{dz()}"""


def z_family_instructions(p):
    d1 = later(p.t0, 5, 30)
    return f"""出院后家庭照护须知（致家属）
{N(p.rel_name)}（{p.rel}）您好：
您的家人{N(p.name)}（{ZAGE(p)}）已于{M('DATE', zd(d1, 'cn'))}出院。请注意以下事项：
一、用药：{R.choice(['奥希替尼 80mg 每日一次，早餐后服用', '卡培他滨 1500mg 每日两次，餐后30分钟内服用', '来曲唑 2.5mg 每日一次'])}；如出现手足皮肤发红、腹泻每日>4次，请及时就诊。
二、输液港护理：港体序列号 {M('DEVICE_ID', p.port)}，每4周冲管一次，可在当地医院完成，请携带输液港维护手册。
三、复查：{M('DATE', zd(later(d1, 25, 35), 'cn'))}上午到{M('ORGANIZATION', p.hosp)}门诊{R.randint(1, 5)}楼复查血常规、肝肾功能（门诊号{M('RECORD_NUMBER', p.mzh)}）。
四、如有发热>38.5℃、呼吸困难，请立即拨打120或联系我科：{M('PHONE', p.hosp_tel)}；夜间值班医生手机{M('PHONE', fmt_mobile(mobile()))}。
五、家庭住址 {M('ADDRESS', p.addr)} 附近可选择社区卫生服务中心进行换药。
医院官网预约：{M('CONTACT', 'https://' + p.hosp_web)}
{dz()}
责任护士：{N(p.nurse)}　　主管医师：{N(p.doc)}　　{M('ORGANIZATION', p.dept)}"""


def z_hl7(p):
    d1 = later(p.t0, 0, 300)
    ts = d1.strftime("%Y%m%d")
    return f"""MSH|^~\\&|HIS|{M('ORGANIZATION', p.hosp)}|LIS|LAB|{M('DATE', ts)}{R.randint(100000, 235959)}||ADT^A01|MSG{R.randint(100000, 999999)}|P|2.4
PID|1||{M('RECORD_NUMBER', p.mrn)}^^^MRN~{M('ID_NUMBER', p.idn)}^^^身份证||{N(p.name)}||{M('DATE', p.dob.strftime('%Y%m%d'))}|{'M' if p.male else 'F'}|||{M('ADDRESS', p.addr)}||{M('PHONE', p.mob)}|
NK1|1|{N(p.rel_name)}|{p.rel}|||{M('PHONE', p.rel_mob)}
PV1|1|I|{M('ORGANIZATION', p.dept)}^{M('RECORD_NUMBER', p.bed)}||||{N(p.doc)}|||||||||||{M('RECORD_NUMBER', p.zyh)}
DG1|1||C{R.randint(15, 85)}.{R.randint(0, 9)}^{p.cancer[0]}^ICD10
OBX|1|ST|KI67^Ki-67||{R.randint(5, 80)}%||||||F"""


def z_ocr(p):
    d1 = later(p.t0, -5, 40)
    m = p.mob
    sp_m = m[:3] + " " + m[3:7] + " " + m[7:]
    sp_id = " ".join([p.idn[:4], p.idn[4:8], p.idn[8:12], p.idn[12:16], p.idn[16:]])
    name_sp = " ".join(p.name)
    addr = p.addr
    cut = R.randint(len(addr) // 3, len(addr) // 2)
    addr_br = addr[:cut] + "\n" + addr[cut:]
    return f"""[扫描件OCR识别结果 置信度0.{R.randint(71, 93)}]
{M('ORGANIZATION', p.hosp)}
门 诊 病 历 首 页
姓 名：{N(name_sp)}   性别 ：{zsex(p)}   年 龄：{ZAGE(p, ' 岁')}
身份证号 ：{M('ID_NUMBER', sp_id)}
电 话：{M('PHONE', sp_m)}
住址：{M('ADDRESS', addr_br)}
就诊日期 ：{M('DATE', zd(d1, 'dot'))}   门诊号：{M('RECORD_NUMBER', p.mzh)}
主 诉：{R.choice(['咳 嗽 2 月', '便 血 1 月', '右 乳 包 块 3 月'])} ，加重1 周。
现病 史：……{dz().replace('，', '， ')}
诊  断：{p.cancer[0]} ?
医 师：{N(p.doc)}  ■■■ (印章不清)"""


def z_mixed_handoff(p):
    d1 = later(p.t0, 3, 200)
    return f"""交班记录 Handoff — {M('ORGANIZATION', p.dept)} {M('DATE', zd(d1, 'iso'))} night shift
Bed {M('RECORD_NUMBER', p.bed)} {N(p.name)}, {zsex(p)}/{ZAGE(p, 'y')}, MRN {M('RECORD_NUMBER', p.mrn)}
Dx: {p.cancer[0]} {p.cancer[3]}, POD{R.randint(1, 5)} s/p {p.cancer[2]}
S: 患者诉切口疼痛NRS 3分，夜间睡眠可。{dz()}
O: T 37.{R.randint(0, 9)}℃, HR {R.randint(60, 110)}, BP {R.randint(100, 150)}/{R.randint(60, 90)}, SpO2 97% RA；引流液 {R.randint(50, 300)}ml 淡血性。
A/P: 1) 继续头孢呋辛 1.5g q12h；2) 明早 CBC + BMP；3) 若引流>{R.randint(200, 400)}ml/h call {N(p.surg)} (手机 {M('PHONE', fmt_mobile(mobile()))})。
Family: {p.rel} {N(p.rel_name)} at bedside, contact {M('PHONE', fmt_mobile(p.rel_mob))}.
交班：{N(zh_name())} → 接班：{N(zh_name())}"""


def z_device_card(p):
    d1 = later(p.t0, 3, 40)
    dev = p.pm if p.pm else p.port
    kind = "永久心脏起搏器" if p.pm else "完全植入式输液港"
    return f"""植入性医疗器械使用登记卡
患者姓名：{N(p.name)}　　性别：{zsex(p)}　　年龄：{ZAGE(p)}
身份证号：{M('ID_NUMBER', p.idn)}
联系电话：{M('PHONE', fmt_mobile(p.mob))}　住院号：{M('RECORD_NUMBER', p.zyh)}
器械名称：{kind}
产品序列号（SN）：{M('DEVICE_ID', dev)}
植入日期：{M('DATE', zd(d1, 'cn'))}　植入医院：{M('ORGANIZATION', p.hosp)}
植入医师：{N(p.surg)}　　登记护士：{N(p.nurse)}
注意事项：请随身携带本卡，行MRI检查前请告知医生。{R.choice(['避免在患侧测血压。', '每4周冲管维护一次。', '起搏器门诊随访每6个月一次。'])}"""


def z_record_copy(p):
    d1 = later(p.t0, 100, 800)
    return f"""病案复印申请登记表
申请日期：{M('DATE', zd(d1, 'cn'))}　　受理编号：{M('RECORD_NUMBER', 'FY%d%05d' % (d1.year, R.randint(0, 99999)))}
患者姓名：{N(p.name)}　病案号：{M('RECORD_NUMBER', p.mrn)}　出院日期：{M('DATE', zd(later(p.t0, 5, 30), 'ym'))}
患者身份证：{M('ID_NUMBER', p.idn)}
代理人姓名：{N(p.rel_name)}　与患者关系：{p.rel.lstrip('其之')}　代理人证件：护照 {M('ID_NUMBER', p.passport)}
代理人电话：{M('PHONE', fmt_mobile(p.rel_mob))}
复印用途：□报销 ■商业保险理赔 □转诊 □其他
复印内容：病案首页、出院记录、病理报告、手术记录、医嘱单、费用清单
邮寄地址：{M('ADDRESS', zh_addr(p.reg))}（收件人：{N(p.rel_name)}）
受理人：{N(zh_name())}　　{M('ORGANIZATION', p.hosp)}　{M('ORGANIZATION', '病案管理科')}"""


ZH_TEMPLATES = [z_medicare_settlement, z_claim_form, z_death_record, z_death_cert, z_surgery, z_anesthesia,
                z_path_consult, z_mdt, z_rt_plan, z_chemo_order, z_followup_csv, z_wechat, z_email, z_addendum,
                z_trial_log, z_family_instructions, z_hl7, z_ocr, z_mixed_handoff, z_device_card, z_record_copy]

# ================================================================ en templates


def e_registry(p):
    d1 = p.t0; d2 = later(d1, 10, 40)
    return f"""TUMOR REGISTRY ABSTRACT — {M('ORGANIZATION', p.hosp)} Cancer Registry (CoC accredited)
Accession No.: {M('RECORD_NUMBER', '%d%05d' % (d1.year, R.randint(0, 99999)))}   Sequence: 00   Abstractor: {N(dr_en(p.nurse, 'fl'))}, CTR
Patient: {N('%s, %s %s.' % (p.last.upper(), p.first.upper(), p.mi))}   MRN: {M('RECORD_NUMBER', p.mrn)}   SSN: {M('ID_NUMBER', p.ssn)}
DOB: {M('DATE', ed(p.dob, 'us'))}   Age at Dx: {EAGE(p, 'n')}   Sex: {'F' if p.female else 'M'}   Race: 01
Address at Dx: {M('ADDRESS', p.addr)}
Date of Initial Dx: {M('DATE', ed(d1, 'us'))}   Date of First Contact: {M('DATE', ed(later(d1, 1, 10), 'us'))}
Primary Site: {p.cancer[0]}   Histology/Behavior: 8140/3   Grade: 2
Stage: AJCC 8th {p.cancer[3]}   Biomarkers: {p.cancer[4]}
First Course Surgery: {p.cancer[2]} on {M('DATE', ed(d2, 'us'))}, surgeon {N(dr_en(p.surg, 'full'))}, MD
Managing physician: {N(dr_en(p.doc, 'full'))}, MD
{de()}
Follow-up: Last contact {M('DATE', ed(later(d2, 200, 500), 'us'))}; vital status alive; source: physician letter.
Text remarks: {de()}"""


def e_email(p):
    d1 = later(p.t0, 10, 300)
    s = en_name()
    return f"""From: {N('%s %s' % s)} <{M('CONTACT', '%s.%s@%s' % (s[0].lower(), re.sub('[^a-z]', '', s[1].lower()), re.sub('[^a-z]', '', p.hosp.lower())[:10] + '.org'))}>
To: {N(dr_en(p.doc, 'full'))} <{M('CONTACT', '%s%s@%s' % (p.doc[0][0].lower(), re.sub('[^a-z]', '', p.doc[1].lower()), re.sub('[^a-z]', '', p.hosp.lower())[:10] + '.org'))}>
Cc: {N(dr_en(p.nurse, 'full'))}
Date: {R.choice(['Mon', 'Tue', 'Wed', 'Thu', 'Fri'])}, {M('DATE', d1.strftime('%d %b %Y'))} {hm()}:{R.randint(10, 59)} -0500
Subject: RE: {N(p.last)} - port malfunction / chemo delay
Received: from mail-relay ([{M('CONTACT', p.ip)}])

Hi Dr. {N(p.doc[1])},
Quick update on {N(en_full(p, False))} (MRN {M('RECORD_NUMBER', p.mrn)}, DOB {M('DATE', ed(p.dob, 'us'))}). Her/his port (SN {M('DEVICE_ID', p.port)}) would not draw back this morning; cathflo was instilled. {de()}
The {p.rel}, {N(p.rel_name)}, asked that you call {M('PHONE', p.rel_phone)} after 5 pm. Patient can also be reached at {M('PHONE', p.cell)} or {M('CONTACT', p.email)}.
Cycle {R.randint(2, 6)} is now rescheduled to {M('DATE', ed(later(d1, 3, 10), 'long'))}.
Thanks,
{N(s[0])}
{M('ORGANIZATION', 'Infusion Center')}, {M('ORGANIZATION', p.hosp)} | {M('PHONE', p.hosp_phone)} | {M('CONTACT', p.web)}

> On {M('DATE', ed(later(d1, -2, -1), 'mon'))}, {N(dr_en(p.doc, 'full'))} wrote:
> Please hold cycle if ANC < 1.0. {de()}"""


def e_addendum(p):
    d1 = later(p.t0, -20, 60); d2 = later(d1, 0, 2)
    return f"""{M('ORGANIZATION', p.hosp)}
{M('ORGANIZATION', 'Department of Radiology')}
ADDENDUM
Patient: {N('%s, %s' % (p.last, p.first))}   MRN: {M('RECORD_NUMBER', p.mrn)}   DOB: {M('DATE', ed(p.dob, 'dmon'))}   Age: {EAGE(p, 'y')}
Exam: CT CHEST ABDOMEN PELVIS W CONTRAST   Accession: {M('RECORD_NUMBER', 'RAD%08d' % R.randint(0, 99999999))}
Original report signed {M('DATE', ed(d1, 'us'))} {hm()}; addendum {M('DATE', ed(d2, 'us'))} {hm()}.
ADDENDUM TEXT: On re-review at the request of Dr. {N(dr_en(p.doc, 'last'))}, there is an additional 7 mm hypoattenuating lesion in hepatic segment 7, indeterminate. {de()}
{'Note: a cardiac pacemaker is present (device SN ' + M('DEVICE_ID', p.pm) + ' per device clinic record); leads terminate in the RA and RV.' if p.pm else 'No cardiac device is present.'}
Findings were discussed by telephone with {N(dr_en(p.nurse, 'full'))}, RN, at {hm()} on {M('DATE', ed(d2, 'long'))}.
Electronically signed: {N(dr_en(p.rad, 'full'))}, MD"""


def e_trial_log(p):
    d1 = later(p.t0, 10, 120)
    rows = []
    for k in range(R.randint(3, 4)):
        if k == 0:
            nm = "%s %s" % (p.first[0] + ".", p.last); ag = p.age
        else:
            a, b = en_name(); nm = "%s. %s" % (a[0], b); ag = R.randint(40, 96)
        agt = M('AGE', str(ag)) if ag > 89 else str(ag)
        rows.append(f"{M('RECORD_NUMBER', '%03d-%03d' % (R.randint(1, 40), R.randint(1, 200)))} | {N(nm)} | {agt} | {M('DATE', ed(later(d1, 0, 20), 'dmon'))} | {R.choice(['Eligible', 'Screen fail', 'Pending'])} | {R.choice(['—', 'I/E #7: prior anti-PD-1', 'CrCl < 45', 'brain mets untreated'])}")
    return f"""CLINICAL TRIAL SCREENING LOG  Protocol: NCT0{R.randint(3000000, 5999999)} (KEYNOTE-style phase III)   Site 0{R.randint(10, 99)}: {M('ORGANIZATION', p.hosp)}
PI: {N(dr_en(p.doc, 'full'))}, MD    Coordinator: {N(dr_en(p.nurse, 'full'))} ({M('PHONE', p.hosp_phone)})
Subject # | Initials/Name | Age | Consent date | Status | Reason
""" + "\n".join(rows) + f"""
Note: {de()}"""


def e_family_instr(p):
    d1 = later(p.t0, 5, 30)
    return f"""DISCHARGE INSTRUCTIONS FOR FAMILY / CAREGIVER
Prepared for: {N(p.rel_name)} ({p.rel})    Patient: {N(en_full(p))}, {EAGE(p, 'yo')}
Discharged from {M('ORGANIZATION', p.hosp)} on {M('DATE', ed(d1, 'long'))}.
Home address on file: {M('ADDRESS', p.addr)}
1. Medications: {R.choice(['capecitabine 1500 mg twice daily', 'dexamethasone 4 mg daily with food', 'oxycodone 5 mg every 4 hours as needed'])}. Bring the pill list to every visit.
2. The home infusion pump (serial {M('DEVICE_ID', p.pump)}) will be disconnected by the visiting nurse on {M('DATE', ed(later(d1, 2, 2), 'mon'))}.
3. Call the oncology triage line at {M('PHONE', p.hosp_phone)} for fever ≥ 100.4°F, bleeding, or confusion.
4. Follow-up: Dr. {N(dr_en(p.doc, 'last'))} on {M('DATE', ed(later(d1, 10, 20), 'us'))} at {hm()}.
{de()}
Caregiver signature: ____{N(p.rel_name)}____   Nurse: {N(dr_en(p.nurse, 'init'))}, RN"""


def e_hl7(p):
    d1 = later(p.t0, 0, 300)
    return f"""MSH|^~\\&|EPIC|{M('ORGANIZATION', p.hosp)}|BEAKER|LAB|{M('DATE', d1.strftime('%Y%m%d'))}{R.randint(1000, 2359)}||ORU^R01|{R.randint(1000000, 9999999)}|P|2.5.1
PID|1||{M('RECORD_NUMBER', p.mrn)}^^^MRN||{N(p.last.upper() + '^' + p.first.upper() + '^' + p.mi)}||{M('DATE', p.dob.strftime('%Y%m%d'))}|{'F' if p.female else 'M'}||2106-3|{M('ADDRESS', p.addr.replace(', ', '^'))}||{M('PHONE', p.phone)}|||||{M('RECORD_NUMBER', p.fin)}|{M('ID_NUMBER', p.ssn)}
PV1|1|O|ONC^INF^{R.randint(1, 30)}||||{N(p.doc[1].upper() + '^' + p.doc[0].upper())}
OBR|1||{M('RECORD_NUMBER', p.acc)}|88305^SURGICAL PATHOLOGY|||{M('DATE', d1.strftime('%Y%m%d'))}
OBX|1|TX|22637-3^PATH REPORT.FINAL DX||{p.cancer[0].upper()}, {p.cancer[3]}||||||F
OBX|2|TX|||{p.cancer[4]}; Ki-67 {R.randint(5, 80)}%||||||F
NTE|1||Verified by {N(dr_en(p.path, 'full'))} MD"""


def e_ocr_fax(p):
    d1 = later(p.t0, -5, 60)
    ph = re.sub(r"\D", "", p.phone)[-10:]
    ph_sp = "(%s) %s - %s" % (ph[:3], ph[3:6], ph[6:])
    ssn_sp = p.ssn.replace("-", " - ")
    addr_br = p.addr.replace(', ', ',\n      ', 1)
    return f"""~~ FAX ~~  pg 1/ {R.randint(3, 9)}     {M('DATE', ed(d1, 'us'))} {hm()}  FROM: {M('PHONE', us_phone())}
{M('ORGANIZATION', p.hosp2)}
CONFIDENTIAL MEDICAL REC0RDS
Pt Name : {N(p.first.upper() + '  ' + p.last.upper())}
D0B: {M('DATE', ed(p.dob, 'us').replace('/', ' / '))}      SSN: {M('ID_NUMBER', ssn_sp)}
Ph : {M('PHONE', ph_sp)}
Addr: {M('ADDRESS', addr_br)}
Re: outside path slides for 2nd opinion, case {M('RECORD_NUMBER', p.acc)}
{de().replace(' ', '  ', 2)}
Attn: {N(dr_en(p.path, 'init'))} , MD  --  please call {M('PHONE', p.hosp_phone)}
Th1s fax may c0ntain PHI. If received in err0r notify sender."""


def e_claim(p):
    d1 = later(p.t0, 0, 200)
    npi = "%010d" % R.randint(1000000000, 1999999999)
    return f"""HEALTH INSURANCE CLAIM FORM (CMS-1500 excerpt)
1a. INSURED'S ID NUMBER: {M('ID_NUMBER', p.mbi if p.old else p.member)}
2. PATIENT'S NAME: {N('%s, %s, %s' % (p.last, p.first, p.mi))}    3. BIRTH DATE: {M('DATE', p.dob.strftime('%m %d %Y'))}  SEX: {'F' if p.female else 'M'}
5. PATIENT'S ADDRESS: {M('ADDRESS', p.addr)}   TELEPHONE: {M('PHONE', p.phone)}
4. INSURED'S NAME: SAME
14. DATE OF CURRENT ILLNESS: {M('DATE', p.t0.strftime('%m %d %Y'))}  QUAL 431
17. REFERRING PROVIDER: DN {N(dr_en(p.doc, 'full'))}
21. DIAGNOSIS: A. C34.11  B. Z51.11  C. D70.1
24A. DOS {M('DATE', d1.strftime('%m/%d/%y'))}  24D. CPT 96413, 96415, J9271 x 200 units  24F. $ {R.randint(2000, 19000)}.00
26. PATIENT'S ACCOUNT NO.: {M('RECORD_NUMBER', p.fin)}
32. SERVICE FACILITY: {M('ORGANIZATION', p.hosp)}, {M('ADDRESS', '%d %s, %s' % (R.randint(100, 999), R.choice(US_STREETS), p.addr.split(', ')[-2]))}
33. BILLING PROVIDER PH #: {M('PHONE', p.hosp_phone)}
{de()}"""


def e_death_note(p):
    d1 = later(p.t0, 200, 900)
    return f"""DEATH NOTE / PRONOUNCEMENT
{M('ORGANIZATION', p.hosp)} — {M('ORGANIZATION', 'Hospice and Palliative Care Unit')}
Called by RN {N(dr_en(p.nurse, 'full'))} to evaluate {N(en_full(p, False))} (MRN {M('RECORD_NUMBER', p.mrn)}), a {EAGE(p, 'yo')} {'woman' if p.female else 'man'} with metastatic {p.cancer[0]}, for absence of respirations.
Pronounced dead on {M('DATE', ed(d1, 'long'))} at {hm()}. No heart sounds auscultated for 60 s, pupils fixed and dilated. Patient was DNR/DNI per POLST signed {M('DATE', ed(later(p.t0, 150, 199), 'us'))}.
{'Implanted pacemaker (SN ' + M('DEVICE_ID', p.pm) + ') was deactivated on ' + M('DATE', ed(later(d1, -3, -1), 'us')) + ' per family request; funeral home notified of device.' if p.pm else 'No implanted cardiac devices.'}
Family present: {p.rel} {N(p.rel_name)}, who can be reached at {M('PHONE', p.rel_phone)}. Autopsy declined. Medical examiner not notified (expected death). {de()}
{N(dr_en(p.doc, 'full'))}, MD — attending"""


def e_opnote(p):
    d1 = later(p.t0, 5, 40)
    return f"""OPERATIVE REPORT
{M('ORGANIZATION', p.hosp)}   {M('ORGANIZATION', 'Department of Surgery')}
PATIENT: {N(en_full(p))}   MRN: {M('RECORD_NUMBER', p.mrn)}   DATE OF SURGERY: {M('DATE', ed(d1, 'dmon'))}
PREOPERATIVE DIAGNOSIS: {p.cancer[0]}
PROCEDURE: {p.cancer[2]}; placement of right IJ single-lumen port
SURGEON: {N(dr_en(p.surg, 'full'))}, MD, FACS
ASSISTANT: {N(dr_en(p.doc, 'full'))}, MD; {N(en_name()[0] + ' ' + en_name()[1])}, PA-C
ANESTHESIA: General — {N(dr_en(p.anes, 'full'))}, MD
CIRCULATOR: {N(dr_en(p.nurse, 'full'))}, RN    SCRUB: {N('%s %s' % en_name())}, CST
IMPLANTS: Power port, SN {M('DEVICE_ID', p.port)}; {'breast tissue expander SN ' + M('DEVICE_ID', p.implant) if 'breast' in p.cancer[0] else 'no other implants'}
EBL: {R.randint(20, 600)} mL. SPECIMENS: as above, to pathology ({M('RECORD_NUMBER', p.acc)}).
FINDINGS: {de()} Frozen section margins negative.
The patient tolerated the procedure well. Findings were discussed with the {p.rel}, {N(p.rel_name)}, in the waiting room."""


def e_anesthesia(p):
    d1 = later(p.t0, 5, 40)
    return f"""ANESTHESIA RECORD — {M('ORGANIZATION', p.hosp)} | {M('ORGANIZATION', 'Department of Anesthesiology')}
Date: {M('DATE', ed(d1, 'iso'))} | OR {R.randint(1, 20)} | Pt: {N('%s, %s %s' % (p.last, p.first, p.mi))} | MRN {M('RECORD_NUMBER', p.mrn)} | Age {EAGE(p, 'n')} | ASA {R.choice(['II', 'III', 'IV'])}
Airway: Mallampati II, DL x1, 7.5 ETT, grade I view
Time\tBP\tHR\tSpO2\tEtCO2\tDrugs
{hm()}\t138/82\t78\t99\t35\tpropofol 150 mg, fentanyl 100 mcg, rocuronium 50 mg
{hm()}\t112/64\t70\t100\t36\tsevoflurane 2%, phenylephrine 100 mcg
{hm()}\t118/70\t74\t99\t38\tondansetron 4 mg, dexamethasone 8 mg
{'CIED: pacemaker SN ' + M('DEVICE_ID', p.pm) + ' reprogrammed to DOO by EP; magnet available.' if p.pm else 'CIED: none.'}
Anesthesiologist: {N(dr_en(p.anes, 'full'))}, MD   CRNA: {N('%s %s' % en_name())}, CRNA   Resident: {N(dr_en(p.doc, 'init'))}
{de()}"""


def e_tumor_board(p):
    d1 = later(p.t0, 5, 25)
    att = ", ".join("%s (%s)" % (N(dr_en(en_name(), 'full')), M('ORGANIZATION', dpt)) for dpt in R.sample(["Medical Oncology", "Radiation Oncology", "Pathology", "Radiology", "Thoracic Surgery", "Palliative Care"], 4))
    return f"""MULTIDISCIPLINARY TUMOR BOARD — MINUTES
{M('ORGANIZATION', p.hosp)}, {M('DATE', ed(d1, 'long'))}, 7:00 AM, Conference Room B / Zoom {M('CONTACT', 'https://%s.zoom.us/j/%d' % (re.sub('[^a-z]', '', p.hosp.lower())[:8], R.randint(10**9, 10**10 - 1)))}
Attendees: {att}
Presenter: {N(dr_en(p.doc, 'full'))}, MD
Case 3: {N(en_full(p, False))}, {EAGE(p, 'yo')} {'F' if p.female else 'M'}, MRN {M('RECORD_NUMBER', p.mrn)}. Diagnosed {M('DATE', ed(p.t0, 'my'))} with {p.cancer[0]}, {p.cancer[3]}; {p.cancer[4]}.
Pathology (case {M('RECORD_NUMBER', p.acc)}) reviewed by {N(dr_en(p.path, 'init'))}. {de()}
Recommendation: {R.choice(['adjuvant chemotherapy followed by surveillance', 'SBRT 50 Gy in 5 fractions', 'neoadjuvant chemoimmunotherapy then re-stage'])}. Patient's {p.rel} {N(p.rel_name)} to be included in the goals-of-care discussion."""


def e_rt_plan(p):
    d1 = later(p.t0, 30, 90)
    dose = R.choice([(60, 30), (50, 5), (45, 25), (70, 35)])
    return f"""{M('ORGANIZATION', p.hosp)} — {M('ORGANIZATION', 'Department of Radiation Oncology')}
RADIATION TREATMENT PLAN SUMMARY
Patient: {N('%s, %s' % (p.last.upper(), p.first))}   ID: {M('RECORD_NUMBER', p.mrn)}   DOB: {M('DATE', ed(p.dob, 'iso'))}
Radiation Oncologist: {N(dr_en(p.ro, 'full'))}, MD   Dosimetrist: {N('%s %s' % en_name())}, CMD   Physicist: {N('%s %s' % en_name())}, PhD
Diagnosis: {p.cancer[0]} ({p.cancer[3]})
Sim date: {M('DATE', ed(d1, 'us'))}   Plan approved: {M('DATE', ed(later(d1, 3, 7), 'us'))}   Start: {M('DATE', ed(later(d1, 7, 12), 'us'))}
Technique: VMAT, 6 MV FFF, daily CBCT   Rx: {dose[0]} Gy in {dose[1]} fx to PTV
OAR: Spinal cord Dmax 38.2 Gy; Lung V20 22%; Heart mean 6.1 Gy; Esophagus Dmean 18 Gy
CIED: {'pacemaker SN ' + M('DEVICE_ID', p.pm) + ', estimated device dose 0.8 Gy (low risk); weekly interrogation' if p.pm else 'none'}
{de()}
Plan notes shared via {M('CONTACT', 'https://aria.%s.local/plan/%d' % (re.sub('[^a-z]', '', p.hosp.lower())[:6], R.randint(1000, 99999)))}"""


def e_mar(p):
    d1 = later(p.t0, 20, 200)
    n1, n2 = dr_en(p.nurse, 'full'), '%s %s' % en_name()
    return f"""MEDICATION ADMINISTRATION RECORD — {M('ORGANIZATION', 'Infusion Center')}, {M('ORGANIZATION', p.hosp)}
{N(en_full(p))} | MRN {M('RECORD_NUMBER', p.mrn)} | DOB {M('DATE', ed(p.dob, 'us'))} | BSA {R.randint(15, 23) / 10:.2f} m2 | Allergies: NKDA
Regimen: FOLFOX C{R.randint(1, 12)}D1   Date: {M('DATE', ed(d1, 'dmon'))}   Ordering: {N(dr_en(p.doc, 'init'))}
Time  | Medication                     | Dose      | Route | Given by      | Verified by
{hm()} | palonosetron                  | 0.25 mg   | IV    | {N(n1)} | {N(n2)}
{hm()} | dexamethasone                 | 12 mg     | IV    | {N(n1)} | {N(n2)}
{hm()} | oxaliplatin                   | 85 mg/m2  | IV    | {N(n2)} | {N(n1)}
{hm()} | leucovorin                    | 400 mg/m2 | IV    | {N(n2)} | {N(n1)}
{hm()} | 5-FU 2400 mg/m2 over 46 h via CADD pump SN {M('DEVICE_ID', p.pump)} | | CIVI | {N(n1)} | {N(n2)}
Access: implanted port SN {M('DEVICE_ID', p.port)}, + blood return.
{de()}"""


def e_device_reg(p):
    d1 = later(p.t0, 3, 40)
    dev = p.pm if p.pm else p.port
    typ = "Dual-chamber pacemaker" if p.pm else "Implantable venous access port"
    return f"""IMPLANTED DEVICE REGISTRATION / PATIENT ID CARD
Patient name: {N(en_full(p))}      Phone: {M('PHONE', p.cell)}
Address: {M('ADDRESS', p.addr)}
Device: {typ}   Model: {R.choice(['Azure XT DR', 'PowerPort isp', 'Accolade MRI', 'BardPort'])}   Serial No.: {M('DEVICE_ID', dev)}
Implant date: {M('DATE', ed(d1, 'long'))}   Implanting physician: {N(dr_en(p.surg, 'full'))}, MD
Hospital: {M('ORGANIZATION', p.hosp)}  {M('PHONE', p.hosp_phone)}
Follow-up clinic: {M('ORGANIZATION', 'Device Clinic')}, remote monitoring portal {M('CONTACT', p.web + '/devices')}
Notes: MR conditional 1.5T/3T. {de()}"""


def e_path_consult(p):
    d1 = later(p.t0, 5, 30); d2 = later(d1, 3, 10)
    return f"""{M('ORGANIZATION', p.hosp2)}
{M('ORGANIZATION', 'Department of Pathology')} — Expert Consultation
{M('DATE', ed(d2, 'long'))}
{N(dr_en(p.path, 'full'))}, MD
{M('ORGANIZATION', p.hosp)}
Re: {N(en_full(p))}; DOB {M('DATE', ed(p.dob, 'us'))}; your case {M('RECORD_NUMBER', p.acc)}; our consult {M('RECORD_NUMBER', 'C%02d-%04d' % (d1.year % 100, R.randint(1, 9999)))}
Dear Dr. {N(p.path[1])},
Thank you for sending {R.randint(3, 14)} H&E slides and 1 block, received {M('DATE', ed(d1, 'us'))}. I agree with your diagnosis of {p.cancer[0]}, {p.cancer[3]}. {p.cancer[4]}. {de()}
This {EAGE(p, 'yo')} patient's case was also shown to my colleague Dr. {N(dr_en(en_name(), 'init'))} at our daily consensus conference.
Please do not hesitate to contact me at {M('PHONE', us_phone())} or {M('CONTACT', '%s.%s@%s.edu' % (p.rad[0][0].lower(), re.sub('[^a-z]', '', p.rad[1].lower()), re.sub('[^a-z]', '', p.hosp2.lower())[:9]))}.
Sincerely,
{N(dr_en(p.rad, 'full'))}, MD"""


def e_sms(p):
    d1 = later(p.t0, 30, 300)
    return f"""Secure text thread (clinic messaging app) — exported {M('DATE', ed(later(d1, 2, 2), 'iso'))}
[{M('DATE', ed(d1, 'usshort'))} {hm()}] {N(p.first + ' ' + p.last)}: hi its {N(p.first)}, {p.rel} {N(p.rel_name.split()[0])} drove me home. mouth sores again, can i take the magic mouthwash
[{M('DATE', ed(d1, 'usshort'))} {hm()}] {N(dr_en(p.nurse, 'full'))} RN: Yes, swish & spit 10 mL QID. Any fever?
[{M('DATE', ed(d1, 'usshort'))} {hm()}] {N(p.first)}: no fever. my new cell is {M('PHONE', us_phone())}
[{M('DATE', ed(later(d1, 1, 1), 'usshort'))} {hm()}] {N(dr_en(p.nurse, 'full'))} RN: Updated. Dr {N(p.doc[1])} wants labs before {M('DATE', ed(later(d1, 5, 9), 'mon'))}. {de()}"""


EN_TEMPLATES = [e_registry, e_email, e_addendum, e_trial_log, e_family_instr, e_hl7, e_ocr_fax, e_claim,
                e_death_note, e_opnote, e_anesthesia, e_tumor_board, e_rt_plan, e_mar, e_device_reg,
                e_path_consult, e_sms]


# ================================================================ main

def main():
    n_zh, n_en = 47, 23
    pats = [make_zh_patient(i) for i in range(n_zh)] + [make_en_patient(i) for i in range(n_en)]
    ndocs = [R.randint(3, 5) for _ in pats]
    i = 0
    while sum(ndocs) < 310:
        if ndocs[i % len(pats)] < 5:
            ndocs[i % len(pats)] += 1
        i += 3
    docs = []
    zi = ei = 0
    for p, k in zip(pats, ndocs):
        tpls = ZH_TEMPLATES if p.lang == "zh" else EN_TEMPLATES
        # elderly / device patients get device-heavy + age-heavy templates more often
        chosen = []
        start = zi if p.lang == "zh" else ei
        for j in range(k):
            chosen.append(tpls[(start + j * 3) % len(tpls)])
        if p.lang == "zh":
            zi += k
        else:
            ei += k
        for j, t in enumerate(chosen):
            tpl = t(p)
            text, phi = render(tpl)
            docs.append({"doc_id": "B2-%s-%d-%s" % (p.pid, j + 1, t.__name__), "patient_id": p.pid, "lang": p.lang,
                         "text": text, "phi": phi})
    R.shuffle(docs)
    # verify
    cnt = collections.Counter(); cnt_lang = collections.Counter()
    for d in docs:
        last_end = -1
        for s in sorted(d["phi"], key=lambda s: s["start"]):
            assert d["text"][s["start"]:s["end"]] == s["text"]
            assert s["start"] >= last_end, ("overlap", d["doc_id"], s)
            last_end = s["end"]
            if s["category"] == "AGE":
                assert int(re.match(r"\d+", s["text"]).group()) > 89
            cnt[s["category"]] += 1; cnt_lang[(s["category"], d["lang"])] += 1
    with open(OUT, "w", encoding="utf-8") as f:
        for d in docs:
            f.write(json.dumps(d, ensure_ascii=False) + "\n")
    nl = collections.Counter(d["lang"] for d in docs)
    print("documents: %d  (zh %d, en %d); patients: %d" % (len(docs), nl["zh"], nl["en"], len(pats)))
    print("%-14s %6s %6s %6s" % ("category", "zh", "en", "total"))
    for c in CATS:
        print("%-14s %6d %6d %6d" % (c, cnt_lang[(c, "zh")], cnt_lang[(c, "en")], cnt[c]))
    print("%-14s %6d %6d %6d" % ("ALL", sum(v for (c, l), v in cnt_lang.items() if l == "zh"),
                                 sum(v for (c, l), v in cnt_lang.items() if l == "en"), sum(cnt.values())))
    tc = collections.Counter(d["doc_id"].split("-", 3)[3] for d in docs)
    print("formats:", dict(sorted(tc.items())))
    ok = len(docs) >= 300 and all(cnt[c] >= 30 for c in CATS) and all(cnt_lang[(c, l)] > 0 for c in CATS for l in ("zh", "en"))
    print("CHECKS OK" if ok else "CHECKS FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
