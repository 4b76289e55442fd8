"""Input handling: encodings, empty, binary and oversized inputs."""
from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from oncostruct.engine.errors import (
    BinaryInputError,
    EmptyInputError,
    EncodingError,
    InputError,
    InputTooLargeError,
    UnsupportedInputError,
)
from oncostruct.engine.ingest import decode_text, ingest_bytes, sniff_modality
from oncostruct.engine.settings import Settings

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


def test_safe_name_keeps_raw_bytes_escaped_and_always_encodes() -> None:
    from oncostruct.engine.ingest import safe_name

    assert safe_name(os.fsdecode(b"b\xffname.txt")) == "b\\xffname.txt"
    assert safe_name(b"a\xfe") == "a\\xfe"
    assert safe_name("病理.txt") == "病理.txt"
    assert safe_name("\ud800x").encode("utf-8") == b"\\ud800x"


def test_ingest_text_with_lone_surrogates_is_an_encoding_error() -> None:
    from oncostruct.engine.ingest import ingest_text

    with pytest.raises(EncodingError, match="surrogates"):
        ingest_text("病理\ud800诊断")


def test_read_file_refuses_devices_directories_and_fifos(tmp_path: Path) -> None:
    from oncostruct.engine.ingest import read_file

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    for path, kind in [(Path("/dev/zero"), "device"), (tmp_path, "directory"), (fifo, "FIFO")]:
        with pytest.raises(UnsupportedInputError, match=kind):
            read_file(path, 1000)
    with pytest.raises(InputError, match="no such file"):
        read_file(tmp_path / "missing.txt", 1000)


def test_reads_stop_at_the_limit_whatever_the_source_claims(tmp_path: Path) -> None:
    from oncostruct.engine.ingest import read_file, read_stream

    class Endless(io.RawIOBase):
        served = 0

        def read(self, n: int = -1) -> bytes:
            Endless.served += n
            return b"x" * n

    with pytest.raises(InputTooLargeError, match="exceeds the limit"):
        read_stream(Endless(), 5_000_000)  # type: ignore[arg-type]
    assert Endless.served == 5_000_001
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * 2001)
    with pytest.raises(InputTooLargeError):
        read_file(big, 2000)
    assert read_file(big, 2001) == b"x" * 2001
