"""Packaging: one import package `oncostruct`, its subpackage list, the public API, no stray top-level imports."""
from __future__ import annotations

import ast
import configparser
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FOLDERS = ("engine", "extractors", "models", "annotation", "training", "serving", "eval")


def _declared_packages() -> set[str]:
    cfg = configparser.ConfigParser()
    cfg.read(ROOT / "setup.cfg", encoding="utf-8")
    return {line.strip() for line in cfg["options"]["packages"].splitlines() if line.strip()}


def test_every_folder_with_an_init_is_a_declared_subpackage() -> None:
    found = {"oncostruct"} | {
        "oncostruct." + ".".join(init.parent.relative_to(ROOT).parts)
        for folder in FOLDERS for init in (ROOT / folder).rglob("__init__.py")}
    assert found == _declared_packages()


def test_no_module_imports_a_folder_as_a_top_level_package() -> None:
    """`import engine...` would work from the repository root but not once installed (and would load a second copy)."""
    bad = []
    for folder in FOLDERS:
        for path in (ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                    [node.module or ""] if isinstance(node, ast.ImportFrom) and node.level == 0 else []
                bad += [f"{path.relative_to(ROOT)}: {n}" for n in names if n.split(".")[0] in FOLDERS]
    assert not bad


def test_the_public_api_works_outside_the_repository(tmp_path: Path) -> None:
    code = ("import oncostruct; r = oncostruct.extract('病理诊断：（右肺上叶）浸润性腺癌，pT2aN0M0'); "
            "print(r.fields[0].name, oncostruct.__version__, type(oncostruct.Pipeline()).__name__, "
            "r.to_json()[:1])")
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.split()[0] == "pathology.histology" and out.stdout.split()[-2:] == ["Pipeline", "{"]


@pytest.mark.skipif(not (ROOT / ".git").exists(), reason="builds from the source tree")
def test_the_wheel_installs_exactly_one_top_level_package(tmp_path: Path) -> None:
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w",
                    str(tmp_path), str(ROOT)], check=True, capture_output=True, timeout=600)
    [wheel] = tmp_path.glob("oncostruct-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert {n.split("/")[0] for n in names if not n.split("/")[0].endswith(".dist-info")} == {"oncostruct"}
    assert "oncostruct/engine/data/routing.yaml" in names and "oncostruct/engine/samples/petct_1.txt" in names
    assert not any(n.startswith(("oncostruct/tests/", "oncostruct/benchmarks/")) for n in names)
