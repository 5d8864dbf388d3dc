"""Moved to :mod:`thp_cli.report.content` and its section modules; kept importable until the merge (shim)."""

from .report.boards import NO_STATUTORY_BASIS, BoardSection
from .report.content import (
    DEFAULT_COLOUR,
    KIND_LABELS,
    SECTION_TITLES,
    SECTOR_LABELS,
    AnnualReport,
    Contact,
    Count,
    SeatCount,
    Section,
    build,
)
from .report.left_out import FIELD_WORDS, RECORD_WORDS, left_out
from .report.links import Link
from .report.structure import TREE_DEPTH, UNREAD, TreeItem, unread_reporting_lines
from .report.tracker import (
    RAG,
    RATINGS_NOTE,
    STATUS_LABELS,
    CoverageRow,
    TrackerGroup,
    TrackerRow,
    rag,
    timescale,
)

__all__ = [
    "DEFAULT_COLOUR",
    "FIELD_WORDS",
    "KIND_LABELS",
    "NO_STATUTORY_BASIS",
    "RAG",
    "RATINGS_NOTE",
    "RECORD_WORDS",
    "SECTION_TITLES",
    "SECTOR_LABELS",
    "STATUS_LABELS",
    "TREE_DEPTH",
    "UNREAD",
    "AnnualReport",
    "BoardSection",
    "Contact",
    "Count",
    "CoverageRow",
    "Link",
    "SeatCount",
    "Section",
    "TrackerGroup",
    "TrackerRow",
    "TreeItem",
    "build",
    "left_out",
    "rag",
    "timescale",
    "unread_reporting_lines",
]
