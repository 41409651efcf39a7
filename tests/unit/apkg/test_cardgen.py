"""Anki's rules for which templates of a front/back note type give a note a card."""

from __future__ import annotations

import pytest

from ankismith.apkg.cardgen import Fronts, filled_fields


def test_fields_of_only_space_br_and_div_are_empty() -> None:
    assert filled_fields(["", " ", "<br>", "<div></div>", "<BR/>", "x", "<span></span>"]) == (
        False,
        False,
        False,
        False,
        False,
        True,
        True,
    )


@pytest.mark.parametrize(
    ("front", "filled", "card"),
    [
        ("{{Word}}", (True, False), True),
        ("{{Word}}", (False, True), False),
        ("{{kanji:Word}}", (True, False), True),
        ("{{tts en_US voices=Apple_Otoya:Word}}", (True, False), True),
        ("{{cloze::Word}}", (True, False), True),
        ("{{#Meaning}}{{Word}}{{/Meaning}}", (True, False), False),
        ("{{#Meaning}}{{Word}}{{/Meaning}}", (True, True), True),
        ("{{^Meaning}}{{Word}}{{/Meaning}}", (True, False), True),
        ("{{FrontSide}} text", (True, True), False),
        ("{{Word}}{{Meaning}}", (False, True), True),
    ],
)
def test_a_template_gives_a_card_when_its_front_shows_a_filled_field(
    front: str, filled: tuple[bool, ...], card: bool
) -> None:
    assert Fronts(["Word", "Meaning"], [front]).ords(filled) == ((0,) if card else ())


def test_the_quick_look_at_a_fields_first_character_agrees_with_anki_s_pattern() -> None:
    # filled_fields asks its pattern only about values starting with whitespace or a tag.
    import random
    import re

    empty = re.compile(r"^(?:\s|</?(?:br|div) ?/?>)*$", re.IGNORECASE)
    starts = [chr(c) for c in range(0x3100) if chr(c).isspace()] + ["<", "a", "\u3000"]
    pieces = [*starts, "<br>", "<BR/>", "<div>", "</div >", "<br />", "<b>", "x", ""]
    rng = random.Random(33)
    values = [c + rest for c in starts for rest in ("", "x", "<br>", " ")]
    values += ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 4))) for _ in range(5000)]
    assert filled_fields(values) == tuple(not empty.match(v) for v in values)
