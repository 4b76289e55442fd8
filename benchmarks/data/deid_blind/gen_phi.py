#!/usr/bin/env python3
"""Seeded generator for a BLIND PHI de-identification test set (zh/en oncology text).

Usage: python3 gen_phi.py  -> writes phi_blind.jsonl and README.md next to this file.
Only the standard library is used. Every PHI span is recorded while the text is built,
so offsets are exact (end exclusive); this is asserted for every span.
"""
import json, os, random, re, datetime as dt
from collections import Counter, defaultdict

SEED = 20240611
R = random.Random(SEED)
HERE = os.path.dirname(os.path.abspath(__file__))
CATS = ["NAME", "ID_NUMBER", "PHONE", "ADDRESS", "RECORD_NUMBER", "ORGANIZATION",
        "DATE", "AGE", "CONTACT", "DEVICE_ID"]

# --------------------------------------------------------------------------- builder
PH = re.compile(r"\{(\w+)\}")


class Doc:
    def __init__(self):
        self.buf, self.n, self.phi = [], 0, []

    def t(self, x):
        self.buf.append(x)
        self.n += len(x)

    def p(self, x, cat):
        assert cat in CATS, cat
        assert x and x == x.strip(), repr(x)
        self.phi.append({"start": self.n, "end": self.n + len(x), "category": cat, "text": x})
        self.t(x)

    def f(self, tmpl, **kw):
        pos = 0
        for m in PH.finditer(tmpl):
            self.t(tmpl[pos:m.start()])
            v = kw[m.group(1)]
            if isinstance(v, tuple):
                self.p(*v)
            elif isinstance(v, list):      # list of pieces (str or tuple)
                for piece in v:
                    if isinstance(piece, tuple):
                        self.p(*piece)
                    else:
                        self.t(piece)
            else:
                self.t(str(v))
            pos = m.end()
        self.t(tmpl[pos:])

    def text(self):
        return "".join(self.buf)


def N(x): return (x, "NAME")
def D(x): return (x, "DATE")
def O(x): return (x, "ORGANIZATION")
def RN(x): return (x, "RECORD_NUMBER")
def IDN(x): return (x, "ID_NUMBER")
def PHN(x): return (x, "PHONE")
def AD(x): return (x, "ADDRESS")
def CT(x): return (x, "CONTACT")
def DV(x): return (x, "DEVICE_ID")


def ch(*a):
    return R.choice(a)


def fw(s):
    """ASCII -> full-width."""
    out = []
    for c in s:
        o = ord(c)
        if c == " ":
            out.append("\u3000")
        elif 0x21 <= o <= 0x7E:
            out.append(chr(o + 0xFEE0))
        else:
            out.append(c)
    return "".join(out)


# --------------------------------------------------------------------------- dates
CN_NUM = "〇一二三四五六七八九"


def cn_small(n):
    if n < 10:
        return CN_NUM[n]
    t, o = divmod(n, 10)
    return ("" if t == 1 else CN_NUM[t]) + "十" + (CN_NUM[o] if o else "")


def zdate(d, style=None):
    style = style or ch("cn", "cn", "cn0", "iso", "iso", "dot", "slash")
    y, m, dd = d.year, d.month, d.day
    return {
        "cn": f"{y}年{m}月{dd}日",
        "cn0": f"{y}年{m:02d}月{dd:02d}日",
        "iso": f"{y}-{m:02d}-{dd:02d}",
        "dot": f"{y}.{m}.{dd}",
        "dot0": f"{y}.{m:02d}.{dd:02d}",
        "slash": f"{y}/{m:02d}/{dd:02d}",
        "compact": f"{y}{m:02d}{dd:02d}",
        "dmy": f"{dd:02d}/{m:02d}/{y}",
        "fw": fw(f"{y}") + "年" + fw(f"{m}") + "月" + fw(f"{dd}") + "日",
        "fwiso": fw(f"{y}-{m:02d}-{dd:02d}"),
        "cnnum": "".join(CN_NUM[int(c)] for c in str(y)) + "年" + cn_small(m) + "月" + cn_small(dd) + "日",
        "ym": f"{y}年{m}月",
        "ymdot": f"{y}.{m:02d}",
        "md": f"{m}月{dd}日",
        "yy": f"{y % 100:02d}年{m}月{dd}日",
    }[style]


MON = ["January", "February", "March", "April", "May", "June", "July", "August",
       "September", "October", "November", "December"]


def edate(d, style=None):
    style = style or ch("mdy", "mdy", "long", "dmon", "dmon_sp", "iso", "abbr")
    y, m, dd = d.year, d.month, d.day
    mn = MON[m - 1]
    return {
        "mdy": f"{m:02d}/{dd:02d}/{y}",
        "mdy1": f"{m}/{dd}/{y}",
        "mdy2": f"{m}/{dd}/{y % 100:02d}",
        "long": f"{mn} {dd}, {y}",
        "dmon": f"{dd:02d}-{mn[:3]}-{y}",
        "dmon_sp": f"{dd} {mn[:3]} {y}",
        "dlong": f"{dd} {mn} {y}",
        "iso": f"{y}-{m:02d}-{dd:02d}",
        "abbr": f"{mn[:3]} {dd}, {y}",
        "my": f"{mn} {y}",
        "dmy": f"{dd:02d}/{m:02d}/{y}",
        "dmyDOT": f"{dd:02d}.{m:02d}.{y}",
        "md": f"{mn} {dd}",
        "ord": f"{dd}{'th' if 11 <= dd <= 13 else {1: 'st', 2: 'nd', 3: 'rd'}.get(dd % 10, 'th')} {mn} {y}",
    }[style]


def add(d, days):
    return d + dt.timedelta(days=days)


def hm():
    return f"{R.randint(7, 21):02d}:{R.choice([0, 5, 10, 15, 20, 30, 40, 45, 50]):02d}"


# --------------------------------------------------------------------------- ids
W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def id_check(body17):
    return "10X98765432"[sum(int(c) * w for c, w in zip(body17, W)) % 11]


def cn_id(region, birth, male, want_x):
    while True:
        seq = R.randint(0, 99)
        g = R.choice([1, 3, 5, 7, 9] if male else [0, 2, 4, 6, 8])
        body = f"{region}{birth:%Y%m%d}{seq:02d}{g}"
        c = id_check(body)
        if (c == "X") == want_x:
            return body + c


def digits(n, first_nonzero=True):
    s = str(R.randint(1, 9)) if first_nonzero else str(R.randint(0, 9))
    return s + "".join(str(R.randint(0, 9)) for _ in range(n - 1))


def letters(n):
    return "".join(R.choice("ABCDEFGHJKLMNPQRSTUVWXYZ") for _ in range(n))


def alnum(n):
    return "".join(R.choice("ABCDEFGHJKLMNPRSTUVWXYZ0123456789") for _ in range(n))


# --------------------------------------------------------------------------- name pools
SUR_COMMON = [("王", "Wang"), ("李", "Li"), ("张", "Zhang"), ("刘", "Liu"), ("陈", "Chen"), ("杨", "Yang"),
              ("黄", "Huang"), ("赵", "Zhao"), ("周", "Zhou"), ("吴", "Wu"), ("徐", "Xu"), ("孙", "Sun"),
              ("马", "Ma"), ("胡", "Hu"), ("朱", "Zhu"), ("郭", "Guo"), ("何", "He"), ("罗", "Luo"),
              ("高", "Gao"), ("林", "Lin"), ("金", "Jin"), ("白", "Bai"), ("方", "Fang"), ("于", "Yu"),
              ("石", "Shi"), ("田", "Tian"), ("江", "Jiang"), ("夏", "Xia"), ("常", "Chang"), ("丁", "Ding")]
SUR_RARE = [("亓", "Qi"), ("仝", "Tong"), ("佘", "She"), ("訾", "Zi"), ("逄", "Pang"), ("冼", "Xian"),
            ("缑", "Gou"), ("乜", "Nie"), ("揭", "Jie"), ("禚", "Zhuo"), ("蔺", "Lin"), ("靳", "Jin"),
            ("甄", "Zhen"), ("龚", "Gong"), ("阙", "Que"), ("操", "Cao"), ("母", "Mu"), ("展", "Zhan")]
SUR_COMPOUND = [("欧阳", "Ouyang"), ("司马", "Sima"), ("诸葛", "Zhuge"), ("上官", "Shangguan"),
                ("慕容", "Murong"), ("皇甫", "Huangfu"), ("令狐", "Linghu"), ("东方", "Dongfang"),
                ("尉迟", "Yuchi"), ("司徒", "Situ"), ("端木", "Duanmu"), ("夏侯", "Xiahou"), ("公孙", "Gongsun")]
GIVEN_M = [("建国", "Jianguo"), ("志强", "Zhiqiang"), ("德明", "Deming"), ("国庆", "Guoqing"), ("晓东", "Xiaodong"),
           ("文斌", "Wenbin"), ("海涛", "Haitao"), ("永福", "Yongfu"), ("长江", "Changjiang"), ("春生", "Chunsheng"),
           ("伟", "Wei"), ("勇", "Yong"), ("军", "Jun"), ("强", "Qiang"), ("磊", "Lei"), ("斌", "Bin"),
           ("宝林", "Baolin"), ("振华", "Zhenhua"), ("子豪", "Zihao"), ("明", "Ming"), ("卫东", "Weidong"),
           ("福生", "Fusheng"), ("立新", "Lixin"), ("俊杰", "Junjie")]
GIVEN_F = [("秀英", "Xiuying"), ("桂兰", "Guilan"), ("丽华", "Lihua"), ("海燕", "Haiyan"), ("春梅", "Chunmei"),
           ("红梅", "Hongmei"), ("淑珍", "Shuzhen"), ("玉兰", "Yulan"), ("娜", "Na"), ("芳", "Fang"),
           ("静", "Jing"), ("丽", "Li"), ("敏", "Min"), ("婷", "Ting"), ("慧", "Hui"), ("凤英", "Fengying"),
           ("美玲", "Meiling"), ("雨桐", "Yutong"), ("秀兰", "Xiulan"), ("晓燕", "Xiaoyan"), ("萍", "Ping")]
# full names that are also ordinary words
WORD_NAMES = [("张", "伟", "Zhang", "Wei", "男"), ("李", "娜", "Li", "Na", "女"), ("王", "海", "Wang", "Hai", "男"),
              ("刘", "洋", "Liu", "Yang", "男"), ("高", "山", "Gao", "Shan", "男"), ("林", "海", "Lin", "Hai", "男"),
              ("马", "力", "Ma", "Li", "男"), ("方", "正", "Fang", "Zheng", "男"), ("白", "雪", "Bai", "Xue", "女"),
              ("夏", "天", "Xia", "Tian", "男"), ("江", "涛", "Jiang", "Tao", "男"), ("文", "静", "Wen", "Jing", "女"),
              ("安", "宁", "An", "Ning", "女"), ("常", "青", "Chang", "Qing", "男"), ("田", "野", "Tian", "Ye", "男"),
              ("于", "洋", "Yu", "Yang", "男"), ("金", "星", "Jin", "Xing", "男"), ("何", "平", "He", "Ping", "女"),
              ("石", "磊", "Shi", "Lei", "男"), ("黄", "河", "Huang", "He", "男"), ("高", "峰", "Gao", "Feng", "男"),
              ("江", "南", "Jiang", "Nan", "女")]


class ZName:
    def __init__(self, sur, given, psur, pgiven, sex):
        self.sur, self.given, self.psur, self.pgiven, self.sex = sur, given, psur, pgiven, sex
        self.full = sur + given
        self.py = f"{pgiven} {psur}"
        self.PY = f"{psur.upper()} {pgiven}"


def zname(sex=None, surname=None, kind=None):
    sex = sex or ch("男", "女")
    if kind is None:
        kind = R.choices(["common", "rare", "compound", "word"], [60, 12, 12, 16])[0]
    if kind == "word" and surname is None:
        cands = [w for w in WORD_NAMES if w[4] == sex]
        s, g, ps, pg, sx = R.choice(cands)
        return ZName(s, g, ps, pg, sx)
    if surname:
        s, ps = surname
    else:
        s, ps = R.choice({"common": SUR_COMMON, "rare": SUR_RARE, "compound": SUR_COMPOUND,
                          "word": SUR_COMMON}[kind])
    g, pg = R.choice(GIVEN_M if sex == "男" else GIVEN_F)
    return ZName(s, g, ps, pg, sex)


EN_FIRST_M = ["John", "Robert", "Michael", "James", "David", "William", "Daniel", "Thomas", "Richard", "Joseph",
              "Ahmed", "Juan", "Kenji", "Oluwaseun", "Patrick", "Samuel", "George", "Harold", "Walter", "Frank"]
EN_FIRST_F = ["Mary", "Patricia", "Linda", "Elizabeth", "Susan", "Karen", "Emily", "Olivia", "Margaret", "Dorothy",
              "Priya", "Maria", "Siobhan", "Grace", "Helen", "Ruth", "Evelyn", "Nancy", "Amara", "Mei"]
EN_LAST = ["Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez",
           "Hernandez", "Lopez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin", "Lee",
           "Thompson", "White", "Harris", "Clark", "Lewis", "Walker", "Young", "Allen", "King", "Wright",
           "O'Brien", "McAllister", "Nguyen", "Patel", "Kowalski", "Fitzgerald", "Okafor", "Schmidt", "Rossi",
           "Van der Berg", "Nakamura", "Cohen", "Sullivan", "Murphy", "Chen", "Washington", "Brooks", "Hughes"]


class EName:
    def __init__(self, first, mid, last, sex):
        self.first, self.mid, self.last, self.sex = first, mid, last, sex

    def variants(self):
        f, m, l = self.first, self.mid, self.last
        v = [f"{f} {l}", f"{f} {m}. {l}", f"{l}, {f}", f"{l.upper()}, {f.upper()} {m}", f"{f[0]}. {l}",
             f"{l}, {f} {m}."]
        return v


def ename(sex=None, last=None):
    sex = sex or ch("M", "F")
    first = R.choice(EN_FIRST_M if sex == "M" else EN_FIRST_F)
    return EName(first, R.choice("ABCDEFGHJKLMNPRSTW"), last or R.choice(EN_LAST), sex)


# --------------------------------------------------------------------------- places
# (zh prefix, zh district, en city, en district, province-en, id region code, area code)
CITIES = [("北京市", "朝阳区", "Beijing", "Chaoyang District", "", "110105", "010"),
          ("上海市", "徐汇区", "Shanghai", "Xuhui District", "", "310104", "021"),
          ("浙江省杭州市", "西湖区", "Hangzhou", "Xihu District", "Zhejiang", "330106", "0571"),
          ("江苏省南京市", "鼓楼区", "Nanjing", "Gulou District", "Jiangsu", "320106", "025"),
          ("广东省广州市", "天河区", "Guangzhou", "Tianhe District", "Guangdong", "440106", "020"),
          ("四川省成都市", "武侯区", "Chengdu", "Wuhou District", "Sichuan", "510107", "028"),
          ("湖北省武汉市", "洪山区", "Wuhan", "Hongshan District", "Hubei", "420111", "027"),
          ("山东省济南市", "历下区", "Jinan", "Lixia District", "Shandong", "370102", "0531"),
          ("河南省郑州市", "金水区", "Zhengzhou", "Jinshui District", "Henan", "410105", "0371"),
          ("辽宁省沈阳市", "和平区", "Shenyang", "Heping District", "Liaoning", "210102", "024"),
          ("福建省厦门市", "思明区", "Xiamen", "Siming District", "Fujian", "350203", "0592"),
          ("陕西省西安市", "雁塔区", "Xi'an", "Yanta District", "Shaanxi", "610113", "029"),
          ("湖南省长沙市", "岳麓区", "Changsha", "Yuelu District", "Hunan", "430104", "0731"),
          ("广西壮族自治区南宁市", "青秀区", "Nanning", "Qingxiu District", "Guangxi", "450103", "0771"),
          ("深圳市", "南山区", "Shenzhen", "Nanshan District", "Guangdong", "440305", "0755")]
ROADS = [("中山路", "Zhongshan Road"), ("人民路", "Renmin Road"), ("解放大道", "Jiefang Avenue"),
         ("建设路", "Jianshe Road"), ("文三路", "Wensan Road"), ("长江路", "Changjiang Road"),
         ("黄河路", "Huanghe Road"), ("和平街", "Heping Street"), ("漕溪北路", "Caoxi North Road"),
         ("科华北路", "Kehua North Road"), ("青年大街", "Qingnian Street"), ("东风路", "Dongfeng Road"),
         ("友谊路", "Youyi Road"), ("幸福南路", "Xingfu South Road")]
XIAOQU = [("阳光花园", "Yangguang Garden"), ("翠苑", "Cuiyuan"), ("锦绣江南", "Jinxiu Jiangnan"),
          ("金色家园", "Jinse Jiayuan"), ("紫荆苑", "Zijing Court"), ("福星小区", "Fuxing Estate")]


class ZAddr:
    def __init__(self, city):
        pre, dist, ecity, edist, eprov = city[:5]
        road, eroad = R.choice(ROADS)
        n = R.randint(3, 899)
        b, u, room = R.randint(1, 28), R.randint(1, 6), f"{R.randint(1, 25)}{R.randint(1, 4):02d}"
        k = R.randint(0, 4)
        if k == 0:
            self.zh = f"{pre}{dist}{road}{n}号{b}栋{u}单元{room}室"
            self.en = f"Room {room}, Unit {u}, Building {b}, No. {n} {eroad}, {edist}, {ecity}"
        elif k == 1:
            lane = R.randint(10, 999)
            self.zh = f"{pre}{dist}{road}{lane}弄{R.randint(1, 60)}号{room}室"
            self.en = f"Room {room}, Lane {lane}, {eroad}, {edist}, {ecity}"
        elif k == 2:
            xq, exq = R.choice(XIAOQU)
            self.zh = f"{pre}{dist}{road}{n}号{xq}小区{b}号楼{u}单元{room}"
            self.en = f"Apt {room}, Unit {u}, Bldg {b}, {exq}, No. {n} {eroad}, {edist}, {ecity}"
        elif k == 3:
            self.zh = f"{pre}{dist}{road}{n}号院{b}号楼{u}单元{room}室"
            self.en = f"Room {room}, Unit {u}, Building {b}, Courtyard {n}, {eroad}, {edist}, {ecity}"
        else:
            v = ch("东闾乡北王庄村", "石桥镇李家村", "马坊镇前进村", "城关镇南街村")
            self.zh = f"{pre}{dist}{v}{R.randint(1, 9)}组{R.randint(1, 80)}号"
            self.en = f"No. {R.randint(1, 80)}, {ecity} ({edist}), rural address"
        if eprov:
            self.en += f", {eprov}"
        self.en += ", China"


US_CITIES = [("Springfield", "IL", "627"), ("Boston", "MA", "021"), ("Columbus", "OH", "432"),
             ("Portland", "OR", "972"), ("Austin", "TX", "787"), ("Madison", "WI", "537"),
             ("Raleigh", "NC", "276"), ("Denver", "CO", "802"), ("Rochester", "MN", "559"),
             ("Ann Arbor", "MI", "481")]
STREETS = ["Maple Street", "Oak Lane", "Elm Avenue", "Cedar Court", "Washington Blvd", "Lakeview Drive",
           "Pine Ridge Road", "Highland Ave", "Birch Way", "Riverside Dr", "Main St", "Sycamore Terrace"]


def en_addr():
    c, st, z = R.choice(US_CITIES)
    num = R.randint(12, 9870)
    apt = ch(f"Apt {R.randint(1, 12)}{ch('A', 'B', 'C', 'D')}", f"Apt. {R.randint(101, 920)}",
             f"Unit {R.randint(1, 40)}", f"#{R.randint(2, 30)}{ch('A', 'B', 'F')}", f"Suite {R.randint(100, 450)}")
    zipc = z + f"{R.randint(0, 99):02d}"
    if R.random() < 0.12:   # UK address
        return (f"Flat {R.randint(1, 9)}, {R.randint(2, 180)} {ch('Kingsway Road', 'Hyde Park Terrace', 'Victoria Street', 'Mill Lane')}",
                f"{ch('Leeds LS6 2QT', 'Manchester M14 5RB', 'Bristol BS8 1TH')}")
    return (f"{num} {R.choice(STREETS)}, {apt}", f"{c}, {st} {zipc}")


def zmobile():
    return ch("13", "15", "18", "17", "19") + str(R.randint(0 if True else 3, 9)) + digits(8, False)


def zmob_fmt(m, style=None):
    style = style if style is not None else R.randint(0, 7)
    return [m, m, f"{m[:3]}-{m[3:7]}-{m[7:]}", f"{m[:3]} {m[3:7]} {m[7:]}", f"+86 {m[:3]} {m[3:7]} {m[7:]}",
            f"+86-{m}", f"(+86){m}", f"+86{m}"][style]


def zland(area):
    n = digits(8) if len(area) == 3 else digits(R.choice([7, 8]))
    st = R.randint(0, 4)
    if st == 0:
        return f"{area}-{n}"
    if st == 1:
        return f"({area}){n[:-4]}-{n[-4:]}"
    cut = 4 if len(n) == 8 else 3
    if st == 2:
        return f"{area}-{n[:cut]} {n[cut:]}"
    if st == 3:
        return f"({area}){n}"
    return f"{area} {n[:cut]} {n[cut:]}"


def ephone(style=None):
    a, b, c = f"{R.randint(201, 989)}", f"555", f"{R.randint(100, 9999):04d}"
    if R.random() < 0.5:
        b = f"{R.randint(201, 989)}"
    st = style if style is not None else R.randint(0, 5)
    return [f"({a}) {b}-{c}", f"{a}-{b}-{c}", f"{a}.{b}.{c}", f"+1 {a} {b} {c}", f"+1 ({a}) {b}-{c}",
            f"1-{a}-{b}-{c}"][st]


# --------------------------------------------------------------------------- hospitals
ZH_HOSP = [("江州市第一人民医院", "Jiangzhou First People's Hospital", "jzsyy.com.cn"),
           ("华东医科大学附属肿瘤医院", "Cancer Hospital Affiliated to East China Medical University", "hdzl.org.cn"),
           ("南州大学附属肿瘤医院", "Nanzhou University Cancer Hospital", "nzcancer.cn"),
           ("滨海市中心医院", "Binhai Central Hospital", "bhzxyy.cn"),
           ("青州市第三人民医院", "Qingzhou Third People's Hospital", "qzsy3.cn"),
           ("河西省肿瘤医院", "Hexi Provincial Cancer Hospital", "hxzl.gov.cn"),
           ("中原大学附属第二医院", "Second Affiliated Hospital of Zhongyuan University", "zydxfey.com"),
           ("临江市人民医院", "Linjiang People's Hospital", "ljrmyy.cn")]
ZH_LABS = ["博源基因检测有限公司", "瑞康医学检验实验室", "华辰精准医学检验所"]
EN_HOSP = [("St. Mary's Medical Center", "stmarysmc.org"), ("Riverside Cancer Institute", "riversidecancer.org"),
           ("Lakeview University Hospital", "lakeviewuh.edu"), ("Northfield Regional Medical Center", "northfieldrmc.org"),
           ("Memorial Oncology Associates", "memonc.com"), ("Green Valley Community Hospital", "gvch.org")]
EN_LABS = ["Genomic Insights Laboratory", "Precision Dx Labs, Inc.", "Helix Molecular Diagnostics"]


class ZHosp:
    def __init__(self, t):
        self.name, self.en, self.dom = t
        city = R.choice(CITIES)
        self.area = city[6]
        road, _ = R.choice(ROADS)
        self.addr = f"{city[0]}{city[1]}{road}{R.randint(1, 400)}号"
        self.phone = zland(self.area)
        self.fax = zland(self.area)
        self.url = ch(f"http://www.{self.dom}", f"https://www.{self.dom}/", f"www.{self.dom}")
        self.report_url = f"https://report.{self.dom}/query?rid={alnum(10)}"
        self.email = ch("bgs", "yiwuchu", "blk", "zlnk", "service") + "@" + self.dom
        self.docs = [zname() for _ in range(14)]
        self.nurses = [zname(sex="女") for _ in range(6)] + [zname(sex="男")]
        self.ip = f"{ch('192.168', '10.10', '172.16')}.{R.randint(0, 40)}.{R.randint(2, 250)}"


class EHosp:
    def __init__(self, t):
        self.name, self.dom = t
        c, st, z = R.choice(US_CITIES)
        self.addr = (f"{R.randint(100, 9999)} {R.choice(STREETS)}", f"{c}, {st} {z}{R.randint(0, 99):02d}")
        self.phone = ephone()
        self.fax = ephone()
        self.url = ch(f"https://www.{self.dom}", f"www.{self.dom}", f"https://mychart.{self.dom}")
        self.email = ch("medrecords", "oncology.referrals", "pathology", "him") + "@" + self.dom
        self.docs = [ename() for _ in range(14)]
        # a doctor whose surname is also an eponym (disambiguation test)
        self.docs[3] = ename(last=ch("Barrett", "Paget", "Hodgkin", "Cushing"))
        self.nurses = [ename(sex=ch("F", "F", "M")) for _ in range(6)]
        self.ip = f"10.{R.randint(0, 255)}.{R.randint(0, 255)}.{R.randint(2, 250)}"


ZH_HOSPS = [ZHosp(t) for t in ZH_HOSP]
EN_HOSPS = [EHosp(t) for t in EN_HOSP]
ZH_DEPT = {"lung": "胸外科", "gastric": "胃肠外科", "crc": "胃肠外科", "breast": "乳腺外科", "liver": "肝胆外科",
           "eso": "胸外科", "hl": "血液科", "npc": "放疗科", "kidney": "泌尿外科"}
ZH_DEPT_MED = ["肿瘤内科", "肿瘤内科", "放疗科", "综合科"]
EN_DEPT = {"lung": "Thoracic Surgery", "gastric": "Surgical Oncology", "crc": "Colorectal Surgery",
           "breast": "Breast Surgery", "liver": "Hepatobiliary Surgery", "eso": "Thoracic Surgery",
           "hl": "Hematology/Oncology", "npc": "Radiation Oncology", "kidney": "Urology"}


# --------------------------------------------------------------------------- clinical scenarios (non-PHI)
SC = {
    "lung": dict(
        zdx="右肺上叶浸润性腺癌", zicd="C34.1", zsite="右肺上叶", zsym="咳嗽、痰中带血1月余",
        zsurg="胸腔镜下右肺上叶切除术+系统性纵隔淋巴结清扫术",
        zimg="右肺上叶尖后段见一分叶状软组织密度结节，大小约3.1×2.4cm，边缘见毛刺及胸膜牵拉征，增强扫描呈不均匀强化，PET示FDG摄取增高，SUVmax 8.5；右肺门及4R组淋巴结稍大，短径约1.1cm，SUVmax 4.2",
        zimp="右肺上叶占位，考虑周围型肺癌（cT2aN2M0可能）；肝S7段小囊肿",
        zgross="肺叶切除标本一件，大小16×10×3.5cm，距支气管切缘2.5cm处见一灰白结节，大小3.2×2.5×2.0cm，切面灰白实性，质硬，累及脏层胸膜",
        zpath="（右肺上叶）浸润性腺癌，腺泡型为主（70%），伴微乳头型（20%）及贴壁型（10%），脏层胸膜受侵（PL1）；支气管切缘未见癌；第10组淋巴结见癌转移（2/15），其余各组淋巴结未见癌转移（0/13）",
        ztnm="pT2aN1M0，ⅡB期（AJCC第8版）", zihc="TTF-1(+)，NapsinA(+)，CK7(+)，P40(-)，P63(-)，ALK(D5F3)(-)，ROS1(-)，PD-L1(22C3) TPS约40%，Ki-67约30%",
        zgene="EGFR 19外显子缺失突变（E746_A750del，丰度12.5%），KRAS、BRAF V600E、MET 14外显子跳跃均未检测到，TP53 R273H（丰度8.1%）",
        zrx="奥希替尼80mg qd口服辅助靶向治疗", zchemo="培美曲塞500mg/m² d1+卡铂AUC 5 d1 q21d", zmarker="CEA 12.5ng/mL，CYFRA21-1 4.6ng/mL",
        edx="invasive adenocarcinoma of the right upper lobe", eicd="C34.11", esite="right upper lobe",
        esurg="VATS right upper lobectomy with mediastinal lymph node dissection",
        eimg="Spiculated 3.1 x 2.4 cm mass in the apical-posterior right upper lobe with pleural retraction, SUVmax 8.5. Right hilar and 4R nodes measure up to 1.1 cm short axis (SUVmax 4.2).",
        epath="Invasive adenocarcinoma, acinar predominant (70%), micropapillary (20%), lepidic (10%); visceral pleural invasion (PL1); bronchial margin negative; metastatic carcinoma in 2 of 15 lymph nodes (station 10R)",
        etnm="pT2a pN1 M0, stage IIB (AJCC 8th ed.)", eihc="TTF-1 positive, Napsin A positive, p40 negative; ALK (D5F3) negative; PD-L1 22C3 TPS 40%; Ki-67 approximately 30%",
        egene="EGFR exon 19 deletion (E746_A750del, VAF 12.5%); TP53 R273H (VAF 8.1%); no KRAS, BRAF V600E, or MET exon 14 alterations",
        erx="adjuvant osimertinib 80 mg daily", echemo="pemetrexed 500 mg/m2 plus carboplatin AUC 5 every 21 days", emarker="CEA 12.5 ng/mL"),
    "gastric": dict(
        zdx="胃窦低分化腺癌", zicd="C16.3", zsite="胃窦", zsym="上腹部隐痛伴黑便2月",
        zsurg="腹腔镜辅助远端胃大部切除术（D2淋巴结清扫，毕Ⅱ式吻合）",
        zimg="胃窦壁不均匀增厚，最厚约1.8cm，浆膜面毛糙，PET示FDG摄取增高，SUVmax 12.3；胃小弯侧见多发肿大淋巴结，较大者约1.5×1.2cm；左锁骨上（Virchow淋巴结）未见肿大；双侧卵巢未见Krukenberg瘤征象",
        zimp="胃窦癌伴胃周淋巴结转移可能",
        zgross="远端胃切除标本，小弯长12cm，大弯长20cm，胃窦小弯侧见一溃疡型肿物，大小4.5×3.8cm，Borrmann Ⅲ型，浸润至浆膜下",
        zpath="（远端胃）低分化腺癌，部分为印戒细胞癌（约30%），Lauren分型：弥漫型；侵及浆膜下层；可见脉管内癌栓及神经侵犯；上、下切缘未见癌；小弯侧淋巴结见癌转移（5/23）",
        ztnm="pT3N2M0，ⅢA期", zihc="HER2(1+)，MLH1(+)，MSH2(+)，MSH6(+)，PMS2(+)，CLDN18.2(2+ 约60%)，EBER(-)，Ki-67约60%",
        zgene="HER2未见扩增，MSS，TMB 4.2 mut/Mb",
        zrx="SOX方案辅助化疗（奥沙利铂130mg/m² d1+替吉奥40mg bid d1-14 q3w）", zchemo="SOX方案", zmarker="CA19-9 86.4U/mL，CEA 6.2ng/mL",
        edx="poorly differentiated gastric adenocarcinoma", eicd="C16.3", esite="gastric antrum",
        esurg="laparoscopic distal gastrectomy with D2 lymphadenectomy",
        eimg="Irregular wall thickening of the gastric antrum up to 1.8 cm with perigastric nodes up to 1.5 cm; no Virchow node; no ovarian (Krukenberg) lesion.",
        epath="Poorly cohesive / signet-ring cell carcinoma component (~30%), Lauren diffuse type, invading subserosa; lymphovascular and perineural invasion present; margins negative; 5 of 23 lymph nodes positive",
        etnm="pT3 pN2 M0, stage IIIA", eihc="HER2 1+ (negative); MLH1, PMS2, MSH2, MSH6 retained; Claudin 18.2 positive in 60%; Ki-67 60%",
        egene="MSS, TMB 4.2 mut/Mb, ERBB2 not amplified", erx="adjuvant CAPOX", echemo="capecitabine 1000 mg/m2 bid d1-14 plus oxaliplatin 130 mg/m2 q3w", emarker="CA 19-9 86.4 U/mL"),
    "crc": dict(
        zdx="乙状结肠中分化腺癌", zicd="C18.7", zsite="乙状结肠", zsym="大便习惯改变伴便血3月",
        zsurg="腹腔镜下乙状结肠癌根治术",
        zimg="乙状结肠肠壁环形增厚，长约5.2cm，管腔狭窄，周围脂肪间隙见数枚小淋巴结，较大者约0.8cm；肝内未见明确转移灶",
        zimp="乙状结肠癌，T3N1可能",
        zgross="结肠切除标本一段，长22cm，距一侧切缘6cm处见一环周溃疡型肿物，大小5.0×4.0cm",
        zpath="（乙状结肠）中分化腺癌，浸润至浆膜下脂肪组织，可见脉管侵犯，未见神经侵犯；两端切缘及环周切缘未见癌；肠周淋巴结见癌转移（2/14），另见癌结节1枚",
        ztnm="pT3N1cM0，ⅢB期（Dukes C期）", zihc="MLH1(+)，MSH2(+)，MSH6(+)，PMS2(+)，CDX2(+)，SATB2(+)，Ki-67约70%",
        zgene="KRAS G12C突变（丰度21.3%），NRAS、BRAF V600E野生型，MSS；未见Lynch综合征相关胚系突变",
        zrx="CAPEOX方案辅助化疗8周期", zchemo="CAPEOX（奥沙利铂130mg/m² d1+卡培他滨1000mg/m² bid d1-14）", zmarker="CEA 8.9ng/mL，CA19-9 35.2U/mL",
        edx="moderately differentiated adenocarcinoma of the sigmoid colon", eicd="C18.7", esite="sigmoid colon",
        esurg="laparoscopic sigmoid colectomy",
        eimg="Circumferential wall thickening of the sigmoid colon over 5.2 cm with adjacent subcentimeter nodes; no hepatic metastases.",
        epath="Moderately differentiated adenocarcinoma invading pericolorectal tissue; lymphovascular invasion present; all margins negative; 2 of 14 lymph nodes positive plus one tumor deposit",
        etnm="pT3 pN1c M0, stage IIIB", eihc="MLH1, PMS2, MSH2, MSH6 intact (MMR proficient); CDX2 and SATB2 positive",
        egene="KRAS G12C (VAF 21.3%); NRAS and BRAF wild type; MSS; no germline findings suggestive of Lynch syndrome", erx="adjuvant CAPOX for 3 months", echemo="FOLFOX", emarker="CEA 8.9 ng/mL"),
    "breast": dict(
        zdx="左乳浸润性导管癌", zicd="C50.4", zsite="左乳外上象限", zsym="发现左乳肿物2月",
        zsurg="左乳癌改良根治术",
        zimg="左乳外上象限见一不规则低回声肿块，大小约2.8×2.1cm，边缘成角，内见点状钙化，BI-RADS 5类；左腋窝见肿大淋巴结，皮髓质分界不清",
        zimp="左乳癌伴左腋窝淋巴结转移可能",
        zgross="左乳改良根治标本，乳房大小20×18×4cm，乳头未见凹陷，外上象限距乳头3cm处见一灰白肿物，大小2.7×2.2×1.8cm",
        zpath="（左乳）浸润性导管癌，Ⅱ级（Nottingham评分7分），伴少量导管原位癌（中级别）；乳头未见Paget病；皮肤及基底切缘未见癌；腋窝淋巴结见癌转移（3/18）",
        ztnm="pT2N1aM0，ⅡB期", zihc="ER(90%强+)，PR(60%中等+)，HER2(3+)，AR(+)，CK5/6(-)，E-cadherin(+)，Ki-67约30%",
        zgene="BRCA1/BRCA2胚系检测未见致病或可能致病变异；PIK3CA H1047R突变",
        zrx="TCbHP方案（多西他赛+卡铂+曲妥珠单抗+帕妥珠单抗）", zchemo="TCbHP方案", zmarker="CA15-3 32.1U/mL",
        edx="invasive ductal carcinoma of the left breast", eicd="C50.412", esite="left breast, upper outer quadrant",
        esurg="left modified radical mastectomy",
        eimg="Irregular hypoechoic mass 2.8 x 2.1 cm at 2 o'clock, 3 cm from the nipple, with microcalcifications (BI-RADS 5); abnormal left axillary node.",
        epath="Invasive ductal carcinoma, Nottingham grade 2 (score 7/9), with intermediate-grade DCIS; no Paget disease of the nipple; margins negative; 3 of 18 axillary lymph nodes positive",
        etnm="pT2 pN1a M0, stage IIB", eihc="ER positive (90%, strong), PR positive (60%), HER2 3+ (positive), Ki-67 30%",
        egene="No pathogenic BRCA1/2 variant; PIK3CA H1047R", erx="docetaxel, carboplatin, trastuzumab and pertuzumab (TCHP)", echemo="TCHP x 6 cycles", emarker="CA 15-3 32.1 U/mL"),
    "liver": dict(
        zdx="原发性肝细胞癌", zicd="C22.0", zsite="肝S7段", zsym="体检发现肝占位1周",
        zsurg="腹腔镜下肝S7段切除术",
        zimg="肝S7段见一类圆形肿块，大小约4.6×4.1cm，动脉期明显强化，门脉期及延迟期廓清，呈“快进快出”表现，包膜可见；门静脉主干及分支未见癌栓；肝硬化，脾大",
        zimp="肝S7段占位，考虑肝细胞癌（LI-RADS 5类）；肝硬化",
        zgross="部分肝切除标本，大小9×7×5cm，切面见一灰黄结节，大小4.5×4.0×3.8cm，有包膜，周围肝组织呈结节性肝硬化",
        zpath="（肝S7段）肝细胞癌，中分化（Edmondson-Steiner Ⅱ级），MVI分级M1（<5个），未见卫星灶；肝切缘未见癌，距肿瘤最近0.8cm；周围肝组织呈结节性肝硬化（G2S4）",
        ztnm="pT1bN0M0，ⅠB期（CNLC Ⅰa期）", zihc="Hep-1(+)，Arg-1(+)，GPC-3(+)，CK19(-)，CD34(血窦毛细血管化+)，Ki-67约20%",
        zgene="TERT启动子突变，CTNNB1 S45P突变",
        zrx="恩替卡韦0.5mg qd抗病毒，定期复查", zchemo="仑伐替尼8mg qd", zmarker="AFP 456ng/mL，PIVKA-Ⅱ 1280mAU/mL；Child-Pugh A级（5分）",
        edx="hepatocellular carcinoma", eicd="C22.0", esite="segment 7 of the liver",
        esurg="laparoscopic segment 7 hepatectomy",
        eimg="4.6 cm arterially enhancing mass in hepatic segment VII with washout and capsule (LI-RADS 5); cirrhotic liver morphology and splenomegaly; no portal vein thrombus.",
        epath="Hepatocellular carcinoma, moderately differentiated (Edmondson-Steiner grade II), microvascular invasion present; margin negative (0.8 cm); background cirrhosis",
        etnm="pT1b N0 M0, stage IB", eihc="HepPar-1, arginase-1 and glypican-3 positive; CK19 negative",
        egene="TERT promoter and CTNNB1 S45P mutations", erx="entecavir and surveillance", echemo="lenvatinib 8 mg daily", emarker="AFP 456 ng/mL; Child-Pugh class A"),
    "eso": dict(
        zdx="食管下段腺癌（Barrett食管背景）", zicd="C15.5", zsite="食管下段", zsym="进行性吞咽困难3月",
        zsurg="新辅助放化疗后行Ivor Lewis食管癌根治术",
        zimg="食管下段管壁不规则增厚，长约6cm，最厚约1.5cm，SUVmax 10.6；贲门旁及胃左动脉旁见肿大淋巴结",
        zimp="食管下段癌伴区域淋巴结转移",
        zgross="食管-近端胃切除标本，食管长15cm，距下切缘3cm处见一溃疡型肿物，大小3.5×2.5cm",
        zpath="（食管下段）中分化腺癌，背景为Barrett食管伴高级别异型增生；肿瘤退缩分级TRG 2级；侵及外膜；上、下切缘及环周切缘未见癌；淋巴结见癌转移（1/21）",
        ztnm="ypT3N1M0", zihc="CK7(+)，CDX2(+)，HER2(2+，FISH未扩增)，PD-L1 CPS 15，MLH1/PMS2/MSH2/MSH6(+)，Ki-67约50%",
        zgene="TP53突变，ERBB2未扩增",
        zrx="纳武利尤单抗辅助免疫治疗1年", zchemo="紫杉醇50mg/m²+卡铂AUC 2 qw同步放疗（41.4Gy/23f）", zmarker="CEA 4.1ng/mL",
        edx="adenocarcinoma of the distal esophagus arising in Barrett esophagus", eicd="C15.5", esite="distal esophagus",
        esurg="Ivor Lewis esophagectomy after neoadjuvant chemoradiation (CROSS)",
        eimg="Circumferential distal esophageal wall thickening over 6 cm (SUVmax 10.6) with paracardial and left gastric nodes.",
        epath="Residual moderately differentiated adenocarcinoma with background Barrett esophagus and high-grade dysplasia; tumor regression grade 2; margins negative; 1 of 21 lymph nodes positive",
        etnm="ypT3 N1 M0", eihc="HER2 2+ (FISH not amplified); PD-L1 CPS 15; MMR proficient",
        egene="TP53 mutation; ERBB2 not amplified", erx="adjuvant nivolumab for 1 year", echemo="carboplatin/paclitaxel with 41.4 Gy in 23 fractions", emarker="CEA 4.1 ng/mL"),
    "hl": dict(
        zdx="经典型霍奇金淋巴瘤（结节硬化型）", zicd="C81.1", zsite="左颈部淋巴结", zsym="发现左颈部无痛性肿物1月，伴夜间盗汗",
        zsurg="左颈部淋巴结切除活检术",
        zimg="左颈部Ⅳ区及左锁骨上、纵隔内多发肿大淋巴结，部分融合，较大者约3.5×2.8cm，SUVmax 9.7；脾脏未见异常摄取",
        zimp="左颈部、锁骨上及纵隔多发淋巴结肿大，考虑淋巴瘤（Ann Arbor ⅡB期）",
        zgross="淋巴结一枚，大小3.0×2.2×1.5cm，切面灰白，呈结节状，可见纤维分隔",
        zpath="（左颈部淋巴结）经典型霍奇金淋巴瘤，结节硬化型，可见散在Reed-Sternberg细胞及陷窝细胞",
        ztnm="Ann Arbor ⅡB期（伴B症状），IPS 2分", zihc="CD30(+)，CD15(+)，PAX5(弱+)，CD20(-)，CD3(-)，CD45(-)，MUM1(+)，EBER(-)，Ki-67约60%",
        zgene="未检测", zrx="ABVD方案（多柔比星25mg/m²+博来霉素10mg/m²+长春花碱6mg/m²+达卡巴嗪375mg/m² d1、d15 q28d）",
        zchemo="ABVD方案", zmarker="LDH 312U/L，ESR 48mm/h",
        edx="classic Hodgkin lymphoma, nodular sclerosis subtype", eicd="C81.10", esite="left cervical lymph node",
        esurg="excisional biopsy of a left cervical lymph node",
        eimg="Conglomerate left level IV, supraclavicular and mediastinal adenopathy up to 3.5 cm (SUVmax 9.7); spleen without abnormal uptake.",
        epath="Classic Hodgkin lymphoma, nodular sclerosis type, with scattered Reed-Sternberg and lacunar cells",
        etnm="Ann Arbor stage IIB", eihc="CD30+, CD15+, PAX5 weak, CD20-, CD3-, CD45-, EBER negative",
        egene="not performed", erx="ABVD x 6 cycles", echemo="ABVD (doxorubicin, bleomycin, vinblastine, dacarbazine)", emarker="LDH 312 U/L"),
    "npc": dict(
        zdx="鼻咽非角化性未分化型癌", zicd="C11.9", zsite="鼻咽", zsym="回吸性涕血伴右耳闷2月",
        zsurg="电子鼻咽镜下鼻咽肿物活检术",
        zimg="鼻咽右侧壁及顶后壁软组织增厚，侵犯右侧咽旁间隙及颅底斜坡，右侧咽后及双颈Ⅱ区多发肿大淋巴结，较大者约2.6×2.0cm",
        zimp="鼻咽癌，侵犯颅底，双颈淋巴结转移（T3N2M0，Ⅲ期）",
        zgross="灰红色碎组织数块，总体积0.8×0.6×0.3cm", zpath="（鼻咽）非角化性未分化型癌",
        ztnm="T3N2M0，Ⅲ期（AJCC第8版）", zihc="CK(+)，P63(+)，EBER(+)，CK5/6(+)，Ki-67约70%",
        zgene="血浆EBV-DNA 2.3×10³ copies/mL",
        zrx="GP方案诱导化疗3周期后行IMRT（PGTVnx 70Gy/33f）同期顺铂100mg/m² q3w", zchemo="吉西他滨1g/m² d1、d8+顺铂80mg/m² d1",
        zmarker="EBV-DNA 2300 copies/mL",
        edx="nonkeratinizing undifferentiated nasopharyngeal carcinoma", eicd="C11.9", esite="nasopharynx",
        esurg="endoscopic nasopharyngeal biopsy",
        eimg="Right lateral and posterior nasopharyngeal wall mass with parapharyngeal and clival invasion; bilateral level II nodes up to 2.6 cm.",
        epath="Nonkeratinizing undifferentiated carcinoma, EBER positive", etnm="T3 N2 M0, stage III",
        eihc="Pan-CK+, p63+, EBER-ISH positive", egene="plasma EBV DNA 2,300 copies/mL",
        erx="induction gemcitabine-cisplatin followed by IMRT 70 Gy/33 fx with concurrent cisplatin", echemo="gemcitabine/cisplatin", emarker="EBV DNA 2,300 copies/mL"),
    "kidney": dict(
        zdx="左肾透明细胞性肾细胞癌", zicd="C64.9", zsite="左肾", zsym="体检发现左肾占位2周（其兄幼年曾患Wilms瘤）",
        zsurg="腹腔镜下左肾根治性切除术",
        zimg="左肾中下极见一类圆形混杂密度肿块，大小约5.5×4.8cm，增强扫描皮质期明显不均匀强化，内见坏死区；左肾静脉未见癌栓",
        zimp="左肾占位，考虑肾透明细胞癌",
        zgross="左肾根治标本，肾大小12×6×5cm，中下极见一金黄色肿物，大小5.6×5.0×4.5cm，未侵及肾周脂肪",
        zpath="（左肾）透明细胞性肾细胞癌，WHO/ISUP 2级，未见肉瘤样及横纹肌样分化；未侵犯肾窦脂肪及肾周脂肪；输尿管及血管切缘未见癌",
        ztnm="pT1bN0M0，Ⅰ期", zihc="CA9(+)，CD10(+)，PAX8(+)，Vimentin(+)，CK7(-)，TFE3(-)，Ki-67约10%",
        zgene="VHL突变，PBRM1突变", zrx="定期随访，暂不行辅助治疗", zchemo="帕博利珠单抗200mg q3w辅助治疗",
        zmarker="肌酐 98μmol/L，eGFR 72mL/min",
        edx="clear cell renal cell carcinoma of the left kidney", eicd="C64.2", esite="left kidney",
        esurg="laparoscopic left radical nephrectomy",
        eimg="5.5 cm heterogeneously enhancing mass in the lower pole of the left kidney with central necrosis; no renal vein tumor thrombus. (History of Wilms tumor in a sibling.)",
        epath="Clear cell renal cell carcinoma, WHO/ISUP grade 2, no sarcomatoid features; confined to kidney; margins negative",
        etnm="pT1b N0 M0, stage I", eihc="CA-IX, CD10 and PAX8 positive; CK7 negative",
        egene="VHL and PBRM1 mutations", erx="adjuvant pembrolizumab 200 mg q3w", echemo="pembrolizumab", emarker="creatinine 1.1 mg/dL"),
}


# --------------------------------------------------------------------------- patients
REL_ZH = [("女儿", "女", "child"), ("儿子", "男", "child"), ("妻子", "女", "spouse"), ("丈夫", "男", "spouse"),
          ("儿媳", "女", "other"), ("女婿", "男", "other"), ("侄子", "男", "child"), ("孙女", "女", "child")]
DEV_ZH = [("植入式静脉输液港", "PowerPort ClearVUE", "输液港"), ("PICC导管", "BD三向瓣膜式PICC", "PICC"),
          ("双腔永久起搏器", "Medtronic Azure XT DR", "起搏器"), ("左乳组织扩张器", "Natrelle 133", "扩张器"),
          ("胆道金属支架", "Boston Scientific WallFlex", "支架")]
DEV_EN = [("implanted port", "Bard PowerPort", "port"), ("dual-chamber pacemaker", "Medtronic Azure XT DR", "pacemaker"),
          ("implantable cardioverter-defibrillator", "Boston Scientific Dynagen", "ICD"),
          ("tissue expander", "Mentor CPX4", "expander"), ("PICC line", "Arrow PICC", "PICC")]


def dev_sn():
    return ch(letters(3) + digits(6) + letters(1), digits(2) + letters(1) + digits(6), letters(2) + "-" + digits(7),
              "SN" + digits(8), letters(1) + digits(3) + letters(2) + digits(4))


class ZPatient:
    def __init__(self, pid):
        self.pid, self.lang = pid, "zh"
        self.sc_key = R.choice(list(SC))
        self.sc = SC[self.sc_key]
        sex = "女" if self.sc_key == "breast" else ch("男", "女")
        self.name = zname(sex=sex)
        self.sex = sex
        self.old = R.random() < 0.2
        self.age = R.randint(90, 98) if self.old else R.randint(28, 86)
        self.t0 = dt.date(R.randint(2019, 2024), R.randint(1, 12), R.randint(1, 28))
        self.birth = dt.date(self.t0.year - self.age - 1, R.randint(1, 12), R.randint(1, 28))
        if (self.birth.month, self.birth.day) < (self.t0.month, self.t0.day):
            self.birth = self.birth.replace(year=self.birth.year + 1)
        city = R.choice(CITIES)
        self.addr = ZAddr(city)
        self.id18 = cn_id(city[5], self.birth, sex == "男", R.random() < 0.22)
        self.passport = ch("E", "E", "EA", "EB", "G") if R.random() < 0.35 else None
        if self.passport:
            self.passport = self.passport + digits(9 - len(self.passport), False)
        self.ins = ch("YB" + digits(12), digits(10), city[5][:4] + digits(8), "H" + digits(9))
        self.sbk = ch("A" + digits(8), "S" + digits(11), "SB" + digits(10))
        self.mobile = zmobile()
        self.land = zland(city[6]) if R.random() < 0.5 else None
        self.email = None
        if R.random() < 0.45:
            self.email = ch(f"{self.name.psur.lower()}{self.name.pgiven.lower()}{R.randint(50, 99)}@163.com",
                            f"{digits(R.randint(7, 10))}@qq.com",
                            f"{self.name.pgiven.lower()}_{self.name.psur.lower()}@126.com",
                            f"{self.name.psur.lower()}.{self.name.pgiven[0].lower()}{R.randint(1, 999)}@sina.com")
        self.hosp = R.choice(ZH_HOSPS)
        self.other_hosp = R.choice([h for h in ZH_HOSPS if h is not self.hosp])
        self.dept = ZH_DEPT[self.sc_key]
        self.dept2 = R.choice(ZH_DEPT_MED)
        d = R.sample(self.hosp.docs, 8)
        self.attending, self.surgeon, self.resident, self.patho, self.patho2, self.radio, self.chief, self.onc = d
        self.nurse, self.nurse2 = R.sample(self.hosp.nurses, 2)
        rel, rsex, kind = R.choice(REL_ZH)
        if kind == "child":
            rn = zname(sex=rsex, surname=(self.name.sur, self.name.psur),
                       kind="compound" if len(self.name.sur) == 2 else "common")
        else:
            rn = zname(sex=rsex)
        if kind == "spouse":
            rel = "丈夫" if sex == "女" else "妻子"
            rn = zname(sex="男" if sex == "女" else "女")
        self.rel, self.relname, self.relmobile = rel, rn, zmobile()
        self.rel_id = cn_id(R.choice(CITIES)[5], dt.date(R.randint(1950, 1995), R.randint(1, 12), R.randint(1, 28)),
                            rn.sex == "男", R.random() < 0.15)
        yy = self.t0.year % 100
        self.bah = ch(f"{R.randint(100000, 9999999):07d}", f"BA{self.t0.year}{digits(5, False)}", f"{digits(8)}")
        self.zyh = ch(f"ZY{self.t0.year}{digits(6, False)}", f"{digits(7)}", f"{yy}{digits(5, False)}", f"Z{digits(8)}")
        self.mzh = ch(f"MZ{yy}{digits(8, False)}", digits(10), f"{self.t0.year}{digits(6, False)}")
        self.blh = ch(f"{self.t0.year}-{digits(5, False)}", f"P{yy}{digits(4, False)}", f"B{yy}-{digits(5, False)}",
                      f"{yy}B{digits(5, False)}")
        self.frozen = f"F{yy}-{digits(4, False)}"
        self.bbh = ch(f"S{self.t0.year}{self.t0.month:02d}{digits(4, False)}", f"BB{yy}{digits(4, False)}-{R.randint(1, 20):02d}")
        self.bed = ch(f"{R.randint(1, 60)}床", f"{R.randint(1, 60)}床", f"+{R.randint(1, 6)}床", f"{ch('A', 'B')}{R.randint(1, 30)}床")
        self.exam = ch(f"CT{yy}{digits(7, False)}", f"PET{self.t0.year}-{digits(4, False)}", f"MR{digits(8)}", f"{digits(9)}")
        self.barcode = digits(ch(10, 11, 12))
        self.gene_no = f"{ch('GD', 'NGS', 'BY')}{yy}{digits(6, False)}"
        self.device = None
        if R.random() < 0.55:
            typ, model, short = R.choice(DEV_ZH if self.sc_key == "breast" else DEV_ZH[:3] + DEV_ZH[4:])
            self.device = (typ, model, short, dev_sn())
        # dates
        t = self.t0
        self.d_out = t
        self.d_img = add(t, R.randint(2, 8))
        self.d_adm = add(t, R.randint(10, 20))
        self.d_surg = add(self.d_adm, R.randint(2, 4))
        self.d_path = add(self.d_surg, R.randint(4, 7))
        self.d_dis = add(self.d_surg, R.randint(6, 10))
        self.d_prev = add(t, -R.randint(20, 70))     # outside-hospital exam
        self.d_fu = add(self.d_dis, R.randint(30, 200))

    # ---- rendering helpers
    def nm(self):
        return N(self.name.full)

    def zage(self, suffix="岁"):
        s = f"{self.age}{suffix}"
        return (s, "AGE") if self.age >= 90 else s

    def mob(self, style=None):
        return PHN(zmob_fmt(self.mobile, style))


class EPatient:
    def __init__(self, pid):
        self.pid, self.lang = pid, "en"
        self.sc_key = R.choice(list(SC))
        self.sc = SC[self.sc_key]
        sex = "F" if self.sc_key == "breast" else ch("M", "F")
        self.sex = sex
        self.name = ename(sex=sex)
        self.old = R.random() < 0.26
        self.age = R.randint(90, 99) if self.old else R.randint(30, 87)
        self.t0 = dt.date(R.randint(2019, 2024), R.randint(1, 12), R.randint(1, 28))
        self.dob = dt.date(self.t0.year - self.age - 1, R.randint(1, 12), R.randint(1, 28))
        if (self.dob.month, self.dob.day) < (self.t0.month, self.t0.day):
            self.dob = self.dob.replace(year=self.dob.year + 1)
        self.addr = en_addr()
        self.phone = ephone(R.randint(0, 2))
        self.cell = ephone(R.randint(0, 5))
        self.email = ch(f"{self.name.first.lower()}.{self.name.last.lower().replace(' ', '').replace(chr(39), '')}{R.randint(1, 99)}@gmail.com",
                        f"{self.name.first[0].lower()}{self.name.last.lower().replace(' ', '').replace(chr(39), '')}@outlook.com",
                        f"{self.name.first.lower()}{R.randint(1940, 1999)}@yahoo.com")
        self.mrn = ch(digits(8, False), f"{digits(3)}-{digits(4)}", "MR" + digits(7), digits(9, False))
        self.acct = ch(digits(10), "A" + digits(9), f"FIN{digits(8)}")
        self.ssn = f"{R.randint(100, 665)}-{R.randint(10, 99)}-{R.randint(1000, 9999)}"
        self.member = ch(f"{letters(3)}{digits(9)}", f"W{digits(9)}", f"{letters(2)}{digits(6)}{letters(1)}")
        self.mbi = f"{R.randint(1, 9)}{letters(1)}{alnum(1)}{digits(1)}-{letters(1)}{alnum(1)}{digits(1)}-{letters(2)}{digits(2)}"
        self.passport = ch(digits(9), f"{letters(1)}{digits(8)}")
        self.hosp = R.choice(EN_HOSPS)
        self.other_hosp = R.choice([h for h in EN_HOSPS if h is not self.hosp])
        self.dept = EN_DEPT[self.sc_key]
        d = R.sample(self.hosp.docs, 7)
        self.attending, self.surgeon, self.patho, self.radio, self.onc, self.resident, self.pcp = d
        self.nurse, self.nurse2 = R.sample(self.hosp.nurses, 2)
        rel = ch("daughter", "son", "wife", "husband", "niece", "grandson")
        rsex = "F" if rel in ("daughter", "wife", "niece") else "M"
        if rel == "wife" and sex == "F":
            rel, rsex = "husband", "M"
        if rel == "husband" and sex == "M":
            rel, rsex = "wife", "F"
        self.rel = rel
        self.relname = ename(sex=rsex, last=self.name.last if rel in ("daughter", "son", "wife", "husband") and R.random() < 0.7 else None)
        self.relphone = ephone()
        yy = self.t0.year % 100
        self.acc = ch(f"S{yy}-{digits(5, False)}", f"SP-{yy}-{digits(6, False)}", f"{yy}S{digits(5)}")
        self.rad_acc = ch(f"RAD{digits(8)}", f"{digits(10)}", f"CT-{yy}-{digits(6, False)}")
        self.room = ch(f"{R.randint(2, 9)}{R.randint(10, 40)}-{ch('A', 'B')}", f"{R.randint(200, 950)}", f"{R.randint(3, 8)}W-{R.randint(1, 30)}")
        self.lab_id = f"{ch('L', 'C', 'H')}{digits(9)}"
        self.device = None
        if R.random() < 0.55:
            typ, model, short = R.choice(DEV_EN if self.sc_key == "breast" else [x for x in DEV_EN if x[2] != "expander"])
            self.device = (typ, model, short, dev_sn())
        t = self.t0
        self.d_out = t
        self.d_img = add(t, R.randint(2, 8))
        self.d_adm = add(t, R.randint(10, 20))
        self.d_surg = add(self.d_adm, R.randint(1, 3))
        self.d_path = add(self.d_surg, R.randint(3, 7))
        self.d_dis = add(self.d_surg, R.randint(4, 9))
        self.d_prev = add(t, -R.randint(20, 70))
        self.d_fu = add(self.d_dis, R.randint(30, 200))

    def eage(self, style=None):
        """returns list of pieces for an age phrase."""
        a = self.age
        st = style or ch("yo", "year", "aged")
        if st == "year":
            s = f"{a}-year-old"
        elif st == "yo":
            s = f"{a} y/o"
        elif st == "num":
            s = f"{a}"
        else:
            s = f"{a} years"
        return (s, "AGE") if a >= 90 else s

    def nm(self, style=None):
        v = self.name.variants()
        return N(v[style] if style is not None else R.choice(v))

    def mr(self):
        return N(self.name.last)

    def title(self):
        return ("Mr." if self.sex == "M" else ch("Ms.", "Mrs."))

    def he(self):
        return "he" if self.sex == "M" else "she"

    def his(self):
        return "his" if self.sex == "M" else "her"


def dr(n, style=None):
    """English doctor name variants (title outside the span)."""
    v = [f"{n.first} {n.last}", f"{n.first} {n.mid}. {n.last}", f"{n.first[0]}. {n.last}", f"{n.last}"]
    return N(v[style] if style is not None else R.choice(v[:3]))


# --------------------------------------------------------------------------- zh templates
def zds():
    return ch("cn", "cn", "cn0", "iso", "iso", "dot", "slash", "dot0")


def zhdr(P, d, title):
    h = P.hosp
    st = R.randint(0, 3)
    if st == 0:
        d.f("{H}\n{T}\n", H=O(h.name), T=title)
    elif st == 1:
        d.f("　　　　{H}　{T}\n", H=O(h.name), T=title)
    elif st == 2:
        d.f("{H}（{EN}）\n{T}\n", H=O(h.name), EN=O(h.en), T=title)
    else:
        d.f("{H}\n地址：{A}　电话：{PH}\n{T}\n", H=O(h.name), A=AD(h.addr), PH=PHN(h.phone), T=title)


def zh_pathology(P, d):
    sc, ds = P.sc, zds()
    z = lambda x, s=None: D(zdate(x, s or ds))
    zhdr(P, d, ch("病理诊断报告书", "病理学诊断报告", "外科病理检查报告单"))
    lay = R.randint(0, 2)
    if lay == 0:
        d.f("病理号：{BL}　　　　　　送检日期：{D1}　　接收日期：{D2}\n", BL=RN(P.blh), D1=z(P.d_surg), D2=z(P.d_surg))
        d.f("姓名：{N}　性别：{S}　年龄：{A}　住院号：{Z}　床号：{B}\n", N=P.nm(), S=P.sex, A=P.zage(), Z=RN(P.zyh), B=RN(P.bed))
        d.f("送检科室：{DP}　送检医生：{DOC}　标本号：{BB}\n", DP=O(P.dept), DOC=N(P.surgeon.full), BB=RN(P.bbh))
    elif lay == 1:
        d.f("| 病理号 | {BL} | 姓名 | {N} | 性别 | {S} |\n", BL=RN(P.blh), N=P.nm(), S=P.sex)
        d.f("| 年龄 | {A} | 住院号 | {Z} | 床号 | {B} |\n", A=P.zage(), Z=RN(P.zyh), B=RN(P.bed))
        d.f("| 送检科室 | {DP} | 送检医生 | {DOC} | 送检日期 | {D1} |\n", DP=O(P.dept), DOC=N(P.surgeon.full), D1=z(P.d_surg, "iso"))
    else:
        d.f("病理号：{BL}\t姓名：{N}\t性别：{S}\t年龄：{A}\n", BL=RN(fw(P.blh)), N=P.nm(), S=P.sex, A=P.zage())
        d.f("住院号：{Z}\t床号：{B}\t科别：{DP}\n", Z=RN(fw(P.zyh)), B=RN(fw(P.bed)), DP=O(P.dept))
        d.f("送检医师：{DOC}\t收到日期：{D1}\t标本号：{BB}\n", DOC=N(P.surgeon.full), D1=D(zdate(P.d_surg, "fw")), BB=RN(fw(P.bbh)))
    d.f("临床诊断：{X}\n", X=sc["zsite"] + "占位")
    if P.sc_key == "lung" and R.random() < 0.6:
        d.t("临床病史：术前经支气管镜王氏针（TBNA）穿刺4R组淋巴结，未见癌细胞。\n")
    d.f("大体所见：{G}\n", G=sc["zgross"])
    if R.random() < 0.5:
        d.f("术中冰冻（冰冻号：{F}，{D0} {T}）：{S}恶性肿瘤，待石蜡切片及免疫组化进一步分型。\n",
            F=RN(P.frozen), D0=z(P.d_surg), T=hm(), S=sc["zsite"])
    d.f("病理诊断：\n{PA}\n{TNM}\n", PA=sc["zpath"], TNM=sc["ztnm"])
    d.f("免疫组化（蜡块A{K}）：{I}\n", K=R.randint(2, 9), I=sc["zihc"])
    if R.random() < 0.5:
        d.f("分子病理：{G}（详见{LAB}报告）\n", G=sc["zgene"], LAB=O(R.choice(ZH_LABS)))
    d.t("备注：本报告仅对送检标本负责。如有疑问请于报告发出后7个工作日内与病理科联系。\n")
    d.f("初诊医师：{A}　复诊医师：{B}　报告日期：{D3}\n", A=N(P.patho.full), B=N(P.patho2.full), D3=z(P.d_path))
    if R.random() < 0.6:
        d.f("病理科咨询电话：{PH}　电子报告查询：{U}\n", PH=PHN(P.hosp.phone), U=CT(P.hosp.report_url))
    return "pathology_report"


def zh_imaging(P, d):
    sc, ds = P.sc, zds()
    z = lambda x, s=None: D(zdate(x, s or ds))
    pet = R.random() < 0.5
    zhdr(P, d, "PET-CT检查报告" if pet else ch("CT检查诊断报告", "医学影像诊断报告（CT）"))
    if R.random() < 0.5:
        d.f("检查号：{E}　　姓名：{N}　　性别：{S}　　年龄：{A}\n", E=RN(P.exam), N=P.nm(), S=P.sex, A=P.zage())
        d.f("门诊号：{M}　　科别：{DP}　　检查日期：{D1}\n", M=RN(P.mzh), DP=O(P.dept), D1=z(P.d_img))
    else:
        d.f("姓名: {N}  性别: {S}  年龄: {A}  影像号: {E}\n住院号: {Z}  床号: {B}  申请科室: {DP}\n检查时间: {D1} {T}\n",
            N=P.nm(), S=P.sex, A=P.zage(), E=RN(P.exam), Z=RN(P.zyh), B=RN(P.bed), DP=O(P.dept), D1=z(P.d_img, "iso"), T=hm())
    if pet:
        d.t("检查项目：18F-FDG PET/CT全身显像\n检查方法：空腹血糖5.6mmol/L，静脉注射18F-FDG 8.2mCi，60分钟后行体部PET/CT扫描。\n")
    else:
        d.t("检查项目：胸部+上腹部增强CT（层厚1.25mm）\n")
    d.t("检查所见：\n")
    if R.random() < 0.7:
        d.f("与{H}{D0}CT片比较：病灶较前增大。\n", H=O(P.other_hosp.name), D0=z(P.d_prev))
    d.f("{X}\n", X=sc["zimg"])
    d.t("双肺门无增大，气管支气管通畅。心影不大。所见骨骨质未见明显破坏。\n")
    if P.device and P.device[2] == "起搏器":
        d.f("左胸壁见起搏器及导线影（{M}，序列号 {SN}，已确认为MRI兼容型号）。\n", M=P.device[1], SN=DV(P.device[3]))
    d.f("诊断意见：\n1. {I}\n2. 建议结合病理，必要时上级医院进一步诊治。\n", I=sc["zimp"])
    d.f("报告医师：{A}　　审核医师：{B}　　报告日期：{D1}\n", A=N(P.radio.full), B=N(P.chief.full), D1=z(P.d_img))
    if R.random() < 0.5:
        d.f("打印终端：{IP}　　本报告仅供临床参考\n", IP=CT(P.hosp.ip))
    return ("petct_report" if pet else "ct_report")


def zh_discharge(P, d):
    sc, ds = P.sc, zds()
    z = lambda x, s=None: D(zdate(x, s or ds))
    zhdr(P, d, ch("出院记录", "出院小结"))
    d.f("姓名：{N}　性别：{S}　年龄：{A}　科室：{DP}　床号：{B}　住院号：{Z}\n",
        N=P.nm(), S=P.sex, A=P.zage(), DP=O(P.dept), B=RN(P.bed), Z=RN(P.zyh))
    d.f("入院日期：{D1}　出院日期：{D2}　住院天数：{K}天\n", D1=z(P.d_adm), D2=z(P.d_dis), K=(P.d_dis - P.d_adm).days)
    d.f("出院诊断：1.{X}（{T}）ICD-10：{I}；2.高血压病2级；3.2型糖尿病\n", X=sc["zdx"], T=sc["ztnm"], I=sc["zicd"])
    he = "他" if P.sex == "男" else "她"
    d.f("入院情况：患者{N}，{S}，{A}，因“{SY}”于{D1}入院。", N=P.nm(), S=P.sex, A=P.zage(), SY=sc["zsym"], D1=z(P.d_adm, "md"))
    d.f("{D0}在{H}查{X}提示{SI}占位。", D0=z(P.d_prev), H=O(P.other_hosp.name), X=ZEXAM[P.sc_key], SI=sc["zsite"])
    d.t(f"入院查体：ECOG评分1分，{he}神志清，精神可，浅表淋巴结未触及肿大。\n")
    d.f("诊疗经过：入院后完善相关检查，{M}。排除手术禁忌后于{D1}在全麻下行{SU}，手术顺利，术中出血约100ml。"
        "术后病理（病理号：{BL}）示：{PA}。免疫组化：{I}。术后予抗感染、补液、镇痛等对症支持治疗，恢复可。\n",
        M=sc["zmarker"], D1=z(P.d_surg), SU=sc["zsurg"], BL=RN(P.blh), PA=sc["zpath"], I=sc["zihc"])
    if P.device and R.random() < 0.8:
        typ, model, short, sn = P.device
        if short == "起搏器":
            d.f("患者既往植入{T}（{M}，SN：{SN}），围术期请心内科程控为VOO模式，术后已恢复原参数。\n", T=typ, M=model, SN=DV(sn))
        elif short == "扩张器":
            d.f("术中同期植入{T}（{M}，SN：{SN}），术后引流通畅。\n", T=typ, M=model, SN=DV(sn))
        else:
            d.f("住院期间于{D1}行{T}植入术（{M}，SN：{SN}），术后定位良好。\n", D1=z(add(P.d_surg, 2)), T=typ, M=model, SN=DV(sn))
    d.t("出院情况：患者一般情况可，切口愈合良好（甲级愈合），无发热、咳嗽等不适。\n")
    d.f("出院医嘱：\n1. 注意休息，加强营养，避免劳累。\n2. 后续治疗：{RX}。\n3. 术后1个月返院复查，{ON}医生门诊（每周三上午）；"
        "如有不适及时就诊，必要时当地医院或上级医院就诊。\n4. 科室电话：{PH}。\n",
        RX=sc["zrx"], ON=N(P.onc.full), PH=PHN(P.hosp.phone))
    if P.age >= 85 and R.random() < 0.6:
        d.t("5. 患者高龄，已与家属沟通，必要时可考虑安宁疗护。\n")
    if R.random() < 0.7:
        d.f("家属{R}{RN}（电话：{RM}）已知晓上述医嘱并签字。\n", R=P.rel, RN=N(P.relname.full), RM=PHN(zmob_fmt(P.relmobile)))
    d.f("主治医师：{A}　　住院医师：{B}\n{DP}　{D1}\n", A=N(P.attending.full), B=N(P.resident.full), DP=O(P.dept), D1=z(P.d_dis))
    return "discharge_summary"


def zh_progress(P, d):
    sc, ds = P.sc, ch("iso", "iso", "cn", "slash")
    z = lambda x, s=None: D(zdate(x, s or ds))
    zhdr(P, d, "病程记录")
    d.f("姓名：{N}　科室：{DP}　床号：{B}　住院号：{Z}\n\n", N=P.nm(), DP=O(P.dept), B=RN(P.bed), Z=RN(P.zyh))
    d.f("{D1} {T}　首次病程记录\n", D1=z(P.d_adm), T=hm())
    d.f("患者{N}，{S}，{A}，因“{SY}”入院。病例特点：1.{OLD}{S}性患者，慢性起病。2.外院（{H}）{D0}检查提示{SI}占位。"
        "3.查体：KPS 80分，NRS疼痛评分2分。初步诊断：{X}。诊疗计划：完善血常规、肝肾功能、肿瘤标志物、心肺功能评估，"
        "必要时请麻醉科、心内科会诊。\n　　　　　　　　　　　　　　　　医师签名：{RS}\n\n",
        N=P.nm(), S=P.sex, A=P.zage(), OLD="老年" if P.age >= 60 else ("中年" if P.age >= 40 else "青年"),
        SY=sc["zsym"], H=O(P.other_hosp.name), D0=z(P.d_prev, "ym"), SI=sc["zsite"],
        X=sc["zdx"], RS=N(P.resident.full))
    d.f("{D1} {T}　{C}主任医师查房记录\n", D1=z(add(P.d_adm, 1)), T=hm(), C=N(P.chief.full))
    d.f("今日{C}主任医师查房：患者诊断明确，{M}，无明显手术禁忌，拟于{D2}行{SU}。已向患者及其{R}{RN}交代病情及手术风险，"
        "家属表示理解并签字。另：同病房的Cushing综合征患者{OT}与本例无关，勿混淆医嘱。\n　　　　　　　　　　　　　　　　医师签名：{RS}/{C2}\n\n",
        OT=N(R.choice(SUR_COMMON + SUR_COMPOUND)[0] + ch("某", "某某")), C=N(P.chief.full), M=sc["zmarker"], D2=z(P.d_surg, "md"), SU=sc["zsurg"], R=P.rel, RN=N(P.relname.full),
        RS=N(P.resident.full), C2=N(P.chief.full))
    d.f("{D1} {T}　术后首次病程记录\n患者今日在全麻下行{SU}，术中见{SI}肿物，质硬，手术顺利，麻醉满意，术后安返病房。"
        "术后注意生命体征、引流量及性状。主刀：{SG}；助手：{AT}、{RS}。\n\n",
        D1=z(P.d_surg), T=hm(), SU=sc["zsurg"], SI=sc["zsite"], SG=N(P.surgeon.full), AT=N(P.attending.full), RS=N(P.resident.full))
    d.f("{D1} {T}　术后第1天\n患者诉切口疼痛，NRS 3分，体温37.6℃，引流液约150ml，淡血性。血常规：WBC 11.2×10^9/L，"
        "Hb 112g/L。继续目前治疗。{X}\n　　　　　　　　　　　　　　　　医师签名：{RS}\n",
        D1=z(add(P.d_surg, 1)), T=hm(), RS=N(P.resident.full),
        X=ch("", "嘱其家属陪护，防跌倒。", "患者要求转入肿瘤内科继续治疗，已联系会诊。", "床旁胸片示肺复张良好。"))
    return "progress_note"


def zh_consent(P, d):
    sc = P.sc
    z = lambda x, s=None: D(zdate(x, s or zds()))
    zhdr(P, d, ch("手术知情同意书", "手术及麻醉知情同意书", "手术知情同意书（含术中冰冻病理检查）"))
    d.f("患者姓名：{N}　性别：{S}　年龄：{A}　科室：{DP}　住院号：{Z}\n", N=P.nm(), S=P.sex, A=P.zage(), DP=O(P.dept), Z=RN(P.zyh))
    d.f("身份证号：{ID}\n", ID=IDN(P.id18 if R.random() < 0.7 else fw(P.id18)))
    d.f("联系电话：{M}　家庭住址：{AD}\n", M=P.mob(), AD=AD(P.addr.zh))
    d.f("术前诊断：{X}\n拟行手术/操作：{SU}\n拟手术日期：{D1}\n", X=sc["zdx"], SU=sc["zsurg"], D1=z(P.d_surg))
    d.t("医师已告知手术可能存在的风险：1.麻醉意外；2.术中大出血、损伤周围脏器；3.术后感染、吻合口瘘、支气管胸膜瘘；"
        "4.下肢深静脉血栓、肺栓塞；5.术后病理可能与术前诊断不符（如Hodgkin淋巴瘤、结核、Wilms瘤等）；6.其他不可预料的意外。\n")
    d.t("患者/家属意见：医师已向我详细说明以上内容，我已充分理解，同意接受手术，并授权医师在术中根据情况调整手术方式。\n\n")
    d.f("患者签名：{N}　　　签名日期：{D1}\n", N=P.nm(), D1=z(add(P.d_adm, 1)))
    if R.random() < 0.75:
        if P.age >= 80:
            d.t("（患者高龄，视力差，委托家属代为签字）\n")
        d.f("委托代理人签名：{RN}　与患者关系：{R}\n身份证号：{RID}　联系电话：{RM}\n",
            RN=N(P.relname.full), R=P.rel, RID=IDN(P.rel_id), RM=PHN(zmob_fmt(P.relmobile)))
    d.f("谈话医师签名：{SG}　{DP}\n日期：{D1}\n", SG=N(P.surgeon.full), DP=O(P.dept), D1=D(zdate(add(P.d_adm, 1), ch("cnnum", "cn", "fw"))))
    return "consent_form"


LABS_ZH = [("WBC", "白细胞计数", "6.52", "10^9/L", "3.5-9.5"), ("HGB", "血红蛋白", "118", "g/L", "130-175"),
           ("PLT", "血小板计数", "256", "10^9/L", "125-350"), ("ALT", "丙氨酸氨基转移酶", "32", "U/L", "9-50"),
           ("CREA", "肌酐", "78", "μmol/L", "57-111"), ("CEA", "癌胚抗原", "12.5", "ng/mL", "0-5"),
           ("CA199", "糖类抗原19-9", "86.4", "U/mL", "0-37"), ("AFP", "甲胎蛋白", "3.2", "ng/mL", "0-7"),
           ("NSE", "神经元特异性烯醇化酶", "14.6", "ng/mL", "0-16.3")]


def zh_lab(P, d):
    day = ch(P.d_adm, P.d_out, P.d_fu)
    fwm = R.random() < 0.35
    F = (lambda s: fw(s)) if fwm else (lambda s: s)
    ds = "compact" if R.random() < 0.3 else ch("iso", "slash", "fwiso" if fwm else "dot0")
    z = lambda x: D(zdate(x, ds))
    d.f("{H}检验报告单\n", H=O(P.hosp.name))
    sep = ch("\t", " | ")
    doc = R.choice(P.hosp.docs)
    tech, chk = R.sample(P.hosp.docs, 2)
    if sep == "\t":
        d.f("姓名：{N}\t性别：{S}\t年龄：{A}\t样本条码：{BC}\n", N=P.nm(), S=P.sex, A=P.zage() if not fwm else ((fw(str(P.age)) + "岁", "AGE") if P.age >= 90 else fw(str(P.age)) + "岁"), BC=RN(F(P.barcode)))
        d.f("门诊号：{M}\t科别：{DP}\t床号：{B}\t标本类型：血清\n", M=RN(F(P.mzh)), DP=O(P.dept2), B=RN(F(P.bed)))
        d.f("申请医生：{DC}\t采样时间：{D1} 07:30\t接收时间：{D2} 08:12\n", DC=N(doc.full), D1=z(day), D2=z(day))
        d.f("医保卡号：{IN}\n", IN=IDN(F(P.ins)))
    else:
        d.f("| 姓名 | {N} | 性别 | {S} | 年龄 | {A} |\n", N=P.nm(), S=P.sex, A=P.zage())
        d.f("| 住院号 | {Z} | 床号 | {B} | 科室 | {DP} |\n", Z=RN(F(P.zyh)), B=RN(F(P.bed)), DP=O(P.dept2))
        d.f("| 条码号 | {BC} | 送检医生 | {DC} | 采样日期 | {D1} |\n", BC=RN(F(P.barcode)), DC=N(doc.full), D1=z(day))
        d.f("| 社保卡号 | {SB} | 联系电话 | {M} |  |  |\n", SB=IDN(P.sbk), M=P.mob(0))
    d.t("-" * 60 + "\n")
    d.t(sep.join(["代号", "项目名称", "结果", "单位", "参考区间"]) + "\n")
    for code, nm_, v, u, ref in R.sample(LABS_ZH, R.randint(4, 7)):
        d.t(sep.join([code, nm_, v, u, ref]) + "\n")
    d.t("-" * 60 + "\n")
    d.f("检验者：{T}　审核者：{C}　报告时间：{D1} {HM}\n", T=N(tech.full), C=N(chk.full), D1=z(day), HM=hm())
    d.f("*本结果仅对本次送检标本负责。结果查询：{U}　咨询电话：{PH}\n", U=CT(ch(P.hosp.url, P.hosp.report_url)), PH=PHN(P.hosp.phone))
    return "lab_report"


def zh_nursing(P, d):
    ds = ch("iso", "slash", "md", "dot")
    z = lambda x: D(zdate(x, ds))
    d.f("{H}　护理记录单（一般患者）\n", H=O(P.hosp.name))
    d.f("姓名：{N}　科室：{DP}　床号：{B}　住院号：{Z}　诊断：{X}\n", N=P.nm(), DP=O(P.dept), B=RN(P.bed), Z=RN(P.zyh), X=P.sc["zdx"])
    sep = ch("\t", "|")
    d.t(sep.join(["日期", "时间", "T(℃)", "P", "R", "BP(mmHg)", "SpO2", "病情观察及护理措施", "签名"]) + "\n")
    day = P.d_surg
    rows = [
        ("08:00", "36.8", "78", "18", "128/76", "97%", "患者神志清，精神可，诉切口疼痛，NRS 3分，遵医嘱予氟比洛芬酯50mg静推。", P.nurse),
        ("14:00", "37.4", "86", "20", "132/80", "96%", None, P.nurse),
        ("20:00", "37.1", "80", "18", "126/74", "98%", None, P.nurse2),
    ]
    for i, (t_, T, Pp, Rr, BP, S, txt, nur) in enumerate(rows):
        d.f("{D1}", D1=z(day))
        d.t(sep + sep.join([t_, T, Pp, Rr, BP, S]) + sep)
        if txt:
            d.t(txt)
        elif i == 1:
            if P.device:
                typ, model, short, sn = P.device
                if short in ("输液港", "PICC"):
                    d.f("{T}维护：冲管通畅，敷料干燥，导管序列号{SN}，外露0cm。", T=short, SN=DV(sn))
                elif short == "起搏器":
                    d.f("心电监护示起搏心律，{T}（序列号{SN}）工作正常。", T=short, SN=DV(sn))
                elif short == "扩张器":
                    d.f("左乳组织扩张器（SN：{SN}）在位，局部无红肿渗液。", SN=DV(sn))
                else:
                    d.f("胆道支架（编号{SN}）置入术后，皮肤巩膜黄染较前减轻。", SN=DV(sn))
            else:
                d.t("引流管通畅，引出淡血性液体约80ml，予翻身拍背、指导有效咳嗽。")
        else:
            d.f("家属{RN}（{R}）陪护，已告知防跌倒、防坠床注意事项，家属表示理解。", RN=N(P.relname.full), R=P.rel)
        d.f(sep + "{NU}\n", NU=N(nur.full))
    d.f("{D1}", D1=z(add(day, 1)))
    d.t(sep + sep.join(["08:00", "36.9", "76", "18", "124/72", "98%"]) + sep)
    d.f("患者夜间睡眠可，{X}，请{DP2}会诊" + ch("。", "（安宁疗护不适用）。", "，继续观察。"), X=ch("疼痛缓解", "已下床活动", "咳嗽咳痰较前减轻"), DP2=ch("营养科", "康复科"))
    d.f(sep + "{NU}\n", NU=N(P.nurse2.full))
    d.f("护士长：{HN}\n", HN=N(R.choice(P.hosp.nurses).full))
    return "nursing_record"


def zh_followup(P, d):
    ds = ch("iso", "slash", "dot0")
    day = P.d_fu
    z = lambda x: D(zdate(x, ds))
    masked = R.random() < 0.35
    pname = (P.name.sur + ch("某某", "某"), "NAME") if masked else P.nm()
    d.f("电话随访记录（{H} {DP}随访中心）\n", H=O(P.hosp.name), DP=O(P.dept2))
    d.f("随访对象：{N}　诊断：{X}　联系电话：{M}\n", N=pname, X=P.sc["zdx"], M=P.mob())
    hon = ("先生" if P.sex == "男" else "女士") if P.age < 70 else ("大爷" if P.sex == "男" else "阿姨")
    clock = [R.randint(8 * 60, 16 * 60)]

    def ts():
        clock[0] += R.randint(0, 3)
        return f"{clock[0] // 60:02d}:{clock[0] % 60:02d}"
    sep = ch("] ", "】")
    lb = "[" if sep == "] " else "【"
    d.f(lb + "{D1} {T}" + sep + "随访护士{NU}：您好，请问是{SU}{HN}家吗？我是{H}的随访护士。\n",
        D1=z(day), T=ts(), NU=N(P.nurse.full), SU=N(P.name.sur), HN=hon, H=O(P.hosp.name))
    d.f(lb + "{D1} {T}" + sep + "家属：是的，我是{HIS}{R}，叫{RN}。\n", D1=z(day), T=ts(), HIS="他" if P.sex == "男" else "她",
        R=P.rel, RN=N(P.relname.full))
    d.f(lb + "{D1} {T}" + sep + "随访护士：{SU}{HN}现在情况怎么样？{RX}治疗还在继续吗？\n", D1=z(day), T=ts(), SU=N(P.name.sur), HN=hon,
        RX=ZDRUG[P.sc_key])
    d.f(lb + "{D1} {T}" + sep + "家属：还行，胃口一般，{AGE}。上个月{D0}在{OH}复查了CT，说没有新发病灶。\n",
        D1=z(day), T=ts(), AGE=("体重还算稳定" if P.age < 70 else "都" + str(P.age) + "岁了身体差些") if P.age < 90 else ["已经", (str(P.age) + "岁", "AGE"), "了身体差些"],
        D0=D(zdate(add(day, -R.randint(20, 35)), "md")), OH=O(P.other_hosp.name))
    if P.age >= 90:
        pass
    d.f(lb + "{D1} {T}" + sep + "随访护士：好的，麻烦把报告拍照发到{EM}，我们医生看一下。\n", D1=z(day), T=ts(), EM=CT(P.hosp.email))
    if R.random() < 0.7:
        d.f(lb + "{D1} {T}" + sep + "家属：对了，我们搬家了，新地址是{AD}，以后有通知寄这里。电话也换成我的：{RM}。\n",
            D1=z(day), T=ts(), AD=AD(P.addr.zh), RM=PHN(zmob_fmt(P.relmobile)))
    if P.email:
        d.f(lb + "{D1} {T}" + sep + "家属：报告电子版也可以发{HIM}本人邮箱{EM}。\n", D1=z(day), T=ts(),
            HIM="他" if P.sex == "男" else "她", EM=CT(P.email))
    d.f(lb + "{D1} {T}" + sep + "随访护士：好的已更新。下次复查时间是{D2}，请带上身份证和医保卡（医保号{IN}），挂{ON}医生的号。\n",
        D1=z(day), T=ts(), D2=D(zdate(add(day, 30), ch("md", "cn"))), IN=IDN(P.ins), ON=N(P.onc.full))
    if P.device and P.device[2] in ("输液港", "PICC"):
        d.f(lb + "{D1} {T}" + sep + "随访护士：另外{S}需要每4周冲管维护一次，维护本上序列号是{SN}，别弄丢了。\n",
            D1=z(day), T=ts(), S=P.device[2], SN=DV(P.device[3]))
    d.f("随访结论：{N}目前病情稳定，ECOG 1分，继续原方案。记录人：{NU}\n", N=pname, NU=N(P.nurse.full))
    return "followup_call_chat"


def zh_outpatient(P, d):
    sc, ds = P.sc, zds()
    z = lambda x, s=None: D(zdate(x, s or ds))
    zhdr(P, d, ch("门诊病历", "门诊就诊记录"))
    d.f("门诊号：{M}　就诊日期：{D1}　科室：{DP}\n", M=RN(P.mzh), D1=z(P.d_out), DP=O(P.dept))
    d.f("姓名：{N}　性别：{S}　年龄：{A}　电话：{PH}\n", N=P.nm(), S=P.sex, A=P.zage(), PH=P.mob() if R.random() < 0.6 or not P.land else PHN(P.land))
    d.f("主诉：{SY}\n", SY=sc["zsym"])
    d.f("现病史：患者{D0}无明显诱因出现上述症状，去年夏天起体重下降约5kg。{D1}于{H}行检查提示{SI}占位，为求进一步诊治来我院。\n",
        D0=z(add(P.d_prev, -30), "ym"), D1=z(P.d_prev), H=O(P.other_hosp.name), SI=sc["zsite"])
    d.t("既往史：高血压病史10年，口服氨氯地平5mg qd，血压控制可。否认肝炎、结核病史。")
    if P.device and P.device[2] in ("起搏器", "支架"):
        typ, model, short, sn = P.device
        d.f("{D2}于外院植入{T}（{MO}，序列号：{SN}）。", D2=z(add(P.d_prev, -R.randint(200, 900))), T=typ, MO=model, SN=DV(sn))
    d.t("\n个人史：吸烟30年，20支/日，已戒烟2年。\n")
    mage = R.randint(85, 99)
    if P.age < 60:
        d.f("家族史：父亲因“肺癌”去世，母亲{MA}，体健。\n", MA=(f"{mage}岁", "AGE") if mage >= 90 else f"{mage}岁")
    else:
        d.t("家族史：否认家族性遗传病史，无Lynch综合征家族史。\n")
    d.f("查体：ECOG 1分，KPS 80分。双侧锁骨上未触及肿大淋巴结。\n辅助检查：{MK}\n初步诊断：{X}？\n", MK=sc["zmarker"], X=sc["zdx"])
    d.t("处理：1.完善增强CT、PET-CT及病理活检；2.建议胸外科/肿瘤内科MDT会诊；3.必要时上级医院就诊。\n")
    d.f("医师签名：{A}\n", A=N(P.attending.full))
    return "outpatient_record"


def zh_admission(P, d):
    sc, ds = P.sc, zds()
    z = lambda x, s=None: D(zdate(x, s or ds))
    zhdr(P, d, "入院记录")
    d.f("姓名：{N}　　　　　　性别：{S}\n年龄：{A}　　　　　　民族：汉族\n婚姻：已婚　　　　　　职业：退休\n", N=P.nm(), S=P.sex, A=P.zage())
    d.f("身份证号：{ID}\n入院日期：{D1} {T}　　记录日期：{D2}\n", ID=IDN(P.id18), D1=z(P.d_adm), T=hm(), D2=z(P.d_adm))
    d.f("住址：{AD}\n", AD=AD(P.addr.zh))
    d.f("联系人：{RN}（{R}）　联系电话：{RM}\n", RN=N(P.relname.full), R=P.rel, RM=PHN(zmob_fmt(P.relmobile)))
    if P.land:
        d.f("家庭电话：{L}\n", L=PHN(P.land))
    d.t("病史陈述者：患者本人及家属，可靠\n")
    d.f("主诉：{SY}\n现病史：患者{D0}起病{SY2}，于{H}就诊，查{X}示{SI}占位。{D1}来我院门诊（门诊号{M}）就诊，拟“{DX}”收入我科。\n",
        SY=sc["zsym"], D0=z(P.d_prev, "ym"), SY2="",
        H=O(P.other_hosp.name), X=ZEXAM[P.sc_key], SI=sc["zsite"], D1=z(P.d_out), M=RN(P.mzh), DX=sc["zdx"])
    d.t("既往史：否认Barrett食管、慢性萎缩性胃炎病史。否认糖尿病、冠心病史。否认手术外伤史，否认药物过敏史。\n"
        if P.sc_key != "eso" else "既往史：Barrett食管病史5年，长期口服奥美拉唑。\n")
    if P.device and P.device[2] in ("起搏器", "支架"):
        d.f("　　{D0}于外院植入{T}，型号{M}，序列号：{SN}（随身携带植入卡）。\n", D0=z(add(P.d_prev, -R.randint(150, 700)), "ym"),
            T=P.device[0], M=P.device[1], SN=DV(P.device[3]))
    d.t("体格检查：T 36.5℃，P 80次/分，R 18次/分，BP 135/82mmHg，身高168cm，体重62kg，BMI 22.0。\n")
    d.f("初步诊断：{DX}（{T}）\n记录医师：{RS}　　审核医师：{AT}\n", DX=sc["zdx"], T=sc["ztnm"].split("，")[0].replace("p", "c", 1),
        RS=N(P.resident.full), AT=N(P.attending.full))
    return "admission_record"


def zh_gene(P, d):
    sc = P.sc
    ds = ch("iso", "cn", "slash")
    z = lambda x: D(zdate(x, ds))
    lab = R.choice(ZH_LABS)
    d.f("{L}\n肿瘤基因检测报告（{PN}）\n报告编号：{G}\n\n【受检者信息】\n", L=O(lab), PN=ch("肺癌68基因", "泛癌种520基因", "实体瘤NGS大Panel"), G=RN(P.gene_no))
    d.f("姓名：{N}　　性别：{S}　　年龄：{A}\n", N=P.nm(), S=P.sex, A=P.zage())
    if P.passport and R.random() < 0.5:
        d.f("证件类型：护照　　证件号：{PP}\n", PP=IDN(P.passport))
    else:
        d.f("证件号码：{ID}\n", ID=IDN(P.id18))
    d.f("联系电话：{M}　　电子邮箱：{E}\n", M=P.mob(), E=CT(P.email) if P.email else "—")
    d.f("送检单位：{H}　　送检科室：{DP}　　送检医生：{DC}\n", H=O(P.hosp.name), DP=O(P.dept2), DC=N(P.onc.full))
    d.f("病理号：{BL}　　样本编号：{BB}　　样本类型：FFPE组织切片（肿瘤细胞含量约40%）\n", BL=RN(P.blh), BB=RN(P.bbh))
    d.f("采样日期：{D1}　　收样日期：{D2}　　报告日期：{D3}\n\n",
        D1=z(P.d_surg), D2=z(add(P.d_path, 1)), D3=z(add(P.d_path, R.randint(8, 14))))
    d.f("【检测结果】\n{G}\n", G=sc["zgene"])
    d.t("胚系变异：未检出BRCA1、BRCA2、MLH1、MSH2等致病性胚系变异。\nTMB：5.6 mut/Mb（中）；MSI：MSS。\n")
    d.t("【用药提示】请结合临床。本检测结果仅供临床医生参考，不作为唯一诊断依据。\n")
    t1, t2 = zname(), zname()
    d.f("检测人：{A}　　审核人：{B}\n实验室地址：{AD}\n客服热线：{PH}　　网址：{U}\n",
        A=N(t1.full), B=N(t2.full), AD=AD(f"{R.choice(CITIES)[0]}{ch('高新区', '经济开发区')}{R.choice(ROADS)[0]}{R.randint(1, 200)}号{R.randint(2, 12)}号楼{R.randint(2, 8)}层"),
        PH=PHN(ch(f"400-{digits(3)}-{digits(4, False)}", f"400{digits(7)}")), U=CT(f"https://www.{ch('byjy', 'rkyx', 'hcjz')}.com.cn"))
    return "gene_test_report"


def zh_referral(P, d):
    sc, ds = P.sc, zds()
    z = lambda x, s=None: D(zdate(x, s or ds))
    zhdr(P, d, ch("双向转诊（转出）单", "会诊申请单（院外）"))
    d.f("患者姓名：{N}　性别：{S}　年龄：{A}\n身份证号：{ID}\n", N=P.nm(), S=P.sex, A=P.zage(), ID=IDN(P.id18))
    if R.random() < 0.5:
        d.f("社保卡号：{SB}　", SB=IDN(P.sbk))
    else:
        d.f("医保号：{IN}　", IN=IDN(P.ins))
    if P.passport:
        d.f("护照号码：{PP}", PP=IDN(P.passport))
    d.t("\n")
    d.f("联系电话：{M}", M=P.mob())
    if P.land:
        d.f("；座机：{L}", L=PHN(P.land))
    d.f("\n家庭住址：{AD}\n", AD=AD(P.addr.zh))
    d.f("转出单位：{H}　转出科室：{DP}　转出医生：{AT}　科室电话：{PH}\n", H=O(P.hosp.name), DP=O(P.dept), AT=N(P.attending.full), PH=PHN(P.hosp.phone))
    d.f("转入单位：{OH}\n", OH=O(P.other_hosp.name))
    d.f("病情摘要：患者于{D1}在我院行{SU}，术后病理（{BL}）：{PA}，{T}。术后恢复可，于{D2}出院。现需回当地继续行{RX}，"
        "故转诊。\n注意事项：患者既往对碘造影剂过敏；ICD-10：{I}。\n", D1=z(P.d_surg), SU=sc["zsurg"], BL=RN(P.blh),
        PA=sc["zdx"], T=sc["ztnm"], D2=z(P.d_dis), RX=sc["zchemo"], I=sc["zicd"])
    d.f("转诊日期：{D1}　　经治医师签名：{AT}\n", D1=z(add(P.d_dis, R.randint(20, 40))), AT=N(P.attending.full))
    return "referral_form"


ZEXAM = {"lung": "胸部CT", "gastric": "胃镜", "crc": "肠镜", "breast": "乳腺超声", "liver": "上腹部MRI", "eso": "胃镜",
         "hl": "颈部超声", "npc": "电子鼻咽镜", "kidney": "泌尿系CT"}
ZDRUG = {"lung": "奥希替尼", "gastric": "替吉奥", "crc": "卡培他滨", "breast": "曲妥珠单抗", "liver": "仑伐替尼", "eso": "纳武利尤单抗",
         "hl": "止痛药", "npc": "卡培他滨", "kidney": "帕博利珠单抗"}
ZH_DEPT_EN = {"胸外科": "Department of Thoracic Surgery", "胃肠外科": "Department of Gastrointestinal Surgery",
              "乳腺外科": "Department of Breast Surgery", "肝胆外科": "Department of Hepatobiliary Surgery",
              "血液科": "Department of Hematology", "放疗科": "Department of Radiation Oncology",
              "泌尿外科": "Department of Urology"}


def zh_en_summary(P, d):
    """English-language document for a Chinese patient (overseas second opinion)."""
    sc = P.sc
    ds = ch("long", "dmon", "dlong", "iso")
    e = lambda x, s=None: D(edate(x, s or ds))
    n = P.name
    nm_full = ch(n.PY, n.py, f"{n.psur}, {n.pgiven}")
    d.f("{H}\n{DP}\n", H=O(P.hosp.en), DP=O(ZH_DEPT_EN[P.dept]))
    d.t(ch("MEDICAL SUMMARY (English translation for overseas consultation)\n", "Referral Letter for Second Opinion\n"))
    d.f("Date: {D1}\n\nPatient: {N}    Sex: {S}    Age: {A}    Date of birth: {DOB}\n",
        D1=e(add(P.d_dis, R.randint(40, 90))), N=N(nm_full), S="Male" if P.sex == "男" else "Female",
        A=(str(P.age), "AGE") if P.age >= 90 else str(P.age), DOB=e(P.birth))
    if P.passport:
        d.f("Passport No.: {PP}    ", PP=IDN(P.passport))
    d.f("PRC Resident ID: {ID}\nInpatient No.: {Z}    Pathology No.: {BL}\n", ID=IDN(P.id18), Z=RN(P.zyh), BL=RN(P.blh))
    d.f("Address: {AD}\nTel: {M}", AD=AD(P.addr.en), M=PHN(zmob_fmt(P.mobile, ch(4, 5, 7))))
    if P.email:
        d.f("    E-mail: {E}", E=CT(P.email))
    d.t("\n\nTo whom it may concern,\n\n")
    ttl = "Mr." if P.sex == "男" else "Ms."
    d.f("{T} {SN} is {AN} {A} {G} who presented on {D0} with symptoms related to the {SI}. "
        "{HE} was admitted to our department on {D1} and underwent {SU} on {D2}. "
        "Final pathology showed {PA}, {TNM}. Immunohistochemistry: {IHC}. Molecular testing: {GE}.\n",
        T=ttl, SN=N(n.psur), A=(f"{P.age}-year-old", "AGE") if P.age >= 90 else f"{P.age}-year-old",
        AN="an" if str(P.age)[0] == "8" or P.age in (11, 18) else "a",
        G="man" if P.sex == "男" else "woman", D0=e(P.d_out), SI=sc["esite"],
        HE="He" if P.sex == "男" else "She", D1=e(P.d_adm), SU=sc["esurg"], D2=e(P.d_surg), PA=sc["epath"], TNM=sc["etnm"],
        IHC=sc["eihc"], GE=sc["egene"])
    d.f("The recommended plan is {RX}. The family ({R} {RN}, {RM}) wishes to seek a second opinion abroad.\n\n",
        RX=sc["erx"], R={"女儿": "daughter", "儿子": "son", "妻子": "wife", "丈夫": "husband", "儿媳": "daughter-in-law",
                         "女婿": "son-in-law", "侄子": "nephew", "孙女": "granddaughter"}[P.rel],
        RN=N(P.relname.py), RM=PHN(zmob_fmt(P.relmobile, 4)))
    d.f("Sincerely,\nDr. {AT}\nAttending Surgeon, {DP}\n{H}\nTel: {PH}    Email: {EM}\n",
        AT=N(f"{P.attending.pgiven} {P.attending.psur}"), DP=O(ZH_DEPT_EN[P.dept]), H=O(P.hosp.en),
        PH=PHN("+86 " + P.hosp.phone.lstrip("(").replace(")", "-").lstrip("0")), EM=CT(P.hosp.email))
    return "en_medical_summary_for_zh_patient"


# --------------------------------------------------------------------------- en templates
def eds():
    return ch("mdy", "mdy", "long", "dmon", "dmon_sp", "iso", "abbr", "mdy1")


def ehdr(P, d, title):
    h = P.hosp
    st = R.randint(0, 2)
    if st == 0:
        d.f("{H}\n{T}\n", H=O(h.name), T=title)
    elif st == 1:
        d.f("{H} | {A1}, {A2} | Tel {PH} | Fax {FX}\n{T}\n", H=O(h.name), A1=AD(h.addr[0]), A2=AD(h.addr[1]),
            PH=PHN(h.phone), FX=PHN(h.fax), T=title)
    else:
        d.f("{T}\n{H} - {DP}\n", T=title, H=O(h.name), DP=O("Department of " + P.dept))


def ehead_block(P, d, e, rec=True):
    st = R.randint(0, 2)
    if st == 0:
        d.f("Patient: {N}    MRN: {M}    DOB: {DOB}    Age/Sex: {A}/{S}\n", N=P.nm(3), M=RN(P.mrn), DOB=e(P.dob),
            A=P.eage("num"), S=P.sex)
    elif st == 1:
        d.f("Name: {N}\nMedical Record #: {M}\nDate of Birth: {DOB}\nAge: {A}\nSex: {S}\n", N=P.nm(ch(0, 1, 2)), M=RN(P.mrn),
            DOB=e(P.dob), A=P.eage("num"), S="Male" if P.sex == "M" else "Female")
    else:
        d.f("Patient Name\t{N}\tMRN\t{M}\nDOB\t{DOB}\tAcct #\t{AC}\n", N=P.nm(ch(3, 5)), M=RN(P.mrn), DOB=e(P.dob), AC=RN(P.acct))


def en_pathology(P, d):
    sc, ds = P.sc, eds()
    e = lambda x, s=None: D(edate(x, s or ds))
    ehdr(P, d, "SURGICAL PATHOLOGY REPORT")
    ehead_block(P, d, e)
    d.f("Accession #: {AC}    Collected: {D1}    Received: {D2}    Reported: {D3}\n", AC=RN(P.acc), D1=e(P.d_surg),
        D2=e(P.d_surg), D3=e(P.d_path))
    d.f("Ordering Physician: {OP}, MD    Service: {DP}    Location: Room {RM}\n", OP=dr(P.surgeon), DP=O(P.dept), RM=RN(P.room))
    d.f("\nCLINICAL HISTORY:\n{A} {G} with {SI} mass; {MK}. " + ch("Rule out Hodgkin lymphoma vs carcinoma.", "History of Barrett esophagus.", "Prior Wilms tumor in childhood.", "No prior malignancy.") + "\n",
        A=P.eage("year"), G="man" if P.sex == "M" else "woman", SI=sc["esite"], MK=sc["emarker"])
    d.f("\nSPECIMEN: {SU}\n", SU=sc["esurg"])
    d.f("\nFINAL DIAGNOSIS:\n{PA}.\nStaging: {T}\n", PA=sc["epath"], T=sc["etnm"])
    d.f("\nIMMUNOHISTOCHEMISTRY (block A{K}): {I}. Controls stain appropriately.\n", K=R.randint(2, 9), I=sc["eihc"])
    if R.random() < 0.5:
        d.f("\nINTRAOPERATIVE CONSULTATION: Frozen section diagnosis rendered by Dr. {P2} at {T} on {D1}: malignant.\n",
            P2=dr(R.choice(P.hosp.docs)), T=hm(), D1=e(P.d_surg))
    d.f("\nGROSS DESCRIPTION: Received fresh, labeled with the patient's name ({N}) and medical record number ({M}), "
        "is a {SU} specimen. Representative sections submitted in cassettes A1-A12.\n",
        N=P.nm(ch(0, 3)), M=RN(P.mrn), SU=sc["esite"])
    d.f("\nElectronically signed out by: {PA}, MD, Pathologist, on {D1} at {T}\n", PA=dr(P.patho, ch(0, 1)), D1=e(P.d_path), T=hm())
    if R.random() < 0.4:
        d.f("cc: Dr. {ON} (Medical Oncology); Dr. {PCP}\n", ON=dr(P.onc), PCP=dr(P.pcp))
    return "surgical_pathology_report"


def en_radiology(P, d):
    sc, ds = P.sc, eds()
    e = lambda x, s=None: D(edate(x, s or ds))
    pet = R.random() < 0.5
    ehdr(P, d, "PET/CT SKULL BASE TO MID-THIGH" if pet else "CT CHEST ABDOMEN PELVIS WITH IV CONTRAST")
    ehead_block(P, d, e)
    d.f("Exam date: {D1}  {T}    Accession: {RA}\nOrdering provider: Dr. {OP}\n", D1=e(P.d_img), T=hm(), RA=RN(P.rad_acc), OP=dr(P.onc))
    d.f("\nCLINICAL INDICATION: {A} {S}, suspected malignancy of the {SI}. Staging.\n", A=P.eage(ch("year", "yo")),
        S="male" if P.sex == "M" else "female", SI=sc["esite"])
    if pet:
        d.t("TECHNIQUE: 11.2 mCi F-18 FDG IV; uptake 62 min; fasting glucose 98 mg/dL. Low-dose CT for attenuation correction.\n")
    else:
        d.t("TECHNIQUE: Axial images after 100 mL Omnipaque 350 IV. DLP 812 mGy-cm.\n")
    d.f("COMPARISON: {C}\n", C=["Outside CT from ", D(edate(P.d_prev, ds)), " at ", O(P.other_hosp.name), "."] if R.random() < 0.7 else "None.")
    d.f("\nFINDINGS:\n{F}\nNo suspicious osseous lesion. Small hiatal hernia.\n", F=sc["eimg"])
    if P.device:
        typ, model, short, sn = P.device
        if short in ("pacemaker", "ICD", "port"):
            d.f("Left chest wall {T} ({M}, serial no. {SN}) with leads/catheter tip in expected position.\n", T=typ, M=model, SN=DV(sn))
        elif short == "PICC":
            d.f("Right upper extremity PICC (serial {SN}) terminates at the cavoatrial junction.\n", SN=DV(sn))
        else:
            d.f("Left subpectoral tissue expander ({M}; SN: {SN}) with intact shell.\n", M=model, SN=DV(sn))
    d.t("\nIMPRESSION:\n1. Findings compatible with primary malignancy as above.\n2. Recommend tissue sampling and multidisciplinary tumor board review.\n")
    d.f("\nDictated by: {R1}, MD    Electronically signed: {D1} {T}\n", R1=dr(P.radio), D1=e(P.d_img), T=hm())
    if R.random() < 0.4:
        d.f("Critical result communicated to Dr. {ON} by phone ({PH}) on {D1}.\n", ON=dr(P.onc, 3), PH=PHN(P.hosp.phone), D1=e(P.d_img, "md"))
    return ("pet_ct_report" if pet else "ct_report")


def en_discharge(P, d):
    sc, ds = P.sc, eds()
    e = lambda x, s=None: D(edate(x, s or ds))
    ehdr(P, d, "DISCHARGE SUMMARY")
    ehead_block(P, d, e)
    d.f("Admission Date: {D1}\nDischarge Date: {D2}\nAttending: {AT}, MD\nService: {DP}\nRoom: {RM}\n",
        D1=e(P.d_adm), D2=e(P.d_dis), AT=dr(P.attending), DP=O(P.dept), RM=RN(P.room))
    d.f("\nHISTORY OF PRESENT ILLNESS:\n{T} {L} is a {A} {G} with {DX}, initially evaluated at {OH} on {D0}. ",
        T=P.title(), L=P.mr(), A=P.eage("year"), G="gentleman" if P.sex == "M" else "lady", DX=sc["edx"], OH=O(P.other_hosp.name),
        D0=e(P.d_prev))
    d.f("{HE} was admitted for elective {SU}.\n", HE=P.he().capitalize(), SU=sc["esurg"])
    d.f("\nHOSPITAL COURSE:\nOn {D1}, {HE} underwent {SU} performed by Dr. {SG} without complication. Pathology ({AC}) revealed {PA}. "
        "Post-operative course notable for mild ileus, resolved by POD 3. Pain controlled with oxycodone 5 mg q6h PRN.\n",
        D1=e(P.d_surg, ch(ds, "md")), HE=P.he(), SU=sc["esurg"], SG=dr(P.surgeon), AC=RN(P.acc), PA=sc["epath"])
    if P.device and R.random() < 0.8:
        typ, model, short, sn = P.device
        if short in ("port", "PICC"):
            d.f("A {T} ({M}; SN {SN}) was placed on {D1} by interventional radiology for future systemic therapy.\n",
                T=typ, M=model, SN=DV(sn), D1=e(add(P.d_surg, 1)))
        elif short in ("pacemaker", "ICD"):
            d.f("Pre-existing {T} ({M}; SN {SN}) was interrogated before and after surgery on {D1}; normal function.\n",
                T=typ, M=model, SN=DV(sn), D1=e(add(P.d_surg, 1)))
        else:
            d.f("Immediate reconstruction with a tissue expander ({M}, serial number {SN}) was performed by Dr. {PS}.\n",
                M=model, SN=DV(sn), PS=dr(R.choice(P.hosp.docs)))
    d.f("\nDISCHARGE DIAGNOSES: {DX} ({T}); ICD-10 {I}. Hypertension. Type 2 diabetes (A1c 7.1%).\n", DX=sc["edx"], T=sc["etnm"], I=sc["eicd"])
    d.f("\nDISPOSITION: Home with {R} ({RN}, phone {RP}).\n", R=P.rel, RN=N(f"{P.relname.first} {P.relname.last}"), RP=PHN(P.relphone))
    d.f("FOLLOW-UP: Dr. {ON}, Medical Oncology, on {D1} at {T}; {H}, {A1}. Call {PH} with fever >38.0 C.\n",
        ON=dr(P.onc), D1=e(add(P.d_dis, 14)), T=hm(), H=O(P.hosp.name), A1=AD(f"{P.hosp.addr[0]}, {P.hosp.addr[1]}"), PH=PHN(P.hosp.phone))
    d.f("\nDictated by {RS}, MD (resident) for {AT}, MD. {D1}\n", RS=dr(P.resident), AT=dr(P.attending), D1=e(P.d_dis))
    return "discharge_summary"


def en_progress(P, d):
    sc, ds = P.sc, eds()
    e = lambda x, s=None: D(edate(x, s or ds))
    day = add(P.d_dis, R.randint(20, 60))
    ehdr(P, d, "ONCOLOGY CLINIC PROGRESS NOTE")
    d.f("Date of service: {D1}\nPatient: {N} (MRN {M})\nProvider: {ON}, MD\n", D1=e(day), N=P.nm(ch(0, 1, 2)), M=RN(P.mrn), ON=dr(P.onc))
    d.f("\nS: {T} {L} returns for cycle 2 day 1 of {CH}. Accompanied by {HIS} {R}, {RN}. Reports grade 1 fatigue and "
        "neuropathy. No fever. Appetite fair; weight stable at 68 kg.\n",
        T=P.title(), L=P.mr(), CH=sc["echemo"], HIS=P.his(), R=P.rel, RN=N(P.relname.first))
    d.f("O: BP 128/76, HR 82, T 36.7 C, SpO2 97% RA. ECOG 1. Labs: WBC 5.6, ANC 3.1, Hgb 11.2, Plt 210; {MK}.\n", MK=sc["emarker"])
    d.f("A/P: {A} with {DX}, {T}.\n", A=P.eage(ch("year", "yo")), DX=sc["edx"], T=sc["etnm"])
    d.t("1. Proceed with treatment today; dose unchanged (carboplatin AUC 5, 75 mg/m2 docetaxel where applicable).\n"
        "2. Neuropathy: monitor; consider gabapentin 100 mg TID.\n3. Re-stage with CT after cycle 3.\n")
    if P.device and R.random() < 0.9:
        d.f("4. {T} (SN {SN}) flushed and functioning; next device check {D1}.\n", T=P.device[2].capitalize(), SN=DV(P.device[3]),
            D1=e(add(day, 90), "my"))
    d.f("RTC {D1}. Patient portal messages to {EM} enabled.\n", D1=e(add(day, 21), ch("md", "mdy")), EM=CT(P.email))
    d.f("\n{ON}, MD | {DP} | Signed {D1} {T}\n", ON=dr(P.onc, 0), DP=O(P.dept if R.random() < 0.5 else "Medical Oncology"),
        D1=e(day, "mdy"), T=hm())
    return "progress_note_soap"


def en_referral(P, d):
    sc = P.sc
    ds = ch("long", "dlong", "ord", "abbr")
    e = lambda x, s=None: D(edate(x, s or ds))
    day = add(P.d_dis, R.randint(10, 40))
    h = P.hosp
    d.f("{H}\n{A1}\n{A2}\nTel: {PH}   Fax: {FX}   {U}\n\n{D1}\n\n", H=O(h.name), A1=AD(h.addr[0]), A2=AD(h.addr[1]),
        PH=PHN(h.phone), FX=PHN(h.fax), U=CT(h.url), D1=e(day))
    oh = P.other_hosp
    rd = R.choice(oh.docs)
    d.f("Dr. {RD}\n{OH}\n{A1}, {A2}\n\n", RD=dr(rd, ch(0, 1)), OH=O(oh.name), A1=AD(oh.addr[0]), A2=AD(oh.addr[1]))
    d.f("RE: {N}   DOB: {DOB}   MRN: {M}\n", N=P.nm(ch(0, 1)), DOB=e(P.dob, ch("mdy", "dmy")), M=RN(P.mrn))
    d.f("Address: {A1}, {A2}   Phone: {PH}\n", A1=AD(P.addr[0]), A2=AD(P.addr[1]), PH=PHN(P.phone))
    if R.random() < 0.5:
        d.f("Insurance: {I} (Member ID {MID})\n", I=ch("Blue Cross PPO", "Aetna Choice POS II", "Medicare Part B"),
            MID=IDN(P.member if R.random() < 0.6 else P.mbi))
    d.f("\nDear Dr. {L},\n\nThank you for seeing {T} {LN}, a {A} {G} whom I am referring for {W}. ",
        L=N(rd.last), T=P.title(), LN=P.mr(), A=P.eage("year"), G="man" if P.sex == "M" else "woman",
        W=ch("consideration of adjuvant radiotherapy", "a clinical trial evaluation", "a second opinion regarding systemic therapy"))
    d.f("{HE} was found to have {DX} on imaging dated {D0}, and underwent {SU} on {D1}. Final pathology showed {PA} ({T}). "
        "{GE}.\n\n", HE=P.he().capitalize(), DX=sc["edx"], D0=e(P.d_img), SU=sc["esurg"], D1=e(P.d_surg), PA=sc["epath"],
        T=sc["etnm"], GE=sc["egene"])
    d.t("Past history includes Barrett esophagus on surveillance, Paget disease of bone and remote Cushing syndrome (resolved). "
        if R.random() < 0.4 else "Past history is notable for hypertension and hypothyroidism on levothyroxine 75 mcg. ")
    d.f("{HIS} {R}, {RN}, is the main caregiver and can be reached at {RP}.\n\n", HIS=P.his().capitalize(), R=P.rel,
        RN=N(f"{P.relname.first} {P.relname.last}"), RP=PHN(P.relphone))
    d.f("Please do not hesitate to contact me at {PH} or {EM}.\n\nSincerely,\n\n{ON}, MD\n{DP}\n",
        PH=PHN(h.phone), EM=CT(h.email), ON=dr(P.onc, ch(0, 1)), DP=O("Department of " + P.dept))
    return "referral_letter"


def en_consent(P, d):
    sc = P.sc
    e = lambda x, s=None: D(edate(x, s or ch("mdy", "mdy1", "iso")))
    ehdr(P, d, ch("CONSENT FOR OPERATION / PROCEDURE", "SURGICAL INFORMED CONSENT"))
    d.f("Patient: {N}    DOB: {DOB}    MRN: {M}\n", N=P.nm(ch(0, 1, 3)), DOB=e(P.dob), M=RN(P.mrn))
    d.f("Address: {A1}, {A2}\n", A1=AD(P.addr[0]), A2=AD(P.addr[1]))
    d.f("\nI, {N}, authorize Dr. {SG} and assistants of {H} to perform: {SU}.\n", N=P.nm(0), SG=dr(P.surgeon), H=O(P.hosp.name), SU=sc["esurg"])
    d.t("The risks, including bleeding, infection, anastomotic leak, pneumonia, deep vein thrombosis, and death, and the alternatives "
        "(including radiotherapy alone or observation) have been explained to me. I consent to blood transfusion if necessary.\n")
    d.f("\nPatient signature: ______ {N}    Date: {D1}  Time: {T}\n", N=P.nm(0), D1=e(add(P.d_adm, 0)), T=hm())
    if P.age >= 85 or R.random() < 0.5:
        d.f("Legally authorized representative: {RN}   Relationship: {R}   Phone: {RP}\n", RN=N(f"{P.relname.first} {P.relname.mid}. {P.relname.last}"),
            R=P.rel, RP=PHN(P.relphone))
    if R.random() < 0.4:
        d.f("Interpreter: {IN} (ID #{IID}), language: {L}\n", IN=N(f"{ename().first} {ename().last}"), IID=R.randint(1000, 9999), L=ch("Spanish", "Mandarin", "Vietnamese"))
    d.f("Witness: {W}, RN    Physician: {SG}, MD    Date: {D1}\n", W=N(f"{P.nurse.first} {P.nurse.last}"), SG=dr(P.surgeon), D1=e(P.d_adm))
    return "consent_form"


def en_lab(P, d):
    day = ch(P.d_adm, P.d_out, add(P.d_dis, 21))
    ds = ch("mdy", "iso", "dmon")
    e = lambda x: D(edate(x, ds))
    d.f("{H} - Clinical Laboratory\n", H=O(P.hosp.name))
    sep = ch("\t", " | ")
    d.f(sep.join(["Patient: {N}", "MRN: {M}", "DOB: {DOB}", "Age: {A}", "Sex: {S}"]) + "\n", N=P.nm(ch(3, 2)), M=RN(P.mrn),
        DOB=e(P.dob), A=P.eage("num"), S=P.sex)
    d.f(sep.join(["Specimen ID: {SID}", "Collected: {D1} {T1}", "Received: {D2} {T2}"]) + "\n",
        SID=RN(P.lab_id), D1=e(day), T1=f"07:{R.randint(0, 59):02d}", D2=e(day), T2=f"08:{R.randint(0, 59):02d}")
    d.f(sep.join(["Ordering: {OP}, MD", "Location: {DP} clinic", "Acct: {AC}"]) + "\n", OP=dr(P.onc), DP=O(P.dept), AC=RN(P.acct))
    if R.random() < 0.4:
        d.f("Insurance ID: {MID}\n", MID=IDN(P.member))
    d.t("=" * 60 + "\n")
    d.t(sep.join(["Test", "Result", "Flag", "Units", "Ref Range"]) + "\n")
    rows = [("WBC", "5.6", "", "x10^3/uL", "4.0-11.0"), ("Hemoglobin", "10.9", "L", "g/dL", "12.0-16.0"),
            ("Platelets", "212", "", "x10^3/uL", "150-400"), ("Creatinine", "1.1", "", "mg/dL", "0.6-1.3"),
            ("ALT", "42", "H", "U/L", "7-35"), ("CEA", "12.5", "H", "ng/mL", "0.0-3.0"), ("CA 19-9", "86", "H", "U/mL", "0-37"),
            ("LDH", "312", "H", "U/L", "140-280")]
    for r in R.sample(rows, R.randint(4, 7)):
        d.t(sep.join(r) + "\n")
    d.t("=" * 60 + "\n")
    d.f("Verified by: {T1}, MLS(ASCP)  {D1} {T}\nLab Director: {LD}, MD, PhD  CLIA 22D0987654\n",
        T1=N(f"{ename().first} {ename().last}"), D1=e(day), T=f"{R.randint(10, 16)}:{R.randint(0, 59):02d}", LD=dr(P.patho, 1))
    if R.random() < 0.5:
        d.f("Results accessed from workstation {IP}\n", IP=CT(P.hosp.ip))
    return "lab_report"


def en_nursing(P, d):
    ds = ch("mdy", "mdy1", "iso")
    e = lambda x: D(edate(x, ds))
    day = P.d_surg
    d.f("{H} - Nursing Progress Note\n", H=O(P.hosp.name))
    d.f("Patient: {N}  MRN: {M}  Room/Bed: {RM}  Unit: {DP}\n", N=P.nm(ch(3, 2, 0)), M=RN(P.mrn), RM=RN(P.room), DP=O(P.dept))
    d.f("{D1} 07:45 Report received from {NN}, RN. Patient A&Ox3, POD #0 s/p {SU}. Pain 4/10, PCA hydromorphone in use.\n",
        D1=e(day), NN=N(f"{P.nurse2.first} {P.nurse2.last}"), SU=P.sc["esurg"])
    d.f("{D1} 10:30 VS: T 37.2, HR 88, BP 118/70, RR 18, SpO2 95% on 2L NC. JP drain 60 mL serosanguinous. ", D1=e(day))
    if P.device:
        typ, model, short, sn = P.device
        if short in ("port", "PICC"):
            d.f("{T} accessed/flushed per protocol (20G Huber needle for port); device serial {SN} verified.\n", T=typ.capitalize(), SN=DV(sn))
        elif short in ("pacemaker", "ICD"):
            d.f("On telemetry; {T} ({M}, S/N {SN}) interrogated by EP pre-op, magnet at bedside.\n", T=typ, M=model, SN=DV(sn))
        else:
            d.f("Left tissue expander (serial {SN}) intact, no erythema; 50 mL fill planned.\n", SN=DV(sn))
    else:
        d.t("Incentive spirometer 1000 mL x10/hr encouraged.\n")
    d.f("{D1} 14:15 {HIS} {R} {RN} at bedside, updated on plan of care; requests call at {RP} with any changes.\n",
        D1=e(day), HIS=P.his().capitalize(), R=P.rel, RN=N(f"{P.relname.first} {P.relname.last}"), RP=PHN(P.relphone))
    if P.age >= 90:
        d.f("{D1} 16:00 Fall risk high (Morse 65); patient is {A}, bed alarm on.\n", D1=e(day), A=P.eage(ch("num", "aged")))
    d.f("{D1} 19:00 Handoff to night RN {NN}.\n-- {N1}, RN\n", D1=e(day), NN=N(f"{P.nurse2.first} {P.nurse2.last[0]}."),
        N1=N(f"{P.nurse.first} {P.nurse.last}"))
    return "nursing_note"


def en_phone(P, d):
    day = P.d_fu
    ds = ch("mdy", "mdy1", "long", "iso")
    e = lambda x: D(edate(x, ds))
    d.f("TELEPHONE ENCOUNTER / PATIENT PORTAL MESSAGE\n{H}\n", H=O(P.hosp.name))
    d.f("Patient: {N}    DOB: {DOB}    MRN: {M}\nCallback: {PH}\n", N=P.nm(ch(0, 3, 5)), DOB=e(P.dob), M=RN(P.mrn), PH=PHN(P.cell))
    h1 = R.randint(7, 14)
    d.f("\n[{D1} {T}] From: {N} <{EM}>\n", D1=e(day), T=f"{h1:02d}:{R.randint(0, 59):02d}", N=P.nm(0), EM=CT(P.email))
    d.f("Hi Dr. {ON}, this is {RN}, {HIS} {R}. {HE2} has had diarrhea 4-5x/day since {D0} on {CH}. Should we hold the pills? "
        "Also we moved - new address is {A1}, {A2}.\n",
        ON=N(P.onc.last), RN=N(P.relname.first), HIS="the patient's",
        R=P.rel, HE2=P.he().capitalize(), D0=D(edate(add(day, -3), "md")), CH=sc_short(P), A1=AD(P.addr[0]), A2=AD(P.addr[1]))
    d.f("\n[{D1} {T}] Reply from {NN}, RN (oncology triage):\n", D1=e(day), T=f"{h1 + R.randint(1, 4):02d}:{R.randint(0, 59):02d}", NN=N(f"{P.nurse.first} {P.nurse.last}"))
    d.f("Spoke with patient's {R} by phone at {RP}. Grade 2 diarrhea. Advised loperamide 4 mg then 2 mg after each loose stool "
        "(max 16 mg/day), hold capecitabine until seen. Address updated in chart. Appt {D1} with Dr. {ON}.\n",
        R=P.rel, RP=PHN(P.relphone), D1=e(add(day, 2)), ON=dr(P.onc, 3))
    if P.device and P.device[2] in ("port", "PICC"):
        d.f("Port/line flush scheduled; device {SN} on file.\n", SN=DV(P.device[3]))
    if P.age >= 90:
        d.f("Note: patient is {A}; lives with family. Low threshold for ED evaluation.\n", A=P.eage(ch("num", "aged", "year")))
    d.f("Routed to: {ON}, MD; {PCP}, MD (PCP)\n", ON=dr(P.onc), PCP=dr(P.pcp))
    return "telephone_encounter_portal"


def sc_short(P):
    return {"lung": "osimertinib", "gastric": "capecitabine", "crc": "capecitabine", "breast": "capecitabine",
            "liver": "lenvatinib", "eso": "capecitabine", "hl": "prednisone", "npc": "capecitabine",
            "kidney": "cabozantinib"}[P.sc_key]


def en_molecular(P, d):
    sc = P.sc
    ds = ch("mdy", "long", "dmon")
    e = lambda x: D(edate(x, ds))
    lab = R.choice(EN_LABS)
    d.f("{L}\nCOMPREHENSIVE GENOMIC PROFILING REPORT\n", L=O(lab))
    d.f("Patient: {N}    DOB: {DOB}    Age: {A}    Sex: {S}\n", N=P.nm(ch(0, 1, 3)), DOB=e(P.dob), A=P.eage("num"),
        S="Male" if P.sex == "M" else "Female")
    d.f("Ordering physician: {ON}, MD    Institution: {H}\n", ON=dr(P.onc), H=O(P.hosp.name))
    d.f("Specimen: FFPE block A{K} from accession {AC} (tumor content 40%)    Medical record #: {M}\n", AC=RN(P.acc), K=R.randint(1, 9), M=RN(P.mrn))
    if R.random() < 0.3:
        d.f("Patient identifier (passport, international patient): {PP}\n", PP=IDN(P.passport))
    elif R.random() < 0.3:
        d.f("SSN (billing): {SS}\n", SS=IDN(P.ssn))
    d.f("Collected: {D1}    Received: {D2}    Reported: {D3}\n\n", D1=e(P.d_surg), D2=e(add(P.d_path, 2)), D3=e(add(P.d_path, 12)))
    d.f("RESULTS:\n{G}\nTMB: 5.6 mut/Mb; MSI: stable; PD-L1: see IHC.\nPotential therapies: refer to NCCN Guidelines v3.2023.\n", G=sc["egene"])
    d.t("Germline: no pathogenic variants in BRCA1, BRCA2, PALB2, ATM, MLH1, MSH2 (Lynch syndrome genes) were identified.\n")
    d.f("\nLaboratory Director: {LD}, PhD    Contact: {PH} / {EM} / {U}\n",
        LD=N(f"{ename().first} {ename().last}"), PH=PHN(ch(f"1-800-{R.randint(200, 999)}-{R.randint(1000, 9999)}", ephone())),
        EM=CT(ch("clientservices", "support", "results") + "@" + ch("genomicinsights.com", "precisiondx.com", "helixmdx.com")),
        U=CT(ch("https://portal.genomicinsights.com", "www.precisiondx.com/results", "https://helixmdx.com/report")))
    return "molecular_genomic_report"


# --------------------------------------------------------------------------- assembly
ZH_KINDS = [(zh_outpatient, 0, 2), (zh_imaging, 1, 3), (zh_lab, 2, 2), (zh_admission, 3, 2), (zh_consent, 4, 2),
            (zh_progress, 5, 2), (zh_nursing, 6, 2), (zh_pathology, 7, 3), (zh_gene, 8, 1.5), (zh_discharge, 9, 3),
            (zh_referral, 10, 1.5), (zh_followup, 11, 2)]
EN_KINDS = [(en_radiology, 1, 3), (en_lab, 2, 2), (en_consent, 4, 1.5), (en_nursing, 6, 1.5), (en_pathology, 7, 3),
            (en_molecular, 8, 1.5), (en_discharge, 9, 3), (en_referral, 10, 2), (en_progress, 11, 2), (en_phone, 12, 2)]


def wsample(kinds, k):
    pool = list(kinds)
    out = []
    for _ in range(k):
        x = R.choices(pool, [w for _, _, w in pool])[0]
        pool.remove(x)
        out.append(x)
    return out


def build():
    patients = [ZPatient(f"P{i + 1:03d}") if i % 3 != 2 else EPatient(f"P{i + 1:03d}") for i in range(80)]
    plan = {}
    for P in patients:
        plan[P.pid] = R.randint(3, 5)
    while sum(plan.values()) < 328:
        pid = R.choice([p for p in plan if plan[p] < 5])
        plan[pid] += 1
    docs = []
    for P in patients:
        k = plan[P.pid]
        if P.lang == "zh":
            kinds = wsample(ZH_KINDS, k)
            if R.random() < 0.22:
                kinds[-1] = (zh_en_summary, 13, 0)
        else:
            kinds = wsample(EN_KINDS, k)
        kinds.sort(key=lambda x: x[1])
        for j, (fn, _, _) in enumerate(kinds):
            d = Doc()
            fmt = fn(P, d)
            text = d.text()
            lang = "en" if (P.lang == "en" or fn is zh_en_summary) else "zh"
            docs.append({"doc_id": f"{P.pid}-D{j + 1}", "patient_id": P.pid, "lang": lang, "format": fmt,
                         "text": text, "phi": d.phi})
    return patients, docs


def verify(docs):
    for r in docs:
        t = r["text"]
        last = -1
        for s in sorted(r["phi"], key=lambda x: x["start"]):
            assert t[s["start"]:s["end"]] == s["text"], (r["doc_id"], s)
            assert s["start"] >= last, ("overlap", r["doc_id"], s)
            assert s["text"] == s["text"].strip() and s["text"], s
            last = s["end"]
            if s["category"] == "AGE":
                m = re.search(r"\d+", s["text"].translate({0xFF10 + i: 0x30 + i for i in range(10)}))
                assert m and int(m.group()) >= 90, s
        # any 18-digit resident id labelled must have a valid checksum
        for s in r["phi"]:
            if s["category"] == "ID_NUMBER":
                x = s["text"].translate({0xFF10 + i: 0x30 + i for i in range(10)}).replace("Ｘ", "X")
                if re.fullmatch(r"\d{17}[\dX]", x):
                    assert id_check(x[:17]) == x[17], s
    # every mention of a patient's 18-digit ID / mobile must be labelled (no leaks in plain text)
    for r in docs:
        covered = set()
        for s in r["phi"]:
            covered.update(range(s["start"], s["end"]))
        for m in re.finditer(r"(?<!\d)1[3-9]\d{9}(?!\d)|(?<![\dA-Z])\d{17}[\dX](?![\dA-Z])", r["text"]):
            assert m.start() in covered, (r["doc_id"], m.group())


def main():
    patients, docs = build()
    verify(docs)
    out = os.path.join(HERE, "phi_blind.jsonl")
    with open(out, "w", encoding="utf-8") as fh:
        for r in docs:
            rec = {k: r[k] for k in ("doc_id", "patient_id", "lang", "text", "phi")}
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    with open(os.path.join(HERE, "phi_blind_formats.tsv"), "w", encoding="utf-8") as fh:
        fh.write("doc_id\tpatient_id\tlang\tformat\n")
        for r in docs:
            fh.write(f"{r['doc_id']}\t{r['patient_id']}\t{r['lang']}\t{r['format']}\n")
    cnt = defaultdict(Counter)
    for r in docs:
        for s in r["phi"]:
            cnt[r["lang"]][s["category"]] += 1
    langs = Counter(r["lang"] for r in docs)
    fmts = Counter((r["lang"], r["format"]) for r in docs)
    print(f"documents: {len(docs)}  zh={langs['zh']}  en={langs['en']}  patients={len(patients)}")
    print(f"{'category':<15}{'zh':>7}{'en':>7}{'total':>8}")
    for c in CATS:
        print(f"{c:<15}{cnt['zh'][c]:>7}{cnt['en'][c]:>7}{cnt['zh'][c] + cnt['en'][c]:>8}")
    tot_zh, tot_en = sum(cnt['zh'].values()), sum(cnt['en'].values())
    print(f"{'TOTAL':<15}{tot_zh:>7}{tot_en:>7}{tot_zh + tot_en:>8}")
    print("formats:")
    for (lg, f), n in sorted(fmts.items()):
        print(f"  {lg}  {f:<38}{n:>4}")
    for c in CATS:
        assert cnt["zh"][c] + cnt["en"][c] >= 40, c
        assert cnt["zh"][c] > 0 and cnt["en"][c] > 0, c
    return patients, docs, cnt, langs, fmts


README_STATIC = """
## Files
* `gen_phi.py` - seeded generator (python3 stdlib only, `SEED = @SEED@`). Run `python3 gen_phi.py`; it rewrites
  `phi_blind.jsonl`, `phi_blind_formats.tsv` (doc_id -> document format, for analysis only) and this README,
  and prints the count table shown above.
* `phi_blind.jsonl` - one document per line:
  `{"doc_id", "patient_id", "lang": "zh"|"en", "text", "phi": [{"start", "end", "category", "text"}]}`;
  `end` is exclusive and `text[start:end] == phi.text` is asserted for every span (spans never overlap).

## Design
* 80 synthetic patients (about 2/3 Chinese, 1/3 English-speaking), 3-5 documents each. A patient's name, resident ID,
  passport, insurance numbers, phones, address, e-mail, record numbers, relatives and implanted-device serial are fixed and
  reused across all of that patient's documents (formatting of the same value may differ, e.g. `13912345678` vs
  `+86 139 1234 5678`, or full-width `ＺＹ２０２３...`). About a fifth of Chinese patients also have an English
  "medical summary for overseas consultation" (pinyin name, PRC ID, passport, English address) - these are `lang: en`.
* All people/hospitals/numbers are invented. Chinese resident IDs are 18 digits with a valid GB 11643 checksum
  (region code + birth date consistent with the patient's age + sex-parity sequence; ~1/5 end in `X`).

## Span conventions (what exactly is labelled)
* NAME - the name only; titles/roles are outside the span (`Dr. ⟦Emily Carter⟧, MD`, `Mrs. ⟦Garcia⟧`,
  `⟦张⟧阿姨`, `⟦李明⟧主任医师`). Patients, relatives (其女儿/家属/委托代理人/husband/niece), doctors, nurses, lab staff,
  interpreters, signatures, `SMITH, JOHN A`, `J. Smith`, pinyin `ZHANG Jianguo`, masked `王某某`/`李某` (labelled),
  surname-only references (`⟦张⟧先生`, `Dr. ⟦Patel⟧`). Includes 2-character surnames (欧阳, 司马, 尉迟 ...), rare
  surnames (亓, 訾, 母 ...) and names that are ordinary words (张伟, 李娜, 王海, 刘洋, 高山, 夏天, 安宁, 白雪 ...).
  Doctors whose surnames are eponyms exist (Dr. Barrett / Paget / Hodgkin / Cushing) while the eponymous diseases
  in the same corpus are NOT labelled.
* ID_NUMBER - PRC resident ID (also full-width), passport (E12345678, EA1234567, G...), 医保卡号/医保号, 社保卡号,
  US SSN, insurance member ID, Medicare MBI.
* PHONE - mobiles with/without separators and +86 / (+86) prefixes, landlines `010-12345678`, `(021)5555-1234`,
  `0571 8765 4321`, 400 hotlines, US `(617) 555-0142`, `617.555.0142`, `+1 ...`, `1-800-...`, fax numbers. Hospital
  switchboard numbers are labelled too.
* ADDRESS - Chinese addresses down to 号/栋/单元/室/弄/村组 (patient and hospital/lab addresses), English street
  addresses with apartment/unit/suite; in English letters the street line and the city/state/ZIP line are two
  separate spans (`⟦12 Oak Lane, Apt 3C⟧, ⟦Boston, MA 02118⟧`); the English rendering of Chinese addresses is one span.
* RECORD_NUMBER - 病案号, 住院号, 门诊号, 病理号 (`2023-12345`, `P230045`, `B23-04512`, `23B04512`), 冰冻号, 标本号,
  样本条码, 检查号/影像号, 基因检测报告编号, 床号 (`12床`, `+3床`, `B12床`, full-width `２床`), MRN, account/FIN,
  accession numbers, specimen IDs, room/bed.
* ORGANIZATION - hospital and laboratory names wherever they occur (including other hospitals mentioned inside
  sentences and English names of Chinese hospitals); departments ONLY in header fields (科室/科别/送检科室/申请科室,
  Service/Unit/Location) and signature lines. Department words inside clinical sentences (`建议胸外科/肿瘤内科MDT会诊`,
  `转入肿瘤内科`, `Dr. X, Medical Oncology, on ...`, `(Medical Oncology)` in cc lines) and generic mentions (我院, 外院,
  上级医院, 当地医院) are NOT labelled.
* DATE - every calendar date: `2023年3月5日`, `2023年03月05日`, `2023-03-05`, `2023.3.5`, `2023/03/05`,
  `20230305`, `05/03/2023`, full-width `２０２３年３月５日`, `二〇二三年三月五日`, partial `2023年3月` and `3月5日`,
  `03/14/2022`, `3/14/2022`, `March 5, 2023`, `Mar 5, 2023`, `05-Mar-2023`, `5 Mar 2023`, `March 2023`, `March 5`.
  Clock times after a date are NOT part of the span (`⟦2023-03-05⟧ 14:30`). Versions like `NCCN v3.2023` are not dates.
* AGE - only ages >= 90 (`92岁`, `95-year-old`, `93 y/o`, `Age: 91` -> `91`); includes relatives' ages (母亲93岁).
  Ages < 90 appear everywhere and are NOT labelled.
* CONTACT - e-mails, URLs (hospital sites, report-query links, lab portals), IP addresses of terminals/workstations.
* DEVICE_ID - serial numbers of implanted ports, PICCs, pacemakers/ICDs, tissue expanders, biliary stents; value only
  (`SN: ⟦PWP452198⟧`, `序列号：⟦RNB208734S⟧`). Model names (Medtronic Azure XT DR, PowerPort) are not labelled.

## Non-PHI distractors deliberately present (must NOT be flagged)
Eponyms (王氏针/Wang needle TBNA, Wilms瘤, Hodgkin/霍奇金, Reed-Sternberg, Paget病, Barrett食管, Cushing综合征,
Virchow淋巴结, Krukenberg瘤, Ivor Lewis, Lynch综合征, Borrmann, Lauren, Edmondson-Steiner, Child-Pugh), drugs and
regimens (奥希替尼, 培美曲塞, SOX, CAPEOX, ABVD, TCbHP, pembrolizumab ...), anatomy (左肺上叶, 肝S7段, 4R组),
measurements (3.2×2.5×2.0cm, SUVmax 8.5, 41.4Gy/23f), TNM (pT2aN1M0, ypT3 N1 M0), IHC (Ki-67约30%, PD-L1 TPS 40%),
genes/variants (EGFR E746_A750del, KRAS G12C, BRAF V600E), lymph-node counts (2/15, 5 of 23), ICD-10 codes
(C34.1), lab values and reference ranges, CLIA number of a lab, ages < 90, 去年夏天 / 安宁疗护 (look like names),
department words in sentences, generic hospital references (上级医院, 当地医院, 我院).
"""


def write_readme(docs, cnt, langs, fmts):
    lines = ["# Blind PHI test set (zh/en oncology clinical text)", "",
             f"{len(docs)} documents ({langs['zh']} zh, {langs['en']} en), {len(set(r['patient_id'] for r in docs))} patients, "
             f"{sum(sum(c.values()) for c in cnt.values())} PHI spans.", "",
             "## PHI span counts (category x language)", "",
             "| category | zh | en | total |", "|---|---:|---:|---:|"]
    for c in CATS:
        lines.append(f"| {c} | {cnt['zh'][c]} | {cnt['en'][c]} | {cnt['zh'][c] + cnt['en'][c]} |")
    tz, te = sum(cnt["zh"].values()), sum(cnt["en"].values())
    lines.append(f"| **total** | {tz} | {te} | {tz + te} |")
    lines += ["", "## Document formats", "", "| lang | format | docs |", "|---|---|---:|"]
    desc = {
        "pathology_report": "病理诊断报告书: key：value grid with full-width colons / pipe table / tab grid with full-width values; frozen section, IHC, molecular",
        "ct_report": "CT report (zh: 检查号/影像号 header, comparison with outside hospital; en: CT CAP with contrast)",
        "petct_report": "PET-CT全身显像报告",
        "pet_ct_report": "PET/CT skull base to mid-thigh",
        "discharge_summary": "出院记录/出院小结; en discharge summary with hospital course and follow-up",
        "progress_note": "病程记录: 首次病程记录, 主任医师查房, 术后病程 (date-time headed entries)",
        "consent_form": "手术知情同意书 with patient/agent signatures, ID numbers, 二〇二三年 dates; en surgical consent with LAR, interpreter, witness",
        "lab_report": "检验报告单 / clinical laboratory report: tab- or pipe-separated tables, full-width header values",
        "nursing_record": "护理记录单: vital-sign table (tab- or pipe-separated) with nurse signatures",
        "nursing_note": "en nursing progress note (timestamped entries, RN signatures)",
        "followup_call_chat": "电话随访记录: chat-style [date time] lines between nurse and relative",
        "outpatient_record": "门诊病历 (history, family history with ages, device history)",
        "admission_record": "入院记录 (一般项目 block: ID, address, contact person)",
        "gene_test_report": "第三方基因检测报告 (lab header, 受检者信息, 400 hotline, URL)",
        "referral_form": "双向转诊/院外会诊单 (社保卡号/医保号/护照号, transfer hospital)",
        "en_medical_summary_for_zh_patient": "English medical summary / second-opinion letter for a Chinese patient (pinyin names, PRC ID, passport)",
        "surgical_pathology_report": "en surgical pathology report (accession, gross, final diagnosis, sign-out)",
        "progress_note_soap": "en oncology clinic SOAP progress note",
        "referral_letter": "en referral letter with letterhead, recipient address block, RE: line",
        "telephone_encounter_portal": "en telephone encounter / patient-portal message thread",
        "molecular_genomic_report": "en comprehensive genomic profiling (NGS) report",
    }
    for (lg, f), n in sorted(fmts.items()):
        lines.append(f"| {lg} | {f} - {desc.get(f, '')} | {n} |")
    lines.append(README_STATIC.replace("@SEED@", str(SEED)))
    with open(os.path.join(HERE, "README.md"), "w", encoding="utf-8") as fh:
        fh.write("\n".join(lines))


if __name__ == "__main__":
    _p, _docs, _cnt, _langs, _fmts = main()
    write_readme(_docs, _cnt, _langs, _fmts)
