"""Synthetic PET-CT reports written for the tests, and Label Studio gold tasks in the lesion schema built from them.

A gold lesion is given by its exact text; its span is found in the report (the n-th occurrence when
``nth`` is set), so the fixtures stay readable.
"""
from __future__ import annotations

from typing import Any

# conclusion first, no tab, no headers; a conclusion item groups two node findings
CONCLUSION_FIRST = (
    "右肺癌化疗后复查：1.右肺上叶前段肿块，考虑肺癌；纵隔4R区及右肺门淋巴结转移。2.肝S6转移瘤。3.双肾囊肿。"
    "右肺上叶前段见软组织肿块，大小约3.5×2.6cm，放射性摄取异常增高，SUVmax 9.6。"
    "纵隔4R区见肿大淋巴结，短径约1.2cm，SUVmax 5.1；右肺门见淋巴结，短径约0.9cm，轻度放射性摄取，SUVmax 2.8。"
    "肝S6见低密度结节，直径约2.0cm，FDG摄取增高，SUVmax 6.3。"
    "双肾见类圆形低密度灶，直径约1.1cm，未见异常放射性摄取。胃壁见生理性摄取，SUVmax 3.0。"
)
# findings, tab, conclusion (CCKS style); a surgical-bed finding, a vertebra named two ways
FINDINGS_FIRST = (
    "左乳癌术后，左侧胸壁术区见条片影，轻度放射性摄取，SUVmax 2.1。左侧腋窝见肿大淋巴结，大小约1.5×1.2cm，SUVmax 4.4。"
    "T9椎体见骨质破坏，SUVmax 7.8。左肺下叶见小结节，直径约0.4cm，未见异常放射性摄取。"
    "\t1.左乳癌术后改变。2.左侧腋窝淋巴结转移；胸9椎体骨转移。3.左肺下叶小结节，建议随访。"
)

GOLD_LESIONS: dict[str, list[dict[str, Any]]] = {
    "cf": [
        {"id": "c1", "label": "conclusion", "text": "右肺上叶前段肿块，考虑肺癌", "site": "右肺上叶前段", "laterality": "right",
         "judgement": "primary"},
        {"id": "c2", "label": "conclusion", "text": "纵隔4R区及右肺门淋巴结转移", "site": "纵隔", "judgement": "metastasis"},
        {"id": "c3", "label": "conclusion", "text": "肝S6转移瘤", "site": "肝S6", "judgement": "metastasis"},
        {"id": "c4", "label": "conclusion", "text": "双肾囊肿", "site": "双肾", "judgement": "benign"},
        {"id": "f1", "label": "finding", "text": "右肺上叶前段见软组织肿块，大小约3.5×2.6cm，放射性摄取异常增高，SUVmax 9.6",
         "site": "右肺上叶前段", "size_mm": "35", "suvmax": "9.6", "laterality": "right", "uptake": "increased",
         "uptake_kind": "suspicious", "judgement": "primary"},
        {"id": "f2", "label": "finding", "text": "纵隔4R区见肿大淋巴结，短径约1.2cm，SUVmax 5.1", "site": "纵隔",
         "size_mm": "12", "suvmax": "5.1", "laterality": "none", "uptake": "increased", "judgement": "metastasis"},
        {"id": "f3", "label": "finding", "text": "右肺门见淋巴结，短径约0.9cm，轻度放射性摄取，SUVmax 2.8", "site": "右肺门",
         "size_mm": "9", "suvmax": "2.8", "uptake": "mild", "judgement": "metastasis"},
        {"id": "f4", "label": "finding", "text": "肝S6见低密度结节，直径约2.0cm，FDG摄取增高，SUVmax 6.3", "site": "肝S6",
         "size_mm": "20", "suvmax": "6.3", "judgement": "metastasis"},
        {"id": "f5", "label": "finding", "text": "双肾见类圆形低密度灶，直径约1.1cm，未见异常放射性摄取", "site": "双肾",
         "size_mm": "11", "uptake": "none", "uptake_kind": "not_stated", "judgement": "benign"},
        {"id": "f6", "label": "finding", "text": "胃壁见生理性摄取，SUVmax 3.0", "site": "胃", "suvmax": "3.0",
         "uptake_kind": "physiological", "judgement": "benign"},
    ],
    "ff": [
        {"id": "f1", "label": "finding", "text": "左侧胸壁术区见条片影，轻度放射性摄取，SUVmax 2.1", "site": "左侧胸壁",
         "suvmax": "2.1", "uptake": "mild", "judgement": "post_treatment"},
        {"id": "f2", "label": "finding", "text": "左侧腋窝见肿大淋巴结，大小约1.5×1.2cm，SUVmax 4.4", "site": "左侧腋窝",
         "size_mm": "15", "suvmax": "4.4", "laterality": "left", "judgement": "metastasis"},
        {"id": "f3", "label": "finding", "text": "T9椎体见骨质破坏，SUVmax 7.8", "site": "T9椎体", "suvmax": "7.8",
         "judgement": "metastasis"},
        {"id": "f4", "label": "finding", "text": "左肺下叶见小结节，直径约0.4cm，未见异常放射性摄取", "site": "左肺下叶",
         "size_mm": "4", "uptake": "none", "judgement": "indeterminate"},
        {"id": "c1", "label": "conclusion", "text": "左乳癌术后改变", "site": "左乳", "judgement": "post_treatment"},
        {"id": "c2", "label": "conclusion", "text": "左侧腋窝淋巴结转移", "site": "左侧腋窝淋巴结", "judgement": "metastasis"},
        {"id": "c3", "label": "conclusion", "text": "胸9椎体骨转移", "site": "胸9椎体", "judgement": "metastasis"},
        {"id": "c4", "label": "conclusion", "text": "左肺下叶小结节，建议随访", "site": "左肺下叶", "judgement": "indeterminate"},
    ],
}
GOLD_LINKS = {
    "cf": [("f1", "c1"), ("f2", "c2"), ("f3", "c2"), ("f4", "c3"), ("f5", "c4")],
    "ff": [("f1", "c1"), ("f2", "c2"), ("f3", "c3"), ("f4", "c4")],
}
TEXTS = {"cf": CONCLUSION_FIRST, "ff": FINDINGS_FIRST}
TEXT_AREAS = ("site", "size_mm", "suvmax")


def region_result(rid: str, label: str, start: int, end: int, text: str, attrs: dict[str, str]) -> list[dict[str, Any]]:
    """A span region plus its per-region attributes, as Label Studio exports them."""
    out: list[dict[str, Any]] = [{"id": rid, "from_name": "lesion", "to_name": "text", "type": "labels",
                                  "value": {"start": start, "end": end, "text": text[start:end], "labels": [label]}}]
    for name, value in attrs.items():
        where = {"start": start, "end": end}
        if name in TEXT_AREAS:
            out.append({"id": rid, "from_name": name, "to_name": "text", "type": "textarea",
                        "value": {**where, "text": [value]}})
        else:
            out.append({"id": rid, "from_name": name, "to_name": "text", "type": "choices",
                        "value": {**where, "choices": [value]}})
    return out


def gold_task(key: str, task_id: int) -> dict[str, Any]:
    """A Label Studio export task with the gold lesions, attributes and links of one synthetic report."""
    text = TEXTS[key]
    result: list[dict[str, Any]] = []
    for les in GOLD_LESIONS[key]:
        start = text.index(les["text"])
        attrs = {k: v for k, v in les.items() if k not in ("id", "label", "text")}
        result.extend(region_result(les["id"], les["label"], start, start + len(les["text"]), text, attrs))
    result.extend({"from_id": a, "to_id": b, "type": "relation", "direction": "right", "labels": ["same_lesion"]}
                  for a, b in GOLD_LINKS[key])
    return {"id": task_id, "data": {"text": text, "source_id": f"synthetic-{key}", "conclusion_first": key == "cf"},
            "annotations": [{"id": task_id * 10, "result": result, "was_cancelled": False}]}


def gold_tasks() -> list[dict[str, Any]]:
    return [gold_task("cf", 1), gold_task("ff", 2)]
