"""A seeded synthetic multi-document patient set for ``oncostruct bench assemble`` (the dev set).

    python benchmarks/assemble_devset.py --out benchmarks/data/assemble_dev --patients 48 --seed 19

Writes ``manifest.jsonl`` (one document per line: doc_id, text, doc_type, and for most documents
patient_id / visit_id / date) and ``gold.json`` (patients with their doc_ids, reconciled facts, planted
conflicts and gaps), in the format of ``eval/assemble.py``. All names, numbers and texts are invented.
Per patient: one pathology report (Chinese, some English), one or two discharge summaries (surgery,
then chemotherapy), and zero to two PET-CT reports. About a third of the documents carry no
patient_id and must be linked from their header (MRN, or name + birth date + sex). Planted:
pT / stage conflicts between the pathology report and the discharge diagnosis, laterality and
histology conflicts, lymph-node counts missing from the discharge summary (gaps), same-name
different patients, and MRNs written with leading zeros.
"""
from __future__ import annotations

import argparse
import json
import random
from datetime import date, timedelta
from pathlib import Path

SURNAMES = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁")
GIVEN = list("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国志文斌海燕琳慧婷雪梅")
EN_FIRST = ["John", "Mary", "Robert", "Linda", "David", "Susan", "James", "Karen", "Peter", "Helen"]
EN_LAST = ["Smith", "Brown", "Taylor", "Wilson", "Clark", "Walker", "Young", "King", "Wright", "Green"]

# cancer → (sites with laterality, histologies zh/en, surgery, regimen with drugs)
CANCERS = {
    "lung": {"sites": [("右肺上叶", "right upper lobe", "right"), ("左肺下叶", "left lower lobe", "left"),
                       ("右肺下叶", "right lower lobe", "right"), ("左肺上叶", "left upper lobe", "left")],
             "hist": [("浸润性腺癌", "invasive adenocarcinoma"), ("鳞状细胞癌", "squamous cell carcinoma")],
             "surgery": "胸腔镜下{site}切除术+纵隔淋巴结清扫术",
             "regimen": ("PP", [("培美曲塞", "500mg"), ("卡铂", "400mg")])},
    "breast": {"sites": [("左乳", "left breast", "left"), ("右乳", "right breast", "right")],
               "hist": [("浸润性导管癌", "invasive ductal carcinoma")],
               "surgery": "{site}癌改良根治术",
               "regimen": ("EC", [("表柔比星", "140mg"), ("环磷酰胺", "900mg")])},
    "colon": {"sites": [("乙状结肠", "sigmoid colon", None), ("升结肠", "ascending colon", None)],
              "hist": [("腺癌", "adenocarcinoma"), ("黏液腺癌", "mucinous adenocarcinoma")],
              "surgery": "腹腔镜下{site}癌根治术",
              "regimen": ("XELOX", [("奥沙利铂", "200mg"), ("卡培他滨", "1.5g")])},
}
# AJCC 8th stage groups (M0) per organ, for the (T, N) pairs the generator uses
STAGES = {
    "lung": {("T1b", "N0"): "IA2", ("T1c", "N0"): "IA3", ("T2a", "N0"): "IB", ("T2a", "N1"): "IIB",
             ("T3", "N0"): "IIB", ("T3", "N1"): "IIIA", ("T3", "N2"): "IIIB", ("T4", "N0"): "IIIA"},
    "breast": {("T1c", "N0"): "IA", ("T2", "N0"): "IIA", ("T2", "N1"): "IIB", ("T3", "N1"): "IIIA",
               ("T3", "N2"): "IIIA"},
    "colon": {("T2", "N0"): "I", ("T3", "N0"): "IIA", ("T3", "N1"): "IIIB", ("T2", "N1"): "IIIA",
              ("T4", "N0"): "IIB"},
}
OTHER_T = {"T1b": "T2a", "T1c": "T2", "T2a": "T3", "T2": "T3", "T3": "T2", "T4": "T3"}
OTHER_HIST = {"浸润性腺癌": "鳞状细胞癌", "鳞状细胞癌": "浸润性腺癌", "浸润性导管癌": "浸润性小叶癌", "腺癌": "鳞状细胞癌",
              "黏液腺癌": "印戒细胞癌"}


def _d(x: date) -> str:
    return x.isoformat()


def _person(rng: random.Random, used_names: list[str]) -> dict:
    sex = rng.choice(["男", "女"])
    name = rng.choice(used_names) if used_names and rng.random() < 0.15 else rng.choice(SURNAMES) + "".join(
        rng.choice(GIVEN) for _ in range(rng.choice([1, 2])))
    used_names.append(name)
    dob = date(rng.randint(1940, 1975), rng.randint(1, 12), rng.randint(1, 28))
    return {"name": name, "sex": sex, "dob": dob, "mrn": str(rng.randint(10_000_000, 99_999_999)),
            "en_name": f"{rng.choice(EN_FIRST)} {rng.choice(EN_LAST)}"}


def _header(rng: random.Random, p: dict, style: str, en: bool = False) -> str:
    """Header identifiers: 'full' (MRN + name/sex/dob), 'mrn' (MRN, name, sex), 'demo' (name/sex/dob, no MRN),
    'namedob' (name and birth date only: a weak link, to review), 'typo' (a mistyped MRN beside the right
    name/sex/birth date: a contradicted link, to review)."""
    mrn = ("00" + p["mrn"]) if rng.random() < 0.2 else p["mrn"]
    if en:
        sex = "Male" if p["sex"] == "男" else "Female"
        parts = {"full": f"Name: {p['en_name']}    Sex: {sex}    DOB: {_d(p['dob'])}    MRN: {mrn}",
                 "mrn": f"Name: {p['en_name']}    Sex: {sex}    MRN: {mrn}",
                 "demo": f"Name: {p['en_name']}    Sex: {sex}    DOB: {_d(p['dob'])}"}
        return parts[style]
    parts = {"full": f"姓名：{p['name']}    性别：{p['sex']}    出生日期：{_d(p['dob'])}    病案号：{mrn}",
             "mrn": f"姓名：{p['name']}    性别：{p['sex']}    年龄：{2023 - p['dob'].year}岁    住院号：{mrn}",
             "demo": f"姓名：{p['name']}    性别：{p['sex']}    出生日期：{_d(p['dob'])}",
             "namedob": f"姓名：{p['name']}    出生年月：{p['dob'].strftime('%Y%m%d')}",
             "typo": f"姓名：{p['name']}    性别：{p['sex']}    出生日期：{p['dob'].year}年{p['dob'].month}月{p['dob'].day}日"
                     f"    病案号：{p['mrn'][:-1]}{(int(p['mrn'][-1]) + 1) % 10}"}
    return parts[style]


def pathology_text(rng, p, c, when: date, style: str, en: bool) -> str:
    size = " × ".join(str(x) for x in c["size"]) if en else "×".join(str(x) for x in c["size"])
    if en:
        return (f"SURGICAL PATHOLOGY REPORT\n{_header(rng, p, style, True)}\nReport Date: {_d(when)}\n\n"
                f"Specimen: {c['site_en']}, resection.\nFINAL DIAGNOSIS:\n{c['site_en'].capitalize()}, resection: "
                f"{c['hist_en']}.\nTumor size: {size} cm.\nMargins: negative.\n"
                f"Lymph nodes: {c['pos']}/{c['exam']} positive for metastatic carcinoma.\n"
                f"Pathologic stage: p{c['T']}{c['N']}M0, AJCC 8th edition.\n")
    return (f"XX大学附属医院 病理诊断报告书\n{_header(rng, p, style)}\n送检日期：{_d(when - timedelta(days=3))}    "
            f"报告日期：{_d(when)}\n\n标本名称：{c['site']}切除标本\n病理诊断：\n（{c['site']}）{c['hist']}，"
            f"肿瘤大小{size}cm，切缘阴性。\n淋巴结：{c['pos']}/{c['exam']}见癌转移。\n"
            f"病理分期：p{c['T']}{c['N']}M0，{c['stage']}期（AJCC第8版）。\n")


def surgery_discharge(rng, p, c, adm: date, dis: date, style: str, dx: dict, with_ln: bool) -> str:
    op = (adm + timedelta(days=2))
    ln = f"，淋巴结{c['pos']}/{c['exam']}见癌转移" if with_ln else ""
    return (f"出院小结\n\n{_header(rng, p, style)}    科室：肿瘤外科\n入院日期：{_d(adm)}    出院日期：{_d(dis)}\n\n"
            f"入院诊断：\n1.{dx['site']}占位\n\n入院情况：患者因“发现{dx['site']}肿物1月”入院。\n\n"
            f"诊疗经过：入院后完善相关检查，于{_d(op)}在全麻下行{c['surgery']}，手术顺利。术后病理：（{dx['site']}）"
            f"{dx['hist']}{ln}。术后恢复可。\n\n出院诊断：\n1.{dx['site']}{dx['hist']} p{dx['T']}{c['N']}M0 {dx['stage']}期\n"
            f"2.高血压病2级\n\n出院医嘱：\n1.注意休息，定期复查。\n")


def chemo_discharge(rng, p, c, adm: date, dis: date, style: str, cycle: int) -> str:
    reg, drugs = c["regimen"]
    d = "+".join(f"{n} {dose} d1" for n, dose in drugs)
    return (f"出院记录\n\n{_header(rng, p, style)}    科室：肿瘤内科\n入院日期：{_d(adm)}    出院日期：{_d(dis)}\n\n"
            f"入院诊断：\n1.{c['site']}{c['hist']}术后\n\n诊疗经过：入院后完善检查，无化疗禁忌，于{_d(adm + timedelta(days=1))}"
            f"行第{cycle}周期{reg}方案化疗（{d}），过程顺利。\n\n出院诊断：\n1.{c['site']}{c['hist']}术后 化疗后\n\n"
            f"出院医嘱：\n1.三周后返院继续化疗。\n")


def petct_text(rng, p, c, when: date, style: str, progression: bool) -> str:
    second = ("2. 肝脏多发高代谢结节，考虑转移，较前进展。" if progression else "2. 全身其余部位未见明显异常高代谢病灶。")
    liver = "肝内见多发低密度结节，大者直径约2.1cm，SUVmax 7.8。\n" if progression else ""
    return (f"PET/CT检查报告\n{_header(rng, p, style)}\n检查日期：{_d(when)}\n检查所见：\n"
            f"{c['site']}术区见软组织密度影，放射性摄取轻度增高，SUVmax 2.1。\n{liver}诊断意见：\n"
            f"1. {c['site']}癌术后改变。\n{second}\n")


def make_patient(rng: random.Random, n: int, used_names: list[str]) -> tuple[list[dict], dict]:
    pid = f"P{n:03d}"
    p = _person(rng, used_names)
    kind = rng.choice(list(CANCERS))
    spec = CANCERS[kind]
    site, site_en, lat = rng.choice(spec["sites"])
    hist, hist_en = rng.choice(spec["hist"])
    (T, N), stage = rng.choice(list(STAGES[kind].items()))
    exam = rng.randint(8, 24)
    pos = 0 if N == "N0" else rng.randint(1, 5)
    c = {"site": site, "site_en": site_en, "hist": hist, "hist_en": hist_en, "T": T, "N": N, "stage": stage,
         "exam": exam, "pos": pos, "size": sorted([round(rng.uniform(1.0, 5.0), 1) for _ in range(3)], reverse=True),
         "surgery": spec["surgery"].format(site=site), "regimen": spec["regimen"]}
    en = rng.random() < 0.15
    start = date(2021, 1, 1) + timedelta(days=rng.randint(0, 700))
    docs: list[dict] = []
    gold = {"patient_id": pid, "doc_ids": [], "facts": {}, "conflicts": [], "gaps": []}

    def add(doc_type: str, text: str, when: date, visit: str | None, linked_by_header: bool) -> str:
        doc_id = f"{pid}-{doc_type}-{len(docs) + 1}"
        row = {"doc_id": doc_id, "text": text, "doc_type": doc_type}
        if not linked_by_header:
            row.update({"patient_id": pid, "date": _d(when)})
            if visit:
                row["visit_id"] = visit
        docs.append(row)
        gold["doc_ids"].append(doc_id)
        return doc_id

    def style(unlinked: bool) -> str:
        if not docs or en:  # the anchor, and English reports (their name is written in Latin letters): full header
            return "full"
        if unlinked:
            return rng.choices(["full", "mrn", "demo", "namedob", "typo"], [0.3, 0.3, 0.24, 0.08, 0.08])[0]
        return rng.choice(["full", "mrn"])

    # the first document of a patient keeps its patient_id (an anchor); the others may be header-linked
    adm = start
    dis = adm + timedelta(days=rng.randint(7, 12))
    path_date = adm + timedelta(days=6)
    conflict = rng.choices(["none", "pT", "laterality", "histology"], [0.55, 0.25, 0.1, 0.1])[0]
    if conflict == "laterality" and lat is None:
        conflict = "pT"
    dx = {"site": site, "hist": hist, "T": T, "stage": stage}
    if conflict == "pT":
        dx["T"] = OTHER_T[T]
        dx["stage"] = STAGES[kind].get((dx["T"], N), "IIIA")
    elif conflict == "laterality":
        dx["site"] = site.replace("右", "#").replace("左", "右").replace("#", "左")
    elif conflict == "histology":
        dx["hist"] = OTHER_HIST[hist]
    with_ln = rng.random() < 0.4
    unl = [False] + [rng.random() < 0.4 for _ in range(5)]
    order = rng.sample(["path", "dis"], 2)
    ids = {}
    for k, what in enumerate(order):
        if what == "path":
            ids["path"] = add("pathology", pathology_text(rng, p, c, path_date, style(unl[k]), en), path_date,
                              "V1", unl[k])
        else:
            ids["dis"] = add("discharge", surgery_discharge(rng, p, c, adm, dis, style(unl[k]), dx, with_ln), dis,
                             "V1", unl[k])
    k = 2
    chemo_ids = []
    if rng.random() < 0.7:
        for cycle in range(1, rng.choice([2, 3]) + 1):
            a = dis + timedelta(days=21 * cycle)
            chemo_ids.append(add("discharge", chemo_discharge(rng, p, c, a, a + timedelta(days=3), style(unl[k]), cycle),
                                 a + timedelta(days=3), f"V{cycle + 1}", unl[k]))
            k = min(k + 1, 5)
    n_pet = rng.choice([0, 1, 1, 2]) if len(docs) < 6 else 0
    progression = False
    for j in range(n_pet):
        if len(docs) >= 6:
            break
        when = dis + timedelta(days=120 * (j + 1))
        progression = progression or (j == n_pet - 1 and rng.random() < 0.4)
        add("petct", petct_text(rng, p, c, when, style(unl[k]), progression and j == n_pet - 1), when, None, unl[k])
        k = min(k + 1, 5)
    if len(docs) < 3:  # at least three documents
        when = dis + timedelta(days=90)
        add("petct", petct_text(rng, p, c, when, style(unl[k]), False), when, None, unl[k])
    facts = {"pathology.histology": hist_en if en else hist, "pathology.pT": "p" + T, "pathology.pN": "p" + N,
             "pathology.ln_positive": pos, "pathology.ln_examined": exam, "pathology.tumor_size": c["size"],
             "discharge.admission_date": _d(adm), "discharge.discharge_date": _d(dis)}
    if not en:
        facts["pathology.ajcc_stage"] = stage
    if lat:
        facts["laterality"] = lat
    gold["facts"] = facts
    if conflict != "none":
        name = {"pT": "pathology.pT", "laterality": "laterality", "histology": "pathology.histology"}[conflict]
        gold["conflicts"].append({"name": name, "doc_ids": [ids["path"], ids["dis"]]})
        if conflict == "pT" and dx["stage"] != stage and not en:
            gold["conflicts"].append({"name": "pathology.ajcc_stage", "doc_ids": [ids["path"], ids["dis"]]})
    if not with_ln:
        for name, value in (("pathology.ln_positive", pos), ("pathology.ln_examined", exam)):
            gold["gaps"].append({"name": name, "missing_in": ids["dis"], "filled_from": ids["path"], "value": value})
    return docs, gold


def build(n_patients: int, seed: int) -> tuple[list[dict], dict]:
    rng = random.Random(seed)
    used: list[str] = []
    docs, patients = [], []
    for n in range(1, n_patients + 1):
        d, g = make_patient(rng, n, used)
        docs += d
        patients.append(g)
    rng.shuffle(docs)
    return docs, {"patients": patients}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", required=True, type=Path)
    ap.add_argument("--patients", type=int, default=48)
    ap.add_argument("--seed", type=int, default=19)
    args = ap.parse_args()
    docs, gold = build(args.patients, args.seed)
    args.out.mkdir(parents=True, exist_ok=True)
    with (args.out / "manifest.jsonl").open("w", encoding="utf-8") as fh:
        for d in docs:
            fh.write(json.dumps(d, ensure_ascii=False) + "\n")
    (args.out / "gold.json").write_text(json.dumps(gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    unlinked = sum("patient_id" not in d for d in docs)
    print(json.dumps({"patients": len(gold["patients"]), "documents": len(docs), "without_patient_id": unlinked,
                      "conflicts": sum(len(p["conflicts"]) for p in gold["patients"]),
                      "gaps": sum(len(p["gaps"]) for p in gold["patients"])}))


if __name__ == "__main__":
    main()
