"""Read and parse many files on every core.

Parsing YAML is most of the time ``thp validate`` spends loading a large
partnership, and each file parses on its own, so a folder of many files is
shared: forked worker processes (Linux) parse the later files while this
process loads the first ones itself, parsing and checking each as it comes,
then checks the workers' files as their answers come in, in batches. This
process takes the smaller share, since it alone builds every record: a record
is cheaper to build here than to send (measured at 2,000 boards: pickling the
built records and unpickling them took 0.23 s, building them from their data
0.11 s, and sending the data 0.06 s; see :data:`BUILD`).

The files' bytes are read beforehand, in this process, when some may be in the
cache (so what was read can be checked against it); when none can be (a cold
run), each process reads its own share, and a worker sends back the bytes it
read with each file's answer (this process keeps them: a finding's position
is found from them, the cache keeps the answer by them, and a run's trace
notes them). A worker sends back, for each file the lean path read, only its
data, and any other file's :class:`Loaded` whole.
Where forking is not available, the folder is small or a worker fails (it
died, or sent back something cut short or unreadable), this process loads the
files it has no answer for itself, with the same result.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import pickle
import select
import signal
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, NamedTuple, NoReturn

if TYPE_CHECKING:
    from .bounds import Limits
    from .load import Loaded

MIN_FILES = 256  # below this, starting workers costs more than it saves
BATCH = 32  # files a worker sends at a time

BUILD = 0.55
"""What this process spends on a file a worker parsed (receiving its data, and checking and
indexing its record), against what a worker spends parsing and sending it (measured in a
whole run at 2,000 boards: about 0.16 ms against 0.29 ms). With two cores, this process takes
(1 - BUILD) / (1 + BUILD) of a worker's share (0.29); with three or more, none."""


def workers() -> int:
    """Processes to share the work between: the cores this process may run on."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cores = os.cpu_count() or 1
    return cores


def available(count: int) -> bool:
    """Whether ``count`` files are worth sharing between processes here."""
    return count >= MIN_FILES and workers() > 1 and sys.platform.startswith("linux")


def shares(count: int, cores: int) -> list[tuple[int, int]]:
    """How ``count`` files are shared: this process's (the first files) then each worker's,
    as (start, end) bounds. Each worker's share is the same; this one's is smaller."""
    own = max(0.0, (1 - (cores - 1) * BUILD) / (1 + BUILD))  # this share against a worker's
    step = count / (own + cores - 1)
    bounds = [0, round(own * step)]
    for k in range(1, cores):
        bounds.append(count if k == cores - 1 else round((own + k) * step))
    return list(itertools.pairwise(bounds))


class _Worker:
    """One forked worker process parsing a share of the files, and the pipe it answers on.

    A worker sends its answers in batches (:data:`BATCH` files), each a pickled list after its
    length, so this process can check one batch while the worker parses the next; this
    process takes whatever has come in as it goes (:meth:`drain`), so the worker never waits
    on a full pipe.
    """

    def __init__(self, pid: int, pipe: int, paths: list[str]) -> None:
        self.pid = pid
        self.pipe = pipe
        self.paths = paths
        self.index = {path: i for i, path in enumerate(paths)}
        self.received = bytearray()
        self.answers: list[Sent] = []  # each file's answer, packed
        self.running = True
        os.set_blocking(pipe, False)

    def drain(self) -> None:
        """Take in what the worker has sent so far, without waiting for more."""
        while self.running and self._read():
            pass

    def answer(self, path: str) -> Sent:
        """The worker's answer for ``path``, packed, waiting for it; None if the worker failed
        first, or could not read the file."""
        index = self.index[path]
        while len(self.answers) <= index and self.running:
            if not self._read() and self.running:  # nothing yet: wait for more (or the end)
                waiting = select.poll()
                waiting.register(self.pipe, select.POLLIN)
                waiting.poll()
        return self.answers[index] if index < len(self.answers) else None

    def _read(self) -> bool:
        """Read what has come in; False if nothing has (yet)."""
        try:
            chunk = os.read(self.pipe, 1 << 20)
        except BlockingIOError:
            return False
        except OSError:
            chunk = b""
        if not chunk:  # the worker is done (or died): what came in whole stands
            self.stop()
            return False
        self.received += chunk
        self._unpack()
        return True

    def _unpack(self) -> None:
        """Take the batches received whole off :attr:`received`."""
        done = 0
        view = memoryview(self.received)
        try:
            while len(view) - done >= 8:
                size = int.from_bytes(view[done : done + 8], "little")
                if len(view) - done - 8 < size:
                    break
                batch = pickle.loads(view[done + 8 : done + 8 + size])
                done += 8 + size
                if not isinstance(batch, list) or len(self.answers) + len(batch) > len(self.paths):
                    raise ValueError("not an answer")
                if not all(_is_sent(sent) for sent in batch):
                    raise ValueError("not an answer")
                self.answers.extend(batch)
        except Exception:  # noqa: BLE001 - garbled: the files not yet answered are loaded here instead
            view.release()
            self.stop()
            return
        view.release()
        del self.received[:done]

    def stop(self) -> None:
        """Close the pipe and reap the process, ending it first if it still runs."""
        if not self.running:
            return
        self.running = False
        self.received.clear()
        os.close(self.pipe)
        with contextlib.suppress(OSError):
            os.kill(self.pid, signal.SIGKILL)  # done by now, unless this process gave up waiting
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self.pid, 0)


Sent = bytes | tuple[bytes, bytes] | None
"""A worker's answer for one file: the load, packed, of bytes this process read; the bytes
the worker read and the load of them, packed; or None, when the worker could not read the
file (this process loads it, and finds out why)."""

Reader = Callable[[str], bytes]
"""Reads a file's bytes, to the limit past which it is too large (in a worker, for a file
this process did not read)."""


def _is_sent(value: object) -> bool:
    """Whether ``value`` has the shape of :data:`Sent`."""
    if value is None or type(value) is bytes:
        return True
    return type(value) is tuple and len(value) == 2 and all(type(part) is bytes for part in value)


def _one(path: str, raw: bytes | None, limits: Limits, reader: Reader | None) -> Sent:
    """In a worker: the answer for one file (``raw`` None: the worker reads it first)."""
    from .load import lean_part, load_entry

    mine = raw is None
    if raw is None:
        if reader is None:
            return None
        try:
            raw = reader(path)
        except OSError:  # this process reads it again, and says why it cannot
            return None
        if len(raw) > limits.max_bytes:  # grown past the limit since it was looked at
            return None

    def read(n: int, raw: bytes = raw) -> bytes:
        return raw[:n]

    loaded = load_entry(path, "file", len(raw), read, limits)
    packed = pickle.dumps(lean_part(loaded), pickle.HIGHEST_PROTOCOL)
    return (raw, packed) if mine else packed


def _parse_and_exit(
    files: Sequence[tuple[str, bytes | None]], limits: Limits, reader: Reader | None, pipes: tuple[int, int]
) -> NoReturn:
    """In a worker: parse ``files`` (reading those given without bytes), write each one's
    :data:`Sent` to the pipe, a batch at a time, and exit."""
    status = 1
    try:
        os.close(pipes[0])
        batch: list[Sent] = []
        for number, (path, raw) in enumerate(files, 1):
            batch.append(_one(path, raw, limits, reader))
            if len(batch) == BATCH or number == len(files):
                payload = pickle.dumps(batch, pickle.HIGHEST_PROTOCOL)
                _write(pipes[1], len(payload).to_bytes(8, "little") + payload)
                batch = []
        status = 0
    finally:  # whatever happened, never go back into the caller's code: this is a copy of it
        os._exit(status)


def _write(pipe: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(pipe, view) :]


class Answer(NamedTuple):
    """A worker's load of a file: the load, its packing (which a cache can keep as it is),
    the file's bytes, and whether the worker read them (this process did not)."""

    loaded: Loaded
    packed: bytes
    raw: bytes
    read_there: bool


class Shared:
    """Files shared between this process and forked workers: each worker parses its share as
    soon as it starts; :meth:`get` gives a worker's file when asked (waiting for the worker),
    and None for a file this process is to load itself. A file given without its bytes is
    read by the worker whose share it is, with ``reader``. Use as a context manager, so that
    every worker is reaped."""

    def __init__(
        self, files: Sequence[tuple[str, bytes | None]], limits: Limits, reader: Reader | None = None
    ) -> None:
        self.limits = limits
        self.reader = reader
        self.raw = {path: raw for path, raw in files if raw is not None}
        self.owner: dict[str, _Worker] = {}
        self.workers: list[_Worker] = []
        if not available(len(files)):
            return
        for start, end in shares(len(files), workers())[1:]:
            if start < end:
                self._start(files[start:end])

    def _start(self, files: Sequence[tuple[str, bytes | None]]) -> None:
        try:
            read, write = os.pipe()
        except OSError:  # no pipes to be had: this process loads them
            return
        import fcntl  # Linux: see available()

        with contextlib.suppress(OSError, AttributeError):  # a larger pipe: fewer waits, where allowed
            fcntl.fcntl(write, fcntl.F_SETPIPE_SZ, 1 << 20)
        try:
            pid = os.fork()
        except OSError:  # no processes to be had: this process loads them
            os.close(read)
            os.close(write)
            return
        if pid == 0:
            _parse_and_exit(files, self.limits, self.reader, (read, write))
        os.close(write)
        worker = _Worker(pid, read, [path for path, _ in files])
        self.workers.append(worker)
        for path in worker.paths:
            self.owner[path] = worker

    def get(self, path: str) -> Answer | None:
        """The load of ``path`` by a worker, or None: this process is to load it."""
        from .load import from_lean, is_lean_part

        worker = self.owner.pop(path, None)
        if worker is None:  # this process's own: meanwhile, take in what the workers have sent
            for each in self.workers:
                each.drain()
            return None
        sent = worker.answer(path)
        if sent is None:
            return None
        read_there = isinstance(sent, tuple)
        if isinstance(sent, tuple):
            raw, packed = sent
        elif path in self.raw:
            raw, packed = self.raw[path], sent
        else:  # bytes only this process could have read, and did not: not an answer
            return None
        try:
            lean = pickle.loads(packed)
        except Exception:  # noqa: BLE001 - garbled: loaded here instead
            return None
        if not is_lean_part(lean):
            return None
        return Answer(from_lean(path, raw, lean, self.limits), packed, raw, read_there)

    def __enter__(self) -> Shared:
        return self

    def __exit__(self, *exc: object) -> None:
        for worker in self.workers:
            worker.stop()
        self.owner.clear()
