"""deck.yaml parsing."""

from __future__ import annotations

from ankismith.parse.settings import DeckSettings, load_settings
from ankismith.text import name_slug


def test_full_settings() -> None:
    text = "name: My Deck\nid: my-deck-7f3k2q\ndescription: |\n  Learn *x*.\ntags: a b\n"
    settings, errors = load_settings(text, "content/deck.yaml")
    assert errors == []
    assert settings == DeckSettings("My Deck", "my-deck-7f3k2q", "Learn *x*.", ("a", "b"))


def test_namespace_defaults_to_slug_of_name() -> None:
    settings, _ = load_settings("name: Fine-tuning Vocabulary!\n", "d.yaml")
    assert settings is not None and settings.namespace == "fine-tuning-vocabulary"
    assert name_slug("  ") == name_slug("Кошки") == "deck", "frozen: released decks depend on it"
    assert name_slug("Größe") == "gr-sse"


def test_errors_name_lines() -> None:
    text = "name: D\nid: bad id\ndescripton: x\ntags: [a b]\n"
    _, errors = load_settings(text, "content/deck.yaml")
    assert [f"{e.location}: {e.message}" for e in errors] == [
        "content/deck.yaml:3: unknown key 'descripton' (did you mean 'description'?)",
        "content/deck.yaml:2: 'id' must be letters, digits, '.', '_' or '-'",
        "content/deck.yaml:4: tag 'a b' is empty or contains a space; Anki tags are single words",
    ]


def test_missing_name_and_bad_yaml() -> None:
    assert [f"{e.location}: {e.message}" for e in load_settings("tags: [x]\n", "d.yaml")[1]] == [
        "d.yaml:1: 'name' (the Anki deck name) is required"
    ]
    settings, errors = load_settings("name: [unclosed\n", "d.yaml")
    assert settings is None
    assert f"{errors[0].location}: {errors[0].message}".startswith("d.yaml:1: invalid YAML")
