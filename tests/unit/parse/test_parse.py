"""Parser units: text in, cards and file:line errors out."""

from __future__ import annotations

from functools import partial

import pytest

from ankismith.model import Card, Location, NoteKind
from ankismith.parse.cards import derived_id
from ankismith.parse.settings import DeckSettings
from tests.helpers import parse_text

SETTINGS = DeckSettings(name="Deck", namespace="deck", tags=("base",))


parse = partial(parse_text, SETTINGS)


def one(text: str) -> Card:
    cards, errors = parse(text)
    assert errors == []
    assert len(cards) == 1
    return cards[0]


def test_basic_card_parts() -> None:
    card = one(
        "# Title\n\nIntro text.\n\n## What is 2+2?\n<!-- id: sum; tags: maths easy -->\n\n"
        "Think.\n\n### Answer\n\nFour.\n\n### Explanation\n\nCounting.\n\n### Hint\n\nFingers.\n"
    )
    assert card.question == "What is 2+2?\n\nThink."
    assert card.answer == "Four."
    assert card.explanation == "Counting."
    assert card.hint == "Fingers."
    assert card.card_id == "sum" and card.explicit_id
    assert card.tags == ("base", "easy", "maths")
    assert card.kind is NoteKind.BASIC
    assert card.location == Location("content/x.md", 5)
    assert card.deck == "Deck"
    assert card.source == "x.md"


def test_several_cards_with_lines() -> None:
    cards, errors = parse("## A\n### Answer\na\n\n## B\n### Answer\nb\n")
    assert errors == []
    assert [(c.question, c.answer, c.location.line) for c in cards] == [
        ("A", "a", 1),
        ("B", "b", 5),
    ]


@pytest.mark.parametrize("fence", ["```", "~~~", "````"])
def test_fence_holding_headings_and_rules_never_splits(fence: str) -> None:
    body = f"{fence}python\n## not a card\n### Answer\n---\n# comment\n{fence}"
    card = one(f"## Q\n### Answer\n{body}\nafter\n")
    assert card.answer == f"{body}\nafter"


def test_longer_fence_needs_matching_close() -> None:
    card = one("## Q\n### Answer\n````\n```\n## inside\n````\n")
    assert "## inside" in card.answer


def test_indented_code_is_not_a_heading() -> None:
    card = one("## Q\n### Answer\n\n    ## code\n")
    assert card.answer == "    ## code"


def test_thematic_break_in_body_is_content() -> None:
    card = one("## Q\n### Answer\none\n\n---\n\ntwo\n")
    assert card.answer == "one\n\n---\n\ntwo"


def test_crlf_and_lone_cr_keep_line_numbers() -> None:
    cards, errors = parse("## A\r\n### Answer\r\na\r\n\r\n## B\r### Answer\rb\r")
    assert errors == []
    assert [(c.answer, c.location.line) for c in cards] == [("a", 1), ("b", 5)]


def test_unicode_and_rtl_text() -> None:
    card = one("## Ce qui est «LoRA» ? 🤖\n### Answer\nمرحبا — adaptation\n")
    assert card.question == "Ce qui est «LoRA» ? 🤖"
    assert card.answer == "مرحبا — adaptation"


def test_empty_file_has_no_cards_and_no_errors() -> None:
    assert parse("") == ([], [])
    assert parse("# Only a title\n\nprose\n") == ([], [])


def test_front_matter_sets_subdeck_and_tags() -> None:
    card = one("---\ndeck: LoRA\ntags: [peft, lora]\n---\n## Q\n### Answer\nA\n")
    assert card.deck == "Deck::LoRA"
    assert card.tags == ("base", "lora", "peft")
    assert card.location.line == 5


def test_derived_id_ignores_case_and_spacing() -> None:
    card = one("## What   is LoRA?\n### Answer\nA\n")
    assert not card.explicit_id
    assert card.card_id == derived_id("what is lora?")


def test_multiline_metadata_comment_and_other_comments_dropped() -> None:
    card = one(
        "## Q\n<!--\nid: q1\ntags: a\n-->\n<!-- note to self -->\n### Answer\nA\n<!-- x -->\n"
    )
    assert (card.card_id, card.tags) == ("q1", ("a", "base"))
    assert card.answer == "A"


def test_unknown_h3_is_content_and_h4_is_content() -> None:
    card = one("## Q\n### Answer\nA\n### Details\nmore\n#### Deeper\n")
    assert card.answer == "A\n### Details\nmore\n#### Deeper"


def test_section_names_case_and_colon_insensitive() -> None:
    card = one("## Q\n### ANSWER:\nA\n### explanation\nE\n")
    assert (card.answer, card.explanation) == ("A", "E")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("## Q\n\nno answer\n", "content/x.md:1: card has no '### Answer' section"),
        ("## Q\n### Answer\n\n## R\n### Answer\nB\n", "content/x.md:2: '### Answer' is empty"),
        ("##\n### Answer\nA\n", "content/x.md:1: card heading '##' has no question text"),
        (
            "## Q\n### Answer\nA\n### Answer\nB\n",
            "content/x.md:4: '### Answer' appears twice in this card",
        ),
        (
            "## Q\n### Answer\n```\ncode\n",
            "content/x.md:3: code fence ``` is never closed; it would swallow the rest of the file",
        ),
        (
            "## Q\n<!-- id: a b -->\n### Answer\nA\n",
            "content/x.md:2: id 'a b' must start with a letter or digit and use only letters, digits, '.', '_' or '-' (at most 100)",
        ),
        (
            "## Q\n<!-- idd: a -->\n### Answer\nA\n",
            "content/x.md:2: card metadata: unknown key 'idd' (did you mean 'id'?)",
        ),
        (
            "## Q\n<!-- type: choise -->\n### Answer\nA\n",
            "content/x.md:2: unknown card type 'choise' (did you mean 'choice'?)",
        ),
        (
            "## Q\n<!-- id x -->\n### Answer\nA\n",
            "content/x.md:2: card metadata 'id x' is not 'key: value'",
        ),
        (
            "---\ndeck: X\n\n## Q\n",
            "content/x.md:1: front matter opened with '---' is never closed with '---'",
        ),
        (
            "---\ntags: [a\n---\n## Q\n### Answer\nA\n",
            "content/x.md:2:9: front matter: invalid YAML: expected ',' or ']', but got '<stream end>'",
        ),
        (
            "---\ndekc: X\n---\n## Q\n### Answer\nA\n",
            "content/x.md:1: front matter: unknown key 'dekc' (did you mean 'deck'?)",
        ),
        (
            "## Q\n### Answer\nA\n# Title\n",
            "content/x.md:4: '# ' heading inside a card; start cards with '## ', use '#### ' inside them",
        ),
        (
            "## Q\n<!-- oops\n### Answer\nA\n",
            "content/x.md:2: HTML comment '<!--' is never closed with '-->'",
        ),
    ],
)
def test_errors_name_file_and_line(text: str, expected: str) -> None:
    _, errors = parse(text)
    assert expected in errors


def test_every_error_in_a_file_is_reported() -> None:
    _, errors = parse("## A\n\n## B\n### Answer\n\n## C\n<!-- nope: 1 -->\n### Answer\nc\n")
    assert [e.split(": ")[0] for e in errors] == [
        "content/x.md:1",
        "content/x.md:4",
        "content/x.md:7",
    ]
