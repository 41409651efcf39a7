"""Rewriting one field of a card file: every other byte stays."""

from __future__ import annotations

from ankismith.sync.edit import field_line, replace_field
from ankismith.sync.fields import QUESTION

FILE = (
    "# Topic\n"
    "\n"
    "## First question?\n"
    "<!-- id: one -->\n"
    "\n"
    "### Answer\n"
    "\n"
    "Old answer.\n"
    "<!-- a comment the author keeps -->\n"
    "\n"
    "```\n"
    "### not a section\n"
    "```\n"
    "\n"
    "### Hint\n"
    "\n"
    "A hint.\n"
    "\n"
    "## Second?\n"
    "<!-- id: two -->\n"
    "\n"
    "### Answer\n"
    "\n"
    "Two.\n"
)


def test_a_section_is_replaced_and_nothing_else() -> None:
    new = replace_field(FILE, 3, 19, "Hint", "A better hint.")
    assert new == FILE.replace("A hint.", "A better hint.")


def test_a_fence_is_not_read_as_a_section() -> None:
    new = replace_field(FILE, 3, 19, "Answer", "New.")
    assert "New.\n\n### Hint" in new
    assert "### not a section" not in new  # the fence was the answer's
    assert new.endswith("### Answer\n\nTwo.\n")


def test_the_question_is_the_heading_and_the_text_below_it() -> None:
    new = replace_field(FILE, 19, None, QUESTION, "Second, **bold**?\n\nMore text.")
    assert "## Second, **bold**?\n<!-- id: two -->\n\nMore text.\n\n### Answer" in new
    assert new.startswith(FILE[: FILE.index("## Second?")])


def test_a_missing_section_is_added_at_the_card_end() -> None:
    new = replace_field(FILE, 19, None, "Explanation", "Why.")
    assert new == FILE + "\n### Explanation\n\nWhy.\n"


def test_crlf_is_kept() -> None:
    crlf = FILE.replace("\n", "\r\n")
    new = replace_field(crlf, 3, 19, "Hint", "Line one\nline two")
    assert new == crlf.replace("A hint.", "Line one\r\nline two")


def test_field_line_points_at_the_section() -> None:
    assert field_line(FILE, 3, 19, "Hint") == 15
    assert field_line(FILE, 3, 19, QUESTION) == 3


def test_a_choice_question_keeps_its_options() -> None:
    text = (
        "## Which?\n<!-- id: c -->\n\nSome text.\n\n- [x] Right\n- [ ] Wrong\n\n### Answer\n\nA.\n"
    )
    new = replace_field(text, 1, None, QUESTION, "Which one?\n\nOther text.", choices=True)
    assert new == text.replace("## Which?", "## Which one?").replace("Some text.", "Other text.")
