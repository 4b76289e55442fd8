"""Input handling: encodings, empty, binary and oversized inputs."""
from __future__ import annotations

import pytest

from engine.errors import BinaryInputError, EmptyInputError, EncodingError, InputTooLargeError
from engine.ingest import decode_text, ingest_bytes, sniff_modality
from engine.settings import Settings

TEXT = "病理诊断：（右肺上叶）浸润性腺癌，淋巴结（0/12）。"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("gbk"), "gbk"),
        (TEXT.encode("utf-16"), "utf-16"),
        ("肿瘤标志物：癌胚抗原 5.2 ng/ml 𠀀".encode("gb18030"), "gb18030"),
    ],
)
def test_ingest_decodes_encodings_without_mangling(data: bytes, encoding: str) -> None:
    ing = ingest_bytes(data, "doc.txt")
    assert ing.modality == "text"
    assert ing.encoding == encoding
    assert ing.text is not None and ("病理" in ing.text or "癌胚抗原" in ing.text)
    assert "\ufffd" not in ing.text


def test_ingest_refuses_empty_and_whitespace() -> None:
    with pytest.raises(EmptyInputError):
        ingest_bytes(b"", "empty.txt")
    with pytest.raises(EmptyInputError, match="whitespace"):
        ingest_bytes(b"  \n\t ", "blank.txt")


def test_ingest_refuses_binary_given_as_text() -> None:
    with pytest.raises(BinaryInputError):
        ingest_bytes(bytes(range(256)) * 10, "blob.txt")


def test_ingest_refuses_undecodable_text() -> None:
    with pytest.raises((EncodingError, BinaryInputError)):
        decode_text(b"\x81\x30\xff\xfe\xfd" * 20 + b"\x80")


def test_ingest_refuses_oversized_text() -> None:
    settings = Settings(max_text_bytes=1000)
    with pytest.raises(InputTooLargeError, match="exceeds the limit"):
        ingest_bytes(("病理" * 1000).encode(), "big.txt", settings)


def test_sniff_modality_by_magic_and_extension() -> None:
    assert sniff_modality(b"\x89PNG\r\n\x1a\n....") == "image"
    assert sniff_modality(b"%PDF-1.7") == "pdf"
    assert sniff_modality(b"\x00\x00\x00\x18ftypmp42") == "video"
    assert sniff_modality(b"whatever", "scan.JPG") == "image"
    assert sniff_modality("文本".encode(), "a.txt") == "text"
