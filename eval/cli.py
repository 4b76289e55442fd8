"""``oncostruct bench TASK``: accuracy and speed benchmarks on real data (``eval.bench``)."""
from __future__ import annotations

import json
from pathlib import Path

import click


@click.command()
@click.argument("task")
@click.option("--data", type=click.Path(exists=True, path_type=Path), help="benchmark data file or folder")
@click.option("--out", "out_file", required=True, type=click.Path(dir_okay=False, path_type=Path), help="full result JSON")
@click.option("--model", default=None, help="model name, for tasks that take one")
@click.option("--task", "sub_task", default=None, help="what the speed bench times (e.g. ner)")
@click.option("--protocol", default=None, help="scoring protocol, for tasks that have several (tumour: all | b-cv)")
@click.option("--mode", default=None, help="tumour b-cv: rules | model | union | model+rules (pointer model, needs --oof)")
@click.option("--oof", default=None, help="tumour b-cv: comma-separated folders of the pointer CV's out-of-fold logits")
def bench(task: str, data: Path | None, out_file: Path, model: str | None, sub_task: str | None,
          protocol: str | None, mode: str | None, oof: str | None) -> None:
    """Run a benchmark TASK (tumour, ner, pathology, lab, speed, calibration ...); print the result as one JSON line."""
    from oncostruct.eval.bench import run_bench

    if data is None and task != "speed":
        raise click.UsageError(f"bench {task} needs --data")
    result = run_bench(task, data, out_file, model, task=sub_task, protocol=protocol, mode=mode, oof=oof)
    click.echo(json.dumps(result, ensure_ascii=False))
