"""The "Report a mistake" link: on the back of every card of our five kinds, never the front."""

from __future__ import annotations

import html
import re
from dataclasses import replace
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from ankismith.content.read import Content
from ankismith.forge import MAX_URL
from ankismith.model import NoteKind
from ankismith.notetypes.builtin import NOTE_TYPES, note_guid
from ankismith.parse.settings import DeckSettings
from ankismith.render.deck import render_deck
from ankismith.render.report import code_span
from ankismith.sanitize.active import judge_html
from tests.helpers import parse_text

SETTINGS = DeckSettings(
    name="Deck",
    namespace="deck",
    version="1.2",
    repository="https://github.com/you/deck",
    source_ref="v1.2",
    source_folder="content",
)
CARDS = """\
## What is 2 + 2?

### Answer

4

### Explanation

Arithmetic.

## Cloze {{c1::deletion}} text
<!-- type: cloze -->

## Term
<!-- type: reversed -->

### Answer

Its definition.

## Capital of France?
<!-- type: typein -->

### Answer

Paris

## Which are even?

- [x] 2
- [ ] 3

## Hidden one
<!-- id: hidden; report: off -->

### Answer

Answer.
"""


def _deck(settings: DeckSettings, text: str = CARDS):  # type: ignore[no-untyped-def]
    cards, errors = parse_text(settings, text, "content/a.md")
    assert errors == []
    deck, problems, _ = render_deck(settings, Content(Path("content"), settings, ()), cards, 0)
    assert problems == []
    return cards, deck


def _href(field: str) -> str:
    found = re.search(r'<a class="report" href="([^"]*)"', field)
    assert found, field
    return html.unescape(found.group(1))


def test_every_kind_shows_the_link_on_its_back_only() -> None:
    cards, deck = _deck(SETTINGS)
    kinds = {note.notetype for note in deck.notes}
    # Anki's own Image Occlusion note type keeps its stock template: no report link.
    assert kinds == {k.value for k in NoteKind} - {NoteKind.OCCLUSION.value}
    for card, note in zip(cards, deck.notes, strict=True):
        fields = dict(zip(NOTE_TYPES[NoteKind(note.notetype)].fields, note.fields, strict=True))
        if card.card_id == "hidden":
            assert "report" not in fields["Explanation"]
            continue
        url = _href(fields["Explanation"])
        query = parse_qs(urlsplit(url).query)
        assert url.startswith("https://github.com/you/deck/issues/new?")
        assert query["template"] == ["card-report.yml"]
        assert query["card-id"] == [card.card_id]
        assert query["title"][0].startswith(f"[{card.card_id}] ")
        assert query["release"] == ["Deck 1.2"]
        guid = note_guid("deck", card.card_id)
        assert f"Note GUID: {code_span(guid)}" in query["card"][0]
        line = card.location.line
        blob = f"https://github.com/you/deck/blob/v1.2/content/a.md#L{line}"
        assert blob in query["body"][0]
        # The Explanation field is shown on the back only, by every one of our templates.
        for template in NOTE_TYPES[NoteKind(note.notetype)].templates:
            assert "Explanation" not in template.front
    basic = dict(zip(NOTE_TYPES[NoteKind.BASIC].fields, deck.notes[0].fields, strict=True))
    assert basic["Explanation"].startswith('<section class="explanation">')
    assert "Arithmetic." in basic["Explanation"]


def test_the_templates_show_the_field_bare_and_pass_the_judge() -> None:
    _, deck = _deck(SETTINGS)
    for note_type in deck.notetypes:
        for template in note_type.templates:
            assert "{{#Explanation}}" not in template.back
            assert "{{Explanation}}" in template.back
            assert "Explanation" not in template.front
        assert "p.report" in note_type.css
    for note in deck.notes:
        for field in note.fields:
            assert judge_html(field) == []


def test_without_a_repository_nothing_changes() -> None:
    plain = replace(SETTINGS, repository="", source_ref="", source_folder="")
    _, with_link = _deck(SETTINGS)
    _, without = _deck(plain)
    assert all("report" not in field for note in without.notes for field in note.fields)
    for note_type in without.notetypes:
        assert "p.report" not in note_type.css
        assert all("{{#Explanation}}" in t.back for t in note_type.templates)
    assert with_link.notes[0].fields[0] == without.notes[0].fields[0]


def test_a_long_card_is_cut_to_fit() -> None:
    long = (
        "## "
        + "word " * 50
        + "\n\n### Answer\n\n"
        + ("Long answer with ümlauts & <b>, " * 200 + "\n") * 8
        + "\n"
    )
    _, deck = _deck(SETTINGS, long)
    url = _href(deck.notes[0].fields[2])
    assert len(url) <= MAX_URL
    query = parse_qs(urlsplit(url).query)
    assert query["body"][0].count("…") >= 1
    assert len(query["title"][0]) <= 80
    assert " " not in url and '"' not in url


def test_gitlab_and_gitea_prefill_their_own_parameters() -> None:
    for repository, page, title in [
        (
            "https://gitlab.com/g/s/deck",
            "https://gitlab.com/g/s/deck/-/issues/new?",
            "issue[title]",
        ),
        ("https://codeberg.org/you/deck", "https://codeberg.org/you/deck/issues/new?", "title"),
    ]:
        _, deck = _deck(replace(SETTINGS, repository=repository), "## Q?\n\n### Answer\n\nA.\n")
        url = _href(deck.notes[0].fields[2])
        assert url.startswith(page)
        assert title in parse_qs(urlsplit(url).query)


def test_a_new_release_tag_is_no_change_to_a_card() -> None:
    from ankismith.render.report import without_report

    _, one = _deck(SETTINGS)
    _, two = _deck(replace(SETTINGS, version="1.3", source_ref="v1.3"))
    for a, b in zip(one.notes, two.notes, strict=True):
        assert [without_report(f) for f in a.fields] == [without_report(f) for f in b.fields]
    assert one.notes[0].fields != two.notes[0].fields
    assert without_report(one.notes[0].fields[2]).endswith("</section>")


def test_report_off_in_front_matter_and_on_again_in_a_card() -> None:
    text = (
        "---\nreport: off\n---\n## One?\n### Answer\nA.\n\n"
        "## Two?\n<!-- id: two; report: on -->\n### Answer\nB.\n"
    )
    _, deck = _deck(SETTINGS, text)
    assert ["report" in note.fields[2] for note in deck.notes] == [False, True]
    _, errors = parse_text(
        SETTINGS, "## Q?\n<!-- report: maybe -->\n### Answer\nA.\n", "content/a.md"
    )
    assert errors == ["content/a.md:2: report must be 'on' or 'off', not 'maybe'"]


def test_import_reads_the_explanation_back_without_the_link() -> None:
    from ankismith.render.report import explanation_of

    _, deck = _deck(SETTINGS)
    _, plain = _deck(replace(SETTINGS, repository=""))
    for with_link, without in zip(deck.notes, plain.notes, strict=True):
        assert explanation_of(with_link.fields[2]) == without.fields[2]


def test_the_card_text_is_a_code_block_so_mentions_ping_no_one() -> None:
    text = "## Which decorator makes a method a property?\n\n### Answer\n\n`@property` (see #12)\n"
    _, deck = _deck(SETTINGS, text)
    body = parse_qs(urlsplit(_href(deck.notes[0].fields[2])).query)["body"][0]
    block = body.split("```text\n", 1)[1].split("\n```", 1)[0]
    assert "@property (see #12)" in block
