"""Task functions for worker-process tests (module level, so spawn-ed workers can import them)."""
from __future__ import annotations

import os
import re


def init_state(value: int) -> dict[str, int]:
    return {"value": value}


def add(state: dict[str, int], n: int) -> int:
    return state["value"] + n


def pid(state: object) -> int:
    return os.getpid()


def fail(state: object, message: str) -> None:
    raise ValueError(message)


def backtrack(state: object, n: int) -> bool:
    """A C-level regex that holds the GIL for a very long time (exponential in ``n``)."""
    return re.match(r"(a*)*b", "a" * n) is not None



class Backtracking:
    """A pipeline component that never finishes on text holding 'STUCK' (a C-level regex holds the GIL)."""

    name = "backtracking"
    version = "0"
    modalities = ("text",)
    view_name = None
    extra = None

    def __init__(self, options: object = None) -> None:
        self.options = options

    def pipe(self, docs):  # noqa: ANN001, ANN201
        from oncostruct.engine.components import Extraction

        for doc in docs:
            if "STUCK" in doc.text:
                backtrack(None, 60)
            yield Extraction()

    def build_view(self, fields):  # noqa: ANN001, ANN201
        return None
