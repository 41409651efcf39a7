"""Every Anki card of a rendered deck, both sides rendered as Anki renders them; pure."""

from __future__ import annotations

import html
from collections.abc import Sequence

import msgspec

from ankismith.model import CardTemplate, Location, NoteKind, NoteTypeDef, RenderedNote
from ankismith.preview.anki_cloze import cloze_numbers
from ankismith.preview.anki_template import Context, TemplateError, parse, render, renders_with
from ankismith.render.rendered import RenderedDeck


class CardView(msgspec.Struct, frozen=True):
    """One Anki card (a note has one per template, or one per cloze number) ready to show."""

    card_id: str
    """The note's card id (``lora-rank``)."""
    ordinal: int
    """Card ordinal from 0: template index, or cloze number minus one."""
    template: str
    """Template name, Anki's ``{{Card}}`` (``Forward``, ``Cloze``)."""
    note_type: str
    """Note type name (``ankismith Reversed``)."""
    deck: str
    """Full deck name."""
    tags: tuple[str, ...]
    """The note's tags."""
    location: Location
    """Where the card's heading stands."""
    front: str
    """Question side HTML, as Anki's ``card.question()`` without the ``<style>`` element."""
    back: str
    """Answer side HTML, as Anki's ``card.answer()`` without the ``<style>`` element."""
    fields: tuple[tuple[str, str], ...] = ()
    """The note's fields as (name, HTML), for what the reviewer adds (``[[type:...]]``)."""
    notetype: str = ""
    """Key of the note type (``NoteTypeDef.key``): which stylesheet the card uses."""
    title: str = ""
    """The front as it shows before anything is unfolded: without its hint; "" for ``front``."""


def _special(
    note: RenderedNote, note_type: NoteTypeDef, template: CardTemplate, ordinal: int
) -> dict[str, str]:
    # rslib notetype/render.rs add_special_fields; note fields of the same name win. Anki
    # prints these unescaped; the preview escapes them (check refuses names that need it).
    return {
        "Tags": html.escape(" ".join(note.tags)),
        "Type": html.escape(note_type.name),
        "Deck": html.escape(note.deck),
        "Subdeck": html.escape(note.deck.rsplit("::", 1)[-1]),
        "CardFlag": "flag0",
        "Card": template.name,
        f"c{ordinal + 1}": "1",
    }


def _sides(template: CardTemplate, fields: dict[str, str], ordinal: int) -> tuple[str, str]:
    try:
        front = render(template.front, Context(fields, ordinal))
        back = render(template.back, Context(fields, ordinal, front_side=front))
    except TemplateError as error:
        message = f'<div class="template-error">{error}</div>'
        return message, message
    return front, back


def _plan(note: RenderedNote, note_type: NoteTypeDef) -> list[tuple[CardTemplate, int]]:
    """Return the template and ordinal of each card Anki makes from ``note``."""
    own = dict(zip(note_type.fields, note.fields, strict=True))
    if note.notetype == NoteKind.OCCLUSION.value:  # text masks (c0) show on every card, make none
        return [(note_type.templates[0], n - 1) for n in cloze_numbers([own["Occlusion"]]) if n]
    if note_type.cloze:
        return [(note_type.templates[0], n - 1) for n in cloze_numbers(list(note.fields))]
    return [
        (t, i)
        for i, t in enumerate(note_type.templates)
        if renders_with(t.front, {**_special(note, note_type, t, i), **own})
    ]


def card_count(note: RenderedNote, note_type: NoteTypeDef) -> int:
    """Return how many cards Anki makes from one note of ``note_type``, rendering none."""
    return len(_plan(note, note_type))


def note_cards(note: RenderedNote, location: Location, note_type: NoteTypeDef) -> list[CardView]:
    """Return the cards Anki makes from one note of ``note_type``, in ordinal order."""
    own = dict(zip(note_type.fields, note.fields, strict=True))
    occlusion = note.notetype == NoteKind.OCCLUSION.value
    cards = []
    for template, ordinal in _plan(note, note_type):
        fields = {**_special(note, note_type, template, ordinal), **own}
        front, back = _sides(template, fields, ordinal)
        if occlusion:  # Anki's script draws the masks; the preview places them itself
            from ankismith.preview.occlusion import occlusion_side  # occlusion notes alone

            front = occlusion_side(own, ordinal + 1, back=False)
            back = occlusion_side(own, ordinal + 1, back=True)
        # The hint is folded away on the front: it is not the card's question.
        folded = {**fields, **dict.fromkeys(_folded(template.front), "")}
        title = front if folded == fields else _sides(template, folded, ordinal)[0]
        cards.append(
            CardView(
                note.card_id,
                ordinal,
                template.name,
                note_type.name,
                note.deck,
                note.tags,
                location,
                front,
                back,
                tuple(own.items()),
                note.notetype,
                title,
            )
        )
    return cards


def _folded(template: str) -> set[str]:
    """Return the fields a front shows folded: ``Hint``, and every one under ``hint:``."""
    try:
        nodes = list(parse(template))
    except TemplateError:
        return set()
    found = {"Hint"}
    while nodes:
        node = nodes.pop()
        if node.kind == "field" and "hint" in node.filters:
            found.add(node.key)
        nodes.extend(node.children)
    return found


def deck_cards(deck: RenderedDeck, locations: Sequence[Location]) -> list[CardView]:
    """Return every card of the deck in source order; ``locations`` parallels ``deck.notes``."""
    types = {note_type.key: note_type for note_type in deck.notetypes}
    return [
        card
        for note, location in zip(deck.notes, locations, strict=True)
        for card in note_cards(note, location, types[note.notetype])
    ]
