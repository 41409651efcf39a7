"""Type-in answers: stored as learners type them, with a finding when markup was removed."""

from __future__ import annotations

import pytest

from ankismith.findings import Finding
from ankismith.model import Location
from ankismith.parse.settings import DeckSettings
from ankismith.parse.slips.typein import typed_answer, typein_answer
from tests.helpers import parse_text

WHERE = Location("content/x.md", 5)


@pytest.mark.parametrize(
    ("answer", "typed"),
    [
        ("`git gc`", "git gc"),
        ("*a* and **b**", "a and b"),
        ("[Paris](https://example.org)", "Paris"),
        ("a &amp; b", "a & b"),
        (r"x\_y", "x_y"),
    ],
)
def test_markup_is_removed_and_reported(answer: str, typed: str) -> None:
    assert typein_answer(answer, WHERE) == (
        typed,
        [
            Finding(
                WHERE,
                f"type-in answer '{answer}' is compared with what learners type, which is "
                f"'{typed}' with the markup removed: write it as plain text, '{typed}'",
                "typein-markup",
            )
        ],
    )


@pytest.mark.parametrize(
    "answer", ["Paris", "Vec<T>", "2 < 3", "<b>x</b>", "snake_case_name", " padded "]
)
def test_plain_text_and_angle_brackets_are_typed_as_they_stand(answer: str) -> None:
    assert typein_answer(answer, WHERE) == (answer.strip(), [])


@pytest.mark.parametrize("answer", ["![](x.png)", "---", "[]()"])
def test_an_answer_with_nothing_to_type_is_an_error(answer: str) -> None:
    typed, [finding] = typein_answer(answer, WHERE)
    assert typed == "" and finding.location == WHERE
    assert finding.message == f"type-in answer '{answer}' has no text a learner could type"
    assert typed_answer(answer) == ""


def test_the_parser_stores_the_typed_answer_and_reports_at_its_line() -> None:
    text = "## Command?\n<!-- id: gc; type: typein -->\n### Answer\n\n`git gc`\n"
    cards, errors = parse_text(DeckSettings("D", "d"), text)
    assert cards[0].answer == "git gc"
    assert len(errors) == 1 and errors[0].startswith("content/x.md:5: type-in answer '`git gc`'")
