"""Time the adversarial inputs of issue #20 through the pipeline, each in its own subprocess.

Usage::

    .venv/bin/python benchmarks/adversarial_inputs.py [--timeout 60] [--scale 1.0] [--only NAME ...] [--root DIR]

Each case builds its text from a short expression, runs
``engine.pipeline.Pipeline().extract_text(text, doc_type=...)`` in a fresh interpreter (rule packs
and models are loaded and warmed on a tiny text first, so only the extraction is timed) and prints
one line: name, doc type, characters, wall-clock and CPU seconds of the extraction (or ``TIMEOUT``);
CPU time (all threads of the child) is the steadier figure on a busy machine. A case that does not
finish within ``--timeout`` seconds is killed. ``--root`` runs the pipeline of another checkout (for example
an older commit unpacked with ``git archive``): as ``oncostruct`` (a temporary link named so, first on
the path) when its root is that package, else (before the package move) as ``engine`` from that directory.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Case:
    """One adversarial input: ``unit * count (+ tail)`` structured as ``doc_type``."""

    name: str
    doc_type: str
    unit: str
    count: int
    head: str = ""
    tail: str = ""

    def text(self, scale: float = 1.0) -> str:
        """The input at ``scale`` times the reported size (at least one repeat)."""
        return self.head + self.unit * max(1, int(self.count * scale)) + self.tail


CASES: list[Case] = [
    Case("ihc.word whitespace", "pathology", " ", 600, head="Ki67"),
    Case("size.multi_dim", "other", "1×", 16000),
    Case("pT repeats (merge_repeats)", "pathology", "pT1 ", 50000),
    Case("切缘 repeats", "pathology", "切缘", 100000),
    Case("surgical repeats", "pathology", "surgical ", 50000),
    Case("肺a repeats", "other", "肺a", 200000),
    Case("淋巴结 repeats", "other", "淋巴结", 60000),
    Case("(1) repeats (numbered_run)", "petct", "(1)", 50000),
    Case("AC- repeats + 方案", "discharge", "AC-", 50000, tail="方案"),
    Case("右肺上叶结节， repeats", "other", "右肺上叶结节，", 30000),
    # found by the #20 audit, not in the issue: Chinese text then a long run (layout separators, OCR digit runs)
    Case("肺 + spaces (layout)", "pathology", " ", 100000, head="肺"),
    Case("肺 + dots (layout)", "pathology", ".", 100000, head="肺"),
]

_CHILD = """
import sys, time
import os
if os.path.exists("__init__.py"):  # the repository root is the oncostruct package
    from oncostruct.engine.pipeline import Pipeline
else:  # a checkout from before the package move (cwd is on sys.path)
    from engine.pipeline import Pipeline
p = Pipeline()
doc_type = sys.argv[1]
p.extract_text("右肺上叶 pT1 Ki67 (+) 1x2cm", doc_type=doc_type)  # load packs and models first
text = sys.stdin.read()
t0, c0 = time.perf_counter(), time.process_time()
p.extract_text(text, doc_type=doc_type)
print(f"{time.perf_counter() - t0:.3f} {time.process_time() - c0:.3f}")
"""


def run_case(case: Case, timeout: float, scale: float = 1.0, root: Path = ROOT) -> tuple[float, float] | None:
    """(wall, CPU) seconds the extraction took, or None when it ran past ``timeout``."""
    text = case.text(scale)
    with tempfile.TemporaryDirectory() as parent:
        env = None
        if root != ROOT:  # the other checkout first on the path: as the package oncostruct, or as engine ...
            os.symlink(root, os.path.join(parent, "oncostruct"))
            env = {**os.environ, "PYTHONPATH": os.pathsep.join([parent, str(root)])}
        return _child(case, text, timeout, root, env)


def _child(case: Case, text: str, timeout: float, root: Path, env: dict | None) -> tuple[float, float] | None:
    try:
        out = subprocess.run([sys.executable, "-c", _CHILD, case.doc_type], input=text, text=True,
                             capture_output=True, timeout=timeout, cwd=root, check=True, env=env)
    except subprocess.TimeoutExpired:
        return None
    except subprocess.CalledProcessError as exc:
        raise RuntimeError(f"{case.name}: child failed:\n{exc.stderr[-2000:]}") from exc
    wall, cpu = out.stdout.strip().splitlines()[-1].split()
    return float(wall), float(cpu)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--timeout", type=float, default=60.0, help="seconds before a case is killed")
    ap.add_argument("--scale", type=float, default=1.0, help="multiply every repeat count")
    ap.add_argument("--only", nargs="*", help="substrings of case names to run")
    ap.add_argument("--root", type=Path, default=ROOT, help="checkout whose pipeline runs (default: this one)")
    args = ap.parse_args(argv)
    cases = [c for c in CASES if not args.only or any(s in c.name for s in args.only)]
    print(f"{'case':28} {'type':10} {'chars':>8} {'wall s':>8} {'CPU s':>8}")
    for case in cases:
        secs = run_case(case, args.timeout, args.scale, args.root.resolve())
        shown = f"{secs[0]:8.2f} {secs[1]:8.2f}" if secs else f"{'TIMEOUT':>8} {'':>8}"
        print(f"{case.name:28} {case.doc_type:10} {len(case.text(args.scale)):>8} {shown}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
