"""What is owed, and by when: work programmes, yearly updates, the review's actions, agendas,
minutes, seats' terms, task-and-finish groups' ends and indicators' values, for ``thp due``.

:mod:`.items` gathers the items (every judgement asked of :mod:`thp_cli.duties`);
:mod:`.render` writes them as text, md (a GitHub issue's checklist), json or ics.
"""
