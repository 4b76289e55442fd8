"""Header words map to column roles; report and sample types are found in a sheet title."""
from oncostruct.extractors.ocr.cells import header_entry
from oncostruct.extractors.ocr.sheet import header_fields


def test_column_roles():
    roles = {w: header_entry(w).canonical for w in ("检验项目", "项 目", "测定结果", "单位", "参考区间", "提示", "缩写")}
    assert roles == {"检验项目": "item", "项 目": "item", "测定结果": "value", "单位": "unit",
                     "参考区间": "reference", "提示": "flag", "缩写": "abbr"}


def test_report_and_sample_type():
    assert header_fields("某医院检验报告单标本种类：全血检验目的：血常规") == ("血常规", "全血")
    assert header_fields("尿常规 标本：中段尿") == ("尿常规", "尿液")
