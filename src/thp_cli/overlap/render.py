"""``thp overlap`` output: table, json, csv, graphml, dot and mermaid.

Each renderer takes an :class:`~thp_cli.overlap.OverlapResult` and returns
text; the command decides where it goes. Output is deterministic: the same
data gives the same bytes.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

from ..inert import lines as inert_lines
from ..inert import mermaid_id, mermaid_label, one_line, xml_text
from ..text import clean
from .result import OverlapResult

TABLE_ROWS = 20  # pairs shown in a table when --top is not given
TABLE_WORDS = {
    "seats": {
        "on": "on {day}",
        "seats": "Seats on several boards",
        "organisations": "Organisations on several boards",
    },
    "attendance": {
        "on": "by attendance in the twelve months to {day}",
        "seats": "Seats that attended several boards' meetings",
        "organisations": "Organisations whose seats attended several boards' meetings",
    },
}
"""The table's headings, by what the boards were compared by."""


def render_json(result: OverlapResult) -> str:
    """Everything found, as :meth:`OverlapResult.as_dict` gives it, as indented JSON."""
    from ..jsontext import dumps

    return dumps(result.as_dict()) + "\n"


def render_csv(result: OverlapResult) -> str:
    """The pairs, one a row, for a spreadsheet (UTF-8 with a BOM, as Excel wants).

    Every cell that holds data is neutralised as ``thp export csv``'s are: one
    that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a
    ``'`` in front, so that a spreadsheet never runs it as a formula.

    By attendance, where fewer than two boards' meetings record it, no pair could be
    compared: a file of no rows would read as "nothing overlaps", and a CSV has no place
    for the note that says otherwise, so none is written (ThpError, the note its message).
    """
    from ..export.seats import neutralise

    if result.basis is not None and len(result.basis.window.recorded) < 2:
        from ..errors import Flag, ThpError

        raise ThpError(
            result.note,
            ' So no CSV was written: a file of pairs with no rows would read as "no two boards '
            "overlap\". Record attendance of at least two boards' meetings, or compare the boards by "
            "their seats (",
            Flag("by"),
            " seats).",
        )

    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(
        ["a", "b", "score", "jaccard", "overlap", "shared_seats", "shared_calls",
         "shared_actions", "shared_topics", "related", "reason"]
    )  # fmt: skip
    for p in result.pairs:
        data = [
            p.a, p.b, "; ".join(p.shared_seats), "; ".join(map(str, p.shared_calls)),
            "; ".join(p.shared_actions), "; ".join(p.shared_topics), p.related or "", p.reason,
        ]  # fmt: skip
        a, b, seats, calls, actions, topics, related, reason = map(neutralise, data)
        scores = [f"{p.score:.4f}", f"{p.jaccard:.4f}", f"{p.overlap:.4f}"]
        writer.writerow([a, b, *scores, seats, calls, actions, topics, related, reason])
    return "\ufeff" + out.getvalue()


def _boards(result: OverlapResult) -> list[str]:
    """The boards that appear in the listed pairs, in order."""
    return sorted({b for p in result.pairs for b in (p.a, p.b)})


def _overlap_graph(result: OverlapResult) -> object:
    """The graph GraphML is written from; every text in it is text XML 1.0 allows."""
    import networkx as nx

    g: nx.Graph[str] = nx.Graph()
    if result.basis is not None:  # what was compared, as graph data: yEd and Gephi show it
        g.graph["by"] = result.by
        g.graph["note"] = xml_text(result.note)
    for board in _boards(result):
        g.add_node(xml_text(board), label=xml_text(result.names.get(board, board)))
    for p in result.pairs:
        g.add_edge(
            xml_text(p.a), xml_text(p.b),
            score=round(p.score, 4), jaccard=round(p.jaccard, 4), overlap=round(p.overlap, 4),
            shared_seats=len(p.shared_seats), related=xml_text(p.related or ""), reason=xml_text(p.reason),
        )  # fmt: skip
    return g


def render_graphml(result: OverlapResult) -> str:
    """Boards and their overlaps as GraphML, for yEd and Gephi."""
    import networkx as nx

    return "\n".join(nx.generate_graphml(_overlap_graph(result))) + "\n"  # type: ignore[arg-type]


def _dot_string(text: str) -> str:
    """A DOT quoted string: one line, control characters shown escaped."""
    return '"' + one_line(text).replace("\\", "\\\\").replace('"', '\\"') + '"'


def render_dot(result: OverlapResult) -> str:
    """Graphviz DOT: boards joined by their overlap scores."""
    boards = _boards(result)
    lines = ["graph overlap {", "  node [shape=box, fontname=Arial];"]
    if result.note:
        lines.insert(1, f"  // {one_line(result.note)}")
    for board in boards:
        lines.append(f"  {_dot_string(board)} [label={_dot_string(result.name(board))}];")
    for p in result.pairs:
        style = ", style=dashed" if p.related else ""
        lines.append(
            f"  {_dot_string(p.a)} -- {_dot_string(p.b)} "
            f"[label={_dot_string(f'{p.score:.2f}')}, penwidth={1 + 4 * p.score:.2f}{style}];"
        )
    lines.append("}")
    return "\n".join(lines) + "\n"


def render_mermaid(result: OverlapResult) -> str:
    """A Mermaid document (a ``flowchart``), as a ``.mmd`` file and mermaid-cli read it.

    It is not fenced: to show it in GitHub Markdown, put it in a fenced block
    tagged ``mermaid``. A dotted line joins boards where one reports to the other.
    """
    boards = _boards(result)
    lines = ["flowchart LR"]
    if result.note:
        lines.append(f"  %% {one_line(result.note)}")
    for board in boards:
        lines.append(f'  {mermaid_id(board)}["{mermaid_label(result.name(board))}"]')
    for p in result.pairs:
        link = "-.-" if p.related else "---"
        lines.append(f"  {mermaid_id(p.a)} {link}|{p.score:.2f}| {mermaid_id(p.b)}")
    return "\n".join(lines) + "\n"


def _wording(result: OverlapResult) -> tuple[dict[str, str], str]:
    """The table's headings for what the boards were compared by, and what an empty list says:
    by attendance, with none recorded, an empty list says nothing, so never "none"."""
    recorded = result.basis is None or result.basis.window.recorded
    return TABLE_WORDS[result.by], "  none" if recorded else "  not known: no attendance is recorded"


def render_table(result: OverlapResult, top_given: bool | None = None) -> str:
    """Rich tables for a person at a terminal.

    A table lists the first :data:`TABLE_ROWS` pairs of each group, or every pair
    when ``--top`` was given (``top_given``; by default, whether ``result`` was cut
    to the top N pairs), and says how many more there are.

    Values go to rich as :class:`rich.text.Text`, never as markup (``[bold]`` or
    ``:smile:`` in a board's name is shown as written); control characters are
    shown escaped, and no line of the table starts with a workflow command.
    """
    import shutil

    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    def shown(text: str) -> Text:
        return Text(one_line(clean(text)))

    width = max(80, shutil.get_terminal_size((120, 24)).columns)
    console = Console(file=io.StringIO(), record=True, width=width, highlight=False, emoji=False)
    day, threshold = result.as_of.isoformat(), f"{result.threshold:g}"
    every = result.top is not None if top_given is None else top_given
    words, unknown = _wording(result)
    if result.note:
        console.print(shown(result.note))
        console.print()
    on = words["on"].format(day=day)
    groups = [
        (f"Boards that may duplicate each other {on} (score ≥ {threshold})", result.duplicates,
         "pairs of boards that may duplicate each other"),
        (f"Boards where one reports to the other {on}: shared seats expected (score ≥ {threshold})",
         result.expected, "pairs where one board reports to the other"),
    ]  # fmt: skip
    for title, group, what in groups:
        rows = group if every else group[:TABLE_ROWS]
        if not group:
            console.print(f"[bold]{title}[/bold]\n{unknown}\n")
            continue
        table = Table(title=title)
        for column in ("Score", "Boards", "Why"):
            table.add_column(column, overflow="fold")
        for p in rows:
            table.add_row(
                f"{p.score:.2f}",
                Text("\n").join([shown(result.name(p.a)), shown(result.name(p.b))]),
                shown(p.reason),
            )
        console.print(table)
        if len(group) > len(rows):
            console.print(f"{len(group) - len(rows)} more {what}: use --top N or --format json.")
        console.print()

    def names(boards: list[str]) -> str:
        return ", ".join(sorted(result.name(b) for b in boards))

    sections: list[tuple[str, list[str]]] = [
        ("Clusters of boards that overlap each other", [c.reason for c in result.clusters]),
        (words["seats"], [f"{b.label}: {len(b.boards)} boards ({names(b.boards)})"
                          for b in result.busy_seats[:TABLE_ROWS]]),
        (words["organisations"], [
            f"{o.label}: {len(o.boards)} boards, {o.seats} seats"
            for o in result.busy_organisations[:TABLE_ROWS]
        ]),
        ("Seats that are the only link between boards", [b.reason for b in result.bridges]),
        ("Groups that may no longer be needed (no meeting recorded in a year, end date passed, "
         "or remit inside another group's)", [c.reason for c in result.candidates]),
    ]  # fmt: skip
    for title, lines in sections:
        console.print(Text(title, style="bold"))
        if not lines:
            console.print(unknown if title != sections[-1][0] else "  none")  # the last is not by seats
        for line in lines:
            console.print(Text("  • ") + shown(line))
        console.print()
    return inert_lines(console.export_text(styles=False))


RENDERERS: dict[str, Callable[[OverlapResult], str]] = {
    "table": render_table,
    "json": render_json,
    "csv": render_csv,
    "graphml": render_graphml,
    "dot": render_dot,
    "mermaid": render_mermaid,
}
