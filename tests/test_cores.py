"""Work shared between this process and a forked copy gives what working it out here gives."""

from __future__ import annotations

import os
import time

import pytest

from thp_cli import cores
from thp_cli.yamlio import parallel


@pytest.fixture(autouse=True)
def _two_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "workers", lambda: 2)


def slowly(i: int) -> tuple[int, int]:
    """A task long enough for the copy to start before this process has taken them all."""
    time.sleep(0.05)
    return i * i, os.getpid()


def test_shared_work_gives_every_answer_once() -> None:
    parent = os.getpid()
    answers = cores.share(slowly, list(range(20))[::-1])
    assert sorted(answers) == list(range(20))
    assert all(answers[i][0] == i * i for i in range(20))
    # both took tasks: the copy's answers came back from another process
    assert {pid for _, pid in answers.values()} - {parent}


def test_a_copy_that_dies_leaves_its_tasks_to_this_process() -> None:
    parent = os.getpid()

    def work(i: int) -> int:
        if os.getpid() != parent:
            os._exit(3)  # the copy dies on the first task it takes
        time.sleep(0.05)
        return i + 1

    answers = cores.share(work, list(range(10)))
    assert answers == {i: i + 1 for i in range(10)}


def test_a_copy_whose_answer_cannot_be_sent_leaves_its_tasks_to_this_process() -> None:
    parent = os.getpid()

    def work(i: int) -> object:
        if os.getpid() != parent:
            return lambda: i  # a function cannot be pickled: the copy fails to send
        time.sleep(0.05)
        return i

    answers = cores.share(work, list(range(10)))
    assert answers == {i: i for i in range(10)}


def test_on_one_core_nothing_is_forked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "workers", lambda: 1)
    parent = os.getpid()
    answers = cores.share(lambda i: os.getpid(), list(range(5)))
    assert set(answers.values()) == {parent} and sorted(answers) == list(range(5))


def test_a_copy_that_stops_answering_is_ended_and_its_tasks_worked_out_here(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import signal

    monkeypatch.setattr(cores, "STUCK", 1)
    parent = os.getpid()

    def work(i: int) -> int:
        if os.getpid() != parent:
            os.kill(os.getpid(), signal.SIGSTOP)  # as a debugger or job control would
        time.sleep(0.05)
        return i * 2

    started = time.perf_counter()
    answers = cores.share(work, list(range(10)))
    assert answers == {i: i * 2 for i in range(10)}
    assert time.perf_counter() - started < 10
