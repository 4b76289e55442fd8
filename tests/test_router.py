"""Router: document type and language detection, metadata precedence."""
from __future__ import annotations

import pytest

from oncostruct.engine.cdm import DocType, Language
from oncostruct.engine.ingest import ingest_bytes, ingest_text
from oncostruct.engine.router import detect_language, route
from tests.conftest import EN_PATHOLOGY, ZH_PATHOLOGY

PETCT = "检查所见：右肺上叶见一软组织结节，大小约2.1×1.8cm，放射性摄取增高，SUVmax 8.5。诊断意见：1.右肺上叶结节，FDG代谢增高，考虑肺癌。"
CT = "右肺中叶见一结节灶,长径约1.2CM。双肺门及纵隔内未见肿大淋巴结。扫描野内肝实质密度减低。增强扫描可见强化。"
DISCHARGE = "出院小结 入院日期：2023-03-01 出院日期：2023-03-12 入院诊断：右肺腺癌 诊疗经过：完善检查后行手术。出院医嘱：定期复查。"


@pytest.mark.parametrize(
    ("text", "doc_type", "lang"),
    [
        (ZH_PATHOLOGY, DocType.pathology, Language.zh),
        (EN_PATHOLOGY, DocType.pathology, Language.en),
        (PETCT, DocType.petct, Language.zh),
        (CT, DocType.ct, Language.zh),
        (DISCHARGE, DocType.discharge, Language.zh),
        ("The weather was fine and we went for a walk.", DocType.other, Language.en),
    ],
)
def test_router_detects_type_and_language(text: str, doc_type: DocType, lang: Language) -> None:
    r = route(ingest_text(text))
    assert (r.doc_type, r.language, r.detected) == (doc_type, lang, True)


def test_router_metadata_wins() -> None:
    r = route(ingest_text(PETCT), doc_type="pathology")
    assert r.doc_type is DocType.pathology and not r.detected


def test_router_unknown_metadata_type_is_rejected_clearly() -> None:
    with pytest.raises(ValueError):
        route(ingest_text(PETCT), doc_type="radiology-ish")


def test_router_routes_media_by_modality() -> None:
    assert route(ingest_bytes(b"\x89PNG\r\n\x1a\nxxxx", "a.png")).doc_type is DocType.lab_report
    assert route(ingest_bytes(b"\x00\x00\x00\x18ftypmp42xxxx", "a.mp4")).doc_type is DocType.surgical_video


def test_detect_language_mixed_chinese_with_english_markers_is_zh() -> None:
    assert detect_language("免疫组化：CK7(+), TTF-1(+), NapsinA(+), Ki-67(30%+), EGFR L858R") is Language.zh
    assert detect_language("12345") is Language.unknown
