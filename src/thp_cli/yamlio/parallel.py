"""Read and parse many files on every core.

Parsing YAML is most of the time ``thp validate`` spends loading a large
partnership, and each file parses on its own, so a folder of many files is
shared: its files are cut into chunks, and this process and forked worker
processes (Linux) each take the next chunk whenever they are free. A worker
parses its chunks and sends back the answers; this process builds every
record (a record is cheaper to build here than to send: measured at 2,000
boards, pickling the built records and unpickling them took 0.23 s, building
them from their data 0.11 s), so it builds the records of the workers' answers
as they come in, and takes a chunk to parse itself only when it has none to
build: however much a file costs each process, on however busy a machine,
they finish together.

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
import os
import pickle
import select
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, NamedTuple, NoReturn

if TYPE_CHECKING:
    from .bounds import Limits
    from .load import Loaded

MIN_FILES = 256  # below this, starting workers costs more than it saves
CHUNK = 16
"""Files a process takes at a time: small enough that the processes finish close together,
large enough that taking one costs nothing beside parsing it."""
STUCK = 30
"""Seconds a worker may stay silent while this process has nothing left to do but wait for it
(a chunk takes milliseconds): a worker stopped (SIGSTOP) or stuck is then ended, and the
chunks it had are loaded here."""
MAX_TASKS = 4096 // 4
"""At most this many chunks: all their numbers (4 bytes each) fit in the pipe at once
(POSIX's PIPE_BUF), so writing them never waits for a reader and each read takes one whole."""


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


def chunks(count: int) -> list[tuple[int, int]]:
    """``count`` files cut into chunks, as (start, end) bounds: :data:`CHUNK` files each, or
    more when there would be more than :data:`MAX_TASKS` chunks."""
    size = max(CHUNK, -(-count // MAX_TASKS))
    return [(start, min(start + size, count)) for start in range(0, count, size)]


class _Worker:
    """One forked worker process, and the pipe it answers on.

    A worker sends the answers of each chunk it takes as one message (the chunk's number and
    a list of :data:`Sent`, pickled, after its length), so this process can check one chunk
    while the worker parses the next; this process takes whatever has come in as it goes
    (:meth:`drain`), so the worker never waits on a full pipe.
    """

    def __init__(self, pid: int, pipe: int) -> None:
        self.pid = pid
        self.pipe = pipe
        self.received = bytearray()
        self.arrived: list[tuple[int, list[Sent]]] = []  # answers taken in, not yet handed on
        self.running = True
        os.set_blocking(pipe, False)

    def drain(self) -> None:
        """Take in what the worker has sent so far, without waiting for more."""
        while self.running and self._read():
            pass

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
        """Take the messages received whole off :attr:`received`."""
        done = 0
        view = memoryview(self.received)
        try:
            while len(view) - done >= 8:
                size = int.from_bytes(view[done : done + 8], "little")
                if len(view) - done - 8 < size:
                    break
                message = pickle.loads(view[done + 8 : done + 8 + size])
                done += 8 + size
                if not (type(message) is tuple and len(message) == 2 and type(message[0]) is int):
                    raise ValueError("not an answer")
                task, sent = message
                if type(sent) is not list or not all(_is_sent(one) for one in sent):
                    raise ValueError("not an answer")
                self.arrived.append((task, sent))
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
    files: Sequence[tuple[str, bytes | None]],
    bounds: list[tuple[int, int]],
    limits: Limits,
    reader: Reader | None,
    pipes: tuple[int, int, int],
) -> NoReturn:
    """In a worker: take chunks from the tasks pipe until none is left, parse each chunk's
    files (reading those given without bytes), write its answers to the pipe, and exit."""
    status = 1
    try:
        tasks, unused, answers = pipes
        os.close(unused)
        while len(got := os.read(tasks, 4)) == 4:
            task = int.from_bytes(got, "little")
            start, end = bounds[task]
            sent = [_one(path, raw, limits, reader) for path, raw in files[start:end]]
            payload = pickle.dumps((task, sent), pickle.HIGHEST_PROTOCOL)
            _write(answers, len(payload).to_bytes(8, "little") + payload)
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
    """Files shared between this process and forked workers, a chunk at a time: each process
    takes the next chunk whenever it is free, so they finish together whatever a file costs
    each one. :meth:`loads` gives every file once, in the order this process is to take it:
    a worker's answer as soon as it comes in (this process builds its records), else a file
    of a chunk this process takes for itself (to load). A file given without its bytes is
    read by the process that takes it (a worker, with ``reader``). Use as a context manager,
    so that every worker is reaped."""

    def __init__(
        self, files: Sequence[tuple[str, bytes | None]], limits: Limits, reader: Reader | None = None
    ) -> None:
        self.files = list(files)
        self.limits = limits
        self.reader = reader
        self.raw = {path: raw for path, raw in self.files if raw is not None}
        self.bounds = chunks(len(self.files))
        self.workers: list[_Worker] = []
        self.tasks: int | None = None
        if available(len(self.files)):
            self._start()

    def _start(self) -> None:
        """Put every chunk's number in the tasks pipe and fork the workers that take them."""
        try:
            tasks, feed = os.pipe()
        except OSError:  # no pipes to be had: this process loads them all
            return
        os.write(feed, b"".join(task.to_bytes(4, "little") for task in range(len(self.bounds))))
        os.close(feed)
        self.tasks = tasks
        for _ in range(workers() - 1):
            self._fork(tasks)
        if not self.workers:
            self._close_tasks()

    def _fork(self, tasks: int) -> None:
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
            _parse_and_exit(self.files, self.bounds, self.limits, self.reader, (tasks, read, write))
        os.close(write)
        self.workers.append(_Worker(pid, read))

    def _close_tasks(self) -> None:
        if self.tasks is not None:
            os.close(self.tasks)
            self.tasks = None

    def _claim(self) -> int | None:
        """The next chunk no process has taken, now taken by this one; None if none is left."""
        if self.tasks is None:
            return None
        got = os.read(self.tasks, 4)
        if len(got) != 4:
            self._close_tasks()
            return None
        return int.from_bytes(got, "little")

    def loads(self) -> Iterator[tuple[str, Answer | None]]:
        """Every file once, with a worker's load of it, or None: this process is to load it now."""
        done: set[int] = set()
        while self.workers:
            arrived = self._arrived(done)
            if arrived:
                for task, sent in arrived:
                    start, end = self.bounds[task]
                    for (path, _), one in zip(self.files[start:end], sent, strict=True):
                        yield path, self._answer(path, one)
                continue
            mine = self._claim()
            if mine is not None:
                done.add(mine)
                yield from ((path, None) for path, _ in self.files[slice(*self.bounds[mine])])
                continue
            running = [worker for worker in self.workers if worker.running]
            if not running:
                break
            waiting = select.poll()  # every chunk is taken: wait for the workers' last answers
            for worker in running:
                waiting.register(worker.pipe, select.POLLIN)
            if not waiting.poll(STUCK * 1000):  # not a word for so long: stopped, or stuck
                for worker in running:  # their chunks are loaded here
                    worker.stop()
        self._close_tasks()
        for task, (start, end) in enumerate(self.bounds):  # no worker answered for these
            if task not in done:
                done.add(task)
                yield from ((path, None) for path, _ in self.files[start:end])

    def _arrived(self, done: set[int]) -> list[tuple[int, list[Sent]]]:
        """The workers' answers come in since last asked (a worker whose answer is not one for
        a chunk it could have taken is stopped: the chunks it had are loaded here)."""
        found: list[tuple[int, list[Sent]]] = []
        for worker in self.workers:
            worker.drain()
            for task, sent in worker.arrived:
                if not (0 <= task < len(self.bounds)) or task in done:
                    worker.stop()
                    break
                start, end = self.bounds[task]
                if len(sent) != end - start:
                    worker.stop()
                    break
                done.add(task)
                found.append((task, sent))
            worker.arrived = []
        return found

    def _answer(self, path: str, sent: Sent) -> Answer | None:
        """A worker's answer for ``path`` as this process uses it, or None: loaded here."""
        from .load import from_lean, is_lean_part

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
        self._close_tasks()
