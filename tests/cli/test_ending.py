"""thp run as a program ends at once after a command that left its data to the end of the
process (ending.leave), and ends exactly as Python would have ended it: the same exit
status, all its output, the exit handlers run."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import weakref
from pathlib import Path

import pytest
from typer.testing import CliRunner

from thp_cli import ending
from thp_cli.cli.app import app

from ..conftest import AS_OF, CASES, build_case

PROGRAM = textwrap.dedent(
    """
    import atexit, sys
    from thp_cli.ending import ending, leave

    class Loaded:
        def __del__(self):
            print("freed one by one", flush=True)

    atexit.register(lambda: print("exit handler ran"))
    with ending():
        if sys.argv[2] == "leave":
            leave(Loaded())
        print("the answer")  # buffered: a pipe is not a terminal
        code = sys.argv[1]
        sys.exit(int(code) if code.isdigit() else code)
    """
)


def _program(tmp_path: Path, code: str, leave: str) -> subprocess.CompletedProcess[str]:
    script = tmp_path / "program.py"
    script.write_text(PROGRAM)
    buffered = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}  # output waits to be flushed
    return subprocess.run(
        [sys.executable, str(script), code, leave], capture_output=True, text=True, timeout=60, env=buffered
    )


@pytest.mark.parametrize("code", ["0", "1", "3"])
def test_a_program_that_left_data_ends_with_its_status_output_and_exit_handlers(
    tmp_path: Path, code: str
) -> None:
    left = _program(tmp_path, code, "leave")
    kept = _program(tmp_path, code, "nothing")
    assert left.returncode == kept.returncode == int(code)
    assert left.stdout == "the answer\nexit handler ran\n"  # what was left was not freed
    assert "freed one by one" not in left.stdout + left.stderr
    assert kept.stdout == "the answer\nexit handler ran\n"
    assert left.stderr == kept.stderr == ""


def test_a_program_that_left_data_and_ends_with_a_message_says_it_as_python_does(tmp_path: Path) -> None:
    left = _program(tmp_path, "no data folder", "leave")
    assert left.returncode == 1
    assert left.stderr == "no data folder\n"
    assert left.stdout == "the answer\nexit handler ran\n"


def test_outside_a_program_nothing_is_kept() -> None:
    class Loaded:
        pass

    data = Loaded()
    gone = weakref.ref(data)
    ending.leave(data)
    del data
    assert gone() is None


def test_the_collector_goes_off_to_the_end_only_in_a_program_that_ends_with_the_command() -> None:
    import gc

    assert gc.isenabled()
    ending.off_to_the_end()  # thp's code run by another program: its collector is its own
    assert gc.isenabled()
    try:
        with ending.ending():
            ending.off_to_the_end()
            assert not gc.isenabled()
    finally:
        gc.enable()


def _validate(tmp_path: Path, case: str = "duplicate-seat") -> list[str]:
    """The arguments of thp validate (json) on the invalid test case ``case``, built under ``tmp_path``."""
    root = build_case(CASES / "invalid" / case, tmp_path / "p")
    return ["validate", "--root", str(root), "--as-of", AS_OF, "--format", "json"]


def _python(*argv: str, given: str | None = None) -> subprocess.CompletedProcess[str]:
    """Python run on ``argv`` with the cache off (``given``: its standard input)."""
    env = {**os.environ, "THP_NO_CACHE": "1"}
    return subprocess.run(
        [sys.executable, *argv], input=given, capture_output=True, text=True, env=env, timeout=120
    )


@pytest.mark.parametrize("case", ["duplicate-seat", "unknown-reference"])
def test_thp_validate_as_a_program_says_what_it_says_in_process(tmp_path: Path, case: str) -> None:
    args = _validate(tmp_path, case)
    done = _python("-m", "thp_cli", *args)
    inside = CliRunner().invoke(app, args)
    assert done.returncode == inside.exit_code == 1
    assert json.loads(done.stdout) == json.loads(inside.stdout)
    assert json.loads(done.stdout)["errors"] > 0
    assert done.stderr == ""


def test_thp_run_under_a_profiler_still_lets_it_write_what_it_saw(tmp_path: Path) -> None:
    profile = tmp_path / "validate.prof"
    done = _python("-m", "cProfile", "-o", str(profile), "-m", "thp_cli", *_validate(tmp_path))
    assert json.loads(done.stdout)["errors"] > 0  # (cProfile itself ends with status 0)
    assert profile.stat().st_size > 0


def test_thp_in_a_debugger_or_interactive_python_hands_back_to_it(tmp_path: Path) -> None:
    """Something that lives on after thp (pdb, ``python -i``) gets control back as ever."""
    args = _validate(tmp_path)
    debugged = _python("-m", "pdb", "-m", "thp_cli", *args, given="c\nq\n")
    assert "The program exited via sys.exit(). Exit status: 1" in debugged.stdout
    interactive = _python("-i", "-m", "thp_cli", *args, given="print('still here')\n")
    assert "still here" in interactive.stdout


def test_a_program_running_thp_twice_goes_on_after_each(tmp_path: Path) -> None:
    args = _validate(tmp_path)
    host = tmp_path / "host.py"
    host.write_text(
        textwrap.dedent(
            f"""
            import runpy, sys
            for _ in range(2):
                sys.argv = ["thp", *{args!r}]
                try:
                    runpy.run_module("thp_cli", run_name="__main__")
                except SystemExit as stop:
                    print("thp ended with", stop.code, file=sys.stderr)
            print("done", file=sys.stderr)
            """
        )
    )
    done = _python(str(host))
    assert done.stderr == "thp ended with 1\nthp ended with 1\ndone\n"
    assert done.returncode == 0


def test_a_message_with_no_error_stream_is_not_written_to_the_output() -> None:
    code = (
        "from thp_cli import ending\n"
        "with ending.ending():\n"
        "    ending.leave([1])\n"
        "    raise SystemExit('a message')\n"
    )
    closed = subprocess.run(
        ["sh", "-c", f'"{sys.executable}" -c "$0" 2>&-', code], capture_output=True, timeout=60
    )
    assert closed.returncode == 1 and closed.stdout == b""


def test_a_status_the_system_cannot_carry_ends_as_python_ends_it() -> None:
    code = (
        "from thp_cli import ending\n"
        "with ending.ending():\n"
        "    ending.leave([1])\n"
        "    raise SystemExit(2**40)\n"
    )
    plain = "raise SystemExit(2**40)\n"
    left = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=60)
    python = subprocess.run([sys.executable, "-c", plain], capture_output=True, timeout=60)
    assert left.returncode == python.returncode and left.stderr == python.stderr
