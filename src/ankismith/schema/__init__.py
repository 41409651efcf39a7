"""JSON Schemas shipped with ankismith, for editors and CI: ``deck.schema.json`` for deck.yaml."""

from __future__ import annotations

from importlib import resources

DECK_SCHEMA = "deck.schema.json"


def deck_schema_text() -> str:
    """Return the JSON Schema of ``deck.yaml`` as shipped in the package."""
    return resources.files(__name__).joinpath(DECK_SCHEMA).read_text(encoding="utf-8")
