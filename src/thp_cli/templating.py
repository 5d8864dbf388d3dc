"""Jinja rendering of reports: templates, escaping, safe links.

HTML templates (``*.html.j2``) are autoescaped, and ``finalize`` passes every
value through :func:`thp_cli.inert.markup_text`, so no control character or
noncharacter from the data reaches the page. Markdown has no autoescape of
its own, so the Markdown environment escapes every ``{{ value }}`` through
``finalize``: a value from the data cannot start a heading, break a table
(``|``, new lines), open HTML, or make a link. Only markup built by thp
itself (the diagram) is marked safe, with :class:`markupsafe.Markup`.
"""

from __future__ import annotations

import html
import re
from functools import cache
from pathlib import Path
from typing import Any

from .errors import ThpError
from .inert import escape as escape_controls
from .inert import markup_text
from .text import quote

SAFE_SCHEMES = ("https://", "mailto:")


def default_templates() -> Path:
    """templates/ inside the installed package, or at the top of a source checkout."""
    here = Path(__file__).resolve().parent
    packaged = here / "templates"
    if (packaged / "annual.md.j2").is_file():
        return packaged
    return here.parent.parent / "templates"


_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
_LINE_START = re.compile(r"^(\s*)([#>+=-]|\d+(?=[.)]))")
# GitHub makes a mention of @name (no letter or digit before the @), a mailto: link of an
# e-mail address (name@domain, in any text), and an issue link of #123, owner/repo#123 and
# GH-123: a word joiner (U+2060) after the @, # or GH keeps them text. Every @ before a
# letter or digit is broken, so a role or name that holds an address is no link either.
_MENTION = re.compile(r"@(?=\w)|#(?=\d)|(?i:\bGH)(?=-\d)")


def md_escape(value: Any) -> str:
    """Inert Markdown text, the one escaping of Markdown in thp.

    One line (white space of any kind, line breaks included, becomes one
    space); control characters shown as ``\\uXXXX``; no markup (``*``, ``_``,
    backticks, brackets, ``|``, ``~``, a heading or list at the start), no raw
    HTML (``<``, ``&`` become entities), no links or images, no live
    ``@mentions``, e-mail ``mailto:`` links or ``#123`` issue links. Safe in a table
    cell, a heading, a list item or a paragraph.
    """
    if value is None:
        return ""
    text = escape_controls(" ".join(str(value).split()))
    text = html.escape(text, quote=False)
    text = _MD_SPECIAL.sub(r"\\\1", text)
    text = _LINE_START.sub(
        lambda m: m.group(1) + (m.group(2) + "\\" if m.group(2).isdigit() else "\\" + m.group(2)), text
    )
    text = _MENTION.sub(lambda m: m.group() + "\u2060", text)
    # GitHub turns bare addresses into links; a word joiner (U+2060) stops that
    text = text.replace("://", ":\u2060//")
    return re.sub(r"(?i)\bwww\.", lambda m: m.group()[:3] + "\u2060.", text)


def safe_url(url: Any) -> str | None:
    """The address if it is https: or mailto: and holds no space, quote, angle bracket,
    backslash or control character; else None."""
    text = str(url or "").strip()
    if not text.lower().startswith(SAFE_SCHEMES) or escape_controls(text) != text:
        return None
    return None if any(c.isspace() or c in "\"'<>\\" for c in text) else text


def environment(kind: str, templates: Path | None = None) -> Any:
    """A sandboxed Jinja environment for ``md`` or ``html``; a council's own folder comes first.

    Templates render in Jinja's sandbox (:func:`_sandbox`): they can use the
    report's values and Jinja's filters, not Python's objects. Files are read
    by :func:`_loader`: UTF-8 only, and a stylesheet is text, never markup.
    """
    from jinja2 import StrictUndefined
    from markupsafe import Markup, escape

    loader = _loader([*([Path(templates)] if templates else []), default_templates()])

    def finalize(value: Any) -> Any:
        if kind == "md":
            return value if isinstance(value, Markup) else md_escape(value)
        if isinstance(value, str):  # markup too: no control character or noncharacter reaches the page
            cleaned = markup_text(value)
            if cleaned is value or cleaned == value:
                return value
            return Markup(cleaned) if isinstance(value, Markup) else cleaned
        if value is None or isinstance(value, (bool, int, float)):
            return value
        return finalize(str(value))

    env = _sandbox()(
        loader=loader,
        autoescape=kind == "html",
        undefined=StrictUndefined,
        finalize=finalize,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )

    def link(url: Any, text: Any = None) -> Markup:
        label = text if text is not None else url
        target = safe_url(url)
        if kind == "md":
            shown = md_escape(label)
            # a | ends a table cell even inside a link; %7C is the same address
            return Markup(f"[{shown}](<{target.replace('|', '%7C')}>)" if target else shown)
        if target is None:
            return escape(label)
        return Markup('<a href="{}">{}</a>').format(target, label)

    def raw(value: Any) -> Markup:
        """Markup thp built and escaped itself, put in as it is; anything else is refused."""
        from jinja2.exceptions import SecurityError

        if isinstance(value, (Built, Markup)):
            return Markup(value)
        raise SecurityError(
            "|raw and |safe are only for the markup thp builds (r.structure_svg, r.structure_mermaid, "
            "an indicator's chart); "
            "a value from the data is always escaped"
        )

    env.globals["range"] = _counted_range()
    env.filters["link"] = link
    env.filters["raw"] = raw
    env.filters["safe"] = raw  # Jinja's own |safe would let a value from the data in as markup
    return env


class Built(str):
    """Markup thp built from the data and escaped itself (the structure diagram):
    the only text a template's ``|raw`` puts into a report as it is."""


def render(template: str, context: dict[str, Any], templates: Path | None = None) -> str:
    """``template`` rendered with ``context``; whatever goes wrong in a template is a
    :class:`ThpError` naming its file and line, never a traceback."""
    kind = "html" if template.endswith((".html.j2", ".html")) else "md"
    env = environment(kind, templates)
    try:
        return str(env.get_template(template).render(**context))
    except ThpError:
        raise
    except Exception as error:
        problem = _template_problem(error, env.loader.files)
        if problem is None:
            raise  # not the template's doing: a fault in thp itself
        raise ThpError(problem) from None


def renderer(template: str, templates: Path | None = None) -> Any:
    """``template`` loaded once, as a function of its context: for output made of many pages
    (the site), each rendered as :func:`render` renders one, errors included."""
    kind = "html" if template.endswith((".html.j2", ".html")) else "md"
    env = environment(kind, templates)

    def run(context: dict[str, Any]) -> str:
        try:
            return str(env.get_template(template).render(**context))
        except ThpError:
            raise
        except Exception as error:
            problem = _template_problem(error, env.loader.files)
            if problem is None:
                raise
            raise ThpError(problem) from None

    return run


# -- loading templates and stylesheets --------------------------------------------
MAX_SIZE = 10_000_000  # characters or items a template may build with * (a string, a list)
MAX_POWER = 1_000  # the largest exponent a template may raise a number to
MAX_FILE = 5_000_000  # bytes of a template or stylesheet
MAX_RANGE = 100_000  # numbers a template may count through with range(), in all


def inert_css(text: str) -> str:
    """A stylesheet that cannot end the ``<style>`` element nor run as a template.

    Inside ``<style>`` the HTML parser looks only for ``</style``, so no ``</``
    is left: it becomes ``<\\/``, which is the same text in a CSS string or
    comment and is nowhere else valid CSS. ``{%`` becomes ``{\\25 `` (CSS's
    escape of ``%``), which is likewise the same text wherever it can occur.
    """
    return text.replace("</", "<\\/").replace("{%", "{\\25 ")


# CSS's tokens, as far as a check for what a stylesheet fetches needs them: a string, a
# function's name with its "(", an at-rule's name, a bracket. A name may be written with
# escapes (u\72l, @\69mport), which :func:`_css_name` undoes.
_CSS_ESCAPE = r"\\(?:[0-9a-fA-F]{1,6}[ \t\r\n\f]?|[^\r\n\f0-9a-fA-F])"
_CSS_NAME = rf"(?:[-A-Za-z0-9_\u0080-\U0010ffff]|{_CSS_ESCAPE})+"
_CSS_TOKEN = re.compile(
    rf"""(?P<string>"(?:[^"\\\r\n\f]|\\[\s\S])*"?|'(?:[^'\\\r\n\f]|\\[\s\S])*'?)"""
    rf"|(?P<function>{_CSS_NAME})\(|@(?P<at>{_CSS_NAME})|(?P<bracket>[()\[\]{{}};])"
    rf"|{_CSS_NAME}|[^-\"'()\[\]{{}};@\\A-Za-z0-9_\u0080-\U0010ffff]+|\\.|[\s\S]"
)
_CSS_UNQUOTED_URL = re.compile(r"[ \t\r\n\f]*((?:[^)\\\"']|\\[\s\S])*)")
_CSS_FETCHERS = {"url", "src"}  # functions whose argument is an address
_CSS_IMAGES = {"image-set", "image", "cross-fade"}  # functions whose strings are addresses


def _css_unescape(text: str) -> str:
    def one(match: re.Match[str]) -> str:
        escaped = match.group()[1:]
        if escaped[:1] in "0123456789abcdefABCDEF" and escaped.strip():
            code = int(escaped.strip(), 16)
            return chr(code) if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else "\ufffd"
        return escaped

    return re.sub(_CSS_ESCAPE, one, text)


def _css_name(text: str) -> str:
    """A name as CSS reads it: escapes undone, lower case, without a -webkit- (or other) prefix."""
    return re.sub(r"^-[a-z]+-", "", _css_unescape(text).lower())


def _css_string(token: str) -> str:
    """A CSS string's text, without its quotes (a string the line ends has no closing one)."""
    body = token[1:]
    return body[:-1] if body.endswith(token[0]) else body


def _in_page(address: str) -> bool:
    """True for an address inside the page itself: a data: URI or a #fragment."""
    address = _css_unescape(address).strip().lower()
    return address.startswith(("data:", "#"))


def check_css(text: str, path: Path) -> None:
    """A :class:`ThpError` naming the file and line if the stylesheet refers to anything outside
    the page: an ``@import``, or a ``url()`` (``src()``, or a string in ``image-set()``) that is
    not a ``data:`` URI or a ``#fragment``. A report is one self-contained page: nothing in it
    is fetched from elsewhere, so nothing can follow a reader or change it once published."""
    # comments out, each kept as blanks of its own length so lines and columns stay true
    text = re.sub(r"/\*[\s\S]*?(?:\*/|\Z)", lambda m: re.sub(r"[^\n]", " ", m.group()), text)

    def refuse(offset: int, what: str) -> ThpError:
        line = text.count("\n", 0, offset) + 1
        column = offset - text.rfind("\n", 0, offset)
        return ThpError(
            f"{path} line {line} column {column}: the stylesheet {what}; a report is one "
            "self-contained page with nothing fetched from elsewhere: put the rules themselves "
            "in the stylesheet, and an image or font as a data: address"
        )

    def check(offset: int, address: str) -> None:
        if not _in_page(address):
            raise refuse(offset, f"refers to {quote(address.strip(), 80)}, outside the page")

    brackets: list[bool] = []  # the brackets the scan is inside, innermost last: an image-set()?
    images = 0  # how many of them are image functions, whose strings are addresses
    position = 0
    while position < len(text):
        token = _CSS_TOKEN.match(text, position)
        assert token is not None  # the last alternative matches any character
        position = token.end()
        image = False
        if token.group("at") is not None and _css_name(token.group("at")) == "import":
            raise refuse(token.start(), "imports another stylesheet (@import), from outside the page")
        if token.group("string") is not None:
            if images:
                check(token.start(), _css_string(token.group("string")))
            continue
        if token.group("function") is not None:
            name = _css_name(token.group("function"))
            image = name in _CSS_IMAGES
            if name in _CSS_FETCHERS:  # url(address) runs to the ")"; url("address") is a string
                unquoted = _CSS_UNQUOTED_URL.match(text, position)
                assert unquoted is not None
                quoted = _CSS_TOKEN.match(text, unquoted.end())
                if unquoted.group(1).strip():
                    check(token.start(), unquoted.group(1))
                    position = unquoted.end()
                elif quoted is not None and quoted.group("string") is not None:
                    check(token.start(), _css_string(quoted.group("string")))
                    position = quoted.end()
                else:
                    raise refuse(token.start(), f"has a {name}() without an address thp can read")
        elif token.group("bracket") in ("(", "["):
            pass
        elif token.group("bracket") in (")", "]"):
            if brackets:
                images -= brackets.pop()
            continue
        elif token.group("bracket") in ("{", "}", ";"):
            brackets.clear()
            images = 0
            continue
        else:
            continue
        brackets.append(image)  # a function or bracket opened
        images += image


def _read_text(path: Path) -> str | None:
    """The file as UTF-8 text; None if there is no such file; else a :class:`ThpError`
    naming the file and saying what is wrong with it.

    The file is read by :func:`thp_cli.yamlio.bounds.read_regular`: never through a symbolic
    link, never waiting (a named pipe or device, even one swapped in for the file a
    moment ago, is refused at once), the open descriptor checked to be a regular file.
    Its bytes must be UTF-8 text (:func:`thp_cli.yamlio.textbytes.sniff`): no UTF-16, no zero byte.
    """
    import errno
    import stat

    from .yamlio.bounds import NotRegularFileError, read_regular
    from .yamlio.textbytes import sniff

    try:
        data = read_regular(path, MAX_FILE + 1)
    except NotRegularFileError as error:
        if error.errno == errno.ELOOP or (error.mode is None and path.is_symlink()):
            raise ThpError(
                f"{path}: a symbolic link; thp reads a template or stylesheet only from the file "
                "itself, never through a link: put the file in its place"
            ) from None
        mode = error.mode or 0
        what = (
            "a folder" if stat.S_ISDIR(mode)
            else "a named pipe (FIFO)" if stat.S_ISFIFO(mode)
            else "a socket or a device"
        )  # fmt: skip
        raise ThpError(
            f"{path}: not a file but {what}; a template or stylesheet must be an ordinary file"
        ) from None
    except FileNotFoundError:
        return None
    except OSError as error:
        if error.errno == errno.ENOTDIR:  # a file where a folder of the name should be
            return None
        raise ThpError(f"{path}: cannot read it: {error.strerror or error}") from None
    if len(data) > MAX_FILE:
        raise ThpError(
            f"{path}: the file is larger than {MAX_FILE // 1_000_000} MB, far more than any template "
            "or stylesheet needs; is it the right file?"
        )
    trouble = sniff(data)
    if trouble is not None:
        raise ThpError(
            f"{path} line {trouble.line} column {trouble.column}: this file is not UTF-8 text "
            f"({trouble.here}); save it as UTF-8 in your editor"
        )
    return data.decode("utf-8-sig")


def _loader(folders: list[Path]) -> Any:
    """A Jinja loader over ``folders``, first match wins, that remembers the files it read.

    A name ending ``.css`` is a stylesheet, put into the page as it is (made
    inert by :func:`inert_css`, and refused if it reaches outside the page:
    :func:`check_css`), not a template.
    """
    from jinja2 import FunctionLoader, TemplateNotFound

    files: set[str] = set()

    def load(name: str) -> tuple[str, str, Any]:
        pieces = [p for p in name.replace("\\", "/").split("/") if p not in ("", ".")]
        if not pieces or ".." in pieces:
            raise TemplateNotFound(name)
        for folder in folders:
            path = folder.joinpath(*pieces)
            text = _read_text(path)
            if text is None:
                continue
            if name.endswith(".css"):
                check_css(text, path)
                text = "{% raw %}" + inert_css(text) + "{% endraw %}"
            files.add(str(path))
            return text, str(path), lambda: True
        raise TemplateNotFound(name)

    loader = FunctionLoader(load)
    loader.files = files  # type: ignore[attr-defined]
    return loader


def _counted_range() -> Any:
    """``range`` for one rendering: at most :data:`MAX_RANGE` numbers counted through in all,
    so loops in loops (``range(100000)`` in ``range(100000)``) stop with an error at once
    instead of running for hours."""
    from jinja2.exceptions import SecurityError

    counted = 0

    def counted_range(*args: int) -> range:
        nonlocal counted
        numbers = range(*args)
        counted += len(numbers)
        if counted > MAX_RANGE:
            raise SecurityError(f"a template may count through at most {MAX_RANGE:,} numbers with range()")
        return numbers

    return counted_range


@cache
def _sandbox() -> Any:
    """Jinja's :class:`SandboxedEnvironment`, which also refuses to build huge values."""
    from jinja2.exceptions import SecurityError
    from jinja2.sandbox import SandboxedEnvironment

    class Sandbox(SandboxedEnvironment):
        intercepted_binops = frozenset(["*", "**"])

        def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
            if operator == "*":
                for seq, n in ((left, right), (right, left)):
                    if isinstance(seq, (str, list, tuple)) and isinstance(n, int) and len(seq) * n > MAX_SIZE:
                        raise SecurityError(f"a template may not build a value longer than {MAX_SIZE:,}")
            numbers = isinstance(left, (int, float)) and isinstance(right, (int, float))
            if operator == "**" and numbers and abs(right) > MAX_POWER and abs(left) > 1:
                raise SecurityError(f"a template may not raise a number to a power above {MAX_POWER:,}")
            return super().call_binop(context, operator, left, right)

    return Sandbox


def _template_problem(error: Exception, files: set[str]) -> str | None:
    """What went wrong in a template, in words, with its file and line; None when the
    error did not come from a template (a fault in thp, to be reported as one)."""
    from jinja2 import TemplateNotFound, TemplateSyntaxError, UndefinedError
    from jinja2.exceptions import SecurityError

    where = None
    if isinstance(error, TemplateSyntaxError) and error.filename:
        where = f"{error.filename} line {error.lineno}"
    else:
        tb = error.__traceback__
        while tb is not None:  # the innermost frame that is a line of a template
            if tb.tb_frame.f_code.co_filename in files:
                where = f"{tb.tb_frame.f_code.co_filename} line {tb.tb_lineno}"
            tb = tb.tb_next
    if where is None:
        return None
    if isinstance(error, SecurityError):
        return (
            f"{where}: the template tried something templates may not do "
            f"({str(error).rstrip('.')}); a template "
            "can use the report's values (r.title, r.boards, ...) and Jinja's filters, nothing of Python's"
        )
    if isinstance(error, TemplateSyntaxError):
        return f"{where}: the template is not valid Jinja: {error.message}"
    if isinstance(error, TemplateNotFound):
        return f"{where}: the template uses {error.name}, which is neither in your templates folder nor thp's"
    if isinstance(error, RecursionError):
        return f"{where}: the template includes, extends or calls itself without end"
    if isinstance(error, UndefinedError):
        return f"{where}: {error.message}; thp's own templates show the values a report has"
    return f"{where}: the template failed: {type(error).__name__}: {error}"
