"""Rules over the raw text of card files, outside code: ``<script>`` shown as text. Pure."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ankismith.model import ContentWarning, Location, SourceFile
from ankismith.parse.scanner import closes_fence, split_lines

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_SCRIPT = re.compile(r"<\s*script\b", re.I)


def script_tags(sources: Sequence[SourceFile]) -> list[ContentWarning]:
    """Warn about ``<script>`` outside code: it is shown as text, and never runs in a card."""
    message = "<script> is shown as text and never runs; remove it or put it in a code block"
    warnings = []
    for source in sources:
        if not _SCRIPT.search(source.text):
            continue
        fence: str | None = None
        for number, line in enumerate(split_lines(source.text), start=1):
            match = _FENCE.match(line)
            if fence is not None:
                fence = None if closes_fence(line, fence) else fence
            elif match:
                fence = match.group(1)
            elif _SCRIPT.search(re.sub(r"`[^`]*`", "", line)):
                warnings.append(
                    ContentWarning(Location(source.path, number), message, "script-tag")
                )
    return warnings
