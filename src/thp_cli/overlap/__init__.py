"""Overlap between boards: which may duplicate each other, and which groups may no longer be needed.

One module per job: :mod:`.graph` (the partnership as one networkx graph),
:mod:`.profiles` (what each board brings to a comparison), :mod:`.lines`
(reporting lines), :mod:`.analysis` (pairs, clusters, busy seats and bridges:
:func:`analyse` and :func:`overlap`), :mod:`.bridges` (seats that are the only
link between boards), :mod:`.candidates` (groups that may no longer be needed),
:mod:`.reasons` and :mod:`.wording` (the sentences), :mod:`.result` (the values
found) and :mod:`.render` (``thp overlap``'s output formats). networkx is
imported only when the analysis runs.
"""
