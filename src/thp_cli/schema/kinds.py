"""Which data files have a schema, and each one's schema, built from the models of model.py.

One schema per kind of file; the models' field descriptions are the help an
editor shows on hover. A definition is named by its model's title, so
``model.Citation`` is the data format's ``Source`` in every schema.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, Field

from .. import model as m
from ..field_types import RULE_SETTINGS
from ..indicator import Indicator
from .shape import META, draft_7

DRAFT_7 = "http://json-schema.org/draft-07/schema#"
SCHEMA_FOLDER = "schemas"


# -- schema-only envelopes: the loader checks list items one by one, an editor all at once --
class CallsFile(m.Record):
    calls_to_action: list[m.CallToAction] = Field(description="The plan's calls to action, numbered from 1.")


class OrganisationsFile(m.Record):
    organisations: list[m.Organisation] = Field(description="Every organisation that holds a seat.")


class PeopleFile(m.Record):
    people: list[m.Person] = Field(
        description="Named people. Personal data: name a person only where the partnership chooses to."
    )


@dataclass(frozen=True)
class Kind:
    """A kind of data file: its schema's name, its model, and where its files live."""

    name: str
    model: type[BaseModel]
    title: str
    description: str
    files: str  # a glob under data/

    @property
    def file_name(self) -> str:
        """The schema's file name in the schemas folder: ``board.schema.json``."""
        return f"{self.name}.schema.json"


KINDS: tuple[Kind, ...] = (
    Kind(
        "partnership",
        m.Partnership,
        "thp partnership.yaml",
        "The partnership itself: its name, vision, plan, principles and rule settings "
        "(thp data format v1, data/partnership.yaml).",
        "partnership.yaml",
    ),
    Kind(
        "calls_to_action",
        CallsFile,
        "thp calls_to_action.yaml",
        "The plan's calls to action and their actions (thp data format v1, data/calls_to_action.yaml).",
        "calls_to_action.yaml",
    ),
    Kind(
        "organisations",
        OrganisationsFile,
        "thp organisations.yaml",
        "Every organisation that holds a seat (thp data format v1, data/organisations.yaml).",
        "organisations.yaml",
    ),
    Kind(
        "people",
        PeopleFile,
        "thp people.yaml",
        "Named people (optional; personal data: everything under contact is private) "
        "(thp data format v1, data/people.yaml).",
        "people.yaml",
    ),
    Kind(
        "board",
        m.Board,
        "thp board",
        "One board, group, forum, congress or task-and-finish group "
        "(thp data format v1, data/boards/<board-id>.yaml; id equals the file name).",
        "boards/*.yaml",
    ),
    Kind(
        "recommendation",
        m.Recommendation,
        "thp recommendation",
        "One recommendation of the partnership review and its actions "
        "(thp data format v1, data/recommendations/<rec-id>.yaml; id equals the file name).",
        "recommendations/*.yaml",
    ),
    Kind(
        "indicator",
        Indicator,
        "thp indicator",
        "One indicator of the plan: the board that owns it, its baseline, target, milestones "
        "and values (thp data format v1, data/indicators/<indicator-id>.yaml; id equals the file name).",
        "indicators/*.yaml",
    ),
)


def _rule_settings() -> dict[str, Any]:
    from ..rules.catalogue import catalogue

    ids = [r.id for r in catalogue() if r.configurable]
    return {
        "type": "object",
        "propertyNames": {"enum": ids},
        "additionalProperties": {"enum": list(RULE_SETTINGS)},
    }


def schema_of(kind: Kind) -> dict[str, Any]:
    """The draft-7 JSON Schema of one kind of file."""
    raw = kind.model.model_json_schema(mode="validation")
    # a definition is named by its model's title: model.Citation is the data format's "Source"
    names = {name: sub.get("title", name) for name, sub in raw.get("$defs", {}).items()}
    definitions = {names[name]: sub for name, sub in raw.pop("$defs", {}).items()}
    if kind.model is m.Partnership:
        rules = raw["properties"]["rules"]
        raw["properties"]["rules"] = {k: v for k, v in rules.items() if k in META} | _rule_settings()
    document: dict[str, Any] = {
        "$schema": DRAFT_7,
        **{k: v for k, v in raw.items() if k not in ("title", "description")},
        "title": kind.title,
        "description": kind.description,
    }
    if definitions:
        document["definitions"] = definitions
    return draft_7(document, names)


def render(kind: Kind) -> str:
    """The schema as the file holds it: two-space JSON, ending in a newline."""
    return json.dumps(schema_of(kind), indent=2, ensure_ascii=False) + "\n"


def kind_named(name: str) -> Kind:
    """The kind of file whose schema is called ``name`` (``board``)."""
    return next(k for k in KINDS if k.name == name)
