r"""MathJax commands that run or load: refused wherever a card's math could hold them.

Anki typesets ``\(...\)`` and ``\[...\]`` with MathJax, whose TeX input has commands that
make links (``\href``, ``\url``), set styles, classes or ids (``\style`` may load a URL with
``url(...)``), load extensions (``\require``) or fonts (``\unicode``), or attach actions. None
of them belongs on a flashcard, so each one is an error, reported where it stands.
"""

from __future__ import annotations

import html
import re

COMMANDS = (
    "href",
    "url",
    "style",
    "class",
    "cssId",
    "data",
    "require",
    "unicode",
    "mmlToken",
    "toggle",
    "mathtip",
    "texttip",
)
"""TeX commands MathJax treats as links, styling, loading or actions."""

_CODE = re.compile(r"<(pre|code)\b.*?</\1\s*>", re.S | re.I)
_TAG = re.compile(r"<[^>]*>")
_COMMAND = re.compile(r"\\(" + "|".join(COMMANDS) + r")(?![A-Za-z])")


def unsafe_math(rendered: str) -> list[str]:
    r"""Return each refused MathJax command in rendered HTML (``\href``), in order, once.

    Code spans and blocks are left out: MathJax does not typeset them.
    """
    if "\\" not in rendered and "&" not in rendered:  # no backslash, nor an entity for one
        return []
    return _commands(rendered)


def _commands(rendered: str) -> list[str]:
    text = html.unescape(_TAG.sub(" ", _CODE.sub(" ", rendered)))
    return list(dict.fromkeys(f"\\{m.group(1)}" for m in _COMMAND.finditer(text)))
