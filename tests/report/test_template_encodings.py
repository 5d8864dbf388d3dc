"""Issue #10: a council's own templates and stylesheet (``--templates``) are read safely.

A template or stylesheet that is not UTF-8 text (UTF-16 or UTF-32 without a
byte order mark, a zero byte) is refused with its file, line and column. A
stylesheet that would fetch anything from outside the page (``@import``, a
``url()`` that is not a ``data:`` URI or ``#fragment``) is refused at its line:
the report is one self-contained page. A named pipe swapped in for a template
is refused at once, never waited on. A template's ``range()`` counts through
at most 100,000 numbers in all, so loops in loops cannot run for hours.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from .test_template_sandbox import parse, report


# -- templates and stylesheets ----------------------------------------------------------------
@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le"])
def test_a_stylesheet_in_utf16_or_utf32_without_a_mark_is_refused(
    partnership: Path, tmp_path: Path, codec: str
) -> None:
    own = tmp_path / "own"
    own.mkdir()
    (own / "report.css").write_bytes("body { color: #111111; }\n".encode(codec))
    out = tmp_path / "report.html"
    code, _, stderr = report(partnership, "--format", "html", "--templates", str(own), "--out", str(out))
    assert code == 2 and not out.exists()
    name = "UTF-32" if "32" in codec else "UTF-16"
    assert stderr.startswith(
        f"thp: {own / 'report.css'} line 1 column 1: this file is not UTF-8 text "
        f"(it looks like {name} without a byte order mark"
    ), stderr
    assert "save it as UTF-8" in stderr


def test_a_template_in_utf16_without_a_mark_is_refused(partnership: Path, tmp_path: Path) -> None:
    own = tmp_path / "own"
    own.mkdir()
    (own / "annual.md.j2").write_bytes("# Report {{ r.title }}\n".encode("utf-16-le"))
    code, stdout, stderr = report(partnership, "--templates", str(own))
    assert (code, stdout) == (2, "")
    assert "\\u0000" not in stderr and "\x00" not in stderr
    assert f"{own / 'annual.md.j2'} line 1 column 1: this file is not UTF-8 text" in stderr
    assert "UTF-16 without a byte order mark" in stderr


def test_a_zero_byte_in_a_stylesheet_is_refused_at_its_place(partnership: Path, tmp_path: Path) -> None:
    own = tmp_path / "own"
    own.mkdir()
    (own / "report.css").write_bytes(b"body { color: #111111; }\np { margin: 0\x00; }\n")
    out = tmp_path / "report.html"
    code, _, stderr = report(partnership, "--format", "html", "--templates", str(own), "--out", str(out))
    assert code == 2 and not out.exists()
    assert stderr.startswith(
        f"thp: {own / 'report.css'} line 2 column 14: this file is not UTF-8 text "
        "(here it has a zero byte (NUL), which text never holds)"
    ), stderr


# -- a stylesheet fetches nothing from elsewhere -------------------------------------------------
FETCHING = [
    ("@import url(https://evil.example/x.css);\nbody { color: #111111; }\n", 1, 1, "@import"),
    ('body { color: #111111; }\n@import "print.css" print;\n', 2, 1, "@import"),
    ("body { color: #111111; }\n@IMP\\4f RT 'x.css';\n", 2, 1, "@import"),
    (
        "body {\n  background: url(https://evil.example/pixel.png);\n}\n",
        2,
        15,
        "'https://evil.example/pixel.png'",
    ),
    ("body {\n  background: URL( '//evil.example/pixel.png' );\n}\n", 2, 15, "'//evil.example/pixel.png'"),
    ("p { background: u\\72l(tracker.gif) }\n", 1, 17, "'tracker.gif'"),
    ('@font-face {\n  font-family: X;\n  src: url("font.woff2");\n}\n', 3, 8, "'font.woff2'"),
    ('p { background: image-set("a.png" 1x, "b.png" 2x); }\n', 1, 27, "'a.png'"),
    (
        'p { background: -webkit-image-set(url(data:image/png;base64,AA) 1x, "b.png" 2x); }\n',
        1,
        69,
        "'b.png'",
    ),
    (
        "p { cursor: url(data:image/png;base64,AA), auto; }\nq { cursor: url(hand.cur), auto; }\n",
        2,
        13,
        "'hand.cur'",
    ),
]


@pytest.mark.parametrize(("css", "line", "column", "names"), FETCHING)
def test_a_stylesheet_that_fetches_from_elsewhere_is_refused_at_its_line(
    partnership: Path, tmp_path: Path, css: str, line: int, column: int, names: str
) -> None:
    own = tmp_path / "own"
    own.mkdir()
    (own / "report.css").write_text(css, encoding="utf-8")
    out = tmp_path / "report.html"
    code, _, stderr = report(partnership, "--format", "html", "--templates", str(own), "--out", str(out))
    assert code == 2 and not out.exists()
    assert stderr.startswith(f"thp: {own / 'report.css'} line {line} column {column}: the stylesheet "), (
        stderr
    )
    assert names in stderr
    assert "one self-contained page" in stderr and "data: address" in stderr


def test_a_stylesheet_that_stays_in_the_page_is_put_in_as_it_is(partnership: Path, tmp_path: Path) -> None:
    css = (
        "/* no @import url(https://example.org/x.css) here: this is a comment */\n"
        'p::before { content: "see url(https://example.org) @import"; }\n'
        "h1 { background: url(data:image/svg+xml;base64,PHN2Zy8+) no-repeat; }\n"
        'h2 { background: url( "data:image/png;base64,AA" ); filter: url(#shadow); }\n'
        'h3 { background: image-set("data:image/png;base64,AA" 1x); width: calc((1px + 2px) * 2); }\n'
    )
    own = tmp_path / "own"
    own.mkdir()
    (own / "report.css").write_text(css, encoding="utf-8")
    out = tmp_path / "report.html"
    code, _, stderr = report(partnership, "--format", "html", "--templates", str(own), "--out", str(out))
    assert code == 0, stderr
    assert parse(out.read_text(encoding="utf-8")).styles[0].startswith("\n" + css)


def test_thps_own_stylesheet_fetches_nothing() -> None:
    from thp_cli.templating import check_css, default_templates

    css = default_templates() / "report.css"
    check_css(css.read_text(encoding="utf-8"), css)  # raises if it reached outside the page


# -- a pipe swapped in is refused, never waited on -----------------------------------------------
SWAP = """
import os, pathlib, sys
from thp_cli.cli.app import app

css = pathlib.Path(sys.argv[1]) / "report.css"
css.write_text("body {}\\n")
real_exists, real_is_file, real_open = pathlib.Path.exists, pathlib.Path.is_file, os.open

def swap():
    # thp looked (or is about to open) and saw the file; in that moment it becomes a named pipe
    if not css.is_fifo():
        css.unlink()
        os.mkfifo(css)
    return True

pathlib.Path.exists = lambda self, *a, **k: swap() if self == css else real_exists(self, *a, **k)
pathlib.Path.is_file = lambda self, *a, **k: swap() if self == css else real_is_file(self, *a, **k)
os.open = lambda path, *a, **k: (swap() if str(path) == str(css) else True) and real_open(path, *a, **k)
app(sys.argv[2:], prog_name="thp")
"""


def test_a_pipe_swapped_in_for_a_stylesheet_is_refused_at_once(partnership: Path, tmp_path: Path) -> None:
    own = tmp_path / "own"
    own.mkdir()
    out = tmp_path / "report.html"
    args = ["report", "annual", "--root", str(partnership), "--as-of", "2024-09-01", "--format", "html"]
    done = subprocess.run(
        [sys.executable, "-c", SWAP, str(own), *args, "--templates", str(own), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=30,  # before the fix, thp waited for ever for a writer to the pipe
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith(f"thp: {own / 'report.css'}: not a file but a named pipe (FIFO)"), (
        done.stderr
    )
    assert not out.exists()


def test_a_symbolic_link_for_a_stylesheet_is_refused(partnership: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-TOKEN { }\n")
    own = tmp_path / "own"
    own.mkdir()
    (own / "report.css").symlink_to(secret)
    out = tmp_path / "report.html"
    code, _, stderr = report(partnership, "--format", "html", "--templates", str(own), "--out", str(out))
    assert code == 2 and not out.exists()
    assert stderr.startswith(f"thp: {own / 'report.css'}: a symbolic link;"), stderr
    assert "SECRET-TOKEN" not in stderr


# -- range() is bounded ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("template", "line"),
    [
        (
            "# {{ r.title }}\n{% for i in range(100000) %}{% for j in range(100000) %}"
            "{% endfor %}{% endfor %}\n",
            2,
        ),
        ("# {{ r.title }}\n\n{{ range(1000000)|length }}\n", 3),
        ("{% for i in range(1000) %}\n{% for j in range(1000) %}.{% endfor %}\n{% endfor %}\n", 2),
    ],
)
def test_loops_in_loops_stop_with_an_error_naming_the_template(
    partnership: Path, tmp_path: Path, template: str, line: int
) -> None:
    own = tmp_path / "own"
    own.mkdir()
    (own / "annual.md.j2").write_text(template, encoding="utf-8")
    started = time.monotonic()
    code, stdout, stderr = report(partnership, "--templates", str(own))
    assert time.monotonic() - started < 10
    assert (code, stdout) == (2, "")
    assert stderr.startswith(
        f"thp: {own / 'annual.md.j2'} line {line}: the template tried something templates may not do "
        "(a template may count through at most 100,000 numbers with range())"
    ), stderr


def test_a_template_may_still_count_a_little(partnership: Path, tmp_path: Path) -> None:
    own = tmp_path / "own"
    own.mkdir()
    (own / "annual.md.j2").write_text(
        "{% for i in range(3) %}{{ i }}{% endfor %} {{ range(1, 10, 4)|join(',') }} "
        "{{ range(99990)|length }}\n"
    )
    code, stdout, stderr = report(partnership, "--templates", str(own))
    assert (code, stdout) == (0, "012 1,5,9 99990\n"), stderr
