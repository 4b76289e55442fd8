"""What every ``oncostruct`` command shares: exit codes, one-line errors, lazily imported subcommands."""
from __future__ import annotations

import importlib
import sys
import traceback
from importlib import resources
from pathlib import Path
from typing import Any

import click

from oncostruct.engine.errors import OncostructError
from oncostruct.engine.ingest import safe_name

EXIT_OK = 0
EXIT_INTERNAL = 1  # an unexpected error (a bug): one line, the traceback with -v
EXIT_BAD_INPUT = 2  # bad input or usage (click's own usage errors exit 2 too)
EXIT_SOME_FAILED = 3  # batch/run: some documents failed (see OUT/errors.jsonl); 0 with --allow-failures


def fail(exc: OncostructError) -> None:
    """Print ``error [CODE]: message`` and exit 2."""
    click.echo(f"error [{exc.code}]: {exc.message}", err=True)
    sys.exit(EXIT_BAD_INPUT)


class LazyGroup(click.Group):
    """A group whose commands from other packages are imported on first use, and whose every
    command exits with the same codes: 2 and one clear line on bad input, 1 on a bug."""

    def __init__(self, *args: Any, lazy_commands: dict[str, str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy_commands = dict(lazy_commands or {})

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy_commands})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in self.lazy_commands and name not in self.commands:
            module, _, attr = self.lazy_commands[name].partition(":")
            self.add_command(getattr(importlib.import_module(module), attr), name)
        return super().get_command(ctx, name)

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except OncostructError as exc:
            fail(exc)
        except OSError as exc:  # unreadable input, unwritable output folder ...
            where = f": {safe_name(exc.filename)}" if exc.filename else ""
            click.echo(f"error [E100]: {exc.strerror or exc}{where}", err=True)
            sys.exit(EXIT_BAD_INPUT)
        except (click.exceptions.Exit, click.ClickException, SystemExit, KeyboardInterrupt):
            raise
        except Exception as exc:  # noqa: BLE001 - a bug: one line for users, the traceback with -v
            if ctx.params.get("verbose"):
                traceback.print_exc()
            click.echo(f"internal error: {type(exc).__name__}: {safe_name(str(exc))} (run with -v for the traceback)",
                       err=True)
            sys.exit(EXIT_INTERNAL)
        return None


def samples_dir() -> Path:
    """The bundled sample documents (shipped as package data)."""
    return Path(str(resources.files("oncostruct.engine").joinpath("samples")))
