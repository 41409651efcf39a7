"""Multiple-choice option extraction."""

from __future__ import annotations

from ankismith.model import Choice
from ankismith.parse.choices import has_task_list, split_choices


def test_options_after_question_text() -> None:
    lines = ["Pick one:", "", "- [ ] wrong", "- [x] right", "  more of right", "* [X] also"]
    before, choices, stray = split_choices(lines)
    assert before == ["Pick one:", ""]
    assert choices == [
        Choice(False, "wrong"),
        Choice(True, "right\nmore of right"),
        Choice(True, "also"),
    ]
    assert stray is None


def test_text_after_options_is_reported() -> None:
    _, choices, stray = split_choices(["- [x] a", "- [ ] b", "", "Trailing"])
    assert len(choices) == 2 and stray == 3


def test_task_list_inside_code_is_not_options() -> None:
    lines = ["```", "- [x] in code", "```"]
    assert not has_task_list(lines)
    assert split_choices(lines) == (lines, [], None)


def test_plain_list_is_not_options() -> None:
    assert not has_task_list(["- one", "- two"])


def test_up_to_four_spaces_after_the_bullet() -> None:
    _, choices, stray = split_choices(["-  [x] right", "-    [ ] wrong"])
    assert [c.correct for c in choices] == [True, False] and stray is None
