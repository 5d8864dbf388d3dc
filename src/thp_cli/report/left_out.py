"""What the data's errors keep out of the annual report, in words a reader of the
report understands: no file names, no rule ids, no person named."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from .diagram import natural_key
from .structure import unread_reporting_lines

if TYPE_CHECKING:
    from ..dataset.records import Dataset

# the kinds of record, as Dataset names them: (one, several) in words
RECORD_WORDS = {
    "boards": ("board", "boards"),
    "organisations": ("organisation", "organisations"),
    "people": ("person", "people"),
    "calls": ("call to action", "calls to action"),
    "actions": ("action", "actions"),
    "recommendations": ("recommendation", "recommendations"),
    "indicators": ("indicator", "indicators"),
}


SHOWN_ID = 60  # characters of a record's id a banner shows


# the fields of a record, in words a reader of the report understands (no YAML keys)
FIELD_WORDS = {
    "name": "its name",
    "short_name": "its short name",
    "kind": "what kind of board it is",
    "statutory": "whether it is statutory",
    "statutory_basis": "what makes it statutory",
    "reports_to": "who it reports to",
    "status": "whether it is active",
    "established": "when it was set up",
    "ends": "when it ends",
    "meets": "how often it meets",
    "meetings": "its meetings",
    "moderngov_committee_id": "its committee number on the council's website",
    "work_programme": "its work programme",
    "terms_of_reference": "its terms of reference",
    "calls_to_action": "the calls to action it delivers",
    "actions": "its actions",
    "topics": "what it works on",
    "strategy": "the strategy it leads",
    "purpose": "what it is for",
    "members": "its seats",
    "seat_holders": "who holds some of its seats",
    "updates": "its annual updates",
    "sources": "its sources",
    "sector": "its sector",
    "title": "its title",
    "number": "its number",
    "owner": "its owning board",
    "action_owners": "the owners of some of its actions",
    "sro": "its senior responsible officer",
    "vision": "its vision",
    "plan": "its plan",
    "principles": "its principles",
    "work_programme_due": "when work programmes are due",
    "annual_update_to": "which board receives annual updates",
    "co_chairing": "which boards are to be co-chaired",
    "report": "how this report is laid out",
}


def _shown(key: object) -> str:
    """A record's id as a banner shows it: on one line, control characters written
    out (``\\x1b``), cut short if long."""
    text = "".join(
        c if c.isprintable() else f"\\x{ord(c):02x}" if ord(c) < 256 else f"\\u{ord(c):04x}"
        for c in " ".join(str(key).split())
    )
    return text if len(text) <= SHOWN_ID else text[: SHOWN_ID - 1] + "…"


def _could_not_read(fields: Sequence[str]) -> str:
    """What could not be read, in words: 'how often it meets, and who it reports to,
    could not be read'."""
    words = [FIELD_WORDS.get(f, f.replace("_", " ")) for f in fields]
    if len(words) == 1:
        return f"{words[0]} could not be read"
    return ", ".join(words[:-1]) + f", and {words[-1]}, could not be read"


def _record_name(kind: str, record: Any, key: object) -> str:
    """A record as a reader knows it: a board or an organisation by its name, a
    recommendation or a call to action by its number and title; its id only when
    it has none of these."""
    if kind == "recommendations":
        return _shown(f"Recommendation {record.number} ({record.title})")
    if kind == "calls":
        return _shown(f"Call to action {record.number} ({record.title})")
    if kind == "actions":
        return _shown(f"Action {record.number} ({record.title})")
    if kind == "indicators":
        return _shown(record.title)
    name = getattr(record, "name", None)
    return _shown(name) if name else f"the {RECORD_WORDS[kind][0]} {_shown(key)}"


def _unread_references(ds: Dataset, kind: str, record: Any) -> set[str]:
    """The fields of a record that name a record not in the data (it does not exist,
    or could not be read): what they say could not be read either."""
    out = set()
    if kind == "boards":
        if any(
            (m.organisation and m.organisation not in ds.organisations)
            or (m.person and m.person not in ds.people)
            for m in record.members
        ):
            out.add("seat_holders")
        if any(n not in ds.calls for n in record.calls_to_action):
            out.add("calls_to_action")
        if any(a not in ds.actions for a in record.actions):
            out.add("actions")
    if kind == "recommendations":
        if record.owner and record.owner not in ds.boards:
            out.add("owner")
        if any(o not in ds.boards for a in record.actions for o in a.owners):
            out.add("action_owners")
    return out


def _natural(key: str) -> tuple[int, int, str]:
    """Numbers in order (2 before 10), then other ids."""
    return (0, len(key), key) if key.isdigit() else (1, 0, key)


def _people_records(n: int) -> str:
    return "one person's record" if n == 1 else f"the records of {n} people"


def left_out(ds: Dataset) -> list[str]:
    """The records the data's errors keep out of the report, or out of it in part, in
    words a reader of the report understands: no file names, no rule ids.

    People are counted, never named: who they are is not the report's to say.
    """
    out: list[str] = []
    if ds.partnership is None:
        out.append("the partnership's own record (its name, vision and plan)")
    for kind, (one, many) in RECORD_WORDS.items():
        index: dict[object, Any] = getattr(ds, kind)
        broken = ds.broken.get(kind, set())
        if "*" in broken:
            out.append(f"every {one} (the list of {many} could not be read)")
            continue
        present = {str(key) for key in index}
        gone = sorted((k for k in broken if k not in present and not k.endswith(".")), key=_natural)
        if kind == "people" and gone:
            out.append(_people_records(len(gone)))
        else:
            out.extend(f"the {one} {_shown(key)}" for key in gone)
        unread = unread_reporting_lines(ds) if kind == "boards" else set()
        partly = []
        for key, located in index.items():
            fields = set(located.dropped)
            if key in unread:
                fields.add("reports_to")
            fields |= _unread_references(ds, kind, located.record)
            if fields:
                partly.append((_record_name(kind, located.record, key), str(key), sorted(fields)))
        partly.sort(key=lambda item: (natural_key(item[0]), _natural(item[1])))
        if kind == "people" and partly:
            out.append("part of " + _people_records(len(partly)))
            continue
        out.extend(f"{name}: {_could_not_read(fields)}" for name, _, fields in partly)
    if ds.partnership is not None and ds.partnership.dropped:
        out.append(f"the partnership's own record: {_could_not_read(sorted(ds.partnership.dropped))}")
    return out
