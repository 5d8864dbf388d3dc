"""How overlap's sentences name boards, topics and numbered actions.

Wording shared by every sentence :mod:`thp_cli.overlap` writes, and by the
annual report's overlap section: boards by their names (told apart where
several share one), a long list cut to a few names and a count.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from ..text import listing, plural

if TYPE_CHECKING:
    from ..dataset.records import Dataset

SHOWN = 5  # boards named in one sentence; the rest are counted


def named_boards(
    ids: Iterable[str], name: Callable[[str], str], total: int | None = None, limit: int | None = SHOWN
) -> str:
    """Boards by their names, in the order of their names: 'A, B and 3 more boards'.

    ``total`` is how many there are when ``ids`` lists only some of them.
    """
    ordered = sorted(set(ids), key=lambda i: (name(i), i))
    shown = [name(i) for i in (ordered if limit is None else ordered[:limit])]
    rest = (len(ordered) if total is None else total) - len(shown)
    return listing(shown + ([plural(rest, "more board")] if rest > 0 else []))


def board_names(dataset: Dataset) -> dict[str, str]:
    """Each board's name as a sentence gives it: its name; where several boards share
    that name, the name and its short name, or its id where that does not tell them apart."""
    by_name: dict[str, list[str]] = defaultdict(list)
    for board_id, located in sorted(dataset.boards.items()):
        by_name[located.record.name].append(board_id)
    out = {}
    for name, ids in by_name.items():
        shorts = Counter(dataset.boards[i].record.short_name for i in ids)
        for i in ids:
            short = dataset.boards[i].record.short_name
            if len(ids) == 1:
                out[i] = name
            else:
                out[i] = (
                    f"{name} ({short})" if short and shorts[short] == 1 and short != name else f"{name} ({i})"
                )
    return out


def topic_words(slug: str) -> str:
    """A topic in plain words: 'domestic-abuse' reads 'domestic abuse'."""
    return " ".join(slug.split("-"))


def numbered(numbers: list[str], one: str, many: str) -> str:
    """'action 1.1', 'actions 1.1 and 2.3'."""
    return f"{one if len(numbers) == 1 else many} {listing(numbers)}"
