"""The sizes rule pack and the size parser."""
from __future__ import annotations

import pytest

from oncostruct.extractors.rules import load_pack
from oncostruct.extractors.values import parse_size


@pytest.mark.parametrize(
    ("text", "lang", "expected_text", "cm"),
    [
        ("肿物大小3.2×2.8×2.0cm，切面灰白", "zh", "3.2×2.8×2.0cm", [3.2, 2.8, 2.0]),
        ("右肺中叶见一结节灶,长径约1.2CM。", "zh", "长径约1.2CM", [1.2]),
        ("约4.6CM×3.2CM,边缘浅分叶", "zh", "4.6CM×3.2CM", [4.6, 3.2]),
        ("tumor measures 2.7 cm in greatest dimension.", "en", "2.7 cm in greatest dimension", [2.7]),
        ("a 12 x 8 mm nodule", "en", "12 x 8 mm", [1.2, 0.8]),
    ],
)
def test_sizes_match_with_exact_offsets(text: str, lang: str, expected_text: str, cm: list[float]) -> None:
    matches = load_pack("sizes").find(text, lang=lang)
    assert len(matches) == 1
    m = matches[0]
    assert text[m.start:m.end] == m.text == expected_text
    assert parse_size(m.text) == pytest.approx(cm)


def test_sizes_ignore_non_sizes() -> None:
    assert load_pack("sizes").find("剂量 80mg 口服，SUVmax 8.5，2023-03-01", lang="zh") == []
