"""``thp schema`` and ``thp init``: editor schemas and new partnership repositories."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

COMMANDS: list[tuple[str, Callable[..., Any]]] = []  # (name, function) registered on the main app
