"""Jinja rendering of reports: templates, escaping, safe links.

HTML templates (``*.html.j2``) are autoescaped. Markdown has no autoescape of
its own, so the Markdown environment escapes every ``{{ value }}`` through
``finalize``: a value from the data cannot start a heading, break a table
(``|``, new lines), open HTML, or make a link. Only markup built by thp
itself (the diagram) is marked safe, with :class:`markupsafe.Markup`.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

from .inert import escape as escape_controls

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
# GitHub makes a mention of @name (no letter or digit before the @), and an issue link of
# #123, owner/repo#123 and GH-123: a word joiner (U+2060) after the @, # or GH keeps them
# text. (An e-mail address, a letter before its @, is left whole: only an internal report
# shows one.)
_MENTION = re.compile(r"(?<!\w)@(?=\w)|#(?=\d)|(?i:\bGH)(?=-\d)")


def md_escape(value: Any) -> str:
    """Inert Markdown text, the one escaping of Markdown in thp.

    One line (white space of any kind, line breaks included, becomes one
    space); control characters shown as ``\\uXXXX``; no markup (``*``, ``_``,
    backticks, brackets, ``|``, ``~``, a heading or list at the start), no raw
    HTML (``<``, ``&`` become entities), no links or images, no live
    ``@mentions`` or ``#123`` issue links. Safe in a table
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
    """A Jinja environment for ``md`` or ``html``; a council's own folder comes first."""
    from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined
    from markupsafe import Markup, escape

    folders = [str(templates)] if templates else []
    folders.append(str(default_templates()))
    loader = ChoiceLoader([FileSystemLoader(f) for f in folders])

    def finalize(value: Any) -> Any:
        if kind == "md" and not isinstance(value, Markup):
            return md_escape(value)
        return value

    env = Environment(
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
            return Markup(f"[{shown}](<{target}>)" if target else shown)
        if target is None:
            return escape(label)
        return Markup('<a href="{}">{}</a>').format(target, label)

    env.filters["link"] = link
    env.filters["raw"] = Markup  # only for markup thp built and escaped itself
    return env


def render(template: str, context: dict[str, Any], templates: Path | None = None) -> str:
    kind = "html" if template.endswith((".html.j2", ".html")) else "md"
    return str(environment(kind, templates).get_template(template).render(**context))
