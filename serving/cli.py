"""``oncostruct serve``: run the REST API under uvicorn."""
from __future__ import annotations

import os

import click


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="address to bind")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="port to bind")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help="server processes; each loads the models once")
@click.option("--db", "db_url", default=None, help="SQLAlchemy URL of the store (ONCOSTRUCT_DB_URL); "
                                                    "give a file database when --workers > 1")
@click.option("--log-level", default="info", show_default=True,
              type=click.Choice(["critical", "error", "warning", "info", "debug"]))
def serve(host: str, port: int, workers: int, db_url: str | None, log_level: str) -> None:
    """Serve the REST API (POST /v1/extract, /v1/jobs, /metrics, OpenAPI at /docs). Keys: ONCOSTRUCT_API_KEYS."""
    import uvicorn

    if db_url:
        os.environ["ONCOSTRUCT_DB_URL"] = db_url  # worker processes read it from the environment
    if workers > 1 and not (db_url or os.environ.get("ONCOSTRUCT_DB_URL")):
        click.echo("warning: with --workers > 1 and no --db, each worker keeps its own in-memory jobs and records",
                   err=True)
    uvicorn.run("oncostruct.serving.main:create_app", factory=True, host=host, port=port, workers=workers, log_level=log_level)
