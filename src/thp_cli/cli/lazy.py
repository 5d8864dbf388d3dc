"""The command tree, built lazily: a command becomes a Click command only when it is
looked up (to run it, show its help or complete it), so ``thp --help`` turns no
command's signature into Click and imports no command's module.

:class:`Entry` names where a command lives and the first sentence of its help, which
is all ``thp --help`` shows of it (Click shortens a command's help to its first
sentence at most). tests/cli/test_lazy.py checks that every entry's sentence is what
the built command would show, at every width, so the two cannot drift apart.

:func:`quicken` lets the commands' options be converted without importing pydantic
(Typer's own conversion builds a pydantic adapter for every option), so a run whose
answer thp remembers starts no heavier than ``thp --help``.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, MutableMapping
from typing import Any, Literal, NamedTuple, get_args, get_origin

import typer
from typer.core import TyperCommand


class Entry(NamedTuple):
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


def quicken() -> None:
    """Convert option values that are strings, choices of strings, flags, numbers already
    numbers (defaults) or paths read by thp's own parser without pydantic (done once,
    before any command runs).

    Typer converts every option's value through a pydantic adapter, and building the first
    one imports pydantic (about 50 ms), which a run whose answer is remembered needs for
    nothing else. The quick conversion gives what the adapter would for every value it
    accepts; any other value (a choice not offered, text that is not UTF-8, a path the
    parser refuses) goes to Typer's own conversion, so every refusal is Typer's, word for word.
    """
    quick = _quick_class()
    parameter = getattr(typer.core, "_TyperParameter", None)
    if quick is None or parameter is None or getattr(parameter, "_thp_quick", False):
        return
    typer_own = parameter.get_runtime_param

    def get_runtime_param(self: Any) -> Any:
        if self._runtime_param is None:
            try:
                descriptor = self.type_descriptor
                convert = _converter(descriptor.annotation, descriptor.parameter_info)
                if convert is not None and descriptor.file_annotation is None:
                    self._runtime_param = quick(descriptor.parameter_info, descriptor.annotation, convert)
            except Exception:  # noqa: BLE001 - a Typer shaped otherwise: its own conversion
                self._runtime_param = None
        return typer_own(self)

    parameter.get_runtime_param = get_runtime_param
    parameter._thp_quick = True


def _converter(annotation: Any, info: Any) -> Callable[[Any, Any], Any] | None:
    """The quick conversion of a value of ``annotation``: it raises on any value it leaves to Typer."""
    parser = getattr(info, "parser", None)
    if parser is not None:
        return lambda value, ctx: parser(value)
    if annotation is str:
        return lambda value, ctx: _utf8(value)
    if annotation is bool:
        return lambda value, ctx: _exactly(value, bool)
    if annotation in (int, float):  # a default, say: a value typed goes to Typer
        low, high = getattr(info, "min", None), getattr(info, "max", None)
        return lambda value, ctx: _within(_exactly(value, annotation), low, high)
    if get_origin(annotation) is Literal and all(isinstance(c, str) for c in get_args(annotation)):
        from typer._param_types import coerce_cli_choice

        choices = get_args(annotation)
        case_sensitive = bool(getattr(info, "case_sensitive", True))
        return lambda value, ctx: coerce_cli_choice(
            _utf8(value), choices=choices, case_sensitive=case_sensitive, ctx=ctx
        )
    return None


def _utf8(value: Any) -> str:
    """``value`` if it is a string pydantic takes as it is (one that UTF-8 can encode), else ValueError."""
    if not isinstance(value, str) or not (value.isascii() or _encodes(value)):
        raise ValueError(value)
    return value


def _exactly(value: Any, kind: type) -> Any:
    """``value`` if it is a ``kind`` already (which the adapter gives back as it is), else ValueError."""
    if type(value) is not kind:
        raise ValueError(value)
    return value


def _within(value: Any, low: Any, high: Any) -> Any:
    """``value`` if it is within the option's bounds (where it needs no clamping), else ValueError."""
    if (low is not None and value < low) or (high is not None and value > high):
        raise ValueError(value)
    return value


def _encodes(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _quick_class() -> Any:
    """The runtime conversion class of :func:`quicken`, or None if Typer has no such hook."""
    try:
        from typer._coercion import RuntimeParam, build_runtime_param
    except ImportError:  # another Typer: its own conversion is used
        return None

    class Quick(RuntimeParam):  # not made a dataclass: that costs a millisecond of every start
        convert: Callable[[Any, Any], Any]

        def __init__(self, parameter_info: Any, annotation: Any, convert: Callable[[Any, Any], Any]) -> None:
            object.__setattr__(self, "parameter_info", parameter_info)  # frozen, as its base
            object.__setattr__(self, "annotation", annotation)
            object.__setattr__(self, "convert", convert)

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            try:
                return self.convert(value, ctx)
            except Exception:  # noqa: BLE001 - a value it does not take: Typer's conversion decides
                real = build_runtime_param(param.type_descriptor)
                return real._coerce_value(value, param=param, ctx=ctx)

    return Quick


def _nothing() -> None:
    """The throwaway app's callback: it makes the app a group, as thp's is."""
