#!/usr/bin/env python3
"""Seeded generator for blind patient-level assembly test set #2.
Writes manifest.jsonl and gold.json next to this file. Standard library only."""
import json, os, random, datetime as dt

SEED = 20261205
rng = random.Random(SEED)
HERE = os.path.dirname(os.path.abspath(__file__))
D = dt.date

FW = {c: chr(ord(c) + 0xFEE0) for c in "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-"}
def fullwidth(s):
    return "".join(FW.get(c, c) for c in s)

ROMAN = {"I": "Ⅰ", "II": "Ⅱ", "III": "Ⅲ", "IV": "Ⅳ"}
def roman_uni(stage):
    # "IIB" -> "ⅡB"
    for k in ("III", "II", "IV", "I"):
        if stage.startswith(k):
            return ROMAN[k] + stage[len(k):]
    return stage

def fmt_date(d, style):
    if style == "iso": return d.isoformat()
    if style == "cn": return f"{d.year}年{d.month}月{d.day}日"
    if style == "dot": return f"{d.year}.{d.month:02d}.{d.day:02d}"
    if style == "short": return f"{d.year % 100:02d}-{d.month}-{d.day}"
    if style == "compact": return f"{d.year}{d.month:02d}{d.day:02d}"
    if style == "slash": return f"{d.year}/{d.month}/{d.day}"
    if style == "en": return d.strftime("%d %b %Y")
    if style == "enlong": return d.strftime("%B %d, %Y").replace(" 0", " ")
    raise ValueError(style)

DOB_STYLES = ["iso", "cn", "dot", "compact", "slash"]
EVENT_STYLES = ["iso", "cn", "dot", "short", "compact"]

# ---------------------------------------------------------------- cancers
# combos: (T, N, M, stage, ln_pos, ln_exam)
CANCERS = {
    "lung": dict(sites=[("右肺上叶", "right", "right upper lobe"), ("右肺下叶", "right", "right lower lobe"),
                        ("左肺上叶", "left", "left upper lobe"), ("左肺下叶", "left", "left lower lobe"),
                        ("右肺中叶", "right", "right middle lobe")],
                 hist=[("浸润性腺癌", "adeno", "Invasive adenocarcinoma"), ("鳞状细胞癌", "squamous", "Squamous cell carcinoma")],
                 combos=[("T1b", "N0", "M0", "IA2", 0, 14), ("T2a", "N0", "M0", "IB", 0, 16), ("T2a", "N1", "M0", "IIB", 2, 15),
                         ("T1c", "N2", "M0", "IIIA", 3, 18), ("T3", "N0", "M0", "IIB", 0, 12), ("T2b", "N0", "M0", "IIA", 0, 11)],
                 proc="胸腔镜下{site}切除术+系统性淋巴结清扫术", spec="{site}切除标本+各组淋巴结",
                 regimen={"adeno": "培美曲塞+顺铂", "squamous": "吉西他滨+顺铂"},
                 ct="胸部CT平扫+增强", organ="肺", lesion="{site}见一软组织密度肿块影，边缘可见分叶及毛刺，增强扫描不均匀强化",
                 followup="{site}切除术后改变，纵隔4R区及右肺门淋巴结较前增大，双肺多发新发结节",
                 followup_imp="{site}癌术后，纵隔淋巴结转移；双肺多发转移瘤可能大"),
    "breast": dict(sites=[("左乳外上象限", "left", "left breast, upper outer quadrant"), ("右乳外上象限", "right", "right breast, upper outer quadrant"),
                          ("右乳内上象限", "right", "right breast, upper inner quadrant"), ("左乳内下象限", "left", "left breast, lower inner quadrant")],
                   hist=[("浸润性导管癌", "ductal", "Invasive ductal carcinoma"), ("浸润性小叶癌", "lobular", "Invasive lobular carcinoma")],
                   combos=[("T1c", "N0", "M0", "IA", 0, 3), ("T2", "N1", "M0", "IIB", 2, 18), ("T2", "N0", "M0", "IIA", 0, 4),
                           ("T1c", "N1", "M0", "IIA", 1, 16), ("T3", "N2", "M0", "IIIA", 5, 21)],
                   proc="{side}乳腺癌改良根治术", spec="{side}乳腺改良根治标本+腋窝淋巴结",
                   regimen={"ductal": "EC-T（表柔比星+环磷酰胺序贯多西他赛）", "lobular": "TC（多西他赛+环磷酰胺）"},
                   ct="胸部CT平扫+增强", organ="乳腺", lesion="{site}见一不规则软组织结节，边界欠清，增强后明显强化",
                   followup="{side}乳腺癌术后改变，肝内多发低密度灶，边界模糊，增强呈环形强化",
                   followup_imp="乳腺癌术后，肝多发转移瘤"),
    "colorectal": dict(sites=[("乙状结肠", None, "sigmoid colon"), ("直肠", None, "rectum"), ("升结肠", None, "ascending colon"), ("横结肠", None, "transverse colon")],
                       hist=[("腺癌", "adeno", "Adenocarcinoma"), ("黏液腺癌", "adeno", "Mucinous adenocarcinoma")],
                       combos=[("T3", "N0", "M0", "IIA", 0, 14), ("T3", "N1", "M0", "IIIB", 2, 16), ("T4a", "N0", "M0", "IIB", 0, 13),
                               ("T2", "N0", "M0", "I", 0, 12), ("T4a", "N1", "M0", "IIIB", 3, 20)],
                       proc="腹腔镜{site}癌根治术", spec="{site}切除标本+肠系膜淋巴结",
                       regimen={"adeno": "XELOX（奥沙利铂+卡培他滨）"},
                       ct="全腹部CT平扫+增强", organ="肠", lesion="{site}肠壁不规则增厚，管腔狭窄，增强扫描明显强化，周围脂肪间隙模糊",
                       followup="{site}癌术后改变，肝右叶见两枚低密度结节，较大者约1.8cm，增强呈\"牛眼征\"",
                       followup_imp="结直肠癌术后，肝转移瘤"),
    "gastric": dict(sites=[("胃窦", None, "gastric antrum"), ("胃体", None, "gastric body"), ("贲门", None, "cardia")],
                    hist=[("低分化腺癌", "adeno", "Poorly differentiated adenocarcinoma"), ("印戒细胞癌", "adeno", "Signet-ring cell carcinoma")],
                    combos=[("T2", "N0", "M0", "IB", 0, 22), ("T3", "N1", "M0", "IIB", 2, 25), ("T3", "N2", "M0", "IIIA", 4, 28),
                            ("T1b", "N0", "M0", "IA", 0, 18)],
                    proc="腹腔镜根治性{gastrectomy}（D2淋巴结清扫）", spec="{gastrectomy_spec}标本+各组淋巴结",
                    regimen={"adeno": "SOX（奥沙利铂+替吉奥）"},
                    ct="上腹部CT平扫+增强", organ="胃", lesion="{site}胃壁不均匀增厚，最厚处约1.5cm，增强扫描明显强化",
                    followup="胃癌术后改变，腹膜增厚呈结节状，腹盆腔少量积液",
                    followup_imp="胃癌术后，腹膜转移可能大"),
    "esophageal": dict(sites=[("食管中段", None, "mid esophagus"), ("食管下段", None, "lower esophagus")],
                       hist=[("鳞状细胞癌", "squamous", "Squamous cell carcinoma")],
                       combos=[("T3", "N1", "M0", "IIIB", 2, 19), ("T2", "N0", "M0", "II", 0, 17), ("T1b", "N0", "M0", "I", 0, 15)],
                       proc="胸腹腔镜联合食管癌根治术（McKeown术式）", spec="食管癌根治标本+各组淋巴结",
                       regimen={"squamous": "紫杉醇+顺铂", "adeno": "紫杉醇+顺铂"},
                       ct="胸部CT平扫+增强", organ="食管", lesion="{site}管壁环形增厚，管腔狭窄，上方食管轻度扩张",
                       followup="食管癌术后改变，吻合口周围软组织增厚，右侧锁骨上窝见肿大淋巴结",
                       followup_imp="食管癌术后，吻合口复发待排，锁骨上淋巴结转移"),
    "liver": dict(sites=[("肝S6段", None, "liver segment 6"), ("肝S8段", None, "liver segment 8"), ("肝S5段", None, "liver segment 5")],
                  hist=[("肝细胞癌", "hcc", "Hepatocellular carcinoma")],
                  combos=[("T1b", "N0", "M0", "IB", 0, 2), ("T2", "N0", "M0", "II", 0, 3)],
                  proc="腹腔镜{site}切除术", spec="{site}部分切除标本+肝门淋巴结",
                  regimen={"hcc": "仑伐替尼靶向治疗"},
                  ct="上腹部CT平扫+增强（三期）", organ="肝", lesion="{site}见一类圆形肿块，动脉期明显强化，门脉期及延迟期廓清，呈\"快进快出\"",
                  followup="肝部分切除术后改变，肝S7段新见一结节，动脉期强化，门脉期廓清",
                  followup_imp="肝癌术后，肝内复发"),
    "kidney": dict(sites=[("左肾", "left", "left kidney"), ("右肾", "right", "right kidney")],
                   hist=[("透明细胞肾细胞癌", "ccrcc", "Clear cell renal cell carcinoma"), ("乳头状肾细胞癌", "prcc", "Papillary renal cell carcinoma")],
                   combos=[("T1a", "N0", "M0", "I", 0, 2), ("T1b", "N0", "M0", "I", 0, 3), ("T2a", "N0", "M0", "II", 0, 2)],
                   proc="腹腔镜{site}根治性切除术", spec="{site}根治性切除标本+肾门淋巴结",
                   regimen={"ccrcc": "", "prcc": ""},
                   ct="泌尿系CT平扫+增强", organ="肾", lesion="{site}中下极见一类圆形混杂密度肿块，增强皮质期明显不均匀强化",
                   followup="{site}切除术后改变，术区未见明确复发，双肺新见多发小结节",
                   followup_imp="肾癌术后，双肺多发结节，转移可能"),
    "thyroid": dict(sites=[("甲状腺右叶", "right", "right thyroid lobe"), ("甲状腺左叶", "left", "left thyroid lobe")],
                    hist=[("甲状腺乳头状癌", "ptc", "Papillary thyroid carcinoma")],
                    combos=[("T1a", "N0", "M0", "I", 0, 5), ("T1b", "N1a", "M0", "I", 2, 7), ("T2", "N1a", "M0", "II", 3, 9)],
                    proc="{site}及峡部切除+中央区淋巴结清扫术", spec="{site}及峡部+中央区淋巴结",
                    regimen={"ptc": ""},
                    ct="颈部CT平扫+增强", organ="甲状腺", lesion="{site}见一低密度结节，边界不清，内见细小钙化",
                    followup="甲状腺术后改变，颈部VI区及右侧颈部IV区见肿大淋巴结",
                    followup_imp="甲状腺癌术后，颈部淋巴结转移可能"),
    "cervical": dict(sites=[("宫颈", None, "cervix")],
                     hist=[("鳞状细胞癌", "squamous", "Squamous cell carcinoma"), ("腺癌", "adeno", "Adenocarcinoma")],
                     combos=[("T1b1", "N0", "M0", "IB1", 0, 22), ("T1b2", "N1", "M0", "IIIC1", 2, 26), ("T1b2", "N0", "M0", "IB2", 0, 24)],
                     proc="腹腔镜广泛性子宫切除术+双侧盆腔淋巴结清扫术", spec="广泛子宫切除标本+双侧盆腔淋巴结",
                     regimen={"squamous": "顺铂同步放化疗", "adeno": "紫杉醇+顺铂"},
                     ct="盆腔MRI/CT平扫+增强", organ="宫颈", lesion="宫颈见一不规则软组织肿块，增强扫描不均匀强化，宫旁脂肪间隙尚清",
                     followup="子宫切除术后改变，阴道残端软组织增厚，左侧髂血管旁见肿大淋巴结",
                     followup_imp="宫颈癌术后，盆腔淋巴结转移可能"),
    "npc": dict(sites=[("鼻咽", None, "nasopharynx")],
                hist=[("非角化性未分化型癌", "npc", "Non-keratinizing undifferentiated carcinoma")],
                combos=[("T2", "N1", "M0", "III", None, None), ("T3", "N2", "M0", "III", None, None)],
                proc="鼻咽镜下鼻咽肿物活检术", spec="鼻咽肿物活检组织",
                regimen={"npc": "吉西他滨+顺铂诱导化疗后顺铂同步放化疗"},
                ct="鼻咽部CT平扫+增强", organ="鼻咽", lesion="鼻咽左侧壁增厚，咽隐窝变浅，增强扫描明显强化，双侧咽后及颈部II区淋巴结肿大",
                followup="鼻咽癌放化疗后改变，鼻咽壁较前变薄，颈部淋巴结较前缩小",
                followup_imp="鼻咽癌放化疗后，较前好转，未见明确复发"),
}

# ---------------------------------------------------------------- patients
# (name, pinyin, sex, dob, cancer)  -- traps are written in explicitly
PEOPLE = [
    ("张伟", "ZHANG Wei", "男", D(1965, 3, 12), "lung"),          # same-name trap A1
    ("张伟", "Wei ZHANG", "男", D(1972, 8, 30), "gastric"),       # same-name trap A2
    ("王芳", "WANG Fang", "女", D(1968, 11, 2), "breast"),        # same-name trap B1
    ("王芳", "WANG Fang", "女", D(1968, 11, 20), "thyroid"),      # same-name trap B2 (DOB differ by digit swap)
    ("刘洋", "LIU Yang", "男", D(1979, 6, 15), "colorectal"),     # same-name trap C1
    ("刘洋", "LIU Yang", "女", D(1979, 6, 15), "cervical"),       # same-name trap C2 (same DOB, different sex)
    ("李娜", "LI Na", "女", D(1975, 1, 8), "lung"),               # same-name trap D1
    ("李娜", "LI Na", "女", D(1983, 4, 21), "kidney"),            # same-name trap D2
    ("阿卜杜·热合曼", "Abudu REHEMAN", "男", D(1961, 9, 3), "liver"),
    ("古丽米拉·艾买提", "Gulimila AIMAITI", "女", D(1977, 12, 19), "esophageal"),
    ("买买提·吐尔逊", "Maimaiti TUERXUN", "男", D(1958, 5, 27), "esophageal"),
    ("欧阳明华", "OUYANG Minghua", "男", D(1963, 7, 7), "lung"),
    ("司马婷", "SIMA Ting", "女", D(1985, 2, 14), "thyroid"),
    ("诸葛芸", "ZHUGE Yun", "女", D(1970, 10, 1), "breast"),
    ("陈建国", "CHEN Jianguo", "男", D(1956, 4, 4), "gastric"),
    ("黄丽", "HUANG Li", "女", D(1966, 8, 18), "cervical"),
    ("周志强", "ZHOU Zhiqiang", "男", D(1960, 1, 23), "liver"),
    ("吴秀英", "WU Xiuying", "女", D(1952, 6, 9), "colorectal"),
    ("徐海涛", "XU Haitao", "男", D(1974, 3, 30), "kidney"),
    ("孙丽华", "SUN Lihua", "女", D(1969, 9, 12), "breast"),
    ("马俊", "MA Jun", "男", D(1981, 11, 11), "npc"),
    ("朱桂兰", "ZHU Guilan", "女", D(1950, 2, 2), "esophageal"),
    ("胡斌", "HU Bin", "男", D(1967, 5, 5), "colorectal"),
    ("郭静", "GUO Jing", "女", D(1988, 7, 24), "thyroid"),
    ("何永红", "HE Yonghong", "男", D(1962, 12, 1), "lung"),
    ("高玉梅", "GAO Yumei", "女", D(1959, 3, 17), "gastric"),
    ("林志明", "LIN Zhiming", "男", D(1976, 10, 29), "npc"),
    ("罗晓燕", "LUO Xiaoyan", "女", D(1980, 1, 31), "cervical"),
    ("梁国栋", "LIANG Guodong", "男", D(1955, 8, 8), "liver"),
    ("宋佳", "SONG Jia", "女", D(1990, 4, 16), "thyroid"),
    ("郑大勇", "ZHENG Dayong", "男", D(1964, 6, 26), "kidney"),
    ("谢淑珍", "XIE Shuzhen", "女", D(1957, 11, 5), "lung"),
    ("韩磊", "HAN Lei", "男", D(1971, 2, 28), "colorectal"),
    ("唐敏", "TANG Min", "女", D(1973, 9, 9), "breast"),
    ("冯卫东", "FENG Weidong", "男", D(1953, 12, 12), "esophageal"),
    ("董秀兰", "DONG Xiulan", "女", D(1962, 5, 14), "gastric"),
    ("萧然", "XIAO Ran", "男", D(1984, 3, 3), "lung"),
    ("程红梅", "CHENG Hongmei", "女", D(1978, 7, 7), "kidney"),
    ("曹文", "CAO Wen", "男", D(1966, 1, 19), "liver"),
    ("袁芳芳", "YUAN Fangfang", "女", D(1986, 10, 10), "cervical"),
    ("邓建华", "DENG Jianhua", "男", D(1959, 4, 25), "colorectal"),
    ("许丹", "XU Dan", "女", D(1982, 12, 30), "breast"),
    ("傅强", "FU Qiang", "男", D(1968, 6, 6), "lung"),
]

# hospital ID styles (MRN generator, label pool)
def make_mrn(i):
    style = i % 6
    if style == 0: return f"ZY{2019 + i % 5}{rng.randint(0, 9999):04d}"      # barcode-like
    if style == 1: return f"{rng.randint(100000, 999999):07d}"
    if style == 2: return f"H-{2018 + i % 6}-{rng.randint(0, 99999):05d}"    # letters + dashes
    if style == 3: return f"BA{rng.randint(10000000, 99999999)}"
    if style == 4: return f"{rng.randint(1000000000, 9999999999)}"
    return f"NX{rng.randint(100, 999)}-{rng.randint(1000, 9999)}"

MRN_LABELS_CN = ["住院号", "病案号", "ID号", "病历号", "住院号码", "登记号"]
MRN_LABELS_EN = ["MRN", "Hospital No.", "Inpatient No.", "Patient ID"]

CONFLICT_PLAN = {  # patient index -> conflict type
    0: "pT", 2: "laterality", 4: "pN", 6: "histology", 9: "stage", 11: "laterality", 14: "pT",
    15: "histology", 18: "laterality", 21: "pN", 24: "stage", 27: "pT", 30: "laterality",
    31: "histology", 33: "pN", 36: "stage", 40: "pT",
}
GAP_PLAN = {  # patient index -> gap type
    1: "ln_dis", 3: "size_path", 5: "stage_path", 7: "adm", 8: "size_dis", 10: "ln_path", 12: "stage_dis",
    13: "adm", 16: "ln_dis", 17: "size_path", 19: "stage_path", 22: "adm", 25: "ln_dis", 29: "size_dis",
    32: "adm", 34: "stage_dis", 37: "ln_path", 41: "size_path", 0: "ln_dis", 9: "adm",
}
ENGLISH_PATH = {0, 19}          # English pathology reports
ENGLISH_OTHER = {1, 11, 13, 26, 35, 38, 41}  # English imaging / discharge (pinyin names)


def shift_T(t):
    order = ["T1a", "T1b", "T1c", "T2", "T2a", "T2b", "T3", "T4a"]
    alt = {"T1a": "T1b", "T1b": "T2", "T1c": "T2a", "T2": "T3", "T2a": "T3", "T2b": "T3", "T3": "T2",
           "T4a": "T3", "T1b1": "T1b2", "T1b2": "T2a"}
    return alt[t]

def shift_N(n):
    return {"N0": "N1", "N1": "N2", "N2": "N1", "N1a": "N1b"}[n]

def shift_stage(s):
    return {"IA": "IB", "IA2": "IB", "IB": "IIA", "IIA": "IIB", "IIB": "IIIA", "IIIA": "IIB", "IIIB": "IIIA",
            "I": "II", "II": "III", "IB1": "IB2", "IB2": "IIA1", "IIIC1": "IIB"}[s]

def opp_side(site):
    return site.replace("右", "@").replace("左", "右").replace("@", "左")


def size_range(cancer, T):
    """largest dimension range (mm) compatible with the T category"""
    if cancer in ("lung",):
        return {"T1a": (5, 10), "T1b": (11, 20), "T1c": (21, 30), "T2a": (31, 40), "T2b": (41, 50), "T3": (51, 70)}[T]
    if cancer == "breast":
        return {"T1c": (11, 20), "T2": (21, 50), "T3": (51, 70)}[T]
    if cancer == "kidney":
        return {"T1a": (20, 40), "T1b": (41, 70), "T2a": (71, 100)}[T]
    if cancer == "thyroid":
        return {"T1a": (4, 10), "T1b": (11, 20), "T2": (21, 40)}[T]
    if cancer == "cervical":
        return {"T1b1": (8, 20), "T1b2": (21, 40)}[T]
    if cancer == "liver":
        return {"T1b": (21, 60), "T2": (30, 80)}[T]
    if cancer == "npc":
        return (15, 35)
    return (15, 60)


class Pt:
    pass


def build_patient(idx, person):
    name, pinyin, sex, dob, cancer = person
    c = CANCERS[cancer]
    p = Pt()
    p.idx, p.pid = idx, f"P{idx + 1:03d}"
    p.name, p.pinyin, p.sex, p.dob, p.cancer = name, pinyin, sex, dob, cancer
    p.mrn = make_mrn(idx)
    p.opd = f"MZ{rng.randint(10000000, 99999999)}" if idx % 3 == 0 else f"{rng.randint(30000000, 39999999)}"
    p.site, p.lat, p.site_en = rng.choice(c["sites"])
    if cancer == "gastric" and p.site == "贲门":
        p.site = "胃体"; p.site_en = "gastric body"
    p.hist, p.fam, p.hist_en = rng.choice(c["hist"])
    if idx in CONFLICT_PLAN and CONFLICT_PLAN[idx] == "histology" and p.fam not in ("adeno", "squamous"):
        p.hist, p.fam, p.hist_en = c["hist"][0]
    T, N, M, stage, lnp, lne = rng.choice(c["combos"])
    if idx in GAP_PLAN and GAP_PLAN[idx] in ("ln_dis", "ln_path") and lnp == 0:
        # make the count more interesting
        for cb in c["combos"]:
            if cb[4]:
                T, N, M, stage, lnp, lne = cb
                break
    p.T, p.N, p.M, p.stage, p.lnp, p.lne = T, N, M, stage, lnp, lne
    lo, hi = size_range(cancer, T)
    d0 = rng.randint(lo, hi) / 10
    dims = [d0] + sorted([rng.randint(max(3, int(d0 * 4)), int(d0 * 10)) / 10 for _ in range(2)], reverse=True)
    p.dims = dims
    p.size_mm = round(dims[0] * 10)
    p.age = None
    base = D(2021, 1, 1) + dt.timedelta(days=rng.randint(0, 1000))
    p.adm = base
    p.surg = base + dt.timedelta(days=rng.randint(2, 5))
    p.chemo = p.surg + dt.timedelta(days=rng.randint(5, 8))
    p.dis = p.surg + dt.timedelta(days=rng.randint(6, 11))
    if p.chemo >= p.dis: p.chemo = p.dis - dt.timedelta(days=1)
    p.path_date = p.surg + dt.timedelta(days=rng.randint(3, 6))
    p.ct_date = p.adm - dt.timedelta(days=rng.randint(4, 20))
    p.fu_date = p.dis + dt.timedelta(days=rng.randint(90, 420))
    p.age = p.adm.year - dob.year - ((p.adm.month, p.adm.day) < (dob.month, dob.day))
    p.regimen = c["regimen"].get(p.fam, "")
    side = p.site[0] if p.site[0] in "左右" else ""
    p.side = side
    return p

# ---------------------------------------------------------------- headers
def header(p, spec):
    """spec: dict(style, fields(list), mrn_label, fw, split, dob_fmt, name_var)"""
    st = spec["style"]
    name = spec.get("name_var") or p.name
    dob = fmt_date(p.dob, spec.get("dob_fmt", "iso"))
    mrn = p.mrn
    if spec.get("fw"): mrn = fullwidth(mrn)
    items = []
    for f in spec["fields"]:
        if f == "name": items.append(("姓名" if st != "en" else "Name", name))
        elif f == "sex": items.append(("性别" if st != "en" else "Sex", p.sex if st != "en" else ("Male" if p.sex == "男" else "Female")))
        elif f == "dob": items.append(("出生日期" if st != "en" else "DOB", dob))
        elif f == "age": items.append(("年龄" if st != "en" else "Age", f"{p.age}岁" if st != "en" else f"{p.age}y"))
        elif f == "mrn": items.append((spec.get("mrn_label", "住院号"), mrn))
        elif f == "opd": items.append(("门诊号" if st != "en" else "Outpatient No.", p.opd))
        elif f == "dept": items.append(("科室" if st != "en" else "Dept", spec.get("dept", "胸外科")))
        elif f == "bed": items.append(("床号" if st != "en" else "Bed", f"{rng.randint(1, 60)}床" if st != "en" else str(rng.randint(1, 60))))
    if st == "kv":
        lines = []
        for k, v in items:
            if spec.get("split") == "label" and v == mrn:
                lines.append(f"{k}：")
                lines.append(v)
            elif spec.get("split") == "mid" and v == mrn:
                cut = len(v) // 2
                lines.append(f"{k}：{v[:cut]}")
                lines.append(v[cut:])
            else:
                lines.append(f"{k}：{v}")
        return "\n".join(lines)
    if st == "inline":
        return "  ".join(f"{k}:{v}" for k, v in items)
    if st == "fw":
        return "　".join(f"{k}：{v}" for k, v in items)
    if st == "table":
        h = "| " + " | ".join(k for k, _ in items) + " |"
        sep = "|" + "|".join("---" for _ in items) + "|"
        row = "| " + " | ".join(v for _, v in items) + " |"
        return "\n".join([h, sep, row])
    if st == "tab":
        return "\t".join(f"{k}\t{v}" for k, v in items)
    if st == "tab2":  # labels on one line, values on the next (pasted spreadsheet)
        return "\t".join(k for k, _ in items) + "\n" + "\t".join(v for _, v in items)
    if st == "en":
        return "\n".join(f"{k}: {v}" for k, v in items)
    raise ValueError(st)

# ---------------------------------------------------------------- bodies
def tnm_str(T, N, M, variant=0):
    if variant == 0: return f"pT{T}N{N[1:]}M{M[1:]}".replace("NN", "N")
    if variant == 1: return f"pT{T} pN{N[1:]} M{M[1:]}"
    return f"p{T}{N}{M}"

def tnm(T, N, M, variant=0):
    t, n, m = T[1:], N[1:], M[1:]
    if variant == 0: return f"pT{t}N{n}M{m}"
    if variant == 1: return f"pT{t} pN{n} M{m}"
    return f"pT{t}N{n}M{m}"

def stage_txt(stage, variant):
    if variant == 0: return f"{stage}期"
    if variant == 1: return f"{roman_uni(stage)}期"
    return f"Stage {stage}"

def dims_txt(p, en=False):
    x = "×" if not en else " x "
    return x.join(f"{d:.1f}" for d in p.dims) + "cm" if not en else x.join(f"{d:.1f}" for d in p.dims) + " cm"

def ln_txt(p, variant):
    if variant == 0: return f"淋巴结（{p.lnp}/{p.lne}）见癌转移" if p.lnp else f"淋巴结（0/{p.lne}）未见癌转移"
    if variant == 1: return f"区域淋巴结共检出{p.lne}枚，其中{p.lnp}枚见转移性癌" if p.lnp else f"区域淋巴结共检出{p.lne}枚，均未见癌转移（0/{p.lne}）"
    return f"淋巴结转移性癌（{p.lnp}/{p.lne}）" if p.lnp else f"送检淋巴结{p.lne}枚，未见转移（0/{p.lne}）"


def pathology_doc(p, spec, omit=(), english=False):
    c = CANCERS[p.cancer]
    hdr = header(p, spec)
    d = fmt_date(p.path_date, spec.get("evt_fmt", "iso"))
    npc = p.cancer == "npc"
    if english:
        lines = ["SURGICAL PATHOLOGY REPORT", hdr, f"Report date: {fmt_date(p.path_date, 'enlong')}",
                 f"Specimen: {p.site_en}, resection", "", "DIAGNOSIS:",
                 f"{p.hist_en}, {p.site_en}."]
        if "size" not in omit: lines.append(f"Tumor size: {dims_txt(p, en=True)} (greatest dimension {p.dims[0]:.1f} cm).")
        lines.append("Margins: negative.")
        if "ln" not in omit:
            lines.append(f"Lymph nodes: {p.lnp}/{p.lne} positive for metastatic carcinoma." if p.lnp else f"Lymph nodes: 0/{p.lne}, negative.")
        st = "" if "stage" in omit else f", Stage {p.stage}"
        lines.append(f"pTNM (AJCC 8th ed.): pT{p.T[1:]} pN{p.N[1:]} M{p.M[1:]}{st}")
        lines.append("Pathologist: Dr. L. Chen")
        return "\n".join(lines)
    title = rng.choice(["病理诊断报告单", "病理检查报告", "XX医院病理科 病理报告", "组织病理学诊断报告"])
    spec_name = c["spec"].format(site=p.site, side=p.side, gastrectomy_spec="远端胃大部切除" if p.site == "胃窦" else "全胃切除")
    if npc:
        body = [title, hdr, f"报告日期：{d}", f"标本名称：{spec_name}",
                "肉眼所见：灰白碎组织数粒，总大小0.6×0.4×0.3cm。",
                f"病理诊断：（{p.site}）{p.hist}。",
                "免疫组化：CK(+)，P63(+)，EBER原位杂交(+)，Ki-67约60%(+)。"]
        return "\n".join(body)
    gross = f"肉眼所见：{spec_name}，切面见一灰白肿物"
    gross += "，质硬，界欠清。" if "size" in omit else f"，大小{dims_txt(p)}，质硬，界欠清。"
    diag = f"（{p.site}）{p.hist}"
    if "size" not in omit and rng.random() < 0.5:
        diag += f"，肿瘤最大径{p.dims[0]:.1f}cm"
    diag += "。"
    lv = rng.randint(0, 2)
    tv = rng.randint(0, 1)
    stv = 0 if rng.random() < 0.7 else 1
    stg = "" if "stage" in omit else f"，{stage_txt(p.stage, stv)}"
    lines = [title, hdr, f"送检日期：{fmt_date(p.surg, spec.get('evt_fmt', 'iso'))}    报告日期：{d}",
             f"标本名称：{spec_name}", gross, "病理诊断：", diag, "各切缘均未见癌累及。"]
    if "ln" in omit:
        lines.append("淋巴结：另见补充报告。")
    else:
        lines.append(ln_txt(p, lv) + "。")
    lines.append(f"pTNM分期（AJCC第8版）：{tnm(p.T, p.N, p.M, tv)}{stg}")
    ihc = {"lung": "TTF-1(+)，NapsinA(+)，P40(-)" if p.fam == "adeno" else "P40(+)，CK5/6(+)，TTF-1(-)",
           "breast": "ER(+,90%)，PR(+,60%)，HER2(1+)，Ki-67(20%+)", "colorectal": "MLH1(+)，MSH2(+)，MSH6(+)，PMS2(+)",
           "gastric": "HER2(0)，Ki-67(70%+)", "esophageal": "P40(+)，CK5/6(+)", "liver": "Hepatocyte(+)，GPC-3(+)，Arg-1(+)",
           "kidney": "CA-IX(+)，CD10(+)，PAX8(+)", "thyroid": "TG(+)，TTF-1(+)，BRAF V600E(+)",
           "cervical": "P16(+)，P40(+)" if p.fam == "squamous" else "P16(+)，CEA(+)"}[p.cancer]
    lines.append(f"免疫组化：{ihc}")
    lines.append("诊断医师：王某某    审核医师：李某某")
    return "\n".join(lines)


def dx_string(p, site=None, hist=None, T=None, N=None, stage=None, omit=(), roman=False, tv=0):
    site = site or p.site
    hist = hist or p.hist
    if p.cancer == "npc":
        return f"{site}{hist} cT{p.T[1:]}N{p.N[1:]}M0 {p.stage}期"
    s = f"{site}{hist}"
    s += " " + tnm(T or p.T, N or p.N, p.M, tv)
    if "stage" not in omit:
        st = stage or p.stage
        s += " " + (f"{roman_uni(st)}期" if roman else f"{st}期")
    return s


def discharge_doc(p, spec, omit=(), conflict=None, english=False):
    c = CANCERS[p.cancer]
    hdr = header(p, spec)
    ef = spec.get("evt_fmt", "iso")
    site, hist, T, N, stage = p.site, p.hist, None, None, None
    if conflict == "pT": T = shift_T(p.T)
    if conflict == "pN": N = shift_N(p.N)
    if conflict == "stage": stage = shift_stage(p.stage)
    if conflict == "histology": hist = "鳞状细胞癌" if p.fam == "adeno" else ("腺癌" if p.cancer != "lung" else "浸润性腺癌")
    if conflict == "laterality_dis": site = opp_side(p.site)
    proc = c["proc"].format(site=site, side=site[0] if site[0] in "左右" else "", gastrectomy="远端胃大部切除术" if p.site == "胃窦" else "全胃切除术")
    if english:
        T_ = T or p.T; N_ = N or p.N
        site_en = p.site_en
        if conflict == "laterality_dis":
            site_en = site_en.replace("right", "@").replace("left", "right").replace("@", "left")
        lines = ["DISCHARGE SUMMARY", hdr]
        if "adm" not in omit: lines.append(f"Date of Admission: {fmt_date(p.adm, 'enlong')}")
        lines.append(f"Date of Discharge: {fmt_date(p.dis, 'enlong')}")
        lines.append(f"Admitting Diagnosis: mass of {site_en}")
        st = "" if "stage" in omit else f", stage {stage or p.stage}"
        lines.append(f"Discharge Diagnosis: {p.hist_en} of {site_en}, p{T_}{N_}{p.M}{st}")
        course = f"Hospital Course: The patient underwent surgery ({proc}) on {fmt_date(p.surg, 'enlong')}. "
        tail = []
        if "size" not in omit: tail.append(f"tumor {p.dims[0]:.1f} cm")
        if "ln" not in omit and p.lne: tail.append(f"lymph nodes {p.lnp}/{p.lne}")
        if tail: course += "Final pathology: " + ", ".join(tail) + ". "
        if p.regimen: course += f"Adjuvant chemotherapy ({p.regimen}) cycle 1 was given on {fmt_date(p.chemo, 'enlong')}."
        lines.append(course)
        lines.append("Discharge Instructions: follow up in clinic in 3 weeks; chest/abdominal CT every 3 months.")
        return "\n".join(lines)
    title = rng.choice(["出院记录", "出院小结", "出 院 记 录"])
    lines = [title, hdr]
    if p.cancer == "npc":
        lines.append(f"入院日期：{fmt_date(p.adm, ef)}    出院日期：{fmt_date(p.dis, ef)}")
        lines.append("入院诊断：鼻咽肿物")
        lines.append(f"出院诊断：{dx_string(p)}")
        lines.append(f"诊疗经过：入院后于{fmt_date(p.surg, ef)}行{proc}，病理示：（鼻咽）{p.hist}。"
                     f"于{fmt_date(p.chemo, ef)}开始行{p.regimen}第1周期，过程顺利。")
        lines.append("出院医嘱：1.注意口腔卫生；2.三周后返院继续治疗；3.不适随诊。")
        return "\n".join(lines)
    datefmt = spec.get("date_layout", 0)
    if "adm" in omit:
        lines.append(f"出院日期：{fmt_date(p.dis, ef)}")
    elif datefmt == 0:
        lines.append(f"入院日期：{fmt_date(p.adm, ef)}    出院日期：{fmt_date(p.dis, ef)}    住院天数：{(p.dis - p.adm).days}天")
    elif datefmt == 1:
        lines.append(f"入院日期：{fmt_date(p.adm, ef)}")
        lines.append(f"出院日期：{fmt_date(p.dis, ef)}")
    else:
        lines.append(f"| 入院日期 | 出院日期 |\n|---|---|\n| {fmt_date(p.adm, ef)} | {fmt_date(p.dis, ef)} |")
    lines.append(f"入院诊断：{site}占位性病变")
    roman = spec.get("roman", False)
    lines.append(f"出院诊断：1.{dx_string(p, site, hist, T, N, stage, omit, roman, spec.get('tv', 0))}  2.{rng.choice(['高血压病2级', '2型糖尿病', '慢性胃炎', '高脂血症'])}")
    course = f"诊疗经过：入院后完善相关检查，排除手术禁忌，于{fmt_date(p.surg, ef)}在全麻下行{proc}，手术顺利。术后病理：（{site}）{hist}"
    if "size" not in omit: course += f"，肿瘤大小{dims_txt(p)}"
    if "ln" not in omit: course += f"，{ln_txt(p, 0)}"
    course += "。术后予抗感染、补液、止痛等对症支持治疗。"
    if p.regimen:
        course += f"于{fmt_date(p.chemo, ef)}行{p.regimen}方案辅助化疗第1周期，过程顺利，无明显不良反应。"
    lines.append(course)
    lines.append("出院情况：患者一般情况可，切口愈合良好，无发热。")
    adv = "出院医嘱：1.注意休息，加强营养；2.定期复查血常规、肝肾功能；"
    if p.regimen: adv += "3.三周后返院行下一周期化疗；"
    elif p.cancer == "thyroid": adv += "3.口服左甲状腺素钠片，1个月后评估行碘-131治疗；"
    else: adv += "3.术后3个月复查增强CT；"
    adv += "4.如有不适随诊。"
    lines.append(adv)
    return "\n".join(lines)


def imaging_doc(p, spec, kind, followup=False, laterality_conflict=False, english=False, conclusion_first=False, date=None):
    c = CANCERS[p.cancer]
    hdr = header(p, spec)
    site = opp_side(p.site) if laterality_conflict else p.site
    side = site[0] if site[0] in "左右" else ""
    d = date or (p.fu_date if followup else p.ct_date)
    ef = spec.get("evt_fmt", "iso")
    if english:
        title = "PET/CT REPORT" if kind == "petct" else "CT REPORT"
        site_en = p.site_en
        if laterality_conflict:
            site_en = site_en.replace("right", "@").replace("left", "right").replace("@", "left")
        if followup:
            f = f"Postoperative changes after resection of the {site_en} tumor. New enlarged lymph nodes / nodules suspicious for metastasis."
            imp = f"Status post surgery for {p.organ_en if hasattr(p, 'organ_en') else 'cancer'}; findings suspicious for recurrence/metastasis."
        else:
            f = f"A {p.dims[0]:.1f} cm irregular mass in the {site_en} with heterogeneous enhancement."
            if kind == "petct": f += f" Intense FDG uptake, SUVmax {rng.randint(60, 180) / 10:.1f}."
            imp = f"Mass in the {site_en}, consistent with malignancy. No distant metastasis."
        body = [title, hdr, f"Exam date: {fmt_date(d, 'en')}"]
        if conclusion_first:
            body += [f"IMPRESSION: {imp}", f"FINDINGS: {f}"]
        else:
            body += [f"FINDINGS: {f}", f"IMPRESSION: {imp}"]
        return "\n".join(body)
    if followup:
        f = c["followup"].format(site=site, side=side)
        imp = c["followup_imp"].format(site=site, side=side)
    else:
        f = c["lesion"].format(site=site, side=side)
        if rng.random() < 0.5 and p.cancer != "npc":
            f += f"，大小约{p.dims[0]:.1f}×{p.dims[1]:.1f}cm"
        f += "。"
        if kind == "petct":
            f += f"病灶FDG代谢明显增高，SUVmax约{rng.randint(50, 200) / 10:.1f}。全身其余部位未见明确异常代谢灶。"
        imp = f"{site}占位，考虑恶性肿瘤（{c['organ']}癌）可能大。" if p.cancer != "npc" else "鼻咽癌并双侧咽后、颈部淋巴结转移。"
    title = "PET-CT检查报告单" if kind == "petct" else "CT检查报告单"
    part = "全身PET-CT（18F-FDG）" if kind == "petct" else c["ct"]
    fl = rng.choice(["检查所见", "影像所见", "影像学表现"])
    il = rng.choice(["诊断意见", "结论", "影像诊断", "印象"])
    body = [title, hdr, f"检查日期：{fmt_date(d, ef)}", f"检查部位：{part}"]
    if conclusion_first:
        body += [f"{il}：", imp, f"{fl}：", f]
    else:
        body += [f"{fl}：", f, f"{il}：", imp]
    body.append("报告医师：赵某    审核医师：钱某")
    return "\n".join(body)


def progress_doc(p, spec, with_adm=True):
    hdr = header(p, spec)
    ef = spec.get("evt_fmt", "cn")
    kind = rng.choice(["首次病程记录", "入院记录", "术前小结"])
    lines = [kind, hdr]
    if with_adm:
        lines.append(f"入院时间：{fmt_date(p.adm, ef)} 10:{rng.randint(10, 59)}")
    lines.append(f"记录时间：{fmt_date(p.adm + dt.timedelta(days=1), ef)}")
    if p.cancer == "npc":
        lines.append("病例特点：患者因\"涕中带血2月，发现颈部肿物1月\"入院。")
    else:
        lines.append(f"病例特点：患者因\"体检发现{p.site}占位\"入院。入院查体：一般情况可，心肺未见明显异常。")
    lines.append(f"初步诊断：{p.site}占位性病变，恶性肿瘤可能")
    lines.append("诊疗计划：完善血常规、凝血功能、心肺功能等检查，评估后拟行手术治疗。" if p.cancer != "npc" else "诊疗计划：完善鼻咽镜活检明确病理。")
    return "\n".join(lines)


# ---------------------------------------------------------------- assembly
def main():
    patients = [build_patient(i, per) for i, per in enumerate(PEOPLE)]
    docs = []
    gold = []
    doc_counter = [0]
    used_ids = set()

    def new_id():
        while True:
            x = f"doc-{rng.randint(0, 16 ** 6 - 1):06x}"
            if x not in used_ids:
                used_ids.add(x)
                return x

    trap_notes = []
    for p in patients:
        i = p.idx
        conflict = CONFLICT_PLAN.get(i)
        gap = GAP_PLAN.get(i)
        if conflict == "laterality" and not p.lat:
            raise SystemExit(f"bad plan lat {i}")
        plan = []  # (kind, extra)
        plan.append("pathology")
        plan.append("discharge")
        plan.append(rng.choice(["ct", "petct", "ct"]))
        need_prog = gap == "adm"
        if need_prog or rng.random() < 0.45: plan.append("progress")
        if rng.random() < 0.55: plan.append("followup")
        if len(plan) < 6 and rng.random() < 0.15: plan.append("petct2")
        # conflict location
        lat_in_ct = conflict == "laterality" and i % 2 == 0
        dis_conflict = conflict
        if conflict == "laterality":
            dis_conflict = None if lat_in_ct else "laterality_dis"
        # omissions
        path_omit, dis_omit = set(), set()
        gaps = []
        # ids filled later
        rec = {"pid": p.pid, "docs": []}
        # choose which docs carry patient_id: ~60%
        n = len(plan)
        english_path = i in ENGLISH_PATH
        english_other = i in ENGLISH_OTHER
        def _is_en(kind):
            if kind == "pathology": return english_path
            if english_other and kind in ("ct", "petct"): return True
            if english_other and kind == "discharge": return i % 2 == 1
            return False
        en_flags = [_is_en(kd_) for kd_ in plan]
        carry = [rng.random() < 0.66 for _ in range(n)]
        cands = [k for k in range(n) if carry[k] and not en_flags[k]]
        if not cands:
            k0 = rng.choice([k for k in range(n) if not en_flags[k]])
            carry[k0] = True
            cands = [k0]
        # The anchor doc (a Chinese doc carrying pid) gets a rich header with every identifier
        anchor = cands[0]
        forced_demo = None
        if i < 8:  # same-name trap patients: one unlinked doc with only name+sex+DOB
            others = [k for k in range(n) if k != anchor and not en_flags[k]]
            if not others:
                others = [k for k in range(n) if k != anchor]
                en_flags[others[-1]] = False
            forced_demo = others[-1]
            carry[forced_demo] = False
        for k, kind in enumerate(plan):
            did = new_id()
            styles = ["kv", "inline", "table", "tab", "fw", "kv", "tab2"]
            st = rng.choice(styles)
            is_en = en_flags[k]
            if is_en: st = "en"
            if k == forced_demo and st in ("en",): st = "kv"
            spec = {"style": st, "evt_fmt": rng.choice(EVENT_STYLES), "dob_fmt": rng.choice(DOB_STYLES),
                    "mrn_label": rng.choice(MRN_LABELS_EN if st == "en" else MRN_LABELS_CN),
                    "date_layout": rng.randint(0, 2), "roman": rng.random() < 0.3, "tv": rng.randint(0, 1)}
            if st == "en":
                spec["name_var"] = p.pinyin if rng.random() < 0.5 else " ".join(reversed(p.pinyin.split(" ")))
                spec["evt_fmt"] = "iso"
                spec["dob_fmt"] = "iso"
            if k == anchor:
                fields = ["name", "sex", "dob", "mrn"]
                if rng.random() < 0.5: fields.append("opd")
            elif carry[k]:
                fields = rng.choice([["name", "sex", "age"], ["name", "sex", "age", "mrn"], ["name", "mrn", "opd"],
                                     ["name", "sex", "dob"], ["name", "age", "dept"]])
            else:
                # unlinked: must carry MRN or name+sex+DOB
                if st == "en":
                    fields = rng.choice([["name", "sex", "age", "mrn"], ["name", "mrn"], ["name", "sex", "dob", "mrn"]])
                else:
                    fields = rng.choice([["name", "sex", "age", "mrn"], ["name", "sex", "dob"], ["name", "mrn", "opd"],
                                         ["name", "sex", "dob", "mrn", "opd"], ["mrn", "name", "bed"], ["name", "sex", "dob"]])
            if k == forced_demo:
                fields = ["name", "sex", "dob"]
            if rng.random() < 0.3 and "dept" not in fields: fields.append("dept")
            spec["fields"] = fields
            spec["dept"] = {"lung": "胸外科", "esophageal": "胸外科", "breast": "乳腺外科", "colorectal": "胃肠外科", "gastric": "胃肠外科",
                            "liver": "肝胆外科", "kidney": "泌尿外科", "thyroid": "甲乳外科", "cervical": "妇科", "npc": "放疗科"}[p.cancer]
            if "mrn" in fields and st in ("kv", "fw", "inline", "table", "tab") and rng.random() < 0.25:
                spec["fw"] = True
            if st == "kv" and "mrn" in fields and rng.random() < 0.35:
                spec["split"] = "label"
            elif k != anchor and st == "kv" and all(x in fields for x in ("mrn", "name", "sex", "dob")) and rng.random() < 0.5:
                spec["split"] = "mid"   # ID broken across two lines; name+sex+DOB still present
            if "·" in p.name and st != "en" and "mrn" in fields and k != anchor and rng.random() < 0.6:
                spec["name_var"] = p.name.replace("·", rng.choice(["•", ".", "・", " "]))
            text = None
            dtype = None
            ddate = None
            if kind == "pathology":
                om = set()
                if gap == "size_path": om.add("size")
                if gap == "stage_path": om.add("stage")
                if gap == "ln_path": om.add("ln")
                path_omit = om
                text = pathology_doc(p, spec, om, english=is_en)
                dtype, ddate = "pathology", p.path_date
            elif kind == "discharge":
                om = set()
                if gap == "size_dis": om.add("size")
                if gap == "stage_dis": om.add("stage")
                if gap == "ln_dis": om.add("ln")
                if gap == "adm": om.add("adm")
                dis_omit = om
                text = discharge_doc(p, spec, om, conflict=dis_conflict, english=is_en)
                dtype, ddate = "discharge", p.dis
            elif kind in ("ct", "petct", "petct2"):
                knd = "petct" if kind.startswith("petct") else "ct"
                text = imaging_doc(p, spec, knd, followup=(kind == "petct2"), laterality_conflict=(lat_in_ct and kind != "petct2"),
                                   english=is_en, conclusion_first=rng.random() < 0.35,
                                   date=(p.fu_date + dt.timedelta(days=30)) if kind == "petct2" else None)
                dtype, ddate = knd, (p.fu_date if kind == "petct2" else p.ct_date)
                if kind == "petct2": dtype, ddate = "petct", p.fu_date + dt.timedelta(days=30)
            elif kind == "followup":
                text = imaging_doc(p, spec, "ct", followup=True, conclusion_first=rng.random() < 0.35)
                dtype, ddate = "ct", p.fu_date
            elif kind == "progress":
                text = progress_doc(p, spec, with_adm=True)
                dtype, ddate = "other", p.adm + dt.timedelta(days=1)
            rec["docs"].append((kind, did))
            m = {"doc_id": did, "text": text, "doc_type": dtype}
            if carry[k]:
                m["patient_id"] = p.pid
                if rng.random() < 0.5: m["visit_id"] = f"V{p.pid[1:]}-{1 if kind != 'followup' else 2}"
            if rng.random() < 0.5: m["date"] = ddate.isoformat()
            m["_hdr_fields"] = fields
            m["_keys"] = {"mrn": p.mrn if "mrn" in fields and spec.get("split") != "mid" else None,
                          "demo": (spec.get("name_var") or p.name, p.sex, p.dob.isoformat()) if all(x in fields for x in ("name", "sex", "dob")) else None,
                          "pid": m.get("patient_id")}
            docs.append(m)
        kd = dict(rec["docs"])
        path_id, dis_id = kd["pathology"], kd["discharge"]
        # facts
        f = {"pathology.histology": p.hist_en if english_path else p.hist,
             "pathology.primary_site": p.site,
             "discharge.admission_date": p.adm.isoformat(), "discharge.discharge_date": p.dis.isoformat()}
        if p.cancer != "npc":
            f.update({"pathology.pT": p.T, "pathology.pN": p.N, "pathology.pM": p.M, "pathology.ajcc_stage": p.stage,
                      "pathology.ln_positive": p.lnp, "pathology.ln_examined": p.lne, "pathology.tumor_size": p.size_mm})
        if p.lat: f["laterality"] = p.lat
        conflicts = []
        if conflict:
            other = kd["ct"] if "ct" in kd and lat_in_ct else (kd.get("petct") if lat_in_ct else dis_id)
            name = {"pT": "pathology.pT", "pN": "pathology.pN", "stage": "pathology.ajcc_stage",
                    "histology": "pathology.histology", "laterality": "laterality"}[conflict]
            if conflict == "pT": vals = {path_id: p.T, other: shift_T(p.T)}
            elif conflict == "pN": vals = {path_id: p.N, other: shift_N(p.N)}
            elif conflict == "stage": vals = {path_id: p.stage, other: shift_stage(p.stage)}
            elif conflict == "histology":
                vals = {path_id: f["pathology.histology"], other: "鳞状细胞癌" if p.fam == "adeno" else ("腺癌" if p.cancer != "lung" else "浸润性腺癌")}
            else:
                vals = {path_id: p.lat, other: "left" if p.lat == "right" else "right"}
            conflicts.append({"name": name, "doc_ids": [path_id, other], "values": vals,
                              "kind": conflict, "trusted_doc": path_id})
        if gap:
            prog_id = kd.get("progress")
            if gap == "ln_dis":
                gaps += [{"name": "pathology.ln_positive", "missing_in": dis_id, "filled_from": path_id, "value": p.lnp},
                         {"name": "pathology.ln_examined", "missing_in": dis_id, "filled_from": path_id, "value": p.lne}]
            elif gap == "ln_path":
                gaps += [{"name": "pathology.ln_positive", "missing_in": path_id, "filled_from": dis_id, "value": p.lnp},
                         {"name": "pathology.ln_examined", "missing_in": path_id, "filled_from": dis_id, "value": p.lne}]
            elif gap == "size_path":
                gaps.append({"name": "pathology.tumor_size", "missing_in": path_id, "filled_from": dis_id, "value": p.size_mm})
            elif gap == "size_dis":
                gaps.append({"name": "pathology.tumor_size", "missing_in": dis_id, "filled_from": path_id, "value": p.size_mm})
            elif gap == "stage_path":
                gaps.append({"name": "pathology.ajcc_stage", "missing_in": path_id, "filled_from": dis_id, "value": p.stage})
            elif gap == "stage_dis":
                gaps.append({"name": "pathology.ajcc_stage", "missing_in": dis_id, "filled_from": path_id, "value": p.stage})
            elif gap == "adm":
                gaps.append({"name": "discharge.admission_date", "missing_in": dis_id, "filled_from": prog_id, "value": p.adm.isoformat()})
        entry = {"patient_id": p.pid, "doc_ids": [d for _, d in rec["docs"]], "facts": f,
                 "conflicts": conflicts, "gaps": gaps,
                 "identity": {"name": p.name, "sex": p.sex, "birth_date": p.dob.isoformat(), "mrn": p.mrn,
                              "outpatient_no": p.opd, "cancer": p.cancer}}
        if english_path:
            entry["alt_values"] = {"pathology.histology": [p.hist], "pathology.primary_site": [p.site_en]}
        gold.append(entry)

    # ---- post checks: every unlinked doc must be linkable by MRN or name+sex+DOB
    by_doc = {}
    for g in gold:
        for d in g["doc_ids"]: by_doc[d] = g
    for m in docs:
        if "patient_id" not in m:
            fl = m["_hdr_fields"]
            ok = "mrn" in fl or all(x in fl for x in ("name", "sex", "dob"))
            assert ok, m["doc_id"]
            if "mrn" not in fl:
                # name+sex+dob must be unique among patients
                g = by_doc[m["doc_id"]]["identity"]
                same = [x for x in gold if x["identity"]["name"] == g["name"] and x["identity"]["sex"] == g["sex"]
                        and x["identity"]["birth_date"] == g["birth_date"]]
                assert len(same) == 1
    # simulate linking: union docs sharing a pid, exact MRN, or exact (name, sex, DOB)
    parent = {m["doc_id"]: m["doc_id"] for m in docs}
    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]; x = parent[x]
        return x
    firsts = {}
    for m in docs:
        for key in (("pid", m["_keys"]["pid"]), ("mrn", m["_keys"]["mrn"]), ("demo", m["_keys"]["demo"])):
            if key[1] is None: continue
            if key in firsts: parent[find(m["doc_id"])] = find(firsts[key])
            else: firsts[key] = m["doc_id"]
    for g in gold:
        roots = {find(d) for d in g["doc_ids"]}
        assert len(roots) == 1, (g["patient_id"], roots)
    allroots = [find(g["doc_ids"][0]) for g in gold]
    assert len(set(allroots)) == len(gold)
    n_demo_only = sum(1 for m in docs if "patient_id" not in m and sorted(m["_hdr_fields"]) in (["dob", "name", "sex"], ["dept", "dob", "name", "sex"]))
    print("unlinked docs with only name+sex+DOB:", n_demo_only)
    rng.shuffle(docs)
    for m in docs: m.pop("_hdr_fields"); m.pop("_keys")
    with open(os.path.join(HERE, "manifest.jsonl"), "w", encoding="utf-8") as fh:
        for m in docs:
            fh.write(json.dumps(m, ensure_ascii=False) + "\n")
    with open(os.path.join(HERE, "gold.json"), "w", encoding="utf-8") as fh:
        json.dump({"seed": SEED, "patients": gold}, fh, ensure_ascii=False, indent=1)
    print("patients", len(gold), "docs", len(docs), "no_pid", sum("patient_id" not in m for m in docs),
          "conflicts", sum(len(g["conflicts"]) for g in gold), "gap_entries", sum(len(g["gaps"]) for g in gold),
          "gap_patients", sum(1 for g in gold if g["gaps"]))


if __name__ == "__main__":
    main()
