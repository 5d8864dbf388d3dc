"""JSON Schemas of the data files, for editors, and the modelines that name them.

kinds.py says which files have a schema and builds each schema from the models,
shape.py turns pydantic's JSON Schema into the draft 7 editors read,
modelines.py reads and writes the first-line comment that names a file's
schema, and write.py is ``thp schema``'s run: write or check, all or nothing.

One schema per kind of file (``partnership``, ``calls_to_action``,
``organisations``, ``people``, ``board``, ``recommendation``), generated from
the pydantic models of model.py, so the schema and ``thp validate`` cannot
drift apart; the help an editor shows on hover is each field's description
on the models. Pydantic writes JSON Schema 2020-12; the YAML language server (and
so VS Code's YAML extension) reads draft 7 and below, so the schemas are
converted to draft 7: ``$defs`` become ``definitions``, a ``$ref`` with other
keys beside it is wrapped in ``allOf``, ``prefixItems`` become ``items``.

Like the models, the schemas refuse unknown keys (``additionalProperties:
false``), and like the models they accept an empty value for an optional
key (``meetings:`` with nothing after it). Checks that need the whole
partnership (an id that names no board, a board's id against its file name)
stay with ``thp validate``.

A data file names its schema in a first-line modeline, relative to the file:
``# yaml-language-server: $schema=../../schemas/board.schema.json``.
"""
