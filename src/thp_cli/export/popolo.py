"""The partnership as open data in the Popolo format (popoloproject.com)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from .seats import seats

if TYPE_CHECKING:
    from ..dataset.records import Dataset


def popolo(dataset: Dataset) -> dict[str, list[dict[str, Any]]]:
    """The partnership in the Popolo data specification (popoloproject.com).

    ``organizations``: the boards (``classification`` their kind, ``parent_id``
    the first board they report to, ``other_names`` their short name), then the
    member organisations (``classification`` their sector). An organisation
    whose id is also a board's is given the id ``organisation:<id>``.
    ``memberships``: one per seat, by board and then as listed: ``organization_id``
    the board, ``role``, ``label`` the position (chair, member, ...),
    ``on_behalf_of_id`` the organisation, ``person_id`` where a person is named,
    ``start_date`` and ``end_date`` where known. ``persons``: id and name of each
    person named on a seat, nothing else. Everything is sorted by id.
    """
    board_ids = set(dataset.boards)

    def org_id(organisation: str) -> str:
        """The Popolo id of ``organisation``, kept apart from a board of the same id."""
        return f"organisation:{organisation}" if organisation in board_ids else organisation

    organizations: list[dict[str, Any]] = []
    for board_id in sorted(dataset.boards):
        board = dataset.boards[board_id].record
        entry: dict[str, Any] = {"id": board.id, "name": board.name, "classification": board.kind}
        if board.reports_to:
            entry["parent_id"] = board.reports_to[0]
        if board.short_name:
            entry["other_names"] = [{"name": board.short_name, "note": "short name"}]
        if board.established:
            entry["founding_date"] = board.established.isoformat()
        organizations.append(entry)
    for organisation_id in sorted(dataset.organisations):
        organisation = dataset.organisations[organisation_id].record
        organizations.append(
            {"id": org_id(organisation.id), "name": organisation.name, "classification": organisation.sector}
        )
    memberships: list[dict[str, Any]] = []
    named: set[str] = set()
    for seat in seats(dataset):
        membership: dict[str, Any] = {"organization_id": seat.board, "role": seat.role}
        membership["label"] = seat.position
        if seat.organisation:
            membership["on_behalf_of_id"] = org_id(seat.organisation)
        if seat.person:
            membership["person_id"] = seat.person
            named.add(seat.person)
        if seat.since:
            membership["start_date"] = seat.since.isoformat()
        if seat.until:
            membership["end_date"] = seat.until.isoformat()
        memberships.append(membership)
    persons = [
        {"id": person_id, "name": dataset.people[person_id].record.name}
        for person_id in sorted(named)
        if person_id in dataset.people
    ]
    return {"organizations": organizations, "memberships": memberships, "persons": persons}


def popolo_json(dataset: Dataset) -> str:
    """:func:`popolo` as indented JSON text, ending in a newline."""
    return json.dumps(popolo(dataset), indent=2, ensure_ascii=False) + "\n"
