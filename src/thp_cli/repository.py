"""Read a whole ``data/`` tree into one indexed :class:`Dataset`.

Each file is loaded on its own (a broken file never hides another file's
findings), and each record of a list file (organisations, people, calls to
action) is checked on its own, so one bad entry does not drop its
neighbours. Ids of records that exist but failed validation are kept in
``Dataset.broken`` so that references to them do not cascade into findings
of their own.

Files are read through a :class:`Source`: the disk (:class:`DiskSource`) or
a git revision (``history.GitSource``). Both give each file's kind and size
before its bytes, and share :func:`loader.load_entry`, so the size cap, the
refusal of symbolic links and the UTF-8 check are the same wherever the
data comes from.
"""

from __future__ import annotations

import os
import re
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import Any, Generic, Protocol, TypeVar

from pydantic import BaseModel, ValidationError

from . import model as m
from .errors import ThpError
from .findings import Finding, Severity
from .loader import (
    DEFAULT_LIMITS,
    FileKind,
    Limits,
    Loaded,
    SourceMap,
    disk_kind,
    load_entry,
    read_regular,
    refused,
)
from .rules.files import id_mismatch_message, yml_message
from .schema_errors import Named, complete_named, findings_from
from .text import quote

T = TypeVar("T", bound=BaseModel)
R = TypeVar("R", bound=BaseModel)

DATA = "data"
FOLDER_LINK = (
    "this is a symbolic link thp will not follow: it reads only folders and files "
    "inside the repository, so a link cannot pull in files from elsewhere; "
    "replace the link with the folder"
)
LINK_TO_FOLDER = (
    "this is a symbolic link to a folder outside the repository; thp does not follow it "
    "and reads nothing in it: remove the link, and keep the partnership's files inside the repository"
)
FILES = ("partnership.yaml", "calls_to_action.yaml", "organisations.yaml", "people.yaml")
RECORD_NOUNS = {"boards": "board", "recommendations": "recommendation"}


def folder_message(folder: str, name: str, kind: str) -> str:
    """What to say for a folder named like a record's file (``x.yaml``, ``x.yml``) in ``folder``."""
    noun = RECORD_NOUNS.get(kind, "data")
    suffix = PurePosixPath(name).suffix
    return (
        f"this is a folder where a {noun} file was expected (its name ends in {suffix}); "
        f"thp reads only files in {folder}/, not folders: move the {noun} files it holds "
        f"up into {folder}/ and remove the folder"
    )


Kept = Mapping[tuple[Hashable, ...], tuple[int, ...]]
"""For a salvaged record: per list (by its path in the record), the index in the file of each entry kept."""


@dataclass(frozen=True)
class Where:
    """A place in a file: the file, its positions, and a path inside it.

    A salvaged record has lost the list entries that had errors, so its
    lists are shorter than the file's: ``kept`` maps an index of the record's
    list back to the entry's index in the file, so that a finding about the
    third seat kept is placed at that seat, not at the third seat written.
    Paths given to :meth:`child`, :meth:`position` and :meth:`finding` are
    in the record's terms; ``path`` is always in the file's.
    """

    file: str
    source: SourceMap
    path: tuple[Hashable, ...] = ()
    kept: Kept = field(default_factory=dict, hash=False)

    def _in_file(self, parts: tuple[Hashable, ...]) -> tuple[Hashable, ...]:
        """``parts``, a path in the record, as the path in the file."""
        if not self.kept:
            return parts
        out = list(parts)
        for i, part in enumerate(parts):
            if isinstance(part, int) and not isinstance(part, bool):
                indexes = self.kept.get(parts[:i])
                if indexes is not None and 0 <= part < len(indexes):
                    out[i] = indexes[part]
        return tuple(out)

    def child(self, *parts: Hashable) -> Where:
        n = len(parts)
        rest = {path[n:]: indexes for path, indexes in self.kept.items() if path[:n] == parts}
        return Where(self.file, self.source, self.path + self._in_file(parts), rest)

    def position(self, *parts: Hashable, key: bool = False) -> tuple[int, int]:
        return self.source.at(self.path + self._in_file(parts), key=key)

    def finding(self, rule: str, message: str, *parts: Hashable, key: bool = False) -> Finding:
        line, column = self.position(*parts, key=key)
        return Finding(self.file, line, column, rule, Severity.ERROR, message)


@dataclass(frozen=True)
class Located(Generic[T]):
    """A record and where it came from.

    ``dropped`` names the top-level fields left out when the record was
    salvaged: they had errors (already reported), so a check that judges
    what a record lacks must not judge those fields.
    """

    record: T
    where: Where
    dropped: frozenset[str] = frozenset()

    @property
    def complete(self) -> bool:
        return not self.dropped

    def judged(self, *fields: str) -> bool:
        """True if none of ``fields`` was dropped: the record can be judged on them."""
        return not self.dropped.intersection(fields)


@dataclass
class Dataset:
    """The partnership as data: every record, indexed, with where it came from."""

    root: Path
    partnership: Located[m.Partnership] | None = None
    calls: dict[int, Located[m.CallToAction]] = field(default_factory=dict)
    actions: dict[str, Located[m.Action]] = field(default_factory=dict)
    organisations: dict[str, Located[m.Organisation]] = field(default_factory=dict)
    people: dict[str, Located[m.Person]] = field(default_factory=dict)
    boards: dict[str, Located[m.Board]] = field(default_factory=dict)
    recommendations: dict[str, Located[m.Recommendation]] = field(default_factory=dict)
    broken: dict[str, set[str]] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    files: int = 0
    named: list[Named] = field(default_factory=list)  # references written as names: hints wait for all ids

    def exists(self, kind: str, key: Any) -> bool:
        index: dict[Any, Any] = getattr(self, kind)
        broken = self.broken.get(kind, set())
        if kind == "actions":  # an action of a call that failed to load is not unknown
            broken = broken | {f"{c}." for c in self.broken.get("calls", set())}
            if f"{str(key).split('.')[0]}." in broken or "*." in broken:
                return True
        return key in index or str(key) in broken or "*" in broken

    def mark_broken(self, kind: str, key: Any) -> None:
        if isinstance(key, (str, int)) and not isinstance(key, bool):
            self.broken.setdefault(kind, set()).add(str(key))


@dataclass(frozen=True)
class Entry:
    """What a path is, known before reading it: its kind and, for a file, its size in bytes.

    ``key``, where the source has one (git's object id), names the content:
    two files with the same key and path load the same, so loading many
    revisions can reuse what an earlier one loaded.
    """

    kind: FileKind
    size: int = 0
    key: str | None = None
    to_folder: bool = False  # a link that leads to a folder (outside the root: one inside is the folder)


class Source(Protocol):
    """Where a partnership's files are read from.

    Paths are relative to the root and use forward slashes (``data/boards``).
    """

    def entry(self, path: str) -> Entry | None:
        """The kind and size of ``path`` (a symbolic link is ``link``), or None if absent."""
        ...

    def names(self, folder: str) -> list[str]:
        """The names of the entries of ``folder``, sorted."""
        ...

    def read(self, path: str, limit: int) -> bytes:
        """At most ``limit`` bytes of the file at ``path``; may raise ``OSError``."""
        ...


class DiskSource:
    """Files under a folder on disk.

    A symbolic link to a folder counts as the folder (``data/boards`` may be
    one); any other link is reported as a link, so the loader refuses it.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self.real_root = os.path.realpath(root)

    def entry(self, path: str) -> Entry | None:
        full = self.root / path
        try:
            info = os.lstat(full)
        except OSError:
            return None
        kind = disk_kind(info)
        if kind == "link" and os.path.isdir(full):
            return Entry("folder") if self.inside(full) else Entry("link", to_folder=True)
        return Entry(kind, info.st_size if kind == "file" else 0)

    def inside(self, path: Path) -> bool:
        """Whether ``path``, links followed, is inside the root (a link to a folder elsewhere is not)."""
        real = os.path.realpath(path)
        return real == self.real_root or real.startswith(self.real_root.rstrip(os.sep) + os.sep)

    def names(self, folder: str) -> list[str]:
        return sorted(os.listdir(self.root / folder))

    def read(self, path: str, limit: int) -> bytes:
        return read_regular(self.root / path, limit)


def data_dir(root: Path) -> Path:
    folder = root / DATA
    # os.path's tests answer False for a name the system refuses (too long); Path's raise on 3.11
    if not os.path.isdir(folder):
        hint = (
            f"; {root} looks like the data folder itself: use --root {root.parent}"
            if os.path.isfile(root / "partnership.yaml") or os.path.isdir(root / "boards")
            else ""
        )
        raise ThpError(
            f"no '{DATA}' folder in {root}; run thp in a partnership repository "
            f"or point at one with --root DIR (or THP_ROOT){hint}"
        )
    return folder


@dataclass(frozen=True)
class Checked(Generic[R]):
    """What validating one record gave: the record (None if unusable), the
    fields dropped to salvage it, and where each kept list entry is in the file."""

    record: R | None
    dropped: frozenset[str] = frozenset()
    kept: Kept = field(default_factory=dict, hash=False)

    def located(self, file: str, source: SourceMap, path: tuple[Hashable, ...] = ()) -> Located[R]:
        assert self.record is not None
        return Located(self.record, Where(file, source, path, self.kept), self.dropped)


def _validate(
    cls: type[R], data: Any, loaded: Loaded, ds: Dataset, prefix: tuple[Hashable, ...] = ()
) -> Checked[R]:
    """Validate ``data``; report errors; salvage what is sound.

    When only optional fields (or single entries of optional lists) are wrong,
    the record is validated again without them, so one bad value does not
    take the whole board out of the partnership and make other files'
    findings vanish or cascade. The result says which fields were dropped
    and, for each list that lost entries, which entries of the file it kept,
    so that findings about the record are still placed where the file has them.
    """
    try:
        return Checked(cls.model_validate(data))
    except ValidationError as error:
        ds.findings.extend(
            findings_from(
                error,
                model=cls,
                data=data,
                file=loaded.file,
                source=loaded.source,
                prefix=prefix,
                named=ds.named,
            )
        )
        pruned = _prune(cls, data, error)
    if pruned is None:
        return Checked(None)
    sound, dropped, kept = pruned
    try:
        return Checked(cls.model_validate(sound), dropped, kept)
    except ValidationError:
        return Checked(None)


def _prune(
    cls: type[BaseModel], data: Any, error: ValidationError
) -> tuple[dict[str, Any], frozenset[str], Kept] | None:
    """``data`` without the optional keys and list entries that have errors,
    the names of the keys touched, and for each list that lost entries the
    index in ``data`` of each entry left; None if a required key is wrong."""
    if not isinstance(data, dict):
        return None
    drop_keys: set[str] = set()
    drop_items: dict[str, set[int]] = {}
    for item in error.errors(include_url=False):
        loc = item["loc"]
        if not loc or not isinstance(loc[0], str):
            return None
        field = cls.model_fields.get(loc[0])
        if field is not None and field.is_required():
            return None
        value = data.get(loc[0])
        if len(loc) > 1 and isinstance(loc[1], int) and isinstance(value, list):
            drop_items.setdefault(loc[0], set()).add(loc[1])
        else:
            drop_keys.add(loc[0])
    pruned = {k: v for k, v in data.items() if k not in drop_keys}
    kept: dict[tuple[Hashable, ...], tuple[int, ...]] = {}
    for key, indexes in drop_items.items():
        if key in pruned:
            kept[(key,)] = tuple(i for i in range(len(pruned[key])) if i not in indexes)
            pruned[key] = [pruned[key][i] for i in kept[(key,)]]
    return pruned, frozenset(drop_keys | set(drop_items)), kept


Memo = dict[tuple[str, str], Loaded]
"""Files already loaded, by (``Entry.key``, path)."""


class _Loader:
    def __init__(self, root: Path, source: Source, limits: Limits, memo: Memo | None = None) -> None:
        self.source = source
        self.limits = limits
        self.memo: Memo = {} if memo is None else memo
        self.ds = Dataset(root)

    def present(self, path: str) -> bool:
        """Whether there is something at ``path`` to load (a link or a folder is refused on loading)."""
        return self.source.entry(path) is not None

    def load(self, path: str, ready: Loaded | None = None, entry: Entry | None = None) -> Loaded:
        """Load the file at ``path`` (``ready``: already loaded; ``entry``: already looked up)."""
        if entry is None:
            entry = self.source.entry(path)
        if ready is not None:
            loaded = ready
            if entry is not None and entry.key is not None:
                self.memo[entry.key, path] = loaded
        elif entry is None:
            loaded = refused(path, "unreadable-file", "the file cannot be read")
        elif entry.key is not None and (entry.key, path) in self.memo:
            loaded = self.memo[entry.key, path]  # never changed once loaded: records are built from copies
        else:
            loaded = load_entry(
                path, entry.kind, entry.size, lambda n: self.source.read(path, n), self.limits
            )
            if entry.key is not None:
                self.memo[entry.key, path] = loaded
        self.ds.files += 1
        self.ds.findings.extend(loaded.findings)
        return loaded

    def missing(self, path: str, what: str, rule: str = "missing-file") -> None:
        self.ds.findings.append(Finding(path, 1, 1, rule, Severity.ERROR, what))

    # -- single-record files --------------------------------------------
    def partnership(self, folder: str) -> None:
        path = f"{folder}/partnership.yaml"
        if not self.present(path):
            self.missing(path, "there is no partnership.yaml; it names the partnership and its plan")
            return
        loaded = self.load(path)
        if loaded.data is None:
            return
        checked = _validate(m.Partnership, loaded.data, loaded, self.ds)
        if checked.record is not None:
            self.ds.partnership = checked.located(loaded.file, loaded.source)

    # -- list files ------------------------------------------------------
    def listed(
        self,
        path: str,
        key: str,
        envelope: type[BaseModel],
        cls: type[R],
        kind: str,
        required: bool = True,
    ) -> list[Located[R]]:
        if not self.present(path):
            if required:
                name = PurePosixPath(path).name
                self.missing(path, f"there is no {name}; it lists the {key.replace('_', ' ')}")
                self.ds.mark_broken(kind, "*")
            return []
        loaded = self.load(path)
        if loaded.data is None:
            self.ds.mark_broken(kind, "*")
            return []
        envelope_ok = _validate(envelope, loaded.data, loaded, self.ds).record is not None
        if not envelope_ok and not isinstance(loaded.data.get(key), list):
            self.ds.mark_broken(kind, "*")
            return []
        out: list[Located[R]] = []
        for index, item in enumerate(loaded.data.get(key) or []):
            prefix: tuple[Hashable, ...] = (key, index)
            checked = _validate(cls, item, loaded, self.ds, prefix)
            if checked.record is None:
                if isinstance(item, dict):
                    self.ds.mark_broken(kind, item.get("id", item.get("number")))
                continue
            out.append(checked.located(loaded.file, loaded.source, prefix))
        return out

    def index(self, kind: str, items: list[Located[Any]], attr: str = "id") -> None:
        table: dict[Any, Located[Any]] = getattr(self.ds, kind)
        for item in items:
            key = getattr(item.record, attr)
            if key in table:
                first = table[key].where
                line, _ = first.position()
                self.ds.findings.append(
                    item.where.finding(
                        "duplicate-id",
                        f"{attr} {quote(key)} is used twice (first in {first.file} line {line}); "
                        f"each {attr} must be unique",
                        attr,
                    )
                )
                continue
            table[key] = item

    def calls(self, folder: str) -> None:
        calls = self.listed(
            f"{folder}/calls_to_action.yaml", "calls_to_action", m.CallsFile, m.CallToAction, "calls"
        )
        self.index("calls", calls, "number")
        for call in calls:
            if not call.judged("actions"):  # some actions were dropped: don't call them unknown
                self.ds.mark_broken("calls", call.record.number)
            for index, action in enumerate(call.record.actions):
                where = call.where.child("actions", index)
                prefix = action.number.split(".")[0]
                if prefix != str(call.record.number):
                    self.ds.findings.append(
                        where.finding(
                            "action-number",
                            f"action {action.number} sits under call to action "
                            f"{call.record.number}; its number must start with "
                            f"'{call.record.number}.'",
                            "number",
                        )
                    )
                self.index("actions", [Located(action, where)], "number")

    def folders_named_as_files(self, folder: str, known: set[str]) -> None:
        """A folder in ``folder`` named like a data file (``x.yaml``) is reported, not passed over,
        and so is a link to a folder outside the repository, whatever its name.

        The files and folders thp knows are reported by loading them; this finds the others.
        """
        try:
            listed = self.source.names(folder)
        except OSError:
            return
        for name in listed:
            path = f"{folder}/{name}"
            if path in known:
                continue
            named_as_file = PurePosixPath(name).suffix.lower() in (".yaml", ".yml")
            entry = self.source.entry(path)
            if entry is not None and entry.to_folder:
                self.missing(path, LINK_TO_FOLDER, "unreadable-file")
            elif named_as_file and entry is not None and entry.kind == "folder":
                self.load(path)

    # -- one file per record ---------------------------------------------
    def folder(self, folder: str, cls: type[R], kind: str) -> None:
        entry = self.source.entry(folder)
        if entry is None:
            return
        if entry.kind == "link":
            self.missing(folder, FOLDER_LINK, "unreadable-file")
            self.ds.mark_broken(kind, "*")
            return
        if entry.kind != "folder":
            name = PurePosixPath(folder).name
            self.missing(folder, f"{name} should be a folder of .yaml files", "file-name")
            return
        try:
            listed = self.source.names(folder)
        except OSError as error:  # replaced by something else while thp ran
            self.missing(folder, f"the folder cannot be read: {error.strerror or error}", "unreadable-file")
            self.ds.mark_broken(kind, "*")
            return
        # every entry is looked at: a link to a folder elsewhere is reported whatever its name
        names: list[str] = []
        entries: dict[str, Entry | None] = {}
        taken: set[str] = set()
        for name in listed:
            named_as_file = PurePosixPath(name).suffix.lower() in (".yaml", ".yml")
            if name.startswith("."):
                continue
            if named_as_file:
                taken.add(name)
            entry = entries[name] = self.source.entry(f"{folder}/{name}")
            if entry is not None and entry.to_folder:  # whatever its name: nothing in it is read
                self.missing(f"{folder}/{name}", LINK_TO_FOLDER, "unreadable-file")
                self.ds.mark_broken(kind, PurePosixPath(name).stem)
            elif named_as_file and entry is not None and entry.kind == "folder":
                self.missing(f"{folder}/{name}", folder_message(folder, name, kind), "unreadable-file")
                self.ds.mark_broken(kind, PurePosixPath(name).stem)
            elif named_as_file:
                names.append(name)
        ready: dict[str, Loaded] = {}
        if isinstance(self.source, DiskSource):
            from .parallel import load_all

            ready = load_all(self.source, [f"{folder}/{name}" for name in names], self.limits)
        for name in names:
            path = PurePosixPath(name)
            loaded = self.load(f"{folder}/{name}", ready.get(f"{folder}/{name}"), entries[name])
            if path.suffix != ".yaml":  # .yml, or .YAML: never passed over in silence
                data_id = loaded.data.get("id") if isinstance(loaded.data, dict) else None
                self.ds.findings.append(
                    Finding(
                        loaded.file,
                        1,
                        1,
                        "file-name",
                        Severity.ERROR,
                        yml_message(name, data_id if isinstance(data_id, str) else None, taken),
                    )
                )
            if loaded.data is None:
                self.ds.mark_broken(kind, path.stem)
                continue
            checked = _validate(cls, loaded.data, loaded, self.ds)
            if checked.record is None:
                self.ds.mark_broken(kind, path.stem)
                self.ds.mark_broken(kind, loaded.data.get("id"))
                continue
            located = checked.located(loaded.file, loaded.source)
            where = located.where
            record_id: str = loaded.data["id"]  # validated: a slug
            if record_id != path.stem:
                self.ds.findings.append(
                    where.finding(
                        "id-matches-file",
                        id_mismatch_message(record_id, path.name, taken - {name}),
                        "id",
                    )
                )
                self.ds.mark_broken(kind, path.stem)
            self.index(kind, [located])


def load_dataset(root: Path | str, limits: Limits = DEFAULT_LIMITS) -> Dataset:
    """Load the partnership under ``root``; problems become ``Dataset.findings``."""
    root = Path(os.path.abspath(root))
    data_dir(root)
    return load_source(root, DiskSource(root), limits)


def load_source(
    root: Path, source: Source, limits: Limits = DEFAULT_LIMITS, memo: Memo | None = None
) -> Dataset:
    """Load the partnership from ``source``, whose ``data/`` folder the caller has checked.

    ``memo`` keeps loaded files between calls, for sources whose entries have a ``key``.
    """
    loader = _Loader(root, source, limits, memo)
    folder = DATA
    top = source.entry(folder)
    if top is not None and top.kind == "link":  # data/ itself leads outside the repository
        loader.missing(folder, FOLDER_LINK, "unreadable-file")
        return loader.ds
    loader.partnership(folder)
    loader.calls(folder)
    organisations = loader.listed(
        f"{folder}/organisations.yaml",
        "organisations",
        m.OrganisationsFile,
        m.Organisation,
        "organisations",
    )
    loader.index("organisations", organisations)
    people = loader.listed(
        f"{folder}/people.yaml", "people", m.PeopleFile, m.Person, "people", required=False
    )
    loader.index("people", people)
    loader.folder(f"{folder}/boards", m.Board, "boards")
    loader.folder(f"{folder}/recommendations", m.Recommendation, "recommendations")
    loader.folders_named_as_files(
        folder, {f"{folder}/{name}" for name in (*FILES, "boards", "recommendations")}
    )
    if loader.ds.named:
        loader.ds.findings = complete_named(loader.ds.findings, loader.ds.named, loader.ds)
    loader.ds.findings = untaken_renames(loader.ds.findings, source)
    return loader.ds


_RENAME = re.compile(r"; for example '([a-z0-9-]+)' and rename the file to \1\.yaml$")


def untaken_renames(findings: list[Finding], source: Source) -> list[Finding]:
    """``findings`` whose advice to rename a file to ``<id>.yaml`` never names another file.

    A message written while one file loads cannot know its folder: where the
    id it offers is another file's name, applying it would collide with that
    file (and its id), so another id, free in that folder, is offered instead.
    """
    listed: dict[str, set[str]] = {}
    out = []
    for finding in findings:
        match = _RENAME.search(finding.message)
        folder, _, own = finding.file.rpartition("/")
        if match is None or not folder:
            out.append(finding)
            continue
        if folder not in listed:
            try:
                listed[folder] = set(source.names(folder))
            except OSError:
                listed[folder] = set()
        taken = listed[folder] - {own}
        slug = match.group(1)
        if f"{slug}.yaml" not in taken:
            out.append(finding)
            continue
        free = next(f"{slug}-{n}" for n in range(2, len(taken) + 3) if f"{slug}-{n}.yaml" not in taken)
        advice = (
            f"; '{slug}' is the id of another file ({slug}.yaml), so choose an id of its own, "
            f"for example '{free}', and rename the file to {free}.yaml"
        )
        out.append(replace(finding, message=finding.message[: match.start()] + advice))
    return out
