"""Rules over the raw text of card files, outside code: ``<script>`` shown as text. Pure."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ankismith.findings import Finding
from ankismith.model import Location, SourceFile
from ankismith.parse.fences import outside_code
from ankismith.text import split_lines

_SCRIPT = re.compile(r"<\s*script\b", re.I)


def script_tags(sources: Sequence[SourceFile]) -> list[Finding]:
    """Warn about ``<script>`` outside code: it is shown as text, and never runs in a card."""
    message = "<script> is shown as text and never runs; remove it or put it in a code block"
    warnings = []
    for source in sources:
        if not _SCRIPT.search(source.text):
            continue
        for index, line in outside_code(split_lines(source.text)):
            # Code spans are blanked, not removed, so the column stays the one in the file.
            found = _SCRIPT.search(re.sub(r"`[^`]*`", lambda m: " " * len(m[0]), line))
            if found:
                where = Location(source.path, index + 1, found.start() + 1)
                warnings.append(Finding(where, message, "script-tag"))
    return warnings
