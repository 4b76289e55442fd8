"""A seeded PHI dev set in formats no earlier set used (issue 18, round 5): bed boards, wristbands, waybills,
pedigree descriptions, timelines, YAML dumps, log lines, checklists and duty rosters, Chinese and English.

Every value is invented here; names are drawn from this file's own surname and given-name lists (with some
English given names made of random syllables, so no gazetteer can know them). Names in prose carry no cue
(``昨晚X又发热``, ``和X通了电话``, ``Reached X``). A surname with a title (``王主任``) is labelled as the surname.

    .venv/bin/python benchmarks/deid_devset5.py --n 300 --seed 5 --out /tmp/deid_dev5.jsonl
    .venv/bin/oncostruct bench deid --data /tmp/deid_dev5.jsonl --out /tmp/dev5.json
"""
from __future__ import annotations

import argparse
import json
import random
import string
from pathlib import Path

from deid_devset import Doc, _gb11643  # type: ignore[import-not-found]  # run as a script from benchmarks/

ZH_SURNAMES = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁"
                   "任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严") + [
    "欧阳", "司徒", "上官"]
ZH_GIVEN = "振宇子涵梓萱浩然嘉怡晓东丽娟春燕国栋淑珍永红桂芝德胜海燕新民雅琴少华文静志刚玉梅秋菊俊杰立新卫东"
EN_GIVEN = ["Ingrid", "Tobias", "Amara", "Dmitri", "Yusuf", "Chiamaka", "Bartholomew", "Keanu", "Saoirse", "Mateo",
            "Ngozi", "Thaddeus", "Anneliese", "Rafferty", "Zainab", "Joaquín", "Marisol", "Kofi", "Ines", "Leopold"]
EN_SURNAMES = ["Okonkwo", "Vasquez-Reyes", "Lindgren", "Abernethy", "Takahashi", "Oyelaran", "Castellanos",
               "Fairweather", "Nakamura", "Brennan", "Haugland", "Szymański", "Delgado", "Whitcombe", "Achterberg",
               "Mbeki", "Quintero", "Halvorsen", "Prendergast", "Ferreira"]
SYLL = ["ka", "lo", "ven", "dri", "sa", "mir", "tel", "ou", "ran", "bex", "ny", "zo", "fel", "ari", "quin", "dor"]
ZH_HOSPITALS = ["青岛市海慈医院", "云南省第一人民医院", "宁夏医科大学总医院", "温州医科大学附属第二医院", "邵逸夫医院",
                "厦门大学附属中山医院", "南昌大学第二附属医院"]
ZH_ORGS = ["平安养老保险", "国大药房", "华大基因", "金域医学检验", "泰康人寿", "迪安诊断", "贝瑞基因", "老百姓大药房"]
ZH_DEPTS = ["肝胆胰外科", "头颈肿瘤科", "血液科", "放疗科", "呼吸与危重症医学科"]
EN_ORGS = ["Aetna", "Humana", "Guardant Health", "Tempus", "Caris Life Sciences", "Walgreens Specialty Pharmacy",
           "Quest Diagnostics", "Blue Shield of California", "Genentech", "NeoGenomics", "Labcorp"]
EN_HOSPITALS = ["Harborview Medical Center", "Providence St. Vincent Hospital", "Ochsner Clinic", "Geisinger Hospital"]
CITIES_ZH = [("山东省", "青岛市", "市南区", "香港中路"), ("云南省", "昆明市", "五华区", "青年路"),
             ("浙江省", "温州市", "鹿城区", "学院中路"), ("福建省", "厦门市", "思明区", "湖滨南路")]
STREETS_EN = [("Larkspur Lane", "Boise", "ID", "83702"), ("Quarry Road", "Burlington", "VT", "05401"),
              ("Juniper Court", "Tulsa", "OK", "74103"), ("Canal Street", "New Orleans", "LA", "70112")]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]


class Values:
    """Invented PHI values of one patient (and the people around them)."""

    def __init__(self, r: random.Random) -> None:
        self.r = r

    def digits(self, n: int) -> str:
        return "".join(self.r.choice(string.digits) for _ in range(n))

    def zh_name(self) -> str:
        r = self.r
        given = ZH_GIVEN[r.randrange(0, len(ZH_GIVEN) - 1, 2):][:2] if r.random() < 0.6 else r.choice(ZH_GIVEN)
        return r.choice(ZH_SURNAMES) + given

    def en_given(self) -> str:
        if self.r.random() < 0.4:  # a made-up given name no list holds
            return "".join(self.r.choice(SYLL) for _ in range(self.r.choice((2, 3)))).capitalize()
        return self.r.choice(EN_GIVEN)

    def en_name(self) -> str:
        return f"{self.en_given()} {self.r.choice(EN_SURNAMES)}"

    def zh_date(self) -> str:
        y, m, d = self.r.randint(2016, 2025), self.r.randint(1, 12), self.r.randint(1, 28)
        return self.r.choice([f"{y}年{m}月{d}日", f"{y}-{m:02d}-{d:02d}", f"{y}/{m}/{d}", f"{y}.{m}.{d}"])

    def en_date(self) -> str:
        y, m, d = self.r.randint(2016, 2025), self.r.randint(1, 12), self.r.randint(1, 28)
        suffix = {1: "st", 2: "nd", 3: "rd", 21: "st", 22: "nd", 23: "rd"}.get(d, "th")
        return self.r.choice([f"{m:02d}/{d:02d}/{y}", f"{MONTHS[m - 1]} {d}, {y}", f"{d} {MONTHS[m - 1][:3]} {y}",
                              f"{y}-{m:02d}-{d:02d}", f"{d}{suffix} of {MONTHS[m - 1]} {y}"])

    def zh_address(self) -> str:
        p, c, d, road = self.r.choice(CITIES_ZH)
        return f"{p}{c}{d}{road}{self.r.randint(1, 400)}号{self.r.randint(1, 30)}栋{self.r.randint(101, 2806)}室"

    def en_address(self) -> str:
        street, city, state, zipc = self.r.choice(STREETS_EN)
        return f"{self.r.randint(10, 9999)} {street}, {city}, {state} {zipc}"

    def resident_id(self) -> str:
        return _gb11643(f"{self.r.choice('1345')}{self.digits(5)}{self.r.randint(1926, 1934)}"
                        f"{self.r.randint(1, 12):02d}{self.r.randint(1, 28):02d}{self.digits(3)}")

    def mobile(self) -> str:
        return f"1{self.r.choice('3589')}{self.digits(9)}"

    def us_phone(self) -> str:
        return f"({self.r.randint(201, 989)}) {self.digits(3)}-{self.digits(4)}"

    def record(self) -> str:
        return self.r.choice([f"ZY{self.digits(8)}", f"{self.digits(9)}", f"H{self.digits(7)}", f"B{self.digits(2)}-{self.digits(5)}"])

    def device(self) -> str:
        return self.r.choice([f"SN{self.digits(9)}", f"(01){self.digits(14)}(17){self.digits(6)}(10)A{self.digits(5)}",
                              f"PM-{self.digits(4)}-{self.r.choice('ABCDEFGH')}{self.digits(3)}"])

    def age(self) -> str:
        return str(self.r.randint(90, 104))


def zh_doc(v: Values, kind: str) -> Doc:
    r, d = v.r, Doc()
    pt, fam, doc1, nurse = v.zh_name(), v.zh_name(), v.zh_name(), v.zh_name()
    hosp, org, dept = r.choice(ZH_HOSPITALS), r.choice(ZH_ORGS), r.choice(ZH_DEPTS)
    vals = {"pt": (pt, "NAME"), "fam": (fam, "NAME"), "doc": (doc1, "NAME"), "nurse": (nurse, "NAME"),
            "hosp": (hosp, "ORGANIZATION"), "org": (org, "ORGANIZATION"), "dept": (dept, "ORGANIZATION"),
            "date": (v.zh_date(), "DATE"), "date2": (v.zh_date(), "DATE"), "age": (v.age() + "岁", "AGE"),
            "id": (v.resident_id(), "ID_NUMBER"), "tel": (v.mobile(), "PHONE"), "addr": (v.zh_address(), "ADDRESS"),
            "mrn": (v.record(), "RECORD_NUMBER"), "dev": (v.device(), "DEVICE_ID"),
            "mail": (f"{v.digits(8)}@qq.com", "CONTACT"), "docsur": (doc1[0], "NAME"), "bed": (str(r.randint(1, 60)), "RECORD_NUMBER")}
    templates = {
        "bedboard": "{dept} 床位一览 {date}\n{bed}床 {pt} {age} 胃癌术后第3天 责任护士{nurse}\n"
                    "备注：{pt}今晨体温37.8℃，已告知{docsur}主任。家属{fam}陪护，电话{tel}。\n",
        "wristband": "【腕带】{hosp}\n{pt}  女  {age}\n住院号 {mrn}\n过敏：青霉素\n入院 {date}\n",
        "waybill": "顺丰速运 电子面单\n寄件人：{hosp}病理科 {nurse} {tel}\n收件人：{org} 样本接收组\n"
                   "内件：石蜡包埋组织块 3 个（病理号 {mrn}）\n寄件日期 {date}\n",
        "pedigree": "家系描述：先证者{pt}（{age}），{date}确诊乳腺癌。其母亲62岁死于卵巢癌；"
                    "其姐{fam}携带BRCA1致病突变，{date2}在{org}检测。昨晚{fam}再次打电话询问结果。\n",
        "timeline": "时间线\n- {date}：{pt}于{hosp}行根治术\n- {date2}：和{fam}通了电话，告知病理结果\n"
                    "- 随访：{doc}建议继续观察，白细胞正常，高血压控制可\n",
        "yaml": "patient:\n  xingming: {pt}\n  shenfenzheng: \"{id}\"\n  zhuzhi: {addr}\n  youxiang: {mail}\n"
                "  shebei: {dev}\ncare_team:\n  - {doc}\n  - {nurse}\n",
        "log": "[{date} 08:12:44] INFO order={mrn} user={nurse} action=sign\n"
               "[{date} 08:13:02] WARN 患者{pt} 身份证{id} 与医保信息不一致\n",
        "checklist": "术前核对单\n[x] 身份核对：{pt}（{age}）\n[x] 手术医生：{doc}\n[ ] 植入物编号 {dev}\n"
                     "[x] 联系人 {fam} 手机 {tel}\n[x] 家庭住址 {addr}\n",
        "roster": "值班表（{dept}）\n周一 白班 {doc}　夜班 {nurse}\n周二 白班 {fam}　夜班 {pt}\n{doc}联系电话 {tel}\n",
    }
    d.fmt(templates[kind], vals)
    d.add(r.choice(["术后病理：中分化腺癌，pT2N0，王氏综合征已排除，方案为常规化疗6个周期。\n",
                    "白细胞 5.2×10^9/L，石蜡切片HE染色，金属夹定位，黄疸指数正常。\n"]))
    return d


def en_doc(v: Values, kind: str) -> Doc:
    r, d = v.r, Doc()
    pt, fam, doc1, nurse = v.en_name(), v.en_name(), v.en_name(), v.en_name()
    vals = {"pt": (pt, "NAME"), "fam": (fam, "NAME"), "doc": (doc1, "NAME"), "nurse": (nurse, "NAME"),
            "ptfirst": (pt.split()[0], "NAME"), "docsur": (doc1.split()[-1], "NAME"),
            "hosp": (r.choice(EN_HOSPITALS), "ORGANIZATION"), "org": (r.choice(EN_ORGS), "ORGANIZATION"),
            "date": (v.en_date(), "DATE"), "date2": (v.en_date(), "DATE"), "age": (v.age(), "AGE"),
            "ssn": (f"{v.digits(3)}-{v.digits(2)}-{v.digits(4)}", "ID_NUMBER"), "tel": (v.us_phone(), "PHONE"),
            "addr": (v.en_address(), "ADDRESS"), "mrn": (v.record(), "RECORD_NUMBER"), "dev": (v.device(), "DEVICE_ID"),
            "mail": (f"{pt.split()[0].lower()}.{v.digits(3)}@example.org", "CONTACT"),
            "bed": (str(r.randint(1, 40)), "RECORD_NUMBER")}
    templates = {
        "bedboard": "BED BOARD - 4 West - {date}\nBed {bed}  {pt}  ({age} y)  POD 2  RN {nurse}\n"
                    "Note: {ptfirst} spiked 38.4 overnight; paged {docsur}. Daughter {fam} at bedside, {tel}.\n",
        "wristband": "{hosp}\n{pt}\nMRN {mrn}   Age {age}\nAllergy: NKDA   Adm {date}\n",
        "waybill": "FedEx Priority Overnight\nShip from: {hosp} Pathology, {addr}\nShip to: {org}, Attn Accessioning\n"
                   "Contents: FFPE blocks, case {mrn}\nShipper contact: {nurse} {tel}\n",
        "pedigree": "Pedigree: proband {pt}, aged {age}, breast cancer dx {date}. Her sister, {fam}, tested positive "
                    "for BRCA2 at {org} on {date2}.\n",
        "timeline": "Timeline\n* {date} - surgery at {hosp}\n* {date2} - called {fam}, who will drive {ptfirst} to clinic\n"
                    "* follow-up per {doc}; Lynch syndrome screening negative\n",
        "yaml": "subject:\n  display: {pt}\n  ssn: \"{ssn}\"\n  home: {addr}\n  email: {mail}\n  implant: {dev}\n"
                "insurer: {org}\n",
        "log": "{date} 14:02:11 INFO portal login user={mail}\n{date} 14:03:40 AUDIT chart {mrn} opened by {nurse}\n",
        "checklist": "Pre-op checklist\n[x] Identity: {pt}, {age} years\n[x] Surgeon: {doc}\n[ ] Implant serial {dev}\n"
                     "[x] Contact {fam} {tel}\n",
        "roster": "On-call roster\nMon  {doc}\nTue  {nurse}\nWed  {fam}\nQuestions: {mail}\n",
    }
    d.fmt(templates[kind], vals)
    d.add(r.choice(["Adenocarcinoma, Gleason 4+3, Hodgkin lymphoma excluded; Whipple procedure planned.\n",
                    "WBC 5.2, Ann Arbor stage II, Ki-67 30%.\n"]))
    return d


KINDS = ["bedboard", "wristband", "waybill", "pedigree", "timeline", "yaml", "log", "checklist", "roster"]


def generate(n: int, seed: int) -> list[dict]:
    r = random.Random(seed)
    out = []
    for i in range(n):
        lang = "zh" if i % 5 < 3 else "en"
        kind = KINDS[i % len(KINDS)]
        d = (zh_doc if lang == "zh" else en_doc)(Values(r), kind)
        out.append({"doc_id": f"D5-{i:04d}-{kind}", "patient_id": f"P{i:04d}", "lang": lang,
                    "text": "".join(d.parts), "phi": d.phi})
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--n", type=int, default=300)
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--out", type=Path, required=True)
    a = ap.parse_args()
    a.out.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in generate(a.n, a.seed)), "utf-8")


if __name__ == "__main__":
    main()
