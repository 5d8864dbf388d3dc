"""The partnership as one networkx graph: boards, seats, organisations,
people, calls to action, actions and topics, with reporting lines.

Built once here; overlap analysis, reports and exports all read it.

Node keys are strings with a kind prefix, so that every kind shares one
namespace without clashes: ``board:steering-group``, ``seat:council|Chief Executive``,
``person:person-0001``, ``org:council``, ``call:3``, ``action:3.1``,
``topic:domestic-abuse``. Every node has a ``kind`` and a ``label``; every
edge has a ``kind``:

* ``sits_on``: seat or person -- board (only seats current on the as-of day,
  on boards that are not closed and were established by then);
* ``holds``: organisation -- seat;
* ``delivers``: board -- call or action (an action implies its call);
* ``part_of``: action -- call;
* ``about``: board -- topic;
* ``reports_to``: board -- board, with ``source`` the reporting board and
  ``target`` the board it reports to.

The graph is undirected so that paths and bridges follow any tie; the
reporting direction is kept on the edge. Private data (contact details) is
never put in the graph.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import networkx as nx

    from ..dataset.records import Dataset
    from ..model import Board, Member


def board_node(board_id: str) -> str:
    """A board's node: ``board:`` and its id."""
    return f"board:{board_id}"


def seat_node(member: Member) -> str:
    """A seat's node: its person where given, else its organisation and role."""
    if member.person:
        return f"person:{member.person}"
    return f"seat:{member.organisation or ''}|{member.role}"


def seat_label(member: Member, dataset: Dataset) -> str:
    """How a seat reads: 'Chief Executive, Riverside Borough Council'."""
    if member.person and member.person in dataset.people:
        name = dataset.people[member.person].record.name
        return f"{name} ({member.role})"
    org = dataset.organisations.get(member.organisation or "")
    owner = org.record.name if org else (member.organisation or "")
    return f"{member.role}, {owner}" if owner else member.role


@dataclass(frozen=True)
class PartnershipGraph:
    """The graph and the day it describes."""

    graph: nx.Graph[str]
    as_of: dt.date

    def kind(self, node: str) -> str:
        """What ``node`` is: board, seat, person, organisation, call, action or topic."""
        return str(self.graph.nodes[node].get("kind", ""))

    def label(self, node: str) -> str:
        """How ``node`` reads in a sentence (its key where it has no label)."""
        return str(self.graph.nodes[node].get("label", node))

    def neighbours(self, node: str, kind: str) -> set[str]:
        """Neighbours of ``node`` joined by an edge of ``kind``."""
        return {other for other, attrs in self.graph.adj[node].items() if attrs.get("kind") == kind}

    def seats_of(self, board: str) -> set[str]:
        """The seats (and people) sitting on ``board`` on the as-of day."""
        return self.neighbours(board, "sits_on")

    def reports_to(self, board: str) -> set[str]:
        """The boards ``board`` reports to directly."""
        return {
            other
            for other, attrs in self.graph.adj[board].items()
            if attrs.get("kind") == "reports_to" and attrs.get("source") == board
        }

    def board_seat_graph(self) -> nx.Graph[str]:
        """The bipartite graph of boards and the seats that sit on them.

        A new graph with its nodes and edges added in sorted order: a view
        (``edge_subgraph``) iterates its nodes in the order of a set, which
        changes with the hash seed, and so would every search over it.
        """
        import networkx as nx

        edges = sorted(
            (min(u, v), max(u, v))
            for u, v, attrs in self.graph.edges(data=True)
            if attrs.get("kind") == "sits_on"
        )
        g: nx.Graph[str] = nx.Graph()
        g.add_nodes_from(sorted({v for edge in edges for v in edge}))
        g.add_edges_from(edges)
        return g


def open_on(board: Board, on: dt.date) -> bool:
    """Whether ``board`` sits on ``on``: not closed, and established by then (a board
    established later had no seats that day). Only such boards have seats in the graph."""
    return board.status != "closed" and (board.established is None or board.established <= on)


def build_graph(dataset: Dataset, as_of: dt.date) -> PartnershipGraph:
    """The whole partnership as a graph, as it stands on ``as_of``."""
    import networkx as nx

    g: Any = nx.Graph()
    for org_id, org in dataset.organisations.items():
        g.add_node(f"org:{org_id}", kind="organisation", label=org.record.name, sector=org.record.sector)
    for call_number, located_call in dataset.calls.items():
        title = located_call.record.title
        g.add_node(f"call:{call_number}", kind="call", label=f"Call to action {call_number}: {title}")
    for action_number, located_action in dataset.actions.items():
        node = f"action:{action_number}"
        g.add_node(node, kind="action", label=f"{action_number} {located_action.record.title}")
        parent = f"call:{action_number.split('.')[0]}"
        if parent in g:
            g.add_edge(node, parent, kind="part_of")

    for board_id, located in dataset.boards.items():
        b = located.record
        node = board_node(board_id)
        g.add_node(
            node,
            kind="board",
            label=b.name,
            board_kind=b.kind,
            status=b.status,
            statutory=b.statutory,
            short_name=b.short_name or "",
        )
    for board_id, located in dataset.boards.items():
        b = located.record
        node = board_node(board_id)
        for target in b.reports_to:
            if target in dataset.boards and target != board_id:
                up = board_node(target)
                g.add_edge(node, up, kind="reports_to", source=node, target=up)
        for call_number in b.calls_to_action:
            if f"call:{call_number}" in g:
                g.add_edge(node, f"call:{call_number}", kind="delivers")
        for action_number in b.actions:
            if f"action:{action_number}" in g:
                g.add_edge(node, f"action:{action_number}", kind="delivers")
                parent = f"call:{action_number.split('.')[0]}"
                if parent in g:
                    g.add_edge(node, parent, kind="delivers")
        for topic in b.topics:
            g.add_node(f"topic:{topic}", kind="topic", label=topic)
            g.add_edge(node, f"topic:{topic}", kind="about")
        if not open_on(b, as_of):
            continue
        for member in b.members:
            if not member.current(as_of):
                continue
            seat = seat_node(member)
            if seat not in g:
                g.add_node(
                    seat,
                    kind="person" if member.person else "seat",
                    label=seat_label(member, dataset),
                    organisation=member.organisation or "",
                    role=member.role,
                )
            g.add_edge(seat, node, kind="sits_on", position=member.position)
            if member.organisation and f"org:{member.organisation}" in g:
                g.add_edge(f"org:{member.organisation}", seat, kind="holds")
    return PartnershipGraph(g, as_of)
