"""Overlap between boards: the partnership as a graph, pairs of boards that may
duplicate each other, clusters, busy seats, bridges and groups that may no longer be needed."""

from .analysis import Bridge, OverlapResult, Pair, analyse, overlap

__all__ = ["Bridge", "OverlapResult", "Pair", "analyse", "overlap"]
