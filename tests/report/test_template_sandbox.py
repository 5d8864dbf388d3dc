"""Issue #10: a council's own templates and stylesheet (``--templates``) are kept in their place.

Templates render in Jinja's sandbox: one that reaches for Python's objects
stops with a clear error naming the template and its line, and runs nothing.
A stylesheet is put into the page as text: it cannot close the ``<style>``
element to add markup or scripts, and is not run as a template. A template
or stylesheet that is not UTF-8 is named, with where it stops being UTF-8.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from thp_cli.cli.app import app

runner = CliRunner()


def report(root: Path, *args: str) -> tuple[int, str, str]:
    done = runner.invoke(
        app,
        ["report", "annual", "--root", str(root), "--as-of", "2024-09-01", *args],
        env={"THP_ROOT": "", "NO_COLOR": "1"},
    )
    return done.exit_code, done.stdout, done.stderr


class Elements(HTMLParser):
    """The elements of a page as a browser's parser sees them, and the text of each <style>."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self._in_style = tag == "style"
        if self._in_style:
            self.styles.append("")

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.styles[-1] += data


def parse(page: str) -> Elements:
    parser = Elements()
    parser.feed(page)
    parser.close()
    return parser


ATTACKS = [
    "{{ ''.__class__.__mro__ }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ cycler.__init__.__globals__.os.system('touch PWNED') }}",
    "{{ joiner.__init__.__globals__['__builtins__']['open']('PWNED', 'w') }}",
    "{{ namespace.__init__.__globals__.os.popen('touch PWNED').read() }}",
    "{{ lipsum.__globals__['os'].system('touch PWNED') }}",
    "{{ self._TemplateReference__context }}",
    "{{ r.__class__.__init__.__globals__ }}",
    "{{ '{0.__class__.__init__.__globals__}'.format(r) }}",
    "{% for b in r.boards %}{{ b.__dict__ }}{% endfor %}",
    "{{ 'x' * 10 ** 10 }}",
    "{{ [1] * 10 ** 10 }}",
    "{{ 7 ** 100000 }}",
]


@pytest.mark.parametrize("fmt", ["md", "html"])
@pytest.mark.parametrize("attack", ATTACKS)
def test_a_template_cannot_reach_python(
    partnership: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, attack: str, fmt: str
) -> None:
    own = tmp_path / "own"
    own.mkdir()
    (own / f"annual.{fmt}.j2").write_text(f"<p>A report</p>\n{{# line 2 #}}\n{attack}\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "report.out"
    code, stdout, stderr = report(partnership, "--format", fmt, "--templates", str(own), "--out", str(out))
    assert code == 2, stdout
    assert f"{own / f'annual.{fmt}.j2'} line 3: " in stderr
    assert "Traceback" not in stderr and "unexpected error" not in stderr
    assert not (tmp_path / "PWNED").exists()
    assert not out.exists()


def test_an_included_template_is_named_with_its_line(partnership: Path, tmp_path: Path) -> None:
    own = tmp_path / "own"
    own.mkdir()
    (own / "annual.md.j2").write_text("# {{ r.title }}\n{% include 'part.md.j2' %}\n", encoding="utf-8")
    (own / "part.md.j2").write_text("fine\nfine\n{{ r.title.__class__ }}\n", encoding="utf-8")
    code, _, stderr = report(partnership, "--templates", str(own))
    assert code == 2
    assert stderr.startswith(f"thp: {own / 'part.md.j2'} line 3: the template tried something")


@pytest.mark.parametrize(
    ("source", "says"),
    [
        ("# {{ r.title }}\n\n{% if %}\n", "line 3: the template is not valid Jinja"),
        ("# {{ r.title }}\n{{ 1 / 0 }}\n", "line 2: the template failed: ZeroDivisionError"),
        ("# {{ r.titel }}\n", "line 1: "),
        ("{% include 'missing.md.j2' %}\n", "line 1: the template uses missing.md.j2"),
        ("{% include '../../outside.md.j2' %}\n", "line 1: the template uses ../../outside.md.j2"),
        ("{% for i in range(10 ** 9) %}{% endfor %}\n", "line 1: the template tried something"),
    ],
)
def test_template_mistakes_are_plain_errors(
    partnership: Path, tmp_path: Path, source: str, says: str
) -> None:
    own = tmp_path / "own"
    own.mkdir()
    (tmp_path / "outside.md.j2").write_text("outside\n")
    (own / "annual.md.j2").write_text(source, encoding="utf-8")
    code, stdout, stderr = report(partnership, "--templates", str(own))
    assert (code, stdout) == (2, "")
    assert stderr.startswith(f"thp: {own / 'annual.md.j2'} {says}"), stderr
    assert "Traceback" not in stderr and "unexpected error" not in stderr


HOSTILE_CSS = """body { color: #111111; }
</style><script>alert(1)</script><style>
/* </STYLE ><img src=x onerror=alert(2)> */
</style/><iframe src="https://example.org"></iframe>
.quote::after { content: "</style><script>alert(3)</script>"; }
{{ 7 * 7 }} {% include 'annual.md.j2' %} {% raw %}{% endraw %}
main > p { margin: 0; }
"""


def test_a_stylesheet_cannot_add_markup_or_scripts(partnership: Path, tmp_path: Path) -> None:
    own = tmp_path / "own"
    own.mkdir()
    (own / "report.css").write_text(HOSTILE_CSS, encoding="utf-8")
    out = tmp_path / "report.html"
    code, _, stderr = report(partnership, "--format", "html", "--templates", str(own), "--out", str(out))
    assert code == 0, stderr
    page = parse(out.read_text(encoding="utf-8"))
    assert not {"script", "img", "iframe"} & set(page.tags)
    assert page.tags.count("style") == 1
    style = page.styles[0]
    # the rules are all there, as CSS, in the one <style> element
    assert "body { color: #111111; }" in style and "main > p { margin: 0; }" in style
    # and the stylesheet was not run as a template
    assert "{{ 7 * 7 }}" in style and "49" not in style and "annual report" not in style
    assert "<h1>Example Borough Partnership: annual report 2024</h1>" in out.read_text(encoding="utf-8")


def test_a_stylesheet_in_a_councils_own_page_is_inert_too(partnership: Path, tmp_path: Path) -> None:
    own = tmp_path / "own"
    own.mkdir()
    (own / "annual.html.j2").write_text(
        "<!DOCTYPE html>\n<title>{{ r.title }}</title>\n"
        "<style>{% include 'report.css' %}</style>\n<p>ok</p>\n"
    )
    (own / "report.css").write_text("p{}</style><script>alert(1)</script>", encoding="utf-8")
    out = tmp_path / "report.html"
    code, _, stderr = report(partnership, "--format", "html", "--templates", str(own), "--out", str(out))
    assert code == 0, stderr
    assert "script" not in parse(out.read_text(encoding="utf-8")).tags


@pytest.mark.parametrize(
    ("name", "content", "where"),
    [
        ("annual.md.j2", b"# {{ r.title }}\ncaf\xe9\n", "line 2 column 4"),
        ("annual.html.j2", b"<p>\xff</p>", "line 1 column 4"),
        ("report.css", b'body {}\n\n.x { content: "\x93quoted\x94"; }\n', "line 3 column 16"),
        ("part.md.j2", b"\xfe\xff\x00a", "line 1 column 1"),
    ],
)
def test_files_that_are_not_utf8_are_named(
    partnership: Path, tmp_path: Path, name: str, content: bytes, where: str
) -> None:
    own = tmp_path / "own"
    own.mkdir()
    (own / name).write_bytes(content)
    if name == "part.md.j2":
        (own / "annual.md.j2").write_text("{% include 'part.md.j2' %}\n")
    fmt = "html" if name in ("annual.html.j2", "report.css") else "md"
    out = tmp_path / "report.out"
    code, _, stderr = report(partnership, "--format", fmt, "--templates", str(own), "--out", str(out))
    assert code == 2
    assert stderr.startswith(f"thp: {own / name} {where}: this file is not UTF-8 text"), stderr
    assert "save it as UTF-8" in stderr
    assert not out.exists()


def test_utf8_with_a_byte_order_mark_is_read(partnership: Path, tmp_path: Path) -> None:
    own = tmp_path / "own"
    own.mkdir()
    (own / "report.css").write_bytes('\ufeff.ok::before { content: "→ café"; }\n'.encode())
    out = tmp_path / "report.html"
    code, _, stderr = report(partnership, "--format", "html", "--templates", str(own), "--out", str(out))
    assert code == 0, stderr
    assert '<style>\n.ok::before { content: "→ café"; }\n' in out.read_text(encoding="utf-8")


def test_a_template_that_includes_itself_is_a_plain_error(partnership: Path, tmp_path: Path) -> None:
    own = tmp_path / "own"
    own.mkdir()
    (own / "annual.md.j2").write_text("# {{ r.title }}\n{% include 'annual.md.j2' %}\n")
    code, stdout, stderr = report(partnership, "--templates", str(own))
    assert (code, stdout) == (2, "")
    assert (
        stderr
        == f"thp: {own / 'annual.md.j2'} line 2: the template includes, extends or calls itself without end\n"
    )


def test_a_template_that_is_no_ordinary_file_is_refused_at_once(partnership: Path, tmp_path: Path) -> None:
    import os

    own = tmp_path / "own"
    own.mkdir()
    os.mkfifo(own / "annual.md.j2")  # reading it would wait for ever
    code, stdout, stderr = report(partnership, "--templates", str(own))
    assert (code, stdout) == (2, "")
    assert stderr.startswith(f"thp: {own / 'annual.md.j2'}: not a file")


def test_a_huge_stylesheet_is_refused(partnership: Path, tmp_path: Path) -> None:
    own = tmp_path / "own"
    own.mkdir()
    (own / "report.css").write_bytes(b"a{}\n" * 1_500_000)
    out = tmp_path / "report.html"
    code, _, stderr = report(partnership, "--format", "html", "--templates", str(own), "--out", str(out))
    assert code == 2 and not out.exists()
    assert stderr.startswith(f"thp: {own / 'report.css'}: the file is larger than 5 MB")


@pytest.mark.parametrize("fmt", ["md", "html"])
@pytest.mark.parametrize("marking", ["raw", "safe"])
def test_a_template_cannot_let_a_value_from_the_data_in_as_markup(
    partnership: Path, tmp_path: Path, fmt: str, marking: str
) -> None:
    safety = partnership / "data" / "boards" / "safety.yaml"
    safety.write_text(
        safety.read_text().replace("name: Safety Partnership", "name: '<script>alert(1)</script>'")
    )
    own = tmp_path / "own"
    own.mkdir()
    (own / f"annual.{fmt}.j2").write_text(
        "{{ r.structure_svg|raw if false else '' }}\n{% for b in r.boards %}{{ b.name|"
        + marking
        + " }}{% endfor %}\n"
    )
    out = tmp_path / "report.out"
    code, _, stderr = report(partnership, "--format", fmt, "--templates", str(own), "--out", str(out))
    assert code == 2 and not out.exists()
    assert stderr.startswith(f"thp: {own / f'annual.{fmt}.j2'} line 2: the template tried something")
    assert "a value from the data is always escaped" in stderr


def test_raw_still_puts_in_the_diagram_thp_built(partnership: Path, tmp_path: Path) -> None:
    own = tmp_path / "own"
    own.mkdir()
    (own / "annual.html.j2").write_text("<div>{{ r.structure_svg|raw }}</div>\n<p>{{ r.title }}</p>\n")
    out = tmp_path / "report.html"
    code, _, stderr = report(partnership, "--format", "html", "--templates", str(own), "--out", str(out))
    assert code == 0, stderr
    page = parse(out.read_text(encoding="utf-8"))
    assert "svg" in page.tags and "rect" in page.tags
