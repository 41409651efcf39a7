"""deck.schema.json is written from the declarations of DeckSettings, never edited by hand."""

from __future__ import annotations

import json
from dataclasses import fields

from ankismith.parse.options import options
from ankismith.parse.project import ProjectSettings
from ankismith.parse.settings import SETTINGS_KEYS, DeckSettings
from ankismith.schema import deck_schema_text
from ankismith.schema import project_schema_text as shipped_project_schema
from ankismith.schema.generate import (
    field_docs,
    project_schema,
    project_schema_text,
    schema_text,
    settings_schema,
    summary,
)


def test_the_shipped_schema_is_the_generated_one_byte_for_byte() -> None:
    assert deck_schema_text() == schema_text(), (
        "deck.schema.json is out of date: run `python -m ankismith.schema` and commit it"
    )


def test_the_shipped_project_schema_is_the_generated_one_byte_for_byte() -> None:
    assert shipped_project_schema() == project_schema_text(), (
        "project.schema.json is out of date: run `python -m ankismith.schema` and commit it"
    )


def test_the_project_schema_has_a_property_per_declared_key() -> None:
    schema = project_schema()
    properties = schema["properties"]
    assert isinstance(properties, dict)
    docs = field_docs(ProjectSettings)
    assert (
        [opt.key for _, opt in options(ProjectSettings)] == list(properties) == ["decks", "shared"]
    )
    for spec, opt in options(ProjectSettings):
        assert properties[opt.key]["description"] == summary(docs[spec.name])
    assert schema["required"] == ["decks"]


def test_each_declared_key_is_a_property_described_by_its_docstring() -> None:
    schema = settings_schema()
    properties = schema["properties"]
    assert isinstance(properties, dict)
    assert tuple(properties) == SETTINGS_KEYS
    docs = field_docs(DeckSettings)
    for spec, opt in options(DeckSettings):
        assert properties[opt.key]["description"] == summary(docs[spec.name])
        assert properties[opt.key]["description"].endswith(".")
    assert schema["required"] == ["name"]
    assert json.loads(schema_text()) == schema


def test_every_field_has_a_docstring() -> None:
    docs = field_docs(DeckSettings)
    assert set(docs) == {spec.name for spec in fields(DeckSettings)}
    assert docs["namespace"].startswith("Namespace of every note's identity (GUID).")
    assert summary("One line\n  on two.\n\nMore.") == "One line on two."
