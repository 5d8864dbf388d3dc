"""``python -m thp_cli``: the thp command line."""

from .cli.app import run

run()
