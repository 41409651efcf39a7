"""A ``<script>`` outside code is shown as text: warned about at its line and column."""

from __future__ import annotations

from pathlib import PurePosixPath

from ankismith.check.sources import script_tags
from ankismith.findings import Finding
from ankismith.model import Location, SourceFile

MESSAGE = "<script> is shown as text and never runs; remove it or put it in a code block"


def source(text: str) -> SourceFile:
    return SourceFile("content/a.md", PurePosixPath("a.md"), text)


def test_script_outside_code_is_warned_about_at_its_column() -> None:
    text = "## Q\nx <script>alert(1)</script>\n\n  < SCRIPT src=x>\n"
    assert script_tags([source(text)]) == [
        Finding(Location("content/a.md", 2, 3), MESSAGE, "script-tag"),
        Finding(Location("content/a.md", 4, 3), MESSAGE, "script-tag"),
    ]


def test_a_code_span_keeps_the_column_of_a_script_after_it() -> None:
    [finding] = script_tags([source("`<script>` then <script>\n")])
    assert finding.location == Location("content/a.md", 1, 17)


def test_script_in_code_or_a_longer_tag_name_is_no_warning() -> None:
    text = "## Q\nIn `<script>` a span.\n\n```html\n<script>\n```\n\n<scripts> <noscript>\n"
    assert script_tags([source(text), source("no tag here\n")]) == []
