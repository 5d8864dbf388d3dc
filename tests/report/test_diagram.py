"""Issue #11, the structure diagram tells the truth about every board, on partnerships
that are not Tower Hamlets: every word of every name is drawn (or the cut is shown,
with the whole name in the box's title), a wide partnership is laid out to be read
at the column's width, boards are in natural order (2 before 10), and Mermaid
shows each name as the data writes it."""

from __future__ import annotations

import datetime as dt
import html as htmllib
import itertools
import re
from pathlib import Path

from thp_cli.report.annual import annual

from ..conftest import write_partnership

AS_OF = dt.date(2025, 11, 1)
COLUMN = 980  # the report's column at a laptop's width (report.css: .width)


def long_names(root: Path) -> Path:
    boards: dict[str, dict[str, object]] = {
        "top": {"name": "Ashdown Partnership", "kind": "partnership-board"}
    }
    for i in range(1, 15):
        boards[f"t{i}"] = {
            "name": f"Thematic Board Number {i} for Neighbourhoods and Communities",
            "reports_to": ["top"],
        }
    return write_partnership(root, boards)


def wide(root: Path, count: int = 24) -> Path:
    """``count`` thematic boards under one board, each with one subgroup."""
    boards: dict[str, dict[str, object]] = {
        "top": {"name": "Marlow Partnership", "kind": "partnership-board"}
    }
    for i in range(1, count + 1):
        boards[f"t{i}"] = {"name": f"Marlow Board {i}", "reports_to": ["top"]}
        boards[f"s{i}"] = {"name": f"Marlow Subgroup {i}", "kind": "subgroup", "reports_to": [f"t{i}"]}
    return write_partnership(root, boards)


def diagram(html: str) -> str:
    return html[html.index("<svg") : html.index("</svg>")]


def boxes(html: str) -> dict[str, dict[str, object]]:
    """Each board's box in the diagram: its title, the lines drawn in it, and where it is."""
    out: dict[str, dict[str, object]] = {}
    for m in re.finditer(r'<g class="board" id="node-([^"]+)">\n(.*?)</g>', diagram(html), re.S):
        body = m.group(2)
        title = re.search(r"<title>(.*?)</title>", body)
        rect = re.search(r'<rect x="([0-9.]+)" y="([0-9.]+)" width="([0-9.]+)" height="([0-9.]+)"', body)
        assert rect, body
        out[m.group(1)] = {
            "title": htmllib.unescape(title.group(1)) if title else None,
            "lines": [htmllib.unescape(t) for t in re.findall(r"<text [^>]*>(.*?)</text>", body)],
            "box": tuple(float(v) for v in rect.groups()),
        }
    return out


def width_of(html: str) -> float:
    found = re.search(r'viewBox="0 0 ([0-9.]+) ([0-9.]+)"', html)
    assert found
    return float(found.group(1))


def test_every_word_of_a_long_name_is_drawn(tmp_path: Path) -> None:
    html = annual(long_names(tmp_path / "p"), year=2025, as_of=AS_OF, fmt="html")
    drawn = boxes(html)
    for i in range(1, 15):
        name = f"Thematic Board Number {i} for Neighbourhoods and Communities"
        assert " ".join(drawn[f"t{i}"]["lines"]) == name  # type: ignore[arg-type]
        assert drawn[f"t{i}"]["title"] == name
    assert width_of(html) <= COLUMN


def test_a_name_too_long_for_its_box_ends_with_an_ellipsis_and_is_whole_in_the_title_and_list(
    tmp_path: Path,
) -> None:
    name = "Joint Strategic Board for " + " and ".join(f"Neighbourhood Service {n}" for n in range(1, 12))
    write_partnership(
        tmp_path / "p",
        {
            "top": {"name": "Ashdown Partnership", "kind": "partnership-board"},
            "long": {"name": name, "reports_to": ["top"]},
        },
    )
    html = annual(tmp_path / "p", year=2025, as_of=AS_OF, fmt="html")
    drawn = boxes(html)["long"]
    lines: list[str] = drawn["lines"]  # type: ignore[assignment]
    assert lines[-1].endswith("\u2026")
    shown = " ".join(lines)[:-1].rstrip()
    assert name.startswith(shown) and len(shown) < len(name)  # what is drawn is the start of the name
    assert drawn["title"] == name
    tree = html[html.index('<ul class="tree">') :]
    assert name in tree


def test_twenty_four_boards_each_with_a_subgroup_fit_the_column_at_full_size(tmp_path: Path) -> None:
    html = annual(wide(tmp_path / "p"), year=2025, as_of=AS_OF, fmt="html")
    # side by side they were 4,664 units wide: scaled into the column, 16 px words became 3 px
    assert width_of(html) <= COLUMN
    drawn = boxes(html)
    assert len(drawn) == 49
    rects = {board: b["box"] for board, b in drawn.items()}
    for (a, (ax, ay, aw, ah)), (b, (bx, by, bw, bh)) in itertools.combinations(rects.items(), 2):  # type: ignore[misc]
        assert ax + aw <= bx or bx + bw <= ax or ay + ah <= by or by + bh <= ay, f"{a} and {b} overlap"
    for i in range(1, 25):
        bx, by, bw, bh = rects[f"t{i}"]  # type: ignore[misc]
        sx, sy, _, _ = rects[f"s{i}"]  # type: ignore[misc]
        assert sy > by + bh and sx == bx  # each subgroup straight under its board
        top = rects["top"]
        assert by > top[1] + top[3]  # type: ignore[index, operator]
    # every board is joined to the board it reports to: a line ends at each box's top
    svg = diagram(html)
    for board, (x, y, w, _) in rects.items():  # type: ignore[misc]
        if board == "top":
            continue
        mid = f"{x + w / 2:.1f}"
        assert re.search(rf'(x1="{mid}" y1="{y:.1f}"|H{mid} V{y:.1f}")', svg), board


def test_boards_are_in_natural_order_in_the_diagram_the_list_and_mermaid(tmp_path: Path) -> None:
    boards: dict[str, dict[str, object]] = {"top": {"name": "Kelso Partnership", "kind": "partnership-board"}}
    boards.update({f"b{i}": {"name": f"Board {i}", "reports_to": ["top"]} for i in (1, 2, 3, 10, 11, 12, 20)})
    write_partnership(tmp_path / "p", boards)
    natural = ["Board 1", "Board 2", "Board 3", "Board 10", "Board 11", "Board 12", "Board 20"]
    html = annual(tmp_path / "p", year=2025, as_of=AS_OF, fmt="html")
    tree = html[html.index('<ul class="tree">') :]
    assert re.findall(r"<li>(Board \d+)", tree) == natural
    drawn = boxes(html)
    placed = sorted(
        (b["box"][0], b["box"][1], " ".join(b["lines"]))
        for b in drawn.values()
        if b["lines"] != ["Kelso Partnership"]
    )  # type: ignore[index]
    assert [title for _, _, title in placed] == natural  # down each column, then the next
    md = annual(tmp_path / "p", year=2025, as_of=AS_OF, fmt="md")
    assert re.findall(r'\["(Board \d+)"\]', md) == natural
    assert re.findall(r"^ *- (Board \d+)", md, re.M) == natural


# -- Mermaid -------------------------------------------------------------------------------------
def mermaid_decoded(label: str) -> str:
    """What Mermaid shows for a quoted label: it turns #name; and #123; into HTML
    entities (encodeEntities / decodeEntities in mermaid's source), which the page decodes."""
    return htmllib.unescape(
        re.sub(r"#(\w+);", lambda m: "&" + ("#" if m[1].isdigit() else "") + m[1] + ";", label)
    )


HOSTILE = [
    'Safety "Board" (A&B) [x]; end',
    "Fund #1 {core} | <b>bold</b> `code` ```",
    "Housing: fa:fa-car & A&amp;B #35; <script>",
    "Café Ōtautahi 🔥 -- > --> ~~~ %% comment",
    "Lifestyle: style x fill:#f9f; classDef y",
]


def test_mermaid_labels_show_every_name_as_written(tmp_path: Path) -> None:
    boards: dict[str, dict[str, object]] = {"top": {"name": "Rowan Partnership", "kind": "partnership-board"}}
    boards.update({f"h{i}": {"name": name, "reports_to": ["top"]} for i, name in enumerate(HOSTILE)})
    write_partnership(tmp_path / "p", boards)
    md = annual(tmp_path / "p", year=2025, as_of=AS_OF, fmt="md")
    block = md[md.index("```mermaid\n") + 11 :]
    block = block[: block.index("\n```")]  # the fence is closed where thp closes it, not by a name
    labels = {}
    for line in block.splitlines()[1:]:
        node = re.fullmatch(r'  (b_\w+)\["([^"]*)"\]', line)
        if node:
            labels[node[1]] = node[2]
        else:
            assert re.fullmatch(r"  b_\w+ --> b_\w+", line), line
    assert len(labels) == len(HOSTILE) + 1
    for i, name in enumerate(HOSTILE):
        label = labels[f"b_h{i}"]
        assert mermaid_decoded(label) == name
        # besides the entity codes, nothing in it that Mermaid or HTML reads as syntax
        assert not set(re.sub(r"#[0-9]+;", "", label)) & set('"[](){}<>|`;:&#'), label


def test_overlap_mermaid_shows_board_names_as_written(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from thp_cli.cli.app import app

    seats = ["council/Leader", "police/Commander", "nhs/Director"]
    boards: dict[str, dict[str, object]] = {"top": {"name": "Rowan Partnership", "kind": "partnership-board"}}
    boards.update(
        {f"h{i}": {"name": name, "reports_to": ["top"], "seats": seats} for i, name in enumerate(HOSTILE[:3])}
    )
    write_partnership(tmp_path / "p", boards)
    out = CliRunner().invoke(
        app, ["overlap", "--root", str(tmp_path / "p"), "--as-of", "2025-11-01", "-f", "mermaid"]
    )
    assert out.exit_code == 0, out.output
    labels = dict(re.findall(r'^  (b_\w+)\["([^"]*)"\]$', out.stdout, re.M))
    for i, name in enumerate(HOSTILE[:3]):
        assert mermaid_decoded(labels[f"b_h{i}"]) == name
