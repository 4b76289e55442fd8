#!/usr/bin/env python3
"""Seeded generator of a BLIND patient-level record-assembly test set
(synthetic Chinese oncology documents).

Writes manifest.jsonl and gold.json next to this file.
Standard library only.  Run:  python3 gen_patients.py
"""
import datetime as dt
import json
import os
import random
import re

SEED = 20241205
R = random.Random(SEED)
OUT = os.path.dirname(os.path.abspath(__file__))

# --------------------------------------------------------------------------
# small helpers
# --------------------------------------------------------------------------

def fw(s):
    """ASCII -> full-width."""
    out = []
    for ch in s:
        o = ord(ch)
        if ch == " ":
            out.append("\u3000")
        elif 0x21 <= o <= 0x7E:
            out.append(chr(o + 0xFEE0))
        else:
            out.append(ch)
    return "".join(out)


def fwd(s):
    """digits (and - . /) only -> full-width."""
    return "".join(chr(ord(c) + 0xFEE0) if c in "0123456789-./" else c for c in s)


def fd(d, style="iso"):
    if style == "iso":
        return d.isoformat()
    if style == "cn":
        return f"{d.year}年{d.month}月{d.day}日"
    if style == "cn0":
        return f"{d.year}年{d.month:02d}月{d.day:02d}日"
    if style == "slash":
        return f"{d.year}/{d.month:02d}/{d.day:02d}"
    if style == "dot":
        return f"{d.year}.{d.month:02d}.{d.day:02d}"
    if style == "compact":
        return d.strftime("%Y%m%d")
    raise ValueError(style)


def rdate(a, b):
    return a + dt.timedelta(days=R.randint(0, (b - a).days))


def age_at(birth, d):
    return d.year - birth.year - ((d.month, d.day) < (birth.month, birth.day))


ROMAN = {"IV": "Ⅳ", "III": "Ⅲ", "II": "Ⅱ", "I": "Ⅰ"}


def stage_txt(st, style):
    if style == "roman":
        m = re.match(r"^(IV|III|II|I)(.*)$", st)
        return ROMAN[m.group(1)] + m.group(2)
    return st


def cm(mm):
    return f"{mm / 10:.1f}"


def pick(seq):
    return R.choice(seq)


# --------------------------------------------------------------------------
# staging tables (AJCC 8th, simplified where noted)
# --------------------------------------------------------------------------

LUNG_STAGE = {
    "T1a": {"N0": "IA1", "N1": "IIB", "N2": "IIIA"},
    "T1b": {"N0": "IA2", "N1": "IIB", "N2": "IIIA"},
    "T1c": {"N0": "IA3", "N1": "IIB", "N2": "IIIA"},
    "T2a": {"N0": "IB", "N1": "IIB", "N2": "IIIA"},
    "T2b": {"N0": "IIA", "N1": "IIB", "N2": "IIIA"},
    "T3": {"N0": "IIB", "N1": "IIIA", "N2": "IIIB"},
}


def lung_T(mm):
    for lim, t in ((10, "T1a"), (20, "T1b"), (30, "T1c"), (40, "T2a"), (50, "T2b")):
        if mm <= lim:
            return t
    return "T3"


def breast_stage(T, N):
    if N.startswith("N3"):
        return "IIIC"
    if N.startswith("N2"):
        return "IIIA"
    tab = {("T1c", "N0"): "IA", ("T1c", "N1"): "IIA", ("T2", "N0"): "IIA",
           ("T2", "N1"): "IIB", ("T3", "N0"): "IIB", ("T3", "N1"): "IIIA"}
    return tab[(T, N[:2])]


def crc_N(pos):
    if pos == 0:
        return "N0"
    if pos == 1:
        return "N1a"
    if pos <= 3:
        return "N1b"
    if pos <= 6:
        return "N2a"
    return "N2b"


def crc_stage(T, N):
    if N == "N0":
        return {"T1": "I", "T2": "I", "T3": "IIA", "T4a": "IIB"}[T]
    if N.startswith("N1"):
        return "IIIA" if T in ("T1", "T2") else "IIIB"
    if N == "N2a":
        return {"T1": "IIIA", "T2": "IIIB", "T3": "IIIB", "T4a": "IIIC"}[T]
    return {"T1": "IIIB", "T2": "IIIB", "T3": "IIIC", "T4a": "IIIC"}[T]


def gastric_N(pos):
    if pos == 0:
        return "N0"
    if pos <= 2:
        return "N1"
    if pos <= 6:
        return "N2"
    return "N3a"


GASTRIC_STAGE = {
    "T1b": {"N0": "IA", "N1": "IB", "N2": "IIA", "N3a": "IIB"},
    "T2": {"N0": "IB", "N1": "IIA", "N2": "IIB", "N3a": "IIIA"},
    "T3": {"N0": "IIA", "N1": "IIB", "N2": "IIIA", "N3a": "IIIB"},
    "T4a": {"N0": "IIB", "N1": "IIIA", "N2": "IIIA", "N3a": "IIIB"},
}


def eso_N(pos):
    if pos == 0:
        return "N0"
    if pos <= 2:
        return "N1"
    return "N2"


ESO_STAGE = {  # simplified pathological stage groups (squamous)
    "T1b": {"N0": "IB", "N1": "IIB", "N2": "IIIA"},
    "T2": {"N0": "IIA", "N1": "IIIA", "N2": "IIIB"},
    "T3": {"N0": "IIB", "N1": "IIIB", "N2": "IIIB"},
}

# --------------------------------------------------------------------------
# vocabularies
# --------------------------------------------------------------------------

SURNAMES = list("王李刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
GIVEN_M = ["建国", "志强", "国华", "海涛", "明", "勇", "军", "德福", "永康", "振华", "立新", "文斌", "春生",
           "红兵", "树林", "长江", "卫东", "金山", "宏伟", "庆丰", "子健", "继光", "保国", "双喜", "玉柱"]
GIVEN_F = ["秀英", "桂兰", "淑珍", "丽华", "玉梅", "春燕", "红梅", "晓燕", "美玲", "素芬", "凤英", "慧敏",
           "雪梅", "爱华", "金凤", "小琴", "丽娟", "月娥", "巧云", "文静", "海燕", "翠花", "婷", "静"]
DOCTORS = ["欧阳嘉树", "司马文韬", "诸葛明远", "上官清扬", "皇甫志成", "东方睿", "慕容雪", "令狐青",
           "端木蓉", "公孙策"]
HOSPITALS = ["华东协和肿瘤医院", "江南省肿瘤医院", "滨海市第一人民医院", "北岭大学附属第二医院",
             "西川省人民医院"]

CANCERS = {
    "lung": dict(
        sites=["右肺上叶", "右肺中叶", "右肺下叶", "左肺上叶", "左肺下叶"],
        hist=[("浸润性腺癌", "腺泡为主型", "腺癌", "adeno", "Invasive adenocarcinoma"),
              ("浸润性腺癌", "实体为主型", "腺癌", "adeno", "Invasive adenocarcinoma"),
              ("浸润性腺癌", "乳头为主型", "腺癌", "adeno", "Invasive adenocarcinoma"),
              ("浸润性黏液腺癌", None, "腺癌", "adeno", "Invasive mucinous adenocarcinoma"),
              ("鳞状细胞癌", "非角化型", "鳞癌", "squamous", "Squamous cell carcinoma"),
              ("角化型鳞状细胞癌", None, "鳞状细胞癌", "squamous", "Keratinizing squamous cell carcinoma")],
        dept="胸外科"),
    "breast": dict(
        sites=["外上象限", "内上象限", "外下象限", "内下象限"],
        hist=[("浸润性导管癌", "Ⅱ级", "浸润性导管癌", "ductal", "Invasive ductal carcinoma"),
              ("浸润性癌（非特殊类型）", "Ⅱ级", "浸润性癌", "ductal", "Invasive carcinoma of no special type"),
              ("浸润性导管癌", "Ⅲ级", "浸润性导管癌", "ductal", "Invasive ductal carcinoma"),
              ("浸润性小叶癌", None, "浸润性小叶癌", "lobular", "Invasive lobular carcinoma")],
        dept="乳腺外科"),
    "crc": dict(
        sites=["乙状结肠", "直肠", "升结肠", "横结肠", "降结肠", "盲肠"],
        hist=[("中分化腺癌", None, "腺癌", "adeno", "Moderately differentiated adenocarcinoma"),
              ("高-中分化腺癌", None, "腺癌", "adeno", "Well to moderately differentiated adenocarcinoma"),
              ("低分化腺癌", None, "腺癌", "adeno", "Poorly differentiated adenocarcinoma"),
              ("黏液腺癌", None, "黏液腺癌", "adeno", "Mucinous adenocarcinoma")],
        dept="胃肠外科"),
    "gastric": dict(
        sites=["胃窦", "胃体", "贲门", "胃角"],
        hist=[("低分化腺癌", "Lauren分型：弥漫型", "腺癌", "adeno", "Poorly differentiated adenocarcinoma"),
              ("中-低分化腺癌", "Lauren分型：混合型", "腺癌", "adeno", "Moderately to poorly differentiated adenocarcinoma"),
              ("印戒细胞癌", "Lauren分型：弥漫型", "印戒细胞癌", "adeno", "Signet-ring cell carcinoma"),
              ("中分化管状腺癌", "Lauren分型：肠型", "腺癌", "adeno", "Moderately differentiated tubular adenocarcinoma")],
        dept="胃肠外科"),
    "eso": dict(
        sites=["食管胸中段", "食管胸下段", "食管胸上段"],
        hist=[("中分化鳞状细胞癌", None, "鳞癌", "squamous", "Moderately differentiated squamous cell carcinoma"),
              ("低分化鳞状细胞癌", None, "鳞癌", "squamous", "Poorly differentiated squamous cell carcinoma"),
              ("高分化鳞状细胞癌", None, "鳞状细胞癌", "squamous", "Well differentiated squamous cell carcinoma")],
        dept="胸外科"),
}

REGIMENS = {
    ("lung", "adeno"): [("AP", "培美曲塞 + 顺铂"), ("AC", "培美曲塞 + 卡铂")],
    ("lung", "squamous"): [("TP", "紫杉醇 + 顺铂"), ("GP", "吉西他滨 + 顺铂"), ("DP", "多西他赛 + 顺铂")],
    ("breast", None): [("EC-T", "表柔比星 + 环磷酰胺 序贯 多西他赛"), ("TC", "多西他赛 + 环磷酰胺"),
                       ("TCbHP", "多西他赛 + 卡铂 + 曲妥珠单抗 + 帕妥珠单抗")],
    ("crc", None): [("XELOX", "奥沙利铂 + 卡培他滨"), ("FOLFOX", "奥沙利铂 + 亚叶酸钙 + 氟尿嘧啶")],
    ("gastric", None): [("SOX", "奥沙利铂 + 替吉奥"), ("XELOX", "奥沙利铂 + 卡培他滨")],
    ("eso", None): [("TP", "紫杉醇 + 顺铂"), ("TP+卡瑞利珠单抗", "紫杉醇 + 顺铂 + 卡瑞利珠单抗")],
}

EN_SITE = {"右肺上叶": "Right upper lobe", "右肺中叶": "Right middle lobe", "右肺下叶": "Right lower lobe",
           "左肺上叶": "Left upper lobe", "左肺下叶": "Left lower lobe"}
EN_Q = {"外上象限": "upper outer quadrant", "内上象限": "upper inner quadrant",
        "外下象限": "lower outer quadrant", "内下象限": "lower inner quadrant"}
EN_CRC = {"乙状结肠": "Sigmoid colon", "直肠": "Rectum", "升结肠": "Ascending colon",
          "横结肠": "Transverse colon", "降结肠": "Descending colon", "盲肠": "Cecum"}

MRN_LABELS = ["病案号", "住院号", "ID号", "病历号", "登记号", "患者ID", "MRN"]
EN_MRN_LABELS = ["MRN", "Patient ID", "Hospital No."]

# --------------------------------------------------------------------------
# patients
# --------------------------------------------------------------------------

N_PATIENTS = 48
TYPE_PLAN = ["lung"] * 16 + ["breast"] * 10 + ["crc"] * 9 + ["gastric"] * 7 + ["eso"] * 6


def make_name(sex, used):
    while True:
        n = pick(SURNAMES) + pick(GIVEN_M if sex == "男" else GIVEN_F)
        if n not in used and n not in ("张伟", "王芳"):
            used.add(n)
            return n


def make_patient(idx, cancer, used_names, used_mrn):
    p = {"pid": f"P{idx:03d}", "cancer": cancer}
    spec = CANCERS[cancer]
    p["sex"] = "女" if cancer == "breast" else ("男" if R.random() < 0.7 else "女")
    p["name"] = make_name(p["sex"], used_names)
    p["hospital"] = pick(HOSPITALS)
    while True:
        mrn = str(R.randint(100000, 9999999)).zfill(pick([7, 8, 10]))
        if mrn not in used_mrn:
            used_mrn.add(mrn)
            break
    p["mrn"] = mrn
    p["adm"] = rdate(dt.date(2021, 1, 10), dt.date(2024, 6, 30))
    p["birth"] = rdate(dt.date(1945, 1, 1), dt.date(1982, 12, 31)) if cancer != "breast" else \
        rdate(dt.date(1955, 1, 1), dt.date(1988, 12, 31))
    h = pick(spec["hist"])
    p["histology"], p["hist_sub"], p["hist_short"], p["hist_class"], p["hist_en"] = h
    site = pick(spec["sites"])
    if cancer == "lung":
        p["site"] = site
        p["side"] = "right" if site[0] == "右" else "left"
        size = R.randint(14, 62)
        T = lung_T(size)
        N = R.choices(["N0", "N1", "N2"], [5, 3, 2])[0]
        exam = R.randint(9, 24)
        pos = 0 if N == "N0" else R.randint(1, 3 if N == "N1" else 5)
        stage = LUNG_STAGE[T][N]
    elif cancer == "breast":
        side = pick(["左", "右"])
        p["quadrant"] = site
        p["site"] = side + "乳" + site
        p["side"] = "left" if side == "左" else "right"
        size = R.randint(12, 58)
        T = "T1c" if size <= 20 else ("T2" if size <= 50 else "T3")
        pos = R.choices([0, R.randint(1, 3), R.randint(4, 9), R.randint(10, 13)], [4, 4, 2, 1])[0]
        exam = max(pos + R.randint(5, 14), R.randint(12, 22))
        N = "N0" if pos == 0 else ("N1a" if pos <= 3 else ("N2a" if pos <= 9 else "N3a"))
        stage = breast_stage(T, N)
    elif cancer == "crc":
        p["site"] = site
        p["side"] = None
        size = R.randint(22, 75)
        T = R.choices(["T2", "T3", "T4a"], [2, 5, 2])[0]
        pos = R.choices([0, R.randint(1, 3), R.randint(4, 6), R.randint(7, 10)], [4, 4, 2, 1])[0]
        exam = R.randint(12, 28)
        N = crc_N(pos)
        stage = crc_stage(T, N)
    elif cancer == "gastric":
        p["site"] = site
        p["side"] = None
        size = R.randint(18, 70)
        T = R.choices(["T1b", "T2", "T3", "T4a"], [1, 2, 4, 3])[0]
        pos = R.choices([0, R.randint(1, 2), R.randint(3, 6), R.randint(7, 12)], [3, 3, 3, 2])[0]
        exam = R.randint(16, 35)
        N = gastric_N(pos)
        stage = GASTRIC_STAGE[T][N]
    else:
        p["site"] = site
        p["side"] = None
        size = R.randint(15, 60)
        T = R.choices(["T1b", "T2", "T3"], [1, 2, 4])[0]
        pos = R.choices([0, R.randint(1, 2), R.randint(3, 5)], [4, 4, 2])[0]
        exam = R.randint(12, 30)
        N = eso_N(pos)
        stage = ESO_STAGE[T][N]
    p.update(size=size, T=T, N=N, M="M0", stage=stage, ln_pos=pos, ln_exam=exam)
    b = max(5, size - R.randint(3, 12))
    c = max(4, b - R.randint(2, 10))
    dims = [size, b, c]
    if R.random() < 0.2:  # largest not first
        dims = [b, size, c]
    p["dims"] = dims
    # surgery
    s = p["site"]
    if cancer == "lung":
        p["surgery"] = pick([f"胸腔镜下{s}切除术+系统性淋巴结清扫术", f"单孔胸腔镜下{s}切除术+纵隔淋巴结清扫术"])
        p["surgery_en"] = "VATS lobectomy"
    elif cancer == "breast":
        p["surgery"] = f"{s[0]}乳腺癌改良根治术"
    elif cancer == "crc":
        p["surgery"] = {"乙状结肠": "腹腔镜下乙状结肠癌根治术", "直肠": "腹腔镜下直肠癌根治术（Dixon术）",
                        "升结肠": "腹腔镜下右半结肠切除术", "横结肠": "腹腔镜下横结肠癌根治术",
                        "降结肠": "腹腔镜下左半结肠切除术", "盲肠": "腹腔镜下右半结肠切除术"}[s]
    elif cancer == "gastric":
        p["surgery"] = "腹腔镜下根治性远端胃大部切除术（D2）" if s in ("胃窦", "胃角") else "腹腔镜下根治性全胃切除术（D2）"
    else:
        p["surgery"] = pick(["胸腹腔镜联合食管癌根治术（McKeown术）", "胸腹腔镜联合食管癌根治术（Ivor-Lewis术）"])
    key = (cancer, p["hist_class"]) if cancer == "lung" else (cancer, None)
    p["regimen"] = pick(REGIMENS[key])
    p["chemo"] = not (N == "N0" and stage in ("IA1", "IA2", "IA3", "IA", "I", "IB"))
    p["chemo_in_adm"] = p["chemo"] and R.random() < 0.35
    p["surg_date"] = p["adm"] + dt.timedelta(days=R.randint(2, 6))
    p["path_date"] = p["surg_date"] + dt.timedelta(days=R.randint(4, 7))
    if p["chemo_in_adm"]:
        p["chemo1"] = p["path_date"] + dt.timedelta(days=R.randint(1, 3))
        p["dis"] = p["chemo1"] + dt.timedelta(days=R.randint(1, 3))
    else:
        p["dis"] = p["surg_date"] + dt.timedelta(days=R.randint(5, 11))
        p["chemo1"] = p["dis"] + dt.timedelta(days=R.randint(18, 35))
    p["chemo_cycles"] = [p["chemo1"] + dt.timedelta(days=21 * i) for i in range(R.randint(2, 4))]
    p["recur"] = R.random() < 0.45
    p["cc_months"] = R.randint(1, 6)
    p["hospital_dept"] = spec["dept"]
    return p


used_names, used_mrn = set(), set()
PATIENTS = []
for i, c in enumerate(TYPE_PLAN, start=1):
    PATIENTS.append(make_patient(i, c, used_names, used_mrn))
R.shuffle(PATIENTS)
for i, p in enumerate(PATIENTS, start=1):  # renumber after shuffle so pid order != cancer order
    p["pid"] = f"P{i:03d}"

# --- identity traps --------------------------------------------------------
lungs = [p for p in PATIENTS if p["cancer"] == "lung"]
ZW_A, ZW_B = lungs[0], lungs[1]
for p, b in ((ZW_A, dt.date(1958, 7, 3)), (ZW_B, dt.date(1971, 11, 19))):
    p["name"], p["sex"], p["birth"] = "张伟", "男", b
breasts = [p for p in PATIENTS if p["cancer"] == "breast"]
WF_A, WF_B = breasts[0], breasts[1]
for p, b in ((WF_A, dt.date(1968, 5, 12)), (WF_B, dt.date(1968, 5, 21))):
    p["name"], p["sex"], p["birth"] = "王芳", "女", b
# MRN written with different labels / full-width digits in different documents
crcs = [p for p in PATIENTS if p["cancer"] == "crc"]
FWMRN = [crcs[0], [p for p in PATIENTS if p["cancer"] == "gastric"][0]]
FWMRN[0]["mrn"] = "0023817"
for p in FWMRN:
    p["mrn_trap"] = True

# --------------------------------------------------------------------------
# planted conflicts and gaps
# --------------------------------------------------------------------------

CONFLICT_PLAN = [("pT", 4), ("pN", 2), ("stage", 2), ("laterality", 3), ("histology", 3),
                 ("ln_positive", 2), ("tumor_size", 2), ("admission_date", 1), ("primary_site", 1)]
GAP_PLAN = [("ln_discharge", 5), ("stage_path", 4), ("pM_path", 4), ("size_discharge", 2),
            ("adm_discharge", 2), ("hist_discharge", 2)]

EXCLUSIVE = {  # plants that may not co-occur in one patient
    "stage": {"stage_path"}, "ln_positive": {"ln_discharge"}, "tumor_size": {"size_discharge"},
    "admission_date": {"adm_discharge"}, "histology": {"hist_discharge"},
}


def eligible(p, plant):
    c = p["cancer"]
    if plant in ("laterality",):
        return c in ("lung", "breast")
    if plant == "primary_site":
        return c == "lung" and p["site"] != "右肺中叶"
    if plant == "histology":
        return c in ("lung", "eso")
    if plant == "ln_positive":
        return p["ln_pos"] > 0
    return True


for p in PATIENTS:
    p["plants"] = []

conf_patients = R.sample(PATIENTS, 17)
order = []
for name, n in CONFLICT_PLAN:
    order += [name] * n
R.shuffle(order)
# give every chosen patient one conflict first, then the remaining go to random chosen ones
pool = list(conf_patients)


def can_take(p, plant):
    if not eligible(p, plant) or plant in p["plants"]:
        return False
    for a, bs in EXCLUSIVE.items():
        if (plant == a and p["plants"] and set(p["plants"]) & bs) or (plant in bs and a in p["plants"]):
            return False
    if plant == "laterality" and "primary_site" in p["plants"]:
        return False
    if plant == "primary_site" and "laterality" in p["plants"]:
        return False
    return True


def assign(plants, patients, min_each=True):
    plants = sorted(plants, key=lambda x: sum(eligible(q, x) for q in patients))  # rare first
    todo = list(patients)
    for pl in plants:
        cands = [q for q in todo if can_take(q, pl)] if min_each else []
        if not cands:
            cands = [q for q in patients if can_take(q, pl) and len(q["plants"]) < 3]
        if not cands:
            cands = [q for q in PATIENTS if can_take(q, pl)]
        q = R.choice(cands)
        q["plants"].append(pl)
        if q in todo:
            todo.remove(q)


assign(order, conf_patients)
gorder = []
for name, n in GAP_PLAN:
    gorder += [name] * n
gap_patients = R.sample(PATIENTS, 17)
assign(gorder, gap_patients)

# --------------------------------------------------------------------------
# document planning
# --------------------------------------------------------------------------

for p in PATIENTS:
    pl = p["plants"]
    docs = [{"kind": "pathology", "date": p["path_date"]}, {"kind": "discharge", "date": p["dis"]}]
    need_ct = "laterality" in pl or "primary_site" in pl
    need_adm = "admission_date" in pl or "adm_discharge" in pl
    if need_ct or R.random() < 0.6:
        docs.append({"kind": "ct_pre", "date": p["adm"] - dt.timedelta(days=R.randint(4, 25))})
    if R.random() < 0.55:
        if p["recur"] or R.random() < 0.4:
            docs.append({"kind": "petct_fu", "date": p["dis"] + dt.timedelta(days=R.randint(120, 620))})
        else:
            docs.append({"kind": "petct_pre", "date": p["adm"] - dt.timedelta(days=R.randint(2, 15))})
    if need_adm:
        docs.append({"kind": "admission", "date": p["adm"]})
    others = ["postop", "mdt", "followup"] + (["chemo"] if p["chemo"] else [])
    R.shuffle(others)
    if "histology" in pl and R.random() < 0.5:
        p["hist_conf_target"] = "note"
        if p["chemo"]:
            docs.append({"kind": "chemo", "date": p["chemo_cycles"][-1]})
        else:
            docs.append({"kind": "mdt", "date": p["path_date"] + dt.timedelta(days=R.randint(1, 5))})
    if "pN" in pl and R.random() < 0.5 and not any(d["kind"] == "mdt" for d in docs):
        p["pN_conf_target"] = "mdt"
        docs.append({"kind": "mdt", "date": p["path_date"] + dt.timedelta(days=R.randint(1, 5))})
    while len(docs) < 3 or (len(docs) < 6 and R.random() < 0.45):
        k = None
        for cand in others:
            if not any(d["kind"] == cand for d in docs):
                k = cand
                break
        if k is None:
            if not any(d["kind"] == "ct_fu" for d in docs):
                k = "ct_fu"
            else:
                break
        if k == "postop":
            d = p["surg_date"]
        elif k == "mdt":
            d = p["path_date"] + dt.timedelta(days=R.randint(1, 5))
        elif k == "chemo":
            d = p["chemo_cycles"][-1]
        elif k == "followup":
            d = p["dis"] + dt.timedelta(days=R.randint(90, 500))
        else:
            d = p["dis"] + dt.timedelta(days=R.randint(90, 400))
        docs.append({"kind": k, "date": d})
    if len(docs) > 6:
        docs = docs[:6]
    p["docs"] = docs

DOC_TYPE = {"pathology": "pathology", "discharge": "discharge", "ct_pre": "ct", "ct_fu": "ct",
            "petct_pre": "petct", "petct_fu": "petct", "admission": "other", "postop": "other",
            "mdt": "other", "chemo": "other", "followup": "other"}

# --------------------------------------------------------------------------
# per-document facts (truth + planted deviations / omissions)
# --------------------------------------------------------------------------

BASE_KEYS = ["histology", "hist_short", "hist_class", "site", "side", "size", "dims", "T", "N", "M",
             "stage", "ln_pos", "ln_exam", "adm", "dis"]


def flip_site(p, site):
    if p["cancer"] == "lung":
        return ("左" if site[0] == "右" else "右") + site[1:]
    return ("左" if site[0] == "右" else "右") + site[1:]


def neighbour(vals, v):
    i = vals.index(v)
    if i + 1 < len(vals):
        return vals[i + 1]
    return vals[i - 1]


T_ORDER = {"lung": ["T1a", "T1b", "T1c", "T2a", "T2b", "T3"], "breast": ["T1c", "T2", "T3"],
           "crc": ["T2", "T3", "T4a"], "gastric": ["T1b", "T2", "T3", "T4a"], "eso": ["T1b", "T2", "T3"]}
N_ORDER = {"lung": ["N0", "N1", "N2"], "breast": ["N0", "N1a", "N2a", "N3a"],
           "crc": ["N0", "N1a", "N1b", "N2a", "N2b"], "gastric": ["N0", "N1", "N2", "N3a"],
           "eso": ["N0", "N1", "N2"]}
STAGES_BY_CANCER = {"lung": ["IA1", "IA2", "IA3", "IB", "IIA", "IIB", "IIIA", "IIIB"],
                    "breast": ["IA", "IIA", "IIB", "IIIA", "IIIC"],
                    "crc": ["I", "IIA", "IIB", "IIIA", "IIIB", "IIIC"],
                    "gastric": ["IA", "IB", "IIA", "IIB", "IIIA", "IIIB", "IIIC"],
                    "eso": ["IB", "IIA", "IIB", "IIIA", "IIIB"]}

for p in PATIENTS:
    p["conflicts"], p["gaps"] = [], []
    for d in p["docs"]:
        d["f"] = {k: p[k] for k in BASE_KEYS}
    byk = {}
    for d in p["docs"]:
        byk.setdefault(d["kind"], d)
    P_, D_ = byk["pathology"], byk["discharge"]
    for pl in p["plants"]:
        if pl == "pT":
            wrong = neighbour(T_ORDER[p["cancer"]], p["T"])
            D_["f"]["T"] = wrong
            p["conflicts"].append(("pathology.pT", [P_, D_], {"path": p["T"], "other": wrong}))
        elif pl == "pN":
            wrong = neighbour(N_ORDER[p["cancer"]], p["N"])
            tgt = byk["mdt"] if p.get("pN_conf_target") == "mdt" else D_
            tgt["f"]["N"] = wrong
            p["conflicts"].append(("pathology.pN", [P_, tgt], {"path": p["N"], "other": wrong}))
        elif pl == "stage":
            order_ = STAGES_BY_CANCER[p["cancer"]]
            i = order_.index(p["stage"])
            wrong = order_[i + 1] if i + 1 < len(order_) else order_[i - 1]
            D_["f"]["stage"] = wrong
            p["conflicts"].append(("pathology.ajcc_stage", [P_, D_], {"path": p["stage"], "other": wrong}))
        elif pl == "laterality":
            tgt = byk["ct_pre"] if R.random() < 0.5 else D_
            ws = flip_site(p, p["site"])
            tgt["f"]["site"] = ws
            tgt["f"]["side"] = "left" if p["side"] == "right" else "right"
            p["conflicts"].append(("laterality", [P_, tgt], {"path": p["side"], "other": tgt["f"]["side"]}))
        elif pl == "primary_site":
            s = p["site"]
            ws = s.replace("上叶", "下叶") if "上叶" in s else s.replace("下叶", "上叶")
            byk["ct_pre"]["f"]["site"] = ws
            p["conflicts"].append(("pathology.primary_site", [P_, byk["ct_pre"]], {"path": s, "other": ws}))
        elif pl == "histology":
            if p.get("hist_conf_target") == "note":
                tgt = byk.get("chemo") or byk.get("mdt")
            else:
                tgt = D_
            if p["hist_class"] == "adeno":
                tgt["f"]["hist_short"], tgt["f"]["histology"], tgt["f"]["hist_class"] = "鳞癌", "鳞状细胞癌", "squamous"
            else:
                tgt["f"]["hist_short"], tgt["f"]["histology"], tgt["f"]["hist_class"] = "腺癌", "腺癌", "adeno"
            p["conflicts"].append(("pathology.histology", [P_, tgt],
                                   {"path": p["histology"], "other": tgt["f"]["hist_short"]}))
        elif pl == "ln_positive":
            D_["f"]["ln_pos"] = p["ln_pos"] + 1
            p["conflicts"].append(("pathology.ln_positive", [P_, D_], {"path": p["ln_pos"], "other": p["ln_pos"] + 1}))
        elif pl == "tumor_size":
            w = p["size"] + R.choice([5, 6, 8, -4]) if p["size"] > 20 else p["size"] + 6
            D_["f"]["size"] = w
            p["conflicts"].append(("pathology.tumor_size", [P_, D_], {"path": p["size"], "other": w}))
        elif pl == "admission_date":
            A_ = byk["admission"]
            w = p["adm"] + dt.timedelta(days=R.choice([1, 2, -1]))
            A_["f"]["adm"] = w
            p["conflicts"].append(("discharge.admission_date", [D_, A_],
                                   {"discharge": p["adm"].isoformat(), "other": w.isoformat()}))
        # ---- gaps
        elif pl == "ln_discharge":
            D_["f"]["ln_pos"] = D_["f"]["ln_exam"] = None
            p["gaps"].append(("pathology.ln_positive", D_, P_, p["ln_pos"]))
            p["gaps"].append(("pathology.ln_examined", D_, P_, p["ln_exam"]))
        elif pl == "stage_path":
            P_["f"]["stage"] = None
            p["gaps"].append(("pathology.ajcc_stage", P_, D_, p["stage"]))
        elif pl == "pM_path":
            P_["f"]["M"] = None
            p["gaps"].append(("pathology.pM", P_, D_, p["M"]))
        elif pl == "size_discharge":
            D_["f"]["size"] = None
            p["gaps"].append(("pathology.tumor_size", D_, P_, p["size"]))
        elif pl == "adm_discharge":
            D_["f"]["adm"] = None
            p["gaps"].append(("discharge.admission_date", D_, byk["admission"], p["adm"].isoformat()))
        elif pl == "hist_discharge":
            D_["f"]["histology"] = D_["f"]["hist_short"] = None
            p["gaps"].append(("pathology.histology", D_, P_, "__HIST__"))

for p in PATIENTS:
    for d in p["docs"]:
        if d["kind"] == "admission":
            d["date"] = d["f"]["adm"]

# --------------------------------------------------------------------------
# identifiers: pid assignment and header kinds
# --------------------------------------------------------------------------

for p in PATIENTS:
    for d in p["docs"]:
        d["has_pid"] = R.random() < 0.6
    if not any(d["has_pid"] for d in p["docs"]):
        R.choice(p["docs"])["has_pid"] = True
    for d in p["docs"]:
        if d["has_pid"]:
            d["hk"] = R.choices(["full", "mrn_age", "name_age", "nsb", "mrn_only"], [45, 25, 15, 10, 5])[0]
        else:
            d["hk"] = R.choices(["full", "mrn_age", "mrn_only"], [55, 33, 12])[0]
        d["birth_or_age"] = "birth" if R.random() < 0.65 else "age"

# planted: headers with only name + sex + birth date (no MRN, no patient_id)
NSB_TRAP = [ZW_B, WF_B] + R.sample([p for p in PATIENTS if p not in (ZW_A, ZW_B, WF_A, WF_B) + tuple(FWMRN)], 2)
for p in NSB_TRAP:
    cands = [d for d in p["docs"] if d["kind"] not in ("pathology",)]
    d = R.choice(cands)
    d["has_pid"], d["hk"] = False, "nsb"
    d["nsb_trap"] = True
    if not any(x["has_pid"] for x in p["docs"]):
        p["docs"][0]["has_pid"] = True
# same-name patients: make sure the non-pid docs are not trivially resolved by patient_id-only docs
for p in (ZW_A, ZW_B, WF_A, WF_B):
    for d in p["docs"]:
        if not d["has_pid"] and d["hk"] not in ("nsb",):
            d["hk"] = R.choice(["mrn_age", "full"])
# MRN-trap patients: every doc shows the MRN, labels cycle, alternate docs full-width
for p in FWMRN:
    labels = ["病案号", "住院号", "ID号", "MRN", "病历号", "登记号"]
    R.shuffle(labels)
    for i, d in enumerate(p["docs"]):
        d["hk"] = "full" if i % 2 == 0 else "mrn_age"
        d["mrn_label"] = labels[i % len(labels)]
        d["mrn_fw"] = (i % 2 == 1)
        d["has_pid"] = (i == 0)  # only one doc carries patient_id
    p["docs"][-1]["mrn_space"] = True  # e.g. "００２ ３８１７"? -> keep digits contiguous but label spaced


# balance: about 60 % of documents carry patient_id
_all = [(p, d) for p in PATIENTS for d in p["docs"]]
_target = round(0.6 * len(_all))
_locked = set(id(p) for p in (ZW_A, ZW_B, WF_A, WF_B) + tuple(FWMRN))
_with = sum(d["has_pid"] for _, d in _all)
_cands = [(p, d) for p, d in _all if id(p) not in _locked and not d.get("nsb_trap")]
R.shuffle(_cands)
for p, d in _cands:
    if _with == _target:
        break
    if _with < _target and not d["has_pid"]:
        d["has_pid"] = True
        _with += 1
    elif _with > _target and d["has_pid"] and sum(x["has_pid"] for x in p["docs"]) >= 2:
        d["has_pid"] = False
        if d["hk"] in ("name_age", "nsb"):
            d["hk"] = R.choice(["full", "mrn_age"])
        _with -= 1


def shows(d):
    hk = d["hk"]
    s = {"name"}
    if hk in ("full", "mrn_age", "name_age", "nsb"):
        s.add("sex")
    if hk in ("full", "mrn_age", "mrn_only"):
        s.add("mrn")
    if hk == "nsb" or (hk == "full" and d["birth_or_age"] == "birth"):
        s.add("birth")
    if hk in ("mrn_age", "name_age") or (hk == "full" and d["birth_or_age"] == "age"):
        s.add("age")
    return s


def fix_links(p):
    pid_docs = [d for d in p["docs"] if d["has_pid"]]
    for d in p["docs"]:
        if d["has_pid"]:
            continue
        sh = shows(d)
        ok = False
        if "mrn" in sh and any("mrn" in shows(x) for x in pid_docs):
            ok = True
        if {"name", "sex", "birth"} <= sh and any({"name", "sex", "birth"} <= shows(x) for x in pid_docs):
            ok = True
        if not ok:
            x = pid_docs[0]
            if "mrn" in sh:
                if x["hk"] in ("name_age", "nsb"):
                    x["hk"] = "full"
                else:
                    x["hk"] = "full" if x["hk"] != "mrn_age" else "mrn_age"
                if "mrn" not in shows(x):
                    x["hk"] = "full"
            else:  # nsb
                x["hk"], x["birth_or_age"] = "full", "birth"


for p in PATIENTS:
    fix_links(p)
    fix_links(p)

# --------------------------------------------------------------------------
# header rendering
# --------------------------------------------------------------------------

def header_pairs(p, d, english=False):
    sh = shows(d)
    pairs = []
    bstyle = pick(["iso", "cn0", "cn", "slash", "dot", "compact"]) if not english else pick(["iso", "slash"])
    if d.get("nsb_trap"):
        bstyle = pick(["cn", "slash", "dot"])  # format differs from the pid doc on purpose
    if english:
        pairs.append(("Name", p["name"]))
        if "sex" in sh:
            pairs.append(("Sex", {"男": pick(["Male", "M"]), "女": pick(["Female", "F"])}[p["sex"]]))
        if "birth" in sh:
            pairs.append((pick(["DOB", "Date of Birth"]), fd(p["birth"], bstyle)))
        if "age" in sh:
            pairs.append(("Age", f"{age_at(p['birth'], d['date'])} y"))
        if "mrn" in sh:
            pairs.append((d.get("mrn_label") if d.get("mrn_label") in ("MRN",) else pick(EN_MRN_LABELS), mrn_value(p, d)))
        return pairs
    pairs.append((pick(["姓名", "姓名", "患者姓名", "姓 名"]), p["name"]))
    if "sex" in sh:
        pairs.append(("性别", p["sex"]))
    if "age" in sh:
        pairs.append(("年龄", f"{age_at(p['birth'], d['date'])}" + pick(["岁", "岁", "Y"])))
    if "birth" in sh:
        pairs.append((pick(["出生日期", "出生日期", "出生年月", "生日"]), fd(p["birth"], bstyle)))
    if "mrn" in sh:
        lab = d.get("mrn_label") or pick(MRN_LABELS)
        if d.get("mrn_space"):
            lab = " ".join(lab) if len(lab) == 3 and lab != "MRN" else lab
        pairs.append((lab, mrn_value(p, d)))
    return pairs


def mrn_value(p, d):
    v = p["mrn"]
    if d.get("mrn_fw"):
        v = fw(v)
    return v


def extra_pairs(p, d):
    k = d["kind"]
    ex = []
    if k == "pathology":
        ex.append(("病理号", f"{pick(['S', 'P', 'BL'])}{d['date'].year % 100}-{R.randint(100, 99999):05d}"))
    elif k in ("ct_pre", "ct_fu", "petct_pre", "petct_fu"):
        ex.append((pick(["检查号", "影像号"]), f"{'PET' if 'pet' in k else 'CT'}{d['date']:%Y%m%d}{R.randint(10, 999):03d}"))
    elif k in ("discharge", "admission", "postop", "mdt", "chemo"):
        ex.append(("科室", p["hospital_dept"]))
        ex.append(("床号", f"{R.randint(1, 60)}"))
    return ex


def render_header(p, d):
    layout = d["layout"]
    english = layout == "english"
    pairs = header_pairs(p, d, english)
    if R.random() < 0.7 and not english:
        ex = extra_pairs(p, d)
        pos = R.randint(0, len(pairs))
        pairs = pairs[:pos] + ex + pairs[pos:]
    colon = pick(["：", "：", ":", ": "])
    if layout == "lines":
        return "\n".join(f"{a}{colon}{b}" for a, b in pairs)
    if layout == "inline":
        sep = pick(["\u3000\u3000", "  ", "    ", "\u3000"])
        return sep.join(f"{a}{colon}{b}" for a, b in pairs)
    if layout == "pipe":
        rows = []
        for i in range(0, len(pairs), 2):
            chunk = pairs[i:i + 2]
            rows.append("| " + " | ".join(f"{a} | {b}" for a, b in chunk) + " |")
        return "\n".join(rows)
    if layout == "tab":
        rows = []
        for i in range(0, len(pairs), 3):
            rows.append("\t".join(f"{a}\t{b}" for a, b in pairs[i:i + 3]))
        return "\n".join(rows)
    if layout == "fullwidth":
        return "\u3000".join(f"{a}：{fw(b)}" for a, b in pairs)
    if layout == "english":
        return "\n".join(f"{a}: {b}" for a, b in pairs)
    raise ValueError(layout)


# --------------------------------------------------------------------------
# body rendering
# --------------------------------------------------------------------------

def tnm_str(f, style, cancer, prefix="p"):
    T, N, M = f["T"], f["N"], f["M"]
    if style == "compact":
        s = f"{prefix}{T}N{N[1:]}" + (f"M{M[1:]}" if M else "")
    elif style == "spaced":
        s = f"{prefix}{T} {prefix}{N}" + (f" {M}" if M else "")
    else:  # full-width compact
        s = fw(f"{prefix}{T}N{N[1:]}" + (f"M{M[1:]}" if M else ""))
    return s


def site_phrase(p, f):
    return f["site"]


def dis_diag_site(p, f):
    if p["cancer"] == "breast":
        return f["site"][:2]  # 左乳 / 右乳
    return f["site"]


def ln_phrase_path(p, f, style):
    pos, ex = f["ln_pos"], f["ln_exam"]
    if style == 0:
        return f"淋巴结见癌转移（{pos}/{ex}）" if pos else f"淋巴结未见癌转移（0/{ex}）"
    if style == 1:
        return f"送检淋巴结共{ex}枚，其中{pos}枚见癌转移" if pos else f"送检淋巴结共{ex}枚，均未见癌转移"
    return f"淋巴结转移性癌（{pos}/{ex}）" if pos else f"淋巴结（0/{ex}）未见转移"


def lung_stations(p, f):
    """split lymph nodes over stations; total equals ln_pos/ln_exam"""
    right = f["site"][0] == "右"
    n1 = ["10R", "11R", "12R"] if right else ["10L", "11L", "12L"]
    n2 = ["2R", "4R", "7"] if right else ["5", "6", "7"]
    st = n2 + n1
    exam = f["ln_exam"]
    counts = [1] * len(st)
    for _ in range(exam - len(st)):
        counts[R.randrange(len(st))] += 1
    if exam < len(st):
        st, counts = st[-exam:], [1] * exam
    pos = [0] * len(st)
    left = f["ln_pos"]
    idx_n1 = [i for i, s in enumerate(st) if s in n1]
    idx_n2 = [i for i, s in enumerate(st) if s in n2]
    tgt = idx_n1 if f["N"] == "N1" else idx_n2
    guard = 0
    while left > 0 and guard < 1000:
        guard += 1
        i = R.choice(tgt) if (f["N"] == "N1" or left == f["ln_pos"]) else R.choice(tgt + idx_n1)
        if pos[i] < counts[i]:
            pos[i] += 1
            left -= 1
    if left:
        raise RuntimeError("station split failed")
    return list(zip(st, pos, counts))


def path_body(p, d):
    f = d["f"]
    c = p["cancer"]
    st = d["style"]
    dims = f["dims"]
    dimtxt = "×".join(cm(x) for x in dims) + "cm"
    if R.random() < 0.25:
        dimtxt = "×".join(str(x) for x in dims) + "mm"
    tnm = tnm_str(f, pick(["compact", "compact", "spaced", "fw"]), c)
    stage = f["stage"]
    stxt = f"，{stage_txt(stage, pick(['ascii', 'roman']))}期" if stage else ""
    if st == "en":
        return path_body_en(p, d)
    lines = []
    if c == "lung":
        spec = f"（{f['site']}）肺叶切除标本"
        gross = (f"肺叶一个，大小{R.randint(14, 20)}×{R.randint(8, 12)}×{R.randint(3, 5)}cm，切开距支气管切缘"
                 f"{R.randint(1, 4)}cm处见一灰白色肿物，大小{dimtxt}，切面灰白、质硬、界不清。")
        diag = f"（{f['site']}）{f['histology']}" + (f"，{p['hist_sub']}" if p["hist_sub"] else "")
        extra = [f"脏层胸膜：{pick(['未见侵犯（PL0）', '未见侵犯'])}", "支气管切缘：未见癌",
                 f"脉管内癌栓：{pick(['未见', '可见'])}"]
        if R.random() < 0.5:
            sts = lung_stations(p, f)
            lnl = "；".join(f"第{s}组（{a}/{b}）" for s, a, b in sts)
            if R.random() < 0.6:
                lnt = f"淋巴结：{lnl}；合计（{f['ln_pos']}/{f['ln_exam']}）"
            else:
                lnt = f"淋巴结：{lnl}。"  # no total: must be summed
        else:
            lnt = "淋巴结：" + ln_phrase_path(p, f, R.randint(0, 2))
        ihc = ("免疫组化：TTF-1（+），NapsinA（+），CK7（+），P40（-），Ki-67（约20%+）" if f["hist_class"] == "adeno"
               else "免疫组化：P40（+），CK5/6（+），TTF-1（-），NapsinA（-），Ki-67（约40%+）")
    elif c == "breast":
        spec = f"（{f['site'][0]}侧）乳腺改良根治标本"
        gross = (f"乳腺组织一块，大小{R.randint(16, 24)}×{R.randint(12, 18)}×{R.randint(3, 6)}cm，附梭形皮肤，"
                 f"于{p['quadrant']}见一肿物，大小{dimtxt}，切面灰白、质硬。")
        diag = f"（{f['site']}）{f['histology']}" + (f"，{p['hist_sub']}" if p["hist_sub"] else "")
        extra = ["乳头、皮肤及基底切缘：均未见癌", f"脉管内癌栓：{pick(['未见', '可见'])}"]
        lnt = "腋窝" + ln_phrase_path(p, f, R.randint(0, 2))
        er = R.choice([0, 60, 80, 90])
        ihc = (f"免疫组化：ER（{er}%，{'阴性' if er == 0 else '阳性'}），PR（{R.choice([0, 10, 40, 70])}%），"
               f"HER2（{pick(['0', '1+', '2+', '3+'])}），Ki-67（约{R.choice([10, 20, 30, 50])}%+）")
    elif c == "crc":
        spec = f"（{f['site']}）根治切除标本"
        gross = (f"肠管一段，长{R.randint(14, 26)}cm，距近侧切缘{R.randint(4, 10)}cm见一溃疡型肿物，大小{dimtxt}。")
        depth = {"T2": "固有肌层", "T3": "浆膜下层", "T4a": "浆膜层"}[f["T"]]
        diag = f"（{f['site']}）{f['histology']}，溃疡型，癌组织浸润至{depth}"
        extra = ["上、下切缘及环周切缘：未见癌", f"神经侵犯：{pick(['（-）', '（+）'])}",
                 f"脉管内癌栓：{pick(['（-）', '（+）'])}"]
        lnt = "肠周" + ln_phrase_path(p, f, R.randint(0, 2))
        ihc = "免疫组化：MLH1（+），PMS2（+），MSH2（+），MSH6（+），Ki-67（约70%+）"
    elif c == "gastric":
        spec = "（远端胃）根治切除标本" if "远端" in p["surgery"] else "（全胃）根治切除标本"
        gross = f"于{f['site']}见一溃疡型肿物，大小{dimtxt}，切面灰白，浸润胃壁。"
        depth = {"T1b": "黏膜下层", "T2": "固有肌层", "T3": "浆膜下层", "T4a": "浆膜层"}[f["T"]]
        diag = (f"（{f['site']}）{f['histology']}" + (f"（{p['hist_sub']}）" if p["hist_sub"] else "") +
                f"，浸润至{depth}")
        extra = ["上、下切缘：未见癌", f"脉管内癌栓：{pick(['（-）', '（+）'])}"]
        if R.random() < 0.4:
            a = R.randint(0, f["ln_pos"])
            b_ex = R.randint(max(1, a), max(1, f["ln_exam"] - 3))
            if f["ln_exam"] - b_ex < f["ln_pos"] - a:
                b_ex = f["ln_exam"] - (f["ln_pos"] - a)
            lnt = (f"淋巴结：小弯侧（{a}/{b_ex}），大弯侧（{f['ln_pos'] - a}/{f['ln_exam'] - b_ex}），"
                   f"共（{f['ln_pos']}/{f['ln_exam']}）")
        else:
            lnt = "胃周" + ln_phrase_path(p, f, R.randint(0, 2))
        ihc = f"免疫组化：HER2（{pick(['0', '1+', '2+'])}），Ki-67（约{R.choice([40, 60, 80])}%+），PD-L1 CPS={R.randint(0, 15)}"
    else:
        spec = "（食管）根治切除标本"
        gross = f"食管一段，长{R.randint(9, 16)}cm，距上切缘{R.randint(3, 7)}cm见一溃疡型肿物，大小{dimtxt}。"
        depth = {"T1b": "黏膜下层", "T2": "固有肌层", "T3": "外膜"}[f["T"]]
        diag = f"（{f['site']}）{f['histology']}，浸润至{depth}"
        extra = ["上、下切缘：未见癌", f"脉管内癌栓：{pick(['（-）', '（+）'])}"]
        lnt = ln_phrase_path(p, f, R.randint(0, 2))
        ihc = "免疫组化：P40（+），CK5/6（+），P53（突变型），Ki-67（约60%+）"
    tnm_line = f"pTNM分期（AJCC第8版）：{tnm}{stxt}" if pick([0, 1]) else f"病理分期：{tnm}{stxt}（AJCC 8th）"
    size_line = f"肿瘤大小：{dimtxt}"
    if st == "cn_std":
        lines += [f"送检标本：{spec}", f"大体所见：{gross}",
                  "镜下所见：癌组织呈浸润性生长，细胞异型明显，核分裂象易见。",
                  f"病理诊断：", f"  {diag}。", f"  {size_line}。"]
        lines += [f"  {x}。" for x in extra]
        lines += [f"  {lnt}。".replace("。。", "。"), f"  {ihc}。", tnm_line]
    elif st == "cn_table":
        rows = [("标本类型", spec), ("组织学类型", diag.split("）", 1)[1] if "）" in diag else diag),
                ("肿瘤部位", f["site"]), ("肿瘤大小", dimtxt)]
        rows += [tuple(x.split("：", 1)) for x in extra]
        rows += [("淋巴结", lnt.replace("淋巴结：", "")), ("免疫组化", ihc.replace("免疫组化：", "")),
                 ("pTNM（AJCC 8）", tnm + (stxt.lstrip("，") and " " + stxt.lstrip("，")))]
        lines.append("病理诊断报告（结构化）")
        lines.append("| 项目 | 结果 |")
        lines.append("|---|---|")
        lines += [f"| {a} | {b} |" for a, b in rows]
        lines.append(f"大体所见：{gross}")
    else:  # cn_tab synoptic
        lines.append(f"送检：{spec}")
        lines.append(f"诊断：{diag}。")
        lines.append(f"肿瘤大小\t{dimtxt}")
        for x in extra:
            a, b = x.split("：", 1)
            lines.append(f"{a}\t{b}")
        lines.append(f"淋巴结\t{lnt.replace('淋巴结：', '')}")
        lines.append(f"免疫组化\t{ihc.replace('免疫组化：', '')}")
        lines.append(f"分期\t{tnm}{stxt}")
    return "\n".join(lines)


def path_body_en(p, d):
    f = d["f"]
    c = p["cancer"]
    if c == "lung":
        site_en = EN_SITE[f["site"]]
        spec = f"{site_en}, lobectomy"
    elif c == "breast":
        site_en = ("Left" if f["site"][0] == "左" else "Right") + " breast, " + EN_Q[p["quadrant"]]
        spec = ("Left" if f["site"][0] == "左" else "Right") + " breast, modified radical mastectomy"
    else:
        site_en = EN_CRC.get(f["site"], f["site"])
        spec = f"{site_en}, radical resection"
    dims = " x ".join(cm(x) for x in f["dims"])
    parts = [f"SPECIMEN: {spec}", "FINAL DIAGNOSIS:",
             f"  {site_en}: {p['hist_en']}" + (", acinar predominant" if p["hist_sub"] == "腺泡为主型" else "") + ".",
             f"  Tumor size: {dims} cm.", "  Margins: negative for carcinoma.",
             f"  Lymph nodes: metastatic carcinoma in {f['ln_pos']} of {f['ln_exam']} lymph nodes ({f['ln_pos']}/{f['ln_exam']})."]
    t = f"p{f['T']} p{f['N']}" + (f" p{f['M']}" if f["M"] else "")
    parts.append(f"  pTNM (AJCC 8th edition): {t}" + (f", Stage {f['stage']}" if f["stage"] else "") + ".")
    return "\n".join(parts)


def surg_txt(p, f):
    s = p["surgery"]
    if p["cancer"] == "lung":
        s = s.replace(p["site"], f["site"])
    elif p["cancer"] == "breast":
        s = s.replace(p["site"][0] + "乳", f["site"][0] + "乳")
    return s


def discharge_body(p, d):
    f = d["f"]
    c = p["cancer"]
    st = d["style"]
    ds = pick(["iso", "iso", "cn", "cn0", "slash"])
    tnm = tnm_str(f, pick(["compact", "compact", "spaced"]), c)
    stage = f["stage"]
    stg = f" {stage_txt(stage, pick(['ascii', 'roman', 'ascii']))}期" if stage else ""
    if f["hist_short"]:
        dsite = dis_diag_site(p, f)
        if c == "breast" and f["hist_short"] in ("浸润性癌",):
            dx = f"{dsite}浸润性癌"
        else:
            dx = f"{dsite}{f['hist_short']}"
    else:
        dx = f"{dis_diag_site(p, f)}恶性肿瘤"
    comorb = pick(["高血压病2级", "2型糖尿病", "慢性胃炎", "冠状动脉粥样硬化性心脏病", "高脂血症"])
    dx_out = f"1. {dx} {tnm}{stg}\n  2. {comorb}" if R.random() < 0.7 else f"{dx}（{tnm}{stg}）"
    adm_dx = {"lung": f"{f['site']}占位性病变", "breast": f"{f['site'][:2]}肿物",
              "crc": f"{f['site']}占位", "gastric": f"{f['site']}占位，胃癌？", "eso": f"{f['site']}占位，食管癌？"}[c]
    # pathology summary in the course
    ps = []
    if f["histology"]:
        ps.append(f"（{f['site']}）{f['histology']}")
    if f["size"]:
        ps.append(pick([f"肿瘤大小{cm(f['size'])}cm", f"肿瘤最大径{cm(f['size'])}cm", f"肿物大小约{f['size']}mm"]))
    if f["ln_pos"] is not None:
        ps.append(pick([f"淋巴结（{f['ln_pos']}/{f['ln_exam']}）", f"淋巴结转移{f['ln_pos']}/{f['ln_exam']}",
                        f"送检淋巴结{f['ln_exam']}枚，转移{f['ln_pos']}枚"]))
    path_summary = "术后病理：" + "，".join(ps) + "。" if ps else "术后病理详见病理报告。"
    if f["histology"] is None and ps:
        path_summary = "术后病理（详见病理报告）：" + "，".join(ps) + "。"
    reg_name, reg_drugs = p["regimen"]
    course = (f"入院后完善血常规、生化、凝血、心电图、肺功能及影像学等检查，排除手术禁忌后，于{fd(p['surg_date'], ds)}"
              f"在全麻下行{surg_txt(p, f)}，手术顺利，术后予抗感染、止痛、补液等对症支持治疗。{path_summary}")
    if p["chemo_in_adm"]:
        course += (f"术后恢复可，于{fd(p['chemo1'], ds)}行第1周期辅助化疗（{reg_name}方案：{reg_drugs}），"
                   f"过程顺利，无明显不良反应。")
    advice = ["注意休息，加强营养，避免劳累", "切口定期换药，术后2周拆线"]
    if p["chemo"]:
        if p["chemo_in_adm"]:
            advice.append(f"3周后返院行第2周期{reg_name}方案化疗")
        else:
            advice.append(f"术后3-4周返院行辅助化疗，拟{reg_name}方案（{reg_drugs}）")
    advice.append("定期复查，不适随诊")
    adm, dis = f["adm"], f["dis"]
    hdr_dates = []
    if adm and R.random() < 0.2:
        hdr_dates.append(f"住院时间：{fd(adm, 'cn')}至{fd(dis, 'cn')}")
    else:
        if adm:
            lab = pick(["入院日期", "入院时间", "入院日期"])
            v = fd(adm, ds) + (f" {R.randint(8, 16):02d}:{R.randint(0, 59):02d}" if lab == "入院时间" else "")
            hdr_dates.append(f"{lab}：{v}")
        lab = pick(["出院日期", "出院时间", "出院日期"])
        hdr_dates.append(f"{lab}：{fd(dis, ds)}")
        if adm and R.random() < 0.5:
            hdr_dates.append(f"住院天数：{(dis - adm).days}天")
    if st == "fwdates":
        hdr_dates = [fwd(x) for x in hdr_dates]
    if st == "bilingual":
        hdr_dates = [x.replace("入院日期", "入院日期 Admission Date").replace("出院日期", "出院日期 Discharge Date")
                     for x in hdr_dates]
    cc = {"lung": "体检发现肺部结节", "breast": "发现乳房肿物", "crc": "便血伴大便习惯改变",
          "gastric": "上腹部隐痛不适", "eso": "进行性吞咽困难"}[c]
    body = [("\n".join(hdr_dates)),
            f"入院诊断：{adm_dx}",
            f"出院诊断：{dx_out}",
            f"入院情况：患者因“{cc}{p['cc_months']}月”入院。查体：生命体征平稳，心肺听诊未见明显异常。",
            f"诊疗经过：{course}",
            f"出院情况：患者一般情况可，切口愈合良好，无发热，饮食睡眠可。",
            "出院医嘱：\n" + "\n".join(f"  {i}. {a}" for i, a in enumerate(advice, 1))]
    if st == "table":
        body[0] = "\n".join("| " + x.replace("：", " | ", 1) + " |" for x in hdr_dates)
    return "\n".join(body)


def imaging_site_desc(p, f):
    c = p["cancer"]
    s = f["site"]
    size = f["size"]
    sz = ""
    if c in ("lung", "breast") and R.random() < 0.6:
        b = f["dims"][1] if f["dims"][0] == size else f["dims"][0]
        sz = pick([f"，大小约{size}mm×{b}mm", f"，大小约{cm(size)}cm×{cm(b)}cm"])
    if c == "lung":
        return (f"{s}见一不规则软组织{'肿块' if size > 30 else '结节'}影{sz}，边缘见分叶及毛刺，邻近胸膜牵拉，增强后不均匀强化。",
                f"{s}占位，考虑周围型肺癌")
    if c == "breast":
        return (f"{s[:2]}腺{p['quadrant']}见一不规则软组织结节{sz}，边界欠清，增强后明显强化。",
                f"{s[:2]}占位，考虑乳腺癌（BI-RADS 5类）")
    if c == "crc":
        return (f"{s}肠壁不规则增厚，最厚处约{R.randint(10, 18)}mm，管腔狭窄，浆膜面毛糙，增强后明显强化。",
                f"{s}癌可能性大")
    if c == "gastric":
        return (f"{s}胃壁不规则增厚，最厚约{R.randint(12, 22)}mm，黏膜面溃疡形成，增强后明显强化，浆膜面欠光整。",
                f"{s}癌")
    return (f"{s}管壁不规则增厚，最厚约{R.randint(10, 20)}mm，管腔狭窄，上段食管轻度扩张。", f"{s}癌")


def nodes_desc(p, f):
    c = p["cancer"]
    side = f["site"][0] if c in ("lung", "breast") else ""
    if p["N"] == "N0":
        return ("纵隔及肺门未见明显肿大淋巴结。" if c == "lung" else "区域未见明显肿大淋巴结。"), None
    if c == "lung":
        return (f"{side}肺门及纵隔见数枚肿大淋巴结，较大者短径约{R.randint(9, 16)}mm。",
                f"{side}肺门及纵隔淋巴结肿大，转移可能")
    if c == "breast":
        return (f"{side}侧腋窝见多发肿大淋巴结，较大者短径约{R.randint(8, 15)}mm。", f"{side}腋窝淋巴结转移可能")
    return ("病灶周围见多发小淋巴结，较大者短径约{}mm。".format(R.randint(6, 12)), "区域淋巴结转移可能")


RECUR = {"lung": [("肝S{}段见一低密度灶，大小约{}mm", "肝转移"), ("{}胸椎椎体骨质破坏", "骨转移"),
                  ("右侧顶叶见环形强化灶", "脑转移")],
         "breast": [("腰{}椎体及骨盆多发骨质破坏", "多发骨转移"), ("肝S{}段见低密度灶，大小约{}mm", "肝转移")],
         "crc": [("肝S{}段见低密度灶，大小约{}mm", "肝转移"), ("双肺多发小结节", "肺转移")],
         "gastric": [("腹膜增厚伴少量腹水", "腹膜转移"), ("腹膜后多发肿大淋巴结", "腹膜后淋巴结转移")],
         "eso": [("纵隔（4R区）淋巴结肿大", "纵隔淋巴结转移"), ("肝S{}段见低密度灶，大小约{}mm", "肝转移")]}


def recur_desc(p):
    a, b = pick(RECUR[p["cancer"]])
    a = a.format(R.randint(2, 5), R.randint(8, 30)) if "{}" in a else a
    return a, b


def post_op_state(p, f):
    c = p["cancer"]
    if c == "lung":
        return f"{f['site']}切除术后改变，支气管残端闭合良好"
    if c == "breast":
        return f"{f['site'][:2]}癌改良根治术后改变，胸壁未见明确肿块"
    if c == "crc":
        return f"{f['site']}癌术后改变，吻合口未见明显增厚"
    if c == "gastric":
        return "胃癌术后改变，吻合口未见明显异常"
    return "食管癌术后改变，胸腔胃未见明显异常"


def imaging_body(p, d):
    f = d["f"]
    k = d["kind"]
    st = d["style"]
    c = p["cancer"]
    exam = {"lung": "胸部CT平扫+增强", "breast": "胸部CT平扫+增强", "crc": "全腹部CT平扫+增强",
            "gastric": "上腹部CT平扫+增强", "eso": "胸部CT平扫+增强"}[c]
    if k == "petct_pre" or k == "petct_fu":
        exam = "PET-CT（18F-FDG）全身显像"
    findings, concl = [], []
    if k in ("ct_pre", "petct_pre"):
        a, b = imaging_site_desc(p, f)
        if k == "petct_pre":
            a = a.replace("增强后不均匀强化", f"FDG摄取增高，SUVmax约{R.randint(50, 190) / 10}")
            a = a.replace("增强后明显强化", f"FDG摄取增高，SUVmax约{R.randint(50, 190) / 10}")
        findings.append(a)
        concl.append(b)
        n, nc = nodes_desc(p, f)
        findings.append(n)
        if nc:
            concl.append(nc)
        if k == "petct_pre":
            findings.append("全身其余部位未见明显异常高代谢灶。")
            concl.append("全身其余部位未见明确转移征象")
        else:
            findings.append("肝脏、肾上腺及所见骨质未见明显异常。")
    else:
        findings.append(post_op_state(p, f) + "。")
        if p["recur"]:
            a, b = recur_desc(p)
            if k == "petct_fu":
                a += f"，FDG摄取增高，SUVmax约{R.randint(40, 150) / 10}"
            findings.append(a + "。")
            concl.append(post_op_state(p, f).split("，")[0])
            concl.append(f"{b}（考虑肿瘤复发转移）")
        else:
            findings.append("所见范围内未见明确复发或转移征象。")
            concl.append(post_op_state(p, f).split("，")[0])
            concl.append("未见明确复发及转移征象，建议定期复查")
    ftxt = "".join(findings)
    ctxt = "\n".join(f"{i}. {x}。" for i, x in enumerate(concl, 1))
    flab = pick(["检查所见", "影像所见", "影像学表现"])
    clab = pick(["诊断意见", "结论", "影像诊断", "印象"])
    if st == "english":
        flab, clab = "FINDINGS", "IMPRESSION"
    head = f"检查项目：{exam}\n检查日期：{fd(d['date'], pick(['iso', 'cn', 'slash']))}"
    if st == "concl_first":
        return f"{head}\n{clab}：\n{ctxt}\n{flab}：\n{ftxt}"
    return f"{head}\n{flab}：\n{ftxt}\n{clab}：\n{ctxt}"


def note_body(p, d):
    f = d["f"]
    k = d["kind"]
    c = p["cancer"]
    ds = pick(["iso", "cn", "slash"])
    tnm = tnm_str(f, "compact", c)
    stg = f"{stage_txt(f['stage'], pick(['ascii', 'roman']))}期"
    reg_name, reg_drugs = p["regimen"]
    if k == "admission":
        a, b = imaging_site_desc(p, f)
        return "\n".join([
            "入院记录",
            f"入院日期：{fd(f['adm'], ds)} {R.randint(8, 17):02d}:{R.randint(0, 59):02d}",
            f"记录日期：{fd(f['adm'], ds)}",
            f"主诉：{ {'lung': '体检发现肺部结节', 'breast': '发现乳房肿物', 'crc': '便血伴大便习惯改变', 'gastric': '上腹部隐痛不适', 'eso': '进行性吞咽困难'}[c]}{p['cc_months']}月。",
            f"现病史：患者{p['cc_months']}月前出现上述症状，外院检查提示：{a}今为进一步诊治收入我科。",
            "既往史：否认肝炎、结核病史，否认药物过敏史。",
            f"初步诊断：{b}"])
    if k == "postop":
        return "\n".join([
            "术后首次病程记录",
            f"记录时间：{fd(d['date'], ds)} {R.randint(13, 20):02d}:{R.randint(0, 59):02d}",
            f"患者今日在全麻下行{surg_txt(p, f)}。术中探查见肿物位于{f['site']}，质硬，与周围组织界限欠清，"
            f"行区域淋巴结清扫，标本送病理。术程顺利，出血约{R.randint(50, 300)}ml，术后安返病房。",
            "术后注意事项：密切观察生命体征、引流量及性状，预防感染。"])
    if k == "mdt":
        return "\n".join([
            "多学科会诊（MDT）记录",
            f"会诊日期：{fd(d['date'], ds)}",
            f"病情摘要：患者于{fd(p['surg_date'], ds)}行{surg_txt(p, f)}，术后病理：{f['site']}{f['histology']}，"
            f"肿瘤大小{cm(f['size'])}cm，淋巴结（{f['ln_pos']}/{f['ln_exam']}），分期{tnm} {stg}。",
            "会诊意见：" + (f"建议行术后辅助化疗（{reg_name}方案：{reg_drugs}）4周期，定期复查。" if p["chemo"]
                        else "目前无需辅助化疗，建议定期随访复查。")])
    if k == "chemo":
        cyc = "、".join(fd(x, ds) for x in p["chemo_cycles"])
        return "\n".join([
            pick(["化疗病程记录", "肿瘤内科病程记录", "日间化疗记录"]),
            f"诊断：{dis_diag_site(p, f)}{f['hist_short']}术后（{tnm} {stg}）",
            f"治疗经过：患者于{fd(p['surg_date'], ds)}行{surg_txt(p, f)}。术后分别于{cyc}行第1-{len(p['chemo_cycles'])}周期"
            f"辅助化疗，方案：{reg_name}（{reg_drugs}）。",
            f"本次情况：第{len(p['chemo_cycles'])}周期化疗后，患者无明显恶心呕吐，血常规示轻度白细胞减少，予升白治疗。",
            "计划：完成既定周期后定期复查。"])
    # followup
    months = max(1, (d["date"] - p["surg_date"]).days // 30)
    dx = f"{dis_diag_site(p, f)}{f['hist_short']}术后"
    lines = ["门诊随访记录", f"就诊日期：{fd(d['date'], ds)}", f"诊断：{dx}",
             f"病史：患者{fd(p['surg_date'], ds)}行手术，术后{months}月复查。"]
    if p["recur"]:
        a, b = recur_desc(p)
        lines.append(f"复查影像提示：{a}，考虑{b}。")
        lines.append("处理：建议行二线治疗，完善基因检测。")
    else:
        lines.append("复查胸腹部CT及肿瘤标志物未见明显异常。")
        lines.append("处理：继续定期随访。")
    return "\n".join(lines)


TITLES = {
    "pathology": ["病理诊断报告", "病理检查报告单", "外科病理诊断报告书", "组织病理学报告"],
    "discharge": ["出院记录", "出院小结", "出院记录", "出院小结（Discharge Summary）"],
    "ct_pre": ["CT检查报告", "放射科诊断报告", "CT影像诊断报告单"],
    "ct_fu": ["CT检查报告（复查）", "放射科诊断报告"],
    "petct_pre": ["PET-CT检查报告", "PET/CT诊断报告"],
    "petct_fu": ["PET-CT检查报告", "PET/CT诊断报告（复查）"],
}


def render_doc(p, d):
    k = d["kind"]
    if k == "pathology":
        d["style"] = "en" if p.get("en_path") else pick(["cn_std", "cn_std", "cn_table", "cn_tab"])
        body = path_body(p, d)
    elif k == "discharge":
        d["style"] = pick(["plain", "plain", "table", "fwdates", "bilingual"])
        body = discharge_body(p, d)
    elif k in ("ct_pre", "ct_fu", "petct_pre", "petct_fu"):
        d["style"] = pick(["std", "std", "concl_first", "english"] if k != "ct_pre" or True else ["std"])
        body = imaging_body(p, d)
    else:
        d["style"] = "note"
        body = note_body(p, d)
    hdr = render_header(p, d)
    title = pick(TITLES.get(k, [""]))
    if k == "pathology" and d["style"] == "en":
        title = "SURGICAL PATHOLOGY REPORT"
    hosp = p["hospital"]
    sign = ""
    if k == "pathology":
        sign = f"\n报告医师：{pick(DOCTORS)}　审核医师：{pick(DOCTORS)}\n报告日期：{fd(d['date'], pick(['iso', 'cn', 'slash']))}"
        if d["style"] == "en":
            sign = f"\nPathologist: {pick(DOCTORS)}\nReport date: {fd(d['date'], 'iso')}"
    elif k.startswith("ct") or k.startswith("petct"):
        sign = f"\n报告医生：{pick(DOCTORS)}　审核医生：{pick(DOCTORS)}"
    elif k == "discharge":
        sign = f"\n主治医师：{pick(DOCTORS)}　住院医师：{pick(DOCTORS)}"
    else:
        sign = f"\n医师签名：{pick(DOCTORS)}"
    if title and k not in ("admission", "postop", "mdt", "chemo", "followup"):
        top = f"{hosp}\n{title}"
    else:
        top = hosp
    sep = pick(["\n", "\n\n", "\n" + "-" * 30 + "\n"])
    return f"{top}\n{hdr}{sep}{body}{sign}\n"


# English pathology for a few patients (lung/breast/crc only)
en_cands = [p for p in PATIENTS if p["cancer"] in ("lung", "breast", "crc") and p not in (ZW_A, ZW_B)
            and not p.get("mrn_trap") and not any(pl in ("stage_path", "pM_path") for pl in p["plants"])]
for p in R.sample(en_cands, 3):
    p["en_path"] = True

LAYOUTS = ["lines", "lines", "inline", "inline", "pipe", "tab", "fullwidth", "english"]
for p in PATIENTS:
    for d in p["docs"]:
        d["layout"] = pick(LAYOUTS)
        if d["kind"] == "pathology" and p.get("en_path"):
            d["layout"] = "english"
        if p.get("mrn_trap") and d.get("mrn_fw") and d["layout"] == "fullwidth":
            d["layout"] = "lines"
        d["text"] = render_doc(p, d)

# --------------------------------------------------------------------------
# manifest + gold
# --------------------------------------------------------------------------

all_docs = [(p, d) for p in PATIENTS for d in p["docs"]]
R.shuffle(all_docs)
for i, (p, d) in enumerate(all_docs, start=1):
    d["doc_id"] = f"doc_{i:04d}"

ZY = {}
manifest = []
for p, d in all_docs:
    rec = {"doc_id": d["doc_id"], "text": d["text"], "doc_type": DOC_TYPE[d["kind"]]}
    if d["has_pid"]:
        rec["patient_id"] = p["pid"]
        if d["kind"] in ("pathology", "discharge", "postop", "admission") and R.random() < 0.5:
            if p["pid"] not in ZY:
                ZY[p["pid"]] = f"ZY{R.randint(10 ** 7, 10 ** 8 - 1)}"
            rec["visit_id"] = ZY[p["pid"]]
    if R.random() < 0.7:
        rec["date"] = d["date"].isoformat()
    manifest.append(rec)

gold = {"patients": []}
for p in sorted(PATIENTS, key=lambda x: x["pid"]):
    facts = {
        "pathology.histology": p["hist_en"] if p.get("en_path") else p["histology"],
        "pathology.pT": p["T"], "pathology.pN": p["N"], "pathology.pM": p["M"],
        "pathology.ajcc_stage": p["stage"],
        "pathology.ln_positive": p["ln_pos"], "pathology.ln_examined": p["ln_exam"],
        "pathology.tumor_size": p["size"], "pathology.primary_site": p["site"],
    }
    if p["side"]:
        facts["laterality"] = p["side"]
    facts["discharge.admission_date"] = p["adm"].isoformat()
    facts["discharge.discharge_date"] = p["dis"].isoformat()
    alts = {}
    if p.get("en_path"):
        alts["pathology.histology"] = [p["hist_en"], p["histology"]]
        if p["cancer"] == "lung":
            alts["pathology.primary_site"] = [p["site"], EN_SITE[p["site"]]]
        elif p["cancer"] == "breast":
            alts["pathology.primary_site"] = [p["site"], ("Left" if p["side"] == "left" else "Right") +
                                              " breast, " + EN_Q[p["quadrant"]]]
        else:
            alts["pathology.primary_site"] = [p["site"], EN_CRC[p["site"]]]
    if p["cancer"] == "breast":
        alts.setdefault("pathology.primary_site", [p["site"]])
        alts["pathology.primary_site"].append(p["site"][:2])
    conflicts = []
    for name, docs, vals in p["conflicts"]:
        c = {"name": name, "doc_ids": [x["doc_id"] for x in docs],
             "values": {docs[0]["doc_id"]: facts[name], docs[1]["doc_id"]: list(vals.values())[1]},
             "expected_value": facts[name]}
        if name == "laterality":
            c["related_fields"] = ["pathology.primary_site"]
        conflicts.append(c)
    gaps = [{"name": n, "missing_in": a["doc_id"], "filled_from": b["doc_id"],
             "value": facts[n] if v == "__HIST__" else v}
            for n, a, b, v in p["gaps"]]
    gold["patients"].append({
        "patient_id": p["pid"],
        "doc_ids": sorted(d["doc_id"] for d in p["docs"]),
        "facts": facts,
        "conflicts": conflicts,
        "gaps": gaps,
        "fact_alternatives": alts,
        "info": {"cancer": p["cancer"], "name": p["name"], "sex": p["sex"], "birth_date": p["birth"].isoformat(),
                 "mrn": p["mrn"], "surgery": p["surgery"], "surgery_date": p["surg_date"].isoformat(),
                 "regimen": p["regimen"][0] if p["chemo"] else None,
                 "docs": {d["doc_id"]: {"kind": d["kind"], "has_patient_id": d["has_pid"],
                                        "header_ids": sorted(shows(d)), "layout": d["layout"]}
                          for d in p["docs"]}},
    })
gold["traps"] = {
    "same_name_zhangwei": [ZW_A["pid"], ZW_B["pid"]],
    "same_name_wangfang_birth_differs_by_days": [WF_A["pid"], WF_B["pid"]],
    "mrn_label_and_fullwidth_variants": [p["pid"] for p in FWMRN],
    "name_sex_birth_only_headers": [d["doc_id"] for p in NSB_TRAP for d in p["docs"] if d.get("nsb_trap")],
    "english_pathology": [p["pid"] for p in PATIENTS if p.get("en_path")],
}

with open(os.path.join(OUT, "manifest.jsonl"), "w", encoding="utf-8") as fh:
    for rec in manifest:
        fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
with open(os.path.join(OUT, "gold.json"), "w", encoding="utf-8") as fh:
    json.dump(gold, fh, ensure_ascii=False, indent=1)

n_docs = len(manifest)
n_nopid = sum(1 for r in manifest if "patient_id" not in r)
print(f"patients={len(PATIENTS)} docs={n_docs} without_patient_id={n_nopid} "
      f"conflicts={sum(len(p['conflicts']) for p in PATIENTS)} in {sum(1 for p in PATIENTS if p['conflicts'])} patients; "
      f"gaps={sum(len(p['gaps']) for p in PATIENTS)} in {sum(1 for p in PATIENTS if p['gaps'])} patients")
