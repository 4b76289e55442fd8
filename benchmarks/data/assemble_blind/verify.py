#!/usr/bin/env python3
"""Self-check of the blind patient set (standard library only).

1. JSON loads; every gold doc_id exists in the manifest exactly once and belongs to exactly one patient.
2. patient_id in the manifest agrees with gold.
3. Linkage is solvable from the TEXT alone: header identifiers (MRN after NFKC normalisation, or
   name + sex + birth date) + patient_id reproduce exactly the gold patient clusters.
4. Every planted conflict is visible in the text of the disagreeing documents; every planted gap is
   absent from the `missing_in` document and present in the `filled_from` document.
"""
import json
import os
import re
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
manifest = [json.loads(l) for l in open(os.path.join(HERE, "manifest.jsonl"), encoding="utf-8")]
gold = json.load(open(os.path.join(HERE, "gold.json"), encoding="utf-8"))
errors = []

ids = [r["doc_id"] for r in manifest]
assert len(ids) == len(set(ids)), "duplicate doc_id in manifest"
by_id = {r["doc_id"]: r for r in manifest}
owner = {}
for p in gold["patients"]:
    for d in p["doc_ids"]:
        if d not in by_id:
            errors.append(f"{d} in gold but not in manifest")
        if d in owner:
            errors.append(f"{d} in two gold patients")
        owner[d] = p["patient_id"]
for d in ids:
    if d not in owner:
        errors.append(f"{d} in manifest but in no gold patient")
for r in manifest:
    if "patient_id" in r and r["patient_id"] != owner.get(r["doc_id"]):
        errors.append(f"{r['doc_id']} patient_id {r['patient_id']} != gold {owner.get(r['doc_id'])}")
    if r["doc_type"] not in ("pathology", "petct", "ct", "discharge", "other"):
        errors.append(f"bad doc_type {r['doc_type']}")
for p in gold["patients"]:
    if not 3 <= len(p["doc_ids"]) <= 6:
        errors.append(f"{p['patient_id']} has {len(p['doc_ids'])} docs")


def norm(t):
    return unicodedata.normalize("NFKC", t)


SEP = r"\s*[:：|\t]\s*\|?\s*"
RE_NAME = re.compile(r"(?:患者姓名|姓\s*名|Name)" + SEP + r"([\u4e00-\u9fff]{2,4})")
RE_SEX = re.compile(r"(?:性别|Sex)" + SEP + r"(男|女|Male|Female|M|F)(?![a-z])")
RE_BIRTH = re.compile(r"(?:出生日期|出生年月|生日|DOB|Date of Birth)" + SEP + r"([0-9./年月日-]+)")
RE_MRN = re.compile(r"(?:病\s*案\s*号|住\s*院\s*号|I\s*D\s*号|病\s*历\s*号|登\s*记\s*号|患\s*者\s*ID|MRN|Patient ID|Hospital No\.)"
                    + SEP + r"(\d{5,})")


def parse_date(s):
    s = s.strip()
    m = re.match(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})", s)
    if m:
        return f"{int(m.group(1)):04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
    m = re.match(r"(\d{4})(\d{2})(\d{2})$", s)
    if m:
        return f"{m.group(1)}-{m.group(2)}-{m.group(3)}"
    return None


def ids_of(text):
    t = norm(text)
    head = t[:400]
    out = {}
    m = RE_NAME.search(head)
    if m:
        out["name"] = m.group(1)
    m = RE_SEX.search(head)
    if m:
        out["sex"] = {"Male": "男", "M": "男", "Female": "女", "F": "女"}.get(m.group(1), m.group(1))
    m = RE_BIRTH.search(head)
    if m:
        out["birth"] = parse_date(m.group(1))
    m = RE_MRN.search(head)
    if m:
        out["mrn"] = m.group(1)
    return out


# union-find over documents
parent = {d: d for d in ids}


def find(x):
    while parent[x] != x:
        parent[x] = parent[parent[x]]
        x = parent[x]
    return x


def union(a, b):
    parent[find(a)] = find(b)


keys = {}
for r in manifest:
    i = ids_of(r["text"])
    r["_ids"] = i
    ks = []
    if "patient_id" in r:
        ks.append(("pid", r["patient_id"]))
    if i.get("mrn"):
        ks.append(("mrn", i["mrn"]))
    if i.get("name") and i.get("sex") and i.get("birth"):
        ks.append(("nsb", i["name"], i["sex"], i["birth"]))
    if not ks:
        errors.append(f"{r['doc_id']}: no usable identifier ({i})")
    for k in ks:
        if k in keys:
            union(r["doc_id"], keys[k])
        else:
            keys[k] = r["doc_id"]
clusters = {}
for d in ids:
    clusters.setdefault(find(d), set()).add(d)
gold_sets = {frozenset(p["doc_ids"]) for p in gold["patients"]}
for c in clusters.values():
    if frozenset(c) not in gold_sets:
        errors.append(f"text-linkage cluster does not match gold: {sorted(c)} -> {sorted({owner[x] for x in c})}")
# every gold patient must contain at least one doc with patient_id
for p in gold["patients"]:
    if not any("patient_id" in by_id[d] for d in p["doc_ids"]):
        errors.append(f"{p['patient_id']} has no document carrying patient_id")


# ---- conflicts / gaps visible in text
def dates_in(t):
    t = norm(t)
    out = set()
    for m in re.finditer(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})", t):
        out.add(f"{int(m.group(1)):04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}")
    return out


def has_value(name, value, text):
    t = norm(text)
    if name in ("pathology.pT", "pathology.pN"):
        return re.search(r"p?" + re.escape(value) + r"(?![0-9a-c])", t) is not None
    if name == "pathology.pM":
        return re.search(r"M0(?!\d)", t) is not None
    if name == "pathology.ajcc_stage":
        return re.search(r"(?<![IVA-C])" + re.escape(value) + r"(?![A-C0-9])\s*期|Stage " + re.escape(value) + r"\b", t) is not None
    if name == "pathology.ln_positive":
        if value == 0 and re.search(r"均未见(癌)?转移|未见(癌)?转移", t):
            return True
        return re.search(rf"(?<!\d){value}\s*/\s*\d+|转移{value}枚|其中{value}枚|{value} of \d+", t) is not None
    if name == "pathology.ln_examined":
        return re.search(rf"\d+\s*/\s*{value}(?!\d)|淋巴结{value}枚|共{value}枚|of {value} lymph", t) is not None
    if name == "pathology.tumor_size":
        return (f"{value / 10:.1f}" in t) or (f"{value}mm" in t) or (f"{value}×" in t)
    if name in ("discharge.admission_date", "discharge.discharge_date"):
        return value in dates_in(t)
    if name == "pathology.histology":
        return norm(value) in t
    if name == "laterality":
        return ("左" if value == "left" else "右") in t or ("Left" if value == "left" else "Right") in t
    if name == "pathology.primary_site":
        return value in t
    raise ValueError(name)


n_conf = n_gap = 0
for p in gold["patients"]:
    for c in p["conflicts"]:
        n_conf += 1
        for d, v in c["values"].items():
            if c["name"] == "pathology.histology" and d != c["doc_ids"][0]:
                ok = v in norm(by_id[d]["text"])
            elif c["name"] == "discharge.admission_date":
                ok = v in dates_in(by_id[d]["text"])
            else:
                ok = has_value(c["name"], v, by_id[d]["text"])
            if not ok:
                errors.append(f"{p['patient_id']} conflict {c['name']}: value {v!r} not visible in {d}")
    for gp in p["gaps"]:
        n_gap += 1
        name, v = gp["name"], gp["value"]
        miss, src = by_id[gp["missing_in"]]["text"], by_id[gp["filled_from"]]["text"]
        if name == "pathology.ajcc_stage":
            if re.search(r"[IVⅠⅡⅢⅣ][ABC]?\d?\s*期|Stage", norm(miss)):
                errors.append(f"{p['patient_id']} gap {name}: stage present in {gp['missing_in']}")
        elif name == "pathology.pM":
            if re.search(r"(?<![A-Za-z])p?M[01x]", norm(miss)):
                errors.append(f"{p['patient_id']} gap {name}: M present in {gp['missing_in']}")
        elif name == "pathology.ln_positive" or name == "pathology.ln_examined":
            if re.search(r"\d+\s*/\s*\d+\)|\d+/\d+|枚", norm(miss).split("出院医嘱")[0].replace("/", "/")) and \
                    re.search(r"淋巴结", norm(miss)):
                errors.append(f"{p['patient_id']} gap {name}: LN count present in {gp['missing_in']}")
        elif name == "pathology.tumor_size":
            if re.search(r"肿瘤大小|最大径|肿物大小", norm(miss)):
                errors.append(f"{p['patient_id']} gap {name}: size present in {gp['missing_in']}")
        elif name == "discharge.admission_date":
            if re.search(r"入院日期|入院时间|住院时间", norm(miss)) or v in dates_in(miss):
                errors.append(f"{p['patient_id']} gap {name}: admission date present in {gp['missing_in']}")
        elif name == "pathology.histology":
            if norm(v) in norm(miss) or re.search(r"腺癌|鳞癌|鳞状细胞癌|导管癌|小叶癌|印戒", norm(miss).replace("乳腺癌", "")):
                errors.append(f"{p['patient_id']} gap {name}: histology present in {gp['missing_in']}")
        if not has_value(name, v, src):
            errors.append(f"{p['patient_id']} gap {name}: value {v!r} not in filled_from {gp['filled_from']}")
    # facts present in pathology report (unless gap)
    path_docs = [d for d in p["doc_ids"] if by_id[d]["doc_type"] == "pathology"]
    if len(path_docs) != 1:
        errors.append(f"{p['patient_id']} has {len(path_docs)} pathology docs")
    gap_names = {(g["name"], g["missing_in"]) for g in p["gaps"]}
    for k, v in p["facts"].items():
        if k.startswith("pathology.") and (k, path_docs[0]) not in gap_names:
            if k == "pathology.primary_site":
                alts = p.get("fact_alternatives", {}).get(k, [v])
                ok = any(a in norm(by_id[path_docs[0]]["text"]) for a in alts)
            else:
                ok = has_value(k, v, by_id[path_docs[0]]["text"])
            if k in ("pathology.ln_positive", "pathology.ln_examined") and not ok:
                # station listing without total: sum stations
                t = norm(by_id[path_docs[0]]["text"])
                pairs = re.findall(r"第\w+组\((\d+)/(\d+)\)", t)
                if pairs:
                    s = sum(int(a if k.endswith("positive") else b) for a, b in pairs)
                    ok = s == v
            if not ok:
                errors.append(f"{p['patient_id']} fact {k}={v!r} not visible in pathology {path_docs[0]}")

n_nopid = sum(1 for r in manifest if "patient_id" not in r)
print(f"patients={len(gold['patients'])} docs={len(manifest)} no_patient_id={n_nopid} "
      f"({100 * n_nopid / len(manifest):.0f}%) conflicts={n_conf} "
      f"(patients={sum(1 for p in gold['patients'] if p['conflicts'])}) gaps={n_gap} "
      f"(patients={sum(1 for p in gold['patients'] if p['gaps'])}) text-clusters={len(clusters)}")
for e in errors:
    print("ERROR", e)
sys.exit(1 if errors else 0)
