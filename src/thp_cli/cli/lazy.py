"""The command tree, built lazily: a command becomes a Click command only when it is
looked up (to run it, show its help or complete it), so ``thp --help`` turns no
command's signature into Click and imports no command's module.

:class:`Entry` names where a command lives and the first sentence of its help, which
is all ``thp --help`` shows of it (Click shortens a command's help to its first
sentence at most). tests/cli/test_lazy.py checks that every entry's sentence is what
the built command would show, at every width, so the two cannot drift apart.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, MutableMapping
from dataclasses import dataclass
from typing import Any

import typer
from typer.core import TyperCommand


@dataclass(frozen=True)
class Entry:
    """A command of ``thp``: its name, the module (under ``thp_cli.cli``) that defines it,
    whether it is a group of commands, and the first sentence of its help."""

    name: str
    module: str
    group: bool
    summary: str


class LazyCommands(MutableMapping[str, Any]):
    """A group's commands by name, in order, each built by ``build`` the first time it is
    looked up. Iterating gives the names without building anything."""

    def __init__(self, entries: list[Entry], build: Callable[[Entry], Any]) -> None:
        self._entries = {entry.name: entry for entry in entries}
        self._build = build
        self._built: dict[str, Any] = {}
        self._order = list(self._entries)

    def __getitem__(self, name: str) -> Any:
        if name not in self._built:
            entry = self._entries[name]  # KeyError for a name that is not a command
            self._built[name] = self._build(entry)
        return self._built[name]

    def __setitem__(self, name: str, command: Any) -> None:
        if name not in self._order:
            self._order.append(name)
        self._built[name] = command

    def __delitem__(self, name: str) -> None:
        self._order.remove(name)
        self._built.pop(name, None)
        self._entries.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._order))

    def __len__(self) -> int:
        return len(self._order)

    def __contains__(self, name: object) -> bool:
        return name in self._order

    def listed(self, name: str) -> Any:
        """The command as a listing shows it: the built command if it has been built,
        else a stand-in holding its name and the first sentence of its help."""
        if name in self._built:
            return self._built[name]
        return TyperCommand(name=name, help=self._entries[name].summary)


def build(entry: Entry, make: Callable[[typer.Typer, Any], None]) -> Any:
    """The Click command of ``entry``, made by Typer exactly as it would be were the
    command registered on the app (same parent settings, same conversion): a throwaway
    app with the app's settings gets this one command, and the command is taken from it.
    ``make(app, module)`` registers the command on that throwaway app."""
    from .options import Commands

    module = importlib.import_module(f"thp_cli.cli.{entry.module}")
    holder = typer.Typer(rich_markup_mode=None, pretty_exceptions_enable=False, add_completion=False)
    holder.callback()(_nothing)
    if entry.group:
        make(holder, module.GROUP)
    else:
        commands: Commands = module.COMMANDS
        holder.command(entry.name)(dict(commands)[entry.name])
    return typer.main.get_command(holder).commands[entry.name]  # type: ignore[attr-defined]


def _nothing() -> None:
    """The throwaway app's callback: it makes the app a group, as thp's is."""
