"""The lymph_nodes rule pack: stations, totals, English counts and number words."""
import pytest

from oncostruct.extractors.rules.loader import load_pack
from oncostruct.extractors.text.pathology_parse import parse_count


def _found(text: str, lang: str) -> list[tuple[str, str | None, int | None, int | None]]:
    return [
        (m.label, m.groups.get("station"), parse_count(m.groups.get("pos")), parse_count(m.groups.get("exam")))
        for m in load_pack("lymph_nodes").find(text, lang=lang)
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("（3/14）", [("ln_count", None, 3, 14)]),
        ("(0/12)", [("ln_count", None, 0, 12)]),
        ("第4组（1/4）", [("ln_station", "第4组", 1, 4)]),
        ("淋巴结（3/14）", [("ln_total", None, 3, 14)]),
        ("淋巴结转移性癌（2/15）", [("ln_total", None, 2, 15)]),
        ("，贲门左淋巴结1/15个", [("ln_station", "贲门左", 1, 15)]),
        ("，腋窝淋巴结见癌转移（3/17）", [("ln_total", None, 3, 17)]),
        ("淋巴结共检出25枚，其中7枚见癌转移", [("ln_total", None, 7, 25)]),
        ("检出淋巴结15枚，均未见癌转移", [("ln_total_negative", None, None, 15)]),
    ],
)
def test_chinese_tallies(text: str, expected: list) -> None:
    assert _found(text, "zh") == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Metastatic carcinoma in 2 of 15 lymph nodes", [("ln_total", None, 2, 15)]),
        ("two (2) of fifteen (15) lymph nodes", [("ln_total", None, 2, 15)]),
        ("Lymph nodes: 0/23", [("ln_total", None, 0, 23)]),
        ("Number of lymph nodes examined: 15", [("ln_examined", None, None, 15)]),
        ("Number of lymph nodes involved: 2", [("ln_positive", None, 2, None)]),
        ("Twenty-six lymph nodes negative for tumor", [("ln_total_negative", None, None, 26)]),
    ],
)
def test_english_tallies(text: str, expected: list) -> None:
    assert _found(text, "en") == expected


def test_fraction_of_circumference_is_not_a_node_count() -> None:
    assert _found("，侵犯肠周2/3周", "zh") == []


@pytest.mark.parametrize("word, n", [("15", 15), ("two", 2), ("Fifteen", 15), ("twenty-one", 21), ("none", 0), ("many", None)])
def test_parse_count(word: str, n: int | None) -> None:
    assert parse_count(word) == n
