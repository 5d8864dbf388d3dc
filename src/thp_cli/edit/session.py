"""An edit session: one board file read, located, changed as text, checked, and written.

Officers write these files by hand, with their own comments, quoting, blank
lines, line endings and indentation, and review each change as a diff. So an
edit never re-dumps the file: it is located once (:func:`thp_cli.yamlio.locate.locate`)
and changed by a handful of text splices (:mod:`thp_cli.edit.plans`).

Every edit is checked before anything is written: the new text is loaded
with thp's own safe loader and must give exactly the data intended; the
whole partnership, with the edited file in place of the old, must not have an
error that it did not have before (errors already there elsewhere do not
block an unrelated edit); and the file must not have changed on disk since it
was read. The files are then replaced all at once or not at all
(:func:`thp_cli.atomic.write_all`).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar

from ..dataset.load import load_dataset, load_source
from ..dataset.records import Dataset
from ..dataset.source import DiskSource, Entry, data_dir
from ..errors import Flag, ThpError
from ..findings import Finding, Severity
from ..text import clean, did_you_mean
from ..yamlio.bounds import DEFAULT_LIMITS, read_regular
from ..yamlio.emit import Data
from ..yamlio.load import load_text
from ..yamlio.locate import Layout, locate
from ..yamlio.splice import Document, Unusual
from .plans import Edit, list_entries
from .selector import Selector, identity, label, term_said, terms_overlap

T = TypeVar("T")


@dataclass
class Session:
    """One board file being edited, and the partnership it belongs to."""

    root: Path
    dataset: Dataset
    board: str
    file: str  # relative to the root, forward slashes
    original: bytes
    doc: Document
    data: Data
    layout: Layout = field(init=False)

    def __post_init__(self) -> None:
        self.layout = self.planned(lambda: locate(self.doc.body))

    @property
    def named(self) -> str:
        """The board as a message names it: its name, then the id the command was given."""
        located = self.dataset.boards.get(self.board)
        name = located.record.name if located is not None else None
        return clean(f"{name} ({self.board})" if name and name != self.board else self.board, 300)

    @property
    def path(self) -> Path:
        """The board file on disk."""
        return self.root / self.file

    @property
    def seats(self) -> list[Any]:
        """The board's seats, as its file has them now."""
        return list_entries(self.data)

    def unusual(self, why: str) -> ThpError:
        """The refusal to edit a file laid out in a way thp does not edit, ``why`` saying how."""
        return ThpError(
            f"thp cannot edit {self.file} safely: {why}; make this change by hand. Nothing was changed."
        )

    def planned(self, make: Callable[[], T]) -> T:
        """What ``make`` works out from the file; :meth:`unusual` if the file's layout stops it."""
        try:
            return make()
        except Unusual as why:
            raise self.unusual(str(why)) from None

    def find(self, selector: Selector) -> int:
        """The index of the one seat ``selector`` names."""
        selector.check()
        found = [i for i, seat in enumerate(self.seats) if selector.matches(seat)]
        if not found:
            raise ThpError(f"{self.board} has no seat {clean(selector.describe())}{self._hint(selector)}")
        if len(found) > 1:
            seats = [self.seats[i] for i in found]
            options = selector.apart(seats)
            flags = [part for n, flag in enumerate(options) for part in ((" or ", flag) if n else (flag,))]
            which: list[str | Flag] = (
                ["say which with ", *flags, ", or change the file by hand"]
                if options
                else ["they differ in nothing thp member can name: change the file by hand"]
            )
            listed = "".join(f"\n  {label(seat)}" for seat in seats[:10])
            more = f"\n  ... and {len(seats) - 10} more" if len(seats) > 10 else ""
            raise ThpError(
                f"{len(found)} seats on {self.board} are {clean(selector.describe())}; ",
                *which,
                f":{listed}{more}",
            )
        return found[0]

    def _hint(self, selector: Selector) -> str:
        if selector.person is not None:
            return did_you_mean(
                selector.person, [str(s.get("person")) for s in self.seats if isinstance(s, dict)]
            )
        roles = [str(s.get("role")) for s in self.seats if isinstance(s, dict)]
        return did_you_mean(str(selector.role), roles)

    def refuse_duplicate(self, seat: Data, skip: int | None = None) -> None:
        """Refuse a seat the board has already for a day of its term (``skip``: the index of the
        seat being changed): the duplicate-seat rule's judgement. The same seat held again in
        another term, each term with its own since and until, is a seat of its own."""
        mine = identity(seat)
        for index, other in enumerate(self.seats):
            if index != skip and identity(other) == mine and terms_overlap(seat, other):
                if skip is None:
                    twins = sum(identity(s) == mine for s in self.seats)
                    how: list[str | Flag] = [
                        f"To change that seat, use {_set_command(self.board, other, self.seats)} "
                        "with what to change"
                        if twins == 1
                        else "To change one of its terms, edit the file by hand"
                    ]
                    term = term_said(other)
                    if term:  # a seat with no dates holds every day: no other term can be added
                        how += ["; to add another term of it, give ", Flag("since"), " and ", Flag("until")]
                        how.append(" outside this one")
                    raise ThpError(
                        f"{self.board} already has the seat {label(other, ',' if term else '')}{term}; "
                        "nothing was changed. ",
                        *how,
                    )
                raise ThpError(
                    f"{self.board} would then have this seat twice: it is {label(other)}; nothing was changed"
                )

    def after(self, plan: Edit) -> Session:
        """The session as if its file were already ``plan``'s text, for the next edit of the same
        file (check and write the last one with the first session, which has the file as read)."""
        return replace(self, doc=replace(self.doc, body=plan.body), data=plan.data)

    def commit(self, plan: Edit) -> None:
        """Check the planned text and write it, or refuse and change nothing."""
        new = self.checked(plan)
        self._check_partnership(new)
        self.write(new)

    def checked(self, plan: Edit) -> bytes:
        """The planned text as the file's new bytes, once it reads back as the data intended."""
        self._verify(plan)
        return self.doc.encode(plan.body)

    def _verify(self, plan: Edit) -> None:
        before = load_text(self.file, self.doc.body)
        after = load_text(self.file, plan.body)
        if after.data != plan.data or _new(after.findings, before.findings):
            raise self.unusual("the edited text would not read back as intended")

    def _check_partnership(self, new: bytes) -> None:
        refuse_new_errors(self.root, self.dataset, {self.file: new})

    def write(self, new: bytes) -> None:
        """Write the file's new bytes (see :func:`write_files`)."""
        write_files([(self, new)])

    def _unchanged_on_disk(self) -> None:
        try:
            now = read_regular(self.path, DEFAULT_LIMITS.max_bytes + 1)
        except OSError:
            now = None
        if now != self.original:
            raise ThpError(
                f"{self.file} changed on disk while thp was editing it; nothing was changed: "
                "run the command again"
            )


def write_files(edits: list[tuple[Session, bytes]]) -> None:
    """Write each session's file with its new bytes, all of them or none (see
    :func:`thp_cli.atomic.write_all`), once every file is checked to be as it was read;
    ThpError saying truthfully what changed if that cannot be done."""
    from ..atomic import WriteFailed, write_all

    if not edits:
        return
    by_path = {session.path: session for session, _ in edits}

    def unchanged() -> None:
        for session, _ in edits:
            session._unchanged_on_disk()

    try:
        write_all({session.path: new for session, new in edits}, before_replace=unchanged)
    except WriteFailed as failed:
        file = by_path[failed.path].file if failed.path in by_path else str(failed.path)
        if not failed.changed:
            raise ThpError(f"cannot write {file}: {failed.reason}; nothing was changed") from None
        stuck = [by_path[p].file for p in failed.changed if p in by_path]
        others = [s.file for s, _ in edits if s.path not in failed.changed]
        rest = f"; {', '.join(others)} {'is' if len(others) == 1 else 'are'} as before" if others else ""
        raise ThpError(
            f"cannot write {file}: {failed.reason}; thp could not put back "
            f"{', '.join(stuck)}, which {'has its' if len(stuck) == 1 else 'have their'} new content{rest}: "
            "check them with git diff"
        ) from None


def _set_command(board: str, seat: Data, seats: Sequence[Any] = ()) -> str:
    """The ``thp member set`` command that names ``seat``, quoted for a shell: by its person,
    with its role (and organisation) too where the person holds another of ``seats``."""
    import shlex

    options = {key: seat.get(key) for key in ("person", "role", "organisation")}
    ways: tuple[tuple[str, ...], ...] = (("person",), ("person", "role"), ("person", "role", "organisation"))
    if not seat.get("person"):
        ways = (("role", "organisation"),)
    for keys in ways:
        chosen = {key: str(options[key] or "") for key in keys}
        if sum(Selector(**chosen).matches(s) for s in seats) <= 1:
            break
    named = [part for key, value in chosen.items() for part in (f"--{key}", value)]
    return clean(shlex.join(["thp", "member", "set", board, *named]), 500)


def _count(n: int) -> str:
    return "an error it does not have now" if n == 1 else f"{n} errors it does not have now"


def _new(
    after: list[Finding], before: list[Finding], relevant: Callable[[Finding], bool] = lambda f: True
) -> list[Finding]:
    """Findings of ``after`` that ``before`` lacks, matched by file, rule and message (lines move)."""

    def key(f: Finding) -> tuple[str, str, str]:
        return (f.file, f.rule, f.message)

    left = Counter(key(f) for f in before if relevant(f))
    out = []
    for finding in after:
        if not relevant(finding):
            continue
        if left[key(finding)] > 0:
            left[key(finding)] -= 1
        else:
            out.append(finding)
    return out


def refuse_new_errors(root: Path, dataset: Dataset, files: dict[str, bytes]) -> None:
    """ThpError if the partnership, with ``files`` (path -> new bytes) in place of the files on
    disk, would have an error that ``dataset`` (as loaded from disk) does not have."""
    from ..validate import run_checks

    today = dt.date.today()
    before = run_checks(dataset, today)
    after = run_checks(load_source(root, Overlay(root, files)), today)
    added = _new(after, before, lambda f: f.severity is Severity.ERROR)
    if added:
        shown = "\n".join(f"  {f.file}:{f.line}:{f.column}  {f.message}  {f.rule}" for f in added[:5])
        more = f"\n  ... and {len(added) - 5} more" if len(added) > 5 else ""
        raise ThpError(
            f"nothing was changed: the change would bring in {_count(len(added))} "
            f"(lines as the file would be):\n{shown}{more}"
        )


class Overlay:
    """The disk, but with some files' new bytes in place of their old ones (a ``dataset.DataSource``)."""

    def __init__(self, root: Path, files: dict[str, bytes]) -> None:
        self.disk = DiskSource(root)
        self.files = files

    def entry(self, path: str) -> Entry | None:
        """What is at ``path``: a file of the new bytes' size where it is one of ``files``."""
        new = self.files.get(path)
        return Entry("file", len(new)) if new is not None else self.disk.entry(path)

    def names(self, folder: str) -> list[str]:
        """The names in ``folder``, as on disk."""
        return self.disk.names(folder)

    def read(self, path: str, limit: int) -> bytes:
        """At most ``limit`` bytes of ``path``: its new bytes where it is one of ``files``."""
        new = self.files.get(path)
        return new[:limit] if new is not None else self.disk.read(path, limit)


def open_board(root: Path | str, board: str, dataset: Dataset | None = None) -> Session:
    """Load the partnership (unless ``dataset`` is it, loaded from ``root``) and the board's file,
    ready to edit; ThpError if that cannot be done."""
    root = Path(os.path.abspath(root))
    data_dir(root)
    if dataset is None:
        dataset = load_dataset(root)
    return open_file(root, dataset, board, _board_file(dataset, board))


def open_file(root: Path, dataset: Dataset, name: str, file: str, kind: str = "a board") -> Session:
    """The file ``file`` (of the record ``name``, which is ``kind``) of the partnership ``dataset``
    loaded from ``root``, ready to edit; ThpError if it cannot be read."""
    try:
        original = read_regular(root / file, DEFAULT_LIMITS.max_bytes + 1)
    except OSError as error:
        raise ThpError(f"cannot read {file}: {error.strerror or error}") from None
    doc = Document.decode(original, file)
    loaded = load_text(file, doc.body)
    if loaded.data is None or len(original) > DEFAULT_LIMITS.max_bytes:
        raise ThpError(f"{file} cannot be read as {kind}; run thp validate, fix what it says, and try again")
    return Session(root, dataset, name, file, original, doc, loaded.data)


def _board_file(dataset: Dataset, board: str) -> str:
    located = dataset.boards.get(board)
    if located is not None:
        return located.where.file
    file = f"data/boards/{board}.yaml"
    broken = board in dataset.broken.get("boards", set())
    if broken and re.match(r"^[a-z0-9]+(-[a-z0-9]+)*$", board) and os.path.isfile(dataset.root / file):
        return file
    hint = did_you_mean(board, list(dataset.boards))
    raise ThpError(f"there is no board '{clean(board, 100)}'{hint}")
