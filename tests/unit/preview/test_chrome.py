"""The preview's words read through the mappings its record keeps, as parsed."""

from __future__ import annotations

import json

import pytest

from ankismith.preview.chrome import ENGLISH, chrome, keeper, kept_words, languages


@pytest.mark.parametrize("language", ["", "en", "fr-CA", "ar", "zz", *languages()])
def test_the_kept_words_are_the_parsed_ones(language: str) -> None:
    # As the record keeps them: through JSON.
    kept = json.loads(json.dumps(kept_words(language)))
    assert chrome(language, keeper(kept)) == chrome(language)


def test_words_not_kept_are_parsed() -> None:
    assert chrome("fr", keeper({})) == chrome("fr")
    assert chrome("", keeper({"not a digest": {"cards": "x"}})) == ENGLISH


def test_words_kept_for_another_text_are_not_taken() -> None:
    # The record keeps the mappings by their text's digest: French words kept, English asked.
    kept = kept_words("fr")
    for digest in kept_words(""):
        del kept[digest]
    assert chrome("", keeper(kept)) == ENGLISH
