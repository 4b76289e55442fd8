#!/usr/bin/env python3
"""Seeded generator for blind PHI test set phi3 (zh/en oncology text).
Writes phi_blind.jsonl next to this file. Standard library only."""
import json, random, datetime as DT, os, collections

SEED = 3303
R = random.Random(SEED)
HERE = os.path.dirname(os.path.abspath(__file__))
CATS = ["NAME", "ID_NUMBER", "PHONE", "ADDRESS", "RECORD_NUMBER", "ORGANIZATION",
        "DATE", "AGE", "CONTACT", "DEVICE_ID"]

# ---------------------------------------------------------------- markup
_S, _M, _E = "\ue000", "\ue001", "\ue002"

def T(cat, v):
    assert cat in CATS, cat
    v = str(v)
    assert v and v == v.strip(), repr(v)
    return f"{_S}{cat}{_M}{v}{_E}"

def N(v): return T("NAME", v)
def I(v): return T("ID_NUMBER", v)
def P(v): return T("PHONE", v)
def A(v): return T("ADDRESS", v)
def RN(v): return T("RECORD_NUMBER", v)
def O(v): return T("ORGANIZATION", v)
def D_(v): return T("DATE", v)
def AG(v): return T("AGE", v)
def C(v): return T("CONTACT", v)
def DV(v): return T("DEVICE_ID", v)

def vis(s):
    out, skip = [], False
    i = 0
    while i < len(s):
        ch = s[i]
        if ch == _S:
            j = s.index(_M, i)
            i = j + 1
            continue
        if ch == _E:
            i += 1
            continue
        out.append(ch)
        i += 1
    return "".join(out)

def ljust(s, w):
    return s + " " * max(1, w - len(vis(s)))

def finalize(marked):
    text, phi, n = [], [], 0
    i = 0
    while i < len(marked):
        ch = marked[i]
        if ch == _S:
            j = marked.index(_M, i)
            k = marked.index(_E, j)
            cat, val = marked[i + 1:j], marked[j + 1:k]
            assert _S not in val and _M not in val
            phi.append({"start": n, "end": n + len(val), "category": cat, "text": val})
            text.append(val)
            n += len(val)
            i = k + 1
        else:
            assert ch not in (_M, _E)
            text.append(ch)
            n += 1
            i += 1
    t = "".join(text)
    for s in phi:
        assert t[s["start"]:s["end"]] == s["text"], s
    for a, b in zip(phi, phi[1:]):
        assert a["end"] <= b["start"], (a, b)
    return t, phi

# ---------------------------------------------------------------- helpers
def pick(x): return R.choice(x)
def digits(n): return "".join(str(R.randint(0, 9)) for _ in range(n))
def rdate(y0, y1):
    a = DT.date(y0, 1, 1).toordinal(); b = DT.date(y1, 12, 28).toordinal()
    return DT.date.fromordinal(R.randint(a, b))

CN_NUM = "〇一二三四五六七八九"
def cn_small(n):
    if n < 10: return "十" if n == 10 else "一二三四五六七八九"[n - 1] if n else "〇"
    if n == 10: return "十"
    if n < 20: return "十" + "一二三四五六七八九"[n - 11]
    t, u = divmod(n, 10)
    return "一二三四五六七八九"[t - 1] + "十" + ("" if u == 0 else "一二三四五六七八九"[u - 1])

def zd(d, style=None):
    style = style or pick(["cn", "iso", "slash", "dot", "cn", "iso", "short", "cnnum", "compact", "md", "mds"])
    if style == "cn": s = f"{d.year}年{d.month}月{d.day}日"
    elif style == "iso": s = d.isoformat()
    elif style == "slash": s = f"{d.year}/{d.month}/{d.day}"
    elif style == "dot": s = f"{d.year}.{d.month:02d}.{d.day:02d}"
    elif style == "short": s = f"{d.year % 100}-{d.month}-{d.day}"
    elif style == "cnnum": s = "".join(CN_NUM[int(c)] for c in str(d.year)) + f"年{cn_small(d.month)}月{cn_small(d.day)}日"
    elif style == "compact": s = d.strftime("%Y%m%d")
    elif style == "md": s = f"{d.month}月{d.day}日"
    elif style == "mds": s = f"{d.month}/{d.day}"
    elif style == "ym": s = f"{d.year}年{d.month}月"
    elif style == "md2": s = f"{d.month}月{d.day}号"
    else: raise ValueError(style)
    return D_(s)

MON = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
def ed(d, style=None):
    style = style or pick(["long", "us", "us2", "dmy", "iso", "long", "us", "day_mon"])
    if style == "long": s = f"{MON[d.month-1]} {d.day}, {d.year}"
    elif style == "us": s = f"{d.month:02d}/{d.day:02d}/{d.year}"
    elif style == "us2": s = f"{d.month}/{d.day}/{d.year % 100:02d}"
    elif style == "dmy": s = f"{d.day:02d}-{MON[d.month-1][:3]}-{d.year}"
    elif style == "iso": s = d.isoformat()
    elif style == "monyy": s = f"{MON[d.month-1][:3]} '{d.year % 100:02d}"
    elif style == "md": s = f"{d.month}/{d.day}"
    elif style == "day_mon": s = f"{d.day} {MON[d.month-1]} {d.year}"
    elif style == "mon_year": s = f"{MON[d.month-1]} {d.year}"
    elif style == "mon_day": s = f"{MON[d.month-1][:3]} {d.day}"
    else: raise ValueError(style)
    return D_(s)

def hm(): return f"{R.randint(6,22):02d}:{R.choice(['00','05','10','15','20','25','30','35','40','45','50','55'])}"

# ---------------------------------------------------------------- Chinese identity pieces
W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
def cn_check(s17): return "10X98765432"[sum(int(c) * w for c, w in zip(s17, W)) % 11]

def cn_id(area, birth, male, want_x):
    while True:
        seq = R.randint(0, 99)
        last = R.choice([1, 3, 5, 7, 9] if male else [0, 2, 4, 6, 8])
        s17 = f"{area}{birth:%Y%m%d}{seq:02d}{last}"
        c = cn_check(s17)
        if (c == "X") == want_x:
            return s17 + c

SUR = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
RARE = ["欧阳", "司马", "诸葛", "上官", "皇甫", "令狐", "慕容", "尉迟", "公孙", "单", "仇", "佘", "查", "冼", "靳", "蔺", "嵇", "訾", "隗", "东方"]
GIV = ["伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀兰", "霞", "平", "刚",
       "桂英", "建华", "晓梅", "志强", "国强", "海燕", "文博", "子涵", "雨桐", "梓轩", "一鸣", "春生", "冬梅", "建国", "玉兰", "德明", "淑珍",
       "红霞", "立新", "晓东", "丹", "琳", "鹏", "飞", "宇", "浩然", "思远", "欣怡", "佳琪", "婷", "慧", "桂芝", "凤英", "金花", "长林", "援朝",
       "卫东", "振华", "少华", "雪梅", "秋菊", "玉珍", "志刚", "海波", "俊", "晨", "亮", "斌", "瑶", "蕾", "若曦", "沐阳", "嘉怡", "文华", "素琴"]
MINORITY = ["阿依古丽·买买提", "热依拉·艾力", "艾力·阿不都拉", "古丽娜尔·吐尔逊", "买买提·吐尔洪", "努尔艾力·伊明", "迪丽娜尔·阿布都", "帕尔哈提·肉孜"]
WORDNAMES = ["张伟", "李娜", "王海", "刘洋", "高峰", "金鑫", "王芳", "李强", "陈晨", "杨帆", "周正", "林森", "黄河", "马丽", "江山", "白雪", "文静", "常青", "夏天", "石磊"]
used_names = set()
def cn_name(force=None):
    if force:
        used_names.add(force); return force
    while True:
        s = pick(RARE) if R.random() < 0.12 else pick(SUR)
        g = pick(GIV)
        n = s + g
        if n not in used_names:
            used_names.add(n); return n

REGIONS = [  # prefix, area, postcode, streets, compounds, city-level landline code
    ("湖南省长沙市岳麓区", "430104", "410006", ["麓山南路", "枫林二路", "桐梓坡路"], "0731"),
    ("北京市朝阳区", "110105", "100020", ["望京西路", "农展馆南路", "安立路"], "010"),
    ("上海市徐汇区", "310104", "200032", ["零陵路", "宛平南路", "漕溪北路"], "021"),
    ("广东省广州市越秀区", "440104", "510060", ["东风东路", "中山二路", "农林下路"], "020"),
    ("四川省成都市武侯区", "510107", "610041", ["国学巷", "人民南路四段", "玉林北路"], "028"),
    ("浙江省杭州市西湖区", "330106", "310012", ["文三路", "天目山路", "古翠路"], "0571"),
    ("江苏省南京市鼓楼区", "320106", "210008", ["中山路", "北京西路", "广州路"], "025"),
    ("山东省济南市历下区", "370102", "250012", ["经十路", "文化西路", "山大路"], "0531"),
    ("湖北省武汉市武昌区", "420106", "430071", ["中南路", "东湖路", "解放路"], "027"),
    ("天津市河西区", "120103", "300060", ["体院北路", "友谊路", "解放南路"], "022"),
    ("新疆维吾尔自治区乌鲁木齐市天山区", "650102", "830000", ["解放南路", "新华南路", "建设路"], "0991"),
    ("福建省福州市鼓楼区", "350102", "350001", ["五四路", "杨桥中路", "湖东路"], "0591"),
    ("陕西省西安市雁塔区", "610113", "710061", ["雁塔西路", "长安南路", "小寨东路"], "029"),
    ("辽宁省沈阳市和平区", "210102", "110001", ["南京南街", "三好街", "十一纬路"], "024"),
]
RURAL = [
    ("河南省周口市郸城县", "411625", "477150", ["宜路镇", "汲冢镇", "石槽镇"], ["李楼村", "王庄村", "后湖村"], "0394"),
    ("湖南省邵阳市隆回县", "430524", "422200", ["桃洪镇", "六都寨镇", "金石桥镇"], ["大坪村", "石门村", "白马村"], "0739"),
    ("四川省南充市仪陇县", "511324", "637600", ["新政镇", "马鞍镇", "金城镇"], ["双河村", "柏杨村", "龙泉村"], "0817"),
    ("安徽省阜阳市临泉县", "341221", "236400", ["杨桥镇", "长官镇", "鲖城镇"], ["孙庄村", "前营村", "韩寨村"], "0558"),
    ("江西省赣州市于都县", "360731", "342300", ["贡江镇", "罗坳镇", "岭背镇"], ["水头村", "上欧村", "新屋村"], "0797"),
    ("云南省曲靖市宣威市", "530381", "655400", ["板桥街道", "来宾街道", "格宜镇"], ["松林村", "沙坝村", "凤凰村"], "0874"),
]
COMPOUNDS = ["阳光花园", "金色家园", "锦绣小区", "翠苑三区", "和平里小区", "幸福里", "中南家园", "书香名苑", "湘江世纪城", "碧桂园"]

CN_HOSP = [
    ("湖南省肿瘤医院", "0731-88651900"), ("中国医学科学院肿瘤医院", "010-87788899"), ("复旦大学附属肿瘤医院", "021-64175590"),
    ("中山大学肿瘤防治中心", "020-87343088"), ("四川大学华西医院", "028-85422114"), ("浙江大学医学院附属第一医院", "0571-87236114"),
    ("江苏省人民医院", "025-83718836"), ("山东省肿瘤医院", "0531-87984777"), ("湖北省肿瘤医院", "027-87670000"),
    ("天津医科大学肿瘤医院", "022-23340123"), ("新疆医科大学附属肿瘤医院", "0991-7819000"), ("福建省肿瘤医院", "0591-83660063"),
    ("陕西省肿瘤医院", "029-85276000"), ("辽宁省肿瘤医院", "024-31916114"),
]
LOCAL_HOSP = ["郸城县人民医院", "隆回县中医医院", "仪陇县人民医院", "临泉县人民医院", "于都县人民医院", "宣威市第一人民医院",
              "望京社区卫生服务中心", "岳麓区人民医院", "长沙市第三医院", "南京市鼓楼医院集团宿迁医院"]
LABS = ["广州金域医学检验中心", "迪安诊断技术集团股份有限公司", "世和基因生物技术有限公司", "燃石医学检验所", "艾迪康医学检验实验室"]
INSURERS = ["中国人寿保险股份有限公司", "平安健康保险股份有限公司", "泰康人寿保险有限责任公司", "中国人民健康保险股份有限公司"]
EMPLOYERS = ["长沙市天心区教育局", "国网湖南省电力有限公司", "中国建设银行上海分行", "华为技术有限公司", "三一重工股份有限公司",
             "中铁五局集团有限公司", "浙江大学", "武汉钢铁有限公司", "济南市公共交通总公司", "福州市鼓楼区实验小学"]
DEPTS = ["肿瘤内科", "胸外科", "乳腺外科", "放疗科", "消化内科", "妇瘤科", "淋巴瘤内科", "胃肠外科", "头颈放疗科", "泌尿外科"]

CN_DX = [
    dict(dx="左肺上叶腺癌", tnm="pT2aN1M0 IIB期", gene="EGFR 19外显子缺失突变", drug="泰瑞沙（奥希替尼）80mg qd", icd="C34.1", ihc="TTF-1(+)，NapsinA(+)，Ki-67 30%", extra="既往无Cushing综合征病史"),
    dict(dx="右肺下叶鳞癌", tnm="cT3N2M0 IIIB期", gene="PD-L1 TPS 60%，ALK阴性", drug="可瑞达（帕博利珠单抗）200mg 第1天", icd="C34.3", ihc="p40(+)，CK5/6(+)，Ki-67 50%", extra="伴Horner征"),
    dict(dx="左乳浸润性导管癌", tnm="pT1cN1M0 IIA期", gene="HER2 3+，BRCA1胚系突变阴性", drug="赫赛汀+帕捷特双靶向", icd="C50.4", ihc="ER(-)，PR(-)，Ki-67 40%", extra="乳头区需排除Paget病"),
    dict(dx="乙状结肠腺癌", tnm="pT3N1bM0 IIIB期", gene="KRAS G12C突变，MSS", drug="安维汀（贝伐珠单抗）+mFOLFOX6", icd="C18.7", ihc="MLH1/MSH2/MSH6/PMS2均(+)，Ki-67 70%", extra="家族史需排查Lynch综合征"),
    dict(dx="胃窦低分化腺癌", tnm="ypT2N0M0", gene="HER2 1+，Claudin18.2阳性", drug="艾瑞卡（卡瑞利珠单抗）+SOX", icd="C16.3", ihc="CK(+)，Ki-67 60%", extra="左锁骨上Virchow淋巴结未触及"),
    dict(dx="原发性肝细胞癌（肝S7段）", tnm="BCLC B期", gene="AFP 1250ng/mL", drug="乐卫玛（仑伐替尼）8mg qd", icd="C22.0", ihc="Hepatocyte(+)，GPC-3(+)", extra="乙肝肝硬化背景"),
    dict(dx="经典型霍奇金淋巴瘤", tnm="Ann Arbor IIA期", gene="EBER原位杂交(+)", drug="ABVD方案", icd="C81.9", ihc="CD30(+)，CD15(+)，PAX5弱(+)", extra="幼年曾患Wilms瘤（肾母细胞瘤）已治愈"),
    dict(dx="食管下段腺癌", tnm="cT3N1M0", gene="HER2阴性", drug="紫杉醇+卡铂同步放化疗", icd="C15.5", ihc="CK7(+)，Ki-67 45%", extra="胃镜示Barrett食管背景"),
    dict(dx="弥漫大B细胞淋巴瘤", tnm="IPI 3分", gene="MYC/BCL2双表达", drug="美罗华（利妥昔单抗）+CHOP", icd="C83.3", ihc="CD20(+)，Ki-67 80%", extra="无Richter转化证据"),
    dict(dx="鼻咽非角化性癌", tnm="T3N2M0 III期", gene="EBV-DNA 3.2×10^3 copies/mL", drug="顺铂同步调强放疗", icd="C11.9", ihc="CK(+)，EBER(+)", extra="无Horner征"),
    dict(dx="卵巢高级别浆液性癌", tnm="FIGO IIIC期", gene="BRCA1胚系致病突变", drug="利普卓（奥拉帕利）300mg bid", icd="C56", ihc="WT-1(+)，p53突变型", extra="CA125 856U/mL"),
    dict(dx="胰头导管腺癌", tnm="cT2N1M0", gene="KRAS G12D", drug="白蛋白紫杉醇+吉西他滨", icd="C25.0", ihc="CK19(+)，Ki-67 35%", extra="合并Trousseau综合征待排"),
]

# ---------------------------------------------------------------- English identity pieces
EN_F = ["Maria", "Linda", "Patricia", "Jennifer", "Aisha", "Priya", "Mei", "Rosa", "Dorothy", "Evelyn", "Grace", "Fatima", "Keiko", "Olga", "Shanice", "Margaret", "Helen", "Lucía", "Hannah", "Ngozi"]
EN_M = ["James", "Robert", "Michael", "William", "David", "Hiroshi", "Carlos", "José Luis", "Samuel", "Thomas", "Rajesh", "Wei", "Kwame", "Dmitri", "Harold", "Walter", "Min-jun", "Ahmed", "Patrick", "Eugene"]
EN_L = ["Gonzalez", "Okafor", "Smith-Jones", "Tanaka", "Nguyen", "Patel", "O'Brien", "McAllister", "Ramírez", "Kowalski", "Chen", "Kim", "Washington",
        "García-López", "Hernandez", "Johansson", "Abernathy", "Van Dyke", "Liu", "Raghunathan", "Thompson", "Rivera", "Delacroix", "Mbeki", "Friedman",
        "Castillo", "Nakamura", "Brennan", "Haddad", "Whitfield", "Sorensen", "Okonkwo", "Park", "Lindqvist", "Moreau"]
used_en = set()
PARTS = {}
def en_name(sex=None, style=None):
    while True:
        sex = sex or pick("MF")
        f = pick(EN_M if sex == "M" else EN_F)
        l = pick(EN_L)
        st = style or pick(["plain"] * 6 + ["mid", "initials"])
        if st == "mid": n = f"{f} {pick('ABCDEFGHJKLMRSTW')}. {l}"
        elif st == "initials": n = f"{f[0]}. {pick('ABCDEJKLMRST')}. {l}"
        else: n = f"{f} {l}"
        if n not in used_en:
            used_en.add(n); PARTS[n] = (f if st != "initials" else n.rsplit(" ", 1)[0], l); return n

def last(n): return PARTS[n][1] if n in PARTS else n.split()[-1]
def first(n): return PARTS[n][0] if n in PARTS else n.split()[0]
def given(n): return n[:len(n) - len(last(n))].strip()
def slug(x):
    import unicodedata
    x = unicodedata.normalize("NFKD", x)
    return "".join(c for c in x.lower() if c.isalpha() and c.isascii())
def cap(x): return x[:1].upper() + x[1:]

EN_CITIES = [("Columbus", "OH", "432", "614"), ("Houston", "TX", "770", "713"), ("Boston", "MA", "021", "617"), ("Rochester", "MN", "559", "507"),
             ("Sacramento", "CA", "958", "916"), ("Tucson", "AZ", "857", "520"), ("Queens", "NY", "113", "718"), ("Durham", "NC", "277", "919"),
             ("Ann Arbor", "MI", "481", "734"), ("Seattle", "WA", "981", "206"), ("Baltimore", "MD", "212", "410"), ("Nashville", "TN", "372", "615")]
STREETS = ["Maple Grove Ave", "Elm St", "Oak Hollow Dr", "Lincoln Blvd", "Riverside Ter", "Cedar Ridge Rd", "Magnolia Ct", "Harbor View Ln", "Sycamore Pl", "Birchwood Way", "Chestnut St", "Willow Bend Cir"]
EN_HOSP = ["Riverside Regional Cancer Center", "St. Agnes Medical Center", "Lakeview University Hospital", "Mercy Oncology Associates",
           "Northshore Comprehensive Cancer Institute", "Baptist Memorial Hospital", "Pacific Crest Medical Group", "Mayo Clinic", "Dana-Farber Cancer Institute",
           "MD Anderson Cancer Center", "Duke Cancer Institute", "Johns Hopkins Sidney Kimmel Cancer Center"]
EN_INS = ["UnitedHealthcare", "Aetna", "Blue Cross Blue Shield of Texas", "Cigna Healthcare", "Humana", "Kaiser Permanente", "Medicare Part B", "Anthem Blue Cross"]
EN_LABS = ["Foundation Medicine", "Quest Diagnostics", "LabCorp", "Caris Life Sciences", "Tempus Labs", "Guardant Health"]
EN_AGENCY = ["Sunrise Home Health Services", "Evergreen Hospice & Palliative Care", "VNA of Greater Boston", "Heartland Home Infusion", "Amedisys Home Health"]

EN_DX = [
    dict(dx="stage IIIA lung adenocarcinoma of the left upper lobe", tnm="pT2aN2M0", gene="EGFR exon 19 deletion", drug="osimertinib (Tagrisso) 80 mg daily", icd="C34.12", lab="CEA 8.4 ng/mL", extra="no history of Cushing syndrome"),
    dict(dx="metastatic colon adenocarcinoma", tnm="pT4aN2bM1a", gene="KRAS G12C, MSS", drug="FOLFIRI plus bevacizumab (Avastin)", icd="C18.2", lab="CEA 112 ng/mL", extra="family history concerning for Lynch syndrome"),
    dict(dx="triple-negative breast cancer", tnm="cT2N1M0", gene="germline BRCA2 pathogenic variant", drug="pembrolizumab (Keytruda) 200 mg q3w with carboplatin/paclitaxel", icd="C50.911", lab="Ki-67 70%", extra="nipple changes, Paget disease excluded"),
    dict(dx="classical Hodgkin lymphoma", tnm="Ann Arbor IIB", gene="PD-L1 9p24.1 amplification", drug="brentuximab vedotin + AVD", icd="C81.10", lab="ESR 62 mm/h", extra="childhood Wilms tumor treated with nephrectomy"),
    dict(dx="esophageal adenocarcinoma arising in Barrett esophagus", tnm="uT3N1M0", gene="HER2 IHC 3+", drug="carboplatin/paclitaxel with 41.4 Gy (CROSS)", icd="C15.5", lab="albumin 3.1 g/dL", extra="SUVmax 8.5 at the GE junction"),
    dict(dx="metastatic castration-resistant prostate cancer", tnm="M1b", gene="BRCA2 somatic loss", drug="olaparib (Lynparza) 300 mg BID", icd="C61", lab="PSA 48.2 ng/mL", extra="bone scan differential includes Paget disease of bone"),
    dict(dx="diffuse large B-cell lymphoma", tnm="stage IVB, IPI 4", gene="MYC rearrangement negative", drug="R-CHOP x6", icd="C83.30", lab="LDH 612 U/L", extra="no Richter transformation"),
    dict(dx="hepatocellular carcinoma, segment 7", tnm="BCLC B", gene="TERT promoter mutation", drug="atezolizumab + bevacizumab", icd="C22.0", lab="AFP 1,840 ng/mL", extra="Child-Pugh A6"),
    dict(dx="pancreatic ductal adenocarcinoma", tnm="cT2N1M0", gene="KRAS G12D", drug="gemcitabine + nab-paclitaxel", icd="C25.0", lab="CA 19-9 1,204 U/mL", extra="Trousseau syndrome on warfarin"),
    dict(dx="high-grade serous ovarian carcinoma", tnm="FIGO IIIC", gene="BRCA1 germline c.68_69delAG", drug="niraparib (Zejula) maintenance", icd="C56.1", lab="CA-125 412 U/mL", extra="ECOG 1"),
]

# ---------------------------------------------------------------- phones
def cn_mobile(): return pick("3456789") and "1" + pick("3456789") + digits(9)
def fmt_mobile(m, style=None):
    style = style or pick(["plain", "plain", "dash", "space", "p86", "0086", "p86s"])
    if style == "plain": return m
    if style == "dash": return f"{m[:3]}-{m[3:7]}-{m[7:]}"
    if style == "space": return f"{m[:3]} {m[3:7]} {m[7:]}"
    if style == "p86": return f"+86 {m[:3]} {m[3:7]} {m[7:]}"
    if style == "p86s": return f"+86-{m}"
    if style == "0086": return f"0086-{m}"
def cn_land(code): return f"{code}-{digits(8 if len(code) == 3 else 7 + R.randint(0,1))}"
def fmt_land(code, num8, style=None):
    style = style or pick(["dash", "paren", "dashext"])
    if style == "dash": return f"{code}-{num8}"
    if style == "paren": return f"({code}){num8}"
    return f"{code}-{num8}转{R.randint(2000, 8999)}"

def en_phone(area):
    ex = str(R.randint(201, 989)); ln = digits(4)
    return area, ex, ln
def fmt_en(t, style=None):
    a, e, l = t
    style = style or pick(["paren", "dash", "dot", "intl"])
    if style == "paren": return f"({a}) {e}-{l}"
    if style == "dash": return f"{a}-{e}-{l}"
    if style == "dot": return f"{a}.{e}.{l}"
    return f"+1 {a} {e} {l}"

# ---------------------------------------------------------------- staff per hospital
STAFF = {}
def staff(h, lang):
    if h not in STAFF:
        if lang == "zh":
            pool = [cn_name() for _ in range(10)]
            special = R.sample(WORDNAMES[:14], 3)
            STAFF[h] = dict(doc=pool[:4] + special[:1], nurse=pool[4:7] + special[1:2], tech=pool[7:9] + special[2:], pharm=pool[9:])
        else:
            STAFF[h] = dict(doc=[en_name() for _ in range(4)], nurse=[en_name("F") for _ in range(3)], tech=[en_name() for _ in range(2)], pharm=[en_name()])
    return STAFF[h]

# ---------------------------------------------------------------- patient factory
class Pt: pass

def make_zh(k):
    p = Pt(); p.lang = "zh"; p.pid = f"ZH{k:03d}"
    p.male = R.random() < 0.5
    p.sex = "男" if p.male else "女"
    if k % 9 == 4:
        p.name = pick([m for m in MINORITY if m not in used_names]); used_names.add(p.name)
    elif k % 11 == 6:
        p.name = cn_name(pick([w for w in WORDNAMES[14:] if w not in used_names]))
    else:
        p.name = cn_name()
    p.old = (k % 4 == 1)
    p.age = R.randint(90, 98) if p.old else R.randint(28, 86)
    p.base = rdate(2021, 2024)
    p.birth = DT.date(p.base.year - p.age, R.randint(1, 12), R.randint(1, 28))
    p.rural = R.random() < 0.35
    if p.rural:
        pre, area, pc, towns, vills, code = pick(RURAL)
        p.town = pick(towns); p.vill = pick(vills)
        p.addr = f"{pre}{p.town}{p.vill}{pick('一二三四五六七八')}组{R.randint(1, 60)}号"
        p.addr_short = f"{p.town}{p.vill}"
    else:
        pre, area, pc, streets, code = pick(REGIONS)
        st = pick(streets)
        if R.random() < 0.3:
            p.addr = f"{pre}{st}{R.randint(1, 300)}号院{R.randint(1, 20)}号楼{R.randint(1, 6)}门{R.randint(1, 24)}0{R.randint(1, 4)}"
        else:
            p.addr = f"{pre}{st}{R.randint(1, 999)}号{pick(COMPOUNDS)}{R.randint(1, 30)}栋{R.randint(1, 5)}单元{R.randint(1, 33)}0{R.randint(1, 6)}室"
        p.addr_short = f"{st}{pick(COMPOUNDS)}"
    p.area, p.pc, p.code, p.prefix = area, pc, code, pre
    p.idno = cn_id(area, p.birth, p.male, want_x=(k % 6 == 2))
    p.mob = cn_mobile(); p.land = digits(8 if len(code) == 3 else 7)
    p.rel_type = pick(["女儿", "儿子", "爱人", "妻子", "丈夫", "侄子", "儿媳"])
    if p.rel_type in ("妻子",) and not p.male: p.rel_type = "丈夫"
    if p.rel_type in ("丈夫",) and p.male: p.rel_type = "妻子"
    p.rel_name = cn_name()
    p.rel_mob = cn_mobile()
    p.rel_id = cn_id(pick(REGIONS)[1], DT.date(R.randint(1960, 1995), R.randint(1, 12), R.randint(1, 28)), R.random() < 0.5, R.random() < 0.15)
    p.hosp, p.hosp_tel = pick(CN_HOSP)
    p.hcode = p.hosp_tel.split("-")[0]
    p.local = pick(LOCAL_HOSP)
    p.dept = pick(DEPTS)
    st = staff(p.hosp, "zh")
    p.doc, p.doc2 = R.sample(st["doc"], 2)
    p.nurse, p.nurse2 = R.sample(st["nurse"], 2)
    p.tech = pick(st["tech"]); p.pharm = st["pharm"][0]
    p.chief = pick([x for x in st["doc"] if x not in (p.doc, p.doc2)])
    p.bingan = pick([digits(7), "00" + digits(6), f"{p.base.year % 100}{digits(6)}"])
    p.zhuyuan = pick([f"Z{p.base.year}{digits(5)}", digits(8), f"ZY{digits(9)}"])
    p.menzhen = pick([f"MZ{digits(10)}", digits(10), f"{digits(4)}-{digits(6)}"])
    p.bingli = pick([f"{p.base.year % 100}-{R.randint(10000, 39999)}", f"P{p.base.year}-{digits(5)}", f"B{p.base.year % 100}{digits(5)}"])
    p.bed = R.randint(1, 48)
    p.yibao = pick([f"S{digits(10)}", digits(12), f"{area[:4]}{digits(8)}", f"H{digits(9)}"])
    p.email = pick([f"{R.choice(['chen','lxm','happy','sunny','laowang','hnzl'])}{digits(4)}@{pick(['163.com','qq.com','126.com','sina.com','foxmail.com'])}", f"{digits(9)}@qq.com"])
    p.wechat = pick([f"wxid_{R.choice('abcdefghjkmnpqrstuvwxyz')}{digits(3)}{R.choice('abcdefghjkmnp')}{digits(4)}", f"{pick(['sunflower','xiaomei','laoli','zhang','hope','yangguang'])}_{digits(4)}"])
    p.qq = str(R.randint(10 ** 7, 10 ** 10))
    p.passport = pick([f"E{digits(8)}", f"EJ{digits(7)}", f"G{digits(8)}"])
    p.hkpass = pick([f"C{digits(8)}", f"CA{digits(7)}", f"L{digits(8)}"])
    p.port_sn = pick([f"PAS{digits(7)}", f"SN{digits(2)}{pick('ABCDEFGH')}{digits(6)}", f"{pick('BGKM')}{digits(9)}"])
    p.port_lot = pick([f"REAV{digits(4)}", f"{p.base.year % 100}{pick('ABCDEFGHJK')}{digits(4)}", f"LOT{digits(6)}"])
    p.picc_lot = pick([f"{p.base.year % 100}{digits(2)}{pick('ABCD')}{digits(3)}", f"MJ{digits(6)}"])
    p.pump = pick([f"HX-{digits(7)}", f"ZB{digits(8)}", f"WZB-{digits(6)}"])
    p.dx = pick(CN_DX)
    p.cycle = R.randint(2, 8)
    return p

def make_en(k):
    p = Pt(); p.lang = "en"; p.pid = f"EN{k:03d}"
    p.male = R.random() < 0.5
    p.name = en_name("M" if p.male else "F", pick(["plain", "plain", "plain", "mid"]))
    p.his = "his" if p.male else "her"; p.he = "he" if p.male else "she"
    p.old = (k % 3 == 1)
    p.age = R.randint(90, 99) if p.old else R.randint(31, 86)
    p.base = rdate(2021, 2024)
    p.birth = DT.date(p.base.year - p.age, R.randint(1, 12), R.randint(1, 28))
    city, stt, zp, area = pick(EN_CITIES)
    p.zip = zp + digits(2)
    p.street = f"{R.randint(12, 9870)} {pick(STREETS)}"
    p.apt = pick(["Apt 3B", "Unit 12", "Apt 404", "#7C", "Apt 2F", "Suite 110"]) if R.random() < 0.6 else ""
    p.cityline = f"{city}, {stt} {p.zip}"
    p.addr1 = p.street + (f", {p.apt}" if p.apt else "")
    p.addr = f"{p.addr1}, {p.cityline}"
    p.area = area
    p.phone = en_phone(area); p.phone2 = en_phone(area)
    p.ssn = f"{R.randint(100, 665):03d}-{R.randint(10, 99):02d}-{R.randint(1000, 9999):04d}"
    p.mrn = pick([digits(8), f"MRN{digits(7)}", f"{digits(3)}-{digits(2)}-{digits(3)}", f"E{digits(9)}"])
    p.csn = digits(10)
    p.ins = pick(EN_INS)
    p.member = pick([f"W{digits(9)}", f"{pick('XYZ')}{pick('ABCDEFGH')}{pick('KLMNPQ')}{digits(9)}", f"{R.randint(1,9)}{pick('EGKMP')}{pick('ACDEFGHJK')}{R.randint(1,9)}-{pick('ACDEFGHJK')}{pick('ACDEFGHJK')}{R.randint(1,9)}-{pick('ACDEFGHJK')}{pick('ACDEFGHJK')}{digits(2)}"])
    p.passport = pick([f"E{digits(8)}", f"G{digits(7)}", f"{digits(9)}"])
    p.email = f"{slug(first(p.name))}.{slug(last(p.name))}{digits(2)}@{pick(['gmail.com','yahoo.com','outlook.com','comcast.net','icloud.com'])}"
    p.rel_type = pick(["daughter", "son", "wife", "husband", "niece", "partner", "granddaughter"])
    p.rel_name = en_name("F" if p.rel_type in ("daughter", "wife", "niece", "granddaughter") else "M", "plain")
    if p.rel_type in ("daughter", "son", "granddaughter") and R.random() < 0.6:
        fn = first(p.rel_name)
        p.rel_name = f"{fn} {last(p.name)}"
        used_en.add(p.rel_name); PARTS[p.rel_name] = (fn, last(p.name))
    p.rel_phone = en_phone(area)
    p.hosp = pick(EN_HOSP)
    st = staff(p.hosp, "en")
    p.doc, p.doc2 = R.sample(st["doc"], 2)
    p.nurse, p.nurse2 = R.sample(st["nurse"], 2)
    p.tech = pick(st["tech"]); p.pharm = st["pharm"][0]
    p.hosp_phone = en_phone(area)
    p.hosp_addr = f"{R.randint(100, 4500)} {pick(['Medical Center Dr', 'University Ave', 'Hospital Pkwy', 'Health Sciences Blvd'])}, {city}, {stt} {zp}{digits(2)}"
    p.acc = pick([f"S{p.base.year % 100}-{R.randint(1000, 39999)}", f"SP-{p.base.year}-{digits(6)}", f"{digits(3)}-{digits(2)}-{digits(4)}A"])
    p.port_sn = pick([f"RAV{digits(6)}", f"SN {digits(8)}", f"PJN{digits(6)}S"])
    p.lot = pick([f"REAV{digits(4)}", f"{pick('ABCDEFGH')}{digits(2)}{pick('ABCDEFGH')}{digits(4)}"])
    p.pump = pick([f"CADD-{digits(7)}", f"{digits(2)}-{digits(6)}", f"SAP{digits(6)}"])
    p.dx = pick(EN_DX)
    p.cycle = R.randint(2, 8)
    return p

def later(p, lo=3, hi=400):
    return p.base + DT.timedelta(days=R.randint(lo, hi))

def zh_age(p, style=None):
    """return age string (marked if >89) in Chinese."""
    a = p.age
    if style == "cnnum" and a >= 90:
        s = cn_small(a) + "岁"
    elif style == "zhou":
        s = f"{a}周岁"
    else:
        s = f"{a}岁"
    return AG(s) if a >= 90 else s

def zh_age_num(p):
    return AG(str(p.age)) if p.age >= 90 else str(p.age)

def zfam(p):
    """a family-history sentence possibly with old age"""
    a = R.randint(90, 99) if R.random() < 0.55 else R.randint(60, 88)
    who = pick(["母亲", "父亲", "外婆"])
    s = AG(f"{a}岁") if a >= 90 else f"{a}岁"
    return f"{who}{s}，{pick(['健在', '患高血压', '因胃癌去世', '患2型糖尿病'])}"

# =============================================================== Chinese formats
def other_pt():
    nm = cn_name()
    return nm, R.randint(1, 48), R.randint(35, 88)

def zh_handover(p):
    d = later(p); st = staff(p.hosp, "zh")
    o1, o2 = other_pt(), other_pt()
    n_from, n_to = p.nurse, p.nurse2
    lines = [f"{O(p.hosp)}  {O(p.dept)}  护理交班记录",
             f"交班日期：{zd(d)}   夜班 {pick(['00:00-08:00', '17:00-08:00'])}   交班护士：{N(n_from)}   接班护士：{N(n_to)}",
             "原有 42 人，入院 2 人，出院 3 人，现有 41 人；病危 1 人，一级护理 6 人。", ""]
    body = (f"{RN(str(p.bed) + '床')} {N(p.name)}，{p.sex}，{zh_age(p)}，{p.dx['dx']}，{p.dx['drug']}第{p.cycle}周期后第{R.randint(2, 9)}天。"
            f"夜间{N(p.name)}诉恶心2次，予甲氧氯普胺10mg肌注后缓解；体温最高38.3℃，已抽血培养，血常规示WBC 1.8×10^9/L。"
            f"右上臂PICC（导管批号{DV(p.picc_lot)}）回血好，敷料干燥。{pick(['其', '患者'])}{p.rel_type}{N(p.rel_name)}陪护，"
            f"已告知留取晨尿，如有问题联系{P(fmt_mobile(p.rel_mob))}。")
    if R.random() < 0.5:
        body += f"凌晨{R.randint(1, 5)}:{R.randint(10, 59)}{N(p.doc2)}医师查看患者后嘱加用G-CSF。"
    else:
        body += f"{N(p.doc)}主任嘱今晨复查血钾，上级医院会诊意见暂不需要。"
    o_body1 = (f"{RN(str(o1[1]) + '床')} {N(o1[0])}，{o1[2]}岁，霍奇金淋巴瘤ABVD方案化疗中，夜间睡眠可，无特殊。")
    o_body2 = (f"{RN(str(o2[1]) + '床')} {N(o2[0])}，新入院，{o2[2]}岁，左肺上叶占位待查，SUVmax 8.5，"
               f"明日行CT引导下穿刺，已签字，{pick(['家属', '家属及患者'])}知情。")
    items = [body, o_body1, o_body2]; R.shuffle(items)
    lines += [f"{i + 1}. {x}" for i, x in enumerate(items)]
    lines += ["", f"重点：输液港（序列号{DV(p.port_sn)}）维护按时；安宁疗护病房床位紧张，需提前预约。",
              f"交接人签名：{N(n_from)} / {N(n_to)}    护士长：{N(pick(st['nurse']))}"]
    return "\n".join(lines)

def zh_transfusion(p):
    d = later(p); st = staff(p.hosp, "zh")
    bag1 = f"{p.code[1:]}{d.year % 100}{digits(6)}"; bag2 = f"{p.code[1:]}{d.year % 100}{digits(6)}"
    t1 = hm()
    lines = [f"{O(p.hosp)} 输血记录单", "",
             f"姓名：{N(p.name)}   性别：{p.sex}   年龄：{zh_age(p)}   科室：{O(p.dept)}   床号：{RN(p.bed)}",
             f"住院号：{RN(p.zhuyuan)}   血型：{pick(['A', 'B', 'O', 'AB'])}型 Rh(D)阳性   输血前Hb：{R.randint(52, 68)}g/L   PLT：{R.randint(8, 40)}×10^9/L",
             f"临床诊断：{p.dx['dx']}，化疗后骨髓抑制（IV度）",
             f"配血单号：{RN('PX' + digits(8))}    交叉配血：主侧、次侧均无凝集",
             "",
             "输注成分        规格    血袋编号             有效期至",
             f"悬浮红细胞      2U      {RN(bag1)}         {zd(d + DT.timedelta(days=R.randint(10, 30)), 'iso')}",
             f"单采血小板      1治疗量 {RN(bag2)}         {zd(d + DT.timedelta(days=3), 'iso')}",
             "",
             f"输血开始：{zd(d, pick(['iso', 'cn']))} {t1}   前15分钟滴速15滴/分，后调至40滴/分",
             f"输血结束：{zd(d, pick(['iso', 'cn', 'md']))} {hm()}   输血反应：无",
             f"床旁双人核对：{N(p.nurse)}、{N(p.nurse2)}    执行医师：{N(p.doc2)}",
             f"发血者（输血科）：{N(p.tech)}   取血者：{N(cn_name())}",
             f"备注：患者{pick(['既往无输血史', '2年前因Paget病术中输血1次，无反应'])}。{p.rel_type}{N(p.rel_name)}已签署输血治疗知情同意书。"]
    return "\n".join(lines)

def grid(labels, values, layout):
    if layout == "md":
        return "| " + " | ".join(labels) + " |\n|" + "|".join(["---"] * len(labels)) + "|\n| " + " | ".join(values) + " |"
    if layout == "tsv":
        return "\t".join(labels) + "\n" + "\t".join(values)
    if layout == "fixed":
        ws = [max(len(l) * 2, len(vis(v))) + 2 for l, v in zip(labels, values)]
        h = "".join(l + " " * max(1, w - len(l) * 2) for l, w in zip(labels, ws))
        r = "".join(ljust(v, w) for v, w in zip(values, ws))
        return h.rstrip() + "\n" + r.rstrip()
    if layout == "stack":
        return "\n".join(f"{l}\n{v}" for l, v in zip(labels, values))
    raise ValueError

def zh_consult(p):
    d = later(p); layout = pick(["md", "tsv", "fixed", "stack"])
    labels = ["姓名", "性别", "年龄", "科室", "床号", "住院号", "申请日期"]
    values = [N(p.name), p.sex, zh_age(p), O(p.dept), RN(p.bed), RN(p.zhuyuan), zd(d, pick(["iso", "slash", "dot"]))]
    labels2 = ["申请医师", "联系电话", "会诊类型", "病案号"]
    values2 = [N(p.doc2), P(fmt_land(p.hcode, digits(8 if len(p.hcode) == 3 else 7), pick(["dashext", "dash"]))), pick(["普通", "急会诊"]), RN(p.bingan)]
    out = [f"{O(p.hosp)}", "会诊申请单", "", grid(labels, values, layout), "", grid(labels2, values2, layout), ""]
    out.append(f"病情摘要：患者{pick(['因', '于'])}{zd(p.base, pick(['ym', 'cn', 'short']))}在{O(p.local)}发现{p.dx['dx']}，"
               f"病理（{O(p.hosp)}病理号{RN(p.bingli)}）示{p.dx['ihc']}，基因检测{p.dx['gene']}。现行{p.dx['drug']}第{p.cycle}周期，"
               f"{zd(d - DT.timedelta(days=R.randint(1, 5)), pick(['md', 'mds']))}起出现{pick(['咳嗽咳痰加重', '双下肢水肿', '血糖控制不佳', '心悸、胸闷'])}。{p.dx['extra']}。")
    out.append(f"会诊目的：特请{pick(['心内科', '内分泌科', '呼吸科', '营养科'])}会诊，协助诊治。患者{p.rel_type}{N(p.rel_name)}希望尽快安排。")
    out.append(f"会诊意见：同意主管医师意见，建议完善BNP及心脏彩超，必要时转上级医院。  会诊医师：{N(cn_name())}  {zd(d + DT.timedelta(days=1), pick(['iso', 'cn']))} {hm()}")
    return "\n".join(out)

def zh_path_req(p):
    d = later(p, 1, 60)
    bc = digits(13)
    spec = f"S{d.strftime('%y%m%d')}{digits(4)}"
    lines = [f"{O(p.hosp)}病理科", "病理检查申请单", f"*{RN(bc)}*", f"条码号：{RN(bc)}        标本号：{RN(spec)}", "",
             f"姓名 {N(p.name)}  性别 {p.sex}  年龄 {zh_age(p)}  门诊号/住院号 {RN(p.zhuyuan)}  床号 {RN(p.bed)}",
             f"送检科室 {O(p.dept)}  送检医师 {N(p.doc2)}  联系电话 {P(fmt_mobile(cn_mobile(), pick(['plain', 'dash'])))}",
             f"送检日期 {zd(d, pick(['iso', 'dot', 'compact']))}  标本离体时间 {hm()}  固定时间 {hm()}  固定液 10%中性福尔马林",
             "",
             f"临床病史：{p.dx['extra']}。{zd(p.base - DT.timedelta(days=R.randint(10, 90)), pick(['ym', 'cn']))}外院（{O(p.local)}）"
             f"胃镜/CT提示占位，大小约{R.randint(15, 55) / 10}×{R.randint(10, 40) / 10}cm。",
             f"既往病理：{RN(p.bingli)}（本院）",
             f"手术/操作：{pick(['根治性切除术', '穿刺活检', '淋巴结切除活检', '内镜下活检'])}，送检淋巴结{R.randint(8, 25)}枚。",
             f"临床诊断：{p.dx['dx']}  ICD-10：{p.dx['icd']}",
             "标本：1.原发灶  2.第7组淋巴结  3.切缘",
             f"申请医生签名：{N(p.doc2)}      接收人：{N(p.tech)}   接收时间：{zd(d, 'mds')} {hm()}"]
    if p.old: lines.insert(6, f"注：高龄患者（{zh_age(p, 'cnnum')}），家属{N(p.rel_name)}代签知情同意。")
    return "\n".join(lines)

def zh_fee(p):
    d = later(p); days = R.randint(5, 21)
    adm = d - DT.timedelta(days=days)
    settle = f"{p.area[:4]}{d.strftime('%Y%m%d')}{digits(6)}"
    inv = digits(10)
    rows = [("床位费", "天", days, 50.0), ("安维汀（贝伐珠单抗注射液）100mg", "支", 4, 1334.0), ("可瑞达（帕博利珠单抗）100mg", "瓶", 2, 17918.0),
            ("血常规+CRP", "次", 4, 35.0), ("胸部增强CT", "次", 1, 480.0), ("EGFR/ALK/ROS1基因检测", "次", 1, 3500.0), ("静脉用药集中调配", "组", 12, 8.0)]
    R.shuffle(rows); rows = rows[:5]
    lines = [f"{O(p.hosp)}住院费用清单（明细）", "",
             f"姓名：{N(p.name)}  住院号：{RN(p.zhuyuan)}  科室：{O(p.dept)}  床号：{RN(p.bed)}",
             f"入院日期：{zd(adm, 'iso')}  出院日期：{zd(d, 'iso')}  住院天数：{days}",
             f"医保类型：{pick(['城镇职工基本医疗保险', '城乡居民基本医疗保险', '异地医保直接结算'])}  医保卡号：{I(p.yibao)}",
             f"医保结算号：{RN(settle)}  电子票据号码：{RN(inv)}", "",
             "项目名称                              单位  数量   单价      金额"]
    tot = 0
    for nm, u, q, pr in rows:
        tot += q * pr
        lines.append(f"{nm:<30}{u:<4}{q:<6}{pr:<10.2f}{q * pr:.2f}")
    lines.append(f"{'植入式给药装置（输液港）':<26}套  1     6800.00   6800.00")
    lines.append(f"    产品序列号：{DV(p.port_sn)}  批号：{DV(p.port_lot)}")
    tot += 6800
    lines += ["", f"合计：{tot:.2f}元   统筹支付：{tot * 0.62:.2f}元   个人自付：{tot * 0.38:.2f}元",
              f"打印人：{N(cn_name())}   打印时间：{zd(d, pick(['cn', 'slash']))} {hm()}   收费处电话：{P(p.hosp_tel)}"]
    return "\n".join(lines)

def zh_critical(p):
    d = later(p)
    st = staff(p.hosp, "zh")
    rows = []
    CV = [("血钾", "2.6mmol/L", "已予补钾处理"), ("血小板", "9×10^9/L", "已输注血小板"), ("血糖", "1.9mmol/L", "已静推50%葡萄糖"),
          ("中性粒细胞绝对值", "0.2×10^9/L", "已予G-CSF并保护性隔离"), ("血钠", "118mmol/L", "已限水并补钠"),
          ("肌酐", "612μmol/L", "已请肾内科会诊"), ("血钙", "3.4mmol/L", "已予水化及唑来膦酸"), ("APTT", ">180s", "已暂停肝素"),
          ("血红蛋白", "48g/L", "已申请输注悬浮红细胞"), ("血培养", "革兰阴性杆菌（需氧瓶报阳）", "已升级抗生素")]
    entries = [(p.name, p.bed, p.zhuyuan) + pick(CV[:5])]
    for _ in range(R.randint(1, 3)):
        entries.append((cn_name(), R.randint(1, 48), digits(8)) + pick(CV[5:]))
    R.shuffle(entries)
    cur = d
    lines = [f"{O(p.hosp)}检验科  危急值报告登记本  第{R.randint(3, 40)}册", ""]
    style = pick(["prose", "table"])
    if style == "table":
        lines.append("日期|时间|患者姓名|床号|住院号|项目|结果|报告人|接收人|通知医师|处理")
    mins = sorted(R.randint(7 * 60, 21 * 60) for _ in entries)
    for (nm, bed, zy, item, val, act), m0 in zip(entries, mins):
        rep, rec, docn = pick(st["tech"]), pick(st["nurse"]), pick(st["doc"])
        t0 = f"{m0 // 60:02d}:{m0 % 60:02d}"; m1 = m0 + R.randint(3, 15); t1 = f"{m1 // 60:02d}:{m1 % 60:02d}"
        if style == "table":
            lines.append(f"{zd(cur, pick(['iso', 'mds', 'dot']))}|{t0}|{N(nm)}|{RN(str(bed) + '床')}|{RN(zy)}|{item}|{val}|{N(rep)}|{N(rec)}|{N(docn)}|{act}")
        else:
            lines.append(f"{zd(cur, pick(['md', 'iso', 'mds']))} {t0} 检验科{N(rep)}电话通知{R.randint(3, 20)}病区护士{N(rec)}："
                         f"{RN(str(bed) + '床')}{N(nm)}（住院号{RN(zy)}）{item}{val}，已复述确认；{t1}报告{N(docn)}医师，{act}。")
    lines += ["", f"本页核查：{N(pick(st['tech']))}  科室电话 {P(fmt_land(p.hcode, digits(8 if len(p.hcode) == 3 else 7), 'dashext'))}"]
    return "\n".join(lines)

def zh_call(p):
    d = later(p, 30, 600)
    nxt = d + DT.timedelta(days=R.randint(7, 40))
    newmob = cn_mobile()
    spk_doc = pick(["医生", "随访员", "护士"])
    fam = pick(["家属", p.rel_type])
    lines = [f"【随访电话录音转写】 文件：REC{digits(6)}.wav  时长 06:{R.randint(10, 59)}", "",
             f"{spk_doc}：喂，您好，这里是{O(p.hosp)}{pick(['随访中心', '肿瘤内科'])}，请问是{N(p.name)}的家属吗？",
             f"{fam}：对对，我是{pick(['她', '他'])}{p.rel_type}，我叫{N(p.rel_name)}。",
             f"{spk_doc}：{N(last_zh(p.rel_name))}{pick(['女士', '先生'])}您好，{N(p.name)}最近吃{p.dx['drug'].split('（')[0]}怎么样？",
             f"{fam}：还行，就是{zd(d - DT.timedelta(days=R.randint(3, 20)), 'md2')}那阵子拉肚子，在{O(p.local)}挂了两天水。",
             f"{spk_doc}：当时查了血常规吗？血小板多少？",
             f"{fam}：查了，说是八十几。{pick(['当地医生', '那边的大夫'])}说问题不大。",
             f"{spk_doc}：好的。按计划{zd(nxt, pick(['md', 'md2']))}要回来复查CT，能来吗？",
             f"{fam}：能来。对了，我手机号换了，新号是{P(fmt_mobile(newmob, pick(['space', 'plain'])))}，原来那个{P(p.rel_mob[-4:] if False else fmt_mobile(p.rel_mob))}不用了。",
             f"{spk_doc}：好，我记一下。地址还是{A(p.addr_short if R.random() < 0.5 else p.addr)}吗？",
             f"{fam}：{pick(['是的', '没变', '对，还在那儿'])}。"]
    if p.old:
        lines.append(f"{spk_doc}：老人家今年{zh_age(p)}了，行动方便吗？需要的话可以先到{O(p.local)}抽血。")
        lines.append(f"{fam}：腿脚还行，{pick(['我陪他来', '我陪她来'])}。")
    lines += [f"{spk_doc}：那就这样，有事打我们科室电话{P(p.hosp_tel)}，找{N(p.doc)}{pick(['主任', '医生'])}也行。",
              f"{fam}：好嘞，谢谢{N(last_zh(p.doc))}医生，再见。", "",
              f"转写人：{N(cn_name())}    校对：{N(p.nurse)}    随访日期：{zd(d, 'iso')}"]
    return "\n".join(lines)

def last_zh(n):
    if "·" in n: return n.split("·")[0]
    for r in RARE:
        if n.startswith(r) and len(r) == 2: return r
    return n[0]

def zh_diary(p):
    d0 = later(p, 1, 200)
    fam = cn_name()
    k0 = R.randint(0, 2)
    pool = [
        f"今天去{O(p.hosp)}打第{p.cycle}次{p.dx['drug'].split('（')[0].split('+')[0]}，{N(p.doc)}医生说CT上肿瘤缩小了一点，{p.dx['tnm']}这些我也看不太懂。{N(p.rel_name)}一直陪着我。",
        f"昨晚发烧到38.6度，{N(p.rel_name)}半夜打了{N(p.nurse)}护士留的电话{P(fmt_mobile(cn_mobile(), pick(['plain', 'dash'])))}，让先吃退烧药。邻居推荐的王氏保赤丸没敢吃。",
        f"下午和{N(fam)}通了电话，{pick(['他', '她'])}也是{p.dx['dx'].split('（')[0]}，在病友群里认识的，说{p.dx['gene'].split('，')[0]}的药效果不错。",
        f"输液港的小卡片上写着编号{DV(p.port_sn)}，护士说每个月要冲一次管，别弄丢了。",
        f"手机上收到报告链接 {C('https://m.' + pick(['hnca', 'zlyy', 'cicams', 'fudan-zl']) + '.cn/r/' + digits(6) + pick('abcdefgh') + digits(2))}，密码是身份证后六位，打开看了看血常规都正常。",
        f"{p.rel_type}{N(p.rel_name)}今天从外地回来，带我去{O(p.local)}复查，顺便办了慢特病卡。",
        f"一个人在家，想起{zd(p.base, 'ym')}刚确诊时候的事。{pick(['霍奇金', 'Cushing', 'Hodgkin'])}这些名词现在听着都不怕了。",
        f"昨晚{N(p.name)}这个名字又出现在叫号屏上，我才反应过来今天是复查的日子。{N(p.doc2)}看了片子说肝S7段那个小结节稳定。",
    ]
    R.shuffle(pool)
    entries = []
    cur = d0
    for k in range(R.randint(3, 4)):
        cur = cur + DT.timedelta(days=R.randint(1, 21))
        head = zd(cur, pick(["cn", "cn", "slash", "cnnum", "md"])) + " " + pick(["晴", "阴", "小雨", "多云", ""])
        entries.append(head.rstrip() + "\n" + pool[k])
    out = f"我的抗癌日记（{N(p.name)}）\n\n" + "\n\n".join(entries)
    if p.old: out += f"\n\n今年我{zh_age(p)}了，能活到现在已经知足。"
    return out

NICKS = ["向日葵", "风雨彩虹", "肺腺癌三年老兵", "平安是福", "海阔天空", "小太阳", "坚持就是胜利", "明天会更好", "静待花开", "老树新芽"]
def zh_groupchat(p):
    d = later(p)
    nick = pick(NICKS); others = R.sample([n for n in NICKS if n != nick], 3)
    other_real = cn_name()
    grp = {"C34": "肺癌", "C50": "乳腺癌", "C18": "肠癌", "C16": "胃癌", "C22": "肝癌", "C81": "淋巴瘤", "C15": "食管癌", "C83": "淋巴瘤", "C11": "鼻咽癌", "C56": "卵巢癌", "C25": "胰腺癌"}[p.dx["icd"][:3]]
    t = [f"{grp}病友互助{R.randint(1, 9)}群（{R.randint(120, 498)}）", f"—— {zd(d, pick(['cn', 'md']))} ——"]
    msgs = [
        (others[0], f"@{nick} 你上次说的那个{N(p.doc)}主任，在{O(p.hosp)}几楼看专家门诊？"),
        (nick, f"门诊{R.randint(2, 6)}楼，周二上午。我是{N(p.rel_name)}，我{'爸' if p.male else '妈'}{N(p.name)}一直在那看，有问题可以加我微信{C(p.wechat)}") if p.old else
        (nick, f"门诊{R.randint(2, 6)}楼，周二上午。我是{N(p.name)}，大家叫我{N(last_zh(p.name))}{'哥' if p.male else '姐'}就行，有问题可以加我微信{C(p.wechat)}"),
        (others[1], f"{pick(['我家老爷子', '我妈'])}吃{p.dx['drug'].split('（')[0]}三个月了，ALT有点高，正常吗？"),
        (nick, f"我{'爸' if p.male else '妈'}也是{p.dx['gene'].split('，')[0]}，护肝片一起吃的。上次{N(p.doc2)}医生给开的，肝功能都还行") if p.old else
        (nick, f"我也是{p.dx['gene'].split('，')[0]}，护肝片一起吃的。上次{N(p.rel_name)}陪我去复查，肝功能都还行"),
        (others[2], f"隔壁床的{N(pick(['李某', '王某某', '张某']))}出院了，说去{O(p.local)}继续化疗，离家近"),
        (others[0], f"听说{N(other_real)}走了，{zd(d - DT.timedelta(days=R.randint(2, 9)), pick(['md', 'md2']))}的事，唉"),
        (nick, "大家都要好好的🙏 Ki-67高也不用怕，规律复查"),
        (others[1], f"谢谢！我QQ是{C(p.qq if R.random() < 0.5 else str(R.randint(10 ** 7, 10 ** 10)))}，群里消息太多容易漏"),
    ]
    if p.old:
        msgs.append((nick, f"我{'爸' if p.male else '妈'}今年{zh_age(p)}了，医生说这个年纪{p.dx['drug'].split('（')[0]}要减量，大家有经验吗"))
    tm = sorted(R.randint(8 * 60, 23 * 60) for _ in msgs)
    for (who, m), x in zip(msgs, tm):
        t.append(f"[{x // 60:02d}:{x % 60:02d}] {who}：{m}")
    return "\n".join(t)

def zh_json(p):
    d = later(p)
    ip = f"10.{R.randint(1, 250)}.{R.randint(1, 250)}.{R.randint(2, 250)}"
    fields = [
        ("subjectId", RN(f"CRC-{p.area[:2]}-{digits(4)}")),
        ("patientName", N(p.name)),
        ("gender", "M" if p.male else "F"),
        ("age", zh_age_num(p)),
        ("birthDate", zd(p.birth, "iso")),
        ("idCard", I(p.idno)),
        ("mobile", P(p.mob)),
        ("address", A(p.addr)),
        ("inpatientNo", RN(p.zhuyuan)),
        ("hospital", O(p.hosp)),
        ("diagnosis", p.dx["dx"]),
        ("icd10", p.dx["icd"]),
        ("tnm", p.dx["tnm"].split()[0]),
        ("gene", p.dx["gene"]),
        ("ki67", "30%"),
        ("firstTreatDate", zd(p.base, pick(["iso", "compact"]))),
        ("attendingDoctor", N(p.doc)),
        ("email", C(p.email)),
        ("exportedBy", N(p.tech)),
        ("exportIp", C(ip)),
    ]
    if R.random() < 0.5:
        R.shuffle(fields)
    num_keys = {"age"}
    body = ",\n".join(f'      "{k}": {v}' if k in num_keys else f'      "{k}": "{v}"' for k, v in fields)
    return ("// 科研平台导出 " + f"export_batch{digits(3)}.json (截取)\n"
            + "{\n  \"project\": \"真实世界研究-" + p.dx["icd"] + "\",\n  \"records\": [{\n" + body + "\n  }]\n}")

def zh_xml(p):
    d = later(p)
    cases = [f"  <Case id=\"{RN('EMR' + digits(9))}\">",
             f"    <PatientName>{N(p.name)}</PatientName>",
             f"    <Sex>{p.sex}</Sex><Age>{zh_age(p)}</Age>",
             f"    <IdCard type=\"{pick(['居民身份证', '护照'])}\">{I(p.idno) if R.random() < 0.6 else I(p.passport)}</IdCard>",
             f"    <HkMacauPass>{I(p.hkpass)}</HkMacauPass>" if R.random() < 0.5 else f"    <InsuranceCard>{I(p.yibao)}</InsuranceCard>",
             f"    <Contact rel=\"{p.rel_type}\"><Name>{N(p.rel_name)}</Name><Tel>{P(fmt_mobile(p.rel_mob, pick(['p86', '0086', 'plain'])))}</Tel></Contact>",
             f"    <HomeAddr zip=\"{A(p.pc)}\">{A(p.addr)}</HomeAddr>",
             f"    <Visit date=\"{zd(d, 'iso')}\" dept=\"{O(p.dept)}\" org=\"{O(p.hosp)}\">",
             f"      <Dx code=\"{p.dx['icd']}\">{p.dx['dx']}</Dx>",
             f"      <PathNo>{RN(p.bingli)}</PathNo><ImageNo>{RN('CT' + d.strftime('%Y%m%d') + digits(4))}</ImageNo>",
             f"      <Note>患者{zd(p.base, 'ym')}确诊，{p.dx['extra']}。{N(p.doc)}建议继续{p.dx['drug']}。</Note>",
             "    </Visit>",
             "  </Case>"]
    return f"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- 肿瘤专病库 导出时间 " + zd(d, 'iso') + f" {hm()} -->\n<Export>\n" + "\n".join(cases) + "\n</Export>"

def zh_meds(p):
    d = later(p)
    meds = [(p.dx["drug"].split("（")[0] if "（" in p.dx["drug"] else "奥希替尼片", "按医嘱", "28天"), ("昂丹司琼片 8mg", "口服 bid prn", "6片"),
            ("复方甘草酸苷片 75mg", "口服 tid", "14天"), ("地塞米松片 0.75mg", "按预处理方案", "9片"), ("奥美拉唑肠溶胶囊 20mg", "口服 qd", "14天")]
    R.shuffle(meds)
    lines = [f"{O(p.hosp)}  出院带药清单", "",
             f"姓名：{N(p.name)}   年龄：{zh_age(p)}   住院号：{RN(p.zhuyuan)}   科室：{O(p.dept)}",
             f"出院日期：{zd(d, pick(['cn', 'iso', 'cnnum']))}   出院诊断：{p.dx['dx']}（{p.dx['icd']}）", "",
             "序号  药品名称及规格               用法用量           数量"]
    for i, (a, b, c) in enumerate(meds[:4], 1):
        lines.append(f"{i:<6}{a:<26}{b:<16}{c}")
    if R.random() < 0.5:
        lines.append(f"5     便携式化疗输注泵（编号{DV(p.pump)}）带回家，48小时后返院拆泵")
    lines += ["", f"用药交代：{p.dx['drug']}需空腹服用，如出现皮疹、腹泻≥4次/日请及时就诊。Ki-67等指标下次门诊复查。",
              f"调配药师：{N(p.pharm)}   核对药师：{N(pick(WORDNAMES[:6]) if False else cn_name())}   领药人：{N(p.rel_name)}（{p.rel_type}）",
              f"用药咨询电话：{P(fmt_land(p.hcode, digits(8 if len(p.hcode) == 3 else 7), 'dashext'))}   下次复诊：{zd(d + DT.timedelta(days=21), pick(['md', 'iso']))}"]
    return "\n".join(lines)

def zh_sms(p):
    d = later(p)
    card = pick([f"{digits(10)}", f"JZK{digits(8)}"])
    msgs = []
    n = R.randint(2, 4)
    cur = d
    url = f"https://{pick(['wx', 'm', 'app'])}.{pick(['hnca', 'shca', 'sysucc', 'cicams', 'tjmuch'])}.org.cn/{pick(['yy', 'appt', 'q'])}/{digits(8)}"
    for k in range(n):
        cur = cur + DT.timedelta(days=R.randint(0, 6))
        kind = k % 4
        if kind == 0:
            s = (f"【{O(p.hosp)}】{N(p.name)}您好，您已成功预约{zd(cur + DT.timedelta(days=5), pick(['md', 'iso', 'cn']))} 上午{R.randint(8, 11)}:{pick(['00', '30'])}"
                 f"{pick(['肿瘤内科', '乳腺外科', '放疗科'])}{N(p.doc)}专家门诊，就诊序号{R.randint(1, 40)}，就诊卡号{RN(card)}。请提前30分钟到门诊{R.randint(1, 5)}楼自助机签到。")
        elif kind == 1:
            s = f"【{O(p.hosp)}】检查预约：{N(p.name)}，胸腹部增强CT，检查号{RN('CT' + digits(9))}，时间{zd(cur + DT.timedelta(days=2), 'iso')} {hm()}，检查前禁食4小时。详情 {C(url)}"
        elif kind == 2:
            s = f"【{O(p.hosp)}】温馨提示：{N(p.name)}的家属{N(p.rel_name)}，患者住院押金余额不足，请至住院收费处缴费，咨询{P(p.hosp_tel)}。"
        else:
            s = f"【{O(p.hosp)}】{N(p.name)}您好，您的病理报告（病理号{RN(p.bingli)}）已发布，请凭身份证原件到病理科领取。回复TD退订"
        msgs.append(f"{zd(cur, pick(['mds', 'md', 'iso']))} {hm()}\n{s}")
    return f"发件人：{P('1069' + digits(8))}\n收件人：{P(fmt_mobile(p.mob, pick(['plain', 'p86s'])))}\n\n" + "\n\n".join(msgs)

def zh_checkup(p):
    d = later(p)
    emp = pick(EMPLOYERS)
    center = pick(["美年大健康体检中心", "爱康国宾体检中心", f"{p.hosp}健康管理中心", "慈铭体检中心"])
    lines = [f"{O(center)}", "健康体检报告", "",
             f"体检编号：{RN(d.strftime('%y%m%d') + digits(5))}",
             f"姓    名：{N(p.name)}        性别：{p.sex}      年龄：{zh_age(p)}",
             f"身份证号：{I(p.idno)}",
             f"单    位：{O(emp)}",
             f"联系电话：{P(fmt_mobile(p.mob))}",
             f"体检日期：{zd(d, pick(['iso', 'cn', 'dot']))}      报告日期：{zd(d + DT.timedelta(days=R.randint(3, 10)), pick(['iso', 'cn', 'dot']))}",
             f"主检医师：{N(cn_name())}    总检医师：{N(cn_name())}", "",
             "【重要异常结果】",
             f"1. 低剂量胸部CT：{pick(['右肺上叶', '左肺下叶'])}磨玻璃结节，大小约{R.randint(6, 18)}mm，Lung-RADS 4A类。",
             f"2. 肿瘤标志物：CEA {R.randint(6, 30)}.{R.randint(0, 9)}ng/mL↑，CA19-9 {R.randint(10, 36)}U/mL。",
             "3. 甲状腺结节 TI-RADS 3类；幽门螺杆菌C13呼气试验阳性。",
             "建议：尽快至上级医院胸外科或肿瘤专科就诊。",
             "",
             f"报告寄送地址：{A(p.addr)}  邮编：{A(p.pc)}",
             f"电子报告已发送至：{C(p.email)}"]
    return "\n".join(lines)

def zh_frontpage(p):
    d = later(p, 20, 400); days = R.randint(6, 25); adm = d - DT.timedelta(days=days)
    emp = pick(EMPLOYERS)
    rel_addr = p.addr if R.random() < 0.6 else pick(REGIONS)[0] + pick(["中山路", "人民路", "解放路"]) + f"{R.randint(1, 300)}号"
    bp = p.prefix
    hk = p.addr if R.random() < 0.5 else pick(RURAL)[0] + "城关镇" + f"{pick(['东关', '西街', '南门'])}村"
    f = []
    f.append(f"医疗机构 {O(p.hosp)}")
    f.append("                住 院 病 案 首 页")
    f.append(f"医疗付费方式：{R.randint(1, 8)}   健康卡号：{I(p.yibao)}   第 {R.randint(1, 9)} 次住院   病案号：{RN(p.bingan)}")
    f.append(f"姓名 {N(p.name)}  性别 {'1' if p.male else '2'}（1.男 2.女）  出生日期 {zd(p.birth, pick(['cn', 'iso']))}  年龄 {zh_age(p)}  国籍 中国")
    f.append(f"出生地 {A(bp)}  籍贯 {p.addr[:2]}  民族 {pick(['汉族', '汉族', '维吾尔族', '回族', '土家族'])}")
    f.append(f"身份证号 {I(p.idno)}  职业 {pick(['退休', '农民', '教师', '职员', '个体'])}  婚姻 2")
    f.append(f"现住址 {A(p.addr)}  电话 {P(fmt_mobile(p.mob, pick(['plain', 'dash'])))}  邮编 {A(p.pc)}")
    f.append(f"户口地址 {A(hk)}  邮编 {A(p.pc)}")
    f.append(f"工作单位及地址 {O(emp)}  单位电话 {P(fmt_land(p.code, digits(8 if len(p.code) == 3 else 7), 'dash'))}")
    f.append(f"联系人姓名 {N(p.rel_name)}  关系 {p.rel_type}  地址 {A(rel_addr)}  电话 {P(fmt_mobile(p.rel_mob))}")
    f.append(f"入院途径 2  入院时间 {zd(adm, 'iso')} {hm()}  入院科别 {O(p.dept)}  病房 {R.randint(3, 20)}病区  转科科别 —")
    f.append(f"出院时间 {zd(d, 'iso')} {hm()}  出院科别 {O(p.dept)}  病房 {R.randint(3, 20)}病区  实际住院 {days} 天")
    f.append(f"门（急）诊诊断 {p.dx['dx']}  疾病编码 {p.dx['icd']}")
    f.append(f"出院诊断 {p.dx['dx']} {p.dx['tnm']}  入院病情 1   病理诊断 {p.dx['ihc'].split('，')[0]}  病理号 {RN(p.bingli)}")
    f.append(f"药物过敏 {pick(['无', '青霉素', '碘造影剂'])}  死亡患者尸检 —  血型 {pick(['A', 'B', 'O', 'AB'])}  Rh 阳")
    f.append(f"科主任 {N(p.chief)}  主任（副主任）医师 {N(p.doc)}  主治医师 {N(p.doc2)}  住院医师 {N(cn_name())}")
    f.append(f"责任护士 {N(p.nurse)}  进修医师 {N(cn_name())}  实习医师 {N(cn_name())}  编码员 {N(cn_name())}")
    f.append(f"病案质量 甲  质控医师 {N(cn_name())}  质控护士 {N(p.nurse2)}  质控日期 {zd(d + DT.timedelta(days=R.randint(2, 9)), pick(['cn', 'iso']))}")
    return "\n".join(f)

def zh_poa(p):
    d = later(p)
    agent, agent_rel, agent_id, agent_mob = p.rel_name, p.rel_type, p.rel_id, p.rel_mob
    lines = [f"{O(p.hosp)}", "授 权 委 托 书", "",
             f"委托人（患者）：{N(p.name)}   性别：{p.sex}   年龄：{zh_age(p)}",
             f"身份证号码：{I(p.idno)}",
             f"住址：{A(p.addr)}",
             f"联系电话：{P(fmt_mobile(p.mob))}", "",
             f"受托人：{N(agent)}   与患者关系：{agent_rel}",
             f"身份证号码：{I(agent_id)}" if R.random() < 0.7 else f"证件号码（往来港澳通行证）：{I(p.hkpass)}",
             f"联系电话：{P(fmt_mobile(agent_mob, pick(['plain', 'dash', 'p86'])))}   工作单位：{O(pick(EMPLOYERS))}", "",
             f"本人因患{p.dx['dx']}在{O(p.hosp)}{pick(['肿瘤内科', '胸外科'])}住院治疗（住院号{RN(p.zhuyuan)}），现全权委托{N(agent)}"
             f"代为行使知情同意权，包括签署手术、麻醉、输血、化疗（{p.dx['drug'].split('（')[0]}）及特殊检查同意书、病危通知书，"
             f"以及办理复印病历、医保报销等事宜。受托人的签字视同本人签字。"
             + (f"患者已{zh_age(p)}高龄，听力下降。" if p.old else ""),
             "",
             f"委托人签名：{N(p.name)}（{pick(['按手印', '签字'])}）    受托人签名：{N(agent)}",
             f"见证医师：{N(p.doc2)}    科室：{O(p.dept)}",
             f"签署日期：{zd(d, pick(['cn', 'cnnum', 'iso']))}"]
    return "\n".join(lines)

def zh_copyreq(p):
    d = later(p, 30, 500)
    who = pick(["本人", "代理人"])
    idt = pick([("护照", p.passport), ("往来港澳通行证" if p.hkpass[0] == "C" else "往来台湾通行证", p.hkpass), ("居民身份证", p.idno if who == "本人" else p.rel_id)])
    courier_addr = p.addr if R.random() < 0.6 else pick(REGIONS)[0] + pick(["建设路", "和平街"]) + f"{R.randint(1, 200)}号{pick(COMPOUNDS)}{R.randint(1, 20)}栋{R.randint(1, 30)}0{R.randint(1, 4)}室"
    lines = [f"{O(p.hosp)} 病案复印（邮寄）申请登记表", "",
             f"申请日期：{zd(d, pick(['iso', 'slash', 'cn']))}   受理号：{RN('FY' + d.strftime('%Y%m%d') + digits(3))}",
             f"患者姓名：{N(p.name)}   病案号：{RN(p.bingan)}   出院日期：{zd(d - DT.timedelta(days=R.randint(10, 200)), pick(['iso', 'ym', 'short']))}",
             f"申请人：{N(p.name if who == '本人' else p.rel_name)}（{who}）   证件类型：{idt[0]}",
             f"证件号码：{I(idt[1])}",
             f"复印用途：{pick(['商业保险理赔', '转院诊治', '医保报销', '出国就医'])}  保险公司：{O(pick(INSURERS))}",
             f"复印内容：病案首页、出院记录、病理报告（{RN(p.bingli)}）、影像报告（影像号{RN(pick(['MR', 'PET', 'CT']) + digits(8))}）",
             f"邮寄地址：{A(courier_addr)}",
             f"收件人：{N(p.rel_name)}  手机：{P(fmt_mobile(p.rel_mob))}  邮箱：{C(p.email)}", "",
             f"审核意见：材料齐全，同意复印。 经办人：{N(cn_name())}   病案科电话：{P(fmt_land(p.hcode, digits(8 if len(p.hcode) == 3 else 7), pick(['dash', 'dashext', 'paren'])))}"]
    return "\n".join(lines)

def zh_filmlog(p):
    d = later(p)
    lines = [f"{O(p.hosp)}影像科  胶片/光盘借阅交接登记", "",
             "序号 | 借阅日期 | 患者 | 影像号 | 检查号 | 检查项目 | 借阅人 | 证件号 | 电话 | 经手人"]
    rows = [(p.name, p.rel_name, p.rel_id, p.rel_mob)]
    for _ in range(R.randint(1, 2)):
        rows.append((cn_name(), cn_name(), cn_id(pick(REGIONS)[1], DT.date(R.randint(1950, 1990), R.randint(1, 12), R.randint(1, 28)), R.random() < .5, R.random() < .2), cn_mobile()))
    R.shuffle(rows)
    for i, (pn, bn, bid, bm) in enumerate(rows, 1):
        lines.append(f"{i} | {zd(d, pick(['iso', 'mds', 'short']))} | {N(pn)} | {RN('R' + digits(8))} | {RN(pick(['CT', 'MR', 'PT']) + digits(10))} | "
                     f"{pick(['PET-CT', '胸部增强CT', '上腹部MRI', '全身骨扫描'])} | {N(bn)} | {I(bid)} | {P(fmt_mobile(bm, pick(['plain', 'dash'])))} | {N(p.tech)}")
    lines += ["", f"备注：{N(p.name)}的PET-CT（SUVmax 8.5，左肺上叶）光盘由其{p.rel_type}借出，拟至{O(p.local)}会诊，约定{zd(d + DT.timedelta(days=14), pick(['md', 'md2']))}前归还。"]
    return "\n".join(lines)

def zh_mdt_wechat_bill(p):
    """居家护理随访问卷 (questionnaire with checkboxes)"""
    d = later(p)
    lines = [f"{O(p.hosp)} {O(p.dept)}  居家症状自评问卷（ESAS改良版）", "",
             f"填写人：□患者本人  ☑家属（{N(p.rel_name)}，{p.rel_type}）",
             f"患者：{N(p.name)}   登记号：{RN(p.menzhen)}   填写日期：{zd(d, pick(['cn', 'iso', 'short']))}",
             f"联系方式：{P(fmt_mobile(p.rel_mob, pick(['space', 'plain', 'p86'])))}  /  微信：{C(p.wechat)}", "",
             "1. 疼痛（0-10）：☐0 ☐2 ☑4 ☐6 ☐8 ☐10",
             "2. 乏力：☑轻 ☐中 ☐重",
             f"3. 近一周是否发热：☑是（最高38.4℃，{zd(d - DT.timedelta(days=3), 'mds')}） ☐否",
             f"4. 目前用药：{p.dx['drug']}；曲马多缓释片 100mg q12h",
             "5. 是否考虑安宁疗护：☐是 ☑否 ☐不确定",
             f"6. 其他：{pick(['晚上', '最近', '这两天'])}{N(p.name)}{pick(['睡不好', '胃口差', '咳嗽多'])}，{N(p.rel_name)}想问能否在{O(p.local)}做PICC维护（导管批号{DV(p.picc_lot)}）。",
             "",
             f"护士回访：{N(p.nurse)} {zd(d + DT.timedelta(days=1), pick(['md', 'iso']))} 已电话回复，建议本地维护，携带维护手册。"]
    if p.old: lines.insert(4, f"患者年龄：{zh_age(p)}（高龄，由家属代填）")
    return "\n".join(lines)

ZH_FORMATS = {
    "护理交班记录": zh_handover, "输血记录单": zh_transfusion, "会诊申请单(网格)": zh_consult, "病理申请单(条码)": zh_path_req,
    "住院费用清单": zh_fee, "危急值报告登记本": zh_critical, "随访电话录音转写": zh_call, "患者日记": zh_diary,
    "病友群聊天": zh_groupchat, "科研导出JSON": zh_json, "科研导出XML": zh_xml, "出院带药清单": zh_meds, "门诊预约短信": zh_sms,
    "体检报告": zh_checkup, "病案首页": zh_frontpage, "授权委托书": zh_poa, "病案复印邮寄申请": zh_copyreq,
    "影像借阅登记": zh_filmlog, "居家症状自评问卷": zh_mdt_wechat_bill,
}

# =============================================================== English formats
def en_age(p, style=None):
    a = p.age
    style = style or pick(["yo", "age", "y"])
    if style == "yo":
        s = f"{a}-year-old"
        return AG(s) if a >= 90 else s, True
    return (AG(str(a)) if a >= 90 else str(a)), False

def en_ageph(p):
    s, _ = en_age(p, "yo"); return s

def en_agenum(p):
    return AG(str(p.age)) if p.age >= 90 else str(p.age)

def sal(p): return "Mr." if p.male else pick(["Ms.", "Mrs."])

def en_tumorboard(p):
    d = later(p)
    st = staff(p.hosp, "en")
    rad, path, surg = en_name(), en_name(), en_name()
    o = en_name()
    _t = [R.randint(300, 3000)]
    def ts():
        _t[0] += R.randint(8, 90)
        return f"[00:{_t[0] // 60:02d}:{_t[0] % 60:02d}]"
    L = [f"{O(p.hosp)} - Multidisciplinary Thoracic/GI Tumor Board", f"Auto-transcript, session of {ed(d)} ({hm()}), Zoom room 4", "",
         f"{ts()} {N(p.doc)}: Okay, next case. This is {sal(p)} {N(p.name)}, MRN {RN(p.mrn)}, {en_ageph(p)} with {p.dx['dx']}.",
         f"{ts()} {N(p.doc)}: Diagnosed {ed(p.base, pick(['monyy', 'mon_year', 'us']))} at an outside hospital, {O(pick(EN_HOSP[:7]))}, {p.dx['gene']}.",
         f"{ts()} {N(rad)}: I reviewed the PET from {ed(d - DT.timedelta(days=R.randint(5, 20)), pick(['md', 'mon_day']))}. SUVmax 8.5 in the primary, down from 14. No new osseous lesions. {cap(p.dx['extra'])}.",
         f"{ts()} {N(path)}: Accession {RN(p.acc)}, {p.dx['tnm']}, margins negative, 2 of 15 nodes positive. PD-L1 22C3 TPS 40%.",
         f"{ts()} {N(surg)}: From a surgical standpoint I'd hold. {N(last(p.doc))}, what did the family say?",
         f"{ts()} {N(p.doc)}: I spoke with {N(p.rel_name)}, {p.his} {p.rel_type}, on {ed(d - DT.timedelta(days=2), pick(['md', 'mon_day', 'long']))}. They'd like to continue {p.dx['drug']}.",
         f"{ts()} {N(p.nurse)} (nurse navigator): I'll call {N(first(p.rel_name))} at {P(fmt_en(p.rel_phone))} to set up cycle {p.cycle + 1}.",
         f"{ts()} {N(p.doc)}: Great. Next is {N(o)}, the Hodgkin relapse, {R.randint(24, 70)}-year-old, MRN {RN(digits(8))}.",
         "", f"Recommendation recorded by {N(pick(st['tech']))}; final minutes to be signed by {N(p.doc)}, MD."]
    if p.old:
        L.insert(6, f"{ts()} {N(p.doc2)}: Worth noting {p.he} is age {en_agenum(p)} and still lives alone at {A(p.addr1)}.")
    return "\n".join(L)

def en_priorauth(p):
    d = later(p)
    ref = f"PA-{d.year}-{digits(7)}"
    fax = en_phone(p.area)
    L = [f"{O(p.hosp)}", f"Department of Hematology/Oncology", f"{A(p.hosp_addr)}", f"Tel {P(fmt_en(p.hosp_phone))}  |  Fax {P(fmt_en(fax, 'dash'))}", "",
         ed(d, pick(["long", "day_mon"])), "",
         f"{O(p.ins)}", "Utilization Management / Oncology Prior Authorization", "",
         f"RE: Request for expedited prior authorization",
         f"Member: {N(p.name)}    DOB: {ed(p.birth, pick(['us', 'iso']))}    Member ID: {I(p.member)}",
         f"Reference #: {RN(ref)}    Encounter: {RN(p.csn)}", "",
         "To Whom It May Concern:", "",
         f"I am writing on behalf of my patient, {N(p.name)}, {'an' if str(p.age).startswith('8') else 'a'} {en_ageph(p)} with {p.dx['dx']} ({p.dx['icd']}), "
         f"{p.dx['tnm']}, {p.dx['gene']}. The patient progressed on first-line therapy in {ed(d - DT.timedelta(days=R.randint(20, 90)), pick(['mon_year', 'monyy']))}. "
         f"I am requesting coverage for {p.dx['drug']}, consistent with NCCN category 1 recommendations. Relevant labs: {p.dx['lab']}.",
         "",
         f"A totally implantable venous access port was placed on {ed(p.base + DT.timedelta(days=R.randint(5, 30)), pick(['us', 'long']))} (serial {DV(p.port_sn)}, lot {DV(p.lot)}) and no further device authorization is needed.",
         "",
         f"Please contact my office at {P(fmt_en(p.hosp_phone, 'paren') + ' ext. ' + str(R.randint(1000, 9999)))} or our authorization coordinator, {N(p.nurse2)}, at {C(pick(['auth', 'onc.pa', 'priorauth']) + digits(2) + '@' + p.hosp.split()[0].lower().replace('.', '') + 'health.org')}.",
         "", "Sincerely,", "", f"{N(p.doc)}, MD", "Attending Physician, Medical Oncology"]
    return "\n".join(L)

def en_addendum(p):
    d = later(p, 1, 120)
    st = staff(p.hosp, "en")
    lab = pick(EN_LABS)
    trk = digits(12)
    L = [f"{O(p.hosp)} - Department of Pathology", "SURGICAL PATHOLOGY ADDENDUM REPORT", "",
         f"Patient: {N(last(p.name).upper())}, {N(given(p.name).upper())}     MRN: {RN(p.mrn)}     Accession: {RN(p.acc)}",
         f"Collected: {ed(p.base, 'us')}   Addendum date: {ed(d, 'us')}   Ordering: {N(p.doc)}, MD", "",
         f"ADDENDUM: Block A3 was sent to {O(lab)} for comprehensive genomic profiling at the request of Dr. {N(last(p.doc))}. "
         f"Results: {p.dx['gene']}; TMB 6 mut/Mb; MSI-stable. These findings do not alter the original diagnosis ({p.dx['tnm']}).", "",
         "CHAIN OF CUSTODY LOG", "Date        Time   Action                          Handler                 Location/Ref"]
    cur = d - DT.timedelta(days=R.randint(8, 14))
    acts = [("Block retrieved from archive", pick(st['tech']), "Cabinet 7, drawer C"),
            ("Unstained slides cut (10 x 5um)", en_name(), "Histology bench 2"),
            ("Packaged, temp logger attached", pick(st['tech']), "FedEx Priority Overnight"),
            (f"Received by {O(lab)}", en_name(), f"Req {RN('ORD-' + digits(7))}"),
            ("Block returned to archive", pick(st['tech']), "Cabinet 7, drawer C")]
    for a, h, loc in acts:
        cur += DT.timedelta(days=R.randint(0, 3))
        L.append(f"{ljust(ed(cur, 'us'), 12)}{hm()}  {ljust(a, 32)}{ljust(N(h), 24)}{loc}")
    L += ["", f"Electronically signed by {N(p.doc2 if R.random() < .3 else en_name())}, MD, on {ed(d, pick(['long', 'us']))} at {hm()}",
          f"Questions: pathology client services {P(fmt_en(p.hosp_phone, pick(['dash', 'dot'])))}"]
    return "\n".join(L)

def en_trial(p):
    d = later(p)
    subj = f"{pick(['101', '204', '317'])}-{digits(3)}"
    scr = f"SCR-{digits(4)}"
    nct = f"NCT0{R.randint(3000000, 6999999)}"
    L = [f"{O(p.hosp)} - Clinical Trials Office", f"Protocol {nct} / {pick(['KEYNOTE-789', 'CodeBreaK 300', 'DESTINY-Lung04', 'TROPION-Breast02'])}: Eligibility Checklist",
         f"Sponsor: {O(pick(['Merck Sharp & Dohme LLC', 'Amgen Inc.', 'AstraZeneca', 'Daiichi Sankyo, Inc.', 'Genentech, Inc.']))}", "",
         f"Subject ID: {RN(subj)}    Screening #: {RN(scr)}    Sex: {'M' if p.male else 'F'}",
         f"Consent signed: {ed(d, pick(['dmy', 'iso']))}    Screening visit: {ed(d + DT.timedelta(days=R.randint(1, 7)), pick(['dmy', 'iso']))}", "",
         "INCLUSION                                                   Y   N",
         f"1. Age >= 18 years at signing of ICF (actual: {en_agenum(p)})               [x] [ ]",
         f"2. Histologically confirmed {p.dx['dx']}         [x] [ ]",
         f"3. Documented {p.dx['gene']} by local or central test      [x] [ ]",
         "4. ECOG PS 0-1                                              [x] [ ]",
         "5. Measurable disease per RECIST v1.1 (target 3.2 x 2.5 cm)  [x] [ ]",
         "EXCLUSION",
         "1. Active autoimmune disease requiring systemic therapy     [ ] [x]",
         f"2. Implanted cardiac device - {pick(['pacemaker', 'ICD'])} serial {DV(p.port_sn)} (MRI-conditional, OK per {N(en_name())})  [ ] [x]" if R.random() < .6 else
         f"2. Implanted device in imaging field - port serial {DV(p.port_sn)}, lot {DV(p.lot)}  [ ] [x]",
         "3. Prior treatment with a KRAS G12C inhibitor                [ ] [x]",
         f"4. QTcF > 470 ms (screening ECG {ed(d, 'md')}: 438 ms)            [ ] [x]", "",
         f"Eligibility confirmed by Investigator: {N(p.doc)}, MD   Date: {ed(d + DT.timedelta(days=8), 'us')}",
         f"Research coordinator: {N(p.nurse2)}  {C(slug(first(p.nurse2)) + '.' + slug(last(p.nurse2)) + '@' + pick(['ctoffice.org', 'research-onc.net']))}",
         f"Source documents: EHR encounter {RN(p.csn)}; outside records from {O(pick(EN_HOSP))}"]
    return "\n".join(L)

def en_homecare(p):
    d = later(p)
    ag = pick(EN_AGENCY)
    L = [f"{O(ag)}  |  Skilled Nursing Home Visit Note", f"Visit date: {ed(d)}   Time in {hm()} / Time out {hm()}   Visit #{R.randint(2, 14)}",
         f"Patient: {N(p.name)}   DOB {ed(p.birth, 'us')}   Agency ID {RN('HH' + digits(7))}", f"Address: {A(p.addr)}", "",
         f"S: Pt seen at home with {p.his} {p.rel_type}, {N(p.rel_name)}, present. Reports fatigue 5/10 and decreased appetite since cycle {p.cycle} of {p.dx['drug']}. "
         f"{N(first(p.rel_name))} states pt slept most of yesterday. Denies fever.",
         f"O: T 98.9F, HR 96, BP 108/64, SpO2 95% RA. CADD pump serial {DV(p.pump)} infusing 5-FU at 4 mL/h, reservoir 62 mL remaining. Port site clean, no erythema.",
         f"A: {cap(p.dx['dx'])}, on ambulatory infusion; tolerating. {cap(p.dx['extra'])}.",
         f"P: Pump disconnect scheduled {ed(d + DT.timedelta(days=2), pick(['md', 'mon_day']))}. Spoke with {N(p.doc)}'s office ({P(fmt_en(p.hosp_phone))}) re: antiemetics. Caregiver to call {P(fmt_en(p.rel_phone, 'dash'))} line if issues.",
         "", f"Nurse: {N(p.nurse)}, RN   Supervisor co-sign: {N(en_name('F'))}, RN"]
    if p.old:
        L.insert(5, f"Pt is a {en_ageph(p)}; fall-risk precautions reviewed.")
    return "\n".join(L)

def en_bereave(p):
    d = later(p, 100, 700)
    ag = pick(EN_AGENCY[1:3] + [p.hosp])
    sw = en_name()
    L = [f"{O(ag)}", f"{A(p.hosp_addr)}", "", ed(d + DT.timedelta(days=R.randint(20, 60)), pick(["long", "day_mon"])), "",
         f"{N(p.rel_name)}", f"{A(p.addr1)}", f"{A(p.cityline)}", "",
         f"Dear {N(p.rel_name.split()[0])},", "",
         f"All of us who cared for {N(first(p.name))} were saddened to learn of {p.his} passing on {ed(d, pick(['long', 'us']))}. "
         + (f"At {en_agenum(p)}, " if p.old else "")
         + f"{N(first(p.name))} faced {p.dx['dx']} with remarkable grace. Our nurses, especially {N(p.nurse)}, often spoke of the stories shared during infusions.",
         "",
         f"Grief can be unpredictable. Our bereavement program offers a support group on the first Tuesday of every month and individual counseling at no cost. "
         f"You may reach me directly at {P(fmt_en(p.phone2, 'paren'))} or {C(slug(first(sw)) + '.' + slug(last(sw)) + '@' + pick(['evergreenhospice.org', 'careteam.org', 'hospicecare.net']))}. "
         f"Resources are also available at {C('https://www.' + pick(['evergreenhospice.org/grief', 'careteam.org/bereavement', 'hospicecare.net/support']) + '?ref=' + digits(6))}.",
         "", "With deepest sympathy,", "", f"{N(sw)}, LCSW", "Bereavement Coordinator",
         f"cc: {N(p.doc)}, MD (record {RN(p.mrn)})"]
    return "\n".join(L)

def en_csv(p):
    d = later(p)
    rows = []
    def row(nm, mrn, dob, ph, em, zp, dd, dx, icd, age):
        ln, fn = last(nm), given(nm)
        return f"{RN(mrn)},{N(ln)},{N(fn)},{ed(dob, 'iso')},{P(ph)},{C(em)},{A(zp)},{ed(dd, 'us')},\"{dx}\",{icd},{age}"
    rows.append(row(p.name, p.mrn, p.birth, fmt_en(p.phone, 'dash'), p.email, p.zip, d, p.dx['dx'], p.dx['icd'], en_agenum(p)))
    for _ in range(R.randint(2, 4)):
        nm = en_name(style="plain"); dx = pick(EN_DX); a = R.randint(38, 99)
        dob = DT.date(d.year - a, R.randint(1, 12), R.randint(1, 28)); c = pick(EN_CITIES)
        em = f"{slug(first(nm))[0]}{slug(last(nm))}{digits(2)}@{pick(['gmail.com', 'aol.com', 'hotmail.com'])}"
        rows.append(row(nm, digits(8), dob, fmt_en(en_phone(c[3]), 'dash'), em, c[2] + digits(2), d - DT.timedelta(days=R.randint(0, 90)), dx['dx'], dx['icd'], AG(str(a)) if a >= 90 else str(a)))
    R.shuffle(rows)
    return (f"# export: survivorship_registry_q{R.randint(1, 4)}.csv (pasted from Excel)\n"
            "mrn,last_name,first_name,dob,phone,email,zip,enroll_date,diagnosis,icd10,age\n" + "\n".join(rows))

def en_fhir(p):
    d = later(p)
    ip = f"{R.randint(11, 223)}.{R.randint(0, 255)}.{R.randint(0, 255)}.{R.randint(1, 254)}"
    fam, giv = last(p.name), given(p.name)
    udi = f"(01){digits(14)}(17){(d + DT.timedelta(days=900)).strftime('%y%m%d')}(10){p.lot}(21){p.port_sn.replace(' ', '')}"
    L = ['{', '  "resourceType": "Bundle",', '  "type": "collection",', f'  "meta": {{"lastUpdated": "{ed(d, "iso")}T{hm()}:00Z", "source": "{C(ip)}"}},', '  "entry": [',
         '    {"resource": {', '      "resourceType": "Patient",',
         f'      "identifier": [{{"system": "urn:oid:2.16.840.1.113883.4.1", "value": "{I(p.ssn)}"}}, {{"type": {{"text": "MRN"}}, "value": "{RN(p.mrn)}"}}],',
         f'      "name": [{{"family": "{N(fam)}", "given": ["{N(giv)}"]}}],',
         f'      "telecom": [{{"system": "phone", "value": "{P(fmt_en(p.phone))}", "use": "mobile"}}, {{"system": "email", "value": "{C(p.email)}"}}],',
         f'      "birthDate": "{ed(p.birth, "iso")}",',
         f'      "address": [{{"line": ["{A(p.addr1)}"], "postalCode": "{A(p.zip)}"}}],',
         f'      "contact": [{{"relationship": [{{"text": "{p.rel_type}"}}], "name": {{"text": "{N(p.rel_name)}"}}, "telecom": [{{"value": "{P(fmt_en(p.rel_phone, "dash"))}"}}]}}],',
         f'      "managingOrganization": {{"display": "{O(p.hosp)}"}}', '    }},',
         '    {"resource": {', '      "resourceType": "Device",', f'      "udiCarrier": [{{"carrierHRF": "{DV(udi)}"}}],',
         f'      "serialNumber": "{DV(p.port_sn)}", "lotNumber": "{DV(p.lot)}",', '      "type": {"text": "Implantable venous access port"}', '    }},',
         '    {"resource": {', '      "resourceType": "Condition",', f'      "code": {{"coding": [{{"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": "{p.dx["icd"]}"}}], "text": "{p.dx["dx"]}"}},',
         f'      "onsetDateTime": "{ed(p.base, "iso")}",', f'      "note": [{{"text": "{p.dx["gene"]}; {p.dx["tnm"]}. Reviewed with {N(p.doc)} on {ed(d, "us")}."}}]']
    if p.old:
        L.append(f'      , "extension": [{{"url": "age-at-onset", "valueString": "{en_agenum(p)}"}}]')
    L += ['    }}', '  ]', '}']
    return "\n".join(L)

def en_dictation(p):
    d = later(p)
    L = [f"[DICTATION - {O(p.hosp)} - dictated {ed(d, 'us')} {hm()}]", "",
         f"{N(p.doc)}: This is {N(p.doc)} dictating a follow-up oncology note on {N(p.name)}, that's "
         f"{pick(['spelled', 'last name'])} {N('-'.join(c for c in last(p.name).upper() if c.isalpha()))}, medical record number {RN(p.mrn)}, date of birth {ed(p.birth, 'long')}. Date of service {ed(d, 'long')}.",
         f"{N(p.doc)}: History of present illness. The patient is a {en_ageph(p)} {'man' if p.male else 'woman'} with {p.dx['dx']}, {p.dx['tnm']}, {p.dx['gene']}, currently on {p.dx['drug']}, here for cycle {p.cycle}. Interval history notable for grade 2 diarrhea. {cap(p.dx['extra'])}.",
         f"{N(first(p.nurse))} (RN, in background): Doctor, {p.his} {p.rel_type} is on line two.",
         f"{N(p.doc)}: Pause. ... Resume. I spoke with {N(p.rel_name)} by phone who confirms the patient moved and is now living at {A(p.addr)}. New cell {P(fmt_en(p.phone, 'dash'))}.",
         f"{N(p.doc)}: Labs today: {p.dx['lab']}, ANC 1.9, platelets 142. Plan: continue current therapy, restaging CT in {ed(d + DT.timedelta(days=R.randint(40, 70)), 'mon_year')}. Copy to {N(p.doc2)} at {O(pick(EN_HOSP))}. End of dictation.",
         "", f"Transcribed by: {N(en_name('F'))} ({pick(['TX', 'MT'])}{digits(3)})  {ed(d + DT.timedelta(days=1), 'us')}"]
    return "\n".join(L)

def en_roi(p):
    d = later(p)
    recv = pick(EN_INS[:6] + EN_HOSP)
    L = [f"{O(p.hosp)} - Health Information Management", "AUTHORIZATION FOR RELEASE OF PROTECTED HEALTH INFORMATION", "",
         f"Patient name: {N(p.name)}          Date of birth: {ed(p.birth, 'us')}",
         f"MRN: {RN(p.mrn)}     SSN: {I(p.ssn)}",
         f"Address: {A(p.addr)}",
         f"Phone: {P(fmt_en(p.phone, pick(['paren', 'dot'])))}     Email: {C(p.email)}", "",
         f"I authorize {O(p.hosp)} to release records of my care from {ed(p.base, 'us')} to {ed(d, 'us')} to:",
         f"   {O(recv)}, Attn: {N(en_name())}", f"   Fax {P(fmt_en(en_phone(pick(EN_CITIES)[3]), 'dash'))}", "",
         "Information to be released: [x] pathology  [x] imaging  [x] oncology notes  [ ] HIV/substance use  [ ] psychotherapy notes",
         f"Purpose: {pick(['second opinion', 'life insurance claim', 'disability application', 'continuity of care'])}", "",
         f"Signature: {N(p.name if not p.old else p.rel_name)}   Date: {ed(d, pick(['us', 'us2']))}"]
    if p.old or R.random() < .4:
        idt = pick(["US passport", "passport", "state driver license"])
        idv = p.passport if "passport" in idt else f"{pick('ABCDS')}{digits(3)}-{digits(4)}-{digits(4)}"
        L += [f"If signed by personal representative: {N(p.rel_name)}, relationship: {p.rel_type}; ID checked: {idt} {I(idv)}",
              (f"Reason patient unable to sign: patient is {en_ageph(p)} with advanced dementia." if p.old else "")]
    L += [f"Witness: {N(p.nurse2)}    HIM request #{RN('ROI' + digits(6))}"]
    return "\n".join(x for x in L if x is not None)

def en_pharm(p):
    d = later(p)
    sp = pick(["Accredo Specialty Pharmacy", "CVS Specialty", "Optum Specialty Pharmacy", "Onco360", "Biologics by McKesson"])
    rx = f"RX{digits(8)}"
    L = [f"{O(sp)} - Specialty Pharmacy Call Log", f"Rx #: {RN(rx)}   Drug: {p.dx['drug']}   Prescriber: {N(p.doc)}", "",
         f"{ed(d, 'us')} {hm()}  Outbound call to {P(fmt_en(p.phone))}. Reached {N(p.name)}; verified identity w/ DOB {ed(p.birth, pick(['us', 'us2']))} and ZIP {A(p.zip)}.",
         f"   Pt reports {pick(['mild rash', 'no missed doses', 'two missed doses last week', 'grade 1 diarrhea'])}. Counseled. Insurance: {O(p.ins)}, member {I(p.member)}.",
         f"{ed(d + DT.timedelta(days=1), pick(['us', 'md']))} {hm()}  Copay card applied; claim {RN('CLM' + digits(9))} paid.",
         f"{ed(d + DT.timedelta(days=2), pick(['us', 'md']))} {hm()}  Ship to {A(p.addr)} via FedEx Priority; signature required. {N(p.rel_name)} ({p.rel_type}) authorized to sign.",
         f"   Pharmacist: {N(en_name())}, PharmD   Tech: {N(en_name())}"]
    if p.old:
        L.insert(4, f"   Note: pt is {en_ageph(p)}, hard of hearing; {p.rel_type} {N(first(p.rel_name))} assists with meds.")
    return "\n".join(L)

def en_chairs(p):
    d = later(p)
    L = [f"{O(p.hosp)} Infusion Center - Chair Schedule {ed(d, pick(['long', 'us']))}", "",
         "Time  | Chair | Patient                | MRN        | Regimen                    | RN"]
    pts = [(p.name, p.mrn, p.dx['drug'].split(' (')[0])]
    for _ in range(R.randint(3, 5)):
        pts.append((en_name(), digits(8), pick(["FOLFOX", "AC-T", "R-CHOP", "pembrolizumab", "zoledronic acid", "IV iron", "carboplatin/etoposide"])))
    R.shuffle(pts)
    times = sorted(f"{R.randint(7, 17):02d}:{pick(['00', '15', '30', '45'])}" for _ in pts)
    for (nm, mrn, reg), tm in zip(pts, times):
        L.append(f"{tm} | {R.randint(1, 24):>5} | {ljust(N(nm), 22)} | {ljust(RN(mrn), 10)} | {reg:<26} | {N(pick(staff(p.hosp, 'en')['nurse']))}")
    L += ["", f"Notes: {N(first(p.name))} needs interpreter ({pick(['Spanish', 'Vietnamese', 'Mandarin', 'Korean'])}); {p.rel_type} {N(p.rel_name)} will stay chairside. "
          + (f"Pt is {en_ageph(p)} - fall precautions, wheelchair from valet. " if p.old else "")
          + f"Charge RN today: {N(p.nurse2)}."]
    return "\n".join(L)

def en_intl(p):
    """international patient services intake"""
    d = later(p)
    gi = pick([('Allianz Care', 'ALZ'), ('Cigna Global', 'CGH'), ('Bupa Global', 'BUP')])
    L = [f"{O(p.hosp)} - International Patient Services Intake", "",
         f"Name (as in passport): {N(p.name.upper())}",
         f"Passport No.: {I(p.passport if R.random() < .5 else pick(['E', 'G']) + digits(8))}   Visa: B-2 (medical)",
         f"Date of birth: {ed(p.birth, 'dmy')}   Age: {en_agenum(p)}",
         f"Local address (during treatment): {A(p.addr)}",
         f"WhatsApp / phone: {P('+1 ' + p.area + ' ' + p.phone[1] + ' ' + p.phone[2])}   WeChat ID: {C(pick(['wx', 'hope', 'sunny']) + '_' + slug(last(p.name))[:5] + digits(3))}",
         f"Referring physician: {N(en_name())}, {O(pick(['Hospital Universitario La Paz', 'Seoul National University Hospital', 'Apollo Hospitals Chennai', 'Tokyo Medical University Hospital', 'Sun Yat-sen University Cancer Center']))}",
         f"Financial guarantor: {O(gi[0])}, policy {I(gi[1] + digits(8))}", "",
         f"Summary: {cap(p.dx['dx'])} diagnosed {ed(p.base, 'mon_year')}, {p.dx['gene']}; seeking opinion on {p.dx['drug']}. Travelling with {p.rel_type} {N(p.rel_name)} ({P(fmt_en(p.rel_phone, 'intl'))}).",
         f"First appointment: {ed(d + DT.timedelta(days=R.randint(3, 20)), 'long')} with {N(p.doc)}. Coordinator: {N(p.nurse2)}."]
    return "\n".join(L)

EN_FORMATS = {
    "tumor board transcript": en_tumorboard, "prior-authorization letter": en_priorauth, "pathology addendum + chain of custody": en_addendum,
    "trial eligibility checklist": en_trial, "home-care visit note": en_homecare, "bereavement letter": en_bereave, "CSV registry rows": en_csv,
    "FHIR-like JSON bundle": en_fhir, "dictation transcript": en_dictation, "release-of-information authorization": en_roi,
    "specialty pharmacy refill call log": en_pharm, "infusion chair schedule": en_chairs, "international patient intake": en_intl,
}

# =============================================================== main
def main():
    zh_pts = [make_zh(k) for k in range(1, 51)]
    en_pts = [make_en(k) for k in range(1, 26)]
    docs = []
    zkeys, ekeys = list(ZH_FORMATS), list(EN_FORMATS)
    zrot = 0; erot = 0
    used = {}
    def add(p, fk, j):
        fm = ZH_FORMATS if p.lang == "zh" else EN_FORMATS
        text, phi = finalize(fm[fk](p))
        docs.append({"doc_id": f"{p.pid}-{j}", "patient_id": p.pid, "lang": p.lang, "format": fk, "text": text, "phi": phi})
        used.setdefault(p.pid, []).append(fk)
    for p in zh_pts + en_pts:
        keys = zkeys if p.lang == "zh" else ekeys
        n = R.choice([3, 4, 4, 5]) if p.lang == "zh" else R.choice([4, 4, 5, 5])
        for j, fk in enumerate(R.sample(keys, n)):
            add(p, fk, j + 1)
    while len(docs) < 315:
        n_en = sum(d["lang"] == "en" for d in docs)
        pool = en_pts if n_en < len(docs) / 3 else zh_pts
        p = R.choice([q for q in pool if len(used[q.pid]) < 5])
        keys = zkeys if p.lang == "zh" else ekeys
        add(p, R.choice([k for k in keys if k not in used[p.pid]]), len(used[p.pid]) + 1)
    R.shuffle(docs)
    out = os.path.join(HERE, "phi_blind.jsonl")
    with open(out, "w", encoding="utf-8") as f:
        for d in docs:
            rec = {k: d[k] for k in ("doc_id", "patient_id", "lang", "text", "phi")}
            for s in rec["phi"]:
                assert rec["text"][s["start"]:s["end"]] == s["text"]
                assert s["category"] in CATS
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    # stats
    cnt = collections.Counter(); fmt = collections.Counter()
    for d in docs:
        fmt[(d["lang"], d["format"])] += 1
        for s in d["phi"]:
            cnt[(s["category"], d["lang"])] += 1
    langs = collections.Counter(d["lang"] for d in docs)
    print(f"docs={len(docs)} zh={langs['zh']} en={langs['en']} patients={len({d['patient_id'] for d in docs})}")
    print(f"{'category':<15}{'zh':>6}{'en':>6}{'total':>7}")
    for c in CATS:
        print(f"{c:<15}{cnt[(c, 'zh')]:>6}{cnt[(c, 'en')]:>6}{cnt[(c, 'zh')] + cnt[(c, 'en')]:>7}")
    print(f"{'ALL':<15}{sum(v for (c, l), v in cnt.items() if l == 'zh'):>6}{sum(v for (c, l), v in cnt.items() if l == 'en'):>6}{sum(cnt.values()):>7}")
    print("formats:")
    for (l, k), v in sorted(fmt.items()):
        print(f"  {l} {k}: {v}")
    return docs

if __name__ == "__main__":
    main()
