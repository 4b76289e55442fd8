"""The engine's packaged data files (``engine/data/*.yaml``): one reader instead of a resource lookup per module."""
from __future__ import annotations

from importlib import resources
from typing import Any

import yaml


def data_text(name: str) -> str:
    """The text of ``engine/data/<name>`` (OSError when missing)."""
    return resources.files("oncostruct.engine").joinpath("data", name).read_text(encoding="utf-8")


def data_yaml(name: str) -> Any:
    """``engine/data/<name>`` parsed as YAML (OSError, yaml.YAMLError)."""
    return yaml.safe_load(data_text(name))
