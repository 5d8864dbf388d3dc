"""``thp init``: a new partnership repository that validates from its first commit.

The repository is built in a hidden folder beside the target and renamed into
place in one step, so a failure part-way leaves nothing behind, and a folder
that already holds anything is refused before a byte is written.
"""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from . import __version__
from .errors import Flag, ThpError
from .text import clean

WORKFLOW = ".github/workflows/thp.yml"
MAX_NAME = 200
"""The longest partnership name thp init writes, in characters."""
_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9 ,.'&()/-]*\Z")


@dataclass(frozen=True)
class Created:
    """What ``thp init`` made."""

    folder: Path
    name: str
    files: list[str]  # relative paths, sorted
    in_git: bool = False  # the folder was already a git repository (a fresh clone)

    def lines(self) -> list[str]:
        """What to tell the user: what was made, and the commands to run next."""
        shown = clean(self.folder.as_posix(), 300)
        start = "" if self.in_git else "git init && "
        return [
            f"made {self.name} in {shown}: {len(self.files)} files",
            *(f"  {f}" for f in self.files),
            "next:",
            f"  cd {shown} && {start}git add . && git commit -m 'Start the partnership repository'",
            "  thp validate",
            "then edit data/ (see README.md) and push to GitHub: thp validate runs on every pull "
            "request and every push to the default branch",
            "to publish the website on each push that validates, switch on GitHub Pages once: "
            "Settings -> Pages -> Source: GitHub Actions",
        ]


def default_name(folder: Path) -> str:
    """``hackney-partnership`` -> ``Hackney Partnership``."""
    words = re.sub(r"[-_.]+", " ", folder.resolve().name).strip()
    return words.title() if words else "New Partnership"


def _yaml_text(value: str) -> str:
    """A YAML scalar for ``value``: plain when that is safe, else double-quoted (JSON is YAML)."""
    return value if _PLAIN.match(value) else json.dumps(value, ensure_ascii=False)


def _check_name(name: str, given: bool) -> str:
    """The partnership's name, stripped; ThpError naming where it came from (the ``name``
    option, or DIR's folder name when no name was given) and what is wrong with it."""
    what: tuple[str | Flag, ...] = (
        (Flag("name"),) if given else (f"the name made from DIR's folder name ('{clean(name, 60)}')",)
    )
    fix: tuple[str | Flag, ...] = () if given else ("; give the partnership's name with ", Flag("name"))
    name = name.strip()
    if not name:
        raise ThpError(
            Flag("name"),
            " is empty; give the partnership's name, for example ",
            Flag("name"),
            " 'Hackney Partnership'",
        )
    if clean(name, len(name)) != name:
        raise ThpError(
            *what,
            " has a control character in it (such as a line break, a tab or a "
            "right-to-left mark); a name is one line of plain text",
            *fix,
        )
    if len(name) > MAX_NAME:
        raise ThpError(*what, f" is {len(name)} characters long; a name has at most {MAX_NAME}", *fix)
    return name


def _check_folder(folder: Path) -> None:
    """ThpError, naming DIR and saying why, if thp init cannot make its repository there."""
    text = str(folder)
    shown = clean(text, 200)
    if clean(text, len(text)) != text:
        raise ThpError(
            f"DIR '{shown}' has a control character in it (such as a line break or a tab); "
            "choose a folder name without one"
        )
    new = (
        "thp init makes a partnership repository in a new or empty folder, or in a fresh "
        "clone (a folder holding only .git)"
    )
    # os.path's tests, not Path's: they answer False for a name the system refuses (too long)
    if os.path.islink(folder):
        raise ThpError(f"DIR {shown} is a symbolic link; {new}: give that folder's own path")
    if os.path.lexists(folder) and not os.path.isdir(folder):
        raise ThpError(f"DIR {shown} is a file, not a folder; {new}")
    try:
        full = os.path.isdir(folder) and any(entry.name != ".git" for entry in folder.iterdir())
    except OSError as error:
        raise ThpError(f"DIR {shown} cannot be read: {error.strerror or error}") from None
    if full:
        raise ThpError(f"DIR {shown} is not empty; {new}")
    for parent in Path(os.path.abspath(folder)).parents:  # the nearest that exists must be a folder
        if os.path.isdir(parent):
            break
        if os.path.lexists(parent):
            raise ThpError(f"DIR {shown} cannot be made: {clean(str(parent), 200)} is a file, not a folder")


def _modeline(kind: str, depth: int) -> str:
    from .schema.modelines import MODELINE_PREFIX

    return f"{MODELINE_PREFIX}{'../' * depth}schemas/{kind}.schema.json\n"


_EXAMPLE_INDICATOR = """# An example indicator, to show the form: thp validate warns until its title is
# replaced. One file per indicator, named after its id; copy this file for each one.
id: example-indicator
title: Replace this with what the indicator measures, such as overcrowded households
calls_to_action: [1]       # the calls it measures; and/or actions: ["1.1"]
owner: partnership-board   # the board accountable for it
unit: percent              # percent, count, rate-per-1000, gbp, days or score
direction: down            # up or down: which way is better
baseline: {date: 2025-03, value: 16.4}
target: {date: 2030-03, value: 12.0}
# milestones:              # optional interim targets
#   - {date: 2027-03, value: 14.5}
values: []                 # oldest first: thp indicator record ID --date YYYY-MM --value N
sources:
  - title: Replace this with the paper the figures come from
"""
"""An indicator for the partnership to replace: its title a placeholder, so it is never stale
nor owed a value (duties.is_example) until it is the partnership's own."""


def _data_files(name: str) -> dict[str, str]:
    quoted = _yaml_text(name)
    board = _yaml_text(f"{name} Board")
    return {
        "data/partnership.yaml": _modeline("partnership", 1)
        + f"""# The partnership itself. schemas/partnership.schema.json describes every field.
name: {quoted}
vision: Replace this with the partnership's vision, in a sentence
plan:
  title: Replace this with the partnership plan's title
  # start: 2025-04     # a month (YYYY-MM) or a date (YYYY-MM-DD)
  # end: 2030-03
# The duties your own papers set; thp checks only those you set here.
# terms_of_reference:
#   title: Replace this with your terms of reference's title
#   applies_from: 2025-04     # duties count from this month or date
# work_programme_due: "MM-DD" # the day each year every group publishes its work programme
# annual_update_to: board-id  # the board that thematic boards update at least once a year
# agenda_days_before: 5       # thp due: clear days before a meeting its agenda is due
# minutes_days_after: 28      # thp due: days after a meeting its minutes are due
# co_chairing:                # boards to be co-chaired by an elected member and a partner
#   kinds: [executive, thematic-board]
#   source: Replace this with the paper that asks for it
sources:
  - title: Replace this with the paper these facts come from, such as the terms of reference
""",
        "data/calls_to_action.yaml": _modeline("calls_to_action", 1)
        + """# The plan's calls to action, numbered from 1, and their actions.
calls_to_action:
  - number: 1
    title: Replace this with the plan's first call to action
    actions:
      - number: "1.1"   # always in quotes: unquoted 1.10 would read as 1.1
        title: Replace this with the call's first action
""",
        "data/organisations.yaml": _modeline("organisations", 1)
        + """# Every organisation that holds a seat on a board.
# sector: council, health, police, fire, probation, education, business, vcs,
# faith, housing, government or community.
organisations:
  - id: council
    name: Replace this with the council's full name
    sector: council
""",
        "data/boards/partnership-board.yaml": _modeline("board", 2)
        + f"""# The top board: the only one that reports to no other. One file per board,
# named after its id; copy this file to add a board.
id: partnership-board
name: {board}
kind: partnership-board
reports_to: []
status: active
meets: quarterly
calls_to_action: [1]
members:
  - role: Replace this with the chair's role, as the terms of reference list it
    organisation: council
    position: chair
    # elected_member: true   # when an elected councillor or the Mayor holds the seat
    # person: person-0001    # when the partnership names who holds it (an id in people.yaml)
# meetings:
#   - date: 2025-01-15
#     status: held
#     minutes: https://example.org/minutes
""",
        "data/indicators/example-indicator.yaml": _modeline("indicator", 2) + _EXAMPLE_INDICATOR,
    }


def _readme(name: str) -> str:
    """The new repository's README; the name is Markdown text, so no markup, HTML, link or
    @mention can come from it (:func:`templating.md_escape`)."""
    from .templating import md_escape

    name = md_escape(name)
    return _readme_intro(name) + _README_EDITING + _README_CHECKS


def _readme_intro(name: str) -> str:
    """The README's title and what is in ``data/``, naming the partnership (Markdown-escaped)."""
    return f"""# {name}: governance as code

This repository holds the {name}'s boards, their seats, the organisations
that hold them and the plan's calls to action, as YAML files under `data/`.
thp (the Python package thp-cli) checks them.

## What is in `data/`

- `partnership.yaml`: the partnership itself, its plan and the papers its
  facts come from (`sources:`).
- `calls_to_action.yaml`: the plan's calls to action and their actions.
- `organisations.yaml`: every organisation that holds a seat, with an `id`
  the boards use.
- `boards/`: one file per **board** (a partnership board, an executive, a
  thematic board...), named after its `id`: what it is, whom it reports to
  (`reports_to`), its meetings, and its **seats** under `members:`.
- A **seat** is a role on a board, as the board's terms of reference list it
  (for example a cabinet member or a chief executive), held by an
  organisation: `role`, `organisation`, `position` (chair, co-chair,
  vice-chair, member, adviser or secretariat), and optionally
  `elected_member: true`, `since` and `until` dates, and `person`.
- `people.yaml` (optional): the **people** the partnership chooses to name,
  each with an `id` and a `name`. A seat names its holder with
  `person: <id>`. Anything under a person's `contact:` is private: thp never
  puts it in a report, an export or its output.

Values that begin "Replace this with" are placeholders `thp init` wrote:
`thp validate` warns about each one (rule `placeholder`) until it is replaced
with the partnership's own.

"""


_README_EDITING = """## Change a seat with `thp member`

`thp member` edits a board's seats for you, keeps the rest of the file as it
was, and refuses a change that would bring in an error:

```sh
thp member add partnership-board --role "Chief Executive" --organisation council
thp member set partnership-board --role "Chief Executive" --organisation council --position vice-chair
```

`thp member add --help` lists every option (`--position`,
`--elected-member`, `--since`, `--until`...); `thp member set --help` lists
what can change (`--new-role`, `--new-person`, `--since`...).

To name who holds a seat, first list the person in `data/people.yaml`
(create the file if it is not there yet), then give the seat their `id`:

```yaml
# data/people.yaml
people:
  - id: person-0001
    name: Replace this with the person's name, as the partnership may publish it
```

```sh
thp member set partnership-board --role "Chief Executive" --organisation council --new-person person-0001
thp member remove partnership-board --person person-0001
```

A seat is named either by `--person` or by `--role` and `--organisation`.
When a new person takes a seat, `--since` records the day, so the history and
the annual report say when it changed.

## Change something

1. Edit a file under `data/`: on GitHub, open the file and click the pencil;
   on your computer, VS Code with the Red Hat YAML extension checks each key
   as you type (the first line of every file names its schema in `schemas/`).
   One board per file in `data/boards/`, named after its `id`.
2. Propose the change as a pull request. GitHub runs `thp validate` and marks
   any problem on the line it is on (and which problems the change brought
   in), and says in the job summary what the change does (who joined or left
   which board). Every push to the default branch (`main` or `master`) is
   checked too, and once it passes, the annual report is built.
3. A colleague reviews it and merges it.

## What is owed

`thp due` lists what is overdue and what falls due in the next 60 days (work
programmes, yearly updates, agendas, minutes, seats whose term ends ...), each
with the command that settles it. On the first of each month GitHub keeps one
issue, "Governance to-dos", up to date with the same list, as a checklist.

"""

_README_CHECKS = f"""## Check on your computer

```sh
python3 -m venv .venv && . .venv/bin/activate && pip install thp-cli=={__version__}
thp validate
```

`thp validate` lists every problem with its file, line and column. Optional:
`pip install pre-commit && pre-commit install` runs it before each commit
(see `.pre-commit-config.yaml`).

## Other commands

`thp history` and `thp diff` read the data's git history, so commit the data
first:

```sh
git add -A && git commit -m "The partnership's data"
thp overlap
thp report annual --format html --out annual-report.html
thp history partnership-board
thp diff HEAD
thp site build --out site
thp schema
```

`thp overlap` lists boards that overlap; `thp report annual` writes the annual
report; `thp history partnership-board` says who sat on that board, and
when; `thp diff HEAD` says what your edits since the last commit do (in a
pull request, `thp diff` compares with the default branch); `thp site build`
writes the partnership's website into `site/` (open `site/index.html`). After
upgrading thp, run `thp schema` to refresh `schemas/`.

## The website

On every push to the default branch that passes `thp validate`, GitHub builds
the website (public: no contact details) and publishes it on GitHub Pages.
Switch this on once: Settings -> Pages -> Build and deployment -> Source:
GitHub Actions. The site then appears at `https://OWNER.github.io/REPOSITORY/`.
"""


_GITIGNORE = """.venv/
__pycache__/
*.pyc
.DS_Store
annual-report.html
annual-report.md
site/
"""


def _pre_commit() -> str:
    return """# pre-commit runs thp validate before each commit that changes data/:
#   pip install pre-commit && pre-commit install
# The hook runs the thp installed beside pre-commit (pip install thp-cli).
repos:
  - repo: local
    hooks:
      - id: thp-validate
        name: thp validate
        entry: thp validate
        language: system
        files: ^data/
        types: [yaml]
        pass_filenames: false
        require_serial: true
"""


def _workflow() -> str:
    """This repository's CI workflow, installing thp from PyPI instead of from the checkout."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "scaffold" / "thp.yml", here.parent.parent / WORKFLOW):
        if candidate.is_file():
            text = candidate.read_text(encoding="utf-8")
            break
    else:
        raise ThpError("this installation of thp lacks its workflow file (scaffold/thp.yml): reinstall thp")
    text = re.sub(r"# In a partnership repository of its own[^\n]*\n#[^\n]*pip install \.[^\n]*\n", "", text)
    return re.sub(r"pip install \.$", f"pip install thp-cli=={__version__}", text, flags=re.MULTILINE)


def files(name: str) -> dict[str, str]:
    """Every file of a new partnership repository, by relative path."""
    from .schema.kinds import KINDS, SCHEMA_FOLDER, render

    out = {
        "README.md": _readme(name),
        ".gitignore": _GITIGNORE,
        ".pre-commit-config.yaml": _pre_commit(),
        WORKFLOW: _workflow(),
        **_data_files(name),
    }
    for kind in KINDS:
        out[f"{SCHEMA_FOLDER}/{kind.file_name}"] = render(kind)
    return dict(sorted(out.items()))


def _git_only(folder: Path) -> bool:
    """``folder`` exists and holds ``.git`` (a fresh clone) and, as checked before, nothing else."""
    return os.path.isdir(folder) and os.path.lexists(folder / ".git")


def _move_in(staging: Path, folder: Path) -> None:
    """Move what ``staging`` holds into ``folder`` (empty, or a fresh clone): all of it, or,
    if a move fails, none (what was moved goes back), then OSError."""
    moved: list[str] = []
    try:
        for name in sorted(os.listdir(staging)):
            if os.path.lexists(folder / name):
                raise FileExistsError(errno.EEXIST, "it is no longer empty (apart from any .git)")
            os.rename(staging / name, folder / name)
            moved.append(name)
    except OSError:
        for name in reversed(moved):
            try:
                os.rename(folder / name, staging / name)
            except OSError:
                shutil.rmtree(folder / name, ignore_errors=True)
        raise


def init(folder: Path, name: str | None = None) -> Created:
    """Make a new partnership repository in ``folder``, which must be new, empty, or
    a fresh clone holding only ``.git`` (its files are then added beside ``.git``).

    ThpError, changing nothing, when ``folder`` (DIR) or ``name`` (the name option) will not
    do: the message names the argument and says why.
    """
    _check_folder(folder)
    title = _check_name(name if name is not None else default_name(folder), name is not None)
    contents = files(title)
    in_git = _git_only(folder)
    shown = clean(str(folder), 200)
    parent = folder.resolve().parent
    made: list[Path] = [p for p in (parent, *parent.parents) if not os.path.lexists(p)][::-1]
    try:
        parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".thp-init.", suffix=".tmp", dir=parent))
    except OSError as error:
        _remove_empty(made)
        raise ThpError(f"DIR {shown} cannot be made: {error.strerror or error}") from None
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(staging, 0o777 & ~umask)
        for relative, text in contents.items():
            path = staging / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(text.encode("utf-8"))
        if os.path.isdir(folder):  # empty or a fresh clone, checked above: DIR itself stays
            # (removing it and renaming the staging folder into its place fails for ".", the
            # folder thp runs in, and would leave a shell in that folder in a deleted one)
            _move_in(staging, folder)
            shutil.rmtree(staging, ignore_errors=True)  # empty now
        else:
            os.rename(staging, folder)
    except OSError as error:
        shutil.rmtree(staging, ignore_errors=True)
        _remove_empty(made)
        raise ThpError(f"DIR {shown} cannot be made: {error.strerror or error}") from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        _remove_empty(made)
        raise
    return Created(folder, title, list(contents), in_git)


def _remove_empty(made: list[Path]) -> None:
    """Remove the folders this run made on the way to DIR, deepest first, if still empty."""
    for path in reversed(made):
        try:
            path.rmdir()
        except OSError:
            if os.path.lexists(path):  # not empty (or not removable): nor are the folders above it
                return
