"""Moved to :mod:`thp_cli.overlap.graph`; kept importable until the merge (shim)."""

from .overlap.graph import PartnershipGraph, board_node, build_graph, seat_label, seat_node

__all__ = ["PartnershipGraph", "board_node", "build_graph", "seat_label", "seat_node"]
