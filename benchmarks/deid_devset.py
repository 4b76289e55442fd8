"""A seeded synthetic PHI set for ``oncostruct bench deid`` (every value invented; no real data).

One JSON per line: ``{"doc_id", "patient_id", "lang", "text", "phi": [{"start", "end", "category", "text"}]}``
(``end`` exclusive). Chinese and English pathology, discharge and lab-sheet texts with PHI in header
fields and inside clinical sentences, plus clinical numbers, sizes, stages and eponyms that are not PHI.

    .venv/bin/python benchmarks/deid_devset.py --n 400 --seed 18 --out benchmarks/data/deid_dev.jsonl
"""
from __future__ import annotations

import argparse
import json
import random
import string
from pathlib import Path
from typing import Callable

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严武戴莫孔向汤"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红玉兰文斌宇浩凯鹏飞云海波晨欣怡佳雪梅琳婷颖倩"
EN_FIRST = ["James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David", "Elizabeth", "Wei",
            "Aisha", "Carlos", "Sofia", "Liam", "Olivia", "Noah", "Emma", "Hiroshi", "Priya"]
EN_LAST = ["Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez",
           "Nguyen", "O'Connor", "Patel", "Kowalski", "Chen", "Okafor", "Schmidt", "MacLeod", "Dubois", "Rossi"]
PROVINCES = [("浙江省", "杭州市", "西湖区"), ("广东省", "广州市", "天河区"), ("江苏省", "南京市", "鼓楼区"),
             ("四川省", "成都市", "武侯区"), ("", "北京市", "海淀区"), ("", "上海市", "徐汇区"), ("湖北省", "武汉市", "洪山区")]
ROADS = ["文三路", "体育西路", "中山北路", "人民南路", "学院路", "漕溪北路", "珞喻路", "解放大道"]
HOSPITALS = ["浙江大学医学院附属第一医院", "中山大学肿瘤防治中心医院", "南京鼓楼医院", "四川大学华西医院", "北京协和医院",
             "复旦大学附属中山医院", "武汉市第一人民医院", "杭州市肿瘤医院", "江苏省人民医院"]
DEPTS = ["胸外科", "肿瘤内科", "普外科二病区", "乳腺外科", "病理科", "放射治疗科"]
EN_HOSPITALS = ["Massachusetts General Hospital", "Mount Sinai Medical Center", "St. Mary's Hospital",
                "Riverside Cancer Center", "University of Chicago Medical Center", "Mayo Clinic"]
EN_STREETS = ["Maple Street", "Oak Avenue", "Baker Street", "Elm Road", "Sunset Boulevard", "Harbor Drive"]
EN_CITIES = [("Springfield", "MA"), ("Columbus", "OH"), ("Austin", "TX"), ("Portland", "OR")]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
CLINICAL_ZH = [
    "（右肺上叶）浸润性腺癌，中分化，肿块大小3.5×2.5×2cm，pT2aN0，淋巴结（0/12）。",
    "免疫组化：TTF-1(+)，Napsin A(+)，Ki-67(约20%+)，ALK(D5F3)(-)。",
    "王氏综合征病史不详，霍奇金淋巴瘤已排除。",
    "术后予卡培他滨1000mg/m2口服bid d1-14，共6周期，CEA 6.8ng/ml。",
    "胃角溃疡型低分化腺癌，侵及浆膜下层，脉管内见癌栓，pT3N1a，AJCC第8版IIIA期。",
    "乳腺浸润性导管癌，II级，ER(90%+)，PR(60%+)，HER2(2+)，FISH未扩增。",
    "患者术后恢复可，切口愈合良好，出院带药：奥沙利铂130mg/m2 ivgtt d1。",
    "白细胞 6.5×10^9/L，血红蛋白 128g/L，血小板 210×10^9/L。",
]
CLINICAL_EN = [
    "Invasive ductal carcinoma, grade 2, tumor size 2.3 cm, margins negative, 0/14 lymph nodes.",
    "Immunohistochemistry: ER positive (90%), PR positive (40%), HER2 1+, Ki-67 15%.",
    "Adenocarcinoma of the sigmoid colon, pT3 pN1b, AJCC 8th edition, stage IIIB.",
    "Hodgkin lymphoma was excluded; no features of Lynch syndrome.",
    "She received capecitabine 1000 mg/m2 twice daily on days 1-14 for 6 cycles.",
    "WBC 6.1 x10^9/L, hemoglobin 12.8 g/dL, platelets 245 x10^9/L.",
]


class Doc:
    """Text built piece by piece, with the PHI spans it holds."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.phi: list[dict] = []
        self.n = 0

    def add(self, text: str, category: str | None = None) -> None:
        if category:
            self.phi.append({"start": self.n, "end": self.n + len(text), "category": category, "text": text})
        self.parts.append(text)
        self.n += len(text)

    def fmt(self, template: str, values: dict[str, tuple[str, str | None]]) -> None:
        """``template`` with ``{slot}`` replaced by values (text, category)."""
        pos = 0
        while (i := template.find("{", pos)) >= 0:
            j = template.index("}", i)
            self.add(template[pos:i])
            text, cat = values[template[i + 1:j]]
            self.add(text, cat)
            pos = j + 1
        self.add(template[pos:])


def _gb11643(first17: str) -> str:
    w = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return first17 + "10X98765432"[sum(int(c) * k for c, k in zip(first17, w)) % 11]


def _digits(r: random.Random, n: int) -> str:
    return "".join(r.choice(string.digits) for _ in range(n))


def zh_values(r: random.Random) -> dict[str, Callable[[], tuple[str, str | None]]]:
    def name() -> str:
        return r.choice(SURNAMES) + "".join(r.choice(GIVEN) for _ in range(r.choice((1, 2))))

    def date() -> str:
        y, m, d = r.randint(2015, 2024), r.randint(1, 12), r.randint(1, 28)
        return r.choice([f"{y}年{m}月{d}日", f"{y}-{m:02d}-{d:02d}", f"{y}/{m}/{d}", f"{y}.{m:02d}.{d:02d}",
                         f"{y}年{m:02d}月{d:02d}日"])

    def address() -> str:
        p, c, d = r.choice(PROVINCES)
        return (f"{p}{c}{d}{r.choice(ROADS)}{r.randint(1, 300)}号" +
                r.choice(["", f"{r.randint(1, 30)}栋{r.randint(1, 6)}单元{r.randint(101, 2505)}室",
                          f"阳光花园{r.randint(1, 20)}幢{r.randint(101, 1802)}室"]))

    def rid() -> str:
        return _gb11643(f"{r.choice('1345')}{_digits(r, 5)}{r.randint(1930, 2005)}{r.randint(1, 12):02d}"
                        f"{r.randint(1, 28):02d}{_digits(r, 3)}")

    return {
        "name": lambda: (name(), "NAME"),
        "mou": lambda: (r.choice(SURNAMES) + r.choice(["某", "某某"]), "NAME"),
        "id": lambda: (rid(), "ID_NUMBER"),
        "insurance": lambda: (_digits(r, 16), "ID_NUMBER"),
        "passport": lambda: (r.choice("EG") + _digits(r, 8), "ID_NUMBER"),
        "mobile": lambda: (r.choice(["138", "159", "186", "177"]) + _digits(r, 8), "PHONE"),
        "landline": lambda: (f"0{r.randint(10, 99)}-{_digits(r, 8)}", "PHONE"),
        "address": lambda: (address(), "ADDRESS"),
        "inpatient": lambda: (_digits(r, r.randint(6, 10)), "RECORD_NUMBER"),
        "pathno": lambda: (f"{r.choice(['P', 'B', 'BL'])}{r.randint(2015, 2024)}-{_digits(r, 5)}", "RECORD_NUMBER"),
        "specimen": lambda: (f"S{_digits(r, 7)}", "RECORD_NUMBER"),
        "bed": lambda: (str(r.randint(1, 60)), "RECORD_NUMBER"),
        "hospital": lambda: (r.choice(HOSPITALS), "ORGANIZATION"),
        "dept": lambda: (r.choice(DEPTS), "ORGANIZATION"),
        "date": lambda: (date(), "DATE"),
        "old": lambda: (f"{r.randint(90, 104)}岁", "AGE"),
        "young": lambda: (str(r.randint(25, 85)), None),
        "email": lambda: (f"{r.choice(['zhang', 'li', 'wang', 'dr.liu'])}{r.randint(1, 999)}@"
                          f"{r.choice(['163.com', 'qq.com', 'hospital.org.cn'])}", "CONTACT"),
        "url": lambda: (f"https://pacs.{r.choice(['zjhosp', 'hxyy'])}.cn/view?id={_digits(r, 6)}", "CONTACT"),
        "ip": lambda: (f"10.{r.randint(0, 255)}.{r.randint(0, 255)}.{r.randint(1, 254)}", "CONTACT"),
        "device": lambda: (f"{r.choice(['XJ', 'MR', 'CT'])}-{_digits(r, 4)}-{_digits(r, 4)}", "DEVICE_ID"),
    }


ZH_TEMPLATES = [
    "{hospital}病理诊断报告\n姓名：{name} 性别：男 年龄：{young}岁 住院号：{inpatient} 床号：{bed} 科室：{dept}\n",
    "姓名：{name}  年龄：{old}  病理号：{pathno}  送检日期：{date}\n",
    "患者{name}因咳嗽2月余于{date}入院。",
    "其女{name}（电话{mobile}）陪同就诊。",
    "家住{address}，联系电话：{landline}。",
    "身份证号：{id}，医保卡号：{insurance}。",
    "患者{mou}，{old}高龄，于{date}在{hospital}行手术。",
    "标本号：{specimen}，设备编号：{device}。",
    "报告医师：{name} 审核医师：{name}\n",
    "影像见{url}，邮箱：{email}，登录IP {ip}。",
    "护照号：{passport}。主治医师：{name}。",
    "于{date} 08:30复查，{young}岁起吸烟。",
]
EN_TEMPLATES = [
    "{hospital}\nSURGICAL PATHOLOGY REPORT\nName: {name}  MRN: {mrn}  DOB: {date}  Accession #: {acc}\n",
    "Patient {name} was admitted on {date} with cough. ",
    "A {old} woman, accompanied by her daughter {name2} (phone {phone}). ",
    "Address: {address}. ",
    "SSN {ssn}; Insurance ID: {ins}. ",
    "Seen by Dr. {last} at {hospital} on {date}. ",
    "Specimen ID: {spec}; Serial No. {device}; email {email}; portal {url}; IP {ip}. ",
    "Electronically signed by: {name}, MD on {date}\n",
    "Bed No. {bed}, {dept}. ",
]


def en_values(r: random.Random) -> dict[str, Callable[[], tuple[str, str | None]]]:
    def date() -> str:
        y, m, d = r.randint(2015, 2024), r.randint(1, 12), r.randint(1, 28)
        return r.choice([f"{m:02d}/{d:02d}/{y}", f"{MONTHS[m - 1]} {d}, {y}", f"{d} {MONTHS[m - 1][:3]} {y}",
                         f"{y}-{m:02d}-{d:02d}"])

    def address() -> str:
        city, st = r.choice(EN_CITIES)
        return f"{r.randint(1, 9999)} {r.choice(EN_STREETS)}, Apt {r.randint(1, 40)}, {city}, {st} {_digits(r, 5)}"

    return {
        "name": lambda: (f"{r.choice(EN_FIRST)} {r.choice(EN_LAST)}", "NAME"),
        "name2": lambda: (f"{r.choice(EN_FIRST)} {r.choice(EN_LAST)}", "NAME"),
        "last": lambda: (r.choice(EN_LAST), "NAME"),
        "mrn": lambda: (_digits(r, 8), "RECORD_NUMBER"),
        "acc": lambda: (f"S{r.randint(15, 24)}-{_digits(r, 5)}", "RECORD_NUMBER"),
        "spec": lambda: (f"SP-{_digits(r, 6)}", "RECORD_NUMBER"),
        "bed": lambda: (f"{r.randint(1, 40)}{r.choice('AB')}", "RECORD_NUMBER"),
        "date": lambda: (date(), "DATE"),
        "old": lambda: (f"{r.randint(90, 103)}-year-old", "AGE"),
        "phone": lambda: (f"({r.randint(201, 989)}) {r.randint(201, 989)}-{_digits(r, 4)}", "PHONE"),
        "address": lambda: (address(), "ADDRESS"),
        "ssn": lambda: (f"{r.randint(100, 899)}-{_digits(r, 2)}-{_digits(r, 4)}", "ID_NUMBER"),
        "ins": lambda: (f"{r.choice(['XQH', 'BCB', 'UHC'])}{_digits(r, 9)}", "ID_NUMBER"),
        "hospital": lambda: (r.choice(EN_HOSPITALS), "ORGANIZATION"),
        "dept": lambda: (r.choice(["Department of Thoracic Surgery", "Department of Pathology", "Division of Oncology"]),
                         "ORGANIZATION"),
        "device": lambda: (f"{r.choice(['PM', 'ICD', 'CT'])}{_digits(r, 7)}", "DEVICE_ID"),
        "email": lambda: (f"{r.choice(['jsmith', 'maria.g', 'pt1234'])}@{r.choice(['gmail.com', 'mgh.org'])}",
                          "CONTACT"),
        "url": lambda: (f"https://portal.{r.choice(['mgh', 'sinai'])}.org/r/{_digits(r, 6)}", "CONTACT"),
        "ip": lambda: (f"192.168.{r.randint(0, 255)}.{r.randint(1, 254)}", "CONTACT"),
    }


def make_doc(r: random.Random, i: int, lang: str) -> dict:
    doc = Doc()
    values = zh_values(r) if lang == "zh" else en_values(r)
    templates, clinical = (ZH_TEMPLATES, CLINICAL_ZH) if lang == "zh" else (EN_TEMPLATES, CLINICAL_EN)
    chosen = [templates[0]] + r.sample(templates[1:], k=r.randint(4, len(templates) - 1))
    for t in chosen:
        slots = {}
        pos = 0
        while (a := t.find("{", pos)) >= 0:
            b = t.index("}", a)
            slots[t[a + 1:b]] = values[t[a + 1:b]]()
            pos = b + 1
        doc.fmt(t, slots)
        if r.random() < 0.6:
            doc.add(r.choice(clinical))
    text = "".join(doc.parts)
    assert all(text[p["start"]:p["end"]] == p["text"] for p in doc.phi)
    return {"doc_id": f"dev{i:04d}", "patient_id": f"pt{i // 2:04d}", "lang": lang, "text": text, "phi": doc.phi}


def generate(n: int = 400, seed: int = 18) -> list[dict]:
    r = random.Random(seed)
    return [make_doc(r, i, "zh" if i % 2 == 0 else "en") for i in range(n)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=400)
    ap.add_argument("--seed", type=int, default=18)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as fh:
        for d in generate(args.n, args.seed):
            fh.write(json.dumps(d, ensure_ascii=False) + "\n")
    print(args.out)


if __name__ == "__main__":
    main()
