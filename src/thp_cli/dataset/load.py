"""Read a whole ``data/`` tree into one indexed :class:`Dataset`.

Each file is loaded on its own (a broken file never hides another file's
findings), and each record of a list file (organisations, people, calls to
action) is checked on its own, so one bad entry does not drop its
neighbours. Ids of records that exist but failed validation are kept in
``Dataset.broken`` so that references to them do not cascade into findings
of their own.

Files are read through a :class:`DataSource`: the disk (:class:`DiskSource`)
or a git revision (``history.GitSource``). Both give each file's kind and
size before its bytes, and share :func:`~thp_cli.yamlio.load.load_entry`, so the size cap,
the refusal of symbolic links and the UTF-8 check are the same wherever the
data comes from.
"""

from __future__ import annotations

import os
from collections.abc import Hashable
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel

from .. import collector
from .. import model as m
from ..findings import Finding, Severity
from ..indicator import Indicator
from ..text import quote
from ..yamlio.bounds import DEFAULT_LIMITS, Limits
from ..yamlio.load import Loaded, load_entry, refused
from .early import Early, each_reads_its_own, look, named_as_file, record_files
from .early import readable as is_readable
from .file_names import folder_message, id_mismatch_message, yml_message
from .filecache import FileCache
from .names import complete_named
from .records import Dataset, Located
from .salvage import validate_record
from .source import DATA, DataSource, DiskSource, Entry, data_dir

if TYPE_CHECKING:
    from ..yamlio.parallel import Parsed, Shared

R = TypeVar("R", bound=BaseModel)

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


Memo = dict[tuple[str, str], Loaded]
"""Files already loaded, by (``Entry.key``, path)."""


class _Loader:
    """Loads one partnership's files from a source into a fresh :class:`Dataset`."""

    def __init__(
        self,
        root: Path,
        source: DataSource,
        limits: Limits,
        memo: Memo | None = None,
        early: Early | None = None,
        files: FileCache | None = None,
    ) -> None:
        self.source = source
        self.limits = limits
        self.memo: Memo = {} if memo is None else memo
        self.ds = Dataset(root)
        self.early = early
        # from the disk, each file is read once, and its load kept by its bytes (see filecache)
        if early is not None:
            self.files: FileCache | None = early.files
        elif files is not None:
            self.files = files
        else:
            self.files = FileCache(root, limits) if isinstance(source, DiskSource) else None
        if self.files is not None and self.files.store is not None:
            self.ds.keys = {}  # every file read from the disk is keyed by its bytes (checks reuse them)
        self.raw: dict[str, bytes | OSError] = {}
        self.hashed: dict[str, tuple[bytes, str | None]] = {}

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
            loaded = self.fetch(path, entry)
            if entry.key is not None:
                self.memo[entry.key, path] = loaded
        self.ds.files += 1
        self.ds.findings.extend(loaded.findings)
        return loaded

    def fetch(self, path: str, entry: Entry) -> Loaded:
        """Load ``path`` from the source: from the file cache when its bytes were loaded before."""
        if self.files is None or entry.kind != "file" or entry.size > self.limits.max_bytes:
            return load_entry(path, entry.kind, entry.size, lambda n: self.source.read(path, n), self.limits)
        raw = self.read(path)
        if isinstance(raw, OSError):

            def fail(n: int, error: OSError = raw) -> bytes:
                raise error

            return load_entry(path, entry.kind, entry.size, fail, self.limits)
        key = self.key(path, raw)
        loaded = self.files.get(key, path, raw)
        if loaded is None:
            loaded = load_entry(path, entry.kind, entry.size, lambda n: raw[:n], self.limits)
            self.files.put(key, loaded)
        return loaded

    def key(self, path: str, raw: bytes) -> str | None:
        """The file cache's key of ``raw`` read from ``path``, noted in the dataset."""
        assert self.files is not None
        hashed = self.hashed.pop(path, None)  # hashed when prefetched: the same bytes, not hashed twice
        key = hashed[1] if hashed is not None and hashed[0] is raw else self.files.key(path, raw)
        if key is not None and self.ds.keys is not None:
            self.ds.keys[path] = key
        return key

    def read(self, path: str) -> bytes | OSError:
        """The bytes of ``path`` (read once), or why they cannot be read."""
        if path not in self.raw:
            try:
                self.raw[path] = self.source.read(path, self.limits.max_bytes + 1)
            except OSError as error:
                self.raw[path] = error
        return self.raw.pop(path)

    def prefetch(self, paths: list[str], entries: dict[str, Entry | None]) -> Shared:
        """The files of ``paths`` not in the file cache, shared between the cores if many
        (see :class:`~thp_cli.yamlio.parallel.Shared`). When the cache holds nothing (a cold
        run), every file is parsed, so none is read beforehand: each process reads its own."""
        from ..yamlio.parallel import Shared, available

        todo: list[tuple[str, bytes | None]] = []
        files = self.files
        if files is None:
            return Shared(todo, self.limits)
        readable = [path for path in paths if is_readable(entries[path], self.limits)]
        if not files.old and available(len(readable)):
            return each_reads_its_own(readable, self.source, self.limits)
        for path in readable:
            raw = self.raw[path] = self.read(path)
            fits = isinstance(raw, bytes) and len(raw) <= self.limits.max_bytes
            if isinstance(raw, bytes) and fits:
                key = self.key(path, raw)
                self.hashed[path] = raw, key
                if not files.kept(key):
                    todo.append((path, raw))
        return Shared(todo, self.limits)

    def shared(self, path: str, answer: Parsed | None) -> Loaded | None:
        """The load of ``path`` by a worker (``answer``), kept in the file cache, or None."""
        if answer is None:
            return None
        if answer.read_there and isinstance(self.source, DiskSource):  # noted as though read here
            self.source.noted(path, self.limits.max_bytes + 1, answer.raw)
        if self.files is not None:
            self.files.put(self.key(path, answer.raw), answer.loaded, answer.packed)
            self.raw.pop(path, None)
        return answer.loaded

    def missing(self, path: str, what: str, rule: str = "missing-file") -> None:
        """Report ``what`` about ``path`` at its first line."""
        self.ds.findings.append(Finding(path, 1, 1, rule, Severity.ERROR, what))

    # -- single-record files --------------------------------------------
    def partnership(self, folder: str) -> None:
        """Load ``partnership.yaml``, which must be there."""
        path = f"{folder}/partnership.yaml"
        if not self.present(path):
            self.missing(path, "there is no partnership.yaml; it names the partnership and its plan")
            return
        loaded = self.load(path)
        if loaded.data is None:
            return
        checked = validate_record(m.Partnership, loaded.data, loaded, self.ds)
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
        """The sound records listed under ``key`` in the file at ``path``, each checked on its own."""
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
        envelope_ok = validate_record(envelope, loaded.data, loaded, self.ds).record is not None
        if not envelope_ok and not isinstance(loaded.data.get(key), list):
            self.ds.mark_broken(kind, "*")
            return []
        out: list[Located[R]] = []
        for index, item in enumerate(loaded.data.get(key) or []):
            prefix: tuple[Hashable, ...] = (key, index)
            checked = validate_record(cls, item, loaded, self.ds, prefix)
            if checked.record is None:
                if isinstance(item, dict):
                    self.ds.mark_broken(kind, item.get("id", item.get("number")))
                continue
            out.append(checked.located(loaded.file, loaded.source, prefix))
        return out

    def index(self, kind: str, items: list[Located[Any]], attr: str = "id") -> None:
        """Index ``items`` by ``attr``; a second record with the same key is reported, not indexed."""
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
        """Load the calls to action and index their actions, whose numbers must start with the call's."""
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
            yaml_named = PurePosixPath(name).suffix.lower() in (".yaml", ".yml")  # "..yaml" too
            entry = self.source.entry(path)
            if entry is not None and entry.to_folder:
                self.missing(path, LINK_TO_FOLDER, "unreadable-file")
            elif yaml_named and entry is not None and entry.kind == "folder":
                self.load(path)

    # -- one file per record ---------------------------------------------
    def folder(self, folder: str, cls: type[R], kind: str) -> None:
        """Load each record file of ``folder`` (``data/boards``), reporting what is not one."""
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
        early = self.early if self.early is not None and self.early.folder == folder else None
        try:
            listed = early.listed if early is not None else self.source.names(folder)
        except OSError as error:  # replaced by something else while thp ran
            self.missing(folder, f"the folder cannot be read: {error.strerror or error}", "unreadable-file")
            self.ds.mark_broken(kind, "*")
            return
        names, entries, taken = self.scan(folder, listed, kind, early.entries if early is not None else None)
        paths = {f"{folder}/{name}": entries[name] for name in names}
        done: dict[str, tuple[list[Finding], Located[R] | None]] = {}
        started = early.shared if early is not None else None
        with started if started is not None else self.prefetch(list(paths), paths) as shared:
            # the workers' files as their answers come in, this process's as it takes them
            for path, answer in shared.loads():
                done[path] = self.take(path, self.shared(path, answer), paths[path], cls, kind, taken)
        for path, entry in paths.items():  # the files not shared: unreadable, too large, or from git
            if path not in done:
                done[path] = self.take(path, None, entry, cls, kind, taken)
        for path in paths:  # what each file found, and its record, in the order of their names
            found, located = done[path]
            self.ds.findings.extend(found)
            if located is not None:
                self.index(kind, [located])

    def take(
        self, path: str, ready: Loaded | None, entry: Entry | None, cls: type[R], kind: str, taken: set[str]
    ) -> tuple[list[Finding], Located[R] | None]:
        """Load and check the record file at ``path``: its findings, and its record to index."""
        findings, self.ds.findings = self.ds.findings, []
        try:
            loaded = self.load(path, ready, entry)
            located = self.record_file(PurePosixPath(path).name, loaded, cls, kind, taken)
        finally:
            findings, self.ds.findings = self.ds.findings, findings
        return findings, located

    def scan(
        self, folder: str, listed: list[str], kind: str, looked: dict[str, Entry | None] | None = None
    ) -> tuple[list[str], dict[str, Entry | None], set[str]]:
        """The record files of ``folder`` to load, each one's entry, and every name taken by a file
        (``looked``: the entries, looked at already).

        Every entry is looked at: a link to a folder elsewhere is reported whatever its name,
        and so is a folder named like a record's file.
        """
        entries = look(self.source, folder, listed) if looked is None else looked
        taken = {name for name in entries if named_as_file(name)}
        for name, entry in entries.items():
            if entry is not None and entry.to_folder:  # whatever its name: nothing in it is read
                self.missing(f"{folder}/{name}", LINK_TO_FOLDER, "unreadable-file")
                self.ds.mark_broken(kind, PurePosixPath(name).stem)
            elif name in taken and entry is not None and entry.kind == "folder":
                self.missing(f"{folder}/{name}", folder_message(folder, name, kind), "unreadable-file")
                self.ds.mark_broken(kind, PurePosixPath(name).stem)
        return record_files(entries), entries, taken

    def record_file(
        self, name: str, loaded: Loaded, cls: type[R], kind: str, taken: set[str]
    ) -> Located[R] | None:
        """Check the record in the loaded file ``name`` (``taken``: the folder's file names): the
        record to index, or None."""
        stem, suffix = os.path.splitext(name)  # as PurePosixPath's for a .yaml or .yml name, but quicker
        if suffix != ".yaml":  # .yml, or .YAML: never passed over in silence
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
            self.ds.mark_broken(kind, stem)
            return None
        checked = validate_record(cls, loaded.data, loaded, self.ds, taken=taken, own=name)
        if checked.record is None:
            self.ds.mark_broken(kind, stem)
            self.ds.mark_broken(kind, loaded.data.get("id"))
            return None
        located = checked.located(loaded.file, loaded.source)
        where = located.where
        record_id: str = loaded.data["id"]  # validated: a slug
        if record_id != stem:
            self.ds.findings.append(
                where.finding(
                    "id-matches-file",
                    id_mismatch_message(record_id, name, taken - {name}),
                    "id",
                )
            )
            self.ds.mark_broken(kind, stem)
        return located


def load_dataset(root: Path | str, limits: Limits = DEFAULT_LIMITS) -> Dataset:
    """Load the partnership under ``root``; problems become ``Dataset.findings``."""
    root = Path(os.path.abspath(root))
    data_dir(root)
    return load_source(root, DiskSource(root), limits)


def load_source(
    root: Path,
    source: DataSource,
    limits: Limits = DEFAULT_LIMITS,
    memo: Memo | None = None,
    early: Early | None = None,
    files: FileCache | None = None,
) -> Dataset:
    """Load the partnership from ``source``, whose ``data/`` folder the caller has checked.

    ``memo`` keeps loaded files between calls, for sources whose entries have a ``key``;
    ``early``: what :func:`~thp_cli.dataset.early.begin` started for this load; ``files``: the
    file cache to load through (else one is opened for a source on disk).
    The collector is kept off what is loaded while the dataset is in use (see :mod:`~thp_cli.collector`).
    """
    with collector.paused():
        ds = _load(root, source, limits, memo, early, files)
        # frozen before the collector runs again: else its first pass, as soon as it is back,
        # walks every object the load made (a tenth of a cold validate, measured at 2,000 boards)
        collector.kept(ds)
    return ds


def _load(
    root: Path,
    source: DataSource,
    limits: Limits,
    memo: Memo | None,
    early: Early | None,
    files: FileCache | None = None,
) -> Dataset:
    loader = _Loader(root, source, limits, memo, early, files)
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
    loader.folder(f"{folder}/indicators", Indicator, "indicators")
    loader.folders_named_as_files(
        folder, {f"{folder}/{name}" for name in (*FILES, "boards", "recommendations", "indicators")}
    )
    if loader.ds.named:
        loader.ds.findings = complete_named(loader.ds.findings, loader.ds.named, loader.ds)
    if loader.files is not None:
        loader.files.save()
    return loader.ds
