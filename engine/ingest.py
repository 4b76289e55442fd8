"""Turn raw bytes into an ingested input: modality, sha256 and (for text) decoded text.

Text may arrive as UTF-8 (with or without BOM), UTF-16 with BOM, GBK or GB18030; the
encoding is detected and reported, never guessed silently. Empty, binary-as-text,
undecodable and oversized inputs raise a clear :class:`~engine.errors.InputError`.

Reads are bounded: at most ``limit + 1`` bytes are read, in chunks, whatever ``st_size``
says, and only regular files are opened (devices, FIFOs, sockets and directories are
refused). Images, PDFs and videos read from a file are not held in memory: the input keeps
their path and a sha256 computed while streaming, and components read (or stream) the file
themselves. Names are made printable by :func:`safe_name` before they reach a Record, an
error entry or a log.
"""
from __future__ import annotations

import hashlib
import os
import stat
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Callable, Literal

from oncostruct.engine.errors import (
    BinaryInputError,
    EmptyInputError,
    EncodingError,
    InputError,
    InputTooLargeError,
    UnsupportedInputError,
)
from oncostruct.engine.settings import Settings, get_settings

Modality = Literal["text", "image", "pdf", "video"]

_MAGIC: list[tuple[bytes, int, Modality]] = [
    (b"\x89PNG\r\n\x1a\n", 0, "image"),
    (b"\xff\xd8\xff", 0, "image"),
    (b"II*\x00", 0, "image"),
    (b"MM\x00*", 0, "image"),
    (b"BM", 0, "image"),
    (b"GIF8", 0, "image"),
    (b"%PDF", 0, "pdf"),
    (b"ftyp", 4, "video"),
    (b"\x1a\x45\xdf\xa3", 0, "video"),
]
_IMAGE_EXT = {".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".gif", ".webp"}
_VIDEO_EXT = {".mp4", ".avi", ".mov", ".mkv", ".webm"}
_CHUNK = 1 << 20


def safe_name(name: str | bytes | os.PathLike[str]) -> str:
    """A name that always encodes as UTF-8: undecodable bytes become ``\\xNN`` escapes.

    File names on POSIX are bytes; Python keeps the undecodable ones as lone surrogates
    (``surrogateescape``), which cannot be written as UTF-8 or serialised by pydantic.
    The raw bytes are kept, escaped, so the name still identifies the file.
    """
    raw = os.fspath(name)
    if isinstance(raw, bytes):
        return raw.decode("utf-8", "backslashreplace")
    try:
        return raw.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # surrogates that no file system produced (e.g. "\ud800" from JSON)
        return raw.encode("utf-8", "backslashreplace").decode("utf-8")


def _read_limited(read: Callable[[int], bytes], limit: int, name: str) -> bytes:
    """Read at most ``limit`` bytes in chunks; InputTooLargeError as soon as byte ``limit + 1`` arrives."""
    chunks, total = [], 0
    while total <= limit:
        chunk = read(min(_CHUNK, limit + 1 - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    if total > limit:
        raise InputTooLargeError(f"{name}: exceeds the limit of {limit:,} bytes (reading stopped there)")
    return b"".join(chunks)


def read_stream(stream: BinaryIO, limit: int, name: str = "<stdin>") -> bytes:
    """A stream's bytes (e.g. stdin), at most ``limit`` of them."""
    return _read_limited(stream.read, limit, safe_name(name))


def read_file(path: str | Path, limit: int) -> bytes:
    """A regular file's bytes, at most ``limit`` of them; st_size is not trusted.

    Devices (``/dev/zero``), FIFOs, sockets and directories raise UnsupportedInputError
    without being opened for reading (a FIFO open would block); a missing or unreadable
    file raises InputError.
    """
    path = Path(path)
    name = safe_name(path.name or path)
    fd = _open_regular(path, name)
    with os.fdopen(fd, "rb", buffering=0) as fh:
        st = os.fstat(fd)
        if st.st_size > limit:  # an early refusal only: the read below is bounded whatever st_size says
            raise InputTooLargeError(f"{name}: {st.st_size:,} bytes exceeds the limit of {limit:,} bytes")
        return _read_limited(fh.read, limit, name)


def _require_regular(mode: int, name: str) -> None:
    if stat.S_ISREG(mode):
        return
    kind = ("a directory" if stat.S_ISDIR(mode) else "a FIFO" if stat.S_ISFIFO(mode) else "a socket"
            if stat.S_ISSOCK(mode) else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "not a regular file")
    raise UnsupportedInputError(f"{name}: is {kind}; only regular files are read")


@dataclass(frozen=True)
class IngestedInput:
    """One input document after ingestion: text decoded, or media bytes, or (large media) a path."""

    name: str
    data: bytes | None
    sha256: str
    modality: Modality
    text: str | None = None
    encoding: str | None = None
    path: Path | None = None  # media read from a file travel as their path, not their bytes

    def read_bytes(self, limit: int) -> bytes:
        """The input's bytes: held ones, or read from its path with the ``limit`` bound."""
        if self.data is not None:
            return self.data
        if self.path is None:
            raise InputError(f"{self.name}: the input holds neither bytes nor a path")
        return read_file(self.path, limit)


def sniff_modality(data: bytes, name: str = "") -> Modality:
    """Modality from magic bytes, then from the file extension; text otherwise."""
    if data[8:12] == b"WEBP" and data[:4] == b"RIFF":
        return "image"
    if data[:4] == b"RIFF" and data[8:11] == b"AVI":
        return "video"
    for magic, offset, modality in _MAGIC:
        if data[offset : offset + len(magic)] == magic:
            return modality
    ext = Path(name).suffix.lower()
    if ext in _IMAGE_EXT:
        return "image"
    if ext in _VIDEO_EXT:
        return "video"
    if ext == ".pdf":
        return "pdf"
    return "text"


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode bytes to text and name the encoding used.

    Order: BOMs, strict UTF-8, strict GB18030 (a superset of GBK; reported as ``gbk``
    when GBK alone decodes it). Anything else raises EncodingError, or BinaryInputError
    when the bytes look binary.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise EncodingError(f"text has a UTF-16 byte-order mark but does not decode as UTF-16: {exc}") from exc
    if b"\x00" in data[:8192]:
        raise BinaryInputError("input looks binary (NUL bytes), not text; give an image, PDF or video a proper extension")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    for enc in ("gbk", "gb18030"):
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError:
            continue
    raise EncodingError("text is neither UTF-8, UTF-16 (with BOM), GBK nor GB18030; re-encode it as UTF-8")


def _check_text_is_prose(text: str) -> None:
    """Refuse decoded text that is mostly control or private-use characters (binary given as text)."""
    sample = text[:20000]
    if not sample:
        return
    bad = sum(1 for ch in sample if unicodedata.category(ch) in ("Cc", "Co", "Cs", "Cn") and ch not in "\n\r\t\f\v")
    if bad / len(sample) > 0.05:
        raise BinaryInputError(f"input looks binary, not text ({bad} control characters in the first {len(sample)})")


def ingest_bytes(data: bytes, name: str = "<bytes>", settings: Settings | None = None) -> IngestedInput:
    """Validate and decode one input."""
    settings = settings or get_settings()
    name = safe_name(name)
    if len(data) == 0:
        raise EmptyInputError(f"{name}: file is empty")
    if len(data) > settings.max_file_bytes:
        raise InputTooLargeError(f"{name}: {len(data):,} bytes exceeds the limit of {settings.max_file_bytes:,} bytes")
    sha = hashlib.sha256(data).hexdigest()
    modality = sniff_modality(data, name)
    if modality != "text":
        return IngestedInput(name, data, sha, modality)
    if len(data) > settings.max_text_bytes:
        raise InputTooLargeError(
            f"{name}: text of {len(data):,} bytes exceeds the limit of {settings.max_text_bytes:,} bytes "
            "(set ONCOSTRUCT_MAX_TEXT_BYTES to raise it)"
        )
    text, encoding = decode_text(data)
    _check_text_is_prose(text)
    if not text.strip():
        raise EmptyInputError(f"{name}: text contains only whitespace")
    return IngestedInput(name, data, sha, "text", text, encoding)


def ingest_path(path: str | Path, settings: Settings | None = None) -> IngestedInput:
    """Ingest a regular file with the ``max_file_bytes`` bound.

    Text is read and decoded; an image, PDF or video is only streamed through sha256 (in chunks,
    so memory stays bounded whatever its size) and travels on as its path.
    """
    path = Path(path)
    settings = settings or get_settings()
    name = safe_name(path.name)
    head = _read_head(path, name)
    if sniff_modality(head, name) == "text":
        return ingest_bytes(read_file(path, settings.max_file_bytes), path.name, settings)
    sha, size = _stream_sha256(path, settings.max_file_bytes, name)
    if size == 0:
        raise EmptyInputError(f"{name}: file is empty")
    return IngestedInput(name, None, sha, sniff_modality(head, name), path=path)


def _open_regular(path: Path, name: str) -> int:
    try:
        _require_regular(os.stat(path).st_mode, name)
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError as exc:
        raise InputError(f"{name}: no such file") from exc
    except OSError as exc:
        raise InputError(f"{name}: cannot be read ({exc.strerror})") from exc
    _require_regular(os.fstat(fd).st_mode, name)  # the path may have changed since the stat
    return fd


def _read_head(path: Path, name: str, n: int = 64) -> bytes:
    """The first ``n`` bytes of a regular file (for the magic-number sniff)."""
    with os.fdopen(_open_regular(path, name), "rb", buffering=0) as fh:
        return fh.read(n)


def file_sha256(path: str | Path, limit: int) -> str:
    """sha256 of a regular file, streamed in chunks (memory stays bounded); InputError past ``limit`` bytes."""
    path = Path(path)
    return _stream_sha256(path, limit, safe_name(path.name or path))[0]


def _stream_sha256(path: Path, limit: int, name: str) -> tuple[str, int]:
    """sha256 and size of a file read in chunks; InputTooLargeError past ``limit`` bytes."""
    digest, total = hashlib.sha256(), 0
    with os.fdopen(_open_regular(path, name), "rb", buffering=0) as fh:
        while chunk := fh.read(_CHUNK):
            total += len(chunk)
            if total > limit:
                raise InputTooLargeError(f"{name}: exceeds the limit of {limit:,} bytes (reading stopped there)")
            digest.update(chunk)
    return digest.hexdigest(), total


def ingest_text(text: str, name: str = "<text>", settings: Settings | None = None) -> IngestedInput:
    """Ingest text that is already decoded (e.g. from the REST API or a JSONL manifest)."""
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise EncodingError(f"{safe_name(name)}: text holds lone surrogates ({exc.reason}); it is not valid Unicode") from exc
    return ingest_bytes(data, name, settings)
