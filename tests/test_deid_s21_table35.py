"""PHI in printed tables and code (session 21, branch table35): a data frame printed by R, pandas or a tibble (a header
line of variable names, single spaces allowed, rows that open with a row index; the cells are parted by print
position, CJK characters two columns wide as R prints them), a header whose labels carry a bracketed qualifier
(``SSN (last 4)``), quotes (a CSV's ``"icd10"``) or an empty stub cell (SPSS's corner), pinyin ``nl`` (年龄) as an
age column, and a date written as a code call (``datetime.date(y, m, d)``).

Every text here is invented for this file.
"""
from __future__ import annotations

from oncostruct.extractors.text_tables import column_pairs, frame_pairs
from tests.deid_helpers import table_tests

PANDAS = (
    ">>> df[['mrn', 'name', 'dob', 'zip', 'age_dx']].head()\n"
    "       mrn            name        dob   zip age_dx\n"
    "0 40718263  QUENTARO, ILSE 1931-08-14 63518     94\n"
    "1 58120437   BRAVIK, OSWIN 1977-02-09 63544     47\n"
    "2 71304592 TELLUMA, GRANIT 1929-11-30 63571     95\n"
)
TIBBLE = (
    "# A tibble: 2 × 4\n"
    "  mrn      name             dob        age_dx\n"
    "  <chr>    <chr>            <date>     <dbl>\n"
    "1 30917264 HOLLAWAY, PERRIN 1932-05-21     92\n"
    "2 44082715 TREVANION, ILSE    1980-10-02     41\n"
)
R_ZH = (
    "      xm        zyh       csrq  nl os_m zt\n"
    "1   某甲    7104482 1962-03-11  61 22.5  1\n"
    "2 欧阳乙 Q208813307 1930-06-02  95 14.0  0\n"
)
SPSS = (
    "|   | 姓名   | 住院号     | 年龄 | 生存时间(月) |\n"
    "----------------------------------------------\n"
    "| 1 | 某丙   | X551002781 |   96 |         12.5 |\n"
    "| 2 | 某丁   | 4419027    |   58 |          7.9 |\n"
)
LOG = (
    "| Date       | Name             | SSN (last 4) | Phone          |\n"
    "+------------+------------------+--------------+----------------+\n"
    "| 03/02/2029 | VARRO, TESSALY   | 6618         | (555) 555-0190 |\n"
)
CSV = (
    '"mrn","last_name","dob","zip","icd10","stage"\n'
    '"61537702","Orlanth","02/11/1936","58213","C18.7","IIB"\n'
)

FOUND = [
    ("en", PANDAS, "ADDRESS", "63518"),
    ("en", PANDAS, "ADDRESS", "63571"),
    ("en", PANDAS, "AGE", "94"),
    ("en", PANDAS, "NAME", "TELLUMA, GRANIT"),
    ("en", TIBBLE, "AGE", "92"),
    ("en", TIBBLE, "NAME", "HOLLAWAY, PERRIN"),
    ("zh", R_ZH, "AGE", "95"),
    ("zh", SPSS, "AGE", "96"),
    ("en", LOG, "ID_NUMBER", "6618"),
    ("en", CSV, "ADDRESS", "58213"),
    ("zh", "  xm: 某戊\n  nl: 97\n zyh: 3307719\n", "AGE", "97"),
    ("en", ">>> (df.dx.max(), df.dx.min().date())\n(Timestamp('2030-02-17 00:00:00'), datetime.date(2029, 7, 3))",
     "DATE", "2029, 7, 3"),
    ("en", "visit <- make_date(2031, 12, 5)", "DATE", "2031, 12, 5"),
]

LEFT_ALONE = [
    ("en", PANDAS, "AGE", "47"),             # an age under 90
    ("en", TIBBLE, "AGE", "41"),
    ("zh", R_ZH, "AGE", "61"),
    ("zh", SPSS, "AGE", "58"),
    ("zh", SPSS, "AGE", "12.5"),             # a survival time, not an age
    ("en", "      n  events  median\n1   339      31    40.4\n", "AGE", "339"),
    ("en", "for i in range(2030, 5, 2):", "DATE", "2030, 5, 2"),
    ("en", "x = datetime.date(1, 2, 3)", "DATE", "1, 2, 3"),
    ("en", "Age and sex\n1. 92 patients enrolled in the trial\n", "AGE", "92"),
]

test_found, test_left_alone = table_tests(FOUND, LEFT_ALONE)


def test_frame_cells_by_position() -> None:
    """The pandas print's single-space gaps part cells by the header's position, a two-word name stays one cell."""
    pairs = [(label, value) for label, value, _ in frame_pairs(PANDAS)]
    assert ("name", "QUENTARO, ILSE") in pairs and ("zip", "63544") in pairs and ("age_dx", "95") in pairs
    assert all(not value.startswith(("0 ", "1 ", "2 ")) for _, value in pairs)


def test_frame_cjk_wide() -> None:
    """R pads a Chinese cell by print width: the cells line up only with CJK characters two columns wide."""
    pairs = [(label, value) for label, value, _ in frame_pairs(R_ZH)]
    assert ("xm", "欧阳乙") in pairs and ("nl", "95") in pairs and ("zyh", "Q208813307") in pairs


def test_header_stub_and_qualifier() -> None:
    assert ("年龄", "96") in [(label, value) for label, value, _ in column_pairs(SPSS)]
    assert ("SSN (last 4)", "6618") in [(label, value) for label, value, _ in column_pairs(LOG)]


def test_prose_is_no_frame() -> None:
    """A title line over a numbered list is no frame: the items do not fill its columns."""
    for text in ("Plan and next steps\n1. Repeat imaging in three months\n2. Review with the team\n",
                 "Age and sex\n1. 92 patients enrolled in the trial\n"):
        assert list(frame_pairs(text)) == []


def test_frame_linear() -> None:
    from tests.deid_helpers import cpu_seconds

    def run(n: int) -> float:
        text = "a b c\n" + "\n".join("1 " + "x " * n for _ in range(10))
        return min(cpu_seconds(lambda: list(frame_pairs(text))) for _ in range(3))   # lead: the least of three, as timings on a busy machine jitter

    assert run(8000) / run(4000) < 3.0
