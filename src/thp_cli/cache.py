"""A content cache: answers thp worked out before, kept by a hash of what they came from.

Each value is stored under a *key* made by :func:`digest` from the bytes the
answer depends on, thp's version, the Python version and :data:`FORMAT`, so a
stale answer cannot be served: changed input is a different key, and so is a
different thp. Values live under ``.thp-cache/`` in the repository's root (git
ignores it), or in the user's cache folder when the root cannot be written.

A value is written to a temporary file and renamed into place, so two runs at
once never leave a half-written entry. Each entry starts with a header (a magic
line, the version stamp, its own key, and the length and hash of the payload);
an entry whose header does not match, or whose payload is short or altered, is
ignored as though absent and rebuilt. Entries are unpickled only from a folder
thp made (it holds thp's tag file) and only after the header checks. The
payload's hash is keyed with a secret kept outside every repository, in the
user's cache folder (:func:`secret`), so an entry someone else wrote (say, one
committed to the repository in a pull request, for CI to run) never checks
and is never unpickled: thp unpickles only what this user's thp wrote. Nothing
here raises: a cache that cannot be read or written is a cache that is not there.

``--no-cache`` (:func:`disable`) or ``THP_NO_CACHE=1`` turn the cache off: then
nothing is read or written.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import sys
from pathlib import Path
from typing import Any

from . import __version__

FORMAT = 5
"""Bumped whenever what thp stores changes shape."""

FOLDER = ".thp-cache"
TAG_NAME = "CACHEDIR.TAG"
TAG = (
    b"Signature: 8a477f597d28d172789f06886806bc55\n"
    b"# This folder is thp's cache (https://bford.info/cachedir/); it may be deleted at any time.\n"
)
MAGIC = b"thp-cache\n"
ENV = "THP_NO_CACHE"

_disabled = False

CLOCK_NAME = ".clock"
CHANGE_TIMES = os.name != "nt"
"""Whether a file's change time (``st_ctime``) is the time of its last write, which no program
can set back (POSIX); on Windows it is the time the file was made."""


_stamps: dict[tuple[int, str], bytes] = {}


def stamp() -> bytes:
    """What every key and header carries: the format, thp's version and Python's (made once
    for each format and version: a run asks for it once a file)."""
    made = _stamps.get((FORMAT, __version__))
    if made is None:
        python = ".".join(str(part) for part in sys.version_info[:3])
        made = f"format {FORMAT}; thp {__version__}; python {python} {sys.implementation.name}".encode()
        _stamps[FORMAT, __version__] = made
    return made


def digest(*parts: bytes | str) -> str:
    """The key of a value that depends on ``parts`` (and on thp's version stamp)."""
    h = hashlib.blake2b(digest_size=32)
    h.update(stamp())
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


def disable() -> None:
    """Turn the cache off for this process (``--no-cache``)."""
    global _disabled
    _disabled = True


def enabled() -> bool:
    """Whether the cache is on: neither ``--no-cache`` nor ``THP_NO_CACHE`` (other than empty or 0)."""
    return not _disabled and os.environ.get(ENV, "") in ("", "0")


def _user_folder() -> Path:
    """The user's cache folder for thp."""
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "thp"
    if sys.platform.startswith("win"):
        return Path(os.environ.get("LOCALAPPDATA") or Path.home()) / "thp" / "cache"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "thp"


def _ours(folder: Path) -> bool:
    """Whether ``folder`` is a real folder (no link) that thp made: it holds thp's tag."""
    try:
        info = os.lstat(folder)
        if not os.path.isdir(folder) or os.path.islink(folder):
            return False
        if hasattr(os, "getuid") and info.st_uid != os.getuid():
            return False
        with open(folder / TAG_NAME, "rb") as handle:
            return handle.read(len(TAG) + 1) == TAG
    except OSError:
        return False


def _make(folder: Path) -> bool:
    """Make ``folder`` as thp's cache folder (or find it already made); whether it is usable."""
    if _ours(folder):
        return True
    try:
        if os.path.lexists(folder) and not os.path.isdir(folder):
            return False
        os.makedirs(folder, exist_ok=True)
        if set(os.listdir(folder)) - {SECRET_NAME}:  # something else's folder: leave it alone
            return False
        _write(folder / ".gitignore", b"# thp's cache: never committed\n*\n")
        _write(folder / TAG_NAME, TAG)
    except OSError:
        return False
    return _ours(folder)


def _write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file renamed into place."""
    import tempfile

    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _writable(folder: Path) -> bool:
    return os.access(folder, os.W_OK | os.X_OK)


def location(root: Path | str) -> Path | None:
    """Where the cache of the repository at ``root`` lives (made if need be), or None if nowhere."""
    here = Path(root) / FOLDER
    if _ours(here) and _writable(here):
        return here
    if not os.path.lexists(here) and _writable(Path(root)) and _make(here):
        return here
    if _ours(here):  # read-only: still worth reading
        return here
    user = _user_folder()
    try:
        os.makedirs(user.parent, exist_ok=True)
    except OSError:
        return None
    return user if _make(user) else None


class Cache:
    """One namespace (``files``, ``runs``, ``overlap``, ...) of a cache folder."""

    def __init__(self, folder: Path, namespace: str) -> None:
        self.folder = folder / namespace
        self.namespace = namespace

    def path(self, key: str) -> Path:
        """Where the value of ``key`` is kept (keys are hex digests)."""
        return self.folder / f"{key}.pickle"

    def get(self, key: str) -> Any | None:
        """The value stored under ``key``, or None if absent, unreadable, foreign or damaged."""
        if not _is_key(key):
            return None
        try:
            flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)
            fd = os.open(self.path(key), flags)
            with os.fdopen(fd, "rb") as handle:
                blob = handle.read()
        except OSError:
            return None
        payload = _payload(blob, key)
        if payload is None:
            return None
        import pickle

        try:
            return pickle.loads(payload)  # thp's own file: header and hash checked
        except Exception:  # noqa: BLE001 - a damaged entry is one not there
            return None

    def clock(self) -> tuple[int, int] | None:
        """The time now by the clock of the disk this namespace is on, and that disk's device:
        a file of the namespace touched, and its time read (None where that cannot be done, or
        where a file's change time is not the last write's: on Windows it is its making)."""
        if not CHANGE_TIMES:
            return None
        try:
            os.makedirs(self.folder, exist_ok=True)
            fd = os.open(
                self.folder / CLOCK_NAME, os.O_WRONLY | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o600
            )
            try:
                os.utime(fd)  # now, as the disk tells the time (a network disk: its server's)
                info = os.fstat(fd)
            finally:
                os.close(fd)
        except (OSError, NotImplementedError):
            return None
        return info.st_mtime_ns, info.st_dev

    def put(self, key: str, value: Any) -> bool:
        """Store ``value`` under ``key``; whether it was stored (a failure is not an error)."""
        if not _is_key(key):
            return False
        import pickle

        try:
            payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # noqa: BLE001 - a value that cannot be kept is simply not kept
            return False
        try:
            os.makedirs(self.folder, exist_ok=True)
            _write(self.path(key), _header(key, payload) + payload)
        except OSError:
            return False
        return True


def _is_key(key: str) -> bool:
    return len(key) == 64 and all(c in "0123456789abcdef" for c in key)


_secret: bytes | None = None
SECRET_NAME = "secret"
SECRET_SIZE = 32


def secret() -> bytes:
    """The key that signs this user's entries: kept in the user's cache folder (never in a
    repository), made on first use; where it cannot be kept, a key for this process only
    (the cache then serves nothing across runs, which is safe)."""
    global _secret
    if _secret is None:
        _secret = _read_secret() or os.urandom(SECRET_SIZE)
    return _secret


def _read_secret() -> bytes | None:
    """The user's key, made if need be (atomically: two runs at once agree on one), or None."""
    folder = _user_folder()
    path = folder / SECRET_NAME
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
        if not os.path.lexists(path):
            import tempfile

            fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=folder)
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(os.urandom(SECRET_SIZE))
                with contextlib.suppress(FileExistsError):
                    os.link(tmp, path)  # never replaces a key another run made first
            finally:
                os.unlink(tmp)
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)
        fd = os.open(path, flags)
        info = os.fstat(fd)
        with os.fdopen(fd, "rb") as handle:
            key = handle.read(SECRET_SIZE + 1)
    except OSError:
        return None
    if len(key) != SECRET_SIZE or (hasattr(os, "getuid") and info.st_uid != os.getuid()):
        return None
    return key


def _check(payload: bytes) -> str:
    return hashlib.blake2b(payload, digest_size=32, key=secret()).hexdigest()


def _header(key: str, payload: bytes) -> bytes:
    check = _check(payload)
    return MAGIC + stamp() + b"\n" + f"{key}\n{len(payload)}\n{check}\n".encode()


def _payload(blob: bytes, key: str) -> bytes | None:
    """The payload of an entry whose header matches ``key`` and whose bytes are whole, else None."""
    head = MAGIC + stamp() + b"\n" + key.encode() + b"\n"
    if not blob.startswith(head):
        return None
    rest = blob[len(head) :]
    parts = rest.split(b"\n", 2)
    if len(parts) != 3 or not parts[0].isdigit():
        return None
    size, check, payload = int(parts[0]), parts[1], parts[2]
    if len(payload) != size:
        return None
    if not hmac.compare_digest(_check(payload).encode(), check):
        return None
    return payload


def open_cache(root: Path | str, namespace: str) -> Cache | None:
    """The cache namespace ``namespace`` for the repository at ``root``, or None when the cache
    is off (``--no-cache``, ``THP_NO_CACHE``) or there is nowhere to keep it."""
    if not enabled():
        return None
    folder = location(root)
    return None if folder is None else Cache(folder, namespace)
