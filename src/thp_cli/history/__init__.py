"""What changed, from git: the partnership at past revisions and the changes between them.

The package, from the bottom up (each module imports only those above it):

* :mod:`.git`: running git, :class:`Commit`, and :func:`data_commits`, the one
  walk of the commits that changed ``data/``; :mod:`.blobs`: many objects read
  in one ``git cat-file --batch``.
* :mod:`.sources`: ``data/`` at a revision (:class:`GitSource`,
  :func:`dataset_at`) or as it stood on a day (:func:`dataset_on`).
* :mod:`.state` and :mod:`.changes`: what two states are compared on, and
  :func:`compare`, which says what changed in sentences (:class:`Change`).
* :mod:`.replay`: the states along the history, each file read once;
  :mod:`.stepcache`: what a walk read, kept between runs by commit id.
* :mod:`.period` (the annual report's changes during a year), :mod:`.diffs`
  (``thp diff``) and :mod:`.timelines` (``thp history``).
* :mod:`.render`: the text, Markdown and JSON output of ``thp diff`` and ``thp history``.

Import from the module that does the job (``from thp_cli.history.sources import
dataset_on``): this file imports nothing, so reading one part of history never
loads the rest.
"""
