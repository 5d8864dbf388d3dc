"""The partnership at a git revision, and what changed between two states.

* :class:`GitSource` reads ``data/`` from the tree of a commit (``git ls-tree``
  for the listing, one long-lived ``git cat-file --batch`` for the bytes), so a
  revision loads through exactly the same loader as the disk: the same size
  cap (checked on the blob's size before it is read), the same refusal of
  symbolic links (git mode 120000), the same findings with file, line and
  column.
* :func:`compare` turns two datasets into :class:`Change` values: boards
  added, removed, closed or re-parented; seats joining, leaving, ending or
  changing position; recommendation actions changing status or dates. Each
  carries a sentence an officer can read.
* :func:`changes_during` compares the partnership before and after a period
  (the annual report's "membership changes during the year") and finds the
  commit that made each change by walking the commits in between.

Revisions are user input: they are checked with ``git rev-parse --verify``
before use and never reach a shell. Author emails are never read.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import subprocess
from collections.abc import Generator, Hashable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import IO, Any, Literal

from . import model as m
from .errors import ThpError
from .findings import Finding, Severity
from .loader import DEFAULT_LIMITS, Limits
from .model import long_date
from .repository import DATA, Dataset, Entry, Memo, load_dataset, load_source
from .text import clean, did_you_mean

ChangeKind = Literal["board", "seat", "recommendation", "recommendation-action"]
ChangeType = Literal["added", "removed", "changed"]

_MODES: dict[str, Literal["file", "folder", "link", "other"]] = {
    "040000": "folder",
    "100644": "file",
    "100755": "file",
    "120000": "link",
}


# -- running git ---------------------------------------------------------------
def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        GIT_LITERAL_PATHSPECS="1",  # a folder name is a name, never a pattern
        GIT_OPTIONAL_LOCKS="0",  # reading must not take the index lock from an editor
        GIT_TERMINAL_PROMPT="0",
        GIT_PAGER="cat",
        LC_ALL="C",
    )
    return env


_FORMAT = "--format=%H%x1f%h%x1f%cd%x1f%an"  # the author's name, never the email
_RAW = "--date=raw"  # %cd as git stores it: seconds since 1970 and the zone, "1700000000 +0100"
_LOG = ["git", "log", "-z", "--first-parent", "--no-show-signature", _RAW, _FORMAT, "HEAD", "--"]
"""HEAD's first-parent history; followed by paths, only the commits that changed them
(a merge counts when it differs from its first parent: what it brought in)."""
_RAW_DATE = re.compile(r"(-?[0-9]{1,20}) ([+-])([0-9]{2})([0-9]{2})")
_EPOCH = dt.date(1970, 1, 1).toordinal()

SHALLOW_FIX = (
    "fetch the whole history (git fetch --unshallow; in GitHub Actions, give actions/checkout fetch-depth: 0)"
)
"""What to do about a shallow clone, said wherever its missing history matters."""


def _not_installed() -> ThpError:
    return ThpError("git is not installed (or not on the PATH); thp needs it to read the history of data/")


@dataclass(frozen=True)
class Commit:
    """A commit as a report shows it. The author's email is never kept: it is personal data."""

    sha: str  # abbreviated
    date: dt.date | None  # the committer date, in the committer's own time zone; None: unreadable
    author: str | None  # the author's name; None: the commit names none git can read

    def as_dict(self) -> dict[str, str | None]:
        return {"sha": self.sha, "date": self.date.isoformat() if self.date else None, "author": self.author}

    @property
    def shown_date(self) -> str:
        return self.date.isoformat() if self.date else "date unknown"

    @property
    def shown_author(self) -> str:
        return self.author or "unknown author"


def commit_day(raw: str) -> dt.date | None:
    """The day of a committer date as git stores it (``1700000000 +0100``), in the
    committer's own time zone.

    A hand-made or damaged commit may carry anything: a zone no place has
    (``+9999``) counts as UTC; a date git could not read (an empty field, a
    malformed ident), or a day before year 1 or after 9999, is None: unknown.
    """
    match = _RAW_DATE.fullmatch(raw.strip())
    if match is None:
        return None
    seconds = int(match[1])
    sign = 1 if match[2] == "+" else -1
    minutes = int(match[3]) * 60 + int(match[4])
    if int(match[4]) < 60 and minutes <= (14 * 60 if sign > 0 else 12 * 60):  # UTC-12:00 to UTC+14:00
        seconds += sign * minutes * 60
    ordinal = _EPOCH + seconds // 86400
    if not 1 <= ordinal <= dt.date.max.toordinal():
        return None
    return dt.date.fromordinal(ordinal)


@dataclass(frozen=True)
class _Rev:
    full: str
    commit: Commit


@dataclass(frozen=True)
class _Raw:
    """A file a commit changed, from ``git log --raw``: its new mode and id (abbreviated,
    as git abbreviates it: unique; "000000" and zeros when it was deleted) and its path
    from the top of the repository."""

    mode: str
    oid: str
    path: str


class Git:
    """One repository, for reading: runs git without a shell, and keeps one
    ``git cat-file --batch`` process for every object it reads.

    Use it as a context manager so that process is ended.
    """

    def __init__(self, root: Path | str) -> None:
        self.root = Path(os.path.abspath(root))
        shown = clean(str(self.root), 300)
        if not os.path.isdir(self.root):  # os.path's test: False, not an error, for a name too long
            raise ThpError(f"no folder {shown}")
        done = self._run(["rev-parse", "--show-toplevel"], cwd=self.root)
        if done.returncode != 0:
            raise ThpError(f"{shown} is not in a git repository (or not in its working tree)")
        self.top = Path(done.stdout.decode("utf-8", "surrogateescape").rstrip("\n"))
        prefix = os.path.relpath(os.path.realpath(self.root), os.path.realpath(self.top))
        if prefix.startswith("..") or "\n" in prefix:
            raise ThpError(f"{shown} is not in the working tree of a git repository thp can read")
        self.prefix = "" if prefix == "." else prefix.replace(os.sep, "/") + "/"
        self._batch: subprocess.Popen[bytes] | None = None
        self._shallow: frozenset[str] | None = None

    # -- plumbing ---------------------------------------------------------
    def _run(self, args: Sequence[str], cwd: Path | None = None) -> subprocess.CompletedProcess[bytes]:
        try:
            return subprocess.run(
                ["git", *args], cwd=cwd or self.top, env=_env(), capture_output=True, check=False
            )
        except FileNotFoundError:
            raise _not_installed() from None
        except OSError as error:
            raise ThpError(f"git could not be run: {error.strerror or error}") from None

    def git(self, *args: str) -> bytes:
        """The output of a git command that must succeed."""
        done = self._run(args)
        if done.returncode != 0:
            said = clean(done.stderr.decode("utf-8", "replace").strip(), 300)
            raise ThpError(f"git {args[0]} failed: {said or f'exit code {done.returncode}'}")
        return done.stdout

    def commit(self, rev: str) -> str:
        """The full id of the commit ``rev`` names; ThpError if it names none."""
        said = f"no revision '{clean(rev, 100)}' in this repository"
        if not rev or rev.startswith("-") or len(rev) > 1000 or any(ord(c) < 32 or c == "\x7f" for c in rev):
            raise ThpError(said)
        done = self._run(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}"])
        sha = done.stdout.decode("ascii", "replace").strip()
        if done.returncode != 0 or not sha:
            if self.shallow():
                said += f"; this clone is shallow (it has only the latest commits): {SHALLOW_FIX}"
            raise ThpError(said)
        return sha

    def shallow(self) -> frozenset[str]:
        """The commits this clone has without their parents: a shallow clone's oldest
        commits, where its history stops short. Empty for a full clone."""
        if self._shallow is None:
            done = self._run(["rev-parse", "--git-path", "shallow"])
            found: frozenset[str] = frozenset()
            if done.returncode == 0:
                path = self.top / done.stdout.decode("utf-8", "surrogateescape").rstrip("\n")
                with contextlib.suppress(OSError):  # no such file: a full clone
                    found = frozenset(path.read_text("ascii", "replace").split())
            self._shallow = found
        return self._shallow

    def _process(self) -> subprocess.Popen[bytes]:
        if self._batch is None or self._batch.poll() is not None:
            try:
                self._batch = subprocess.Popen(
                    ["git", "cat-file", "--batch"],
                    cwd=self.top,
                    env=_env(),
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.DEVNULL,
                )
            except FileNotFoundError:
                raise _not_installed() from None
        return self._batch

    def cat(self, name: str, limit: int) -> tuple[str, str, int, bytes] | None:
        """Object ``name`` (an id, or ``commit:path``) as (id, type, size, first ``limit`` bytes);
        None if there is no such object. The rest of the object is read past, never kept."""
        proc = self._process()
        assert proc.stdin is not None and proc.stdout is not None
        try:
            proc.stdin.write(name.encode("utf-8", "surrogateescape") + b"\n")
            proc.stdin.flush()
            header = proc.stdout.readline()
            if header.endswith((b" missing\n", b" ambiguous\n")):  # a path may hold spaces: test this first
                return None
            parts = header.split()
            if len(parts) != 3:
                raise OSError("git cat-file stopped answering")
            oid, kind, size = parts[0].decode(), parts[1].decode(), int(parts[2])
            data = _read(proc.stdout, min(size, limit))
            left = size - len(data)
            while left > 0:
                left -= len(_read(proc.stdout, min(left, 1 << 20)))
            _read(proc.stdout, 1)  # the newline after the contents
        except (OSError, ValueError) as error:
            self.close()
            raise ThpError(f"git could not read {clean(name, 200)}: {error}") from None
        return oid, kind, size, data

    def close(self) -> None:
        proc, self._batch = self._batch, None
        if proc is None:
            return
        for stream in (proc.stdin, proc.stdout):
            if stream is not None:
                stream.close()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()

    def data_chain(self) -> Generator[_Rev, None, None]:
        """The commits of HEAD's first-parent history that changed ``data/``, newest first:
        git finds them (``git log -- data``), so the history is read in full, uncapped."""
        return self.chain(self.prefix + DATA)

    def __enter__(self) -> Git:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- history ----------------------------------------------------------
    def _tokens(self, args: Sequence[str]) -> Generator[bytes, None, None]:
        """The NUL-separated fields of a ``git log -z`` of HEAD, read as they are needed."""
        if self._run(["rev-parse", "--verify", "--quiet", "HEAD^{commit}"]).returncode != 0:
            return  # no commits yet
        try:
            proc = subprocess.Popen(
                list(args),
                cwd=self.top,
                env=_env(),
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
            )
        except FileNotFoundError:
            raise _not_installed() from None
        assert proc.stdout is not None
        try:
            rest = b""
            while chunk := os.read(proc.stdout.fileno(), 1 << 16):
                *records, rest = (rest + chunk).split(b"\0")
                yield from records
            if rest.strip():
                yield rest
            if proc.wait() != 0:  # a commit git cannot read: the history must not seem to begin there
                raise ThpError(
                    "git could not read the whole history of HEAD: a commit in it is missing or "
                    "damaged (git fsck names it)"
                )
        finally:
            proc.stdout.close()
            if proc.poll() is None:
                proc.kill()
            proc.wait()

    def chain(self, *paths: str) -> Generator[_Rev, None, None]:
        """The first-parent history of HEAD, newest first, read as it is needed; with
        ``paths`` (relative to the repository's top), only the commits that changed them."""
        for record in self._tokens([*_LOG, *paths]):
            if record:
                yield _parse_rev(record)

    def raw_chain(self, path: str) -> Generator[tuple[_Rev, list[_Raw]], None, None]:
        """The commits of HEAD's first-parent history that changed ``path``, newest first,
        each with what it changed there (``git log --raw``: a merge, against its first parent)."""
        rev: _Rev | None = None
        files: list[_Raw] = []
        meta: bytes | None = None
        for token in self._tokens([*_LOG[:3], "--raw", "--no-renames", *_LOG[3:], path]):
            token = token.lstrip(b"\n")
            if meta is not None:
                parts = meta[1:].split()
                if len(parts) >= 5:
                    name = token.decode("utf-8", "surrogateescape")
                    files.append(_Raw(parts[1].decode("ascii"), parts[3].decode("ascii"), name))
                meta = None
            elif token.startswith(b":"):
                meta = token
            elif token:
                if rev is not None:
                    yield rev, files
                rev, files = _parse_rev(token), []
        if rev is not None:
            yield rev, files


def _has_folder(tree: bytes, name: str, id_size: int) -> bool:
    """Whether a raw tree object (entries ``<mode> <name>\\0<id>``) lists a folder ``name``."""
    want, at = name.encode("utf-8", "surrogateescape"), 0
    while at < len(tree):
        space = tree.find(b" ", at)
        nul = tree.find(b"\0", space + 1)
        if space < 0 or nul < 0:
            return False
        if tree[at:space] == b"40000" and tree[space + 1 : nul] == want:
            return True
        at = nul + 1 + id_size
    return False


def _read(stream: IO[bytes], size: int) -> bytes:
    data = stream.read(size) if size else b""
    if len(data) != size:
        raise OSError("git cat-file ended early")
    return data


def _parse_rev(record: bytes) -> _Rev:
    parts = record.strip(b"\n").split(b"\x1f", 3)
    if len(parts) != 4:
        raise ThpError("git log answered in a form thp cannot read")
    full, short, when = (part.decode("ascii", "replace") for part in parts[:3])
    author = clean(parts[3].decode("utf-8", "replace").strip(), 200)  # not UTF-8: shown as \ufffd
    return _Rev(full, Commit(short, commit_day(when), author or None))


# -- data/ at a revision ---------------------------------------------------------
class GitSource:
    """The files of ``root`` as they were at commit ``rev``: a :class:`repository.Source`.

    ``root`` may be a sub-folder of the repository; paths are relative to it.
    Pass ``git`` to share one repository handle (and its ``cat-file`` process)
    between revisions; otherwise the source opens its own: close it (or use
    ``with``).
    """

    def __init__(self, root: Path | str, rev: str, *, git: Git | None = None) -> None:
        if git is not None and git.root != Path(os.path.abspath(root)):
            raise ValueError(f"the git handle is for {git.root}, not {root}")
        self._own = git is None
        self.git = git or Git(root)
        try:
            self.commit = self.git.commit(rev)
            self._entries: dict[str, tuple[Entry, str]] = {}
            self._children: dict[str, list[str]] = {}
            self._list()
        except BaseException:
            self.close()
            raise

    def _list(self) -> None:
        base = self.git.prefix + DATA
        out = self.git.git("ls-tree", "-r", "-t", "-z", "--long", "--full-tree", self.commit, "--", base)
        for record in out.split(b"\0"):
            if not record:
                continue
            meta, _, raw_path = record.partition(b"\t")
            mode, _, oid, size = meta.decode("ascii").split()
            path = raw_path.decode("utf-8", "replace")
            if path != base and not path.startswith(base + "/"):
                continue
            path = path[len(self.git.prefix) :]
            kind = _MODES.get(mode, "other")
            self._entries[path] = (Entry(kind, int(size) if kind == "file" else 0, oid), oid)
            parent, _, name = path.rpartition("/")
            if parent:
                self._children.setdefault(parent, []).append(name)

    def entry(self, path: str) -> Entry | None:
        found = self._entries.get(path)
        return found[0] if found else None

    def names(self, folder: str) -> list[str]:
        return sorted(self._children.get(folder, []))

    def read(self, path: str, limit: int) -> bytes:
        found = self._entries.get(path)
        blob = self.git.cat(found[1], limit) if found else None
        if blob is None:
            raise OSError(f"{path} is missing from the repository's objects")
        return blob[3]

    def close(self) -> None:
        if self._own:
            self.git.close()

    def __enter__(self) -> GitSource:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def in_git(root: Path | str) -> bool:
    """Whether ``root`` is inside the working tree of a git repository (False if git is missing)."""
    try:
        done = subprocess.run(
            ["git", "rev-parse", "--is-inside-work-tree"],
            cwd=os.path.abspath(root),
            env=_env(),
            capture_output=True,
            check=False,
        )
    except OSError:  # no git, or no such folder
        return False
    return done.returncode == 0 and done.stdout.strip() == b"true"


def _no_data(source: GitSource, rev: str) -> ThpError | None:
    entry = source.entry(DATA)
    where = f"'{clean(rev, 100)}'"
    folder = source.git.prefix + DATA
    if entry is None:
        return ThpError(f"there is no '{folder}' folder at revision {where}")
    if entry.kind != "folder":
        return ThpError(f"'{folder}' is not a folder at revision {where}")
    return None


def dataset_at(root: Path | str, rev: str, limits: Limits = DEFAULT_LIMITS) -> Dataset:
    """The partnership under ``root`` as it was at revision ``rev``; problems become findings.

    ThpError if git cannot run, ``root`` is not in a repository, ``rev`` names no
    commit, or there was no ``data/`` folder at ``rev``.
    """
    with GitSource(root, rev) as source:
        problem = _no_data(source, rev)
        if problem is not None:
            raise problem
        return load_source(source.git.root, source, limits)


def revision_on(root: Path | str, day: dt.date) -> str | None:
    """The last commit on the first-parent history of HEAD dated on or before ``day``
    (by committer date, in the committer's time zone); None if there is none."""
    with Git(root) as git, contextlib.closing(git.chain()) as chain:
        for rev in chain:
            if rev.commit.date is not None and rev.commit.date <= day:
                return rev.full
    return None


@dataclass(frozen=True)
class AsOf:
    """The partnership as it stood on a day, and which data that was, in words."""

    dataset: Dataset
    commit: Commit | None  # the commit read; None: the files on disk
    read: str  # 'the data as committed on 30 April 2024 (commit abc1234)', for people


def dataset_on(
    root: Path | str,
    day: dt.date,
    today: dt.date | None = None,
    limits: Limits = DEFAULT_LIMITS,
    *,
    load: bool = True,
) -> AsOf:
    """The partnership under ``root`` as it stood on ``day``.

    From ``today`` on, the files on disk (the working tree, committed or not).
    Before it, the ``data/`` tree of the last commit on HEAD's first-parent
    history dated on or before ``day``: a past day never sees later data. Not in
    git, with no commit that old, or with no ``data/`` folder then, the files on
    disk are all there is, and ``read`` says so. ``load=False`` only chooses
    (the dataset is then empty): :func:`as_of_note` says which data a command reads.
    """
    today = dt.date.today() if today is None else today

    def disk() -> Dataset:
        return load_dataset(root, limits) if load else Dataset(Path(os.path.abspath(root)))

    if day >= today:
        return AsOf(disk(), None, "the files on disk")
    if not in_git(root):
        return AsOf(
            disk(),
            None,
            f"the files on disk as they are now: they are not in a git repository, so how the data "
            f"stood on {long_date(day)} cannot be read",
        )
    with Git(root) as git:
        found: _Rev | None = None
        oldest: _Rev | None = None
        with contextlib.closing(git.chain()) as chain:
            for rev in chain:
                oldest = rev
                if rev.commit.date is not None and rev.commit.date <= day:
                    found = rev
                    break
        if found is None:  # the files on disk are all there is: say so
            said = f"git has no commit made on or before {long_date(day)}"
            if oldest is not None and oldest.commit.date is not None:
                said += (
                    f" (its history begins on {long_date(oldest.commit.date)}, commit {oldest.commit.sha})"
                )
            if oldest is not None and oldest.full in git.shallow():
                said += f" in this shallow clone ({SHALLOW_FIX})"
            return AsOf(
                disk(),
                None,
                f"the files on disk as they are now: {said}, so how the data stood then cannot be read",
            )
        with GitSource(git.root, found.full, git=git) as source:
            if _no_data(source, found.full) is not None:
                return AsOf(
                    disk(),
                    None,
                    f"the files on disk as they are now: the partnership's data was not yet in git on "
                    f"{long_date(day)} (the last commit by then, {found.commit.sha}, holds none), so how "
                    "the data stood then cannot be read",
                )
            ds = load_source(git.root, source, limits) if load else Dataset(git.root)
    when = long_date(found.commit.date) if found.commit.date else "a day git cannot read"
    return AsOf(ds, found.commit, f"the data as committed on {when} (commit {found.commit.sha})")


def as_of_note(root: Path | str, day: dt.date, today: dt.date | None = None) -> str | None:
    """For a day before ``today``, which data a command reads as of ``day`` (see
    :func:`dataset_on`), as a sentence; None from today on (the files on disk), and
    outside git, where the files on disk are the only data there is."""
    if day >= (dt.date.today() if today is None else today) or not in_git(root):
        return None
    return f"as of {long_date(day)}, thp reads {dataset_on(root, day, today, load=False).read}"


# -- comparing two states ---------------------------------------------------------
SEAT_FIELDS = ("position", "since", "until", "elected_member", "role", "organisation")
ACTION_FIELDS = ("status", "due", "start", "ongoing")


@dataclass(frozen=True, kw_only=True)
class Change:
    """One difference between two states of the partnership.

    ``seat`` describes the seat (never contact details); ``fields`` maps each
    changed field to its (old, new) value; ``summary`` says it in a sentence.
    ``own_opening``: the summary opens with thp's own word ("board", "the seat"),
    which :attr:`sentence` capitalises; by default it opens with a value from the
    data (a role, a name), which is shown as written.
    """

    kind: ChangeKind
    change: ChangeType
    summary: str
    board: str | None = None
    recommendation: str | None = None
    action: str | None = None  # a recommendation action's number, such as "ii"
    seat: dict[str, Any] | None = None
    fields: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    own_opening: bool = field(default=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "summary", clean(self.summary))

    @property
    def sentence(self) -> str:
        """The summary as a line of text output: a capital first letter only when that
        letter is thp's own word ("The seat ..."); a value from the data keeps
        its letters as written (the role ``tab\\there`` is never shown ``Tab\\there``)."""
        return self.summary[:1].upper() + self.summary[1:] if self.own_opening else self.summary

    def as_dict(self) -> dict[str, Any]:
        """JSON-safe: dates as ISO text (months as ``YYYY-MM``), (old, new) as a list."""
        return {
            "kind": self.kind,
            "board": self.board,
            "recommendation": self.recommendation,
            "action": self.action,
            "change": self.change,
            "seat": None if self.seat is None else {k: _json(v) for k, v in self.seat.items()},
            "fields": {k: [_json(old), _json(new)] for k, (old, new) in self.fields.items()},
            "summary": self.summary,
        }

    @property
    def key(self) -> tuple[Hashable, ...]:
        """What changed, without how: the same board, seat or action in every state."""
        seat = None
        if self.seat is not None:
            person, org, role = self.seat["person"], self.seat["organisation"], self.seat["role"]
            seat = ("person", person) if person else ("seat", org or "", role)
        return (self.kind, self.board, self.recommendation, self.action, seat)


def _json(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return [_json(v) for v in value]
    return value


def _shown(value: Any) -> str:
    if value is None or value == ():
        return "not set"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return ", ".join(str(v) for v in value)
    return str(value)


@dataclass(frozen=True)
class _Board:
    name: str
    status: str | None  # None: unknown (the field did not load)
    reports_to: tuple[str, ...] | None
    seats: dict[tuple[Hashable, ...], m.Member] | None
    established: dt.date | None = None


@dataclass(frozen=True)
class _Rec:
    number: int
    actions: dict[tuple[Hashable, ...], m.RecommendationAction] | None
    owner: str | None = None  # a board id
    sro: str | None = None
    unknown: frozenset[str] = frozenset()  # of owner and sro, those that did not load


@dataclass
class _State:
    """What :func:`compare` looks at. Ids in ``unknown_*`` exist but did not load.
    ``people`` and ``orgs`` name ids for sentences (a person's public ``name`` only)."""

    boards: dict[str, _Board] = field(default_factory=dict)
    recs: dict[str, _Rec] = field(default_factory=dict)
    unknown_boards: set[str] = field(default_factory=set)
    unknown_recs: set[str] = field(default_factory=set)
    people: dict[str, str] = field(default_factory=dict)
    orgs: dict[str, str] = field(default_factory=dict)


def _keyed(items: Sequence[Any], identity: Any) -> dict[tuple[Hashable, ...], Any]:
    """Items by identity, a repeated identity numbered in file order."""
    out: dict[tuple[Hashable, ...], Any] = {}
    seen: dict[Hashable, int] = {}
    for item in items:
        ident = identity(item)
        n = seen[ident] = seen.get(ident, -1) + 1
        out[(ident, n)] = item
    return out


def _state(ds: Dataset) -> _State:
    state = _State()
    for board_id, located in ds.boards.items():
        board = located.record
        state.boards[board_id] = _Board(
            board.name,
            board.status if located.judged("status") else None,
            tuple(board.reports_to) if located.judged("reports_to") else None,
            _keyed(board.members, lambda s: s.seat) if located.judged("members") else None,
            board.established if located.judged("established") else None,
        )
    for rec_id, located_rec in ds.recommendations.items():
        rec = located_rec.record
        actions = _keyed(rec.actions, lambda a: a.number) if located_rec.judged("actions") else None
        unknown = frozenset(f for f in ("owner", "sro") if not located_rec.judged(f))
        state.recs[rec_id] = _Rec(rec.number, actions, rec.owner, rec.sro, unknown)
    state.unknown_boards = ds.broken.get("boards", set()) - set(state.boards)
    state.unknown_recs = ds.broken.get("recommendations", set()) - set(state.recs)
    state.people = {pid: p.record.name for pid, p in ds.people.items()}
    state.orgs = {oid: o.record.name for oid, o in ds.organisations.items()}
    return state


def _carry(before: _State, now: _State) -> _State:
    """``now``, with what did not load taken from ``before``: a file broken for a while
    and then mended is not a board removed and added again."""
    state = _State(
        dict(now.boards),
        dict(now.recs),
        set(now.unknown_boards),
        set(now.unknown_recs),
        {**before.people, **now.people},
        {**before.orgs, **now.orgs},
    )
    for board_id in now.unknown_boards & set(before.boards):
        state.boards[board_id] = before.boards[board_id]
        state.unknown_boards.discard(board_id)
    for board_id, board in now.boards.items():
        old = before.boards.get(board_id)
        if old is not None and None in (board.status, board.reports_to, board.seats):
            state.boards[board_id] = _Board(
                board.name,
                old.status if board.status is None else board.status,
                old.reports_to if board.reports_to is None else board.reports_to,
                old.seats if board.seats is None else board.seats,
                board.established,
            )
    for rec_id in now.unknown_recs & set(before.recs):
        state.recs[rec_id] = before.recs[rec_id]
        state.unknown_recs.discard(rec_id)
    for rec_id, rec in now.recs.items():
        old_rec = before.recs.get(rec_id)
        if old_rec is not None and rec.actions is None:
            state.recs[rec_id] = replace(rec, actions=old_rec.actions)
    return state


class _Names:
    """The words a sentence uses for an id: a board's, organisation's or person's
    name (the newer state's, else the older's), never an id where a name is known."""

    def __init__(self, a: _State, b: _State) -> None:
        self.a, self.b = a, b

    def board(self, board_id: str) -> str:
        """The board's name as the data writes it: no article is guessed ("the Tower
        Hamlets Together" would be wrong), so a sentence is true of any name."""
        found = self.b.boards.get(board_id) or self.a.boards.get(board_id)
        return found.name if found else board_id

    def org(self, org_id: str | None) -> str | None:
        if org_id is None:
            return None
        return self.b.orgs.get(org_id) or self.a.orgs.get(org_id) or org_id

    def person(self, person_id: str | None) -> str | None:
        if person_id is None:
            return None
        return self.b.people.get(person_id) or self.a.people.get(person_id) or person_id

    def role(self, member: m.Member) -> str:
        """The seat without its holder: 'Borough Commander (Metropolitan Police)'."""
        org = self.org(member.organisation)
        return f"{member.role} ({org})" if org else member.role

    def seat(self, member: m.Member) -> str:
        """The seat with its holder where the data names one: 'Jane Smith, Borough Commander (...)'."""
        person = self.person(member.person)
        return f"{person}, {self.role(member)}" if person else self.role(member)


def compare(old: Dataset, new: Dataset) -> list[Change]:
    """What changed from ``old`` to ``new``: boards (in id order, each followed by its
    seats in file order), then recommendation actions (in recommendation order).

    A board or recommendation whose file did not load on either side is left
    out, and so are fields that did not load: what changed in them cannot be told.
    """
    return _diff(_state(old), _state(new))


def _diff(a: _State, b: _State, begins: bool = False) -> list[Change]:
    """What changed from ``a`` to ``b``; ``begins``: ``b`` is where the data's history in git
    begins, so what it holds was already recorded that day, not set up or joined then."""
    names = _Names(a, b)
    changes: list[Change] = []
    for board_id in sorted(set(a.boards) | set(b.boards)):
        if board_id in a.unknown_boards or board_id in b.unknown_boards:
            continue
        if a.boards.get(board_id) is b.boards.get(board_id):
            continue  # the same record: unchanged (a step of the history re-reads only what changed)
        old, new = a.boards.get(board_id), b.boards.get(board_id)
        changes.extend(_board_changes(board_id, old, new, names, begins))
    recs = {**a.recs, **b.recs}
    for rec_id in sorted(recs, key=lambda r: (recs[r].number, r)):
        if rec_id in a.unknown_recs or rec_id in b.unknown_recs or a.recs.get(rec_id) is b.recs.get(rec_id):
            continue
        changes.extend(_rec_changes(rec_id, a.recs.get(rec_id), b.recs.get(rec_id), names))
    return changes


def _seats_phrase(n: int) -> str:
    return f"{n} seat{'' if n == 1 else 's'}" if n else "no seats recorded"


def _board_changes(
    board_id: str, old: _Board | None, new: _Board | None, names: _Names, begins: bool = False
) -> list[Change]:
    said = names.board(board_id)
    if old is None and new is not None:
        seats = len(new.seats or {})
        made = "was already recorded when the history begins" if begins else "was set up"
        head = Change(
            kind="board",
            change="added",
            board=board_id,
            summary=f"{said} {made}, with {_seats_phrase(seats)}",
            fields={"seats": (0, seats)},
        )
        return [head, *_seat_changes(board_id, {}, new.seats or {}, names, begins)]
    if new is None and old is not None:
        head = Change(
            kind="board", change="removed", board=board_id, summary=f"{said} was removed from the data"
        )
        return [head, *_seat_changes(board_id, old.seats or {}, {}, names)]
    assert old is not None and new is not None
    out: list[Change] = []
    fields: dict[str, tuple[Any, Any]] = {}
    parts: list[str] = []
    if old.status is not None and new.status is not None and old.status != new.status:
        fields["status"] = (old.status, new.status)
        parts.append(_status_phrase(old.status, new.status))
    if (
        old.reports_to is not None
        and new.reports_to is not None
        and sorted(old.reports_to) != sorted(new.reports_to)
    ):
        fields["reports_to"] = (old.reports_to, new.reports_to)

        def boards(ids: tuple[str, ...]) -> str:
            return " and ".join(names.board(i) for i in ids)

        now = boards(new.reports_to) or "no board"
        parts.append(f"now reports to {now} (was {boards(old.reports_to) or 'none'})")
    if fields:
        summary = f"{said} " + "; ".join(parts)
        out.append(Change(kind="board", change="changed", board=board_id, fields=fields, summary=summary))
    if old.seats is not None and new.seats is not None:
        out.extend(_seat_changes(board_id, old.seats, new.seats, names))
    return out


def _status_phrase(old: str, new: str) -> str:
    if new == "closed":
        return "was closed"
    if new == "active" and old == "closed":
        return "was reopened"
    if new == "active":
        return "became active again"
    return f"became {new}"


def _seat(member: m.Member) -> dict[str, Any]:
    return {
        "role": member.role,
        "organisation": member.organisation,
        "person": member.person,
        "position": member.position,
        "elected_member": member.elected_member,
        "since": member.since,
        "until": member.until,
    }


_AS = {"member": "a member", "adviser": "an adviser"}


def _holder(old: m.Member, new: m.Member) -> bool:
    """Whether ``new`` is ``old``'s seat with another holder: the same organisation and role."""
    return (
        old.person != new.person
        and old.organisation == new.organisation
        and old.role.casefold() == new.role.casefold()
    )


def _pairs(
    old: dict[tuple[Hashable, ...], m.Member], new: dict[tuple[Hashable, ...], m.Member]
) -> dict[tuple[Hashable, ...], tuple[Hashable, ...]]:
    """Seats that left and joined in the same step but are one seat changed (added key ->
    removed key): a change of holder (same organisation and role), or, where no one is
    named, a change of role (the only seat of that organisation and position to go and come)."""
    gone = [k for k in old if k not in new]
    came = [k for k in new if k not in old]
    pairs: dict[tuple[Hashable, ...], tuple[Hashable, ...]] = {}
    for key in came:
        match = next((g for g in gone if g not in pairs.values() and _holder(old[g], new[key])), None)
        if match is not None:
            pairs[key] = match

    def group(seat: m.Member) -> tuple[Any, ...]:
        return (seat.organisation, seat.position)

    left = [g for g in gone if g not in pairs.values() and old[g].person is None]
    joined = [k for k in came if k not in pairs and new[k].person is None]
    for key in joined:
        same = [k for k in joined if group(new[k]) == group(new[key])]
        was = [g for g in left if group(old[g]) == group(new[key])]
        if len(same) == 1 and len(was) == 1 and new[key].organisation is not None:
            pairs[key] = was[0]
    return pairs


def _seat_field(name: str, old: Any, new: Any, names: _Names) -> str:
    """One changed field of a seat, in words: 'became vice-chair', 'now ends on 1 June 2026'."""
    if name == "position":
        return f"became {_AS.get(new, new)}"
    if name == "role":
        return f"became {new}"
    if name == "organisation":
        return f"is now for {names.org(new) or 'no organisation'}"
    if name == "elected_member":
        return "is now recorded as an elected member" if new else "is no longer recorded as an elected member"
    if name in ("since", "until"):
        edge = "starts" if name == "since" else "ends"
        if new is None:
            return f"no longer has a day it {edge} on (it was {long_date(old)})" if old else f"no {edge} day"
        return f"now {edge} on {long_date(new)}" + (f" (it was {long_date(old)})" if old else "")
    return f"{name} is now {_shown(new)} (it was {_shown(old)})"


def _seat_changes(
    board_id: str,
    old: dict[tuple[Hashable, ...], m.Member],
    new: dict[tuple[Hashable, ...], m.Member],
    names: _Names,
    begins: bool = False,
) -> list[Change]:
    out: list[Change] = []
    on = names.board(board_id)
    pairs = _pairs(old, new)
    for key, seat in new.items():
        label = names.seat(seat)
        before = old.get(key) or (old[pairs[key]] if key in pairs else None)
        if before is None:
            joined = "was already recorded on" if begins else "joined"
            summary = f"{label} {joined} {on} as {_AS.get(seat.position, seat.position)}"
            if seat.until is not None:
                summary += f" until {long_date(seat.until)}"
            out.append(Change(kind="seat", change="added", board=board_id, seat=_seat(seat), summary=summary))
            continue
        fields = {
            name: (getattr(before, name), getattr(seat, name))
            for name in ("person", *SEAT_FIELDS)
            if getattr(before, name) != getattr(seat, name)
        }
        if not fields:
            continue
        lead: str | None = None
        if "person" in fields:
            new_name, old_name = names.person(seat.person), names.person(before.person)
            if new_name and old_name:
                lead = f"{new_name} replaced {old_name} as {names.role(seat)} on {on}"
            elif new_name:
                lead = f"{new_name} is now named as {names.role(seat)} on {on}"
            else:
                lead = f"{old_name} is no longer named as {names.role(before)} on {on}"
        elif "role" in fields:
            lead = f"the seat {names.seat(before)} on {on} became {seat.role}"
        ended = fields.get("until", (0, 0))[0] is None
        quiet = {"person", "role", "organisation"} if lead else set()
        parts = [
            _seat_field(name, o, n, names)
            for name, (o, n) in fields.items()
            if name not in quiet and (not ended or name != "until")
        ]
        if ended:
            last = long_date(seat.until) if seat.until else "a day not recorded"
            summary = f"the seat {label} on {on} was given an end date, {last}"
            if lead:
                summary = f"{lead}; the seat was given an end date, {last}"
            summary += "".join(f"; {p}" for p in parts)
        elif lead:
            summary = lead + "".join(f"; {p}" for p in parts)
        else:
            summary = f"{label} on {on} " + "; ".join(parts)
        out.append(
            Change(
                kind="seat",
                change="changed",
                board=board_id,
                seat=_seat(seat),
                fields=fields,
                summary=summary,
                # capitalised only where thp's own words ("the seat ...") open it, never a value
                own_opening=summary.startswith("the seat "),
            )
        )
    paired = set(pairs.values())
    for key, seat in old.items():
        if key not in new and key not in paired:
            summary = f"{names.seat(seat)} left {on} (the seat was removed)"
            out.append(
                Change(kind="seat", change="removed", board=board_id, seat=_seat(seat), summary=summary)
            )
    return out


def _rec_changes(rec_id: str, old: _Rec | None, new: _Rec | None, names: _Names) -> list[Change]:
    """A recommendation's changes: its owner and senior responsible officer, then
    each action's, named as the data numbers them ("Recommendation 2, action iii")."""
    out: list[Change] = []
    number = new.number if new is not None else old.number if old is not None else 0
    rec = f"Recommendation {number}"
    if (old is None) != (new is None):  # the recommendation itself came or went, with or without actions
        made: ChangeType = "added" if new is not None else "removed"
        out.append(
            Change(kind="recommendation", change=made, recommendation=rec_id, summary=f"{rec} was {made}")
        )
    if old is not None and new is not None:
        for name, words, o, n, shown in (
            ("owner", "owner", old.owner, new.owner, names.board),
            ("sro", "senior responsible officer", old.sro, new.sro, str),
        ):
            if o != n and name not in old.unknown | new.unknown:
                then, now = (_shown(v if v is None else shown(v)) for v in (o, n))
                said = f"{words} {then} -> {now}"
                out.append(
                    Change(
                        kind="recommendation",
                        change="changed",
                        recommendation=rec_id,
                        fields={name: (o, n)},
                        summary=f"{rec}: {said}",
                    )
                )
        if old.actions is None or new.actions is None:
            return out  # the actions of one side did not load
    before = (old.actions if old else None) or {}
    after = (new.actions if new else None) or {}

    def change(kind: ChangeType, action: m.RecommendationAction, summary: str, **fields: Any) -> None:
        out.append(
            Change(
                kind="recommendation-action",
                change=kind,
                recommendation=rec_id,
                action=action.number,
                fields=fields,
                summary=f"{rec}, action {action.number}{summary}",
            )
        )

    def boards(ids: tuple[str, ...]) -> str:
        return ", ".join(names.board(b) for b in ids) if ids else _shown(None)

    for key, action in after.items():
        was = before.get(key)
        if was is None:
            change("added", action, f" was added: {action.title}")
            continue
        fields: dict[str, tuple[Any, Any]] = {
            name: (getattr(was, name), getattr(action, name))
            for name in ACTION_FIELDS
            if getattr(was, name) != getattr(action, name)
        }
        parts = [f"{name} {_shown(o)} -> {_shown(n)}" for name, (o, n) in fields.items()]
        if was.owners != action.owners:
            owners = (tuple(was.owners), tuple(action.owners))
            fields["owners"] = owners
            parts.append(f"owners {boards(owners[0])} -> {boards(owners[1])}")
        if fields:
            change("changed", action, ": " + "; ".join(parts), **fields)
    for key, action in before.items():
        if key not in after:
            change("removed", action, " was removed")
    return out


# -- changes over a period ----------------------------------------------------------
@dataclass(frozen=True)
class Period:
    """Every change made from ``start`` to ``end``, one commit at a time, and which commit
    made it.

    ``before`` is the last commit before ``start`` that changed ``data/`` (None:
    nothing before it, so what the first commit holds counts as added). ``after``
    is the last commit on or before ``end``; None with ``working_tree`` means the
    files on disk, and without it that there was no commit by ``end``.
    ``commits[i]`` made ``changes[i]`` (None: not yet committed, in the working
    tree). A seat that came and went inside the period is two changes; a change of
    holder is one. ``seats_start`` and ``seats_end`` count each board's seats
    current on ``start`` and on ``end``, as the data stood on each day. ``walked``
    commits that changed ``data/`` were read; ``first`` is the first commit with
    a ``data/`` folder when it came after ``start`` (what the data says before
    it is nothing). ``shallow`` is the oldest commit of a shallow clone when its
    history stops before ``start``: changes before that commit are unknown, not
    absent (``before`` is then that commit).
    """

    start: dt.date
    end: dt.date
    before: Commit | None
    after: Commit | None
    working_tree: bool
    changes: list[Change]
    commits: list[Commit | None]
    walked: int = 0
    shallow: Commit | None = None
    first: Commit | None = None
    boards: dict[str, str] = field(default_factory=dict)  # board id -> name, for headings
    seats_start: dict[str, int] = field(default_factory=dict)
    seats_end: dict[str, int] = field(default_factory=dict)
    dated: list[tuple[dt.date, Change]] = field(default_factory=list)  # by the data's own dates

    def made_by(self) -> Iterator[tuple[Change, Commit | None]]:
        return zip(self.changes, self.commits, strict=True)

    def as_dict(self) -> dict[str, Any]:
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "before": self.before.as_dict() if self.before else None,
            "after": self.after.as_dict() if self.after else None,
            "working_tree": self.working_tree,
            "walked": self.walked,
            "shallow": self.shallow.as_dict() if self.shallow else None,
            "first": self.first.as_dict() if self.first else None,
            "seats": {
                b: {"start": self.seats_start.get(b, 0), "end": self.seats_end.get(b, 0)}
                for b in sorted({*self.seats_start, *self.seats_end})
            },
            "changes": [
                {**change.as_dict(), "commit": commit.as_dict() if commit else None}
                for change, commit in self.made_by()
            ],
            "dated": [{**change.as_dict(), "date": day.isoformat()} for day, change in self.dated],
        }


class _States:
    """Partnership states by revision, each ``data/`` tree loaded once, each file
    parsed once (by its blob id: a commit re-reads only the files it changed)."""

    def __init__(self, git: Git, limits: Limits) -> None:
        self.git = git
        self.limits = limits
        self.by_tree: dict[str, _State] = {}
        self.memo: Memo = {}

    def tree(self, sha: str) -> str | None:
        """The id of ``data/`` at commit ``sha``, or None if there is none.

        ThpError if there is one git cannot read (a damaged or partial copy of the
        repository): a missing tree must not read as ``data/`` removed.
        """
        found = self.git.cat(f"{sha}:{self.git.prefix}{DATA}", 0)
        if found is None:
            prefix = self.git.prefix.rstrip("/")
            parent = self.git.cat(f"{sha}:{prefix}" if prefix else f"{sha}^{{tree}}", 1 << 24)
            lost = parent is None and not prefix  # the commit's own tree is gone
            if parent is not None and parent[1] == "tree":  # it lists a data/ folder git cannot read
                lost = _has_folder(parent[3], DATA, len(parent[0]) // 2)
            if lost:
                raise ThpError(
                    f"git cannot read the files of commit {sha[:12]}: an object of it is missing or "
                    "damaged (git fsck names it)"
                )
        return f"{found[1]} {found[0]}" if found else None

    def at(self, sha: str, tree: str | None) -> _State:
        if tree is None:
            return _State()
        if tree not in self.by_tree:
            with GitSource(self.git.root, sha, git=self.git) as source:
                if _no_data(source, sha) is not None:
                    state = _State()
                else:
                    state = _state(load_source(self.git.root, source, self.limits, self.memo))
            self.by_tree[tree] = state
        return self.by_tree[tree]

    def advance(self, prev: _State, rev: _Rev, raw: list[_Raw]) -> _State:
        """The state after commit ``rev``, from the one before it and what ``rev`` changed
        (``git log --raw``): only the files it changed are read. Anything but plain files
        of boards/, recommendations/ and the people and organisations lists (a link, a
        folder made a file, a file in a sub-folder) is read the long way: the whole tree."""
        top = self.git.prefix + DATA + "/"
        changed: dict[str, _Raw] = {}
        for item in raw:
            if not item.path.startswith(top):
                return _carry(prev, self.at(rev.full, self.tree(rev.full)))
            rel = item.path[len(self.git.prefix) :]
            parts = rel.split("/")
            plain = item.mode in ("100644", "100755", "000000")
            listed = rel in (f"{DATA}/people.yaml", f"{DATA}/organisations.yaml")
            if plain and (listed or (len(parts) == 3 and parts[1] in ("boards", "recommendations"))):
                changed[rel] = item
            elif parts[1] != "indicators" and not (len(parts) == 2 and plain and rel.endswith(".yaml")):
                return _carry(prev, self.at(rev.full, self.tree(rev.full)))
            # else nothing compare looks at: partnership.yaml, calls_to_action.yaml, indicators/
        if not changed:  # what changed is nothing compare looks at (partnership.yaml, indicators/)
            return prev
        source = _Changed(self.git, rev.full, changed)
        ds = load_source(self.git.root, source, self.limits, self.memo)
        part = _state(ds)
        stems = {
            kind: {PurePosixPath(rel).stem for rel in changed if rel.split("/")[1] == kind}
            for kind in ("boards", "recommendations")
        }
        if (
            not (set(part.boards) | part.unknown_boards) <= stems["boards"]
            or not (set(part.recs) | part.unknown_recs) <= stems["recommendations"]
        ):  # a record named unlike its file: read the long way
            return _carry(prev, self.at(rev.full, self.tree(rev.full)))
        now = _State(
            {k: v for k, v in prev.boards.items() if k not in stems["boards"]},
            {k: v for k, v in prev.recs.items() if k not in stems["recommendations"]},
            prev.unknown_boards - stems["boards"],
            prev.unknown_recs - stems["recommendations"],
            part.people if f"{DATA}/people.yaml" in changed else prev.people,
            part.orgs if f"{DATA}/organisations.yaml" in changed else prev.orgs,
        )
        now.boards.update(part.boards)
        now.recs.update(part.recs)
        now.unknown_boards |= part.unknown_boards
        now.unknown_recs |= part.unknown_recs
        return _carry(prev, now)


class _Changed:
    """The files one commit changed, as a :class:`repository.Source`: loading it loads
    only them (a file it deleted is absent)."""

    def __init__(self, git: Git, commit: str, changed: dict[str, _Raw]) -> None:
        self.git = git
        self.commit = commit
        self.files = {rel: item for rel, item in changed.items() if item.mode != "000000"}
        self.sizes: dict[str, int] = {}

    def entry(self, path: str) -> Entry | None:
        item = self.files.get(path)
        if item is not None:
            if path not in self.sizes:
                found = self.git.cat(item.oid, 0)
                if found is None:
                    return None
                self.sizes[path] = found[2]
            return Entry("file", self.sizes[path], item.oid)
        if path == DATA or any(rel.startswith(path + "/") for rel in self.files):
            return Entry("folder")
        return None

    def names(self, folder: str) -> list[str]:
        return sorted(rel[len(folder) + 1 :] for rel in self.files if rel.rpartition("/")[0] == folder)

    def read(self, path: str, limit: int) -> bytes:
        item = self.files.get(path)
        blob = self.git.cat(item.oid, limit) if item else None
        if blob is None:
            raise OSError(f"{path} is missing from the repository's objects")
        return blob[3]


class _Dated:
    """Events the data dates itself, seen in any state of a period: a seat's ``since``
    or ``until`` day, a board's ``established`` day, when it falls inside the period.
    Each board record is looked at once (a step of the history shares the records it
    did not change), so a long history costs no more than reading it."""

    def __init__(self, start: dt.date, end: dt.date) -> None:
        self.start, self.end = start, end
        self.seen: set[int] = set()
        self.found: dict[tuple[Hashable, ...], tuple[dt.date, str, str, Any]] = {}

    def add(self, state: _State) -> None:
        for board_id, board in state.boards.items():
            if id(board) in self.seen:
                continue
            self.seen.add(id(board))
            day = board.established
            if day is not None and self.start <= day <= self.end:
                self.found.setdefault(("board", board_id, day), (day, "set up", board_id, None))
            for seat in (board.seats or {}).values():
                who = seat.person or (seat.organisation, seat.role.casefold())
                for what, day in (("joined", seat.since), ("left", seat.until)):
                    if day is not None and self.start <= day <= self.end:
                        self.found.setdefault(("seat", board_id, who, what, day), (day, what, board_id, seat))

    def changes(self, names: _Names) -> list[tuple[dt.date, Change]]:
        """The events, oldest first (boards, then seats, in the order first seen, on one day)."""
        out: list[tuple[dt.date, Change]] = []
        for day, what, board_id, seat in self.found.values():
            on = names.board(board_id)
            if seat is None:
                change = Change(kind="board", change="added", board=board_id, summary=f"{on} was set up")
            elif what == "joined":
                summary = f"{names.seat(seat)} joined {on} as {_AS.get(seat.position, seat.position)}"
                change = Change(
                    kind="seat", change="added", board=board_id, seat=_seat(seat), summary=summary
                )
            else:
                summary = f"{names.seat(seat)} left {on}, the last day of the seat"
                change = Change(
                    kind="seat", change="removed", board=board_id, seat=_seat(seat), summary=summary
                )
            out.append((day, change))
        out.sort(key=lambda pair: pair[0])
        return out


def _seat_counts(state: _State, on: dt.date) -> dict[str, int]:
    """Each board's seats current on ``on`` (boards whose seats did not load are left out)."""
    return {
        board_id: sum(1 for seat in board.seats.values() if seat.current(on))
        for board_id, board in state.boards.items()
        if board.seats is not None
    }


def changes_during(
    root: Path | str,
    start: dt.date,
    end: dt.date,
    working_tree: bool = False,
    limits: Limits = DEFAULT_LIMITS,
) -> Period | None:
    """Every change to the partnership from ``start`` to ``end`` (both included), commit
    by commit, read from the commits of HEAD's first-parent history that changed
    ``data/`` (all of them: the history is not capped); with ``working_tree``, the
    files on disk end the period. None when ``root`` is not in a git repository."""
    if end < start:
        raise ThpError(f"the period starts ({start.isoformat()}) after it ends ({end.isoformat()})")
    if not in_git(root):
        return None
    with Git(root) as git:
        inside: list[tuple[_Rev, list[_Raw]]] = []  # newest first
        before: _Rev | None = None
        oldest: _Rev | None = None
        with contextlib.closing(git.raw_chain(git.prefix + DATA)) as chain:
            for rev, raw in chain:
                oldest = rev
                day = rev.commit.date  # None: unreadable, so neither in nor before the period
                if day is not None and day < start:
                    before = rev
                    break
                if inside or working_tree or (day is not None and day <= end):
                    inside.append((rev, raw))  # from the last commit by the end back: undated ones too
        cut = None
        if before is None and oldest is not None and oldest.full in git.shallow():
            cut = oldest  # a shallow clone's oldest commit: what came before is not here
            if inside and inside[-1][0] is oldest:
                inside.pop()
            elif not inside and not working_tree:  # the period ended before this clone's history
                return Period(start, end, None, None, working_tree, [], [], shallow=cut.commit)
            before = cut
        after = inside[0][0] if inside and not working_tree else None
        if after is None and not working_tree and before is not None and before is not cut:
            after = before  # nothing changed data/ in the period: it stood as before
        states = _States(git, limits)
        prev = states.at(before.full, states.tree(before.full)) if before else _State()
        first = None
        if before is None and inside:
            first = inside[-1][0].commit  # the first commit with data/: before it, the data is silent
        start_state = prev
        dated = _Dated(start, end)
        dated.add(prev)
        changes: list[Change] = []
        commits: list[Commit | None] = []
        for rev, raw in reversed(inside):
            now = states.advance(prev, rev, raw)
            made = _diff(prev, now)
            changes.extend(made)
            commits.extend([rev.commit] * len(made))
            prev = now
            dated.add(prev)
        if working_tree:  # changes not yet committed
            now = _carry(prev, _state(load_dataset(root, limits)))
            made = _diff(prev, now)
            changes.extend(made)
            commits.extend([None] * len(made))
            prev = now
            dated.add(prev)
    boards = {i: b.name for s in (start_state, prev) for i, b in s.boards.items()}
    return Period(
        start,
        end,
        before.commit if before else None,
        after.commit if after else None,
        working_tree,
        changes,
        commits,
        len(inside),
        cut.commit if cut else None,
        first,
        boards,
        _seat_counts(start_state, start),
        _seat_counts(prev, end),
        dated.changes(_Names(start_state, prev)),
    )


# -- two states side by side: thp diff --------------------------------------------------
DEFAULT_BRANCHES = ("main", "master")
"""Tried, in this order, after the target of ``origin/HEAD``, as the branch a change is compared with."""


def _out(git: Git, *args: str) -> str | None:
    """The output of a git command that may fail (None if it did), without its final newline."""
    done = git._run(args)
    if done.returncode != 0:
        return None
    return done.stdout.decode("utf-8", "surrogateescape").rstrip("\n") or None


def _commit_of(git: Git, sha: str) -> Commit:
    record = git.git("log", "-1", "-z", "--no-show-signature", _RAW, _FORMAT, sha, "--")
    return _parse_rev(record.rstrip(b"\0")).commit


def default_branch(git: Git) -> str | None:
    """The branch a change is compared with: the target of ``origin/HEAD`` (such as
    ``origin/main``), else ``main``, else ``master``; None if there is none of them."""
    remote = _out(git, "symbolic-ref", "-q", "--short", "refs/remotes/origin/HEAD")
    if remote and _out(git, "rev-parse", "--verify", "-q", f"refs/remotes/{remote}^{{commit}}"):
        return remote
    for name in DEFAULT_BRANCHES:
        if _out(git, "rev-parse", "--verify", "-q", f"refs/heads/{name}^{{commit}}"):
            return name
    return None


def default_base(git: Git) -> tuple[str, str]:
    """The commit the working tree is compared with when no BASE is named, and how it was chosen.

    * On a branch of its own, HEAD is compared from where it left the default
      branch (:func:`default_branch`): their merge base. Commits made on the
      default branch since then are not counted as the branch's changes.
    * On the default branch itself (or a detached HEAD that is on it), with no
      default branch, or with no history in common with it, the base is HEAD~1:
      the diff shows what the last commit, and anything not yet committed, changed.

    ThpError when there is nothing to compare with (no commits, or only one).
    """
    head = _out(git, "rev-parse", "--verify", "-q", "HEAD^{commit}")
    if head is None:
        raise ThpError("this repository has no commits yet, so there is nothing to compare the data with")
    branch = default_branch(git)
    why = "there is no origin/HEAD, main or master branch to compare with"
    if branch is not None:
        base = _out(git, "merge-base", head, branch)
        current = _out(git, "symbolic-ref", "-q", "--short", "HEAD")
        if base is None and git.shallow():
            raise ThpError(
                f"HEAD and {branch} have no commit in common in this clone, which is shallow (it has "
                f"only the latest commits): {SHALLOW_FIX}, or name the revision to compare with"
            )
        if base is None:
            why = f"HEAD has no history in common with {branch}"
        elif base != head or (current is not None and current != branch.removeprefix("origin/")):
            return base, f"the merge base of HEAD and {branch}"
        else:
            why = f"HEAD is on {branch} itself"
    parent = _out(git, "rev-parse", "--verify", "-q", "HEAD~1^{commit}")
    if parent is None and head in git.shallow():
        raise ThpError(
            "nothing to compare with: this clone is shallow and has HEAD's commit without the one "
            f"before it: {SHALLOW_FIX}, or name the revision to compare with"
        )
    if parent is None:
        raise ThpError(
            f"nothing to compare with: {why}, and HEAD is the first commit. "
            "Name the revision to compare with, for example: thp diff HEAD"
        )
    return parent, f"HEAD~1, the commit before HEAD: {why}"


@dataclass(frozen=True)
class Side:
    """One side of a :class:`Diff`: a commit, or the working tree (``commit`` None)."""

    rev: str | None  # the revision as it was named; None when chosen by default, or the working tree
    commit: Commit | None
    how: str = ""  # how a revision not named was chosen
    findings: tuple[Finding, ...] = ()  # what did not load, with file, line and column
    has_data: bool = True  # False: there was no data/ folder at this revision

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity is Severity.ERROR)

    def as_dict(self) -> dict[str, Any]:
        return {
            "rev": self.rev,
            "how": self.how or None,
            "working_tree": self.commit is None,
            "commit": self.commit.as_dict() if self.commit else None,
            "has_data": self.has_data,
            "findings": [f.as_dict() for f in self.findings],
        }


@dataclass(frozen=True)
class Diff:
    """What changed from ``base`` to ``head``, with the names a reader needs for headings."""

    base: Side
    head: Side
    changes: list[Change]
    boards: dict[str, str] = field(default_factory=dict)  # board id -> name (head's, else base's)
    recommendations: dict[str, tuple[int, str]] = field(default_factory=dict)  # id -> (number, title)

    def as_dict(self) -> dict[str, Any]:
        return {
            "base": self.base.as_dict(),
            "head": self.head.as_dict(),
            "changes": [c.as_dict() for c in self.changes],
        }


def diff(
    root: Path | str, base: str | None = None, head: str | None = None, limits: Limits = DEFAULT_LIMITS
) -> Diff:
    """The partnership at ``base`` compared with ``head`` (None: the working tree).

    With no ``base``, :func:`default_base` chooses it. A revision whose files
    have errors is compared on what loaded; its findings travel on its
    :class:`Side`. A revision with no ``data/`` folder is an empty partnership.
    ThpError if ``root`` is not in a repository or a revision names no commit.
    """
    if base is None and head is not None:
        raise ValueError("a head revision needs a base revision")
    with Git(root) as git:
        if base is None:
            base_sha, how = default_base(git)
        else:
            base_sha, how = git.commit(base), ""
        head_sha = None if head is None else git.commit(head)
        memo: Memo = {}
        old, old_side = _load_side(git, base, base_sha, how, memo, limits)
        if head_sha is None:
            new = load_dataset(root, limits)
            new_side = Side(None, None, findings=tuple(new.findings))
        else:
            new, new_side = _load_side(git, head, head_sha, "", memo, limits)
    boards = {i: b.record.name for ds in (old, new) for i, b in ds.boards.items()}
    recs = {i: (r.record.number, r.record.title) for ds in (old, new) for i, r in ds.recommendations.items()}
    return Diff(old_side, new_side, compare(old, new), boards, recs)


def _load_side(
    git: Git, rev: str | None, sha: str, how: str, memo: Memo, limits: Limits
) -> tuple[Dataset, Side]:
    commit = _commit_of(git, sha)
    with GitSource(git.root, sha, git=git) as source:
        if _no_data(source, sha) is not None:
            return Dataset(git.root), Side(rev, commit, how, has_data=False)
        ds = load_source(git.root, source, limits, memo)
    return ds, Side(rev, commit, how, tuple(ds.findings))


# -- one board's, person's or seat's story: thp history ------------------------------------
@dataclass(frozen=True)
class Event:
    """A change and the commit that made it."""

    commit: Commit
    change: Change

    def as_dict(self) -> dict[str, Any]:
        return {**self.change.as_dict(), "commit": self.commit.as_dict()}


@dataclass
class Subject:
    """How a history's filters are named for people: as the newest data read names them.

    None where no data read names it (the renderers then fall back to the id).
    The person's name is their public ``name`` in people.yaml, never contact details.
    """

    board: str | None = None  # the board's name
    person: str | None = None
    organisation: str | None = None  # the seat's organisation's name
    role: str | None = None  # the seat's role as the data writes it

    def add(self, state: _State, board: str | None, person: str | None, seat: tuple[str, str] | None) -> None:
        """Take the names ``state`` gives the filters (a later state's names win)."""
        if board is not None and board in state.boards:
            self.board = state.boards[board].name
        if person is not None and person in state.people:
            self.person = state.people[person]
        if seat is not None and seat[0] in state.orgs:
            self.organisation = state.orgs[seat[0]]


@dataclass(frozen=True)
class Timeline:
    """The changes to boards and seats made by each commit, oldest first, that match
    the filters (none: every board and seat). ``walked`` commits that changed
    ``data/`` were read (all of them); ``shallow`` is a shallow clone's oldest commit,
    before which nothing is known."""

    events: list[Event]
    board: str | None = None
    person: str | None = None
    seat: tuple[str, str] | None = None  # (organisation, role)
    walked: int = 0
    shallow: Commit | None = None
    subject: Subject = field(default_factory=Subject, compare=False)  # for sentences; JSON keeps the ids

    def as_dict(self) -> dict[str, Any]:
        return {
            "board": self.board,
            "person": self.person,
            "seat": {"organisation": self.seat[0], "role": self.seat[1]} if self.seat else None,
            "walked": self.walked,
            "shallow": self.shallow.as_dict() if self.shallow else None,
            "events": [e.as_dict() for e in self.events],
        }


def timeline(
    root: Path | str,
    *,
    board: str | None = None,
    person: str | None = None,
    seat: tuple[str, str] | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> Timeline:
    """When each seat (and board) was added, changed or removed, read from the
    first-parent history of HEAD: each commit that changed ``data/`` is compared
    with the one before it, and each ``data/`` tree is loaded once.

    Filters combine: ``board`` (its id), ``person`` (a person id), ``seat``
    (organisation id and role; the role's case is ignored). With ``person`` or
    ``seat``, only seat changes are kept. ThpError if a filter names nothing
    found anywhere in the history read, with the nearest name found.
    """
    with Git(root) as git:
        states = _States(git, limits)
        steps, base, shallow = _changed_data(git)
        prev = states.at(base.full, states.tree(base.full)) if base else _State()
        seen = _Seen()
        named = board is not None or person is not None or seat is not None
        subject = Subject()
        if named:
            seen.add(prev, None)
            subject.add(prev, board, person, seat)
        events: list[Event] = []
        for n, (rev, raw) in enumerate(steps):
            now = states.advance(prev, rev, raw)
            if named:
                seen.add(now, prev)
                subject.add(now, board, person, seat)
            begins = n == 0 and base is None  # the oldest commit with data/: already recorded
            made = _diff(prev, now, begins)
            events.extend(Event(rev.commit, c) for c in made if _matches(c, board, person, seat))
            prev = now
    if not events:
        _check_named(seen, board, person, seat)
    if seat is not None:  # the role as the newest seat of that organisation writes it
        org, role = seat[0], seat[1].casefold()
        roles = (s.role for s in reversed(seen.members) if s.organisation == org)
        subject.role = next((r for r in roles if r.casefold() == role), None)
    return Timeline(events, board, person, seat, len(steps), shallow, subject)


def _changed_data(git: Git) -> tuple[list[tuple[_Rev, list[_Raw]]], _Rev | None, Commit | None]:
    """The commits whose ``data/`` differs from their first parent's, oldest first, with
    what each changed (all of them: git finds them, so only those are read), the commit
    they start from when the history stops at a shallow clone's oldest commit, and that
    shallow commit (None in a full history): its ``data/`` is where the story starts,
    not an addition."""
    with contextlib.closing(git.raw_chain(git.prefix + DATA)) as chain:
        steps = list(chain)
    if steps and steps[-1][0].full in git.shallow():  # older commits are not in this clone
        base = steps.pop()[0]
        return steps[::-1], base, base.commit
    return steps[::-1], None, None


class _Seen:
    """Every board id, and every seat, that any state read held: what a filter may name."""

    def __init__(self) -> None:
        self.boards: set[str] = set()
        self.members: list[m.Member] = []

    def add(self, state: _State, before: _State | None) -> None:
        self.boards.update(state.boards, state.unknown_boards)
        for board_id, board in state.boards.items():
            old = before.boards.get(board_id) if before is not None else None
            if board is not old and board.seats:
                self.members.extend(board.seats.values())


def _matches(change: Change, board: str | None, person: str | None, seat: tuple[str, str] | None) -> bool:
    if change.kind not in ("board", "seat") or (board is not None and change.board != board):
        return False
    if person is None and seat is None:
        return True
    if change.seat is None:
        return False
    if person is not None and person not in {change.seat["person"], *change.fields.get("person", ())}:
        return False
    if seat is not None:
        org, role = seat
        orgs = {change.seat["organisation"], change.fields.get("organisation", (None,))[0]}
        roles = {change.seat["role"], change.fields.get("role", (None,))[0]}
        if org not in orgs or role.casefold() not in {str(r).casefold() for r in roles if r}:
            return False
    return True


def _check_named(seen: _Seen, board: str | None, person: str | None, seat: tuple[str, str] | None) -> None:
    """ThpError if a filter names a board, person or seat that no revision read had."""
    boards, members = seen.boards, seen.members
    if board is not None and board not in boards:
        hint = did_you_mean(board, sorted(boards))
        raise ThpError(clean(f"no board '{board}' in the history of data/{hint}", 400))
    if person is not None and person not in {x.person for x in members if x.person}:
        hint = did_you_mean(person, sorted({x.person for x in members if x.person}))
        raise ThpError(clean(f"no seat held by person '{person}' in the history of data/{hint}", 400))
    if seat is not None:
        org, role = seat
        pairs = {(x.organisation or "", x.role) for x in members}
        if not any(o == org and r.casefold() == role.casefold() for o, r in pairs):
            roles = sorted(r for o, r in pairs if o == org)
            hint = did_you_mean(role, roles) if roles else did_you_mean(org, sorted({o for o, _ in pairs}))
            raise ThpError(clean(f"no seat '{role}' of '{org}' in the history of data/{hint}", 400))
