"""The ``thp`` application: the Typer app, ``--version``, ``--debug``, and the one
error handler around every command.

Commands live one group to a module beside this one (validate, overlap, report,
history, member, export, imports, schema); this module registers them, in the
order ``thp --help`` lists them. The error handler is entered in one place,
:meth:`App.invoke`, which wraps the dispatch of every command: a ``ThpError`` is
a sentence and exit 2, anything unexpected is "a bug in thp" and exit 3.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from .. import __version__
from ..errors import Flag, error_handler, option_name
from .action import GROUP as ACTION
from .due import COMMANDS as DUE
from .export import GROUP as EXPORT
from .history import COMMANDS as HISTORY
from .imports import GROUP as IMPORT
from .indicator import GROUP as INDICATOR
from .meeting import GROUP as MEETING
from .member import GROUP as MEMBER
from .options import Group, err
from .overlap import COMMANDS as OVERLAP
from .report import GROUP as REPORT
from .schema import COMMANDS as SCHEMA
from .site import GROUP as SITE
from .update import GROUP as UPDATE
from .validate import COMMANDS as VALIDATE
from .work_programme import GROUP as WORK_PROGRAMME

DEBUG = "thp.debug"
"""The key of ``--debug`` in the Typer context's ``meta`` (shared by every command's context)."""
COMMAND = "thp.command"
"""The key of the command being run in the context's ``meta``: its options name flags."""


class CommandGroup(TyperGroup):
    """A group of commands that notes, in the context, which command it runs."""

    def resolve_command(self, ctx: typer.Context, args: list[str]) -> Any:  # type: ignore[override]
        """Find the command ``args`` name, and note it for the error handler."""
        name, command, rest = super().resolve_command(ctx, args)
        ctx.meta[COMMAND] = command
        return name, command, rest


class App(CommandGroup):
    """The root group: every command runs inside the one error handler."""

    def invoke(self, ctx: typer.Context) -> Any:  # type: ignore[override]
        """Run the command the arguments name, mapping exceptions to exit codes."""
        with error_handler(
            lambda: bool(ctx.meta.get(DEBUG)),
            err,
            name=lambda flag: spelled(ctx, flag),
            passing=(typer.TyperException, typer.Exit, typer.Abort),
        ):
            return super().invoke(ctx)


def spelled(ctx: typer.Context, flag: Flag) -> str:
    """``flag`` as the running command spells its option (``--out`` for ``out``);
    a field that is not one of its options is written ``--field-with-hyphens``."""
    command = ctx.meta.get(COMMAND)
    for param in getattr(command, "params", ()):
        if param.name == flag.field:
            longs = [o for o in param.opts if o.startswith("--")]
            if longs:
                return str(longs[0])
    return option_name(flag)


app = typer.Typer(
    name="thp",
    cls=App,
    help=(
        "Run a local strategic partnership's governance as code: boards and their "
        "seats, organisations, the plan's calls to action and the review's "
        "recommendations, kept as YAML under data/."
    ),
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def add_group(group: Group) -> None:
    """Add a group of commands (``thp report``, ``thp member``, ...) to the app."""
    made = typer.Typer(name=group.name, help=group.help, cls=CommandGroup, no_args_is_help=True)
    for name, command in group.commands:
        made.command(name)(command)
    app.add_typer(made)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"thp {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    ctx: typer.Context,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit."),
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show the full traceback if thp itself fails.")
    ] = False,
    no_cache: Annotated[
        bool,
        typer.Option(
            "--no-cache",
            help=(
                "Read and write no cache (.thp-cache/): work everything out afresh. "
                "THP_NO_CACHE=1 does the same."
            ),
        ),
    ] = False,
) -> None:
    """thp: the partnership's governance as code."""
    ctx.meta[DEBUG] = debug
    if no_cache:
        from ..cache import disable

        disable()


for _name, _command in [*VALIDATE, *OVERLAP, *HISTORY, *SCHEMA, *DUE]:
    app.command(_name)(_command)
for _group in (REPORT, SITE, MEMBER, WORK_PROGRAMME, UPDATE, ACTION, INDICATOR, EXPORT, IMPORT):
    add_group(_group)
add_group(MEETING)
