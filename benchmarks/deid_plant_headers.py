"""Copy a pathology bench folder (text files + gold.jsonl) with invented PHI planted in every report.

Each report gets a header (hospital, name, age, inpatient/pathology/bed numbers, department, dates, ID, phone,
address) and a signature line, from the seeded generator of benchmarks/deid_devset.py; the gold fields are
unchanged. Used to check that clinical facts survive de-identification (RESULTS.md, issue 18)::

    .venv/bin/python benchmarks/deid_plant_headers.py tests/fixtures/pathology_zh_set /tmp/pz_planted
"""
from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

from deid_devset import zh_values


def plant(src: Path, dst: Path, seed: int = 18) -> int:
    r = random.Random(seed)
    dst.mkdir(parents=True, exist_ok=True)
    shutil.copy(src / "gold.jsonl", dst / "gold.jsonl")
    n = 0
    for f in sorted(src.glob("*.txt")):
        v = {k: fn()[0] for k, fn in zh_values(r).items()}
        header = (f"{v['hospital']}\n姓名：{v['name']} 性别：女 年龄：{v['young']}岁 住院号：{v['inpatient']} "
                  f"床号：{v['bed']} 科室：{v['dept']} 病理号：{v['pathno']}\n送检日期：{v['date']} "
                  f"身份证号：{v['id']} 电话：{v['mobile']} 住址：{v['address']}\n")
        footer = f"\n报告医师：{v['name']} 审核医师：{v['mou']} 报告日期：{v['date']}\n"
        (dst / f.name).write_text(header + f.read_text(encoding="utf-8") + footer, encoding="utf-8")
        n += 1
    return n


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("src", type=Path)
    ap.add_argument("dst", type=Path)
    args = ap.parse_args()
    print(plant(args.src, args.dst), "reports written to", args.dst)


if __name__ == "__main__":
    main()
