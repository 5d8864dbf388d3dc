"""YAML syntax slips officers make by hand are said in plain words, where the fix goes.

Each case is a board file of a partnership that is not Tower Hamlets, with one
slip. The finding must be at the line and column where the fix belongs, say
what to do, and never repeat the parser's own jargon. Applying the fix the
message gives makes the file load.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from thp_cli.yamlio.load import load_text

SETTINGS = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])

BOARD = "id: wellbeing\nname: Wellbeing Board\nkind: thematic-board\n"
JARGON = ("mapping values", "expected key", "simple key", "token", "scalar", "flow sequence", "indicator")


def finding(text: str) -> tuple[int, int, str]:
    loaded = load_text("data/boards/wellbeing.yaml", text)
    syntax = [
        f
        for f in loaded.findings
        if f.rule in ("yaml-syntax", "yaml-tag", "tab-indentation", "not-a-mapping")
    ]
    assert len(syntax) == 1, loaded.findings
    found = syntax[0]
    assert not any(word in found.message for word in JARGON), found.message
    return found.line, found.column, found.message


# (name, text, line, column, words the message must hold, the fixed text)
SLIPS = [
    (
        "colon in a value",
        BOARD + "members:\n  - role: Chair: Health and Care\n    organisation: nhs\n",
        5,
        11,
        "a role that contains ': ' must be in quotes",
        BOARD + 'members:\n  - role: "Chair: Health and Care"\n    organisation: nhs\n',
    ),
    (
        "a value ending in ':'",
        "id: wellbeing\nname: Wellbeing:\nkind: thematic-board\n",
        2,
        7,
        "a name that ends with ':' must be in quotes",
        'id: wellbeing\nname: "Wellbeing:"\nkind: thematic-board\n',
    ),
    (
        "colon in a value of a key with an underscore",
        BOARD + "statutory_basis: Health and Social Care Act 2012: section 194\n",
        4,
        18,
        "the value of statutory_basis that contains ': ' must be in quotes",
        BOARD + 'statutory_basis: "Health and Social Care Act 2012: section 194"\n',
    ),
    (
        "the first key indented",
        "  id: wellbeing\nname: Wellbeing Board\nkind: thematic-board\n",
        1,
        1,
        "the first key is indented by 2 spaces",
        "id: wellbeing\nname: Wellbeing Board\nkind: thematic-board\n",
    ),
    (
        "tab for indentation",
        BOARD + "members:\n\t- role: Chair\n",
        5,
        1,
        "replace the tab with spaces",
        BOARD + "members:\n  - role: Chair\n",
    ),
    (
        "list item indented less",
        BOARD + "members:\n  - role: Chair\n    organisation: nhs\n - role: Vice\n",
        7,
        2,
        "line it up with the other keys (or the '-' of the other list items)",
        BOARD + "members:\n  - role: Chair\n    organisation: nhs\n  - role: Vice\n",
    ),
    (
        "list item indented more",
        BOARD + "members:\n  - role: Chair\n    organisation: nhs\n   - role: Vice\n",
        7,
        4,
        "line its '-' up with theirs",
        BOARD + "members:\n  - role: Chair\n    organisation: nhs\n  - role: Vice\n",
    ),
    (
        "key indented under a value",
        BOARD + "status: active\n  meets: quarterly\n",
        5,
        3,
        "indented further than the line above",
        BOARD + "status: active\nmeets: quarterly\n",
    ),
    (
        "unclosed double quote, reported where it opens",
        'id: wellbeing\nname: "Wellbeing Board\nkind: thematic-board\nstatus: active\n',
        2,
        7,
        'nothing closes it: add the closing "',
        'id: wellbeing\nname: "Wellbeing Board"\nkind: thematic-board\nstatus: active\n',
    ),
    (
        "unclosed quote closed by the next value's quote",
        'id: wellbeing\nname: "Wellbeing Board\nkind: thematic-board\nmeets: "quarterly"\n',
        2,
        7,
        "nothing closes it",
        'id: wellbeing\nname: "Wellbeing Board"\nkind: thematic-board\nmeets: "quarterly"\n',
    ),
    (
        "apostrophe inside single quotes",
        "id: wellbeing\nname: 'Children's Board'\nkind: thematic-board\n",
        2,
        7,
        "write an apostrophe as two: ''",
        "id: wellbeing\nname: 'Children''s Board'\nkind: thematic-board\n",
    ),
    (
        "unclosed bracket",
        BOARD + "topics: [housing, health\nmeets: quarterly\n",
        4,
        9,
        "end it with ']'",
        BOARD + "topics: [housing, health]\nmeets: quarterly\n",
    ),
    (
        "unclosed brace",
        BOARD + "terms_of_reference: {url: 'https://example.org/tor'\nmeets: quarterly\n",
        4,
        21,
        "end it with '}'",
        BOARD + "terms_of_reference: {url: 'https://example.org/tor'}\nmeets: quarterly\n",
    ),
    (
        "':' in a value inside brackets",
        BOARD + "terms_of_reference: {url: https://example.org/tor}\n",
        4,
        27,
        "a value inside [ ] or { } that contains ':' must be in quotes",
        BOARD + "terms_of_reference: {url: 'https://example.org/tor'}\n",
    ),
    (
        "no space after '-'",
        BOARD + "members:\n  -role: Chair\n  - role: Vice\n",
        5,
        3,
        "put a space after the '-' here",
        BOARD + "members:\n  - role: Chair\n  - role: Vice\n",
    ),
    (
        "no space after ':'",
        "id: wellbeing\nname:Wellbeing Board\nkind: thematic-board\n",
        2,
        6,
        "put a space after the ':' here",
        "id: wellbeing\nname: Wellbeing Board\nkind: thematic-board\n",
    ),
    (
        "no space after ':' in a list item",
        BOARD + "members:\n  - role:Chair\n    organisation: nhs\n",
        5,
        10,
        "like role: Chair",
        BOARD + "members:\n  - role: Chair\n    organisation: nhs\n",
    ),
    (
        "'@' at a value's start",
        BOARD + "members:\n  - role: '@chair'\n  - role: @vice\n",
        6,
        11,
        "a value that starts with '@' must be in quotes",
        BOARD + "members:\n  - role: '@chair'\n  - role: \"@vice\"\n",
    ),
    (
        "'`' at a value's start",
        BOARD + "meets: `quarterly`\n",
        4,
        8,
        "a value that starts with '`' must be in quotes",
        BOARD + 'meets: "`quarterly`"\n',
    ),
    (
        "'%' at a value's start",
        BOARD + "meets: % of weeks\n",
        4,
        8,
        "a value that starts with '%' must be in quotes",
        BOARD + 'meets: "% of weeks"\n',
    ),
    (
        "'&' at a value's start",
        BOARD + "meets: & more\n",
        4,
        8,
        "a value that starts with '&' must be in quotes",
        BOARD + 'meets: "& more"\n',
    ),
    (
        "'&' before a word, read as an anchor",
        BOARD + "members:\n  - role: Lead\n    organisation: &Partners Ltd\n",
        6,
        19,
        "&Partners here is read as an anchor",
        BOARD + 'members:\n  - role: Lead\n    organisation: "&Partners Ltd"\n',
    ),
    (
        "'*' at a value's start",
        BOARD + "meets: *monthly\n",
        4,
        8,
        "if the '*' is part of the text, put the whole value in quotes",
        BOARD + 'meets: "*monthly"\n',
    ),
    (
        "'!' at a value's start",
        BOARD + "meets: !monthly\n",
        4,
        8,
        "if the '!' is part of the text, put the whole value in quotes",
        BOARD + 'meets: "!monthly"\n',
    ),
    (
        "'|' at a value's start",
        BOARD + "meets: | monthly\n",
        4,
        8,
        "a value that starts with '|' must be in quotes",
        BOARD + 'meets: "| monthly"\n',
    ),
    (
        "'#' with no space before it",
        BOARD + "meets: quarterly# moved to monthly in May\n",
        4,
        17,
        "this '#' has no space before it",
        BOARD + "meets: quarterly # moved to monthly in May\n",
    ),
]


@pytest.mark.parametrize(
    ("text", "line", "column", "words", "fixed"), [s[1:] for s in SLIPS], ids=[s[0] for s in SLIPS]
)
def test_a_slip_is_said_plainly_where_the_fix_goes(
    text: str, line: int, column: int, words: str, fixed: str
) -> None:
    at_line, at_column, message = finding(text)
    assert (at_line, at_column) == (line, column), message
    assert words in message
    mended = load_text("data/boards/wellbeing.yaml", fixed)
    assert mended.findings == [] and mended.data is not None


def test_a_private_value_is_not_quoted_in_the_fix() -> None:
    text = BOARD + "contact:\n  address: Flat 2: 10 Mill Lane\n"
    line, column, message = finding(text)
    assert (line, column) == (5, 12)
    assert "Mill Lane" not in message and 'address: "..."' in message


def test_a_link_with_a_fragment_and_a_time_are_not_slips() -> None:
    text = BOARD + "meets: 10:30 on Mondays\nterms_of_reference:\n  url: https://example.org/tor#members\n"
    assert load_text("data/boards/wellbeing.yaml", text).findings == []


SAMPLE = (
    BOARD
    + 'reports_to: [exec, "hwb"]\nmembers:\n  - role: "Chair: Board"\n    organisation: rbc\n'
    + "    contact:\n      email: a@example.org\n  - role: 'Vice'\n    since: 2024-01-01\n"
)


@SETTINGS
@given(
    st.integers(0, len(SAMPLE)),
    st.integers(0, 3),
    st.sampled_from(list(":#-'\"[]{}&*!%@`|> \t\n")),
)
@example(149, 3, ":")  # 'contact:' broken into 'contac:', its email then read as a value with ': '
def test_any_slip_gives_a_finding_inside_the_file_never_a_crash(at: int, cut: int, char: str) -> None:
    text = SAMPLE[:at] + char + SAMPLE[at + cut :]
    loaded = load_text("data/boards/wellbeing.yaml", text)
    lines = text.count("\n") + 1
    for found in loaded.findings:
        assert 1 <= found.line <= lines and found.column >= 1, found
        assert "example.org" not in found.message  # contact details are never quoted


@pytest.mark.parametrize(
    "line",
    [
        "    contac: email: a.person@example.org",
        "    contac: phone: 020 7364 5000",
        "    contac: tel: +44 20 7364 5000",
    ],
)
def test_a_broken_contact_key_never_has_its_value_quoted(line: str) -> None:
    """A slip in ``contact:`` itself leaves its value outside any ``contact:`` mapping: what
    reads as an email address or a telephone number is still never quoted in a message."""
    text = BOARD + "members:\n  - role: Chair\n    organisation: rbc\n" + line + "\n"
    findings = load_text("data/boards/wellbeing.yaml", text).findings
    assert findings and all("example.org" not in f.message and "7364" not in f.message for f in findings)
