"""The ``oncostruct`` command line.

Exit codes, the same for every command (:mod:`engine.cli_support`): 0 success, 2 bad input or
usage, 3 some documents of a batch failed (0 with ``--allow-failures``), 1 an internal error
(one line; ``-v`` shows the traceback). Commands that live in other packages (``bench``,
``review``, ``serve``, ``train``) are listed in :data:`LAZY_COMMANDS` and imported only when called, so
``engine`` does not import them (no import cycle) and start-up stays fast.
"""
from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

import click

from oncostruct.engine.cdm import DocType, record_json_schema
from oncostruct.engine.cli_support import EXIT_SOME_FAILED, LazyGroup, samples_dir
from oncostruct.engine.ingest import read_stream, safe_name
from oncostruct.engine.version import __version__

_DOC_TYPES = [t.value for t in DocType]
# name → "module:attribute" of a click command defined outside this module
LAZY_COMMANDS = {
    "bench": "oncostruct.eval.cli:bench",
    "train": "oncostruct.training.cli:train",
    "review": "oncostruct.annotation.cli:review",
    "serve": "oncostruct.serving.cli:serve",
}


@click.group(cls=LazyGroup, lazy_commands=LAZY_COMMANDS, context_settings={"help_option_names": ["-h", "--help"]})
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
@click.option("--deidentify", is_flag=True, help="replace PHI with keyed surrogates before extraction "
              "(needs ONCOSTRUCT_SECRET_KEY)")
def extract(file: Path, doc_type: str | None, language: str | None, compact: bool, deidentify: bool) -> None:
    """Structure one document (FILE, or - for stdin) and print its Record as JSON.

    Exit codes: 0 done, 2 bad input or usage.
    """
    from oncostruct.engine.pipeline import Pipeline

    pipeline = Pipeline(_settings(deidentify))
    if str(file) == "-":
        data = read_stream(sys.stdin.buffer, pipeline.settings.max_file_bytes)
        record = pipeline.extract_bytes(data, "<stdin>", doc_type=doc_type, language=language)
    else:
        record = pipeline.extract_path(file, doc_type=doc_type, language=language)
    click.echo(record.model_dump_json(indent=None if compact else 2))


@main.command()
@click.argument("source", type=click.Path(exists=True, path_type=Path))
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path))
@click.option("--no-progress", is_flag=True, help="hide the progress bar")
@click.option("--engine", type=click.Choice(["local", "ray"]), default="local", show_default=True,
              help="local processes, or Ray Data (a local instance, or the cluster in RAY_ADDRESS)")
@click.option("--workers", type=click.IntRange(1), default=1, show_default=True, help="parallel workers")
@click.option("--export", default="jsonl", show_default=True,
              help="comma-separated export formats run at the end (see `oncostruct export --help`), e.g. jsonl,parquet")
@click.option("--timeout", "timeout_s", type=click.FloatRange(min=0, min_open=True), default=None,
              help="seconds per document before it is stopped [default: ONCOSTRUCT_EXTRACT_TIMEOUT_S, 120]")
@click.option("--allow-failures", is_flag=True, help="exit 0 even when some documents failed")
@click.option("--vocab", "vocab_dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="with --export omop: a folder with your Athena CONCEPT.csv to resolve concept ids")
@click.option("--assemble", "assemble_patients", is_flag=True,
              help="also link the records into patients: OUT/patients.jsonl and OUT/timeline.html (see `assemble`)")
@click.option("--deidentify", is_flag=True, help="replace PHI with keyed surrogates before extraction; writes "
              "OUT/deid_audit.jsonl (needs ONCOSTRUCT_SECRET_KEY)")
def batch(source: Path, out_dir: Path, no_progress: bool, engine: str, workers: int, export: str,
          timeout_s: float | None, allow_failures: bool, vocab_dir: Path | None, assemble_patients: bool,
          deidentify: bool) -> None:
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
      date        the document's date (ISO), copied into the record

    \b
    Exit codes: 0 every document done, 3 some documents failed (listed in
    OUT/errors.jsonl; 0 with --allow-failures), 2 bad input or usage.
    """
    from oncostruct.engine.batch import run_batch
    from oncostruct.engine.pipeline import Pipeline

    summary = run_batch(source, out_dir, Pipeline(_settings(deidentify)), progress=not no_progress, engine=engine,
                        workers=workers, export=export, timeout_s=timeout_s if timeout_s is not None else "settings",
                        export_options={"omop": {"vocab": vocab_dir}} if vocab_dir else None)
    click.echo(json.dumps(summary.as_dict()))
    if assemble_patients:
        from oncostruct.engine.assembly.writer import write_assembly

        click.echo(json.dumps(write_assembly(out_dir / "records.jsonl", out_dir, source), ensure_ascii=False))
    if summary.failed and not allow_failures:
        sys.exit(EXIT_SOME_FAILED)


@main.command()
@click.option("--out", "out_dir", default="out", show_default=True, type=click.Path(file_okay=False, path_type=Path))
@click.option("--no-progress", is_flag=True)
@click.option("--allow-failures", is_flag=True, help="exit 0 even when some documents failed")
@click.option("--export", default="jsonl,omop,fhir", show_default=True,
              help="comma-separated export formats (omop and fhir need the 'export' extra)")
def run(out_dir: Path, no_progress: bool, allow_failures: bool, export: str) -> None:
    """Structure the bundled samples (pathology, PET-CT, discharge, lab sheet, video) end to end.

    \b
    Writes OUT/records.jsonl, the exports (OUT/omop, OUT/fhir), the quality report
    (OUT/quality.html), the patient assembly (OUT/patients.jsonl, OUT/timeline.html)
    and OUT/summary.md. Exit codes as for batch: 0 every document done, 3 some failed, 2 bad usage.
    """
    from oncostruct.engine.assembly.writer import write_assembly
    from oncostruct.engine.batch import run_batch
    from oncostruct.engine.summary import write_summary

    summary = run_batch(samples_dir(), out_dir, progress=not no_progress, export=export)
    write_assembly(out_dir / "records.jsonl", out_dir, samples_dir())
    path = write_summary(out_dir)
    click.echo(json.dumps(summary.as_dict()))
    click.echo(f"records: {out_dir / 'records.jsonl'}\nsummary: {path}\n"
               f"patients: {out_dir / 'patients.jsonl'} (timeline: {out_dir / 'timeline.html'})\n"
               f"quality: {out_dir / 'quality.html'}")
    if summary.failed and not allow_failures:
        sys.exit(EXIT_SOME_FAILED)


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
    from oncostruct.engine.html_view import render_record_html
    from oncostruct.engine.view import fields_listing, find_source, load_record

    record = load_record(record_file, doc_id)
    if as_html:
        doc = find_source(record, source, samples_dir())
        note = None if doc.text is not None or doc.image is not None else (
            f"The source document (sha256 {record.document.source_sha256[:12]}) was not found in "
            f"{safe_name(source or samples_dir())}: pass --source with the file or its folder to see the fields on it.")
        text = doc.text
        if text is not None and record.document.deid is not None:  # the spans point into the de-identified text
            from oncostruct.engine.deid import deidentified_text

            text = deidentified_text(text, record.document.deid.replacements)
        page = render_record_html(record, text, doc.image, note=note)
    else:
        page = fields_listing(record) + "\n"
    if out_file:
        out_file.write_text(page, encoding="utf-8")
    else:
        click.echo(page, nl=False)


@main.command()
def components() -> None:
    """List the registered components (name, version, modalities, options), the routing table and the exporters."""
    from oncostruct.engine.components import component_class, registered_names
    from oncostruct.engine.exporters import exporter_names, get_exporter
    from oncostruct.engine.pipeline import Pipeline

    pipeline = Pipeline()
    for name in registered_names():
        cls = component_class(name)
        options = cls.Options().model_dump(mode="json")
        click.echo(f"{name:14} {cls.name} v{cls.version}  [{', '.join(cls.modalities)}]  options: {json.dumps(options)}")
    click.echo("\nrouting (doc type → components):")
    for doc_type, names in pipeline.routing.routes.items():
        click.echo(f"  {doc_type.value:12} {', '.join(names)}")
    click.echo("\nexporters:")
    for name in exporter_names():
        exporter = get_exporter(name)
        click.echo(f"  {name:12} v{exporter.version}  {exporter.description}")


@main.command("export")
@click.argument("formats")
@click.option("--records", "records_path", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="a records.jsonl (from batch or run)")
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path))
@click.option("--vocab", "vocab_dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="omop: a folder with your Athena CONCEPT.csv to resolve concept ids [default: concept_id 0]")
def export_command(formats: str, records_path: Path, out_dir: Path, vocab_dir: Path | None) -> None:
    """Export existing records to FORMATS (comma-separated: jsonl, parquet, omop, fhir, ...); print the files written.

    omop puts the text of the texts.jsonl beside RECORDS (written by batch) into NOTE.note_text.
    """
    from oncostruct.engine.exporters import parse_exporters, run_exporters

    options = {"omop": {"vocab": vocab_dir}} if vocab_dir else None
    if vocab_dir and "omop" not in [f.strip() for f in formats.split(",")]:
        raise click.UsageError("--vocab is an option of the omop export")
    written = run_exporters(parse_exporters(formats, options), records_path, out_dir)
    click.echo(json.dumps(written, ensure_ascii=False))


@main.command("load-omop")
@click.argument("omop_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--dsn", required=True, help="PostgreSQL connection string, e.g. 'host=localhost dbname=ohdsi user=etl'")
@click.option("--schema", default="cdm", show_default=True, help="schema to create the tables in")
def load_omop(omop_dir: Path, dsn: str, schema: str) -> None:
    """Load an omop export (OMOP_DIR: OUT/omop) into PostgreSQL: tables, COPY, primary keys, constraints, indices.

    Exit codes: 0 loaded (rows per table printed), 2 bad input, connection or load failure (nothing kept).
    """
    from oncostruct.engine.exporters.omop.load import load_postgres

    click.echo(json.dumps(load_postgres(dsn, omop_dir, schema)))


@main.command("assemble")
@click.option("--records", "records_path", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="a records.jsonl (from batch or run)")
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path))
@click.option("--source", type=click.Path(exists=True, path_type=Path),
              help="the documents (folder or manifest), to show the source spans on the linked record pages")
def assemble_command(records_path: Path, out_dir: Path, source: Path | None) -> None:
    """Link records into patients: OUT/patients.jsonl, OUT/timeline.html and OUT/records/*.html.

    \b
    Documents are linked by patient_id, else by keyed hashes of their header identifiers
    (needs ONCOSTRUCT_SECRET_KEY at extraction time); fields are reconciled by the field
    catalogue's source precedence, then recency; conflicts go to review. Exit codes: 0 done,
    2 bad input or usage.
    """
    from oncostruct.engine.assembly.writer import write_assembly

    click.echo(json.dumps(write_assembly(records_path, out_dir, source), ensure_ascii=False))


@main.command()
@click.option("--records", "records_path", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="a records.jsonl (from batch or run)")
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path))
@click.option("--as-of", "as_of", help="the batch date for currency checks, YYYY-MM-DD [default: today]")
def quality(records_path: Path, out_dir: Path, as_of: str | None) -> None:
    """Data-quality report of existing records: OUT/quality.json and OUT/quality.html (five dimensions)."""
    from oncostruct.engine.quality import write_quality_report

    written = write_quality_report(records_path, out_dir, as_of=as_of)
    click.echo(json.dumps(written, ensure_ascii=False))


def _settings(deidentify: bool):
    """The process settings, with de-identification switched on by a command-line flag."""
    from oncostruct.engine.settings import get_settings

    settings = get_settings()
    return settings.model_copy(update={"deidentify": True}) if deidentify else settings


if __name__ == "__main__":
    main()
