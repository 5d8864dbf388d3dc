"""``thp import csv|xlsx|moderngov|attendance``: edited spreadsheets, attendance sheets and
ModernGov meetings back into data/.

Thin commands: each maps its options onto one call of :mod:`thp_cli.edit.sheets`
or :mod:`thp_cli.edit.moderngov` (imported inside the command, with openpyxl,
ruamel and pydantic behind them) and prints what was done. Refusals are
``ThpError``: exit 2, nothing written.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..text import plural
from .options import CheckOption, Commands, Group, RecordDayOption, RootOption, as_of_date, say

if TYPE_CHECKING:
    from ..edit.sheets import Imported


FileArgument = Annotated[
    Path,
    typer.Argument(metavar="FILE", help="The file to read.", dir_okay=False, show_default=False),
]


def _say(result: Imported, check: bool) -> None:
    if not result.boards:
        say("nothing to change: the sheet matches the data")
        return
    for board in result.boards:
        what = "" if board.what == "board" else f"{board.what} "
        say(f"{what}{board.board} ({board.file}):")
        for line in board.said:
            say(f"  {line}")
    count = plural(result.changes, "change")
    kinds: dict[str, int] = {}
    for board in result.boards:
        kinds[board.what] = kinds.get(board.what, 0) + 1
    boards = " and ".join(plural(n, what) for what, n in kinds.items())
    if check:
        say(f"{count} to {boards}; nothing written (--check)")
    else:
        say(f"{count} to {boards} written")


SHEET_HELP = """

    For each board the sheet has rows for, its seats become the sheet's: a
    row that is not in the file is added, a seat of the file with no row is
    removed, a row that differs from its seat changes it. A seat is matched by
    its person, or, with no person, by its organisation and role. Boards with no
    row in the sheet are left alone. Import a full export, not one made with
    --current, or the seats it left out are removed.

    Only the lines of what changes are touched; the rest of each file is kept
    byte for byte, so importing an unchanged export changes nothing. Every row
    is checked first (boards, organisations and people exist, positions, dates,
    no seat twice); any problem, named by row and column, refuses the whole
    import (exit 2, nothing written).
"""


INDICATORS_HELP = """
    Indicators: each row is a value of an indicator, named by its date (one row an
    indicator and date; a month YYYY-MM and its last day are one date). A row with a
    date the indicator has no value for adds one, in its place among the values
    (oldest first); a row whose value or note differs from the value of its date
    changes it (an empty note cell removes the note). title, owner and unit are there
    to read by. A row with both date and value empty is ignored. A value with no row
    is kept: the sheet never removes one; remove one by deleting its line from
    data/indicators/<id>.yaml. Each row is checked as thp indicator record checks a
    value: the indicator exists, a month or day whose period has ended by --as-of
    (default today), a number in figures, a percent from 0 to 100, no other unit
    below 0.
"""


def import_csv(
    file: FileArgument,
    check: CheckOption = False,
    as_of: RecordDayOption = None,
    root: RootOption = Path("."),
) -> None:
    from ..edit.indicator_sheet import import_csv as read_csv_file

    _say(read_csv_file(root, file, check=check, today=as_of_date(as_of)), check)


import_csv.__doc__ = (
    "Read a sheet saved as CSV back into the data files: the seats (the columns of thp export "
    "csv) or the indicators' values (those of thp export csv --sheet indicators), as its header "
    "row says; a header that is neither is refused. UTF-8, with or without a byte order mark; "
    "cells split by , or ;." + SHEET_HELP + INDICATORS_HELP
)


def import_xlsx(
    file: FileArgument,
    check: CheckOption = False,
    as_of: RecordDayOption = None,
    root: RootOption = Path("."),
) -> None:
    from ..edit.workbook import import_workbook

    _say(import_workbook(root, file, check=check, today=as_of_date(as_of)), check)


import_xlsx.__doc__ = (
    'Read the workbook thp export xlsx writes back into the data files: its sheet "Seats" (else, '
    'in a workbook of one sheet, its first sheet), and its sheets "Meetings", "Recommendations" '
    'and "Indicators" where it has them.'
    + SHEET_HELP
    + """
    The sheets "Meetings" and "Recommendations" need every column thp export xlsx gives
    them: a header without one is refused.

    Meetings: each row is a board's meeting, named by its date (one row a board and date;
    a board has one meeting a day); a row changes that meeting (status, time, venue,
    agenda, minutes; an empty cell removes the key) or, with a date the board has no
    meeting on, adds one. A meeting with no row is kept: remove one with thp meeting
    remove.

    Recommendations: each row is an action of a recommendation; title and due are there
    to read by (change them in the file). A status or last_update that differs from the
    data, or a new note, is progress: the action's status is set and an update appended
    to its updates, dated last_update if that is new, else --as-of (default today). A note
    or date cleared records nothing.
"""
    + INDICATORS_HELP.replace("Indicators:", 'Indicators (the sheet "Indicators"):', 1)
)


def import_moderngov(
    file: FileArgument,
    board: Annotated[
        str, typer.Option("--board", metavar="ID", help="The board the committee's meetings belong to.")
    ],
    committee_id: Annotated[
        int,
        typer.Option(
            "--committee-id",
            metavar="N",
            min=1,
            help="The committee's id in ModernGov (committeeid); meetings of other committees are ignored.",
        ),
    ],
    check: CheckOption = False,
    as_of: RecordDayOption = None,
    root: RootOption = Path("."),
) -> None:
    """Add a committee's meetings from a saved ModernGov GetMeetings answer (XML) to a board.

    Save the answer of mgWebService.asmx/GetMeetings from the council's
    ModernGov site to a file. Each meeting of the committee whose date is not
    yet in the board's meetings is added: cancelled if ModernGov marks it
    cancelled or postponed (meetingstatus, meetingcancelled), else held if its
    date is before --as-of (default today), else planned. A planned meeting
    becomes cancelled if ModernGov marks it so, else held once its date has
    passed; nothing else is changed or removed, so importing the same file
    twice changes nothing. The committee id is recorded in the board's
    moderngov_committee_id. The rest of the file is kept byte for byte.

    A saved GetMeeting answer (mgWebService.asmx/GetMeeting) also lists the
    meeting's attendees: each is matched to a seat the board had that day, by
    the name of the seat's person (titles such as Councillor aside) or by its
    role, and recorded as the meeting's attendance (Present, Apologies,
    Absent; Apologies with a substitute is substitute), once the meeting is
    held and only if it records no other attendance. An attendee that matches
    no seat, or several, is listed and left out; no seat is invented. A
    GetMeeting answer that names no committee is taken as --committee-id's.
    Files with a DOCTYPE or ENTITY declaration are refused, and so is anything
    but a plain file (a pipe, a device, a symbolic link).
    """
    from ..edit.moderngov import import_meetings

    result = import_meetings(root, file, board, committee_id, as_of_date(as_of), check=check)
    if not result.changed:
        say(f"nothing to change: {board} already has every meeting of committee {committee_id}")
    for line in result.said:
        say(line)
    for line in result.left_out:
        say(f"not mapped to a seat, so left out: {line}")
    if result.ignored:
        say(f"ignored {result.ignored} meeting(s) of other committees")
    if result.changed:
        say("nothing written (--check)" if check else f"wrote {result.file}")


def import_attendance(
    file: FileArgument,
    board: Annotated[str, typer.Option("--board", metavar="ID", help="The board whose meeting it was.")],
    date: Annotated[
        str, typer.Option("--date", metavar="YYYY-MM-DD", help="The day of the meeting (it must be held).")
    ],
    check: CheckOption = False,
    root: RootOption = Path("."),
) -> None:
    """Record a held meeting's attendance from a sheet (CSV or an Excel workbook's first sheet).

    Columns: organisation, role, person, attended, substitute. Each row names one
    seat the board had on the meeting's day, by its person or by its organisation and
    role, with attended present, apologies, absent or substitute, and, for a
    substitute, who came instead (a role is enough). The meeting's attendance becomes
    the sheet's rows; a seat with no row is recorded as not there (the output lists
    them). Every row is checked first: any problem, named by row and column, refuses the
    whole import (exit 2, nothing written), as does a meeting that is not recorded, or
    not held. Only the meeting's attendance lines change; the rest of the file is kept
    byte for byte, and importing the same sheet again changes nothing.
    """
    from ..edit.attendance import import_attendance as run

    result = run(root, file, board, date, check=check)
    if not result.said:
        say(f"nothing to change: the meeting already records this attendance ({result.file})")
    for line in result.said:
        say(line)
    if result.not_there:
        say(f"recorded as not there (no row): {'; '.join(result.not_there)}")
    if result.said:
        say("nothing written (--check)" if check else f"wrote {result.file}")


COMMANDS: Commands = [
    ("csv", import_csv),
    ("xlsx", import_xlsx),
    ("moderngov", import_moderngov),
    ("attendance", import_attendance),
]
GROUP = Group(
    "import",
    "Read an edited spreadsheet (seats, meetings, the tracker, indicators' values), a meeting's "
    "attendance sheet, or meetings saved from ModernGov, back into the data files.",
    COMMANDS,
)
"""The group of commands this module holds, for the app to register."""
