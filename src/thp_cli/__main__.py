"""``python -m thp_cli``: the thp command line."""

from .cli.app import app

app(prog_name="thp")
