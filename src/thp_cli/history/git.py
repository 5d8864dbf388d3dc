"""Reading a git repository: commits, objects and the history of ``data/``.

* :class:`Git` runs git without a shell and keeps one ``git cat-file --batch``
  process for every object it reads.
* :class:`Commit` is a commit as people see it (never the author's email);
  :func:`commit_day` reads git's raw committer date.
* :func:`data_commits` is the one walk of the data's history: the commits of
  HEAD's first-parent history that changed ``data/``, each with the files it
  changed there. ``thp history`` and the annual report's period both read it.

Revisions are user input: they are checked with ``git rev-parse --verify``
before use and never reach a shell. Author emails are never read.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import subprocess
from collections.abc import Generator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from ..dataset.source import DATA
from ..errors import ThpError
from ..text import clean
from .repo import may_be_in_git


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
        """JSON-safe: the day as ISO text, None where unknown."""
        return {"sha": self.sha, "date": self.date.isoformat() if self.date else None, "author": self.author}

    @property
    def shown_date(self) -> str:
        """The day as ISO text, or "date unknown"."""
        return self.date.isoformat() if self.date else "date unknown"

    @property
    def shown_author(self) -> str:
        """The author's name, or "unknown author"."""
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
class Rev:
    """A commit as ``git log`` lists it: its full id, and the :class:`Commit` people see."""

    full: str
    commit: Commit


@dataclass(frozen=True)
class FileChange:
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
            self._batch = self.cat_file_batch()
        return self._batch

    def cat_file_batch(self) -> subprocess.Popen[bytes]:
        """A new ``git cat-file --batch`` in this repository, ids in on stdin, objects out."""
        try:
            return subprocess.Popen(
                ["git", "cat-file", "--batch"],
                cwd=self.top,
                env=_env(),
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
            )
        except FileNotFoundError:
            raise _not_installed() from None

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
        """End the ``git cat-file`` process, if one is running."""
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

    def output(self, *args: str) -> str | None:
        """The output of a git command that may fail (None if it did), without its final newline."""
        done = self._run(args)
        if done.returncode != 0:
            return None
        return done.stdout.decode("utf-8", "surrogateescape").rstrip("\n") or None

    def describe(self, sha: str) -> Commit:
        """Commit ``sha`` as people see it: its short id, day and author's name."""
        record = self.git("log", "-1", "-z", "--no-show-signature", _RAW, _FORMAT, sha, "--")
        return _parse_rev(record.rstrip(b"\0")).commit

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

    def chain(self, *paths: str) -> Generator[Rev, None, None]:
        """The first-parent history of HEAD, newest first, read as it is needed; with
        ``paths`` (relative to the repository's top), only the commits that changed them."""
        for record in self._tokens([*_LOG, *paths]):
            if record:
                yield _parse_rev(record)

    def raw_chain(self, path: str) -> Generator[tuple[Rev, list[FileChange]], None, None]:
        """The commits of HEAD's first-parent history that changed ``path``, newest first,
        each with what it changed there (``git log --raw``: a merge, against its first parent)."""
        rev: Rev | None = None
        files: list[FileChange] = []
        meta: bytes | None = None
        for token in self._tokens([*_LOG[:3], "--raw", "--no-renames", *_LOG[3:], path]):
            token = token.lstrip(b"\n")
            if meta is not None:
                parts = meta[1:].split()
                if len(parts) >= 5:
                    name = token.decode("utf-8", "surrogateescape")
                    files.append(FileChange(parts[1].decode("ascii"), parts[3].decode("ascii"), name))
                meta = None
            elif token.startswith(b":"):
                meta = token
            elif token:
                if rev is not None:
                    yield rev, files
                rev, files = _parse_rev(token), []
        if rev is not None:
            yield rev, files


def has_folder(tree: bytes, name: str, id_size: int) -> bool:
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


def _parse_rev(record: bytes) -> Rev:
    parts = record.strip(b"\n").split(b"\x1f", 3)
    if len(parts) != 4:
        raise ThpError("git log answered in a form thp cannot read")
    full, short, when = (part.decode("ascii", "replace") for part in parts[:3])
    author = clean(parts[3].decode("utf-8", "replace").strip(), 200)  # not UTF-8: shown as \ufffd
    return Rev(full, Commit(short, commit_day(when), author or None))


def in_git(root: Path | str) -> bool:
    """Whether ``root`` is inside the working tree of a git repository (False if git is missing).

    A folder with no ``.git`` in it or above it, and no ``GIT_DIR`` or ``GIT_WORK_TREE`` to
    point git elsewhere, is in none: that is known without starting git. Like git, it looks
    above the folder's real path (a link to a folder inside a repository is inside it)."""
    if not may_be_in_git(root):
        return False
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


@dataclass(frozen=True)
class DataCommits:
    """The commits that changed ``data/``, as :func:`data_commits` read them.

    ``newest_first``: each with the files it changed there, from HEAD back to (not
    including) ``before``. ``before``: the first commit dated before the day the
    walk was asked to stop at (None: the walk reached the oldest commit).
    ``shallow``: the oldest commit read, when the walk reached it and it is a
    shallow clone's oldest commit (it is then the last of ``newest_first``): the
    history stops short there, and what ``data/`` held then is where it starts.
    """

    newest_first: list[tuple[Rev, list[FileChange]]]
    before: Rev | None = None
    shallow: Rev | None = None


def data_commits(git: Git, since: dt.date | None = None) -> DataCommits:
    """The one walk of the data's history: the commits of HEAD's first-parent history
    whose ``data/`` differs from their first parent's, newest first, each with what it
    changed there (git finds them, ``git log --raw -- data``, so only those are read and
    the history is not capped).

    With ``since``, the walk stops at the first commit dated before it (a commit whose
    date git cannot read is neither before nor after: the walk goes past it).
    """
    read: list[tuple[Rev, list[FileChange]]] = []
    with contextlib.closing(git.raw_chain(git.prefix + DATA)) as chain:
        for rev, raw in chain:
            day = rev.commit.date  # None: unreadable, so not before ``since``
            if since is not None and day is not None and day < since:
                return DataCommits(read, rev)
            read.append((rev, raw))
    if read and read[-1][0].full in git.shallow():  # older commits are not in this clone
        return DataCommits(read, None, read[-1][0])
    return DataCommits(read)
