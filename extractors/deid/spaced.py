"""Letter-spaced Chinese (``河 南 省 肿 瘤 医 院``): an OCR and typesetting artefact that hides names and places
from every recognizer. :func:`despaced` gives a view with the single spaces between two CJK characters removed, and
the offsets that map each of its characters back to the original text, so spans found in the view land exactly."""
from __future__ import annotations

import re

# an ASCII space only: the ideographic space (U+3000) separates fields in these documents, it is no letter gap
_SPACED = re.compile(r"(?<=[\u3400-\u9fff]) (?=[\u3400-\u9fff])")


def spaced_share(text: str) -> float:
    """Share of CJK characters followed by a single space and another CJK character."""
    n_cjk = sum(1 for c in text if "\u3400" <= c <= "\u9fff")
    return len(_SPACED.findall(text)) / n_cjk if n_cjk else 0.0


def despaced(text: str) -> tuple[str, list[int]]:
    """(the text without single spaces between CJK characters, original offset of each kept character plus one
    final entry for the end)."""
    drop = {m.start() for m in _SPACED.finditer(text)}
    keep = [i for i in range(len(text)) if i not in drop]
    return "".join(text[i] for i in keep), keep + [len(text)]


def mapped_back(start: int, end: int, offsets: list[int]) -> tuple[int, int]:
    """The original span of the view's span ``[start, end)``."""
    return offsets[start], offsets[end - 1] + 1


# branch deiden12: a letter-spaced Latin value (``J o n a t h a n  P r e s c o t t``, ``0 3 / 1 2 / 1 9 5 0``): four
# characters or more (letters, digits, a date's or a code's separators), each after one space; two spaces part words
_SPACED_LATIN = re.compile(r"(?<![A-Za-z0-9] )(?<![A-Za-z0-9])[A-Za-z0-9](?: [A-Za-z0-9/.:-]){3,}(?:  [A-Za-z0-9](?: [A-Za-z0-9/.:-])+)*"
                           r"(?![A-Za-z0-9])(?! [A-Za-z0-9])")


def despaced_latin(text: str) -> tuple[str, list[int], set[int]] | None:
    """(the text with letter-spaced Latin runs closed up, their words parted by one space; original offset of each
    kept character plus one final entry for the end; view positions where a space was removed), or None."""
    drop: set[int] = set()
    for m in _SPACED_LATIN.finditer(text):
        i = m.start()
        while i < m.end():
            if text[i] == " ":
                drop.add(i)   # one space of a gap: the letter gap, or one of the two between words
                i += 2 if text[i + 1] == " " else 1
            else:
                i += 1
    if not drop:
        return None
    keep = [i for i in range(len(text)) if i not in drop]
    joints = {j for j, i in enumerate(keep) if j and keep[j - 1] + 1 != i}
    return "".join(text[i] for i in keep), keep + [len(text)], joints


# branch deidzh13: a few letter-spaced words in a text that is otherwise not spaced (an OCR'd form's labels and its
# signature: ``医 师：岑 路``, ``床 号：４７``): runs of two or more single CJK characters, each after one space
_SPACED_CJK_RUN = re.compile(r"(?<![\u3400-\u9fff])[\u3400-\u9fff](?: [\u3400-\u9fff](?![\u3400-\u9fff]))+")


def despaced_runs(text: str) -> tuple[str, list[int], set[int]] | None:
    """(the text with its letter-spaced CJK runs closed up; original offset of each kept character plus one final
    entry for the end; view positions where a space was removed), or None when the text has no such run."""
    drop = {m.start() + k for m in _SPACED_CJK_RUN.finditer(text) for k in range(1, m.end() - m.start(), 2)}
    if not drop:
        return None
    keep = [i for i in range(len(text)) if i not in drop]
    joints = {j for j, i in enumerate(keep) if j and keep[j - 1] + 1 != i}
    return "".join(text[i] for i in keep), keep + [len(text)], joints


# s18-wrap18: text stacked one character a line (a page turned 90° and OCR'd, a vertical stamp or seal, a label read
# down its spine: ``北\n陵\n医\n院``, ``2\n0\n2\n3\n0\n1\n0\n5``, ``L\nR\nC\nC\n \nO\nN\nC``): a run of
# ``min_run`` or more lines of one character each is read as one line (its line breaks removed; a line holding only a
# space stays the space between two words)
def unstacked(text: str, min_run: int = 4) -> tuple[str, list[int], set[int]] | None:
    """(the text with its runs of one-character lines joined into one line; original offset of each kept character
    plus one final entry for the end; view positions where a line break was removed), or None when there is no run."""
    drop: set[int] = set()
    starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
    run: list[int] = []   # the starts of the one-character lines of the current run

    def close() -> None:
        if len(run) >= min_run and sum(1 for i in run if not text[i].isspace()) >= min_run:
            drop.update(i + 1 for i in run[:-1])   # the break after each line but the last
        run.clear()

    for s in starts:
        if s + 1 <= len(text) and (s + 1 == len(text) or text[s + 1] == "\n") and s < len(text) and text[s] != "\n":
            run.append(s)
        else:
            close()
    close()
    if not drop:
        return None
    keep = [i for i in range(len(text)) if i not in drop]
    joints = {j for j, i in enumerate(keep) if j and keep[j - 1] + 1 != i}
    return "".join(text[i] for i in keep), keep + [len(text)], joints
