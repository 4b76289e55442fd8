"""Extras in setup.cfg: one that includes another refers to it (``oncostruct[export]``) instead of repeating its pins."""
from __future__ import annotations

import configparser
import re
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[1]


def _extras() -> dict[str, list[Requirement]]:
    cfg = configparser.ConfigParser()
    cfg.read(ROOT / "setup.cfg", encoding="utf-8")
    return {name: [Requirement(line) for line in (ln.split("#")[0].strip() for ln in value.splitlines()) if line]
            for name, value in cfg["options.extras_require"].items()}


def test_dev_refers_to_the_export_extra() -> None:
    dev = _extras()["dev"]
    assert any(r.name == "oncostruct" and r.extras == {"export"} for r in dev)


def test_no_extra_repeats_a_pin_of_an_extra_it_refers_to() -> None:
    extras = _extras()
    repeated = []
    for name, reqs in extras.items():
        included = {e for r in reqs if r.name == "oncostruct" for e in r.extras}
        assert included <= set(extras), f"{name} refers to an unknown extra: {included - set(extras)}"
        pinned = {re.sub(r"[-_.]+", "-", r.name.lower()) for e in included for r in extras[e]}
        repeated += [f"{name}: {r}" for r in reqs if re.sub(r"[-_.]+", "-", r.name.lower()) in pinned]
    assert repeated == []
