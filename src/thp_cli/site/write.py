"""The site's folder: what ``thp site build`` may write into, and writing it all or none.

thp keeps a manifest (``.thp-site.json``) of the files it wrote, with a digest of each.
A folder with no manifest is written only if it is empty; a file thp did not write is
never replaced nor deleted; a page thp wrote and no longer makes is removed only while it
holds the bytes thp wrote. Only files whose bytes change are written, so the others keep
their times. The new files are first written to a folder beside the site; only when all are
there are they moved in, each in one step, and a failure puts back what was moved.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import Flag, ThpError
from ..inert import one_line

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

MANIFEST = ".thp-site.json"
# a path thp writes in the site: folders and a file, no "." or ".." (so never outside it)
_SITE_PATH = re.compile(r"(?!\.\.?(?:/|$))[A-Za-z0-9_-][A-Za-z0-9._-]*(?:/(?!\.\.?(?:/|$))[A-Za-z0-9._-]+)*")
FORMAT = "thp-site 1"


@dataclass
class Written:
    """What a build did to the folder: files written, left as they were, removed, and pages
    no longer made that were kept because they were changed by hand."""

    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def check_out(out: Path, root: Path) -> dict[str, str] | None:
    """The manifest of the site in ``out`` (None: a new or empty folder), or a ThpError when
    ``out`` is no place for a site: the data folder (or inside it), the repository's root, a
    folder that holds the repository, or a folder of files thp did not write."""
    from ..history.git import in_git

    where = out.resolve()
    home = root.resolve()
    data = home / "data"
    shown = one_line(str(out))
    if where == data or data in where.parents:
        raise ThpError(
            Flag("out"), f" {shown} is the partnership's data folder; give a folder of its own, such as site"
        )
    tops = {home}
    if in_git(root):
        from ..history.git import Git

        with contextlib.suppress(ThpError, OSError), Git(root) as git:
            tops.add(Path(git.root).resolve())
    if where in tops or any(where in top.parents for top in tops):
        raise ThpError(
            Flag("out"),
            f" {shown} is the repository itself (or holds it); give a folder of its own, such as site",
        )
    if not where.exists():
        return None
    if not where.is_dir():
        raise ThpError(Flag("out"), f" {shown} is a file, not a folder")
    manifest = where / MANIFEST
    if not manifest.is_file():
        if any(where.iterdir()):
            raise ThpError(
                Flag("out"),
                f" {shown} holds files thp did not write (it has no {MANIFEST}); thp writes a site only "
                "into an empty folder or one it wrote before: give an empty or new folder",
            )
        return None
    return _read_manifest(manifest, shown)


def _read_manifest(manifest: Path, shown: str) -> dict[str, str]:
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
        files = data["files"] if data.get("format") == FORMAT else None
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        files = None
    if not isinstance(files, dict) or not all(
        isinstance(k, str) and isinstance(v, str) and _SITE_PATH.fullmatch(k) for k, v in files.items()
    ):
        raise ThpError(
            f"{shown}/{MANIFEST}, the list of files thp wrote, cannot be read, so thp cannot tell its "
            "files from others; give an empty or new folder, or delete the site's folder and build again"
        )
    return files


def manifest_bytes(digests: dict[str, str]) -> bytes:
    """The manifest: every file thp wrote in the site, with the digest of its bytes."""
    listed = dict(sorted(digests.items()))
    return (json.dumps({"format": FORMAT, "files": listed}, indent=1, sort_keys=True) + "\n").encode()


@dataclass
class Plan:
    """A site's folder, checked for the paths a build makes before any page is made."""

    target: Path
    old: dict[str, str] | None  # the manifest of the site already there (None: none)


def plan(out: Path, root: Path, paths: list[str]) -> Plan:
    """Check that every file of ``paths`` may be written into ``out``: a ThpError, before any
    work, when a folder on the way is a link or a file thp did not write is in the way."""
    old = check_out(out, root)
    target = out.resolve()
    for path in sorted(paths):
        if through_link(target, path):
            raise ThpError(
                f"{one_line(str(out / path))}: a folder on its way is a link to elsewhere; thp writes a "
                "site only into its own folders: give an empty or new folder"
            )
        if old is not None and path not in old and os.path.lexists(target / path):
            raise ThpError(
                f"{one_line(str(out / path))} was not written by thp, and the site needs its place; "
                "move it elsewhere or give an empty folder"
            )
    return Plan(target, old)


class Stage:
    """A folder beside the site that each file whose bytes change is written to as soon as it
    is made, so the pages never all wait in memory; :func:`finish` moves them in. On leaving
    it (``with``), the folder goes, and so do the folders made to hold it unless the site was
    written."""

    def __init__(self, target: Path) -> None:
        self.target = target
        self.made = [folder for folder in reversed(target.parents) if not folder.exists()]
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            self.folder = Path(tempfile.mkdtemp(prefix=f".{target.name}.thp-", dir=target.parent))
        except OSError as error:
            self._unmake()
            raise cannot_write(target, error) from None
        self.new = self.folder / "new"

    def put(self, path: str, data: bytes) -> tuple[str, bool]:
        """Stage ``data``, the file at ``path`` in the site, unless the site holds those bytes
        there already: its digest, and whether it changes."""
        here = self.target / path
        try:
            same = here.is_file() and not here.is_symlink() and here.read_bytes() == data
        except OSError:
            same = False
        if not same:
            try:
                (self.new / path).parent.mkdir(parents=True, exist_ok=True)
                (self.new / path).write_bytes(data)
            except OSError as error:
                raise cannot_write(self.target, error) from None
        return digest(data), not same

    def put_text(self, path: str, text: Iterable[str]) -> tuple[str, bool]:
        """:meth:`put` for a file whose text comes a piece at a time (each piece made to encode,
        :func:`thp_cli.inert.for_file`): written as it comes, never whole in memory."""
        from ..inert import for_file

        here, staged = self.target / path, self.folder / "parts" / path
        sha = hashlib.sha256()
        try:
            staged.parent.mkdir(parents=True, exist_ok=True)
            with staged.open("wb") as out:
                for batch in _batches(text):
                    data = for_file(batch).encode("utf-8")
                    sha.update(data)
                    out.write(data)
        except OSError as error:
            raise cannot_write(self.target, error) from None
        try:
            same = here.is_file() and not here.is_symlink() and _same_bytes(here, staged)
        except OSError:
            same = False
        try:
            if same:
                staged.unlink()
            else:
                (self.new / path).parent.mkdir(parents=True, exist_ok=True)
                os.replace(staged, self.new / path)
        except OSError as error:
            raise cannot_write(self.target, error) from None
        return sha.hexdigest(), not same

    def _unmake(self) -> None:
        for folder in reversed(self.made):
            with contextlib.suppress(OSError):
                folder.rmdir()

    def __enter__(self) -> Stage:
        return self

    def __exit__(self, kind: object, *_: object) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
        if kind is not None or not self.target.exists():
            self._unmake()


def _batches(text: Iterable[str], size: int = 1 << 20) -> Iterator[str]:
    """``text``'s pieces joined into batches of about ``size`` characters (an encoder's pieces
    are a token each: handled one by one, they would cost more than the encoding)."""
    batch: list[str] = []
    held = 0
    for piece in text:
        batch.append(piece)
        held += len(piece)
        if held >= size:
            yield "".join(batch)
            batch, held = [], 0
    yield "".join(batch)


def _same_bytes(one: Path, other: Path) -> bool:
    """Whether two files hold the same bytes, read a block at a time."""
    if one.stat().st_size != other.stat().st_size:
        return False
    with one.open("rb") as a, other.open("rb") as b:
        while True:
            block = a.read(1 << 20)
            if block != b.read(1 << 20):
                return False
            if not block:
                return True


def finish(site: Plan, stage: Stage, digests: dict[str, str], changed: list[str]) -> Written:
    """Move the staged files (``changed``) into the site, and out the pages thp wrote and no
    longer makes (``digests``: every file made, with its digest), all or none."""
    target, old = site.target, site.old
    done = Written(unchanged=len(digests) - len(changed))
    gone = []
    for path in sorted(set(old or {}) - set(digests)):
        here = target / path
        try:
            if through_link(target, path):
                done.kept.append(path)  # never deleted through a link to elsewhere
            elif here.is_file() and not here.is_symlink() and digest(here.read_bytes()) == (old or {})[path]:
                gone.append(path)
            elif os.path.lexists(here):
                done.kept.append(path)
        except OSError:
            done.kept.append(path)
    if not changed and not gone and old is not None:
        return done
    moved = sorted(changed)
    try:
        stage.new.mkdir(exist_ok=True)
        (stage.new / MANIFEST).write_bytes(manifest_bytes(digests))
        if not target.exists():
            os.rename(stage.new, target)
        else:
            _swap(target, stage.new, stage.folder / "old", [*moved, MANIFEST], gone)
    except OSError as error:
        raise cannot_write(target, error) from None
    done.written = moved
    done.removed = gone
    return done


def cannot_write(target: Path, error: OSError) -> ThpError:
    return ThpError(
        f"cannot write the site to {one_line(str(target))}: {error.strerror or error}; nothing was changed"
    )


def through_link(target: Path, path: str) -> bool:
    """Whether a folder between ``target`` and the file ``path`` in it is a symbolic link."""
    parts = path.split("/")[:-1]
    return any(os.path.islink(target.joinpath(*parts[: i + 1])) for i in range(len(parts)))


def _swap(target: Path, new: Path, kept: Path, changed: list[str], gone: list[str]) -> None:
    moved: list[tuple[str, bool]] = []  # (path, had an old file kept)
    made: list[Path] = []  # folders made in the site
    try:
        for path in sorted(changed, key=lambda p: p == MANIFEST):  # the manifest last
            here = target / path
            for folder in reversed(here.parents):
                if target in folder.parents and not folder.exists():
                    folder.mkdir()
                    made.append(folder)
            had = os.path.lexists(here)
            if had:
                (kept / path).parent.mkdir(parents=True, exist_ok=True)
                os.link(here, kept / path, follow_symlinks=False)
            os.replace(new / path, here)
            moved.append((path, had))
        for path in gone:
            (kept / path).parent.mkdir(parents=True, exist_ok=True)
            os.replace(target / path, kept / path)
            moved.append((path, True))
    except BaseException:
        for path, had in reversed(moved):
            with contextlib.suppress(OSError):
                if had:
                    os.replace(kept / path, target / path)
                else:
                    os.unlink(target / path)
        for folder in reversed(made):
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise
