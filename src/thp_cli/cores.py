"""Independent pieces of work shared between the cores, in forked worker processes.

Each worker is forked (Linux) from the process that has the data in memory,
so nothing is sent to it but a number, and it sends back only its answer.
:func:`fork_map` hands the pieces to a pool of workers; :func:`share` works
them out in this process and one forked copy, each taking the next piece as
it finishes one. Where forking is not available, there is one core, or a
worker fails, the work is done here, one piece after another.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

_work: Callable[[int], Any] | None = None


def _call(index: int) -> Any:
    assert _work is not None
    return _work(index)


def fork_map(work: Callable[[int], Any], count: int) -> list[Any] | None:
    """``[work(0), ..., work(count - 1)]``, worked out across the cores, or None where that
    cannot be done (the caller then works them out itself)."""
    global _work
    import sys

    from .yamlio.parallel import workers

    if count < 2 or workers() < 2 or not sys.platform.startswith("linux"):
        return None
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    _work = work
    try:
        with ProcessPoolExecutor(workers(), mp_context=multiprocessing.get_context("fork")) as pool:
            return list(pool.map(_call, range(count)))
    except (OSError, RuntimeError, BrokenProcessPool):
        return None
    finally:
        _work = None


TASK = 4
"""Bytes of a task's number in the pipe the tasks are taken from."""
PIPE_TASKS = 4096 // TASK
"""At most this many tasks are shared: all of them fit in the pipe at once (POSIX's PIPE_BUF),
so that writing them cannot wait for a reader."""


def share(work: Callable[[int], Any], order: list[int]) -> dict[int, Any]:
    """``{i: work(i)}`` for every ``i`` of ``order``, shared between this process and one
    forked copy of it: each takes the next task from a pipe, in ``order`` (give the costliest
    first), so the two finish together whatever the data makes each cost. The copy sends its
    answers back, pickled. Where forking is not available, or there is one core, or the copy
    fails, this process works out whatever is missing itself, one task after another."""
    import sys

    from .yamlio.parallel import workers

    found: dict[int, Any] = {}
    if 2 <= len(order) <= PIPE_TASKS and workers() >= 2 and sys.platform.startswith("linux"):
        found = _shared(work, order)
    for index in order:
        if index not in found:
            found[index] = work(index)
    return found


def _take(tasks: int, work: Callable[[int], Any]) -> dict[int, Any]:
    """Work out tasks taken one by one from the pipe ``tasks`` until it is empty."""
    done: dict[int, Any] = {}
    while len(task := os.read(tasks, TASK)) == TASK:
        index = int.from_bytes(task, "little")
        done[index] = work(index)
    return done


STUCK = 60
"""Seconds the copy may stay silent once this process has no task left: a copy stopped
(SIGSTOP) or stuck is then ended, and its tasks are worked out here."""


def _receive(answers: int, pid: int) -> tuple[bytes, bool]:
    """What the copy sends on ``answers`` until it closes it, and whether it did (False: it
    was silent for :data:`STUCK` seconds, and has been ended)."""
    import select
    import signal

    received = bytearray()
    waiting = select.poll()
    waiting.register(answers, select.POLLIN)
    try:
        while True:
            if not waiting.poll(STUCK * 1000):
                os.kill(pid, signal.SIGKILL)
                return b"", False
            chunk = os.read(answers, 1 << 20)
            if not chunk:
                return bytes(received), True
            received += chunk
    except OSError:
        return b"", False
    finally:
        os.close(answers)


def _shared(work: Callable[[int], Any], order: list[int]) -> dict[int, Any]:
    """The tasks this process and its forked copy worked out (the copy's answers only if it
    sent them all and ended well)."""
    import pickle

    tasks, feed = os.pipe()
    answers, send = os.pipe()
    os.write(feed, b"".join(index.to_bytes(TASK, "little") for index in order))
    os.close(feed)
    try:
        pid = os.fork()
    except OSError:
        for fd in (tasks, answers, send):
            os.close(fd)
        return {}
    if pid == 0:  # the copy: work, send, and end without running the parent's exit handlers
        code = 1
        try:
            os.close(answers)
            data = pickle.dumps(_take(tasks, work), protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(send, "wb") as out:
                out.write(data)
            code = 0
        finally:
            os._exit(code)
    os.close(send)
    try:
        mine = _take(tasks, work)
    finally:
        os.close(tasks)
        data, whole = _receive(answers, pid)
        _, status = os.waitpid(pid, 0)
    if not whole:
        return mine
    try:
        theirs: dict[int, Any] = pickle.loads(data) if status == 0 else {}
    except Exception:  # noqa: BLE001 - a copy that sent nonsense: its tasks are worked out here
        theirs = {}
    return {**theirs, **mine}
