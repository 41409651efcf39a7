"""Deck shapes real decks have, made in real Anki: each one a package ``import`` must take.

Each shape is a function that adds its note types, notes and media to a collection; ``make``
builds one shape (or all) and exports it as an Anki >= 2.1.50 package. The shapes follow the
public decks the import was tried on: a cloze type written ``{{cloze::Text}}``, scripted
templates (stroke order, Image Occlusion Enhanced), media and fonts the package lacks, first
fields repeated across chapters, odd subdeck names, audio, Japanese reading filters, a note type
of many fields, and an empty first field.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from anki.collection import Collection
from anki.decks import DeckId

from tests.anki.roundtrip import add
from tests.helpers_anki import export_apkg, open_collection

TOP = "Shapes"
PNG = b"\x89PNG\r\n\x1a\n shape"
MP3 = b"ID3\x03\x00\x00\x00 shape"


def _notetype(
    col: Collection,
    name: str,
    fields: list[str],
    templates: list[tuple[str, str, str]],
    css: str = "",
    cloze: bool = False,
) -> None:
    models = col.models
    model = models.new(name)
    if cloze:
        model["type"] = 1
    for field in fields:
        models.add_field(model, models.new_field(field))
    for template_name, front, back in templates:
        template = models.new_template(template_name)
        template["qfmt"], template["afmt"] = front, back
        models.add_template(model, template)
    if css:
        model["css"] = css
    models.add(model)


def _note(col: Collection, notetype: str, deck: str, tags: list[str], **fields: str) -> None:
    add(col, notetype, f"{TOP}::{deck}" if deck else TOP, tags, **fields)


def cloze_field_filter(col: Collection) -> None:
    """Add a cloze type whose templates say ``{{cloze::Text}}``, as many shared decks' do."""
    back = "{{cloze::Text}}<br>{{Extra}}"
    _notetype(
        col, "Cloze Plus", ["Text", "Extra"], [("Cloze", "{{cloze::Text}}", back)], cloze=True
    )
    for number in range(3):
        text = f"The {{{{c1::mitochondrion}}}} makes ATP {number}; {{{{c2::ribosomes}}}} proteins"
        _note(col, "Cloze Plus", "Biology", ["bio"], Text=text, Extra=f"chapter {number}")
    # Anki keeps a cloze note without a deletion, with one card.
    _note(col, "Cloze Plus", "Biology", ["bio"], Text="No deletion yet", Extra="draft")


def scripted(col: Collection) -> None:
    """Add templates with scripts on both sides, as stroke-order and occlusion decks have."""
    front = (
        '<div id="k">{{Kanji}}</div><script>document.getElementById("k").dataset.x = 1;</script>'
    )
    back = "{{FrontSide}}<hr id=answer><div>{{Strokes}}</div><script>drawStrokes();</script>"
    _notetype(col, "Strokes", ["Kanji", "Strokes"], [("Write", front, back)])
    _note(col, "Strokes", "Kanji", ["kanji"], Kanji="水", Strokes="4")
    _note(col, "Strokes", "Kanji", ["kanji"], Kanji="火", Strokes="4")


def absent_media(col: Collection) -> None:
    """Add an occlusion-like field holding only a picture the package lacks; a font it lacks."""
    css = '@font-face { font-family: Gone; src: url("_gone.woff2"); }\n.card { font-family: Gone; }'
    templates = [("Card", "{{Image}}{{Header}}", "{{FrontSide}}<hr id=answer>{{Answer}}")]
    _notetype(col, "Occlusion", ["Image", "Header", "Answer"], templates, css=css)
    _note(col, "Occlusion", "Anatomy", [], Image='<img src="gone-mask.png">', Answer="heart")
    _note(col, "Occlusion", "Anatomy", [], Image='<img src="heart.png">', Header="h", Answer="lung")
    col.media.write_data("heart.png", PNG)


def repeated_first_fields(col: Collection) -> None:
    """Add the same word in several chapters, and a label as every note's first field."""
    for chapter in ("Chapter 1", "Chapter 2"):
        _note(col, "Basic", f"Words::{chapter}", [], Front="house", Back=f"das Haus ({chapter})")
    templates = [("Card", "{{Topic}}: {{Question}}", "{{FrontSide}}<hr id=answer>{{Answer}}")]
    _notetype(col, "Labelled", ["Topic", "Question", "Answer"], templates)
    for number in range(3):
        _note(
            col,
            "Labelled",
            "Words",
            [],
            Topic="Anki",
            Question=f"What is shortcut {number}?",
            Answer=f"Ctrl+{number}",
        )


ODD_DECKS = (
    "Part: one",
    "A/B testing #2",
    "[brackets] and {braces}",
    "- dash",
    "* star",
    "&anchor",
    "!bang",
    "%percent",
    "@at",
    "'quoted' twice",
    "Größe: 日本語 #1",
)


def odd_deck_names(col: Collection) -> None:
    """Add subdecks whose names YAML, Markdown or a file system would misread."""
    for number, deck in enumerate(ODD_DECKS):
        _note(col, "Basic", deck, [], Front=f"odd deck question {number}", Back=deck)


def audio(col: Collection) -> None:
    """Add sounds in fields, present in the package."""
    col.media.write_data("hello.mp3", MP3)
    _note(col, "Basic", "Audio", ["audio"], Front="Say hello [sound:hello.mp3]", Back="привет")
    _note(col, "Basic", "Audio", ["audio"], Front="[sound:hello.mp3]", Back="hello, alone")


def japanese_filters(col: Collection) -> None:
    """Add furigana, kanji, hint, type and tts filters in templates."""
    front = "{{kanji:Reading}}<br>{{tts ja_JP voices=Apple_Otoya:Reading}}"
    back = (
        "{{FrontSide}}<hr id=answer>{{furigana:Reading}}<br>{{hint:Notes}}"
        "{{#Meaning}}<br>{{type:Meaning}}{{/Meaning}}{{^Notes}}no notes{{/Notes}}"
    )
    _notetype(col, "Japanese", ["Reading", "Meaning", "Notes"], [("Read", front, back)])
    _note(col, "Japanese", "Kanji", ["ja"], Reading="日本[にほん]", Meaning="Japan", Notes="")
    _note(col, "Japanese", "Kanji", ["ja"], Reading=" 水[みず]", Meaning="water", Notes="n")
    _note(col, "Japanese", "Kanji", ["ja"], Reading="<ruby>火<rt>ひ</rt></ruby>", Meaning="fire")


MANY = [f"Field {number}" for number in range(1, 12)]


def many_fields(col: Collection) -> None:
    """Add a note type of eleven fields, some left empty, with MathJax and a latexPre."""
    back = "{{FrontSide}}<hr id=answer>" + "".join(f"{{{{{f}}}}}<br>" for f in MANY[1:])
    _notetype(col, "Eleven", MANY, [("Card", "{{Field 1}}", back)])
    model = col.models.by_name("Eleven")
    assert model is not None
    model["latexPre"] = model["latexPre"].replace("12pt", "14pt")
    model["sortf"] = 2
    col.models.update_dict(model)
    values = {name.replace(" ", "_"): f"value {name}" for name in MANY[:6]}
    values["Field_1"] = r"What is \(A^2\) when 2) holds?"
    note_fields = {name.replace("_", " "): value for name, value in values.items()}
    model_dict = col.models.by_name("Eleven")
    assert model_dict is not None
    note = col.new_note(model_dict)
    for name, value in note_fields.items():
        note[name] = value
    col.add_note(note, col.decks.id(f"{TOP}::Maths") or DeckId(1))


def empty_first_field(col: Collection) -> None:
    """Add notes whose first field is empty: the card shows the others."""
    templates = [("Card", "{{Note}}{{Word}}", "{{FrontSide}}<hr id=answer>{{Meaning}}")]
    _notetype(col, "Note first", ["Note", "Word", "Meaning"], templates)
    for word in ("alpha", "beta"):
        _note(col, "Note first", "Greek", [], Note="", Word=word, Meaning=f"letter {word}")
    _note(col, "Note first", "Greek", [], Note="<br>", Word="gamma", Meaning="letter gamma")


SHAPES: dict[str, Callable[[Collection], None]] = {
    "cloze": cloze_field_filter,
    "scripted": scripted,
    "absent-media": absent_media,
    "repeated": repeated_first_fields,
    "odd-decks": odd_deck_names,
    "audio": audio,
    "japanese": japanese_filters,
    "many-fields": many_fields,
    "empty-first": empty_first_field,
}


def make(folder: Path, *shapes: str) -> Path:
    """Export a deck of the named shapes (all of them when none is named); return its path."""
    folder.mkdir(parents=True, exist_ok=True)
    col = open_collection(folder / "author.anki2")
    try:
        top = col.decks.id(TOP)
        assert top is not None
        for name in shapes or tuple(SHAPES):
            SHAPES[name](col)
        return export_apkg(col, top, folder / "shapes.apkg", legacy=False)
    finally:
        col.close()
