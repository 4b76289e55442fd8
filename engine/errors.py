"""The engine's exception hierarchy. Every error carries a stable code and a clear message."""
from __future__ import annotations


class OncostructError(Exception):
    """Base class. ``code`` is stable and machine-readable; the message is for people."""

    code = "E000"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def as_dict(self) -> dict[str, str]:
        return {"code": self.code, "type": type(self).__name__, "message": self.message}


class InputError(OncostructError):
    """The input cannot be processed as given (empty, binary, too large, undecodable)."""

    code = "E100"


class EmptyInputError(InputError):
    code = "E101"


class BinaryInputError(InputError):
    code = "E102"


class InputTooLargeError(InputError):
    code = "E103"


class EncodingError(InputError):
    code = "E104"


class UnsupportedInputError(InputError):
    code = "E105"


class RulePackError(OncostructError):
    """A rule pack or lexicon file is malformed."""

    code = "E200"


class ExtractionError(OncostructError):
    """An extractor failed on a document."""

    code = "E300"


class ExtractionTimeout(ExtractionError):
    """Structuring one document ran past its time limit; the worker process doing it was stopped."""

    code = "E301"


class WorkerFailed(ExtractionError):
    """The worker process structuring a document died (out of memory, killed) or could not start."""

    code = "E302"


class ConfigError(OncostructError):
    code = "E400"


class MissingDependencyError(ConfigError):
    """An optional dependency of an extractor (an extra such as ``ocr``) is not installed."""

    code = "E410"


class DataFormatError(OncostructError):
    """A benchmark or training data file is not in the expected format."""

    code = "E500"


class VideoError(InputError):
    """A video that cannot be decoded at all (corrupt, truncated before the first frame, unsupported codec)."""

    code = "E120"
