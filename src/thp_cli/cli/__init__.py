"""The ``thp`` command line: thin commands over the library.

``app`` (in :mod:`.app`) is the Typer application; :mod:`.options` holds every
option more than one command shares; each other module is one group of commands.
Nothing outside this package imports it.
"""
