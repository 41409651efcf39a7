"""Image occlusion masks read from Markdown and written as Anki's mask editor writes them."""

from __future__ import annotations

import re

from ankismith.model import NoteKind
from ankismith.parse.occlusion import (
    comment_labels,
    display,
    group_labels,
    groups,
    occlusion_cloze,
    read_occlusion,
)
from ankismith.parse.settings import DeckSettings
from tests.helpers import parse_text


def lines(*text: str) -> list[tuple[int, str]]:
    return list(enumerate(text, start=10))


def test_numbers_are_written_as_anki_float_to_display() -> None:
    # ts/routes/image-occlusion/shapes/lib.ts floatToDisplay: toFixed(4), zeros trimmed.
    assert [display(x) for x in (0, 0.25, 0.1, 1, 0.12345, 0.005, 1.5)] == [
        ".0000",
        ".25",
        ".1",
        "1.",
        ".1235",
        ".005",
        "1.5",
    ]


def test_the_image_the_masks_and_the_rest_of_the_body() -> None:
    found, problems = read_occlusion(
        lines(
            "Which chamber?",
            "",
            "![Heart](../_media/heart.png)",
            "",
            "- rect 10% 20% 30% 10%: Left atrium",
            "* ellipse 0.5 0.5 0.2 0.1: Right ventricle",
            "- polygon 40% 5%, 55% 5%, 50% 20%: Aorta",
            "- RECT 60% 20% 10% 10%: Left atrium",
            "- text 45% 92%: Apex: the tip",
        )
    )
    assert problems == []
    assert found.image == "![Heart](../_media/heart.png)"
    assert found.header == "Which chamber?"
    assert [(m.line, m.shape, m.label) for m in found.masks] == [
        (14, "rect", "Left atrium"),
        (15, "ellipse", "Right ventricle"),
        (16, "polygon", "Aorta"),
        (17, "rect", "Left atrium"),
        (18, "text", "Apex: the tip"),
    ]
    assert groups(found.masks) == {"Left atrium": 1, "Right ventricle": 2, "Aorta": 3}
    assert group_labels(found.masks) == "c1: Left atrium\nc2: Right ventricle\nc3: Aorta"
    assert occlusion_cloze(found.masks, "all") == (
        "{{c1::image-occlusion:rect:left=.1:top=.2:width=.3:height=.1:oi=1}}<br>"
        "{{c2::image-occlusion:ellipse:left=.5:top=.5:rx=.1:ry=.05:oi=1}}<br>"
        "{{c3::image-occlusion:polygon:left=.4:top=.05:points=.4,.05 .55,.05 .5,.2:oi=1}}<br>"
        "{{c1::image-occlusion:rect:left=.6:top=.2:width=.1:height=.1:oi=1}}<br>"
        "{{c0::image-occlusion:text:left=.45:top=.92:text=Apex\\: the tip:scale=1.:oi=1}}<br>"
    )
    one = occlusion_cloze(found.masks[:1], "one")
    assert one == "{{c1::image-occlusion:rect:left=.1:top=.2:width=.3:height=.1}}<br>"


def test_unreadable_masks_are_reported_at_their_lines() -> None:
    _, problems = read_occlusion(
        lines(
            "- rect 10% 20% 30%: A",
            "- ellipse 10px 20% 30% 10%: B",
            "- polygon 10% 10%, 20%: C",
            "- rect 10% 20% 30% 10%",
            "- text 1% 1%: {{c1::x}}",
        )
    )
    assert problems == [
        (10, "rect mask needs left top width height; 3 numbers given"),
        (11, "'10px' is no coordinate: write 25% or 0.25"),
        (12, "polygon mask needs points as x y pairs: 10% 10%, 20% 10%, ..."),
        (
            13,
            "rect mask needs a label naming its group after ':' (- rect 10% 20% 30% 10%: Left atrium)",
        ),
        (14, "a mask's label may not hold '{{' or '}}'"),
    ]


SETTINGS = DeckSettings("Deck", "deck")


def test_a_card_of_type_occlusion_gets_anki_image_occlusion_fields() -> None:
    text = (
        "## Which chamber?\n<!-- id: heart; type: occlusion; occlude: one -->\n\n"
        "![](_media/heart.png)\n\n- rect 10% 20% 30% 10%: Left atrium\n\n"
        "### Explanation\n\nFour chambers.\n"
    )
    (card,), problems = parse_text(SETTINGS, text)
    assert problems == []
    assert card.kind is NoteKind.OCCLUSION and card.answer == ""
    assert card.fields == (
        ("Occlusion", "{{c1::image-occlusion:rect:left=.1:top=.2:width=.3:height=.1}}<br>"),
        ("Image", "![](_media/heart.png)"),
        ("Header", "Which chamber?"),
        ("Back Extra", "Four chambers."),
        ("Comments", "c1: Left atrium"),
    )


def test_what_an_occlusion_card_may_not_lack_or_hold_is_reported_at_its_line() -> None:
    text = (
        "## No image\n<!-- id: a; type: occlusion; occlude: some -->\n- rect 1% 1% 5% 5%: A\n"
        "### Answer\nx\n### Hint\ny\n"
        "## No mask\n<!-- id: b; type: occlusion -->\n![](p.png)\n"
        "## Only text\n<!-- id: c; type: occlusion -->\n![](p.png)\n- text 1% 1%: Apex\n"
    )
    cards, problems = parse_text(SETTINGS, text)
    assert cards == []
    assert problems == [
        "content/x.md:1: occlusion card has no image line such as ![](heart.png)",
        "content/x.md:2: occlude must be 'all' or 'one', not 'some'",
        "content/x.md:4: occlusion cards have no '### Answer'; what a mask hides is the answer",
        "content/x.md:6: occlusion cards have no '### Hint'",
        "content/x.md:8: occlusion card has no mask such as '- rect 10% 20% 30% 10%: Left atrium'",
        "content/x.md:11: occlusion card has only text masks: no card to ask",
    ]


def test_a_card_number_written_before_the_label_keeps_a_group_in_its_card() -> None:
    found, problems = read_occlusion(
        lines(
            "- rect 1% 1% 5% 5%: Sun",
            "- rect 10% 1% 5% 5% c7: Comet",
            "- rect 20% 1% 5% 5% C2: Mercury",
            "- polygon 30% 1%, 35% 1%, 32% 5% c2: Mercury",
            "- rect 40% 1% 5% 5%: Venus",
            "- rect 50% 1% 5% 5%: Comet",
        )
    )
    assert problems == []
    assert groups(found.masks) == {"Sun": 1, "Comet": 7, "Mercury": 2, "Venus": 3}
    assert group_labels(found.masks) == "c1: Sun\nc2: Mercury\nc3: Venus\nc7: Comet"
    cloze = occlusion_cloze(found.masks)
    assert [int(n) for n in re.findall(r"\{\{c(\d+)::", cloze)] == [1, 7, 2, 2, 3, 7]


def test_a_card_number_given_twice_or_out_of_range_is_reported_at_its_line() -> None:
    _, problems = read_occlusion(
        lines(
            "- rect 1% 1% 5% 5% c2: Sun",
            "- rect 10% 1% 5% 5% c2: Comet",
            "- rect 20% 1% 5% 5% c3: Sun",
            "- rect 30% 1% 5% 5% c0: Venus",
            "- text 40% 1% c4: Apex",
            "- rect 50% 1% 5% 5% c1000: Mars",
        )
    )
    assert problems == [
        (13, "card numbers go from c1 to c999, not c0"),
        (14, "a text mask is on every card: it takes no card number"),
        (15, "card numbers go from c1 to c999, not c1000"),
        (
            11,
            "c2 is group 'Sun' at line 10: two groups would be one card; give this one a "
            "number no group has",
        ),
        (12, "group 'Sun' is c2 at line 10, here c3: a group is one card, with one number"),
    ]


def test_comments_labels_are_read_back_by_number() -> None:
    assert comment_labels("c1: Sun<br>c7: Comet &amp; tail<br/>\n") == {
        1: "Sun",
        7: "Comet & tail",
    }
    assert comment_labels("") == {}
    assert comment_labels("Made in Anki") is None
