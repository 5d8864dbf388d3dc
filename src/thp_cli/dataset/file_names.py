"""Advice on the names of files and folders in ``data/``.

Each fix, applied as written, names a file that loads.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from .names import is_slug, slugify

RECORD_NOUNS = {"boards": "board", "recommendations": "recommendation", "indicators": "indicator"}


def folder_message(folder: str, name: str, kind: str) -> str:
    """What to say for a folder named like a record's file (``x.yaml``, ``x.yml``) in ``folder``."""
    noun = RECORD_NOUNS.get(kind, "data")
    suffix = PurePosixPath(name).suffix
    return (
        f"this is a folder where a {noun} file was expected (its name ends in {suffix}); "
        f"thp reads only files in {folder}/, not folders: move the {noun} files it holds "
        f"up into {folder}/ and remove the folder"
    )


def id_mismatch_message(record_id: str, file_name: str, taken: set[str]) -> str:
    """What to say when a file's id differs from its name; ``taken`` holds the other files' names.

    Renaming is offered only to a name no other file has, and setting the id
    to the file's name only when that name is a valid id: 'Health and
    Wellbeing.yaml' is never told to "set id: Health and Wellbeing".
    """
    stem = file_name.rsplit(".", 1)[0]
    target = f"{record_id}.yaml"
    fixes = []
    if target not in taken:
        fixes.append(f"rename the file to {target}")
    if is_slug(stem):
        fixes.append(f"set id: {stem}")
    if not fixes:
        fixes.append(
            f"{target} is another file: give this record an id of its own, and name the file after it"
        )
    return f"id is '{record_id}' but the file is {file_name}; " + " or ".join(fixes)


def yml_message(file_name: str, record_id: str | None, taken: set[str]) -> str:
    """What to say for a ``.yml`` file: the ``.yaml`` name it should have, after its id where it has one.

    ``record_id`` is the file's id as written, valid or not.
    """
    stem = file_name.rsplit(".", 1)[0]
    # the name the id's own finding points to as well: the id, else the file's name
    # if it is an id, else the id as an id would be written
    candidates = [record_id, stem, slugify(record_id or ""), slugify(stem)]
    target = next((c for c in candidates if c and is_slug(c)), None)
    if target is None:  # no name to offer that would load: never a made-up one
        return (
            "files here end in .yaml, in small letters, and are named after the record's id: "
            "give it an id (lower-case letters and digits joined by single hyphens) "
            "and name the file after it"
        )
    if f"{target}.yaml" in taken:
        return (
            f"files here end in .yaml, and {target}.yaml is already there: "
            "keep one of the two files, named after its id"
        )
    return f"files here end in .yaml, in small letters; rename it to {target}.yaml"


def free_id(slug: str, taken: set[str]) -> str:
    """An id like ``slug`` whose file (``<id>.yaml``) is not among ``taken``: ``slug-2``, ``slug-3``..."""
    return next(f"{slug}-{n}" for n in range(2, len(taken) + 3) if f"{slug}-{n}.yaml" not in taken)
