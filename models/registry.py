"""Released model weights, loaded by name (``models/weights/<name>/``) and cached per process."""
from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path

from oncostruct.engine.errors import ConfigError


def weights_dir() -> Path:
    return Path(str(resources.files("oncostruct.models").joinpath("weights")))


def available() -> list[str]:
    root = weights_dir()
    return sorted(p.name for p in root.iterdir() if (p / "manifest.json").exists()) if root.exists() else []


def model_path(name: str) -> Path:
    path = Path(name) if ("/" in name or "\\" in name) else weights_dir() / name
    if not (path / "manifest.json").exists():
        raise ConfigError(f"unknown model {name!r}; released: {', '.join(available()) or 'none'}")
    return path


@lru_cache(maxsize=None)
def load_ner(name: str):  # -> models.ner_inference.NerModel (onnxruntime imported lazily)
    """A released NER model by name (e.g. ``"ccks2019"``) or by folder path."""
    from oncostruct.models.ner_inference import load_model_dir

    return load_model_dir(model_path(name))


@lru_cache(maxsize=None)
def load_pointer(name: str):  # -> models.pointer.PointerModel (onnxruntime imported lazily)
    """A released pointer (span) model by name (e.g. ``"pointer_tumour"``) or by folder path."""
    from oncostruct.models.pointer import load_pointer_dir

    return load_pointer_dir(model_path(name))
