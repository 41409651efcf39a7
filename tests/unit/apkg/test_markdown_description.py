"""The deck description shipped as Markdown (markdown_description: true): safe as HTML too."""

from __future__ import annotations

from ankismith.apkg.collection import markdown_description
from ankismith.parse.settings import DeckSettings
from ankismith.render.rendered import RenderedDeck


def shipped(description: str, version: str = "") -> str:
    settings = DeckSettings("D", "d", description=description, version=version)
    return markdown_description(RenderedDeck(settings, "", (), 1700000000))


def test_the_markdown_is_shipped_with_the_version_under_it() -> None:
    assert shipped("**Capitals** & more.\n", "1.2_rc") == "**Capitals** & more.\n\nVersion 1.2\\_rc"
    assert shipped("", "2") == "Version 2"


def test_no_tag_can_start_in_a_client_that_reads_it_as_html() -> None:
    text = shipped('Hi <img src=x onerror="alert(1)"> > quoted')
    assert "<" not in text and text == 'Hi &lt;img src=x onerror="alert(1)"> > quoted'
