"""Full-width normalisation keeps offsets: same fields as the half-width text, spans slice the original."""
from pathlib import Path

import pytest

from oncostruct.engine.pipeline import Pipeline
from oncostruct.engine.text_normalize import CJK_NATIVE, OffsetMap, normalize_text

_ZH = Path(__file__).parent / "fixtures" / "pathology_zh_set"
_TO_FULL = {c: c + 0xFEE0 for c in range(0x21, 0x7F) if chr(c + 0xFEE0) not in CJK_NATIVE}


def test_normalize_maps_range_and_keeps_length():
    text = "ＥＲ（＋），Ｋｉ－６７\u3000３．５ｃｍ"
    norm = normalize_text(text)
    assert norm.text == "ER（+），Ki-67 3.5cm"
    assert len(norm.text) == len(text) and norm.offsets.to_original(5) == 5


def test_offset_map_from_deletions():
    original = "a\u200bbc\u200b\u200bd"
    keep = [ch != "\u200b" for ch in original]
    m = OffsetMap.from_edits(original, keep)
    normalized = "".join(ch for ch, k in zip(original, keep) if k)
    assert normalized == "abcd"
    assert [m.to_original(i) for i in range(4)] == [0, 2, 3, 6]
    s, e = m.span(1, 3)
    assert original[s:e] == "bc"


@pytest.mark.parametrize("name", ["zh01_lung.txt", "zh06_breast.txt", "zh09_breast.txt", "zh34_breast.txt"])
def test_fullwidth_report_gives_same_fields(name):
    half = (_ZH / name).read_text(encoding="utf-8")
    full = half.translate(_TO_FULL)
    assert full != half
    p = Pipeline()
    a, b = p.extract_text(half, doc_type="pathology"), p.extract_text(full, doc_type="pathology")
    assert [(f.name, f.normalized) for f in a.fields] == [(f.name, f.normalized) for f in b.fields]
    for f in b.fields:
        for s in f.provenance:
            if getattr(s, "kind", None) == "text" and s.text is not None:
                assert full[s.start:s.end] == s.text
        if isinstance(f.value, str) and f.provenance:
            assert f.value in full
    assert not any(i.code == "provenance.bad_span" for i in b.issues)
