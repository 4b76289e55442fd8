#!/usr/bin/env python3
"""Independent checks on phi_blind.jsonl (stdlib only)."""
import json, collections, re, os
HERE = os.path.dirname(os.path.abspath(__file__))
CATS = {"NAME", "ID_NUMBER", "PHONE", "ADDRESS", "RECORD_NUMBER", "ORGANIZATION", "DATE", "AGE", "CONTACT", "DEVICE_ID"}
docs = [json.loads(l) for l in open(os.path.join(HERE, "phi_blind.jsonl"), encoding="utf-8")]
W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
ids = set(); bad = 0; uncovered = collections.Counter(); cnt = collections.Counter()
for d in docs:
    assert set(d) == {"doc_id", "patient_id", "lang", "text", "phi"}
    assert d["doc_id"] not in ids; ids.add(d["doc_id"])
    assert d["lang"] in ("zh", "en")
    t = d["text"]; prev = 0
    cov = [False] * len(t)
    for s in sorted(d["phi"], key=lambda x: x["start"]):
        assert s["category"] in CATS
        assert 0 <= s["start"] < s["end"] <= len(t)
        assert t[s["start"]:s["end"]] == s["text"], s
        assert s["start"] >= prev, ("overlap", d["doc_id"], s); prev = s["end"]
        for i in range(s["start"], s["end"]): cov[i] = True
        cnt[(s["category"], d["lang"])] += 1
        if s["category"] == "ID_NUMBER" and re.fullmatch(r"\d{17}[\dX]", s["text"]):
            assert "10X98765432"[sum(int(c) * w for c, w in zip(s["text"], W)) % 11] == s["text"][-1], s
        if s["category"] == "AGE":
            n = re.search(r"\d+", s["text"])
            if n: assert int(n.group()) >= 90, s
    # every occurrence of a labelled string (len>=4) must be covered
    for s in d["phi"]:
        v = s["text"]
        if len(v) < 4: continue
        for m in re.finditer(re.escape(v), t):
            if not all(cov[m.start():m.end()]):
                uncovered[(d["doc_id"], v)] += 1
print("docs", len(docs), collections.Counter(d["lang"] for d in docs), "patients", len({d["patient_id"] for d in docs}))
print("uncovered repeats:", len(uncovered)); [print("  ", k) for k in list(uncovered)[:20]]
for c in sorted(CATS):
    print(f"{c:<15} zh={cnt[(c,'zh')]:>5} en={cnt[(c,'en')]:>5}")
    assert cnt[(c, 'zh')] + cnt[(c, 'en')] >= 30
print("OK")
