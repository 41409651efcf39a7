"""The source deck's defects: GUIDs held twice, templates that give no note a card."""

from __future__ import annotations

from ankismith.apkg.contents import NoteInfo, NoteTypeInfo
from ankismith.importing.defects import find_defects

VOCAB = NoteTypeInfo(
    id=7,
    name="Vocab",
    fields=("Word", "Meaning", "Audio"),
    templates=(
        ("Recognise", "{{Word}}", "{{Meaning}}"),
        ("Listen", "{{#Audio}}{{Audio}}{{/Audio}}", "{{Word}}"),
        ("Recall", "{{kanji:Meaning}}", "{{Word}}"),
    ),
    css="",
    mtime=0,
)


def note(guid: str, *values: str) -> NoteInfo:
    fields = tuple(zip(VOCAB.fields, values, strict=False))
    return NoteInfo(key=guid, guid=guid, notetype=7, fields=fields, tags=(), decks=("D",), mtime=0)


def test_a_guid_two_notes_hold_is_found() -> None:
    defects = find_defects([note("a", "x", "y", ""), note("a", "z", "", ""), note("b", "q")], [])
    assert defects.repeated_guids == frozenset({"a"})


def test_a_template_no_note_gets_a_card_from_is_found() -> None:
    notes = [note("a", "x", "y", "<br>"), note("b", "x", "", "")]
    assert find_defects(notes, [VOCAB]).idle_templates == ((7, "Listen"),)
    notes.append(note("c", "x", "", "[sound:a.mp3]"))
    assert find_defects(notes, [VOCAB]).idle_templates == ()


def test_a_cloze_note_without_a_deletion_is_found() -> None:
    cloze = NoteTypeInfo(7, "Cloze", ("Text",), (("Cloze", "{{cloze:Text}}", ""),), "", 0, True)
    notes = [
        NoteInfo(key=g, guid=g, notetype=7, fields=(("Text", t),), tags=(), decks=(), mtime=0)
        for g, t in (("a", "{{c1::x}}"), ("b", "no deletion"))
    ]
    assert find_defects(notes, [cloze]).no_deletion == frozenset({"b"})
