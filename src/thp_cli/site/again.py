"""A build that would write nothing, known without making a page.

The *key* of a build is a digest (:func:`thp_cli.cache.digest`, which carries thp's version
and Python's) of everything its files are made from: every file under ``data/``, byte for
byte; thp's own code and templates, byte for byte; the versions of the libraries that write
the pages and downloads; the edition, the day, the published address, today's date and the
folders; and, in git, what the history is read from (HEAD, the shallow clone's boundary,
replacement refs and grafts). After a build, thp keeps under its key what the build said and
a digest of the manifest it left (thp's cache, namespace ``site``).

A build whose key is kept, whose folder holds that very manifest, and each of whose files
still holds the bytes the manifest lists (each read and hashed; no folder on the way a link)
would make the same files and write none: it says what the last build said, and makes no
page. Anything else (a changed or missing file, a page edited by hand, an unreadable entry,
``--no-cache``) builds as before.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import datetime as dt

    from ..cache import Cache

NAMESPACE = "site"
LIBRARIES = ("jinja2", "markupsafe", "icalendar", "pydantic", "pydantic_core", "ruamel.yaml", "networkx")
_BLOCK = 1 << 20


@dataclass(frozen=True)
class Said:
    """What a build said, kept to be said again: pages, data errors, what they left out, the
    notice of a past day read from disk, whether a sitemap was made; and the digest of the
    manifest it left."""

    manifest: str
    files: int
    pages: int
    errors: int
    left_out: list[str]
    notice: str
    sitemap: bool


@dataclass(frozen=True)
class Options:
    """What a build was asked for."""

    internal: bool
    on: dt.date
    today: dt.date
    base_url: str


def _tree(h: Any, top: Path) -> None:
    """Every file under ``top`` into ``h``: its path and its bytes, in order of path (Python's
    compiled files left out: they are made from the code, as it runs)."""
    for folder, dirs, names in os.walk(top):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(names):
            path = Path(folder, name)
            for part in (str(path.relative_to(top)).encode("utf-8", "surrogateescape"), path.read_bytes()):
                h.update(len(part).to_bytes(8, "little"))
                h.update(part)


def _git(root: Path) -> bytes:
    """What the history is read from, in git: HEAD, the shallow boundary, replacement refs
    and grafts (b'' outside git)."""
    from ..history.git import Git, in_git

    if not in_git(root):
        return b""
    with Git(root) as git:
        said = [git.output("rev-parse", "--verify", "--quiet", "HEAD") or "no HEAD"]
        said.append(git.output("for-each-ref", "refs/replace") or "")
        for name in ("shallow", "info/grafts"):
            where = git.output("rev-parse", "--git-path", name)
            path = Path(git.top, where) if where else None
            said.append(path.read_text("utf-8", "surrogateescape") if path and path.is_file() else "")
    return "\0".join(said).encode("utf-8", "surrogateescape")


def key(root: Path, target: Path, options: Options) -> str | None:
    """The key of this build; None if anything it rests on cannot be read."""
    from importlib import metadata

    from .. import cache
    from ..errors import ThpError
    from ..templating import default_templates

    h = hashlib.blake2b(digest_size=32)
    try:
        for top in (root / "data", Path(__file__).resolve().parent.parent, default_templates()):
            _tree(h, top)
        versions = []
        for name in LIBRARIES:
            try:
                versions.append(f"{name} {metadata.version(name)}")
            except metadata.PackageNotFoundError:
                versions.append(f"{name} absent")
        git = _git(root)
    except (OSError, ThpError, ValueError):
        return None
    said = [str(root.resolve()), str(target), repr(options), *versions]
    return cache.digest("site build", h.hexdigest(), *said, git)


def recall(store: Cache, build: str, target: Path, old: dict[str, str]) -> Said | None:
    """What the last build of ``build`` said, if the site in ``target`` (whose manifest lists
    ``old``) is still exactly as it left it; else None."""
    from .write import MANIFEST, through_link

    said = store.get(build)
    if not isinstance(said, Said) or said.files != len(old):
        return None
    try:
        if _sha256(target / MANIFEST) != said.manifest:
            return None
        for path, sha in old.items():
            here = target / path
            if through_link(target, path) or here.is_symlink() or _sha256(here) != sha:
                return None
    except OSError:
        return None
    return said


def remember(store: Cache, build: str, target: Path, said: Said) -> None:
    """Keep what this build said, with the digest of the manifest it left."""
    from .write import MANIFEST

    try:
        manifest = _sha256(target / MANIFEST)
    except OSError:
        return
    store.put(
        build, Said(manifest, said.files, said.pages, said.errors, said.left_out, said.notice, said.sitemap)
    )


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        while block := f.read(_BLOCK):
            h.update(block)
    return h.hexdigest()
