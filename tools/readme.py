"""Regenerate the README's generated sections: the rule table and the CLI reference.

python tools/readme.py          # rewrite README.md in place
python tools/readme.py --check  # exit 1 if README.md is stale (the tests do this too)
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"
TOUR = [
    "validate",
    "overlap",
    "report",
    "site",
    "diff",
    "history",
    "rules",
    "schema",
    "init",
    "member",
    "meeting",
    "due",
    "work-programme",
    "update",
    "action",
    "indicator",
    "export",
]
TOUR_WITHIN = {"member": ["add", "set"], "meeting": ["add", "set"]}
"""The order the README's tour takes: these commands (and, within a group, these
subcommands) first, in this order; the rest follow in the Click tree's own order. The
lists decide the order, never which commands are there: that comes from the tree."""


def commands() -> list[list[str]]:
    """Every command of ``thp``, as the words that run it: the app itself, then each
    command that is not a group, walked from the Click tree, in the tour's order."""
    import typer

    from thp_cli.cli.app import app

    found: list[list[str]] = []

    def walk(command: object, path: list[str]) -> None:
        subcommands = getattr(command, "commands", None)
        if subcommands is None:
            found.append(path)
            return
        for name, sub in subcommands.items():
            walk(sub, [*path, name])

    walk(typer.main.get_command(app), [])

    def rank(name: str, order: list[str]) -> int:
        return order.index(name) if name in order else len(order)

    def place(path: list[str]) -> tuple[int, int]:
        within = rank(path[1], TOUR_WITHIN.get(path[0], [])) if len(path) > 1 else 0
        return rank(path[0], TOUR), within

    return [[], *sorted(found, key=place)]


def cli_reference() -> str:
    from typer.testing import CliRunner

    from thp_cli.cli.app import app

    runner = CliRunner()
    parts = []
    for command in commands():
        result = runner.invoke(
            app,
            [*command, "--help"],
            env={"COLUMNS": "88", "NO_COLOR": "1"},
            terminal_width=88,
            prog_name="thp",
        )
        title = " ".join(["thp", *command])
        parts.append(f"### `{title}`\n\n```text\n{result.output.rstrip()}\n```\n")
    return "\n".join(parts)


def rules_table() -> str:
    from thp_cli.catalogue_output import render_rules

    return render_rules("markdown")


PACKAGE = Path(__file__).resolve().parent.parent / "src" / "thp_cli"


def _summary(path: Path) -> str:
    """The first sentence of a module's docstring, on one line."""
    import ast

    doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
    first = " ".join(doc.split("\n\n")[0].split())
    first = re.sub(r":[a-z]+:`~?\.?([^`]+)`", r"`\1`", first).replace("``", "`")
    return first.replace("|", "\\|")


def code_map() -> str:
    """Every folder and module of ``src/thp_cli``, each with the first sentence of its docstring:
    the map a newcomer reads first, made from the code so it cannot go stale."""
    rows = ["| where | what it does |", "|---|---|"]
    top = sorted(p for p in PACKAGE.glob("*.py") if p.name not in {"__init__.py", "__main__.py"})
    for path in top:
        rows.append(f"| `{path.name}` | {_summary(path)} |")
    for folder in sorted(p for p in PACKAGE.iterdir() if (p / "__init__.py").exists()):
        rows.append(f"| **`{folder.name}/`** | {_summary(folder / '__init__.py')} |")
        for path in sorted(folder.glob("*.py")):
            if path.name != "__init__.py":
                rows.append(f"| `{folder.name}/{path.name}` | {_summary(path)} |")
    return "\n".join(rows) + "\n"


SECTIONS = {"rules": rules_table, "cli": cli_reference, "code": code_map}


def render(text: str) -> str:
    for name, make in SECTIONS.items():
        pattern = re.compile(rf"(<!-- generated:{name} -->\n).*?(<!-- /generated:{name} -->)", re.DOTALL)
        if not pattern.search(text):
            raise SystemExit(f"README.md has no <!-- generated:{name} --> section")
        text = pattern.sub(lambda m, body=make(): m.group(1) + body + m.group(2), text)
    return text


def main() -> int:
    current = README.read_text(encoding="utf-8")
    fresh = render(current)
    if "--check" in sys.argv[1:]:
        if fresh != current:
            print("README.md is stale: run python tools/readme.py")
            return 1
        return 0
    README.write_text(fresh, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
