"""``deck.schema.json`` and ``project.schema.json``, written from their declarations, never by hand.

``DeckSettings`` gives the schema of ``deck.yaml``, ``ProjectSettings`` that of
``ankismith.yaml``. Each declared field gives one property: its key, its JSON Schema, and its
docstring's first paragraph as the description. ``python -m ankismith.schema`` writes the
results over the shipped files; a test holds them equal.
"""

from __future__ import annotations

import ast
import inspect
import json
import textwrap

from ankismith.parse.options import options
from ankismith.parse.project import ProjectSettings
from ankismith.parse.settings import DeckSettings

SCHEMA_BASE = "https://raw.githubusercontent.com/ankismith/ankismith/main/src/ankismith/schema/"
SCHEMA_ID = f"{SCHEMA_BASE}deck.schema.json"
"""Where the schema of the newest ankismith is served (a project pins its own version's)."""
PROJECT_SCHEMA_ID = f"{SCHEMA_BASE}project.schema.json"
"""Where the project file's schema of the newest ankismith is served."""


def field_docs(cls: type) -> dict[str, str]:
    """Return the docstring under each field of class ``cls``, by field name, from its source."""
    body = ast.parse(textwrap.dedent(inspect.getsource(cls))).body[0]
    assert isinstance(body, ast.ClassDef)
    docs: dict[str, str] = {}
    for node, after in zip(body.body, body.body[1:], strict=False):
        if (
            isinstance(node, ast.AnnAssign)
            and isinstance(node.target, ast.Name)
            and isinstance(after, ast.Expr)
            and isinstance(after.value, ast.Constant)
            and isinstance(after.value.value, str)
        ):
            docs[node.target.id] = inspect.cleandoc(after.value.value)
    return docs


def summary(doc: str) -> str:
    """Return the first paragraph of a docstring, on one line."""
    return " ".join(doc.split("\n\n")[0].split())


def declared_schema(cls: type, schema_id: str, title: str, description: str) -> dict[str, object]:
    """Return the JSON Schema of a file read by the declared fields of dataclass ``cls``."""
    docs = field_docs(cls)
    declared = options(cls)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": schema_id,
        "title": title,
        "description": description,
        "type": "object",
        "additionalProperties": False,
        "required": [opt.key for _, opt in declared if opt.required],
        "properties": {
            opt.key: {"description": summary(docs[spec.name]), **opt.schema}
            for spec, opt in declared
        },
    }


def settings_schema() -> dict[str, object]:
    """Return the JSON Schema of ``deck.yaml``, made from the fields of ``DeckSettings``."""
    return declared_schema(
        DeckSettings,
        SCHEMA_ID,
        "ankismith deck.yaml",
        "Deck settings read by ankismith from content/deck.yaml (docs/format.md#deckyaml).",
    )


def project_schema() -> dict[str, object]:
    """Return the JSON Schema of ``ankismith.yaml``, made from ``ProjectSettings``."""
    return declared_schema(
        ProjectSettings,
        PROJECT_SCHEMA_ID,
        "ankismith ankismith.yaml",
        "The decks of a repository, read by ankismith from ankismith.yaml at its root "
        "(docs/format.md#ankismithyaml).",
    )


def schema_text() -> str:
    """Return ``settings_schema()`` as the text of ``deck.schema.json``."""
    return json.dumps(settings_schema(), indent=2, ensure_ascii=False) + "\n"


def project_schema_text() -> str:
    """Return ``project_schema()`` as the text of ``project.schema.json``."""
    return json.dumps(project_schema(), indent=2, ensure_ascii=False) + "\n"
