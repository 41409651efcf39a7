"""Authoring slips: each reported once, at its own file:line, with the fix in the message."""

from __future__ import annotations

from pathlib import Path

import pytest
from anki.collection import Collection

from ankismith.parse.settings import DeckSettings
from ankismith.pipeline import check
from tests.helpers import DECK_YAML, LORA_CARD, Q_CARD, git, init_repo, parse_text, write_files

SETTINGS = DeckSettings(name="Deck", namespace="deck-7f3k2q")
EXPLAINED = "### Explanation\nE\n"


def errors(text: str) -> list[str]:
    """Return every message parsing ``text`` as content/x.md gives."""
    return parse_text(SETTINGS, text)[1]


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        (
            "## The {{c1::tree}} has\n<!-- id: c; type: cloze -->\n\nmany {{c2:blobs}}\n",
            "content/x.md:4: cloze deletion '{{c2:blobs}}' has one colon, so learners see its "
            "braces and never get its card c2: write '{{c2::blobs}}'",
        ),
        (
            "## A {c1::tree}} and {{c2::leaf}}\n<!-- id: c; type: cloze -->\n",
            "content/x.md:1: cloze deletion '{c1::tree}}' opens with one brace, so learners see "
            "its braces: write '{{c1::tree}}'",
        ),
        (
            "## A {{c0::tree}}\n<!-- id: c; type: cloze -->\n",
            "content/x.md:1: cloze deletion '{{c0::tree}}' is numbered 0: Anki counts deletions "
            "from c1, so it never becomes a card; number it from c1",
        ),
        (
            "## A {{c1::tree}}\n<!-- id: c; type: cloze -->\n\nand {{c2::leaf\n",
            "content/x.md:4: cloze deletion '{{c2::leaf' is never closed with '}}': write "
            "'{{c2::…}}' around the hidden text",
        ),
    ],
)
def test_a_malformed_deletion_is_an_error_at_its_line(question: str, expected: str) -> None:
    assert errors(question + EXPLAINED) == [expected]


def test_a_short_closing_fence_is_reported_where_it_is_not_two_cards_later() -> None:
    text = (
        "## Q1\n<!-- id: q1 -->\n### Answer\n```python\nx = 1\n``\n"
        + EXPLAINED
        + "## Q2\n<!-- id: q2 -->\n### Answer\nB\n"
        + EXPLAINED
    )
    cards, messages = parse_text(SETTINGS, text)
    assert messages == [
        "content/x.md:6: this line closes the code fence opened at line 4 with ```, but a "
        "closing fence needs 3 or more: write ```"
    ]
    assert [(c.card_id, c.answer) for c in cards] == [("q1", "```python\nx = 1\n``"), ("q2", "B")]


def test_an_option_without_a_space_after_its_box() -> None:
    text = "## Pick\n<!-- id: p -->\n- [ ] wrong\n- [x]right\n" + EXPLAINED
    assert errors(text) == [
        "content/x.md:4: option '- [x]right' needs a space after ']': write '- [x] right'"
    ]
    only = "## Pick\n<!-- id: p -->\n- [x]right\n- [ ]wrong\n" + EXPLAINED
    assert [m.split(":")[1] for m in errors(only)] == ["3", "4"]
    code = "## Which line is a glued option?\n<!-- id: c -->\n```\n- [x]right\n```\n### Answer\nThat one.\n"
    assert errors(code + EXPLAINED) == []


@pytest.mark.parametrize(
    ("heading", "expected"),
    [
        (
            "### Explanatoin",
            "content/x.md:3: unknown section '### Explanatoin' (did you mean '### Explanation'?); a card's "
            "sections are '### Answer', '### Explanation' and '### Hint', and a heading inside a "
            "card starts with '#### '",
        ),
        (
            "### Explain",
            "content/x.md:3: unknown section '### Explain' (did you mean '### Explanation'?)",
        ),
        (
            "#### Explanation",
            "content/x.md:3: '#### Explanation' is a heading inside the card, not its Explanation section: write '### Explanation'",
        ),
    ],
)
def test_a_misspelt_section_is_named_at_its_own_line(heading: str, expected: str) -> None:
    messages = errors(f"## Q\n<!-- id: q -->\n### Answer\nA\n{heading}\nE\n### Hint\nH\n")
    assert [m[: len(expected)] for m in messages] == [expected.replace(":3:", ":5:")]


def test_a_misspelt_answer_is_reported_there_not_as_a_missing_answer() -> None:
    assert errors("## Q\n<!-- id: q -->\n### Answr\nA\n" + EXPLAINED) == [
        "content/x.md:3: unknown section '### Answr' (did you mean '### Answer'?); a card's "
        "sections are '### Answer', '### Explanation' and '### Hint', and a heading inside a "
        "card starts with '#### '"
    ]


def test_a_hint_heading_one_level_too_deep_does_not_land_on_the_back() -> None:
    assert errors("## Q\n<!-- id: q -->\n### Answer\nA\n#### Hint\nH\n" + EXPLAINED) == [
        "content/x.md:5: '#### Hint' is a heading inside the card, not its Hint section: "
        "write '### Hint'"
    ]


def test_a_misspelt_kind_gets_a_suggestion() -> None:
    assert errors("## Q\n<!-- id: q; type: clozee -->\n" + EXPLAINED) == [
        "content/x.md:2: unknown card type 'clozee' (did you mean 'cloze'?)"
    ]


def test_cloze_text_in_a_card_without_its_type_says_which_type() -> None:
    assert errors("## The {{c1::tree}}\n<!-- id: q -->\n" + EXPLAINED) == [
        "content/x.md:1: card has no '### Answer' section; for a cloze card, add 'type: cloze' "
        "to its <!-- --> comment"
    ]


def test_front_matter_tags_separated_by_commas() -> None:
    cards, messages = parse_text(SETTINGS, "---\ntags: a, b\n---\n" + LORA_CARD)
    assert (messages, cards[0].tags) == ([], ("a", "b"))
    _, messages = parse_text(SETTINGS, "---\ntags: ['a,b']\n---\n" + LORA_CARD)
    assert messages == [
        "content/x.md:1: front matter: tag 'a,b' contains a comma; separate tags with spaces or "
        "commas, as in 'tags: [a, b]'"
    ]


def test_a_typein_answer_is_stored_as_learners_type_it(tmp_path: Path) -> None:
    text = "## Which command packs a repository?\n<!-- id: gc; type: typein -->\n### Answer\n`git gc`\n"
    cards, messages = parse_text(SETTINGS, text + EXPLAINED)
    assert messages == [
        "content/x.md:4: type-in answer '`git gc`' is compared with what learners type, which is "
        "'git gc' with the markup removed: write it as plain text, 'git gc'"
    ]
    assert cards[0].answer == "git gc"
    _, empty = parse_text(SETTINGS, text.replace("`git gc`", "![](git.png)") + EXPLAINED)
    assert empty == [
        "content/x.md:4: type-in answer '![](git.png)' has no text a learner could type"
    ]
    plain, quiet = parse_text(SETTINGS, text.replace("`git gc`", "git gc") + EXPLAINED)
    assert (quiet, plain[0].answer) == ([], "git gc")
    col = Collection(str(tmp_path / "c.anki2"))
    try:
        compared = col.compare_answer(cards[0].answer, "git gc")
    finally:
        col.close()
    assert "typeGood" in compared and "typeBad" not in compared and "typeMissed" not in compared


def test_a_duplicate_id_blames_the_card_not_yet_committed(tmp_path: Path) -> None:
    content = write_files(tmp_path / "content", {"deck.yaml": DECK_YAML, "b.md": Q_CARD})
    init_repo(tmp_path, "release")
    (content / "a.md").write_text(Q_CARD.replace("## Q\n", "## A new question\n"))
    (message,) = [str(d) for d in check(content).diagnostics]
    assert message == (
        f"{content}/a.md:1: duplicate id 'q'; already used at {content}/b.md:1, which is "
        "committed: give this new card another id (the committed card keeps it: learners may "
        "have it) [duplicate-id]"
    )
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "both")
    (message,) = [str(d) for d in check(content).diagnostics]
    assert message.startswith(f"{content}/b.md:1: duplicate id 'q'; first used at {content}/a.md:1")
