"""Structure slips: a fence, a comment or a heading written wrong is an error where it starts.

And the property behind them: over the sample decks, removing or adding one delimiter line (a
fence, a comment's end, a heading) never changes another card's text without an error.
"""

from __future__ import annotations

import re
from functools import partial
from pathlib import Path, PurePosixPath

import msgspec.structs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ankismith.findings import Severity, rule_of
from ankismith.model import Card, Location, SourceFile
from ankismith.parse.count import count_check, heading_lines
from ankismith.parse.scanner import parse_source
from ankismith.parse.settings import DeckSettings
from ankismith.text import split_lines
from tests.helpers import parse_text

SETTINGS = DeckSettings(name="Deck", namespace="deck")
parse = partial(parse_text, SETTINGS)
ROOT = Path(__file__).resolve().parents[3]


def card(name: str, answer: str, body: str = "") -> str:
    """Return one card's text with an id, an answer and an explanation."""
    return (
        f"## {name}?\n<!-- id: {name} -->\n{body}\n### Answer\n\n{answer}\n\n"
        f"### Explanation\n\nBecause of {name}.\n\n"
    )


# Structure errors: each at the line where it starts, with the fix.


def test_a_fence_left_open_before_a_later_fence_is_reported_where_it_opens() -> None:
    text = card("one", "```python\nx = 1") + card("two", "```\ny = 2\n```") + card("three", "z")
    cards, errors = parse(text)
    assert errors == [
        "content/x.md:6: code fence ``` is never closed before '### Explanation' at line 9: as "
        "written, the fence line 18 closes it, and every line between is code; close it with ``` "
        "above line 9"
    ]
    # Read as if closed above the heading: no card takes another's text.
    assert [c.card_id for c in cards] == ["one", "two", "three"]
    assert [c.answer for c in cards] == ["```python\nx = 1", "```\ny = 2\n```", "z"]


def test_a_fence_left_open_is_found_when_the_later_fence_has_a_language() -> None:
    text = card("one", "```\nx = 1") + card("two", "```bash\ny\n```") + card("three", "z")
    _, errors = parse(text)
    assert len(errors) == 1
    assert errors[0].startswith("content/x.md:6: code fence ``` is never closed before '### Exp")


@pytest.mark.parametrize(
    "text",
    [
        # A fence that shows a card in Markdown, then the card's own answer.
        "## Q?\n<!-- id: q -->\n\n```markdown\n## Not a card\n### Answer\n```\n\n### Answer\n\nA\n",
        # A shell comment '## ...' in code, then a second block in the same section.
        "## Q?\n<!-- id: q -->\n\n### Answer\n\n```bash\n## install\npip install x\n```\n\n"
        "Then:\n\n```bash\nrun x\n```\n\n## R?\n<!-- id: r -->\n\n### Answer\n\nB\n",
        # A fence inside a longer fence.
        "## Q?\n<!-- id: q -->\n\n### Answer\n\n````\n```\n## still code\n```\n````\n",
    ],
)
def test_a_fence_holding_headings_on_purpose_stays_code(text: str) -> None:
    cards, errors = parse(text)
    assert errors == [] and cards


def test_a_card_comment_left_open_is_one_error_at_its_line() -> None:
    text = "## One?\n<!-- id: one; tags: a\n\n### Answer\n\nA\n\n" + card("two", "B")
    cards, errors = parse(text)
    assert errors == [
        "content/x.md:2: HTML comment '<!--' is never closed with '-->' before '### Answer' at "
        "line 4: end it with '-->'"
    ]
    assert [(c.card_id, c.answer) for c in cards] == [("one", "A"), ("two", "B")]


def test_a_comment_left_open_before_another_comment_is_reported_where_it_opens() -> None:
    text = "## One?\n<!-- id: one -->\n\n<!-- a note\n\n### Answer\n\nA\n\n" + card("two", "B")
    _, errors = parse(text)
    assert errors == [
        "content/x.md:4: HTML comment '<!--' is never closed with '-->' before the next '<!--' "
        "at line 11: end it with '-->'"
    ]


def test_a_comment_may_hold_a_card_commented_out() -> None:
    text = card("one", "A") + "<!--\n## Old?\n\n### Answer\n\nGone\n-->\n" + card("two", "B")
    cards, errors = parse(text)
    assert errors == [] and [c.card_id for c in cards] == ["one", "two"]


def test_a_card_heading_without_its_space() -> None:
    cards, errors = parse(card("one", "A") + card("two", "B").replace("## two?", "##two?"))
    assert errors == [
        "content/x.md:12: '##two?' is not a heading: add a space after ##, as in '## two?'"
    ]
    assert [c.card_id for c in cards] == ["one", "two"]  # read as meant, with its error


def test_a_section_heading_without_its_space() -> None:
    _, errors = parse(card("one", "A").replace("### Answer", "###Answer"))
    assert errors == [
        "content/x.md:4: '###Answer' is not a heading: add a space after ###, as in '### Answer'"
    ]


def test_a_section_written_as_a_card_heading_says_a_new_card_started() -> None:
    cards, errors = parse(card("one", "A").replace("### Explanation", "## Explanation"))
    assert errors == [
        "content/x.md:8: '## Explanation' starts a new card whose question is 'Explanation'; a "
        "card's sections take three #: write '### Explanation'"
    ]
    assert [(c.answer, c.explanation) for c in cards] == [("A", "Because of one.")]


@pytest.mark.parametrize(
    ("tags", "expected"),
    [
        ("[definition, greedy]", ("definition", "greedy")),
        ('["definition", greedy]', ("definition", "greedy")),
        ("definition, greedy", ("definition", "greedy")),
        ("[]", ()),
    ],
)
def test_card_tags_as_a_yaml_list(tags: str, expected: tuple[str, ...]) -> None:
    cards, errors = parse(f"## Q?\n<!-- id: q; tags: {tags} -->\n\n### Answer\n\nA\n")
    assert errors == [] and cards[0].tags == expected


@pytest.mark.parametrize("tags", ["[definition, greedy", "definition]", "[a, [b]]"])
def test_card_tags_as_a_broken_list_are_an_error(tags: str) -> None:
    cards, errors = parse(f"## Q?\n<!-- id: q; tags: {tags} -->\n\n### Answer\n\nA\n")
    assert errors == [
        f"content/x.md:2: tags '{tags}' are no list of tags: write 'tags: [a, b]' or 'tags: a b'"
    ]
    assert cards == []


# The card count cross-check.


def test_heading_lines_skip_front_matter_code_and_comments() -> None:
    lines = ["---", "tags: [a]", "---", "## A", "```", "## code", "```", "<!--", "## B", "-->"]
    assert heading_lines([*lines, "##C", "### D"]) == [4, 11]


def test_the_count_check_names_a_heading_no_card_came_from() -> None:
    [finding] = count_check("content/x.md", ["## A", "", "## B"], [1])
    assert finding.location == Location("content/x.md", 3)
    assert finding.message == (
        "this line looks like a card heading, but no card was read here (the file shows 2 "
        "card headings, 1 read)"
    )


def test_the_count_check_names_a_card_read_from_no_heading() -> None:
    [finding] = count_check("content/x.md", ["## A", "```", "## B", "```"], [1, 3])
    assert finding.message == (
        "a card was read here, where no card heading is seen (the file shows 1 card heading, 2 "
        "read)"
    )


# The property, over the sample decks.

SAMPLES = sorted(
    [
        *(ROOT / "content").rglob("*.md"),
        *(ROOT / "src/ankismith/scaffold/project/content").rglob("*.md"),
        *(p for p in (ROOT / "tests/data/golden").glob("*/input.md") if p.parent.name != "errors"),
    ]
)
_DELIMITER = re.compile(r"^ {0,3}(?:`{3,}|~{3,}|<!--|#{1,6}(?:\s|$))|-->")


def _parse(text: str) -> tuple[list[Card], bool]:
    """Return the cards of ``text`` and whether the parse found an error."""
    source = SourceFile("content/x.md", PurePosixPath("x.md"), text)
    cards, findings = parse_source(source, SETTINGS)
    return cards, any(rule_of(f.code).default is Severity.ERROR for f in findings)


def _text(card: Card) -> Card:
    """Return the card without its place in the file, which an edit above it moves."""
    return msgspec.structs.replace(card, location=Location("", 0), meta_line=0)


def _unchanged_elsewhere(lines: list[str], edited: int, new_lines: list[str]) -> None:
    """Assert that, without an error, every card not holding line ``edited`` keeps its text."""
    before, _ = _parse("\n".join(lines))
    after, failed = _parse("\n".join(new_lines))
    if failed:
        return
    starts = [c.location.line for c in before] + [len(lines) + 2]
    found = {c.card_id: _text(c) for c in after}
    for index, old in enumerate(before):
        if starts[index] <= edited < starts[index + 1]:
            continue  # the edited card may change: its author sees the edit
        assert found.get(old.card_id) == _text(old), (edited, new_lines[edited - 1 : edited + 2])


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: str(p.relative_to(ROOT)))
def test_one_delimiter_line_more_or_less_never_changes_another_card_silently(path: Path) -> None:
    lines = split_lines(path.read_text(encoding="utf-8-sig"))
    cards, failed = _parse("\n".join(lines))
    assert cards and not failed
    for index, line in enumerate(lines):
        if _DELIMITER.search(line):
            _unchanged_elsewhere(lines, index + 1, lines[:index] + lines[index + 1 :])
            _unchanged_elsewhere(lines, index + 1, lines[: index + 1] + lines[index:])
        if "-->" in line:  # a comment's end left out of its line
            unclosed = line.replace("-->", "", 1)
            _unchanged_elsewhere(lines, index + 1, [*lines[:index], unclosed, *lines[index + 1 :]])


DELIMITERS = ["```", "```python", "~~~", "````", "<!--", "-->", "## Inserted?", "### Answer"]


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(SAMPLES), st.sampled_from(DELIMITERS), st.floats(0, 1))
def test_one_delimiter_line_added_anywhere_never_changes_another_card_silently(
    path: Path, delimiter: str, where: float
) -> None:
    lines = split_lines(path.read_text(encoding="utf-8-sig"))
    at = int(where * len(lines))
    # The new line follows line ``at``: it belongs to that line's card.
    _unchanged_elsewhere(lines, at, [*lines[:at], delimiter, *lines[at:]])
