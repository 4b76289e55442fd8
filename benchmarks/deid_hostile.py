"""Hostile input for the PHI detector: does its time stay linear on long repetitive lines? (issue 18, session 16)

    nice .venv/bin/python benchmarks/deid_hostile.py [--n 8000] [--regex-n 4000] [--tagger] [--profile 3]
                         [--only WORD ...] [--unit 'Lane Court, ' ...] [--skip-regexes] [--skip-detector]

Two parts, each timed at N and 2N characters with the growth ratio per doubling (CPU seconds of the process; a linear
cost gives about 2, a quadratic one 4; ratios above 2.3 are flagged, where the 2N time is over a floor that keeps
noise out):

* **regexes**: every regex the detector holds (the recognizers of ``recognizers.yaml``, the patterns of ``deid.yaml``
  compiled on :class:`PhiDetector`, the address chain, and the module-level regexes of ``extractors/deid/*.py``),
  each run alone over lines of its OWN vocabulary (the literal words of its source) repeated with each separator
  (``, `` ``; `` `` `` ``\\t`` ``|``), capitalised, numbered and mixed, on one line and broken into lines.
* **detector**: :meth:`PhiDetector.detect` (rules alone; ``--tagger`` adds the trained tagger) over the same kinds of
  lines built from each rule family's vocabulary (street types, organisation head nouns, name titles, date words,
  labels, address chain parts, Chinese surnames and suffixes, ...), each document detected cold.

``--profile K`` runs cProfile on the K worst detector cases at 2N and prints the functions with the most time of
their own: the mechanism (a regex's backtracking, a scan of the text per span, a pairwise loop), not just the input.
``--unit`` times the detector on given units only; ``PYTHONPATH=<git archive of another commit>`` first on the command
line times that commit's detector (before / after on one machine).
"""
from __future__ import annotations

import argparse
import cProfile
import importlib
import io
import pkgutil
import pstats
import re
import time
from dataclasses import dataclass
from typing import Callable, Iterator

SEPARATORS = (", ", "; ", " ", "\t", "|")
FLAG = 2.3
_WORD = re.compile(r"[A-Z]?[a-z]{2,15}|[A-Z]{2,10}|[\u4e00-\u9fa5]{1,6}")
_GROUP_SYNTAX = re.compile(r"\(\?P?<[A-Za-z_]\w*>|\(\?P=\w+\)|\\[A-Za-z]|\{\d*,?\d*\}|\[[^\]]*\]")


@dataclass(frozen=True)
class Case:
    """One hostile line kind: ``unit`` repeated to the size asked (``lines``: a line break every eight units)."""

    family: str
    unit: str
    lines: bool = False

    def text(self, n: int) -> str:
        unit = self.unit + "\n" if self.lines else self.unit
        block = unit * 8 if not self.lines else unit
        return (block * (n // len(block) + 1))[:n]

    @property
    def name(self) -> str:
        return f"{self.family}: {self.unit!r}{' (lines)' if self.lines else ''}"


def vocabulary(source: str, limit: int = 4) -> list[str]:
    """The literal words of a regex's source (alternatives of its groups), most common first: its own vocabulary."""
    plain = _GROUP_SYNTAX.sub(" ", source)
    seen: dict[str, int] = {}
    for w in _WORD.findall(plain):
        if w.lower() not in ("ng", "mg", "ml"):
            seen[w] = seen.get(w, 0) + 1
    return sorted(seen, key=lambda w: -seen[w])[:limit]


def units(family: str, words: list[str]) -> Iterator[Case]:
    """The line kinds built from ``words``: each word alone and the first two words together, capitalised and
    numbered, after each separator; one mixture of all of them; on one line and in lines."""
    if not words:
        return
    cap = [w[:1].upper() + w[1:] for w in words]
    pair = " ".join(cap[:2])
    for sep in SEPARATORS:
        for body in {cap[0], pair, f"1 {cap[0]}"}:
            yield Case(family, body + sep)
    mixed = ", ".join(f"{k + 1} {w}" if k % 2 else w for k, w in enumerate(cap)) + "; "
    yield Case(family, mixed)
    yield Case(family, pair + ", ", lines=True)


def cpu(fn: Callable[[], object]) -> float:
    """CPU seconds of ``fn()`` (every thread of the process)."""
    t0 = time.process_time()
    fn()
    return time.process_time() - t0


def detector_regexes(det: object) -> Iterator[tuple[str, re.Pattern[str]]]:
    """(where, regex) of every regex the detector holds, its rule pack's, and those of the deid modules."""
    pack = det.pack  # type: ignore[attr-defined]
    for rule, rx in pack._compiled:
        yield f"recognizers.yaml:{rule.id}", rx
    seen = {id(rx) for _, rx in pack._compiled}

    def walk(where: str, obj: object, depth: int = 0) -> Iterator[tuple[str, re.Pattern[str]]]:
        if isinstance(obj, re.Pattern):
            if id(obj) not in seen:
                seen.add(id(obj))
                yield where, obj
        elif depth < 3 and isinstance(obj, dict):
            for k, v in obj.items():
                yield from walk(f"{where}[{k}]", v, depth + 1)
        elif depth < 3 and isinstance(obj, (list, tuple)):
            for k, v in enumerate(obj):
                yield from walk(f"{where}[{k}]", v, depth + 1)
        elif depth < 2 and hasattr(obj, "__dict__") and type(obj).__module__.startswith("oncostruct"):
            for k, v in vars(obj).items():
                yield from walk(f"{where}.{k}", v, depth + 1)

    yield from walk("detector", det)
    import oncostruct.extractors.deid as deid_pkg
    for info in pkgutil.iter_modules(deid_pkg.__path__):
        module = importlib.import_module(f"oncostruct.extractors.deid.{info.name}")
        for k, v in vars(module).items():
            yield from walk(f"{info.name}.py:{k}", v, 2)


def scan(rx: re.Pattern[str], text: str) -> None:
    """Every match of ``rx`` over ``text`` (as the detector's finditer does)."""
    for _ in rx.finditer(text):
        pass


def ratio_row(name: str, small: float, big: float, floor: float) -> tuple[float, str]:
    """The ratio per doubling and its printed row, flagged above ``FLAG`` when the 2N time is ``floor`` s or more."""
    ratio = big / small if small > 0 else float("inf")
    flag = "  <-- FLAG" if ratio > FLAG and big >= floor else ""
    return ratio, f"{small:9.4f} {big:9.4f} {ratio:6.2f}{flag}  {name}"


def regex_part(det: object, n: int, only: list[str]) -> list[tuple[float, float, str]]:
    """(ratio, 2N seconds, row) of each regex on its slowest line kind."""
    rows = []
    for where, rx in detector_regexes(det):
        if only and not any(o in where for o in only):
            continue
        worst: tuple[float, float, float, str] = (0.0, 0.0, 0.0, "")
        for case in units(where, vocabulary(rx.pattern)):
            small = cpu(lambda: scan(rx, case.text(n)))
            big = cpu(lambda: scan(rx, case.text(2 * n)))
            if big > worst[2]:
                worst = (big / small if small else float("inf"), small, big, case.name)
        if worst[3]:
            rows.append((worst[0], worst[2], ratio_row(worst[3], worst[1], worst[2], 0.02)[1]))
    return rows


# the rule families' vocabularies: (family, definition names or deid.yaml keys to draw words from, words of our own)
FAMILIES: list[tuple[str, list[str]]] = [
    ("address chain parts", ["Lane Court", "Flat 1", "Level 4", "The Maltings", "Elm House", "Sec. 2"]),
    ("street types", ["Mill Street", "12 Oak Road", "Elm Avenue", "Kiln Lane", "Quay Drive", "PO Box 12"]),
    ("postcodes and towns", ["Tralee", "Co. Kerry", "NSW 2000", "TX 75001", "SW1A 1AA", "V92 X4T7"]),
    ("organisation head nouns", ["General Hospital", "Medical Center", "Cancer Institute", "Pharmacy", "Clinic", "Oncology"]),
    ("name titles and names", ["Dr. Ames", "Mr Hale", "Nurse Orla", "Linda Walker", "Walker, Linda", "Prof Quill"]),
    ("date words", ["March 6", "Monday", "2023-11-07", "6 Mar 2024", "08/25/2024", "Jan"]),
    ("labels", ["Name:", "MRN:", "DOB:", "Address:", "Phone:", "Ref:"]),
    ("numbers and codes", ["MRN 123456", "ID 4521", "#249", "555-0134", "A1234567", "SN-4KQ7Z2"]),
    ("zh names and titles", ["王小明", "主任医师", "李医生", "患者", "张三、", "金女士"]),
    ("zh organisations and places", ["人民医院", "肿瘤科", "有限公司", "北京市", "路12号", "药房"]),
    ("zh labels and dates", ["姓名：", "住院号：", "2020年1月1日", "电话：", "床号", "入院"]),
]


def family_cases(only: list[str], own: list[str] = ()) -> Iterator[Case]:  # type: ignore[assignment]
    """The line kinds of each rule family (or only ``own`` units, given on the command line)."""
    if own:
        yield from (Case("given", u.replace("\\t", "\t").replace("\\n", "\n")) for u in own)
        return
    for family, words in FAMILIES:
        if only and not any(o in family for o in only):
            continue
        for sep in SEPARATORS:
            yield Case(family, words[0] + sep)
        yield Case(family, f"{words[1]} {words[2]}, ")
        yield Case(family, " ".join(words[:2]) + ", ", lines=True)
        yield Case(family, ", ".join(words) + "; ")
        yield Case(family, "\t".join(words) + "\n")


def detector_part(det: object, n: int, only: list[str], own: list[str]) -> list[tuple[float, float, str, Case]]:
    """(ratio, 2N seconds, row, case) of the detector on each line kind, each document detected cold."""
    rows = []
    for case in family_cases(only, own):
        def run(size: int, case: Case = case) -> float:
            det._own_spans.cache_clear()  # type: ignore[attr-defined]
            return cpu(lambda: det.detect(case.text(size)))  # type: ignore[attr-defined]
        small, big = run(n), run(2 * n)
        ratio, line = ratio_row(case.name, small, big, 0.3)
        print(line, flush=True)   # as it goes: the table sorted follows
        rows.append((ratio, big, line, case))
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=8000, help="characters of the detector's smaller text")
    ap.add_argument("--regex-n", type=int, default=4000, help="characters of each regex's smaller text")
    ap.add_argument("--tagger", action="store_true", help="the detector with the trained tagger (default: rules alone)")
    ap.add_argument("--profile", type=int, default=0, help="cProfile the K worst detector cases at 2N")
    ap.add_argument("--only", nargs="*", default=[], help="families or regex names holding one of these words")
    ap.add_argument("--unit", nargs="*", default=[], help="time the detector on these units only (escapes: \\t, \\n)")
    ap.add_argument("--skip-regexes", action="store_true")
    ap.add_argument("--skip-detector", action="store_true")
    args = ap.parse_args()

    from oncostruct.extractors.deid.config import load_config
    from oncostruct.extractors.deid.detect import PhiDetector

    config = load_config()
    det = PhiDetector(config if args.tagger else config.model_copy(update={"model_tagger": None}))
    det.detect("warm-up: Dr. Amy Chen, 12 Mill Street, 2020-01-01; 患者王小明，2020年1月1日入院。", "zh")
    print(f"ratio per doubling (2N time / N time); > {FLAG} flagged (linear: ~2, quadratic: ~4)")
    if not args.skip_regexes:
        rows = regex_part(det, args.regex_n, args.only)
        print(f"\n## each regex alone on its own vocabulary, N = {args.regex_n}: worst line kind per regex, "
              "the 25 slowest at 2N and every flagged one")
        print(f"{'N s':>9} {'2N s':>9} {'ratio':>6}  case")
        top = sorted(rows, key=lambda r: -r[1])
        for r in top[:25] + [r for r in top[25:] if "FLAG" in r[2]]:
            print(r[2])
        print(f"{len(rows)} regexes, {sum('FLAG' in r[2] for r in rows)} flagged")
    if not args.skip_detector:
        drows = detector_part(det, args.n, args.only, args.unit)
        print(f"\n## detector ({'rules + tagger' if args.tagger else 'rules alone'}), N = {args.n}, slowest first")
        print(f"{'N s':>9} {'2N s':>9} {'ratio':>6}  case")
        for r in sorted(drows, key=lambda r: -r[1]):
            print(r[2])
        print(f"{len(drows)} cases, {sum('FLAG' in r[2] for r in drows)} flagged; total 2N CPU s "
              f"{sum(r[1] for r in drows):.1f}")
        for ratio, big, line, case in sorted(drows, key=lambda r: -r[1])[:args.profile]:
            det._own_spans.cache_clear()
            prof = cProfile.Profile()
            text = case.text(2 * args.n)
            prof.runcall(det.detect, text)
            out = io.StringIO()
            pstats.Stats(prof, stream=out).sort_stats("tottime").print_stats(8)
            print(f"\n### profile: {case.name} at {2 * args.n} characters\n" + "\n".join(out.getvalue().splitlines()[6:22]))


if __name__ == "__main__":
    main()
