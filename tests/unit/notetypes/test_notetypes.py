"""Frozen note types: learners' collections depend on these never changing.

If this test fails you changed a released note type's field or template list (count, order or
names). Anki would treat that as a schema change: every learner would get a copy of the note type
and their notes would stop receiving updates (see docs/notetypes.md). Revert the change, or add a
new note type with a new kind (and so a new id) and leave this one as it is. Template text and CSS
are free to change; they are not part of the snapshot.
"""

from __future__ import annotations

from msgspec.structs import replace

from ankismith.check.templates import check_override
from ankismith.model import NoteKind
from ankismith.notetypes.builtin import NOTE_TYPES, Owner, stable_id, template_text

SNAPSHOT = {
    "basic": {
        "id": 1836382535,
        "fields": ["Question", "Answer", "Explanation", "Hint", "Source", "Id"],
        "templates": ["Card 1"],
    },
    "choice": {
        "id": 1912576018,
        "fields": ["Question", "Choices", "Answer", "Explanation", "Hint", "Source", "Id"],
        "templates": ["Card 1"],
    },
    "cloze": {
        "id": 1632397804,
        "fields": ["Text", "Explanation", "Hint", "Source", "Id"],
        "templates": ["Cloze"],
    },
    "occlusion": {
        "id": 1132969525,
        "fields": ["Occlusion", "Image", "Header", "Back Extra", "Comments"],
        "templates": ["Image Occlusion"],
    },
    "reversed": {
        "id": 2145617120,
        "fields": ["Front", "Back", "Explanation", "Hint", "Source", "Id"],
        "templates": ["Forward", "Reverse"],
    },
    "typein": {
        "id": 1830992254,
        "fields": ["Question", "Answer", "Explanation", "Hint", "Source", "Id"],
        "templates": ["Card 1"],
    },
}


def test_note_types_match_the_released_snapshot() -> None:
    actual = {
        kind.value: {
            "id": nt.id,
            "fields": list(nt.fields),
            "templates": [t.name for t in nt.templates],
        }
        for kind, nt in NOTE_TYPES.items()
    }
    assert actual == SNAPSHOT, __doc__


def test_every_kind_has_a_note_type() -> None:
    assert set(NOTE_TYPES) == set(NoteKind)


def test_ids_are_stable_and_distinct() -> None:
    # Ids derived by stable_id are in learners' collections: they must be the same numbers on
    # every machine, run and Python version, so they are pinned here, not recomputed.
    pinned = {
        "x": 1999024196,
        "y": 2018836360,
        "": 1492917268,
        "ankismith/deck/Fine-tuning Vocabulary": 1610982737,
        "ankismith/deck/Überanpassung 😀": 2096930853,
        **{f"ankismith/notetype/{kind}": entry["id"] for kind, entry in SNAPSHOT.items()},
    }
    assert {key: stable_id(key) for key in pinned} == pinned
    assert all((1 << 30) <= value < (1 << 31) for value in pinned.values())
    assert len(set(pinned.values())) == len(pinned)
    assert (1 << 30) <= stable_id("x") < (1 << 31)
    ids = [nt.id for nt in NOTE_TYPES.values()]
    assert len(set(ids)) == len(ids)


def test_templates_use_only_existing_fields_and_no_remote_assets() -> None:
    css = template_text("style.css")
    assert ".nightMode" in css and "http" not in css and "@import" not in css
    for nt in NOTE_TYPES.values():
        for template in nt.templates:
            for side in (template.front, template.back):
                text = template_text(side)
                # Scripts are optional enhancement only: inline, never fetched.
                assert "<script src" not in text and "http" not in text
                if nt.kind is NoteKind.OCCLUSION:  # Anki's own: no override may replace it
                    assert "unknown template override" in (check_override(side, text) or "")
                else:
                    assert check_override(side, text) is None
    assert "Answer" in (check_override("basic/front.html", "{{Choices}}") or "")
    assert "unknown template override" in (check_override("basic/side.html", "") or "")


def test_an_imported_note_type_keeps_its_css_to_the_character() -> None:
    from ankismith.model import CardTemplate, NoteTypeDef
    from ankismith.notetypes.assemble import custom_notetype
    from ankismith.notetypes.labels import deck_labels

    css = "pre { color: red }\n\n\n"
    own = NoteTypeDef("vocab", 1, "Vocab", ("Word",), (CardTemplate("C", "{{Word}}", ""),), css)
    labels = deck_labels("", {})
    assert custom_notetype(replace(own, anki="{}"), labels).css == css
    assert "highlight" in custom_notetype(own, labels).css


def test_note_guid_is_genankis() -> None:
    import genanki

    from ankismith.notetypes.builtin import note_guid

    for namespace, card_id in [("deck", "q-1"), ("ml", "lora-rank"), ("x", "ü é")]:
        assert note_guid(namespace, card_id) == genanki.guid_for(namespace, card_id)


def test_a_decks_own_copies_have_ids_of_its_id_and_names_of_its_name() -> None:
    from ankismith.notetypes.assemble import builtin_notetype, deck_owner
    from ankismith.notetypes.labels import deck_labels
    from ankismith.parse.settings import DeckSettings

    asia = Owner("capitals-asia-w7m2xp", "Capitals::Asia")
    # In learners' collections once released: pinned, never recomputed.
    assert {kind.value: asia.id(kind) for kind in NoteKind if kind is not NoteKind.OCCLUSION} == {
        "basic": 1171932309,
        "choice": 1806022395,
        "cloze": 1477286876,
        "reversed": 1574943948,
        "typein": 1303399125,
    }
    europe = Owner("capitals-europe-k3v9qd", "Capitals::Europe")
    shared = {nt.id for nt in NOTE_TYPES.values()}
    ours = [kind for kind in NoteKind if kind is not NoteKind.OCCLUSION]
    mine = {asia.id(kind) for kind in ours} | {europe.id(kind) for kind in ours}
    assert len(mine) == 2 * len(ours) and not mine & shared
    labels = deck_labels("de", {})
    basic = builtin_notetype(NoteKind.BASIC, {}, labels, owner=asia)
    assert (basic.id, basic.name) == (1171932309, "ankismith Basic (Capitals::Asia)")
    assert basic.templates == builtin_notetype(NoteKind.BASIC, {}, labels).templates
    # Anki's own Image Occlusion is never filled otherwise: one id in every deck.
    occlusion = builtin_notetype(NoteKind.OCCLUSION, {}, labels, owner=asia)
    assert occlusion.id == asia.id(NoteKind.OCCLUSION) == NOTE_TYPES[NoteKind.OCCLUSION].id
    assert asia.name(NoteKind.OCCLUSION) == "ankismith Image Occlusion"
    assert deck_owner(DeckSettings("Capitals::Asia", "capitals-asia-w7m2xp")) is None
    own = DeckSettings("Capitals::Asia", "capitals-asia-w7m2xp", note_type_ids="own")
    assert deck_owner(own) == asia
