"""The ``oncostruct`` command line."""
from __future__ import annotations

import json
import logging
import sys
from importlib import resources
from pathlib import Path

import click

from engine.cdm import DocType, record_json_schema
from engine.errors import OncostructError
from engine.ingest import read_stream, safe_name
from engine.version import __version__

_DOC_TYPES = [t.value for t in DocType]


EXIT_BAD_INPUT = 2  # bad input or usage (click's own usage errors exit 2 too)
EXIT_SOME_FAILED = 3  # batch: some documents failed (see OUT/errors.jsonl)


def _fail(exc: OncostructError) -> None:
    click.echo(f"error [{exc.code}]: {exc.message}", err=True)
    sys.exit(EXIT_BAD_INPUT)


class _Group(click.Group):
    """A group whose every command exits 2 with one clear line, not a traceback, on bad input."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except OncostructError as exc:
            _fail(exc)
        except OSError as exc:  # unreadable input, unwritable output folder ...
            where = f": {safe_name(exc.filename)}" if exc.filename else ""
            click.echo(f"error [E100]: {exc.strerror or exc}{where}", err=True)
            sys.exit(EXIT_BAD_INPUT)
        return None


def samples_dir() -> Path:
    """The bundled sample documents (shipped as package data)."""
    return Path(str(resources.files("engine").joinpath("samples")))


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="oncostruct")
@click.option("-v", "--verbose", is_flag=True, help="log progress and debugging detail")
def main(verbose: bool) -> None:
    """oncostruct: structure oncology documents into CDM records."""
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s")


@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, allow_dash=True, path_type=Path))
@click.option("--type", "doc_type", type=click.Choice(_DOC_TYPES), help="document type (detected when omitted)")
@click.option("--lang", "language", type=click.Choice(["zh", "en"]), help="language (detected when omitted)")
@click.option("--compact", is_flag=True, help="one-line JSON")
def extract(file: Path, doc_type: str | None, language: str | None, compact: bool) -> None:
    """Structure one document (FILE, or - for stdin) and print its Record as JSON.

    Exit codes: 0 done, 2 bad input or usage.
    """
    from engine.pipeline import Pipeline

    try:
        pipeline = Pipeline()
        if str(file) == "-":
            data = read_stream(sys.stdin.buffer, pipeline.settings.max_file_bytes)
            record = pipeline.extract_bytes(data, "<stdin>", doc_type=doc_type, language=language)
        else:
            record = pipeline.extract_path(file, doc_type=doc_type, language=language)
    except OncostructError as exc:
        _fail(exc)
        return
    click.echo(record.model_dump_json(indent=None if compact else 2))


@main.command()
@click.argument("source", type=click.Path(exists=True, path_type=Path))
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path))
@click.option("--no-progress", is_flag=True, help="hide the progress bar")
@click.option("--engine", type=click.Choice(["local", "ray"]), default="local", show_default=True,
              help="local processes, or Ray Data (a local instance, or the cluster in RAY_ADDRESS)")
@click.option("--workers", type=click.IntRange(1), default=1, show_default=True, help="parallel workers")
@click.option("--export", type=click.Choice(["jsonl", "parquet"]), default="jsonl", show_default=True,
              help="parquet: also write OUT/records.parquet")
@click.option("--allow-failures", is_flag=True, help="exit 0 even when some documents failed")
def batch(source: Path, out_dir: Path, no_progress: bool, engine: str, workers: int, export: str,
          allow_failures: bool) -> None:
    """Structure a folder or JSONL/Parquet manifest into OUT/records.jsonl and OUT/errors.jsonl (resumable).

    \b
    SOURCE is a folder (every file, recursively; hidden ones skipped) or a manifest:
    one JSON object per line (.jsonl) or per row (.parquet) with the keys
      path        a file to read (relative paths resolve against the manifest), or
      text        the document text itself (one of path or text is required)
      doc_type    pathology, petct, ct, discharge, lab_report, ... (detected when absent)
      language    zh or en (detected when absent)
      doc_id      the record's id (and its key in errors.jsonl)
      patient_id  copied into the record
      visit_id    copied into the record

    \b
    Exit codes: 0 every document done, 3 some documents failed (listed in
    OUT/errors.jsonl; 0 with --allow-failures), 2 bad input or usage.
    """
    from engine.batch import run_batch

    try:
        summary = run_batch(source, out_dir, progress=not no_progress, engine=engine, workers=workers,
                            export=export)  # type: ignore[arg-type]
    except OncostructError as exc:
        _fail(exc)
        return
    click.echo(json.dumps(summary.as_dict()))
    if summary.failed and not allow_failures:
        sys.exit(EXIT_SOME_FAILED)


@main.command()
@click.option("--out", "out_dir", default="out", show_default=True, type=click.Path(file_okay=False, path_type=Path))
@click.option("--no-progress", is_flag=True)
def run(out_dir: Path, no_progress: bool) -> None:
    """Structure the bundled sample documents into OUT/records.jsonl plus OUT/summary.md."""
    from engine.batch import run_batch
    from engine.summary import write_summary

    summary = run_batch(samples_dir(), out_dir, progress=not no_progress)
    path = write_summary(out_dir)
    click.echo(json.dumps(summary.as_dict()))
    click.echo(f"records: {out_dir / 'records.jsonl'}\nsummary: {path}")


@main.command()
@click.option("--out", "out_file", type=click.Path(dir_okay=False, path_type=Path), help="write to a file instead of stdout")
def schema(out_file: Path | None) -> None:
    """Print the JSON Schema of a Record."""
    text = json.dumps(record_json_schema(), ensure_ascii=False, indent=2)
    if out_file:
        out_file.write_text(text + "\n", encoding="utf-8")
    else:
        click.echo(text)


@main.command()
@click.argument("record_file", metavar="RECORD.json", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--html", "as_html", is_flag=True, help="an HTML page: the text with highlighted spans, boxes, tables")
@click.option("--source", type=click.Path(exists=True, path_type=Path),
              help="the document, or a folder or manifest searched by the record's sha256 [default: the bundled samples]")
@click.option("--doc-id", help="which record of a records.jsonl [default: the first]")
@click.option("--out", "out_file", type=click.Path(dir_okay=False, path_type=Path), help="write to a file instead of stdout")
def view(record_file: Path, as_html: bool, source: Path | None, doc_id: str | None, out_file: Path | None) -> None:
    """Show what was extracted: one Record (a Record JSON or a records.jsonl) as an HTML page or a field list.

    Exit codes: 0 done, 2 bad input or usage.
    """
    from engine.html_view import render_record_html
    from engine.view import fields_listing, find_source, load_record

    record = load_record(record_file, doc_id)
    if as_html:
        doc = find_source(record, source, samples_dir())
        note = None if doc.text is not None or doc.image is not None else (
            f"The source document (sha256 {record.document.source_sha256[:12]}) was not found in "
            f"{safe_name(source or samples_dir())}: pass --source with the file or its folder to see the fields on it.")
        page = render_record_html(record, doc.text, doc.image, note=note)
    else:
        page = fields_listing(record) + "\n"
    if out_file:
        out_file.write_text(page, encoding="utf-8")
    else:
        click.echo(page, nl=False)


@main.command()
@click.argument("task")
@click.option("--data", type=click.Path(exists=True, path_type=Path), help="benchmark data file or folder")
@click.option("--out", "out_file", required=True, type=click.Path(dir_okay=False, path_type=Path), help="full result JSON")
@click.option("--model", default=None, help="model name, for tasks that take one")
@click.option("--task", "sub_task", default=None, help="what the speed bench times (e.g. ner)")
def bench(task: str, data: Path | None, out_file: Path, model: str | None, sub_task: str | None) -> None:
    """Run a benchmark TASK (tumour, ner, pathology, lab, speed, calibration ...); print the result as one JSON line."""
    from eval.bench import run_bench

    if data is None and task != "speed":
        raise click.UsageError(f"bench {task} needs --data")
    try:
        result = run_bench(task, data, out_file, model, task=sub_task)
    except OncostructError as exc:
        _fail(exc)
        return
    click.echo(json.dumps(result, ensure_ascii=False))


from engine.cli_train import train as _train_group  # noqa: E402

main.add_command(_train_group)

from annotation.cli import review as _review_group  # noqa: E402

main.add_command(_review_group)

from serving.cli import serve as _serve_command  # noqa: E402

main.add_command(_serve_command)

if __name__ == "__main__":
    main()
