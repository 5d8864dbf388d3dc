"""``thp schema``: write (or, with --check, compare) the schemas and, with --modelines,
the data files' modelines; all the files are written or none."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from ..atomic import write_all
from ..errors import Flag, ThpError
from ..text import clean
from ..yamlio.bounds import DEFAULT_LIMITS, read_regular
from .kinds import KINDS, SCHEMA_FOLDER, render
from .modelines import data_files, modeline_target, schema_link, with_modeline


@dataclass
class SchemaRun:
    """What ``thp schema`` did or, with --check, would do."""

    out: str  # the schemas folder, as shown to the user
    check: bool
    written: list[str] = field(default_factory=list)  # written or, with check, out of date
    missing: list[str] = field(default_factory=list)  # with check: not there at all
    current: list[str] = field(default_factory=list)
    modelines: list[str] = field(default_factory=list)  # added or, with check, missing
    foreign: list[tuple[str, str, str]] = field(default_factory=list)  # (file, has, expected)

    @property
    def ok(self) -> bool:
        """With --check: everything is up to date."""
        stale = self.written or self.missing or self.modelines or self.foreign
        return not (self.check and stale)

    def lines(self) -> list[str]:
        """What to tell the user, in plain English."""
        out = []
        if self.check:
            out += [f"{f} is missing" for f in self.missing]
            out += [f"{f} is out of date" for f in self.written]
            out += [f"{f} has no schema modeline" for f in self.modelines]
        else:
            out += [f"wrote {f}" for f in self.written]
            out += [f"{f}: added the schema modeline" for f in self.modelines]
        out += [
            f"{f}: its modeline names {has}, not {expected}; thp leaves it as it is: correct it by hand"
            for f, has, expected in self.foreign
        ]
        total = len(self.written) + len(self.missing) + len(self.current)
        where = self.out.rstrip("/") + "/"
        if not self.ok:
            fix = "thp schema --modelines" if self.modelines else "thp schema"
            out.append(f"not up to date: run {fix} to bring it up to date")
        elif self.check:
            out.append(f"the {total} schemas in {where} are up to date")
        else:
            out.append(
                f"{total} schemas in {where}: {len(self.written)} written, {len(self.current)} unchanged"
            )
        return [clean(line) for line in out]


def _shown(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


def run(root: Path, out: Path | None = None, check: bool = False, modelines: bool = False) -> SchemaRun:
    """Write (or, with ``check``, compare) the schemas, and with ``modelines`` the data files' modelines.

    All the files are written or none: the new bytes are all put on disk before any
    file is replaced (:func:`atomic.write_all`), and a folder made for the schemas is
    removed again if writing fails. ThpError says which file or folder, and why.
    """
    from ..dataset.source import data_dir

    if out is None or modelines:
        data_dir(root)  # a partnership repository: refuse to litter any other folder
    folder = out if out is not None else root / SCHEMA_FOLDER
    result = SchemaRun(_shown(folder, root), check)
    if os.path.lexists(folder) and not os.path.isdir(folder):
        given: tuple[str | Flag, ...] = (Flag("out"), " ") if out is not None else ()
        raise ThpError(*given, f"{clean(str(folder), 300)} is not a folder")
    writes: dict[Path, bytes] = {}
    for kind in KINDS:
        path = folder / kind.file_name
        fresh = render(kind).encode("utf-8")
        try:
            same = read_regular(path, len(fresh) + 1) == fresh  # a pipe or device is refused, not read
        except OSError:
            if check:
                result.missing.append(_shown(path, root))
                continue
            same = False
        (result.current if same else result.written).append(_shown(path, root))
        if not same:
            writes[path] = fresh
    if modelines:
        writes.update(_modelines(root, folder, result))
    if not check and writes:
        _write_all(folder, writes)
    return result


def _write_all(folder: Path, writes: dict[Path, bytes]) -> None:
    """Make ``folder`` if need be and write every file of ``writes``, or change nothing."""
    absolute = Path(os.path.abspath(folder))
    made = [p for p in (absolute, *absolute.parents) if not os.path.lexists(p)]
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        _remove_empty(made)
        said = error.strerror or error
        raise ThpError(
            f"cannot make the schemas folder {clean(str(folder), 300)}: {said}; nothing was written"
        ) from None
    try:
        write_all(writes)
    except OSError as error:
        _remove_empty(made)
        where = clean(str(error.filename or folder), 300)
        raise ThpError(f"cannot write {where}: {error.strerror or error}; nothing was written") from None
    except BaseException:
        _remove_empty(made)
        raise


def _remove_empty(made: list[Path]) -> None:
    """Remove the folders this run made (``made`` is deepest first) while they are empty."""
    for path in made:
        try:
            path.rmdir()
        except OSError:
            if os.path.lexists(path):  # not empty (or not removable): nor are the folders above it
                return


def _modelines(root: Path, schemas: Path, result: SchemaRun) -> dict[Path, bytes]:
    """The data files that need a modeline, with it added; each is listed on ``result``."""
    from ..dataset.source import data_dir

    writes: dict[Path, bytes] = {}
    limit = DEFAULT_LIMITS.max_bytes
    for path, kind in data_files(data_dir(root)):
        try:
            raw = read_regular(path, limit + 1)  # never through a link, never waiting on a pipe
        except OSError as error:
            raise ThpError(f"cannot read {clean(str(path), 300)}: {error.strerror or error}") from None
        if len(raw) > limit:
            raise ThpError(
                f"{clean(str(path), 300)} is larger than the {limit // 1048576} MiB thp reads; "
                "no modeline was added to any file"
            )
        expected = schema_link(path, schemas, kind)
        has = modeline_target(raw)
        shown = _shown(path, root)
        if has is None:
            result.modelines.append(shown)
            writes[path] = with_modeline(raw, expected)
        elif has != expected:
            result.foreign.append((shown, has, expected))
    return writes
