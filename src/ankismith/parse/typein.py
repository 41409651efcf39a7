"""A type-in answer as learners will type it: the Markdown's visible text, markup removed. Pure.

Anki compares what the learner types with the field's text, character for character, so
`` `git gc` `` must be stored as ``git gc``: nobody types the backticks.
"""

from __future__ import annotations

import markdown

from ankismith.text import visible_text


def typed_answer(answer: str) -> str:
    """Return the text a learner would have to type for ``answer``, whitespace folded.

    Code spans, emphasis and links become their text. ``<`` is text here, not HTML: a
    learner types ``Vec<T>`` as it stands.
    """
    converter = markdown.Markdown()
    converter.preprocessors.deregister("html_block")
    converter.inlinePatterns.deregister("html")
    return visible_text(converter.convert(answer))
