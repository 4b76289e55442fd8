"""Letter-spaced names joined into one token (``spaced_names``, branch labitem12), on hand-written OCR lines."""
from oncostruct.extractors.ocr.ocr import OcrLine
from oncostruct.extractors.ocr.sheet import parse_sheet
from oncostruct.extractors.ocr.spaced_names import join_spaced
from oncostruct.extractors.ocr.tokens import Token, tokens_from_lines


def line(text, x, y, w=None, h=20):
    w = w or 20 * len(text)
    return OcrLine(text, 0.95, [(x, y), (x + w, y), (x + w, y + h), (x, y + h)])


def spaced(name, x, y, step=44):
    """Each character of ``name`` as a box of its own, ``step`` pixels apart (justified across its cell)."""
    return [line(c, x + k * step, y) for k, c in enumerate(name)]


def toks(*lines):
    return tokens_from_lines(list(lines), 0.0)[0]


def test_single_characters_on_one_line_join():
    out = join_spaced(toks(*spaced("总胆汁酸", 40, 100), line("8.2", 400, 100)))
    assert [t.text for t in out] == ["总胆汁酸", "8.2"]
    assert out[0].x0 == 40 and out[0].x1 == 40 + 3 * 44 + 20


def test_pieces_and_a_spaced_capital_join():
    out = join_spaced(toks(line("免", 40, 100), line("疫", 84, 100), line("球蛋白", 128, 100, 60), line("A", 212, 100),
                           line("IgA", 300, 100), line("2.1", 400, 100)))
    assert [t.text for t in out] == ["免疫球蛋白A", "IgA", "2.1"]


def test_words_apart_and_far_characters_stay_apart():
    out = join_spaced(toks(line("阴性", 40, 100), line("阴性", 100, 100), line("钾", 300, 100), line("钠", 600, 100)))
    assert [t.text for t in out] == ["阴性", "阴性", "钾", "钠"]
    out = join_spaced(toks(line("甲", 40, 100), line("乙", 84, 160)))  # not on one line
    assert len(out) == 2


def test_two_pieces_of_an_item_join():
    out = join_spaced(toks(line("甘油", 40, 100), line("三酯", 100, 100), line("1.2", 400, 100)))
    assert [t.text for t in out] == ["甘油三酯", "1.2"]


def _pieces(parts, x, y, width=300):
    """A justified name read as boxes of one or a few characters spread over ``width`` pixels."""
    n = sum(len(p) for p in parts)
    step = width / n
    out, k = [], 0
    for p in parts:
        out.append(line(p, round(x + k * step), y, w=round(step * (len(p) - 1)) + 20))
        k += len(p)
    return out


def test_a_justified_sheet_reads_whole_names():
    """Apart, the single characters are pieces of another row's longer box (嗜酸性粒细) repeated over the page and
    would be dropped as a watermark; joined, each row has its whole name."""
    xs = (40, 400, 520, 640)
    lines = [line(h, x, 60) for h, x in zip(("项目", "结果", "单位", "参考值"), xs)]
    names = (["嗜酸性粒细", "胞", "百", "分", "比"], ["中", "性粒", "细", "胞", "绝", "对", "值"],
             ["嗜", "酸性", "粒", "细", "胞", "计", "数"], ["淋", "巴", "细", "胞", "百", "分", "比"])
    for k, (parts, value, unit, ref) in enumerate(zip(names, ("2.2", "3.9", "0.15", "30.2"),
                                                      ("%", "10^9/L", "10^9/L", "%"),
                                                      ("0.4-8.0", "1.8-6.3", "0.02-0.52", "20.0-50.0"))):
        y = 100 + 40 * k
        lines += _pieces(parts, 40, y)
        lines += [line(value, 400, y), line(unit, 520, y), line(ref, 640, y)]
    sheet = parse_sheet(lines)
    assert [r.item for r in sheet.rows] == ["嗜酸性粒细胞百分比", "中性粒细胞绝对值", "嗜酸性粒细胞计数", "淋巴细胞百分比"]
    assert [r.value for r in sheet.rows] == ["2.2", "3.9", "0.15", "30.2"]
