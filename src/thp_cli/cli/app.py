"""The ``thp`` application: the Typer app, ``--version``, ``--debug``, and the one
error handler around every command.

Commands live one group to a module beside this one (validate, overlap, report,
history, member, export, imports, schema); this module lists them in :data:`COMMANDS`,
in the order ``thp --help`` lists them, and each is imported and turned into a Click
command only when it is looked up (see :mod:`.lazy`). The error handler is entered in one place,
:meth:`App.invoke`, which wraps the dispatch of every command: a ``ThpError`` is
a sentence and exit 2, anything unexpected is "a bug in thp" and exit 3.
"""

from __future__ import annotations

import os
from gettext import gettext
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

from .. import __version__
from .lazy import Entry, LazyCommands, build, quicken

if TYPE_CHECKING:
    from ..errors import Flag
    from .options import Group

quicken()  # option values converted without importing pydantic (see :func:`.lazy.quicken`)

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


COMMANDS = [
    Entry("validate", "validate", False,
          "Check every file under data/ and report each problem with its file, line and column."),
    Entry("rules", "validate", False,
          "List every rule thp checks: its id, default severity, and where it comes from."),
    Entry("overlap", "overlap", False,
          "Find duplicate and overlapping boards, and the seats that hold the partnership together."),
    Entry("diff", "history", False,
          "Say what a change does to the partnership: seats added, removed and changed on each "
          "board, boards added, removed or closed, recommendations whose owner or senior "
          "responsible officer changed, and their actions whose status, dates or owners changed, "
          "between two git revisions."),
    Entry("history", "history", False,
          "When each seat was added, changed or removed, with the commit, its date and its "
          "author's name (never an email), oldest first."),
    Entry("schema", "schema", False,
          "Write the JSON Schema of each kind of data file (partnership, calls_to_action, "
          "organisations, people, board, recommendation, indicator), for editors that check "
          "YAML as you type."),
    Entry("init", "schema", False,
          "Make a new partnership repository that passes thp validate at once: data/ with an "
          "example call to action, organisation and top board; schemas/ with a modeline in each "
          "data file; a GitHub Actions workflow (for a default branch named main or master); a "
          "pre-commit hook; a README for officers on boards, seats, people and thp member."),
    Entry("due", "due", False,
          "List what is owed, overdue first then by date: work programmes, yearly updates, the "
          "review's actions past or near their timescale and not done, agendas of planned "
          "meetings (agenda_days_before clear days before, default 5), minutes of held meetings "
          "(minutes_days_after days after, default 28), planned meetings whose date has passed, "
          "seats whose term ends, seats whose term is renewed (since plus term_months), "
          "task-and-finish groups past their end, a new value for each indicator of the plan, 12 "
          "months after its latest, and the day an elected member's six months under section 85 "
          "of the Local Government Act 1972 would end, counted from the last meeting of the "
          "partnership they were recorded present at."),
    Entry("report", "report", True, "Write the partnership's reports from its data."),
    Entry("site", "site", True, "Build the partnership's website from its data."),
    Entry("member", "member", True,
          "Add, change or remove a seat on a board; comments and layout of the file are kept."),
    Entry("work-programme", "work_programme", True, "Record a board's published work programme."),
    Entry("update", "update", True, "Add a board's yearly update."),
    Entry("action", "action", True, "Record the progress of a recommendation's action."),
    Entry("indicator", "indicator", True, "Record the values of the plan's indicators."),
    Entry("export", "export", True,
          "Write the partnership out for spreadsheets, open data (Popolo) and calendars."),
    Entry("import", "imports", True,
          "Read an edited spreadsheet (seats, meetings, the tracker, indicators' values), a "
          "meeting's attendance sheet, or meetings saved from ModernGov, back into the data "
          "files."),
    Entry("meeting", "meeting", True,
          "Add, change or remove a board's meeting; comments and layout of the file are kept."),
]  # fmt: skip
"""Every command and group of ``thp``, in the order ``thp --help`` lists them, with the
first sentence of its help (the most ``thp --help`` shows of it)."""


class App(CommandGroup):
    """The root group: every command runs inside the one error handler. Its commands
    are :data:`COMMANDS`, each built when it is first looked up."""

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        self.commands = LazyCommands(COMMANDS, lambda entry: build(entry, add_group))

    def format_commands(self, ctx: typer.Context, formatter: Any) -> None:  # type: ignore[override]
        """List the commands as Click does, from their summaries: building each command
        just to show one line of its help is what made ``thp --help`` slow."""
        commands = self.commands
        assert isinstance(commands, LazyCommands)
        shown = [(name, commands.listed(name)) for name in commands]
        rows = [(name, command) for name, command in shown if not command.hidden]
        if rows:
            limit = formatter.width - 6 - max(len(name) for name, _ in rows)
            with formatter.section(gettext("Commands")):
                formatter.write_dl([(name, command.get_short_help_str(limit)) for name, command in rows])

    def invoke(self, ctx: typer.Context) -> Any:  # type: ignore[override]
        """Run the command the arguments name, mapping exceptions to exit codes."""
        from ..errors import error_handler  # here, not at the top: ``thp --help`` never needs it
        from .options import err

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
    from ..errors import option_name

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


def run() -> None:
    """``thp`` run as a program (its console script, ``python -m thp_cli``): the app, and the
    process ends with it (:func:`thp_cli.ending.ending`: a command may leave what it loaded to the
    end of the process, not free it object by object first)."""
    from ..ending import ending

    # thp as a program runs no pydantic plugin (they observe validation, for services): not
    # looking for any spares every run importing importlib.metadata and scanning every installed
    # package's entry points. A setting of the user's own stands.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    if not _the_program():
        app(prog_name="thp")
        return
    with ending():
        app(prog_name="thp")


def _the_program() -> bool:
    """Whether this process is thp itself (the ``thp`` console script, or ``python -m thp_cli``),
    with nothing around it that lives on after thp (a debugger, ``python -i``, another program
    running thp's code): only then may thp end the process at once."""
    import os
    import sys

    if sys.flags.inspect or os.environ.get("PYTHONINSPECT") or "bdb" in sys.modules:
        return False
    main = sys.modules.get("__main__")
    spec = getattr(main, "__spec__", None)
    if spec is not None and spec.name == f"{__package__.rpartition('.')[0]}.__main__":
        return True  # python -m thp_cli
    return getattr(main, "run", None) is run  # the console script: from thp_cli.cli.app import run


def add_group(parent: typer.Typer, group: Group) -> None:
    """Add a group of commands (``thp report``, ``thp member``, ...) to ``parent``."""
    made = typer.Typer(name=group.name, help=group.help, cls=CommandGroup, no_args_is_help=True)
    for name, command in group.commands:
        made.command(name)(command)
    parent.add_typer(made)


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
