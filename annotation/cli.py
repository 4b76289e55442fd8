"""``oncostruct review ...``: the human-review loop (Label Studio when configured, the local queue otherwise)."""
from __future__ import annotations

import json
from contextlib import closing
from pathlib import Path

import click

from oncostruct.engine.errors import OncostructError


def _settings(db: str | None, url: str | None, token: str | None, **policy: object):
    from oncostruct.annotation.settings import load_settings

    return load_settings(db_url=db, ls_url=url, ls_api_key=token, **policy)


def _backend(settings, store, local: bool):
    from oncostruct.annotation.queue import EmbeddedBackend

    if settings.has_server and not local:
        from oncostruct.annotation.client import LabelStudioBackend

        return LabelStudioBackend(settings.ls_url, settings.ls_api_key)
    return EmbeddedBackend(store, keep_text=settings.keep_text)


def _echo(obj: object) -> None:
    click.echo(json.dumps(obj, ensure_ascii=False, default=str))


_server_options = [
    click.option("--db", default=None, help="gold store SQLAlchemy URL (env ONCOSTRUCT_REVIEW_DB)"),
    click.option("--url", default=None, help="Label Studio URL (env LABEL_STUDIO_URL)"),
    click.option("--token", default=None, help="Label Studio API token (env LABEL_STUDIO_API_KEY)"),
    click.option("--local", is_flag=True, help="use the embedded queue even when a server is configured"),
]


def server_options(func):
    for opt in reversed(_server_options):
        func = opt(func)
    return func


@click.group()
def review() -> None:
    """Send uncertain fields to annotators and bring their corrections back as gold data."""


@review.command()
@click.option("--records", "records_path", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--project", required=True, help="project name (one project per document kind: NAME/<kind>)")
@click.option("--source", "sources", multiple=True, type=click.Path(exists=True, path_type=Path),
              help="folder or manifest the records were made from (repeatable; the bundled samples are always searched)")
@click.option("--strategy", type=click.Choice(["least_confidence", "entropy"]), default=None)
@click.option("--diversity", type=click.Choice(["round_robin", "none"]), default=None)
@click.option("--limit", type=int, default=None, help="push at most N documents")
@server_options
def push(records_path: Path, project: str, sources: tuple[Path, ...], strategy: str | None, diversity: str | None,
         limit: int | None, db: str | None, url: str | None, token: str | None, local: bool) -> None:
    """Upload documents whose Records have needs_review fields, with pre-annotations, in active-learning order."""
    from oncostruct.annotation.push import push as run_push, read_records
    from oncostruct.annotation.store import GoldStore
    from oncostruct.engine.sources import index_texts
    from oncostruct.engine.cli_support import samples_dir

    try:
        settings = _settings(db, url, token, strategy=strategy, diversity=diversity, limit=limit)
        store = GoldStore(settings.db_url)
        roots = [*sources, samples_dir()]
        texts = index_texts(roots)
        with closing(_backend(settings, store, local)) as backend:
            summary = run_push(read_records(records_path), texts, backend, store, project, policy=settings.policy,
                               records_path=records_path, sources=roots, keep_text=settings.keep_text)
    except OncostructError as exc:
        raise click.ClickException(f"[{exc.code}] {exc.message}") from exc
    _echo(summary.as_dict())


@review.command()
@click.option("--project", required=True)
@click.option("--records", "records_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="records.jsonl to update with the reviewed Records (default: the file each document was pushed from)")
@click.option("--no-update", is_flag=True, help="only fill the gold store; leave records files alone")
@click.option("--export", "export_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="also write the training sets (train.jsonl, lab/) here")
@click.option("--labels", type=click.Choice(["all", "entities", "fields"]), default="all", show_default=True)
@server_options
def pull(project: str, records_path: Path | None, no_update: bool, export_dir: Path | None, labels: str, db: str | None,
         url: str | None, token: str | None, local: bool) -> None:
    """Take submitted annotations back into the gold store and the Records; report disagreements."""
    from oncostruct.annotation.export import write_lab_labels, write_span_jsonl, write_video_gold
    from oncostruct.annotation.pull import pull as run_pull
    from oncostruct.annotation.store import GoldStore

    try:
        settings = _settings(db, url, token)
        store = GoldStore(settings.db_url)
        with closing(_backend(settings, store, local)) as backend:
            summary = run_pull(backend, store, project, records_path, update_pushed_files=not no_update).as_dict()
        if export_dir is not None:
            summary["export"] = write_span_jsonl(store, export_dir / "train.jsonl", project, labels).as_dict()
            summary["export"]["lab_files"] = write_lab_labels(store, export_dir / "lab", project)
            summary["export"]["videos"] = write_video_gold(store, export_dir / "video_segments.jsonl", project)
    except OncostructError as exc:
        raise click.ClickException(f"[{exc.code}] {exc.message}") from exc
    _echo(summary)
    for c in summary["conflicts"]:
        click.echo(f"conflict: {c['project']} {c['doc_id']}: {', '.join(c['annotators'])} disagree "
                   f"(agreement F1 {c['agreement_f1']:.2f})", err=True)


@review.command("export")
@click.option("--project", default=None)
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path))
@click.option("--labels", type=click.Choice(["all", "entities", "fields"]), default="all", show_default=True)
@click.option("--db", default=None)
def export_cmd(project: str | None, out_dir: Path, labels: str, db: str | None) -> None:
    """Write the gold store as span JSONL (OUT/train.jsonl) and lab-label JSON (OUT/lab/)."""
    from oncostruct.annotation.export import write_lab_labels, write_span_jsonl
    from oncostruct.annotation.store import GoldStore

    store = GoldStore(_settings(db, None, None).db_url)
    summary = write_span_jsonl(store, out_dir / "train.jsonl", project, labels)
    summary.lab_files = write_lab_labels(store, out_dir / "lab", project)
    _echo(summary.as_dict())


@review.command("list")
@click.option("--project", default=None)
@click.option("--all", "include_done", is_flag=True, help="include tasks already answered")
@click.option("--db", default=None)
def list_cmd(project: str | None, include_done: bool, db: str | None) -> None:
    """Fields waiting in the embedded queue, most uncertain documents first."""
    from oncostruct.annotation.queue import pending_items
    from oncostruct.annotation.store import GoldStore

    items = pending_items(GoldStore(_settings(db, None, None).db_url), project, include_done)
    if not items:
        click.echo("nothing to review")
    for i in items:
        click.echo(f"{i.task_id:>5}  #{i.rank:<3} {i.doc_type:<10} {i.doc_id:<18} {i.field:<32} "
                   f"{i.value[:30]!r:<34} {i.confidence:.2f}{'  done' if i.done else ''}")


@review.command()
@click.argument("task_id", type=int)
@click.option("--reviewer", default=None, help="annotator name (default: the login name)")
@click.option("--db", default=None)
def accept(task_id: int, reviewer: str | None, db: str | None) -> None:
    """Accept a task's pre-annotation (with any corrections made so far)."""
    from oncostruct.annotation.queue import EmbeddedBackend
    from oncostruct.annotation.store import GoldStore

    try:
        EmbeddedBackend(GoldStore(_settings(db, None, None).db_url)).accept(task_id, reviewer)
    except OncostructError as exc:
        raise click.ClickException(exc.message) from exc
    click.echo(f"task {task_id} accepted")


@review.command()
@click.argument("task_id", type=int)
@click.option("--field", "field_name", required=True,
              help="CDM field name, e.g. imaging.primary_site[0] (checked against engine/data/field_catalogue.yaml)")
@click.option("--value", default=None, help="the correct text as it appears in the document")
@click.option("--start", type=int, default=None)
@click.option("--end", type=int, default=None)
@click.option("--delete", is_flag=True, help="the field is wrong: remove it")
@click.option("--reviewer", default=None)
@click.option("--db", default=None)
def correct(task_id: int, field_name: str, value: str | None, start: int | None, end: int | None, delete: bool,
            reviewer: str | None, db: str | None) -> None:
    """Correct one field of a task (then `review pull` merges it into the Records).

    A field without a text span (inferred, e.g. pathology.cancer_type) takes --value as its new
    value, stored without a span and exported as the document's `document_fields`.
    """
    from oncostruct.annotation.queue import EmbeddedBackend
    from oncostruct.annotation.store import GoldStore

    try:
        region = EmbeddedBackend(GoldStore(_settings(db, None, None).db_url)).correct(
            task_id, field_name, start=start, end=end, value=value, delete=delete, annotator=reviewer)
    except OncostructError as exc:
        raise click.ClickException(exc.message) from exc
    new = region["value"].get("text", (region["value"].get("choices") or [""])[0])
    click.echo(f"task {task_id}: {field_name} " + ("deleted" if delete else f"→ {new!r}"))
