"""Parsing of each card kind and its mistakes."""

from __future__ import annotations

from functools import partial

import pytest

from ankismith.model import NoteKind
from ankismith.parse.settings import DeckSettings
from tests.helpers import parse_text

SETTINGS = DeckSettings(name="Deck", namespace="deck")


parse = partial(parse_text, SETTINGS)


def test_task_list_makes_a_choice_card() -> None:
    (card,), errors = parse(
        "## Pick\n<!-- id: p; shuffle: yes -->\n\n- [ ] a\n- [x] b\n\n### Explanation\nE\n"
    )
    assert errors == []
    assert card.kind is NoteKind.CHOICE and card.shuffle
    assert card.question == "Pick" and card.answer == ""
    assert [(c.correct, c.text) for c in card.choices] == [(False, "a"), (True, "b")]


def test_explicit_types() -> None:
    text = (
        "## {{c1::LoRA}} trains {{c2::adapters}}\n<!-- type: cloze -->\n### Explanation\nE\n"
        "## Term\n<!-- type: reversed -->\n### Answer\nDefinition\n"
        "## Rank?\n<!-- type: typein -->\n### Answer\nrank\n"
    )
    cards, errors = parse(text)
    assert errors == []
    assert [c.kind for c in cards] == [NoteKind.CLOZE, NoteKind.REVERSED, NoteKind.TYPEIN]


def test_a_task_list_in_a_basic_card_with_type_stays_content() -> None:
    (card,), errors = parse("## Q\n<!-- type: basic -->\n- [x] done\n### Answer\nA\n")
    assert errors == [] and card.kind is NoteKind.BASIC and "- [x] done" in card.question


def test_folders_become_subdecks_and_front_matter_wins() -> None:
    (card,), _ = parse("## Q\n### Answer\nA\n", "content/Methods/LoRA/x.md")
    assert card.deck == "Deck::Methods::LoRA"
    (card,), _ = parse("---\ndeck: Other\n---\n## Q\n### Answer\nA\n", "content/Methods/x.md")
    assert card.deck == "Deck::Other"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "## P\n- [ ] a\n- [ ] b\n",
            "content/x.md:1: choice card has no right option; mark one with '- [x]'",
        ),
        (
            "## P\n- [x] a\n",
            "content/x.md:1: choice card needs at least two options ('- [x] right', '- [ ] wrong')",
        ),
        (
            "## P\n<!-- id: p -->\n- [x] a\n- [ ] b\n\nStray\n",
            "content/x.md:6: nothing may follow the options of a choice card; move it above them",
        ),
        (
            "## No deletion\n<!-- type: cloze -->\n",
            "content/x.md:1: cloze card has no deletion such as {{c1::text}}",
        ),
        (
            "## {{c1::x}}\n<!-- type: cloze -->\n### Answer\nA\n",
            "content/x.md:3: cloze cards have no '### Answer'; the deletions {{c1::...}} are the answers",
        ),
        (
            "## Q\n<!-- type: typein -->\n### Answer\none\ntwo\n",
            "content/x.md:3: a typein answer must be one line of plain text, what the learner types",
        ),
        (
            "## Q\n<!-- shuffle: maybe -->\n- [x] a\n- [ ] b\n",
            "content/x.md:2: shuffle must be 'yes' or 'no', not 'maybe'",
        ),
        (
            "## Q\n\ntext\n<!-- id: late -->\n### Answer\nA\n",
            "content/x.md:4: card metadata must stand right under the card's '## ' heading",
        ),
    ],
)
def test_kind_errors(text: str, expected: str) -> None:
    assert expected in parse(text)[1]


def test_every_problem_of_a_card_is_reported() -> None:
    _, errors = parse("## Q\n<!-- type: nope; id: bad id -->\n")
    assert len(errors) == 2
    assert "unknown card type 'nope'" in errors[0] and "id 'bad id'" in errors[1]
