"""``thp diff`` and ``thp history``: what changed, from git."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

COMMANDS: list[tuple[str, Callable[..., Any]]] = []  # (name, function) registered on the main app
