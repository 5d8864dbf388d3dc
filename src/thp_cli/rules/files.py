"""Rules found while reading files: whether a file can be read, and its shape.

These are reported by the loader and the data model, not by a check, and
their severity cannot be changed: a file thp cannot read is never fine.
"""

from __future__ import annotations

from ..findings import Severity
from .base import DATA_FORMAT, YAML_SPEC, declare

E = Severity.ERROR

declare(
    "missing-file",
    E,
    "A required file is missing",
    DATA_FORMAT,
    """
    data/ holds partnership.yaml, calls_to_action.yaml and organisations.yaml;
    boards and recommendations have a folder each. people.yaml is optional.
""",
)
declare(
    "unreadable-file",
    E,
    "A file cannot be read",
    DATA_FORMAT,
    """
    The file exists but thp will not or cannot read it: the operating system
    refuses, or it is not a regular file inside the repository (a symbolic
    link, a folder, a named pipe, a socket or a device). Such a file is
    refused at once, never waited on.
""",
)
declare(
    "file-too-large",
    E,
    "A file is over the size limit",
    YAML_SPEC,
    """
    Files over 5 MiB are refused before they are parsed. No partnership file
    comes near that size; a file that does is almost certainly not meant to
    be there.
""",
)
declare(
    "file-name",
    E,
    "A file is named wrongly",
    DATA_FORMAT,
    """
    Board and recommendation files end in .yaml and are named after their id.
""",
)
declare(
    "invalid-encoding",
    E,
    "A file is not UTF-8",
    DATA_FORMAT,
    """
    Files are UTF-8. A byte-order mark and Windows line endings are fine.
    UTF-16 files (some editors' "Unicode") and files holding zero bytes are
    not text thp can read. Save the file as UTF-8 in your editor.
""",
)
declare(
    "line-separator",
    E,
    "A Unicode line or paragraph separator is used",
    YAML_SPEC,
    """
    YAML 1.2 breaks lines only at line feeds and carriage returns. The
    characters U+2028, U+2029 and U+0085 look like line breaks in some
    tools but not in others, so a file holding one could be read two ways
    (a comment in one tool, data in another). thp reports each one and does
    not use the file's data until they are replaced with real line breaks or
    spaces.
""",
)
declare(
    "tab-indentation",
    E,
    "A tab is used for indentation",
    YAML_SPEC,
    """
    YAML indents with spaces only. Most editors can turn tabs into spaces.
""",
)
declare(
    "yaml-syntax",
    E,
    "The file is not valid YAML",
    YAML_SPEC,
    """
    The file could not be read as YAML, or could be read in a way its
    writer did not mean. The finding says what to do, at the place the fix
    goes: a value that contains ': ' or starts with @ ` % & * ! | > must be
    in quotes; a quote or bracket that is opened must be closed; '-' and ':'
    are followed by a space; lines of one record line up; a '#' starts a
    comment only after a space, and '&name' before a value is an anchor,
    not text.
""",
)
declare(
    "duplicate-key",
    E,
    "A key appears twice",
    YAML_SPEC,
    """
    The same key twice in one mapping means the second silently replaces
    the first. Keep one.
""",
)
declare(
    "non-string-key",
    E,
    "A key is not a name",
    YAML_SPEC,
    """
    Keys are field names such as id or name. A number, true/false or a list
    used as a key is a slip.
""",
)
declare(
    "multiple-documents",
    E,
    "A file holds more than one document",
    DATA_FORMAT,
    """
    Each file holds one YAML document. A line of three dashes (---) in the
    middle of a file starts a second one.
""",
)
declare(
    "empty-file",
    E,
    "A file is empty",
    DATA_FORMAT,
    """
    An empty file (or one with only comments) describes nothing. Fill it in
    or delete it.
""",
)
declare(
    "not-a-mapping",
    E,
    "A file does not hold a mapping",
    DATA_FORMAT,
    """
    The top of every file is a mapping of keys and values (key: value), not a
    list or a single value.
""",
)
declare(
    "yaml-tag",
    E,
    "A YAML tag is used",
    YAML_SPEC,
    """
    Tags (!!python/object, !include, !!binary ...) can make YAML readers run
    code or read other files. thp never acts on them and refuses them all.
""",
)
declare(
    "yaml-alias-limit",
    E,
    "Too many aliases",
    YAML_SPEC,
    """
    Anchors and aliases (&name, *name) are allowed a little, but a file whose
    aliases would expand to a huge amount of data is refused at once.
""",
)
declare(
    "private-alias",
    E,
    "An alias repeats a contact detail outside contact",
    YAML_SPEC,
    """
    Contact details (under contact:) are private: thp never shows them. An
    alias (*name) of a value under contact, used anywhere else (a person's
    name, a role), would publish it, so it is refused: write the value out.
""",
)
declare(
    "nesting-too-deep",
    E,
    "Data nests too deep",
    YAML_SPEC,
    """
    No partnership file nests more than a few levels. Data nested more than
    64 levels deep is refused as soon as that depth is reached.
""",
)
declare(
    "unknown-key",
    E,
    "An unknown key",
    DATA_FORMAT,
    """
    Every key must be one the data format knows. A misspelt key would
    otherwise be ignored silently; thp suggests the key you probably meant.
""",
)
declare(
    "missing-key",
    E,
    "A required key is missing",
    DATA_FORMAT,
    """
    Some keys are required, such as a board's id, name and kind.
""",
)
declare(
    "wrong-type",
    E,
    "A value has the wrong type",
    DATA_FORMAT,
    """
    A value is text where a number is needed, or the other way round, or a
    single value where a list is needed. YAML reads unquoted 3.10 as the
    number 3.1, so action numbers must be quoted: "3.10".
""",
)
declare(
    "invalid-value",
    E,
    "A value is not allowed",
    DATA_FORMAT,
    """
    A value is outside what the field allows: a kind, status or sector not in
    the list, an id that is not lower-case-with-hyphens, an empty title.
""",
)
declare(
    "invalid-date",
    E,
    "A date is not a real date",
    DATA_FORMAT,
    """
    Dates are YYYY-MM-DD and must exist (there is no 2024-02-30). Where a
    field is a month, YYYY-MM is also accepted and means the end of that
    month; where it needs a full date, a month alone is not enough.
""",
)
declare(
    "id-matches-file",
    E,
    "A file's id differs from its name",
    DATA_FORMAT,
    """
    A board's or recommendation's id equals its file name without .yaml, so
    that anyone can find a board's file from its id.
""",
)
declare(
    "duplicate-id",
    E,
    "An id is used twice",
    DATA_FORMAT,
    """
    Ids (and call and action numbers) are unique within their kind.
""",
)
declare(
    "action-number",
    E,
    "An action is numbered under the wrong call",
    DATA_FORMAT,
    """
    Action numbers are "<call>.<n>": actions of call to action 3 are 3.1,
    3.2 and so on.
""",
)
declare(
    "internal-error",
    E,
    "A check failed inside thp",
    DATA_FORMAT,
    """
    A check stopped with an error of its own. This is a bug in thp; the
    other checks still ran. Please report it.
""",
)
