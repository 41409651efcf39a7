"""Type-in answers written with markup: the answer as learners will type it, markup removed. Pure.

Anki compares what the learner types with the field's text, character for character, so
`` `git gc` `` must be stored as ``git gc``: nobody types the backticks.
"""

from __future__ import annotations

from ankismith.findings import Finding
from ankismith.model import Location
from ankismith.text import visible_text


def typed_answer(answer: str) -> str:
    """Return the text a learner would have to type for ``answer``, whitespace folded.

    Code spans, emphasis and links become their text. ``<`` is text here, not HTML: a
    learner types ``Vec<T>`` as it stands.
    """
    import markdown  # only for type-in cards: most builds need no Python-Markdown at all

    converter = markdown.Markdown()
    converter.preprocessors.deregister("html_block")
    converter.inlinePatterns.deregister("html")
    return visible_text(converter.convert(answer))


def typein_answer(answer: str, where: Location) -> tuple[str, list[Finding]]:
    """Return ``answer`` as learners type it, with a finding where that is not the text given."""
    typed = typed_answer(answer)
    if not typed:
        message = f"type-in answer '{answer}' has no text a learner could type"
        return typed, [Finding(where, message)]
    if typed == answer.strip():
        return typed, []
    message = (
        f"type-in answer '{answer.strip()}' is compared with what learners type, which is "
        f"'{typed}' with the markup removed: write it as plain text, '{typed}'"
    )
    return typed, [Finding(where, message, "typein-markup")]
