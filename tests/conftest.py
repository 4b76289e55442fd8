"""Shared fixtures: small synthetic documents written for the tests."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator

import pytest

from label_studio_server import serve

FIXTURES = Path(__file__).parent / "fixtures"

ZH_PATHOLOGY = (
    "病理诊断：（左肺下叶）浸润性腺癌，中分化，肿瘤大小2.5×2.0×1.8cm，"
    "支气管切缘未见癌。淋巴结（2/11）见癌转移。免疫组化：Ki-67（约40%+），TTF-1（+）。pT1cN1M0。"
)
EN_PATHOLOGY = (
    "FINAL DIAGNOSIS: Right breast, mastectomy: invasive ductal carcinoma, Nottingham grade 2, "
    "2.7 cm in greatest dimension. Margins are free of tumor. Two of 14 lymph nodes positive (2/14). "
    "ER positive (90%, strong), PR negative, HER2 (1+), Ki-67: 20%. pT2 pN1a pMX (AJCC 8th edition)."
)


@pytest.fixture
def fixtures_dir() -> Path:
    return FIXTURES


@pytest.fixture(scope="session")
def label_studio(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """One real Label Studio server for every test that asks for it (text and video review loops)."""
    yield from serve(tmp_path_factory)


@pytest.fixture(scope="module")
def detector() -> Any:
    """A PHI detector with the shipped configuration (rules and tagger), for the de-identification rule tests; a
    test module that needs another detector defines its own fixture of this name."""
    from oncostruct.extractors.deid.detect import PhiDetector

    return PhiDetector()
