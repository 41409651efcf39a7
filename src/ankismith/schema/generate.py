"""``deck.schema.json`` written from the declarations of ``DeckSettings``, never by hand.

Each declared field gives one property: its key, its JSON Schema, and its docstring's first
paragraph as the description. ``python -m ankismith.schema`` writes the result over the shipped
file; a test holds the two equal.
"""

from __future__ import annotations

import ast
import inspect
import json
import textwrap

from ankismith.parse.options import options
from ankismith.parse.settings import DeckSettings

SCHEMA_ID = (
    "https://raw.githubusercontent.com/ankismith/ankismith/main/src/ankismith/schema/"
    "deck.schema.json"
)
"""Where the schema of the newest ankismith is served (a project pins its own version's)."""


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


def settings_schema() -> dict[str, object]:
    """Return the JSON Schema of ``deck.yaml``, made from the fields of ``DeckSettings``."""
    docs = field_docs(DeckSettings)
    declared = options(DeckSettings)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "ankismith deck.yaml",
        "description": (
            "Deck settings read by ankismith from content/deck.yaml (docs/format.md#deckyaml)."
        ),
        "type": "object",
        "additionalProperties": False,
        "required": [opt.key for _, opt in declared if opt.required],
        "properties": {
            opt.key: {"description": summary(docs[spec.name]), **opt.schema}
            for spec, opt in declared
        },
    }


def schema_text() -> str:
    """Return ``settings_schema()`` as the text of ``deck.schema.json``."""
    return json.dumps(settings_schema(), indent=2, ensure_ascii=False) + "\n"
