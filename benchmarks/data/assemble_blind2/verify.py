#!/usr/bin/env python3
"""Sanity checks + statistics for the blind set (standard library only)."""
import json, os, re, collections
HERE = os.path.dirname(os.path.abspath(__file__))
docs = [json.loads(l) for l in open(os.path.join(HERE, "manifest.jsonl"), encoding="utf-8")]
gold = json.load(open(os.path.join(HERE, "gold.json"), encoding="utf-8"))
ids = [d["doc_id"] for d in docs]
assert len(ids) == len(set(ids)), "duplicate doc ids in manifest"
seen = collections.Counter(x for p in gold["patients"] for x in p["doc_ids"])
assert set(seen) == set(ids) and all(v == 1 for v in seen.values()), "gold/manifest doc id mismatch"
by = {d["doc_id"]: d for d in docs}
for p in gold["patients"]:
    assert 3 <= len(p["doc_ids"]) <= 6, p["patient_id"]
    for d in p["doc_ids"]:
        if "patient_id" in by[d]: assert by[d]["patient_id"] == p["patient_id"]
    for c in p["conflicts"]:
        for d in c["doc_ids"]: assert d in p["doc_ids"]
    for g in p["gaps"]:
        assert g["missing_in"] in p["doc_ids"] and g["filled_from"] in p["doc_ids"]
    assert any("patient_id" in by[d] for d in p["doc_ids"])
    assert all(d["doc_type"] in ("pathology", "petct", "ct", "discharge", "other") for d in docs)
stats = collections.OrderedDict()
stats["patients"] = len(gold["patients"])
stats["documents"] = len(docs)
stats["docs_without_patient_id"] = sum("patient_id" not in d for d in docs)
stats["doc_types"] = dict(collections.Counter(d["doc_type"] for d in docs))
stats["conflicts"] = sum(len(p["conflicts"]) for p in gold["patients"])
stats["patients_with_conflicts"] = sum(1 for p in gold["patients"] if p["conflicts"])
stats["conflict_kinds"] = dict(collections.Counter(c["name"] for p in gold["patients"] for c in p["conflicts"]))
stats["gap_entries"] = sum(len(p["gaps"]) for p in gold["patients"])
stats["patients_with_gaps"] = sum(1 for p in gold["patients"] if p["gaps"])
stats["gap_kinds"] = dict(collections.Counter(g["name"] for p in gold["patients"] for g in p["gaps"]))
stats["english_docs"] = sum(1 for d in docs if re.search(r"^(Name|SURGICAL|DISCHARGE|CT REPORT|PET/CT)", d["text"], re.M))
stats["fullwidth_id_docs"] = sum(1 for d in docs if re.search(r"[０-９]{3}", d["text"].split("\n检查日期")[0][:300]))
stats["table_pipe_docs"] = sum(1 for d in docs if "|---" in d["text"])
stats["tab_docs"] = sum(1 for d in docs if "\t" in d["text"])
stats["roman_numeral_stage_docs"] = sum(1 for d in docs if re.search("[ⅠⅡⅢⅣ][ABC]?\\d?期", d["text"]))
stats["docs_with_opd_and_mrn"] = sum(1 for d in docs if "门诊号" in d["text"] and re.search("住院号|病案号|ID号|病历号|登记号", d["text"]))
stats["docs_with_doc_date_field"] = sum(1 for d in docs if "date" in d)
print(json.dumps(stats, ensure_ascii=False, indent=1))
print("OK")
